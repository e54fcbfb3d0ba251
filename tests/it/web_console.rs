//! The office's web console over real HTTP from `toban serve` (issue 18): the one-time setup
//! link, sign-in, the session cookie, CSRF, lockout (audited), sign-out and the Today page.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::feeds_http::address;
use crate::routing_cli::Desk;

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The value of cookie `name` set by this response.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie(name)
            .map(|c| c.split(';').next().unwrap().split_once('=').unwrap().1.to_string())
    }

    fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .map(|(_, v)| v.as_str())
            .find(|v| v.starts_with(&format!("{name}=")))
    }

    /// The value of the hidden `csrf` field of the page.
    pub fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
        self.body[at..at + 64].to_string()
    }
}

pub fn request(base: &str, method: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> Resp {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect();
    let body = body.join("&");
    let content_type = (method == "POST").then_some("application/x-www-form-urlencoded");
    send(base, method, path, cookie, content_type, body.as_bytes())
}

/// One request with `body` of `content_type` (none: no body headers), on its own connection.
pub fn send(
    base: &str,
    method: &str,
    path: &str,
    cookie: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Resp {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp { status, headers, body: body.to_string() }
}

pub fn get(base: &str, path: &str, cookie: &str) -> Resp {
    request(base, "GET", path, cookie, &[])
}

/// Every console response: the security headers, no script, nothing from elsewhere.
pub fn assert_console_page(r: &Resp) {
    let csp = r.header("content-security-policy").expect("a CSP");
    for part in ["default-src 'none'", "form-action 'self'", "frame-ancestors 'none'"] {
        assert!(csp.contains(part), "CSP {csp} lacks {part}");
    }
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let lower = r.body.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag:\n{}", r.body);
    assert!(
        !lower.contains("http://") && !lower.contains("https://"),
        "an external URL:\n{}",
        r.body
    );
}

/// The setup link printed by `toban admin add office` (run inside `serve`).
pub fn setup_path(desk: &Desk) -> String {
    let out = desk.run(&["admin", "add", "office"]).code(0).stdout();
    let at = out.find("/admin/setup/").unwrap_or_else(|| panic!("no setup link in:\n{out}"));
    out[at..].split_whitespace().next().unwrap().to_string()
}

pub const PASSWORD: &str = "まつぼっくり-2027-spring";

/// Opens `path`, then posts `fields` with the page's form cookie and CSRF token.
fn post_form(base: &str, path: &str, fields: &[(&str, &str)]) -> Resp {
    let page = get(base, path, "");
    let cookie = format!("toban_form={}", page.cookie("toban_form").expect("a form cookie"));
    let csrf = page.csrf();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    request(base, "POST", path, &cookie, &all)
}

fn sign_in(base: &str, password: &str) -> Resp {
    post_form(base, "/admin/login", &[("admin", "office"), ("password", password)])
}

pub fn audit_actions(desk: &Desk) -> Vec<(String, String)> {
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let list = audit.as_array().cloned().or_else(|| audit["entries"].as_array().cloned()).unwrap();
    list.iter()
        .map(|e| (e["by"].as_str().unwrap().to_string(), e["action"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn setup_link_works_once_then_sign_in_today_and_sign_out() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);

    // Without a session, the console sends you to sign in.
    let r = get(&base, "/admin", "");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/admin/login"));

    let setup = setup_path(&desk);
    let page = get(&base, &setup, "");
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("name=\"viewport\""));
    // Too short, then typed differently: refused, the link still works.
    let r = post_form(&base, &setup, &[("password", "short"), ("again", "short")]);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("12文字以上"), "{}", r.body);
    let r =
        post_form(&base, &setup, &[("password", PASSWORD), ("again", "まつぼっくり-2027-summer")]);
    assert_eq!(r.status, 400);
    // Without the form's CSRF token: 403.
    let r = request(&base, "POST", &setup, "", &[("password", PASSWORD), ("again", PASSWORD)]);
    assert_eq!(r.status, 403);
    let r = post_form(&base, &setup, &[("password", PASSWORD), ("again", PASSWORD)]);
    assert_eq!(r.status, 303, "{}", r.body);
    // See: issue 18 (review): the sign-in page after setup did not know whose password was just
    // set; it now has the ID filled in.
    assert_eq!(r.header("location"), Some("/admin/login?set=1&admin=office"));
    let page = get(&base, "/admin/login?set=1&admin=office", "");
    assert!(page.body.contains("value=\"office\""), "{}", page.body);
    let odd = get(&base, "/admin/login?admin=%22%3E%3Cx", "");
    assert!(!odd.body.contains("<x") && !odd.body.contains("&lt;x"), "not an ID: {}", odd.body);
    // Once only.
    assert_eq!(get(&base, &setup, "").status, 404);
    // Posting to it with a valid form token (the sign-in page's) changes nothing either.
    let login = get(&base, "/admin/login", "");
    let cookie = format!("toban_form={}", login.cookie("toban_form").unwrap());
    let csrf = login.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("password", "another-password-2027"),
        ("again", "another-password-2027"),
    ];
    assert_eq!(request(&base, "POST", &setup, &cookie, &fields).status, 404);

    // Sign in: a strict, HttpOnly session cookie for /admin (no Secure over plain http).
    let login = get(&base, "/admin/login", "");
    assert_console_page(&login);
    let r =
        request(&base, "POST", "/admin/login", "", &[("admin", "office"), ("password", PASSWORD)]);
    assert_eq!(r.status, 403, "sign-in without a CSRF token");
    let r = sign_in(&base, PASSWORD);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin"));
    let set = r.set_cookie("toban_session").expect("a session cookie").to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    assert!(!set.contains("Secure"), "plain http: {set}");
    let session = format!("toban_session={}", r.cookie("toban_session").unwrap());

    // Today: the duty doctor and the open call.
    let today = get(&base, "/admin", &session);
    assert_eq!(today.status, 200, "{}", today.body);
    assert_console_page(&today);
    let duty = desk.duty_now();
    let on = desk.run(&["oncall", "--format", "json"]).code(0).json();
    let duty_name = on["duty"][0]["name"].as_str().unwrap().to_string();
    assert!(!duty.is_empty());
    assert!(today.body.contains(&format!("{duty_name}先生")), "{}", today.body);
    assert!(today.body.contains("山田 花子"), "{}", today.body);
    assert!(today.body.contains("依頼1"), "{}", today.body);
    let css = get(&base, "/admin/style.css", "");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    // Sign out needs the session's CSRF token.
    let csrf = today.csrf();
    let r = request(&base, "POST", "/admin/logout", &session, &[]);
    assert_eq!(r.status, 403, "no token");
    let wrong = "0".repeat(64);
    let r = request(&base, "POST", "/admin/logout", &session, &[("csrf", &wrong)]);
    assert_eq!(r.status, 403, "a wrong token");
    assert_eq!(get(&base, "/admin", &session).status, 200, "still signed in");
    let r = request(&base, "POST", "/admin/logout", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 303);
    assert!(r.set_cookie("toban_session").unwrap().contains("Max-Age=0"));
    let r = get(&base, "/admin", &session);
    assert_eq!(r.status, 303, "the session has ended");
    assert_eq!(r.header("location"), Some("/admin/login"));
    // Signing out again (an old tab) just leads to the sign-in page.
    let r = request(&base, "POST", "/admin/logout", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/admin/login"));

    let actions = audit_actions(&desk);
    for action in ["web_admin_add", "web_setup", "web_login", "web_logout"] {
        assert!(actions.iter().any(|(_, a)| a == action), "no {action} in {actions:?}");
    }
    assert!(actions.iter().any(|(by, a)| by == "admin:office" && a == "web_login"), "{actions:?}");
    // Issue 17: the console's own entries are typed events, so the Japanese audit log reads
    // them in Japanese like every other entry (and scripts keep the action words above).
    let mut ja = desk.command();
    ja.env_remove("TOBAN_LANG");
    let log = crate::helpers::run(ja, &["audit"]).code(0);
    crate::lang_cli::assert_japanese(&log);
    let text = log.stdout();
    for said in [
        "事務局の画面のパスワードを設定しました",
        "事務局の画面にログインしました",
        "事務局の画面からログアウトしました",
    ] {
        assert!(text.contains(said), "{said} missing:\n{text}");
    }
    assert!(!text.contains("signed in to the web console"), "{text}");
}

#[test]
fn a_setup_link_expires_after_24_hours_and_removal_ends_sessions() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = setup_path(&desk);
    desk.set_clock("2027-03-03T22:00:01+09:00");
    let r = get(&base, &setup, "");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("期限切れ"), "{}", r.body);

    let setup = setup_path(&desk);
    assert_eq!(
        post_form(&base, &setup, &[("password", PASSWORD), ("again", PASSWORD)]).status,
        303
    );
    let r = sign_in(&base, PASSWORD);
    let session = format!("toban_session={}", r.cookie("toban_session").unwrap());
    assert_eq!(get(&base, "/admin", &session).status, 200);
    let listed = desk.run(&["admin", "list", "--format", "json"]).code(0).json();
    assert_eq!(listed[0]["admin"], "office");
    assert_eq!(listed[0]["state"], "active");
    desk.run(&["admin", "remove", "office"]).code(0);
    assert_eq!(get(&base, "/admin", &session).status, 303, "removed: signed out at once");
    desk.run(&["admin", "remove", "office"]).code(1);
    desk.run(&["admin", "add", "d01"]).code(1);
}

#[test]
fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = setup_path(&desk);
    assert_eq!(
        post_form(&base, &setup, &[("password", PASSWORD), ("again", PASSWORD)]).status,
        303
    );

    // A name that is no admin gets the very same answer as a wrong password.
    let r = post_form(&base, "/admin/login", &[("admin", "nobody"), ("password", PASSWORD)]);
    assert_eq!(r.status, 401);
    assert!(r.body.contains("管理者IDまたはパスワードが違います"), "{}", r.body);

    for n in 1..=4 {
        let r = sign_in(&base, "wrong password!!");
        assert_eq!(r.status, 401, "failure {n}");
        assert!(r.body.contains("管理者IDまたはパスワードが違います"), "{}", r.body);
    }
    let r = sign_in(&base, "wrong password!!");
    assert_eq!(r.status, 429, "the fifth failure locks");
    assert!(r.body.contains("22:15までログインできません"), "{}", r.body);
    // The right password is refused while locked.
    let r = sign_in(&base, PASSWORD);
    assert_eq!(r.status, 429);
    assert!(r.set_cookie("toban_session").is_none());

    let actions = audit_actions(&desk);
    let count = |a: &str| actions.iter().filter(|(by, x)| by == "admin:office" && x == a).count();
    assert_eq!(count("web_login_failed"), 5, "{actions:?}");
    assert_eq!(count("web_lockout"), 1, "{actions:?}");
    assert_eq!(count("web_login_locked"), 1, "{actions:?}");

    desk.set_clock("2027-03-02T22:15:01+09:00");
    let r = sign_in(&base, PASSWORD);
    assert_eq!(r.status, 303, "the lock has ended: {}", r.body);
}

#[test]
fn cookies_are_secure_when_the_public_url_is_https() {
    let desk = Desk::new();
    let _serve = desk.serve_with(None, &[("TOBAN_PUBLIC_URL", "https://toban.example-ishikai.jp")]);
    let base = address(&desk);
    let setup = setup_path(&desk);
    let page = get(&base, &setup, "");
    assert!(page.set_cookie("toban_form").unwrap().contains("; Secure"));
    assert_eq!(
        post_form(&base, &setup, &[("password", PASSWORD), ("again", PASSWORD)]).status,
        303
    );
    let r = sign_in(&base, PASSWORD);
    assert_eq!(r.status, 303, "{}", r.body);
    let set = r.set_cookie("toban_session").unwrap();
    assert!(set.contains("; Secure") && set.contains("HttpOnly"), "{set}");

    // A session lives 8 hours after its last request: a request renews it.
    let session = format!("toban_session={}", r.cookie("toban_session").unwrap());
    desk.set_clock("2027-03-03T05:59:00+09:00");
    assert_eq!(get(&base, "/admin", &session).status, 200, "7 h 59 min idle");
    desk.set_clock("2027-03-03T13:58:00+09:00");
    assert_eq!(get(&base, "/admin", &session).status, 200, "renewed at 5:59");
    desk.set_clock("2027-03-03T21:58:00+09:00");
    assert_eq!(get(&base, "/admin", &session).status, 303, "8 h without a request");
}

/// Signs in as `office` (set up first) and returns the session cookie.
pub fn session_of(desk: &Desk, base: &str) -> String {
    let setup = setup_path(desk);
    assert_eq!(post_form(base, &setup, &[("password", PASSWORD), ("again", PASSWORD)]).status, 303);
    let r = sign_in(base, PASSWORD);
    assert_eq!(r.status, 303, "{}", r.body);
    format!("toban_session={}", r.cookie("toban_session").unwrap())
}

/// A raw request with no body and no content type.
fn bare_post(base: &str, path: &str, cookie: &str) -> Resp {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n"
    );
    if !cookie.is_empty() {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp { status, headers, body: body.to_string() }
}

#[test]
fn refusals_and_missing_pages_come_in_the_console_frame_with_a_way_back() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);

    // A form without its token: 403, its title once (it read 「事務局の画面 — 事務局の画面」).
    let r = request(&base, "POST", "/admin/login", "", &[("admin", "office"), ("password", "x")]);
    assert_eq!(r.status, 403);
    assert_console_page(&r);
    assert!(r.body.contains("<title>受け付けられません — 匝瑳医師会"), "{}", r.body);
    assert!(!r.body.contains("事務局の画面 — 事務局の画面"), "{}", r.body);
    assert!(r.body.contains("href=\"/admin/login\""), "a way back: {}", r.body);

    // Sign-out with no body at all: never 415. Signed out, it leads to the sign-in page.
    let r = bare_post(&base, "/admin/logout", "");
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/login"));

    // A page that does not exist, signed out: 404 in the frame, a way to sign in.
    let r = get(&base, "/admin/no-such-page", "");
    assert_eq!(r.status, 404);
    assert_console_page(&r);
    assert!(r.body.contains("ページが見つかりません"), "{}", r.body);
    assert!(r.body.contains("匝瑳医師会 在宅患者24時間支援システム"), "{}", r.body);
    assert!(r.body.contains("href=\"/admin/login\""), "{}", r.body);

    let session = session_of(&desk, &base);
    // Signed in, no body: refused cleanly (403 page, still signed in), not 415.
    let r = bare_post(&base, "/admin/logout", &session);
    assert_eq!(r.status, 403, "{}", r.body);
    assert_console_page(&r);
    assert!(r.body.contains("ログイン中"), "the frame knows who is signed in: {}", r.body);
    assert_eq!(get(&base, "/admin", &session).status, 200, "still signed in");
    // Its language switch leads back to a page that answers a GET.
    let r = get(&base, "/admin/logout", &session);
    assert_eq!((r.status, r.header("location")), (303, Some("/admin")));
    // A body with no token is refused the same way.
    let r = request(&base, "POST", "/admin/logout", &session, &[("{\"csrf\":1}", "")]);
    assert_eq!(r.status, 403);

    // 404 signed in: the nav and a way back to Today.
    let r = get(&base, "/admin/members/nobody", &session);
    assert_eq!(r.status, 404);
    assert!(r.body.contains("<nav"), "{}", r.body);
    assert!(r.body.contains("本日の状況に戻る"), "{}", r.body);
    assert!(r.body.contains("href=\"/admin\""), "{}", r.body);
    assert!(r.body.contains("action=\"/admin/logout\""), "{}", r.body);
}

#[test]
fn the_language_switch_is_kept_in_a_cookie_and_only_leads_within_the_console() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    // The rules' language first.
    let r = get(&base, "/admin/login", "");
    assert!(r.body.contains("lang=\"ja\"") && r.body.contains("ログイン"), "{}", r.body);
    assert!(r.body.contains("/admin/lang?to=en&amp;back=%2Fadmin%2Flogin"), "{}", r.body);

    let r = get(&base, "/admin/lang?to=en&back=%2Fadmin%2Flogin", "");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/admin/login"));
    let set = r.set_cookie("toban_lang").expect("a language cookie").to_string();
    for part in ["toban_lang=en", "Path=/admin", "SameSite=Strict", "HttpOnly"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    let r = get(&base, "/admin/login", "toban_lang=en");
    assert!(r.body.contains("lang=\"en\"") && r.body.contains("Sign in"), "{}", r.body);
    let session = session_of(&desk, &base);
    let r = get(&base, "/admin", &format!("{session}; toban_lang=en"));
    assert!(r.body.contains("Today") && r.body.contains("Sign out"), "{}", r.body);

    // Never back to another site, and never a bad language.
    for back in ["https://evil.example/", "//evil.example/admin", "/admin/..%5C%5Cevil", "/feeds/x"]
    {
        let q: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
        let r = get(&base, &format!("/admin/lang?to=en&back={q}"), "");
        assert_eq!(r.status, 303);
        let to = r.header("location").unwrap();
        assert!(to == "/admin" || to.starts_with("/admin/"), "{back} led to {to}");
        assert!(!to.contains("//") && !to.contains('\\'), "{back} led to {to}");
    }
    let r = get(&base, "/admin/lang?to=xx", "");
    assert!(r.set_cookie("toban_lang").unwrap().contains("toban_lang=ja"));
}
