//! The ledger: who actually did which duty, across all years, and what that means for fairness.
//!
//! Fairness spans years: a doctor who did more than their share last year carries a positive
//! balance and is given less this year, and holiday periods rotate by the year of each doctor's
//! last duty. The ledger is recomputed from duty records (imported history and the published
//! rotas, after swaps) every time, never stored as running totals, so a corrected record
//! corrects every figure that depends on it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::rules::Rules;

/// One duty actually done (or planned and published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// The plan year of the slot.
    pub year: i32,
    /// First day of the slot.
    pub slot_start: NaiveDate,
    /// Day the slot ends (exclusive).
    pub slot_end: NaiveDate,
    /// Doctor id.
    pub doctor: String,
    /// `regular` or a holiday period id.
    pub kind: String,
    /// Load points.
    pub weight: u32,
    /// Public holidays inside the slot (or the part of it this duty is).
    pub holidays: u32,
    /// A turn of the rotation (a slot's doctor); `false` for a colleague's partial cover,
    /// which earns its points and holiday days but is not a turn (issue 20).
    pub turn: bool,
}

/// A doctor's line in the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Entry {
    /// Doctor id.
    pub id: String,
    /// Duties per category: `regular`, each holiday period id, and `public_holiday_days`.
    pub counts: BTreeMap<String, u32>,
    /// Load points over all years.
    pub points: i64,
    /// Σ over past years of (load − target), in points: positive means more than their share.
    pub balance: i64,
    /// Per holiday period: the plan year of the last duty (`null` in JSON if never).
    pub last: BTreeMap<String, Option<i32>>,
    /// Per holiday period: turns owed, in millionths of a turn. Each duty of the period adds
    /// its share (1 / the doctors who were members that day) to every member and takes a whole
    /// turn from whoever did it. In a plain rotation the figures of those who have had their
    /// turn this round are equal, and one turn below those still waiting; a doctor who took a
    /// colleague's turn (a swap, a cover, an absence) is a turn lower, the colleague a turn
    /// higher, so the queue makes it up. A newcomer starts at 0, neither owing nor owed.
    pub owed: BTreeMap<String, i64>,
}

impl Entry {
    /// Holiday-period duties over all years.
    pub fn holiday_count(&self) -> u32 {
        self.counts
            .iter()
            .filter(|(k, _)| *k != "regular" && *k != "public_holiday_days")
            .map(|(_, v)| v)
            .sum()
    }
}

/// The ledger before a given plan year.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ledger {
    /// One entry per doctor in the rules, in rules order.
    pub doctors: Vec<Entry>,
    /// The plan years the ledger covers.
    pub years: Vec<i32>,
}

impl Ledger {
    /// A doctor's entry.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.doctors.iter().find(|e| e.id == id)
    }
}

/// One holiday turn in [`Entry::owed`]'s units.
pub const TURN: i64 = 1_000_000;

/// Each doctor's target per plan year, for the years toban planned: year → doctor id → points.
pub type YearTargets = BTreeMap<i32, BTreeMap<String, i64>>;

/// Builds the ledger from `duties` of plan years before `before` (all years if `None`).
///
/// `targets` gives, for years planned by toban, each doctor's target as saved with the rota;
/// other years (imported from paper) are shared out here: the year's points in proportion to
/// FTE among the doctors who were members on its first duty day, with integer targets by
/// largest remainder. Duties of doctors no longer in the rules are kept out of the entries.
pub fn build(rules: &Rules, duties: &[Duty], targets: &YearTargets, before: Option<i32>) -> Ledger {
    let duties: Vec<&Duty> = duties.iter().filter(|d| before.is_none_or(|b| d.year < b)).collect();
    let mut years: Vec<i32> = duties.iter().map(|d| d.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut entries: Vec<Entry> = rules
        .doctors
        .iter()
        .map(|d| Entry {
            id: d.id.to_string(),
            last: rules.holiday_periods.iter().map(|p| (p.id.clone(), None)).collect(),
            owed: rules.holiday_periods.iter().map(|p| (p.id.clone(), 0)).collect(),
            ..Entry::default()
        })
        .collect();
    for duty in &duties {
        let Some(e) = entries.iter_mut().find(|e| e.id == duty.doctor) else { continue };
        *e.counts.entry("public_holiday_days".into()).or_default() += duty.holidays;
        e.points += i64::from(duty.weight);
        if !duty.turn {
            continue;
        }
        *e.counts.entry(duty.kind.clone()).or_default() += 1;
        if duty.kind != "regular" {
            let last = e.last.entry(duty.kind.clone()).or_default();
            *last = (*last).max(Some(duty.year));
            *e.owed.entry(duty.kind.clone()).or_default() -= TURN;
        }
    }
    for duty in duties.iter().filter(|d| d.kind != "regular" && d.turn) {
        let members: Vec<usize> = rules
            .doctors
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_member_on(duty.slot_start))
            .map(|(i, _)| i)
            .collect();
        // Equal shares are computed identically, so a plain rotation gives exact ties.
        let share = TURN / members.len().max(1) as i64;
        for i in members {
            *entries[i].owed.entry(duty.kind.clone()).or_default() += share;
        }
    }
    for &year in &years {
        let of_year: Vec<&&Duty> = duties.iter().filter(|d| d.year == year).collect();
        let year_targets = match targets.get(&year) {
            Some(t) => t.clone(),
            None => shared_targets(rules, &of_year),
        };
        for e in &mut entries {
            let load: i64 =
                of_year.iter().filter(|d| d.doctor == e.id).map(|d| i64::from(d.weight)).sum();
            e.balance += load - year_targets.get(&e.id).copied().unwrap_or(0);
        }
    }
    Ledger { doctors: entries, years }
}

/// Targets for a year toban did not plan: its points shared by FTE among the members on the
/// year's first duty day.
fn shared_targets(rules: &Rules, duties: &[&&Duty]) -> BTreeMap<String, i64> {
    let total: i64 = duties.iter().map(|d| i64::from(d.weight)).sum();
    let Some(first) = duties.iter().map(|d| d.slot_start).min() else { return BTreeMap::new() };
    let members: Vec<(String, f64)> = rules
        .doctors
        .iter()
        .filter(|d| d.is_member_on(first))
        .map(|d| (d.id.to_string(), d.fte))
        .collect();
    let shares: Vec<f64> = members.iter().map(|(_, f)| *f).collect();
    let ints = largest_remainder(total, &shares);
    members.into_iter().map(|(id, _)| id).zip(ints).collect()
}

/// Splits `total` into integers proportional to `shares` that sum to `total`: floors first, then
/// one more each to the largest remainders (ties to the earlier share). All-zero shares split
/// evenly.
pub fn largest_remainder(total: i64, shares: &[f64]) -> Vec<i64> {
    if shares.is_empty() {
        return Vec::new();
    }
    let sum: f64 = shares.iter().sum();
    let exact: Vec<f64> = if sum > 0.0 {
        shares.iter().map(|s| total as f64 * s / sum).collect()
    } else {
        vec![total as f64 / shares.len() as f64; shares.len()]
    };
    let mut out: Vec<i64> = exact.iter().map(|e| e.floor() as i64).collect();
    let mut left = total - out.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    // Remainders compared at a fixed precision so float noise cannot reorder equal shares.
    let rem = |i: usize| ((exact[i] - exact[i].floor()) * 1e9).round() as i64;
    order.sort_by_key(|&i| (std::cmp::Reverse(rem(i)), i));
    for &i in order.iter().cycle().take(shares.len() * 2) {
        if left <= 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_owed_make_up_a_holiday_given_away_and_start_a_newcomer_at_zero() {
        let rules = crate::plan::testing::sosa();
        let ny = |year: i32, doctor: &str| Duty {
            year,
            slot_start: chrono::NaiveDate::from_ymd_opt(year, 12, 29).unwrap(),
            slot_end: chrono::NaiveDate::from_ymd_opt(year + 1, 1, 5).unwrap(),
            doctor: doctor.into(),
            kind: "new_year".into(),
            weight: 4,
            holidays: 1,
            turn: true,
        };
        // A plain rotation of 10: after 10 years everyone has had one turn and owes nothing.
        let ids: Vec<String> = rules.doctors.iter().map(|d| d.id.to_string()).collect();
        let plain: Vec<Duty> = (0..10).map(|i| ny(2030 + i, &ids[i as usize])).collect();
        let l = build(&rules, &plain, &YearTargets::new(), None);
        assert!(l.doctors.iter().all(|e| e.owed["new_year"] == 0), "{:?}", l.doctors);
        // The 10th gave their turn to the 1st: the 1st owes a turn, the 10th is owed one.
        let mut swapped = plain.clone();
        swapped[9].doctor = ids[0].clone();
        let l = build(&rules, &swapped, &YearTargets::new(), None);
        let owed = |id: &str| l.entry(id).unwrap().owed["new_year"];
        assert_eq!((owed(&ids[0]), owed(&ids[9]), owed(&ids[4])), (-TURN, TURN, 0));
        // Before any duty, nobody owes anything (a newcomer starts level).
        let l = build(&rules, &[], &YearTargets::new(), None);
        assert!(l.doctors.iter().all(|e| e.owed["new_year"] == 0));
    }

    #[test]
    fn largest_remainder_sums_to_the_total_and_favours_the_larger_remainder() {
        assert_eq!(largest_remainder(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(largest_remainder(12, &[1.0, 0.5]), vec![8, 4]);
        assert_eq!(largest_remainder(7, &[0.0, 0.0]), vec![4, 3]);
        assert_eq!(largest_remainder(0, &[1.0]), vec![0]);
    }
}
