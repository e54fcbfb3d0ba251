//! What only the leader does when several `toban serve` share one PostgreSQL database (issue
//! 21), beyond the engine and the poller (`leader_failover`): the scheduled backups, and being
//! woken at once (LISTEN/NOTIFY) by what a standby wrote. Needs `TOBAN_TEST_PG`; skipped
//! without it, except under CI. The instances are `leader_failover`'s, each in a working
//! directory of its own, as on a machine of its own (its `backups/` there).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::bot_e2e::has_text;
use crate::fake_line::{FakeLine, SECRET, post_webhook, sign};
use crate::fake_telegram::FakeTelegram;
use crate::leader_failover::{Pg, test_pg};
use crate::routing_cli::{Serve, wait_for};

/// The scheduled backups in `name`'s working directory.
fn backups(pg: &Pg, name: &str) -> Vec<PathBuf> {
    let dir = pg.host(name).join("backups");
    let Ok(list) = std::fs::read_dir(dir) else { return Vec::new() };
    list.flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect()
}

/// Starts `a` and `b` with `env`; returns them with the leader's index, once the other stands by.
fn two(pg: &mut Pg, env: &[(&str, &str)]) -> ([Serve; 2], usize) {
    let serves = [pg.serve("a", env), pg.serve("b", env)];
    let pids = [serves[0].child.id(), serves[1].child.id()];
    wait_for(Duration::from_secs(20), "a leader", || pg.leader(&pids).is_some());
    let i = usize::from(pg.leader(&pids) == Some(pids[1]));
    wait_for(Duration::from_secs(30), "the other to stand by", || pg.standing(pids[1 - i]));
    (serves, i)
}

const NAMES: [&str; 2] = ["a", "b"];

// The shipped rules back up every 24 hours; under the test clock each instance looks five
// times a second whether one is due.
#[test]
fn only_the_leader_writes_the_scheduled_backups_and_a_new_leader_takes_them_on() {
    let Some(url) = test_pg() else { return };
    let mut pg = Pg::new(&url);
    pg.run(&["plan", "2027"]).code(0);
    let (mut serves, i) = two(&mut pg, &[]);
    let (leader, standby) = (NAMES[i], NAMES[1 - i]);
    wait_for(Duration::from_secs(20), "the leader's first backup", || {
        backups(&pg, leader).len() == 1
    });
    // A day later the next is due: the leader writes it; the standby, which has looked many
    // times since it started, has written none.
    pg.desk.set_clock("2027-03-03T22:30:00+09:00");
    wait_for(Duration::from_secs(20), "the leader's second backup", || {
        backups(&pg, leader).len() == 2
    });
    assert_eq!(backups(&pg, standby), Vec::<PathBuf>::new(), "the standby backed up too");
    let log = std::fs::read_to_string(pg.data(&format!("{standby}.err"))).unwrap();
    assert!(!log.contains("backup written"), "{log}");
    // The leader killed, the other leads and takes the backups on (none in its directory yet).
    serves[i].child.kill().unwrap();
    serves[i].child.wait().unwrap();
    let other = serves[1 - i].child.id();
    wait_for(Duration::from_secs(10), "the takeover", || pg.leader(&[other]).is_some());
    wait_for(Duration::from_secs(20), "the new leader's backup", || {
        backups(&pg, standby).len() == 1
    });
    assert_eq!(backups(&pg, leader).len(), 2, "the old leader wrote nothing more");
}

const NS1_LINE: &str = "U0000000000000000000000000000ns1";
const D01_CHAT: i64 = 1001;

/// The longest pause between the leader's engine cycles in the test below: a change it learns
/// of only at its next cycle would take up to this long.
const CYCLE: &str = "60000";
/// "Well under" that.
const AT_ONCE: Duration = Duration::from_secs(10);

// A nurse on LINE raises a call through the standby's webhook; the standby writes it to the
// database, and the leader, woken by PostgreSQL, asks the attending doctor on Telegram.
#[test]
fn a_call_raised_through_the_standbys_http_reaches_telegram_at_once_not_at_the_next_cycle() {
    let Some(url) = test_pg() else { return };
    let mut pg = Pg::new(&url);
    pg.run(&["plan", "2027"]).code(0);
    pg.run(&["rota", "publish", "2027"]).code(0);
    pg.add_patient("d01");
    let (fake, line) = (FakeTelegram::start(), FakeLine::start());
    let line_env = line.env();
    let mut env: Vec<(&str, &str)> = line_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.extend([
        ("TELOXIDE_TOKEN", "123:TEST"),
        ("TELOXIDE_API_URL", fake.url.as_str()),
        ("TOBAN_ENGINE_IDLE_MS", CYCLE),
    ]);
    let (_serves, i) = two(&mut pg, &env);
    let standby = NAMES[1 - i];
    // Standing by (waiting for the lock) may come before its listener has written its address.
    let addr = pg.data(standby).join("serve.addr");
    let read = || std::fs::read_to_string(&addr).ok().filter(|a| a.ends_with('\n'));
    wait_for(Duration::from_secs(20), "the standby's address", || read().is_some());
    let base = read().unwrap();
    let post = |event: serde_json::Value| {
        let body = FakeLine::body(&[event]);
        assert_eq!(post_webhook(base.trim(), &body, Some(&sign(SECRET, &body))), 200);
    };
    let code = |member: &str| {
        let v = pg.run(&["invite", member, "--format", "json"]).code(0).json();
        v["code"].as_str().unwrap().to_string()
    };
    // d01 on Telegram (the leader's poller), the nurse on LINE (the standby's webhook).
    fake.message_from(D01_CHAT, &format!("/start {}", code("d01")));
    fake.wait(Duration::from_secs(20), "d01 linked", |_| {
        has_text(&fake, D01_CHAT, "として登録しました")
    });
    post(line.text(NS1_LINE, &code("ns1")));
    line.wait_for(Duration::from_secs(20), NS1_LINE, "として登録しました");
    post(line.text(NS1_LINE, "/call 1 発熱39度"));
    line.wait_for(Duration::from_secs(20), NS1_LINE, "に連絡します");
    let t = Instant::now();
    post(line.postback(NS1_LINE, "callsend:1"));
    fake.wait(AT_ONCE, "the request to d01 within moments, not at the next cycle", |_| {
        has_text(&fake, D01_CHAT, "1番の依頼: ご対応のお願い")
    });
    eprintln!("raised through the standby, at Telegram from the leader in {:?}", t.elapsed());
}
