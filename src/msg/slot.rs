//! A duty as the office names it (issue 18): by its days, with its slot id in brackets for the
//! clerk who types it into the next command: 「2月2日(火)〜2月8日(月)の当番（2027-02-02）」.
//!
//! Key decision: a clerk reads 「2027-02-02」 and cannot tell which week it is, so every
//! refusal of `toban swap`, `cover`, `actual`, `rota freeze` (and the console's forms) names
//! the duty by its days; the id stays, once, because the office types it. A duty toban cannot
//! find (an id typed wrong, or not published) is named by the day its id gives, since a slot
//! id is the day it starts.

use super::partial::SlotDays;
use super::{Day, Message};

/// A duty by its days and slot id, as a message argument.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlotRef {
    /// The slot id, as the office types it (`2027-02-02`).
    pub id: String,
    /// Its days, when the slot was found.
    pub days: Option<SlotDays>,
}

impl SlotRef {
    /// A duty known by its id alone (not found, or its days not at hand).
    pub fn id(id: impl Into<String>) -> SlotRef {
        SlotRef { id: id.into(), days: None }
    }

    /// A duty whose days are known.
    pub fn with_days(
        id: impl Into<String>,
        first: chrono::NaiveDate,
        last: chrono::NaiveDate,
    ) -> SlotRef {
        SlotRef { id: id.into(), days: Some(SlotDays { first: Day(first), last: Day(last) }) }
    }

    /// The day the id names, if it is a date.
    fn start(&self) -> Option<Day> {
        chrono::NaiveDate::parse_from_str(&self.id, "%Y-%m-%d").ok().map(Day)
    }

    /// Samples for the catalogue's tests: found, by its id's day, and an id that is no date.
    pub fn samples() -> Vec<SlotRef> {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 2, d).expect("date");
        vec![
            SlotRef::with_days("2027-02-02", day(2), day(8)),
            SlotRef::id("2027-02-02"),
            SlotRef::id("w05"),
        ]
    }
}

impl Message for SlotRef {
    /// 「2月2日(火)〜2月8日(月)の当番（2027-02-02）」, 「2月2日(火)からの当番（2027-02-02）」,
    /// or 「枠「w05」」.
    fn ja(&self) -> String {
        match (&self.days, self.start()) {
            (Some(days), _) => format!("{}（{}）", days.ja(), self.id),
            (None, Some(day)) => format!("{}からの当番（{}）", day.ja(), self.id),
            (None, None) => format!("枠「{}」", self.id),
        }
    }

    /// "the duty of Tue 2 Feb to Mon 8 Feb (2027-02-02)", "the duty from Tue 2 Feb
    /// (2027-02-02)", or "slot 'w05'".
    fn en(&self) -> String {
        match (&self.days, self.start()) {
            (Some(days), _) => format!("{} ({})", days.en(), self.id),
            (None, Some(day)) => format!("the duty from {} ({})", day.en(), self.id),
            (None, None) => format!("slot '{}'", self.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duty_is_named_by_its_days_with_its_id_to_type() {
        let [found, by_id, odd]: [SlotRef; 3] = SlotRef::samples().try_into().expect("three");
        assert_eq!(found.ja(), "2月2日(火)〜2月8日(月)の当番（2027-02-02）");
        assert_eq!(found.en(), "the duty of Tue 2 Feb to Mon 8 Feb (2027-02-02)");
        assert_eq!(by_id.ja(), "2月2日(火)からの当番（2027-02-02）");
        assert_eq!(by_id.en(), "the duty from Tue 2 Feb (2027-02-02)");
        assert_eq!((odd.ja(), odd.en()), ("枠「w05」".into(), "slot 'w05'".into()));
    }

    // See: issue 18 English review 18: a duty across the year's end read "Tue 29 Dec to Mon 4
    // Jan", which year left to guess.
    #[test]
    fn a_duty_across_the_years_end_names_both_years() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let ny = SlotRef::with_days("2026-12-29", day(2026, 12, 29), day(2027, 1, 4));
        assert_eq!(ny.ja(), "2026年12月29日(火)〜2027年1月4日(月)の当番（2026-12-29）");
        assert_eq!(ny.en(), "the duty of Tue 29 Dec 2026 to Mon 4 Jan 2027 (2026-12-29)");
    }
}
