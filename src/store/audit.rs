//! What an audit entry records, typed: the event and its arguments (ids, days, instants),
//! never a sentence. `toban audit` renders each through the message catalogue
//! ([`crate::msg::audit`]) in the reader's language, with today's names.
//!
//! Key decision: the event is stored beside the entry's old free-text `detail` (serde,
//! `event` absent in entries written before it existed), so an old store still lists: those
//! entries show their text as it was written.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::PatientId;
use crate::routing::CourseEvent;

/// Which kind of change to the published rota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Two doctors exchange duties.
    Swap,
    /// A colleague takes a doctor's duty.
    Cover,
    /// Any other change of who is on duty.
    Change,
}

impl ChangeKind {
    /// The kind named by a command's action word (`swap`, `cover`; anything else: a change).
    pub fn from_action(action: &str) -> ChangeKind {
        match action {
            "swap" => ChangeKind::Swap,
            "cover" => ChangeKind::Cover,
            _ => ChangeKind::Change,
        }
    }
}

/// One doctor replaced by another on one slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The slot's id.
    pub slot: String,
    /// Who was on duty.
    pub from: String,
    /// Who is now.
    pub to: String,
}

/// How a swap or cover request moved on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestOutcome {
    /// The colleague accepted.
    Accepted,
    /// The colleague declined.
    Declined,
    /// The office approved.
    Approved,
    /// The office rejected.
    Rejected,
    /// The proposer withdrew it.
    Withdrawn,
    /// Its deadline passed.
    Expired,
    /// Closed: the published rota changed since it was made.
    RotaMoved,
}

/// What happened at the web console's door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WebEvent {
    /// The password was set from the one-time link.
    PasswordSet,
    /// Signed in.
    SignedIn,
    /// Signed out.
    SignedOut,
    /// A wrong password for `name` (as typed, made safe).
    Failed {
        /// The name typed.
        name: String,
    },
    /// Too many wrong passwords: `name` is locked until `until`.
    Locked {
        /// The name typed.
        name: String,
        /// Locked until.
        until: DateTime<Utc>,
    },
    /// A sign-in as `name` refused while it is locked.
    WhileLocked {
        /// The name typed.
        name: String,
        /// Locked until.
        until: DateTime<Utc>,
    },
}

/// What an audited change was, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AuditEvent {
    /// A patient was registered.
    PatientRegistered {
        /// The patient's number.
        patient: PatientId,
    },
    /// A patient's record was edited.
    PatientUpdated {
        /// The patient's number.
        patient: PatientId,
    },
    /// A patient's record was removed.
    PatientRemoved {
        /// The patient's number.
        patient: PatientId,
        /// Why, as the office wrote it.
        reason: Option<String>,
    },
    /// An event of a patient's course was recorded.
    PatientCourse {
        /// The patient's number.
        patient: PatientId,
        /// What happened.
        event: CourseEvent,
        /// On which day.
        date: NaiveDate,
    },
    /// A patient's contact sheet (夜間・休日の連絡先) was written.
    ContactSheet {
        /// The patient's number.
        patient: PatientId,
    },
    /// An absence was recorded.
    AbsenceAdded {
        /// The absence's number.
        absence: crate::ids::AbsenceId,
        /// The doctor's id.
        doctor: String,
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
        /// A preference (rather not), not an absence.
        soft: bool,
    },
    /// An absence was removed.
    AbsenceRemoved {
        /// The absence's number.
        absence: crate::ids::AbsenceId,
    },
    /// An absence ended early (`/back`).
    AbsenceEnded {
        /// The absence's number.
        absence: crate::ids::AbsenceId,
        /// The day the doctor came back.
        on: NaiveDate,
    },
    /// A member's chat account (Telegram or LINE) was linked.
    Linked {
        /// The member's id.
        member: String,
        /// The channel's name ("Telegram", "LINE"); entries written before LINE had none and
        /// were Telegram.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
    },
    /// A member's Telegram accounts were disconnected.
    Unlinked {
        /// The member's id.
        member: String,
        /// The chat, if only one.
        chat: Option<i64>,
        /// How many links went.
        n: usize,
    },
    /// A calendar-feed token was issued.
    FeedTokenIssued {
        /// The token's number.
        token: crate::ids::FeedTokenId,
        /// The doctor whose duties it shows; `None`: the whole rota.
        member: Option<String>,
    },
    /// A calendar-feed token was revoked.
    FeedTokenRevoked {
        /// The token's number.
        token: crate::ids::FeedTokenId,
    },
    /// A member's feed tokens were revoked with their last link.
    FeedTokensRevokedOnUnlink {
        /// The member's id.
        member: String,
        /// How many.
        n: usize,
    },
    /// A one-time invitation to link Telegram was made.
    Invited {
        /// The member's id.
        member: String,
        /// Valid until.
        until: DateTime<Utc>,
    },
    /// A setup link for the web console was made.
    /// A sign-in, sign-out or password event of the web console.
    WebConsole {
        /// What happened.
        what: WebEvent,
        /// The client's address.
        from: String,
    },
    /// A rules file was edited from the web console (members page).
    RulesEdited {
        /// The member's or holiday period's id.
        id: String,
        /// Its name as saved.
        name: String,
        /// Whether it was added (else edited).
        added: bool,
        /// The file written.
        file: String,
        /// A doctor's `left` date, or a holiday period's first and last day, as saved.
        note: Option<String>,
    },
    /// Doctors were added or updated from a spreadsheet (`toban members import`, the
    /// console's import page).
    MembersImported {
        /// The file as named by the user.
        file: String,
        /// The ids added.
        added: Vec<String>,
        /// The ids updated.
        updated: Vec<String>,
        /// Rows that changed nothing.
        unchanged: usize,
        /// The rules files written.
        written: Vec<String>,
    },
    /// A backup was taken from the web console.
    BackupWritten {
        /// The backup's file name.
        file: String,
    },
    /// A web console account was set up (the one-time link).
    WebAccountAdded {
        /// The admin's id.
        member: String,
        /// Valid until.
        until: DateTime<Utc>,
    },
    /// A web console account was removed.
    WebAccountRemoved {
        /// The admin's id.
        member: String,
    },
    /// A one-time sign-in link was made: for a doctor's own pages, or (`admin`) the console.
    SignInLinkIssued {
        /// The member it signs in.
        member: String,
        /// Whether it signs in to the console (else the doctor's pages).
        admin: bool,
        /// Valid until.
        until: DateTime<Utc>,
    },
    /// A doctor signed in to their own pages with a one-time link.
    DoctorSignedIn {
        /// The client's address.
        from: String,
    },
    /// A doctor signed out of their own pages.
    DoctorSignedOut {
        /// The client's address.
        from: String,
    },
    /// The year's rota was published.
    RotaPublished {
        /// The plan year.
        year: i32,
    },
    /// A plan or re-plan saved the year's draft (`toban plan`, the console's plan page).
    DraftPlanned {
        /// The plan year.
        year: i32,
        /// A re-plan: the day it re-planned from.
        #[serde(default)]
        replan_from: Option<chrono::NaiveDate>,
        /// The draft's slots.
        slots: usize,
    },
    /// An open call was cancelled by the office (`toban call cancel`, the console's call page);
    /// the call's own log has it too, as every answer.
    CallCancelled {
        /// The call.
        call: crate::ids::CallId,
        /// The member it was cancelled as.
        member: String,
    },
    /// The year's draft was discarded.
    DraftDiscarded {
        /// The plan year.
        year: i32,
    },
    /// Slots were frozen or unfrozen.
    SlotsFrozen {
        /// The plan year.
        year: i32,
        /// The slots' ids.
        slots: Vec<String>,
        /// Frozen (else unfrozen).
        frozen: bool,
    },
    /// Who is on duty changed in the published rota.
    RotaChanged {
        /// Swap, cover or another change.
        kind: ChangeKind,
        /// Each slot's change.
        changes: Vec<Moved>,
        /// The swap or cover request that led to it, if any.
        request: Option<crate::ids::SwapRequestId>,
    },
    /// A colleague covers some days of a doctor's duty (issue 20).
    PartCovered {
        /// The slot.
        slot: String,
        /// Whose duty.
        doctor: String,
        /// Who covers.
        by: String,
        /// First covered day.
        from: NaiveDate,
        /// Last covered day.
        to: NaiveDate,
        /// The cover request that led to it, if any.
        request: Option<crate::ids::SwapRequestId>,
    },
    /// A published partial cover a re-plan could not keep, dropped on publishing (issue 20).
    CoverDropped {
        /// The slot.
        slot: String,
        /// Its days (issue 18; entries kept before have none, and read by the id's day).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<crate::msg::partial::SlotDays>,
        /// Whose duty was covered.
        doctor: String,
        /// Who covered.
        by: String,
        /// First covered day.
        from: NaiveDate,
        /// Last covered day.
        to: NaiveDate,
        /// The slot's doctors after the re-plan.
        now: Vec<String>,
    },
    /// A swap or cover request was made.
    RequestOpened {
        /// Swap or cover.
        kind: ChangeKind,
        /// The proposer's slot.
        slot: String,
        /// The colleague's slot offered in exchange.
        their_slot: Option<String>,
        /// The colleagues asked.
        to: Vec<String>,
    },
    /// A swap or cover request moved on without changing the rota.
    RequestAnswered {
        /// The request's number.
        request: crate::ids::SwapRequestId,
        /// Swap or cover.
        kind: ChangeKind,
        /// How.
        outcome: RequestOutcome,
    },
    /// Who actually did a past duty (`toban actual`).
    Actual {
        /// The slot's id.
        slot: String,
        /// Who was on the rota.
        was: String,
        /// Who did it.
        is: String,
        /// Why, as the office wrote it.
        reason: String,
    },
    /// Past duties were imported (`toban history import`).
    HistoryImported {
        /// The file's name.
        file: String,
        /// The import batch's number.
        batch: crate::ids::ImportBatch,
        /// Duties read.
        n: usize,
        /// Of which new.
        added: usize,
        /// Of which replaced an earlier import's.
        replaced: usize,
    },
    /// Imported past duties were removed (`toban history remove`).
    HistoryRemoved {
        /// The filter, as given.
        batch: Option<crate::ids::ImportBatch>,
        /// A day inside the slot.
        date: Option<NaiveDate>,
        /// A doctor's id or name.
        doctor: Option<String>,
        /// The plan year.
        year: Option<i32>,
        /// How many duties went.
        n: usize,
        /// The first of them (slot start, doctor), at most 20.
        first: Vec<(NaiveDate, String)>,
    },
    /// `serve` reloaded the rules.
    RulesReloaded {
        /// The rules folder.
        from: String,
    },
    /// Backup hospitals and the board (issue 20): a patient list out, beds, a board entry.
    Hospital(super::HospitalEvent),
    /// A change in a rota other than the association's own (issue 20: several rotas), e.g.
    /// its publication; written by [`crate::store::RotaView`] around the rota's event.
    InRota {
        /// The rota's id.
        rota: crate::rules::RotaId,
        /// What happened in it.
        event: Box<AuditEvent>,
    },
}

impl AuditEvent {
    /// The entry's `action` word, as scripts and entries written before events read it.
    pub fn action(&self) -> &'static str {
        match self {
            AuditEvent::PatientRegistered { .. }
            | AuditEvent::PatientUpdated { .. }
            | AuditEvent::PatientRemoved { .. }
            | AuditEvent::PatientCourse { .. }
            | AuditEvent::ContactSheet { .. } => "patient",
            AuditEvent::AbsenceAdded { .. }
            | AuditEvent::AbsenceRemoved { .. }
            | AuditEvent::AbsenceEnded { .. } => "absence",
            AuditEvent::Linked { .. } => "link",
            AuditEvent::Unlinked { .. } => "unlink",
            AuditEvent::FeedTokenIssued { .. }
            | AuditEvent::FeedTokenRevoked { .. }
            | AuditEvent::FeedTokensRevokedOnUnlink { .. } => "feed",
            AuditEvent::Invited { .. } => "invite",
            AuditEvent::WebConsole { what, .. } => match what {
                WebEvent::PasswordSet => "web_setup",
                WebEvent::SignedIn => "web_login",
                WebEvent::SignedOut => "web_logout",
                WebEvent::Failed { .. } => "web_login_failed",
                WebEvent::Locked { .. } => "web_lockout",
                WebEvent::WhileLocked { .. } => "web_login_locked",
            },
            AuditEvent::RulesEdited { .. } | AuditEvent::MembersImported { .. } => "rules",
            AuditEvent::BackupWritten { .. } => "backup",
            AuditEvent::WebAccountAdded { .. } => "web_admin_add",
            AuditEvent::WebAccountRemoved { .. } => "web_admin_remove",
            AuditEvent::SignInLinkIssued { .. } => "web_link",
            AuditEvent::DoctorSignedIn { .. } => "me_login",
            AuditEvent::DoctorSignedOut { .. } => "me_logout",
            AuditEvent::RotaPublished { .. } => "publish",
            AuditEvent::DraftPlanned { .. } => "plan",
            AuditEvent::DraftDiscarded { .. } => "discard",
            AuditEvent::CallCancelled { .. } => "call_cancel",
            AuditEvent::SlotsFrozen { frozen: true, .. } => "freeze",
            AuditEvent::SlotsFrozen { frozen: false, .. } => "unfreeze",
            AuditEvent::RotaChanged { kind, .. }
            | AuditEvent::RequestOpened { kind, .. }
            | AuditEvent::RequestAnswered { kind, .. } => match kind {
                ChangeKind::Swap => "swap",
                ChangeKind::Cover => "cover",
                ChangeKind::Change => "change",
            },
            AuditEvent::PartCovered { .. } => "cover",
            AuditEvent::CoverDropped { .. } => "cover_dropped",
            AuditEvent::Actual { .. } => "actual",
            AuditEvent::RulesReloaded { .. } => "rules",
            AuditEvent::HistoryImported { .. } | AuditEvent::HistoryRemoved { .. } => "history",
            AuditEvent::Hospital(super::HospitalEvent::Board { .. }) => "board",
            AuditEvent::Hospital(super::HospitalEvent::Beds { .. }) => "beds",
            AuditEvent::Hospital(super::HospitalEvent::PatientList { .. }) => "patient_list",
            AuditEvent::InRota { event, .. } => event.action(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditEntry;

    #[test]
    fn an_entry_written_before_events_existed_still_reads_with_its_text() {
        let old = r#"{"seq":7,"at":"2027-03-02T13:00:00Z","by":"admin:tanaka","on_behalf":null,
            "action":"absence","detail":"absence 3 added: d02 2027-06-01 to 2027-06-03"}"#;
        let e: AuditEntry = serde_json::from_str(old).expect("an old entry reads");
        assert_eq!(e.event, None);
        assert_eq!(e.detail, "absence 3 added: d02 2027-06-01 to 2027-06-03");
    }

    #[test]
    fn a_typed_entry_keeps_its_action_word_for_scripts() {
        let at = DateTime::<Utc>::from_timestamp(1_804_000_000, 0).expect("instant");
        let e = AuditEntry::of(
            at,
            "d01",
            AuditEvent::AbsenceRemoved { absence: crate::ids::AbsenceId::new(3) },
        );
        assert_eq!(e.action, "absence");
        let back: AuditEntry =
            serde_json::from_str(&serde_json::to_string(&e).expect("json")).expect("back");
        assert_eq!(back, e);
    }
}
