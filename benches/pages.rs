//! The web console's pages for a large association, through the real `toban serve` on
//! 127.0.0.1 (issue 18: "every page renders in < 100 ms server time for a 60-doctor
//! association with 5 years of history and 1,000 calls, and weighs < 150 KB").
//!
//! `cargo bench --bench pages`. The association is the shipped one (3 hospitals, a nurse
//! station, the office) with 50 more doctors: 60 in all. Its store is filled through the real
//! binary before `serve` starts, the clock moved through five years as it goes:
//! - five years of past duties (plan years 2022–2026), imported with `toban history import`;
//! - 2027 planned and published;
//! - `TOBAN_BENCH_PATIENTS` (900) patients registered over those years, four in five of them
//!   with their course ended (died at home, died in hospital, admitted, moved);
//! - `TOBAN_BENCH_CALLS` (1000) calls spread over the five years, each raised by the nurse
//!   station, one in four declined by the attending doctor and taken by the next one asked,
//!   then accepted and reported;
//! - `TOBAN_BENCH_ABSENCES` (3) absences per doctor per year over 2023–2027 (900), added once
//!   `serve` runs (the commands go through it), so the Absences page lists those running and
//!   to come and pages the past ones.
//!
//! Then the office signs in (the setup link of `toban admin add`, a password) and every console
//! page is fetched `TOBAN_BENCH_ROUNDS` (20) times, one request at a time, after one unmeasured
//! request. "ms" is from the request written to the last byte read on loopback (the server's
//! time plus a loopback round trip); "KB" is the page's body.
//!
//! The bench fails (exit 1, each page named on stderr with its status, time and size) when a
//! page does not answer 200, its median time is not under 100 ms or its body not under 150 KB
//! (`common/limits.rs`), so a regression does not pass unnoticed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/limits.rs"]
mod limits;

const BIN: &str = env!("CARGO_BIN_EXE_toban");
const EXTRA_DOCTORS: usize = 50;
const PASSWORD: &str = "まつぼっくり-2027-spring";

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Bench {
    dir: PathBuf,
}

impl Bench {
    fn clock(&self, instant: &str) {
        let tmp = self.dir.join("clock.tmp");
        std::fs::write(&tmp, instant).expect("write the clock");
        std::fs::rename(&tmp, self.dir.join("clock")).expect("set the clock");
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(&self.dir)
            .env("TOBAN_RULES", self.dir.join("rules"))
            .env("TOBAN_DATA", self.dir.join("data"))
            .env("TOBAN_CLOCK", format!("file:{}", self.dir.join("clock").display()))
            .env("TOBAN_LANG", "en")
            .env_remove("TELOXIDE_TOKEN")
            .env_remove("LINE_CHANNEL_SECRET")
            .env_remove("LINE_CHANNEL_ACCESS_TOKEN");
        cmd
    }

    /// Runs `toban ARGS`; panics with its stderr unless it succeeds.
    fn run(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run toban");
        assert!(out.status.success(), "toban {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// The shipped rules with `EXTRA_DOCTORS` more doctors.
fn rules(dir: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let to = dir.join("rules");
    std::fs::create_dir(&to).expect("rules dir");
    for entry in std::fs::read_dir(&from).expect("the shipped rules") {
        let entry = entry.expect("a rules file");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy the rules");
    }
    let mut members = std::fs::read_to_string(to.join("members.toml")).expect("members.toml");
    for i in 11..=10 + EXTRA_DOCTORS {
        members.push_str(&format!(
            "\n[[doctor]]\nid = \"d{i:02}\"\nname = \"医師 {i}\"\nclinic = \"クリニック {i}\"\njoined = 2000-01-01\n"
        ));
    }
    std::fs::write(to.join("members.toml"), members).expect("write members.toml");
}

/// Every slot of plan years 2022–2026, one doctor each in turn.
fn history(b: &Bench) -> usize {
    let mut text = String::from("slot_start,doctor,kind\n");
    let mut n = 0;
    for year in 2022..=2026 {
        let v: serde_json::Value =
            serde_json::from_str(&b.run(&["slots", &year.to_string(), "--format", "json"]))
                .expect("slots JSON");
        for s in v["slots"].as_array().expect("slots") {
            let start = &s["start"].as_str().expect("start")[..10];
            if start > "2026-12-27" {
                continue;
            }
            let kind = s["kind"].as_str().expect("kind");
            // Every doctor in turn but d10, who joined in 2024.
            let k = n % (9 + EXTRA_DOCTORS) + 1;
            text.push_str(&format!("{start},d{:02},{kind}\n", if k >= 10 { k + 1 } else { k }));
            n += 1;
        }
    }
    let file = b.dir.join("history.csv");
    std::fs::write(&file, text).expect("write the history");
    b.run(&["history", "import", file.to_str().expect("UTF-8 path")]);
    n
}

/// The instant `minutes` after 2022-01-10 09:00 JST, as the clock file takes it.
fn at(minutes: i64) -> String {
    let start = chrono::DateTime::parse_from_rfc3339("2022-01-10T09:00:00+09:00").expect("start");
    (start + chrono::Duration::minutes(minutes)).to_rfc3339()
}

const FIVE_YEARS: i64 = 5 * 365 * 24 * 60 - 60 * 24 * 20;

/// What fills the store, in time order.
#[derive(Clone, Copy)]
enum Event {
    Register(usize),
    End(usize),
    Call(usize),
}

/// Patients registered over the five years, four in five of whom see their course end some
/// months later; calls spread over the same years, each for a patient whose course is open.
fn events(patients: usize, calls: usize) -> Vec<(i64, Event)> {
    let mut out = Vec::new();
    for i in 0..patients {
        let t = FIVE_YEARS * i as i64 / patients as i64;
        out.push((t, Event::Register(i)));
        if !i.is_multiple_of(5) {
            out.push((t + 90 * 24 * 60, Event::End(i)));
        }
    }
    for i in 0..calls {
        out.push((FIVE_YEARS * i as i64 / calls as i64 + 7, Event::Call(i)));
    }
    out.retain(|(t, _)| *t < FIVE_YEARS);
    out.sort_by_key(|(t, _)| *t);
    out
}

fn register(b: &Bench, i: usize, t: i64) {
    let day = &at(t)[..10];
    let attending = format!("d{:02}", i % (10 + EXTRA_DOCTORS) + 1);
    let hospital = format!("h{}", i % 3 + 1);
    b.run(&[
        "patient",
        "add",
        "--name",
        &format!("患者 {i}"),
        "--address",
        &format!("松戸市 {i}-1"),
        "--area",
        "松戸",
        "--attending",
        &attending,
        "--hospital",
        &hospital,
        "--consent",
        day,
    ]);
}

fn end(b: &Bench, i: usize, t: i64) {
    let ends = ["died_home", "died_hospital", "admitted", "moved"];
    b.run(&["patient", "course", &(i + 1).to_string(), ends[i % 4], &at(t)[..10]]);
}

/// The doctor or hospital `toban` says it asks now: the id in "asking …: Dr Aoki Ichiro (d01),
/// until …", or the first word after the colon where no name is given.
fn asked(out: &str) -> Option<String> {
    let rest = &out[out.rfind(": ")? + 2..];
    let id = match (rest.find('('), rest.find(')')) {
        (Some(a), Some(z)) if a < z => &rest[a + 1..z],
        _ => rest.split_whitespace().next()?.trim_end_matches(','),
    };
    (!id.is_empty()).then(|| id.to_string())
}

fn call(b: &Bench, i: usize, t: i64, open: &[usize]) -> bool {
    let Some(&p) = open.get(i % open.len().max(1)) else { return false };
    let out = b.run(&[
        "call",
        "raise",
        "--patient",
        &(p + 1).to_string(),
        "--from",
        "ns1",
        "--note",
        "発熱、呼吸が苦しそう",
    ]);
    let id = out.split_whitespace().nth(1).expect("call N raised").to_string();
    let Some(mut who) = asked(out.lines().nth(1).unwrap_or("")) else { return true };
    if i.is_multiple_of(4) {
        b.clock(&at(t + 2));
        let out = b.run(&["call", "decline", &id, "--as", &who]);
        match out.lines().find(|l| l.contains("asking")).and_then(asked) {
            Some(next) => who = next,
            None => return true,
        }
    }
    b.clock(&at(t + 5));
    let accepted =
        b.command().args(["call", "accept", &id, "--as", &who]).output().expect("accept");
    if accepted.status.success() {
        b.clock(&at(t + 70));
        b.run(&[
            "call",
            "report",
            &id,
            "--as",
            &who,
            "--outcome",
            "visit",
            "--text",
            "往診し、落ち着いた",
        ]);
    }
    true
}

/// Fills the store: patients, their courses and calls in time order; returns the calls raised.
fn fill(b: &Bench, patients: usize, calls: usize) -> usize {
    let mut open: Vec<usize> = Vec::new();
    let mut raised = 0;
    for (t, event) in events(patients, calls) {
        b.clock(&at(t));
        match event {
            Event::Register(i) => {
                register(b, i, t);
                open.push(i);
            }
            Event::End(i) => {
                end(b, i, t);
                open.retain(|p| *p != i);
            }
            Event::Call(i) => raised += usize::from(call(b, i, t, &open)),
        }
    }
    raised
}

/// `per_year` absences of every doctor in each year 2023–2027, three days each, spread over
/// the months; returns how many.
fn absences(b: &Bench, per_year: usize) -> usize {
    let mut n = 0;
    for year in 2023..=2027 {
        for d in 1..=10 + EXTRA_DOCTORS {
            for k in 0..per_year {
                let month = (d + 4 * k) % 12 + 1;
                let day = d % 25 + 1;
                let (from, to) = (
                    format!("{year}-{month:02}-{day:02}"),
                    format!("{year}-{month:02}-{:02}", day + 2),
                );
                b.run(&["absence", "add", &format!("d{d:02}"), &from, &to, "--note", "学会"]);
                n += 1;
            }
        }
    }
    n
}

struct Resp {
    status: u16,
    cookies: Vec<(String, String)>,
    body: String,
    ms: f64,
}

fn request(addr: &str, method: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> Resp {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect();
    let body = body.join("&");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    let started = Instant::now();
    stream.write_all(head.as_bytes()).expect("write");
    stream.write_all(body.as_bytes()).expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a response");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cookies = lines
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| {
            v.trim().split(';').next()?.split_once('=').map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .collect();
    Resp { status, cookies, body: body.to_string(), ms }
}

fn cookie(r: &Resp, name: &str) -> String {
    r.cookies
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

fn csrf(r: &Resp) -> String {
    let at = r.body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    r.body[at..at + 64].to_string()
}

/// Opens `path`, then posts `fields` with its form cookie (`jar`) and CSRF token.
fn post_form(addr: &str, path: &str, jar: &str, fields: &[(&str, &str)]) -> Resp {
    let page = request(addr, "GET", path, "", &[]);
    let jar = format!("{jar}={}", cookie(&page, jar));
    let token = csrf(&page);
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    request(addr, "POST", path, &jar, &all)
}

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let n_patients = env("TOBAN_BENCH_PATIENTS", 900);
    let n_calls = env("TOBAN_BENCH_CALLS", 1000);
    let rounds = env("TOBAN_BENCH_ROUNDS", 20);
    let tmp = tempfile::tempdir().expect("tempdir");
    let b = Bench { dir: tmp.path().to_path_buf() };
    rules(&b.dir);
    let started = Instant::now();
    let raised = fill(&b, n_patients, n_calls);
    b.clock("2026-12-28T09:00:00+09:00");
    let slots = history(&b);
    b.run(&["plan", "2027"]);
    b.run(&["rota", "publish", "2027"]);
    b.clock("2027-03-02T22:00:00+09:00");
    let setup =
        first_link(&b.run(&["admin", "add", "office"]), "/admin/setup/").expect("a setup link");
    println!(
        "toban web console: 60 doctors, {slots} past slots (2022–2026), {n_patients} patients, {raised} calls; filled in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    let serve = Serve(
        b.command()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve"),
    );
    let addr_file = b.dir.join("data").join("serve.addr");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !addr_file.exists() {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let addr = std::fs::read_to_string(&addr_file)
        .expect("serve.addr")
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let n_absences = absences(&b, env("TOBAN_BENCH_ABSENCES", 3));
    println!("{n_absences} absences added through serve");
    // Let serve send the outbox that filling the store left (the console notifier).
    std::thread::sleep(Duration::from_secs(5));

    let r = post_form(&addr, &setup, "toban_form", &[("password", PASSWORD), ("again", PASSWORD)]);
    assert_eq!(r.status, 303, "setup: {}", r.body);
    let r = post_form(
        &addr,
        "/admin/login",
        "toban_form",
        &[("admin", "office"), ("password", PASSWORD)],
    );
    assert_eq!(r.status, 303, "sign-in: {}", r.body);
    let session = format!("toban_session={}", cookie(&r, "toban_session"));
    // A doctor signs in to their own pages with the link `toban web link` prints.
    let me_link = first_link(&b.run(&["web", "link", "d01"]), "/me/link/").expect("a sign-in link");
    let r = post_form(&addr, &me_link, "toban_me_form", &[]);
    assert_eq!(r.status, 303, "doctor's sign-in: {}", r.body);
    let doctor = format!("toban_me={}", cookie(&r, "toban_me"));

    // A slot of the coming weeks, as the year page links it; a call and a patient half-way;
    // the cover form of an absence that falls on a published duty, as the Absences page links
    // it; the doctor's page after adding an absence, and a sign-in link not yet used.
    let year = request(&addr, "GET", "/admin/year/2027", &session, &[]);
    let slot =
        first_link(&year.body, "/admin/year/2027/slot/").expect("a slot link on the year page");
    let listed = request(&addr, "GET", "/admin/absences", &session, &[]);
    let cover = cover_link(&listed.body)
        .unwrap_or_else(|| "/admin/absences/no-cover-link-listed/cover/none".into());
    let mine = request(&addr, "GET", "/me", &doctor, &[]);
    let added = first_link(&mine.body, "/me/absences/")
        .and_then(|l| l.split('/').nth(3).map(|id| format!("/me?added={id}")))
        .unwrap_or_else(|| "/me?added=none-listed".into());
    let fresh = b.run(&["web", "link", "d02"]);
    let fresh = first_link(&fresh, "/me/link/").expect("a sign-in link");
    let call = format!("/admin/calls/{}", raised / 2);
    let patient = format!("/admin/patients/{}", n_patients / 2);
    let (edit, remove) = (format!("{patient}/edit"), format!("{patient}/remove"));
    let pages = [
        "/admin/login",
        "/admin",
        "/admin/year/2027",
        "/admin/year/2027/print",
        &slot,
        "/admin/plan/2027",
        "/admin/members",
        "/admin/members/doctor/new",
        "/admin/members/doctor/d30",
        "/admin/members/place/new",
        "/admin/members/period/new",
        "/admin/absences",
        "/admin/absences?past=1",
        "/admin/absences?past=1&page=2",
        &cover,
        "/admin/calls",
        "/admin/calls?page=2",
        &call,
        "/admin/audit",
        "/admin/report/2026",
        "/admin/patients",
        "/admin/patients?page=2",
        "/admin/patients/new",
        &patient,
        &edit,
        &remove,
        "/admin/invitations",
        "/admin/feeds",
        "/admin/backups",
        "/admin/hospitals",
        "/admin/board",
        "/admin/import",
        "/me",
        &added,
        &fresh,
    ];
    println!("{:<40} {:>6} {:>9} {:>9} {:>9}", "page", "status", "median ms", "max ms", "KB");
    let mut rows = Vec::new();
    for page in pages {
        // The sign-in pages as a visitor sees them: signed in, they send you on.
        let jar = match page {
            p if p == "/admin/login" || p.starts_with("/me/link/") => "",
            p if p.starts_with("/me") => &doctor,
            _ => &session,
        };
        let first = request(&addr, "GET", page, jar, &[]);
        let mut times: Vec<f64> =
            (0..rounds).map(|_| request(&addr, "GET", page, jar, &[]).ms).collect();
        times.sort_by(f64::total_cmp);
        let m = limits::Measured {
            page: page.to_string(),
            status: first.status,
            median_ms: times[times.len() / 2],
            max_ms: *times.last().expect("a round"),
            bytes: first.body.len(),
        };
        println!(
            "{:<40} {:>6} {:>9.1} {:>9.1} {:>9.1}",
            if m.page.starts_with("/me/link/") { "/me/link/TOKEN" } else { &m.page },
            m.status,
            m.median_ms,
            m.max_ms,
            m.bytes as f64 / 1024.0
        );
        rows.push(m);
    }
    let slowest = rows.iter().map(|m| m.max_ms).fold(0.0, f64::max);
    let heaviest = rows.iter().map(|m| m.bytes).max().unwrap_or(0);
    println!("slowest request {slowest:.1} ms; heaviest page {:.1} KB", heaviest as f64 / 1024.0);
    drop(serve);
    let failed = limits::failures(&rows, &limits::ISSUE_18);
    if !failed.is_empty() {
        eprintln!(
            "issue 18's limits (median < 100 ms, < 150 KB) are broken by {} page(s):",
            failed.len()
        );
        for f in &failed {
            eprintln!("  {f}");
        }
        std::process::exit(1);
    }
    println!("every page is under issue 18's limits: median < 100 ms, < 150 KB");
}

/// The first link in `body` (HTML or a command's output) that starts with `prefix`, up to the
/// quote or space that ends it.
fn first_link(body: &str, prefix: &str) -> Option<String> {
    let at = body.find(prefix)?;
    let end = body[at..].find(|c: char| c == '"' || c.is_whitespace()).unwrap_or(body.len() - at);
    Some(body[at..at + end].to_string())
}

/// The first cover form link (`/admin/absences/ID/cover/SLOT`) in `body`.
fn cover_link(body: &str) -> Option<String> {
    let at = body.find("/cover/")?;
    let start = body[..at].rfind("\"/admin/absences/")? + 1;
    first_link(&body[start..], "/admin/absences/")
}
