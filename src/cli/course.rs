//! `toban patient course ID EVENT DATE`: a patient's course as the office records it, dated and
//! audited (issue 20), and the note `toban patient remove` adds when a record leaves the
//! registry without a reason.
//!
//! Key decisions:
//! - The rules of a course are the pure [`crate::routing::course::check`]; this file only reads
//!   the record, appends the event and writes the audit entry.
//! - What is kept: an ended patient's record stays on the registry as it was (the minimal
//!   record and the dated course), so the year's figures can be produced again and the office
//!   can still answer the backup hospital and the attending doctor; nothing is sent about
//!   them any more, because calls are refused. Removing it takes it out of every later report,
//!   hence the note after a removal without a reason.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::msg::refusal::Refusal;
use crate::msg::{Day, Lang, Message, record::RecordMsg};
use crate::routing::{CourseEntry, CourseEvent, course};
use crate::rules::Rules;
use crate::store::Store;

fn no_patient(id: u64) -> anyhow::Error {
    Refusal::NoSuchPatient(id).into()
}

/// Adds `(event, date)` to the course of patient `id`, at `now`, and audits it; says so in
/// `lang`, the reader's language (a client's, when `serve` runs the command for it).
///
/// # Errors
/// A typed [`Refusal`] for an unknown patient or an event the course refuses (saying why,
/// rendered in the reader's language where it is printed); store failures.
pub(super) fn record(
    rules: &Rules,
    store: &dyn Store,
    id: u64,
    (event, date): (CourseEvent, NaiveDate),
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let mut p = store.patient(id)?.ok_or_else(|| no_patient(id))?;
    if let Err(why) = course::check(&p, event, date, today) {
        return Err(Refusal::Record(Box::new(RecordMsg::Refused { patient: id, why })).into());
    }
    p.course.push(CourseEntry { event, date, recorded_at: now });
    p.updated_at = now;
    if !store.put_patient(&p)? {
        return Err(no_patient(id));
    }
    let audited = crate::store::AuditEvent::PatientCourse { patient: id, event, date };
    super::desk::record(store, now, audited)?;
    writeln!(out, "{}", RecordMsg::Recorded { patient: id, event, date: Day(date) }.render(lang))?;
    if event.ends() {
        writeln!(out, "{}", RecordMsg::RegistrationEnded { patient: id }.render(lang))?;
    }
    Ok(())
}

/// Whether patient `id`'s registration has ended (read before the record is removed).
pub(super) fn before_removal(store: &dyn Store, id: u64) -> anyhow::Result<bool> {
    Ok(store.patient(id)?.is_some_and(|p| p.ended().is_some()))
}

/// After `patient remove` of a patient whose registration had not ended, without a reason:
/// says that the patient leaves the annual report, and how a death or a move is recorded.
pub(super) fn after_removal(
    id: u64,
    reason_given: bool,
    ended: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if !reason_given && !ended {
        writeln!(out, "{}", RecordMsg::RemovedWithoutReason { patient: id }.render(lang))?;
    }
    Ok(())
}
