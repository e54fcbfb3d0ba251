//! Why a member's chat no longer reaches them, as the office reads it: in the 【要対応】 notice,
//! `toban links` and `toban doctor`.
//!
//! Key decision: the store keeps the reason as the channel gave it (Telegram's error text,
//! passed on as it is, like a status code), or, when toban learnt it from an event of its own
//! (LINE's `unfollow`), as a tag ([`UNFOLLOWED`]) that this catalogue words in the reader's
//! language.

use super::Message;

/// The stored reason of a LINE link broken by the member blocking the official account.
pub const UNFOLLOWED: &str = "unfollow";
/// The same, as stored before the tag (links and queued notices of then).
const UNFOLLOWED_BEFORE: &str = "the member blocked the LINE bot (unfollow)";

/// Why a link broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokenWhy<'a> {
    /// The member blocked the LINE official account (LINE's `unfollow` event).
    LineBlocked,
    /// What the channel said, as it said it.
    Said(&'a str),
}

impl<'a> BrokenWhy<'a> {
    /// The reason stored as `why`.
    pub fn of(why: &'a str) -> BrokenWhy<'a> {
        match why {
            UNFOLLOWED | UNFOLLOWED_BEFORE => BrokenWhy::LineBlocked,
            said => BrokenWhy::Said(said),
        }
    }

    /// One of every variant.
    pub fn samples() -> Vec<BrokenWhy<'static>> {
        let all = vec![BrokenWhy::LineBlocked, BrokenWhy::Said("Forbidden: bot was blocked")];
        for m in &all {
            match m {
                BrokenWhy::LineBlocked | BrokenWhy::Said(_) => {}
            }
        }
        all
    }
}

impl Message for BrokenWhy<'_> {
    fn ja(&self) -> String {
        match self {
            BrokenWhy::LineBlocked => "LINE でブロックされました".into(),
            BrokenWhy::Said(said) => said.to_string(),
        }
    }

    fn en(&self) -> String {
        match self {
            BrokenWhy::LineBlocked => "they blocked the LINE account".into(),
            BrokenWhy::Said(said) => said.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_line_account_is_worded_and_a_channels_words_are_kept() {
        assert_eq!(BrokenWhy::of(UNFOLLOWED), BrokenWhy::LineBlocked);
        assert_eq!(BrokenWhy::of(UNFOLLOWED_BEFORE), BrokenWhy::LineBlocked);
        assert_eq!(BrokenWhy::of("Forbidden").ja(), "Forbidden");
        for m in BrokenWhy::samples() {
            assert!(!m.ja().is_empty() && !m.en().is_empty(), "{m:?}");
        }
        super::super::check_both(&BrokenWhy::LineBlocked);
    }
}
