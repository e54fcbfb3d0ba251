//! Absences entered by the office: one path for `toban absence add|remove` and the web
//! console's Absences page. The checks (a doctor of the rules, not backwards, a reason of at
//! most [`MAX_ABSENCE_NOTE`] characters), the store, the audit and the alert over published
//! duties are here, so every door behaves alike.

use chrono::{DateTime, Utc};

use super::Desk;
use crate::msg::Day;
use crate::msg::refusal::{NoteWhat, Refusal};
use crate::store::{Absence, AuditEntry, AuditEvent, NewAbsence, RotaSlot, StoreError};

/// The longest reason of an absence (characters): a few words (「学会」「家族の用事」), as the
/// console's field says; every door refuses a longer one, the browser's `maxlength` aside.
pub const MAX_ABSENCE_NOTE: usize = 200;

/// An absence added, and the published duties of its doctor it falls on (not ended yet):
/// the duties to find cover for. The doctor and the office are told of each at once.
#[derive(Debug)]
pub struct AbsenceAdded {
    /// The absence as stored.
    pub absence: Absence,
    /// The duties it clashes with.
    pub clashes: Vec<RotaSlot>,
}

impl Desk<'_> {
    /// Adds `new`, audited as done `by`; refused when its doctor is not a doctor of the rules,
    /// it ends before it starts, or its reason is over [`MAX_ABSENCE_NOTE`] characters.
    ///
    /// # Errors
    /// If the store fails.
    pub fn add_absence(
        &self,
        new: NewAbsence,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<AbsenceAdded, Refusal>, StoreError> {
        if self.rules.doctor(&new.doctor).is_none() {
            let doctors =
                self.rules.doctors.iter().map(|d| (d.id.to_string(), d.name.clone())).collect();
            return Ok(Err(Refusal::NotADoctor { id: new.doctor, doctors }));
        }
        if new.to < new.from {
            return Ok(Err(Refusal::AbsenceBackwards { from: Day(new.from), to: Day(new.to) }));
        }
        let chars = new.note.as_deref().map_or(0, |n| n.chars().count());
        if chars > MAX_ABSENCE_NOTE {
            let (what, max) = (NoteWhat::Absence, MAX_ABSENCE_NOTE);
            return Ok(Err(Refusal::NoteTooLong { what, chars, max }));
        }
        let a = self.store.add_absence(new)?;
        let event = AuditEvent::AbsenceAdded {
            absence: a.id,
            doctor: a.doctor.clone(),
            from: a.from,
            to: a.to,
            soft: a.soft,
        };
        self.store.add_audit(&AuditEntry::of(now, by, event))?;
        let clashes = self.absence_over_duty(&a, false, now)?;
        Ok(Ok(AbsenceAdded { absence: a, clashes }))
    }

    /// Removes absence `id`, audited as done `by`.
    ///
    /// # Errors
    /// If the store fails.
    pub fn remove_absence(
        &self,
        id: crate::ids::AbsenceId,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), Refusal>, StoreError> {
        if !self.store.remove_absence(id)? {
            return Ok(Err(Refusal::NoSuchAbsence(id)));
        }
        self.store.add_audit(&AuditEntry::of(
            now,
            by,
            AuditEvent::AbsenceRemoved { absence: id },
        ))?;
        Ok(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SledStore;
    use crate::store::prelude::*;
    use crate::store::records::fixtures;

    fn absence(note: &str) -> NewAbsence {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 5, d).unwrap();
        NewAbsence {
            doctor: "d01".into(),
            from: day(1),
            to: day(2),
            note: Some(note.into()),
            created_at: fixtures::utc(2027, 3, 2, 0),
            soft: false,
        }
    }

    #[test]
    fn a_reason_over_the_limit_is_refused_and_nothing_is_stored() {
        let store = SledStore::temporary().unwrap();
        let rules = crate::plan::testing::sosa();
        let desk = Desk { rules: &rules, store: &store };
        let now = fixtures::utc(2027, 3, 2, 0);
        let long = "学".repeat(MAX_ABSENCE_NOTE + 1);
        let r = desk.add_absence(absence(&long), "admin:office", now).unwrap();
        let why = r.expect_err("too long");
        let max = MAX_ABSENCE_NOTE;
        let chars = max + 1;
        assert_eq!(why, Refusal::NoteTooLong { what: NoteWhat::Absence, chars, max });
        assert!(store.absences().unwrap().is_empty());
        assert!(store.audit().unwrap().is_empty());
        let fine = "学".repeat(MAX_ABSENCE_NOTE);
        desk.add_absence(absence(&fine), "admin:office", now).unwrap().expect("at the limit");
        assert_eq!(store.absences().unwrap().len(), 1);
    }
}
