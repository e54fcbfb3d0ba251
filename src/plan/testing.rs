//! Associations for tests and the benchmark: the shipped Sosa rules, and generated ones with N
//! doctors and k per slot.
//!
//! Generated rules are the shipped `rules/association.toml` with `doctors_per_slot` substituted,
//! plus a generated members file, loaded through [`crate::rules::load`] like any rules directory:
//! so every generated association has passed the same validation an admin's files would.

pub mod parts;

use std::collections::BTreeMap;

use super::Problem;
use super::build::{Inputs, build};
use super::ledger::Ledger;
use crate::calendar::{HolidayCalendar, plan_year};
use crate::rules::{self, Rules, Source};

/// The shipped `rules/association.toml`.
pub const SOSA_ASSOCIATION: &str = include_str!("../../rules/association.toml");
/// The shipped `rules/members.toml`.
pub const SOSA_MEMBERS: &str = include_str!("../../rules/members.toml");

/// The shipped Sosa rules (10 doctors, one per slot).
///
/// # Panics
/// If the shipped rules do not load (a test failure in itself).
pub fn sosa() -> Rules {
    load(SOSA_ASSOCIATION.to_string(), SOSA_MEMBERS.to_string())
}

/// The shipped association text with `doctors_per_slot = k`.
///
/// # Panics
/// If the shipped file no longer says `doctors_per_slot = 1` (the substitution would be silent).
pub fn association_text(k: usize) -> String {
    const NEEDLE: &str = "doctors_per_slot = 1";
    assert!(SOSA_ASSOCIATION.contains(NEEDLE), "rules/association.toml lost `{NEEDLE}`");
    SOSA_ASSOCIATION.replacen(NEEDLE, &format!("doctors_per_slot = {k}"), 1)
}

/// A members file with `n` full-time doctors `d01`, `d02`, … who joined in 2000 and never left.
pub fn members_text(n: usize) -> String {
    let mut out = String::from("# Generated members.\n");
    for i in 1..=n {
        out.push_str(&format!(
            "\n[[doctor]]\nid = \"{id}\"\nname = \"Doctor {i}\"\nclinic = \"Clinic {i}\"\njoined = 2000-01-01\n",
            id = doctor_id(i)
        ));
    }
    out
}

/// The id of the `i`-th generated doctor (1-based): `d01` … `d99`, then `d100` ….
pub fn doctor_id(i: usize) -> String {
    format!("d{i:02}")
}

/// The shipped association with `n` generated doctors and `k` doctors per slot.
///
/// # Panics
/// If the generated rules do not load (e.g. `k > n`).
pub fn generated(n: usize, k: usize) -> Rules {
    load(association_text(k), members_text(n))
}

/// The problem of plan year `year` with no history, absences or pins (the law's holidays only).
pub fn fresh_problem(rules: &Rules, year: i32) -> Problem {
    let cal = HolidayCalendar::build(super::year::calendar_years(year), &[]);
    let (prev, this, next) = (
        plan_year(rules, &cal, year - 1),
        plan_year(rules, &cal, year),
        plan_year(rules, &cal, year + 1),
    );
    build(&Inputs {
        rules,
        prev: &prev,
        this: &this,
        next: &next,
        known: &BTreeMap::new(),
        pinned: &[],
        away: &[],
        ledger: &Ledger::default(),
        previous: None,
        parts: &BTreeMap::new(),
    })
}

fn load(association: String, members: String) -> Rules {
    let sources = [
        Source { path: "association.toml".into(), text: association },
        Source { path: "members.toml".into(), text: members },
    ];
    rules::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_association_has_the_asked_doctors_and_slot_size() {
        let r = generated(14, 2);
        assert_eq!(r.doctors.len(), 14);
        assert_eq!(r.doctors_per_slot, 2);
        assert_eq!(r.doctors[13].id.as_str(), "d14");
        assert_eq!(r.exempt_slots(14), 7);
    }

    #[test]
    fn the_shipped_rules_load() {
        assert_eq!(sosa().doctors.len(), 10);
    }
}
