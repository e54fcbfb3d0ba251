//! kill -9 at 100 random moments while calls escalate over a test clock, with the console
//! notifier and with Telegram (the fake Bot API), restarting `serve` each time (issue 14).
//!
//! The outbox (read from a backup taken inside `serve`) is checked twice: against the calls'
//! events (every event kept its notices, none invented) and against what reached the members
//! (the console journal, the fake's recorded `sendMessage` calls). Nothing may be lost. A notice
//! arrives again only after a kill in a documented window: the console prints before it
//! journals (printed twice at most), and Telegram accepts a message before the store marks it
//! sent (each further copy from a `serve` started after the copy before).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::bot_e2e::{code, has_text, serve_bot};
use crate::fake_telegram::FakeTelegram;
use crate::faults::Rng;
use crate::helpers::repo;
use crate::routing_cli::{Desk, Serve};

/// How many times `serve` is killed in each test.
const KILLS: u64 = 100;
const START: &str = "2027-03-02T22:00:00+09:00";

/// Patients' attending doctors, one call each: never the duty doctor of the week of START
/// (checked), so each recipient is asked once per call and every notice to a member has its
/// own text.
pub(crate) const ATTENDINGS: [&str; 8] = ["d01", "d02", "d03", "d04", "d05", "d06", "d08", "d09"];

/// Registers a patient per attending doctor; returns the duty doctor of the week.
pub(crate) fn patients(desk: &Desk) -> String {
    for attending in ATTENDINGS {
        desk.add_patient(&format!("患者 {attending}"), attending);
    }
    let duty = desk.duty_now();
    assert!(!ATTENDINGS.contains(&duty.as_str()), "the scenario needs {duty} to attend nobody");
    duty
}

fn raise(desk: &Desk, patient: usize) {
    desk.run(&[
        "call",
        "raise",
        "--patient",
        &patient.to_string(),
        "--from",
        "ns1",
        "--note",
        "往診依頼",
    ])
    .code(0);
}

/// What one kill interrupted.
pub(crate) struct Kill {
    /// When the next `serve` was started (after the kill, and the call raised meanwhile).
    pub(crate) restarted: Instant,
    /// Calls whose deadline had passed and not been fired when `serve` died.
    overdue: usize,
    /// Notices waiting in the outbox when `serve` died.
    pending: usize,
    /// Of those, the ones their channel had already taken: the kill landed between the
    /// delivery and the store marking it sent.
    delivered: usize,
}

/// The kills. Each round `serve` is started and killed with SIGKILL: a quarter of the time
/// a random 0–149 ms after it was started (while it starts and opens the store, or later),
/// otherwise a random 0–24 ms after it listens, which it does just before its first cycle
/// fires the deadlines that passed and writes and delivers their notices. Between two, the
/// test clock moves 0–4 minutes, mostly while no `serve` runs, so that the next one has
/// deadlines to fire at once (attending 10, duty doctor 15, hospitals 10 each, then the advice
/// and the alert). Every tenth round a call is raised, through the running `serve` or while
/// none runs. `delivered` tells whether an outbox entry had reached its channel already.
/// Returns the last `serve`, running, the clock and the kills.
pub(crate) fn escalate_with_kills(
    desk: &Desk,
    rng: &mut Rng,
    start: impl Fn() -> Serve,
    delivered: impl Fn(&Value) -> bool,
) -> (Serve, DateTime<FixedOffset>, Vec<Kill>) {
    let mut now = DateTime::parse_from_rfc3339(START).unwrap();
    let mut serve = start();
    let (mut raised, mut kills) = (0, Vec::new());
    for round in 0..KILLS {
        let due = round % 10 == 0 && raised < ATTENDINGS.len();
        if due && round % 20 == 0 {
            desk.wait_ready();
            raised += 1;
            raise(desk, raised);
        }
        let minutes = rng.below(5) as i64;
        let while_running = rng.below(3) == 0;
        if while_running {
            now += chrono::Duration::minutes(minutes);
            desk.set_clock(&now.to_rfc3339());
        }
        if rng.below(4) == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(150)));
        } else {
            listening(desk);
            std::thread::sleep(Duration::from_millis(rng.below(25)));
        }
        serve.kill();
        // The store as the kill left it (read directly: no `serve` holds it now).
        let store = backup(desk);
        let pending: Vec<Value> =
            outbox(&store).into_iter().filter(|e| e["sent_at"].is_null()).collect();
        let overdue = overdue(&store, now);
        if due && round % 20 != 0 {
            // Its first notices wait in the outbox for the next `serve`.
            raised += 1;
            raise(desk, raised);
        }
        if !while_running {
            now += chrono::Duration::minutes(minutes);
            desk.set_clock(&now.to_rfc3339());
        }
        let restarted = Instant::now();
        serve = start();
        let delivered = pending.iter().filter(|e| delivered(e)).count();
        kills.push(Kill { restarted, overdue, pending: pending.len(), delivered });
    }
    assert_eq!(raised, ATTENDINGS.len());
    (serve, now, kills)
}

/// Waits until `serve` listens on its control socket, looking every millisecond.
fn listening(desk: &Desk) {
    let (socket, limit) =
        (desk.data().join("serve.sock"), Instant::now() + Duration::from_secs(20));
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(Instant::now() < limit, "serve did not listen within 20 s");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// How much the kills interrupted, for the test's output; at least a tenth of them must have
/// left work behind (deadlines to fire, notices to deliver), or the kills missed what they
/// are for.
pub(crate) fn summary(kills: &[Kill]) -> String {
    let busy = kills.iter().filter(|k| k.pending + k.overdue > 0).count();
    let overdue: usize = kills.iter().map(|k| k.overdue).sum();
    let waiting: usize = kills.iter().map(|k| k.pending).sum();
    let delivered: usize = kills.iter().map(|k| k.delivered).sum();
    assert!(busy * 10 >= kills.len(), "only {busy} of {} kills left work behind", kills.len());
    format!(
        "{} kills, {busy} leaving work behind: {overdue} deadlines to fire, {waiting} notices \
         to deliver ({delivered} of them delivered and not yet marked sent)",
        kills.len()
    )
}

/// Lets the running `serve` finish: time moves ten minutes a stride (a step entered late still
/// gets its full wait) and `toban cycle` waits for each, until every call reached the end of
/// its chain and nothing is left in the outbox. Returns the calls and the whole outbox.
pub(crate) fn finish(
    desk: &Desk,
    serve: &mut Serve,
    mut now: DateTime<FixedOffset>,
) -> (Vec<Value>, Vec<Value>) {
    desk.wait_ready();
    let limit = Instant::now() + Duration::from_secs(30);
    loop {
        now += chrono::Duration::minutes(10);
        desk.set_clock(&now.to_rfc3339());
        desk.run(&["cycle"]).code(0);
        let (calls, outbox) = (calls(desk), outbox(&backup(desk)));
        let pending: Vec<&Value> = outbox.iter().filter(|e| e["sent_at"].is_null()).collect();
        if calls.iter().all(|c| c["state"]["status"] == "exhausted") && pending.is_empty() {
            return (calls, outbox);
        }
        assert!(
            Instant::now() < limit,
            "not finished: serve alive {:?}; pending {pending:#?}\nunfinished {:#?}\n{}",
            serve.child.try_wait().unwrap(),
            calls.iter().filter(|c| c["state"]["status"] != "exhausted").collect::<Vec<_>>(),
            std::fs::read_to_string(desk.dir.path().join("serve.err")).unwrap_or_default()
        );
    }
}

fn calls(desk: &Desk) -> Vec<Value> {
    desk.run(&["call", "list", "--format", "json"]).code(0).json().as_array().unwrap().clone()
}

/// The whole store, from a backup (which a running `serve` takes consistently).
fn backup(desk: &Desk) -> Value {
    let file = desk.dir.path().join("store.json");
    let _ = std::fs::remove_file(&file);
    desk.run(&["backup", "--out", file.to_str().unwrap()]).code(0);
    serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap()
}

/// Every entry of the outbox, delivered or not, in order.
fn outbox(backup: &Value) -> Vec<Value> {
    backup["trees"]["outbox"].as_array().unwrap().iter().map(|e| e["value"].clone()).collect()
}

/// How many calls wait on a deadline that passed by `now`.
fn overdue(backup: &Value, now: DateTime<FixedOffset>) -> usize {
    let calls = backup["trees"]["calls"].as_array().unwrap();
    calls
        .iter()
        .filter_map(|c| c["value"]["state"]["deadline"].as_str())
        .filter(|d| DateTime::parse_from_rfc3339(d).unwrap() <= now)
        .count()
}

/// The notice keys a call's log implies for an escalation by timeouts alone (raise = event 0,
/// each timeout the next event): each step asked, a request to each member and a progress note
/// to the caller; each timeout, a "moved on" to that step's members; the end, the advice to
/// the caller and an alert to each admin.
pub(crate) fn keys_of(call: &Value) -> Vec<String> {
    let id = &call["id"];
    let caller = call["caller"].as_str().unwrap();
    let chain = call["chain"].as_array().unwrap();
    let members = |step: usize| -> Vec<&str> {
        chain[step]["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect()
    };
    let mut keys = Vec::new();
    let mut seq = 0;
    for e in call["log"].as_array().unwrap() {
        let step = e["step"].as_u64().map(|s| s as usize);
        let (to, tag) = match e["event"].as_str().unwrap() {
            "raised" | "skipped" => continue,
            "asked" => (members(step.unwrap()), "request"),
            "timed_out" => {
                seq += 1;
                (members(step.unwrap()), "moved_on")
            }
            // At half a step, the request again to whoever has not answered (all, here).
            "reminded" => {
                seq += 1;
                (members(step.unwrap()), "request_again")
            }
            "exhausted" => {
                keys.push(format!("call{id}/{seq}/{caller}/advice"));
                (members(chain.len() - 1), "alert")
            }
            other => panic!("a call escalating by timeouts alone logged {other}: {call}"),
        };
        keys.extend(to.iter().map(|m| format!("call{id}/{seq}/{m}/{tag}")));
        if tag == "request" {
            keys.push(format!("call{id}/{seq}/{caller}/progress"));
        }
    }
    assert_eq!(call["seq"], seq + 1, "one event per timeout after the raise: {call}");
    keys
}

/// The outbox holds exactly the notices of the calls' events: none lost with its event, none
/// invented, each once; every one settled as sent by its channel. Returns the call notices.
pub(crate) fn check_outbox(calls: &[Value], outbox: &[Value]) -> Vec<Value> {
    assert_eq!(calls.len(), ATTENDINGS.len());
    let want: BTreeSet<String> = calls.iter().flat_map(keys_of).collect();
    let of_calls: Vec<Value> = outbox
        .iter()
        .filter(|e| e["notice"]["key"].as_str().unwrap().starts_with("call"))
        .cloned()
        .collect();
    let have: BTreeSet<String> =
        of_calls.iter().map(|e| e["notice"]["key"].as_str().unwrap().to_string()).collect();
    assert_eq!(have.len(), of_calls.len(), "a key twice in the outbox");
    assert_eq!(have, want, "the outbox against the calls' events");
    for e in outbox {
        assert!(
            !e["sent_at"].is_null() && e.get("failure").is_none() && e.get("dead_at").is_none(),
            "every notice delivered by its channel: {e}"
        );
    }
    of_calls
}

/// Journaled keys: each at most once, in the outbox's order for each recipient.
pub(crate) fn check_journal(journal: &[(String, String)], outbox: &[Value]) {
    let mut once = BTreeSet::new();
    for (_, key) in journal {
        assert!(once.insert(key), "{key} journaled twice: the console's journal failed");
    }
    let seq: BTreeMap<&str, u64> = outbox
        .iter()
        .map(|e| (e["notice"]["key"].as_str().unwrap(), e["seq"].as_u64().unwrap()))
        .collect();
    let mut last: BTreeMap<&str, u64> = BTreeMap::new();
    for (to, key) in journal {
        let Some(&n) = seq.get(key.as_str()) else { panic!("{key} journaled, not in the outbox") };
        let before = last.insert(to, n).unwrap_or(0);
        assert!(before < n, "{key} after a later notice to {to}: order is kept per recipient");
    }
}

/// How often each journaled key was printed: once, or twice when `serve` was killed between
/// printing and journaling (the documented window), never more. Returns how many twice.
pub(crate) fn check_printed(desk: &Desk, journal: &[(String, String)]) -> usize {
    let printed = desk.printed();
    let mut twice = 0;
    for (_, key) in journal {
        let n = printed.matches(&format!("· {key}\n")).count();
        assert!(
            (1..=2).contains(&n),
            "{key} printed {n} times; only a kill between printing and journaling prints it again"
        );
        twice += usize::from(n == 2);
    }
    twice
}

#[test]
fn kills_at_100_random_moments_lose_no_console_notice() {
    let t = Instant::now();
    let desk = Desk::new();
    patients(&desk);
    let mut rng = Rng(0x5851_f42d_4c95_7f2d);
    let journaled = |e: &Value| desk.all_journal().iter().any(|(_, k)| *k == e["notice"]["key"]);
    let (mut serve, now, kills) =
        escalate_with_kills(&desk, &mut rng, || desk.spawn_serve(&[]), journaled);
    let (calls, outbox) = finish(&desk, &mut serve, now);
    serve.kill();
    check_outbox(&calls, &outbox);
    let journal = desk.all_journal();
    check_journal(&journal, &outbox);
    let delivered: BTreeSet<&str> = journal.iter().map(|(_, k)| k.as_str()).collect();
    for e in &outbox {
        let key = e["notice"]["key"].as_str().unwrap();
        assert!(delivered.contains(key), "{key} was never delivered: {e}");
    }
    let twice = check_printed(&desk, &journal);
    eprintln!(
        "{}; {} notices, {twice} printed twice; in {:?}",
        summary(&kills),
        outbox.len(),
        t.elapsed()
    );
}

/// Telegram chats of the linked members.
pub(crate) const CHATS: [(&str, i64); 6] =
    [("d01", 1001), ("h1", 2001), ("h2", 2002), ("h3", 2003), ("ns1", 3001), ("office", 4001)];
pub(crate) const DUTY_CHAT: i64 = 1007;

/// A request that a killed `serve` wrote just before it died may be read by the fake a little
/// after the next `serve` was started; that one sends nothing this early (it is still starting).
pub(crate) const LATE: Duration = Duration::from_millis(10);

/// Milliseconds from `a` to `b`, negative when `b` came first.
pub(crate) fn ms(a: Instant, b: Instant) -> i128 {
    b.saturating_duration_since(a).as_millis() as i128
        - a.saturating_duration_since(b).as_millis() as i128
}

/// Members' names, from the shipped rules.
pub(crate) fn names() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo().join("rules/members.toml")).unwrap();
    let rules: toml::Table = toml::from_str(&text).unwrap();
    rules
        .values()
        .filter_map(|v| v.as_array())
        .flatten()
        .map(|m| (m["id"].as_str().unwrap().to_string(), m["name"].as_str().unwrap().to_string()))
        .collect()
}

/// A part of a call notice's Telegram text that no other notice to the same member has (with
/// one call per patient and nobody asked at two steps).
pub(crate) fn signature(notice: &Value, names: &BTreeMap<String, String>) -> String {
    let body = &notice["body"];
    let id = &body["call"];
    let role = || match body["step"].as_str().unwrap() {
        "attending" => "主治医",
        "duty" => "当番医",
        _ => "後方支援病院",
    };
    let head = || match body["step"].as_str().unwrap() {
        "duty" => "在宅当番のお願い",
        _ => "ご対応のお願い",
    };
    match body["kind"].as_str().unwrap() {
        // The duty doctor is asked for the home-care duty; the others for their help.
        "request" => format!("{id}番の依頼: {}\n{}として", head(), role()),
        "request_again" => format!("【至急・再送】{id}番の依頼: {}\n", head()),
        "progress" => {
            let who: Vec<String> = body["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    let m = m.as_str().unwrap();
                    // Doctors are addressed with 先生, hospitals by name.
                    let title = if m.starts_with('d') { "先生" } else { "" };
                    format!("{}{title}", names[m])
                })
                .collect();
            format!("{id}番の依頼: {}の{}に依頼しています。", role(), who.join("、"))
        }
        "moved_on" => format!("{id}番の依頼: ご返答の期限を過ぎたため"),
        "advice" => format!("{id}番の依頼: 対応できる医師・病院が見つかりませんでした"),
        "alert" => format!("【要対応】{id}番の依頼（"),
        other => panic!("an escalation by timeouts alone sent {other}: {notice}"),
    }
}

#[test]
fn kills_at_100_random_moments_lose_no_telegram_or_console_notice() {
    let t = Instant::now();
    let desk = Desk::new();
    let duty = patients(&desk);
    // The attending doctor d01, the duty doctor, the hospitals, the nurse station and the
    // office are linked; the other attending doctors are not and get theirs on the console.
    let mut chats: BTreeMap<String, i64> = CHATS.iter().map(|(m, c)| (m.to_string(), *c)).collect();
    chats.insert(duty.clone(), DUTY_CHAT);
    let codes: Vec<(i64, String)> = chats.iter().map(|(m, c)| (*c, code(&desk, m))).collect();
    let fake = FakeTelegram::start();
    let serve = serve_bot(&desk, &fake, None);
    for (chat, code) in &codes {
        fake.message_from(*chat, &format!("/start {code}"));
    }
    for (chat, _) in &codes {
        fake.wait(Duration::from_secs(20), "the welcome", |_| {
            has_text(&fake, *chat, "として登録しました")
        });
    }
    serve.kill();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let names = names();
    let reached = |e: &Value| {
        let n = &e["notice"];
        let key = n["key"].as_str().unwrap();
        match chats.get(n["to"].as_str().unwrap()) {
            Some(chat) if key.starts_with("call") => has_text(&fake, *chat, &signature(n, &names)),
            Some(_) => false,
            None => desk.all_journal().iter().any(|(_, k)| k == key),
        }
    };
    let env = [("TELOXIDE_TOKEN", "123:TEST"), ("TELOXIDE_API_URL", fake.url.as_str())];
    let (mut serve, now, kills) =
        escalate_with_kills(&desk, &mut rng, || desk.spawn_serve(&env), reached);
    let (calls, outbox) = finish(&desk, &mut serve, now);
    serve.kill();
    let notices = check_outbox(&calls, &outbox);
    let journal = desk.all_journal();
    check_journal(&journal, &outbox);
    let journaled: BTreeSet<&str> = journal.iter().map(|(_, k)| k.as_str()).collect();

    // What the fake accepted about calls, per chat, with when it arrived.
    let mut at_fake: BTreeMap<i64, Vec<(Instant, String)>> = BTreeMap::new();
    for s in fake.sent().into_iter().filter(|s| s.method == "sendmessage") {
        let text = s.body["text"].as_str().unwrap_or("").to_string();
        // Handover messages list the open calls when they are delivered after a raise; they
        // are about the duty, not a call's notices.
        if text.contains("番の依頼") && !text.contains("当番交代】") {
            at_fake.entry(s.body["chat_id"].as_i64().unwrap()).or_default().push((s.at, text));
        }
    }
    let (mut by_telegram, mut by_console, mut again) = (0, 0, BTreeMap::new());
    let mut matched: BTreeMap<i64, usize> = BTreeMap::new();
    for e in &notices {
        let n = &e["notice"];
        let (key, to) = (n["key"].as_str().unwrap(), n["to"].as_str().unwrap());
        let Some(&chat) = chats.get(to) else {
            assert!(
                journaled.contains(key),
                "{key} to {to} (not linked) never reached the console"
            );
            by_console += 1;
            continue;
        };
        assert!(!journaled.contains(key), "{key} to {to} (linked) went to the console");
        let sign = signature(n, &names);
        let copies: Vec<Instant> = at_fake
            .get(&chat)
            .into_iter()
            .flatten()
            .filter(|(_, t)| t.contains(&sign))
            .map(|(at, _)| *at)
            .collect();
        assert!(!copies.is_empty(), "{key} to {to} (chat {chat}) never reached Telegram");
        // The documented window: Telegram accepted the message and serve was killed before the
        // store marked it sent (the mark is flushed: up to ~40 ms here), so the next serve sends
        // it again. Each copy after the first must come from a serve started after the copy
        // before it: a kill in the window resends once, and one serve never sends a notice
        // twice. Kills in a row may each land in the window of the copy before (these kills aim
        // at a serve's first moments, when it delivers): up to 5 copies were seen here.
        for w in copies.windows(2) {
            assert!(
                kills.iter().any(|k| w[0] < k.restarted + LATE && k.restarted < w[1]),
                "{key} reached chat {chat} {} times, once more without a restart in between; \
                 ms from its first copy: copies at {:?}, serves started at {:?}",
                copies.len(),
                copies.iter().map(|c| ms(copies[0], *c)).collect::<Vec<_>>(),
                kills
                    .iter()
                    .map(|k| ms(copies[0], k.restarted))
                    .filter(|t| t.abs() < 1000)
                    .collect::<Vec<_>>()
            );
        }
        by_telegram += 1;
        *again.entry(copies.len()).or_insert(0) += 1;
        *matched.entry(chat).or_default() += copies.len();
    }
    // And nothing else about a call was sent: every such message is one of the notices.
    for (chat, texts) in &at_fake {
        assert_eq!(
            matched.get(chat).copied().unwrap_or(0),
            texts.len(),
            "chat {chat} got messages about calls that are no notice of the outbox: {texts:#?}"
        );
    }
    let printed_twice = check_printed(&desk, &journal);
    assert!(by_console > 0 && by_telegram > 0, "both channels were used");
    eprintln!(
        "{}; {by_telegram} notices by Telegram (how many sent n times: {again:?}), {by_console} \
         on the console ({printed_twice} printed twice); in {:?}",
        summary(&kills),
        t.elapsed()
    );
}
