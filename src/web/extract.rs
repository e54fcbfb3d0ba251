//! What a console handler takes from a request, checked once here so no page can forget:
//!
//! - [`Ui`]: the reader's language and the page's path (every page, signed in or not);
//! - [`Admin`]: a signed-in admin, or the browser is sent to the sign-in page;
//! - [`AdminForm`]: a signed-in admin's form POST whose CSRF token is the session's;
//! - [`GuestForm`]: a form POST before sign-in (sign-in, setup) whose token is the form
//!   cookie's.
//!
//! Both forms go through one path, [`read_form`]: the body is read as a form whatever its
//! content type says (an empty or odd body is a missing token, refused with the 403 page,
//! never a bare 415), then the token is compared in constant time.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::Response;

use super::auth;
use super::frame::Frame;
use super::reply::{self, frame};
use super::session::{self, FORM_COOKIE, LANG_COOKIE, SESSION_COOKIE};
use crate::msg::Lang;
use crate::msg::web::WebMsg;
use crate::server::App;
use crate::store::WebSession;

/// A form's fields (a repeated name keeps its last value).
pub type Fields = HashMap<String, String>;

/// The most a console form may send: forms are a few fields of text.
const FORM_LIMIT: usize = 64 * 1024;

/// The reader's language: the `toban_lang` cookie (the header's switch), else the rules'.
pub fn lang_of(app: &App, headers: &HeaderMap) -> Lang {
    match session::cookie(headers, LANG_COOKIE).as_deref() {
        Some("ja") => Lang::Ja,
        Some("en") => Lang::En,
        _ => app.rules.get().association.language,
    }
}

/// The reader's language and the page's path.
pub struct Ui {
    /// The reader's language.
    pub lang: Lang,
    /// The request's path.
    pub here: String,
}

impl Ui {
    /// The frame of a signed-out page.
    pub fn frame(&self, app: &App) -> Frame {
        frame(app, self.lang, &self.here, None)
    }
}

impl FromRequestParts<App> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Ui, Self::Rejection> {
        Ok(Ui { lang: lang_of(app, &parts.headers), here: parts.uri.path().to_string() })
    }
}

/// A signed-in admin (the session is live and touched). Without one, the browser is sent to
/// the sign-in page (a stale session cookie is cleared on the way).
pub struct Admin {
    /// The session (the admin's id is `session.admin`).
    pub session: WebSession,
    /// The reader's language and the page's path.
    pub ui: Ui,
}

impl Admin {
    /// The admin's id (as audited).
    pub fn id(&self) -> &str {
        self.session.admin.as_str()
    }

    /// The admin as the audit log keeps them: `admin:<id>`, as the command line does, so one
    /// person reads as one actor (issue 18).
    pub fn actor(&self) -> String {
        format!("admin:{}", self.id())
    }

    /// The frame of a signed-in page.
    pub fn frame(&self, app: &App) -> Frame {
        frame(app, self.ui.lang, &self.ui.here, Some(&self.session))
    }
}

/// The sign-in page, clearing the session cookie if the request had one.
pub fn to_sign_in(app: &App, headers: &HeaderMap) -> Response {
    let to = reply::see_other("/admin/login");
    match session::cookie(headers, SESSION_COOKIE) {
        Some(_) => {
            let clear = session::set_cookie(SESSION_COOKIE, None, 0, session::secure(app));
            reply::with_cookies(to, &[clear])
        }
        None => to,
    }
}

impl FromRequestParts<App> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Admin, Response> {
        let Ok(ui) = Ui::from_request_parts(parts, app).await;
        match session::current(app, &parts.headers, (app.now)()) {
            Ok(Some(session)) => Ok(Admin { session, ui }),
            Ok(None) => Err(to_sign_in(app, &parts.headers)),
            Err(e) => Err(reply::unavailable(&ui.frame(app), &e)),
        }
    }
}

/// Reads the body of a console form and checks its `csrf` field against `expected`: the
/// one path of every POST. `None` expected (no token to compare with) refuses too.
pub async fn read_form(body: Body, expected: Option<&str>) -> Result<Fields, WebMsg> {
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| WebMsg::Forbidden)?;
    let fields: Fields = url::form_urlencoded::parse(&bytes).into_owned().collect();
    match (expected, fields.get("csrf")) {
        (Some(e), Some(f)) if auth::looks_like_token(e) && auth::same(e, f) => Ok(fields),
        _ => Err(WebMsg::Forbidden),
    }
}

/// A signed-in admin's form, its CSRF token checked against the session's.
pub struct AdminForm {
    /// Who posted it.
    pub admin: Admin,
    /// Its fields.
    #[allow(dead_code, reason = "sign-out has none; the forms of the next pages read them")]
    pub fields: Fields,
}

impl FromRequest<App> for AdminForm {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<AdminForm, Response> {
        let (mut parts, body) = req.into_parts();
        let admin = Admin::from_request_parts(&mut parts, app).await?;
        match read_form(body, Some(&admin.session.csrf)).await {
            Ok(fields) => Ok(AdminForm { admin, fields }),
            Err(_) => Err(reply::forbidden(&admin.frame(app))),
        }
    }
}

/// A form before sign-in, its CSRF token checked against the form cookie's.
pub struct GuestForm {
    /// The reader's language and the page's path.
    pub ui: Ui,
    /// Its fields.
    pub fields: Fields,
}

impl GuestForm {
    /// Field `name`, or empty.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

impl AdminForm {
    /// Field `name`, or empty.
    #[allow(dead_code, reason = "sign-out has none; the forms of the next pages read them")]
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

impl FromRequest<App> for GuestForm {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<GuestForm, Response> {
        let (mut parts, body) = req.into_parts();
        let Ok(ui) = Ui::from_request_parts(&mut parts, app).await;
        let cookie = session::cookie(&parts.headers, FORM_COOKIE);
        match read_form(body, cookie.as_deref()).await {
            Ok(fields) => Ok(GuestForm { ui, fields }),
            Err(_) => Err(reply::forbidden(&ui.frame(app))),
        }
    }
}
