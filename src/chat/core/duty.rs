//! The duty in chat: who is on duty (`/who`), a doctor's own duties (`/mine`) and calendar URL
//! (`/feed`), absences (`/away`, `/back`) and handover notes (`/note`).
//!
//! Key decisions:
//! - `/who` never names someone who has left, and names a duty doctor who is away as away,
//!   saying where calls go instead.
//! - An absence or a note is stored under the Telegram update it came with, so handling the
//!   update again adds nothing twice.

use chrono::{DateTime, Utc};

use super::{FEED_LABEL, Handlers, Say, parse_day};
use crate::msg::Day;
use crate::store::{AuditEvent, Origin, RotaStatus, StoreError};

impl Handlers<'_> {
    /// `/who`: the duty doctors who can take calls now; one who is away is named as away, one
    /// who has left is not named; when none can, where calls go instead.
    pub(super) fn who(&self, now: DateTime<Utc>) -> Result<String, StoreError> {
        use crate::routing::{LeftOut, StepKind};
        let (on, chain) = self.desk().chain(now, None, None)?;
        let Some(slot) = on.slot else { return Ok(self.say(Say::NoRota)) };
        let today = self.today(now);
        let absences = self.store.absences()?;
        let duty = chain.iter().find(|s| s.kind == StepKind::Duty);
        let on_duty: Vec<_> = duty
            .map_or(Vec::new(), |s| s.members.iter().map(|m| self.person(m.as_str())).collect());
        let mut away = Vec::new();
        for (m, why) in duty.map_or(&[][..], |s| &s.left_out[..]) {
            if *why != LeftOut::Absent || !self.rules.is_current(m.as_str(), today) {
                continue;
            }
            let span = absences
                .iter()
                .find(|a| !a.soft && a.doctor == m.as_str() && a.from <= today && today <= a.to)
                .map(|a| (Day(a.from), Day(a.to)));
            away.push((self.person(m.as_str()), span));
        }
        let hospitals = on_duty.is_empty().then(|| {
            chain
                .iter()
                .filter(|s| s.kind == StepKind::Hospital)
                .flat_map(|s| s.members.iter().map(|m| self.rules.name_of(m.as_str()).to_string()))
                .collect()
        });
        let handover = self.when(slot.end.with_timezone(&Utc));
        let mut who = self.say(Say::Who { on_duty, away, hospitals, handover });
        // Several rotas (issue 20): each rota's duty doctor, one line each.
        let lines = self.desk().rota_duty_lines(now)?;
        if !lines.is_empty() {
            let lang = self.rules.association.language;
            let lines: Vec<String> =
                lines.iter().map(|l| crate::msg::Message::render(l, lang)).collect();
            who = format!("{who}\n\n{}", lines.join("\n"));
        }
        if !crate::desk::beds::any_beds(self.store)? {
            return Ok(who);
        }
        let beds = crate::desk::beds::bed_lines(self.rules, self.store, now)?;
        let beds = crate::msg::hospital::HospMsg::Beds(beds);
        let beds = crate::msg::Message::render(&beds, self.rules.association.language);
        Ok(format!("{who}\n\n{beds}"))
    }

    /// `/mine`: the doctor's next five duties.
    pub(super) fn mine(&self, member: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        let mut next = Vec::new();
        // Their duties of every rota they are in (issue 20).
        let mut rotas = Vec::new();
        for id in self.rules.rotas_of(member) {
            rotas.extend(self.store.rotas_of(&id)?);
        }
        for rota in rotas.iter().filter(|r| r.status == RotaStatus::Published) {
            for s in rota.slots.iter().chain(&rota.reserved) {
                let (start, end) = (s.start.with_timezone(&Utc), s.end.with_timezone(&Utc));
                if end > now && s.doctors.iter().any(|d| d == member) {
                    let kind = self.rules.holiday_period(&s.kind).map(|p| p.name.to_string());
                    next.push((start, end, kind));
                }
            }
        }
        next.sort();
        next.dedup();
        if next.is_empty() {
            return Ok(self.say(Say::NoDutiesAhead));
        }
        let duties =
            next.into_iter().take(5).map(|(s, e, k)| (self.when(s), self.when(e), k)).collect();
        Ok(self.say(Say::Mine { duties }))
    }

    /// A new calendar-feed URL for the doctor; the one given by an earlier `/feed` stops working
    /// (the URL is shown only now, so asking again is how a lost URL is replaced).
    pub(super) fn feed(&self, member: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        if member.parse::<crate::rules::MemberId>().is_err() {
            return Ok(self.refusal());
        }
        let Some(token) = self.desk().personal_feed(member, FEED_LABEL, now)? else {
            return Ok(self.say(Say::FeedFailed));
        };
        let base = crate::config::public_url(self.store.data_dir().as_deref());
        Ok(self.say(Say::FeedUrl { url: format!("{base}/feeds/{token}.ics") }))
    }

    /// `/web` (a doctor) and `/admin` (an admin): a one-time link signing them in to their
    /// own pages or to the console, valid [`crate::desk::BOT_LINK_VALID`].
    pub(super) fn web_link(
        &self,
        member: &str,
        role: crate::store::LinkRole,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        use crate::msg::web_me::MeMsg;
        let desk = self.desk();
        let lang = self.rules.association.language;
        match desk.sign_in_link(member, role, crate::desk::BOT_LINK_VALID, member, now) {
            Ok(link) => Ok(crate::msg::Message::render(
                &MeMsg::BotLink {
                    url: link.url,
                    until: self.when(link.until),
                    admin: role == crate::store::LinkRole::Admin,
                },
                lang,
            )),
            Err(crate::desk::LinkError::Store(e)) => Err(e),
            Err(crate::desk::LinkError::NotSignable(_)) => Ok(self.refusal()),
            Err(crate::desk::LinkError::Random(_)) => {
                Ok(crate::msg::Message::render(&MeMsg::NoRandomness, lang))
            }
        }
    }

    /// `/away FROM TO [note]`: an absence; over one's own duty, a warning here and an alert to
    /// the office.
    pub(super) fn away(
        &self,
        origin: Option<&Origin>,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let mut words = arg.split_whitespace();
        let today = self.today(now);
        let (Some(from), Some(to)) = (
            words.next().and_then(|w| parse_day(w, today)),
            words.next().and_then(|w| parse_day(w, today)),
        ) else {
            return Ok(self.say(Say::AwayUsage));
        };
        if to < from || to < today {
            return Ok(self.say(Say::AwayBadDays));
        }
        let note = words.collect::<Vec<&str>>().join(" ");
        if note.chars().count() > crate::desk::MAX_ABSENCE_NOTE {
            return Ok(self.say(Say::TooLongNote { max: crate::desk::MAX_ABSENCE_NOTE }));
        }
        let absence = crate::store::NewAbsence {
            doctor: member.into(),
            from,
            to,
            note: (!note.is_empty()).then_some(note),
            created_at: now,
            soft: false,
        };
        let a = match origin {
            Some(o) => self.store.add_absence_once(absence, o)?,
            None => self.store.add_absence(absence)?,
        };
        let event = AuditEvent::AbsenceAdded {
            absence: a.id,
            doctor: a.doctor.clone(),
            from: a.from,
            to: a.to,
            soft: a.soft,
        };
        self.record(member, now, event)?;
        let mut answer = self.say(Say::AwayRecorded { from: Day(a.from), to: Day(a.to) });
        // Over one's own duty: warned here, the office alerted at once.
        let desk = self.desk();
        for slot in desk.absence_over_duty(&a, true, now)? {
            answer.push('\n');
            answer.push_str(&desk.away_text(&a, &slot, now, false));
        }
        Ok(answer)
    }

    /// `/back`: today's absence ends today (the days already away are kept).
    pub(super) fn back(
        &self,
        origin: Option<&Origin>,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let today = self.today(now);
        let mut changed = 0;
        for a in self.store.absences()? {
            if a.doctor != member || a.soft || a.from > today || a.to < today {
                continue;
            }
            // The days already away are kept before the absence goes, so that a stop in
            // between loses nothing, and handling the update again adds them once.
            if a.from < today {
                let past = crate::store::NewAbsence {
                    doctor: a.doctor.clone(),
                    from: a.from,
                    to: today.pred_opt().unwrap_or(today),
                    note: a.note.clone(),
                    created_at: now,
                    soft: false,
                };
                match origin {
                    Some(o) => {
                        self.store.add_absence_once(past, &o.part(&format!("back/{}", a.id)))?
                    }
                    None => self.store.add_absence(past)?,
                };
            }
            self.store.remove_absence(a.id)?;
            changed += 1;
            self.record(member, now, AuditEvent::AbsenceEnded { absence: a.id, on: today })?;
        }
        Ok(self.say(if changed == 0 { Say::NotAwayToday } else { Say::WelcomeBack }))
    }

    /// `/note text`: a handover note from the doctor on duty.
    pub(super) fn note(
        &self,
        origin: Option<&Origin>,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        // The duty they are on: the association's own rota's, else another rota's (issue 20),
        // whose notes are kept under `ID/SLOT` for that rota's next handover.
        let mut duty = None;
        for rota in self.rules.rotas_of(member) {
            let on = self.desk().on_duty_of(&rota, now)?;
            if let Some(s) = on.slot.filter(|_| on.duty.iter().any(|d| d.as_str() == member)) {
                let main = rota.is_main();
                duty = Some(if main { s.id } else { format!("{rota}/{}", s.id) });
                break;
            }
        }
        let Some(slot) = duty else {
            return Ok(self.say(Say::NoteOffDuty));
        };
        let text = arg.trim();
        if text.is_empty() {
            return Ok(self.say(Say::NoteUsage));
        }
        if text.chars().count() > crate::desk::MAX_NOTE {
            return Ok(self.too_long_note());
        }
        let Ok(by) = member.parse() else { return Ok(self.refusal()) };
        let note = crate::store::Note { slot, by, text: text.into(), at: now };
        match origin {
            // Added before under this update: the same answer.
            Some(o) => {
                self.store.add_note_once(&note, o)?;
            }
            None => self.store.add_note(&note)?,
        }
        Ok(self.say(Say::Noted))
    }

    /// The answer to a note (of a call, an absence or a handover) over [`crate::desk::MAX_NOTE`].
    pub(super) fn too_long_note(&self) -> String {
        self.say(Say::TooLongNote { max: crate::desk::MAX_NOTE })
    }
}
