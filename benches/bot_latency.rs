//! Latency through the real `toban serve` and the real teloxide client: from the moment a call
//! is raised (`toban call raise`, handed to serve over its control socket) to the duty doctor's
//! `sendMessage` arriving at a fake Bot API server on 127.0.0.1. 200 calls, one at a time.
//!
//! `cargo bench --bench bot_latency`; `TOBAN_BENCH_CALLS=N` changes the number of calls. The
//! figure includes starting the `toban` CLI process for each call.

#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_telegram::FakeTelegram;

mod common;

use common::{BIN, toban};

/// The call's number of a doctor's request ("【至急】12番の依頼: 在宅当番のお願い…"), if `text`
/// is one.
fn request_number(text: &str) -> Option<usize> {
    let (head, _) = text.split_once("番の依頼: 在宅当番のお願い")?;
    let digits = head.len() - head.bytes().rev().take_while(u8::is_ascii_digit).count();
    head[digits..].parse().ok()
}

fn main() {
    let calls: usize =
        std::env::var("TOBAN_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    toban(d, &["plan", "2027"]);
    toban(d, &["rota", "publish", "2027"]);
    let oncall: serde_json::Value =
        serde_json::from_str(&toban(d, &["oncall", "--format", "json"])).unwrap();
    let duty = oncall["duty"][0]["id"].as_str().unwrap().to_string();
    // Every patient's attending doctor is away, so the first request goes to the duty doctor.
    let attending = if duty == "d01" { "d02" } else { "d01" };
    toban(d, &["absence", "add", attending, "2027-03-01", "2027-03-31"]);
    for i in 0..calls {
        toban(d, &common::patient_add(&format!("患者 {i}"), attending));
    }
    let invite: serde_json::Value =
        serde_json::from_str(&toban(d, &["invite", &duty, "--format", "json"])).unwrap();
    let code = invite["code"].as_str().unwrap();

    let fake = FakeTelegram::start();
    let mut serve: Child = common::spawn_serve(
        Command::new(BIN)
            .current_dir(d)
            .env("TOBAN_RULES", Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
            .env("TOBAN_DATA", d.join("data"))
            .env("TOBAN_CLOCK", "2027-03-02T22:00:00+09:00")
            .env("TELOXIDE_TOKEN", "123:BENCH")
            .env("TELOXIDE_API_URL", &fake.url),
        Stdio::null(),
    );
    const CHAT: i64 = 4242;
    fake.message_from(CHAT, &format!("/start {code}"));
    fake.wait(Duration::from_secs(20), "linking", |s| {
        s.iter().any(|m| {
            m.body["chat_id"] == CHAT
                && m.body["text"].as_str().unwrap_or("").contains("登録しました")
        })
    });

    let mut latencies = Vec::with_capacity(calls);
    for i in 0..calls {
        let is_request = |m: &fake_telegram::Sent| {
            m.body["chat_id"] == CHAT
                && request_number(m.body["text"].as_str().unwrap_or("")) == Some(i + 1)
        };
        let start = Instant::now();
        toban(
            d,
            &[
                "call",
                "raise",
                "--patient",
                &(i + 1).to_string(),
                "--from",
                "ns1",
                "--note",
                "往診依頼",
            ],
        );
        fake.wait(Duration::from_secs(10), "the request", |s| s.iter().any(is_request));
        let arrived = fake.sent().into_iter().find(is_request).map(|m| m.at).unwrap();
        latencies.push(arrived.duration_since(start));
    }
    let _ = serve.kill();
    let _ = serve.wait();
    latencies.sort_unstable();
    let p =
        |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "toban bot latency: {calls} calls, raise (CLI → serve) → duty doctor's sendMessage at a fake Bot API on 127.0.0.1"
    );
    println!(
        "  p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        p(0.5),
        p(0.9),
        p(0.99),
        p(1.0)
    );
}
