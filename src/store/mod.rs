//! The store: rotas, duty history and absences, behind the [`Store`] trait, kept in sled.
//!
//! Key decisions:
//! - Everything goes through the object-safe [`Store`] trait, so the rest of toban never names
//!   sled. sled is single-process and has open reports of corruption after abrupt stops
//!   (DESIGN.md §5); a national service would put a replicated database behind the same trait.
//! - sled is durable only after `flush()`. Every mutating method commits atomically (one sled
//!   transaction, across trees where needed) and then flushes before it returns `Ok`, so an
//!   `Ok` means "on disk" and a kill -9 afterwards loses nothing.
//! - Values are JSON (keys are short and readable too), so a backup or export is readable
//!   without toban, and a damaged record is reported by tree and key instead of as bytes.
//! - The `meta` tree holds `schema_version`. A store written by a newer toban is refused rather
//!   than misread; older versions are migrated on open (none exist yet).
//! - No method reads the clock: every time is in the records the caller passes in. No rules here
//!   either: the store keeps what it is given.

mod audit;
pub mod backup;
mod beds;
mod calls;
#[cfg(test)]
mod index_tests;
pub mod kv;
mod kv_pg;
mod kv_sled;
pub mod leader;
mod links;
mod me;
pub mod migrate;
mod origins;
#[cfg(test)]
mod pg_tests;
pub(crate) mod records;
mod reopen;
mod rota_view;
mod routes;
mod sled_store;
pub mod wakeup;
mod web;

use std::path::PathBuf;

pub use audit::{AuditEvent, ChangeKind, Moved, RequestOutcome, WebEvent};
pub use beds::{BedState, BedStatus, BoardEntry, HospitalEvent, MAX_BOARD_NOTE};
pub use calls::{CallEvent, OutboxEntry, Settled};
pub use kv_pg::{STORE_VAR, Target};
pub use links::{
    AuditEntry, Broken, Dialog, DialogStep, FeedToken, Invite, Link, Note, Redeem, SwapCommit,
    SwapRequest, SwapStatus,
};
pub use me::{DoctorSession, LinkRole, SignInLink};
pub use origins::{Effect, Origin};
pub use records::{
    Absence, CoverPart, DutyRecord, DutySource, Fairness, ImportOutcome, NewAbsence, RotaDoctor,
    RotaRecord, RotaSlot, RotaStatus,
};
pub use reopen::Reopening;
pub use rota_view::RotaView;
pub use routes::{RouteMark, WebhookDue};
pub use sled_store::{
    MIN_FREE_BYTES, SCHEMA_VERSION, SledStore, TEST_PG_VAR, TreeStore, free_bytes,
};
pub use web::{WebAccount, WebSession};

use crate::routing::{Call, CallId, Event, Notice, Patient, PatientDetails};

/// Everything toban keeps between runs. Every mutating method is atomic (all or nothing) and
/// durable when it returns `Ok`.
///
/// `Send + Sync` so that `toban serve` can share one store between its tasks.
pub trait Store: Send + Sync {
    /// The directory holding the store's files, if it has one (not for temporary stores).
    fn data_dir(&self) -> Option<PathBuf> {
        None
    }

    /// The whole store as one consistent [`backup::Backup`], taken at `now`.
    ///
    /// # Errors
    /// Store failures, or the store kept changing while it was read.
    fn backup(
        &self,
        association: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<backup::Backup, backup::BackupError>;

    /// Saves `rota`, replacing the rota of the same year and status: a year may hold a draft
    /// (being worked on) beside its published rota (what members see).
    ///
    /// Fails with [`StoreError::Unencodable`] if its solver seconds are not finite.
    fn put_rota(&self, rota: &RotaRecord) -> Result<(), StoreError>;

    /// The rota of `year` with the given status, if one was saved.
    fn rota_version(&self, year: i32, status: RotaStatus)
    -> Result<Option<RotaRecord>, StoreError>;

    /// The latest version of the rota of `year`: its draft if one is being worked on, else the
    /// published rota.
    fn rota(&self, year: i32) -> Result<Option<RotaRecord>, StoreError> {
        match self.rota_version(year, RotaStatus::Draft)? {
            Some(draft) => Ok(Some(draft)),
            None => self.rota_version(year, RotaStatus::Published),
        }
    }

    /// Makes the draft of `year` the published rota (replacing the old one) in one atomic step,
    /// stamped `at`. Returns the new published rota, or `None` if there was no draft.
    fn publish(
        &self,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError>;

    /// Removes the draft of `year` (the published rota stays); `false` if there was none.
    fn discard_draft(&self, year: i32) -> Result<bool, StoreError>;

    /// Every saved rota of the association's own rota ([`crate::rules::MAIN_ROTA`]), by
    /// ascending year, the published before the draft of a year.
    fn rotas(&self) -> Result<Vec<RotaRecord>, StoreError>;

    /// [`Store::rota_version`] of rota `rota` (issue 20: several rotas; `main` is the
    /// association's own). A backend that keeps only the main rota has no other.
    fn rota_version_of(
        &self,
        rota: &str,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        if rota == crate::rules::MAIN_ROTA { self.rota_version(year, status) } else { Ok(None) }
    }

    /// [`Store::rota`] of rota `rota`.
    fn rota_of(&self, rota: &str, year: i32) -> Result<Option<RotaRecord>, StoreError> {
        match self.rota_version_of(rota, year, RotaStatus::Draft)? {
            Some(draft) => Ok(Some(draft)),
            None => self.rota_version_of(rota, year, RotaStatus::Published),
        }
    }

    /// [`Store::publish`] of rota `rota`.
    fn publish_of(
        &self,
        rota: &str,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        if rota == crate::rules::MAIN_ROTA { self.publish(year, at) } else { Ok(None) }
    }

    /// [`Store::discard_draft`] of rota `rota`.
    fn discard_draft_of(&self, rota: &str, year: i32) -> Result<bool, StoreError> {
        if rota == crate::rules::MAIN_ROTA { self.discard_draft(year) } else { Ok(false) }
    }

    /// The rota this store is seen as (issue 20): `main` but through a
    /// [`RotaView`] of another rota. Lets the desk tell a request of another rota it must
    /// hand to that rota's view from one already made there.
    fn scope(&self) -> &str {
        crate::rules::MAIN_ROTA
    }

    /// [`Store::rotas`] of rota `rota`.
    fn rotas_of(&self, rota: &str) -> Result<Vec<RotaRecord>, StoreError> {
        if rota == crate::rules::MAIN_ROTA { self.rotas() } else { Ok(Vec::new()) }
    }

    /// Adds duty history, keyed by `(slot_start, doctor)`: a record with a key already present
    /// replaces it, so importing the same file twice changes nothing. All or nothing.
    fn import_history(&self, records: &[DutyRecord]) -> Result<ImportOutcome, StoreError>;

    /// All duty history, ascending by `(slot_start, doctor)`.
    fn history(&self) -> Result<Vec<DutyRecord>, StoreError>;

    /// Imports one batch of duty history as [`Store::import_history`] does, and appends the audit
    /// entry `audit(batch, &outcome)` (its `seq` given by the store), in one atomic, flushed
    /// write. The store numbers the batch (ascending from 1, never reused) and stamps the number
    /// on every record, so [`Store::remove_history`] can take a whole import back. `audit` may
    /// run more than once (a transaction retry) and must be pure.
    fn import_history_batch(
        &self,
        records: &[DutyRecord],
        audit: &dyn Fn(u64, &ImportOutcome) -> AuditEntry,
    ) -> Result<(u64, ImportOutcome), StoreError>;

    /// Removes the duty history of each `(slot_start, doctor)` in `keys` and appends the audit
    /// entry `audit(&removed)` (its `seq` given by the store), in one atomic, flushed write.
    /// Returns the records removed, ascending by key; when none of the keys is present nothing
    /// is written, not even the audit entry. `audit` must be pure, as above.
    fn remove_history(
        &self,
        keys: &[(chrono::NaiveDate, String)],
        audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
    ) -> Result<Vec<DutyRecord>, StoreError>;

    /// Adds an absence and returns it with its id: one more than the largest id ever given,
    /// starting at 1, never reused after a removal.
    fn add_absence(&self, absence: NewAbsence) -> Result<Absence, StoreError>;

    /// Removes the absence `id`; `false` if there was none.
    fn remove_absence(&self, id: u64) -> Result<bool, StoreError>;

    /// All absences, by ascending id.
    fn absences(&self) -> Result<Vec<Absence>, StoreError>;

    /// Registers a patient and returns the record with its id (ascending, never reused), stamped
    /// `at`.
    fn add_patient(
        &self,
        details: PatientDetails,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Patient, StoreError>;

    /// Replaces the record of `patient.id`; `false` (and nothing written) if there is none.
    fn put_patient(&self, patient: &Patient) -> Result<bool, StoreError>;

    /// Replaces the record of `patient.id` and appends `audit` (its `seq` given by the store), in
    /// one atomic, flushed write, so a change to a patient (an edit, an event of the course) is
    /// never kept without its audit entry, nor audited without being kept. `read` is the record
    /// the change was decided on: if the stored one differs (another writer came first), nothing
    /// is written and [`PatientWrite::Changed`] says so; [`PatientWrite::Missing`] when there is
    /// no such patient any more.
    fn commit_patient(
        &self,
        read: &Patient,
        patient: &Patient,
        audit: &AuditEntry,
    ) -> Result<PatientWrite, StoreError>;

    /// Removes the patient `id` from the registry; `false` if there was none. Calls already made
    /// keep their patient id.
    fn remove_patient(&self, id: u64) -> Result<bool, StoreError>;

    /// The patient `id`.
    fn patient(&self, id: u64) -> Result<Option<Patient>, StoreError>;

    /// Every registered patient, by ascending id.
    fn patients(&self) -> Result<Vec<Patient>, StoreError>;

    /// Raises a call: gives it the next call id, lets `raise` build it, and stores the call, its
    /// raise event and its notices in one atomic, flushed write. `raise` may run more than once
    /// (a transaction retry) and must be pure.
    fn raise_call(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Call, Vec<Notice>), StoreError>;

    /// Stores `call` after `event` was applied to it at `at`, with the notices it produced, in
    /// one atomic, flushed write. Fails with [`StoreError::Conflict`] (nothing written) unless
    /// the stored call is the version just before this one (`call.seq − 1`), so two writers can
    /// never both apply an event to the same version.
    fn commit_call(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// The call `id`.
    fn call(&self, id: CallId) -> Result<Option<Call>, StoreError>;

    /// Every call, by ascending id.
    fn calls(&self) -> Result<Vec<Call>, StoreError>;

    /// The calls of `patient`, by ascending id: read through the index of calls by patient
    /// written with each call, so a raise's look for open calls costs the patient's calls, not
    /// every call ever made.
    fn calls_of(&self, patient: u64) -> Result<Vec<Call>, StoreError>;

    /// The calls whose deadline is at or before `now`, by ascending deadline then id: read from
    /// the `due` index written with each call, so the cost follows the calls waiting, not every
    /// call ever made.
    fn due_calls(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<Call>, StoreError>;

    /// The earliest deadline of any waiting call.
    fn next_deadline(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError>;

    /// The events of call `id`, in order.
    fn call_events(&self, id: CallId) -> Result<Vec<CallEvent>, StoreError>;

    /// Notices not yet delivered, in the order they were produced.
    fn pending_notices(&self) -> Result<Vec<OutboxEntry>, StoreError>;

    /// Every notice of the outbox, delivered or not, in order.
    fn notices(&self) -> Result<Vec<OutboxEntry>, StoreError>;

    /// Marks the notice `seq` delivered at `at` (flushed). Marking twice changes nothing.
    fn mark_sent(&self, seq: u64, at: chrono::DateTime<chrono::Utc>) -> Result<(), StoreError> {
        self.settle(seq, at, &Settled::Sent)
    }

    /// Takes the notice `seq` out of the pending outbox at `at` as `how` says (flushed).
    /// Settling a notice no longer pending changes nothing.
    fn settle(
        &self,
        seq: u64,
        at: chrono::DateTime<chrono::Utc>,
        how: &Settled,
    ) -> Result<(), StoreError>;

    /// Records how route `route` (a device, a webhook) of notice `seq` ended (flushed).
    fn mark_route(&self, seq: u64, route: &str, mark: &RouteMark) -> Result<(), StoreError>;

    /// How each route of notice `seq` ended so far.
    fn route_marks(&self, seq: u64) -> Result<Vec<(String, RouteMark)>, StoreError>;

    /// Adds a delayed webhook; false if it was there (flushed when new).
    fn add_webhook_due(&self, due: &WebhookDue) -> Result<bool, StoreError>;

    /// The delayed webhooks due at or before `now`, earliest first.
    fn due_webhooks(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<WebhookDue>, StoreError>;

    /// When the earliest delayed webhook is due.
    fn next_webhook_due(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError>;

    /// Removes a delayed webhook (fired or no longer wanted; flushed).
    fn remove_webhook_due(&self, due: &WebhookDue) -> Result<(), StoreError>;

    /// Whether the admins were told that webhook `id` refuses notices, in a refusal that has
    /// not ended (issue 19: told once per episode, across restarts).
    fn webhook_refusal_told(&self, id: &str) -> Result<bool, StoreError>;

    /// Records that the admins were told at `at` that webhook `id` refuses (flushed).
    fn mark_webhook_refusal_told(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// Ends webhook `id`'s refusal (it accepted a notice): the next refusal is told again.
    /// `true` if one was open (flushed then).
    fn end_webhook_refusal(&self, id: &str) -> Result<bool, StoreError>;

    /// Queues notices not tied to a call event (reminders, handovers), skipping any whose
    /// idempotency key was queued before. Returns how many were new. Flushed.
    fn enqueue(
        &self,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError>;

    /// Whether a notice with idempotency key `key` was ever queued.
    fn queued(&self, key: &str) -> Result<bool, StoreError>;

    /// Adds a handover note.
    fn add_note(&self, note: &Note) -> Result<(), StoreError>;

    /// The notes written in slot `slot`, oldest first.
    fn notes(&self, slot: &str) -> Result<Vec<Note>, StoreError>;

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
        id: u64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError>;

    /// Replaces doctors in slots of the published rota of `year` (`(slot, from, to)` each) and
    /// records `audit` (its `seq` is given by the store), in one atomic step. Returns the new
    /// published rota; [`StoreError::Conflict`]-like failures come back as `Ok(None)` when there
    /// is no published rota of that year or a change no longer matches it.
    fn change_published(
        &self,
        year: i32,
        changes: &[(String, String, String)],
        audit: &AuditEntry,
    ) -> Result<Option<RotaRecord>, StoreError>;

    /// Appends `entry` to the audit log (its `seq` is given by the store; flushed). Returns it.
    fn add_audit(&self, entry: &AuditEntry) -> Result<AuditEntry, StoreError>;

    /// The audit log, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError>;

    /// Stores a new swap request (its id is given by the store) and returns it.
    fn add_swap_request(&self, request: &SwapRequest) -> Result<SwapRequest, StoreError>;

    /// Replaces swap request `request.id`, whose `version` is one more than the stored one's;
    /// else fails with [`StoreError::RequestConflict`] and writes nothing (the caller reads it
    /// again and re-decides).
    fn put_swap_request(&self, request: &SwapRequest) -> Result<(), StoreError>;

    /// One step of swap or cover requests, in one atomic, flushed write: each of
    /// `commit.requests` is added (id 0: the store gives it one; a group of `Some(0)` becomes
    /// the first new request's id) or replaces the stored one if that is the version just
    /// before it (else [`StoreError::RequestConflict`], nothing written); the rota change, if
    /// any, is made in the published rota with the first audit entry, the other entries are
    /// appended; and the notices `notices(requests as written, the change's audit seq or 0)`
    /// are queued. `Ok(None)` (nothing written) when the rota no longer matches the change.
    /// `notices` may run more than once (a transaction retry) and must be pure.
    fn commit_swap(
        &self,
        commit: &SwapCommit,
        notices: &dyn Fn(&[SwapRequest], u64) -> Vec<Notice>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<Vec<SwapRequest>>, StoreError>;

    /// Every swap request, by id.
    fn swap_requests(&self) -> Result<Vec<SwapRequest>, StoreError>;

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
    fn links_of(&self, member: &str) -> Result<Vec<Link>, StoreError>;

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
    fn unlink(&self, member: &str, chat: Option<i64>) -> Result<usize, StoreError>;

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

    /// Adds an absence as [`Store::add_absence`] does, and records it under `origin`, in one
    /// atomic, flushed write; if an absence was recorded under `origin` before, returns that one
    /// as it was added and writes nothing.
    fn add_absence_once(&self, absence: NewAbsence, origin: &Origin)
    -> Result<Absence, StoreError>;

    /// Adds a handover note as [`Store::add_note`] does, and records it under `origin`, in one
    /// atomic, flushed write; `false` (nothing written) if something was recorded under `origin`.
    fn add_note_once(&self, note: &Note, origin: &Origin) -> Result<bool, StoreError>;

    /// Raises a call as [`Store::raise_call`] does, and records it under `origin`, in one atomic,
    /// flushed write; `None` (nothing written) if something was recorded under `origin`.
    fn raise_call_once(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<Option<(Call, Vec<Notice>)>, StoreError>;

    /// Stores a follow-up to `call` as [`Store::commit_call`] does, and records it under
    /// `origin`, in one atomic, flushed write; `false` (nothing written) if something was
    /// recorded under `origin`. Fails with [`StoreError::Conflict`] as `commit_call` does.
    fn commit_call_once(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<bool, StoreError>;

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

    /// Forgets the handled Telegram updates, the origins and the strangers' last answers older
    /// than `before` (flushed); Telegram delivers an update again for at most a day. Returns how
    /// many records went.
    fn forget_telegram_before(
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
    /// Telegram updates ([`Store::forget_telegram_before`]).
    fn mark_line_event_handled(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// Stores (or replaces) the web account of `account.admin`.
    fn put_web_account(&self, account: &WebAccount) -> Result<(), StoreError>;

    /// The web account of admin `admin`, if any.
    fn web_account(&self, admin: &str) -> Result<Option<WebAccount>, StoreError>;

    /// Every web account, by admin id.
    fn web_accounts(&self) -> Result<Vec<WebAccount>, StoreError>;

    /// Removes `admin`'s web account and ends every session of theirs, in one step; whether
    /// there was an account.
    fn remove_web_account(&self, admin: &str) -> Result<bool, StoreError>;

    /// Stores (or replaces) a session, keyed by its token's hash.
    fn put_web_session(&self, session: &WebSession) -> Result<(), StoreError>;

    /// The session whose token hashes to `hash`.
    fn web_session(&self, hash: &str) -> Result<Option<WebSession>, StoreError>;

    /// Ends the session `hash`; whether it existed.
    fn end_web_session(&self, hash: &str) -> Result<bool, StoreError>;

    /// Ends every session of `admin`; how many.
    fn end_web_sessions_of(&self, admin: &str) -> Result<usize, StoreError>;

    /// The recent failed sign-ins counted under `key` (`account/NAME`, `address/IP`).
    fn login_failures(&self, key: &str) -> Result<Vec<chrono::DateTime<chrono::Utc>>, StoreError>;

    /// Replaces the failed sign-ins under `key` (empty: forgets them).
    fn set_login_failures(
        &self,
        key: &str,
        failures: &[chrono::DateTime<chrono::Utc>],
    ) -> Result<(), StoreError>;

    /// Replaces the bed vacancy of `state.hospital` and appends `audit` (its `seq` given by the
    /// store), in one atomic, flushed write.
    fn set_beds(&self, state: &BedState, audit: &AuditEntry) -> Result<(), StoreError>;

    /// The latest bed vacancy of every hospital that set one, by hospital id.
    fn beds(&self) -> Result<Vec<BedState>, StoreError>;

    /// Replaces the board entry of `entry.doctor` and appends `audit`, in one atomic, flushed
    /// write.
    fn set_board(&self, entry: &BoardEntry, audit: &AuditEntry) -> Result<(), StoreError>;

    /// Every doctor's board entry, by doctor id.
    fn board(&self) -> Result<Vec<BoardEntry>, StoreError>;

    /// Stores a one-time sign-in link (doctors' pages, issue 18), forgetting links that
    /// expired before it was made.
    fn put_sign_in_link(&self, link: &SignInLink) -> Result<(), StoreError>;

    /// The sign-in link whose token hashes to `hash`, left in place (to show its page).
    fn sign_in_link(&self, hash: &str) -> Result<Option<SignInLink>, StoreError>;

    /// Removes and returns the sign-in link `hash`: only one caller ever gets it.
    fn take_sign_in_link(&self, hash: &str) -> Result<Option<SignInLink>, StoreError>;

    /// Stores (or replaces) a doctor's session, keyed by its token's hash.
    fn put_doctor_session(&self, session: &DoctorSession) -> Result<(), StoreError>;

    /// The doctor's session whose token hashes to `hash`.
    fn doctor_session(&self, hash: &str) -> Result<Option<DoctorSession>, StoreError>;

    /// Ends the doctor's session `hash`; whether it existed.
    fn end_doctor_session(&self, hash: &str) -> Result<bool, StoreError>;

    /// Forgets the failed sign-ins at or before `horizon` (they can no longer lock), and every
    /// key left with none; how many keys were removed.
    fn prune_login_failures(
        &self,
        horizon: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError>;
}

/// What [`Store::commit_patient`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientWrite {
    /// The record and its audit entry were written.
    Written,
    /// There is no such patient (removed meanwhile): nothing written.
    Missing,
    /// The stored record is no longer the one the change was decided on: nothing written; the
    /// caller reads it again and re-decides.
    Changed,
}

/// What went wrong in the store, and what to do about it.
///
/// Causes are part of the message rather than a `source()`, so `{err:#}` prints each once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds sled's lock on the directory.
    #[error(
        "the store at {} is in use by another toban process (is `toban serve` running?)",
        path.display()
    )]
    InUse {
        /// The store directory.
        path: PathBuf,
    },
    /// The store was written with a schema this toban does not know.
    #[error(
        "store at {} was written by a newer toban (schema {found}); upgrade toban",
        path.display()
    )]
    NewerSchema {
        /// The store directory.
        path: PathBuf,
        /// The schema version found in the store.
        found: u32,
    },
    /// The store directory could not be created.
    #[error(
        "could not create the store directory {}: {cause}; check the --data path and its permissions",
        path.display()
    )]
    CreateDir {
        /// The store directory.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// sled could not open the store for another reason than the lock.
    #[error("could not open the store at {}: {cause}{}", path.display(), io_hint(cause))]
    Open {
        /// The store directory.
        path: PathBuf,
        /// sled's error.
        cause: sled::Error,
    },
    /// Too little free space to open the store safely.
    #[error(
        "the disk holding the store at {} is nearly full ({} KiB free; toban needs {} KiB to write safely): free space, then retry (nothing was written)",
        path.display(), free / 1024, need / 1024
    )]
    DiskFull {
        /// The store directory.
        path: PathBuf,
        /// Bytes free for toban.
        free: u64,
        /// Bytes toban wants free.
        need: u64,
    },
    /// sled failed (or gave up with a panic) reading the store's files: they are damaged.
    #[error("the store at {} is damaged: {cause}", path.display())]
    Damaged {
        /// The store directory.
        path: PathBuf,
        /// What sled said.
        cause: String,
    },
    /// A stored value could not be decoded.
    #[error("the record '{key}' in the store's '{tree}' tree is damaged ({cause})")]
    Corrupt {
        /// The sled tree.
        tree: &'static str,
        /// The record's key, readable.
        key: String,
        /// The decoding error.
        cause: String,
    },
    /// A record cannot be written as JSON.
    #[error("cannot save {what}: {why}")]
    Unencodable {
        /// The record, e.g. "the rota of 2027".
        what: String,
        /// Why, e.g. "solver seconds is NaN, not a finite number".
        why: String,
    },
    /// The call changed since it was read (another writer applied an event first).
    #[error("call {call} changed while this change was being made; look at it again and retry")]
    Conflict {
        /// The call.
        call: u64,
    },
    /// The swap request changed since it was read (another answer came first).
    #[error(
        "swap request {request} changed while this answer was being made; look at it again (`toban request list`) and retry"
    )]
    RequestConflict {
        /// The request.
        request: u64,
    },
    /// The store is being opened again after a write error (see [`Reopening`]).
    #[error(
        "the store at {} is being opened again after a write error; check free disk space, then retry",
        path.display()
    )]
    Reopening {
        /// The store directory.
        path: PathBuf,
    },
    /// sled failed while reading, writing or flushing.
    #[error("the store failed to read or write ({cause}){}", match io_hint(cause) {
        "" => "; check free disk space and permissions, then retry",
        h => h,
    })]
    Storage {
        /// sled's error.
        cause: sled::Error,
    },
    /// The database (PostgreSQL) failed or could not be reached.
    #[error(
        "the database failed or could not be reached ({cause}); check that it is running and reachable, then retry"
    )]
    Database {
        /// What the database said (never a password).
        cause: String,
    },
}

/// What to do about an I/O error of the store's files, by its kind.
fn io_hint(cause: &sled::Error) -> &'static str {
    let sled::Error::Io(e) = cause else { return "" };
    match e.kind() {
        std::io::ErrorKind::ReadOnlyFilesystem => {
            "; the file system is read-only: toban needs to write its data directory (check the mount)"
        }
        std::io::ErrorKind::PermissionDenied => {
            "; permission denied: run toban as the user that owns the data directory"
        }
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            "; the disk is full: free space, then retry (nothing was half written)"
        }
        _ => "",
    }
}

impl StoreError {
    /// Whether the store's files are damaged (restore a backup), as opposed to unreachable
    /// (permissions, a read-only or full disk: fix that and retry).
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } | StoreError::Corrupt { .. } => true,
            StoreError::Open { cause, .. } => io_hint(cause).is_empty(),
            _ => false,
        }
    }
}

impl From<kv::KvError> for StoreError {
    fn from(cause: kv::KvError) -> Self {
        match cause {
            kv::KvError::Sled(cause) => StoreError::Storage { cause },
            kv::KvError::Database(cause) => StoreError::Database { cause },
        }
    }
}

impl From<sled::Error> for StoreError {
    fn from(cause: sled::Error) -> Self {
        StoreError::Storage { cause }
    }
}
