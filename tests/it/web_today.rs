//! The console's Today page over real HTTP from `toban serve` (issue 18): it reloads itself
//! (no script) and a call raised meanwhile is there on the next load, with its chain and
//! timeline; the checks of `toban doctor` as a banner; cover from an absence; "prefer not"
//! absences; the annual report in English; failed sign-ins forgotten once they cannot lock.

use serde_json::Value;

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{PASSWORD, assert_console_page, get, request, session_of};

const REFRESH: (&str, &str) = ("TOBAN_TODAY_REFRESH_SECONDS", "2");

#[test]
fn today_reloads_itself_and_a_call_raised_meanwhile_is_there_on_the_next_load() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let _serve = desk.serve_with(None, &[REFRESH]);
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert_eq!(page.header("refresh"), Some("2"), "the page asks to be loaded again");
    assert!(page.body.contains("<meta http-equiv=\"refresh\" content=\"2\">"), "{}", page.body);
    assert!(page.body.contains("22:00:00 現在の状況です。"), "{}", page.body);
    assert!(page.body.contains("対応中の依頼はありません。"), "{}", page.body);

    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let page = get(&base, "/admin", &session);
    assert!(
        page.body.contains("id=\"call-1\""),
        "the raised call is on the next load:\n{}",
        page.body
    );
    assert!(page.body.contains("山田 花子"), "{}", page.body);
    for part in ["連絡の順番", "経過", "href=\"/admin/calls/1\""] {
        assert!(page.body.contains(part), "{part} missing:\n{}", page.body);
    }
    assert_eq!(page.header("refresh"), Some("2"), "still live while a call is open");
    // The chain's lines are those of `toban call show`.
    let shown = desk.run(&["call", "show", "1", "--lang", "ja"]).code(0).stdout();
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let step = shown.lines().find(|l| l.contains(" 1. ")).expect("a chain step").trim();
    assert!(page.body.contains(&esc(step)), "{step} missing:\n{}", page.body);
    // Signed out, Today still sends you to sign in.
    assert_eq!(get(&base, "/admin", "").status, 303);
}

#[test]
fn the_banner_shows_what_toban_doctor_finds_and_the_problem_goes_when_it_is_fixed() {
    let desk = Desk::unplanned();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let nothing = "今以降を含む公開済みの当番表がありません";
    let page = get(&base, "/admin", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("対応が必要なこと"), "{}", page.body);
    assert!(page.body.contains(nothing), "the coverage check of toban doctor:\n{}", page.body);
    assert!(page.body.contains("「計画と公開」を開く"), "{}", page.body);
    assert!(page.body.contains("href=\"/admin/plan\""), "{}", page.body);
    let (fail, warn) = (page.body.find("要対応"), page.body.find("注意・"));
    assert!(fail.unwrap() < warn.expect("a warning too (no chat is set up)"), "failures first");
    // The same checks as the command line: it says the same.
    let doctor = desk.run(&["doctor", "--lang", "ja"]).code(1).stdout();
    assert!(doctor.contains(nothing), "{doctor}");
    // English.
    let en = get(&base, "/admin", &format!("{session}; toban_lang=en"));
    assert!(en.body.contains("Needs attention"), "{}", en.body);
    assert!(en.body.contains("No published rota covers now or later"), "{}", en.body);
    // The console's link leads to the page; the clerk is not told to type commands.
    for body in [&page.body, &en.body] {
        assert!(!body.contains("toban plan") && !body.contains("toban rota publish"), "{body}");
    }

    desk.run(&["plan", "2027"]).code(0);
    desk.run(&["rota", "publish", "2027"]).code(0);
    let page = get(&base, "/admin", &session);
    assert!(!page.body.contains(nothing), "fixed, gone:\n{}", page.body);
    assert!(!page.body.contains("「計画と公開」を開く"), "{}", page.body);
}

// See: issue 18 (review, finding 4): in December, with nothing published, Today said to plan
// and publish "this" year, and the plan page planned it from January without a word about
// the weeks already past.
#[test]
fn in_december_without_a_rota_today_leads_to_next_year_and_this_years_page_says_what_it_means() {
    let desk = Desk::unplanned();
    desk.set_clock("2027-12-10T10:00:00+09:00");
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin", &session);
    assert!(page.body.contains("今以降を含む公開済みの当番表がありません"), "{}", page.body);
    assert!(page.body.contains("2027年は12月31日(金)で終わります（あと22日）。"), "{}", page.body);
    assert!(page.body.contains("href=\"/admin/plan/2028\""), "{}", page.body);
    assert!(page.body.contains("「2028年の計画と公開」を開く"), "{}", page.body);
    assert!(page.body.contains("href=\"/admin/plan/2027\""), "this year too: {}", page.body);
    let en = get(&base, "/admin", &format!("{session}; toban_lang=en"));
    assert!(en.body.contains("2027 ends on Fri 31 Dec 2027 (22 days left)."), "{}", en.body);
    // The menu's Plan and publish leads to next year, this year one link away.
    let plan = get(&base, "/admin/plan", &session);
    assert!(plan.body.contains("2028年の計画と公開"), "{}", plan.body);
    assert!(plan.body.contains("href=\"/admin/plan/2027\""), "{}", plan.body);
    assert!(!plan.body.contains("に始まっています"), "2028 has not begun: {}", plan.body);
    // This year's page says plainly what planning it now means.
    let this = get(&base, "/admin/plan/2027", &session);
    assert!(this.body.contains("2027年はすでに1月1日(金)に始まっています。"), "{}", this.body);
    assert!(this.body.contains("今日より前の週にも当番が割り当てられ"), "{}", this.body);
    assert!(this.body.contains("（あと22日）"), "{}", this.body);
    assert!(this.body.contains("href=\"/admin/plan/2028\""), "{}", this.body);
}

// See: issue 18 (review, finding 4): a year that has begun is planned from its first day.
#[test]
fn planning_a_year_already_begun_says_the_past_weeks_are_planned_and_counted() {
    let desk = Desk::unplanned();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    // March: the year is not nearly over, and Today leads to this year's page as before.
    let page = get(&base, "/admin", &session);
    assert!(!page.body.contains("で終わります"), "{}", page.body);
    let plan = get(&base, "/admin/plan", &session);
    assert!(plan.body.contains("2027年の計画と公開"), "{}", plan.body);
    assert!(plan.body.contains("2027年はすでに1月1日(金)に始まっています。"), "{}", plan.body);
    assert!(
        plan.body.contains("公開すると、その週も務めたものとして公平性の点数に数えられます。"),
        "{}",
        plan.body
    );
    assert!(!plan.body.contains("で終わります"), "not nearly over: {}", plan.body);
    let en = get(&base, "/admin/plan", &format!("{session}; toban_lang=en"));
    assert!(en.body.contains("2027 began on Fri 1 Jan 2027."), "{}", en.body);
    // Once published, the plan page re-plans from a date instead: no such note.
    desk.run(&["plan", "2027"]).code(0);
    desk.run(&["rota", "publish", "2027"]).code(0);
    let plan = get(&base, "/admin/plan", &session);
    assert!(!plan.body.contains("すでに1月1日"), "{}", plan.body);
}

/// The published 2027 rota: (slot id, start, doctors), in order.
pub fn slots(desk: &Desk) -> Vec<(String, String, Vec<String>)> {
    let v: Value = desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let doctors = s["doctors"].as_array().unwrap().iter();
            (
                s["id"].as_str().unwrap().into(),
                s["start"].as_str().unwrap().into(),
                doctors.map(|d| d.as_str().unwrap().into()).collect(),
            )
        })
        .collect()
}

pub fn actions(desk: &Desk) -> Vec<Value> {
    desk.run(&["audit", "--format", "json"]).code(0).json().as_array().unwrap().clone()
}

#[test]
fn an_absence_over_a_duty_leads_to_a_cover_that_is_checked_saved_and_audited() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let all = slots(&desk);
    let i = all.iter().position(|s| s.1.as_str() > "2027-05" && s.2.len() == 1).unwrap();
    let (s, next) = (all[i].clone(), all[i + 1].clone());
    let day = &s.1[..10];
    let csrf = get(&base, "/admin/absences", &session).csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("doctor", s.2[0].as_str()),
        ("from", day),
        ("to", day),
        ("kind", "away"),
        ("reason", "学会"),
    ];
    let r = request(&base, "POST", "/admin/absences", &session, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let page = get(&base, r.header("location").unwrap(), &session);
    let list = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    let id = list[0]["id"].as_u64().unwrap();
    let cover = format!("/admin/absences/{id}/cover/{}", s.0);
    assert!(
        page.body.contains(&format!("href=\"{cover}\"")),
        "the clash links to a cover:\n{}",
        page.body
    );
    assert!(!page.body.contains("toban cover"), "no command line to type:\n{}", page.body);
    assert!(page.body.contains(&format!("の当番（{}）があります", s.0)), "{}", page.body);
    assert!(!page.body.contains("枠 "), "no bare slot id:\n{}", page.body);
    let listed = get(&base, "/admin/absences", &session);
    assert!(!listed.body.contains("枠 "), "no bare slot id:\n{}", listed.body);
    assert!(listed.body.contains(&format!("href=\"{cover}\"")), "the list too:\n{}", listed.body);

    let form = get(&base, &cover, &session);
    assert_eq!(form.status, 200, "{}", form.body);
    assert_console_page(&form);
    assert!(form.body.contains("代わりに入る先生"), "{}", form.body);
    assert!(form.body.contains(&format!("の当番（{}）", s.0)), "by its days:\n{}", form.body);
    assert!(!form.body.contains("枠 "), "no bare slot id:\n{}", form.body);
    // Signed out: to sign in; without the token: 403.
    assert_eq!(get(&base, &cover, "").status, 303);
    let r = request(&base, "POST", &cover, &session, &[("other", next.2[0].as_str())]);
    assert_eq!(r.status, 403, "{}", r.body);
    // The next duty's doctor on two duties in a row: refused with the checker's reason.
    let before = slots(&desk);
    let fields = [("csrf", csrf.as_str()), ("other", next.2[0].as_str())];
    let r = request(&base, "POST", &cover, &session, &fields);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("当番の決まりに反します"), "the reason:\n{}", r.body);
    assert!(r.body.contains("保存していません"), "{}", r.body);
    assert_eq!(slots(&desk), before, "a refused cover changes nothing");
    assert!(actions(&desk).iter().all(|e| e["action"] != "cover"));
    // Someone the checker accepts.
    let mut covered = None;
    for d in ["d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09", "d10"] {
        if s.2[0] == d || next.2[0] == d {
            continue;
        }
        let r = request(&base, "POST", &cover, &session, &[("csrf", csrf.as_str()), ("other", d)]);
        if r.status == 303 {
            let to = r.header("location").unwrap().to_string();
            assert!(to.starts_with("/admin/absences?covered="), "{to}");
            let done = get(&base, &to, &session);
            // The duty by its days, its id in brackets (issue 18).
            assert!(done.body.contains(&format!("の当番（{}）は", s.0)), "{}", done.body);
            assert!(done.body.contains("が代行します。"), "{}", done.body);
            assert!(!done.body.contains("枠 "), "no bare slot id:\n{}", done.body);
            covered = Some(d);
            break;
        }
        assert_eq!(r.status, 400, "{}", r.body);
    }
    let d = covered.expect("some doctor can cover");
    let after = slots(&desk);
    assert_eq!(after.iter().find(|x| x.0 == s.0).unwrap().2, vec![d.to_string()]);
    let cover_entry = actions(&desk).into_iter().find(|e| e["action"] == "cover").unwrap();
    assert_eq!(cover_entry["by"], "admin:office", "audited with the admin: {cover_entry}");
    // Covered: the duty no longer falls on the absence.
    let again = get(&base, &cover, &session);
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("もう不在"), "{}", again.body);
    assert!(!again.body.contains("枠 "), "no bare slot id:\n{}", again.body);
}

#[test]
fn a_prefer_not_absence_is_entered_as_such_and_listed_with_its_kind() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let duty = desk.duty_now();
    let page = get(&base, "/admin/absences", &session);
    assert!(page.body.contains("希望（なるべく当番を避けたい）"), "{}", page.body);
    let csrf = page.csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("doctor", duty.as_str()),
        ("from", "2027-03-03"),
        ("to", "2027-03-04"),
        ("kind", "soft"),
    ];
    let r = request(&base, "POST", "/admin/absences", &session, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let page = get(&base, r.header("location").unwrap(), &session);
    assert!(!page.body.contains("公開済みの当番と重なっています"), "a wish clashes with nothing");
    let list = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    assert_eq!(list[0]["soft"], true, "as `toban absence add --soft`: {list}");
    let id = list[0]["id"].as_u64().unwrap();
    let row_at = page.body.find(&format!("id=\"absence-{id}\"")).unwrap();
    let row = &page.body[row_at..row_at + page.body[row_at..].find("</tr>").unwrap()];
    assert!(row.contains("<td>希望</td>"), "listed with its kind: {row}");
    let en = get(&base, "/admin/absences", &format!("{session}; toban_lang=en"));
    assert!(en.body.contains("<td>Prefer not</td>"), "{}", en.body);
}

#[test]
fn the_annual_report_page_reads_in_english() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let en = get(&base, "/admin/report/2027", &format!("{session}; toban_lang=en"));
    assert_eq!(en.status, 200, "{}", en.body);
    for label in ["Registered patients (at year end)", "Calls", "Minutes to acceptance, median"] {
        assert!(en.body.contains(label), "{label} missing:\n{}", en.body);
    }
    assert!(!en.body.contains("登録患者数"), "no Japanese label left:\n{}", en.body);
    let ja = get(&base, "/admin/report/2027", &session);
    assert!(ja.body.contains("登録患者数（期末）"), "{}", ja.body);
}

/// The keys of the store's failed sign-ins, from a backup.
fn failure_keys(desk: &Desk) -> Vec<String> {
    let file = desk.dir.path().join("b.json");
    let _ = std::fs::remove_file(&file);
    desk.run(&["backup", "--out", file.to_str().unwrap()]).code(0);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    v["trees"]["login_failures"]
        .as_array()
        .map(|a| a.iter().map(|e| e["key"].as_str().unwrap_or("?").to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn failed_sign_ins_are_forgotten_once_they_can_no_longer_lock() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let _ = session_of(&desk, &base);
    let login = get(&base, "/admin/login", "");
    let cookie = format!("toban_form={}", login.cookie("toban_form").unwrap());
    let csrf = login.csrf();
    let attempt = |name: &str, password: &str| {
        let fields = [("csrf", csrf.as_str()), ("admin", name), ("password", password)];
        request(&base, "POST", "/admin/login", &cookie, &fields).status
    };
    assert_eq!(attempt("office", "wrong password!"), 401);
    assert_eq!(attempt("nobody", "wrong password!"), 401);
    let keys = failure_keys(&desk);
    assert!(keys.iter().any(|k| k.starts_with("address/")), "{keys:?}");
    assert!(keys.len() >= 2, "{keys:?}");
    // 31 minutes later (past the 15-minute window and the 15-minute lock): the next sign-in
    // forgets them all, the client's address too.
    desk.set_clock("2027-03-02T22:31:00+09:00");
    assert_eq!(attempt("office", PASSWORD), 303);
    assert_eq!(failure_keys(&desk), Vec::<String>::new());
}
