//! [`Registry`]: the patients and where they can be received.
//!
//! What it holds: the registered patients (their details and their course, each change with
//! its audit entry), the hospitals' bed vacancy and the doctors' availability board. Patient
//! data is the most sensitive the store keeps; one role names every method that touches it.

use crate::routing::{Patient, PatientDetails, PatientId};
use crate::store::{AuditEntry, BedState, BoardEntry, PatientWrite, StoreError};

/// Patients, bed vacancy and the doctors' board (see the module doc).
pub trait Registry {
    /// Registers a patient and returns the record with its id (ascending, never reused), stamped
    /// `at`.
    fn add_patient(
        &self,
        details: PatientDetails,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Patient, StoreError>;

    /// Replaces the record of `patient.id`; `false` (and nothing written) if there is none.
    fn put_patient(&self, patient: &Patient) -> Result<bool, StoreError>;

    /// Replaces the record of `patient.id` and appends `audit` (its `seq` given by the store), in
    /// one atomic, flushed write, so a change to a patient (an edit, an event of the course) is
    /// never kept without its audit entry, nor audited without being kept. `read` is the record
    /// the change was decided on: if the stored one differs (another writer came first), nothing
    /// is written and [`PatientWrite::Changed`] says so; [`PatientWrite::Missing`] when there is
    /// no such patient any more.
    fn commit_patient(
        &self,
        read: &Patient,
        patient: &Patient,
        audit: &AuditEntry,
    ) -> Result<PatientWrite, StoreError>;

    /// Removes the patient `id` from the registry; `false` if there was none. Calls already made
    /// keep their patient id.
    fn remove_patient(&self, id: PatientId) -> Result<bool, StoreError>;

    /// The patient `id`.
    fn patient(&self, id: PatientId) -> Result<Option<Patient>, StoreError>;

    /// Every registered patient, by ascending id.
    fn patients(&self) -> Result<Vec<Patient>, StoreError>;

    /// Replaces the bed vacancy of `state.hospital` and appends `audit` (its `seq` given by the
    /// store), in one atomic, flushed write.
    fn set_beds(&self, state: &BedState, audit: &AuditEntry) -> Result<(), StoreError>;

    /// The latest bed vacancy of every hospital that set one, by hospital id.
    fn beds(&self) -> Result<Vec<BedState>, StoreError>;

    /// Replaces the board entry of `entry.doctor` and appends `audit`, in one atomic, flushed
    /// write.
    fn set_board(&self, entry: &BoardEntry, audit: &AuditEntry) -> Result<(), StoreError>;

    /// Every doctor's board entry, by doctor id.
    fn board(&self) -> Result<Vec<BoardEntry>, StoreError>;
}
