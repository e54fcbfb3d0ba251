//! Calendar feeds and the on-duty API over real HTTP from `toban serve`: tokens, ETag/304,
//! 404 for unknown and revoked tokens, 400 for bad queries, feeds parsed back with the `ical`
//! crate, RFC 5545 line lengths, and a re-plan changing exactly the affected events.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

use crate::routing_cli::{Desk, wait_for};

/// A minimal HTTP/1.1 GET: (status, headers lower-cased, body).
pub fn get(
    base: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, BTreeMap<String, String>, String) {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

pub fn issue(desk: &Desk, args: &[&str]) -> Value {
    let mut all = vec!["feed", "token", "issue"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    desk.run(&all).code(0).json()
}

fn path_of(token: &Value) -> String {
    format!("/feeds/{}.ics", token["token"].as_str().unwrap())
}

/// (UID → (SEQUENCE, DTSTAMP, STATUS, SUMMARY)), parsed with `ical`.
fn events(text: &str) -> BTreeMap<String, (String, String, String, String)> {
    let reader = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let mut out = BTreeMap::new();
    for cal in reader {
        for e in cal.unwrap().events {
            let get = |k: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == k)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            out.insert(
                get("UID"),
                (get("SEQUENCE"), get("DTSTAMP"), get("STATUS"), get("SUMMARY")),
            );
        }
    }
    out
}

pub fn address(desk: &Desk) -> String {
    let file = desk.data().join("serve.addr");
    wait_for(Duration::from_secs(10), "the HTTP address", || file.exists());
    std::fs::read_to_string(file).unwrap().trim().to_string()
}

#[test]
fn feeds_and_the_oncall_api_over_http() {
    let desk = Desk::new();
    let mine = issue(&desk, &["d01", "--label", "Dr Aoki's phone"]);
    let all = issue(&desk, &["--all"]);
    assert!(mine["url"].as_str().unwrap().starts_with("http://127.0.0.1:8080/feeds/"));
    desk.run(&["feed", "token", "issue", "h1"]).code(1).stderr_has("not a doctor");
    let serve = desk.serve();
    let base = address(&desk);

    assert_eq!(get(&base, "/healthz", &[]).0, 200);
    let (status, headers, body) = get(&base, &path_of(&mine), &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    assert!(headers.contains_key("last-modified"));
    let etag = headers["etag"].clone();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let parsed = events(&body);
    assert!(!parsed.is_empty());
    assert!(parsed.keys().all(|uid| uid.contains("-d01@sosa.toban")), "{parsed:?}");
    assert!(parsed.values().all(|(seq, _, status, summary)| seq == "0"
        && status == "CONFIRMED"
        && summary.starts_with("在宅当番")));
    assert!(!body.contains("0479"), "no phone numbers");
    // Unchanged: 304, and the same bytes on the next full request.
    let (status, _, _) = get(&base, &path_of(&mine), &[("If-None-Match", &etag)]);
    assert_eq!(status, 304);
    assert_eq!(get(&base, &path_of(&mine), &[]).2, body);
    // The whole rota names each doctor.
    let whole = get(&base, &path_of(&all), &[]).2;
    assert!(events(&whole).len() >= 52);
    assert!(events(&whole).values().any(|(_, _, _, s)| s.contains("（年末年始）")));

    // Unknown and revoked tokens: the same 404, no hint.
    let unknown = get(&base, "/feeds/0123456789abcdef0123456789abcdef.ics", &[]);
    let garbage = get(&base, "/feeds/hello.ics", &[]);
    assert_eq!((unknown.0, garbage.0), (404, 404));
    let id = mine["id"].as_str().unwrap();
    desk.run(&["feed", "token", "revoke", id]).code(0);
    let revoked = get(&base, &path_of(&mine), &[]);
    assert_eq!((revoked.0, revoked.2.as_str()), (404, unknown.2.as_str()));
    desk.run(&["feed", "token", "revoke", id]).code(1);
    desk.run(&["feed", "token", "list"]).code(0).stdout_has("(all)");

    // The on-duty API.
    let token = all["token"].as_str().unwrap();
    let bearer = format!("Bearer {token}");
    assert_eq!(get(&base, "/api/oncall", &[]).0, 401);
    assert_eq!(
        get(&base, "/api/oncall", &[("Authorization", "Bearer 0123456789abcdef0123456789abcdef")])
            .0,
        401
    );
    let (status, _, json) =
        get(&base, "/api/oncall?at=2027-03-02T09:00:00%2B09:00", &[("Authorization", &bearer)]);
    assert_eq!(status, 200, "{json}");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["slot"]["id"], "2027-03-02");
    assert_eq!(v["chain"].as_array().unwrap().last().unwrap()["kind"], "advice");
    let (status, _, json) = get(&base, "/api/oncall?at=tomorrow", &[("Authorization", &bearer)]);
    assert_eq!(status, 400);
    assert!(json.contains("RFC 3339"), "{json}");
    assert_eq!(get(&base, "/api/oncall?when=now", &[("Authorization", &bearer)]).0, 400);
    serve.kill();

    // A re-plan after an absence changes some duties: on the next publish exactly those events
    // change (SEQUENCE 1, new DTSTAMP); the others keep SEQUENCE 0 and their DTSTAMP.
    let before = events(&whole);
    desk.set_clock("2027-05-01T10:00:00+09:00");
    desk.run(&["absence", "add", "d03", "2027-06-01", "2027-07-31"]).code(0);
    desk.run(&["plan", "2027", "--replan-from", "2027-05-04"]).code(0);
    let published =
        desk.run(&["rota", "publish", "2027"]).code(0).stdout_has("calendar feeds updated");
    let told = published.stdout();
    let told =
        told.lines().find(|l| l.starts_with("told the doctors whose duties changed: ")).unwrap();
    assert!(told.contains("d03"), "{told}");
    assert!(
        told.split(": ").nth(1).unwrap().split(", ").count() < 10,
        "only those whose duties changed: {told}"
    );
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let actions: Vec<&str> =
        audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(
        actions.contains(&"absence") && actions.iter().filter(|a| **a == "publish").count() == 2,
        "{actions:?}"
    );
    let _serve = desk.serve();
    let base = address(&desk);
    let after = events(&get(&base, &path_of(&all), &[]).2);
    let mut changed = 0;
    for (uid, (seq, stamp, status, _)) in &after {
        match before.get(uid) {
            Some((old_seq, old_stamp, _, _)) if old_seq == seq => {
                assert_eq!(stamp, old_stamp, "{uid} kept its DTSTAMP");
            }
            Some(_) => {
                changed += 1;
                assert_eq!(seq, "1", "{uid}");
                assert_eq!(status, "CANCELLED", "a lost duty is cancelled: {uid}");
            }
            None => {
                changed += 1;
                assert_eq!(seq, "0");
                assert_eq!(stamp, "20270501T010000Z", "{uid}");
            }
        }
    }
    assert!(changed >= 2, "the absence moved d03's duties");
    assert!(after.iter().any(|(uid, (_, _, s, _))| uid.contains("-d03@") && s == "CANCELLED"));

    // Export writes the same feeds as files.
    let out = desk.dir.path().join("export");
    let out_s = out.to_str().unwrap().to_string();
    desk.run(&["feed", "export", "--out", &out_s]).code(0).stdout_has("calendar files");
    let exported = std::fs::read_to_string(out.join("all.ics")).unwrap();
    assert_eq!(events(&exported), after);
    assert!(out.join("d01.ics").exists());
}
