//! Issue 15 through the real `toban serve` and the fake Bot API, from the rota's side: a doctor
//! away during their own duty (from chat or the CLI) is warned and offered `/cover`, the office
//! is alerted at once, and `/who` says where calls go instead; a former member still holding a
//! duty gets nothing (the office gets their handover), and counts as missing.

use std::time::Duration;

use crate::bot_e2e::{has_text, link, message_with, serve_bot, texts};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::{Desk, wait_for};

const DUTY: i64 = 1007;
const NEXT: i64 = 1010;
const NS1: i64 = 4001;
const OFFICE: i64 = 5001;
const LIMIT: Duration = Duration::from_secs(20);

/// The duty doctor at `at`: (id, name).
fn duty_at(desk: &Desk, at: &str) -> (String, String) {
    let on = desk.run(&["oncall", "--at", at, "--format", "json"]).code(0).json();
    let d = &on["duty"][0];
    (d["id"].as_str().unwrap().to_string(), d["name"].as_str().unwrap().to_string())
}

/// A copy of the shipped rules in which `doctor` left the association on `left`: its directory.
fn rules_where_left(desk: &Desk, doctor: &str, left: &str) -> String {
    let dir = desk.dir.path().join("rules-left");
    std::fs::create_dir_all(&dir).unwrap();
    let repo = crate::helpers::repo().join("rules");
    std::fs::copy(repo.join("association.toml"), dir.join("association.toml")).unwrap();
    let members = std::fs::read_to_string(repo.join("members.toml")).unwrap();
    let id = format!("id = \"{doctor}\"\n");
    assert!(members.contains(&id));
    std::fs::write(dir.join("members.toml"), members.replace(&id, &format!("{id}left = {left}\n")))
        .unwrap();
    dir.to_str().unwrap().to_string()
}

/// The office's alerts that name `who`.
fn office_alerts(fake: &FakeTelegram, who: &str) -> Vec<String> {
    texts(fake, OFFICE)
        .into_iter()
        .filter(|t| t.starts_with("【要対応】") && t.contains(who))
        .collect()
}

// See: issue 15.
#[test]
fn away_during_ones_own_duty_warns_the_doctor_alerts_the_office_and_who_says_where_calls_go() {
    let desk = Desk::new();
    let (duty, duty_name) = duty_at(&desk, "2027-03-02T22:00:00+09:00");
    let (next, next_name) = duty_at(&desk, "2027-03-10T12:00:00+09:00");
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    for (chat, member) in
        [(DUTY, duty.as_str()), (NEXT, next.as_str()), (NS1, "ns1"), (OFFICE, "office")]
    {
        link(&desk, &fake, chat, member);
    }
    // In chat, over one's own duty under way (until Tuesday 3/9 09:00): warned; /cover cannot
    // hand over a duty under way, so the office is the way.
    fake.message_from(DUTY, "/away 3/3 3/4 学会");
    let reply = message_with(&fake, DUTY, "不在を登録しました");
    let text = reply["text"].as_str().unwrap();
    assert!(text.contains("当番（3月2日(火) 9:00〜3月9日(火) 9:00）"), "{text}");
    assert!(text.contains("事務局"), "{text}");
    assert!(!text.contains("toban "), "no command line shown to a doctor: {text}");
    fake.wait(LIMIT, "the office alerted", |_| !office_alerts(&fake, &duty_name).is_empty());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(office_alerts(&fake, &duty_name).len(), 1, "told once: {:?}", texts(&fake, OFFICE));
    // The nurse asks who is on duty on 3/3: away, and where calls go instead.
    desk.set_clock("2027-03-03T12:00:00+09:00");
    fake.message_from(NS1, "/who");
    fake.wait(LIMIT, "/who", |_| {
        texts(&fake, NS1).iter().any(|t| t.contains("不在") && t.contains("国保匝瑳中央病院"))
    });
    // From the command line, over the next doctor's duty: the doctor is told in chat, with
    // /cover, and the office alerted.
    let out = desk.run(&["absence", "add", &next, "2027-03-11", "2027-03-12"]).code(0).stdout();
    assert!(out.contains("on duty"), "{out}");
    fake.wait(LIMIT, "the next doctor warned", |_| has_text(&fake, NEXT, "/cover 3/9"));
    assert!(!texts(&fake, NEXT).iter().any(|t| t.contains("toban ")), "no command line");
    fake.wait(LIMIT, "the office alerted", |_| !office_alerts(&fake, &next_name).is_empty());
}

// See: issue 15.
#[test]
fn a_former_member_still_on_the_rota_gets_nothing_and_counts_as_missing() {
    let desk = Desk::new();
    // The doctor of the duty from Tuesday 3/9 leaves on 3/5.
    let (former, name) = duty_at(&desk, "2027-03-10T12:00:00+09:00");
    let rules = rules_where_left(&desk, &former, "2027-03-05");
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, Some(&rules));
    for (chat, member) in [(NEXT, former.as_str()), (NS1, "ns1"), (OFFICE, "office")] {
        link(&desk, &fake, chat, member);
    }
    // A week before that duty: no reminder for them; the office hears it is unstaffed, and why
    // (on serve's console: the alert went out before the office linked its chat).
    wait_for(LIMIT, "the unstaffed alert", || {
        desk.all_journal().iter().any(|(to, k)| to == "office" && k.starts_with("unstaffed/"))
    });
    wait_for(LIMIT, "the alert printed, with the reason", || {
        let printed = desk.printed();
        let alert = printed.split("[toban] → ").find(|b| b.contains("· unstaffed/"));
        alert.is_some_and(|b| b.contains("【要対応】") && b.contains("退会"))
    });
    assert!(!desk.all_journal().iter().any(|(to, _)| *to == former), "nothing for {former}");
    let doctor = desk.run(&["--rules", &rules, "doctor"]).code(1).stdout();
    assert!(doctor.contains("FAIL  coverage") && doctor.contains(&former), "{doctor}");
    // The duty starts: its handover goes to the office, and the nurse's /who names nobody
    // who has left.
    desk.set_clock("2027-03-09T09:00:00+09:00");
    fake.wait(LIMIT, "the handover to the office", |_| has_text(&fake, OFFICE, "当番交代】"));
    fake.message_from(NS1, "/who");
    fake.wait(LIMIT, "/who", |_| has_text(&fake, NS1, "国保匝瑳中央病院"));
    assert!(!has_text(&fake, NS1, &name), "{:?}", texts(&fake, NS1));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(texts(&fake, NEXT).len(), 1, "only the welcome: {:?}", texts(&fake, NEXT));
}

// See: issue 15.
#[test]
fn no_published_rota_covering_now_alerts_the_office_once() {
    let desk = Desk::unplanned();
    let _serve = desk.serve();
    let told = || {
        desk.all_journal()
            .into_iter()
            .filter(|(to, k)| to == "office" && k.starts_with("norota/"))
            .count()
    };
    wait_for(LIMIT, "the office told", || told() >= 1);
    for at in ["2027-03-02T23:00:00+09:00", "2027-03-03T09:00:00+09:00"] {
        desk.set_clock(at);
        desk.run(&["cycle"]).code(0);
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(told(), 1, "{:?}", desk.all_journal());
}
