//! Chat with members, over any channel (DESIGN.md §5; issue 19): one channel-neutral core and
//! thin adapters.
//!
//! - [`core`] decides every answer over the rules and the store: an [`core::Inbound`] event
//!   (a text or a button press, from a chat and the account in it) in, an [`core::Answered`]
//!   (texts with buttons, a short notice, a command menu) out. No channel's types, no network.
//! - [`telegram`] polls the Bot API, turns updates into events and answers into Bot API calls,
//!   and delivers the outbox to Telegram chats.
//! - [`line`](mod@line) takes LINE's signed webhook, turns its events into events of the core
//!   and answers into replies and pushes of the Messaging API, and delivers the outbox to LINE
//!   chats.
//! - [`deliver`] sends each notice to every linked chat of its member, whatever the channel.
//! - [`invite`]: the one-time codes that link an account on any channel to a member.
//!
//! Key decision: every chat, whatever its channel, is a number in the store (a Telegram chat
//! id as Telegram gives it; a LINE user gets a number from the store, below [`LINE_BASE`],
//! where Telegram never goes), so links, forms, failed codes and strangers' answers are kept
//! once for all channels, and [`Channel::of`] tells an adapter whose chat it is.

pub mod core;
pub mod deliver;
pub mod invite;
pub mod line;
pub mod telegram;

/// The channel a chat is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Telegram (the Bot API).
    Telegram,
    /// LINE (the Messaging API).
    Line,
}

/// Hours handled Telegram updates and LINE events, origins and strangers' answers are
/// remembered ([`crate::store::ChatLinks::forget_handled_before`]): neither channel delivers
/// anything again after a day.
pub const REMEMBER_HOURS: i64 = 48;

/// The first number the store gives a LINE chat (they count down from it). Telegram's chat ids
/// have at most 52 significant bits, so no Telegram chat is at or below it.
pub const LINE_BASE: i64 = -(1 << 60);

impl Channel {
    /// The channel of the chat numbered `chat` in the store.
    pub fn of(chat: i64) -> Channel {
        if chat <= LINE_BASE { Channel::Line } else { Channel::Telegram }
    }

    /// Its name in logs and audit entries.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Telegram => "Telegram",
            Channel::Line => "LINE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_chats_and_line_chats_never_share_a_number() {
        // Private chats, groups and supergroups (-100…) as Telegram gives them.
        for chat in [1, 8101, (1 << 52) - 1, -100, -1_001_234_567_890, -(1 << 52)] {
            assert_eq!(Channel::of(chat), Channel::Telegram, "{chat}");
        }
        for chat in [LINE_BASE, LINE_BASE - 1, i64::MIN] {
            assert_eq!(Channel::of(chat), Channel::Line, "{chat}");
        }
    }
}
