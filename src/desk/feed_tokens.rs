//! Calendar feed tokens: issue and revoke. The one path of `toban feed token issue|revoke` and
//! the console's feeds page.
//!
//! Key decision: the secret is made here, stored only as its hash, and handed back once to
//! the caller, who shows it once (the command line prints it; the console shows the link and
//! its QR code without a redirect, so a reload never shows it again).

use chrono::{DateTime, Utc};

use crate::msg::refusal::Refusal as MsgRefusal;
use crate::rules::Rules;
use crate::store::{AuditEntry, AuditEvent, FeedToken, Store};

/// A token just issued, with its secret (shown once, never stored).
#[derive(Debug)]
pub struct Issued {
    /// The stored token (id, member, label).
    pub token: FeedToken,
    /// The secret in its URL.
    pub secret: String,
}

impl Issued {
    /// The feed's URL under the public base URL `base`.
    pub fn url(&self, base: &str) -> String {
        format!("{base}/feeds/{}.ics", self.secret)
    }
}

/// Issues a token for doctor `member`'s duties (`None`: the whole rota) with `label`, at
/// `now`, audited as `by`.
///
/// # Errors
/// [`MsgRefusal::NotADoctorFeed`] when `member` is no doctor of the rules;
/// [`MsgRefusal::NoRandomness`]; store failures.
pub fn issue(
    rules: &Rules,
    store: &dyn Store,
    member: Option<&str>,
    label: Option<String>,
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<Issued> {
    let member = match member {
        None => None,
        Some(m) => {
            let doctor =
                rules.doctor(m).ok_or_else(|| MsgRefusal::NotADoctorFeed(m.to_string()))?;
            Some(doctor.id.clone())
        }
    };
    let secret =
        crate::chat::invite::new_code().map_err(|e| MsgRefusal::NoRandomness(e.to_string()))?;
    let token = store.add_feed_token(&crate::chat::invite::hash(&secret), member, label, now)?;
    let member = token.member.as_ref().map(ToString::to_string);
    let event = AuditEvent::FeedTokenIssued { token: token.id, member };
    store.add_audit(&AuditEntry::of(now, by, event))?;
    Ok(Issued { token, secret })
}

/// Revokes feed token `id` at `now`, audited as `by`; false when there is no such token.
///
/// # Errors
/// Store failures.
pub fn revoke(
    store: &dyn Store,
    id: crate::ids::FeedTokenId,
    now: DateTime<Utc>,
    by: &str,
) -> Result<bool, crate::store::StoreError> {
    if !store.revoke_feed_token(id, now)? {
        return Ok(false);
    }
    store.add_audit(&AuditEntry::of(now, by, AuditEvent::FeedTokenRevoked { token: id }))?;
    Ok(true)
}
