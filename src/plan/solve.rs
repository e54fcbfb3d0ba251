//! The planning pipeline: holidays from the queue, the lower bounds (counting, then the counts
//! model with every slot free), the counts for this plan, the slots MILP, the polish, and the
//! independent checker last.

use super::bound::lower_bound;
use super::check::{Violation, check};
use super::holiday::{assign_holidays, excluded, exclusion};
use super::model::{self, Backend, Outcome, SolverError, eligible, free_regular};
use super::polish::polish;
use super::{Assignment, Clash, Figures, Problem};
use crate::msg::plan::ClashWhy;

/// How to solve.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Which solver.
    pub backend: Backend,
    /// Seconds each feasibility solve may take before the band is widened.
    pub time_limit_s: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { backend: Backend::Microlp, time_limit_s: 10.0 }
    }
}

/// What the pipeline is doing, for a progress display.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// Holiday slots assigned from the queue.
    HolidaysAssigned {
        /// How many.
        count: usize,
    },
    /// The counting bound.
    Bound {
        /// The bound on the fairness range, in points.
        bound: i64,
    },
    /// Trying a band.
    Trying {
        /// The range asked for.
        range: i64,
    },
    /// A band was answered.
    Answered {
        /// The range asked for.
        range: i64,
        /// What the solver said.
        outcome: &'static str,
    },
}

/// A checked plan with its figures.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Per timeline slot, doctor indices.
    pub assignment: Assignment,
    /// Fairness figures, as recomputed by the checker.
    pub figures: Figures,
    /// The counting lower bound on the range.
    pub bound: i64,
    /// Whether the range equals the bound.
    pub optimal: bool,
    /// The least range of the plans that give the holiday slots as the queue gave them, when the
    /// counts model proved it (`None` when a time limit left it open). The queue decides the
    /// holidays before fairness (whoever waited longest), so this is what the fairness stages
    /// could reach: a plan whose range equals it is the fairest such plan, even where the bound,
    /// which does not assume the queue, is lower.
    pub holidays_bound: Option<i64>,
    /// The solver that found it.
    pub solver: &'static str,
}

impl Planned {
    /// Whether no plan that gives the holidays as the queue did is fairer: the range equals
    /// [`Planned::holidays_bound`] (or the bound itself).
    pub fn optimal_given_holidays(&self) -> bool {
        self.optimal || self.holidays_bound.is_some_and(|b| self.figures.range <= b)
    }
}

/// Why no plan came out.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Hard rules clash: no plan can exist.
    #[error("the hard rules cannot all hold:\n{}", list(.0))]
    Clashes(Vec<Clash>),
    /// The solver's plan broke a hard rule: a solver bug, never shown.
    #[error("the solver's plan failed the independent check (not saved):\n{}", list(.0))]
    Rejected(Vec<Violation>),
    /// The solver itself failed.
    #[error(transparent)]
    Solver(#[from] SolverError),
    /// The time limit ran out before the solver found a plan.
    #[error(
        "the solver found no plan within the time limit (seeking a fairness range of {widest} points); try a longer --time-limit"
    )]
    NotFound {
        /// The range sought.
        widest: i64,
    },
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|i| format!("  {i}")).collect::<Vec<_>>().join("\n")
}

/// Plans `problem`: see the module doc. `progress` is told what happens as it happens.
///
/// # Errors
/// [`PlanError::Clashes`] naming slots, doctors and rules when the hard rules cannot all hold;
/// [`PlanError::NotFound`] when the time limit ran out before any plan was found; [`PlanError::Rejected`] if
/// the checker refuses the solver's plan (never expected; the plan is dropped).
pub fn plan(
    problem: &Problem,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Planned, PlanError> {
    let Prechecked { plan, holidays, bound } = precheck(problem).map_err(PlanError::Clashes)?;
    progress(Progress::HolidaysAssigned { count: holidays });
    // The class bound also tells where the counts search can start: no range below it is
    // possible with every slot free, so none is with the holidays fixed (and when it came from
    // the MILP fallback, a range it could not settle in time will not be settled there either).
    let (class_found, class_proven) = class_bound(problem, options, bound)?;
    let start = bound.max(class_found.unwrap_or(bound));
    // Every rung below `start` is proven impossible when the class bound was proven (or did
    // not raise it): only then does a proven counts answer prove the least range given the
    // holidays.
    let below_start_proven = class_proven || start == bound;
    let bound = if class_proven { bound.max(class_found.unwrap_or(bound)) } else { bound };
    progress(Progress::Bound { bound });

    // Stage 2: counts per weight class; stage 3: the slots themselves.
    let (classes, counts) =
        with_counts_model(problem, &plan, options, |m| m.counts(start).map_err(PlanError::from))?;
    let Some(counts) = counts else {
        return Err(PlanError::Clashes(vec![year_clash(problem, ClashWhy::KindUncovered)]));
    };
    let holidays_bound = (counts.proven && below_start_proven).then_some(counts.range);
    progress(Progress::Trying { range: counts.range });
    let strict = model::solve_slots(
        problem,
        &plan,
        &classes,
        &counts,
        false,
        options.backend,
        options.time_limit_s,
    )?;
    progress(Progress::Answered { range: counts.range, outcome: said(&strict) });
    if let Outcome::Found(found) = strict {
        return finish(problem, &plan, found, (bound, holidays_bound), options);
    }
    // The gap (or the time limit) made those exact counts impossible: let the quotas bend, at a
    // high cost per point, and report the wider range honestly.
    progress(Progress::Trying { range: counts.range + 1 });
    let soft = model::solve_slots(
        problem,
        &plan,
        &classes,
        &counts,
        true,
        options.backend,
        options.time_limit_s,
    )?;
    progress(Progress::Answered { range: counts.range + 1, outcome: said(&soft) });
    match soft {
        Outcome::Found(found) => finish(problem, &plan, found, (bound, holidays_bound), options),
        Outcome::Infeasible => {
            Err(PlanError::Clashes(vec![year_clash(problem, ClashWhy::GapTooWide)]))
        }
        Outcome::Unknown => Err(PlanError::NotFound { widest: counts.range }),
    }
}

/// What [`precheck`] leaves for the solver.
#[derive(Debug, Clone)]
pub struct Prechecked {
    /// The fixed slots with the holiday slots assigned from the queue.
    pub plan: Vec<Vec<usize>>,
    /// How many holiday slots were assigned.
    pub holidays: usize,
    /// The counting lower bound on the fairness range.
    pub bound: i64,
}

/// The hard-rule clashes found before any solver runs, by the planner's own first steps:
/// holiday slots nobody can take, regular slots fewer than k doctors can take, and a year whose
/// duties the doctors cannot hold with the gap kept. `toban check` asks this too, so it refuses
/// exactly the rules `toban plan` would stop on at once, with the same words.
///
/// # Errors
/// Every clash found at the first step that finds any.
pub fn precheck(problem: &Problem) -> Result<Prechecked, Vec<Clash>> {
    let mut plan = problem.fixed.clone();
    let holidays_before = problem.assignable().filter(|&s| !plan[s].is_empty()).count();
    assign_holidays(problem, &mut plan)?;
    let holidays = problem.assignable().filter(|&s| !plan[s].is_empty()).count() - holidays_before;
    let clashes = coverage_clashes(problem, &plan);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let Some(bound) = lower_bound(problem) else {
        return Err(vec![year_clash(problem, ClashWhy::TooManyDuties)]);
    };
    Ok(Prechecked { plan, holidays, bound })
}

/// Free slots by weight, as [`model::weight_classes`] gives them.
type Classes = Vec<(u32, Vec<usize>)>;

/// The counts model of the slots left free after the holidays in `plan` (see
/// [`model::CountsModel`]), handed to `ask`; returns the weight classes with its answer.
fn with_counts_model<R>(
    problem: &Problem,
    plan: &[Vec<usize>],
    options: &Options,
    ask: impl FnOnce(&model::CountsModel<'_>) -> Result<R, PlanError>,
) -> Result<(Classes, R), PlanError> {
    let free = free_regular(problem, plan);
    let classes = model::weight_classes(problem, &free);
    let base: Vec<i64> =
        (0..problem.doctors.len()).map(|d| model::fixed_deviation(problem, plan, d)).collect();
    let max_slots: Vec<u32> = (0..problem.doctors.len())
        .map(|d| max_spaced(problem, &free, |s| eligible(problem, plan, d, s)))
        .collect();
    let elig = |d: usize, s: usize| eligible(problem, plan, d, s);
    let answer = ask(&counts_model(problem, &classes, &elig, &base, &max_slots, options))?;
    Ok((classes, answer))
}

/// The clashes that stop `plan` before its slot-by-slot solve, found by the same steps:
/// [`precheck`], then whether the doctors who may take each kind of slot can cover them all
/// (the counts model, asked for any range). `toban check` asks this, so it refuses the rules
/// that `toban plan` would stop on, in the same words. (Whether the final solve then finds a
/// plan in time is left to `toban plan`.)
///
/// # Errors
/// [`PlanError::Clashes`] with every clash found; [`PlanError::Solver`] if the solver fails.
pub fn feasible(problem: &Problem, options: &Options) -> Result<(), PlanError> {
    let pre = precheck(problem).map_err(PlanError::Clashes)?;
    let (_, least) = with_counts_model(problem, &pre.plan, options, |m| {
        m.least(pre.bound).map_err(PlanError::from)
    })?;
    match least {
        Some(_) => Ok(()),
        None => Err(PlanError::Clashes(vec![year_clash(problem, ClashWhy::KindUncovered)])),
    }
}

fn said(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Found(_) => "found",
        Outcome::Infeasible => "no plan",
        Outcome::Unknown => "time limit",
    }
}

fn finish(
    problem: &Problem,
    fixed: &[Vec<usize>],
    mut found: Vec<Vec<usize>>,
    (bound, holidays_bound): (i64, Option<i64>),
    options: &Options,
) -> Result<Planned, PlanError> {
    polish(problem, fixed, &mut found);
    let assignment = Assignment(found);
    let figures = check(problem, &assignment).map_err(PlanError::Rejected)?;
    let optimal = figures.range <= bound;
    Ok(Planned {
        assignment,
        figures,
        bound,
        optimal,
        holidays_bound,
        solver: options.backend.name(),
    })
}

/// The counts model with every unpinned `Plan` slot free, holiday slots included: its least
/// range is a lower bound on the range over all plans, whoever takes the holidays, when the
/// solver proved it. Returns the least range found and whether it is proven. Its ladder starts
/// at `counting`, the counting bound, below which every rung is known to fail.
fn class_bound(
    problem: &Problem,
    options: &Options,
    counting: i64,
) -> Result<(Option<i64>, bool), PlanError> {
    let free = crate::plan::bound::free_plan_slots(problem);
    let classes = model::weight_classes(problem, &free);
    let pinned = problem.fixed.clone();
    let base: Vec<i64> =
        (0..problem.doctors.len()).map(|d| model::fixed_deviation(problem, &pinned, d)).collect();
    // Every plan keeps the pinned duties, so the gap and the exemption around them hold in
    // every plan: a doctor available for a slot next to their own pinned duty still cannot
    // take it, and the bound must not assume they could (it proved too little on re-plans).
    // `exclusion` rather than `eligible`: a free slot here may be a holiday one, for which the
    // exemption looks at regular duties before it, not at holiday duties after it.
    let able = |d: usize, s: usize| exclusion(problem, &pinned, d, s).is_none();
    let max_slots: Vec<u32> =
        (0..problem.doctors.len()).map(|d| max_spaced(problem, &free, |s| able(d, s))).collect();
    let counts =
        counts_model(problem, &classes, &able, &base, &max_slots, options).least(counting)?;
    Ok((counts.as_ref().map(|c| c.range), counts.is_some_and(|c| c.proven)))
}

fn counts_model<'a>(
    problem: &'a Problem,
    classes: &'a [(u32, Vec<usize>)],
    eligible: &'a dyn Fn(usize, usize) -> bool,
    base: &'a [i64],
    max_slots: &'a [u32],
    options: &Options,
) -> model::CountsModel<'a> {
    model::CountsModel {
        problem,
        classes,
        eligible,
        base,
        max_slots,
        backend: options.backend,
        time_limit_s: options.time_limit_s,
    }
}

/// The most of `slots` (ascending timeline indices) one doctor can hold with `min_gap` kept,
/// among those `ok` allows: taking the earliest possible each time is optimal for equal weights.
fn max_spaced(problem: &Problem, slots: &[usize], ok: impl Fn(usize) -> bool) -> u32 {
    let mut count = 0;
    let mut next_free = 0;
    for &s in slots {
        if s >= next_free && ok(s) {
            count += 1;
            next_free = s + problem.min_gap + 1;
        }
    }
    count
}

fn year_clash(problem: &Problem, why: ClashWhy) -> Clash {
    Clash { year: problem.year, slot: None, why }
}

/// Regular slots that fewer than k doctors can take at all, with each doctor's reason.
fn coverage_clashes(problem: &Problem, plan: &[Vec<usize>]) -> Vec<Clash> {
    free_regular(problem, plan)
        .into_iter()
        .filter_map(|s| {
            let able =
                (0..problem.doctors.len()).filter(|&d| eligible(problem, plan, d, s)).count();
            (able < problem.k).then(|| Clash {
                year: problem.year,
                slot: Some(problem.slots[s].start),
                why: ClashWhy::TooFew {
                    able,
                    of: problem.doctors.len(),
                    needed: problem.k,
                    excluded: excluded(problem, plan, s),
                },
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
