//! Holiday slots first, from the queue.
//!
//! Whoever has waited longest since their last duty of a holiday period takes its next slot;
//! at most one holiday duty per doctor per plan year where anyone else can take it. Deciding
//! these few slots by rule, before the MILP, keeps the rotation exact across years (with N
//! doctors, each does New Year once every N years) and leaves the solver a smaller problem.
//! The counting bound in [`super::bound`] does not assume this order, so a proof of optimality
//! still covers every possible plan.

use super::{Clash, Problem, Role};
use crate::msg::plan::{ClashWhy, Excluded, Exclusion};

/// Fills every assignable holiday slot that is still empty in `plan` (time order), choosing by
/// queue among the doctors who can take it without breaking a hard rule against what is already
/// in `plan`.
///
/// # Errors
/// A [`Clash`] per holiday slot that no doctor can take, saying why each doctor is excluded.
pub fn assign_holidays(problem: &Problem, plan: &mut [Vec<usize>]) -> Result<(), Vec<Clash>> {
    let mut clashes = Vec::new();
    let targets: Vec<usize> = problem
        .assignable()
        .filter(|&h| problem.slots[h].is_holiday() && plan[h].is_empty())
        .collect();
    for h in targets {
        for _ in 0..problem.k {
            let mut candidates: Vec<usize> = (0..problem.doctors.len())
                .filter(|&d| exclusion(problem, plan, d, h).is_none())
                .collect();
            candidates.sort_by_key(|&d| queue_key(problem, plan, d, h));
            match candidates.first() {
                Some(&d) => {
                    plan[h].push(d);
                    plan[h].sort_unstable();
                }
                None => {
                    clashes.push(explain(problem, plan, h));
                    break;
                }
            }
        }
    }
    if clashes.is_empty() { Ok(()) } else { Err(clashes) }
}

/// Queue order: no holiday yet this plan year, then the most turns owed of this period (the
/// ledger counts who actually did each duty, so a turn given away or missed is made up and a
/// turn taken extra is skipped), then the oldest last duty of this period (in a plain rotation
/// the turns owed tie and this decides), then the fewest holiday duties overall, then the
/// lowest balance, then rules order.
fn queue_key(
    problem: &Problem,
    plan: &[Vec<usize>],
    d: usize,
    h: usize,
) -> (bool, std::cmp::Reverse<i64>, i32, u32, i64, usize) {
    let slot = &problem.slots[h];
    let period = slot.kind.as_str();
    let planned = |pred: &dyn Fn(usize) -> bool| {
        (0..plan.len()).filter(|&s| s != h && pred(s) && plan[s].contains(&d)).collect::<Vec<_>>()
    };
    let new = |s: usize| problem.slots[s].role != Role::Before && problem.slots[s].is_holiday();
    let this_year = !planned(&|s| new(s) && problem.slots[s].year == slot.year).is_empty();
    let last_planned = planned(&|s| new(s) && problem.slots[s].kind.as_str() == period)
        .iter()
        .map(|&s| problem.slots[s].year)
        .max();
    let doctor = &problem.doctors[d];
    let last = doctor.last_holiday.get(period).copied().max(last_planned).unwrap_or(i32::MIN);
    let count = doctor.holiday_count + planned(&new).len() as u32;
    let this_period = planned(&|s| new(s) && problem.slots[s].kind.as_str() == period).len();
    let owed = doctor.holiday_owed.get(period).copied().unwrap_or(0)
        - super::ledger::TURN * this_period as i64;
    (this_year, std::cmp::Reverse(owed), last, count, doctor.balance, d)
}

/// Why doctor `d` cannot take slot `s` given `plan`, or `None` if they can: already there,
/// away, within the gap of another duty, or the exemption rule (a holiday slot with a regular
/// duty of theirs in its window; a regular slot inside the window of their holiday duty). For a
/// regular slot not yet in `plan[s]`, `None` exactly when [`super::model::eligible`] holds.
pub fn exclusion(problem: &Problem, plan: &[Vec<usize>], d: usize, s: usize) -> Option<Exclusion> {
    if plan[s].contains(&d) {
        return Some(Exclusion::AlreadyThere);
    }
    if !problem.doctors[d].available[s] {
        return Some(Exclusion::Away);
    }
    let g = problem.min_gap;
    let last = plan.len() - 1;
    let near = (s.saturating_sub(g)..=(s + g).min(last)).find(|&j| j != s && plan[j].contains(&d));
    if let Some(j) = near {
        return Some(Exclusion::Gap(problem.slots[j].start));
    }
    if problem.slots[s].is_holiday() {
        let regular = (s.saturating_sub(problem.exempt)..s)
            .find(|&j| !problem.slots[j].is_holiday() && plan[j].contains(&d));
        if let Some(j) = regular {
            return Some(Exclusion::RegularInWindow(problem.slots[j].start));
        }
    } else {
        let holiday = ((s + 1)..=(s + problem.exempt).min(last))
            .find(|&h| problem.slots[h].is_holiday() && plan[h].contains(&d));
        if let Some(h) = holiday {
            return Some(Exclusion::ExemptBefore(problem.slots[h].start));
        }
    }
    None
}

/// Every doctor kept out of slot `s`, with why (named, for the message).
pub fn excluded(problem: &Problem, plan: &[Vec<usize>], s: usize) -> Vec<Excluded> {
    (0..problem.doctors.len())
        .filter_map(|d| {
            exclusion(problem, plan, d, s).map(|why| Excluded {
                id: problem.doctors[d].id.to_string(),
                name: problem.doctors[d].name.clone(),
                why,
            })
        })
        .collect()
}

fn explain(problem: &Problem, plan: &[Vec<usize>], h: usize) -> Clash {
    let slot = &problem.slots[h];
    Clash {
        year: problem.year,
        slot: Some(slot.start),
        why: ClashWhy::NoHolidayDoctor {
            period: slot.kind.as_str().to_string(),
            excluded: excluded(problem, plan, h),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{eligible, free_regular};
    use crate::plan::solve::tests::{problem_for, sosa};

    #[test]
    fn a_regular_slot_is_excluded_exactly_when_it_is_not_eligible_and_says_why() {
        let p = problem_for(&sosa(), 2027);
        let mut plan = p.fixed.clone();
        assign_holidays(&p, &mut plan).unwrap();
        let mut exempt_seen = false;
        for s in free_regular(&p, &plan) {
            for d in 0..p.doctors.len() {
                let why = exclusion(&p, &plan, d, s);
                assert_eq!(
                    why.is_none(),
                    eligible(&p, &plan, d, s),
                    "doctor {d}, slot {}",
                    p.slots[s].id
                );
                exempt_seen |= matches!(why, Some(Exclusion::ExemptBefore(_)));
            }
        }
        assert!(exempt_seen, "the holiday doctors' exemption windows are named as such");
    }
}
