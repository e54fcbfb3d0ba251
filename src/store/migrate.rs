//! Moving an association's records into PostgreSQL (issue 21): `toban migrate --to
//! postgres://…` from the sled store of `--data`, and `toban restore` of a backup file into
//! the database `TOBAN_STORE` names.
//!
//! Key decisions:
//! - Tree by tree, raw bytes, not through the backup format: the store's keys and values are
//!   copied as sled holds them (the backup format is exact too, but a detour through JSON and
//!   hex for nothing), and every tree moves, the doctors' short-lived sign-in links and
//!   sessions too (backups leave them out), so nobody is signed out by the move. `restore`
//!   starts from a backup's entries and then takes the same path.
//! - The sled store is opened by this process, which locks it (sled allows one process), so no
//!   `serve` can write to it while it is read: one read is consistent. A running `serve` makes
//!   `migrate` fail with "in use" before anything is read.
//! - The database side is one transaction that writes only into an association holding no
//!   record (`PgKv::load_fresh`): refused with nothing written otherwise.
//! - Verified afterwards by reading every tree back from the database: per tree, the count
//!   and a SHA-256 over its keys and values in key order must equal the source's; then the
//!   store opens on the database as `serve` would (schema check, every record decoded). A
//!   mismatch removes what was written, so a second try starts from an empty association.
//! - The whole store is held in memory while it moves: toban's stores are megabytes (a year of
//!   a 60-doctor association with 1,000 calls is a few MB), not gigabytes.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::backup::{self, Backup, BackupError};
use super::kv::{Db, Pair};
use super::kv_pg::{PgKv, Row, Target};
use super::{StoreError, TreeStore};

/// Every tree's entries in key order, in [`TreeStore::every_tree_name`] order.
pub type Snapshot = Vec<(&'static str, Vec<Pair>)>;

/// What was moved, as both sides agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Every tree and its records.
    pub trees: Vec<(&'static str, usize)>,
    /// All records.
    pub records: usize,
    /// SHA-256 over every tree's name and entries, in hex.
    pub digest: String,
}

/// Why nothing (or nothing lasting) was written.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The association already holds records in the database; nothing was written.
    #[error("the database already holds {0} records of the association")]
    NotEmpty(i64),
    /// What was read back differs from what was written; it was removed again.
    #[error("the records did not read back as written: {0}")]
    Differs(String),
    /// The store failed (reading the source, or the database).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The backup cannot be restored.
    #[error(transparent)]
    Backup(#[from] BackupError),
}

impl From<super::kv::KvError> for MigrateError {
    fn from(e: super::kv::KvError) -> MigrateError {
        MigrateError::Store(StoreError::from(e))
    }
}

/// Every record of `store`, every tree in [`TreeStore::every_tree_name`] order.
///
/// # Errors
/// Store failures.
pub fn snapshot(store: &TreeStore) -> Result<Snapshot, StoreError> {
    store
        .every_tree()
        .into_iter()
        .map(|(name, tree)| Ok((name, tree.iter().collect::<Result<Vec<_>, _>>()?)))
        .collect()
}

/// The SHA-256 of one tree: its name, then each key and value with its length.
fn tree_digest(name: &str, entries: &[Pair]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update((name.len() as u64).to_be_bytes());
    h.update(name.as_bytes());
    for (k, v) in entries {
        h.update((k.len() as u64).to_be_bytes());
        h.update(k);
        h.update((v.len() as u64).to_be_bytes());
        h.update(v);
    }
    h.finalize().into()
}

/// Whether `read` (read back from the target) holds exactly `written`, tree by tree: counts,
/// then digests; what was moved if so, else which tree differs and how.
///
/// # Errors
/// A sentence naming the first tree that differs (and the first key, when the counts agree).
pub fn compare(written: &Snapshot, read: &Snapshot) -> Result<Moved, String> {
    let mut all = Sha256::new();
    let mut trees = Vec::new();
    for (name, entries) in written {
        let back = read.iter().find(|(n, _)| n == name).map_or(&[][..], |(_, e)| e.as_slice());
        if back.len() != entries.len() {
            return Err(format!(
                "{name}: {} records written, {} read back",
                entries.len(),
                back.len()
            ));
        }
        let digest = tree_digest(name, entries);
        if tree_digest(name, back) != digest {
            let key = entries
                .iter()
                .zip(back)
                .find(|(a, b)| a != b)
                .map_or_else(String::new, |(a, _)| String::from_utf8_lossy(&a.0).into_owned());
            return Err(format!("{name}: the record under '{key}' differs"));
        }
        all.update(digest);
        trees.push((*name, entries.len()));
    }
    if let Some((name, e)) =
        read.iter().find(|(n, e)| !e.is_empty() && !trees.iter().any(|t| t.0 == *n))
    {
        return Err(format!("{name}: {} records read back where none were written", e.len()));
    }
    let records = trees.iter().map(|t| t.1).sum();
    let digest = all.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(Moved { trees, records, digest })
}

/// Moves every record of `source` (a sled store) into `target`'s association, which must hold
/// none, and verifies it (see the module's notes). `dir` is the `--data` directory, for the
/// store's local files.
///
/// # Errors
/// [`MigrateError::NotEmpty`] (nothing written), [`MigrateError::Differs`] (what was written
/// removed again), store and database failures.
pub fn migrate(source: &TreeStore, target: &Target, dir: &Path) -> Result<Moved, MigrateError> {
    load(snapshot(source)?, target, dir)
}

/// Restores `backup` into `target`'s association, which must hold no record, and verifies it
/// as [`migrate`] does. The backup's own checks are [`backup::check`]'s.
///
/// # Errors
/// As [`migrate`]; [`MigrateError::Backup`] for a backup that cannot be restored.
pub fn restore(
    backup: &Backup,
    association: &str,
    target: &Target,
    dir: &Path,
) -> Result<Moved, MigrateError> {
    backup::check(backup, association)?;
    let mut snap = Snapshot::new();
    for name in TreeStore::every_tree_name() {
        let mut entries = Vec::new();
        for (i, e) in backup.trees.get(name).into_iter().flatten().enumerate() {
            let pair = e.bytes().map_err(|m| BackupError::Invalid(format!("{name}[{i}]: {m}")))?;
            entries.push(pair);
        }
        // The store keeps a tree in key order; a file edited by hand may not.
        entries.sort();
        snap.push((name, entries));
    }
    load(snap, target, dir)
}

/// Writes `snap` into the empty association, reads it back and compares, then opens the store
/// on it (which brings an older schema up to date, as for any store) and decodes every record.
fn load(snap: Snapshot, target: &Target, dir: &Path) -> Result<Moved, MigrateError> {
    let database =
        |e: super::kv::KvError| StoreError::Database { cause: format!("{}: {e}", target.shown()) };
    let kv = Arc::new(PgKv::connect(target, false).map_err(database)?);
    let rows: Vec<Row> = snap
        .iter()
        .flat_map(|(tree, entries)| entries.iter().map(|(k, v)| (*tree, k.clone(), v.clone())))
        .collect();
    if let Err(held) = kv.load_fresh(rows).map_err(database)? {
        return Err(MigrateError::NotEmpty(held));
    }
    let checked = (|| {
        let db = Db(kv.clone());
        let mut read = Snapshot::new();
        for name in TreeStore::every_tree_name() {
            let entries = db.open_tree(name).iter().collect::<Result<Vec<_>, _>>();
            read.push((name, entries.map_err(database)?));
        }
        let moved = compare(&snap, &read).map_err(MigrateError::Differs)?;
        let store = TreeStore::on(db, dir)?;
        store.verify()?;
        Ok(moved)
    })();
    if checked.is_err() {
        let _ = kv.forget_all();
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(calls: &[(&str, &str)]) -> Snapshot {
        let entries = calls.iter().map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()));
        vec![
            ("meta", vec![(b"schema_version".to_vec(), b"3".to_vec())]),
            ("calls", entries.collect()),
        ]
    }

    #[test]
    fn the_same_records_compare_equal_with_their_counts_and_one_digest() {
        let a = snap(&[("1", "{}"), ("2", "{\"x\":1}")]);
        let moved = compare(&a, &a.clone()).unwrap();
        assert_eq!(moved.trees, [("meta", 1), ("calls", 2)]);
        assert_eq!(moved.records, 3);
        assert_eq!(moved.digest.len(), 64);
        let other = compare(&snap(&[("1", "{}")]), &snap(&[("1", "{}")])).unwrap();
        assert_ne!(moved.digest, other.digest);
    }

    #[test]
    fn a_missing_record_or_a_changed_byte_is_named_by_its_tree_and_key() {
        let a = snap(&[("1", "{}"), ("2", "{\"x\":1}")]);
        let e = compare(&a, &snap(&[("1", "{}")])).unwrap_err();
        assert_eq!(e, "calls: 2 records written, 1 read back");
        let e = compare(&a, &snap(&[("1", "{}"), ("2", "{\"x\":2}")])).unwrap_err();
        assert_eq!(e, "calls: the record under '2' differs");
        let mut extra = a.clone();
        extra.push(("audit", vec![(b"k".to_vec(), b"v".to_vec())]));
        let e = compare(&a, &extra).unwrap_err();
        assert!(e.starts_with("audit: 1 records read back"), "{e}");
    }
}
