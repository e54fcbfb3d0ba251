//! A fake Telegram Bot API server (shared with `benches/bot_latency.rs`) on 127.0.0.1 that the tests control: it queues updates for
//! `getUpdates`, records every successful `sendMessage`, `answerCallbackQuery`,
//! `editMessageReplyMarkup`, `setMyCommands` and `deleteMyCommands`, and can fail the next sends with 5xx or 429, answer 429 to every
//! send to chosen chats, and deliver updates again (as Telegram does when the offset was not
//! stored before a crash). Method names are
//! matched case-insensitively (teloxide sends `SendMessage`). Plain HTTP/1.1 with keep-alive,
//! by hand, so the tests need no server crate.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A recorded request.
#[derive(Debug, Clone)]
pub struct Sent {
    /// Lower-case method name.
    pub method: String,
    /// The JSON body.
    pub body: Value,
    /// When it arrived (read by the latency benchmark).
    #[allow(dead_code)]
    pub at: Instant,
}

#[derive(Default)]
struct State {
    updates: Vec<Value>,
    next_update: u64,
    next_message: u64,
    sent: Vec<Sent>,
    /// Statuses to answer the next sendMessage calls with instead of success.
    failures: VecDeque<u16>,
    failed: usize,
    /// Until then, every sendMessage and getUpdates fails, in turn: 500, 429, a dropped
    /// connection, 502, a hang longer than the client's timeout.
    down_until: Option<Instant>,
    down_turn: usize,
    /// Chats that blocked the bot: every sendMessage to them answers 403.
    blocked: Vec<i64>,
    /// sendMessage calls refused because the chat blocked the bot.
    refused: Vec<i64>,
    /// Chats every sendMessage to which is answered 429 with this `retry_after` (seconds).
    flooded: BTreeSet<i64>,
    flood_retry_after: u64,
    /// sendMessage attempts per chat, failed ones included.
    attempts: BTreeMap<i64, usize>,
    /// The next getUpdates ignores its offset: every update is delivered again.
    redeliver: bool,
    /// The number of the getUpdates call that delivered everything again.
    redelivered_by: Option<usize>,
    /// getUpdates calls answered so far.
    polls: usize,
    /// Every bot token a request named in its path (`/bot<TOKEN>/<method>`), in order of
    /// first use.
    tokens: Vec<String>,
}

/// The server; it stops when dropped (its threads end with the process).
#[derive(Clone)]
pub struct FakeTelegram {
    state: Arc<(Mutex<State>, Condvar)>,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
}

impl FakeTelegram {
    pub fn start() -> FakeTelegram {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let fake = FakeTelegram { state: Arc::default(), url };
        let server = fake.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = server.clone();
                std::thread::spawn(move || server.connection(stream));
            }
        });
        fake
    }

    /// Queues a private text message from user `user` (chat id = user id).
    pub fn message_from(&self, user: i64, text: &str) {
        self.push(|id| json!({"update_id": id, "message": message(id, user, text, Some(user))}));
    }

    /// Queues a private message from `user` that replies to `to` (a message the bot sent them, as
    /// recorded by [`FakeTelegram::messages_to`]), as Telegram does when one swipes a message
    /// and answers it.
    pub fn reply_from(&self, user: i64, to: &Value, text: &str) {
        let mut original = message(to["message_id"].as_u64().unwrap(), user, "", None);
        original["text"] = to["text"].clone();
        original["from"] = json!({"id": 1, "is_bot": true, "first_name": "toban"});
        self.push(|id| {
            let mut m = message(id, user, text, Some(user));
            m["reply_to_message"] = original;
            json!({"update_id": id, "message": m})
        });
    }

    /// Queues a message in a group chat.
    pub fn group_message_from(&self, user: i64, text: &str) {
        self.push(|id| {
            let mut m = message(id, -100, text, Some(user));
            m["chat"] = json!({"id": -100, "type": "group", "title": "G"});
            json!({"update_id": id, "message": m})
        });
    }

    /// Queues a press of the button with `data` on message `message_id` by `user`.
    pub fn press(&self, user: i64, message_id: u64, data: &str) {
        self.push(|id| {
            json!({"update_id": id, "callback_query": {
                "id": format!("cb{id}"),
                "from": {"id": user, "is_bot": false, "first_name": "U"},
                "chat_instance": "ci",
                "data": data,
                "message": message(message_id, user, "request", None),
            }})
        });
    }

    fn push(&self, make: impl FnOnce(u64) -> Value) {
        let (lock, cv) = &*self.state;
        let mut s = lock.lock().unwrap();
        s.next_update += 1;
        let u = make(s.next_update);
        s.updates.push(u);
        cv.notify_all();
    }

    /// Queues private text messages from several users at once, in order, so one `getUpdates`
    /// may deliver them all.
    pub fn messages_from(&self, messages: &[(i64, String)]) {
        let (lock, cv) = &*self.state;
        let mut s = lock.lock().unwrap();
        for (user, text) in messages {
            s.next_update += 1;
            let id = s.next_update;
            s.updates
                .push(json!({"update_id": id, "message": message(id, *user, text, Some(*user))}));
        }
        cv.notify_all();
    }

    /// From now on, answers every sendMessage to `chats` (and no other chat) with 429 and
    /// `retry_after` seconds.
    pub fn flood_chats(&self, chats: impl IntoIterator<Item = i64>, retry_after: u64) {
        let mut s = self.state.0.lock().unwrap();
        s.flooded = chats.into_iter().collect();
        s.flood_retry_after = retry_after;
    }

    /// How many sendMessage calls to `chat` arrived, failed ones included.
    pub fn attempts_to(&self, chat: i64) -> usize {
        self.state.0.lock().unwrap().attempts.get(&chat).copied().unwrap_or(0)
    }

    /// The next getUpdates delivers every update queued so far again, whatever its offset (as
    /// Telegram does after a crash before the bot stored its offset).
    pub fn redeliver(&self) {
        let mut s = self.state.0.lock().unwrap();
        s.redeliver = true;
        s.redelivered_by = None;
    }

    /// Whether the updates were delivered again and the bot has since asked for more (so it
    /// has handled them: it asks only when done with a batch).
    pub fn redelivered_and_handled(&self) -> bool {
        let s = self.state.0.lock().unwrap();
        s.redelivered_by.is_some_and(|n| s.polls > n)
    }

    /// Fails the next sendMessage calls with these HTTP statuses (500, 429 …; 0 drops the
    /// connection without an answer).
    pub fn fail_next(&self, statuses: &[u16]) {
        self.state.0.lock().unwrap().failures.extend(statuses.iter().copied());
    }

    /// The user of `chat` blocks the bot: every sendMessage to it answers 403 "Forbidden: bot
    /// was blocked by the user", as Telegram does.
    #[allow(dead_code)]
    pub fn block(&self, chat: i64) {
        self.state.0.lock().unwrap().blocked.push(chat);
    }

    /// The chats of sendMessage calls refused with 403, in order.
    #[allow(dead_code)]
    pub fn refused(&self) -> Vec<i64> {
        self.state.0.lock().unwrap().refused.clone()
    }

    /// Telegram is down for `d`: see `State::down_until`. (Read by the outage benchmark.)
    #[allow(dead_code)]
    pub fn outage(&self, d: Duration) {
        self.state.0.lock().unwrap().down_until = Some(Instant::now() + d);
    }

    /// How many sendMessage calls were failed on purpose so far.
    pub fn failed(&self) -> usize {
        self.state.0.lock().unwrap().failed
    }

    /// Every successful request so far.
    /// Every bot token the requests so far named.
    pub fn tokens(&self) -> Vec<String> {
        self.state.0.lock().unwrap().tokens.clone()
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.state.0.lock().unwrap().sent.clone()
    }

    /// Successful sendMessage calls to `chat`: (message id, body).
    pub fn messages_to(&self, chat: i64) -> Vec<Value> {
        self.sent()
            .into_iter()
            .filter(|s| s.method == "sendmessage" && s.body["chat_id"] == chat)
            .map(|s| s.body)
            .collect()
    }

    /// The commands of the menu last set for `chat` (`None`: the default scope, for chats with
    /// no menu of their own), if any was set.
    #[allow(dead_code)]
    pub fn menu(&self, chat: Option<i64>) -> Option<Vec<String>> {
        let scope_is = |b: &Value| match chat {
            Some(c) => b["scope"]["type"] == "chat" && b["scope"]["chat_id"] == c,
            None => b["scope"].is_null() || b["scope"]["type"] == "default",
        };
        self.sent()
            .into_iter()
            .rev()
            .find(|s| s.method == "setmycommands" && scope_is(&s.body))
            .map(|s| {
                s.body["commands"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| c["command"].as_str().unwrap_or("").to_string())
                    .collect()
            })
    }

    /// Waits until `ok` holds for the recorded requests.
    #[track_caller]
    pub fn wait(&self, limit: Duration, what: &str, ok: impl Fn(&[Sent]) -> bool) {
        let start = Instant::now();
        loop {
            if ok(&self.sent()) {
                return;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {what}; sent: {:#?}",
                self.sent()
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
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut length = 0;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 {
                    return;
                }
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':')
                    && k.eq_ignore_ascii_case("content-length")
                {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let method = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            if let Some(token) = path.split('/').find_map(|p| p.strip_prefix("bot")) {
                let mut state = self.state.0.lock().unwrap();
                if !state.tokens.iter().any(|t| t == token) {
                    state.tokens.push(token.to_string());
                }
            }
            let (status, answer) = self.answer(&method, body);
            if status == 0 {
                // A dropped connection: no answer at all.
                return;
            }
            let text = answer.to_string();
            let reason = match status {
                200 => "OK",
                429 => "Too Many Requests",
                403 => "Forbidden",
                _ => "Internal Server Error",
            };
            let head = format!(
                "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                text.len()
            );
            if writer.write_all(head.as_bytes()).is_err()
                || writer.write_all(text.as_bytes()).is_err()
            {
                return;
            }
        }
    }

    fn answer(&self, method: &str, body: Value) -> (u16, Value) {
        let (lock, cv) = &*self.state;
        let mut s = lock.lock().unwrap();
        if (method == "sendmessage" || method == "getupdates")
            && s.down_until.is_some_and(|t| Instant::now() < t)
        {
            s.down_turn += 1;
            s.failed += 1;
            let turn = s.down_turn % 5;
            drop(s);
            return match turn {
                0 => (
                    500,
                    json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
                ),
                1 => (
                    429,
                    json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 2", "parameters": {"retry_after": 2}}),
                ),
                2 => (0, Value::Null),
                3 => (502, json!({"ok": false, "error_code": 502, "description": "Bad Gateway"})),
                _ => {
                    // Longer than teloxide's request timeout (17 s), then nothing.
                    std::thread::sleep(Duration::from_secs(20));
                    (0, Value::Null)
                }
            };
        }
        match method {
            "getupdates" => {
                let mut offset = body["offset"].as_i64().unwrap_or(0);
                // Telegram's default and largest batch.
                let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
                if std::mem::take(&mut s.redeliver) {
                    offset = 0;
                    s.redelivered_by = Some(s.polls + 1);
                }
                let deadline = Instant::now() + Duration::from_millis(300);
                loop {
                    let ready: Vec<Value> = s
                        .updates
                        .iter()
                        .filter(|u| u["update_id"].as_i64().unwrap() >= offset)
                        .take(limit)
                        .cloned()
                        .collect();
                    let left = deadline.saturating_duration_since(Instant::now());
                    if !ready.is_empty() || left.is_zero() {
                        s.polls += 1;
                        return (200, json!({"ok": true, "result": ready}));
                    }
                    s = cv.wait_timeout(s, left).unwrap().0;
                }
            }
            "sendmessage" => {
                let chat = body["chat_id"].as_i64().unwrap_or(0);
                *s.attempts.entry(chat).or_default() += 1;
                if s.blocked.contains(&chat) {
                    s.refused.push(chat);
                    return (
                        403,
                        json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
                    );
                }
                if s.flooded.contains(&chat) {
                    s.failed += 1;
                    let after = s.flood_retry_after;
                    return (
                        429,
                        json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {after}"), "parameters": {"retry_after": after}}),
                    );
                }
                if let Some(status) = s.failures.pop_front() {
                    s.failed += 1;
                    return if status == 429 {
                        (
                            429,
                            json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}),
                        )
                    } else {
                        (
                            status,
                            json!({"ok": false, "error_code": status, "description": "Internal Server Error"}),
                        )
                    };
                }
                s.next_message += 1;
                let id = s.next_message;
                let text = body["text"].as_str().unwrap_or("").to_string();
                let mut recorded = body.clone();
                recorded["message_id"] = json!(id);
                s.sent.push(Sent { method: method.into(), body: recorded, at: Instant::now() });
                (200, json!({"ok": true, "result": message(id, chat, &text, None)}))
            }
            "answercallbackquery" => {
                s.sent.push(Sent { method: method.into(), body, at: Instant::now() });
                (200, json!({"ok": true, "result": true}))
            }
            "editmessagereplymarkup" => {
                let chat = body["chat_id"].as_i64().unwrap_or(0);
                let id = body["message_id"].as_u64().unwrap_or(0);
                s.sent.push(Sent { method: method.into(), body, at: Instant::now() });
                (200, json!({"ok": true, "result": message(id, chat, "request", None)}))
            }
            "setmycommands" | "deletemycommands" => {
                s.sent.push(Sent { method: method.into(), body, at: Instant::now() });
                (200, json!({"ok": true, "result": true}))
            }
            "getme" => (
                200,
                json!({"ok": true, "result": {"id": 1, "is_bot": true, "first_name": "toban", "username": "toban_test_bot"}}),
            ),
            _ => (
                200,
                json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"}),
            ),
        }
    }
}

fn message(id: u64, chat: i64, text: &str, from: Option<i64>) -> Value {
    let mut m = json!({
        "message_id": id,
        "date": 1_800_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "U"},
        "text": text,
    });
    if let Some(user) = from {
        m["from"] = json!({"id": user, "is_bot": false, "first_name": "U"});
    }
    m
}
