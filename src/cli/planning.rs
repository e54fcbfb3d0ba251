//! Glue between the store and the pure planner: what is known before a year is planned, and
//! how a planned year becomes a stored rota.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::calendar::Slot;
use crate::plan::year::{Context, YearPlan};
use crate::store::{Fairness, RotaDoctor, RotaRecord, RotaSlot, RotaStatus};

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
