//! Duty history ([`RotaStore`](super::super::RotaStore)) on each backend: imports numbered
//! as batches, and removals audited.

use chrono::{TimeZone, Utc};

use crate::ids::ImportBatch;
use crate::store::prelude::*;
use crate::store::records::fixtures::{day, duty};
use crate::store::{AuditEntry, DutyKey, DutySource, ImportOutcome};

use super::each_backend;

fn entry(detail: String) -> AuditEntry {
    AuditEntry::new(Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap(), "admin", "history", detail)
}

#[test]
fn each_import_gets_the_next_batch_number_on_its_records_and_one_audit_entry() {
    each_backend(|store| {
        let a = [duty(day(2026, 4, 7), "d01", DutySource::Import)];
        let b = [
            duty(day(2026, 4, 14), "d02", DutySource::Import),
            duty(day(2026, 4, 7), "d01", DutySource::Import),
        ];
        let audit =
            |n: ImportBatch, o: &ImportOutcome| entry(format!("batch {n}: {} new", o.added));
        assert_eq!(store.import_history_batch(&a, &audit).expect("first").0, ImportBatch::new(1));
        let (n, outcome) = store.import_history_batch(&b, &audit).expect("second");
        assert_eq!((n.get(), outcome), (2, ImportOutcome { added: 1, replaced: 1 }));
        let batches: Vec<Option<ImportBatch>> =
            store.history().expect("history").iter().map(|r| r.batch).collect();
        assert_eq!(
            batches,
            vec![Some(ImportBatch::new(2)); 2],
            "a record belongs to the import that last wrote it"
        );
        let log: Vec<String> =
            store.audit().expect("audit").into_iter().map(|e| e.detail).collect();
        assert_eq!(log, vec!["batch 1: 1 new", "batch 2: 1 new"]);
    });
}

#[test]
fn removing_history_returns_what_went_and_audits_it_and_removing_nothing_writes_nothing() {
    each_backend(|store| {
        let rows = [
            duty(day(2026, 4, 14), "d02", DutySource::Import),
            duty(day(2026, 4, 7), "d01", DutySource::Import),
        ];
        store.import_history_batch(&rows, &|_, _| entry("import".into())).expect("import");
        let keys = [
            key(day(2026, 4, 14), "d02"),
            key(day(2026, 4, 7), "d01"),
            key(day(2030, 1, 1), "d09"),
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
    });
}

/// Issue 21: an import's batch, an audit entry's number and a duty's key are typed in the
/// store's arguments, and the records keep the bare numbers and strings they had before.
#[test]
fn import_batches_and_audit_numbers_are_typed_and_stored_as_bare_numbers() {
    use crate::ids::AuditSeq;
    each_backend(|store| {
        let rows = [duty(day(2026, 4, 7), "d01", DutySource::Import)];
        let told = std::cell::Cell::new(None);
        let (batch, _) = store
            .import_history_batch(&rows, &|b, _| {
                told.set(Some(b));
                entry(format!("batch {b}"))
            })
            .expect("import");
        assert_eq!((told.get(), batch), (Some(batch), ImportBatch::new(1)));
        let record = &store.history().expect("history")[0];
        assert_eq!((record.batch, record.key()), (Some(batch), key(day(2026, 4, 7), "d01")));
        let raw = |tree: &str, key: &[u8]| -> serde_json::Value {
            let trees = store.every_tree();
            let (_, t) = trees.iter().find(|(n, _)| *n == tree).expect("the tree exists");
            serde_json::from_slice(t.get(key).unwrap().expect("stored").as_ref()).unwrap()
        };
        assert_eq!(raw("history", b"2026-04-07/d01")["batch"], 1, "a bare number");
        let seq: AuditSeq = store.audit().expect("audit")[0].seq;
        assert_eq!(seq, AuditSeq::new(1));
        assert_eq!(raw("audit", &seq.to_be_bytes())["seq"], 1, "a bare number");
        let removed =
            store.remove_history(&[record.key()], &|_| entry("removed".into())).expect("remove");
        assert_eq!(removed.len(), 1);
        assert_eq!(store.audit().expect("audit")[1].seq, AuditSeq::new(2));
    });
}

fn key(slot_start: chrono::NaiveDate, doctor: &str) -> DutyKey {
    DutyKey { slot_start, doctor: doctor.to_string() }
}
