//! Reading holiday overrides from iCalendar files (`calendars/*.ics`), with the `ical` crate.
//!
//! Each VEVENT is a whole-day event (`DTSTART;VALUE=DATE:YYYYMMDD`, optional exclusive `DTEND`)
//! that adds a holiday, or removes one when it carries `X-TOBAN-ACTION:REMOVE`. A yearly event
//! (`RRULE:FREQ=YEARLY`, optionally with `COUNT` or `UNTIL`) repeats on the same month and day.
//! Anything else in a recurrence rule is refused rather than half understood: a holiday list that
//! is quietly wrong is worse than one that does not load.

use std::io::BufReader;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use crate::msg::calendar::{IcsMsg, RruleWhy};

/// What an override does to its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Make the days public holidays.
    Add,
    /// Make the days ordinary days.
    Remove,
}

/// One event of a calendar file: a run of days, maybe repeating yearly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// First day.
    pub start: NaiveDate,
    /// Number of days (≥ 1).
    pub days: u32,
    /// The event's summary, unescaped.
    pub name: String,
    /// Add or remove.
    pub action: Action,
    /// Yearly repetition, if any.
    pub yearly: Option<Yearly>,
    /// The file name, shown as the holiday's source.
    pub source: String,
}

/// Limits of a yearly repetition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yearly {
    /// Number of occurrences, the first included.
    pub count: Option<u32>,
    /// Last possible start date, inclusive.
    pub until: Option<NaiveDate>,
}

impl Override {
    /// A one-day, non-repeating override (for tests and programmatic use).
    pub fn single(date: NaiveDate, name: &str, action: Action, source: &str) -> Override {
        Override {
            start: date,
            days: 1,
            name: name.into(),
            action,
            yearly: None,
            source: source.into(),
        }
    }

    /// Every day this override covers whose year lies in `years`.
    pub fn dates_in(&self, years: RangeInclusive<i32>) -> Vec<NaiveDate> {
        let starts: Vec<NaiveDate> = match self.yearly {
            None => vec![self.start],
            Some(y) => (self.start.year()..=*years.end() + 1)
                .enumerate()
                .take_while(|(i, _)| y.count.is_none_or(|c| (*i as u32) < c))
                .filter_map(|(_, year)| self.start.with_year(year))
                .take_while(|d| y.until.is_none_or(|u| *d <= u))
                .collect(),
        };
        starts
            .into_iter()
            .flat_map(|s| s.iter_days().take(self.days as usize))
            .filter(|d| years.contains(&d.year()))
            .collect()
    }
}

/// A problem in a calendar file (typed, rendered in the reader's language by
/// [`crate::msg::calendar`]; `Display` is the English).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {}", crate::msg::Message::en(message))]
pub struct IcsError {
    /// The file.
    pub file: String,
    /// 1-based line of the offending event's BEGIN:VEVENT (0 for the file as a whole).
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: IcsMsg,
}

/// Parses the overrides of one calendar file. `file` names it in errors and as the source.
///
/// # Errors
/// [`IcsError`] when the text is not iCalendar, or an event is not a whole-day event, has no
/// summary, or carries an unknown action or an unsupported recurrence rule.
pub fn parse_overrides(file: &str, text: &str) -> Result<Vec<Override>, IcsError> {
    let err = |line: usize, message: IcsMsg| IcsError { file: file.to_string(), line, message };
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = match parser.next() {
        None => {
            return Err(err(0, IcsMsg::NoCalendar));
        }
        Some(Err(e)) => {
            return Err(err(0, IcsMsg::NotICalendar { detail: e.to_string() }));
        }
        Some(Ok(c)) => c,
    };
    if let Some(Err(e)) = parser.next() {
        return Err(err(0, IcsMsg::TrailingText { detail: e.to_string() }));
    }
    let event_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1)
        .collect();
    calendar
        .events
        .iter()
        .enumerate()
        .map(|(i, ev)| {
            let line = event_lines.get(i).copied().unwrap_or(0);
            parse_event(file, &ev.properties).map_err(|m| err(line, m))
        })
        .collect()
}

fn parse_event(file: &str, props: &[ical::property::Property]) -> Result<Override, IcsMsg> {
    let get = |name: &str| props.iter().find(|p| p.name.eq_ignore_ascii_case(name));
    let value = |name: &str| get(name).and_then(|p| p.value.clone());
    let name = value("SUMMARY")
        .map(|s| unescape(&s))
        .filter(|s| !s.trim().is_empty())
        .ok_or(IcsMsg::NoSummary)?;
    let start_raw = value("DTSTART").ok_or_else(|| IcsMsg::NoStart { name: name.clone() })?;
    let start = parse_day(&start_raw)
        .ok_or_else(|| IcsMsg::StartNotDay { name: name.clone(), raw: start_raw.clone() })?;
    let days = match value("DTEND") {
        None => 1,
        Some(raw) => {
            let end = parse_day(&raw)
                .ok_or_else(|| IcsMsg::EndNotDay { name: name.clone(), raw: raw.clone() })?;
            let n = (end - start).num_days();
            if !(1..=366).contains(&n) {
                return Err(IcsMsg::EndRange { name });
            }
            n as u32
        }
    };
    let action = match value("X-TOBAN-ACTION").map(|s| s.trim().to_ascii_uppercase()) {
        None => Action::Add,
        Some(a) if a == "ADD" => Action::Add,
        Some(a) if a == "REMOVE" => Action::Remove,
        Some(a) => {
            return Err(IcsMsg::UnknownAction { name, action: a });
        }
    };
    let yearly = value("RRULE")
        .map(|r| parse_yearly(&r))
        .transpose()
        .map_err(|why| IcsMsg::Rrule { name: name.clone(), why })?;
    Ok(Override { start, days, name, action, yearly, source: file.to_string() })
}

/// Accepts `YYYYMMDD` (a DATE value); a DATE-TIME is refused because a holiday is a whole day.
fn parse_day(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    (raw.len() == 8).then(|| NaiveDate::parse_from_str(raw, "%Y%m%d").ok()).flatten()
}

fn parse_yearly(rule: &str) -> Result<Yearly, RruleWhy> {
    let mut freq = None;
    let mut out = Yearly { count: None, until: None };
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').ok_or_else(|| RruleWhy::NoEquals(part.to_string()))?;
        match k.to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(v.to_ascii_uppercase()),
            "COUNT" => out.count = Some(v.parse().map_err(|_| RruleWhy::Count(v.to_string()))?),
            "UNTIL" => {
                let day = v.get(..8).and_then(parse_day);
                out.until = Some(day.ok_or_else(|| RruleWhy::Until(v.to_string()))?);
            }
            other => {
                return Err(RruleWhy::Unsupported(other.to_string()));
            }
        }
    }
    match freq.as_deref() {
        Some("YEARLY") => Ok(out),
        _ => Err(RruleWhy::NotYearly),
    }
}

/// Undoes RFC 5545 text escaping (`\,` `\;` `\\` `\n`), which the `ical` parser leaves in place.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBON: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:obon@test\r\nDTSTART;VALUE=DATE:20270813\r\nDTEND;VALUE=DATE:20270817\r\nSUMMARY:お盆\\, 医師会休診\r\nRRULE:FREQ=YEARLY;COUNT=2\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:x@test\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:取消\r\nX-TOBAN-ACTION:REMOVE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_yearly_multi_day_event_expands_within_its_count() {
        let o = parse_overrides("a.ics", OBON).unwrap();
        assert_eq!(o[0].name, "お盆, 医師会休診");
        let dates = o[0].dates_in(2027..=2030);
        assert_eq!(dates.len(), 8, "4 days a year for COUNT=2 years: {dates:?}");
        assert_eq!(dates[4], d("2028-08-13"));
        assert_eq!(o[1].action, Action::Remove);
    }

    #[test]
    fn a_timed_event_is_refused_with_its_line() {
        let text = OBON.replace("DTSTART;VALUE=DATE:20270813", "DTSTART:20270813T090000");
        let e = parse_overrides("a.ics", &text).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.to_string().contains("not a whole day"), "{e}");
    }

    #[test]
    fn unsupported_recurrence_is_refused() {
        let text = OBON.replace("FREQ=YEARLY;COUNT=2", "FREQ=WEEKLY");
        assert!(parse_overrides("a.ics", &text).unwrap_err().to_string().contains("YEARLY"));
    }

    #[test]
    fn garbage_is_not_a_calendar() {
        assert!(parse_overrides("a.ics", "hello").is_err());
        assert!(parse_overrides("a.ics", "").is_err());
    }
}

#[cfg(test)]
mod hostile_input {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Any text as a calendar file: overrides or an error naming the file, never a panic.
        #[test]
        fn any_text_is_parsed_or_refused(text in prop_oneof![
            any::<String>(),
            "(BEGIN:VCALENDAR\r\n)?(BEGIN:VEVENT\r\n)?(DTSTART(;VALUE=DATE)?:[0-9T]{0,16}\r\n)?(DTEND:[0-9]{0,9}\r\n)?(RRULE:FREQ=[A-Z]{0,7}(;COUNT=[0-9]{0,6})?(;UNTIL=[0-9]{0,9})?\r\n)?(SUMMARY:.{0,10}\r\n)?(END:VEVENT\r\n)?(END:VCALENDAR)?",
        ]) {
            if let Ok(o) = super::parse_overrides("x.ics", &text) {
                let _ = crate::calendar::HolidayCalendar::build(2026..=2028, &o);
            }
        }
    }
}
