//! Checking a change to a published rota (a swap, a cover) against the hard rules, with the
//! independent checker: the change is refused if it adds a violation the rota did not have.
//!
//! Judging only what the change adds matters: an absence entered after publishing may already
//! put the rota in conflict somewhere else, and that must not block an unrelated swap (it is the
//! admin's to fix, and may be fixed by this very swap).

use super::check::{Violation, check};
use super::{Assignment, Problem};

/// One doctor replaced by another in one slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The slot id.
    pub slot: String,
    /// Who gives the duty away.
    pub from: String,
    /// Who takes it.
    pub to: String,
}

/// Why a change cannot even be judged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ChangeError {
    /// No such slot in the plan year.
    #[error("there is no slot {0} in this rota; see `toban rota show`")]
    UnknownSlot(String),
    /// The doctor is not a doctor of this year.
    #[error("{0} is not a doctor of this plan year")]
    UnknownDoctor(String),
    /// The doctor giving the duty away does not have it.
    #[error("{doctor} is not on duty in slot {slot}")]
    NotOnDuty {
        /// The slot.
        slot: String,
        /// The doctor.
        doctor: String,
    },
    /// The doctor taking it has it already.
    #[error("{doctor} is already on duty in slot {slot}")]
    AlreadyOnDuty {
        /// The slot.
        slot: String,
        /// The doctor.
        doctor: String,
    },
}

/// Applies `changes` to `current` and returns the new assignment with the violations it has
/// that `current` did not have (none: the change keeps every hard rule).
///
/// # Errors
/// A [`ChangeError`] when a change names an unknown slot or doctor, or a doctor who is not (or
/// already) on duty there.
pub fn apply(
    problem: &Problem,
    current: &Assignment,
    changes: &[Change],
) -> Result<(Assignment, Vec<Violation>), ChangeError> {
    let mut next = current.clone();
    for c in changes {
        let s = problem
            .slots
            .iter()
            .position(|s| s.id == c.slot && s.role == super::Role::Plan)
            .ok_or_else(|| ChangeError::UnknownSlot(c.slot.clone()))?;
        let index = |id: &str| {
            problem
                .doctors
                .iter()
                .position(|d| d.id.as_str() == id)
                .ok_or_else(|| ChangeError::UnknownDoctor(id.to_string()))
        };
        let (from, to) = (index(&c.from)?, index(&c.to)?);
        let slot = &mut next.0[s];
        let Some(at) = slot.iter().position(|&d| d == from) else {
            return Err(ChangeError::NotOnDuty { slot: c.slot.clone(), doctor: c.from.clone() });
        };
        if slot.contains(&to) {
            return Err(ChangeError::AlreadyOnDuty { slot: c.slot.clone(), doctor: c.to.clone() });
        }
        slot[at] = to;
        slot.sort_unstable();
    }
    let before = violations(problem, current);
    let added = violations(problem, &next).into_iter().filter(|v| !before.contains(v)).collect();
    Ok((next, added))
}

fn violations(problem: &Problem, plan: &Assignment) -> Vec<Violation> {
    match check(problem, plan) {
        Ok(_) => Vec::new(),
        Err(v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::solve::tests::{problem_for, sosa};
    use crate::plan::solve::{Options, plan};

    #[test]
    fn a_swap_that_keeps_the_rules_passes_and_one_that_breaks_the_gap_is_refused() {
        let p = problem_for(&sosa(), 2027);
        let planned = plan(&p, &Options::default(), &mut |_| {}).unwrap();
        let a = &planned.assignment;
        let slots: Vec<usize> = (0..p.slots.len())
            .filter(|&s| p.slots[s].role == crate::plan::Role::Plan && !p.slots[s].is_holiday())
            .collect();
        let id = |d: usize| p.doctors[d].id.to_string();
        // Two regular slots far apart, with different doctors who are free around each other's.
        let (s1, s2) = (slots[10], slots[30]);
        let (x, y) = (a.0[s1][0], a.0[s2][0]);
        let swap = [
            Change { slot: p.slots[s1].id.clone(), from: id(x), to: id(y) },
            Change { slot: p.slots[s2].id.clone(), from: id(y), to: id(x) },
        ];
        let (next, added) = apply(&p, a, &swap).unwrap();
        assert_eq!(next.0[s1], vec![y]);
        // Whether this particular swap is legal depends on the plan; judge it the checker's way.
        assert_eq!(added.is_empty(), check(&p, &next).is_ok());
        // Giving the next slot's doctor this slot too breaks the gap.
        let (s, t) = (slots[20], slots[21]);
        let (x, y) = (a.0[s][0], a.0[t][0]);
        let cover = [Change { slot: p.slots[s].id.clone(), from: id(x), to: id(y) }];
        let (_, added) = apply(&p, a, &cover).unwrap();
        assert!(added.iter().any(|v| v.rule == crate::plan::check::Rule::Gap), "{added:?}");
        // Nonsense is refused before judging.
        let bad = [Change { slot: p.slots[s].id.clone(), from: id(y), to: id(x) }];
        assert!(matches!(apply(&p, a, &bad), Err(ChangeError::NotOnDuty { .. })));
        let bad = [Change { slot: "2099-01-01".into(), from: id(x), to: id(y) }];
        assert!(matches!(apply(&p, a, &bad), Err(ChangeError::UnknownSlot(_))));
    }
}
