//! What is wrong in a rules folder, typed: the loader's problems ([`RulesMsg`]), the values it
//! could not read ([`BadValue`]), the TOML parser's complaints ([`TomlKind`]) and what to do
//! about each ([`RulesHint`]).
//!
//! Key decisions:
//! - The office clerk who edits `members.toml` is not a programmer: the Japanese names the key as
//!   written in the file (「fte」), says what is wrong and what to write, in one or two sentences.
//!   The file and line come first (「members.toml 12行目:」), the line itself and a caret below.
//! - The English keeps the wording `toban check` always had (`doctor.fte = 1.5 is out of range`),
//!   which scripts and tests match.
//! - The TOML parser's own text is kept for English; Japanese gets a sentence per common kind
//!   (unknown or missing key, wrong type, duplicate key, unclosed string) and quotes the parser's
//!   text only for a kind it does not know.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Day, Message};
use crate::rules::{MemberRole, MonthDay};

/// Where something was first given: a file and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The file as shown.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
}

impl Place {
    pub(crate) fn ja(&self) -> String {
        format!("{} {}行目", self.path.display(), self.line)
    }
    pub(crate) fn en(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

/// Where a problem is, before what it is: 「members.toml 12行目: 」, `members.toml:12:3: `, or
/// the file alone (`members.toml: `) when the line is not known (0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemAt {
    /// The file as shown.
    pub path: String,
    /// 1-based line, or 0.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Message for ProblemAt {
    fn ja(&self) -> String {
        match self.line {
            0 => format!("{}: ", self.path),
            line => format!("{} {line}行目: ", self.path),
        }
    }
    fn en(&self) -> String {
        match self.line {
            0 => format!("{}: ", self.path),
            line => format!("{}:{line}:{}: ", self.path, self.column),
        }
    }
}

/// A value of the rules that cannot be read, with what it was (as written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BadValue {
    /// Not a member id.
    MemberId(String),
    /// Not a supported language.
    Language(String),
    /// Not a cover order.
    CoverOrder(String),
    /// Not `MM-DD`.
    MonthDay(String),
    /// `02-29`.
    LeapDay(String),
    /// Not a weekday.
    Weekday(String),
    /// Not `HH:MM`.
    Time(String),
    /// Not `YYYY-MM-DD`.
    Date(String),
    /// Not an IANA zone.
    TimeZone(String),
    /// Not a phone number.
    Phone(String),
    /// `regular` as a holiday period's id.
    ReservedRegular,
}

impl BadValue {
    /// The Japanese sentence, naming the key as written in the file.
    pub fn ja_for(&self, key: &str) -> String {
        match self {
            BadValue::MemberId(s) => format!(
                "「{key}」の「{s}」は id に使えません。半角の英小文字・数字・「_」「-」を1〜32文字で、英小文字か数字から始めてください（例: \"d01\"）。"
            ),
            BadValue::Language(s) => format!(
                "「{key}」の「{s}」には対応していません。\"ja\"（日本語）か \"en\"（英語）と書いてください。"
            ),
            BadValue::CoverOrder(s) => format!(
                "「{key}」の「{s}」は使えません。\"at_once\"（全員に一度に頼む）か \"in_turn\"（順番に頼む）と書いてください。"
            ),
            BadValue::MonthDay(s) => format!(
                "「{key}」の「{s}」は月日として読めません。\"12-29\" のように、月と日を2桁ずつ「-」でつないで書いてください。"
            ),
            BadValue::LeapDay(s) => format!(
                "「{key}」の「{s}」はうるう年にしかない日です。\"02-28\" か \"03-01\" にしてください。"
            ),
            BadValue::Weekday(s) => format!(
                "「{key}」の「{s}」は曜日として読めません。\"火曜日\" のように書いてください（\"tue\" でも読めます）。"
            ),
            BadValue::Time(s) => format!(
                "「{key}」の「{s}」は時刻として読めません。\"09:00\" のように、24時間制で 時:分 を2桁ずつ書いてください。"
            ),
            BadValue::Date(s) => format!(
                "「{key}」の「{s}」は日付として読めません。\"2027-04-01\" のように 年-月-日 で書いてください。"
            ),
            BadValue::TimeZone(s) => format!(
                "「{key}」の「{s}」というタイムゾーンはありません。日本なら \"Asia/Tokyo\" と書いてください。"
            ),
            BadValue::Phone(s) => format!(
                "「{key}」の「{s}」は電話番号として読めません。\"0479-00-0000\" のように、数字と「-」で書いてください。"
            ),
            BadValue::ReservedRegular => format!(
                "「{key}」の「regular」は通常の当番枠を表す名前なので、休日期間には使えません。別の id にしてください。"
            ),
        }
    }

    /// The English sentence (also the `Display` of the parse functions' errors).
    pub fn en(&self) -> String {
        match self {
            BadValue::MemberId(s) => format!(
                "id '{s}' is not valid: use 1 to 32 of a-z, 0-9, '_' and '-', starting with a letter or digit"
            ),
            BadValue::Language(s) => {
                format!("language '{s}' is not supported: use \"ja\" or \"en\"")
            }
            BadValue::CoverOrder(s) => {
                format!("'{s}' is not a cover order: use \"at_once\" or \"in_turn\"")
            }
            BadValue::MonthDay(s) => {
                format!("'{s}' is not a month and day: write MM-DD, e.g. \"12-29\"")
            }
            BadValue::LeapDay(s) => {
                format!("'{s}' exists only in leap years: choose 02-28 or 03-01")
            }
            BadValue::Weekday(s) => format!(
                "'{s}' is not a weekday: write one of mon, tue, wed, thu, fri, sat, sun (or 火曜日)"
            ),
            BadValue::Time(s) => {
                format!("'{s}' is not a time of day: write HH:MM in 24-hour form, e.g. \"09:00\"")
            }
            BadValue::Date(s) => {
                format!("'{s}' is not a date: write YYYY-MM-DD, e.g. \"2027-04-01\"")
            }
            BadValue::TimeZone(s) => {
                format!("'{s}' is not a known time zone: use an IANA name such as \"Asia/Tokyo\"")
            }
            BadValue::Phone(s) => format!(
                "'{s}' is not a phone number: use digits with optional '-', e.g. \"0479-00-0000\""
            ),
            BadValue::ReservedRegular => {
                "'regular' is the kind of ordinary slots; choose another id".into()
            }
        }
    }
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for BadValue {}

/// What kind of TOML or serde complaint a parse error is, read from the parser's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum TomlKind {
    /// A key the table does not have; the keys it does.
    UnknownField { field: String, allowed: Vec<String> },
    /// A key the table needs.
    MissingField { field: String },
    /// A value of the wrong type (`key` from the line, when it has one).
    InvalidType { key: Option<String>, found: ValueKind, expected: ValueKind },
    /// The same key twice in one table.
    DuplicateKey { key: String },
    /// A string without its closing quote.
    UnclosedString,
    /// Anything else: the parser's text is quoted.
    Syntax,
}

/// The type of a TOML value, as the parser names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueKind {
    /// Text in quotes (with the text, if the parser gave it).
    Text(Option<String>),
    /// A whole number.
    Integer(Option<String>),
    /// A number with a fraction.
    Float(Option<String>),
    /// `true` or `false`.
    Boolean,
    /// A list or an array of tables.
    List,
    /// A table.
    Table,
    /// A date.
    Date,
    /// Something else, as the parser wrote it.
    Other(String),
}

impl ValueKind {
    /// Reads serde's description of a value: `string "1"`, `integer `5``, `i64`, `a string`...
    pub fn parse(s: &str) -> ValueKind {
        let s = s.trim();
        let rest = |prefix: &str| {
            s.strip_prefix(prefix)
                .map(|r| r.trim().trim_matches(|c| c == '`' || c == '"'))
                .map(str::to_string)
                .filter(|r| !r.is_empty())
        };
        if s.starts_with("string") || s == "a string" || s == "str" {
            ValueKind::Text(rest("string"))
        } else if s.starts_with("integer")
            || ["i64", "i32", "u32", "u64", "usize", "an integer"].contains(&s)
        {
            ValueKind::Integer(rest("integer"))
        } else if s.starts_with("floating point") || ["f64", "f32", "a float"].contains(&s) {
            ValueKind::Float(rest("floating point"))
        } else if s.starts_with("boolean") || s == "a boolean" || s == "bool" {
            ValueKind::Boolean
        } else if s.starts_with("sequence") || s.starts_with("a sequence") || s.contains("array") {
            ValueKind::List
        } else if s.starts_with("map") || s.starts_with("struct") || s.contains("table") {
            ValueKind::Table
        } else if s.contains("datetime") || s.contains("date") {
            ValueKind::Date
        } else {
            ValueKind::Other(s.to_string())
        }
    }

    fn ja(&self) -> String {
        let with = |what: &str, v: &Option<String>| match v {
            Some(v) => format!("{what}（{v}）"),
            None => what.to_string(),
        };
        match self {
            ValueKind::Text(v) => with("文字", v),
            ValueKind::Integer(v) => with("整数", v),
            ValueKind::Float(v) => with("小数", v),
            ValueKind::Boolean => "true か false".into(),
            ValueKind::List => "並び（[ … ] や [[…]]）".into(),
            ValueKind::Table => "表（[…]）".into(),
            ValueKind::Date => "日付".into(),
            ValueKind::Other(s) => format!("`{s}`"),
        }
    }
}

/// One problem in the rules: what is wrong, naming the field (`section.key`) and the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum RulesMsg {
    /// `load` was given no files.
    NoRulesGiven,
    /// The rules folder holds no `*.toml`.
    NoRulesInDir,
    /// The TOML parser refused the file (`raw`: its text).
    Toml { kind: TomlKind, raw: String },
    /// A value that cannot be read.
    Bad { field: String, bad: BadValue },
    /// A whole number outside its range.
    OutOfRange { field: String, value: i64, min: i64, max: i64 },
    /// A text that must not be empty.
    Empty { field: String },
    /// `backup.dir = ""`.
    EmptyBackupDir,
    /// A singleton section in two places.
    SectionAgain { section: String, first: Place },
    /// No `[association]`.
    NoAssociation,
    /// More doctors per slot than doctors.
    PerSlotMoreThanDoctors { k: u32, doctors: usize },
    /// No `[[doctor]]`.
    NoDoctors,
    /// `exemption.slots_before_holiday` neither `"rotation"` nor 0–52 (`value` as written).
    Exemption { value: String },
    /// A `[[webhook]]` problem (issue 19; texts in [`crate::msg::webhook`]).
    Webhook(crate::msg::webhook::WebhookRule),
    /// An `[escalation.death] fallback` problem (issue 20; texts in [`crate::msg::death`]).
    DeathFallback(crate::msg::death::FallbackRule),
    /// A `[[rota]]` problem (issue 20; texts in [`crate::msg::rota`]).
    Rota(crate::msg::rota::RotaRule),
    /// A holiday period's id given twice.
    HolidayIdTwice { id: String, first: Place },
    /// A holiday period longer than 31 days.
    HolidayTooLong { id: String, days: i64, start: MonthDay, end: MonthDay },
    /// Two holiday periods share a day.
    HolidayOverlap {
        id: String,
        start: MonthDay,
        end: MonthDay,
        other: String,
        other_start: MonthDay,
        other_end: MonthDay,
    },
    /// A member id used twice (across roles too).
    IdUsed { kind: MemberRole, id: String, other: MemberRole, first: Place },
    /// `fte` outside (0, 1] (`value` as written).
    Fte { value: String },
    /// `left` before `joined`.
    LeftBeforeJoined { left: chrono::NaiveDate, joined: chrono::NaiveDate },
    /// Two hospitals with one escalation order.
    HospitalOrderTwice { order: u32, other: String },
    /// `admin.doctor` names no doctor.
    AdminDoctorUnknown { id: String },
    /// A member's `name_en` written in Japanese script (issue 18): it is the name in Latin
    /// letters for English readers.
    NameEnNotLatin { field: String, value: String },
    /// Members with records are gone from the rules.
    MembersRemoved { members: Vec<(String, Vec<Recorded>)> },
    /// The rules cannot give a plan for `year` (what `toban plan` would hit).
    Unplannable { year: i32, clashes: Vec<crate::plan::Clash> },
}

/// Where a member removed from the rules still has records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recorded {
    /// A published rota of this plan year.
    PublishedRota(i32),
    /// Another rota's published rota of a plan year (issue 20).
    PublishedRotaOf {
        /// The rota's name.
        rota: String,
        /// The plan year.
        year: i32,
    },
    /// The imported duty history.
    History,
    /// The attending doctor of this patient.
    Attending(crate::ids::PatientId),
    /// The backup hospital of this patient.
    Hospital(crate::ids::PatientId),
    /// A linked chat account.
    Link,
}

impl Recorded {
    fn ja(&self) -> String {
        match self {
            Recorded::PublishedRota(y) => format!("公開済みの{y}年度の当番表"),
            Recorded::PublishedRotaOf { rota, year } => format!("公開済みの{year}年度の{rota}"),
            Recorded::History => "取り込んだ過去の当番".into(),
            Recorded::Attending(p) => format!("患者さん {p}番の主治医"),
            Recorded::Hospital(p) => format!("患者さん {p}番の後方支援病院"),
            Recorded::Link => "連携済みのチャットアカウント".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Recorded::PublishedRota(y) => format!("the published {y} rota"),
            Recorded::PublishedRotaOf { rota, year } => format!("the published {year} {rota}"),
            Recorded::History => "the duty history".into(),
            Recorded::Attending(p) => format!("patient {p} (attending)"),
            Recorded::Hospital(p) => format!("patient {p} (hospital)"),
            Recorded::Link => "a linked Telegram account".into(),
        }
    }
}

/// What to do about a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum RulesHint {
    PointRules,
    CopyShipped,
    Spelling,
    AddField(String),
    ValueType,
    DeleteOneKey,
    TomlSyntax,
    WriteName,
    NameBackupDir,
    KeepOneSection,
    AddAssociation,
    LowerPerSlot,
    ListDoctors,
    OwnHolidayId,
    HolidayStartEnd,
    HolidayNoOverlap,
    OwnMemberId,
    LeftAfterJoined,
    OwnHospitalOrder,
    AdminDoctorId,
}

fn role_ja(r: MemberRole) -> &'static str {
    match r {
        MemberRole::Doctor => "先生",
        MemberRole::Hospital => "後方支援病院",
        MemberRole::NurseStation => "訪問看護ステーション",
        MemberRole::Admin => "管理者",
    }
}

/// The key as written in the file: `doctor.fte` → `fte`.
fn key(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

fn md_ja(m: &MonthDay) -> String {
    format!("{}月{}日", m.month, m.day)
}

impl RulesMsg {
    /// What to do about it, if something more than the message says.
    pub fn hint(&self) -> Option<RulesHint> {
        Some(match self {
            RulesMsg::NoRulesGiven => RulesHint::PointRules,
            RulesMsg::NoRulesInDir => RulesHint::CopyShipped,
            RulesMsg::Toml { kind, .. } => match kind {
                TomlKind::UnknownField { .. } => RulesHint::Spelling,
                TomlKind::MissingField { field } => RulesHint::AddField(field.clone()),
                TomlKind::InvalidType { .. } => RulesHint::ValueType,
                TomlKind::DuplicateKey { .. } => RulesHint::DeleteOneKey,
                TomlKind::UnclosedString | TomlKind::Syntax => RulesHint::TomlSyntax,
            },
            RulesMsg::Empty { .. } => RulesHint::WriteName,
            RulesMsg::EmptyBackupDir => RulesHint::NameBackupDir,
            RulesMsg::SectionAgain { .. } => RulesHint::KeepOneSection,
            RulesMsg::NoAssociation => RulesHint::AddAssociation,
            RulesMsg::PerSlotMoreThanDoctors { .. } => RulesHint::LowerPerSlot,
            RulesMsg::NoDoctors => RulesHint::ListDoctors,
            RulesMsg::HolidayIdTwice { .. } => RulesHint::OwnHolidayId,
            RulesMsg::HolidayTooLong { .. } => RulesHint::HolidayStartEnd,
            RulesMsg::HolidayOverlap { .. } => RulesHint::HolidayNoOverlap,
            RulesMsg::IdUsed { .. } => RulesHint::OwnMemberId,
            RulesMsg::LeftBeforeJoined { .. } => RulesHint::LeftAfterJoined,
            RulesMsg::HospitalOrderTwice { .. } => RulesHint::OwnHospitalOrder,
            RulesMsg::AdminDoctorUnknown { .. } => RulesHint::AdminDoctorId,
            RulesMsg::NameEnNotLatin { .. } => return None,
            RulesMsg::Bad { .. }
            | RulesMsg::OutOfRange { .. }
            | RulesMsg::Exemption { .. }
            | RulesMsg::Fte { .. }
            | RulesMsg::MembersRemoved { .. }
            | RulesMsg::Webhook(_)
            | RulesMsg::DeathFallback(_)
            | RulesMsg::Rota(_)
            | RulesMsg::Unplannable { .. } => return None,
        })
    }

    /// Reads a TOML parse error's text (and the text at its span, for a duplicate key; the
    /// line, for the key of a wrongly typed value) into a typed problem.
    pub fn of_toml(raw: &str, at_span: &str, line: &str) -> RulesMsg {
        let raw = raw.trim().to_string();
        let ticked = |s: &str| s.split('`').nth(1).map(str::to_string);
        let kind = if let Some(rest) = raw.strip_prefix("unknown field") {
            let mut parts = rest.split('`');
            let field = parts.nth(1).unwrap_or_default().to_string();
            let allowed = parts.skip(1).step_by(2).map(str::to_string).collect();
            TomlKind::UnknownField { field, allowed }
        } else if raw.starts_with("missing field") {
            TomlKind::MissingField { field: ticked(&raw).unwrap_or_default() }
        } else if let Some(rest) = raw.strip_prefix("invalid type:") {
            let (found, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
            let key = line
                .split_once('=')
                .map(|(k, _)| k.trim().trim_matches('"').to_string())
                .filter(|k| !k.is_empty() && !k.starts_with('['));
            TomlKind::InvalidType {
                key,
                found: ValueKind::parse(found),
                expected: ValueKind::parse(expected),
            }
        } else if raw.starts_with("duplicate key") || raw.starts_with("duplicate field") {
            let key = ticked(&raw).unwrap_or_else(|| at_span.trim().trim_matches('"').to_string());
            TomlKind::DuplicateKey { key }
        } else if raw.contains("invalid basic string")
            || raw.contains("invalid literal string")
            || raw.contains("unclosed")
        {
            TomlKind::UnclosedString
        } else {
            TomlKind::Syntax
        };
        RulesMsg::Toml { kind, raw }
    }

    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<RulesMsg> {
        let md = MonthDay { month: 12, day: 29 };
        let place = Place { path: "rules/members.toml".into(), line: 12 };
        let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("date");
        let mut all = vec![
            RulesMsg::NoRulesGiven,
            RulesMsg::NoRulesInDir,
            RulesMsg::Bad {
                field: "duty.handover_time".into(),
                bad: BadValue::Time("25:00".into()),
            },
            RulesMsg::OutOfRange {
                field: "duty.doctors_per_slot".into(),
                value: 11,
                min: 1,
                max: 10,
            },
            RulesMsg::Empty { field: "doctor.name".into() },
            RulesMsg::EmptyBackupDir,
            RulesMsg::SectionAgain { section: "duty".into(), first: place.clone() },
            RulesMsg::NoAssociation,
            RulesMsg::PerSlotMoreThanDoctors { k: 2, doctors: 1 },
            RulesMsg::NoDoctors,
            RulesMsg::Exemption { value: "\"always\"".into() },
            RulesMsg::HolidayIdTwice { id: "new_year".into(), first: place.clone() },
            RulesMsg::HolidayTooLong { id: "new_year".into(), days: 38, start: md, end: md },
            RulesMsg::HolidayOverlap {
                id: "may".into(),
                start: md,
                end: md,
                other: "golden_week".into(),
                other_start: md,
                other_end: md,
            },
            RulesMsg::IdUsed {
                kind: MemberRole::Hospital,
                id: "d01".into(),
                other: MemberRole::Doctor,
                first: place,
            },
            RulesMsg::Fte { value: "1.5".into() },
            RulesMsg::LeftBeforeJoined { left: day, joined: day },
            RulesMsg::HospitalOrderTwice { order: 1, other: "h1".into() },
            RulesMsg::AdminDoctorUnknown { id: "d99".into() },
            RulesMsg::NameEnNotLatin {
                field: "doctor.name_en".into(), value: "青木 一郎".into()
            },
            RulesMsg::MembersRemoved {
                members: vec![(
                    "d10".into(),
                    vec![
                        Recorded::PublishedRota(2027),
                        Recorded::PublishedRotaOf { rota: "north".into(), year: 2027 },
                        Recorded::History,
                        Recorded::Attending(crate::ids::PatientId::new(1)),
                        Recorded::Hospital(crate::ids::PatientId::new(2)),
                        Recorded::Link,
                    ],
                )],
            },
            RulesMsg::Unplannable { year: 2027, clashes: crate::msg::plan::sample_clashes() },
        ];
        for bad in [
            BadValue::MemberId("D01".into()),
            BadValue::Language("fr".into()),
            BadValue::CoverOrder("random".into()),
            BadValue::MonthDay("12/29".into()),
            BadValue::LeapDay("02-29".into()),
            BadValue::Weekday("tuseday".into()),
            BadValue::Date("2010-13-01".into()),
            BadValue::TimeZone("Asia/Tokio".into()),
            BadValue::Phone("call".into()),
            BadValue::ReservedRegular,
        ] {
            all.push(RulesMsg::Bad { field: "x.y".into(), bad });
        }
        for (raw, span, line) in [
            ("unknown field `clinc`, expected one of `id`, `name`, `clinic`", "", "clinc = \"x\""),
            ("missing field `clinic`", "", "[[doctor]]"),
            ("invalid type: string \"1\", expected i64", "\"1\"", "doctors_per_slot = \"1\""),
            ("invalid type: integer `5`, expected a boolean", "5", "admin_approval = 5"),
            ("invalid type: map, expected a sequence", "", "[holiday_period]"),
            ("duplicate key", "name", "name = \"x\""),
            ("invalid basic string", "", "name = \"x"),
            ("expected `.`, `=`", "", "x"),
        ] {
            all.push(RulesMsg::of_toml(raw, span, line));
        }
        all.extend(crate::msg::webhook::WebhookRule::samples().into_iter().map(RulesMsg::Webhook));
        all.extend(
            crate::msg::death::FallbackRule::samples().into_iter().map(RulesMsg::DeathFallback),
        );
        all.extend(crate::msg::rota::RotaRule::samples().into_iter().map(RulesMsg::Rota));
        for m in &all {
            match m {
                RulesMsg::NoRulesGiven
                | RulesMsg::NoRulesInDir
                | RulesMsg::Toml { .. }
                | RulesMsg::Bad { .. }
                | RulesMsg::OutOfRange { .. }
                | RulesMsg::Empty { .. }
                | RulesMsg::EmptyBackupDir
                | RulesMsg::SectionAgain { .. }
                | RulesMsg::NoAssociation
                | RulesMsg::PerSlotMoreThanDoctors { .. }
                | RulesMsg::NoDoctors
                | RulesMsg::Exemption { .. }
                | RulesMsg::HolidayIdTwice { .. }
                | RulesMsg::HolidayTooLong { .. }
                | RulesMsg::HolidayOverlap { .. }
                | RulesMsg::IdUsed { .. }
                | RulesMsg::Fte { .. }
                | RulesMsg::LeftBeforeJoined { .. }
                | RulesMsg::HospitalOrderTwice { .. }
                | RulesMsg::AdminDoctorUnknown { .. }
                | RulesMsg::NameEnNotLatin { .. }
                | RulesMsg::MembersRemoved { .. }
                | RulesMsg::Webhook(_)
                | RulesMsg::DeathFallback(_)
                | RulesMsg::Rota(_)
                | RulesMsg::Unplannable { .. } => {}
            }
        }
        all
    }
}

impl Message for RulesMsg {
    fn ja(&self) -> String {
        match self {
            RulesMsg::NoRulesGiven => "ルールファイル（*.toml）が一つも渡されていません。".into(),
            RulesMsg::NoRulesInDir => {
                "このフォルダーにはルールファイル（*.toml）がありません。".into()
            }
            RulesMsg::Toml { kind, raw } => match kind {
                TomlKind::UnknownField { field, allowed } if allowed.is_empty() => {
                    format!("「{field}」という項目はありません。")
                }
                TomlKind::UnknownField { field, allowed } => format!(
                    "「{field}」という項目はありません。ここで使える項目: {}",
                    super::words::list(allowed.iter(), super::Lang::Ja)
                ),
                TomlKind::MissingField { field } => format!("「{field}」が書かれていません。"),
                TomlKind::InvalidType { key, found, expected } => format!(
                    "{}値の種類が違います。{}が書かれていますが、ここには{}を書きます。",
                    key.as_ref().map(|k| format!("「{k}」の")).unwrap_or_default(),
                    found.ja(),
                    expected.ja()
                ),
                TomlKind::DuplicateKey { key } => {
                    format!("「{key}」が同じ表の中に2回書かれています。")
                }
                TomlKind::UnclosedString => {
                    "文字の終わりの「\"」がないか、文字の中に使えない記号があります。".into()
                }
                TomlKind::Syntax => format!(
                    "この行は TOML の書き方として読めません（読み込みの説明: `{}`）。",
                    raw.replace('`', "'")
                ),
            },
            RulesMsg::Bad { field, bad } => bad.ja_for(key(field)),
            RulesMsg::OutOfRange { field, value, min, max } => format!(
                "「{}」の {value} は範囲外です。{min} から {max} までの整数で書いてください。",
                key(field)
            ),
            RulesMsg::Empty { field } => format!("「{}」が空です。", key(field)),
            RulesMsg::EmptyBackupDir => "「dir」（バックアップの保存先）が空です。".into(),
            RulesMsg::SectionAgain { section, first } => {
                format!("[{section}] が2か所に書かれています（最初は {}）。", first.ja())
            }
            RulesMsg::NoAssociation => "どのルールファイルにも [association] がありません。".into(),
            RulesMsg::PerSlotMoreThanDoctors { k, doctors } => format!(
                "「doctors_per_slot」が {k} ですが、先生は{doctors}名しか書かれていません。"
            ),
            RulesMsg::NoDoctors => {
                "どのルールファイルにも当番の先生（[[doctor]]）がいません。".into()
            }
            RulesMsg::Exemption { value } => format!(
                "「slots_before_holiday」の {value} は使えません。\"rotation\"（一巡分）か、0 から 52 までの枠の数を書いてください。"
            ),
            RulesMsg::HolidayIdTwice { id, first } => {
                format!("休日期間の id「{id}」が2回使われています（最初は {}）。", first.ja())
            }
            RulesMsg::HolidayTooLong { id, days, start, end } => format!(
                "休日期間「{id}」が{days}日間（{}〜{}）あります。休日当番の枠は31日までです。",
                md_ja(start),
                md_ja(end)
            ),
            RulesMsg::HolidayOverlap { id, start, end, other, other_start, other_end } => format!(
                "休日期間「{id}」（{}〜{}）が休日期間「{other}」（{}〜{}）と重なっています。",
                md_ja(start),
                md_ja(end),
                md_ja(other_start),
                md_ja(other_end)
            ),
            RulesMsg::IdUsed { kind, id, other, first } => format!(
                "{}の id「{id}」は、{} の{}がすでに使っています。",
                role_ja(*kind),
                first.ja(),
                role_ja(*other)
            ),
            RulesMsg::Fte { value } => format!(
                "「fte」の {value} は使えません。「fte」は 0 より大きく 1 以下の数で書いてください（当番を半分にするなら 0.5）。"
            ),
            RulesMsg::LeftBeforeJoined { left, joined } => format!(
                "「left」（{}）が「joined」（{}）より前になっています。",
                Day(*left).ja_long(),
                Day(*joined).ja_long()
            ),
            RulesMsg::HospitalOrderTwice { order, other } => {
                format!("「order」の {order} は、病院「{other}」と同じ順番です。")
            }
            RulesMsg::AdminDoctorUnknown { id } => {
                format!("「doctor」に書かれた「{id}」という先生は、ルールにいません。")
            }
            RulesMsg::NameEnNotLatin { field, value } => format!(
                "「{}」の「{value}」は英語の画面とメッセージに使う名前です。ローマ字で書いてください（例: 青木 一郎 → Aoki Ichiro）。不要なら行ごと消してください。",
                key(field)
            ),
            RulesMsg::MembersRemoved { members } => {
                let lines: Vec<String> = members
                    .iter()
                    .map(|(id, places)| {
                        let places: Vec<String> = places.iter().map(Recorded::ja).collect();
                        format!(
                            "  {id}: {}に記録があります",
                            super::words::list(places.iter(), super::Lang::Ja)
                        )
                    })
                    .collect();
                format!(
                    "記録のある会員がルールファイルから消されています:\n{}\n消さずに、members.toml に `left = YYYY-MM-DD`（最後の当番の翌日）を書いて残してください。",
                    lines.join("\n")
                )
            }
            RulesMsg::Webhook(w) => w.ja(),
            RulesMsg::DeathFallback(f) => f.ja(),
            RulesMsg::Rota(r) => r.ja(),
            RulesMsg::Unplannable { year, clashes } => {
                let lines: Vec<String> = super::plan::clash_lines(clashes, super::Lang::Ja)
                    .iter()
                    .map(|l| format!("  {l}"))
                    .collect();
                format!(
                    "このルールでは{year}年度の当番表を作れません（`toban plan {year}` も同じ理由で止まります）:\n{}",
                    lines.join("\n")
                )
            }
        }
    }

    fn en(&self) -> String {
        match self {
            RulesMsg::NoRulesGiven => "no rules files (*.toml) were given".into(),
            RulesMsg::NoRulesInDir => "no rules files (*.toml) in this directory".into(),
            RulesMsg::Toml { raw, .. } => raw.clone(),
            RulesMsg::Bad { field, bad } => format!("{field}: {}", bad.en()),
            RulesMsg::OutOfRange { field, value, min, max } => {
                format!("{field} = {value} is out of range: use a whole number from {min} to {max}")
            }
            RulesMsg::Empty { field } => format!("{field} is empty"),
            RulesMsg::EmptyBackupDir => "backup.dir is empty".into(),
            RulesMsg::SectionAgain { section, first } => {
                format!("section [{section}] is given again; it was first given at {}", first.en())
            }
            RulesMsg::NoAssociation => "no [association] section in any rules file".into(),
            RulesMsg::PerSlotMoreThanDoctors { k, doctors } => {
                format!("duty.doctors_per_slot = {k} but only {doctors} doctors are listed")
            }
            RulesMsg::NoDoctors => "no [[doctor]] entries in any rules file".into(),
            RulesMsg::Exemption { value } => format!(
                "exemption.slots_before_holiday = {value} is not valid: use \"rotation\" (one full turn) or a whole number of slots from 0 to 52"
            ),
            RulesMsg::HolidayIdTwice { id, first } => {
                format!("holiday period id '{id}' is given twice (first at {})", first.en())
            }
            RulesMsg::HolidayTooLong { id, days, start, end } => format!(
                "holiday period '{id}' runs {days} days ({start} to {end}); a holiday slot may be at most 31 days"
            ),
            RulesMsg::HolidayOverlap { id, start, end, other, other_start, other_end } => format!(
                "holiday period '{id}' ({start}..{end}) overlaps holiday period '{other}' ({other_start}..{other_end})"
            ),
            RulesMsg::IdUsed { kind, id, other, first } => format!(
                "{} id '{id}' is already used by the {} at {}",
                kind.as_str(),
                other.as_str(),
                first.en()
            ),
            RulesMsg::Fte { value } => format!(
                "doctor.fte = {value} is out of range: use a share greater than 0 and at most 1.0 (e.g. 0.5 for half the duties)"
            ),
            RulesMsg::LeftBeforeJoined { left, joined } => {
                format!("doctor.left ({left}) is before doctor.joined ({joined})")
            }
            RulesMsg::HospitalOrderTwice { order, other } => {
                format!("hospital.order = {order} is also the order of hospital '{other}'")
            }
            RulesMsg::AdminDoctorUnknown { id } => {
                format!("admin.doctor refers to '{id}', which is not a doctor in the rules")
            }
            RulesMsg::NameEnNotLatin { field, value } => format!(
                "{field} = '{value}' is the name English readers see: write it in Latin letters (e.g. Aoki Ichiro), or delete the line"
            ),
            RulesMsg::MembersRemoved { members } => {
                let lines: Vec<String> = members
                    .iter()
                    .map(|(id, places)| {
                        let places: Vec<String> = places.iter().map(Recorded::en).collect();
                        format!(
                            "  {id}: recorded in {}",
                            super::words::list(places.iter(), super::Lang::En)
                        )
                    })
                    .collect();
                format!(
                    "members with records were removed from the rules files:\n{}\nkeep them in members.toml with `left = YYYY-MM-DD` (the day after their last duty) instead of deleting them",
                    lines.join("\n")
                )
            }
            RulesMsg::Webhook(w) => w.en(),
            RulesMsg::DeathFallback(f) => f.en(),
            RulesMsg::Rota(r) => r.en(),
            RulesMsg::Unplannable { year, clashes } => {
                let lines: Vec<String> = clashes.iter().map(|c| format!("  {}", c.en())).collect();
                format!(
                    "no rota for {year} can be planned under these rules (`toban plan {year}` stops here too):\n{}",
                    lines.join("\n")
                )
            }
        }
    }
}

impl RulesHint {
    /// One of every variant.
    pub fn samples() -> Vec<RulesHint> {
        use RulesHint::*;
        let all = vec![
            PointRules,
            CopyShipped,
            Spelling,
            AddField("clinic".into()),
            ValueType,
            DeleteOneKey,
            TomlSyntax,
            WriteName,
            NameBackupDir,
            KeepOneSection,
            AddAssociation,
            LowerPerSlot,
            ListDoctors,
            OwnHolidayId,
            HolidayStartEnd,
            HolidayNoOverlap,
            OwnMemberId,
            LeftAfterJoined,
            OwnHospitalOrder,
            AdminDoctorId,
        ];
        for h in &all {
            match h {
                PointRules | CopyShipped | Spelling | AddField(_) | ValueType | DeleteOneKey
                | TomlSyntax | WriteName | NameBackupDir | KeepOneSection | AddAssociation
                | LowerPerSlot | ListDoctors | OwnHolidayId | HolidayStartEnd
                | HolidayNoOverlap | OwnMemberId | LeftAfterJoined | OwnHospitalOrder
                | AdminDoctorId => {}
            }
        }
        all
    }
}

impl Message for RulesHint {
    fn ja(&self) -> String {
        match self {
            RulesHint::PointRules => "--rules には association.toml と members.toml のあるフォルダーを指定してください。".into(),
            RulesHint::CopyShipped => "同梱の rules/association.toml と rules/members.toml をこのフォルダーにコピーして、書き換えてください。".into(),
            RulesHint::Spelling => "つづりを確かめてください。".into(),
            RulesHint::AddField(f) => format!("この表に「{f}」を書き足してください。"),
            RulesHint::ValueType => "文字は \"…\" で囲み、数は囲まずに書きます。".into(),
            RulesHint::DeleteOneKey => "どちらか一方を消してください。".into(),
            RulesHint::TomlSyntax => "この行の書き方（\"…\" の閉じ忘れ、「=」の抜けなど）を確かめてください。".into(),
            RulesHint::WriteName => "名前を書いてください。".into(),
            RulesHint::NameBackupDir => "\"backups\" のように、保存先のフォルダー名を書いてください。".into(),
            RulesHint::KeepOneSection => "一方だけを残して、もう一方を消してください。".into(),
            RulesHint::AddAssociation => "[association] を書き足し、少なくとも id と name を書いてください（同梱の rules/association.toml が見本です）。".into(),
            RulesHint::LowerPerSlot => "doctors_per_slot を減らすか、先生を書き足してください。".into(),
            RulesHint::ListDoctors => "当番の先生を [[doctor]] として、id・name・clinic を書いて並べてください。".into(),
            RulesHint::OwnHolidayId => "休日期間ごとに別の id をつけてください。".into(),
            RulesHint::HolidayStartEnd => "start と end を確かめてください。年をまたぐ期間は、end が翌年の月日になります。".into(),
            RulesHint::HolidayNoOverlap => "休日期間どうしは同じ日を含められません。一方を短くするか、一つの期間にまとめてください。".into(),
            RulesHint::OwnMemberId => "先生・病院・訪問看護ステーション・管理者に、それぞれ別の id をつけてください。".into(),
            RulesHint::LeftAfterJoined => "left は在籍の最終日です。joined より前の日にはできません。".into(),
            RulesHint::OwnHospitalOrder => "病院ごとに別の順番（1, 2, 3, …）をつけてください。".into(),
            RulesHint::AdminDoctorId => "[[doctor]] に書いた先生の id を書くか、この行を消してください。".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            RulesHint::PointRules => "point --rules at a directory holding association.toml and members.toml".into(),
            RulesHint::CopyShipped => "copy the shipped rules/association.toml and rules/members.toml here and edit them".into(),
            RulesHint::Spelling => "check the spelling: the fields allowed here are listed above".into(),
            RulesHint::AddField(_) => "add the missing field to this table".into(),
            RulesHint::ValueType => "check the value's type: text goes in quotes, numbers do not".into(),
            RulesHint::DeleteOneKey => "delete one of the two".into(),
            RulesHint::TomlSyntax => "fix the TOML syntax on this line".into(),
            RulesHint::WriteName => "write a name".into(),
            RulesHint::NameBackupDir => "name a directory, e.g. \"backups\"".into(),
            RulesHint::KeepOneSection => "keep one such section and delete the other".into(),
            RulesHint::AddAssociation => "add [association] with at least id and name (see the shipped rules/association.toml)".into(),
            RulesHint::LowerPerSlot => "lower doctors_per_slot or add doctors".into(),
            RulesHint::ListDoctors => "list the duty doctors as [[doctor]] tables with id, name and clinic".into(),
            RulesHint::OwnHolidayId => "give each holiday period its own id".into(),
            RulesHint::HolidayStartEnd => "check start and end; a period that crosses New Year ends in the next year".into(),
            RulesHint::HolidayNoOverlap => "holiday periods must not share a day: shorten one or merge them into one period".into(),
            RulesHint::OwnMemberId => "give each member (doctor, hospital, nurse station, admin) its own id".into(),
            RulesHint::LeftAfterJoined => "left is the last day of membership and must not be before joined".into(),
            RulesHint::OwnHospitalOrder => "give each hospital its own place in the escalation order (1, 2, 3, ...)".into(),
            RulesHint::AdminDoctorId => "use the id of a [[doctor]] entry, or remove the field".into(),
        }
    }
}

/// The header over a list of problems: 「ルールに問題が3件あります:」.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemsHeader(pub usize);

impl Message for ProblemsHeader {
    fn ja(&self) -> String {
        format!("ルールファイルに問題が{}件あります:", self.0)
    }
    fn en(&self) -> String {
        let n = self.0;
        format!("the rules have {n} problem{}:", if n == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_placed_by_file_and_line_as_each_language_writes_it() {
        let at = |line| ProblemAt { path: "members.toml".into(), line, column: 3 };
        assert_eq!(at(12).ja(), "members.toml 12行目: ");
        assert_eq!(at(12).en(), "members.toml:12:3: ");
        assert_eq!((at(0).ja(), at(0).en()), ("members.toml: ".into(), "members.toml: ".into()));
    }

    #[test]
    fn every_rules_message_reads_in_both_languages() {
        for m in RulesMsg::samples() {
            super::super::check_both(&m);
        }
        for h in RulesHint::samples() {
            super::super::check_both(&h);
        }
        super::super::check_both(&ProblemsHeader(3));
    }

    #[test]
    fn toml_errors_are_read_into_kinds_naming_the_field() {
        let m = RulesMsg::of_toml(
            "unknown field `clinc`, expected one of `id`, `name`, `clinic`",
            "",
            "clinc = \"x\"",
        );
        assert_eq!(m.ja(), "「clinc」という項目はありません。ここで使える項目: id、name、clinic");
        assert_eq!(m.en(), "unknown field `clinc`, expected one of `id`, `name`, `clinic`");
        let m = RulesMsg::of_toml("missing field `clinic`", "", "[[doctor]]");
        assert_eq!(m.ja(), "「clinic」が書かれていません。");
        assert_eq!(
            m.hint().map(|h| h.ja()).as_deref(),
            Some("この表に「clinic」を書き足してください。")
        );
        let m = RulesMsg::of_toml(
            "invalid type: string \"1\", expected i64",
            "\"1\"",
            "doctors_per_slot = \"1\"",
        );
        assert_eq!(
            m.ja(),
            "「doctors_per_slot」の値の種類が違います。文字（1）が書かれていますが、ここには整数を書きます。"
        );
        let m = RulesMsg::of_toml("duplicate key", "name", "name = \"x\"");
        assert_eq!(m.ja(), "「name」が同じ表の中に2回書かれています。");
        let m = RulesMsg::of_toml("something new", "", "x");
        assert!(m.ja().contains("`something new`"), "{}", m.ja());
        assert_eq!(m.en(), "something new");
    }

    #[test]
    fn a_bad_value_names_the_key_as_written_and_what_to_write() {
        let m = RulesMsg::Fte { value: "1.5".into() };
        assert!(m.ja().contains("「fte」は 0 より大きく 1 以下の数で書いてください"), "{}", m.ja());
        let m = RulesMsg::Bad {
            field: "duty.handover_time".into(),
            bad: BadValue::Time("25:00".into()),
        };
        assert!(
            m.ja().starts_with("「handover_time」の「25:00」は時刻として読めません。"),
            "{}",
            m.ja()
        );
        assert_eq!(
            m.en(),
            "duty.handover_time: '25:00' is not a time of day: write HH:MM in 24-hour form, e.g. \"09:00\""
        );
    }
}
