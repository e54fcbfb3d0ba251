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
use super::{Args, Format, UsageError, clock, load_inputs};
use crate::rules::Rules;
use crate::store::{AuditEntry, DutyRecord, RotaStatus, SledStore, Store};

/// The audit log's action for every change to the history.
const ACTION: &str = "history";

/// "1 duty", "3 duties".
fn duties(n: usize) -> String {
    if n == 1 { "1 duty".to_string() } else { format!("{n} duties") }
}

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
pub fn import(args: &Args, path: &Path) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
    let store = SledStore::open(&args.data)?;
    let now = clock::now()?;
    let rules = &inputs.rules;
    let published = published_years(&store)?;
    let stored = store.history()?;
    let known = file::Known {
        today: now.with_timezone(&rules.association.tz).date_naive(),
        published: &published,
        stored: &stored,
    };
    let records = file::read(rules, &inputs.overrides, &name, &bytes, &known)
        .map_err(|e| UsageError(e.to_string()))?;
    let records: Vec<DutyRecord> =
        records.into_iter().map(|r| DutyRecord { imported_at: Some(now), ..r }).collect();
    let n = records.len();
    let (batch, outcome) = store.import_history_batch(&records, &|batch, o| {
        let detail = format!(
            "imported {} from {name} as batch {batch} ({} new, {} replaced)",
            duties(n),
            o.added,
            o.replaced
        );
        AuditEntry::new(now, &format!("admin:{}", super::actor::current()), ACTION, detail)
    })?;
    println!(
        "imported {} from {name} as batch {batch} ({} new, {} replaced). See `toban history list` and `toban ledger`; to take this import back: `toban history remove --batch {batch}`.",
        duties(n),
        outcome.added,
        outcome.replaced
    );
    Ok(())
}

/// `toban history list [YEAR]`: the imported duties (of plan year `year`), by slot and doctor.
pub fn list(
    rules: &Rules,
    store: &dyn Store,
    year: Option<i32>,
    format: Format,
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
            let of = year.map(|y| format!(" of plan year {y}")).unwrap_or_default();
            if rows.is_empty() {
                writeln!(
                    out,
                    "no imported history{of}: import past duties with `toban history import FILE.csv`"
                )?;
                return Ok(());
            }
            writeln!(out, "imported history{of}: {}", duties(rows.len()))?;
            write!(out, "{}", table(rules, &rows, &published, tz))?;
            if rows.iter().any(|r| published.contains(&r.year)) {
                writeln!(
                    out,
                    "counted `no`: the year has a published rota, whose slots are its record; remove these rows with `toban history remove --year YEAR`"
                )?;
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
) -> String {
    let mut t = Table::new(&[
        "slot", "to", "year", "kind", "doctor", "name", "points", "batch", "imported", "counted",
    ]);
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
            if published.contains(&r.year) { "no" } else { "yes" }.to_string(),
        ]);
    }
    t.render()
}

/// Which imported duties `toban history remove` takes: all the given filters hold.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The import batch.
    pub batch: Option<u64>,
    /// A day inside the slot.
    pub date: Option<NaiveDate>,
    /// A doctor's id or exact name.
    pub doctor: Option<String>,
    /// The plan year.
    pub year: Option<i32>,
}

impl Filter {
    /// The filters in words, as given.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(b) = self.batch {
            parts.push(format!("batch {b}"));
        }
        if let Some(d) = self.date {
            parts.push(format!("the slot around {d}"));
        }
        if let Some(d) = &self.doctor {
            parts.push(format!("doctor {d}"));
        }
        if let Some(y) = self.year {
            parts.push(format!("plan year {y}"));
        }
        parts.join(", ")
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
    let what = filter.describe();
    if matched.is_empty() {
        return Err(UsageError(format!(
            "no imported duty matches {what}: see `toban history list` for what is there"
        ))
        .into());
    }
    let tz = rules.association.tz;
    let published = published_years(store)?;
    if dry_run {
        writeln!(
            out,
            "would remove {} ({what}); nothing was removed (dry run):",
            duties(matched.len())
        )?;
        write!(out, "{}", table(rules, &matched, &published, tz))?;
        return Ok(());
    }
    let keys: Vec<(NaiveDate, String)> =
        matched.iter().map(|r| (r.slot_start, r.doctor.clone())).collect();
    let removed = store.remove_history(&keys, &|removed| {
        AuditEntry::new(
            now,
            &format!("admin:{}", super::actor::current()),
            ACTION,
            format!("removed {} ({what}): {}", duties(removed.len()), listing(removed)),
        )
    })?;
    writeln!(out, "removed {} ({what}):", duties(removed.len()))?;
    write!(out, "{}", table(rules, &removed, &published, tz))?;
    Ok(())
}

/// The first few removed duties for the audit log, `2026-01-05 d05 regular, …`.
fn listing(removed: &[DutyRecord]) -> String {
    const SHOWN: usize = 20;
    let mut text: Vec<String> = removed
        .iter()
        .take(SHOWN)
        .map(|r| format!("{} {} {}", r.slot_start, r.doctor, r.kind))
        .collect();
    if removed.len() > SHOWN {
        text.push(format!("and {} more", removed.len() - SHOWN));
    }
    text.join(", ")
}
