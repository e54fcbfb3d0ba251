//! Delivering the outbox: each stored notice is rendered, handed to a [`Notifier`], and settled
//! in the store. Every notifier (the console; Telegram and LINE through
//! [`crate::chat::deliver`]) implements one trait; [`crate::engine::delivery`] decides what to
//! do with each answer.
//!
//! Key decisions:
//! - A notice is settled only after its notifier answered, so a crash loses nothing; a notice
//!   delivered just before a crash (and not yet settled) may be delivered again (at least once).
//! - Order is kept per recipient, not globally: one recipient whose chat fails never holds up
//!   anyone else's messages.
//! - A notifier says *how* it failed ([`Failure`]): not reachable on this channel (use the
//!   fallback), reachable never again (the link is broken), or not now (back off and retry).

pub mod console;
pub mod duty;
pub mod links;
pub mod route;
pub mod text;
pub mod webhook;

use std::time::Duration;

use chrono::{DateTime, Utc};

pub use route::Route;

use crate::routing::Notice;
use crate::rules::Rules;
use crate::store::{OutboxEntry, Store, StoreError};

/// A channel that delivers text to members. Shared between delivery workers (one per
/// recipient at a time), so it takes `&self`.
pub trait Notifier: Send + Sync {
    /// Delivers `notice`, rendered as `text`, to its recipient. The notice's body tells what
    /// answers it invites (Accept / Decline buttons).
    ///
    /// # Errors
    /// How the channel failed ([`NotifyError::failure`]); the caller decides what follows.
    fn deliver(&self, notice: &Notice, text: &str) -> Result<Delivered, NotifyError>;

    /// The routes `notice` takes, each delivered on its own with [`Notifier::deliver_via`]
    /// (issue 19: every device of a member, and the webhooks for it). By default one: the
    /// notifier as a whole.
    ///
    /// # Errors
    /// If the routes cannot be read now (a transient failure).
    fn routes(&self, notice: &Notice) -> Result<Vec<Route>, NotifyError> {
        let _ = notice;
        Ok(vec![Route::All])
    }

    /// The webhooks that take `notice` only if its call is still unanswered after a delay:
    /// (webhook id, minutes). None by default.
    fn delayed(&self, notice: &Notice) -> Vec<(String, u32)> {
        let _ = notice;
        Vec::new()
    }

    /// Delivers `notice` by `route` alone (one of [`Notifier::routes`]).
    ///
    /// # Errors
    /// As [`Notifier::deliver`], for that route.
    fn deliver_via(
        &self,
        route: &Route,
        notice: &Notice,
        text: &str,
    ) -> Result<Delivered, NotifyError> {
        let _ = route;
        self.deliver(notice, text)
    }
}

/// A delivery that reached the member (on at least one of their devices).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Devices (chats) of the member that the channel says can never be reached again, with
    /// what it said: their links are marked broken.
    pub broken: Vec<(i64, String)>,
}

/// A delivery that failed, and how.
#[derive(Debug, Clone, thiserror::Error)]
#[error("could not deliver to {to}: {why}")]
pub struct NotifyError {
    /// The recipient.
    pub to: String,
    /// Why, as the channel said it (never a secret).
    pub why: String,
    /// What kind of failure it was.
    pub failure: Failure,
    /// Devices (chats) that can never be reached again, with what the channel said: their
    /// links are marked broken, whatever the failure.
    pub broken: Vec<(i64, String)>,
    /// The HTTP status the receiver answered with, where one answered (a webhook's 410):
    /// what the admins' alert names, never read back out of [`NotifyError::why`].
    pub status: Option<u16>,
}

/// How a delivery failed: it decides between retrying, the fallback and giving up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The recipient has no working account on this channel (not linked, or the link is
    /// broken): deliver through the fallback. Not an error of the channel.
    NoRoute,
    /// The channel answered that this can never be delivered: every device of the member is
    /// unreachable (the bot was blocked, the chat is gone, the account deactivated: listed in
    /// [`NotifyError::broken`]), or the message itself was refused. Use the fallback; do not
    /// retry.
    Permanent,
    /// Not now (a 5xx, a timeout, a dropped connection, 429): back off and retry; `retry_after`
    /// when the channel said how long to wait.
    Transient {
        /// How long the channel asked to wait.
        retry_after: Option<Duration>,
    },
}

impl NotifyError {
    /// A transient failure for `to`.
    pub fn transient(to: &str, why: impl Into<String>) -> NotifyError {
        NotifyError {
            to: to.to_string(),
            why: why.into(),
            failure: Failure::Transient { retry_after: None },
            broken: Vec::new(),
            status: None,
        }
    }
}

/// Why a synchronous round of delivery stopped.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A notifier failed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
}

/// The text of an outbox entry, rendered from the store now (so today's names and state are
/// used); `None` for a notice about a call that does not exist (a bug, not a reason to stop).
///
/// # Errors
/// If the store fails.
pub fn render(
    rules: &Rules,
    store: &dyn Store,
    entry: &OutboxEntry,
) -> Result<Option<String>, StoreError> {
    let notice = &entry.notice;
    Ok(match notice.body.call() {
        None => Some(duty::render_for(rules, store, Some(&notice.to), &notice.body)?),
        Some(id) => match store.call(id)? {
            None => None,
            Some(call) => {
                let patient = store.patient(call.patient)?;
                // A report for someone other than the attending doctor or the caller: the
                // duty doctor's copy names no patient.
                let copy =
                    duty::report_copy(rules, &call, patient.as_ref(), &notice.to, &notice.body);
                let text = copy.unwrap_or_else(|| {
                    text::render(
                        &text::Context {
                            rules,
                            call: &call,
                            patient: patient.as_ref(),
                            produced: entry.created_at,
                        },
                        &notice.body,
                    )
                });
                Some(with_beds(rules, store, &notice.body, entry.created_at, text)?)
            }
        },
    })
}

/// A request or the record of a call, with the backup hospitals' bed vacancy under it (issue
/// 20) as it stood when the notice was produced, once any hospital has set one: whoever
/// handles the call sees where a patient could be admitted.
fn with_beds(
    rules: &Rules,
    store: &dyn Store,
    body: &crate::routing::Body,
    at: DateTime<Utc>,
    text: String,
) -> Result<String, StoreError> {
    use crate::msg::Message;
    use crate::routing::Body;
    let handles =
        matches!(body, Body::Request { .. } | Body::RequestAgain { .. } | Body::Record { .. });
    if !handles || text.is_empty() || !crate::desk::beds::any_beds(store)? {
        return Ok(text);
    }
    let lines = crate::desk::beds::bed_lines(rules, store, at)?;
    let beds = crate::msg::hospital::HospMsg::Beds(lines).render(rules.association.language);
    Ok(format!("{text}\n\n{beds}"))
}

/// Delivers every pending notice with `notifier` alone, in order, marking each sent at `now`
/// (the demo and benchmarks: one process, the console, no retries). Returns how many were
/// delivered. `toban serve` delivers with [`crate::engine::delivery::Delivery`] instead.
///
/// # Errors
/// The first store or delivery failure; what was delivered before it stays marked.
pub fn drain(
    rules: &Rules,
    store: &dyn Store,
    notifier: &dyn Notifier,
    now: DateTime<Utc>,
) -> Result<usize, DrainError> {
    let mut delivered = 0;
    for entry in store.pending_notices()? {
        let Some(text) = render(rules, store, &entry)? else {
            store.settle(entry.seq, now, &crate::store::Settled::Dead("no such call".into()))?;
            continue;
        };
        notifier.deliver(&entry.notice, &text)?;
        store.mark_sent(entry.seq, now)?;
        delivered += 1;
    }
    Ok(delivered)
}
