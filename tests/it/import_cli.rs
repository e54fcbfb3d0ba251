//! `toban members import` and `toban history import` from the office's Excel files (issue 18,
//! "Excel both ways"): .xlsx, CSV in UTF-8 with or without a BOM, and Shift-JIS CSV as Excel on
//! Japanese Windows saves it. Every bad row is listed, nothing is written then, and members.toml
//! keeps the office's comments.

use std::fs;
use std::path::PathBuf;

use tempfile::TempDir;

use crate::helpers::{Run, repo, run, toban_in, toban_ja_in};
use crate::lang_cli::assert_japanese;

const NOW: &str = "2027-03-02T22:00:00+09:00";

/// A rules folder (the shipped rules) and a store, for one test.
pub struct Office {
    pub dir: TempDir,
}

impl Office {
    pub fn new() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("rules");
        fs::create_dir(&rules).unwrap();
        for f in ["association.toml", "members.toml"] {
            fs::copy(repo().join("rules").join(f), rules.join(f)).unwrap();
        }
        Office { dir }
    }

    fn cmd(&self, ja: bool) -> std::process::Command {
        let mut cmd = if ja { toban_ja_in(self.dir.path()) } else { toban_in(self.dir.path()) };
        cmd.env("TOBAN_RULES", self.dir.path().join("rules"))
            .env("TOBAN_DATA", self.dir.path().join("data"))
            .env("TOBAN_CLOCK", NOW);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.cmd(false), args)
    }

    pub fn run_ja(&self, args: &[&str]) -> Run {
        run(self.cmd(true), args)
    }

    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path: PathBuf = self.dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    pub fn members_toml(&self) -> String {
        fs::read_to_string(self.dir.path().join("rules/members.toml")).unwrap()
    }
}

/// A members workbook as the office keeps it: Japanese headers, a date cell, a share as a
/// number, a column toban does not read; d13 is new, d02 gets a phone and a last day.
pub fn members_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("会員名簿").unwrap();
    let head = ["ID", "氏名", "医療機関", "勤務割合", "電話", "参加日", "退会日", "備考"];
    for (c, h) in head.into_iter().enumerate() {
        s.write_string(0, c as u16, h).unwrap();
    }
    let date = |y, m, d| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    s.write_string(1, 0, "d13").unwrap();
    s.write_string(1, 1, "新井 翔").unwrap();
    s.write_string(1, 2, "新井医院").unwrap();
    s.write_number(1, 3, 0.5).unwrap();
    s.write_string(1, 4, "0479-00-1013").unwrap();
    s.write_datetime_with_format(1, 5, date(2027, 4, 1), &format).unwrap();
    s.write_string(1, 7, "4月から").unwrap();
    s.write_string(2, 0, "d02").unwrap();
    s.write_string(2, 1, "石川 花子").unwrap();
    s.write_string(2, 2, "石川医院").unwrap();
    s.write_string(2, 4, "0479-00-2002").unwrap();
    s.write_datetime_with_format(2, 5, date(1999, 4, 1), &format).unwrap();
    s.write_datetime_with_format(2, 6, date(2027, 9, 30), &format).unwrap();
    s.write_string(3, 0, "d01").unwrap();
    s.write_string(3, 1, "青木 一郎").unwrap();
    s.write_string(3, 2, "青木内科クリニック").unwrap();
    s.write_string(3, 4, "0479-00-1001").unwrap();
    s.write_datetime_with_format(3, 5, date(1999, 4, 1), &format).unwrap();
    book.save_to_buffer().unwrap()
}

/// One new doctor, as a CSV text.
const NEW_DOCTOR_CSV: &str =
    "id,氏名,医療機関,電話,参加日\nd13,新井 翔,新井医院,0479-00-1013,2027/4/1\n";

/// The doctors' ids, as `toban check` (the loader) reads the rules now.
fn doctors(o: &Office) -> Vec<String> {
    let v = o.run(&["check", "--format", "json"]).code(0).json();
    let list = v["members"]["doctors"].as_array().cloned();
    let list = list.unwrap_or_else(|| panic!("no doctors: {v}"));
    list.iter().map(|d| d.as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn an_xlsx_adds_and_updates_doctors_and_members_toml_keeps_its_comments() {
    let o = Office::new();
    let before = o.members_toml();
    let file = o.file("会員名簿.xlsx", members_xlsx());
    let r = o.run_ja(&["members", "import", &file]).code(0);
    let out = r.stdout();
    for want in [
        "Excel ブック（.xlsx）として読みました",
        "追加 d13 新井 翔先生（新井医院）　2行目",
        "変更 d02 石川 花子先生: 電話 0479-00-1002 → 0479-00-2002、退会日 （なし） → 2027-09-30",
        "読まなかった列: 「備考」",
        "取り込みました。追加 1名、変更 1名、変更なし 1名です。",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    assert_japanese(&r);
    let after = o.members_toml();
    for comment in before.lines().filter(|l| l.starts_with('#')) {
        assert!(after.contains(comment), "comment lost: {comment}\n{after}");
    }
    assert!(after.contains("id = \"d13\"\nname = \"新井 翔\""), "{after}");
    assert!(after.contains("fte = 0.5\njoined = 2027-04-01"), "{after}");
    assert!(after.contains("left = 2027-09-30"), "{after}");
    // The rules as written pass `toban check`, with the new doctor in them.
    let ids = doctors(&o);
    assert!(ids.contains(&"d13".to_string()), "{ids:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(o.dir.path().join("rules/members.toml")).unwrap().permissions();
        assert_eq!(mode.mode() & 0o077, 0o040, "the rules stay 0640");
    }
    // Audited, typed, in the reader's language.
    let audit = o.run(&["audit", "--format", "json"]).code(0).json();
    let entry = audit.as_array().unwrap().iter().find(|e| e["action"] == "rules").cloned();
    let entry = entry.unwrap_or_else(|| panic!("no rules entry: {audit}"));
    assert_eq!(entry["event"]["type"], "members_imported", "{entry}");
    assert_eq!(entry["event"]["added"], serde_json::json!(["d13"]), "{entry}");
    assert!(entry["by"].as_str().unwrap().starts_with("admin:"), "{entry}");
    let ja = o.run_ja(&["audit"]).code(0).stdout();
    assert!(ja.contains("会員名簿.xlsx から会員名簿を取り込みました（追加 1名：d13"), "{ja}");
    // The same file again changes nothing.
    o.run(&["members", "import", &file])
        .code(0)
        .stdout_has("imported: added 0, updated 0, unchanged 3.");
    assert_eq!(o.members_toml(), after);
}

#[test]
fn csv_in_utf8_with_and_without_a_bom_and_in_shift_jis_read_alike() {
    let o = Office::new();
    let before = o.members_toml();
    let crlf = NEW_DOCTOR_CSV.replace('\n', "\r\n");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&crlf);
    let files = [
        (o.file("utf8.csv", NEW_DOCTOR_CSV), "CSV (UTF-8)"),
        (o.file("bom.csv", format!("\u{feff}{NEW_DOCTOR_CSV}")), "CSV (UTF-8)"),
        (o.file("sjis.csv", sjis.as_ref()), "CSV (Shift-JIS)"),
    ];
    for (file, form) in &files {
        o.run(&["members", "import", file, "--dry-run"])
            .code(0)
            .stdout_has(form)
            .stdout_has("add d13 新井 翔 (新井医院), row 2")
            .stdout_has("the import would add 1, update 0, leave 0 unchanged.")
            .stdout_has("--dry-run: nothing has been written.");
    }
    assert_eq!(o.members_toml(), before, "a dry run writes nothing");
    let audit = o.run(&["audit", "--format", "json"]).code(0).json();
    assert!(!audit.to_string().contains("members_imported"), "a dry run is not audited: {audit}");
    o.run(&["members", "import", &files[2].0]).code(0).stdout_has("imported: added 1");
    assert!(doctors(&o).contains(&"d13".to_string()));
    assert!(o.members_toml().contains("name = \"新井 翔\""), "the Shift-JIS name decoded");
}

#[test]
fn every_bad_row_is_listed_in_the_readers_language_and_nothing_is_written() {
    let o = Office::new();
    let before = o.members_toml();
    let csv = "ID,氏名,医療機関,勤務割合,電話,参加日,退会日\n\
               d13,新井 翔,新井医院,1.5,,2027/4/1,\n\
               d14,,新井医院,,,,\n\
               d15,新 三,新井医院,,電話なし,2027/13/1,\n\
               h1,病院の人,医院,,,,\n\
               d16,新 四,新井医院,,,2027/4/1,2027/3/1\n";
    let file = o.file("bad.csv", csv);
    let ja = o.run_ja(&["members", "import", &file]).code(2);
    let err = ja.stderr();
    for want in [
        "bad.csv 2行目 D列「勤務割合」: 「1.5」は勤務割合として読めません",
        "bad.csv 3行目 B列「氏名」: 氏名がありません",
        "bad.csv 4行目 E列「電話」: 「電話なし」は電話番号として読めません",
        "bad.csv 4行目 F列「参加日」: 「2027/13/1」は日付として読めません",
        "bad.csv 5行目 A列「ID」: ID「h1」はすでに後方支援病院「国保匝瑳中央病院」の ID です",
        "bad.csv 6行目 G列「退会日」: 退会日（2027年3月1日(月)）が入会日（2027年4月1日(木)）より前です",
        "5行のうち5行に問題があります。すべて直してから、もう一度取り込んでください。まだ何も書き込んでいません。",
    ] {
        assert!(err.contains(want), "{want} missing:\n{err}");
    }
    assert_japanese(&ja);
    o.run(&["members", "import", &file])
        .code(2)
        .stderr_has("bad.csv:2: column D (勤務割合): '1.5' is not a share of a full load")
        .stderr_has("5 bad rows of 5");
    assert_eq!(o.members_toml(), before, "nothing is written when a row is bad");
    let audit = o.run(&["audit", "--format", "json"]).code(0).json();
    assert!(!audit.to_string().contains("members_imported"), "{audit}");
    // A file that is not a table, and a header without the id column.
    o.run(&["members", "import", &o.file("x.csv", [0x81u8, 0x20, 0xff])])
        .code(2)
        .stderr_has("x.csv is neither an Excel workbook");
    o.run(&["members", "import", &o.file("h.csv", "氏名,医療機関\n新井 翔,新井医院\n")])
        .code(2)
        .stderr_has("h.csv: the header row (1) has no id (headed 'id') column");
    o.run(&["members", "import", &o.file("w.xlsx", members_xlsx()), "--sheet", "名簿"])
        .code(2)
        .stderr_has("w.xlsx has no sheet '名簿'; its sheets are '会員名簿'");
}

#[test]
fn history_is_imported_from_an_xlsx_as_from_a_csv() {
    let o = Office::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["slot_start", "doctor", "kind"].into_iter().enumerate() {
        s.write_string(0, c as u16, h).unwrap();
    }
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    let days = [(2026, 1, 6, "青木 一郎"), (2026, 1, 13, "d02")];
    for (i, (y, m, d, who)) in days.into_iter().enumerate() {
        let row = i as u32 + 1;
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
        s.write_datetime_with_format(row, 0, &day, &format).unwrap();
        s.write_string(row, 1, who).unwrap();
        s.write_string(row, 2, "regular").unwrap();
    }
    let file = o.file("past.xlsx", book.save_to_buffer().unwrap());
    o.run(&["history", "import", &file]).code(0).stdout_has("imported 2 duties from");
    let listed = o.run(&["history", "list", "--format", "json"]).code(0).json();
    let doctors: Vec<&str> = listed["duties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doctor"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(doctors, ["d01", "d02"], "{listed}");
}

#[test]
fn a_hospital_a_station_a_period_and_a_doctor_are_added_from_the_command_line() {
    let o = Office::new();
    o.run(&[
        "members",
        "add",
        "hospital",
        "h4",
        "--name",
        "匝瑳新病院",
        "--phone",
        "0479-00-0004",
        "--order",
        "4",
    ])
    .code(0)
    .stdout_has("added h4 (匝瑳新病院) to members.toml");
    o.run(&["members", "add", "station", "ns2", "--name", "八日市場訪問看護"]).code(0);
    o.run(&[
        "members", "add", "period", "obon", "--name", "お盆", "--start", "08-13", "--end", "08-16",
    ])
    .code(0)
    .stdout_has("to association.toml");
    o.run(&["members", "add", "doctor", "d13", "--name", "新井 翔", "--clinic", "新井医院"])
        .code(0);
    let members = o.members_toml();
    let h4 = members.find("id = \"h4\"").unwrap();
    assert!(members.find("id = \"h3\"").unwrap() < h4, "{members}");
    assert!(h4 < members.find("[[nurse_station]]").unwrap(), "{members}");
    // The same order twice: the loader's problem, nothing written, exit 1 (a refusal).
    let r = o
        .run(&[
            "members",
            "add",
            "hospital",
            "h5",
            "--name",
            "x",
            "--phone",
            "0479-00-0005",
            "--order",
            "4",
        ])
        .code(1);
    assert!(r.stderr().contains("nothing has been written"), "{}", r.stderr());
    assert_eq!(o.members_toml(), members);
    let check = o.run(&["check", "--format", "json"]).code(0).json();
    assert!(check.to_string().contains("obon"), "{check}");
    let audit = o.run(&["audit", "--format", "json"]).code(0).json();
    let added = audit.as_array().unwrap().iter().filter(|e| e["action"] == "rules").count();
    assert_eq!(added, 4, "{audit}");
}
