//! Years with partial covers, for the tests and the planner benchmark: a published year whose
//! first part has some days covered by colleagues, the re-plan of that year from a date, and
//! the next year planned on a ledger that carries those parts. One construction, so the
//! benchmark's figures and the tests that pin them are of the same instances.

use chrono::NaiveDate;

use crate::plan::ledger::{self, Duty, YearTargets};
use crate::plan::year::{Context, YearPlan};
use crate::rules::Rules;

/// The ledger duties of `base` as published, where a colleague (the next doctor in the rules)
/// covers two days of every fifth regular slot that starts before `from`: they earn those days'
/// points pro rata, not a turn; the doctor keeps the turn and the rest (as `toban cover --from
/// --to`).
pub fn with_partial_covers(rules: &Rules, base: &YearPlan, from: NaiveDate) -> Vec<Duty> {
    let by_slot = base.doctors_by_slot();
    let year = base.problem.year;
    let ids: Vec<&str> = rules.doctors.iter().map(|d| d.id.as_str()).collect();
    let mut duties = Vec::new();
    for (i, s) in base.year.slots.iter().enumerate() {
        let duty = |doctor: &str, weight: u32, holidays: u32, turn: bool| Duty {
            year,
            slot_start: s.start_date(),
            slot_end: s.end_date(),
            doctor: doctor.to_string(),
            kind: s.kind.as_str().to_string(),
            weight,
            holidays,
            turn,
        };
        let days = (s.end_date() - s.start_date()).num_days().max(1) as u32;
        for doctor in by_slot.get(&s.id).into_iter().flatten() {
            let covered = i % 5 == 0 && s.start_date() < from && s.holidays.is_empty();
            if !covered {
                duties.push(duty(doctor, s.weight, s.holidays.len() as u32, true));
                continue;
            }
            let at = ids.iter().position(|x| x == doctor).unwrap_or(0);
            let colleague = ids[(at + 1) % ids.len()];
            let part = (s.weight * 2 + days / 2) / days;
            duties.push(duty(doctor, s.weight - part, 0, true));
            duties.push(duty(colleague, part, 0, false));
        }
    }
    duties
}

/// How many partial covers `duties` holds.
pub fn parts(duties: &[Duty]) -> usize {
    duties.iter().filter(|d| !d.turn).count()
}

/// A re-plan of `base` from `from`: what started before is pinned, as `toban plan
/// --replan-from` does (see `crate::cli::planning::replan_context`); the partial covers among
/// `duties` before `from` count to whoever covered the days, as `replan_context` counts a
/// published rota's.
pub fn replan(base: &YearPlan, from: NaiveDate, duties: &[Duty]) -> Context {
    let by_slot = base.doctors_by_slot();
    let mut ctx = Context { previous: Some(by_slot.clone()), ..Context::default() };
    for s in base.year.slots.iter().filter(|s| s.start_date() < from) {
        ctx.known.insert(s.id.clone(), by_slot.get(&s.id).cloned().unwrap_or_default());
        ctx.pinned.push(s.id.clone());
    }
    for (id, doctors) in base.reserved() {
        ctx.known.insert(id.clone(), doctors);
        ctx.pinned.push(id);
    }
    for part in duties.iter().filter(|d| !d.turn && d.slot_start < from) {
        *ctx.parts.entry(part.doctor.clone()).or_default() += i64::from(part.weight);
        let owner = duties.iter().find(|d| d.turn && d.slot_start == part.slot_start);
        if let Some(owner) = owner {
            *ctx.parts.entry(owner.doctor.clone()).or_default() -= i64::from(part.weight);
        }
    }
    ctx
}

/// The next year's context: `base` as what came before, its reservations pinned, and the
/// ledger of `duties` (with their partial covers, if any).
pub fn next_year(rules: &Rules, base: &YearPlan, duties: &[Duty]) -> Context {
    let year = base.problem.year;
    let mut ctx = Context::default();
    ctx.known.extend(base.doctors_by_slot());
    for (id, doctors) in base.reserved() {
        ctx.known.insert(id.clone(), doctors);
        ctx.pinned.push(id);
    }
    let targets: YearTargets = [(
        year,
        base.planned.figures.doctors.iter().map(|d| (d.id.to_string(), d.target)).collect(),
    )]
    .into_iter()
    .collect();
    ctx.ledger = ledger::build(rules, duties, &targets, Some(year + 1));
    ctx
}
