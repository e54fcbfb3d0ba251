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
        parts: Vec::new(),
    };
    let f = &plan.planned.figures;
    RotaRecord {
        rota: crate::rules::RotaId::main(),
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
            holidays_bound: plan.planned.holidays_bound,
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
        base: None,
        replan_from: None,
    }
}

/// Each slot's doctors (slots and reserved), sorted: the order within a slot is no change.
pub fn doctors_by_slot(rota: &RotaRecord) -> BTreeMap<String, Vec<String>> {
    rota.slots
        .iter()
        .chain(&rota.reserved)
        .map(|s| {
            let mut d = s.doctors.clone();
            d.sort();
            (s.id.clone(), d)
        })
        .collect()
}

/// `draft` brought onto the changes made to `published` since the draft was made (its
/// `base`): a slot swapped or covered since, which the draft left as it was, takes the
/// published doctors (the swap is kept). Returns the slots so kept.
///
/// # Errors
/// The slots both the draft and a later swap or cover changed: nothing is decided for the
/// office; the draft is left as it was.
pub fn rebase(draft: &mut RotaRecord, published: &RotaRecord) -> Result<Vec<String>, Vec<String>> {
    let Some(base) = draft.base.clone() else { return Ok(Vec::new()) };
    let now = doctors_by_slot(published);
    let mine = doctors_by_slot(draft);
    let (mut kept, mut clashes) = (Vec::new(), Vec::new());
    for (slot, doctors) in &now {
        let was = base.get(slot).cloned().unwrap_or_default();
        if *doctors == was {
            continue; // not changed since the draft was made
        }
        match mine.get(slot) {
            Some(d) if *d == was => kept.push(slot.clone()),
            Some(d) if d == doctors => {}
            _ => clashes.push(slot.clone()),
        }
    }
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let source: BTreeMap<&str, &Vec<String>> = published
        .slots
        .iter()
        .chain(&published.reserved)
        .map(|s| (s.id.as_str(), &s.doctors))
        .collect();
    for s in draft.slots.iter_mut().chain(draft.reserved.iter_mut()) {
        if kept.contains(&s.id)
            && let Some(d) = source.get(s.id.as_str())
        {
            s.doctors = (*d).clone();
        }
    }
    draft.base = Some(now);
    draft.recount();
    Ok(kept)
}

/// Carries the partial covers of `published` (issue 20) into `draft` where the slot still has
/// the covered doctor and not the colleague: a re-plan keeps them like a swap. Returns whether
/// the draft changed.
pub fn carry_parts(draft: &mut RotaRecord, published: &RotaRecord) -> bool {
    let mut changed = false;
    for s in draft.slots.iter_mut() {
        let Some(old) = published.slots.iter().find(|o| o.id == s.id) else { continue };
        for p in &old.parts {
            let fits = s.doctors.contains(&p.doctor) && !s.doctors.contains(&p.by);
            if fits && !s.parts.contains(p) {
                s.parts.push(p.clone());
                changed = true;
            }
        }
    }
    if changed {
        draft.recount();
    }
    changed
}

/// A partial cover of the published rota (issue 20) that `draft` cannot keep: the part belongs
/// to the published slot's doctors, and the draft gives the slot to others
/// (`now` no longer holds the covered doctor) or to the colleague who covered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedPart {
    /// The slot.
    pub slot: String,
    /// The cover as published.
    pub part: crate::store::CoverPart,
    /// The slot's doctors in the draft.
    pub now: Vec<String>,
}

/// The partial covers of `published` that [`carry_parts`] would not carry into `draft`, in
/// slot order: said in the diff and on publishing, and audited then, never dropped silently.
/// Nothing started is among them: a re-plan pins every started slot, and publishing refuses a
/// draft that changes one ([`started_changes`]).
pub fn dropped_parts(published: &RotaRecord, draft: &RotaRecord) -> Vec<DroppedPart> {
    let mut out = Vec::new();
    for old in &published.slots {
        let Some(s) = draft.slots.iter().find(|s| s.id == old.id) else { continue };
        for p in &old.parts {
            if !s.doctors.contains(&p.doctor) || s.doctors.contains(&p.by) {
                let now = s.doctors.clone();
                out.push(DroppedPart { slot: s.id.clone(), part: p.clone(), now });
            }
        }
    }
    out
}

/// The slots `draft` would change that have started at `now` (their doctors differ from
/// `published`'s, order within a slot aside).
pub fn started_changes(
    draft: &RotaRecord,
    published: &RotaRecord,
    now: DateTime<Utc>,
) -> Vec<String> {
    let before = doctors_by_slot(published);
    let after = doctors_by_slot(draft);
    draft
        .slots
        .iter()
        .chain(&draft.reserved)
        .filter(|s| s.start.with_timezone(&Utc) <= now)
        .filter(|s| before.get(&s.id) != after.get(&s.id))
        .map(|s| s.id.clone())
        .collect()
}

/// The earliest date a re-plan may start from at `now`: the day after the start of the last
/// slot that has started (its wall-clock date), so no started slot is planned again.
pub fn earliest_replan(rota: &RotaRecord, now: DateTime<Utc>) -> Option<chrono::NaiveDate> {
    rota.slots
        .iter()
        .chain(&rota.reserved)
        .filter(|s| s.start.with_timezone(&Utc) <= now)
        .map(|s| s.start.date_naive())
        .max()
        .and_then(|d| d.succ_opt())
}

/// Adds a re-plan from `from` of `base` to `ctx`: its slots starting before `from` and its
/// frozen slots are pinned, and it becomes the previous plan that stability is measured against.
pub fn replan_context(
    ctx: &mut Context,
    base: &RotaRecord,
    from: chrono::NaiveDate,
    now: DateTime<Utc>,
) {
    let mut previous = BTreeMap::new();
    for s in &base.slots {
        previous.insert(s.id.clone(), s.doctors.clone());
        // Nothing that has started is planned again, whatever the date given.
        let started = s.start.with_timezone(&Utc) <= now;
        if started || s.start.date_naive() < from || base.frozen.contains(&s.id) {
            ctx.known.insert(s.id.clone(), s.doctors.clone());
            ctx.pinned.push(s.id.clone());
            // Its partial covers stay too: their points go to whoever covered the days.
            for p in &s.parts {
                *ctx.parts.entry(p.by.clone()).or_default() += i64::from(p.points);
                *ctx.parts.entry(p.doctor.clone()).or_default() -= i64::from(p.points);
            }
        }
    }
    for s in &base.reserved {
        ctx.known.insert(s.id.clone(), s.doctors.clone());
        ctx.pinned.push(s.id.clone());
    }
    ctx.previous = Some(previous);
}

/// The duties whose doctors differ from `a` to `b`, as the office reads them (issue 18): by
/// their days and id, doctors by name. One function for the command line and the console.
pub fn changed_duties(
    rules: &crate::rules::Rules,
    a: &RotaRecord,
    b: &RotaRecord,
) -> Vec<crate::msg::rota_diff::DutyChanged> {
    let names = crate::msg::audit::Names::of(rules);
    differences(a, b)
        .into_iter()
        .map(|(slot, before, after)| crate::msg::rota_diff::DutyChanged {
            duty: crate::partial::slot_ref_in(rules, b, &slot),
            before,
            after,
            names: names.clone(),
        })
        .collect()
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
            let sorted = |v: &[String]| {
                let mut v = v.to_vec();
                v.sort();
                v
            };
            // The order within a slot is no change.
            (sorted(&old) != sorted(&s.doctors)).then(|| (s.id.clone(), old, s.doctors.clone()))
        })
        .collect()
}
#[cfg(test)]
mod rebase_tests {
    use super::*;
    use crate::store::records::fixtures::rota;

    fn set(r: &mut RotaRecord, slot: &str, doctors: &[&str]) {
        let s = r.slots.iter_mut().find(|s| s.id == slot).unwrap();
        s.doctors = doctors.iter().map(|d| d.to_string()).collect();
    }

    #[test]
    fn a_swap_made_after_the_draft_is_kept_and_a_clash_is_named() {
        let published = rota(2027);
        let mut draft = published.clone();
        draft.status = RotaStatus::Draft;
        draft.base = Some(doctors_by_slot(&published));
        // The draft changes w02; a later swap changes w01.
        set(&mut draft, "2027-w02", &["d05", "d03"]);
        let mut now = published.clone();
        set(&mut now, "2027-w01", &["d09"]);
        let mut rebased = draft.clone();
        assert_eq!(rebase(&mut rebased, &now), Ok(vec!["2027-w01".to_string()]));
        assert_eq!(doctors_by_slot(&rebased)["2027-w01"], ["d09"]);
        assert_eq!(doctors_by_slot(&rebased)["2027-w02"], ["d03", "d05"], "the draft's own change");
        // A later swap of w02 too: both changed it, nothing is decided for the office.
        set(&mut now, "2027-w02", &["d07", "d03"]);
        let mut clash = draft.clone();
        assert_eq!(rebase(&mut clash, &now), Err(vec!["2027-w02".to_string()]));
        assert_eq!(clash, draft, "left as it was");
        // The order within a slot is no change.
        let mut reordered = published.clone();
        set(&mut reordered, "2027-w02", &["d03", "d02"]);
        assert!(differences(&published, &reordered).is_empty());
    }

    fn part(doctor: &str, by: &str) -> crate::store::CoverPart {
        let s = rota(2027).slots[1].clone();
        crate::store::CoverPart {
            doctor: doctor.into(),
            by: by.into(),
            from: s.start.date_naive(),
            to: s.start.date_naive(),
            start: s.start,
            end: s.end,
            points: 1,
            holidays: Vec::new(),
        }
    }

    // Found by the issue 20 work: a re-plan within the year counted a pinned slot's whole
    // weight to its doctor, though a colleague had covered some of its days and earned them.
    #[test]
    fn a_replan_counts_the_partial_covers_of_its_pinned_slots_to_whoever_covered_them() {
        let mut base = rota(2027);
        base.frozen.clear();
        base.slots[1].parts = vec![part("d02", "d05")];
        let w02 = base.slots[1].start.date_naive();
        let before = base.slots[0].start.with_timezone(&Utc) - chrono::Duration::days(1);
        // From after w02: w02 is pinned, its part counts.
        let mut ctx = Context::default();
        replan_context(&mut ctx, &base, w02 + chrono::Duration::days(1), before);
        assert_eq!(ctx.parts, [("d02".to_string(), -1), ("d05".to_string(), 1)].into());
        // From w02 on (nothing started): w02 is planned again, its part is not counted.
        let mut ctx = Context::default();
        replan_context(&mut ctx, &base, w02, before);
        assert!(ctx.parts.is_empty(), "{:?}", ctx.parts);
    }

    #[test]
    fn a_cover_whose_slot_keeps_its_doctor_is_carried_and_one_that_cannot_stand_is_named() {
        let mut published = rota(2027);
        let slot = published.slots[1].id.clone();
        let doctor = published.slots[1].doctors[0].clone();
        published.slots[1].parts = vec![part(&doctor, "d09")];
        let draft = || {
            let mut d = published.clone();
            d.status = RotaStatus::Draft;
            for s in &mut d.slots {
                s.parts.clear();
            }
            d
        };
        // Kept: the re-plan leaves the slot's doctor.
        let mut same = draft();
        assert!(dropped_parts(&published, &same).is_empty());
        assert!(carry_parts(&mut same, &published));
        assert_eq!(same.slots[1].parts, published.slots[1].parts);
        // Another doctor: the cover cannot stand, and is named with the slot's new doctors.
        let mut other = draft();
        set(&mut other, &slot, &["d08"]);
        let dropped = dropped_parts(&published, &other);
        assert_eq!(dropped.len(), 1);
        assert_eq!(
            (dropped[0].slot.as_str(), dropped[0].now.clone()),
            (slot.as_str(), vec!["d08".into()])
        );
        assert_eq!(dropped[0].part, published.slots[1].parts[0]);
        assert!(!carry_parts(&mut other, &published));
        // The colleague who covered becomes the slot's doctor: dropped too.
        let mut theirs = draft();
        set(&mut theirs, &slot, &[doctor.as_str(), "d09"]);
        assert_eq!(dropped_parts(&published, &theirs).len(), 1);
    }

    #[test]
    fn reordering_is_no_change() {
        let published = rota(2027);
        let mut reordered = published.clone();
        set(&mut reordered, "2027-w02", &["d03", "d02"]);
        assert!(differences(&published, &reordered).is_empty());
    }
}
