//! `toban report YEAR` on a store built through the real commands: its figures agree with the
//! call log, in every format, and it runs inside `serve` too.

use crate::routing_cli::Desk;

#[test]
fn the_annual_report_counts_the_calls_made_through_the_commands() {
    let desk = Desk::new();
    let on = desk.run(&["oncall", "--format", "json"]).code(0).json();
    let duty = on["duty"][0]["id"].as_str().unwrap().to_string();
    let attending = if duty == "d01" { "d02" } else { "d01" };
    desk.add_patient("山田 花子", attending);
    desk.add_patient("佐藤 一郎", attending);
    // Call 1: the attending doctor accepts after 4 minutes.
    desk.set_clock("2027-03-02T22:00:00+09:00");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    desk.set_clock("2027-03-02T22:04:00+09:00");
    desk.run(&["call", "accept", "1", "--as", attending]).code(0);
    // Call 2: the attending doctor declines, the duty doctor accepts 9 minutes after the raise
    // and files the report back.
    desk.set_clock("2027-03-02T23:00:00+09:00");
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    desk.run(&["call", "decline", "2", "--as", attending]).code(0);
    desk.set_clock("2027-03-02T23:09:00+09:00");
    desk.run(&["call", "accept", "2", "--as", &duty]).code(0);
    desk.run(&[
        "call",
        "report",
        "2",
        "--as",
        &duty,
        "--outcome",
        "visit",
        "--text",
        "往診し経過観察",
    ])
    .code(0);
    let r = desk.run(&["report", "2027", "--format", "json"]).code(0).json();
    assert_eq!(r["year"], 2027);
    assert_eq!(r["patients"]["registered"], 2);
    assert_eq!(r["patients"]["new_in_year"], 2);
    let c = &r["calls"];
    assert_eq!(c["total"], 2);
    assert_eq!(c["accepted_by_attending"], 1);
    assert_eq!(c["accepted_by_duty_doctor"], 1);
    assert_eq!(c["duty_doctor_visits"], 1);
    assert_eq!(c["reports_filed"], 1);
    assert_eq!(
        (c["accepted_by_hospital"].as_u64(), c["ended_at_119_advice"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(c["minutes_to_accept"]["count"], 2);
    assert_eq!(c["minutes_to_accept"]["median"], 6.5);
    assert_eq!(c["minutes_to_accept"]["p90"], 9.0);
    // Per doctor: the published rota's duties and targets.
    let rota = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    for d in rota["doctors"].as_array().unwrap() {
        let line = r["doctors"].as_array().unwrap().iter().find(|x| x["id"] == d["id"]).unwrap();
        assert_eq!(line["target"], d["target"]);
        assert_eq!(line["load"], d["load"]);
    }
    let nyd = &r["holiday_history"][0];
    assert_eq!(nyd["year"], 2027);
    assert_eq!(nyd["periods"]["new_year"][0], rota["slots"][0]["doctors"][0]);
    // The table and the page say the same; no patient's name anywhere. The table is in its
    // reader's language (issue 18), the page for the board in Japanese whoever makes it.
    let table = desk.run(&["--lang", "ja", "report", "2027"]).code(0).stdout();
    assert!(
        table.contains("当番医が対応") && table.contains("受諾までの時間 中央値（分）  6.5"),
        "{table}"
    );
    let english = desk.run(&["report", "2027"]).code(0).stdout();
    for text in [
        "annual report 2027 (2027-01-01 to 2027-12-31)",
        "Accepted by the duty doctor",
        "Minutes to acceptance, median",
        "Holiday duties by year",
    ] {
        assert!(english.contains(text), "{text}: {english}");
    }
    assert!(!english.contains("事業報告") && !english.contains("当番医が対応"), "{english}");
    let page = desk.dir.path().join("report.html");
    desk.run(&["report", "2027", "--format", "html", "--out", page.to_str().unwrap()]).code(0);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("事業報告"));
    for text in [&table, &english, &html, &r.to_string()] {
        assert!(!text.contains("山田") && !text.contains("佐藤 一郎"), "patient names leak");
    }
    // Inside `serve` (it holds the store) the same report.
    let _serve = desk.serve();
    assert_eq!(desk.run(&["report", "2027", "--format", "json"]).code(0).json(), r);
    desk.run(&["report", "1999"]).code(2);
}
