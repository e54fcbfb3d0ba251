//! A fake LINE Messaging API on 127.0.0.1 that the tests control (issue 19), like
//! [`crate::fake_telegram`]: it records every successful push and reply (with the bearer token
//! it was called with), knows which user each reply token was given to, refuses a reply token
//! used twice (as LINE does), and can fail the next calls with 5xx or 429 (with a `Retry-After`
//! a test may set, and the time of every call kept), or be down for a while (the outage
//! benchmark). Each message it shows gets an id, answered in `sentMessages` as LINE does, which
//! a text event may quote. It also builds the
//! webhook events LINE would send, and posts them to `toban serve` signed with the channel
//! secret. Rich menus (issue 19): it keeps the menus created, their images, and which menu each
//! user is shown, refusing to link a menu without its image (as LINE does). Plain HTTP/1.1 by
//! hand, so the tests need no server crate.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

/// The channel secret and access token the tests give `serve`.
pub const SECRET: &str = "line-test-channel-secret";
pub const TOKEN: &str = "line-test-access-token";

/// A message LINE would show: to whom, what (a text or a flex message), how it was sent.
#[derive(Debug, Clone)]
pub struct Shown {
    pub to: String,
    pub message: Value,
    /// `push` or `reply`.
    pub how: &'static str,
    /// The message id LINE gave it (in the call's `sentMessages`), which a quote names.
    pub id: String,
}

impl Shown {
    /// Its text: a text message's, or the body text of a flex bubble.
    pub fn text(&self) -> String {
        let m = &self.message;
        match m["type"].as_str() {
            Some("flex") => m["contents"]["body"]["contents"][0]["text"].as_str(),
            _ => m["text"].as_str(),
        }
        .unwrap_or("")
        .to_string()
    }

    /// The postback data of its buttons, in order.
    pub fn buttons(&self) -> Vec<String> {
        let rows = self.message["contents"]["footer"]["contents"].as_array().cloned();
        rows.unwrap_or_default()
            .iter()
            .flat_map(|r| r["contents"].as_array().cloned().unwrap_or_default())
            .map(|b| b["action"]["data"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

#[derive(Default)]
struct State {
    shown: Vec<Shown>,
    /// Reply token → the user it was given to.
    tokens: HashMap<String, String>,
    used: HashSet<String>,
    /// Statuses to answer the next push or reply calls with instead of success.
    failures: VecDeque<u16>,
    failed: usize,
    /// Authorization headers that were not `Bearer TOKEN`.
    bad_auth: usize,
    next: u64,
    /// Rich menus created: id → (the object, its image once uploaded).
    menus: HashMap<String, (Value, Option<Vec<u8>>)>,
    /// The rich menu each user is shown.
    linked: HashMap<String, String>,
    /// Every rich-menu call, as "METHOD path", in order.
    menu_calls: Vec<String>,
    /// Statuses to answer the next rich-menu image uploads with instead of success.
    upload_failures: VecDeque<u16>,
    /// The `Retry-After` (seconds) of every answer; 1 unless a test sets it.
    retry_after: Option<u64>,
    /// Every push or reply call: when, to whom (a push's `to`), and the status answered.
    calls: Vec<(Instant, String, u16)>,
    /// Until then, every push or reply fails, in turn: 500, 429, a dropped connection, 502, a
    /// hang longer than the client's timeout (an outage; the outage benchmark).
    down_until: Option<Instant>,
    down_turn: usize,
}

/// The server; it stops when dropped (its threads end with the process).
#[derive(Clone)]
pub struct FakeLine {
    state: Arc<Mutex<State>>,
    /// `http://127.0.0.1:PORT`
    pub url: String,
}

impl FakeLine {
    pub fn start() -> FakeLine {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fake = FakeLine { state: Arc::default(), url };
        let server = fake.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = server.clone();
                std::thread::spawn(move || server.connection(stream));
            }
        });
        fake
    }

    /// The environment that turns LINE on in `serve`, pointed at this fake.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LINE_CHANNEL_SECRET", SECRET.to_string()),
            ("LINE_CHANNEL_ACCESS_TOKEN", TOKEN.to_string()),
            ("LINE_API_URL", self.url.clone()),
        ]
    }

    /// A fresh id (event ids and reply tokens).
    fn fresh(&self, what: &str) -> String {
        let mut s = self.state.lock().unwrap();
        s.next += 1;
        format!("{what}{:08}", s.next)
    }

    /// An event from `user` of `kind` with its fields, with a fresh webhookEventId and a
    /// reply token known to this fake. No `timestamp` (serve runs on a test clock): a test that
    /// needs one sets it.
    fn event(&self, user: &str, kind: &str, fields: Value) -> Value {
        let token = self.fresh("rt");
        self.state.lock().unwrap().tokens.insert(token.clone(), user.to_string());
        let mut e = json!({
            "type": kind,
            "mode": "active",
            "source": {"type": "user", "userId": user},
            "webhookEventId": self.fresh("01HEVENT"),
            "deliveryContext": {"isRedelivery": false},
            "replyToken": token,
        });
        for (k, v) in fields.as_object().unwrap() {
            e[k] = v.clone();
        }
        e
    }

    /// A text message from `user`.
    pub fn text(&self, user: &str, text: &str) -> Value {
        let id = self.fresh("m");
        self.event(user, "message", json!({"message": {"type": "text", "id": id, "text": text}}))
    }

    /// A text message from `user` quoting message `quoted` (an id of [`Shown::id`]), as LINE
    /// sends it when one long-presses a message, taps "Reply" and writes.
    pub fn quoting(&self, user: &str, quoted: &str, text: &str) -> Value {
        let id = self.fresh("m");
        let message = json!({"type": "text", "id": id, "text": text, "quotedMessageId": quoted});
        self.event(user, "message", json!({"message": message}))
    }

    /// A press of a postback button with `data` by `user`.
    pub fn postback(&self, user: &str, data: &str) -> Value {
        self.event(user, "postback", json!({"postback": {"data": data}}))
    }

    /// The body LINE posts for `events`.
    pub fn body(events: &[Value]) -> String {
        json!({"destination": "Ubot", "events": events}).to_string()
    }

    /// Fails the next `n` push or reply calls with `status`.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.state.lock().unwrap().failures.extend(std::iter::repeat_n(status, n));
    }

    /// Answers every call with `Retry-After: secs` from now on.
    pub fn set_retry_after(&self, secs: u64) {
        self.state.lock().unwrap().retry_after = Some(secs);
    }

    /// The pushes to `user` so far: when, and the status answered.
    pub fn pushes_to(&self, user: &str) -> Vec<(Instant, u16)> {
        let s = self.state.lock().unwrap();
        s.calls.iter().filter(|c| c.1 == user).map(|c| (c.0, c.2)).collect()
    }

    /// LINE is down for `d`: see `State::down_until`. (Used by the outage benchmark.)
    #[allow(dead_code)]
    pub fn outage(&self, d: Duration) {
        self.state.lock().unwrap().down_until = Some(Instant::now() + d);
    }

    pub fn failed(&self) -> usize {
        self.state.lock().unwrap().failed
    }

    /// The rich menu `user` is shown (the object created), if any.
    pub fn menu_of(&self, user: &str) -> Option<Value> {
        let s = self.state.lock().unwrap();
        let id = s.linked.get(user)?;
        s.menus.get(id).map(|(m, _)| m.clone())
    }

    /// The image of the rich menu `user` is shown.
    pub fn menu_image_of(&self, user: &str) -> Option<Vec<u8>> {
        let s = self.state.lock().unwrap();
        s.menus.get(s.linked.get(user)?).and_then(|(_, png)| png.clone())
    }

    /// Fails the next `n` rich-menu image uploads with `status`.
    pub fn fail_uploads(&self, n: usize, status: u16) {
        self.state.lock().unwrap().upload_failures.extend(std::iter::repeat_n(status, n));
    }

    /// A rich menu already on the channel (made by an older toban, or by the clinic by hand),
    /// with its image, shown to `user` if given; returns its id.
    pub fn seed_menu(&self, name: &str, user: Option<&str>) -> String {
        let mut s = self.state.lock().unwrap();
        s.next += 1;
        let id = format!("richmenu-{:08}", s.next);
        let menu = json!({"name": name, "size": {"width": 2500, "height": 843},
            "chatBarText": "menu", "areas": [{"bounds": {"x": 0, "y": 0, "width": 1, "height": 1},
            "action": {"type": "postback", "data": "menu:/who"}}]});
        s.menus.insert(id.clone(), (menu, Some(b"\x89PNG".to_vec())));
        if let Some(user) = user {
            s.linked.insert(user.to_string(), id.clone());
        }
        id
    }

    /// The names of the channel's rich menus, sorted, with whether each has its image.
    pub fn menu_names(&self) -> Vec<(String, bool)> {
        let s = self.state.lock().unwrap();
        let mut names: Vec<(String, bool)> = s
            .menus
            .values()
            .map(|(m, png)| (m["name"].as_str().unwrap_or("").to_string(), png.is_some()))
            .collect();
        names.sort();
        names
    }

    /// Rich menus on the channel now.
    pub fn menus_created(&self) -> usize {
        self.state.lock().unwrap().menus.len()
    }

    /// Every rich-menu call so far ("POST /v2/bot/richmenu", …).
    pub fn menu_calls(&self) -> Vec<String> {
        self.state.lock().unwrap().menu_calls.clone()
    }

    /// Waits until the tap data of the rich menu `user` is shown satisfy `ok` (`None`: no menu),
    /// and returns them.
    #[track_caller]
    pub fn wait_menu(
        &self,
        limit: Duration,
        user: &str,
        ok: impl Fn(Option<&[String]>) -> bool,
    ) -> Option<Vec<String>> {
        let start = Instant::now();
        loop {
            let taps: Option<Vec<String>> = self.menu_of(user).map(|m| {
                let areas = m["areas"].as_array().cloned().unwrap_or_default();
                areas
                    .iter()
                    .map(|a| a["action"]["data"].as_str().unwrap_or("").to_string())
                    .collect()
            });
            if ok(taps.as_deref()) {
                return taps;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for the menu of {user}: {taps:?}; calls: {:#?}",
                self.menu_calls()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn bad_auth(&self) -> usize {
        self.state.lock().unwrap().bad_auth
    }

    /// Every message shown to `user`, in order.
    pub fn shown_to(&self, user: &str) -> Vec<Shown> {
        self.state.lock().unwrap().shown.iter().filter(|m| m.to == user).cloned().collect()
    }

    pub fn texts(&self, user: &str) -> Vec<String> {
        self.shown_to(user).iter().map(Shown::text).collect()
    }

    pub fn has_text(&self, user: &str, needle: &str) -> bool {
        self.texts(user).iter().any(|t| t.contains(needle))
    }

    /// Waits for a message to `user` containing `needle`, and returns it.
    #[track_caller]
    pub fn wait_for(&self, limit: Duration, user: &str, needle: &str) -> Shown {
        let start = Instant::now();
        loop {
            if let Some(m) = self.shown_to(user).into_iter().find(|m| m.text().contains(needle)) {
                return m;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {needle:?} to {user}; shown: {:#?}",
                self.texts(user)
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
            let method = line.split_whitespace().next().unwrap_or("").to_string();
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let (mut length, mut auth) = (0, String::new());
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
                    if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap_or(0);
                    } else if k.eq_ignore_ascii_case("authorization") {
                        auth = v.trim().to_string();
                    }
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let (status, answer) = match path.contains("/richmenu") {
                true => self.rich_menu(&method, &path, &auth, body),
                false => {
                    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    self.answer(&path, &auth, body)
                }
            };
            if status == 0 {
                // Down: the connection dropped unanswered.
                return;
            }
            let text = answer.to_string();
            let retry_after = self.state.lock().unwrap().retry_after.unwrap_or(1);
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nRetry-After: {retry_after}\r\nContent-Length: {}\r\n\r\n",
                text.len()
            );
            if writer.write_all(head.as_bytes()).is_err()
                || writer.write_all(text.as_bytes()).is_err()
            {
                return;
            }
        }
    }

    /// The rich-menu endpoints: list, create, upload an image, link to and unlink from a user.
    fn rich_menu(&self, method: &str, path: &str, auth: &str, body: Vec<u8>) -> (u16, Value) {
        let mut s = self.state.lock().unwrap();
        if auth != format!("Bearer {TOKEN}") {
            s.bad_auth += 1;
            return (401, json!({"message": "Authentication failed"}));
        }
        s.menu_calls.push(format!("{method} {path}"));
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (method, parts.as_slice()) {
            ("GET", ["v2", "bot", "richmenu", "list"]) => {
                let menus: Vec<Value> = s
                    .menus
                    .iter()
                    .map(|(id, (m, _))| {
                        let mut m = m.clone();
                        m["richMenuId"] = json!(id);
                        m
                    })
                    .collect();
                (200, json!({"richmenus": menus}))
            }
            ("POST", ["v2", "bot", "richmenu"]) => {
                let Ok(menu) = serde_json::from_slice::<Value>(&body) else {
                    return (400, json!({"message": "The request body has 1 error(s)"}));
                };
                let areas = menu["areas"].as_array().map_or(0, Vec::len);
                let bar = menu["chatBarText"].as_str().map_or(0, |t| t.chars().count());
                if menu["size"]["width"].as_u64().is_none() || areas == 0 || areas > 20 || bar > 14
                {
                    return (400, json!({"message": "invalid rich menu"}));
                }
                s.next += 1;
                let id = format!("richmenu-{:08}", s.next);
                s.menus.insert(id.clone(), (menu, None));
                (200, json!({"richMenuId": id}))
            }
            ("POST", ["v2", "bot", "richmenu", _, "content"]) if !s.upload_failures.is_empty() => {
                let status = s.upload_failures.pop_front().unwrap();
                (status, json!({"message": "Internal server error"}))
            }
            ("DELETE", ["v2", "bot", "richmenu", id]) => match s.menus.remove(*id) {
                // As LINE does: whoever was shown it is shown none.
                Some(_) => {
                    s.linked.retain(|_, shown| shown != id);
                    (200, json!({}))
                }
                None => (404, json!({"message": "Not found"})),
            },
            ("POST", ["v2", "bot", "richmenu", id, "content"]) => match s.menus.get_mut(*id) {
                Some((_, png)) if png.is_none() => {
                    *png = Some(body);
                    (200, json!({}))
                }
                Some(_) => (400, json!({"message": "An image has already been uploaded"})),
                None => (404, json!({"message": "Not found"})),
            },
            ("POST", ["v2", "bot", "user", user, "richmenu", id]) => {
                match s.menus.get(*id) {
                    Some((_, Some(_))) => {}
                    Some((_, None)) => {
                        return (
                            400,
                            json!({"message": "must upload richmenu image before applying it to user"}),
                        );
                    }
                    None => return (404, json!({"message": "Not found"})),
                }
                s.linked.insert(user.to_string(), id.to_string());
                (200, json!({}))
            }
            ("DELETE", ["v2", "bot", "user", user, "richmenu"]) => {
                s.linked.remove(*user);
                (200, json!({}))
            }
            _ => (404, json!({"message": "Not found"})),
        }
    }

    fn answer(&self, path: &str, auth: &str, body: Value) -> (u16, Value) {
        let mut s = self.state.lock().unwrap();
        if auth != format!("Bearer {TOKEN}") {
            s.bad_auth += 1;
            return (401, json!({"message": "Authentication failed"}));
        }
        let how = match path {
            "/v2/bot/message/push" => "push",
            "/v2/bot/message/reply" => "reply",
            _ => return (404, json!({"message": "Not found"})),
        };
        let pushed_to = body["to"].as_str().unwrap_or("").to_string();
        if s.down_until.is_some_and(|t| Instant::now() < t) {
            s.down_turn += 1;
            s.failed += 1;
            let turn = s.down_turn % 5;
            s.calls.push((Instant::now(), pushed_to, [500, 429, 0, 502, 0][turn]));
            drop(s);
            return match turn {
                0 => (500, json!({"message": "Internal server error"})),
                1 => (429, json!({"message": "The API rate limit has been exceeded."})),
                2 => (0, Value::Null),
                3 => (502, json!({"message": "Bad gateway"})),
                _ => {
                    // Longer than toban's LINE client timeout (15 s), then nothing.
                    std::thread::sleep(Duration::from_secs(18));
                    (0, Value::Null)
                }
            };
        }
        if let Some(status) = s.failures.pop_front() {
            s.failed += 1;
            s.calls.push((Instant::now(), pushed_to, status));
            return (status, json!({"message": "failing as told"}));
        }
        s.calls.push((Instant::now(), pushed_to, 200));
        let to = if how == "push" {
            body["to"].as_str().unwrap_or("").to_string()
        } else {
            let token = body["replyToken"].as_str().unwrap_or("").to_string();
            let Some(user) = s.tokens.get(&token).cloned() else {
                return (400, json!({"message": "Invalid reply token"}));
            };
            if !s.used.insert(token) {
                return (400, json!({"message": "Invalid reply token"}));
            }
            user
        };
        // As LINE: each message sent gets an id (digits) and a quote token, in the answer.
        let mut sent = Vec::new();
        for m in body["messages"].as_array().cloned().unwrap_or_default() {
            s.next += 1;
            let id = format!("{:018}", 461_230_966_842_000_000 + s.next);
            sent.push(json!({"id": id, "quoteToken": format!("qt-{id}")}));
            s.shown.push(Shown { to: to.clone(), message: m, how, id });
        }
        (200, json!({"sentMessages": sent}))
    }
}

/// The `X-Line-Signature` of `body` under `secret`.
pub fn sign(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// POSTs `body` to `serve`'s `/line/webhook` at `base` (`http://127.0.0.1:PORT`) with the
/// signature header `signature` (none with `None`); returns the status.
pub fn post_webhook(base: &str, body: &str, signature: Option<&str>) -> u16 {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    let sig = signature.map(|s| format!("X-Line-Signature: {s}\r\n")).unwrap_or_default();
    let request = format!(
        "POST /line/webhook HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{sig}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}
