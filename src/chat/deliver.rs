//! Delivering the outbox to every linked chat of a member, on every channel (issue 19): a
//! member may have Telegram and LINE, and several devices of each; every notice goes to each of
//! them, with the same buttons ([`crate::chat::core::notice_buttons`]), and an answer from any
//! counts once (the desk settles a call or a request once, whoever presses first).
//!
//! Key decisions:
//! - A channel is a [`Device`]: it sends one text with buttons to one chat and says how it
//!   failed ([`SendError`]). The rules of delivery are here once, for all channels.
//! - Delivered if any device got it; the devices a channel says are gone are reported broken
//!   (their links are marked, the admins told); nobody got it: retried while a device may get
//!   it later (429, 5xx, network), else permanent (the fallback delivers).
//! - A member with no working link on a channel that is on gets [`Failure::NoRoute`]: the
//!   delivery manager uses the console, so nothing is silently dropped.
//! - With no chat channel on, every notice goes to the console ([`ChatNotifier::with_console`])
//!   as it would without this notifier; the webhooks are [`Live`], replaced when the rules are
//!   reloaded (issue 19), so a webhook added to the rules while `serve` runs is posted to even
//!   when `serve` started with no channel and no webhook.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::Channel;
use crate::live::Live;
use crate::notify::webhook::Webhooks;
use crate::notify::{Delivered, Failure, Notifier, NotifyError, Route};
use crate::routing::Notice;
use crate::rules::Rules;
use crate::store::Store;

/// How one send to one chat failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// This chat will never be reached again (blocked, gone, deactivated): its link is broken.
    Gone(String),
    /// This message was refused (a 400): no retry, the fallback.
    Refused(String),
    /// It may pass later (429 with how long to wait, 5xx, network, timeouts).
    NotNow(String, Option<Duration>),
}

/// A channel's way of sending one message to one chat.
pub trait Device: Send + Sync {
    /// Sends `text` with `buttons` (rows of (label, data)) to chat `chat`; `record_of` is the
    /// call `text` is the 【受諾】 record of, if it is one (a reply to it is the call's report:
    /// a channel whose replies name the message by id, LINE, keeps the id it was sent as).
    ///
    /// # Errors
    /// How it failed (never a secret in the text).
    fn send(
        &self,
        chat: i64,
        text: &str,
        buttons: &[Vec<(String, String)>],
        record_of: Option<crate::routing::CallId>,
    ) -> Result<(), SendError>;
}

/// Delivers notices to every working chat of their member, on each channel that is on.
pub struct ChatNotifier {
    channels: HashMap<Channel, Arc<dyn Device>>,
    store: Arc<dyn Store>,
    rules: Live<Rules>,
    webhooks: Live<Webhooks>,
    console: Option<Arc<dyn Notifier>>,
}

impl ChatNotifier {
    /// A notifier over `store`, without a channel yet, reading `rules` as they are at each
    /// delivery (a reload replaces them).
    pub fn new(store: Arc<dyn Store>, rules: Live<Rules>) -> ChatNotifier {
        ChatNotifier {
            channels: HashMap::new(),
            store,
            rules,
            webhooks: Live::new(Arc::new(Webhooks::default())),
            console: None,
        }
    }

    /// The same, sending to the chats of `channel` with `device`.
    pub fn with(mut self, channel: Channel, device: Arc<dyn Device>) -> ChatNotifier {
        self.channels.insert(channel, device);
        self
    }

    /// The same, also posting to `webhooks` (as they are whenever a notice is routed).
    pub fn with_webhooks(mut self, webhooks: Live<Webhooks>) -> ChatNotifier {
        self.webhooks = webhooks;
        self
    }

    /// The same, printing every notice on `console` while no chat channel is on.
    pub fn with_console(mut self, console: Arc<dyn Notifier>) -> ChatNotifier {
        self.console = Some(console);
        self
    }

    /// Whether no channel is on and no webhook configured.
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty() && self.webhooks.get().is_empty()
    }
}

impl ChatNotifier {
    fn send_one(&self, chat: i64, notice: &Notice, text: &str) -> Result<Delivered, NotifyError> {
        let to = notice.to.to_string();
        let Some(device) = self.channels.get(&Channel::of(chat)) else {
            return Err(NotifyError {
                to,
                why: format!("{} is off", Channel::of(chat).name()),
                failure: Failure::NoRoute,
                broken: Vec::new(),
                status: None,
            });
        };
        let buttons = super::core::notice_buttons(&self.rules.get(), notice);
        let (why, failure, broken) =
            match device.send(chat, text, &buttons, notice.body.record_of()) {
                Ok(()) => return Ok(Delivered::default()),
                Err(SendError::Gone(why)) => (why.clone(), Failure::Permanent, vec![(chat, why)]),
                Err(SendError::Refused(why)) => (why, Failure::Permanent, Vec::new()),
                Err(SendError::NotNow(why, retry_after)) => {
                    (why, Failure::Transient { retry_after }, Vec::new())
                }
            };
        Err(NotifyError { to, why, failure, broken, status: None })
    }
}

impl Notifier for ChatNotifier {
    /// Each working chat of the member on a channel that is on is a route; none: the fallback.
    /// The webhooks of the rules for this member and kind of notice are routes too; a notice
    /// queued for one webhook alone (a delayed one that fired) takes that route only.
    fn routes(&self, notice: &Notice) -> Result<Vec<Route>, NotifyError> {
        let webhooks = self.webhooks.get();
        if let Some(id) = crate::notify::route::webhook_only(&notice.key) {
            return Ok(webhooks.route(id).into_iter().collect());
        }
        if self.channels.is_empty() && self.console.is_some() {
            let mut routes = vec![Route::All];
            routes.extend(webhooks.routes_now(notice));
            return Ok(routes);
        }
        let to = notice.to.to_string();
        let links = self
            .store
            .links_of(&notice.to)
            .map_err(|e| NotifyError::transient(&to, e.to_string()))?;
        let mut routes: Vec<Route> = links
            .iter()
            .filter(|l| l.broken.is_none() && self.channels.contains_key(&Channel::of(l.chat_id)))
            .map(|l| Route::Chat(l.chat_id))
            .collect();
        if routes.is_empty() {
            routes.push(Route::Fallback);
        }
        routes.extend(webhooks.routes_now(notice));
        Ok(routes)
    }

    fn delayed(&self, notice: &Notice) -> Vec<(String, u32)> {
        self.webhooks.get().delayed(notice)
    }

    fn deliver_via(
        &self,
        route: &Route,
        notice: &Notice,
        text: &str,
    ) -> Result<Delivered, NotifyError> {
        match route {
            Route::Chat(chat) => self.send_one(*chat, notice, text),
            Route::Webhook(id) => self.webhooks.get().deliver(&self.rules.get(), id, notice, text),
            Route::All => self.deliver(notice, text),
            Route::Fallback => Err(NotifyError {
                to: notice.to.to_string(),
                why: "no working chat link".into(),
                failure: Failure::NoRoute,
                broken: Vec::new(),
                status: None,
            }),
        }
    }

    /// Sends to every working chat of the member: delivered if one of them got it.
    fn deliver(&self, notice: &Notice, text: &str) -> Result<Delivered, NotifyError> {
        if let (true, Some(console)) = (self.channels.is_empty(), &self.console) {
            return console.deliver(notice, text);
        }
        let to = notice.to.to_string();
        let links = self
            .store
            .links_of(&notice.to)
            .map_err(|e| NotifyError::transient(&to, e.to_string()))?;
        let devices: Vec<(i64, &Arc<dyn Device>)> = links
            .iter()
            .filter(|l| l.broken.is_none())
            .filter_map(|l| self.channels.get(&Channel::of(l.chat_id)).map(|d| (l.chat_id, d)))
            .collect();
        if devices.is_empty() {
            return Err(NotifyError {
                to,
                why: "no working chat link".into(),
                failure: Failure::NoRoute,
                broken: Vec::new(),
                status: None,
            });
        }
        let buttons = super::core::notice_buttons(&self.rules.get(), notice);
        let (mut delivered, mut broken, mut refused, mut retry) = (false, Vec::new(), None, None);
        for (chat, device) in devices {
            match device.send(chat, text, &buttons, notice.body.record_of()) {
                Ok(()) => delivered = true,
                Err(SendError::Gone(why)) => broken.push((chat, why)),
                Err(SendError::Refused(why)) => refused = Some(why),
                Err(SendError::NotNow(why, after)) => retry = Some((why, after)),
            }
        }
        if delivered {
            return Ok(Delivered { broken });
        }
        // Nobody got it: retry while a device may still get it later; else it never will.
        let (why, failure) = match (retry, refused) {
            (Some((why, retry_after)), _) => (why, Failure::Transient { retry_after }),
            (None, Some(why)) => (why, Failure::Permanent),
            (None, None) => {
                let why = broken.first().map(|(_, w)| w.clone()).unwrap_or_default();
                (why, Failure::Permanent)
            }
        };
        Err(NotifyError { to, why, failure, broken, status: None })
    }
}
