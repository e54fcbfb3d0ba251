//! Cover from an absence (issue 18): an absence that falls on a published duty links to a
//! form where the office chooses the colleague who covers it, for the whole duty or only some
//! days (the absence's days within the duty, to begin with). Saving runs `toban cover SLOT
//! DOCTOR OTHER [--from DATE --to DATE]` through [`crate::cli::console`] with the signed-in
//! admin as the actor, as the year's slot page does: the same checker (a refusal is shown with
//! its reason and nothing is saved), the same notices, feed refresh and audit entry.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

use super::extract::{Admin, AdminForm};
use super::frame::{Frame, Notice};
use super::handlers_year::{failure, run};
use super::pages_cover::{self as pages, CoverView, Days};
use super::reply::{html, see_other, unavailable};
use crate::cli::Command;
use crate::desk::Desk;
use crate::msg::slot::SlotRef;
use crate::msg::web::WebMsg;
use crate::msg::web_live::LiveMsg;
use crate::msg::web_year::YearMsg;
use crate::msg::{Doctor, When};
use crate::server::App;
use crate::store::{Absence, RotaSlot};

/// The absence `id` and its clashing published slot `slot`, if it still clashes.
fn clash(
    app: &App,
    id: crate::ids::AbsenceId,
    slot: &str,
) -> anyhow::Result<Option<(Absence, RotaSlot)>> {
    let rules = app.rules.get();
    let desk = Desk { rules: &rules, store: &*app.store };
    let Some(a) = app.store.absences()?.into_iter().find(|a| a.id == id) else {
        return Ok(None);
    };
    let s = desk.absence_clashes(&a, (app.now)())?.into_iter().find(|s| s.id == slot);
    Ok(s.map(|s| (a, s)))
}

/// The published slot `id` as the office names it, by its days (by its id's day when it is
/// not published, or the store cannot say).
pub(super) fn published_ref(app: &App, id: &str) -> SlotRef {
    let rules = app.rules.get();
    let published = crate::notify::duty::published_slots(&*app.store).unwrap_or_default();
    published
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| SlotRef::id(id), |s| crate::partial::slot_ref(&rules, s))
}

fn page(
    app: &App,
    f: &Frame,
    csrf: &str,
    (id, slot): (crate::ids::AbsenceId, &str),
    (chosen, typed): (&str, Option<&Days>),
    status: StatusCode,
    n: Option<Notice>,
) -> Response {
    // An absence removed (or never made) is said so, not that its cover is no longer needed.
    match app.store.absences() {
        Ok(all) if !all.iter().any(|a| a.id == id) => {
            let r = crate::msg::refusal::Refusal::NoSuchAbsence(id);
            let n = Notice::Error(WebMsg::Members(crate::msg::web_members::WebMembers::Refused(
                super::reply::on_console(&app.rules.get(), r),
            )));
            return html(StatusCode::NOT_FOUND, pages::no_absence(f, &n));
        }
        Ok(_) => {}
        Err(e) => return unavailable(f, &e),
    }
    let (a, s) = match clash(app, id, slot) {
        Ok(Some(found)) => found,
        Ok(None) => {
            return html(StatusCode::CONFLICT, pages::not_needed(f, id, &published_ref(app, slot)));
        }
        Err(e) => return unavailable(f, &e),
    };
    // Read only: members as the reader reads them (`name_en` in English).
    let rules = app.rules.get().for_reader(f.lang);
    let tz = rules.association.tz;
    // One instant for the whole form: the days to come and whether the duty has started.
    let now = (app.now)();
    let day = now.with_timezone(&tz).date_naive();
    let colleagues: Vec<(String, String)> = rules
        .doctors
        .iter()
        .filter(|d| d.left.is_none_or(|l| day <= l))
        .filter(|d| !s.doctors.iter().any(|x| x == d.id.as_str()))
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let when = |t: chrono::DateTime<chrono::FixedOffset>| When(t.with_timezone(&tz));
    let asked = typed.map_or_else(
        || absent_days(&rules, &a, &s, now),
        |d| Days { part: d.part, from: d.from.clone(), to: d.to.clone() },
    );
    let v = CoverView {
        absence: id,
        slot,
        duty: crate::partial::slot_ref(&rules, &s),
        doctor: Doctor(rules.name_of(&a.doctor).to_string()),
        away: (crate::msg::Day(a.from), crate::msg::Day(a.to)),
        start: when(s.start),
        end: when(s.end),
        colleagues: &colleagues,
        chosen,
        days: &asked,
        csrf,
        started: s.start.with_timezone(&chrono::Utc) <= now,
    };
    html(status, pages::cover(f, &v, n.as_ref()))
}

/// The form's days at first: the whole duty chosen (as before partial covers), the days
/// offered for a part those of absence `a` within the duty of `s`. A duty started by `now`
/// can only be covered from its next day to come: those days, chosen.
fn absent_days(
    rules: &crate::rules::Rules,
    a: &Absence,
    s: &RotaSlot,
    now: chrono::DateTime<chrono::Utc>,
) -> Days {
    let (first, last) = crate::partial::days_of(rules, s);
    let started = s.start.with_timezone(&chrono::Utc) <= now;
    let to_come = first
        .iter_days()
        .take_while(|d| *d <= last)
        .find(|d| crate::partial::span(rules, s, *d, *d).0 > now)
        .unwrap_or(last);
    let first = if started { first.max(to_come) } else { first };
    let (from, to) = (a.from.max(first), a.to.min(last));
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Days { part: started, from: day(from), to: day(to.max(from)) }
}

/// The form's days: `None` for the whole duty, else the first and last day (or the text
/// typed where a date was expected).
fn days_of(d: &Days) -> Result<Option<(NaiveDate, NaiveDate)>, String> {
    if !d.part {
        return Ok(None);
    }
    let parse = |typed: &str| {
        NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d")
            .map_err(|_| typed.trim().chars().take(40).collect::<String>())
    };
    Ok(Some((parse(&d.from)?, parse(&d.to)?)))
}

/// `GET /admin/absences/{id}/cover/{slot}`: the form.
pub async fn cover_form(
    State(app): State<App>,
    admin: Admin,
    Path((id, slot)): Path<(crate::ids::AbsenceId, String)>,
) -> Response {
    let f = admin.frame(&app);
    page(&app, &f, &admin.session.csrf, (id, &slot), ("", None), StatusCode::OK, None)
}

/// `POST /admin/absences/{id}/cover/{slot}`: `toban cover SLOT DOCTOR OTHER` as the admin,
/// with `--from --to` when some days were chosen.
pub async fn cover_save(
    State(app): State<App>,
    Path((id, slot)): Path<(crate::ids::AbsenceId, String)>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    let other = form.field("other").trim().to_string();
    let csrf = form.admin.session.csrf.clone();
    let typed = Days {
        part: form.field("span") == "part",
        from: form.field("from").trim().to_string(),
        to: form.field("to").trim().to_string(),
    };
    let refuse = |n: Notice| {
        let status = StatusCode::BAD_REQUEST;
        page(&app, &f, &csrf, (id, &slot), (&other, Some(&typed)), status, Some(n))
    };
    if other.is_empty() {
        return refuse(Notice::Error(WebMsg::Year(YearMsg::CoverNoColleague)));
    }
    let days = match days_of(&typed) {
        Ok(days) => days,
        Err(typed) => {
            return refuse(Notice::Error(WebMsg::Live(LiveMsg::CoverBadDate { typed })));
        }
    };
    let absent = match clash(&app, id, &slot) {
        Ok(Some((a, _))) => a.doctor,
        Ok(None) => {
            let duty = published_ref(&app, &slot);
            return html(StatusCode::CONFLICT, pages::not_needed(&f, id, &duty));
        }
        Err(e) => return unavailable(&f, &e),
    };
    let command = Command::Cover {
        slot: slot.clone(),
        doctor: absent,
        other: other.clone(),
        by: "admin".into(),
        on_behalf: None,
        from: days.map(|d| d.0),
        to: days.map(|d| d.1),
        rota_id: crate::rules::RotaId::main().to_string(),
    };
    match run(&app, &form.admin, command).await {
        Ok(_) => {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            q.append_pair("covered", &slot).append_pair("by", &other);
            if let Some((from, to)) = days {
                q.append_pair("from", &from.to_string()).append_pair("to", &to.to_string());
            }
            see_other(&format!("/admin/absences?{}", q.finish()))
        }
        Err(e) => refuse(Notice::Error(WebMsg::Year(failure(&app.rules.get(), &e)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // See: issue 18 English review 7: the cover form of a started duty chose the whole duty
    // (always refused); it chooses the absent days still to come.
    #[test]
    fn a_started_duty_is_covered_from_its_next_day_to_come() {
        let rules = crate::plan::testing::sosa();
        let rota = crate::store::records::fixtures::rota(2027);
        let s = &rota.slots[1];
        let first = s.start.date_naive();
        let a = Absence {
            id: crate::ids::AbsenceId::new(1),
            doctor: s.doctors[0].clone(),
            from: first,
            to: first + chrono::Duration::days(3),
            note: None,
            created_at: s.start.with_timezone(&chrono::Utc),
            soft: false,
        };
        let before = s.start.with_timezone(&chrono::Utc) - chrono::Duration::days(1);
        let d = absent_days(&rules, &a, s, before);
        assert!(!d.part, "not started: the whole duty first");
        // Started, on its second day after the handover: from the third day.
        let now = s.start.with_timezone(&chrono::Utc) + chrono::Duration::hours(25);
        let d = absent_days(&rules, &a, s, now);
        assert!(d.part);
        assert_eq!(d.from, (first + chrono::Duration::days(2)).to_string());
        assert_eq!(d.to, (first + chrono::Duration::days(3)).to_string());
    }
}
