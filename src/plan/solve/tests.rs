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
