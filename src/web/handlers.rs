//! The console's HTTP handlers: setup, sign-in, sign-out, the language switch and the 404
//! page (Today is in [`super::handlers_today`]). Thin: the rules are in [`super::auth`], the
//! pages in [`super::pages`]; a request's admin, language and form come through
//! [`super::extract`].

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::auth::{self, ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT, PasswordProblem};
use super::extract::{AdminForm, Fields, GuestForm, Ui};
use super::frame::{Frame, Notice, STYLE, lang_code};
use super::pages;
use super::reply::{admin_name, html, not_found, see_other, unavailable, with_cookies};
use super::session::{self, Client, FORM_COOKIE, LANG_COOKIE, SESSION_COOKIE};
use crate::msg::web::WebMsg;
use crate::msg::{Lang, When};
use crate::server::App;
use crate::store::{AuditEntry, AuditEvent, StoreError, WebAccount, WebEvent, WebSession};

fn audit(
    app: &App,
    now: DateTime<Utc>,
    by: &str,
    what: WebEvent,
    client: &dyn std::fmt::Display,
) -> Result<(), StoreError> {
    let event = AuditEvent::WebConsole { what, from: client.to_string() };
    // An admin as the command line keeps them (`admin:<id>`); a stranger stays `web`.
    let by = if admin_name(app, by).is_some() { format!("admin:{by}") } else { by.to_string() };
    app.store.add_audit(&AuditEntry::of(now, &by, event)).map(|_| ())
}

/// What a stranger typed as a name, safe for the audit log: printable, at most 32 characters.
fn typed(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(32).collect()
}

/// A fresh form token and its cookie (valid an hour).
fn form_token(app: &App) -> Result<(String, String), getrandom::Error> {
    let t = session::new_token()?;
    let c = session::set_cookie(FORM_COOKIE, Some(&t), 3600, session::secure(app));
    Ok((t, c))
}

/// The account whose setup link is `token` and still valid at `now`.
fn setup_account(
    app: &App,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<WebAccount>, StoreError> {
    if !auth::looks_like_token(token) {
        return Ok(None);
    }
    let hash = auth::token_hash(token);
    Ok(app.store.web_accounts()?.into_iter().find(|a| {
        a.setup_hash.as_deref().is_some_and(|h| auth::same(h, &hash))
            && a.setup_expires_at.is_some_and(|e| now < e)
            && admin_name(app, a.admin.as_str()).is_some()
    }))
}

fn setup_page(
    app: &App,
    f: &Frame,
    token: &str,
    admin: Option<&str>,
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    let (csrf, cookie) = match form_token(app) {
        Ok(t) => t,
        Err(e) => return unavailable(f, &e),
    };
    let page = pages::setup(f, token, &csrf, admin.unwrap_or(""), admin.is_some(), n.as_ref());
    with_cookies(html(status, page), &[cookie])
}

/// `GET /admin/setup/{token}`.
pub async fn setup_form(State(app): State<App>, ui: Ui, Path(token): Path<String>) -> Response {
    let f = ui.frame(&app);
    match setup_account(&app, &token, (app.now)()) {
        Ok(Some(a)) => setup_page(&app, &f, &token, Some(a.admin.as_str()), StatusCode::OK, None),
        Ok(None) => setup_page(
            &app,
            &f,
            &token,
            None,
            StatusCode::NOT_FOUND,
            Some(Notice::Error(WebMsg::SetupInvalid)),
        ),
        Err(e) => unavailable(&f, &e),
    }
}

/// `POST /admin/setup/{token}`: sets the password, once.
pub async fn setup_submit(
    State(app): State<App>,
    Path(token): Path<String>,
    Client(client): Client,
    form: GuestForm,
) -> Response {
    let f = form.ui.frame(&app);
    let now = (app.now)();
    let mut account = match setup_account(&app, &token, now) {
        Ok(Some(a)) => a,
        Ok(None) => {
            return setup_page(
                &app,
                &f,
                &token,
                None,
                StatusCode::NOT_FOUND,
                Some(Notice::Error(WebMsg::SetupInvalid)),
            );
        }
        Err(e) => return unavailable(&f, &e),
    };
    if let Err(p) = auth::check_new_password(form.field("password"), form.field("again")) {
        let m = match p {
            PasswordProblem::TooShort => WebMsg::PasswordTooShort { min: auth::MIN_PASSWORD_CHARS },
            PasswordProblem::TooLong => WebMsg::PasswordTooLong { max: auth::MAX_PASSWORD_CHARS },
            PasswordProblem::Mismatch => WebMsg::PasswordMismatch,
        };
        return setup_page(
            &app,
            &f,
            &token,
            Some(account.admin.as_str()),
            StatusCode::BAD_REQUEST,
            Some(Notice::Error(m)),
        );
    }
    let mut salt = [0u8; 16];
    if let Err(e) = getrandom::fill(&mut salt) {
        return unavailable(&f, &e);
    }
    let password = form.field("password").to_string();
    let hashed =
        match tokio::task::spawn_blocking(move || auth::hash_password(&password, &salt)).await {
            Ok(Ok(h)) => h,
            Ok(Err(e)) => return unavailable(&f, &e),
            Err(e) => return unavailable(&f, &e),
        };
    account.password_hash = Some(hashed);
    account.setup_hash = None;
    account.setup_expires_at = None;
    let saved = (|| {
        app.store.put_web_account(&account)?;
        // A new password ends every older sign-in.
        app.store.end_web_sessions_of(&account.admin)?;
        audit(&app, now, account.admin.as_str(), WebEvent::PasswordSet, &client)
    })();
    if let Err(e) = saved {
        return unavailable(&f, &e);
    }
    let clear = session::set_cookie(FORM_COOKIE, None, 0, session::secure(&app));
    // The sign-in page knows whose password was just set (issue 18 review).
    let to = format!("/admin/login?set=1&admin={}", account.admin);
    with_cookies(see_other(&to), &[clear])
}

fn login_page(app: &App, f: &Frame, name: &str, status: StatusCode, n: Option<Notice>) -> Response {
    let (csrf, cookie) = match form_token(app) {
        Ok(t) => t,
        Err(e) => return unavailable(f, &e),
    };
    with_cookies(html(status, pages::login(f, &csrf, name, n.as_ref())), &[cookie])
}

/// `GET /admin/login`.
pub async fn login_form(
    State(app): State<App>,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<Fields>,
) -> Response {
    let f = ui.frame(&app);
    match session::current(&app, &headers, (app.now)()) {
        Ok(Some(_)) => return see_other("/admin"),
        Ok(None) => {}
        Err(e) => return unavailable(&f, &e),
    }
    let n = if q.contains_key("set") {
        Some(Notice::Info(WebMsg::PasswordSet))
    } else if q.contains_key("out") {
        Some(Notice::Info(WebMsg::SignedOut))
    } else {
        None
    };
    // An admin's ID from the setup's redirect, filled in when it reads as one.
    let name =
        q.get("admin").map(|a| a.trim()).filter(|a| a.parse::<crate::rules::MemberId>().is_ok());
    login_page(&app, &f, name.unwrap_or(""), StatusCode::OK, n)
}

fn when(app: &App, t: DateTime<Utc>) -> When {
    When(t.with_timezone(&app.rules.get().association.tz))
}

/// `POST /admin/login`.
pub async fn login_submit(
    State(app): State<App>,
    Client(client): Client,
    form: GuestForm,
) -> Response {
    let f = form.ui.frame(&app);
    let now = (app.now)();
    let name = form.field("admin").trim().to_string();
    let password = form.field("password").to_string();
    match login(&app, &client, &name, password, now).await {
        Ok(Ok(session_cookie)) => {
            let clear = session::set_cookie(FORM_COOKIE, None, 0, session::secure(&app));
            with_cookies(see_other("/admin"), &[session_cookie, clear])
        }
        Ok(Err(refusal)) => {
            let status = match refusal {
                WebMsg::Locked { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            login_page(&app, &f, &name, status, Some(Notice::Error(refusal)))
        }
        Err(e) => unavailable(&f, &e),
    }
}

/// Signs `name` in from `client`: the session cookie, or why not.
async fn login(
    app: &App,
    client: &str,
    name: &str,
    password: String,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<String, WebMsg>> {
    let store = &app.store;
    // Failures that can no longer lock are forgotten at each sign-in, so addresses tried once
    // do not stay in the store for ever.
    store.prune_login_failures(ACCOUNT_LOCKOUT.horizon(now).min(ADDRESS_LOCKOUT.horizon(now)))?;
    // Names that are no admin share one counter, so made-up names cannot fill the store.
    let account_key = match admin_name(app, name) {
        Some(_) => format!("account/{name}"),
        None => "account/(not an admin)".to_string(),
    };
    let address_key = format!("address/{client}");
    let who = if admin_name(app, name).is_some() { name.to_string() } else { "web".to_string() };
    let locked = [
        ACCOUNT_LOCKOUT.locked_until(&store.login_failures(&account_key)?, now),
        ADDRESS_LOCKOUT.locked_until(&store.login_failures(&address_key)?, now),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(until) = locked {
        audit(app, now, &who, WebEvent::WhileLocked { name: typed(name), until }, &client)?;
        return Ok(Err(WebMsg::Locked { until: when(app, until) }));
    }
    // Only an admin of the rules has an account; any other name is looked up as none.
    let id = admin_name(app, name).and_then(|_| name.parse::<crate::rules::MemberId>().ok());
    let account = match &id {
        Some(id) => store.web_account(id)?,
        None => None,
    };
    let phc = account.as_ref().and_then(|a| a.password_hash.clone());
    // Verified even without an account, against a decoy, so timing does not tell names apart.
    let ok = tokio::task::spawn_blocking(move || {
        let matched =
            auth::verify_password(&password, phc.as_deref().unwrap_or(auth::decoy_hash()));
        matched && phc.is_some()
    })
    .await?;
    if !ok {
        let mut lock = None;
        for (key, policy) in [(&account_key, ACCOUNT_LOCKOUT), (&address_key, ADDRESS_LOCKOUT)] {
            let mut failures = policy.keep(&store.login_failures(key)?, now);
            failures.push(now);
            store.set_login_failures(key, &failures)?;
            lock = lock.max(policy.locked_until(&failures, now));
        }
        audit(app, now, &who, WebEvent::Failed { name: typed(name) }, &client)?;
        if let Some(until) = lock {
            audit(app, now, &who, WebEvent::Locked { name: typed(name), until }, &client)?;
            return Ok(Err(WebMsg::Locked { until: when(app, until) }));
        }
        return Ok(Err(WebMsg::LoginFailed));
    }
    let Some(account) = account else { return Ok(Err(WebMsg::LoginFailed)) };
    store.set_login_failures(&account_key, &[])?;
    let random = |e: getrandom::Error| anyhow::anyhow!("no randomness for a session: {e}");
    let token = session::new_token().map_err(random)?;
    let session = WebSession {
        hash: auth::token_hash(&token),
        admin: account.admin,
        csrf: session::new_token().map_err(random)?,
        created_at: now,
        last_seen_at: now,
    };
    store.put_web_session(&session)?;
    audit(app, now, name, WebEvent::SignedIn, &client)?;
    Ok(Ok(session::set_cookie(
        SESSION_COOKIE,
        Some(&token),
        auth::ABSOLUTE.num_seconds(),
        session::secure(app),
    )))
}

/// `POST /admin/logout`: ends the session (an old tab without one just lands on the
/// sign-in page; a form without the session's token is refused like any other).
pub async fn logout(State(app): State<App>, Client(client): Client, form: AdminForm) -> Response {
    let done = (|| {
        app.store.end_web_session(&form.admin.session.hash)?;
        audit(&app, (app.now)(), form.admin.id(), WebEvent::SignedOut, &client)
    })();
    if let Err(e) = done {
        return unavailable(&form.admin.frame(&app), &e);
    }
    let clear = session::set_cookie(SESSION_COOKIE, None, 0, session::secure(&app));
    with_cookies(see_other("/admin/login?out=1"), &[clear])
}

/// `GET /admin/lang?to=ja|en&back=PATH`: the header's language switch, kept a year in a
/// cookie; back to the page it was clicked on (a console path only: never elsewhere).
pub async fn switch_language(State(app): State<App>, Query(q): Query<Fields>) -> Response {
    let lang = match q.get("to").map(String::as_str) {
        Some("ja") => Lang::Ja,
        Some("en") => Lang::En,
        _ => app.rules.get().association.language,
    };
    let back = q.get("back").map(String::as_str).filter(|b| local_path(b)).unwrap_or("/admin");
    let cookie = session::set_cookie(
        LANG_COOKIE,
        Some(lang_code(lang)),
        365 * 24 * 3600,
        session::secure(&app),
    );
    with_cookies(see_other(back), &[cookie])
}

/// A path of the console, safe to redirect to: not another site (`//host`, `/\host`), no
/// header injection.
fn local_path(p: &str) -> bool {
    (p == "/admin" || p.starts_with("/admin/"))
        && !p.contains("//")
        && !p.contains('\\')
        && p.chars().all(|c| c.is_ascii_graphic())
}

/// Any other path under `/admin`: the 404 page inside the frame, with the nav when signed in.
pub async fn missing(State(app): State<App>, ui: Ui, headers: HeaderMap) -> Response {
    match session::current(&app, &headers, (app.now)()) {
        Ok(s) => not_found(&super::reply::frame(&app, ui.lang, &ui.here, s.as_ref())),
        Err(e) => unavailable(&ui.frame(&app), &e),
    }
}

/// `GET /admin/style.css`.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}
