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
//!   exhausted: a late yes is better than none.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::chain::{Step, StepKind};
use crate::rules::MemberId;

/// A call's number, given by the store.
pub type CallId = u64;

/// How long after acceptance a call without a report still counts as open, so that a second
/// call for the same patient joins it instead of paging the chain again.
pub const OPEN_AFTER_ACCEPT_HOURS: i64 = 12;

/// A call for one patient, from raise to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// Its number.
    pub id: CallId,
    /// The patient's id.
    pub patient: u64,
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
    },
    /// Someone took it.
    Accepted {
        /// Who.
        by: MemberId,
        /// When.
        at: DateTime<Utc>,
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
    /// The current step's deadline may have passed.
    Deadline,
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

/// A message to deliver: to whom, what, and its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Unique per call, event, recipient and kind.
    pub key: String,
    /// The recipient.
    pub to: MemberId,
    /// What to tell them.
    pub body: Body,
}

/// What a notice says, as ids; the adapter renders it in the association's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// Please take this call (area, attending doctor and the caller's note; no record).
    Request {
        /// The call.
        call: CallId,
        /// The patient.
        patient: u64,
        /// The step asking.
        step: StepKind,
        /// Minutes to answer.
        minutes: u32,
    },
    /// You took the call: the patient's minimal record.
    Record {
        /// The call.
        call: CallId,
        /// The patient.
        patient: u64,
    },
    /// To the caller: whom the call is asking now.
    Progress {
        /// The call.
        call: CallId,
        /// The step now asked.
        step: StepKind,
        /// Who is asked.
        members: Vec<MemberId>,
    },
    /// To the caller: someone took the call.
    AcceptedBy {
        /// The call.
        call: CallId,
        /// Who.
        by: MemberId,
    },
    /// To those asked: someone else took it; no answer needed.
    Taken {
        /// The call.
        call: CallId,
        /// Who.
        by: MemberId,
    },
    /// To those of a step that timed out: the call went on, but they may still accept.
    MovedOn {
        /// The call.
        call: CallId,
    },
    /// To the caller: nobody accepted; call 119 (with the patient's wishes).
    Advice {
        /// The call.
        call: CallId,
        /// The patient.
        patient: u64,
    },
    /// To the admins: a call reached the end of the chain.
    Alert {
        /// The call.
        call: CallId,
        /// The patient.
        patient: u64,
    },
    /// A second call for the same patient: its note, to whoever is asked or handling.
    Followup {
        /// The call.
        call: CallId,
        /// Who raised it.
        from: MemberId,
        /// Their note.
        note: String,
    },
    /// The handler's report, to the attending doctor (and, with an outcome, to the caller and
    /// the duty doctors).
    Report {
        /// The call.
        call: CallId,
        /// The patient.
        patient: u64,
        /// Who wrote it.
        by: MemberId,
        /// What happened.
        text: String,
    },
    /// To those asked: the call was withdrawn.
    Cancelled {
        /// The call.
        call: CallId,
        /// Who withdrew it.
        by: MemberId,
    },
    /// To a doctor: a duty of theirs starts in `days` days.
    Reminder {
        /// The slot id.
        slot: String,
        /// When the duty starts.
        start: DateTime<Utc>,
        /// When it ends.
        end: DateTime<Utc>,
        /// Days ahead (7 or 1).
        days: u32,
    },
    /// To the admins: a published slot starting soon has fewer doctors than the rules ask.
    Unstaffed {
        /// The slot id.
        slot: String,
        /// When it starts.
        start: DateTime<Utc>,
        /// Doctors it has.
        has: usize,
        /// Doctors it needs.
        needs: usize,
    },
    /// To the admins: the messaging channel failed repeatedly (delivered once it recovers, or
    /// printed on the console for admins without a linked account).
    ChannelDown {
        /// When the failures began.
        since: DateTime<Utc>,
        /// Failures in a row so far.
        failures: u32,
    },
    /// To the admins: the messaging channel works again after [`Body::ChannelDown`].
    ChannelUp {
        /// When the failures began.
        since: DateTime<Utc>,
        /// When sending worked again.
        until: DateTime<Utc>,
    },
    /// To the admins: a member's chat can no longer be reached (they blocked the bot, the chat
    /// is gone, the account was deactivated); their messages are printed on the console until
    /// they link again.
    LinkBroken {
        /// The member.
        member: MemberId,
        /// What the channel said.
        why: String,
    },
    /// To the admins: a message could not be delivered to `member` for too long and was given
    /// up on its channel (printed on the console instead).
    DeadLetter {
        /// The recipient of the message given up.
        member: MemberId,
        /// Its kind ([`Body::tag`]).
        what: String,
        /// When it was produced.
        since: DateTime<Utc>,
        /// What the channel said last.
        why: String,
    },
    /// To a doctor: a colleague proposes a swap or asks for cover (Accept / Decline buttons).
    SwapOffer {
        /// The swap request.
        request: u64,
        /// What is proposed, in the association's language.
        detail: String,
    },
    /// To the doctors concerned and the admins: the published rota changed (a swap, a cover).
    RotaChanged {
        /// What changed, in the association's language.
        detail: String,
    },
    /// At handover, to the incoming and the outgoing doctors: the week's patients whose
    /// attending doctor is away, open calls, and notes left by the outgoing doctors.
    Handover {
        /// The slot starting now.
        slot: String,
        /// When it starts.
        start: DateTime<Utc>,
        /// When it ends.
        end: DateTime<Utc>,
        /// The slot that ends now, if any.
        previous: Option<String>,
        /// Whether the recipient is starting (else: finishing).
        incoming: bool,
    },
}

impl Body {
    /// The call the notice is about (`None` for reminders and handovers).
    pub fn call(&self) -> Option<CallId> {
        Some(match self {
            Body::Request { call, .. }
            | Body::Record { call, .. }
            | Body::Progress { call, .. }
            | Body::AcceptedBy { call, .. }
            | Body::Taken { call, .. }
            | Body::MovedOn { call }
            | Body::Advice { call, .. }
            | Body::Alert { call, .. }
            | Body::Followup { call, .. }
            | Body::Report { call, .. }
            | Body::Cancelled { call, .. } => *call,
            Body::Reminder { .. }
            | Body::Handover { .. }
            | Body::Unstaffed { .. }
            | Body::ChannelDown { .. }
            | Body::ChannelUp { .. }
            | Body::LinkBroken { .. }
            | Body::DeadLetter { .. }
            | Body::RotaChanged { .. }
            | Body::SwapOffer { .. } => return None,
        })
    }

    /// A short tag for idempotency keys.
    pub fn tag(&self) -> &'static str {
        match self {
            Body::Request { .. } => "request",
            Body::Record { .. } => "record",
            Body::Progress { .. } => "progress",
            Body::AcceptedBy { .. } => "accepted",
            Body::Taken { .. } => "taken",
            Body::MovedOn { .. } => "moved_on",
            Body::Advice { .. } => "advice",
            Body::Alert { .. } => "alert",
            Body::Followup { .. } => "followup",
            Body::Report { .. } => "report",
            Body::Cancelled { .. } => "cancelled",
            Body::Reminder { .. } => "reminder",
            Body::Handover { .. } => "handover",
            Body::Unstaffed { .. } => "unstaffed",
            Body::ChannelDown { .. } => "channel_down",
            Body::ChannelUp { .. } => "channel_up",
            Body::LinkBroken { .. } => "link_broken",
            Body::DeadLetter { .. } => "dead_letter",
            Body::RotaChanged { .. } => "rota_changed",
            Body::SwapOffer { .. } => "swap_offer",
        }
    }
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
    /// Only the one who accepted files the report.
    #[error("only {handler}, who accepted call {call}, can file its report")]
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
        patient: u64,
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

    /// When the current step gives up, if the call is waiting.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        match self.state {
            CallState::Waiting { deadline, .. } => Some(deadline),
            _ => None,
        }
    }

    /// Whether a second call for the same patient at `now` should join this one: it is waiting,
    /// or was accepted less than [`OPEN_AFTER_ACCEPT_HOURS`] ago and has no report yet.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        match &self.state {
            CallState::Waiting { .. } => true,
            CallState::Accepted { at, .. } => {
                self.report.is_none() && now - *at < Duration::hours(OPEN_AFTER_ACCEPT_HOURS)
            }
            _ => false,
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
            CallState::Waiting { step, .. } => step + 1,
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
            if step.members.is_empty() {
                self.log.push(LogEntry { at: now, what: Logged::Skipped { step: i } });
                continue;
            }
            for m in &step.members {
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
            out.send(
                &caller,
                Body::Progress { call: id, step: step.kind, members: step.members.clone() },
            );
            let deadline = now + Duration::minutes(i64::from(step.wait_minutes));
            self.state = CallState::Waiting { step: i, deadline };
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
        let asked = self.asked();
        if !asked.contains(by) {
            return Err(Refusal::NotAsked { call, who: by.clone() });
        }
        if self.declined.contains(by) {
            return Err(Refusal::Declined { call, who: by.clone() });
        }
        let (patient, caller) = (self.patient, self.caller.clone());
        let others: Vec<MemberId> =
            asked.into_iter().filter(|m| m != by && !self.declined.contains(m)).collect();
        let mut out = self.out(notices);
        out.send(by, Body::Record { call, patient });
        out.send(&caller, Body::AcceptedBy { call, by: by.clone() });
        for m in &others {
            out.send(m, Body::Taken { call, by: by.clone() });
        }
        self.state = CallState::Accepted { by: by.clone(), at: now };
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
        let CallState::Waiting { step, deadline } = self.state else { return };
        if now < deadline {
            return;
        }
        self.log.push(LogEntry { at: now, what: Logged::TimedOut { step } });
        let call = self.id;
        let pending: Vec<MemberId> = self.chain[step]
            .members
            .iter()
            .filter(|m| !self.declined.contains(m))
            .cloned()
            .collect();
        let mut out = self.out(notices);
        for m in &pending {
            out.send(m, Body::MovedOn { call });
        }
        self.enter(step + 1, now, notices);
    }

    fn followup(
        &mut self,
        from: &MemberId,
        note: &str,
        now: DateTime<Utc>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), Refusal> {
        let call = self.id;
        let to: Vec<MemberId> = match &self.state {
            CallState::Waiting { step, .. } => self.chain[*step]
                .members
                .iter()
                .filter(|m| !self.declined.contains(m))
                .cloned()
                .collect(),
            CallState::Accepted { by, .. } if self.is_open(now) => vec![by.clone()],
            other => return Err(Refusal::Closed { call, state: other.as_str(), what: "join" }),
        };
        let body = Body::Followup { call, from: from.clone(), note: note.to_string() };
        let caller = self.caller.clone();
        let mut out = self.out(notices);
        for m in to.iter().filter(|m| *m != from) {
            out.send(m, body.clone());
        }
        if &caller != from {
            out.send(&caller, body);
        }
        self.log.push(LogEntry {
            at: now,
            what: Logged::Followup { from: from.clone(), note: note.to_string() },
        });
        Ok(())
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

#[cfg(test)]
mod tests;
