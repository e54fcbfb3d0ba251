//! `toban history import` on large files, through the real binary: lines per second must not
//! fall as files grow (issue 16: 100,000 lines took 15.6 s and 1,000,000 did not finish in
//! 300 s, as each line was compared with every line before it).
//!
//! `cargo bench --bench history_import`. The association has 100 doctors, 10 per slot (the
//! largest the rules allow), all members since 2000; the clock is 2027-03-02. Its whole
//! history, every slot from New Year 2001 to the slot that began that day, 10 doctors each, is
//! about 13,600 lines: that is the largest file that can be good, and it is imported (checked,
//! then written in one transaction and flushed). Larger files are that history repeated, as
//! when exports are pasted together: every repeat is refused as listed twice, and every line is
//! checked and named, so nothing is written. `TOBAN_BENCH_LINES=100000,1000000` (the default)
//! sets their sizes. The store is in a temporary directory on disk.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_toban");
const CLOCK: &str = "2027-03-02T22:00:00+09:00";
const DOCTORS: usize = 100;
const PER_SLOT: usize = 10;

fn toban(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .current_dir(dir)
        .env("TOBAN_RULES", dir.join("rules"))
        .env("TOBAN_DATA", dir.join("data"))
        .env("TOBAN_CLOCK", CLOCK)
        .args(args)
        .output()
        .expect("run toban")
}

/// Every slot `(start date, kind)` from plan year 2001 to the one that began on the clock's day.
fn slots(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for year in 2001..=2027 {
        let run = toban(dir, &["slots", &year.to_string(), "--format", "json"]);
        assert!(run.status.success(), "toban slots: {}", String::from_utf8_lossy(&run.stderr));
        let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("slots JSON");
        for s in v["slots"].as_array().expect("slots") {
            let start = s["start"].as_str().expect("start")[..10].to_string();
            if start.as_str() <= &CLOCK[..10] {
                out.push((start, s["kind"].as_str().expect("kind").to_string()));
            }
        }
    }
    out
}

/// The good history: `PER_SLOT` doctors in each slot, in turn.
fn history(slots: &[(String, String)]) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, (start, kind)) in slots.iter().enumerate() {
        for j in 0..PER_SLOT {
            let d = toban::plan::testing::doctor_id((i * PER_SLOT + j) % DOCTORS + 1);
            lines.push(format!("{start},{d},{kind}"));
        }
    }
    lines
}

/// Imports `lines` lines of `good` (repeated) into a fresh store: seconds, and what toban said.
fn import(dir: &Path, good: &[String], lines: usize) -> (f64, String) {
    let file = dir.join(format!("history-{lines}.csv"));
    let mut text = String::from("slot_start,doctor,kind\n");
    for line in good.iter().cycle().take(lines) {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&file, text).expect("write the file");
    let _ = std::fs::remove_dir_all(dir.join("data"));
    let started = Instant::now();
    let run = toban(dir, &["history", "import", file.to_str().expect("UTF-8 path")]);
    let secs = started.elapsed().as_secs_f64();
    let outcome = match run.status.code() {
        Some(0) => "imported".to_string(),
        Some(2) => {
            let err = String::from_utf8_lossy(&run.stderr);
            let named = err.lines().filter(|l| l.contains(".csv:")).count();
            let first = err.lines().next().unwrap_or("");
            assert!(first.contains("nothing was imported"), "unexpected refusal: {first}");
            format!("refused, {named} lines named")
        }
        _ => panic!("toban history import failed: {}", String::from_utf8_lossy(&run.stderr)),
    };
    (secs, outcome)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("TOBAN_BENCH_LINES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("rules dir");
    std::fs::write(
        rules.join("association.toml"),
        toban::plan::testing::association_text(PER_SLOT),
    )
    .expect("write association.toml");
    std::fs::write(rules.join("members.toml"), toban::plan::testing::members_text(DOCTORS))
        .expect("write members.toml");
    let good = history(&slots(dir.path()));
    println!(
        "toban history import: {DOCTORS} doctors, {PER_SLOT} per slot; the whole good history is {} lines",
        good.len()
    );
    println!("{:>10}  {:>8}  {:>10}  outcome", "lines", "seconds", "lines/s");
    for lines in std::iter::once(good.len()).chain(sizes) {
        let (secs, outcome) = import(dir.path(), &good, lines);
        println!("{lines:>10}  {secs:>8.2}  {:>10.0}  {outcome}", lines as f64 / secs);
    }
}
