//! The calendar feeds page's handlers: list, issue (shown once) and revoke, through
//! [`crate::desk::feed_tokens`], the same code as `toban feed token issue|revoke`, audited
//! with the signed-in admin. The page is [`super::pages_feeds`].

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::extract::{Admin, AdminForm, Fields};
use super::frame::Notice;
use super::pages_feeds::{self as pages, FeedsPage, NewFeed};
use super::pages_patients::g;
use super::pages_records::r;
use super::reply::{html, not_found, see_other, unavailable};
use crate::desk::feed_tokens;
use crate::msg::refusal::Refusal;
use crate::msg::web_records::RecordsMsg as R;
use crate::msg::web_registry::RegistryMsg as G;
use crate::server::App;

/// The feeds page with `new` (a feed just issued) and `n`.
fn feeds_page(
    app: &App,
    admin: &Admin,
    status: StatusCode,
    new: Option<&NewFeed>,
    n: Option<Notice>,
) -> Response {
    let f = admin.frame(app);
    let rules = app.rules.get().for_reader(f.lang);
    match app.store.feed_tokens() {
        Ok(list) => {
            let rows: Vec<_> = list
                .iter()
                .map(|t| {
                    (t.revoked_at.is_none(), crate::cli::desk::feed_token_row(&rules, t, f.lang))
                })
                .collect();
            let doctors: Vec<_> =
                rules.doctors.iter().map(|d| (d.id.to_string(), d.name.clone())).collect();
            let cols = crate::cli::desk::FEED_TOKEN_COLUMNS;
            let p = FeedsPage {
                cols: &cols,
                rows: &rows,
                doctors: &doctors,
                csrf: &admin.session.csrf,
                new,
            };
            html(status, pages::feeds(&f, &p, n.as_ref()))
        }
        Err(e) => unavailable(&f, &e),
    }
}

/// `GET /admin/feeds`: the feed tokens, as `toban feed token list`, and the issue form.
pub async fn feeds(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let n = q
        .get("revoked")
        .and_then(|id| id.parse().ok())
        .map(|id| Notice::Info(r(R::FeedRevoked { id })));
    feeds_page(&app, &admin, StatusCode::OK, None, n)
}

/// `POST /admin/feeds`: issues a feed as `toban feed token issue [DOCTOR | --all] --label`
/// does, audited with the admin, and shows its link and QR code once (the secret is never
/// stored, so there is no redirect: a reload shows the list without it).
pub async fn issue(State(app): State<App>, form: AdminForm) -> Response {
    let admin = &form.admin;
    let f = admin.frame(&app);
    let rules = app.rules.get();
    let member = Some(form.field("for").trim()).filter(|m| !m.is_empty());
    let label = Some(form.field("label").trim().to_string()).filter(|l| !l.is_empty());
    let by = format!("admin:{}", admin.id());
    match feed_tokens::issue(&rules, &*app.store, member, label, (app.now)(), &by) {
        Ok(issued) => {
            let reader = rules.for_reader(f.lang);
            let whom = match &issued.token.member {
                Some(m) => {
                    let name = crate::msg::Doctor(reader.name_of(m.as_str()).to_string());
                    crate::msg::Message::render(&name, f.lang)
                }
                None => f.t(&g(G::WholeRota)),
            };
            let base = crate::config::public_url(app.store.data_dir().as_deref());
            let new = NewFeed { id: issued.token.id, whom, url: issued.url(&base) };
            feeds_page(&app, admin, StatusCode::OK, Some(&new), None)
        }
        Err(e) => match e.downcast::<Refusal>() {
            Ok(why) => {
                let why = super::reply::on_console(&app.rules.get(), why);
                let n = Some(Notice::Error(g(G::Refused(why))));
                feeds_page(&app, admin, StatusCode::BAD_REQUEST, None, n)
            }
            Err(e) => unavailable(&f, &e),
        },
    }
}

/// `POST /admin/feeds/{id}/revoke`: as `toban feed token revoke ID`, audited with the admin.
pub async fn revoke(State(app): State<App>, Path(id): Path<String>, form: AdminForm) -> Response {
    let Ok(id) = id.parse::<crate::ids::FeedTokenId>() else {
        return not_found(&form.admin.frame(&app));
    };
    let by = format!("admin:{}", form.admin.id());
    match feed_tokens::revoke(&*app.store, id, (app.now)(), &by) {
        Ok(true) => see_other(&format!("/admin/feeds?revoked={id}")),
        Ok(false) => {
            let n = Some(Notice::Error(r(R::NoSuchFeed { id })));
            feeds_page(&app, &form.admin, StatusCode::NOT_FOUND, None, n)
        }
        Err(e) => unavailable(&form.admin.frame(&app), &e),
    }
}

#[cfg(test)]
mod tests {
    /// The "for" column names the doctor, the id in brackets as the office pages do (issue 18).
    #[test]
    fn a_feed_is_listed_for_the_doctor_by_name() {
        let rules = crate::plan::testing::sosa();
        let tok = crate::store::FeedToken {
            id: crate::ids::FeedTokenId::new(1),
            hash: String::new(),
            member: Some("d01".parse().unwrap()),
            label: None,
            created_at: chrono::DateTime::from_timestamp(1_804_000_000, 0).unwrap(),
            revoked_at: None,
        };
        let ja = crate::cli::desk::feed_token_row(&rules, &tok, crate::msg::Lang::Ja);
        assert_eq!(ja[1], "青木 一郎先生（d01）");
        let en = crate::cli::desk::feed_token_row(&rules, &tok, crate::msg::Lang::En);
        assert_eq!(en[1], "Dr 青木 一郎 (d01)");
    }
}
