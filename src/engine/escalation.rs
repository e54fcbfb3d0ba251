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
    for call in due {
        match fire(store, call, now) {
            Fired::Moved(call, notices) => moved.push((*call, notices)),
            Fired::Failed => failed += 1,
            Fired::NotDue | Fired::Conflict => {}
        }
    }
    Ok((moved, failed))
}

/// What firing one call's deadline did.
#[derive(Debug, PartialEq)]
enum Fired {
    Moved(Box<Call>, Vec<Notice>),
    /// Nothing is due for the call as read: another writer (a deposed leader's last cycle, or
    /// the new leader's first) moved it on after the index was read. A Deadline event now would
    /// change nothing but still be an event.
    NotDue,
    /// Another writer committed the call first.
    Conflict,
    Failed,
}

fn fire(store: &dyn Store, mut call: Call, now: DateTime<Utc>) -> Fired {
    let id = call.id;
    if call.deadline().is_none_or(|d| d > now) {
        return Fired::NotDue;
    }
    let notices = match call.apply(&Event::Deadline, now) {
        Ok(n) => n,
        Err(refusal) => {
            // A stale index entry (the call moved on); the next commit of it tidies it.
            tracing::debug!(manager = NAME, call = id.get(), "deadline refused: {refusal}");
            return Fired::NotDue;
        }
    };
    match store.commit_call(&call, &Event::Deadline, &notices, now) {
        Ok(()) => {
            super::quiet::clear(&format!("{NAME}/{id}"));
            Fired::Moved(Box::new(call), notices)
        }
        Err(StoreError::Conflict { .. }) => Fired::Conflict,
        Err(e) => {
            if let Some(left_out) = super::quiet::due(&format!("{NAME}/{id}")) {
                tracing::error!(
                    manager = NAME,
                    call = id.get(),
                    left_out,
                    "cannot move the call on: {e}"
                );
            }
            Fired::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::prelude::*;
    use chrono::TimeZone;

    use super::*;

    /// With several instances on one database, a cycle of a deposed leader may overlap the new
    /// leader's: it reads the `due` index, the other commits the call (its deadline moves on),
    /// then it reads the call. Nothing is due for that call any more: no event is written.
    #[test]
    fn a_call_read_after_another_writer_moved_its_deadline_on_gets_no_event() {
        let rules = crate::plan::testing::sosa();
        let store = crate::store::TreeStore::temporary().unwrap();
        let raised_at = Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap();
        let (a, c, chain) = crate::routing::testing::one_chain(&rules);
        let raise = |id| {
            Call::raise(
                id,
                crate::ids::PatientId::new(1),
                a.clone(),
                c.clone(),
                "x".into(),
                chain.clone(),
                raised_at,
            )
        };
        let (call, _) = store.raise_call(&raise, raised_at).unwrap();
        let first = call.deadline().unwrap();
        // The other leader fired the first deadline; this one still holds the call as the
        // index promised it, and reads it again now.
        let (moved, _) = fire_due(&store, first).unwrap();
        assert_eq!(moved.len(), 1);
        let now_stored = store.call(call.id).unwrap().unwrap();
        assert!(now_stored.deadline().unwrap() > first);
        assert_eq!(fire(&store, now_stored.clone(), first), Fired::NotDue);
        assert_eq!(store.call(call.id).unwrap().unwrap().seq, now_stored.seq, "no empty event");
    }
}
