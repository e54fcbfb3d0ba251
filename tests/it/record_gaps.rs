//! Small gaps in the home-care record (issue 20): a date of birth entered by mistake can be
//! cleared (`born = ""` in the file given to `patient edit --from-file`).

use crate::routing_cli::Desk;

/// `toban ARGS` with `input` on standard input.
fn with_stdin(desk: &Desk, args: &[&str], input: &str) -> std::process::Output {
    let mut cmd = desk.command();
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_date_of_birth_can_be_cleared_and_a_bad_one_is_refused() {
    let desk = Desk::new();
    let add = "name = \"山田 花子\"\naddress = \"千葉県匝瑳市八日市場イ1\"\narea = \"八日市場\"\nattending = \"d01\"\nconsent = 2026-04-01\nborn = 1938-05-01\n";
    let out = with_stdin(&desk, &["patient", "add", "--from-file", "-"], add);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    desk.run(&["patient", "show", "1"]).code(0).stdout_has("(aged 88)");
    let bad = with_stdin(&desk, &["patient", "edit", "1", "--from-file", "-"], "born = \"5/1\"\n");
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("clears it"));
    let out = with_stdin(&desk, &["patient", "edit", "1", "--from-file", "-"], "born = \"\"\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = desk.run(&["patient", "show", "1"]).code(0).stdout();
    assert!(!shown.contains("aged") && !shown.contains("1938"), "{shown}");
    // The rest of the record is untouched.
    assert!(shown.contains("八日市場"), "{shown}");
}
