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
    /// A reload brings a webhook whose secret's variable the running `serve` does not have
    /// (an environment is read at start): the edited rules are not in force.
    SecretNotInServe {
        /// The webhook.
        id: String,
        /// The variable.
        var: String,
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
            WebhookRule::UnknownKind { id: id.clone(), kind: "requests".into() },
            WebhookRule::SecretNotInServe { id, var: "TOBAN_WEBHOOK_PHONE_SECRET".into() },
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
                super::words::list(crate::rules::WEBHOOK_KINDS.iter(), super::Lang::Ja)
            ),
            WebhookRule::SecretNotInServe { id, var } => format!(
                "Webhook「{id}」の秘密鍵を入れる環境変数 {var} が、動いている toban serve に設定されていません（環境変数は起動時に読みます）。{var} を設定して toban serve を起動し直してください。それまでは変更前のルールのままです。"
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
                super::words::list(crate::rules::WEBHOOK_KINDS.iter(), super::Lang::En)
            ),
            WebhookRule::SecretNotInServe { id, var } => format!(
                "webhook '{id}': the running toban serve has no environment variable {var} (its secret; the environment is read at start): set it and restart toban serve; until then the previous rules stay in force"
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

/// What a webhook answered: its HTTP status, or what went wrong when it did not answer.
fn answer(status: Option<u16>, why: &str) -> String {
    match status {
        Some(s) => format!("HTTP {s}"),
        None => why.to_string(),
    }
}

/// To the office: a webhook refused a notice for good (a 4xx other than 429), so toban stopped
/// sending that notice to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRefused {
    /// The webhook's id.
    pub webhook: String,
    /// The recipient of the notice.
    pub who: super::notice::Who,
    /// Their id.
    pub id: String,
    /// The notice's kind ([`crate::routing::Body::tag`]).
    pub what: String,
    /// The HTTP status it answered, if it answered.
    pub status: Option<u16>,
    /// What went wrong, as logged (shown when there is no status).
    pub why: String,
}

impl WebhookRefused {
    /// A sample, for the catalogue's tests.
    pub fn sample(who: super::notice::Who) -> WebhookRefused {
        WebhookRefused {
            webhook: "phone".into(),
            who,
            id: "d03".into(),
            what: "request".into(),
            status: Some(410),
            why: "webhook phone answered HTTP 410".into(),
        }
    }
}

impl Message for WebhookRefused {
    fn ja(&self) -> String {
        let WebhookRefused { webhook, who, id, what, .. } = self;
        format!(
            "【要対応】Webhook「{webhook}」（電話・SMS などの送り先）が、{}（{id}）あての{}を受け付けませんでした（{}）。この通知は、この送り先へ送るのをやめました（再送しません）。送り先の URL と秘密鍵（secret_env の環境変数）をご確認のうえ、ルールファイルの `[[webhook]]`（id = \"{webhook}\"）を直してください。チャットや画面など、ほかの送り先への配信は続けています。",
            who.ja(),
            super::notice::kind_ja(what),
            answer(self.status, &self.why)
        )
    }

    fn en(&self) -> String {
        let WebhookRefused { webhook, who, id, what, .. } = self;
        format!(
            "[Action needed] Webhook '{webhook}' (a phone or SMS gateway) refused {} for {} ({id}): {}. toban stopped sending that notice to it (it is not retried). Check the gateway's URL and its secret (the secret_env variable), then fix the `[[webhook]]` rule with id = \"{webhook}\". Other routes (chats, the console) are not affected.",
            super::notice::kind_en(what),
            who.en(),
            answer(self.status, &self.why)
        )
    }
}

/// To the office: a webhook failed for `[delivery] dead_letter_minutes` (unreachable, 5xx, 429),
/// so toban gave a notice up on it: the gateway never got it. Told once until it accepts again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookGivenUp {
    /// The webhook's id.
    pub webhook: String,
    /// The recipient of the notice.
    pub who: super::notice::Who,
    /// Their id.
    pub id: String,
    /// The notice's kind ([`crate::routing::Body::tag`]).
    pub what: String,
    /// How long it was tried, in minutes.
    pub minutes: u32,
    /// The HTTP status it answered last, if it answered.
    pub status: Option<u16>,
    /// What went wrong last, as logged (shown when there is no status).
    pub why: String,
}

impl WebhookGivenUp {
    /// A sample, for the catalogue's tests.
    pub fn sample(who: super::notice::Who) -> WebhookGivenUp {
        WebhookGivenUp {
            webhook: "phone".into(),
            who,
            id: "d03".into(),
            what: "request".into(),
            minutes: 10,
            status: Some(503),
            why: "webhook phone answered HTTP 503".into(),
        }
    }
}

impl Message for WebhookGivenUp {
    fn ja(&self) -> String {
        let WebhookGivenUp { webhook, who, id, what, minutes, .. } = self;
        format!(
            "【要対応】Webhook「{webhook}」（電話・SMS などの送り先）へ、{}（{id}）あての{}を{minutes}分間送り続けましたが届かなかったため、この送り先へ送るのをやめました（最後の応答: {}）。この件では電話は鳴らず、SMS も送られていません。送り先の機器やサービスが止まっていないか、URL が正しいかをご確認ください。チャットや画面など、ほかの送り先への配信はこれとは別に続けています。この送り先がふたたび受け付けるまで、このお知らせは繰り返しません。",
            who.ja(),
            super::notice::kind_ja(what),
            answer(self.status, &self.why)
        )
    }

    fn en(&self) -> String {
        let WebhookGivenUp { webhook, who, id, what, minutes, .. } = self;
        format!(
            "[Action needed] Webhook '{webhook}' (a phone or SMS gateway) could not be reached with {} for {} ({id}) for {minutes} minutes (last answer: {}), so toban gave that notice up on it: no phone rang and no SMS was sent. Check that the gateway is running and that its URL is right. Other routes (chats, the console) go on separately. You will not be told again until the gateway accepts a notice.",
            super::notice::kind_en(what),
            who.en(),
            answer(self.status, &self.why)
        )
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
        let who = crate::msg::notice::Who::Named("上田".into());
        let refused = WebhookRefused::sample(who);
        let (ja, en) = (refused.render(Lang::Ja), refused.render(Lang::En));
        assert!(ja.contains("「phone」") && ja.contains("HTTP 410") && ja.contains("[[webhook]]"));
        assert!(en.contains("'phone'") && en.contains("HTTP 410") && en.contains("[[webhook]]"));
        assert!(!ja.contains("画面に表示しました"), "not the dead-letter text: {ja}");
        let who = crate::msg::notice::Who::Named("上田".into());
        let given_up = WebhookGivenUp::sample(who);
        let (ja, en) = (given_up.render(Lang::Ja), given_up.render(Lang::En));
        assert!(
            ja.contains("「phone」") && ja.contains("HTTP 503") && ja.contains("10分間"),
            "{ja}"
        );
        assert!(en.contains("'phone'") && en.contains("HTTP 503") && en.contains("10 minutes"));
        assert!(!ja.contains("受け付けませんでした"), "not the refusal's text: {ja}");
        assert!(ja.contains("電話は鳴らず、SMS も送られていません"), "what did not happen: {ja}");
    }
}
