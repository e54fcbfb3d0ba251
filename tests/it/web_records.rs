//! The console's record pages over real HTTP from `toban serve` (issue 18): calls, the audit
//! log, the annual report and its downloads, patients, invitations, feed tokens and backups.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{assert_console_page, get, session_of};

/// `s` as maud writes it into a page.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn signed_out_goes_to_sign_in(base: &str, paths: &[&str]) {
    for p in paths {
        let r = get(base, p, "");
        assert_eq!(r.status, 303, "{p}: {}", r.body);
        assert_eq!(r.header("location"), Some("/admin/login"), "{p}");
    }
}

#[test]
fn calls_list_open_ones_first_and_show_what_call_show_prints() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 太郎", "d02");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    desk.run(&[
        "call",
        "raise",
        "--patient",
        "2",
        "--from",
        "ns1",
        "--note",
        "転倒 <痛み> & \"腫れ\"",
    ])
    .code(0);
    desk.run(&["call", "cancel", "1", "--as", "ns1"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    signed_out_goes_to_sign_in(&base, &["/admin/calls", "/admin/calls/2"]);
    let session = session_of(&desk, &base);

    let list = get(&base, "/admin/calls", &session);
    assert_eq!(list.status, 200, "{}", list.body);
    assert_console_page(&list);
    let open = list.body.find("href=\"/admin/calls/2\"").expect("the open call is linked");
    let ended = list.body.find("href=\"/admin/calls/1\"").expect("the ended call is linked");
    assert!(open < ended, "the open call comes first:\n{}", list.body);
    assert!(
        list.body.contains("aria-current=\"page\" href=\"/admin/calls\"")
            || list.body.contains("href=\"/admin/calls\" aria-current=\"page\""),
        "the nav marks Calls:\n{}",
        list.body
    );

    // The call's page in English carries every line of `toban call show` (English too).
    let en = format!("{session}; toban_lang=en");
    let shown = desk.run(&["call", "show", "2"]).code(0).stdout();
    let page = get(&base, "/admin/calls/2", &en);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    for line in shown.lines().map(str::trim).filter(|l| !l.is_empty() && !l.ends_with(':')) {
        assert!(
            page.body.contains(&esc(line)),
            "{line:?} missing from the call page:\n{}",
            page.body
        );
    }
    // The office's view of a call: no patient record on it (as on the command line).
    for private in ["脳梗塞後遺症", "八日市場イ1", "アスピリン"] {
        assert!(!page.body.contains(private) && !list.body.contains(private), "{private} shown");
    }
    assert_eq!(get(&base, "/admin/calls/99", &session).status, 404);
    assert_eq!(get(&base, "/admin/calls/x", &session).status, 404);
}

#[test]
fn the_audit_log_is_newest_first_and_filtered_by_who_and_what() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    signed_out_goes_to_sign_in(&base, &["/admin/audit", "/admin/audit?who=office"]);
    let session = session_of(&desk, &base);
    desk.run(&["feed", "token", "issue", "--all"]).code(0);

    let page = get(&base, "/admin/audit", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let newest =
        audit.as_array().unwrap().iter().map(|e| e["seq"].as_u64().unwrap()).max().unwrap();
    let first_row = page.body.split("<tbody><tr><td>").nth(1).expect("a row");
    assert!(first_row.starts_with(&format!("{newest}<")), "newest first:\n{}", page.body);
    // Typed entries read in the page's language, like `toban audit` (配信トークン: the feed).
    assert!(page.body.contains("事務局の画面にログインしました"), "{}", page.body);
    assert!(page.body.contains("配信トークン"), "{}", page.body);

    let feed = get(&base, "/admin/audit?what=FEED&who=", &session);
    assert!(feed.body.contains("配信トークン"), "{}", feed.body);
    assert!(!feed.body.contains("事務局の画面にログインしました"), "{}", feed.body);
    assert!(feed.body.contains("value=\"FEED\""), "the filter is kept:\n{}", feed.body);
    let office = get(&base, "/admin/audit?who=office", &session);
    assert!(
        office.body.contains("事務局の画面にログインしました")
            && !office.body.contains("配信トークン"),
        "{}",
        office.body
    );
    // Issue 18: the filter finds what the page shows, and the actor reads by name.
    assert!(office.body.contains("<td>匝瑳医師会 事務局（office）</td>"), "{}", office.body);
    assert!(!office.body.contains("<td>office</td>"), "{}", office.body);
    assert!(!office.body.contains("<td>admin:office</td>"), "{}", office.body);
    let by_name = get(&base, "/admin/audit?who=%E4%BA%8B%E5%8B%99%E5%B1%80", &session);
    assert!(by_name.body.contains("事務局の画面にログインしました"), "事務局:\n{}", by_name.body);
    let said = get(&base, "/admin/audit?what=%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3", &session);
    assert!(said.body.contains("事務局の画面にログインしました"), "ログイン:\n{}", said.body);
    assert!(!said.body.contains("配信トークン"), "{}", said.body);
    let none = get(&base, "/admin/audit?who=nobody-at-all", &session);
    assert!(none.body.contains("該当する記録はありません"), "{}", none.body);
    // A page past the end shows the last one.
    assert_eq!(get(&base, "/admin/audit?page=999", &session).status, 200);
}

/// A GET whose body is bytes (a download): the status, the headers, the body.
fn get_bytes(base: &str, path: &str, cookie: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, raw[split + 4..].to_vec())
}

/// The names of a workbook's sheets (from `xl/workbook.xml` inside the zip).
fn sheet_names(xlsx: &[u8]) -> String {
    use std::io::Read;
    assert!(xlsx.starts_with(b"PK\x03\x04"), "not a zip: {:?}", &xlsx[..xlsx.len().min(16)]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an xlsx opens as a zip");
    let mut book = String::new();
    zip.by_name("xl/workbook.xml").expect("a workbook part").read_to_string(&mut book).unwrap();
    book
}

#[test]
fn the_annual_report_page_and_its_downloads_are_toban_reports() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    signed_out_goes_to_sign_in(
        &base,
        &["/admin/report", "/admin/report/2027", "/admin/report/2027/report.xlsx"],
    );
    let session = session_of(&desk, &base);
    let now = get(&base, "/admin/report", &session);
    assert_eq!(now.status, 303);
    assert!(now.header("location").unwrap().starts_with("/admin/report/20"), "{:?}", now.headers);

    let json = desk.run(&["report", "2027", "--format", "json"]).code(0).json();
    let page = get(&base, "/admin/report/2027", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    for (label, value) in [
        ("年間に診療した患者数", &json["patients"]["treated"]),
        ("うち在宅看取り", &json["patients"]["home_deaths"]),
        ("当番医の往診", &json["calls"]["duty_doctor_visits"]),
        ("依頼件数", &json["calls"]["total"]),
    ] {
        let cell = format!("{label}</th><td class=\"n\">{value}</td>");
        assert!(page.body.contains(&cell), "{cell} missing:\n{}", page.body);
    }

    let (status, headers, xlsx) = get_bytes(&base, "/admin/report/2027/report.xlsx", &session);
    assert_eq!(status, 200);
    let disposition = headers.iter().find(|(k, _)| k == "content-disposition").unwrap();
    assert!(disposition.1.starts_with("attachment;"), "{disposition:?}");
    assert!(sheet_names(&xlsx).contains("name=\"2027年 事業報告\""), "{}", sheet_names(&xlsx));
    let (_, _, rota) = get_bytes(&base, "/admin/report/2027/rota.xlsx", &session);
    assert!(sheet_names(&rota).contains("name=\"2027 rota\""), "{}", sheet_names(&rota));
    for csv in ["report.csv", "rota.csv"] {
        let (status, _, bytes) = get_bytes(&base, &format!("/admin/report/2027/{csv}"), &session);
        assert_eq!(status, 200);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{csv} starts with a BOM");
    }
    let rota_csv =
        String::from_utf8(get_bytes(&base, "/admin/report/2027/rota.csv", &session).2).unwrap();
    let printed = desk.run(&["rota", "show", "2027", "--format", "csv"]).code(0).stdout();
    assert_eq!(rota_csv.trim_start_matches('\u{feff}'), printed, "the same table as the CLI's");
    assert_eq!(get_bytes(&base, "/admin/report/2027/other.xlsx", &session).0, 404);
    assert_eq!(get_bytes(&base, "/admin/report/2031/rota.csv", &session).0, 404, "no rota yet");
    assert_eq!(get(&base, "/admin/report/abc", &session).status, 404);

    // The command line writes the same workbooks, readable by the user alone.
    desk.run(&["report", "2027", "--format", "xlsx", "--out", "report.xlsx"]).code(0);
    desk.run(&["rota", "show", "2027", "--format", "xlsx", "--out", "rota.xlsx"])
        .code(0)
        .stdout_has("rota.xlsx");
    for (file, sheet) in [("report.xlsx", "2027年 事業報告"), ("rota.xlsx", "2027 rota")] {
        let path = desk.dir.path().join(file);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}");
        assert!(sheet_names(&std::fs::read(&path).unwrap()).contains(sheet), "{file}");
    }
    desk.run(&["report", "2027", "--format", "xlsx"]).code(2);
}

#[test]
fn a_course_event_added_from_the_web_is_on_the_record_and_audited_with_the_admin() {
    use crate::web_console::request;
    let desk = Desk::new();
    desk.add_patient("<b>山田</b> 花子", "d01");
    let _serve = desk.serve();
    let base = address(&desk);
    signed_out_goes_to_sign_in(&base, &["/admin/patients", "/admin/patients/1"]);
    let form = [("event", "died_home"), ("date", "2027-03-01")];
    let r = request(&base, "POST", "/admin/patients/1/course", "", &form);
    assert_eq!(r.status, 303, "signed out");
    let session = session_of(&desk, &base);

    let list = get(&base, "/admin/patients", &session);
    assert_eq!(list.status, 200, "{}", list.body);
    assert_console_page(&list);
    assert!(list.body.contains("&lt;b&gt;山田&lt;/b&gt; 花子"), "{}", list.body);
    assert!(list.body.contains("href=\"/admin/patients/1\""), "{}", list.body);
    let page = get(&base, "/admin/patients/1", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("脳梗塞後遺症") && page.body.contains("DNAR"), "{}", page.body);
    let csrf = page.csrf();

    // Without the session's token: refused, nothing recorded.
    let r = request(&base, "POST", "/admin/patients/1/course", &session, &form);
    assert_eq!(r.status, 403, "{}", r.body);
    // A day in the future: the course's own refusal, the form kept.
    let later = [("csrf", csrf.as_str()), ("event", "died_home"), ("date", "2027-12-01")];
    let r = request(&base, "POST", "/admin/patients/1/course", &session, &later);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("より後の日付"), "{}", r.body);
    let bad = [("csrf", csrf.as_str()), ("event", "died_home"), ("date", "3月1日")];
    assert_eq!(request(&base, "POST", "/admin/patients/1/course", &session, &bad).status, 400);
    assert!(!desk.run(&["patient", "show", "1"]).code(0).stdout().contains("died at home"));

    let ok = [("csrf", csrf.as_str()), ("event", "died_home"), ("date", "2027-03-01")];
    let r = request(&base, "POST", "/admin/patients/1/course", &session, &ok);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/patients/1"));
    desk.run(&["patient", "show", "1"]).code(0).stdout_has("died at home Mon 1 Mar 2027");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"]["type"] == "patient_course" && e["event"]["event"] == "died_home")
        .expect("the course event is audited");
    assert_eq!(entry["by"], "admin:office", "{entry}");
    let page = get(&base, "/admin/patients/1", &session);
    assert!(page.body.contains("2027年3月1日(月) 在宅で死亡"), "{}", page.body);
    assert_eq!(get(&base, "/admin/patients/9", &session).status, 404);
}

#[test]
fn a_feed_token_revoked_from_the_web_is_revoked_for_the_cli_and_audited() {
    use crate::web_console::request;
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let issued = desk.run(&["feed", "token", "issue", "d01", "--format", "json"]).code(0).json();
    let id = issued["id"].as_str().unwrap().to_string();
    let revoke = format!("/admin/feeds/{id}/revoke");
    signed_out_goes_to_sign_in(&base, &["/admin/feeds"]);
    assert_eq!(request(&base, "POST", &revoke, "", &[]).status, 303, "signed out");
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin/feeds", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains(&format!("action=\"{revoke}\"")), "{}", page.body);
    assert!(!page.body.contains(issued["token"].as_str().unwrap()), "the secret is never shown");
    assert_eq!(request(&base, "POST", &revoke, &session, &[]).status, 403, "no token");
    let csrf = page.csrf();
    let r = request(&base, "POST", &revoke, &session, &[("csrf", csrf.as_str())]);
    assert_eq!(r.status, 303, "{}", r.body);
    let list = desk.run(&["feed", "token", "list", "--format", "json"]).code(0).json();
    assert!(!list[0]["revoked_at"].is_null(), "{list}");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let by: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["detail"].as_str().unwrap().contains("revoked"))
        .map(|e| e["by"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(by, ["admin:office"]);
    let page = get(&base, "/admin/feeds", &session);
    assert!(!page.body.contains(&format!("action=\"{revoke}\"")), "revoked: {}", page.body);
    let r = request(&base, "POST", "/admin/feeds/99/revoke", &session, &[("csrf", csrf.as_str())]);
    assert_eq!(r.status, 404);
}

#[test]
fn a_backup_taken_from_the_web_is_listed_downloadable_and_audited() {
    use crate::web_console::request;
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    signed_out_goes_to_sign_in(&base, &["/admin/backups"]);
    assert_eq!(request(&base, "POST", "/admin/backups", "", &[]).status, 303, "signed out");
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin/backups", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert_eq!(request(&base, "POST", "/admin/backups", &session, &[]).status, 403, "no token");
    let csrf = page.csrf();
    let r = request(&base, "POST", "/admin/backups", &session, &[("csrf", csrf.as_str())]);
    assert_eq!(r.status, 303, "{}", r.body);
    let page = get(&base, r.header("location").unwrap(), &session);
    let at = page.body.find("href=\"/admin/backups/toban-").expect("the backup is listed") + 6;
    let path = page.body[at..].split('"').next().unwrap().to_string();
    assert!(page.body.contains("バックアップを保存しました"), "{}", page.body);
    let (status, headers, bytes) = get_bytes(&base, &path, &session);
    assert_eq!(status, 200);
    assert!(headers.iter().any(|(k, v)| k == "content-disposition" && v.starts_with("attachment")));
    let backup: serde_json::Value = serde_json::from_slice(&bytes).expect("a backup is JSON");
    assert!(backup.is_object(), "{backup}");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["by"] == "admin:office" && e["action"] == "backup"),
        "{audit}"
    );
    assert_eq!(get_bytes(&base, "/admin/backups/..%2Fclock", &session).0, 404);
    assert_eq!(get_bytes(&base, "/admin/backups/toban-sosa-x.json", &session).0, 404);
}

#[test]
fn an_invitation_created_from_the_web_shows_its_link_as_a_qr_code_once_and_is_audited() {
    use crate::web_console::request;
    let desk = Desk::new();
    let _serve = desk.serve_with(None, &[("TOBAN_BOT_USERNAME", "toban_test_bot")]);
    let base = address(&desk);
    signed_out_goes_to_sign_in(&base, &["/admin/invitations"]);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin/invitations", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    let form = [("member", "d02"), ("hours", "48")];
    assert_eq!(request(&base, "POST", "/admin/invitations", &session, &form).status, 403);
    let csrf = page.csrf();
    let bad = [("csrf", csrf.as_str()), ("member", "nobody"), ("hours", "48")];
    assert_eq!(request(&base, "POST", "/admin/invitations", &session, &bad).status, 400);
    let ok = [("csrf", csrf.as_str()), ("member", "d02"), ("hours", "48")];
    let r = request(&base, "POST", "/admin/invitations", &session, &ok);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.header("content-security-policy").unwrap().contains("default-src 'none'"));
    assert!(r.body.contains("t.me/toban_test_bot?start="), "{}", r.body);
    assert!(r.body.contains("<svg") && !r.body.to_lowercase().contains("<script"), "{}", r.body);
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    assert!(
        audit.as_array().unwrap().iter().any(|e| e["by"] == "admin:office"
            && e["action"] == "invite"
            && e["detail"].as_str().unwrap().contains("d02")),
        "{audit}"
    );
    // Shown once: the page opened again has no link.
    let again = get(&base, "/admin/invitations", &session);
    assert!(!again.body.contains("start="), "{}", again.body);
}
