//! Waking the leader's engine at once when another instance wrote something the engine must
//! act on (issue 21): a call raised or a button answered through a standby's HTTP (console,
//! LINE webhook, API) or by a command run straight on the database.
//!
//! Key decisions:
//! - The writer says so in the same transaction: [`super::kv_pg::PgKv`] runs
//!   `pg_notify('toban_wake', association)` in every transaction (or single write) that wrote one
//!   of the trees the engine reads ([`super::sled_store::WAKES`]: the outbox's pending notices,
//!   the call deadlines, swap requests, delayed webhooks). PostgreSQL delivers a notification
//!   only when its transaction commits, so the leader never wakes for a write it cannot see yet,
//!   nor for one rolled back; notices of one transaction are folded into one.
//! - The leader listens on a connection of its own, in a thread of its own (the blocking client,
//!   as the leader's lock), only while it leads: a standby has nothing to wake. On each
//!   notification of its association it calls the engine's trigger, the same one a local
//!   command or button press calls. A lost connection is made again; right after `LISTEN` the
//!   engine is triggered once, for anything written while nobody listened.
//! - sled is one process: its writers wake the engine directly, as before; nothing here runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use tokio::sync::watch;

use super::kv::KvError;
use super::kv_pg::{Target, tls};

/// The channel of the notifications (the payload names the association).
pub const CHANNEL: &str = "toban_wake";
/// How often the listener looks whether it should stop or no longer leads.
const LOOK: Duration = Duration::from_millis(200);
/// The pause before connecting again after the database could not be reached.
const RETRY: Duration = Duration::from_secs(1);

/// Listens for [`CHANNEL`] while this process leads; stops when dropped.
pub struct Listener {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Listener {
    /// Starts listening for `target`'s association whenever `role` says this process leads,
    /// calling `wake` on each notification (and once after each `LISTEN`).
    ///
    /// # Errors
    /// If the URL does not parse, TLS cannot be set up or the thread cannot start (the database
    /// is reached later, and again whenever it was lost).
    pub fn start(
        target: &Target,
        role: watch::Receiver<bool>,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Result<Listener, KvError> {
        let mut config = target.config()?;
        config
            .application_name(&format!("toban listen {}", std::process::id()))
            .connect_timeout(Duration::from_secs(5));
        let tls = tls()?;
        let association = target.association.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("toban-listen".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    if !*role.borrow() {
                        std::thread::sleep(LOOK);
                        continue;
                    }
                    let mut client = match config.connect(tls.clone()) {
                        Ok(c) => c,
                        Err(e) => {
                            tracing::warn!("listening for changes failed: {e}; connecting again");
                            std::thread::sleep(RETRY);
                            continue;
                        }
                    };
                    if let Err(e) = client.batch_execute(&format!("LISTEN {CHANNEL}")) {
                        tracing::warn!("listening for changes failed: {e}; connecting again");
                        std::thread::sleep(RETRY);
                        continue;
                    }
                    wake();
                    let leads = || *role.borrow() && !stopped.load(Ordering::Relaxed);
                    while leads() {
                        let mut notes = client.notifications();
                        match notes.timeout_iter(LOOK).next() {
                            Ok(Some(n)) if n.payload() == association => wake(),
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!("listening for changes: {e}; connecting again");
                                break;
                            }
                        }
                    }
                }
            })
            .map_err(|e| KvError::Database(format!("cannot start the listener thread: {e}")))?;
        Ok(Listener { stop, thread: Some(thread) })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
