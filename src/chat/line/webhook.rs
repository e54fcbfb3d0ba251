//! LINE's webhook: `POST /line/webhook` on `serve`'s listener (LINE calls it over HTTPS, so a
//! TLS reverse proxy stands in front: README, "LINE").
//!
//! Key decisions:
//! - Nothing is read before the signature is checked: `X-Line-Signature` must be the base64 of
//!   the HMAC-SHA256 of the raw body under the channel secret, compared in constant time
//!   ([`signature_ok`]); missing or wrong → 401 and a log line, and no event is looked at.
//! - Every event is handled once, however often LINE delivers it (it redelivers when toban did
//!   not answer in time, or was restarted): its `webhookEventId` is stored as handled before its
//!   answer is sent, and an event whose id is stored is skipped. A stop between an effect and
//!   that record is covered as for Telegram: the effect is stored under the event's
//!   [`Origin`], and found there the second time.
//! - An event older than [`MAX_EVENT_AGE_HOURS`] (LINE's own `timestamp`, under the signature)
//!   is skipped: handled ids are forgotten after two days, and a replayed old request must not
//!   be handled again.
//! - The invitation code alone links (typing `/start` on a phone is a nuisance): a text that is
//!   a code is read as `/start CODE`.
//! - Only one-to-one chats: an event from a group or room gets the core's "private only" answer.
//! - A stranger is answered at most once an hour, as on Telegram.
//! - A text quoting a message (LINE's reply; the event names the quoted message's id only) is
//!   a reply to a call's 【受諾】 record when that id is one [`super::LineDevice`] kept when it
//!   pushed the record, as Telegram's reply to the record's text: the call's report.
//! - A tap on the rich menu or a quick reply is a postback `menu:/who` ([`super::menu`]),
//!   handled as the command typed. A chat linked just now is shown its role's rich menu, and
//!   the help carries the role's commands as quick replies.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use subtle::ConstantTimeEq;

use super::menu::{self, LineMenus};
use super::{LineClient, MAX_MESSAGES, message};
use crate::chat::LINE_BASE;
use crate::chat::core::{Handlers, Inbound, RepliedTo, Said};
use crate::chat::deliver::SendError;
use crate::chat::invite;
use crate::config::Secret;
use crate::live::Live;
use crate::msg::Message as _;
use crate::rules::Rules;
use crate::store::{Origin, Store};

/// Tries of an answer to a member (a stranger's is tried once).
pub const MEMBER_TRIES: u32 = 5;

/// Hours after which an event is too old to handle: handled events are remembered for 48
/// hours (`Store::forget_handled_before`), so a signed request replayed later than that would
/// otherwise be handled again. LINE redelivers well within a day.
pub const MAX_EVENT_AGE_HOURS: i64 = 24;

/// Days a pushed record's message id is kept (a quote of it is the call's report). A report
/// comes within hours or days of the call, but a doctor back from a night and a weekend, or a
/// call accepted before a holiday week, may answer later: 30 days covers those, and the ids
/// (a number and a call each, one per accepted call) cost next to nothing. After that the
/// record's quote is an ordinary message, and `/report N` still files the report.
pub const KEEP_RECORD_DAYS: i64 = 30;

/// Whether `header` (the request's `X-Line-Signature`) is the base64 of the HMAC-SHA256 of
/// `body` under `secret`. The comparison takes the same time wherever the bytes differ.
pub fn signature_ok(secret: &[u8], body: &[u8], header: Option<&[u8]>) -> bool {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let Some(header) = header else { return false };
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(header) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret) else { return false };
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    bool::from(expected.as_slice().ct_eq(&given))
}

/// What the webhook needs besides the rules and the store.
pub struct LineHook {
    client: Arc<LineClient>,
    menus: Arc<LineMenus>,
    secret: Secret,
    woken: Arc<tokio::sync::Notify>,
    /// Events being handled now (a redelivery racing the first delivery waits its turn out).
    in_flight: Mutex<HashSet<String>>,
    /// When old records' ids and handled events were last forgotten.
    forgot_at: Mutex<Option<DateTime<Utc>>>,
}

impl LineHook {
    /// The webhook of the channel with `secret`, answering with `client`; `woken` is told when
    /// an answer may have queued notices.
    pub fn new(
        client: Arc<LineClient>,
        secret: Secret,
        woken: Arc<tokio::sync::Notify>,
    ) -> LineHook {
        let menus = Arc::new(LineMenus::new(client.clone()));
        LineHook {
            client,
            menus,
            secret,
            woken,
            in_flight: Mutex::default(),
            forgot_at: Mutex::default(),
        }
    }

    /// The rich menus this hook shows (for [`menu::keep`]).
    pub fn menus(&self) -> Arc<LineMenus> {
        self.menus.clone()
    }
}

/// The rules, store and clock the webhook answers over.
#[derive(Clone)]
pub struct Over {
    /// The rules (one version per event).
    pub rules: Live<Rules>,
    /// Holiday overrides.
    pub overrides: Live<Vec<crate::calendar::Override>>,
    /// The store.
    pub store: Arc<dyn Store>,
    /// The adapter's clock.
    pub now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

/// How a webhook request ended, as an HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 200: taken (answers are on their way).
    Taken,
    /// 401: no or a wrong signature.
    Unsigned,
    /// 400: signed, but not a webhook body.
    Unreadable,
}

/// Takes one webhook request: checks its signature, handles its events in order, and sends
/// their answers in the background.
pub async fn receive(
    hook: Arc<LineHook>,
    over: Over,
    signature: Option<Vec<u8>>,
    body: &[u8],
) -> Outcome {
    if !signature_ok(hook.secret.expose().as_bytes(), body, signature.as_deref()) {
        let what = if signature.is_some() { "a wrong" } else { "no" };
        tracing::warn!("LINE webhook: refused a request with {what} X-Line-Signature (401)");
        return Outcome::Unsigned;
    }
    let Ok(payload) = serde_json::from_slice::<Value>(body) else {
        tracing::warn!("LINE webhook: a signed request that is not JSON (400)");
        return Outcome::Unreadable;
    };
    let events = payload["events"].as_array().cloned().unwrap_or_default();
    let h = hook.clone();
    let answers = tokio::task::spawn_blocking(move || {
        let answers = events.iter().filter_map(|e| handle(&h, &over, e)).collect::<Vec<_>>();
        forget_old_records(&h, &over);
        answers
    })
    .await
    .unwrap_or_else(|e| {
        tracing::warn!("LINE webhook: an event could not be handled: {e}");
        Vec::new()
    });
    hook.woken.notify_one();
    let (client, menus) = (hook.client.clone(), hook.menus.clone());
    tokio::spawn(async move {
        for a in answers {
            let shown = a.user.clone().zip(a.menu);
            send(&client, a).await;
            if let Some((user, wanted)) = shown
                && let Err(e) = menus.show(&user, wanted).await
            {
                // The next round of `menu::keep` tries again.
                tracing::warn!("could not show a LINE account its menu: {e:?}");
            }
        }
    });
    Outcome::Taken
}

/// The answer to one event, to send.
struct Outgoing {
    reply_token: Option<String>,
    user: Option<String>,
    messages: Vec<Value>,
    member: bool,
    /// The rich menu to show now (the chat was linked just now): a role's, or none.
    menu: Option<Option<(crate::msg::reply::Role, crate::rules::Language)>>,
}

/// Once an hour, forgets the records' ids kept more than [`KEEP_RECORD_DAYS`] ago, and the
/// handled events (with the origins and strangers' answers) older than
/// [`crate::chat::REMEMBER_HOURS`]: the Telegram poller forgets those too, but a deployment
/// may run LINE alone.
fn forget_old_records(hook: &LineHook, over: &Over) {
    let now = (over.now)();
    let mut forgot_at = hook.forgot_at.lock().unwrap_or_else(|p| p.into_inner());
    if forgot_at.is_some_and(|at| (now - at).abs() < chrono::Duration::hours(1)) {
        return;
    }
    *forgot_at = Some(now);
    let before = now - chrono::Duration::days(KEEP_RECORD_DAYS);
    if let Err(e) = over.store.forget_line_records_before(before) {
        tracing::warn!("could not forget old LINE records' ids: {e}");
    }
    let handled = now - chrono::Duration::hours(crate::chat::REMEMBER_HOURS);
    if let Err(e) = over.store.forget_handled_before(handled) {
        tracing::warn!("could not forget old LINE events: {e}");
    }
}

/// Handles one event unless it was handled before; records it handled; returns its answer.
fn handle(hook: &LineHook, over: &Over, event: &Value) -> Option<Outgoing> {
    let id = event["webhookEventId"].as_str().map(str::to_string);
    let sent = event["timestamp"].as_i64().and_then(DateTime::from_timestamp_millis);
    if let Some(sent) = sent
        && (over.now)() - sent > chrono::Duration::hours(MAX_EVENT_AGE_HOURS)
    {
        tracing::warn!("LINE event {} is older than a day; skipped", id.as_deref().unwrap_or("?"));
        return None;
    }
    if let Some(id) = &id {
        match over.store.line_event_handled(id) {
            Ok(true) => {
                tracing::warn!("LINE event {id} was handled before; skipped");
                return None;
            }
            Ok(false) => {}
            Err(e) => tracing::warn!("could not look up LINE event {id}: {e}"),
        }
        if !hook.in_flight.lock().unwrap_or_else(|p| p.into_inner()).insert(id.clone()) {
            tracing::warn!("LINE event {id} is being handled already; skipped");
            return None;
        }
    }
    let answer = answer(over, event, id.as_deref());
    if let Some(id) = &id {
        if let Err(e) = over.store.mark_line_event_handled(id, (over.now)()) {
            tracing::warn!("could not record LINE event {id} as handled: {e}");
        }
        hook.in_flight.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
    }
    answer
}

fn answer(over: &Over, event: &Value, id: Option<&str>) -> Option<Outgoing> {
    let store = &*over.store;
    let now = (over.now)();
    let user = (event["source"]["type"] == "user")
        .then(|| event["source"]["userId"].as_str())
        .flatten()
        .map(str::to_string);
    let chat = match &user {
        Some(u) => store
            .line_chat(u)
            .map_err(|e| tracing::warn!("could not number a LINE chat: {e}"))
            .ok()?,
        // A group or a room: nobody's chat.
        None => LINE_BASE,
    };
    let text: String;
    let said = match event["type"].as_str() {
        Some("message") => {
            let t = event["message"]["text"].as_str().unwrap_or("").trim();
            text = if invite::looks_like_code(t) { format!("/start {t}") } else { t.to_string() };
            Said::Text { text: &text, replied_to: quoted_record(store, &event["message"]) }
        }
        Some("postback") => {
            let data = event["postback"]["data"].as_str().unwrap_or("");
            match menu::command_of(data) {
                // A tap on the menu or a quick reply: the command, as if typed.
                Some(command) => Said::Text { text: command, replied_to: None },
                None => Said::Press { data },
            }
        }
        // Added as a friend: a stranger learns how to register, a member gets the help.
        Some("follow") => Said::Text { text: "", replied_to: None },
        Some("unfollow") => {
            // The member blocked the bot: their LINE link is broken, as a blocked Telegram chat.
            // The admins are told once, as when a delivery finds a Telegram chat blocked.
            if let Ok(Some(link)) = store.link_of_chat(chat) {
                // The path of a delivery that finds a chat gone; the reason a tag the catalogue
                // words (msg::link), not English in a Japanese alert.
                let rules = over.rules.get();
                let desk = crate::desk::Desk { rules: &rules, store };
                let why = crate::msg::link::UNFOLLOWED;
                if let Err(e) = desk.break_link(&link.member, chat, why, now) {
                    tracing::warn!("could not mark a blocked LINE link broken: {e}");
                }
            }
            return None;
        }
        _ => return None,
    };
    let (rules, overrides) = (over.rules.get(), over.overrides.get());
    let h = Handlers { rules: &rules, overrides: &overrides, store };
    let origin = id.map(Origin::line);
    let event_in = Inbound {
        chat_id: chat,
        user_id: chat.unsigned_abs(),
        private: user.is_some(),
        said,
        origin: origin.as_ref(),
    };
    let answer = h
        .handle(&event_in, now)
        .map_err(|e| tracing::warn!("could not answer a LINE event: {e}"))
        .ok()?;
    if !answer.member {
        match store.stranger_reply_due(chat, now, chrono::Duration::hours(1)) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                tracing::warn!("could not look up when a stranger was answered: {e}");
                return None;
            }
        }
    }
    // No toast on LINE: the short notice is a message of its own, before the rest.
    let mut messages: Vec<Value> =
        answer.toast.filter(|t| !t.is_empty()).map(|t| message(&t, &[])).into_iter().collect();
    messages.extend(answer.replies.iter().map(|r| message(&r.text, &r.buttons)));
    let lang = rules.association.language;
    let role = match answer.member {
        true => h.member(chat, chat.unsigned_abs(), now).ok().flatten(),
        false => None,
    }
    .and_then(|m| rules.member(&m).map(|m| crate::msg::reply::Role::from(m.role)));
    if let (Some(role), Some(last)) = (role, answer.replies.last()) {
        // The help (asked for, or after linking): its commands as buttons to tap.
        let help = crate::msg::reply::Reply::Help(role).render(lang);
        if last.text.ends_with(&help)
            && let Some(m) = messages.last_mut()
        {
            m["quickReply"] = menu::quick_reply(role, lang);
        }
    }
    let menu = answer.menu.is_some().then(|| role.map(|r| (r, lang)));
    let reply_token = event["replyToken"].as_str().map(str::to_string);
    Some(Outgoing { reply_token, user, messages, member: answer.member, menu })
}

/// The call whose 【受諾】 record a text `message` quotes (`quotedMessageId`: LINE's reply),
/// if it quotes one whose id was kept when it was pushed ([`super::LineDevice`]). A quote of
/// anything else is no reply to a record, as on Telegram.
fn quoted_record<'t>(store: &dyn Store, message: &Value) -> Option<RepliedTo<'t>> {
    let quoted = message["quotedMessageId"].as_str()?;
    match store.line_record(quoted) {
        Ok(call) => call.map(RepliedTo::Record),
        Err(e) => {
            tracing::warn!("could not look up the quoted LINE message {quoted}: {e}");
            None
        }
    }
}

/// Sends one event's answer: by its reply token, else (or if that fails) pushed, tried
/// [`MEMBER_TRIES`] times for a member, once for a stranger.
async fn send(client: &LineClient, out: Outgoing) {
    let mut token = out.reply_token;
    for chunk in out.messages.chunks(MAX_MESSAGES) {
        if let Some(t) = token.take() {
            match client.reply(&t, chunk).await {
                Ok(()) => continue,
                Err(e) => tracing::info!("LINE reply failed ({}); pushing instead", why(&e)),
            }
        }
        let Some(user) = &out.user else { return };
        let tries = if out.member { MEMBER_TRIES } else { 1 };
        let mut backoff = Duration::from_millis(500);
        for attempt in 1..=tries {
            let wait = match client.push(user, chunk).await {
                Ok(_) => break,
                Err(SendError::NotNow(why, after)) => {
                    tracing::warn!("could not answer on LINE (try {attempt} of {tries}): {why}");
                    after.unwrap_or(backoff)
                }
                Err(e) => {
                    tracing::warn!("could not answer on LINE: {}", why(&e));
                    break;
                }
            };
            if attempt < tries {
                tokio::time::sleep(wait).await;
                backoff *= 2;
            }
        }
    }
}

fn why(e: &SendError) -> &str {
    match e {
        SendError::Gone(w) | SendError::Refused(w) | SendError::NotNow(w, _) => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use hmac::{Hmac, Mac};

    fn sign(secret: &str, body: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()).into_bytes()
    }

    #[test]
    fn only_the_hmac_of_the_exact_body_under_the_channel_secret_passes() {
        let body = br#"{"destination":"U0","events":[]}"#;
        let good = sign("secret", body);
        assert!(signature_ok(b"secret", body, Some(&good)));
        assert!(!signature_ok(b"secret", body, None), "missing");
        assert!(!signature_ok(b"other", body, Some(&good)), "another channel's secret");
        assert!(!signature_ok(b"secret", br#"{"destination":"U0","events":[ ]}"#, Some(&good)));
        assert!(!signature_ok(b"secret", body, Some(b"not base64!")), "garbage");
        assert!(!signature_ok(b"secret", body, Some(b"")), "empty");
        // A prefix of the right signature is not the signature.
        assert!(!signature_ok(b"secret", body, Some(&sign("secret", body)[..20])));
    }
}
