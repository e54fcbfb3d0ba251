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
use crate::msg::Message;
use crate::msg::reply::Reply;
use crate::msg::swap::{ButtonLabel, SwapMsg};
use crate::notify::{Delivered, Failure, Notifier, NotifyError};
use crate::routing::{Body, Notice};
use crate::rules::Rules;
use crate::store::Store;
use crate::swap::Buttons;

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
        let say = |r: Reply| r.render(self.rules.association.language);
        let (yes, no) = (say(Reply::AcceptButton), say(Reply::DeclineButton));
        let (accept, decline) = match &notice.body {
            Body::Request { call, .. } | Body::RequestAgain { call, .. } => {
                (button_data(Answer::Accept, *call), button_data(Answer::Decline, *call))
            }
            // A colleague asked takes it or not; the office approves or rejects.
            Body::Swap { request, note } => {
                let (pair, data) = match note.buttons()? {
                    Buttons::Answer => {
                        ((ButtonLabel::Accept, ButtonLabel::Decline), ("swapyes", "swapno"))
                    }
                    Buttons::Decide => {
                        ((ButtonLabel::Approve, ButtonLabel::Reject), ("swapok", "swapng"))
                    }
                };
                let lang = self.rules.association.language;
                return Some(InlineKeyboardMarkup::new([[
                    InlineKeyboardButton::callback(
                        SwapMsg::Button(pair.0).render(lang),
                        format!("{}:{request}", data.0),
                    ),
                    InlineKeyboardButton::callback(
                        SwapMsg::Button(pair.1).render(lang),
                        format!("{}:{request}", data.1),
                    ),
                ]]));
            }
            // Queued before requests were typed: the colleague's buttons.
            Body::SwapOffer { request, .. } => {
                let lang = self.rules.association.language;
                return Some(InlineKeyboardMarkup::new([[
                    InlineKeyboardButton::callback(
                        SwapMsg::Button(ButtonLabel::Accept).render(lang),
                        format!("swapyes:{request}"),
                    ),
                    InlineKeyboardButton::callback(
                        SwapMsg::Button(ButtonLabel::Decline).render(lang),
                        format!("swapno:{request}"),
                    ),
                ]]));
            }
            Body::Followup { call, ack_minutes: Some(_), .. }
            | Body::FollowupAgain { call, .. }
            | Body::Unacknowledged { call } => {
                let seen = say(Reply::AcknowledgeButton);
                let data = button_data(Answer::Acknowledge, *call);
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
    /// Sends to every working device of the member: delivered if one of them got it.
    fn deliver(&self, notice: &Notice, text: &str) -> Result<Delivered, NotifyError> {
        let to = notice.to.to_string();
        let links = self
            .store
            .links_of(notice.to.as_str())
            .map_err(|e| NotifyError::transient(&to, e.to_string()))?;
        let links: Vec<_> = links.into_iter().filter(|l| l.broken.is_none()).collect();
        if links.is_empty() {
            return Err(NotifyError {
                to,
                why: "no working Telegram link".into(),
                failure: Failure::NoRoute,
                broken: Vec::new(),
            });
        }
        let (mut delivered, mut broken, mut refused, mut retry) = (false, Vec::new(), None, None);
        for link in &links {
            let mut request = self.bot.send_message(ChatId(link.chat_id), text);
            if let Some(markup) = self.buttons(notice) {
                request = request.reply_markup(markup);
            }
            match self.runtime.block_on(async { request.await }) {
                Ok(_) => delivered = true,
                Err(e) => {
                    let why = redact(&self.bot, &e);
                    match classify(&e) {
                        Kind::ChatGone => broken.push((link.chat_id, why)),
                        Kind::MessageRefused => refused = Some(why),
                        Kind::NotNow(after) => retry = Some((why, after)),
                    }
                }
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
        Err(NotifyError { to, why, failure, broken })
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
