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
    lang: crate::msg::Lang,
) -> anyhow::Result<()> {
    use crate::msg::Message;
    use crate::msg::cli::Cli;
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let first =
        from.unwrap_or_else(|| super::commands::next_plan_year(&inputs, chrono::Utc::now()));
    if first + years as i32 - 1 > 2096 {
        return Err(crate::msg::refusal::Refusal::SimTooFar {
            years,
            first: crate::msg::words::YearLabel::of(&inputs.rules, first),
        }
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
                    let year = crate::msg::words::YearLabel::of(&inputs.rules, y);
                    let line = Cli::SimPlanning { year, i: (y - first + 1) as usize, n: years };
                    let _ = write!(stderr, "\r{}", line.render(lang));
                }
            },
        )?
    };
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    eprintln!(
        "\r{}{}",
        Cli::SimPlanned {
            years,
            first: crate::msg::words::YearLabel::of(&inputs.rules, first),
            seconds
        }
        .render(lang),
        " ".repeat(12)
    );
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&to_json(&sim))?),
        Format::Table => print!("{}", summary(&inputs.rules, &sim, baseline, lang)),
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

fn summary(
    rules: &crate::rules::Rules,
    sim: &Simulation,
    baseline: bool,
    lang: crate::msg::Lang,
) -> String {
    use crate::msg::Message;
    use crate::msg::cli::{Cli, Col};
    let period_name = |p: &str| match lang {
        crate::msg::Lang::En => p.to_string(),
        crate::msg::Lang::Ja => rules
            .holiday_periods
            .iter()
            .find(|h| h.id.as_str() == p)
            .map_or_else(|| p.to_string(), |h| h.name.clone()),
    };
    let mut header: Vec<String> =
        [Col::Doctor, Col::FullName, Col::Regular].iter().map(|c| c.render(lang)).collect();
    header.extend(sim.periods.iter().map(|p| period_name(p)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header);
    for d in &sim.doctors {
        let name = rules.doctor(&d.id).map(|x| x.name.clone()).unwrap_or_default();
        let mut row =
            vec![d.id.clone(), name, d.counts.get("regular").copied().unwrap_or(0).to_string()];
        row.extend(sim.periods.iter().map(|p| d.counts.get(p).copied().unwrap_or(0).to_string()));
        t.row(row);
    }
    let (first, last) =
        (sim.years.first().map_or(0, |y| y.year.year), sim.years.last().map_or(0, |y| y.year.year));
    let label = |y| crate::msg::words::YearLabel::of(rules, y);
    let heading = Cli::SimHeading { baseline, first: label(first), last: label(last) };
    let mut out = format!("{}\n{}", heading.render(lang), t.render());
    for p in &sim.periods {
        let spread =
            Cli::SimSpread { period: period_name(p), spread: sim.holiday_spread(p) as usize };
        out.push_str(&format!("{}\n", spread.render(lang)));
    }
    let doubles = sim
        .double_holiday_years()
        .iter()
        .map(|(y, d)| Cli::SimDouble { doctor: d.to_string(), year: label(*y) }.render(lang))
        .collect();
    let line = Cli::SimSummary {
        doubles,
        max_range: sim.max_range().to_string(),
        optimal: sim.all_optimal(),
        violations: sim.total_violations(),
    };
    out.push_str(&format!("{}\n", line.render(lang)));
    out
}
