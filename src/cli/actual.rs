//! `toban actual`: what really happened in a duty that has started. Re-planning never touches
//! a started duty, and swaps and covers are for the future; a doctor replaced at short notice
//! during their week is recorded here, audited with the reason, and the ledger (computed from
//! the published rota) follows.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::UsageError;
use crate::rules::Rules;
use crate::store::{AuditEntry, RotaStatus, Store};

/// Records that `is` did `was`'s duty in `slot`.
///
/// # Errors
/// Unknown slot or doctor, a slot not started yet (use swap or cover), `was` not on it, `is`
/// on it already; store failures.
#[allow(clippy::too_many_arguments)]
pub fn record_actual(
    rules: &Rules,
    store: &dyn Store,
    slot: &str,
    was: &str,
    is: &str,
    reason: &str,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(
            UsageError("--reason: say why in a few words (at most 500 characters)".into()).into()
        );
    }
    if rules.doctor(is).is_none() {
        return Err(UsageError(format!("--is '{is}' is not a doctor in the rules")).into());
    }
    let rotas = store.rotas()?;
    let Some((year, s)) = rotas
        .iter()
        .filter(|r| r.status == RotaStatus::Published)
        .find_map(|r| r.slots.iter().find(|s| s.id == slot).map(|s| (r.year, s)))
    else {
        return Err(UsageError(format!(
            "slot {slot} is not in a published rota (see `toban rota show YEAR`)"
        ))
        .into());
    };
    if s.start.with_timezone(&Utc) > now {
        return Err(UsageError(format!(
            "slot {slot} has not started yet: change a future duty with `toban swap` or `toban cover`, which check the rules"
        ))
        .into());
    }
    if !s.doctors.iter().any(|d| d == was) {
        return Err(UsageError(format!(
            "--was {was} is not on slot {slot} (on it: {})",
            s.doctors.join(", ")
        ))
        .into());
    }
    if s.doctors.iter().any(|d| d == is) {
        return Err(UsageError(format!("{is} is on slot {slot} already")).into());
    }
    let by = format!("admin:{}", super::actor::current());
    let detail = format!(
        "slot {slot}: actually {is} ({}) instead of {was} ({}): {reason}",
        rules.name_of(is),
        rules.name_of(was)
    );
    let entry = AuditEntry::new(now, &by, "actual", detail.clone());
    let change = [(slot.to_string(), was.to_string(), is.to_string())];
    if store.change_published(year, &change, &entry)?.is_none() {
        return Err(
            UsageError(format!("the {year} rota changed meanwhile; look again and retry")).into()
        );
    }
    crate::desk::Desk { rules, store }.refresh_feeds(now)?;
    writeln!(out, "recorded: {detail}")?;
    writeln!(
        out,
        "the ledger follows (`toban ledger`); the audit keeps the reason (`toban audit`)"
    )?;
    Ok(())
}
