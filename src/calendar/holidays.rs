//! Japanese public holidays: the law (祝日法) as computed by `yasumi`, plus the association's own
//! additions and removals from `calendars/*.ics`.
//!
//! yasumi implements fixed dates, Happy Mondays, the equinox formula, substitute holidays,
//! citizens' holidays and the one-off laws of 2019–2021; our tests hold it to the Cabinet Office
//! list. The law can change faster than a crate release (equinox dates are announced each
//! February), which is why a calendar file can add or remove days without a new toban build.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::ics::{Action, Override};

/// The years for which the law is implemented: yasumi's equinox formula is defined up to 2099,
/// and the current holiday law's structure starts in 2000 (Happy Mondays).
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 2000..=2099;

/// Where a holiday comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum HolidaySource {
    /// The national holiday law.
    Law,
    /// A calendar file (its file name).
    File(String),
}

impl From<HolidaySource> for String {
    fn from(s: HolidaySource) -> String {
        match s {
            HolidaySource::Law => "law".to_string(),
            HolidaySource::File(f) => f,
        }
    }
}

/// One public holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name (元日, 振替休日（こどもの日）, or the calendar event's summary).
    pub name: String,
    /// Law or calendar file.
    pub source: HolidaySource,
}

/// The public holidays of a range of years, with overrides applied.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    days: BTreeMap<NaiveDate, Holiday>,
    years: Option<RangeInclusive<i32>>,
}

impl HolidayCalendar {
    /// Holidays of `years` by law, then each override in order: an addition replaces the name and
    /// source of a law holiday on the same day, a removal deletes whatever is there.
    pub fn build(years: RangeInclusive<i32>, overrides: &[Override]) -> HolidayCalendar {
        let mut days = BTreeMap::new();
        for year in years.clone() {
            for (date, name) in law_holidays(year) {
                days.insert(date, Holiday { date, name, source: HolidaySource::Law });
            }
        }
        for o in overrides {
            for date in o.dates_in(years.clone()) {
                match o.action {
                    Action::Add => {
                        let source = HolidaySource::File(o.source.clone());
                        days.insert(date, Holiday { date, name: o.name.clone(), source });
                    }
                    Action::Remove => {
                        days.remove(&date);
                    }
                }
            }
        }
        HolidayCalendar { days, years: Some(years) }
    }

    /// Whether `date` is a public holiday.
    ///
    /// # Panics
    /// In debug builds, when `date` lies outside the years the calendar was built for: a silent
    /// "not a holiday" there would skew weights without anyone noticing.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        debug_assert!(
            self.years.as_ref().is_none_or(|y| y.contains(&date.year())),
            "holiday calendar asked about {date} outside {:?}",
            self.years
        );
        self.days.contains_key(&date)
    }

    /// The holidays from `from` to `to`, both inclusive, in date order.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &Holiday> {
        self.days.range(from..=to).map(|(_, h)| h)
    }

    /// The holidays of one calendar year.
    pub fn of_year(&self, year: i32) -> Vec<Holiday> {
        let (a, b) = (first_day(year), first_day(year + 1).pred_opt().expect("not min date"));
        self.between(a, b).cloned().collect()
    }
}

fn first_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).expect("year within chrono's range")
}

/// The national holidays of `year` by law, with substitute holidays named after the holiday they
/// replace, the way newspapers print them.
pub fn law_holidays(year: i32) -> Vec<(NaiveDate, String)> {
    yasumi::year_holidays(year)
        .into_iter()
        .map(|(date, name)| {
            let name = match name.strip_suffix(" 振替休日") {
                Some(original) => format!("振替休日（{original}）"),
                None => name,
            };
            (date, name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn substitute_holidays_are_named_after_the_holiday_they_replace() {
        let h: Vec<_> = law_holidays(2026);
        let may6 = h.iter().find(|(date, _)| *date == d("2026-05-06")).expect("2026-05-06");
        assert_eq!(may6.1, "振替休日（憲法記念日）");
    }

    #[test]
    fn an_override_can_add_and_remove_days() {
        let add = Override::single(d("2027-08-14"), "お盆休み", Action::Add, "assoc.ics");
        let remove = Override::single(d("2027-01-01"), "x", Action::Remove, "assoc.ics");
        let cal = HolidayCalendar::build(2027..=2027, &[add, remove]);
        assert!(cal.is_holiday(d("2027-08-14")));
        assert!(!cal.is_holiday(d("2027-01-01")));
        let obon = cal.between(d("2027-08-14"), d("2027-08-14")).next().unwrap();
        assert_eq!(obon.source, HolidaySource::File("assoc.ics".into()));
    }
}
