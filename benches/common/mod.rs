//! What the benchmarks that drive the real `toban` binary share.

use std::path::Path;
use std::process::Command;

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
