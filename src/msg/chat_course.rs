//! `/course` in chat (issue 20): a patient's course recorded by the attending doctor, the
//! doctor who handled the patient's latest call, or the office. What the guided steps ask and
//! what a refusal says; the recorded event and the course's own refusals are
//! [`super::record::RecordMsg`], as on the command line and in the console.
//!
//! Key decision: [`CourseSay::NotYours`] is the one answer to a member who may not record the
//! course of that number, whether or not the patient exists, so the command is no way to find
//! out which numbers are registered.

use super::{Day, Message};
use crate::ids::PatientId;
use crate::routing::CourseEvent;

/// The events recorded from chat, in the order of the buttons: a re-registration (a new
/// consent) stays the office's, on the command line or in the console.
pub const CHAT_EVENTS: [CourseEvent; 6] = [
    CourseEvent::Admitted,
    CourseEvent::Discharged,
    CourseEvent::DiedHome,
    CourseEvent::DiedHospital,
    CourseEvent::Moved,
    CourseEvent::Withdrawn,
];

/// A `/course` reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourseSay {
    /// The first step: which patient.
    AskPatient,
    /// Not a patient number.
    NumberPlease,
    /// The member may not record this number's course (or there is no such patient).
    NotYours {
        /// The number typed.
        patient: PatientId,
    },
    /// No such patient (said to the office only).
    NoPatient {
        /// The number typed.
        patient: PatientId,
    },
    /// Which event (buttons follow).
    AskEvent {
        /// The patient.
        patient: PatientId,
    },
    /// The event typed is none of the six.
    BadEvent,
    /// Which day (buttons for today and yesterday follow).
    AskDate {
        /// The patient.
        patient: PatientId,
        /// The event.
        event: CourseEvent,
    },
    /// The day typed could not be read.
    BadDate,
    /// The last question before it is recorded.
    Confirm {
        /// The patient.
        patient: PatientId,
        /// The event.
        event: CourseEvent,
        /// Its day.
        date: Day,
    },
    /// The label of an event's button.
    EventButton(CourseEvent),
    /// The button for today (or yesterday, `false`), with its date.
    DayButton {
        /// Today (`true`) or yesterday.
        today: bool,
        /// The date.
        date: Day,
    },
    /// 記録する.
    RecordButton,
    /// やめる.
    StopButton,
    /// Stopped: nothing recorded.
    Stopped,
    /// Toast: recorded.
    RecordedToast,
    /// A button of a form that is over (recorded, stopped, or another form started).
    FormOver,
    /// A button pressed after the form timed out.
    TimedOut,
    /// How the one-line form reads.
    Usage,
}

/// 「在宅で看取り」: an event as a button and a question name it.
fn event_ja(e: CourseEvent) -> &'static str {
    match e {
        CourseEvent::Admitted => "入院",
        CourseEvent::Discharged => "退院(在宅へ)",
        CourseEvent::DiedHome => "在宅で看取り",
        CourseEvent::DiedHospital => "病院で死亡",
        CourseEvent::Moved => "転居・転出",
        CourseEvent::Withdrawn => "同意撤回",
        CourseEvent::Reregistered => "再登録",
    }
}

fn event_en(e: CourseEvent) -> &'static str {
    match e {
        CourseEvent::Admitted => "Admitted",
        CourseEvent::Discharged => "Discharged home",
        CourseEvent::DiedHome => "Died at home",
        CourseEvent::DiedHospital => "Died in hospital",
        CourseEvent::Moved => "Moved away",
        CourseEvent::Withdrawn => "Consent withdrawn",
        CourseEvent::Reregistered => "Registered again",
    }
}

/// The event a member typed: its name on the command line (`died_home`) or in Japanese
/// (「在宅看取り」「看取り」「転居」…); only the six of [`CHAT_EVENTS`].
pub fn parse_event(s: &str) -> Option<CourseEvent> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    if let Some(e) = CHAT_EVENTS.into_iter().find(|e| e.as_str() == lower) {
        return Some(e);
    }
    let squeezed: String = s.chars().filter(|c| !"()（）・ 　".contains(*c)).collect();
    let e = match squeezed.as_str() {
        "入院" => CourseEvent::Admitted,
        "退院" | "退院在宅へ" => CourseEvent::Discharged,
        "在宅で看取り" | "在宅看取り" | "看取り" | "在宅死亡" | "在宅で死亡" => {
            CourseEvent::DiedHome
        }
        "病院で死亡" | "病院死亡" | "入院中に死亡" => CourseEvent::DiedHospital,
        "転居" | "転出" | "転居転出" => CourseEvent::Moved,
        "同意撤回" | "撤回" => CourseEvent::Withdrawn,
        _ => return None,
    };
    Some(e)
}

impl Message for CourseSay {
    fn ja(&self) -> String {
        use CourseSay::*;
        match self {
            AskPatient => "経過を記録する患者さんの患者番号を送ってください（例: 12）。やめるときは /cancel。".into(),
            NumberPlease => "患者番号（数字）を送ってください。やめるときは /cancel。".into(),
            NotYours { patient } => format!(
                "{patient}番の患者さんの経過は記録できません。チャットで経過を記録できるのは、その患者さんの主治医、直近の依頼を受諾した医師、事務局です。番号をお確かめください。"
            ),
            NoPatient { patient } => format!("{patient}番の患者さんは登録されていません。番号をお確かめください。"),
            AskEvent { patient } => format!("{patient}番の患者さんについて、記録する経過を下のボタンから選んでください。"),
            BadEvent => "経過は 入院・退院・在宅看取り・病院で死亡・転居・同意撤回 のいずれかです（/course 12 在宅看取り 3/9、または /course 12 died_home 3/9 のように送れます）。".into(),
            AskDate { patient, event } => format!(
                "{patient}番の患者さん：「{}」。日付をボタンで選ぶか、3/9 のように送ってください。",
                event_ja(*event)
            ),
            BadDate => "日付が読み取れません。3/9 または 2027-03-09 のように送ってください。".into(),
            Confirm { patient, event, date } => {
                let end = if event.ends() {
                    "\n記録すると登録は終了し、以後この患者さんについての依頼は受け付けられなくなります。"
                } else {
                    ""
                };
                format!(
                    "{patient}番の患者さんの経過として「{}」（{}）を記録します。よろしければ「記録する」を押してください。{end}",
                    event_ja(*event),
                    date.ja_long()
                )
            }
            EventButton(e) => event_ja(*e).into(),
            DayButton { today: true, date } => format!("今日（{}）", date.ja()),
            DayButton { today: false, date } => format!("昨日（{}）", date.ja()),
            RecordButton => "記録する".into(),
            StopButton => "やめる".into(),
            Stopped => "やめました。経過は記録していません。".into(),
            RecordedToast => "記録しました。".into(),
            FormOver => "この入力は終わっています（記録済みか取り消し済み）。".into(),
            TimedOut => "入力の時間切れです。もう一度 /course から始めてください。".into(),
            Usage => "/course — 患者さんの経過（入院・退院・在宅看取り・病院で死亡・転居・同意撤回）の記録。/course 12 在宅看取り 3/9 のように1行でも送れます。".into(),
        }
    }

    fn en(&self) -> String {
        use CourseSay::*;
        match self {
            AskPatient => "Send the number of the patient whose course you record (e.g. 12); /cancel to stop.".into(),
            NumberPlease => "Send the patient's number (digits); /cancel to stop.".into(),
            NotYours { patient } => format!(
                "You cannot record the course of patient {patient}: in chat, a patient's course is recorded by their attending doctor, the doctor who took their latest call, and the office. Check the number."
            ),
            NoPatient { patient } => format!("There is no patient {patient}. Check the number."),
            AskEvent { patient } => format!("Patient {patient}: pick what happened with the buttons below."),
            BadEvent => "The event is one of admitted, discharged, died_home, died_hospital, moved, withdrawn (e.g. /course 12 died_home 3/9).".into(),
            AskDate { patient, event } => format!(
                "Patient {patient}: {}. Pick the day, or send it like 3/9.",
                event_en(*event)
            ),
            BadDate => "That date cannot be read: send it like 3/9 or 2027-03-09.".into(),
            Confirm { patient, event, date } => {
                let end = if event.ends() {
                    "\nThis ends the registration: calls for this patient are refused from then on."
                } else {
                    ""
                };
                format!(
                    "Record for patient {patient}: {} on {}? Press Record to confirm.{end}",
                    event_en(*event),
                    date.en_long()
                )
            }
            EventButton(e) => event_en(*e).into(),
            DayButton { today: true, date } => format!("Today ({})", date.en()),
            DayButton { today: false, date } => format!("Yesterday ({})", date.en()),
            RecordButton => "Record".into(),
            StopButton => "Stop".into(),
            Stopped => "Stopped: nothing was recorded.".into(),
            RecordedToast => "Recorded.".into(),
            FormOver => "This form is over (recorded or stopped).".into(),
            TimedOut => "The form timed out; start again with /course.".into(),
            Usage => "/course — record a patient's course (admitted, discharged, died at home, died in hospital, moved, consent withdrawn); in one line: /course 12 died_home 3/9.".into(),
        }
    }
}

impl CourseSay {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<CourseSay> {
        let date = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("a date"));
        let mut all = vec![
            CourseSay::AskPatient,
            CourseSay::NumberPlease,
            CourseSay::NotYours { patient: PatientId::new(12) },
            CourseSay::NoPatient { patient: PatientId::new(12) },
            CourseSay::AskEvent { patient: PatientId::new(12) },
            CourseSay::BadEvent,
            CourseSay::BadDate,
            CourseSay::DayButton { today: true, date },
            CourseSay::DayButton { today: false, date },
            CourseSay::RecordButton,
            CourseSay::StopButton,
            CourseSay::Stopped,
            CourseSay::RecordedToast,
            CourseSay::FormOver,
            CourseSay::TimedOut,
            CourseSay::Usage,
        ];
        for e in CourseEvent::ALL {
            all.push(CourseSay::EventButton(e));
            all.push(CourseSay::AskDate { patient: PatientId::new(12), event: e });
            all.push(CourseSay::Confirm { patient: PatientId::new(12), event: e, date });
        }
        for m in &all {
            match m {
                CourseSay::AskPatient
                | CourseSay::NumberPlease
                | CourseSay::NotYours { .. }
                | CourseSay::NoPatient { .. }
                | CourseSay::AskEvent { .. }
                | CourseSay::BadEvent
                | CourseSay::AskDate { .. }
                | CourseSay::BadDate
                | CourseSay::Confirm { .. }
                | CourseSay::EventButton(_)
                | CourseSay::DayButton { .. }
                | CourseSay::RecordButton
                | CourseSay::StopButton
                | CourseSay::Stopped
                | CourseSay::RecordedToast
                | CourseSay::FormOver
                | CourseSay::TimedOut
                | CourseSay::Usage => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_course_reply_reads_in_both_languages() {
        for m in CourseSay::samples() {
            crate::msg::check_both(&m);
        }
    }

    #[test]
    fn events_are_read_as_the_command_line_and_in_japanese_and_only_the_six() {
        assert_eq!(parse_event("died_home"), Some(CourseEvent::DiedHome));
        assert_eq!(parse_event("在宅看取り"), Some(CourseEvent::DiedHome));
        assert_eq!(parse_event("退院(在宅へ)"), Some(CourseEvent::Discharged));
        assert_eq!(parse_event("転居・転出"), Some(CourseEvent::Moved));
        assert_eq!(parse_event("病院で死亡"), Some(CourseEvent::DiedHospital));
        assert_eq!(parse_event("reregistered"), None, "a new consent is the office's");
        assert_eq!(parse_event("died"), None);
        for e in CHAT_EVENTS {
            assert_eq!(parse_event(CourseSay::EventButton(e).ja().as_str()), Some(e));
        }
    }
}
