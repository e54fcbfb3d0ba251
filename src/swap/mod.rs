//! Swap and cover requests between doctors, as a pure state machine of the same shape as a
//! call's (`routing::engine`): `(requests, event, now) → (requests', notices, rota change)`.
//!
//! Key decisions:
//! - A request is never left hanging: every one has a deadline (48 hours, or an hour before the
//!   duty, whichever comes first; cover requests keep the rules' `cover_hours`). Past it, the
//!   engine's tick expires it and the proposer is told.
//! - The machine decides, the adapter writes: the checker's verdict on the change is passed in
//!   ([`Ctx::broken`]), so the machine reads nothing; the adapter stores the requests (over the
//!   version they were read at), the rota change and the notices in one transaction
//!   ([`crate::store::Store::commit_swap`]), so a crash keeps all of a step or none of it.
//! - Notices carry ids, slots and instants ([`Note`]), never rendered text: the reader's
//!   language and today's names are applied at delivery ([`text`]). So does the reason a
//!   request closed ([`Why`]): a doctor reads it in their chat's words, the office in its own.

pub mod machine;
pub mod text;
pub mod why;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::rules::MemberId;

pub use machine::{Ctx, Event, Refusal, Step, deadline_for, step};
pub use why::{Blocked, Why};

/// Hours a swap request stays open at most (it closes an hour before the duty if sooner).
pub const SWAP_HOURS: i64 = 48;

/// A duty named in a notice: its slot and, when known, when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    /// The slot id.
    pub slot: String,
    /// When it starts (unknown for requests stored before this was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// For a partial cover, the days covered (first, last): the notice names them, not the
    /// slot (issue 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// One doctor replaced by another in one duty: a line of a rota change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The duty.
    pub duty: Duty,
    /// Who had it.
    pub from: MemberId,
    /// Who has it now.
    pub to: MemberId,
}

/// What a swap notice tells its reader, as data; [`text`] renders it at delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Note {
    /// To the colleague asked: take this duty (or exchange), with Accept / Decline buttons.
    Offer {
        /// Who asks.
        proposer: MemberId,
        /// The proposer's duty.
        duty: Duty,
        /// The colleague's duty offered in exchange (`None`: a cover).
        theirs: Option<Duty>,
        /// When the request closes unanswered.
        until: DateTime<Utc>,
        /// A cover asked of several at once: the first to accept takes it.
        first_wins: bool,
    },
    /// To the office: two doctors agreed; approve or reject (buttons).
    Approval {
        /// Who asked.
        proposer: MemberId,
        /// Who agreed.
        target: MemberId,
        /// The proposer's duty.
        duty: Duty,
        /// The colleague's duty, for a swap.
        theirs: Option<Duty>,
        /// When the request closes unanswered.
        until: DateTime<Utc>,
    },
    /// To the proposer: the colleague agreed; the office decides next.
    Agreed {
        /// Who agreed.
        target: MemberId,
        /// The proposer's duty.
        duty: Duty,
    },
    /// To the proposer: the colleague said no.
    Declined {
        /// Who declined.
        target: MemberId,
        /// The proposer's duty.
        duty: Duty,
    },
    /// To both doctors: the office did not approve.
    Rejected {
        /// The proposer's duty.
        duty: Duty,
    },
    /// To the doctors concerned and the office: the published rota changed.
    Changed {
        /// Each doctor replaced.
        moves: Vec<Moved>,
    },
    /// To the doctors of a request that can no longer be done (a rule it would break now, or
    /// the rota changed under it).
    Impossible {
        /// The proposer's duty.
        duty: Duty,
        /// Why, rendered for each reader (notices stored before issue 18 hold the text).
        #[serde(deserialize_with = "Why::read")]
        why: Why,
    },
    /// To the proposer: nobody answered in time.
    Expired {
        /// The colleague asked.
        target: MemberId,
        /// The proposer's duty.
        duty: Duty,
    },
    /// To the colleague asked (and the office, when it was to approve): the proposer took it
    /// back; no answer needed.
    Withdrawn {
        /// Who took it back.
        proposer: MemberId,
        /// The proposer's duty.
        duty: Duty,
    },
    /// To the other colleagues asked for a cover: someone else took it; no answer needed.
    Taken {
        /// Who took it.
        by: MemberId,
        /// The proposer's duty.
        duty: Duty,
    },
    /// A cover nobody took: to the office (with the re-plan to run) and to the proposer.
    Unfilled {
        /// Whose duty.
        proposer: MemberId,
        /// The duty.
        duty: Duty,
        /// Whether the reader is the office (who is told what to run).
        office: bool,
    },
}

impl Note {
    /// The buttons a notice carries: the colleague's answer, or the office's decision.
    pub fn buttons(&self) -> Option<Buttons> {
        match self {
            Note::Offer { .. } => Some(Buttons::Answer),
            Note::Approval { .. } => Some(Buttons::Decide),
            _ => None,
        }
    }
}

/// Which pair of buttons a swap notice carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buttons {
    /// The colleague's: accept or decline (`swapyes:ID`, `swapno:ID`).
    Answer,
    /// The office's: approve or reject (`swapok:ID`, `swapng:ID`).
    Decide,
}
