//! The Telegram adapter: the Bot API with teloxide. [`poll`] fetches updates and hands them to
//! the chat core, [`lanes`] sends the answers per chat, and [`TelegramDevice`] sends the
//! outbox's notices to Telegram chats.
//!
//! Key decisions:
//! - A failed send is classified ([`classify`]): permanent for that chat (blocked, gone,
//!   deactivated) or transient (429, 5xx, network); [`crate::engine::delivery`] breaks the
//!   link and uses the console, or backs off for that recipient alone.
//! - A member with no working link gets every message on the console (the fallback), so
//!   nothing is silently dropped while accounts are being linked.

use std::time::Duration;

use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::ChatId;
use teloxide::{Bot, RequestError};

use crate::chat::deliver::{Device, SendError};

pub mod lanes;
pub mod poll;

/// The longest back-off after failures.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The bot from a token and an optional Bot API base URL (`TELOXIDE_API_URL`; tests point it
/// at a fake server).
///
/// # Errors
/// A sentence naming the variable when the URL is not a URL.
pub fn bot(token: &str, api_url: Option<&str>) -> Result<Bot, String> {
    let bot = Bot::new(token);
    match api_url {
        Some(u) if !u.trim().is_empty() => {
            let url = url::Url::parse(u.trim())
                .map_err(|e| format!("TELOXIDE_API_URL '{u}' is not a URL: {e}"))?;
            Ok(bot.set_api_url(url))
        }
        _ => Ok(bot),
    }
}

/// Sends to Telegram chats for the outbox ([`crate::chat::deliver::ChatNotifier`]).
pub struct TelegramDevice {
    bot: Bot,
    runtime: tokio::runtime::Handle,
}

impl TelegramDevice {
    /// A device sending with `bot` on `runtime` (the calls block the calling thread, which
    /// must not be one of the runtime's workers).
    pub fn new(bot: Bot, runtime: tokio::runtime::Handle) -> TelegramDevice {
        TelegramDevice { bot, runtime }
    }
}

impl Device for TelegramDevice {
    fn send(
        &self,
        chat: i64,
        text: &str,
        buttons: &[Vec<(String, String)>],
        // Telegram passes the replied-to message's text, which names the call.
        _record_of: Option<crate::routing::CallId>,
    ) -> Result<(), SendError> {
        let mut request = self.bot.send_message(ChatId(chat), text);
        if !buttons.is_empty() {
            request = request.reply_markup(lanes::keyboard(buttons));
        }
        match self.runtime.block_on(async { request.await }) {
            Ok(_) => Ok(()),
            Err(e) => {
                let why = redact(&self.bot, &e);
                Err(match classify(&e) {
                    Kind::ChatGone => SendError::Gone(why),
                    Kind::MessageRefused => SendError::Refused(why),
                    Kind::NotNow(after) => SendError::NotNow(why, after),
                })
            }
        }
    }
}

/// What a failed `sendMessage` means for one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// This chat will never be reached again (blocked, gone, deactivated, kicked, forbidden,
    /// migrated): its link is broken.
    ChatGone,
    /// This message was refused (another 4xx): the fallback, no retry.
    MessageRefused,
    /// It may pass: 429 (with how long to wait), 5xx, network, timeouts, a bad token (the whole
    /// bot's problem: an outage).
    NotNow(Option<Duration>),
}

/// What a failed `sendMessage` means for the device it was sent to.
pub fn classify(e: &RequestError) -> Kind {
    use teloxide::ApiError as A;
    match e {
        RequestError::RetryAfter(s) => Kind::NotNow(Some(s.duration())),
        RequestError::MigrateToChatId(_) => Kind::ChatGone,
        RequestError::Api(api) => match api {
            A::BotBlocked
            | A::ChatNotFound
            | A::UserNotFound
            | A::UserDeactivated
            | A::BotKicked
            | A::BotKickedFromSupergroup
            | A::BotKickedFromChannel
            | A::CantInitiateConversation
            | A::CantTalkWithBots => Kind::ChatGone,
            A::InvalidToken => Kind::NotNow(None),
            A::Unknown(text) if text.starts_with("Forbidden") => Kind::ChatGone,
            A::Unknown(text) if !text.starts_with("Bad Request") => Kind::NotNow(None),
            _ => Kind::MessageRefused,
        },
        RequestError::Network(_) | RequestError::InvalidJson { .. } | RequestError::Io(_) => {
            Kind::NotNow(None)
        }
    }
}

/// An error from the Bot API as text without the bot's token: HTTP client errors name the URL,
/// and the token is part of every Bot API URL. Secrets never reach a log.
pub fn redact(bot: &Bot, error: &dyn std::fmt::Display) -> String {
    redact_token(&error.to_string(), bot.token())
}

/// `text` with every occurrence of `token` replaced by `<TELOXIDE_TOKEN>`.
pub fn redact_token(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_string();
    }
    text.replace(token, "<TELOXIDE_TOKEN>")
}

#[cfg(test)]
mod redaction {
    #[test]
    fn the_token_never_survives_an_error_message() {
        let e = "error sending request for url (https://api.telegram.org/bot123:ABC/SendMessage)";
        let r = super::redact_token(e, "123:ABC");
        assert!(!r.contains("123:ABC") && r.contains("bot<TELOXIDE_TOKEN>/SendMessage"), "{r}");
    }
}
