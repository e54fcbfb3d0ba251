//! Leading: what runs in one `serve` at a time when several share a PostgreSQL database
//! (issue 21): the engine's cycles and the Telegram poller. Every instance serves HTTP.
//!
//! Key decision: the duties start when this process becomes leader and are dropped when it
//! stops being one (the poller's future is dropped, the engine's loop ends after the cycle it
//! is in), so a deposed leader neither polls Telegram (two pollers would take each other's
//! updates) nor starts a cycle; a delivery already running asks [`crate::store::leader`]'s
//! round trip before each send ([`super::delivery::Delivery::fence`]). On sled the process
//! always leads, and this is the engine and the poller as before.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use super::Engine;

/// Starts the Telegram poller anew each time this process becomes leader.
pub type Poller = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// How leading ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// `stop` resolved (Ctrl-C, SIGTERM, or the role's sender is gone).
    Stopped,
    /// The Telegram poller ended on its own: serve cannot do its job.
    PollerStopped,
}

/// Runs the engine (and the poller, if any) while `role` says this process leads, and waits
/// while it does not, until `stop` resolves. A stop waits for the engine's cycle in progress.
pub async fn lead(
    engine: Arc<Engine>,
    mut role: watch::Receiver<bool>,
    poller: Option<Poller>,
    now: Arc<dyn Fn() -> anyhow::Result<DateTime<Utc>> + Send + Sync>,
    fast: bool,
    stop: impl Future<Output = ()>,
) -> Ended {
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            led = role.wait_for(|leads| *leads) => if led.is_err() { return Ended::Stopped },
            () = &mut stop => return Ended::Stopped,
        }
        let mut stopped = false;
        let poll = async {
            match &poller {
                Some(start) => start().await,
                None => std::future::pending().await,
            }
        };
        let mut deposed = role.clone();
        let until = async {
            tokio::select! {
                () = &mut stop => stopped = true,
                _ = deposed.wait_for(|leads| !*leads) => {}
            }
        };
        tokio::select! {
            () = engine.clone().run(now.clone(), fast, until) => {}
            () = poll => return Ended::PollerStopped,
        }
        if stopped {
            return Ended::Stopped;
        }
        tracing::warn!("no longer the leader: the engine and the Telegram poller stopped here");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::engine::delivery::Delivery;
    use crate::notify::Notifier;

    struct Nowhere;

    impl Notifier for Nowhere {
        fn deliver(
            &self,
            _: &crate::routing::Notice,
            _: &str,
        ) -> Result<crate::notify::Delivered, crate::notify::NotifyError> {
            Ok(Default::default())
        }
    }

    fn engine() -> Arc<Engine> {
        let rules = Arc::new(crate::plan::testing::sosa());
        let store: Arc<dyn crate::store::Store> =
            Arc::new(crate::store::TreeStore::temporary().unwrap());
        let quiet: Arc<dyn Notifier> = Arc::new(Nowhere);
        Engine::new(super::super::Ctx { rules, store }, Delivery::new(quiet.clone(), quiet))
    }

    /// Counts the engine's cycles through the clock it reads once a cycle.
    fn counting(
        cycles: Arc<AtomicUsize>,
    ) -> Arc<dyn Fn() -> anyhow::Result<DateTime<Utc>> + Send + Sync> {
        Arc::new(move || {
            cycles.fetch_add(1, Ordering::SeqCst);
            Ok(Utc::now())
        })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_engine_and_the_poller_run_only_while_this_process_leads() {
        let (role, watch) = watch::channel(false);
        let cycles = Arc::new(AtomicUsize::new(0));
        let polls = Arc::new(AtomicUsize::new(0));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let poller: Poller = {
            let polls = polls.clone();
            Box::new(move || {
                polls.fetch_add(1, Ordering::SeqCst);
                Box::pin(std::future::pending())
            })
        };
        let task = tokio::spawn(lead(
            engine(),
            watch,
            Some(poller),
            counting(cycles.clone()),
            true,
            async {
                let _ = stopped.await;
            },
        ));
        // Standing by: nothing runs (a cycle would have run at once).
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert_eq!((cycles.load(Ordering::SeqCst), polls.load(Ordering::SeqCst)), (0, 0));
        role.send_replace(true);
        wait(|| cycles.load(Ordering::SeqCst) >= 2).await;
        assert_eq!(polls.load(Ordering::SeqCst), 1, "one poller while leading");
        role.send_replace(false);
        // The cycle in progress ends; no other starts.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let after = cycles.load(Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        assert_eq!(cycles.load(Ordering::SeqCst), after, "a deposed leader runs no cycle");
        role.send_replace(true);
        wait(|| polls.load(Ordering::SeqCst) == 2).await;
        wait(|| cycles.load(Ordering::SeqCst) > after).await;
        let _ = stop.send(());
        assert_eq!(task.await.unwrap(), Ended::Stopped);
    }

    /// Workers finishing (and commands) trigger the engine all the time; a deposed leader must
    /// still stop after the cycle it is in, not whenever its loop happens to look.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_deposed_leader_runs_no_cycle_after_the_one_in_progress_however_often_triggered() {
        let (role, watch) = watch::channel(false);
        let cycles = Arc::new(AtomicUsize::new(0));
        let engine = engine();
        let task = tokio::spawn(lead(
            engine.clone(),
            watch,
            None,
            counting(cycles.clone()),
            true,
            std::future::pending(),
        ));
        let kicking = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let kicker = {
            let (engine, kicking) = (engine.clone(), kicking.clone());
            tokio::spawn(async move {
                while kicking.load(Ordering::SeqCst) {
                    engine.trigger();
                    tokio::time::sleep(std::time::Duration::from_micros(200)).await;
                }
            })
        };
        for _ in 0..20 {
            let before = cycles.load(Ordering::SeqCst);
            role.send_replace(true);
            wait(|| cycles.load(Ordering::SeqCst) >= before + 3).await;
            let at_loss = cycles.load(Ordering::SeqCst);
            role.send_replace(false);
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            let extra = cycles.load(Ordering::SeqCst) - at_loss;
            assert!(extra <= 1, "{extra} cycles started after the loss");
        }
        kicking.store(false, Ordering::SeqCst);
        kicker.await.unwrap();
        task.abort();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_poller_that_ends_ends_leading() {
        let (_role, watch) = watch::channel(true);
        let poller: Poller = Box::new(|| Box::pin(async {}));
        let cycles = Arc::new(AtomicUsize::new(0));
        let ended =
            lead(engine(), watch, Some(poller), counting(cycles), true, std::future::pending())
                .await;
        assert_eq!(ended, Ended::PollerStopped);
    }

    async fn wait(ok: impl Fn() -> bool) {
        let limit = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !ok() {
            assert!(std::time::Instant::now() < limit, "timed out");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }
}
