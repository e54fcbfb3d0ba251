//! `toban history import|list|remove`: the duty record of the years before toban, typed in from
//! paper or Excel.
//!
//! Key decision: history is the one part of the duty record entered by hand, so an import is
//! checked whole before anything is written (all or nothing), and every import is numbered and
//! audited in the same write as its rows, so a wrong import can be listed and taken back as a
//! whole (issue 16: the duty record is never rewritten by accident).

pub mod file;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::table::Table;
use super::{Args, Format, clock, load_inputs};
use crate::msg::cli::{Cli, Col};
use crate::msg::refusal::Refusal;
use crate::msg::{Day, Lang, Message};
use crate::rules::Rules;
use crate::store::{AuditEntry, DutyRecord, RotaStatus, SledStore, Store};

/// The audit log's action for every change to the history.
/// Plan years with a published rota.
fn published_years(store: &dyn Store) -> anyhow::Result<BTreeSet<i32>> {
    Ok(store
        .rotas()?
        .into_iter()
        .filter(|r| r.status == RotaStatus::Published)
        .map(|r| r.year)
        .collect())
}

/// `toban history import FILE`: checks every line, then writes all of them as one numbered,
/// audited batch, or nothing.
pub fn import(args: &Args, path: &Path, sheet: Option<&str>, lang: Lang) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Refusal::CannotRead { path: name.clone(), detail: e.to_string() })?;
    let store = SledStore::open(&args.data)?;
    let now = clock::now()?;
    let file = Upload { name: &name, bytes: &bytes, sheet };
    let by = format!("admin:{}", super::actor::current());
    let done = import_into(&inputs.rules, &inputs.overrides, &store, &file, now, &by)?
        .map_err(|e| Refusal::BadHistoryFile(Box::new(e)))?;
    let done = Cli::HistoryImported {
        n: done.n,
        file: name,
        batch: done.batch,
        added: done.added,
        replaced: done.replaced,
    };
    println!("{}", done.render(lang));
    Ok(())
}

/// A history file as given: its name (for messages), bytes, and a workbook's sheet.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    /// The file's name as the user gave it.
    pub name: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// A workbook's sheet (default: the first).
    pub sheet: Option<&'a str>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryDone {
    /// Duties read.
    pub n: usize,
    /// The batch's number.
    pub batch: crate::ids::ImportBatch,
    /// Of which new.
    pub added: usize,
    /// Of which replaced an earlier import's.
    pub replaced: usize,
}

/// Checks `file` whole against the rules, the calendar, `now` and the store: its records, or
/// every problem (the command line and the console's import page both read it so).
///
/// # Errors
/// The outer error when the store cannot be read.
pub fn check(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    file: &Upload<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<Vec<DutyRecord>, file::FileError>> {
    let published = published_years(store)?;
    let stored = store.history()?;
    let known = file::Known {
        today: now.with_timezone(&rules.association.tz).date_naive(),
        published: &published,
        stored: &stored,
    };
    let read = file::read_sheet(rules, overrides, file.name, file.bytes, file.sheet, &known);
    Ok(read.map(|records| {
        records.into_iter().map(|r| DutyRecord { imported_at: Some(now), ..r }).collect()
    }))
}

/// [`check`], then every record written as one numbered batch with its audit entry (by `by`),
/// or nothing.
///
/// # Errors
/// The outer error when the store fails.
pub fn import_into(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    file: &Upload<'_>,
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<Result<HistoryDone, file::FileError>> {
    let records = match check(rules, overrides, store, file, now)? {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let n = records.len();
    let name = file.name.to_string();
    let (batch, outcome) = store.import_history_batch(&records, &|batch, o| {
        let event = crate::store::AuditEvent::HistoryImported {
            file: name.clone(),
            batch,
            n,
            added: o.added,
            replaced: o.replaced,
        };
        AuditEntry::of(now, by, event)
    })?;
    Ok(Ok(HistoryDone { n, batch, added: outcome.added, replaced: outcome.replaced }))
}

/// `toban history list [YEAR]`: the imported duties (of plan year `year`), by slot and doctor.
pub fn list(
    rules: &Rules,
    store: &dyn Store,
    year: Option<i32>,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let published = published_years(store)?;
    let rows: Vec<DutyRecord> =
        store.history()?.into_iter().filter(|r| year.is_none_or(|y| r.year == y)).collect();
    let tz = rules.association.tz;
    match format {
        Format::Json => {
            let duties: Vec<_> = rows
                .iter()
                .map(|r| {
                    json!({
                        "slot_start": r.slot_start, "slot_end": r.slot_end, "year": r.year,
                        "kind": r.kind, "doctor": r.doctor, "name": rules.name_of(&r.doctor),
                        "weight": r.weight, "holidays": r.holidays, "batch": r.batch,
                        "imported_at": r.imported_at.map(|t| t.with_timezone(&tz).to_rfc3339()),
                        "counted": !published.contains(&r.year),
                    })
                })
                .collect();
            let value = json!({ "year": year, "duties": duties });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Table => {
            if rows.is_empty() {
                writeln!(
                    out,
                    "{}",
                    Cli::NoHistory(year.map(|y| crate::msg::words::YearLabel::of(rules, y)))
                        .render(lang)
                )?;
                return Ok(());
            }
            writeln!(
                out,
                "{}",
                Cli::HistoryOf {
                    year: year.map(|y| crate::msg::words::YearLabel::of(rules, y)),
                    n: rows.len()
                }
                .render(lang)
            )?;
            write!(out, "{}", table(rules, &rows, &published, tz, lang))?;
            if rows.iter().any(|r| published.contains(&r.year)) {
                writeln!(out, "{}", Cli::CountedNo.render(lang))?;
            }
        }
    }
    Ok(())
}

fn table(
    rules: &Rules,
    rows: &[DutyRecord],
    published: &BTreeSet<i32>,
    tz: chrono_tz::Tz,
    lang: Lang,
) -> String {
    let mut t = Table::cols(
        lang,
        &[
            Col::Slot,
            Col::To,
            Col::Year,
            Col::Kind,
            Col::Doctor,
            Col::FullName,
            Col::Points,
            Col::Batch,
            Col::Imported,
            Col::Counted,
        ],
    );
    for r in rows {
        t.row(vec![
            r.slot_start.to_string(),
            r.slot_end.to_string(),
            r.year.to_string(),
            r.kind.clone(),
            r.doctor.clone(),
            rules.name_of(&r.doctor).to_string(),
            r.weight.to_string(),
            r.batch.map_or("-".into(), |b| b.to_string()),
            r.imported_at
                .map_or("-".into(), |t| t.with_timezone(&tz).format("%Y-%m-%d").to_string()),
            Cli::YesNo(!published.contains(&r.year)).render(lang),
        ]);
    }
    t.render()
}

/// Which imported duties `toban history remove` takes: all the given filters hold.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The import batch.
    pub batch: Option<crate::ids::ImportBatch>,
    /// A day inside the slot.
    pub date: Option<NaiveDate>,
    /// A doctor's id or exact name.
    pub doctor: Option<String>,
    /// The plan year.
    pub year: Option<i32>,
}

impl Filter {
    /// The filters in words, as given.
    fn describe(&self, rules: &crate::rules::Rules, lang: Lang) -> String {
        Cli::HistoryFilter {
            batch: self.batch,
            date: self.date.map(Day),
            doctor: self.doctor.clone(),
            year: self.year.map(|y| crate::msg::words::YearLabel::of(rules, y)),
        }
        .render(lang)
    }
}

/// `toban history remove`: the imported duties that match `filter`, or with `dry_run` only what
/// would go; audited.
pub fn remove(
    rules: &Rules,
    store: &dyn Store,
    filter: &Filter,
    dry_run: bool,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // An id of the rules, an exact name, or an id no longer in the rules (a doctor removed from
    // them keeps their history until it is removed here).
    let doctor = filter.doctor.as_deref().map(|who| {
        match rules.doctors.iter().filter(|d| d.name == who).collect::<Vec<_>>().as_slice() {
            [d] if rules.doctor(who).is_none() => d.id.as_str().to_string(),
            _ => who.to_string(),
        }
    });
    let matched: Vec<DutyRecord> = store
        .history()?
        .into_iter()
        .filter(|r| {
            filter.batch.is_none_or(|b| r.batch == Some(b))
                && filter.date.is_none_or(|d| r.slot_start <= d && d < r.slot_end)
                && doctor.as_ref().is_none_or(|d| &r.doctor == d)
                && filter.year.is_none_or(|y| r.year == y)
        })
        .collect();
    let what = filter.describe(rules, lang);
    if matched.is_empty() {
        return Err(Refusal::NoHistoryMatch(what).into());
    }
    let tz = rules.association.tz;
    let published = published_years(store)?;
    if dry_run {
        let would = Cli::HistoryWouldRemove { n: matched.len(), what };
        writeln!(out, "{}", would.render(lang))?;
        write!(out, "{}", table(rules, &matched, &published, tz, lang))?;
        return Ok(());
    }
    let keys: Vec<crate::store::DutyKey> = matched.iter().map(DutyRecord::key).collect();
    let removed = store.remove_history(&keys, &|removed| {
        let event = crate::store::AuditEvent::HistoryRemoved {
            batch: filter.batch,
            date: filter.date,
            doctor: filter.doctor.clone(),
            year: filter.year,
            n: removed.len(),
            first: removed.iter().take(20).map(|r| (r.slot_start, r.doctor.clone())).collect(),
        };
        AuditEntry::of(now, &format!("admin:{}", super::actor::current()), event)
    })?;
    writeln!(out, "{}", Cli::HistoryRemoved { n: removed.len(), what }.render(lang))?;
    write!(out, "{}", table(rules, &removed, &published, tz, lang))?;
    Ok(())
}
