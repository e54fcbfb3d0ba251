//! A fake webhook receiver on 127.0.0.1 (issue 19), as a phone or SMS gateway would be: it
//! checks each request's signature as README "Webhooks for phone and SMS gateways" tells a
//! gateway to (HMAC-SHA256 over timestamp + "." + body, compared in constant time, and a
//! timestamp no more than 5 minutes off), records the requests that pass, and can answer the
//! next ones with a status, or be down for a while (the outage benchmark too).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::Value;

/// The secret the tests share with `serve` (through the variable below).
pub const SECRET: &str = "webhook-test-secret-0123456789abcdef";
pub const SECRET_VAR: &str = "TOBAN_WEBHOOK_PHONE_SECRET";

#[derive(Default)]
struct State {
    received: Vec<Value>,
    /// When each of `received` arrived.
    arrived: Vec<Instant>,
    failures: VecDeque<u16>,
    failed: usize,
    bad_signatures: usize,
    /// Until then, every request fails, in turn: 500, 429 (`Retry-After: 2`), a dropped
    /// connection, 502, a hang longer than the client's timeout (an outage).
    down_until: Option<Instant>,
    down_turn: usize,
}

#[derive(Clone)]
pub struct FakeWebhook {
    state: Arc<Mutex<State>>,
    pub url: String,
}

impl FakeWebhook {
    pub fn start() -> FakeWebhook {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/toban", listener.local_addr().unwrap());
        let fake = FakeWebhook { state: Arc::default(), url };
        let server = fake.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = server.clone();
                std::thread::spawn(move || server.connection(stream));
            }
        });
        fake
    }

    /// Answers the next `n` requests with `status`.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.state.lock().unwrap().failures.extend(std::iter::repeat_n(status, n));
    }

    /// The gateway is down for `d`: see `State::down_until`.
    pub fn outage(&self, d: Duration) {
        self.state.lock().unwrap().down_until = Some(Instant::now() + d);
    }

    /// Forgets the statuses still to answer with.
    pub fn clear_failures(&self) {
        self.state.lock().unwrap().failures.clear();
    }

    pub fn failed(&self) -> usize {
        self.state.lock().unwrap().failed
    }

    pub fn bad_signatures(&self) -> usize {
        self.state.lock().unwrap().bad_signatures
    }

    /// The bodies of the requests accepted (signature good, answered 200), in order.
    pub fn received(&self) -> Vec<Value> {
        self.state.lock().unwrap().received.clone()
    }

    /// The bodies accepted, each with when it arrived, in order.
    pub fn received_at(&self) -> Vec<(Instant, Value)> {
        let s = self.state.lock().unwrap();
        s.arrived.iter().copied().zip(s.received.iter().cloned()).collect()
    }

    pub fn wait(&self, limit: Duration, what: &str, ok: impl Fn(&[Value]) -> bool) {
        let start = Instant::now();
        loop {
            if ok(&self.received()) {
                return;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {what}: {:#?}",
                self.received()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn connection(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let (mut length, mut timestamp, mut signature) = (0, String::new(), String::new());
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 {
                    return;
                }
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    let v = v.trim().to_string();
                    match k.to_ascii_lowercase().as_str() {
                        "content-length" => length = v.parse().unwrap_or(0),
                        "x-toban-timestamp" => timestamp = v,
                        "x-toban-signature" => signature = v,
                        _ => {}
                    }
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let (status, retry_after) = match self.down() {
                Some(0) => return,
                Some(status) => (status, if status == 429 { 2 } else { 1 }),
                None => (self.answer(&timestamp, &signature, &body), 1),
            };
            let head = format!(
                "HTTP/1.1 {status} X\r\nRetry-After: {retry_after}\r\nContent-Length: 0\r\n\r\n"
            );
            if writer.write_all(head.as_bytes()).is_err() {
                return;
            }
        }
    }

    /// During an outage, how this request fails (0: dropped unanswered); `None` when up.
    fn down(&self) -> Option<u16> {
        let mut s = self.state.lock().unwrap();
        if s.down_until.is_none_or(|t| Instant::now() >= t) {
            return None;
        }
        s.down_turn += 1;
        s.failed += 1;
        let turn = s.down_turn % 5;
        drop(s);
        if turn == 4 {
            // Longer than toban's webhook timeout (10 s), then nothing.
            std::thread::sleep(Duration::from_secs(12));
        }
        Some([500, 429, 0, 502, 0][turn])
    }

    fn answer(&self, timestamp: &str, signature: &str, body: &[u8]) -> u16 {
        let mut s = self.state.lock().unwrap();
        if !verify(SECRET.as_bytes(), timestamp, body, signature) || !fresh(timestamp) {
            s.bad_signatures += 1;
            return 401;
        }
        if let Some(status) = s.failures.pop_front() {
            s.failed += 1;
            return status;
        }
        s.received.push(serde_json::from_slice(body).unwrap_or(Value::Null));
        s.arrived.push(Instant::now());
        200
    }
}

/// Whether `timestamp` (Unix seconds) is within 5 minutes of now: a gateway refuses an older
/// one (README), so a signature cannot be replayed later.
pub fn fresh(timestamp: &str) -> bool {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    timestamp.trim().parse::<i64>().is_ok_and(|t| (now.as_secs() as i64 - t).abs() <= 300)
}

/// What a gateway does (README): recompute HMAC-SHA256(secret, timestamp + "." + body) and
/// compare it in constant time with the hex after `v1=`.
pub fn verify(secret: &[u8], timestamp: &str, body: &[u8], signature: &str) -> bool {
    let Some(hex) = signature.strip_prefix("v1=") else { return false };
    let Ok(bytes) = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
    else {
        return false;
    };
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&bytes).is_ok()
}
