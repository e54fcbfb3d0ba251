//! Effects done at most once per origin: what asked for an effect (a Telegram update) names it,
//! and the store writes the effect and its origin in one transaction, so asking again under the
//! same origin (the update delivered again after a crash) changes nothing.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Absence;
use crate::routing::CallId;

/// What asked for an effect, as a key: `tg/UPDATE` for a Telegram update, `line/EVENT` for a
/// LINE webhook event, with a suffix when
/// one update makes several effects of a kind (`tg/UPDATE/back/7`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    /// The Telegram update `update`.
    pub fn telegram(update: u64) -> Origin {
        Origin(format!("tg/{update}"))
    }

    /// The LINE webhook event `id` (its `webhookEventId`).
    pub fn line(id: &str) -> Origin {
        Origin(format!("line/{id}"))
    }

    /// A second key under this origin, for one of several effects of a kind it makes.
    pub fn part(&self, name: &str) -> Origin {
        Origin(format!("{}/{name}", self.0))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What was done under an origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// This absence was added (as it was then).
    Absence(Absence),
    /// This call was raised.
    Raised(CallId),
    /// A follow-up was added to this call.
    Joined(CallId),
    /// A handover note was left in this slot.
    Note(String),
}

impl Effect {
    /// Its kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Effect::Absence(_) => "an absence",
            Effect::Raised(_) => "a call",
            Effect::Joined(_) => "a follow-up",
            Effect::Note(_) => "a note",
        }
    }
}
