//! Delivering the outbox: each stored notice is rendered, handed to a [`Notifier`], and marked
//! sent. Every notifier (console now; Telegram next; LINE, e-mail later) implements one trait.
//!
//! Key decisions:
//! - A notice is marked sent only after its notifier said it was delivered, so a crash loses
//!   nothing; notifiers keep their own record of delivered keys, so a notice delivered just
//!   before a crash (and not yet marked) is not delivered twice.
//! - Notices are delivered in the order they were produced; a failed delivery stops the round
//!   (the next round retries it first), so nobody gets "taken by X" before the request.

pub mod console;
pub mod duty;
pub mod text;

use chrono::{DateTime, Utc};

use crate::routing::Notice;
use crate::rules::Rules;
use crate::store::{Store, StoreError};

/// A channel that delivers text to members.
pub trait Notifier: Send {
    /// Delivers `notice`, rendered as `text`, to its recipient. Its `key` is the idempotency
    /// key: a notifier that knows it delivered `key` already must not deliver it again, and
    /// returns `Ok`. The notice's body tells what answers it invites (Accept / Decline buttons).
    ///
    /// # Errors
    /// When the channel failed; the notice stays in the outbox and is retried.
    fn deliver(&mut self, notice: &Notice, text: &str) -> Result<(), NotifyError>;
}

/// A delivery that failed and will be retried.
#[derive(Debug, thiserror::Error)]
#[error("could not deliver to {to}: {why}")]
pub struct NotifyError {
    /// The recipient.
    pub to: String,
    /// Why.
    pub why: String,
}

/// Why a round of delivery stopped.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A notifier failed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
}

/// Delivers every pending notice in order, marking each sent at `now`. Returns how many were
/// delivered.
///
/// # Errors
/// The first store or delivery failure; what was delivered before it stays marked.
pub fn drain(
    rules: &Rules,
    store: &dyn Store,
    notifier: &mut dyn Notifier,
    now: DateTime<Utc>,
) -> Result<usize, DrainError> {
    let mut delivered = 0;
    for entry in store.pending_notices()? {
        let notice = &entry.notice;
        let text = match notice.body.call() {
            None => duty::render(rules, store, &notice.body)?,
            Some(id) => {
                let Some(call) = store.call(id)? else {
                    // A notice for a call that does not exist cannot be rendered; it is a bug,
                    // not a reason to stop delivering the rest.
                    store.mark_sent(entry.seq, now)?;
                    continue;
                };
                let patient = store.patient(call.patient)?;
                text::render(
                    &text::Context { rules, call: &call, patient: patient.as_ref() },
                    &notice.body,
                )
            }
        };
        notifier.deliver(notice, &text)?;
        store.mark_sent(entry.seq, now)?;
        delivered += 1;
    }
    Ok(delivered)
}
