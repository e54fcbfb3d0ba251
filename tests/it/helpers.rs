//! Running the binary and checking its outcome with messages that show everything.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where the shipped rules/ and calendars/ live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `toban` command run in `dir`, with no TOBAN_* variables leaking in from the environment,
/// speaking English (`TOBAN_LANG=en`): most tests assert English text. The Japanese output
/// the shipped rules give by default is checked with [`toban_ja_in`] (tests/it/lang_cli.rs).
pub fn toban_in(dir: &Path) -> Command {
    let mut cmd = toban_ja_in(dir);
    cmd.env("TOBAN_LANG", "en");
    cmd
}

/// A `toban` command run in `dir` in the association's language (no `TOBAN_LANG`).
pub fn toban_ja_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_toban"));
    cmd.current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("TOBAN_") {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// A `toban` command run at the repository root, on the shipped rules and calendars.
pub fn toban() -> Command {
    toban_in(&repo())
}

/// The result of a run, for assertions.
pub struct Run {
    pub cmd: String,
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    fn dump(&self) -> String {
        format!(
            "command: {}\nexit: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmd,
            self.out.status.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code and returns self.
    #[track_caller]
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(self.out.status.code(), Some(expected), "unexpected exit code\n{}", self.dump());
        self
    }

    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(self.stderr().contains(needle), "stderr lacks {needle:?}\n{}", self.dump());
        self
    }

    /// Asserts that stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(self.stdout().contains(needle), "stdout lacks {needle:?}\n{}", self.dump());
        self
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.out.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.dump()))
    }
}

/// Runs `cmd` with `args`.
pub fn run(mut cmd: Command, args: &[&str]) -> Run {
    cmd.args(args);
    let out = cmd.output().expect("run toban");
    Run { cmd: format!("toban {}", args.join(" ")), out }
}
