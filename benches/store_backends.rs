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

use toban::desk::{Desk, Raised};
use toban::plan::testing::sosa;
use toban::rules::Rules;
use toban::store::{SledStore, Store, Target, TreeStore};

#[path = "common/calls.rs"]
mod setup;
use setup::{add_patients, one_chain, percentile, raise_one};

/// Prints one line of figures: calls/s, p50, p99 and max, and the median of the first and of
/// the last tenth of the raises (in order), which are equal when raising does not slow as
/// calls pile up.
fn line(name: &str, calls: usize, total: Duration, latencies: Vec<Duration>, queued: usize) {
    let tenth = (latencies.len() / 10).max(1);
    let median = |part: &[Duration]| {
        let mut part = part.to_vec();
        part.sort_unstable();
        percentile(&part, 0.5).as_secs_f64() * 1e3
    };
    let (first, last) =
        (median(&latencies[..tenth]), median(&latencies[latencies.len() - tenth..]));
    let mut sorted = latencies;
    sorted.sort_unstable();
    println!(
        "{name:<34} {:>8.0} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7}",
        calls as f64 / total.as_secs_f64(),
        percentile(&sorted, 0.5).as_secs_f64() * 1e3,
        percentile(&sorted, 0.99).as_secs_f64() * 1e3,
        sorted.last().unwrap().as_secs_f64() * 1e3,
        first,
        last,
        queued,
    );
}

/// The write alone: `calls` calls stored with their first notices, one transaction each
/// (`Store::raise_call`, the chain resolved once beforehand).
fn measure_write(name: &str, rules: &Rules, store: &dyn Store, calls: usize) {
    let now = setup::now();
    let chain = one_chain(rules);
    let before = store.pending_notices().expect("pending").len();
    let mut latencies = Vec::with_capacity(calls);
    let started = Instant::now();
    for _ in 0..calls {
        let t = Instant::now();
        raise_one(store, &chain, now);
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    let queued = store.pending_notices().expect("pending").len() - before;
    assert!(queued >= calls, "every call queued its first notification ({queued} of {calls})");
    line(name, calls, total, latencies, queued);
}

/// Raises `calls` calls (one patient each) and prints the figures of `name`.
fn measure(name: &str, rules: &Rules, store: &dyn Store, calls: usize) {
    let now = setup::now();
    add_patients(rules, store, calls);
    let desk = Desk { rules, store };
    let mut latencies = Vec::with_capacity(calls);
    let started = Instant::now();
    for i in 0..calls {
        let t = Instant::now();
        let raised = desk
            .raise(toban::ids::PatientId::new(i as u64 + 1), "ns1", "往診依頼", now)
            .expect("raise");
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
        "{:<34} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "store", "calls/s", "p50 ms", "p99 ms", "max ms", "1st 10%", "last 10%", "queued"
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
