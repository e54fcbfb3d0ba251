//! A lower bound on the fairness range, by counting.
//!
//! Each doctor's deviation is `e_d = fixed_d + free_d + balance_d − target_d`, where `free_d` is
//! the points of the slots still to assign. Three facts hold for every plan, whoever solves it:
//! - the deviations sum to a constant `S` (all points are handed out, and targets sum to them);
//! - `free_d` is a sum of free-slot weights, so it is a multiple of their gcd `g`, which fixes
//!   `e_d` modulo `g`;
//! - `free_d` lies between 0 and the most a doctor can take alone (their available free slots
//!   with the minimum gap kept).
//!
//! The bound is the smallest range `R` for which some window `[L, L+R]` holds a value of every
//! doctor's residue inside their own limits, with the window's sums able to reach `S`. It
//! ignores how slots are shared, so it is valid for every plan; on Sosa-shaped instances it is
//! usually met exactly, which turns "we found a plan" into "no plan is fairer".

use super::model::fixed_deviation;
use super::{Problem, Role};

/// The counting lower bound on `max e_d − min e_d` over all plans of `problem`.
///
/// Slots pinned in `problem.fixed` count as fixed load; every other assignable `Plan` slot is
/// free, whatever its kind. Returns `Some(0)` for a problem without doctors, and `None` when
/// counting alone proves that no plan exists (the doctors cannot take all the points).
pub fn lower_bound(problem: &Problem) -> Option<i64> {
    let n = problem.doctors.len();
    if n == 0 {
        return Some(0);
    }
    let free: Vec<usize> = free_plan_slots(problem);
    let g = free.iter().fold(0i64, |g, &s| gcd(g, i64::from(problem.slots[s].weight)));
    // A doctor's deviation if they got no free slot: pinned load + balance − target.
    let base: Vec<i64> = (0..n).map(|d| fixed_deviation(problem, &problem.fixed, d)).collect();
    let free_total: i64 =
        free.iter().map(|&s| i64::from(problem.slots[s].weight)).sum::<i64>() * problem.k as i64;
    let sum = base.iter().sum::<i64>() + free_total;
    if g == 0 {
        return Some(base.iter().max()? - base.iter().min()?);
    }
    let hi: Vec<i64> = (0..n).map(|d| base[d] + max_free_load(problem, d, &free)).collect();
    let lo_all = *base.iter().min()?;
    let hi_all = *hi.iter().max()?;
    let mut weights: Vec<i64> = free.iter().map(|&s| i64::from(problem.slots[s].weight)).collect();
    weights.sort_unstable();
    let seats = Seats { weights: &weights, k: problem.k as i64 };
    (0..=(hi_all - lo_all)).find(|&r| {
        (lo_all - g..=hi_all + g).any(|l| window_fits(&base, &hi, g, l, l + r, sum, &seats))
    })
}

/// The free slots' weights (ascending) and the doctors per slot: each slot is `k` seats.
struct Seats<'a> {
    weights: &'a [i64],
    k: i64,
}

impl Seats<'_> {
    /// Whether doctors whose free loads lie in `[need_d, room_d]` can fill every seat: each
    /// doctor holds at least ⌈need/w_max⌉ seats, and at most ⌊room/w⌋ seats of weight ≥ w.
    fn fillable(&self, need: &[i64], room: &[i64]) -> bool {
        let Some(&w_max) = self.weights.last() else { return true };
        let seats = self.weights.len() as i64 * self.k;
        let least: i64 = need.iter().map(|&n| (n.max(0) + w_max - 1) / w_max).sum();
        if least > seats {
            return false;
        }
        let mut last_w = i64::MIN;
        for (i, &w) in self.weights.iter().enumerate() {
            if w == last_w || w <= 0 {
                continue;
            }
            last_w = w;
            let heavier = (self.weights.len() - i) as i64;
            let capacity: i64 = room.iter().map(|&r| r.max(0) / w).sum();
            if capacity < heavier * self.k {
                return false;
            }
        }
        true
    }
}

/// Whether every doctor has a value `≡ base_d (mod g)` in `[a, b] ∩ [base_d, hi_d]`, the
/// smallest and largest such values can sum to `sum`, and the slots' seats can be filled by
/// doctors whose loads stay in the window.
fn window_fits(base: &[i64], hi: &[i64], g: i64, a: i64, b: i64, sum: i64, seats: &Seats) -> bool {
    let (mut min_sum, mut max_sum) = (0, 0);
    let (mut need, mut room) = (Vec::with_capacity(base.len()), Vec::with_capacity(base.len()));
    for (d, &e0) in base.iter().enumerate() {
        let (from, to) = (a.max(e0), b.min(hi[d]));
        let first = from + (e0 - from).rem_euclid(g);
        let last = to - (to - e0).rem_euclid(g);
        if first > last {
            return false;
        }
        min_sum += first;
        max_sum += last;
        need.push(first - e0);
        room.push(last - e0);
    }
    min_sum <= sum && sum <= max_sum && seats.fillable(&need, &room)
}

/// Assignable `Plan` slots not pinned in `problem.fixed`.
pub fn free_plan_slots(problem: &Problem) -> Vec<usize> {
    problem
        .assignable()
        .filter(|&s| problem.slots[s].role == Role::Plan && problem.fixed[s].is_empty())
        .collect()
}

/// The most points of free slots doctor `d` could take alone: available slots, at least
/// `min_gap` slots apart from each other and from the doctor's pinned duties. A dynamic
/// programme over the timeline (weighted interval scheduling with a fixed gap).
fn max_free_load(problem: &Problem, d: usize, free: &[usize]) -> i64 {
    let gap = problem.min_gap;
    let len = problem.slots.len();
    let pinned: Vec<usize> = (0..len).filter(|&s| problem.fixed[s].contains(&d)).collect();
    let usable =
        |s: usize| problem.doctors[d].available[s] && pinned.iter().all(|&p| p.abs_diff(s) > gap);
    let mut best = vec![0i64; len + 1];
    for s in 0..len {
        let skip = best[s];
        let take = if free.contains(&s) && usable(s) {
            i64::from(problem.slots[s].weight) + best[s.saturating_sub(gap)]
        } else {
            0
        };
        best[s + 1] = skip.max(take);
    }
    best[len]
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::SlotKind;
    use crate::plan::{PDoctor, PSlot};
    use chrono::NaiveDate;

    fn problem(weights: &[u32], balances: &[i64], targets: &[i64]) -> Problem {
        let day = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        let slots: Vec<PSlot> = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| PSlot {
                id: format!("s{i}"),
                start: day,
                end: day,
                kind: SlotKind::Regular,
                weight: w,
                holidays: 0,
                role: Role::Plan,
                year: 2027,
            })
            .collect();
        let doctors = balances
            .iter()
            .enumerate()
            .map(|(i, &b)| PDoctor {
                id: format!("d{i}").parse().unwrap(),
                name: format!("d{i}"),
                fte: 1.0,
                balance: b,
                parts: 0,
                available: vec![true; slots.len()],
                last_holiday: Default::default(),
                holiday_count: 0,
                holiday_owed: Default::default(),
                prefers_not: vec![false; slots.len()],
            })
            .collect();
        Problem {
            year: 2027,
            k: 1,
            min_gap: 1,
            exempt: 0,
            fixed: vec![vec![]; slots.len()],
            slots,
            doctors,
            targets: targets.to_vec(),
            previous: None,
        }
    }

    #[test]
    fn equal_shares_that_divide_evenly_allow_a_zero_range() {
        assert_eq!(lower_bound(&problem(&[2; 8], &[0, 0], &[8, 8])), Some(0));
    }

    #[test]
    fn parity_forces_a_range_of_two_when_weights_are_all_even() {
        // Loads are even; balances 1 and 0 give deviations of different parity: never equal.
        assert_eq!(lower_bound(&problem(&[2; 8], &[1, 0], &[8, 8])), Some(1));
        // Loads are multiples of 4; balances 2 and 0 keep deviations 2 apart at best.
        assert_eq!(lower_bound(&problem(&[4; 4], &[2, 0], &[8, 8])), Some(2));
    }

    #[test]
    fn a_doctor_who_cannot_reach_their_share_widens_the_bound() {
        let mut p = problem(&[2; 6], &[0, 0], &[6, 6]);
        p.min_gap = 0;
        // d1 is available only in slot 0: at most 2 points, so e_1 ≤ -4, and d0 takes the rest:
        // e_0 ≥ 10 - 6 = 4.
        p.doctors[1].available = vec![true, false, false, false, false, false];
        assert_eq!(lower_bound(&p), Some(8));
    }

    #[test]
    fn more_doctors_than_slots_leave_some_without_duty() {
        // 3 doctors, 2 adjacent slots of 2 points, targets 2, 1, 1: someone takes no slot and is
        // below target (-1 or -2) while the slot holders are at 0 or +1; the best is range 2.
        let p = problem(&[2, 2], &[0, 0, 0], &[2, 1, 1]);
        assert_eq!(lower_bound(&p), Some(2));
    }

    #[test]
    fn a_heavy_slot_needs_a_doctor_with_room_for_it() {
        // A 4-point slot and four 2-point slots for 3 doctors with targets 4 each: 4 | 2+2 | 2+2.
        let mut p = problem(&[4, 2, 2, 2, 2], &[0, 0, 0], &[4, 4, 4]);
        p.min_gap = 0;
        assert_eq!(lower_bound(&p), Some(0));
        let p = problem(&[4, 2], &[0, 0, 0], &[2, 2, 2]);
        // Loads 4, 2, 0 (or 4, 0, 2): deviations +2, 0, -2 → range 4.
        assert_eq!(lower_bound(&p), Some(4));
    }

    #[test]
    fn the_gap_limits_what_one_doctor_can_take() {
        // 4 slots, gap 1: one doctor takes at most 2 of them.
        let mut p = problem(&[2; 4], &[0, 0], &[4, 4]);
        p.doctors[1].available = vec![false; 4];
        // d0 must take everything (8 points) but can take only 4: counting proves no plan exists.
        assert_eq!(lower_bound(&p), None);
    }
}
