//! [`RotaStore`]: the rotas and what they are planned from and changed by.
//!
//! What it holds: each rota's draft and published versions by year (several rotas since issue
//! 20, through the `_of` methods), the duty history the fairness is counted over, the
//! absences, and the swap and cover requests, which change the published rota. These are
//! kept together because they change together: a swap commit rewrites the published rota,
//! an import writes history with its audit entry, in one atomic write each.

use crate::routing::Notice;
use crate::rules::RotaId;
use crate::store::{
    Absence, AuditEntry, DutyRecord, ImportOutcome, NewAbsence, Origin, RotaRecord, RotaStatus,
    StoreError, SwapCommit, SwapRequest,
};

/// Rotas, duty history, absences, swap and cover requests (see the module doc).
pub trait RotaStore {
    /// Saves `rota`, replacing the rota of the same year and status: a year may hold a draft
    /// (being worked on) beside its published rota (what members see).
    ///
    /// Fails with [`StoreError::Unencodable`] if its solver seconds are not finite.
    fn put_rota(&self, rota: &RotaRecord) -> Result<(), StoreError>;

    /// The rota of `year` with the given status, if one was saved.
    fn rota_version(&self, year: i32, status: RotaStatus)
    -> Result<Option<RotaRecord>, StoreError>;

    /// The latest version of the rota of `year`: its draft if one is being worked on, else the
    /// published rota.
    fn rota(&self, year: i32) -> Result<Option<RotaRecord>, StoreError> {
        match self.rota_version(year, RotaStatus::Draft)? {
            Some(draft) => Ok(Some(draft)),
            None => self.rota_version(year, RotaStatus::Published),
        }
    }

    /// Makes the draft of `year` the published rota (replacing the old one) in one atomic step,
    /// stamped `at`. Returns the new published rota, or `None` if there was no draft.
    fn publish(
        &self,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError>;

    /// Removes the draft of `year` (the published rota stays); `false` if there was none.
    fn discard_draft(&self, year: i32) -> Result<bool, StoreError>;

    /// Every saved rota of the association's own rota ([`RotaId::main`]), by
    /// ascending year, the published before the draft of a year.
    fn rotas(&self) -> Result<Vec<RotaRecord>, StoreError>;

    /// [`RotaStore::rota_version`] of rota `rota` (issue 20: several rotas; `main` is the
    /// association's own). A backend that keeps only the main rota has no other.
    fn rota_version_of(
        &self,
        rota: &RotaId,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        if rota.is_main() { self.rota_version(year, status) } else { Ok(None) }
    }

    /// [`RotaStore::rota`] of rota `rota`.
    fn rota_of(&self, rota: &RotaId, year: i32) -> Result<Option<RotaRecord>, StoreError> {
        match self.rota_version_of(rota, year, RotaStatus::Draft)? {
            Some(draft) => Ok(Some(draft)),
            None => self.rota_version_of(rota, year, RotaStatus::Published),
        }
    }

    /// [`RotaStore::publish`] of rota `rota`.
    fn publish_of(
        &self,
        rota: &RotaId,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        if rota.is_main() { self.publish(year, at) } else { Ok(None) }
    }

    /// [`RotaStore::discard_draft`] of rota `rota`.
    fn discard_draft_of(&self, rota: &RotaId, year: i32) -> Result<bool, StoreError> {
        if rota.is_main() { self.discard_draft(year) } else { Ok(false) }
    }

    /// The rota this store is seen as (issue 20): `main` but through a
    /// [`RotaView`] of another rota. Lets the desk tell a request of another rota it must
    /// hand to that rota's view from one already made there.
    fn scope(&self) -> &RotaId {
        const MAIN: &RotaId = &RotaId::main();
        MAIN
    }

    /// [`RotaStore::rotas`] of rota `rota`.
    fn rotas_of(&self, rota: &RotaId) -> Result<Vec<RotaRecord>, StoreError> {
        if rota.is_main() { self.rotas() } else { Ok(Vec::new()) }
    }

    /// Adds duty history, keyed by `(slot_start, doctor)`: a record with a key already present
    /// replaces it, so importing the same file twice changes nothing. All or nothing.
    fn import_history(&self, records: &[DutyRecord]) -> Result<ImportOutcome, StoreError>;

    /// All duty history, ascending by `(slot_start, doctor)`.
    fn history(&self) -> Result<Vec<DutyRecord>, StoreError>;

    /// Imports one batch of duty history as [`RotaStore::import_history`] does, and appends the audit
    /// entry `audit(batch, &outcome)` (its `seq` given by the store), in one atomic, flushed
    /// write. The store numbers the batch (ascending from 1, never reused) and stamps the number
    /// on every record, so [`RotaStore::remove_history`] can take a whole import back. `audit` may
    /// run more than once (a transaction retry) and must be pure.
    fn import_history_batch(
        &self,
        records: &[DutyRecord],
        audit: &dyn Fn(crate::ids::ImportBatch, &ImportOutcome) -> AuditEntry,
    ) -> Result<(crate::ids::ImportBatch, ImportOutcome), StoreError>;

    /// Removes the duty history of each `(slot_start, doctor)` in `keys` and appends the audit
    /// entry `audit(&removed)` (its `seq` given by the store), in one atomic, flushed write.
    /// Returns the records removed, ascending by key; when none of the keys is present nothing
    /// is written, not even the audit entry. `audit` must be pure, as above.
    fn remove_history(
        &self,
        keys: &[crate::store::DutyKey],
        audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
    ) -> Result<Vec<DutyRecord>, StoreError>;

    /// Adds an absence and returns it with its id: one more than the largest id ever given,
    /// starting at 1, never reused after a removal.
    fn add_absence(&self, absence: NewAbsence) -> Result<Absence, StoreError>;

    /// Removes the absence `id`; `false` if there was none.
    fn remove_absence(&self, id: crate::ids::AbsenceId) -> Result<bool, StoreError>;

    /// All absences, by ascending id.
    fn absences(&self) -> Result<Vec<Absence>, StoreError>;

    /// Replaces doctors in slots of the published rota of `year` (each of `changes`) and
    /// records `audit` (its `seq` is given by the store), in one atomic step. Returns the new
    /// published rota; [`StoreError::Conflict`]-like failures come back as `Ok(None)` when there
    /// is no published rota of that year or a change no longer matches it.
    fn change_published(
        &self,
        year: i32,
        changes: &[crate::store::Moved],
        audit: &AuditEntry,
    ) -> Result<Option<RotaRecord>, StoreError>;

    /// Stores a new swap request (its id is given by the store) and returns it.
    fn add_swap_request(&self, request: &SwapRequest) -> Result<SwapRequest, StoreError>;

    /// Replaces swap request `request.id`, whose `version` is one more than the stored one's;
    /// else fails with [`StoreError::RequestConflict`] and writes nothing (the caller reads it
    /// again and re-decides).
    fn put_swap_request(&self, request: &SwapRequest) -> Result<(), StoreError>;

    /// One step of swap or cover requests, in one atomic, flushed write: each of
    /// `commit.requests` is added (id 0: the store gives it one; a group of `Some(0)` becomes
    /// the first new request's id) or replaces the stored one if that is the version just
    /// before it (else [`StoreError::RequestConflict`], nothing written); the rota change, if
    /// any, is made in the published rota with the first audit entry, the other entries are
    /// appended; and the notices `notices(requests as written, the change's audit seq or
    /// `AuditSeq::UNSAVED`)` are queued. `Ok(None)` (nothing written) when the rota no longer matches the change.
    /// `notices` may run more than once (a transaction retry) and must be pure.
    fn commit_swap(
        &self,
        commit: &SwapCommit,
        notices: &dyn Fn(&[SwapRequest], crate::ids::AuditSeq) -> Vec<Notice>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<Vec<SwapRequest>>, StoreError>;

    /// Every swap request, by id.
    fn swap_requests(&self) -> Result<Vec<SwapRequest>, StoreError>;

    /// Adds an absence as [`RotaStore::add_absence`] does, and records it under `origin`, in one
    /// atomic, flushed write; if an absence was recorded under `origin` before, returns that one
    /// as it was added and writes nothing.
    fn add_absence_once(&self, absence: NewAbsence, origin: &Origin)
    -> Result<Absence, StoreError>;
}
