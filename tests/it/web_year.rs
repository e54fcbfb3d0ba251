//! The console's pages "The year" and "Plan and publish" over real HTTP from `toban serve`
//! (issue 18): signed out they send you to sign in, forms need the session's token, a swap
//! from a slot's page is checked by the command line's checker (a refused one names the
//! reason and changes nothing; a made one is audited with the admin's name), and a re-plan
//! runs beside the engine, shows its progress and draft, and publishes.

use std::time::Duration;

use serde_json::Value;

use crate::feeds_http::address;
use crate::routing_cli::{Desk, wait_for};
use crate::web_console::{PASSWORD, Resp, request, setup_path};

fn get(base: &str, path: &str, cookie: &str) -> Resp {
    request(base, "GET", path, cookie, &[])
}

/// Sets the office's password from its setup link and signs in: the session cookie and a
/// CSRF token of the session.
pub(crate) fn sign_in(desk: &Desk, base: &str) -> (String, String) {
    let setup = setup_path(desk);
    let page = get(base, &setup, "");
    let form = format!("toban_form={}", page.cookie("toban_form").unwrap());
    let csrf = page.csrf();
    let fields = [("csrf", csrf.as_str()), ("password", PASSWORD), ("again", PASSWORD)];
    assert_eq!(request(base, "POST", &setup, &form, &fields).status, 303);
    log_in(base)
}

/// Signs the office in with its password: the session cookie and its CSRF token.
fn log_in(base: &str) -> (String, String) {
    let page = get(base, "/admin/login", "");
    let form = format!("toban_form={}", page.cookie("toban_form").unwrap());
    let csrf = page.csrf();
    let fields = [("csrf", csrf.as_str()), ("admin", "office"), ("password", PASSWORD)];
    let r = request(base, "POST", "/admin/login", &form, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let session = format!("toban_session={}", r.cookie("toban_session").unwrap());
    let csrf = get(base, "/admin", &session).csrf();
    (session, csrf)
}

/// The published 2027 rota: (slot id, start, doctors), in order.
fn slots(desk: &Desk) -> Vec<(String, String, Vec<String>)> {
    let v: Value = desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let doctors =
                s["doctors"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().into());
            (
                s["id"].as_str().unwrap().into(),
                s["start"].as_str().unwrap().into(),
                doctors.collect(),
            )
        })
        .collect()
}

fn audit(desk: &Desk) -> Vec<Value> {
    desk.run(&["audit", "--format", "json"]).code(0).json().as_array().unwrap().clone()
}

/// The plan page of 2027 as first seen once the plan has ended: a failure is shown on that
/// view only (issue 18 review, finding 7a), so no view before it may be one the test drops.
fn plan_page_once_ended(base: &str, session: &str) -> Resp {
    let mut page = None;
    wait_for(Duration::from_secs(60), "the plan to end", || {
        let seen = get(base, "/admin/plan/2027", session);
        let ended = seen.header("refresh").is_none();
        page = Some(seen);
        ended
    });
    page.expect("seen")
}

fn slot_path(id: &str) -> String {
    format!("/admin/year/2027/slot/{id}")
}

#[test]
fn signed_out_the_year_and_plan_pages_send_you_to_sign_in_and_forms_need_the_token() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let first = slots(&desk)[20].0.clone();
    for path in ["/admin/year", "/admin/year/2027", &slot_path(&first), "/admin/plan/2027"] {
        let r = get(&base, path, "");
        assert_eq!(r.status, 303, "{path}");
        assert_eq!(r.header("location"), Some("/admin/login"), "{path}");
    }
    let (session, csrf) = sign_in(&desk, &base);
    let year = get(&base, "/admin/year", &session);
    assert_eq!(year.status, 200, "{}", year.body);
    assert!(year.body.contains("2027年の当番表"), "the current plan year by default");
    assert!(year.body.contains(&slot_path(&first)), "every day links to its slot");
    assert!(year.body.contains("目標との差"), "the fairness table");
    assert!(year.body.contains("href=\"/admin/plan\""), "the nav");
    assert_eq!(get(&base, "/admin/year.css", "").status, 200);
    assert_eq!(get(&base, "/admin/year/1999", &session).status, 404);
    assert_eq!(get(&base, "/admin/year/2027/slot/nonsense", &session).status, 404);
    let before = slots(&desk);
    for (path, fields) in [
        (slot_path(&first), vec![("do", "freeze")]),
        ("/admin/plan/2027".to_string(), vec![("from", "2027-06-01")]),
        ("/admin/plan/2027/publish".to_string(), vec![]),
        ("/admin/plan/2027/discard".to_string(), vec![]),
    ] {
        let r = request(&base, "POST", &path, &session, &fields);
        assert_eq!(r.status, 403, "{path} without the token");
        let mut wrong = vec![("csrf", "0".repeat(64))];
        wrong.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(request(&base, "POST", &path, &session, &wrong).status, 403, "{path}");
    }
    assert_eq!(slots(&desk), before, "nothing changed");
    // With the token: freezing is the command line's, audited with the admin's name.
    let r =
        request(&base, "POST", &slot_path(&first), &session, &[("csrf", &csrf), ("do", "freeze")]);
    assert_eq!(r.status, 303, "{}", r.body);
    let shown: Value = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let frozen = shown["slots"].as_array().unwrap().iter().find(|s| s["id"] == first.as_str());
    assert_eq!(frozen.unwrap()["frozen"], true);
    let freeze = audit(&desk).into_iter().find(|e| e["action"] == "freeze").unwrap();
    assert_eq!(freeze["by"], "admin:office");
    let page = get(&base, &slot_path(&first), &session);
    assert!(page.body.contains("固定されています"), "{}", page.body);
}

/// The printable rota (issue 18): `toban rota page` behind the console's sign-in, the very
/// same page, under a policy that lets its inline styles apply and nothing else run or load.
#[test]
fn the_printable_rota_is_the_command_lines_page_and_is_linked_from_the_year_and_the_report() {
    let desk = Desk::new();
    let file = desk.dir.path().join("rota.html");
    desk.run(&["rota", "page", "2027", "--out", file.to_str().unwrap()]).code(0);
    let written = std::fs::read_to_string(&file).unwrap();
    let _serve = desk.serve();
    let base = address(&desk);
    let anonymous = get(&base, "/admin/year/2027/print", "");
    assert_eq!(anonymous.status, 303, "{}", anonymous.body);
    assert_eq!(anonymous.header("location"), Some("/admin/login"));
    let (session, _) = sign_in(&desk, &base);

    let page = get(&base, "/admin/year/2027/print", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.body == written, "not the page `toban rota page` writes:\n{}", page.body);
    for part in ["在宅当番表 2027年", "<h2>2027年4月</h2>", "<h2>2027年12月</h2>", "青木 一郎"]
    {
        assert!(page.body.contains(part), "{part} missing:\n{}", page.body);
    }
    crate::rota_page::assert_self_contained(&page.body);
    // Its styles are inline: the policy allows them, and still runs nothing, loads nothing,
    // posts nowhere and is framed by no one; the console's other headers stay.
    let csp = page.header("content-security-policy").expect("a CSP");
    for part in [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    assert!(!csp.contains("script-src 'unsafe") && !csp.contains("'self'"), "{csp}");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    // Every other console page keeps the console's own policy.
    let year = get(&base, "/admin/year/2027", &session);
    assert!(!year.header("content-security-policy").unwrap().contains("unsafe-inline"));

    // Linked from the year page and from the annual report's downloads.
    assert!(year.body.contains("href=\"/admin/year/2027/print\""), "{}", year.body);
    let report = get(&base, "/admin/report/2027", &session);
    assert!(report.body.contains("href=\"/admin/year/2027/print\""), "{}", report.body);
    // No such year, no rota yet: the console's 404 page, which says what to do.
    assert_eq!(get(&base, "/admin/year/1999/print", &session).status, 404);
    let none = get(&base, "/admin/year/2031/print", &session);
    assert_eq!(none.status, 404, "{}", none.body);
    assert!(none.body.contains("2031"), "{}", none.body);
    assert!(none.header("content-security-policy").unwrap().contains("form-action 'self'"));
}

#[test]
fn a_refused_swap_names_the_reason_and_changes_nothing_and_a_made_one_is_audited_and_told() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let (session, csrf) = sign_in(&desk, &base);
    let all = slots(&desk);
    let regular: Vec<&(String, String, Vec<String>)> =
        all.iter().filter(|s| s.1.as_str() > "2027-04" && s.2.len() == 1).collect();
    let swap = |a: &(String, String, Vec<String>), b: &(String, String, Vec<String>)| {
        let with = format!("{}/{}", b.0, b.2[0]);
        let fields =
            [("csrf", csrf.as_str()), ("do", "swap"), ("doctor", &a.2[0]), ("with", &with)];
        request(&base, "POST", &slot_path(&a.0), &session, &fields)
    };
    // A swap that puts a doctor next to another duty of theirs breaks the minimum gap: b's
    // neighbour (not a itself) is a's doctor too.
    let a = regular[0];
    let future: Vec<&(String, String, Vec<String>)> =
        all.iter().filter(|s| s.1.as_str() > "2027-04").collect();
    let mut b = None;
    for w in future.windows(2) {
        for (z, n) in [(w[0], w[1]), (w[1], w[0])] {
            let alone = z.2.len() == 1 && z.2 != a.2;
            if b.is_none() && n.2.contains(&a.2[0]) && n.0 != a.0 && z.0 != a.0 && alone {
                b = Some(z);
            }
        }
    }
    let b = b.expect("a doctor has more than one duty");
    let before = slots(&desk);
    let r = swap(a, b);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("保存していません"), "{}", r.body);
    assert!(r.body.contains("当番の決まりに反します"), "the checker's reason:\n{}", r.body);
    assert_eq!(slots(&desk), before, "a refused swap changes nothing");
    assert!(audit(&desk).iter().all(|e| e["action"] != "swap"));
    // Far apart: some swap is legal (the checker decides which).
    let mut made = None;
    'outer: for a in &regular[..8] {
        for b in &regular[20..30] {
            if a.2 == b.2 {
                continue;
            }
            let r = swap(a, b);
            if r.status == 303 {
                let to = format!("{}?done=swap", slot_path(&a.0));
                assert_eq!(r.header("location"), Some(to.as_str()));
                made = Some(((*a).clone(), (*b).clone()));
                break 'outer;
            }
            assert_eq!(r.status, 400, "{}", r.body);
            assert!(r.body.contains("当番の決まりに反します"), "{}", r.body);
        }
    }
    let (a, b) = made.expect("some swap is legal");
    let after = slots(&desk);
    let doctors = |id: &str| after.iter().find(|s| s.0 == id).unwrap().2.clone();
    assert_eq!((doctors(&a.0), doctors(&b.0)), (b.2.clone(), a.2.clone()));
    let swaps: Vec<Value> = audit(&desk).into_iter().filter(|e| e["action"] == "swap").collect();
    assert_eq!(swaps.len(), 1, "{swaps:?}");
    assert_eq!(swaps[0]["by"], "admin:office", "audited with the admin's name");
    // The notices go out as for the command line: both doctors are told.
    let page = get(&base, &format!("{}?done=swap", slot_path(&a.0)), &session);
    assert!(page.body.contains("入れ替えました"), "{}", page.body);
    // A cover that puts the next duty's doctor on two duties in a row: refused, nothing saved.
    let now = slots(&desk);
    let i = now.iter().position(|s| s.0 == future[12].0).unwrap();
    let (s, next) = (&now[i], &now[i + 1]);
    let fields = [
        ("csrf", csrf.as_str()),
        ("do", "cover"),
        ("doctor", s.2[0].as_str()),
        ("other", next.2[0].as_str()),
    ];
    let r = request(&base, "POST", &slot_path(&s.0), &session, &fields);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("当番の決まりに反します"), "{}", r.body);
    assert_eq!(slots(&desk), now);
    // A started duty: only what actually happened can be recorded.
    let started = &all[0];
    let page = get(&base, &slot_path(&started.0), &session);
    assert!(page.body.contains("value=\"actual\"") && !page.body.contains("value=\"swap\""));
    let other = if started.2[0] == "d01" { "d02" } else { "d01" };
    let fields = [
        ("csrf", csrf.as_str()),
        ("do", "actual"),
        ("was", started.2[0].as_str()),
        ("is", other),
        ("reason", ""),
    ];
    let r = request(&base, "POST", &slot_path(&started.0), &session, &fields);
    assert_eq!(r.status, 400, "a reason is needed");
    let fields = [
        ("csrf", csrf.as_str()),
        ("do", "actual"),
        ("was", started.2[0].as_str()),
        ("is", other),
        ("reason", "発熱のため"),
    ];
    let r = request(&base, "POST", &slot_path(&started.0), &session, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let actual = audit(&desk).into_iter().find(|e| e["action"] == "actual").unwrap();
    assert_eq!(actual["by"], "admin:office");
}

#[test]
fn a_replan_from_the_past_names_the_earliest_date_and_a_replan_is_shown_then_published() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let (session, csrf) = sign_in(&desk, &base);
    let page = get(&base, "/admin/plan/2027", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("name=\"from\""), "a re-plan form: the year is published");
    // From a date already past: refused by `plan`'s own check, naming the earliest date.
    let r = request(
        &base,
        "POST",
        "/admin/plan/2027",
        &session,
        &[("csrf", &csrf), ("from", "2027-01-10")],
    );
    assert_eq!(r.status, 303);
    let mut page = plan_page_once_ended(&base, &session);
    // See: issue 18 (review): the refusal named `toban plan … --replan-from` and `toban
    // actual`; the clerk is told the earliest date and where to record a started duty.
    assert!(page.body.contains("3月3日(水)以降の日を指定してください"), "{}", page.body);
    assert!(page.body.contains("「当番表」でその週を開いて記録します"), "{}", page.body);
    for command in ["toban ", "--replan-from", "`"] {
        assert!(!page.body.contains(command), "{command}: {}", page.body);
    }
    // See: issue 18 (review, finding 7a): the failure showed on every later visit, as if new.
    // It is shown once the run has ended, then no more.
    let later = get(&base, "/admin/plan/2027", &session);
    assert!(!later.body.contains("以降の日を指定してください"), "{}", later.body);
    assert!(!later.body.contains("保存していません"), "{}", later.body);
    // Without a date, a published year is re-planned from the date the form asks for.
    let r = request(&base, "POST", "/admin/plan/2027", &session, &[("csrf", &csrf), ("from", "")]);
    assert!(r.status == 303 || r.status == 400, "{}", r.body);
    wait_for(Duration::from_secs(60), "the refusal", || {
        page = get(&base, "/admin/plan/2027", &session);
        page.header("refresh").is_none()
    });
    if r.status == 303 {
        assert!(page.body.contains("「この日から計画し直す」に日付"), "{}", page.body);
    }
    assert!(!page.body.contains("toban plan"), "{}", page.body);
    let r =
        request(&base, "POST", "/admin/plan/2027", &session, &[("csrf", &csrf), ("from", "3/9")]);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("日付として読めません"), "{}", r.body);

    // A re-plan from June with d05 away in July: the draft, its figures and its diff.
    desk.run(&["absence", "add", "d05", "2027-07-01", "2027-07-31"]).code(0);
    let r = request(
        &base,
        "POST",
        "/admin/plan/2027",
        &session,
        &[("csrf", &csrf), ("from", "2027-06-01")],
    );
    assert_eq!(r.status, 303);
    wait_for(Duration::from_secs(120), "the re-plan to end", || {
        page = get(&base, "/admin/plan/2027", &session);
        if page.header("refresh").is_some() {
            assert!(page.body.contains("http-equiv=\"refresh\""), "{}", page.body);
        }
        page.header("refresh").is_none()
    });
    assert!(page.body.contains("変更後"), "the diff: {}", page.body);
    assert!(page.body.contains("公平性の幅"), "{}", page.body);
    // See: issue 18 (review, finding 7b): the draft did not say it re-plans from a date.
    assert!(
        page.body.contains(
            "6月1日(火)から計画し直した下書きです。それより前の当番は公開済みのままです。"
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("/admin/plan/2027/publish"), "{}", page.body);
    let r = request(&base, "POST", "/admin/plan/2027/publish", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/year/2027?done=published"));
    let after = slots(&desk);
    assert!(
        after
            .iter()
            .filter(|s| s.1.as_str() >= "2027-07-02" && s.1.as_str() < "2027-07-25")
            .all(|s| !s.2.contains(&"d05".to_string())),
        "the published rota follows the absence"
    );
    let publish = audit(&desk).into_iter().rfind(|e| e["action"] == "publish").unwrap();
    assert_eq!(publish["by"], "admin:office");
    // The re-plan is audited too, with the admin and the day it re-planned from (issue 18).
    let planned = audit(&desk).into_iter().rfind(|e| e["action"] == "plan").expect("audited");
    assert_eq!(planned["by"], "admin:office");
    assert_eq!(planned["event"]["replan_from"], "2027-06-01", "{planned}");
    // Nothing left to publish or discard: the command line's refusal.
    let r = request(&base, "POST", "/admin/plan/2027/discard", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("下書きはありません"), "{}", r.body);
}

#[test]
fn a_draft_that_changes_a_duty_started_since_is_not_published() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let (session, csrf) = sign_in(&desk, &base);
    desk.run(&["absence", "add", "d05", "2027-07-01", "2027-07-31"]).code(0);
    let fields = [("csrf", csrf.as_str()), ("from", "2027-06-01")];
    assert_eq!(request(&base, "POST", "/admin/plan/2027", &session, &fields).status, 303);
    let mut page = get(&base, "/admin/plan/2027", &session);
    wait_for(Duration::from_secs(120), "the re-plan to end", || {
        page = get(&base, "/admin/plan/2027", &session);
        page.header("refresh").is_none()
    });
    assert!(page.body.contains("変更後"), "{}", page.body);
    // August: the July duties the draft changes have started. Publishing is refused as
    // `rota publish` refuses it, and the published rota stays.
    desk.set_clock("2027-08-15T12:00:00+09:00");
    let (session, csrf) = log_in(&base);
    let before = slots(&desk);
    let r = request(&base, "POST", "/admin/plan/2027/publish", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("すでに始まった当番"), "{}", r.body);
    assert!(r.body.contains("公開していません"), "{}", r.body);
    // The duties are named by their days, with the id the office types (issue 18).
    assert!(r.body.contains("(月)の当番（2027-08-"), "{}", r.body);
    assert!(!r.body.contains("すでに始まった当番（2027-"), "{}", r.body);
    assert_eq!(slots(&desk), before);
    // The draft can be discarded.
    let r = request(&base, "POST", "/admin/plan/2027/discard", &session, &[("csrf", &csrf)]);
    assert_eq!(r.status, 303);
    let page = get(&base, "/admin/plan/2027?done=discarded", &session);
    assert!(page.body.contains("下書きを破棄しました") && page.body.contains("下書きはありません"));
    let discard = audit(&desk).into_iter().find(|e| e["action"] == "discard").unwrap();
    assert_eq!(discard["by"], "admin:office");
}

// See: issue 18 (review, finding 7c): a re-plan from a day after the year's end was accepted
// and saved a draft that changed nothing, without a word.
#[test]
fn a_replan_from_a_day_outside_the_year_is_refused_naming_the_years_first_and_last_day() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let (session, csrf) = sign_in(&desk, &base);
    let page = get(&base, "/admin/plan/2027", &session);
    assert!(
        page.body.contains("max=\"2027-12-31\""),
        "the date field keeps to the year: {}",
        page.body
    );
    let (before, planned) = (slots(&desk), audit(&desk).len());
    let fields = [("csrf", csrf.as_str()), ("from", "2028-05-01")];
    assert_eq!(request(&base, "POST", "/admin/plan/2027", &session, &fields).status, 303);
    let page = plan_page_once_ended(&base, &session);
    assert!(
        page.body.contains("保存していません。2028年5月1日(月)は2027年の期間外です。"),
        "{}",
        page.body
    );
    assert!(page.body.contains("2027年1月1日(金)から2027年12月31日(金)まで"), "{}", page.body);
    assert!(page.body.contains("下書きはありません"), "nothing saved: {}", page.body);
    assert_eq!(slots(&desk), before);
    assert_eq!(audit(&desk).len(), planned, "nothing audited");
    // Shown once the run has ended; a later visit does not show it again (finding 7a).
    let later = get(&base, "/admin/plan/2027", &session);
    assert!(!later.body.contains("期間外"), "{}", later.body);
}
