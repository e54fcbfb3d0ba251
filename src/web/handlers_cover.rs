//! Cover from an absence (issue 18): an absence that falls on a published duty links to a
//! form where the office chooses the colleague who covers it. Saving runs `toban cover SLOT
//! DOCTOR OTHER` through [`crate::cli::console`] with the signed-in admin as the actor, as
//! the year's slot page does: the same checker (a refusal is shown with its reason and nothing
//! is saved), the same notices, feed refresh and audit entry.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::extract::{Admin, AdminForm};
use super::frame::{Frame, Notice};
use super::handlers_year::{failure, run};
use super::pages_cover::{self as pages, CoverView};
use super::reply::{html, see_other, unavailable};
use crate::cli::Command;
use crate::desk::Desk;
use crate::msg::web::WebMsg;
use crate::msg::{Doctor, When};
use crate::server::App;
use crate::store::{Absence, RotaSlot};

/// The absence `id` and its clashing published slot `slot`, if it still clashes.
fn clash(app: &App, id: u64, slot: &str) -> anyhow::Result<Option<(Absence, RotaSlot)>> {
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    let Some(a) = app.store.absences()?.into_iter().find(|a| a.id == id) else {
        return Ok(None);
    };
    let s = desk.absence_clashes(&a, (app.now)())?.into_iter().find(|s| s.id == slot);
    Ok(s.map(|s| (a, s)))
}

fn page(
    app: &App,
    f: &Frame,
    csrf: &str,
    (id, slot): (u64, &str),
    chosen: &str,
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    let (a, s) = match clash(app, id, slot) {
        Ok(Some(found)) => found,
        Ok(None) => return html(StatusCode::CONFLICT, pages::not_needed(f, id, slot)),
        Err(e) => return unavailable(f, &e),
    };
    let rules = app.rules.get();
    let tz = rules.association.tz;
    let day = (app.now)().with_timezone(&tz).date_naive();
    let colleagues: Vec<(String, String)> = rules
        .doctors
        .iter()
        .filter(|d| d.left.is_none_or(|l| day <= l))
        .filter(|d| !s.doctors.iter().any(|x| x == d.id.as_str()))
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let when = |t: chrono::DateTime<chrono::FixedOffset>| When(t.with_timezone(&tz));
    let v = CoverView {
        absence: id,
        slot,
        doctor: Doctor(rules.name_of(&a.doctor).to_string()),
        start: when(s.start),
        end: when(s.end),
        colleagues: &colleagues,
        chosen,
        csrf,
    };
    html(status, pages::cover(f, &v, n.as_ref()))
}

/// `GET /admin/absences/{id}/cover/{slot}`: the form.
pub async fn cover_form(
    State(app): State<App>,
    admin: Admin,
    Path((id, slot)): Path<(u64, String)>,
) -> Response {
    let f = admin.frame(&app);
    page(&app, &f, &admin.session.csrf, (id, &slot), "", StatusCode::OK, None)
}

/// `POST /admin/absences/{id}/cover/{slot}`: `toban cover SLOT DOCTOR OTHER` as the admin.
pub async fn cover_save(
    State(app): State<App>,
    Path((id, slot)): Path<(u64, String)>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    let other = form.field("other").trim().to_string();
    let csrf = form.admin.session.csrf.clone();
    let absent = match clash(&app, id, &slot) {
        Ok(Some((a, _))) => a.doctor,
        Ok(None) => return html(StatusCode::CONFLICT, pages::not_needed(&f, id, &slot)),
        Err(e) => return unavailable(&f, &e),
    };
    let command = Command::Cover {
        slot: slot.clone(),
        doctor: absent,
        other: other.clone(),
        by: "admin".into(),
        on_behalf: None,
        from: None,
        to: None,
    };
    match run(&app, &form.admin, command).await {
        Ok(_) => {
            let q: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("covered", &slot)
                .append_pair("by", &other)
                .finish();
            see_other(&format!("/admin/absences?{q}"))
        }
        Err(e) => {
            let n = Notice::Error(WebMsg::Year(failure(&e)));
            page(&app, &f, &csrf, (id, &slot), &other, StatusCode::BAD_REQUEST, Some(n))
        }
    }
}
