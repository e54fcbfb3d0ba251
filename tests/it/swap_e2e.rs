//! Swap requests as a state machine, end to end (issue 16): the real `toban serve` and the fake
//! Bot API. A request left unanswered expires and its proposer is told; the proposer withdraws
//! from chat (button or `/withdraw`) and the office from the command line; the office approves
//! with 承認する and rejects with `toban request reject`, and both doctors hear the outcome.

use std::time::Duration;

use serde_json::Value;

use crate::bot_e2e::{
    buttons, code, has_text, legal_swap, message_with, published, rules_with, serve_bot, texts,
};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::Desk;

const LIMIT: Duration = Duration::from_secs(20);
const OFFER: &str = "【当番交換のお願い】";

/// The labels of a message's buttons.
fn labels(m: &Value) -> Vec<String> {
    m["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().unwrap().iter())
                .map(|b| b["text"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The toasts answered to button presses so far, in order.
fn toasts(fake: &FakeTelegram) -> Vec<String> {
    fake.sent()
        .iter()
        .filter(|m| m.method == "answercallbackquery")
        .map(|m| m.body["text"].as_str().unwrap_or("").to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn wait_toast(fake: &FakeTelegram, needle: &str) {
    fake.wait(LIMIT, needle, |_| toasts(fake).iter().any(|t| t.contains(needle)));
}

fn link(desk: &Desk, fake: &FakeTelegram, chat: i64, who: &str) {
    fake.message_from(chat, &format!("/start {}", code(desk, who)));
    fake.wait(LIMIT, "linked", |_| has_text(fake, chat, "登録しました"));
}

fn count(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    texts(fake, chat).iter().filter(|t| t.contains(needle)).count()
}

/// The open requests as `toban request list` gives them.
fn requests(desk: &Desk, all: bool) -> Vec<Value> {
    let mut args = vec!["request", "list", "--format", "json"];
    if all {
        args.push("--all");
    }
    desk.run(&args).code(0).json().as_array().unwrap().clone()
}

fn duty_at(desk: &Desk, slot: &str) -> String {
    let at = format!("{slot}T12:00:00+09:00");
    let on = desk.run(&["oncall", "--at", &at, "--format", "json"]).code(0).json();
    on["duty"][0]["id"].as_str().unwrap().to_string()
}

// See: issue 16. `/swap` requests never expired and blocked the slot for good.
#[test]
fn r16_a_swap_left_unanswered_expires_and_the_proposer_is_told() {
    let desk = Desk::new(); // 2027-03-02 22:00
    let slots = published(&desk);
    let (a, b) = legal_swap(&slots);
    let (x, y) = (slots[a].2.clone(), slots[b].2.clone());
    let (cx, cy) = (8101i64, 8102i64);
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    link(&desk, &fake, cx, &x);
    link(&desk, &fake, cy, &y);
    fake.message_from(cx, &format!("/swap {} {y} {}", slots[a].0, slots[b].0));
    let sent = message_with(&fake, cx, "にお願いしました");
    // The deadline is a clock time, 48 hours on; the proposer can take it back.
    assert!(sent["text"].as_str().unwrap().contains("3月4日(木) 22:00までに"), "{sent}");
    assert_eq!(labels(&sent), vec!["取り下げる"]);
    let offer = message_with(&fake, cy, OFFER);
    assert_eq!(labels(&offer), vec!["引き受ける", "お断りする"]);
    assert!(offer["text"].as_str().unwrap().contains("3月4日(木) 22:00までに"), "{offer}");
    // A minute before: still open.
    desk.set_clock("2027-03-04T21:59:00+09:00");
    desk.cycle();
    assert!(!has_text(&fake, cx, "締め切りました"));
    assert_eq!(requests(&desk, false).len(), 1);
    // At the deadline: closed, and the proposer told.
    desk.set_clock("2027-03-04T22:00:00+09:00");
    fake.wait(LIMIT, "the proposer told", |_| has_text(&fake, cx, "締め切りました"));
    assert!(requests(&desk, false).is_empty(), "no request open");
    assert_eq!(requests(&desk, true)[0]["status"], "expired");
    assert_eq!(duty_at(&desk, &slots[a].0), x, "the rota is as it was");
    // A late Accept is refused, and changes nothing.
    fake.press(cy, offer["message_id"].as_u64().unwrap(), &buttons(&offer)[0]);
    wait_toast(&fake, "期限が切れています");
    assert_eq!(duty_at(&desk, &slots[a].0), x);
    // The slot is free again: the proposer can ask anew.
    fake.message_from(cx, &format!("/swap {} {y} {}", slots[a].0, slots[b].0));
    fake.wait(LIMIT, "asked again", |_| count(&fake, cx, "にお願いしました") == 2);
}

#[test]
fn the_proposer_withdraws_from_chat_and_the_office_from_the_command_line() {
    let desk = Desk::new();
    let slots = published(&desk);
    let (a, b) = legal_swap(&slots);
    let (x, y) = (slots[a].2.clone(), slots[b].2.clone());
    let (cx, cy) = (8201i64, 8202i64);
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    link(&desk, &fake, cx, &x);
    link(&desk, &fake, cy, &y);
    let swap = format!("/swap {} {y} {}", slots[a].0, slots[b].0);
    // From chat, with the 取り下げる button of the confirmation.
    fake.message_from(cx, &swap);
    let sent = message_with(&fake, cx, "にお願いしました");
    let offer = message_with(&fake, cy, OFFER);
    fake.press(cx, sent["message_id"].as_u64().unwrap(), &buttons(&sent)[0]);
    wait_toast(&fake, "取り下げました");
    fake.wait(LIMIT, "the colleague told", |_| has_text(&fake, cy, "取り下げました"));
    fake.press(cy, offer["message_id"].as_u64().unwrap(), &buttons(&offer)[0]);
    wait_toast(&fake, "取り下げられています");
    assert_eq!(duty_at(&desk, &slots[a].0), x);
    // From chat with /withdraw.
    fake.message_from(cx, &swap);
    fake.wait(LIMIT, "asked again", |_| count(&fake, cx, "にお願いしました") == 2);
    fake.message_from(cx, "/withdraw");
    fake.wait(LIMIT, "withdrawn by command", |_| count(&fake, cy, "取り下げました") == 2);
    // The office, from the command line, for the doctor.
    fake.message_from(cx, &swap);
    fake.wait(LIMIT, "asked a third time", |_| count(&fake, cx, "にお願いしました") == 3);
    let open = requests(&desk, false);
    assert_eq!(open.len(), 1, "{open:?}");
    let id = open[0]["id"].as_u64().unwrap().to_string();
    let out = desk.run(&["request", "withdraw", &id]).code(0).stdout();
    // In the reader's language (TOBAN_LANG=en here), whatever the association's.
    assert!(out.contains(&format!("Request {id} withdrawn")), "{out}");
    fake.wait(LIMIT, "withdrawn by the office", |_| count(&fake, cy, "取り下げました") == 3);
    desk.run(&["request", "withdraw", &id]).code(1);
    let mut ja = desk.command();
    ja.env_remove("TOBAN_LANG");
    crate::helpers::run(ja, &["request", "withdraw", &id])
        .code(1)
        .stderr_has("このご依頼は取り下げられています");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    assert!(
        audit.as_array().unwrap().iter().any(|e| e["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("request {id} withdrawn"))
            && e["by"].as_str().unwrap().starts_with("admin:")),
        "{audit}"
    );
}

#[test]
fn the_office_approves_with_shounin_suru_and_rejects_from_the_command_line() {
    let desk = Desk::new();
    let slots = published(&desk);
    let (a, b) = legal_swap(&slots);
    let (x, y) = (slots[a].2.clone(), slots[b].2.clone());
    let rules = rules_with(&desk, "admin_approval = false", "admin_approval = true");
    let (cx, cy, co) = (8301i64, 8302i64, 8303i64);
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, Some(&rules));
    link(&desk, &fake, cx, &x);
    link(&desk, &fake, cy, &y);
    link(&desk, &fake, co, "office");
    fake.message_from(cx, &format!("/swap {} {y} {}", slots[a].0, slots[b].0));
    let offer = message_with(&fake, cy, OFFER);
    fake.press(cy, offer["message_id"].as_u64().unwrap(), &buttons(&offer)[0]);
    let ask = message_with(&fake, co, "【承認のお願い】");
    assert_eq!(labels(&ask), vec!["承認する", "却下する"]);
    fake.wait(LIMIT, "the proposer told", |_| has_text(&fake, cx, "事務局の承認をお待ちください"));
    fake.press(co, ask["message_id"].as_u64().unwrap(), &buttons(&ask)[0]);
    wait_toast(&fake, "承認しました");
    fake.wait(LIMIT, "both told", |_| {
        has_text(&fake, cx, "【当番表の変更】") && has_text(&fake, cy, "【当番表の変更】")
    });
    assert_eq!(duty_at(&desk, &slots[a].0), y);
    // Back again, agreed, then rejected by the office from the command line (the same path).
    fake.message_from(cx, &format!("/swap {} {y} {}", slots[b].0, slots[a].0));
    fake.wait(LIMIT, "the second offer", |_| count(&fake, cy, OFFER) == 2);
    let offer = message_with(&fake, cy, OFFER);
    fake.press(cy, offer["message_id"].as_u64().unwrap(), &buttons(&offer)[0]);
    fake.wait(LIMIT, "the second approval asked", |_| count(&fake, co, "【承認のお願い】") == 2);
    let open = requests(&desk, false);
    assert_eq!(open[0]["status"], "awaiting_admin", "{open:?}");
    let id = open[0]["id"].as_u64().unwrap().to_string();
    let out = desk.run(&["request", "reject", &id]).code(0).stdout();
    assert!(out.contains(&format!("Request {id} rejected")), "{out}");
    fake.wait(LIMIT, "both told", |_| {
        has_text(&fake, cx, "承認されませんでした") && has_text(&fake, cy, "承認されませんでした")
    });
    assert_eq!(duty_at(&desk, &slots[a].0), y, "the duty stays");
    // A doctor is no admin.
    desk.run(&["request", "approve", &id, "--as", &x]).code(1);
}
