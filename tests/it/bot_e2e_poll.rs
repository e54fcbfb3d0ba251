//! The polling side of the bot through the real `toban serve` against the fake Bot API: updates
//! delivered again (as after a crash before the offset was stored) change nothing twice and are
//! not answered again, and a flood of strangers under 429 does not hold up a member.
//!
//! See: issue 14 "Delivery that never stalls".

use std::time::{Duration, Instant};

use crate::bot_e2e::{has_text, link, serve_bot, texts};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::{Desk, wait_for};

const D01: i64 = 1001;
const NS1: i64 = 4001;

/// The nurse presses 送信する under the confirmation whose text contains `needle` (issue 15:
/// a nurse sees the patient's name before a call goes out).
fn confirm(fake: &FakeTelegram, needle: &str) {
    let ask = crate::bot_e2e::message_with(fake, NS1, needle);
    let send = crate::bot_e2e::buttons(&ask)[0].clone();
    fake.press(NS1, ask["message_id"].as_u64().unwrap(), &send);
}

/// What a replay could double: d01's absences, the follow-ups of call 1, and every message
/// sent to d01 and to the nurse station (but the answers to [`settle`]'s /who).
fn effects(desk: &Desk, fake: &FakeTelegram) -> (usize, usize, Vec<String>, Vec<String>) {
    let absences = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    let away = absences.as_array().unwrap().iter().filter(|a| a["doctor"] == "d01").count();
    let call = desk.run(&["call", "show", "1", "--format", "json"]).code(0).json();
    let followups = call.to_string().matches("呼吸苦あり").count();
    let texts = |chat| -> Vec<String> {
        texts(fake, chat).into_iter().filter(|t| !t.starts_with(WHO_ANSWER)).collect()
    };
    (away, followups, texts(D01), texts(NS1))
}

/// How the answer to /who begins.
const WHO_ANSWER: &str = "今の当番医:";

/// Waits, without sleeping, until everything queued so far for d01 and the nurse station has
/// gone out. Notices: one engine cycle delivers them. Answers in chat are not covered by a
/// cycle, but a chat's answers go out in the order they were given (src/bot/lanes.rs): so each
/// chat asks /who, and once that answer arrives, every answer queued before it has gone out.
fn settle(desk: &Desk, fake: &FakeTelegram) {
    desk.cycle();
    let whos = |chat| texts(fake, chat).iter().filter(|t| t.starts_with(WHO_ANSWER)).count();
    for chat in [D01, NS1] {
        let asked = whos(chat);
        fake.message_from(chat, "/who");
        fake.wait(Duration::from_secs(20), "the answer to /who", |_| whos(chat) > asked);
    }
}

/// Telegram delivers every update again; waits until serve has handled them (their answers, if
/// any, queued) and everything they queued has gone out.
fn redeliver_and_settle(desk: &Desk, fake: &FakeTelegram) {
    wait_for(Duration::from_secs(20), "the updates delivered again and handled", || {
        fake.redelivered_and_handled()
    });
    settle(desk, fake);
}

#[test]
fn a_replayed_update_changes_nothing_twice_and_is_not_answered_again() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let fake = FakeTelegram::start();
    let serve = serve_bot(&desk, &fake, None);
    let limit = Duration::from_secs(20);
    link(&desk, &fake, D01, "d01");
    link(&desk, &fake, NS1, "ns1");
    fake.message_from(D01, "/away 3/20 3/22 学会");
    fake.wait(limit, "the absence", |_| has_text(&fake, D01, "不在を登録しました"));
    fake.message_from(NS1, "/call 1 発熱39度");
    confirm(&fake, "に連絡します。最初に主治医の青木 一郎先生へ届きます。\n内容: 発熱39度");
    fake.wait(limit, "the call", |_| has_text(&fake, NS1, "1番の依頼を発信しました"));
    fake.message_from(NS1, "/call 1 呼吸苦あり");
    confirm(&fake, "内容: 呼吸苦あり");
    fake.wait(limit, "the follow-up", |_| has_text(&fake, NS1, "内容を追加で伝えました"));
    fake.wait(limit, "the follow-up to d01", |_| has_text(&fake, D01, "呼吸苦あり"));
    settle(&desk, &fake);
    let before = effects(&desk, &fake);
    assert_eq!((before.0, before.1), (1, 1), "one absence, one follow-up");

    // Telegram delivers every update again while serve runs.
    fake.redeliver();
    redeliver_and_settle(&desk, &fake);
    assert_eq!(effects(&desk, &fake), before, "a replay while running changes nothing");

    // serve is killed before it stored its offset: the next serve is given every update again.
    serve.kill();
    fake.redeliver();
    let _serve = serve_bot(&desk, &fake, None);
    redeliver_and_settle(&desk, &fake);
    assert_eq!(effects(&desk, &fake), before, "a replay after a restart changes nothing");
}

#[test]
fn a_hundred_stranger_messages_under_429_do_not_delay_a_nurses_call() {
    let desk = Desk::new();
    let duty = desk.run(&["oncall", "--format", "json"]).code(0).json()["duty"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The duty doctor attends the patient, so is asked first.
    desk.add_patient("山田 花子", &duty);
    const DUTY: i64 = 1007;
    let fake = FakeTelegram::start();
    let serve = serve_bot(&desk, &fake, None);
    link(&desk, &fake, NS1, "ns1");
    link(&desk, &fake, DUTY, &duty);
    // Twenty strangers write five times each; Telegram answers 429 to every reply to them.
    let strangers: Vec<i64> = (0..20).map(|i| 90_000 + i).collect();
    fake.flood_chats(strangers.clone(), 30);
    let mut batch: Vec<(i64, String)> =
        (0..100).map(|i| (strangers[i % 20], format!("/who {i}"))).collect();
    batch.push((NS1, "/call 1 発熱39度".into()));
    let start = Instant::now();
    fake.messages_from(&batch);
    fake.wait(Duration::from_secs(2), "the nurse's confirmation", |_| {
        has_text(&fake, NS1, "に連絡します")
    });
    // Her press of 送信する comes in the next batch, behind another hundred strangers'.
    let asked = start.elapsed();
    let ask = crate::bot_e2e::message_with(&fake, NS1, "に連絡します");
    let batch: Vec<(i64, String)> =
        (0..100).map(|i| (strangers[i % 20], format!("/who again {i}"))).collect();
    let pressed = Instant::now();
    fake.messages_from(&batch);
    fake.press(NS1, ask["message_id"].as_u64().unwrap(), "callsend:1");
    fake.wait(Duration::from_secs(2), "the nurse's reply and the duty doctor's request", |_| {
        has_text(&fake, NS1, "1番の依頼を発信しました") && has_text(&fake, DUTY, "1番の依頼")
    });
    eprintln!(
        "the nurse's confirmation came in {asked:?}, her call went through {:?} after her press",
        pressed.elapsed()
    );
    // Each stranger's reply was tried once and never again. A bounded wait remains: a
    // stranger's chat has no answer to wait for in turn (it gets one an hour), and `toban cycle`
    // does not cover answers in chat. It catches an answer sent again at once, not one sent
    // after the 30 s the flood asks to wait.
    std::thread::sleep(Duration::from_millis(1500));
    for s in &strangers {
        assert!(fake.attempts_to(*s) <= 1, "stranger {s}: {} attempts", fake.attempts_to(*s));
    }

    // Telegram takes messages again: a stranger already answered this hour gets nothing more,
    // a new one gets one answer however often they write, and a restart does not reset that.
    fake.flood_chats([], 0);
    const NEW: i64 = 91_000;
    let known = strangers[0];
    let before = fake.attempts_to(known);
    fake.messages_from(&[(known, "/who".into()), (NEW, "/who".into()), (NEW, "hello".into())]);
    fake.wait(Duration::from_secs(20), "the new stranger's refusal", |_| {
        has_text(&fake, NEW, "会員専用")
    });
    serve.kill();
    let _serve = serve_bot(&desk, &fake, None);
    fake.messages_from(&[(known, "/help".into()), (NEW, "/help".into())]);
    fake.message_from(NS1, "/who");
    fake.wait(Duration::from_secs(20), "the nurse's /who", |_| has_text(&fake, NS1, "今の当番医:"));
    // A bounded wait remains, for the same reason as above: nothing sent to a stranger's chat
    // can show that its earlier answers went out, and `toban cycle` does not cover answers.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(fake.attempts_to(known), before, "no second answer to {known} within the hour");
    assert_eq!(texts(&fake, NEW).len(), 1, "one answer to {NEW}: {:?}", texts(&fake, NEW));
}
