//! `/course` (issue 20): a patient's course recorded from chat, guided (the patient's number,
//! the event from buttons, the day from buttons or typed, then 記録する) or in one line
//! (`/course 12 died_home 3/9`, or `/course 12 在宅看取り 3/9`).
//!
//! Key decisions:
//! - Who may: the patient's attending doctor, the doctor who accepted the patient's latest
//!   accepted call, and the office (admins). The privacy rules (docs/security.md) give the
//!   patient's record to the attending doctor and to whoever handled a call, and the registry to
//!   the admins; nobody else knows the patient well enough to say they died or moved, so nobody
//!   else records it. Anyone else gets [`CourseSay::NotYours`], the same answer for a number
//!   that is nobody's, so the command finds out nothing about the registry.
//! - Recorded through [`crate::cli::course::add`], the code of `toban patient course` and the
//!   console: checked against the course, written with its audit entry (the member as actor)
//!   in one transaction.
//! - A one-line form records at once; the guided form asks before recording. A message handled
//!   twice (a redelivery) finds the event recorded and is refused by the course's own rules
//!   (nothing follows a death; no admission twice), so nothing is recorded twice.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{FORM_MINUTES, Handlers, Pressed, Reply};
use crate::cli::course::Added;
use crate::msg::Message;
use crate::msg::chat_course::{CHAT_EVENTS, CourseSay, parse_event};
use crate::msg::record::RecordMsg;
use crate::msg::{Day, refusal::Refusal};
use crate::routing::{CallState, CourseEvent, PatientId};
use crate::rules::MemberRole;
use crate::store::{Dialog, DialogStep, StoreError};

/// May `member` record the course of the patient numbered `id`?
enum Access {
    Yes,
    /// No (or no such patient, for anyone but the office).
    NotYours,
    /// No such patient (the office is told so).
    NoPatient,
}

fn text(chat_id: i64, text: String) -> Reply {
    Reply { chat_id, text, buttons: Vec::new() }
}

impl Handlers<'_> {
    fn c(&self, m: CourseSay) -> String {
        m.render(self.rules.association.language)
    }

    fn access(&self, member: &str, id: PatientId) -> Result<Access, StoreError> {
        let role = self.rules.member(member).map(|m| m.role);
        let admin = role == Some(MemberRole::Admin);
        let Some(patient) = self.store.patient(id)? else {
            return Ok(if admin { Access::NoPatient } else { Access::NotYours });
        };
        if admin {
            return Ok(Access::Yes);
        }
        if role != Some(MemberRole::Doctor) {
            return Ok(Access::NotYours);
        }
        if patient.details.attending.as_str() == member {
            return Ok(Access::Yes);
        }
        let handled = self
            .store
            .calls_of(id)?
            .into_iter()
            .filter_map(|c| match c.state {
                CallState::Accepted { by, .. } => Some((c.id, by)),
                _ => None,
            })
            .max_by_key(|(call, _)| *call)
            .is_some_and(|(_, by)| by.as_str() == member);
        Ok(if handled { Access::Yes } else { Access::NotYours })
    }

    /// The refusal for `id` if `member` may not record its course.
    fn refused_access(&self, member: &str, id: PatientId) -> Result<Option<String>, StoreError> {
        Ok(match self.access(member, id)? {
            Access::Yes => None,
            Access::NotYours => Some(self.c(CourseSay::NotYours { patient: id })),
            Access::NoPatient => Some(self.c(CourseSay::NoPatient { patient: id })),
        })
    }

    /// `/course [patient [event [day]]]`.
    pub(super) fn course(
        &self,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let words: Vec<&str> = arg.split_whitespace().collect();
        let Some(first) = words.first() else {
            let step = DialogStep::CoursePatient;
            self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
            return Ok(text(chat_id, self.c(CourseSay::AskPatient)));
        };
        let Some(patient) = number(first) else {
            return Ok(text(
                chat_id,
                format!("{}\n{}", self.c(CourseSay::NumberPlease), self.c(CourseSay::Usage)),
            ));
        };
        if let Some(no) = self.refused_access(member, patient)? {
            self.store.set_dialog(chat_id, None)?;
            return Ok(text(chat_id, no));
        }
        let Some(event) = words.get(1) else {
            return self.ask_event(chat_id, patient, now);
        };
        let Some(event) = parse_event(event) else {
            return Ok(text(chat_id, self.c(CourseSay::BadEvent)));
        };
        let Some(day) = words.get(2..).map(|w| w.join(" ")).filter(|d| !d.is_empty()) else {
            return self.ask_date(chat_id, patient, event, now);
        };
        match self.read_day(&day, now) {
            Some(date) => self.record_course(chat_id, member, patient, (event, date), now),
            None => {
                let step = DialogStep::CourseDate { patient, event };
                self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
                Ok(text(chat_id, self.c(CourseSay::BadDate)))
            }
        }
    }

    /// A message while a `/course` form is open at `dialog`.
    pub(super) fn course_form(
        &self,
        chat_id: i64,
        member: &str,
        dialog: Dialog,
        said: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        match dialog.step {
            DialogStep::CoursePatient => match number(said) {
                Some(_) => self.course(chat_id, member, said.trim(), now),
                None => Ok(text(chat_id, self.c(CourseSay::NumberPlease))),
            },
            DialogStep::CourseEvent { patient } => match parse_event(said) {
                Some(event) => self.ask_date(chat_id, patient, event, now),
                None => self.ask_event(chat_id, patient, dialog.started_at),
            },
            DialogStep::CourseDate { patient, event } => match self.read_day(said, now) {
                Some(date) => self.confirm_course(chat_id, patient, (event, date), now),
                None => Ok(text(chat_id, self.c(CourseSay::BadDate))),
            },
            DialogStep::CourseConfirm { patient, event, date } => {
                let mut again = self.confirm_course(chat_id, patient, (event, date), now)?;
                again.text = format!("{}\n{}", self.say(super::Say::PressButtons), again.text);
                Ok(again)
            }
            _ => Ok(text(chat_id, self.c(CourseSay::FormOver))),
        }
    }

    fn ask_event(
        &self,
        chat_id: i64,
        patient: PatientId,
        started_at: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let step = DialogStep::CourseEvent { patient };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at }))?;
        let buttons = CHAT_EVENTS
            .chunks(2)
            .map(|row| {
                row.iter()
                    .map(|e| {
                        (
                            self.c(CourseSay::EventButton(*e)),
                            format!("crs:e:{patient}:{}", e.as_str()),
                        )
                    })
                    .collect()
            })
            .collect();
        Ok(Reply { chat_id, text: self.c(CourseSay::AskEvent { patient }), buttons })
    }

    fn ask_date(
        &self,
        chat_id: i64,
        patient: PatientId,
        event: CourseEvent,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let step = DialogStep::CourseDate { patient, event };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
        let today = self.today(now);
        let button = |is_today: bool, date: NaiveDate| {
            (
                self.c(CourseSay::DayButton { today: is_today, date: Day(date) }),
                format!("crs:d:{patient}:{}:{date}", event.as_str()),
            )
        };
        let buttons = vec![vec![button(true, today), button(false, today - Duration::days(1))]];
        Ok(Reply { chat_id, text: self.c(CourseSay::AskDate { patient, event }), buttons })
    }

    fn confirm_course(
        &self,
        chat_id: i64,
        patient: PatientId,
        (event, date): (CourseEvent, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let started_at = match self.store.dialog(chat_id)? {
            Some(Dialog { step: DialogStep::CourseConfirm { .. }, started_at }) => started_at,
            _ => now,
        };
        let step = DialogStep::CourseConfirm { patient, event, date };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at }))?;
        let buttons = vec![vec![
            (self.c(CourseSay::RecordButton), format!("crs:ok:{patient}")),
            (self.c(CourseSay::StopButton), format!("crs:no:{patient}")),
        ]];
        let said = CourseSay::Confirm { patient, event, date: Day(date) };
        Ok(Reply { chat_id, text: self.c(said), buttons })
    }

    /// Records `(event, date)` for `patient` as `member` (access checked again: the rules may
    /// have changed since the form began) and closes the form.
    fn record_course(
        &self,
        chat_id: i64,
        member: &str,
        patient: PatientId,
        (event, date): (CourseEvent, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        self.store.set_dialog(chat_id, None)?;
        if let Some(no) = self.refused_access(member, patient)? {
            return Ok(text(chat_id, no));
        }
        let lang = self.rules.association.language;
        let said = match crate::cli::course::add(
            self.rules,
            self.store,
            patient,
            (event, date),
            now,
            member,
        ) {
            Ok(Added::Recorded) => {
                let mut said = RecordMsg::Recorded { patient, event, date: Day(date) }.render(lang);
                if event.ends() {
                    said.push('\n');
                    said.push_str(&RecordMsg::RegistrationEnded { patient }.render(lang));
                }
                said
            }
            Ok(Added::NoPatient) => self.c(CourseSay::NotYours { patient }),
            Ok(Added::Refused(why)) => RecordMsg::Refused { patient, why }.render(lang),
            Err(e) => match e.downcast::<StoreError>() {
                Ok(store) => return Err(store),
                Err(e) => match e.downcast_ref::<Refusal>() {
                    Some(r) => r.render(lang),
                    None => self.say(super::Say::StoreFailed),
                },
            },
        };
        Ok(text(chat_id, said))
    }

    /// A press of a `/course` button (`crs:…`, the prefix gone).
    pub(super) fn pressed_course(
        &self,
        chat_id: i64,
        member: &str,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let over = |m: CourseSay| Ok(Pressed { toast: self.c(m), done: true, reply: None });
        let Some(dialog) = self.store.dialog(chat_id)? else { return over(CourseSay::FormOver) };
        if now - dialog.started_at > Duration::minutes(FORM_MINUTES) {
            self.store.set_dialog(chat_id, None)?;
            return over(CourseSay::TimedOut);
        }
        let parts: Vec<&str> = data.split(':').collect();
        let reply = match (parts.as_slice(), dialog.step) {
            (["e", p, e], DialogStep::CourseEvent { patient }) if number(p) == Some(patient) => {
                let Some(event) = parse_event(e) else { return over(CourseSay::FormOver) };
                self.ask_date(chat_id, patient, event, dialog.started_at)?
            }
            (["d", p, e, d], DialogStep::CourseDate { patient, event })
                if number(p) == Some(patient) && parse_event(e) == Some(event) =>
            {
                let Ok(date) = d.parse::<NaiveDate>() else { return over(CourseSay::FormOver) };
                self.confirm_course(chat_id, patient, (event, date), now)?
            }
            (["ok", p], DialogStep::CourseConfirm { patient, event, date })
                if number(p) == Some(patient) =>
            {
                let reply = self.record_course(chat_id, member, patient, (event, date), now)?;
                let toast = match self.recorded(patient, event, date)? {
                    true => self.c(CourseSay::RecordedToast),
                    false => reply.text.lines().next().unwrap_or_default().to_string(),
                };
                return Ok(Pressed { toast, done: true, reply: Some(reply) });
            }
            (["no", p], DialogStep::CourseConfirm { patient, .. })
                if number(p) == Some(patient) =>
            {
                self.store.set_dialog(chat_id, None)?;
                return over(CourseSay::Stopped);
            }
            _ => return over(CourseSay::FormOver),
        };
        Ok(Pressed { toast: String::new(), done: true, reply: Some(reply) })
    }

    /// Whether the course of `patient` ends with `(event, date)` now.
    fn recorded(
        &self,
        patient: PatientId,
        event: CourseEvent,
        date: NaiveDate,
    ) -> Result<bool, StoreError> {
        Ok(self
            .store
            .patient(patient)?
            .and_then(|p| p.course.last().map(|e| e.event == event && e.date == date))
            .unwrap_or(false))
    }

    /// A day as typed: 今日/today, 昨日/yesterday, 3/9, 2027-03-09.
    fn read_day(&self, said: &str, now: DateTime<Utc>) -> Option<NaiveDate> {
        let today = self.today(now);
        match said.trim().to_ascii_lowercase().as_str() {
            "今日" | "本日" | "today" => Some(today),
            "昨日" | "yesterday" => Some(today - Duration::days(1)),
            other => super::parse_day(other, today),
        }
    }
}

/// A patient number as typed (`12`, `#12`, `p12`).
fn number(s: &str) -> Option<PatientId> {
    s.trim().trim_start_matches(['#', 'p', 'P']).parse().ok()
}
