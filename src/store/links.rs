//! Records of Telegram account links and the one-time invites that create them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::PatientId;
use crate::rules::MemberId;

/// A one-time invitation to link a Telegram account to a member. Only the SHA-256 of the code
/// is stored: a copy of the store does not let anyone link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// Hex SHA-256 of the code.
    pub hash: String,
    /// The member the code links to.
    pub member: MemberId,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was used, if it was.
    pub used_at: Option<DateTime<Utc>>,
}

/// A member's linked Telegram account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The member.
    pub member: MemberId,
    /// The private chat with the bot (where messages go).
    pub chat_id: i64,
    /// The Telegram user.
    pub user_id: u64,
    /// When the link was made.
    pub linked_at: DateTime<Utc>,
    /// Set when Telegram said this chat can no longer be reached (the bot was blocked, the
    /// chat is gone, the account deactivated): messages go to the fallback until the member
    /// links again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken: Option<Broken>,
}

/// Why and since when a link stopped working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    /// When it was found broken.
    pub at: DateTime<Utc>,
    /// What the channel said.
    pub why: String,
}

/// What redeeming a code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeem {
    /// Linked: one more device of the member (their other devices stay linked).
    Linked(Link),
    /// Refused: this chat is linked to another member (the code stays unused).
    OtherMember(MemberId),
    /// No such code.
    Unknown,
    /// Used already.
    Used,
    /// Past its expiry.
    Expired,
}

/// A note the duty doctor leaves for the next one, shown at handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The slot it was written in.
    pub slot: String,
    /// Who wrote it.
    pub by: MemberId,
    /// What it says.
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Where a chat is in a guided form (`/call`), kept so a restart does not lose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialog {
    /// The step.
    pub step: DialogStep,
    /// When the form was started (forms expire).
    pub started_at: DateTime<Utc>,
}

/// A step of a guided form in chat: the `/call` form, or a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DialogStep {
    /// Waiting for a patient number or name.
    Patient,
    /// Waiting for the note about patient `patient`.
    Note {
        /// The patient chosen.
        patient: PatientId,
    },
    /// Waiting for the caller to confirm (or stop) the call for `patient` with `note`, the
    /// patient's name shown.
    Confirm {
        /// The patient.
        patient: PatientId,
        /// The caller's note.
        note: String,
    },
    /// Waiting for the words of the report of call `call`.
    ReportText {
        /// The call.
        call: crate::routing::CallId,
    },
    /// Waiting for the outcome (a button) of the report of call `call`, whose words are `text`.
    ReportOutcome {
        /// The call.
        call: crate::routing::CallId,
        /// The words of the report.
        text: String,
    },
    /// `/course` (issue 20): waiting for the number of the patient whose course is recorded.
    CoursePatient,
    /// `/course`: waiting for the event (a button) for patient `patient`.
    CourseEvent {
        /// The patient.
        patient: PatientId,
    },
    /// `/course`: waiting for the day of `event` (a button, or typed).
    CourseDate {
        /// The patient.
        patient: PatientId,
        /// What happened.
        event: crate::routing::CourseEvent,
    },
    /// `/course`: waiting for 記録する or やめる.
    CourseConfirm {
        /// The patient.
        patient: PatientId,
        /// What happened.
        event: crate::routing::CourseEvent,
        /// The day it happened.
        date: chrono::NaiveDate,
    },
}

/// A calendar-feed (and on-duty API) token: 128 random bits, shown once, stored as a SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedToken {
    /// Given by the store, ascending.
    pub id: crate::ids::FeedTokenId,
    /// Hex SHA-256 of the token.
    pub hash: String,
    /// The doctor whose duties the feed shows; `None`: the whole rota.
    pub member: Option<MemberId>,
    /// The admin's label (e.g. "clinic PC").
    pub label: Option<String>,
    /// When it was issued.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One audited change: who did what, when, on whose behalf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Given by the store, ascending.
    pub seq: crate::ids::AuditSeq,
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it (a member id, or `admin` for the command line).
    pub by: String,
    /// On whose behalf, if not their own.
    pub on_behalf: Option<String>,
    /// What kind of change (`swap`, `cover`, …).
    pub action: String,
    /// What changed, in words: entries written before [`AuditEntry::event`] existed, and the
    /// web console's; empty for typed entries.
    pub detail: String,
    /// What changed, typed (rendered in the reader's language by `toban audit`); absent in
    /// entries written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<super::AuditEvent>,
}

impl AuditEntry {
    /// A typed entry for `by` doing `event` at `at`, on their own behalf; the store gives
    /// `seq`.
    pub fn of(at: DateTime<Utc>, by: &str, event: super::AuditEvent) -> AuditEntry {
        AuditEntry {
            seq: crate::ids::AuditSeq::UNSAVED,
            at,
            by: by.to_string(),
            on_behalf: None,
            action: event.action().to_string(),
            detail: String::new(),
            event: Some(event),
        }
    }

    /// An entry for `by` doing `action` at `at`, on their own behalf; the store gives `seq`.
    pub fn new(at: DateTime<Utc>, by: &str, action: &str, detail: String) -> AuditEntry {
        AuditEntry {
            seq: crate::ids::AuditSeq::UNSAVED,
            at,
            by: by.to_string(),
            on_behalf: None,
            action: action.to_string(),
            detail,
            event: None,
        }
    }
}

/// A swap or cover proposed in chat, waiting for the colleague's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwapRequest {
    /// Given by the store.
    pub id: crate::ids::SwapRequestId,
    /// Who proposes.
    pub proposer: MemberId,
    /// The proposer's slot.
    pub slot: String,
    /// The colleague asked.
    pub target: MemberId,
    /// The colleague's slot the proposer takes in exchange; `None`: just cover me.
    pub their_slot: Option<String>,
    /// When it was proposed.
    pub created_at: DateTime<Utc>,
    /// Where it stands.
    pub status: SwapStatus,
    /// Requests sent together to several colleagues (a cover request asked of all at once)
    /// share a group: the first Accept takes the slot and closes the others.
    #[serde(default)]
    pub group: Option<crate::ids::SwapRequestId>,
    /// When an unanswered request gives up (the admin is then alerted).
    #[serde(default)]
    pub deadline: Option<DateTime<Utc>>,
    /// Bumped by every change: the store writes a request only over the version it was read
    /// at ([`crate::store::Store::commit_swap`]), so two answers can never both apply.
    /// Requests stored before versions existed read as 0.
    #[serde(default)]
    pub version: u64,
    /// When the proposer's duty starts (for messages; unknown for requests stored before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_start: Option<DateTime<Utc>>,
    /// When the colleague's duty starts, for a swap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub their_start: Option<DateTime<Utc>>,
    /// A cover of some days only (issue 20): the first and last day covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// The rota of its duties (issue 20): `None` for the association's own. Stamped by
    /// [`crate::store::RotaView`] when it is opened, so the desk decides it in that rota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rota: Option<crate::rules::RotaId>,
}

/// Where a swap request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SwapStatus {
    /// Waiting for the colleague.
    Pending,
    /// A cover request asked in turn (rules `cover_order = "in_turn"`): this colleague is asked
    /// only if the ones before decline or let their turn pass.
    Queued,
    /// The colleague agreed; waiting for an admin's approval (rules `[swap] admin_approval`).
    AwaitingAdmin,
    /// Done.
    Accepted,
    /// The colleague said no.
    Declined,
    /// No longer possible when answered (rules, or the rota changed).
    Refused,
    /// Too old, or the slot started, or (a cover asked of several) a colleague took it.
    Expired,
    /// The proposer took it back.
    Withdrawn,
    /// The office did not approve it.
    Rejected,
}

impl SwapStatus {
    /// Whether the request is still open (asked, waiting its turn, or waiting for the office).
    pub fn is_open(self) -> bool {
        matches!(self, SwapStatus::Pending | SwapStatus::Queued | SwapStatus::AwaitingAdmin)
    }

    /// A short English word for lists and JSON.
    pub fn word(self) -> &'static str {
        match self {
            SwapStatus::Pending => "pending",
            SwapStatus::Queued => "queued",
            SwapStatus::AwaitingAdmin => "awaiting_admin",
            SwapStatus::Accepted => "accepted",
            SwapStatus::Declined => "declined",
            SwapStatus::Refused => "refused",
            SwapStatus::Expired => "expired",
            SwapStatus::Withdrawn => "withdrawn",
            SwapStatus::Rejected => "rejected",
        }
    }
}

/// What [`crate::store::Store::commit_swap`] writes in one transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SwapCommit {
    /// Requests to add (id 0) or to replace over their previous version.
    pub requests: Vec<SwapRequest>,
    /// The change to the published rota: its plan year and each doctor replaced.
    pub change: Option<(i32, Vec<super::Moved>)>,
    /// A partial cover to add to the published rota: its plan year, the slot and the part
    /// (issue 20). Written like `change`, whose place it takes (a commit has one or the other).
    pub part: Option<(i32, String, super::CoverPart)>,
    /// Audit entries; with a change, the first is the change's.
    pub audit: Vec<AuditEntry>,
    /// The rota whose published record `change` and `part` are made in (issue 20): `None` is
    /// the association's own. Set by [`crate::store::RotaView`], so the code that makes a
    /// change never names the rota.
    pub rota: Option<crate::rules::RotaId>,
}
