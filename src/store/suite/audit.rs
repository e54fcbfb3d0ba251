//! [`AuditLog`](super::super::AuditLog) on each backend.

use super::super::AuditEntry;
use super::*;
use crate::store::prelude::*;

#[test]
fn audit_entries_are_numbered_from_one_and_listed_oldest_first() {
    each_backend(|store| {
        let entry = |m, detail: &str| AuditEntry::new(minute(m), "admin", "test", detail.into());
        assert_eq!(store.audit().unwrap(), vec![]);
        let first = store.add_audit(&entry(1, "first")).unwrap();
        let second = store.add_audit(&entry(2, "second")).unwrap();
        assert_eq!((first.seq.get(), second.seq.get()), (1, 2));
        let details: Vec<_> = store.audit().unwrap().into_iter().map(|e| e.detail).collect();
        assert_eq!(details, ["first", "second"]);
    });
}
