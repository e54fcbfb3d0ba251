//! Sending the bot's answers off the polling loop: one ordered lane per chat, each drained by
//! its own task, so a chat that Telegram slows down holds up nobody else.
//!
//! Key decisions:
//! - Within a chat, answers go out in the order they were given; across chats, nothing waits.
//! - Each lane keeps to Telegram's pace for one chat (a burst of [`BURST`], then one message a
//!   second) and honours a 429's `retry_after` for its own chat only.
//! - A member's answer is tried [`MEMBER_TRIES`] times with back-off; a stranger's once, never
//!   again, and at most [`STRANGER_SENDS`] strangers' answers are on the wire at a time (more
//!   are dropped: a flood of strangers must not use up the bot's share of Telegram).
//! - A lane idle for [`IDLE`] ends; the next answer to its chat opens a new one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::payloads::{AnswerCallbackQuerySetters, SendMessageSetters, SetMyCommandsSetters};
use teloxide::prelude::Requester;
use teloxide::types::{
    BotCommand, BotCommandScope, CallbackQueryId, ChatId, InlineKeyboardButton,
    InlineKeyboardMarkup, MessageId, Recipient,
};
use teloxide::{Bot, RequestError};
use tokio::sync::Semaphore;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::time::Instant;

use super::redact;

/// Messages a chat may get at once before the pace of one a second applies.
pub const BURST: u32 = 3;
/// The pace of messages to one chat, after a burst (Telegram: about one a second).
pub const EVERY: Duration = Duration::from_secs(1);
/// Tries of a member's answer (a stranger's is tried once).
pub const MEMBER_TRIES: u32 = 5;
/// Strangers' answers on the wire at a time.
pub const STRANGER_SENDS: usize = 4;
/// How long a lane waits for more before it ends.
pub const IDLE: Duration = Duration::from_secs(60);

/// What to do in a chat.
#[derive(Debug, Clone)]
pub enum Action {
    /// Send a message.
    Text {
        /// The text.
        text: String,
        /// Buttons under it, in rows of (label, callback data).
        buttons: Vec<Vec<(String, String)>>,
    },
    /// Answer a button press with a short notice.
    Toast {
        /// The press.
        query: CallbackQueryId,
        /// The notice.
        text: String,
    },
    /// Take the buttons off a message.
    Unbutton {
        /// The message.
        message: MessageId,
    },
    /// Set the chat's command menu (Telegram's `setMyCommands` with a chat scope).
    Menu {
        /// (command without the slash, description), in the order shown.
        commands: Vec<(String, String)>,
    },
}

/// An answer for one chat.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The chat.
    pub chat: i64,
    /// What to do there.
    pub action: Action,
    /// Whether the chat is a member's (tried again on failure) or a stranger's (tried once).
    pub member: bool,
}

/// The lanes of every chat being answered.
#[derive(Clone)]
pub struct Lanes {
    bot: Bot,
    runtime: tokio::runtime::Handle,
    open: Arc<Mutex<HashMap<i64, UnboundedSender<Outgoing>>>>,
    strangers: Arc<Semaphore>,
}

impl Lanes {
    /// Lanes sending with `bot`, their tasks on `runtime`.
    pub fn new(bot: Bot, runtime: tokio::runtime::Handle) -> Lanes {
        Lanes {
            bot,
            runtime,
            open: Arc::default(),
            strangers: Arc::new(Semaphore::new(STRANGER_SENDS)),
        }
    }

    /// Queues `out` at the end of its chat's lane, opening the lane if needed. Never waits.
    pub fn push(&self, out: Outgoing) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let out = match open.get(&out.chat) {
            Some(lane) => match lane.send(out) {
                Ok(()) => return,
                Err(back) => back.0,
            },
            None => out,
        };
        let (tx, rx) = unbounded_channel();
        let chat = out.chat;
        // The receiver is alive: it was made just now.
        let _ = tx.send(out);
        open.insert(chat, tx);
        self.runtime.spawn(self.clone().drain(chat, rx));
    }

    /// Sends the answers of `chat` in order until the lane is idle for [`IDLE`].
    async fn drain(self, chat: i64, mut rx: UnboundedReceiver<Outgoing>) {
        let mut pace = Pace::new(BURST, EVERY);
        loop {
            let out = match tokio::time::timeout(IDLE, rx.recv()).await {
                Ok(Some(out)) => out,
                Ok(None) => return,
                Err(_) => {
                    // Idle: close the lane unless an answer came in just now (`push` holds
                    // the same lock, so none can slip in after the check).
                    let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
                    match rx.try_recv() {
                        Ok(out) => out,
                        Err(_) => {
                            open.remove(&chat);
                            return;
                        }
                    }
                }
            };
            self.send(out, &mut pace).await;
        }
    }

    /// Sends one answer: tried [`MEMBER_TRIES`] times for a member, once for a stranger.
    async fn send(&self, out: Outgoing, pace: &mut Pace) {
        let _permit = match out.member {
            true => None,
            false => match self.strangers.clone().try_acquire_owned() {
                Ok(p) => Some(p),
                // Enough strangers are being answered: this one is not.
                Err(_) => return,
            },
        };
        let tries = if out.member { MEMBER_TRIES } else { 1 };
        let mut backoff = Duration::from_millis(500);
        for attempt in 1..=tries {
            pace.ready(matches!(out.action, Action::Text { .. })).await;
            let Err(e) = self.request(out.chat, &out.action).await else { return };
            if out.member {
                tracing::warn!(
                    "could not answer in a member's chat (try {attempt} of {tries}): {}",
                    redact(&self.bot, &e)
                );
            }
            if let RequestError::RetryAfter(s) = &e {
                // For this chat only: its lane waits, the others go on.
                pace.hold_for(s.duration());
            } else if attempt < tries {
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
        }
    }

    async fn request(&self, chat: i64, action: &Action) -> Result<(), RequestError> {
        match action {
            Action::Text { text, buttons } => {
                let mut request = self.bot.send_message(ChatId(chat), text);
                if !buttons.is_empty() {
                    request = request.reply_markup(keyboard(buttons));
                }
                request.await.map(drop)
            }
            Action::Toast { query, text } => {
                self.bot.answer_callback_query(query.clone()).text(text).await.map(drop)
            }
            Action::Unbutton { message } => {
                self.bot.edit_message_reply_markup(ChatId(chat), *message).await.map(drop)
            }
            Action::Menu { commands } => self
                .bot
                .set_my_commands(bot_commands(commands))
                .scope(BotCommandScope::Chat { chat_id: Recipient::Id(ChatId(chat)) })
                .await
                .map(drop),
        }
    }
}

/// A menu as the Bot API takes it.
pub(crate) fn bot_commands(commands: &[(String, String)]) -> Vec<BotCommand> {
    commands.iter().map(|(c, d)| BotCommand::new(c.clone(), d.clone())).collect()
}

pub(crate) fn keyboard(buttons: &[Vec<(String, String)>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.iter().map(|row| {
        row.iter()
            .map(|(label, data)| InlineKeyboardButton::callback(label.clone(), data.clone()))
            .collect::<Vec<_>>()
    }))
}

/// One chat's pace: a bucket of `burst` messages refilled at one per `every`, and a hold after
/// a 429.
struct Pace {
    burst: f64,
    every: Duration,
    /// Messages that may go now (fractions refill over time).
    tokens: f64,
    at: Instant,
    hold_until: Option<Instant>,
}

impl Pace {
    fn new(burst: u32, every: Duration) -> Pace {
        let burst = f64::from(burst);
        Pace { burst, every, tokens: burst, at: Instant::now(), hold_until: None }
    }

    /// Telegram asked this chat to wait `d`.
    fn hold_for(&mut self, d: Duration) {
        self.hold_until = Some(Instant::now() + d);
    }

    /// Waits until the chat may be sent to; a message (`counted`) also takes a token.
    async fn ready(&mut self, counted: bool) {
        if let Some(until) = self.hold_until.take() {
            tokio::time::sleep_until(until).await;
        }
        if !counted {
            return;
        }
        let now = Instant::now();
        let refill = (now - self.at).as_secs_f64() / self.every.as_secs_f64();
        self.tokens = (self.tokens + refill).min(self.burst);
        self.at = now;
        if self.tokens < 1.0 {
            tokio::time::sleep(self.every.mul_f64(1.0 - self.tokens)).await;
            self.tokens = 1.0;
            self.at = Instant::now();
        }
        self.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICK: Duration = Duration::from_millis(100);

    #[tokio::test]
    async fn a_chat_gets_a_burst_then_one_message_per_tick() {
        let mut pace = Pace::new(3, TICK);
        let start = Instant::now();
        for _ in 0..3 {
            pace.ready(true).await;
        }
        pace.ready(false).await;
        assert!(start.elapsed() < TICK / 2, "the burst, and toasts or edits, at once");
        pace.ready(true).await;
        pace.ready(true).await;
        let took = start.elapsed();
        assert!(took >= TICK * 2 && took < TICK * 4, "then one a tick: {took:?}");
    }

    #[tokio::test]
    async fn a_429_holds_the_chat_for_its_retry_after() {
        let mut pace = Pace::new(3, TICK);
        let start = Instant::now();
        pace.hold_for(TICK * 3);
        pace.ready(false).await;
        assert!(start.elapsed() >= TICK * 3);
        // Held once: the next goes at once.
        let again = Instant::now();
        pace.ready(true).await;
        assert!(again.elapsed() < TICK / 2);
    }
}
