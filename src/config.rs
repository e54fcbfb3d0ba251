//! Deployment settings from the environment, read once and validated before `serve` listens
//! (association rules are `rules/*.toml`; these say where and how this installation runs):
//! `TOBAN_PUBLIC_URL` (the base of the URLs given to members), `TELOXIDE_TOKEN` (a secret),
//! `TELOXIDE_API_URL`, `TOBAN_BOT_USERNAME`; LINE's `LINE_CHANNEL_SECRET` and
//! `LINE_CHANNEL_ACCESS_TOKEN` (secrets) and `LINE_API_URL` ([`LineConfig`]). Several
//! associations in one deployment each have their own bot: `TELOXIDE_TOKEN_<ID>` and the like
//! ([`credentials`]).
//!
//! Key decision: a bad setting stops `serve` at start with the variable named, not at 3 a.m.
//! when a doctor asks for a calendar URL; the public URL defaults to the address `serve`
//! actually listens on, so members are never handed another machine's `127.0.0.1:8080`.

use std::sync::OnceLock;

pub mod credentials;

/// The variable with the public base URL of `toban serve`.
pub const PUBLIC_URL_VAR: &str = "TOBAN_PUBLIC_URL";

/// A secret (the bot token): printed and logged as `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// A secret read from the environment (webhook secrets, issue 19).
    pub fn new(secret: String) -> Secret {
        Secret(secret)
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// `serve`'s settings.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The public base URL (no trailing slash).
    pub public_url: String,
    /// The Telegram bot token, if the bot is on.
    pub telegram_token: Option<Secret>,
    /// The Bot API base (tests point it at a fake).
    pub telegram_api: Option<url::Url>,
    /// Warnings to show at start (e.g. plain HTTP beyond this machine).
    pub warnings: Vec<crate::msg::serve::ServeWarning>,
}

/// Reads a non-empty environment variable.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// `text` as a public base URL: http or https, a host, no query or fragment.
///
/// # Errors
/// A sentence naming the variable and what to write instead.
pub fn parse_public_url(text: &str) -> Result<String, String> {
    let bad = |why: &str| {
        format!("{PUBLIC_URL_VAR} '{text}' {why}; write e.g. https://toban.example-ishikai.jp")
    };
    let url = url::Url::parse(text).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must start with https:// (or http://)"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("names no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a ? query or # fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

impl ServeConfig {
    /// The settings of a `serve` listening on `address` (the address it actually bound).
    ///
    /// # Errors
    /// A sentence naming the variable that is wrong.
    pub fn from_env(address: std::net::SocketAddr) -> Result<ServeConfig, String> {
        let mut warnings = Vec::new();
        let public_url = match var(PUBLIC_URL_VAR) {
            Some(u) => parse_public_url(&u)?,
            None => format!("http://{address}"),
        };
        if !address.ip().is_loopback() && !public_url.starts_with("https://") {
            warnings.push(crate::msg::serve::ServeWarning::PlainHttp {
                address: address.to_string(),
                var: PUBLIC_URL_VAR.into(),
                public_url: public_url.clone(),
            });
        }
        let telegram_token = var("TELOXIDE_TOKEN").map(Secret);
        let telegram_api = match var("TELOXIDE_API_URL") {
            Some(u) => Some(
                url::Url::parse(&u)
                    .map_err(|e| format!("TELOXIDE_API_URL '{u}' is not a URL: {e}"))?,
            ),
            None => None,
        };
        Ok(ServeConfig { public_url, telegram_token, telegram_api, warnings })
    }
}

/// The variable with the LINE channel secret (it signs every webhook request).
pub const LINE_SECRET_VAR: &str = "LINE_CHANNEL_SECRET";
/// The variable with the LINE channel access token (it authorises replies and pushes).
pub const LINE_TOKEN_VAR: &str = "LINE_CHANNEL_ACCESS_TOKEN";
/// The variable with the LINE API base (tests point it at a fake).
pub const LINE_API_VAR: &str = "LINE_API_URL";
/// LINE's API base when [`LINE_API_VAR`] is unset.
pub const LINE_API_DEFAULT: &str = "https://api.line.me";
/// LINE's base for uploads when [`LINE_API_VAR`] is unset.
pub const LINE_DATA_API_DEFAULT: &str = "https://api-data.line.me";

/// The LINE channel's settings (issue 19); LINE is off without them.
#[derive(Debug, Clone)]
pub struct LineConfig {
    /// The channel secret: the key of the webhook's `X-Line-Signature`.
    pub secret: Secret,
    /// The channel access token.
    pub token: Secret,
    /// The API base, without a trailing slash.
    pub api: String,
    /// The base of the API's uploads (a rich menu's image), without a trailing slash: LINE
    /// takes them at another host; with [`LINE_API_VAR`] set, the same base as `api`.
    pub data_api: String,
}

impl LineConfig {
    /// LINE's settings from the environment: `None` (LINE off) when neither the secret nor the
    /// token is set.
    ///
    /// # Errors
    /// A sentence naming the variable that is missing or wrong.
    pub fn from_env() -> Result<Option<LineConfig>, String> {
        LineConfig::from_lookup(&var)
    }

    /// As [`LineConfig::from_env`], reading variables with `get` (tests).
    ///
    /// # Errors
    /// As [`LineConfig::from_env`].
    pub fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<Option<LineConfig>, String> {
        let (secret, token) = match (get(LINE_SECRET_VAR), get(LINE_TOKEN_VAR)) {
            (None, None) => return Ok(None),
            (Some(s), Some(t)) => (Secret(s), Secret(t)),
            (Some(_), None) => {
                return Err(format!(
                    "{LINE_SECRET_VAR} is set but {LINE_TOKEN_VAR} is not: set both (LINE Developers console, Messaging API tab) or neither"
                ));
            }
            (None, Some(_)) => {
                return Err(format!(
                    "{LINE_TOKEN_VAR} is set but {LINE_SECRET_VAR} is not: set both (LINE Developers console, Basic settings tab) or neither"
                ));
            }
        };
        let given = get(LINE_API_VAR);
        let data_api = given.clone().unwrap_or_else(|| LINE_DATA_API_DEFAULT.to_string());
        let api = given.unwrap_or_else(|| LINE_API_DEFAULT.to_string());
        let url = url::Url::parse(&api)
            .map_err(|e| format!("{LINE_API_VAR} '{api}' is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("{LINE_API_VAR} '{api}' must start with https://"));
        }
        let (api, data_api) =
            (api.trim_end_matches('/').to_string(), data_api.trim_end_matches('/').to_string());
        Ok(Some(LineConfig { secret, token, api, data_api }))
    }
}

static PUBLIC: OnceLock<String> = OnceLock::new();

/// Sets the public base URL for this process (`serve`, once, at start).
pub fn set_public_url(url: String) {
    let _ = PUBLIC.set(url);
}

/// The public base URL for URLs given to members: `serve`'s (inside `serve`), else
/// `TOBAN_PUBLIC_URL` if it is valid, else the address the last `serve` of `data` listened on,
/// else `http://127.0.0.1:8080`.
pub fn public_url(data: Option<&std::path::Path>) -> String {
    if let Some(u) = PUBLIC.get() {
        return u.clone();
    }
    if let Some(u) = var(PUBLIC_URL_VAR).and_then(|u| parse_public_url(&u).ok()) {
        return u;
    }
    data.and_then(|d| std::fs::read_to_string(d.join(crate::cli::ADDRESS_FILE)).ok())
        .map(|a| a.trim().trim_end_matches('/').to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "http://127.0.0.1:8080".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let s = Secret("123:ABC".into());
        assert_eq!(format!("{s} {s:?}"), "[redacted] [redacted]");
    }

    #[test]
    fn line_is_off_without_its_variables_and_refused_half_set_and_its_secrets_never_print() {
        fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
            let pairs: Vec<(String, String)> =
                pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            move |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        }
        assert!(LineConfig::from_lookup(&env(&[])).unwrap().is_none());
        let e = LineConfig::from_lookup(&env(&[(LINE_SECRET_VAR, "s")])).unwrap_err();
        assert!(e.contains(LINE_TOKEN_VAR), "{e}");
        let e = LineConfig::from_lookup(&env(&[(LINE_TOKEN_VAR, "t")])).unwrap_err();
        assert!(e.contains(LINE_SECRET_VAR), "{e}");
        let both = [(LINE_SECRET_VAR, "shh-secret"), (LINE_TOKEN_VAR, "tok-token")];
        let c = LineConfig::from_lookup(&env(&both)).unwrap().unwrap();
        assert_eq!(c.api, LINE_API_DEFAULT);
        assert_eq!(c.data_api, LINE_DATA_API_DEFAULT, "uploads go to LINE's data host");
        let fake = [both[0], both[1], (LINE_API_VAR, "http://127.0.0.1:9/")];
        let c = LineConfig::from_lookup(&env(&fake)).unwrap().unwrap();
        assert_eq!(
            (c.api.as_str(), c.data_api.as_str()),
            ("http://127.0.0.1:9", "http://127.0.0.1:9")
        );
        let printed = format!("{c:?}");
        assert!(!printed.contains("shh-secret") && !printed.contains("tok-token"), "{printed}");
        let bad = [both[0], both[1], (LINE_API_VAR, "not a url")];
        assert!(LineConfig::from_lookup(&env(&bad)).unwrap_err().contains(LINE_API_VAR));
    }

    #[test]
    fn public_urls_are_checked() {
        assert_eq!(
            parse_public_url("https://toban.example.jp/").unwrap(),
            "https://toban.example.jp"
        );
        assert_eq!(parse_public_url("https://x.jp/toban").unwrap(), "https://x.jp/toban");
        for bad in ["toban.example.jp", "ftp://x.jp", "https://x.jp/?a=1", "not a url"] {
            let e = parse_public_url(bad).unwrap_err();
            assert!(e.contains(PUBLIC_URL_VAR), "{bad}: {e}");
        }
    }

    #[test]
    fn the_default_public_url_is_the_address_listened_on_with_a_warning_beyond_loopback() {
        // SAFETY-free: reads the environment only; the variable is not set in unit tests.
        if var(PUBLIC_URL_VAR).is_some() {
            return;
        }
        let c = ServeConfig::from_env("127.0.0.1:9191".parse().unwrap()).unwrap();
        assert_eq!((c.public_url.as_str(), c.warnings.len()), ("http://127.0.0.1:9191", 0));
        let c = ServeConfig::from_env("0.0.0.0:8080".parse().unwrap()).unwrap();
        let en = crate::msg::Message::en(&c.warnings[0]);
        assert!(en.contains("TLS"), "{:?}", c.warnings);
    }
}
