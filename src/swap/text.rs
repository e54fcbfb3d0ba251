//! A swap notice ([`Note`]) and a refusal as messages of the catalogue ([`SwapMsg`]), with
//! today's names and the association's zone: done at delivery, so a renamed doctor or a
//! language switch applies to messages already queued.

use chrono::{DateTime, Utc};

use super::why::Register;
use super::{Duty, Note, Refusal, Why};
use crate::msg::swap::{DutyAt, Reason, SwapMsg};
use crate::msg::{Doctor, Message, When};
use crate::rules::{MemberId, Rules};

/// `at` in the association's zone.
pub fn when(rules: &Rules, at: DateTime<Utc>) -> When {
    When(at.with_timezone(&rules.association.tz))
}

/// A duty as a message argument.
pub fn duty(rules: &Rules, d: &Duty) -> DutyAt {
    DutyAt {
        slot: d.slot.clone(),
        start: d.start.map(|s| when(rules, s)),
        part: d.part.map(|(from, to)| (crate::msg::Day(from), crate::msg::Day(to))),
    }
}

/// A member's name as a message argument.
pub fn doctor(rules: &Rules, id: &MemberId) -> Doctor {
    Doctor(rules.name_of(id.as_str()).to_string())
}

/// The message of `note`.
pub fn message(rules: &Rules, note: &Note) -> SwapMsg {
    let d = |x: &Duty| duty(rules, x);
    let who = |m: &MemberId| doctor(rules, m);
    match note {
        Note::Offer { proposer, duty, theirs, until, first_wins } => SwapMsg::Offer {
            from: who(proposer),
            duty: d(duty),
            theirs: theirs.as_ref().map(d),
            until: when(rules, *until),
            first_wins: *first_wins,
        },
        Note::Approval { proposer, target, duty, theirs, until } => SwapMsg::Approval {
            proposer: who(proposer),
            target: who(target),
            duty: d(duty),
            theirs: theirs.as_ref().map(d),
            until: when(rules, *until),
        },
        Note::Agreed { target, duty } => SwapMsg::Agreed { target: who(target), duty: d(duty) },
        Note::Declined { target, duty } => SwapMsg::Declined { target: who(target), duty: d(duty) },
        Note::Rejected { duty } => SwapMsg::Rejected { duty: d(duty) },
        Note::Changed { moves } => SwapMsg::Changed {
            moves: moves.iter().map(|m| (d(&m.duty), who(&m.from), who(&m.to))).collect(),
        },
        // Told to the doctors of the request, in their chat (issue 18).
        Note::Impossible { duty, why } => {
            SwapMsg::Impossible { duty: d(duty), why: reason(rules, why, Register::Chat) }
        }
        Note::Expired { target, duty } => SwapMsg::Expired { target: who(target), duty: d(duty) },
        Note::Withdrawn { proposer, duty } => {
            SwapMsg::Withdrawn { proposer: who(proposer), duty: d(duty) }
        }
        Note::Taken { by, duty } => SwapMsg::Taken { by: who(by), duty: d(duty) },
        Note::Unfilled { proposer, duty, office: true } => SwapMsg::UnfilledOffice {
            proposer: who(proposer),
            duty: d(duty),
            year: plan_year(rules, duty),
            slot: duty.slot.clone(),
        },
        Note::Unfilled { duty, office: false, .. } => SwapMsg::UnfilledDoctor { duty: d(duty) },
    }
}

/// The plan year a slot belongs to (its start's year, moved back for a fiscal year).
fn plan_year(rules: &Rules, duty: &Duty) -> String {
    use chrono::Datelike;
    let Some(start) = duty.start else {
        return duty.slot.get(..4).unwrap_or("YEAR").to_string();
    };
    let day = start.with_timezone(&rules.association.tz).date_naive();
    let first = crate::calendar::slots::plan_year_first_day(rules, day.year());
    let year = if day < first { day.year() - 1 } else { day.year() };
    year.to_string()
}

/// Why a request closed, as `register` reads it, with today's names.
pub fn reason(rules: &Rules, why: &Why, register: Register) -> Reason {
    match why {
        Why::RotaMoved => Reason::RotaMoved,
        Why::Refused(blocked) => blocked.reason(rules, register),
        Why::Said(text) => Reason::Said { ja: text.clone(), en: text.clone() },
    }
}

/// Why request step `step` closed request `id` without its change, for `register`; `None`
/// when it did not.
pub fn closed_why(
    rules: &Rules,
    step: &super::Step,
    id: crate::ids::SwapRequestId,
    register: Register,
) -> Option<Reason> {
    let refused =
        step.requests.iter().any(|r| r.id == id && r.status == crate::store::SwapStatus::Refused);
    if !refused {
        return None;
    }
    let why = step.notices.iter().find_map(|n| match &n.body {
        crate::routing::Body::Swap { note: Note::Impossible { why, .. }, .. } => Some(why),
        _ => None,
    })?;
    Some(reason(rules, why, register))
}

/// The text of `note` in the association's language.
pub fn render(rules: &Rules, note: &Note) -> String {
    message(rules, note).render(rules.association.language)
}

/// A refusal as a message.
pub fn refusal(rules: &Rules, r: &Refusal) -> SwapMsg {
    match r {
        Refusal::Unknown(request) => SwapMsg::Unknown { request: *request },
        Refusal::NotYours(_) => SwapMsg::NotYours,
        Refusal::NotAdmin(_) => SwapMsg::NotAdmin,
        Refusal::NotProposer(_) => SwapMsg::NotProposer,
        Refusal::Expired(_) => SwapMsg::TooLate,
        Refusal::Taken { by, .. } => SwapMsg::TakenAlready { by: doctor(rules, by) },
        Refusal::Closed { status: crate::store::SwapStatus::Withdrawn, .. } => SwapMsg::Closed,
        Refusal::Closed { .. } => SwapMsg::Answered,
    }
}
