//! One function per subcommand: load, compute with the pure rooms, print.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use super::table::Table;
use super::{Args, Format, load_inputs};
use crate::calendar::slots::{calendar_years_for, plan_year_of};
use crate::calendar::{PlanYear, SlotKind, plan_year};
use crate::rules::{ExemptWindow, Rules};

fn inputs(args: &Args) -> anyhow::Result<super::Inputs> {
    load_inputs(&args.rules, args.calendars.as_deref())
}

fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// `toban holidays YEAR`.
pub fn holidays(args: &Args, year: i32, format: Format) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    let list = inputs.calendar(year..=year).of_year(year);
    match format {
        Format::Json => print_json(&list),
        Format::Table => {
            let mut t = Table::new(&["date", "day", "name", "source"]);
            for h in &list {
                let source: String = h.source.clone().into();
                t.row(vec![
                    h.date.to_string(),
                    h.date.format("%a").to_string(),
                    h.name.clone(),
                    source,
                ]);
            }
            print!("{}", t.render());
            println!("{} public holidays in {year}", list.len());
            Ok(())
        }
    }
}

/// `toban slots YEAR`.
pub fn slots(args: &Args, year: i32, format: Format) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    let cal = inputs.calendar(calendar_years_for(year));
    let py = plan_year(&inputs.rules, &cal, year);
    match format {
        Format::Json => print_json(&py),
        Format::Table => {
            print!("{}", slot_table(&inputs.rules, &py, &cal));
            Ok(())
        }
    }
}

/// `toban check`: validate, summarise, and show the slots of a plan year.
pub fn check(args: &Args, year: Option<i32>, format: Format) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    let rules = &inputs.rules;
    let year = year.unwrap_or_else(|| next_plan_year(&inputs, Utc::now()));
    let cal = inputs.calendar(calendar_years_for(year));
    let py = plan_year(rules, &cal, year);
    // A member with records cannot vanish from the rules (compared when the store can be read).
    if args.data.is_dir() {
        match crate::store::SledStore::open(&args.data) {
            Ok(store) => {
                if let Some(refusal) = crate::known::vanished_refusal(rules, &store)? {
                    return Err(crate::rules::RulesError {
                        problems: vec![crate::rules::Problem::whole(args.rules.clone(), refusal)],
                    }
                    .into());
                }
                let now = super::clock::now()?;
                for (d, slots) in crate::known::duties_outside_membership(rules, &store, now)? {
                    let first = &slots[0];
                    eprintln!(
                        "toban: warning: {d} ({}) holds published duties outside their membership: {}; cover them (`toban cover {first} {d} OTHER`) or re-plan (`toban plan {} --replan-from {first}`)",
                        rules.name_of(&d),
                        slots.join(", "),
                        first.get(..4).unwrap_or("YEAR")
                    );
                }
            }
            Err(crate::store::StoreError::InUse { .. }) => eprintln!(
                "toban: note: `toban serve` holds the store, so the rules were not compared with its records (serve does that itself when the rules change)"
            ),
            Err(e) => return Err(e.into()),
        }
    }
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
    let calendars = if calendars.is_empty() { "none".to_string() } else { calendars.join(", ") };
    println!("rules OK: {}  (calendars: {calendars})", files.join(", "));
    println!();
    print!("{}", summary(rules));
    println!();
    print!("{}", doctor_table(rules));
    println!();
    print!("{}", slot_table(rules, &py, &cal));
    println!();
    println!(
        "next: `toban slots {year} --format json` for scripts, `toban holidays {year}` for the holidays used"
    );
    Ok(())
}

/// The plan year after the one that contains `now`: the year an admin plans next.
pub(super) fn next_plan_year(inputs: &super::Inputs, now: DateTime<Utc>) -> i32 {
    let local = now.with_timezone(&inputs.rules.association.tz);
    let y = chrono::Datelike::year(&local);
    let cal = inputs.calendar((y - 2)..=(y + 2));
    plan_year_of(&inputs.rules, &cal, &local).year + 1
}

fn summary(rules: &Rules) -> String {
    let a = &rules.association;
    let h = &rules.handover;
    let w = &rules.weights;
    let e = &rules.escalation;
    let n = rules.doctors.len();
    let exempt = match rules.exemption {
        ExemptWindow::Rotation => {
            format!("{} slots (one rotation) before a holiday duty", rules.exempt_slots(n))
        }
        ExemptWindow::Slots(s) => format!("{s} slots before a holiday duty"),
    };
    let periods: Vec<String> = rules
        .holiday_periods
        .iter()
        .map(|p| {
            let ext =
                if p.extend_over_public_holidays { ", extended over public holidays" } else { "" };
            format!("{} {} {}..{} ({} points{ext})", p.id, p.name, p.start, p.end, p.weight)
        })
        .collect();
    let hospitals: Vec<&str> = rules.hospitals.iter().map(|h| h.id.as_str()).collect();
    let mut t = Table::new(&["", ""]);
    let mut add = |k: &str, v: String| t.row(vec![k.to_string(), v]);
    add(
        "association",
        format!("{} ({}), {}, {:?}", a.name, a.id, a.tz.name(), a.language)
            .replace("Ja", "ja")
            .replace("En", "en"),
    );
    add(
        "duty",
        format!(
            "handover {} {}, {} per slot, at least {} between duties, plan year from {}",
            h.weekday,
            h.time.format("%H:%M"),
            plural(rules.doctors_per_slot as usize, "doctor"),
            plural(rules.min_gap_slots as usize, "slot"),
            a.plan_year_start
        ),
    );
    add(
        "weights",
        format!(
            "regular {} points, +{} per public holiday in a regular slot",
            w.regular_slot, w.public_holiday_day
        ),
    );
    add("exemption", exempt);
    add("holiday periods", periods.join("; "));
    add(
        "escalation",
        format!(
            "attending {} min → duty doctor {} min → each hospital {} min ({}) → 119 advice and admin alert",
            e.attending_minutes,
            e.duty_doctor_minutes,
            e.hospital_minutes,
            hospitals.join(" → ")
        ),
    );
    add(
        "members",
        format!(
            "{}, {}, {}, {}",
            plural(n, "doctor"),
            plural(rules.hospitals.len(), "backup hospital"),
            plural(rules.nurse_stations.len(), "nurse station"),
            plural(rules.admins.len(), "admin")
        ),
    );
    t.render().lines().skip(1).map(|l| format!("{l}\n")).collect()
}

fn doctor_table(rules: &Rules) -> String {
    let mut t = Table::new(&["doctor", "name", "clinic", "fte", "joined", "left"]);
    let date =
        |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
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

fn slot_table(rules: &Rules, py: &PlanYear, cal: &crate::calendar::HolidayCalendar) -> String {
    let fmt = |t: &DateTime<Tz>| t.format("%Y-%m-%d %a %H:%M").to_string();
    let mut t = Table::new(&["slot", "start", "end", "days", "kind", "weight", "public holidays"]);
    for s in &py.slots {
        let kind = match &s.kind {
            SlotKind::Regular => "regular".to_string(),
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
                format!("{} {name}", d.format("%m-%d"))
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
    format!(
        "plan year {} ({}): {} slots ({} holiday), {} → {}, {} load points\n{}",
        py.year,
        rules.association.tz.name(),
        py.slots.len(),
        holiday_slots,
        start,
        end,
        total,
        t.render()
    )
}

/// "1 doctor", "2 doctors".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
