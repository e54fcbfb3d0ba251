use super::*;
use crate::calendar::HolidayCalendar;
use crate::rules::{self, Source};
use chrono::{Duration, Utc, Weekday};
use proptest::prelude::*;

const SOSA_ASSOCIATION: &str = include_str!("../../../rules/association.toml");
const SOSA_MEMBERS: &str = include_str!("../../../rules/members.toml");

fn rules_from(association: &str) -> Rules {
    let sources = [
        Source { path: "association.toml".into(), text: association.to_string() },
        Source { path: "members.toml".into(), text: SOSA_MEMBERS.to_string() },
    ];
    rules::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn sosa() -> Rules {
    rules_from(SOSA_ASSOCIATION)
}

fn year(rules: &Rules, y: i32) -> PlanYear {
    plan_year(rules, &HolidayCalendar::build(calendar_years_for(y), &[]), y)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn handover_stays_tuesday_0900_across_new_year() {
    let py = year(&sosa(), 2027);
    let regular: Vec<&Slot> = py.slots.iter().filter(|s| s.kind == SlotKind::Regular).collect();
    let ny = &py.slots[0];
    assert_eq!(ny.kind, SlotKind::Holiday("new_year".into()));
    assert_eq!((ny.start_date(), ny.end_date()), (d("2026-12-29"), d("2027-01-05")));
    for s in &regular {
        assert_eq!(s.start.format("%H:%M").to_string(), "09:00", "slot {}", s.id);
        let edge_of_holiday =
            py.slots.iter().any(|h| h.kind != SlotKind::Regular && (h.end == s.start));
        if !edge_of_holiday {
            assert_eq!(s.start_date().weekday(), Weekday::Tue, "slot {} starts on a Tuesday", s.id);
        }
    }
}

#[test]
fn a_short_leftover_before_golden_week_joins_the_week_before() {
    let py = year(&sosa(), 2027);
    let s = py.slots.iter().find(|s| s.id == "2027-04-20").expect("slot of 4/20");
    assert_eq!(s.end_date(), d("2027-04-29"), "Tue 4/27..Thu 4/29 is 2 days < 4, so it merges");
    assert!(py.slots.iter().all(|s| s.id != "2027-04-27"));
    let after = py.slots.iter().find(|s| s.id == "2027-05-06").expect("slot after golden week");
    assert_eq!(after.days(), 5, "Thu 5/6..Tue 5/11 is 5 days and stays");
}

#[test]
fn merging_can_be_switched_off() {
    let rules = rules_from(
        &SOSA_ASSOCIATION.replace("merge_shorter_than_days = 4", "merge_shorter_than_days = 0"),
    );
    let py = year(&rules, 2027);
    let s = py.slots.iter().find(|s| s.id == "2027-04-27").expect("the 2-day slot stays");
    assert_eq!(s.days(), 2);
}

#[test]
fn regular_slot_weight_counts_public_holidays() {
    let py = year(&sosa(), 2027);
    let spring = py.slots.iter().find(|s| s.id == "2027-03-16").unwrap();
    assert_eq!(spring.holidays, vec![d("2027-03-21"), d("2027-03-22")]);
    assert_eq!(spring.weight, 2 + 2);
    let gw = py.slots.iter().find(|s| s.kind == SlotKind::Holiday("golden_week".into())).unwrap();
    assert_eq!(
        gw.weight, 4,
        "a holiday slot weighs its period's points, whatever holidays it holds"
    );
}

#[test]
fn consecutive_sosa_years_tile_for_a_century() {
    let rules = sosa();
    let mut prev_end = None;
    for y in 2001..=2097 {
        let py = year(&rules, y);
        assert_contiguous(&py);
        if let Some(end) = prev_end {
            assert_eq!(py.start(), Some(end), "year {y} starts where {} ended", y - 1);
        }
        assert_eq!(
            py.slots.iter().filter(|s| s.kind == SlotKind::Holiday("new_year".into())).count(),
            1
        );
        assert_eq!(
            py.slots.iter().filter(|s| s.kind == SlotKind::Holiday("golden_week".into())).count(),
            1
        );
        prev_end = py.end();
    }
}

#[test]
fn plan_year_of_finds_the_year_around_an_instant() {
    let rules = sosa();
    let cal = HolidayCalendar::build(2024..=2029, &[]);
    let t = Utc.with_ymd_and_hms(2026, 12, 30, 0, 0, 0).unwrap();
    assert_eq!(plan_year_of(&rules, &cal, &t).year, 2027, "New Year 2026/27 belongs to 2027");
    let t = Utc.with_ymd_and_hms(2026, 12, 28, 0, 0, 0).unwrap();
    assert_eq!(plan_year_of(&rules, &cal, &t).year, 2026);
}

#[test]
fn a_plan_years_last_day_is_the_day_before_the_next_ones_first() {
    let sosa = sosa();
    assert_eq!(plan_year_last_day(&sosa, 2027), d("2027-12-31"));
    let fiscal =
        SOSA_ASSOCIATION.replace("plan_year_start = \"01-01\"", "plan_year_start = \"04-01\"");
    let fiscal = rules_from(&fiscal);
    assert_eq!(plan_year_first_day(&fiscal, 2027), d("2027-04-01"));
    assert_eq!(plan_year_last_day(&fiscal, 2027), d("2028-03-31"));
}

#[test]
fn a_handover_in_a_dst_gap_moves_to_the_first_valid_minute() {
    let tz: Tz = "America/New_York".parse().unwrap();
    let t = at_local(tz, d("2027-03-14"), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
    assert_eq!(t.format("%H:%M").to_string(), "03:00");
}

fn assert_contiguous(py: &PlanYear) {
    assert!(!py.slots.is_empty(), "year {} has slots", py.year);
    for s in &py.slots {
        assert!(s.start < s.end, "slot {} has positive length", s.id);
    }
    for w in py.slots.windows(2) {
        assert_eq!(
            w[0].end, w[1].start,
            "year {}: no gap or overlap after slot {}",
            py.year, w[0].id
        );
    }
}

/// Rules with a random weekday, time, zone, merge threshold, year start and holiday periods.
fn arb_rules() -> impl Strategy<Value = Rules> {
    let zones = prop::sample::select(vec![
        "Asia/Tokyo",
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
    ]);
    let weekdays = prop::sample::select(vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    (zones, weekdays, 5u32..=22, 0u32..=7, prop::bool::ANY, prop::bool::ANY, prop::bool::ANY)
        .prop_map(|(zone, wd, hour, merge, fiscal, new_year, golden_week)| {
            let mut text = SOSA_ASSOCIATION
                .replace("\"Asia/Tokyo\"", &format!("\"{zone}\""))
                .replace("handover_weekday = \"tue\"", &format!("handover_weekday = \"{wd}\""))
                .replace("handover_time = \"09:00\"", &format!("handover_time = \"{hour:02}:00\""))
                .replace(
                    "merge_shorter_than_days = 4",
                    &format!("merge_shorter_than_days = {merge}"),
                );
            if fiscal {
                text = text.replace("plan_year_start = \"01-01\"", "plan_year_start = \"04-01\"");
            }
            if !new_year {
                text = text
                    .replace("id = \"new_year\"", "id = \"winter\"")
                    .replace("start = \"12-29\"", "start = \"12-01\"")
                    .replace("end = \"01-04\"", "end = \"12-03\"");
            }
            if !golden_week {
                let cut = text.rfind("[[holiday_period]]").unwrap();
                text.truncate(cut);
            }
            rules_from(&text)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_instant_of_a_plan_year_lies_in_exactly_one_slot(
        rules in arb_rules(), y in 2001i32..=2096, frac in 0.0f64..1.0, frac2 in 0.0f64..1.0
    ) {
        let py = year(&rules, y);
        let next = year(&rules, y + 1);
        assert_contiguous(&py);
        prop_assert_eq!(py.end(), next.start(), "year {} meets year {}", y, y + 1);
        let (a, b) = (py.start().unwrap(), py.end().unwrap());
        for f in [frac, frac2] {
            let t = a + Duration::seconds(((b - a).num_seconds() as f64 * f) as i64);
            let holding = py.slots.iter().filter(|s| s.contains(&t)).count();
            prop_assert_eq!(holding, 1, "instant {} lies in exactly one slot", t);
        }
        prop_assert!(py.slots.iter().all(|s| !s.contains(&b)), "the end belongs to the next year");
    }

    #[test]
    fn every_regular_handover_is_on_the_weekday_and_time(rules in arb_rules(), y in 2001i32..=2096) {
        let py = year(&rules, y);
        // A year's first start and last end may be the edges of a neighbouring year's holiday slot.
        let (prev, next) = (year(&rules, y - 1), year(&rules, y + 1));
        let holiday_edges: Vec<DateTime<Tz>> = prev.slots.iter().chain(&py.slots).chain(&next.slots)
            .filter(|s| s.kind != SlotKind::Regular)
            .flat_map(|s| [s.start, s.end])
            .collect();
        for s in &py.slots {
            for t in [s.start, s.end] {
                prop_assert_eq!(t.time(), rules.handover.time, "every boundary is at handover time ({})", s.id);
                if !holiday_edges.contains(&t) {
                    prop_assert_eq!(t.weekday(), rules.handover.weekday, "regular handover {} on the weekday", t);
                }
            }
        }
    }

    #[test]
    fn leftovers_shorter_than_the_threshold_exist_only_between_two_holiday_periods(
        rules in arb_rules(), y in 2001i32..=2096
    ) {
        let py = year(&rules, y);
        let min = rules.merge_shorter_than_days as i64;
        for (i, s) in py.slots.iter().enumerate() {
            if s.kind == SlotKind::Regular && s.days() < min {
                let before = i.checked_sub(1).map(|j| &py.slots[j]);
                let after = py.slots.get(i + 1);
                let holiday = |x: Option<&Slot>| x.is_some_and(|x| x.kind != SlotKind::Regular);
                let first_or_last = before.is_none() || after.is_none();
                prop_assert!(first_or_last || (holiday(before) && holiday(after)),
                    "short slot {} ({} days) should have merged", s.id, s.days());
            }
        }
    }
}
