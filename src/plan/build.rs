//! Building the [`Problem`] of a plan year from rules, slots, what is already known and the
//! ledger. Everything the solver, the bound and the checker need is resolved here, once.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::ledger::{Ledger, largest_remainder};
use super::{PDoctor, PSlot, Problem, Role};
use crate::calendar::{PlanYear, Slot};
use crate::rules::Rules;

/// A doctor's absence, dates inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Away {
    /// Doctor id.
    pub doctor: String,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// Only a request ("prefer not"): the doctor stays available.
    pub soft: bool,
}

/// What the problem is built from.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// The previous plan year's slots (its tail constrains the start of this year).
    pub prev: &'a PlanYear,
    /// The plan year's slots.
    pub this: &'a PlanYear,
    /// The next plan year's slots (its early holiday slots are reserved now).
    pub next: &'a PlanYear,
    /// Who did or holds each known slot, by slot id: the previous year's duties, reservations
    /// made when the previous year was planned, slots frozen or kept on re-plan.
    pub known: &'a BTreeMap<String, Vec<String>>,
    /// Slot ids of this year and the next whose `known` doctors must be kept (pinned).
    pub pinned: &'a [String],
    /// Absences.
    pub away: &'a [Away],
    /// The ledger of the years before this one.
    pub ledger: &'a Ledger,
    /// The previous plan of this year, by slot id, when re-planning.
    pub previous: Option<&'a BTreeMap<String, Vec<String>>>,
    /// Points of this year's partial covers in pinned slots, by doctor id (see
    /// [`crate::plan::year::Context::parts`]).
    pub parts: &'a BTreeMap<String, i64>,
}

/// Builds the problem. Doctors are those in the rules who are members on at least one day of
/// the plan year, in rules order.
pub fn build(inputs: &Inputs) -> Problem {
    let rules = inputs.rules;
    let k = rules.doctors_per_slot as usize;
    let (first, last) = year_days(inputs.this);
    let doctors_in: Vec<&crate::rules::Doctor> = rules
        .doctors
        .iter()
        .filter(|d| d.joined.is_none_or(|j| j < last) && d.left.is_none_or(|l| l >= first))
        .collect();
    let exempt = rules.exempt_slots(doctors_in.len()) as usize;
    let before_len = exempt.max(rules.min_gap_slots as usize);
    let mut slots: Vec<PSlot> = Vec::new();
    let prev_tail = inputs.prev.slots.len().saturating_sub(before_len);
    slots.extend(
        inputs.prev.slots[prev_tail..].iter().map(|s| pslot(s, Role::Before, inputs.prev.year)),
    );
    slots.extend(inputs.this.slots.iter().map(|s| pslot(s, Role::Plan, inputs.this.year)));
    let reserve_until = inputs
        .next
        .slots
        .iter()
        .take(exempt)
        .rposition(|s| s.kind != crate::calendar::SlotKind::Regular);
    if let Some(r) = reserve_until {
        slots.extend(
            inputs.next.slots[..=r].iter().map(|s| pslot(s, Role::Reserve, inputs.next.year)),
        );
    }
    let index_of = |id: &str| doctors_in.iter().position(|d| d.id.as_str() == id);
    let indices = |ids: &Vec<String>| {
        let mut v: Vec<usize> = ids.iter().filter_map(|id| index_of(id)).collect();
        v.sort_unstable();
        v
    };
    let fixed: Vec<Vec<usize>> = slots
        .iter()
        .map(|s| {
            let keep = s.role == Role::Before || inputs.pinned.contains(&s.id);
            match inputs.known.get(&s.id) {
                Some(ids) if keep => indices(ids),
                _ => Vec::new(),
            }
        })
        .collect();
    let previous = inputs
        .previous
        .map(|p| slots.iter().map(|s| p.get(&s.id).map(indices).unwrap_or_default()).collect());
    let doctors: Vec<PDoctor> = doctors_in
        .iter()
        .map(|d| {
            let entry = inputs.ledger.entry(d.id.as_str());
            PDoctor {
                id: d.id.clone(),
                name: d.name.clone(),
                fte: d.fte,
                balance: entry.map_or(0, |e| e.balance),
                parts: inputs.parts.get(d.id.as_str()).copied().unwrap_or(0),
                available: slots.iter().map(|s| available(d, s, inputs.away)).collect(),
                last_holiday: entry
                    .map(|e| e.last.iter().filter_map(|(k, v)| v.map(|y| (k.clone(), y))).collect())
                    .unwrap_or_default(),
                holiday_count: entry.map_or(0, |e| e.holiday_count()),
                holiday_owed: entry.map(|e| e.owed.clone()).unwrap_or_default(),
                prefers_not: slots.iter().map(|s| overlaps(d, s, inputs.away, true)).collect(),
            }
        })
        .collect();
    let targets = targets(&slots, &doctors, k);
    Problem {
        year: inputs.this.year,
        k,
        min_gap: rules.min_gap_slots as usize,
        exempt,
        slots,
        doctors,
        fixed,
        targets,
        previous,
    }
}

fn year_days(py: &PlanYear) -> (NaiveDate, NaiveDate) {
    let first = py.slots.first().map(Slot::start_date).unwrap_or(NaiveDate::MIN);
    let last = py.slots.last().map(Slot::end_date).unwrap_or(NaiveDate::MIN);
    (first, last)
}

fn pslot(s: &Slot, role: Role, year: i32) -> PSlot {
    PSlot {
        id: s.id.clone(),
        start: s.start_date(),
        end: s.end_date(),
        kind: s.kind.clone(),
        weight: s.weight,
        holidays: s.holidays.len() as u32,
        role,
        year,
    }
}

/// A member for every day of the slot (the days from its start date up to its end date,
/// exclusive: the end date's morning belongs to the handover) and away on none of them.
fn available(d: &crate::rules::Doctor, s: &PSlot, away: &[Away]) -> bool {
    let last_day = s.end.pred_opt().unwrap_or(s.end);
    d.is_member_on(s.start) && d.is_member_on(last_day) && !overlaps(d, s, away, false)
}

/// Whether an absence (`soft` or hard) of `d` touches a day of slot `s`.
fn overlaps(d: &crate::rules::Doctor, s: &PSlot, away: &[Away], soft: bool) -> bool {
    let last_day = s.end.pred_opt().unwrap_or(s.end);
    away.iter().any(|a| {
        a.soft == soft && a.doctor == d.id.as_str() && a.from <= last_day && s.start <= a.to
    })
}

/// Integer fair shares of the year's points: FTE × the share of the year's points the doctor is
/// available for.
fn targets(slots: &[PSlot], doctors: &[PDoctor], k: usize) -> Vec<i64> {
    let plan: Vec<usize> = (0..slots.len()).filter(|&s| slots[s].role == Role::Plan).collect();
    let total: i64 = plan.iter().map(|&s| i64::from(slots[s].weight)).sum::<i64>() * k as i64;
    let shares: Vec<f64> = doctors
        .iter()
        .map(|d| {
            let avail: u32 =
                plan.iter().filter(|&&s| d.available[s]).map(|&s| slots[s].weight).sum();
            d.fte * f64::from(avail)
        })
        .collect();
    largest_remainder(total, &shares)
}
