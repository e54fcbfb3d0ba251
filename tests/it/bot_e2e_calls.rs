//! Issue 15 through the real `toban serve` and the fake Bot API, from the caller's side: a call
//! confirmed with the patient's name before it is sent, where it stands (`/status`), withdrawn
//! (`/cancel N`), and reported back from chat (a reply to the record) to the caller, the
//! attending doctor and the duty doctor, which closes it.

use std::time::Duration;

use crate::bot_e2e::{buttons, has_text, link, message_with, serve_bot};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::Desk;

const D01: i64 = 1001;
const DUTY: i64 = 1007;
const H2: i64 = 2002;
const NS1: i64 = 4001;
const LIMIT: Duration = Duration::from_secs(20);

/// The nurse raises a call for patient 1 in one line and confirms it by button.
fn call_and_confirm(fake: &FakeTelegram, patient: &str, name: &str, note: &str) {
    fake.message_from(NS1, &format!("/call {patient} {note}"));
    let ask = message_with(fake, NS1, &format!("{name} 様（{patient}番の患者さん）に連絡します"));
    let send = buttons(&ask)[0].clone();
    assert_eq!(send, format!("callsend:{patient}"));
    fake.press(NS1, ask["message_id"].as_u64().unwrap(), &send);
}

// See: issue 15.
#[test]
fn a_nurse_confirms_follows_the_call_and_hears_the_report_sent_by_reply_to_the_record() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let duty = desk.duty_now();
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    for (chat, member) in [(D01, "d01"), (DUTY, duty.as_str()), (H2, "h2"), (NS1, "ns1")] {
        link(&desk, &fake, chat, member);
    }
    // The nurse sees whom her number picked; nothing goes out before she confirms.
    fake.message_from(NS1, "/call 1 発熱39度");
    let ask = message_with(&fake, NS1, "山田 花子 様（1番の患者さん）に連絡します");
    std::thread::sleep(Duration::from_millis(500));
    assert!(!has_text(&fake, D01, "1番の依頼"), "nothing sent before the confirmation");
    fake.press(NS1, ask["message_id"].as_u64().unwrap(), &buttons(&ask)[0]);
    fake.wait(LIMIT, "sent", |_| has_text(&fake, NS1, "1番の依頼を発信しました"));
    fake.wait(LIMIT, "the request to d01", |_| has_text(&fake, D01, "1番の依頼: ご対応のお願い"));
    // Where it stands: the attending doctor is asked until 22:10, then the duty doctor.
    fake.message_from(NS1, "/status");
    fake.wait(LIMIT, "the status", |_| has_text(&fake, NS1, "22:10"));
    // Ten minutes: the duty doctor; fifteen more: h2, who accepts.
    desk.set_clock("2027-03-02T22:10:00+09:00");
    fake.wait(LIMIT, "the duty doctor asked", |_| has_text(&fake, DUTY, "当番医としてご対応"));
    desk.set_clock("2027-03-02T22:25:00+09:00");
    let request = message_with(&fake, H2, "後方支援病院としてご対応");
    fake.press(H2, request["message_id"].as_u64().unwrap(), "accept:1");
    let record = message_with(&fake, H2, "【受諾】1番の依頼");
    assert!(record["text"].as_str().unwrap().contains("返信"), "the record says how to report");
    // h2 replies to the record with the outcome and a few words.
    fake.reply_from(H2, &record, "入院 救急外来で対応し入院");
    fake.wait(LIMIT, "the report sent", |_| has_text(&fake, H2, "1番の依頼の報告を送りました"));
    for (chat, who) in
        [(NS1, "the caller"), (D01, "the attending doctor"), (DUTY, "the duty doctor")]
    {
        fake.wait(LIMIT, who, |_| has_text(&fake, chat, "【対応報告】1番の依頼"));
    }
    let to_duty = message_with(&fake, DUTY, "【対応報告】1番の依頼");
    let text = to_duty["text"].as_str().unwrap();
    assert!(!text.contains("山田") && text.contains("入院"), "{text}");
    assert_eq!(desk.call("1")["report"]["outcome"], "admitted");
    // The call is closed: nothing open for the nurse.
    fake.message_from(NS1, "/status");
    fake.wait(LIMIT, "nothing open", |_| has_text(&fake, NS1, "発信中の依頼はありません"));
}

// See: issue 15.
#[test]
fn a_nurse_withdraws_a_call_in_chat_and_the_doctor_asked_is_told() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    link(&desk, &fake, D01, "d01");
    link(&desk, &fake, NS1, "ns1");
    call_and_confirm(&fake, "1", "山田 花子", "転倒");
    fake.wait(LIMIT, "the request to d01", |_| has_text(&fake, D01, "1番の依頼: ご対応のお願い"));
    fake.message_from(NS1, "/cancel 1");
    fake.wait(LIMIT, "withdrawn", |_| has_text(&fake, NS1, "1番の依頼を取り消しました"));
    fake.wait(LIMIT, "d01 told", |_| has_text(&fake, D01, "取り消されました"));
    assert_eq!(desk.call("1")["state"]["status"], "cancelled");
}
