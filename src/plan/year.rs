//! Planning one plan year end to end, in ids and dates rather than indices: what the CLI, the
//! simulation and the benchmark share.

use std::collections::BTreeMap;

use super::build::{Away, Inputs, build};
use super::ledger::{Duty, Ledger};
use super::solve::{Options, PlanError, Planned, Progress, plan};
use super::{Problem, Role};
use crate::calendar::{HolidayCalendar, PlanYear, plan_year};
use crate::rules::Rules;

/// What is known before planning a year.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Doctors of known slots, by slot id: the previous year's duties and reservations.
    pub known: BTreeMap<String, Vec<String>>,
    /// Slot ids whose `known` doctors must be kept (reservations, frozen slots, slots before a
    /// re-plan date).
    pub pinned: Vec<String>,
    /// Absences.
    pub away: Vec<Away>,
    /// The ledger of the years before.
    pub ledger: Ledger,
    /// The previous plan of this year, when re-planning.
    pub previous: Option<BTreeMap<String, Vec<String>>>,
    /// Points of this year's partial covers in pinned slots, by doctor id: earned covering a
    /// colleague's days (+), or handed to the colleague (−). A re-plan counts them as the
    /// ledger does (issue 20: points pro rata by day), not as the slot's whole weight.
    pub parts: BTreeMap<String, i64>,
}

/// A planned year: the checked plan and the slots with doctor ids.
#[derive(Debug, Clone)]
pub struct YearPlan {
    /// The plan year's slots.
    pub year: PlanYear,
    /// The next year's slots (for the reserved ones).
    pub next: PlanYear,
    /// The problem that was solved.
    pub problem: Problem,
    /// The plan and its figures.
    pub planned: Planned,
}

impl YearPlan {
    /// Doctor ids per slot id, for the plan year's slots.
    pub fn doctors_by_slot(&self) -> BTreeMap<String, Vec<String>> {
        self.by_role(Role::Plan)
    }

    /// Doctor ids per slot id for the next year's reserved holiday slots.
    pub fn reserved(&self) -> BTreeMap<String, Vec<String>> {
        self.by_role(Role::Reserve).into_iter().filter(|(_, d)| !d.is_empty()).collect()
    }

    fn by_role(&self, role: Role) -> BTreeMap<String, Vec<String>> {
        self.problem
            .slots
            .iter()
            .zip(&self.planned.assignment.0)
            .filter(|(s, _)| s.role == role)
            .map(|(s, ds)| {
                (s.id.clone(), ds.iter().map(|&d| self.problem.doctors[d].id.to_string()).collect())
            })
            .collect()
    }

    /// The plan year's duties, as ledger records.
    pub fn duties(&self) -> Vec<Duty> {
        let mut out = Vec::new();
        for (slot, ds) in self.problem.slots.iter().zip(&self.planned.assignment.0) {
            if slot.role != Role::Plan {
                continue;
            }
            for &d in ds {
                out.push(Duty {
                    year: slot.year,
                    slot_start: slot.start,
                    slot_end: slot.end,
                    doctor: self.problem.doctors[d].id.to_string(),
                    kind: slot.kind.as_str().to_string(),
                    weight: slot.weight,
                    holidays: slot.holidays,
                    turn: true,
                });
            }
        }
        out
    }

    /// Each doctor's target this year, by id (kept with the rota so the ledger can use it).
    pub fn targets(&self) -> BTreeMap<String, i64> {
        self.planned.figures.doctors.iter().map(|f| (f.id.to_string(), f.target)).collect()
    }
}

/// Plans `year`. `cal` must cover `year - 2 ..= year + 3`.
///
/// # Errors
/// As [`plan`].
pub fn plan_one_year(
    rules: &Rules,
    cal: &HolidayCalendar,
    year: i32,
    ctx: &Context,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<YearPlan, PlanError> {
    let (this, next, problem) = year_problem(rules, cal, year, ctx);
    let planned = plan(&problem, options, progress)?;
    Ok(YearPlan { year: this, next, problem, planned })
}

/// The slots of `year` and the next, and the problem of planning `year` given `ctx`: what every
/// planner of a year (the optimiser, the round-robin baseline) starts from.
pub fn year_problem(
    rules: &Rules,
    cal: &HolidayCalendar,
    year: i32,
    ctx: &Context,
) -> (PlanYear, PlanYear, Problem) {
    let prev = plan_year(rules, cal, year - 1);
    let this = plan_year(rules, cal, year);
    let next = plan_year(rules, cal, year + 1);
    let problem = build(&Inputs {
        rules,
        prev: &prev,
        this: &this,
        next: &next,
        known: &ctx.known,
        pinned: &ctx.pinned,
        away: &ctx.away,
        ledger: &ctx.ledger,
        previous: ctx.previous.as_ref(),
        parts: &ctx.parts,
    });
    (this, next, problem)
}

/// The holiday calendar years [`plan_one_year`] needs
/// (the slots of the year before and after as well as its own).
pub fn calendar_years(year: i32) -> std::ops::RangeInclusive<i32> {
    use crate::calendar::slots::calendar_years_for;
    *calendar_years_for(year - 1).start()..=*calendar_years_for(year + 1).end()
}
