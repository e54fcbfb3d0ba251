//! The console's records: admins' web accounts, their sessions and failed sign-ins
//! (issue 18). Secrets are never stored: only hashes (argon2id for passwords, SHA-256 for
//! setup and session tokens).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An admin's web account, made by `toban admin add`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebAccount {
    /// The `[[admin]]` member id of the rules.
    pub admin: crate::rules::MemberId,
    /// The argon2id PHC string of the password, once one is set.
    pub password_hash: Option<String>,
    /// The SHA-256 of the one-time setup token, until it is used.
    pub setup_hash: Option<String>,
    /// Until when the setup token works.
    pub setup_expires_at: Option<DateTime<Utc>>,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebSession {
    /// SHA-256 of the session token (the cookie holds the token).
    pub hash: String,
    /// The admin signed in.
    pub admin: crate::rules::MemberId,
    /// The CSRF token of this session's forms.
    pub csrf: String,
    /// When the admin signed in.
    pub created_at: DateTime<Utc>,
    /// The last request (written at most once a minute).
    pub last_seen_at: DateTime<Utc>,
}
