//! Bed vacancy and the board (issue 20), shared by chat, the command line, the console and the
//! notices: reading them as lines to show at an instant, and setting them, audited.
//!
//! Key decision: who may set what is decided here once: a hospital's status by that hospital
//! or an admin, a board entry by that doctor or an admin; every channel asks these functions.

use chrono::{DateTime, Utc};

use crate::msg::hospital::{BedLine, BoardLine};
use crate::rules::{MemberRole, Rules};
use crate::store::{
    AuditEntry, AuditEvent, BedState, BedStatus, BoardEntry, HospitalEvent, Store, StoreError,
};

/// Every backup hospital's status at `now`, in the chain's order; a stale or missing one as
/// unknown.
///
/// # Errors
/// If the store fails.
pub fn bed_lines(
    rules: &Rules,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> Result<Vec<BedLine>, StoreError> {
    let states = store.beds()?;
    Ok(rules
        .hospitals
        .iter()
        .map(|h| BedLine {
            hospital: h.name.clone(),
            status: states
                .iter()
                .find(|s| s.hospital == h.id.as_str())
                .filter(|s| s.is_fresh(now, rules.beds_stale_hours))
                .map(|s| (s.status, s.vacant, (now - s.set_at).num_minutes())),
        })
        .collect())
}

/// Whether any hospital ever set a status (notices show the block only then).
///
/// # Errors
/// If the store fails.
pub fn any_beds(store: &dyn Store) -> Result<bool, StoreError> {
    Ok(!store.beds()?.is_empty())
}

/// The board at `now`: every current doctor, in the rules' order.
///
/// # Errors
/// If the store fails.
pub fn board_lines(
    rules: &Rules,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> Result<Vec<BoardLine>, StoreError> {
    let entries = store.board()?;
    let today = now.with_timezone(&rules.association.tz).date_naive();
    Ok(rules
        .doctors
        .iter()
        .filter(|d| d.is_member_on(today))
        .map(|d| BoardLine {
            clinic: d.clinic.clone(),
            doctor: d.name.clone(),
            entry: entries
                .iter()
                .find(|e| e.doctor == d.id.as_str())
                .map(|e| (e.open, e.note.clone(), (now - e.set_at).num_minutes())),
        })
        .collect())
}

/// Why a status or entry was not set.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// `by` may not set it (a doctor for a hospital, a hospital for a doctor).
    #[error("{by} may not set this")]
    NotAllowed {
        /// Who tried.
        by: String,
    },
    /// No such hospital or doctor in the rules.
    #[error("no such member: {0}")]
    Unknown(String),
    /// A note too long.
    #[error("the note is too long")]
    TooLong,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn is_admin(rules: &Rules, by: &str) -> bool {
    by.starts_with("admin:") || rules.member(by).is_some_and(|m| m.role == MemberRole::Admin)
}

/// Sets `hospital`'s status at `now` for `by` (that hospital, an admin, or `admin:NAME` on the
/// command line or console), audited in the same write.
///
/// # Errors
/// [`SetError`].
pub fn set_beds(
    rules: &Rules,
    store: &dyn Store,
    hospital: &str,
    (status, vacant): (BedStatus, Option<u32>),
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), SetError> {
    if !rules.hospitals.iter().any(|h| h.id.as_str() == hospital) {
        return Err(SetError::Unknown(hospital.into()));
    }
    if by != hospital && !is_admin(rules, by) {
        return Err(SetError::NotAllowed { by: by.into() });
    }
    let state =
        BedState { hospital: hospital.into(), status, vacant, set_at: now, set_by: by.into() };
    let event = HospitalEvent::Beds { hospital: hospital.into(), status, vacant };
    store.set_beds(&state, &AuditEntry::of(now, by, AuditEvent::Hospital(event)))?;
    Ok(())
}

/// Sets `doctor`'s board entry at `now` for `by` (that doctor or an admin), audited.
///
/// # Errors
/// [`SetError`].
pub fn set_board(
    rules: &Rules,
    store: &dyn Store,
    doctor: &str,
    (open, note): (bool, &str),
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), SetError> {
    if rules.doctor(doctor).is_none() {
        return Err(SetError::Unknown(doctor.into()));
    }
    if by != doctor && !is_admin(rules, by) {
        return Err(SetError::NotAllowed { by: by.into() });
    }
    let note = note.trim();
    if note.chars().count() > crate::store::MAX_BOARD_NOTE {
        return Err(SetError::TooLong);
    }
    let entry = BoardEntry {
        doctor: doctor.into(),
        open,
        note: note.into(),
        set_at: now,
        set_by: by.into(),
    };
    let event = HospitalEvent::Board { doctor: doctor.into(), open, note: note.into() };
    store.set_board(&entry, &AuditEntry::of(now, by, AuditEvent::Hospital(event)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use crate::store::SledStore;
    use crate::store::prelude::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_804_000_000 + h * 3600, 0).unwrap()
    }

    #[test]
    fn only_the_hospital_or_the_office_sets_its_beds_and_old_ones_read_unknown() {
        let (rules, store) = (sosa(), SledStore::temporary().unwrap());
        let full = (BedStatus::Full, None);
        assert!(matches!(
            set_beds(&rules, &store, "h1", full, "d01", at(0)),
            Err(SetError::NotAllowed { .. })
        ));
        assert!(matches!(
            set_beds(&rules, &store, "h2", full, "h1", at(0)),
            Err(SetError::NotAllowed { .. })
        ));
        set_beds(&rules, &store, "h1", (BedStatus::Open, Some(2)), "h1", at(0)).unwrap();
        set_beds(&rules, &store, "h2", full, "office", at(0)).unwrap();
        let lines = bed_lines(&rules, &store, at(3)).unwrap();
        assert_eq!(lines[0].status, Some((BedStatus::Open, Some(2), 180)));
        assert_eq!(lines[2].status, None, "never set");
        let later = bed_lines(&rules, &store, at(24)).unwrap();
        assert!(later.iter().all(|l| l.status.is_none()), "stale after 24 h: {later:?}");
        assert_eq!(store.audit().unwrap().len(), 2, "each set is audited");
    }

    #[test]
    fn a_doctor_sets_only_their_own_board_entry() {
        let (rules, store) = (sosa(), SledStore::temporary().unwrap());
        assert!(set_board(&rules, &store, "d02", (true, ""), "d01", at(0)).is_err());
        assert!(set_board(&rules, &store, "d01", (true, ""), "h1", at(0)).is_err());
        set_board(&rules, &store, "d01", (true, "内科のみ"), "d01", at(0)).unwrap();
        let lines = board_lines(&rules, &store, at(1)).unwrap();
        assert_eq!(lines[0].entry, Some((true, "内科のみ".into(), 60)));
        assert_eq!(lines[1].entry, None);
    }
}
