//! Backup hospitals' bed vacancy and the board of clinics accepting new home patients (issue
//! 20), as the store keeps them: one record per hospital and per doctor, replaced by each update
//! and stamped with when and by whom, so a reader can tell how old it is.
//!
//! Key decision: the store keeps the latest status only (the audit log keeps every change); how
//! old a status may be before it counts as unknown is a rule (`[beds] stale_hours`), decided
//! where it is shown ([`BedState::is_fresh`]), never by deleting records.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A backup hospital's bed vacancy, as its staff or the office set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BedStatus {
    /// 空床あり: beds free for a home patient.
    Open,
    /// 要相談: ask first.
    Consult,
    /// 満床: no bed.
    Full,
}

impl BedStatus {
    /// Every status, in the order buttons show them.
    pub const ALL: [BedStatus; 3] = [BedStatus::Open, BedStatus::Consult, BedStatus::Full];

    /// The status's word in commands and button data.
    pub fn word(self) -> &'static str {
        match self {
            BedStatus::Open => "open",
            BedStatus::Consult => "consult",
            BedStatus::Full => "full",
        }
    }

    /// Reads a status typed by a person: `open`/`consult`/`full`, 空床/空床あり/要相談/満床, or a
    /// number of free beds (0: full). Returns the status and the number, if one was given.
    pub fn parse(s: &str) -> Option<(BedStatus, Option<u32>)> {
        let s = s.trim();
        if let Ok(n) = crate::input::fold_width(s).parse::<u32>() {
            return Some(if n == 0 { (BedStatus::Full, None) } else { (BedStatus::Open, Some(n)) });
        }
        let status = match s.to_ascii_lowercase().as_str() {
            "open" | "free" | "空床" | "空床あり" | "空きあり" | "あり" => {
                BedStatus::Open
            }
            "consult" | "ask" | "要相談" | "相談" => BedStatus::Consult,
            "full" | "満床" | "なし" => BedStatus::Full,
            _ => return None,
        };
        Some((status, None))
    }
}

/// The latest bed vacancy of one hospital.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BedState {
    /// The hospital's member id.
    pub hospital: String,
    /// The status.
    pub status: BedStatus,
    /// How many beds are free, when the hospital said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacant: Option<u32>,
    /// When it was set.
    pub set_at: DateTime<Utc>,
    /// Who set it (the hospital's id, or the admin's).
    pub set_by: String,
}

impl BedState {
    /// Whether the status is younger than `stale_hours` at `now` (an older one reads as
    /// unknown: a bed free yesterday says nothing about tonight).
    pub fn is_fresh(&self, now: DateTime<Utc>, stale_hours: u32) -> bool {
        now - self.set_at < Duration::hours(i64::from(stale_hours))
    }
}

/// One doctor's entry on the board of clinics accepting new home patients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardEntry {
    /// The doctor's member id.
    pub doctor: String,
    /// Whether the clinic accepts new home patients.
    pub open: bool,
    /// A short note (「内科のみ」「月2名まで」), "" for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When it was set.
    pub set_at: DateTime<Utc>,
    /// Who set it (the doctor, or an admin).
    pub set_by: String,
}

/// The longest board note kept (characters).
pub const MAX_BOARD_NOTE: usize = 100;

/// What the audit log records of hospitals and the board (one [`super::AuditEvent::Hospital`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum HospitalEvent {
    /// A hospital's list of registered patients left the system (a file or a download).
    PatientList {
        /// The hospital's id.
        hospital: String,
        /// How many patients it lists.
        n: usize,
        /// The format (`text`, `csv`, `html`).
        format: String,
    },
    /// A hospital's bed vacancy was set.
    Beds {
        /// The hospital's id.
        hospital: String,
        /// The status.
        status: BedStatus,
        /// Free beds, if given.
        vacant: Option<u32>,
    },
    /// A doctor's entry on the board was set.
    Board {
        /// The doctor's id.
        doctor: String,
        /// Accepting new home patients.
        open: bool,
        /// The note.
        note: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_in_words_numbers_and_japanese() {
        assert_eq!(BedStatus::parse("2"), Some((BedStatus::Open, Some(2))));
        assert_eq!(BedStatus::parse("２"), Some((BedStatus::Open, Some(2))));
        assert_eq!(BedStatus::parse("0"), Some((BedStatus::Full, None)));
        assert_eq!(BedStatus::parse("満床"), Some((BedStatus::Full, None)));
        assert_eq!(BedStatus::parse("要相談"), Some((BedStatus::Consult, None)));
        assert_eq!(BedStatus::parse("Open"), Some((BedStatus::Open, None)));
        for bad in ["", "-1", "many", "空"] {
            assert_eq!(BedStatus::parse(bad), None, "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_status_older_than_the_rule_is_stale() {
        let at = DateTime::<Utc>::from_timestamp(1_804_000_000, 0).unwrap();
        let s = BedState {
            hospital: "h1".into(),
            status: BedStatus::Open,
            vacant: None,
            set_at: at,
            set_by: "h1".into(),
        };
        assert!(s.is_fresh(at + Duration::hours(23), 24));
        assert!(!s.is_fresh(at + Duration::hours(24), 24));
    }
}
