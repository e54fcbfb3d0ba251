//! Small domain types that parse instead of validate: once built, they cannot hold a bad value.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

pub use crate::msg::rules::BadValue;

/// A member's id (doctor, hospital, nurse station or admin): 1–32 of `a-z 0-9 _ -`, starting with
/// a letter or digit. Ids appear in CLI arguments, chat callback data (64 bytes) and feed UIDs, so
/// they are short and plain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MemberId(String);

impl TryFrom<String> for MemberId {
    type Error = BadValue;
    fn try_from(s: String) -> Result<Self, BadValue> {
        s.parse()
    }
}

impl From<MemberId> for String {
    fn from(id: MemberId) -> String {
        id.0
    }
}

impl MemberId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for MemberId {
    type Err = BadValue;
    /// Fails with [`BadValue::MemberId`], whose sentence says which characters are allowed.
    fn from_str(s: &str) -> Result<Self, BadValue> {
        let ok_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
        let first_ok =
            s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if s.is_empty() || s.len() > 32 || !first_ok || !s.chars().all(ok_char) {
            return Err(BadValue::MemberId(s.to_string()));
        }
        Ok(MemberId(s.to_string()))
    }
}

/// A rota's id (issue 20: several rotas; issue 21: typed store arguments): [`RotaId::main`] for
/// the association's own rota, else a `[[rota]]`'s id. Written like a member id (1–32 of
/// `a-z 0-9 _ -`, starting with a letter or digit), since it appears in the same places: CLI
/// arguments, URLs, store keys. Reads and writes as the bare string, so stored records, backups
/// and JSON are the same as when rota ids were plain strings.
///
/// Parsing says only that the text can be a rota id; whether the rules have that rota is
/// [`crate::rules::Rules::find_rota`]'s question, asked at the edges that read one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RotaId(std::borrow::Cow<'static, str>);

impl RotaId {
    /// The association's own rota, `main`: every doctor, the `[duty]` section.
    pub const fn main() -> RotaId {
        RotaId(std::borrow::Cow::Borrowed("main"))
    }

    /// Whether this is [`RotaId::main`].
    pub fn is_main(&self) -> bool {
        self.0 == "main"
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RotaId {
    type Error = BadValue;
    fn try_from(s: String) -> Result<Self, BadValue> {
        s.parse()
    }
}

impl From<RotaId> for String {
    fn from(id: RotaId) -> String {
        id.0.into_owned()
    }
}

impl fmt::Display for RotaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RotaId {
    type Err = BadValue;
    /// Fails as a member id does ([`BadValue::MemberId`]): the rules loader has always read a
    /// `[[rota]]` id with that rule and message.
    fn from_str(s: &str) -> Result<Self, BadValue> {
        s.parse::<MemberId>().map(|m| RotaId(m.0.into()))
    }
}

/// The language of member-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Japanese (the default).
    Ja,
    /// English.
    En,
}

impl FromStr for Language {
    type Err = BadValue;
    fn from_str(s: &str) -> Result<Self, BadValue> {
        match s {
            "ja" => Ok(Language::Ja),
            "en" => Ok(Language::En),
            _ => Err(BadValue::Language(s.to_string())),
        }
    }
}

/// How swaps and cover requests between doctors are agreed (`[swap]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapRules {
    /// Whether a swap or cover agreed between doctors also needs an admin's approval.
    pub admin_approval: bool,
    /// Whether a cover request asks its colleagues all at once or one after another.
    pub cover_order: CoverOrder,
    /// How many colleagues a cover request asks (the fairest first).
    pub cover_ask: u32,
    /// Hours a cover request stays open before the admin is alerted (at most until an hour
    /// before the duty).
    pub cover_hours: u32,
    /// With [`CoverOrder::InTurn`], hours each colleague has before the next is asked.
    pub cover_turn_hours: u32,
}

impl Default for SwapRules {
    fn default() -> Self {
        SwapRules {
            admin_approval: false,
            cover_order: CoverOrder::AtOnce,
            cover_ask: 3,
            cover_hours: 24,
            cover_turn_hours: 4,
        }
    }
}

/// Automatic backups written by `toban serve` (`[backup]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupRules {
    /// Hours between two backups (0: none).
    pub every_hours: u32,
    /// How many backups are kept (the oldest go).
    pub keep: u32,
    /// Where they go; a relative path is relative to the directory toban runs in, like `--data`.
    pub dir: std::path::PathBuf,
}

impl Default for BackupRules {
    fn default() -> Self {
        BackupRules { every_hours: 24, keep: 14, dir: "backups".into() }
    }
}

/// How the outbox is delivered (`[delivery]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRules {
    /// Minutes a notice may wait for its channel (Telegram down, a chat failing again and again)
    /// before it is given up on that channel: printed on the office console, recorded as
    /// undelivered, and the admins told. A request that late has been escalated past anyway.
    pub dead_letter_minutes: u32,
}

impl Default for DeliveryRules {
    fn default() -> Self {
        DeliveryRules { dead_letter_minutes: 10 }
    }
}

/// The order in which a cover request asks colleagues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverOrder {
    /// All of them at once; the first Accept takes the duty (quickest).
    AtOnce,
    /// The fairest first; the next only after a Decline or when the turn's hours pass
    /// (nobody is asked who is not needed).
    InTurn,
}

impl FromStr for CoverOrder {
    type Err = BadValue;
    fn from_str(s: &str) -> Result<Self, BadValue> {
        match s {
            "at_once" => Ok(CoverOrder::AtOnce),
            "in_turn" => Ok(CoverOrder::InTurn),
            _ => Err(BadValue::CoverOrder(s.to_string())),
        }
    }
}

/// A month and day without a year, written `MM-DD` (e.g. `12-29`). February 29 is refused because
/// a rule that exists only in leap years is almost always a mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MonthDay {
    /// 1–12.
    pub month: u32,
    /// 1–31, valid for the month.
    pub day: u32,
}

impl MonthDay {
    /// This month-day in `year`. Always valid, since 02-29 is never accepted.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day).expect("MonthDay excludes 02-29")
    }

    /// The month-day of a date (02-29 maps to 02-28).
    pub fn of(date: NaiveDate) -> Self {
        let day = if date.month() == 2 && date.day() == 29 { 28 } else { date.day() };
        MonthDay { month: date.month(), day }
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = BadValue;
    fn from_str(s: &str) -> Result<Self, BadValue> {
        let bad = || BadValue::MonthDay(s.to_string());
        let (m, d) = s.split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        if month == 2 && day == 29 {
            return Err(BadValue::LeapDay(s.to_string()));
        }
        NaiveDate::from_ymd_opt(2001, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }
}

/// Parses a weekday in English or Japanese: `tue`, `Tuesday`, `火`, `火曜日`.
pub fn parse_weekday(s: &str) -> Result<Weekday, BadValue> {
    let lower = s.trim().to_ascii_lowercase();
    let jp = ["月", "火", "水", "木", "金", "土", "日"];
    let found = jp
        .iter()
        .position(|j| lower == *j || lower == format!("{j}曜") || lower == format!("{j}曜日"));
    if let Some(i) = found {
        return Ok(Weekday::try_from(i as u8).expect("0..7"));
    }
    lower.parse::<Weekday>().map_err(|_| BadValue::Weekday(s.to_string()))
}

/// Parses a wall-clock time written `HH:MM` (24-hour).
pub fn parse_time(s: &str) -> Result<NaiveTime, BadValue> {
    let bad = || BadValue::Time(s.to_string());
    if s.len() != 5 || s.as_bytes()[2] != b':' {
        return Err(bad());
    }
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| bad())
}

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, BadValue> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| BadValue::Date(s.to_string()))
}

/// Load points of each kind of slot. Integers: see DESIGN.md §2 on why fractional weights make
/// optimality proofs hard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weights {
    /// Points of a regular slot.
    pub regular_slot: u32,
    /// Default points of a holiday-period slot (a period may override it).
    pub holiday_slot: u32,
    /// Extra points for each public holiday inside a regular slot.
    pub public_holiday_day: u32,
}

/// How many slots before a holiday duty its doctor is spared regular duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExemptWindow {
    /// One full rotation: ⌊doctors / doctors per slot⌋ slots, so exactly the turn that would have
    /// fallen there is skipped.
    Rotation,
    /// A fixed number of slots.
    Slots(u32),
}

/// Minutes each escalation step waits for Accept before moving on, and how long after an
/// acceptance a second call for the patient is a follow-up to the one who accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Escalation {
    /// Wait for the attending doctor.
    pub attending_minutes: u32,
    /// Wait for the duty doctor(s).
    pub duty_doctor_minutes: u32,
    /// Wait for each backup hospital.
    pub hospital_minutes: u32,
    /// A call for a patient whose call was accepted less than this many minutes ago is a
    /// follow-up the handler acknowledges; a later one is a new call that asks the handler first.
    pub followup_minutes: u32,
}

/// Minutes each step waits for one call type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepMinutes {
    /// Wait for the attending doctor (and their substitute).
    pub attending_minutes: u32,
    /// Wait for the duty doctor(s).
    pub duty_doctor_minutes: u32,
    /// Wait for each backup hospital.
    pub hospital_minutes: u32,
}

/// The step minutes of the call types other than an urgent call: a death confirmation (看取り:
/// the family is not in danger, a doctor may take longer to come) and a request for advice by
/// phone. Rules written before call types had them load unchanged, every type waiting the
/// `[escalation]` minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallTimes {
    /// `[escalation.death]`.
    pub death: StepMinutes,
    /// `[escalation.death] fallback`: the doctor a death confirmation asks after the duty
    /// doctor (the association's fallback, issue 20), if the rules name one. A current doctor
    /// with no `left` date (checked when the rules load).
    pub death_fallback: Option<MemberId>,
    /// `[escalation.advice]`.
    pub advice: StepMinutes,
}

impl Escalation {
    /// The urgent call's step minutes.
    pub fn steps(&self) -> StepMinutes {
        StepMinutes {
            attending_minutes: self.attending_minutes,
            duty_doctor_minutes: self.duty_doctor_minutes,
            hospital_minutes: self.hospital_minutes,
        }
    }
}

/// The longest `followup_minutes`: a call accepted 12 hours ago no longer counts as open
/// (`routing::engine::OPEN_AFTER_ACCEPT_HOURS`), so nothing could join it later.
pub const MAX_FOLLOWUP_MINUTES: u32 = 12 * 60;

impl Escalation {
    /// The shipped defaults (10, 15 and 10 minutes a step; follow-ups for 60 minutes).
    pub const DEFAULT: Escalation = Escalation {
        attending_minutes: 10,
        duty_doctor_minutes: 15,
        hospital_minutes: 10,
        followup_minutes: 60,
    };
}

/// A holiday period that is a duty slot of its own, e.g. New Year 12-29..01-04.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayPeriod {
    /// Machine id, also the slot kind in JSON (`new_year`, `golden_week`).
    pub id: String,
    /// Display name (年末年始).
    pub name: String,
    /// First day.
    pub start: MonthDay,
    /// Last day (inclusive); before `start` when the period crosses New Year.
    pub end: MonthDay,
    /// Extend the end while the next day is a public holiday (Golden Week's 5/6 substitute).
    pub extend_over_public_holidays: bool,
    /// Load points of this period's slot.
    pub weight: u32,
}

impl HolidayPeriod {
    /// Whether the period runs into the next calendar year.
    pub fn crosses_year(&self) -> bool {
        self.end < self.start
    }

    /// First and last day (inclusive) of the instance that starts in `year`, before extension.
    pub fn dates_starting_in(&self, year: i32) -> (NaiveDate, NaiveDate) {
        let end_year = if self.crosses_year() { year + 1 } else { year };
        (self.start.in_year(year), self.end.in_year(end_year))
    }
}

/// A duty doctor.
#[derive(Debug, Clone, PartialEq)]
pub struct Doctor {
    /// Id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// The name in Latin letters for English readers, if the rules give one (issue 18).
    pub name_en: Option<String>,
    /// Clinic name.
    pub clinic: String,
    /// Share of a full duty load, in (0, 1].
    pub fte: f64,
    /// First day of membership.
    pub joined: Option<NaiveDate>,
    /// Last day of membership (inclusive).
    pub left: Option<NaiveDate>,
    /// A number to call back (the clinic or the doctor's mobile), if given.
    pub phone: Option<String>,
}

impl Doctor {
    /// Whether the doctor is a member on `date`.
    pub fn is_member_on(&self, date: NaiveDate) -> bool {
        self.joined.is_none_or(|j| j <= date) && self.left.is_none_or(|l| date <= l)
    }
}

/// A backup hospital (後方支援病院).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hospital {
    /// Id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// The name in Latin letters for English readers, if the rules give one (issue 18).
    pub name_en: Option<String>,
    /// Phone number for the duty desk.
    pub phone: String,
    /// Position in the escalation chain (1 first).
    pub order: u32,
}

/// A visiting-nurse station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NurseStation {
    /// Id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// The name in Latin letters for English readers, if the rules give one (issue 18).
    pub name_en: Option<String>,
    /// Phone number, if given.
    pub phone: Option<String>,
}

/// An administrator of the association.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin {
    /// Id.
    pub id: MemberId,
    /// Display name.
    pub name: String,
    /// The name in Latin letters for English readers, if the rules give one (issue 18).
    pub name_en: Option<String>,
    /// The doctor this admin also is, if any.
    pub doctor: Option<MemberId>,
    /// Phone number, if given.
    pub phone: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_parse_in_english_and_japanese() {
        assert_eq!(parse_weekday("tue"), Ok(Weekday::Tue));
        assert_eq!(parse_weekday("Tuesday"), Ok(Weekday::Tue));
        assert_eq!(parse_weekday("火曜日"), Ok(Weekday::Tue));
        assert_eq!(parse_weekday("日"), Ok(Weekday::Sun));
        assert!(parse_weekday("tuesd").is_err());
    }

    #[test]
    fn times_must_be_hh_mm() {
        assert_eq!(parse_time("09:00"), Ok(NaiveTime::from_hms_opt(9, 0, 0).unwrap()));
        for bad in ["9:00", "25:00", "09:60", "0900", "09:00:00", ""] {
            assert!(parse_time(bad).is_err(), "time {bad:?} should be rejected");
        }
    }

    #[test]
    fn month_days_refuse_leap_day_and_nonsense() {
        assert_eq!("12-29".parse::<MonthDay>(), Ok(MonthDay { month: 12, day: 29 }));
        for bad in ["02-29", "13-01", "04-31", "1-4", "12/29", "aa-bb"] {
            assert!(bad.parse::<MonthDay>().is_err(), "month-day {bad:?} should be rejected");
        }
    }

    #[test]
    fn rota_ids_are_read_as_member_ids_are_with_the_same_message() {
        assert_eq!("north".parse::<RotaId>().map(|r| r.to_string()), Ok("north".to_string()));
        assert_eq!("main".parse::<RotaId>(), Ok(RotaId::main()), "main is a rota id");
        assert!(RotaId::main().is_main() && !"north".parse::<RotaId>().unwrap().is_main());
        for bad in ["", "North", "-x", "北部", "a b", " main", &"x".repeat(33)] {
            let err = bad.parse::<RotaId>().expect_err("a bad rota id is refused");
            assert_eq!(err, BadValue::MemberId(bad.to_string()), "rota id {bad:?}");
            assert_eq!(Some(err), bad.parse::<MemberId>().err(), "the loader's rule for {bad:?}");
        }
    }

    #[test]
    fn a_rota_id_reads_and_writes_as_its_bare_string() {
        let north: RotaId = "north".parse().unwrap();
        assert_eq!(serde_json::to_string(&north).unwrap(), "\"north\"");
        assert_eq!(serde_json::from_str::<RotaId>("\"north\"").unwrap(), north);
        assert_eq!(serde_json::to_string(&RotaId::main()).unwrap(), "\"main\"");
        assert_eq!(north.as_str(), "north");
        assert!(serde_json::from_str::<RotaId>("\"North!\"").is_err(), "checked when read");
    }

    #[test]
    fn member_ids_are_short_and_plain() {
        assert!("d01".parse::<MemberId>().is_ok());
        assert!("hosp-1_a".parse::<MemberId>().is_ok());
        for bad in ["", "D01", "-x", "医師", "a b", &"x".repeat(33)] {
            assert!(bad.parse::<MemberId>().is_err(), "id {bad:?} should be rejected");
        }
    }
}
