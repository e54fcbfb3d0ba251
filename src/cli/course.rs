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

use super::UsageError;
use crate::msg::{Day, Message, record::RecordMsg};
use crate::routing::{CourseEntry, CourseEvent, course};
use crate::rules::Rules;
use crate::store::Store;

fn no_patient(id: u64) -> anyhow::Error {
    UsageError(format!("there is no patient {id}: see `toban patient list`")).into()
}

/// What adding an event to a course came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Added {
    /// Recorded (and audited).
    Recorded,
    /// No such patient.
    NoPatient,
    /// The course refuses it, and why; nothing changed.
    Refused(course::CourseError),
}

/// Adds `event` on `date` to the course of patient `id`, at `now`, audited as `by`: the one
/// path of the command line and the web console.
///
/// # Errors
/// Store failures.
pub(crate) fn add(
    rules: &Rules,
    store: &dyn Store,
    id: u64,
    event: CourseEvent,
    date: NaiveDate,
    now: DateTime<Utc>,
    by: &str,
) -> Result<Added, crate::store::StoreError> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let Some(mut p) = store.patient(id)? else {
        return Ok(Added::NoPatient);
    };
    if let Err(why) = course::check(&p, event, date, today) {
        return Ok(Added::Refused(why));
    }
    p.course.push(CourseEntry { event, date, recorded_at: now });
    p.updated_at = now;
    if !store.put_patient(&p)? {
        return Ok(Added::NoPatient);
    }
    let detail = format!("patient {id} course: {} on {date}", event.as_str());
    store.add_audit(&crate::store::AuditEntry::new(now, by, "patient", detail))?;
    Ok(Added::Recorded)
}

/// `toban patient course`: [`add`] as the office's admin, and what it did.
///
/// # Errors
/// A [`UsageError`] for an unknown patient or an event the course refuses (in the rules'
/// language, saying why); store failures.
pub(super) fn record(
    rules: &Rules,
    store: &dyn Store,
    id: u64,
    event: CourseEvent,
    date: NaiveDate,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lang = rules.association.language;
    let by = format!("admin:{}", super::actor::current());
    match add(rules, store, id, event, date, now, &by)? {
        Added::NoPatient => return Err(no_patient(id)),
        Added::Refused(why) => {
            return Err(UsageError(RecordMsg::Refused { patient: id, why }.render(lang)).into());
        }
        Added::Recorded => {}
    }
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
    rules: &Rules,
    id: u64,
    reason_given: bool,
    ended: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if !reason_given && !ended {
        let lang = rules.association.language;
        writeln!(out, "{}", RecordMsg::RemovedWithoutReason { patient: id }.render(lang))?;
    }
    Ok(())
}
