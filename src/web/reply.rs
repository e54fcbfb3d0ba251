//! The console's answers: HTML pages, redirects, cookies, and the refusals every page shares
//! (403, 404, 503) inside the frame, each with a way back.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::frame::{Frame, Notice, SignedIn};
use super::pages;
use crate::msg::Lang;
use crate::msg::web::WebMsg;
use crate::server::App;
use crate::store::WebSession;

/// An HTML page.
pub fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// `response` with these `Set-Cookie` values.
pub fn with_cookies(mut response: Response, cookies: &[String]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// A 303 to `to` (after a form: the browser GETs it).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// The display name of admin `id` in the rules, if `id` is an admin there.
pub fn admin_name(app: &App, id: &str) -> Option<String> {
    app.rules.get().admins.iter().find(|a| a.id.as_str() == id).map(|a| a.name.clone())
}

/// The frame of a page at `here` in `lang`, for `session`'s admin if signed in.
pub fn frame(app: &App, lang: Lang, here: &str, session: Option<&WebSession>) -> Frame {
    Frame {
        lang,
        association: app.rules.get().association_name(lang).to_string(),
        here: here.to_string(),
        who: session.map(|s| SignedIn {
            // As the reader reads it (`name_en` in English).
            name: app.rules.get().name_in(s.admin.as_str(), lang).to_string(),
            csrf: s.csrf.clone(),
        }),
    }
}

/// Refusal `r` as the console says it: members by today's names, no command to type.
pub fn on_console(
    rules: &crate::rules::Rules,
    r: crate::msg::refusal::Refusal,
) -> crate::msg::refusal_console::OnConsole {
    r.on_console(crate::msg::audit::Names::of(rules))
}

/// A page of one message under its own title.
pub fn refusal(f: &Frame, status: StatusCode, title: WebMsg, m: WebMsg) -> Response {
    html(status, pages::message(f, &title, &Notice::Error(m)))
}

/// A store failure: an opaque page, the chain in the log.
pub fn unavailable(f: &Frame, e: &dyn std::fmt::Display) -> Response {
    tracing::error!("web console: {e}");
    refusal(f, StatusCode::SERVICE_UNAVAILABLE, WebMsg::UnavailableTitle, WebMsg::Unavailable)
}

/// A form without a valid CSRF token.
pub fn forbidden(f: &Frame) -> Response {
    refusal(f, StatusCode::FORBIDDEN, WebMsg::ForbiddenTitle, WebMsg::Forbidden)
}

/// No such console page.
pub fn not_found(f: &Frame) -> Response {
    refusal(f, StatusCode::NOT_FOUND, WebMsg::NotFoundTitle, WebMsg::NotFound)
}
