//! kill -9 at 100 random moments while calls escalate with outbound webhooks (issue 19: "the
//! delivery guarantees hold for LINE and the webhook notifier too"), restarting `serve` each
//! time, as `kills` does for Telegram and the console and `kills_line` for LINE.
//!
//! Two `[[webhook]]` rules post to the fake gateway (tests/it/fake_webhook.rs), which checks
//! every signature and its timestamp: `phone` at once, for every request, request again, "moved
//! on" and alert of a call; `late` for the duty doctor's requests, only if still unanswered
//! after 5 minutes (nobody answers here, so every one fires). No member has a chat: every
//! notice also goes to the console.
//!
//! The outbox (read from backups) must hold exactly the calls' notices and one delayed copy per
//! call, every one delivered. Each expected POST must have reached the gateway signed, with the
//! notice's fields, in the outbox's order per member and webhook (first copies); nothing else is
//! posted. A copy again is allowed only from a `serve` started after the copy before (the
//! gateway accepted it and the kill came before the store marked it sent: README "delivery is at
//! least once", the gateway may deduplicate on `key`); a loss is not.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use serde_json::Value;

use crate::fake_webhook::{FakeWebhook, SECRET, SECRET_VAR};
use crate::faults::Rng;
use crate::kills::{
    LATE, check_journal, check_outbox, check_printed, escalate_with_kills, finish, ms, names,
    patients, signature, summary,
};
use crate::webhook_e2e::desk_with_webhook;

/// The kinds of call notice `phone` takes at once (to any member).
const PHONE_KINDS: [&str; 4] = ["request", "request_again", "moved_on", "alert"];
/// The seed of the kill moments, unless `TOBAN_KILLS_SEED` gives another (printed either way).
const SEED: u64 = 0x2f69_3a1d_c4e7_5b83;

/// The rules' webhooks: `phone` at once, `late` for `duty`'s requests after 5 minutes.
fn webhooks(url: &str, duty: &str) -> String {
    let kinds: Vec<String> = PHONE_KINDS.iter().map(|k| format!("\"{k}\"")).collect();
    format!(
        "[[webhook]]\nid = \"phone\"\nurl = \"{url}\"\nsecret_env = \"{SECRET_VAR}\"\n\
         kinds = [{}]\n\n\
         [[webhook]]\nid = \"late\"\nurl = \"{url}\"\nsecret_env = \"{SECRET_VAR}\"\n\
         members = [\"{duty}\"]\nkinds = [\"request\"]\nafter_minutes = 5\n",
        kinds.join(", ")
    )
}

fn seed() -> u64 {
    let seed = std::env::var("TOBAN_KILLS_SEED").ok().and_then(|s| {
        let s = s.trim().trim_start_matches("0x").replace('_', "");
        u64::from_str_radix(&s, 16).ok()
    });
    seed.filter(|s| *s != 0).unwrap_or(SEED)
}

/// The POSTs the outbox calls for: (webhook, key) → the outbox entry. A call notice of a kind
/// `phone` takes, to `phone`; a copy queued for one webhook alone (`webhook:{id}:{key}`), to it.
fn expected(outbox: &[Value]) -> BTreeMap<(String, String), Value> {
    let mut want = BTreeMap::new();
    for e in outbox {
        let n = &e["notice"];
        let key = n["key"].as_str().unwrap().to_string();
        if let Some(rest) = key.strip_prefix("webhook:") {
            let (id, _) = rest.split_once(':').unwrap();
            want.insert((id.to_string(), key.clone()), e.clone());
        } else if key.starts_with("call")
            && PHONE_KINDS.contains(&n["body"]["kind"].as_str().unwrap())
        {
            want.insert(("phone".to_string(), key), e.clone());
        }
    }
    want
}

/// The delayed copies the outbox must hold: one per request to `duty` (each call asks the duty
/// doctor once, and nobody answers).
fn check_delayed(outbox: &[Value], duty: &str) -> usize {
    let requests: BTreeSet<String> = outbox
        .iter()
        .map(|e| &e["notice"])
        .filter(|n| n["key"].as_str().unwrap().starts_with("call"))
        .filter(|n| n["to"] == duty && n["body"]["kind"] == "request")
        .map(|n| format!("webhook:late:{}", n["key"].as_str().unwrap()))
        .collect();
    let copies: BTreeSet<String> = outbox
        .iter()
        .map(|e| e["notice"]["key"].as_str().unwrap())
        .filter(|k| k.starts_with("webhook:"))
        .map(str::to_string)
        .collect();
    assert_eq!(copies, requests, "one delayed copy per unanswered request to {duty}");
    copies.len()
}

/// A POST carries its notice's fields, and its text is the notice's.
fn check_fields(post: &Value, id: &str, key: &str, e: &Value, names: &BTreeMap<String, String>) {
    let n = &e["notice"];
    assert_eq!(post["webhook"], id, "{post}");
    assert_eq!(post["key"], key, "{post}");
    assert_eq!(post["member"], n["to"], "{post}");
    assert_eq!(post["kind"], n["body"]["kind"], "{post}");
    assert_eq!(post["call"], n["body"]["call"], "{post}");
    assert_eq!(post["language"], "ja", "{post}");
    let head = signature(n, names).lines().next().unwrap_or_default().to_string();
    assert!(post["text"].as_str().unwrap().contains(&head), "{post} is not '{head}'");
}

#[test]
fn kills_at_100_random_moments_lose_no_webhook_post() {
    let t = Instant::now();
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    let duty = patients(&desk);
    let file = desk.data().parent().unwrap().join("rules").join("webhooks.toml");
    std::fs::write(file, webhooks(&hook.url, &duty)).unwrap();
    desk.run(&["check"]).code(0);
    let seed = seed();
    eprintln!("kills_webhook: seed {seed:#x} (TOBAN_KILLS_SEED to repeat or vary)");
    let mut rng = Rng(seed);
    let reached = |e: &Value| {
        let key = &e["notice"]["key"];
        hook.received().iter().any(|p| p["key"] == *key)
            || desk.all_journal().iter().any(|(_, k)| *k == *key)
    };
    let spawn = || desk.spawn_serve(&[(SECRET_VAR, SECRET)]);
    let (mut serve, now, kills) = escalate_with_kills(&desk, &mut rng, spawn, reached);
    let (calls, outbox) = finish(&desk, &mut serve, now);
    serve.kill();
    check_outbox(&calls, &outbox);
    let delayed = check_delayed(&outbox, &duty);
    // The console: every notice but the delayed copies, once each, in order.
    let journal = desk.all_journal();
    check_journal(&journal, &outbox);
    let journaled: BTreeSet<&str> = journal.iter().map(|(_, k)| k.as_str()).collect();
    for e in &outbox {
        let key = e["notice"]["key"].as_str().unwrap();
        assert!(key.starts_with("webhook:") || journaled.contains(key), "{key} not on the console");
    }
    let printed_twice = check_printed(&desk, &journal);

    assert_eq!(hook.bad_signatures(), 0, "every POST signed with the secret, and fresh");
    let names = names();
    let want = expected(&outbox);
    let mut got: BTreeMap<(String, String), Vec<(Instant, Value)>> = BTreeMap::new();
    for (at, post) in hook.received_at() {
        let id = post["webhook"].as_str().unwrap_or_default().to_string();
        let key = post["key"].as_str().unwrap_or_default().to_string();
        assert!(want.contains_key(&(id.clone(), key.clone())), "posted, not expected: {post}");
        got.entry((id, key)).or_default().push((at, post));
    }
    // Per member and webhook: where each POST first arrived, in the outbox's order.
    let mut last: BTreeMap<(String, String), (u64, Instant)> = BTreeMap::new();
    let mut again = BTreeMap::new();
    let mut by_seq: Vec<(&(String, String), &Value)> = want.iter().collect();
    by_seq.sort_by_key(|(_, e)| e["seq"].as_u64().unwrap());
    for ((id, key), e) in by_seq {
        let to = e["notice"]["to"].as_str().unwrap().to_string();
        let Some(copies) = got.get(&(id.clone(), key.clone())) else {
            panic!("{key} to {to} never reached webhook {id}: lost")
        };
        for (_, post) in copies {
            check_fields(post, id, key, e, &names);
        }
        let first = copies[0].0;
        let seq = e["seq"].as_u64().unwrap();
        if let Some((before, at)) = last.insert((to.clone(), id.clone()), (seq, first)) {
            assert!(
                at < first,
                "{key} (seq {seq}) reached webhook {id} before seq {before} to {to}: order is \
                 kept per member and route"
            );
        }
        // The documented window, as for Telegram: each copy after the first comes from a serve
        // started after the copy before.
        for w in copies.windows(2) {
            assert!(
                kills.iter().any(|k| w[0].0 < k.restarted + LATE && k.restarted < w[1].0),
                "{key} reached webhook {id} {} times, once more without a restart in between; \
                 ms from its first copy: copies at {:?}, serves started at {:?}",
                copies.len(),
                copies.iter().map(|c| ms(first, c.0)).collect::<Vec<_>>(),
                kills
                    .iter()
                    .map(|k| ms(first, k.restarted))
                    .filter(|t| t.abs() < 1000)
                    .collect::<Vec<_>>()
            );
        }
        *again.entry(copies.len()).or_insert(0) += 1;
    }
    assert!(want.len() > delayed && delayed > 0, "both webhooks were used");
    eprintln!(
        "{}; {} POSTs expected, {delayed} of them delayed (how many posted n times: {again:?}); \
         {} notices on the console ({printed_twice} printed twice); in {:?}",
        summary(&kills),
        want.len(),
        journal.len(),
        t.elapsed()
    );
}
