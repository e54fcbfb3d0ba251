//! The doctor's and the office's last console gaps (issue 18), over real HTTP from `toban
//! serve`: a doctor withdraws their own request on `/me` by the chat's `/withdraw` path; the
//! office prints a doctor's sign-in link from the members page; the absence cover form covers
//! some days of a duty as `toban cover --from --to` does.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{Resp, assert_console_page, audit_actions, get, request};
use crate::web_me::{doctor_session, first_slot};

/// The first withdraw form's path on a doctor's page, if any.
fn withdraw_path(page: &Resp) -> Option<String> {
    let at = page.body.find("action=\"/me/requests/")? + 8;
    Some(page.body[at..].split('"').next().unwrap().to_string())
}

fn status_of(desk: &Desk, id: u64) -> String {
    let all = desk.run(&["request", "list", "--all", "--format", "json"]).code(0).json();
    let all = all.as_array().unwrap();
    let r = all.iter().find(|r| r["id"].as_u64() == Some(id)).expect("the request");
    r["status"].as_str().unwrap().to_string()
}

// See: issue 18. A doctor who asked for cover on /me could not take it back there.
#[test]
fn a_doctor_withdraws_their_own_open_request_on_their_page_as_chats_withdraw_does() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let me = doctor_session(&desk, &base, "d01");
    let page = get(&base, "/me", &me);
    let csrf = page.csrf();
    assert!(withdraw_path(&page).is_none(), "nothing to withdraw yet");
    let slot = first_slot(&page.body);
    let r = request(
        &base,
        "POST",
        "/me/request",
        &me,
        &[("csrf", &csrf), ("slot", &slot), ("with", "")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let path = withdraw_path(&r).unwrap_or_else(|| panic!("a withdraw button: {}", r.body));
    assert_console_page(&r);
    let id: u64 = path.split('/').nth(3).unwrap().parse().unwrap();
    assert!(["pending", "queued"].contains(&status_of(&desk, id).as_str()));

    // Without the token: 403; another doctor: refused by the request machine, still open.
    assert_eq!(request(&base, "POST", &path, &me, &[]).status, 403);
    let d02 = doctor_session(&desk, &base, "d02");
    let theirs = get(&base, "/me", &d02);
    assert!(withdraw_path(&theirs).is_none(), "not shown to another doctor");
    let r = request(&base, "POST", &path, &d02, &[("csrf", &theirs.csrf())]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("依頼した先生だけ"), "{}", r.body);
    assert!(["pending", "queued"].contains(&status_of(&desk, id).as_str()));

    // The doctor withdraws it: the chat's answer, the request closed, audited as theirs.
    let r = request(&base, "POST", &path, &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(&format!("依頼 {id} を取り下げました")), "{}", r.body);
    assert!(r.body.contains("取り下げました"), "{}", r.body);
    assert!(withdraw_path(&r).is_none(), "no button on a closed request: {}", r.body);
    assert_eq!(status_of(&desk, id), "withdrawn");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).stdout();
    assert!(audit.contains(&format!("request {id} withdrawn")), "{audit}");
    assert!(audit_actions(&desk).iter().any(|(by, a)| by == "d01" && a == "cover"));

    // Twice: the machine's refusal, nothing changes.
    let r = request(&base, "POST", &path, &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("取り下げられています"), "{}", r.body);
}
