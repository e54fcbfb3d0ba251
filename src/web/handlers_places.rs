//! Adding a backup hospital, a nurse station or a holiday period from the Members page (issue
//! 18): the same [`crate::rules::edit`] path as editing one (the rules file rewritten with its
//! comments kept, checked first by the loader of `toban check`), audited with the admin.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::extract::{Admin, AdminForm};
use super::frame::Notice;
use super::handlers_members::{save, urlencode};
use super::pages_members::{self as pages, PlaceForm, Problems};
use super::reply::{html, see_other};
use crate::rules::edit::{Edit, PeriodFields, PlaceFields, PlaceKind};
use crate::server::App;

fn kind_of(s: &str) -> PlaceKind {
    if s == "nurse_station" { PlaceKind::NurseStation } else { PlaceKind::Hospital }
}

/// `GET /admin/members/place/new?kind=hospital|nurse_station`.
pub async fn place_new(
    State(app): State<App>,
    admin: Admin,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if app.rules_dir.is_none() {
        return see_other("/admin/members");
    }
    let f = admin.frame(&app);
    let hospital = kind_of(q.get("kind").map_or("", String::as_str)) == PlaceKind::Hospital;
    let (fields, none) = (PlaceFields::default(), Problems::default());
    let view =
        PlaceForm { id: "", title: "", hospital, fields: &fields, problems: &none, adding: true };
    html(StatusCode::OK, pages::place_form(&f, &admin.session.csrf, &view, None))
}

/// `POST /admin/members/place`: adds a backup hospital or nurse station.
pub async fn place_add(State(app): State<App>, form: AdminForm) -> Response {
    let kind = kind_of(form.field("kind"));
    let id = form.field("id").trim().to_string();
    let fields = PlaceFields {
        name: form.field("name").to_string(),
        name_en: form.field("name_en").to_string(),
        phone: form.field("phone").to_string(),
        order: form.field("order").to_string(),
    };
    let edit = Edit::AddPlace { kind, id: id.clone(), fields: fields.clone() };
    match save(&app, &form, edit, &format!("/admin/members?saved={}", urlencode(&id))).await {
        Ok(r) => r,
        Err((notice, problems, status)) => {
            let f = form.admin.frame(&app);
            let view = PlaceForm {
                id: &id,
                title: "",
                hospital: kind == PlaceKind::Hospital,
                fields: &fields,
                problems: &problems,
                adding: true,
            };
            let n = Notice::Error(notice);
            html(status, pages::place_form(&f, &form.admin.session.csrf, &view, Some(&n)))
        }
    }
}

/// `GET /admin/members/period/new`.
pub async fn period_new(State(app): State<App>, admin: Admin) -> Response {
    if app.rules_dir.is_none() {
        return see_other("/admin/members");
    }
    let f = admin.frame(&app);
    let p = PeriodFields::default();
    let none = Problems::default();
    html(StatusCode::OK, pages::period_form(&f, &admin.session.csrf, "", None, &p, &none, None))
}

/// `POST /admin/members/period`: adds a holiday period.
pub async fn period_add(State(app): State<App>, form: AdminForm) -> Response {
    let id = form.field("id").trim().to_string();
    let fields = PeriodFields {
        name: form.field("name").to_string(),
        start: form.field("start").to_string(),
        end: form.field("end").to_string(),
        weight: form.field("weight").to_string(),
        extend: !form.field("extend").is_empty(),
    };
    let edit = Edit::AddPeriod { id: id.clone(), fields: fields.clone() };
    match save(&app, &form, edit, &format!("/admin/members?saved={}", urlencode(&id))).await {
        Ok(r) => r,
        Err((notice, problems, status)) => {
            let f = form.admin.frame(&app);
            let n = Notice::Error(notice);
            let csrf = &form.admin.session.csrf;
            let page = pages::period_form(&f, csrf, &id, None, &fields, &problems, Some(&n));
            html(status, page)
        }
    }
}
