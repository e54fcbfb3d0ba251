//! A members file applied to the rules folder: the one path of `toban members import` and the
//! console's import page (the only part of [`crate::import`] that touches the disk, through
//! [`crate::rules::edit`]).

use std::path::Path;

use super::{FileError, Form, ImportError, Plan, members_plan};
use crate::rules::Rules;
use crate::rules::edit::{EditError, apply_many_in_dir};
use crate::store::AuditEvent;

/// What an import did (or, dry, would do).
#[derive(Debug)]
pub struct Imported {
    /// How the file was read.
    pub form: Form,
    /// Each row's change.
    pub plan: Plan,
    /// The rules as now written (as they would be, dry); `None` when nothing changes.
    pub rules: Option<Rules>,
    /// The names of the rules files written (none when dry or nothing changed).
    pub written: Vec<String>,
}

impl Imported {
    /// The audit event of this import of `file`.
    pub fn event(&self, file: &str) -> AuditEvent {
        let ids = |add: bool| {
            self.plan
                .changes
                .iter()
                .filter_map(|c| match c {
                    super::Change::Add { id, .. } if add => Some(id.clone()),
                    super::Change::Update { id, .. } if !add => Some(id.clone()),
                    _ => None,
                })
                .collect()
        };
        AuditEvent::MembersImported {
            file: file.to_string(),
            added: ids(true),
            updated: ids(false),
            unchanged: self.plan.counts().2,
            written: self.written.clone(),
        }
    }
}

/// Reads the members file `bytes` (named `file`) against `rules` (those of `dir` now in
/// force), applies its edits to the rules files of `dir` with their comments kept, loads the
/// result with the loader of `toban check`, and writes the changed files atomically unless
/// `dry_run`. Nothing is written when any row is bad or the result does not load.
///
/// # Errors
/// The outer error for I/O (and for rules changed under the import, which a retry reads
/// afresh); the inner [`FileError`] names every problem of the file.
pub fn members_in_dir(
    dir: &Path,
    rules: &Rules,
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    dry_run: bool,
) -> std::io::Result<Result<Imported, FileError>> {
    let (form, plan) = match members_plan(rules, file, bytes, sheet) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    if plan.edits.is_empty() {
        return Ok(Ok(Imported { form, plan, rules: None, written: Vec::new() }));
    }
    match apply_many_in_dir(dir, &plan.edits, dry_run)? {
        Ok(applied) => {
            let written = if dry_run {
                Vec::new()
            } else {
                let name = |p: &std::path::PathBuf| {
                    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                };
                applied.files.iter().map(|(p, _)| name(p)).collect()
            };
            Ok(Ok(Imported { form, plan, rules: Some(applied.rules), written }))
        }
        Err(EditError::Invalid(e)) => {
            Ok(Err(FileError { file: file.to_string(), error: ImportError::Rules(e) }))
        }
        // `apply_many` leaves fields to the loader (each row was checked before): not met.
        Err(EditError::Fields(problems)) => {
            Err(std::io::Error::other(format!("the import's fields were refused: {problems:?}")))
        }
        Err(EditError::NoSuchMember(id)) => Err(std::io::Error::other(format!(
            "doctor {id} left the rules while the file was read: import it again"
        ))),
    }
}
