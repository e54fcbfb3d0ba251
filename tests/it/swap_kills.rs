//! kill -9 during swaps and covers (issue 16): requests are made in chat (the fake Bot API),
//! then the office approves, rejects and withdraws them from the command line (handed to
//! `serve`) while the test clock runs past their deadlines, and `serve` is killed 15 times at
//! random moments: in the middle of a command, of an expiry, of a delivery. At the end every
//! request's outcome has its notices in the outbox, each one delivered.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::DateTime;
use serde_json::Value;

use crate::bot_e2e::{buttons, link_all_doctors, message_with, published, rules_with};
use crate::fake_telegram::FakeTelegram;
use crate::faults::Rng;
use crate::routing_cli::Desk;

const KILLS: u64 = 15;
const OFFER: &str = "【当番交換のお願い】";

type Slots = Vec<(String, String, String, u32)>;

/// Up to `n` swaps (slot indices) the shipped rules allow, no doctor in two of them.
fn disjoint_swaps(slots: &Slots, n: usize) -> Vec<(usize, usize)> {
    let regular: Vec<usize> = (0..slots.len())
        // Away from the New Year duties' exemption windows at the end of the year.
        .filter(|&i| {
            slots[i].1 == "regular"
                && slots[i].0.as_str() > "2027-04-01"
                && slots[i].0.as_str() < "2027-10-01"
        })
        .collect();
    let free = |doctor: &str, i: usize| {
        (i.saturating_sub(2)..=(i + 2).min(slots.len() - 1)).all(|j| j == i || slots[j].2 != doctor)
    };
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for &a in &regular {
        for &b in &regular {
            if out.len() == n {
                return out;
            }
            let (x, y) = (&slots[a].2, &slots[b].2);
            if b > a + 4
                && x != y
                && !used.contains(x)
                && !used.contains(y)
                && free(x, b)
                && free(y, a)
            {
                used.insert(x.clone());
                used.insert(y.clone());
                out.push((a, b));
            }
        }
    }
    out
}

fn backup(desk: &Desk) -> Value {
    let file = desk.dir.path().join("store.json");
    let _ = std::fs::remove_file(&file);
    desk.run(&["backup", "--out", file.to_str().unwrap()]).code(0);
    serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap()
}

fn tree(backup: &Value, name: &str) -> Vec<Value> {
    backup["trees"][name].as_array().unwrap().iter().map(|e| e["value"].clone()).collect()
}

/// The keys a request's final state implies (besides its offer).
fn keys_of(r: &Value, all: &[Value]) -> Vec<String> {
    let (id, p, t) = (&r["id"], r["proposer"].as_str().unwrap(), r["target"].as_str().unwrap());
    let key = |what: &str, to: &str| format!("swap/{id}/{what}/{to}");
    let mut keys = Vec::new();
    if r["status"] != "queued" {
        keys.push(key("offer", t));
    }
    match r["status"].as_str().unwrap() {
        "accepted" => keys.extend([key("done", p), key("done", t), key("done", "office")]),
        "rejected" => keys.extend([key("rejected", p), key("rejected", t)]),
        "withdrawn" => keys.push(key("withdrawn", t)),
        "declined" => keys.push(key("declined", p)),
        "expired" if r["group"].is_null() => keys.push(key("expired", p)),
        "expired" => {
            let g = &r["group"];
            let group: Vec<&Value> = all.iter().filter(|x| x["group"] == *g).collect();
            if !group.iter().any(|x| x["status"] == "accepted") {
                keys.push(format!("swap/{g}/unfilled/office"));
                keys.push(format!("swap/{g}/unfilled/{p}"));
            }
        }
        other => panic!("request {id} still {other} after every deadline: {r}"),
    }
    keys
}

// See: issue 16. The "rota changed" notices were written after the change: a crash lost them.
#[test]
fn r16_fifteen_kills_during_swaps_and_covers_lose_no_notice() {
    let t = Instant::now();
    let desk = Desk::new();
    let slots = published(&desk);
    let rules = rules_with(&desk, "admin_approval = false", "admin_approval = true");
    let fake = FakeTelegram::start();
    let env = [
        ("TELOXIDE_TOKEN", "123:TEST"),
        ("TELOXIDE_API_URL", fake.url.as_str()),
        ("TOBAN_RULES", rules.as_str()),
    ];
    let serve = desk.serve_with(None, &env);
    let chats = link_all_doctors(&desk, &fake);
    let chat = |id: &str| chats.values().find(|(_, d)| d == id).unwrap().0;
    // Four swaps: three agreed (waiting for the office), one left unanswered.
    let swaps = disjoint_swaps(&slots, 4);
    assert_eq!(swaps.len(), 4, "four disjoint swaps in the shipped rota");
    for (n, &(a, b)) in swaps.iter().enumerate() {
        let (x, y) = (&slots[a].2, &slots[b].2);
        fake.message_from(chat(x), &format!("/swap {} {y} {}", slots[a].0, slots[b].0));
        let offer = message_with(&fake, chat(y), OFFER);
        if n < 3 {
            fake.press(chat(y), offer["message_id"].as_u64().unwrap(), &buttons(&offer)[0]);
            fake.wait(Duration::from_secs(20), "agreed", |_| {
                crate::bot_e2e::has_text(&fake, chat(x), "事務局の承認をお待ちください")
            });
        }
    }
    // Two covers asked of three colleagues each, which nobody takes.
    let mut covered = Vec::new();
    for s in slots.iter().filter(|s| s.1 == "regular" && s.0.as_str() > "2027-07-01") {
        if covered.len() == 2 {
            break;
        }
        fake.message_from(chat(&s.2), &format!("/cover {}", s.0));
        covered.push(s.0.clone());
    }
    fake.wait(Duration::from_secs(20), "the covers asked", |_| {
        let asked = |slot: &String| {
            let doctor = &slots.iter().find(|s| &s.0 == slot).unwrap().2;
            crate::bot_e2e::has_text(&fake, chat(doctor), "代行を依頼しました")
        };
        covered.iter().all(asked)
    });
    // From now on every message goes to the console, whose journal shows what arrived.
    for n in 1..=10 {
        desk.run(&["unlink", &format!("d{n:02}")]).code(0);
    }
    let mut now = DateTime::parse_from_rfc3339("2027-03-02T22:10:00+09:00").unwrap();
    desk.set_clock(&now.to_rfc3339());
    let boundary = now;
    let requests = tree(&backup(&desk), "swap_requests");
    let agreed: Vec<String> = requests
        .iter()
        .filter(|r| r["status"] == "awaiting_admin")
        .map(|r| r["id"].to_string())
        .collect();
    assert_eq!(agreed.len(), 3);
    let actions: Vec<Vec<String>> = vec![
        vec!["request".into(), "approve".into(), agreed[0].clone()],
        vec!["request".into(), "reject".into(), agreed[1].clone()],
        vec!["request".into(), "withdraw".into(), agreed[2].clone()],
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut serve = serve;
    for round in 0..KILLS {
        desk.wait_ready();
        // Every fifth round an office command, killed in its middle or just after.
        let action = (round % 5 == 0).then(|| &actions[(round / 5) as usize]).map(|args| {
            let mut cmd = desk.command();
            cmd.env("TOBAN_RULES", &rules).args(args).stdout(Stdio::null()).stderr(Stdio::null());
            cmd.spawn().unwrap()
        });
        // Four hours a round: the covers close after 24, the swaps after 48.
        now += chrono::Duration::hours(4);
        desk.set_clock(&now.to_rfc3339());
        std::thread::sleep(Duration::from_millis(rng.below(40)));
        serve.kill();
        if let Some(mut a) = action {
            a.wait().unwrap();
        }
        serve = desk.spawn_serve(&env);
    }
    // Settle: past every deadline, one more cycle, everything delivered.
    desk.wait_ready();
    now += chrono::Duration::hours(60);
    desk.set_clock(&now.to_rfc3339());
    let limit = Instant::now() + Duration::from_secs(30);
    let (requests, outbox) = loop {
        desk.run(&["cycle"]).code(0);
        let b = backup(&desk);
        let (requests, outbox) = (tree(&b, "swap_requests"), tree(&b, "outbox"));
        let open = requests
            .iter()
            .any(|r| matches!(r["status"].as_str(), Some("pending" | "queued" | "awaiting_admin")));
        if !open && outbox.iter().all(|e| !e["sent_at"].is_null()) {
            break (requests, outbox);
        }
        assert!(Instant::now() < limit, "not settled: {requests:#?}");
    };
    drop(serve);
    let have: BTreeSet<String> =
        outbox.iter().map(|e| e["notice"]["key"].as_str().unwrap().to_string()).collect();
    for r in &requests {
        for k in keys_of(r, &requests) {
            assert!(have.contains(&k), "{k} lost: {r}");
        }
    }
    // Each office command did what it says, or (killed before it was read) nothing, and then
    // the request expired: never half of it.
    let statuses: Vec<&str> = requests.iter().map(|r| r["status"].as_str().unwrap()).collect();
    // Everything queued after the doctors were unlinked reached the console.
    let journal: BTreeSet<String> = desk.all_journal().into_iter().map(|(_, k)| k).collect();
    let mut after = 0;
    for e in &outbox {
        let created = DateTime::parse_from_rfc3339(e["created_at"].as_str().unwrap()).unwrap();
        let key = e["notice"]["key"].as_str().unwrap();
        if created > boundary && (key.starts_with("swap/") || key.starts_with("change/")) {
            after += 1;
            assert!(journal.contains(key), "{key} was never delivered: {e}");
        }
    }
    assert!(after >= 6, "the kills ran over expiries and decisions: {after} notices");
    eprintln!("{KILLS} kills; {after} swap notices after them; {statuses:?}; in {:?}", t.elapsed());
}
