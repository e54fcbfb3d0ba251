//! The leader's wake-up in release (issue 21): two `toban serve` share one PostgreSQL database,
//! and a call raised through the standby (a nurse's `/call` confirmed on LINE, posted to the
//! standby's webhook) is written by the standby and must reach the attending doctor on Telegram,
//! sent by the leader, at once: PostgreSQL's `pg_notify('toban_wake', …)` wakes the leader's
//! engine (`src/store/wakeup.rs`). The engine's idle cycle is stretched to 60 s
//! (`TOBAN_ENGINE_IDLE_MS`), so only the wake-up can explain a delivery within moments.
//!
//! Figures from the press of 送信する (the `callsend` postback posted) to the request's
//! `sendMessage` arriving at the fake Bot API (its own clock of arrival, not when this loop
//! looked): N calls one at a time through the standby, then N through the leader itself (a
//! local trigger, no notification), for comparison.
//!
//! `cargo bench --bench wakeup`; needs `TOBAN_BENCH_PG` (else `TOBAN_TEST_PG`) naming a
//! database, used under an association of its own that is removed at the end; without one it
//! says so and measures nothing. `TOBAN_BENCH_CALLS=N` (default 50) calls per instance.

mod common;
#[path = "../tests/it/fake_line.rs"]
#[allow(dead_code)]
mod fake_line;
#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;
#[path = "common/calls.rs"]
mod setup;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_line::{FakeLine, SECRET, post_webhook, sign};
use fake_telegram::FakeTelegram;
use setup::percentile;

/// The engine's pause between cycles: a call the leader learned of only at its next cycle
/// would wait up to this long.
const CYCLE_MS: &str = "60000";
/// A delivery later than this was not woken (the cycle is 60 s; a wake-up takes milliseconds).
const WOKEN: Duration = Duration::from_secs(5);
/// How long the setup steps (a leader, linking) may take.
const LIMIT: Duration = Duration::from_secs(60);
const CLOCK: &str = "2027-03-02T22:00:00+09:00";
const NS1_LINE: &str = "U0000000000000000000000000000ns1";
const D01_CHAT: i64 = 1001;
/// What the attending doctor's request says (after its call's number).
const REQUEST: &str = "番の依頼: 在宅当番のお願い";

/// The association's records in PostgreSQL, and a directory per instance (its socket and
/// address) plus one for commands.
struct Db {
    dir: tempfile::TempDir,
    url: String,
    association: String,
}

impl Db {
    fn new(url: &str) -> Db {
        let dir = tempfile::tempdir().expect("tempdir");
        Db { dir, url: url.to_string(), association: format!("wakeup-{}", std::process::id()) }
    }

    fn command(&self, data: &str) -> Command {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        let mut cmd = Command::new(common::BIN);
        cmd.current_dir(self.dir.path())
            .env("TOBAN_RULES", Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
            .env("TOBAN_STORE", format!("{}{sep}association={}", self.url, self.association))
            .env("TOBAN_DATA", self.data(data))
            .env("TOBAN_CLOCK", CLOCK);
        cmd
    }

    fn data(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `toban ARGS` on the database; panics with its stderr if it fails.
    fn run(&self, args: &[&str]) -> String {
        let out = self.command("cli").args(args).output().expect("run toban");
        assert!(out.status.success(), "toban {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn code(&self, member: &str) -> String {
        let v: serde_json::Value =
            serde_json::from_str(&self.run(&["invite", member, "--format", "json"])).unwrap();
        v["code"].as_str().expect("an invitation code").to_string()
    }

    /// `toban serve` `name` (its stderr in `name.err`), once it listens, with its address.
    fn serve(&self, name: &str, env: &[(&str, String)]) -> (Serve, String) {
        let err = std::fs::File::create(self.data(&format!("{name}.err"))).unwrap();
        let mut cmd = self.command(name);
        cmd.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
        let child = Serve(common::spawn_serve(&mut cmd, Stdio::from(err)));
        let addr = self.data(name).join("serve.addr");
        let read = || std::fs::read_to_string(&addr).ok().filter(|a| !a.trim().is_empty());
        wait(LIMIT, &format!("serve {name} to listen"), || read().is_some());
        (child, read().unwrap().trim().to_string())
    }
}

/// A running `toban serve`, killed when dropped (a failed run leaves none behind).
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.execute("DELETE FROM kv WHERE association = $1", &[&self.association]);
        }
    }
}

/// Waits until `ok`, polling every millisecond; panics after `limit`.
fn wait(limit: Duration, what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Which of `pids` holds the association's lock (leads), if one does; `toban serve` names its
/// sessions `toban serve PID`.
fn leader(db: &mut postgres::Client, pids: &[u32]) -> Option<u32> {
    let rows = db
        .query(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
             WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'toban serve %'",
            &[],
        )
        .expect("pg_locks");
    rows.iter()
        .filter_map(|r| r.get::<_, String>(0).strip_prefix("toban serve ")?.parse().ok())
        .find(|pid| pids.contains(pid))
}

/// The attending doctor's requests at the fake Bot API, with their time of arrival.
fn requests(tg: &FakeTelegram) -> Vec<Instant> {
    tg.sent()
        .into_iter()
        .filter(|s| s.method == "sendmessage" && s.body["chat_id"] == D01_CHAT)
        .filter(|s| s.body["text"].as_str().is_some_and(|t| t.contains(REQUEST)))
        .map(|s| s.at)
        .collect()
}

/// The chat: LINE for the nurse (through whichever instance's webhook), Telegram for d01.
struct Chat {
    tg: FakeTelegram,
    line: FakeLine,
}

impl Chat {
    /// Posts `event` to the webhook at `base`, signed as LINE does.
    fn post(&self, base: &str, event: serde_json::Value) {
        let body = FakeLine::body(&[event]);
        assert_eq!(post_webhook(base, &body, Some(&sign(SECRET, &body))), 200, "the webhook");
    }

    fn shown_to_nurse(&self, needle: &str) -> usize {
        self.line.texts(NS1_LINE).iter().filter(|t| t.contains(needle)).count()
    }

    /// The nurse raises a call for `patient` through `base`: `/call`, then 送信する. Returns
    /// the time from the press to the request's arrival at d01's Telegram.
    fn raise(&self, base: &str, patient: usize) -> Duration {
        let asked = self.shown_to_nurse("に連絡します");
        self.post(base, self.line.text(NS1_LINE, &format!("/call {patient} 発熱39度")));
        wait(LIMIT, "the confirmation", || self.shown_to_nurse("に連絡します") > asked);
        let before = requests(&self.tg).len();
        let pressed = Instant::now();
        self.post(base, self.line.postback(NS1_LINE, &format!("callsend:{patient}")));
        // A cycle is 60 s: wait longer, so that a missed wake-up shows as such, not as a panic.
        wait(Duration::from_secs(90), "the request at Telegram", || {
            requests(&self.tg).len() > before
        });
        requests(&self.tg)[before].duration_since(pressed)
    }
}

/// Prints one line of figures; whether every delivery was within [`WOKEN`].
fn report(name: &str, mut times: Vec<Duration>) -> bool {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let late = times.iter().filter(|t| **t > WOKEN).count();
    println!(
        "{name:<44} {:>4} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>6}",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
        late
    );
    late == 0
}

fn main() {
    let calls: usize =
        std::env::var("TOBAN_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let url = ["TOBAN_BENCH_PG", "TOBAN_TEST_PG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()));
    let Some(url) = url else {
        println!(
            "toban wake-up benchmark skipped: it needs PostgreSQL; set \
             TOBAN_BENCH_PG=postgres://USER@127.0.0.1/DB (or TOBAN_TEST_PG)"
        );
        return;
    };
    let db = Db::new(&url);
    db.run(&["plan", "2027"]);
    db.run(&["rota", "publish", "2027"]);
    for i in 0..2 * calls {
        db.run(&common::patient_add(&format!("患者 {i}"), "d01"));
    }
    let chat = Chat { tg: FakeTelegram::start(), line: FakeLine::start() };
    let mut env = chat.line.env();
    env.extend([
        ("TELOXIDE_TOKEN", "123:WAKEUP".to_string()),
        ("TELOXIDE_API_URL", chat.tg.url.clone()),
        ("TOBAN_ENGINE_IDLE_MS", CYCLE_MS.to_string()),
    ]);
    let serves = [db.serve("a", &env), db.serve("b", &env)];
    let pids = [serves[0].0.0.id(), serves[1].0.0.id()];
    let mut pg = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    wait(LIMIT, "a leader", || leader(&mut pg, &pids).is_some());
    let i = usize::from(leader(&mut pg, &pids) == Some(pids[1]));
    let (leader_addr, standby_addr) = (serves[i].1.clone(), serves[1 - i].1.clone());

    // d01 on Telegram (the leader's poller), the nurse on LINE.
    chat.tg.message_from(D01_CHAT, &format!("/start {}", db.code("d01")));
    wait(LIMIT, "d01 linked on Telegram", || {
        let texts = chat.tg.messages_to(D01_CHAT);
        texts.iter().any(|m| m["text"].as_str().is_some_and(|t| t.contains("として登録しました")))
    });
    chat.post(&standby_addr, chat.line.text(NS1_LINE, &db.code("ns1")));
    wait(LIMIT, "the nurse linked on LINE", || chat.shown_to_nurse("として登録しました") > 0);

    println!(
        "toban wake-up benchmark: two `serve` on one PostgreSQL database, the engine's idle \
         cycle {} s; a call confirmed on LINE → the request at d01's Telegram, sent by the leader",
        CYCLE_MS.parse::<u64>().unwrap() / 1000
    );
    println!(
        "{:<44} {:>4} {:>8} {:>8} {:>8} {:>8} {:>6}",
        "raised through", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", ">5 s"
    );
    let through = |addr: &str, first: usize| -> Vec<Duration> {
        (first..first + calls).map(|p| chat.raise(addr, p)).collect()
    };
    let by_standby = through(&standby_addr, 1);
    let by_leader = through(&leader_addr, calls + 1);
    let mut ok = report("the standby (woken by LISTEN/NOTIFY)", by_standby);
    ok &= report("the leader itself (a local trigger)", by_leader);
    drop(serves);
    drop(db);
    if !ok {
        println!("FAILED: a request waited for the engine's next cycle, not for the wake-up");
        std::process::exit(1);
    }
}
