//! Talking to the Telegram Bot API with teloxide: delivering the outbox to linked members
//! (polling for updates is in [`super::poll`]).
//!
//! Key decisions:
//! - A failed send leaves the notice in the outbox: `429` waits the `retry_after` Telegram
//!   asks for, other failures back off 1, 2, 4 … 60 s; the next round retries in order.
//! - A member with no linked account still gets every message on the console (the fallback
//!   notifier), so nothing is silently dropped while accounts are being linked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::{Bot, RequestError};

use super::handlers::button_data;
use crate::desk::Answer;
use crate::notify::{Notifier, NotifyError};
use crate::routing::{Body, Notice};
use crate::rules::{Language, Rules};
use crate::store::Store;

/// Failures in a row after which the admins are alerted.
const ALERT_AFTER: u32 = 5;
/// Minutes of failing after which the admins are told, however few the attempts.
const ALERT_AFTER_MINUTES: i64 = 2;
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

/// Delivers notices to linked members by Telegram; others through `fallback`.
pub struct TelegramNotifier {
    bot: Bot,
    runtime: tokio::runtime::Handle,
    store: Arc<dyn Store>,
    rules: Arc<Rules>,
    fallback: Box<dyn Notifier>,
    resume_at: Option<Instant>,
    failures: u32,
    failing_since: Option<DateTime<Utc>>,
    /// Whether the admins were told about the current run of failures.
    alerted: bool,
}

impl TelegramNotifier {
    /// A notifier sending with `bot` on `runtime` (the calls block the calling thread, which
    /// must not be one of the runtime's workers).
    pub fn new(
        bot: Bot,
        runtime: tokio::runtime::Handle,
        store: Arc<dyn Store>,
        rules: Arc<Rules>,
        fallback: Box<dyn Notifier>,
    ) -> TelegramNotifier {
        TelegramNotifier {
            bot,
            runtime,
            store,
            rules,
            fallback,
            resume_at: None,
            failures: 0,
            failing_since: None,
            alerted: false,
        }
    }

    fn buttons(&self, notice: &Notice) -> Option<InlineKeyboardMarkup> {
        let (yes, no) = match self.rules.association.language {
            Language::Ja => ("受諾する", "辞退する"),
            Language::En => ("Accept", "Decline"),
        };
        let (accept, decline) = match notice.body {
            Body::Request { call, .. } => {
                (button_data(Answer::Accept, call), button_data(Answer::Decline, call))
            }
            Body::SwapOffer { request, .. } => {
                (format!("swapyes:{request}"), format!("swapno:{request}"))
            }
            _ => return None,
        };
        Some(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback(yes, accept),
            InlineKeyboardButton::callback(no, decline),
        ]]))
    }
}

impl TelegramNotifier {
    /// Tells the admins once per run of failures: after [`ALERT_AFTER`] failures in a row, or
    /// when sending has not worked for [`ALERT_AFTER_MINUTES`] (long back-offs and hangs make
    /// few attempts).
    fn alert_if_due(&mut self, since: DateTime<Utc>) {
        let long = Utc::now() - since >= chrono::Duration::minutes(ALERT_AFTER_MINUTES);
        if !self.alerted && (self.failures >= ALERT_AFTER || long) {
            self.alerted = true;
            self.alert_admins(since);
        }
    }

    /// Tells the admins that Telegram keeps failing: on the console now, and in the outbox for
    /// when it recovers.
    fn alert_admins(&mut self, since: DateTime<Utc>) {
        eprintln!(
            "toban serve: ADMIN ALERT: sending to Telegram has been failing since {since} ({} attempts); messages are kept and retried",
            self.failures
        );
        let notices: Vec<Notice> = self
            .rules
            .admins
            .iter()
            .map(|a| Notice {
                key: format!("channel_down/{}/{}", since.to_rfc3339(), a.id),
                to: a.id.clone(),
                body: Body::ChannelDown { since, failures: self.failures },
            })
            .collect();
        if let Err(e) = self.store.enqueue(&notices, Utc::now()) {
            eprintln!("toban serve: could not queue the admin alert: {e}");
        }
    }
}

impl Notifier for TelegramNotifier {
    fn deliver(&mut self, notice: &Notice, text: &str) -> Result<(), NotifyError> {
        let fail = |why: String| NotifyError { to: notice.to.to_string(), why };
        if let Some(t) = self.resume_at
            && Instant::now() < t
        {
            return Err(fail("waiting before retrying Telegram".into()));
        }
        let link = self.store.link_of(notice.to.as_str()).map_err(|e| fail(e.to_string()))?;
        let Some(link) = link else {
            return self.fallback.deliver(notice, text);
        };
        let mut request = self.bot.send_message(ChatId(link.chat_id), text);
        if let Some(markup) = self.buttons(notice) {
            request = request.reply_markup(markup);
        }
        match self.runtime.block_on(async { request.await }) {
            Ok(_) => {
                self.failures = 0;
                self.resume_at = None;
                self.failing_since = None;
                self.alerted = false;
                Ok(())
            }
            Err(RequestError::RetryAfter(s)) => {
                self.resume_at = Some(Instant::now() + s.duration());
                // Held back for minutes on end is an outage too.
                let since = *self.failing_since.get_or_insert_with(Utc::now);
                self.alert_if_due(since);
                Err(fail(format!("Telegram asked to wait {} s", s.seconds())))
            }
            Err(e) => {
                self.failures += 1;
                let since = *self.failing_since.get_or_insert_with(Utc::now);
                self.alert_if_due(since);
                let wait = Duration::from_secs(1 << self.failures.min(6)).min(MAX_BACKOFF);
                self.resume_at = Some(Instant::now() + wait);
                Err(fail(format!(
                    "Telegram: {}; retrying in {} s",
                    redact(&self.bot, &e),
                    wait.as_secs()
                )))
            }
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
