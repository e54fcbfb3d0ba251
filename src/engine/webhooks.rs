//! The delayed-webhook manager (issue 19): "ring the duty doctor's phone if a request is
//! unanswered for 5 minutes".
//!
//! Key decisions:
//! - A delayed webhook is a deadline in the store ([`crate::store::WebhookDue`]), written by the
//!   delivery manager when it first sees the notice, so it survives restarts and kill -9.
//! - When it is due, it fires only if the call still waits and this member has not declined:
//!   an Accept (or a cancel, or the call running out) cancels it. Firing queues a copy of the
//!   notice for that webhook alone (key `webhook:{id}:{original key}`) before the deadline is
//!   removed, so a crash between the two fires it at most once (the outbox skips a known key).

use chrono::{DateTime, Utc};

use super::{Ctx, Outcome};
use crate::routing::CallState;
use crate::store::{StoreError, WebhookDue};

/// The manager's name in logs.
pub const NAME: &str = "engine.webhooks";

/// Fires the delayed webhooks due at `now` whose call is still unanswered; drops the others.
///
/// # Errors
/// If the due list cannot be read.
pub fn update(ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::default();
    for due in ctx.store.due_webhooks(now)? {
        match fire(ctx, &due, now) {
            Ok(true) => outcome.done += 1,
            Ok(false) => {
                tracing::info!(manager = NAME, key = %due.notice.key, "answered in time: not sent");
            }
            Err(e) => {
                outcome.failed += 1;
                tracing::error!(manager = NAME, key = %due.notice.key, "delayed webhook failed: {e}");
            }
        }
    }
    Ok(outcome)
}

fn fire(ctx: &Ctx, due: &WebhookDue, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let unanswered = match due.notice.body.call() {
        Some(id) => ctx.store.call(id)?.is_some_and(|call| {
            matches!(call.state, CallState::Waiting { .. })
                && !call.declined.contains(&due.notice.to)
        }),
        None => false,
    };
    if unanswered {
        ctx.store.enqueue(std::slice::from_ref(&due.notice), now)?;
    }
    ctx.store.remove_webhook_due(due)?;
    Ok(unanswered)
}
