//! The adapters' clock. The core never reads the clock; the CLI and `serve` read it here.
//!
//! `TOBAN_CLOCK` replaces the system clock for tests and demonstrations: an RFC 3339 instant
//! (`2027-03-02T22:00:00+09:00`) fixes "now"; `file:PATH` reads the instant from that file
//! every time, so a test can move time forward while `toban serve` runs.

use chrono::{DateTime, Utc};

use crate::msg::refusal::Refusal;

/// The environment variable.
pub const VAR: &str = "TOBAN_CLOCK";

/// Now: the system clock, or `TOBAN_CLOCK`.
///
/// # Errors
/// A [`Refusal::BadClock`] when `TOBAN_CLOCK` is set but unreadable.
pub fn now() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var(VAR) {
        Ok(spec) if !spec.is_empty() => from_spec(&spec),
        _ => Ok(Utc::now()),
    }
}

/// The instant a `TOBAN_CLOCK` value stands for.
///
/// # Errors
/// A [`Refusal::BadClock`] naming the variable and what is wrong.
pub fn from_spec(spec: &str) -> anyhow::Result<DateTime<Utc>> {
    let text = match spec.strip_prefix("file:") {
        Some(path) => std::fs::read_to_string(path).map_err(|e| Refusal::BadClock {
            var: VAR,
            detail: format!("cannot read the clock file {path}: {e}"),
        })?,
        None => spec.to_string(),
    };
    DateTime::parse_from_rfc3339(text.trim()).map(|t| t.with_timezone(&Utc)).map_err(|_| {
        Refusal::BadClock {
            var: VAR,
            detail: format!(
                "'{}' is not an RFC 3339 instant (e.g. 2027-03-02T22:00:00+09:00)",
                text.trim()
            ),
        }
        .into()
    })
}
