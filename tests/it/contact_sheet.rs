//! A patient's contact sheet (夜間・休日の連絡先, issue 20) through the real binary: one A4
//! portrait page for the household from the registry and the rules, written readable by the
//! office alone, with nothing clinical on it; with Chromium, it prints on one sheet.

use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;
use std::process::Command;

use crate::routing_cli::Desk;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TOBAN_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
            .find(|p| p.is_file())
    })
}

#[test]
fn the_contact_sheet_is_one_private_a4_page_with_whom_to_call() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["patient", "edit", "1", "--nurse-station", "ns1"]).code(0);
    let file = desk.dir.path().join("sheet.html");
    desk.run(&["patient", "sheet", "1", "--out", file.to_str().unwrap()])
        .code(0)
        .stdout_has("contact sheet");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "it names the patient");
    let html = std::fs::read_to_string(&file).unwrap();
    for s in [
        "夜間・休日の連絡先",
        "山田 花子 様",
        "青木内科クリニック",
        "0479-00-1001",
        "東総記念病院",
        "0479-00-0002",
        "匝瑳訪問看護ステーション",
        "0479-00-0100",
        "登録番号 1",
    ] {
        assert!(html.contains(s), "{s} missing");
    }
    for secret in ["脳梗塞後遺症", "アスピリン", "八日市場イ1"] {
        assert!(!html.contains(secret), "{secret} on the household's sheet");
    }
    let audit = desk.run(&["audit", "--format", "json"]).code(0).stdout();
    assert!(audit.contains("contact sheet written for patient 1"), "{audit}");
    desk.run(&["patient", "sheet", "9", "--out", file.to_str().unwrap()]).code(1);
    // Inside serve, relative to where it was typed.
    let _serve = desk.serve();
    let out = desk
        .command()
        .current_dir(desk.dir.path())
        .args(["patient", "sheet", "1", "--out", "relative.html"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(desk.dir.path().join("relative.html")).unwrap(), html);

    let Some(chromium) = chromium() else {
        eprintln!("no Chromium on this machine: the print check is skipped");
        return;
    };
    let pdf = desk.dir.path().join("sheet.pdf");
    let profile = desk.dir.path().join("chromium-profile");
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let count = |a: &str, b: &str| text.matches(a).count() - text.matches(b).count();
    let pages = match count("/Type /Page", "/Type /Pages") {
        0 => count("/Type/Page", "/Type/Pages"),
        n => n,
    };
    assert_eq!(pages, 1, "the sheet prints on one page");
    // A4 portrait: 595 × 842 points.
    assert!(
        text.contains("/MediaBox [0 0 594.95996 841.91998]")
            || text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox[0 0 595 842]"),
        "A4 portrait media box"
    );
}
