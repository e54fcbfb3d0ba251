//! A channel down for minutes (issue 19: "the delivery guarantees hold for LINE and the webhook
//! notifier too: an outage of minutes: nothing lost"): the real `toban serve` against a fake of
//! each channel on 127.0.0.1: Telegram (the fake Bot API, teloxide), LINE (the fake Messaging
//! API, `LINE_API_URL`) and a webhook (the fake phone gateway, `[[webhook]]` for every notice).
//! Each fake fails every send in turn with 500, 429, a dropped connection, 502 and a hang longer
//! than the client's timeout (Telegram's polling too). Calls are raised and escalate (test
//! clock) during the outage.
//!
//! Afterwards every notice of the outbox must have reached the channel exactly once, or have been
//! given up on it after `[delivery] dead_letter_minutes` (of the test clock, which moves 16
//! minutes a step here) and be on the console; the admin must have been told the channel was
//! failing (for the webhook: that notices were given up on it, so no phone rang); and the time
//! from the recovery to the last delivery is printed.
//!
//! The channels run at once, each with its own store, clock, `serve` and fake.
//! `cargo bench --bench outage` (default 180 s down; `TOBAN_OUTAGE_SECONDS=N`;
//! `TOBAN_OUTAGE_CHANNELS=telegram,line,webhook` for some of them).

mod common;
#[path = "../tests/it/fake_line.rs"]
#[allow(dead_code)]
mod fake_line;
#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;
#[path = "../tests/it/fake_webhook.rs"]
#[allow(dead_code)]
mod fake_webhook;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_line::FakeLine;
use fake_telegram::FakeTelegram;
use fake_webhook::FakeWebhook;
use toban::store::prelude::*;
use toban::store::{RouteMark, SledStore};

use common::BIN;

const START: &str = "2027-03-04T22:00:00+09:00";
const LIMIT: Duration = Duration::from_secs(60);

/// The members linked on the chat channels (all of them).
fn members() -> Vec<String> {
    (1..=10)
        .map(|i| format!("d{i:02}"))
        .chain(["ns1", "h1", "h2", "h3", "office"].map(String::from))
        .collect()
}

/// One association's files: a store, a clock and rules (the shipped ones, plus `extra` files).
struct Desk {
    _dir: tempfile::TempDir,
    d: PathBuf,
    rules: PathBuf,
}

impl Desk {
    fn new(extra: &[(&str, String)]) -> Desk {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().to_path_buf();
        let rules = d.join("rules");
        std::fs::create_dir_all(&rules).unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        for f in ["association.toml", "members.toml"] {
            std::fs::copy(shipped.join(f), rules.join(f)).unwrap();
        }
        for (name, text) in extra {
            std::fs::write(rules.join(name), text).unwrap();
        }
        let desk = Desk { _dir: dir, d, rules };
        desk.set_clock(START);
        desk.run(&["plan", "2027"]);
        desk.run(&["rota", "publish", "2027"]);
        for i in 0..5 {
            let (name, attending) = (format!("患者 {i}"), format!("d0{}", i + 1));
            desk.run(&common::patient_add(&name, &attending));
        }
        desk
    }

    fn set_clock(&self, at: &str) {
        let tmp = self.d.join("clock.tmp");
        std::fs::write(&tmp, at).unwrap();
        std::fs::rename(&tmp, self.d.join("clock")).unwrap();
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(&self.d)
            .env("TOBAN_RULES", &self.rules)
            .env("TOBAN_DATA", self.d.join("data"))
            .env("TOBAN_CLOCK", format!("file:{}", self.d.join("clock").display()));
        cmd
    }

    /// `toban ARGS`; panics with its stderr if it fails.
    fn run(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run toban");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "toban {args:?}: {err}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn code(&self, member: &str) -> String {
        let v: serde_json::Value =
            serde_json::from_str(&self.run(&["invite", member, "--format", "json"])).unwrap();
        v["code"].as_str().unwrap().to_string()
    }

    fn serve(&self, env: &[(&str, String)]) -> Child {
        let err = std::fs::File::create(self.d.join("serve.err")).unwrap();
        let mut cmd = self.command();
        cmd.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
        let child = common::spawn_serve(&mut cmd, Stdio::from(err));
        let addr = self.d.join("data/serve.addr");
        let limit = Instant::now() + LIMIT;
        while std::fs::read_to_string(&addr).map_or(true, |a| a.trim().is_empty()) {
            assert!(Instant::now() < limit, "serve did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        child
    }

    fn logged(&self, what: &str) -> bool {
        std::fs::read_to_string(self.d.join("serve.err")).unwrap_or_default().contains(what)
    }
}

/// A channel under test: its fake, and what `serve` needs to use it.
enum Fake {
    Telegram(FakeTelegram),
    Line(FakeLine),
    Webhook(FakeWebhook),
}

/// LINE user ids and Telegram chats of the members, by position.
fn line_user(i: usize) -> String {
    format!("U{:032}", 9000 + i)
}

impl Fake {
    fn name(&self) -> &'static str {
        match self {
            Fake::Telegram(_) => "Telegram",
            Fake::Line(_) => "LINE",
            Fake::Webhook(_) => "webhook",
        }
    }

    /// The desk: the webhook's rules file for the gateway.
    fn desk(&self) -> Desk {
        match self {
            Fake::Webhook(hook) => Desk::new(&[(
                "webhooks.toml",
                format!(
                    "[[webhook]]\nid = \"phone\"\nurl = \"{}\"\nsecret_env = \"{}\"\n",
                    hook.url,
                    fake_webhook::SECRET_VAR
                ),
            )]),
            _ => Desk::new(&[]),
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        match self {
            Fake::Telegram(t) => {
                vec![("TELOXIDE_TOKEN", "123:OUTAGE".into()), ("TELOXIDE_API_URL", t.url.clone())]
            }
            Fake::Line(l) => l.env(),
            Fake::Webhook(_) => {
                vec![(fake_webhook::SECRET_VAR, fake_webhook::SECRET.into())]
            }
        }
    }

    /// Links every member (chats), once `serve` listens.
    fn link(&self, desk: &Desk, members: &[String]) {
        for (i, m) in members.iter().enumerate() {
            let code = desk.code(m);
            match self {
                Fake::Telegram(t) => {
                    let chat = 9000 + i as i64;
                    t.message_from(chat, &format!("/start {code}"));
                    t.wait(LIMIT, "linking", |s| s.iter().any(|m| m.body["chat_id"] == chat));
                }
                Fake::Line(l) => {
                    let user = line_user(i);
                    let body = FakeLine::body(&[l.text(&user, &code)]);
                    let base = std::fs::read_to_string(desk.d.join("data/serve.addr")).unwrap();
                    let signed = fake_line::sign(fake_line::SECRET, &body);
                    assert_eq!(fake_line::post_webhook(base.trim(), &body, Some(&signed)), 200);
                    l.wait_for(LIMIT, &user, "として登録しました");
                }
                Fake::Webhook(_) => return,
            }
        }
    }

    fn outage(&self, d: Duration) {
        match self {
            Fake::Telegram(t) => t.outage(d),
            Fake::Line(l) => l.outage(d),
            Fake::Webhook(h) => h.outage(d),
        }
    }

    fn failed(&self) -> usize {
        match self {
            Fake::Telegram(t) => t.failed(),
            Fake::Line(l) => l.failed(),
            Fake::Webhook(h) => h.failed(),
        }
    }

    /// What the channel took, one entry per delivery: (recipient, what it showed).
    fn taken(&self, members: &[String]) -> Vec<(String, String)> {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        let mut taken = Vec::new();
        for (i, m) in members.iter().enumerate() {
            match self {
                Fake::Telegram(t) => taken.extend(
                    t.messages_to(9000 + i as i64).iter().map(|v| (m.clone(), text(&v["text"]))),
                ),
                Fake::Line(l) => {
                    taken.extend(l.texts(&line_user(i)).into_iter().map(|t| (m.clone(), t)))
                }
                Fake::Webhook(_) => {}
            }
        }
        if let Fake::Webhook(h) = self {
            taken.extend(h.received().iter().map(|v| (text(&v["member"]), text(&v["key"]))));
        }
        taken
    }

    /// How many deliveries the channel accepted (a LINE push shows one notice).
    fn delivered(&self, members: &[String]) -> usize {
        match self {
            Fake::Line(l) => (0..members.len())
                .map(|i| l.pushes_to(&line_user(i)).iter().filter(|p| p.1 == 200).count())
                .sum(),
            _ => self.taken(members).len(),
        }
    }
}

/// What one channel's outage came to.
struct Report {
    lines: Vec<String>,
    ok: bool,
}

/// Links everyone, takes the channel down for `outage` while five calls are raised and
/// escalate, waits until nothing new arrives for 90 s, and checks the outbox against what the
/// channel took.
fn run(fake: Fake, outage: Duration) -> Report {
    let name = fake.name();
    let members = members();
    let desk = fake.desk();
    let mut serve = desk.serve(&fake.env());
    fake.link(&desk, &members);
    let office_before = fake.taken(&members).iter().filter(|(m, _)| *m == "office").count();
    let before = fake.delivered(&members);
    let started = Instant::now();
    fake.outage(outage);
    // Calls raised and escalating during the outage (each step's time passes on the test clock).
    let mut minutes = 0;
    for p in 1..=5 {
        desk.run(&[
            "call",
            "raise",
            "--patient",
            &p.to_string(),
            "--from",
            "ns1",
            "--note",
            "発熱",
        ]);
        for _ in 0..3 {
            minutes += 16;
            let t = chrono::DateTime::parse_from_rfc3339(START).unwrap()
                + chrono::Duration::minutes(minutes);
            desk.set_clock(&t.to_rfc3339());
            std::thread::sleep(outage / 20);
        }
    }
    while started.elapsed() < outage {
        std::thread::sleep(Duration::from_millis(200));
    }
    let recovered = Instant::now();
    let failed = fake.failed();
    // Wait until nothing new arrives for 90 s (longer than the longest back-off, 60 s).
    let mut last = fake.delivered(&members);
    let (mut quiet_since, mut last_delivery) = (Instant::now(), recovered);
    while quiet_since.elapsed() < Duration::from_secs(90) {
        std::thread::sleep(Duration::from_millis(500));
        let n = fake.delivered(&members);
        if n != last {
            (last, quiet_since, last_delivery) = (n, Instant::now(), Instant::now());
        }
    }
    let _ = serve.kill();
    let _ = serve.wait();
    let store = SledStore::open(&desk.d.join("data")).expect("store");
    let notices = store.notices().expect("outbox");
    let unsent = notices.iter().filter(|n| n.is_pending()).count();
    let journal = std::fs::read_to_string(desk.d.join("data/console.jsonl")).unwrap_or_default();
    let on_console = |key: &str| journal.contains(&format!("\"{key}\""));
    // Given up on the channel (after dead_letter_minutes of the test clock), and by it.
    let (given_up, by_channel) = match fake {
        Fake::Webhook(_) => {
            // The webhook is a route of its own: the console is the notice's other route.
            let marks: Vec<Option<RouteMark>> = notices
                .iter()
                .map(|n| {
                    let marks = store.route_marks(n.seq).expect("route marks");
                    marks.into_iter().find(|(r, _)| r == "webhook:phone").map(|(_, m)| m)
                })
                .collect();
            let dead = notices
                .iter()
                .zip(&marks)
                .filter(|(_, m)| matches!(m, Some(RouteMark::Dead(_))))
                .map(|(n, _)| n)
                .collect::<Vec<_>>();
            (dead, marks.iter().filter(|m| **m == Some(RouteMark::Sent)).count())
        }
        _ => (
            notices.iter().filter(|n| n.dead_at.is_some()).collect(),
            notices.iter().filter(|n| n.sent_at.is_some()).count(),
        ),
    };
    let given_up_on_console = given_up.iter().all(|n| on_console(&n.notice.key));
    let delivered = fake.delivered(&members) - before;
    let mut taken = fake.taken(&members);
    let all = taken.len();
    taken.sort();
    taken.dedup();
    let duplicates = all - taken.len();
    // The 復旧 message to the office; for the webhook (not the office's chat), the alert that
    // notices were given up on it (no phone rang), if any were.
    let office_told = match fake {
        Fake::Webhook(_) => given_up.is_empty() || journal.contains("\"webhook_given_up/phone/"),
        _ => fake.taken(&members).iter().filter(|(m, _)| *m == "office").count() > office_before,
    };
    let admin_told = office_told && desk.logged("ADMIN ALERT");
    let ok = unsent == 0
        && delivered == by_channel
        && given_up_on_console
        && duplicates == 0
        && admin_told;
    let lines = vec![
        format!(
            "{name}: down {:.0} s, {failed} requests failed on purpose; outbox {} notices, \
             {unsent} unsent, {} given up (on the console: {given_up_on_console}); delivered by \
             {name} after linking: {delivered} (the outbox: {by_channel}); duplicates: \
             {duplicates}; admin told: {admin_told}; last delivery {:.0} s after recovery",
            outage.as_secs_f64(),
            notices.len(),
            given_up.len(),
            last_delivery.duration_since(recovered).as_secs_f64()
        ),
        if ok {
            format!(
                "  {name}: every notice arrived exactly once (or was given up and printed on the console)"
            )
        } else {
            format!(
                "  {name}: FAILED: a notice was lost or arrived twice, one given up is not on the console, or the admin was not told"
            )
        },
    ];
    Report { lines, ok }
}

fn main() {
    let outage = Duration::from_secs(
        std::env::var("TOBAN_OUTAGE_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(180),
    );
    let chosen =
        std::env::var("TOBAN_OUTAGE_CHANNELS").unwrap_or_else(|_| "telegram,line,webhook".into());
    let mut fakes = Vec::new();
    for c in chosen.split(',').map(str::trim) {
        fakes.push(match c {
            "telegram" => Fake::Telegram(FakeTelegram::start()),
            "line" => Fake::Line(FakeLine::start()),
            "webhook" => Fake::Webhook(FakeWebhook::start()),
            other => {
                eprintln!("TOBAN_OUTAGE_CHANNELS: '{other}' is not telegram, line or webhook");
                std::process::exit(2);
            }
        });
    }
    println!(
        "toban outage: {} members; {} down for {} s each, at once",
        members().len(),
        fakes.iter().map(Fake::name).collect::<Vec<_>>().join(", "),
        outage.as_secs()
    );
    let runs: Vec<_> =
        fakes.into_iter().map(|f| std::thread::spawn(move || run(f, outage))).collect();
    let mut ok = true;
    for r in runs {
        let report = r.join().expect("a channel's run panicked");
        ok &= report.ok;
        for l in report.lines {
            println!("  {l}");
        }
    }
    if !ok {
        std::process::exit(1);
    }
}
