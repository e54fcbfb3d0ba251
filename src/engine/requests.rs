//! The requests manager: swap and cover requests whose deadline passed are closed, and cover
//! requests move on to the next colleague or alert the office
//! ([`crate::desk::Desk::expire_requests`]).

use chrono::{DateTime, Utc};

use super::{Ctx, Outcome};
use crate::desk::Desk;

/// The manager's name in logs.
pub const NAME: &str = "engine.requests";

/// Closes what expired at `now`.
///
/// # Errors
/// If the store fails.
pub fn update(ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let desk = Desk { rules: &ctx.rules, store: &*ctx.store };
    Ok(Outcome { done: desk.expire_requests(now)?, failed: 0 })
}
