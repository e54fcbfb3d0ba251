//! Telegram down for minutes: the real `toban serve` and teloxide against the fake Bot API,
//! which fails every send and poll in turn with 500, 429 (retry after 2 s), a dropped
//! connection, 502, and a hang longer than the client's timeout. Calls are raised and escalate
//! (test clock) during the outage. Afterwards every message of the outbox must have reached
//! Telegram exactly once, and the admin must have been told that Telegram was failing.
//!
//! `cargo bench --bench outage` (default 180 s down; `TOBAN_OUTAGE_SECONDS=N`).

#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, toban};
use fake_telegram::FakeTelegram;

fn set_clock(d: &Path, at: &str) {
    let tmp = d.join("clock.tmp");
    std::fs::write(&tmp, at).unwrap();
    std::fs::rename(&tmp, d.join("clock")).unwrap();
}

fn main() {
    let outage: u64 =
        std::env::var("TOBAN_OUTAGE_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(180);
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    toban(d, &["plan", "2027"]);
    toban(d, &["rota", "publish", "2027"]);
    for i in 0..5 {
        toban(
            d,
            &[
                "patient",
                "add",
                "--name",
                &format!("患者 {i}"),
                "--address",
                "匝瑳市",
                "--attending",
                &format!("d0{}", i + 1),
                "--consent",
                "2026-04-01",
            ],
        );
    }
    let members: Vec<String> = (1..=10)
        .map(|i| format!("d{i:02}"))
        .chain(["ns1", "h1", "h2", "h3", "office"].map(String::from))
        .collect();
    let codes: Vec<String> = members
        .iter()
        .map(|m| {
            let v: serde_json::Value =
                serde_json::from_str(&toban(d, &["invite", m, "--format", "json"])).unwrap();
            v["code"].as_str().unwrap().to_string()
        })
        .collect();
    // Thursday evening: no reminder or handover message falls due before everyone is linked, so
    // every notice of the outbox is one that must reach Telegram.
    set_clock(d, "2027-03-04T22:00:00+09:00");
    let fake = FakeTelegram::start();
    let err = std::fs::File::create(d.join("serve.err")).unwrap();
    let mut serve = Command::new(BIN)
        .current_dir(d)
        .env("TOBAN_RULES", Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
        .env("TOBAN_DATA", d.join("data"))
        .env("TOBAN_CLOCK", format!("file:{}", d.join("clock").display()))
        .env("TELOXIDE_TOKEN", "123:OUTAGE")
        .env("TELOXIDE_API_URL", &fake.url)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::from(err))
        .spawn()
        .expect("serve");
    for (i, code) in codes.iter().enumerate() {
        let chat = 9000 + i as i64;
        fake.message_from(chat, &format!("/start {code}"));
        fake.wait(Duration::from_secs(30), "linking", |s| {
            s.iter().any(|m| m.body["chat_id"] == chat)
        });
    }
    let office = 9000 + members.iter().position(|m| m == "office").unwrap() as i64;
    let linked = fake.messages_to(office).len();
    let before: usize = (0..members.len()).map(|i| fake.messages_to(9000 + i as i64).len()).sum();
    println!(
        "toban outage: {} members linked; Telegram down for {outage} s from now",
        members.len()
    );

    let started = Instant::now();
    fake.outage(Duration::from_secs(outage));
    // Calls raised and escalating during the outage (each step's time passes on the test clock).
    let mut minutes = 0;
    for p in 1..=5 {
        toban_clocked(
            d,
            &["call", "raise", "--patient", &p.to_string(), "--from", "ns1", "--note", "発熱"],
        );
        for _ in 0..3 {
            minutes += 16;
            let t = chrono::DateTime::parse_from_rfc3339("2027-03-04T22:00:00+09:00").unwrap()
                + chrono::Duration::minutes(minutes);
            set_clock(d, &t.to_rfc3339());
            std::thread::sleep(Duration::from_secs(outage / 20));
        }
    }
    while started.elapsed() < Duration::from_secs(outage) {
        std::thread::sleep(Duration::from_millis(200));
    }
    let recovered = Instant::now();
    println!(
        "  Telegram back after {:.0} s; {} requests were failed on purpose",
        started.elapsed().as_secs_f64(),
        fake.failed()
    );
    // Wait until nothing new arrives for 90 s (longer than the longest back-off, 60 s).
    let count =
        || -> usize { (0..members.len()).map(|i| fake.messages_to(9000 + i as i64).len()).sum() };
    let mut last = count();
    let mut quiet_since = Instant::now();
    let mut last_delivery = recovered;
    while quiet_since.elapsed() < Duration::from_secs(90) {
        std::thread::sleep(Duration::from_millis(500));
        let n = count();
        if n != last {
            last = n;
            quiet_since = Instant::now();
            last_delivery = Instant::now();
        }
    }
    let _ = serve.kill();
    let _ = serve.wait();
    let store = toban::store::SledStore::open(&d.join("data")).expect("store");
    use toban::store::prelude::*;
    let notices = store.notices().expect("outbox");
    let unsent = notices.iter().filter(|n| n.is_pending()).count();
    // A notice still undelivered [delivery] dead_letter_minutes after it was made (on the test
    // clock, which moves 16 minutes a step here) is given up on Telegram: printed on the
    // console instead and recorded; the rest must reach Telegram exactly once.
    let dead: Vec<_> = notices.iter().filter(|n| n.dead_at.is_some()).collect();
    let journal = std::fs::read_to_string(d.join("data/console.jsonl")).unwrap_or_default();
    let dead_on_console = dead.iter().all(|n| journal.contains(&format!("\"{}\"", n.notice.key)));
    let by_telegram = notices.iter().filter(|n| n.sent_at.is_some()).count();
    let delivered = count() - before;
    let admin_told = fake.messages_to(office).len() > linked
        && std::fs::read_to_string(d.join("serve.err")).unwrap_or_default().contains("ADMIN ALERT");
    let mut texts: Vec<(i64, String)> = (0..members.len())
        .flat_map(|i| {
            let chat = 9000 + i as i64;
            fake.messages_to(chat)
                .into_iter()
                .map(move |m| (chat, m["text"].as_str().unwrap_or("").to_string()))
        })
        .collect();
    let all = texts.len();
    texts.sort();
    texts.dedup();
    println!(
        "  outbox: {} notices, {unsent} unsent, {} given up (on the console: {dead_on_console}); delivered by Telegram after linking: {delivered}; duplicates: {}; admin told: {admin_told}; last delivery {:.0} s after recovery",
        notices.len(),
        dead.len(),
        all - texts.len(),
        last_delivery.duration_since(recovered).as_secs_f64()
    );
    // Every notice once: the outbox's count (the link welcomes are replies, not notices).
    let ok = unsent == 0
        && delivered == by_telegram
        && dead_on_console
        && all == texts.len()
        && admin_told;
    if !ok {
        eprintln!(
            "FAILED: a message was lost or arrived twice, one given up is not on the console, or the admin was not told"
        );
        std::process::exit(1);
    }
    println!(
        "  every message arrived exactly once (by Telegram, or given up and printed on the console)"
    );
}

/// `toban ARGS` with the test clock file (handed to serve over its control socket).
fn toban_clocked(d: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .current_dir(d)
        .env("TOBAN_RULES", Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
        .env("TOBAN_DATA", d.join("data"))
        .env("TOBAN_CLOCK", format!("file:{}", d.join("clock").display()))
        .args(args)
        .output()
        .expect("run toban");
    assert!(out.status.success(), "toban {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
