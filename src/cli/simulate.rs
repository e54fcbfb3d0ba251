//! `toban simulate --years N`: many consecutive years planned in memory, to see how the holiday
//! rotation and the load spread out over a career. Nothing is saved.

use std::io::Write;
use std::time::Instant;

use serde_json::json;

use super::table::Table;
use super::{Args, Format, load_inputs};
use crate::plan::simulate::{Simulation, simulate, simulate_round_robin};
use crate::plan::solve::Options;

/// Runs the simulation and prints each doctor's counts (table) or every year's rota (JSON).
pub fn run(
    args: &Args,
    years: usize,
    from: Option<i32>,
    baseline: bool,
    format: Format,
) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let first =
        from.unwrap_or_else(|| super::commands::next_plan_year(&inputs, chrono::Utc::now()));
    if first + years as i32 - 1 > 2096 {
        return Err(super::UsageError(format!(
            "{years} years from {first} go past 2096, the last year toban can plan"
        ))
        .into());
    }
    let started = Instant::now();
    let sim = if baseline {
        simulate_round_robin(&inputs.rules, &inputs.overrides, first, years)
    } else {
        let mut stderr = std::io::stderr();
        let mut last = 0;
        simulate(
            &inputs.rules,
            &inputs.overrides,
            first,
            years,
            &Options::default(),
            &mut |y, _| {
                if y != last {
                    last = y;
                    let _ = write!(stderr, "\rplanning {y} ({}/{years}) ...", y - first + 1);
                }
            },
        )?
    };
    eprintln!(
        "\rplanned {years} years from {first} in {:.1} s{}",
        started.elapsed().as_secs_f64(),
        " ".repeat(12)
    );
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&to_json(&sim))?),
        Format::Table => print!("{}", summary(&inputs.rules, &sim, baseline)),
    }
    Ok(())
}

fn to_json(sim: &Simulation) -> serde_json::Value {
    let years: Vec<_> = sim
        .years
        .iter()
        .zip(&sim.violations)
        .map(|(y, violations)| {
            let by_slot = y.doctors_by_slot();
            let slots: Vec<_> = y
                .year
                .slots
                .iter()
                .map(|s| {
                    let mut v = serde_json::to_value(s).unwrap_or_default();
                    v["doctors"] = json!(by_slot.get(&s.id).cloned().unwrap_or_default());
                    v
                })
                .collect();
            json!({
                "year": y.year.year,
                "rota": {
                    "year": y.year.year,
                    "slots": slots,
                    "fairness": {"range": y.planned.figures.range, "bound": y.planned.bound, "optimal": y.planned.optimal},
                },
                "violations": violations,
            })
        })
        .collect();
    let doctors: Vec<_> =
        sim.doctors.iter().map(|d| json!({"id": d.id, "counts": d.counts})).collect();
    json!({ "years": years, "doctors": doctors })
}

fn summary(rules: &crate::rules::Rules, sim: &Simulation, baseline: bool) -> String {
    let mut header = vec!["doctor", "name", "regular"];
    header.extend(sim.periods.iter().map(String::as_str));
    let mut t = Table::new(&header);
    for d in &sim.doctors {
        let name = rules.doctor(&d.id).map(|x| x.name.clone()).unwrap_or_default();
        let mut row =
            vec![d.id.clone(), name, d.counts.get("regular").copied().unwrap_or(0).to_string()];
        row.extend(sim.periods.iter().map(|p| d.counts.get(p).copied().unwrap_or(0).to_string()));
        t.row(row);
    }
    let who = if baseline { "round-robin baseline" } else { "planner" };
    let (first, last) =
        (sim.years.first().map_or(0, |y| y.year.year), sim.years.last().map_or(0, |y| y.year.year));
    let mut out = format!("{who}: plan years {first} to {last}\n{}", t.render());
    for p in &sim.periods {
        out.push_str(&format!(
            "{p}: spread {} (max − min duties per doctor)\n",
            sim.holiday_spread(p)
        ));
    }
    let doubles = sim.double_holiday_years();
    out.push_str(&format!(
        "doctors with two holiday duties in one year: {}\nlargest fairness range in a year: {} points; every year optimal: {}; hard-rule violations: {}\n",
        if doubles.is_empty() { "none".to_string() } else { doubles.iter().map(|(y, d)| format!("{d} in {y}")).collect::<Vec<_>>().join(", ") },
        sim.max_range(),
        if sim.all_optimal() { "yes" } else { "no" },
        sim.total_violations(),
    ));
    out
}
