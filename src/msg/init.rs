//! `toban init`: its questions, its refusals and its summary.

use super::Message;

/// A line `toban init` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitMsg {
    /// Which language the association works in.
    AskLanguage,
    /// The association's name.
    AskName,
    /// Its short id.
    AskId,
    /// Calendar or fiscal year.
    AskFiscal,
    /// Doctors on duty at once.
    AskPerSlot,
    /// Handover weekday.
    AskWeekday,
    /// Handover time.
    AskTime,
    /// Obon as a holiday duty.
    AskObon,
    /// The answer was not understood.
    Retry,
    /// `--id` is not a usable id.
    BadId {
        /// What was given.
        id: String,
    },
    /// `--handover-weekday` is not a weekday.
    BadWeekday {
        /// What was given.
        given: String,
    },
    /// `--handover-time` is not a time.
    BadTime {
        /// What was given.
        given: String,
    },
    /// The folder already has files.
    NotEmpty {
        /// The folder.
        dir: String,
    },
    /// The spreadsheet is not UTF-8.
    CsvEncoding {
        /// The file.
        file: String,
        /// It looks like Shift-JIS (Excel's "CSV (コンマ区切り)").
        shift_jis: bool,
    },
    /// A line could not be read as CSV.
    CsvUnreadable {
        /// `file:line`.
        at: String,
        /// What the CSV reader said.
        why: String,
    },
    /// A column toban needs is missing from the header.
    CsvMissingColumn {
        /// `file:line`.
        at: String,
        /// `role` or `name`.
        column: String,
    },
    /// A value toban cannot use.
    CsvBadValue {
        /// `file:line`.
        at: String,
        /// The column.
        field: String,
        /// What it holds.
        value: String,
    },
    /// A hospital without a telephone number.
    CsvHospitalPhone {
        /// `file:line`.
        at: String,
        /// The hospital.
        name: String,
    },
    /// A 退会日 before the 入会日.
    CsvLeftBeforeJoined {
        /// `file:line`.
        at: String,
    },
    /// The same member twice (same role and name, spaces aside).
    CsvDuplicate {
        /// `file:line`.
        at: String,
        /// The name.
        name: String,
        /// The line of the first.
        first: u64,
    },
    /// No doctor in the whole sheet.
    CsvNoDoctor {
        /// The file.
        at: String,
    },
    /// After the problems of a sheet.
    FixSheet {
        /// How many.
        count: usize,
    },
    /// The rules made would not pass `toban check` (after its problems).
    Invalid,
    /// Done.
    Written {
        /// The folder.
        dir: String,
        /// Members written.
        members: usize,
        /// Of whom doctors.
        doctors: usize,
        /// They are placeholders.
        example: bool,
        /// The plan year to suggest.
        year: i32,
    },
}

fn column_ja(field: &str) -> &str {
    match field {
        "role" => "区分",
        "name" => "氏名",
        "joined" => "入会日",
        "left" => "退会日",
        "fte" => "負担割合",
        "order" => "順位",
        other => other,
    }
}

const SAVE_AS_JA: &str = "Excel の「名前を付けて保存」で、ファイルの種類を「CSV UTF-8 (コンマ区切り)」にして保存し直してください。";
const SAVE_AS_EN: &str = "In Excel choose Save As with the file type \"CSV UTF-8 (Comma delimited)\", and give that file.";

impl Message for InitMsg {
    fn ja(&self) -> String {
        match self {
            InitMsg::AskLanguage => "会員へのメッセージの言語（ja: 日本語 / en: English）".into(),
            InitMsg::AskName => "医師会（またはシステム）の名称".into(),
            InitMsg::AskId => "英字の略称（英数字、例: sosa）".into(),
            InitMsg::AskFiscal => "当番表の1年の区切り（1: 1月〜12月 / 2: 4月〜翌3月の年度）".into(),
            InitMsg::AskPerSlot => "同時に当番をする医師の人数".into(),
            InitMsg::AskWeekday => "当番の交代の曜日（月〜日）".into(),
            InitMsg::AskTime => "当番の交代の時刻（例: 9:00）".into(),
            InitMsg::AskObon => "お盆（8月13日〜16日）も休日当番にしますか（y/n）".into(),
            InitMsg::Retry => "読み取れませんでした。もう一度入力してください。".into(),
            InitMsg::BadId { id } => format!(
                "略称「{id}」は使えません。英字で始まる英数字（- と _ も可）にしてください。"
            ),
            InitMsg::BadWeekday { given } => {
                format!("「{given}」は曜日として読めません。月〜日、または mon〜sun で指定してください。")
            }
            InitMsg::BadTime { given } => {
                format!("「{given}」は時刻として読めません。9:00 のように指定してください。")
            }
            InitMsg::NotEmpty { dir } => format!(
                "{dir} にはすでにファイルがあります。上書きはしません。新しいフォルダー名を指定してください。"
            ),
            InitMsg::CsvEncoding { file, shift_jis: true } => format!(
                "{file} は Shift-JIS で保存されています（Excel の「CSV (コンマ区切り)」）。toban は UTF-8 を読みます。{SAVE_AS_JA}"
            ),
            InitMsg::CsvEncoding { file, shift_jis: false } => {
                format!("{file} は UTF-8 のテキストではありません。{SAVE_AS_JA}")
            }
            InitMsg::CsvUnreadable { at, why } => {
                format!("{at}: CSV として読めません（{why}）。")
            }
            InitMsg::CsvMissingColumn { at, column } => format!(
                "{at}: 見出し行に「{}」の列がありません（{column} でも可）。1行目に列の見出しを入れてください。",
                column_ja(column)
            ),
            InitMsg::CsvBadValue { at, field, value } => {
                let hint = match field.as_str() {
                    "role" => "医師・病院・訪問看護・事務局 のいずれかにしてください",
                    "name" => "氏名を入れてください",
                    "joined" | "left" => "2024/4/1 のような日付にしてください",
                    "fte" => "0 より大きく 1 以下の数にしてください（半分なら 0.5）",
                    _ => "1 以上の整数にしてください",
                };
                format!("{at}: {}「{value}」は使えません。{hint}。", column_ja(field))
            }
            InitMsg::CsvHospitalPhone { at, name } => {
                format!("{at}: 病院「{name}」の電話番号がありません。夜間に連絡できる番号を入れてください。")
            }
            InitMsg::CsvNoDoctor { at } => {
                format!("{at}: 医師が1人もいません。区分が「医師」の行を入れてください。")
            }
            InitMsg::CsvLeftBeforeJoined { at } => {
                format!("{at}: 退会日が入会日より前になっています。日付を確かめてください。")
            }
            InitMsg::CsvDuplicate { at, name, first } => format!(
                "{at}: 「{name}」は{first}行目と重複しています。同じ方は1行にしてください（同姓同名の別の方なら、氏名を書き分けてください）。"
            ),
            InitMsg::FixSheet { count } => format!(
                "上の{count}か所を一覧表で直し、CSV UTF-8 で保存してからもう一度実行してください。何も書き込んでいません。"
            ),
            InitMsg::Invalid => {
                "この内容では規則として使えません。上の点を直してからもう一度実行してください。何も書き込んでいません。".into()
            }
            InitMsg::Written { dir, members, doctors, example, year } => {
                let mut s = format!(
                    "{dir} に association.toml と members.toml を作成しました（会員 {members}名、うち医師 {doctors}名）。\n"
                );
                if *example {
                    s.push_str("members.toml の会員は例です。実際の会員に書き換えてください。\n");
                }
                s.push_str(&format!(
                    "次の手順:\n  1. 規則を確かめる: toban check --rules {dir}\n  2. {year}年の当番表を作る: toban plan {year} --rules {dir}"
                ));
                s
            }
        }
    }

    fn en(&self) -> String {
        match self {
            InitMsg::AskLanguage => "Language of messages to members (ja / en)".into(),
            InitMsg::AskName => "The association's (or the system's) name".into(),
            InitMsg::AskId => "A short id (letters and digits, e.g. sosa)".into(),
            InitMsg::AskFiscal => {
                "The rota's year (1: January to December / 2: April to March, a fiscal year)".into()
            }
            InitMsg::AskPerSlot => "Doctors on duty at once".into(),
            InitMsg::AskWeekday => "Handover weekday (mon to sun)".into(),
            InitMsg::AskTime => "Handover time (e.g. 9:00)".into(),
            InitMsg::AskObon => "Obon (13 to 16 August) as a holiday duty too (y/n)".into(),
            InitMsg::Retry => "That was not understood; please answer again.".into(),
            InitMsg::BadId { id } => format!(
                "'{id}' cannot be the id: use letters and digits (and - or _), starting with a letter."
            ),
            InitMsg::BadWeekday { given } => {
                format!("'{given}' is not a weekday: give mon to sun.")
            }
            InitMsg::BadTime { given } => format!("'{given}' is not a time: give it as 9:00."),
            InitMsg::NotEmpty { dir } => format!(
                "{dir} already has files, and init overwrites nothing: give a new folder."
            ),
            InitMsg::CsvEncoding { file, shift_jis: true } => format!(
                "{file} is Shift-JIS (Excel's \"CSV (Comma delimited)\" on Japanese Windows), and toban reads UTF-8. {SAVE_AS_EN}"
            ),
            InitMsg::CsvEncoding { file, shift_jis: false } => {
                format!("{file} is not UTF-8 text. {SAVE_AS_EN}")
            }
            InitMsg::CsvUnreadable { at, why } => format!("{at}: not readable as CSV ({why})."),
            InitMsg::CsvMissingColumn { at, column } => format!(
                "{at}: the header row has no '{column}' column; put the column names in the first row."
            ),
            InitMsg::CsvBadValue { at, field, value } => {
                let hint = match field.as_str() {
                    "role" => "use doctor, hospital, nurse_station or admin",
                    "name" => "give the name",
                    "joined" | "left" => "give a date such as 2024-04-01",
                    "fte" => "give a number above 0 and at most 1 (0.5 for half)",
                    _ => "give a whole number, 1 or more",
                };
                format!("{at}: {field} '{value}' cannot be used; {hint}.")
            }
            InitMsg::CsvHospitalPhone { at, name } => {
                format!("{at}: hospital '{name}' has no telephone number; give one that answers at night.")
            }
            InitMsg::CsvNoDoctor { at } => {
                format!("{at}: there is no doctor; add rows whose role is doctor.")
            }
            InitMsg::CsvLeftBeforeJoined { at } => {
                format!("{at}: the date left is before the date joined; check the dates.")
            }
            InitMsg::CsvDuplicate { at, name, first } => format!(
                "{at}: '{name}' is listed already on line {first}; keep one row per member (two people of the same name: tell them apart in the name)."
            ),
            InitMsg::FixSheet { count } => format!(
                "Fix the {} above in the sheet, save it as CSV UTF-8 and run init again. Nothing was written.",
                if *count == 1 { "problem".to_string() } else { format!("{count} problems") }
            ),
            InitMsg::Invalid => {
                "These would not be valid rules: fix the above and run init again. Nothing was written.".into()
            }
            InitMsg::Written { dir, members, doctors, example, year } => {
                let mut s = format!(
                    "Wrote association.toml and members.toml in {dir} ({members} members, {doctors} of them doctors).\n"
                );
                if *example {
                    s.push_str("The members in members.toml are examples: replace them with yours.\n");
                }
                s.push_str(&format!(
                    "Next:\n  1. validate the rules: toban check --rules {dir}\n  2. plan {year}: toban plan {year} --rules {dir}"
                ));
                s
            }
        }
    }
}

impl InitMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<InitMsg> {
        let at = || "members.csv:3".to_string();
        let all = vec![
            InitMsg::AskLanguage,
            InitMsg::AskName,
            InitMsg::AskId,
            InitMsg::AskFiscal,
            InitMsg::AskPerSlot,
            InitMsg::AskWeekday,
            InitMsg::AskTime,
            InitMsg::AskObon,
            InitMsg::Retry,
            InitMsg::BadId { id: "1x".into() },
            InitMsg::BadWeekday { given: "x".into() },
            InitMsg::BadTime { given: "25:00".into() },
            InitMsg::NotEmpty { dir: "rules".into() },
            InitMsg::CsvEncoding { file: "m.csv".into(), shift_jis: true },
            InitMsg::CsvUnreadable { at: at(), why: "x".into() },
            InitMsg::CsvMissingColumn { at: at(), column: "name".into() },
            InitMsg::CsvBadValue { at: at(), field: "joined".into(), value: "x".into() },
            InitMsg::CsvHospitalPhone { at: at(), name: "H".into() },
            InitMsg::CsvNoDoctor { at: at() },
            InitMsg::CsvLeftBeforeJoined { at: at() },
            InitMsg::CsvDuplicate { at: at(), name: "A".into(), first: 2 },
            InitMsg::FixSheet { count: 2 },
            InitMsg::Invalid,
            InitMsg::Written { dir: "r".into(), members: 3, doctors: 2, example: true, year: 2027 },
        ];
        let mut seen = [false; 24];
        for m in &all {
            let i = match m {
                InitMsg::AskLanguage => 0,
                InitMsg::AskName => 1,
                InitMsg::AskId => 2,
                InitMsg::AskFiscal => 3,
                InitMsg::AskPerSlot => 4,
                InitMsg::AskWeekday => 5,
                InitMsg::AskTime => 6,
                InitMsg::AskObon => 7,
                InitMsg::Retry => 8,
                InitMsg::BadId { .. } => 9,
                InitMsg::BadWeekday { .. } => 10,
                InitMsg::BadTime { .. } => 11,
                InitMsg::NotEmpty { .. } => 12,
                InitMsg::CsvEncoding { .. } => 13,
                InitMsg::CsvUnreadable { .. } => 14,
                InitMsg::CsvMissingColumn { .. } => 15,
                InitMsg::CsvBadValue { .. } => 16,
                InitMsg::CsvHospitalPhone { .. } => 17,
                InitMsg::CsvNoDoctor { .. } => 18,
                InitMsg::FixSheet { .. } => 19,
                InitMsg::Invalid => 20,
                InitMsg::Written { .. } => 21,
                InitMsg::CsvLeftBeforeJoined { .. } => 22,
                InitMsg::CsvDuplicate { .. } => 23,
            };
            seen[i] = true;
        }
        assert!(seen.iter().all(|s| *s), "a variant has no sample");
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_init_message_reads_in_both_languages() {
        for m in super::InitMsg::samples() {
            super::super::check_both(&m);
        }
    }
}
