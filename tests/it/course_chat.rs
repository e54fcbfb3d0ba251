//! A patient's course recorded from chat (issue 20): the real `toban serve`, the guided
//! `/course` on the fake Bot API (buttons for the event and the day, then 記録する), the
//! one-line form on the fake LINE API, refusals that say nothing about the registry, and the
//! record and its audit entry as `toban patient show` and `toban audit` give them.

use std::time::Duration;

use serde_json::Value;

use crate::bot_e2e::{buttons, link, message_with, serve_bot};
use crate::fake_line::FakeLine;
use crate::fake_telegram::FakeTelegram;
use crate::line_e2e::{LIMIT, deliver, link_line, serve_line};
use crate::routing_cli::Desk;

const D01: i64 = 1001;
const D02: i64 = 1002;
const U_D01: &str = "U00000000000000000000000000000d01";
const U_D02: &str = "U00000000000000000000000000000d02";

/// Presses the button of `m` whose data starts with `prefix`.
fn press(fake: &FakeTelegram, chat: i64, m: &Value, prefix: &str) {
    let data = buttons(m).into_iter().find(|d| d.starts_with(prefix));
    let data = data.unwrap_or_else(|| panic!("no button {prefix} in {m}"));
    fake.press(chat, m["message_id"].as_u64().unwrap(), &data);
}

/// The course of patient 1 as (event, date).
fn course(desk: &Desk) -> Vec<(String, String)> {
    let shown = desk.run(&["patient", "show", "1", "--format", "json"]).code(0).json();
    shown["course"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|e| (e["event"].as_str().unwrap().into(), e["date"].as_str().unwrap().into()))
                .collect()
        })
        .unwrap_or_default()
}

/// Who recorded each course event, as the audit log has it.
fn recorded_by(desk: &Desk) -> Vec<String> {
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.to_string().contains("patient_course"))
        .map(|e| e["by"].as_str().unwrap_or("").to_string())
        .collect()
}

// See: issue 20. A patient's course "also from chat".
#[test]
fn the_attending_doctor_records_a_death_at_home_with_the_guided_course_on_telegram() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    link(&desk, &fake, D01, "d01");
    link(&desk, &fake, D02, "d02");

    fake.message_from(D01, "/course");
    message_with(&fake, D01, "患者番号を送ってください");
    fake.message_from(D01, "1");
    let events = message_with(&fake, D01, "記録する経過を下のボタンから");
    press(&fake, D01, &events, "crs:e:1:died_home");
    let days = message_with(&fake, D01, "日付をボタンで選ぶか");
    assert!(days.to_string().contains("今日（3月2日(火)）"), "{days}");
    press(&fake, D01, &days, "crs:d:1:died_home:2027-03-02");
    let confirm = message_with(&fake, D01, "よろしければ「記録する」を押してください");
    assert!(confirm["text"].as_str().unwrap().contains("在宅で看取り"), "{confirm}");
    assert!(course(&desk).is_empty(), "nothing recorded before 記録する");
    press(&fake, D01, &confirm, "crs:ok:1");
    message_with(&fake, D01, "1番の患者さんの経過を記録しました");
    message_with(&fake, D01, "登録は終了しました");
    assert_eq!(course(&desk), [("died_home".to_string(), "2027-03-02".to_string())]);
    assert_eq!(recorded_by(&desk), ["d01"]);

    // Another doctor may not, and learns nothing of which numbers are registered.
    fake.message_from(D02, "/course 1 moved 3/2");
    let theirs = message_with(&fake, D02, "1番の患者さんの経過は記録できません");
    fake.message_from(D02, "/course 77 moved 3/2");
    let nobodys = message_with(&fake, D02, "77番の患者さんの経過は記録できません");
    assert_eq!(
        theirs["text"].as_str().unwrap().replacen("1番", "N番", 1),
        nobodys["text"].as_str().unwrap().replacen("77番", "N番", 1)
    );
    assert_eq!(course(&desk).len(), 1);
    // The doctors' command menu has it.
    fake.wait(Duration::from_secs(20), "a menu with /course", |sent| {
        sent.iter().any(|s| s.method == "setmycommands" && s.body.to_string().contains("course"))
    });
}

// See: issue 20. The same command on LINE, in one line.
#[test]
fn the_one_line_course_works_on_line_for_the_attending_doctor_only() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    link_line(&desk, &line, U_D02, "d02", "code");

    deliver(&desk, &[line.text(U_D02, "/course 1 admitted 3/1")]);
    line.wait_for(LIMIT, U_D02, "1番の患者さんの経過は記録できません");
    deliver(&desk, &[line.text(U_D01, "/course 1 admitted 3/1")]);
    line.wait_for(LIMIT, U_D01, "1番の患者さんの経過を記録しました");
    deliver(&desk, &[line.text(U_D01, "/course 1 病院で死亡 3/2")]);
    line.wait_for(LIMIT, U_D01, "病院で死亡");
    assert_eq!(
        course(&desk),
        [
            ("admitted".to_string(), "2027-03-01".to_string()),
            ("died_hospital".to_string(), "2027-03-02".to_string())
        ]
    );
    assert_eq!(recorded_by(&desk), ["d01", "d01"]);
    // The guided form's buttons arrive as postbacks.
    deliver(&desk, &[line.text(U_D01, "/course 1")]);
    let events = line.wait_for(LIMIT, U_D01, "記録する経過を下のボタンから");
    assert_eq!(events.buttons().len(), 6, "{:?}", events.message);
}
