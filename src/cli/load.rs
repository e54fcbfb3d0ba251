//! Reads the rules and calendar directories from disk and hands their text to the pure rooms.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::calendar::{HolidayCalendar, Override, ics};
use crate::msg::refusal::Refusal;
use crate::rules::{self, Rules, Source};

/// A mistake in how toban was called (a missing directory, say): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A refusal already worded in the reader's language that is not the caller's mistake in
/// typing (no such record, a request the rules refuse): exit code 1, like every runtime
/// refusal (DESIGN.md §6).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Everything the pure rooms need from disk: rules, holiday overrides, and where they came from.
#[derive(Debug)]
pub struct Inputs {
    /// The validated rules.
    pub rules: Rules,
    /// Holiday overrides from every calendar file, in file-name order.
    pub overrides: Vec<Override>,
    /// The rules files read.
    pub rules_files: Vec<PathBuf>,
    /// The calendar files read.
    pub calendar_files: Vec<PathBuf>,
}

impl Inputs {
    /// The holiday calendar for `years`, overrides applied.
    pub fn calendar(&self, years: std::ops::RangeInclusive<i32>) -> HolidayCalendar {
        HolidayCalendar::build(years, &self.overrides)
    }
}

/// Reads and validates `rules_dir/*.toml` and `calendars_dir/*.ics`.
///
/// `calendars_dir` of `None` means the default `calendars`, which may be absent; a directory the
/// user named must exist.
///
/// # Errors
/// [`UsageError`] for a missing directory, [`rules::RulesError`] or [`ics::IcsError`] for invalid
/// files, and I/O errors with the path.
pub fn load_inputs(rules_dir: &Path, calendars_dir: Option<&Path>) -> anyhow::Result<Inputs> {
    if !rules_dir.is_dir() {
        return Err(Refusal::NoRulesDir(rules_dir.display().to_string()).into());
    }
    let rules_files = files_with_extension(rules_dir, "toml")?;
    if rules_files.is_empty() {
        let problem = rules::Problem::whole(
            rules_dir.to_path_buf(),
            crate::msg::rules::RulesMsg::NoRulesInDir,
        );
        return Err(rules::RulesError { problems: vec![problem] }.into());
    }
    let sources = rules_files
        .iter()
        .map(|path| {
            let text =
                fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
            Ok(Source { path: path.clone(), text })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rules = rules::load(&sources)?;

    let calendar_files = match calendars_dir {
        Some(dir) if !dir.is_dir() => {
            return Err(Refusal::NoCalendarsDir(dir.display().to_string()).into());
        }
        Some(dir) => files_with_extension(dir, "ics")?,
        None if Path::new("calendars").is_dir() => {
            files_with_extension(Path::new("calendars"), "ics")?
        }
        None => Vec::new(),
    };
    let mut overrides = Vec::new();
    for path in &calendar_files {
        let text = fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut found = ics::parse_overrides(&name, &text).map_err(|mut e| {
            e.file = path.display().to_string();
            e
        })?;
        overrides.append(&mut found);
    }
    Ok(Inputs { rules, overrides, rules_files, calendar_files })
}

/// The `language` the rules in `rules_dir` declare (`[association] language = "en"`), read from
/// any file that parses as TOML even when the rules as a whole are invalid: an English
/// association with a typo still reads its problems in English.
pub fn declared_language(rules_dir: &Path) -> Option<crate::msg::Lang> {
    let files = files_with_extension(rules_dir, "toml").ok()?;
    files.iter().find_map(|path| {
        let text = fs::read_to_string(path).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        table.get("association")?.get("language")?.as_str()?.parse().ok()
    })
}

/// The files in `dir` ending in `.ext`, sorted by name so every run reads them in the same order.
fn files_with_extension(dir: &Path, ext: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("list {}", dir.display()))? {
        let path = entry.with_context(|| format!("list {}", dir.display()))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
