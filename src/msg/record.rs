//! The home-care record (issue 20): a patient's course as the office records it, why an event
//! is refused, and the refusal of a call for a patient whose registration ended.
//!
//! Key decision: the office reads these (the command line, the console); a nurse station or a
//! doctor reads only [`RecordMsg::Ended`], which therefore names no command.

use super::{Day, Message};
use crate::ids::PatientId;
use crate::routing::{CourseError, CourseEvent};

/// A message about a patient's course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordMsg {
    /// An event was added to the patient's course.
    Recorded {
        /// The patient's id.
        patient: PatientId,
        /// What happened.
        event: CourseEvent,
        /// When.
        date: Day,
    },
    /// Said after [`RecordMsg::Recorded`] when the event ends the registration.
    RegistrationEnded {
        /// The patient's id.
        patient: PatientId,
    },
    /// A change to the patient's record (`patient edit`) was not made, and why.
    EditRefused {
        /// The patient's id.
        patient: PatientId,
        /// Why.
        why: CourseError,
    },
    /// Another change to the patient's record came first, again and again: nothing written.
    ChangedMeanwhile {
        /// The patient's id.
        patient: PatientId,
    },
    /// The event was not added, and why.
    Refused {
        /// The patient's id.
        patient: PatientId,
        /// Why.
        why: CourseError,
    },
    /// A call was not raised: the patient's registration ended.
    Ended {
        /// The patient's id.
        patient: PatientId,
        /// The event that ended it.
        event: CourseEvent,
        /// Its date.
        date: Day,
    },
    /// After `patient remove` without a reason, for a patient whose registration had not ended.
    RemovedWithoutReason {
        /// The patient's id.
        patient: PatientId,
    },
}

/// The event as the office writes it: 「在宅で死亡（在宅看取り）」.
pub fn event_ja(e: CourseEvent) -> &'static str {
    match e {
        CourseEvent::Admitted => "入院",
        CourseEvent::Discharged => "退院（在宅へ）",
        CourseEvent::DiedHome => "在宅で死亡（在宅看取り）",
        CourseEvent::DiedHospital => "病院で死亡",
        CourseEvent::Moved => "転居",
        CourseEvent::Withdrawn => "同意撤回",
        CourseEvent::Reregistered => "再登録（再同意）",
    }
}

/// "died at home".
pub fn event_en(e: CourseEvent) -> &'static str {
    match e {
        CourseEvent::Admitted => "admitted to hospital",
        CourseEvent::Discharged => "discharged home",
        CourseEvent::DiedHome => "died at home",
        CourseEvent::DiedHospital => "died in hospital",
        CourseEvent::Moved => "moved away",
        CourseEvent::Withdrawn => "consent withdrawn",
        CourseEvent::Reregistered => "registered again (new consent)",
    }
}

/// A date of birth with the age: 「1938年5月1日(日)（88歳）」.
pub fn born_ja(born: chrono::NaiveDate, age: u32) -> String {
    format!("{}（{age}歳）", Day(born).ja_long())
}

/// "Sun 1 May 1938 (aged 88)".
pub fn born_en(born: chrono::NaiveDate, age: u32) -> String {
    format!("{} (aged {age})", Day(born).en_long())
}

fn why_ja(why: &CourseError) -> String {
    let d = |d: &chrono::NaiveDate| Day(*d).ja_long();
    match why {
        CourseError::InFuture { date, today } => format!(
            "{}は今日（{}）より後の日付です。起きたことを記録してください。",
            d(date),
            d(today)
        ),
        CourseError::BeforeRegistration { date, consent } => format!(
            "{}は登録（同意日 {}）より前です。日付を確かめるか、同意日を訂正してください。",
            d(date),
            d(consent)
        ),
        CourseError::AfterEnd { ended, date } if ended.is_death() => format!(
            "{}に「{}」で登録は終了しています。その後の経過は記録できません。",
            d(date),
            event_ja(*ended)
        ),
        CourseError::AfterEnd { ended, date } => format!(
            "{}に「{}」で登録は終了しています。改めて同意を得たときは、まず reregistered（再登録）を記録してください。",
            d(date),
            event_ja(*ended)
        ),
        CourseError::NotEnded => {
            "登録は終了していません。再登録（reregistered）は転居・同意撤回の後にだけ記録できます。"
                .to_string()
        }
        CourseError::ConsentAfterCourse { consent, event, date } => format!(
            "同意日を{}にはできません。経過の最初の記録（{} {}）より後になります。登録終了後に改めて同意を得たときは、同意日は変えずに toban patient course（患者番号） reregistered（同意日）で再登録を記録してください（死亡後は再登録できません）。",
            d(consent),
            d(date),
            event_ja(*event)
        ),
        CourseError::BeforeLast { date, event, last } => format!(
            "{}は最後の記録（{} {}）より前です。起きた順に記録してください。",
            d(date),
            d(last),
            event_ja(*event)
        ),
        CourseError::NotAdmitted => {
            "入院中ではありません。退院の前に入院を記録してください。".to_string()
        }
        CourseError::AlreadyAdmitted { since } => {
            format!("{}から入院中です。先に退院を記録してください。", d(since))
        }
    }
}

fn why_en(why: &CourseError) -> String {
    let d = |d: &chrono::NaiveDate| Day(*d).en_long();
    match why {
        CourseError::InFuture { date, today } => format!(
            "{} is after today ({}): record an event once it has happened.",
            d(date),
            d(today)
        ),
        CourseError::BeforeRegistration { date, consent } => format!(
            "{} is before the registration (consent on {}): check the date, or correct the consent date.",
            d(date),
            d(consent)
        ),
        CourseError::AfterEnd { ended, date } if ended.is_death() => format!(
            "the registration ended on {} ({}): nothing can be recorded after it.",
            d(date),
            event_en(*ended)
        ),
        CourseError::AfterEnd { ended, date } => format!(
            "the registration ended on {} ({}): if the household consented again, record `reregistered` first.",
            d(date),
            event_en(*ended)
        ),
        CourseError::NotEnded => "the registration has not ended: `reregistered` follows only a move or a withdrawal of consent.".into(),
        CourseError::ConsentAfterCourse { consent, event, date } => format!(
            "the consent date cannot be {}: it would come after the course's first event ({}, {}). When the household consented again after a move or a withdrawal, keep the consent date and record `toban patient course ID reregistered DATE` (never after a death).",
            d(consent),
            event_en(*event),
            d(date)
        ),
        CourseError::BeforeLast { date, event, last } => format!(
            "{} is before the last event recorded ({}, {}): record events in the order they happened.",
            d(date),
            event_en(*event),
            d(last)
        ),
        CourseError::NotAdmitted => {
            "the patient is not in hospital, so record the admission first.".into()
        }
        CourseError::AlreadyAdmitted { since } => format!(
            "the patient has been in hospital since {}, so record the discharge first.",
            d(since)
        ),
    }
}

impl Message for RecordMsg {
    fn ja(&self) -> String {
        match self {
            RecordMsg::Recorded { patient, event, date } => {
                format!(
                    "{patient}番の患者さんの経過を記録しました：{} {}。",
                    date.ja_long(),
                    event_ja(*event)
                )
            }
            RecordMsg::RegistrationEnded { patient } => format!(
                "{patient}番の患者さんの登録は終了しました。以後この患者への依頼は受け付けません。記録は年次報告のために残ります。"
            ),
            RecordMsg::Refused { patient, why } => {
                format!("{patient}番の患者さんの経過は記録していません：{}", why_ja(why))
            }
            RecordMsg::EditRefused { patient, why } => {
                format!("{patient}番の患者さんの記録は変更していません：{}", why_ja(why))
            }
            RecordMsg::ChangedMeanwhile { patient } => format!(
                "{patient}番の患者さんの記録は同時に別の変更が続いたため、変更していません。少し待ってからもう一度実行してください。"
            ),
            RecordMsg::Ended { patient, event, date } => format!(
                "{patient}番の患者さんの登録は{}に終了しています（{}）。この患者についての依頼は受け付けられません。",
                date.ja_long(),
                event_ja(*event)
            ),
            RecordMsg::RemovedWithoutReason { patient } => format!(
                "削除した患者は年次報告（診療患者数・死亡数）に数えられません。死亡・転居・同意撤回は削除せず、経過として記録してください（toban patient course {patient} died_home 日付 など）。誤登録などで削除するときは --reason で理由を監査記録に残せます。"
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            RecordMsg::Recorded { patient, event, date } => {
                format!(
                    "Recorded for patient {patient}: {} on {}.",
                    event_en(*event),
                    date.en_long()
                )
            }
            RecordMsg::RegistrationEnded { patient } => format!(
                "Patient {patient}'s registration has ended: calls for them are refused from now on. The record stays for the annual report."
            ),
            RecordMsg::Refused { patient, why } => {
                format!("Nothing recorded for patient {patient}: {}", why_en(why))
            }
            RecordMsg::EditRefused { patient, why } => {
                format!("Patient {patient}'s record is unchanged: {}", why_en(why))
            }
            RecordMsg::ChangedMeanwhile { patient } => format!(
                "Patient {patient}'s record is unchanged: other changes to it kept coming at the same time. Wait a moment and run the command again."
            ),
            RecordMsg::Ended { patient, event, date } => format!(
                "Patient {patient}'s registration ended on {} ({}): no call can be taken for them.",
                date.en_long(),
                event_en(*event)
            ),
            RecordMsg::RemovedWithoutReason { patient } => format!(
                "A removed patient is not counted in the annual report (patients treated, deaths). Record a death, a move or a withdrawal of consent as the course instead (e.g. toban patient course {patient} died_home DATE); when removing a record for another reason (entered twice), --reason keeps it in the audit log."
            ),
        }
    }
}

impl RecordMsg {
    /// One of every variant (the `match` keeps the list complete), every refusal included.
    pub fn samples() -> Vec<RecordMsg> {
        let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("a sample date");
        let d = Day(day("2027-03-09"));
        let mut all: Vec<RecordMsg> = CourseEvent::ALL
            .iter()
            .map(|e| RecordMsg::Recorded { patient: PatientId::new(3), event: *e, date: d })
            .collect();
        all.push(RecordMsg::RegistrationEnded { patient: PatientId::new(3) });
        for why in [
            CourseError::InFuture { date: day("2027-03-10"), today: day("2027-03-09") },
            CourseError::BeforeRegistration { date: day("2026-03-10"), consent: day("2026-04-01") },
            CourseError::AfterEnd { ended: CourseEvent::DiedHome, date: day("2027-03-01") },
            CourseError::AfterEnd { ended: CourseEvent::Withdrawn, date: day("2027-03-01") },
            CourseError::NotEnded,
            CourseError::ConsentAfterCourse {
                consent: day("2027-04-01"),
                event: CourseEvent::Withdrawn,
                date: day("2027-03-01"),
            },
            CourseError::BeforeLast {
                date: day("2027-02-01"),
                event: CourseEvent::Admitted,
                last: day("2027-02-05"),
            },
            CourseError::NotAdmitted,
            CourseError::AlreadyAdmitted { since: day("2027-02-05") },
        ] {
            match &why {
                CourseError::InFuture { .. }
                | CourseError::BeforeRegistration { .. }
                | CourseError::AfterEnd { .. }
                | CourseError::BeforeLast { .. }
                | CourseError::NotAdmitted
                | CourseError::AlreadyAdmitted { .. }
                | CourseError::NotEnded
                | CourseError::ConsentAfterCourse { .. } => {}
            }
            all.push(RecordMsg::EditRefused { patient: PatientId::new(3), why: why.clone() });
            all.push(RecordMsg::Refused { patient: PatientId::new(3), why });
        }
        all.push(RecordMsg::Ended {
            patient: PatientId::new(3),
            event: CourseEvent::Moved,
            date: d,
        });
        all.push(RecordMsg::RemovedWithoutReason { patient: PatientId::new(3) });
        all.push(RecordMsg::ChangedMeanwhile { patient: PatientId::new(3) });
        for m in &all {
            match m {
                RecordMsg::EditRefused { .. } | RecordMsg::ChangedMeanwhile { .. } => {}
                RecordMsg::Recorded { .. }
                | RecordMsg::RegistrationEnded { .. }
                | RecordMsg::Refused { .. }
                | RecordMsg::Ended { .. }
                | RecordMsg::RemovedWithoutReason { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_message_reads_in_both_languages() {
        for m in RecordMsg::samples() {
            super::super::check_both(&m);
        }
    }

    #[test]
    fn a_home_death_reads_as_the_office_writes_it() {
        let d = Day("2027-03-09".parse().unwrap());
        let m = RecordMsg::Recorded {
            patient: crate::ids::PatientId::new(3),
            event: CourseEvent::DiedHome,
            date: d,
        };
        assert_eq!(
            m.ja(),
            "3番の患者さんの経過を記録しました：2027年3月9日(火) 在宅で死亡（在宅看取り）。"
        );
        assert_eq!(m.en(), "Recorded for patient 3: died at home on Tue 9 Mar 2027.");
    }

    #[test]
    fn the_refusal_a_nurse_reads_names_no_command() {
        let d = Day("2027-03-09".parse().unwrap());
        let m = RecordMsg::Ended {
            patient: crate::ids::PatientId::new(3),
            event: CourseEvent::Withdrawn,
            date: d,
        };
        assert!(!m.ja().contains("toban") && !m.en().contains("toban"));
    }

    // See: issue 18 (English review 29): "Nothing recorded for patient 1: the patient is not in
    // hospital: record …" had two colons.
    #[test]
    fn a_refused_course_event_says_what_to_record_first_in_one_sentence() {
        let refused = |why| RecordMsg::Refused { patient: PatientId::new(1), why }.en();
        assert_eq!(
            refused(CourseError::NotAdmitted),
            "Nothing recorded for patient 1: the patient is not in hospital, so record the admission first."
        );
        let since = chrono::NaiveDate::from_ymd_opt(2027, 2, 5).expect("date");
        assert_eq!(
            refused(CourseError::AlreadyAdmitted { since }),
            "Nothing recorded for patient 1: the patient has been in hospital since Fri 5 Feb 2027, so record the discharge first."
        );
    }
}
