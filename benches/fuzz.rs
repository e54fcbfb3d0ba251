//! Bounded-time fuzzing of every input toban takes from outside: rules TOML, imported .ics,
//! history CSV, chat command text and button data, HTTP paths and query strings.
//!
//! `cargo bench --bench fuzz -- [--seconds N] [TARGET ...]` (default: 60 s per target, every
//! target). Each target mutates real inputs (the shipped rules, a holiday calendar, a history
//! file, the bot's commands, the server's routes) with a seeded generator: byte flips, inserted
//! and deleted runs, repeated lines, interesting values (huge numbers, empty strings, control
//! characters, invalid UTF-8, long runs), splices of two inputs. A panic anywhere is caught,
//! printed with its input, and counted; the run fails if any happened. Found crashes become
//! regression tests beside the code they broke.
//!
//! Why not cargo-fuzz: it needs a nightly toolchain, and CI and this machine have one stable
//! toolchain. This runs everywhere `cargo` does.

#[path = "common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// xorshift64*: the same seed, the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const INTERESTING: &[&str] = &[
    "",
    "0",
    "-1",
    "1e999",
    "99999999999999999999",
    "-9223372036854775808",
    "2147483648",
    "NaN",
    "\"",
    "'",
    "\\",
    "\n",
    "\r\n",
    "\0",
    "\u{7f}",
    "\u{feff}",
    "\u{202e}",
    "ｄ０１",
    "日本語",
    "%",
    "%zz",
    "%00",
    "%ff",
    "%2F",
    "..",
    "../..",
    "//",
    "?",
    "&",
    "=",
    "#",
    ";",
    ":",
    "{}",
    "[]",
    "[[",
    "]]",
    "=\"\"",
    "true",
    "false",
    "9999-99-99",
    "2027-02-29",
    "2027-13-01",
    "24:00",
    "25:61",
    "T",
    "Z",
    "+09:00",
    "\t",
    "🎌",
    "ー",
    "　",
];

/// One mutation of `input`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let at = rng.below(v.len() + 1);
        match rng.below(9) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 => {
                let s = rng.pick(INTERESTING).as_bytes();
                v.splice(at..at, s.iter().copied());
            }
            3 if !v.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(v.len());
                v.drain(at.min(end)..end);
            }
            4 if !v.is_empty() => {
                // Repeat a line.
                let text = String::from_utf8_lossy(&v).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let l = lines[rng.below(lines.len())].to_string();
                    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                    let pos = rng.below(out.len() + 1);
                    out.insert(pos, l);
                    v = out.join("\n").into_bytes();
                }
            }
            5 if !v.is_empty() => {
                // Delete a line.
                let text = String::from_utf8_lossy(&v).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    lines.remove(rng.below(lines.len()));
                    v = lines.join("\n").into_bytes();
                }
            }
            6 if !other.is_empty() => {
                // Splice in part of another input.
                let from = rng.below(other.len());
                let len = rng.below(64).min(other.len() - from);
                v.splice(at..at, other[from..from + len].iter().copied());
            }
            7 => {
                // A long run.
                let b = *rng.pick(b"a9-:\" \n[{");
                let n = rng.below(2000);
                v.splice(at..at, std::iter::repeat_n(b, n));
            }
            _ => {
                // Replace a number somewhere with an interesting one.
                let text = String::from_utf8_lossy(&v).into_owned();
                if let Some(pos) = text.find(|c: char| c.is_ascii_digit()) {
                    let end = text[pos..]
                        .find(|c: char| !c.is_ascii_digit())
                        .map_or(text.len(), |e| pos + e);
                    let mut s = text.clone();
                    let with = *rng.pick(INTERESTING);
                    s.replace_range(pos..end, with);
                    v = s.into_bytes();
                }
            }
        }
    }
    v
}

/// Runs `one` on generated inputs for `seconds`; returns (executions, panics).
fn run(
    name: &str,
    seconds: u64,
    seed: u64,
    corpus: &[Vec<u8>],
    mut one: impl FnMut(&[u8]),
) -> (u64, usize) {
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let before = PANICS.load(Ordering::SeqCst);
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        for _ in 0..16 {
            let a = rng.pick(corpus);
            let b = rng.pick(corpus);
            let input = if rng.below(8) == 0 { a.clone() } else { mutate(&mut rng, a, b) };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| one(&input)));
            if result.is_err() {
                PANICS.fetch_add(1, Ordering::SeqCst);
                eprintln!(
                    "PANIC in {name} on input (lossy): {:?}",
                    String::from_utf8_lossy(&input).chars().take(400).collect::<String>()
                );
            }
            n += 1;
        }
    }
    let panics = PANICS.load(Ordering::SeqCst) - before;
    println!(
        "  {name:<8} {n:>10} inputs in {:>5.0} s ({:>8.0}/s)  panics: {panics}",
        start.elapsed().as_secs_f64(),
        n as f64 / start.elapsed().as_secs_f64()
    );
    (n, panics)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules_target(seconds: u64) -> (u64, usize) {
    let assoc = std::fs::read(repo().join("rules/association.toml")).unwrap();
    let members = std::fs::read(repo().join("rules/members.toml")).unwrap();
    let corpus = vec![assoc.clone(), members.clone()];
    let mut rng = Rng(7);
    run("rules", seconds, 0x5eed_0001, &corpus, |input| {
        // The mutated file beside the other, as `toban check` would read them.
        let text = String::from_utf8_lossy(input).into_owned();
        let other = if rng.below(2) == 0 { &assoc } else { &members };
        let sources = vec![
            toban::rules::Source { path: "rules/a.toml".into(), text },
            toban::rules::Source {
                path: "rules/b.toml".into(),
                text: String::from_utf8_lossy(other).into_owned(),
            },
        ];
        if let Err(e) = toban::rules::load(&sources) {
            let _ = e.to_string();
        }
    })
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//JA\r\nBEGIN:VEVENT\r\nUID:obon@x\r\nDTSTART;VALUE=DATE:20270813\r\nDTEND;VALUE=DATE:20270817\r\nSUMMARY:お盆休み\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:work@x\r\nDTSTART;VALUE=DATE:20270920\r\nSUMMARY:敬老の日（診療）\r\nX-TOBAN-ACTION:REMOVE\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:u@x\r\nDTSTART;VALUE=DATE:20271230\r\nDTEND;VALUE=DATE:20280104\r\nSUMMARY:年末\\, 年始\r\nRRULE:FREQ=YEARLY;UNTIL=20300101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn ics_target(seconds: u64) -> (u64, usize) {
    let corpus = vec![ICS.as_bytes().to_vec()];
    run("ics", seconds, 0x5eed_0002, &corpus, |input| {
        let text = String::from_utf8_lossy(input);
        if let Ok(overrides) = toban::calendar::ics::parse_overrides("calendars/x.ics", &text) {
            // What toban does next with them: build the calendar.
            let _ = toban::calendar::HolidayCalendar::build(2026..=2029, &overrides);
        }
    })
}

fn history_target(seconds: u64) -> (u64, usize) {
    let rules = load_rules();
    let csv = "slot_start,doctor,kind\n2026-01-06,d01,regular\n2026-01-13,d02,regular\n2025-12-29,d03,new_year\n2026-04-28,d04,golden_week\n2026-05-05,d05,regular\n";
    let corpus = vec![csv.as_bytes().to_vec()];
    let published = std::collections::BTreeSet::from([2027]);
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
    run("history", seconds, 0x5eed_0003, &corpus, |input| {
        let known = toban::cli::history::file::Known { today, published: &published, stored: &[] };
        let _ = toban::cli::history::file::read(&rules, &[], "history.csv", input, &known);
    })
}

fn load_rules() -> toban::rules::Rules {
    let sources: Vec<toban::rules::Source> = ["association.toml", "members.toml"]
        .iter()
        .map(|f| toban::rules::Source {
            path: f.into(),
            text: std::fs::read_to_string(repo().join("rules").join(f)).unwrap(),
        })
        .collect();
    toban::rules::load(&sources).unwrap()
}

/// A store with the 2027 rota published, patients, and invite codes for a doctor, the nurse
/// station, a hospital and the office (made by the real binary).
fn prepared_store(dir: &Path) -> Vec<(String, String)> {
    common::toban(dir, &["plan", "2027"]);
    common::toban(dir, &["rota", "publish", "2027"]);
    for (name, att) in [("山田 花子", "d01"), ("佐藤 一郎", "d07")] {
        common::toban(
            dir,
            &[
                "patient",
                "add",
                "--name",
                name,
                "--address",
                "匝瑳市",
                "--attending",
                att,
                "--consent",
                "2027-01-10",
            ],
        );
    }
    ["d01", "d07", "ns1", "h1", "office"]
        .iter()
        .map(|m| {
            let out = common::toban(dir, &["invite", m, "--format", "json"]);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            (m.to_string(), v["code"].as_str().unwrap().to_string())
        })
        .collect()
}

const COMMANDS: &[&str] = &[
    "/start",
    "/help",
    "/who",
    "/call",
    "/call 1 発熱",
    "/call 山田",
    "/cancel",
    "/cancel 1",
    "/status",
    "/report",
    "/report 1",
    "/report 1 往診した 経過観察",
    "/report 1 解熱剤を投与",
    "入院 救急搬送",
    "/mine",
    "/away 3/10 3/12 学会",
    "/away",
    "/back",
    "/note 申し送り",
    "/feed",
    "/swap",
    "/swap 2027-06-01 d03 2027-09-07",
    "/swap 6/1 d03",
    "/cover 6/1",
    "/cover 2027-06-08",
    "1",
    "2",
    "はい",
    "いいえ",
    "/start 0123456789abcdef0123456789abcdef",
];
const BUTTONS: &[&str] = &[
    "accept:1",
    "decline:1",
    "cancel:1",
    "swapyes:1",
    "swapno:1",
    "swp:2027-06-01",
    "swp:2027-06-01:d03",
    "swp:2027-06-01:d03:2027-09-07",
    "swp:2027-06-01:d03:-",
    "callsend:1",
    "callstop:1",
    "rpt:1:visit",
    "rpt:1:other",
    "rpt:x:y",
    "form:1",
    "form:cancel",
    "x",
    "",
];

fn chat_target(seconds: u64) -> (u64, usize) {
    let dir = tempfile::tempdir().unwrap();
    let codes = prepared_store(dir.path());
    let rules = load_rules();
    let store = toban::store::SledStore::open(&dir.path().join("data")).unwrap();
    let h = toban::chat::core::Handlers { rules: &rules, overrides: &[], store: &store };
    let now = Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap();
    for (i, (_, code)) in codes.iter().enumerate() {
        let chat = 100 + i as i64;
        h.message(chat, chat as u64, true, &format!("/start {code}"), now).unwrap();
    }
    // A raised call, so Accept / Decline buttons have something to act on.
    h.message(102, 102, true, "/call 1 発熱", now).unwrap();
    h.button(102, 102, "callsend:1", now).unwrap();
    let mut corpus: Vec<Vec<u8>> = COMMANDS.iter().map(|c| c.as_bytes().to_vec()).collect();
    corpus.extend(BUTTONS.iter().map(|b| b.as_bytes().to_vec()));
    let mut rng = Rng(11);
    run("chat", seconds, 0x5eed_0004, &corpus, |input| {
        let text = String::from_utf8_lossy(input);
        let chat = 100 + rng.below(7) as i64; // 105, 106: strangers
        let at = now + chrono::Duration::minutes(rng.below(60 * 24 * 30) as i64);
        if rng.below(2) == 0 {
            let _ = h.message(chat, chat as u64, rng.below(8) != 0, &text, at);
        } else {
            let _ = h.button(chat, chat as u64, &text, at);
        }
    })
}

fn http_target(seconds: u64) -> (u64, usize) {
    let dir = tempfile::tempdir().unwrap();
    let _ = prepared_store(dir.path());
    let out = common::toban(dir.path(), &["feed", "token", "issue", "d01", "--format", "json"]);
    let token: serde_json::Value = serde_json::from_str(&out).unwrap();
    let token = token["token"].as_str().unwrap().to_string();
    let child = std::process::Command::new(common::BIN)
        .current_dir(dir.path())
        .env("TOBAN_RULES", repo().join("rules"))
        .env("TOBAN_DATA", dir.path().join("data"))
        .env("TOBAN_CLOCK", "2027-03-02T22:00:00+09:00")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let child = Arc::new(Mutex::new(child));
    let addr_file = dir.path().join("data/serve.addr");
    let start = Instant::now();
    while !addr_file.exists() {
        assert!(start.elapsed() < Duration::from_secs(20), "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let addr = std::fs::read_to_string(&addr_file)
        .unwrap()
        .trim()
        .trim_start_matches("http://")
        .to_string();
    let corpus: Vec<Vec<u8>> = [
        format!("/feeds/{token}.ics"),
        format!("/rota/{token}?year=2027"),
        "/api/oncall?at=2027-03-02T22:00:00%2B09:00".to_string(),
        "/healthz".to_string(),
        format!("/rota/{token}"),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    let mut rng = Rng(13);
    let result = run("http", seconds, 0x5eed_0005, &corpus, |input| {
        // Raw bytes on the request line: hyper must reject what is not HTTP; toban must answer
        // the rest without dying.
        let path: Vec<u8> = input.iter().copied().filter(|&b| b != b'\r' && b != b'\n').collect();
        let mut req = b"GET ".to_vec();
        req.extend_from_slice(&path);
        req.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        if rng.below(2) == 0 {
            req.extend_from_slice(format!("Authorization: Bearer {token}\r\n").as_bytes());
        }
        req.extend_from_slice(b"\r\n");
        let mut s = TcpStream::connect(&addr).expect("serve is still listening");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(&req).unwrap();
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        let status =
            std::str::from_utf8(answer.get(9..12).unwrap_or(b"")).unwrap_or("").to_string();
        assert!(
            !status.starts_with('5') || status == "503",
            "a server error {status} for {:?}",
            String::from_utf8_lossy(&path)
        );
    });
    let mut c = child.lock().unwrap();
    let alive = c.try_wait().unwrap().is_none();
    let _ = c.kill();
    let mut err = String::new();
    let _ = c.wait();
    if let Some(mut e) = c.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let server_panics = err.matches("panicked").count();
    if !alive || server_panics > 0 {
        eprintln!("serve died or panicked:\n{err}");
        PANICS.fetch_add(server_panics.max(1), Ordering::SeqCst);
        return (result.0, result.1 + server_panics.max(1));
    }
    result
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut seconds = 60u64;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => seconds = it.next().and_then(|s| s.parse().ok()).expect("--seconds N"),
            t => targets.push(t.to_string()),
        }
    }
    let all = ["rules", "ics", "history", "chat", "http"];
    if targets.is_empty() {
        targets = all.iter().map(|s| s.to_string()).collect();
    }
    // Panics are caught and counted; keep their messages short and on one line.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("panic: {info}");
    }));
    println!(
        "toban fuzz: {seconds} s per target, seeded generators (xorshift), mutating real inputs"
    );
    let mut total = 0;
    for t in &targets {
        let (_, panics) = match t.as_str() {
            "rules" => rules_target(seconds),
            "ics" => ics_target(seconds),
            "history" => history_target(seconds),
            "chat" => chat_target(seconds),
            "http" => http_target(seconds),
            other => panic!("unknown target {other}: one of {all:?}"),
        };
        total += panics;
    }
    if total > 0 {
        eprintln!("{total} panic(s): see above; each becomes a regression test");
        std::process::exit(1);
    }
}
