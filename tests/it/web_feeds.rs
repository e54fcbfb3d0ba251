//! Calendar feeds issued from the console over real HTTP (issue 18): by the same code as
//! `toban feed token issue`, for one doctor or the whole rota, the link shown once with its
//! QR code, audited with the admin; the list never shows a secret.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{Resp, assert_console_page, get, request, session_of};

/// The feed link's path on a page (`/feeds/….ics`), if one is shown.
fn feed_path(page: &Resp) -> Option<String> {
    let end = page.body.find(".ics")? + 4;
    let at = page.body[..end].rfind("/feeds/")?;
    Some(page.body[at..end].to_string())
}

// See: issue 18. The feeds page could only list and revoke; issuing needed the command line.
#[test]
fn a_feed_issued_from_the_web_is_shown_once_with_its_qr_code_works_and_is_audited() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    assert_eq!(request(&base, "POST", "/admin/feeds", "", &[("for", "d01")]).status, 303);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin/feeds", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(!page.body.contains("toban feed token issue"), "no command line: {}", page.body);
    assert!(page.body.contains("action=\"/admin/feeds\""), "an issue form: {}", page.body);
    assert!(page.body.contains("value=\"d01\""), "doctors to choose: {}", page.body);
    let csrf = page.csrf();
    let wanted = [("for", "d01"), ("label", "青木先生のスマートフォン")];
    assert_eq!(request(&base, "POST", "/admin/feeds", &session, &wanted).status, 403);
    let stranger = [("csrf", csrf.as_str()), ("for", "h1"), ("label", "")];
    let r = request(&base, "POST", "/admin/feeds", &session, &stranger);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("「h1」は登録された医師ではありません"), "{}", r.body);
    assert!(feed_path(&r).is_none(), "{}", r.body);

    let ok = [("csrf", csrf.as_str()), ("for", "d01"), ("label", "青木先生のスマートフォン")];
    let r = request(&base, "POST", "/admin/feeds", &session, &ok);
    assert_eq!(r.status, 200, "{}", r.body);
    let path = feed_path(&r).unwrap_or_else(|| panic!("the new link: {}", r.body));
    assert!(r.body.contains("<svg"), "its QR code: {}", r.body);
    assert!(r.body.contains("配信 1（青木 一郎先生）を発行しました"), "whose feed: {}", r.body);
    let (status, headers, ics) = crate::feeds_http::get(&base, &path, &[]);
    assert_eq!(status, 200, "{ics}");
    assert!(headers["content-type"].starts_with("text/calendar"), "{headers:?}");
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    let list = desk.run(&["feed", "token", "list", "--format", "json"]).code(0).json();
    assert_eq!(list[0]["member"], "d01", "{list}");
    assert_eq!(list[0]["label"], "青木先生のスマートフォン", "{list}");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let issued: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"]["type"] == "feed_token_issued")
        .map(|e| e["by"].clone())
        .collect();
    assert_eq!(issued, ["admin:office"]);

    // Shown once: the page opened again lists it without its secret.
    let secret = path.trim_start_matches("/feeds/").trim_end_matches(".ics");
    let again = get(&base, "/admin/feeds", &session);
    assert!(again.body.contains("青木先生のスマートフォン"), "listed: {}", again.body);
    assert!(!again.body.contains(secret) && feed_path(&again).is_none(), "{}", again.body);

    // The whole rota, as `--all`.
    let all = [("csrf", csrf.as_str()), ("for", ""), ("label", "事務局")];
    let r = request(&base, "POST", "/admin/feeds", &session, &all);
    assert_eq!(r.status, 200, "{}", r.body);
    let path = feed_path(&r).expect("the whole rota's link");
    assert_eq!(crate::feeds_http::get(&base, &path, &[]).0, 200);
    let list = desk.run(&["feed", "token", "list", "--format", "json"]).code(0).json();
    assert!(list[1]["member"].is_null(), "{list}");
}
