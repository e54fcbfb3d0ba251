//! The round-robin baseline: what general on-call tools do, kept as the yardstick for the planner.
//!
//! Doctors take turns in a fixed cyclic order (rules order). Walking the assignable slots in time
//! order, each slot gets the next `k` doctors who are available there; an unavailable doctor is
//! skipped and loses that turn, and the pointer carries on after the last doctor taken. It knows
//! nothing of the exemption before a holiday duty, carried-over balances, slot weights or the
//! holiday queue — that is the point of a yardstick — but it keeps the slots it may not change:
//! `Before` slots (history) and pinned slots hold their fixed doctors, and after each of them the
//! rotation continues from the doctors there, so a rota planned year by year keeps one rotation.
//!
//! Its plans may break the gap and the exemption (a holiday duty lands on whoever's turn it is,
//! exactly one rotation after their last regular turn, inside the exemption window), so they are
//! judged with [`evaluate`]: the checker's verdict and the same fairness figures the checker
//! computes for plans that pass.

use super::check::{Violation, check};
use super::{Assignment, DoctorFigures, Figures, Problem, Role, is_assignable};
use crate::calendar::SlotKind;

/// The round-robin rota of `problem`; see the module doc.
pub fn round_robin(problem: &Problem) -> Assignment {
    let n = problem.doctors.len();
    let mut out = problem.fixed.clone();
    if n == 0 {
        return Assignment(out);
    }
    let mut next = 0;
    for (s, slot) in problem.slots.iter().enumerate() {
        let fixed = &problem.fixed[s];
        if !fixed.is_empty() {
            next = after(fixed, n);
            continue;
        }
        if !is_assignable(slot) {
            continue;
        }
        let mut taken = Vec::with_capacity(problem.k);
        for step in 0..n {
            if taken.len() == problem.k {
                break;
            }
            let d = (next + step) % n;
            if problem.doctors[d].available.get(s).copied().unwrap_or(false) {
                taken.push(d);
            }
        }
        if let Some(&last) = taken.last() {
            next = (last + 1) % n;
        }
        taken.sort_unstable();
        out[s] = taken;
    }
    Assignment(out)
}

/// Where the rotation continues after a slot held by `fixed`: just after one of its doctors,
/// chosen so that the next `fixed.len()` turns do not fall to any of them again (for `[3, 4]`
/// that is 5; for `[0, 9]` of ten doctors, 1). Falls back to after the highest index.
fn after(fixed: &[usize], n: usize) -> usize {
    let m = fixed.len();
    fixed
        .iter()
        .map(|&d| (d + 1) % n)
        .find(|&p| (0..m).all(|i| !fixed.contains(&((p + i) % n))))
        .unwrap_or_else(|| (fixed.iter().max().copied().unwrap_or(0) + 1) % n)
}

/// A plan judged by the checker, with its fairness figures whether or not it passes.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The figures: the checker's own when the plan passes; otherwise [`direct_figures`], the same
    /// formulas computed without judging the rules (a test holds the two equal on passing plans).
    pub figures: Figures,
    /// Every hard rule the plan breaks, as the checker reports them (empty: it passes).
    pub violations: Vec<Violation>,
}

/// Judges `plan` with [`check`] and computes its figures either way.
pub fn evaluate(problem: &Problem, plan: &Assignment) -> Evaluation {
    match check(problem, plan) {
        Ok(figures) => Evaluation { figures, violations: Vec::new() },
        Err(violations) => Evaluation { figures: direct_figures(problem, plan), violations },
    }
}

/// `(range, sum_squares)` of `plan`: from [`check`] when the plan passes, otherwise computed
/// directly by [`direct_figures`] (same load, target and deviation as the checker).
pub fn figures(problem: &Problem, plan: &Assignment) -> (i64, i64) {
    let f = evaluate(problem, plan).figures;
    (f.range, f.sum_squares)
}

/// The checker's fairness figures computed without judging the rules: per doctor, the points of
/// their `Plan` slots (regular and holiday counted by kind), deviation = balance + load − target;
/// range = max − min deviation, sum of squared deviations, saturating like the checker. Doctor
/// indices out of range and missing targets are ignored rather than panicking.
pub fn direct_figures(problem: &Problem, plan: &Assignment) -> Figures {
    let clamp = |x: i128| i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX });
    let doctors: Vec<DoctorFigures> = problem
        .doctors
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut f = DoctorFigures {
                id: doc.id.clone(),
                regular: 0,
                holiday: Default::default(),
                load: 0,
                target: problem.targets.get(d).copied().unwrap_or(0),
                balance: doc.balance,
                deviation: 0,
            };
            let mut load = 0i128;
            for (slot, on_duty) in problem.slots.iter().zip(&plan.0) {
                if slot.role != Role::Plan || !on_duty.contains(&d) {
                    continue;
                }
                load += i128::from(slot.weight);
                match &slot.kind {
                    SlotKind::Regular => f.regular = f.regular.saturating_add(1),
                    SlotKind::Holiday(p) => {
                        let c = f.holiday.entry(p.clone()).or_default();
                        *c = c.saturating_add(1);
                    }
                }
            }
            let load = load + i128::from(doc.parts);
            f.load = clamp(load);
            f.deviation = clamp(i128::from(doc.balance) + load - i128::from(f.target));
            f
        })
        .collect();
    let devs: Vec<i128> = doctors.iter().map(|f| i128::from(f.deviation)).collect();
    let max = devs.iter().copied().max().unwrap_or(0);
    let min = devs.iter().copied().min().unwrap_or(0);
    let sum_squares = devs.iter().fold(0i128, |acc, x| acc.saturating_add(x * x));
    Figures { doctors, range: clamp(max - min), sum_squares: clamp(sum_squares) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::check::Rule;
    use crate::plan::solve::{Options, plan};
    use crate::plan::testing::{fresh_problem as problem_for, sosa};

    #[test]
    fn the_rotation_continues_after_a_fixed_slot() {
        assert_eq!(after(&[3], 10), 4);
        assert_eq!(after(&[9], 10), 0);
        assert_eq!(after(&[3, 4], 10), 5);
        assert_eq!(after(&[0, 9], 10), 1);
    }

    #[test]
    fn round_robin_takes_turns_in_rules_order_and_skips_the_absent() {
        let mut p = problem_for(&sosa(), 2027);
        let plan_slots: Vec<usize> = p.assignable().collect();
        // d03 (index 2) is away in the third slot: d04 takes it, and the rotation goes on.
        p.doctors[2].available[plan_slots[2]] = false;
        let a = round_robin(&p);
        let first: Vec<Vec<usize>> = plan_slots[..5].iter().map(|&s| a.0[s].clone()).collect();
        assert_eq!(first, vec![vec![0], vec![1], vec![3], vec![4], vec![5]]);
    }

    #[test]
    fn round_robin_breaks_the_exemption_the_planner_keeps() {
        let p = problem_for(&sosa(), 2027);
        let rr = evaluate(&p, &round_robin(&p));
        assert!(rr.violations.iter().any(|v| v.rule == Rule::Exemption), "{:?}", rr.violations);
        assert!(rr.violations.iter().all(|v| v.rule != Rule::Coverage));
        let planned = plan(&p, &Options::default(), &mut |_| {}).unwrap();
        assert!(rr.figures.range >= planned.bound);
    }

    #[test]
    fn direct_figures_agree_with_the_checker_on_a_plan_that_passes() {
        let p = problem_for(&sosa(), 2027);
        let planned = plan(&p, &Options::default(), &mut |_| {}).unwrap();
        assert_eq!(direct_figures(&p, &planned.assignment), planned.figures);
        let e = evaluate(&p, &planned.assignment);
        assert!(e.violations.is_empty());
        assert_eq!(figures(&p, &planned.assignment), (e.figures.range, e.figures.sum_squares));
    }
}
