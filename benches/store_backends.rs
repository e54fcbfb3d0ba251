//! The store's two backends side by side (issue 21): calls per second and the latency from a
//! call raised to its first notification queued in the outbox (the call, its event and its
//! notices written in one transaction, durable when `raise` returns), on sled (a directory on
//! disk, flushed after every change) and on PostgreSQL (loopback, one SERIALIZABLE transaction
//! per change). Nothing is delivered: delivery is the same code after either store.
//!
//! Two lines per backend: the full path (`Desk::raise`: the patient, their earlier calls, the
//! rota and absences read, the chain resolved, then the write), and the write alone
//! (`Store::raise_call` with a chain resolved once: the transaction that stores the call and
//! queues its notices), so the backend's cost per transaction shows apart from the reads.
//!
//! `cargo bench --bench store_backends`; PostgreSQL is measured when `TOBAN_BENCH_PG` (else
//! `TOBAN_TEST_PG`) names a database, under an association of its own that is removed at the
//! end. `TOBAN_BENCH_CALLS=N` (default 1000) sets the number of calls.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use toban::desk::{Desk, Raised};
use toban::plan::testing::sosa;
use toban::routing::{Call, ChainInputs, PatientDetails, resolve};
use toban::rules::{MemberId, Rules};
use toban::store::{SledStore, Store, Target, TreeStore};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Prints one line of figures.
fn line(name: &str, calls: usize, total: Duration, mut latencies: Vec<Duration>, queued: usize) {
    latencies.sort_unstable();
    println!(
        "{name:<34} {:>8.0} {:>9.2} {:>9.2} {:>9.2} {:>9}",
        calls as f64 / total.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
        queued,
    );
}

/// The write alone: `calls` calls stored with their first notices, one transaction each
/// (`Store::raise_call`, the chain resolved once beforehand).
fn measure_write(name: &str, rules: &Rules, store: &dyn Store, calls: usize) {
    let now = Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap();
    let (a, c) = (rules.doctors[0].id.clone(), "ns1".parse::<MemberId>().unwrap());
    let duty = [rules.doctors[2].id.clone()];
    let chain = resolve(&ChainInputs {
        rules,
        duty: &duty,
        absent: &|_| false,
        attending: Some(&a),
        hospital: None,
        caller: Some(&c),
        substitute: None,
    });
    let before = store.pending_notices().expect("pending").len();
    let mut latencies = Vec::with_capacity(calls);
    let started = Instant::now();
    for _ in 0..calls {
        let t = Instant::now();
        store
            .raise_call(
                &|id| Call::raise(id, 1, a.clone(), c.clone(), "x".into(), chain.clone(), now),
                now,
            )
            .expect("raise");
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    let queued = store.pending_notices().expect("pending").len() - before;
    assert!(queued >= calls, "every call queued its first notification ({queued} of {calls})");
    line(name, calls, total, latencies, queued);
}

/// Raises `calls` calls (one patient each) and prints the figures of `name`.
fn measure(name: &str, rules: &Rules, store: &dyn Store, calls: usize) {
    let now = Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap();
    for i in 0..calls {
        let details = PatientDetails {
            name: format!("患者 {i}"),
            address: "千葉県匝瑳市".into(),
            area: Some("八日市場".into()),
            attending: rules.doctors[i % rules.doctors.len()].id.clone(),
            hospital: None,
            diagnosis: String::new(),
            medications: String::new(),
            wishes: "DNAR".into(),
            consent: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            visit: Default::default(),
            substitute: None,
            rota: None,
        };
        store.add_patient(details, now).expect("patient");
    }
    let desk = Desk { rules, store };
    let mut latencies = Vec::with_capacity(calls);
    let started = Instant::now();
    for i in 0..calls {
        let t = Instant::now();
        let raised = desk.raise(i as u64 + 1, "ns1", "往診依頼", now).expect("raise");
        latencies.push(t.elapsed());
        assert!(matches!(raised, Raised::New(..)));
    }
    let total = started.elapsed();
    let queued = store.pending_notices().expect("pending").len();
    assert!(queued >= calls, "every call queued its first notification ({queued} of {calls})");
    line(name, calls, total, latencies, queued);
}

fn main() {
    let calls: usize =
        std::env::var("TOBAN_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let rules = sosa();
    println!(
        "toban store benchmark: {calls} calls, raise → first notification queued in the outbox"
    );
    println!(
        "{:<34} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "store", "calls/s", "p50 ms", "p99 ms", "max ms", "queued"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = SledStore::open_sled(&dir.path().join("sled")).expect("sled store");
        measure("sled: raise (desk, full path)", &rules, &store, calls);
        measure_write("sled: the write alone", &rules, &store, calls);
    }
    let url = ["TOBAN_BENCH_PG", "TOBAN_TEST_PG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()));
    let Some(url) = url else {
        println!("(PostgreSQL skipped: set TOBAN_BENCH_PG=postgres://USER@127.0.0.1/DB)");
        return;
    };
    let association = format!("bench-{}", std::process::id());
    let sep = if url.contains('?') { '&' } else { '?' };
    let target = Target::parse(&format!("{url}{sep}association={association}")).expect("url");
    {
        let store =
            TreeStore::open_postgres(&dir.path().join("pg"), &target).expect("postgres store");
        measure("PostgreSQL: raise (desk, full path)", &rules, &store, calls);
        measure_write("PostgreSQL: the write alone", &rules, &store, calls);
    }
    forget(&url, &association);
}

/// Removes the benchmark's records.
fn forget(url: &str, association: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.execute("DELETE FROM kv WHERE association = $1", &[&association]).expect("delete");
}
