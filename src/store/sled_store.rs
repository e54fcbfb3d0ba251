//! [`TreeStore`]: the [`Store`] trait over named trees of a [`Kv`](super::kv::Kv) backend, one
//! tree per record kind; on sled 0.34 ([`SledStore`], the default) each is a sled tree.
//!
//! Trees and keys (values are JSON):
//! - `meta`: `schema_version` → `1`; `next_absence_id` → the id the next absence gets.
//! - `rotas`: the year in decimal (`2027`) → the published [`RotaRecord`]; `2027/draft` → the
//!   draft of that year, if one is being worked on.
//! - `history`: `YYYY-MM-DD/doctor` (slot start, doctor) → [`DutyRecord`]; a date never holds a
//!   `/`, so the key is unique for each pair. `meta` `next_history_batch`: the number the next
//!   import gets (see `sled_store/history.rs`).
//! - `absences`: the id as 8 big-endian bytes, so sled's key order is id order → [`Absence`].
//! - `patients`: the id (8 big-endian bytes) → [`Patient`]; `meta` holds `next_patient_id`.
//! - `calls`: the call id (8 big-endian bytes) → [`Call`]; `meta` holds `next_call_id`.
//! - `call_events`: call id then event number (16 big-endian bytes) → [`CallEvent`].
//! - `outbox`: a global number (8 big-endian bytes) → [`OutboxEntry`]; `outbox_pending` holds
//!   the numbers not yet delivered; `outbox_keys` maps each notice's idempotency key to its
//!   number, so a notice is queued once however often it is produced. `meta` holds
//!   `next_notice_seq`.
//! - `invites`: hex SHA-256 of the code → [`Invite`].
//! - `links`: `member/chat` → [`Link`] (a member may link several devices; schema 3);
//!   `link_chats`: chat id (8 big-endian bytes) → member id.
//! - `link_failures`: Telegram user id (8 big-endian bytes) → recent failure times.
//! - `meta` `telegram_offset`: the next update id to fetch.
//! - `notes`: `slot/instant/member` → [`Note`] (handover notes).
//! - `dialogs`: chat id (8 big-endian bytes) → [`Dialog`] (a guided form in progress).
//! - `feed_events`: `slot/doctor` → [`crate::feed::FeedEvent`]; `meta` `feed_generation`.
//! - `feed_tokens`: id (8 big-endian bytes) → [`FeedToken`]; `feed_token_hashes`: hash → id.
//! - `audit`: sequence (8 big-endian bytes) → [`AuditEntry`].
//! - `swap_requests`: id (8 big-endian bytes) → [`SwapRequest`].
//! - `due`: a waiting call's deadline (milliseconds since 1970, 8 big-endian bytes) then its id
//!   → nothing. Written in the transaction that writes the call, so the engine reads what is
//!   due instead of every call ever made (schema 2).
//! - `origins`: an [`Origin`](super::Origin) key (`tg/UPDATE`) → when and what was done under it
//!   (see [`once`]); `telegram_updates`: handled update id (8 big-endian bytes) → when;
//!   `stranger_replies`: chat id (8 big-endian bytes) → when a stranger there was last answered.
//! - `web_accounts`, `web_sessions`, `login_failures`: the web console's (see [`web`]).
//!
//! Lists are sorted after decoding as the trait promises, not by relying on the key format, so
//! the keys can stay readable.

// The call sites kept the `&key` they passed to sled when the store moved onto `kv::Tree` (whose
// methods take `impl AsRef<[u8]>`), so the port changed types, not lines.
#![allow(clippy::needless_borrows_for_generic_args)]

use crate::rules::MemberId;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::kv::{ConflictableTransactionError, Db, TransactionError, Transactional, Tree, TxTree};
use super::kv_pg::{PgKv, Target};
use super::kv_sled::SledKv;
use serde::Serialize;
use serde::de::DeserializeOwned;

use chrono::{DateTime, Utc};

use super::{
    Absence, AuditEntry, Broken, CallEvent, Dialog, DutyRecord, FeedToken, ImportOutcome, Invite,
    Link, NewAbsence, Note, OutboxEntry, Redeem, RotaRecord, RotaStatus, RouteMark, Settled, Store,
    StoreError, SwapCommit, SwapRequest, WebhookDue,
};
use super::{AuditLog, CallStore, ChatLinks, FeedStore, Registry, RotaStore, WebStore};
use crate::routing::{Call, CallId, Event, Notice, NoticeSeq, Patient, PatientDetails, PatientId};
use crate::rules::RotaId;

mod beds;
mod history;
mod line;
mod me;
mod once;
mod rotas;
mod routes;
mod swaps;
mod web;

/// The store in a sled directory, the default: the name callers have always used.
pub type SledStore = TreeStore;

/// The variable naming a PostgreSQL database for [`TreeStore::temporary`] (tests).
pub const TEST_PG_VAR: &str = "TOBAN_TEST_PG";

/// The schema this toban writes. Raise it, with a migration in [`SledStore::open`], whenever a
/// record or key changes shape.
pub const SCHEMA_VERSION: u32 = 4;

const META: &str = "meta";
const ROTAS: &str = "rotas";
const HISTORY: &str = "history";
const ABSENCES: &str = "absences";
const PATIENTS: &str = "patients";
const CALLS: &str = "calls";
/// The index of calls by patient: `patient ++ call id` (big-endian) → nothing.
const CALLS_BY_PATIENT: &str = "calls_by_patient";
const CALL_EVENTS: &str = "call_events";
const OUTBOX: &str = "outbox";
const OUTBOX_PENDING: &str = "outbox_pending";
const OUTBOX_KEYS: &str = "outbox_keys";
const NEXT_PATIENT_ID: &str = "next_patient_id";
const NEXT_CALL_ID: &str = "next_call_id";
const NEXT_NOTICE_SEQ: &str = "next_notice_seq";
const INVITES: &str = "invites";
const LINKS: &str = "links";
const LINK_CHATS: &str = "link_chats";
const LINK_FAILURES: &str = "link_failures";
const NOTES: &str = "notes";
const DIALOGS: &str = "dialogs";
const FEED_EVENTS: &str = "feed_events";
const FEED_TOKENS: &str = "feed_tokens";
const FEED_TOKEN_HASHES: &str = "feed_token_hashes";
const FEED_GENERATION: &str = "feed_generation";
const NEXT_FEED_TOKEN_ID: &str = "next_feed_token_id";
const AUDIT: &str = "audit";
const NEXT_AUDIT_SEQ: &str = "next_audit_seq";
const SWAPS: &str = "swap_requests";
const NEXT_SWAP_ID: &str = "next_swap_id";
const TELEGRAM_OFFSET: &str = "telegram_offset";
const SCHEMA_KEY: &str = "schema_version";
const NEXT_ABSENCE_ID: &str = "next_absence_id";
const DUE: &str = "due";
const ORIGINS: &str = "origins";
const TELEGRAM_UPDATES: &str = "telegram_updates";
const STRANGER_REPLIES: &str = "stranger_replies";

/// The trees the engine acts on (pending notices, call deadlines, swap requests, delayed
/// webhooks): on PostgreSQL a write to one wakes the leader's engine ([`super::wakeup`]).
pub(crate) const WAKES: [&str; 4] = [OUTBOX_PENDING, DUE, SWAPS, routes::WEBHOOK_DUE];

/// How long [`SledStore::open`] waits for sled's directory lock. sled 0.34 can hold it for a
/// moment after the previous `Db` in this process was dropped, while its I/O threads wind down
/// (<https://github.com/spacejam/sled/issues/1234>); a lock held by another process for longer
/// is reported as [`StoreError::InUse`].
const LOCK_WAIT: Duration = Duration::from_secs(1);
const LOCK_POLL: Duration = Duration::from_millis(10);

/// The store on a [`Kv`](super::kv::Kv) backend: a sled directory (one process at a time: sled
/// locks the directory) or a PostgreSQL database.
pub struct TreeStore {
    /// For `Debug` only.
    path: PathBuf,
    db: Db,
    meta: Tree,
    rotas: Tree,
    history: Tree,
    absences: Tree,
    patients: Tree,
    calls: Tree,
    calls_by_patient: Tree,
    call_events: Tree,
    outbox: Tree,
    outbox_pending: Tree,
    outbox_keys: Tree,
    invites: Tree,
    links: Tree,
    link_chats: Tree,
    link_failures: Tree,
    notes: Tree,
    dialogs: Tree,
    feed_events: Tree,
    feed_tokens: Tree,
    feed_token_hashes: Tree,
    audit: Tree,
    swaps: Tree,
    due: Tree,
    origins: Tree,
    telegram_updates: Tree,
    stranger_replies: Tree,
    web: web::WebTrees,
    line: line::LineTrees,
    beds: beds::BedTrees,
    me: me::MeTrees,
    routes: routes::RouteTrees,
}

/// Free space below which the store is not opened (sled's segments are 512 KiB; a flush may
/// write several).
pub const MIN_FREE_BYTES: u64 = 8 * 1024 * 1024;

/// Bytes free to an unprivileged writer on the file system holding `dir`, if it can be told.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a valid C string and `stat` a valid out-pointer for the call.
    let rc = unsafe { libc::statvfs(path.as_ptr(), &mut stat) };
    #[allow(clippy::useless_conversion)] // the field types differ between platforms
    (rc == 0).then(|| u64::from(stat.f_bavail) * u64::from(stat.f_frsize))
}

/// `config.open()`, with a panic inside sled (it panics on some damaged files rather than
/// returning an error) turned into [`StoreError::Damaged`], and its I/O errors on the store's
/// files reported as damage too.
fn open_guarded(config: &sled::Config, dir: &Path) -> Result<sled::Result<sled::Db>, StoreError> {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    std::panic::set_hook(quiet);
    match result {
        Ok(Err(sled::Error::Corruption { at, bt: _ })) => Err(StoreError::Damaged {
            path: dir.to_path_buf(),
            cause: format!(
                "sled found corruption{}",
                at.map(|a| format!(" at {a:?}")).unwrap_or_default()
            ),
        }),
        Ok(r) => Ok(r),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "sled stopped reading it".into());
            Err(StoreError::Damaged { path: dir.to_path_buf(), cause: what })
        }
    }
}

impl std::fmt::Debug for TreeStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TreeStore").field("path", &self.path).finish_non_exhaustive()
    }
}

impl TreeStore {
    /// Opens the store in `dir`, creating the directory and an empty store if missing.
    ///
    /// Fails with [`StoreError::InUse`] if another process still has it open after a wait of up
    /// to a second (sled locks the directory; a second open in the same process is refused the
    /// same way),
    /// [`StoreError::NewerSchema`] if a newer toban wrote it, [`StoreError::CreateDir`] or
    /// [`StoreError::Open`] otherwise.
    ///
    /// With `TOBAN_STORE=postgres://…?association=ID` the records are in that database
    /// instead (see [`TreeStore::open_postgres`]); `dir` still holds toban's local files.
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        if let Some(target) = Target::from_env().map_err(|cause| StoreError::Database { cause })? {
            return Self::open_postgres(dir, &target);
        }
        Self::open_waiting(dir, LOCK_WAIT)
    }

    /// Opens the records of `target`'s association in its PostgreSQL database, applying the
    /// migrations it lacks; `dir` (created if missing) keeps toban's local files.
    ///
    /// # Errors
    /// [`StoreError::Database`] naming the database (without its password) and why;
    /// [`StoreError::NewerSchema`], [`StoreError::Corrupt`] as for sled.
    pub fn open_postgres(dir: &Path, target: &Target) -> Result<TreeStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|cause| StoreError::CreateDir { path: dir.to_path_buf(), cause })?;
        let kv = PgKv::connect(target, false)
            .map_err(|e| StoreError::Database { cause: format!("{}: {e}", target.shown()) })?
            .waking_on(&WAKES);
        let store = Self::on(Db(Arc::new(kv)), dir)?;
        store.verify()?;
        Ok(store)
    }

    /// A store that is forgotten when dropped, for tests: in a temporary sled directory, or,
    /// when `TOBAN_TEST_PG` names a database (`postgres://toban@127.0.0.1/toban_test`), in
    /// that database under an association of its own, so tests never see each other.
    pub fn temporary() -> Result<SledStore, StoreError> {
        if let Ok(url) = std::env::var(TEST_PG_VAR)
            && !url.trim().is_empty()
        {
            return Self::temporary_postgres(&url);
        }
        Self::temporary_sled()
    }

    /// A store in a temporary sled directory, whatever `TOBAN_TEST_PG` says (the shared suite
    /// runs on each backend by name).
    pub(crate) fn temporary_sled() -> Result<SledStore, StoreError> {
        let db = sled::Config::new()
            .temporary(true)
            .open()
            .map_err(|cause| StoreError::sled_open(Path::new("(temporary)"), cause))?;
        Self::init(db, Path::new("(temporary)"))
    }

    pub(crate) fn temporary_postgres(url: &str) -> Result<TreeStore, StoreError> {
        let mut id = [0u8; 8];
        getrandom::fill(&mut id)
            .map_err(|e| StoreError::Database { cause: format!("no randomness: {e}") })?;
        let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let sep = if url.contains('?') { '&' } else { '?' };
        let target = Target::parse(&format!("{url}{sep}association=test-{id}"))
            .map_err(|cause| StoreError::Database { cause })?;
        let kv = PgKv::connect(&target, true)
            .map_err(|e| StoreError::Database { cause: format!("{}: {e}", target.shown()) })?
            .waking_on(&WAKES);
        Self::on(Db(Arc::new(kv)), Path::new("(temporary)"))
    }

    fn open_waiting(dir: &Path, wait: Duration) -> Result<SledStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|cause| StoreError::CreateDir { path: dir.to_path_buf(), cause })?;
        // The registry is patient data: the directory is this user's alone, whatever umask
        // made it (a directory of another user is left alone; `toban doctor` says so).
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(dir)
                && meta.permissions().mode() & 0o077 != 0
            {
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
            }
        }
        // sled writes as it opens; a write cut short by a full disk can leave its files damaged,
        // so a nearly full disk is refused before sled touches anything.
        if let Some(free) = free_bytes(dir)
            && free < MIN_FREE_BYTES
        {
            return Err(StoreError::DiskFull {
                path: dir.to_path_buf(),
                free,
                need: MIN_FREE_BYTES,
            });
        }
        let config = sled::Config::new().path(dir);
        let deadline = Instant::now() + wait;
        let db = loop {
            match open_guarded(&config, dir)? {
                Ok(db) => break db,
                Err(e) if is_lock_error(&e) && Instant::now() < deadline => {
                    std::thread::sleep(LOCK_POLL);
                }
                Err(e) if is_lock_error(&e) => {
                    return Err(StoreError::InUse { path: dir.to_path_buf() });
                }
                Err(cause) => return Err(StoreError::sled_open(dir, cause)),
            }
        };
        let store = Self::init(db, dir)?;
        store.verify()?;
        Ok(store)
    }

    fn init(db: sled::Db, path: &Path) -> Result<SledStore, StoreError> {
        let kv = SledKv::new(db, &Self::tree_names())
            .and_then(|kv| kv.open_trees(&me::TREES).map(|()| kv))
            .map_err(|cause| StoreError::sled_open(path, cause))?;
        Self::on(Db(Arc::new(kv)), path)
    }

    /// The store on any [`Kv`](super::kv::Kv) backend; `path` names it in messages.
    pub(crate) fn on(db: Db, path: &Path) -> Result<TreeStore, StoreError> {
        let store = TreeStore {
            path: path.to_path_buf(),
            meta: db.open_tree(META),
            rotas: db.open_tree(ROTAS),
            history: db.open_tree(HISTORY),
            absences: db.open_tree(ABSENCES),
            patients: db.open_tree(PATIENTS),
            calls: db.open_tree(CALLS),
            calls_by_patient: db.open_tree(CALLS_BY_PATIENT),
            call_events: db.open_tree(CALL_EVENTS),
            outbox: db.open_tree(OUTBOX),
            outbox_pending: db.open_tree(OUTBOX_PENDING),
            outbox_keys: db.open_tree(OUTBOX_KEYS),
            invites: db.open_tree(INVITES),
            links: db.open_tree(LINKS),
            link_chats: db.open_tree(LINK_CHATS),
            link_failures: db.open_tree(LINK_FAILURES),
            notes: db.open_tree(NOTES),
            dialogs: db.open_tree(DIALOGS),
            feed_events: db.open_tree(FEED_EVENTS),
            feed_tokens: db.open_tree(FEED_TOKENS),
            feed_token_hashes: db.open_tree(FEED_TOKEN_HASHES),
            audit: db.open_tree(AUDIT),
            swaps: db.open_tree(SWAPS),
            due: db.open_tree(DUE),
            origins: db.open_tree(ORIGINS),
            telegram_updates: db.open_tree(TELEGRAM_UPDATES),
            stranger_replies: db.open_tree(STRANGER_REPLIES),
            web: web::WebTrees::open(&db),
            line: line::LineTrees::open(&db),
            beds: beds::BedTrees::open(&db),
            me: me::MeTrees::open(&db),
            routes: routes::RouteTrees::open(&db),
            db,
        };
        let found: u32 = match store.meta.get(SCHEMA_KEY)? {
            Some(bytes) => decode(META, || SCHEMA_KEY.to_string(), &bytes)?,
            // A new store is born current; one with records but no version predates versions.
            None if store.db.is_fresh()? => SCHEMA_VERSION,
            None => 0,
        };
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path: path.to_path_buf(), found });
        }
        store.migrate(found)?;
        Ok(store)
    }

    /// Brings a store of schema `from` up to [`SCHEMA_VERSION`], one step at a time, each step
    /// and its new version number flushed together, so a crash resumes at the step it stopped.
    fn migrate(&self, from: u32) -> Result<(), StoreError> {
        // Step n turns schema n into n + 1. Add one whenever SCHEMA_VERSION is raised.
        type Step = fn(&SledStore) -> Result<(), StoreError>;
        const STEPS: &[Step] = &[
            // 0 → 1: stores written before versions had the same shapes; only the number.
            |_| Ok(()),
            // 1 → 2: the `due` index of call deadlines, built from the calls.
            |s| {
                for call in s.calls()? {
                    if let Some(d) = call.deadline() {
                        s.due.insert(due_key(d, call.id), &[])?;
                    }
                }
                Ok(())
            },
            // 2 → 3: links keyed by member and chat (a member may link several devices).
            |s| {
                for entry in s.links.iter() {
                    let (key, value) = entry?;
                    let link: Link = decode(LINKS, || text_key(&key), &value)?;
                    let new = link_key(link.member.as_str(), link.chat_id);
                    if *key != *new.as_bytes() {
                        s.links.insert(new.as_bytes(), value)?;
                        s.links.remove(key)?;
                    }
                }
                Ok(())
            },
            // 3 → 4: the index of calls by patient, built from the calls (issue 21).
            |s| {
                s.calls_by_patient.clear()?;
                for call in s.calls()? {
                    s.calls_by_patient.insert(patient_key(call.patient, call.id), [])?;
                }
                Ok(())
            },
        ];
        const _: () = assert!(STEPS.len() == SCHEMA_VERSION as usize, "a step per version");
        let written = self.meta.get(SCHEMA_KEY)?.is_some();
        for v in from..SCHEMA_VERSION {
            STEPS[v as usize](self)?;
            self.meta.insert(SCHEMA_KEY, encode(|| "the schema version", &(v + 1))?)?;
            self.flush()?;
        }
        if !written && from == SCHEMA_VERSION {
            self.meta.insert(SCHEMA_KEY, encode(|| "the schema version", &SCHEMA_VERSION)?)?;
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// Writes everything to disk.
    pub(crate) fn flush_all(&self) -> Result<(), StoreError> {
        self.flush()
    }

    /// Opens a store for [`SledStore::restore`] (the directory is checked empty by then):
    /// always sled, whatever `TOBAN_STORE` says (restoring into PostgreSQL is
    /// [`super::migrate::restore`]).
    pub(crate) fn open_empty(dir: &Path) -> Result<SledStore, StoreError> {
        Self::open_sled(dir)
    }

    /// Opens the sled store in `dir` whatever `TOBAN_STORE` says (`toban migrate` reads it).
    ///
    /// # Errors
    /// As [`TreeStore::open`] on sled.
    pub fn open_sled(dir: &Path) -> Result<SledStore, StoreError> {
        Self::open_waiting(dir, LOCK_WAIT)
    }

    /// Every tree with its name, the short-lived ones of the doctors' pages too (which backups
    /// leave out): what `toban migrate` moves.
    pub(crate) fn every_tree(&self) -> Vec<(&'static str, &Tree)> {
        let mut all = self.trees().to_vec();
        all.extend(self.me.trees());
        all
    }

    /// The names of [`TreeStore::every_tree`], in its order.
    pub fn every_tree_name() -> Vec<&'static str> {
        let mut all = Self::tree_names().to_vec();
        all.extend(me::TREES);
        all
    }

    /// The names of the trees, in the order [`SledStore::trees`] gives them.
    pub fn tree_names() -> [&'static str; 37] {
        [
            META,
            ROTAS,
            HISTORY,
            ABSENCES,
            PATIENTS,
            CALLS,
            CALLS_BY_PATIENT,
            CALL_EVENTS,
            OUTBOX,
            OUTBOX_PENDING,
            OUTBOX_KEYS,
            INVITES,
            LINKS,
            LINK_CHATS,
            LINK_FAILURES,
            NOTES,
            DIALOGS,
            FEED_EVENTS,
            FEED_TOKENS,
            FEED_TOKEN_HASHES,
            AUDIT,
            SWAPS,
            DUE,
            ORIGINS,
            TELEGRAM_UPDATES,
            STRANGER_REPLIES,
            web::WEB_ACCOUNTS,
            web::WEB_SESSIONS,
            web::LOGIN_FAILURES,
            line::LINE_USERS,
            line::LINE_CHATS,
            line::LINE_EVENTS,
            line::LINE_RECORDS,
            beds::BEDS,
            beds::BOARD,
            routes::OUTBOX_ROUTES,
            routes::WEBHOOK_DUE,
        ]
    }

    /// Every tree with its name.
    pub(crate) fn trees(&self) -> [(&'static str, &Tree); 37] {
        let t = [
            &self.meta,
            &self.rotas,
            &self.history,
            &self.absences,
            &self.patients,
            &self.calls,
            &self.calls_by_patient,
            &self.call_events,
            &self.outbox,
            &self.outbox_pending,
            &self.outbox_keys,
            &self.invites,
            &self.links,
            &self.link_chats,
            &self.link_failures,
            &self.notes,
            &self.dialogs,
            &self.feed_events,
            &self.feed_tokens,
            &self.feed_token_hashes,
            &self.audit,
            &self.swaps,
            &self.due,
            &self.origins,
            &self.telegram_updates,
            &self.stranger_replies,
            &self.web.accounts,
            &self.web.sessions,
            &self.web.failures,
            &self.line.users,
            &self.line.chats,
            &self.line.events,
            &self.line.records,
            &self.beds.beds,
            &self.beds.board,
            &self.routes.marks,
            &self.routes.due,
        ];
        let names = Self::tree_names();
        std::array::from_fn(|i| (names[i], t[i]))
    }

    /// Reads every record of every tree as its type, so a damaged store is found when it is
    /// opened, not in the middle of a night call. Returns how many records were read.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] naming the first tree and key that does not read.
    pub fn verify(&self) -> Result<usize, StoreError> {
        fn all<T: DeserializeOwned>(tree: &Tree, name: &'static str) -> Result<usize, StoreError> {
            let mut n = 0;
            for item in tree.iter() {
                let (k, v) = item?;
                decode::<T>(name, || String::from_utf8_lossy(&k).into_owned(), &v)?;
                n += 1;
            }
            Ok(n)
        }
        fn fixed(tree: &Tree, name: &'static str, len: Option<usize>) -> Result<usize, StoreError> {
            let mut n = 0;
            for item in tree.iter() {
                let (k, v) = item?;
                if len.is_some_and(|l| v.len() != l)
                    || (len.is_none() && std::str::from_utf8(&v).is_err())
                {
                    return Err(StoreError::Corrupt {
                        tree: name,
                        key: String::from_utf8_lossy(&k).into_owned(),
                        cause: format!(
                            "a value of {} bytes where {} belongs",
                            v.len(),
                            len.map_or("text".to_string(), |l| format!("{l} bytes"))
                        ),
                    });
                }
                n += 1;
            }
            Ok(n)
        }
        use crate::feed::FeedEvent;
        Ok(all::<serde_json::Value>(&self.meta, META)?
            + all::<RotaRecord>(&self.rotas, ROTAS)?
            + all::<DutyRecord>(&self.history, HISTORY)?
            + all::<Absence>(&self.absences, ABSENCES)?
            + all::<Patient>(&self.patients, PATIENTS)?
            + all::<Call>(&self.calls, CALLS)?
            + fixed(&self.calls_by_patient, CALLS_BY_PATIENT, Some(0))?
            + all::<CallEvent>(&self.call_events, CALL_EVENTS)?
            + all::<OutboxEntry>(&self.outbox, OUTBOX)?
            + fixed(&self.outbox_pending, OUTBOX_PENDING, Some(0))?
            + fixed(&self.outbox_keys, OUTBOX_KEYS, Some(8))?
            + all::<Invite>(&self.invites, INVITES)?
            + all::<Link>(&self.links, LINKS)?
            + fixed(&self.link_chats, LINK_CHATS, None)?
            + all::<Vec<DateTime<Utc>>>(&self.link_failures, LINK_FAILURES)?
            + all::<Note>(&self.notes, NOTES)?
            + all::<Dialog>(&self.dialogs, DIALOGS)?
            + all::<FeedEvent>(&self.feed_events, FEED_EVENTS)?
            + all::<FeedToken>(&self.feed_tokens, FEED_TOKENS)?
            + fixed(&self.feed_token_hashes, FEED_TOKEN_HASHES, Some(8))?
            + all::<AuditEntry>(&self.audit, AUDIT)?
            + all::<SwapRequest>(&self.swaps, SWAPS)?
            + fixed(&self.due, DUE, Some(0))?
            + once::verify(self)?
            + web::verify(self)?
            + line::verify(self)?
            + beds::verify(self)?
            + me::verify(self)?
            + routes::verify(self)?)
    }

    #[cfg(test)]
    fn write_schema_version(&self, version: u32) {
        self.meta
            .insert(SCHEMA_KEY, encode(|| "", &version).expect("u32 encodes"))
            .expect("insert");
        self.flush().expect("flush");
    }
}

impl Store for TreeStore {
    fn data_dir(&self) -> Option<PathBuf> {
        Some(self.path.clone()).filter(|p| p.as_os_str() != "(temporary)")
    }

    fn backup(
        &self,
        association: &str,
        now: DateTime<Utc>,
    ) -> Result<super::backup::Backup, super::backup::BackupError> {
        self.export(association, now)
    }
}

impl RotaStore for TreeStore {
    fn put_rota(&self, rota: &RotaRecord) -> Result<(), StoreError> {
        let what = || format!("the rota of {}", rota.year);
        if !rota.fairness.seconds.is_finite() {
            return Err(StoreError::Unencodable {
                what: what(),
                why: format!("solver seconds is {}, not a finite number", rota.fairness.seconds),
            });
        }
        let key = rotas::rota_key_of(&rota.rota, rota.year, rota.status);
        self.rotas.insert(key, encode(what, rota)?)?;
        self.flush()
    }

    fn rota_version(
        &self,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        rotas::version(self, &RotaId::main(), year, status)
    }

    fn publish(&self, year: i32, at: DateTime<Utc>) -> Result<Option<RotaRecord>, StoreError> {
        rotas::publish(self, &RotaId::main(), year, at)
    }

    fn discard_draft(&self, year: i32) -> Result<bool, StoreError> {
        rotas::discard_draft(self, &RotaId::main(), year)
    }

    fn rotas(&self) -> Result<Vec<RotaRecord>, StoreError> {
        rotas::of(self, &RotaId::main())
    }

    fn rota_version_of(
        &self,
        rota: &RotaId,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        rotas::version(self, rota, year, status)
    }

    fn publish_of(
        &self,
        rota: &RotaId,
        year: i32,
        at: DateTime<Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        rotas::publish(self, rota, year, at)
    }

    fn discard_draft_of(&self, rota: &RotaId, year: i32) -> Result<bool, StoreError> {
        rotas::discard_draft(self, rota, year)
    }

    fn rotas_of(&self, rota: &RotaId) -> Result<Vec<RotaRecord>, StoreError> {
        rotas::of(self, rota)
    }

    fn import_history(&self, records: &[DutyRecord]) -> Result<ImportOutcome, StoreError> {
        let rows = records
            .iter()
            .map(|r| {
                let key = history_key(r);
                let value = encode(|| format!("the duty of {key}"), r)?;
                Ok((key.into_bytes(), value))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let outcome = self
            .history
            .transaction(|tx| {
                let mut outcome = ImportOutcome::default();
                for (key, value) in &rows {
                    match tx.insert(key.as_slice(), value.as_slice())? {
                        Some(_) => outcome.replaced += 1,
                        None => outcome.added += 1,
                    }
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(outcome)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(outcome)
    }

    fn history(&self) -> Result<Vec<DutyRecord>, StoreError> {
        let mut history: Vec<DutyRecord> = decode_all(&self.history, HISTORY, text_key)?;
        history.sort_by(|a, b| (a.slot_start, &a.doctor).cmp(&(b.slot_start, &b.doctor)));
        Ok(history)
    }

    fn import_history_batch(
        &self,
        records: &[DutyRecord],
        audit: &dyn Fn(crate::ids::ImportBatch, &ImportOutcome) -> AuditEntry,
    ) -> Result<(crate::ids::ImportBatch, ImportOutcome), StoreError> {
        history::import_batch(self, records, audit)
    }

    fn remove_history(
        &self,
        keys: &[crate::store::DutyKey],
        audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
    ) -> Result<Vec<DutyRecord>, StoreError> {
        history::remove(self, keys, audit)
    }

    fn add_absence(&self, absence: NewAbsence) -> Result<Absence, StoreError> {
        let added = (&self.meta, &self.absences)
            .transaction(|(meta, absences)| {
                let id = match meta.get(NEXT_ABSENCE_ID)? {
                    Some(bytes) => decode(META, || NEXT_ABSENCE_ID.to_string(), &bytes)
                        .map_err(ConflictableTransactionError::Abort)?,
                    None => 1u64,
                };
                let absence = absence.clone().with_id(crate::ids::AbsenceId::new(id));
                let value = encode(|| format!("absence {id}"), &absence)
                    .map_err(ConflictableTransactionError::Abort)?;
                let next = encode(|| "the next absence id", &(id + 1))
                    .map_err(ConflictableTransactionError::Abort)?;
                absences.insert(&id.to_be_bytes(), value)?;
                meta.insert(NEXT_ABSENCE_ID, next)?;
                Ok(absence)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(added)
    }

    fn remove_absence(&self, id: crate::ids::AbsenceId) -> Result<bool, StoreError> {
        let removed = self.absences.remove(id.to_be_bytes())?.is_some();
        self.flush()?;
        Ok(removed)
    }

    fn absences(&self) -> Result<Vec<Absence>, StoreError> {
        // Big-endian ids: sled's key order is ascending id already.
        decode_all(&self.absences, ABSENCES, id_key)
    }

    fn change_published(
        &self,
        year: i32,
        changes: &[crate::store::Moved],
        audit: &AuditEntry,
    ) -> Result<Option<RotaRecord>, StoreError> {
        let changed = (&self.meta, &self.rotas, &self.audit)
            .transaction(|(meta, rotas, log)| {
                Ok(change_rota(meta, rotas, log, &RotaId::main(), year, changes, audit)?
                    .map(|(rota, _)| rota))
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(changed)
    }

    fn add_swap_request(&self, request: &SwapRequest) -> Result<SwapRequest, StoreError> {
        let added = (&self.meta, &self.swaps)
            .transaction(|(meta, swaps)| {
                let id = next_id(meta, NEXT_SWAP_ID)?;
                let r = SwapRequest { id: crate::ids::SwapRequestId::new(id), ..request.clone() };
                swaps.insert(&id.to_be_bytes(), abort(encode(|| "a swap request", &r))?)?;
                Ok(r)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(added)
    }

    fn put_swap_request(&self, request: &SwapRequest) -> Result<(), StoreError> {
        let commit = SwapCommit { requests: vec![request.clone()], ..SwapCommit::default() };
        swaps::commit(self, &commit, &|_, _| Vec::new(), request.created_at).map(|_| ())
    }

    fn commit_swap(
        &self,
        commit: &SwapCommit,
        notices: &dyn Fn(&[SwapRequest], crate::ids::AuditSeq) -> Vec<Notice>,
        at: DateTime<Utc>,
    ) -> Result<Option<Vec<SwapRequest>>, StoreError> {
        swaps::commit(self, commit, notices, at)
    }

    fn swap_requests(&self) -> Result<Vec<SwapRequest>, StoreError> {
        decode_all(&self.swaps, SWAPS, id_key)
    }

    fn add_absence_once(
        &self,
        absence: NewAbsence,
        origin: &super::Origin,
    ) -> Result<Absence, StoreError> {
        once::add_absence(self, absence, origin)
    }
}

impl CallStore for TreeStore {
    fn raise_call(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: DateTime<Utc>,
    ) -> Result<(Call, Vec<Notice>), StoreError> {
        let raised = once::raise_call(self, raise, at, None)?;
        Ok(raised.expect("without an origin a raise is never skipped"))
    }

    fn commit_call(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        once::commit_call(self, call, event, notices, at, None).map(|_| ())
    }

    fn call(&self, id: CallId) -> Result<Option<Call>, StoreError> {
        self.calls.get(id.to_be_bytes())?.map(|v| decode(CALLS, || id.to_string(), &v)).transpose()
    }

    fn calls(&self) -> Result<Vec<Call>, StoreError> {
        decode_all(&self.calls, CALLS, id_key)
    }

    fn calls_of(&self, patient: PatientId) -> Result<Vec<Call>, StoreError> {
        let mut calls = Vec::new();
        for key in self.calls_by_patient.scan_prefix(patient.to_be_bytes()).keys() {
            let key = key?;
            let id = key.get(8..16).and_then(|b| <[u8; 8]>::try_from(b).ok());
            let call = id.map(CallId::from_be_bytes).map(|id| (id, self.call(id)));
            match call {
                Some((_, Ok(Some(call)))) => calls.push(call),
                Some((_, Err(e))) => return Err(e),
                Some((id, Ok(None))) => {
                    return Err(StoreError::Corrupt {
                        tree: CALLS_BY_PATIENT,
                        key: format!("{patient}/{id}"),
                        cause: "the index names a call that is not stored".into(),
                    });
                }
                None => {
                    return Err(StoreError::Corrupt {
                        tree: CALLS_BY_PATIENT,
                        key: format!("{key:02x?}"),
                        cause: "a key of 16 bytes belongs there".into(),
                    });
                }
            }
        }
        Ok(calls)
    }

    fn due_calls(&self, now: DateTime<Utc>) -> Result<Vec<Call>, StoreError> {
        let mut calls = Vec::new();
        for entry in self.due.range(..due_key(now, CallId::MAX).to_vec()) {
            let (key, _) = entry?;
            let id = CallId::from_be_bytes(key[8..16].try_into().unwrap_or([0; 8]));
            if let Some(call) = self.call(id)? {
                calls.push(call);
            }
        }
        Ok(calls)
    }

    fn next_deadline(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let Some((key, _)) = self.due.first()? else { return Ok(None) };
        let millis = u64::from_be_bytes(key[..8].try_into().unwrap_or([0; 8]));
        Ok(DateTime::from_timestamp_millis(i64::try_from(millis).unwrap_or(i64::MAX)))
    }

    fn call_events(&self, id: CallId) -> Result<Vec<CallEvent>, StoreError> {
        self.call_events
            .scan_prefix(id.to_be_bytes())
            .map(|entry| {
                let (key, value) = entry?;
                decode(CALL_EVENTS, || format!("{key:02x?}"), &value)
            })
            .collect()
    }

    fn pending_notices(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_pending
            .iter()
            .keys()
            .map(|key| {
                let key = key?;
                let value = self.outbox.get(&key)?.ok_or_else(|| StoreError::Corrupt {
                    tree: OUTBOX_PENDING,
                    key: id_key(&key),
                    cause: "no such notice in the outbox".into(),
                })?;
                decode(OUTBOX, || id_key(&key), &value)
            })
            .collect()
    }

    fn notices(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        decode_all(&self.outbox, OUTBOX, id_key)
    }

    fn settle(&self, seq: NoticeSeq, at: DateTime<Utc>, how: &Settled) -> Result<(), StoreError> {
        let key = seq.to_be_bytes();
        (&self.outbox, &self.outbox_pending)
            .transaction(|(outbox, pending)| {
                if pending.remove(&key)?.is_none() {
                    return Ok(());
                }
                if let Some(v) = outbox.get(key)? {
                    let mut entry: OutboxEntry = abort(decode(OUTBOX, || seq.to_string(), &v))?;
                    match how {
                        Settled::Sent => entry.sent_at = Some(at),
                        Settled::Fallback(why) => {
                            entry.sent_at = Some(at);
                            entry.failure = Some(why.clone());
                        }
                        Settled::Dead(why) => {
                            entry.dead_at = Some(at);
                            entry.failure = Some(why.clone());
                        }
                    }
                    outbox.insert(&key, abort(encode(|| format!("notice {seq}"), &entry))?)?;
                }
                Ok(())
            })
            .map_err(from_transaction)?;
        self.flush()
    }

    fn enqueue(&self, notices: &[Notice], at: DateTime<Utc>) -> Result<usize, StoreError> {
        let before = self.outbox.len()?;
        (&self.meta, &self.outbox, &self.outbox_pending, &self.outbox_keys)
            .transaction(|(meta, outbox, pending, keys)| {
                queue(meta, outbox, pending, keys, notices, at)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(self.outbox.len()?.saturating_sub(before))
    }

    fn mark_route(&self, seq: NoticeSeq, route: &str, mark: &RouteMark) -> Result<(), StoreError> {
        routes::mark_route(self, seq, route, mark)
    }

    fn route_marks(&self, seq: NoticeSeq) -> Result<Vec<(String, RouteMark)>, StoreError> {
        routes::route_marks(self, seq)
    }

    fn webhook_trouble_told(
        &self,
        id: &str,
        trouble: super::WebhookTrouble,
    ) -> Result<bool, StoreError> {
        routes::webhook_trouble_told(self, id, trouble)
    }

    fn mark_webhook_trouble_told(
        &self,
        id: &str,
        trouble: super::WebhookTrouble,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        routes::mark_webhook_trouble_told(self, id, trouble, at)
    }

    fn end_webhook_trouble(&self, id: &str) -> Result<bool, StoreError> {
        routes::end_webhook_trouble(self, id)
    }

    fn add_webhook_due(&self, due: &WebhookDue) -> Result<bool, StoreError> {
        routes::add_webhook_due(self, due)
    }

    fn due_webhooks(&self, now: DateTime<Utc>) -> Result<Vec<WebhookDue>, StoreError> {
        routes::due_webhooks(self, now)
    }

    fn next_webhook_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        routes::next_webhook_due(self)
    }

    fn remove_webhook_due(&self, due: &WebhookDue) -> Result<(), StoreError> {
        routes::remove_webhook_due(self, due)
    }

    fn queued(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.outbox_keys.contains_key(key.as_bytes())?)
    }

    fn raise_call_once(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: DateTime<Utc>,
        origin: &super::Origin,
    ) -> Result<Option<(Call, Vec<Notice>)>, StoreError> {
        once::raise_call(self, raise, at, Some(origin))
    }

    fn commit_call_once(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: DateTime<Utc>,
        origin: &super::Origin,
    ) -> Result<bool, StoreError> {
        once::commit_call(self, call, event, notices, at, Some(origin))
    }
}

impl Registry for TreeStore {
    fn add_patient(
        &self,
        details: PatientDetails,
        at: DateTime<Utc>,
    ) -> Result<Patient, StoreError> {
        let added = (&self.meta, &self.patients)
            .transaction(|(meta, patients)| {
                let id = PatientId::new(next_id(meta, NEXT_PATIENT_ID)?);
                let patient = Patient::new(id, details.clone(), at);
                patients.insert(
                    &id.to_be_bytes(),
                    abort(encode(|| format!("patient {id}"), &patient))?,
                )?;
                Ok(patient)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(added)
    }

    fn put_patient(&self, patient: &Patient) -> Result<bool, StoreError> {
        let value = encode(|| format!("patient {}", patient.id), patient)?;
        let key = patient.id.to_be_bytes();
        let replaced = self
            .patients
            .transaction(|t| {
                if t.get(key)?.is_none() {
                    return Ok(false);
                }
                t.insert(&key, value.clone())?;
                Ok(true)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(replaced)
    }

    fn commit_patient(
        &self,
        read: &Patient,
        patient: &Patient,
        audit: &AuditEntry,
    ) -> Result<crate::store::PatientWrite, StoreError> {
        use crate::store::PatientWrite;
        let value = encode(|| format!("patient {}", patient.id), patient)?;
        let key = patient.id.to_be_bytes();
        let written = (&self.meta, &self.patients, &self.audit)
            .transaction(|(meta, patients, log)| {
                let Some(stored) = patients.get(key)? else { return Ok(PatientWrite::Missing) };
                let stored: Patient = abort(decode(PATIENTS, || patient.id.to_string(), &stored))?;
                if &stored != read {
                    return Ok(PatientWrite::Changed);
                }
                patients.insert(&key, value.clone())?;
                append_audit(meta, log, audit)?;
                Ok(PatientWrite::Written)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(written)
    }

    fn remove_patient(&self, id: PatientId) -> Result<bool, StoreError> {
        let removed = self.patients.remove(id.to_be_bytes())?.is_some();
        self.flush()?;
        Ok(removed)
    }

    fn patient(&self, id: PatientId) -> Result<Option<Patient>, StoreError> {
        self.patients
            .get(id.to_be_bytes())?
            .map(|v| decode(PATIENTS, || id.to_string(), &v))
            .transpose()
    }

    fn patients(&self) -> Result<Vec<Patient>, StoreError> {
        decode_all(&self.patients, PATIENTS, id_key)
    }

    fn set_beds(&self, state: &super::BedState, audit: &AuditEntry) -> Result<(), StoreError> {
        beds::set_beds(self, state, audit)
    }

    fn beds(&self) -> Result<Vec<super::BedState>, StoreError> {
        beds::beds(self)
    }

    fn set_board(&self, entry: &super::BoardEntry, audit: &AuditEntry) -> Result<(), StoreError> {
        beds::set_board(self, entry, audit)
    }

    fn board(&self) -> Result<Vec<super::BoardEntry>, StoreError> {
        beds::board(self)
    }
}

impl ChatLinks for TreeStore {
    fn add_note(&self, note: &Note) -> Result<(), StoreError> {
        let key = format!("{}/{}/{}", note.slot, note.at.to_rfc3339(), note.by);
        self.notes.insert(key.as_bytes(), encode(|| "a handover note", note)?)?;
        self.flush()
    }

    fn notes(&self, slot: &str) -> Result<Vec<Note>, StoreError> {
        self.notes
            .scan_prefix(format!("{slot}/").as_bytes())
            .map(|entry| {
                let (key, value) = entry?;
                decode(NOTES, || text_key(&key), &value)
            })
            .collect()
    }

    fn dialog(&self, chat_id: i64) -> Result<Option<Dialog>, StoreError> {
        self.dialogs
            .get(chat_id.to_be_bytes())?
            .map(|v| decode(DIALOGS, || chat_id.to_string(), &v))
            .transpose()
    }

    fn set_dialog(&self, chat_id: i64, dialog: Option<&Dialog>) -> Result<(), StoreError> {
        match dialog {
            Some(d) => {
                self.dialogs.insert(chat_id.to_be_bytes(), encode(|| "a form", d)?)?;
            }
            None => {
                self.dialogs.remove(chat_id.to_be_bytes())?;
            }
        }
        self.flush()
    }

    fn add_invite(&self, invite: &Invite) -> Result<(), StoreError> {
        let value = encode(|| format!("invite for {}", invite.member), invite)?;
        self.invites.insert(invite.hash.as_bytes(), value)?;
        self.flush()
    }

    fn redeem_invite(
        &self,
        hash: &str,
        chat_id: i64,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<Redeem, StoreError> {
        let outcome = (&self.invites, &self.links, &self.link_chats)
            .transaction(|(invites, links, chats)| {
                let Some(bytes) = invites.get(hash.as_bytes())? else { return Ok(Redeem::Unknown) };
                let mut invite: Invite = abort(decode(INVITES, || "(a code)".into(), &bytes))?;
                if !crate::chat::invite::same(&invite.hash, hash) {
                    return Ok(Redeem::Unknown);
                }
                if invite.used_at.is_some() {
                    return Ok(Redeem::Used);
                }
                if invite.expires_at <= now {
                    return Ok(Redeem::Expired);
                }
                let member = invite.member.to_string();
                // A chat belongs to one member: another member's code is refused, unused.
                if let Some(other) = chats.get(chat_id.to_be_bytes())? {
                    let other = String::from_utf8_lossy(&other).into_owned();
                    if other != member {
                        let other = abort(other.parse().map_err(|_| StoreError::Corrupt {
                            tree: LINK_CHATS,
                            key: chat_id.to_string(),
                            cause: format!("'{other}' is not a member id"),
                        }))?;
                        return Ok(Redeem::OtherMember(other));
                    }
                }
                invite.used_at = Some(now);
                invites.insert(hash.as_bytes(), abort(encode(|| "an invite", &invite))?)?;
                // One more device of the member; their other devices stay linked.
                let link = Link {
                    member: invite.member.clone(),
                    chat_id,
                    user_id,
                    linked_at: now,
                    broken: None,
                };
                links.insert(
                    link_key(&member, chat_id).as_bytes(),
                    abort(encode(|| format!("link of {member}"), &link))?,
                )?;
                chats.insert(&chat_id.to_be_bytes(), member.as_bytes())?;
                Ok(Redeem::Linked(link))
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(outcome)
    }

    fn links_of(&self, member: &MemberId) -> Result<Vec<Link>, StoreError> {
        self.links
            .scan_prefix(format!("{member}/").as_bytes())
            .map(|entry| {
                let (key, value) = entry?;
                decode(LINKS, || text_key(&key), &value)
            })
            .collect()
    }

    fn link_of_chat(&self, chat_id: i64) -> Result<Option<Link>, StoreError> {
        let Some(member) = self.link_chats.get(chat_id.to_be_bytes())? else { return Ok(None) };
        let key = link_key(&String::from_utf8_lossy(&member), chat_id);
        self.links.get(key.as_bytes())?.map(|v| decode(LINKS, || key.clone(), &v)).transpose()
    }

    fn links(&self) -> Result<Vec<Link>, StoreError> {
        decode_all(&self.links, LINKS, text_key)
    }

    fn mark_link_broken(
        &self,
        member: &str,
        chat_id: i64,
        at: DateTime<Utc>,
        why: &str,
    ) -> Result<bool, StoreError> {
        let marked = self
            .links
            .transaction(|links| {
                let key = link_key(member, chat_id);
                let Some(v) = links.get(key.as_bytes())? else { return Ok(false) };
                let mut link: Link = abort(decode(LINKS, || key.clone(), &v))?;
                if link.broken.is_some() {
                    return Ok(false);
                }
                link.broken = Some(Broken { at, why: why.to_string() });
                links.insert(
                    key.as_bytes(),
                    abort(encode(|| format!("link of {member}"), &link))?,
                )?;
                Ok(true)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(marked)
    }

    fn unlink(&self, member: &MemberId, chat: Option<i64>) -> Result<usize, StoreError> {
        let chats: Vec<i64> = match chat {
            Some(c) => vec![c],
            None => self.links_of(member)?.iter().map(|l| l.chat_id).collect(),
        };
        let removed = (&self.links, &self.link_chats)
            .transaction(|(links, link_chats)| {
                let mut removed = 0;
                for c in &chats {
                    if links.remove(link_key(member.as_str(), *c).as_bytes())?.is_some() {
                        link_chats.remove(&c.to_be_bytes())?;
                        removed += 1;
                    }
                }
                Ok(removed)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(removed)
    }

    fn link_failure(
        &self,
        user_id: u64,
        now: DateTime<Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError> {
        let key = user_id.to_be_bytes();
        let count = self
            .link_failures
            .transaction(|t| {
                let mut times: Vec<DateTime<Utc>> = match t.get(key)? {
                    Some(v) => abort(decode(LINK_FAILURES, || user_id.to_string(), &v))?,
                    None => Vec::new(),
                };
                times.retain(|&at| now - at < window);
                times.push(now);
                t.insert(&key, abort(encode(|| "link failures", &times))?)?;
                Ok(times.len() as u32)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(count)
    }

    fn recent_link_failures(
        &self,
        user_id: u64,
        now: DateTime<Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError> {
        let times: Vec<DateTime<Utc>> = match self.link_failures.get(user_id.to_be_bytes())? {
            Some(v) => decode(LINK_FAILURES, || user_id.to_string(), &v)?,
            None => Vec::new(),
        };
        Ok(times.iter().filter(|&&at| now - at < window).count() as u32)
    }

    fn telegram_offset(&self) -> Result<Option<i32>, StoreError> {
        self.meta
            .get(TELEGRAM_OFFSET)?
            .map(|v| decode(META, || TELEGRAM_OFFSET.to_string(), &v))
            .transpose()
    }

    fn set_telegram_offset(&self, offset: i32) -> Result<(), StoreError> {
        self.meta.insert(TELEGRAM_OFFSET, encode(|| "the Telegram offset", &offset)?)?;
        self.flush()
    }

    fn effect_of(&self, origin: &super::Origin) -> Result<Option<super::Effect>, StoreError> {
        once::effect_of(self, origin)
    }

    fn add_note_once(&self, note: &Note, origin: &super::Origin) -> Result<bool, StoreError> {
        once::add_note(self, note, origin)
    }

    fn update_handled(&self, id: u64) -> Result<bool, StoreError> {
        once::update_handled(self, id)
    }

    fn mark_update_handled(&self, id: u64, at: DateTime<Utc>) -> Result<(), StoreError> {
        once::mark_update_handled(self, id, at)
    }

    fn stranger_reply_due(
        &self,
        chat: i64,
        now: DateTime<Utc>,
        every: chrono::Duration,
    ) -> Result<bool, StoreError> {
        once::stranger_reply_due(self, chat, now, every)
    }

    fn forget_handled_before(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        // Each part removes without flushing; one flush makes the whole forgetting durable.
        let gone = line::forget_before(self, before)? + once::forget_before(self, before)?;
        if gone > 0 {
            self.flush()?;
        }
        Ok(gone)
    }

    fn line_chat(&self, user: &str) -> Result<i64, StoreError> {
        line::chat(self, user)
    }

    fn line_user(&self, chat: i64) -> Result<Option<String>, StoreError> {
        line::user(self, chat)
    }

    fn line_event_handled(&self, id: &str) -> Result<bool, StoreError> {
        line::event_handled(self, id)
    }

    fn mark_line_event_handled(&self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        line::mark_event_handled(self, id, at)
    }

    fn keep_line_record(
        &self,
        message: &str,
        call: crate::routing::CallId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        line::keep_record(self, message, call, at)
    }

    fn line_record(&self, message: &str) -> Result<Option<crate::routing::CallId>, StoreError> {
        line::record(self, message)
    }

    fn forget_line_records_before(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        line::forget_records_before(self, before)
    }
}

impl FeedStore for TreeStore {
    fn feed_events(&self) -> Result<Vec<crate::feed::FeedEvent>, StoreError> {
        decode_all(&self.feed_events, FEED_EVENTS, text_key)
    }

    fn put_feed_events(&self, events: &[crate::feed::FeedEvent]) -> Result<(), StoreError> {
        let encoded: Vec<(String, Vec<u8>)> = events
            .iter()
            .map(|e| Ok((format!("{}/{}", e.slot, e.doctor), encode(|| "a feed event", e)?)))
            .collect::<Result<_, StoreError>>()?;
        (&self.meta, &self.feed_events)
            .transaction(|(meta, tree)| {
                // Clear by listing what is there (a transaction cannot iterate): keys come from
                // the events themselves, plus stale ones removed below.
                for (k, v) in &encoded {
                    tree.insert(k.as_bytes(), v.clone())?;
                }
                let generation: u64 = match meta.get(FEED_GENERATION)? {
                    Some(b) => abort(decode(META, || FEED_GENERATION.into(), &b))?,
                    None => 0,
                };
                meta.insert(
                    FEED_GENERATION,
                    abort(encode(|| "the feed generation", &(generation + 1)))?,
                )?;
                Ok(())
            })
            .map_err(from_transaction)?;
        // Events are never dropped by reconcile (lost ones become cancelled), so no key goes
        // stale; remove any that are not in `events` all the same.
        let keep: std::collections::HashSet<&str> =
            encoded.iter().map(|(k, _)| k.as_str()).collect();
        for key in self.feed_events.iter().keys() {
            let key = key?;
            if !keep.contains(String::from_utf8_lossy(&key).as_ref()) {
                self.feed_events.remove(&key)?;
            }
        }
        self.flush()
    }

    fn feed_generation(&self) -> Result<u64, StoreError> {
        Ok(self
            .meta
            .get(FEED_GENERATION)?
            .map(|v| decode(META, || FEED_GENERATION.into(), &v))
            .transpose()?
            .unwrap_or(0))
    }

    fn add_feed_token(
        &self,
        hash: &str,
        member: Option<crate::rules::MemberId>,
        label: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<FeedToken, StoreError> {
        let token = (&self.meta, &self.feed_tokens, &self.feed_token_hashes)
            .transaction(|(meta, tokens, hashes)| {
                let id = next_id(meta, NEXT_FEED_TOKEN_ID)?;
                let token = FeedToken {
                    id: crate::ids::FeedTokenId::new(id),
                    hash: hash.to_string(),
                    member: member.clone(),
                    label: label.clone(),
                    created_at: at,
                    revoked_at: None,
                };
                tokens.insert(
                    &id.to_be_bytes(),
                    abort(encode(|| format!("feed token {id}"), &token))?,
                )?;
                hashes.insert(hash.as_bytes(), &id.to_be_bytes())?;
                Ok(token)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(token)
    }

    fn feed_tokens(&self) -> Result<Vec<FeedToken>, StoreError> {
        decode_all(&self.feed_tokens, FEED_TOKENS, id_key)
    }

    fn feed_token_by_hash(&self, hash: &str) -> Result<Option<FeedToken>, StoreError> {
        let Some(id) = self.feed_token_hashes.get(hash.as_bytes())? else { return Ok(None) };
        self.feed_tokens.get(&id)?.map(|v| decode(FEED_TOKENS, || id_key(&id), &v)).transpose()
    }

    fn revoke_feed_token(
        &self,
        id: crate::ids::FeedTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let key = id.to_be_bytes();
        let revoked = self
            .feed_tokens
            .transaction(|t| {
                let Some(v) = t.get(key)? else { return Ok(false) };
                let mut token: FeedToken = abort(decode(FEED_TOKENS, || id.to_string(), &v))?;
                if token.revoked_at.is_some() {
                    return Ok(false);
                }
                token.revoked_at = Some(at);
                t.insert(&key, abort(encode(|| format!("feed token {id}"), &token))?)?;
                Ok(true)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(revoked)
    }
}

impl WebStore for TreeStore {
    fn put_web_account(&self, account: &super::WebAccount) -> Result<(), StoreError> {
        web::put_account(self, account)
    }

    fn web_account(&self, admin: &MemberId) -> Result<Option<super::WebAccount>, StoreError> {
        web::account(self, admin)
    }

    fn web_accounts(&self) -> Result<Vec<super::WebAccount>, StoreError> {
        web::accounts(self)
    }

    fn remove_web_account(&self, admin: &MemberId) -> Result<bool, StoreError> {
        web::remove_account(self, admin)
    }

    fn put_web_session(&self, session: &super::WebSession) -> Result<(), StoreError> {
        web::put_session(self, session)
    }

    fn web_session(&self, hash: &str) -> Result<Option<super::WebSession>, StoreError> {
        web::session(self, hash)
    }

    fn end_web_session(&self, hash: &str) -> Result<bool, StoreError> {
        web::end_session(self, hash)
    }

    fn end_web_sessions_of(&self, admin: &MemberId) -> Result<usize, StoreError> {
        web::end_sessions_of(self, admin)
    }

    fn login_failures(&self, key: &str) -> Result<Vec<DateTime<Utc>>, StoreError> {
        web::login_failures(self, key)
    }

    fn set_login_failures(&self, key: &str, failures: &[DateTime<Utc>]) -> Result<(), StoreError> {
        web::set_login_failures(self, key, failures)
    }

    fn put_sign_in_link(&self, link: &super::SignInLink) -> Result<(), StoreError> {
        me::put_link(self, link)
    }

    fn sign_in_link(&self, hash: &str) -> Result<Option<super::SignInLink>, StoreError> {
        me::link(self, hash)
    }

    fn take_sign_in_link(&self, hash: &str) -> Result<Option<super::SignInLink>, StoreError> {
        me::take_link(self, hash)
    }

    fn put_doctor_session(&self, session: &super::DoctorSession) -> Result<(), StoreError> {
        me::put_session(self, session)
    }

    fn doctor_session(&self, hash: &str) -> Result<Option<super::DoctorSession>, StoreError> {
        me::session(self, hash)
    }

    fn end_doctor_session(&self, hash: &str) -> Result<bool, StoreError> {
        me::end_session(self, hash)
    }

    fn prune_login_failures(&self, horizon: DateTime<Utc>) -> Result<usize, StoreError> {
        web::prune_login_failures(self, horizon)
    }
}

impl AuditLog for TreeStore {
    fn add_audit(&self, entry: &AuditEntry) -> Result<AuditEntry, StoreError> {
        let added = (&self.meta, &self.audit)
            .transaction(|(meta, log)| {
                let e = append_audit(meta, log, entry)?;
                Ok(e)
            })
            .map_err(from_transaction)?;
        self.flush()?;
        Ok(added)
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        decode_all(&self.audit, AUDIT, id_key)
    }
}

/// Replaces doctors in the published rota of `year` and records `audit`, inside a transaction
/// ([`RotaStore::change_published`], [`RotaStore::commit_swap`]). `None` when there is no published
/// rota of that year or a change no longer matches it (then nothing should be written).
#[allow(clippy::too_many_arguments)]
fn change_rota(
    meta: &TxTree<'_>,
    rotas: &TxTree<'_>,
    log: &TxTree<'_>,
    rota_id: &RotaId,
    year: i32,
    changes: &[crate::store::Moved],
    audit: &AuditEntry,
) -> TxResult<Option<(RotaRecord, crate::ids::AuditSeq)>> {
    let key = rotas::rota_key_of(rota_id, year, RotaStatus::Published);
    let Some(bytes) = rotas.get(key.as_bytes())? else { return Ok(None) };
    let mut rota: RotaRecord = abort(decode(ROTAS, || key.clone(), &bytes))?;
    for crate::store::Moved { slot, from, to } in changes {
        let Some(s) = rota.slots.iter_mut().find(|s| &s.id == slot) else {
            return Ok(None);
        };
        if !s.replace(from, to) {
            return Ok(None);
        }
    }
    rota.recount();
    rotas.insert(key.as_bytes(), abort(encode(|| format!("the rota of {year}"), &rota))?)?;
    Ok(Some((rota, append_audit(meta, log, audit)?.seq)))
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn abort<T>(r: Result<T, StoreError>) -> TxResult<T> {
    r.map_err(ConflictableTransactionError::Abort)
}

/// Appends `entry` to the audit log `log` inside a transaction, numbered from the `meta`
/// counter; returns it as written.
fn append_audit(meta: &TxTree<'_>, log: &TxTree<'_>, entry: &AuditEntry) -> TxResult<AuditEntry> {
    let seq = crate::ids::AuditSeq::new(next_id(meta, NEXT_AUDIT_SEQ)?);
    let entry = AuditEntry { seq, ..entry.clone() };
    log.insert(&seq.to_be_bytes(), abort(encode(|| "an audit entry", &entry))?)?;
    Ok(entry)
}

/// Takes the next id from the `meta` counter `name` (starting at 1) inside a transaction.
fn next_id(meta: &TxTree<'_>, name: &'static str) -> TxResult<u64> {
    let id = match meta.get(name)? {
        Some(bytes) => abort(decode(META, || name.to_string(), &bytes))?,
        None => 1u64,
    };
    meta.insert(name, abort(encode(|| name, &(id + 1)))?)?;
    Ok(id)
}

/// Queues `notices` in the outbox, skipping any whose idempotency key is already there.
fn queue(
    meta: &TxTree<'_>,
    outbox: &TxTree<'_>,
    pending: &TxTree<'_>,
    keys: &TxTree<'_>,
    notices: &[Notice],
    at: DateTime<Utc>,
) -> TxResult<()> {
    for notice in notices {
        if keys.get(notice.key.as_bytes())?.is_some() {
            continue;
        }
        let seq = NoticeSeq::new(next_id(meta, NEXT_NOTICE_SEQ)?);
        let entry = OutboxEntry {
            seq,
            notice: notice.clone(),
            created_at: at,
            sent_at: None,
            failure: None,
            dead_at: None,
        };
        outbox.insert(&seq.to_be_bytes(), abort(encode(|| format!("notice {seq}"), &entry))?)?;
        pending.insert(&seq.to_be_bytes(), &[])?;
        keys.insert(notice.key.as_bytes(), &seq.to_be_bytes())?;
    }
    Ok(())
}

/// The deadline in milliseconds since 1970 then the call id, both big-endian, so sled's key
/// order is deadline order (deadlines are after 1970).
/// The key of `call` in the index of calls by patient: in key order, a patient's calls by id.
fn patient_key(patient: PatientId, call: CallId) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&patient.to_be_bytes());
    key[8..].copy_from_slice(&call.to_be_bytes());
    key
}

fn due_key(deadline: DateTime<Utc>, call: CallId) -> [u8; 16] {
    let millis = u64::try_from(deadline.timestamp_millis()).unwrap_or(0);
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&millis.to_be_bytes());
    key[8..].copy_from_slice(&call.to_be_bytes());
    key
}

fn event_key(call: CallId, seq: u64) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&call.to_be_bytes());
    key[8..].copy_from_slice(&seq.to_be_bytes());
    key
}

/// `2027-01-04/d01`: readable, and unique per `(slot_start, doctor)` as a date holds no `/`.
fn rota_key(year: i32, status: RotaStatus) -> String {
    match status {
        RotaStatus::Published => year.to_string(),
        RotaStatus::Draft => format!("{year}/draft"),
    }
}

/// `d01/123456`: a member's links sort together, one per chat (schema 3).
fn link_key(member: &str, chat_id: i64) -> String {
    format!("{member}/{chat_id}")
}

fn history_key(record: &DutyRecord) -> String {
    record.key().stored()
}

fn text_key(key: &[u8]) -> String {
    String::from_utf8_lossy(key).into_owned()
}

fn id_key(key: &[u8]) -> String {
    match <[u8; 8]>::try_from(key) {
        Ok(bytes) => u64::from_be_bytes(bytes).to_string(),
        Err(_) => format!("{key:02x?}"),
    }
}

fn encode<T: Serialize, S: ToString>(
    what: impl FnOnce() -> S,
    value: &T,
) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value)
        .map_err(|e| StoreError::Unencodable { what: what().to_string(), why: e.to_string() })
}

fn decode<T: DeserializeOwned>(
    tree: &'static str,
    key: impl FnOnce() -> String,
    bytes: &[u8],
) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        tree,
        key: key(),
        cause: e.to_string(),
    })
}

/// Removes the records of `tree` (named `name`) whose time, as `at` reads it, is before
/// `before`; returns how many went. Not flushed: the caller flushes once for all it forgets.
fn forget_older<T: DeserializeOwned>(
    tree: &Tree,
    name: &'static str,
    show_key: fn(&[u8]) -> String,
    before: DateTime<Utc>,
    at: impl Fn(&T) -> DateTime<Utc>,
) -> Result<usize, StoreError> {
    let mut gone = 0;
    for item in tree.iter() {
        let (k, v) = item?;
        let record: T = decode(name, || show_key(&k), &v)?;
        if at(&record) < before {
            tree.remove(k)?;
            gone += 1;
        }
    }
    Ok(gone)
}

fn decode_all<T: DeserializeOwned>(
    tree: &Tree,
    name: &'static str,
    show_key: fn(&[u8]) -> String,
) -> Result<Vec<T>, StoreError> {
    tree.iter()
        .map(|entry| {
            let (key, value) = entry?;
            decode(name, || show_key(&key), &value)
        })
        .collect()
}

fn from_transaction(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(cause) => cause.into(),
    }
}

/// sled 0.34 reports a held lock as an `Io` error of kind `Other` whose text starts like this
/// (`Config::try_lock`); sled is pinned to `=0.34.7` and a test below checks the text.
fn is_lock_error(e: &sled::Error) -> bool {
    matches!(e, sled::Error::Io(io) if io.to_string().starts_with("could not acquire lock"))
}

#[cfg(test)]
mod tests {
    use super::super::DutySource;
    use super::super::records::fixtures::*;
    use super::*;

    fn store() -> SledStore {
        SledStore::temporary().expect("a temporary store opens")
    }

    #[test]
    fn the_store_works_as_a_shared_trait_object() {
        fn shareable<T: Send + Sync + ?Sized>(_: &T) {}
        let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(store());
        shareable(&*store);
        store.put_rota(&rota(2027)).expect("put through dyn Store");
        assert_eq!(store.rotas().expect("list").len(), 1);
    }

    #[test]
    fn everything_is_still_there_after_reopening_the_store() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data");
        {
            let store = SledStore::open(&path).expect("open a new store");
            store.put_rota(&rota(2027)).expect("put");
            store
                .import_history(&[duty(day(2026, 4, 6), "d01", DutySource::Import)])
                .expect("import");
            store.add_absence(new_absence("d01", day(2027, 3, 1), 2)).expect("add");
            store.add_absence(new_absence("d02", day(2027, 3, 1), 2)).expect("add");
            store.remove_absence(crate::ids::AbsenceId::new(1)).expect("remove");
        }
        let store = SledStore::open(&path).expect("reopen");
        assert_eq!(store.rotas().expect("rotas"), vec![rota(2027)]);
        assert_eq!(
            store.history().expect("history"),
            vec![duty(day(2026, 4, 6), "d01", DutySource::Import)]
        );
        assert_eq!(
            store.absences().expect("absences"),
            vec![new_absence("d02", day(2027, 3, 1), 2).with_id(crate::ids::AbsenceId::new(2))]
        );
        let next = store.add_absence(new_absence("d03", day(2027, 4, 1), 0)).expect("add");
        assert_eq!(next.id, crate::ids::AbsenceId::new(3), "the id counter survives a reopen");
    }

    #[test]
    fn a_store_written_by_a_newer_toban_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        SledStore::open(dir.path()).expect("open").write_schema_version(SCHEMA_VERSION + 1);
        let err = SledStore::open(dir.path()).expect_err("newer schema");
        let newer = SCHEMA_VERSION + 1;
        assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == newer), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "store at {} was written by a newer toban (schema {newer}); upgrade toban",
                dir.path().display()
            )
        );
    }

    #[test]
    fn an_older_store_is_migrated_on_open_and_keeps_its_records() {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let store = SledStore::open(dir.path()).expect("open");
            store
                .import_history(&[duty(day(2026, 4, 6), "d01", DutySource::Import)])
                .expect("import");
            // As a store from before schema versions: records, no version.
            store.meta.remove(SCHEMA_KEY).expect("remove");
            store.flush().expect("flush");
        }
        let store = SledStore::open(dir.path()).expect("migrated");
        assert_eq!(
            &*store.meta.get(SCHEMA_KEY).unwrap().unwrap(),
            SCHEMA_VERSION.to_string().as_bytes()
        );
        assert_eq!(store.history().expect("history").len(), 1);
        drop(store);
        // Explicitly version 0: the same.
        SledStore::open(dir.path()).expect("open").write_schema_version(0);
        let store = SledStore::open(dir.path()).expect("migrated again");
        assert_eq!(
            &*store.meta.get(SCHEMA_KEY).unwrap().unwrap(),
            SCHEMA_VERSION.to_string().as_bytes()
        );
    }

    #[test]
    fn a_new_store_records_the_current_schema_version() {
        let store = store();
        let stored = store.meta.get(SCHEMA_KEY).expect("get").expect("version written on open");
        assert_eq!(&*stored, SCHEMA_VERSION.to_string().as_bytes());
    }

    #[test]
    fn opening_a_store_that_is_already_open_says_it_is_in_use() {
        // sled locks the directory with flock on its own file descriptor, so a second open is
        // refused even within one process.
        let dir = tempfile::tempdir().expect("tempdir");
        let _first = SledStore::open(dir.path()).expect("first open");
        let err = SledStore::open_waiting(dir.path(), Duration::ZERO).expect_err("second open");
        assert!(matches!(err, StoreError::InUse { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "the store at {} is in use by another toban process (is `toban serve` running?)",
                dir.path().display()
            )
        );
    }

    #[test]
    fn a_directory_that_cannot_be_created_is_reported_with_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "").expect("write");
        let err = SledStore::open(&file.join("data")).expect_err("parent is a file");
        assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
        assert!(err.to_string().contains("not-a-dir"), "{err}");
    }

    #[test]
    fn a_damaged_record_is_reported_by_tree_and_key() {
        let store = store();
        store.import_history(&[duty(day(2026, 4, 6), "d01", DutySource::Import)]).expect("import");
        store.history.insert("2026-04-13/d02", b"{not json".as_slice()).expect("insert");
        store.absences.insert(7u64.to_be_bytes(), b"[]".as_slice()).expect("insert");

        let err = store.history().expect_err("damaged history");
        let text = err.to_string();
        assert!(text.contains("'2026-04-13/d02'") && text.contains("'history'"), "{text}");
        let err = store.absences().expect_err("damaged absence");
        let text = err.to_string();
        assert!(text.contains("'7'") && text.contains("'absences'"), "{text}");
    }

    mod calls {
        use super::*;
        use crate::plan::testing::sosa;
        use crate::store::suite::details;
        use chrono::TimeZone;

        fn at(minute: u32) -> DateTime<Utc> {
            Utc.with_ymd_and_hms(2027, 3, 2, 13, minute, 0).unwrap()
        }

        fn raise(id: CallId) -> (Call, Vec<Notice>) {
            let (a, c, chain) = crate::routing::testing::one_chain(&sosa());
            Call::raise(id, crate::ids::PatientId::new(1), a, c, "note".into(), chain, at(0))
        }

        #[test]
        fn a_store_of_schema_1_gets_its_due_index_built_on_open() {
            let dir = tempfile::tempdir().unwrap();
            let deadline = {
                let store = SledStore::open(dir.path()).unwrap();
                let (call, _) = store.raise_call(&raise, at(0)).unwrap();
                store.due.clear().unwrap();
                store.write_schema_version(1);
                call.deadline().unwrap()
            };
            let store = SledStore::open(dir.path()).unwrap();
            assert_eq!(store.next_deadline().unwrap(), Some(deadline));
            assert_eq!(store.due_calls(deadline).unwrap().len(), 1);
        }

        #[test]
        fn calls_and_the_outbox_survive_a_reopen() {
            let dir = tempfile::tempdir().expect("tempdir");
            let count = {
                let store = SledStore::open(dir.path()).unwrap();
                store.add_patient(details("A"), at(0)).unwrap();
                let (_, notices) = store.raise_call(&raise, at(0)).unwrap();
                notices.len()
            };
            std::thread::sleep(std::time::Duration::from_millis(50));
            let store = SledStore::open(dir.path()).unwrap();
            assert_eq!(store.calls().unwrap().len(), 1);
            assert_eq!(store.pending_notices().unwrap().len(), count);
            assert_eq!(store.patients().unwrap().len(), 1);
        }
    }

    mod links {
        use super::*;
        use chrono::TimeZone;

        fn at(h: u32) -> DateTime<Utc> {
            Utc.with_ymd_and_hms(2027, 3, 2, h, 0, 0).unwrap()
        }

        fn invite(hash: &str, member: &str) -> Invite {
            Invite {
                hash: hash.into(),
                member: member.parse().unwrap(),
                created_at: at(0),
                expires_at: at(10),
                used_at: None,
            }
        }

        #[test]
        fn a_store_of_schema_2_gets_its_links_keyed_by_member_and_chat() {
            let dir = tempfile::tempdir().unwrap();
            {
                let store = SledStore::open(dir.path()).unwrap();
                store.add_invite(&invite("a", "d01")).unwrap();
                store.redeem_invite("a", 100, 7, at(1)).unwrap();
                // As schema 2 kept it: keyed by the member alone.
                let (k, v) = store.links.iter().next().unwrap().unwrap();
                store.links.remove(k).unwrap();
                store.links.insert("d01", v).unwrap();
                store.write_schema_version(2);
            }
            let store = SledStore::open(dir.path()).unwrap();
            assert_eq!(store.links_of(&"d01".parse().unwrap()).unwrap()[0].chat_id, 100);
            assert_eq!(store.link_of_chat(100).unwrap().unwrap().member.as_str(), "d01");
        }
    }
}
