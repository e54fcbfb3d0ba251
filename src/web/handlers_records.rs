//! The record pages' handlers: the audit log, the annual report and its downloads, the patient
//! registry (the calls' are in [`super::handlers_calls`]). Thin: the data come from the store
//! through the same views as the command line ([`crate::desk::calls_view`], `toban audit`);
//! the pages are in [`super::pages_records`].

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::extract::{Admin, AdminForm, Fields};
use super::frame::Notice;
use super::pages_records::{self as pages, AuditPage, r};
use super::reply::{html, not_found, refusal, see_other, unavailable};
use crate::cli::course::Added;
use crate::desk::calls_view;
use crate::msg::Lang;
use crate::msg::audit::Names;
use crate::msg::record::RecordMsg;
use crate::msg::web_records::RecordsMsg as R;
use crate::rules::Rules;
use crate::server::App;
use crate::store::AuditEntry;

/// Audit entries a page.
pub const AUDIT_PER_PAGE: usize = 50;

/// One audit entry's cells under [`crate::cli::desk::AUDIT_COLUMNS`], as `toban audit` shows it (the same
/// [`crate::msg::audit::said`]). The one place the console renders an entry.
fn audit_cells(rules: &Rules, names: &Names, lang: Lang, a: &AuditEntry) -> Vec<String> {
    let (what, detail) = crate::msg::audit::said(a, names, lang);
    vec![
        a.seq.to_string(),
        calls_view::at(rules, lang, a.at),
        actor(rules, lang, &a.by),
        a.on_behalf.as_deref().map(|o| actor(rules, lang, o)).unwrap_or_default(),
        what,
        detail,
    ]
}

/// Who acted, by name with the id in brackets (「匝瑳医師会 事務局（office）」). An admin is kept
/// as `admin:<id>` by the command line and was kept as a bare `<id>` by the console before
/// issue 18: both read the same.
fn actor(rules: &Rules, lang: Lang, by: &str) -> String {
    let id = by.strip_prefix("admin:").unwrap_or(by);
    if rules.member(id).is_some() {
        calls_view::id_and_name(rules, lang, id)
    } else {
        by.to_string()
    }
}

/// Whether entry `a`, shown as `cells`, matches the filter: each part of what the page shows
/// or of the ids and action key behind it, any case; empty matches all.
fn matches(cells: &[String], a: &AuditEntry, who: &str, what: &str) -> bool {
    let has = |text: &str, part: &str| text.to_lowercase().contains(&part.to_lowercase());
    let shown = |i: usize, part: &str| cells.get(i).is_some_and(|c| has(c, part));
    let by = has(&a.by, who) || a.on_behalf.as_deref().is_some_and(|o| has(o, who));
    let did = has(&a.action, what) || shown(4, what) || shown(5, what);
    (by || shown(2, who) || shown(3, who)) && did
}

/// `GET /admin/audit?who=&what=&page=`: the audit log, newest first, a page at a time.
pub async fn audit(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let f = admin.frame(&app);
    let field = |k: &str| q.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let (who, what) = (field("who"), field("what"));
    let mut list = match app.store.audit() {
        Ok(l) => l,
        Err(e) => return unavailable(&f, &e),
    };
    // Members as the reader reads them (`name_en` in English); the log keeps ids.
    let rules = app.rules.get().for_reader(f.lang);
    let names = Names::of(&rules);
    list.reverse();
    // Filtered on what the page shows, so each entry is rendered once, here.
    let shown: Vec<Vec<String>> = list
        .iter()
        .map(|a| audit_cells(&rules, &names, f.lang, a))
        .zip(&list)
        .filter(|(cells, a)| matches(cells, a, &who, &what))
        .map(|(cells, _)| cells)
        .collect();
    let total = shown.len();
    let pages = total.div_ceil(AUDIT_PER_PAGE).max(1);
    let page = field("page").parse::<usize>().unwrap_or(1).clamp(1, pages);
    let rows = shown.into_iter().skip((page - 1) * AUDIT_PER_PAGE).take(AUDIT_PER_PAGE).collect();
    let a = AuditPage {
        cols: crate::cli::desk::AUDIT_COLUMNS.to_vec(),
        rows,
        who,
        what,
        page,
        per_page: AUDIT_PER_PAGE,
        total,
    };
    html(StatusCode::OK, pages::audit(&f, &a))
}

/// The plan year running at `now` (the one whose report the office looks at first).
fn plan_year_now(rules: &Rules, now: chrono::DateTime<chrono::Utc>) -> i32 {
    use chrono::Datelike;
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let y = today.year();
    if today < crate::calendar::slots::plan_year_first_day(rules, y) { y - 1 } else { y }
}

/// A plan year from the path, in the range the command line takes.
fn year_of(text: &str) -> Option<i32> {
    text.parse::<i32>().ok().filter(|y| (2001..=2097).contains(y))
}

/// `GET /admin/report`: the report of the plan year running now.
pub async fn report_now(State(app): State<App>, _admin: Admin) -> Response {
    see_other(&format!("/admin/report/{}", plan_year_now(&app.rules.get(), (app.now)())))
}

/// `GET /admin/report/{year}`: the figures of `toban report YEAR` and the downloads.
pub async fn report(State(app): State<App>, admin: Admin, Path(year): Path<String>) -> Response {
    let f = admin.frame(&app);
    let Some(year) = year_of(&year) else {
        return not_found(&f);
    };
    let rules = app.rules.get();
    match crate::cli::report::build(&rules, &*app.store, year) {
        Ok(rep) => {
            // The labels in the reader's language (the downloads keep the board's Japanese).
            let rows = crate::report::figures(&rep)
                .into_iter()
                .map(|(k, v)| (crate::msg::Message::render(&k, f.lang), v))
                .collect();
            let has_rota = match app.store.rota(year) {
                Ok(r) => r.is_some(),
                Err(e) => return unavailable(&f, &e),
            };
            let p = pages::ReportPage { year, from: rep.from, to: rep.to, rows, has_rota };
            html(StatusCode::OK, pages::report(&f, &p))
        }
        Err(e) => unavailable(&f, &e),
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /admin/report/{year}/{file}`: `report.xlsx`, `report.csv`, `rota.xlsx` or `rota.csv`,
/// the same bytes as `toban report|rota show YEAR --format xlsx|csv --out FILE`.
pub async fn download(
    State(app): State<App>,
    admin: Admin,
    Path((year, file)): Path<(String, String)>,
) -> Response {
    use crate::cli::{ReportFormat, RotaFormat};
    let f = admin.frame(&app);
    let no_file = || refusal(&f, StatusCode::NOT_FOUND, r(R::ReportNav), r(R::NoSuchFile));
    let Some(year) = year_of(&year) else {
        return no_file();
    };
    let rules = app.rules.get();
    let store = &*app.store;
    let report = |format| -> anyhow::Result<Vec<u8>> {
        let rep = crate::cli::report::build(&rules, store, year)?;
        let mut bytes = Vec::new();
        crate::cli::report::write(&rep, &rules, format, f.lang, &mut bytes)?;
        Ok(bytes)
    };
    let rota = |format| crate::cli::rota::export(&rules, store, &year.to_string(), format);
    let (made, kind) = match file.as_str() {
        "report.xlsx" => (report(ReportFormat::Xlsx), XLSX),
        "report.csv" => (report(ReportFormat::Csv), "text/csv; charset=utf-8"),
        "rota.xlsx" => (rota(RotaFormat::Xlsx), XLSX),
        "rota.csv" => (rota(RotaFormat::Csv), "text/csv; charset=utf-8"),
        _ => return no_file(),
    };
    match made {
        Ok(bytes) => {
            let name = format!("toban-{year}-{file}");
            let disposition = format!("attachment; filename=\"{name}\"");
            (
                [
                    (axum::http::header::CONTENT_TYPE, kind.to_string()),
                    (axum::http::header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) if e.downcast_ref::<crate::msg::refusal::Refusal>().is_some() => no_file(),
        Err(e) => unavailable(&f, &e),
    }
}

/// `GET /admin/patients`: the registry, as `toban patient list`.
pub async fn patients(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let f = admin.frame(&app);
    match app.store.patients() {
        Ok(list) => {
            let rules = app.rules.get().for_reader(f.lang);
            let per = pages::PATIENTS_PER_PAGE;
            let total = list.len();
            let last = total.div_ceil(per).max(1);
            let page =
                q.get("page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, last);
            let rows: Vec<_> = list
                .iter()
                .skip((page - 1) * per)
                .take(per)
                .map(|p| crate::cli::desk::patient_row(&rules, p, f.lang))
                .collect();
            let cols = &crate::cli::desk::PATIENT_COLUMNS;
            let n = removed_notice(&q);
            html(StatusCode::OK, pages::patients(&f, cols, &rows, page, total, n.as_ref()))
        }
        Err(e) => unavailable(&f, &e),
    }
}

/// After a removal (`?removed=ID`, and `&unreported=1` when the patient leaves the report).
fn removed_notice(q: &Fields) -> Option<Notice> {
    use crate::msg::web_registry::RegistryMsg as G;
    let id = q.get("removed")?.parse().ok()?;
    let m = match q.get("unreported").map(String::as_str) {
        Some("1") => G::RemovedWithoutReason,
        _ => G::Removed { id },
    };
    Some(Notice::Info(r(R::Registry(m))))
}

/// Patient `id`'s page with `form` and `n`, or the 404 page.
fn patient_page(
    app: &App,
    admin: &Admin,
    id: &str,
    form: &pages::CourseForm<'_>,
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    let f = admin.frame(app);
    let Ok(id) = id.parse::<crate::ids::PatientId>() else {
        return not_found(&f);
    };
    match app.store.patient(id) {
        Ok(Some(p)) => {
            let rules = app.rules.get().for_reader(f.lang);
            let today = (app.now)().with_timezone(&rules.association.tz).date_naive();
            let lines = crate::cli::desk::patient_lines(&rules, &p, f.lang, today);
            html(status, pages::patient(&f, id, &lines, form, n.as_ref()))
        }
        Ok(None) => {
            refusal(&f, StatusCode::NOT_FOUND, r(R::PatientsTitle), r(R::NoSuchPatient { id }))
        }
        Err(e) => unavailable(&f, &e),
    }
}

/// `GET /admin/patients/{id}`: the record as `toban patient show`, and the course form.
pub async fn patient(State(app): State<App>, admin: Admin, Path(id): Path<String>) -> Response {
    let form = pages::CourseForm { csrf: &admin.session.csrf, event: "", date: "" };
    patient_page(&app, &admin, &id, &form, StatusCode::OK, None)
}

/// `POST /admin/patients/{id}/course`: adds a course event through the same code as `toban
/// patient course`, audited with the admin's id; a refusal re-shows the form with the reason.
pub async fn add_course(
    State(app): State<App>,
    Path(id): Path<String>,
    form: AdminForm,
) -> Response {
    let admin = &form.admin;
    let f = admin.frame(&app);
    let Ok(number) = id.parse::<crate::ids::PatientId>() else {
        return not_found(&f);
    };
    let (event, date) = (form.field("event").trim(), form.field("date").trim());
    let again = pages::CourseForm { csrf: &admin.session.csrf, event, date };
    let refuse = |m: R| {
        patient_page(&app, admin, &id, &again, StatusCode::BAD_REQUEST, Some(Notice::Error(r(m))))
    };
    let Ok(ev) = event.parse::<crate::routing::CourseEvent>() else {
        return refuse(R::BadEvent);
    };
    let Ok(day) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        return refuse(R::BadDate { typed: date.to_string() });
    };
    let rules = app.rules.get();
    let by = format!("admin:{}", admin.id());
    match crate::cli::course::add(&rules, &*app.store, number, (ev, day), (app.now)(), &by) {
        Ok(Added::Recorded) => see_other(&format!("/admin/patients/{number}")),
        Ok(Added::NoPatient) => refusal(
            &f,
            StatusCode::NOT_FOUND,
            r(R::PatientsTitle),
            r(R::NoSuchPatient { id: number }),
        ),
        Ok(Added::Refused(why)) => refuse(R::Course(RecordMsg::Refused { patient: number, why })),
        Err(e) => unavailable(&f, &e),
    }
}

/// The backups page with `n`.
fn backups_page(app: &App, admin: &Admin, status: StatusCode, n: Option<Notice>) -> Response {
    let f = admin.frame(app);
    let rules = app.rules.get();
    let mut files: Vec<_> = crate::backups::list(&rules.backup.dir, &rules.association.id)
        .into_iter()
        .map(|(path, at)| pages::BackupFile {
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            taken: calls_view::at(&rules, f.lang, at),
            kb: std::fs::metadata(&path).map(|m| m.len().div_ceil(1024)).unwrap_or(0),
        })
        .collect();
    files.reverse();
    html(status, pages::backups(&f, &files, &admin.session.csrf, n.as_ref()))
}

/// `GET /admin/backups`: the backups in the rules' backup directory, newest first.
pub async fn backups(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let n = q.get("done").map(|file| Notice::Info(r(R::BackupDone { file: file.clone() })));
    backups_page(&app, &admin, StatusCode::OK, n)
}

/// `POST /admin/backups`: takes a backup now, as `toban backup` does, audited with the admin.
pub async fn run_backup(State(app): State<App>, form: AdminForm) -> Response {
    let f = form.admin.frame(&app);
    let rules = app.rules.get();
    let now = (app.now)();
    let file = crate::backups::file_name(&rules.association.id, now);
    let done = (|| -> anyhow::Result<()> {
        crate::cli::ops::backup(&rules, &*app.store, None, now, f.lang, &mut std::io::sink())?;
        let by = format!("admin:{}", form.admin.id());
        let event = crate::store::AuditEvent::BackupWritten { file: file.to_string() };
        let entry = AuditEntry::of(now, &by, event);
        app.store.add_audit(&entry)?;
        Ok(())
    })();
    match done {
        Ok(()) => {
            let q: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
            see_other(&format!("/admin/backups?done={q}"))
        }
        Err(e) => unavailable(&f, &e),
    }
}

/// `GET /admin/backups/{file}`: one of the listed backups (no other file can be named).
pub async fn download_backup(
    State(app): State<App>,
    admin: Admin,
    Path(file): Path<String>,
) -> Response {
    let f = admin.frame(&app);
    let rules = app.rules.get();
    let listed = crate::backups::list(&rules.backup.dir, &rules.association.id)
        .into_iter()
        .find(|(p, _)| p.file_name().is_some_and(|n| n.to_string_lossy() == file));
    let Some((path, _)) = listed else {
        return refusal(&f, StatusCode::NOT_FOUND, r(R::BackupsTitle), r(R::NoSuchFile));
    };
    match std::fs::read(&path) {
        Ok(bytes) => (
            [
                (axum::http::header::CONTENT_TYPE, "application/json".to_string()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => unavailable(&f, &e),
    }
}

/// The members an invitation can be for: the rules' doctors, hospitals and nurse stations.
fn invitable(rules: &Rules) -> Vec<(String, String)> {
    let doctors = rules.doctors.iter().map(|d| (d.id.to_string(), d.name.clone()));
    let hospitals = rules.hospitals.iter().map(|h| (h.id.to_string(), h.name.clone()));
    let stations = rules.nurse_stations.iter().map(|s| (s.id.to_string(), s.name.clone()));
    doctors.chain(hospitals).chain(stations).collect()
}

fn invitations_page(
    app: &App,
    admin: &Admin,
    status: StatusCode,
    new: Option<&pages::NewInvitation>,
    n: Option<Notice>,
) -> Response {
    let f = admin.frame(app);
    let members = invitable(&app.rules.get().for_reader(f.lang));
    html(status, pages::invitations(&f, &members, &admin.session.csrf, new, n.as_ref()))
}

/// `GET /admin/invitations`: the form.
pub async fn invitations(State(app): State<App>, admin: Admin) -> Response {
    invitations_page(&app, &admin, StatusCode::OK, None, None)
}

/// `POST /admin/invitations`: creates an invitation as `toban invite MEMBER --hours N` does,
/// audited with the admin, and shows its link and QR code once (never stored, so no redirect).
pub async fn create_invitation(State(app): State<App>, form: AdminForm) -> Response {
    let admin = &form.admin;
    let rules = app.rules.get();
    let refuse = |m: R| {
        invitations_page(&app, admin, StatusCode::BAD_REQUEST, None, Some(Notice::Error(r(m))))
    };
    let member = form.field("member").trim();
    if !invitable(&rules).iter().any(|(id, _)| id == member) {
        return refuse(R::BadMember);
    }
    let Some(hours) =
        form.field("hours").trim().parse::<u32>().ok().filter(|h| (1..=720).contains(h))
    else {
        return refuse(R::BadHours);
    };
    let now = (app.now)();
    let by = format!("admin:{}", admin.id());
    match crate::cli::desk::create_invite(&rules, &*app.store, member, hours, now, &by) {
        Ok(Some(inv)) => {
            let new = pages::NewInvitation {
                head: r(R::InviteFor {
                    name: rules.name_in(member, admin.frame(&app).lang).to_string(),
                    doctor: rules.doctor(member).is_some(),
                    until: crate::msg::When(inv.expires_at.with_timezone(&rules.association.tz)),
                }),
                link: inv.link,
                line: inv.line,
                code: inv.code,
            };
            invitations_page(&app, admin, StatusCode::OK, Some(&new), None)
        }
        Ok(None) => refuse(R::BadMember),
        Err(e) => unavailable(&admin.frame(&app), &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditEvent;

    fn absence_by(by: &str) -> AuditEntry {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("date");
        let t = chrono::DateTime::from_timestamp(1_804_000_000, 0).expect("instant");
        let event = AuditEvent::AbsenceAdded {
            absence: crate::ids::AbsenceId::new(1),
            doctor: "d01".into(),
            from: day,
            to: day,
            soft: false,
        };
        AuditEntry::of(t, by, event)
    }

    /// The clerk types what the page shows: 「事務局」 in 操作者, 「不在」 in 操作 (issue 18).
    #[test]
    fn the_filter_matches_the_shown_words_and_the_actor_is_named_either_way_it_was_kept() {
        let rules = crate::plan::testing::sosa();
        let names = Names::of(&rules);
        for by in ["admin:office", "office"] {
            let a = absence_by(by);
            let cells = audit_cells(&rules, &names, Lang::Ja, &a);
            assert_eq!(cells[2], "匝瑳医師会 事務局（office）", "{by}");
            assert!(matches(&cells, &a, "事務局", "不在"), "{cells:?}");
            assert!(matches(&cells, &a, "office", "absence"), "ids still match: {cells:?}");
            assert!(!matches(&cells, &a, "", "交代"), "{cells:?}");
            let en = audit_cells(&rules, &names, Lang::En, &a);
            assert_eq!(en[2], "匝瑳医師会 事務局 (office)", "{by}");
            assert!(matches(&en, &a, "事務局", "ABSENCE 1"), "{en:?}");
        }
    }
}
