//! The console's import page over real HTTP from `toban serve` (issue 18, "Excel both ways"):
//! an .xlsx or CSV upload (multipart/form-data, the CSRF token as a form field) is checked and
//! shown with every change or every bad row, and imported only when the office presses
//! Import; the rules keep their comments, history is one audited batch, the admin is named in
//! the audit. Signed out: 303; without the token: 403; nothing written either way.

use crate::feeds_http::address;
use crate::import_cli::members_xlsx;
use crate::routing_cli::Desk;
use crate::web_console::{Resp, assert_console_page, audit_actions, get, send, session_of};
use crate::web_members::own_rules;

/// A multipart/form-data POST of `fields` and (name, file name, bytes) files, as a browser
/// sends a form with a file input.
pub fn multipart(
    base: &str,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Resp {
    let boundary = "----tobanBoundary7MA4YWxkTrZu0gW";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (k, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    send(base, "POST", path, cookie, Some(&content_type), &body)
}

/// The value of the hidden field `name` of a page.
fn hidden(r: &Resp, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at =
        r.body.find(&key).unwrap_or_else(|| panic!("no {name} field:\n{}", r.body)) + key.len();
    let end = r.body[at..].find('"').unwrap();
    r.body[at..at + end].to_string()
}

const BAD_CSV: &str = "ID,氏名,医療機関,勤務割合\nd13,新井 翔,新井医院,1.5\nd14,,新井医院,\n";

#[test]
fn signed_out_an_upload_leads_to_sign_in_and_without_its_token_it_is_refused() {
    let desk = Desk::unplanned();
    let rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    let before = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    let r = get(&base, "/admin/import", "");
    assert_eq!((r.status, r.header("location")), (303, Some("/admin/login")));
    let xlsx = members_xlsx();
    let file = [("file", "m.xlsx", xlsx.as_slice())];
    for path in ["/admin/import/members", "/admin/import/history"] {
        assert_eq!(multipart(&base, path, "", &[], &file).status, 303, "{path}");
    }
    let session = session_of(&desk, &base);
    let zeros = "0".repeat(64);
    for path in ["/admin/import/members", "/admin/import/history"] {
        let none = multipart(&base, path, &session, &[], &file);
        assert_eq!(none.status, 403, "{path}: {}", none.body);
        let wrong =
            multipart(&base, path, &session, &[("csrf", zeros.as_str()), ("apply", "1")], &file);
        assert_eq!(wrong.status, 403, "{path}");
        // Not a multipart form at all.
        let page = get(&base, "/admin/import", &session);
        let form = format!("csrf={}", page.csrf());
        let plain = send(
            &base,
            "POST",
            path,
            &session,
            Some("application/x-www-form-urlencoded"),
            form.as_bytes(),
        );
        assert_eq!(plain.status, 403, "{path}: {}", plain.body);
    }
    // Too large (more than 1 MB), or no file: said, nothing read.
    let csrf = get(&base, "/admin/import", &session).csrf();
    for size in [1024 * 1024 + 1, 1900 * 1024] {
        let big = vec![b'a'; size];
        let r = multipart(
            &base,
            "/admin/import/members",
            &session,
            &[("csrf", csrf.as_str())],
            &[("file", "big.csv", big.as_slice())],
        );
        assert_eq!(r.status, 400, "{size}: {}", r.body);
        assert!(r.body.contains("ファイルが大きすぎます。1 MB まで"), "{}", r.body);
    }
    let r = multipart(&base, "/admin/import/history", &session, &[("csrf", csrf.as_str())], &[]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("ファイルを選んでください。"), "{}", r.body);
    assert_eq!(std::fs::read_to_string(rules.join("members.toml")).unwrap(), before);
    assert!(!audit_actions(&desk).iter().any(|(_, a)| a == "rules" || a == "history"));
}

#[test]
fn a_members_workbook_is_previewed_then_imported_and_audited_with_the_admin() {
    let desk = Desk::unplanned();
    let rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let members = rules.join("members.toml");
    let before = std::fs::read_to_string(&members).unwrap();
    let page = get(&base, "/admin/import", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("enctype=\"multipart/form-data\""), "{}", page.body);
    let csrf = page.csrf();
    assert!(
        get(&base, "/admin/members", &session).body.contains("href=\"/admin/import\""),
        "the Members page leads to the import"
    );

    // Every bad row, and no Import button; nothing written.
    let bad = multipart(
        &base,
        "/admin/import/members",
        &session,
        &[("csrf", csrf.as_str())],
        &[("file", "bad.csv", BAD_CSV.as_bytes())],
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(
        bad.body.contains("bad.csv 2行目 D列「勤務割合」: 「1.5」は勤務割合として読めません"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("bad.csv 3行目 B列「氏名」: 氏名がありません"), "{}", bad.body);
    assert!(!bad.body.contains("name=\"apply\""), "{}", bad.body);

    // A good workbook: what would change, and the Import button; still nothing written.
    let xlsx = members_xlsx();
    let preview = multipart(
        &base,
        "/admin/import/members",
        &session,
        &[("csrf", csrf.as_str()), ("sheet", "")],
        &[("file", "会員名簿.xlsx", xlsx.as_slice())],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert_console_page(&preview);
    for want in [
        "追加 d13 新井 翔先生（新井医院）",
        "変更 d02 石川 花子先生: 電話 0479-00-1002 → 0479-00-2002",
        "取り込むと、追加 1名、変更 1名、変更なし 1名になります。",
        "まだ何も書き込んでいません",
    ] {
        assert!(preview.body.contains(want), "{want} missing:\n{}", preview.body);
    }
    assert_eq!(std::fs::read_to_string(&members).unwrap(), before, "a preview writes nothing");

    let data = hidden(&preview, "data");
    let apply = [
        ("csrf", csrf.as_str()),
        ("name", "会員名簿.xlsx"),
        ("sheet", ""),
        ("data", data.as_str()),
        ("apply", "1"),
    ];
    let done = multipart(&base, "/admin/import/members", &session, &apply, &[]);
    assert_eq!(done.status, 303, "{}", done.body);
    let to = done.header("location").unwrap().to_string();
    let result = get(&base, &to, &session);
    assert!(
        result.body.contains("取り込みました。追加 1名、変更 1名、変更なし 1名です。"),
        "{}",
        result.body
    );
    let after = std::fs::read_to_string(&members).unwrap();
    for comment in before.lines().filter(|l| l.starts_with('#')) {
        assert!(after.contains(comment), "comment lost: {comment}");
    }
    assert!(after.contains("id = \"d13\""), "{after}");
    desk.run(&["check"]).code(0);
    assert!(get(&base, "/admin/members", &session).body.contains("新井 翔"), "in force at once");
    assert!(audit_actions(&desk).contains(&("admin:office".to_string(), "rules".to_string())));
    let ja = desk.run(&["audit", "--lang", "ja"]).code(0).stdout();
    assert!(ja.contains("会員名簿.xlsx から会員名簿を取り込みました"), "{ja}");
}

#[test]
fn past_duties_from_a_shift_jis_csv_are_previewed_then_imported_as_one_batch() {
    let desk = Desk::unplanned();
    let _rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let csrf = get(&base, "/admin/import", &session).csrf();
    let csv = "slot_start,doctor,kind\r\n2026/1/6,青木 一郎,regular\r\n2026/1/13,d02,regular\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(csv);
    let file = [("file", "past.csv", sjis.as_ref())];
    let preview =
        multipart(&base, "/admin/import/history", &session, &[("csrf", csrf.as_str())], &file);
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("青木 一郎 (d01) regular"), "{}", preview.body);
    assert!(preview.body.contains("過去の当番 2件を取り込みます。"), "{}", preview.body);
    let listed = desk.run(&["history", "list", "--format", "json"]).code(0).json();
    assert_eq!(listed["duties"].as_array().map(Vec::len), Some(0), "a preview writes nothing");
    let data = hidden(&preview, "data");
    let apply =
        [("csrf", csrf.as_str()), ("name", "past.csv"), ("data", data.as_str()), ("apply", "1")];
    let done = multipart(&base, "/admin/import/history", &session, &apply, &[]);
    assert_eq!(done.status, 303, "{}", done.body);
    let result = get(&base, done.header("location").unwrap(), &session);
    assert!(
        result.body.contains("過去の当番 2件を取込番号 1 として取り込みました"),
        "{}",
        result.body
    );
    let listed = desk.run(&["history", "list", "--format", "json"]).code(0).json();
    assert_eq!(listed["duties"].as_array().map(Vec::len), Some(2), "{listed}");
    assert!(audit_actions(&desk).contains(&("admin:office".to_string(), "history".to_string())));
}

#[test]
fn a_hospital_a_station_and_a_holiday_period_are_added_from_the_members_page() {
    use crate::web_console::request;
    let desk = Desk::unplanned();
    let rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    for path in ["/admin/members/place/new?kind=hospital", "/admin/members/period/new"] {
        assert_eq!(get(&base, path, "").status, 303, "{path}");
    }
    let session = session_of(&desk, &base);
    let members = get(&base, "/admin/members", &session);
    for link in ["/admin/members/place/new?kind=hospital", "/admin/members/period/new"] {
        assert!(members.body.contains(link), "{link}:\n{}", members.body);
    }
    let form = get(&base, "/admin/members/place/new?kind=hospital", &session);
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("後方支援病院を追加"), "{}", form.body);
    let csrf = form.csrf();
    let before = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    let hospital = [
        ("kind", "hospital"),
        ("id", "h4"),
        ("name", "匝瑳新病院"),
        ("phone", "0479-00-0004"),
        ("order", "1"),
    ];
    // Order 1 is h1's: the loader's problem, nothing written; without the token: 403.
    assert_eq!(request(&base, "POST", "/admin/members/place", &session, &hospital).status, 403);
    let with = |form: &[(&'static str, &'static str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(form);
        request(
            &base,
            "POST",
            if form[0].0 == "kind" { "/admin/members/place" } else { "/admin/members/period" },
            &session,
            &all,
        )
    };
    let refused = with(&hospital);
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("保存していません"), "{}", refused.body);
    assert_eq!(std::fs::read_to_string(rules.join("members.toml")).unwrap(), before);
    let mut hospital = hospital;
    hospital[4] = ("order", "4");
    assert_eq!(with(&hospital).status, 303);
    let station = [("kind", "nurse_station"), ("id", "ns2"), ("name", "八日市場訪問看護")];
    assert_eq!(with(&station).status, 303);
    let obon = [("id", "obon"), ("name", "お盆"), ("start", "08-13"), ("end", "08-16")];
    assert_eq!(with(&obon).status, 303);
    let page = get(&base, "/admin/members", &session).body;
    for name in ["匝瑳新病院", "八日市場訪問看護", "お盆"] {
        assert!(page.contains(name), "{name}:\n{page}");
    }
    let after = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    for comment in before.lines().filter(|l| l.starts_with('#')) {
        assert!(after.contains(comment), "comment lost: {comment}");
    }
    desk.run(&["check"]).code(0);
    let added =
        audit_actions(&desk).iter().filter(|(by, a)| by == "admin:office" && a == "rules").count();
    assert_eq!(added, 3);
}

// See: issue 18 review (helpers' notes): when the rules would not load after an import, the
// page showed the loader's whole text (file, line, excerpt) to the clerk; it says each
// problem once, plainly, as the Members forms do.
#[test]
fn an_import_the_rules_would_refuse_says_why_plainly_and_writes_nothing() {
    let desk = Desk::unplanned();
    let rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let csrf = get(&base, "/admin/import", &session).csrf();
    // The association's file broken by hand on the server since serve read it.
    let association = rules.join("association.toml");
    let text = std::fs::read_to_string(&association).unwrap();
    let broken = text.replace("doctors_per_slot = 1", "doctors_per_slot = 0");
    assert_ne!(text, broken);
    std::fs::write(&association, &broken).unwrap();
    let members = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    let csv = "ID,氏名,医療機関\nd13,新井 翔,新井医院\n";
    let r = multipart(
        &base,
        "/admin/import/members",
        &session,
        &[("csrf", csrf.as_str())],
        &[("file", "new.csv", csv.as_bytes())],
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("何も書き込んでいません"), "{}", r.body);
    for raw in ["association.toml", "行目", "duty.doctors_per_slot", " | ", "^"] {
        assert!(!r.body.contains(raw), "{raw:?} shown to the clerk:\n{}", r.body);
    }
    assert_eq!(std::fs::read_to_string(rules.join("members.toml")).unwrap(), members);
}
