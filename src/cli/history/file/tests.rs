use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::plan::testing::sosa;
use crate::store::DutyRecord;

/// The tests' today: Tuesday 2027-03-02.
fn today() -> NaiveDate {
    day(2027, 3, 2)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a test date is valid")
}

/// Reads `body` (below the header) against the shipped rules, nothing published or stored.
fn read_sosa(body: &str) -> Result<Vec<DutyRecord>, FileError> {
    read_with(&sosa(), &BTreeSet::new(), &[], body)
}

fn read_with(
    rules: &Rules,
    published: &BTreeSet<i32>,
    stored: &[DutyRecord],
    body: &str,
) -> Result<Vec<DutyRecord>, FileError> {
    let known = Known { today: today(), published, stored };
    read(rules, &[], "h.csv", format!("{HEADER}\n{body}").as_bytes(), &known)
}

/// The problems of a refused file, `(line, text)`.
fn problems(result: Result<Vec<DutyRecord>, FileError>) -> Vec<(usize, String)> {
    match result {
        Err(FileError::Lines { problems, .. }) => problems
            .into_iter()
            .map(|(line, what)| (line, crate::msg::Message::en(&what)))
            .collect(),
        other => panic!("expected bad lines, got {other:?}"),
    }
}

/// The one problem of line `line`.
#[track_caller]
fn only_problem(result: Result<Vec<DutyRecord>, FileError>, line: usize) -> String {
    let p = problems(result);
    assert_eq!(p.len(), 1, "one problem expected: {p:?}");
    assert_eq!(p[0].0, line, "{p:?}");
    p[0].1.clone()
}

#[test]
fn a_good_file_gives_one_record_per_line_for_the_slot_around_each_date() {
    let records = read_sosa(
        "2025-12-30,d04,new_year\n2026-01-08,d05,regular\n2026-04-29,d06,golden_week,note ignored\n",
    )
    .expect("good file");
    let got: Vec<(NaiveDate, NaiveDate, &str, &str, u32, i32, u32)> = records
        .iter()
        .map(|r| {
            (
                r.slot_start,
                r.slot_end,
                r.doctor.as_str(),
                r.kind.as_str(),
                r.weight,
                r.year,
                r.holidays,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (day(2025, 12, 29), day(2026, 1, 5), "d04", "new_year", 4, 2026, 1),
            (day(2026, 1, 5), day(2026, 1, 13), "d05", "regular", 3, 2026, 1),
            (day(2026, 4, 29), day(2026, 5, 7), "d06", "golden_week", 4, 2026, 5),
        ]
    );
    assert!(records.iter().all(|r| r.source == DutySource::Import && r.batch.is_none()));
}

#[test]
fn dates_are_read_in_both_forms_and_anything_else_says_what_to_write() {
    for (text, want) in [
        ("2024-04-01", Some(day(2024, 4, 1))),
        ("2024/4/1", Some(day(2024, 4, 1))),
        ("2024/04/01", Some(day(2024, 4, 1))),
        ("2024-4-1", Some(day(2024, 4, 1))),
        ("2024/4/31", None),
        ("2024/4-1", None),
        ("24/4/1", None),
        ("2024/4/1 0:00", None),
        ("令和6年4月1日", None),
        ("", None),
        ("2024/+4/1", None),
    ] {
        match (parse_day(text), want) {
            (Ok(got), Some(want)) => assert_eq!(got, want, "{text:?}"),
            (Err(why), None) => {
                assert!(
                    why.contains("YYYY-MM-DD or YYYY/M/D"),
                    "{text:?} should say what to write: {why}"
                )
            }
            (got, want) => panic!("{text:?}: got {got:?}, wanted {want:?}"),
        }
    }
}

#[test]
fn a_doctor_is_found_by_id_or_exact_name_and_a_near_miss_gets_a_suggestion() {
    let records =
        read_sosa("2026-01-13,青木 一郎,regular\n2026-01-20,d02,regular\n").expect("good");
    assert_eq!(records[0].doctor, "d01");
    for near in ["青木一郎", "青木　一郎", "D01"] {
        let why = only_problem(read_sosa(&format!("2026-01-13,{near},regular\n")), 2);
        assert!(why.contains("did you mean 青木 一郎 (d01)?"), "{near}: {why}");
    }
    let why = only_problem(read_sosa("2026-01-13,d99,regular\n"), 2);
    assert!(
        why.contains("'d99' is not a doctor in the rules") && why.contains("d01 or 青木 一郎"),
        "{why}"
    );
    assert!(!why.contains("did you mean"), "{why}");
}

#[test]
fn two_doctors_of_one_name_must_be_written_by_id() {
    let mut rules = sosa();
    rules.doctors[1].name = rules.doctors[0].name.clone();
    let why =
        only_problem(read_with(&rules, &BTreeSet::new(), &[], "2026-01-13,青木 一郎,regular\n"), 2);
    assert!(why.contains("2 doctors are named '青木 一郎' (d01, d02): write the id"), "{why}");
}

#[test]
fn every_bad_line_is_reported_by_line_in_one_error() {
    let err = read_sosa(
        "2026-01-13,d01,regular\n2026-13-01,d99,regular\n\n2026-01-20,d02\n2026-01-27,d03,new_year\n2026-01-13,d01,regular\n",
    )
    .expect_err("bad lines");
    let text = err.to_string();
    let FileError::Lines { problems, lines, .. } = err else { panic!("{text}") };
    let at: Vec<usize> = problems.iter().map(|p| p.0).collect();
    assert_eq!(at, vec![3, 3, 5, 6, 7], "both problems of line 3, blank line 4 skipped: {text}");
    assert_eq!(lines, 5);
    assert!(text.starts_with("h.csv: 4 bad lines of 5; nothing was imported:\n"), "{text}");
    assert!(
        text.contains(
            "\nh.csv:7: d01 is listed twice for the slot 2026-01-13 to 2026-01-20 (also on line 2)"
        ),
        "{text}"
    );
    assert!(text.ends_with("nothing is written until every line is good"), "{text}");
}

#[test]
fn line_numbers_count_lines_of_the_file_not_records() {
    let why =
        only_problem(read_sosa("2026-01-13,\"d01\",regular\n\n\n2026-01-20,\"x\ny\",regular\n"), 5);
    assert!(why.contains("'x\ny' is not a doctor"), "{why}");
}

#[test]
fn windows_line_ends_read_the_same_and_keep_the_line_numbers() {
    let rules = sosa();
    let known = Known { today: today(), published: &BTreeSet::new(), stored: &[] };
    let text = "slot_start,doctor,kind\r\n2026-01-13,d01,regular\r\n\r\n2026-01-20,d99,regular\r\n";
    let why = only_problem(read(&rules, &[], "h.csv", text.as_bytes(), &known), 4);
    assert!(why.starts_with("'d99' is not a doctor"), "{why}");
    let good = "slot_start,doctor,kind\r\n2026-01-13,d01,regular\r\n";
    assert_eq!(
        read(&rules, &[], "h.csv", good.as_bytes(), &known).expect("CRLF")[0].kind,
        "regular"
    );
}

#[test]
fn a_future_date_a_published_year_and_a_year_beyond_the_calendar_are_refused() {
    let why = only_problem(read_sosa("2027-03-09,d01,regular\n"), 2);
    assert!(why.starts_with("2027-03-09 is in the future (today is 2027-03-02)"), "{why}");
    read_sosa("2027-03-02,d01,regular\n").expect("the slot that began today has begun");
    let published = BTreeSet::from([2026]);
    let why = only_problem(read_with(&sosa(), &published, &[], "2026-06-02,d01,regular\n"), 2);
    assert!(why.starts_with("the 2026 rota is published"), "{why}");
    let why = only_problem(read_sosa("1999-06-01,d01,regular\n"), 2);
    assert!(why.contains("outside the years toban can plan"), "{why}");
}

#[test]
fn a_doctor_must_be_a_member_for_the_whole_slot() {
    let mut rules = sosa();
    rules.doctors[1].left = Some(day(2020, 3, 31));
    let none = BTreeSet::new();
    // d10 joined on 2024-04-01, a Monday: the slot 2024-03-26 to 2024-04-02 began before.
    let why = only_problem(read_with(&rules, &none, &[], "2024-03-28,d10,regular\n"), 2);
    assert!(why.starts_with("d10 中村 亮 joined on 2024-04-01 (the rules), after the slot 2024-03-26 to 2024-04-02 began"), "{why}");
    read_with(&rules, &none, &[], "2024-04-02,d10,regular\n").expect("the next slot is fine");
    // d02 left on Tuesday 2020-03-31: the slot from that morning ends after.
    let why = only_problem(read_with(&rules, &none, &[], "2020-03-31,d02,regular\n"), 2);
    assert!(why.starts_with("d02 石川 花子 left on 2020-03-31 (the rules), before the slot 2020-03-31 to 2020-04-07 ended"), "{why}");
    read_with(&rules, &none, &[], "2020-03-24,d02,regular\n").expect("the slot before is fine");
}

#[test]
fn a_slot_takes_no_more_doctors_than_the_rules_counting_those_already_stored() {
    let mut rules = sosa();
    rules.doctors_per_slot = 2;
    let none = BTreeSet::new();
    let body = "2026-06-02,d01,regular\n2026-06-03,d02,regular\n2026-06-04,d03,regular\n";
    let why = only_problem(read_with(&rules, &none, &[], body), 4);
    assert_eq!(
        why,
        "d03: the slot starting 2026-06-02 takes 2 doctors (the rules' doctors per duty) and has d01 (line 2), d02 (line 3) above: check the date and the doctor on this line"
    );
    let stored = read_with(&rules, &none, &[], "2026-06-02,d01,regular\n2026-06-02,d02,regular\n")
        .expect("two fit");
    // The same rows again replace themselves; a third doctor does not fit.
    read_with(&rules, &none, &stored, "2026-06-02,d02,regular\n2026-06-02,d01,regular\n")
        .expect("re-import");
    let why = only_problem(read_with(&rules, &none, &stored, "2026-06-05,d03,regular\n"), 2);
    assert!(why.contains("has d01, d02 already in the history"), "{why}");
    assert!(why.contains("`toban history remove --date 2026-06-02`"), "{why}");
    // One stored, one in the file, one more: only the last line is refused.
    let why = only_problem(
        read_with(&rules, &none, &stored[..1], "2026-06-02,d02,regular\n2026-06-02,d03,regular\n"),
        3,
    );
    assert!(why.contains("has d01 already in the history and d02 (line 2) above"), "{why}");
}

#[test]
fn the_header_is_required_and_an_empty_file_is_said_to_be_empty() {
    let known = Known { today: today(), published: &BTreeSet::new(), stored: &[] };
    let rules = sosa();
    let err =
        read(&rules, &[], "h.csv", b"date,who\n2026-01-13,d01\n", &known).expect_err("header");
    assert_eq!(
        err.to_string(),
        "h.csv:1: the first line must be the header `slot_start,doctor,kind`, in any order (found `date,who`): add or correct that line"
    );
    let err = read(&rules, &[], "h.csv", b"", &known).expect_err("empty");
    assert!(err.to_string().contains("the file is empty"), "{err}");
    let err =
        read(&rules, &[], "h.csv", b"slot_start,doctor,kind\n\n,,\n", &known).expect_err("none");
    assert!(matches!(err, FileError::Empty { .. }), "{err}");
    let with_note = read(
        &rules,
        &[],
        "h.csv",
        b" slot_start , doctor,kind,note\n2026-01-13,d01,regular,x\n",
        &known,
    );
    assert_eq!(with_note.expect("extra columns are ignored").len(), 1);
    let err = read(&rules, &[], "h.csv", b"slot_start,doctor,kinds\n", &known).expect_err("kinds");
    assert!(matches!(err, FileError::Header { .. }), "{err}");
}

#[test]
fn a_utf8_bom_is_skipped_shift_jis_is_read_and_utf16_is_named_with_how_to_save() {
    // Issue 18: Excel on Japanese Windows saves "CSV (コンマ区切り)" as Shift-JIS; it is read
    // as it is (it was refused, with how to re-save it as UTF-8, before).
    let known = Known { today: today(), published: &BTreeSet::new(), stored: &[] };
    let rules = sosa();
    let bom = "\u{feff}slot_start,doctor,kind\n2026-01-13,青木 一郎,regular\n";
    assert_eq!(read(&rules, &[], "h.csv", bom.as_bytes(), &known).expect("BOM").len(), 1);
    // "青木 一郎" in Shift-JIS on line 3.
    let mut sjis = b"slot_start,doctor,kind\r\n2026-01-13,d02,regular\r\n2026-01-20,".to_vec();
    sjis.extend_from_slice(&[0x90, 0xc2, 0x96, 0xd8, 0x20, 0x88, 0xea, 0x98, 0x59]);
    sjis.extend_from_slice(b",regular\r\n");
    let read_sjis = read(&rules, &[], "h.csv", &sjis, &known).expect("Shift-JIS is read");
    assert_eq!(read_sjis.iter().map(|r| r.doctor.as_str()).collect::<Vec<_>>(), ["d02", "d01"]);
    // A bad line of a Shift-JIS file is named by its line, its name decoded.
    let mut bad = b"slot_start,doctor,kind\r\n2026-01-13,d02,regular\r\n2026-01-20,".to_vec();
    bad.extend_from_slice(&[0x90, 0xc2, 0x96, 0xd8, 0x88, 0xea, 0x98, 0x59]);
    bad.extend_from_slice(b",regular\r\n");
    let err = read(&rules, &[], "h.csv", &bad, &known).expect_err("no such doctor");
    assert!(err.to_string().contains("h.csv:3: '青木一郎' is not a doctor"), "{err}");
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("slot_start".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let err = read(&rules, &[], "h.csv", &utf16, &known).expect_err("UTF-16");
    assert!(err.to_string().contains("UTF-16"), "{err}");
    let latin1 = b"slot_start,doctor,kind\n2026-01-13,Ren\xe9,regular\n";
    let err = read(&rules, &[], "h.csv", latin1, &known).expect_err("Latin-1");
    assert!(err.to_string().contains("not UTF-8 text (nor Shift-JIS)"), "{err}");
}

#[test]
fn a_workbook_is_read_by_its_rows_with_date_cells_and_excels_row_numbers() {
    let known = Known { today: today(), published: &BTreeSet::new(), stored: &[] };
    let rules = sosa();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("当番").unwrap();
    for (c, h) in ["slot_start", "doctor", "kind"].into_iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 13).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet.write_datetime_with_format(1, 0, &date, &format).unwrap();
    sheet.write_string(1, 1, "青木 一郎").unwrap();
    sheet.write_string(1, 2, "regular").unwrap();
    // Row 4 (after an empty row 3): a doctor who is not in the rules.
    sheet.write_string(3, 0, "2026/1/20").unwrap();
    sheet.write_string(3, 1, "d99").unwrap();
    sheet.write_string(3, 2, "regular").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let err = read(&rules, &[], "h.xlsx", &bytes, &known).expect_err("d99");
    let FileError::Lines { problems, lines, .. } = &err else { panic!("{err}") };
    assert_eq!((problems.len(), problems[0].0, *lines), (1, 4, 2), "{err}");
    let missing = read_sheet(&rules, &[], "h.xlsx", &bytes, Some("2026"), &known).unwrap_err();
    assert!(missing.to_string().contains("no sheet '2026'; its sheets are '当番'"), "{missing}");
    let mut good = rust_xlsxwriter::Workbook::new();
    let s = good.add_worksheet();
    for (c, h) in ["slot_start", "doctor", "kind"].into_iter().enumerate() {
        s.write_string(0, c as u16, h).unwrap();
    }
    s.write_datetime_with_format(1, 0, &date, &format).unwrap();
    s.write_string(1, 1, "d01").unwrap();
    s.write_string(1, 2, "regular").unwrap();
    let records = read(&rules, &[], "h.xlsx", &good.save_to_buffer().unwrap(), &known).unwrap();
    assert_eq!(records[0].slot_start.to_string(), "2026-01-13");
}

#[test]
fn shift_jis_is_told_from_other_bytes() {
    for (bytes, sjis) in [
        (&b"abc"[..], false),
        (&[0x90, 0xc2][..], true),
        (&[0xb1, 0xb2][..], true),
        (&[0x90][..], false),
        (&[0x90, 0x20][..], false),
        (&[0x80][..], false),
        (&[0xfd, 0x40][..], false),
    ] {
        assert_eq!(looks_like_shift_jis(bytes), sjis, "{bytes:02x?}");
    }
}

mod hostile_input {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Any bytes as a history file: records or an error, never a panic.
        #[test]
        fn any_history_bytes_are_read_or_refused(bytes in prop_oneof![
            any::<Vec<u8>>(),
            any::<String>().prop_map(String::into_bytes),
            "slot_start,doctor,kind\n(([0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2})?,(d[0-9]{2}|青木 一郎)?(,(regular|new_year|golden_week|x))?\n){0,6}"
                .prop_map(String::into_bytes),
        ]) {
            let rules = crate::plan::testing::sosa();
            let published = std::collections::BTreeSet::from([2027]);
            let known = super::Known { today: super::today(), published: &published, stored: &[] };
            let _ = super::read(&rules, &[], "h.csv", &bytes, &known);
        }
    }
}

/// A clerk's own sheet: Japanese headers in any order, the holiday period's name and 通常 as
/// kinds, read as the English file (issue 18).
#[test]
fn japanese_headers_and_kind_names_read_as_the_english_ones() {
    let english = read_sosa("2025-12-30,d04,new_year\n2026-01-08,d05,regular\n").expect("good");
    let known = Known { today: today(), published: &BTreeSet::new(), stored: &[] };
    for header in ["当番開始日,医師,種類", "開始日,医師ID,種別", "種別,開始日,医師"]
    {
        let row = |d: &str, doc: &str, k: &str| {
            header
                .split(',')
                .map(|h| match h {
                    "当番開始日" | "開始日" => d,
                    "医師" | "医師ID" => doc,
                    _ => k,
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let body = format!(
            "{header}\n{}\n{}\n",
            row("2025-12-30", "d04", "年末年始"),
            row("2026-01-08", "d05", "通常")
        );
        let got = read(&sosa(), &[], "h.csv", body.as_bytes(), &known).expect(header);
        assert_eq!(got, english, "{header}");
    }
}
