//! The office's web console (issue 18), served by `toban serve` under `/admin`: a one-time
//! setup link from `toban admin add`, sign-in with a password, sessions, and the Today page
//! (who is on duty, the chain after them, the open calls).
//!
//! - [`auth`]: the pure core: argon2id, tokens, session lifetimes, the lockout policy.
//! - `session`: cookies, the client's address, the signed-in admin of a request.
//! - `pages`: the HTML (maud), Japanese or English as the rules say, no script, no external
//!   resource; the texts are [`crate::msg::web::WebMsg`].
//! - `handlers`: the routes, thin over the desk and the store.
//!
//! Key decisions: every response under `/admin` carries a strict Content-Security-Policy
//! (`default-src 'none'`: no script can run, no resource load from elsewhere), `no-store`,
//! `nosniff` and `no-referrer`; every POST carries a CSRF token (the session's, or before
//! sign-in a form cookie's) and is refused with 403 without it, on top of `SameSite=Strict`
//! session cookies.

pub mod auth;
mod handlers;
mod pages;
mod session;

pub use session::new_token;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};

use crate::server::App;

/// The console's Content-Security-Policy.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The console's routes (merged into [`crate::server::router`]).
pub fn router() -> Router<App> {
    Router::new()
        .route("/admin", get(handlers::today))
        .route("/admin/", get(handlers::today))
        .route("/admin/login", get(handlers::login_form).post(handlers::login_submit))
        .route("/admin/logout", post(handlers::logout))
        .route("/admin/setup/{token}", get(handlers::setup_form).post(handlers::setup_submit))
        .route("/admin/style.css", get(handlers::style))
        .layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
