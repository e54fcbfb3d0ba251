//! Changes to a published rota by agreement (swaps, covers), shared by the command line and the
//! bot: judged by the independent checker against the hard rules (only what the change adds
//! counts), stored with an audit entry in one step, then the feeds are refreshed and the
//! doctors concerned and the admins told. Reads the store; the time is passed in.

use chrono::{DateTime, Utc};

use crate::calendar::{HolidayCalendar, Override};
use crate::desk::Desk;
use crate::plan::change::{Change, apply};
use crate::plan::year::{calendar_years, year_problem};
use crate::plan::{Assignment, Role};
use crate::rules::{Language, Rules};
use crate::store::{AuditEntry, RotaStatus, Store, StoreError};

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum ChangeFailure {
    /// Refused, with the reason (a rule broken, a slot in the past, …).
    #[error("{0}")]
    Refused(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a committed change did.
#[derive(Debug, Clone)]
pub struct Done {
    /// The audit entry's number.
    pub seq: u64,
    /// Each change in words.
    pub words: Vec<String>,
    /// Who was told.
    pub told: Vec<String>,
}

/// Checks `changes` (all in one published plan year, none started at `now`) against the hard
/// rules. Returns the plan year.
///
/// # Errors
/// [`ChangeFailure::Refused`] with the reason.
pub fn check(
    rules: &Rules,
    overrides: &[Override],
    store: &dyn Store,
    action: &str,
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<i32, ChangeFailure> {
    let refuse = |m: String| ChangeFailure::Refused(m);
    let rotas = store.rotas()?;
    let published: Vec<_> = rotas.iter().filter(|r| r.status == RotaStatus::Published).collect();
    let year_of = |slot: &str| {
        published.iter().find(|r| r.slots.iter().any(|s| s.id == slot)).map(|r| r.year)
    };
    let first = changes.first().ok_or_else(|| refuse(format!("{action}: nothing to change")))?;
    let year = year_of(&first.slot).ok_or_else(|| {
        refuse(format!(
            "slot {} is not in a published rota; see `toban rota show YEAR`",
            first.slot
        ))
    })?;
    if let Some(c) = changes.iter().find(|c| year_of(&c.slot) != Some(year)) {
        return Err(refuse(format!(
            "slot {} is not in the published {year} rota: a change stays within one plan year",
            c.slot
        )));
    }
    let rota = published.iter().find(|r| r.year == year).expect("found above");
    for c in changes {
        let slot = rota.slots.iter().find(|s| s.id == c.slot).expect("found above");
        if slot.start.with_timezone(&Utc) <= now {
            return Err(refuse(format!(
                "slot {} has already started ({}): past duties are not changed",
                c.slot,
                slot.start.format("%Y-%m-%d %H:%M")
            )));
        }
    }
    let previous = store.rota_version(year - 1, RotaStatus::Published)?;
    let ctx = crate::plan::year::Context {
        known: crate::known::known_before(store, previous.as_ref())?.0,
        pinned: Vec::new(),
        away: crate::known::away(store)?,
        ledger: Default::default(),
        previous: None,
    };
    let cal = HolidayCalendar::build(calendar_years(year), overrides);
    let (_, _, problem) = year_problem(rules, &cal, year, &ctx);
    let index = |id: &str| problem.doctors.iter().position(|d| d.id.as_str() == id);
    let doctors_of = |ids: &[String]| -> Vec<usize> {
        let mut v: Vec<usize> = ids.iter().filter_map(|d| index(d)).collect();
        v.sort_unstable();
        v
    };
    let pick = |list: &[crate::store::RotaSlot], id: &str| {
        list.iter().find(|x| x.id == id).map(|x| doctors_of(&x.doctors)).unwrap_or_default()
    };
    let current = Assignment(
        problem
            .slots
            .iter()
            .map(|s| match s.role {
                Role::Before => ctx.known.get(&s.id).map(|d| doctors_of(d)).unwrap_or_default(),
                Role::Plan => pick(&rota.slots, &s.id),
                Role::Reserve => pick(&rota.reserved, &s.id),
            })
            .collect(),
    );
    let (_, added) =
        apply(&problem, &current, changes).map_err(|e| refuse(format!("{action} refused: {e}")))?;
    if !added.is_empty() {
        let lines: Vec<String> = added.iter().map(|v| format!("  {v}")).collect();
        return Err(refuse(format!(
            "{action} refused: it would break the rules:\n{}",
            lines.join("\n")
        )));
    }
    Ok(year)
}

/// Makes checked `changes` in the published rota of `year`: stored with an audit entry (by
/// `by`, on behalf of `on_behalf`) in one step; feeds refreshed; the doctors concerned and the
/// admins told.
///
/// # Errors
/// [`ChangeFailure::Refused`] if the rota changed meanwhile; store failures.
#[allow(clippy::too_many_arguments)]
pub fn commit(
    rules: &Rules,
    store: &dyn Store,
    year: i32,
    action: &str,
    changes: &[Change],
    by: &str,
    on_behalf: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Done, ChangeFailure> {
    let ja = rules.association.language == Language::Ja;
    let words: Vec<String> = changes
        .iter()
        .map(|c| {
            if ja {
                format!("{} の当番: {} → {}", c.slot, rules.name_of(&c.from), rules.name_of(&c.to))
            } else {
                format!("slot {}: {} → {}", c.slot, rules.name_of(&c.from), rules.name_of(&c.to))
            }
        })
        .collect();
    let detail = if ja {
        format!("【当番表の変更】{}", words.join("、"))
    } else {
        format!("[Rota changed] {}", words.join("; "))
    };
    let entry = AuditEntry {
        on_behalf: on_behalf.map(str::to_string),
        ..AuditEntry::new(now, by, action, words.join("; "))
    };
    let triples: Vec<(String, String, String)> =
        changes.iter().map(|c| (c.slot.clone(), c.from.clone(), c.to.clone())).collect();
    if store.change_published(year, &triples, &entry)?.is_none() {
        return Err(ChangeFailure::Refused(format!(
            "the rota changed while this {action} was being checked; try again"
        )));
    }
    let seq = store.audit()?.last().map_or(0, |a| a.seq);
    Desk { rules, store }.refresh_feeds(now)?;
    let mut told: Vec<String> = Vec::new();
    for c in changes {
        for d in [&c.from, &c.to] {
            if !told.contains(d) {
                told.push(d.clone());
            }
        }
    }
    for a in &rules.admins {
        told.push(a.id.to_string());
    }
    let notices: Vec<crate::routing::Notice> = told
        .iter()
        .filter_map(|m| m.parse().ok())
        .map(|to: crate::rules::MemberId| crate::routing::Notice {
            key: format!("change/{seq}/{to}"),
            body: crate::routing::Body::RotaChanged { detail: detail.clone() },
            to,
        })
        .collect();
    store.enqueue(&notices, now)?;
    Ok(Done { seq, words, told })
}
