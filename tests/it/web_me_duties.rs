//! What a doctor's own page (`/me`) says of their duties (issue 18, review finding 11), over
//! real HTTP from `toban serve`: the days a colleague covers for them and the days they cover
//! for a colleague, a duty their own absence falls on, a new calendar link announced at the
//! top, a cover asked of several colleagues as one request, and the colleagues' duties with
//! the year when a day is in another.

use serde_json::Value;

use crate::feeds_http::address;
use crate::names_en::names;
use crate::routing_cli::Desk;
use crate::web_console::{get, request};
use crate::web_me::doctor_session;

/// The published 2027 slots: (id, first day, doctors).
fn slots(desk: &Desk) -> Vec<(String, String, Vec<String>)> {
    let v: Value = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let doctors = s["doctors"].as_array().unwrap();
            (
                s["id"].as_str().unwrap().to_string(),
                s["start"].as_str().unwrap()[..10].to_string(),
                doctors.iter().map(|d| d.as_str().unwrap().to_string()).collect(),
            )
        })
        .collect()
}

fn day_after(day: &str, n: i64) -> String {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    (d + chrono::Duration::days(n)).to_string()
}

/// 「3月10日(水)」 of a YYYY-MM-DD day.
fn ja_day(day: &str) -> String {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let w = ["月", "火", "水", "木", "金", "土", "日"]
        [chrono::Datelike::weekday(&d).num_days_from_monday() as usize];
    format!("{}月{}日({w})", chrono::Datelike::month(&d), chrono::Datelike::day(&d))
}

/// The text of the `<details class="duty">` block of a doctor's page that holds `needle`.
fn duty_block<'a>(page: &'a str, needle: &str) -> &'a str {
    page.split("<details class=\"duty\"")
        .skip(1)
        .map(|b| b.split("</details>").next().unwrap())
        .find(|b| b.contains(needle))
        .unwrap_or_else(|| panic!("no duty with {needle:?}:\n{page}"))
}

// See: issue 18 review finding 11. /me showed a duty as whole when a colleague covered part of
// it, did not list the days a doctor covers for a colleague, and said nothing of a duty their
// own absence falls on.
#[test]
fn a_doctors_page_shows_covered_days_the_days_they_cover_and_an_absence_on_a_duty() {
    let desk = Desk::new();
    let all = slots(&desk);
    // d01's first two duties after the clock (2027-03-02), and a colleague free around the
    // first.
    let mine: Vec<&(String, String, Vec<String>)> =
        all.iter().filter(|s| s.1.as_str() > "2027-03-02" && s.2 == ["d01"]).take(2).collect();
    let (first, second) = (mine[0], mine[1]);
    let at = all.iter().position(|s| s.0 == first.0).unwrap();
    let near: Vec<&String> = all[at - 1..=at + 1].iter().flat_map(|s| &s.2).collect();
    let by = (2..=10).map(|i| format!("d{i:02}")).find(|d| !near.contains(&d)).unwrap();
    let (from, to) = (day_after(&first.1, 1), day_after(&first.1, 2));
    desk.run(&["cover", &first.0, "d01", &by, "--from", &from, "--to", &to]).code(0);
    // d01 away for two days of the second duty, nobody asked yet.
    let (away, back) = (day_after(&second.1, 3), day_after(&second.1, 4));
    desk.run(&["absence", "add", "d01", &away, &back]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    let (by_ja, _) = names(&by);

    let me = doctor_session(&desk, &base, "d01");
    let page = get(&base, "/me", &me).body;
    let block = duty_block(&page, &ja_day(&first.1));
    let covered = format!("{}〜{}は{by_ja}先生が代行します", ja_day(&from), ja_day(&to));
    assert!(block.contains(&covered), "{covered}:\n{block}");
    let block = duty_block(&page, &ja_day(&second.1));
    let clash = format!("この当番の間に不在（{}〜{}）が入っています", ja_day(&away), ja_day(&back));
    assert!(block.contains(&clash), "{clash}:\n{block}");
    assert!(block.contains("交換か代行"), "says what to do:\n{block}");
    // The year's table marks the covered duty too.
    assert!(
        page.contains(&format!("{by_ja}（代行 {}〜{}）", ja_day(&from), ja_day(&to))),
        "{page}"
    );

    // The colleague's page lists the days they cover, as a duty of theirs.
    let theirs = doctor_session(&desk, &base, &by);
    let page = get(&base, "/me", &theirs).body;
    let cover = format!("{}〜{} 青木 一郎先生の当番の代行", ja_day(&from), ja_day(&to));
    assert!(page.contains(&cover), "{cover}:\n{page}");
}

// See: issue 18 review finding 11. A new calendar link was shown far down the page with no
// word at the top; a cover asked of three colleagues showed three rows; the colleagues' duties
// into the next year had no year.
#[test]
fn a_new_link_is_announced_a_cover_asked_of_three_is_one_row_and_next_year_days_have_the_year() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let me = doctor_session(&desk, &base, "d01");
    let page = get(&base, "/me", &me);
    let csrf = page.csrf();

    let r = request(&base, "POST", "/me/feed", &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 200, "{}", r.body);
    let first_heading = r.body.find("<h2").unwrap();
    let notice = r.body.find("新しいカレンダーのリンクを作りました").expect(&r.body);
    assert!(notice < first_heading, "at the top:\n{}", r.body);
    assert!(r.body.contains("href=\"#calendar\""), "leads to the link:\n{}", r.body);

    // The year-end duty runs into 2028: its last day says so.
    let theirs: Vec<&str> = page.body.split("<option value=\"").skip(1).collect();
    let new_year = theirs.iter().find(|o| o.contains("12月29日")).expect(&page.body);
    assert!(new_year.contains("2028年1月"), "{new_year}");
    // The year's table ends with that duty too (English review 15: it stopped at 12月28日).
    let table = page.body.split("<table class=\"rota\">").nth(1).expect(&page.body);
    assert!(table.contains("12月29日(水)〜2028年1月4日(火)"), "{table}");

    let slot = crate::web_me::first_slot(&page.body);
    let form = [("csrf", csrf.as_str()), ("slot", slot.as_str()), ("with", "")];
    let r = request(&base, "POST", "/me/request", &me, &form);
    assert_eq!(r.status, 200, "{}", r.body);
    let list = desk.run(&["request", "list", "--format", "json"]).code(0).json();
    assert_eq!(list.as_array().unwrap().len(), 3, "asked of three: {list}");
    let rows = r.body.matches("<li class=\"request\">").count();
    assert_eq!(rows, 1, "one request, one row:\n{}", r.body);
    let row = r.body.split("<li class=\"request\">").nth(1).unwrap();
    assert_eq!(row.matches("先生").count(), 3, "names the three it asks: {row}");
}

/// Whether `text` has kana or kanji.
fn japanese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// The texts of the page's notices (`<p class="info|error" role=…>`).
fn notices(body: &str) -> Vec<String> {
    body.split("<p class=\"")
        .skip(1)
        .filter(|p| p.starts_with("info\" role") || p.starts_with("error\" role"))
        .map(|p| p.split('>').nth(1).unwrap_or("").split("</p").next().unwrap().to_string())
        .collect()
}

// See: issue 18 review (English pages): a doctor reading their page in English had the
// answers of the request flow (asked, refused, withdrawn) in Japanese.
#[test]
fn a_doctor_reading_in_english_has_the_request_flows_answers_in_english() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let me = format!("{}; toban_lang=en", doctor_session(&desk, &base, "d01"));
    let page = get(&base, "/me", &me);
    let csrf = page.csrf();
    let slot = crate::web_me::first_slot(&page.body);
    let form = [("csrf", csrf.as_str()), ("slot", slot.as_str()), ("with", "")];
    let r = request(&base, "POST", "/me/request", &me, &form);
    assert_eq!(r.status, 200, "{}", r.body);
    let said = notices(&r.body);
    assert!(!said.is_empty(), "{}", r.body);
    assert!(said.iter().all(|n| !japanese(n)), "{said:?}");
    assert!(said.iter().any(|n| n.contains("Withdraw")), "{said:?}");
    // Asked again while it is open: refused, in English.
    let r = request(&base, "POST", "/me/request", &me, &form);
    let said = notices(&r.body);
    assert!(!said.is_empty() && said.iter().all(|n| !japanese(n)), "{said:?}");
    // Withdrawn: in English.
    let at = r.body.find("action=\"/me/requests/").unwrap() + 8;
    let path = r.body[at..].split('"').next().unwrap().to_string();
    let r = request(&base, "POST", &path, &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 200, "{}", r.body);
    let said = notices(&r.body);
    assert!(!said.is_empty() && said.iter().all(|n| !japanese(n)), "{said:?}");
    // The association's language is unchanged for the colleagues asked: their offers are in
    // Japanese (the outbox renders them at delivery, by the rules).
    desk.cycle();
    let printed = desk.printed();
    assert!(printed.contains("青木 一郎先生から") || printed.contains("代行"), "{printed}");
}
