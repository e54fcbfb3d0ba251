//! The escalation manager: fires the calls' deadlines. A step that timed out moves to the next
//! step, a request unanswered at half its step is sent again, a follow-up the handler did not
//! acknowledge sends the call on (all decided by `routing::engine`; `Call::deadline` is the
//! earliest of them).
//!
//! It reads the `due` index (deadline → call), so a cycle costs what is waiting, not every
//! call ever made; the call, its event, its notices and its new deadline are written in one
//! transaction.

use chrono::{DateTime, Utc};

use super::{Ctx, Outcome};
use crate::routing::{Call, Event, Notice};
use crate::store::{Store, StoreError};

/// The manager's name in logs.
pub const NAME: &str = "engine.escalation";

/// Fires every deadline at or before `now`. A call that fails is logged and skipped.
///
/// # Errors
/// If the due index cannot be read.
pub fn update(ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let (moved, failed) = fire_due(&*ctx.store, now)?;
    Ok(Outcome { done: moved.len(), failed })
}

/// The calls a round of deadlines moved on, each with its notices.
pub type Moved = Vec<(Call, Vec<Notice>)>;

/// Fires every deadline at or before `now` (a step's end, a reminder, an acknowledgement's end),
/// by deadline: returns the calls moved on with their notices, and how many failed (logged with
/// their ids and skipped).
///
/// # Errors
/// If the due index cannot be read.
pub fn fire_due(store: &dyn Store, now: DateTime<Utc>) -> Result<(Moved, usize), StoreError> {
    // In deadline order, as the index keeps them.
    let due = store.due_calls(now)?;
    let (mut moved, mut failed) = (Vec::new(), 0);
    for mut call in due {
        let id = call.id;
        let notices = match call.apply(&Event::Deadline, now) {
            Ok(n) => n,
            Err(refusal) => {
                // A stale index entry (the call moved on); the next commit of it tidies it.
                tracing::debug!(manager = NAME, call = id, "deadline refused: {refusal}");
                continue;
            }
        };
        match store.commit_call(&call, &Event::Deadline, &notices, now) {
            Ok(()) => {
                super::quiet::clear(&format!("{NAME}/{id}"));
                moved.push((call, notices));
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => {
                if let Some(left_out) = super::quiet::due(&format!("{NAME}/{id}")) {
                    tracing::error!(
                        manager = NAME,
                        call = id,
                        left_out,
                        "cannot move the call on: {e}"
                    );
                }
                failed += 1;
            }
        }
    }
    Ok((moved, failed))
}
