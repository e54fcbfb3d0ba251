//! `toban check` on broken rules: every fixture in tests/fixtures/rules-bad/ holds one defect, and
//! the error must name the file, the line and the field, exit 3, and never panic.

use std::fs;
use std::path::Path;

use crate::helpers::{repo, run, toban, toban_in, toban_ja_in};
use crate::lang_cli::{assert_english, assert_japanese, english_run};

const BAD: &str = "tests/fixtures/rules-bad";

/// Where a fixture's problem is reported.
enum At {
    /// On the last (non-comment) line of `file` that contains this text.
    Line(&'static str),
    /// On `file` as a whole, without a line.
    Whole,
}

/// One broken fixture: its directory, the file with the defect, where the problem is reported,
/// and phrases the message must contain.
struct Case {
    name: &'static str,
    file: &'static str,
    at: At,
    phrases: &'static [&'static str],
}

const A: &str = "association.toml";
const M: &str = "members.toml";

const CASES: &[Case] = &[
    Case {
        name: "bad-cover-order",
        file: A,
        at: At::Line(r#"cover_order = "random""#),
        phrases: &["swap.cover_order", "'random' is not a cover order", "\"in_turn\""],
    },
    Case {
        name: "bad-feed-alarm",
        file: A,
        at: At::Line("alarm_minutes = -5"),
        phrases: &["feed.alarm_minutes = -5 is out of range", "from 0 to 20160"],
    },
    Case {
        name: "unknown-field",
        file: A,
        at: At::Line("handover_tme"),
        phrases: &["unknown field `handover_tme`"],
    },
    Case {
        name: "duplicate-doctor-id",
        file: M,
        at: At::Line(r#"id = "d01""#),
        phrases: &["doctor id 'd01' is already used by the doctor"],
    },
    Case {
        name: "duplicate-id-across-kinds",
        file: M,
        at: At::Line(r#"id = "d01""#),
        phrases: &["hospital id 'd01' is already used by the doctor"],
    },
    Case {
        name: "bad-handover-time",
        file: A,
        at: At::Line("25:00"),
        phrases: &["duty.handover_time", "'25:00'"],
    },
    Case {
        name: "bad-weekday",
        file: A,
        at: At::Line("tuseday"),
        phrases: &["duty.handover_weekday", "'tuseday'"],
    },
    Case {
        name: "bad-time-zone",
        file: A,
        at: At::Line("Asia/Tokio"),
        phrases: &["association.time_zone", "'Asia/Tokio'"],
    },
    Case {
        name: "unknown-admin-doctor",
        file: M,
        at: At::Line(r#"doctor = "d99""#),
        phrases: &["admin.doctor", "'d99'"],
    },
    Case {
        name: "overlapping-holiday-periods",
        file: A,
        at: At::Line("[[holiday_period]]"),
        phrases: &["'may_break' (05-03..05-10) overlaps holiday period 'golden_week'"],
    },
    Case {
        name: "toml-syntax",
        file: A,
        at: At::Line(r#"name = "匝瑳医師会"#),
        phrases: &["invalid basic string"],
    },
    Case {
        name: "missing-field",
        file: M,
        at: At::Line("[[doctor]]"),
        phrases: &["missing field `clinic`"],
    },
    Case {
        name: "bad-date",
        file: M,
        at: At::Line("2010-13-01"),
        phrases: &["doctor.joined", "'2010-13-01' is not a date"],
    },
    Case {
        name: "left-before-joined",
        file: M,
        at: At::Line("left = "),
        phrases: &["doctor.left (2009-03-31) is before doctor.joined (2010-04-01)"],
    },
    Case {
        name: "duplicate-section",
        file: M,
        at: At::Line("[duty]"),
        phrases: &["section [duty] is given again"],
    },
    Case {
        name: "too-many-doctors-per-slot",
        file: A,
        at: At::Line("doctors_per_slot = 11"),
        phrases: &["duty.doctors_per_slot = 11 is out of range", "from 1 to 10"],
    },
    Case {
        name: "duplicate-hospital-order",
        file: M,
        at: At::Line("order = 1"),
        phrases: &["hospital.order = 1 is also the order of hospital 'h1'"],
    },
    Case {
        name: "bad-fte",
        file: M,
        at: At::Line("fte = 1.5"),
        phrases: &["doctor.fte = 1.5 is out of range"],
    },
    Case {
        name: "bad-plan-year-start",
        file: A,
        at: At::Line("02-29"),
        phrases: &["association.plan_year_start", "'02-29' exists only in leap years"],
    },
    Case { name: "no-doctors", file: M, at: At::Whole, phrases: &["no [[doctor]] entries"] },
    Case {
        name: "bad-exemption",
        file: A,
        at: At::Line(r#""always""#),
        phrases: &[r#"exemption.slots_before_holiday = "always" is not valid"#],
    },
    Case {
        name: "wrong-type",
        file: A,
        at: At::Line(r#"doctors_per_slot = "1""#),
        phrases: &["invalid type: string \"1\""],
    },
    Case {
        name: "bad-member-id",
        file: M,
        at: At::Line("D03"),
        phrases: &["doctor.id", "'D03' is not valid"],
    },
    Case {
        name: "bad-phone",
        file: M,
        at: At::Line("call the desk"),
        phrases: &["hospital.phone", "is not a phone number"],
    },
    Case {
        name: "bad-language",
        file: A,
        at: At::Line(r#"language = "fr""#),
        phrases: &["association.language", "'fr'"],
    },
    Case {
        name: "empty-name",
        file: M,
        at: At::Line(r#"name = "  ""#),
        phrases: &["doctor.name is empty"],
    },
    Case {
        name: "holiday-period-too-long",
        file: A,
        at: At::Line(r#"end = "02-04""#),
        phrases: &["holiday period 'new_year' runs 38 days", "at most 31 days"],
    },
    Case {
        name: "duplicate-holiday-period-id",
        file: A,
        at: At::Line(r#"id = "new_year""#),
        phrases: &["holiday period id 'new_year' is given twice"],
    },
    Case {
        name: "escalation-out-of-range",
        file: A,
        at: At::Line("hospital_minutes = 0"),
        phrases: &["escalation.hospital_minutes = 0 is out of range"],
    },
    Case {
        name: "missing-association",
        file: A,
        at: At::Whole,
        phrases: &["no [association] section"],
    },
];

/// The 1-based number of the last non-comment line of `text` containing `needle`.
fn last_line_with(text: &str, needle: &str, case: &str) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains(needle))
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or_else(|| panic!("{case}: fixture has no line containing {needle:?}"))
}

fn fixture_text(case: &str, file: &str) -> String {
    let path = repo().join(BAD).join(case).join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{case}: read {}: {e}", path.display()))
}

#[test]
fn every_broken_fixture_names_its_file_line_and_field() {
    for case in CASES {
        let name = case.name;
        let dir = format!("{BAD}/{name}");
        let r = run(toban(), &["--rules", &dir, "check"]);
        let (out, err) = (r.stdout(), r.stderr());
        let dump = format!("--- stdout\n{out}\n--- stderr\n{err}");

        assert_eq!(r.out.status.code(), Some(3), "{name}: exit code should be 3\n{dump}");
        assert!(out.is_empty(), "{name}: stdout should be empty\n{dump}");
        assert!(!err.contains("panicked"), "{name}: toban panicked\n{dump}");
        assert!(
            err.contains("the rules have 1 problem:"),
            "{name}: the fixture should have exactly one problem\n{dump}"
        );

        let file = format!("rules-bad/{name}/{}", case.file);
        let place = match case.at {
            At::Line(needle) => {
                let line = last_line_with(&fixture_text(name, case.file), needle, name);
                format!("{file}:{line}:")
            }
            At::Whole => format!("{file}: "),
        };
        assert!(err.contains(&place), "{name}: stderr should name {place:?}\n{dump}");
        for phrase in case.phrases {
            assert!(err.contains(phrase), "{name}: stderr should say {phrase:?}\n{dump}");
        }
    }
}

#[test]
fn every_broken_fixture_reads_in_japanese_under_the_shipped_language() {
    // The rules cannot be read, so their language cannot be either: Japanese, the shipped one.
    for case in CASES {
        let name = case.name;
        let dir = format!("{BAD}/{name}");
        let r = run(toban_ja_in(&repo()), &["--rules", &dir, "check"]);
        let err = r.stderr();
        assert_eq!(r.out.status.code(), Some(3), "{name}: exit code should be 3\n{err}");
        assert!(
            err.contains("ルールファイルに問題が1件あります:"),
            "{name}: the header says how many problems\n{err}"
        );
        let file = format!("rules-bad/{name}/{}", case.file);
        let place = match case.at {
            At::Line(needle) => {
                let line = last_line_with(&fixture_text(name, case.file), needle, name);
                format!("{file} {line}行目: ")
            }
            At::Whole => format!("{file}: "),
        };
        assert!(err.contains(&place), "{name}: stderr should name {place:?}\n{err}");
        if let At::Line(needle) = case.at {
            assert!(err.contains(needle), "{name}: the line itself is shown\n{err}");
            assert!(err.contains("| ") && err.contains('^'), "{name}: with a caret\n{err}");
        }
        // The excerpt is the office's own line (comments and all); toban's words are the rest.
        let words: String = err
            .lines()
            .filter(|l| {
                !l.trim_start()
                    .split_once(" | ")
                    .is_some_and(|(g, _)| g.chars().all(|c| c.is_ascii_digit()))
            })
            .filter(|l| l.trim() != "|" && !l.trim_start().starts_with("| "))
            .map(|l| format!("{l}\n"))
            .collect();
        if let Some(found) = english_run(&words) {
            panic!("{name}: an English sentence reaches a Japanese reader: {found}\n{err}");
        }
    }
}

#[test]
fn a_bad_value_names_its_key_and_what_to_write_in_japanese() {
    for (case, phrases) in [
        ("bad-fte", &["「fte」は 0 より大きく 1 以下の数で書いてください"][..]),
        ("bad-handover-time", &["「handover_time」の「25:00」は時刻として読めません", "\"09:00\""]),
        ("unknown-field", &["「handover_tme」という項目はありません", "handover_time", "つづり"]),
        (
            "missing-field",
            &["「clinic」が書かれていません", "この表に「clinic」を書き足してください"],
        ),
        ("wrong-type", &["「doctors_per_slot」の値の種類が違います", "整数"]),
        ("toml-syntax", &["文字の終わりの「\"」がない"]),
        ("duplicate-section", &["[duty] が2か所に書かれています", "行目）"]),
        (
            "left-before-joined",
            &["「left」（2009年3月31日(火)）が「joined」（2010年4月1日(木)）より前"],
        ),
        ("no-doctors", &["当番の先生（[[doctor]]）がいません", "id・name・clinic"]),
    ] {
        let r = run(toban_ja_in(&repo()), &["--rules", &format!("{BAD}/{case}"), "check"]).code(3);
        for phrase in phrases {
            assert!(r.stderr().contains(phrase), "{case}: should say {phrase:?}\n{}", r.stderr());
        }
    }
}

#[test]
fn a_broken_english_association_reads_its_problems_in_english() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = tmp.path().join("rules");
    fs::create_dir(&rules).expect("mkdir rules");
    let association = fixture_text("bad-fte", A);
    assert!(association.contains("language = \"ja\""), "the fixture declares its language");
    fs::write(rules.join(A), association.replace("language = \"ja\"", "language = \"en\""))
        .expect("write");
    fs::write(rules.join(M), fixture_text("bad-fte", M)).expect("write");
    let r = run(toban_ja_in(tmp.path()), &["check"]).code(3);
    assert!(r.stderr().contains("doctor.fte = 1.5 is out of range"), "{}", r.stderr());
    assert_english(&r);
}

#[test]
fn a_broken_rules_folder_is_english_under_toban_lang_en() {
    for case in CASES {
        let r = run(toban(), &["--rules", &format!("{BAD}/{}", case.name), "check"]).code(3);
        assert_english(&r);
    }
}

#[test]
fn every_fixture_directory_has_a_case_and_every_case_a_complete_directory() {
    let mut dirs: Vec<String> = fs::read_dir(repo().join(BAD))
        .expect("list rules-bad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut names: Vec<String> = CASES.iter().map(|c| c.name.to_string()).collect();
    names.sort();
    assert_eq!(dirs, names, "tests/fixtures/rules-bad/ and CASES should list the same cases");
    for case in CASES {
        for file in [A, M] {
            assert!(
                repo().join(BAD).join(case.name).join(file).is_file(),
                "{}: fixture lacks {file}",
                case.name
            );
        }
    }
}

#[test]
fn a_duplicate_section_points_back_at_the_first() {
    let first =
        last_line_with(&fixture_text("duplicate-section", A), "[duty]", "duplicate-section");
    run(toban(), &["--rules", &format!("{BAD}/duplicate-section"), "check"])
        .code(3)
        .stderr_has(&format!("first given at {BAD}/duplicate-section/{A}:{first}"));
}

#[test]
fn a_duplicate_id_points_back_at_the_first_use() {
    let text = fixture_text("duplicate-id-across-kinds", M);
    let first = text.lines().position(|l| l.contains(r#"id = "d01""#)).expect("d01") + 1;
    run(toban(), &["--rules", &format!("{BAD}/duplicate-id-across-kinds"), "check"])
        .code(3)
        .stderr_has(&format!(
            "already used by the doctor at {BAD}/duplicate-id-across-kinds/{M}:{first}"
        ));
}

#[test]
fn the_offending_line_is_shown_with_a_hint() {
    run(toban(), &["--rules", &format!("{BAD}/duplicate-hospital-order"), "check"])
        .code(3)
        .stderr_has("| order = 1")
        .stderr_has("= help: give each hospital its own place")
        .stderr_has("toban: fix the problems above and run `toban check` again");
}

#[test]
fn errors_go_to_stderr_even_when_json_is_asked_for() {
    let r =
        run(toban(), &["--rules", &format!("{BAD}/bad-time-zone"), "check", "--format", "json"])
            .code(3)
            .stderr_has("Asia/Tokio");
    assert!(r.stdout().is_empty(), "stdout should be empty, got:\n{}", r.stdout());
}

#[test]
fn a_missing_rules_directory_is_a_usage_error_that_says_what_to_do() {
    let r = run(toban(), &["--rules", "/nonexistent", "check"])
        .code(2)
        .stderr_has("'/nonexistent' not found")
        .stderr_has("pass --rules DIR");
    assert!(r.stdout().is_empty(), "stdout should be empty, got:\n{}", r.stdout());
    assert!(!r.stderr().contains("panicked"), "toban panicked:\n{}", r.stderr());
}

#[test]
fn an_empty_rules_directory_is_invalid_rules() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::create_dir(tmp.path().join("rules")).expect("mkdir rules");
    run(toban_in(tmp.path()), &["check"]).code(3).stderr_has("no rules files (*.toml)");
    let named = tmp.path().join("rules");
    let named = named.to_str().unwrap();
    run(toban(), &["--rules", named, "check"])
        .code(3)
        .stderr_has(&format!("{named}: no rules files"));
}

#[test]
fn the_shipped_rules_pass() {
    let r = run(toban(), &["check"]).code(0).stdout_has("rules OK");
    assert!(r.stderr().is_empty(), "stderr should be empty, got:\n{}", r.stderr());
}

/// A rules directory in a fresh tempdir: the shipped association.toml and `doctors` doctors,
/// the first with `joined`.
fn doctors(n: usize, joined: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = tmp.path().join("rules");
    fs::create_dir(&rules).expect("mkdir rules");
    fs::copy(repo().join("rules/association.toml"), rules.join(A)).expect("copy association.toml");
    let mut members = format!(
        "[[doctor]]\nid = \"d01\"\nname = \"青木 一郎\"\nclinic = \"青木内科\"\njoined = {joined}\n"
    );
    for i in 2..=n {
        members.push_str(&format!(
            "\n[[doctor]]\nid = \"d{i:02}\"\nname = \"医師 {i}\"\nclinic = \"{i}医院\"\n"
        ));
    }
    fs::write(rules.join(M), members).expect("write members.toml");
    tmp
}

/// The smallest association `toban plan` can plan under the shipped duty rules (one doctor
/// cannot: the gap after a holiday duty leaves the next week empty; two cannot cover the
/// exemption windows), with d01 joined on `joined`.
fn one_doctor(joined: &str) -> tempfile::TempDir {
    doctors(3, joined)
}

#[test]
fn check_refuses_an_association_that_plan_cannot_plan_saying_why_in_both_languages() {
    for n in [1, 2] {
        let tmp = doctors(n, "2010-04-01");
        // Japanese under the shipped language, naming the year, the slot and what to change.
        let r = run(toban_ja_in(tmp.path()), &["check", "--year", "2027"]).code(3);
        let err = r.stderr();
        assert!(err.contains("このルールでは2027年度の当番表を作れません"), "{n} doctors:\n{err}");
        assert!(err.contains("先生を増やすか"), "{n} doctors: what to change\n{err}");
        assert!(r.stdout().is_empty(), "{n} doctors: no \"rules OK\"\n{}", r.stdout());
        assert_japanese(&r);
        if n == 1 {
            assert!(
                err.contains("2027年1月5日(火)からの枠: 1名のうち入れる先生が0名です"),
                "{err}"
            );
            assert!(
                err.contains("青木 一郎先生は2026年12月29日(火)からの当番と間隔が近すぎます"),
                "{err}"
            );
        }
        // English under TOBAN_LANG=en, and the same clashes `toban plan` stops on.
        let en = run(toban_in(tmp.path()), &["check", "--year", "2027"]).code(3);
        assert!(en.stderr().contains("no rota for 2027 can be planned"), "{}", en.stderr());
        assert_english(&en);
        let clock = tmp.path().join("clock");
        fs::write(&clock, "2026-06-01T09:00:00+09:00").expect("clock");
        let mut plan = toban_in(tmp.path());
        plan.env("TOBAN_CLOCK", format!("file:{}", clock.display()));
        let planned = run(plan, &["plan", "2027", "--time-limit", "5"]).code(3);
        let said = planned.stderr();
        let slots: Vec<&str> =
            said.lines().filter_map(|l| l.strip_prefix("toban:   slot ")).collect();
        assert!(!slots.is_empty(), "plan names the clashes:\n{said}");
        for line in slots {
            assert!(
                en.stderr().contains(&format!("slot {line}")),
                "{n} doctors: check should say what plan says: {line}\n{}",
                en.stderr()
            );
        }
    }
}

fn joined_loads(joined: &str, dir: &Path) {
    let r = run(toban_in(dir), &["check"]).code(0).stdout_has("rules OK");
    let row = r.stdout().lines().find(|l| l.starts_with("d01 ")).map(str::to_string);
    let row = row.unwrap_or_else(|| panic!("joined = {joined}: no row for d01 in\n{}", r.stdout()));
    assert!(
        row.contains("Thu 1 Apr 2010"),
        "joined = {joined}: d01's row should show Thu 1 Apr 2010: {row}"
    );
}

#[test]
fn joined_may_be_a_toml_date() {
    let tmp = one_doctor("2010-04-01");
    joined_loads("2010-04-01", tmp.path());
}

#[test]
fn joined_may_be_a_quoted_date() {
    let tmp = one_doctor("\"2010-04-01\"");
    joined_loads("\"2010-04-01\"", tmp.path());
}
