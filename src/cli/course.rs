//! `toban patient course ID EVENT DATE`: a patient's course as the office records it, dated and
//! audited (issue 20), and the note `toban patient remove` adds when a record leaves the
//! registry without a reason.
//!
//! Key decisions:
//! - The rules of a course are the pure [`crate::routing::course::check`]; this file only reads
//!   the record, appends the event and writes it with its audit entry in one transaction
//!   ([`change`], which `patient edit` uses too).
//! - What is kept: an ended patient's record stays on the registry as it was (the minimal
//!   record and the dated course), so the year's figures can be produced again and the office
//!   can still answer the backup hospital and the attending doctor; nothing is sent about
//!   them any more, because calls are refused. Removing it takes it out of every later report,
//!   hence the note after a removal without a reason.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::msg::refusal::Refusal;
use crate::msg::{Day, Lang, Message, record::RecordMsg};
use crate::routing::{CourseEntry, CourseEvent, Patient, PatientId, course};
use crate::rules::Rules;
use crate::store::{AuditEntry, PatientWrite, Store};

fn no_patient(id: PatientId) -> anyhow::Error {
    Refusal::NoSuchPatient(id).into()
}

/// What adding an event to a course came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Added {
    /// Recorded (and audited, in the same transaction).
    Recorded,
    /// No such patient.
    NoPatient,
    /// The course refuses it, and why; nothing changed.
    Refused(course::CourseError),
}

/// Adds `event` on `date` to the course of patient `id`, at `now`, audited as `by`, in one
/// transaction ([`change_as`]): the one path of the command line and the web console.
///
/// # Errors
/// Store failures; a [`RecordMsg::ChangedMeanwhile`] refusal after [`TRIES`] lost races.
pub(crate) fn add(
    rules: &Rules,
    store: &dyn Store,
    id: PatientId,
    (event, date): (CourseEvent, NaiveDate),
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<Added> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let refused = std::cell::RefCell::new(None);
    let audited = crate::store::AuditEvent::PatientCourse { patient: id, event, date };
    let written = change_as(store, id, now, by, audited, &|mut p| {
        if let Err(why) = course::check(&p, event, date, today) {
            refused.replace(Some(why.clone()));
            return Err(Refusal::Record(Box::new(RecordMsg::Refused { patient: id, why })).into());
        }
        p.course.push(CourseEntry { event, date, recorded_at: now });
        Ok(p)
    });
    match written {
        Ok(_) => Ok(Added::Recorded),
        Err(e) if e.is::<Missing>() => Ok(Added::NoPatient),
        Err(e) => refused.take().map(Added::Refused).ok_or(e),
    }
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
    id: PatientId,
    (event, date): (CourseEvent, NaiveDate),
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let by = format!("admin:{}", super::actor::current());
    match add(rules, store, id, (event, date), now, &by)? {
        Added::NoPatient => return Err(no_patient(id)),
        Added::Refused(why) => {
            return Err(Refusal::Record(Box::new(RecordMsg::Refused { patient: id, why })).into());
        }
        Added::Recorded => {}
    }
    writeln!(out, "{}", RecordMsg::Recorded { patient: id, event, date: Day(date) }.render(lang))?;
    if event.ends() {
        writeln!(out, "{}", RecordMsg::RegistrationEnded { patient: id }.render(lang))?;
    }
    Ok(())
}

/// [`change`] found no patient of that number.
#[derive(Debug, thiserror::Error)]
#[error("no such patient")]
pub(super) struct Missing;

/// How many times [`change`] decides again when another writer came first.
const TRIES: usize = 5;

/// Changes patient `id`'s record as `decide` says (given the stored record, it returns the new
/// one or refuses) and writes it with the audit entry of `event` in one transaction
/// ([`Store::commit_patient`]), stamped `now`: a change is never kept without its audit, nor
/// audited without being kept. If the record changed between the read and the write (a chat
/// command, the console), it is read and decided again, so a course is always checked against
/// the course it extends.
///
/// # Errors
/// [`Missing`] when there is no such patient; `decide`'s refusal; a
/// [`RecordMsg::ChangedMeanwhile`] refusal after [`TRIES`] lost races; store failures.
pub(super) fn change(
    store: &dyn Store,
    id: PatientId,
    now: DateTime<Utc>,
    event: crate::store::AuditEvent,
    decide: &dyn Fn(Patient) -> anyhow::Result<Patient>,
) -> anyhow::Result<Patient> {
    change_as(store, id, now, &format!("admin:{}", super::actor::current()), event, decide)
}

/// [`change`], audited as done `by` (the web console's signed-in admin).
///
/// # Errors
/// As [`change`].
fn change_as(
    store: &dyn Store,
    id: PatientId,
    now: DateTime<Utc>,
    by: &str,
    event: crate::store::AuditEvent,
    decide: &dyn Fn(Patient) -> anyhow::Result<Patient>,
) -> anyhow::Result<Patient> {
    let audit = AuditEntry::of(now, by, event);
    for _ in 0..TRIES {
        let read = store.patient(id)?.ok_or(Missing)?;
        let mut p = decide(read.clone())?;
        p.updated_at = now;
        match store.commit_patient(&read, &p, &audit)? {
            PatientWrite::Written => return Ok(p),
            PatientWrite::Missing => return Err(Missing.into()),
            PatientWrite::Changed => continue,
        }
    }
    Err(Refusal::Record(Box::new(RecordMsg::ChangedMeanwhile { patient: id })).into())
}

/// Whether patient `id`'s registration has ended (read before the record is removed).
pub(super) fn before_removal(store: &dyn Store, id: PatientId) -> anyhow::Result<bool> {
    Ok(store.patient(id)?.is_some_and(|p| p.ended().is_some()))
}

/// After `patient remove` of a patient whose registration had not ended, without a reason:
/// says that the patient leaves the annual report, and how a death or a move is recorded.
pub(super) fn after_removal(
    id: PatientId,
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
