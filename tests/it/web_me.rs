//! Doctors' own pages (`/me`) over real HTTP from `toban serve` (issue 18): a one-time sign-in
//! link (printed by `toban web link`, as the bot's `/web` sends) works once and only by its
//! button, an expired one says what to do, a doctor's session opens no console page, forms
//! need the session's CSRF token, a doctor sees and changes only their own absences and
//! requests, and all of it is audited.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{Resp, assert_console_page, audit_actions, get, request};

/// The `/me/link/…` path printed by `toban web link MEMBER` (inside `serve`).
pub fn link_path(desk: &Desk, member: &str, hours: &str) -> String {
    let out = desk.run(&["web", "link", member, "--hours", hours]).code(0).stdout();
    let at = out.find("/me/link/").unwrap_or_else(|| panic!("no link in:\n{out}"));
    out[at..].split_whitespace().next().unwrap().to_string()
}

/// Presses the link page's button: (the page, the answer).
pub fn use_link(base: &str, path: &str) -> (Resp, Resp) {
    let page = get(base, path, "");
    assert_eq!(page.status, 200, "{}", page.body);
    let cookie = format!("toban_me_form={}", page.cookie("toban_me_form").expect("a form cookie"));
    let csrf = page.csrf();
    let r = request(base, "POST", path, &cookie, &[("csrf", &csrf)]);
    (page, r)
}

/// A signed-in doctor's cookie.
pub fn doctor_session(desk: &Desk, base: &str, member: &str) -> String {
    let (_, r) = use_link(base, &link_path(desk, member, "24"));
    assert_eq!(r.status, 303, "{}", r.body);
    format!("toban_me={}", r.cookie("toban_me").expect("a session cookie"))
}

/// The slot of the doctor's first upcoming duty on their page.
pub fn first_slot(page: &str) -> String {
    let at = page.find("name=\"slot\" value=\"").expect("an upcoming duty") + 19;
    page[at..].split('"').next().unwrap().to_string()
}

#[test]
fn a_link_signs_a_doctor_in_once_by_its_button_and_the_session_opens_no_console_page() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let signed_out = get(&base, "/me", "");
    assert_eq!(signed_out.status, 401);
    assert!(signed_out.body.contains("/web"), "says how to get a link: {}", signed_out.body);
    assert_console_page(&signed_out);

    let path = link_path(&desk, "d01", "24");
    // Opening the link (as a chat's link preview does) uses nothing up.
    let first = get(&base, &path, "");
    assert_eq!(first.status, 200);
    assert_console_page(&first);
    assert!(first.body.contains("先生としてログインします"), "{}", first.body);
    // The button without the form's token: refused, and the link still works.
    assert_eq!(request(&base, "POST", &path, "", &[]).status, 403);
    let (_, r) = use_link(&base, &path);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/me"));
    let set = r
        .headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("toban_me="))
        .map(|(_, v)| v.clone())
        .unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/me"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    let me = format!("toban_me={}", r.cookie("toban_me").unwrap());

    // Used: the link now says what to do.
    let again = get(&base, &path, "");
    assert_eq!(again.status, 404);
    assert!(again.body.contains("/web") && again.body.contains("使用済み"), "{}", again.body);

    let page = get(&base, "/me", &me);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("今後の当番") && page.body.contains("当番表"), "{}", page.body);
    assert!(!page.body.contains("/admin"), "no console link on a doctor's page");

    // The doctor's session is no console session, whatever cookie name it is sent under.
    let token = me.trim_start_matches("toban_me=");
    for cookie in [me.clone(), format!("toban_session={token}")] {
        for path in ["/admin", "/admin/members", "/admin/audit"] {
            let r = get(&base, path, &cookie);
            assert_eq!(r.status, 303, "{path} with {cookie}");
            assert_eq!(r.header("location"), Some("/admin/login"), "{path}");
        }
    }

    // Sign-out ends the session.
    let csrf = page.csrf();
    let out = request(&base, "POST", "/me/logout", &me, &[("csrf", &csrf)]);
    assert_eq!(out.status, 200, "{}", out.body);
    assert_eq!(get(&base, "/me", &me).status, 401);

    let audit = audit_actions(&desk);
    assert!(audit.iter().any(|(_, a)| a == "web_link"), "{audit:?}");
    assert!(audit.contains(&("d01".into(), "me_login".into())), "{audit:?}");
    assert!(audit.contains(&("d01".into(), "me_logout".into())), "{audit:?}");
}

#[test]
fn an_expired_link_says_to_ask_the_bot_again_and_signs_nobody_in() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let path = link_path(&desk, "d02", "1");
    let page = get(&base, &path, "");
    assert_eq!(page.status, 200);
    desk.set_clock("2027-03-03T00:00:00+09:00");
    let cookie = format!("toban_me_form={}", page.cookie("toban_me_form").unwrap());
    let r = request(&base, "POST", &path, &cookie, &[("csrf", &page.csrf())]);
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(r.body.contains("有効期限") && r.body.contains("/web"), "{}", r.body);
    assert!(r.cookie("toban_me").is_none());
    assert_eq!(get(&base, &path, "").status, 404);
    // Nobody else can be given a link: not a member, not a doctor or admin.
    desk.run(&["web", "link", "ns1"]).code(1);
    desk.run(&["web", "link", "d99"]).code(1);
    desk.run(&["web", "link", "d01", "--hours", "0"]).code(1);
}

#[test]
fn a_doctor_changes_only_their_own_absences_and_requests_and_every_form_needs_its_token() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    // Another doctor's absence, entered by the office.
    desk.run(&["absence", "add", "d02", "2027-06-01", "2027-06-03"]).code(0);
    let others = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    let theirs = others[0]["id"].as_u64().unwrap().to_string();

    let me = doctor_session(&desk, &base, "d01");
    let page = get(&base, "/me", &me);
    assert!(!page.body.contains("2027年6月1日"), "another's absence is not shown");
    let csrf = page.csrf();
    let slot = first_slot(&page.body);

    // Without the token, or with another: 403, nothing written.
    let zeros = "0".repeat(64);
    let add = [("from", "2027-05-01"), ("to", "2027-05-02")];
    for path in
        ["/me/absences", "/me/request", "/me/feed", &format!("/me/absences/{theirs}/remove")]
    {
        assert_eq!(request(&base, "POST", path, &me, &add).status, 403, "{path}");
        let bad = [&[("csrf", zeros.as_str())][..], &add].concat();
        assert_eq!(request(&base, "POST", path, &me, &bad).status, 403, "{path}");
        // Signed out: the page saying how to sign in.
        assert_eq!(request(&base, "POST", path, "", &add).status, 401, "{path}");
    }
    // Another doctor's absence cannot be removed from here.
    let r =
        request(&base, "POST", &format!("/me/absences/{theirs}/remove"), &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 404, "{}", r.body);
    let after = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    assert_eq!(after.as_array().map(Vec::len), Some(1));

    // An absence over the doctor's first duty: the duty is named, with what to do.
    let day = &slot[..10];
    let r =
        request(&base, "POST", "/me/absences", &me, &[("csrf", &csrf), ("from", day), ("to", day)]);
    assert_eq!(r.status, 303, "{}", r.body);
    let shown = get(&base, r.header("location").unwrap(), &me);
    assert!(shown.body.contains("登録しました"), "{}", shown.body);
    assert!(shown.body.contains("重なっています"), "{}", shown.body);
    let list = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    let mine = list.as_array().unwrap().iter().find(|a| a["doctor"] == "d01").expect("added");
    let id = mine["id"].as_u64().unwrap().to_string();
    // A bad date: its message, nothing written.
    let bad = request(
        &base,
        "POST",
        "/me/absences",
        &me,
        &[("csrf", &csrf), ("from", "5/1"), ("to", day)],
    );
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("「5/1」は日付として読めません"), "{}", bad.body);

    // Cover asked from the page: the same request flow as /cover.
    let r = request(
        &base,
        "POST",
        "/me/request",
        &me,
        &[("csrf", &csrf), ("slot", &slot), ("with", "")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("代行を依頼しました") || r.body.contains("代行を依頼します"),
        "{}",
        r.body
    );
    assert!(r.body.contains("お返事待ち"), "the request's state: {}", r.body);
    // See: issue 18 (review): the page said 「/withdraw 1」, a chat command; it names its own
    // button instead.
    assert!(r.body.contains("「取り下げる」ボタンをお使いください"), "{}", r.body);
    assert!(!r.body.contains("/withdraw "), "{}", r.body);
    let requests = desk.run(&["request", "list", "--format", "json"]).code(0).json();
    assert!(requests.to_string().contains("d01"), "{requests}");

    // Another doctor sees neither.
    let d02 = doctor_session(&desk, &base, "d02");
    let theirs_page = get(&base, "/me", &d02);
    assert!(!theirs_page.body.contains("お返事待ち") || !theirs_page.body.contains(&slot[..10]));
    let r = request(
        &base,
        "POST",
        &format!("/me/absences/{id}/remove"),
        &d02,
        &[("csrf", &theirs_page.csrf())],
    );
    assert_eq!(r.status, 404);
    // The owner removes it.
    let r = request(&base, "POST", &format!("/me/absences/{id}/remove"), &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 303);

    // The calendar link: webcal, with a QR code; and the same feed's web address written out
    // for Google Calendar (Android), which takes no webcal link: nobody edits a link by hand.
    let r = request(&base, "POST", "/me/feed", &me, &[("csrf", &csrf)]);
    assert_eq!(r.status, 200);
    assert!(r.body.contains("href=\"webcal://") && r.body.contains("<svg"), "{}", r.body);
    let webcal = r.body.split("href=\"webcal://").nth(1).and_then(|s| s.split('"').next()).unwrap();
    // Their requests name the duty by its days, as the rest of the page does (issue 18).
    // (A cover asked of three at once is one row naming the three: issue 18 review 11.)
    assert!(r.body.contains("3月30日(火)〜4月5日(月)の当番の代行を"), "{}", r.body);
    assert!(r.body.contains("、木村 真理先生へ"), "{}", r.body);
    assert!(!r.body.contains("2027-03-30の当番"), "{}", r.body);
    let web = |scheme: &str| format!("<code class=\"google\">{scheme}://{webcal}</code>");
    assert!(r.body.contains(&web("http")) || r.body.contains(&web("https")), "{}", r.body);
    assert!(!r.body.contains("webcal を https に") && !r.body.contains("変えて"), "{}", r.body);

    let audit = audit_actions(&desk);
    for action in ["absence", "cover", "feed"] {
        assert!(
            audit.iter().any(|(by, a)| by == "d01" && a.starts_with(action)),
            "{action}: {audit:?}"
        );
    }
}

#[test]
fn an_admins_link_signs_in_to_the_console_and_the_doctors_pages_switch_to_english() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let (page, r) = use_link(&base, &link_path(&desk, "office", "1"));
    assert!(page.body.contains("事務局の画面にログインします"), "{}", page.body);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin"));
    assert!(r.cookie("toban_me").is_none(), "no doctor's session for an admin");
    let console =
        format!("toban_session={}", r.cookie("toban_session").expect("a console session"));
    let today = get(&base, "/admin", &console);
    assert_eq!(today.status, 200, "{}", today.body);
    assert!(audit_actions(&desk).contains(&("admin:office".into(), "web_login".into())));

    let me = doctor_session(&desk, &base, "d03");
    let switch = get(&base, "/me/lang?to=en&back=/me", &me);
    assert_eq!(switch.status, 303);
    let lang = switch
        .headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("toban_lang=en"))
        .map(|(_, v)| v.clone())
        .expect("a language cookie");
    assert!(lang.contains("Path=/me"), "{lang}");
    let page = get(&base, "/me", &format!("{me}; toban_lang=en"));
    assert!(page.body.contains("My duties") && page.body.contains("Next duties"), "{}", page.body);
    // Somewhere else than the doctor's pages: back to /me, never elsewhere.
    let away = get(&base, "/me/lang?to=en&back=//evil.example/", &me);
    assert_eq!(away.header("location"), Some("/me"));
}
