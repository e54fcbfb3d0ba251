//! `GET /admin/year/{year}/print[?rota=ID]`: the printable rota (issue 18), the very page
//! `toban rota page YEAR [--rota ID]` writes ([`crate::cli::rota::page`], on the same rules and
//! the same view of the store), behind the console's sign-in. The page is one self-contained
//! sheet whose styles are inline, so it goes out under [`super::PRINT_CSP`]: those styles
//! apply, and still nothing runs, loads, posts or frames it.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::extract::{Admin, Fields};
use super::pages_records::r;
use super::reply::{not_found, refusal, unavailable};
use crate::msg::refusal::Refusal;
use crate::msg::web_records::RecordsMsg as R;
use crate::rules::RotaId;
use crate::server::App;

/// `GET /admin/year/{year}/print`: the page of the published rota, else the draft, as of now.
pub async fn rota(
    State(app): State<App>,
    admin: Admin,
    Path(year): Path<String>,
    Query(q): Query<Fields>,
) -> Response {
    let f = admin.frame(&app);
    let Some(year) = year.parse::<i32>().ok().filter(|y| (2001..=2097).contains(y)) else {
        return not_found(&f);
    };
    let rules = app.rules.get();
    let given = q.get("rota").map(|r| r.trim()).filter(|r| !r.is_empty());
    let Some(id) = given.map_or(Some(RotaId::main()), |g| rules.find_rota(g)) else {
        return not_found(&f);
    };
    let (overrides, now) = (app.overrides.get(), (app.now)());
    // As `--rota ID` on the command line: main on the whole rules and store, another rota on
    // its own rules and its view of the store.
    let made = match rules.for_rota(&id) {
        _ if id.is_main() => crate::cli::rota::page(&rules, &overrides, &*app.store, year, now),
        Some(scoped) => {
            let view = crate::store::RotaView::new(&*app.store, &id);
            crate::cli::rota::page(&scoped, &overrides, &view, year, now)
        }
        None => return not_found(&f),
    };
    match made {
        Ok(page) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_SECURITY_POLICY, super::PRINT_CSP),
            ],
            page,
        )
            .into_response(),
        Err(e) if matches!(e.downcast_ref::<Refusal>(), Some(Refusal::NoRotaYet(_))) => {
            refusal(&f, StatusCode::NOT_FOUND, r(R::PrintRota), r(R::NoRotaToPrint { year }))
        }
        Err(e) => unavailable(&f, &e),
    }
}
