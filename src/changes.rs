//! Changes to a published rota by agreement (swaps, covers), shared by the command line and the
//! bot: judged by the independent checker against the hard rules (only what the change adds
//! counts), stored with an audit entry and the notices to the doctors concerned and the
//! admins in one transaction, then the feeds are refreshed. Reads the store; the time is passed in.

use chrono::{DateTime, Utc};

use crate::calendar::{HolidayCalendar, Override};
use crate::desk::Desk;
use crate::ids::AuditSeq;
use crate::msg::refusal::Refusal;
use crate::msg::slot::SlotRef;
use crate::partial::slot_ref;
use crate::plan::change::{Change, apply};
use crate::plan::year::{calendar_years, year_problem};
use crate::plan::{Assignment, Role};
use crate::rules::Rules;
use crate::store::{AuditEntry, RotaStatus, Store, StoreError, SwapCommit};
use crate::swap::{Duty, Moved, Note};

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum ChangeFailure {
    /// Refused, with the reason (a rule broken, a slot in the past, …), typed so each reader
    /// gets it in their language.
    #[error("{0}")]
    Refused(Box<Refusal>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a committed change did.
#[derive(Debug, Clone)]
pub struct Done {
    /// The audit entry's number.
    pub seq: AuditSeq,
    /// Each slot's change (rendered by the caller in the reader's language).
    pub moved: Vec<crate::store::Moved>,
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
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<i32, ChangeFailure> {
    let refuse = |r: Refusal| ChangeFailure::Refused(Box::new(r));
    let rotas = store.rotas()?;
    let published: Vec<_> = rotas.iter().filter(|r| r.status == RotaStatus::Published).collect();
    let year_of = |slot: &str| {
        published.iter().find(|r| r.slots.iter().any(|s| s.id == slot)).map(|r| r.year)
    };
    let first = changes.first().ok_or_else(|| refuse(Refusal::ChangeNothing))?;
    // In another rota (issue 20), only its doctors take its duties.
    if !store.scope().is_main()
        && let Some(c) = changes.iter().find(|c| rules.doctor(&c.to).is_none())
    {
        let m = crate::msg::rota::RotaRefusal::NotInRota {
            rota: store.scope().to_string(),
            doctor: c.to.clone(),
            doctors: rules.doctors.iter().map(|d| d.id.to_string()).collect(),
        };
        return Err(refuse(Refusal::Rota(m)));
    }
    // A slot only another rota has (issue 20): changed in that rota's view only, said so.
    for c in changes.iter().filter(|c| year_of(&c.slot).is_none()) {
        if let Some(rota) = crate::desk::other_rota_of(rules, store, &c.slot)?
            && &rota != store.scope()
        {
            let m = crate::msg::rota::RotaRefusal::OtherRota {
                rota: rota.to_string(),
                slot: c.slot.clone(),
            };
            return Err(refuse(Refusal::Rota(m)));
        }
    }
    let year = year_of(&first.slot)
        .ok_or_else(|| refuse(Refusal::SlotNotPublished(SlotRef::id(first.slot.clone()))))?;
    if let Some(c) = changes.iter().find(|c| year_of(&c.slot) != Some(year)) {
        let found = published.iter().find_map(|r| r.slots.iter().find(|s| s.id == c.slot));
        let slot = found.map_or_else(|| SlotRef::id(c.slot.clone()), |s| slot_ref(rules, s));
        let year = crate::msg::words::YearLabel::of(rules, year);
        return Err(refuse(Refusal::ChangeAcrossYears { slot, year }));
    }
    let rota = published.iter().find(|r| r.year == year).expect("found above");
    for c in changes {
        let slot = rota.slots.iter().find(|s| s.id == c.slot).expect("found above");
        if slot.start.with_timezone(&Utc) <= now {
            return Err(refuse(Refusal::SlotStartedAt {
                slot: slot_ref(rules, slot),
                start: crate::msg::When(slot.start.with_timezone(&rules.association.tz)),
            }));
        }
        // A duty part of which a colleague covers (issue 20) is not given away whole: the
        // part would name a doctor no longer on it.
        let involved = |d: &str| d == c.from || d == c.to;
        if slot.parts.iter().any(|p| involved(&p.doctor) || involved(&p.by)) {
            let (first, last) = crate::partial::days_of(rules, slot);
            let duty = crate::msg::partial::SlotDays {
                first: crate::msg::Day(first),
                last: crate::msg::Day(last),
            };
            let m = crate::msg::partial::PartialMsg::HasParts { duty };
            return Err(refuse(Refusal::Partial(Box::new(m))));
        }
    }
    let previous = store.rota_version(year - 1, RotaStatus::Published)?;
    let ctx = crate::plan::year::Context {
        known: crate::known::known_before(store, previous.as_ref())?.0,
        pinned: Vec::new(),
        away: crate::known::away(store)?,
        ledger: Default::default(),
        previous: None,
        parts: Default::default(),
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
        apply(&problem, &current, changes).map_err(|e| refuse(Refusal::ChangeImpossible(e)))?;
    if !added.is_empty() {
        let names = crate::msg::audit::Names::of(rules);
        let duties = added.iter().map(|v| crate::partial::slot_ref_in(rules, rota, &v.slot));
        let duties = duties.collect();
        return Err(refuse(Refusal::BreaksRules { broken: added, names, duties }));
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
    let moved: Vec<crate::store::Moved> = changes
        .iter()
        .map(|c| crate::store::Moved {
            slot: c.slot.clone(),
            from: c.from.clone(),
            to: c.to.clone(),
        })
        .collect();
    let event = crate::store::AuditEvent::RotaChanged {
        kind: crate::store::ChangeKind::from_action(action),
        changes: moved.clone(),
        request: None,
    };
    let entry =
        AuditEntry { on_behalf: on_behalf.map(str::to_string), ..AuditEntry::of(now, by, event) };
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
    let slots = crate::notify::duty::published_slots(store)?;
    let moves: Vec<Moved> = changes
        .iter()
        .filter_map(|c| {
            let start = slots.iter().find(|s| s.id == c.slot).map(|s| s.start.with_timezone(&Utc));
            Some(Moved {
                duty: Duty { slot: c.slot.clone(), start, part: None },
                from: c.from.parse().ok()?,
                to: c.to.parse().ok()?,
            })
        })
        .collect();
    let recipients: Vec<crate::rules::MemberId> =
        told.iter().filter_map(|m| m.parse().ok()).collect();
    // The notices are written with the change, in one transaction: a crash keeps both or
    // neither. Their keys carry the change's audit number, given inside it.
    let given = std::cell::Cell::new(AuditSeq::UNSAVED);
    let notices = |_: &[crate::store::SwapRequest], seq: AuditSeq| -> Vec<crate::routing::Notice> {
        given.set(seq);
        recipients
            .iter()
            .map(|to| crate::routing::Notice {
                key: format!("change/{seq}/{to}"),
                to: to.clone(),
                body: crate::routing::Body::Swap {
                    request: crate::ids::SwapRequestId::UNSAVED,
                    note: Note::Changed { moves: moves.clone() },
                },
            })
            .collect()
    };
    let commit = SwapCommit {
        requests: Vec::new(),
        change: Some((year, moved.clone())),
        part: None,
        audit: vec![entry],
        rota: None,
    };
    if store.commit_swap(&commit, &notices, now)?.is_none() {
        return Err(ChangeFailure::Refused(Box::new(Refusal::RotaChanged(
            crate::msg::words::YearLabel::of(rules, year),
        ))));
    }
    let seq = given.get();
    Desk { rules, store }.refresh_feeds(now)?;
    Ok(Done { seq, moved, told })
}
