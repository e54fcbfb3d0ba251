//! Calls in chat, from both ends: the caller raises one (`/call`, guided or in one line; nurse
//! stations and the office confirm it with the patient's name first), follows it (`/status`),
//! withdraws it (`/cancel N`); the one who accepted reports back (`/report`, or a reply to the
//! record) with the outcome, which closes it.
//!
//! Key decisions:
//! - The report goes through [`Desk::report`], the same code as `toban call report`.
//! - Only caller roles (nurse stations, the office) see a patient's name before a call is sent
//!   or in `/status`; a doctor raising a call for a family sees the patient's number.
//! - Only caller roles search patients by name, and a search that finds several shows them
//!   masked (the surname's first character and the district), five at most: everyone else
//!   calls by number, so a linked account is no directory of patients.
//! - A refusal is the engine's own ([`Refusal`]), found by applying the event to a copy of the
//!   call: the chat never second-guesses the state machine.

use chrono::{DateTime, Duration, Utc};

use super::{FORM_MINUTES, Handlers, Pressed, Reply, Say};
use crate::desk::{Answer, DeskError, Raised};
use crate::msg::first_asked::{FirstAsked, FirstKind};
use crate::msg::reply::{
    self, Asked, CallRefusal, Command, Masked, Next, Skip, StatusLine, StepName,
};
use crate::notify::duty::{outcome_label, parse_outcome, split_outcome};
use crate::routing::{
    Call, CallState, Event, LeftOut, Logged, Outcome, PatientId, Refusal, StepKind,
};
use crate::rules::MemberRole;
use crate::store::{Dialog, DialogStep, Origin, StoreError};

/// Patients shown for a name that several match.
pub const SHOWN: usize = 5;

/// Patients found for what a caller typed.
pub(super) enum Found {
    None,
    One(PatientId),
    /// Several, masked: the first [`SHOWN`], and how many more.
    Many(Vec<Masked>, usize),
    /// A name, from a role that calls by number.
    NumberOnly,
}

fn text(chat_id: i64, text: String) -> Reply {
    Reply { chat_id, text, buttons: Vec::new() }
}

/// The call whose record (`【受諾】N番の依頼 …`, or `【受諾】コール N …` as sent before the
/// wording settled on 依頼) a message replies to, if it is one.
pub(super) fn record_call(replied: &str) -> Option<crate::routing::CallId> {
    let rest = [
        "【受諾】コール ",
        "【受諾】",
        "[Accepted] Thank you for taking call ",
        "[Accepted] You took call ",
    ]
    .iter()
    .find_map(|p| replied.strip_prefix(p))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

impl Handlers<'_> {
    /// Whether `member` raises calls as a caller role (a nurse station or the office), who sees
    /// the patient's name.
    fn sees_names(&self, member: &str) -> bool {
        matches!(
            self.rules.member(member).map(|m| m.role),
            Some(MemberRole::NurseStation | MemberRole::Admin)
        )
    }

    /// `山田 花子 様（患者 12）` for caller roles, else `患者 12`.
    fn patient_label(
        &self,
        member: &str,
        patient: PatientId,
    ) -> Result<reply::Patient, StoreError> {
        let name = match self.sees_names(member) {
            true => self.store.patient(patient)?.map(|p| p.details.name),
            false => None,
        };
        Ok(reply::Patient { id: patient, name })
    }

    /// `/call [patient [note]]`: raise (or confirm) at once when both are given, else start the
    /// form.
    pub(super) fn call(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let arg = arg.trim();
        let dialog = Dialog { step: DialogStep::Patient, started_at: now };
        if arg.is_empty() {
            self.store.set_dialog(chat_id, Some(&dialog))?;
            return Ok(text(chat_id, self.say(Say::AskPatient)));
        }
        let (who, note) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
        if !note.trim().is_empty()
            && let Found::One(id) = self.find_patient(member, who)?
        {
            return self.raise_or_confirm(origin, chat_id, member, id, note, now);
        }
        self.form(origin, chat_id, member, dialog, who, now)
    }

    /// The next step of a form (the `/call` form or a report), given the user's `text`.
    pub(super) fn form(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        dialog: Dialog,
        said: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        if now - dialog.started_at > Duration::minutes(FORM_MINUTES) {
            self.store.set_dialog(chat_id, None)?;
            let again = match dialog.step {
                DialogStep::ReportText { .. } | DialogStep::ReportOutcome { .. } => Command::Report,
                DialogStep::CoursePatient
                | DialogStep::CourseEvent { .. }
                | DialogStep::CourseDate { .. }
                | DialogStep::CourseConfirm { .. } => Command::Course,
                _ => Command::Call,
            };
            return Ok(text(chat_id, self.say(Say::FormTimedOut { again })));
        }
        match dialog.step {
            DialogStep::Patient => self.form_patient(chat_id, member, dialog, said),
            DialogStep::Note { patient } => {
                if said.trim().is_empty() {
                    return Ok(text(chat_id, self.say(Say::AskNote)));
                }
                if said.trim().chars().count() > crate::desk::MAX_NOTE {
                    // The form stays open for a shorter note.
                    return Ok(text(chat_id, self.too_long_note()));
                }
                self.raise_or_confirm(origin, chat_id, member, patient, said, now)
            }
            DialogStep::Confirm { patient, note } => {
                // The same note again (the message handled again): the same question.
                let mut ask = self.confirmation(chat_id, member, patient, &note, now)?;
                if said.trim() != note {
                    ask.text = format!("{}\n{}", self.say(Say::PressButtons), ask.text);
                }
                Ok(ask)
            }
            DialogStep::ReportText { call } => self.file_report(chat_id, member, call, said, now),
            DialogStep::ReportOutcome { call, text: words } => match split_outcome(said) {
                (Some(outcome), rest) => {
                    let words = if rest.is_empty() { words } else { format!("{words}\n{rest}") };
                    self.send_report(chat_id, member, call, outcome, &words, now)
                }
                (None, _) => Ok(self.ask_outcome(chat_id, call)),
            },
            DialogStep::CoursePatient
            | DialogStep::CourseEvent { .. }
            | DialogStep::CourseDate { .. }
            | DialogStep::CourseConfirm { .. } => {
                self.course_form(chat_id, member, dialog, said, now)
            }
        }
    }

    fn form_patient(
        &self,
        chat_id: i64,
        member: &str,
        dialog: Dialog,
        said: &str,
    ) -> Result<Reply, StoreError> {
        let found = self.find_patient(member, said)?;
        if let Found::One(id) = found {
            if let Some(refused) = self.ended(id)? {
                self.store.set_dialog(chat_id, None)?;
                return Ok(text(chat_id, refused));
            }
            let next =
                Dialog { step: DialogStep::Note { patient: id }, started_at: dialog.started_at };
            self.store.set_dialog(chat_id, Some(&next))?;
            let patient = self.patient_label(member, id)?;
            return Ok(text(chat_id, self.say(Say::CallFor { patient })));
        }
        self.store.set_dialog(chat_id, Some(&dialog))?;
        Ok(text(
            chat_id,
            self.say(match found {
                Found::Many(shown, more) => Say::Candidates { shown, more },
                Found::NumberOnly => Say::NumberPlease,
                Found::None | Found::One(_) => Say::NoPatient,
            }),
        ))
    }

    /// A caller role confirms first, seeing the patient's name; anyone else's call goes out now.
    fn raise_or_confirm(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        patient: PatientId,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let note = note.trim();
        if note.chars().count() > crate::desk::MAX_NOTE {
            return Ok(text(chat_id, self.too_long_note()));
        }
        if let Some(refused) = self.ended(patient)? {
            self.store.set_dialog(chat_id, None)?;
            return Ok(text(chat_id, refused));
        }
        if self.sees_names(member) {
            let step = DialogStep::Confirm { patient, note: note.into() };
            self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
            return self.confirmation(chat_id, member, patient, note, now);
        }
        // Raised, then the form closed: handled again after a stop in between, the form is
        // still open and the call is found under the update.
        let answer = self.raise(origin, member, patient, note, now)?;
        self.store.set_dialog(chat_id, None)?;
        Ok(text(chat_id, answer))
    }

    /// The refusal for a patient whose registration ended (death, move, withdrawal), if it has:
    /// said at once, before a note is asked for or confirmed (issue 20).
    fn ended(&self, patient: PatientId) -> Result<Option<String>, StoreError> {
        let Some(p) = self.store.patient(patient)? else { return Ok(None) };
        let ended = p.ended().map(|e| DeskError::Ended { patient, event: e.event, date: e.date });
        Ok(ended.map(|e| self.desk_error(&e)))
    }

    /// The question before a caller role's call goes out: whom it is for, what it says.
    fn confirmation(
        &self,
        chat_id: i64,
        member: &str,
        patient: PatientId,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let found = self.store.patient(patient)?;
        let open = self.store.calls_of(patient)?.into_iter().rev().find(|c| {
            matches!(c.state, CallState::Waiting { .. } | CallState::Accepted { .. })
                && c.report.is_none()
        });
        // A new call names whom it reaches first: the substitute attending doctor above all,
        // asked before the duty doctor while the attending doctor is away (issue 20).
        let first = match (&found, &open) {
            (Some(p), None) => self.first_asked(p, member, note, now)?,
            _ => None,
        };
        let text = self.say(Say::Confirm {
            patient: reply::Patient { id: patient, name: found.map(|p| p.details.name) },
            note: note.into(),
            joins: open.map(|c| c.id),
            first,
        });
        let buttons = vec![vec![
            (self.say(Say::SendButton), format!("callsend:{patient}")),
            (self.say(Say::StopButton), format!("callstop:{patient}")),
        ]];
        Ok(Reply { chat_id, text, buttons })
    }

    /// Whom a new call for `patient` from `member` with `note` would reach first at `now`.
    fn first_asked(
        &self,
        patient: &crate::routing::Patient,
        member: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<FirstAsked>, StoreError> {
        let kind = crate::routing::CallKind::of_note(note);
        let step = match self.desk().first_asked(patient.id, member, kind, now) {
            Ok(step) => step,
            Err(DeskError::Store(e)) => return Err(e),
            // Nothing to add: the call itself will say what is wrong when it is sent.
            Err(_) => None,
        };
        Ok(step.and_then(|s| {
            let kind = match s.kind {
                StepKind::Handler => FirstKind::Handler,
                StepKind::Attending => FirstKind::Attending,
                StepKind::Substitute => FirstKind::Substitute,
                StepKind::Duty => FirstKind::Duty,
                StepKind::Fallback => FirstKind::Fallback,
                StepKind::Hospital => FirstKind::Hospital,
                StepKind::Advice => return None,
            };
            let people = s.members.iter().map(|m| self.person(m.as_str())).collect();
            Some(FirstAsked {
                kind,
                people,
                attending: self.person(patient.details.attending.as_str()),
            })
        }))
    }

    /// A press of 送信する (`send`) or やめる on the confirmation of a call for `patient`.
    pub(super) fn confirmed(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        patient: &str,
        send: bool,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let done = |toast: Say, reply: Option<Reply>| {
            Ok(Pressed { toast: self.say(toast), done: true, reply })
        };
        let open = match self.store.dialog(chat_id)? {
            Some(Dialog { step: DialogStep::Confirm { patient: p, note }, started_at })
                if p.to_string() == patient =>
            {
                Some((note, started_at))
            }
            _ => None,
        };
        let Some((note, started_at)) = open else {
            return done(Say::ConfirmedBefore, None);
        };
        if now - started_at > Duration::minutes(FORM_MINUTES) {
            self.store.set_dialog(chat_id, None)?;
            return done(Say::ConfirmTimedOut, None);
        }
        let Ok(patient) = patient.parse::<PatientId>() else {
            return done(Say::ButtonDoesNothing, None);
        };
        if !send {
            self.store.set_dialog(chat_id, None)?;
            return done(Say::CallStopped, None);
        }
        let answer = self.raise(origin, member, patient, &note, now)?;
        self.store.set_dialog(chat_id, None)?;
        done(Say::SentToast, Some(text(chat_id, answer)))
    }

    pub(super) fn raise(
        &self,
        origin: Option<&Origin>,
        member: &str,
        patient: PatientId,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        if note.trim().chars().count() > crate::desk::MAX_NOTE {
            return Ok(self.too_long_note());
        }
        match self.desk().raise_from(patient, member, note, now, origin) {
            Ok(Raised::New(call, _)) => Ok(self.say(Say::Raised { call: call.id })),
            Ok(Raised::Joined(call, _)) => Ok(self.say(Say::Joined { call: call.id })),
            Err(DeskError::Store(e)) => Err(e),
            Err(e) => Ok(self.desk_error(&e)),
        }
    }

    /// The patient `text` names for `member`: a number, or (for caller roles only) part of a
    /// name.
    pub(super) fn find_patient(&self, member: &str, text: &str) -> Result<Found, StoreError> {
        let text = text.trim().trim_start_matches(['#', 'p', 'P']);
        let patients = self.store.patients()?;
        if let Ok(id) = text.parse::<PatientId>() {
            return Ok(if patients.iter().any(|p| p.id == id) {
                Found::One(id)
            } else {
                Found::None
            });
        }
        let needle: String = text.split_whitespace().collect();
        if needle.is_empty() {
            return Ok(Found::None);
        }
        if !self.sees_names(member) {
            return Ok(Found::NumberOnly);
        }
        // A patient whose registration ended is found by number only (and then refused).
        let hits: Vec<_> = patients
            .iter()
            .filter(|p| p.ended().is_none())
            .filter(|p| p.details.name.split_whitespace().collect::<String>().contains(&needle))
            .collect();
        Ok(match hits.as_slice() {
            [] => Found::None,
            [one] => Found::One(one.id),
            many => Found::Many(
                many.iter()
                    .take(SHOWN)
                    .map(|p| Masked::of(p.id, &p.details.name, p.details.area.clone()))
                    .collect(),
                many.len().saturating_sub(SHOWN),
            ),
        })
    }

    /// `/cancel N`: withdraw call N (its caller or the office).
    pub(super) fn cancel_call(
        &self,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let Ok(id) = arg.trim().trim_start_matches('#').parse::<crate::routing::CallId>() else {
            return Ok(self.say(Say::CancelUsage));
        };
        match self.desk().answer(id, member, Answer::Cancel, now) {
            Ok(_) => Ok(self.say(Say::Withdrawn { call: id })),
            Err(DeskError::Store(e)) => Err(e),
            Err(e) => Ok(self.desk_error(&e)),
        }
    }

    /// `/status`: where each open call of `member` stands (every open call for the office).
    pub(super) fn status(&self, member: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        let office = self.rules.member(member).is_some_and(|m| m.role == MemberRole::Admin);
        let calls: Vec<Call> = self
            .store
            .calls()?
            .into_iter()
            .filter(|c| c.is_open(now) && (office || c.caller.as_str() == member))
            .collect();
        if calls.is_empty() {
            return Ok(self.say(Say::NoOpenCalls));
        }
        let mut out = Vec::new();
        for c in &calls {
            out.push(self.call_status(member, c)?);
        }
        Ok(out.join("\n\n"))
    }

    /// One call's standing: each step reached, who was asked and how they answered, why a step
    /// was skipped, and when the next step is due (a clock time).
    fn call_status(&self, member: &str, c: &Call) -> Result<String, StoreError> {
        let patient = self.patient_label(member, c.patient)?;
        let (call, raised) = (c.id, self.when(c.raised_at));
        let mut lines = Vec::new();
        let (current, deadline) = match &c.state {
            CallState::Waiting { step, deadline, .. } => (*step, *deadline),
            CallState::Accepted { by, at, .. } => {
                lines.push(StatusLine::Taking { by: self.person(by.as_str()), at: self.when(*at) });
                return Ok(self.say(Say::CallStatus { call, patient, raised, lines, next: None }));
            }
            _ => return Ok(self.say(Say::CallStatus { call, patient, raised, lines, next: None })),
        };
        let day = c.raised_at.with_timezone(&self.rules.association.tz).date_naive();
        let until = self.when(deadline);
        for (i, s) in c.chain.iter().enumerate().take(current + 1) {
            let step = match s.kind {
                StepKind::Attending => StepName::Attending,
                StepKind::Duty => StepName::Duty,
                StepKind::Fallback => StepName::Fallback,
                _ => StepName::Other,
            };
            for (m, why) in &s.left_out {
                let why = match (why, self.rules.is_current(m.as_str(), day)) {
                    (LeftOut::Absent, false) => Skip::Left,
                    (LeftOut::Absent, true) => Skip::Away,
                    (LeftOut::AskedBefore, _) => Skip::AskedBefore,
                    (LeftOut::Caller, _) => Skip::Caller,
                };
                lines.push(StatusLine::Skipped { step, who: self.person(m.as_str()), why });
            }
            if s.members.is_empty() && s.left_out.is_empty() {
                lines.push(StatusLine::Nobody { step });
            }
            let timed_out = c.log.iter().find_map(|e| match e.what {
                Logged::TimedOut { step } if step == i => Some(e.at),
                _ => None,
            });
            for m in &s.members {
                let state = if c.declined.contains(m) {
                    Asked::Declined
                } else if i == current {
                    Asked::Until(until)
                } else {
                    Asked::NoAnswer(timed_out.map(|t| self.when(t)))
                };
                lines.push(StatusLine::Asked { step, who: self.person(m.as_str()), state });
            }
        }
        let next = c.chain[current + 1..]
            .iter()
            .find(|s| s.kind == StepKind::Advice || !s.members.is_empty())
            .map(|s| match s.kind {
                StepKind::Advice => Vec::new(),
                _ => s.members.iter().map(|m| self.person(m.as_str())).collect(),
            })
            .unwrap_or_default();
        let next = if next.is_empty() { Next::Advice(until) } else { Next::To(until, next) };
        Ok(self.say(Say::CallStatus { call, patient, raised, lines, next: Some(next) }))
    }

    /// Calls `member` accepted whose report is still to come, oldest first.
    fn awaiting_report(&self, member: &str) -> Result<Vec<Call>, StoreError> {
        Ok(self
            .store
            .calls()?
            .into_iter()
            .filter(|c| {
                c.report.is_none()
                    && matches!(&c.state, CallState::Accepted { by, .. } if by.as_str() == member)
            })
            .collect())
    }

    /// `/report [N] [outcome] [words]`.
    pub(super) fn report(
        &self,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let arg = arg.trim();
        let (first, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
        let (call, words) = match first.trim_start_matches('#').parse::<crate::routing::CallId>() {
            Ok(n) => (n, rest.trim()),
            Err(_) => {
                let waiting = self.awaiting_report(member)?;
                match waiting.as_slice() {
                    [] => return Ok(text(chat_id, self.say(Say::NoReportDue))),
                    [one] => (one.id, arg),
                    many => {
                        let mut calls = Vec::new();
                        for c in many {
                            calls.push((c.id, self.patient_label(member, c.patient)?));
                        }
                        return Ok(text(chat_id, self.say(Say::WhichReport { calls })));
                    }
                }
            }
        };
        if !words.is_empty() {
            return self.file_report(chat_id, member, call, words, now);
        }
        if let Some(why) = self.cannot_report(member, call, now)? {
            return Ok(text(chat_id, why));
        }
        let step = DialogStep::ReportText { call };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
        Ok(text(chat_id, self.say(Say::AskReport { call })))
    }

    /// Why `member` cannot report on call `id` now, in the member's language; `None` if they can.
    fn cannot_report(
        &self,
        member: &str,
        id: crate::routing::CallId,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let Some(mut call) = self.store.call(id)? else {
            return Ok(Some(self.desk_error(&DeskError::UnknownCall(id))));
        };
        let Ok(by) = member.parse() else { return Ok(Some(self.refusal())) };
        // On a copy: the engine says whether the report would be taken.
        let event = Event::ReportBack { by, outcome: Outcome::Other, text: String::new() };
        Ok(call.apply(&event, now).err().map(|r| self.refused(&r)))
    }

    /// The words of a report on call `call`: filed when they start with an outcome, else the
    /// outcome is asked with buttons.
    pub(super) fn file_report(
        &self,
        chat_id: i64,
        member: &str,
        call: crate::routing::CallId,
        words: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let (outcome, rest) = split_outcome(words);
        if let Some(outcome) = outcome {
            let words = if rest.is_empty() { outcome_label(self.rules, outcome) } else { rest };
            return self.send_report(chat_id, member, call, outcome, words, now);
        }
        if let Some(why) = self.cannot_report(member, call, now)? {
            return Ok(text(chat_id, why));
        }
        if words.chars().count() > crate::desk::MAX_NOTE {
            return Ok(text(chat_id, self.too_long_note()));
        }
        let step = DialogStep::ReportOutcome { call, text: words.trim().into() };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
        Ok(self.ask_outcome(chat_id, call))
    }

    fn ask_outcome(&self, chat_id: i64, call: crate::routing::CallId) -> Reply {
        let buttons = Outcome::ALL
            .chunks(2)
            .map(|row| {
                row.iter()
                    .map(|o| {
                        (
                            outcome_label(self.rules, *o).to_string(),
                            format!("rpt:{call}:{}", o.as_str()),
                        )
                    })
                    .collect()
            })
            .collect();
        Reply { chat_id, text: self.say(Say::AskOutcome { call }), buttons }
    }

    /// Files the report (through the desk, as the CLI does) and closes any report form.
    fn send_report(
        &self,
        chat_id: i64,
        member: &str,
        call: crate::routing::CallId,
        outcome: Outcome,
        words: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let said = match self.desk().report(call, member, outcome, words, now) {
            Ok(_) => {
                let outcome = outcome_label(self.rules, outcome).to_string();
                self.say(Say::ReportSent { call, outcome })
            }
            Err(DeskError::Store(e)) => return Err(e),
            // A note too long or empty: the form stays open for another try.
            Err(e @ DeskError::BadNote(_)) => return Ok(text(chat_id, self.desk_error(&e))),
            Err(e) => self.desk_error(&e),
        };
        if matches!(
            self.store.dialog(chat_id)?.map(|d| d.step),
            Some(DialogStep::ReportText { .. } | DialogStep::ReportOutcome { .. })
        ) {
            self.store.set_dialog(chat_id, None)?;
        }
        Ok(text(chat_id, said))
    }

    /// A press of an outcome button (`CALL:OUTCOME`) under the question of a report.
    pub(super) fn picked_outcome(
        &self,
        chat_id: i64,
        member: &str,
        rest: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let parsed = rest.split_once(':').and_then(|(c, o)| {
            Some((c.parse::<crate::routing::CallId>().ok()?, parse_outcome(o)?))
        });
        let Some((call, outcome)) = parsed else {
            let toast = self.say(Say::ButtonDoesNothing);
            return Ok(Pressed { toast, done: false, reply: None });
        };
        let words = match self.store.dialog(chat_id)?.map(|d| d.step) {
            Some(DialogStep::ReportOutcome { call: c, text }) if c == call => text,
            _ => {
                // Filed already (a second press), or the form was closed.
                let toast = match self.store.call(call)?.and_then(|c| c.report) {
                    Some(r) => self.refused(&Refusal::Reported { call, by: r.by }),
                    None => self.say(Say::SendReportAgain { call }),
                };
                return Ok(Pressed { toast, done: true, reply: None });
            }
        };
        let reply = self.send_report(chat_id, member, call, outcome, &words, now)?;
        let sent = self
            .store
            .call(call)?
            .is_some_and(|c| c.report.is_some_and(|r| r.by.as_str() == member));
        let toast = match sent {
            true => self.say(Say::ReportSentToast),
            false => reply.text.lines().next().unwrap_or_default().to_string(),
        };
        Ok(Pressed { toast, done: true, reply: Some(reply) })
    }

    /// A desk error in the member's language (never the CLI's English, which names commands
    /// of the office's machine).
    pub(super) fn desk_error(&self, e: &DeskError) -> String {
        self.say(match e {
            DeskError::Refused(r) => return self.refused(r),
            DeskError::UnknownCall(id) => Say::UnknownCall { call: *id },
            DeskError::UnknownPatient(id) => Say::UnknownPatient { patient: *id },
            DeskError::Ended { patient, event, date } => {
                let m = crate::msg::record::RecordMsg::Ended {
                    patient: *patient,
                    event: *event,
                    date: crate::msg::Day(*date),
                };
                return crate::msg::Message::render(&m, self.rules.association.language);
            }
            DeskError::UnknownMember(_) => Say::NotAMember,
            DeskError::BadNote(_) => Say::BadNote { max: crate::desk::MAX_NOTE },
            DeskError::Store(_) => Say::StoreFailed,
        })
    }

    /// The engine's refusal in the member's language.
    pub(super) fn refused(&self, r: &Refusal) -> String {
        let (call, why) = match r {
            Refusal::NotAsked { call, .. } => (*call, CallRefusal::NotAsked),
            Refusal::Taken { call, by } => (*call, CallRefusal::Taken(self.person(by.as_str()))),
            Refusal::Declined { call, .. } => (*call, CallRefusal::Declined),
            Refusal::Closed { call, state, .. } => (
                *call,
                match *state {
                    "cancelled" => CallRefusal::Cancelled,
                    "exhausted" => CallRefusal::Exhausted,
                    "accepted" => CallRefusal::Accepted,
                    _ => CallRefusal::NoAnswerNeeded,
                },
            ),
            Refusal::NotHandler { call, .. } => (*call, CallRefusal::NotHandler),
            Refusal::NotCaller { call, .. } => (*call, CallRefusal::NotCaller),
            Refusal::Reported { call, .. } => (*call, CallRefusal::Reported),
        };
        self.say(Say::CallRefused { call, why })
    }
}
