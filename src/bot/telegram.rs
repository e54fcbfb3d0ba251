//! Talking to the Telegram Bot API with teloxide: delivering the outbox to linked members
//! (polling for updates is in [`super::poll`]).
//!
//! Key decisions:
//! - A failed send is classified ([`classify`]): permanent for that chat (blocked, gone,
//!   deactivated) or transient (429, 5xx, network); [`crate::engine::delivery`] breaks the
//!   link and uses the console, or backs off for that recipient alone.
//! - A member with no working link gets every message on the console (the fallback), so
//!   nothing is silently dropped while accounts are being linked.

use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::{Bot, RequestError};

use super::handlers::button_data;
use crate::desk::Answer;
use crate::notify::{Failure, Notifier, NotifyError};
use crate::routing::{Body, Notice};
use crate::rules::{Language, Rules};
use crate::store::Store;

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

/// Delivers notices to members with a working Telegram link. A member without one gets
/// [`Failure::NoRoute`], and the delivery manager uses the fallback (the console).
pub struct TelegramNotifier {
    bot: Bot,
    runtime: tokio::runtime::Handle,
    store: Arc<dyn Store>,
    rules: Arc<Rules>,
}

impl TelegramNotifier {
    /// A notifier sending with `bot` on `runtime` (the calls block the calling thread, which
    /// must not be one of the runtime's workers).
    pub fn new(
        bot: Bot,
        runtime: tokio::runtime::Handle,
        store: Arc<dyn Store>,
        rules: Arc<Rules>,
    ) -> TelegramNotifier {
        TelegramNotifier { bot, runtime, store, rules }
    }

    fn buttons(&self, notice: &Notice) -> Option<InlineKeyboardMarkup> {
        let ja = self.rules.association.language == Language::Ja;
        let (yes, no) = if ja { ("受諾する", "辞退する") } else { ("Accept", "Decline") };
        let (accept, decline) = match notice.body {
            Body::Request { call, .. } | Body::RequestAgain { call, .. } => {
                (button_data(Answer::Accept, call), button_data(Answer::Decline, call))
            }
            Body::SwapOffer { request, .. } => {
                (format!("swapyes:{request}"), format!("swapno:{request}"))
            }
            Body::Followup { call, ack_minutes: Some(_), .. }
            | Body::FollowupAgain { call, .. }
            | Body::Unacknowledged { call } => {
                let seen = if ja { "確認しました" } else { "Acknowledge" };
                let data = button_data(Answer::Acknowledge, call);
                return Some(InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
                    seen, data,
                )]]));
            }
            _ => return None,
        };
        Some(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback(yes, accept),
            InlineKeyboardButton::callback(no, decline),
        ]]))
    }
}

impl Notifier for TelegramNotifier {
    fn deliver(&self, notice: &Notice, text: &str) -> Result<(), NotifyError> {
        let to = notice.to.to_string();
        let link = self
            .store
            .link_of(notice.to.as_str())
            .map_err(|e| NotifyError::transient(&to, e.to_string()))?;
        let Some(link) = link.filter(|l| l.broken.is_none()) else {
            return Err(NotifyError {
                to,
                why: "no working Telegram link".into(),
                failure: Failure::NoRoute,
            });
        };
        let mut request = self.bot.send_message(ChatId(link.chat_id), text);
        if let Some(markup) = self.buttons(notice) {
            request = request.reply_markup(markup);
        }
        match self.runtime.block_on(async { request.await }) {
            Ok(_) => Ok(()),
            Err(e) => Err(NotifyError {
                to,
                why: redact(&self.bot, &e),
                failure: classify(&e, link.chat_id),
            }),
        }
    }
}

/// What a failed `sendMessage` means for delivery. Permanent: Telegram will never deliver to
/// this chat (blocked, gone, deactivated, kicked, forbidden, migrated), or never this message
/// (another 4xx). Transient: everything that may pass (429, 5xx, network, timeouts, a bad
/// token, which is the whole bot's problem and alerts as an outage).
pub fn classify(e: &RequestError, chat: i64) -> Failure {
    use teloxide::ApiError as A;
    match e {
        RequestError::RetryAfter(s) => Failure::Transient { retry_after: Some(s.duration()) },
        RequestError::MigrateToChatId(_) => Failure::Permanent { chat: Some(chat) },
        RequestError::Api(api) => match api {
            A::BotBlocked
            | A::ChatNotFound
            | A::UserNotFound
            | A::UserDeactivated
            | A::BotKicked
            | A::BotKickedFromSupergroup
            | A::BotKickedFromChannel
            | A::CantInitiateConversation
            | A::CantTalkWithBots => Failure::Permanent { chat: Some(chat) },
            A::InvalidToken => Failure::Transient { retry_after: None },
            A::Unknown(text) if text.starts_with("Forbidden") => {
                Failure::Permanent { chat: Some(chat) }
            }
            A::Unknown(text) if !text.starts_with("Bad Request") => {
                Failure::Transient { retry_after: None }
            }
            _ => Failure::Permanent { chat: None },
        },
        RequestError::Network(_) | RequestError::InvalidJson { .. } | RequestError::Io(_) => {
            Failure::Transient { retry_after: None }
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
