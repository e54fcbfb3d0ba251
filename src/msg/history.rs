//! What is wrong in a history file (`toban history import`), typed: each bad line's problem
//! ([`LineMsg`]) and the file as a whole ([`crate::cli::history::file::FileError`]).
//!
//! The office types past duties from paper into Excel; the Japanese says which line, what is
//! wrong and what to write, as 「past.csv 3行目: 「d99」という先生はルールにいません。…」.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use super::{Day, Doctor, Message, When};
use crate::cli::history::file::{FileError, HEADER};

/// Why the bytes of a history file are not UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 (Excel's "Unicode text").
    Utf16,
    /// Shift-JIS (Excel's "CSV" on Japanese Windows).
    ShiftJis,
    /// Neither.
    Other,
}

/// A doctor named in a message: id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// What is wrong with one line of a history file, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum LineMsg {
    /// Not a CSV record (`detail`: the CSV reader's text).
    NotCsv { detail: String },
    /// Fewer than three fields.
    FieldCount { found: usize },
    /// The date field is empty.
    DateMissing,
    /// The date field is not a date.
    NotADate(String),
    /// The doctor field is empty (`example`: a doctor of the rules).
    DoctorMissing { example: Option<Named> },
    /// No doctor has this id or name (`near`: one whose id or name is close).
    NotADoctor { text: String, near: Option<Named>, example: Option<Named> },
    /// Several doctors have this name.
    NameShared { name: String, ids: Vec<String> },
    /// The date has not come yet.
    Future { date: NaiveDate, today: NaiveDate },
    /// The date lies outside the years toban plans.
    OutsideYears { date: NaiveDate },
    /// The kind is not the slot's kind under the rules (`slot`: its start and end, boxed to
    /// keep the message small).
    WrongKind {
        date: NaiveDate,
        slot: Box<(DateTime<Tz>, DateTime<Tz>)>,
        /// The slot's kind: its id, and a holiday period's name (none: a regular duty).
        slot_kind: (String, Option<String>),
        /// The kind written on the line, likewise.
        kind: (String, Option<String>),
    },
    /// The year's rota is published.
    Published { year: super::words::YearLabel },
    /// The doctor joined after the slot began.
    JoinedAfter { doctor: Named, joined: NaiveDate, first: NaiveDate, end: NaiveDate },
    /// The doctor left before the slot ended.
    LeftBefore { doctor: Named, left: NaiveDate, first: NaiveDate, end: NaiveDate },
    /// The same slot and doctor on an earlier line.
    Twice { id: String, first: NaiveDate, end: NaiveDate, earlier: usize },
    /// The slot has its doctors already (stored, or on lines above).
    SlotFull {
        doctor: String,
        first: NaiveDate,
        k: usize,
        stored: Vec<String>,
        above: Vec<(String, usize)>,
    },
}

const SAVE_AS_JA: &str = "Excel の「名前を付けて保存」で、ファイルの種類を「CSV UTF-8 (コンマ区切り)」にして保存し直し、そのファイルを取り込んでください。";
const SAVE_AS_EN: &str = "in Excel choose 名前を付けて保存 (Save As) with the file type \"CSV UTF-8 (コンマ区切り)\" (\"CSV UTF-8 (Comma delimited)\"), and import that file";

impl Encoding {
    fn ja(self) -> String {
        match self {
            Encoding::Utf16 => format!(
                "このファイルは UTF-16（Excel の「Unicode テキスト」）で保存されています。toban が読めるのは UTF-8 のファイルです。{SAVE_AS_JA}"
            ),
            Encoding::ShiftJis => format!(
                "このファイルは Shift-JIS（日本語版 Windows の Excel で「CSV (コンマ区切り)」を選んだときの形式）です。toban が読めるのは UTF-8 のファイルです。{SAVE_AS_JA}"
            ),
            Encoding::Other => format!(
                "このファイルは UTF-8 の文字として読めません（Shift-JIS でもありません）。{SAVE_AS_JA}"
            ),
        }
    }
    fn en(self) -> String {
        match self {
            Encoding::Utf16 => format!(
                "the file is UTF-16 (Excel's \"Unicode text\"), and toban reads UTF-8: {SAVE_AS_EN}"
            ),
            Encoding::ShiftJis => format!(
                "the file is Shift-JIS, as Excel on Japanese Windows saves \"CSV (コンマ区切り)\", and toban reads UTF-8: {SAVE_AS_EN}"
            ),
            Encoding::Other => format!(
                "the file is not UTF-8 text (nor Shift-JIS): save it as UTF-8; {SAVE_AS_EN}"
            ),
        }
    }
}

fn long(d: NaiveDate) -> String {
    Day(d).ja_long()
}

impl Message for LineMsg {
    fn ja(&self) -> String {
        let example_ja = |e: &Option<Named>| {
            e.as_ref().map(|d| format!("（例: {} か {}）", d.id, d.name)).unwrap_or_default()
        };
        match self {
            LineMsg::NotCsv { detail } => format!(
                "CSV の行として読めません（`{detail}`）。日付,医師,種類 の順にコンマで区切って書いてください。"
            ),
            LineMsg::FieldCount { found } => format!(
                "項目が{found}個しかありません。`{HEADER}` の3つを、2024-04-02,d01,regular のように1行に1件書いてください。"
            ),
            LineMsg::DateMissing => {
                "日付がありません。2024-04-01 か 2024/4/1 の形で書いてください。".into()
            }
            LineMsg::NotADate(s) => format!(
                "「{s}」は日付として読めません。2024-04-01 か 2024/4/1 の形で書いてください。"
            ),
            LineMsg::DoctorMissing { example } => format!(
                "医師が書かれていません。ルールにある先生の id か名前を書いてください{}。",
                example_ja(example)
            ),
            LineMsg::NotADoctor { text, near, example } => format!(
                "「{text}」という先生はルールにいません。{}ルールにある先生の id か名前を、そのとおりに書いてください{}。退会した先生も、ルールに `left = 日付` を書いて残しておきます。",
                near.as_ref()
                    .map(|d| format!("{}（{}）のことですか？ ", Doctor(d.name.clone()).ja(), d.id))
                    .unwrap_or_default(),
                example_ja(example)
            ),
            LineMsg::NameShared { name, ids } => format!(
                "「{name}」という名前の先生が{}名います（{}）。id で書いてください。",
                ids.len(),
                super::words::list(ids.iter(), super::Lang::Ja)
            ),
            LineMsg::Future { date, today } => format!(
                "{}はまだ来ていない日です（今日は{}）。取り込めるのは済んだ当番だけなので、この行は消してください。これからの当番は、当番表の計画で作ります。",
                long(*date),
                long(*today)
            ),
            LineMsg::OutsideYears { date } => format!(
                "{}は toban が扱える年（2001〜2097年）の外です。日付を確かめてください。",
                long(*date)
            ),
            LineMsg::WrongKind { date, slot, slot_kind, kind } => {
                let name =
                    |k: &(String, Option<String>)| k.1.clone().unwrap_or_else(|| "通常".into());
                format!(
                    "{}を含む枠（{}〜{}）は、ルールでは「{}」の当番です（「{}」ではありません）。種類を「{}」にするか、日付を確かめてください。",
                    long(*date),
                    When(slot.0).ja(),
                    When(slot.1).ja(),
                    name(slot_kind),
                    name(kind),
                    name(slot_kind)
                )
            }
            LineMsg::Published { year } => format!(
                "{}は当番表が公開済みで、その当番表が{}の記録です（取り込んでも数えられません）。この行は消してください。公開済みの当番表は、交換か代行で変えられます。",
                year.ja(),
                year.ja()
            ),
            LineMsg::JoinedAfter { doctor, joined, first, end } => format!(
                "{}（{}）の入会はルールでは{}で、{}〜{}の枠が始まった後です。日付と医師を確かめるか、会員の入会日を直してください。",
                Doctor(doctor.name.clone()).ja(),
                doctor.id,
                long(*joined),
                long(*first),
                long(*end)
            ),
            LineMsg::LeftBefore { doctor, left, first, end } => format!(
                "{}（{}）の退会はルールでは{}で、{}〜{}の枠が終わる前です。日付と医師を確かめるか、会員の退会日を直してください。",
                Doctor(doctor.name.clone()).ja(),
                doctor.id,
                long(*left),
                long(*first),
                long(*end)
            ),
            LineMsg::Twice { id, first, end, earlier } => format!(
                "{id} が{}〜{}の枠に2回書かれています（{earlier}行目にもあります）。どちらか一方の行を消してください。",
                long(*first),
                long(*end)
            ),
            LineMsg::SlotFull { doctor, first, k, stored, above } => {
                let mut has = Vec::new();
                if !stored.is_empty() {
                    has.push(format!(
                        "取り込み済みの {}",
                        super::words::list(stored.iter(), super::Lang::Ja)
                    ));
                }
                if !above.is_empty() {
                    let lines: Vec<String> =
                        above.iter().map(|(d, l)| format!("{d}（{l}行目）")).collect();
                    has.push(format!(
                        "上の行の {}",
                        super::words::list(lines.iter(), super::Lang::Ja)
                    ));
                }
                let todo = if stored.is_empty() {
                    "この行の日付と医師を確かめてください。".to_string()
                } else {
                    format!(
                        "この行の日付と医師を確かめてください。過去の当番を直すための行なら、先に `toban history remove --date {first}` で古い行を消してください。"
                    )
                };
                format!(
                    "{doctor}: {}からの枠の当番は{k}名までですが（ルールの1回の当番の人数）、すでに{}がいます。{todo}",
                    long(*first),
                    has.join("と")
                )
            }
        }
    }

    fn en(&self) -> String {
        let example_en = |e: &Option<Named>| {
            e.as_ref().map(|d| format!(" (e.g. {} or {})", d.id, d.name)).unwrap_or_default()
        };
        match self {
            LineMsg::NotCsv { detail } => {
                format!("not a CSV line ({detail}): write date,doctor,kind")
            }
            LineMsg::FieldCount { found } => format!(
                "expected 3 fields, `{HEADER}`, found {found}: write one duty per line, e.g. 2024-04-02,d01,regular"
            ),
            LineMsg::DateMissing => {
                "the date is missing: write YYYY-MM-DD or YYYY/M/D, e.g. 2024-04-01 or 2024/4/1"
                    .into()
            }
            LineMsg::NotADate(s) => format!(
                "'{s}' is not a date: write YYYY-MM-DD or YYYY/M/D, e.g. 2024-04-01 or 2024/4/1"
            ),
            LineMsg::DoctorMissing { example } => format!(
                "the doctor is missing: write a doctor's id or name as in the rules{}",
                example_en(example)
            ),
            LineMsg::NotADoctor { text, near, example } => format!(
                "'{text}' is not a doctor in the rules: {}write a doctor's id or exact name as in the rules{}; a doctor who has left stays in the rules with `left = DATE`",
                near.as_ref()
                    .map(|d| format!("did you mean {} ({})? ", d.name, d.id))
                    .unwrap_or_default(),
                example_en(example)
            ),
            LineMsg::NameShared { name, ids } => format!(
                "{} doctors are named '{name}' ({}): write the id instead",
                ids.len(),
                super::words::list(ids.iter(), super::Lang::En)
            ),
            LineMsg::Future { date, today } => format!(
                "{date} is in the future (today is {today}): history is duties already done, so leave this line out; future duties are planned, not imported"
            ),
            LineMsg::OutsideYears { date } => {
                format!("{date} is outside the years toban can plan (2001 to 2097): check the date")
            }
            LineMsg::WrongKind { date, slot, slot_kind, kind } => {
                let name =
                    |k: &(String, Option<String>)| k.1.clone().unwrap_or_else(|| "regular".into());
                format!(
                    "the slot around {date} ({} to {}) is a {} duty under the rules, not {}: write {} as its kind, or check the date",
                    crate::calendar::slots::rfc3339(&slot.0),
                    crate::calendar::slots::rfc3339(&slot.1),
                    name(slot_kind),
                    name(kind),
                    name(slot_kind)
                )
            }
            LineMsg::Published { year } => format!(
                "the {} rota is published and is the record of {} (imported rows of that year would not count): leave this line out; the published rota is changed by swaps and covers",
                year.en(),
                year.en()
            ),
            LineMsg::JoinedAfter { doctor, joined, first, end } => format!(
                "{} {} joined on {joined} (the rules), after the slot {first} to {end} began: check the date and the doctor, or correct their joining date among the members",
                doctor.id, doctor.name
            ),
            LineMsg::LeftBefore { doctor, left, first, end } => format!(
                "{} {} left on {left} (the rules), before the slot {first} to {end} ended: check the date and the doctor, or correct their leaving date among the members",
                doctor.id, doctor.name
            ),
            LineMsg::Twice { id, first, end, earlier } => format!(
                "{id} is listed twice for the slot {first} to {end} (also on line {earlier}): delete one of the two lines"
            ),
            LineMsg::SlotFull { doctor, first, k, stored, above } => {
                let mut has = Vec::new();
                if !stored.is_empty() {
                    has.push(format!(
                        "{} already in the history",
                        super::words::list(stored.iter(), super::Lang::En)
                    ));
                }
                if !above.is_empty() {
                    let lines: Vec<String> =
                        above.iter().map(|(d, l)| format!("{d} (line {l})")).collect();
                    has.push(format!(
                        "{} above",
                        super::words::list(lines.iter(), super::Lang::En)
                    ));
                }
                let todo = if stored.is_empty() {
                    "check the date and the doctor on this line".to_string()
                } else {
                    format!(
                        "check the date and the doctor on this line; if it corrects the history, remove the old rows first with `toban history remove --date {first}`"
                    )
                };
                format!(
                    "{doctor}: the slot starting {first} takes {k} doctor{} (the rules' doctors per duty) and has {}: {todo}",
                    if *k == 1 { "" } else { "s" },
                    has.join(" and ")
                )
            }
        }
    }
}

impl Message for FileError {
    fn ja(&self) -> String {
        match self {
            FileError::Encoding { file, line, why } => format!("{file} {line}行目: {}", why.ja()),
            FileError::Sheet { file, why } => super::import::table_ja(file, why),
            FileError::Header { file, found } if found.is_empty() => format!(
                "{file}: ファイルが空です。1行目に見出し（開始日,医師,種類、または `{HEADER}`）を書き、2行目から当番を1行に1件ずつ書いてください。"
            ),
            FileError::Header { file, found } => format!(
                "{file} 1行目: 1行目は見出しにして、開始日・医師・種類（または `{HEADER}`）の3列を入れてください（いまは `{found}` です）。この行を書き足すか、直してください。"
            ),
            FileError::Empty { file } => format!(
                "{file}: 見出しの下に当番が1件もないので、取り込むものがありません。1行に1件、日付,医師,種類 の順に書いてください。"
            ),
            FileError::Lines { file, lines, problems } => {
                let bad =
                    problems.iter().map(|p| p.0).collect::<std::collections::BTreeSet<_>>().len();
                let mut out = format!(
                    "{file}: {lines}行のうち{bad}行に問題があるため、何も取り込んでいません:\n"
                );
                for (line, what) in problems {
                    out.push_str(&format!("{file} {line}行目: {}\n", what.ja()));
                }
                out.push_str("問題のある行をすべて直してから、もう一度取り込んでください（すべての行が正しくなるまで、1行も書き込みません）。");
                out
            }
        }
    }

    fn en(&self) -> String {
        match self {
            FileError::Encoding { file, line, why } => format!("{file}:{line}: {}", why.en()),
            FileError::Sheet { file, why } => super::import::table_en(file, why),
            FileError::Header { file, found } => format!(
                "{file}:1: the first line must be the header `{HEADER}`, in any order (found `{found}`): {}",
                if found.is_empty() { "the file is empty" } else { "add or correct that line" }
            ),
            FileError::Empty { file } => format!(
                "{file}: no duty below the header: nothing to import (one duty per line: date,doctor,kind)"
            ),
            FileError::Lines { file, lines, problems } => {
                let bad =
                    problems.iter().map(|p| p.0).collect::<std::collections::BTreeSet<_>>().len();
                let s = if bad == 1 { "" } else { "s" };
                let mut out =
                    format!("{file}: {bad} bad line{s} of {lines}; nothing was imported:\n");
                for (line, what) in problems {
                    out.push_str(&format!("{file}:{line}: {}\n", what.en()));
                }
                let them = if bad == 1 { "it" } else { "them" };
                out.push_str(&format!("fix {them} and import the file again: nothing is written until every line is good"));
                out
            }
        }
    }
}

/// One of every line problem and file error (the `match` keeps the list complete).
pub fn samples() -> Vec<FileError> {
    use chrono::TimeZone;
    let day = NaiveDate::from_ymd_opt(2027, 3, 9).expect("date");
    let at = chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 9, 9, 0, 0).unwrap();
    let named = || Named { id: "d01".into(), name: "青木 一郎".into() };
    let lines = vec![
        LineMsg::NotCsv { detail: "x".into() },
        LineMsg::FieldCount { found: 2 },
        LineMsg::DateMissing,
        LineMsg::NotADate("x".into()),
        LineMsg::DoctorMissing { example: Some(named()) },
        LineMsg::NotADoctor { text: "d99".into(), near: Some(named()), example: Some(named()) },
        LineMsg::NameShared { name: "青木 一郎".into(), ids: vec!["d01".into(), "d02".into()] },
        LineMsg::Future { date: day, today: day },
        LineMsg::OutsideYears { date: day },
        LineMsg::WrongKind {
            date: day,
            slot: Box::new((at, at)),
            slot_kind: ("regular".into(), None),
            kind: ("new_year".into(), Some("年末年始".into())),
        },
        LineMsg::Published { year: super::words::YearLabel::calendar(2027) },
        LineMsg::JoinedAfter { doctor: named(), joined: day, first: day, end: day },
        LineMsg::LeftBefore { doctor: named(), left: day, first: day, end: day },
        LineMsg::Twice { id: "d01".into(), first: day, end: day, earlier: 2 },
        LineMsg::SlotFull {
            doctor: "d01".into(),
            first: day,
            k: 1,
            stored: vec!["d02".into()],
            above: vec![("d03".into(), 2)],
        },
        LineMsg::SlotFull {
            doctor: "d01".into(),
            first: day,
            k: 2,
            stored: vec![],
            above: vec![("d03".into(), 2)],
        },
    ];
    for l in &lines {
        match l {
            LineMsg::NotCsv { .. }
            | LineMsg::FieldCount { .. }
            | LineMsg::DateMissing
            | LineMsg::NotADate(_)
            | LineMsg::DoctorMissing { .. }
            | LineMsg::NotADoctor { .. }
            | LineMsg::NameShared { .. }
            | LineMsg::Future { .. }
            | LineMsg::OutsideYears { .. }
            | LineMsg::WrongKind { .. }
            | LineMsg::Published { .. }
            | LineMsg::JoinedAfter { .. }
            | LineMsg::LeftBefore { .. }
            | LineMsg::Twice { .. }
            | LineMsg::SlotFull { .. } => {}
        }
    }
    let file = || "past.csv".to_string();
    let mut all: Vec<FileError> = [Encoding::Utf16, Encoding::ShiftJis, Encoding::Other]
        .into_iter()
        .map(|why| FileError::Encoding { file: file(), line: 1, why })
        .collect();
    all.push(FileError::Header { file: file(), found: String::new() });
    all.push(FileError::Header { file: file(), found: "date".into() });
    all.push(FileError::Empty { file: file() });
    let why =
        crate::import::TableError::NoSuchSheet { sheet: "x".into(), have: vec!["Sheet1".into()] };
    all.push(FileError::Sheet { file: file(), why });
    all.extend(lines.into_iter().map(|l| FileError::Lines {
        file: file(),
        lines: 3,
        problems: vec![(2, l)],
    }));
    for e in &all {
        match e {
            FileError::Encoding { .. }
            | FileError::Header { .. }
            | FileError::Empty { .. }
            | FileError::Sheet { .. }
            | FileError::Lines { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_history_file_message_reads_in_both_languages() {
        for e in samples() {
            if let FileError::Encoding { .. } = e {
                // The English names Excel's Japanese menu items, as the office sees them.
                assert!(e.ja().contains("保存し直し") && e.en().contains("UTF-8"), "{e:?}");
                continue;
            }
            crate::msg::check_both(&e);
        }
    }

    #[test]
    fn a_bad_line_reads_as_the_office_would_write_it() {
        let e = FileError::Lines {
            file: "past.csv".into(),
            lines: 4,
            problems: vec![(
                3,
                LineMsg::NotADoctor {
                    text: "青木一郎".into(),
                    near: Some(Named { id: "d01".into(), name: "青木 一郎".into() }),
                    example: None,
                },
            )],
        };
        let ja = e.ja();
        assert!(ja.starts_with("past.csv: 4行のうち1行に問題があるため、何も取り込んでいません:\npast.csv 3行目: 「青木一郎」という先生はルールにいません。青木 一郎先生（d01）のことですか？ "), "{ja}");
        assert!(e.en().contains("past.csv:3: '青木一郎' is not a doctor in the rules: did you mean 青木 一郎 (d01)? "), "{}", e.en());
    }
}
