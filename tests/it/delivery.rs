//! Delivery that never stalls (issue 14): one member's permanent error (they blocked the bot)
//! delays nobody else, breaks that link once, tells the admins once, and `toban doctor` names it;
//! notices of a member who cannot be reached fall back to the console instead of being lost.

use std::time::{Duration, Instant};

use crate::bot_e2e::{code, has_text};
use crate::fake_telegram::FakeTelegram;
use crate::routing_cli::{Desk, wait_for};

const D01: i64 = 1001;
const DUTY: i64 = 1007;
const H2: i64 = 2002;
const NS1: i64 = 3001;

#[test]
fn a_member_who_blocked_the_bot_delays_nobody_and_the_office_is_told_once() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let duty = desk.duty_now();
    let fake = FakeTelegram::start();
    let env = [("TELOXIDE_TOKEN", "123:TEST"), ("TELOXIDE_API_URL", fake.url.as_str())];
    let _serve = desk.serve_with(None, &env);
    let limit = Duration::from_secs(20);
    for (chat, member) in [(D01, "d01"), (DUTY, duty.as_str()), (H2, "h2"), (NS1, "ns1")] {
        fake.message_from(chat, &format!("/start {}", code(&desk, member)));
        fake.wait(limit, "linked", |_| has_text(&fake, chat, "登録しました"));
    }
    // The duty doctor blocks the bot: Telegram answers 403 to every message to them.
    fake.block(DUTY);

    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    fake.wait(limit, "the attending doctor's request", |_| has_text(&fake, D01, "1番の依頼"));

    // The attending doctor's ten minutes pass: the duty doctor is asked (403), the nurse is told
    // at once all the same.
    let due = Instant::now();
    desk.set_clock("2027-03-02T22:10:00+09:00");
    fake.wait(limit, "the nurse's progress", |_| {
        fake.messages_to(NS1)
            .iter()
            .filter(|m| m["text"].as_str().unwrap().contains("1番の依頼"))
            .count()
            >= 2
    });
    let progress = due.elapsed();
    wait_for(limit, "the duty doctor's request on the console", || {
        desk.all_journal().iter().any(|(to, k)| *to == duty && k.ends_with("/request"))
    });
    assert!(progress < Duration::from_secs(1), "the nurse waited {progress:?}");

    // The duty doctor's fifteen minutes pass: h2 is asked, within a second of it being due.
    let due = Instant::now();
    desk.set_clock("2027-03-02T22:25:00+09:00");
    fake.wait(limit, "h2's request", |_| has_text(&fake, H2, "1番の依頼: ご対応のお願い"));
    let h2 = due.elapsed();
    assert!(h2 < Duration::from_secs(1), "h2 was asked {h2:?} after the deadline");

    // Every later message to the duty doctor went straight to the console: Telegram was tried
    // once for them.
    wait_for(limit, "the moved-on notice on the console", || {
        desk.all_journal().iter().any(|(to, k)| *to == duty && k.ends_with("/moved_on"))
    });
    assert_eq!(fake.refused(), vec![DUTY], "one 403, then the link is known broken");

    // The office is told once, on the console (no linked account), naming the member.
    let told: Vec<String> = desk
        .all_journal()
        .into_iter()
        .filter(|(to, k)| to == "office" && k.starts_with("link_broken/"))
        .map(|(_, k)| k)
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(desk.printed().contains(&format!("（{duty}）の Telegram に届かなくなりました")));

    // The outbox records why, and toban doctor names the link.
    desk.cycle();
    let doctor = desk.run(&["doctor"]);
    let out = doctor.stdout();
    assert!(out.contains("Telegram no longer reaches: Dr "), "{out}");
    assert!(out.contains(&format!(" ({duty}), since ")), "named, with the id: {out}");
    assert!(out.contains("blocked"), "{out}");
    doctor.code(1);
    let links = desk.run(&["links"]).code(0).stdout();
    let line = links.lines().find(|l| l.starts_with(duty.as_str())).unwrap_or_default();
    assert!(line.contains("BROKEN since") && line.contains("blocked"), "{links}");
    assert!(links.lines().any(|l| l.starts_with("h2") && l.ends_with("ok")), "{links}");

    // Linking again mends it: the next message reaches Telegram.
    const NEW_CHAT: i64 = 1077;
    fake.message_from(NEW_CHAT, &format!("/start {}", code(&desk, &duty)));
    fake.wait(limit, "linked again", |_| has_text(&fake, NEW_CHAT, "登録しました"));
    desk.run(&["call", "accept", "1", "--as", "h2"]).code(0);
    fake.wait(limit, "the taken notice on the new chat", |_| {
        has_text(&fake, NEW_CHAT, "1番の依頼")
    });
}

/// The console journal of the store in `data`: (recipient, key).
fn journal_in(data: &std::path::Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(data.join("console.jsonl")).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| (v["to"].as_str().unwrap().to_string(), v["key"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_disk_filled_while_serve_runs_then_freed_resumes_escalation_without_a_restart() {
    let Some(mount) = crate::store_ops::Mount::new("16m") else {
        eprintln!("cannot mount a tmpfs here (not root): the full-disk check is skipped");
        return;
    };
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let duty = desk.duty_now();
    let data = mount.0.join("data");
    let copy =
        std::process::Command::new("cp").arg("-r").arg(desk.data()).arg(&data).status().unwrap();
    assert!(copy.success());
    let data_env = data.to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env("TOBAN_DATA", &data_env);
        crate::helpers::run(cmd, args)
    };
    let err_path = desk.dir.path().join("serve-small-disk.err");
    let mut serve = desk
        .command()
        .env("TOBAN_DATA", &data_env)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .map(|child| crate::routing_cli::Serve { child })
        .unwrap();
    wait_for(Duration::from_secs(20), "serve on the small disk", || {
        std::os::unix::net::UnixStream::connect(data.join("serve.sock")).is_ok()
    });
    run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    wait_for(Duration::from_secs(10), "the attending doctor's request", || {
        journal_in(&data).iter().any(|(to, k)| to == "d01" && k.ends_with("/request"))
    });
    // The disk fills up completely, and writes fail until it has room again.
    let filler = mount.0.join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 32 << 20]);
    let mut failed = false;
    for i in 0..200 {
        let note = format!("追記{i} {}", "あ".repeat(300));
        if run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", &note])
            .out
            .status
            .code()
            != Some(0)
        {
            failed = true;
            break;
        }
    }
    assert!(failed, "the full disk never made a write fail");
    // The deadline passes while the disk is full: a cycle meets it there (its writes fail).
    desk.set_clock("2027-03-02T22:11:00+09:00");
    run(&["cycle"]).code(0);
    std::fs::remove_file(&filler).unwrap();
    // Within seconds of the disk having room, the deadline fires: the duty doctor is asked.
    wait_for(Duration::from_secs(10), "the duty doctor's request after the disk was freed", || {
        journal_in(&data).iter().any(|(to, k)| *to == duty && k.ends_with("/request"))
    });
    assert!(serve.child.try_wait().unwrap().is_none(), "serve kept running");
    let err = std::fs::read_to_string(&err_path).unwrap();
    assert!(err.contains("opened again after a write error"), "{err}");
}

#[test]
fn two_nurses_of_one_station_both_get_every_update_and_a_code_of_another_member_is_refused() {
    const NIGHT: i64 = 3101;
    const DAY: i64 = 3102;
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let fake = FakeTelegram::start();
    let env = [("TELOXIDE_TOKEN", "123:TEST"), ("TELOXIDE_API_URL", fake.url.as_str())];
    let _serve = desk.serve_with(None, &env);
    let limit = Duration::from_secs(20);
    for chat in [NIGHT, DAY] {
        fake.message_from(chat, &format!("/start {}", code(&desk, "ns1")));
        fake.wait(limit, "linked", |_| has_text(&fake, chat, "登録しました"));
    }
    // The night nurse's phone tries a doctor's code: refused, saying why; still the station's.
    fake.message_from(NIGHT, &format!("/start {}", code(&desk, "d03")));
    fake.wait(limit, "the refusal", |_| has_text(&fake, NIGHT, "すでに"));
    let links = desk.run(&["links", "ns1"]).code(0).stdout();
    assert_eq!(links.lines().filter(|l| l.starts_with("ns1")).count(), 2, "{links}");
    assert!(!desk.run(&["links"]).code(0).stdout().contains("d03"), "d03 not linked");

    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    desk.run(&["call", "accept", "1", "--as", "d01"]).code(0);
    for chat in [NIGHT, DAY] {
        fake.wait(limit, "the acceptance on both phones", |_| {
            fake.messages_to(chat).iter().any(|m| {
                let t = m["text"].as_str().unwrap_or("");
                t.contains("1番の依頼") && t.contains("対応")
            })
        });
    }
    // One phone is unlinked (lost): the other keeps getting messages.
    desk.run(&["unlink", "ns1", "--chat", &DAY.to_string()]).code(0);
    desk.add_patient("佐藤 次郎", "d01");
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    fake.wait(limit, "call 2 on the night phone", |_| has_text(&fake, NIGHT, "2番の依頼"));
    desk.run(&["cycle"]).code(0);
    assert!(!has_text(&fake, DAY, "2番の依頼"), "nothing to the unlinked phone");
}
