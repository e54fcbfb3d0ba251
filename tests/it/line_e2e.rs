//! LINE alongside Telegram (issue 19): the real `toban serve` with LINE's webhook on its
//! listener, answering through a fake Messaging API on 127.0.0.1. Mirrors the Telegram tests:
//! linking by the invitation code, a full escalation accepted by a postback button, a bad
//! signature refused with 401, a redelivered event handled once (after a restart too), and a
//! member on both channels who answers on one and is told on both.

use std::time::Duration;

use crate::bot_e2e::{code, has_text, link, message_with};
use crate::fake_line::{FakeLine, SECRET, post_webhook, sign};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::{Desk, Serve, wait_for};

// Generous: CI runs these beside every other test on 2 cores.
pub(crate) const LIMIT: Duration = Duration::from_secs(45);
pub(crate) const U_D01: &str = "U00000000000000000000000000000d01";
pub(crate) const U_DUTY: &str = "U0000000000000000000000000000duty";
pub(crate) const U_NS1: &str = "U00000000000000000000000000000ns1";
const U_STRANGER: &str = "U000000000000000000000000stranger";

/// `toban serve` with LINE pointed at `line` (and Telegram at `telegram`, if given).
pub(crate) fn serve_line(desk: &Desk, line: &FakeLine, telegram: Option<&FakeTelegram>) -> Serve {
    let env = line.env();
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if let Some(t) = telegram {
        env.push(("TELOXIDE_TOKEN", "123:TEST"));
        env.push(("TELOXIDE_API_URL", t.url.as_str()));
    }
    desk.serve_with(None, &env)
}

/// The address `serve` listens on.
pub(crate) fn base(desk: &Desk) -> String {
    std::fs::read_to_string(desk.data().join("serve.addr")).unwrap().trim().to_string()
}

/// Posts `events` as LINE does: signed with the channel secret. Returns the body sent.
pub(crate) fn deliver(desk: &Desk, events: &[serde_json::Value]) -> String {
    let body = FakeLine::body(events);
    assert_eq!(post_webhook(&base(desk), &body, Some(&sign(SECRET, &body))), 200);
    body
}

pub(crate) fn link_line(desk: &Desk, line: &FakeLine, user: &str, member: &str, how: &str) {
    let code = code(desk, member);
    let text = if how == "code" { code } else { format!("/start {code}") };
    deliver(desk, &[line.text(user, &text)]);
    line.wait_for(LIMIT, user, "として登録しました");
}

/// The scene of the call tests on LINE: a desk with `patients` (1, 2, … in order, attended by
/// d01), the doctor on duty now (`duty`, never d01, so a call's first two requests go to two
/// people) and `serve` on a fake LINE. Shared by `line_e2e_commands` and `line_e2e_report`.
pub(crate) struct LineDesk {
    pub(crate) desk: Desk,
    pub(crate) line: FakeLine,
    pub(crate) duty: String,
    pub(crate) serve: Serve,
}

impl LineDesk {
    pub(crate) fn start(patients: &[&str]) -> LineDesk {
        let desk = Desk::new();
        for name in patients {
            desk.add_patient(name, "d01");
        }
        let duty = desk.duty_now();
        assert_ne!(duty, "d01", "the scene needs the attending doctor off duty");
        let line = FakeLine::start();
        let serve = serve_line(&desk, &line, None);
        LineDesk { desk, line, duty, serve }
    }

    /// Links each (LINE user, member) by the member's code, in order.
    pub(crate) fn with_linked(self, users: &[(&str, &str)]) -> LineDesk {
        for (user, member) in users {
            link_line(&self.desk, &self.line, user, member, "code");
        }
        self
    }

    /// Links who a call involves: the nurse ns1, the attending d01 and the doctor on duty.
    pub(crate) fn with_call_members(self) -> LineDesk {
        let duty = self.duty.clone();
        self.with_linked(&[(U_NS1, "ns1"), (U_D01, "d01"), (U_DUTY, &duty)])
    }
}

// See: issue 19.
#[test]
fn linking_on_line_and_a_full_escalation_accepted_by_a_postback() {
    let LineDesk { desk, line, duty, serve: _serve } = LineDesk::start(&["山田 花子"]);

    // A stranger is refused, politely, and learns nothing.
    deliver(&desk, &[line.text(U_STRANGER, "/who")]);
    line.wait_for(LIMIT, U_STRANGER, "会員専用");
    assert!(line.texts(U_STRANGER).iter().all(|t| !t.contains("当番医:")));

    // The code alone links (typed or pasted from the invitation), and so does /start CODE.
    link_line(&desk, &line, U_D01, "d01", "code");
    link_line(&desk, &line, U_DUTY, &duty, "start");
    deliver(&desk, &[line.text(U_D01, "/who")]);
    line.wait_for(LIMIT, U_D01, "今の当番医:");
    let audit = desk.run(&["audit"]).code(0).stdout();
    // An English reader reads `name_en` (issue 18).
    assert!(audit.contains("LINE account of Aoki Ichiro (d01) linked"), "{audit}");

    // A call: the attending doctor is asked, with Accept and Decline as postback buttons.
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let request = line.wait_for(LIMIT, U_D01, "1番の依頼: ご対応のお願い");
    assert_eq!(request.buttons(), ["accept:1", "decline:1"]);
    assert_eq!(request.how, "push");
    assert!(!request.text().contains("匝瑳市八日市場"), "no address before acceptance");
    // Ten minutes: the duty doctor, who accepts by postback.
    desk.set_clock("2027-03-02T22:10:00+09:00");
    let to_duty = line.wait_for(LIMIT, U_DUTY, "当番医としてご対応");
    assert_eq!(to_duty.buttons(), ["accept:1", "decline:1"]);
    deliver(&desk, &[line.postback(U_DUTY, "accept:1")]);
    let toast = line.wait_for(LIMIT, U_DUTY, "受諾しました");
    assert_eq!(toast.how, "reply", "answers go by the reply token");
    let record = line.wait_for(LIMIT, U_DUTY, "【受諾】1番の依頼");
    assert!(record.text().contains("匝瑳市八日市場"), "the record after acceptance");
    line.wait_for(LIMIT, U_D01, "対応することになりました");
    assert_eq!(desk.call("1")["state"]["status"], "accepted");
    // A late press by the attending doctor changes nothing.
    deliver(&desk, &[line.postback(U_D01, "accept:1")]);
    std::thread::sleep(Duration::from_millis(500));
    desk.cycle();
    assert!(!line.has_text(U_D01, "【受諾】"), "{:#?}", line.texts(U_D01));
    assert_eq!(line.bad_auth(), 0, "every call carried the access token");
}

// See: issue 19.
#[test]
fn a_webhook_without_the_channels_signature_is_refused_401_and_nothing_is_read() {
    let desk = Desk::new();
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    let code = code(&desk, "d01");
    let body = FakeLine::body(&[line.text(U_D01, &code)]);
    let base = base(&desk);
    assert_eq!(post_webhook(&base, &body, None), 401, "no signature");
    assert_eq!(post_webhook(&base, &body, Some("bm90IHRoZSBzaWduYXR1cmU=")), 401, "a wrong one");
    let other = sign("another channel's secret", &body);
    assert_eq!(post_webhook(&base, &body, Some(&other)), 401, "another channel's");
    let tampered = body.replace("\"events\"", "\"events\" ");
    assert_eq!(post_webhook(&base, &tampered, Some(&sign(SECRET, &body))), 401, "changed body");
    std::thread::sleep(Duration::from_millis(300));
    assert!(line.shown_to(U_D01).is_empty(), "nothing answered");
    let links = desk.run(&["links", "--format", "json"]).code(0).json();
    assert!(links.as_array().unwrap().is_empty(), "nobody linked: {links}");
    let log = std::fs::read_to_string(desk.dir.path().join("serve.err")).unwrap();
    assert!(log.contains("X-Line-Signature") && log.contains("401"), "logged: {log}");
    // The same body, signed, links (the code was never looked at).
    assert_eq!(post_webhook(&base, &body, Some(&sign(SECRET, &body))), 200);
    line.wait_for(LIMIT, U_D01, "として登録しました");
}

// See: issue 19.
#[test]
fn a_redelivered_event_is_handled_once_even_after_a_restart() {
    let desk = Desk::new();
    let line = FakeLine::start();
    let serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    let away = line.text(U_D01, "/away 3/20 3/22 学会");
    let body = deliver(&desk, &[away]);
    line.wait_for(LIMIT, U_D01, "3月20日");
    let answers = line.texts(U_D01).len();
    // LINE delivers it again (toban's answer was late): nothing twice.
    let base = base(&desk);
    assert_eq!(post_webhook(&base, &body, Some(&sign(SECRET, &body))), 200);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(line.texts(U_D01).len(), answers, "{:#?}", line.texts(U_D01));
    // And again after a restart.
    serve.kill();
    let _serve = serve_line(&desk, &line, None);
    let base = self::base(&desk);
    assert_eq!(post_webhook(&base, &body, Some(&sign(SECRET, &body))), 200);
    // The answer to /who, not the help sent on linking (which names /who too).
    let whos = || line.texts(U_D01).iter().filter(|t| t.contains("今の当番医:")).count();
    deliver(&desk, &[line.text(U_D01, "/who")]);
    wait_for(LIMIT, "the first /who", || whos() == 1);
    let absences = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    let d01 = absences.as_array().unwrap().iter().filter(|a| a["doctor"] == "d01").count();
    assert_eq!(d01, 1, "one absence: {absences}");
    assert_eq!(line.texts(U_D01).iter().filter(|t| t.contains("3月20日")).count(), 1);
    // A signed event from three days ago (a replay after its id was forgotten) is not handled.
    let mut old = line.text(U_D01, "/away 4/20 4/22 学会");
    // 2027-02-27 22:00 JST; the test clock is 2027-03-02 22:00.
    old["timestamp"] = 1_803_733_200_000u64.into();
    deliver(&desk, &[old]);
    deliver(&desk, &[line.text(U_D01, "/who")]);
    wait_for(LIMIT, "the second /who", || whos() == 2);
    assert!(!line.has_text(U_D01, "4月20日"), "{:#?}", line.texts(U_D01));
}

// See: issue 19.
#[test]
fn a_member_on_telegram_and_line_answers_on_one_and_is_told_on_both() {
    const TG_D01: i64 = 1001;
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let line = FakeLine::start();
    let telegram = FakeTelegram::start();
    let _serve = serve_line(&desk, &line, Some(&telegram));
    link(&desk, &telegram, TG_D01, "d01");
    link_line(&desk, &line, U_D01, "d01", "code");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    // Asked on both devices.
    let on_telegram = message_with(&telegram, TG_D01, "1番の依頼: ご対応のお願い");
    line.wait_for(LIMIT, U_D01, "1番の依頼: ご対応のお願い");
    // Accepted on LINE: told on both.
    deliver(&desk, &[line.postback(U_D01, "accept:1")]);
    line.wait_for(LIMIT, U_D01, "【受諾】1番の依頼");
    telegram.wait(LIMIT, "the record on Telegram", |_| {
        has_text(&telegram, TG_D01, "【受諾】1番の依頼")
    });
    // The Telegram button now counts for nothing: the answer was given once.
    telegram.press(TG_D01, on_telegram["message_id"].as_u64().unwrap(), "accept:1");
    telegram.wait(LIMIT, "the toast", |s| s.iter().any(|m| m.method == "answercallbackquery"));
    desk.cycle();
    let records = crate::bot_e2e::texts(&telegram, TG_D01)
        .iter()
        .filter(|t| t.contains("【受諾】1番の依頼"))
        .count();
    assert_eq!(records, 1);
    let events = desk.call("1");
    assert_eq!(events["state"]["status"], "accepted", "{events}");
}

// See: issue 19. The delivery guarantees hold for LINE: an outage (5xx, 429) delays a notice,
// never loses or doubles it; a member who blocks the bot (LINE's `unfollow`) has their link
// broken and is reached by the fallback, as a blocked Telegram chat.
#[test]
fn a_line_outage_delays_a_notice_once_and_a_blocked_bot_breaks_the_link() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 次郎", "d01");
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    line.fail_next(2, 500);
    line.fail_next(1, 429);
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    line.wait_for(Duration::from_secs(40), U_D01, "1番の依頼: ご対応のお願い");
    assert_eq!(line.failed(), 3);
    desk.cycle();
    let n = line.texts(U_D01).iter().filter(|t| t.contains("1番の依頼: ご対応のお願い")).count();
    assert_eq!(n, 1, "delivered once: {:#?}", line.texts(U_D01));

    // d01 blocks the bot: the link is marked broken, and the next request goes to the console.
    let mut unfollow = line.text(U_D01, "");
    unfollow["type"] = "unfollow".into();
    deliver(&desk, &[unfollow]);
    wait_for(LIMIT, "the link broken", || {
        let links = desk.run(&["links", "d01", "--format", "json"]).code(0).json();
        links[0]["broken"].is_object()
    });
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    wait_for(LIMIT, "the fallback", || {
        desk.all_journal().iter().any(|(to, k)| to == "d01" && k.starts_with("call2/"))
    });
    assert!(!line.has_text(U_D01, "2番の依頼"));
}

// See: issue 19 ("several devices of each; every notice goes to all of them"). Each device is
// its own delivery: LINE failing with 500s for a while neither holds up Telegram nor loses the
// LINE copy, which arrives after LINE recovers, in order, once.
#[test]
fn a_failing_device_is_retried_on_its_own_and_never_holds_up_the_others() {
    const TG_D01: i64 = 1001;
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 次郎", "d01");
    let line = FakeLine::start();
    let telegram = FakeTelegram::start();
    let _serve = serve_line(&desk, &line, Some(&telegram));
    link(&desk, &telegram, TG_D01, "d01");
    link_line(&desk, &line, U_D01, "d01", "code");
    // LINE fails the next 4 pushes (backing off 2 + 4 + 8 + 16 s).
    line.fail_next(4, 500);
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    telegram.wait(LIMIT, "call 1 on Telegram", |_| has_text(&telegram, TG_D01, "1番の依頼"));
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    telegram.wait(LIMIT, "call 2 on Telegram", |_| has_text(&telegram, TG_D01, "2番の依頼"));
    assert!(!line.has_text(U_D01, "1番の依頼"), "LINE was still failing");
    // LINE recovers: both arrive there, in order, once each.
    line.wait_for(Duration::from_secs(90), U_D01, "2番の依頼: ご対応のお願い");
    let texts = line.texts(U_D01);
    let first = texts.iter().position(|t| t.contains("1番の依頼: ご対応のお願い"));
    let second = texts.iter().position(|t| t.contains("2番の依頼: ご対応のお願い"));
    assert!(first.is_some() && first < second, "{texts:#?}");
    desk.cycle();
    for n in [1, 2] {
        let needle = format!("{n}番の依頼: ご対応のお願い");
        let on_line = line.texts(U_D01).iter().filter(|t| t.contains(&needle)).count();
        let on_tg = crate::bot_e2e::texts(&telegram, TG_D01)
            .iter()
            .filter(|t| t.contains(&format!("{n}番の依頼")))
            .count();
        assert_eq!((on_line, on_tg), (1, 1), "call {n} once on each device");
    }
    // Nothing went to the console: every device got it.
    assert!(!desk.all_journal().iter().any(|(to, _)| to == "d01"), "{:?}", desk.all_journal());
}

// See: issue 19 ("admins are told when a member blocks the LINE bot, like a blocked Telegram
// chat"): the unfollow breaks the link and the admins hear of it once.
#[test]
fn the_admins_are_told_once_when_a_member_blocks_the_line_bot() {
    let desk = Desk::new();
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    // `toban links` shows the LINE chat as LINE and a short user id, not the store's number.
    let links = desk.run(&["links", "d01"]).code(0).stdout();
    assert!(links.contains("LINE U000…0d01") && !links.contains("-115"), "{links}");
    let mut unfollow = line.text(U_D01, "");
    unfollow["type"] = "unfollow".into();
    deliver(&desk, &[unfollow.clone()]);
    let told = |desk: &Desk| {
        desk.all_journal()
            .iter()
            .filter(|(to, k)| to == "office" && k.starts_with("link_broken/d01/"))
            .count()
    };
    wait_for(LIMIT, "the admins told", || told(&desk) == 1);
    // The notice names the channel that broke: LINE, not Telegram.
    wait_for(LIMIT, "the notice printed", || desk.printed().contains("に届かなくなりました"));
    let printed = desk.printed();
    assert!(
        printed.contains("（d01）の LINE に届かなくなりました（LINE でブロックされました）"),
        "{printed}"
    );
    assert!(!printed.contains("の Telegram に届かなくなりました"), "{printed}");
    // Blocked again (a redelivery with a new id): told once.
    unfollow["webhookEventId"] = "01HSECONDUNFOLLOW000000000".into();
    deliver(&desk, &[unfollow]);
    desk.cycle();
    assert_eq!(told(&desk), 1);
}

// See: issue 19. In Japanese, `invite`, `links` and `serve`'s banner name LINE too, not only
// Telegram.
#[test]
fn the_japanese_invite_links_and_serve_banner_name_line_too() {
    let desk = Desk::new();
    let ja = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env_remove("TOBAN_LANG");
        crate::helpers::run(cmd, args)
    };
    let links = ja(&["links"]).code(0).stdout();
    assert!(links.contains("LINE") && links.contains("Telegram"), "{links}");
    let invite = ja(&["invite", "d01"]).code(0).stdout();
    assert!(invite.contains("LINE"), "{invite}");
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    wait_for(LIMIT, "the banner", || {
        std::fs::read_to_string(desk.data().parent().unwrap().join("serve.err"))
            .is_ok_and(|e| e.contains("toban serve:"))
    });
    let err = std::fs::read_to_string(desk.data().parent().unwrap().join("serve.err")).unwrap();
    let banner = err.lines().find(|l| l.contains("toban serve:")).unwrap();
    assert!(banner.contains("LINE") && !banner.contains("TELOXIDE_TOKEN なし"), "{banner}");
}
