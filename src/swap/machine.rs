//! The step function: a request (with the other requests of its group: a cover asked of
//! several colleagues), an event and the time in; the changed requests, the notices and the
//! rota change to make out. Pure.

use chrono::{DateTime, Duration, Utc};

use super::{Blocked, Duty, Moved, Note, Why};
use crate::ids::SwapRequestId;
use crate::plan::change::Change;
use crate::routing::{Body, Notice};
use crate::rules::MemberId;
use crate::store::{SwapRequest, SwapStatus};

/// What happens to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The colleague asked agrees.
    Accept {
        /// Who pressed.
        by: MemberId,
    },
    /// The colleague asked says no.
    Decline {
        /// Who pressed.
        by: MemberId,
    },
    /// An admin approves what two doctors agreed.
    Approve {
        /// The admin.
        by: MemberId,
    },
    /// An admin rejects it.
    Reject {
        /// The admin.
        by: MemberId,
    },
    /// The proposer takes the request back.
    Withdraw {
        /// Who asks to withdraw.
        by: MemberId,
    },
    /// Time passes: requests whose deadline is at or before `now` expire; a cover asked in turn
    /// moves to the next colleague.
    Tick,
    /// The published rota no longer gives the duties as the request says (a re-plan, a change
    /// by the office): the request is closed, and its doctors told why ([`Why::RotaMoved`]).
    RotaMoved,
}

/// What the machine knows besides the requests: the rules and the checker's verdict, read by
/// the adapter beforehand.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    /// The rules' `[swap] admin_approval`.
    pub admin_approval: bool,
    /// The admins (they approve, and are told of changes).
    pub admins: Vec<MemberId>,
    /// Whether `by` of the event is an admin.
    pub by_admin: bool,
    /// For a cover asked in turn: how long each colleague has.
    pub turn: Duration,
    /// Whether a cover asks its colleagues at once (the first to accept takes it).
    pub first_wins: bool,
    /// For Accept (without approval) and Approve: why the checker refuses the change now
    /// (a rule it would break), if it does.
    pub broken: Option<Blocked>,
}

/// Why an event was refused; nothing changes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No such request.
    #[error("no swap or cover request {0}; see `toban request list --all`")]
    Unknown(SwapRequestId),
    /// The request is not addressed to the one who answered.
    #[error("request {0} is not addressed to you")]
    NotYours(SwapRequestId),
    /// Only an admin approves or rejects.
    #[error("request {0} is decided by an admin")]
    NotAdmin(SwapRequestId),
    /// Only the proposer withdraws.
    #[error("request {0} can be withdrawn only by the doctor who made it")]
    NotProposer(SwapRequestId),
    /// Past its deadline (the engine closes it shortly).
    #[error("request {0} has expired")]
    Expired(SwapRequestId),
    /// A colleague took the cover first.
    #[error("request {request} was taken by {by}")]
    Taken {
        /// The request.
        request: SwapRequestId,
        /// Who took it.
        by: MemberId,
    },
    /// Answered, withdrawn or closed already; or not waiting for this kind of answer.
    #[error("request {request} is {} already", .status.word())]
    Closed {
        /// The request.
        request: SwapRequestId,
        /// Where it stands.
        status: SwapStatus,
    },
}

/// The result of one event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Step {
    /// The requests that changed, each with its version bumped.
    pub requests: Vec<SwapRequest>,
    /// What to tell whom.
    pub notices: Vec<Notice>,
    /// The rota change to make, in the same write.
    pub change: Vec<Change>,
}

/// The deadline of a request made at `now` for duties starting at `starts`: `hours` later, or
/// an hour before the first duty, whichever comes first.
pub fn deadline_for(now: DateTime<Utc>, starts: &[DateTime<Utc>], hours: i64) -> DateTime<Utc> {
    let before = starts.iter().min().map(|s| *s - Duration::hours(1));
    let until = now + Duration::hours(hours);
    before.map_or(until, |b| b.min(until))
}

/// The deadline of `r`: its own, or for requests stored before deadlines were kept, 48 hours
/// after it was made.
pub fn deadline_of(r: &SwapRequest) -> DateTime<Utc> {
    r.deadline.unwrap_or(r.created_at + Duration::hours(super::SWAP_HOURS))
}

/// The changes to the rota that request `r` makes when accepted.
pub fn changes_of(r: &SwapRequest) -> Vec<Change> {
    let (p, t) = (r.proposer.to_string(), r.target.to_string());
    let mut out = vec![Change { slot: r.slot.clone(), from: p.clone(), to: t.clone() }];
    if let Some(theirs) = &r.their_slot {
        out.push(Change { slot: theirs.clone(), from: t, to: p });
    }
    out
}

fn duty(r: &SwapRequest) -> Duty {
    Duty { slot: r.slot.clone(), start: r.slot_start, part: r.part }
}

fn theirs(r: &SwapRequest) -> Option<Duty> {
    r.their_slot.as_ref().map(|s| Duty { slot: s.clone(), start: r.their_start, part: None })
}

fn notice(r: &SwapRequest, what: &str, to: &MemberId, note: Note) -> Notice {
    Notice {
        key: format!("swap/{}/{what}/{to}", r.id),
        to: to.clone(),
        body: Body::Swap { request: r.id, note },
    }
}

/// Applies `event` to request `id`, whose group (itself and, for a cover asked of several
/// colleagues, the others) is `case`, at `now`.
///
/// # Errors
/// A [`Refusal`] when the event does not apply (not yours, answered, expired, …); nothing
/// changes then.
pub fn step(
    case: &[SwapRequest],
    id: SwapRequestId,
    event: &Event,
    now: DateTime<Utc>,
    ctx: &Ctx,
) -> Result<Step, Refusal> {
    let mut work = Work { case: case.to_vec(), changed: Vec::new(), out: Step::default() };
    if matches!(event, Event::Tick) {
        work.tick(now, ctx);
        return Ok(work.finish());
    }
    let r = case.iter().find(|r| r.id == id).ok_or(Refusal::Unknown(id))?.clone();
    if let Event::RotaMoved = event {
        work.moved(&r);
        work.advance(now, ctx);
        return Ok(work.finish());
    }
    if let Event::Withdraw { by } = event {
        if *by != r.proposer {
            return Err(Refusal::NotProposer(id));
        }
        if !case.iter().any(|x| x.status.is_open()) {
            return Err(Refusal::Closed { request: id, status: r.status });
        }
        work.withdraw(ctx);
        return Ok(work.finish());
    }
    work.check_answer(&r, event, now, ctx)?;
    match event {
        Event::Accept { .. } => work.accept(&r, now, ctx),
        Event::Decline { .. } => {
            work.set(r.id, SwapStatus::Declined, None);
            let target = r.target.clone();
            work.tell(&r, "declined", &r.proposer, Note::Declined { target, duty: duty(&r) });
            work.advance(now, ctx);
        }
        Event::Approve { .. } => work.apply(&r, ctx),
        Event::Reject { .. } => {
            work.set(r.id, SwapStatus::Rejected, None);
            for to in [&r.proposer, &r.target] {
                work.tell(&r, "rejected", to, Note::Rejected { duty: duty(&r) });
            }
            work.advance(now, ctx);
        }
        _ => {}
    }
    Ok(work.finish())
}

struct Work {
    case: Vec<SwapRequest>,
    changed: Vec<SwapRequestId>,
    out: Step,
}

impl Work {
    fn get(&self, id: SwapRequestId) -> Option<&SwapRequest> {
        self.case.iter().find(|r| r.id == id)
    }

    fn set(&mut self, id: SwapRequestId, status: SwapStatus, deadline: Option<DateTime<Utc>>) {
        if let Some(r) = self.case.iter_mut().find(|r| r.id == id) {
            r.status = status;
            if deadline.is_some() {
                r.deadline = deadline;
            }
            if !self.changed.contains(&id) {
                self.changed.push(id);
            }
        }
    }

    fn tell(&mut self, r: &SwapRequest, what: &str, to: &MemberId, note: Note) {
        self.out.notices.push(notice(r, what, to, note));
    }

    fn finish(mut self) -> Step {
        for id in &self.changed {
            if let Some(r) = self.case.iter().find(|r| r.id == *id) {
                let mut r = r.clone();
                r.version += 1;
                self.out.requests.push(r);
            }
        }
        self.out
    }

    /// Refuses an answer (accept, decline, approve, reject) that does not apply to `r` now.
    fn check_answer(
        &self,
        r: &SwapRequest,
        event: &Event,
        now: DateTime<Utc>,
        ctx: &Ctx,
    ) -> Result<(), Refusal> {
        let (by, wants) = match event {
            Event::Accept { by } | Event::Decline { by } => (by, SwapStatus::Pending),
            Event::Approve { by } | Event::Reject { by } => (by, SwapStatus::AwaitingAdmin),
            _ => return Ok(()),
        };
        if r.status != wants {
            if let Some(taker) = self.case.iter().find(|x| {
                x.id != r.id && matches!(x.status, SwapStatus::Accepted | SwapStatus::AwaitingAdmin)
            }) {
                return Err(Refusal::Taken { request: r.id, by: taker.target.clone() });
            }
            return Err(match r.status {
                SwapStatus::Expired => Refusal::Expired(r.id),
                status => Refusal::Closed { request: r.id, status },
            });
        }
        match wants {
            SwapStatus::Pending if *by != r.target => return Err(Refusal::NotYours(r.id)),
            SwapStatus::AwaitingAdmin if !ctx.by_admin => return Err(Refusal::NotAdmin(r.id)),
            _ => {}
        }
        if deadline_of(r) <= now {
            return Err(Refusal::Expired(r.id));
        }
        Ok(())
    }

    fn accept(&mut self, r: &SwapRequest, now: DateTime<Utc>, ctx: &Ctx) {
        // The others asked for the same cover are told it is taken (or agreed, pending the
        // office), and their requests close.
        let others: Vec<SwapRequest> =
            self.case.iter().filter(|x| x.id != r.id && x.status.is_open()).cloned().collect();
        for o in others {
            if o.status == SwapStatus::Pending {
                let note = Note::Taken { by: r.target.clone(), duty: duty(&o) };
                self.tell(&o, "taken", &o.target, note);
            }
            self.set(o.id, SwapStatus::Expired, None);
        }
        if let Some(why) = &ctx.broken {
            self.impossible(r, Why::Refused(Box::new(why.clone())), false);
            self.advance(now, ctx);
            return;
        }
        if ctx.admin_approval {
            self.set(r.id, SwapStatus::AwaitingAdmin, None);
            let until = deadline_of(r);
            for a in &ctx.admins {
                let note = Note::Approval {
                    proposer: r.proposer.clone(),
                    target: r.target.clone(),
                    duty: duty(r),
                    theirs: theirs(r),
                    until,
                };
                self.tell(r, "approve", a, note);
            }
            let note = Note::Agreed { target: r.target.clone(), duty: duty(r) };
            self.tell(r, "agreed", &r.proposer, note);
            return;
        }
        self.apply(r, ctx);
    }

    /// Makes the change (or closes the request when a rule would break now): both doctors and
    /// the office are told.
    fn apply(&mut self, r: &SwapRequest, ctx: &Ctx) {
        if let Some(why) = &ctx.broken {
            self.impossible(r, Why::Refused(Box::new(why.clone())), true);
            return;
        }
        self.set(r.id, SwapStatus::Accepted, None);
        self.out.change = changes_of(r);
        let mut moves =
            vec![Moved { duty: duty(r), from: r.proposer.clone(), to: r.target.clone() }];
        if let Some(t) = theirs(r) {
            moves.push(Moved { duty: t, from: r.target.clone(), to: r.proposer.clone() });
        }
        let mut told: Vec<MemberId> = vec![r.proposer.clone(), r.target.clone()];
        for a in &ctx.admins {
            if !told.contains(a) {
                told.push(a.clone());
            }
        }
        for to in &told {
            self.tell(r, "done", to, Note::Changed { moves: moves.clone() });
        }
    }

    fn impossible(&mut self, r: &SwapRequest, why: Why, both: bool) {
        self.set(r.id, SwapStatus::Refused, None);
        let note = Note::Impossible { duty: duty(r), why };
        self.tell(r, "impossible", &r.proposer, note.clone());
        if both {
            self.tell(r, "impossible", &r.target, note);
        }
    }

    fn withdraw(&mut self, ctx: &Ctx) {
        let open: Vec<SwapRequest> =
            self.case.iter().filter(|x| x.status.is_open()).cloned().collect();
        for o in open {
            let note = Note::Withdrawn { proposer: o.proposer.clone(), duty: duty(&o) };
            match o.status {
                SwapStatus::Pending => self.tell(&o, "withdrawn", &o.target, note),
                SwapStatus::AwaitingAdmin => {
                    self.tell(&o, "withdrawn", &o.target, note.clone());
                    for a in &ctx.admins {
                        self.tell(&o, "withdrawn", a, note.clone());
                    }
                }
                _ => {}
            }
            self.set(o.id, SwapStatus::Withdrawn, None);
        }
    }

    fn moved(&mut self, r: &SwapRequest) {
        let open: Vec<SwapRequest> =
            self.case.iter().filter(|x| x.status.is_open()).cloned().collect();
        if open.is_empty() {
            return;
        }
        let note = Note::Impossible { duty: duty(r), why: Why::RotaMoved };
        self.tell(r, "moved", &r.proposer, note.clone());
        for o in open {
            if matches!(o.status, SwapStatus::Pending | SwapStatus::AwaitingAdmin) {
                self.tell(&o, "moved", &o.target, note.clone());
            }
            self.set(o.id, SwapStatus::Refused, None);
        }
    }

    fn tick(&mut self, now: DateTime<Utc>, ctx: &Ctx) {
        let due: Vec<SwapRequest> = self
            .case
            .iter()
            .filter(|r| r.status.is_open() && deadline_of(r) <= now)
            .cloned()
            .collect();
        for r in &due {
            self.set(r.id, SwapStatus::Expired, None);
            // A swap's proposer hears at once; a cover's when nobody is left to ask.
            if r.their_slot.is_some() || r.group.is_none() {
                let note = Note::Expired { target: r.target.clone(), duty: duty(r) };
                self.tell(r, "expired", &r.proposer, note);
            }
        }
        if !due.is_empty() {
            self.advance(now, ctx);
        }
    }

    /// Moves a cover along once nobody in it is being asked: the next colleague in turn is
    /// asked, or, with nobody left, the office and the proposer are told it stays unfilled.
    fn advance(&mut self, now: DateTime<Utc>, ctx: &Ctx) {
        let Some(first) = self.case.iter().min_by_key(|r| r.id).cloned() else { return };
        if first.their_slot.is_some() || first.group.is_none() {
            return;
        }
        let busy = self.case.iter().any(|r| {
            matches!(
                r.status,
                SwapStatus::Pending
                    | SwapStatus::AwaitingAdmin
                    | SwapStatus::Accepted
                    | SwapStatus::Withdrawn
            )
        });
        if busy {
            return;
        }
        let next = self.case.iter().filter(|r| r.status == SwapStatus::Queued).min_by_key(|r| r.id);
        if let Some(next) = next.cloned() {
            let until = deadline_of(&next).min(now + ctx.turn);
            self.set(next.id, SwapStatus::Pending, Some(until));
            let r = self.get(next.id).cloned().unwrap_or(next);
            let note = Note::Offer {
                proposer: r.proposer.clone(),
                duty: duty(&r),
                theirs: None,
                until,
                first_wins: false,
            };
            self.tell(&r, "offer", &r.target, note);
            return;
        }
        let g = first.group.unwrap_or(first.id);
        let mut told: Vec<(MemberId, bool)> =
            ctx.admins.iter().map(|a| (a.clone(), true)).collect();
        told.push((first.proposer.clone(), false));
        for (to, office) in told {
            self.out.notices.push(Notice {
                key: format!("swap/{g}/unfilled/{to}"),
                to: to.clone(),
                body: Body::Swap {
                    request: first.id,
                    note: Note::Unfilled {
                        proposer: first.proposer.clone(),
                        duty: duty(&first),
                        office,
                    },
                },
            });
        }
    }
}

#[cfg(test)]
mod tests;
