//! kill -9 at 100 random moments while calls escalate to members on LINE (issue 19: "the
//! delivery guarantees hold for LINE too: kill -9 at random moments: nothing lost"), restarting
//! `serve` each time, as `kills` does for Telegram and the console.
//!
//! The outbox (read from backups) must hold exactly the calls' notices, every one delivered by
//! its channel; each notice to a member linked on LINE must have reached the fake LINE API, in
//! the outbox's order for that member (first copies); the others reached the console journal.
//! A copy again is allowed (LINE accepted it before the store marked it sent: the documented
//! window), a loss is not.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::fake_line::FakeLine;
use crate::faults::Rng;
use crate::kills::{
    CHATS, DUTY_CHAT, check_journal, check_outbox, escalate_with_kills, finish, names, patients,
    signature, summary,
};
use crate::line_e2e::{link_line, serve_line};
use crate::routing_cli::Desk;

/// The LINE user id of the member whose Telegram chat in `kills` is `chat`.
fn user(chat: i64) -> String {
    format!("U{chat:032}")
}

/// Whether `text`, a message LINE showed, is the notice `n`: the first line of its text on
/// Telegram (a flex bubble's body begins with it), and a first request is not its resend.
fn is(text: &str, n: &Value, names: &BTreeMap<String, String>) -> bool {
    let sign = signature(n, names);
    let head = sign.lines().next().unwrap_or_default();
    text.contains(head) && (n["body"]["kind"] != "request" || !text.contains("【至急・再送】"))
}

#[test]
fn kills_at_100_random_moments_lose_no_line_notice() {
    let desk = Desk::new();
    let duty = patients(&desk);
    let mut users: BTreeMap<String, String> =
        CHATS.iter().map(|(m, c)| (m.to_string(), user(*c))).collect();
    users.insert(duty.clone(), user(DUTY_CHAT));
    let line = FakeLine::start();
    let serve = serve_line(&desk, &line, None);
    for (member, u) in &users {
        link_line(&desk, &line, u, member, "code");
    }
    serve.kill();
    let names = names();
    let reached = |e: &Value| {
        let n = &e["notice"];
        let key = n["key"].as_str().unwrap();
        match users.get(n["to"].as_str().unwrap()) {
            Some(u) if key.starts_with("call") => line.texts(u).iter().any(|t| is(t, n, &names)),
            Some(_) => false,
            None => desk.all_journal().iter().any(|(_, k)| k == key),
        }
    };
    let env = line.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut serve, now, kills) =
        escalate_with_kills(&desk, &mut rng, || desk.spawn_serve(&env), reached);
    let (calls, outbox) = finish(&desk, &mut serve, now);
    serve.kill();
    let notices = check_outbox(&calls, &outbox);
    let journal = desk.all_journal();
    check_journal(&journal, &outbox);
    let journaled: BTreeSet<&str> = journal.iter().map(|(_, k)| k.as_str()).collect();
    let (mut by_line, mut by_console, mut again) = (0, 0, 0);
    // Per LINE user: where each notice first appeared, in the outbox's order.
    let mut last: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &notices {
        let n = &e["notice"];
        let (key, to) = (n["key"].as_str().unwrap(), n["to"].as_str().unwrap());
        let Some(u) = users.get(to) else {
            assert!(
                journaled.contains(key),
                "{key} to {to} (not linked) never reached the console"
            );
            by_console += 1;
            continue;
        };
        assert!(!journaled.contains(key), "{key} to {to} (on LINE) went to the console");
        let texts = line.texts(u);
        let at: Vec<usize> =
            texts.iter().enumerate().filter(|(_, t)| is(t, n, &names)).map(|(i, _)| i).collect();
        let Some(&first) = at.first() else {
            panic!("{key} to {to} never reached LINE: {texts:#?}")
        };
        let before = last.insert(u, first);
        assert!(
            before.is_none_or(|b| b < first),
            "{key} reached {to} before a notice queued ahead of it: order is kept per member"
        );
        by_line += 1;
        again += at.len() - 1;
    }
    assert!(by_line > 0 && by_console > 0, "both channels were used");
    eprintln!(
        "{}; {by_line} notices by LINE ({again} copies again, the documented window), \
         {by_console} on the console",
        summary(&kills)
    );
}
