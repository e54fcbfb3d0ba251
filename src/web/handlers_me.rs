//! The doctors' own pages (`/me`, issue 18): a one-time sign-in link (from the bot's `/web`,
//! or printed by `toban web link`), the doctor's duties, the year's rota, their absences, swap
//! and cover requests and their calendar link. Thin: absences go through the desk as
//! `toban absence` does, requests through the chat core's `/swap` and `/cover` flow, the feed
//! token through the same desk code as the bot's `/feed`.
//!
//! Key decisions:
//! - A doctor's session is its own record ([`crate::store::DoctorSession`]) with its own
//!   cookie (`toban_me`, `Path=/me`): the console never receives it and its session check
//!   cannot read it, so a doctor's sign-in opens no `/admin` page.
//! - Opening a link shows a button; only the button's POST uses the link (and only once:
//!   the store removes it). A chat app's link preview opens links by itself: it must not use
//!   them up or sign anyone in.
//! - An admin's link (the bot's `/admin`) signs in to the console as a password would.
//! - Every POST carries the session's CSRF token (the link's button: the form cookie's).

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use chrono::{DateTime, Utc};

use super::auth;
use super::extract::{Fields, read_form};
use super::frame::{Notice, lang_code};
use super::pages_me::{self, MeFrame, Typed, error, info};
use super::reply::{html, see_other, with_cookies};
use super::session::{self, Client, LANG_COOKIE, SESSION_COOKIE};
use crate::desk::Desk;
use crate::msg::refusal::Refusal;
use crate::msg::web::WebMsg;
use crate::msg::web_me::MeMsg;
use crate::msg::{Day, Doctor, Lang, When};
use crate::server::App;
use crate::store::{
    AuditEntry, AuditEvent, DoctorSession, LinkRole, NewAbsence, StoreError, WebAccount, WebEvent,
    WebSession,
};

/// The doctors' session cookie (`Path=/me`).
pub const ME_COOKIE: &str = "toban_me";

/// The link page's form cookie (`Path=/me`).
const ME_FORM_COOKIE: &str = "toban_me_form";

/// The doctors' pages' routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/me", get(me))
        .route("/me/", get(me))
        .route("/me/style.css", get(style))
        .route("/me/lang", get(switch_language))
        .route("/me/link/{token}", get(link_page).post(link_use))
        .route("/me/logout", get(|| async { see_other("/me") }).post(logout))
        .route("/me/absences", post(absence_add))
        .route("/me/absences/{id}/remove", post(absence_remove))
        .route("/me/request", post(request))
        .route("/me/requests/{id}/withdraw", post(withdraw))
        .route("/me/feed", post(feed))
        .route("/me/{*rest}", any(missing))
}

fn cookie(app: &App, name: &str, value: Option<&str>, max_age: i64) -> String {
    session::set_cookie_at("/me", name, value, max_age, session::secure(app))
}

fn lang_of(app: &App, headers: &HeaderMap) -> Lang {
    super::extract::lang_of(app, headers)
}

fn frame(app: &App, lang: Lang, here: &str, s: Option<&DoctorSession>) -> MeFrame {
    let rules = app.rules.get();
    MeFrame {
        lang,
        association: rules.association_name(lang).to_string(),
        here: here.to_string(),
        who: s.map(|s| (Doctor(rules.name_in(&s.doctor, lang).to_string()), s.csrf.clone())),
    }
}

fn audit(app: &App, now: DateTime<Utc>, by: &str, event: AuditEvent) -> Result<(), StoreError> {
    app.store.add_audit(&AuditEntry::of(now, by, event)).map(|_| ())
}

fn unavailable(f: &MeFrame, e: &dyn std::fmt::Display) -> Response {
    tracing::error!("doctors' pages: {e}");
    let n = [Notice::Error(WebMsg::Unavailable)];
    let page = pages_me::message(f, &f.w(&WebMsg::UnavailableTitle), &n);
    html(StatusCode::SERVICE_UNAVAILABLE, page)
}

fn forbidden(f: &MeFrame) -> Response {
    let n = [Notice::Error(WebMsg::Forbidden)];
    html(StatusCode::FORBIDDEN, pages_me::message(f, &f.w(&WebMsg::ForbiddenTitle), &n))
}

/// The page for a request without a live session: how to get a link (401).
fn not_signed_in(app: &App, f: &MeFrame, headers: &HeaderMap) -> Response {
    let page = pages_me::message(f, &f.t(&MeMsg::LinkTitle), &[info(MeMsg::NotSignedIn)]);
    let r = html(StatusCode::UNAUTHORIZED, page);
    match session::cookie(headers, ME_COOKIE) {
        Some(_) => with_cookies(r, &[cookie(app, ME_COOKIE, None, 0)]),
        None => r,
    }
}

/// The live doctor's session of the request, touched at most once a minute; an expired one,
/// or one of a doctor who is no longer a current doctor of the rules, is ended.
fn current(
    app: &App,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<DoctorSession>, StoreError> {
    let Some(token) = session::cookie(headers, ME_COOKIE).filter(|t| auth::looks_like_token(t))
    else {
        return Ok(None);
    };
    let hash = auth::token_hash(&token);
    let Some(mut s) = app.store.doctor_session(&hash)? else { return Ok(None) };
    let rules = app.rules.get();
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let current = rules.doctor(&s.doctor).is_some() && rules.is_current(&s.doctor, today);
    if !auth::same(&s.hash, &hash)
        || !current
        || auth::session_state(s.created_at, s.last_seen_at, now) != auth::SessionState::Live
    {
        app.store.end_doctor_session(&hash)?;
        return Ok(None);
    }
    if now - s.last_seen_at >= auth::TOUCH_EVERY {
        s.last_seen_at = now;
        app.store.put_doctor_session(&s)?;
    }
    Ok(Some(s))
}

/// A signed-in doctor (else the 401 page saying how to get a link).
pub struct SignedDoctor {
    /// The session (the doctor's id is `session.doctor`).
    pub session: DoctorSession,
    /// The page's frame.
    pub frame: MeFrame,
}

impl FromRequestParts<App> for SignedDoctor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<SignedDoctor, Response> {
        let lang = lang_of(app, &parts.headers);
        let here = parts.uri.path().to_string();
        match current(app, &parts.headers, (app.now)()) {
            Ok(Some(s)) => {
                let frame = frame(app, lang, &here, Some(&s));
                Ok(SignedDoctor { session: s, frame })
            }
            Ok(None) => Err(not_signed_in(app, &frame(app, lang, &here, None), &parts.headers)),
            Err(e) => Err(unavailable(&frame(app, lang, &here, None), &e)),
        }
    }
}

/// A signed-in doctor's form, its CSRF token checked against the session's (else 403).
pub struct DoctorForm {
    /// Who posted it.
    pub doctor: SignedDoctor,
    /// Its fields.
    pub fields: Fields,
}

impl DoctorForm {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("").trim()
    }

    fn id(&self) -> &str {
        &self.doctor.session.doctor
    }
}

impl FromRequest<App> for DoctorForm {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<DoctorForm, Response> {
        let (mut parts, body) = req.into_parts();
        let doctor = SignedDoctor::from_request_parts(&mut parts, app).await?;
        match read_form(body, Some(&doctor.session.csrf)).await {
            Ok(fields) => Ok(DoctorForm { doctor, fields }),
            Err(_) => Err(forbidden(&doctor.frame)),
        }
    }
}

/// `GET /me/link/{token}`: who the link signs in, and the button (nothing is used yet).
async fn link_page(
    State(app): State<App>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let lang = lang_of(&app, &headers);
    let f = frame(&app, lang, &format!("/me/link/{token}"), None);
    let now = (app.now)();
    let link = match valid_link(&app, &token, now, false) {
        Ok(Some(l)) => l,
        Ok(None) => return invalid_link(&f),
        Err(e) => return unavailable(&f, &e),
    };
    let rules = app.rules.get().for_reader(lang);
    let who = match link.role {
        LinkRole::Doctor => MeMsg::LinkFor { name: Doctor(rules.name_of(&link.member).into()) },
        LinkRole::Admin => MeMsg::LinkForAdmin { name: rules.name_of(&link.member).into() },
    };
    let Ok(csrf) = session::new_token() else {
        return unavailable(&f, &"no randomness for a form token");
    };
    let form = cookie(&app, ME_FORM_COOKIE, Some(&csrf), 3600);
    with_cookies(html(StatusCode::OK, pages_me::link(&f, &token, &csrf, &who)), &[form])
}

fn invalid_link(f: &MeFrame) -> Response {
    let page = pages_me::message(f, &f.t(&MeMsg::LinkTitle), &[error(MeMsg::LinkInvalid)]);
    html(StatusCode::NOT_FOUND, page)
}

/// The link `token` if it is valid at `now` (`take`: removed, so it works once).
fn valid_link(
    app: &App,
    token: &str,
    now: DateTime<Utc>,
    take: bool,
) -> Result<Option<crate::store::SignInLink>, StoreError> {
    if !auth::looks_like_token(token) {
        return Ok(None);
    }
    let hash = auth::token_hash(token);
    let link =
        if take { app.store.take_sign_in_link(&hash)? } else { app.store.sign_in_link(&hash)? };
    let rules = app.rules.get();
    let today = now.with_timezone(&rules.association.tz).date_naive();
    Ok(link.filter(|l| {
        auth::same(&l.hash, &hash)
            && now < l.expires_at
            && match l.role {
                LinkRole::Doctor => {
                    rules.doctor(&l.member).is_some() && rules.is_current(&l.member, today)
                }
                LinkRole::Admin => rules.admins.iter().any(|a| a.id.as_str() == l.member),
            }
    }))
}

/// `POST /me/link/{token}`: uses the link (once) and signs its member in: a doctor to `/me`,
/// an admin to `/admin`. Audited with the client's address.
async fn link_use(
    State(app): State<App>,
    Path(token): Path<String>,
    Client(client): Client,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let lang = lang_of(&app, &parts.headers);
    let f = frame(&app, lang, &format!("/me/link/{token}"), None);
    let expected = session::cookie(&parts.headers, ME_FORM_COOKIE);
    if read_form(body, expected.as_deref()).await.is_err() {
        return forbidden(&f);
    }
    let now = (app.now)();
    let link = match valid_link(&app, &token, now, true) {
        Ok(Some(l)) => l,
        Ok(None) => return invalid_link(&f),
        Err(e) => return unavailable(&f, &e),
    };
    let clear_form = cookie(&app, ME_FORM_COOKIE, None, 0);
    let made = match link.role {
        LinkRole::Doctor => sign_in_doctor(&app, &link.member, &client, now),
        LinkRole::Admin => sign_in_admin(&app, &link.member, &client, now),
    };
    match made {
        Ok((to, session_cookie)) => with_cookies(see_other(to), &[session_cookie, clear_form]),
        Err(e) => unavailable(&f, &e),
    }
}

fn random(e: getrandom::Error) -> anyhow::Error {
    anyhow::anyhow!("no randomness for a session: {e}")
}

fn sign_in_doctor(
    app: &App,
    doctor: &str,
    client: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<(&'static str, String)> {
    let token = session::new_token().map_err(random)?;
    let s = DoctorSession {
        hash: auth::token_hash(&token),
        doctor: doctor.to_string(),
        csrf: session::new_token().map_err(random)?,
        created_at: now,
        last_seen_at: now,
    };
    app.store.put_doctor_session(&s)?;
    audit(app, now, doctor, AuditEvent::DoctorSignedIn { from: client.to_string() })?;
    Ok(("/me", cookie(app, ME_COOKIE, Some(&token), auth::ABSOLUTE.num_seconds())))
}

/// An admin's link: a console session as a password gives (an account without a password is
/// made if there is none, so the console's check knows the admin).
fn sign_in_admin(
    app: &App,
    admin: &str,
    client: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<(&'static str, String)> {
    let admin: crate::rules::MemberId =
        admin.parse().map_err(|e| anyhow::anyhow!("a sign-in link for {admin}: {e}"))?;
    if app.store.web_account(&admin)?.is_none() {
        app.store.put_web_account(&WebAccount {
            admin: admin.clone(),
            password_hash: None,
            setup_hash: None,
            setup_expires_at: None,
            created_at: now,
        })?;
    }
    let token = session::new_token().map_err(random)?;
    let s = WebSession {
        hash: auth::token_hash(&token),
        admin: admin.clone(),
        csrf: session::new_token().map_err(random)?,
        created_at: now,
        last_seen_at: now,
    };
    app.store.put_web_session(&s)?;
    let event = AuditEvent::WebConsole { what: WebEvent::SignedIn, from: client.to_string() };
    audit(app, now, &format!("admin:{admin}"), event)?;
    let c = session::set_cookie(
        SESSION_COOKIE,
        Some(&token),
        auth::ABSOLUTE.num_seconds(),
        session::secure(app),
    );
    Ok(("/admin", c))
}

/// `POST /me/logout`.
async fn logout(State(app): State<App>, Client(client): Client, form: DoctorForm) -> Response {
    let now = (app.now)();
    let done = (|| {
        app.store.end_doctor_session(&form.doctor.session.hash)?;
        audit(&app, now, form.id(), AuditEvent::DoctorSignedOut { from: client.clone() })
    })();
    let mut f = form.doctor.frame;
    if let Err(e) = done {
        return unavailable(&f, &e);
    }
    f.who = None;
    let page = pages_me::message(&f, &f.t(&MeMsg::LinkTitle), &[info(MeMsg::SignedOut)]);
    with_cookies(html(StatusCode::OK, page), &[cookie(&app, ME_COOKIE, None, 0)])
}

/// `GET /me/lang?to=ja|en&back=PATH`: the language switch of the doctors' pages.
async fn switch_language(State(app): State<App>, Query(q): Query<Fields>) -> Response {
    let lang = match q.get("to").map(String::as_str) {
        Some("ja") => Lang::Ja,
        Some("en") => Lang::En,
        _ => app.rules.get().association.language,
    };
    let back = q
        .get("back")
        .map(String::as_str)
        .filter(|b| {
            (*b == "/me" || b.starts_with("/me/"))
                && !b.contains("//")
                && !b.contains('\\')
                && b.chars().all(|c| c.is_ascii_graphic())
        })
        .unwrap_or("/me");
    let c = cookie(&app, LANG_COOKIE, Some(lang_code(lang)), 365 * 24 * 3600);
    with_cookies(see_other(back), &[c])
}

/// `GET /me/style.css`.
async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages_me::style()).into_response()
}

/// Any other path under `/me`.
async fn missing(State(app): State<App>, headers: HeaderMap, req: Request<Body>) -> Response {
    let f = frame(&app, lang_of(&app, &headers), req.uri().path(), None);
    let n = [Notice::Error(WebMsg::NotFound)];
    html(StatusCode::NOT_FOUND, pages_me::message(&f, &f.w(&WebMsg::NotFoundTitle), &n))
}

/// `GET /me`: the doctor's page (after an absence was added, the duties it falls on).
async fn me(State(app): State<App>, d: SignedDoctor, Query(q): Query<Fields>) -> Response {
    let mut notices = Vec::new();
    let now = (app.now)();
    if let Some(id) = q.get("added").and_then(|v| v.parse::<crate::ids::AbsenceId>().ok()) {
        match added_notices(&app, &d.session.doctor, id, now) {
            Ok(n) => notices.extend(n),
            Err(e) => return unavailable(&d.frame, &e),
        }
    }
    if q.contains_key("removed") {
        notices.push(info(MeMsg::AbsenceRemoved));
    }
    page(&app, &d, StatusCode::OK, notices, Typed::default(), None)
}

/// What to say after absence `id` of `doctor` was added: that it was, and each published
/// duty of theirs it falls on, with what to do.
fn added_notices(
    app: &App,
    doctor: &str,
    id: crate::ids::AbsenceId,
    now: DateTime<Utc>,
) -> Result<Vec<Notice>, StoreError> {
    let rules = app.rules.get();
    let Some(a) = app.store.absences()?.into_iter().find(|a| a.id == id && a.doctor == doctor)
    else {
        return Ok(Vec::new());
    };
    let mut out = vec![info(MeMsg::AbsenceAdded { from: Day(a.from), to: Day(a.to) })];
    let desk = Desk { rules: &rules, store: &*app.store };
    let tz = rules.association.tz;
    for s in desk.absence_clashes(&a, now)? {
        out.push(error(MeMsg::Clash {
            start: When(s.start.with_timezone(&tz)),
            end: When(s.end.with_timezone(&tz)),
        }));
    }
    Ok(out)
}

/// The doctor's page with `notices`, the absence form as `typed`, and a new calendar link.
fn page(
    app: &App,
    d: &SignedDoctor,
    status: StatusCode,
    notices: Vec<Notice>,
    typed: Typed,
    feed: Option<String>,
) -> Response {
    match super::me_view::view(app, &d.session.doctor, (app.now)(), d.frame.lang, (typed, feed)) {
        Ok(p) => html(status, pages_me::me(&d.frame, &d.session.csrf, &p, &notices)),
        Err(e) => unavailable(&d.frame, &e),
    }
}

fn date(s: &str) -> Result<chrono::NaiveDate, MeMsg> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| MeMsg::BadDate { typed: s.chars().take(40).collect() })
}

/// `POST /me/absences`: adds an absence of the signed-in doctor (as `toban absence add`),
/// then shows the duties it falls on.
async fn absence_add(State(app): State<App>, form: DoctorForm) -> Response {
    let typed = Typed {
        from: form.field("from").to_string(),
        to: form.field("to").to_string(),
        note: form.field("note").to_string(),
    };
    let refuse = |m: MeMsg, typed: Typed| {
        page(&app, &form.doctor, StatusCode::BAD_REQUEST, vec![error(m)], typed, None)
    };
    // A day left empty is named by its label (the browser's `required` aside).
    if typed.from.trim().is_empty() {
        return refuse(MeMsg::FromEmpty, typed);
    }
    if typed.to.trim().is_empty() {
        return refuse(MeMsg::ToEmpty, typed);
    }
    let (from, to) = match (date(&typed.from), date(&typed.to)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(m), _) | (_, Err(m)) => return refuse(m, typed),
    };
    let now = (app.now)();
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    let new = NewAbsence {
        doctor: form.id().to_string(),
        from,
        to,
        note: (!typed.note.is_empty()).then(|| typed.note.clone()),
        created_at: now,
        soft: false,
    };
    match desk.add_absence(new, form.id(), now) {
        Ok(Ok(added)) => see_other(&format!("/me?added={}", added.absence.id)),
        // The note named as the form names it.
        Ok(Err(Refusal::NoteTooLong { max, .. })) => refuse(MeMsg::TooLongNote { max }, typed),
        Ok(Err(r)) => refuse(MeMsg::Refused(super::reply::on_console(desk.rules, r)), typed),
        Err(e) => unavailable(&form.doctor.frame, &e),
    }
}

/// `POST /me/absences/{id}/remove`: removes one of the doctor's own absences (another's is
/// not found, and nothing changes).
async fn absence_remove(
    State(app): State<App>,
    Path(id): Path<crate::ids::AbsenceId>,
    form: DoctorForm,
) -> Response {
    let now = (app.now)();
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    let own = match app.store.absences() {
        Ok(list) => list.iter().any(|a| a.id == id && a.doctor == form.id() && !a.soft),
        Err(e) => return unavailable(&form.doctor.frame, &e),
    };
    let not_found = || {
        let n = vec![error(MeMsg::NoSuchAbsence)];
        page(&app, &form.doctor, StatusCode::NOT_FOUND, n, Typed::default(), None)
    };
    if !own {
        return not_found();
    }
    match desk.remove_absence(id, form.id(), now) {
        Ok(Ok(())) => see_other("/me?removed=1"),
        Ok(Err(_)) => not_found(),
        Err(e) => unavailable(&form.doctor.frame, &e),
    }
}

/// `POST /me/request`: a swap or cover request for one of the doctor's duties, by the same
/// flow as the bot's `/swap` and `/cover`; the page says what the flow said.
async fn request(State(app): State<App>, form: DoctorForm) -> Response {
    let slot = form.field("slot").to_string();
    // A colleague's duty is `SLOT@DOCTOR` (whose it is, in a rota of two a duty).
    let (theirs, whose) = match form.field("theirs").split_once('@') {
        Some((s, d)) => (Some(s).filter(|s| !s.is_empty()), Some(d.to_string())),
        None => (Some(form.field("theirs")).filter(|t| !t.is_empty()), None),
    };
    let now = (app.now)();
    // The flow answers the doctor in the language they read (what it sends colleagues is
    // rendered at delivery, in the association's).
    let rules = app.rules.get().answering(form.doctor.frame.lang);
    // A colleague's duty chosen without naming the colleague: the swap is with its doctor.
    let chosen = Some(form.field("with").to_string()).filter(|w| !w.is_empty()).or(whose);
    let chosen = match (chosen, theirs) {
        (None, Some(t)) => match duty_doctor(&*app.store, t, form.id()) {
            Ok(d) => d,
            Err(e) => return unavailable(&form.doctor.frame, &e),
        },
        (chosen, _) => chosen,
    };
    let with = chosen.as_deref();
    let overrides = app.overrides.get();
    let h =
        crate::chat::core::Handlers { rules: &rules, overrides: &overrides, store: &*app.store };
    match h.web_request(form.id(), &slot, with, theirs, now) {
        Ok((text, made)) => {
            let (status, n) = match made {
                Some(_) => (StatusCode::OK, info(MeMsg::FromRequests(text))),
                None => (StatusCode::BAD_REQUEST, error(MeMsg::FromRequests(text))),
            };
            page(&app, &form.doctor, status, vec![n], Typed::default(), None)
        }
        Err(e) => unavailable(&form.doctor.frame, &e),
    }
}

/// The one colleague on duty in published slot `slot` besides `doctor`, if there is one.
fn duty_doctor(
    store: &dyn crate::store::Store,
    slot: &str,
    doctor: &str,
) -> Result<Option<String>, StoreError> {
    let slots = crate::notify::duty::published_slots(store)?;
    let others: Vec<_> = slots
        .iter()
        .filter(|s| s.id == slot)
        .flat_map(|s| s.doctors.iter().filter(|d| d.as_str() != doctor))
        .collect();
    Ok(match others.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    })
}

/// `POST /me/requests/{id}/withdraw`: the doctor takes their request back, by the same path
/// as the chat's `/withdraw N` (the request machine refuses another's or a closed one); the
/// page says what the chat says. Audited by the desk as the doctor's.
async fn withdraw(
    State(app): State<App>,
    Path(id): Path<crate::ids::SwapRequestId>,
    form: DoctorForm,
) -> Response {
    let now = (app.now)();
    let rules = app.rules.get().answering(form.doctor.frame.lang);
    let overrides = app.overrides.get();
    let h =
        crate::chat::core::Handlers { rules: &rules, overrides: &overrides, store: &*app.store };
    match h.web_withdraw(form.id(), id, now) {
        Ok((text, true)) => {
            let n = vec![info(MeMsg::FromRequests(text))];
            page(&app, &form.doctor, StatusCode::OK, n, Typed::default(), None)
        }
        Ok((text, false)) => {
            let n = vec![error(MeMsg::FromRequests(text))];
            page(&app, &form.doctor, StatusCode::BAD_REQUEST, n, Typed::default(), None)
        }
        Err(e) => unavailable(&form.doctor.frame, &e),
    }
}

/// `POST /me/feed`: a new personal calendar link (the bot's `/feed`'s code; the earlier one
/// stops), shown once as a webcal link with its QR code and as its web address for Google
/// Calendar.
async fn feed(State(app): State<App>, form: DoctorForm) -> Response {
    let now = (app.now)();
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    match desk.personal_feed(form.id(), crate::chat::core::FEED_LABEL, now) {
        Ok(Some(token)) => {
            let base = crate::config::public_url(app.store.data_dir().as_deref());
            let url = format!("{}/feeds/{token}.ics", base.trim_end_matches('/'));
            page(&app, &form.doctor, StatusCode::OK, Vec::new(), Typed::default(), Some(url))
        }
        Ok(None) => {
            let n = vec![error(MeMsg::NoRandomness)];
            page(&app, &form.doctor, StatusCode::SERVICE_UNAVAILABLE, n, Typed::default(), None)
        }
        Err(e) => unavailable(&form.doctor.frame, &e),
    }
}
