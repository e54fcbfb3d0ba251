//! The store: everything toban keeps, behind the [`Store`] trait, kept in sled or PostgreSQL.
//!
//! Key decisions:
//! - Everything goes through the object-safe [`Store`] trait, so the rest of toban never names
//!   sled. sled is single-process and has open reports of corruption after abrupt stops
//!   (DESIGN.md §5); PostgreSQL is the replicated database behind the same trait (issue 21).
//! - [`Store`] is made of role traits, one per kind of record ([`RotaStore`], [`CallStore`],
//!   [`Registry`], [`ChatLinks`], [`FeedStore`], [`WebStore`], [`AuditLog`]; see `roles.rs`),
//!   so which methods belong together is written down; `use crate::store::prelude::*;` brings
//!   them all into scope. [`StoreError`] is the one error of every backend and holds none of
//!   their types. The shared suite (`suite.rs`) runs each role's tests on both backends.
//! - sled is durable only after `flush()`. Every mutating method commits atomically (one sled
//!   transaction, across trees where needed) and then flushes before it returns `Ok`, so an
//!   `Ok` means "on disk" and a kill -9 afterwards loses nothing.
//! - Values are JSON (keys are short and readable too), so a backup or export is readable
//!   without toban, and a damaged record is reported by tree and key instead of as bytes.
//! - The `meta` tree holds `schema_version`. A store written by a newer toban is refused rather
//!   than misread; older versions are migrated on open (none exist yet).
//! - No method reads the clock: every time is in the records the caller passes in. No rules here
//!   either: the store keeps what it is given.

mod audit;
pub mod backup;
mod beds;
mod calls;
#[cfg(test)]
mod index_tests;
pub mod kv;
mod kv_pg;
mod kv_sled;
pub mod leader;
mod links;
mod me;
pub mod migrate;
mod origins;
#[cfg(test)]
mod pg_tests;
pub(crate) mod records;
mod reopen;
mod roles;
mod rota_view;
mod routes;
mod sled_store;
#[cfg(test)]
mod suite;
pub mod wakeup;
mod web;

use std::path::PathBuf;

pub use audit::{AuditEvent, ChangeKind, Moved, RequestOutcome, WebEvent};
pub use beds::{BedState, BedStatus, BoardEntry, HospitalEvent, MAX_BOARD_NOTE};
pub use calls::{CallEvent, OutboxEntry, Settled};
pub use kv_pg::{STORE_VAR, Target};
pub use links::{
    AuditEntry, Broken, Dialog, DialogStep, FeedToken, Invite, Link, Note, Redeem, SwapCommit,
    SwapRequest, SwapStatus,
};
pub use me::{DoctorSession, LinkRole, SignInLink};
pub use origins::{Effect, Origin};
pub use records::{
    Absence, CoverPart, DutyKey, DutyRecord, DutySource, Fairness, ImportOutcome, NewAbsence,
    RotaDoctor, RotaRecord, RotaSlot, RotaStatus,
};
pub use reopen::Reopening;
pub use roles::{AuditLog, CallStore, ChatLinks, FeedStore, Registry, RotaStore, WebStore};
pub use rota_view::RotaView;
pub use routes::{RouteMark, WebhookDue, WebhookTrouble};
pub use sled_store::{
    MIN_FREE_BYTES, SCHEMA_VERSION, SledStore, TEST_PG_VAR, TreeStore, free_bytes,
};
pub use web::{WebAccount, WebSession};

/// The store's role traits in scope, unnamed: `use crate::store::prelude::*;` lets code holding
/// a `&dyn Store` call any of its methods without naming the role each one is in.
pub mod prelude {
    pub use super::{
        AuditLog as _, CallStore as _, ChatLinks as _, FeedStore as _, Registry as _,
        RotaStore as _, WebStore as _,
    };
}

/// Everything toban keeps between runs: every role of the store (see the module doc) and
/// what is store-wide (its directory, a backup of all of it). Every mutating method is atomic
/// (all or nothing) and durable when it returns `Ok`.
///
/// `Send + Sync` so that `toban serve` can share one store between its tasks.
pub trait Store:
    RotaStore + CallStore + Registry + ChatLinks + FeedStore + WebStore + AuditLog + Send + Sync
{
    /// The directory holding the store's files, if it has one (not for temporary stores).
    fn data_dir(&self) -> Option<PathBuf> {
        None
    }

    /// The whole store as one consistent [`backup::Backup`], taken at `now`.
    ///
    /// # Errors
    /// Store failures, or the store kept changing while it was read.
    fn backup(
        &self,
        association: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<backup::Backup, backup::BackupError>;
}

/// What [`Registry::commit_patient`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientWrite {
    /// The record and its audit entry were written.
    Written,
    /// There is no such patient (removed meanwhile): nothing written.
    Missing,
    /// The stored record is no longer the one the change was decided on: nothing written; the
    /// caller reads it again and re-decides.
    Changed,
}

/// What went wrong in the store, and what to do about it.
///
/// Causes are part of the message rather than a `source()`, so `{err:#}` prints each once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds sled's lock on the directory.
    #[error(
        "the store at {} is in use by another toban process (is `toban serve` running?)",
        path.display()
    )]
    InUse {
        /// The store directory.
        path: PathBuf,
    },
    /// The store was written with a schema this toban does not know.
    #[error(
        "store at {} was written by a newer toban (schema {found}); upgrade toban",
        path.display()
    )]
    NewerSchema {
        /// The store directory.
        path: PathBuf,
        /// The schema version found in the store.
        found: u32,
    },
    /// The store directory could not be created.
    #[error(
        "could not create the store directory {}: {cause}; check the --data path and its permissions",
        path.display()
    )]
    CreateDir {
        /// The store directory.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The backend could not open the store for another reason than the lock.
    #[error("could not open the store at {}: {cause}{}", path.display(), io_hint(*io))]
    Open {
        /// The store directory.
        path: PathBuf,
        /// What the backend said.
        cause: String,
        /// The kind of I/O error, if it was one (it decides the hint).
        io: Option<std::io::ErrorKind>,
    },
    /// Too little free space to open the store safely.
    #[error(
        "the disk holding the store at {} is nearly full ({} KiB free; toban needs {} KiB to write safely): free space, then retry (nothing was written)",
        path.display(), free / 1024, need / 1024
    )]
    DiskFull {
        /// The store directory.
        path: PathBuf,
        /// Bytes free for toban.
        free: u64,
        /// Bytes toban wants free.
        need: u64,
    },
    /// sled failed (or gave up with a panic) reading the store's files: they are damaged.
    #[error("the store at {} is damaged: {cause}", path.display())]
    Damaged {
        /// The store directory.
        path: PathBuf,
        /// What sled said.
        cause: String,
    },
    /// A stored value could not be decoded.
    #[error("the record '{key}' in the store's '{tree}' tree is damaged ({cause})")]
    Corrupt {
        /// The sled tree.
        tree: &'static str,
        /// The record's key, readable.
        key: String,
        /// The decoding error.
        cause: String,
    },
    /// A record cannot be written as JSON.
    #[error("cannot save {what}: {why}")]
    Unencodable {
        /// The record, e.g. "the rota of 2027".
        what: String,
        /// Why, e.g. "solver seconds is NaN, not a finite number".
        why: String,
    },
    /// The call changed since it was read (another writer applied an event first).
    #[error("call {call} changed while this change was being made; look at it again and retry")]
    Conflict {
        /// The call.
        call: crate::routing::CallId,
    },
    /// The swap request changed since it was read (another answer came first).
    #[error(
        "swap request {request} changed while this answer was being made; look at it again (`toban request list`) and retry"
    )]
    RequestConflict {
        /// The request.
        request: crate::ids::SwapRequestId,
    },
    /// The store is being opened again after a write error (see [`Reopening`]).
    #[error(
        "the store at {} is being opened again after a write error; check free disk space, then retry",
        path.display()
    )]
    Reopening {
        /// The store directory.
        path: PathBuf,
    },
    /// The backend's files failed while reading, writing or flushing.
    #[error("the store failed to read or write ({cause}){}", match io_hint(*io) {
        "" => "; check free disk space and permissions, then retry",
        h => h,
    })]
    Storage {
        /// What the backend said.
        cause: String,
        /// The kind of I/O error, if it was one (it decides the hint).
        io: Option<std::io::ErrorKind>,
    },
    /// The database (PostgreSQL) failed or could not be reached.
    #[error(
        "the database failed or could not be reached ({cause}); check that it is running and reachable, then retry"
    )]
    Database {
        /// What the database said (never a password).
        cause: String,
    },
}

/// What to do about an I/O error of the store's files, by its kind.
fn io_hint(kind: Option<std::io::ErrorKind>) -> &'static str {
    let Some(kind) = kind else { return "" };
    match kind {
        std::io::ErrorKind::ReadOnlyFilesystem => {
            "; the file system is read-only: toban needs to write its data directory (check the mount)"
        }
        std::io::ErrorKind::PermissionDenied => {
            "; permission denied: run toban as the user that owns the data directory"
        }
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            "; the disk is full: free space, then retry (nothing was half written)"
        }
        _ => "",
    }
}

impl StoreError {
    /// Whether the store's files are damaged (restore a backup), as opposed to unreachable
    /// (permissions, a read-only or full disk: fix that and retry).
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } | StoreError::Corrupt { .. } => true,
            StoreError::Open { io, .. } => io_hint(*io).is_empty(),
            _ => false,
        }
    }
}

impl From<kv::KvError> for StoreError {
    fn from(cause: kv::KvError) -> Self {
        match cause {
            kv::KvError::Sled(cause) => cause.into(),
            kv::KvError::Database(cause) => StoreError::Database { cause },
        }
    }
}

// sled's error is turned into text and an I/O kind here, at the edge: no variant holds it, so
// neither does any caller's match (issue 21: one error type for every backend).
impl From<sled::Error> for StoreError {
    fn from(cause: sled::Error) -> Self {
        StoreError::Storage { io: sled_io_kind(&cause), cause: cause.to_string() }
    }
}

impl StoreError {
    /// [`StoreError::Open`] of the store at `path`, from sled's error.
    pub(crate) fn sled_open(path: &std::path::Path, cause: sled::Error) -> StoreError {
        StoreError::Open {
            path: path.to_path_buf(),
            io: sled_io_kind(&cause),
            cause: cause.to_string(),
        }
    }
}

fn sled_io_kind(cause: &sled::Error) -> Option<std::io::ErrorKind> {
    match cause {
        sled::Error::Io(e) => Some(e.kind()),
        _ => None,
    }
}

#[cfg(test)]
mod error_tests {
    use std::io::ErrorKind;

    use super::StoreError;

    // Issue 21: the error is backend-neutral. Its variants hold only std types, so a caller (or
    // the PostgreSQL backend) builds and reads one without naming sled; what sled said becomes
    // its text and, for I/O, the kind that decides the hint.
    #[test]
    fn a_store_error_holds_no_backend_type_and_keeps_its_hints() {
        let full = StoreError::Storage {
            cause: "No space left on device".into(),
            io: Some(ErrorKind::StorageFull),
        };
        assert!(full.to_string().contains("the disk is full"), "{full}");
        let damaged = StoreError::Open { path: "/d".into(), cause: "bad page".into(), io: None };
        assert!(damaged.is_damage());
        let denied = StoreError::Open {
            path: "/d".into(),
            cause: "denied".into(),
            io: Some(ErrorKind::PermissionDenied),
        };
        assert!(!denied.is_damage());
        assert!(denied.to_string().contains("run toban as the user"), "{denied}");
    }

    #[test]
    fn a_sled_error_becomes_its_text_and_io_kind() {
        let io = std::io::Error::new(ErrorKind::ReadOnlyFilesystem, "read-only file system");
        let e = StoreError::from(super::kv::KvError::Sled(sled::Error::Io(io)));
        let StoreError::Storage { cause, io } = &e else { panic!("{e:?}") };
        assert!(cause.contains("read-only file system"), "{cause}");
        assert_eq!(*io, Some(ErrorKind::ReadOnlyFilesystem));
        assert!(e.to_string().contains("the file system is read-only"), "{e}");
    }
}
