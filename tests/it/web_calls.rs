//! The console's calls over real HTTP from `toban serve` (issue 18): the office cancels an
//! open call from its page, through the same desk command as `toban call cancel` (a form with
//! the session's token and a confirmation; the call's log names the admin; the chain is told
//! as from the command line), and the ended calls are paged, newest first.

use std::time::Duration;

use crate::feeds_http::address;
use crate::routing_cli::{Desk, wait_for};
use crate::web_console::{assert_console_page, get, request, session_of};

#[test]
fn the_office_cancels_an_open_call_from_its_page_and_the_chain_is_told() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    let anonymous = request(&base, "POST", "/admin/calls/1/cancel", "", &[("confirm", "yes")]);
    assert_eq!(anonymous.status, 303, "{}", anonymous.body);
    assert_eq!(anonymous.header("location"), Some("/admin/login"));
    let session = session_of(&desk, &base);

    let page = get(&base, "/admin/calls/1", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("action=\"/admin/calls/1/cancel\""), "{}", page.body);
    assert!(page.body.contains("name=\"confirm\""), "a confirmation:\n{}", page.body);
    let csrf = page.csrf();
    let open = |desk: &Desk| desk.call("1")["state"]["status"] != "cancelled";

    // Without the session's token: refused, nothing done.
    let r = request(&base, "POST", "/admin/calls/1/cancel", &session, &[("confirm", "yes")]);
    assert_eq!(r.status, 403, "{}", r.body);
    let wrong = "0".repeat(64);
    let fields = [("csrf", wrong.as_str()), ("confirm", "yes")];
    assert_eq!(request(&base, "POST", "/admin/calls/1/cancel", &session, &fields).status, 403);
    // Without the confirmation: asked for it, nothing done.
    let r = request(&base, "POST", "/admin/calls/1/cancel", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("確認"), "{}", r.body);
    assert!(open(&desk), "not cancelled without the confirmation");

    let fields = [("csrf", csrf.as_str()), ("confirm", "yes")];
    let r = request(&base, "POST", "/admin/calls/1/cancel", &session, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let to = r.header("location").unwrap().to_string();
    assert!(to.starts_with("/admin/calls/1"), "{to}");
    let done = get(&base, &to, &session);
    assert!(done.body.contains("1番の依頼を取り消しました"), "{}", done.body);
    assert!(!done.body.contains("action=\"/admin/calls/1/cancel\""), "no cancel form once ended");
    // The command line's cancel: the call's log names the admin, as `--as office` would.
    assert_eq!(desk.call("1")["state"]["status"], "cancelled");
    let shown = desk.run(&["--lang", "ja", "call", "show", "1"]).code(0).stdout();
    assert!(shown.contains("匝瑳医師会 事務局（office）が取り消しました"), "{shown}");
    // And the office's audit log has it, with the admin's name, like every console action.
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let cancelled: Vec<_> =
        audit.as_array().unwrap().iter().filter(|e| e["action"] == "call_cancel").collect();
    assert_eq!(cancelled.len(), 1, "{audit}");
    assert_eq!(cancelled[0]["by"], "admin:office", "{audit}");
    desk.run(&["audit", "--lang", "ja"]).code(0).stdout_has("1番の依頼を取り消しました");
    // The chain is told as from the command line: the attending doctor asked, and the caller.
    wait_for(Duration::from_secs(10), "the chain told", || {
        let printed = desk.printed();
        printed
            .lines()
            .filter(|l| l.contains("1番の依頼は") && l.contains("取り消されました"))
            .count()
            >= 2
    });
    // Once more: refused with the reason, nothing else happens.
    let again = request(&base, "POST", "/admin/calls/1/cancel", &session, &fields);
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(again.body.contains("取り消し済み"), "{}", again.body);
    assert_eq!(request(&base, "POST", "/admin/calls/99/cancel", &session, &fields).status, 404);
}

#[test]
fn the_ended_calls_are_paged_newest_first_and_the_oldest_is_reached() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let _serve = desk.serve();
    let base = address(&desk);
    // 51 ended calls, then one open.
    for i in 1..=52 {
        desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
        if i <= 51 {
            desk.run(&["call", "cancel", &i.to_string(), "--as", "ns1"]).code(0);
        }
    }
    let session = session_of(&desk, &base);
    let links = |body: &str, id: u32| body.contains(&format!("href=\"/admin/calls/{id}\""));
    let first = get(&base, "/admin/calls", &session);
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(links(&first.body, 52), "the open call");
    assert!(links(&first.body, 51) && links(&first.body, 2), "the newest 50 ended");
    assert!(!links(&first.body, 1), "the 51st ended call is on the next page");
    assert!(first.body.contains("href=\"/admin/calls?page=2\""), "{}", first.body);
    assert!(first.body.contains("1〜50件目"), "{}", first.body);

    let second = get(&base, "/admin/calls?page=2", &session);
    assert_eq!(second.status, 200, "{}", second.body);
    assert!(links(&second.body, 1), "{}", second.body);
    assert!(!links(&second.body, 2), "{}", second.body);
    assert!(links(&second.body, 52), "the open calls head every page");
    assert!(second.body.contains("href=\"/admin/calls?page=1\""), "{}", second.body);
    assert!(!second.body.contains("page=3"), "{}", second.body);
    assert!(get(&base, "/admin/calls?page=9", &session).body.contains("href=\"/admin/calls/1\""));
}

// See: issue 18 review (bare ids): the calls list's patient column read 「1」.
#[test]
fn the_calls_list_names_the_patient_with_their_number() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin/calls", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<td>山田 花子（1番）</td>"), "{}", page.body);
    let en = get(&base, "/admin/calls", &format!("{session}; toban_lang=en"));
    assert!(en.body.contains("<td>山田 花子 (patient 1)</td>"), "{}", en.body);
}
