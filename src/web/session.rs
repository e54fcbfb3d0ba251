//! Cookies, the client's address and the live session of a request.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use chrono::{DateTime, Utc};

use super::auth::{self, SessionState};
use crate::server::App;
use crate::store::{StoreError, WebSession};

/// The cookie holding the session token.
pub const SESSION_COOKIE: &str = "toban_session";

/// The cookie holding the CSRF token of the sign-in and setup forms (before a session exists:
/// the form's hidden field must equal it).
pub const FORM_COOKIE: &str = "toban_form";

/// The cookie holding the reader's language (`ja` or `en`), set by the header's switch.
pub const LANG_COOKIE: &str = "toban_lang";

/// The value of cookie `name` in `headers`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/admin, Secure behind https; `value`
/// `None` deletes the cookie.
pub fn set_cookie(name: &str, value: Option<&str>, max_age_seconds: i64, secure: bool) -> String {
    set_cookie_at("/admin", name, value, max_age_seconds, secure)
}

/// As [`set_cookie`], for the pages under `path` (the doctors' pages' cookies are `/me`'s
/// only, so the console never receives them).
pub fn set_cookie_at(
    path: &str,
    name: &str,
    value: Option<&str>,
    max_age_seconds: i64,
    secure: bool,
) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match value {
        Some(v) => format!(
            "{name}={v}; Max-Age={max_age_seconds}; Path={path}; HttpOnly; SameSite=Strict{secure}"
        ),
        None => format!("{name}=; Max-Age=0; Path={path}; HttpOnly; SameSite=Strict{secure}"),
    }
}

/// Whether cookies must be `Secure`: the public URL is https.
pub fn secure(app: &App) -> bool {
    crate::config::public_url(app.store.data_dir().as_deref()).starts_with("https://")
}

/// A fresh random token (32 bytes, hex).
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(auth::token_from(&bytes))
}

/// The client's address: the peer's, or, when the peer is this machine (a reverse proxy such
/// as the Caddyfile of `deploy/`), the last address of `X-Forwarded-For` it added.
#[derive(Debug, Clone)]
pub struct Client(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Client, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = || {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        };
        let ip = match peer {
            Some(p) if p.is_loopback() => forwarded().unwrap_or(p),
            Some(p) => p,
            None => return Ok(Client("unknown".into())),
        };
        Ok(Client(ip.to_string()))
    }
}

/// The live session of the request's cookie, touched when it was last seen over a minute ago;
/// an expired one is ended. `None` when there is none (or the admin was removed from the
/// rules or the console).
pub fn current(
    app: &App,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<WebSession>, StoreError> {
    let Some(token) = cookie(headers, SESSION_COOKIE).filter(|t| auth::looks_like_token(t)) else {
        return Ok(None);
    };
    let hash = auth::token_hash(&token);
    let Some(mut session) = app.store.web_session(&hash)? else { return Ok(None) };
    if !auth::same(&session.hash, &hash) {
        return Ok(None);
    }
    let still_admin = app.rules.get().admins.iter().any(|a| a.id == session.admin)
        && app.store.web_account(&session.admin)?.is_some();
    if !still_admin
        || auth::session_state(session.created_at, session.last_seen_at, now) != SessionState::Live
    {
        app.store.end_web_session(&hash)?;
        return Ok(None);
    }
    if now - session.last_seen_at >= auth::TOUCH_EVERY {
        session.last_seen_at = now;
        app.store.put_web_session(&session)?;
    }
    Ok(Some(session))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; toban_session=abc ; b=2".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn session_cookies_are_strict_http_only_and_secure_behind_https() {
        let c = set_cookie(SESSION_COOKIE, Some("t"), 60, true);
        for part in ["HttpOnly", "SameSite=Strict", "Path=/admin", "Secure", "Max-Age=60"] {
            assert!(c.contains(part), "{c} lacks {part}");
        }
        assert!(!set_cookie(SESSION_COOKIE, Some("t"), 60, false).contains("Secure"));
        assert!(set_cookie(SESSION_COOKIE, None, 60, false).contains("Max-Age=0"));
    }
}
