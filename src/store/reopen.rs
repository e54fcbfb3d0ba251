//! [`Reopening`]: the sled store for a long-running `serve`, reopened after a write failed.
//!
//! Key decision: sled 0.34 remembers an I/O error (a full disk) and fails every later write
//! until the database is opened again. A night service cannot wait for someone to restart it,
//! so after a storage error this wrapper drops the database and opens it again (at most once a
//! second, and only with enough free space, which [`SledStore::open`] checks): deadlines fire
//! again within seconds of the disk having room. What failed was not written (sled's writes are
//! atomic), and the engine retries it in its next cycle.

use crate::rules::MemberId;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::{Absence, Effect, Origin};
use super::{
    AuditEntry, CallEvent, Dialog, DutyRecord, FeedToken, ImportOutcome, Invite, Link, NewAbsence,
    Note, OutboxEntry, Redeem, RotaRecord, RotaStatus, Settled, SledStore, Store, StoreError,
    SwapRequest, backup,
};
use super::{AuditLog, CallStore, ChatLinks, FeedStore, Registry, RotaStore, WebStore};
use crate::routing::{Call, CallId, Event, Notice, NoticeSeq, Patient, PatientDetails, PatientId};
use crate::rules::RotaId;

/// The least time between two attempts to reopen.
const RETRY: Duration = Duration::from_secs(1);

/// A [`SledStore`] that is opened again after a storage error.
pub struct Reopening {
    dir: PathBuf,
    db: RwLock<Option<Arc<SledStore>>>,
    failed: AtomicBool,
    last_try: Mutex<Option<Instant>>,
}

impl Reopening {
    /// Opens the store in `dir`.
    ///
    /// # Errors
    /// As [`SledStore::open`].
    pub fn open(dir: &Path) -> Result<Reopening, StoreError> {
        let db = SledStore::open(dir)?;
        Ok(Reopening {
            dir: dir.to_path_buf(),
            db: RwLock::new(Some(Arc::new(db))),
            failed: AtomicBool::new(false),
            last_try: Mutex::new(None),
        })
    }

    /// The database now, reopened first if a write failed.
    fn current(&self) -> Result<Arc<SledStore>, StoreError> {
        if self.failed.load(Ordering::Acquire) {
            self.reopen()?;
        }
        let db = self.db.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*db {
            Some(db) => Ok(db.clone()),
            None => Err(StoreError::Reopening { path: self.dir.clone() }),
        }
    }

    fn reopen(&self) -> Result<(), StoreError> {
        {
            let mut last = self.last_try.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if last.is_some_and(|t| t.elapsed() < RETRY) {
                return Ok(());
            }
            *last = Some(Instant::now());
        }
        let mut slot = self.db.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !self.failed.load(Ordering::Acquire) {
            return Ok(());
        }
        // Drop ours first: sled locks its directory, and it is freed once every handle is gone
        // (the open waits a moment for handles still in use).
        slot.take();
        let db = SledStore::open(&self.dir).inspect_err(|e| {
            tracing::error!("the store at {} cannot be opened again yet: {e}", self.dir.display());
        })?;
        *slot = Some(Arc::new(db));
        self.failed.store(false, Ordering::Release);
        tracing::warn!("the store at {} was opened again after a write error", self.dir.display());
        Ok(())
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&SledStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.current()?;
        let result = f(&db);
        if let Err(StoreError::Storage { .. }) = &result {
            self.failed.store(true, Ordering::Release);
        }
        result
    }
}

impl Store for Reopening {
    fn data_dir(&self) -> Option<PathBuf> {
        Some(self.dir.clone())
    }

    fn backup(
        &self,
        association: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<backup::Backup, backup::BackupError> {
        match self.current() {
            Ok(db) => db.backup(association, now),
            Err(e) => Err(e.into()),
        }
    }
}

impl RotaStore for Reopening {
    fn put_rota(&self, rota: &RotaRecord) -> Result<(), StoreError> {
        self.with(|db| db.put_rota(rota))
    }

    fn rota_version(
        &self,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.with(|db| db.rota_version(year, status))
    }

    fn publish(
        &self,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.with(|db| db.publish(year, at))
    }

    fn discard_draft(&self, year: i32) -> Result<bool, StoreError> {
        self.with(|db| db.discard_draft(year))
    }

    fn rotas(&self) -> Result<Vec<RotaRecord>, StoreError> {
        self.with(|db| db.rotas())
    }

    fn rota_version_of(
        &self,
        rota: &RotaId,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.with(|db| db.rota_version_of(rota, year, status))
    }

    fn publish_of(
        &self,
        rota: &RotaId,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.with(|db| db.publish_of(rota, year, at))
    }

    fn discard_draft_of(&self, rota: &RotaId, year: i32) -> Result<bool, StoreError> {
        self.with(|db| db.discard_draft_of(rota, year))
    }

    fn rotas_of(&self, rota: &RotaId) -> Result<Vec<RotaRecord>, StoreError> {
        self.with(|db| db.rotas_of(rota))
    }

    fn import_history(&self, records: &[DutyRecord]) -> Result<ImportOutcome, StoreError> {
        self.with(|db| db.import_history(records))
    }

    fn history(&self) -> Result<Vec<DutyRecord>, StoreError> {
        self.with(|db| db.history())
    }

    fn import_history_batch(
        &self,
        records: &[DutyRecord],
        audit: &dyn Fn(crate::ids::ImportBatch, &ImportOutcome) -> AuditEntry,
    ) -> Result<(crate::ids::ImportBatch, ImportOutcome), StoreError> {
        self.with(|db| db.import_history_batch(records, audit))
    }

    fn remove_history(
        &self,
        keys: &[crate::store::DutyKey],
        audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
    ) -> Result<Vec<DutyRecord>, StoreError> {
        self.with(|db| db.remove_history(keys, audit))
    }

    fn add_absence(&self, absence: NewAbsence) -> Result<Absence, StoreError> {
        self.with(|db| db.add_absence(absence))
    }

    fn remove_absence(&self, id: crate::ids::AbsenceId) -> Result<bool, StoreError> {
        self.with(|db| db.remove_absence(id))
    }

    fn absences(&self) -> Result<Vec<Absence>, StoreError> {
        self.with(|db| db.absences())
    }

    fn change_published(
        &self,
        year: i32,
        changes: &[crate::store::Moved],
        audit: &AuditEntry,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.with(|db| db.change_published(year, changes, audit))
    }

    fn add_swap_request(&self, request: &SwapRequest) -> Result<SwapRequest, StoreError> {
        self.with(|db| db.add_swap_request(request))
    }

    fn put_swap_request(&self, request: &SwapRequest) -> Result<(), StoreError> {
        self.with(|db| db.put_swap_request(request))
    }

    fn commit_swap(
        &self,
        commit: &crate::store::SwapCommit,
        notices: &dyn Fn(&[SwapRequest], crate::ids::AuditSeq) -> Vec<Notice>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<Vec<SwapRequest>>, StoreError> {
        self.with(|db| db.commit_swap(commit, notices, at))
    }

    fn swap_requests(&self) -> Result<Vec<SwapRequest>, StoreError> {
        self.with(|db| db.swap_requests())
    }

    fn add_absence_once(
        &self,
        absence: NewAbsence,
        origin: &Origin,
    ) -> Result<Absence, StoreError> {
        self.with(|db| db.add_absence_once(absence, origin))
    }
}

impl CallStore for Reopening {
    fn raise_call(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Call, Vec<Notice>), StoreError> {
        self.with(|db| db.raise_call(raise, at))
    }

    fn commit_call(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.with(|db| db.commit_call(call, event, notices, at))
    }

    fn call(&self, id: CallId) -> Result<Option<Call>, StoreError> {
        self.with(|db| db.call(id))
    }

    fn calls(&self) -> Result<Vec<Call>, StoreError> {
        self.with(|db| db.calls())
    }

    fn calls_of(&self, patient: PatientId) -> Result<Vec<Call>, StoreError> {
        self.with(|db| db.calls_of(patient))
    }

    fn due_calls(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<Call>, StoreError> {
        self.with(|db| db.due_calls(now))
    }

    fn next_deadline(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
        self.with(|db| db.next_deadline())
    }

    fn call_events(&self, id: CallId) -> Result<Vec<CallEvent>, StoreError> {
        self.with(|db| db.call_events(id))
    }

    fn pending_notices(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.with(|db| db.pending_notices())
    }

    fn notices(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.with(|db| db.notices())
    }

    fn settle(
        &self,
        seq: NoticeSeq,
        at: chrono::DateTime<chrono::Utc>,
        how: &Settled,
    ) -> Result<(), StoreError> {
        self.with(|db| db.settle(seq, at, how))
    }

    fn enqueue(
        &self,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.with(|db| db.enqueue(notices, at))
    }

    fn mark_route(
        &self,
        seq: NoticeSeq,
        route: &str,
        mark: &super::RouteMark,
    ) -> Result<(), StoreError> {
        self.with(|db| db.mark_route(seq, route, mark))
    }

    fn route_marks(&self, seq: NoticeSeq) -> Result<Vec<(String, super::RouteMark)>, StoreError> {
        self.with(|db| db.route_marks(seq))
    }

    fn webhook_trouble_told(
        &self,
        id: &str,
        trouble: super::WebhookTrouble,
    ) -> Result<bool, StoreError> {
        self.with(|db| db.webhook_trouble_told(id, trouble))
    }

    fn mark_webhook_trouble_told(
        &self,
        id: &str,
        trouble: super::WebhookTrouble,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.with(|db| db.mark_webhook_trouble_told(id, trouble, at))
    }

    fn end_webhook_trouble(&self, id: &str) -> Result<bool, StoreError> {
        self.with(|db| db.end_webhook_trouble(id))
    }

    fn add_webhook_due(&self, due: &super::WebhookDue) -> Result<bool, StoreError> {
        self.with(|db| db.add_webhook_due(due))
    }

    fn due_webhooks(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<super::WebhookDue>, StoreError> {
        self.with(|db| db.due_webhooks(now))
    }

    fn next_webhook_due(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
        self.with(|db| db.next_webhook_due())
    }

    fn remove_webhook_due(&self, due: &super::WebhookDue) -> Result<(), StoreError> {
        self.with(|db| db.remove_webhook_due(due))
    }

    fn queued(&self, key: &str) -> Result<bool, StoreError> {
        self.with(|db| db.queued(key))
    }

    fn raise_call_once(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<Option<(Call, Vec<Notice>)>, StoreError> {
        self.with(|db| db.raise_call_once(raise, at, origin))
    }

    fn commit_call_once(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<bool, StoreError> {
        self.with(|db| db.commit_call_once(call, event, notices, at, origin))
    }
}

impl Registry for Reopening {
    fn add_patient(
        &self,
        details: PatientDetails,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Patient, StoreError> {
        self.with(|db| db.add_patient(details, at))
    }

    fn put_patient(&self, patient: &Patient) -> Result<bool, StoreError> {
        self.with(|db| db.put_patient(patient))
    }

    fn commit_patient(
        &self,
        read: &Patient,
        patient: &Patient,
        audit: &AuditEntry,
    ) -> Result<crate::store::PatientWrite, StoreError> {
        self.with(|db| db.commit_patient(read, patient, audit))
    }

    fn remove_patient(&self, id: PatientId) -> Result<bool, StoreError> {
        self.with(|db| db.remove_patient(id))
    }

    fn patient(&self, id: PatientId) -> Result<Option<Patient>, StoreError> {
        self.with(|db| db.patient(id))
    }

    fn patients(&self) -> Result<Vec<Patient>, StoreError> {
        self.with(|db| db.patients())
    }

    fn set_beds(&self, state: &super::BedState, audit: &AuditEntry) -> Result<(), StoreError> {
        self.with(|db| db.set_beds(state, audit))
    }

    fn beds(&self) -> Result<Vec<super::BedState>, StoreError> {
        self.with(|db| db.beds())
    }

    fn set_board(&self, entry: &super::BoardEntry, audit: &AuditEntry) -> Result<(), StoreError> {
        self.with(|db| db.set_board(entry, audit))
    }

    fn board(&self) -> Result<Vec<super::BoardEntry>, StoreError> {
        self.with(|db| db.board())
    }
}

impl ChatLinks for Reopening {
    fn add_note(&self, note: &Note) -> Result<(), StoreError> {
        self.with(|db| db.add_note(note))
    }

    fn notes(&self, slot: &str) -> Result<Vec<Note>, StoreError> {
        self.with(|db| db.notes(slot))
    }

    fn dialog(&self, chat_id: i64) -> Result<Option<Dialog>, StoreError> {
        self.with(|db| db.dialog(chat_id))
    }

    fn set_dialog(&self, chat_id: i64, dialog: Option<&Dialog>) -> Result<(), StoreError> {
        self.with(|db| db.set_dialog(chat_id, dialog))
    }

    fn add_invite(&self, invite: &Invite) -> Result<(), StoreError> {
        self.with(|db| db.add_invite(invite))
    }

    fn redeem_invite(
        &self,
        hash: &str,
        chat_id: i64,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Redeem, StoreError> {
        self.with(|db| db.redeem_invite(hash, chat_id, user_id, now))
    }

    fn links_of(&self, member: &MemberId) -> Result<Vec<Link>, StoreError> {
        self.with(|db| db.links_of(member))
    }

    fn link_of_chat(&self, chat_id: i64) -> Result<Option<Link>, StoreError> {
        self.with(|db| db.link_of_chat(chat_id))
    }

    fn links(&self) -> Result<Vec<Link>, StoreError> {
        self.with(|db| db.links())
    }

    fn mark_link_broken(
        &self,
        member: &str,
        chat_id: i64,
        at: chrono::DateTime<chrono::Utc>,
        why: &str,
    ) -> Result<bool, StoreError> {
        self.with(|db| db.mark_link_broken(member, chat_id, at, why))
    }

    fn unlink(&self, member: &MemberId, chat: Option<i64>) -> Result<usize, StoreError> {
        self.with(|db| db.unlink(member, chat))
    }

    fn link_failure(
        &self,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError> {
        self.with(|db| db.link_failure(user_id, now, window))
    }

    fn recent_link_failures(
        &self,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError> {
        self.with(|db| db.recent_link_failures(user_id, now, window))
    }

    fn telegram_offset(&self) -> Result<Option<i32>, StoreError> {
        self.with(|db| db.telegram_offset())
    }

    fn set_telegram_offset(&self, offset: i32) -> Result<(), StoreError> {
        self.with(|db| db.set_telegram_offset(offset))
    }

    fn effect_of(&self, origin: &Origin) -> Result<Option<Effect>, StoreError> {
        self.with(|db| db.effect_of(origin))
    }

    fn add_note_once(&self, note: &Note, origin: &Origin) -> Result<bool, StoreError> {
        self.with(|db| db.add_note_once(note, origin))
    }

    fn update_handled(&self, id: u64) -> Result<bool, StoreError> {
        self.with(|db| db.update_handled(id))
    }

    fn mark_update_handled(
        &self,
        id: u64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.with(|db| db.mark_update_handled(id, at))
    }

    fn stranger_reply_due(
        &self,
        chat: i64,
        now: chrono::DateTime<chrono::Utc>,
        every: chrono::Duration,
    ) -> Result<bool, StoreError> {
        self.with(|db| db.stranger_reply_due(chat, now, every))
    }

    fn line_chat(&self, user: &str) -> Result<i64, StoreError> {
        self.with(|db| db.line_chat(user))
    }

    fn line_user(&self, chat: i64) -> Result<Option<String>, StoreError> {
        self.with(|db| db.line_user(chat))
    }

    fn line_event_handled(&self, id: &str) -> Result<bool, StoreError> {
        self.with(|db| db.line_event_handled(id))
    }

    fn mark_line_event_handled(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.with(|db| db.mark_line_event_handled(id, at))
    }

    fn keep_line_record(
        &self,
        message: &str,
        call: crate::routing::CallId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.with(|db| db.keep_line_record(message, call, at))
    }

    fn line_record(&self, message: &str) -> Result<Option<crate::routing::CallId>, StoreError> {
        self.with(|db| db.line_record(message))
    }

    fn forget_line_records_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.with(|db| db.forget_line_records_before(before))
    }

    fn forget_handled_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.with(|db| db.forget_handled_before(before))
    }
}

impl FeedStore for Reopening {
    fn feed_events(&self) -> Result<Vec<crate::feed::FeedEvent>, StoreError> {
        self.with(|db| db.feed_events())
    }

    fn put_feed_events(&self, events: &[crate::feed::FeedEvent]) -> Result<(), StoreError> {
        self.with(|db| db.put_feed_events(events))
    }

    fn feed_generation(&self) -> Result<u64, StoreError> {
        self.with(|db| db.feed_generation())
    }

    fn add_feed_token(
        &self,
        hash: &str,
        member: Option<crate::rules::MemberId>,
        label: Option<String>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<FeedToken, StoreError> {
        self.with(|db| db.add_feed_token(hash, member, label, at))
    }

    fn feed_tokens(&self) -> Result<Vec<FeedToken>, StoreError> {
        self.with(|db| db.feed_tokens())
    }

    fn feed_token_by_hash(&self, hash: &str) -> Result<Option<FeedToken>, StoreError> {
        self.with(|db| db.feed_token_by_hash(hash))
    }

    fn revoke_feed_token(
        &self,
        id: crate::ids::FeedTokenId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError> {
        self.with(|db| db.revoke_feed_token(id, at))
    }
}

impl WebStore for Reopening {
    fn put_web_account(&self, account: &super::WebAccount) -> Result<(), StoreError> {
        self.with(|db| db.put_web_account(account))
    }

    fn web_account(&self, admin: &MemberId) -> Result<Option<super::WebAccount>, StoreError> {
        self.with(|db| db.web_account(admin))
    }

    fn web_accounts(&self) -> Result<Vec<super::WebAccount>, StoreError> {
        self.with(|db| db.web_accounts())
    }

    fn remove_web_account(&self, admin: &MemberId) -> Result<bool, StoreError> {
        self.with(|db| db.remove_web_account(admin))
    }

    fn put_web_session(&self, session: &super::WebSession) -> Result<(), StoreError> {
        self.with(|db| db.put_web_session(session))
    }

    fn web_session(&self, hash: &str) -> Result<Option<super::WebSession>, StoreError> {
        self.with(|db| db.web_session(hash))
    }

    fn end_web_session(&self, hash: &str) -> Result<bool, StoreError> {
        self.with(|db| db.end_web_session(hash))
    }

    fn end_web_sessions_of(&self, admin: &MemberId) -> Result<usize, StoreError> {
        self.with(|db| db.end_web_sessions_of(admin))
    }

    fn login_failures(&self, key: &str) -> Result<Vec<chrono::DateTime<chrono::Utc>>, StoreError> {
        self.with(|db| db.login_failures(key))
    }

    fn set_login_failures(
        &self,
        key: &str,
        failures: &[chrono::DateTime<chrono::Utc>],
    ) -> Result<(), StoreError> {
        self.with(|db| db.set_login_failures(key, failures))
    }

    fn put_sign_in_link(&self, link: &super::SignInLink) -> Result<(), StoreError> {
        self.with(|db| db.put_sign_in_link(link))
    }

    fn sign_in_link(&self, hash: &str) -> Result<Option<super::SignInLink>, StoreError> {
        self.with(|db| db.sign_in_link(hash))
    }

    fn take_sign_in_link(&self, hash: &str) -> Result<Option<super::SignInLink>, StoreError> {
        self.with(|db| db.take_sign_in_link(hash))
    }

    fn put_doctor_session(&self, session: &super::DoctorSession) -> Result<(), StoreError> {
        self.with(|db| db.put_doctor_session(session))
    }

    fn doctor_session(&self, hash: &str) -> Result<Option<super::DoctorSession>, StoreError> {
        self.with(|db| db.doctor_session(hash))
    }

    fn end_doctor_session(&self, hash: &str) -> Result<bool, StoreError> {
        self.with(|db| db.end_doctor_session(hash))
    }

    fn prune_login_failures(
        &self,
        horizon: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.with(|db| db.prune_login_failures(horizon))
    }
}

impl AuditLog for Reopening {
    fn add_audit(&self, entry: &AuditEntry) -> Result<AuditEntry, StoreError> {
        self.with(|db| db.add_audit(entry))
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.with(|db| db.audit())
    }
}
