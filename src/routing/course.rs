//! A patient's course (経過): admitted, discharged home, died at home (在宅看取り), died in
//! hospital, moved away, consent withdrawn, each dated, as the office records it
//! (`toban patient course ID EVENT DATE`). The annual report counts from it.
//!
//! Key decisions:
//! - A course is a dated list of events kept on the patient's record, in the order they
//!   happened: each new event is checked against the course so far ([`check`]), so the list is
//!   always one the report can read without guessing. Dates are days in the association's zone
//!   (the office writes 「3月9日に在宅で看取り」, not an instant).
//! - The patient's registration starts on the consent date (the day the household joined the
//!   system; the day it was typed into toban does not matter), so an office entering last
//!   year's patients gets last year's figures.
//! - A death, a move or a withdrawal of consent *ends* the registration: nothing may follow it,
//!   and calls for the patient are refused. The record itself stays on the registry, so the
//!   year's figures can be produced again; removing it (`toban patient remove`) takes the
//!   patient out of every later report.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Patient;

/// What happened to a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseEvent {
    /// Admitted to a hospital (入院).
    Admitted,
    /// Discharged home from hospital (退院).
    Discharged,
    /// Died at home (在宅看取り). Ends the registration.
    DiedHome,
    /// Died in hospital (病院で死亡). Ends the registration.
    DiedHospital,
    /// Moved out of the area (転居). Ends the registration.
    Moved,
    /// The patient or family withdrew their consent (同意撤回). Ends the registration.
    Withdrawn,
    /// Registered again after a move or a withdrawal: the household consented anew (再登録).
    /// Reopens the registration under the same number, so the report counts one patient with
    /// two periods, not two patients. Never after a death.
    Reregistered,
}

impl CourseEvent {
    /// Every event, in the order of the command line's help.
    pub const ALL: [CourseEvent; 7] = [
        CourseEvent::Admitted,
        CourseEvent::Discharged,
        CourseEvent::DiedHome,
        CourseEvent::DiedHospital,
        CourseEvent::Moved,
        CourseEvent::Withdrawn,
        CourseEvent::Reregistered,
    ];

    /// The event as written in JSON and on the command line (`died_home`).
    pub fn as_str(self) -> &'static str {
        match self {
            CourseEvent::Admitted => "admitted",
            CourseEvent::Discharged => "discharged",
            CourseEvent::DiedHome => "died_home",
            CourseEvent::DiedHospital => "died_hospital",
            CourseEvent::Moved => "moved",
            CourseEvent::Withdrawn => "withdrawn",
            CourseEvent::Reregistered => "reregistered",
        }
    }

    /// Whether the event ends the registration (a death, a move, a withdrawal).
    pub fn ends(self) -> bool {
        !matches!(self, CourseEvent::Admitted | CourseEvent::Discharged | CourseEvent::Reregistered)
    }

    /// Whether the event is a death.
    pub fn is_death(self) -> bool {
        matches!(self, CourseEvent::DiedHome | CourseEvent::DiedHospital)
    }
}

impl std::str::FromStr for CourseEvent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        CourseEvent::ALL.into_iter().find(|e| e.as_str() == s.trim()).ok_or_else(|| {
            let all: Vec<&str> = CourseEvent::ALL.iter().map(|e| e.as_str()).collect();
            format!("'{s}' is not a course event; use one of {}", all.join(", "))
        })
    }
}

/// One dated event of a patient's course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseEntry {
    /// What happened.
    pub event: CourseEvent,
    /// The day it happened, in the association's zone.
    pub date: NaiveDate,
    /// When the office recorded it.
    pub recorded_at: DateTime<Utc>,
}

/// Why an event cannot be added to a patient's course; the course is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CourseError {
    /// The date is after today.
    #[error("{date} is after today ({today}): record an event once it happened")]
    InFuture {
        /// The date given.
        date: NaiveDate,
        /// Today in the association's zone.
        today: NaiveDate,
    },
    /// The date is before the patient's registration (consent date).
    #[error(
        "{date} is before the patient's registration ({consent}, the consent date): check the date, or correct the consent date with `toban patient edit`"
    )]
    BeforeRegistration {
        /// The date given.
        date: NaiveDate,
        /// The consent date.
        consent: NaiveDate,
    },
    /// The registration already ended (death, move, withdrawal).
    #[error("the patient's registration ended with {} on {date}: nothing can follow it", ended.as_str())]
    AfterEnd {
        /// The event that ended it.
        ended: CourseEvent,
        /// Its date.
        date: NaiveDate,
    },
    /// The date is before the course's last event (events are recorded in order).
    #[error("{date} is before the last event of the course ({} on {last}): record events in the order they happened", event.as_str())]
    BeforeLast {
        /// The date given.
        date: NaiveDate,
        /// The last event.
        event: CourseEvent,
        /// Its date.
        last: NaiveDate,
    },
    /// `discharged` for a patient not in hospital.
    #[error("the patient is not in hospital: record `admitted` before `discharged`")]
    NotAdmitted,
    /// `admitted` for a patient already in hospital.
    #[error("the patient is in hospital since {since}: record `discharged` first")]
    AlreadyAdmitted {
        /// The day of admission.
        since: NaiveDate,
    },
    /// `reregistered` for a patient whose registration has not ended.
    #[error(
        "the patient's registration has not ended: `reregistered` follows a move or a withdrawal"
    )]
    NotEnded,
    /// A consent date (`patient edit --consent`) after the first event of the course: the
    /// course would start before the registration. A new consent after a move or a withdrawal
    /// is recorded as `reregistered`, never by moving the consent date.
    #[error(
        "consent date {consent} is after the first event of the course ({} on {date}): a new consent after a move or a withdrawal is `toban patient course ID reregistered DATE`", event.as_str()
    )]
    ConsentAfterCourse {
        /// The consent date given.
        consent: NaiveDate,
        /// The course's first event.
        event: CourseEvent,
        /// Its date.
        date: NaiveDate,
    },
}

impl Patient {
    /// The event that ended the registration (death, move, withdrawal), if it has ended and
    /// was not reopened since (`reregistered`).
    pub fn ended(&self) -> Option<&CourseEntry> {
        let since_reopened =
            self.course.iter().rev().take_while(|e| e.event != CourseEvent::Reregistered);
        since_reopened.into_iter().find(|e| e.event.ends())
    }

    /// The periods of registration, in order: from the consent date (or a `reregistered`) to
    /// the event that ended it (`None`: still registered).
    pub fn periods(&self) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let mut out = Vec::new();
        let mut start = Some(self.details.consent);
        for e in &self.course {
            if e.event.ends() {
                if let Some(s) = start.take() {
                    out.push((s, Some(e.date)));
                }
            } else if e.event == CourseEvent::Reregistered && start.is_none() {
                start = Some(e.date);
            }
        }
        out.extend(start.map(|s| (s, None)));
        out
    }

    /// Whether the patient is on the registry at the end of `day`: registered by then and not
    /// ended on or before it.
    pub fn registered_at_end_of(&self, day: NaiveDate) -> bool {
        self.periods().iter().any(|(s, e)| *s <= day && e.is_none_or(|e| e > day))
    }

    /// The day the registration started: the consent date.
    pub fn registered_on(&self) -> NaiveDate {
        self.details.consent
    }

    /// Whether the patient was on the registry at some time during the days `from..=to`:
    /// registered by `to`, and not ended before `from` (an event on `from` still counts).
    pub fn registered_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.periods().iter().any(|(s, e)| *s <= to && e.is_none_or(|e| e >= from))
    }
}

/// Checks that the consent date of `patient` may become `consent` (`patient edit --consent`):
/// a correction is fine, but the course cannot start before the registration, so the consent
/// date is at most the day of the course's first event. A household that consents again after
/// a move or a withdrawal is a new period of the same registration (`reregistered`), and after
/// a death nothing reopens it: moving the consent date past the end would silently erase the
/// end from the annual report.
///
/// # Errors
/// [`CourseError::ConsentAfterCourse`].
pub fn check_consent(patient: &Patient, consent: NaiveDate) -> Result<(), CourseError> {
    match patient.course.first() {
        Some(first) if consent > first.date => {
            Err(CourseError::ConsentAfterCourse { consent, event: first.event, date: first.date })
        }
        _ => Ok(()),
    }
}

/// Checks that `event` on `date` can follow the course of `patient`, `today` being the day of
/// entry in the association's zone.
///
/// # Errors
/// The first rule it breaks, as a [`CourseError`]: a date in the future or before the consent
/// date, anything after a death, anything but `reregistered` after a move or withdrawal,
/// `reregistered` while registered, a date before the last event, a discharge without an
/// admission, or a second admission.
pub fn check(
    patient: &Patient,
    event: CourseEvent,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), CourseError> {
    if date > today {
        return Err(CourseError::InFuture { date, today });
    }
    let consent = patient.registered_on();
    if date < consent {
        return Err(CourseError::BeforeRegistration { date, consent });
    }
    if let Some(e) = patient.ended() {
        // A new consent reopens a registration a move or a withdrawal ended; a death is final.
        if event != CourseEvent::Reregistered || e.event.is_death() {
            return Err(CourseError::AfterEnd { ended: e.event, date: e.date });
        }
    } else if event == CourseEvent::Reregistered {
        return Err(CourseError::NotEnded);
    }
    if let Some(last) = patient.course.last()
        && date < last.date
    {
        return Err(CourseError::BeforeLast { date, event: last.event, last: last.date });
    }
    let admitted = patient.course.last().filter(|e| e.event == CourseEvent::Admitted);
    match (event, admitted) {
        (CourseEvent::Discharged, None) => Err(CourseError::NotAdmitted),
        (CourseEvent::Admitted, Some(a)) => Err(CourseError::AlreadyAdmitted { since: a.date }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::PatientDetails;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn patient(consent: &str, course: &[(CourseEvent, &str)]) -> Patient {
        let at = DateTime::<Utc>::MIN_UTC;
        Patient {
            id: crate::ids::PatientId::new(1),
            details: PatientDetails {
                name: "山田 花子".into(),
                address: "匝瑳市".into(),
                area: None,
                attending: "d01".parse().unwrap(),
                hospital: None,
                diagnosis: String::new(),
                medications: String::new(),
                wishes: String::new(),
                consent: day(consent),
                visit: Default::default(),
                substitute: None,
                rota: None,
            },
            registered_at: at,
            updated_at: at,
            course: course
                .iter()
                .map(|(event, d)| CourseEntry { event: *event, date: day(d), recorded_at: at })
                .collect(),
        }
    }

    use CourseEvent::*;
    const TODAY: &str = "2027-06-30";

    #[test]
    fn a_course_in_order_is_accepted() {
        let p = patient("2027-01-10", &[(Admitted, "2027-02-01"), (Discharged, "2027-02-20")]);
        for e in CourseEvent::ALL.into_iter().filter(|e| !matches!(e, Discharged | Reregistered)) {
            assert_eq!(check(&p, e, day("2027-02-20"), day(TODAY)), Ok(()), "{e:?}");
        }
        let p = patient("2027-01-10", &[(Admitted, "2027-02-01")]);
        assert_eq!(check(&p, DiedHospital, day("2027-02-03"), day(TODAY)), Ok(()));
        assert_eq!(check(&p, Discharged, day("2027-02-01"), day(TODAY)), Ok(()));
    }

    #[test]
    fn nothing_follows_a_death_a_move_or_a_withdrawal() {
        for end in [DiedHome, DiedHospital, Moved, Withdrawn] {
            let p = patient("2027-01-10", &[(end, "2027-03-01")]);
            // Every event of the course; only a new consent may follow a move or a withdrawal
            // (see the next test).
            for e in CourseEvent::ALL.into_iter().filter(|e| *e != Reregistered) {
                assert_eq!(
                    check(&p, e, day("2027-04-01"), day(TODAY)),
                    Err(CourseError::AfterEnd { ended: end, date: day("2027-03-01") }),
                    "{e:?} after {end:?} should be refused"
                );
            }
        }
    }

    #[test]
    fn a_new_consent_reopens_a_move_or_a_withdrawal_but_never_a_death() {
        for end in [Moved, Withdrawn] {
            let p = patient("2027-01-10", &[(end, "2027-03-01")]);
            assert_eq!(check(&p, Reregistered, day("2027-04-01"), day(TODAY)), Ok(()));
            assert_eq!(
                check(&p, Reregistered, day("2027-02-01"), day(TODAY)),
                Err(CourseError::BeforeLast {
                    date: day("2027-02-01"),
                    event: end,
                    last: day("2027-03-01")
                })
            );
            let p = patient("2027-01-10", &[(end, "2027-03-01"), (Reregistered, "2027-04-01")]);
            assert_eq!(p.ended(), None, "registered again");
            assert_eq!(check(&p, DiedHome, day("2027-05-01"), day(TODAY)), Ok(()));
            assert_eq!(
                check(&p, Reregistered, day("2027-05-01"), day(TODAY)),
                Err(CourseError::NotEnded)
            );
        }
        for death in [DiedHome, DiedHospital] {
            let p = patient("2027-01-10", &[(death, "2027-03-01")]);
            assert_eq!(
                check(&p, Reregistered, day("2027-04-01"), day(TODAY)),
                Err(CourseError::AfterEnd { ended: death, date: day("2027-03-01") })
            );
        }
        let p = patient("2027-01-10", &[]);
        assert_eq!(
            check(&p, Reregistered, day("2027-04-01"), day(TODAY)),
            Err(CourseError::NotEnded)
        );
    }

    #[test]
    fn a_reopened_registration_counts_in_its_periods_only() {
        let p = patient(
            "2025-05-01",
            &[(Withdrawn, "2026-06-30"), (Reregistered, "2028-02-01"), (Moved, "2028-03-01")],
        );
        assert_eq!(
            p.periods(),
            vec![
                (day("2025-05-01"), Some(day("2026-06-30"))),
                (day("2028-02-01"), Some(day("2028-03-01")))
            ]
        );
        assert!(!p.registered_during(day("2027-01-01"), day("2027-12-31")), "the gap");
        assert!(p.registered_during(day("2028-01-01"), day("2028-12-31")));
        assert!(!p.registered_at_end_of(day("2027-12-31")));
        assert!(p.registered_at_end_of(day("2028-02-29")));
        assert!(!p.registered_at_end_of(day("2028-03-01")), "ended that day");
        assert_eq!(p.ended().map(|e| e.event), Some(Moved));
    }

    #[test]
    fn the_consent_date_cannot_move_past_the_course() {
        let p = patient("2027-01-10", &[(Withdrawn, "2027-03-01")]);
        assert_eq!(check_consent(&p, day("2027-01-05")), Ok(()), "a correction");
        assert_eq!(check_consent(&p, day("2027-03-01")), Ok(()), "the same day");
        assert_eq!(
            check_consent(&p, day("2027-04-01")),
            Err(CourseError::ConsentAfterCourse {
                consent: day("2027-04-01"),
                event: Withdrawn,
                date: day("2027-03-01")
            }),
            "consent given again after a withdrawal is `reregistered`, not a new consent date"
        );
        let p = patient("2027-01-10", &[(Admitted, "2027-02-01"), (DiedHospital, "2027-02-03")]);
        assert!(check_consent(&p, day("2027-02-10")).is_err(), "after a death");
        assert_eq!(check_consent(&patient("2027-01-10", &[]), day("2027-06-01")), Ok(()));
    }

    #[test]
    fn dates_in_the_future_before_registration_or_before_the_last_event_are_refused() {
        let p = patient("2027-01-10", &[(Admitted, "2027-03-01")]);
        assert_eq!(
            check(&p, DiedHome, day("2027-07-01"), day(TODAY)),
            Err(CourseError::InFuture { date: day("2027-07-01"), today: day(TODAY) })
        );
        assert_eq!(check(&p, DiedHospital, day(TODAY), day(TODAY)), Ok(()), "today is fine");
        assert_eq!(
            check(&p, Moved, day("2027-01-09"), day(TODAY)),
            Err(CourseError::BeforeRegistration {
                date: day("2027-01-09"),
                consent: day("2027-01-10")
            })
        );
        assert_eq!(
            check(&p, Discharged, day("2027-02-28"), day(TODAY)),
            Err(CourseError::BeforeLast {
                date: day("2027-02-28"),
                event: Admitted,
                last: day("2027-03-01")
            })
        );
    }

    #[test]
    fn a_discharge_needs_an_admission_and_an_admission_a_discharge() {
        let p = patient("2027-01-10", &[]);
        assert_eq!(
            check(&p, Discharged, day("2027-02-01"), day(TODAY)),
            Err(CourseError::NotAdmitted)
        );
        let p = patient("2027-01-10", &[(Admitted, "2027-02-01")]);
        assert_eq!(
            check(&p, Admitted, day("2027-02-05"), day(TODAY)),
            Err(CourseError::AlreadyAdmitted { since: day("2027-02-01") })
        );
    }

    #[test]
    fn a_patient_counts_in_a_year_from_consent_until_the_end_of_their_registration() {
        let (from, to) = (day("2027-01-01"), day("2027-12-31"));
        let during = |p: &Patient| p.registered_during(from, to);
        assert!(during(&patient("2025-05-01", &[])), "registered before, still registered");
        assert!(during(&patient("2027-12-31", &[])), "registered on the last day");
        assert!(!during(&patient("2028-01-01", &[])), "registered after");
        assert!(!during(&patient("2025-05-01", &[(DiedHome, "2026-12-31")])), "ended before");
        assert!(during(&patient("2025-05-01", &[(DiedHome, "2027-01-01")])), "ended on day one");
        assert!(during(&patient("2025-05-01", &[(Moved, "2028-01-05")])), "ended after");
        assert!(
            during(&patient("2025-05-01", &[(Admitted, "2026-12-01")])),
            "in hospital is still registered"
        );
    }

    #[test]
    fn events_read_and_write_as_on_the_command_line() {
        for e in CourseEvent::ALL {
            assert_eq!(e.as_str().parse::<CourseEvent>(), Ok(e));
            assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{}\"", e.as_str()));
        }
        let err = "dead".parse::<CourseEvent>().unwrap_err();
        assert!(err.contains("died_home, died_hospital"), "{err}");
    }
}
