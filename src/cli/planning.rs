//! Glue between the store and the pure planner: what is known before a year is planned, and
//! how a planned year becomes a stored rota.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use crate::calendar::slots::rfc3339;
use crate::calendar::{PlanYear, Slot};
use crate::plan::year::{Context, YearPlan};
use crate::rules::Rules;
use crate::store::{
    DutyRecord, DutySource, Fairness, RotaDoctor, RotaRecord, RotaSlot, RotaStatus,
};

/// The stored form of a planned year, as a draft saved at `now`.
pub fn rota_record(plan: &YearPlan, now: DateTime<Utc>, seconds: f64) -> RotaRecord {
    let by_slot = plan.doctors_by_slot();
    let reserved = plan.reserved();
    let slot = |s: &Slot, doctors: Vec<String>| RotaSlot {
        id: s.id.clone(),
        start: s.start.fixed_offset(),
        end: s.end.fixed_offset(),
        kind: s.kind.as_str().to_string(),
        weight: s.weight,
        holidays: s.holidays.clone(),
        doctors,
    };
    let f = &plan.planned.figures;
    RotaRecord {
        year: plan.year.year,
        status: RotaStatus::Draft,
        saved_at: now,
        published_at: None,
        slots: plan
            .year
            .slots
            .iter()
            .map(|s| slot(s, by_slot.get(&s.id).cloned().unwrap_or_default()))
            .collect(),
        reserved: plan
            .next
            .slots
            .iter()
            .filter_map(|s| reserved.get(&s.id).map(|d| slot(s, d.clone())))
            .collect(),
        frozen: Default::default(),
        fairness: Fairness {
            range: f.range,
            bound: plan.planned.bound,
            optimal: plan.planned.optimal,
            sum_squares: f.sum_squares,
            solver: plan.planned.solver.to_string(),
            seconds,
        },
        doctors: f
            .doctors
            .iter()
            .map(|d| RotaDoctor {
                id: d.id.to_string(),
                regular: d.regular,
                holiday: d.holiday.clone(),
                load: d.load,
                target: d.target,
                balance: d.balance,
                deviation: d.deviation,
            })
            .collect(),
    }
}

/// Parses a history CSV (`slot_start,doctor,kind`, with that header) against the rules' slots.
/// Each date must be the start of a slot of the current rules, or lie inside one (paper records
/// may use the day of handover), and the kind must match that slot's kind.
///
/// # Errors
/// The file name and line of the first bad row, saying what to write instead.
pub fn parse_history(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    file: &str,
    text: &str,
) -> anyhow::Result<Vec<DutyRecord>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers =
        reader.headers().with_context(|| format!("{file}: cannot read the header line"))?.clone();
    let want = ["slot_start", "doctor", "kind"];
    if headers.iter().take(3).collect::<Vec<_>>() != want {
        anyhow::bail!(
            "{file}:1: the header must be `slot_start,doctor,kind` (found `{}`)",
            headers.iter().collect::<Vec<_>>().join(",")
        );
    }
    let mut years: BTreeMap<i32, PlanYear> = BTreeMap::new();
    let mut out: Vec<DutyRecord> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.with_context(|| format!("{file}:{line}: not a valid CSV row"))?;
        let (date, doctor, kind) =
            (row.get(0).unwrap_or(""), row.get(1).unwrap_or(""), row.get(2).unwrap_or(""));
        let date = crate::rules::parse_date(date)
            .map_err(|e| anyhow::anyhow!("{file}:{line}: slot_start: {e}"))?;
        if rules.doctor(doctor).is_none() {
            anyhow::bail!(
                "{file}:{line}: doctor '{doctor}' is not in the rules; add them as a [[doctor]] (with `left` if they have left) or fix the id"
            );
        }
        let slot = find_slot(rules, overrides, &mut years, date).ok_or_else(|| {
            anyhow::anyhow!(
                "{file}:{line}: {date} is outside the years toban can plan (2001 to 2097)"
            )
        })?;
        if slot.1.kind.as_str() != kind {
            anyhow::bail!(
                "{file}:{line}: the slot around {date} ({} to {}) is `{}` under the rules, not `{kind}`; check the date or the kind",
                rfc3339(&slot.1.start),
                rfc3339(&slot.1.end),
                slot.1.kind.as_str()
            );
        }
        if out.iter().any(|r| r.slot_start == slot.1.start_date() && r.doctor == doctor) {
            anyhow::bail!(
                "{file}:{line}: {doctor} is listed twice for the slot starting {}",
                slot.1.start_date()
            );
        }
        out.push(DutyRecord {
            slot_start: slot.1.start_date(),
            slot_end: slot.1.end_date(),
            doctor: doctor.to_string(),
            kind: kind.to_string(),
            weight: slot.1.weight,
            year: slot.0,
            source: DutySource::Import,
            holidays: slot.1.holidays.len() as u32,
            batch: None,
            imported_at: None,
        });
    }
    Ok(out)
}

/// The slot whose days include `date`, with its plan year.
fn find_slot(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    years: &mut BTreeMap<i32, PlanYear>,
    date: chrono::NaiveDate,
) -> Option<(i32, Slot)> {
    let y = chrono::Datelike::year(&date);
    for year in [y - 1, y, y + 1] {
        if !(2001..=2097).contains(&year) {
            continue;
        }
        let py = years.entry(year).or_insert_with(|| {
            let cal = crate::calendar::HolidayCalendar::build(
                crate::calendar::slots::calendar_years_for(year),
                overrides,
            );
            crate::calendar::plan_year(rules, &cal, year)
        });
        if let Some(s) = py.slots.iter().find(|s| s.start_date() <= date && date < s.end_date()) {
            return Some((year, s.clone()));
        }
    }
    None
}

/// Adds a re-plan from `from` of `base` to `ctx`: its slots starting before `from` and its
/// frozen slots are pinned, and it becomes the previous plan that stability is measured against.
pub fn replan_context(ctx: &mut Context, base: &RotaRecord, from: chrono::NaiveDate) {
    let mut previous = BTreeMap::new();
    for s in &base.slots {
        previous.insert(s.id.clone(), s.doctors.clone());
        if s.start.date_naive() < from || base.frozen.contains(&s.id) {
            ctx.known.insert(s.id.clone(), s.doctors.clone());
            ctx.pinned.push(s.id.clone());
        }
    }
    for s in &base.reserved {
        ctx.known.insert(s.id.clone(), s.doctors.clone());
        ctx.pinned.push(s.id.clone());
    }
    ctx.previous = Some(previous);
}

/// The slots whose doctors differ between two rotas of one year: `(slot id, before, after)`.
pub fn differences(a: &RotaRecord, b: &RotaRecord) -> Vec<(String, Vec<String>, Vec<String>)> {
    let before: BTreeMap<&str, &Vec<String>> =
        a.slots.iter().chain(&a.reserved).map(|s| (s.id.as_str(), &s.doctors)).collect();
    b.slots
        .iter()
        .chain(&b.reserved)
        .filter_map(|s| {
            let old = before.get(s.id.as_str()).map(|d| d.to_vec()).unwrap_or_default();
            (old != s.doctors).then(|| (s.id.clone(), old, s.doctors.clone()))
        })
        .collect()
}

#[cfg(test)]
mod hostile_input {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Any text as a history file: rows or an error naming the line, never a panic.
        #[test]
        fn any_history_text_is_read_or_refused(text in prop_oneof![
            any::<String>(),
            "slot_start,doctor,kind\n([0-9]{4}-[0-9]{2}-[0-9]{2},d[0-9]{2},(regular|new_year|golden_week|x)\n){0,4}",
        ]) {
            let rules = crate::plan::testing::sosa();
            let _ = super::parse_history(&rules, &[], "h.csv", &text);
        }
    }
}
