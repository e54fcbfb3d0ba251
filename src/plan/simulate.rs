//! Planning many consecutive years the way an association would, each from the ledger of the
//! ones before: to see that fairness and the holiday rotation hold over decades, and to compare
//! the planner with the round-robin baseline over the same years.
//!
//! Pure: no clock, no I/O. Year `y` is planned with
//! - `known`: the previous plan's slots and the reservations it made for `y` (next year's holiday
//!   slots whose exemption windows reached back into it), the reservations `pinned`;
//! - `ledger`: every duty planned so far, with each planned year's saved targets;
//! - the holiday calendar of [`year::calendar_years`]`(y)` with the given overrides;
//! - no absences.

use std::collections::BTreeMap;

use super::Role;
use super::baseline::{evaluate, round_robin};
use super::bound::lower_bound;
use super::ledger::{self, Duty};
use super::solve::{Options, PlanError, Planned, Progress};
use super::year::{self, Context, YearPlan, plan_one_year};
use crate::calendar::{HolidayCalendar, Override};
use crate::rules::Rules;

/// One doctor's duties over the whole simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimDoctor {
    /// Doctor id.
    pub id: String,
    /// Slots of the plan years (`Plan` slots only) per kind: `regular` and every holiday period
    /// id, zero included.
    pub counts: BTreeMap<String, u32>,
}

/// The outcome of [`simulate`] or [`simulate_round_robin`].
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The planned years, in order.
    pub years: Vec<YearPlan>,
    /// Per year, the hard-rule violations the checker found (always 0 for the planner, whose plans
    /// all pass; the round-robin baseline's plans may break the gap and the exemption).
    pub violations: Vec<usize>,
    /// Every doctor of the rules, in rules order.
    pub doctors: Vec<SimDoctor>,
    /// The holiday period ids of the rules.
    pub periods: Vec<String>,
}

impl Simulation {
    /// Max − min over the doctors of their count of `period`'s slots.
    pub fn holiday_spread(&self, period: &str) -> u32 {
        let counts = self.doctors.iter().map(|d| d.counts.get(period).copied().unwrap_or(0));
        counts.clone().max().unwrap_or(0) - counts.min().unwrap_or(0)
    }

    /// The largest [`Simulation::holiday_spread`] over the holiday periods.
    pub fn rotation_spread(&self) -> u32 {
        self.periods.iter().map(|p| self.holiday_spread(p)).max().unwrap_or(0)
    }

    /// The most slots of `period` any one doctor had.
    pub fn max_holiday_count(&self, period: &str) -> u32 {
        self.doctors.iter().map(|d| d.counts.get(period).copied().unwrap_or(0)).max().unwrap_or(0)
    }

    /// `(plan year, doctor id)` for every doctor with two or more holiday slots in one plan year.
    pub fn double_holiday_years(&self) -> Vec<(i32, String)> {
        let mut out = Vec::new();
        for y in &self.years {
            let mut per_doctor: BTreeMap<String, u32> = BTreeMap::new();
            for (slot, ids) in y.problem.slots.iter().zip(&y.planned.assignment.0) {
                if slot.role == Role::Plan && slot.is_holiday() {
                    for &d in ids {
                        *per_doctor.entry(y.problem.doctors[d].id.to_string()).or_default() += 1;
                    }
                }
            }
            out.extend(
                per_doctor.into_iter().filter(|(_, n)| *n >= 2).map(|(id, _)| (y.year.year, id)),
            );
        }
        out
    }

    /// The widest fairness range of any year.
    pub fn max_range(&self) -> i64 {
        self.years.iter().map(|y| y.planned.figures.range).max().unwrap_or(0)
    }

    /// The largest range − bound of any year.
    pub fn max_gap(&self) -> i64 {
        self.years.iter().map(|y| y.planned.figures.range - y.planned.bound).max().unwrap_or(0)
    }

    /// Whether every year's range equals its bound (and its plan passed the checker).
    pub fn all_optimal(&self) -> bool {
        self.years.iter().all(|y| y.planned.optimal)
    }

    /// How many years' ranges equal their bounds.
    pub fn optimal_years(&self) -> usize {
        self.years.iter().filter(|y| y.planned.optimal).count()
    }

    /// How many years' plans are the fairest of those that give the holidays as the queue did
    /// ([`Planned::optimal_given_holidays`]).
    pub fn optimal_given_holidays_years(&self) -> usize {
        self.years.iter().filter(|y| y.planned.optimal_given_holidays()).count()
    }

    /// Hard-rule violations over all years.
    pub fn total_violations(&self) -> usize {
        self.violations.iter().sum()
    }
}

/// Planning one year of a simulation failed.
#[derive(Debug, thiserror::Error)]
#[error("year {year}: {source}")]
pub struct SimError {
    /// The plan year that failed.
    pub year: i32,
    /// Why.
    pub source: PlanError,
}

/// Plans `years` consecutive plan years from `first_year` with the planner (see the module doc).
/// `progress` is told each year's pipeline events with the year.
///
/// # Errors
/// The first year that cannot be planned, with its [`PlanError`].
pub fn simulate(
    rules: &Rules,
    overrides: &[Override],
    first_year: i32,
    years: usize,
    options: &Options,
    progress: &mut dyn FnMut(i32, &Progress),
) -> Result<Simulation, SimError> {
    run(rules, overrides, first_year, years, &mut |cal, y, ctx| {
        let plan = plan_one_year(rules, cal, y, ctx, options, &mut |p| progress(y, &p))?;
        Ok((plan, 0))
    })
}

/// Random changes a year goes through after it is planned, as in real life: absences known when
/// planning, then swaps agreed between doctors (any slot, holidays included), each one kept only
/// if the independent checker accepts it.
#[derive(Debug, Clone, Copy)]
pub struct Turbulence {
    /// Seed of the deterministic generator.
    pub seed: u64,
    /// Swaps attempted per year.
    pub swaps: usize,
    /// Absences (one to two weeks) per year.
    pub absences: usize,
    /// In how many of the first years swaps may move holiday duties too (0: never). A holiday
    /// swap gives one doctor an extra turn of that holiday and another one fewer; the ledger
    /// records it, so the queue makes it up to the giver the next time that holiday comes round
    /// and skips the taker's next turn. That takes up to a rotation (N years): a holiday swap in
    /// the last rotation before a horizon can still show as counts of 3 and 1 there.
    pub holiday_swap_years: usize,
}

/// [`simulate`] with [`Turbulence`]: the ledger records who actually did each duty after the
/// swaps, so the holiday queue of later years makes up for them.
///
/// # Errors
/// As [`simulate`].
pub fn simulate_with_changes(
    rules: &Rules,
    overrides: &[Override],
    first_year: i32,
    years: usize,
    options: &Options,
    turbulence: Turbulence,
) -> Result<(Simulation, Swapped), SimError> {
    use super::build::Away;
    let mut swapped = Swapped::default();
    use super::change::{Change, apply};
    let mut rng = XorShift(turbulence.seed.max(1));
    let sim = run(rules, overrides, first_year, years, &mut |cal, y, ctx| {
        let mut ctx = ctx.clone();
        let start = chrono::NaiveDate::from_ymd_opt(y, 1, 10).expect("a date");
        for _ in 0..turbulence.absences {
            let d = &rules.doctors[rng.below(rules.doctors.len())];
            let from = start + chrono::Days::new(7 * rng.below(48) as u64);
            let to = from + chrono::Days::new(6 + 7 * rng.below(2) as u64);
            ctx.away.push(Away { doctor: d.id.to_string(), from, to, soft: false });
        }
        let mut plan = plan_one_year(rules, cal, y, &ctx, options, &mut |_| {})?;
        let slots: Vec<usize> = (0..plan.problem.slots.len())
            .filter(|&s| plan.problem.slots[s].role == Role::Plan)
            .collect();
        let holidays: Vec<usize> =
            slots.iter().copied().filter(|&s| plan.problem.slots[s].is_holiday()).collect();
        let holiday_year = ((y - first_year) as usize) < turbulence.holiday_swap_years;
        for k in 0..turbulence.swaps {
            // In a year with holiday swaps, the first few attempts offer a holiday duty (random
            // pairs rarely hit one of the year's two or three holiday slots).
            let s1 = if holiday_year && k < 3 && !holidays.is_empty() {
                holidays[rng.below(holidays.len())]
            } else {
                slots[rng.below(slots.len())]
            };
            let s2 = slots[rng.below(slots.len())];
            let a = &plan.planned.assignment.0;
            let (Some(&x), Some(&z)) = (a[s1].first(), a[s2].first()) else { continue };
            if s1 == s2 || x == z || a[s1].contains(&z) || a[s2].contains(&x) {
                continue;
            }
            let holiday =
                plan.problem.slots[s1].is_holiday() || plan.problem.slots[s2].is_holiday();
            if holiday && !holiday_year {
                continue;
            }
            let id = |d: usize| plan.problem.doctors[d].id.to_string();
            let changes = [
                Change { slot: plan.problem.slots[s1].id.clone(), from: id(x), to: id(z) },
                Change { slot: plan.problem.slots[s2].id.clone(), from: id(z), to: id(x) },
            ];
            if let Ok((next, added)) = apply(&plan.problem, &plan.planned.assignment, &changes)
                && added.is_empty()
            {
                plan.planned.assignment = next;
                swapped.swaps += 1;
                if holiday {
                    swapped.holiday_swaps += 1;
                }
            }
        }
        Ok((plan, 0))
    })?;
    Ok((sim, swapped))
}

/// How many random swaps the checker accepted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swapped {
    /// All accepted swaps.
    pub swaps: usize,
    /// Those that moved a holiday duty.
    pub holiday_swaps: usize,
}

/// A small deterministic generator (xorshift64): the same seed gives the same simulation.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// The same years planned by the round-robin baseline ([`super::baseline::round_robin`]), each
/// from its own history. Never fails: the baseline always hands out every slot, and its plans'
/// violations are counted in [`Simulation::violations`] instead. Each year's `bound` is the
/// counting bound ([`lower_bound`]; 0 when counting proves no plan exists) and `optimal` means
/// no violation and range = bound.
pub fn simulate_round_robin(
    rules: &Rules,
    overrides: &[Override],
    first_year: i32,
    years: usize,
) -> Simulation {
    let result = run(rules, overrides, first_year, years, &mut |cal, y, ctx| {
        Ok(round_robin_year(rules, cal, y, ctx))
    });
    match result {
        Ok(sim) => sim,
        Err(e) => unreachable!("the round-robin baseline does not fail: {e}"),
    }
}

/// One year by round robin, built exactly as [`plan_one_year`] builds its problem.
fn round_robin_year(
    rules: &Rules,
    cal: &HolidayCalendar,
    y: i32,
    ctx: &Context,
) -> (YearPlan, usize) {
    let (this, next, problem) = year::year_problem(rules, cal, y, ctx);
    let assignment = round_robin(&problem);
    let eval = evaluate(&problem, &assignment);
    let bound = lower_bound(&problem).unwrap_or(0);
    let optimal = eval.violations.is_empty() && eval.figures.range <= bound;
    let planned = Planned {
        assignment,
        figures: eval.figures,
        bound,
        optimal,
        holidays_bound: None,
        solver: "round-robin",
    };
    (YearPlan { year: this, next, problem, planned }, eval.violations.len())
}

type Step<'a> =
    dyn FnMut(&HolidayCalendar, i32, &Context) -> Result<(YearPlan, usize), PlanError> + 'a;

fn run(
    rules: &Rules,
    overrides: &[Override],
    first_year: i32,
    years: usize,
    step: &mut Step,
) -> Result<Simulation, SimError> {
    let periods: Vec<String> = rules.holiday_periods.iter().map(|p| p.id.clone()).collect();
    let mut doctors: Vec<SimDoctor> = rules
        .doctors
        .iter()
        .map(|d| SimDoctor {
            id: d.id.to_string(),
            counts: std::iter::once("regular".to_string())
                .chain(periods.iter().cloned())
                .map(|k| (k, 0))
                .collect(),
        })
        .collect();
    let mut planned: Vec<YearPlan> = Vec::with_capacity(years);
    let mut violations = Vec::with_capacity(years);
    let mut duties: Vec<Duty> = Vec::new();
    let mut targets: BTreeMap<i32, BTreeMap<String, i64>> = BTreeMap::new();
    for y in (first_year..).take(years) {
        let ctx = context(rules, planned.last(), &duties, &targets, y);
        let cal = HolidayCalendar::build(year::calendar_years(y), overrides);
        let (plan, broken) = step(&cal, y, &ctx).map_err(|source| SimError { year: y, source })?;
        for duty in plan.duties() {
            if let Some(d) = doctors.iter_mut().find(|d| d.id == duty.doctor) {
                *d.counts.entry(duty.kind.clone()).or_default() += 1;
            }
            duties.push(duty);
        }
        targets.insert(y, plan.targets());
        violations.push(broken);
        planned.push(plan);
    }
    Ok(Simulation { years: planned, violations, doctors, periods })
}

/// What is known before planning `y`: the previous plan and its reservations, and the ledger.
fn context(
    rules: &Rules,
    prev: Option<&YearPlan>,
    duties: &[Duty],
    targets: &BTreeMap<i32, BTreeMap<String, i64>>,
    y: i32,
) -> Context {
    let mut known = BTreeMap::new();
    let mut pinned = Vec::new();
    if let Some(prev) = prev {
        known = prev.doctors_by_slot();
        for (id, ds) in prev.reserved() {
            pinned.push(id.clone());
            known.insert(id, ds);
        }
    }
    Context {
        known,
        pinned,
        ledger: ledger::build(rules, duties, targets, Some(y)),
        ..Context::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;

    fn sim(rules: &Rules, first: i32, years: usize) -> Simulation {
        simulate(rules, &[], first, years, &Options::default(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn random_swaps_and_absences_keep_the_holiday_rotation_within_one() {
        let rules = sosa();
        for seed in [1, 7, 2027] {
            let t = Turbulence { seed, swaps: 12, absences: 3, holiday_swap_years: 0 };
            let (s, swapped) = simulate_with_changes(&rules, &[], 2027, 20, &Options::default(), t)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert!(swapped.swaps >= 40, "seed {seed}: {swapped:?}");
            assert!(
                s.rotation_spread() <= 1,
                "seed {seed}: spread {} {:?}",
                s.rotation_spread(),
                s.doctors.iter().map(|d| (&d.id, &d.counts)).collect::<Vec<_>>()
            );
            assert!(s.double_holiday_years().is_empty(), "seed {seed}");
        }
    }

    #[test]
    fn holiday_swaps_are_made_up_within_a_rotation_because_the_ledger_records_who_did_them() {
        // Holiday duties swapped by agreement in the first 8 years (regular swaps all along):
        // by year 20 every doctor's count of each holiday is within one. (An absence at one's
        // turn in the last years is a horizon effect of its own: the turn comes the year after.)
        let rules = sosa();
        for seed in [1, 7, 42, 99, 2027] {
            let t = Turbulence { seed, swaps: 12, absences: 0, holiday_swap_years: 8 };
            let (s, swapped) = simulate_with_changes(&rules, &[], 2027, 20, &Options::default(), t)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert!(swapped.holiday_swaps >= 2, "seed {seed}: {swapped:?}");
            assert!(
                s.rotation_spread() <= 1,
                "seed {seed}: spread {} {:?}",
                s.rotation_spread(),
                s.doctors.iter().map(|d| (&d.id, &d.counts)).collect::<Vec<_>>()
            );
            // A doctor may agree to take a second holiday in a year; the planner never adds one.
            let doubles = s.double_holiday_years();
            assert!(doubles.iter().all(|(y, _)| *y < 2027 + 8), "seed {seed}: {doubles:?}");
        }
    }

    #[test]
    fn a_doctor_who_swaps_a_holiday_away_gets_the_next_one_of_that_period() {
        // With holiday swaps, the ledger records who actually did each holiday, so the giver
        // is first in the queue the following year.
        let rules = sosa();
        let t = Turbulence { seed: 1, swaps: 12, absences: 0, holiday_swap_years: 12 };
        let (s, swapped) = simulate_with_changes(&rules, &[], 2027, 12, &Options::default(), t)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(swapped.holiday_swaps >= 1, "{swapped:?}");
        // Every doctor still had each holiday at least once in 12 years (10 doctors).
        for d in &s.doctors {
            assert!(d.counts["new_year"] >= 1 && d.counts["golden_week"] >= 1, "{:?}", d);
        }
    }

    #[test]
    fn the_default_association_rotates_holidays_exactly_over_20_years() {
        let rules = sosa();
        let s = sim(&rules, 2027, 20);
        assert_eq!(s.years.len(), 20);
        for d in &s.doctors {
            assert_eq!(d.counts["new_year"], 2, "{} new_year: {:?}", d.id, d.counts);
            assert_eq!(d.counts["golden_week"], 2, "{} golden_week: {:?}", d.id, d.counts);
        }
        assert_eq!(s.double_holiday_years(), Vec::<(i32, String)>::new());
        assert_eq!((s.holiday_spread("new_year"), s.holiday_spread("golden_week")), (0, 0));
        for y in &s.years {
            let p = &y.planned;
            // plan() only returns plans the checker accepted; check again, independently of it.
            let figures = crate::plan::check::check(&y.problem, &p.assignment)
                .unwrap_or_else(|v| panic!("year {}: {v:?}", y.year.year));
            assert_eq!(figures, p.figures);
            assert!(p.optimal, "year {}: range {} bound {}", y.year.year, figures.range, p.bound);
            assert_eq!(figures.range, p.bound, "year {}", y.year.year);
        }
        assert!(s.all_optimal());
        assert_eq!(s.max_gap(), 0);
        assert_eq!(s.total_violations(), 0);
    }

    #[test]
    fn each_year_keeps_the_reservations_made_the_year_before() {
        let s = sim(&sosa(), 2027, 3);
        for pair in s.years.windows(2) {
            let reserved = pair[0].reserved();
            assert!(!reserved.is_empty(), "New Year of {} was reserved", pair[1].year.year);
            let next = pair[1].doctors_by_slot();
            for (slot, ds) in reserved {
                assert_eq!(next.get(&slot), Some(&ds), "slot {slot}");
            }
        }
    }

    #[test]
    fn simulating_twice_gives_identical_results() {
        let rules = sosa();
        let (a, b) = (sim(&rules, 2027, 4), sim(&rules, 2027, 4));
        assert_eq!(a.doctors, b.doctors);
        for (x, y) in a.years.iter().zip(&b.years) {
            assert_eq!(x.problem, y.problem);
            assert_eq!(x.planned.assignment, y.planned.assignment);
            assert_eq!(x.planned.figures, y.planned.figures);
            assert_eq!(x.reserved(), y.reserved());
        }
        let (a, b) = (
            simulate_round_robin(&rules, &[], 2027, 4),
            simulate_round_robin(&rules, &[], 2027, 4),
        );
        assert_eq!(a.doctors, b.doctors);
        assert_eq!(a.violations, b.violations);
    }

    #[test]
    fn the_round_robin_baseline_covers_every_slot_but_breaks_the_exemption() {
        let s = simulate_round_robin(&sosa(), &[], 2027, 5);
        assert_eq!(s.years.len(), 5);
        for y in &s.years {
            let vs = crate::plan::check::check(&y.problem, &y.planned.assignment).unwrap_err();
            assert!(vs.iter().all(|v| v.rule != crate::plan::check::Rule::Coverage), "{vs:?}");
            assert!(vs.iter().any(|v| v.rule == crate::plan::check::Rule::Exemption), "{vs:?}");
        }
        assert!(s.total_violations() > 0);
        let total: u32 = s.doctors.iter().map(|d| d.counts["regular"]).sum();
        let regular: usize = s
            .years
            .iter()
            .map(|y| {
                y.year.slots.iter().filter(|s| s.kind == crate::calendar::SlotKind::Regular).count()
            })
            .sum();
        assert_eq!(total as usize, regular);
    }

    #[test]
    fn a_failing_year_is_named_in_the_error() {
        let err = SimError {
            year: 2031,
            source: PlanError::Clashes(vec![crate::plan::Clash {
                year: 2031,
                slot: chrono::NaiveDate::from_ymd_opt(2031, 6, 3),
                why: crate::msg::plan::ClashWhy::GapTooWide,
            }]),
        };
        assert!(err.to_string().starts_with("year 2031: the hard rules cannot all hold"), "{err}");
    }
}
