//! Call types (issue 20): a death confirmation (看取り) asks the attending and duty doctors and
//! then the office, never the advice to call 119, with its own minutes from the rules; advice
//! by phone; the nurse chooses the type (`--kind`, or the note's first word as in chat) and the
//! report counts calls by type.

use std::time::Duration;

use crate::helpers::{repo, run};
use crate::routing_cli::{Desk, wait_for};

/// The shipped rules with `extra` appended to association.toml, in `desk`'s directory.
fn rules_with(desk: &Desk, extra: &str) -> std::path::PathBuf {
    let dir = desk.dir.path().join("rules");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["association.toml", "members.toml"] {
        std::fs::copy(repo().join("rules").join(f), dir.join(f)).unwrap();
    }
    let path = dir.join("association.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace("[swap]", &format!("{extra}\n[swap]"));
    std::fs::write(&path, text).unwrap();
    dir
}

#[test]
fn a_death_confirmation_ends_at_the_office_with_its_own_minutes() {
    let desk = Desk::new();
    let duty = desk.duty_now();
    let attending = if duty == "d01" { "d02" } else { "d01" };
    desk.add_patient("山田 花子", attending);
    desk.add_patient("佐藤 一郎", attending);
    // A bad value is named with its place; existing rules (no such table) load unchanged.
    let bad = rules_with(&desk, "[escalation.death]\nduty_doctor_minutes = 0\n");
    let mut cmd = desk.command();
    cmd.env("TOBAN_RULES", &bad);
    run(cmd, &["check"]).code(3).stderr_has("escalation.death.duty_doctor_minutes = 0");
    std::fs::remove_dir_all(&bad).unwrap();
    let rules = rules_with(&desk, "[escalation.death]\nduty_doctor_minutes = 30\n");
    let with = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env("TOBAN_RULES", &rules);
        run(cmd, args)
    };
    let _serve = desk.serve_with(None, &[("TOBAN_RULES", rules.to_str().unwrap())]);
    with(&[
        "call",
        "raise",
        "--patient",
        "1",
        "--from",
        "ns1",
        "--note",
        "呼吸停止",
        "--kind",
        "death",
    ])
    .code(0);
    let call = desk.call("1");
    assert_eq!(call["kind"], "death", "{call}");
    let kinds: Vec<&str> =
        call["chain"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["attending", "duty", "advice"], "no hospital: {call}");
    assert_eq!(call["chain"][1]["wait_minutes"], 30, "{call}");
    with(&["call", "decline", "1", "--as", attending]).code(0);
    // The duty doctor does not answer: still asked after an urgent call's 15 minutes…
    desk.set_clock("2027-03-02T22:20:00+09:00");
    desk.cycle();
    assert_eq!(desk.call("1")["state"]["step"], 1, "{}", desk.call("1"));
    // …not after the death confirmation's 30.
    desk.set_clock("2027-03-02T22:31:00+09:00");
    desk.cycle();
    wait_for(Duration::from_secs(10), "the office's alert", || {
        desk.printed().contains("死亡確認に伺える医師を手配")
    });
    let printed = desk.printed();
    assert!(printed.contains("119番には通報せず"), "{printed}");
    assert!(!printed.contains("119番に通報してください"), "{printed}");
    assert!(printed.contains("【看取り・死亡確認】"), "the requests say what it is: {printed}");
    // A late yes: the office needs to arrange nobody, and nobody mentions 119.
    with(&["call", "accept", "1", "--as", &duty]).code(0);
    wait_for(Duration::from_secs(10), "the office's notice", || {
        desk.printed().contains("医師の手配は不要になりました")
    });
    desk.cycle();
    let printed = desk.printed();
    assert!(!printed.contains("119番通報をご案内しましたが"), "{printed}");
    // As in chat, the note's first word chooses the type.
    with(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "相談 発熱38度"]).code(0);
    assert_eq!(desk.call("2")["kind"], "advice");
    with(&["call", "cancel", "2", "--as", "ns1"]).code(0);
    with(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "発熱39度"]).code(0);
    assert!(desk.call("3").get("kind").is_none(), "urgent is stored as before");
    with(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "x", "--kind", "fast"])
        .code(2);
    let r = with(&["report", "2027", "--format", "json"]).code(0).json();
    let by = &r["calls"]["by_kind"];
    assert_eq!((&by["urgent"], &by["death"], &by["advice"]), (&1.into(), &1.into(), &1.into()));
    assert_eq!(r["calls"]["ended_at_office"], 0, "taken late: {}", r["calls"]);
    assert_eq!(r["calls"]["accepted_by_duty_doctor"], 1, "{}", r["calls"]);
    assert_eq!(r["calls"]["ended_at_119_advice"], 0, "{}", r["calls"]);
}

#[test]
fn in_chat_the_nurse_chooses_a_death_confirmation_by_the_notes_first_word() {
    use crate::bot_e2e::{buttons, has_text, link, message_with, serve_bot};
    use crate::fake_telegram::FakeTelegram;
    const D01: i64 = 1001;
    const NS1: i64 = 4001;
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    for (chat, member) in [(D01, "d01"), (NS1, "ns1")] {
        link(&desk, &fake, chat, member);
    }
    fake.message_from(NS1, "/call 1 看取り 呼吸停止を確認");
    let ask = message_with(&fake, NS1, "山田 花子 様（1番の患者さん）に連絡します");
    fake.press(NS1, ask["message_id"].as_u64().unwrap(), &buttons(&ask)[0]);
    fake.wait(Duration::from_secs(20), "the request to d01", |_| {
        has_text(&fake, D01, "【看取り・死亡確認】1番の依頼: ご対応のお願い")
    });
    assert_eq!(desk.call("1")["kind"], "death");
}

#[test]
fn a_death_confirmation_the_duty_doctor_declines_goes_to_the_fallback_doctor_who_accepts() {
    let desk = Desk::new();
    let duty = desk.duty_now();
    let attending = if duty == "d01" { "d02" } else { "d01" };
    let fallback = ["d05", "d06", "d07"].into_iter().find(|d| *d != duty).unwrap();
    desk.add_patient("山田 花子", attending);
    desk.add_patient("佐藤 一郎", attending);
    // A fallback who is no doctor is named with its file and line, in the office's language.
    let bad = rules_with(&desk, "[escalation.death]\nfallback = \"h1\"\n");
    let mut cmd = desk.command();
    cmd.env("TOBAN_RULES", &bad);
    run(cmd, &["check"]).code(3).stderr_has("association.toml").stderr_has("fallback");
    std::fs::remove_dir_all(&bad).unwrap();
    let rules = rules_with(&desk, &format!("[escalation.death]\nfallback = \"{fallback}\"\n"));
    let with = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env("TOBAN_RULES", &rules);
        run(cmd, args)
    };
    let _serve = desk.serve_with(None, &[("TOBAN_RULES", rules.to_str().unwrap())]);
    let raise = ["call", "raise", "--patient", "1", "--from", "ns1", "--note", "呼吸停止"];
    with(&[&raise[..], &["--kind", "death"]].concat()).code(0);
    let call = desk.call("1");
    let kinds: Vec<&str> =
        call["chain"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["attending", "duty", "fallback", "advice"], "{call}");
    assert_eq!(call["chain"][2]["members"][0], fallback, "{call}");
    with(&["call", "decline", "1", "--as", attending]).code(0);
    with(&["call", "decline", "1", "--as", &duty]).code(0);
    assert_eq!(desk.call("1")["state"]["step"], 2, "{}", desk.call("1"));
    wait_for(Duration::from_secs(10), "the request to the fallback doctor", || {
        desk.printed().contains("看取り対応の予備の先生としてご対応いただけますか")
    });
    with(&["call", "accept", "1", "--as", fallback]).code(0);
    let call = desk.call("1");
    assert_eq!(call["state"]["by"], fallback, "{call}");
    desk.cycle();
    let printed = desk.printed();
    assert!(!printed.contains("死亡確認に伺える医師を手配"), "the office is not needed: {printed}");
    let r = with(&["report", "2027", "--format", "json"]).code(0).json();
    assert_eq!(r["calls"]["accepted_by_fallback"], 1, "{}", r["calls"]);
    assert_eq!(r["calls"]["accepted_by_duty_doctor"], 0, "{}", r["calls"]);
    // An urgent call never asks the fallback doctor.
    with(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "発熱"]).code(0);
    let urgent = desk.call("2");
    assert!(
        urgent["chain"].as_array().unwrap().iter().all(|s| s["kind"] != "fallback"),
        "{urgent}"
    );
}
