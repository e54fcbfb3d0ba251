//! `toban init DIR`: a new association's rules folder from questions or a members sheet, which
//! `toban check` and `toban plan` then accept as they are.

use std::io::Write;
use std::process::Stdio;

use crate::helpers::{run, toban_in, toban_ja_in};

/// `toban init ARGS` with `answers` on stdin, without `TOBAN_LANG`: init speaks the language
/// the association is given (Japanese by default) unless `--lang` says otherwise.
fn init_with(dir: &std::path::Path, args: &[&str], answers: &str) -> (i32, String, String) {
    let mut cmd = toban_ja_in(dir);
    cmd.arg("init").args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn questions_answered_in_japanese_make_rules_that_check_and_plan_accept() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = "ja\n東総医師会 在宅当番\ntoso\n2\n1\n水\n8:30\nはい\n";
    let (code, out, err) = init_with(tmp.path(), &["rules"], answers);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("医師会（またはシステム）の名称"), "asked in Japanese: {err}");
    assert!(out.contains("association.toml と members.toml を作成しました"), "{out}");
    assert!(out.contains("会員は例です"), "{out}");
    let text = std::fs::read_to_string(tmp.path().join("rules/association.toml")).unwrap();
    for want in [
        "name = \"東総医師会 在宅当番\"",
        "plan_year_start = \"04-01\"",
        "handover_weekday = \"wed\"",
        "handover_time = \"08:30\"",
        "id = \"obon\"",
        "# 交代の曜日",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    // Readable by the service's group (the package's setgid /etc/toban/rules), nobody else.
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &str| std::fs::metadata(tmp.path().join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("rules"), 0o750);
    assert_eq!(mode("rules/members.toml"), 0o640);
    run(toban_in(tmp.path()), &["check"]).code(0);
    run(toban_in(tmp.path()), &["plan", "2027"]).code(0);
}

#[test]
fn a_members_sheet_from_excel_becomes_members_toml() {
    let tmp = tempfile::tempdir().unwrap();
    // Excel's "CSV UTF-8" starts with a byte order mark.
    let sheet = "\u{feff}区分,氏名,医療機関,入会日,電話\n医師,青木 一郎,青木医院,2001/4/1,0479-1\n医師,石川 花子,石川医院,,\n医師,上田 誠,上田外科,,\n病院,中央病院,,,0479-2\n訪問看護,さくら訪問看護,,,\n事務局,事務局,,,\n";
    std::fs::write(tmp.path().join("会員.csv"), sheet).unwrap();
    let (code, out, err) =
        init_with(tmp.path(), &["rules", "--members", "会員.csv", "--name", "例医師会", "-y"], "");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("会員 6名、うち医師 3名"), "{out}");
    let members = std::fs::read_to_string(tmp.path().join("rules/members.toml")).unwrap();
    for want in [
        "id = \"d01\"",
        "name = \"青木 一郎\"",
        "joined = 2001-04-01",
        "id = \"h1\"",
        "order = 1",
        "id = \"ns1\"",
        "id = \"office\"",
    ] {
        assert!(members.contains(want), "{want} in\n{members}");
    }
    run(toban_in(tmp.path()), &["check"]).code(0).stdout_has("青木 一郎");
}

#[test]
fn a_bad_sheet_names_every_bad_line_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let sheet = "区分,氏名,入会日\n医師,A,2024/13/1\n外科,B,\n病院,C,\n";
    std::fs::write(tmp.path().join("m.csv"), sheet).unwrap();
    let (code, _, err) = init_with(tmp.path(), &["rules", "--members", "m.csv", "-y"], "");
    assert_eq!(code, 2, "{err}");
    for want in [
        "m.csv:2: 入会日「2024/13/1」",
        "m.csv:3: 区分「外科」",
        "m.csv:4: 病院「C」の電話番号",
        "上の3か所",
    ] {
        assert!(err.contains(want), "{want} in\n{err}");
    }
    assert!(!tmp.path().join("rules").exists(), "nothing written");
}

#[test]
fn init_lang_en_names_a_bad_sheets_lines_in_english() {
    let tmp = tempfile::tempdir().unwrap();
    let sheet = "区分,氏名,入会日\n医師,A,2024/13/1\n外科,B,\n病院,C,\n";
    std::fs::write(tmp.path().join("m.csv"), sheet).unwrap();
    let (code, _, err) =
        init_with(tmp.path(), &["rules", "--members", "m.csv", "-y", "--lang", "en"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("m.csv:2:") && err.contains("m.csv:4:"), "{err}");
    assert!(err.contains("Fix the 3 problems above"), "{err}");
    for japanese in ["上の3か所", "。", "ください"] {
        assert!(!err.contains(japanese), "{japanese} in\n{err}");
    }
    assert!(!tmp.path().join("rules").exists(), "nothing written");
    // The files still speak the association's language: Japanese comments with --lang en.
    let (code, out, err) = init_with(tmp.path(), &["ja-rules", "-y", "--lang", "en"], "");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("Wrote association.toml and members.toml"), "{out}");
    let text = std::fs::read_to_string(tmp.path().join("ja-rules/association.toml")).unwrap();
    assert!(text.contains("# 交代の曜日"), "{text}");
}

#[test]
fn a_shift_jis_sheet_is_refused_with_how_to_save_it() {
    let tmp = tempfile::tempdir().unwrap();
    // 区分,氏名 / 医師,青木 in Shift-JIS.
    let sjis: &[u8] = b"\x8b\xe6\x95\xaa,\x8e\x81\x96\xbc\n\x88\xe3\x8e\x74,\x90\xc2\x96\xd8\n";
    std::fs::write(tmp.path().join("m.csv"), sjis).unwrap();
    let (code, _, err) = init_with(tmp.path(), &["rules", "--members", "m.csv", "-y"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Shift-JIS") && err.contains("CSV UTF-8 (コンマ区切り)"), "{err}");
}

#[test]
fn an_existing_folder_is_never_overwritten_and_english_works_too() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("rules")).unwrap();
    std::fs::write(tmp.path().join("rules/association.toml"), "# mine\n").unwrap();
    let (code, _, err) = init_with(tmp.path(), &["rules", "-y"], "");
    assert_eq!(code, 2);
    assert!(err.contains("上書きはしません"), "{err}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("rules/association.toml")).unwrap(),
        "# mine\n"
    );
    let (code, out, err) = init_with(
        tmp.path(),
        &["new-rules", "--language", "en", "--fiscal-year", "--doctors-per-slot", "2"],
        "\n\n\n\n\n",
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("The association's (or the system's) name"), "{err}");
    assert!(out.contains("Wrote association.toml and members.toml"), "{out}");
    run(toban_in(tmp.path()), &["check", "--rules", "new-rules"]).code(0);
}
