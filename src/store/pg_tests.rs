//! The store on PostgreSQL (issue 21): associations kept apart, concurrent writers, and that
//! the shared store tests really run there when `TOBAN_TEST_PG` is set.
//!
//! Without `TOBAN_TEST_PG` these tests skip, except under `CI`, where `.ci/run` starts
//! PostgreSQL and a skip would hide that the store was never tested on it.

use crate::store::prelude::*;
use chrono::{TimeZone, Utc};

use super::kv_pg::Target;
use super::records::fixtures::rota;
use super::{AuditEntry, TEST_PG_VAR, TreeStore};

pub(super) fn test_pg() -> Option<String> {
    match std::env::var(TEST_PG_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI runs the store tests on PostgreSQL: set {TEST_PG_VAR} (see .ci/run)")
        }
        _ => {
            eprintln!("skipped: {TEST_PG_VAR} is not set");
            None
        }
    }
}

pub(super) fn target(url: &str, name: &str) -> Target {
    let mut id = [0u8; 6];
    getrandom::fill(&mut id).unwrap();
    let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let sep = if url.contains('?') { '&' } else { '?' };
    Target::parse(&format!("{url}{sep}association={name}-{id}")).unwrap()
}

fn rows_of(url: &str, association: &str) -> i64 {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query_one("SELECT count(*) FROM kv WHERE association = $1", &[&association]).unwrap().get(0)
}

fn forget(url: &str, association: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.execute("DELETE FROM kv WHERE association = $1", &[&association]).unwrap();
}

fn entry(detail: &str) -> AuditEntry {
    AuditEntry::new(
        Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap(),
        "admin",
        "test",
        detail.into(),
    )
}

#[test]
fn two_associations_in_one_database_never_see_each_others_records() {
    let Some(url) = test_pg() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (ta, tb) = (target(&url, "a"), target(&url, "b"));
    let a = TreeStore::open_postgres(&dir.path().join("a"), &ta).unwrap();
    let b = TreeStore::open_postgres(&dir.path().join("b"), &tb).unwrap();
    a.put_rota(&rota(2027)).unwrap();
    let first = a.add_audit(&entry("in a")).unwrap();
    assert!(rows_of(&url, &ta.association) >= 2, "a's records are in the database");
    assert_eq!(b.rotas().unwrap(), vec![], "b sees none of a's rotas");
    assert_eq!(b.audit().unwrap(), vec![], "nor its audit");
    // The same keys (counters, sequence numbers) in both, each its own.
    let in_b = b.add_audit(&entry("in b")).unwrap();
    assert_eq!((first.seq.get(), in_b.seq.get()), (1, 1), "each association counts its own");
    assert_eq!(a.audit().unwrap().len(), 1);
    assert_eq!(b.audit().unwrap()[0].detail, "in b");
    drop((a, b));
    // Reopened, each finds its own and only its own.
    let a = TreeStore::open_postgres(&dir.path().join("a"), &ta).unwrap();
    assert_eq!(a.rotas().unwrap().len(), 1);
    assert_eq!(a.audit().unwrap()[0].detail, "in a");
    forget(&url, &ta.association);
    forget(&url, &tb.association);
}

#[test]
fn concurrent_writers_on_two_connections_never_take_the_same_number() {
    let Some(url) = test_pg() else { return };
    let dir = tempfile::tempdir().unwrap();
    let t = target(&url, "race");
    let stores: Vec<TreeStore> =
        (0..2).map(|_| TreeStore::open_postgres(dir.path(), &t).unwrap()).collect();
    std::thread::scope(|s| {
        for (i, store) in stores.iter().enumerate() {
            s.spawn(move || {
                for n in 0..15 {
                    store.add_audit(&entry(&format!("{i}/{n}"))).unwrap();
                }
            });
        }
    });
    let mut seqs: Vec<u64> = stores[0].audit().unwrap().iter().map(|e| e.seq.get()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=30).collect::<Vec<u64>>(), "every entry its own number");
    forget(&url, &t.association);
}

#[tokio::test]
async fn the_store_works_from_inside_a_tokio_runtime() {
    let Some(_) = test_pg() else { return };
    let store = TreeStore::temporary().unwrap();
    store.put_rota(&rota(2027)).unwrap();
    let store = std::sync::Arc::new(store);
    let s = store.clone();
    tokio::spawn(async move { s.add_audit(&entry("from a task")).unwrap() }).await.unwrap();
    assert_eq!(store.rotas().unwrap().len(), 1);
    assert!(format!("{store:?}").contains("(temporary)"));
}

// Found by CI on a fresh database: the unit tests' many stores opened at once, and some failed
// with "db error" while making `schema_migrations` side by side.
#[test]
fn many_stores_opening_a_new_database_at_once_all_open() {
    let Some(url) = test_pg() else { return };
    // A new, empty schema stands for a new database (the test role may not create databases).
    let mut id = [0u8; 6];
    getrandom::fill(&mut id).unwrap();
    let schema: String =
        format!("fresh_{}", id.iter().map(|b| format!("{b:02x}")).collect::<String>());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let fresh = format!("{url}{sep}options=-csearch_path%3D{schema}");
    let dir = tempfile::tempdir().unwrap();
    let opened: Vec<_> = (0..12)
        .map(|i| {
            let t = target(&fresh, &format!("m{i}"));
            let path = dir.path().join(format!("s{i}"));
            std::thread::spawn(move || TreeStore::open_postgres(&path, &t).map(|_| ()))
        })
        .collect();
    let results: Vec<_> = opened.into_iter().map(|h| h.join().unwrap()).collect();
    admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    for r in results {
        r.unwrap();
    }
}

// Issue 21: a write the engine must act on tells the leader (LISTEN/NOTIFY), once it commits;
// other writes do not wake it.
#[test]
fn a_call_written_notifies_its_association_and_an_audit_entry_does_not() {
    use postgres::fallible_iterator::FallibleIterator;
    let Some(url) = test_pg() else { return };
    let dir = tempfile::tempdir().unwrap();
    let t = target(&url, "wake");
    let store = TreeStore::open_postgres(dir.path(), &t).unwrap();
    let mut listen = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    listen.batch_execute(&format!("LISTEN {}", super::wakeup::CHANNEL)).unwrap();
    let mine = |c: &mut postgres::Client| -> usize {
        let mut notes = c.notifications();
        let got: Vec<_> =
            notes.timeout_iter(std::time::Duration::from_millis(300)).collect().unwrap();
        got.iter().filter(|n| n.payload() == t.association).count()
    };
    store.add_audit(&entry("not for the engine")).unwrap();
    assert_eq!(mine(&mut listen), 0, "an audit entry wakes nobody");
    let raise = |id| {
        let rules = crate::plan::testing::sosa();
        let chain = crate::routing::resolve(&crate::routing::ChainInputs {
            substitute: None,
            rules: &rules,
            duty: &["d03".parse().unwrap()],
            absent: &|_| false,
            attending: Some(&"d01".parse().unwrap()),
            hospital: None,
            caller: Some(&"ns1".parse().unwrap()),
        });
        let (a, c) = ("d01".parse().unwrap(), "ns1".parse().unwrap());
        crate::routing::Call::raise(
            id,
            crate::ids::PatientId::new(1),
            a,
            c,
            "note".into(),
            chain,
            entry("").at,
        )
    };
    store.raise_call(&raise, entry("").at).unwrap();
    assert_eq!(mine(&mut listen), 1, "a call raised: one notification for its transaction");
    forget(&url, &t.association);
}
