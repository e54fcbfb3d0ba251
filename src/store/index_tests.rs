//! The index of calls by patient (issue 21), on both backends: after raises (plain and once
//! per origin), deadlines and answers, and after a restore (of a backup that carries the index,
//! and of an older one that does not, whose index is built when the restored store opens), it
//! lists exactly each patient's calls.
//!
//! The sled test always runs; the PostgreSQL one needs `TOBAN_TEST_PG` (see `pg_tests`).

use chrono::{DateTime, TimeZone, Utc};

use super::backup::Backup;
use super::pg_tests::{target, test_pg};
use super::prelude::*;
use super::{Origin, SCHEMA_VERSION, SledStore, TreeStore};
use crate::plan::testing::sosa;
use crate::routing::{Call, CallId, Event, Notice, PatientId};

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 2, 13, minute, 0).unwrap()
}

fn raiser(patient: u64) -> impl Fn(CallId) -> (Call, Vec<Notice>) {
    move |id| {
        let (a, c, chain) = crate::routing::testing::one_chain(&sosa());
        Call::raise(id, PatientId::new(patient), a, c, "note".into(), chain, at(0))
    }
}

/// Raises calls for patients 1, 2, 1, 3, 1 (one under an origin), fires a deadline of one and
/// has another accepted.
fn calls_raised_and_settled(store: &TreeStore) {
    for patient in [1, 2, 1] {
        store.raise_call(&raiser(patient), at(0)).unwrap();
    }
    let once = Origin::telegram(7);
    assert!(store.raise_call_once(&raiser(3), at(1), &once).unwrap().is_some());
    assert!(store.raise_call_once(&raiser(3), at(1), &once).unwrap().is_none(), "once only");
    store.raise_call(&raiser(1), at(2)).unwrap();
    let mut fired = store.call(crate::routing::CallId::new(1)).unwrap().unwrap();
    let first = fired.deadline().unwrap();
    let notices = fired.apply(&Event::Deadline, first).unwrap();
    store.commit_call(&fired, &Event::Deadline, &notices, first).unwrap();
    let mut accepted = store.call(crate::routing::CallId::new(2)).unwrap().unwrap();
    let by = accepted.asked().last().cloned().unwrap();
    let accept = Event::Accept { by };
    let notices = accepted.apply(&accept, at(3)).unwrap();
    store.commit_call(&accepted, &accept, &notices, at(3)).unwrap();
}

/// Each patient's calls through the index are exactly the calls of that patient, by id, and
/// the index holds one entry per call.
fn index_matches_calls(store: &TreeStore, what: &str) {
    let all = store.calls().unwrap();
    assert_eq!(all.len(), 5, "{what}: the calls");
    for patient in (1..=4).map(PatientId::new) {
        let expected: Vec<Call> = all.iter().filter(|c| c.patient == patient).cloned().collect();
        assert_eq!(store.calls_of(patient).unwrap(), expected, "{what}: patient {patient}");
    }
    let ids: Vec<CallId> =
        store.calls_of(PatientId::new(1)).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(ids, [1, 3, 5].map(CallId::new), "{what}: patient 1's calls by id");
    assert_eq!(
        store.calls_of(PatientId::new(2)).unwrap()[0].state,
        all[1].state,
        "{what}: as answered"
    );
    let index = store.every_tree().into_iter().find(|(n, _)| *n == "calls_by_patient");
    let (_, index) = index.unwrap_or_else(|| panic!("{what}: no calls_by_patient tree"));
    assert_eq!(index.len().unwrap(), all.len(), "{what}: one index entry per call");
}

/// `backup` as an older toban (schema 3) wrote it: without the index.
fn without_index(backup: &Backup) -> Backup {
    let mut old = backup.clone();
    assert!(old.trees.remove("calls_by_patient").is_some_and(|e| e.len() == 5));
    old.schema = 3;
    for e in old.trees.get_mut("meta").unwrap() {
        if e.key.as_deref() == Some("schema_version") {
            e.value = Some(serde_json::json!(3));
        }
    }
    old
}

#[test]
fn on_sled_the_patient_index_matches_the_calls_after_raises_settles_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open_sled(&dir.path().join("a")).unwrap();
    calls_raised_and_settled(&store);
    index_matches_calls(&store, "sled");
    let backup = store.export("sosa", at(4)).unwrap();
    assert_eq!(backup.schema, SCHEMA_VERSION);
    SledStore::restore(&dir.path().join("b"), &backup, "sosa").unwrap();
    index_matches_calls(&SledStore::open_sled(&dir.path().join("b")).unwrap(), "restored");
    SledStore::restore(&dir.path().join("c"), &without_index(&backup), "sosa").unwrap();
    index_matches_calls(&SledStore::open_sled(&dir.path().join("c")).unwrap(), "older backup");
}

#[test]
fn on_postgres_the_patient_index_matches_the_calls_after_raises_settles_and_restores() {
    let Some(url) = test_pg() else { return };
    let dir = tempfile::tempdir().unwrap();
    let t = target(&url, "index");
    let store = TreeStore::open_postgres(dir.path(), &t).unwrap();
    calls_raised_and_settled(&store);
    index_matches_calls(&store, "postgres");
    let backup = store.export("sosa", at(4)).unwrap();
    for (name, backup) in [("restored", backup.clone()), ("older backup", without_index(&backup))] {
        let into = target(&url, "index-restored");
        super::migrate::restore(&backup, "sosa", &into, dir.path()).unwrap();
        let restored = TreeStore::open_postgres(dir.path(), &into).unwrap();
        index_matches_calls(&restored, name);
        forget(&url, &into.association);
    }
    forget(&url, &t.association);
}

fn forget(url: &str, association: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.execute("DELETE FROM kv WHERE association = $1", &[&association]).unwrap();
}
