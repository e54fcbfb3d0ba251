//! Long-polling the Telegram Bot API for messages and button presses, answering them with
//! [`Handlers`], and handing the answers to the chats' lanes ([`super::lanes`]).
//!
//! Key decisions:
//! - Polling, not a webhook: no public HTTPS endpoint is needed.
//! - Every update is handled once, however often Telegram delivers it (it delivers an update
//!   again when toban stopped before storing the offset). A handled update's id is stored before
//!   its answer is sent, and an update whose id is stored is skipped. A stop between a
//!   handler's effect and that record is covered by the effect itself, which is stored under the
//!   update's origin ([`Handlers::update_message`]). So the offset is stored after each batch,
//!   only to spare Telegram the work.
//! - This loop never sends: answers go to per-chat lanes, so a chat that Telegram slows down
//!   (429) or a slow request holds up no other update. Members' updates in a batch are handled
//!   before strangers'.
//! - A stranger (nobody linked in that chat) is answered at most once an hour, kept in the store
//!   so that a restart does not reset it, and that answer is tried once, never again.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::types::{Update, UpdateKind};
use teloxide::{Bot, RequestError};

use super::handlers::Handlers;
use super::lanes::{Action, Lanes, Outgoing};
use super::telegram::{MAX_BACKOFF, redact};
use crate::live::Live;
use crate::rules::Rules;
use crate::store::Store;

/// Seconds a `getUpdates` call waits for news (below the HTTP client's 17 s timeout).
const POLL_SECONDS: u32 = 10;

/// Hours between two answers to a stranger's chat.
pub const STRANGER_HOURS: i64 = 1;

/// Hours handled updates, origins and strangers' answers are remembered (Telegram keeps an
/// update for at most a day).
const REMEMBER_HOURS: i64 = 48;

/// What handling an update needs.
struct Poller {
    rules: Live<Rules>,
    overrides: Live<Vec<crate::calendar::Override>>,
    store: Arc<dyn Store>,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    woken: Arc<tokio::sync::Notify>,
    lanes: Lanes,
}

/// Polls for updates until the task is dropped, answering each with [`Handlers`]. `now` is the
/// adapter's clock; `woken` is told when an answer may have queued notices.
pub async fn poll(
    bot: Bot,
    rules: Live<Rules>,
    overrides: Live<Vec<crate::calendar::Override>>,
    store: Arc<dyn Store>,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    woken: Arc<tokio::sync::Notify>,
) {
    let lanes = Lanes::new(bot.clone(), tokio::runtime::Handle::current());
    let poller = Arc::new(Poller { rules, overrides, store, now, woken, lanes });
    let p = poller.clone();
    if let Some(strangers) = blocking(move || p.menus()).await {
        tokio::spawn(default_menu(bot.clone(), strangers));
    }
    let mut offset = poller.store.telegram_offset().ok().flatten().unwrap_or(0);
    let mut backoff = Duration::from_secs(1);
    let mut forgot_at: Option<DateTime<Utc>> = None;
    loop {
        let updates = match bot.get_updates().offset(offset).timeout(POLL_SECONDS).await {
            Ok(u) => {
                backoff = Duration::from_secs(1);
                u
            }
            Err(RequestError::RetryAfter(s)) => {
                tokio::time::sleep(s.duration()).await;
                continue;
            }
            Err(e) => {
                tracing::warn!(
                    "Telegram getUpdates failed: {}; retrying in {} s",
                    redact(&bot, &e),
                    backoff.as_secs()
                );
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        let Some(last) = updates.iter().map(|u| u.id.0).max() else { continue };
        let p = poller.clone();
        let ordered = blocking(move || p.members_first(updates)).await.unwrap_or_default();
        for update in ordered {
            let p = poller.clone();
            // One task each, so that a handler that fails or panics stops only its update.
            if blocking(move || p.handle(update)).await.is_none() {
                tracing::warn!("an update could not be handled");
            }
        }
        offset = last as i32 + 1;
        let p = poller.clone();
        forgot_at = blocking(move || p.after_batch(offset, forgot_at)).await.flatten();
    }
}

/// Sets the menu of chats nobody is linked to (Telegram's default scope), tried a few times.
async fn default_menu(bot: Bot, commands: Vec<(String, String)>) {
    use teloxide::payloads::SetMyCommandsSetters;
    use teloxide::types::BotCommandScope;
    let mut backoff = Duration::from_secs(1);
    for _ in 0..5 {
        let request = bot.set_my_commands(super::lanes::bot_commands(&commands));
        match request.scope(BotCommandScope::Default).await {
            Ok(_) => return,
            Err(e) => tracing::warn!("could not set the bot's command menu: {}", redact(&bot, &e)),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Runs `f` on the blocking pool (the store's calls block); `None` if it panicked.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

impl Poller {
    /// Queues each linked chat's menu (of its member's role) and returns the menu of everyone
    /// else (strangers: `/start`, `/help`). A chat unlinked by `toban unlink` keeps the menu it
    /// had: its commands then get the strangers' refusal.
    fn menus(&self) -> Vec<(String, String)> {
        let (rules, overrides) = (self.rules.get(), self.overrides.get());
        let h = Handlers { rules: &rules, overrides: &overrides, store: &*self.store };
        let links = self.store.links().unwrap_or_else(|e| {
            tracing::warn!("could not read the chat links to set their menus: {e}");
            Vec::new()
        });
        let now = (self.now)();
        for link in links.iter().filter(|l| l.broken.is_none()) {
            // A former member's chat gets the strangers' menu.
            let member = h.member(link.chat_id, link.user_id, now).ok().flatten();
            let commands = h.menu(member.as_deref());
            self.lanes.push(Outgoing {
                chat: link.chat_id,
                action: Action::Menu { commands },
                member: true,
            });
        }
        h.menu(None)
    }

    /// The batch with the updates of chats linked to a member first, each chat's in order.
    fn members_first(&self, updates: Vec<Update>) -> Vec<Update> {
        let linked = |u: &Update| {
            u.chat().is_some_and(|c| matches!(self.store.link_of_chat(c.id.0), Ok(Some(_))))
        };
        let (members, strangers): (Vec<Update>, Vec<Update>) =
            updates.into_iter().partition(linked);
        members.into_iter().chain(strangers).collect()
    }

    /// Handles `update` unless it was handled before, records it handled, then queues its
    /// answers.
    fn handle(&self, update: Update) {
        let id = u64::from(update.id.0);
        match self.store.update_handled(id) {
            Ok(true) => {
                tracing::warn!("Telegram update {id} was handled before; skipped");
                return;
            }
            Ok(false) => {}
            Err(e) => tracing::warn!("could not look up Telegram update {id}: {e}"),
        }
        let now = (self.now)();
        let Some((chat, answers)) = self.answers(id, update.kind, now) else { return };
        self.woken.notify_one();
        if let Err(e) = self.store.mark_update_handled(id, now) {
            tracing::warn!("could not record Telegram update {id} as handled: {e}");
        }
        let Some(first) = answers.first() else { return };
        if !first.member {
            match self.store.stranger_reply_due(chat, now, chrono::Duration::hours(STRANGER_HOURS))
            {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    tracing::warn!("could not look up when a stranger was answered: {e}");
                    return;
                }
            }
        }
        for out in answers {
            self.lanes.push(out);
        }
    }

    /// The answers to an update of kind `kind` (the update `id`), in the update's chat; `None`
    /// if it could not be handled (logged).
    fn answers(
        &self,
        id: u64,
        kind: UpdateKind,
        now: DateTime<Utc>,
    ) -> Option<(i64, Vec<Outgoing>)> {
        // One version of the rules for the whole update (they may be reloaded meanwhile).
        let (rules, overrides) = (self.rules.get(), self.overrides.get());
        let h = Handlers { rules: &rules, overrides: &overrides, store: &*self.store };
        match kind {
            UpdateKind::Message(m) => {
                let chat = m.chat.id.0;
                let Some(user) = m.from.as_ref().map(|u| u.id.0) else {
                    return Some((chat, Vec::new()));
                };
                // The text of the bot's own message this one replies to (the record of a call,
                // whose reply is its report).
                let replied_to = m
                    .reply_to_message()
                    .filter(|r| r.from.as_ref().is_some_and(|u| u.is_bot))
                    .and_then(|r| r.text());
                let incoming = super::handlers::Incoming {
                    chat_id: chat,
                    user_id: user,
                    private: m.chat.is_private(),
                    text: m.text().unwrap_or(""),
                    replied_to,
                };
                let private = incoming.private;
                let before = h.member(chat, user, now).ok().flatten();
                let replies = h
                    .update_incoming(id, &incoming, now)
                    .map_err(|e| tracing::warn!("could not answer a message: {e}"))
                    .ok()?;
                // Asked after the answer: a welcome to a chat linked just now is a member's.
                let after = h.member(chat, user, now).ok().flatten();
                let member = private && after.is_some();
                let mut answers: Vec<Outgoing> = replies
                    .into_iter()
                    .map(|r| Outgoing {
                        chat: r.chat_id,
                        action: Action::Text { text: r.text, buttons: r.buttons },
                        member,
                    })
                    .collect();
                // Linked just now (or to someone else): the menu of the member's role.
                if member && after != before {
                    let commands = h.menu(after.as_deref());
                    answers.push(Outgoing { chat, action: Action::Menu { commands }, member });
                }
                Some((chat, answers))
            }
            UpdateKind::CallbackQuery(q) => {
                let message = q.message.as_ref()?;
                let (chat, message_id) = (message.chat().id.0, message.id());
                let (user, data) = (q.from.id.0, q.data.clone().unwrap_or_default());
                let pressed = h
                    .update_button(id, chat, user, &data, now)
                    .map_err(|e| tracing::warn!("could not handle a button: {e}"))
                    .ok()?;
                let member = matches!(h.member(chat, user, now), Ok(Some(_)));
                let out = |action| Outgoing { chat, action, member };
                let mut answers = vec![out(Action::Toast { query: q.id, text: pressed.toast })];
                if let Some(r) = pressed.reply {
                    answers.push(out(Action::Text { text: r.text, buttons: r.buttons }));
                }
                if pressed.done {
                    // The question is answered: take the buttons off the message.
                    answers.push(out(Action::Unbutton { message: message_id }));
                }
                Some((chat, answers))
            }
            _ => None,
        }
    }

    /// Stores the offset, and once an hour forgets what is too old to come again. Returns when
    /// it last forgot.
    fn after_batch(&self, offset: i32, forgot_at: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        if let Err(e) = self.store.set_telegram_offset(offset) {
            tracing::warn!("could not store the Telegram offset: {e}");
        }
        let now = (self.now)();
        if forgot_at.is_some_and(|at| (now - at).abs() < chrono::Duration::hours(1)) {
            return forgot_at;
        }
        if let Err(e) =
            self.store.forget_telegram_before(now - chrono::Duration::hours(REMEMBER_HOURS))
        {
            tracing::warn!("could not forget old Telegram updates: {e}");
        }
        Some(now)
    }
}
