use super::*;
use crate::calendar::{HolidayCalendar, plan_year};
use crate::plan::build::{Inputs, build};
use crate::plan::ledger::Ledger;
use crate::rules::{self, Rules, Source};
use std::collections::BTreeMap;

pub const SOSA_ASSOCIATION: &str = include_str!("../../../rules/association.toml");
pub const SOSA_MEMBERS: &str = include_str!("../../../rules/members.toml");

pub fn sosa() -> Rules {
    let sources = [
        Source { path: "association.toml".into(), text: SOSA_ASSOCIATION.into() },
        Source { path: "members.toml".into(), text: SOSA_MEMBERS.into() },
    ];
    rules::load(&sources).unwrap()
}

pub fn problem_for(rules: &Rules, year: i32) -> Problem {
    let cal = HolidayCalendar::build((year - 2)..=(year + 3), &[]);
    let (prev, this, next) = (
        plan_year(rules, &cal, year - 1),
        plan_year(rules, &cal, year),
        plan_year(rules, &cal, year + 1),
    );
    let known = BTreeMap::new();
    let ledger = Ledger::default();
    build(&Inputs {
        rules,
        prev: &prev,
        this: &this,
        next: &next,
        known: &known,
        pinned: &[],
        away: &[],
        ledger: &ledger,
        previous: None,
        parts: &BTreeMap::new(),
    })
}

#[test]
fn the_sosa_year_is_planned_optimally() {
    let rules = sosa();
    let p = problem_for(&rules, 2027);
    let t = std::time::Instant::now();
    let planned = plan(&p, &Options::default(), &mut |e| eprintln!("{e:?}"))
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "solved in {:?}: range {} bound {}",
        t.elapsed(),
        planned.figures.range,
        planned.bound
    );
    assert!(planned.optimal, "range {} vs bound {}", planned.figures.range, planned.bound);
}

#[test]
fn planning_the_same_year_twice_gives_identical_plans() {
    let rules = sosa();
    let p = problem_for(&rules, 2027);
    let a = plan(&p, &Options::default(), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let b = plan(&p, &Options::default(), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.assignment, b.assignment);
    assert_eq!(a.figures, b.figures);
    assert_eq!(a.bound, b.bound);
    assert_eq!(problem_for(&rules, 2027), p, "building the problem is deterministic too");
}

/// Everyone is marked absent in one slot of `kind`; the plan must fail naming that slot.
fn everyone_absent_in(kind: &str) -> (String, PlanError) {
    let mut p = problem_for(&sosa(), 2027);
    let s = p
        .assignable()
        .find(|&s| p.slots[s].role == crate::plan::Role::Plan && p.slots[s].kind.as_str() == kind)
        .unwrap();
    for d in &mut p.doctors {
        d.available[s] = false;
    }
    let err = plan(&p, &Options::default(), &mut |_| {}).expect_err("no one can take the slot");
    (p.slots[s].id.clone(), err)
}

#[test]
fn a_slot_where_everyone_is_absent_is_a_clash_naming_the_slot_and_the_absences() {
    for kind in ["regular", "golden_week"] {
        let (id, err) = everyone_absent_in(kind);
        let PlanError::Clashes(clashes) = &err else {
            panic!("{kind}: expected clashes, got {err}")
        };
        let clash = clashes
            .iter()
            .find(|c| c.slot.map(|d| d.to_string()) == Some(id.clone()))
            .unwrap_or_else(|| {
                panic!("{kind}: no clash names slot {id}: {clashes:?}");
            });
        assert!(
            clash.why.en().contains(
                "absent or not a member: d01, d02, d03, d04, d05, d06, d07, d08, d09, d10"
            ),
            "{kind}: {clash}"
        );
        assert!(err.to_string().contains(&format!("slot {id}: ")), "{err}");
    }
}

mod generated {
    //! Plans of generated associations: N doctors, k per slot, random absences and balances.

    use super::*;
    use crate::plan::build::Away;
    use crate::plan::check::check;
    use crate::plan::ledger::Entry;
    use crate::plan::testing::{association_text, doctor_id, members_text};
    use crate::plan::year::{Context, calendar_years, plan_one_year};
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    fn rules_for(n: usize, k: usize) -> Rules {
        // By text substitution on the shipped association and a generated members file.
        let sources = [
            Source { path: "association.toml".into(), text: association_text(k) },
            Source { path: "members.toml".into(), text: members_text(n) },
        ];
        rules::load(&sources).unwrap_or_else(|e| panic!("{e}"))
    }

    fn ledger(rules: &Rules, balances: &[i64]) -> Ledger {
        let doctors = rules
            .doctors
            .iter()
            .zip(balances)
            .map(|(d, &balance)| Entry {
                id: d.id.to_string(),
                balance,
                last: rules.holiday_periods.iter().map(|p| (p.id.clone(), None)).collect(),
                ..Entry::default()
            })
            .collect();
        Ledger { doctors, years: vec![2026] }
    }

    /// A short time limit per solve keeps each case to about a second: microlp often cannot prove
    /// the min-range counts models of k = 2 instances optimal and runs to the limit (twice per
    /// plan: the class bound and stage 2), so with the default 10 s a run took minutes. Every
    /// property below must hold whatever the time limit: it only changes how good the plan is.
    const OPTIONS: Options =
        Options { backend: crate::plan::model::Backend::Microlp, time_limit_s: 0.5 };

    /// (N, k) with 4 ≤ N ≤ 14, k ∈ {1, 2}, N ≥ 4k.
    fn size() -> impl Strategy<Value = (usize, usize)> {
        (1usize..=2).prop_flat_map(|k| ((4 * k)..=14usize, Just(k)))
    }

    /// Up to three absences: (doctor number, first week, weeks 1–3).
    fn absences() -> impl Strategy<Value = Vec<(usize, u64, u64)>> {
        prop::collection::vec((0usize..14, 0u64..52, 1u64..=3), 0..=3)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn a_generated_association_gets_a_checked_plan_no_fairer_than_its_bound_or_named_clashes(
            (n, k) in size(),
            absences in absences(),
            balances in prop::collection::vec(-6i64..=6, 14),
        ) {
            let rules = rules_for(n, k);
            let start = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
            let away: Vec<Away> = absences
                .iter()
                .map(|&(d, week, weeks)| {
                    let from = start + Days::new(7 * week);
                    Away { doctor: doctor_id(d % n + 1), from, to: from + Days::new(7 * weeks - 1), soft: false }
                })
                .collect();
            let ctx = Context { away, ledger: ledger(&rules, &balances[..n]), ..Context::default() };
            let cal = HolidayCalendar::build(calendar_years(2027), &[]);
            match plan_one_year(&rules, &cal, 2027, &ctx, &OPTIONS, &mut |_| {}) {
                Ok(y) => {
                    let p = &y.planned;
                    let figures = check(&y.problem, &p.assignment);
                    prop_assert!(figures.is_ok(), "checker refused: {:?}", figures);
                    let figures = figures.unwrap();
                    prop_assert_eq!(&figures, &p.figures);
                    prop_assert!(figures.range >= p.bound, "range {} < bound {}", figures.range, p.bound);
                    prop_assert_eq!(p.optimal, figures.range == p.bound);
                    if let Some(h) = p.holidays_bound {
                        prop_assert!(h >= p.bound, "the queue's least range {h} is below the bound {}", p.bound);
                        prop_assert!(figures.range >= h, "a plan fairer than its proven least range");
                    }
                }
                Err(PlanError::Clashes(clashes)) => {
                    let ids: Vec<String> = [2026, 2027, 2028]
                        .iter()
                        .flat_map(|&y| plan_year(&rules, &cal, y).slots)
                        .map(|s| s.id)
                        .collect();
                    prop_assert!(!clashes.is_empty());
                    for c in &clashes {
                        prop_assert!(!c.why.en().is_empty(), "{}", c);
                        prop_assert!(
                            c.slot.is_some_and(|d| ids.contains(&d.to_string()))
                                || (c.slot.is_none() && c.year == 2027),
                            "clash names no slot: {}", c
                        );
                    }
                }
                Err(e) => prop_assert!(false, "not a clash: {}", e),
            }
        }

        /// The exact table and the MILP answer the same question two ways: wherever the MILP
        /// proves its least range, the table must give the same one (and never a smaller one
        /// anywhere, since the MILP's found range is achievable).
        #[test]
        fn the_counts_table_agrees_with_the_milp_on_the_least_range(
            (n, k) in size(),
            absences in absences(),
            balances in prop::collection::vec(-6i64..=6, 14),
        ) {
            use crate::plan::model::{CountsModel, fixed_deviation};
            let rules = rules_for(n, k);
            let start = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
            let away: Vec<Away> = absences
                .iter()
                .map(|&(d, week, weeks)| {
                    let from = start + Days::new(7 * week);
                    Away { doctor: doctor_id(d % n + 1), from, to: from + Days::new(7 * weeks - 1), soft: false }
                })
                .collect();
            let ctx = Context { away, ledger: ledger(&rules, &balances[..n]), ..Context::default() };
            let cal = HolidayCalendar::build(calendar_years(2027), &[]);
            let (_, _, p) = crate::plan::year::year_problem(&rules, &cal, 2027, &ctx);
            let free = crate::plan::bound::free_plan_slots(&p);
            let classes = crate::plan::model::weight_classes(&p, &free);
            let base: Vec<i64> = (0..p.doctors.len()).map(|d| fixed_deviation(&p, &p.fixed, d)).collect();
            let max_slots = vec![u32::try_from(free.len()).unwrap().div_ceil(2); p.doctors.len()];
            let avail = |d: usize, s: usize| p.doctors[d].available[s];
            let model = CountsModel {
                problem: &p,
                classes: &classes,
                eligible: &avail,
                base: &base,
                max_slots: &max_slots,
                backend: OPTIONS.backend,
                time_limit_s: 2.0,
            };
            let table = model.least(0).unwrap();
            let milp = model.least_milp(0).unwrap();
            match (table, milp) {
                (Some(t), Some(m)) => {
                    prop_assert!(t.proven);
                    prop_assert!(t.range <= m.range, "table {} > milp {}", t.range, m.range);
                    if m.proven {
                        prop_assert_eq!(t.range, m.range);
                    }
                }
                (None, None) => {}
                (t, m) => prop_assert!(false, "table {:?} but milp {:?}", t, m),
            }
        }
    }
}

#[test]
fn the_least_range_counts_have_the_range_of_the_full_counts_solve() {
    // The class bound solves only the first stage of the counts model: same range, same proof.
    use crate::plan::model::{Backend, CountsModel, fixed_deviation};
    let p = problem_for(&sosa(), 2027);
    let free = crate::plan::bound::free_plan_slots(&p);
    let classes = crate::plan::model::weight_classes(&p, &free);
    let base: Vec<i64> = (0..p.doctors.len()).map(|d| fixed_deviation(&p, &p.fixed, d)).collect();
    let max_slots = vec![26; p.doctors.len()];
    let avail = |d: usize, s: usize| p.doctors[d].available[s];
    let model = CountsModel {
        problem: &p,
        classes: &classes,
        eligible: &avail,
        base: &base,
        max_slots: &max_slots,
        backend: Backend::Microlp,
        time_limit_s: 10.0,
    };
    let least = model.least(0).unwrap();
    let full = model.counts(0).unwrap();
    let (least, full) = (least.unwrap(), full.unwrap());
    assert!(least.proven);
    assert_eq!((least.range, least.proven), (full.range, full.proven));
}

/// Re-planning after an absence changes as little as possible and spreads what changes. Here
/// d01's target drops by 2 points, two colleagues' targets rise by 1 each, and because a doctor
/// holding 3-point slots can only move by an even number of them, one colleague must trade two
/// 3-point slots for three 2-point ones (5 changes): about 10 changes are forced. Spacing swaps
/// made after fairness must not undo the rest of the year for nicer gaps (measured with a lighter
/// change cost: 20 changes, one doctor with 8).
#[test]
fn a_replan_changes_little_and_spreads_it() {
    use crate::plan::build::Away;
    use crate::plan::year::{Context, calendar_years, plan_one_year};
    use chrono::NaiveDate;
    let rules = sosa();
    let cal = HolidayCalendar::build(calendar_years(2027), &[]);
    let options = Options::default();
    let first = plan_one_year(&rules, &cal, 2027, &Context::default(), &options, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let before = first.doctors_by_slot();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2027, 2, 2).unwrap(),
        NaiveDate::from_ymd_opt(2027, 4, 26).unwrap(),
    );
    let away = vec![Away { doctor: "d01".into(), from, to, soft: false }];
    let ctx = Context { away, previous: Some(before.clone()), ..Context::default() };
    let second = plan_one_year(&rules, &cal, 2027, &ctx, &options, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let after = second.doctors_by_slot();
    let in_window = |slot: &str| {
        let day: NaiveDate = slot.parse().unwrap();
        day + chrono::Days::new(6) >= from && day <= to
    };
    assert!(
        before.iter().any(|(s, d)| in_window(s) && d.contains(&"d01".to_string())),
        "the scenario needs a duty of d01 inside the absence"
    );
    assert!(after.iter().all(|(s, d)| !in_window(s) || !d.contains(&"d01".to_string())));
    let mut changes: BTreeMap<String, usize> = BTreeMap::new();
    for (slot, was) in &before {
        let now = &after[slot];
        let moved =
            was.iter().filter(|d| !now.contains(d)).chain(now.iter().filter(|d| !was.contains(d)));
        for d in moved {
            *changes.entry(d.clone()).or_default() += 1;
        }
    }
    let total: usize = changes.values().sum();
    let worst = changes.iter().filter(|(d, _)| *d != "d01").map(|(_, &c)| c).max().unwrap_or(0);
    assert!(total <= 12, "too many changes: {changes:?}");
    assert!(worst <= 5, "one doctor carries too many changes: {changes:?}");
    assert!(second.planned.optimal, "stability never costs fairness");
}

/// Found by the benchmark (issue 20): a re-plan of N = 40 from October, after partial covers in
/// the months before, planned a range of 4 against a bound of 3 and so could not call itself
/// optimal. The bound's counts model let a doctor take a slot next to their own pinned duty (it
/// asked only whether they were available), so it allowed a range no plan can have. Any plan
/// keeps the gap and the exemption around the pinned duties; the bound now does too, and proves
/// the 4.
#[test]
fn a_replan_after_partial_covers_proves_its_range_counting_the_gap_to_pinned_duties() {
    use crate::plan::testing::{generated, parts};
    use crate::plan::year::{Context, calendar_years, plan_one_year};
    let rules = generated(40, 1);
    let cal = HolidayCalendar::build(calendar_years(2027), &[]);
    let options = Options::default();
    let base = plan_one_year(&rules, &cal, 2027, &Context::default(), &options, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let from = chrono::NaiveDate::from_ymd_opt(2027, 10, 1).unwrap();
    let duties = parts::with_partial_covers(&rules, &base, from);
    assert_eq!(parts::parts(&duties), 7, "the benchmark's instance");
    let ctx = parts::replan(&base, from, &duties);
    let again = plan_one_year(&rules, &cal, 2027, &ctx, &options, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let p = &again.planned;
    assert!(p.optimal, "range {} against bound {}", p.figures.range, p.bound);
}

/// The benchmark's N = 60, k = 1 in its second year: the queue gives the holidays to whoever
/// waited longest before fairness is weighed, so the range (5) stays above the bound (2), which
/// does not assume the queue. The plan is still the fairest of those that give the holidays as
/// the queue did, and says so: the office reads "no plan with the holidays in the rotation's
/// order is fairer" rather than only a gap.
#[test]
fn a_plan_above_its_bound_because_of_the_holiday_queue_is_proven_the_fairest_given_the_queue() {
    use crate::plan::testing::{generated, parts};
    use crate::plan::year::{Context, calendar_years, plan_one_year};
    let rules = generated(60, 1);
    let cal = HolidayCalendar::build(calendar_years(2027), &[]);
    let options = Options::default();
    let base = plan_one_year(&rules, &cal, 2027, &Context::default(), &options, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let ctx = parts::next_year(&rules, &base, &base.duties());
    let cal = HolidayCalendar::build(calendar_years(2028), &[]);
    let next = plan_one_year(&rules, &cal, 2028, &ctx, &options, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let p = &next.planned;
    assert!(
        !p.optimal,
        "the scenario needs a plan above its bound: {} vs {}",
        p.figures.range, p.bound
    );
    assert_eq!(p.holidays_bound, Some(p.figures.range), "bound {}", p.bound);
    assert!(p.optimal_given_holidays());
}
