//! The record a night visit needs (issue 20): date of birth, allergies, key person, the
//! family's number and the visiting-nurse station reach the one who accepts a call and nobody
//! else, and are read from a file or standard input, never from flags; a substitute attending
//! doctor (代理主治医) is asked before the duty doctor while the attending doctor is away.

use std::time::Duration;

use crate::routing_cli::{Desk, wait_for};

/// Registers patient 1 from standard input, as the office would.
fn add_from_stdin(desk: &Desk, toml: &str) {
    let mut cmd = desk.command();
    cmd.args(["patient", "add", "--from-file", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(toml.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_night_record_goes_to_the_substitute_who_accepts_and_nobody_else() {
    let desk = Desk::new();
    let duty = desk.duty_now();
    let doctors = ["d01", "d02", "d05", "d06"];
    let mut free = doctors.iter().filter(|d| **d != duty);
    let (attending, substitute) = (*free.next().unwrap(), *free.next().unwrap());
    add_from_stdin(
        &desk,
        &format!(
            "name = \"山田 花子\"\naddress = \"千葉県匝瑳市八日市場イ1\"\narea = \"八日市場\"\nattending = \"{attending}\"\nconsent = 2026-04-01\nborn = 1938-05-01\nallergies = \"ペニシリン\"\nkey_person = \"長女 山田 桜\"\nfamily_contact = \"090-0000-0000（長女）\"\nnurse_station = \"ns1\"\nsubstitute = \"{substitute}\"\n"
        ),
    );
    // The personal fields have no flags (`ps` would show them).
    for flag in ["--allergies", "--key-person", "--family-contact", "--born"] {
        desk.run(&["patient", "edit", "1", flag, "x"]).code(2);
    }
    // A substitute must be another doctor; a nurse station must be one.
    desk.run(&["patient", "edit", "1", "--substitute", attending]).code(2).stderr_has("substitute");
    desk.run(&["patient", "edit", "1", "--nurse-station", "h1"]).code(2).stderr_has("h1");
    // The office sees them on the record, not in the list.
    desk.run(&["patient", "show", "1"])
        .code(0)
        .stdout_has("ペニシリン")
        .stdout_has("(aged 88)")
        .stdout_has("090-0000-0000")
        .stdout_has(substitute);
    let list = desk.run(&["patient", "list"]).code(0).stdout();
    assert!(!list.contains("ペニシリン") && !list.contains("090-0000"), "{list}");

    // The attending doctor is away: the substitute is asked before the duty doctor.
    desk.run(&["absence", "add", attending, "2027-03-01", "2027-03-31"]).code(0);
    // The office sees whom the patient's call will ask; the on-duty API (JSON) names no patient.
    let oncall = desk.run(&["oncall"]).code(0).stdout();
    let away =
        oncall.split("attending doctor is away").nth(1).unwrap_or_else(|| panic!("{oncall}"));
    assert!(away.contains(attending) && away.contains(substitute), "{oncall}");
    let json = desk.run(&["oncall", "--format", "json"]).code(0).stdout();
    assert!(!json.contains(substitute) && !json.contains("patient"), "{json}");
    let _serve = desk.serve();
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let call = desk.call("1");
    assert_eq!(call["chain"][1]["kind"], "substitute", "{call}");
    assert_eq!(call["chain"][1]["members"][0], substitute, "{call}");
    assert_eq!(call["chain"][2]["kind"], "duty", "{call}");
    assert_eq!(call["state"]["step"], 1, "the attending is skipped at once: {call}");
    desk.run(&["call", "show", "1"]).code(0).stdout_has("substitute attending doctor");
    desk.run(&["call", "accept", "1", "--as", substitute]).code(0);
    wait_for(Duration::from_secs(10), "the record to the substitute", || {
        desk.printed().contains("/record")
    });
    desk.cycle();
    let printed = desk.printed();
    assert_eq!(printed.matches("ペニシリン").count(), 1, "{printed}");
    assert_eq!(printed.matches("090-0000-0000").count(), 1, "{printed}");
    let record = printed.split("[toban] → ").find(|b| b.contains("/record")).unwrap();
    assert!(record.starts_with(&format!("{substitute} ")), "{record}");
    for line in [
        "アレルギー: ペニシリン",
        "キーパーソン: 長女 山田 桜",
        "（88歳）",
        "訪問看護: 匝瑳訪問看護ステーション",
    ] {
        assert!(record.contains(line), "{line} in {record}");
    }
}
