//! The patient registry's record: the minimum a doctor needs to visit a bedridden home-care
//! patient at night, and nothing more (DESIGN.md: minimal clinical data).
//!
//! Key decisions:
//! - A patient is registered only with a consent date: a call can only be raised for a patient
//!   who consented, and the record says since when.
//! - The record never leaves the store except to the one person who accepted a call for that
//!   patient; notices in the outbox carry the patient's id, never their data, so a log, a backup
//!   of the outbox or a failed message exposes nothing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::PatientId;
use crate::rules::{MemberId, Rules};

/// A registered patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patient {
    /// Given by the store, ascending, never reused.
    pub id: PatientId,
    /// The patient's details.
    #[serde(flatten)]
    pub details: PatientDetails,
    /// When the record was first entered.
    pub registered_at: DateTime<Utc>,
    /// When the record was last changed.
    pub updated_at: DateTime<Utc>,
    /// The patient's course since registration, in the order it happened (see
    /// [`super::course`]); empty for a patient still at home as registered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub course: Vec<super::CourseEntry>,
}

impl Patient {
    /// A patient registered as `id` at `at`, with no course yet.
    pub fn new(id: PatientId, details: PatientDetails, at: DateTime<Utc>) -> Patient {
        Patient { id, details, registered_at: at, updated_at: at, course: Vec::new() }
    }
}

/// What the admin enters about a patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientDetails {
    /// Full name.
    pub name: String,
    /// Home address.
    pub address: String,
    /// The district, shown to whoever is asked to take a call before they accept (the address
    /// itself is shown only after acceptance). Optional.
    #[serde(default)]
    pub area: Option<String>,
    /// The attending doctor (主治医): a doctor of the rules.
    pub attending: MemberId,
    /// The registered backup hospital, asked first among the hospitals.
    #[serde(default)]
    pub hospital: Option<MemberId>,
    /// Main diagnosis.
    #[serde(default)]
    pub diagnosis: String,
    /// Key medications.
    #[serde(default)]
    pub medications: String,
    /// Documented wishes (DNAR, ACP), told to the caller with the advice to call 119 when
    /// nobody accepts.
    #[serde(default)]
    pub wishes: String,
    /// The day the patient (or family) consented to registration.
    pub consent: NaiveDate,
    /// What a doctor who does not know the patient needs at the door at night.
    #[serde(flatten)]
    pub visit: VisitRecord,
    /// The substitute attending doctor (代理主治医) during the attending doctor's absences: a
    /// doctor of the rules, asked before the duty doctor while the attending is marked away.
    /// On the patient, not the absence, so the chat's `/away` and the office's absences both
    /// bring them in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<MemberId>,
    /// The rota whose duty doctor a call for the patient asks (issue 20: a clinic group's
    /// night duty beside the association's): the id of a `[[rota]]`; none, the association's
    /// own rota. Left out of the record when none, so older records read unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rota: Option<crate::rules::RotaId>,
}

/// What a night visit needs beyond the minimal record (issue 20): the patient's age, whom in
/// the family to talk to and how to reach them, the visiting-nurse station that knows the
/// patient, allergies. Like the rest of the record it goes only to the one who accepted a call
/// (and to the office); never into a request, a list for other roles, a feed or a log.
///
/// Key decision: the personal fields (date of birth, key person, family contact, allergies) are
/// read from a patient file or standard input only, never from flags, which `ps` shows to every
/// user of the machine; the nurse station is a member id and may be a flag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    /// Date of birth (生年月日); the record shows the age at the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub born: Option<NaiveDate>,
    /// The key person (キーパーソン): who in the family decides with the doctor, e.g. 「長女 山田 桜」.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key_person: String,
    /// How to reach the family at night (a number, and whose).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub family_contact: String,
    /// The visiting-nurse station caring for the patient: a nurse station of the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nurse_station: Option<MemberId>,
    /// Allergies (薬剤・食物), "" when none recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub allergies: String,
}

/// The age in whole years on `on` of someone born on `born` (0 before the first birthday).
pub fn age(born: NaiveDate, on: NaiveDate) -> u32 {
    on.years_since(born).unwrap_or(0)
}

/// Why a patient record cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatientError {
    /// A required text is empty.
    #[error("{field} must not be empty")]
    Empty {
        /// Which field.
        field: &'static str,
    },
    /// A text is too long for a minimal record.
    #[error("{field} is too long ({chars} characters; at most {max}): keep the record minimal")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The attending doctor is not a doctor of the rules.
    #[error("attending doctor '{0}' is not a doctor in the rules; see `toban check` for the list")]
    UnknownDoctor(String),
    /// The hospital is not a backup hospital of the rules.
    #[error("hospital '{0}' is not a backup hospital in the rules; see `toban check` for the list")]
    UnknownHospital(String),
    /// The substitute attending doctor is not a doctor of the rules, or is the attending.
    #[error("substitute '{0}' must be a doctor in the rules other than the attending doctor")]
    BadSubstitute(String),
    /// The nurse station is not a visiting-nurse station of the rules.
    #[error("nurse station '{0}' is not a visiting-nurse station in the rules; see `toban check`")]
    UnknownStation(String),
    /// The date of birth is after today or implausibly early.
    #[error("date of birth {born} is not plausible (after today, or before 1900)")]
    BadBirth {
        /// The date given.
        born: NaiveDate,
    },
    /// The consent date lies after the day of entry.
    #[error(
        "consent date {consent} is after today ({today}): register a patient once they consented"
    )]
    ConsentInFuture {
        /// The date given.
        consent: NaiveDate,
        /// Today in the association's zone.
        today: NaiveDate,
    },
}

/// The longest name, address or area (characters).
const MAX_SHORT: usize = 200;
/// The longest diagnosis, medications or wishes (characters): a summary, not a chart.
const MAX_LONG: usize = 1000;

impl PatientDetails {
    /// Checks the record against the rules, `today` being the day of entry in the association's
    /// zone. Text is trimmed first.
    ///
    /// # Errors
    /// The first problem found, as a [`PatientError`] saying what to change.
    pub fn validated(mut self, rules: &Rules, today: NaiveDate) -> Result<Self, PatientError> {
        for (field, text, max, required) in [
            ("name", &mut self.name, MAX_SHORT, true),
            ("address", &mut self.address, MAX_SHORT, true),
            ("diagnosis", &mut self.diagnosis, MAX_LONG, false),
            ("medications", &mut self.medications, MAX_LONG, false),
            ("wishes", &mut self.wishes, MAX_LONG, false),
            ("key_person", &mut self.visit.key_person, MAX_SHORT, false),
            ("family_contact", &mut self.visit.family_contact, MAX_SHORT, false),
            ("allergies", &mut self.visit.allergies, MAX_LONG, false),
        ] {
            *text = text.trim().to_string();
            if required && text.is_empty() {
                return Err(PatientError::Empty { field });
            }
            let chars = text.chars().count();
            if chars > max {
                return Err(PatientError::TooLong { field, chars, max });
            }
        }
        if let Some(area) = &mut self.area {
            *area = area.trim().to_string();
            let chars = area.chars().count();
            if chars > MAX_SHORT {
                return Err(PatientError::TooLong { field: "area", chars, max: MAX_SHORT });
            }
            if area.is_empty() {
                self.area = None;
            }
        }
        if rules.doctor(self.attending.as_str()).is_none() {
            return Err(PatientError::UnknownDoctor(self.attending.to_string()));
        }
        if let Some(h) = &self.hospital
            && !rules.hospitals.iter().any(|x| &x.id == h)
        {
            return Err(PatientError::UnknownHospital(h.to_string()));
        }
        if let Some(s) = &self.substitute
            && (rules.doctor(s.as_str()).is_none() || s == &self.attending)
        {
            return Err(PatientError::BadSubstitute(s.to_string()));
        }
        if let Some(s) = &self.visit.nurse_station
            && !rules.nurse_stations.iter().any(|x| &x.id == s)
        {
            return Err(PatientError::UnknownStation(s.to_string()));
        }
        if let Some(born) = self.visit.born
            && (born > today || born < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(born))
        {
            return Err(PatientError::BadBirth { born });
        }
        if self.consent > today {
            return Err(PatientError::ConsentInFuture { consent: self.consent, today });
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;

    fn details() -> PatientDetails {
        PatientDetails {
            name: " 山田 花子 ".into(),
            address: "千葉県匝瑳市八日市場イ1".into(),
            area: Some("八日市場".into()),
            attending: "d01".parse().unwrap(),
            hospital: Some("h2".parse().unwrap()),
            diagnosis: "脳梗塞後遺症".into(),
            medications: "アスピリン".into(),
            wishes: "DNAR".into(),
            consent: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            visit: VisitRecord::default(),
            substitute: None,
            rota: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    #[test]
    fn a_valid_record_is_trimmed() {
        let rules = sosa();
        let hospital = rules.hospitals[1].id.clone();
        let d = PatientDetails { hospital: Some(hospital), ..details() };
        assert_eq!(d.validated(&rules, today()).unwrap().name, "山田 花子");
    }

    #[test]
    fn unknown_members_empty_names_and_future_consent_are_refused() {
        let rules = sosa();
        let d =
            PatientDetails { hospital: None, attending: "nobody".parse().unwrap(), ..details() };
        assert_eq!(d.validated(&rules, today()), Err(PatientError::UnknownDoctor("nobody".into())));
        let d = PatientDetails { hospital: Some("nowhere".parse().unwrap()), ..details() };
        assert_eq!(
            d.validated(&rules, today()),
            Err(PatientError::UnknownHospital("nowhere".into()))
        );
        let d = PatientDetails { hospital: None, name: "  ".into(), ..details() };
        assert_eq!(d.validated(&rules, today()), Err(PatientError::Empty { field: "name" }));
        let consent = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let d = PatientDetails { hospital: None, consent, ..details() };
        assert!(matches!(d.validated(&rules, today()), Err(PatientError::ConsentInFuture { .. })));
        let d = PatientDetails { hospital: None, wishes: "x".repeat(1001), ..details() };
        assert!(matches!(d.validated(&rules, today()), Err(PatientError::TooLong { .. })));
    }

    #[test]
    fn the_night_visit_fields_are_checked_and_the_age_counted_in_whole_years() {
        let rules = sosa();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let visit = |v: VisitRecord| PatientDetails { hospital: None, visit: v, ..details() };
        let ok = visit(VisitRecord {
            born: Some(day("1938-05-01")),
            key_person: " 長女 山田 桜 ".into(),
            family_contact: "090-0000-0000（長女）".into(),
            nurse_station: Some("ns1".parse().unwrap()),
            allergies: "ペニシリン".into(),
        });
        assert_eq!(ok.validated(&rules, today()).unwrap().visit.key_person, "長女 山田 桜");
        let d =
            visit(VisitRecord { nurse_station: Some("h1".parse().unwrap()), ..Default::default() });
        assert_eq!(d.validated(&rules, today()), Err(PatientError::UnknownStation("h1".into())));
        let d = visit(VisitRecord { born: Some(day("2026-11-22")), ..Default::default() });
        assert!(matches!(d.validated(&rules, today()), Err(PatientError::BadBirth { .. })));
        let d = visit(VisitRecord { allergies: "x".repeat(1001), ..Default::default() });
        assert!(matches!(
            d.validated(&rules, today()),
            Err(PatientError::TooLong { field: "allergies", .. })
        ));
        let d = PatientDetails {
            hospital: None,
            substitute: Some("d01".parse().unwrap()),
            ..details()
        };
        assert_eq!(d.validated(&rules, today()), Err(PatientError::BadSubstitute("d01".into())));
        let d =
            PatientDetails { hospital: None, substitute: Some("h1".parse().unwrap()), ..details() };
        assert!(d.validated(&rules, today()).is_err());
        let d = PatientDetails {
            hospital: None,
            substitute: Some("d05".parse().unwrap()),
            ..details()
        };
        assert!(d.validated(&rules, today()).is_ok());
        assert_eq!(age(day("1938-05-01"), day("2027-04-30")), 88);
        assert_eq!(age(day("1938-05-01"), day("2027-05-01")), 89);
        assert_eq!(age(day("1940-02-29"), day("2027-02-28")), 86, "a leap-day birthday");
    }
}
