//! One function per subcommand: load, compute with the pure rooms, print.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use super::table::Table;
use super::{Args, Format, load_inputs};
use crate::calendar::slots::{calendar_years_for, plan_year_of};
use crate::calendar::{PlanYear, SlotKind, plan_year};
use crate::msg::cli::{Cli, Col};
use crate::msg::{Lang, Message};
use crate::rules::{ExemptWindow, Rules};

fn inputs(args: &Args) -> anyhow::Result<super::Inputs> {
    load_inputs(&args.rules, args.calendars.as_deref())
}

fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// `toban holidays YEAR`.
pub fn holidays(args: &Args, year: i32, format: Format, lang: Lang) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    let list = inputs.calendar(year..=year).of_year(year);
    match format {
        Format::Json => print_json(&list),
        Format::Table => {
            // The day as people write it, its weekday included (「9月22日(火)」); the JSON keeps
            // ISO dates for scripts.
            let mut t = Table::cols(lang, &[Col::Date, Col::Name, Col::Source]);
            for h in &list {
                let source: String = h.source.clone().into();
                let day = crate::msg::Day(h.date).human(lang, Some(year));
                t.row(vec![day, h.name.clone(), source]);
            }
            print!("{}", t.render());
            println!("{}", Cli::HolidayCount { n: list.len(), year }.render(lang));
            Ok(())
        }
    }
}

/// `toban slots YEAR`.
pub fn slots(args: &Args, year: i32, format: Format, rota: &str, lang: Lang) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    let (_, rules) = super::rotas::resolve(&inputs.rules, rota)?;
    let cal = inputs.calendar(calendar_years_for(year));
    let py = plan_year(&rules, &cal, year);
    match format {
        Format::Json => print_json(&py),
        Format::Table => {
            print!("{}", slot_table(&rules, &py, &cal, lang));
            Ok(())
        }
    }
}

/// `toban check`: validate, summarise, and show the slots of a plan year.
pub fn check(args: &Args, year: Option<i32>, format: Format, lang: Lang) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    let rules = &inputs.rules;
    let year = year.unwrap_or_else(|| next_plan_year(&inputs, Utc::now()));
    let cal = inputs.calendar(calendar_years_for(year));
    let py = plan_year(rules, &cal, year);
    // What is known before planning the year (absences, last year's duties, the ledger), when
    // the store can be read; otherwise a fresh start.
    let mut context = crate::plan::year::Context::default();
    let mut opened = None;
    // A member with records cannot vanish from the rules (compared when the store can be read).
    if args.data.is_dir() {
        match crate::store::SledStore::open(&args.data) {
            Ok(store) => {
                if let Some(msg) = crate::known::vanished_refusal(rules, &store)? {
                    return Err(crate::rules::RulesError {
                        problems: vec![crate::rules::Problem::whole(args.rules.clone(), msg)],
                    }
                    .into());
                }
                let now = super::clock::now()?;
                for (d, slots) in crate::known::duties_outside_membership(rules, &store, now)? {
                    let first = &slots[0];
                    let line = Cli::DutiesOutsideMembership {
                        doctor: d.to_string(),
                        name: rules.name_of(&d).to_string(),
                        slots: slots.join(", "),
                        first: first.clone(),
                        year: first.get(..4).unwrap_or("YEAR").to_string(),
                    };
                    eprintln!("toban: {}", line.render(lang));
                }
                context = crate::known::context(rules, &store, year)?;
                opened = Some(store);
            }
            Err(crate::store::StoreError::InUse { .. }) => {
                eprintln!("toban: {}", Cli::CheckServeHolds.render(lang))
            }
            Err(e) => return Err(e.into()),
        }
    }
    // Rules that `toban plan` cannot plan are not OK: the planner's own first steps say why,
    // in the same words.
    let plan_cal = inputs.calendar(crate::plan::year::calendar_years(year));
    let (_, _, problem) = crate::plan::year::year_problem(rules, &plan_cal, year, &context);
    let options = crate::plan::solve::Options { time_limit_s: 2.0, ..Default::default() };
    if let Err(crate::plan::solve::PlanError::Clashes(clashes)) =
        crate::plan::solve::feasible(&problem, &options)
    {
        let msg = crate::msg::rules::RulesMsg::Unplannable { year, clashes };
        return Err(crate::rules::RulesError {
            problems: vec![crate::rules::Problem::whole(args.rules.clone(), msg)],
        }
        .into());
    }
    // And every other rota (issue 20), as `toban plan YEAR --rota ID` would plan it.
    let store = opened.as_ref().map(|s| s as &dyn crate::store::Store);
    super::rotas::check_plannable(rules, &plan_cal, year, store, &args.rules)?;
    let files: Vec<String> = inputs.rules_files.iter().map(|p| p.display().to_string()).collect();
    let calendars: Vec<String> =
        inputs.calendar_files.iter().map(|p| p.display().to_string()).collect();
    if format == Format::Json {
        return print_json(&json!({
            "ok": true,
            "rules_files": files,
            "calendar_files": calendars,
            "association": {
                "id": rules.association.id,
                "name": rules.association.name,
                "time_zone": rules.association.tz.name(),
                "language": rules.association.language,
                "plan_year_start": rules.association.plan_year_start.to_string(),
            },
            "members": {
                "doctors": rules.doctors.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
                "hospitals": rules.hospitals.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
                "nurse_stations": rules.nurse_stations.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
                "admins": rules.admins.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            },
            "plan_year": py,
        }));
    }
    let ok = Cli::RulesOk { files: files.join(", "), calendars: calendars.join(", ") };
    println!("{}", ok.render(lang));
    println!();
    print!("{}", summary(rules, lang));
    println!();
    print!("{}", doctor_table(rules, lang));
    println!();
    print!("{}", slot_table(rules, &py, &cal, lang));
    println!();
    println!("{}", Cli::CheckNext(year).render(lang));
    Ok(())
}

/// The plan year after the one that contains `now`: the year an admin plans next.
pub(super) fn next_plan_year(inputs: &super::Inputs, now: DateTime<Utc>) -> i32 {
    let local = now.with_timezone(&inputs.rules.association.tz);
    let y = chrono::Datelike::year(&local);
    let cal = inputs.calendar((y - 2)..=(y + 2));
    plan_year_of(&inputs.rules, &cal, &local).year + 1
}

fn summary(rules: &Rules, lang: Lang) -> String {
    let a = &rules.association;
    let h = &rules.handover;
    let w = &rules.weights;
    let e = &rules.escalation;
    let n = rules.doctors.len();
    let exempt = match rules.exemption {
        ExemptWindow::Rotation => {
            Cli::ExemptionRule { slots: rules.exempt_slots(n) as usize, rotation: true }
        }
        ExemptWindow::Slots(s) => Cli::ExemptionRule { slots: s as usize, rotation: false },
    };
    let periods: Vec<String> = rules
        .holiday_periods
        .iter()
        .map(|p| {
            Cli::PeriodRule {
                id: p.id.to_string(),
                name: p.name.clone(),
                start: p.start.to_string(),
                end: p.end.to_string(),
                weight: p.weight,
                extended: p.extend_over_public_holidays,
            }
            .render(lang)
        })
        .collect();
    let hospitals: Vec<&str> = rules.hospitals.iter().map(|h| h.id.as_str()).collect();
    let mut t = Table::new(&["", ""]);
    let mut add = |k: Cli, v: String| t.row(vec![k.render(lang), v]);
    add(
        Cli::KeyAssociation,
        format!("{} ({}), {}, {:?}", a.name, a.id, a.tz.name(), a.language)
            .replace("Ja", "ja")
            .replace("En", "en"),
    );
    add(
        Cli::KeyDuty,
        Cli::DutyRule {
            weekday: h.weekday.num_days_from_monday(),
            time: h.time.format("%H:%M").to_string(),
            per_slot: rules.doctors_per_slot as usize,
            gap: rules.min_gap_slots as usize,
            year_start: a.plan_year_start.to_string(),
        }
        .render(lang),
    );
    add(
        Cli::KeyWeights,
        Cli::WeightsRule { regular: w.regular_slot, holiday_day: w.public_holiday_day }
            .render(lang),
    );
    add(Cli::KeyExemption, exempt.render(lang));
    add(Cli::KeyPeriods, crate::msg::words::clauses(&periods, lang));
    add(
        Cli::KeyEscalation,
        Cli::EscalationRule {
            attending: e.attending_minutes,
            duty: e.duty_doctor_minutes,
            hospital: e.hospital_minutes,
            hospitals: hospitals.join(" → "),
        }
        .render(lang),
    );
    add(
        Cli::KeyMembers,
        Cli::MembersRule {
            doctors: n,
            hospitals: rules.hospitals.len(),
            stations: rules.nurse_stations.len(),
            admins: rules.admins.len(),
        }
        .render(lang),
    );
    t.render().lines().skip(1).map(|l| format!("{l}\n")).collect()
}

/// An instant as a table cell, for people: 「3月9日(火) 9:00」 in `year` (the plan year shown),
/// 「2026年12月29日(火) 9:00」 outside it, "Tue 9 Mar 2027 09:00" in English.
pub(super) fn stamp(lang: Lang, t: &DateTime<Tz>, year: i32) -> String {
    crate::msg::When(*t).human(lang, Some(year))
}

fn doctor_table(rules: &Rules, lang: Lang) -> String {
    let mut t = Table::cols(
        lang,
        &[Col::Doctor, Col::FullName, Col::Clinic, Col::Fte, Col::Joined, Col::Left],
    );
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| crate::msg::Day(d).human(lang, None)).unwrap_or_else(|| "-".into())
    };
    for d in &rules.doctors {
        t.row(vec![
            d.id.to_string(),
            d.name.clone(),
            d.clinic.clone(),
            format!("{:.2}", d.fte),
            date(d.joined),
            date(d.left),
        ]);
    }
    t.render()
}

fn slot_table(
    rules: &Rules,
    py: &PlanYear,
    cal: &crate::calendar::HolidayCalendar,
    lang: Lang,
) -> String {
    let fmt = |t: &DateTime<Tz>| stamp(lang, t, py.year);
    let mut t = Table::cols(
        lang,
        &[Col::Slot, Col::Start, Col::End, Col::Days, Col::Kind, Col::Weight, Col::PublicHolidays],
    );
    for s in &py.slots {
        let kind = match &s.kind {
            SlotKind::Regular => Cli::Regular.render(lang),
            SlotKind::Holiday(id) => {
                let name = rules.holiday_period(id).map(|p| p.name.as_str()).unwrap_or("");
                format!("{id} {name}")
            }
        };
        let holidays: Vec<String> = s
            .holidays
            .iter()
            .map(|d| {
                let name = cal.between(*d, *d).next().map(|h| h.name.as_str()).unwrap_or("");
                format!("{} {name}", crate::msg::Day(*d).human(lang, Some(py.year)))
            })
            .collect();
        t.row(vec![
            s.id.clone(),
            fmt(&s.start),
            fmt(&s.end),
            s.days().to_string(),
            kind,
            s.weight.to_string(),
            holidays.join(", "),
        ]);
    }
    let (start, end) = match (py.start(), py.end()) {
        (Some(a), Some(b)) => (fmt(&a), fmt(&b)),
        _ => ("-".into(), "-".into()),
    };
    let holiday_slots = py.slots.iter().filter(|s| s.kind != SlotKind::Regular).count();
    let total: u32 = py.slots.iter().map(|s| s.weight).sum();
    let line = Cli::PlanYearSummary {
        year: crate::msg::words::YearLabel::of(rules, py.year),
        tz: rules.association.tz.name().to_string(),
        slots: py.slots.len(),
        holiday: holiday_slots,
        start,
        end,
        points: total,
    };
    format!("{}\n{}", line.render(lang), t.render())
}
