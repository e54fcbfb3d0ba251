//! `TOBAN_STORE=postgres://…?association=ID` (issue 21): every command keeps its records in
//! PostgreSQL instead of the --data directory. Needs `TOBAN_TEST_PG` (a database the tests
//! may write, `.ci/run` starts one); skipped without it, except under CI.

use crate::helpers::Run;
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

fn store_url(url: &str, association: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}association={association}")
}

fn run(desk: &Desk, store: &str, args: &[&str]) -> Run {
    let mut cmd = desk.command();
    cmd.env("TOBAN_STORE", store);
    crate::helpers::run(cmd, args)
}

#[test]
fn with_toban_store_the_records_live_in_postgres_not_in_the_data_directory() {
    let Some(url) = test_pg() else { return };
    let desk = Desk::unplanned();
    let association = format!("cli-{}", std::process::id());
    let store = store_url(&url, &association);
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.execute("DELETE FROM kv WHERE association = $1", &[&association]).ok();
    run(&desk, &store, &["plan", "2027"]).code(0);
    run(&desk, &store, &["rota", "publish", "2027"]).code(0);
    let on = run(&desk, &store, &["oncall", "--format", "json"]).code(0).json();
    assert!(on["duty"][0]["id"].is_string(), "{on}");
    let rows: i64 = c
        .query_one("SELECT count(*) FROM kv WHERE association = $1", &[&association])
        .unwrap()
        .get(0);
    assert!(rows > 0, "the rota is in the database");
    let sled_files = std::fs::read_dir(desk.data())
        .map(|d| d.flatten().filter(|e| e.file_name() == "db" || e.file_name() == "conf").count())
        .unwrap_or(0);
    assert_eq!(sled_files, 0, "no sled store in --data");
    // Without TOBAN_STORE the --data directory has no rota: the two are apart.
    desk.run(&["rota", "show", "2027"]).code(1);
    run(&desk, &store, &["rota", "show", "2027"]).code(0);
    c.execute("DELETE FROM kv WHERE association = $1", &[&association]).unwrap();
}

#[test]
fn a_database_that_cannot_be_reached_is_named_without_its_password() {
    let desk = Desk::unplanned();
    let store = "postgres://toban:hunter2-secret@127.0.0.1:1/toban?association=sosa";
    let r = run(&desk, store, &["call", "list"]);
    assert_ne!(r.out.status.code(), Some(0), "{}", r.stderr());
    let err = r.stderr();
    assert!(!err.contains("hunter2-secret"), "{err}");
    assert!(err.contains("127.0.0.1:1"), "names the database: {err}");
    let r = run(&desk, "postgres://toban@127.0.0.1:1/toban", &["call", "list"]);
    assert!(r.stderr().contains("?association="), "{}", r.stderr());
}
