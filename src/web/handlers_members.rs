//! The Members and Absences pages' handlers (issue 18). Thin: a doctor is added or edited
//! through [`crate::rules::edit`] (the rules file rewritten with its comments kept, checked
//! first by the loader of `toban check`), absences through [`crate::desk::Desk`] as for
//! `toban absence add|remove`. Every change is audited with the signed-in admin's id.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

use super::extract::{Admin, AdminForm, Fields};
use super::frame::{Frame, Notice};
use super::pages_cover::cover_path;
use super::pages_members::{
    self as pages, AbsenceFields, AbsenceList, AbsenceRow, DoctorForm, PlaceForm, Problems,
    Uncovered, m,
};
use super::reply::{html, not_found, see_other, unavailable};
use crate::desk::{AbsenceAdded, Desk};
use crate::msg::web::WebMsg;
use crate::msg::web_live::LiveMsg;
use crate::msg::web_members::WebMembers as W;
use crate::msg::{Day, Doctor};
use crate::notify::duty::published_slots;
use crate::rules::edit::{self, DoctorFields, Edit, EditError, PeriodFields, PlaceFields};
use crate::server::App;
use crate::store::{AuditEntry, NewAbsence};

/// The audit event of a saved `edit` to `file`: what was added or changed, by id and name,
/// with a doctor's `left` date or a holiday period's days as saved.
fn edited(edit: &Edit, file: String) -> crate::store::AuditEvent {
    let (id, name, added, note) = match edit {
        Edit::AddDoctor { id, fields } => (id.to_string(), fields.name.clone(), true, None),
        Edit::EditDoctor { id, fields } => {
            let left = fields.left.trim();
            let note = (!left.is_empty()).then(|| format!("left = {left}"));
            (id.to_string(), fields.name.clone(), false, note)
        }
        Edit::EditPlace { id, fields } => (id.to_string(), fields.name.clone(), false, None),
        Edit::AddPlace { id, fields, .. } => (id.to_string(), fields.name.clone(), true, None),
        Edit::AddPeriod { id, fields } => {
            let note = Some(format!("{} – {}", fields.start.trim(), fields.end.trim()));
            (id.to_string(), fields.name.clone(), true, note)
        }
        Edit::EditPeriod { id, fields } => {
            let note = Some(format!("{} – {}", fields.start.trim(), fields.end.trim()));
            (id.to_string(), fields.name.clone(), false, note)
        }
    };
    crate::store::AuditEvent::RulesEdited { id, name, added, file, note }
}

/// Where edits go, as shown: the rules folder's own name only (no server paths on a page).
fn file_name(app: &App) -> Option<String> {
    let dir = app.rules_dir.as_ref()?;
    let name = dir.file_name().map_or_else(|| "rules".into(), |n| n.to_string_lossy());
    Some(format!("{name}/*.toml"))
}

fn today(app: &App) -> NaiveDate {
    let rules = app.rules.get();
    (app.now)().with_timezone(&rules.association.tz).date_naive()
}

/// `GET /admin/members`.
pub async fn members(
    State(app): State<App>,
    admin: Admin,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let f = admin.frame(&app);
    // Names as the reader reads them (issue 18); the page only reads the rules.
    let rules = app.rules.get().for_reader(f.lang);
    let name = |id: &str| Doctor(rules.name_of(id).to_string());
    let mut uncovered = None;
    let n = if let Some(id) = q.get("added") {
        Some(Notice::Info(m(W::DoctorAdded { doctor: name(id) })))
    } else {
        // A doctor's entry saved with dates that leave published duties without them: said
        // prominently, with what to do (the save stands: a resignation is a fact).
        if let Some(id) = q.get("saved").filter(|id| rules.doctor(id).is_some()) {
            match uncovered_by(&app, &rules, id) {
                Ok(u) => uncovered = u,
                Err(e) => return unavailable(&f, &e),
            }
        }
        q.get("saved").map(|id| match rules.doctor(id) {
            Some(_) => Notice::Info(m(W::DoctorSaved { doctor: name(id) })),
            None => {
                let period = rules.holiday_periods.iter().find(|p| &p.id == id);
                let name = period.map_or_else(|| rules.name_of(id).to_string(), |p| p.name.clone());
                Notice::Info(m(W::PlaceSaved { name }))
            }
        })
    };
    let editable = file_name(&app);
    let page = pages::members(
        &f,
        &rules,
        today(&app),
        editable.as_deref(),
        n.as_ref(),
        uncovered.as_ref(),
    );
    html(StatusCode::OK, page)
}

/// The published duties doctor `id` holds outside their membership as `rules` say it now,
/// each with its page, and the day to re-plan from (the first that has not started).
fn uncovered_by(
    app: &App,
    rules: &crate::rules::Rules,
    id: &str,
) -> Result<Option<Uncovered>, crate::store::StoreError> {
    let now = (app.now)();
    let found = crate::known::duties_outside_membership_of(rules, &*app.store, id, now)?;
    let Some(doctor) = rules.doctor(id).filter(|_| !found.is_empty()) else { return Ok(None) };
    let rota_query = |o: &crate::known::OutsideDuty, sep: char| {
        if o.rota.is_main() { String::new() } else { format!("{sep}rota={}", o.rota) }
    };
    let duties = found
        .iter()
        .map(|o| {
            let text = m(W::LeftDuty(crate::partial::slot_ref(rules, &o.slot)));
            let href = super::pages_year::slot_path(o.year, &o.slot.id) + &rota_query(o, '?');
            (text, href)
        })
        .collect();
    let tz = rules.association.tz;
    let replan = found.iter().find(|o| o.slot.start.with_timezone(&chrono::Utc) > now).map(|o| {
        let from = o.slot.start.with_timezone(&tz).date_naive();
        let href = format!("/admin/plan/{}?from={from}{}", o.year, rota_query(o, '&'));
        (m(W::ReplanFrom { from: Day(from) }), href)
    });
    let heading = W::LeftDuties {
        doctor: Doctor(doctor.name.clone()),
        left: doctor.left.map(Day),
        n: found.len(),
    };
    Ok(Some(Uncovered { heading: m(heading), duties, what: m(W::LeftDutiesWhat), replan }))
}

fn fields_of(form: &AdminForm) -> DoctorFields {
    DoctorFields {
        name: form.field("name").to_string(),
        name_en: form.field("name_en").to_string(),
        clinic: form.field("clinic").to_string(),
        fte: form.field("fte").to_string(),
        joined: form.field("joined").to_string(),
        left: form.field("left").to_string(),
        phone: form.field("phone").to_string(),
    }
}

/// `GET /admin/members/doctor/new`.
pub async fn doctor_new(State(app): State<App>, admin: Admin) -> Response {
    let f = admin.frame(&app);
    if app.rules_dir.is_none() {
        return see_other("/admin/members");
    }
    let fields = DoctorFields::default();
    let none = Problems::default();
    let form = DoctorForm { editing: None, id: "", fields: &fields, problems: &none };
    html(StatusCode::OK, pages::doctor_form(&f, &admin.session.csrf, &form, None))
}

/// `GET /admin/members/doctor/{id}`.
pub async fn doctor_edit(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    let f = admin.frame(&app);
    let rules = app.rules.get();
    let (Some(d), Some(_)) = (rules.doctor(&id), &app.rules_dir) else {
        return not_found(&f);
    };
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let fields = DoctorFields {
        name: d.name.clone(),
        name_en: d.name_en.clone().unwrap_or_default(),
        clinic: d.clinic.clone(),
        // 1.0 is the default: shown empty, so a save does not add it to the file.
        fte: if (d.fte - 1.0).abs() < f64::EPSILON { String::new() } else { d.fte.to_string() },
        joined: date(d.joined),
        left: date(d.left),
        phone: d.phone.clone().unwrap_or_default(),
    };
    let none = Problems::default();
    // Titled as the reader reads the name (`name_en` in English); the field holds the name.
    let title = rules.name_in(&id, f.lang);
    let form =
        DoctorForm { editing: Some((&id, title)), id: &id, fields: &fields, problems: &none };
    html(StatusCode::OK, pages::doctor_form(&f, &admin.session.csrf, &form, None))
}

/// `POST /admin/members/doctor`: adds a doctor.
pub async fn doctor_add(State(app): State<App>, form: AdminForm) -> Response {
    let id = form.field("id").trim().to_string();
    let fields = fields_of(&form);
    let edit = Edit::AddDoctor { id: id.clone(), fields: fields.clone() };
    match save(&app, &form, edit, &format!("/admin/members?added={}", urlencode(&id))).await {
        Ok(r) => r,
        Err(why) => refused_doctor(&form.admin.frame(&app), &form, None, &id, &fields, why),
    }
}

/// `POST /admin/members/doctor/{id}`: saves a doctor's entry.
pub async fn doctor_save(
    State(app): State<App>,
    Path(id): Path<String>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    // Titled as the reader reads the name, as the form's page is.
    let name = {
        let rules = app.rules.get();
        match rules.doctor(&id) {
            Some(_) => rules.name_in(&id, f.lang).to_string(),
            None => return not_found(&f),
        }
    };
    let fields = fields_of(&form);
    let edit = Edit::EditDoctor { id: id.clone(), fields: fields.clone() };
    match save(&app, &form, edit, &format!("/admin/members?saved={}", urlencode(&id))).await {
        Ok(r) => r,
        Err(why) => refused_doctor(&f, &form, Some((&id, &name)), &id, &fields, why),
    }
}

pub(super) fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Why a save was refused: the notice, the problems (each field's, or the loader's in
/// brief) and the status.
pub(super) type Refused = (WebMsg, Problems, StatusCode);

/// Applies `edit` to the rules folder (its fields checked first, then the whole rules by the
/// loader; nothing written when refused), puts the new rules in force at once (serve's
/// watcher then reloads the same files and tells the office of any duty a `left` date leaves
/// uncovered; the members page after a doctor's save names them at once), audits, and leads
/// to `done`. A refusal is for the caller to show with its form again.
pub(super) async fn save(
    app: &App,
    form: &AdminForm,
    edit: Edit,
    done: &str,
) -> Result<Response, Refused> {
    let f = form.admin.frame(app);
    let Some(dir) = app.rules_dir.clone() else { return Ok(see_other("/admin/members")) };
    let job = edit.clone();
    let result = tokio::task::spawn_blocking(move || edit::apply_in_dir(&dir, &job)).await;
    let applied = match result {
        Ok(Ok(Ok(applied))) => applied,
        Ok(Ok(Err(EditError::NoSuchMember(id)))) => {
            return Err((m(W::NoSuchDoctor { id }), Problems::default(), StatusCode::NOT_FOUND));
        }
        Ok(Ok(Err(EditError::Fields(fields)))) => {
            let notice = m(W::FieldsRefused { n: fields.len() });
            return Err((notice, Problems { fields, rules: Vec::new() }, StatusCode::BAD_REQUEST));
        }
        Ok(Ok(Err(EditError::Invalid(e)))) => {
            // The net behind the fields' check: the loader's words, without file or line.
            let problems = Problems { fields: Vec::new(), rules: e.brief(f.lang) };
            return Err((m(W::RulesRefused), problems, StatusCode::BAD_REQUEST));
        }
        Ok(Err(e)) => return Ok(unavailable(&f, &e)),
        Err(e) => return Ok(unavailable(&f, &e)),
    };
    let file = applied.path.file_name().map(|n| n.to_string_lossy().into_owned());
    app.rules.set(Arc::new(applied.rules));
    let entry =
        AuditEntry::of((app.now)(), &form.admin.actor(), edited(&edit, file.unwrap_or_default()));
    if let Err(e) = app.store.add_audit(&entry) {
        return Ok(unavailable(&f, &e));
    }
    Ok(see_other(done))
}

/// A doctor's form again, with why the save was refused.
fn refused_doctor(
    f: &Frame,
    form: &AdminForm,
    editing: Option<(&str, &str)>,
    id: &str,
    fields: &DoctorFields,
    (notice, problems, status): Refused,
) -> Response {
    let view = DoctorForm { editing, id, fields, problems: &problems };
    let n = Notice::Error(notice);
    html(status, pages::doctor_form(f, &form.admin.session.csrf, &view, Some(&n)))
}

/// The hospital or nurse station `id`: its name, phone and (a hospital's) order.
fn place(app: &App, id: &str) -> Option<(bool, PlaceFields)> {
    let rules = app.rules.get();
    if let Some(h) = rules.hospitals.iter().find(|h| h.id.as_str() == id) {
        let order = h.order.to_string();
        let (name, phone) = (h.name.clone(), h.phone.clone());
        let name_en = h.name_en.clone().unwrap_or_default();
        return Some((true, PlaceFields { name, name_en, phone, order }));
    }
    let s = rules.nurse_stations.iter().find(|s| s.id.as_str() == id)?;
    let (name, name_en) = (s.name.clone(), s.name_en.clone().unwrap_or_default());
    let phone = s.phone.clone().unwrap_or_default();
    Some((false, PlaceFields { name, name_en, phone, order: String::new() }))
}

/// `GET /admin/members/place/{id}`: a backup hospital's or nurse station's entry.
pub async fn place_edit(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    let f = admin.frame(&app);
    let (Some((hospital, fields)), Some(_)) = (place(&app, &id), &app.rules_dir) else {
        return not_found(&f);
    };
    let none = Problems::default();
    let title = app.rules.get().name_in(&id, f.lang).to_string();
    let view = PlaceForm {
        id: &id,
        title: &title,
        hospital,
        fields: &fields,
        problems: &none,
        adding: false,
    };
    html(StatusCode::OK, pages::place_form(&f, &admin.session.csrf, &view, None))
}

/// `POST /admin/members/place/{id}`: saves a backup hospital's or nurse station's entry.
pub async fn place_save(
    State(app): State<App>,
    Path(id): Path<String>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    let Some((hospital, _)) = place(&app, &id) else { return not_found(&f) };
    let fields = PlaceFields {
        name: form.field("name").to_string(),
        name_en: form.field("name_en").to_string(),
        phone: form.field("phone").to_string(),
        order: form.field("order").to_string(),
    };
    let edit = Edit::EditPlace { id: id.clone(), fields: fields.clone() };
    match save(&app, &form, edit, &format!("/admin/members?saved={}", urlencode(&id))).await {
        Ok(r) => r,
        Err((notice, problems, status)) => {
            let title = app.rules.get().name_in(&id, f.lang).to_string();
            let view = PlaceForm {
                id: &id,
                title: &title,
                hospital,
                fields: &fields,
                problems: &problems,
                adding: false,
            };
            let n = Notice::Error(notice);
            html(status, pages::place_form(&f, &form.admin.session.csrf, &view, Some(&n)))
        }
    }
}

/// The holiday period `id` as the rules have it.
fn period(app: &App, id: &str) -> Option<PeriodFields> {
    let rules = app.rules.get();
    let p = rules.holiday_periods.iter().find(|p| p.id == id)?;
    Some(PeriodFields {
        name: p.name.clone(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        // The holiday-slot weight is the default: shown empty, so a save does not add it.
        weight: if p.weight == rules.weights.holiday_slot {
            String::new()
        } else {
            p.weight.to_string()
        },
        extend: p.extend_over_public_holidays,
    })
}

/// `GET /admin/members/period/{id}`: a holiday period's entry.
pub async fn period_edit(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    let f = admin.frame(&app);
    let (Some(p), Some(_)) = (period(&app, &id), &app.rules_dir) else { return not_found(&f) };
    let none = Problems::default();
    let page = pages::period_form(&f, &admin.session.csrf, &id, Some(&p.name), &p, &none, None);
    html(StatusCode::OK, page)
}

/// `POST /admin/members/period/{id}`: saves a holiday period.
pub async fn period_save(
    State(app): State<App>,
    Path(id): Path<String>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    let Some(old) = period(&app, &id) else { return not_found(&f) };
    let fields = PeriodFields {
        name: form.field("name").to_string(),
        start: form.field("start").to_string(),
        end: form.field("end").to_string(),
        weight: form.field("weight").to_string(),
        extend: !form.field("extend").is_empty(),
    };
    let edit = Edit::EditPeriod { id: id.clone(), fields: fields.clone() };
    match save(&app, &form, edit, &format!("/admin/members?saved={}", urlencode(&id))).await {
        Ok(r) => r,
        Err((notice, problems, status)) => {
            let n = Notice::Error(notice);
            let csrf = &form.admin.session.csrf;
            let page =
                pages::period_form(&f, csrf, &id, Some(&old.name), &fields, &problems, Some(&n));
            html(status, page)
        }
    }
}

/// `GET /admin/absences`: the list, and after an add the duties it clashes with.
pub async fn absences(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let f = admin.frame(&app);
    let number = |k: &str| q.get(k).and_then(|v| v.parse::<crate::ids::AbsenceId>().ok());
    let mut n = number("removed").map(|id| Notice::Info(m(W::AbsenceRemoved { id })));
    // After a cover from an absence (handlers_cover).
    if let (Some(slot), Some(by)) = (q.get("covered"), q.get("by")) {
        let other = Doctor(app.rules.get().name_in(by, f.lang).to_string());
        let slot = super::handlers_cover::published_ref(&app, slot);
        let day = |k: &str| q.get(k).and_then(|d| date(d).ok()).map(Day);
        let done = match (day("from"), day("to")) {
            (Some(from), Some(to)) => LiveMsg::CoverPartDone { slot, other, from, to },
            _ => LiveMsg::CoverDone { slot, other },
        };
        n = Some(Notice::Info(WebMsg::Live(done)));
    }
    let past = q.contains_key("past").then(|| q.get("page").and_then(|p| p.parse().ok()));
    let shown = Shown { added: number("added"), past: past.map(|p| p.unwrap_or(1)) };
    absences_page(&app, &admin, &f, StatusCode::OK, shown, &AbsenceFields::default(), n)
}

/// Past absences a page (300 absences on one page weighed 126 KB).
pub const PAST_PER_PAGE: usize = 50;

/// What the Absences page shows besides the form.
#[derive(Default)]
struct Shown {
    /// The absence just added (its clashes are named at once).
    added: Option<crate::ids::AbsenceId>,
    /// `None`: the absences not over yet; `Some(n)`: page `n` of those over, latest first.
    past: Option<usize>,
}

/// The absences `shown` lists out of `all` (those not over by `today`, else a page of those
/// that are, the latest first), the page (past the end: the last) and how many are over.
fn listed(
    all: &[crate::store::Absence],
    today: NaiveDate,
    past: Option<usize>,
) -> (Vec<&crate::store::Absence>, Option<usize>, usize) {
    let (current, mut over): (Vec<_>, Vec<_>) = all.iter().partition(|a| a.to >= today);
    let total = over.len();
    let Some(page) = past else {
        return (current, None, total);
    };
    over.sort_by_key(|a| std::cmp::Reverse((a.to, a.from, a.id)));
    let page = page.clamp(1, total.div_ceil(PAST_PER_PAGE).max(1));
    let rows = over.into_iter().skip((page - 1) * PAST_PER_PAGE).take(PAST_PER_PAGE).collect();
    (rows, Some(page), total)
}

fn absences_page(
    app: &App,
    admin: &Admin,
    f: &Frame,
    status: StatusCode,
    shown: Shown,
    form: &AbsenceFields,
    mut n: Option<Notice>,
) -> Response {
    // Read only, so members as the reader reads them (`name_en` in English).
    let rules = app.rules.get().for_reader(f.lang);
    let desk = Desk { rules: &rules, store: &*app.store };
    let now = (app.now)();
    // The published slots once for the page, not once per absence.
    let loaded = app.store.absences().and_then(|l| Ok((l, published_slots(&*app.store)?)));
    let (list, published) = match loaded {
        Ok(l) => l,
        Err(e) => return unavailable(f, &e),
    };
    let name = |id: &str| Doctor(rules.name_of(id).to_string());
    let mut clashes = Vec::new();
    if let Some(a) = shown.added.and_then(|id| list.iter().find(|a| a.id == id)) {
        n = Some(Notice::Info(m(W::AbsenceAdded {
            doctor: name(&a.doctor),
            from: Day(a.from),
            to: Day(a.to),
        })));
        clashes = desk
            .clashes_among(a, &published, now)
            .iter()
            .map(|s| {
                let text = WebMsg::Live(LiveMsg::Clash {
                    doctor: name(&a.doctor),
                    slot: crate::partial::slot_ref(&rules, s),
                });
                (text, cover_path(a.id, &s.id))
            })
            .collect();
    }
    let day = today(app);
    let (chosen, past_page, past_total) = listed(&list, day, shown.past);
    let mut rows: Vec<AbsenceRow> = Vec::new();
    for a in chosen {
        // The published duties each absence still falls on, each with its cover form.
        let clashes = desk
            .clashes_among(a, &published, now)
            .iter()
            .map(|s| {
                let text =
                    WebMsg::Live(LiveMsg::ClashDuty { slot: crate::partial::slot_ref(&rules, s) });
                (text, cover_path(a.id, &s.id))
            })
            .collect();
        rows.push(AbsenceRow {
            id: a.id,
            doctor: rules.name_of(&a.doctor).to_string(),
            from: a.from,
            to: a.to,
            note: a.note.clone().unwrap_or_default(),
            soft: a.soft,
            clashes,
        });
    }
    let doctors: Vec<(String, String)> = rules
        .doctors
        .iter()
        .filter(|d| d.left.is_none_or(|l| day <= l))
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let list = AbsenceList { rows, past_page, per_page: PAST_PER_PAGE, past_total };
    let page = pages::absences(f, &admin.session.csrf, &doctors, &list, &clashes, form, n.as_ref());
    html(status, page)
}

/// A date field, or the text that is not one.
fn date(typed: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").map_err(|_| typed.trim().to_string())
}

/// `POST /admin/absences`: adds an absence (as `toban absence add`).
pub async fn absence_add(State(app): State<App>, form: AdminForm) -> Response {
    let f = form.admin.frame(&app);
    let typed = AbsenceFields {
        doctor: form.field("doctor").trim().to_string(),
        from: form.field("from").trim().to_string(),
        to: form.field("to").trim().to_string(),
        reason: form.field("reason").trim().to_string(),
        soft: form.field("kind") == "soft",
    };
    let refuse = |msg: WebMsg| {
        let n = Some(Notice::Error(msg));
        absences_page(&app, &form.admin, &f, StatusCode::BAD_REQUEST, Shown::default(), &typed, n)
    };
    // A field left empty is named by its label (the browser's `required` aside).
    let empty = [
        (typed.doctor.is_empty(), W::NoDoctorChosen),
        (typed.from.is_empty(), W::FromEmpty),
        (typed.to.is_empty(), W::ToEmpty),
    ];
    if let Some((_, msg)) = empty.into_iter().find(|(e, _)| *e) {
        return refuse(m(msg));
    }
    let (from, to) = match (date(&typed.from), date(&typed.to)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(typed), _) | (_, Err(typed)) => return refuse(m(W::BadDate { typed })),
    };
    let now = (app.now)();
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    let new = NewAbsence {
        doctor: typed.doctor.clone(),
        from,
        to,
        note: (!typed.reason.is_empty()).then(|| typed.reason.clone()),
        created_at: now,
        soft: typed.soft,
    };
    match desk.add_absence(new, &form.admin.actor(), now) {
        Ok(Ok(AbsenceAdded { absence, .. })) => {
            see_other(&format!("/admin/absences?added={}", absence.id))
        }
        Ok(Err(r)) => refuse(m(W::Refused(super::reply::on_console(desk.rules, r)))),
        Err(e) => unavailable(&f, &e),
    }
}

/// `POST /admin/absences/{id}/remove`: removes an absence (as `toban absence remove`).
pub async fn absence_remove(
    State(app): State<App>,
    Path(id): Path<crate::ids::AbsenceId>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    match desk.remove_absence(id, &form.admin.actor(), (app.now)()) {
        Ok(Ok(())) => see_other(&format!("/admin/absences?removed={id}")),
        Ok(Err(r)) => {
            let n = Some(Notice::Error(m(W::Refused(super::reply::on_console(&rules, r)))));
            let empty = AbsenceFields::default();
            let shown = Shown::default();
            absences_page(&app, &form.admin, &f, StatusCode::NOT_FOUND, shown, &empty, n)
        }
        Err(e) => unavailable(&f, &e),
    }
}
