//! The call engine: a pure state machine, `(call, event, now) → (call', notices)`.
//!
//! Key decisions:
//! - No clock, no I/O: the adapter passes `now`, stores the new state with the notices in one
//!   atomic, flushed write, and only then delivers the notices (an outbox). A crash at any point
//!   either loses the whole event (it never happened) or keeps all of it.
//! - Each waiting call has one explicit deadline in its state. The adapter fires
//!   [`Event::Deadline`] when it passes, however late (after a restart, at once); a deadline
//!   event that arrives early or for a call no longer waiting changes nothing, so duplicate or
//!   stale timers are harmless.
//! - Every notice has an idempotency key built from the call, the event's sequence number, the
//!   recipient and the notice kind: replaying nothing twice is the outbox's job, and it can do it
//!   by key.
//! - Notices carry ids (call, patient, members), never patient data: the adapter renders them,
//!   and only a [`Body::Record`] notice, sent to the one who accepted, is rendered with the
//!   patient's record.
//! - Someone asked at an earlier step who has not declined may still accept after the call
//!   moved on (a doctor who saw the message late), and so may anyone asked once the chain is
//!   exhausted: a late yes is better than none. So a follow-up goes to all of them.
//! - A call is not over when someone accepts it: a follow-up soon after must be acknowledged by
//!   the handler within their step's time, else the call goes on to the next step, as if the
//!   handler had not answered. Every wait (a step, its reminder at half time, an
//!   acknowledgement) is a deadline in the state, and [`Call::deadline`] is the earliest.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::chain::{Step, StepKind};
use super::notice::{Body, Notice};
pub use crate::ids::CallId;
use crate::ids::PatientId;
use crate::rules::MemberId;

/// How long after acceptance a call without a report still counts as open (listed, handed
/// over), and its handler is asked first by the patient's next call. Whether a second call
/// joins it as a follow-up is the rules' shorter `[escalation] followup_minutes`.
pub const OPEN_AFTER_ACCEPT_HOURS: i64 = 12;

const _: () = assert!(
    OPEN_AFTER_ACCEPT_HOURS * 60 == crate::rules::MAX_FOLLOWUP_MINUTES as i64,
    "a follow-up can only join a call that is still open"
);

/// A call for one patient, from raise to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// Its number.
    pub id: CallId,
    /// The patient's id.
    pub patient: PatientId,
    /// The patient's attending doctor when the call was raised (who gets the report).
    pub attending: MemberId,
    /// Who raised it.
    pub caller: MemberId,
    /// The caller's note.
    pub note: String,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
    /// Whom it asks, resolved when it was raised.
    pub chain: Vec<Step>,
    /// Where it stands.
    pub state: CallState,
    /// Members who declined, at any step.
    pub declined: Vec<MemberId>,
    /// Events applied so far (the raise is event 0).
    pub seq: u64,
    /// What happened, in order.
    pub log: Vec<LogEntry>,
    /// The handler's report, once filed.
    pub report: Option<Report>,
    /// What the call is for (urgent unless the caller said otherwise); not written when urgent,
    /// so calls read and write as they did before call types.
    #[serde(default, skip_serializing_if = "super::CallKind::is_urgent")]
    pub kind: super::CallKind,
}

/// Where a call stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CallState {
    /// Waiting for an answer at `step` until `deadline`.
    Waiting {
        /// Index into the chain.
        step: usize,
        /// When the step gives up.
        deadline: DateTime<Utc>,
        /// When the request is sent again to those who have not answered (half the step's
        /// time); `None` once sent (and for calls stored before reminders).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remind_at: Option<DateTime<Utc>>,
    },
    /// Someone took it.
    Accepted {
        /// Who.
        by: MemberId,
        /// When.
        at: DateTime<Utc>,
        /// Follow-ups the handler has not acknowledged yet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unacked: Option<Unacked>,
    },
    /// Nobody took it: the caller was told to call 119 and the admins were alerted.
    Exhausted {
        /// When.
        at: DateTime<Utc>,
    },
    /// The caller (or an admin) withdrew it.
    Cancelled {
        /// Who.
        by: MemberId,
        /// When.
        at: DateTime<Utc>,
    },
}

impl CallState {
    /// The status word of JSON and tables.
    pub fn as_str(&self) -> &'static str {
        match self {
            CallState::Waiting { .. } => "waiting",
            CallState::Accepted { .. } => "accepted",
            CallState::Exhausted { .. } => "exhausted",
            CallState::Cancelled { .. } => "cancelled",
        }
    }
}

/// Follow-ups sent to the handler of an accepted call and not acknowledged yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unacked {
    /// Who sent them (told when the handler acknowledges).
    pub from: Vec<MemberId>,
    /// When the call goes on to the next step without an acknowledgement.
    pub deadline: DateTime<Utc>,
    /// When the first follow-up is sent again; `None` once sent.
    pub remind_at: Option<DateTime<Utc>>,
}

/// The handler's report after the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Who wrote it.
    pub by: MemberId,
    /// When.
    pub at: DateTime<Utc>,
    /// What happened.
    pub text: String,
    /// What came of the call (`None` in reports filed before outcomes were asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// What came of a call, as its handler reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The patient was visited (往診した).
    Visit,
    /// Advice was given by phone (電話で助言).
    Phone,
    /// The patient was admitted (入院).
    Admitted,
    /// Anything else (その他).
    Other,
}

impl Outcome {
    /// Every outcome, in the order offered.
    pub const ALL: [Outcome; 4] =
        [Outcome::Visit, Outcome::Phone, Outcome::Admitted, Outcome::Other];

    /// The outcome as written in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Visit => "visit",
            Outcome::Phone => "phone",
            Outcome::Admitted => "admitted",
            Outcome::Other => "other",
        }
    }
}

/// One line of a call's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// What.
    #[serde(flatten)]
    pub what: Logged,
}

/// What a log line records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Logged {
    /// The call was raised.
    Raised,
    /// A step was skipped: nobody to ask there.
    Skipped {
        /// The step.
        step: usize,
    },
    /// A step's members were asked.
    Asked {
        /// The step.
        step: usize,
    },
    /// A member declined.
    Declined {
        /// Who.
        by: MemberId,
    },
    /// A step's time ran out.
    TimedOut {
        /// The step.
        step: usize,
    },
    /// The request was sent again to those of the step who had not answered.
    Reminded {
        /// The step.
        step: usize,
    },
    /// A member accepted.
    Accepted {
        /// Who.
        by: MemberId,
    },
    /// Nobody accepted: advice and alert sent.
    Exhausted,
    /// A second call for the same patient was joined to this one.
    Followup {
        /// Who raised it.
        from: MemberId,
        /// Their note.
        note: String,
    },
    /// The handler acknowledged the follow-ups.
    Acknowledged {
        /// Who.
        by: MemberId,
    },
    /// The handler did not acknowledge a follow-up in time: the call went on.
    Unacknowledged {
        /// The handler.
        by: MemberId,
    },
    /// The handler filed the report.
    Reported {
        /// Who.
        by: MemberId,
    },
    /// The call was withdrawn.
    Cancelled {
        /// Who.
        by: MemberId,
    },
}

/// Something that happens to a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A member accepts.
    Accept {
        /// Who.
        by: MemberId,
    },
    /// A member declines.
    Decline {
        /// Who.
        by: MemberId,
    },
    /// A deadline may have passed (a step's, its reminder's, an acknowledgement's).
    Deadline,
    /// The handler acknowledges the follow-ups (or, once the call went on without it, takes
    /// the call back).
    Acknowledge {
        /// Who.
        by: MemberId,
    },
    /// A second call for the same patient, joined to this one.
    Followup {
        /// Who raised it.
        from: MemberId,
        /// Their note.
        note: String,
    },
    /// The handler files the report.
    Report {
        /// Who.
        by: MemberId,
        /// What happened.
        text: String,
    },
    /// The handler reports back with the outcome: the report goes to the attending doctor, the
    /// caller and the duty doctors of the chain (not to the handler), and closes the call.
    /// ([`Event::Report`], without an outcome, reaches the attending doctor only.)
    ReportBack {
        /// Who.
        by: MemberId,
        /// What came of it.
        outcome: Outcome,
        /// What happened.
        text: String,
    },
    /// The call is withdrawn, by its caller or an admin.
    Cancel {
        /// Who.
        by: MemberId,
        /// Whether `by` is an admin (the adapter knows roles; the engine does not).
        admin: bool,
    },
}

/// Why an event was refused; the call is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The member was never asked to take this call.
    #[error("{who} was not asked to take call {call}")]
    NotAsked {
        /// The call.
        call: CallId,
        /// Who tried.
        who: MemberId,
    },
    /// Someone already took it.
    #[error("call {call} was already accepted by {by}")]
    Taken {
        /// The call.
        call: CallId,
        /// Who took it.
        by: MemberId,
    },
    /// The member declined before and cannot accept now.
    #[error("{who} declined call {call} earlier")]
    Declined {
        /// The call.
        call: CallId,
        /// Who.
        who: MemberId,
    },
    /// The call is over (accepted, cancelled or exhausted) for this kind of event.
    #[error("call {call} is {state}: nothing to {what}")]
    Closed {
        /// The call.
        call: CallId,
        /// Its state.
        state: &'static str,
        /// What was tried.
        what: &'static str,
    },
    /// Only the one who accepted files the report or acknowledges follow-ups.
    #[error(
        "only {handler}, who accepted call {call}, can file its report or acknowledge its follow-ups"
    )]
    NotHandler {
        /// The call.
        call: CallId,
        /// Who accepted.
        handler: MemberId,
    },
    /// Only the caller or an admin withdraws a call.
    #[error("only {caller}, who raised call {call}, or an admin can cancel it")]
    NotCaller {
        /// The call.
        call: CallId,
        /// Who raised it.
        caller: MemberId,
    },
    /// The report was filed already.
    #[error("call {call} already has a report (filed by {by})")]
    Reported {
        /// The call.
        call: CallId,
        /// Who filed it.
        by: MemberId,
    },
}

/// Collects notices with keys for one event.
struct Out<'a> {
    call: CallId,
    seq: u64,
    notices: &'a mut Vec<Notice>,
}

impl Out<'_> {
    fn send(&mut self, to: &MemberId, body: Body) {
        let key = format!("call{}/{}/{}/{}", self.call, self.seq, to, body.tag());
        if !self.notices.iter().any(|n| n.key == key) {
            self.notices.push(Notice { key, to: to.clone(), body });
        }
    }
}

impl Call {
    /// Raises a call: enters the first step that has anyone to ask (or the advice at the end).
    pub fn raise(
        id: CallId,
        patient: PatientId,
        attending: MemberId,
        caller: MemberId,
        note: String,
        chain: Vec<Step>,
        now: DateTime<Utc>,
    ) -> (Call, Vec<Notice>) {
        let mut call = Call {
            id,
            patient,
            attending,
            caller,
            note,
            raised_at: now,
            chain,
            state: CallState::Exhausted { at: now },
            declined: Vec::new(),
            seq: 0,
            log: vec![LogEntry { at: now, what: Logged::Raised }],
            report: None,
            kind: super::CallKind::Urgent,
        };
        let mut notices = Vec::new();
        call.enter(0, now, &mut notices);
        call.seq = 1;
        (call, notices)
    }

    /// Applies `event` at `now`. On `Err` the call is unchanged and nothing is to be sent.
    ///
    /// # Errors
    /// A [`Refusal`] saying why the event does not apply to this call now.
    pub fn apply(&mut self, event: &Event, now: DateTime<Utc>) -> Result<Vec<Notice>, Refusal> {
        let mut notices = Vec::new();
        match event {
            Event::Accept { by } => self.accept(by, now, &mut notices)?,
            Event::Decline { by } => self.decline(by, now, &mut notices)?,
            Event::Deadline => self.time_out(now, &mut notices),
            Event::Acknowledge { by } => self.acknowledge(by, now, &mut notices)?,
            Event::Followup { from, note } => self.followup(from, note, now, &mut notices)?,
            Event::Report { by, text } => self.file_report(by, text, None, now, &mut notices)?,
            Event::ReportBack { by, outcome, text } => {
                self.file_report(by, text, Some(*outcome), now, &mut notices)?
            }
            Event::Cancel { by, admin } => self.cancel(by, *admin, now, &mut notices)?,
        }
        self.seq += 1;
        Ok(notices)
    }

    /// The earliest moment the call has something to do ([`Event::Deadline`]): a step's
    /// reminder or its end while waiting, a follow-up's reminder or its end while accepted.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        let earliest = |deadline: DateTime<Utc>, remind: Option<DateTime<Utc>>| {
            Some(remind.map_or(deadline, |r| r.min(deadline)))
        };
        match &self.state {
            CallState::Waiting { deadline, remind_at, .. } => earliest(*deadline, *remind_at),
            CallState::Accepted { unacked: Some(u), .. } => earliest(u.deadline, u.remind_at),
            _ => None,
        }
    }

    /// Whether the call is still open at `now`: waiting, or accepted less than
    /// [`OPEN_AFTER_ACCEPT_HOURS`] ago with no report yet.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        match &self.state {
            CallState::Waiting { .. } => true,
            CallState::Accepted { at, .. } => {
                self.report.is_none() && now - *at < Duration::hours(OPEN_AFTER_ACCEPT_HOURS)
            }
            _ => false,
        }
    }

    /// Whether a second call for the same patient at `now` joins this one as a follow-up: it
    /// is waiting, or was accepted less than `window` ago (the rules' `followup_minutes`) and
    /// has no report yet. Otherwise the second call is a new one.
    pub fn joins(&self, now: DateTime<Utc>, window: Duration) -> bool {
        match &self.state {
            CallState::Waiting { .. } => true,
            CallState::Accepted { at, .. } => {
                self.report.is_none()
                    && now - *at < window.min(Duration::hours(OPEN_AFTER_ACCEPT_HOURS))
            }
            _ => false,
        }
    }

    /// Who took the call, if it was accepted less than [`OPEN_AFTER_ACCEPT_HOURS`] before
    /// `now` (reported or not): the patient's next call asks them first.
    pub fn recent_handler(&self, now: DateTime<Utc>) -> Option<&MemberId> {
        match &self.state {
            CallState::Accepted { by, at, .. }
                if now - *at < Duration::hours(OPEN_AFTER_ACCEPT_HOURS) =>
            {
                Some(by)
            }
            _ => None,
        }
    }

    /// The step being waited on, if any.
    pub fn current_step(&self) -> Option<usize> {
        match self.state {
            CallState::Waiting { step, .. } => Some(step),
            _ => None,
        }
    }

    /// Everyone asked so far, in the order they were asked.
    pub fn asked(&self) -> Vec<MemberId> {
        let upto = match self.state {
            // After an unacknowledged follow-up the call may wait at a step before the furthest
            // one it reached; those asked beyond it may still accept.
            CallState::Waiting { step, .. } => (step + 1).max(self.reached()),
            _ => self.reached(),
        };
        self.chain[..upto]
            .iter()
            .filter(|s| s.kind != StepKind::Advice)
            .flat_map(|s| s.members.iter().cloned())
            .collect()
    }

    /// How many steps the call got through (for a closed call: every step it entered).
    fn reached(&self) -> usize {
        let last = self
            .log
            .iter()
            .filter_map(|e| match e.what {
                Logged::Asked { step } | Logged::Skipped { step } => Some(step + 1),
                Logged::Exhausted => Some(self.chain.len()),
                _ => None,
            })
            .max();
        last.unwrap_or(0).min(self.chain.len())
    }

    /// Those asked who have not declined: who can still accept.
    fn can_accept(&self) -> Vec<MemberId> {
        self.asked().into_iter().filter(|m| !self.declined.contains(m)).collect()
    }

    /// The index of the step `member` was asked at.
    fn step_of(&self, member: &MemberId) -> Option<usize> {
        self.chain.iter().position(|s| s.kind != StepKind::Advice && s.members.contains(member))
    }

    /// Who accepted last (the handler, or the former handler once a follow-up went
    /// unacknowledged).
    fn last_acceptor(&self) -> Option<&MemberId> {
        self.log.iter().rev().find_map(|e| match &e.what {
            Logged::Accepted { by } => Some(by),
            _ => None,
        })
    }

    fn out<'a>(&self, notices: &'a mut Vec<Notice>) -> Out<'a> {
        Out { call: self.id, seq: self.seq, notices }
    }

    /// Enters step `from`, skipping steps with nobody to ask, ending at the advice.
    fn enter(&mut self, from: usize, now: DateTime<Utc>, notices: &mut Vec<Notice>) {
        let (id, patient, caller) = (self.id, self.patient, self.caller.clone());
        let mut out = self.out(notices);
        for i in from..self.chain.len() {
            let step = &self.chain[i];
            if step.kind == StepKind::Advice {
                out.send(&caller, Body::Advice { call: id, patient });
                for admin in &step.members {
                    out.send(admin, Body::Alert { call: id, patient });
                }
                self.state = CallState::Exhausted { at: now };
                self.log.push(LogEntry { at: now, what: Logged::Exhausted });
                return;
            }
            // Only a step entered again (after an unacknowledged follow-up) can hold decliners.
            let members: Vec<MemberId> =
                step.members.iter().filter(|m| !self.declined.contains(m)).cloned().collect();
            if members.is_empty() {
                self.log.push(LogEntry { at: now, what: Logged::Skipped { step: i } });
                continue;
            }
            for m in &members {
                out.send(
                    m,
                    Body::Request {
                        call: id,
                        patient,
                        step: step.kind,
                        minutes: step.wait_minutes,
                    },
                );
            }
            out.send(&caller, Body::Progress { call: id, step: step.kind, members });
            let deadline = now + Duration::minutes(i64::from(step.wait_minutes));
            let remind_at = Some(now + half(step.wait_minutes));
            self.state = CallState::Waiting { step: i, deadline, remind_at };
            self.log.push(LogEntry { at: now, what: Logged::Asked { step: i } });
            return;
        }
        // A chain always ends with the advice step; an empty one is exhausted at once.
        self.state = CallState::Exhausted { at: now };
        self.log.push(LogEntry { at: now, what: Logged::Exhausted });
    }

    fn accept(
        &mut self,
        by: &MemberId,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        match &self.state {
            CallState::Accepted { by: taker, .. } => {
                return Err(Refusal::Taken { call, by: taker.clone() });
            }
            CallState::Cancelled { .. } => {
                return Err(Refusal::Closed { call, state: "cancelled", what: "accept" });
            }
            CallState::Waiting { .. } | CallState::Exhausted { .. } => {}
        }
        if !self.asked().contains(by) {
            return Err(Refusal::NotAsked { call, who: by.clone() });
        }
        if self.declined.contains(by) {
            return Err(Refusal::Declined { call, who: by.clone() });
        }
        let (patient, caller) = (self.patient, self.caller.clone());
        let after_advice = matches!(self.state, CallState::Exhausted { .. });
        let admins = match self.chain.last() {
            Some(s) if after_advice && s.kind == StepKind::Advice => s.members.clone(),
            _ => Vec::new(),
        };
        let others: Vec<MemberId> = self.can_accept().into_iter().filter(|m| m != by).collect();
        let mut out = self.out(notices);
        out.send(by, Body::Record { call, patient });
        out.send(&caller, Body::AcceptedBy { call, by: by.clone(), after_advice });
        for admin in admins.iter().filter(|a| *a != by) {
            out.send(admin, Body::LateAccept { call, patient, by: by.clone() });
        }
        for m in &others {
            out.send(m, Body::Taken { call, by: by.clone() });
        }
        self.state = CallState::Accepted { by: by.clone(), at: now, unacked: None };
        self.log.push(LogEntry { at: now, what: Logged::Accepted { by: by.clone() } });
        Ok(())
    }

    fn decline(
        &mut self,
        by: &MemberId,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        let step = match &self.state {
            CallState::Waiting { step, .. } => *step,
            CallState::Accepted { by: taker, .. } => {
                return Err(Refusal::Taken { call, by: taker.clone() });
            }
            other => return Err(Refusal::Closed { call, state: other.as_str(), what: "decline" }),
        };
        if !self.asked().contains(by) {
            return Err(Refusal::NotAsked { call, who: by.clone() });
        }
        if self.declined.contains(by) {
            return Err(Refusal::Declined { call, who: by.clone() });
        }
        self.declined.push(by.clone());
        self.log.push(LogEntry { at: now, what: Logged::Declined { by: by.clone() } });
        let all_declined = self.chain[step].members.iter().all(|m| self.declined.contains(m));
        if all_declined {
            self.enter(step + 1, now, notices);
        }
        Ok(())
    }

    fn time_out(&mut self, now: DateTime<Utc>, notices: &mut Vec<Notice>) {
        match self.state.clone() {
            CallState::Waiting { step, deadline, .. } if now >= deadline => {
                self.log.push(LogEntry { at: now, what: Logged::TimedOut { step } });
                let call = self.id;
                let pending = self.pending_at(step);
                let mut out = self.out(notices);
                for m in &pending {
                    out.send(m, Body::MovedOn { call });
                }
                self.enter(step + 1, now, notices);
            }
            CallState::Waiting { step, deadline, remind_at: Some(r) } if now >= r => {
                let (call, patient, kind) = (self.id, self.patient, self.chain[step].kind);
                let pending = self.pending_at(step);
                let mut out = self.out(notices);
                for m in &pending {
                    let body = Body::RequestAgain { call, patient, step: kind, until: deadline };
                    out.send(m, body);
                }
                self.state = CallState::Waiting { step, deadline, remind_at: None };
                self.log.push(LogEntry { at: now, what: Logged::Reminded { step } });
            }
            CallState::Accepted { by, unacked: Some(u), .. } if now >= u.deadline => {
                self.log
                    .push(LogEntry { at: now, what: Logged::Unacknowledged { by: by.clone() } });
                let call = self.id;
                self.out(notices).send(&by, Body::Unacknowledged { call });
                // The handler was asked at a step of this call; the call goes on after it.
                let next = self.step_of(&by).map_or(self.chain.len(), |i| i + 1);
                self.enter(next, now, notices);
            }
            CallState::Accepted { by, at, unacked: Some(mut u) }
                if u.remind_at.is_some_and(|r| now >= r) =>
            {
                let body = Body::FollowupAgain { call: self.id, until: u.deadline };
                self.out(notices).send(&by, body);
                u.remind_at = None;
                self.state = CallState::Accepted { by, at, unacked: Some(u) };
            }
            // Early, or stale: nothing to do.
            _ => {}
        }
    }

    /// The members of step `step` who have not declined.
    fn pending_at(&self, step: usize) -> Vec<MemberId> {
        self.chain[step].members.iter().filter(|m| !self.declined.contains(m)).cloned().collect()
    }

    fn followup(
        &mut self,
        from: &MemberId,
        note: &str,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        // While waiting: everyone who can still accept. Once accepted: the handler, who
        // acknowledges it within their step's time (unless they wrote it themselves).
        let (to, ack) = match &self.state {
            CallState::Waiting { .. } => (self.can_accept(), None),
            CallState::Accepted { by, .. } if self.is_open(now) => {
                let wait = self.step_of(by).map_or(0, |i| self.chain[i].wait_minutes);
                (vec![by.clone()], (by != from && wait > 0).then_some(wait))
            }
            other => return Err(Refusal::Closed { call, state: other.as_str(), what: "join" }),
        };
        // The handler's deadline: a follow-up before the acknowledgement keeps the first one.
        let mut ack_until = None;
        if let (Some(minutes), CallState::Accepted { unacked, .. }) = (ack, &mut self.state) {
            let u = unacked.get_or_insert_with(|| Unacked {
                from: Vec::new(),
                deadline: now + Duration::minutes(i64::from(minutes)),
                remind_at: Some(now + half(minutes)),
            });
            if !u.from.contains(from) {
                u.from.push(from.clone());
            }
            ack_until = Some(u.deadline);
        }
        let caller = self.caller.clone();
        let note = note.to_string();
        let mut out = self.out(notices);
        for m in to.iter().filter(|m| *m != from) {
            let body = Body::Followup {
                call,
                from: from.clone(),
                note: note.clone(),
                ack_minutes: ack,
                ack_until,
            };
            out.send(m, body);
        }
        if &caller != from && !to.contains(&caller) {
            out.send(
                &caller,
                Body::Followup {
                    call,
                    from: from.clone(),
                    note: note.clone(),
                    ack_minutes: None,
                    ack_until: None,
                },
            );
        }
        self.log.push(LogEntry { at: now, what: Logged::Followup { from: from.clone(), note } });
        Ok(())
    }

    fn acknowledge(
        &mut self,
        by: &MemberId,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        // The call went on without the acknowledgement: the former handler takes it back.
        if matches!(self.state, CallState::Waiting { .. } | CallState::Exhausted { .. })
            && self.last_acceptor() == Some(by)
        {
            return self.accept(by, now, notices);
        }
        match &mut self.state {
            CallState::Accepted { by: handler, unacked, .. } => {
                if handler != by {
                    return Err(Refusal::NotHandler { call, handler: handler.clone() });
                }
                // Nothing left to acknowledge (a second press): nothing to do.
                let Some(u) = unacked.take() else { return Ok(()) };
                let mut out = Out { call, seq: self.seq, notices };
                for m in u.from.iter().filter(|m| *m != by) {
                    out.send(m, Body::Acknowledged { call, by: by.clone() });
                }
                self.log.push(LogEntry { at: now, what: Logged::Acknowledged { by: by.clone() } });
                Ok(())
            }
            other => Err(Refusal::Closed { call, state: other.as_str(), what: "acknowledge" }),
        }
    }

    fn file_report(
        &mut self,
        by: &MemberId,
        text: &str,
        outcome: Option<Outcome>,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        let CallState::Accepted { by: handler, .. } = &self.state else {
            return Err(Refusal::Closed { call, state: self.state.as_str(), what: "report on" });
        };
        if handler != by {
            return Err(Refusal::NotHandler { call, handler: handler.clone() });
        }
        if let Some(r) = &self.report {
            return Err(Refusal::Reported { call, by: r.by.clone() });
        }
        let patient = self.patient;
        let mut to = vec![self.attending.clone()];
        if outcome.is_some() {
            to.push(self.caller.clone());
            let duty = self.chain.iter().filter(|s| s.kind == StepKind::Duty);
            to.extend(duty.flat_map(|s| s.members.iter().cloned()));
        }
        let body = Body::Report { call, patient, by: by.clone(), text: text.to_string() };
        let mut out = self.out(notices);
        for m in to.iter().filter(|m| *m != by) {
            out.send(m, body.clone());
        }
        self.report = Some(Report { by: by.clone(), at: now, text: text.to_string(), outcome });
        self.log.push(LogEntry { at: now, what: Logged::Reported { by: by.clone() } });
        Ok(())
    }

    fn cancel(
        &mut self,
        by: &MemberId,
        admin: bool,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        match &self.state {
            CallState::Waiting { .. } | CallState::Exhausted { .. } => {}
            other => return Err(Refusal::Closed { call, state: other.as_str(), what: "cancel" }),
        }
        if !admin && by != &self.caller {
            return Err(Refusal::NotCaller { call, caller: self.caller.clone() });
        }
        let asked: Vec<MemberId> =
            self.asked().into_iter().filter(|m| !self.declined.contains(m)).collect();
        let caller = self.caller.clone();
        let mut out = self.out(notices);
        for m in &asked {
            out.send(m, Body::Cancelled { call, by: by.clone() });
        }
        if by != &caller {
            out.send(&caller, Body::Cancelled { call, by: by.clone() });
        }
        self.state = CallState::Cancelled { by: by.clone(), at: now };
        self.log.push(LogEntry { at: now, what: Logged::Cancelled { by: by.clone() } });
        Ok(())
    }
}

/// Half of a step's `minutes`, to the second.
fn half(minutes: u32) -> Duration {
    Duration::seconds(i64::from(minutes) * 30)
}

#[cfg(test)]
mod tests;
