//! The registry's forms: register, edit, remove (after a confirmation) and the contact sheet.
//! Thin: each gathers the form's fields and calls [`crate::desk::patients`], the same code as
//! `toban patient add|edit|remove|sheet`; a refusal is the command line's reason, shown with
//! the form as typed (400); each change is audited with the signed-in admin.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::extract::{Admin, AdminForm};
use super::frame::Notice;
use super::pages_patients::{self as pages, Choices, FormPage, PatientFields, g};
use super::pages_records::r;
use super::reply::{html, not_found, refusal, see_other, unavailable};
use crate::desk::patients::{self, PatientInput};
use crate::ids::PatientId;
use crate::msg::cli::Col;
use crate::msg::refusal::Refusal;
use crate::msg::web::WebMsg;
use crate::msg::web_records::RecordsMsg as R;
use crate::msg::web_registry::RegistryMsg as G;
use crate::rules::Rules;
use crate::server::App;

/// The form's lists, from the rules, names as the reader reads them.
fn choices(rules: &Rules) -> Choices {
    let pair = |id: &dyn ToString, name: &str| (id.to_string(), name.to_string());
    Choices {
        doctors: rules.doctors.iter().map(|d| pair(&d.id, &d.name)).collect(),
        hospitals: rules.hospitals.iter().map(|h| pair(&h.id, &h.name)).collect(),
        stations: rules.nurse_stations.iter().map(|s| pair(&s.id, &s.name)).collect(),
        rotas: rules.rotas.iter().map(|r| pair(&r.id, &r.name)).collect(),
    }
}

/// The form as posted.
fn typed(form: &AdminForm) -> PatientFields {
    let v = |k: &str| form.field(k).trim().to_string();
    PatientFields {
        name: v("name"),
        address: v("address"),
        area: v("area"),
        attending: v("attending"),
        hospital: v("hospital"),
        diagnosis: v("diagnosis"),
        medications: v("medications"),
        wishes: v("wishes"),
        consent: v("consent"),
        born: v("born"),
        key_person: v("key_person"),
        family_contact: v("family_contact"),
        allergies: v("allergies"),
        nurse_station: v("nurse_station"),
        substitute: v("substitute"),
        rota: v("rota"),
    }
}

/// The form's fields as the desk takes them (every field given: a blank one clears it), or
/// the reason a date or the rota cannot be read.
fn input(rules: &Rules, v: &PatientFields) -> Result<PatientInput, Box<WebMsg>> {
    // Every required field left empty, named at once (not the first the desk meets).
    let required = [
        (Col::FullName, &v.name),
        (Col::Address, &v.address),
        (Col::Attending, &v.attending),
        (Col::Consent, &v.consent),
    ];
    let missing: Vec<Col> =
        required.iter().filter(|(_, value)| value.is_empty()).map(|(c, _)| *c).collect();
    if !missing.is_empty() {
        return Err(Box::new(g(G::Missing(missing))));
    }
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let bad_date = |typed: &str| Box::new(r(R::BadDate { typed: typed.to_string() }));
    let consent = day(&v.consent).ok_or_else(|| bad_date(&v.consent))?;
    let born = match v.born.as_str() {
        "" => None,
        b => Some(day(b).ok_or_else(|| bad_date(b))?),
    };
    let some = |s: &str| Some(s.to_string());
    let rota = if rules.rotas.is_empty() {
        None
    } else {
        Some(
            crate::cli::rotas::patient_rota(rules, &v.rota)
                .map_err(|e| Box::new(g(G::Refused(super::reply::on_console(rules, e)))))?,
        )
    };
    Ok(PatientInput {
        name: some(&v.name),
        address: some(&v.address),
        area: some(&v.area),
        attending: some(&v.attending),
        hospital: (!v.hospital.is_empty()).then(|| v.hospital.clone()),
        diagnosis: some(&v.diagnosis),
        medications: some(&v.medications),
        wishes: some(&v.wishes),
        consent: Some(consent),
        born: Some(born),
        key_person: some(&v.key_person),
        family_contact: some(&v.family_contact),
        allergies: some(&v.allergies),
        nurse_station: some(&v.nurse_station),
        substitute: some(&v.substitute),
        rota,
    })
}

/// The form page of patient `id` (none: a new one) with `v`, `status` and `n`.
fn form_page(
    app: &App,
    admin: &Admin,
    id: Option<PatientId>,
    v: &PatientFields,
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    let f = admin.frame(app);
    let page = match id {
        None => FormPage {
            title: g(G::NewPatientTitle),
            action: "/admin/patients".into(),
            button: G::RegisterButton,
            csrf: &admin.session.csrf,
            back: "/admin/patients".into(),
        },
        Some(id) => FormPage {
            title: g(G::EditPatientTitle { id }),
            action: format!("/admin/patients/{id}/edit"),
            button: G::SaveButton,
            csrf: &admin.session.csrf,
            back: format!("/admin/patients/{id}"),
        },
    };
    let c = choices(&app.rules.get().for_reader(f.lang));
    html(status, pages::patient_form(&f, &page, v, &c, n.as_ref()))
}

/// What a desk error comes to: the 404 page for a patient who is not there, the form again
/// with the command line's reason, or the 503 page.
fn failed(
    app: &App,
    admin: &Admin,
    id: Option<PatientId>,
    v: &PatientFields,
    e: anyhow::Error,
) -> Response {
    match e.downcast::<Refusal>() {
        Ok(Refusal::NoSuchPatient(n)) => no_patient(app, admin, n),
        Ok(why) => {
            let n = Notice::Error(g(G::Refused(super::reply::on_console(&app.rules.get(), why))));
            form_page(app, admin, id, v, StatusCode::BAD_REQUEST, Some(n))
        }
        Err(e) => unavailable(&admin.frame(app), &e),
    }
}

fn no_patient(app: &App, admin: &Admin, id: PatientId) -> Response {
    let f = admin.frame(app);
    refusal(&f, StatusCode::NOT_FOUND, r(R::PatientsTitle), r(R::NoSuchPatient { id }))
}

fn by(admin: &Admin) -> String {
    format!("admin:{}", admin.id())
}

/// `GET /admin/patients/new`: the registration form.
pub async fn new(State(app): State<App>, admin: Admin) -> Response {
    form_page(&app, &admin, None, &PatientFields::default(), StatusCode::OK, None)
}

/// `POST /admin/patients`: registers the patient as `toban patient add` does.
pub async fn register(State(app): State<App>, form: AdminForm) -> Response {
    let (admin, v) = (&form.admin, typed(&form));
    let rules = app.rules.get();
    let refuse = |m: Box<WebMsg>| {
        let n = Some(Notice::Error(*m));
        form_page(&app, admin, None, &v, StatusCode::BAD_REQUEST, n)
    };
    let given = match input(&rules, &v) {
        Ok(i) => i,
        Err(m) => return refuse(m),
    };
    match patients::register(&rules, &*app.store, &given, (app.now)(), &by(admin)) {
        Ok(p) => see_other(&format!("/admin/patients/{}", p.id)),
        Err(e) => failed(&app, admin, None, &v, e),
    }
}

/// Patient `id` from the path, or the 404 page.
fn patient_of(
    app: &App,
    admin: &Admin,
    id: &str,
) -> Result<crate::routing::Patient, Box<Response>> {
    let Ok(id) = id.parse::<PatientId>() else {
        return Err(Box::new(not_found(&admin.frame(app))));
    };
    match app.store.patient(id) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(Box::new(no_patient(app, admin, id))),
        Err(e) => Err(Box::new(unavailable(&admin.frame(app), &e))),
    }
}

/// `GET /admin/patients/{id}/edit`: the record in the form.
pub async fn edit_form(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    match patient_of(&app, &admin, &id) {
        Ok(p) => form_page(&app, &admin, Some(p.id), &PatientFields::of(&p), StatusCode::OK, None),
        Err(r) => *r,
    }
}

/// `POST /admin/patients/{id}/edit`: changes the record as `toban patient edit` does.
pub async fn edit(State(app): State<App>, Path(id): Path<String>, form: AdminForm) -> Response {
    let (admin, v) = (&form.admin, typed(&form));
    let Ok(id) = id.parse::<PatientId>() else {
        return not_found(&admin.frame(&app));
    };
    let rules = app.rules.get();
    let given = match input(&rules, &v) {
        Ok(i) => i,
        Err(m) => {
            let n = Some(Notice::Error(*m));
            return form_page(&app, admin, Some(id), &v, StatusCode::BAD_REQUEST, n);
        }
    };
    match patients::edit(&rules, &*app.store, id, &given, (app.now)(), &by(admin)) {
        Ok(_) => see_other(&format!("/admin/patients/{id}")),
        Err(e) => failed(&app, admin, Some(id), &v, e),
    }
}

/// `GET /admin/patients/{id}/remove`: the question before removing.
pub async fn remove_form(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    match patient_of(&app, &admin, &id) {
        Ok(p) => {
            let f = admin.frame(&app);
            html(
                StatusCode::OK,
                pages::remove_form(&f, p.id, &p.details.name, &admin.session.csrf, None),
            )
        }
        Err(r) => *r,
    }
}

/// `POST /admin/patients/{id}/remove`: removes the record as `toban patient remove` does, with
/// the reason given, and goes back to the registry saying so.
pub async fn remove(State(app): State<App>, Path(id): Path<String>, form: AdminForm) -> Response {
    let admin = &form.admin;
    let Ok(id) = id.parse::<PatientId>() else {
        return not_found(&admin.frame(&app));
    };
    let reason = Some(form.field("reason").trim()).filter(|r| !r.is_empty());
    match patients::remove(&*app.store, id, reason, (app.now)(), &by(admin)) {
        Ok(ended) if !ended && reason.is_none() => {
            see_other(&format!("/admin/patients?removed={id}&unreported=1"))
        }
        Ok(_) => see_other(&format!("/admin/patients?removed={id}")),
        Err(e) => match e.downcast::<Refusal>() {
            Ok(Refusal::NoSuchPatient(n)) => no_patient(&app, admin, n),
            Ok(why) => refusal(
                &admin.frame(&app),
                StatusCode::BAD_REQUEST,
                r(R::PatientsTitle),
                g(G::Refused(super::reply::on_console(&app.rules.get(), why))),
            ),
            Err(e) => unavailable(&admin.frame(&app), &e),
        },
    }
}

/// `GET /admin/patients/{id}/sheet`: the contact sheet for the household, as the file `toban
/// patient sheet` writes, downloaded; audited with the admin.
pub async fn sheet(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    let f = admin.frame(&app);
    let Ok(id) = id.parse::<PatientId>() else {
        return not_found(&f);
    };
    let mut page = String::new();
    let rules = app.rules.get();
    let made = patients::sheet(&rules, &*app.store, id, (app.now)(), &by(&admin), &mut |html| {
        page = html.to_string();
        Ok(())
    });
    match made {
        Ok(()) => {
            let disposition = format!("attachment; filename=\"toban-patient-{id}-sheet.html\"");
            (
                [
                    (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                    (axum::http::header::CONTENT_DISPOSITION, disposition),
                ],
                page,
            )
                .into_response()
        }
        Err(e) => match e.downcast_ref::<Refusal>() {
            Some(Refusal::NoSuchPatient(n)) => no_patient(&app, &admin, *n),
            _ => unavailable(&f, &format!("{e:#}")),
        },
    }
}
