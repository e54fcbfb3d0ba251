//! The desk: the operations on calls that the CLI, `toban serve` and (later) the bot share,
//! over the rules and the store. It reads the store and writes through it; it never reads the
//! clock (callers pass `now`) and never sends anything (notices go to the outbox, which the
//! notifier drains).
//!
//! Key decisions:
//! - Who is on duty at an instant comes from the published rotas only: a draft is the admin's
//!   work in progress, not a promise to a patient.
//! - Absence is by day in the association's zone, as entered (`toban absence add DOCTOR FROM TO`):
//!   absent from 00:00 of FROM to 24:00 of TO. Soft "prefer not" requests are not absences.
//! - A second call for a patient whose call is waiting, or was accepted less than the rules'
//!   `followup_minutes` ago, joins it (its note goes to everyone who can still accept, or to
//!   the handler to acknowledge) instead of paging the whole chain again. A later one is a new
//!   call that asks the earlier call's handler first.

use chrono::{DateTime, Duration, Utc};

use crate::msg::refusal::{NoteWhat, Refusal as MsgRefusal};
use crate::routing::{
    Body, Call, CallId, CallKind, ChainInputs, Event, Notice, Outcome, Patient, PatientId, Refusal,
    Step, StepKind, resolve, resolve_after,
};
use crate::rules::{MemberId, MemberRole, RotaId, Rules};
use crate::store::{Effect, Origin, RotaSlot, RotaStatus, Store, StoreError};

mod absences;
pub mod beds;
pub mod calls_view;
pub mod feed_tokens;
pub mod links;
pub mod patients;
mod requests;
mod rotas;
mod sign_in;
pub use absences::{AbsenceAdded, MAX_ABSENCE_NOTE};
pub use requests::{RequestError, offer};
pub use rotas::other_rota_of;
pub use sign_in::{BOT_LINK_VALID, IssuedLink, LinkError, MAX_LINK_HOURS};

/// Why a desk operation did nothing. Rendered for people through
/// [`MsgRefusal::of_desk`] (Japanese or English); `Display` is the English text.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// No such patient in the registry.
    #[error("no registered patient {0}; see `toban patient list`")]
    UnknownPatient(PatientId),
    /// The patient's registration ended (death, move, withdrawal of consent): no calls.
    #[error(
        "patient {patient}'s registration ended on {date} ({}): no call can be raised for them (see `toban patient show {patient}`)",
        event.as_str()
    )]
    Ended {
        /// The patient.
        patient: PatientId,
        /// The event that ended it.
        event: crate::routing::CourseEvent,
        /// Its date.
        date: chrono::NaiveDate,
    },
    /// No such member in the rules.
    #[error(
        "'{0}' is not a member in the rules (doctor, hospital, nurse station or admin); see `toban check`"
    )]
    UnknownMember(String),
    /// No such call.
    #[error("no call {0}; see `toban call list`")]
    UnknownCall(CallId),
    /// The note is empty or too long ([`MsgRefusal::NoteEmpty`] or
    /// [`MsgRefusal::NoteTooLong`]).
    #[error("{0}")]
    BadNote(MsgRefusal),
    /// The engine refused the event.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How late a reminder or handover message may still be sent (after `serve` was stopped).
pub const SCHEDULE_GRACE_HOURS: i64 = 24;

/// The longest note or report (characters).
pub const MAX_NOTE: usize = 1000;

/// Who is on duty at an instant.
#[derive(Debug, Clone)]
pub struct OnDuty {
    /// The published slot covering the instant, if any.
    pub slot: Option<RotaSlot>,
    /// Its doctors.
    pub duty: Vec<MemberId>,
}

/// What raising a call did.
#[derive(Debug, Clone)]
pub enum Raised {
    /// A new call.
    New(Call, Vec<Notice>),
    /// The patient had an open call; the note was added to it.
    Joined(Call, Vec<Notice>),
}

/// The desk over `rules` and `store`.
pub struct Desk<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// The store.
    pub store: &'a dyn Store,
}

impl Desk<'_> {
    /// The published slot covering `at` and its doctors (a slot reserved in last year's rota
    /// counts when next year's rota is not published yet).
    ///
    /// # Errors
    /// If the store fails.
    pub fn on_duty(&self, at: DateTime<Utc>) -> Result<OnDuty, StoreError> {
        Ok(on_duty_in(&self.store.rotas()?, at))
    }

    /// As [`Desk::on_duty`], in rota `rota` (issue 20: several rotas).
    ///
    /// # Errors
    /// If the store fails.
    pub fn on_duty_of(&self, rota: &RotaId, at: DateTime<Utc>) -> Result<OnDuty, StoreError> {
        Ok(on_duty_in(&self.store.rotas_of(rota)?, at))
    }
}

/// The published slot of `rotas` covering `at` and its doctors.
fn on_duty_in(rotas: &[crate::store::RotaRecord], at: DateTime<Utc>) -> OnDuty {
    let published = rotas.iter().filter(|r| r.status == RotaStatus::Published);
    let covers =
        |s: &&RotaSlot| s.start.with_timezone(&Utc) <= at && at < s.end.with_timezone(&Utc);
    let mut found = None;
    for r in published.clone() {
        if let Some(s) = r.slots.iter().find(covers) {
            found = Some(s.clone());
        }
    }
    if found.is_none() {
        for r in published {
            if let Some(s) = r.reserved.iter().find(covers) {
                found = Some(s.clone());
            }
        }
    }
    let duty = found
        .as_ref()
        // A colleague covering part of the duty (issue 20) is on duty in its doctor's place.
        .map(|s| s.doctors_at(at).iter().filter_map(|d| d.parse().ok()).collect())
        .unwrap_or_default();
    OnDuty { slot: found, duty }
}

impl Desk<'_> {
    /// The members marked absent (not a soft request) on the day of `at` in the association's
    /// zone.
    ///
    /// # Errors
    /// If the store fails.
    pub fn absent_members(&self, at: DateTime<Utc>) -> Result<Vec<MemberId>, StoreError> {
        let day = at.with_timezone(&self.rules.association.tz).date_naive();
        Ok(self
            .store
            .absences()?
            .into_iter()
            .filter(|a| !a.soft && a.from <= day && day <= a.to)
            .filter_map(|a| a.doctor.parse().ok())
            .collect())
    }

    /// The chain at `at`, for a patient (with their attending doctor and hospital) or the generic
    /// one (`patient` = `None`), leaving out `caller`.
    ///
    /// # Errors
    /// If the store fails.
    pub fn chain(
        &self,
        at: DateTime<Utc>,
        patient: Option<&Patient>,
        caller: Option<&MemberId>,
    ) -> Result<(OnDuty, Vec<Step>), StoreError> {
        self.chain_after(at, patient, caller, None, CallKind::Urgent)
    }

    /// As [`Desk::chain`], asking `handler` (who accepted the patient's previous call) first,
    /// shaped for a call of `kind` ([`crate::routing::kind::shape`]).
    fn chain_after(
        &self,
        at: DateTime<Utc>,
        patient: Option<&Patient>,
        caller: Option<&MemberId>,
        handler: Option<&MemberId>,
        kind: CallKind,
    ) -> Result<(OnDuty, Vec<Step>), StoreError> {
        // A patient of another rota (issue 20) is called through that rota's duty doctor; a
        // rota since removed from the rules falls back to the association's, so someone is asked.
        let on_duty = match patient.and_then(|p| p.details.rota.as_ref()) {
            Some(rota) if self.rules.rota(rota).is_some() => self.on_duty_of(rota, at)?,
            _ => self.on_duty(at)?,
        };
        let absent = self.absent_members(at)?;
        let day = at.with_timezone(&self.rules.association.tz).date_naive();
        let inputs = ChainInputs {
            rules: self.rules,
            duty: &on_duty.duty,
            // A former member (a patient's attending doctor who has left) is never asked.
            absent: &|m| absent.contains(m) || !self.rules.is_current(m.as_str(), day),
            attending: patient.map(|p| &p.details.attending),
            hospital: patient.and_then(|p| p.details.hospital.as_ref()),
            substitute: patient.and_then(|p| p.details.substitute.as_ref()),
            caller,
        };
        let steps = match handler {
            Some(h) => resolve_after(&inputs, h),
            None => resolve(&inputs),
        };
        let steps = crate::routing::kind::shape(steps, kind, &inputs);
        Ok((on_duty, steps))
    }

    /// The first step that asks someone in the chain a new call of `kind` for `patient` from
    /// `from` would have at `now` (the previous handler, the attending doctor, their substitute,
    /// the duty doctor, a hospital): shown to a nurse before she sends the call (issue 20).
    ///
    /// # Errors
    /// Unknown patient or member, or a store failure.
    pub fn first_asked(
        &self,
        patient: PatientId,
        from: &str,
        kind: CallKind,
        now: DateTime<Utc>,
    ) -> Result<Option<Step>, DeskError> {
        let caller = self.member(from)?;
        let patient = self.store.patient(patient)?.ok_or(DeskError::UnknownPatient(patient))?;
        let mut calls: Vec<Call> = self.store.calls_of(patient.id)?;
        calls.sort_by_key(|c| std::cmp::Reverse(c.id));
        let handler = calls.iter().find_map(|c| c.recent_handler(now));
        let (_, chain) = self.chain_after(now, Some(&patient), Some(&caller), handler, kind)?;
        Ok(chain.into_iter().find(|s| s.kind != StepKind::Advice && !s.members.is_empty()))
    }

    /// Raises a call for patient `patient` from member `from` with `note`, at `now`; or joins
    /// the patient's open call.
    ///
    /// # Errors
    /// Unknown patient or member, a bad note, or a store failure.
    pub fn raise(
        &self,
        patient: PatientId,
        from: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Raised, DeskError> {
        self.raise_from(patient, from, note, now, None)
    }

    /// As [`Desk::raise`], at most once for `origin` (a Telegram update, say): asked again under
    /// an origin it raised or joined a call for, it changes nothing and returns that call as it
    /// is now, with no notices.
    ///
    /// # Errors
    /// As [`Desk::raise`].
    pub fn raise_from(
        &self,
        patient: PatientId,
        from: &str,
        note: &str,
        now: DateTime<Utc>,
        origin: Option<&Origin>,
    ) -> Result<Raised, DeskError> {
        // In chat the note's first word chooses the call type (「/call 12 看取り …」).
        self.raise_kind(patient, from, note, CallKind::of_note(note), now, origin)
    }

    /// As [`Desk::raise_from`], for a call of `kind` (the command line's `--kind`): its chain
    /// and timers are the kind's ([`crate::routing::kind::shape`]). A follow-up that joins an
    /// open call keeps that call's kind.
    ///
    /// # Errors
    /// As [`Desk::raise`].
    pub fn raise_kind(
        &self,
        patient: PatientId,
        from: &str,
        note: &str,
        kind: CallKind,
        now: DateTime<Utc>,
        origin: Option<&Origin>,
    ) -> Result<Raised, DeskError> {
        if let Some(done) = self.raised_before(origin)? {
            return Ok(done);
        }
        let caller = self.member(from)?;
        let note = check_note(note, NoteWhat::Note)?;
        let patient = self.store.patient(patient)?.ok_or(DeskError::UnknownPatient(patient))?;
        if let Some(e) = patient.ended() {
            return Err(DeskError::Ended { patient: patient.id, event: e.event, date: e.date });
        }
        let mut calls: Vec<Call> = self.store.calls_of(patient.id)?;
        calls.sort_by_key(|c| std::cmp::Reverse(c.id));
        let window = Duration::minutes(self.rules.escalation.followup_minutes.into());
        if let Some(mut open) = calls.iter().find(|c| c.joins(now, window)).cloned() {
            let event = Event::Followup { from: caller, note };
            let notices = open.apply(&event, now)?;
            match origin {
                None => self.store.commit_call(&open, &event, &notices, now)?,
                Some(o) => {
                    if !self.store.commit_call_once(&open, &event, &notices, now, o)? {
                        return self.raised_before(origin)?.ok_or_else(|| not_a_call(o));
                    }
                }
            }
            return Ok(Raised::Joined(open, notices));
        }
        let handler = calls.iter().find_map(|c| c.recent_handler(now));
        let (_, chain) = self.chain_after(now, Some(&patient), Some(&caller), handler, kind)?;
        let attending = patient.details.attending.clone();
        let raise = |id| {
            let (mut call, notices) = Call::raise(
                id,
                patient.id,
                attending.clone(),
                caller.clone(),
                note.clone(),
                chain.clone(),
                now,
            );
            // Read when its notices are rendered (the request's heading, the end of the chain).
            call.kind = kind;
            (call, notices)
        };
        let (call, notices) = match origin {
            None => self.store.raise_call(&raise, now)?,
            Some(o) => match self.store.raise_call_once(&raise, now, o)? {
                Some(raised) => raised,
                None => return self.raised_before(origin)?.ok_or_else(|| not_a_call(o)),
            },
        };
        Ok(Raised::New(call, notices))
    }

    /// The call raised or joined under `origin` before, as it is now, with no notices.
    fn raised_before(&self, origin: Option<&Origin>) -> Result<Option<Raised>, DeskError> {
        let Some(origin) = origin else { return Ok(None) };
        let (id, joined) = match self.store.effect_of(origin)? {
            Some(Effect::Raised(id)) => (id, false),
            Some(Effect::Joined(id)) => (id, true),
            _ => return Ok(None),
        };
        let call = self.store.call(id)?.ok_or(DeskError::UnknownCall(id))?;
        Ok(Some(if joined {
            Raised::Joined(call, Vec::new())
        } else {
            Raised::New(call, Vec::new())
        }))
    }

    /// Applies `event` to call `id` at `now` and stores the result with its notices.
    ///
    /// # Errors
    /// Unknown call, the engine's refusal, or a store failure.
    pub fn act(
        &self,
        id: CallId,
        event: &Event,
        now: DateTime<Utc>,
    ) -> Result<(Call, Vec<Notice>), DeskError> {
        let mut call = self.store.call(id)?.ok_or(DeskError::UnknownCall(id))?;
        let notices = self.for_members(call.apply(event, now)?, now);
        self.store.commit_call(&call, event, &notices, now)?;
        Ok((call, notices))
    }

    /// `notices` without former members (doctors past their `left` date at `now`): a report
    /// meant for one goes to the admins instead (with the same key, recipient replaced), and
    /// anything else for them is dropped.
    fn for_members(&self, notices: Vec<Notice>, now: DateTime<Utc>) -> Vec<Notice> {
        let day = self.day(now);
        let mut out: Vec<Notice> = Vec::new();
        for n in notices {
            if self.rules.is_current(n.to.as_str(), day) {
                out.push(n);
                continue;
            }
            if !matches!(n.body, Body::Report { .. }) {
                continue;
            }
            for admin in &self.rules.admins {
                let from = format!("/{}/", n.to);
                let key = n.key.replacen(&from, &format!("/{}/", admin.id), 1);
                if !out.iter().any(|o| o.key == key) {
                    out.push(Notice { key, to: admin.id.clone(), body: n.body.clone() });
                }
            }
        }
        out
    }

    /// The day of `at` in the association's zone.
    fn day(&self, at: DateTime<Utc>) -> chrono::NaiveDate {
        at.with_timezone(&self.rules.association.tz).date_naive()
    }

    /// Whether `doctor` is a member (not yet left, already joined) on every day of `slot`.
    fn serves_whole(&self, doctor: &str, slot: &RotaSlot) -> bool {
        let (first, last) = slot_days(self.rules, slot);
        self.rules.is_current(doctor, first) && self.rules.is_current(doctor, last)
    }

    /// Accept, decline or cancel as member `who` (checked against the rules).
    ///
    /// # Errors
    /// As [`Desk::act`], or an unknown member.
    pub fn answer(
        &self,
        id: CallId,
        who: &str,
        answer: Answer,
        now: DateTime<Utc>,
    ) -> Result<(Call, Vec<Notice>), DeskError> {
        let by = self.member(who)?;
        let event = match answer {
            Answer::Accept => Event::Accept { by },
            Answer::Decline => Event::Decline { by },
            Answer::Acknowledge => Event::Acknowledge { by },
            Answer::Cancel => {
                let admin = self.rules.member(who).is_some_and(|m| m.role == MemberRole::Admin);
                Event::Cancel { by, admin }
            }
        };
        self.act(id, &event, now)
    }

    /// Files the report of call `id` as `who` (the one who accepted it), with its outcome: it
    /// goes to the attending doctor, the caller and the duty doctor, and closes the call. The
    /// CLI (`toban call report`) and the chat (`/report`, a reply to the record) both come here.
    ///
    /// # Errors
    /// As [`Desk::act`], an unknown member or a bad text.
    pub fn report(
        &self,
        id: CallId,
        who: &str,
        outcome: Outcome,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<(Call, Vec<Notice>), DeskError> {
        let by = self.member(who)?;
        let text = check_note(text, NoteWhat::Report)?;
        self.act(id, &Event::ReportBack { by, outcome, text }, now)
    }

    /// Fires every deadline that has passed at `now` (however long ago: after a restart they
    /// fire at once, in deadline order). Returns the calls that moved.
    ///
    /// # Errors
    /// If the store fails. A conflict (another writer moved the call first) is skipped: the
    /// next round sees the new version.
    pub fn fire_due(&self, now: DateTime<Utc>) -> Result<Vec<(Call, Vec<Notice>)>, StoreError> {
        Ok(crate::engine::escalation::fire_due(self.store, now)?.0)
    }

    /// The earliest deadline of any waiting call.
    ///
    /// # Errors
    /// If the store fails.
    pub fn next_deadline(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.store.next_deadline()
    }

    /// Queues the duty reminders (a week and a day before each published duty) and the
    /// handover messages (at each slot's start, to its doctors and to those of the slot before)
    /// whose time has come at `now`, within the last [`SCHEDULE_GRACE_HOURS`]: after a long
    /// stop, stale reminders are not sent. Idempotency keys make this safe to call every round.
    /// Returns how many notices were queued.
    ///
    /// # Errors
    /// If the store fails.
    pub fn schedule(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let slots = crate::notify::duty::published_slots(self.store)?;
        let mut notices = self.duty_notices(now)?;
        // Every other rota's duty doctors too (issue 20), under the rota's own keys and named.
        for rota in &self.rules.rotas {
            let id = &rota.id;
            let theirs = self.in_rota(Some(id), |desk| desk.duty_notices(now)).transpose()?;
            notices.extend(theirs.into_iter().flatten().map(|n| Notice {
                key: format!("{id}/{}", n.key),
                to: n.to,
                body: Body::InRota { rota: id.clone(), body: Box::new(n.body) },
            }));
        }
        let mut add = |key: String, to: &str, body: Body| {
            if let Ok(to) = to.parse::<MemberId>() {
                notices.push(Notice { key, to, body });
            }
        };
        // Slots under way or starting within a week with fewer doctors who can take calls than
        // the rules ask (a former member or a doctor away counts as missing): tell the admins.
        let needs = self.rules.doctors_per_slot as usize;
        let absences = self.store.absences()?;
        for slot in &slots {
            let (start, end) = (slot.start.with_timezone(&Utc), slot.end.with_timezone(&Utc));
            if end <= now || start - now > chrono::Duration::days(7) {
                continue;
            }
            let from = start.max(now);
            let away = |d: &str| {
                absences.iter().filter(|a| !a.soft && a.doctor == d).find(|a| {
                    let (a_from, a_to) = absence_span(self.rules, a);
                    a_from < end && from < a_to
                })
            };
            let mut present = 0;
            // Missing only because of absences entered this close to the slot: the office was
            // alerted when each was entered (`Desk::absence_over_duty`), so no second alert.
            let mut told = true;
            for d in &slot.doctors {
                match (self.serves_whole(d, slot), away(d)) {
                    (true, None) => present += 1,
                    (true, Some(a)) => {
                        told &= a.created_at >= start - chrono::Duration::days(7);
                    }
                    (false, _) => told = false,
                }
            }
            if present >= needs || (told && present < slot.doctors.len()) {
                continue;
            }
            for admin in &self.rules.admins {
                let body = Body::Unstaffed { slot: slot.id.clone(), start, has: present, needs };
                let key = format!("unstaffed/{}/{present}/{}", slot.id, admin.id);
                add(key, admin.id.as_str(), body);
            }
        }
        // No published slot covers now: calls skip the duty step. Told once per gap (keyed by
        // when the gap began).
        let covers =
            |s: &RotaSlot| s.start.with_timezone(&Utc) <= now && now < s.end.with_timezone(&Utc);
        if !slots.iter().any(covers) {
            let since = slots.iter().map(|s| s.end.with_timezone(&Utc)).filter(|e| *e <= now).max();
            let gap = since.map_or_else(|| "never".to_string(), |t| t.to_rfc3339());
            for admin in &self.rules.admins {
                let body = Body::NoRota { since, at: now };
                add(format!("norota/{gap}/{}", admin.id), admin.id.as_str(), body);
            }
        }
        let mut fresh = Vec::new();
        for n in notices {
            if !self.store.queued(&n.key)? {
                fresh.push(n);
            }
        }
        if fresh.is_empty() {
            return Ok(0);
        }
        self.store.enqueue(&fresh, now)
    }

    /// The duty reminders (a week and a day before) and handovers of this desk's rota due at
    /// `now` (within [`SCHEDULE_GRACE_HOURS`]). Former members get nothing: the office gets
    /// their handover.
    ///
    /// # Errors
    /// If the store fails.
    fn duty_notices(&self, now: DateTime<Utc>) -> Result<Vec<Notice>, StoreError> {
        let grace = chrono::Duration::hours(SCHEDULE_GRACE_HOURS);
        let due = |t: DateTime<Utc>| now - grace < t && t <= now;
        let slots = crate::notify::duty::published_slots(self.store)?;
        let today = self.day(now);
        let mut notices = Vec::new();
        let mut add = |key: String, to: &str, body: Body| {
            if let Ok(to) = to.parse::<MemberId>() {
                notices.push(Notice { key, to, body });
            }
        };
        // Former members get nothing at all: no reminder, no handover (the office gets theirs).
        let serving = |d: &str, slot: &RotaSlot| {
            self.rules.is_current(d, today) && self.serves_whole(d, slot)
        };
        for (i, slot) in slots.iter().enumerate() {
            let (start, end) = (slot.start.with_timezone(&Utc), slot.end.with_timezone(&Utc));
            for days in [7u32, 1] {
                // Wall-clock days before the start (the slot's own offset).
                let Some(t) = slot.start.checked_sub_days(chrono::Days::new(u64::from(days)))
                else {
                    continue;
                };
                if due(t.with_timezone(&Utc)) {
                    for d in slot.doctors.iter().filter(|d| serving(d, slot)) {
                        let body = Body::Reminder { slot: slot.id.clone(), start, end, days };
                        add(format!("remind/{}/{d}/{days}d", slot.id), d, body);
                    }
                }
            }
            if due(start) {
                let previous = i.checked_sub(1).map(|p| &slots[p]).filter(|p| p.end == slot.start);
                let handover = |incoming: bool| Body::Handover {
                    slot: slot.id.clone(),
                    start,
                    end,
                    previous: previous.map(|p| p.id.clone()),
                    incoming,
                };
                for d in &slot.doctors {
                    if serving(d, slot) {
                        add(format!("handover/{}/{d}/in", slot.id), d, handover(true));
                    } else {
                        for admin in &self.rules.admins {
                            let key = format!("handover/{}/{d}/in/{}", slot.id, admin.id);
                            add(key, admin.id.as_str(), handover(true));
                        }
                    }
                }
                for d in previous
                    .iter()
                    .flat_map(|p| &p.doctors)
                    .filter(|d| !slot.doctors.contains(d) && self.rules.is_current(d, today))
                {
                    add(format!("handover/{}/{d}/out", slot.id), d, handover(false));
                }
            }
        }
        Ok(notices)
    }

    /// The published duties of `absence`'s doctor that it overlaps and that have not ended at
    /// `now`. For each, the admins are alerted at once and, unless `told` (the doctor entered
    /// it in chat and reads the warning in the answer), the doctor is told in chat, with
    /// `/cover`. Soft requests are not absences. Idempotent: each notice has its own key.
    ///
    /// # Errors
    /// If the store fails.
    pub fn absence_over_duty(
        &self,
        absence: &crate::store::Absence,
        told: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<RotaSlot>, StoreError> {
        let hit = self.absence_clashes(absence, now)?;
        let mut notices = Vec::new();
        for slot in &hit {
            let Some(office) = away_body(absence, slot, now, true) else { continue };
            for admin in &self.rules.admins {
                notices.push(Notice {
                    key: format!("away/{}/{}/{}", absence.id, slot.id, admin.id),
                    to: admin.id.clone(),
                    body: office.clone(),
                });
            }
            if !told
                && let Ok(to) = absence.doctor.parse::<MemberId>()
                && let Some(body) = away_body(absence, slot, now, false)
            {
                notices.push(Notice {
                    key: format!("away/{}/{}/{to}", absence.id, slot.id),
                    to,
                    body,
                });
            }
        }
        let mut fresh = Vec::new();
        for n in notices {
            if !self.store.queued(&n.key)? {
                fresh.push(n);
            }
        }
        if !fresh.is_empty() {
            self.store.enqueue(&fresh, now)?;
        }
        Ok(hit)
    }

    /// The published duties of `absence`'s doctor that it overlaps and that have not ended at
    /// `now` (none for a soft request): the duties to find cover for. Reads only.
    ///
    /// # Errors
    /// If the store fails.
    pub fn absence_clashes(
        &self,
        absence: &crate::store::Absence,
        now: DateTime<Utc>,
    ) -> Result<Vec<RotaSlot>, StoreError> {
        if absence.soft {
            return Ok(Vec::new());
        }
        let published = crate::notify::duty::published_slots(self.store)?;
        Ok(self.clashes_among(absence, &published, now))
    }

    /// [`Desk::absence_clashes`] among `published` (the published slots, loaded once by a page
    /// that lists many absences).
    pub fn clashes_among(
        &self,
        absence: &crate::store::Absence,
        published: &[RotaSlot],
        now: DateTime<Utc>,
    ) -> Vec<RotaSlot> {
        if absence.soft {
            return Vec::new();
        }
        published
            .iter()
            .filter(|s| first_away(self.rules, absence, s, now).is_some())
            .cloned()
            .collect()
    }

    /// What an absence over a duty means, for the office (`office`) or for the doctor (who is
    /// shown `/cover`, never a command line), in the association's language.
    pub fn away_text(
        &self,
        absence: &crate::store::Absence,
        slot: &RotaSlot,
        now: DateTime<Utc>,
        office: bool,
    ) -> String {
        use crate::msg::Message;
        away_body(absence, slot, now, office)
            .and_then(|b| {
                let links = crate::notify::links::Links::of(self.store);
                crate::notify::duty::plain_message(self.rules, &links, &b)
            })
            .map(|m| m.render(self.rules.association.language))
            .unwrap_or_default()
    }

    /// What keeps the published rota from covering every day from `now` to its end: days no
    /// slot covers (from now; none at all when nothing is published), slots with too few
    /// doctors, former members holding a duty, and doctors away during their duty.
    ///
    /// # Errors
    /// If the store fails.
    pub fn duty_problems(&self, now: DateTime<Utc>) -> Result<Vec<DutyProblem>, StoreError> {
        let slots = crate::notify::duty::published_slots(self.store)?;
        let absences = self.store.absences()?;
        let mut problems = Vec::new();
        let mut cursor = now;
        for slot in slots.iter().filter(|s| s.end.with_timezone(&Utc) > now) {
            let (start, end) = (slot.start.with_timezone(&Utc), slot.end.with_timezone(&Utc));
            if start > cursor {
                problems.push(DutyProblem::Uncovered { from: cursor, to: Some(start) });
            }
            cursor = cursor.max(end);
            if slot.doctors.len() < self.rules.doctors_per_slot as usize {
                problems.push(DutyProblem::Short { slot: slot.clone() });
            }
            // Whoever is away for some of their own time in the slot: its doctors but for the
            // days colleagues cover (issue 20), and the colleagues for the days they cover.
            let mut on: Vec<&String> = Vec::new();
            for d in &slot.doctors {
                if self.serves_whole(d, slot) {
                    on.push(d);
                } else {
                    problems.push(DutyProblem::Former { slot: slot.clone(), doctor: d.clone() });
                }
            }
            for p in &slot.parts {
                if !on.contains(&&p.by) {
                    on.push(&p.by);
                }
            }
            for d in on {
                for a in absences.iter().filter(|a| !a.soft && a.doctor == *d) {
                    if let Some(from) = first_away(self.rules, a, slot, now) {
                        problems.push(DutyProblem::Away {
                            slot: slot.clone(),
                            doctor: d.clone(),
                            from,
                        });
                    }
                }
            }
        }
        if slots.iter().all(|s| s.end.with_timezone(&Utc) <= now) {
            problems.push(DutyProblem::Uncovered { from: now, to: None });
        } else if cursor - now <= chrono::Duration::days(ENDS_SOON_DAYS) {
            // Published to within a month from now: the next rota is due before then.
            problems.push(DutyProblem::EndsSoon { end: cursor });
        }
        Ok(problems)
    }

    /// The registered patients (registration not ended) whose attending doctor is absent at
    /// `at`, by id, with their substitute attending doctor if one is named: the office's view
    /// (`toban oncall`), never the on-duty API, which holds no patient data.
    ///
    /// # Errors
    /// If the store fails.
    pub fn attending_away(
        &self,
        at: DateTime<Utc>,
    ) -> Result<Vec<(PatientId, MemberId, Option<MemberId>)>, StoreError> {
        let absent = self.absent_members(at)?;
        let day = self.day(at);
        Ok(self
            .store
            .patients()?
            .into_iter()
            .filter(|p| p.ended().is_none())
            .filter(|p| {
                let a = &p.details.attending;
                absent.contains(a) || !self.rules.is_current(a.as_str(), day)
            })
            .map(|p| (p.id, p.details.attending, p.details.substitute))
            .collect())
    }

    /// Who is on duty at `at` and the backup chain, as the JSON of DESIGN.md §6 (shared by
    /// `toban oncall --format json` and `GET /api/oncall`).
    ///
    /// # Errors
    /// If the store fails.
    pub fn oncall_json(&self, at: DateTime<Utc>) -> Result<serde_json::Value, StoreError> {
        use serde_json::json;
        let rules = self.rules;
        let (on_duty, chain) = self.chain(at, None, None)?;
        let slot = on_duty.slot.as_ref().map(|s| {
            json!({"id": s.id, "start": s.start.to_rfc3339(), "end": s.end.to_rfc3339(), "kind": s.kind})
        });
        let entry =
            |kind: &str, id: &str| json!({"kind": kind, "id": id, "name": rules.name_of(id)});
        let mut list = Vec::new();
        for s in &chain {
            match s.kind {
                crate::routing::StepKind::Duty => {
                    list.extend(s.members.iter().map(|m| entry("doctor", m.as_str())))
                }
                crate::routing::StepKind::Hospital => {
                    list.extend(s.members.iter().map(|m| entry("hospital", m.as_str())))
                }
                crate::routing::StepKind::Advice => {
                    let name = crate::msg::Message::render(
                        &crate::msg::cli::Cli::AdviceName,
                        rules.association.language,
                    );
                    list.push(json!({"kind": "advice", "id": "119", "name": name}))
                }
                // Not in the generic chain: no patient, no earlier call.
                crate::routing::StepKind::Attending
                | crate::routing::StepKind::Substitute
                | crate::routing::StepKind::Fallback
                | crate::routing::StepKind::Handler => {}
            }
        }
        let duty: Vec<_> = on_duty
            .duty
            .iter()
            .map(|m| json!({"id": m.as_str(), "name": rules.name_of(m.as_str())}))
            .collect();
        Ok(json!({
            "at": at.with_timezone(&rules.association.tz).to_rfc3339(),
            "slot": slot,
            "duty": duty,
            "chain": list,
        }))
    }

    /// Brings the feed events up to date with the published rotas at `at` (see
    /// [`crate::feed::reconcile`]); writes only when something changed. Returns whether it did.
    ///
    /// # Errors
    /// If the store fails.
    pub fn refresh_feeds(&self, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let before = self.store.feed_events()?;
        // Every rota's duties (issue 20); another rota's slot ids are `ID/SLOT`, so its events
        // have their own UIDs and their summary names the rota.
        let mut slots = crate::feed::published_slots(&self.store.rotas_of(&RotaId::main())?);
        for r in &self.rules.rotas {
            for mut s in crate::feed::published_slots(&self.store.rotas_of(&r.id)?) {
                s.id = format!("{}/{}", r.id, s.id);
                slots.push(s);
            }
        }
        slots.sort_by_key(|s| s.start);
        let after = crate::feed::reconcile(&before, &slots, at);
        let mut sorted = before.clone();
        sorted.sort_by(|a, b| (a.start, &a.slot, &a.doctor).cmp(&(b.start, &b.slot, &b.doctor)));
        if sorted == after {
            return Ok(false);
        }
        self.store.put_feed_events(&after)?;
        Ok(true)
    }

    fn member(&self, id: &str) -> Result<MemberId, DeskError> {
        self.rules
            .member(id)
            .map(|m| m.id.clone())
            .ok_or_else(|| DeskError::UnknownMember(id.to_string()))
    }
}

/// An answer to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Take it.
    Accept,
    /// Pass.
    Decline,
    /// Seen: the handler acknowledges a follow-up.
    Acknowledge,
    /// Withdraw it (caller or admin).
    Cancel,
}

/// A stretch of time, start inclusive, end exclusive.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// The stretches of `slot` that are `doctor`'s, each with the parts of it colleagues cover
/// (issue 20): the whole slot for one of its doctors, less the days covered, as the office
/// names them (from the midnight that starts a covered part's first day, since an absence is
/// by calendar days, to the part's handover); and each part the doctor covers for another.
fn duty_stretches(rules: &Rules, slot: &RotaSlot, doctor: &str) -> Vec<(Span, Vec<Span>)> {
    let utc = |t: &chrono::DateTime<chrono::FixedOffset>| t.with_timezone(&Utc);
    let mut out = Vec::new();
    if slot.doctors.iter().any(|d| d == doctor) {
        let covered = slot
            .parts
            .iter()
            .filter(|p| p.doctor == doctor)
            .map(|p| (midnight(rules, p.from).min(utc(&p.start)), utc(&p.end)))
            .collect();
        out.push(((utc(&slot.start), utc(&slot.end)), covered));
    }
    for p in slot.parts.iter().filter(|p| p.by == doctor) {
        out.push(((utc(&p.start), utc(&p.end)), Vec::new()));
    }
    out
}

/// The first instant from `now` on when `absence` keeps its doctor from their own time in
/// `slot`, if it does.
fn first_away(
    rules: &Rules,
    absence: &crate::store::Absence,
    slot: &RotaSlot,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let (from, to) = absence_span(rules, absence);
    duty_stretches(rules, slot, &absence.doctor)
        .iter()
        .filter_map(|((start, end), covered)| {
            first_uncovered(from.max(*start).max(now), to.min(*end), covered)
        })
        .min()
}

/// The first instant from `from` until `to` that none of `covered` holds, if any.
fn first_uncovered(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    covered: &[Span],
) -> Option<DateTime<Utc>> {
    let mut at = from;
    let mut spans = covered.to_vec();
    spans.sort();
    for (s, e) in spans {
        if s > at {
            break;
        }
        at = at.max(e);
    }
    (at < to).then_some(at)
}

/// How near the end of everything published [`Desk::duty_problems`] says so (the office
/// needs time to plan, publish and let the doctors know).
pub const ENDS_SOON_DAYS: i64 = 31;

/// What keeps the published rota from covering a day ([`Desk::duty_problems`]).
#[derive(Debug, Clone)]
pub enum DutyProblem {
    /// No published slot covers `from` until `to` (`None`: nothing is published after `from`).
    Uncovered {
        /// From.
        from: DateTime<Utc>,
        /// Until.
        to: Option<DateTime<Utc>>,
    },
    /// The slot has fewer doctors than the rules ask.
    Short {
        /// The slot.
        slot: RotaSlot,
    },
    /// A doctor who has left (or not yet joined) holds the slot.
    Former {
        /// The slot.
        slot: RotaSlot,
        /// The doctor.
        doctor: String,
    },
    /// Everything published ends at `end`, within [`ENDS_SOON_DAYS`]: the next rota is due.
    EndsSoon {
        /// When the last published duty ends.
        end: DateTime<Utc>,
    },
    /// A doctor is marked away during their duty, from `from`.
    Away {
        /// The slot.
        slot: RotaSlot,
        /// The doctor.
        doctor: String,
        /// The first instant away within the slot (from now on).
        from: DateTime<Utc>,
    },
}

/// The first and last day of `slot` in the association's zone (a slot ending at 09:00 on a
/// Tuesday has that Tuesday as its last day).
fn slot_days(rules: &Rules, slot: &RotaSlot) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let tz = rules.association.tz;
    let first = slot.start.with_timezone(&tz).date_naive();
    let last = (slot.end.with_timezone(&tz) - Duration::seconds(1)).date_naive();
    (first, last.max(first))
}

/// The notice of `absence` over `slot` for the office (`office`) or for the doctor; `None` if
/// the doctor's id is not a member id.
fn away_body(
    absence: &crate::store::Absence,
    slot: &RotaSlot,
    now: DateTime<Utc>,
    office: bool,
) -> Option<Body> {
    let (start, end) = (slot.start.with_timezone(&Utc), slot.end.with_timezone(&Utc));
    Some(Body::AwayOverDuty {
        doctor: absence.doctor.parse().ok()?,
        slot: slot.id.clone(),
        start,
        end,
        from: absence.from,
        to: absence.to,
        note: absence.note.clone(),
        // With a colleague on the same duty, calls go to them; else past the duty step.
        others: slot
            .doctors
            .iter()
            .filter(|x| **x != absence.doctor)
            .filter_map(|x| x.parse().ok())
            .collect(),
        // A duty under way cannot be handed over by /cover (past duties are not changed).
        started: start <= now,
        office,
    })
}

/// An absence as instants: from 00:00 of its first day to 24:00 of its last, in the
/// association's zone.
fn absence_span(rules: &Rules, a: &crate::store::Absence) -> (DateTime<Utc>, DateTime<Utc>) {
    (midnight(rules, a.from), midnight(rules, a.to.succ_opt().unwrap_or(a.to)))
}

/// The midnight that starts day `d` in the association's zone.
fn midnight(rules: &Rules, d: chrono::NaiveDate) -> DateTime<Utc> {
    let t = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono::TimeZone::from_local_datetime(&rules.association.tz, &t)
        .earliest()
        .map_or_else(|| t.and_utc(), |l| l.with_timezone(&Utc))
}

/// `origin` records something other than a call: a caller used it for two kinds of effect.
fn not_a_call(origin: &Origin) -> DeskError {
    DeskError::Store(StoreError::Corrupt {
        tree: "origins",
        key: origin.to_string(),
        cause: "it records another kind of effect, not a call".into(),
    })
}

fn check_note(text: &str, what: NoteWhat) -> Result<String, DeskError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DeskError::BadNote(MsgRefusal::NoteEmpty(what)));
    }
    let chars = text.chars().count();
    if chars > MAX_NOTE {
        return Err(DeskError::BadNote(MsgRefusal::NoteTooLong { what, chars, max: MAX_NOTE }));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use crate::store::SledStore;
    use crate::store::prelude::*;
    use crate::store::records::fixtures;
    use chrono::TimeZone;

    /// The first instant no cover holds: covers may overlap, come in any order, or leave a
    /// gap between them; time before the first cover is uncovered.
    #[test]
    fn first_uncovered_finds_the_first_gap() {
        let h = |h| Utc.with_ymd_and_hms(2027, 4, 8, h, 0, 0).unwrap();
        assert_eq!(first_uncovered(h(1), h(10), &[]), Some(h(1)));
        assert_eq!(first_uncovered(h(1), h(10), &[(h(0), h(10))]), None);
        assert_eq!(first_uncovered(h(1), h(10), &[(h(5), h(10)), (h(0), h(6))]), None);
        assert_eq!(first_uncovered(h(1), h(10), &[(h(0), h(3)), (h(4), h(10))]), Some(h(3)));
        assert_eq!(first_uncovered(h(1), h(10), &[(h(2), h(10))]), Some(h(1)));
        assert_eq!(first_uncovered(h(1), h(10), &[(h(0), h(9))]), Some(h(9)));
    }

    fn keys(store: &SledStore) -> Vec<String> {
        store.notices().unwrap().into_iter().map(|n| n.notice.key).collect()
    }

    #[test]
    fn reminders_handovers_and_unstaffed_alerts_are_queued_once_when_due() {
        let rules = sosa();
        let store = SledStore::temporary().unwrap();
        let mut rota = fixtures::rota(2027);
        rota.slots[1].doctors.clear(); // 2027-w02 (from 01-12 09:00 JST) has nobody
        store.put_rota(&rota).unwrap();
        let desk = Desk { rules: &rules, store: &store };
        // 2027-01-05 00:00 UTC = 09:00 JST: w01 starts; a week before w02 is 01-05 09:00 too.
        let now = Utc.with_ymd_and_hms(2027, 1, 5, 0, 0, 0).unwrap();
        assert!(desk.schedule(now).unwrap() > 0);
        let k = keys(&store);
        assert!(k.contains(&"handover/2027-w01/d01/in".to_string()), "{k:?}");
        assert!(k.contains(&"unstaffed/2027-w02/0/office".to_string()), "{k:?}");
        assert!(!k.iter().any(|k| k.starts_with("remind/2027-w02")), "nobody to remind: {k:?}");
        // Called again (every round does): nothing new.
        assert_eq!(desk.schedule(now).unwrap(), 0);
        // A day before w01 would have been 01-04 09:00; a reminder older than the grace is
        // never sent, and one just due is.
        let later = Utc.with_ymd_and_hms(2027, 1, 11, 0, 0, 0).unwrap();
        desk.schedule(later).unwrap();
        assert!(!keys(&store).iter().any(|k| k.starts_with("remind/2027-w01")));
    }

    fn leave(rules: &mut Rules, doctor: &str, left: chrono::NaiveDate) {
        let d = rules.doctors.iter_mut().find(|d| d.id.as_str() == doctor).unwrap();
        d.left = Some(left);
    }

    fn jan(day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2027, 1, day).unwrap()
    }

    /// (recipient, key) of every queued notice.
    fn queued(store: &SledStore) -> Vec<(String, String)> {
        store
            .notices()
            .unwrap()
            .into_iter()
            .map(|n| (n.notice.to.to_string(), n.notice.key))
            .collect()
    }

    // See: issue 15. A doctor who has left still got reminders and the handover (with the
    // open calls) for the duties they still held.
    #[test]
    fn former_members_get_no_reminder_and_their_handover_goes_to_the_office() {
        let mut rules = sosa();
        leave(&mut rules, "d02", jan(8));
        let store = SledStore::temporary().unwrap();
        store.put_rota(&fixtures::rota(2027)).unwrap();
        let desk = Desk { rules: &rules, store: &store };
        // A week before w02 (d02 and d03 from 01-12 09:00 JST).
        desk.schedule(Utc.with_ymd_and_hms(2027, 1, 5, 0, 0, 0).unwrap()).unwrap();
        let q = queued(&store);
        assert!(q.contains(&("d03".into(), "remind/2027-w02/d03/7d".into())), "{q:?}");
        assert!(!q.iter().any(|(to, _)| to == "d02"), "nothing to a former member: {q:?}");
        // w02 starts: d03 gets the handover, the office gets d02's.
        desk.schedule(Utc.with_ymd_and_hms(2027, 1, 12, 0, 0, 0).unwrap()).unwrap();
        let q = queued(&store);
        assert!(q.contains(&("d03".into(), "handover/2027-w02/d03/in".into())), "{q:?}");
        assert!(!q.iter().any(|(to, _)| to == "d02"), "nothing to a former member: {q:?}");
        let office: Vec<&String> = q
            .iter()
            .filter(|(to, k)| to == "office" && k.starts_with("handover/"))
            .map(|(_, k)| k)
            .collect();
        assert_eq!(office.len(), 1, "{q:?}");
        let entry =
            store.notices().unwrap().into_iter().find(|n| &n.notice.key == office[0]).unwrap();
        let text = crate::notify::render(&rules, &store, &entry).unwrap().unwrap();
        assert!(text.contains("石川 花子") && text.contains("退会"), "{text}");
    }

    // See: issue 15. The unstaffed alert counted a former or absent duty doctor as present.
    #[test]
    fn former_and_absent_duty_doctors_count_as_missing_in_the_unstaffed_alert() {
        let mut rules = sosa();
        leave(&mut rules, "d01", jan(5));
        let store = SledStore::temporary().unwrap();
        let mut rota = fixtures::rota(2027);
        rota.slots[1].doctors = vec!["d02".into()];
        store.put_rota(&rota).unwrap();
        store
            .add_absence(crate::store::NewAbsence {
                doctor: "d02".into(),
                from: jan(13),
                to: jan(14),
                note: None,
                created_at: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
                soft: false,
            })
            .unwrap();
        let desk = Desk { rules: &rules, store: &store };
        // 01-06, inside w01 (d01, who left on 01-05); w02 (d02, away 01-13 and 14) within a week.
        desk.schedule(Utc.with_ymd_and_hms(2027, 1, 6, 0, 0, 0).unwrap()).unwrap();
        let keys: Vec<String> = queued(&store).into_iter().map(|(_, k)| k).collect();
        assert!(keys.contains(&"unstaffed/2027-w01/0/office".to_string()), "{keys:?}");
        assert!(keys.contains(&"unstaffed/2027-w02/0/office".to_string()), "{keys:?}");
        let entry = store
            .notices()
            .unwrap()
            .into_iter()
            .find(|n| n.notice.key == "unstaffed/2027-w02/0/office")
            .unwrap();
        let text = crate::notify::render(&rules, &store, &entry).unwrap().unwrap();
        assert!(text.contains("石川 花子") && text.contains("不在"), "why it is short: {text}");
    }

    // See: issue 15. Nobody was told when no published rota covered now.
    #[test]
    fn no_published_rota_covering_now_alerts_the_office_once() {
        let rules = sosa();
        let store = SledStore::temporary().unwrap();
        store.put_rota(&fixtures::rota(2027)).unwrap();
        let desk = Desk { rules: &rules, store: &store };
        let covered = Utc.with_ymd_and_hms(2027, 1, 6, 0, 0, 0).unwrap();
        desk.schedule(covered).unwrap();
        let norota = |store: &SledStore| {
            queued(store).into_iter().filter(|(_, k)| k.starts_with("norota/")).collect::<Vec<_>>()
        };
        assert!(norota(&store).is_empty());
        // From 01-19 09:00 JST (the end of w02) nothing is published.
        for day in [20, 21, 25] {
            desk.schedule(Utc.with_ymd_and_hms(2027, 1, day, 0, 0, 0).unwrap()).unwrap();
        }
        let told = norota(&store);
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0].0, "office");
    }

    #[test]
    fn a_patient_whose_attending_doctor_left_goes_to_the_duty_doctor() {
        let mut rules = sosa();
        let at = Utc.with_ymd_and_hms(2027, 5, 1, 0, 0, 0).unwrap();
        let d01 = rules.doctors.iter_mut().find(|d| d.id.as_str() == "d01").unwrap();
        d01.left = chrono::NaiveDate::from_ymd_opt(2027, 4, 30);
        let store = SledStore::temporary().unwrap();
        let desk = Desk { rules: &rules, store: &store };
        let patient = store
            .add_patient(
                crate::routing::PatientDetails {
                    name: "A".into(),
                    address: "B".into(),
                    area: None,
                    attending: "d01".parse().unwrap(),
                    hospital: None,
                    diagnosis: String::new(),
                    medications: String::new(),
                    wishes: String::new(),
                    consent: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                    visit: Default::default(),
                    substitute: None,
                    rota: None,
                },
                at,
            )
            .unwrap();
        let (_, steps) = desk.chain(at, Some(&patient), None).unwrap();
        assert!(steps[0].members.is_empty(), "the former attending doctor is not asked");
        assert_eq!(
            steps[0].left_out,
            vec![("d01".parse().unwrap(), crate::routing::LeftOut::Absent)]
        );
    }
}
