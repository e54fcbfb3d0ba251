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

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::types::{Update, UpdateKind};
use teloxide::{Bot, RequestError};

use super::lanes::{Action, Lanes, Outgoing};
use super::{MAX_BACKOFF, redact};
use crate::chat::Channel;
use crate::chat::core::{Handlers, Inbound, RepliedTo, Said};
use crate::live::Live;
use crate::rules::Rules;
use crate::store::Origin;
use crate::store::Store;

/// Seconds a `getUpdates` call waits for news (below the HTTP client's 17 s timeout).
const POLL_SECONDS: u32 = 10;

/// How often the chats' command menus are checked against their links and the rules (a store
/// read of the links; only changes are sent).
const MENU_EVERY: Duration = Duration::from_secs(2);

/// Hours between two answers to a stranger's chat.
pub const STRANGER_HOURS: i64 = 1;

/// What handling an update needs.
struct Poller {
    rules: Live<Rules>,
    overrides: Live<Vec<crate::calendar::Override>>,
    store: Arc<dyn Store>,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    woken: Arc<tokio::sync::Notify>,
    lanes: Lanes,
    /// The menu last set in each Telegram chat.
    menus: Mutex<HashMap<i64, Vec<(String, String)>>>,
    /// The strangers' menu last set (Telegram's default scope).
    default_menu: Mutex<Option<Vec<(String, String)>>>,
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
    let poller = Arc::new(Poller {
        rules,
        overrides,
        store,
        now,
        woken,
        lanes,
        menus: Mutex::default(),
        default_menu: Mutex::default(),
    });
    {
        // Menus follow the links and the rules: checked now and every MENU_EVERY.
        let (poller, bot) = (poller.clone(), bot.clone());
        tokio::spawn(async move {
            loop {
                let p = poller.clone();
                if let Some(Some(strangers)) = blocking(move || p.refresh_menus()).await {
                    tokio::spawn(default_menu(bot.clone(), strangers));
                }
                tokio::time::sleep(MENU_EVERY).await;
            }
        });
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
    /// Brings every Telegram chat's command menu in line with its link (issue 17): a linked
    /// chat gets the menu of its member's role, which a reload of the rules may change; a chat
    /// whose link went (`toban unlink`, or the member left) gets the strangers' menu back.
    /// Only what changed since the last time is sent (the first time: every linked chat's, so
    /// a restart sets them all again). Returns the strangers' menu when it changed (for the
    /// default scope).
    fn refresh_menus(&self) -> Option<Vec<(String, String)>> {
        let (rules, overrides) = (self.rules.get(), self.overrides.get());
        let h = Handlers { rules: &rules, overrides: &overrides, store: &*self.store };
        let links = match self.store.links() {
            Ok(links) => links,
            Err(e) => {
                tracing::warn!("could not read the chat links to set their menus: {e}");
                return None;
            }
        };
        let now = (self.now)();
        let strangers = h.menu(None);
        let mut wanted: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        let mut broken = std::collections::HashSet::new();
        for link in links.iter().filter(|l| Channel::of(l.chat_id) == Channel::Telegram) {
            if link.broken.is_some() {
                broken.insert(link.chat_id);
                continue;
            }
            // A former member's chat gets the strangers' menu.
            let member = h.member(link.chat_id, link.user_id, now).ok().flatten();
            wanted.insert(link.chat_id, h.menu(member.as_deref()));
        }
        let mut set = self.menus.lock().unwrap_or_else(|p| p.into_inner());
        let unlinked: Vec<i64> = set
            .keys()
            .filter(|c| !wanted.contains_key(c) && !broken.contains(c))
            .copied()
            .collect();
        for chat in unlinked {
            wanted.insert(chat, strangers.clone());
        }
        for (chat, commands) in wanted {
            if set.get(&chat) == Some(&commands) {
                continue;
            }
            set.insert(chat, commands.clone());
            self.lanes.push(Outgoing { chat, action: Action::Menu { commands }, member: true });
        }
        drop(set);
        let mut default = self.default_menu.lock().unwrap_or_else(|p| p.into_inner());
        if default.as_ref() == Some(&strangers) {
            return None;
        }
        *default = Some(strangers.clone());
        Some(strangers)
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
        let origin = Origin::telegram(id);
        let (chat, user, private, said, message) = match &kind {
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
                    .and_then(|r| r.text())
                    .map(RepliedTo::Text);
                let said = Said::Text { text: m.text().unwrap_or(""), replied_to };
                (chat, user, m.chat.is_private(), said, None)
            }
            UpdateKind::CallbackQuery(q) => {
                let message = q.message.as_ref()?;
                let chat = message.chat().id.0;
                let said = Said::Press { data: q.data.as_deref().unwrap_or_default() };
                (chat, q.from.id.0, true, said, Some((q.id.clone(), message.id())))
            }
            _ => return None,
        };
        let event = Inbound { chat_id: chat, user_id: user, private, said, origin: Some(&origin) };
        let answer = h
            .handle(&event, now)
            .map_err(|e| tracing::warn!("could not answer an update: {e}"))
            .ok()?;
        let member = answer.member;
        let out = |action| Outgoing { chat, action, member };
        let mut answers = Vec::new();
        if let (Some((query, _)), Some(text)) = (&message, answer.toast) {
            answers.push(out(Action::Toast { query: query.clone(), text }));
        }
        for r in answer.replies {
            let action = Action::Text { text: r.text, buttons: r.buttons };
            answers.push(Outgoing { chat: r.chat_id, action, member });
        }
        if let (Some((_, message)), true) = (message, answer.done) {
            // The question is answered: take the buttons off the message.
            answers.push(out(Action::Unbutton { message }));
        }
        if let Some(commands) = answer.menu {
            // Linked just now (or to someone else): the menu of the member's role.
            self.menus.lock().unwrap_or_else(|p| p.into_inner()).insert(chat, commands.clone());
            answers.push(out(Action::Menu { commands }));
        }
        Some((chat, answers))
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
        if let Err(e) = self
            .store
            .forget_handled_before(now - chrono::Duration::hours(crate::chat::REMEMBER_HOURS))
        {
            tracing::warn!("could not forget old Telegram updates: {e}");
        }
        Some(now)
    }
}
