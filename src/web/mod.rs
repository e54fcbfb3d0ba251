//! The office's web console (issue 18), served by `toban serve` under `/admin`: a one-time
//! setup link from `toban admin add`, sign-in with a password, sessions, and the Today page
//! (who is on duty, the chain after them, the open calls, what `toban doctor` finds), live
//! without script (it reloads itself: see `handlers_today`).
//!
//! - [`auth`]: the pure core: argon2id, tokens, session lifetimes, the lockout policy.
//! - `session`: cookies, the client's address, the live session of a request.
//! - `extract`: what a handler takes from a request: the reader's language (`Ui`), a
//!   signed-in admin (`Admin`), a checked form (`AdminForm`, `GuestForm`).
//! - `frame`: the layout around every page (the association's name, the nav, the signed-in
//!   admin, sign-out, the 日本語/English switch), the nav list and the style sheet.
//! - `pages`: the pages' HTML (maud), no script, no external resource; the texts are
//!   [`crate::msg::web::WebMsg`].
//! - `reply`: HTML answers, redirects, cookies and the shared 403/404/503 pages.
//! - `handlers`: the routes, thin over the desk and the store.
//!
//! Key decisions: every response under `/admin` carries a strict Content-Security-Policy
//! (`default-src 'none'`: no script can run, no resource load from elsewhere), `no-store`,
//! `nosniff` and `no-referrer`; every POST carries a CSRF token (the session's, or before
//! sign-in a form cookie's) and is refused with 403 without it, on top of `SameSite=Strict`
//! session cookies. The reader's language is the `toban_lang` cookie, else the rules'.
//! One response sets its own policy, which the layer keeps: the printable rota
//! (`handlers_print`), the page `toban rota page` writes, whose styles are inline; its
//! [`PRINT_CSP`] allows them and nothing else (no script, no load, no form, no framing).
//!
//! # How to add a console page
//!
//! One shape for every page, so the console reads alike and no page forgets a check:
//!
//! 1. **Texts**: add the page's title and every label, button and message to
//!    [`crate::msg::web::WebMsg`] in Japanese and English (and to `WebMsg::samples()`);
//!    nothing user-visible is written in the page code.
//! 2. **The page**: a pure function in `pages.rs` (or a `pages_*.rs` beside it when it grows)
//!    taking `&Frame` and what it shows, returning `f.page(&WebMsg::YourTitle, html! { … })`.
//!    The frame adds the header, nav and language switch; show refusals with `f.notice(..)`.
//! 3. **The handler** in `handlers.rs` (or `handlers_*.rs`): take `admin: Admin` (a signed-in
//!    admin, else the browser is sent to sign in) and build the frame with `admin.frame(&app)`.
//!    Read and change through the same desk/change code as the CLI and the chat
//!    ([`crate::desk::Desk`]), never the store's trees by hand; a store error is
//!    `reply::unavailable(&f, &e)`.
//! 4. **A form**: the page's `<form method="post">` carries
//!    `input type="hidden" name="csrf" value=(admin.session.csrf)`; its POST handler takes
//!    `form: AdminForm` as its last argument: the body is read and the CSRF token checked
//!    before the handler runs (a bad one gets the 403 page). Check with the same checker as
//!    the CLI, re-show the form with the reason (400) or act, audit with `form.admin.id()`,
//!    and answer `reply::see_other(..)` (303) to a page that shows the result.
//! 5. **The route** in [`router`] below, and **the nav entry** in `frame::nav()` (the only
//!    list of links: add yours when the page exists).
//! 6. **Tests**: a unit test of the page function beside it (escaping, what it names), an HTTP
//!    test in `tests/it/web_*.rs` (signed out → 303, without the token → 403, the audit), and
//!    a browser test in `tests/it/web_browser*.rs` using `crate::browser` (real Chromium: the
//!    office clicks through it; check the page at 375 px wide with `browser::no_sideways_scroll`).

pub mod auth;
mod extract;
mod frame;
mod handlers;
mod handlers_calls;
mod handlers_cover;
mod handlers_feeds;
mod handlers_import;
mod handlers_me;
mod handlers_members;
mod handlers_patients;
mod handlers_places;
mod handlers_print;
mod handlers_records;
mod handlers_today;
mod handlers_year;
mod hospitals;
mod me_view;
mod pages;
mod pages_cover;
mod pages_feeds;
mod pages_import;
mod pages_me;
mod pages_members;
mod pages_patients;
mod pages_plan;
mod pages_records;
mod pages_today;
mod pages_year;
mod reply;
mod session;
mod sign_in_links;

pub use session::new_token;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{any, get, post};

use crate::server::App;

/// The console's Content-Security-Policy.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The printable rota's Content-Security-Policy: [`crate::page::CSP`] (inline styles, nothing
/// else runs or loads) and, as on every console page, no framing.
pub const PRINT_CSP: &str = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The console's routes (merged into [`crate::server::router`]).
pub fn router() -> Router<App> {
    Router::new()
        .route("/admin", get(handlers_today::today))
        .route("/admin/", get(handlers_today::today))
        .route("/admin/login", get(handlers::login_form).post(handlers::login_submit))
        // A GET (the language switch on a refused sign-out, a typed address) goes to Today.
        .route("/admin/logout", get(|| async { reply::see_other("/admin") }).post(handlers::logout))
        .route("/admin/lang", get(handlers::switch_language))
        .route("/admin/setup/{token}", get(handlers::setup_form).post(handlers::setup_submit))
        .route("/admin/style.css", get(handlers::style))
        // The year and plan pages (handlers_year).
        .route("/admin/year.css", get(handlers_year::style))
        .route("/admin/year", get(handlers_year::year_now))
        .route("/admin/year/{year}", get(handlers_year::year))
        .route("/admin/year/{year}/print", get(handlers_print::rota))
        .route(
            "/admin/year/{year}/slot/{slot}",
            get(handlers_year::slot).post(handlers_year::slot_change),
        )
        .route("/admin/plan", get(handlers_year::plan_now))
        .route("/admin/plan/{year}", get(handlers_year::plan).post(handlers_year::plan_start))
        .route("/admin/plan/{year}/publish", post(handlers_year::publish))
        .route("/admin/plan/{year}/discard", post(handlers_year::discard))
        .route("/admin/members", get(handlers_members::members))
        // Members and past duties from Excel (handlers_import).
        .route("/admin/import", get(handlers_import::page))
        .route("/admin/import/members", post(handlers_import::members))
        .route("/admin/import/history", post(handlers_import::history))
        .route("/admin/members/doctor", post(handlers_members::doctor_add))
        .route("/admin/members/doctor/new", get(handlers_members::doctor_new))
        .route(
            "/admin/members/doctor/{id}",
            get(handlers_members::doctor_edit).post(handlers_members::doctor_save),
        )
        .route("/admin/members/link/{id}", post(sign_in_links::issue))
        .route("/admin/members/place", post(handlers_places::place_add))
        .route("/admin/members/place/new", get(handlers_places::place_new))
        .route("/admin/members/period", post(handlers_places::period_add))
        .route("/admin/members/period/new", get(handlers_places::period_new))
        .route(
            "/admin/members/place/{id}",
            get(handlers_members::place_edit).post(handlers_members::place_save),
        )
        .route(
            "/admin/members/period/{id}",
            get(handlers_members::period_edit).post(handlers_members::period_save),
        )
        .route(
            "/admin/absences",
            get(handlers_members::absences).post(handlers_members::absence_add),
        )
        .route("/admin/absences/{id}/remove", post(handlers_members::absence_remove))
        .route(
            "/admin/absences/{id}/cover/{slot}",
            get(handlers_cover::cover_form).post(handlers_cover::cover_save),
        )
        .route("/admin/calls", get(handlers_calls::calls))
        .route("/admin/calls/{id}", get(handlers_calls::call))
        .route("/admin/calls/{id}/cancel", post(handlers_calls::cancel))
        .route("/admin/audit", get(handlers_records::audit))
        .route("/admin/report", get(handlers_records::report_now))
        .route("/admin/report/{year}", get(handlers_records::report))
        .route("/admin/report/{year}/{file}", get(handlers_records::download))
        .route("/admin/patients", get(handlers_records::patients).post(handlers_patients::register))
        .route("/admin/patients/new", get(handlers_patients::new))
        .route("/admin/patients/{id}", get(handlers_records::patient))
        .route(
            "/admin/patients/{id}/edit",
            get(handlers_patients::edit_form).post(handlers_patients::edit),
        )
        .route(
            "/admin/patients/{id}/remove",
            get(handlers_patients::remove_form).post(handlers_patients::remove),
        )
        .route("/admin/patients/{id}/sheet", get(handlers_patients::sheet))
        .route("/admin/patients/{id}/course", axum::routing::post(handlers_records::add_course))
        .route(
            "/admin/invitations",
            get(handlers_records::invitations).post(handlers_records::create_invitation),
        )
        .route("/admin/feeds", get(handlers_feeds::feeds).post(handlers_feeds::issue))
        .route("/admin/backups", get(handlers_records::backups).post(handlers_records::run_backup))
        .route("/admin/backups/{file}", get(handlers_records::download_backup))
        .route("/admin/feeds/{id}/revoke", post(handlers_feeds::revoke))
        .route("/admin/hospitals", get(hospitals::hospitals))
        .route("/admin/hospitals/{id}/beds", post(hospitals::set_beds))
        .route("/admin/hospitals/{id}/{file}", get(hospitals::patients))
        .route("/admin/board", get(hospitals::board))
        // Every other path under /admin: the 404 page in the console's frame.
        .route("/admin/{*rest}", any(handlers::missing))
        // The doctors' own pages (issue 18), under the same headers.
        .merge(handlers_me::routes())
        .layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    // A page that set its own policy (the printable rota: `PRINT_CSP`) keeps it.
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printable_rotas_policy_is_the_pages_own_and_forbids_framing_too() {
        let directives = |csp: &str| -> Vec<String> {
            csp.split(';').map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
        };
        let print = directives(PRINT_CSP);
        for d in directives(crate::page::CSP) {
            assert!(print.contains(&d), "{d} of the page's policy missing from {PRINT_CSP}");
        }
        assert!(print.contains(&"frame-ancestors 'none'".to_string()), "{PRINT_CSP}");
        assert!(!PRINT_CSP.contains("script-src 'unsafe") && !PRINT_CSP.contains("'self'"));
    }
}
