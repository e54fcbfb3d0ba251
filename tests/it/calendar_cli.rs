//! `toban holidays` and `toban slots` against the official lists and the tiling contract.

use std::fs;

use serde_json::Value;

use crate::helpers::{repo, run, toban, toban_in};

/// The Cabinet Office's list (内閣府「国民の祝日について」, syukujitsu.csv) for the years we hold
/// toban to. "休日" is how the list names substitute and citizens' holidays; "休日（祝日扱い）" the
/// one-off days of 2019. For those, the date must match and toban may give a more telling name.
const CABINET_OFFICE: &[(&str, &str)] = &[
    // 2019: the enthronement year.
    ("2019-01-01", "元日"),
    ("2019-01-14", "成人の日"),
    ("2019-02-11", "建国記念の日"),
    ("2019-03-21", "春分の日"),
    ("2019-04-29", "昭和の日"),
    ("2019-04-30", "休日"),
    ("2019-05-01", "休日（祝日扱い）"),
    ("2019-05-02", "休日"),
    ("2019-05-03", "憲法記念日"),
    ("2019-05-04", "みどりの日"),
    ("2019-05-05", "こどもの日"),
    ("2019-05-06", "休日"),
    ("2019-07-15", "海の日"),
    ("2019-08-11", "山の日"),
    ("2019-08-12", "休日"),
    ("2019-09-16", "敬老の日"),
    ("2019-09-23", "秋分の日"),
    ("2019-10-14", "体育の日"),
    ("2019-10-22", "休日（祝日扱い）"),
    ("2019-11-03", "文化の日"),
    ("2019-11-04", "休日"),
    ("2019-11-23", "勤労感謝の日"),
    // 2020: the Olympic moves of 海の日, スポーツの日 and 山の日.
    ("2020-01-01", "元日"),
    ("2020-01-13", "成人の日"),
    ("2020-02-11", "建国記念の日"),
    ("2020-02-23", "天皇誕生日"),
    ("2020-02-24", "休日"),
    ("2020-03-20", "春分の日"),
    ("2020-04-29", "昭和の日"),
    ("2020-05-03", "憲法記念日"),
    ("2020-05-04", "みどりの日"),
    ("2020-05-05", "こどもの日"),
    ("2020-05-06", "休日"),
    ("2020-07-23", "海の日"),
    ("2020-07-24", "スポーツの日"),
    ("2020-08-10", "山の日"),
    ("2020-09-21", "敬老の日"),
    ("2020-09-22", "秋分の日"),
    ("2020-11-03", "文化の日"),
    ("2020-11-23", "勤労感謝の日"),
    // 2021: the moves again, after the postponement.
    ("2021-01-01", "元日"),
    ("2021-01-11", "成人の日"),
    ("2021-02-11", "建国記念の日"),
    ("2021-02-23", "天皇誕生日"),
    ("2021-03-20", "春分の日"),
    ("2021-04-29", "昭和の日"),
    ("2021-05-03", "憲法記念日"),
    ("2021-05-04", "みどりの日"),
    ("2021-05-05", "こどもの日"),
    ("2021-07-22", "海の日"),
    ("2021-07-23", "スポーツの日"),
    ("2021-08-08", "山の日"),
    ("2021-08-09", "休日"),
    ("2021-09-20", "敬老の日"),
    ("2021-09-23", "秋分の日"),
    ("2021-11-03", "文化の日"),
    ("2021-11-23", "勤労感謝の日"),
    // 2026: 5/6 substitute for Sunday 5/3, and 9/22 a citizens' holiday.
    ("2026-01-01", "元日"),
    ("2026-01-12", "成人の日"),
    ("2026-02-11", "建国記念の日"),
    ("2026-02-23", "天皇誕生日"),
    ("2026-03-20", "春分の日"),
    ("2026-04-29", "昭和の日"),
    ("2026-05-03", "憲法記念日"),
    ("2026-05-04", "みどりの日"),
    ("2026-05-05", "こどもの日"),
    ("2026-05-06", "休日"),
    ("2026-07-20", "海の日"),
    ("2026-08-11", "山の日"),
    ("2026-09-21", "敬老の日"),
    ("2026-09-22", "休日"),
    ("2026-09-23", "秋分の日"),
    ("2026-10-12", "スポーツの日"),
    ("2026-11-03", "文化の日"),
    ("2026-11-23", "勤労感謝の日"),
    // 2027: as announced in February 2026 (春分 3/21 is a Sunday, so 3/22 is a substitute).
    ("2027-01-01", "元日"),
    ("2027-01-11", "成人の日"),
    ("2027-02-11", "建国記念の日"),
    ("2027-02-23", "天皇誕生日"),
    ("2027-03-21", "春分の日"),
    ("2027-03-22", "休日"),
    ("2027-04-29", "昭和の日"),
    ("2027-05-03", "憲法記念日"),
    ("2027-05-04", "みどりの日"),
    ("2027-05-05", "こどもの日"),
    ("2027-07-19", "海の日"),
    ("2027-08-11", "山の日"),
    ("2027-09-20", "敬老の日"),
    ("2027-09-23", "秋分の日"),
    ("2027-10-11", "スポーツの日"),
    ("2027-11-03", "文化の日"),
    ("2027-11-23", "勤労感謝の日"),
];

fn holidays_json(year: i32) -> Vec<Value> {
    let r = run(toban(), &["holidays", &year.to_string(), "--format", "json"]).code(0);
    r.json().as_array().expect("a JSON array").clone()
}

#[test]
fn holidays_equal_the_cabinet_office_list() {
    for year in [2019, 2020, 2021, 2026, 2027] {
        let expected: Vec<(&str, &str)> = CABINET_OFFICE
            .iter()
            .copied()
            .filter(|(d, _)| d.starts_with(&year.to_string()))
            .collect();
        let got = holidays_json(year);
        let got_dates: Vec<&str> = got.iter().map(|h| h["date"].as_str().unwrap()).collect();
        let want_dates: Vec<&str> = expected.iter().map(|(d, _)| *d).collect();
        assert_eq!(got_dates, want_dates, "holiday dates of {year}");
        for ((date, name), h) in expected.iter().zip(&got) {
            assert_eq!(h["source"], "law", "{date} comes from the law");
            let got_name = h["name"].as_str().unwrap();
            if name.starts_with("休日") {
                assert!(!got_name.is_empty(), "{date} has a name");
            } else {
                assert_eq!(got_name, *name, "name of {date}");
            }
        }
    }
}

#[test]
fn holidays_table_shows_names_and_sources() {
    run(toban(), &["holidays", "2026"])
        .code(0)
        .stdout_has("Tue 22 Sep 2026")
        .stdout_has("国民の休日")
        .stdout_has("振替休日（憲法記念日）")
        .stdout_has("18 public holidays in 2026");
}

#[test]
fn a_calendar_file_adds_and_removes_holidays() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("assoc.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
         BEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;VALUE=DATE:20270813\r\nDTEND;VALUE=DATE:20270817\r\nSUMMARY:お盆休診\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b@x\r\nDTSTART;VALUE=DATE:20271103\r\nSUMMARY:文化の日\r\nX-TOBAN-ACTION:REMOVE\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .unwrap();
    let cal = dir.path().to_str().unwrap();
    let r = run(toban(), &["--calendars", cal, "holidays", "2027", "--format", "json"]).code(0);
    let list = r.json();
    let list = list.as_array().unwrap();
    let find = |d: &str| list.iter().find(|h| h["date"] == d).cloned();
    assert_eq!(find("2027-08-13").unwrap()["source"], "assoc.ics");
    assert_eq!(find("2027-08-16").unwrap()["name"], "お盆休診");
    assert!(find("2027-08-17").is_none(), "DTEND is exclusive");
    assert!(find("2027-11-03").is_none(), "removed by the calendar file");
    // The slots see the calendar too: the week of 8/10 now holds 8/11 plus four Obon days.
    let slots =
        run(toban(), &["--calendars", cal, "slots", "2027", "--format", "json"]).code(0).json();
    let week = slots["slots"].as_array().unwrap().iter().find(|s| s["id"] == "2027-08-10").unwrap();
    assert_eq!(week["holidays"].as_array().unwrap().len(), 5);
    assert_eq!(week["weight"], 7.0);
}

#[test]
fn a_broken_calendar_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.ics"),
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20270813T090000\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    let cal = dir.path().to_str().unwrap();
    let r =
        run(toban(), &["--calendars", cal, "holidays", "2027"]).code(3).stderr_has("bad.ics:3:");
    r.stderr_has("VALUE=DATE");
}

#[test]
fn a_missing_calendars_directory_that_was_asked_for_is_a_usage_error() {
    run(toban(), &["--calendars", "/nonexistent-calendars", "holidays", "2027"])
        .code(2)
        .stderr_has("--calendars");
}

fn assert_tiles(slots: &[Value], first_start: &str, last_end: &str, what: &str) {
    assert_eq!(slots.first().unwrap()["start"], first_start, "{what}: first start");
    assert_eq!(slots.last().unwrap()["end"], last_end, "{what}: last end");
    for w in slots.windows(2) {
        assert_eq!(w[0]["end"], w[1]["start"], "{what}: gap or overlap after slot {}", w[0]["id"]);
    }
}

#[test]
fn slots_of_2027_tile_from_new_year_2026_to_the_2028_start() {
    let y2027 = run(toban(), &["slots", "2027", "--format", "json"]).code(0).json();
    let y2028 = run(toban(), &["slots", "2028", "--format", "json"]).code(0).json();
    assert_eq!(y2027["year"], 2027);
    let s27 = y2027["slots"].as_array().unwrap();
    let s28 = y2028["slots"].as_array().unwrap();
    let start_2028 = s28[0]["start"].as_str().unwrap();
    assert_eq!(start_2028, "2027-12-29T09:00:00+09:00", "2028 starts with its New Year slot");
    assert_tiles(s27, "2026-12-29T09:00:00+09:00", start_2028, "plan year 2027");
    let ny = &s27[0];
    assert_eq!(ny["kind"], "new_year");
    assert_eq!(ny["end"], "2027-01-05T09:00:00+09:00");
    assert_eq!(ny["holidays"], serde_json::json!(["2027-01-01"]));
    for s in s27 {
        for key in ["id", "start", "end", "kind", "holidays", "weight"] {
            assert!(s.get(key).is_some(), "slot {} lacks {key}", s["id"]);
        }
    }
    let gw = s27.iter().find(|s| s["kind"] == "golden_week").expect("a golden week slot");
    assert_eq!(gw["start"], "2027-04-29T09:00:00+09:00");
    assert_eq!(gw["end"], "2027-05-06T09:00:00+09:00");
}

#[test]
fn golden_week_2026_runs_to_the_substitute_holiday() {
    let y = run(toban(), &["slots", "2026", "--format", "json"]).code(0).json();
    let gw = y["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "golden_week")
        .cloned()
        .unwrap();
    assert_eq!(gw["start"], "2026-04-29T09:00:00+09:00");
    assert_eq!(gw["end"], "2026-05-07T09:00:00+09:00", "5/6 is a substitute holiday in 2026");
}

#[test]
fn a_fiscal_year_association_tiles_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let assoc = fs::read_to_string(repo().join("rules/association.toml")).unwrap();
    let fiscal = assoc.replace("plan_year_start = \"01-01\"", "plan_year_start = \"04-01\"");
    assert_ne!(assoc, fiscal, "the shipped rules name plan_year_start");
    fs::write(dir.path().join("association.toml"), fiscal).unwrap();
    fs::copy(repo().join("rules/members.toml"), dir.path().join("members.toml")).unwrap();
    let rules = dir.path().to_str().unwrap();
    let y27 = run(toban_in(&repo()), &["--rules", rules, "slots", "2027", "--format", "json"])
        .code(0)
        .json();
    let y28 = run(toban_in(&repo()), &["--rules", rules, "slots", "2028", "--format", "json"])
        .code(0)
        .json();
    let s27 = y27["slots"].as_array().unwrap();
    let s28 = y28["slots"].as_array().unwrap();
    // 2027-04-01 is a Thursday: the slot from Tuesday 3/30 ends in April, so it opens FY2027.
    assert_eq!(s27[0]["start"], "2027-03-30T09:00:00+09:00");
    assert_tiles(s27, "2027-03-30T09:00:00+09:00", s28[0]["start"].as_str().unwrap(), "FY2027");
    assert!(
        s27.iter().any(|s| s["kind"] == "golden_week")
            && s27.iter().any(|s| s["kind"] == "new_year")
    );
}

#[test]
fn years_outside_the_law_we_implement_are_usage_errors() {
    run(toban(), &["holidays", "1999"]).code(2).stderr_has("2000..=2099");
    run(toban(), &["slots", "2098"]).code(2);
    run(toban(), &["slots", "next"]).code(2);
}

#[test]
fn the_check_command_shows_the_slot_table() {
    run(toban(), &["check", "--year", "2027"])
        .code(0)
        .stdout_has("rules OK")
        .stdout_has("plan year 2027")
        .stdout_has("new_year 年末年始")
        .stdout_has("Tue 29 Dec 2026 09:00");
}
