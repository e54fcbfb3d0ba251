//! The patient registry kept from the console over real HTTP (issue 18): register, edit
//! (the consent date too), remove with a confirmation, and the family's contact sheet, each
//! through the same code as `toban patient add|edit|remove|sheet`, with the command line's
//! reasons, CSRF and the admin in the audit.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{Resp, assert_console_page, get, request, session_of};

/// The audit entries (JSON) of event type `kind`.
fn audited(desk: &Desk, kind: &str) -> Vec<serde_json::Value> {
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    audit.as_array().unwrap().iter().filter(|e| e["event"]["type"] == kind).cloned().collect()
}

/// A patient's form as the page sends it, with `csrf` and the fields changed by `with`.
fn form<'a>(csrf: &'a str, with: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![
        ("csrf", csrf),
        ("name", "<i>鈴木</i> 一子"),
        ("address", "千葉県匝瑳市八日市場ロ2"),
        ("area", "八日市場"),
        ("attending", "d02"),
        ("hospital", "h1"),
        ("diagnosis", "慢性心不全"),
        ("medications", "フロセミド"),
        ("wishes", "自宅での看取りを希望"),
        ("consent", "2027-02-01"),
        ("born", "1940-01-02"),
        ("key_person", "長男 鈴木 一郎"),
        ("family_contact", "090-1111-2222"),
        ("allergies", ""),
        ("nurse_station", "ns1"),
        ("substitute", ""),
    ];
    for (k, v) in with {
        match all.iter_mut().find(|(key, _)| key == k) {
            Some(field) => field.1 = v,
            None => all.push((k, v)),
        }
    }
    all
}

fn post(base: &str, path: &str, session: &str, fields: &[(&str, &str)]) -> Resp {
    request(base, "POST", path, session, fields)
}

#[test]
fn a_patient_registered_from_the_web_is_listed_by_doctors_name_and_audited_with_the_admin() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    assert_eq!(get(&base, "/admin/patients/new", "").status, 303, "signed out");
    assert_eq!(post(&base, "/admin/patients", "", &form("x", &[])).status, 303, "signed out");
    let session = session_of(&desk, &base);
    let list = get(&base, "/admin/patients", &session);
    assert!(list.body.contains("href=\"/admin/patients/new\""), "{}", list.body);
    let page = get(&base, "/admin/patients/new", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    let csrf = page.csrf();

    // Without the session's token: refused.
    let no_token: Vec<_> = form(&csrf, &[]).into_iter().skip(1).collect();
    assert_eq!(post(&base, "/admin/patients", &session, &no_token).status, 403);
    // The command line's reasons, the form kept as typed.
    let later =
        post(&base, "/admin/patients", &session, &form(&csrf, &[("consent", "2027-12-01")]));
    assert_eq!(later.status, 400, "{}", later.body);
    assert!(
        later.body.contains("患者さんの記録を保存できませんでした: 同意日")
            && later.body.contains("より後です。同意を得てから登録してください"),
        "{}",
        later.body
    );
    assert!(later.body.contains("value=\"090-1111-2222\""), "kept: {}", later.body);
    let stranger = post(&base, "/admin/patients", &session, &form(&csrf, &[("attending", "d99")]));
    assert_eq!(stranger.status, 400, "{}", stranger.body);
    assert!(
        stranger.body.contains("主治医「d99」は登録された医師ではありません"),
        "{}",
        stranger.body
    );
    let nameless = post(&base, "/admin/patients", &session, &form(&csrf, &[("name", " ")]));
    assert_eq!(nameless.status, 400, "{}", nameless.body);
    assert!(nameless.body.contains("氏名を入力してください。"), "{}", nameless.body);
    assert!(desk.run(&["patient", "list", "--format", "json"]).code(0).json()[0].is_null());

    let r = post(&base, "/admin/patients", &session, &form(&csrf, &[]));
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/patients/1"));
    let shown = desk.run(&["patient", "show", "1", "--format", "json"]).code(0).json();
    assert_eq!(shown["attending"], "d02", "{shown}");
    assert_eq!(shown["consent"], "2027-02-01", "{shown}");
    assert_eq!(shown["family_contact"], "090-1111-2222", "{shown}");
    assert_eq!(shown["nurse_station"], "ns1", "{shown}");
    assert!(shown["substitute"].is_null(), "{shown}");

    // The list names the attending doctor and the hospital, not their ids alone.
    let list = get(&base, "/admin/patients", &session);
    assert!(list.body.contains("&lt;i&gt;鈴木&lt;/i&gt; 一子"), "{}", list.body);
    assert!(list.body.contains("石川 花子"), "the doctor's name: {}", list.body);
    assert!(list.body.contains("国保匝瑳中央病院"), "the hospital's name: {}", list.body);
    let by: Vec<_> = audited(&desk, "patient_registered").iter().map(|e| e["by"].clone()).collect();
    assert_eq!(by, ["admin:office"]);
}

#[test]
fn a_consent_date_edited_from_the_web_is_stored_and_audited() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let _serve = desk.serve();
    let base = address(&desk);
    assert_eq!(get(&base, "/admin/patients/1/edit", "").status, 303, "signed out");
    let session = session_of(&desk, &base);
    let record = get(&base, "/admin/patients/1", &session);
    assert!(record.body.contains("href=\"/admin/patients/1/edit\""), "{}", record.body);
    let page = get(&base, "/admin/patients/1/edit", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("value=\"山田 花子\""), "filled in: {}", page.body);
    assert!(page.body.contains("value=\"2026-04-01\""), "the consent date: {}", page.body);
    let csrf = page.csrf();
    let edited =
        form(&csrf, &[("name", "山田 花子"), ("attending", "d01"), ("consent", "2026-05-01")]);
    let no_token: Vec<_> = edited.iter().skip(1).cloned().collect();
    assert_eq!(post(&base, "/admin/patients/1/edit", &session, &no_token).status, 403);
    let bad = form(&csrf, &[("consent", "2027-12-01")]);
    let r = post(&base, "/admin/patients/1/edit", &session, &bad);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("より後です。同意を得てから登録してください"), "{}", r.body);

    let r = post(&base, "/admin/patients/1/edit", &session, &edited);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/patients/1"));
    let shown = desk.run(&["patient", "show", "1", "--format", "json"]).code(0).json();
    assert_eq!(shown["consent"], "2026-05-01", "{shown}");
    assert_eq!(shown["family_contact"], "090-1111-2222", "{shown}");
    let by: Vec<_> = audited(&desk, "patient_updated").iter().map(|e| e["by"].clone()).collect();
    assert_eq!(by, ["admin:office"]);
    assert_eq!(get(&base, "/admin/patients/9/edit", &session).status, 404);
}

#[test]
fn a_patient_removed_from_the_web_after_confirming_is_gone_and_audited_with_the_reason() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let _serve = desk.serve();
    let base = address(&desk);
    assert_eq!(get(&base, "/admin/patients/1/remove", "").status, 303, "signed out");
    let session = session_of(&desk, &base);
    let record = get(&base, "/admin/patients/1", &session);
    assert!(record.body.contains("href=\"/admin/patients/1/remove\""), "{}", record.body);
    // Removing asks first: the confirmation names the patient and has the button.
    let page = get(&base, "/admin/patients/1/remove", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("山田 花子"), "{}", page.body);
    assert!(page.body.contains("action=\"/admin/patients/1/remove\""), "{}", page.body);
    let csrf = page.csrf();
    let reason = [("reason", "二重登録")];
    assert_eq!(post(&base, "/admin/patients/1/remove", &session, &reason).status, 403);
    desk.run(&["patient", "show", "1"]).code(0);

    let ok = [("csrf", csrf.as_str()), ("reason", "二重登録")];
    let r = post(&base, "/admin/patients/1/remove", &session, &ok);
    assert_eq!(r.status, 303, "{}", r.body);
    let list = get(&base, r.header("location").unwrap(), &session);
    assert!(!list.body.contains("山田 花子"), "{}", list.body);
    assert!(list.body.contains("1番の患者さんの記録を削除しました"), "{}", list.body);
    assert_ne!(desk.run(&["patient", "show", "1"]).out.status.code(), Some(0));
    let removed = audited(&desk, "patient_removed");
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["by"], "admin:office");
    assert_eq!(removed[0]["event"]["reason"], "二重登録");
    // Gone: a second removal is the command line's refusal.
    let again = post(&base, "/admin/patients/1/remove", &session, &ok);
    assert_eq!(again.status, 404, "{}", again.body);
}

#[test]
fn the_contact_sheet_is_downloaded_from_the_record_and_audited_with_the_admin() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let _serve = desk.serve();
    let base = address(&desk);
    assert_eq!(get(&base, "/admin/patients/1/sheet", "").status, 303, "signed out");
    let session = session_of(&desk, &base);
    let record = get(&base, "/admin/patients/1", &session);
    assert!(record.body.contains("href=\"/admin/patients/1/sheet\""), "{}", record.body);
    let sheet = get(&base, "/admin/patients/1/sheet", &session);
    assert_eq!(sheet.status, 200, "{}", sheet.body);
    let disposition = sheet.header("content-disposition").unwrap_or_default();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(sheet.body.contains("夜間・休日の連絡先") && sheet.body.contains("山田 花子 様"));
    let by: Vec<_> = audited(&desk, "contact_sheet").iter().map(|e| e["by"].clone()).collect();
    assert_eq!(by, ["admin:office"]);
    assert_eq!(get(&base, "/admin/patients/9/sheet", &session).status, 404);
}
