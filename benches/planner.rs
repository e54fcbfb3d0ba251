//! The planner against its counting bound and against the round-robin baseline, on generated
//! associations (the shipped rules with N doctors, k per slot, no absences, no history).
//!
//! `cargo bench --bench planner`; `TOBAN_BENCH_QUICK=1` runs N = 10 only (a smoke run for CI).
//! `TOBAN_BENCH_SOLVER=highs cargo bench --features highs --bench planner` runs it on HiGHS.
//! `TOBAN_BENCH_SIM_MAX_N` changes the largest N whose 20-year simulation is planned by the
//! optimiser (see `SIM_MAX_N`).
//!
//! Then issue 20's instances, which must each stay optimal within 1 s: the two rotas of an
//! association with a clinic group's night duty beside its own (the shipped rules plus
//! [`NORTH`]), and plans after partial covers (a re-plan from October of a year whose first
//! half has some days covered by colleagues, and the next year planned on a ledger that
//! carries those parts).

use std::time::Instant;

use toban::calendar::HolidayCalendar;
use toban::plan::baseline::{evaluate, round_robin};
use toban::plan::simulate::{Simulation, simulate, simulate_round_robin};
use toban::plan::solve::Options;
use toban::plan::testing::generated;
use toban::plan::testing::parts::{next_year, parts, replan, with_partial_covers};
use toban::plan::year::{Context, YearPlan, calendar_years, plan_one_year};
use toban::rules::{Rules, Source};

const YEAR: i32 = 2027;
const SIM_YEARS: usize = 20;
/// The largest N whose 20-year simulation runs with the optimiser by default: all of them, now
/// that the counts stage is an exact table (a 20-year simulation of N = 60 takes about 4 s on 2
/// cores; before, most of its years ran into the MILP's time limit and it took minutes).
const SIM_MAX_N: usize = 60;

fn main() {
    let quick = std::env::var("TOBAN_BENCH_QUICK").is_ok_and(|v| v == "1");
    let sim_max_n: usize = std::env::var("TOBAN_BENCH_SIM_MAX_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SIM_MAX_N);
    let sizes: &[usize] = if quick { &[10] } else { &[10, 20, 40, 60] };
    let options = Options { backend: backend(), ..Options::default() };

    println!(
        "toban planner benchmark: plan year {YEAR} of generated associations ({}, time limit {} s per solve)",
        options.backend.name(),
        options.time_limit_s
    );
    println!();
    println!(
        "  secs     time to plan year {YEAR} (build + holidays + bound + MILP + check), release build"
    );
    println!(
        "  range    fairness range of the plan (max − min deviation, points; regular slot = 2)"
    );
    println!(
        "  bound    the planner's lower bound on the range; gap = range − bound; opt = proven optimal"
    );
    println!(
        "  rr       round-robin baseline on the same problem: range, gap vs the same bound, checker violations"
    );
    println!(
        "  rot      holiday rotation over {SIM_YEARS} plan years from {YEAR}, each planned from the ledger of the ones before:"
    );
    println!(
        "           spread = max over holiday periods of (max − min) per-doctor count of that period's slots;"
    );
    println!(
        "           ideal is 0 when N divides {SIM_YEARS}·k, else 1 (some doctors' turn has not come yet);"
    );
    println!("           max = most slots of one period any doctor had (ideal ⌈{SIM_YEARS}·k/N⌉);");
    println!(
        "           dbl = doctor-years with two holiday slots in one plan year; sim gap = worst range − bound of any year;"
    );
    println!("           opt yr = years whose plan is proven optimal (range = bound)");
    println!(
        "           q yr = years whose plan is proven the fairest of those that give the holidays as the queue did"
    );
    if sim_max_n < 60 {
        println!(
            "  The planner's simulation runs for N ≤ {sim_max_n} only (TOBAN_BENCH_SIM_MAX_N). The baseline's runs for every N."
        );
    }
    println!();
    println!(
        "{:>3} {:>2} | {:>6} {:>5} {:>5} {:>3} {:>4} | {:>6} {:>5} {:>5} | {:>7} {:>6} {:>3} {:>3} {:>7} {:>6} {:>6} | {:>9} {:>6} {:>3} {:>3}",
        "N",
        "k",
        "secs",
        "range",
        "bound",
        "gap",
        "opt",
        "rr rng",
        "rr gp",
        "rr vi",
        "sim s",
        "spread",
        "max",
        "dbl",
        "sim gap",
        "opt yr",
        "q yr",
        "rr spread",
        "rr max",
        "dbl",
        "vi"
    );
    let total = Instant::now();
    for &n in sizes {
        for k in [1, 2] {
            row(n, k, &options, n <= sim_max_n);
        }
    }
    issue_20(&options, quick);
    println!();
    println!("total {:.1} s", total.elapsed().as_secs_f64());
}

/// A clinic group's night duty beside the association's (as in tests/it/rotas.rs).
const NORTH: &str = r#"
[[rota]]
id = "north"
name = "北部グループ夜間当番"
doctors = ["d02", "d04", "d06", "d08"]
handover_weekday = "thu"
"#;

/// The re-plan date of the partial-cover cases (a year whose first half is done).
const REPLAN_FROM: (u32, u32) = (10, 1);

/// Issue 20's instances: each rota of a two-rota association, and plans after partial covers.
fn issue_20(options: &Options, quick: bool) {
    println!();
    println!(
        "issue 20: several rotas and plans after partial covers (each must be optimal within 1 s)"
    );
    println!(
        "{:<58} | {:>6} {:>5} {:>5} {:>3} {:>4} {:>5}",
        "case", "secs", "range", "bound", "gap", "opt", "q opt"
    );
    let cal = HolidayCalendar::build(calendar_years(YEAR), &[]);
    let rules = two_rotas();
    for id in rules.rota_ids() {
        let scoped = rules.for_rota(&id).expect("a rota of the rules");
        let name = format!("two rotas: {id} ({} doctors)", scoped.doctors.len());
        timed(&name, || {
            plan_one_year(&scoped, &cal, YEAR, &Context::default(), options, &mut |_| {})
        });
    }
    let sizes: &[usize] = if quick { &[10] } else { &[10, 20, 40, 60] };
    for &n in sizes {
        let rules = generated(n, 1);
        let Ok(base) = plan_one_year(&rules, &cal, YEAR, &Context::default(), options, &mut |_| {})
        else {
            println!("N = {n}: the base year failed");
            continue;
        };
        let (m, d) = REPLAN_FROM;
        let from = chrono::NaiveDate::from_ymd_opt(YEAR, m, d).unwrap();
        let duties = with_partial_covers(&rules, &base, from);
        let name = format!("N = {n}: re-plan {YEAR} from {from}, {} parts before", parts(&duties));
        timed(&name, || {
            plan_one_year(&rules, &cal, YEAR, &replan(&base, from, &duties), options, &mut |_| {})
        });
        let next = YEAR + 1;
        let cal_next = HolidayCalendar::build(calendar_years(next), &[]);
        let ctx = next_year(&rules, &base, &duties);
        let name = format!("N = {n}: plan {next} on a ledger with {YEAR}'s parts");
        timed(&name, || plan_one_year(&rules, &cal_next, next, &ctx, options, &mut |_| {}));
        // The same year on a ledger without them: whether a gap is the parts' or the size's.
        let plain = next_year(&rules, &base, &base.duties());
        let name = format!("N = {n}: plan {next} on a ledger without parts");
        timed(&name, || plan_one_year(&rules, &cal_next, next, &plain, options, &mut |_| {}));
    }
}

/// Prints one row of issue 20's table: the time to plan and the plan's figures.
fn timed(name: &str, plan: impl FnOnce() -> Result<YearPlan, toban::plan::solve::PlanError>) {
    let t = Instant::now();
    let plan = plan();
    let secs = t.elapsed().as_secs_f64();
    match plan {
        Ok(p) => {
            let p = &p.planned;
            println!(
                "{name:<58} | {secs:>6.2} {:>5} {:>5} {:>3} {:>4} {:>5}",
                p.figures.range,
                p.bound,
                p.figures.range - p.bound,
                if p.optimal { "yes" } else { "no" },
                if p.optimal_given_holidays() { "yes" } else { "no" }
            );
        }
        Err(e) => println!("{name:<58} | failed after {secs:.2} s: {e}"),
    }
}

/// The shipped rules with [`NORTH`].
fn two_rotas() -> Rules {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).expect("the shipped rules");
    toban::rules::load(&[
        Source {
            path: "association.toml".into(),
            text: format!("{}{NORTH}", read("association.toml")),
        },
        Source { path: "members.toml".into(), text: read("members.toml") },
    ])
    .expect("the shipped rules with a second rota load")
}

fn row(n: usize, k: usize, options: &Options, with_sim: bool) {
    let rules = generated(n, k);
    let cal = HolidayCalendar::build(calendar_years(YEAR), &[]);
    let t = Instant::now();
    let plan = plan_one_year(&rules, &cal, YEAR, &Context::default(), options, &mut |_| {});
    let secs = t.elapsed().as_secs_f64();
    let plan = match plan {
        Ok(p) => p,
        Err(e) => {
            println!("{n:>3} {k:>2} | failed after {secs:.2} s: {e}");
            return;
        }
    };
    let p = &plan.planned;
    let rr = evaluate(&plan.problem, &round_robin(&plan.problem));
    let mut line = format!(
        "{n:>3} {k:>2} | {secs:>6.2} {:>5} {:>5} {:>3} {:>4} | {:>6} {:>5} {:>5} |",
        p.figures.range,
        p.bound,
        p.figures.range - p.bound,
        if p.optimal { "yes" } else { "no" },
        rr.figures.range,
        rr.figures.range - p.bound,
        rr.violations.len(),
    );
    if with_sim {
        let t = Instant::now();
        match simulate(&rules, &[], YEAR, SIM_YEARS, options, &mut |_, _| {}) {
            Ok(sim) => {
                let (spread, max, dbl) = rotation(&sim);
                line += &format!(
                    " {:>7.1} {spread:>6} {max:>3} {dbl:>3} {:>7} {:>6} {:>6} |",
                    t.elapsed().as_secs_f64(),
                    sim.max_gap(),
                    format!("{}/{}", sim.optimal_years(), sim.years.len()),
                    format!("{}/{}", sim.optimal_given_holidays_years(), sim.years.len())
                );
            }
            Err(e) => line += &format!(" simulation failed: {e} |"),
        }
    } else {
        line += &format!(
            " {:>7} {:>6} {:>3} {:>3} {:>7} {:>6} {:>6} |",
            "-", "-", "-", "-", "-", "-", "-"
        );
    }
    let rr_sim = simulate_round_robin(&rules, &[], YEAR, SIM_YEARS);
    let (spread, max, dbl) = rotation(&rr_sim);
    line += &format!(" {spread:>9} {max:>6} {dbl:>3} {:>3}", rr_sim.total_violations());
    println!("{line}");
}

/// (rotation spread, max count of one period, doctor-years with two holiday slots).
fn rotation(sim: &Simulation) -> (u32, u32, usize) {
    let max = sim.periods.iter().map(|p| sim.max_holiday_count(p)).max().unwrap_or(0);
    (sim.rotation_spread(), max, sim.double_holiday_years().len())
}

/// microlp, or HiGHS when built with the `highs` feature and `TOBAN_BENCH_SOLVER=highs`.
fn backend() -> toban::plan::model::Backend {
    #[cfg(feature = "highs")]
    if std::env::var("TOBAN_BENCH_SOLVER").is_ok_and(|v| v == "highs") {
        return toban::plan::model::Backend::Highs;
    }
    toban::plan::model::Backend::Microlp
}
