//! The words of a patient's contact sheet (夜間・休日の連絡先, issue 20): the page a clinic gives
//! the household, saying whom to call at night and on holidays, in which order, and what to
//! say. Written for the family, not the office: no ids of the rules, no commands.

use super::{Day, Message};

/// One text of the contact sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetMsg {
    /// The heading.
    Title,
    /// Whose sheet it is.
    For {
        /// The patient's name.
        name: String,
    },
    /// What the sheet is for, naming the association's system.
    Intro {
        /// The association's name.
        association: String,
    },
    /// ① The attending doctor first.
    Attending,
    /// ② The duty doctor when the attending doctor cannot be reached.
    Duty,
    /// Under ②: who answers.
    DutyNote,
    /// Under ② when the rules give no number of the duty system: the nurse station takes the
    /// call and reaches the duty doctor.
    DutyThroughStation,
    /// The visiting-nurse station.
    Station,
    /// The registered backup hospital.
    Hospital,
    /// Under the hospital.
    HospitalNote,
    /// "Phone".
    Phone,
    /// A number that is not recorded.
    NoPhone,
    /// What to say when calling.
    WhatToSay,
    /// The lines to say, in order.
    SayLines {
        /// The patient's name.
        name: String,
        /// The patient's number in the registry.
        id: crate::ids::PatientId,
    },
    /// Only when the patient's wishes are recorded: at the end of life at home, no 119.
    DeathAtHome,
    /// When life is in danger and nobody answers: 119.
    Emergency,
    /// The attending doctor's line: 「青木内科クリニック　青木 一郎 先生」.
    AttendingDoctor {
        /// The doctor's clinic.
        clinic: String,
        /// The doctor's name.
        name: String,
    },
    /// The foot: the date it was made and by whom.
    Made {
        /// The day it was printed.
        date: Day,
        /// The association's name.
        association: String,
    },
}

impl Message for SheetMsg {
    fn ja(&self) -> String {
        match self {
            SheetMsg::Title => "夜間・休日の連絡先".into(),
            SheetMsg::For { name } => format!("{name} 様"),
            SheetMsg::Intro { association } => format!(
                "{association}に登録されています。夜間・休日に具合が悪くなったときは、次の順にお電話ください。"
            ),
            SheetMsg::Attending => "① まず主治医へ".into(),
            SheetMsg::Duty => "② 主治医につながらないとき（在宅当番医）".into(),
            SheetMsg::DutyNote => {
                "その週の当番の医師が対応します（当番は毎週替わります）。".into()
            }
            SheetMsg::DutyThroughStation => {
                "訪問看護ステーションにお電話ください。当番の医師に連絡します。".into()
            }
            SheetMsg::Station => "訪問看護ステーション".into(),
            SheetMsg::Hospital => "登録病院（後方支援病院）".into(),
            SheetMsg::HospitalNote => {
                "入院が必要なときの病院です。受診する前に、まず上の連絡先へお電話ください。".into()
            }
            SheetMsg::Phone => "電話".into(),
            SheetMsg::NoPhone => "（電話番号は未登録です）".into(),
            SheetMsg::WhatToSay => "お電話で伝えること".into(),
            SheetMsg::SayLines { name, id } => [
                format!("「在宅患者の登録をしている {name} の家族です（登録番号 {id}）」"),
                "住所と、折り返しの電話番号".into(),
                "今の様子：いつから、意識、呼吸、痛み、熱、食事や水分".into(),
                "飲んでいる薬（お薬手帳を手元に）".into(),
            ]
            .join("\n"),
            SheetMsg::DeathAtHome => "ご自宅での看取りを希望されている場合、息を引き取られたときは119番ではなく、まず上の順にお電話ください。医師が伺い、死亡を確認します。".into(),
            SheetMsg::Emergency => "意識がない、呼吸が苦しいなど命に関わるときに、どこにもつながらなければ、ためらわず119番に通報してください。".into(),
            SheetMsg::AttendingDoctor { clinic, name } => format!("{clinic}　{name} 先生"),
            SheetMsg::Made { date, association } => {
                format!("{} 作成　{association}", date.ja_long())
            }
        }
    }

    fn en(&self) -> String {
        match self {
            SheetMsg::Title => "Whom to call at night and on holidays".into(),
            SheetMsg::For { name } => format!("For {name}"),
            SheetMsg::Intro { association } => format!(
                "You are registered with {association}. If the patient becomes unwell at night or on a holiday, call in this order."
            ),
            SheetMsg::Attending => "1. First, the attending doctor".into(),
            SheetMsg::Duty => "2. If the attending doctor cannot be reached: the duty doctor".into(),
            SheetMsg::DutyNote => "The week's duty doctor answers (the duty changes every week).".into(),
            SheetMsg::DutyThroughStation => {
                "Call the visiting-nurse station: they reach the duty doctor.".into()
            }
            SheetMsg::Station => "Visiting-nurse station".into(),
            SheetMsg::Hospital => "Registered backup hospital".into(),
            SheetMsg::HospitalNote => {
                "The hospital for an admission. Call the numbers above before going there.".into()
            }
            SheetMsg::Phone => "Phone".into(),
            SheetMsg::NoPhone => "(no number recorded)".into(),
            SheetMsg::WhatToSay => "What to say when you call".into(),
            SheetMsg::SayLines { name, id } => [
                format!("\"I am calling for {name}, a registered home-care patient (number {id}).\""),
                "Your address and a number to call back".into(),
                "How the patient is: since when; consciousness, breathing, pain, fever, eating and drinking".into(),
                "The medicines taken (have the medicine notebook at hand)".into(),
            ]
            .join("\n"),
            SheetMsg::DeathAtHome => "If the patient wished to die at home: when they have passed away, do not call 119; call the numbers above in order. A doctor will come and confirm the death.".into(),
            SheetMsg::Emergency => "If life is in danger (unconscious, struggling to breathe) and nobody answers, call 119 without hesitation.".into(),
            SheetMsg::AttendingDoctor { clinic, name } => format!("{clinic}, Dr {name}"),
            SheetMsg::Made { date, association } => {
                format!("Made on {}, {association}", date.en_long())
            }
        }
    }
}

impl SheetMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<SheetMsg> {
        let date = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("a sample date"));
        let association = "匝瑳医師会".to_string();
        let all = vec![
            SheetMsg::Title,
            SheetMsg::For { name: "山田 花子".into() },
            SheetMsg::Intro { association: association.clone() },
            SheetMsg::Attending,
            SheetMsg::Duty,
            SheetMsg::DutyNote,
            SheetMsg::DutyThroughStation,
            SheetMsg::Station,
            SheetMsg::Hospital,
            SheetMsg::HospitalNote,
            SheetMsg::Phone,
            SheetMsg::NoPhone,
            SheetMsg::WhatToSay,
            SheetMsg::SayLines { name: "山田 花子".into(), id: crate::ids::PatientId::new(12) },
            SheetMsg::DeathAtHome,
            SheetMsg::Emergency,
            SheetMsg::AttendingDoctor {
                clinic: "青木内科".into(), name: "青木 一郎".into()
            },
            SheetMsg::Made { date, association },
        ];
        for m in &all {
            match m {
                SheetMsg::Title
                | SheetMsg::For { .. }
                | SheetMsg::Intro { .. }
                | SheetMsg::Attending
                | SheetMsg::Duty
                | SheetMsg::DutyNote
                | SheetMsg::DutyThroughStation
                | SheetMsg::Station
                | SheetMsg::Hospital
                | SheetMsg::HospitalNote
                | SheetMsg::Phone
                | SheetMsg::NoPhone
                | SheetMsg::WhatToSay
                | SheetMsg::SayLines { .. }
                | SheetMsg::DeathAtHome
                | SheetMsg::Emergency
                | SheetMsg::AttendingDoctor { .. }
                | SheetMsg::Made { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sheet_text_reads_in_both_languages() {
        for m in SheetMsg::samples() {
            super::super::check_both(&m);
        }
    }
}
