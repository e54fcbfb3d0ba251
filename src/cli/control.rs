//! The control socket: while `toban serve` holds the store (sled is single-process), the desk
//! commands (absence, patient, call, oncall, …: `desk::is_desk`) typed in another terminal are handed to it over a
//! Unix socket in the data directory and run there, with the same code and output.
//!
//! The socket is created with the data directory's owner only (mode 0600), so whoever may use it
//! may also read the store's files: it grants nothing new.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::msg::refusal::{Refusal, ServeWhy};

/// What the client sends: its command line and its notion of now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The command line, program name first.
    pub argv: Vec<String>,
    /// The client's now (its `TOBAN_CLOCK`, or the system clock).
    pub now: DateTime<Utc>,
    /// The client's working directory, which relative file names in `argv` are relative to.
    #[serde(default)]
    pub cwd: Option<std::path::PathBuf>,
    /// Who typed it (`TOBAN_ADMIN` or the login), for the audit.
    #[serde(default)]
    pub actor: Option<String>,
    /// The reader's language, as the client decided it (`--lang`, `TOBAN_LANG` or the rules).
    #[serde(default)]
    pub lang: Option<crate::msg::Lang>,
}

/// What `serve` answers: what the command would have printed, and its exit code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reply {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The socket's path in the data directory.
pub fn socket_path(data: &Path) -> PathBuf {
    data.join("serve.sock")
}

/// Hands the command to a running `serve`. `Ok(None)` when none is running (no socket, or a
/// socket left by a `serve` that was killed).
///
/// # Errors
/// When a `serve` is there but the exchange fails.
pub fn forward(
    data: &Path,
    argv: &[String],
    now: DateTime<Utc>,
    lang: crate::msg::Lang,
) -> anyhow::Result<Option<Reply>> {
    let path = socket_path(data);
    let stream = match UnixStream::connect(&path) {
        Ok(s) => s,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Ok(None);
        }
        Err(e) => {
            return Err(Refusal::ServeUnreachable {
                path: path.display().to_string(),
                why: ServeWhy::Unreachable,
                detail: e.to_string(),
            }
            .into());
        }
    };
    let fail = |e: std::io::Error| Refusal::ServeUnreachable {
        path: path.display().to_string(),
        why: ServeWhy::NoAnswer,
        detail: e.to_string(),
    };
    stream.set_read_timeout(Some(Duration::from_secs(120))).map_err(fail)?;
    let mut line = serde_json::to_string(&Request {
        argv: argv.to_vec(),
        now,
        cwd: std::env::current_dir().ok(),
        actor: Some(super::actor::from_env()),
        lang: Some(lang),
    })?;
    line.push('\n');
    (&stream).write_all(line.as_bytes()).map_err(fail)?;
    let mut answer = String::new();
    BufReader::new(&stream).read_line(&mut answer).map_err(fail)?;
    let reply: Reply = serde_json::from_str(&answer).map_err(|e| Refusal::ServeUnreachable {
        path: path.display().to_string(),
        why: ServeWhy::Unreadable,
        detail: e.to_string(),
    })?;
    Ok(Some(reply))
}
