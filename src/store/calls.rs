//! Records of calls: their events and the outbox of notices waiting to be delivered.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::routing::{CallId, Event, Notice, NoticeSeq};

/// One event of a call, as appended to the call's log in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEvent {
    /// The call.
    pub call: CallId,
    /// Its sequence number within the call (the raise is 0).
    pub seq: u64,
    /// When it was applied.
    pub at: DateTime<Utc>,
    /// The event; `None` for the raise itself.
    pub event: Option<Event>,
}

/// A notice in the outbox: stored with the event that produced it, delivered afterwards, and
/// marked sent once delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Position in the outbox, ascending in the order notices were produced.
    pub seq: NoticeSeq,
    /// The notice (its key is unique in the outbox).
    pub notice: Notice,
    /// When it was produced.
    pub created_at: DateTime<Utc>,
    /// When it was delivered, if it was.
    pub sent_at: Option<DateTime<Utc>>,
    /// Why its channel could not deliver it, if it could not: delivered through the fallback
    /// instead (with `sent_at`), or given up (with `dead_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// When it was given up on its channel (dead-lettered: printed on the console and the
    /// admins told), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_at: Option<DateTime<Utc>>,
}

impl OutboxEntry {
    /// Whether it still waits for delivery.
    pub fn is_pending(&self) -> bool {
        self.sent_at.is_none() && self.dead_at.is_none()
    }
}

/// How a notice left the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Its channel delivered it.
    Sent,
    /// Its channel could not (the reason); the fallback (the console) delivered it.
    Fallback(String),
    /// Given up after waiting too long (the reason); printed on the console, admins told.
    Dead(String),
}
