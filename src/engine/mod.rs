//! The engine: managers of one shape over the store, run in cycles by `toban serve`.
//!
//! Each manager has a `NAME` and an `update(ctx, now)` that reads what is due from the store,
//! decides with the pure core, and writes the outcome with its notices in one transaction
//! (GoAlert's engine; ../shared/STYLE.md §4–5):
//! - [`escalation`]: call deadlines, read from the `due` index (not every call ever made);
//! - [`schedule`]: duty reminders, handovers and understaffed-slot alerts;
//! - [`requests`]: swap and cover requests whose time ran out;
//! - [`webhooks`]: delayed webhooks whose time came (issue 19);
//! - [`delivery`]: the outbox, per recipient and device (workers in their own threads).
//!
//! [`lead`] runs them only while this process leads its association (several `serve` on one
//! PostgreSQL database, issue 21; always on sled).
//!
//! Key decisions:
//! - A failure on one entity is logged with its id and skipped; a manager that fails or panics
//!   is logged (panics counted) and the cycle goes on with the next. Nothing here stops the
//!   engine: the store is the state, so the next cycle retries.
//! - A cycle runs at the next deadline, at most a second apart, or at once on [`Engine::trigger`]
//!   (a command, a button, a finished delivery). [`Engine::wait_cycle`] lets tests wait for one
//!   instead of sleeping.

pub mod delivery;
pub mod escalation;
pub mod lead;
pub mod quiet;
pub mod requests;
pub mod schedule;
pub mod webhooks;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::rules::Rules;
use crate::store::Store;

/// What a manager works with.
#[derive(Clone)]
pub struct Ctx {
    /// The association's rules.
    pub rules: Arc<Rules>,
    /// The store.
    pub store: Arc<dyn Store>,
}

/// What one manager's update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Entities moved on (deadlines fired, notices queued, workers started).
    pub done: usize,
    /// Entities that failed and were skipped (logged with their ids).
    pub failed: usize,
}

/// The longest pause between two cycles.
pub const IDLE: Duration = Duration::from_secs(1);

/// Milliseconds to use instead of [`IDLE`] (and instead of the 50 ms a test clock asks for):
/// for tests that must tell a wake-up from the next cycle (issue 21's LISTEN/NOTIFY), and for
/// measuring. Unset in production.
pub const IDLE_VAR: &str = "TOBAN_ENGINE_IDLE_MS";

/// [`IDLE_VAR`]'s pause, if it is set (a value that is not a number of milliseconds is logged
/// and ignored).
fn idle_from_env() -> Option<Duration> {
    let text = std::env::var(IDLE_VAR).ok().filter(|v| !v.trim().is_empty())?;
    match text.trim().parse::<u64>() {
        Ok(ms) => Some(Duration::from_millis(ms)),
        Err(_) => {
            tracing::warn!("{IDLE_VAR}={text} is not a number of milliseconds; ignored");
            None
        }
    }
}

/// The managers and their trigger.
pub struct Engine {
    rules: crate::live::Live<Rules>,
    store: Arc<dyn Store>,
    delivery: Arc<delivery::Delivery>,
    kick: tokio::sync::Notify,
    cycles: tokio::sync::watch::Sender<u64>,
    panics: AtomicU64,
    /// Whether the disk was found nearly full at the last look (told once per episode).
    low_disk: std::sync::atomic::AtomicBool,
    /// [`IDLE_VAR`]'s pause, if set.
    idle: Option<Duration>,
}

impl Engine {
    /// An engine over `ctx`, delivering with `delivery`.
    pub fn new(ctx: Ctx, delivery: Arc<delivery::Delivery>) -> Arc<Engine> {
        Engine::live(crate::live::Live::new(ctx.rules), ctx.store, delivery)
    }

    /// An engine whose rules may be replaced while it runs: each cycle uses the rules of its
    /// start.
    pub fn live(
        rules: crate::live::Live<Rules>,
        store: Arc<dyn Store>,
        delivery: Arc<delivery::Delivery>,
    ) -> Arc<Engine> {
        let engine = Arc::new(Engine {
            rules,
            store,
            delivery,
            kick: tokio::sync::Notify::new(),
            cycles: tokio::sync::watch::channel(0).0,
            panics: AtomicU64::new(0),
            low_disk: std::sync::atomic::AtomicBool::new(false),
            idle: idle_from_env(),
        });
        let weak = Arc::downgrade(&engine);
        engine.delivery.on_idle(Arc::new(move || {
            if let Some(e) = weak.upgrade() {
                e.trigger();
            }
        }));
        engine
    }

    /// Asks for a cycle now (after a command, a button press, a finished delivery).
    pub fn trigger(&self) {
        self.kick.notify_one();
    }

    /// How many manager panics were caught so far.
    pub fn panics(&self) -> u64 {
        self.panics.load(Ordering::Relaxed)
    }

    /// Triggers a cycle and waits until one that started after this call has ended and the
    /// delivery workers it started are done; again while a notice is left that a cycle could
    /// deliver now (queued for a recipient whose worker was busy), at most 20 times. A
    /// recipient backing off is not waited for.
    pub async fn wait_cycle(&self) {
        for _ in 0..20 {
            self.one_cycle().await;
            let store = self.store.clone();
            let delivery = self.delivery.clone();
            let more =
                tokio::task::spawn_blocking(move || delivery.ready(&*store)).await.unwrap_or(false);
            if !more {
                return;
            }
        }
    }

    async fn one_cycle(&self) {
        let mut rx = self.cycles.subscribe();
        let seen = *rx.borrow_and_update();
        self.trigger();
        // The cycle running now (if any) started before: wait for the one after it.
        while *rx.borrow_and_update() < seen + 2 {
            self.trigger();
            if rx.changed().await.is_err() {
                return;
            }
        }
        while !self.delivery.idle() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// One cycle at `now`: every manager once, in order. Returns how long to wait before the
    /// next (the next deadline, at most [`IDLE`]).
    pub fn cycle(&self, now: DateTime<Utc>) -> Duration {
        self.watch_disk();
        let ctx = Ctx { rules: self.rules.get(), store: self.store.clone() };
        self.run_manager(escalation::NAME, || escalation::update(&ctx, now));
        self.run_manager(schedule::NAME, || schedule::update(&ctx, now));
        self.run_manager(requests::NAME, || requests::update(&ctx, now));
        self.run_manager(webhooks::NAME, || webhooks::update(&ctx, now));
        self.run_manager(delivery::NAME, || self.delivery.update(&ctx, now));
        self.cycles.send_modify(|n| *n += 1);
        let mut pause = self.idle.unwrap_or(IDLE);
        if let Ok(Some(next)) = self.store.next_deadline() {
            pause = pause.min((next - now).to_std().unwrap_or(Duration::ZERO));
        }
        if let Ok(Some(next)) = self.store.next_webhook_due() {
            pause = pause.min((next - now).to_std().unwrap_or(Duration::ZERO));
        }
        if let Some(retry) = self.delivery.next_retry() {
            pause = pause.min(retry.saturating_duration_since(std::time::Instant::now()));
        }
        pause
    }

    /// Free space is watched while running, not only when the store opens: below toban's margin
    /// it is logged once (and once more when there is room again).
    fn watch_disk(&self) {
        let Some(dir) = self.store.data_dir() else { return };
        let Some(free) = crate::store::free_bytes(&dir) else { return };
        let low = free < crate::store::MIN_FREE_BYTES;
        if self.low_disk.swap(low, Ordering::Relaxed) != low {
            if low {
                tracing::error!(
                    "ADMIN ALERT: the disk holding {} is nearly full ({} KiB free): free space now; writes may fail until then",
                    dir.display(),
                    free / 1024
                );
            } else {
                tracing::info!("the disk holding {} has room again", dir.display());
            }
        }
    }

    fn run_manager(&self, name: &str, update: impl FnOnce() -> anyhow::Result<Outcome>) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(update)) {
            Ok(Ok(outcome)) => {
                if outcome.failed > 0 {
                    tracing::warn!(
                        manager = name,
                        failed = outcome.failed,
                        "some entities failed and were skipped"
                    );
                }
            }
            Ok(Err(e)) => tracing::error!(manager = name, "update failed: {e:#}"),
            Err(_) => {
                let n = self.panics.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::error!(manager = name, panics = n, "update panicked; the cycle goes on");
            }
        }
    }

    /// Runs cycles until `stop` resolves: each in a blocking thread, then waits for the next
    /// deadline, a trigger, or `stop`.
    pub async fn run(
        self: Arc<Self>,
        now: Arc<dyn Fn() -> anyhow::Result<DateTime<Utc>> + Send + Sync>,
        fast: bool,
        stop: impl std::future::Future<Output = ()>,
    ) {
        let mut stop = std::pin::pin!(stop);
        loop {
            let me = self.clone();
            let now = now.clone();
            let pause = tokio::task::spawn_blocking(move || match now() {
                Ok(now) => me.cycle(now),
                Err(e) => {
                    tracing::error!("cannot read the clock: {e:#}");
                    IDLE
                }
            })
            .await
            .unwrap_or_else(|e| {
                tracing::error!("an engine cycle died: {e}");
                IDLE
            });
            // A test clock may jump at any moment: look often.
            let fast = fast && self.idle.is_none();
            let pause = if fast { pause.min(Duration::from_millis(50)) } else { pause };
            // `stop` first: triggers come all the time (every delivery worker that ends), and a
            // deposed leader (issue 21) must not start another cycle on one of them.
            tokio::select! {
                biased;
                () = &mut stop => break,
                () = tokio::time::sleep(pause) => {}
                () = self.kick.notified() => {}
            }
        }
    }
}
