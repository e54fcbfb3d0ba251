//! Calls that close the loop (issue 15), through the real `toban serve` against the fake Bot
//! API: a follow-up after acceptance is acknowledged by button or the call goes on, a later
//! call asks the earlier handler first, follow-ups reach everyone who can still accept and are
//! in the record, an unanswered request is sent again at half its step, phone numbers to call
//! back, and an acceptance after the 119 advice.

use std::time::Duration;

use serde_json::Value;

use crate::bot_e2e::{buttons, link, message_with, serve_bot, texts};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::Desk;

const D01: i64 = 1501;
const DUTY: i64 = 1507;
const H2: i64 = 2502;
const NS1: i64 = 4501;
const OFFICE: i64 = 9501;
const LIMIT: Duration = Duration::from_secs(20);

/// The duty doctor at the desk's clock (2027-03-02 22:00), who is not d01.
fn duty(desk: &Desk) -> String {
    let on = desk.run(&["oncall", "--format", "json"]).code(0).json();
    let duty = on["duty"][0]["id"].as_str().unwrap().to_string();
    assert_ne!(duty, "d01", "the scenarios need an attending who is not on duty");
    duty
}

/// The nurse's one-line `/call 1 NOTE`, confirmed with 送信する when toban shows her the
/// patient's name (issue 15).
fn nurse_calls(fake: &FakeTelegram, note: &str) {
    let asks = |f: &FakeTelegram| {
        f.messages_to(NS1)
            .into_iter()
            .filter(|m| m["text"].as_str().unwrap_or("").contains("（1番の患者さん）に連絡します"))
            .collect::<Vec<_>>()
    };
    let before = asks(fake).len();
    fake.message_from(NS1, &format!("/call 1 {note}"));
    fake.wait(LIMIT, "the confirmation", |_| asks(fake).len() > before);
    let ask = asks(fake).pop().unwrap();
    fake.press(NS1, ask["message_id"].as_u64().unwrap(), "callsend:1");
}

fn text(m: &Value) -> &str {
    m["text"].as_str().unwrap_or("")
}

fn press(fake: &FakeTelegram, chat: i64, m: &Value, data: &str) {
    assert!(buttons(m).iter().any(|b| b == data), "{data} under {m}");
    fake.press(chat, m["message_id"].as_u64().unwrap(), data);
}

fn count(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    texts(fake, chat).iter().filter(|t| t.contains(needle)).count()
}

#[test]
fn a_followup_after_acceptance_is_acknowledged_or_the_call_goes_on_and_a_later_call_asks_the_handler_first()
 {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let duty = duty(&desk);
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    for (chat, member) in [(D01, "d01"), (DUTY, duty.as_str()), (NS1, "ns1")] {
        link(&desk, &fake, chat, member);
    }

    // The nurse's call: the request carries the station's number to call back.
    nurse_calls(&fake, "発熱39度");
    let request = message_with(&fake, D01, "1番の依頼: ご対応のお願い");
    assert!(text(&request).contains("匝瑳訪問看護ステーション（電話 0479-00-0100）"), "{request}");
    press(&fake, D01, &request, "accept:1");
    // The acceptance carries the acceptor's.
    let accepted = message_with(&fake, NS1, "青木 一郎先生が対応します");
    assert!(text(&accepted).contains("連絡先: 0479-00-1001"), "{accepted}");

    // 20 minutes later, more from the nurse: a follow-up d01 must acknowledge.
    desk.set_clock("2027-03-02T22:20:00+09:00");
    nurse_calls(&fake, "呼吸苦が強くなった");
    message_with(&fake, NS1, "内容を追加で伝えました");
    let follow = message_with(&fake, D01, "呼吸苦が強くなった");
    assert!(text(&follow).contains("22:30までに「確認しました」を押してください"), "{follow}");
    assert_eq!(buttons(&follow), vec!["ack:1"]);
    // Unacknowledged at half the time (d01 was asked as the attending, 10 minutes): once more.
    desk.set_clock("2027-03-02T22:25:00+09:00");
    let again = message_with(&fake, D01, "【再送】1番の依頼の追加の連絡");
    assert_eq!(buttons(&again), vec!["ack:1"]);
    // Still nothing: the call goes on to the duty doctor, who gets the follow-up in the record.
    desk.set_clock("2027-03-02T22:30:00+09:00");
    let to_duty = message_with(&fake, DUTY, "1番の依頼: 在宅当番のお願い");
    message_with(&fake, D01, "ご確認がなかったため、次の連絡先に依頼しました");
    press(&fake, DUTY, &to_duty, "accept:1");
    let record = message_with(&fake, DUTY, "【受諾】1番の依頼");
    assert!(text(&record).contains("追加の連絡:\n・3月2日(火) 22:20"), "{record}");
    assert!(text(&record).contains("呼吸苦が強くなった"), "{record}");
    message_with(&fake, D01, "が対応することになりました");

    // 70 minutes after that acceptance (followup_minutes = 60): a new call, asking the
    // handler of the previous one first, with buttons, before the attending.
    desk.set_clock("2027-03-02T23:40:00+09:00");
    nurse_calls(&fake, "再び発熱");
    message_with(&fake, NS1, "2番の依頼を発信しました");
    let first = message_with(&fake, DUTY, "2番の依頼: ご対応のお願い");
    assert!(text(&first).contains("前回この患者さんをご担当いただいたため"), "{first}");
    assert_eq!(buttons(&first), vec!["accept:2", "decline:2"]);
    assert_eq!(
        count(&fake, D01, "2番の依頼"),
        0,
        "the attending is asked only after: {:?}",
        fake.messages_to(D01)
    );
    press(&fake, DUTY, &first, "accept:2");
    message_with(&fake, DUTY, "【受諾】2番の依頼");
    // A follow-up acknowledged in time: the nurse is told, and the call stays with the handler.
    desk.set_clock("2027-03-02T23:50:00+09:00");
    nurse_calls(&fake, "解熱剤を使用");
    let follow = message_with(&fake, DUTY, "解熱剤を使用");
    press(&fake, DUTY, &follow, "ack:2");
    message_with(&fake, NS1, "が追加の連絡を確認しました");
    desk.set_clock("2027-03-03T00:30:00+09:00");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(count(&fake, D01, "2番の依頼"), 0, "acknowledged: nobody else is asked");
    let call = desk.run(&["call", "show", "2", "--format", "json"]).code(0).json();
    assert_eq!(call["state"]["status"], "accepted", "{call}");
}

#[test]
fn reminders_followups_to_all_who_can_accept_and_an_acceptance_after_the_119_advice() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let duty = duty(&desk);
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    for (chat, member) in
        [(D01, "d01"), (DUTY, duty.as_str()), (H2, "h2"), (NS1, "ns1"), (OFFICE, "office")]
    {
        link(&desk, &fake, chat, member);
    }

    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    let request = message_with(&fake, D01, "1番の依頼: ご対応のお願い");
    // Unanswered at half the attending's 10 minutes: sent again, with the buttons, once.
    desk.set_clock("2027-03-02T22:05:00+09:00");
    let again = message_with(&fake, D01, "【至急・再送】1番の依頼: ご対応のお願い");
    assert!(text(&again).contains("22:10までにご返答ください"), "{again}");
    assert_eq!(buttons(&again), vec!["accept:1", "decline:1"]);
    desk.set_clock("2027-03-02T22:08:00+09:00");
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(count(&fake, D01, "【至急・再送】1番の依頼: ご対応のお願い"), 1, "once only");

    // The duty doctor's turn; a follow-up reaches d01 too, who may still accept.
    desk.set_clock("2027-03-02T22:10:00+09:00");
    message_with(&fake, DUTY, "1番の依頼: 在宅当番のお願い");
    nurse_calls(&fake, "SpO2 88%");
    message_with(&fake, DUTY, "SpO2 88%");
    message_with(&fake, D01, "SpO2 88%");

    // Everyone else declines: the nurse is advised to call 119, the office alerted.
    let to_duty = message_with(&fake, DUTY, "1番の依頼: 在宅当番のお願い");
    press(&fake, DUTY, &to_duty, "decline:1");
    let to_h2 = message_with(&fake, H2, "1番の依頼: ご対応のお願い");
    press(&fake, H2, &to_h2, "decline:1");
    message_with(&fake, H2, "辞退");
    for h in ["h1", "h3"] {
        crate::routing_cli::wait_for(LIMIT, "the hospital asked", || {
            desk.run(&["call", "decline", "1", "--as", h]).out.status.success()
        });
    }
    message_with(&fake, NS1, "必要なときは119番に通報してください");
    message_with(&fake, OFFICE, "【要対応】1番の依頼");

    // d01 sees it late and accepts from the first request.
    press(&fake, D01, &request, "accept:1");
    let told = message_with(&fake, NS1, "先ほど119番通報をご案内しましたが");
    assert!(text(&told).contains("青木 一郎先生が対応します"), "{told}");
    assert!(text(&told).contains("連絡先: 0479-00-1001"), "{told}");
    let office = message_with(&fake, OFFICE, "119番通報のご案内の後に");
    assert!(text(&office).contains("青木 一郎先生が受諾しました"), "{office}");
    let record = message_with(&fake, D01, "【受諾】1番の依頼");
    assert!(text(&record).contains("SpO2 88%"), "the follow-up is in the record: {record}");
}

#[test]
fn a_handler_without_telegram_acknowledges_a_followup_on_the_command_line() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let raise = |note: &str| {
        desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", note]).code(0)
    };
    raise("発熱39度").stdout_has("call 1 raised");
    desk.run(&["call", "accept", "1", "--as", "d01"]).code(0);
    desk.set_clock("2027-03-02T22:20:00+09:00");
    raise("呼吸苦").stdout_has("already has an open call, 1");
    desk.run(&["call", "acknowledge", "1", "--as", "h2"]).code(1).stderr_has("only d01");
    desk.run(&["call", "acknowledge", "1", "--as", "d01"])
        .code(0)
        .stdout_has("follow-ups acknowledged by d01");
    desk.run(&["call", "show", "1"])
        .code(0)
        .stdout_has("follow-up acknowledged by Dr Aoki Ichiro (d01)");
    // More than followup_minutes (60) after the acceptance: a new call, d01 asked first.
    desk.set_clock("2027-03-02T23:05:00+09:00");
    raise("再び発熱").stdout_has("call 2 raised").stdout_has("now asking the handler");
}
