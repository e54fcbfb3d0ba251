//! Claims of the README's "LINE" section and of docs/security.md that had no test of their own
//! (issue 19's audit), through the real `toban serve` and the fake Messaging API: LINE off
//! answers 404; a LINE stranger is answered once an hour and a group gets the "private chats
//! only" answer; a push LINE refuses (400) goes to the fallback and one to a user LINE does not
//! know (404) breaks the link; a 429's `Retry-After` is honoured.

use std::time::Duration;

use crate::fake_line::{FakeLine, SECRET, post_webhook, sign};
use crate::line_e2e::{LIMIT, base, deliver, link_line, serve_line};
use crate::routing_cli::{Desk, wait_for};

const U_D01: &str = "U00000000000000000000000000000d01";
const U_STRANGER: &str = "U000000000000000000000000stranger";

/// Whether d01's only link is marked broken.
fn broken(desk: &Desk) -> bool {
    let links = desk.run(&["links", "d01", "--format", "json"]).code(0).json();
    links[0]["broken"].is_object()
}

// See: docs/security.md ("With LINE off (no secret), the path answers 404 like any unknown
// one").
#[test]
fn with_line_off_the_webhook_answers_404_like_any_unknown_path() {
    let desk = Desk::new();
    let line = FakeLine::start();
    let _serve = desk.serve_with(None, &[]);
    wait_for(LIMIT, "serve listening", || desk.data().join("serve.addr").exists());
    let body = FakeLine::body(&[line.text(U_D01, "/who")]);
    let base = base(&desk);
    assert_eq!(post_webhook(&base, &body, Some(&sign(SECRET, &body))), 404, "signed");
    assert_eq!(post_webhook(&base, &body, None), 404, "unsigned: not a 401 either");
}

// See: docs/security.md ("A LINE stranger is treated as a Telegram one (one refusal an
// hour…)") and the README ("Group chats get the one 'private chats only' answer").
#[test]
fn a_line_stranger_is_answered_once_an_hour_and_a_group_gets_the_private_chats_only_answer() {
    let desk = Desk::new();
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    deliver(&desk, &[line.text(U_STRANGER, "/who")]);
    line.wait_for(LIMIT, U_STRANGER, "会員専用");
    // Each request is handled before it is answered 200, so by now the second was decided.
    deliver(&desk, &[line.text(U_STRANGER, "/mine")]);
    deliver(&desk, &[line.postback(U_STRANGER, "accept:1")]);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(line.texts(U_STRANGER).len(), 1, "{:#?}", line.texts(U_STRANGER));
    // An hour later, answered again (once).
    desk.set_clock("2027-03-02T23:01:00+09:00");
    deliver(&desk, &[line.text(U_STRANGER, "/who")]);
    wait_for(LIMIT, "the second refusal", || line.texts(U_STRANGER).len() == 2);
    assert!(line.texts(U_STRANGER).iter().all(|t| !t.contains("当番医:")));

    // A member writing in a group: the group is nobody's chat, and nothing is read.
    link_line(&desk, &line, U_D01, "d01", "code");
    let mut in_group = line.text(U_D01, "/who");
    in_group["source"] =
        serde_json::json!({"type": "group", "groupId": "C0group", "userId": U_D01});
    deliver(&desk, &[in_group]);
    let answer = line.wait_for(LIMIT, U_D01, "個別チャットでのみ");
    assert_eq!(answer.how, "reply", "answered in the group, by its reply token");
    assert!(!line.has_text(U_D01, "今の当番医:"), "{:#?}", line.texts(U_D01));
}

// See: the README's LINE section ("a refused message (400) goes to the fallback") and
// `chat::line::classify` (404: no such user, the link is broken).
#[test]
fn a_push_line_refuses_goes_to_the_fallback_and_one_to_an_unknown_user_breaks_the_link() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 次郎", "d01");
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    let journaled = |call: &str| {
        desk.all_journal().iter().any(|(to, k)| to == "d01" && k.starts_with(&format!("{call}/")))
    };
    // 400: this message refused; the console shows it; the link stays.
    line.fail_next(1, 400);
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    wait_for(LIMIT, "the fallback", || journaled("call1"));
    desk.cycle();
    assert_eq!(line.failed(), 1, "not retried");
    assert!(!line.has_text(U_D01, "1番の依頼"), "{:#?}", line.texts(U_D01));
    assert!(!broken(&desk), "a refused message does not break the link");
    // 404: LINE does not know the user; the link is broken and the console shows it.
    line.fail_next(1, 404);
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    wait_for(LIMIT, "the link broken", || broken(&desk));
    wait_for(LIMIT, "the fallback", || journaled("call2"));
    assert!(!line.has_text(U_D01, "2番の依頼"));
}

// See: issue 19 ("429 and rate limits honoured") and the README ("429 (with Retry-After)").
#[test]
fn a_429s_retry_after_is_honoured_before_the_push_is_tried_again() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    // Longer than the first back-off (2 s), so a retry that ignores it comes too soon.
    line.set_retry_after(5);
    line.fail_next(1, 429);
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    line.wait_for(LIMIT, U_D01, "1番の依頼: ご対応のお願い");
    let pushes = line.pushes_to(U_D01);
    let refused = pushes.iter().position(|p| p.1 == 429).expect("the 429");
    let (then, next) = (pushes[refused].0, pushes[refused + 1]);
    assert_eq!(next.1, 200, "{pushes:?}");
    let waited = next.0 - then;
    assert!(waited >= Duration::from_millis(4900), "retried after {waited:?}, not 5 s");
    desk.cycle();
    let n = line.texts(U_D01).iter().filter(|t| t.contains("1番の依頼: ご対応")).count();
    assert_eq!(n, 1, "once");
}

// See: issue 19 ("link a LINE account with the same one-time invitation (the bot's add-friend
// link and QR code, then the code)"). With the bot's Telegram name set, `invite` printed only
// the t.me link, which a LINE member cannot use, and never LINE's add-friend link.
#[test]
fn an_invitation_gives_lines_add_friend_link_and_the_code_beside_telegrams_link() {
    let desk = Desk::new();
    let invite = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env_remove("TOBAN_LANG");
        cmd.env("TOBAN_BOT_USERNAME", "toban_bot").env("TOBAN_LINE_BASIC_ID", "@123abcde");
        crate::helpers::run(cmd, args).code(0)
    };
    let out = invite(&["invite", "d01"]).stdout();
    let code: String = out.split("?start=").nth(1).expect(&out).chars().take(32).collect();
    let on_line = out.lines().find(|l| l.contains("https://line.me/R/ti/p/@123abcde"));
    let on_line = on_line.unwrap_or_else(|| panic!("no add-friend link: {out}"));
    assert!(on_line.contains("友だち追加") && on_line.contains(&code), "{out}");
    let json = invite(&["invite", "d01", "--format", "json"]).json();
    assert_eq!(json["line_link"], "https://line.me/R/ti/p/@123abcde", "{json}");
    // Without the variable, the code line still says LINE takes the code alone.
    let mut cmd = desk.command();
    cmd.env_remove("TOBAN_LANG");
    let out = crate::helpers::run(cmd, &["invite", "d01"]).code(0).stdout();
    assert!(out.contains("LINE ではコードだけでも登録できます"), "{out}");
}

// See: issue 19. The handled events' ids were forgotten only by the Telegram poller (with the
// handled updates): a deployment on LINE alone kept every event id for ever.
#[test]
fn on_line_alone_handled_event_ids_are_forgotten_after_two_days() {
    use toban::store::SledStore;
    use toban::store::prelude::*;
    let desk = Desk::new();
    let line = FakeLine::start();
    let serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    let who = |line: &FakeLine| line.text(U_D01, "/who");
    let first = who(&line);
    deliver(&desk, std::slice::from_ref(&first));
    line.wait_for(LIMIT, U_D01, "今の当番医:");
    serve.kill();
    // Three days later (no Telegram: its poller never runs), another event.
    desk.set_clock("2027-03-05T22:00:00+09:00");
    let serve = serve_line(&desk, &line, None);
    let answers = line.texts(U_D01).len();
    let later = who(&line);
    deliver(&desk, std::slice::from_ref(&later));
    wait_for(LIMIT, "the later answer", || line.texts(U_D01).len() > answers);
    serve.kill();
    let store = SledStore::open(&desk.data()).unwrap();
    let id = |e: &serde_json::Value| e["webhookEventId"].as_str().unwrap().to_string();
    assert!(!store.line_event_handled(&id(&first)).unwrap(), "forgotten after two days");
    assert!(store.line_event_handled(&id(&later)).unwrap(), "the recent one is kept");
}
