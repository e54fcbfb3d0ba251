//! The CLI speaks the association's language (issue 17): with the shipped rules (`language =
//! "ja"`) every command's output and errors are Japanese; `--lang en` / `TOBAN_LANG=en` or an
//! English association give English.

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

use crate::helpers::{Run, repo, run, toban_ja_in};

/// A store on the shipped rules with a test clock, run without `TOBAN_LANG`.
struct Office {
    dir: TempDir,
    rules: std::path::PathBuf,
}

impl Office {
    fn new() -> Office {
        Office::with_rules(&repo().join("rules"))
    }

    fn with_rules(rules: &Path) -> Office {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clock"), "2027-03-02T22:00:00+09:00").unwrap();
        Office { dir, rules: rules.to_path_buf() }
    }

    /// An office whose rules are the shipped ones with `language = "en"`.
    fn english() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("rules-en");
        std::fs::create_dir(&rules).unwrap();
        for f in ["association.toml", "members.toml"] {
            let text = std::fs::read_to_string(repo().join("rules").join(f)).unwrap();
            let text = text.replace("language = \"ja\"", "language = \"en\"");
            std::fs::write(rules.join(f), text).unwrap();
        }
        let text = std::fs::read_to_string(rules.join("association.toml")).unwrap();
        assert!(text.contains("language = \"en\""), "the shipped rules name their language");
        let office = Office::with_rules(&rules);
        // Keep the temporary rules alive with the office.
        std::mem::forget(dir);
        office
    }

    fn command(&self) -> Command {
        let mut cmd = toban_ja_in(self.dir.path());
        cmd.env("TOBAN_RULES", &self.rules)
            .env("TOBAN_CALENDARS", repo().join("calendars"))
            .env("TOBAN_DATA", self.dir.path().join("data"))
            .env("TOBAN_CLOCK", format!("file:{}", self.dir.path().join("clock").display()));
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        run(self.command(), args)
    }
}

pub(crate) fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The first run of three or more English words on a line, outside `backticks` and command
/// lines (what the office types) and tokens with digits, slashes, dots or dashes inside (ids,
/// paths, times).
pub(crate) fn english_run(text: &str) -> Option<String> {
    for line in text.lines() {
        // A command line to type (the demo's next steps): only its comment is prose.
        let line = match line.trim_start().strip_prefix("toban ") {
            Some(command) => command.split_once('#').map_or("", |(_, comment)| comment),
            None => line,
        };
        let mut outside = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                outside.push_str(part);
            }
            outside.push(' ');
        }
        let mut run: Vec<&str> = Vec::new();
        for token in outside.split(|c: char| c.is_whitespace() || is_japanese(c)) {
            let word = token.trim_matches(|c: char| ",.:;()[]'\"!?".contains(c));
            let english = word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic());
            if english {
                run.push(word);
                if run.len() >= 3 {
                    return Some(format!("{:?} in {line:?}", run.join(" ")));
                }
            } else if !token.is_empty() || word.is_empty() {
                run.clear();
            }
        }
    }
    None
}

/// Asserts that what `run` printed (stdout and stderr) is Japanese.
#[track_caller]
pub(crate) fn assert_japanese(run: &Run) {
    let all = format!("{}{}", run.stdout(), run.stderr());
    if all.trim().is_empty() {
        return;
    }
    assert!(all.chars().any(is_japanese), "{}: no Japanese in\n{all}", run.cmd);
    if let Some(found) = english_run(&all) {
        panic!("{}: an English sentence reaches a Japanese reader: {found}\n{all}", run.cmd);
    }
}

/// Asserts that what `run` printed is English: no Japanese sentence (names from the rules and
/// the holiday law stay as they are).
#[track_caller]
pub(crate) fn assert_english(run: &Run) {
    let all = format!("{}{}", run.stdout(), run.stderr());
    for sentence in ["。", "です", "ます", "ください"] {
        assert!(!all.contains(sentence), "{}: Japanese in English output\n{all}", run.cmd);
    }
}

#[test]
fn the_english_run_finder_sees_sentences_not_ids() {
    assert!(english_run("no call 99999; see `toban call list`").is_none());
    assert!(english_run("the note is too long").is_some());
    assert!(english_run("99999番の依頼はありません。`toban call list` で確認").is_none());
    assert!(english_run("d01  2027-w01  Asia/Tokyo  rules/association.toml").is_none());
}

#[test]
fn rules_commands_speak_japanese() {
    let office = Office::new();
    for args in [
        &["check"][..],
        &["holidays", "2027"],
        &["slots", "2027"],
        &["check", "--rules", "no-such-dir"],
    ] {
        assert_japanese(&office.run(args));
    }
    // --help and clap's usage errors may stay English; toban's own words may not.
}

#[test]
fn desk_commands_and_their_refusals_speak_japanese() {
    let office = Office::new();
    office.run(&["plan", "2027", "--time-limit", "5"]).code(0);
    office.run(&["rota", "publish", "2027"]).code(0);
    let runs: Vec<(&[&str], i32)> = vec![
        (&["oncall"], 0),
        (&["absence", "add", "d02", "2027-06-01", "2027-06-03", "--note", "学会"], 0),
        (&["absence", "list"], 0),
        (&["admin", "add", "office"], 0),
        (&["admin", "list"], 0),
        (&["admin", "add", "d01"], 1),
        (&["admin", "remove", "office"], 0),
        (&["admin", "remove", "office"], 1),
        (&["absence", "remove", "1"], 0),
        (&["absence", "remove", "99"], 1),
        (&["absence", "add", "d99", "2027-06-01", "2027-06-03"], 1),
        (&["absence", "add", "d02", "2027-06-03", "2027-06-01"], 2),
        (
            &[
                "patient",
                "add",
                "--name",
                "山田 花子",
                "--address",
                "千葉市中央区1-2-3",
                "--area",
                "中央",
                "--attending",
                "d01",
                "--consent",
                "2026-04-01",
            ],
            0,
        ),
        (&["patient", "list"], 0),
        (&["patient", "show", "1"], 0),
        (&["patient", "show", "99"], 1),
        (
            &[
                "patient",
                "add",
                "--name",
                "x",
                "--address",
                "y",
                "--attending",
                "h1",
                "--consent",
                "2026-04-01",
            ],
            2,
        ),
        (&["patient", "edit", "1", "--consent", "2027-12-01"], 2),
        (&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"], 0),
        (&["call", "list"], 0),
        (&["call", "show", "1"], 0),
        (&["call", "show", "99999"], 1),
        (&["call", "accept", "1", "--as", "h3"], 1),
        (&["call", "accept", "1", "--as", "d01"], 0),
        (
            &["call", "report", "1", "--as", "d01", "--outcome", "visit", "--text", "解熱しました"],
            0,
        ),
        (&["call", "show", "1"], 0),
        (&["call", "cancel", "1", "--as", "ns1"], 1),
        (&["invite", "d01"], 0),
        (&["invite", "nobody"], 1),
        (&["links"], 0),
        (&["unlink", "d01"], 1),
        (&["feed", "token", "issue", "d01"], 0),
        (&["feed", "token", "list"], 0),
        (&["feed", "token", "revoke", "1"], 0),
        (&["feed", "token", "revoke", "99"], 1),
        (&["audit"], 0),
    ];
    for (args, code) in runs {
        assert_japanese(&office.run(args).code(code));
    }
}

#[test]
fn rota_commands_speak_japanese() {
    let office = Office::new();
    for args in [
        &["plan", "2027", "--time-limit", "5"][..],
        &["rota", "show", "2027"],
        &["rota", "publish", "2027"],
        &["rota", "show", "2027:published"],
        &["rota", "freeze", "2027", "2027-03-02"],
        &["rota", "unfreeze", "2027", "2027-03-02"],
        &["ledger"],
        &["history", "list"],
        &["report", "2027"],
        &["simulate", "--years", "1"],
    ] {
        assert_japanese(&office.run(args).code(0));
    }
    let backup = office.dir.path().join("backup.json");
    let backup = backup.to_str().unwrap();
    for (args, code) in [
        (&["rota", "show", "2031"][..], 1),
        (&["rota", "publish", "2031"], 1),
        (&["rota", "draft", "discard", "2027"], 1),
        (&["rota", "freeze", "2027", "1999-01-01"], 1),
        (&["rota", "diff", "2027:published", "2027:draft"], 1),
        (&["plan", "2027"], 1),
        (&["history", "remove", "--batch", "9"], 1),
        (&["history", "import", "no-such.csv"], 2),
        (&["actual", "2027-03-02", "--was", "d01", "--is", "d02", "--reason", " "], 2),
        (&["actual", "2099-03-02", "--was", "d01", "--is", "d02", "--reason", "急病"], 1),
        (&["backup", "--out", backup], 0),
        (&["doctor"], 1),
        (&["simulate", "--years", "80", "--from", "2090"], 2),
    ] {
        assert_japanese(&office.run(args).code(code));
    }
}

#[test]
fn toban_lang_en_and_an_english_association_give_english() {
    let office = Office::new();
    let mut cmd = office.command();
    cmd.env("TOBAN_LANG", "en");
    let r = run(cmd, &["call", "show", "99999"]).code(1).stderr_has("no call 99999");
    assert_english(&r);
    let r = office.run(&["--lang", "en", "holidays", "2027"]).code(0).stdout_has("public holidays");
    assert_english(&r);
    // Japanese by default with the shipped rules.
    office.run(&["call", "show", "99999"]).code(1).stderr_has("99999番の依頼はありません");
    let english = Office::english();
    let r = english.run(&["check"]).code(0).stdout_has("rules OK");
    assert_english(&r);
    let r = english.run(&["patient", "show", "7"]).code(1).stderr_has("no registered patient 7");
    assert_english(&r);
    // --lang ja wins over an English association.
    english.run(&["--lang", "ja", "patient", "show", "7"]).code(1).stderr_has("7番の患者さん");
    // Usage errors too, in English only: the language is read (TOBAN_LANG, the rules'
    // language) before clap parses (issue 18).
    let r = english.run(&["plan", "abc"]).code(2).stderr_has("invalid value 'abc'");
    assert_english(&r);
    let r = english.run(&["plna"]).code(2).stderr_has("unrecognized subcommand 'plna'");
    assert_english(&r);
    let mut cmd = office.command();
    cmd.env("TOBAN_LANG", "en");
    let r = run(cmd, &["call", "show", "x"]).code(2).stderr_has("invalid value 'x'");
    assert_english(&r);
}

#[test]
fn the_demo_speaks_japanese() {
    let office = Office::new();
    let dir = office.dir.path().join("demo");
    let r = office.run(&["demo", "--dir", dir.to_str().unwrap()]).code(0);
    assert_japanese(&r);
    assert_japanese(&office.run(&["demo", "--dir", dir.to_str().unwrap()]).code(1));
}

#[test]
fn serve_answers_each_client_in_the_clients_language_not_its_own() {
    use crate::routing_cli::Desk;
    let desk = Desk::unplanned();
    // serve itself runs with TOBAN_LANG=en (the English helper); a client without it reads
    // the association's Japanese, one with it English.
    let _serve = desk.spawn_serve(&[]);
    desk.wait_ready();
    let mut ja = desk.command();
    ja.env_remove("TOBAN_LANG");
    let r = run(ja, &["call", "show", "99999"]).code(1).stderr_has("99999番の依頼はありません");
    assert_japanese(&r);
    let mut ja = desk.command();
    ja.env_remove("TOBAN_LANG");
    assert_japanese(&run(ja, &["absence", "list"]).code(0));
    desk.run(&["call", "show", "99999"]).code(1).stderr_has("no call 99999");
    let mut flag = desk.command();
    flag.env_remove("TOBAN_LANG");
    run(flag, &["--lang", "en", "call", "show", "99999"]).code(1).stderr_has("no call 99999");
}

/// Issue 17: tables show days as people write them (「6月1日(火)」, with the year where it
/// is not this one, "Tue 1 Jun 2027" in English); JSON and CSV keep ISO dates for scripts.
#[test]
fn tables_show_dates_as_people_write_them_and_scripts_keep_iso() {
    let office = Office::new();
    office.run(&["plan", "2027", "--time-limit", "5"]).code(0);
    office.run(&["absence", "add", "d02", "2027-06-01", "2027-06-03"]).code(0);
    let list = office.run(&["absence", "list"]).code(0).stdout();
    assert!(list.contains("6月1日(火)") && list.contains("6月3日(木)"), "{list}");
    assert!(list.contains("石川 花子先生（d02）"), "the doctor named: {list}");
    assert!(!list.contains("2027-06-01"), "{list}");
    let json = office.run(&["absence", "list", "--format", "json"]).code(0).json();
    assert_eq!(json[0]["from"], "2027-06-01");
    let patient = [
        "patient",
        "add",
        "--name",
        "山田 花子",
        "--address",
        "千葉市中央区1-2-3",
        "--attending",
        "d01",
        "--consent",
        "2026-04-01",
    ];
    office.run(&patient).code(0);
    // The consent lies in another year than today's: with its year.
    let shown = office.run(&["patient", "show", "1"]).code(0).stdout();
    assert!(shown.contains("2026年4月1日(水)") && !shown.contains("2026-04-01"), "{shown}");
    let listed = office.run(&["patient", "list"]).code(0).stdout();
    assert!(listed.contains("2026年4月1日(水)") && !listed.contains("2026-04-01"), "{listed}");
    let rota = office.run(&["rota", "show", "2027"]).code(0).stdout();
    assert!(rota.contains("3月2日(火) 9:00"), "{rota}");
    assert!(!rota.contains(" 火 09:00") && !rota.contains("Tue"), "{rota}");
    let csv = office.run(&["rota", "show", "2027", "--format", "csv"]).code(0).stdout();
    assert!(csv.contains("T09:00:00+09:00"), "{csv}");
    let check = office.run(&["check"]).code(0).stdout();
    assert!(check.contains("(火) 9:00"), "{check}");
    let mut en = office.command();
    en.env("TOBAN_LANG", "en");
    let list = run(en, &["absence", "list"]).code(0).stdout();
    assert!(list.contains("Tue 1 Jun 2027") && list.contains("Thu 3 Jun 2027"), "{list}");
    assert!(list.contains("Dr Ishikawa Hanako (d02)"), "the doctor named: {list}");
    let mut en = office.command();
    en.env("TOBAN_LANG", "en");
    let rota = run(en, &["rota", "show", "2027"]).code(0).stdout();
    assert!(rota.contains("Tue 2 Mar 2027 09:00"), "{rota}");
}

/// Issue 17: an empty list says so, in one sentence of its own, instead of a bare header.
#[test]
fn empty_lists_say_so() {
    let office = Office::new();
    for (args, says) in [
        (&["absence", "list"][..], "登録されている不在はありません。"),
        (&["patient", "list"], "登録されている患者さんはいません。"),
        (&["call", "list"], "記録されている依頼はありません。"),
        (&["call", "list", "--open"], "対応中の依頼はありません。"),
        (&["feed", "token", "list"], "発行されている配信トークンはありません。"),
        (&["audit"], "監査記録はまだありません。"),
        (&["audit", "--since", "2027-03-01"], "2027年3月1日(月)以降の監査記録はありません。"),
        (&["admin", "list"], "事務局の画面のアカウントはまだありません。"),
        (&["request", "list"], "受付中の交換・代行の依頼はありません。"),
        (&["request", "list", "--all"], "交換・代行の依頼はまだありません。"),
    ] {
        let r = office.run(args).code(0).stdout_has(says);
        assert_japanese(&r);
    }
    let mut en = office.command();
    en.env("TOBAN_LANG", "en");
    run(en, &["absence", "list"]).code(0).stdout_has("No absences are recorded.");
}

/// Issue 17: the audit log reads in the reader's language, doctors named; an entry written
/// before audit entries were typed lists as it was written.
#[test]
fn the_audit_log_speaks_the_readers_language() {
    let office = Office::new();
    office.run(&["plan", "2027", "--time-limit", "5"]).code(0);
    office.run(&["rota", "publish", "2027"]).code(0);
    office.run(&["absence", "add", "d02", "2027-06-01", "2027-06-03"]).code(0);
    office.run(&["feed", "token", "issue", "d01"]).code(0);
    let audit = office.run(&["audit"]).code(0);
    assert_japanese(&audit);
    let text = audit.stdout();
    assert!(text.contains("2027年の当番表を公開しました"), "{text}");
    assert!(text.contains("石川 花子先生の不在 1 を登録しました: 2027年6月1日(火)"), "{text}");
    assert!(text.contains("配信トークン 1 を青木 一郎先生の当番用に発行しました"), "{text}");
    let mut en = office.command();
    en.env("TOBAN_LANG", "en");
    let text = run(en, &["audit"]).code(0).stdout();
    assert!(text.contains("published the 2027 rota"), "{text}");
    // An English reader reads `name_en` (issue 18); the entry itself keeps the id.
    assert!(text.contains("feed token 1 issued for Aoki Ichiro (d01)"), "{text}");
    let json = office.run(&["audit", "--format", "json"]).code(0).json();
    let publish = json.as_array().unwrap().iter().find(|e| e["action"] == "publish").unwrap();
    assert_eq!(publish["event"]["type"], "rota_published");
    assert_eq!(publish["event"]["year"], 2027);
}

/// Issue 17: a refusal names the doctors it lists (「青木 一郎先生」), not only their ids.
#[test]
fn refusals_name_the_doctors() {
    let office = Office::new();
    let r = office.run(&["absence", "add", "d99", "2027-06-01", "2027-06-03"]).code(1);
    assert_japanese(&r);
    let err = r.stderr();
    assert!(err.contains("d01 青木 一郎先生") && err.contains("d02 石川 花子先生"), "{err}");
}

/// Issue 17 / DESIGN.md §6: a usage error exits 2; a well-formed request refused by the
/// rules or the records (no such call, a change that breaks the rota's rules) exits 1.
#[test]
fn refusals_exit_1_and_usage_errors_2() {
    let office = Office::new();
    office.run(&["call", "show", "99999"]).code(1);
    office.run(&["patient", "show", "99"]).code(1);
    office.run(&["absence", "remove", "99"]).code(1);
    office.run(&["absence", "add", "d02", "2027-06-03", "2027-06-01"]).code(2);
    office.run(&["call", "show", "x"]).code(2);
    office.run(&["no-such-command"]).code(2);
    // The office's hand on swap requests answers in the reader's language too.
    let r = office.run(&["request", "approve", "99"]).code(1).stderr_has("交換・代行の依頼 99");
    assert_japanese(&r);
    let r = office.run(&["request", "approve", "99", "--as", "d01"]).code(1).stderr_has("d01");
    assert_japanese(&r);
}

#[test]
fn rules_problems_plan_clashes_and_history_lines_speak_the_readers_language() {
    // A broken rules folder: its language cannot be read, so the shipped Japanese.
    let broken = Office::with_rules(&repo().join("tests/fixtures/rules-bad/bad-fte"));
    let r = broken
        .run(&["check"])
        .code(3)
        .stderr_has("「fte」は 0 より大きく 1 以下の数で書いてください");
    assert_japanese(&r);
    let mut en = broken.command();
    en.env("TOBAN_LANG", "en");
    assert_english(&run(en, &["check"]).code(3).stderr_has("doctor.fte = 1.5 is out of range"));

    // An association `toban plan` cannot plan: `check` and `plan` say why, in the same words.
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(repo().join("rules/association.toml"), rules.join("association.toml")).unwrap();
    std::fs::write(
        rules.join("members.toml"),
        "[[doctor]]\nid = \"d01\"\nname = \"青木 一郎\"\nclinic = \"青木内科\"\n",
    )
    .unwrap();
    let lone = Office::with_rules(&rules);
    let check = lone.run(&["check", "--year", "2027"]).code(3);
    assert_japanese(&check);
    let plan = lone.run(&["plan", "2027", "--time-limit", "5"]).code(3);
    assert_japanese(&plan);
    let simulated = lone.run(&["simulate", "--years", "1", "--from", "2027"]).code(3);
    assert_japanese(&simulated);
    let clash = "2027年1月5日(火)からの枠: 1名のうち入れる先生が0名です（1名必要）。";
    assert!(check.stderr().contains(clash), "{}", check.stderr());
    assert!(plan.stderr().contains(clash), "{}", plan.stderr());
    assert!(simulated.stderr().contains(clash), "{}", simulated.stderr());
    for args in [&["check", "--year", "2027"][..], &["plan", "2027", "--time-limit", "5"]] {
        let mut en = lone.command();
        en.env("TOBAN_LANG", "en");
        let r = run(en, args).code(3).stderr_has("slot 2027-01-05: 0 of 1 doctors can take it");
        assert_english(&r);
    }

    // Bad lines of a history file.
    let office = Office::new();
    let csv = office.dir.path().join("past.csv");
    std::fs::write(
        &csv,
        "slot_start,doctor,kind\n2026-01-13,d99,regular\n2026-13-01,d01,regular\n2026-01-20,d02\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let r = office.run(&["history", "import", csv]).code(2).stderr_has("3行目: ");
    assert_japanese(&r);
    let mut en = office.command();
    en.env("TOBAN_LANG", "en");
    assert_english(&run(en, &["history", "import", csv]).code(2).stderr_has("3 bad lines of 3"));
}

#[test]
fn a_broken_calendar_file_speaks_the_readers_language() {
    let office = Office::new();
    let cal = office.dir.path().join("cal");
    std::fs::create_dir(&cal).unwrap();
    std::fs::write(
        cal.join("bad.ics"),
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20270813T090000\nSUMMARY:お盆\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    let cal = cal.to_str().unwrap();
    let r = office.run(&["--calendars", cal, "check"]).code(3).stderr_has(
        "bad.ics 3行目: 予定「お盆」の DTSTART「20270813T090000」が終日の日付ではありません",
    );
    assert_japanese(&r);
    let mut en = office.command();
    en.env("TOBAN_LANG", "en");
    let r = run(en, &["--calendars", cal, "check"]).code(3).stderr_has("bad.ics:3: event 'お盆'");
    assert_english(&r);
}
