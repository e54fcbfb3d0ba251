//! What the bot answers on every channel, as plain functions over the rules and the store: an
//! [`Inbound`] event (a private message or a button press) in, an [`Answered`] out. No channel's
//! types and no network here, so every answer is tested without a bot; each adapter (Telegram's
//! poller, LINE's webhook) turns its channel's events into [`Inbound`] and sends the [`Answered`]
//! as its channel can (a toast on Telegram is a short message on LINE).
//!
//! Key decisions:
//! - Unlinked users get one polite refusal and nothing else: not who is on duty, not whether a
//!   code was nearly right.
//! - Link codes are single-use and expire; failed attempts are counted per Telegram user, and
//!   after [`MAX_FAILURES`] in an hour every attempt is refused without looking the code up.
//! - A button press is checked against the chat's link *and* the Telegram user who made it, so a
//!   forwarded message's buttons do nothing for anyone else.
//! - Anything not understood gets a short help answer: never silence.

use chrono::{DateTime, Duration, Utc};

use crate::desk::{Answer, Desk, DeskError};
use crate::msg::reply::{self, Reply as Say};
use crate::msg::{Message, When};
use crate::routing::Refusal;
use crate::rules::{MemberRole, Rules};
use crate::store::{Origin, Store, StoreError};

/// Failed link attempts allowed per Telegram user and hour.
pub const MAX_FAILURES: u32 = 5;

/// The longest message text read (characters): Telegram's own limit for a message.
pub const MAX_TEXT: usize = 4096;

/// A message to send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The chat.
    pub chat_id: i64,
    /// The text.
    pub text: String,
    /// Buttons under the message, in rows: (label, callback data).
    pub buttons: Vec<Vec<(String, String)>>,
}

/// The answer to a button press: a short notice on the presser's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressed {
    /// Shown briefly to the presser.
    pub toast: String,
    /// Whether the buttons should be removed from the message (the answer was taken).
    pub done: bool,
    /// A message to send next (the next step of a picker).
    pub reply: Option<Reply>,
}

/// A message as the bot reads it.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'t> {
    /// The chat.
    pub chat_id: i64,
    /// The Telegram user who wrote it.
    pub user_id: u64,
    /// Whether the chat is one-to-one with the bot.
    pub private: bool,
    /// The text.
    pub text: &'t str,
    /// The bot's message this one replies to, if any.
    pub replied_to: Option<RepliedTo<'t>>,
}

/// The bot's message a message replies to, as its channel knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepliedTo<'t> {
    /// Its text (Telegram passes the replied-to message).
    Text(&'t str),
    /// The call it is the record of (LINE passes only the quoted message's id; the webhook
    /// finds the call it was kept for, [`crate::store::ChatLinks::line_record`]).
    Record(crate::routing::CallId),
}

impl RepliedTo<'_> {
    /// The call whose 【受諾】 record this is, if it is one.
    fn record_call(self) -> Option<crate::routing::CallId> {
        match self {
            RepliedTo::Text(text) => calls::record_call(text),
            RepliedTo::Record(call) => Some(call),
        }
    }
}

/// What a member did in a chat, as every channel has it.
#[derive(Debug, Clone, Copy)]
pub enum Said<'t> {
    /// A message.
    Text {
        /// The text.
        text: &'t str,
        /// The bot's message this one replies to, if any.
        replied_to: Option<RepliedTo<'t>>,
    },
    /// A press of a button (Telegram's callback, LINE's postback) with its data.
    Press {
        /// The button's data, as [`Reply::buttons`] gave it.
        data: &'t str,
    },
}

/// An event from a chat on any channel.
#[derive(Debug, Clone, Copy)]
pub struct Inbound<'t> {
    /// The chat, as the store numbers it ([`crate::chat::Channel::of`] tells its channel).
    pub chat_id: i64,
    /// The account that wrote or pressed.
    pub user_id: u64,
    /// Whether the chat is one-to-one with the bot.
    pub private: bool,
    /// What it did.
    pub said: Said<'t>,
    /// The channel's name of this event (a Telegram update, a LINE webhook event), under which
    /// its effects are stored once however often it is delivered; `None` for none.
    pub origin: Option<&'t Origin>,
}

/// The answer to an [`Inbound`] event, for the adapter to send as its channel can.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answered {
    /// Messages to send, in order (with their buttons).
    pub replies: Vec<Reply>,
    /// A short notice for the presser of a button.
    pub toast: Option<String>,
    /// Whether the pressed message's buttons should go (its question is answered).
    pub done: bool,
    /// The chat's new command menu (the chat was linked just now, or to someone else).
    pub menu: Option<Vec<(String, String)>>,
    /// Whether the chat is a current member's (answers are tried again; a stranger's once).
    pub member: bool,
}

/// The bot's answers over `rules` and `store`.
pub struct Handlers<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// Holiday overrides (for judging swaps against the hard rules).
    pub overrides: &'a [crate::calendar::Override],
    /// The store.
    pub store: &'a dyn Store,
}

impl Handlers<'_> {
    /// A reply of the catalogue in the association's language.
    fn say(&self, r: Say) -> String {
        r.render(self.rules.association.language)
    }

    /// An instant in the association's zone, as a message argument.
    fn when(&self, t: DateTime<Utc>) -> When {
        When(t.with_timezone(&self.rules.association.tz))
    }

    /// Member `id` as a reply names them (「…先生」 for a doctor).
    fn person(&self, id: &str) -> reply::Person {
        reply::Person {
            name: self.rules.name_of(id).to_string(),
            doctor: self.rules.member(id).is_some_and(|m| m.role == MemberRole::Doctor),
        }
    }

    /// The role `member` reads help and menus for.
    fn role_of(&self, member: &str) -> Option<reply::Role> {
        self.rules.member(member).map(|m| m.role.into())
    }

    /// Answers `event` at `now`, whatever its channel.
    ///
    /// # Errors
    /// If the store fails.
    pub fn handle(&self, event: &Inbound, now: DateTime<Utc>) -> Result<Answered, StoreError> {
        let Inbound { chat_id, user_id, private, origin, .. } = *event;
        match event.said {
            Said::Text { text, replied_to } => {
                let before = self.member(chat_id, user_id, now)?;
                let m = Incoming { chat_id, user_id, private, text, replied_to };
                let replies = self.message_from(origin, &m, now)?;
                // Asked after the answer: a welcome to a chat linked just now is a member's.
                let after = self.member(chat_id, user_id, now)?;
                let member = private && after.is_some();
                let menu = (member && after != before).then(|| self.menu(after.as_deref()));
                Ok(Answered { replies, toast: None, done: false, menu, member })
            }
            Said::Press { data } => {
                let pressed = self.button_from(origin, chat_id, user_id, data, now)?;
                let member = self.member(chat_id, user_id, now)?.is_some();
                Ok(Answered {
                    replies: pressed.reply.into_iter().collect(),
                    toast: Some(pressed.toast),
                    done: pressed.done,
                    menu: None,
                    member,
                })
            }
        }
    }

    /// Answers a message `text` from Telegram user `user_id` in chat `chat_id` (`private`:
    /// a one-to-one chat with the bot) at `now`.
    ///
    /// # Errors
    /// If the store fails.
    pub fn message(
        &self,
        chat_id: i64,
        user_id: u64,
        private: bool,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        let m = Incoming { chat_id, user_id, private, text, replied_to: None };
        self.message_from(None, &m, now)
    }

    /// Answers the message `m` of Telegram update `update` (as [`Handlers::update_message`]),
    /// which may reply to a message of the bot's: a reply to the record of a call is its report.
    ///
    /// # Errors
    /// If the store fails.
    pub fn update_incoming(
        &self,
        update: u64,
        m: &Incoming,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        self.message_from(Some(&Origin::telegram(update)), m, now)
    }

    /// As [`Handlers::message`], for the message of Telegram update `update`. Handled again
    /// (Telegram delivers an update again when toban stopped before storing its offset), it
    /// adds no second absence, note, call or follow-up: each is stored with the update's
    /// [`Origin`] in one write, and found under it the second time. (Not answering twice is the
    /// poller's part: it records the update handled before it sends the answer.)
    ///
    /// # Errors
    /// If the store fails.
    pub fn update_message(
        &self,
        update: u64,
        chat_id: i64,
        user_id: u64,
        private: bool,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        let m = Incoming { chat_id, user_id, private, text, replied_to: None };
        self.message_from(Some(&Origin::telegram(update)), &m, now)
    }

    /// The current member linked to chat `chat_id` and Telegram user `user_id` at `now`, if
    /// any: everyone else is a stranger.
    ///
    /// # Errors
    /// If the store fails.
    pub fn member(
        &self,
        chat_id: i64,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        Ok(self.store.link_of_chat(chat_id)?.and_then(|link| {
            (link.user_id == user_id
                && self.rules.is_current(link.member.as_str(), self.today(now)))
            .then(|| link.member.to_string())
        }))
    }

    fn message_from(
        &self,
        origin: Option<&Origin>,
        m: &Incoming,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        let Incoming { chat_id, user_id, private, replied_to, .. } = *m;
        // Full-width input (「／who」, 「３/９」) read as ASCII, once, before anything parses it.
        let text = &crate::input::fold_width(m.text);
        let reply = |text: String| Ok(vec![Reply { chat_id, text, buttons: Vec::new() }]);
        if !private {
            return reply(self.say(Say::PrivateOnly));
        }
        let (command, arg) = split_command(text);
        if command.as_deref() == Some("start") && !arg.is_empty() {
            return reply(self.link(chat_id, user_id, arg, now)?);
        }
        let Some(member) = self.member(chat_id, user_id, now)? else {
            return reply(self.refusal());
        };
        if text.chars().count() > MAX_TEXT {
            return reply(self.say(Say::TooLongMessage { max: MAX_TEXT }));
        }
        let role = self.rules.member(&member).map(|m| m.role);
        let doctor = role == Some(MemberRole::Doctor);
        if command.as_deref() == Some("cancel") && !arg.is_empty() {
            return reply(self.cancel_call(&member, arg, now)?);
        }
        if command.as_deref() == Some("cancel") {
            let had = self.store.dialog(chat_id)?.is_some();
            self.store.set_dialog(chat_id, None)?;
            return reply(if had { self.say(Say::FormCancelled) } else { self.help(&member) });
        }
        // A reply to the record of a call is its report.
        if command.is_none()
            && let Some(call) = replied_to.and_then(RepliedTo::record_call)
        {
            return Ok(vec![self.file_report(chat_id, &member, call, text, now)?]);
        }
        if command.is_none()
            && let Some(dialog) = self.store.dialog(chat_id)?
        {
            return Ok(vec![self.form(origin, chat_id, &member, dialog, text, now)?]);
        }
        match command.as_deref() {
            Some("start") | Some("help") => reply(self.help(&member)),
            Some("who") => reply(self.who(now)?),
            Some("status") => reply(self.status(&member, now)?),
            Some("report") => Ok(vec![self.report(chat_id, &member, arg, now)?]),
            Some("mine") if doctor => reply(self.mine(&member, now)?),
            Some("away") if doctor => reply(self.away(origin, &member, arg, now)?),
            Some("back") if doctor => reply(self.back(origin, &member, now)?),
            Some("note") if doctor => reply(self.note(origin, &member, arg, now)?),
            Some("feed") if doctor => reply(self.feed(&member, now)?),
            Some("web") if doctor => {
                reply(self.web_link(&member, crate::store::LinkRole::Doctor, now)?)
            }
            Some("admin") if role == Some(MemberRole::Admin) => {
                reply(self.web_link(&member, crate::store::LinkRole::Admin, now)?)
            }
            Some("swap") if doctor && arg.trim().is_empty() => {
                Ok(vec![self.pick_my_slot(chat_id, &member, now)?])
            }
            Some("swap") if doctor => {
                Ok(vec![self.proposal_reply(chat_id, self.swap(&member, arg, now)?)])
            }
            Some("cover") if doctor => {
                Ok(vec![self.proposal_reply(chat_id, self.cover(&member, arg, now)?)])
            }
            Some("withdraw") if doctor => reply(self.withdraw(&member, arg, now)?),
            Some("call") => Ok(vec![self.call(origin, chat_id, &member, arg, now)?]),
            Some("course") if doctor || role == Some(MemberRole::Admin) => {
                Ok(vec![self.course(chat_id, &member, arg, now)?])
            }
            Some("beds") => Ok(vec![self.beds(chat_id, &member, arg, now)?]),
            Some("board") => Ok(vec![self.board(chat_id, &member, arg, now)?]),
            Some(other) => reply(format!(
                "{}\n\n{}",
                self.say(Say::NotACommand { command: other.into() }),
                self.help(&member)
            )),
            None => reply(format!("{}\n\n{}", self.say(Say::PleaseUseCommand), self.help(&member))),
        }
    }

    /// Answers a press of a button whose data is `data`, by Telegram user `user_id` in chat
    /// `chat_id`, at `now`.
    ///
    /// # Errors
    /// If the store fails.
    pub fn button(
        &self,
        chat_id: i64,
        user_id: u64,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        self.button_from(None, chat_id, user_id, data, now)
    }

    /// As [`Handlers::button`], for the press of Telegram update `update`: a call sent by it is
    /// raised once however often the update is handled.
    ///
    /// # Errors
    /// If the store fails.
    pub fn update_button(
        &self,
        update: u64,
        chat_id: i64,
        user_id: u64,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        self.button_from(Some(&Origin::telegram(update)), chat_id, user_id, data, now)
    }

    fn button_from(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        user_id: u64,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let refuse = |toast: &str| Ok(Pressed { reply: None, toast: toast.into(), done: false });
        let Some(member) = self.member(chat_id, user_id, now)? else {
            return refuse(&self.refusal());
        };
        if let Some(patient) = data.strip_prefix("callsend:") {
            return self.confirmed(origin, chat_id, &member, patient, true, now);
        }
        if let Some(patient) = data.strip_prefix("callstop:") {
            return self.confirmed(origin, chat_id, &member, patient, false, now);
        }
        if let Some(rest) = data.strip_prefix("crs:") {
            return self.pressed_course(chat_id, &member, rest, now);
        }
        if let Some(pressed) = self.pressed_hosp(&member, data, now)? {
            return Ok(pressed);
        }
        if let Some(rest) = data.strip_prefix("rpt:") {
            return self.picked_outcome(chat_id, &member, rest, now);
        }
        if let Some(rest) = data.strip_prefix("swp:") {
            return self.picked(chat_id, &member, rest, now);
        }
        if let Some((kind, rest)) = data.split_once(':')
            && matches!(kind, "swapyes" | "swapno" | "swapok" | "swapng" | "swapwd")
        {
            return match rest.parse::<crate::ids::SwapRequestId>() {
                Ok(id) => self.answer_swap(&member, id, kind, now),
                Err(_) => refuse(&self.say(Say::ButtonDoesNothing)),
            };
        }
        let Some((answer, call)) = parse_button(data) else {
            return refuse(&self.say(Say::ButtonDoesNothing));
        };
        match self.desk().answer(call, &member, answer, now) {
            Ok(_) => Ok(Pressed {
                reply: None,
                toast: self.say(match answer {
                    Answer::Accept => Say::AcceptedToast,
                    Answer::Acknowledge => Say::AcknowledgedToast,
                    _ => Say::DeclinedToast,
                }),
                done: true,
            }),
            Err(DeskError::Refused(r)) => Ok(Pressed {
                reply: None,
                toast: self.refused(&r),
                done: matches!(r, Refusal::Taken { .. }),
            }),
            Err(DeskError::Store(e)) => Err(e),
            Err(other) => refuse(&self.desk_error(&other)),
        }
    }

    /// The desk over the same rules and store.
    fn desk(&self) -> Desk<'_> {
        Desk { rules: self.rules, store: self.store }
    }

    /// Appends an audit entry for something `member` did in chat.
    fn record(
        &self,
        member: &str,
        now: DateTime<Utc>,
        event: crate::store::AuditEvent,
    ) -> Result<(), StoreError> {
        self.store.add_audit(&crate::store::AuditEntry::of(now, member, event))?;
        Ok(())
    }

    fn today(&self, now: DateTime<Utc>) -> chrono::NaiveDate {
        now.with_timezone(&self.rules.association.tz).date_naive()
    }
}

/// The label of feed tokens issued by `/feed` (one active per doctor).
pub const FEED_LABEL: &str = "telegram /feed";

/// Minutes a `/call` form stays open.
pub const FORM_MINUTES: i64 = 30;

/// `2027-03-10`, or `3/10` (this year, or next year if that day is long past).
fn parse_day(s: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let (m, d) = s.split_once('/')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let this = chrono::NaiveDate::from_ymd_opt(today.year(), m, d)?;
    if this < today - Duration::days(60) {
        chrono::NaiveDate::from_ymd_opt(today.year() + 1, m, d)
    } else {
        Some(this)
    }
}

/// The data of the Accept and Decline buttons of call `call` (well under Telegram's 64 bytes).
pub fn button_data(answer: Answer, call: crate::routing::CallId) -> String {
    match answer {
        Answer::Accept => format!("accept:{call}"),
        Answer::Decline => format!("decline:{call}"),
        Answer::Acknowledge => format!("ack:{call}"),
        Answer::Cancel => format!("cancel:{call}"),
    }
}

fn parse_button(data: &str) -> Option<(Answer, crate::routing::CallId)> {
    let (what, call) = data.split_once(':')?;
    let call = call.parse().ok()?;
    let answer = match what {
        "accept" => Answer::Accept,
        "decline" => Answer::Decline,
        "ack" => Answer::Acknowledge,
        _ => return None,
    };
    Some((answer, call))
}

/// `/cmd@bot arg` → (`cmd`, `arg`); text not starting with `/` → (None, text).
fn split_command(text: &str) -> (Option<String>, &str) {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('/') else { return (None, text) };
    let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let word = word.split('@').next().unwrap_or(word).to_ascii_lowercase();
    (Some(word), arg.trim())
}

mod account;
mod calls;
mod course;
#[cfg(test)]
mod course_tests;
mod notices;
pub use notices::notice_buttons;
mod duty;
mod hosp;
mod swap_rotas;
mod swaps;
pub use swap_rotas::FutureDuty;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod web_tests;
