//! Texts of outbound webhooks (issue 19): problems in `[[webhook]]` rules and at `serve`'s
//! start.

use serde::{Deserialize, Serialize};

use super::Message;
use super::rules::Place;

/// A problem in a `[[webhook]]` section (shown with its file and line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebhookRule {
    /// Two webhooks with one id.
    IdTwice {
        /// The id.
        id: String,
        /// Where it was first.
        first: Place,
    },
    /// Not an http(s) URL with a host.
    BadUrl {
        /// The webhook.
        id: String,
        /// As written.
        url: String,
    },
    /// `secret_env` is not the name of an environment variable (perhaps the secret itself).
    BadEnvName {
        /// The webhook.
        id: String,
        /// As written (never shown: it may be the secret).
        name: String,
    },
    /// A member id not in the rules.
    UnknownMember {
        /// The webhook.
        id: String,
        /// As written.
        member: String,
    },
    /// A kind of notice toban does not send.
    UnknownKind {
        /// The webhook.
        id: String,
        /// As written.
        kind: String,
    },
}

impl WebhookRule {
    /// One of every variant.
    pub fn samples() -> Vec<WebhookRule> {
        let id = "phone".to_string();
        vec![
            WebhookRule::IdTwice {
                id: id.clone(),
                first: Place { path: "rules/webhooks.toml".into(), line: 3 },
            },
            WebhookRule::BadUrl { id: id.clone(), url: "gateway.example".into() },
            WebhookRule::BadEnvName { id: id.clone(), name: "s3cr3t value".into() },
            WebhookRule::UnknownMember { id: id.clone(), member: "d99".into() },
            WebhookRule::UnknownKind { id, kind: "requests".into() },
        ]
    }
}

impl Message for WebhookRule {
    fn ja(&self) -> String {
        match self {
            WebhookRule::IdTwice { id, first } => format!(
                "Webhook の id「{id}」は{}でも使われています。それぞれ別の id にしてください。",
                first.ja()
            ),
            WebhookRule::BadUrl { id, url } => format!(
                "Webhook「{id}」の url「{url}」は送り先として読めません。`https://` で始まる完全な URL を書いてください。"
            ),
            WebhookRule::BadEnvName { id, .. } => format!(
                "Webhook「{id}」の secret_env には、共有の秘密鍵を入れた環境変数の名前（英大文字・数字・「_」、例: TOBAN_WEBHOOK_PHONE_SECRET）を書いてください。秘密鍵そのものはルールファイルに書かないでください（書いてしまった場合は、鍵を作り直してください）。"
            ),
            WebhookRule::UnknownMember { id, member } => format!(
                "Webhook「{id}」の members にある「{member}」は会員名簿にありません。members.toml の id を書いてください。"
            ),
            WebhookRule::UnknownKind { id, kind } => format!(
                "Webhook「{id}」の kinds にある「{kind}」という通知の種類はありません。使えるもの: {}",
                crate::rules::WEBHOOK_KINDS.join("、")
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            WebhookRule::IdTwice { id, first } => {
                format!(
                    "webhook id '{id}' is used at {} too: give each webhook its own id",
                    first.en()
                )
            }
            WebhookRule::BadUrl { id, url } => format!(
                "webhook '{id}': url '{url}' is not a URL to post to: write a full URL starting with https://"
            ),
            WebhookRule::BadEnvName { id, .. } => format!(
                "webhook '{id}': secret_env must name the environment variable holding the shared secret (capitals, digits and _, e.g. TOBAN_WEBHOOK_PHONE_SECRET); never write the secret in a rules file (if you did, make a new one)"
            ),
            WebhookRule::UnknownMember { id, member } => format!(
                "webhook '{id}': member '{member}' is not in the rules: use an id from members.toml"
            ),
            WebhookRule::UnknownKind { id, kind } => format!(
                "webhook '{id}': there is no kind of notice '{kind}'; known kinds: {}",
                crate::rules::WEBHOOK_KINDS.join(", ")
            ),
        }
    }
}

/// A webhook that cannot start with `serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookMsg {
    /// Its secret's environment variable is not set (or empty).
    SecretUnset {
        /// Where the rules define it.
        at: Place,
        /// The webhook.
        id: String,
        /// The variable.
        var: String,
    },
}

impl WebhookMsg {
    /// One of every variant.
    pub fn samples() -> Vec<WebhookMsg> {
        vec![WebhookMsg::SecretUnset {
            at: Place { path: "rules/webhooks.toml".into(), line: 3 },
            id: "phone".into(),
            var: "TOBAN_WEBHOOK_PHONE_SECRET".into(),
        }]
    }
}

impl Message for WebhookMsg {
    fn ja(&self) -> String {
        match self {
            WebhookMsg::SecretUnset { at, id, var } => format!(
                "{}: Webhook「{id}」の秘密鍵を入れる環境変数 {var} が設定されていません。{var} に送り先と共有する秘密鍵（32文字以上の乱数）を設定してから、もう一度 toban serve を起動してください。",
                at.ja()
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            WebhookMsg::SecretUnset { at, id, var } => format!(
                "{}: webhook '{id}': the environment variable {var} (its secret) is not set: set it to the secret shared with the receiver (32 or more random characters) and start toban serve again",
                at.en()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    #[test]
    fn every_text_reads_in_both_languages_and_never_shows_a_secret() {
        for m in WebhookRule::samples() {
            let (ja, en) = (m.render(Lang::Ja), m.render(Lang::En));
            assert!(!ja.is_empty() && !en.is_empty());
            assert!(!ja.contains("s3cr3t") && !en.contains("s3cr3t"), "{ja} / {en}");
        }
        for m in WebhookMsg::samples() {
            assert!(m.render(Lang::Ja).contains("webhooks.toml 3行目"));
            assert!(m.render(Lang::En).contains("rules/webhooks.toml:3"));
        }
    }
}
