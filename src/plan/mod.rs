//! Planning the annual rota: who is on duty in each slot, fairly, across years.
//!
//! Key decisions:
//! - The planner works on a [`Problem`]: a flat timeline of slots with everything resolved to data
//!   (availability per doctor and slot, fixed assignments, carried-over balances). Building the
//!   problem from rules, store and calendar is separate from solving it, so the solver, the
//!   checker and the bound all see exactly the same facts.
//! - "A holiday duty exempts the preceding turn" is a hard constraint, not a penalty, so the
//!   checker can verify it.
//! - Holiday slots are assigned first, from a queue (longest wait since the doctor's last duty of
//!   that period); then how many slots of each weight each doctor takes, exactly, by a table over
//!   seats ([`counts`]); then which slots, by a MILP. Loads are integer points, so fairness is a
//!   matter of counting and the least range is proven, not hoped for.
//! - Every plan passes [`check::check`] — separate code from the model — before anyone sees it.

pub mod baseline;
pub mod bound;
pub mod build;
pub mod change;
pub mod check;
pub mod counts;
pub mod holiday;
pub mod ledger;
pub mod model;
pub mod polish;
pub mod simulate;
pub mod solve;
pub mod testing;
pub mod year;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::SlotKind;
use crate::rules::MemberId;

/// What a slot of the timeline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Before the plan year: its doctors are known (history or last year's rota) and constrain
    /// gap and exemption at the year's start.
    Before,
    /// A slot of the plan year.
    Plan,
    /// A holiday slot of the next plan year whose exemption window reaches into this one: it is
    /// assigned (reserved) now and kept when the next year is planned.
    Reserve,
}

/// One slot of the planning timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PSlot {
    /// Slot id (its start date).
    pub id: String,
    /// First local date.
    pub start: NaiveDate,
    /// Local date of the end (exclusive).
    pub end: NaiveDate,
    /// Regular or a holiday period.
    pub kind: SlotKind,
    /// Load points.
    pub weight: u32,
    /// Number of public holidays inside.
    pub holidays: u32,
    /// Before, plan or reserve.
    pub role: Role,
    /// The plan year the slot belongs to.
    pub year: i32,
}

impl PSlot {
    /// Whether the slot is a holiday-period slot.
    pub fn is_holiday(&self) -> bool {
        self.kind != SlotKind::Regular
    }
}

/// One doctor as the planner sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct PDoctor {
    /// Id.
    pub id: MemberId,
    /// Display name (for messages).
    pub name: String,
    /// Share of a full load.
    pub fte: f64,
    /// Carried-over balance in points: past load minus past target (positive: did more than
    /// their share).
    pub balance: i64,
    /// Points of this year's partial covers in pinned slots: earned covering a colleague's
    /// days (+), or handed to the colleague (−); part of this year's load beside the slots'.
    pub parts: i64,
    /// Per timeline slot: a member for the whole slot and not absent.
    pub available: Vec<bool>,
    /// Per holiday period id: the plan year of their last duty of that period.
    pub last_holiday: BTreeMap<String, i32>,
    /// Holiday duties done in all past years.
    pub holiday_count: u32,
    /// Per holiday period id: turns owed, in millionths (see [`ledger::Entry::owed`]).
    pub holiday_owed: BTreeMap<String, i64>,
    /// Per timeline slot: the doctor asked not to be on duty (soft).
    pub prefers_not: Vec<bool>,
}

/// The planning problem of one plan year, fully resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The plan year.
    pub year: i32,
    /// Doctors per slot.
    pub k: usize,
    /// Fewest slots between two duties of one doctor.
    pub min_gap: usize,
    /// Slots before a holiday duty in which its doctor has no regular duty.
    pub exempt: usize,
    /// The timeline in time order: `Before` slots, then `Plan` slots, then `Reserve` slots (and
    /// the next year's regular slots between them, as `Reserve` with weight counted for nobody).
    pub slots: Vec<PSlot>,
    /// The doctors who are members during the plan year.
    pub doctors: Vec<PDoctor>,
    /// Per timeline slot: doctor indices fixed there (history, frozen, reserved earlier). For a
    /// `Before` slot this is who did it; for a `Plan` or `Reserve` slot a non-empty entry pins it.
    pub fixed: Vec<Vec<usize>>,
    /// Per doctor: their fair share of the plan year's points, integers that sum to the total
    /// (k × the weights of the `Plan` slots). Shares follow FTE and availability; the rounding
    /// remainder goes by largest remainder, then doctor order.
    pub targets: Vec<i64>,
    /// The previous plan of this year, if re-planning: per timeline slot, doctor indices.
    pub previous: Option<Vec<Vec<usize>>>,
}

impl Problem {
    /// Indices of the slots the plan assigns: `Plan` and holiday `Reserve` slots.
    pub fn assignable(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots.iter().enumerate().filter(|(_, s)| is_assignable(s)).map(|(i, _)| i)
    }

    /// Doctor index by id.
    pub fn doctor_index(&self, id: &str) -> Option<usize> {
        self.doctors.iter().position(|d| d.id.as_str() == id)
    }
}

/// `Plan` slots and the holiday slots among `Reserve` ones get doctors; the rest are context.
pub fn is_assignable(s: &PSlot) -> bool {
    s.role == Role::Plan || (s.role == Role::Reserve && s.is_holiday())
}

/// A solution: per timeline slot, the doctors on duty (doctor indices into `Problem::doctors`),
/// sorted. `Before` slots and unassigned `Reserve` slots repeat `Problem::fixed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment(pub Vec<Vec<usize>>);

/// Fairness figures of a plan, recomputed by the checker from the assignment alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Per doctor, in `Problem::doctors` order.
    pub doctors: Vec<DoctorFigures>,
    /// max deviation − min deviation, in points.
    pub range: i64,
    /// Sum of squared deviations.
    pub sum_squares: i64,
}

/// One doctor's figures for the plan year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoctorFigures {
    /// Doctor id.
    pub id: MemberId,
    /// Regular slots in the plan year.
    pub regular: u32,
    /// Holiday slots in the plan year (by period id).
    pub holiday: BTreeMap<String, u32>,
    /// Points of the plan year's duties.
    pub load: i64,
    /// Fair share of the plan year's points (integer, the targets sum to the total).
    pub target: i64,
    /// Carried-over balance before this year.
    pub balance: i64,
    /// balance + load − target: the balance carried into the next year.
    pub deviation: i64,
}

/// A hard-rule conflict that makes a plan impossible, named by slot and saying which doctors
/// and rules clash (typed, rendered in the reader's language by [`crate::msg::plan`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clash {
    /// The plan year.
    pub year: i32,
    /// The first day of the slot, or `None` when the clash is about the year as a whole.
    pub slot: Option<NaiveDate>,
    /// Which doctors and rules clash there.
    pub why: crate::msg::plan::ClashWhy,
}

impl Clash {
    /// 「2027年8月3日(火)からの枠: …」 or 「2027年度: …」.
    pub fn ja(&self) -> String {
        let at = crate::msg::plan::ClashAt { slot: self.slot, year: self.year };
        crate::msg::Message::ja(&at) + &self.why.ja()
    }

    /// "slot 2027-08-03: …" or "slot year 2027: …".
    pub fn en(&self) -> String {
        let at = crate::msg::plan::ClashAt { slot: self.slot, year: self.year };
        crate::msg::Message::en(&at) + &self.why.en()
    }
}

impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}
