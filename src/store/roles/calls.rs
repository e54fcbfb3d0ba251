//! [`CallStore`]: night calls, their events, and the outbox of notices they produce.
//!
//! What it holds: the calls and their events, the deadline index the engine reads, the outbox
//! (pending, settled, how each route ended, delayed webhooks and their refusals), and the
//! notices queued outside a call (reminders, handovers). They form one role because a call's
//! state, its event and its notices are written in one atomic step: a notice is never sent for
//! a state that was not kept, nor a state kept without its notice.

use crate::routing::{Call, CallId, Event, Notice, NoticeSeq, PatientId};
use crate::store::{
    CallEvent, Origin, OutboxEntry, RouteMark, Settled, StoreError, WebhookDue, WebhookTrouble,
};

/// Calls, their events, the outbox and its deadlines and webhook routes (see the module doc).
pub trait CallStore {
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
    fn calls_of(&self, patient: PatientId) -> Result<Vec<Call>, StoreError>;

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
    fn mark_sent(
        &self,
        seq: NoticeSeq,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.settle(seq, at, &Settled::Sent)
    }

    /// Takes the notice `seq` out of the pending outbox at `at` as `how` says (flushed).
    /// Settling a notice no longer pending changes nothing.
    fn settle(
        &self,
        seq: NoticeSeq,
        at: chrono::DateTime<chrono::Utc>,
        how: &Settled,
    ) -> Result<(), StoreError>;

    /// Records how route `route` (a device, a webhook) of notice `seq` ended (flushed).
    fn mark_route(&self, seq: NoticeSeq, route: &str, mark: &RouteMark) -> Result<(), StoreError>;

    /// How each route of notice `seq` ended so far.
    fn route_marks(&self, seq: NoticeSeq) -> Result<Vec<(String, RouteMark)>, StoreError>;

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

    /// Whether the admins were told of `trouble` with webhook `id`, in an episode that has not
    /// ended (issue 19: told once per episode, across restarts).
    fn webhook_trouble_told(&self, id: &str, trouble: WebhookTrouble) -> Result<bool, StoreError>;

    /// Records that the admins were told at `at` of `trouble` with webhook `id` (flushed).
    fn mark_webhook_trouble_told(
        &self,
        id: &str,
        trouble: WebhookTrouble,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// Ends webhook `id`'s episodes of trouble (it accepted a notice): the next is told again.
    /// `true` if one was open (flushed then).
    fn end_webhook_trouble(&self, id: &str) -> Result<bool, StoreError>;

    /// Queues notices not tied to a call event (reminders, handovers), skipping any whose
    /// idempotency key was queued before. Returns how many were new. Flushed.
    fn enqueue(
        &self,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError>;

    /// Whether a notice with idempotency key `key` was ever queued.
    fn queued(&self, key: &str) -> Result<bool, StoreError>;

    /// Raises a call as [`CallStore::raise_call`] does, and records it under `origin`, in one atomic,
    /// flushed write; `None` (nothing written) if something was recorded under `origin`.
    fn raise_call_once(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<Option<(Call, Vec<Notice>)>, StoreError>;

    /// Stores a follow-up to `call` as [`CallStore::commit_call`] does, and records it under
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
}
