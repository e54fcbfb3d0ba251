//! `toban patient course ID EVENT DATE`: a patient's course as the office records it, dated and
//! audited (issue 20), and the note `toban patient remove` adds when a record leaves the
//! registry without a reason.
//!
//! Key decisions:
//! - The rules of a course are the pure [`crate::routing::course::check`]; this file only reads
//!   the record, appends the event and writes it with its audit entry in one transaction
//!   ([`patients::change_as`], which `patient edit` uses too).
//! - What is kept: an ended patient's record stays on the registry as it was (the minimal
//!   record and the dated course), so the year's figures can be produced again and the office
//!   can still answer the backup hospital and the attending doctor; nothing is sent about
//!   them any more, because calls are refused. Removing it takes it out of every later report,
//!   hence the note after a removal without a reason.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::desk::patients;
use crate::msg::refusal::Refusal;
use crate::msg::{Day, Lang, Message, record::RecordMsg};
use crate::routing::{CourseEntry, CourseEvent, PatientId, course};
use crate::rules::Rules;
use crate::store::Store;

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
/// transaction ([`patients::change_as`]): the one path of the command line and the web console.
///
/// # Errors
/// Store failures; a [`RecordMsg::ChangedMeanwhile`] refusal when the record kept changing.
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
    let written = patients::change_as(store, id, now, by, audited, &|mut p| {
        if let Err(why) = course::check(&p, event, date, today) {
            refused.replace(Some(why.clone()));
            return Err(Refusal::Record(Box::new(RecordMsg::Refused { patient: id, why })).into());
        }
        p.course.push(CourseEntry { event, date, recorded_at: now });
        Ok(p)
    });
    match written {
        Ok(_) => Ok(Added::Recorded),
        Err(e) if e.is::<patients::Missing>() => Ok(Added::NoPatient),
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
