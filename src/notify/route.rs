//! Routes: the ways one notice reaches its member, each delivered on its own (issue 19).
//!
//! A member may have Telegram and LINE, several devices of each, and webhooks for them (a phone
//! or SMS gateway). Each is a [`Route`]: the
//! delivery manager keeps order, back-off and retries per member and route, so one failing
//! device never holds up or suppresses the others.

use std::fmt;

/// One way to a member.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// The notifier as a whole (the console, or a notifier with no devices of its own).
    All,
    /// One chat (a device) in the store's numbering ([`crate::chat::Channel::of`]).
    Chat(i64),
    /// A webhook of the rules, by id.
    Webhook(String),
    /// No device works: the fallback (the console) delivers.
    Fallback,
}

impl fmt::Display for Route {
    /// Its name in the store and logs: `all`, `chat:1001`, `webhook:phone`, `fallback`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::All => f.write_str("all"),
            Route::Chat(id) => write!(f, "chat:{id}"),
            Route::Webhook(id) => write!(f, "webhook:{id}"),
            Route::Fallback => f.write_str("fallback"),
        }
    }
}

/// The prefix of the key of a notice that goes to one webhook alone (a delayed webhook that
/// fired): `webhook:{id}:{the original key}`.
pub const WEBHOOK_ONLY: &str = "webhook:";

/// The webhook a notice with key `key` goes to alone, if it is such a notice.
pub fn webhook_only(key: &str) -> Option<&str> {
    key.strip_prefix(WEBHOOK_ONLY)?.split_once(':').map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_have_stable_names() {
        assert_eq!(Route::Chat(-5).to_string(), "chat:-5");
        assert_eq!(Route::All.to_string(), "all");
        assert_eq!(Route::Fallback.to_string(), "fallback");
        assert_eq!(Route::Webhook("phone".into()).to_string(), "webhook:phone");
        assert_eq!(webhook_only("webhook:phone:call1/request/d01"), Some("phone"));
        assert_eq!(webhook_only("call1/request/d01"), None);
    }
}
