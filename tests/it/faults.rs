//! kill -9 at random moments during a plan save and during swaps handled by `serve` (with the
//! escalation kills of routing_cli, 50 in all): on restart nothing is lost, nothing is half
//! written, nothing is duplicated.

use std::time::{Duration, Instant};

use crate::routing_cli::Desk;

/// A small seeded generator for the kill moments (xorshift64; the seed must not be 0).
pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn killing_a_plan_save_at_random_moments_leaves_the_old_rota_or_the_new_whole() {
    let desk = Desk::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // How long a whole plan of 2028 takes here, to kill within it.
    let t = Instant::now();
    desk.run(&["plan", "2028"]).code(0);
    let whole = t.elapsed().as_millis() as u64;
    let saved = desk.run(&["rota", "show", "2028", "--format", "json"]).code(0).json();
    for round in 0..15 {
        let mut child = desk
            .command()
            .args(["plan", "2028"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(whole + 50)));
        let _ = child.kill();
        let _ = child.wait();
        // The store opens (every record verified), and 2028 is a whole rota: the same plan
        // (the planner is deterministic), never a half-written one.
        let now = desk.run(&["rota", "show", "2028", "--format", "json"]).code(0).json();
        assert_eq!(now["slots"], saved["slots"], "round {round}");
        assert_eq!(now["status"], "draft");
        desk.run(&["rota", "show", "2027"]).code(0);
    }
}

#[test]
fn killing_serve_during_swaps_at_random_moments_keeps_rota_audit_and_feeds_in_step() {
    let desk = Desk::new();
    let rota = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let slots: Vec<(String, String)> = rota["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (s["id"].as_str().unwrap().to_string(), s["doctors"][0].as_str().unwrap().to_string())
        })
        .collect();
    // Two regular summer duties of different doctors, far apart and clear of each other's
    // neighbours: swapping them back and forth is always legal.
    let free = |d: &str, i: usize| (i - 2..=i + 2).all(|j| j == i || slots[j].1 != d);
    let (a, b) = (20..30)
        .flat_map(|a| (a + 12..a + 20).map(move |b| (a, b)))
        .find(|&(a, b)| slots[a].1 != slots[b].1 && free(&slots[a].1, b) && free(&slots[b].1, a))
        .expect("a swappable pair");
    let (x, y) = (slots[a].1.clone(), slots[b].1.clone());
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut serve = Some(desk.serve());
    for round in 0..15 {
        // Swap back and forth in a thread; kill serve at a random moment.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let worker = {
            let stop = stop.clone();
            let (dir, data, clock) = (desk.dir.path().to_path_buf(), desk.data(), desk.clock());
            let (sa, sb, x, y) = (slots[a].0.clone(), slots[b].0.clone(), x.clone(), y.clone());
            std::thread::spawn(move || {
                let mut forward = true;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let (first, second) = if forward { (&x, &y) } else { (&y, &x) };
                    let ok = crate::helpers::toban_in(&dir)
                        .env("TOBAN_RULES", crate::helpers::repo().join("rules"))
                        .env("TOBAN_DATA", &data)
                        .env("TOBAN_CLOCK", format!("file:{}", clock.display()))
                        .args(["swap", &sa, first, &sb, second])
                        .output()
                        .map(|o| o.status.success())
                        .unwrap_or(false);
                    if ok {
                        forward = !forward;
                    }
                }
            })
        };
        std::thread::sleep(Duration::from_millis(100 + rng.below(400)));
        serve.take().unwrap().kill();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = worker.join();
        // Restarted: the rota is either the original or swapped, and the audit agrees with it
        // (a change and its audit entry are one write); the feeds follow the rota.
        serve = Some(desk.serve());
        let now = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
        let at = |i: usize| now["slots"][i]["doctors"][0].as_str().unwrap().to_string();
        let swapped = (at(a), at(b)) == (y.clone(), x.clone());
        assert!(swapped || (at(a), at(b)) == (x.clone(), y.clone()), "round {round}: a half swap");
        let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
        let swaps = audit.as_array().unwrap().iter().filter(|e| e["action"] == "swap").count();
        assert_eq!(swaps % 2 == 1, swapped, "round {round}: {swaps} swaps audited");
        let out = desk.dir.path().join(format!("feeds{round}"));
        desk.run(&["feed", "export", "--out", out.to_str().unwrap()]).code(0);
        let ics = std::fs::read_to_string(out.join("all.ics")).unwrap();
        let live = |slot: &str, d: &str| {
            ics.split("BEGIN:VEVENT").any(|e| {
                e.contains(&format!("UID:{slot}-{d}@sosa.toban")) && e.contains("STATUS:CONFIRMED")
            })
        };
        assert!(live(&slots[a].0, &at(a)) && live(&slots[b].0, &at(b)), "round {round}: feeds");
        let other = if swapped { &x } else { &y };
        assert!(!live(&slots[a].0, other), "round {round}: a stale event");
    }
    // Nothing unfinished: every record of the store reads.
    drop(serve);
    desk.run(&["rota", "show", "2027"]).code(0);
}
