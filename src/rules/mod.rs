//! An association's rules: who the members are and how duty works, loaded from `rules/*.toml`.
//!
//! Rules load in two stages, like ripgrep's low and high arguments: [`file::RulesFile`] mirrors the
//! TOML as written, and [`Rules`] is the validated, typed result with every cross-reference
//! checked. Nothing downstream ever sees an unchecked string. This room is pure: the caller reads
//! the files and hands their text to [`load`], so the same code serves the CLI, the server and tests.

pub mod edit;
pub mod file;
mod load;
mod problem;
mod rota;
mod types;
mod webhook;

pub use load::load;
pub use problem::{Problem, RulesError, Source};
pub use rota::Rota;
pub use types::*;
pub use webhook::{WEBHOOK_KINDS, Webhook};

use chrono::Weekday;
use chrono_tz::Tz;

/// A validated association: its settings and its members.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Who the association is.
    pub association: Association,
    /// When duty passes from one doctor to the next.
    pub handover: Handover,
    /// Doctors on duty at once (k).
    pub doctors_per_slot: u32,
    /// The fewest slots that must lie between two duties of one doctor (1 = not consecutive).
    pub min_gap_slots: u32,
    /// A regular slot shorter than this many days, left over next to a holiday period, is merged
    /// into its regular neighbour (0 = never merge).
    pub merge_shorter_than_days: u32,
    /// Load points per slot kind, integers so the planner's fairness bound is a simple count.
    pub weights: Weights,
    /// How many slots before a holiday duty are free of regular duty.
    pub exemption: ExemptWindow,
    /// How long each step of a call's escalation waits for an answer.
    pub escalation: Escalation,
    /// The same for the call types other than urgent (`[escalation.death]`,
    /// `[escalation.advice]`); each value not given is the urgent one.
    pub call_times: CallTimes,
    /// Minutes before each duty that calendar-feed events remind (0: no reminder).
    pub feed_alarm_minutes: u32,
    /// How swaps and cover requests are agreed.
    pub swap: SwapRules,
    /// Automatic backups.
    pub backup: BackupRules,
    /// Delivery of the outbox.
    pub delivery: DeliveryRules,
    /// Hours a backup hospital's bed status counts; an older one is shown as unknown
    /// (`[beds] stale_hours`, default 24).
    pub beds_stale_hours: u32,
    /// Holiday periods that form their own duty slots, in calendar order of their start.
    pub holiday_periods: Vec<HolidayPeriod>,
    /// Duty doctors, in the order the rules list them.
    pub doctors: Vec<Doctor>,
    /// Backup hospitals, sorted by their escalation order.
    pub hospitals: Vec<Hospital>,
    /// Visiting-nurse stations.
    pub nurse_stations: Vec<NurseStation>,
    /// The association's administrators.
    pub admins: Vec<Admin>,
    /// Outbound webhooks (`[[webhook]]`), in the order the rules list them.
    pub webhooks: Vec<Webhook>,
    /// Further rotas (`[[rota]]`, issue 20), in the order the rules list them; the
    /// association's own rota ([`RotaId::main`]) is not among them.
    pub rotas: Vec<Rota>,
}

/// The association's identity and locale.
#[derive(Debug, Clone)]
pub struct Association {
    /// A short machine id, e.g. `sosa`.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The name in Latin letters English readers see (`name_en`, optional).
    pub name_en: Option<String>,
    /// The zone every rule is expressed in.
    pub tz: Tz,
    /// The language of messages to members.
    pub language: Language,
    /// The first day of a plan year (01-01, or 04-01 for a fiscal year).
    pub plan_year_start: MonthDay,
    /// The duty system's number (`phone`, optional): what a household calls at night and on
    /// holidays when the attending doctor cannot be reached, printed on each patient's contact
    /// sheet. Without it the sheet names the visiting-nurse station's number instead.
    pub phone: Option<String>,
}

/// Handover weekday and wall-clock time in the association's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handover {
    /// Weekday of a regular handover.
    pub weekday: Weekday,
    /// Wall-clock time of every handover, regular or holiday.
    pub time: chrono::NaiveTime,
}

impl Rules {
    /// The exemption window in slots for `n` doctors: `rotation` means one full turn, ⌊n/k⌋.
    pub fn exempt_slots(&self, n: usize) -> u32 {
        match self.exemption {
            ExemptWindow::Slots(s) => s,
            ExemptWindow::Rotation => (n as u32) / self.doctors_per_slot.max(1),
        }
    }

    /// Finds a holiday period by id.
    pub fn holiday_period(&self, id: &str) -> Option<&HolidayPeriod> {
        self.holiday_periods.iter().find(|p| p.id == id)
    }

    /// Finds a doctor by id.
    pub fn doctor(&self, id: &str) -> Option<&Doctor> {
        self.doctors.iter().find(|d| d.id.as_str() == id)
    }

    /// Finds any member by id: its role and display name. Ids are unique across roles.
    pub fn member(&self, id: &str) -> Option<Member<'_>> {
        if let Some(d) = self.doctor(id) {
            let name_en = d.name_en.as_deref();
            return Some(Member { id: &d.id, role: MemberRole::Doctor, name: &d.name, name_en });
        }
        if let Some(h) = self.hospitals.iter().find(|h| h.id.as_str() == id) {
            let name_en = h.name_en.as_deref();
            return Some(Member { id: &h.id, role: MemberRole::Hospital, name: &h.name, name_en });
        }
        if let Some(n) = self.nurse_stations.iter().find(|n| n.id.as_str() == id) {
            let (role, name_en) = (MemberRole::NurseStation, n.name_en.as_deref());
            return Some(Member { id: &n.id, role, name: &n.name, name_en });
        }
        self.admins.iter().find(|a| a.id.as_str() == id).map(|a| Member {
            id: &a.id,
            role: MemberRole::Admin,
            name: &a.name,
            name_en: a.name_en.as_deref(),
        })
    }

    /// Whether `id` is a member on `day`: in the rules and, for a doctor, between joining and
    /// leaving. A former member (removed from the rules, or past their `left` date) loses every
    /// access at once: chat, calendar feeds, the on-duty API.
    pub fn is_current(&self, id: &str, day: chrono::NaiveDate) -> bool {
        match self.doctor(id) {
            Some(d) => d.is_member_on(day),
            None => self.member(id).is_some(),
        }
    }

    /// The phone number of member `id` to call back, if the rules give one. Shown to the
    /// members of a call only (the caller's on requests, the acceptor's to the caller), never in
    /// feeds or pages.
    pub fn phone_of(&self, id: &str) -> Option<&str> {
        let phone = if let Some(d) = self.doctor(id) {
            d.phone.as_deref()
        } else if let Some(h) = self.hospitals.iter().find(|h| h.id.as_str() == id) {
            Some(h.phone.as_str())
        } else if let Some(n) = self.nurse_stations.iter().find(|n| n.id.as_str() == id) {
            n.phone.as_deref()
        } else {
            let admin = self.admins.iter().find(|a| a.id.as_str() == id)?;
            // An admin who is also a doctor may be reached on the doctor's number.
            admin.phone.as_deref().or_else(|| {
                admin.doctor.as_ref().and_then(|d| self.doctor(d.as_str())?.phone.as_deref())
            })
        };
        phone.filter(|p| !p.is_empty())
    }

    /// The display name of member `id` in the association's language (its `name_en` for an
    /// English association, when given), or the id itself if unknown.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.name_in(id, self.association.language)
    }

    /// The display name of member `id` for a reader of `lang` (issue 18): in English its
    /// `name_en` when the rules give one, else the name as written; the id itself if unknown.
    pub fn name_in<'a>(&'a self, id: &'a str, lang: Language) -> &'a str {
        match self.member(id) {
            Some(m) if lang == Language::En => m.name_en.unwrap_or(m.name),
            Some(m) => m.name,
            None => id,
        }
    }

    /// The association's name for a reader of `lang`: its `name_en` in English where the
    /// rules give one, else the name as written.
    pub fn association_name(&self, lang: Language) -> &str {
        match (&self.association.name_en, lang) {
            (Some(en), Language::En) => en,
            _ => &self.association.name,
        }
    }

    /// These rules as they answer a reader of `lang` in person (a doctor's own page): names as
    /// [`Rules::for_reader`], and `lang` as the language of the answers. Only for the answer to
    /// that reader: what is sent to others is kept typed and rendered at delivery with the
    /// association's rules, so it stays in the association's language.
    pub fn answering(&self, lang: Language) -> Rules {
        let mut r = self.for_reader(lang);
        r.association.language = lang;
        r
    }

    /// These rules as a reader of `lang` sees them: in English, every member's `name` is its
    /// `name_en` where one is given (for a command line or page read in English whatever the
    /// association's language); otherwise the rules as they are. The association's language,
    /// which decides what members are sent, is unchanged.
    pub fn for_reader(&self, lang: Language) -> Rules {
        let mut r = self.clone();
        if lang != Language::En {
            return r;
        }
        let en = |name: &mut String, name_en: &Option<String>| {
            if let Some(e) = name_en {
                name.clone_from(e);
            }
        };
        r.doctors.iter_mut().for_each(|d| en(&mut d.name, &d.name_en));
        r.hospitals.iter_mut().for_each(|h| en(&mut h.name, &h.name_en));
        r.nurse_stations.iter_mut().for_each(|n| en(&mut n.name, &n.name_en));
        r.admins.iter_mut().for_each(|a| en(&mut a.name, &a.name_en));
        en(&mut r.association.name, &self.association.name_en);
        r
    }
}

/// What a member is to the association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MemberRole {
    /// A duty doctor.
    Doctor,
    /// A backup hospital.
    Hospital,
    /// A visiting-nurse station.
    NurseStation,
    /// An administrator.
    Admin,
}

impl MemberRole {
    /// The role as written in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Doctor => "doctor",
            MemberRole::Hospital => "hospital",
            MemberRole::NurseStation => "nurse_station",
            MemberRole::Admin => "admin",
        }
    }
}

/// A member found by [`Rules::member`].
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// Id.
    pub id: &'a MemberId,
    /// Role.
    pub role: MemberRole,
    /// Display name.
    pub name: &'a str,
    /// The name in Latin letters for English readers, if given.
    pub name_en: Option<&'a str>,
}
