//! Backup hospitals and the board (issue 20): the patient list for the quarterly information
//! exchange, bed vacancy, and the board of clinics accepting new home patients, in chat, on the
//! command line, in the console and in the audit log.
//!
//! Key decision: a status is always shown with its age (「3時間前」), and one older than the
//! rules' `[beds] stale_hours` as 「不明」, so nobody sends a patient to a bed that was free
//! yesterday.

use super::Message;
use super::audit::Names;
use crate::store::{BedStatus, HospitalEvent};

/// How old a status is, in minutes, as people say it: 「5分前」「3時間前」「2日前」.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age(pub i64);

impl Message for Age {
    fn ja(&self) -> String {
        match self.0.max(0) {
            0 => "たった今".into(),
            m @ 1..=59 => format!("{m}分前"),
            m if m < 48 * 60 => format!("{}時間前", m / 60),
            m => format!("{}日前", m / (24 * 60)),
        }
    }
    fn en(&self) -> String {
        match self.0.max(0) {
            0 => "just now".into(),
            m @ 1..=59 => format!("{m} min ago"),
            m if m < 48 * 60 => format!("{} h ago", m / 60),
            m => format!("{} days ago", m / (24 * 60)),
        }
    }
}

/// A hospital's bed status as shown: known (with free beds and age) or unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BedLine {
    /// The hospital's name.
    pub hospital: String,
    /// The status, free beds and age in minutes; `None`: never set, or stale.
    pub status: Option<(BedStatus, Option<u32>, i64)>,
}

/// One doctor's line on the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLine {
    /// The clinic.
    pub clinic: String,
    /// The doctor's name.
    pub doctor: String,
    /// Accepting, the note and the age in minutes; `None`: not set.
    pub entry: Option<(bool, String, i64)>,
}

/// A message about hospitals, beds or the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HospMsg {
    /// The status's word: 空床あり (2床) / 要相談 / 満床.
    Status(BedStatus, Option<u32>),
    /// When a status was set, `n` minutes ago: 「3時間前」, "updated 3 h ago".
    Updated(i64),
    /// The vacancy of every hospital (chat, notices, console).
    Beds(Vec<BedLine>),
    /// One hospital's line: 「国保匝瑳中央病院: 空床あり（2床）（3時間前）」.
    BedItem(BedLine),
    /// A hospital's staff are asked for their status (the buttons follow).
    BedsAsk {
        /// The hospital's name.
        hospital: String,
    },
    /// A status was set.
    BedsSet {
        /// The hospital's name.
        hospital: String,
        /// The status.
        status: BedStatus,
        /// Free beds.
        vacant: Option<u32>,
    },
    /// Someone other than a hospital tried to set a status.
    BedsNotHospital,
    /// The console's form: a number of free beds with another status than open.
    VacantOnlyWhenOpen,
    /// The console's form: the number of free beds is no positive count.
    VacantNotACount,
    /// The status could not be read.
    BedsBad {
        /// What was typed.
        given: String,
    },
    /// The board of clinics accepting new home patients.
    Board(Vec<BoardLine>),
    /// A doctor is asked to set their own (the buttons follow).
    BoardAsk,
    /// A doctor's entry was set.
    BoardSet {
        /// Accepting.
        open: bool,
        /// The note.
        note: String,
    },
    /// Someone other than a doctor tried to set a board entry.
    BoardNotDoctor,
    /// What was typed after `/board` could not be read.
    BoardBad,
    /// A board note too long.
    BoardNoteTooLong {
        /// The limit.
        max: usize,
    },
    /// The button to accept / stop accepting.
    BoardButton(bool),
    /// The command line wrote a hospital's patient list.
    ListWritten {
        /// The hospital's name.
        hospital: String,
        /// How many patients.
        n: usize,
        /// The file.
        path: String,
    },
    /// No such backup hospital.
    NoSuchHospital(String),
    /// The title of a hospital's patient list.
    ListTitle {
        /// The hospital's name.
        hospital: String,
    },
    /// The line under it: the association, and the day.
    ListFor {
        /// The association.
        association: String,
        /// The day, as people write it.
        day: String,
        /// How many patients.
        n: usize,
    },
    /// The list's column headings (separated by `|`).
    ListColumns,
    /// What the list is for, and how to keep it.
    ListNote,
    /// Accepting / not accepting, as a word.
    Accepting(bool),
    /// Not set / unknown, as a word.
    Unknown,
    /// The board: a doctor who has not reported yet.
    NotReported,
    /// The board page's note: what it shows and how doctors report it.
    BoardNote,
    /// The console's hospitals page: its title (and nav entry).
    HospitalsTitle,
    /// The console's board page: its title (and nav entry).
    BoardTitle,
    /// The hospitals page's column headings (separated by `|`).
    HospitalsColumns,
    /// A hospital's patient list to download as CSV.
    DownloadCsv,
    /// The same as a printable page.
    DownloadHtml,
    /// The button that sets a hospital's status.
    SetBeds,
    /// The label of the free-beds field.
    VacantLabel,
    /// The hospitals page's note on who sets the status and how long it counts.
    HospitalsNote {
        /// `[beds] stale_hours`.
        hours: u32,
    },
    /// The status was set from the console.
    BedsSaved {
        /// The hospital's name.
        hospital: String,
    },
    /// A patient's attending doctor in a hospital's list: 「青木内科（青木 一郎先生）」.
    ClinicDoctor {
        /// The doctor's clinic.
        clinic: String,
        /// The doctor's name.
        doctor: String,
    },
}

impl Message for HospMsg {
    fn ja(&self) -> String {
        use HospMsg::*;
        match self {
            Status(BedStatus::Open, Some(n)) => format!("空床あり（{n}床）"),
            Status(BedStatus::Open, None) => "空床あり".into(),
            Status(BedStatus::Consult, _) => "要相談".into(),
            Status(BedStatus::Full, _) => "満床".into(),
            Updated(minutes) => Age(*minutes).ja(),
            Beds(lines) => {
                let mut out = String::from("【後方支援病院の空床状況】");
                for l in lines {
                    out.push_str(&format!("\n・{}", BedItem(l.clone()).ja()));
                }
                out
            }
            BedItem(l) => {
                let s = match &l.status {
                    Some((s, n, age)) => format!("{}（{}）", Status(*s, *n).ja(), Age(*age).ja()),
                    None => "不明（更新なし）".into(),
                };
                format!("{}: {s}", l.hospital)
            }
            BedsAsk { hospital } => format!(
                "{hospital}の現在の空床状況を選んでください。「/beds 2」のように空床数でも更新できます。"
            ),
            BedsSet { hospital, status, vacant } => format!(
                "{hospital}の空床状況を「{}」に更新しました。ありがとうございます。",
                Status(*status, *vacant).ja()
            ),
            BedsNotHospital => "空床状況を更新できるのは後方支援病院のご担当の方だけです。「/beds」で各病院の状況をご覧いただけます。".into(),
            VacantOnlyWhenOpen => "空床数は「空床あり」のときだけ入れてください。「要相談」「満床」のときは空欄にしてください。".into(),
            VacantNotACount => "空床数は 1 以上の数で入れてください（満床のときは「満床」を選んでください）。".into(),
            BedsBad { given } => format!(
                "「{given}」は読み取れませんでした。「/beds 2」（空床数）、「/beds 要相談」、「/beds 満床」のように送ってください。"
            ),
            Board(lines) => {
                let mut out = String::from("【新規在宅患者の受け入れ状況】");
                for l in lines {
                    let s = match &l.entry {
                        Some((open, note, age)) => {
                            let note =
                                if note.is_empty() { String::new() } else { format!("・{note}") };
                            format!("{}{note}（{}）", Accepting(*open).ja(), Age(*age).ja())
                        }
                        None => "未登録".into(),
                    };
                    out.push_str(&format!("\n・{}（{}先生）: {s}", l.clinic, l.doctor));
                }
                out
            }
            BoardAsk => "先生のクリニックの受け入れ状況を選んでください。「/board open 内科のみ」のように一言添えることもできます。".into(),
            BoardSet { open, note } => {
                let note = if note.is_empty() { String::new() } else { format!("（{note}）") };
                format!("受け入れ状況を「{}」{note}に更新しました。", Accepting(*open).ja())
            }
            BoardNotDoctor => "受け入れ状況を登録できるのは会員の先生だけです。「/board」で一覧をご覧いただけます。".into(),
            BoardBad => "「/board open」（受け入れ可）または「/board closed」（受け入れ停止）のように送ってください。後ろに一言添えられます。".into(),
            BoardNoteTooLong { max } => format!("一言は{max}文字以内でお願いします。"),
            BoardButton(open) => Accepting(*open).ja(),
            ListWritten { hospital, n, path } => {
                format!("{hospital}の登録患者一覧（{n}名）を {path} に書き出しました。")
            }
            NoSuchHospital(id) => format!(
                "後方支援病院「{id}」はルールにありません。`toban check` で一覧を確認してください。"
            ),
            ListTitle { hospital } => format!("{hospital} 登録患者一覧"),
            ListFor { association, day, n } => format!("{association}　{day}現在　{n}名"),
            ListColumns => "登録番号|氏名|生年月日|地区|主治医|主な病名|訪問看護ステーション|同意日|経過".into(),
            ListNote => "四半期ごとの情報交換のための一覧です。個人情報を含みますので、取り扱いにご注意ください。".into(),
            Accepting(true) => "受け入れ可".into(),
            Accepting(false) => "受け入れ停止中".into(),
            Unknown => "不明".into(),
            NotReported => "不明".into(),
            BoardNote => "各クリニックが新しい在宅患者を受け入れられるかどうかを、先生方がチャットで最後に知らせた内容（「受け入れ可」か「受け入れ停止」と、一言のメモ）で表示します。".into(),
            HospitalsTitle => "後方支援病院".into(),
            BoardTitle => "受け入れ状況".into(),
            HospitalsColumns => "病院|空床状況|登録患者|患者一覧|空床状況の更新".into(),
            DownloadCsv => "CSV（Excel用）".into(),
            DownloadHtml => "印刷用（A4）".into(),
            SetBeds => "更新する".into(),
            VacantLabel => "空床数".into(),
            HospitalsNote { hours } => format!(
                "空床状況は各病院のご担当者がチャットの /beds で更新します。事務局からも更新できます。{hours}時間を過ぎた状況は「不明」と表示します。患者一覧の出力は、操作の記録に残ります。"
            ),
            BedsSaved { hospital } => format!("{hospital}の空床状況を更新しました。"),
            ClinicDoctor { clinic, doctor } => format!("{clinic}（{doctor}先生）"),
        }
    }

    fn en(&self) -> String {
        use HospMsg::*;
        match self {
            Status(BedStatus::Open, Some(1)) => "1 bed free".into(),
            Status(BedStatus::Open, Some(n)) => format!("{n} beds free"),
            Updated(minutes) => format!("updated {}", Age(*minutes).en()),
            Status(BedStatus::Open, None) => "beds free".into(),
            Status(BedStatus::Consult, _) => "ask first".into(),
            Status(BedStatus::Full, _) => "full".into(),
            Beds(lines) => {
                let mut out = String::from("[Backup hospitals' beds]");
                for l in lines {
                    out.push_str(&format!("\n- {}", BedItem(l.clone()).en()));
                }
                out
            }
            BedItem(l) => {
                let s = match &l.status {
                    Some((s, n, age)) => format!("{} ({})", Status(*s, *n).en(), Updated(*age).en()),
                    None => "unknown (not updated)".into(),
                };
                format!("{}: {s}", l.hospital)
            }
            BedsAsk { hospital } => format!(
                "Pick the bed status of {hospital} now; or send the number of free beds, e.g. /beds 2."
            ),
            BedsSet { hospital, status, vacant } => {
                format!("Bed status of {hospital} set to \"{}\". Thank you.", Status(*status, *vacant).en())
            }
            BedsNotHospital => {
                "Only a backup hospital's staff can set its bed status; /beds shows every hospital's.".into()
            }
            VacantOnlyWhenOpen => "Give a number of free beds only with \"free beds\"; leave it empty for \"consult\" or \"full\".".into(),
            VacantNotACount => "Enter the number of free beds (1 or more), or choose \"full\".".into(),
            BedsBad { given } => format!(
                "\"{given}\" was not understood: send /beds 2 (free beds), /beds consult or /beds full."
            ),
            Board(lines) => {
                let mut out = String::from("[Clinics accepting new home patients]");
                for l in lines {
                    let s = match &l.entry {
                        Some((open, note, age)) => {
                            let note = if note.is_empty() { String::new() } else { format!(", {note}") };
                            format!("{}{note} ({})", Accepting(*open).en(), Age(*age).en())
                        }
                        None => "not set".into(),
                    };
                    out.push_str(&format!("\n- {} ({}): {s}", l.clinic, l.doctor));
                }
                out
            }
            BoardAsk => "Is your clinic accepting new home patients? Or send /board open, with a short note.".into(),
            BoardSet { open, note } => {
                let note = if note.is_empty() { String::new() } else { format!(" ({note})") };
                format!("Your board entry is now \"{}\"{note}.", Accepting(*open).en())
            }
            BoardNotDoctor => "Only member doctors set a board entry; /board shows the board.".into(),
            BoardBad => "Send /board open (accepting) or /board closed, optionally with a short note.".into(),
            BoardNoteTooLong { max } => format!("Keep the note within {max} characters."),
            BoardButton(open) => Accepting(*open).en(),
            ListWritten { hospital, n, path } => {
                format!("wrote the patient list of {hospital} ({n} patients) to {path}")
            }
            NoSuchHospital(id) => {
                format!("'{id}' is not a backup hospital in the rules; see `toban check` for the list")
            }
            ListTitle { hospital } => format!("{hospital}: registered patients"),
            ListFor { association, day, n } => format!("{association}, as of {day}, {n} patients"),
            ListColumns => "No.|Name|Born|Area|Attending|Diagnosis|Nurse station|Consent|Course".into(),
            ListNote => "For the quarterly information exchange. It holds personal data: keep it safe.".into(),
            Accepting(true) => "accepting".into(),
            Accepting(false) => "not accepting".into(),
            Unknown => "unknown".into(),
            NotReported => "not reported".into(),
            BoardNote => "Whether each member doctor's clinic is accepting new home patients, as the doctor last reported it in chat (open or closed, with an optional short note).".into(),
            HospitalsTitle => "Backup hospitals".into(),
            BoardTitle => "Accepting patients".into(),
            HospitalsColumns => "Hospital|Beds|Patients|Patient list|Set beds".into(),
            DownloadCsv => "CSV (Excel)".into(),
            DownloadHtml => "printable (A4)".into(),
            SetBeds => "Set".into(),
            VacantLabel => "Free beds".into(),
            HospitalsNote { hours } => format!(
                "Each hospital's staff set its beds in chat with /beds; the office can set them here. A status older than {hours} h shows as unknown. Each download of a patient list is recorded in the audit log."
            ),
            BedsSaved { hospital } => format!("Bed status of {hospital} saved."),
            ClinicDoctor { clinic, doctor } => format!("{clinic} ({doctor})"),
        }
    }
}

/// An audit entry about hospitals or the board, for the reader.
pub fn audit_ja(e: &HospitalEvent, n: &Names) -> String {
    match e {
        HospitalEvent::PatientList { hospital, n: count, format } => {
            format!("{}の登録患者一覧（{count}名、{format}）を出力しました", n.ja(hospital))
        }
        HospitalEvent::Beds { hospital, status, vacant } => format!(
            "{}の空床状況を「{}」に更新しました",
            n.ja(hospital),
            HospMsg::Status(*status, *vacant).ja()
        ),
        HospitalEvent::Board { doctor, open, note } => format!(
            "{}の新規受け入れを「{}」に更新しました{}",
            n.ja(doctor),
            HospMsg::Accepting(*open).ja(),
            if note.is_empty() { String::new() } else { format!("（{note}）") }
        ),
    }
}

/// The same in English.
pub fn audit_en(e: &HospitalEvent, n: &Names) -> String {
    match e {
        HospitalEvent::PatientList { hospital, n: count, format } => {
            format!("patient list of {} written ({count} patients, {format})", n.en(hospital))
        }
        HospitalEvent::Beds { hospital, status, vacant } => format!(
            "bed status of {} set to \"{}\"",
            n.en(hospital),
            HospMsg::Status(*status, *vacant).en()
        ),
        HospitalEvent::Board { doctor, open, note } => format!(
            "board entry of {} set to \"{}\"{}",
            n.en(doctor),
            HospMsg::Accepting(*open).en(),
            if note.is_empty() { String::new() } else { format!(" ({note})") }
        ),
    }
}

/// The audit action column in English.
pub fn action_en(e: &HospitalEvent) -> &'static str {
    match e {
        HospitalEvent::PatientList { .. } => "Patient list",
        HospitalEvent::Beds { .. } => "Beds",
        HospitalEvent::Board { .. } => "Accepting patients",
    }
}

/// The audit action column in Japanese.
pub fn action_ja(e: &HospitalEvent) -> &'static str {
    match e {
        HospitalEvent::PatientList { .. } => "患者一覧の出力",
        HospitalEvent::Beds { .. } => "空床状況",
        HospitalEvent::Board { .. } => "受け入れ状況",
    }
}

impl HospMsg {
    /// One sample of every variant, for the catalogue's tests.
    pub fn samples() -> Vec<HospMsg> {
        use HospMsg::*;
        let bed = |status| BedLine { hospital: "東総記念病院".into(), status };
        let line =
            |entry| BoardLine {
                clinic: "青木内科".into(), doctor: "青木 一郎".into(), entry
            };
        let all = vec![
            Status(BedStatus::Open, Some(2)),
            Status(BedStatus::Open, None),
            Status(BedStatus::Consult, None),
            Status(BedStatus::Full, None),
            Updated(185),
            Beds(vec![bed(Some((BedStatus::Open, Some(2), 180))), bed(None)]),
            BedItem(bed(None)),
            BedsAsk { hospital: "東総記念病院".into() },
            BedsSet {
                hospital: "東総記念病院".into(), status: BedStatus::Full, vacant: None
            },
            BedsNotHospital,
            VacantOnlyWhenOpen,
            VacantNotACount,
            BedsBad { given: "x".into() },
            Board(vec![line(Some((true, "内科".into(), 5))), line(None)]),
            BoardAsk,
            BoardSet { open: false, note: String::new() },
            BoardNotDoctor,
            BoardBad,
            BoardNoteTooLong { max: 100 },
            BoardButton(true),
            ListWritten { hospital: "東総記念病院".into(), n: 2, path: "list.csv".into() },
            NoSuchHospital("h9".into()),
            ListTitle { hospital: "東総記念病院".into() },
            ListFor { association: "匝瑳医師会".into(), day: "2027".into(), n: 1 },
            ListColumns,
            ListNote,
            Accepting(false),
            Unknown,
            NotReported,
            BoardNote,
            HospitalsTitle,
            BoardTitle,
            HospitalsColumns,
            DownloadCsv,
            DownloadHtml,
            SetBeds,
            VacantLabel,
            HospitalsNote { hours: 24 },
            BedsSaved { hospital: "東総記念病院".into() },
            ClinicDoctor { clinic: "青木内科".into(), doctor: "青木 一郎".into() },
        ];
        for m in &all {
            match m {
                Status(..)
                | Updated(..)
                | Beds(_)
                | BedItem(_)
                | BedsAsk { .. }
                | BedsSet { .. }
                | BedsNotHospital
                | VacantOnlyWhenOpen
                | VacantNotACount
                | BedsBad { .. }
                | Board(_)
                | BoardAsk
                | BoardSet { .. }
                | BoardNotDoctor
                | BoardBad
                | BoardNoteTooLong { .. }
                | BoardButton(_)
                | ListWritten { .. }
                | NoSuchHospital(_)
                | ListTitle { .. }
                | ListFor { .. }
                | ListColumns
                | ListNote
                | Accepting(_)
                | Unknown
                | NotReported
                | BoardNote
                | HospitalsTitle
                | BoardTitle
                | HospitalsColumns
                | DownloadCsv
                | DownloadHtml
                | SetBeds
                | VacantLabel
                | HospitalsNote { .. }
                | BedsSaved { .. }
                | ClinicDoctor { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hospital_message_reads_in_both_languages() {
        for m in HospMsg::samples() {
            super::super::check_both(&m);
        }
        for m in [1, 90, 180, 60 * 50] {
            super::super::check_both(&Age(m));
        }
    }

    #[test]
    fn ages_read_as_people_say_them() {
        assert_eq!(Age(0).ja(), "たった今");
        assert_eq!(Age(5).ja(), "5分前");
        assert_eq!(Age(185).ja(), "3時間前");
        assert_eq!(Age(3 * 24 * 60).ja(), "3日前");
        assert_eq!(Age(185).en(), "3 h ago");
    }

    #[test]
    fn a_stale_or_missing_status_reads_as_unknown() {
        let m =
            HospMsg::Beds(vec![BedLine { hospital: "東総記念病院".into(), status: None }]);
        assert!(m.ja().contains("東総記念病院: 不明"), "{}", m.ja());
    }

    // See: issue 18 (English review 38): the hospitals page said "Give the number of free beds
    // as a number of 1 or more (…)", "beds free (3) (just now)" and "Every patient list
    // downloaded is audited".
    #[test]
    fn the_hospitals_page_says_beds_and_downloads_plainly() {
        assert_eq!(
            HospMsg::VacantNotACount.en(),
            "Enter the number of free beds (1 or more), or choose \"full\"."
        );
        assert_eq!(HospMsg::Status(BedStatus::Open, Some(3)).en(), "3 beds free");
        assert_eq!(HospMsg::Status(BedStatus::Open, Some(1)).en(), "1 bed free");
        assert_eq!(HospMsg::Updated(0).en(), "updated just now");
        assert_eq!(HospMsg::Updated(185).en(), "updated 3 h ago");
        assert_eq!(HospMsg::Updated(185).ja(), Age(185).ja());
        let line = BedLine { hospital: "Sosa".into(), status: Some((BedStatus::Open, Some(3), 0)) };
        assert_eq!(HospMsg::BedItem(line).en(), "Sosa: 3 beds free (updated just now)");
        assert!(
            HospMsg::HospitalsNote { hours: 24 }
                .en()
                .ends_with(" Each download of a patient list is recorded in the audit log."),
            "{}",
            HospMsg::HospitalsNote { hours: 24 }.en()
        );
    }
}
