//! What a call (and the duty schedule) tells members: a [`Notice`] is a recipient, a [`Body`]
//! and an idempotency key.
//!
//! Key decision: a body holds ids and the few words members wrote (a note, a report), never
//! patient data or rendered text; `notify::text` and `notify::duty` render it at delivery, in
//! the association's language with today's names.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::chain::StepKind;
use super::engine::CallId;
use crate::ids::PatientId;
use crate::rules::MemberId;

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
        patient: PatientId,
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
        patient: PatientId,
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
    /// An unanswered [`Body::Request`] once more, at half its step's time (Telegram pings once;
    /// a phone would ring until answered).
    RequestAgain {
        /// The call.
        call: CallId,
        /// The patient.
        patient: PatientId,
        /// The step asking.
        step: StepKind,
        /// When the step gives up.
        until: DateTime<Utc>,
    },
    /// To the caller: someone took the call (with the acceptor's number to call back).
    AcceptedBy {
        /// The call.
        call: CallId,
        /// Who.
        by: MemberId,
        /// Whether the caller had been advised to call 119 before ([`Body::Advice`]).
        #[serde(default)]
        after_advice: bool,
    },
    /// To the admins: after the advice to call 119 and their alert, someone took the call.
    LateAccept {
        /// The call.
        call: CallId,
        /// The patient.
        patient: PatientId,
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
        patient: PatientId,
    },
    /// To the admins: a call reached the end of the chain.
    Alert {
        /// The call.
        call: CallId,
        /// The patient.
        patient: PatientId,
    },
    /// A second call for the same patient: its note, to everyone who can still accept, or to
    /// the handler, who acknowledges it within `ack_minutes`.
    Followup {
        /// The call.
        call: CallId,
        /// Who raised it.
        from: MemberId,
        /// Their note.
        note: String,
        /// To the handler: minutes to acknowledge before the call goes on to the next step.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ack_minutes: Option<u32>,
        /// To the handler: when the call goes on without an acknowledgement (a follow-up
        /// before the acknowledgement keeps the first one's). `None` in notices stored before.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ack_until: Option<DateTime<Utc>>,
    },
    /// To the handler: a follow-up not acknowledged yet, once more at half the time.
    FollowupAgain {
        /// The call.
        call: CallId,
        /// When the call goes on without an acknowledgement.
        until: DateTime<Utc>,
    },
    /// To those who sent follow-ups: the handler acknowledged them.
    Acknowledged {
        /// The call.
        call: CallId,
        /// The handler.
        by: MemberId,
    },
    /// To the handler: the follow-up was not acknowledged in time, so the call went on to the
    /// next step; acknowledging now takes it back.
    Unacknowledged {
        /// The call.
        call: CallId,
    },
    /// The handler's report, to the attending doctor.
    Report {
        /// The call.
        call: CallId,
        /// The patient.
        patient: PatientId,
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
        /// The channel of the broken chat (`Channel::name`: "Telegram", "LINE"); none in
        /// notices queued before it was kept: Telegram.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
    },
    /// To the admins: a webhook refused a notice for good (a 4xx other than 429): toban
    /// stopped sending that notice to it.
    WebhookRefused {
        /// The webhook's id.
        webhook: String,
        /// The recipient of the notice refused.
        member: MemberId,
        /// Its kind ([`Body::tag`]).
        what: String,
        /// The HTTP status it answered, if it answered.
        status: Option<u16>,
        /// What went wrong, as logged.
        why: String,
    },
    /// To the admins: a webhook failed for `[delivery] dead_letter_minutes` (unreachable, 5xx,
    /// 429) and toban gave a notice up on it: the gateway never got it (told once per episode).
    WebhookGivenUp {
        /// The webhook's id.
        webhook: String,
        /// The recipient of the notice given up.
        member: MemberId,
        /// Its kind ([`Body::tag`]).
        what: String,
        /// How long it was tried (`dead_letter_minutes` then).
        minutes: u32,
        /// The HTTP status it answered last, if it answered.
        status: Option<u16>,
        /// What went wrong last, as logged.
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
    /// To the admins: edited rules files were not valid; the previous rules stay in force.
    RulesRejected {
        /// What is wrong, file by file and line by line, as `toban check` says it (typed, so
        /// each admin reads it in their language).
        #[serde(default)]
        problems: Vec<crate::rules::Problem>,
        /// A failure that is not a rules problem (a calendar file, a file that cannot be read),
        /// as its technical text; empty when `problems` says it all.
        #[serde(default)]
        message: String,
    },
    /// To a doctor: a re-planned rota was published; the duties they gained and lost (slot ids).
    RotaUpdated {
        /// The plan year.
        year: i32,
        /// Slots the doctor is now on duty in.
        added: Vec<String>,
        /// Slots the doctor no longer is.
        removed: Vec<String>,
    },
    /// To the admins: no published rota covers `at` (calls skip the duty step).
    NoRota {
        /// When the last published rota ended (`None`: none ever did).
        since: Option<DateTime<Utc>>,
        /// When the gap was found.
        at: DateTime<Utc>,
    },
    /// To the admins (`office`) or to the doctor: an absence of `doctor` overlaps their
    /// published duty `slot`.
    AwayOverDuty {
        /// The doctor away.
        doctor: MemberId,
        /// The duty's slot.
        slot: String,
        /// When the duty starts.
        start: DateTime<Utc>,
        /// When it ends.
        end: DateTime<Utc>,
        /// First day away.
        from: NaiveDate,
        /// Last day away (inclusive).
        to: NaiveDate,
        /// The absence's note.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        /// The others on the same duty.
        others: Vec<MemberId>,
        /// Whether the duty had begun when the absence was entered (no `/cover` then).
        started: bool,
        /// To the office (else: to the doctor).
        office: bool,
    },
    /// To the admins: after a rules change, doctors hold published duties outside their
    /// membership: each doctor with their slots.
    MembershipClash {
        /// The rules folder, as given to `serve`.
        rules: String,
        /// Each doctor and the slots they hold.
        clashes: Vec<(String, Vec<String>)>,
    },
    /// To a doctor: a colleague proposes a swap or asks for cover (Accept / Decline buttons).
    SwapOffer {
        /// The swap request.
        request: u64,
        /// What is proposed, in the association's language.
        detail: String,
    },
    /// About swap or cover request `request`: an offer, the office's approval, an outcome
    /// (typed; rendered at delivery by [`crate::swap::text`]).
    Swap {
        /// The request.
        request: crate::ids::SwapRequestId,
        /// What to say.
        note: crate::swap::Note,
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
    /// A reminder or handover of another rota than the association's own (issue 20): read
    /// against that rota's published record and rendered naming it.
    InRota {
        /// The rota's id.
        rota: crate::rules::RotaId,
        /// The notice as that rota's code made it.
        body: Box<Body>,
    },
}

impl Body {
    /// The call the notice is about (`None` for reminders and handovers).
    pub fn call(&self) -> Option<CallId> {
        Some(match self {
            Body::Request { call, .. }
            | Body::Record { call, .. }
            | Body::RequestAgain { call, .. }
            | Body::Progress { call, .. }
            | Body::AcceptedBy { call, .. }
            | Body::LateAccept { call, .. }
            | Body::Taken { call, .. }
            | Body::MovedOn { call }
            | Body::Advice { call, .. }
            | Body::Alert { call, .. }
            | Body::Followup { call, .. }
            | Body::FollowupAgain { call, .. }
            | Body::Acknowledged { call, .. }
            | Body::Unacknowledged { call }
            | Body::Report { call, .. }
            | Body::Cancelled { call, .. } => *call,
            Body::InRota { body, .. } => return body.call(),
            Body::Reminder { .. }
            | Body::Handover { .. }
            | Body::Unstaffed { .. }
            | Body::ChannelDown { .. }
            | Body::ChannelUp { .. }
            | Body::LinkBroken { .. }
            | Body::DeadLetter { .. }
            | Body::WebhookRefused { .. }
            | Body::WebhookGivenUp { .. }
            | Body::RulesRejected { .. }
            | Body::NoRota { .. }
            | Body::RotaUpdated { .. }
            | Body::AwayOverDuty { .. }
            | Body::MembershipClash { .. }
            | Body::RotaChanged { .. }
            | Body::Swap { .. }
            | Body::SwapOffer { .. } => return None,
        })
    }

    /// The call this notice is the 【受諾】 record of (to the one who accepted it): a reply to
    /// it is the call's report, so a channel that names replies by message id keeps its id.
    pub fn record_of(&self) -> Option<CallId> {
        match self {
            Body::Record { call, .. } => Some(*call),
            Body::InRota { body, .. } => body.record_of(),
            _ => None,
        }
    }

    /// A short tag for idempotency keys.
    pub fn tag(&self) -> &'static str {
        match self {
            Body::Request { .. } => "request",
            Body::Record { .. } => "record",
            Body::RequestAgain { .. } => "request_again",
            Body::Progress { .. } => "progress",
            Body::AcceptedBy { .. } => "accepted",
            Body::LateAccept { .. } => "late_accept",
            Body::Taken { .. } => "taken",
            Body::MovedOn { .. } => "moved_on",
            Body::Advice { .. } => "advice",
            Body::Alert { .. } => "alert",
            Body::Followup { .. } => "followup",
            Body::FollowupAgain { .. } => "followup_again",
            Body::Acknowledged { .. } => "acknowledged",
            Body::Unacknowledged { .. } => "unacknowledged",
            Body::Report { .. } => "report",
            Body::Cancelled { .. } => "cancelled",
            Body::Reminder { .. } => "reminder",
            Body::Handover { .. } => "handover",
            Body::Unstaffed { .. } => "unstaffed",
            Body::ChannelDown { .. } => "channel_down",
            Body::ChannelUp { .. } => "channel_up",
            Body::LinkBroken { .. } => "link_broken",
            Body::DeadLetter { .. } => "dead_letter",
            Body::WebhookRefused { .. } => "webhook_refused",
            Body::WebhookGivenUp { .. } => "webhook_given_up",
            Body::RulesRejected { .. } => "rules_rejected",
            Body::NoRota { .. } => "no_rota",
            Body::RotaUpdated { .. } => "rota_updated",
            Body::AwayOverDuty { .. } => "away_over_duty",
            Body::MembershipClash { .. } => "membership_clash",
            Body::RotaChanged { .. } => "rota_changed",
            Body::SwapOffer { .. } => "swap_offer",
            Body::Swap { .. } => "swap",
            Body::InRota { body, .. } => body.tag(),
        }
    }
}
