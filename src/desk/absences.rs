//! Absences entered by the office: one path for `toban absence add|remove` and the web
//! console's Absences page. The checks (a doctor of the rules, not backwards), the store, the
//! audit and the alert over published duties are here, so every door behaves alike.

use chrono::{DateTime, Utc};

use super::Desk;
use crate::msg::Day;
use crate::msg::refusal::Refusal;
use crate::store::{Absence, AuditEntry, AuditEvent, NewAbsence, RotaSlot, StoreError};

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
    /// Adds `new`, audited as done `by`; refused when its doctor is not a doctor of the rules
    /// or it ends before it starts.
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
