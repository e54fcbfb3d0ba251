//! [`FeedStore`]: the calendar feeds (iCalendar) and the tokens that open them.
//!
//! What it holds: the feed events derived from the published rotas, a generation number that
//! changes with them (for caches), and the feed tokens, kept by hash, with their revocation.
//! The feeds are served to anyone holding a token, so this role is apart from the rest.

use crate::store::{FeedToken, StoreError};

/// Calendar feed events and feed tokens (see the module doc).
pub trait FeedStore {
    /// Every feed event (see [`crate::feed`]).
    fn feed_events(&self) -> Result<Vec<crate::feed::FeedEvent>, StoreError>;

    /// Replaces every feed event, atomically, and bumps the feed generation (flushed).
    fn put_feed_events(&self, events: &[crate::feed::FeedEvent]) -> Result<(), StoreError>;

    /// A number that changes whenever the feed events change (for caches).
    fn feed_generation(&self) -> Result<u64, StoreError>;

    /// Issues a feed token (its hash) for `member` (`None`: the whole rota).
    fn add_feed_token(
        &self,
        hash: &str,
        member: Option<crate::rules::MemberId>,
        label: Option<String>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<FeedToken, StoreError>;

    /// Every feed token, by id.
    fn feed_tokens(&self) -> Result<Vec<FeedToken>, StoreError>;

    /// The token whose hash is `hash`, revoked or not.
    fn feed_token_by_hash(&self, hash: &str) -> Result<Option<FeedToken>, StoreError>;

    /// Revokes token `id` at `at`; `false` if there is no such token or it was revoked already.
    fn revoke_feed_token(
        &self,
        id: crate::ids::FeedTokenId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError>;
}
