//! Imports of duty history as numbered batches, and their removal, each with its audit entry
//! (issue 16: the duty record is never rewritten by accident).
//!
//! Key decision: the batch number, the records and the audit entry are one sled transaction
//! over `meta`, `history` and `audit`, so there is no moment at which an import or a removal is
//! on disk without its audit entry, and an import that fails writes nothing at all.

use crate::store::kv::Transactional;

use super::{
    HISTORY, SledStore, abort, append_audit, decode, encode, from_transaction, history_key, next_id,
};
use crate::ids::ImportBatch;
use crate::store::{AuditEntry, DutyRecord, ImportOutcome, StoreError};

/// The `meta` key of the number the next import gets.
const NEXT_HISTORY_BATCH: &str = "next_history_batch";

/// See [`crate::store::Store::import_history_batch`].
pub(super) fn import_batch(
    store: &SledStore,
    records: &[DutyRecord],
    audit: &dyn Fn(ImportBatch, &ImportOutcome) -> AuditEntry,
) -> Result<(ImportBatch, ImportOutcome), StoreError> {
    let done = (&store.meta, &store.history, &store.audit)
        .transaction(|(meta, history, log)| {
            let batch = ImportBatch::new(next_id(meta, NEXT_HISTORY_BATCH)?);
            let mut outcome = ImportOutcome::default();
            for r in records {
                let r = DutyRecord { batch: Some(batch), ..r.clone() };
                let key = history_key(&r);
                let value = abort(encode(|| format!("the duty of {key}"), &r))?;
                match history.insert(key.as_bytes(), value)? {
                    Some(_) => outcome.replaced += 1,
                    None => outcome.added += 1,
                }
            }
            append_audit(meta, log, &audit(batch, &outcome))?;
            Ok((batch, outcome))
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(done)
}

/// See [`crate::store::Store::remove_history`].
pub(super) fn remove(
    store: &SledStore,
    keys: &[crate::store::DutyKey],
    audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
) -> Result<Vec<DutyRecord>, StoreError> {
    let removed = (&store.meta, &store.history, &store.audit)
        .transaction(|(meta, history, log)| {
            let mut removed: Vec<DutyRecord> = Vec::new();
            for key in keys {
                let key = key.stored();
                if let Some(v) = history.remove(key.as_bytes())? {
                    removed.push(abort(decode(HISTORY, || key.clone(), &v))?);
                }
            }
            removed.sort_by(|a, b| (a.slot_start, &a.doctor).cmp(&(b.slot_start, &b.doctor)));
            if !removed.is_empty() {
                append_audit(meta, log, &audit(&removed))?;
            }
            Ok(removed)
        })
        .map_err(from_transaction)?;
    if !removed.is_empty() {
        store.flush()?;
    }
    Ok(removed)
}
