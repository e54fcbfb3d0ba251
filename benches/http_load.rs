//! Load on `toban serve`'s HTTP server from a load generator on 127.0.0.1: requests per second
//! and latency percentiles for a doctor's feed and for the on-duty API, and the same for a
//! plain in-memory HTTP server (axum, one fixed body of the feed's size) for scale.
//!
//! `cargo bench --bench http_load`. Bounded: each run stops after `TOBAN_BENCH_SECONDS` (3)
//! seconds or `TOBAN_BENCH_REQUESTS` (100000) requests. Keep-alive connections, one per client
//! thread (`TOBAN_BENCH_CLIENTS`, 4); client and server share the machine's cores.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod common;

use common::{BIN, toban};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One keep-alive GET; returns the status.
fn request(reader: &mut BufReader<TcpStream>, request: &[u8]) -> u16 {
    reader.get_mut().write_all(request).expect("write");
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    status
}

struct Figures {
    requests: usize,
    seconds: f64,
    p50: f64,
    p99: f64,
}

fn load(host: &str, path: &str, headers: &str) -> Figures {
    let clients = env("TOBAN_BENCH_CLIENTS", 4);
    let limit = env("TOBAN_BENCH_REQUESTS", 100_000);
    let seconds = env("TOBAN_BENCH_SECONDS", 3) as u64;
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n").into_bytes();
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (host, req, count, stop) =
                (host.to_string(), req.clone(), count.clone(), stop.clone());
            std::thread::spawn(move || {
                let stream = TcpStream::connect(&host).expect("connect");
                stream.set_nodelay(true).ok();
                let mut reader = BufReader::new(stream);
                let mut lat = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    if count.fetch_add(1, Ordering::Relaxed) >= limit {
                        break;
                    }
                    let t = Instant::now();
                    let status = request(&mut reader, &req);
                    assert!(status == 200, "status {status}");
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    while start.elapsed() < Duration::from_secs(seconds) && count.load(Ordering::Relaxed) < limit {
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    let mut lat: Vec<Duration> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let elapsed = start.elapsed().as_secs_f64();
    lat.sort_unstable();
    let pct = |q: f64| lat[((lat.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    Figures { requests: lat.len(), seconds: elapsed, p50: pct(0.5), p99: pct(0.99) }
}

fn print(name: &str, f: &Figures) {
    println!(
        "  {name:<28} {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests in {:.1} s)",
        f.requests as f64 / f.seconds,
        f.p50,
        f.p99,
        f.requests,
        f.seconds
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    toban(d, &["plan", "2027"]);
    toban(d, &["rota", "publish", "2027"]);
    let token = |args: &[&str]| -> String {
        let mut all = vec!["feed", "token", "issue"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&toban(d, &all)).unwrap();
        v["token"].as_str().unwrap().to_string()
    };
    let (mine, api) = (token(&["d01"]), token(&["--all"]));
    let mut serve = Command::new(BIN)
        .current_dir(d)
        .env("TOBAN_RULES", Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
        .env("TOBAN_DATA", d.join("data"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let addr_file = d.join("data").join("serve.addr");
    let t = Instant::now();
    while !addr_file.exists() {
        assert!(t.elapsed() < Duration::from_secs(20), "serve did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    let host = std::fs::read_to_string(&addr_file)
        .unwrap()
        .trim()
        .trim_start_matches("http://")
        .to_string();
    // The feed's size, for the plain server.
    let size = {
        let mut r = BufReader::new(TcpStream::connect(&host).unwrap());
        let req =
            format!("GET /feeds/{mine}.ics HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        r.get_mut().write_all(req.as_bytes()).unwrap();
        let mut all = String::new();
        r.read_to_string(&mut all).unwrap();
        all.split_once("\r\n\r\n").map_or(0, |(_, b)| b.len())
    };

    println!(
        "toban HTTP load: {} client threads, keep-alive, 127.0.0.1, release build",
        env("TOBAN_BENCH_CLIENTS", 4)
    );
    print("feed (one doctor)", &load(&host, &format!("/feeds/{mine}.ics"), ""));
    print(
        "on-duty API",
        &load(
            &host,
            "/api/oncall?at=2027-03-02T22:00:00%2B09:00",
            &format!("Authorization: Bearer {api}\r\n"),
        ),
    );
    let _ = serve.kill();
    let _ = serve.wait();

    // A plain server for scale: the same number of bytes from memory, no store, no token.
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let body: &'static str = Box::leak("x".repeat(size).into_boxed_str());
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let plain = listener.local_addr().unwrap().to_string();
    runtime.spawn(async move {
        let app = axum::Router::new()
            .route("/static.ics", axum::routing::get(move || async move { body }));
        axum::serve(listener, app).await.unwrap();
    });
    std::thread::sleep(Duration::from_millis(100));
    print(&format!("plain server ({size} bytes)"), &load(&plain, "/static.ics", ""));
}
