//! Long-polling the Telegram Bot API for messages and button presses, and answering them with
//! [`Handlers`].
//!
//! Key decision: polling, not a webhook: no public HTTPS endpoint is needed. The update offset is
//! stored after each update is handled.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::payloads::{AnswerCallbackQuerySetters, GetUpdatesSetters, SendMessageSetters};
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, UpdateKind};
use teloxide::{Bot, RequestError};

use super::handlers::Handlers;
use super::telegram::{MAX_BACKOFF, redact};
use crate::rules::Rules;
use crate::store::Store;

/// Seconds a `getUpdates` call waits for news (below the HTTP client's 17 s timeout).
const POLL_SECONDS: u32 = 10;

/// Polls for updates until the task is dropped, answering each with [`Handlers`]. `now` is the
/// adapter's clock; `woken` is told when an answer may have queued notices.
pub async fn poll(
    bot: Bot,
    rules: Arc<Rules>,
    overrides: Arc<Vec<crate::calendar::Override>>,
    store: Arc<dyn Store>,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    woken: Arc<tokio::sync::Notify>,
) {
    let mut offset = store.telegram_offset().ok().flatten().unwrap_or(0);
    let mut backoff = Duration::from_secs(1);
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
                eprintln!(
                    "toban serve: Telegram getUpdates failed: {}; retrying in {} s",
                    redact(&bot, &e),
                    backoff.as_secs()
                );
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        for update in updates {
            handle(&bot, &rules, &overrides, &store, now(), update.kind).await;
            woken.notify_one();
            offset = update.id.0 as i32 + 1;
            if let Err(e) = store.set_telegram_offset(offset) {
                eprintln!("toban serve: could not store the Telegram offset: {e}");
            }
        }
    }
}

async fn handle(
    bot: &Bot,
    rules: &Arc<Rules>,
    overrides: &Arc<Vec<crate::calendar::Override>>,
    store: &Arc<dyn Store>,
    now: DateTime<Utc>,
    kind: UpdateKind,
) {
    match kind {
        UpdateKind::Message(m) => {
            let Some(user) = m.from.as_ref().map(|u| u.id.0) else { return };
            let text = m.text().unwrap_or("").to_string();
            let (chat, private) = (m.chat.id.0, m.chat.is_private());
            let (rules, overrides, store) = (rules.clone(), overrides.clone(), store.clone());
            let replies = tokio::task::spawn_blocking(move || {
                Handlers { rules: &rules, overrides: &overrides, store: &*store }
                    .message(chat, user, private, &text, now)
            })
            .await;
            match replies {
                Ok(Ok(replies)) => {
                    for r in replies {
                        send_reply(bot, r.chat_id, &r.text, &r.buttons).await;
                    }
                }
                Ok(Err(e)) => eprintln!("toban serve: could not answer a message: {e}"),
                Err(e) => eprintln!("toban serve: could not answer a message: {e}"),
            }
        }
        UpdateKind::CallbackQuery(q) => {
            let Some(message) = q.message.as_ref() else { return };
            let (chat, message_id) = (message.chat().id.0, message.id());
            let (user, data) = (q.from.id.0, q.data.clone().unwrap_or_default());
            let (rules, overrides, store) = (rules.clone(), overrides.clone(), store.clone());
            let pressed = tokio::task::spawn_blocking(move || {
                Handlers { rules: &rules, overrides: &overrides, store: &*store }
                    .button(chat, user, &data, now)
            })
            .await;
            match pressed {
                Ok(Ok(p)) => {
                    if let Err(e) = bot.answer_callback_query(q.id.clone()).text(p.toast).await {
                        eprintln!("toban serve: could not answer a button: {}", redact(bot, &e));
                    }
                    if let Some(r) = &p.reply {
                        send_reply(bot, r.chat_id, &r.text, &r.buttons).await;
                    }
                    if p.done {
                        // The question is answered: take the buttons off the message.
                        let _ = bot.edit_message_reply_markup(ChatId(chat), message_id).await;
                    }
                }
                Ok(Err(e)) => eprintln!("toban serve: could not handle a button: {e}"),
                Err(e) => eprintln!("toban serve: could not handle a button: {e}"),
            }
        }
        _ => {}
    }
}

/// Sends a reply to a command, retrying a few times (a reply is useful only now).
async fn send_reply(bot: &Bot, chat: i64, text: &str, buttons: &[Vec<(String, String)>]) {
    let mut wait = Duration::from_millis(500);
    let markup = (!buttons.is_empty()).then(|| {
        InlineKeyboardMarkup::new(buttons.iter().map(|row| {
            row.iter()
                .map(|(label, data)| InlineKeyboardButton::callback(label.clone(), data.clone()))
                .collect::<Vec<_>>()
        }))
    });
    for _ in 0..5 {
        let mut request = bot.send_message(ChatId(chat), text);
        if let Some(m) = &markup {
            request = request.reply_markup(m.clone());
        }
        match request.await {
            Ok(_) => return,
            Err(RequestError::RetryAfter(s)) => tokio::time::sleep(s.duration()).await,
            Err(e) => {
                eprintln!("toban serve: could not send a reply: {}", redact(bot, &e));
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
        }
    }
}
