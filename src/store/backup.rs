//! Backups of the whole store as one versioned JSON document, and the check that every record
//! of a store still reads.
//!
//! A backup lists every tree's entries: readable keys as text (`"key"`), binary ones in hex
//! (`"key_hex"`); JSON values as JSON (`"value"`), the few raw ones (ids, empty markers) in hex
//! (`"raw_hex"`). So the file can be read, diffed and, if it comes to that, repaired by hand.
//!
//! Consistency without stopping `serve`: sled has no snapshot across trees, so the export reads
//! the whole store twice and keeps it only when both reads agree (no write landed in between);
//! otherwise it tries again, a little later. toban's writes are small and rare (a call, a
//! delivery), so two reads agree almost at once.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::sled_store::{SCHEMA_VERSION, SledStore};

/// What a backup file says it is.
pub const FORMAT: &str = "toban-backup";
/// The version of the backup file's own shape.
pub const FORMAT_VERSION: u32 = 1;

/// A whole store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file's shape, [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The store's schema version when it was taken.
    pub schema: u32,
    /// When it was taken.
    pub created_at: DateTime<Utc>,
    /// The association's id (restoring into another association's toban is refused).
    pub association: String,
    /// Tree name → its entries in key order.
    pub trees: BTreeMap<String, Vec<Entry>>,
}

/// One key and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The key as text, when it is printable UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The key in hex, otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_hex: Option<String>,
    /// The value, when it is JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// The value in hex, otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_hex: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

impl Entry {
    /// The entry for raw `key` and `value`.
    pub fn new(key: &[u8], value: &[u8]) -> Entry {
        let text = std::str::from_utf8(key)
            .ok()
            .filter(|s| !s.is_empty() && s.chars().all(|c| !c.is_control()));
        // A value is kept as JSON only if it reads back to the same bytes.
        let json = serde_json::from_slice::<serde_json::Value>(value)
            .ok()
            .filter(|v| serde_json::to_vec(v).is_ok_and(|b| b == value));
        Entry {
            key: text.map(str::to_string),
            key_hex: if text.is_some() { None } else { Some(hex(key)) },
            raw_hex: if json.is_some() { None } else { Some(hex(value)) },
            value: json,
        }
    }

    /// The raw key and value, or what is wrong with the entry.
    pub fn bytes(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let key = match (&self.key, &self.key_hex) {
            (Some(k), None) => k.as_bytes().to_vec(),
            (None, Some(h)) => unhex(h).ok_or_else(|| format!("key_hex '{h}' is not hex"))?,
            _ => return Err("an entry needs exactly one of key and key_hex".into()),
        };
        let value = match (&self.value, &self.raw_hex) {
            (Some(v), None) => serde_json::to_vec(v).map_err(|e| e.to_string())?,
            (None, Some(h)) => unhex(h).ok_or_else(|| format!("raw_hex '{h}' is not hex"))?,
            _ => return Err("an entry needs exactly one of value and raw_hex".into()),
        };
        Ok((key, value))
    }
}

/// Why a backup could not be made or restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file is not a backup toban can restore.
    #[error("{0}")]
    Invalid(String),
    /// The store kept changing while it was read.
    #[error("the store kept changing while it was read ({0} attempts); try again in a moment")]
    Busy(u32),
}

impl SledStore {
    /// The whole store as a [`Backup`], consistent: two reads in a row that agree.
    ///
    /// # Errors
    /// Store failures; [`BackupError::Busy`] if no two reads agreed in 50 attempts.
    pub fn export(&self, association: &str, now: DateTime<Utc>) -> Result<Backup, BackupError> {
        const ATTEMPTS: u32 = 50;
        let mut last = self.read_all()?;
        for attempt in 1..=ATTEMPTS {
            let again = self.read_all()?;
            if again == last {
                return Ok(Backup {
                    format: FORMAT.into(),
                    format_version: FORMAT_VERSION,
                    schema: SCHEMA_VERSION,
                    created_at: now,
                    association: association.into(),
                    trees: again,
                });
            }
            last = again;
            std::thread::sleep(std::time::Duration::from_millis(u64::from(attempt) * 5));
        }
        Err(BackupError::Busy(ATTEMPTS))
    }

    fn read_all(&self) -> Result<BTreeMap<String, Vec<Entry>>, StoreError> {
        let mut trees = BTreeMap::new();
        for (name, tree) in self.trees() {
            let mut entries = Vec::new();
            for item in tree.iter() {
                let (k, v) = item?;
                entries.push(Entry::new(&k, &v));
            }
            trees.insert(name.to_string(), entries);
        }
        Ok(trees)
    }

    /// Restores `backup` into `dir`, which must not hold a store (missing or empty). The
    /// entries are written, flushed, then every record is read back ([`SledStore::verify`]); on
    /// any failure the half-made store is removed, so nothing partial is left behind.
    ///
    /// # Errors
    /// [`BackupError::Invalid`] naming what is wrong (not a backup, a newer schema or format,
    /// another association, a bad entry, a non-empty directory); store failures.
    pub fn restore(dir: &Path, backup: &Backup, association: &str) -> Result<usize, BackupError> {
        let invalid = |m: String| BackupError::Invalid(m);
        check(backup, association)?;
        if dir.exists() {
            let mut entries = std::fs::read_dir(dir)
                .map_err(|e| invalid(format!("cannot read {}: {e}", dir.display())))?;
            if entries.next().is_some() {
                return Err(invalid(format!(
                    "{} is not empty: restore into a new data directory (toban never overwrites a store)",
                    dir.display()
                )));
            }
        }
        let made = !dir.exists();
        let result = (|| {
            let store = SledStore::open_empty(dir)?;
            let mut count = 0;
            for (name, tree) in store.trees() {
                for (i, e) in backup.trees.get(name).into_iter().flatten().enumerate() {
                    let (k, v) = e.bytes().map_err(|m| invalid(format!("{name}[{i}]: {m}")))?;
                    tree.insert(k, v).map_err(StoreError::from)?;
                    count += 1;
                }
            }
            store.flush_all()?;
            store.verify()?;
            drop(store);
            // Opening migrates an older schema, as for any store.
            SledStore::open_sled(dir)?;
            Ok(count)
        })();
        if result.is_err() {
            if made {
                let _ = std::fs::remove_dir_all(dir);
            } else if let Ok(list) = std::fs::read_dir(dir) {
                for entry in list.flatten() {
                    let p = entry.path();
                    let _ = if p.is_dir() {
                        std::fs::remove_dir_all(&p)
                    } else {
                        std::fs::remove_file(&p)
                    };
                }
            }
        }
        result
    }
}

/// Whether `backup` can be restored for `association`: a toban backup of a format and schema
/// this toban reads, of that association, with only trees it knows.
///
/// # Errors
/// [`BackupError::Invalid`] naming what is wrong.
pub fn check(backup: &Backup, association: &str) -> Result<(), BackupError> {
    let invalid = |m: String| BackupError::Invalid(m);
    if backup.format != FORMAT {
        return Err(invalid(format!("not a toban backup (format '{}')", backup.format)));
    }
    if backup.format_version > FORMAT_VERSION {
        return Err(invalid(format!(
            "the backup file is of a newer format ({}); restore it with a newer toban",
            backup.format_version
        )));
    }
    if backup.schema > SCHEMA_VERSION {
        return Err(invalid(format!(
            "the backup holds a store of a newer schema ({}); restore it with a newer toban",
            backup.schema
        )));
    }
    if backup.association != association {
        return Err(invalid(format!(
            "the backup is of association '{}', the rules are of '{association}'; use the rules that go with it (--rules)",
            backup.association
        )));
    }
    let known: Vec<&str> = SledStore::tree_names().to_vec();
    if let Some(t) = backup.trees.keys().find(|t| !known.contains(&t.as_str())) {
        return Err(invalid(format!("the backup has an unknown tree '{t}'")));
    }
    Ok(())
}

/// Reads a backup file.
///
/// # Errors
/// [`BackupError::Invalid`] naming the file and what is wrong.
pub fn read(path: &Path) -> Result<Backup, BackupError> {
    let text = std::fs::read(path)
        .map_err(|e| BackupError::Invalid(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_slice(&text)
        .map_err(|e| BackupError::Invalid(format!("{} is not a toban backup: {e}", path.display())))
}
