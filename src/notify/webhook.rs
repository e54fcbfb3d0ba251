//! Outbound webhooks (issue 19): a phone/IVR or SMS gateway told of notices, as one more route
//! of the outbox ([`Route::Webhook`]), so it has the outbox's guarantees: retried with back-off
//! on 5xx, timeouts and refused connections; 429's `Retry-After` honoured; other 4xx permanent
//! (the admins told); kept across restarts; never holding up another route or recipient.
//!
//! The request: `POST url` with a JSON body of stable fields (README "Webhooks for phone and
//! SMS gateways"): `webhook`, `kind`, `key`, `call`, `member`, `role`, `language`, `text`. The
//! text is the notice as the member reads it, so no more patient data than the notice carries.
//! Signed: [`TIMESTAMP_HEADER`] is the Unix time in seconds and [`SIGNATURE_HEADER`] is
//! `v1=` + hex HMAC-SHA256(secret, timestamp + "." + body); a gateway recomputes it, compares in
//! constant time, and refuses a timestamp more than 5 minutes old ([`verify`]).

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::json;

use super::{Delivered, Failure, NotifyError, Route};
use crate::config::Secret;
use crate::msg::webhook::WebhookMsg;
use crate::routing::Notice;
use crate::rules::{Rules, Webhook};

/// The header with the signature.
pub const SIGNATURE_HEADER: &str = "X-Toban-Signature";
/// The header with the time of signing (Unix seconds).
pub const TIMESTAMP_HEADER: &str = "X-Toban-Timestamp";
/// How long one POST may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The signature of `body` sent at `timestamp`: `v1=` + hex HMAC-SHA256(secret,
/// "{timestamp}.{body}").
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("v1={hex}")
}

/// Whether `signature` signs `body` at `timestamp` under `secret`, compared in constant time,
/// and `timestamp` is within 5 minutes of `now` (Unix seconds): what a gateway checks.
pub fn verify(secret: &[u8], timestamp: &str, body: &[u8], signature: &str, now: i64) -> bool {
    let Ok(t) = timestamp.trim().parse::<i64>() else { return false };
    if (now - t).abs() > 300 {
        return false;
    }
    let Some(hex) = signature.trim().strip_prefix("v1=") else { return false };
    if hex.len() != 64 || !hex.is_ascii() {
        return false;
    }
    let bytes: Option<Vec<u8>> =
        (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect();
    let Some(bytes) = bytes else { return false };
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret) else { return false };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&bytes).is_ok()
}

struct Hook {
    rule: Webhook,
    secret: Secret,
}

/// The webhooks of the rules, with their secrets, and a client to post with.
#[derive(Default)]
pub struct Webhooks {
    hooks: Vec<Hook>,
    http: Option<(reqwest::Client, tokio::runtime::Handle)>,
}

impl Webhooks {
    /// The webhooks of `rules`, each with its secret read with `get` (the environment).
    ///
    /// # Errors
    /// A webhook whose variable is unset or empty (naming the file and line), or no client.
    pub fn from_rules(
        rules: &Rules,
        get: &dyn Fn(&str) -> Option<String>,
        runtime: tokio::runtime::Handle,
    ) -> Result<Webhooks, String> {
        let mut hooks = Vec::new();
        for rule in &rules.webhooks {
            let Some(secret) = get(&rule.secret_env).filter(|s| !s.trim().is_empty()) else {
                let msg = WebhookMsg::SecretUnset {
                    at: rule.at.clone(),
                    id: rule.id.clone(),
                    var: rule.secret_env.clone(),
                };
                return Err(crate::msg::Message::render(&msg, crate::msg::Lang::En));
            };
            hooks.push(Hook { rule: rule.clone(), secret: Secret::new(secret) });
        }
        if hooks.is_empty() {
            return Ok(Webhooks::default());
        }
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| format!("cannot build the webhook client: {e}"))?;
        Ok(Webhooks { hooks, http: Some((client, runtime)) })
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.hooks.is_empty()
    }

    /// The route of webhook `id`, if the rules have it.
    pub fn route(&self, id: &str) -> Option<Route> {
        self.hooks.iter().find(|h| h.rule.id == id).map(|_| Route::Webhook(id.to_string()))
    }

    /// The routes of the webhooks that take `notice` at once (those without a delay).
    pub fn routes_now(&self, notice: &Notice) -> Vec<Route> {
        self.hooks
            .iter()
            .filter(|h| h.rule.after_minutes.is_none())
            .filter(|h| h.rule.wants(&notice.to, notice.body.tag()))
            .map(|h| Route::Webhook(h.rule.id.clone()))
            .collect()
    }

    /// The webhooks that take `notice` later (id, minutes), if its call is still unanswered.
    pub fn delayed(&self, notice: &Notice) -> Vec<(String, u32)> {
        if notice.body.call().is_none() {
            return Vec::new();
        }
        self.hooks
            .iter()
            .filter(|h| h.rule.wants(&notice.to, notice.body.tag()))
            .filter_map(|h| Some((h.rule.id.clone(), h.rule.after_minutes?)))
            .collect()
    }

    /// POSTs `notice` (rendered as `text`) to webhook `id`, signed.
    ///
    /// # Errors
    /// How it failed: 2xx delivered; 429 and 5xx, timeouts and refused connections transient;
    /// other 4xx permanent.
    pub fn deliver(
        &self,
        rules: &Rules,
        id: &str,
        notice: &Notice,
        text: &str,
    ) -> Result<Delivered, NotifyError> {
        let to = notice.to.to_string();
        let fail = |why: String, failure: Failure, status: Option<u16>| NotifyError {
            to: to.clone(),
            why,
            failure,
            broken: Vec::new(),
            status,
        };
        let (Some(hook), Some((client, runtime))) =
            (self.hooks.iter().find(|h| h.rule.id == id), &self.http)
        else {
            let why = format!("webhook {id} is not in the rules");
            return Err(fail(why, Failure::Permanent, None));
        };
        let body = payload(rules, id, notice, text);
        let timestamp = chrono::Utc::now().timestamp();
        let signature = sign(hook.secret.expose().as_bytes(), timestamp, body.as_bytes());
        // Built inside the runtime: the client's timeout needs its reactor.
        let sent = runtime.block_on(async {
            client
                .post(&hook.rule.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(TIMESTAMP_HEADER, timestamp.to_string())
                .header(SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
        });
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                let why = format!("webhook {id} unreachable: {e}");
                return Err(fail(why, Failure::Transient { retry_after: None }, None));
            }
        };
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(Delivered::default());
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let why = format!("webhook {id} answered HTTP {status}");
        Err(fail(why, classify(status, retry_after), Some(status)))
    }
}

/// Replaces the webhooks `serve` posts to when its rules are reloaded (issue 19): new,
/// changed and removed `[[webhook]]` sections take effect with the rules that hold them.
#[derive(Clone)]
pub struct Reloader {
    /// The webhooks the notifier posts to.
    pub live: crate::live::Live<Webhooks>,
    /// The rules the notifier reads (a reload replaces them, as for every other part).
    pub rules: crate::live::Live<Rules>,
    /// Where their requests run.
    pub runtime: tokio::runtime::Handle,
}

impl Reloader {
    /// The webhooks of the edited `rules`, each secret read with `get` (`serve`'s environment),
    /// before the rules are in force.
    ///
    /// # Errors
    /// A [`crate::rules::RulesError`] naming each webhook whose variable `serve` does not have
    /// (file and line): the rules are refused as any bad rules are, the old ones stay.
    pub fn prepare(
        &self,
        rules: &Rules,
        get: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Webhooks> {
        let problems: Vec<crate::rules::Problem> = rules
            .webhooks
            .iter()
            .filter(|w| get(&w.secret_env).is_none_or(|s| s.trim().is_empty()))
            .map(|w| crate::rules::Problem {
                path: w.at.path.clone(),
                line: w.at.line,
                column: 1,
                message: crate::msg::rules::RulesMsg::Webhook(
                    crate::msg::webhook::WebhookRule::SecretNotInServe {
                        id: w.id.clone(),
                        var: w.secret_env.clone(),
                    },
                ),
                excerpt: None,
            })
            .collect();
        if !problems.is_empty() {
            return Err(crate::rules::RulesError { problems }.into());
        }
        Webhooks::from_rules(rules, get, self.runtime.clone()).map_err(anyhow::Error::msg)
    }
}

/// What an answer with HTTP `status` (not 2xx) means.
pub fn classify(status: u16, retry_after: Option<Duration>) -> Failure {
    match status {
        429 => Failure::Transient { retry_after },
        // A request timeout is the receiver's state, not this request's fault.
        408 => Failure::Transient { retry_after: None },
        400..=499 => Failure::Permanent,
        _ => Failure::Transient { retry_after },
    }
}

/// The JSON body: stable field names (README), no more than the notice's own text carries.
pub fn payload(rules: &Rules, id: &str, notice: &Notice, text: &str) -> String {
    let role = rules.member(notice.to.as_str()).map(|m| m.role.as_str());
    let language = match rules.association.language {
        crate::rules::Language::Ja => "ja",
        crate::rules::Language::En => "en",
    };
    json!({
        "webhook": id,
        "kind": notice.body.tag(),
        "key": notice.key,
        "call": notice.body.call(),
        "member": notice.to.as_str(),
        "role": role,
        "language": language,
        "text": text,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_secret_body_and_time() {
        let body = br#"{"kind":"request"}"#;
        let sig = sign(b"secret", 1_800_000_000, body);
        assert!(sig.starts_with("v1=") && sig.len() == 67, "{sig}");
        let now = 1_800_000_060;
        assert!(verify(b"secret", "1800000000", body, &sig, now));
        assert!(!verify(b"other", "1800000000", body, &sig, now), "another secret");
        assert!(!verify(b"secret", "1800000001", body, &sig, now), "another time");
        assert!(!verify(b"secret", "1800000000", br#"{"kind":"reminder"}"#, &sig, now));
        assert!(!verify(b"secret", "1800000000", body, &sig, now + 600), "too old: a replay");
        assert!(!verify(b"secret", "1800000000", body, "v1=zz", now));
        assert!(!verify(b"secret", "x", body, &sig, now));
    }

    #[test]
    fn statuses_are_classified_as_for_chats() {
        assert_eq!(classify(503, None), Failure::Transient { retry_after: None });
        let d = Some(Duration::from_secs(7));
        assert_eq!(classify(429, d), Failure::Transient { retry_after: d });
        assert_eq!(classify(410, None), Failure::Permanent);
        assert_eq!(classify(400, None), Failure::Permanent);
        assert_eq!(classify(408, None), Failure::Transient { retry_after: None });
    }

    /// A receiver on 127.0.0.1 that answers every request with `status`.
    fn answering(status: u16) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let mut buf = [0u8; 8192];
                let _ = s.read(&mut buf);
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = s.write_all(answer.as_bytes());
            }
        });
        url
    }

    // See: issue 19. The status was parsed back out of the error's text.
    #[test]
    fn a_refusal_carries_the_status_the_receiver_answered_as_a_field() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut rules = crate::plan::testing::sosa();
        let member = rules.doctors[0].id.clone();
        let hook = |id: &str, url: String| Webhook {
            id: id.into(),
            url,
            secret_env: "S".into(),
            members: Vec::new(),
            kinds: Vec::new(),
            after_minutes: None,
            at: crate::msg::rules::Place { path: "webhooks.toml".into(), line: 1 },
        };
        rules.webhooks = vec![hook("gone", answering(410)), hook("busy", answering(503))];
        let env = |_: &str| Some("secret".to_string());
        let hooks = Webhooks::from_rules(&rules, &env, runtime.handle().clone()).unwrap();
        let notice = Notice {
            key: "k".into(),
            to: member.clone(),
            body: crate::routing::Body::LinkBroken { member, why: "x".into(), channel: None },
        };
        let gone = hooks.deliver(&rules, "gone", &notice, "t").unwrap_err();
        assert_eq!((gone.status, gone.failure), (Some(410), Failure::Permanent));
        let busy = hooks.deliver(&rules, "busy", &notice, "t").unwrap_err();
        assert_eq!(busy.status, Some(503));
        let unknown = hooks.deliver(&rules, "none", &notice, "t").unwrap_err();
        assert_eq!(unknown.status, None, "no receiver answered");
    }

    #[test]
    fn the_payload_has_stable_fields_and_the_text_only() {
        let rules = crate::plan::testing::sosa();
        let member = rules.doctors[0].id.clone();
        let notice = Notice {
            key: "call1/request/x".into(),
            to: member.clone(),
            body: crate::routing::Body::LinkBroken {
                member: member.clone(),
                why: "x".into(),
                channel: None,
            },
        };
        let v: serde_json::Value =
            serde_json::from_str(&payload(&rules, "phone", &notice, "本文")).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["webhook", "kind", "key", "call", "member", "role", "language", "text"]);
        assert_eq!(v["member"], member.as_str());
        assert_eq!(v["role"], "doctor");
        assert_eq!(v["text"], "本文");
    }
}
