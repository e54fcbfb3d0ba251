//! [`ChatLinks`]: who is who in chat, and what the chat adapters must remember.
//!
//! What it holds: invites and the links of members to their chats (Telegram and LINE), failed
//! link attempts, the guided forms (dialogs) in progress, handover notes, and what makes chat
//! delivery idempotent: the Telegram offset, handled updates and LINE events, origins (what
//! was done under an update) and when a stranger was last answered; and which LINE message was
//! a call's record (a quote of it is the call's report). The chat adapters need
//! this and nothing else of the store's records beyond what the desk does for them.

use crate::rules::MemberId;
use crate::store::{Dialog, Effect, Invite, Link, Note, Origin, Redeem, StoreError};

/// Chat links, invites, dialogs, notes and chat idempotency (see the module doc).
pub trait ChatLinks {
    /// Adds a handover note.
    fn add_note(&self, note: &Note) -> Result<(), StoreError>;

    /// The notes written in slot `slot`, oldest first.
    fn notes(&self, slot: &str) -> Result<Vec<Note>, StoreError>;

    /// The guided form chat `chat_id` is in, if any.
    fn dialog(&self, chat_id: i64) -> Result<Option<Dialog>, StoreError>;

    /// Sets (or with `None` ends) the guided form of chat `chat_id`.
    fn set_dialog(&self, chat_id: i64, dialog: Option<&Dialog>) -> Result<(), StoreError>;

    /// Stores a new invite (keyed by its hash).
    fn add_invite(&self, invite: &Invite) -> Result<(), StoreError>;

    /// Redeems the invite whose code hashes to `hash` for Telegram user `user_id` in chat
    /// `chat_id` at `now`, in one atomic step: the code is marked used, and this chat becomes one
    /// more device of the member (a member may link several). A chat linked to another member
    /// is refused ([`Redeem::OtherMember`]) and the code is left unused.
    fn redeem_invite(
        &self,
        hash: &str,
        chat_id: i64,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Redeem, StoreError>;

    /// Every linked device (chat) of member `member`, by chat id.
    fn links_of(&self, member: &MemberId) -> Result<Vec<Link>, StoreError>;

    /// The link of the chat `chat_id`.
    fn link_of_chat(&self, chat_id: i64) -> Result<Option<Link>, StoreError>;

    /// Every link, by member id then chat id.
    fn links(&self) -> Result<Vec<Link>, StoreError>;

    /// Marks the link of `member` to chat `chat_id` broken at `at` for `why`. Returns `true` if
    /// it was working until now (`false`: no such link any more, or broken already).
    fn mark_link_broken(
        &self,
        member: &str,
        chat_id: i64,
        at: chrono::DateTime<chrono::Utc>,
        why: &str,
    ) -> Result<bool, StoreError>;

    /// Removes the link of `member` to chat `chat`, or all of the member's links with `None`.
    /// Returns how many were removed.
    fn unlink(&self, member: &MemberId, chat: Option<i64>) -> Result<usize, StoreError>;

    /// Counts a failed link attempt by Telegram user `user_id` at `now` and returns how many
    /// failures that user has in the `window` ending now (this one included).
    fn link_failure(
        &self,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError>;

    /// How many failed link attempts Telegram user `user_id` has in the `window` ending `now`.
    fn recent_link_failures(
        &self,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError>;

    /// The next Telegram update id to ask for.
    fn telegram_offset(&self) -> Result<Option<i32>, StoreError>;

    /// Stores the next Telegram update id to ask for (flushed).
    fn set_telegram_offset(&self, offset: i32) -> Result<(), StoreError>;

    /// What was done under `origin`, if anything (see [`Origin`]).
    fn effect_of(&self, origin: &Origin) -> Result<Option<Effect>, StoreError>;

    /// Adds a handover note as [`ChatLinks::add_note`] does, and records it under `origin`, in one
    /// atomic, flushed write; `false` (nothing written) if something was recorded under `origin`.
    fn add_note_once(&self, note: &Note, origin: &Origin) -> Result<bool, StoreError>;

    /// Whether Telegram update `id` was handled.
    fn update_handled(&self, id: u64) -> Result<bool, StoreError>;

    /// Records that Telegram update `id` was handled at `at` (flushed).
    fn mark_update_handled(
        &self,
        id: u64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// Whether the chat `chat` of someone who is not a member may be answered at `now`: `true`,
    /// with `now` stored as its last answer (flushed), when it had none in the `every` before.
    fn stranger_reply_due(
        &self,
        chat: i64,
        now: chrono::DateTime<chrono::Utc>,
        every: chrono::Duration,
    ) -> Result<bool, StoreError>;

    /// Forgets the handled Telegram updates and LINE events, the origins and the strangers' last
    /// answers older than `before` (flushed); neither channel delivers again after a day.
    /// Called hourly by each channel's adapter ([`crate::chat::REMEMBER_HOURS`]), so a
    /// deployment on one channel alone forgets too. Returns how many records went.
    fn forget_handled_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError>;

    /// The chat number of LINE user `user` (issue 19): the one given before, or a new one below
    /// [`crate::chat::LINE_BASE`], given with its reverse entry in one atomic, flushed write.
    fn line_chat(&self, user: &str) -> Result<i64, StoreError>;

    /// The LINE user of chat number `chat`, if it is a LINE chat the store gave.
    fn line_user(&self, chat: i64) -> Result<Option<String>, StoreError>;

    /// Whether LINE webhook event `id` was handled.
    fn line_event_handled(&self, id: &str) -> Result<bool, StoreError>;

    /// Records that LINE webhook event `id` was handled at `at` (flushed); forgotten with the
    /// Telegram updates ([`ChatLinks::forget_handled_before`]).
    fn mark_line_event_handled(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// Records that LINE message `message` (the id LINE gave it when it was pushed, at `at`) is
    /// the 【受諾】 record of call `call` (flushed), so that a message quoting it is that call's
    /// report. Only the id and the call: the record's text holds the patient's data.
    fn keep_line_record(
        &self,
        message: &str,
        call: crate::routing::CallId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// The call whose record LINE message `message` is, if it was kept and not forgotten.
    fn line_record(&self, message: &str) -> Result<Option<crate::routing::CallId>, StoreError>;

    /// Forgets the records' message ids kept before `before` (flushed); returns how many went.
    fn forget_line_records_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError>;
}
