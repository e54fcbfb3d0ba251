//! The association's annual record (`toban report YEAR`): registered patients, calls and how
//! they ended, duty-doctor visits, time to acceptance, per-doctor duties and balances, and the
//! holiday rotation across years, like the yearly report a district association publishes.
//!
//! Pure: built from what the store holds (patients, calls, the ledger's duties), passed in.
//! Figures only: no patient's name, address or diagnosis appears, so the report can go to the
//! board as it is.

use crate::html::escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;

use crate::msg::report_doc::ReportDoc;
use crate::msg::report_label::ReportLabel;
use crate::msg::{Lang, Message};
use crate::plan::ledger::{Duty, Ledger};
use crate::routing::{
    Call, CallKind, CallState, CourseEvent::DiedHome, Outcome, Patient, StepKind,
};
use crate::rules::Rules;
use crate::store::RotaRecord;

/// What the report is built from.
pub struct ReportInput<'a> {
    /// The rules (names, zone, holiday periods, plan-year start).
    pub rules: &'a Rules,
    /// The plan year.
    pub year: i32,
    /// Patients on the registry now, with their courses (a removed patient's record is gone).
    pub patients: &'a [Patient],
    /// Every call in the store.
    pub calls: &'a [Call],
    /// The ledger's duties of every year (published rotas after swaps, imported history).
    pub duties: &'a [Duty],
    /// The ledger through this year (before `year + 1`): balances carried into the next year.
    pub ledger: &'a Ledger,
    /// This year's published rota, if any: each doctor's target.
    pub rota: Option<&'a RotaRecord>,
}

/// The annual record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReport {
    /// The plan year.
    pub year: i32,
    /// The association's name.
    pub association: String,
    /// The first day of the plan year.
    pub from: NaiveDate,
    /// The last day of the plan year.
    pub to: NaiveDate,
    /// The registry.
    pub patients: PatientFigures,
    /// Calls raised in the year.
    pub calls: CallFigures,
    /// Visits made for the year's calls.
    pub visits: VisitFigures,
    /// Per doctor, in rules order.
    pub doctors: Vec<DoctorLine>,
    /// Per plan year up to this one: who did each holiday period (period id → doctors).
    pub holiday_history: Vec<HolidayYear>,
}

/// The registry at the end of the year, and the patients' courses through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientFigures {
    /// Registered by the year's last day and still on the registry.
    pub registered: usize,
    /// Of those, registered during the year.
    pub new_in_year: usize,
    /// Patients treated in the year: registered (consent date) by the year's last day and not
    /// ended (death, move, withdrawal) before its first day. A removed patient is not counted.
    pub treated: usize,
    /// Deaths dated within the year (`died_home` + `died_hospital`).
    pub deaths: usize,
    /// Of those, at home (在宅看取り, `died_home`).
    pub home_deaths: usize,
    /// Home deaths as a share of deaths, in whole percent as the association writes it (46 of
    /// 57 → 81), rounded half up; `None` (JSON `null`) in a year without deaths.
    pub home_death_share: Option<u32>,
}

/// Visits made in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisitFigures {
    /// Duty-doctor visits: calls of the year that the duty doctor took (asked at the duty step,
    /// or as the previous call's handler when that was not the attending doctor or a hospital)
    /// and reported back with the outcome `visit`. An acceptance alone is not a visit, nor is a
    /// visit by the attending doctor or a hospital.
    pub duty_doctor: usize,
}

/// `part` of `whole` in whole percent, rounded half up; `None` when `whole` is 0.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((200 * part + whole) / (2 * whole)) as u32)
}

/// How the year's calls went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallFigures {
    /// Calls raised in the year (a second call for an open patient joins the first and is not
    /// counted again; see `followups`).
    pub total: usize,
    /// Second calls for a patient joined to an open call.
    pub followups: usize,
    /// Accepted by the patient's attending doctor.
    pub accepted_by_attending: usize,
    /// Accepted by the duty doctor: a duty-doctor visit.
    pub accepted_by_duty_doctor: usize,
    /// Accepted by a backup hospital.
    pub accepted_by_hospital: usize,
    /// Death confirmations accepted by the association's fallback doctor (`[escalation.death]
    /// fallback`), asked after the duty doctor.
    pub accepted_by_fallback: usize,
    /// Nobody accepted: the caller was told to call 119 (with the patient's wishes).
    pub ended_at_119_advice: usize,
    /// Withdrawn by the caller or an admin.
    pub cancelled: usize,
    /// Still waiting for an answer.
    pub open: usize,
    /// Duty-doctor visits, as [`VisitFigures::duty_doctor`] (reported back as visits, not
    /// counted from acceptances).
    pub duty_doctor_visits: usize,
    /// Accepted calls whose report back to the attending doctor was filed.
    pub reports_filed: usize,
    /// Minutes from raise to acceptance, over accepted calls.
    pub minutes_to_accept: Option<Spread>,
    /// Reports back by outcome (`visit`, `phone`, `admitted`, `other`; each key always
    /// present). A report filed without an outcome counts in none.
    pub by_outcome: BTreeMap<&'static str, usize>,
    /// Calls by type (`urgent`, `death`, `advice`; each key always present).
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Death confirmations nobody took, which ended at the office (never at the 119 advice, so
    /// not in `ended_at_119_advice`).
    pub ended_at_office: usize,
}

/// Median and 90th percentile (nearest rank) of a set of durations, in minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// How many.
    pub count: usize,
    /// The median (the mean of the middle two for an even count).
    pub median: f64,
    /// The 90th percentile, nearest rank: the smallest value with at least 90 % at or below it.
    pub p90: f64,
}

/// One doctor's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoctorLine {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Regular duties done (after swaps).
    pub regular: u32,
    /// Holiday-period duties done, by period id.
    pub holiday: BTreeMap<String, u32>,
    /// Load points of the year.
    pub load: i64,
    /// The year's target in points (from the published rota), if toban planned the year.
    pub target: Option<i64>,
    /// The balance carried into the next year (across all years; positive: more than their share).
    pub balance: i64,
}

/// Who did each holiday period in one plan year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolidayYear {
    /// The plan year.
    pub year: i32,
    /// Period id → doctor ids.
    pub periods: BTreeMap<String, Vec<String>>,
}

/// The spread of `values` (seconds), in minutes.
pub fn spread(values: &[i64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 };
    let rank = (n * 9).div_ceil(10).max(1);
    let minutes = |s: f64| (s / 60.0 * 10.0).round() / 10.0;
    Some(Spread { count: n, median: minutes(median), p90: minutes(v[rank - 1] as f64) })
}

/// The kind of the step at which `by` was asked (the first step naming them).
fn step_of(call: &Call, by: &crate::rules::MemberId) -> Option<StepKind> {
    call.chain.iter().find(|s| s.members.contains(by)).map(|s| s.kind)
}

/// Builds the report.
pub fn build(input: &ReportInput<'_>) -> AnnualReport {
    let rules = input.rules;
    let tz = rules.association.tz;
    let from = crate::calendar::slots::plan_year_first_day(rules, input.year);
    let next = crate::calendar::slots::plan_year_first_day(rules, input.year + 1);
    let midnight = |d: NaiveDate| -> DateTime<Utc> {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    };
    let (start, end) = (midnight(from), midnight(next));
    let within = |t: DateTime<Utc>| start <= t && t < end;

    let last = next.pred_opt().unwrap_or(next);
    // On the registry at the year's end: entered and consented by then (as `treated` counts
    // them), and not ended (death, move, withdrawal) by its last day.
    let registered: Vec<&Patient> = input
        .patients
        .iter()
        .filter(|p| {
            // A registration reopened after a move or a withdrawal counts in its periods.
            p.registered_at < end && p.registered_at_end_of(last)
        })
        .collect();
    let died = |home: bool| {
        let deaths = input.patients.iter().filter_map(|p| p.ended()).filter(|e| {
            e.event.is_death() && (from..=last).contains(&e.date) && (!home || e.event == DiedHome)
        });
        deaths.count()
    };
    let (deaths, home_deaths) = (died(false), died(true));
    let patients = PatientFigures {
        registered: registered.len(),
        new_in_year: registered.iter().filter(|p| within(p.registered_at)).count(),
        treated: input.patients.iter().filter(|p| p.registered_during(from, last)).count(),
        deaths,
        home_deaths,
        home_death_share: percent(home_deaths, deaths),
    };

    let calls: Vec<&Call> = input.calls.iter().filter(|c| within(c.raised_at)).collect();
    let mut figures = CallFigures {
        total: calls.len(),
        followups: calls
            .iter()
            .flat_map(|c| &c.log)
            .filter(|l| matches!(l.what, crate::routing::Logged::Followup { .. }))
            .count(),
        accepted_by_attending: 0,
        accepted_by_duty_doctor: 0,
        accepted_by_hospital: 0,
        accepted_by_fallback: 0,
        ended_at_119_advice: 0,
        cancelled: 0,
        open: 0,
        duty_doctor_visits: 0,
        reports_filed: 0,
        minutes_to_accept: None,
        by_outcome: Outcome::ALL.iter().map(|o| (o.as_str(), 0)).collect(),
        by_kind: CallKind::ALL.iter().map(|k| (k.as_str(), 0)).collect(),
        ended_at_office: 0,
    };
    let mut waits = Vec::new();
    for c in &calls {
        *figures.by_kind.entry(c.kind.as_str()).or_default() += 1;
        match &c.state {
            CallState::Accepted { by, at, .. } => {
                waits.push((*at - c.raised_at).num_seconds());
                if let Some(r) = &c.report {
                    figures.reports_filed += 1;
                    if let Some(o) = r.outcome {
                        *figures.by_outcome.entry(o.as_str()).or_default() += 1;
                    }
                }
                let kind = match step_of(c, by) {
                    // The handler of the patient's previous call counts as what they are.
                    Some(StepKind::Handler) if by == &c.attending => Some(StepKind::Attending),
                    Some(StepKind::Handler) if rules.hospitals.iter().any(|h| &h.id == by) => {
                        Some(StepKind::Hospital)
                    }
                    Some(StepKind::Handler) => Some(StepKind::Duty),
                    other => other,
                };
                let visit = c.report.as_ref().is_some_and(|r| r.outcome == Some(Outcome::Visit));
                match kind {
                    // The substitute attending doctor stands in for the attending doctor.
                    Some(StepKind::Attending | StepKind::Substitute) => {
                        figures.accepted_by_attending += 1
                    }
                    Some(StepKind::Duty) => {
                        figures.accepted_by_duty_doctor += 1;
                        figures.duty_doctor_visits += usize::from(visit);
                    }
                    Some(StepKind::Hospital) => figures.accepted_by_hospital += 1,
                    Some(StepKind::Fallback) => figures.accepted_by_fallback += 1,
                    // Not in the chain (cannot happen: the engine refuses it); counted nowhere.
                    Some(StepKind::Advice | StepKind::Handler) | None => {}
                }
            }
            CallState::Exhausted { .. } if c.kind == CallKind::Death => {
                figures.ended_at_office += 1
            }
            CallState::Exhausted { .. } => figures.ended_at_119_advice += 1,
            CallState::Cancelled { .. } => figures.cancelled += 1,
            CallState::Waiting { .. } => figures.open += 1,
        }
    }
    figures.minutes_to_accept = spread(&waits);

    let of_year: Vec<&Duty> = input.duties.iter().filter(|d| d.year == input.year).collect();
    let doctors = rules
        .doctors
        .iter()
        .filter_map(|d| {
            let id = d.id.as_str();
            let mine: Vec<&&Duty> = of_year.iter().filter(|x| x.doctor == id).collect();
            let target =
                input.rota.and_then(|r| r.doctors.iter().find(|x| x.id == id)).map(|x| x.target);
            if mine.is_empty() && target.is_none() {
                return None;
            }
            let mut holiday = BTreeMap::new();
            for x in mine.iter().filter(|x| x.kind != "regular" && x.turn) {
                *holiday.entry(x.kind.clone()).or_default() += 1;
            }
            Some(DoctorLine {
                id: id.to_string(),
                name: d.name.clone(),
                regular: mine.iter().filter(|x| x.kind == "regular" && x.turn).count() as u32,
                holiday,
                load: mine.iter().map(|x| i64::from(x.weight)).sum(),
                target,
                balance: input.ledger.entry(id).map_or(0, |e| e.balance),
            })
        })
        .collect();

    let mut history: BTreeMap<i32, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for d in input.duties.iter().filter(|d| d.kind != "regular" && d.turn && d.year <= input.year) {
        history
            .entry(d.year)
            .or_default()
            .entry(d.kind.clone())
            .or_default()
            .push(d.doctor.clone());
    }
    let holiday_history =
        history.into_iter().map(|(year, periods)| HolidayYear { year, periods }).collect();

    AnnualReport {
        year: input.year,
        association: rules.association.name.clone(),
        from,
        to: last,
        patients,
        visits: VisitFigures { duty_doctor: figures.duty_doctor_visits },
        calls: figures,
        doctors,
        holiday_history,
    }
}

/// Who did a holiday period in a year, by name, joined as `lang` joins names.
pub fn who(y: &HolidayYear, period: &str, rules: &Rules, lang: Lang) -> String {
    y.periods
        .get(period)
        .map(|ds| {
            ReportDoc::Doctors(ds.iter().map(|d| rules.name_of(d).to_string()).collect())
                .render(lang)
        })
        .unwrap_or_else(|| "–".into())
}

fn minutes(s: &Option<Spread>, pick: fn(&Spread) -> f64) -> String {
    s.as_ref().map_or("–".into(), |s| format!("{:.1}", pick(s)))
}

/// The report's figures as (label, value) rows, the labels in Japanese as the board's files
/// ([`BOARD`]) write them.
pub fn call_rows(r: &AnnualReport) -> Vec<(&'static str, String)> {
    figures(r).into_iter().map(|(l, v)| (l.label_ja(), v)).collect()
}

/// The report's figures as (label, value) rows, the labels in the catalogue (each language).
pub fn figures(r: &AnnualReport) -> Vec<(ReportLabel, String)> {
    let c = &r.calls;
    // In the order of ReportLabel::ALL.
    let values = [
        r.patients.registered.to_string(),
        r.patients.new_in_year.to_string(),
        r.patients.treated.to_string(),
        r.patients.deaths.to_string(),
        r.patients.home_deaths.to_string(),
        r.patients.home_death_share.map_or("–".into(), |s| s.to_string()),
        c.total.to_string(),
        c.by_kind["urgent"].to_string(),
        c.by_kind["death"].to_string(),
        c.by_kind["advice"].to_string(),
        c.followups.to_string(),
        c.accepted_by_attending.to_string(),
        c.accepted_by_duty_doctor.to_string(),
        c.accepted_by_hospital.to_string(),
        c.accepted_by_fallback.to_string(),
        c.ended_at_119_advice.to_string(),
        c.ended_at_office.to_string(),
        c.cancelled.to_string(),
        c.open.to_string(),
        c.duty_doctor_visits.to_string(),
        c.reports_filed.to_string(),
        c.by_outcome["visit"].to_string(),
        c.by_outcome["phone"].to_string(),
        c.by_outcome["admitted"].to_string(),
        c.by_outcome["other"].to_string(),
        minutes(&c.minutes_to_accept, |s| s.median),
        minutes(&c.minutes_to_accept, |s| s.p90),
    ];
    ReportLabel::ALL.into_iter().zip(values).collect()
}

/// (id, name) of each holiday period, in rules order.
pub fn period_names(rules: &Rules) -> Vec<(String, String)> {
    rules.holiday_periods.iter().map(|p| (p.id.clone(), p.name.clone())).collect()
}

/// The language of the files for the board (the HTML page, the xlsx and CSV sheets): the
/// association's report to its board is written in Japanese, whoever makes the file.
pub const BOARD: Lang = Lang::Ja;

/// The report as one self-contained HTML page for the board (A4 portrait, in [`BOARD`]'s
/// language, no scripts).
pub fn html(r: &AnnualReport, rules: &Rules) -> String {
    let lang = BOARD;
    let t = |m: ReportDoc| escape(&m.render(lang));
    let mut h = String::new();
    let title = ReportDoc::Title {
        association: r.association.clone(),
        year: r.year,
        fiscal: chrono::Datelike::month(&r.from) != 1,
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\
@page {{ size: A4 portrait; margin: 14mm; }}\
body {{ font-family: \"Noto Sans CJK JP\", \"Hiragino Sans\", \"Yu Gothic\", \"Meiryo\", sans-serif; font-size: 10pt; color: #111; }}\
h1 {{ font-size: 15pt; margin: 0 0 1mm 0; }} h2 {{ font-size: 11.5pt; margin: 6mm 0 2mm 0; border-bottom: 0.3mm solid #333; }}\
p.period {{ margin: 0; color: #444; }}\
table {{ border-collapse: collapse; }} td, th {{ border: 0.2mm solid #999; padding: 1mm 2.5mm; }}\
th {{ background: #eee; font-weight: normal; }} td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}\
</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"period\">{period}</p>\n<h2>{figures}</h2>\n<table>\n",
        code = crate::html::lang_code(lang),
        title = t(title),
        period = t(ReportDoc::Period { from: r.from, to: r.to }),
        figures = t(ReportDoc::FiguresTitle),
    );
    for (k, v) in figures(r) {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td class=\"n\">{}</td></tr>",
            escape(&k.render(lang)),
            escape(&v)
        );
    }
    let _ = write!(
        h,
        "</table>\n<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th>",
        t(ReportDoc::DoctorsTitle),
        t(ReportDoc::ColDoctor),
        t(ReportDoc::ColRegular)
    );
    let periods = period_names(rules);
    for p in &periods {
        let _ = write!(h, "<th>{}</th>", escape(&p.1));
    }
    let _ = writeln!(
        h,
        "<th>{}</th><th>{}</th><th>{}</th></tr>",
        t(ReportDoc::ColLoad),
        t(ReportDoc::ColTarget),
        t(ReportDoc::ColBalance)
    );
    for d in &r.doctors {
        let _ = write!(h, "<tr><td>{}</td><td class=\"n\">{}</td>", escape(&d.name), d.regular);
        for p in &periods {
            let _ = write!(h, "<td class=\"n\">{}</td>", d.holiday.get(&p.0).copied().unwrap_or(0));
        }
        let _ = writeln!(
            h,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:+}</td></tr>",
            d.load,
            d.target.map_or("–".into(), |t| t.to_string()),
            d.balance
        );
    }
    let _ = write!(
        h,
        "</table>\n<h2>{}</h2>\n<table>\n<tr><th>{}</th>",
        t(ReportDoc::RotationTitle),
        t(ReportDoc::ColYear)
    );
    for p in &periods {
        let _ = write!(h, "<th>{}</th>", escape(&p.1));
    }
    h.push_str("</tr>\n");
    for y in &r.holiday_history {
        let _ = write!(h, "<tr><td>{}</td>", y.year);
        for p in &periods {
            let _ = write!(h, "<td>{}</td>", escape(&who(y, &p.0, rules, lang)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::{ChainInputs, CourseEvent, Event, PatientDetails, resolve};
    use chrono::Duration;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn patient(id: u64, registered: &str) -> Patient {
        let at = utc(registered);
        Patient {
            id: crate::ids::PatientId::new(id),
            details: PatientDetails {
                name: format!("テスト患者{id}号"),
                address: "匝瑳市".into(),
                area: None,
                attending: "d01".parse().unwrap(),
                hospital: None,
                diagnosis: "秘密の診断".into(),
                medications: String::new(),
                wishes: "DNAR".into(),
                consent: at.date_naive(),
                visit: Default::default(),
                substitute: None,
                rota: None,
            },
            registered_at: at,
            updated_at: at,
            course: Vec::new(),
        }
    }

    /// A call raised at `raised` (RFC 3339), then `events` at minutes after it.
    fn call(rules: &Rules, id: u64, raised: &str, events: &[(i64, Event)]) -> Call {
        let duty = ["d05".parse().unwrap()];
        let (a, c) = ("d01".parse().unwrap(), "ns1".parse().unwrap());
        let chain = resolve(&ChainInputs {
            substitute: None,
            rules,
            duty: &duty,
            absent: &|_| false,
            attending: Some(&a),
            hospital: None,
            caller: Some(&c),
        });
        let t0 = utc(raised);
        let (mut call, _) = Call::raise(
            crate::routing::CallId::new(id),
            crate::ids::PatientId::new(id),
            a,
            c,
            "note".into(),
            chain,
            t0,
        );
        for (minutes, e) in events {
            call.apply(e, t0 + Duration::minutes(*minutes)).unwrap_or_else(|r| panic!("{r:?}"));
        }
        call
    }

    fn by(id: &str) -> crate::rules::MemberId {
        id.parse().unwrap()
    }

    fn duty(year: i32, start: (i32, u32, u32), doctor: &str, kind: &str, weight: u32) -> Duty {
        let s = NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap();
        Duty {
            year,
            slot_start: s,
            slot_end: s + chrono::Days::new(7),
            doctor: doctor.into(),
            kind: kind.into(),
            weight,
            holidays: 0,
            turn: true,
        }
    }

    #[test]
    fn every_figure_agrees_with_a_known_call_log() {
        let rules = crate::plan::testing::sosa();
        let accept = |who: &str| Event::Accept { by: by(who) };
        let decline = |who: &str| Event::Decline { by: by(who) };
        let calls = vec![
            // Before the plan year (2026-12-31 23:30 JST): not counted.
            call(&rules, 1, "2026-12-31T23:30:00+09:00", &[(5, accept("d01"))]),
            // Attending accepts after 5 minutes.
            call(&rules, 2, "2027-02-01T02:00:00+09:00", &[(5, accept("d01"))]),
            // Attending times out; the duty doctor accepts at 20 minutes and reports back.
            call(
                &rules,
                3,
                "2027-03-01T02:00:00+09:00",
                &[
                    (10, Event::Deadline),
                    (20, accept("d05")),
                    (90, Event::Report { by: by("d05"), text: "往診".into() }),
                ],
            ),
            // Both doctors decline; the first hospital accepts at 12 minutes.
            call(
                &rules,
                4,
                "2027-04-01T02:00:00+09:00",
                &[(1, decline("d01")), (2, decline("d05")), (12, accept("h1"))],
            ),
            // Nobody answers: every step times out, 119 advice.
            call(
                &rules,
                5,
                "2027-05-01T02:00:00+09:00",
                &[
                    (10, Event::Deadline),
                    (25, Event::Deadline),
                    (35, Event::Deadline),
                    (45, Event::Deadline),
                    (55, Event::Deadline),
                ],
            ),
            // Withdrawn by the caller.
            call(
                &rules,
                6,
                "2027-06-01T02:00:00+09:00",
                &[(3, Event::Cancel { by: by("ns1"), admin: false })],
            ),
            // Still open, with a second call joined to it.
            call(
                &rules,
                7,
                "2027-07-01T02:00:00+09:00",
                &[(4, Event::Followup { from: by("ns1"), note: "再度".into() })],
            ),
            // The year's last hour (23:30 JST): counted; the duty doctor accepts at 3 minutes
            // (the attending declined at once).
            call(
                &rules,
                8,
                "2027-12-31T23:30:00+09:00",
                &[(0, decline("d01")), (3, accept("d05"))],
            ),
            // The next plan year (2028-01-01 00:30 JST): not counted.
            call(&rules, 9, "2028-01-01T00:30:00+09:00", &[(1, accept("d01"))]),
        ];
        assert_eq!(calls[4].state.as_str(), "exhausted", "{:?}", calls[4].state);
        let patients = vec![
            patient(1, "2026-06-01T10:00:00+09:00"),
            patient(2, "2027-03-01T10:00:00+09:00"),
            patient(3, "2028-02-01T10:00:00+09:00"),
        ];
        let duties = vec![
            duty(2026, (2025, 12, 29), "d02", "new_year", 4),
            duty(2026, (2026, 4, 28), "d03", "golden_week", 4),
            duty(2027, (2026, 12, 29), "d01", "new_year", 4),
            duty(2027, (2027, 1, 5), "d02", "regular", 2),
            duty(2027, (2027, 1, 12), "d02", "regular", 3),
            duty(2027, (2027, 4, 27), "d04", "golden_week", 4),
        ];
        let ledger = crate::plan::ledger::build(&rules, &duties, &Default::default(), Some(2028));
        let r = build(&ReportInput {
            rules: &rules,
            year: 2027,
            patients: &patients,
            calls: &calls,
            duties: &duties,
            ledger: &ledger,
            rota: None,
        });
        assert_eq!(
            (r.from.to_string(), r.to.to_string()),
            ("2027-01-01".into(), "2027-12-31".into())
        );
        assert_eq!((r.patients.registered, r.patients.new_in_year), (2, 1));
        let c = &r.calls;
        assert_eq!(c.total, 7);
        assert_eq!(c.followups, 1);
        assert_eq!(c.accepted_by_attending, 1);
        assert_eq!(c.accepted_by_duty_doctor, 2);
        assert_eq!(c.accepted_by_hospital, 1);
        assert_eq!(c.ended_at_119_advice, 1);
        assert_eq!(c.cancelled, 1);
        assert_eq!(c.open, 1);
        // Two acceptances by the duty doctor, but neither was reported back as a visit
        // (call 3's report has no outcome): no duty-doctor visit (issue 20).
        assert_eq!(c.duty_doctor_visits, 0);
        assert_eq!(r.visits, VisitFigures { duty_doctor: 0 });
        assert_eq!(c.reports_filed, 1);
        // Accepted after 5, 20, 12 and 3 minutes: median 8.5, p90 (nearest rank 4 of 4) 20.
        assert_eq!(c.minutes_to_accept, Some(Spread { count: 4, median: 8.5, p90: 20.0 }));
        let line = |id: &str| r.doctors.iter().find(|d| d.id == id).unwrap().clone();
        assert_eq!((line("d02").regular, line("d02").load), (2, 5));
        assert_eq!(line("d01").holiday["new_year"], 1);
        assert_eq!(line("d04").holiday["golden_week"], 1);
        assert_eq!(line("d02").balance, ledger.entry("d02").unwrap().balance);
        assert!(r.doctors.iter().all(|d| d.target.is_none()), "no published rota given");
        assert!(r.doctors.iter().all(|d| d.id != "d07"), "no duty, no target: left out");
        assert_eq!(r.holiday_history.len(), 2);
        assert_eq!(r.holiday_history[0].periods["new_year"], vec!["d02".to_string()]);
        assert_eq!(r.holiday_history[1].periods["golden_week"], vec!["d04".to_string()]);
        // Figures only: no patient's details in any format.
        let json = serde_json::to_string(&r).unwrap();
        let page = html(&r, &rules);
        for secret in ["テスト患者1号", "テスト患者2号", "匝瑳市", "秘密の診断", "DNAR"]
        {
            assert!(!json.contains(secret) && !page.contains(secret), "{secret}");
        }
    }

    fn with_course(mut p: Patient, consent: &str, course: &[(CourseEvent, &str)]) -> Patient {
        p.details.consent = consent.parse().unwrap();
        p.course = course
            .iter()
            .map(|(event, d)| crate::routing::CourseEntry {
                event: *event,
                date: d.parse().unwrap(),
                recorded_at: p.registered_at,
            })
            .collect();
        p
    }

    #[test]
    fn treated_deaths_home_deaths_and_duty_doctor_visits_follow_courses_and_reports() {
        use CourseEvent::*;
        let rules = crate::plan::testing::sosa();
        let p = |id| patient(id, "2026-01-05T10:00:00+09:00");
        let patients = vec![
            // Ended before the year: not treated, no death of the year.
            with_course(p(1), "2026-01-05", &[(DiedHome, "2026-12-31")]),
            // Died at home on the year's first day.
            with_course(p(2), "2026-01-05", &[(DiedHome, "2027-01-01")]),
            // Admitted, died in hospital during the year.
            with_course(
                p(3),
                "2026-01-05",
                &[(Admitted, "2027-05-01"), (DiedHospital, "2027-05-09")],
            ),
            // Died at home on the year's last day.
            with_course(p(4), "2027-03-01", &[(DiedHome, "2027-12-31")]),
            // Moved during the year: treated, not a death.
            with_course(p(5), "2026-01-05", &[(Moved, "2027-06-01")]),
            // Registered during the year, still at home.
            with_course(p(6), "2027-08-01", &[]),
            // Registered after the year: not treated.
            with_course(p(7), "2028-01-02", &[]),
            // Died the next year: treated, not a death of the year.
            with_course(p(8), "2026-01-05", &[(DiedHospital, "2028-01-01")]),
        ];
        let back =
            |who: &str, outcome| Event::ReportBack { by: by(who), outcome, text: "報告".into() };
        let (accept, decline) =
            (|w: &str| Event::Accept { by: by(w) }, |w: &str| Event::Decline { by: by(w) });
        let calls = vec![
            // The duty doctor goes out: the one duty-doctor visit.
            call(
                &rules,
                1,
                "2027-02-01T02:00:00+09:00",
                &[(1, decline("d01")), (3, accept("d05")), (60, back("d05", Outcome::Visit))],
            ),
            // The duty doctor advises by phone: an acceptance, not a visit.
            call(
                &rules,
                2,
                "2027-03-01T02:00:00+09:00",
                &[(1, decline("d01")), (3, accept("d05")), (20, back("d05", Outcome::Phone))],
            ),
            // The attending doctor visits: not a duty-doctor visit.
            call(
                &rules,
                3,
                "2027-04-01T02:00:00+09:00",
                &[(2, accept("d01")), (60, back("d01", Outcome::Visit))],
            ),
            // The hospital "visits": not a duty-doctor visit.
            call(
                &rules,
                4,
                "2027-05-01T02:00:00+09:00",
                &[
                    (1, decline("d01")),
                    (2, decline("d05")),
                    (5, accept("h1")),
                    (60, back("h1", Outcome::Visit)),
                ],
            ),
            // A duty-doctor visit of the year before: not counted.
            call(
                &rules,
                5,
                "2026-12-31T23:00:00+09:00",
                &[(1, decline("d01")), (3, accept("d05")), (60, back("d05", Outcome::Visit))],
            ),
        ];
        let ledger = crate::plan::ledger::build(&rules, &[], &Default::default(), Some(2028));
        let r = build(&ReportInput {
            rules: &rules,
            year: 2027,
            patients: &patients,
            calls: &calls,
            duties: &[],
            ledger: &ledger,
            rota: None,
        });
        let f = &r.patients;
        assert_eq!((f.treated, f.deaths, f.home_deaths, f.home_death_share), (6, 3, 2, Some(67)));
        // On the registry at the year's end: those who died, moved or withdrew by then are not
        // (the hand trial found a patient who died still counted): p6, and p8 (died in 2028).
        assert_eq!(f.registered, 2);
        assert_eq!(r.visits, VisitFigures { duty_doctor: 1 });
        let by = &r.calls.by_outcome;
        assert_eq!((by["visit"], by["phone"], by["admitted"], by["other"]), (3, 1, 0, 0));
        assert_eq!((r.calls.accepted_by_duty_doctor, r.calls.duty_doctor_visits), (2, 1));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["patients"]["home_death_share"], 67);
        assert_eq!(json["visits"]["duty_doctor"], 1);
        let rows = call_rows(&r);
        assert!(rows.contains(&("在宅看取り率（%）", "67".into())), "{rows:?}");
        assert!(html(&r, &rules).contains("<th>うち在宅看取り</th><td class=\"n\">2</td>"));
        // A year without deaths has no share.
        let quiet = build(&ReportInput {
            rules: &rules,
            year: 2029,
            patients: &patients,
            calls: &calls,
            duties: &[],
            ledger: &ledger,
            rota: None,
        });
        assert_eq!((quiet.patients.deaths, quiet.patients.home_death_share), (0, None));
        assert_eq!(
            serde_json::to_value(&quiet).unwrap()["patients"]["home_death_share"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn the_home_death_share_is_written_as_the_association_writes_it() {
        assert_eq!(percent(46, 57), Some(81), "Sosa's year: 46 of 57 at home");
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(1, 8), Some(13), "12.5 rounds up");
        assert_eq!(percent(0, 3), Some(0));
        assert_eq!(percent(3, 3), Some(100));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn the_spread_of_one_value_is_that_value() {
        assert_eq!(spread(&[90]), Some(Spread { count: 1, median: 1.5, p90: 1.5 }));
        assert_eq!(spread(&[]), None);
        // Ten values 1..=10 minutes: median 5.5, p90 the 9th.
        let v: Vec<i64> = (1..=10).map(|m| m * 60).collect();
        assert_eq!(spread(&v), Some(Spread { count: 10, median: 5.5, p90: 9.0 }));
    }
}
