//! The console's backup hospitals and board pages (issue 20): each hospital's bed vacancy
//! (set here by the office, or in chat by the hospital with `/beds`) and its list of registered
//! patients to download for the quarterly information exchange (audited, like
//! `toban hospital patients`); and the board of clinics accepting new home patients.
//!
//! Thin over [`crate::desk::beds`] and [`crate::hospital_list`], the same code as the command
//! line and the chat.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::extract::{Admin, AdminForm};
use super::frame::{Frame, Notice};
use super::reply::{html as page, not_found, see_other, unavailable};
use crate::desk::beds;
use crate::msg::hospital::{BedLine, BoardLine, HospMsg as H};
use crate::msg::web::WebMsg;
use crate::server::App;
use crate::store::{AuditEntry, AuditEvent, BedStatus, HospitalEvent};

fn w(m: H) -> WebMsg {
    WebMsg::Hosp(m)
}

/// One hospital's row.
struct Row {
    id: String,
    beds: BedLine,
    patients: usize,
}

fn hospitals_page(f: &Frame, rows: &[Row], csrf: &str, hours: u32, n: Option<&Notice>) -> String {
    let t = |m: H| f.t(&w(m));
    let heads: Vec<String> = t(H::HospitalsColumns).split('|').map(str::to_string).collect();
    let status = |l: &BedLine| match &l.status {
        Some((s, v, age)) => {
            let age = t(H::Updated(*age));
            crate::msg::words::aside(&t(H::Status(*s, *v)), &age, f.lang)
        }
        None => t(H::Unknown),
    };
    f.page(
        &w(H::HospitalsTitle),
        html! {
            (f.notice(n))
            p { (t(H::HospitalsNote { hours })) }
            table {
                thead { tr { @for h in &heads { th { (h) } } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { (r.beds.hospital) }
                            td.beds { (status(&r.beds)) }
                            td { (r.patients) }
                            td {
                                a href=(format!("/admin/hospitals/{}/patients.csv", r.id)) { (t(H::DownloadCsv)) }
                                " "
                                a href=(format!("/admin/hospitals/{}/patients.html", r.id)) { (t(H::DownloadHtml)) }
                            }
                            td {
                                form method="post" action=(format!("/admin/hospitals/{}/beds", r.id)) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    select name="status" {
                                        @for s in BedStatus::ALL {
                                            option value=(s.word()) { (t(H::Status(s, None))) }
                                        }
                                    }
                                    " "
                                    label { (t(H::VacantLabel)) " " input type="number" name="vacant" min="0" max="999" size="3"; }
                                    " "
                                    button type="submit" { (t(H::SetBeds)) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn show(app: &App, admin: &Admin, status: StatusCode, n: Option<Notice>) -> Response {
    let f = admin.frame(app);
    // Hospitals as the reader reads them (`name_en` in English).
    let rules = app.rules.get().for_reader(f.lang);
    let now = (app.now)();
    let (lines, patients) = match (beds::bed_lines(&rules, &*app.store, now), app.store.patients())
    {
        (Ok(l), Ok(p)) => (l, p),
        (Err(e), _) | (_, Err(e)) => return unavailable(&f, &e),
    };
    let rows: Vec<Row> = rules
        .hospitals
        .iter()
        .zip(lines)
        .map(|(h, beds)| Row {
            id: h.id.to_string(),
            beds,
            patients: crate::hospital_list::patients_of(h.id.as_str(), &patients).len(),
        })
        .collect();
    let body = hospitals_page(&f, &rows, &admin.session.csrf, rules.beds_stale_hours, n.as_ref());
    page(status, body)
}

/// `GET /admin/hospitals`: every backup hospital's beds and patient lists.
pub async fn hospitals(State(app): State<App>, admin: Admin) -> Response {
    show(&app, &admin, StatusCode::OK, None)
}

/// `POST /admin/hospitals/{id}/beds`: the office sets a hospital's status (audited).
pub async fn set_beds(State(app): State<App>, Path(id): Path<String>, form: AdminForm) -> Response {
    let rules = app.rules.get();
    let vacant = form.field("vacant").trim();
    let refuse = |m: H| show(&app, &form.admin, StatusCode::BAD_REQUEST, Some(Notice::Error(w(m))));
    // The form's own words: a status from the list, and a count of free beds only with
    // 空床あり (never the chat's 「/beds 2」 syntax, and never a status other than chosen).
    let parsed = match (BedStatus::parse(form.field("status")), vacant) {
        (Some((s, _)), "") => (s, None),
        (Some((BedStatus::Open, _)), n) => {
            match crate::input::fold_width(n).parse::<u32>().ok().filter(|n| *n > 0) {
                Some(n) => (BedStatus::Open, Some(n)),
                None => return refuse(H::VacantNotACount),
            }
        }
        (Some(_), _) => return refuse(H::VacantOnlyWhenOpen),
        (None, _) => {
            return refuse(H::BedsBad {
                given: form.field("status").trim().chars().take(40).collect(),
            });
        }
    };
    match beds::set_beds(&rules, &*app.store, &id, parsed, form.admin.id(), (app.now)()) {
        Ok(()) => see_other("/admin/hospitals"),
        Err(beds::SetError::Store(e)) => unavailable(&form.admin.frame(&app), &e),
        Err(_) => not_found(&form.admin.frame(&app)),
    }
}

/// `GET /admin/hospitals/{id}/patients.csv|html`: the hospital's patient list, audited.
pub async fn patients(
    State(app): State<App>,
    admin: Admin,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let f = admin.frame(&app);
    let rules = app.rules.get();
    let Some(h) = rules.hospitals.iter().find(|h| h.id.as_str() == id) else {
        return not_found(&f);
    };
    let all = match app.store.patients() {
        Ok(p) => p,
        Err(e) => return unavailable(&f, &e),
    };
    let mine = crate::hospital_list::patients_of(&id, &all);
    let now = (app.now)();
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let lang = rules.association.language;
    let (bytes, kind, format) = match file.as_str() {
        "patients.csv" => {
            let sheet = crate::hospital_list::sheet(&rules, h, &mine, lang);
            match crate::sheets::csv(&[sheet], true) {
                Ok(b) => (b, "text/csv; charset=utf-8", "csv"),
                Err(e) => return unavailable(&f, &e),
            }
        }
        "patients.html" => {
            let html = crate::hospital_list::html(&rules, h, &mine, today, lang);
            (html.into_bytes(), "text/html; charset=utf-8", "html")
        }
        _ => return not_found(&f),
    };
    let event =
        HospitalEvent::PatientList { hospital: id.clone(), n: mine.len(), format: format.into() };
    if let Err(e) =
        app.store.add_audit(&AuditEntry::of(now, &admin.actor(), AuditEvent::Hospital(event)))
    {
        return unavailable(&f, &e);
    }
    let disposition = format!("attachment; filename=\"toban-{id}-{file}\"");
    (
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

fn board_page(f: &Frame, lines: &[BoardLine]) -> String {
    let t = |m: H| f.t(&w(m));
    f.page(
        &w(H::BoardTitle),
        html! {
            p.note { (t(H::BoardNote)) }
            ul.board {
                @for l in lines {
                    li {
                        (crate::msg::words::aside(&l.clinic, &crate::msg::Message::render(&crate::msg::Doctor(l.doctor.clone()), f.lang), f.lang)) ": "
                        @match &l.entry {
                            Some((open, note, age)) => {
                                strong { (t(H::Accepting(*open))) }
                                @if !note.is_empty() { " · " (note) }
                                " " (crate::msg::words::bracketed(&crate::msg::Message::render(&crate::msg::hospital::Age(*age), f.lang), f.lang))
                            }
                            None => { (t(H::NotReported)) }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /admin/board`: the board of clinics accepting new home patients.
pub async fn board(State(app): State<App>, admin: Admin) -> Response {
    let f = admin.frame(&app);
    // Doctors as the reader reads them (`name_en` in English).
    let rules = app.rules.get().for_reader(f.lang);
    match beds::board_lines(&rules, &*app.store, (app.now)()) {
        Ok(lines) => page(StatusCode::OK, board_page(&f, &lines)),
        Err(e) => unavailable(&f, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The board names each clinic's doctor as the chat does: 「青木内科クリニック（青木 一郎先生）」.
    #[test]
    fn the_board_calls_the_doctor_sensei() {
        let line = BoardLine {
            clinic: "青木内科クリニック".into(),
            doctor: "青木 一郎".into(),
            entry: Some((true, String::new(), 5)),
        };
        let page = board_page(&Frame::sample("/admin/board"), &[line]);
        assert!(page.contains("青木内科クリニック（青木 一郎先生）: "), "{page}");
    }

    #[test]
    fn the_hospitals_page_escapes_names_and_carries_the_token_in_each_form() {
        let f = Frame::sample("/admin/hospitals");
        let rows = vec![Row {
            id: "h1".into(),
            beds: BedLine {
                hospital: "<病院>".into(),
                status: Some((BedStatus::Open, Some(2), 180)),
            },
            patients: 3,
        }];
        let html = hospitals_page(&f, &rows, "TOKEN", 24, None);
        assert!(html.contains("&lt;病院&gt;") && !html.contains("<病院>"));
        assert!(html.contains("空床あり（2床）（3時間前）"), "{html}");
        assert!(html.contains("value=\"TOKEN\""));
        assert!(html.contains("/admin/hospitals/h1/patients.csv"));
    }

    // See: issue 18 (English review 38): "beds free (3) (just now)".
    #[test]
    fn the_hospitals_page_says_how_many_beds_are_free_and_when_updated() {
        let mut f = Frame::sample("/admin/hospitals");
        f.lang = crate::msg::Lang::En;
        let rows = vec![Row {
            id: "h1".into(),
            beds: BedLine { hospital: "Sosa".into(), status: Some((BedStatus::Open, Some(3), 0)) },
            patients: 3,
        }];
        let html = hospitals_page(&f, &rows, "TOKEN", 24, None);
        assert!(html.contains("3 beds free (updated just now)"), "{html}");
    }

    // See: issue 18 (English review 39): a doctor who never reported read "unknown", and the
    // page did not say what it shows or how doctors report it.
    #[test]
    fn the_board_says_what_it_shows_and_a_missing_report_is_not_reported() {
        let mut f = Frame::sample("/admin/board");
        f.lang = crate::msg::Lang::En;
        let line =
            BoardLine { clinic: "Aoki Clinic".into(), doctor: "Aoki Ichiro".into(), entry: None };
        let page = board_page(&f, &[line]);
        assert!(page.contains("Aoki Clinic (Aoki Ichiro): not reported"), "{page}");
        assert!(
            page.contains("as the doctor last reported it in chat (open or closed, with an optional short note)."),
            "{page}"
        );
        // No chat command on the console (review finding 2).
        assert!(!page.contains("/board "), "{page}");
        let ja = board_page(
            &Frame::sample("/admin/board"),
            &[BoardLine {
                clinic: "青木内科".into(), doctor: "青木 一郎".into(), entry: None
            }],
        );
        assert!(ja.contains("青木内科（青木 一郎先生）: 不明"), "{ja}");
    }
}
