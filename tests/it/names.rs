//! The office reads names, not member ids (issue 18, found by a clerk trying the console): a
//! call (`toban call show`, `call list`, /admin/calls, Today) names the caller, the chain, the
//! timeline and the office as the reader's language would, with the id once in brackets for
//! the command line: 「青木 一郎先生（d01）」, "Dr Aoki Ichiro (d01)" (an English reader
//! reads `name_en` where a member has one). Today's banner names the
//! doctors too, says what to do when no chat is set up, and shows the test clock as a small
//! neutral line, not as a problem.

use crate::fake_telegram::FakeTelegram;
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{get, session_of};

/// The shipped rules' doctors: id, name, `name_en` (what an English reader sees, issue 18).
const DOCTORS: [(&str, &str, &str); 10] = [
    ("d01", "青木 一郎", "Aoki Ichiro"),
    ("d02", "石川 花子", "Ishikawa Hanako"),
    ("d03", "上田 誠", "Ueda Makoto"),
    ("d04", "江藤 恵子", "Eto Keiko"),
    ("d05", "大野 修", "Ono Osamu"),
    ("d06", "加藤 健一", "Kato Kenichi"),
    ("d07", "木村 真理", "Kimura Mari"),
    ("d08", "佐々木 大輔", "Sasaki Daisuke"),
    ("d09", "田中 由美", "Tanaka Yumi"),
    ("d10", "中村 亮", "Nakamura Ryo"),
];

fn name(doctor: &str) -> &'static str {
    DOCTORS.iter().find(|d| d.0 == doctor).map(|d| d.1).expect("a shipped doctor")
}

/// An English reader's name of a shipped doctor.
fn name_en(doctor: &str) -> &'static str {
    DOCTORS.iter().find(|d| d.0 == doctor).map(|d| d.2).expect("a shipped doctor")
}

/// Where `id` stands alone in `text`, not as the bracketed id after a name.
fn bare<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|l| {
            l.match_indices(id).any(|(i, _)| {
                let before = l[..i].chars().next_back();
                let after = l[i + id.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                !word(before) && !word(after) && !matches!(before, Some('（' | '('))
            })
        })
        .collect()
}

/// A call from ns1 for a patient whose attending doctor d01 is away: the duty doctor declines,
/// the registered hospital h2 accepts and reports; a second call is cancelled by the office.
fn night(desk: &Desk) -> String {
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 太郎", "d02");
    let duty = desk.duty_now();
    assert_ne!(duty, "d01", "the scenario needs d01 off duty");
    desk.run(&["absence", "add", "d01", "2027-03-01", "2027-03-05"]).code(0);
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    desk.run(&["call", "decline", "1", "--as", &duty]).code(0);
    desk.run(&["call", "accept", "1", "--as", "h2"]).code(0);
    desk.run(&["call", "report", "1", "--as", "h2", "--outcome", "admitted", "--text", "入院"])
        .code(0);
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    desk.run(&["call", "cancel", "2", "--as", "office"]).code(0);
    duty
}

#[test]
fn call_show_and_call_list_name_every_member_with_the_id_once() {
    let desk = Desk::new();
    let duty = night(&desk);
    let dr = name(&duty);

    let ja = desk.run(&["--lang", "ja", "call", "show", "1"]).code(0).stdout();
    for part in [
        "依頼元 匝瑳訪問看護ステーション（ns1）".to_string(),
        "青木 一郎先生（d01）は不在".into(),
        format!("{dr}先生（{duty}）が辞退"),
        format!("に連絡: {dr}先生（{duty}）"),
        "東総記念病院（h2）が受諾しました".into(),
        "東総記念病院（h2）が受諾\n".into(),
        "東総記念病院（h2）の報告".into(),
    ] {
        assert!(ja.contains(&part), "{part:?} missing:\n{ja}");
    }
    for id in ["d01", duty.as_str(), "h1", "h2", "h3", "ns1", "office"] {
        assert_eq!(bare(&ja, id), Vec::<&str>::new(), "{id} without its name:\n{ja}");
    }
    let cancelled = desk.run(&["--lang", "ja", "call", "show", "2"]).code(0).stdout();
    assert!(cancelled.contains("匝瑳医師会 事務局（office）が取り消しました"), "{cancelled}");
    assert_eq!(bare(&cancelled, "office"), Vec::<&str>::new(), "{cancelled}");

    // An English reader reads the members' `name_en` (issue 18).
    let en = desk.run(&["call", "show", "1"]).code(0).stdout();
    let dr_en = name_en(&duty);
    for part in [
        "from Sosa Visiting Nurse Station (ns1)".to_string(),
        "Dr Aoki Ichiro (d01): absent".into(),
        format!("declined by Dr {dr_en} ({duty})"),
        "accepted by Toso Memorial Hospital (h2)".into(),
        "report by Toso Memorial Hospital (h2)".into(),
    ] {
        assert!(en.contains(&part), "{part:?} missing:\n{en}");
    }
    assert!(!en.contains("先生"), "no Japanese title in English:\n{en}");
    for id in ["d01", duty.as_str(), "h2", "ns1", "office"] {
        assert_eq!(bare(&en, id), Vec::<&str>::new(), "{id} without its name:\n{en}");
    }

    // The list: the caller and whom the call is with.
    let list = desk.run(&["--lang", "ja", "call", "list"]).code(0).stdout();
    assert!(list.contains("匝瑳訪問看護ステーション（ns1）"), "{list}");
    assert!(list.contains("東総記念病院（h2）"), "{list}");
    assert_eq!(bare(&list, "ns1"), Vec::<&str>::new(), "{list}");
    // The reported call is done, not still 「受諾」, and the column says who took it (担当).
    let first = list.lines().find(|l| l.trim_start().starts_with("1 ")).unwrap_or_default();
    assert!(first.contains("報告済み") && !first.contains("受諾"), "{list}");
    assert!(list.lines().next().is_some_and(|h| h.contains("担当")), "{list}");
}

#[test]
fn the_console_names_the_members_of_a_call_on_the_list_the_call_page_and_today() {
    let desk = Desk::new();
    desk.add_patient("佐藤 太郎", "d02");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let en = format!("{session}; toban_lang=en");

    let list = get(&base, "/admin/calls", &session);
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains("<td>匝瑳訪問看護ステーション（ns1）</td>"), "{}", list.body);
    assert!(list.body.contains("<td>石川 花子先生（d02）</td>"), "{}", list.body);
    let list = get(&base, "/admin/calls", &en);
    assert!(list.body.contains("<td>Dr Ishikawa Hanako (d02)</td>"), "{}", list.body);

    let page = get(&base, "/admin/calls/1", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    for part in ["依頼元 匝瑳訪問看護ステーション（ns1）", "に連絡: 石川 花子先生（d02）"]
    {
        assert!(page.body.contains(part), "{part} missing:\n{}", page.body);
    }
    let page = get(&base, "/admin/calls/1", &en);
    assert!(page.body.contains(": Dr Ishikawa Hanako (d02)"), "{}", page.body);

    let today = get(&base, "/admin", &session);
    let call = &today.body[today.body.find("id=\"call-1\"").expect("the open call")..];
    assert!(call.contains("石川 花子先生（d02）に連絡中"), "the summary:\n{call}");
    assert!(call.contains("に連絡: 石川 花子先生（d02）"), "the timeline:\n{call}");
    let today = get(&base, "/admin", &en);
    let call = &today.body[today.body.find("id=\"call-1\"").expect("the open call")..];
    assert!(
        call.contains("asking Dr Ishikawa Hanako (d02) until"),
        "in the reader's language:\n{call}"
    );
    assert!(!call.contains("先生"), "{call}");

    // Accepted by a hospital: its name, never 「病院先生」.
    let duty = desk.duty_now();
    desk.run(&["call", "decline", "1", "--as", "d02"]).code(0);
    desk.run(&["call", "decline", "1", "--as", &duty]).code(0);
    desk.run(&["call", "accept", "1", "--as", "h2"]).code(0);
    let today = get(&base, "/admin", &session);
    let call = &today.body[today.body.find("id=\"call-1\"").expect("the accepted call")..];
    assert!(call.contains("東総記念病院（h2）が"), "{call}");
    assert!(!today.body.contains("病院先生"), "{}", today.body);
    let list = get(&base, "/admin/calls", &session);
    assert!(list.body.contains("<td>東総記念病院（h2）</td>"), "{}", list.body);
}

/// The part of Today inside the banner (empty when there is none).
fn banner(page: &str) -> &str {
    let Some(at) = page.find("class=\"attention\"") else { return "" };
    let rest = &page[at..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[test]
fn the_banner_names_doctors_without_a_chat_and_keeps_the_test_clock_out_of_it() {
    let desk = Desk::new();
    let fake = FakeTelegram::start();
    let _serve = desk.serve_with(
        None,
        &[("TELOXIDE_TOKEN", "123:SECRET"), ("TELOXIDE_API_URL", fake.url.as_str())],
    );
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin", &session);
    let shown = banner(&page.body);
    assert!(shown.contains("青木 一郎先生（d01）、石川 花子先生（d02）"), "{}", page.body);
    assert_eq!(bare(shown, "d01"), Vec::<&str>::new(), "{shown}");
    // The test clock: for developers, a small neutral line outside the banner.
    assert!(!shown.contains("TOBAN_CLOCK"), "not a problem of the office:\n{shown}");
    let clock = page.body.find("class=\"note test-clock\"").expect("a neutral line");
    assert!(page.body[clock..].contains("TOBAN_CLOCK"), "{}", page.body);
    let en = get(&base, "/admin", &format!("{session}; toban_lang=en"));
    assert!(
        banner(&en.body).contains("Dr Aoki Ichiro (d01), Dr Ishikawa Hanako (d02)"),
        "{}",
        en.body
    );
    assert!(en.body.contains("class=\"note test-clock\""), "{}", en.body);
    // The command line still lists the test clock among its checks, and names the doctors.
    let doctor = desk.run(&["--lang", "ja", "doctor"]).stdout();
    assert!(doctor.contains("青木 一郎先生（d01）"), "{doctor}");
    assert!(doctor.contains("TOBAN_CLOCK"), "{doctor}");
}

#[test]
fn without_a_chat_the_banner_says_nobody_is_told_and_what_to_do() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let page = get(&base, "/admin", &session);
    let shown = banner(&page.body);
    for part in
        ["誰にも届いていません", "TELOXIDE_TOKEN", "LINE_CHANNEL_ACCESS_TOKEN", "起動し直して"]
    {
        assert!(shown.contains(part), "{part} missing:\n{}", page.body);
    }
    let en = get(&base, "/admin", &format!("{session}; toban_lang=en"));
    let shown = banner(&en.body);
    for part in ["reach nobody", "TELOXIDE_TOKEN", "restart `toban serve`"] {
        assert!(shown.contains(part), "{part} missing:\n{}", en.body);
    }
}
