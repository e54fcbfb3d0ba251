//! Records of per-device delivery and delayed webhooks (issue 19).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::routing::Notice;

/// How one route (a device, a webhook) of an outbox notice ended. A notice leaves the outbox
/// when every route it takes has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteMark {
    /// Delivered there.
    Sent,
    /// Never deliverable there (a blocked chat, a refused message): why.
    Refused(String),
    /// Given up there after `[delivery] dead_letter_minutes` of transient failures: why.
    Dead(String),
}

/// What the admins were told about a webhook, once per episode (issue 19): an episode ends
/// when the webhook accepts a notice again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookTrouble {
    /// It refused a notice for good (a 4xx other than 429).
    Refused,
    /// A notice was given up on it after `[delivery] dead_letter_minutes` of failures.
    GivenUp,
}

/// A webhook that fires later, unless the call was answered by then (deadlines as data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDue {
    /// When it fires.
    pub at: DateTime<Utc>,
    /// The webhook's id in the rules.
    pub webhook: String,
    /// The notice it queues for that webhook alone (its key `webhook:{id}:{original key}`).
    pub notice: Notice,
}
