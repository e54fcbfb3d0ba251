//! The HTTP adapter (axum): calendar feeds, the who-is-on-duty API and a health check.
//!
//! - `GET /feeds/<token>.ics`: a doctor's duties (or the whole rota for a whole-rota token),
//!   published rotas only, from a year back to the end of the latest published year. ETag and
//!   Last-Modified, `304` for `If-None-Match`. An unknown or revoked token gets the same `404`
//!   as a path that never existed.
//! - `GET /api/oncall?at=RFC3339` with `Authorization: Bearer <token>`: the JSON of
//!   `toban oncall --format json`.
//! - `GET /rota/<token>[?year=YYYY][&rota=ID][&lang=ja|en]`: the rota page (`toban rota page`)
//!   of the plan year of now (or `year`), of rota `ID` (the association's own by default), in
//!   the association's language (or `lang`), for any active feed token: the rota is shared with
//!   every member, and the page holds no patient data.
//! - `GET /healthz`: `ok`.
//! - `POST /line/webhook`: LINE's webhook ([`crate::chat::line::webhook`]), when LINE is on
//!   (else `404`); a request without the channel's signature gets `401`.
//! - `/admin/…`: the office's web console ([`crate::web`]).
//!
//! Key decision: feeds are rendered once per token and feed generation (the store bumps it
//! whenever an event changes) and day, then served from memory; the token itself is looked up
//! in the store on every request, so a revocation takes effect at once.
//!
//! [`limits`] serves the router with timeouts and a connection cap.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use crate::chat::invite;
use crate::desk::Desk;
use crate::feed::ics;
use crate::rules::Rules;
use crate::store::prelude::*;
use crate::store::{FeedToken, Store};

pub mod limits;

/// How far back a feed reaches.
pub const FEED_DAYS_BACK: i64 = 365;

/// What the handlers share.
#[derive(Clone)]
pub struct App {
    /// The rules (replaced when `serve` reloads them).
    pub rules: crate::live::Live<Rules>,
    /// The store.
    pub store: Arc<dyn Store>,
    /// The adapter's clock.
    pub now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// Holiday overrides from calendars/ (the rota page marks public holidays).
    pub overrides: crate::live::Live<Vec<crate::calendar::Override>>,
    /// The rules folder `serve` reads (the console's Members page edits it); `None`: read only.
    pub rules_dir: Option<std::path::PathBuf>,
    cache: Arc<Mutex<HashMap<String, Cached>>>,
    /// LINE's webhook, when LINE is on.
    line: Option<Arc<crate::chat::line::webhook::LineHook>>,
}

#[derive(Clone)]
struct Cached {
    generation: u64,
    day: NaiveDate,
    body: Arc<str>,
    etag: String,
    last_modified: String,
}

impl App {
    /// The state for [`router`].
    pub fn new(
        rules: Arc<Rules>,
        store: Arc<dyn Store>,
        now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    ) -> App {
        App {
            rules: crate::live::Live::new(rules),
            store,
            now,
            overrides: crate::live::Live::new(Arc::default()),
            rules_dir: None,
            cache: Arc::default(),
            line: None,
        }
    }

    /// The same, answering LINE's webhook with `hook`.
    pub fn with_line(mut self, hook: Arc<crate::chat::line::webhook::LineHook>) -> App {
        self.line = Some(hook);
        self
    }

    /// The same, with the holiday overrides of calendars/.
    pub fn with_overrides(self, overrides: Arc<Vec<crate::calendar::Override>>) -> App {
        self.overrides.set(overrides);
        self
    }

    /// The same, with rules and overrides that `serve` replaces when their files change.
    pub fn with_live(
        mut self,
        rules: crate::live::Live<Rules>,
        overrides: crate::live::Live<Vec<crate::calendar::Override>>,
    ) -> App {
        (self.rules, self.overrides) = (rules, overrides);
        self
    }

    /// The same, with the rules folder the console may edit.
    pub fn with_rules_dir(mut self, dir: std::path::PathBuf) -> App {
        self.rules_dir = Some(dir);
        self
    }
}

/// The routes.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/feeds/{file}", get(feed))
        .route("/api/oncall", get(oncall))
        .route("/rota/{token}", get(rota_page))
        .route("/line/webhook", axum::routing::post(line_webhook))
        .merge(crate::web::router())
        .with_state(app)
}

/// The feed of `token` as text, with its newest change (for `toban feed export` too).
pub fn feed_text(
    rules: &Rules,
    store: &dyn Store,
    token: &FeedToken,
    now: DateTime<Utc>,
) -> Result<(String, Option<DateTime<Utc>>), crate::store::StoreError> {
    let events = store.feed_events()?;
    let doctor = token.member.as_ref().map(|m| m.as_str());
    let chosen = ics::select(&events, doctor, now - Duration::days(FEED_DAYS_BACK));
    let newest = chosen.iter().map(|e| e.stamp).max();
    Ok((ics::render(rules, &chosen, doctor, rules.feed_alarm_minutes), newest))
}

/// `POST /line/webhook`: the raw body, for its signature is over the exact bytes.
async fn line_webhook(
    State(app): State<App>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    use crate::chat::line::webhook::{Outcome, Over, receive};
    let Some(hook) = app.line.clone() else { return not_found() };
    let signature = headers.get("x-line-signature").map(|v| v.as_bytes().to_vec());
    let over = Over {
        rules: app.rules.clone(),
        overrides: app.overrides.clone(),
        store: app.store.clone(),
        now: app.now.clone(),
    };
    match receive(hook, over, signature, &body).await {
        Outcome::Taken => (StatusCode::OK, "ok\n").into_response(),
        Outcome::Unsigned => (StatusCode::UNAUTHORIZED, "unauthorized\n").into_response(),
        Outcome::Unreadable => (StatusCode::BAD_REQUEST, "bad request\n").into_response(),
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// The active token `token`: not revoked, and not of a former member (removed from the rules
/// or past their `left` date), who loses access at once.
fn token_of(app: &App, token: &str) -> Option<FeedToken> {
    if !invite::looks_like_code(token) {
        return None;
    }
    let today = (app.now)().with_timezone(&app.rules.get().association.tz).date_naive();
    let hash = invite::hash(token);
    match app.store.feed_token_by_hash(&hash) {
        Ok(Some(t))
            if invite::same(&t.hash, &hash)
                && t.revoked_at.is_none()
                && t.member
                    .as_ref()
                    .is_none_or(|m| app.rules.get().is_current(m.as_str(), today)) =>
        {
            Some(t)
        }
        _ => None,
    }
}

async fn feed(State(app): State<App>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(token) = file.strip_suffix(".ics") else { return not_found() };
    let Some(token) = token_of(&app, token) else { return not_found() };
    let now = (app.now)();
    let Ok(generation) = app.store.feed_generation() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response();
    };
    let day = now.date_naive();
    let cached = app
        .cache
        .lock()
        .ok()
        .and_then(|c| c.get(&token.hash).cloned())
        .filter(|c| c.generation == generation && c.day == day);
    let cached = match cached {
        Some(c) => c,
        None => {
            let Ok((text, newest)) = feed_text(&app.rules.get(), &*app.store, &token, now) else {
                return (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response();
            };
            let digest = Sha256::digest(text.as_bytes());
            let etag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
            let last = newest.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
            let c = Cached {
                generation,
                day,
                body: Arc::from(text),
                etag: format!("\"{etag}\""),
                last_modified: last.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            };
            if let Ok(mut cache) = app.cache.lock() {
                cache.insert(token.hash.clone(), c.clone());
            }
            c
        }
    };
    let mut response_headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&cached.etag) {
        response_headers.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&cached.last_modified) {
        response_headers.insert(header::LAST_MODIFIED, v);
    }
    response_headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == cached.etag || t.trim() == "*"));
    if matches {
        return (StatusCode::NOT_MODIFIED, response_headers).into_response();
    }
    response_headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    (StatusCode::OK, response_headers, cached.body.to_string()).into_response()
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn oncall(
    State(app): State<App>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if bearer.and_then(|t| token_of(&app, t)).is_none() {
        let mut h = HeaderMap::new();
        h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        let body = serde_json::json!({"error": "a valid token is needed: Authorization: Bearer <token from `toban feed token issue`>"});
        return (StatusCode::UNAUTHORIZED, h, axum::Json(body)).into_response();
    }
    if let Some(other) = params.keys().find(|k| k.as_str() != "at") {
        return bad_request(format!(
            "unknown parameter '{other}': only 'at' (RFC 3339) is accepted"
        ));
    }
    let at = match params.get("at") {
        None => (app.now)(),
        Some(s) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => t.with_timezone(&Utc),
            Err(_) => {
                return bad_request(format!(
                    "at: '{s}' is not an RFC 3339 instant; write e.g. 2027-03-02T22:00:00+09:00 (with + as %2B)"
                ));
            }
        },
    };
    let desk = Desk { rules: &app.rules.get(), store: &*app.store };
    match desk.oncall_json(at) {
        Ok(v) => axum::Json(v).into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response(),
    }
}

async fn rota_page(
    State(app): State<App>,
    Path(token): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if token_of(&app, &token).is_none() {
        return not_found();
    }
    if let Some(other) = params.keys().find(|k| !["year", "rota", "lang"].contains(&k.as_str())) {
        return bad_request(format!(
            "unknown parameter '{other}': only 'year', 'rota' and 'lang' are accepted"
        ));
    }
    // The page is the association's, in its language; a reader may ask for theirs (issue 18).
    let lang = match params.get("lang").map(|l| l.trim()) {
        None => None,
        Some(l) => match l.parse::<crate::rules::Language>() {
            Ok(l) => Some(l),
            Err(_) => return bad_request(format!("lang: '{l}' is not a language: write ja or en")),
        },
    };
    // Another rota's page (issue 20): one token opens every rota's, as its feed carries every
    // rota's duties; `rota=ID` picks one, the association's own by default.
    let all_rules = app.rules.get();
    let given = params.get("rota").map(|r| r.trim());
    let rota_id = given.map_or(Some(crate::rules::RotaId::main()), |r| all_rules.find_rota(r));
    let Some((rules, rota_id)) = rota_id.and_then(|id| Some((all_rules.for_rota(&id)?, id))) else {
        let known: Vec<String> = all_rules.rota_ids().iter().map(|r| r.to_string()).collect();
        let (rota_id, known) = (given.unwrap_or_default(), known.join(", "));
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("no rota '{rota_id}': the rotas are {known}\n"),
        )
            .into_response();
    };
    // A reader who asks for a language reads members' names as in it (`name_en` in English),
    // as on the command line and in the console; otherwise the association's names.
    let rules = match lang {
        Some(l) => rules.for_reader(l),
        None => rules,
    };
    let now = (app.now)();
    let year = match params.get("year") {
        Some(y) => match y.parse::<i32>() {
            Ok(y) if (2001..=2097).contains(&y) => y,
            _ => return bad_request(format!("year: '{y}' is not a plan year from 2001 to 2097")),
        },
        None => {
            let local = now.with_timezone(&rules.association.tz).date_naive();
            let first = crate::calendar::slots::plan_year_first_day(&rules, local.year());
            if local < first { local.year() - 1 } else { local.year() }
        }
    };
    let store = crate::store::RotaView::new(&*app.store, &rota_id);
    let rota = match store.rota_version(year, crate::store::RotaStatus::Published) {
        Ok(Some(r)) => r,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("no published rota for {year}\n"),
            )
                .into_response();
        }
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response(),
    };
    // Each rota's page links to the others' (issue 20), keeping the year and language asked.
    let href = |id: &crate::rules::RotaId| {
        let mut query = Vec::new();
        if !id.is_main() {
            query.push(format!("rota={id}"));
        }
        if params.contains_key("year") {
            query.push(format!("year={year}"));
        }
        if let Some(l) = lang {
            query.push(format!("lang={}", crate::html::lang_code(l)));
        }
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        Some(format!("/rota/{token}{query}"))
    };
    let html = crate::page::rota_page(&crate::page::PageInput {
        rules: &rules,
        rota: &rota,
        holidays: &crate::page::holiday_names(&rules, &app.overrides.get(), year),
        as_of: now.with_timezone(&rules.association.tz).date_naive(),
        lang: lang.unwrap_or(rules.association.language),
        rotas: crate::page::rota_links(&rules, &rota_id, href),
    });
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
            (header::CONTENT_SECURITY_POLICY, crate::page::CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        html,
    )
        .into_response()
}
