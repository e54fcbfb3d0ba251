//! Doctors' own web pages (`/me`, issue 18): one-time sign-in links (from the bot, or printed
//! by the office) and the doctors' sessions. As for the console's records ([`super::web`]),
//! secrets are never stored: only the SHA-256 of each token.
//!
//! Key decision: a doctor's session is a record of its own, in its own tree, never a
//! [`super::WebSession`]: the console's session check cannot mistake it for an admin's, so a
//! doctor's cookie opens no `/admin` page whatever it holds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a sign-in link signs its member in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRole {
    /// A doctor, to their own pages under `/me`.
    Doctor,
    /// An admin, to the office's console under `/admin`.
    Admin,
}

/// A one-time sign-in link, until it is used or expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInLink {
    /// SHA-256 of the link's token (the link holds the token).
    pub hash: String,
    /// The member it signs in.
    pub member: String,
    /// Where.
    pub role: LinkRole,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Until when it works.
    pub expires_at: DateTime<Utc>,
}

/// A doctor signed in to `/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoctorSession {
    /// SHA-256 of the session token (the cookie holds the token).
    pub hash: String,
    /// The doctor's member id.
    pub doctor: String,
    /// The CSRF token of this session's forms.
    pub csrf: String,
    /// When the doctor signed in.
    pub created_at: DateTime<Utc>,
    /// The last request (written at most once a minute).
    pub last_seen_at: DateTime<Utc>,
}
