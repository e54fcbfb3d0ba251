//! The console's HTTP handlers: setup, sign-in, sign-out and the Today page. Thin: the rules
//! are in [`super::auth`], the pages in [`super::pages`], who is on duty and the chain come
//! from [`crate::desk::Desk`] as for the command line and the bot.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::auth::{self, ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT, PasswordProblem};
use super::pages::{self, Notice, SignedIn};
use super::session::{self, Client, FORM_COOKIE, SESSION_COOKIE};
use crate::desk::Desk;
use crate::msg::web::WebMsg;
use crate::msg::{Doctor, Lang, When};
use crate::routing::{CallState, StepKind};
use crate::server::App;
use crate::store::{AuditEntry, StoreError, WebAccount, WebSession};

type Fields = HashMap<String, String>;

fn lang(app: &App) -> Lang {
    app.rules.get().association.language
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn with_cookies(mut response: Response, cookies: &[String]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// A store failure: an opaque page, the chain in the log.
fn unavailable(app: &App, e: &dyn std::fmt::Display) -> Response {
    tracing::error!("web console: {e}");
    let page = pages::message(lang(app), &WebMsg::Console, &Notice::Error(WebMsg::Unavailable));
    html(StatusCode::SERVICE_UNAVAILABLE, page)
}

fn forbidden(app: &App) -> Response {
    let page = pages::message(lang(app), &WebMsg::Console, &Notice::Error(WebMsg::Forbidden));
    html(StatusCode::FORBIDDEN, page)
}

fn audit(
    app: &App,
    now: DateTime<Utc>,
    by: &str,
    action: &str,
    detail: String,
) -> Result<(), StoreError> {
    app.store.add_audit(&AuditEntry::new(now, by, action, detail)).map(|_| ())
}

/// What a stranger typed as a name, safe for the audit log: printable, at most 32 characters.
fn typed(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(32).collect()
}

/// The display name of admin `id` in the rules, if `id` is an admin there.
fn admin_name(app: &App, id: &str) -> Option<String> {
    app.rules.get().admins.iter().find(|a| a.id.as_str() == id).map(|a| a.name.clone())
}

/// The form's CSRF field against the form cookie (sign-in and setup: no session yet).
fn form_token_ok(headers: &HeaderMap, fields: &Fields) -> bool {
    match (session::cookie(headers, FORM_COOKIE), fields.get("csrf")) {
        (Some(c), Some(f)) => auth::looks_like_token(&c) && auth::same(&c, f),
        _ => false,
    }
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
            && admin_name(app, &a.admin).is_some()
    }))
}

fn setup_page(
    app: &App,
    token: &str,
    admin: Option<&str>,
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    let (csrf, cookie) = match form_token(app) {
        Ok(t) => t,
        Err(e) => return unavailable(app, &e),
    };
    let page =
        pages::setup(lang(app), token, &csrf, admin.unwrap_or(""), admin.is_some(), n.as_ref());
    with_cookies(html(status, page), &[cookie])
}

/// `GET /admin/setup/{token}`.
pub async fn setup_form(State(app): State<App>, Path(token): Path<String>) -> Response {
    match setup_account(&app, &token, (app.now)()) {
        Ok(Some(a)) => setup_page(&app, &token, Some(&a.admin), StatusCode::OK, None),
        Ok(None) => setup_page(
            &app,
            &token,
            None,
            StatusCode::NOT_FOUND,
            Some(Notice::Error(WebMsg::SetupInvalid)),
        ),
        Err(e) => unavailable(&app, &e),
    }
}

/// `POST /admin/setup/{token}`: sets the password, once.
pub async fn setup_submit(
    State(app): State<App>,
    Path(token): Path<String>,
    Client(client): Client,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    if !form_token_ok(&headers, &fields) {
        return forbidden(&app);
    }
    let now = (app.now)();
    let mut account = match setup_account(&app, &token, now) {
        Ok(Some(a)) => a,
        Ok(None) => {
            return setup_page(
                &app,
                &token,
                None,
                StatusCode::NOT_FOUND,
                Some(Notice::Error(WebMsg::SetupInvalid)),
            );
        }
        Err(e) => return unavailable(&app, &e),
    };
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    if let Err(p) = auth::check_new_password(field("password"), field("again")) {
        let m = match p {
            PasswordProblem::TooShort => WebMsg::PasswordTooShort { min: auth::MIN_PASSWORD_CHARS },
            PasswordProblem::TooLong => WebMsg::PasswordTooLong { max: auth::MAX_PASSWORD_CHARS },
            PasswordProblem::Mismatch => WebMsg::PasswordMismatch,
        };
        return setup_page(
            &app,
            &token,
            Some(&account.admin),
            StatusCode::BAD_REQUEST,
            Some(Notice::Error(m)),
        );
    }
    let mut salt = [0u8; 16];
    if let Err(e) = getrandom::fill(&mut salt) {
        return unavailable(&app, &e);
    }
    let password = field("password").to_string();
    let hashed =
        match tokio::task::spawn_blocking(move || auth::hash_password(&password, &salt)).await {
            Ok(Ok(h)) => h,
            Ok(Err(e)) => return unavailable(&app, &e),
            Err(e) => return unavailable(&app, &e),
        };
    account.password_hash = Some(hashed);
    account.setup_hash = None;
    account.setup_expires_at = None;
    let saved = (|| {
        app.store.put_web_account(&account)?;
        // A new password ends every older sign-in.
        app.store.end_web_sessions_of(&account.admin)?;
        audit(
            &app,
            now,
            &account.admin,
            "web_setup",
            format!("web console password set from {client}"),
        )
    })();
    if let Err(e) = saved {
        return unavailable(&app, &e);
    }
    let clear = session::set_cookie(FORM_COOKIE, None, 0, session::secure(&app));
    with_cookies(see_other("/admin/login?set=1"), &[clear])
}

fn login_page(app: &App, name: &str, status: StatusCode, n: Option<Notice>) -> Response {
    let (csrf, cookie) = match form_token(app) {
        Ok(t) => t,
        Err(e) => return unavailable(app, &e),
    };
    with_cookies(html(status, pages::login(lang(app), &csrf, name, n.as_ref())), &[cookie])
}

/// `GET /admin/login`.
pub async fn login_form(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<Fields>,
) -> Response {
    match session::current(&app, &headers, (app.now)()) {
        Ok(Some(_)) => return see_other("/admin"),
        Ok(None) => {}
        Err(e) => return unavailable(&app, &e),
    }
    let n = if q.contains_key("set") {
        Some(Notice::Info(WebMsg::PasswordSet))
    } else if q.contains_key("out") {
        Some(Notice::Info(WebMsg::SignedOut))
    } else {
        None
    };
    login_page(&app, "", StatusCode::OK, n)
}

fn when(app: &App, t: DateTime<Utc>) -> When {
    When(t.with_timezone(&app.rules.get().association.tz))
}

/// `POST /admin/login`.
pub async fn login_submit(
    State(app): State<App>,
    Client(client): Client,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    if !form_token_ok(&headers, &fields) {
        return forbidden(&app);
    }
    let now = (app.now)();
    let name = fields.get("admin").map(|s| s.trim().to_string()).unwrap_or_default();
    let password = fields.get("password").cloned().unwrap_or_default();
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
            login_page(&app, &name, status, Some(Notice::Error(refusal)))
        }
        Err(e) => unavailable(&app, &e),
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
        audit(
            app,
            now,
            &who,
            "web_login_locked",
            format!("sign-in as '{}' from {client} refused: locked until {until}", typed(name)),
        )?;
        return Ok(Err(WebMsg::Locked { until: when(app, until) }));
    }
    let account = match admin_name(app, name) {
        Some(_) => store.web_account(name)?,
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
        audit(
            app,
            now,
            &who,
            "web_login_failed",
            format!("failed sign-in as '{}' from {client}", typed(name)),
        )?;
        if let Some(until) = lock {
            audit(
                app,
                now,
                &who,
                "web_lockout",
                format!("sign-in as '{}' from {client} locked until {until}", typed(name)),
            )?;
            return Ok(Err(WebMsg::Locked { until: when(app, until) }));
        }
        return Ok(Err(WebMsg::LoginFailed));
    }
    store.set_login_failures(&account_key, &[])?;
    let random = |e: getrandom::Error| anyhow::anyhow!("no randomness for a session: {e}");
    let token = session::new_token().map_err(random)?;
    let session = WebSession {
        hash: auth::token_hash(&token),
        admin: name.to_string(),
        csrf: session::new_token().map_err(random)?,
        created_at: now,
        last_seen_at: now,
    };
    store.put_web_session(&session)?;
    audit(app, now, name, "web_login", format!("signed in to the web console from {client}"))?;
    Ok(Ok(session::set_cookie(
        SESSION_COOKIE,
        Some(&token),
        auth::ABSOLUTE.num_seconds(),
        session::secure(app),
    )))
}

/// `POST /admin/logout`.
pub async fn logout(
    State(app): State<App>,
    Client(client): Client,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let now = (app.now)();
    let s = match session::current(&app, &headers, now) {
        Ok(Some(s)) => s,
        // Already signed out (or the session expired): nothing to end.
        Ok(None) => {
            let clear = session::set_cookie(SESSION_COOKIE, None, 0, session::secure(&app));
            return with_cookies(see_other("/admin/login"), &[clear]);
        }
        Err(e) => return unavailable(&app, &e),
    };
    if !fields.get("csrf").is_some_and(|f| auth::same(&s.csrf, f)) {
        return forbidden(&app);
    }
    let done = (|| {
        app.store.end_web_session(&s.hash)?;
        audit(
            &app,
            now,
            &s.admin,
            "web_logout",
            format!("signed out of the web console from {client}"),
        )
    })();
    if let Err(e) = done {
        return unavailable(&app, &e);
    }
    let clear = session::set_cookie(SESSION_COOKIE, None, 0, session::secure(&app));
    with_cookies(see_other("/admin/login?out=1"), &[clear])
}

/// `GET /admin`: the Today page.
pub async fn today(State(app): State<App>, headers: HeaderMap) -> Response {
    let now = (app.now)();
    let s = match session::current(&app, &headers, now) {
        Ok(Some(s)) => s,
        Ok(None) => return see_other("/admin/login"),
        Err(e) => return unavailable(&app, &e),
    };
    let today = match today_view(&app, now) {
        Ok(t) => t,
        Err(e) => return unavailable(&app, &e),
    };
    let name = admin_name(&app, &s.admin).unwrap_or_else(|| s.admin.clone());
    let who = SignedIn { name: &name, csrf: &s.csrf };
    html(StatusCode::OK, pages::today(lang(&app), &who, &today))
}

/// Who is on duty, the chain after them and the open calls, at `now`.
fn today_view(app: &App, now: DateTime<Utc>) -> Result<pages::Today, StoreError> {
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    let (on_duty, steps) = desk.chain(now, None, None)?;
    let name = |id: &str| rules.name_of(id).to_string();
    let duty = match &on_duty.slot {
        Some(slot) => on_duty
            .duty
            .iter()
            .map(|d| WebMsg::DutyUntil {
                doctor: Doctor(name(d.as_str())),
                until: when(app, slot.end.with_timezone(&Utc)),
            })
            .collect(),
        None => Vec::new(),
    };
    let chain = steps
        .iter()
        .filter(|s| s.kind != StepKind::Duty)
        .filter_map(|s| match s.kind {
            StepKind::Advice => Some(WebMsg::ChainAdvice),
            StepKind::Hospital => {
                s.members.first().map(|m| WebMsg::ChainPlace { name: name(m.as_str()) })
            }
            _ => Some(WebMsg::ChainDoctors {
                names: s.members.iter().map(|m| Doctor(name(m.as_str()))).collect(),
            }),
        })
        .collect();
    let mut calls = Vec::new();
    for c in app.store.calls()?.into_iter().filter(|c| c.is_open(now)) {
        let patient = app.store.patient(c.patient)?.map(|p| p.details.name).unwrap_or_default();
        let raised = when(app, c.raised_at);
        match &c.state {
            CallState::Waiting { step, deadline, .. } => calls.push(WebMsg::CallWaiting {
                id: c.id,
                patient,
                raised,
                asked: c
                    .chain
                    .get(*step)
                    .map(|s| s.members.iter().map(|m| asked_name(&rules, m.as_str())).collect())
                    .unwrap_or_default(),
                until: when(app, *deadline),
            }),
            CallState::Accepted { by, at, .. } => calls.push(WebMsg::CallAccepted {
                id: c.id,
                patient,
                raised,
                by: Doctor(name(by.as_str())),
                at: when(app, *at),
            }),
            _ => {}
        }
    }
    Ok(pages::Today { duty, chain, calls })
}

/// A member's name as asked in a call: doctors with 先生 (in Japanese), places as they are.
fn asked_name(rules: &crate::rules::Rules, id: &str) -> String {
    let name = rules.name_of(id).to_string();
    match (rules.association.language, rules.doctor(id)) {
        (Lang::Ja, Some(_)) => Doctor(name).ja(),
        _ => name,
    }
}

/// `GET /admin/style.css`.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE).into_response()
}
