//! Why a request closed without its change, as data (issue 18): the machine carries a [`Why`],
//! the outbox stores it, and each reader gets it in their language and register when it is
//! rendered ([`super::text::reason`]): a doctor's chat names colleagues without ids, the
//! office's command line and console keep them.
//!
//! Key decision: the checker's [`Refusal`] holds names and zoned times, which are not stored;
//! [`Blocked`] keeps what it says as ids, slots and instants, and turns back into a refusal with
//! today's names. A refusal the checker does not give on an answer to a request today is kept
//! as it read when decided, in both languages ([`Blocked::Said`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::msg::partial::{PartialMsg, SlotDays};
use crate::msg::refusal::Refusal;
use crate::msg::slot::SlotRef;
use crate::msg::swap::Reason;
use crate::msg::{Day, Message};
use crate::plan::change::ChangeError;
use crate::plan::check::{Broken, Rule, Violation};
use crate::rules::Rules;

/// What notices stored before issue 18 say for [`Why::RotaMoved`].
const LEGACY_ROTA_MOVED: &str = "the published rota changed since the request was made";

/// Who reads a reason: a member in their chat (colleagues named without ids), or the office
/// (the command line, the console: ids kept for the commands that take them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    /// A member's chat.
    Chat,
    /// The office.
    Office,
}

/// Why a request was closed without its change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// The published rota no longer gives the duties as the request says (a re-plan, a change
    /// by the office).
    RotaMoved,
    /// The checker refused the change when it was to be made.
    Refused(Box<Blocked>),
    /// Stored before reasons were typed (issue 18): the reason as it was rendered then.
    Said(String),
}

impl Why {
    /// The reason as stored: typed (`{"refused": …}`, `"rota_moved"`), or, in notices stored
    /// before issue 18, the text rendered then.
    ///
    /// # Errors
    /// If it is neither.
    pub fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Why, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Typed(Why),
            Text(String),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Typed(w) => w,
            // The one reason that was never the checker's, an English literal: it reads in
            // the reader's language again.
            Stored::Text(t) if t == LEGACY_ROTA_MOVED => Why::RotaMoved,
            Stored::Text(t) => Why::Said(t),
        })
    }
}

/// A broken hard rule at its duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenAt {
    /// The slot where it is reported (empty: the whole plan).
    pub slot: String,
    /// What is broken.
    pub what: Broken,
}

/// The checker's refusal of a change, as stored: ids, slots and instants; names are applied
/// when it is read ([`Blocked::refusal`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocked {
    /// Hard rules the change would break ([`Refusal::BreaksRules`]).
    BreaksRules {
        /// The rules broken.
        broken: Vec<BrokenAt>,
        /// Their duties, by their days.
        duties: Vec<SlotRef>,
    },
    /// The change cannot even be judged ([`Refusal::ChangeImpossible`]).
    Impossible(ChangeError),
    /// A duty has started ([`Refusal::SlotStartedAt`]).
    Started {
        /// The duty.
        slot: SlotRef,
        /// When it started.
        start: DateTime<Utc>,
    },
    /// A duty is no longer in a published rota ([`Refusal::SlotNotPublished`]).
    NotPublished(SlotRef),
    /// The rota changed meanwhile ([`Refusal::RotaChanged`]).
    RotaChanged(i32),
    /// A part of the duty is covered by a colleague already ([`PartialMsg::HasParts`]).
    HasParts(SlotDays),
    /// Those days are covered already ([`PartialMsg::Overlaps`]).
    Overlaps(SlotDays),
    /// The days covered would have started ([`PartialMsg::Started`]).
    PartStarted(DateTime<Utc>),
    /// The colleague is away on a covered day ([`PartialMsg::Away`]).
    Away {
        /// The colleague.
        doctor: String,
        /// The day.
        day: Day,
    },
    /// The colleague is not a member on a covered day ([`PartialMsg::NotMember`]).
    NotMember {
        /// The colleague.
        doctor: String,
        /// The day.
        day: Day,
    },
    /// Any other refusal, as it read in a member's chat when decided.
    Said {
        /// In Japanese.
        ja: String,
        /// In English.
        en: String,
    },
}

impl Blocked {
    /// What `r` says, to store.
    pub fn of(r: &Refusal) -> Blocked {
        match r {
            Refusal::BreaksRules { broken, duties, .. } => Blocked::BreaksRules {
                broken: broken
                    .iter()
                    .map(|v| BrokenAt { slot: v.slot.clone(), what: v.what.clone() })
                    .collect(),
                duties: duties.clone(),
            },
            Refusal::ChangeImpossible(e) => Blocked::Impossible(e.clone()),
            Refusal::SlotStartedAt { slot, start } => {
                Blocked::Started { slot: slot.clone(), start: start.0.with_timezone(&Utc) }
            }
            Refusal::SlotNotPublished(slot) => Blocked::NotPublished(slot.clone()),
            Refusal::RotaChanged(year) => Blocked::RotaChanged(year.year),
            Refusal::Partial(m) => match &**m {
                PartialMsg::HasParts { duty } => Blocked::HasParts(*duty),
                PartialMsg::Overlaps { duty } => Blocked::Overlaps(*duty),
                PartialMsg::Started { start } => Blocked::PartStarted(start.0.with_timezone(&Utc)),
                PartialMsg::Away { doctor, day, .. } => {
                    Blocked::Away { doctor: doctor.clone(), day: *day }
                }
                PartialMsg::NotMember { doctor, day, .. } => {
                    Blocked::NotMember { doctor: doctor.clone(), day: *day }
                }
                _ => Blocked::said(r),
            },
            _ => Blocked::said(r),
        }
    }

    /// Whether it says the rota is no longer as the request found it.
    fn rota_moved(&self) -> bool {
        use ChangeError as E;
        matches!(
            self,
            Blocked::NotPublished(_)
                | Blocked::RotaChanged(_)
                | Blocked::Impossible(
                    E::UnknownSlot(_) | E::NotOnDuty { .. } | E::AlreadyOnDuty { .. }
                )
        )
    }

    fn said(r: &Refusal) -> Blocked {
        let chat = r.clone().in_chat();
        Blocked::Said { ja: chat.ja(), en: chat.en() }
    }

    /// What it says to `register`, with today's names in `rules`. A doctor is told that the
    /// rota changed when that is what the office reads in detail (the duty no longer
    /// published, or no longer held as the request says), with no command to type.
    pub fn reason(&self, rules: &Rules, register: Register) -> Reason {
        if register == Register::Chat && self.rota_moved() {
            return Reason::RotaMoved;
        }
        let names = || crate::msg::audit::Names::of(rules);
        let at = |t: &DateTime<Utc>| crate::msg::When(t.with_timezone(&rules.association.tz));
        let partial = |m: PartialMsg| Refusal::Partial(Box::new(m));
        let refusal = match self {
            Blocked::BreaksRules { broken, duties } => Refusal::BreaksRules {
                broken: broken.iter().map(violation).collect(),
                names: names(),
                duties: duties.clone(),
            },
            Blocked::Impossible(e) => Refusal::ChangeImpossible(e.clone()),
            Blocked::Started { slot, start } => {
                Refusal::SlotStartedAt { slot: slot.clone(), start: at(start) }
            }
            Blocked::NotPublished(slot) => Refusal::SlotNotPublished(slot.clone()),
            Blocked::RotaChanged(year) => {
                Refusal::RotaChanged(crate::msg::words::YearLabel::of(rules, *year))
            }
            Blocked::HasParts(duty) => partial(PartialMsg::HasParts { duty: *duty }),
            Blocked::Overlaps(duty) => partial(PartialMsg::Overlaps { duty: *duty }),
            Blocked::PartStarted(start) => partial(PartialMsg::Started { start: at(start) }),
            Blocked::Away { doctor, day } => {
                partial(PartialMsg::Away { doctor: doctor.clone(), day: *day, names: names() })
            }
            Blocked::NotMember { doctor, day } => {
                partial(PartialMsg::NotMember { doctor: doctor.clone(), day: *day, names: names() })
            }
            Blocked::Said { ja, en } => return Reason::Said { ja: ja.clone(), en: en.clone() },
        };
        Reason::Refused(Box::new(match register {
            Register::Chat => refusal.in_chat(),
            Register::Office => refusal,
        }))
    }
}

/// A stored broken rule as the checker reports it (its rule follows from what is broken).
fn violation(b: &BrokenAt) -> Violation {
    let rule = match &b.what {
        Broken::Shape(_) | Broken::Unknown => Rule::Shape,
        Broken::FixedToOthers { .. } | Broken::FixedMissing { .. } => Rule::Fixed,
        Broken::Coverage { .. } => Rule::Coverage,
        Broken::Unavailable { .. } => Rule::Availability,
        Broken::Gap { .. } => Rule::Gap,
        Broken::Exemption { .. } => Rule::Exemption,
    };
    Violation {
        rule,
        slot: b.slot.clone(),
        doctor: None,
        message: String::new(),
        what: b.what.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // See: issue 18: notices queued before reasons were typed carry the text rendered then,
    // and must still read back.
    #[test]
    fn a_notice_stored_with_its_reason_as_text_still_reads_back() {
        let old = r#"{"what":"impossible","duty":{"slot":"2027-06-01"},"why":"spacing"}"#;
        let note: super::super::Note = serde_json::from_str(old).unwrap();
        assert_eq!(
            note,
            super::super::Note::Impossible {
                duty: super::super::Duty { slot: "2027-06-01".into(), start: None, part: None },
                why: Why::Said("spacing".into()),
            }
        );
        let moved = old.replace("spacing", LEGACY_ROTA_MOVED);
        let note: super::super::Note = serde_json::from_str(&moved).unwrap();
        assert!(
            matches!(note, super::super::Note::Impossible { why: Why::RotaMoved, .. }),
            "the old English literal reads in the reader's language again: {note:?}"
        );
    }

    // A doctor is not sent to a command they cannot run (`toban rota show`): the office reads
    // which duty is no longer published, the doctor that the rota changed.
    #[test]
    fn a_duty_no_longer_published_reads_in_chat_as_the_rota_having_changed() {
        let rules = crate::plan::testing::sosa();
        let gone = Blocked::of(&Refusal::SlotNotPublished(SlotRef::id("2027-06-01")));
        assert_eq!(gone.reason(&rules, Register::Chat), Reason::RotaMoved);
        let office = gone.reason(&rules, Register::Office);
        assert!(
            office.ja().contains("（2027-06-01）は公開済みの当番表にありません"),
            "{}",
            office.ja()
        );
    }

    #[test]
    fn a_typed_reason_reads_back_as_written() {
        let rules = crate::plan::testing::sosa();
        let refusal = Refusal::BreaksRules {
            broken: vec![Violation {
                rule: Rule::Gap,
                slot: "2027-06-08".into(),
                doctor: None,
                message: String::new(),
                what: Broken::Gap {
                    doctor: "d01".into(),
                    first: "2027-06-01".into(),
                    second: "2027-06-08".into(),
                    gap: 1,
                },
            }],
            names: crate::msg::audit::Names::of(&rules),
            duties: vec![SlotRef::id("2027-06-08")],
        };
        for why in [Why::RotaMoved, Why::Refused(Box::new(Blocked::of(&refusal)))] {
            let note = super::super::Note::Impossible {
                duty: super::super::Duty { slot: "2027-06-01".into(), start: None, part: None },
                why: why.clone(),
            };
            let back: super::super::Note =
                serde_json::from_str(&serde_json::to_string(&note).unwrap()).unwrap();
            assert_eq!(back, note);
        }
        let back = Blocked::of(&refusal).reason(&rules, Register::Office);
        assert_eq!(back, Reason::Refused(Box::new(refusal.clone())), "the office's, ids kept");
        let chat = Blocked::of(&refusal).reason(&rules, Register::Chat);
        assert_eq!(chat, Reason::Refused(Box::new(refusal.in_chat())), "a chat's, without ids");
    }
}
