//! [`RotaView`]: the store as one rota of the association sees it (issue 20).
//!
//! Key decision: a rota other than the association's own is planned, checked, published and
//! shown by the very code that does it for the main rota, handed this view instead of the
//! store: its rota methods read and write that rota's records (`rota_version` is
//! `rota_version_of(rota, ..)`, `put_rota` stamps the rota), its audit entries are wrapped as
//! that rota's ([`super::AuditEvent::InRota`]), imported duty history is the main rota's only,
//! and every other method is the store's own. Swaps and covers through the view of another
//! rota are made in that rota's published record: [`RotaStore::commit_swap`] stamps the rota on
//! the commit and on the requests it opens. `change_published` (`toban actual`) is the main
//! rota's only, and refused (`Ok(None)`, nothing written) through another rota's view.
//!
//! Generated from the forwarding in `reopen.rs`: a new `Store` method needs its line here too.

use crate::rules::MemberId;
use std::path::PathBuf;

use super::{Absence, Effect, Origin};
use super::{
    AuditEntry, CallEvent, Dialog, DutyRecord, FeedToken, ImportOutcome, Invite, Link, NewAbsence,
    Note, OutboxEntry, Redeem, RotaRecord, RotaStatus, Settled, Store, StoreError, SwapRequest,
    backup,
};
use super::{AuditLog, CallStore, ChatLinks, FeedStore, Registry, RotaStore, WebStore};
use crate::routing::{Call, CallId, Event, Notice, NoticeSeq, Patient, PatientDetails, PatientId};
use crate::rules::RotaId;

/// The store as rota `rota` sees it.
pub struct RotaView<'a> {
    inner: &'a dyn Store,
    rota: RotaId,
}

impl<'a> RotaView<'a> {
    /// `store` as rota `rota` (an id of the rules, or [`RotaId::main`]) sees it.
    pub fn new(store: &'a dyn Store, rota: &RotaId) -> RotaView<'a> {
        RotaView { inner: store, rota: rota.clone() }
    }

    fn is_main(&self) -> bool {
        self.rota.is_main()
    }

    /// `entry` as this rota's: another rota's publication, discard, freeze, swap or cover is
    /// logged as that rota's ([`super::AuditEvent::InRota`]).
    fn in_rota(&self, entry: &AuditEntry) -> AuditEntry {
        match &entry.event {
            Some(event) if !self.is_main() => {
                let event = super::AuditEvent::InRota {
                    rota: self.rota.clone(),
                    event: Box::new(event.clone()),
                };
                AuditEntry { event: Some(event), ..entry.clone() }
            }
            _ => entry.clone(),
        }
    }
}

impl Store for RotaView<'_> {
    fn data_dir(&self) -> Option<PathBuf> {
        self.inner.data_dir()
    }

    fn backup(
        &self,
        association: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<backup::Backup, backup::BackupError> {
        self.inner.backup(association, now)
    }
}

impl RotaStore for RotaView<'_> {
    fn put_rota(&self, rota: &RotaRecord) -> Result<(), StoreError> {
        if rota.rota == self.rota {
            self.inner.put_rota(rota)
        } else {
            self.inner.put_rota(&RotaRecord { rota: self.rota.clone(), ..rota.clone() })
        }
    }

    fn rota_version(
        &self,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.inner.rota_version_of(&self.rota, year, status)
    }

    fn publish(
        &self,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.inner.publish_of(&self.rota, year, at)
    }

    fn discard_draft(&self, year: i32) -> Result<bool, StoreError> {
        self.inner.discard_draft_of(&self.rota, year)
    }

    fn rotas(&self) -> Result<Vec<RotaRecord>, StoreError> {
        self.inner.rotas_of(&self.rota)
    }

    fn scope(&self) -> &RotaId {
        &self.rota
    }

    fn rota_version_of(
        &self,
        rota: &RotaId,
        year: i32,
        status: RotaStatus,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.inner.rota_version_of(rota, year, status)
    }

    fn publish_of(
        &self,
        rota: &RotaId,
        year: i32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<RotaRecord>, StoreError> {
        self.inner.publish_of(rota, year, at)
    }

    fn discard_draft_of(&self, rota: &RotaId, year: i32) -> Result<bool, StoreError> {
        self.inner.discard_draft_of(rota, year)
    }

    fn rotas_of(&self, rota: &RotaId) -> Result<Vec<RotaRecord>, StoreError> {
        self.inner.rotas_of(rota)
    }

    fn import_history(&self, records: &[DutyRecord]) -> Result<ImportOutcome, StoreError> {
        self.inner.import_history(records)
    }

    fn history(&self) -> Result<Vec<DutyRecord>, StoreError> {
        // Imported duty history is the association's own rota's.
        if self.is_main() { self.inner.history() } else { Ok(Vec::new()) }
    }

    fn import_history_batch(
        &self,
        records: &[DutyRecord],
        audit: &dyn Fn(crate::ids::ImportBatch, &ImportOutcome) -> AuditEntry,
    ) -> Result<(crate::ids::ImportBatch, ImportOutcome), StoreError> {
        self.inner.import_history_batch(records, audit)
    }

    fn remove_history(
        &self,
        keys: &[crate::store::DutyKey],
        audit: &dyn Fn(&[DutyRecord]) -> AuditEntry,
    ) -> Result<Vec<DutyRecord>, StoreError> {
        self.inner.remove_history(keys, audit)
    }

    fn add_absence(&self, absence: NewAbsence) -> Result<Absence, StoreError> {
        self.inner.add_absence(absence)
    }

    fn remove_absence(&self, id: crate::ids::AbsenceId) -> Result<bool, StoreError> {
        self.inner.remove_absence(id)
    }

    fn absences(&self) -> Result<Vec<Absence>, StoreError> {
        self.inner.absences()
    }

    fn change_published(
        &self,
        year: i32,
        changes: &[crate::store::Moved],
        audit: &AuditEntry,
    ) -> Result<Option<RotaRecord>, StoreError> {
        if self.is_main() {
            return self.inner.change_published(year, changes, audit);
        }
        // `toban actual --rota ID` (issue 20): the same one-transaction write as a swap's
        // change in this rota (its record, the audit naming it), with no request and no notice.
        let commit = crate::store::SwapCommit {
            change: Some((year, changes.to_vec())),
            audit: vec![audit.clone()],
            ..Default::default()
        };
        match self.commit_swap(&commit, &|_, _| Vec::new(), audit.at)? {
            Some(_) => self.rota_version(year, RotaStatus::Published),
            None => Ok(None),
        }
    }

    fn add_swap_request(&self, request: &SwapRequest) -> Result<SwapRequest, StoreError> {
        self.inner.add_swap_request(request)
    }

    fn put_swap_request(&self, request: &SwapRequest) -> Result<(), StoreError> {
        self.inner.put_swap_request(request)
    }

    fn commit_swap(
        &self,
        commit: &crate::store::SwapCommit,
        notices: &dyn Fn(&[SwapRequest], crate::ids::AuditSeq) -> Vec<Notice>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<Vec<SwapRequest>>, StoreError> {
        if self.is_main() {
            return self.inner.commit_swap(commit, notices, at);
        }
        // The change is made in this rota's record, and a request opened here is this
        // rota's: its answers are decided with this rota's rules (issue 20).
        let rota = Some(self.rota.clone());
        let mut commit = crate::store::SwapCommit { rota: rota.clone(), ..commit.clone() };
        for r in commit.requests.iter_mut().filter(|r| r.id == crate::ids::SwapRequestId::UNSAVED) {
            r.rota = rota.clone();
        }
        for entry in &mut commit.audit {
            *entry = self.in_rota(entry);
        }
        self.inner.commit_swap(&commit, notices, at)
    }

    fn swap_requests(&self) -> Result<Vec<SwapRequest>, StoreError> {
        self.inner.swap_requests()
    }

    fn add_absence_once(
        &self,
        absence: NewAbsence,
        origin: &Origin,
    ) -> Result<Absence, StoreError> {
        self.inner.add_absence_once(absence, origin)
    }
}

impl CallStore for RotaView<'_> {
    fn raise_call(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Call, Vec<Notice>), StoreError> {
        self.inner.raise_call(raise, at)
    }

    fn commit_call(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.inner.commit_call(call, event, notices, at)
    }

    fn call(&self, id: CallId) -> Result<Option<Call>, StoreError> {
        self.inner.call(id)
    }

    fn calls(&self) -> Result<Vec<Call>, StoreError> {
        self.inner.calls()
    }

    fn calls_of(&self, patient: PatientId) -> Result<Vec<Call>, StoreError> {
        self.inner.calls_of(patient)
    }

    fn due_calls(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<Call>, StoreError> {
        self.inner.due_calls(now)
    }

    fn next_deadline(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
        self.inner.next_deadline()
    }

    fn call_events(&self, id: CallId) -> Result<Vec<CallEvent>, StoreError> {
        self.inner.call_events(id)
    }

    fn pending_notices(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.inner.pending_notices()
    }

    fn notices(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.inner.notices()
    }

    fn settle(
        &self,
        seq: NoticeSeq,
        at: chrono::DateTime<chrono::Utc>,
        how: &Settled,
    ) -> Result<(), StoreError> {
        self.inner.settle(seq, at, how)
    }

    fn webhook_trouble_told(
        &self,
        id: &str,
        trouble: super::WebhookTrouble,
    ) -> Result<bool, StoreError> {
        self.inner.webhook_trouble_told(id, trouble)
    }

    fn mark_webhook_trouble_told(
        &self,
        id: &str,
        trouble: super::WebhookTrouble,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.inner.mark_webhook_trouble_told(id, trouble, at)
    }

    fn end_webhook_trouble(&self, id: &str) -> Result<bool, StoreError> {
        self.inner.end_webhook_trouble(id)
    }

    fn enqueue(
        &self,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.inner.enqueue(notices, at)
    }

    fn mark_route(
        &self,
        seq: NoticeSeq,
        route: &str,
        mark: &super::RouteMark,
    ) -> Result<(), StoreError> {
        self.inner.mark_route(seq, route, mark)
    }

    fn route_marks(&self, seq: NoticeSeq) -> Result<Vec<(String, super::RouteMark)>, StoreError> {
        self.inner.route_marks(seq)
    }

    fn add_webhook_due(&self, due: &super::WebhookDue) -> Result<bool, StoreError> {
        self.inner.add_webhook_due(due)
    }

    fn due_webhooks(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<super::WebhookDue>, StoreError> {
        self.inner.due_webhooks(now)
    }

    fn next_webhook_due(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
        self.inner.next_webhook_due()
    }

    fn remove_webhook_due(&self, due: &super::WebhookDue) -> Result<(), StoreError> {
        self.inner.remove_webhook_due(due)
    }

    fn queued(&self, key: &str) -> Result<bool, StoreError> {
        self.inner.queued(key)
    }

    fn raise_call_once(
        &self,
        raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<Option<(Call, Vec<Notice>)>, StoreError> {
        self.inner.raise_call_once(raise, at, origin)
    }

    fn commit_call_once(
        &self,
        call: &Call,
        event: &Event,
        notices: &[Notice],
        at: chrono::DateTime<chrono::Utc>,
        origin: &Origin,
    ) -> Result<bool, StoreError> {
        self.inner.commit_call_once(call, event, notices, at, origin)
    }
}

impl Registry for RotaView<'_> {
    fn add_patient(
        &self,
        details: PatientDetails,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Patient, StoreError> {
        self.inner.add_patient(details, at)
    }

    fn put_patient(&self, patient: &Patient) -> Result<bool, StoreError> {
        self.inner.put_patient(patient)
    }

    fn commit_patient(
        &self,
        read: &Patient,
        patient: &Patient,
        audit: &AuditEntry,
    ) -> Result<crate::store::PatientWrite, StoreError> {
        self.inner.commit_patient(read, patient, audit)
    }

    fn remove_patient(&self, id: PatientId) -> Result<bool, StoreError> {
        self.inner.remove_patient(id)
    }

    fn patient(&self, id: PatientId) -> Result<Option<Patient>, StoreError> {
        self.inner.patient(id)
    }

    fn patients(&self) -> Result<Vec<Patient>, StoreError> {
        self.inner.patients()
    }

    fn set_beds(&self, state: &super::BedState, audit: &AuditEntry) -> Result<(), StoreError> {
        self.inner.set_beds(state, audit)
    }

    fn beds(&self) -> Result<Vec<super::BedState>, StoreError> {
        self.inner.beds()
    }

    fn set_board(&self, entry: &super::BoardEntry, audit: &AuditEntry) -> Result<(), StoreError> {
        self.inner.set_board(entry, audit)
    }

    fn board(&self) -> Result<Vec<super::BoardEntry>, StoreError> {
        self.inner.board()
    }
}

impl ChatLinks for RotaView<'_> {
    fn add_note(&self, note: &Note) -> Result<(), StoreError> {
        self.inner.add_note(note)
    }

    fn notes(&self, slot: &str) -> Result<Vec<Note>, StoreError> {
        self.inner.notes(slot)
    }

    fn dialog(&self, chat_id: i64) -> Result<Option<Dialog>, StoreError> {
        self.inner.dialog(chat_id)
    }

    fn set_dialog(&self, chat_id: i64, dialog: Option<&Dialog>) -> Result<(), StoreError> {
        self.inner.set_dialog(chat_id, dialog)
    }

    fn add_invite(&self, invite: &Invite) -> Result<(), StoreError> {
        self.inner.add_invite(invite)
    }

    fn redeem_invite(
        &self,
        hash: &str,
        chat_id: i64,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Redeem, StoreError> {
        self.inner.redeem_invite(hash, chat_id, user_id, now)
    }

    fn links_of(&self, member: &MemberId) -> Result<Vec<Link>, StoreError> {
        self.inner.links_of(member)
    }

    fn link_of_chat(&self, chat_id: i64) -> Result<Option<Link>, StoreError> {
        self.inner.link_of_chat(chat_id)
    }

    fn links(&self) -> Result<Vec<Link>, StoreError> {
        self.inner.links()
    }

    fn mark_link_broken(
        &self,
        member: &str,
        chat_id: i64,
        at: chrono::DateTime<chrono::Utc>,
        why: &str,
    ) -> Result<bool, StoreError> {
        self.inner.mark_link_broken(member, chat_id, at, why)
    }

    fn unlink(&self, member: &MemberId, chat: Option<i64>) -> Result<usize, StoreError> {
        self.inner.unlink(member, chat)
    }

    fn link_failure(
        &self,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError> {
        self.inner.link_failure(user_id, now, window)
    }

    fn recent_link_failures(
        &self,
        user_id: u64,
        now: chrono::DateTime<chrono::Utc>,
        window: chrono::Duration,
    ) -> Result<u32, StoreError> {
        self.inner.recent_link_failures(user_id, now, window)
    }

    fn telegram_offset(&self) -> Result<Option<i32>, StoreError> {
        self.inner.telegram_offset()
    }

    fn set_telegram_offset(&self, offset: i32) -> Result<(), StoreError> {
        self.inner.set_telegram_offset(offset)
    }

    fn effect_of(&self, origin: &Origin) -> Result<Option<Effect>, StoreError> {
        self.inner.effect_of(origin)
    }

    fn add_note_once(&self, note: &Note, origin: &Origin) -> Result<bool, StoreError> {
        self.inner.add_note_once(note, origin)
    }

    fn update_handled(&self, id: u64) -> Result<bool, StoreError> {
        self.inner.update_handled(id)
    }

    fn mark_update_handled(
        &self,
        id: u64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.inner.mark_update_handled(id, at)
    }

    fn stranger_reply_due(
        &self,
        chat: i64,
        now: chrono::DateTime<chrono::Utc>,
        every: chrono::Duration,
    ) -> Result<bool, StoreError> {
        self.inner.stranger_reply_due(chat, now, every)
    }

    fn line_chat(&self, user: &str) -> Result<i64, StoreError> {
        self.inner.line_chat(user)
    }

    fn line_user(&self, chat: i64) -> Result<Option<String>, StoreError> {
        self.inner.line_user(chat)
    }

    fn line_event_handled(&self, id: &str) -> Result<bool, StoreError> {
        self.inner.line_event_handled(id)
    }

    fn mark_line_event_handled(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.inner.mark_line_event_handled(id, at)
    }

    fn keep_line_record(
        &self,
        message: &str,
        call: crate::routing::CallId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.inner.keep_line_record(message, call, at)
    }

    fn line_record(&self, message: &str) -> Result<Option<crate::routing::CallId>, StoreError> {
        self.inner.line_record(message)
    }

    fn forget_line_records_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.inner.forget_line_records_before(before)
    }

    fn forget_handled_before(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.inner.forget_handled_before(before)
    }
}

impl FeedStore for RotaView<'_> {
    fn feed_events(&self) -> Result<Vec<crate::feed::FeedEvent>, StoreError> {
        self.inner.feed_events()
    }

    fn put_feed_events(&self, events: &[crate::feed::FeedEvent]) -> Result<(), StoreError> {
        self.inner.put_feed_events(events)
    }

    fn feed_generation(&self) -> Result<u64, StoreError> {
        self.inner.feed_generation()
    }

    fn add_feed_token(
        &self,
        hash: &str,
        member: Option<crate::rules::MemberId>,
        label: Option<String>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<FeedToken, StoreError> {
        self.inner.add_feed_token(hash, member, label, at)
    }

    fn feed_tokens(&self) -> Result<Vec<FeedToken>, StoreError> {
        self.inner.feed_tokens()
    }

    fn feed_token_by_hash(&self, hash: &str) -> Result<Option<FeedToken>, StoreError> {
        self.inner.feed_token_by_hash(hash)
    }

    fn revoke_feed_token(
        &self,
        id: crate::ids::FeedTokenId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError> {
        self.inner.revoke_feed_token(id, at)
    }
}

impl WebStore for RotaView<'_> {
    fn put_web_account(&self, account: &super::WebAccount) -> Result<(), StoreError> {
        self.inner.put_web_account(account)
    }

    fn web_account(&self, admin: &MemberId) -> Result<Option<super::WebAccount>, StoreError> {
        self.inner.web_account(admin)
    }

    fn web_accounts(&self) -> Result<Vec<super::WebAccount>, StoreError> {
        self.inner.web_accounts()
    }

    fn remove_web_account(&self, admin: &MemberId) -> Result<bool, StoreError> {
        self.inner.remove_web_account(admin)
    }

    fn put_web_session(&self, session: &super::WebSession) -> Result<(), StoreError> {
        self.inner.put_web_session(session)
    }

    fn web_session(&self, hash: &str) -> Result<Option<super::WebSession>, StoreError> {
        self.inner.web_session(hash)
    }

    fn end_web_session(&self, hash: &str) -> Result<bool, StoreError> {
        self.inner.end_web_session(hash)
    }

    fn end_web_sessions_of(&self, admin: &MemberId) -> Result<usize, StoreError> {
        self.inner.end_web_sessions_of(admin)
    }

    fn login_failures(&self, key: &str) -> Result<Vec<chrono::DateTime<chrono::Utc>>, StoreError> {
        self.inner.login_failures(key)
    }

    fn set_login_failures(
        &self,
        key: &str,
        failures: &[chrono::DateTime<chrono::Utc>],
    ) -> Result<(), StoreError> {
        self.inner.set_login_failures(key, failures)
    }

    fn put_sign_in_link(&self, link: &super::SignInLink) -> Result<(), StoreError> {
        self.inner.put_sign_in_link(link)
    }

    fn sign_in_link(&self, hash: &str) -> Result<Option<super::SignInLink>, StoreError> {
        self.inner.sign_in_link(hash)
    }

    fn take_sign_in_link(&self, hash: &str) -> Result<Option<super::SignInLink>, StoreError> {
        self.inner.take_sign_in_link(hash)
    }

    fn put_doctor_session(&self, session: &super::DoctorSession) -> Result<(), StoreError> {
        self.inner.put_doctor_session(session)
    }

    fn doctor_session(&self, hash: &str) -> Result<Option<super::DoctorSession>, StoreError> {
        self.inner.doctor_session(hash)
    }

    fn end_doctor_session(&self, hash: &str) -> Result<bool, StoreError> {
        self.inner.end_doctor_session(hash)
    }

    fn prune_login_failures(
        &self,
        horizon: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError> {
        self.inner.prune_login_failures(horizon)
    }
}

impl AuditLog for RotaView<'_> {
    fn add_audit(&self, entry: &AuditEntry) -> Result<AuditEntry, StoreError> {
        self.inner.add_audit(&self.in_rota(entry))
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.inner.audit()
    }
}
