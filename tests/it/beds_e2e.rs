//! Bed vacancy and the board through the real `toban serve` and the fake Bot API (issue 20): a
//! backup hospital's staff set its status with buttons or `/beds 2`; the duty doctor's request
//! for a call and `/who` show it with its age; a doctor cannot set a hospital's; a status older
//! than `[beds] stale_hours` reads as unknown. Each doctor sets their clinic's board entry.

use std::time::Duration;

use crate::bot_e2e::{buttons, has_text, link, message_with, serve_bot, texts};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::Desk;

const DUTY: i64 = 1007;
const H1: i64 = 2001;
const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn a_hospital_sets_its_beds_the_duty_doctor_sees_them_with_the_call_and_a_doctor_cannot_set_them() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    // The attending doctor is away: the call goes to the duty doctor first.
    desk.run(&["absence", "add", "d01", "2027-03-01", "2027-03-05"]).code(0);
    let duty = desk.run(&["oncall", "--format", "json"]).code(0).json()["duty"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(duty, "d01");
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    link(&desk, &fake, H1, "h1");
    link(&desk, &fake, DUTY, &duty);

    // The hospital asks, and is offered the three buttons.
    fake.message_from(H1, "/beds");
    let ask = message_with(&fake, H1, "空床状況を選んでください");
    let data = buttons(&ask);
    assert_eq!(data, ["beds:open", "beds:consult", "beds:full"], "{ask}");
    let text = ask["text"].as_str().unwrap();
    assert!(text.contains("国保匝瑳中央病院: 不明"), "nothing set yet: {text}");
    fake.press(H1, ask["message_id"].as_u64().unwrap(), "beds:consult");
    crate::routing_cli::wait_for(LIMIT, "the button's status stored", || {
        desk.run(&["--lang", "ja", "hospital", "beds"])
            .code(0)
            .stdout()
            .contains("国保匝瑳中央病院: 要相談")
    });
    // Then the number of free beds.
    fake.message_from(H1, "/beds 2");
    fake.wait(LIMIT, "the hospital thanked", |_| {
        has_text(&fake, H1, "「空床あり（2床）」に更新しました")
    });

    // A doctor cannot set a hospital's status: refused, nothing changed.
    fake.message_from(DUTY, "/beds 満床");
    fake.wait(LIMIT, "the doctor refused", |_| {
        has_text(&fake, DUTY, "後方支援病院のご担当の方だけ")
    });
    let beds = desk.run(&["--lang", "ja", "hospital", "beds"]).code(0).stdout();
    assert!(beds.contains("国保匝瑳中央病院: 空床あり（2床）"), "{beds}");
    assert!(!beds.contains("満床"), "{beds}");

    // A call: the duty doctor's request shows the beds with their age.
    desk.set_clock("2027-03-03T01:00:00+09:00");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    fake.wait(LIMIT, "the request to the duty doctor", |_| has_text(&fake, DUTY, "1番の依頼"));
    let request = message_with(&fake, DUTY, "1番の依頼");
    let text = request["text"].as_str().unwrap();
    assert!(text.contains("【後方支援病院の空床状況】"), "{text}");
    assert!(text.contains("国保匝瑳中央病院: 空床あり（2床）（3時間前）"), "{text}");
    assert!(text.contains("東総記念病院: 不明"), "{text}");
    fake.message_from(DUTY, "/who");
    fake.wait(LIMIT, "/who with the beds", |_| {
        texts(&fake, DUTY)
            .iter()
            .any(|t| t.contains("今の当番医:") && t.contains("空床あり（2床）"))
    });

    // A day later the status is stale: unknown, not "free".
    desk.set_clock("2027-03-03T23:30:00+09:00");
    let before = texts(&fake, DUTY).len();
    fake.message_from(DUTY, "/who");
    fake.wait(LIMIT, "/who again", |_| texts(&fake, DUTY).len() > before);
    fake.wait(LIMIT, "/who with stale beds", |_| {
        texts(&fake, DUTY)
            .iter()
            .any(|t| t.contains("今の当番医:") && t.contains("国保匝瑳中央病院: 不明"))
    });
    let audit = desk.run(&["--lang", "ja", "audit"]).code(0).stdout();
    assert!(audit.contains("国保匝瑳中央病院の空床状況を「要相談」に更新しました"), "{audit}");
}

#[test]
fn each_doctor_sets_their_own_board_entry_in_chat_and_the_board_shows_it() {
    let desk = Desk::new();
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    const D01: i64 = 1001;
    link(&desk, &fake, D01, "d01");
    link(&desk, &fake, H1, "h1");
    fake.message_from(D01, "/board");
    let ask = message_with(&fake, D01, "受け入れ状況を選んでください");
    assert_eq!(buttons(&ask), ["board:open", "board:closed"]);
    fake.press(D01, ask["message_id"].as_u64().unwrap(), "board:open");
    crate::routing_cli::wait_for(LIMIT, "the entry stored", || {
        desk.run(&["--lang", "ja", "board"])
            .code(0)
            .stdout()
            .contains("青木 一郎先生）: 受け入れ可")
    });
    fake.message_from(D01, "/board closed 年度末まで");
    fake.wait(LIMIT, "the doctor told", |_| {
        has_text(&fake, D01, "「受け入れ停止中」（年度末まで）")
    });
    // A hospital has no board entry to set.
    fake.message_from(H1, "/board open");
    fake.wait(LIMIT, "the hospital refused", |_| has_text(&fake, H1, "会員の先生だけ"));
    let board = desk.run(&["--lang", "ja", "board"]).code(0).stdout();
    assert!(
        board.contains("青木内科クリニック（青木 一郎先生）: 受け入れ停止中・年度末まで"),
        "{board}"
    );
    assert!(board.contains("石川医院（石川 花子先生）: 未登録"), "{board}");
    let json = desk.run(&["board", "--format", "json"]).code(0).json();
    assert_eq!(json[0]["doctor"], "d01");
    assert_eq!(json[0]["open"], false);
    let audit = desk.run(&["--lang", "ja", "audit"]).code(0).stdout();
    assert!(
        audit.contains("青木 一郎先生の新規受け入れを「受け入れ停止中」に更新しました"),
        "{audit}"
    );
    // Listed in the help of each role that uses them.
    fake.message_from(H1, "/help");
    fake.wait(LIMIT, "the hospital's help", |_| has_text(&fake, H1, "/beds"));
}
