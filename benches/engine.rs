//! The call engine: calls per second through raise → first notification, and the latency of
//! each, on the real store (sled on disk, flushed after every change) with a notifier that
//! only counts. `cargo bench --bench engine`; `TOBAN_BENCH_CALLS=N` changes the number of calls.
//!
//! Two figures: the full path (resolve the chain from the published rota and absences, store the
//! call with its notices, flush, deliver the first notice, mark it sent, flush), and the pure
//! state machine alone (`Call::raise` + `apply`), for scale.

use std::time::Instant;

use toban::desk::{Desk, Raised};
use toban::notify::{Notifier, NotifyError, drain};
use toban::plan::testing::sosa;
use toban::routing::{Call, Event};
use toban::store::SledStore;
use toban::store::prelude::*;

#[path = "common/calls.rs"]
mod setup;
use setup::{add_patients, one_chain, percentile};

struct Count(std::sync::atomic::AtomicUsize);

impl Notifier for Count {
    fn deliver(
        &self,
        _: &toban::routing::Notice,
        _: &str,
    ) -> Result<toban::notify::Delivered, NotifyError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Default::default())
    }
}

fn main() {
    let calls: usize =
        std::env::var("TOBAN_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let rules = sosa();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("store");
    let now = setup::now();
    // Patients: one per call, so every raise is a new call (not a follow-up).
    add_patients(&rules, &store, calls);
    let desk = Desk { rules: &rules, store: &store };
    let notifier = Count(Default::default());
    let mut latencies = Vec::with_capacity(calls);
    let started = Instant::now();
    for i in 0..calls {
        let t = Instant::now();
        let raised = desk
            .raise(toban::ids::PatientId::new(i as u64 + 1), "ns1", "往診依頼", now)
            .expect("raise");
        assert!(matches!(raised, Raised::New(..)));
        // The first notification: the request to the attending doctor (and the caller's note).
        drain(&rules, &store, &notifier, now).expect("drain");
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    latencies.sort_unstable();
    println!(
        "toban engine benchmark: {calls} calls, sled on disk (flush per change), console-free notifier"
    );
    println!(
        "  raise → first notification: {:.0} calls/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        calls as f64 / total.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
    println!(
        "  ({} notices delivered; {} calls stored)",
        notifier.0.into_inner(),
        store.calls().unwrap().len()
    );

    // The pure engine: raise and walk a whole escalation, no store.
    let (a, c, chain) = one_chain(&rules);
    let n = calls * 50;
    let t = Instant::now();
    let mut notices = 0;
    for i in 0..n {
        let (mut call, first) = Call::raise(
            toban::routing::CallId::new(i as u64),
            toban::ids::PatientId::new(1),
            a.clone(),
            c.clone(),
            "往診依頼".into(),
            chain.clone(),
            now,
        );
        notices += first.len();
        let mut at = now;
        while let Some(d) = call.deadline() {
            at = at.max(d);
            notices += call.apply(&Event::Deadline, at).unwrap().len();
        }
    }
    let pure = t.elapsed();
    println!(
        "  pure state machine: {:.0} whole escalations/s ({n} calls, {notices} notices, {:.1} µs each)",
        n as f64 / pure.as_secs_f64(),
        pure.as_secs_f64() * 1e6 / n as f64
    );
}
