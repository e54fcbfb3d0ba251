//! The typed records the store keeps, one JSON value per sled key.
//!
//! They mirror what the planner and the CLI already say in JSON (DESIGN.md §6), with ids as plain
//! strings: the store keeps what was true when a record was written and does not re-validate it
//! against today's rules (a doctor who has since left still has their history). Instants carry
//! their offset (`DateTime<FixedOffset>` for slots, as in `toban slots`) or are UTC (bookkeeping).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::rules::RotaId;

/// Whether a rota is still being worked on or has been announced to the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RotaStatus {
    /// Saved by the planner; members have not seen it.
    Draft,
    /// Announced; re-planning keeps the changes to it few and fair.
    Published,
}

/// The rota of one plan year as saved. The store keeps one per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotaRecord {
    /// Which rota of the association (issue 20): [`RotaId::main`] for the association's own,
    /// left out of the JSON then, so records and backups written before several rotas read and
    /// write unchanged.
    #[serde(default = "RotaId::main", skip_serializing_if = "RotaId::is_main")]
    pub rota: RotaId,
    /// The plan year (with the rota, the key: saving a rota replaces the one of the same year).
    pub year: i32,
    /// Draft or published.
    pub status: RotaStatus,
    /// When this version was saved.
    pub saved_at: DateTime<Utc>,
    /// When it was first published, if it has been.
    pub published_at: Option<DateTime<Utc>>,
    /// The slots of the plan year with their doctors, in time order.
    pub slots: Vec<RotaSlot>,
    /// Holiday slots of the next plan year assigned now, because their exemption window reaches
    /// into this year (DESIGN.md §2, "across years"); planning next year keeps them.
    pub reserved: Vec<RotaSlot>,
    /// Ids of the slots the admin froze: re-planning keeps their doctors.
    pub frozen: BTreeSet<String>,
    /// How fair the plan is and how it was found.
    pub fairness: Fairness,
    /// Per-doctor counts and load figures of this plan.
    pub doctors: Vec<RotaDoctor>,
    /// For a draft made while a rota of its year was published: that published rota's doctors
    /// by slot at the time, so publishing can keep the swaps and covers made since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// For a re-plan (`toban plan YEAR --replan-from DATE`): the day it re-planned from, so
    /// the plan page can say the duties before it were kept (issue 18 review, finding 7b).
    /// Left out of the JSON when none, so other records read and write unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replan_from: Option<chrono::NaiveDate>,
}

/// One duty slot of a rota and who covers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotaSlot {
    /// The slot's stable id (as in `toban slots`).
    pub id: String,
    /// When the duty starts, with the association's offset.
    pub start: DateTime<FixedOffset>,
    /// When the duty ends (exclusive).
    pub end: DateTime<FixedOffset>,
    /// `"regular"` or the holiday period id (e.g. `"new_year"`).
    pub kind: String,
    /// The slot's weight in load points.
    pub weight: u32,
    /// The public holidays inside the slot.
    pub holidays: Vec<NaiveDate>,
    /// The doctors on duty, by id.
    pub doctors: Vec<String>,
    /// Parts of the slot a colleague covers for one of its doctors (issue 20): during each
    /// part the colleague is on duty in that doctor's place. Absent in records written before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<CoverPart>,
}

/// A colleague covering some days of a doctor's duty (`toban cover SLOT DOCTOR OTHER --from
/// DATE --to DATE`): from the handover time of the first day to the handover time after the
/// last, inside the slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverPart {
    /// Whose duty is covered.
    pub doctor: String,
    /// Who covers it.
    pub by: String,
    /// First covered day, in the association's zone.
    pub from: NaiveDate,
    /// Last covered day (inclusive).
    pub to: NaiveDate,
    /// When the covered part starts.
    pub start: DateTime<FixedOffset>,
    /// When it ends (exclusive).
    pub end: DateTime<FixedOffset>,
    /// Load points that go to `by` (and no longer to `doctor`).
    pub points: u32,
    /// The public holidays inside the covered part.
    pub holidays: Vec<NaiveDate>,
}

impl RotaSlot {
    /// Who is on duty at `at` in this slot: its doctors, each replaced by their colleague
    /// during a part that colleague covers.
    pub fn doctors_at(&self, at: DateTime<Utc>) -> Vec<String> {
        self.doctors
            .iter()
            .map(|d| {
                self.parts
                    .iter()
                    .find(|p| &p.doctor == d && p.start <= at && at < p.end)
                    .map_or_else(|| d.clone(), |p| p.by.clone())
            })
            .collect()
    }

    /// `to` on duty in `from`'s place (a swap, a whole cover, what actually happened): the days
    /// a colleague covers for `from` are then covered for `to`, unless `to` is that colleague
    /// (then the part is gone: `to` does those days as their own). False, and nothing changed,
    /// when `from` is not on the slot or `to` is.
    pub fn replace(&mut self, from: &str, to: &str) -> bool {
        let Some(at) = self.doctors.iter().position(|d| d == from) else { return false };
        if self.doctors.iter().any(|d| d == to) {
            return false;
        }
        self.doctors[at] = to.to_string();
        self.parts.retain(|p| !(p.doctor == from && p.by == to));
        for p in self.parts.iter_mut().filter(|p| p.doctor == from) {
            p.doctor = to.to_string();
        }
        true
    }

    /// The load points `doctor` earns in this slot: a doctor of the slot, its weight less the
    /// parts covered for them; a colleague covering a part, that part's points.
    pub fn points_of(&self, doctor: &str) -> i64 {
        let own = if self.doctors.iter().any(|d| d == doctor) { i64::from(self.weight) } else { 0 };
        let given: i64 =
            self.parts.iter().filter(|p| p.doctor == doctor).map(|p| i64::from(p.points)).sum();
        let taken: i64 =
            self.parts.iter().filter(|p| p.by == doctor).map(|p| i64::from(p.points)).sum();
        own - given + taken
    }
}

/// The fairness figures of a plan, as recomputed by the checker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fairness {
    /// Largest minus smallest deviation from target, in points.
    pub range: i64,
    /// The lower bound on `range`.
    pub bound: i64,
    /// Whether the solver proved the plan optimal.
    pub optimal: bool,
    /// The least range of the plans that give the holidays as the rotation queue gave them,
    /// when proven (see [`crate::plan::solve::Planned::holidays_bound`]); cleared by a change
    /// that moves the range. Absent from records written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays_bound: Option<i64>,
    /// Sum of squared deviations, the second objective.
    pub sum_squares: i64,
    /// The solver backend that found the plan (e.g. `"microlp"`).
    pub solver: String,
    /// Wall time the solver took. Must be finite: JSON has no NaN.
    pub seconds: f64,
}

impl Fairness {
    /// Not proven optimal against the bound, but no plan that gives the holidays as the
    /// rotation did is fairer: the range equals [`Fairness::holidays_bound`].
    pub fn fairest_given_holidays(&self) -> bool {
        !self.optimal && self.holidays_bound.is_some_and(|b| self.range <= b)
    }
}

/// One doctor's figures in a rota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotaDoctor {
    /// The doctor's id.
    pub id: String,
    /// Regular slots assigned this year.
    pub regular: u32,
    /// Holiday slots assigned this year, by holiday period id.
    pub holiday: BTreeMap<String, u32>,
    /// Weighted load this year, in points.
    pub load: i64,
    /// The load this doctor should carry, in points.
    pub target: i64,
    /// Balance carried over from past years, in points.
    pub balance: i64,
    /// `load + balance - target`.
    pub deviation: i64,
}

impl RotaRecord {
    /// Recounts each doctor's duties, load and deviation, and the fairness range and sum of
    /// squares, from the slots as they are now (after swaps and covers: the figures a rota
    /// shows are of who actually does each duty). Targets and carried-in balances stay. The
    /// plan stays proven optimal only while its range still equals the bound.
    pub fn recount(&mut self) {
        for d in &mut self.doctors {
            d.regular = 0;
            d.holiday.clear();
            d.load = 0;
        }
        for s in &self.slots {
            for id in &s.doctors {
                let Some(d) = self.doctors.iter_mut().find(|d| &d.id == id) else { continue };
                if s.kind == "regular" {
                    d.regular += 1;
                } else {
                    *d.holiday.entry(s.kind.clone()).or_default() += 1;
                }
            }
            // A partial cover moves points, not the turn: the slot still counts as its
            // doctor's duty.
            for d in &mut self.doctors {
                d.load += s.points_of(&d.id);
            }
        }
        for d in &mut self.doctors {
            d.deviation = d.balance + d.load - d.target;
        }
        let devs = self.doctors.iter().map(|d| d.deviation);
        let range = devs.clone().max().unwrap_or(0) - devs.clone().min().unwrap_or(0);
        if range != self.fairness.range {
            self.fairness.optimal = range == self.fairness.bound;
            self.fairness.holidays_bound = None;
        }
        self.fairness.range = range;
        self.fairness.sum_squares = devs.map(|d| d * d).sum();
    }
}

/// Where a line of duty history came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutySource {
    /// Imported from the association's records before toban (or a correction file).
    Import,
    /// Taken from a published rota (after swaps).
    Rota,
}

/// Where one past duty is kept: its slot's first day and the doctor. At most one
/// [`DutyRecord`] has each key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DutyKey {
    /// First day of the slot.
    pub slot_start: NaiveDate,
    /// The doctor's id.
    pub doctor: String,
}

impl DutyKey {
    /// The key as the store writes it: `YYYY-MM-DD/doctor`.
    pub fn stored(&self) -> String {
        format!("{}/{}", self.slot_start.format("%Y-%m-%d"), self.doctor)
    }
}

/// One duty a doctor actually did: the history the ledger is built from. Keyed by
/// [`DutyKey`] (`DutyRecord::key`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DutyRecord {
    /// First day of the slot.
    pub slot_start: NaiveDate,
    /// The day the slot ends: its handover day, whose morning still belongs to it.
    pub slot_end: NaiveDate,
    /// The doctor's id.
    pub doctor: String,
    /// `"regular"` or the holiday period id.
    pub kind: String,
    /// The slot's weight in load points.
    pub weight: u32,
    /// The plan year the slot belongs to.
    pub year: i32,
    /// Import or rota.
    pub source: DutySource,
    /// Public holidays inside the slot (0 in records written before this was kept).
    #[serde(default)]
    pub holidays: u32,
    /// The import that last wrote this record, numbered by the store (`None` in records written
    /// before imports were numbered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<crate::ids::ImportBatch>,
    /// When that import was made (`None` before imports were numbered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<DateTime<Utc>>,
}

impl DutyRecord {
    /// Where it is kept: its slot's first day and its doctor.
    pub fn key(&self) -> DutyKey {
        DutyKey { slot_start: self.slot_start, doctor: self.doctor.clone() }
    }
}

/// A doctor's absence, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    /// Given by the store, ascending in the order absences were added, never reused.
    pub id: crate::ids::AbsenceId,
    /// The doctor's id.
    pub doctor: String,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away (inclusive).
    pub to: NaiveDate,
    /// Free text from the admin.
    pub note: Option<String>,
    /// When the absence was entered.
    pub created_at: DateTime<Utc>,
    /// A soft request ("prefer not"): the planner avoids these days when it can, but may still
    /// use the doctor. Absent in records written before soft requests existed.
    #[serde(default)]
    pub soft: bool,
}

/// An absence about to be added: the store gives it its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAbsence {
    /// The doctor's id.
    pub doctor: String,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away (inclusive).
    pub to: NaiveDate,
    /// Free text from the admin.
    pub note: Option<String>,
    /// When the absence was entered.
    pub created_at: DateTime<Utc>,
    /// A soft request ("prefer not"): the planner avoids these days when it can, but may still
    /// use the doctor. Absent in records written before soft requests existed.
    #[serde(default)]
    pub soft: bool,
}

impl NewAbsence {
    /// This absence with the id the store gave it.
    pub fn with_id(self, id: crate::ids::AbsenceId) -> Absence {
        let NewAbsence { doctor, from, to, note, created_at, soft } = self;
        Absence { id, doctor, from, to, note, created_at, soft }
    }
}

/// What [`Store::import_history`](super::Store::import_history) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportOutcome {
    /// Records whose `(slot_start, doctor)` was not in the history yet.
    pub added: usize,
    /// Records that overwrote one with the same `(slot_start, doctor)`, even if identical (so a
    /// re-import reports everything as replaced), and later duplicates within one import.
    pub replaced: usize,
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Records with every field set, shared by the store's tests.

    use super::*;
    use chrono::{Datelike, TimeZone};

    fn jst() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("fixture date is valid")
    }

    pub(crate) fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("fixture instant is valid")
    }

    pub(crate) fn slot(
        id: &str,
        start: NaiveDate,
        days: i64,
        kind: &str,
        doctors: &[&str],
    ) -> RotaSlot {
        let at9 = |d: NaiveDate| {
            jst()
                .from_local_datetime(&d.and_hms_opt(9, 0, 0).expect("09:00"))
                .single()
                .expect("jst")
        };
        RotaSlot {
            id: id.to_string(),
            start: at9(start),
            end: at9(start + chrono::Days::new(days as u64)),
            kind: kind.to_string(),
            weight: if kind == "regular" { 2 } else { 4 },
            holidays: if kind == "regular" { vec![] } else { vec![date(start.year() + 1, 1, 1)] },
            doctors: doctors.iter().map(|d| d.to_string()).collect(),
            parts: Vec::new(),
        }
    }

    /// A published rota of `year` with two slots, one reserved holiday slot and one frozen slot.
    pub(crate) fn rota(year: i32) -> RotaRecord {
        RotaRecord {
            rota: RotaId::main(),
            year,
            status: RotaStatus::Published,
            saved_at: utc(year - 1, 11, 20, 3),
            published_at: Some(utc(year - 1, 12, 1, 0)),
            slots: vec![
                slot(&format!("{year}-w01"), date(year, 1, 5), 7, "regular", &["d01"]),
                slot(&format!("{year}-w02"), date(year, 1, 12), 7, "regular", &["d02", "d03"]),
            ],
            reserved: vec![slot(
                &format!("{}-ny", year + 1),
                date(year, 12, 29),
                7,
                "new_year",
                &["d04"],
            )],
            frozen: [format!("{year}-w01")].into_iter().collect(),
            base: None,
            replan_from: None,
            fairness: Fairness {
                range: 2,
                bound: 2,
                optimal: true,
                holidays_bound: Some(2),
                sum_squares: 6,
                solver: "microlp".to_string(),
                seconds: 0.25,
            },
            doctors: vec![RotaDoctor {
                id: "d01".to_string(),
                regular: 5,
                holiday: [("new_year".to_string(), 1)].into_iter().collect(),
                load: 14,
                target: 13,
                balance: -1,
                deviation: 0,
            }],
        }
    }

    pub(crate) fn duty(start: NaiveDate, doctor: &str, source: DutySource) -> DutyRecord {
        DutyRecord {
            slot_start: start,
            slot_end: start + chrono::Days::new(6),
            doctor: doctor.to_string(),
            kind: "regular".to_string(),
            weight: 2,
            year: start.year(),
            source,
            holidays: 0,
            batch: None,
            imported_at: None,
        }
    }

    pub(crate) fn new_absence(doctor: &str, from: NaiveDate, days: u64) -> NewAbsence {
        NewAbsence {
            doctor: doctor.to_string(),
            from,
            to: from + chrono::Days::new(days),
            note: Some("学会 (conference)".to_string()),
            created_at: utc(2026, 10, 1, 8),
            soft: false,
        }
    }

    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        date(y, m, d)
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    fn round_trip<T: Serialize + for<'de> Deserialize<'de>>(value: &T) -> T {
        let json = serde_json::to_vec(value).expect("records always encode");
        serde_json::from_slice(&json).expect("an encoded record decodes")
    }

    #[test]
    fn a_rota_record_survives_json_unchanged() {
        let rota = rota(2027);
        assert_eq!(round_trip(&rota), rota);
    }

    #[test]
    fn a_duty_record_survives_json_unchanged() {
        let duty = duty(day(2026, 4, 6), "d07", DutySource::Import);
        assert_eq!(round_trip(&duty), duty);
    }

    #[test]
    fn an_absence_survives_json_unchanged() {
        let absence = new_absence("d02", day(2027, 3, 1), 4).with_id(crate::ids::AbsenceId::new(7));
        assert_eq!(round_trip(&absence), absence);
        let bare = Absence { note: None, ..absence };
        assert_eq!(round_trip(&bare), bare);
    }

    #[test]
    fn statuses_and_sources_are_written_in_snake_case_and_slots_keep_their_offset() {
        let json = serde_json::to_value(rota(2027)).expect("encodes");
        assert_eq!(json["status"], "published");
        assert_eq!(json["slots"][0]["start"], "2027-01-05T09:00:00+09:00");
        assert_eq!(json["frozen"][0], "2027-w01");
        let duty =
            serde_json::to_value(duty(day(2026, 4, 6), "d07", DutySource::Rota)).expect("encodes");
        assert_eq!(duty["source"], "rota");
        assert_eq!(duty["slot_start"], "2026-04-06");
    }

    // See: issue 18 English review 8: after 'what actually happened' replaced a doctor, the
    // slot kept a colleague's cover of the replaced doctor's days (stale on its page, and the
    // replaced doctor's load went below nothing).
    #[test]
    fn a_replaced_doctors_covered_days_are_covered_for_whoever_takes_their_place() {
        let mut r = rota(2027);
        let s = &mut r.slots[1];
        let (x, y) = (s.doctors[0].clone(), s.doctors[1].clone());
        let part = CoverPart {
            doctor: x.clone(),
            by: "d09".into(),
            from: s.start.date_naive(),
            to: s.start.date_naive(),
            start: s.start,
            end: s.start + chrono::Duration::days(1),
            points: 1,
            holidays: vec![],
        };
        s.parts.push(part);
        assert!(!s.replace("d08", "d07"), "not on it");
        assert!(!s.replace(&x, &y), "already on it");
        let mut kept = s.clone();
        assert!(kept.replace(&x, "d05"));
        assert_eq!(kept.doctors[0], "d05");
        assert_eq!(kept.parts[0].doctor, "d05", "the days are covered for the new doctor");
        assert_eq!(kept.points_of(&x), 0, "the replaced doctor earns nothing here");
        assert_eq!(kept.points_of("d05"), i64::from(kept.weight) - 1);
        // The colleague who covered takes the whole duty: their part is gone.
        assert!(s.replace(&x, "d09"));
        assert!(s.parts.is_empty());
        assert_eq!(s.points_of("d09"), i64::from(s.weight));
    }
}
