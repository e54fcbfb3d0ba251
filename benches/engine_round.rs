//! The cost of one engine cycle (`toban serve`'s managers: escalation, schedule, requests,
//! delivery) as the store fills with closed calls: it must not grow with them, since a cycle
//! reads the `due` index and the pending outbox, not every call ever made.
//!
//! `cargo bench --bench engine_round`; `TOBAN_BENCH_SIZES=10,1000,100000` (the default) sets the
//! numbers of stored calls. The store lives in /dev/shm where there is one (fsync is free
//! there, so filling it with 100,000 calls takes seconds); each size gets one waiting call too.

use std::sync::Arc;
use std::time::{Duration, Instant};

use toban::engine::delivery::Delivery;
use toban::engine::{Ctx, Engine};
use toban::notify::{Notifier, NotifyError};
use toban::plan::testing::sosa;
use toban::routing::Event;
use toban::store::prelude::*;
use toban::store::{SledStore, Store};

#[path = "common/calls.rs"]
mod setup;
use setup::{one_chain, raise_one};

struct Quiet;

impl Notifier for Quiet {
    fn deliver(
        &self,
        _: &toban::routing::Notice,
        _: &str,
    ) -> Result<toban::notify::Delivered, NotifyError> {
        Ok(Default::default())
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::var("TOBAN_BENCH_SIZES")
        .unwrap_or_else(|_| "10,1000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rules = Arc::new(sosa());
    let now = setup::now();
    let chain = one_chain(&rules);
    let c = chain.1.clone();
    let shm = std::path::Path::new("/dev/shm");
    println!(
        "toban engine cycle benchmark (one cycle = escalation + schedule + requests + delivery)"
    );
    for n in sizes {
        let dir = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }
            .expect("tempdir");
        let store = Arc::new(SledStore::open(dir.path()).expect("store"));
        let filled = Instant::now();
        for _ in 0..n {
            let call = raise_one(&*store, &chain, now);
            let mut closed = call.clone();
            let cancel = Event::Cancel { by: c.clone(), admin: false };
            let notices = closed.apply(&cancel, now).expect("cancel");
            store.commit_call(&closed, &cancel, &notices, now).expect("commit");
        }
        // Their notices were delivered long ago.
        for e in store.pending_notices().expect("pending") {
            store.mark_sent(e.seq, now).expect("sent");
        }
        // One call still waiting.
        raise_one(&*store, &chain, now);
        let fill = filled.elapsed();
        let quiet: Arc<dyn Notifier> = Arc::new(Quiet);
        let delivery = Delivery::new(quiet.clone(), quiet);
        let dyn_store: Arc<dyn Store> = store.clone();
        let engine = Engine::new(Ctx { rules: rules.clone(), store: dyn_store }, delivery);
        // Warm up (delivers the waiting call's first notices), then time cycles with nothing due.
        engine.cycle(now);
        std::thread::sleep(Duration::from_millis(200));
        let rounds = 200;
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            engine.cycle(now);
            times.push(t.elapsed());
        }
        times.sort_unstable();
        let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
        println!(
            "  {n:>7} stored calls ({:.1} s to fill): cycle p50 {:.3} ms, p99 {:.3} ms",
            fill.as_secs_f64(),
            p(0.5),
            p(0.99)
        );
    }
}
