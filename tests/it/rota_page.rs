//! The rota as a page: `toban rota page` and `GET /rota/<token>` give the same self-contained
//! HTML (no external resources, A4 landscape, Japanese labels, no patient data); with Chromium
//! on the machine, it is printed to PDF (one A4 landscape sheet) and screenshotted.

use std::path::PathBuf;
use std::process::Command;

use crate::feeds_http::{address, get, issue};
use crate::routing_cli::Desk;

pub(crate) fn assert_self_contained(html: &str) {
    let without_svg_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for bad in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "http:", "https:"]
    {
        assert!(!without_svg_ns.contains(bad), "`{bad}` in the page: it must work offline");
    }
    assert!(html.contains("@page { size: A4 landscape"), "prints A4 landscape");
}

#[test]
fn the_rota_page_is_one_self_contained_sheet_with_every_doctor_and_no_patient_data() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let rota = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let file = desk.dir.path().join("rota.html");
    desk.run(&["rota", "page", "2027", "--out", file.to_str().unwrap()])
        .code(0)
        .stdout_has("wrote the 2027 rota page");
    let html = std::fs::read_to_string(&file).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("<html lang=\"ja\">") && html.contains("在宅当番表 2027年"));
    assert_eq!(html.matches("<section class=\"month\">").count(), 12, "twelve month grids");
    for m in 1..=12 {
        assert!(html.contains(&format!("<h2>2027年{m}月</h2>")), "month {m}");
    }
    // Every doctor on duty is named in the legend with their colour; public holidays and the
    // holiday-period duties are marked.
    for line in std::fs::read_to_string(crate::helpers::repo().join("rules/members.toml"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("name = "))
        .take(10)
    {
        let name = line.trim_start_matches("name = ").trim_matches('"');
        assert!(html.contains(name), "{name} on the page");
    }
    assert!(html.contains("title=\"元日 / 年末年始"), "New Year's Day marked in the New Year slot");
    assert!(html.matches("class=\"ph").count() >= 15, "public holidays marked");
    let striped = html
        .split("<td class=\"")
        .skip(1)
        .filter(|c| c.split('"').next().unwrap().split(' ').any(|k| k == "hol"))
        .count();
    assert!(striped >= 14, "holiday-period days striped: {striped}");
    // The fairness chart has a bar per doctor of the rota.
    let doctors = rota["doctors"].as_array().unwrap().len();
    assert_eq!(html.matches("<rect ").count(), doctors);
    // No patient data: the registered patient's name, address and diagnosis are nowhere.
    for secret in ["山田 花子", "八日市場イ1", "脳梗塞後遺症", "DNAR"] {
        assert!(!html.contains(secret), "{secret} leaked into the page");
    }
    // The same page from `serve` for any feed token (the same clock, so the same "as of").
    let _serve = desk.serve();
    let token = issue(&desk, &["d03"]);
    let base = address(&desk);
    let path = format!("/rota/{}", token["token"].as_str().unwrap());
    let (status, headers, body) = get(&base, &path, &[]);
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(body, html);
    // The page runs nothing and loads nothing (it is one self-contained sheet), and its address
    // carries a feed token: the browser is told so, as for the console.
    let csp = &headers["content-security-policy"];
    for part in ["default-src 'none'", "script-src 'none'", "base-uri 'none'", "form-action 'none'"]
    {
        assert!(csp.contains(part), "{part} missing from the page's policy: {csp}");
    }
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer", "the token must not leave in a Referer");
    // One rota: no links between rotas (issue 20).
    assert!(!html.contains("<nav") && !html.contains("nav.rotas"), "no rotas to link");
    let (status, _, _) = get(&base, &format!("{path}?year=2027"), &[]);
    assert_eq!(status, 200);
    // A reader may ask for the page in English (issue 18): the same sheet, its texts in English.
    let (status, _, english) = get(&base, &format!("{path}?lang=en"), &[]);
    assert_eq!(status, 200, "{english}");
    assert_self_contained(&english);
    for text in
        ["<html lang=\"en\">", "duty rota 2027</h1>", "<h2>January 2027</h2>", "as of ", "Fairness"]
    {
        assert!(english.contains(text), "{text} in the English page");
    }
    // An English reader reads the doctors' English names where the rules give them (issue 18).
    let (ja_name, en_name) = crate::names_en::names("d01");
    assert!(english.contains(en_name) && !english.contains(ja_name), "{en_name} in English");
    for text in ["在宅当番表", "2027年1月", "現在", "公平性", "担当医"] {
        assert!(!english.contains(text), "{text} in the English page");
    }
    assert_eq!(english.matches("<section class=\"month\">").count(), 12);
    assert_eq!(get(&base, &format!("{path}?lang=ja"), &[]).2, html, "ja: the Japanese page");
    let (status, _, body) = get(&base, &format!("{path}?lang=fr"), &[]);
    assert_eq!((status, body.contains("ja or en")), (400, true), "{body}");
    let (status, _, body) = get(&base, &format!("{path}?year=1999"), &[]);
    assert_eq!((status, body.contains("year")), (400, true));
    let (status, _, _) = get(&base, &format!("{path}?year=2030"), &[]);
    assert_eq!(status, 404, "no published rota for 2030");
    let (status, _, _) = get(&base, "/rota/0123456789abcdef0123456789abcdef", &[]);
    assert_eq!(status, 404, "unknown token");
    desk.run(&["feed", "token", "revoke", token["id"].as_str().unwrap()]).code(0);
    assert_eq!(get(&base, &path, &[]).0, 404, "revoked at once");
    // Forwarded to `serve`, a relative --out is relative to where the command was typed.
    let mut cmd = desk.command();
    let out = cmd
        .current_dir(desk.dir.path())
        .args(["rota", "page", "2027", "--out", "relative.html"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(desk.dir.path().join("relative.html")).unwrap(), html);
}

/// Chromium, if this machine has it (`TOBAN_CHROMIUM`, else `chromium` on the PATH).
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
fn with_chromium_the_page_prints_on_one_a4_landscape_sheet() {
    let Some(chromium) = chromium() else {
        eprintln!("no Chromium on this machine: the print check is skipped (scripts/rota-page.sh)");
        return;
    };
    let desk = Desk::new();
    let file = desk.dir.path().join("rota.html");
    desk.run(&["rota", "page", "2027", "--out", file.to_str().unwrap()]).code(0);
    let pdf = desk.dir.path().join("rota.pdf");
    let png = desk.dir.path().join("rota.png");
    let profile = desk.dir.path().join("chromium-profile");
    let url = format!("file://{}", file.display());
    for extra in
        [format!("--print-to-pdf={}", pdf.display()), format!("--screenshot={}", png.display())]
    {
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
                "--window-size=1123,794",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(&extra)
            .arg(&url)
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    }
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    let pages = if pages == 0 {
        text.matches("/Type/Page").count() - text.matches("/Type/Pages").count()
    } else {
        pages
    };
    assert_eq!(pages, 1, "the page prints on one sheet");
    // A4 landscape: 842 × 595 points.
    assert!(
        text.contains("/MediaBox [0 0 841.91998 594.95996]")
            || text.contains("/MediaBox [0 0 842 595]")
            || text.contains("/MediaBox[0 0 842 595]"),
        "A4 landscape media box"
    );
    let shot = std::fs::read(&png).unwrap();
    assert!(shot.starts_with(b"\x89PNG") && shot.len() > 20_000, "a screenshot with content");
}
