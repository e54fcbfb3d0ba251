//! Duty history ([`RotaStore`](super::super::RotaStore)) on each backend: imports numbered
//! as batches, and removals audited.

use chrono::{TimeZone, Utc};

use crate::store::prelude::*;
use crate::store::records::fixtures::{day, duty};
use crate::store::{AuditEntry, DutySource, ImportOutcome};

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
    });
}
