//! The LINE adapter (issue 19): the Messaging API. [`webhook`] takes LINE's signed webhook
//! requests at `POST /line/webhook` on `serve`'s listener, hands each event to the chat core and
//! replies; [`LineDevice`] pushes the outbox's notices to LINE chats.
//!
//! Key decisions:
//! - Buttons are a flex message: the text in the body (a template message would cut it at 160
//!   characters) and one postback button a row in the footer, whose data is the core's button
//!   data, so a postback is the same press as Telegram's callback.
//! - Answers go by the event's reply token (free of the channel's monthly quota); a reply that
//!   fails (the token is single-use and short-lived: a redelivered event's has expired) is
//!   pushed instead. Notices are pushed.
//! - A failed call is classified as for Telegram ([`classify`]): 429, 5xx, network, a refused
//!   token are "not now" (retried with back-off, honouring `Retry-After`); 404 (no such user
//!   for this channel) means the chat is gone (its link is broken); another 4xx refuses this
//!   message (the fallback). A member who blocks the bot is learnt from the `unfollow` event.
//! - The access token travels only in the `Authorization` header, never in a URL, so no error
//!   text can carry it.
//! - The Messaging API's JSON is written and read here, not through `line-bot-sdk-rust`: its
//!   type crates (`line_webhook`, `line_messaging_api`) depend on hyper 0.14 with `hyper-tls`,
//!   that is native-tls and OpenSSL, which the build excludes (rustls only; checked by
//!   `deploy::the_locked_dependencies_bind_no_openssl_or_native_tls`). toban needs a handful of
//!   shapes (push, reply, flex buttons, rich menus; message, postback, follow and unfollow
//!   events), each pinned by the fake LINE server's end-to-end tests.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::chat::deliver::{Device, SendError};
use crate::config::{LineConfig, Secret};
use crate::store::Store;

pub mod image;
pub mod menu;
pub mod webhook;

/// The longest text of a LINE text message (characters).
pub const MAX_TEXT: usize = 5000;
/// The longest notification text (`altText`) of a flex message (characters).
const MAX_ALT: usize = 400;
/// The longest label of a flex message's button (characters).
const MAX_LABEL: usize = 40;
/// Messages one reply or push may carry.
pub const MAX_MESSAGES: usize = 5;
/// How long a call to the API may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// The Messaging API's client: the API base and the channel access token.
pub struct LineClient {
    http: reqwest::Client,
    api: String,
    data_api: String,
    token: Secret,
}

impl LineClient {
    /// A client for the channel of `config`.
    ///
    /// # Errors
    /// If the HTTP client cannot be built (no TLS roots).
    pub fn new(config: &LineConfig) -> Result<LineClient, String> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| format!("cannot build the LINE API client: {e}"))?;
        Ok(LineClient {
            http,
            api: config.api.clone(),
            data_api: config.data_api.clone(),
            token: config.token.clone(),
        })
    }

    /// Pushes `messages` (at most [`MAX_MESSAGES`]) to LINE user `to`; returns the ids LINE
    /// gave the messages sent (its answer's `sentMessages`; none if it named none).
    ///
    /// # Errors
    /// How the API failed.
    pub async fn push(&self, to: &str, messages: &[Value]) -> Result<Vec<String>, SendError> {
        self.post("/v2/bot/message/push", &json!({ "to": to, "messages": messages })).await
    }

    /// Replies `messages` (at most [`MAX_MESSAGES`]) with an event's `reply_token`.
    ///
    /// # Errors
    /// How the API failed.
    pub async fn reply(&self, reply_token: &str, messages: &[Value]) -> Result<(), SendError> {
        let body = json!({ "replyToken": reply_token, "messages": messages });
        self.post("/v2/bot/message/reply", &body).await.map(drop)
    }

    /// Posts a message call; returns the ids of the messages sent.
    async fn post(&self, path: &str, body: &Value) -> Result<Vec<String>, SendError> {
        let url = format!("{}{path}", self.api);
        let said = self
            .call(reqwest::Method::POST, url, Some(("application/json", body.to_string().into())))
            .await?;
        Ok(sent_ids(&said))
    }

    /// The rich menus of the channel, as (name, id).
    ///
    /// # Errors
    /// How the API failed.
    pub async fn rich_menus(&self) -> Result<Vec<(String, String)>, SendError> {
        let url = format!("{}/v2/bot/richmenu/list", self.api);
        let said = self.call(reqwest::Method::GET, url, None).await?;
        let menus = said["richmenus"].as_array().cloned().unwrap_or_default();
        Ok(menus
            .iter()
            .filter_map(|m| Some((m["name"].as_str()?.into(), m["richMenuId"].as_str()?.into())))
            .collect())
    }

    /// Creates the rich menu `menu` (without its image); returns its id.
    ///
    /// # Errors
    /// How the API failed, or an answer without an id.
    pub async fn create_rich_menu(&self, menu: &Value) -> Result<String, SendError> {
        let url = format!("{}/v2/bot/richmenu", self.api);
        let body = Some(("application/json", menu.to_string().into()));
        let said = self.call(reqwest::Method::POST, url, body).await?;
        match said["richMenuId"].as_str() {
            Some(id) => Ok(id.to_string()),
            None => Err(SendError::NotNow(
                format!("LINE created a rich menu without an id: {said}"),
                None,
            )),
        }
    }

    /// Uploads rich menu `id`'s image (PNG), at LINE's data host.
    ///
    /// # Errors
    /// How the API failed.
    pub async fn upload_rich_menu_image(&self, id: &str, png: Vec<u8>) -> Result<(), SendError> {
        let url = format!("{}/v2/bot/richmenu/{id}/content", self.data_api);
        self.call(reqwest::Method::POST, url, Some(("image/png", png))).await.map(drop)
    }

    /// Deletes rich menu `id` (whoever was shown it is shown none).
    ///
    /// # Errors
    /// How the API failed.
    pub async fn delete_rich_menu(&self, id: &str) -> Result<(), SendError> {
        let url = format!("{}/v2/bot/richmenu/{id}", self.api);
        self.call(reqwest::Method::DELETE, url, None).await.map(drop)
    }

    /// Shows rich menu `id` to LINE user `user`.
    ///
    /// # Errors
    /// How the API failed.
    pub async fn link_rich_menu(&self, user: &str, id: &str) -> Result<(), SendError> {
        let url = format!("{}/v2/bot/user/{user}/richmenu/{id}", self.api);
        self.call(reqwest::Method::POST, url, None).await.map(drop)
    }

    /// Takes LINE user `user`'s rich menu away.
    ///
    /// # Errors
    /// How the API failed.
    pub async fn unlink_rich_menu(&self, user: &str) -> Result<(), SendError> {
        let url = format!("{}/v2/bot/user/{user}/richmenu", self.api);
        self.call(reqwest::Method::DELETE, url, None).await.map(drop)
    }

    /// One call to the API: its JSON answer (`null` when it has none).
    async fn call(
        &self,
        method: reqwest::Method,
        url: String,
        body: Option<(&str, Vec<u8>)>,
    ) -> Result<Value, SendError> {
        let mut request = self.http.request(method, url).bearer_auth(self.token.expose());
        if let Some((kind, bytes)) = body {
            request = request.header(reqwest::header::CONTENT_TYPE, kind).body(bytes);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Err(SendError::NotNow(format!("LINE API unreachable: {e}"), None)),
        };
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            let text = response.text().await.unwrap_or_default();
            return Ok(serde_json::from_str(&text).unwrap_or(Value::Null));
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let said = response.text().await.unwrap_or_default();
        let said: String = said.chars().take(200).collect();
        Err(classify(status, format!("LINE API answered {status}: {said}"), retry_after))
    }
}

/// What a failed call with HTTP `status` means for the chat it was for.
pub fn classify(status: u16, why: String, retry_after: Option<Duration>) -> SendError {
    match status {
        429 => SendError::NotNow(why, retry_after),
        // The token refused or the channel not allowed: the whole channel's problem, an outage.
        401 | 403 => SendError::NotNow(why, None),
        // No such user for this channel: never reachable again.
        404 => SendError::Gone(why),
        400..=499 => SendError::Refused(why),
        _ => SendError::NotNow(why, retry_after),
    }
}

/// The ids of the messages a push or reply sent, from its answer
/// (`{"sentMessages": [{"id": "…", "quoteToken": "…"}]}`).
fn sent_ids(answer: &Value) -> Vec<String> {
    let sent = answer["sentMessages"].as_array().map(Vec::as_slice).unwrap_or_default();
    sent.iter().filter_map(|m| m["id"].as_str().map(str::to_string)).collect()
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// One LINE message for `text` with `buttons` (rows of (label, postback data)): a text message
/// without buttons, a flex bubble with them.
pub fn message(text: &str, buttons: &[Vec<(String, String)>]) -> Value {
    if buttons.iter().all(Vec::is_empty) {
        return json!({ "type": "text", "text": cut(text, MAX_TEXT) });
    }
    let rows: Vec<Value> = buttons
        .iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            let cells: Vec<Value> = row
                .iter()
                .enumerate()
                .map(|(i, (label, data))| {
                    json!({
                        "type": "button",
                        "style": if i == 0 { "primary" } else { "secondary" },
                        "height": "sm",
                        "action": {
                            "type": "postback",
                            "label": cut(label, MAX_LABEL),
                            "data": data,
                            "displayText": cut(label, MAX_LABEL),
                        },
                    })
                })
                .collect();
            json!({ "type": "box", "layout": "horizontal", "spacing": "sm", "contents": cells })
        })
        .collect();
    json!({
        "type": "flex",
        "altText": cut(text, MAX_ALT),
        "contents": {
            "type": "bubble",
            "body": {
                "type": "box",
                "layout": "vertical",
                "contents": [{ "type": "text", "text": cut(text, MAX_TEXT), "wrap": true }],
            },
            "footer": {
                "type": "box",
                "layout": "vertical",
                "spacing": "sm",
                "contents": rows,
            },
        },
    })
}

/// Pushes the outbox's notices to LINE chats ([`crate::chat::deliver::ChatNotifier`]). The
/// id LINE gives a pushed 【受諾】 record is kept with its call (never its text, which holds
/// the patient's data), so a message quoting it is the call's report ([`webhook`]).
pub struct LineDevice {
    client: Arc<LineClient>,
    runtime: tokio::runtime::Handle,
    store: Arc<dyn Store>,
    now: Clock,
}

/// The adapter's clock.
pub type Clock = Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>;

impl LineDevice {
    /// A device pushing with `client` on `runtime` (the calls block the calling thread, which
    /// must not be one of the runtime's workers); `store` knows each chat's LINE user and keeps
    /// the records' ids, stamped with `now`.
    pub fn new(
        client: Arc<LineClient>,
        runtime: tokio::runtime::Handle,
        store: Arc<dyn Store>,
        now: Clock,
    ) -> LineDevice {
        LineDevice { client, runtime, store, now }
    }
}

impl Device for LineDevice {
    fn send(
        &self,
        chat: i64,
        text: &str,
        buttons: &[Vec<(String, String)>],
        record_of: Option<crate::routing::CallId>,
    ) -> Result<(), SendError> {
        let user = match self.store.line_user(chat) {
            Ok(Some(u)) => u,
            Ok(None) => return Err(SendError::Gone(format!("no LINE user for chat {chat}"))),
            Err(e) => return Err(SendError::NotNow(e.to_string(), None)),
        };
        let message = message(text, buttons);
        let sent = self.runtime.block_on(self.client.push(&user, &[message]))?;
        if let Some(call) = record_of {
            for id in &sent {
                // Delivered all the same: only a quote of this record goes unrecognised, and
                // `/report` still works.
                if let Err(e) = self.store.keep_line_record(id, call, (self.now)()) {
                    tracing::warn!("could not keep the LINE id of call {call}'s record: {e}");
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_buttons_is_a_text_message_and_with_them_a_flex_bubble_of_postbacks() {
        assert_eq!(message("こんにちは", &[]), json!({"type": "text", "text": "こんにちは"}));
        let rows = vec![vec![
            ("引き受ける".to_string(), "accept:1".to_string()),
            ("お断りする".to_string(), "decline:1".to_string()),
        ]];
        let m = message(&"長い依頼文。".repeat(100), &rows);
        assert_eq!(m["type"], "flex");
        assert!(m["altText"].as_str().unwrap().chars().count() <= MAX_ALT);
        let body = m["contents"]["body"]["contents"][0]["text"].as_str().unwrap();
        assert_eq!(body.chars().count(), 600, "the whole text, not cut at 160");
        let row = &m["contents"]["footer"]["contents"][0]["contents"];
        assert_eq!(row[0]["action"]["type"], "postback");
        assert_eq!(row[0]["action"]["data"], "accept:1");
        assert_eq!(row[1]["action"]["label"], "お断りする");
    }

    #[test]
    fn failures_are_classified_as_for_telegram() {
        let why = || "x".to_string();
        let wait = Some(Duration::from_secs(7));
        assert_eq!(classify(429, why(), wait), SendError::NotNow(why(), wait));
        assert_eq!(classify(500, why(), None), SendError::NotNow(why(), None));
        assert_eq!(classify(503, why(), None), SendError::NotNow(why(), None));
        assert_eq!(classify(401, why(), None), SendError::NotNow(why(), None));
        assert_eq!(classify(404, why(), None), SendError::Gone(why()));
        assert_eq!(classify(400, why(), None), SendError::Refused(why()));
    }
}
