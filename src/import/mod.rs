//! Importing the office's spreadsheets (issue 18, "Excel both ways"): members and past duties
//! from an .xlsx workbook or a CSV (UTF-8 with or without a byte order mark, or Shift-JIS).
//!
//! - [`table`]: the bytes as numbered rows of cells, whatever form Excel saved them in.
//! - [`members`]: rows of doctors checked and turned into rules edits (add or update by id).
//!
//! - [`apply`]: a members file applied to the rules folder (the one part that writes).
//!
//! Pure but for [`apply`]: bytes in, rows, plans and typed problems out. The command line
//! (`toban members import`, `toban history import`) and the console's import page share
//! [`apply::members_in_dir`] and the history reader; the texts are [`crate::msg::import`].

pub mod apply;
pub mod members;
pub mod table;

use std::fmt;

pub use members::{Change, Plan, SheetError};
pub use table::{Form, TableError};

use crate::rules::Rules;

/// Why a members file gives no plan.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The bytes are not a table.
    Table(TableError),
    /// The table is not a members list, or has bad rows.
    Sheet(SheetError),
    /// Every row is good, but the rules would not load after the import (the loader's
    /// problems, as `toban check` says them).
    Rules(crate::rules::RulesError),
}

/// A members file that gives no plan, with its name, for the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    /// The file as the user named it.
    pub file: String,
    /// Why.
    pub error: ImportError,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::msg::Message::en(self))
    }
}

impl std::error::Error for FileError {}

/// Reads a members file (`file` names it in messages; `sheet`: a workbook's sheet, default
/// the first) against the rules now in force: what it would add and change.
///
/// # Errors
/// [`FileError`] with every problem found.
pub fn members_plan(
    rules: &Rules,
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Form, Plan), FileError> {
    let fail = |error| FileError { file: file.to_string(), error };
    let (form, rows) = table::read(bytes, sheet).map_err(|e| fail(ImportError::Table(e)))?;
    let plan = members::plan(rules, &rows).map_err(|e| fail(ImportError::Sheet(e)))?;
    Ok((form, plan))
}
