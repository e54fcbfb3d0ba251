//! Swap and cover requests at the desk: the one path from the chat's buttons and commands,
//! the command line (`toban request`) and the engine's tick to the pure machine
//! ([`crate::swap::step`]) and back to the store.
//!
//! Key decision: every event is decided over what was read and written over the version read
//! ([`Store::commit_swap`]): the requests, the rota change, its audit and the notices in one
//! transaction. When another answer came first, the request is read again and the event
//! decided again, so two presses can never both take a duty.

use chrono::{DateTime, Utc};

use super::Desk;
use crate::calendar::Override;
use crate::changes::ChangeFailure;
use crate::routing::{Body, Notice};
use crate::rules::{CoverOrder, MemberId, MemberRole, RotaId};
use crate::store::{
    AuditEntry, AuditEvent, ChangeKind, Moved, RequestOutcome, RotaStatus, StoreError, SwapCommit,
    SwapRequest, SwapStatus,
};
use crate::swap::machine::{changes_of, deadline_of};
use crate::swap::{Ctx, Duty, Event, Note, Refusal, Step};

/// Why an event on a request did nothing.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The machine refused it (not yours, answered, expired, …).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The partial cover a request of some days asks, for change `c` (issue 20).
fn asked(
    c: &crate::plan::change::Change,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> crate::partial::Asked {
    crate::partial::Asked {
        slot: c.slot.clone(),
        doctor: c.from.clone(),
        by: c.to.clone(),
        from,
        to,
    }
}

/// How often an event is decided again after another writer came first.
const RETRIES: usize = 5;

impl Desk<'_> {
    /// The machine's context for an event by `by` (rules, admins, and for an accept that
    /// makes the change or an approval, the checker's verdict on the change now).
    fn swap_ctx(
        &self,
        overrides: &[Override],
        r: &SwapRequest,
        event: &Event,
        now: DateTime<Utc>,
    ) -> Result<Ctx, StoreError> {
        let rules = &self.rules.swap;
        let by = match event {
            Event::Accept { by }
            | Event::Decline { by }
            | Event::Approve { by }
            | Event::Reject { by }
            | Event::Withdraw { by } => Some(by),
            Event::Tick | Event::RotaMoved => None,
        };
        let by_admin = by.and_then(|b| self.rules.member(b.as_str())).map(|m| m.role)
            == Some(MemberRole::Admin);
        let decides = match event {
            Event::Accept { .. } => r.status == SwapStatus::Pending && !rules.admin_approval,
            Event::Approve { .. } => r.status == SwapStatus::AwaitingAdmin,
            _ => false,
        };
        let broken = if decides {
            let verdict = match (r.part, changes_of(r).first()) {
                (Some((from, to)), Some(c)) => {
                    crate::partial::check(self.rules, self.store, &asked(c, from, to), now)
                        .map(|_| ())
                }
                _ => crate::changes::check(self.rules, overrides, self.store, &changes_of(r), now)
                    .map(|_| ()),
            };
            match verdict {
                Ok(_) => None,
                // Kept as data: each reader gets it in their language and register (issue 18).
                Err(ChangeFailure::Refused(why)) => Some(crate::swap::Blocked::of(&why)),
                Err(ChangeFailure::Store(e)) => return Err(e),
            }
        } else {
            None
        };
        Ok(Ctx {
            admin_approval: rules.admin_approval,
            admins: self.rules.admins.iter().map(|a| a.id.clone()).collect(),
            by_admin,
            turn: chrono::Duration::hours(rules.cover_turn_hours.into()),
            first_wins: rules.cover_order == CoverOrder::AtOnce,
            broken,
        })
    }

    /// Applies `event` to request `id` at `now`, for `actor` (who the audit names): decided by
    /// the machine and written in one transaction with its rota change and notices; decided
    /// again if another answer came first.
    ///
    /// # Errors
    /// [`RequestError::Refused`] when it does not apply; store failures.
    pub fn request_event(
        &self,
        overrides: &[Override],
        id: crate::ids::SwapRequestId,
        event: &Event,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Step, RequestError> {
        let mut last = None;
        for _ in 0..RETRIES {
            let all = self.store.swap_requests()?;
            let r = all.iter().find(|r| r.id == id).ok_or(Refusal::Unknown(id))?;
            // A request of another rota is decided by that rota's rules and made in it.
            let decided = self.in_rota(r.rota.as_ref(), |desk| {
                desk.request_event(overrides, id, event, actor, now)
            });
            if let Some(decided) = decided {
                return decided;
            }
            let case = case_of(&all, r);
            let ctx = self.swap_ctx(overrides, r, event, now)?;
            let step = crate::swap::step(&case, id, event, now, &ctx)?;
            match self.commit_step(r, &step, event, actor, now) {
                Ok(true) => return Ok(step),
                // The rota or the request moved meanwhile: read again and decide again.
                Ok(false) => {}
                Err(e @ StoreError::RequestConflict { .. }) => last = Some(e),
                Err(e) => return Err(e.into()),
            }
        }
        Err(last.unwrap_or(StoreError::RequestConflict { request: id }).into())
    }

    /// Writes `step` (the requests, the rota change, the audit, the notices) in one
    /// transaction; `false` when the rota no longer matches the change.
    fn commit_step(
        &self,
        r: &SwapRequest,
        step: &Step,
        event: &Event,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if step.requests.is_empty() && step.notices.is_empty() {
            return Ok(true);
        }
        let kind = if r.their_slot.is_some() { ChangeKind::Swap } else { ChangeKind::Cover };
        let outcome = match event {
            Event::Accept { .. } => RequestOutcome::Accepted,
            Event::Decline { .. } => RequestOutcome::Declined,
            Event::Approve { .. } => RequestOutcome::Approved,
            Event::Reject { .. } => RequestOutcome::Rejected,
            Event::Withdraw { .. } => RequestOutcome::Withdrawn,
            Event::Tick => RequestOutcome::Expired,
            Event::RotaMoved => RequestOutcome::RotaMoved,
        };
        let mut audit = Vec::new();
        let mut change = None;
        let mut part = None;
        if let (Some((from, to)), Some(c)) = (r.part, step.change.first()) {
            // A cover of some days (issue 20): the part, checked again, instead of a change.
            let (year, p) =
                match crate::partial::check(self.rules, self.store, &asked(c, from, to), now) {
                    Ok(found) => found,
                    Err(ChangeFailure::Refused(_)) => return Ok(false),
                    Err(ChangeFailure::Store(e)) => return Err(e),
                };
            let event = AuditEvent::PartCovered {
                slot: c.slot.clone(),
                doctor: c.from.clone(),
                by: c.to.clone(),
                from,
                to,
                request: Some(r.id),
            };
            audit.push(AuditEntry::of(now, actor, event));
            part = Some((year, c.slot.clone(), p));
        } else if !step.change.is_empty() {
            let year = self.year_of(&step.change[0].slot)?;
            let Some(year) = year else { return Ok(false) };
            let changes: Vec<Moved> = step
                .change
                .iter()
                .map(|c| Moved { slot: c.slot.clone(), from: c.from.clone(), to: c.to.clone() })
                .collect();
            change = Some((year, changes.clone()));
            let event = AuditEvent::RotaChanged { kind, changes, request: Some(r.id) };
            audit.push(AuditEntry::of(now, actor, event));
        } else if !matches!(event, Event::Tick) {
            let event = AuditEvent::RequestAnswered { request: r.id, kind, outcome };
            audit.push(AuditEntry::of(now, actor, event));
        }
        let commit =
            SwapCommit { requests: step.requests.clone(), change, part, audit, rota: None };
        let written = self.store.commit_swap(&commit, &|_, _| step.notices.clone(), now)?;
        if written.is_none() {
            return Ok(false);
        }
        if !step.change.is_empty() {
            self.refresh_feeds(now)?;
        }
        Ok(true)
    }

    /// `f` on the desk of rota `rota` (issue 20): its rules and the store as it sees it.
    /// `None` when `rota` is this desk's own (or main, or no longer in the rules: the request
    /// is then judged here, where its slots are not found, and refused so).
    pub fn in_rota<T>(&self, rota: Option<&RotaId>, f: impl FnOnce(&Desk<'_>) -> T) -> Option<T> {
        let rota = rota.filter(|r| *r != self.store.scope() && !r.is_main())?;
        let rules = self.rules.for_rota(rota)?;
        let view = crate::store::RotaView::new(self.store, rota);
        Some(f(&Desk { rules: &rules, store: &view }))
    }

    /// The plan year of the published rota holding `slot`.
    fn year_of(&self, slot: &str) -> Result<Option<i32>, StoreError> {
        Ok(self
            .store
            .rotas()?
            .iter()
            .find(|r| r.status == RotaStatus::Published && r.slots.iter().any(|s| s.id == slot))
            .map(|r| r.year))
    }

    /// Closes swap and cover requests whose deadline passed at `now` (the proposer is told; a
    /// cover nobody took alerts the office), moves covers asked in turn to the next colleague,
    /// and closes requests the published rota no longer matches. Returns how many requests
    /// changed. A request that fails is logged and skipped.
    ///
    /// # Errors
    /// If the store fails to list the requests.
    pub fn expire_requests(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let all = self.store.swap_requests()?;
        // Each request against the published rota of its own rota (issue 20).
        let mut slots = std::collections::BTreeMap::new();
        for rota in all.iter().filter(|r| r.status.is_open()).map(|r| r.rota.clone()) {
            if let std::collections::btree_map::Entry::Vacant(e) = slots.entry(rota) {
                let id = e.key().clone().unwrap_or_else(RotaId::main);
                let view = crate::store::RotaView::new(self.store, &id);
                e.insert(crate::notify::duty::published_slots(&view)?);
            }
        }
        let holds = |r: &SwapRequest, slot: &str, who: &MemberId| {
            slots
                .get(&r.rota)
                .into_iter()
                .flatten()
                .any(|s| s.id == slot && s.doctors.iter().any(|d| d == who.as_str()))
        };
        let mut done = 0;
        let mut seen: Vec<crate::ids::SwapRequestId> = Vec::new();
        for r in all.iter().filter(|r| r.status.is_open()) {
            let head = r.group.unwrap_or(r.id);
            if seen.contains(&head) {
                continue;
            }
            let case = case_of(&all, r);
            let due = case.iter().any(|x| x.status.is_open() && deadline_of(x) <= now);
            let moved = !holds(r, &r.slot, &r.proposer)
                || r.their_slot.as_ref().is_some_and(|t| !holds(r, t, &r.target));
            let event = match (moved, due) {
                (true, _) => Event::RotaMoved,
                (false, true) => Event::Tick,
                (false, false) => continue,
            };
            seen.push(head);
            match self.request_event(&[], r.id, &event, "toban", now) {
                Ok(step) => done += step.requests.len(),
                Err(e) => {
                    tracing::warn!(request = r.id.get(), error = %e, "swap request not moved on")
                }
            }
        }
        Ok(done)
    }

    /// Opens `requests` (new, id 0; a group of `Some(0)` is the first one's id) with their
    /// offers (Pending ones are asked now) and an audit entry, in one transaction. Returns
    /// them as stored.
    ///
    /// # Errors
    /// If the store fails.
    pub fn open_requests(
        &self,
        requests: Vec<SwapRequest>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<SwapRequest>, StoreError> {
        let swap = requests.iter().find_map(|r| r.their_slot.clone());
        let event = AuditEvent::RequestOpened {
            kind: if swap.is_some() { ChangeKind::Swap } else { ChangeKind::Cover },
            slot: requests.first().map(|r| r.slot.clone()).unwrap_or_default(),
            their_slot: swap,
            to: requests.iter().map(|r| r.target.to_string()).collect(),
        };
        let first_wins = self.rules.swap.cover_order == CoverOrder::AtOnce;
        let commit = SwapCommit {
            requests,
            change: None,
            part: None,
            audit: vec![AuditEntry::of(now, actor, event)],
            rota: None,
        };
        let offers = |written: &[SwapRequest], _| -> Vec<Notice> {
            written
                .iter()
                .filter(|r| r.status == SwapStatus::Pending)
                .map(|r| offer(r, first_wins && r.group.is_some()))
                .collect()
        };
        Ok(self.store.commit_swap(&commit, &offers, now)?.unwrap_or_default())
    }
}

/// The offer of request `r` to the colleague it asks (Accept / Decline buttons).
pub fn offer(r: &SwapRequest, first_wins: bool) -> Notice {
    Notice {
        key: format!("swap/{}/offer/{}", r.id, r.target),
        to: r.target.clone(),
        body: Body::Swap {
            request: r.id,
            note: Note::Offer {
                proposer: r.proposer.clone(),
                duty: Duty { slot: r.slot.clone(), start: r.slot_start, part: r.part },
                theirs: r.their_slot.as_ref().map(|s| Duty {
                    slot: s.clone(),
                    start: r.their_start,
                    part: None,
                }),
                until: deadline_of(r),
                first_wins,
            },
        },
    }
}

/// Request `r` with the other requests of its group.
fn case_of(all: &[SwapRequest], r: &SwapRequest) -> Vec<SwapRequest> {
    match r.group {
        Some(g) => all.iter().filter(|x| x.group == Some(g)).cloned().collect(),
        None => vec![r.clone()],
    }
}

#[cfg(test)]
mod tests;
