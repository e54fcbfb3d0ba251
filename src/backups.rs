//! Backup files on disk: `toban backup`, `serve`'s automatic rotating backups, and finding the
//! latest one to restore when a store is damaged.
//!
//! Files are named `toban-<association>-<UTC instant>.json` (e.g.
//! `toban-sosa-20270302T130000Z.json`), so their names sort by age and say what they hold. Each
//! is written whole to a temporary name, synced, then renamed: a crash leaves either the old set
//! or the new file, never half a backup.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::rules::Rules;
use crate::store::Store;
use crate::store::backup::BackupError;

const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// The file name of a backup of `association` taken at `at`.
pub fn file_name(association: &str, at: DateTime<Utc>) -> String {
    format!("toban-{association}-{}.json", at.format(STAMP))
}

/// The instant in a backup's file name, if it is one of ours for `association`.
fn taken_at(association: &str, name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(&format!("toban-{association}-"))?.strip_suffix(".json")?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok().map(|t| t.and_utc())
}

/// The backups of `association` in `dir`, oldest first (none if the directory is missing).
pub fn list(dir: &Path, association: &str) -> Vec<(PathBuf, DateTime<Utc>)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<(PathBuf, DateTime<Utc>)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            taken_at(association, &name).map(|t| (e.path(), t))
        })
        .collect();
    found.sort_by_key(|(_, t)| *t);
    found
}

/// The newest backup of `association` in `dir`.
pub fn latest(dir: &Path, association: &str) -> Option<(PathBuf, DateTime<Utc>)> {
    list(dir, association).pop()
}

/// Why a backup file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading the store failed.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The file could not be written.
    #[error("cannot write the backup {}: {cause}; check the directory, its permissions and free space", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
}

/// Writes a backup of `store` to `path` (whole, synced, then renamed into place). Returns the
/// number of records.
///
/// # Errors
/// Store failures or I/O errors, naming the file.
pub fn write(
    rules: &Rules,
    store: &dyn Store,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<usize, WriteError> {
    let backup = store.backup(&rules.association.id, now)?;
    let records = backup.trees.values().map(Vec::len).sum();
    let io = |cause| WriteError::Io { path: path.to_path_buf(), cause };
    let text =
        serde_json::to_vec_pretty(&backup).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut text = text;
    text.push(b'\n');
    write_whole(path, &text).map_err(io)?;
    Ok(records)
}

/// Writes `bytes` to `path` whole: to a temporary name beside it, synced, then renamed over
/// it, so a reader (or a crash) sees the old file or the new one, never part of one.
///
/// # Errors
/// The I/O error; the temporary file is removed.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    // Only a regular file is replaced: `--out /dev/full` or a planted symlink is refused, not
    // renamed over.
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (toban writes only new or regular files)",
            ));
        }
        _ => {}
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = path.with_file_name(format!(".{name}.{suffix}.tmp"));
    let result = (|| {
        // A name nobody could guess, created here and now (never an existing file or a link),
        // readable by this user alone.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `serve`'s automatic backup: when the newest backup in the rules' directory is
/// `every_hours` old (or there is none), writes a new one and deletes the oldest beyond `keep`.
/// Returns the new file, if one was written.
///
/// # Errors
/// As [`write`].
pub fn auto(
    rules: &Rules,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>, WriteError> {
    let b = &rules.backup;
    if b.every_hours == 0 {
        return Ok(None);
    }
    let association = &rules.association.id;
    if let Some((_, at)) = latest(&b.dir, association)
        && now - at < chrono::Duration::hours(b.every_hours.into())
    {
        return Ok(None);
    }
    let path = b.dir.join(file_name(association, now));
    write(rules, store, &path, now)?;
    let all = list(&b.dir, association);
    let surplus = all.len().saturating_sub(b.keep as usize);
    for (old, _) in all.into_iter().take(surplus) {
        let _ = std::fs::remove_file(old);
    }
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SledStore;
    use crate::store::prelude::*;
    use chrono::TimeZone;

    #[test]
    fn automatic_backups_rotate_and_restore_to_the_same_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut rules = crate::plan::testing::sosa();
        rules.backup.dir = dir.path().join("backups");
        rules.backup.every_hours = 24;
        rules.backup.keep = 3;
        let store = SledStore::open(&dir.path().join("data")).unwrap();
        store.put_rota(&crate::store::records::fixtures::rota(2027)).unwrap();
        let t0 = Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap();
        let first = auto(&rules, &store, t0).unwrap().expect("none yet: written");
        assert!(auto(&rules, &store, t0 + chrono::Duration::hours(23)).unwrap().is_none());
        for day in 1..=4 {
            auto(&rules, &store, t0 + chrono::Duration::days(day)).unwrap().expect("a day on");
        }
        let kept = list(&rules.backup.dir, "sosa");
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(!first.exists(), "the oldest went");
        assert_eq!(kept[2].1, t0 + chrono::Duration::days(4));
        // Restored into a new directory, the store reads the same.
        let backup = crate::store::backup::read(&kept[2].0).unwrap();
        let target = dir.path().join("restored");
        SledStore::restore(&target, &backup, "sosa").unwrap();
        let again = SledStore::open(&target).unwrap();
        assert_eq!(again.rotas().unwrap(), store.rotas().unwrap());
        let mut b2 = again.export("sosa", t0).unwrap();
        b2.created_at = backup.created_at;
        assert_eq!(b2.trees, backup.trees, "a restored store backs up to the same entries");
        // Never over a store, never from another association.
        let err = SledStore::restore(&target, &backup, "sosa").unwrap_err();
        assert!(err.to_string().contains("is not empty"), "{err}");
        let err = SledStore::restore(&dir.path().join("x"), &backup, "other").unwrap_err();
        assert!(err.to_string().contains("association 'sosa'"), "{err}");
        assert!(!dir.path().join("x").exists(), "nothing left behind");
    }
}
