//! What the benchmarks that drive the real `toban` binary share; each uses part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_toban");

/// Runs `toban ARGS` in `dir` on the shipped rules, with the store in `dir/data` and the test
/// clock at Tuesday 2027-03-02 22:00 JST; panics with its stderr if it fails.
pub fn toban(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .current_dir(dir)
        .env("TOBAN_RULES", Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
        .env("TOBAN_DATA", dir.join("data"))
        .env("TOBAN_CLOCK", "2027-03-02T22:00:00+09:00")
        .args(args)
        .output()
        .expect("run toban");
    assert!(out.status.success(), "toban {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The arguments of `toban patient add` for `name` in 匝瑳市, attended by `attending`, with
/// consent given.
pub fn patient_add<'a>(name: &'a str, attending: &'a str) -> [&'a str; 10] {
    let (address, consent) = ("匝瑳市", "2026-04-01");
    [
        "patient",
        "add",
        "--name",
        name,
        "--address",
        address,
        "--attending",
        attending,
        "--consent",
        consent,
    ]
}

/// Starts `toban serve` on a free port of 127.0.0.1 with `cmd`'s settings (it writes the port
/// to `serve.addr` in its data directory), its stderr to `err`.
pub fn spawn_serve(cmd: &mut Command, err: Stdio) -> Child {
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .expect("start toban serve")
}
