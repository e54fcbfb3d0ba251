//! `toban migrate --to postgres://…?association=ID` and `toban restore` into PostgreSQL (issue
//! 21): an association's sled store moves into the database whole, is checked record by record,
//! and every command then shows what it showed before. Needs `TOBAN_TEST_PG` (a database the
//! tests may write, `.ci/run` starts one); skipped without it, except under CI.
//!
//! Each test's association has an id of its own (a copy of the shipped rules with another
//! `id`), so tests running at once in one database never meet.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::helpers::{Run, repo, run, toban_ja_in};
use crate::routing_cli::Desk;

fn test_pg() -> Option<String> {
    match std::env::var("TOBAN_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI runs the PostgreSQL tests: set TOBAN_TEST_PG (see .ci/run)")
        }
        _ => None,
    }
}

/// `url` with a password added (the test server trusts loopback, so any password passes):
/// what toban prints must never show it.
fn with_password(url: &str) -> String {
    url.replacen("://toban@", "://toban:pw-never-shown@", 1)
}

fn store_url(url: &str, association: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{}{sep}association={association}", with_password(url))
}

/// A desk whose rules are the shipped ones under an association id of its own.
fn desk_of_own_association() -> (Desk, String) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let id = format!("mig-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let desk = Desk::unplanned();
    let rules = desk.dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for file in ["association.toml", "members.toml"] {
        let text = std::fs::read_to_string(repo().join("rules").join(file)).unwrap();
        let text = text.replacen("id = \"sosa\"", &format!("id = \"{id}\""), 1);
        std::fs::write(rules.join(file), text).unwrap();
    }
    (desk, id)
}

fn forget(url: &str, association: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.execute("DELETE FROM kv WHERE association = $1", &[&association]).unwrap();
}

fn rows_of(url: &str, association: &str) -> i64 {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query_one("SELECT count(*) FROM kv WHERE association = $1", &[&association]).unwrap().get(0)
}

fn with_store(desk: &Desk, store: &str, args: &[&str]) -> Run {
    let mut cmd = desk.command();
    cmd.env("TOBAN_STORE", store);
    run(cmd, args)
}

/// What the office reads: the commands whose output must not change when the store moves.
const READS: &[&[&str]] = &[
    &["rota", "show", "2027"],
    &["rota", "show", "2027", "--format", "json"],
    &["oncall"],
    &["patient", "list"],
    &["patient", "show", "1"],
    &["call", "list"],
    &["call", "show", "1"],
    &["call", "show", "1", "--format", "json"],
    &["absence", "list"],
    &["audit"],
    &["ledger"],
    &["report", "2027"],
];

/// A sled store with a published rota, patients, calls declined and accepted, an absence.
fn fill(desk: &Desk) {
    desk.run(&["plan", "2027"]).code(0);
    desk.run(&["rota", "publish", "2027"]).code(0);
    desk.add_patient("青木 花子", "d01");
    desk.add_patient("石井 一郎", "d02");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    desk.run(&["call", "decline", "1", "--as", "d01"]).code(0);
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "呼吸苦"]).code(0);
    desk.run(&["absence", "add", "d03", "2027-03-10", "2027-03-12"]).code(0);
}

fn outputs(desk: &Desk, store: Option<&str>) -> Vec<String> {
    READS
        .iter()
        .map(|args| {
            let r = match store {
                Some(s) => with_store(desk, s, args),
                None => desk.run(args),
            };
            format!("$ toban {}\n{}\n{}", args.join(" "), r.stdout(), r.stderr())
        })
        .collect()
}

#[test]
fn migrate_moves_every_record_and_every_command_shows_the_same_afterwards() {
    let Some(url) = test_pg() else { return };
    let (desk, association) = desk_of_own_association();
    forget(&url, &association);
    fill(&desk);
    let before = outputs(&desk, None);
    let store = store_url(&url, &association);
    let r = desk.run(&["migrate", "--to", &store]).code(0);
    let said = format!("{}{}", r.stdout(), r.stderr());
    assert!(!said.contains("pw-never-shown"), "the password is never printed: {said}");
    assert!(said.contains("[redacted]"), "the database is named: {said}");
    assert!(said.contains("verified"), "{said}");
    assert!(said.contains("calls") && said.contains("patients"), "counts per tree: {said}");
    assert!(rows_of(&url, &association) > 0);
    let after = outputs(&desk, Some(&store));
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a, "the same output on PostgreSQL as on sled");
    }
    // The sled store is left as it was (the way back, until the office is sure).
    assert_eq!(outputs(&desk, None), before);
    // Work goes on in the database.
    with_store(&desk, &store, &["call", "accept", "2", "--as", "d02"]).code(0);
    forget(&url, &association);
}

#[test]
fn migrate_refuses_a_target_that_already_holds_the_associations_records_and_writes_nothing() {
    let Some(url) = test_pg() else { return };
    let (desk, association) = desk_of_own_association();
    forget(&url, &association);
    fill(&desk);
    let store = store_url(&url, &association);
    desk.run(&["migrate", "--to", &store]).code(0);
    let rows = rows_of(&url, &association);
    desk.add_patient("上野 三郎", "d03");
    let r = desk.run(&["migrate", "--to", &store]);
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    let err = r.stderr();
    assert!(err.contains(&association) && err.contains("already holds"), "{err}");
    assert!(!err.contains("pw-never-shown"), "{err}");
    assert_eq!(rows_of(&url, &association), rows, "nothing written");
    // In Japanese by default, as the rules say.
    let mut ja = toban_ja_in(desk.dir.path());
    for (k, v) in [
        ("TOBAN_RULES", desk.dir.path().join("rules")),
        ("TOBAN_DATA", desk.data()),
        ("TOBAN_CLOCK", format!("file:{}", desk.clock().display()).into()),
    ] {
        ja.env(k, v);
    }
    let r = run(ja, &["migrate", "--to", &store]);
    assert_eq!(r.out.status.code(), Some(1));
    assert!(r.stderr().contains("すでに"), "{}", r.stderr());
    forget(&url, &association);
}

#[test]
fn migrate_refuses_another_associations_url_and_an_empty_data_directory() {
    let Some(url) = test_pg() else { return };
    let (desk, association) = desk_of_own_association();
    fill(&desk);
    let other = store_url(&url, "somewhere-else");
    let r = desk.run(&["migrate", "--to", &other]);
    assert_eq!(r.out.status.code(), Some(2), "{}", r.stderr());
    assert!(r.stderr().contains(&association) && r.stderr().contains("somewhere-else"));
    assert_eq!(rows_of(&url, "somewhere-else"), 0);
    let (empty, id) = desk_of_own_association();
    let r = empty.run(&["migrate", "--to", &store_url(&url, &id)]);
    assert_ne!(r.out.status.code(), Some(0));
    assert!(r.stderr().contains("no store"), "{}", r.stderr());
    assert_eq!(rows_of(&url, &id), 0);
}

#[test]
fn restore_into_postgres_gives_the_same_records_and_refuses_a_second_time() {
    let Some(url) = test_pg() else { return };
    let (desk, association) = desk_of_own_association();
    forget(&url, &association);
    fill(&desk);
    let before = outputs(&desk, None);
    let file = desk.dir.path().join("whole.json");
    desk.run(&["backup", "--out", file.to_str().unwrap()]).code(0);
    let store = store_url(&url, &association);
    let r = with_store(&desk, &store, &["restore", file.to_str().unwrap()]).code(0);
    assert!(r.stdout().contains("[redacted]") && !r.stdout().contains("pw-never-shown"));
    assert_eq!(outputs(&desk, Some(&store)), before);
    let rows = rows_of(&url, &association);
    let r = with_store(&desk, &store, &["restore", file.to_str().unwrap()]);
    assert_ne!(r.out.status.code(), Some(0));
    assert!(r.stderr().contains("already holds"), "{}", r.stderr());
    assert_eq!(rows_of(&url, &association), rows);
    forget(&url, &association);
}
