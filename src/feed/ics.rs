//! Writing a feed with the `icalendar` crate (it escapes text and folds lines at 75 octets on
//! character boundaries, which Japanese summaries need).

use chrono::{DateTime, Duration, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus};

use super::FeedEvent;
use crate::msg::Message;
use crate::msg::feed::FeedText;
use crate::rules::Rules;

/// How often calendar apps are asked to refresh.
const REFRESH_HOURS: i64 = 6;

/// The events of a feed: one doctor's (`Some(id)`) or everyone's, ending after `since`.
pub fn select<'a>(
    events: &'a [FeedEvent],
    doctor: Option<&str>,
    since: DateTime<Utc>,
) -> Vec<&'a FeedEvent> {
    events.iter().filter(|e| doctor.is_none_or(|d| e.doctor == d) && e.end > since).collect()
}

/// `s` without control characters: a name pasted with an escape sequence or a stray newline
/// must not reach a phone's calendar (a raw newline would even end the property early).
fn no_controls(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// The calendar text of `events`, for `doctor` (`None`: the whole rota, each summary naming the
/// doctor). `alarm_minutes` before each duty, a reminder (0: none).
pub fn render(
    rules: &Rules,
    events: &[&FeedEvent],
    doctor: Option<&str>,
    alarm_minutes: u32,
) -> String {
    let lang = rules.association.language;
    let mut cal = Calendar::new();
    let title = match doctor {
        Some(d) => FeedText::DoctorCalendar { doctor: rules.name_of(d).to_string() },
        None => FeedText::RotaCalendar { association: rules.association.name.clone() },
    }
    .render(lang);
    let title = no_controls(&title);
    // Only X-WR-CALNAME: icalendar 0.17 writes NAME unescaped (a `;` or `,` in the name would
    // break the line), and calendar apps read X-WR-CALNAME.
    cal.append_property(icalendar::Property::new("X-WR-CALNAME", &title));
    cal.ttl(&Duration::hours(REFRESH_HOURS));
    for e in events {
        let period = rules.holiday_period(&e.kind).map(|p| p.name.clone());
        let mut summary = FeedText::Duty { period }.render(lang);
        // Another rota's duty (issue 20) names its rota.
        if let Some((rota, _)) = e.slot.split_once('/') {
            let name = match rota.parse::<crate::rules::RotaId>() {
                Ok(id) => rules.rota_name(&id).to_string(),
                Err(_) => rota.to_string(),
            };
            summary = format!("{summary} {name}");
        }
        if doctor.is_none() {
            summary.push(' ');
            summary.push_str(rules.name_of(&e.doctor));
        }
        let summary = no_controls(&summary);
        let mut event = Event::new();
        event
            .uid(&format!("{}-{}@{}.toban", e.slot, e.doctor, rules.association.id))
            .timestamp(e.stamp)
            .last_modified(e.stamp)
            .sequence(e.sequence)
            .starts(e.start)
            .ends(e.end)
            .summary(&summary);
        if e.cancelled {
            event.status(EventStatus::Cancelled);
        } else {
            event.status(EventStatus::Confirmed);
            if alarm_minutes > 0 {
                // A stable UID and DTSTAMP: icalendar would invent them (random, and the clock).
                let mut alarm =
                    Alarm::display(&summary, -Duration::minutes(i64::from(alarm_minutes)));
                alarm.uid(&format!("{}-{}-alarm@{}.toban", e.slot, e.doctor, rules.association.id));
                alarm.timestamp(e.stamp);
                event.alarm(alarm);
            }
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{published_slots, reconcile};
    use crate::plan::testing::sosa;
    use crate::store::records::fixtures;
    use chrono::TimeZone;

    fn events() -> Vec<FeedEvent> {
        let slots = published_slots(&[fixtures::rota(2027)]);
        reconcile(&[], &slots, Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap())
    }

    /// Parses with the independent `ical` crate and returns (UID, SUMMARY, SEQUENCE, STATUS).
    fn parse(text: &str) -> Vec<(String, String, String, String)> {
        let reader = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let mut out = Vec::new();
        for cal in reader {
            for e in cal.unwrap().events {
                let get = |k: &str| {
                    e.properties
                        .iter()
                        .find(|p| p.name == k)
                        .and_then(|p| p.value.clone())
                        .unwrap_or_default()
                };
                out.push((get("UID"), get("SUMMARY"), get("SEQUENCE"), get("STATUS")));
            }
        }
        out
    }

    #[test]
    fn a_doctors_feed_parses_back_with_stable_uids_and_short_lines() {
        let rules = sosa();
        let events = events();
        let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let text = render(&rules, &select(&events, Some("d01"), since), Some("d01"), 1440);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        }
        assert!(text.contains("DTSTART:20270105T000000Z"), "{text}");
        assert!(text.contains("TRIGGER:-PT86400S"), "a day before: {text}");
        assert!(!text.contains("\r\nNAME:"), "{text}");
        let parsed = parse(&text);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].0, "2027-w01-d01@sosa.toban");
        assert_eq!(parsed[0].1, "在宅当番");
        assert_eq!(parsed[0].2, "0");
        // The same input renders the same bytes.
        assert_eq!(text, render(&rules, &select(&events, Some("d01"), since), Some("d01"), 1440));
    }

    #[test]
    fn the_whole_rota_names_doctors_and_holiday_periods_and_folds_long_japanese_lines() {
        let mut rules = sosa();
        rules.association.name =
            "匝瑳医師会, 在宅;患者\\二十四時間支援システム（テスト用のとても長い名前）".into();
        let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let events = events();
        let text = render(&rules, &select(&events, None, since), None, 0);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        }
        assert!(
            text.contains("\\,") && text.contains("\\;") && text.contains("\\\\"),
            "escaped: {text}"
        );
        let parsed = parse(&text);
        assert_eq!(parsed.len(), 4);
        let ny = parsed.iter().find(|p| p.0.starts_with("2028-ny-d04")).unwrap();
        assert_eq!(
            ny.1,
            "在宅当番（年末年始） 北村 大輔".replace("北村 大輔", sosa().name_of("d04"))
        );
        assert!(!text.contains("0479"), "no phone numbers (every shipped member has a 0479 one)");
    }

    #[test]
    fn control_characters_in_names_never_reach_a_calendar() {
        let mut rules = sosa();
        rules.association.name = "匝瑳\u{1b}[2J医師会\nX-INJECTED:1\u{7}".into();
        let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let events = events();
        let text = render(&rules, &select(&events, None, since), None, 0);
        let bare = text.replace("\r\n", "");
        assert!(!bare.chars().any(char::is_control), "{text:?}");
        assert!(!text.contains("\r\nX-INJECTED"), "{text}");
        assert!(text.contains("匝瑳[2J医師会X-INJECTED:1"), "{text}");
    }

    #[test]
    fn no_alarm_when_the_rules_say_zero() {
        let rules = sosa();
        let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let events = events();
        let text = render(&rules, &select(&events, Some("d01"), since), Some("d01"), 0);
        assert!(!text.contains("VALARM"));
        assert_eq!(rules.feed_alarm_minutes, 1440, "the shipped rules remind a day before");
    }
}
