//! The requests manager: swap and cover requests whose deadline passed (or that the published
//! rota no longer matches) are stepped through the machine ([`crate::swap`]): closed, the
//! proposer told, covers moved to the next colleague or the office alerted
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
