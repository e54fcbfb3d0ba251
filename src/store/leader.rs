//! [`Leadership`]: which of several `toban serve` on one PostgreSQL database runs the engine and
//! the Telegram poller (issue 21). Every instance serves HTTP; one at a time leads.
//!
//! Key decision: a session advisory lock (`pg_advisory_lock`) keyed by the association and held
//! by a connection of its own, rather than a lease row renewed by a heartbeat:
//! - PostgreSQL frees the lock the moment the session ends. The kernel closes the socket of a
//!   leader killed with SIGKILL, the server sees it at once, and a standby waiting in
//!   `pg_advisory_lock` has the lock within milliseconds: no lease to run out, no clocks to
//!   compare, no writes every second.
//! - A leader that is alive but stalled (paused, swapping) keeps the lock, so no second leader
//!   starts while the first could wake up and send. A lease would run out under a stalled leader,
//!   which would then send as a deposed leader until it looked again. The price: a stalled
//!   leader delays the takeover until it runs again or is killed.
//! - A leader whose host vanished without closing its socket (power cut, cable) holds the lock
//!   until the server notices: the session asks for TCP keepalives after 2 s of silence, one a
//!   second, 3 unanswered ending it, and gives up on unacknowledged data after 5 s, so the lock
//!   is free within about 5 s.
//!
//! Holding the lock proves only that the session was alive at the last answer, so
//! [`Leadership::holds`] asks the server (one round trip on that connection, shared by every
//! sender waiting at that moment) before each send: a deposed leader sends at most the notices
//! it had already begun to send (README, "Several instances on one database").

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use postgres::error::SqlState;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use super::kv::KvError;
use super::kv_pg::{Target, tls};

/// How often a leader makes sure its session is still there when nobody asked.
const PING_EVERY: Duration = Duration::from_millis(500);
/// How long an answer to that may take before the leader counts itself deposed.
const PING_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a standby waits in `pg_advisory_lock` before it looks whether it should stop.
const LOCK_WAIT: &str = "1s";
/// The pause before connecting again after the database could not be reached.
const RETRY: Duration = Duration::from_secs(1);

/// Whether this process leads its association, and the way to make sure of it.
pub struct Leadership {
    role: watch::Receiver<bool>,
    /// Kept by a sole leader so that `role` never closes.
    _sole: Option<watch::Sender<bool>>,
    candidate: Option<Running>,
}

/// The candidate's thread and how to reach it.
struct Running {
    checks: Mutex<Option<mpsc::Sender<mpsc::SyncSender<bool>>>>,
    stop: Arc<AtomicBool>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Leadership {
    /// The only process there is: it always leads (sled, which refuses a second process).
    pub fn sole() -> Leadership {
        let (send, role) = watch::channel(true);
        Leadership { role, _sole: Some(send), candidate: None }
    }

    /// Stands for leader of `target`'s association: a thread with a connection of its own waits
    /// for the association's lock and holds it until the connection is lost or this is dropped.
    /// Returns at once, standing by; [`Leadership::watch`] tells when it leads.
    ///
    /// # Errors
    /// If the URL does not parse or TLS cannot be set up (the database is reached later, and
    /// again whenever it was lost).
    pub fn elect(target: &Target) -> Result<Leadership, KvError> {
        let mut config = target.config()?;
        config
            .application_name(&format!("toban serve {}", std::process::id()))
            .connect_timeout(Duration::from_secs(5))
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(2))
            .keepalives_interval(Duration::from_secs(1))
            .keepalives_retries(3)
            .tcp_user_timeout(Duration::from_secs(5));
        let (role_send, role) = watch::channel(false);
        let (checks, asked) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let candidate = Candidate {
            config,
            tls: tls()?,
            key: lock_key(&target.association),
            association: target.association.clone(),
            shown: target.shown(),
            role: role_send,
            asked,
            stop: stop.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("toban-leader".into())
            .spawn(move || candidate.run())
            .map_err(|e| KvError::Database(format!("cannot start the leader thread: {e}")))?;
        Ok(Leadership {
            role,
            _sole: None,
            candidate: Some(Running {
                checks: Mutex::new(Some(checks)),
                stop,
                thread: Mutex::new(Some(thread)),
            }),
        })
    }

    /// Whether this process led at the last look (no round trip; see [`Leadership::holds`]).
    pub fn leads(&self) -> bool {
        *self.role.borrow()
    }

    /// The role as it changes: `true` while this process leads.
    pub fn watch(&self) -> watch::Receiver<bool> {
        self.role.clone()
    }

    /// Whether this process leads now, asked of the database (blocking, up to a few seconds):
    /// `true` only if the session holding the lock answered after this call began. A sole
    /// leader always does.
    pub fn holds(&self) -> bool {
        let Some(running) = &self.candidate else { return true };
        if !self.leads() {
            return false;
        }
        let (reply, answer) = mpsc::sync_channel(1);
        let sent = running
            .checks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .is_some_and(|c| c.send(reply).is_ok());
        sent && answer.recv_timeout(PING_EVERY + PING_TIMEOUT * 2).unwrap_or(false)
    }

    /// Stops standing: the lock is released (the session ends) and the thread has ended when
    /// this returns.
    pub fn resign(&self) {
        let Some(running) = &self.candidate else { return };
        running.stop.store(true, Ordering::SeqCst);
        running.checks.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        let thread =
            running.thread.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

impl Drop for Leadership {
    fn drop(&mut self) {
        if let Some(running) = &self.candidate {
            // The thread sees it within a second and ends the session; not waited for.
            running.stop.store(true, Ordering::SeqCst);
            running.checks.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        }
    }
}

/// The lock of `association`: 63 bits of its SHA-256, so that associations sharing a database
/// have locks of their own (two colliding would take 2^31 associations to be likely), and never
/// the key of the migrations' lock (a small number).
pub fn lock_key(association: &str) -> i64 {
    let digest = Sha256::digest(format!("toban leader\0{association}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(bytes) >> 1) as i64 | (1 << 40)
}

/// The thread's side.
struct Candidate {
    config: postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
    key: i64,
    association: String,
    shown: String,
    role: watch::Sender<bool>,
    asked: mpsc::Receiver<mpsc::SyncSender<bool>>,
    stop: Arc<AtomicBool>,
}

/// What a standby last said, so that each state is logged once, not every second.
#[derive(PartialEq)]
enum Said {
    Nothing,
    StandingBy,
    Unreachable,
}

impl Candidate {
    fn run(self) {
        let mut said = Said::Nothing;
        while !self.stop.load(Ordering::SeqCst) {
            self.answer_waiting(false);
            let mut client = match self.connect() {
                Ok(c) => c,
                Err(e) => {
                    if said != Said::Unreachable {
                        tracing::error!(
                            association = %self.association,
                            "cannot reach the database {} to stand for leader: {e}; trying again every second",
                            self.shown
                        );
                        said = Said::Unreachable;
                    }
                    std::thread::sleep(RETRY);
                    continue;
                }
            };
            if said == Said::Unreachable {
                tracing::info!(association = %self.association, "the database can be reached again");
                said = Said::Nothing;
            }
            while !self.stop.load(Ordering::SeqCst) {
                self.answer_waiting(false);
                // The first look does not wait, so that a standby says at once who leads
                // (an operator starting a second instance sees it in the log within moments).
                let got = if said == Said::StandingBy {
                    match client.execute("SELECT pg_advisory_lock($1)", &[&self.key]) {
                        Ok(_) => Ok(true),
                        Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => Ok(false),
                        Err(e) => Err(e),
                    }
                } else {
                    client
                        .query_one("SELECT pg_try_advisory_lock($1)", &[&self.key])
                        .map(|row| row.get::<_, bool>(0))
                };
                match got {
                    Ok(true) => {
                        self.lead(&mut client);
                        said = Said::Nothing;
                        // Deposed: a standby waiting for the lock is likelier to be healthy, so
                        // it goes first (it would not if the lock came free while it was between
                        // two waits and this one had connected again at once).
                        if !self.stop.load(Ordering::SeqCst) {
                            std::thread::sleep(RETRY);
                        }
                        break;
                    }
                    Ok(false) => {
                        if said != Said::StandingBy {
                            tracing::info!(
                                association = %self.association,
                                leader = %self.leader_name(&mut client),
                                "another instance leads: this one serves HTTP and stands by to take over the engine and the Telegram poller"
                            );
                            said = Said::StandingBy;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(association = %self.association, "standing for leader failed: {e}; connecting again");
                        if !self.stop.load(Ordering::SeqCst) {
                            std::thread::sleep(RETRY);
                        }
                        break;
                    }
                }
            }
            // The session ends here (with the lock, if it still had it).
            drop(client);
        }
        self.role.send_replace(false);
    }

    fn connect(&self) -> Result<postgres::Client, postgres::Error> {
        let mut client = self.config.connect(self.tls.clone())?;
        client.batch_execute(&format!(
            "SET lock_timeout = '{LOCK_WAIT}'; SET tcp_keepalives_idle = 2; \
             SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3"
        ))?;
        // PostgreSQL 12 and later; an older server has the keepalives alone.
        let _ = client.batch_execute("SET tcp_user_timeout = 5000");
        Ok(client)
    }

    /// Leads until the session is lost or the candidate is stopped: answers whether it still
    /// leads with a round trip, at least every [`PING_EVERY`].
    fn lead(&self, client: &mut postgres::Client) {
        self.role.send_replace(true);
        tracing::info!(
            association = %self.association,
            "this instance now leads: it runs the engine (deadlines, deliveries, webhooks, schedule) and the Telegram poller"
        );
        loop {
            let mut waiting = Vec::new();
            match self.asked.recv_timeout(PING_EVERY) {
                Ok(reply) => waiting.push(reply),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {}
            }
            if self.stop.load(Ordering::SeqCst) {
                self.role.send_replace(false);
                for reply in waiting {
                    let _ = reply.send(false);
                }
                tracing::info!(association = %self.association, "leadership given up: this instance stops");
                return;
            }
            waiting.extend(self.asked.try_iter());
            let alive = client.is_valid(PING_TIMEOUT);
            if let Err(e) = &alive {
                self.role.send_replace(false);
                tracing::error!(
                    association = %self.association,
                    "leadership lost (the database session holding it did not answer: {e}): the engine and the Telegram poller stop here; standing by"
                );
            }
            for reply in waiting {
                let _ = reply.send(alive.is_ok());
            }
            if alive.is_err() {
                return;
            }
        }
    }

    /// Tells those waiting in [`Leadership::holds`] that this process does not lead.
    fn answer_waiting(&self, leads: bool) {
        for reply in self.asked.try_iter() {
            let _ = reply.send(leads);
        }
    }

    /// The application name of the session holding the lock (`toban serve PID`), for the log.
    fn leader_name(&self, client: &mut postgres::Client) -> String {
        client
            .query_opt(
                "SELECT a.application_name || ' on ' || coalesce(host(a.client_addr), 'a local socket') \
                 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
                 AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid",
                &[&self.key],
            )
            .ok()
            .flatten()
            .and_then(|r| r.get::<_, Option<String>>(0))
            .unwrap_or_else(|| "(unknown)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_association_has_its_own_lock_apart_from_the_migrations_lock() {
        let (a, b) = (lock_key("sosa"), lock_key("asahi"));
        assert_ne!(a, b);
        assert_eq!(a, lock_key("sosa"), "the same key in every process");
        assert!(a > 7253014 && b > 7253014, "never the migrations' lock");
    }

    /// Waits for `ok`, looking every 5 ms, at most `limit`; returns how long it took.
    fn until(limit: Duration, what: &str, ok: impl Fn() -> bool) -> Duration {
        let start = std::time::Instant::now();
        while !ok() {
            assert!(start.elapsed() < limit, "timed out after {limit:?} waiting for {what}");
            std::thread::sleep(Duration::from_millis(5));
        }
        start.elapsed()
    }

    /// Of `candidates`, the one that leads, once one does; every other one is asked too.
    fn the_leader(candidates: &[Leadership]) -> usize {
        until(Duration::from_secs(10), "a leader", || candidates.iter().any(|c| c.leads()));
        let holding: Vec<usize> =
            (0..candidates.len()).filter(|&i| candidates[i].holds()).collect();
        assert_eq!(holding.len(), 1, "exactly one candidate holds the lead: {holding:?}");
        holding[0]
    }

    #[test]
    fn of_three_candidates_exactly_one_leads_and_another_takes_over_when_it_resigns() {
        let Some(url) = crate::store::pg_tests::test_pg() else { return };
        let target = crate::store::pg_tests::target(&url, "leader");
        let mut candidates: Vec<Leadership> =
            (0..3).map(|_| Leadership::elect(&target).unwrap()).collect();
        let mut takeovers = Vec::new();
        for _ in 0..6 {
            let leader = the_leader(&candidates);
            candidates[leader].resign();
            assert!(!candidates[leader].leads() && !candidates[leader].holds());
            candidates[leader] = Leadership::elect(&target).unwrap();
            // One of the other two within moments: they wait in pg_advisory_lock.
            takeovers.push(until(Duration::from_secs(5), "a takeover", || {
                candidates.iter().any(|c| c.leads())
            }));
        }
        the_leader(&candidates);
        assert!(takeovers.iter().all(|t| *t < Duration::from_secs(2)), "{takeovers:?}");
    }

    #[test]
    fn a_leader_whose_session_is_ended_is_deposed_before_its_next_send() {
        let Some(url) = crate::store::pg_tests::test_pg() else { return };
        let target = crate::store::pg_tests::target(&url, "deposed");
        let candidates = [Leadership::elect(&target).unwrap(), Leadership::elect(&target).unwrap()];
        let leader = the_leader(&candidates);
        // As the server does when it finds the leader's host gone (or an admin does).
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let ended: i64 = admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' \
                 AND granted AND objsubid = 1 AND classid = ($1::bigint >> 32)::oid \
                 AND objid = ($1::bigint & 4294967295)::oid",
                &[&lock_key(&target.association)],
            )
            .unwrap()
            .get(0);
        assert_eq!(ended, 1, "one session held the lock");
        assert!(!candidates[leader].holds(), "the deposed leader knows before it sends again");
        assert!(!candidates[leader].leads());
        // A leader again within moments: the other, waiting for the lock, or (if the lock came
        // free while the other was between two waits) the deposed one on a new session.
        let again = the_leader(&candidates);
        eprintln!("deposed {leader}, leads now {again}");
    }

    #[test]
    fn associations_sharing_a_database_each_have_a_leader() {
        let Some(url) = crate::store::pg_tests::test_pg() else { return };
        let a = Leadership::elect(&crate::store::pg_tests::target(&url, "assoc-a")).unwrap();
        let b = Leadership::elect(&crate::store::pg_tests::target(&url, "assoc-b")).unwrap();
        until(Duration::from_secs(10), "both to lead", || a.leads() && b.leads());
        assert!(a.holds() && b.holds());
    }

    #[test]
    fn a_sole_process_always_leads() {
        let sole = Leadership::sole();
        assert!(sole.leads() && sole.holds());
        assert!(*sole.watch().borrow());
    }
}
