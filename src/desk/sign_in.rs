//! One-time sign-in links to the doctors' pages (`/me`) and the console (`/admin`), issue 18:
//! one path for the bot's `/web` and `/admin`, `toban web link` and anything after them. The
//! token is random and shown only in the link; the store keeps its SHA-256. Audited.
//!
//! Also the doctor's personal calendar feed token, one path for the bot's `/feed` and the
//! doctors' pages: a new one stops the earlier one of the same label.

use chrono::{DateTime, Duration, Utc};

use super::Desk;
use crate::store::{AuditEntry, AuditEvent, LinkRole, SignInLink, StoreError};
use crate::web::auth;

/// A link from the bot is valid this long.
pub const BOT_LINK_VALID: Duration = Duration::minutes(15);

/// The longest a printed or emailed link (`toban web link --hours`) may be valid, in hours.
pub const MAX_LINK_HOURS: i64 = 14 * 24;

/// A link made, to give once.
#[derive(Debug, Clone)]
pub struct IssuedLink {
    /// The whole URL (`{public URL}/me/link/{token}`).
    pub url: String,
    /// Until when it works.
    pub until: DateTime<Utc>,
    /// Where it signs in.
    pub role: LinkRole,
}

/// Why no link was made.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// `member` may not sign in there (not a current doctor, not an admin).
    #[error("'{0}' may not sign in there")]
    NotSignable(String),
    /// No randomness.
    #[error("no randomness for a sign-in link: {0}")]
    Random(getrandom::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Desk<'_> {
    /// Makes a one-time link signing `member` in as `role`, valid for `valid` from `now`,
    /// audited as done `by`. A doctor must be a current doctor of the rules; an admin an
    /// `[[admin]]` of the rules.
    ///
    /// # Errors
    /// [`LinkError`].
    pub fn sign_in_link(
        &self,
        member: &str,
        role: LinkRole,
        valid: Duration,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<IssuedLink, LinkError> {
        let today = now.with_timezone(&self.rules.association.tz).date_naive();
        let allowed = match role {
            LinkRole::Doctor => {
                self.rules.doctor(member).is_some() && self.rules.is_current(member, today)
            }
            LinkRole::Admin => self.rules.admins.iter().any(|a| a.id.as_str() == member),
        };
        if !allowed {
            return Err(LinkError::NotSignable(member.to_string()));
        }
        let token = crate::web::new_token().map_err(LinkError::Random)?;
        let until = now + valid;
        let link = SignInLink {
            hash: auth::token_hash(&token),
            member: member.to_string(),
            role,
            created_at: now,
            expires_at: until,
        };
        self.store.put_sign_in_link(&link)?;
        let event = AuditEvent::SignInLinkIssued {
            member: member.to_string(),
            admin: role == LinkRole::Admin,
            until,
        };
        self.store.add_audit(&AuditEntry::of(now, by, event))?;
        let base = crate::config::public_url(self.store.data_dir().as_deref());
        Ok(IssuedLink { url: format!("{base}/me/link/{token}"), until, role })
    }

    /// A new personal calendar-feed token for doctor `member` under `label` (the earlier
    /// unrevoked ones of that label are revoked), audited as done by `member`. Returns the
    /// token (shown once) or `None` without randomness.
    ///
    /// # Errors
    /// If the store fails.
    pub fn personal_feed(
        &self,
        member: &str,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        for t in self.store.feed_tokens()? {
            if t.revoked_at.is_none()
                && t.member.as_ref().is_some_and(|m| m.as_str() == member)
                && t.label.as_deref() == Some(label)
            {
                self.store.revoke_feed_token(t.id, now)?;
            }
        }
        let (Ok(token), Ok(id)) = (crate::chat::invite::new_code(), member.parse()) else {
            return Ok(None);
        };
        let hash = crate::chat::invite::hash(&token);
        let t = self.store.add_feed_token(&hash, Some(id), Some(label.into()), now)?;
        let event = AuditEvent::FeedTokenIssued { token: t.id, member: Some(member.to_string()) };
        self.store.add_audit(&AuditEntry::of(now, member, event))?;
        Ok(Some(token))
    }
}
