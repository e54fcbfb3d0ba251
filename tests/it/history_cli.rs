//! `toban history import|list|remove` through the real binary: the duty record of past years is
//! never rewritten by accident. Each test is one finding of issue 16.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use crate::helpers::{Run, repo, run, toban_in};
use crate::lang_cli::{assert_english, assert_japanese};

/// The test clock: Tuesday 2027-03-02, 22:00 in Tokyo.
const NOW: &str = "2027-03-02T22:00:00+09:00";

/// A store and a rules directory (the shipped rules, possibly edited) for one test.
struct Hist {
    dir: TempDir,
}

impl Hist {
    fn new() -> Hist {
        Hist::with_rules(|_, _| {})
    }

    /// The shipped rules with `edit(association, members)` applied to their text.
    fn with_rules(edit: impl FnOnce(&mut String, &mut String)) -> Hist {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("rules");
        fs::create_dir(&rules).unwrap();
        let mut association = fs::read_to_string(repo().join("rules/association.toml")).unwrap();
        let mut members = fs::read_to_string(repo().join("rules/members.toml")).unwrap();
        edit(&mut association, &mut members);
        fs::write(rules.join("association.toml"), association).unwrap();
        fs::write(rules.join("members.toml"), members).unwrap();
        Hist { dir }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = toban_in(self.dir.path());
        cmd.env("TOBAN_RULES", self.dir.path().join("rules"))
            .env("TOBAN_DATA", self.dir.path().join("data"))
            .env("TOBAN_CLOCK", NOW);
        run(cmd, args)
    }

    /// Writes `bytes` to a file of that name in the test's directory.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path: PathBuf = self.dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// The same run in the association's language (the shipped rules: Japanese).
    fn run_ja(&self, args: &[&str]) -> Run {
        let mut cmd = crate::helpers::toban_ja_in(self.dir.path());
        cmd.env("TOBAN_RULES", self.dir.path().join("rules"))
            .env("TOBAN_DATA", self.dir.path().join("data"))
            .env("TOBAN_CLOCK", NOW);
        run(cmd, args)
    }

    fn import(&self, name: &str, text: &str) -> Run {
        let file = self.file(name, text);
        self.run(&["history", "import", &file])
    }

    fn list(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["history", "list"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let v = self.run(&all).code(0).json();
        v["duties"].as_array().unwrap_or_else(|| panic!("no duties array: {v}")).clone()
    }
}

/// `(slot_start, doctor)` of each listed duty.
fn keys(duties: &[Value]) -> Vec<(String, String)> {
    duties
        .iter()
        .map(|d| {
            (d["slot_start"].as_str().unwrap().to_string(), d["doctor"].as_str().unwrap().into())
        })
        .collect()
}

/// The members file with `line` added after doctor `id`'s id line.
fn add_to_doctor(members: &mut String, id: &str, line: &str) {
    let needle = format!("id = \"{id}\"\n");
    assert!(members.contains(&needle), "no doctor {id}");
    *members = members.replacen(&needle, &format!("{needle}{line}\n"), 1);
}

const HEADER: &str = "slot_start,doctor,kind\n";

#[test]
fn a_doctor_is_refused_for_a_slot_before_they_joined_or_after_they_left() {
    // d10 joined on 2024-04-01 (shipped rules); d02 leaves on 2020-03-31 here.
    let h = Hist::with_rules(|_, m| add_to_doctor(m, "d02", "left = 2020-03-31"));
    let text = format!(
        "{HEADER}2024-03-19,d10,regular\n2020-06-02,d02,regular\n2024-04-09,d10,regular\n2020-03-10,d02,regular\n"
    );
    h.import("past.csv", &text)
        .code(2)
        .stderr_has("past.csv:2: d10 中村 亮 joined on 2024-04-01")
        .stderr_has("past.csv:3: d02 石川 花子 left on 2020-03-31")
        .stderr_has("correct their joining date among the members")
        .stderr_has("nothing was imported");
    assert_eq!(h.list(&[]), Vec::<Value>::new(), "all or nothing: the good lines wait too");
}

#[test]
fn a_third_doctor_in_a_slot_of_a_two_doctor_association_is_refused() {
    let h = Hist::with_rules(|a, _| {
        *a = a.replace("doctors_per_slot = 1", "doctors_per_slot = 2");
    });
    let text =
        format!("{HEADER}2026-06-02,d01,regular\n2026-06-02,d02,regular\n2026-06-04,d03,regular\n");
    h.import("three.csv", &text)
        .code(2)
        .stderr_has("three.csv:4:")
        .stderr_has("d01 (line 2), d02 (line 3)")
        .stderr_has("takes 2 doctors (the rules' doctors per duty)");
    // Two are fine; a third from a later file is refused too, naming the rows already there.
    h.import("two.csv", &format!("{HEADER}2026-06-02,d01,regular\n2026-06-02,d02,regular\n"))
        .code(0);
    h.import("later.csv", &format!("{HEADER}2026-06-03,d03,regular\n"))
        .code(2)
        .stderr_has("later.csv:2:")
        .stderr_has("d01, d02 already in the history")
        .stderr_has("toban history remove --date 2026-06-02");
    // Re-importing the same two changes nothing and is not refused.
    h.import("two.csv", &format!("{HEADER}2026-06-02,d01,regular\n2026-06-02,d02,regular\n"))
        .code(0);
}

#[test]
fn future_dates_are_refused_as_history() {
    let h = Hist::new();
    // The clock says 2027-03-02 22:00: the slot that began that morning has begun; next week's
    // has not.
    let text =
        format!("{HEADER}2027-03-02,d01,regular\n2027-03-09,d02,regular\n2030-01-08,d03,regular\n");
    h.import("soon.csv", &text)
        .code(2)
        .stderr_has("soon.csv:3: 2027-03-09 is in the future")
        .stderr_has("soon.csv:4: 2030-01-08 is in the future")
        .stderr_has("future duties are planned, not imported");
    let run = h.run(&[
        "history",
        "import",
        &h.file("ok.csv", format!("{HEADER}2027-03-02,d01,regular\n")),
    ]);
    run.code(0);
}

#[test]
fn rows_of_a_year_with_a_published_rota_are_refused_not_silently_ignored() {
    let desk = crate::routing_cli::Desk::new();
    let file = desk.dir.path().join("y2027.csv");
    fs::write(&file, format!("{HEADER}2026-12-01,d01,regular\n2027-01-12,d02,regular\n")).unwrap();
    desk.run(&["history", "import", file.to_str().unwrap()])
        .code(2)
        .stderr_has("y2027.csv:3: the 2027 rota is published")
        .stderr_has("changed by swaps and covers");
    let listed = desk.run(&["history", "list", "--format", "json"]).code(0).json();
    assert_eq!(listed["duties"], Value::Array(vec![]), "nothing was imported");
}

#[test]
fn imported_rows_are_listed_and_removed_by_duty_or_by_batch_and_every_change_is_audited() {
    let h = Hist::new();
    let first = format!(
        "{HEADER}2025-12-29,d04,new_year\n2026-01-06,d05,regular\n2026-04-29,d06,golden_week\n"
    );
    h.import("first.csv", &first)
        .code(0)
        .stdout_has("imported 3 duties")
        .stdout_has("batch 1")
        .stdout_has("toban history remove --batch 1");
    h.import("second.csv", &format!("{HEADER}2025-06-03,d07,regular\n2025-06-10,d08,regular\n"))
        .code(0)
        .stdout_has("batch 2");
    let all = h.list(&[]);
    assert_eq!(
        keys(&all),
        [
            ("2025-06-03", "d07"),
            ("2025-06-10", "d08"),
            ("2025-12-29", "d04"),
            ("2026-01-05", "d05"),
            ("2026-04-29", "d06"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(all[0]["batch"], 2);
    assert_eq!(all[0]["name"], "木村 真理");
    assert_eq!(all[0]["counted"], true);
    for key in ["slot_end", "year", "kind", "weight", "imported_at"] {
        assert!(all[0].get(key).is_some(), "a listed duty lacks {key}: {}", all[0]);
    }
    // A plan year: New Year 2025-12-29 belongs to plan year 2026.
    assert_eq!(keys(&h.list(&["2025"])).len(), 2);
    assert_eq!(keys(&h.list(&["2026"])).len(), 3);
    h.run(&["history", "list"]).code(0).stdout_has("大野 修").stdout_has("golden_week");

    // One duty, by a day inside its slot and the doctor's name; a dry run first writes nothing.
    h.run(&["history", "remove", "--date", "2026/1/8", "--doctor", "大野 修", "--dry-run"])
        .code(0)
        .stdout_has("would remove 1 duty")
        .stdout_has("2026-01-05");
    assert_eq!(h.list(&[]).len(), 5);
    h.run(&["history", "remove", "--date", "2026/1/8", "--doctor", "大野 修"])
        .code(0)
        .stdout_has("removed 1 duty");
    assert!(!keys(&h.list(&[])).contains(&("2026-01-05".into(), "d05".into())));
    // A whole batch.
    h.run(&["history", "remove", "--batch", "1"]).code(0).stdout_has("removed 2 duties");
    assert_eq!(keys(&h.list(&[])).len(), 2);
    // Nothing matches: said so, with where to look.
    h.run(&["history", "remove", "--batch", "1"])
        .code(1)
        .stderr_has("no imported duty")
        .stderr_has("toban history list");
    // The ledger follows.
    let ledger = h.run(&["ledger", "--format", "json"]).code(0).json();
    let d04 = ledger["doctors"].as_array().unwrap().iter().find(|d| d["id"] == "d04").unwrap();
    assert_eq!(d04["last"]["new_year"], Value::Null, "the New Year row went with batch 1");

    let audit = h.run(&["audit", "--format", "json"]).code(0).json();
    let history: Vec<&Value> =
        audit.as_array().unwrap().iter().filter(|e| e["action"] == "history").collect();
    assert_eq!(history.len(), 4, "two imports and two removals: {audit}");
    // The audit names who at the office typed it (TOBAN_ADMIN or the login).
    assert!(history.iter().all(|e| e["by"].as_str().unwrap().starts_with("admin:")));
    assert!(history[0]["detail"].as_str().unwrap().contains("first.csv"), "{}", history[0]);
    assert!(history[0]["detail"].as_str().unwrap().contains("batch 1"), "{}", history[0]);
    assert!(history[2]["detail"].as_str().unwrap().contains("Mon 5 Jan 2026 "), "{}", history[2]);
    assert!(history[2]["detail"].as_str().unwrap().contains("(d05)"), "{}", history[2]);
    assert_eq!(history[2]["event"]["type"], "history_removed", "{}", history[2]);
    // In Japanese (issue 17): the audit log of the shipped association speaks it.
    let ja = h.run_ja(&["audit"]).code(0).stdout();
    assert!(ja.contains("過去の当番 1件を削除しました"), "{ja}");
    assert!(ja.contains("first.csv から取り込みました（取込番号 1"), "{ja}");
    assert!(!ja.contains("imported") && !ja.contains("removed"), "{ja}");
}

#[test]
fn every_bad_line_is_listed_at_once_with_what_to_do() {
    let h = Hist::new();
    let text = format!(
        "{HEADER}2026-01-06,d05,regular\n2026-01-13,d99,regular\n2026-13-01,d01,regular\n2026-01-20,d02,new_year\n2026-01-27,d03\n2026-01-06,d05,regular\n"
    );
    let run = h.import("bad.csv", &text).code(2);
    let err = run.stderr();
    for (line, what) in [
        (3, "d99"),
        (4, "write YYYY-MM-DD or YYYY/M/D"),
        (5, "is a regular duty under the rules, not 年末年始"),
        (6, "3 fields"),
        (7, "listed twice"),
    ] {
        let at = format!("bad.csv:{line}:");
        let found = err.lines().find(|l| l.contains(&at));
        assert!(found.is_some_and(|l| l.contains(what)), "line {line} ({what}) not named:\n{err}");
    }
    assert!(!err.contains("bad.csv:2:"), "line 2 is good:\n{err}");
    assert!(err.contains("5 bad lines"), "{err}");
    assert_eq!(h.list(&[]), Vec::<Value>::new(), "nothing is written when a line is bad");
    let ledger = h.run(&["ledger"]).code(0);
    assert!(ledger.stdout().contains("the ledger is empty"), "{}", ledger.stdout());
}

#[test]
fn bad_lines_read_in_japanese_under_the_shipped_language_and_in_english_under_toban_lang_en() {
    let h = Hist::new();
    let text = format!(
        "{HEADER}2026-01-06,d05,regular\n2026-01-13,青木一郎,regular\n2026-13-01,d01,regular\n2026-01-20,d02,new_year\n2026-01-27,d03\n2026-01-06,d05,regular\n2027-03-09,d01,regular\n2024-03-27,d10,regular\n"
    );
    let file = h.file("bad.csv", &text);
    let ja = h.run_ja(&["history", "import", &file]).code(2);
    let err = ja.stderr();
    assert!(err.contains("8行のうち7行に問題があるため、何も取り込んでいません"), "{err}");
    for (line, what) in [
        (3, "「青木一郎」という先生はルールにいません。青木 一郎先生（d01）のことですか？"),
        (4, "「2026-13-01」は日付として読めません"),
        // See: issue 18 (review): 「ルールでは `regular`」 named the kinds by their ids.
        (5, "ルールでは「通常」の当番です（「年末年始」ではありません）"),
        (6, "項目が2個しかありません"),
        (7, "2回書かれています（2行目にもあります）"),
        (8, "2027年3月9日(火)はまだ来ていない日です（今日は2027年3月2日(火)）"),
        (9, "中村 亮先生（d10）の入会はルールでは"),
    ] {
        let at = format!("bad.csv {line}行目: ");
        let found = err.lines().find(|l| l.contains(&at));
        assert!(found.is_some_and(|l| l.contains(what)), "line {line} ({what}) not named:\n{err}");
    }
    assert_japanese(&ja);
    let en = h.import("bad.csv", &text).code(2);
    assert!(
        en.stderr().contains("bad.csv:3: '青木一郎' is not a doctor in the rules"),
        "{}",
        en.stderr()
    );
    assert!(en.stderr().contains("7 bad lines of 8"), "{}", en.stderr());
    assert_english(&en);
    // A Shift-JIS file (issue 18: read as Excel saves it): its bad line named in Japanese.
    let mut sjis = HEADER.as_bytes().to_vec();
    sjis.extend_from_slice(b"2026-01-13,");
    sjis.extend_from_slice(&[0x90, 0xc2, 0x96, 0xd8, 0x88, 0xea, 0x98, 0x59]);
    sjis.extend_from_slice(b",regular\n");
    let file = h.file("sjis.csv", sjis);
    let r = h.run_ja(&["history", "import", &file]).code(2);
    assert!(
        r.stderr().contains("sjis.csv 2行目: 「青木一郎」という先生はルールにいません"),
        "{}",
        r.stderr()
    );
    assert_japanese(&r);
    assert_eq!(h.list(&[]), Vec::<Value>::new(), "nothing is written when a line is bad");
}

#[test]
fn a_doctor_may_be_written_by_exact_name_and_a_near_name_gets_a_suggestion() {
    let h = Hist::new();
    h.import(
        "names.csv",
        &format!("{HEADER}2026-01-06,青木 一郎,regular\n2026-01-13,d02,regular\n"),
    )
    .code(0)
    .stdout_has("imported 2 duties");
    assert_eq!(keys(&h.list(&[]))[0], ("2026-01-05".to_string(), "d01".to_string()));
    h.import("near.csv", &format!("{HEADER}2026-01-20,青木一郎,regular\n"))
        .code(2)
        .stderr_has("near.csv:2:")
        .stderr_has("did you mean 青木 一郎 (d01)?");
}

#[test]
fn dates_may_be_written_as_excel_writes_them() {
    let h = Hist::new();
    h.import("slash.csv", &format!("{HEADER}2024/4/2,d01,regular\n2024/04/09,d02,regular\n"))
        .code(0)
        .stdout_has("imported 2 duties");
    assert_eq!(
        keys(&h.list(&[])),
        [("2024-04-02".to_string(), "d01".to_string()), ("2024-04-09".into(), "d02".into())]
    );
}

#[test]
fn a_utf8_bom_and_a_shift_jis_file_are_read_and_utf16_is_explained() {
    let h = Hist::new();
    let bom = format!("\u{feff}{HEADER}2026-01-06,青木 一郎,regular\n");
    let file = h.file("bom.csv", bom);
    h.run(&["history", "import", &file]).code(0).stdout_has("imported 1 duty");
    // "青木 一郎" in Shift-JIS, as Excel on Japanese Windows saves "CSV (コンマ区切り)" (issue
    // 18: read as it is; it was refused before).
    let mut sjis = HEADER.as_bytes().to_vec();
    sjis.extend_from_slice(b"2026-01-13,");
    sjis.extend_from_slice(&[0x90, 0xc2, 0x96, 0xd8, 0x20, 0x88, 0xea, 0x98, 0x59]);
    sjis.extend_from_slice(b",regular\n");
    let file = h.file("sjis.csv", sjis);
    h.run(&["history", "import", &file]).code(0).stdout_has("imported 1 duty");
    assert_eq!(keys(&h.list(&[])).len(), 2);
    let utf16: Vec<u8> =
        [0xff, 0xfe].into_iter().chain(HEADER.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let file = h.file("utf16.csv", utf16);
    h.run(&["history", "import", &file]).code(2).stderr_has("utf16.csv").stderr_has("UTF-16");
}

/// Rules with `n` doctors `d01`… who joined in 2000, one per slot.
fn many_doctors(n: usize) -> Hist {
    Hist::with_rules(|_, m| {
        let mut text = String::new();
        for i in 1..=n {
            text.push_str(&format!(
                "[[doctor]]\nid = \"d{i:02}\"\nname = \"Doctor {i}\"\nclinic = \"Clinic {i}\"\njoined = 2000-01-01\n\n"
            ));
        }
        let rest = m.find("[[hospital]]").expect("members.toml lists hospitals");
        *m = format!("{text}{}", &m[rest..]);
    })
}

#[test]
fn a_hundred_thousand_lines_are_checked_in_seconds() {
    // 26 doctors on every ordinary week (late January to mid April, late May to mid December)
    // of 2001–2097: each line passes the checks a row was held to before issue 16, so it
    // measures the work per line, which must not grow with the lines before it.
    let h = many_doctors(26);
    let mut text = String::from(HEADER);
    let mut rows = 0;
    'years: for year in 2001..=2097 {
        let mut day = chrono::NaiveDate::from_ymd_opt(year, 1, 20).unwrap();
        while day.format("%m-%d").to_string().as_str() < "12-15" {
            let md = day.format("%m-%d").to_string();
            if !("04-20"..="05-20").contains(&md.as_str()) {
                for d in 1..=26 {
                    text.push_str(&format!("{day},d{d:02},regular\n"));
                    rows += 1;
                    if rows == 100_000 {
                        break 'years;
                    }
                }
            }
            day += chrono::Duration::days(7);
        }
    }
    assert_eq!(rows, 100_000);
    let started = Instant::now();
    let run = h.import("big.csv", &text);
    let took = started.elapsed();
    // Most lines are refused (future weeks, 26 doctors in a one-doctor slot), each by line.
    let run = run.code(2).stderr_has("big.csv:100001:");
    assert!(
        took < Duration::from_secs(30),
        "checking 100,000 lines took {took:?} (quadratic?); stderr ends: {}",
        &run.stderr()[run.stderr().len().saturating_sub(300)..]
    );
}

#[test]
fn history_is_listed_and_removed_while_serve_runs_and_an_import_asks_to_stop_it() {
    let desk = crate::routing_cli::Desk::new();
    let file = desk.dir.path().join("past.csv");
    fs::write(&file, format!("{HEADER}2026-06-02,d01,regular\n2026-06-09,d02,regular\n")).unwrap();
    let file = file.to_str().unwrap();
    desk.run(&["history", "import", file]).code(0);
    let _serve = desk.serve();
    desk.run(&["history", "import", file]).code(1).stderr_has("`toban serve` running");
    let listed = desk.run(&["history", "list", "--format", "json"]).code(0).json();
    assert_eq!(listed["duties"].as_array().unwrap().len(), 2, "{listed}");
    desk.run(&["history", "remove", "--date", "2026-06-02"]).code(0).stdout_has("removed 1 duty");
    let listed = desk.run(&["history", "list", "--format", "json"]).code(0).json();
    assert_eq!(keys(listed["duties"].as_array().unwrap()), [("2026-06-09".into(), "d02".into())]);
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let last = audit.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"].as_str(), Some("history"));
    assert!(last["by"].as_str().unwrap().starts_with("admin:"), "{last}");
}

// See: issue 16. Publishing a year silently stopped counting the rows imported for it.
#[test]
fn publishing_a_year_warns_that_its_imported_rows_stop_counting() {
    let h = Hist::new();
    h.import("h.csv", &format!("{HEADER}2027-01-12,d02,regular\n2027-01-19,d03,regular\n")).code(0);
    h.run(&["plan", "2027"]).code(0);
    h.run(&["rota", "publish", "2027"])
        .code(0)
        .stdout_has("2 duties of 2027 imported")
        .stdout_has("toban history remove --year 2027");
    // A year without imported rows says nothing of the kind.
    let other = Hist::new();
    other.run(&["plan", "2027"]).code(0);
    let out = other.run(&["rota", "publish", "2027"]).code(0).stdout();
    assert!(!out.contains("history remove"), "{out}");
}
