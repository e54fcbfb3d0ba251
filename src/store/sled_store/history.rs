//! Imports of duty history as numbered batches, and their removal, each with its audit entry
//! (issue 16: the duty record is never rewritten by accident).
//!
//! Key decision: the batch number, the records and the audit entry are one sled transaction
//! over `meta`, `history` and `audit`, so there is no moment at which an import or a removal is
//! on disk without its audit entry, and an import that fails writes nothing at all.

use crate::store::kv::Transactional;

use super::{
    HISTORY, NEXT_AUDIT_SEQ, SledStore, TxResult, abort, decode, encode, from_transaction,
    history_key, next_id,
};
use crate::store::{AuditEntry, DutyRecord, ImportOutcome, StoreError};

/// The `meta` key of the number the next import gets.
const NEXT_HISTORY_BATCH: &str = "next_history_batch";

/// See [`crate::store::Store::import_history_batch`].
pub(super) fn import_batch(
    store: &SledStore,
    records: &[DutyRecord],
    audit: &dyn Fn(u64, &ImportOutcome) -> AuditEntry,
) -> Result<(u64, ImportOutcome), StoreError> {
    let done = (&store.meta, &store.history, &store.audit)
        .transaction(|(meta, history, log)| {
            let batch = next_id(meta, NEXT_HISTORY_BATCH)?;
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
    keys: &[(chrono::NaiveDate, String)],
    audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
) -> Result<Vec<DutyRecord>, StoreError> {
    let removed = (&store.meta, &store.history, &store.audit)
        .transaction(|(meta, history, log)| {
            let mut removed: Vec<DutyRecord> = Vec::new();
            for (start, doctor) in keys {
                let key = format!("{}/{doctor}", start.format("%Y-%m-%d"));
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

fn append_audit(
    meta: &crate::store::kv::TxTree<'_>,
    log: &crate::store::kv::TxTree<'_>,
    entry: &AuditEntry,
) -> TxResult<()> {
    let seq = next_id(meta, NEXT_AUDIT_SEQ)?;
    let entry = AuditEntry { seq, ..entry.clone() };
    log.insert(&seq.to_be_bytes(), abort(encode(|| "an audit entry", &entry))?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use crate::store::prelude::*;
    use crate::store::records::fixtures::{day, duty};
    use crate::store::{AuditEntry, DutySource, ImportOutcome, SledStore};

    fn store() -> SledStore {
        SledStore::temporary().expect("a temporary store opens")
    }

    fn entry(detail: String) -> AuditEntry {
        AuditEntry::new(
            Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap(),
            "admin",
            "history",
            detail,
        )
    }

    #[test]
    fn each_import_gets_the_next_batch_number_on_its_records_and_one_audit_entry() {
        let store = store();
        let a = [duty(day(2026, 4, 7), "d01", DutySource::Import)];
        let b = [
            duty(day(2026, 4, 14), "d02", DutySource::Import),
            duty(day(2026, 4, 7), "d01", DutySource::Import),
        ];
        let audit = |n: u64, o: &ImportOutcome| entry(format!("batch {n}: {} new", o.added));
        assert_eq!(store.import_history_batch(&a, &audit).expect("first").0, 1);
        let (n, outcome) = store.import_history_batch(&b, &audit).expect("second");
        assert_eq!((n, outcome), (2, ImportOutcome { added: 1, replaced: 1 }));
        let batches: Vec<Option<u64>> =
            store.history().expect("history").iter().map(|r| r.batch).collect();
        assert_eq!(
            batches,
            vec![Some(2), Some(2)],
            "a record belongs to the import that last wrote it"
        );
        let log: Vec<String> =
            store.audit().expect("audit").into_iter().map(|e| e.detail).collect();
        assert_eq!(log, vec!["batch 1: 1 new", "batch 2: 1 new"]);
    }

    #[test]
    fn removing_history_returns_what_went_and_audits_it_and_removing_nothing_writes_nothing() {
        let store = store();
        let rows = [
            duty(day(2026, 4, 14), "d02", DutySource::Import),
            duty(day(2026, 4, 7), "d01", DutySource::Import),
        ];
        store.import_history_batch(&rows, &|_, _| entry("import".into())).expect("import");
        let keys = [
            (day(2026, 4, 14), "d02".to_string()),
            (day(2026, 4, 7), "d01".to_string()),
            (day(2030, 1, 1), "d09".to_string()),
        ];
        let removed = store
            .remove_history(&keys, &|r| entry(format!("removed {}", r.len())))
            .expect("remove");
        let removed: Vec<&str> = removed.iter().map(|r| r.doctor.as_str()).collect();
        assert_eq!(removed, vec!["d01", "d02"], "ascending by slot start");
        assert_eq!(store.history().expect("history"), vec![]);
        let again = store.remove_history(&keys, &|_| entry("nothing".into())).expect("again");
        assert_eq!(again, vec![]);
        let log: Vec<String> =
            store.audit().expect("audit").into_iter().map(|e| e.detail).collect();
        assert_eq!(log, vec!["import", "removed 2"], "no entry for a removal of nothing");
    }
}
