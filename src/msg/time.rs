//! Dates and times as people write them: 「3月9日(火) 9:00」, "Tue 9 Mar 09:00".

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Weekday};
use chrono_tz::Tz;

/// An instant in the association's zone, as a message argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When(pub DateTime<Tz>);

/// A calendar day, as a message argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate);

fn ja_weekday(w: Weekday) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][w.num_days_from_monday() as usize]
}

impl When {
    /// 「3月9日(火) 9:00」.
    pub fn ja(&self) -> String {
        let t = self.0;
        format!(
            "{}月{}日({}) {}:{:02}",
            t.month(),
            t.day(),
            ja_weekday(t.weekday()),
            t.hour(),
            t.minute()
        )
    }
    /// "Tue 9 Mar 09:00".
    pub fn en(&self) -> String {
        self.0.format("%a %-d %b %H:%M").to_string()
    }
    /// 「9:00」 (the time alone, for a deadline the same day).
    pub fn ja_time(&self) -> String {
        format!("{}:{:02}", self.0.hour(), self.0.minute())
    }
    /// "09:00".
    pub fn en_time(&self) -> String {
        self.0.format("%H:%M").to_string()
    }
}

impl Day {
    /// 「3月9日(火)」.
    pub fn ja(&self) -> String {
        let d = self.0;
        format!("{}月{}日({})", d.month(), d.day(), ja_weekday(d.weekday()))
    }
    /// "Tue 9 Mar".
    pub fn en(&self) -> String {
        self.0.format("%a %-d %b").to_string()
    }
    /// 「2027年3月9日(火)」: with the year, for a date that may lie in another year (a
    /// patient's course, a consent).
    pub fn ja_long(&self) -> String {
        format!("{}年{}", self.0.year(), self.ja())
    }
    /// "Tue 9 Mar 2027".
    pub fn en_long(&self) -> String {
        self.0.format("%a %-d %b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_as_people_write_them() {
        let t = chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 9, 9, 0, 0).unwrap();
        assert_eq!(When(t).ja(), "3月9日(火) 9:00");
        assert_eq!(When(t).en(), "Tue 9 Mar 09:00");
        assert_eq!(When(t).ja_time(), "9:00");
        assert_eq!(Day(t.date_naive()).ja(), "3月9日(火)");
        assert_eq!(Day(t.date_naive()).en(), "Tue 9 Mar");
        assert_eq!(Day(t.date_naive()).ja_long(), "2027年3月9日(火)");
        assert_eq!(Day(t.date_naive()).en_long(), "Tue 9 Mar 2027");
    }
}
