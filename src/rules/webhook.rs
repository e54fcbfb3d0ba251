//! Outbound webhooks (issue 19): an association's phone/IVR or SMS gateway, told of notices.
//!
//! Key decision: the rules name the environment variable that holds a webhook's secret, never
//! the secret: rules files are shared, edited in the web console and kept in backups. `serve`
//! reads the variable at start and refuses to start without it, naming the file and line.

use super::MemberId;
use crate::msg::rules::Place;

/// The kinds of notice a webhook may ask for (as [`crate::routing::Body::tag`] names them).
pub const WEBHOOK_KINDS: &[&str] = &[
    "request",
    "request_again",
    "record",
    "progress",
    "accepted",
    "late_accept",
    "taken",
    "moved_on",
    "advice",
    "alert",
    "followup",
    "followup_again",
    "acknowledged",
    "unacknowledged",
    "report",
    "cancelled",
    "reminder",
    "handover",
    "unstaffed",
    "link_broken",
    "dead_letter",
    "channel_down",
    "channel_up",
    "swap",
    "swap_offer",
];

/// One `[[webhook]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Its id (unique among webhooks), in logs and the store.
    pub id: String,
    /// Where toban POSTs (`http` or `https`).
    pub url: String,
    /// The environment variable holding the shared secret.
    pub secret_env: String,
    /// The members it is for; empty: every member.
    pub members: Vec<MemberId>,
    /// The kinds of notice it is for; empty: every kind.
    pub kinds: Vec<String>,
    /// Only if the request is still unanswered this many minutes after it was sent.
    pub after_minutes: Option<u32>,
    /// Where the rules define it (for errors found at start).
    pub at: Place,
}

impl Webhook {
    /// Whether it is for a notice of `kind` to `member`.
    pub fn wants(&self, member: &MemberId, kind: &str) -> bool {
        (self.members.is_empty() || self.members.contains(member))
            && (self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind))
    }
}
