//! `toban actual`: what really happened in a duty that has started. Re-planning never touches
//! a started duty, and swaps and covers are for the future; a doctor replaced at short notice
//! during their week is recorded here, audited with the reason, and the ledger (computed from
//! the published rota) follows.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::msg::cli::Cli;
use crate::msg::refusal::Refusal;
use crate::msg::{Lang, Message};
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
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(Refusal::ActualReason.into());
    }
    if !store.scope().is_main() && rules.doctor(is).is_none() {
        // In another rota (issue 20), only its doctors do its duties.
        return Err(super::rotas::not_in_rota(rules, store.scope(), is).into());
    }
    if rules.doctor(is).is_none() {
        return Err(Refusal::IsNotDoctor(is.to_string()).into());
    }
    let rotas = store.rotas()?;
    let Some((year, s)) = rotas
        .iter()
        .filter(|r| r.status == RotaStatus::Published)
        .find_map(|r| r.slots.iter().find(|s| s.id == slot).map(|s| (r.year, s)))
    else {
        super::rotas::refuse_other_rota(rules, store, slot)?;
        return Err(Refusal::SlotNotPublished(crate::msg::slot::SlotRef::id(slot)).into());
    };
    if s.start.with_timezone(&Utc) > now {
        return Err(Refusal::SlotNotStarted(crate::partial::slot_ref(rules, s)).into());
    }
    if !s.doctors.iter().any(|d| d == was) {
        return Err(Refusal::WasNotOnSlot {
            was: was.to_string(),
            slot: crate::partial::slot_ref(rules, s),
            on: s.doctors.clone(),
        }
        .into());
    }
    if s.doctors.iter().any(|d| d == is) {
        return Err(Refusal::IsOnSlot {
            is: is.to_string(),
            slot: crate::partial::slot_ref(rules, s),
        }
        .into());
    }
    let duty = crate::partial::slot_ref(rules, s);
    let by = format!("admin:{}", super::actor::current());
    let event = crate::store::AuditEvent::Actual {
        slot: slot.to_string(),
        was: was.to_string(),
        is: is.to_string(),
        reason: reason.to_string(),
    };
    let entry = AuditEntry::of(now, &by, event);
    let change =
        [crate::store::Moved { slot: slot.to_string(), from: was.to_string(), to: is.to_string() }];
    if store.change_published(year, &change, &entry)?.is_none() {
        return Err(Refusal::RotaChanged(crate::msg::words::YearLabel::of(rules, year)).into());
    }
    crate::desk::Desk { rules, store }.refresh_feeds(now)?;
    let recorded = Cli::ActualRecorded {
        slot: duty,
        is: is.to_string(),
        is_name: rules.name_of(is).to_string(),
        was: was.to_string(),
        was_name: rules.name_of(was).to_string(),
        reason: reason.to_string(),
    };
    writeln!(out, "{}", recorded.render(lang))?;
    Ok(())
}
