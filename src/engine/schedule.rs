//! The schedule manager: duty reminders (a week and a day before), handover messages at each
//! slot's start, and alerts for understaffed slots starting within a week. Idempotency keys
//! make it safe every cycle ([`crate::desk::Desk::schedule`]).

use chrono::{DateTime, Utc};

use super::{Ctx, Outcome};
use crate::desk::Desk;

/// The manager's name in logs.
pub const NAME: &str = "engine.schedule";

/// Queues what is due at `now`.
///
/// # Errors
/// If the store fails.
pub fn update(ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let desk = Desk { rules: &ctx.rules, store: &*ctx.store };
    Ok(Outcome { done: desk.schedule(now)?, failed: 0 })
}
