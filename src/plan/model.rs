//! The MILPs for the regular slots, once holiday slots and pinned slots are fixed.
//!
//! Key decision: fairness and assignment are solved apart. Asked directly for a narrow fairness
//! band (every deviation in `[L, L + R]`), microlp ran into its time limit on a 10-doctor year:
//! the LP relaxation is fair at any `R`, so branch and bound learns nothing. Instead:
//! - [`CountsModel`] decides how many slots of each weight each doctor takes: a handful of
//!   integers per doctor, where the number theory of fair loads lives. It is solved exactly by
//!   the table in [`super::counts`] (milliseconds, always proven) and by the MILP only when the
//!   table would be too large;
//! - [`solve_slots`] then picks the slots, given those counts: coverage, the class quotas and the
//!   gap. Without the gap it is a bipartite b-matching with an integral LP relaxation, so it
//!   usually ends at the root.
//!
//! Variables `x[d,s]` exist only where doctor `d` may take regular slot `s` at all (available,
//! outside the gap of their fixed duties, outside the exemption window of their holiday duty),
//! so the hard rules that concern fixed duties hold by construction.

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, constraint,
    variable,
};

use super::counts::{Cost, Table, TooLarge};
use super::{Problem, Role};

/// Which solver runs the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// microlp: pure Rust, always built.
    Microlp,
    /// HiGHS: the `highs` cargo feature.
    #[cfg(feature = "highs")]
    Highs,
}

impl Backend {
    /// The backend's name, as reported in plan summaries.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            #[cfg(feature = "highs")]
            Backend::Highs => "highs",
        }
    }
}

/// The outcome of one feasibility solve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A plan within the range: per timeline slot, doctor indices.
    Found(Vec<Vec<usize>>),
    /// The solver proved that no plan has this range.
    Infeasible,
    /// The time limit ran out before the solver found a plan or proved there is none.
    Unknown,
}

/// A failure of the solver itself (not an answer about the plan).
#[derive(Debug, thiserror::Error)]
#[error("the {backend} solver failed: {message}")]
pub struct SolverError {
    /// Which backend.
    pub backend: &'static str,
    /// Its message.
    pub message: String,
}

/// Doctor `d` may take regular slot `s` given the fixed duties in `plan`.
pub fn eligible(problem: &Problem, plan: &[Vec<usize>], d: usize, s: usize) -> bool {
    let g = problem.min_gap;
    let last = plan.len() - 1;
    problem.doctors[d].available[s]
        && !(s.saturating_sub(g)..=(s + g).min(last)).any(|j| j != s && plan[j].contains(&d))
        && !((s + 1)..=(s + problem.exempt).min(last))
            .any(|h| problem.slots[h].is_holiday() && plan[h].contains(&d))
}

/// The slots the MILP fills: regular `Plan` slots still empty in `plan`.
pub fn free_regular(problem: &Problem, plan: &[Vec<usize>]) -> Vec<usize> {
    (0..problem.slots.len())
        .filter(|&s| {
            let slot = &problem.slots[s];
            slot.role == Role::Plan && !slot.is_holiday() && plan[s].is_empty()
        })
        .collect()
}

/// The free slots grouped by weight: `(weight, slots)` in ascending weight.
pub fn weight_classes(problem: &Problem, slots: &[usize]) -> Vec<(u32, Vec<usize>)> {
    let mut classes: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for &s in slots {
        classes.entry(problem.slots[s].weight).or_default().push(s);
    }
    classes.into_iter().collect()
}

/// The outcome of the counts model: per doctor and class, how many slots; and the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// `n[d][c]`.
    pub n: Vec<Vec<u32>>,
    /// The fairness range the counts give.
    pub range: i64,
    /// Whether the solver proved the range minimal for this counting model.
    pub proven: bool,
}

/// Stage 2: how many slots of each weight class each doctor takes, minimising the fairness
/// range. Each doctor's count of a class is capped by the class slots they are eligible for, and
/// their total by the most slots they could hold with the gap kept. `base[d]` is the deviation
/// before these slots. Tiny (doctors × classes integers), so the solver settles it fast; its
/// least range is a lower bound for every plan with the same fixed part, since any plan's
/// counts satisfy these constraints. Solved once for the least range and once, with the range
/// fixed, for the secondary aims (lexicographic, so no weight has to dwarf another): by the
/// exact table of [`super::counts`] when it fits, else by the MILP with a time limit.
pub struct CountsModel<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// The free slots by weight, from [`weight_classes`].
    pub classes: &'a [(u32, Vec<usize>)],
    /// Whether doctor `d` may take slot `s`.
    pub eligible: &'a dyn Fn(usize, usize) -> bool,
    /// Each doctor's deviation before the free slots.
    pub base: &'a [i64],
    /// The most free slots each doctor can hold with the gap kept.
    pub max_slots: &'a [u32],
    /// Which solver.
    pub backend: Backend,
    /// Seconds per solve.
    pub time_limit_s: f64,
}

/// Seconds for one rung of the range ladder or for the evenness solve: short, because a rung
/// that runs out of time only costs the proof, not the plan.
fn step_limit(time_limit_s: f64) -> f64 {
    time_limit_s.min(1.0)
}

impl CountsModel<'_> {
    /// The counts of least range (see [`CountsModel::least`]), then the most even among them
    /// with requests and stability. The range ladder starts at `from`, a lower bound proven
    /// elsewhere (the counting bound).
    ///
    /// Returns `None` when no counts exist (some slot class cannot be covered).
    ///
    /// # Errors
    /// [`SolverError`] when the solver fails for a reason other than infeasibility or time.
    pub fn counts(&self, from: i64) -> Result<Option<Counts>, SolverError> {
        if let Some(table) = self.table() {
            match table.least(from) {
                Ok(None) => return Ok(None),
                Ok(Some(range)) => {
                    if let Ok(Some(counts)) = table.best(range, &self.cost()) {
                        return Ok(Some(counts));
                    }
                }
                Err(TooLarge) => {}
            }
        }
        let Some(least) = self.least_milp(from)? else { return Ok(None) };
        // The range is settled; now the most even deviations, requests and stability. If this
        // second solve runs out of its (short) time, the first answer stands.
        match self.solve(least.range, true, step_limit(self.time_limit_s)) {
            Ok(Some(even)) if even.range <= least.range => {
                Ok(Some(Counts { proven: least.proven, ..even }))
            }
            _ => Ok(Some(least)),
        }
    }

    /// The least range, asked as a ladder of yes/no questions from `from` upward: "is a range of
    /// `r` possible?". microlp answers each in milliseconds where minimising the range outright
    /// ran into its time limit (the LP relaxation is fair at any range, so branch and bound on
    /// the min-range objective learns little). The answer is proven when every rung below it was
    /// proven impossible. `None` when no range at all is possible.
    ///
    /// # Errors
    /// As [`CountsModel::counts`].
    pub fn least(&self, from: i64) -> Result<Option<Counts>, SolverError> {
        if let Some(table) = self.table() {
            match table.least(from) {
                Ok(None) => return Ok(None),
                Ok(Some(range)) => {
                    if let Ok(Some(counts)) = table.best(range, &|_, _, _| (0, 0, 0, 0)) {
                        return Ok(Some(counts));
                    }
                }
                Err(TooLarge) => {}
            }
        }
        self.least_milp(from)
    }

    /// The exact table for this model, when it is small enough (see [`super::counts`]).
    fn table(&self) -> Option<Table<'_>> {
        let weights = self.classes.iter().map(|(w, _)| i64::from(*w)).collect();
        let seats = self.classes.iter().map(|(_, s)| (s.len() * self.problem.k) as u32).collect();
        let caps = (0..self.problem.doctors.len())
            .map(|d| {
                self.classes
                    .iter()
                    .map(|(_, slots)| {
                        slots.iter().filter(|&&s| (self.eligible)(d, s)).count() as u32
                    })
                    .collect()
            })
            .collect();
        Table::new(weights, seats, caps, self.max_slots, self.base)
    }

    /// The price of one doctor's counts for the evenness solve, lexicographic: the squared
    /// distance of `N·e_d` from the sum of deviations (the true sum of squares around the mean,
    /// scaled to integers), then "prefer not" requests the counts force to be broken, then
    /// slots of a class changed from the previous plan, then the distance of the doctor's mix of
    /// classes from the year's mix. The last keeps heavy slots spread over many doctors: counts
    /// that load them onto a few are as fair but often impossible to place with the gap kept
    /// (measured: N = 10, k = 2 gave such counts and the plan's range rose from 0 to 6).
    fn cost(&self) -> impl Fn(usize, &[u32], i64) -> Cost + '_ {
        let n_doc = self.problem.doctors.len();
        let total: i64 =
            self.classes.iter().map(|(w, s)| i64::from(*w) * s.len() as i64).sum::<i64>()
                * self.problem.k as i64;
        let sum = self.base.iter().sum::<i64>() + total;
        let wanted: Vec<Vec<u32>> = (0..n_doc)
            .map(|d| {
                self.classes
                    .iter()
                    .map(|(_, slots)| {
                        slots
                            .iter()
                            .filter(|&&s| {
                                (self.eligible)(d, s) && !self.problem.doctors[d].prefers_not[s]
                            })
                            .count() as u32
                    })
                    .collect()
            })
            .collect();
        let had: Option<Vec<Vec<u32>>> = self.problem.previous.as_ref().map(|prev| {
            (0..n_doc)
                .map(|d| {
                    self.classes
                        .iter()
                        .map(|(_, slots)| {
                            slots.iter().filter(|&&s| prev[s].contains(&d)).count() as u32
                        })
                        .collect()
                })
                .collect()
        });
        let seats: Vec<u64> =
            self.classes.iter().map(|(_, s)| (s.len() * self.problem.k) as u64).collect();
        let all_seats: u64 = seats.iter().sum();
        move |d: usize, n: &[u32], e: i64| {
            let spread = (e * n_doc as i64 - sum).unsigned_abs();
            let requests: u64 =
                n.iter().zip(&wanted[d]).map(|(&n, &w)| u64::from(n.saturating_sub(w))).sum();
            // The fewest changes in all, then the sum of their squares per doctor, so that
            // changes are spread rather than piled on one doctor.
            let changes: u64 = had.as_ref().map_or(0, |had| {
                let mine: u64 =
                    n.iter().zip(&had[d]).map(|(&n, &h)| u64::from(n.abs_diff(h))).sum();
                (mine << 20) + mine * mine
            });
            let taken: u64 = n.iter().map(|&n| u64::from(n)).sum();
            let mix: u64 = n
                .iter()
                .zip(&seats)
                .map(|(&n, &s)| {
                    let off = (u64::from(n) * all_seats).abs_diff(taken * s);
                    off.saturating_mul(off)
                })
                .fold(0u64, u64::saturating_add);
            (spread.saturating_mul(spread), requests, changes, mix)
        }
    }

    /// [`CountsModel::least`] by the MILP solver: the fallback for a table too large.
    pub(crate) fn least_milp(&self, from: i64) -> Result<Option<Counts>, SolverError> {
        let total: i64 =
            self.classes.iter().map(|(w, s)| i64::from(*w) * s.len() as i64).sum::<i64>()
                * self.problem.k as i64;
        let widest = self.base.iter().max().copied().unwrap_or(0)
            - self.base.iter().min().copied().unwrap_or(0)
            + total;
        let mut proven = true;
        for r in from.max(0)..=widest.max(0) {
            match self.solve(r, false, step_limit(self.time_limit_s)) {
                Ok(Some(c)) => return Ok(Some(Counts { proven, ..c })),
                Ok(None) => {}
                Err(e) if is_time_out(&e.message) => proven = false,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Counts with range at most `max_range`. Without `even`, any such counts (a yes/no
    /// question). With `even`, minimises, in this order of weight: the spread of deviations
    /// around their mean (sum of squares' linear stand-in), then requests broken and changes from
    /// the previous plan.
    fn solve(
        &self,
        max_range: i64,
        even: bool,
        time_limit_s: f64,
    ) -> Result<Option<Counts>, SolverError> {
        let CountsModel { problem, classes, eligible, base, max_slots, .. } = *self;
        let n_doc = problem.doctors.len();
        let mut vars = ProblemVariables::new();
        let mut n: Vec<Vec<Variable>> = Vec::with_capacity(n_doc);
        for d in 0..n_doc {
            n.push(
                classes
                    .iter()
                    .map(|(_, slots)| {
                        let cap = slots.iter().filter(|&&s| eligible(d, s)).count() as f64;
                        vars.add(variable().integer().min(0).max(cap))
                    })
                    .collect(),
            );
        }
        let total: i64 = classes.iter().map(|(w, s)| i64::from(*w) * s.len() as i64).sum::<i64>()
            * problem.k as i64;
        let lo = base.iter().copied().min().unwrap_or(0);
        let hi = base.iter().copied().max().unwrap_or(0) + total;
        let band_low = vars.add(variable().integer().min(lo as f64).max(hi as f64));
        let range = vars.add(variable().integer().min(0).max((hi - lo) as f64));
        let mut constraints = Vec::new();
        for (c, (_, slots)) in classes.iter().enumerate() {
            let taken: Expression = n.iter().map(|nd| nd[c]).sum();
            constraints.push(constraint!(taken == (slots.len() * problem.k) as f64));
        }
        for d in 0..n_doc {
            let count: Expression = n[d].iter().copied().sum();
            constraints.push(constraint!(count <= f64::from(max_slots[d])));
            let load: Expression =
                classes.iter().zip(&n[d]).map(|((w, _), v)| f64::from(*w) * *v).sum::<Expression>()
                    + base[d] as f64;
            constraints.push(constraint!(load.clone() >= band_low));
            constraints.push(constraint!(load <= band_low + range));
        }
        constraints.push(constraint!(range <= max_range as f64));
        if !even {
            return self.finish(
                vars.minimise(Expression::from(0.0)),
                constraints,
                &n,
                time_limit_s,
            );
        }
        // Evenness: Σ_d |N·e_d − S|, weighted above the largest possible sum of the terms after it
        // (2 per slot for changes, 1 for requests).
        let slots_total: usize = classes.iter().map(|(_, s)| s.len()).sum::<usize>() * problem.k;
        let sum = base.iter().sum::<i64>() + total;
        let mut objective = Expression::from(0.0);
        for d in 0..n_doc {
            let load: Expression =
                classes.iter().zip(&n[d]).map(|((w, _), v)| f64::from(*w) * *v).sum::<Expression>()
                    + base[d] as f64;
            let spread = vars.add(variable().min(0));
            let scaled = load * n_doc as f64 - sum as f64;
            constraints.push(constraint!(spread >= scaled.clone()));
            constraints.push(constraint!(spread >= -scaled));
            objective += spread * (1.0 + 3.0 * slots_total as f64);
        }
        // On re-plan, prefer counts close to the previous plan's: each slot of difference costs one.
        if let Some(prev) = &problem.previous {
            for (d, nd) in n.iter().enumerate() {
                for (c, (_, slots)) in classes.iter().enumerate() {
                    let had = slots.iter().filter(|&&s| prev[s].contains(&d)).count() as f64;
                    let diff = vars.add(variable().min(0));
                    constraints.push(constraint!(diff >= nd[c] - had));
                    constraints.push(constraint!(diff >= had - nd[c]));
                    objective += diff;
                }
            }
        }
        // "Prefer not" requests: counts that force a doctor into slots they asked to avoid cost one
        // per slot, after range.
        for (d, nd) in n.iter().enumerate() {
            for (c, (_, slots)) in classes.iter().enumerate() {
                let wanted = slots
                    .iter()
                    .filter(|&&s| eligible(d, s) && !problem.doctors[d].prefers_not[s])
                    .count();
                let all = slots.iter().filter(|&&s| eligible(d, s)).count();
                if wanted < all {
                    let over = vars.add(variable().min(0));
                    constraints.push(constraint!(over >= nd[c] - wanted as f64));
                    objective += over;
                }
            }
        }
        self.finish(vars.minimise(objective), constraints, &n, time_limit_s)
    }

    /// Solves and reads the counts; the range is recomputed from them, not read from the model's
    /// range variable (which a yes/no question leaves anywhere above the true range). A time-out
    /// comes back as an error that [`is_time_out`] recognises.
    fn finish(
        &self,
        unsolved: good_lp::variable::UnsolvedProblem,
        constraints: Vec<good_lp::Constraint>,
        n: &[Vec<Variable>],
        time_limit_s: f64,
    ) -> Result<Option<Counts>, SolverError> {
        let read_counts = |sol: &dyn Fn(Variable) -> f64, proven: bool| {
            let n: Vec<Vec<u32>> =
                n.iter().map(|nd| nd.iter().map(|v| sol(*v).round() as u32).collect()).collect();
            let dev: Vec<i64> = n
                .iter()
                .zip(self.base)
                .map(|(nd, b)| {
                    b + self
                        .classes
                        .iter()
                        .zip(nd)
                        .map(|((w, _), c)| i64::from(*w) * i64::from(*c))
                        .sum::<i64>()
                })
                .collect();
            let range =
                dev.iter().max().copied().unwrap_or(0) - dev.iter().min().copied().unwrap_or(0);
            Counts { n, range, proven }
        };
        let result = run(unsolved, constraints, self.backend, time_limit_s, &|sol| {
            read_counts(&|v| sol.value(v), matches!(sol.status(), good_lp::SolutionStatus::Optimal))
        });
        match result {
            Ok(c) => Ok(Some(c)),
            Err(ResolutionError::Infeasible) => Ok(None),
            Err(e) => Err(SolverError { backend: self.backend.name(), message: e.to_string() }),
        }
    }
}

/// Stage 3: which slots each doctor takes, given their count per weight class. Coverage, the
/// class quotas and the gap; without the gap this is a bipartite b-matching whose LP relaxation
/// is integral, so the solver usually finishes at the root.
///
/// With `soft_quotas`, a doctor may take more or fewer slots of a class than `counts` says, at a
/// cost (per point moved) above every other term: the fallback when the gap makes the counts
/// impossible. The plan then has a wider range than the counts promised, and says so.
pub fn solve_slots(
    problem: &Problem,
    plan: &[Vec<usize>],
    classes: &[(u32, Vec<usize>)],
    counts: &Counts,
    soft_quotas: bool,
    backend: Backend,
    time_limit_s: f64,
) -> Result<Outcome, SolverError> {
    let mut vars = ProblemVariables::new();
    let mut x: Vec<Vec<(usize, Variable)>> = vec![Vec::new(); problem.doctors.len()];
    let mut class_of = std::collections::BTreeMap::new();
    for (c, (_, slots)) in classes.iter().enumerate() {
        for &s in slots {
            class_of.insert(s, c);
        }
    }
    for &s in class_of.keys() {
        for (d, xs) in x.iter_mut().enumerate() {
            if eligible(problem, plan, d, s) {
                xs.push((s, vars.add(variable().binary())));
            }
        }
    }
    let mut constraints = Vec::new();
    for &s in class_of.keys() {
        let on_duty: Expression =
            x.iter().flat_map(|xs| xs.iter().filter(|(t, _)| *t == s).map(|(_, v)| *v)).sum();
        constraints.push(constraint!(on_duty == problem.k as f64));
    }
    let mut quota_misses = Expression::from(0.0);
    // Above every other term: requests, changes and the worst doctor's changes together stay
    // below (slots + 1)³ in the units below.
    let seats = (class_of.len() * problem.k) as f64 + 1.0;
    let miss_cost = seats * seats * seats;
    for (d, xs) in x.iter().enumerate() {
        for (c, (weight, _)) in classes.iter().enumerate() {
            let taken: Expression =
                xs.iter().filter(|(s, _)| class_of[s] == c).map(|(_, v)| *v).sum();
            let quota = f64::from(counts.n[d][c]);
            if soft_quotas {
                let (over, under) = (vars.add(variable().min(0)), vars.add(variable().min(0)));
                constraints.push(constraint!(taken == quota + over - under));
                quota_misses += (over + under) * (miss_cost * f64::from(*weight));
            } else {
                constraints.push(constraint!(taken == quota));
            }
        }
        constraints.extend(gap_constraints(problem.min_gap, xs));
    }
    // Stability on re-plan: each doctor's changes are the previous duties they lose plus the
    // duties they gain on slots that had someone; the fewest changes in all, then the fewest for
    // the doctor with the most (so the moves are spread, not piled on one colleague).
    let slots_total = (class_of.len() * problem.k) as f64;
    let (changes, worst) = match &problem.previous {
        Some(prev) => {
            let worst = vars.add(variable().min(0));
            let mut total = Expression::from(0.0);
            for (d, xs) in x.iter().enumerate() {
                let mut mine = Expression::from(0.0);
                for &s in class_of.keys() {
                    let var = xs.iter().find(|(t, _)| *t == s).map(|(_, v)| *v);
                    match (prev[s].contains(&d), var) {
                        (true, Some(v)) => mine += 1.0 - v,
                        (true, None) => mine += 1.0,
                        (false, Some(v)) if !prev[s].is_empty() => mine += v,
                        _ => {}
                    }
                }
                constraints.push(constraint!(worst >= mine.clone()));
                total += mine;
            }
            (total, Expression::from(worst))
        }
        None => (Expression::from(0.0), Expression::from(0.0)),
    };
    // "Prefer not" requests come before stability: each one broken outweighs every change.
    let requests: Expression = x
        .iter()
        .enumerate()
        .flat_map(|(d, xs)| xs.iter().filter(move |(s, _)| problem.doctors[d].prefers_not[*s]))
        .map(|(_, v)| *v)
        .sum();
    let change_cost = slots_total + 1.0;
    let request_cost = change_cost * (2.0 * slots_total + 1.0);
    let unsolved =
        vars.minimise(requests * request_cost + changes * change_cost + worst + quota_misses);
    match run(unsolved, constraints, backend, time_limit_s, &|sol| read(&x, plan, sol)) {
        Ok(found) => Ok(Outcome::Found(found)),
        Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
        Err(e) if is_time_out(&e.to_string()) => Ok(Outcome::Unknown),
        Err(e) => Err(SolverError { backend: backend.name(), message: e.to_string() }),
    }
}

/// Runs a model on the chosen backend and reads the solution with `read`.
fn run<T>(
    unsolved: good_lp::variable::UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    backend: Backend,
    time_limit_s: f64,
    read: &dyn Fn(&dyn SolutionView) -> T,
) -> Result<T, ResolutionError> {
    use good_lp::WithTimeLimit;
    match backend {
        Backend::Microlp => {
            let sol = unsolved
                .using(good_lp::microlp)
                .with_time_limit(time_limit_s)
                .with_all(constraints)
                .solve()?;
            Ok(read(&sol))
        }
        #[cfg(feature = "highs")]
        Backend::Highs => {
            let sol = unsolved
                .using(good_lp::highs)
                .with_time_limit(time_limit_s)
                .with_all(constraints)
                .solve()?;
            Ok(read(&sol))
        }
    }
}

/// The two things read from any backend's solution.
pub trait SolutionView {
    /// A variable's value.
    fn value(&self, v: Variable) -> f64;
    /// The solver's status.
    fn status(&self) -> good_lp::SolutionStatus;
}

impl<S: Solution> SolutionView for S {
    fn value(&self, v: Variable) -> f64 {
        Solution::value(self, v)
    }
    fn status(&self) -> good_lp::SolutionStatus {
        Solution::status(self)
    }
}

/// Whether a solver error means "the time limit ran out before a solution was found": microlp
/// says "Time limit reached ...", HiGHS "NoSolutionFound" (its time limit with no incumbent).
fn is_time_out(message: &str) -> bool {
    message.contains("Time limit") || message.contains("NoSolutionFound")
}

/// At most one free duty per window of `gap + 1` consecutive timeline slots.
fn gap_constraints(gap: usize, xs: &[(usize, Variable)]) -> Vec<good_lp::Constraint> {
    if gap == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, (s, _)) in xs.iter().enumerate() {
        let window: Vec<Variable> =
            xs[i..].iter().take_while(|(t, _)| *t <= s + gap).map(|(_, v)| *v).collect();
        // A window is implied by the one starting at its first variable; emit each maximal one.
        if window.len() >= 2 {
            let sum: Expression = window.into_iter().sum();
            out.push(constraint!(sum <= 1.0));
        }
    }
    out
}

/// Deviation of doctor `d` from the `Plan` slots already filled in `plan`.
pub fn fixed_deviation(problem: &Problem, plan: &[Vec<usize>], d: usize) -> i64 {
    let load: i64 = (0..problem.slots.len())
        .filter(|&s| problem.slots[s].role == Role::Plan && plan[s].contains(&d))
        .map(|s| i64::from(problem.slots[s].weight))
        .sum();
    load + problem.doctors[d].parts + problem.doctors[d].balance - problem.targets[d]
}

fn read(
    x: &[Vec<(usize, Variable)>],
    plan: &[Vec<usize>],
    sol: &dyn SolutionView,
) -> Vec<Vec<usize>> {
    let mut out = plan.to_vec();
    for (d, xs) in x.iter().enumerate() {
        for (s, v) in xs {
            // microlp returns floats; a binary is on when above one half (DESIGN.md §5).
            if sol.value(*v) > 0.5 {
                out[*s].push(d);
            }
        }
    }
    for slot in &mut out {
        slot.sort_unstable();
    }
    out
}
