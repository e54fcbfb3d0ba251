//! The calls pages' handlers: the list (open calls, then the ended ones a page at a time),
//! one call as `toban call show`, and cancelling an open call. Thin: the rows and lines come
//! from [`crate::desk::calls_view`] as on the command line, and a cancel is the desk command
//! `toban call cancel N --as ADMIN` itself, run with the signed-in admin
//! ([`super::handlers_year::run`]): the same checks, the same log entry naming the admin, the
//! same notices to the chain.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::extract::{Admin, AdminForm, Fields};
use super::frame::Notice;
use super::pages_records::{self as pages, EndedPage, r};
use super::reply::{html, not_found, refusal, see_other, unavailable};
use crate::cli::{CallAction, Command};
use crate::desk::calls_view;
use crate::msg::web_records::RecordsMsg as R;
use crate::routing::{CallId, CallState};
use crate::server::App;

/// Ended calls a page.
pub const ENDED_PER_PAGE: usize = 50;

/// `GET /admin/calls?page=N`: the open calls first, then page N of the ended ones, newest
/// first (a page past the end shows the last).
pub async fn calls(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let f = admin.frame(&app);
    // Names as the reader reads them (issue 18): `name_en` for an English reader.
    let rules = app.rules.get().for_reader(f.lang);
    let now = (app.now)();
    let all = match app.store.calls() {
        Ok(c) => calls_view::office_order(c, now),
        Err(e) => return unavailable(&f, &e),
    };
    let (open, ended): (Vec<_>, Vec<_>) = all.into_iter().partition(|c| c.is_open(now));
    let total = ended.len();
    let last = total.div_ceil(ENDED_PER_PAGE).max(1);
    let page = q.get("page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, last);
    // The office knows its registry: each call's patient by name and number.
    let names: std::collections::BTreeMap<crate::ids::PatientId, String> =
        match app.store.patients() {
            Ok(list) => list.into_iter().map(|p| (p.id, p.details.name)).collect(),
            Err(e) => return unavailable(&f, &e),
        };
    let row = |c: &crate::routing::Call| {
        calls_view::list_row(&rules, c, f.lang, names.get(&c.patient).map(String::as_str))
    };
    let open: Vec<_> = open.iter().map(row).collect();
    let ended: Vec<_> =
        ended.iter().skip((page - 1) * ENDED_PER_PAGE).take(ENDED_PER_PAGE).map(row).collect();
    let p = EndedPage { page, per_page: ENDED_PER_PAGE, total };
    html(StatusCode::OK, pages::calls(&f, &calls_view::LIST_COLUMNS, &open, &ended, &p))
}

/// Call `id`'s page with `n`: the lines of `toban call show` and, while it can still be
/// cancelled, the form that cancels it; the 404 page for no such call.
fn call_page(
    app: &App,
    admin: &Admin,
    id: CallId,
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    let f = admin.frame(app);
    match app.store.call(id) {
        Ok(Some(c)) => {
            let v = calls_view::view(&app.rules.get().for_reader(f.lang), &c, f.lang);
            // The states `toban call cancel` accepts (the engine refuses the others).
            let open = matches!(c.state, CallState::Waiting { .. } | CallState::Exhausted { .. });
            let cancel = open.then_some(admin.session.csrf.as_str());
            html(status, pages::call(&f, id, &v, cancel, n.as_ref()))
        }
        Ok(None) => refusal(&f, StatusCode::NOT_FOUND, r(R::CallsTitle), r(R::NoSuchCall { id })),
        Err(e) => unavailable(&f, &e),
    }
}

/// `GET /admin/calls/{id}[?cancelled=1]`: one call, as `toban call show`.
pub async fn call(
    State(app): State<App>,
    admin: Admin,
    Path(id): Path<String>,
    Query(q): Query<Fields>,
) -> Response {
    let Ok(id) = id.parse::<CallId>() else {
        return not_found(&admin.frame(&app));
    };
    let n = q.contains_key("cancelled").then(|| Notice::Info(r(R::CancelDone { id })));
    call_page(&app, &admin, id, StatusCode::OK, n)
}

/// `POST /admin/calls/{id}/cancel` (`confirm=yes`): `toban call cancel ID --as ADMIN`; without
/// the confirmation, or refused by the engine (the call has ended), the page again with why.
pub async fn cancel(State(app): State<App>, Path(id): Path<String>, form: AdminForm) -> Response {
    let admin = &form.admin;
    let f = admin.frame(&app);
    let Ok(id) = id.parse::<CallId>() else {
        return not_found(&f);
    };
    match app.store.call(id) {
        Ok(Some(_)) => {}
        Ok(None) => return call_page(&app, admin, id, StatusCode::NOT_FOUND, None),
        Err(e) => return unavailable(&f, &e),
    }
    let refuse =
        |m: R| call_page(&app, admin, id, StatusCode::BAD_REQUEST, Some(Notice::Error(r(m))));
    if form.field("confirm") != "yes" {
        return refuse(R::CancelUnconfirmed);
    }
    let who = admin.id().to_string();
    let command = Command::Call { action: CallAction::Cancel { call: id.get(), who } };
    match super::handlers_year::run(&app, admin, command).await {
        Ok(_) => see_other(&format!("/admin/calls/{id}?cancelled=1")),
        Err(e) => match crate::cli::console::refusal(&e) {
            Some(why) => refuse(R::CancelRefused(super::reply::on_console(&app.rules.get(), why))),
            None => unavailable(&f, &e),
        },
    }
}
