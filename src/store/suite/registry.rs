//! [`Registry`](super::super::Registry) on each backend: patients.

use super::super::*;
use super::*;
use crate::ids::PatientId;

#[test]
fn patients_get_ids_are_replaced_and_removed() {
    each_backend(|store| {
        let a = store.add_patient(details("A"), minute(0)).unwrap();
        let b = store.add_patient(details("B"), minute(1)).unwrap();
        assert_eq!((a.id, b.id), (PatientId::new(1), PatientId::new(2)));
        let mut a2 = a.clone();
        a2.details.name = "A2".into();
        assert!(store.put_patient(&a2).unwrap());
        assert_eq!(store.patient(PatientId::new(1)).unwrap().unwrap().details.name, "A2");
        assert!(store.remove_patient(PatientId::new(1)).unwrap());
        assert!(!store.put_patient(&a2).unwrap(), "a removed patient is not re-created");
        assert_eq!(store.patients().unwrap(), vec![b]);
        let c = store.add_patient(details("C"), minute(2)).unwrap();
        assert_eq!(c.id, PatientId::new(3), "ids are never reused");
    });
}

#[test]
fn a_patient_change_and_its_audit_entry_are_one_write_over_the_record_read() {
    use crate::store::PatientWrite;
    each_backend(|store| {
        let read = store.add_patient(details("A"), minute(0)).unwrap();
        let audit = |d: &str| AuditEntry::new(minute(1), "admin:test", "patient", d.into());
        let mut one = read.clone();
        one.details.name = "A1".into();
        assert_eq!(
            store.commit_patient(&read, &one, &audit("one")).unwrap(),
            PatientWrite::Written
        );
        // A change decided on the record as it was before is refused, and not audited.
        let mut two = read.clone();
        two.details.name = "A2".into();
        assert_eq!(
            store.commit_patient(&read, &two, &audit("two")).unwrap(),
            PatientWrite::Changed
        );
        assert_eq!(store.patient(PatientId::new(1)).unwrap().unwrap().details.name, "A1");
        store.remove_patient(PatientId::new(1)).unwrap();
        assert_eq!(
            store.commit_patient(&one, &two, &audit("three")).unwrap(),
            PatientWrite::Missing
        );
        let details: Vec<String> = store.audit().unwrap().into_iter().map(|e| e.detail).collect();
        assert_eq!(details, ["one"], "only the write that was made is audited");
    });
}
