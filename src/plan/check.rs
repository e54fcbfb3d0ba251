//! The independent checker: every plan passes [`check`] before it is shown or saved.
//!
//! Why this is separate code: the solver hands a MILP to microlp, a young pure-Rust solver that
//! can return a wrong answer (a tolerance slip, a bug) without reporting an error, and the model
//! itself could encode a rule wrongly. So this module re-derives every hard rule straight from the
//! [`Problem`] with plain loops, shares no code with the model, and recomputes the fairness
//! figures from the assignment alone. A plan the checker rejects is never shown or saved; its
//! violations say which slot, which doctor and which rule, so the failure can be reported.
//!
//! Order of judgement: shape first (lengths, doctor indices, duplicates, targets). If the inputs
//! do not fit together nothing else is judged, so no later check can index out of bounds. Then
//! fixed slots, coverage, availability, gap and exemption, all collected (not just the first) and
//! sorted by (timeline position, rule, doctor).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Assignment, DoctorFigures, Figures, Problem, Role, is_assignable};
use crate::calendar::SlotKind;
use crate::rules::MemberId;

/// Which rule a plan breaks. Ordered as declared; violations at one slot sort in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The plan or the problem does not fit the timeline: a wrong length, a doctor index out of
    /// range, a doctor twice in one slot, or targets that do not match the doctors or the year's
    /// points.
    Shape,
    /// A slot that is history, next year's regular slot or pinned holds other doctors than fixed.
    Fixed,
    /// An assignable slot does not have exactly `k` doctors.
    Coverage,
    /// A doctor is placed in a slot they are not available for (and were not fixed in).
    Availability,
    /// Two duties of one doctor are `min_gap` slots apart or closer.
    Gap,
    /// A doctor has a regular duty in the `exempt` slots before their holiday duty.
    Exemption,
}

/// One broken rule of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// The id of the slot where it is reported; empty when it concerns the whole plan (a wrong
    /// length, targets that do not add up).
    pub slot: String,
    /// The doctor concerned, when there is one (and their index is in range).
    pub doctor: Option<MemberId>,
    /// A sentence naming the doctor and the rule in plain words (English: `what.en()`).
    pub message: String,
    /// What is broken, typed, so readers get it in their language
    /// (`msg::refusal::Refusal::BreaksRules`).
    #[serde(skip)]
    pub what: Broken,
}

/// Why a fixed slot is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FixedWhy {
    /// History before the plan year.
    History,
    /// A regular slot of next year, not planned now.
    NextYear,
    /// Pinned (frozen, started, published).
    Pinned,
}

impl FixedWhy {
    fn en(self) -> &'static str {
        match self {
            FixedWhy::History => "history before the plan year",
            FixedWhy::NextYear => "a regular slot of next year, not planned now",
            FixedWhy::Pinned => "pinned",
        }
    }
}

/// What a [`Violation`] says, with its data (doctor and slot ids).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Broken {
    /// The problem or plan is malformed (a program error, not a rule a person broke): the
    /// English detail.
    Shape(String),
    /// A doctor is on duty in a slot fixed to others.
    FixedToOthers {
        /// The doctor.
        doctor: String,
        /// Why the slot is fixed.
        why: FixedWhy,
        /// Its fixed doctors.
        fixed: Vec<String>,
    },
    /// A fixed doctor is missing.
    FixedMissing {
        /// The doctor.
        doctor: String,
        /// Why the slot is fixed.
        why: FixedWhy,
    },
    /// A slot has not exactly `k` doctors.
    Coverage {
        /// Who is on duty.
        on_duty: Vec<String>,
        /// How many it needs.
        k: usize,
    },
    /// A doctor is on duty while unavailable.
    Unavailable {
        /// The doctor.
        doctor: String,
    },
    /// Two duties closer than the gap.
    Gap {
        /// The doctor.
        doctor: String,
        /// The earlier slot.
        first: String,
        /// The later slot.
        second: String,
        /// The minimum gap in slots.
        gap: usize,
    },
    /// A regular duty inside a holiday duty's exemption.
    Exemption {
        /// The doctor.
        doctor: String,
        /// The regular slot.
        regular: String,
        /// Slots exempt before a holiday duty.
        exempt: usize,
        /// The holiday slot.
        holiday: String,
    },
    /// Nothing (the default, for values built by hand).
    #[default]
    Unknown,
}

impl Broken {
    /// The English sentence.
    pub fn en(&self) -> String {
        let names = |ds: &[String]| if ds.is_empty() { "nobody".into() } else { ds.join(", ") };
        match self {
            Broken::Shape(m) => m.clone(),
            Broken::FixedToOthers { doctor, why, fixed } => format!(
                "{doctor} is on duty, but this slot is fixed ({}) to {}",
                why.en(),
                names(fixed)
            ),
            Broken::FixedMissing { doctor, why } => {
                format!("{doctor} is fixed here ({}) but missing from the plan", why.en())
            }
            Broken::Coverage { on_duty, k } => format!(
                "{} on duty ({}), but each slot needs {k}",
                plural(on_duty.len(), "doctor"),
                names(on_duty)
            ),
            Broken::Unavailable { doctor } => format!(
                "{doctor} is on duty, but is not available in this slot (not a member for the \
                 whole slot, or absent)"
            ),
            Broken::Gap { doctor, first, second, gap } => format!(
                "{doctor} is on duty in slots {first} and {second}, closer than the minimum gap of {}",
                plural(*gap, "slot")
            ),
            Broken::Exemption { doctor, regular, exempt, holiday } => format!(
                "{doctor} is on duty in regular slot {regular}, within the {} before their holiday duty \
                 in slot {holiday} (a holiday duty exempts the turns before it)",
                plural(*exempt, "slot")
            ),
            Broken::Unknown => "a rule is broken".into(),
        }
    }
}

impl fmt::Display for Violation {
    /// `slot {slot}: {message}`, or `plan: {message}` when the violation concerns the whole plan.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.slot.is_empty() {
            write!(f, "plan: {}", self.message)
        } else {
            write!(f, "slot {}: {}", self.slot, self.message)
        }
    }
}

/// Checks `plan` against every hard rule of `problem` and, if it passes, computes its fairness
/// figures from the assignment alone.
///
/// Never panics, whatever the input.
///
/// # Errors
///
/// Returns all violations found, sorted by (timeline position, rule, doctor); whole-plan
/// violations (empty `slot`) come first.
/// - [`Rule::Shape`]: the plan's length differs from the timeline's; a doctor index is out of
///   range; a doctor appears twice in one slot; the problem's `fixed` or a doctor's `available`
///   does not cover the timeline; there is not one target per doctor; or the targets do not sum
///   to `k` × the weights of the `Plan` slots. When any of these is found, only shape violations
///   are returned.
/// - [`Rule::Fixed`]: a slot that is not assignable (`Before`, regular `Reserve`), or an
///   assignable slot with fixed doctors, does not hold exactly its fixed doctors.
/// - [`Rule::Coverage`]: an assignable slot does not have exactly `k` doctors.
/// - [`Rule::Availability`]: a doctor is placed in an assignable slot they are not available
///   for, and the placement is not fixed.
/// - [`Rule::Gap`]: one doctor's duties at timeline positions `i < j` with `j - i <= min_gap`,
///   unless both are fixed; reported at the later slot.
/// - [`Rule::Exemption`]: a doctor on duty in a holiday slot `h` also has a regular duty at `r`
///   with `h - exempt <= r < h`, unless both are fixed; reported at `r`.
pub fn check(problem: &Problem, plan: &Assignment) -> Result<Figures, Vec<Violation>> {
    let shape = shape_violations(problem, plan);
    if !shape.is_empty() {
        return Err(sorted(shape));
    }
    let ctx = Ctx { problem, plan: &plan.0 };
    let mut found = fixed_violations(&ctx);
    found.extend(coverage_violations(&ctx));
    found.extend(availability_violations(&ctx));
    found.extend(gap_violations(&ctx));
    found.extend(exemption_violations(&ctx));
    if found.is_empty() { Ok(figures(&ctx)) } else { Err(sorted(found)) }
}

/// A violation with its sort key: timeline position (`None`: the whole plan) and doctor index.
struct Found {
    at: Option<usize>,
    who: Option<usize>,
    violation: Violation,
}

fn sorted(mut found: Vec<Found>) -> Vec<Violation> {
    found.sort_by_key(|f| (f.at, f.violation.rule, f.who));
    found.into_iter().map(|f| f.violation).collect()
}

/// A problem and a plan whose shapes are known to fit (after [`shape_violations`] found nothing),
/// or, during the shape check, a problem whose lookups fall back instead of panicking.
struct Ctx<'a> {
    problem: &'a Problem,
    plan: &'a [Vec<usize>],
}

impl Ctx<'_> {
    fn found(&self, rule: Rule, at: Option<usize>, who: Option<usize>, what: Broken) -> Found {
        let slot = at.and_then(|i| self.problem.slots.get(i)).map(|s| s.id.clone());
        let doctor = who.and_then(|d| self.problem.doctors.get(d)).map(|d| d.id.clone());
        let message = what.en();
        let violation = Violation { rule, slot: slot.unwrap_or_default(), doctor, message, what };
        Found { at, who, violation }
    }

    /// The slot's id (`?` if out of range, which the shape check rules out).
    fn slot_id(&self, i: usize) -> &str {
        self.problem.slots.get(i).map_or("?", |s| s.id.as_str())
    }

    /// The doctor's id, or a description of an out-of-range index.
    fn name(&self, d: usize) -> String {
        match self.problem.doctors.get(d) {
            Some(doc) => doc.id.to_string(),
            None => format!("doctor #{d}"),
        }
    }

    fn names(&self, doctors: &[usize]) -> Vec<String> {
        doctors.iter().map(|&d| self.name(d)).collect()
    }

    fn is_fixed(&self, i: usize, d: usize) -> bool {
        self.problem.fixed.get(i).is_some_and(|f| f.contains(&d))
    }

    /// Timeline positions where doctor `d` is on duty, ascending.
    fn duties(&self, d: usize) -> Vec<usize> {
        self.plan.iter().enumerate().filter(|(_, ds)| ds.contains(&d)).map(|(i, _)| i).collect()
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

// ---------------------------------------------------------------------------------------------
// Shape

fn shape_violations(problem: &Problem, plan: &Assignment) -> Vec<Found> {
    let ctx = Ctx { problem, plan: &plan.0 };
    let mut out = problem_shape(&ctx);
    out.extend(plan_shape(&ctx));
    out.extend(target_shape(&ctx));
    out
}

/// The problem's per-slot and per-doctor data covers the timeline, and fixed doctors are valid.
fn problem_shape(ctx: &Ctx) -> Vec<Found> {
    let p = ctx.problem;
    let n = p.slots.len();
    let mut out = Vec::new();
    if p.fixed.len() != n {
        let msg = format!(
            "the problem has fixed doctors for {}, but the timeline has {n}",
            plural(p.fixed.len(), "slot")
        );
        out.push(ctx.found(Rule::Shape, None, None, Broken::Shape(msg)));
    }
    for (d, doc) in p.doctors.iter().enumerate() {
        if doc.available.len() != n {
            let msg = format!(
                "the availability of {} covers {}, but the timeline has {n}",
                doc.id,
                plural(doc.available.len(), "slot")
            );
            out.push(ctx.found(Rule::Shape, None, Some(d), Broken::Shape(msg)));
        }
    }
    for (i, fixed) in p.fixed.iter().enumerate().take(n) {
        out.extend(entry_shape(ctx, i, fixed, "fixed"));
    }
    out
}

/// The plan has one entry per slot, with valid, distinct doctors.
fn plan_shape(ctx: &Ctx) -> Vec<Found> {
    let n = ctx.problem.slots.len();
    let mut out = Vec::new();
    if ctx.plan.len() != n {
        let msg =
            format!("the plan has {}, but the timeline has {n}", plural(ctx.plan.len(), "slot"));
        out.push(ctx.found(Rule::Shape, None, None, Broken::Shape(msg)));
    }
    for (i, doctors) in ctx.plan.iter().enumerate().take(n) {
        out.extend(entry_shape(ctx, i, doctors, "on duty"));
    }
    out
}

/// Doctor indices of one slot's entry (`what`: "on duty" or "fixed") are in range and distinct.
fn entry_shape(ctx: &Ctx, i: usize, doctors: &[usize], what: &str) -> Vec<Found> {
    let count = ctx.problem.doctors.len();
    let mut out = Vec::new();
    for (pos, &d) in doctors.iter().enumerate() {
        if d >= count {
            let msg = format!(
                "doctor index {d} ({what}) is out of range: there are {}",
                plural(count, "doctor")
            );
            out.push(ctx.found(Rule::Shape, Some(i), None, Broken::Shape(msg)));
        } else if doctors[..pos].iter().filter(|&&x| x == d).count() == 1 {
            let msg = format!("{} is {what} twice in this slot", ctx.name(d));
            out.push(ctx.found(Rule::Shape, Some(i), Some(d), Broken::Shape(msg)));
        }
    }
    out
}

/// One target per doctor, summing to `k` × the weights of the `Plan` slots.
fn target_shape(ctx: &Ctx) -> Vec<Found> {
    let p = ctx.problem;
    if p.targets.len() != p.doctors.len() {
        let msg = format!(
            "there are {} for {}",
            plural(p.targets.len(), "target"),
            plural(p.doctors.len(), "doctor")
        );
        return vec![ctx.found(Rule::Shape, None, None, Broken::Shape(msg))];
    }
    let targets: i128 = p.targets.iter().map(|&t| i128::from(t)).sum();
    let weights: i128 =
        p.slots.iter().filter(|s| s.role == Role::Plan).map(|s| i128::from(s.weight)).sum();
    let points = p.k as i128 * weights;
    if targets == points {
        return Vec::new();
    }
    let msg = format!(
        "targets sum to {targets}, but the year's points are {points} ({} per slot × {weights} \
         points of the plan year's slots)",
        plural(p.k, "doctor")
    );
    vec![ctx.found(Rule::Shape, None, None, Broken::Shape(msg))]
}

// ---------------------------------------------------------------------------------------------
// Rules on a well-shaped plan

/// Slots that are context or pinned hold exactly their fixed doctors.
fn fixed_violations(ctx: &Ctx) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, slot) in ctx.problem.slots.iter().enumerate() {
        let fixed = &ctx.problem.fixed[i];
        if is_assignable(slot) && fixed.is_empty() {
            continue;
        }
        let why = fixed_reason(slot.role, is_assignable(slot));
        for &d in ctx.plan[i].iter().filter(|d| !fixed.contains(d)) {
            let what = Broken::FixedToOthers { doctor: ctx.name(d), why, fixed: ctx.names(fixed) };
            out.push(ctx.found(Rule::Fixed, Some(i), Some(d), what));
        }
        for &d in fixed.iter().filter(|d| !ctx.plan[i].contains(d)) {
            let what = Broken::FixedMissing { doctor: ctx.name(d), why };
            out.push(ctx.found(Rule::Fixed, Some(i), Some(d), what));
        }
    }
    out
}

fn fixed_reason(role: Role, assignable: bool) -> FixedWhy {
    match role {
        Role::Before => FixedWhy::History,
        Role::Reserve if !assignable => FixedWhy::NextYear,
        Role::Plan | Role::Reserve => FixedWhy::Pinned,
    }
}

/// Every assignable slot has exactly `k` doctors.
fn coverage_violations(ctx: &Ctx) -> Vec<Found> {
    let k = ctx.problem.k;
    let mut out = Vec::new();
    for (i, slot) in ctx.problem.slots.iter().enumerate() {
        let on_duty = &ctx.plan[i];
        if is_assignable(slot) && on_duty.len() != k {
            let what = Broken::Coverage { on_duty: ctx.names(on_duty), k };
            out.push(ctx.found(Rule::Coverage, Some(i), None, what));
        }
    }
    out
}

/// Doctors placed in assignable slots are available there, unless the placement is fixed.
fn availability_violations(ctx: &Ctx) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, slot) in ctx.problem.slots.iter().enumerate() {
        if !is_assignable(slot) {
            continue;
        }
        for &d in &ctx.plan[i] {
            if !ctx.problem.doctors[d].available[i] && !ctx.is_fixed(i, d) {
                let what = Broken::Unavailable { doctor: ctx.name(d) };
                out.push(ctx.found(Rule::Availability, Some(i), Some(d), what));
            }
        }
    }
    out
}

/// No doctor has two duties `min_gap` slots apart or closer, unless both are fixed.
fn gap_violations(ctx: &Ctx) -> Vec<Found> {
    let gap = ctx.problem.min_gap;
    let mut out = Vec::new();
    for d in 0..ctx.problem.doctors.len() {
        let duties = ctx.duties(d);
        for (b, &j) in duties.iter().enumerate() {
            let close = duties[..b].iter().rev().take_while(|&&i| j - i <= gap);
            for &i in close.filter(|&&i| !(ctx.is_fixed(i, d) && ctx.is_fixed(j, d))) {
                let what = Broken::Gap {
                    doctor: ctx.name(d),
                    first: ctx.slot_id(i).to_string(),
                    second: ctx.slot_id(j).to_string(),
                    gap,
                };
                out.push(ctx.found(Rule::Gap, Some(j), Some(d), what));
            }
        }
    }
    out
}

/// No doctor on holiday duty has a regular duty in the `exempt` slots before it, unless both are
/// fixed. Holiday slots inside the window are the gap rule's business.
fn exemption_violations(ctx: &Ctx) -> Vec<Found> {
    let slots = &ctx.problem.slots;
    let mut out = Vec::new();
    for (h, _) in slots.iter().enumerate().filter(|(_, s)| s.is_holiday()) {
        for &d in &ctx.plan[h] {
            for r in regular_duties_before(ctx, h, d) {
                if ctx.is_fixed(r, d) && ctx.is_fixed(h, d) {
                    continue;
                }
                let what = Broken::Exemption {
                    doctor: ctx.name(d),
                    regular: ctx.slot_id(r).to_string(),
                    exempt: ctx.problem.exempt,
                    holiday: ctx.slot_id(h).to_string(),
                };
                out.push(ctx.found(Rule::Exemption, Some(r), Some(d), what));
            }
        }
    }
    out
}

/// Positions `r` of doctor `d`'s regular duties with `h - exempt <= r < h`.
fn regular_duties_before(ctx: &Ctx, h: usize, d: usize) -> Vec<usize> {
    let from = h.saturating_sub(ctx.problem.exempt);
    let window = ctx.problem.slots.iter().zip(ctx.plan).enumerate().take(h).skip(from);
    window
        .filter(|(_, (s, on_duty))| !s.is_holiday() && on_duty.contains(&d))
        .map(|(r, _)| r)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Figures

fn clamp(x: i128) -> i64 {
    i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX })
}

fn figures(ctx: &Ctx) -> Figures {
    let doctors: Vec<DoctorFigures> =
        (0..ctx.problem.doctors.len()).map(|d| doctor_figures(ctx, d)).collect();
    let deviations: Vec<i128> = doctors.iter().map(|f| i128::from(f.deviation)).collect();
    let max = deviations.iter().copied().max().unwrap_or(0);
    let min = deviations.iter().copied().min().unwrap_or(0);
    let sum_squares = deviations.iter().fold(0i128, |acc, x| acc.saturating_add(x * x));
    Figures { doctors, range: clamp(max - min), sum_squares: clamp(sum_squares) }
}

/// One doctor's counts and points over the `Plan` slots (`Reserve` slots belong to next year).
fn doctor_figures(ctx: &Ctx, d: usize) -> DoctorFigures {
    let doc = &ctx.problem.doctors[d];
    let mut regular = 0u32;
    let mut holiday: BTreeMap<String, u32> = BTreeMap::new();
    let mut load = 0i128;
    for i in ctx.duties(d) {
        let slot = &ctx.problem.slots[i];
        if slot.role != Role::Plan {
            continue;
        }
        load += i128::from(slot.weight);
        match &slot.kind {
            SlotKind::Regular => regular = regular.saturating_add(1),
            SlotKind::Holiday(period) => {
                let n = holiday.entry(period.clone()).or_default();
                *n = n.saturating_add(1);
            }
        }
    }
    // This year's partial covers in pinned slots are load too (issue 20).
    load += i128::from(doc.parts);
    let target = ctx.problem.targets[d];
    let deviation = clamp(i128::from(doc.balance) + load - i128::from(target));
    DoctorFigures {
        id: doc.id.clone(),
        regular,
        holiday,
        load: clamp(load),
        target,
        balance: doc.balance,
        deviation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PDoctor, PSlot};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    const D01: usize = 0;
    const D02: usize = 1;
    const D03: usize = 2;
    const D04: usize = 3;

    fn slot(start: &str, kind: SlotKind, weight: u32, role: Role) -> PSlot {
        let start = NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
        PSlot {
            id: start.format("%Y-%m-%d").to_string(),
            start,
            end: start + chrono::Days::new(7),
            kind,
            weight,
            holidays: 0,
            role,
            year: 2027,
        }
    }

    fn doctor(id: &str, balance: i64, available: Vec<bool>) -> PDoctor {
        PDoctor {
            id: id.parse().unwrap(),
            name: id.to_string(),
            fte: 1.0,
            balance,
            parts: 0,
            prefers_not: vec![false; available.len()],
            available,
            last_holiday: BTreeMap::new(),
            holiday_count: 0,
            holiday_owed: BTreeMap::new(),
        }
    }

    /// 4 doctors, 8 slots, k = 1, min_gap = 1, exempt = 2:
    ///
    /// | idx | id         | role   | kind     | weight | fixed | note                     |
    /// |-----|------------|--------|----------|--------|-------|--------------------------|
    /// | 0   | 2026-12-01 | Before | regular  | 1      | d01   | history                  |
    /// | 1   | 2026-12-08 | Plan   | regular  | 1      |       |                          |
    /// | 2   | 2026-12-15 | Plan   | regular  | 1      |       |                          |
    /// | 3   | 2026-12-22 | Plan   | regular  | 1      |       | d02 unavailable          |
    /// | 4   | 2026-12-29 | Plan   | new_year | 3      |       |                          |
    /// | 5   | 2027-01-05 | Plan   | regular  | 2      |       |                          |
    /// | 6   | 2027-01-12 | Plan   | regular  | 1      |       |                          |
    /// | 7   | 2027-01-19 | Plan   | regular  | 1      | d04   | pinned; d04 unavailable  |
    ///
    /// The year's points: 1+1+1+3+2+1+1 = 10; targets 3, 3, 2, 2; balances 1, 0, -1, 0.
    fn problem() -> Problem {
        let regular = |s, w, r| slot(s, SlotKind::Regular, w, r);
        let slots = vec![
            regular("2026-12-01", 1, Role::Before),
            regular("2026-12-08", 1, Role::Plan),
            regular("2026-12-15", 1, Role::Plan),
            regular("2026-12-22", 1, Role::Plan),
            slot("2026-12-29", SlotKind::Holiday("new_year".into()), 3, Role::Plan),
            regular("2027-01-05", 2, Role::Plan),
            regular("2027-01-12", 1, Role::Plan),
            regular("2027-01-19", 1, Role::Plan),
        ];
        let all = vec![true; 8];
        let mut d02 = all.clone();
        d02[3] = false;
        let mut d04 = all.clone();
        d04[7] = false;
        let mut fixed = vec![Vec::new(); 8];
        fixed[0] = vec![D01];
        fixed[7] = vec![D04];
        Problem {
            year: 2027,
            k: 1,
            min_gap: 1,
            exempt: 2,
            slots,
            doctors: vec![
                doctor("d01", 1, all.clone()),
                doctor("d02", 0, d02),
                doctor("d03", -1, all),
                doctor("d04", 0, d04),
            ],
            fixed,
            targets: vec![3, 3, 2, 2],
            previous: None,
        }
    }

    /// d01 (history), d02, d03, d04, d01 (new year), d02, d03, d04 (pinned).
    fn valid() -> Vec<Vec<usize>> {
        vec![vec![D01], vec![D02], vec![D03], vec![D04], vec![D01], vec![D02], vec![D03], vec![D04]]
    }

    fn violations(problem: &Problem, plan: Vec<Vec<usize>>) -> Vec<Violation> {
        check(problem, &Assignment(plan)).expect_err("the plan should be rejected")
    }

    /// (rule, slot id, doctor id) of each violation.
    fn summary(vs: &[Violation]) -> Vec<(Rule, String, Option<String>)> {
        vs.iter()
            .map(|v| (v.rule, v.slot.clone(), v.doctor.as_ref().map(|d| d.to_string())))
            .collect()
    }

    fn one(rule: Rule, slot: &str, doctor: Option<&str>) -> Vec<(Rule, String, Option<String>)> {
        vec![(rule, slot.to_string(), doctor.map(str::to_string))]
    }

    #[test]
    fn a_valid_plan_passes_with_figures_computed_by_hand() {
        let figures = check(&problem(), &Assignment(valid())).expect("valid plan");
        // d01: new year (3) → load 3; deviation 1 + 3 − 3 = 1.
        // d02: slots 1 (1) and 5 (2) → load 3; deviation 0 + 3 − 3 = 0.
        // d03: slots 2 (1) and 6 (1) → load 2; deviation −1 + 2 − 2 = −1.
        // d04: slots 3 (1) and 7 (1) → load 2; deviation 0 + 2 − 2 = 0.
        // The history slot 0 of d01 counts nothing.
        let expect = [
            ("d01", 0, Some(1), 3, 3, 1, 1),
            ("d02", 2, None, 3, 3, 0, 0),
            ("d03", 2, None, 2, 2, -1, -1),
            ("d04", 2, None, 2, 2, 0, 0),
        ];
        assert_eq!(figures.doctors.len(), 4);
        for (f, (id, regular, new_year, load, target, balance, deviation)) in
            figures.doctors.iter().zip(expect)
        {
            assert_eq!(f.id.as_str(), id);
            assert_eq!(f.regular, regular, "{id} regular");
            let holiday: BTreeMap<String, u32> =
                new_year.into_iter().map(|n| ("new_year".to_string(), n)).collect();
            assert_eq!(f.holiday, holiday, "{id} holiday");
            assert_eq!(f.load, load, "{id} load");
            assert_eq!(f.target, target, "{id} target");
            assert_eq!(f.balance, balance, "{id} balance");
            assert_eq!(f.deviation, deviation, "{id} deviation");
        }
        assert_eq!(figures.range, 2);
        assert_eq!(figures.sum_squares, 2);
    }

    #[test]
    fn a_fixed_placement_may_be_unavailable() {
        // d04 is unavailable in slot 7 but pinned there: the valid plan relies on it.
        assert!(!problem().doctors[D04].available[7]);
        assert!(check(&problem(), &Assignment(valid())).is_ok());
    }

    #[test]
    fn reserve_slots_are_checked_but_count_nothing_in_the_figures() {
        let mut p = problem();
        let regular = slot("2027-01-26", SlotKind::Regular, 1, Role::Reserve);
        let holiday = slot("2027-02-02", SlotKind::Holiday("new_year".into()), 3, Role::Reserve);
        p.slots.extend([regular, holiday]);
        p.fixed.extend([vec![], vec![]]);
        for d in &mut p.doctors {
            d.available.extend([true, true]);
        }
        let mut plan = valid();
        plan.extend([vec![], vec![D02]]);
        let figures = check(&p, &Assignment(plan.clone())).expect("valid plan");
        let before = check(&problem(), &Assignment(valid())).unwrap();
        assert_eq!(figures, before);

        plan[9] = vec![];
        let vs = violations(&p, plan);
        assert_eq!(summary(&vs), one(Rule::Coverage, "2027-02-02", None));
    }

    #[test]
    fn an_uncovered_slot_is_rejected() {
        let mut plan = valid();
        plan[2] = vec![];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Coverage, "2026-12-15", None));
        assert!(vs[0].message.contains("each slot needs 1"), "{}", vs[0]);
    }

    #[test]
    fn two_doctors_in_a_slot_when_k_is_one_are_rejected() {
        let mut plan = valid();
        plan[6] = vec![D01, D03];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Coverage, "2027-01-12", None));
        assert!(vs[0].message.contains("2 doctors on duty (d01, d03)"), "{}", vs[0]);
    }

    #[test]
    fn the_same_doctor_twice_in_a_slot_is_a_shape_violation() {
        let mut plan = valid();
        plan[2] = vec![D03, D03];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Shape, "2026-12-15", Some("d03")));
        assert!(vs[0].message.contains("twice"), "{}", vs[0]);
    }

    #[test]
    fn an_unavailable_doctor_is_rejected() {
        let mut plan = valid();
        plan[3] = vec![D02];
        plan[5] = vec![D04];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Availability, "2026-12-22", Some("d02")));
        assert!(vs[0].message.contains("d02 is on duty, but is not available"), "{}", vs[0]);
    }

    #[test]
    fn consecutive_duties_break_the_gap_reported_at_the_later_slot() {
        let mut plan = valid();
        plan[3] = vec![D03];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Gap, "2026-12-22", Some("d03")));
        assert_eq!(
            vs[0].to_string(),
            "slot 2026-12-22: d03 is on duty in slots 2026-12-15 and 2026-12-22, closer than \
             the minimum gap of 1 slot"
        );
    }

    #[test]
    fn the_gap_reaches_across_the_before_plan_boundary() {
        let mut plan = valid();
        plan[1] = vec![D01];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Gap, "2026-12-08", Some("d01")));
    }

    #[test]
    fn a_wider_gap_makes_duties_two_slots_apart_too_close() {
        let mut p = problem();
        p.min_gap = 2;
        // Only d01 breaks the wider gap: at 0 (history) and 2, two slots apart.
        let plan = vec![
            vec![D01],
            vec![D03],
            vec![D01],
            vec![D04],
            vec![D02],
            vec![D03],
            vec![D01],
            vec![D04],
        ];
        let vs = violations(&p, plan);
        assert_eq!(summary(&vs), one(Rule::Gap, "2026-12-15", Some("d01")));
        assert!(vs[0].message.contains("minimum gap of 2 slots"), "{}", vs[0]);
    }

    #[test]
    fn two_fixed_duties_may_be_close() {
        let mut p = problem();
        p.fixed[1] = vec![D01];
        let mut plan = valid();
        plan[1] = vec![D01];
        assert!(check(&p, &Assignment(plan)).is_ok());
    }

    #[test]
    fn a_regular_duty_inside_the_exemption_window_before_a_holiday_is_rejected() {
        let mut plan = valid();
        plan[2] = vec![D01];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Exemption, "2026-12-15", Some("d01")));
        assert!(vs[0].message.contains("holiday duty in slot 2026-12-29"), "{}", vs[0]);
    }

    #[test]
    fn a_regular_duty_just_outside_the_exemption_window_is_allowed() {
        let mut plan = valid();
        // d02 holds the holiday: its regular duty at 1 is 3 slots before, outside exempt = 2.
        plan[4] = vec![D02];
        plan[5] = vec![D01];
        assert!(check(&problem(), &Assignment(plan)).is_ok());
    }

    #[test]
    fn a_changed_pinned_slot_is_rejected() {
        let mut plan = valid();
        plan[7] = vec![D02];
        let vs = violations(&problem(), plan);
        let expect = vec![
            (Rule::Fixed, "2027-01-19".to_string(), Some("d02".to_string())),
            (Rule::Fixed, "2027-01-19".to_string(), Some("d04".to_string())),
        ];
        assert_eq!(summary(&vs), expect);
        assert!(vs[1].message.contains("d04 is fixed here (pinned) but missing"), "{}", vs[1]);
    }

    #[test]
    fn a_changed_before_slot_is_rejected() {
        let mut plan = valid();
        plan[0] = vec![D03];
        let vs = violations(&problem(), plan);
        let expect = vec![
            (Rule::Fixed, "2026-12-01".to_string(), Some("d01".to_string())),
            (Rule::Fixed, "2026-12-01".to_string(), Some("d03".to_string())),
        ];
        assert_eq!(summary(&vs), expect);
        assert!(vs[1].message.contains("history before the plan year"), "{}", vs[1]);
    }

    #[test]
    fn a_plan_of_the_wrong_length_is_rejected_without_panicking() {
        let mut short = valid();
        short.pop();
        let vs = violations(&problem(), short);
        assert_eq!(summary(&vs), one(Rule::Shape, "", None));
        assert_eq!(vs[0].to_string(), "plan: the plan has 7 slots, but the timeline has 8");

        let mut long = valid();
        long.push(vec![9]);
        let vs = violations(&problem(), long);
        assert_eq!(summary(&vs), one(Rule::Shape, "", None));
    }

    #[test]
    fn a_doctor_index_out_of_range_is_rejected_without_panicking() {
        let mut plan = valid();
        plan[2] = vec![9];
        let vs = violations(&problem(), plan);
        assert_eq!(summary(&vs), one(Rule::Shape, "2026-12-15", None));
        assert!(vs[0].message.contains("doctor index 9"), "{}", vs[0]);
    }

    #[test]
    fn targets_that_do_not_sum_to_the_years_points_are_rejected() {
        let mut p = problem();
        p.targets = vec![3, 3, 2, 3];
        let vs = violations(&p, valid());
        assert_eq!(summary(&vs), one(Rule::Shape, "", None));
        assert!(
            vs[0].message.starts_with("targets sum to 11, but the year's points are 10"),
            "{}",
            vs[0]
        );
    }

    #[test]
    fn a_target_missing_for_a_doctor_is_rejected() {
        let mut p = problem();
        p.targets.pop();
        let vs = violations(&p, valid());
        assert_eq!(summary(&vs), one(Rule::Shape, "", None));
    }

    #[test]
    fn a_problem_whose_data_does_not_cover_the_timeline_is_rejected_without_panicking() {
        let mut p = problem();
        p.fixed.pop();
        p.doctors[D02].available.pop();
        p.fixed[0] = vec![7];
        let vs = violations(&p, valid());
        let expect = vec![
            (Rule::Shape, String::new(), None),
            (Rule::Shape, String::new(), Some("d02".to_string())),
            (Rule::Shape, "2026-12-01".to_string(), None),
        ];
        assert_eq!(summary(&vs), expect);
    }

    #[test]
    fn all_violations_are_reported_sorted_by_slot_rule_and_doctor() {
        let mut plan = valid();
        plan[0] = vec![D02]; // fixed (d01 missing, d02 extra) and gap at 1 (d02 at 0 and 1)
        plan[2] = vec![D01, D03]; // coverage, exemption of d01
        plan[6] = vec![]; // coverage
        let vs = violations(&problem(), plan);
        let s = |slot: &str, rule, doctor: Option<&str>| {
            (rule, slot.to_string(), doctor.map(str::to_string))
        };
        let expect = vec![
            s("2026-12-01", Rule::Fixed, Some("d01")),
            s("2026-12-01", Rule::Fixed, Some("d02")),
            s("2026-12-08", Rule::Gap, Some("d02")),
            s("2026-12-15", Rule::Coverage, None),
            s("2026-12-15", Rule::Exemption, Some("d01")),
            s("2027-01-12", Rule::Coverage, None),
        ];
        assert_eq!(summary(&vs), expect);
    }

    // Issue 20: a doctor's partial covers this year (in pinned slots) are load, in the figures
    // and in what the solver and the bound start from.
    #[test]
    fn this_years_partial_covers_are_load_in_the_figures_and_the_fixed_deviation() {
        let p = problem();
        let before = crate::plan::model::fixed_deviation(&p, &valid(), D01);
        let mut q = p.clone();
        q.doctors[D01].parts = 2;
        q.doctors[D03].parts = -2;
        assert_eq!(crate::plan::model::fixed_deviation(&q, &valid(), D01), before + 2);
        let f0 = check(&p, &Assignment(valid())).unwrap();
        let f1 = check(&q, &Assignment(valid())).unwrap();
        assert_eq!(f1.doctors[D01].load, f0.doctors[D01].load + 2);
        assert_eq!(f1.doctors[D01].deviation, f0.doctors[D01].deviation + 2);
        assert_eq!(f1.doctors[D03].deviation, f0.doctors[D03].deviation - 2);
    }

    #[test]
    fn extreme_balances_saturate_the_figures_instead_of_overflowing() {
        let mut p = problem();
        p.doctors[D01].balance = i64::MAX;
        p.doctors[D03].balance = i64::MIN;
        let figures = check(&p, &Assignment(valid())).expect("valid plan");
        assert_eq!(figures.doctors[D01].deviation, i64::MAX);
        assert_eq!(figures.doctors[D03].deviation, i64::MIN);
        assert_eq!((figures.range, figures.sum_squares), (i64::MAX, i64::MAX));
    }

    #[test]
    fn rules_serialize_in_snake_case() {
        let v = Violation {
            rule: Rule::Availability,
            slot: "2027-01-05".into(),
            doctor: Some("d01".parse().unwrap()),
            message: "m".into(),
            what: Broken::Unknown,
        };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"rule":"availability","slot":"2027-01-05","doctor":"d01","message":"m"}"#
        );
    }

    /// Coverage and gap, re-verified by brute force over every slot and every pair of slots.
    fn brute_force_ok(p: &Problem, plan: &[Vec<usize>]) -> bool {
        let n = p.slots.len();
        let covered = (0..n).all(|i| !is_assignable(&p.slots[i]) || plan[i].len() == p.k);
        let fixed = |i: usize, d: usize| p.fixed[i].contains(&d);
        let spaced = (0..p.doctors.len()).all(|d| {
            (0..n).all(|i| {
                (i + 1..n).all(|j| {
                    let both = plan[i].contains(&d) && plan[j].contains(&d);
                    !both || j - i > p.min_gap || (fixed(i, d) && fixed(j, d))
                })
            })
        });
        covered && spaced
    }

    /// Mostly one doctor per slot, so that some random plans pass.
    /// Fixed, availability and exemption, by brute force, for a plan of the right shape.
    fn brute_force_rest_ok(p: &Problem, plan: &[Vec<usize>]) -> bool {
        let n = p.slots.len();
        let fixed = |i: usize, d: usize| p.fixed[i].contains(&d);
        let set = |v: &[usize]| v.iter().copied().collect::<std::collections::BTreeSet<_>>();
        let pinned = (0..n).all(|i| {
            (is_assignable(&p.slots[i]) && p.fixed[i].is_empty())
                || set(&plan[i]) == set(&p.fixed[i])
        });
        let available = (0..n).all(|i| {
            !is_assignable(&p.slots[i])
                || plan[i].iter().all(|&d| p.doctors[d].available[i] || fixed(i, d))
        });
        let exempted = (0..n).all(|h| {
            (0..n).all(|r| {
                plan[h].iter().all(|&d| {
                    !p.slots[h].is_holiday()
                        || p.slots[r].is_holiday()
                        || r >= h
                        || r + p.exempt < h
                        || !plan[r].contains(&d)
                        || (fixed(r, d) && fixed(h, d))
                })
            })
        });
        pinned && available && exempted
    }

    fn arb_plan(slots: usize, doctors: usize) -> impl Strategy<Value = Vec<Vec<usize>>> {
        let entry = prop_oneof![
            6 => prop::collection::vec(0..doctors, 1),
            1 => prop::collection::vec(0..doctors, 0..=2),
        ];
        prop::collection::vec(entry, slots)
    }

    /// The valid plan with up to three slots replaced by a random entry.
    fn arb_edited_plan() -> impl Strategy<Value = Vec<Vec<usize>>> {
        let entry = prop_oneof![
            6 => prop::collection::vec(0..4usize, 1),
            1 => prop::collection::vec(0..4usize, 0..=2),
        ];
        prop::collection::vec((0..8usize, entry), 0..=3).prop_map(|edits| {
            let mut plan = valid();
            for (i, e) in edits {
                plan[i] = e;
            }
            plan
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_assignments_never_panic_the_checker(
            plan in prop::collection::vec(prop::collection::vec(0usize..7, 0..4), 0..11),
            k in 0usize..3,
            min_gap in prop::sample::select(vec![0usize, 1, 2, 7, usize::MAX]),
            exempt in prop::sample::select(vec![0usize, 1, 3, usize::MAX]),
            drop_fixed in any::<bool>(),
            huge_balance in any::<bool>(),
        ) {
            let mut p = problem();
            p.k = k;
            p.min_gap = min_gap;
            p.exempt = exempt;
            if drop_fixed {
                p.fixed.pop();
            }
            if huge_balance {
                p.doctors[D01].balance = i64::MAX;
                p.doctors[D02].balance = i64::MIN;
            }
            let _ = check(&p, &Assignment(plan));
            let _ = check(&p, &Assignment(valid()));
        }

        #[test]
        fn an_accepted_plan_satisfies_coverage_and_gap(
            plan in prop_oneof![arb_plan(8, 4), arb_edited_plan()],
            min_gap in 0usize..3,
        ) {
            let mut p = problem();
            p.min_gap = min_gap;
            if check(&p, &Assignment(plan.clone())).is_ok() {
                prop_assert!(brute_force_ok(&p, &plan), "accepted {:?}", plan);
            }
        }

        #[test]
        fn the_checker_agrees_with_brute_force_on_well_shaped_plans(
            plan in arb_edited_plan(),
            min_gap in 0usize..3,
            exempt in 0usize..4,
        ) {
            let mut p = problem();
            p.min_gap = min_gap;
            p.exempt = exempt;
            let well_shaped = plan.iter().all(|e| e.len() < 2 || e[0] != e[1]);
            prop_assume!(well_shaped);
            let expect = brute_force_ok(&p, &plan) && brute_force_rest_ok(&p, &plan);
            prop_assert_eq!(check(&p, &Assignment(plan.clone())).is_ok(), expect, "{:?}", plan);
        }
    }
}
