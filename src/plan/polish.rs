//! After fairness is settled: even spacing, "prefer not" requests and stability, by swapping
//! slots of equal weight between doctors.
//!
//! Key decision: a swap of two slots of the same weight leaves every doctor's load unchanged,
//! so the fairness the MILP proved cannot get worse, and the secondary aims can be improved by
//! a plain, deterministic local search instead of a time-limited solve. Time limits make solver
//! output depend on machine speed; this search depends only on its inputs.

use super::model::eligible;
use super::{Problem, Role};

/// Weights of the secondary aims, in cost units (a gap `g` slots off a doctor's ideal spacing
/// costs `10·g²`). The brief ranks spacing above requests and requests above stability, but a
/// strict order would let a one-week evening-out of someone's spacing override a doctor's
/// request not to work during a family emergency. So a broken request weighs as much as a gap
/// about 14 slots off ideal, and a changed duty on re-plan as much as one 10 slots off: a doctor
/// who planned around a published duty should keep it unless their spacing gets very bad (with
/// 4.5 slots, a re-plan after one absence moved 20 duties where 10 were needed).
const PREFER_NOT_COST: i64 = 2000;
const CHANGE_COST: i64 = 1000;
/// At most this many improving passes over all swaps; each pass is O(slots² · k²).
const MAX_PASSES: usize = 60;

/// Improves `plan` in place by swaps of equal-weight free regular slots, keeping every hard rule
/// (eligibility is rechecked for each swap). Returns the cost before and after.
pub fn polish(problem: &Problem, fixed: &[Vec<usize>], plan: &mut [Vec<usize>]) -> (i64, i64) {
    let free: Vec<usize> = (0..problem.slots.len())
        .filter(|&s| {
            let slot = &problem.slots[s];
            slot.role == Role::Plan && !slot.is_holiday() && fixed[s].is_empty()
        })
        .collect();
    let before: i64 = (0..problem.doctors.len()).map(|d| doctor_cost(problem, plan, d)).sum();
    let mut total = before;
    for _ in 0..MAX_PASSES {
        let mut improved = false;
        for (i, &s) in free.iter().enumerate() {
            for &t in &free[i + 1..] {
                if problem.slots[s].weight != problem.slots[t].weight {
                    continue;
                }
                if let Some(delta) = try_swap(problem, plan, s, t) {
                    total += delta;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    (before, total)
}

/// Tries every doctor pair between slots `s` and `t`; applies the first swap that lowers the
/// cost and returns its (negative) change.
fn try_swap(problem: &Problem, plan: &mut [Vec<usize>], s: usize, t: usize) -> Option<i64> {
    for a in plan[s].clone() {
        for b in plan[t].clone() {
            if a == b || plan[t].contains(&a) || plan[s].contains(&b) {
                continue;
            }
            let old = doctor_cost(problem, plan, a) + doctor_cost(problem, plan, b);
            move_duty(plan, a, s, t);
            move_duty(plan, b, t, s);
            let legal = still_eligible(problem, plan, a, t) && still_eligible(problem, plan, b, s);
            let new = if legal {
                doctor_cost(problem, plan, a) + doctor_cost(problem, plan, b)
            } else {
                i64::MAX
            };
            if new < old {
                return Some(new - old);
            }
            move_duty(plan, a, t, s);
            move_duty(plan, b, s, t);
        }
    }
    None
}

fn move_duty(plan: &mut [Vec<usize>], d: usize, from: usize, to: usize) {
    plan[from].retain(|&x| x != d);
    plan[to].push(d);
    plan[to].sort_unstable();
}

/// Eligibility of `d` at `s` judged against every other duty in `plan`.
fn still_eligible(problem: &Problem, plan: &[Vec<usize>], d: usize, s: usize) -> bool {
    let mut others = plan.to_vec();
    others[s].retain(|&x| x != d);
    eligible(problem, &others, d, s)
}

/// One doctor's secondary cost: the squared distance of each gap between consecutive duties
/// from their ideal gap (the timeline length over their number of duties), plus preferences
/// broken and duties moved from the previous plan.
pub fn doctor_cost(problem: &Problem, plan: &[Vec<usize>], d: usize) -> i64 {
    let duties: Vec<usize> = (0..plan.len()).filter(|&s| plan[s].contains(&d)).collect();
    let plan_len = problem.slots.iter().filter(|s| s.role == Role::Plan).count() as i64;
    let mut cost = 0;
    if duties.len() > 1 {
        let ideal = (plan_len * 10) / duties.len() as i64;
        for w in duties.windows(2) {
            let gap = (w[1] - w[0]) as i64 * 10;
            cost += (gap - ideal).pow(2) / 10;
        }
    }
    let doctor = &problem.doctors[d];
    for &s in &duties {
        if doctor.prefers_not.get(s).copied().unwrap_or(false) {
            cost += PREFER_NOT_COST;
        }
        if let Some(prev) = &problem.previous
            && problem.slots[s].role == Role::Plan
            && !prev[s].is_empty()
            && !prev[s].contains(&d)
        {
            cost += CHANGE_COST;
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use crate::plan::solve::tests::{problem_for, sosa};
    use crate::plan::solve::{Options, plan};

    #[test]
    fn polishing_spaces_the_sosa_duties_without_changing_any_load() {
        let p = problem_for(&sosa(), 2027);
        let planned = plan(&p, &Options::default(), &mut |_| {}).unwrap();
        assert!(planned.optimal, "spacing must not cost fairness");
        for d in 0..p.doctors.len() {
            let duties: Vec<usize> =
                (0..p.slots.len()).filter(|&s| planned.assignment.0[s].contains(&d)).collect();
            let closest = duties.windows(2).map(|w| w[1] - w[0]).min().unwrap_or(usize::MAX);
            assert!(
                closest >= 3,
                "{} has duties {closest} slots apart: {duties:?}",
                p.doctors[d].id
            );
        }
    }
}
