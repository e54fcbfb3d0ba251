//! Partial cover (issue 20): a colleague covering some days of a doctor's duty. What the office
//! and the doctors read when one is made, and why one is refused.
//!
//! Key decision: doctors read the refusals too (chat's `/cover`), so none names a command
//! except where only the office can act.

use super::audit::Names;
use super::{Day, Message, When};

/// A duty by its days, as people name it (issue 18: never by its slot id): 「1月12日(火)〜
/// 1月19日(火)の当番」, "the duty of Tue 12 Jan to Tue 19 Jan" (the last day is the one before
/// the handover to the next duty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlotDays {
    /// Its first day.
    pub first: Day,
    /// Its last day.
    pub last: Day,
}

impl SlotDays {
    /// Whether the duty runs into another year (New Year's): both days then say their year.
    fn across_years(&self) -> bool {
        chrono::Datelike::year(&self.first.0) != chrono::Datelike::year(&self.last.0)
    }

    /// 「1月12日(火)〜1月19日(火)の当番」; across the year's end 「2026年12月29日(火)〜2027年1月
    /// 4日(月)の当番」.
    pub fn ja(&self) -> String {
        if self.across_years() {
            return format!("{}〜{}の当番", self.first.ja_long(), self.last.ja_long());
        }
        format!("{}〜{}の当番", self.first.ja(), self.last.ja())
    }

    /// "the duty of Tue 12 Jan to Tue 19 Jan"; across the year's end "the duty of Tue 29 Dec
    /// 2026 to Mon 4 Jan 2027".
    pub fn en(&self) -> String {
        if self.across_years() {
            return format!("the duty of {} to {}", self.first.en_long(), self.last.en_long());
        }
        format!("the duty of {} to {}", self.first.en(), self.last.en())
    }

    fn sample() -> SlotDays {
        let day = |d| Day(chrono::NaiveDate::from_ymd_opt(2027, 1, d).expect("date"));
        SlotDays { first: day(12), last: day(18) }
    }
}

/// A message about a partial cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartialMsg {
    /// The last day comes before the first.
    Reversed {
        /// First day asked.
        from: Day,
        /// Last day asked.
        to: Day,
    },
    /// The days asked are not all days of the duty.
    OutsideSlot {
        /// The day asked that is not one of the duty's.
        day: Day,
        /// Its first day.
        first: Day,
        /// Its last day (its handover to the next duty is the morning after).
        last: Day,
    },
    /// The covered part would start at or before now: nothing that has started is changed.
    Started {
        /// When the part would start.
        start: When,
    },
    /// The colleague is away on a covered day.
    Away {
        /// The colleague.
        doctor: String,
        /// The day.
        day: Day,
        /// Who is who.
        names: Names,
    },
    /// The colleague is not a member on a covered day (joined later, or left).
    NotMember {
        /// The colleague.
        doctor: String,
        /// The day.
        day: Day,
        /// Who is who.
        names: Names,
    },
    /// Those days of the duty (or of the colleague) are covered already.
    Overlaps {
        /// The duty, by its days.
        duty: SlotDays,
    },
    /// A whole swap or cover of a duty part of which a colleague covers.
    HasParts {
        /// The duty, by its days.
        duty: SlotDays,
    },
    /// In chat, after a `/cover` of some days was sent: which days were asked.
    Asked {
        /// First day.
        from: Day,
        /// Last day.
        to: Day,
        /// The handover time.
        at: String,
    },
    /// `/cover`'s usage.
    Usage,
    /// Done (the command line's first line).
    Done {
        /// The audit number.
        seq: crate::ids::AuditSeq,
    },
    /// What was done: who covers whose duty, from when to when.
    Covered {
        /// The duty, by its days.
        duty: SlotDays,
        /// Whose duty.
        doctor: String,
        /// Who covers.
        by: String,
        /// From.
        start: When,
        /// To.
        end: When,
        /// Load points that go to the colleague.
        points: u32,
        /// Who is who.
        names: Names,
    },
}

impl PartialMsg {
    /// The same message for a member's chat: colleagues named without their ids (issue 18).
    pub fn in_chat(self) -> PartialMsg {
        match self {
            PartialMsg::Away { doctor, day, names } => {
                PartialMsg::Away { doctor, day, names: names.in_chat() }
            }
            PartialMsg::NotMember { doctor, day, names } => {
                PartialMsg::NotMember { doctor, day, names: names.in_chat() }
            }
            PartialMsg::Covered { duty, doctor, by, start, end, points, names } => {
                PartialMsg::Covered { duty, doctor, by, start, end, points, names: names.in_chat() }
            }
            other => other,
        }
    }

    /// A usage error (exit 2): the request contradicts itself.
    pub fn is_usage(&self) -> bool {
        matches!(self, PartialMsg::Reversed { .. })
    }

    /// One of every variant.
    pub fn samples() -> Vec<PartialMsg> {
        let day = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("date"));
        let when = When(
            chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Tokyo, 2027, 3, 9, 9, 0, 0)
                .single()
                .expect("time"),
        );
        let names = Names::sample();
        vec![
            PartialMsg::Reversed { from: day, to: day },
            PartialMsg::OutsideSlot { day, first: day, last: day },
            PartialMsg::Started { start: when },
            PartialMsg::Away { doctor: "d01".into(), day, names: names.clone() },
            PartialMsg::NotMember { doctor: "d01".into(), day, names: names.clone() },
            PartialMsg::Overlaps { duty: SlotDays::sample() },
            PartialMsg::HasParts { duty: SlotDays::sample() },
            PartialMsg::Asked { from: day, to: day, at: "9:00".into() },
            PartialMsg::Usage,
            PartialMsg::Done { seq: crate::ids::AuditSeq::new(4) },
            PartialMsg::Covered {
                duty: SlotDays::sample(),
                doctor: "d01".into(),
                by: "d02".into(),
                start: when,
                end: when,
                points: 1,
                names,
            },
        ]
    }
}

impl Message for PartialMsg {
    fn ja(&self) -> String {
        match self {
            PartialMsg::Reversed { from, to } => format!(
                "終わりの日（{}）が始めの日（{}）より前になっています。日付を確かめてください。",
                to.ja(),
                from.ja()
            ),
            PartialMsg::OutsideSlot { day, first, last } => format!(
                "{}はこの当番の期間（{}〜{}）の外です。代わっていただく日は、この期間の中から選んでください。",
                day.ja(),
                first.ja(),
                last.ja()
            ),
            PartialMsg::Started { start } => format!(
                "その部分は {} に始まっています。始まった当番は変更できません。",
                start.ja()
            ),
            PartialMsg::Away { doctor, day, names } => {
                format!("{}は {} に不在の予定のため、代わっていただけません。", names.ja(doctor), day.ja())
            }
            PartialMsg::NotMember { doctor, day, names } => format!(
                "{}は {} には当番に加わっていないため、代わっていただけません。",
                names.ja(doctor),
                day.ja()
            ),
            PartialMsg::Overlaps { duty } => format!(
                "{}のその日には、すでに一部の代わりが決まっています。日を分けるか、決まっている代わりをご確認ください。",
                duty.ja()
            ),
            PartialMsg::HasParts { duty } => format!(
                "{}は一部を別の先生が代わることになっています。当番全体の交換・代行はできません。",
                duty.ja()
            ),
            PartialMsg::Asked { from, to, at } => format!(
                "代行をお願いするのは {}〜{} です（{at} の引き継ぎから、最後の日の翌朝 {at} まで）。",
                from.ja(),
                to.ja()
            ),
            PartialMsg::Usage => "使い方: /cover 6/1（当番全体の代行）、/cover 6/1 6/3 6/4（6/1からの当番のうち 6/3〜6/4 だけ）、/cover 6/1 6/3（その1日だけ）".into(),
            PartialMsg::Done { seq } => format!("当番の一部の代わりを記録しました（記録番号 {seq}）。"),
            PartialMsg::Covered { duty, doctor, by, start, end, points, names } => format!(
                "{}: {}の当番のうち {}〜{} を{}が代わります（{points}点が移ります）。",
                duty.ja(),
                names.ja(doctor),
                start.ja(),
                end.ja(),
                names.ja(by)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            PartialMsg::Reversed { from, to } => format!(
                "the last day ({}) comes before the first ({}): check the dates",
                to.en(),
                from.en()
            ),
            PartialMsg::OutsideSlot { day, first, last } => format!(
                "{} is outside this duty ({} to {}): both dates must fall within it",
                day.en(),
                first.en(),
                last.en()
            ),
            PartialMsg::Started { start } => format!(
                "that part started at {}: nothing that has started is changed",
                start.en()
            ),
            PartialMsg::Away { doctor, day, names } => {
                format!("{} is away on {}, so cannot cover it", names.en(doctor), day.en())
            }
            PartialMsg::NotMember { doctor, day, names } => {
                format!("{} is not on the rota on {}, so cannot cover it", names.en(doctor), day.en())
            }
            PartialMsg::Overlaps { duty } => {
                format!("some of those days of {} are covered already", duty.en())
            }
            PartialMsg::HasParts { duty } => format!(
                "part of {} is covered by a colleague: the whole duty cannot be swapped or covered",
                duty.en()
            ),
            PartialMsg::Asked { from, to, at } => format!(
                "Cover asked for {} to {} (from the {at} handover to {at} the morning after the last day).",
                from.en(),
                to.en()
            ),
            PartialMsg::Usage => "Usage: /cover 2027-06-01 (the whole duty), /cover 2027-06-01 2027-06-03 2027-06-04 (only those days of it), /cover 2027-06-01 2027-06-03 (one day)".into(),
            PartialMsg::Done { seq } => format!("partial cover recorded (audit {seq})"),
            PartialMsg::Covered { duty, doctor, by, start, end, points, names } => format!(
                "{}: {} covers {}'s duty from {} to {} ({points} points move)",
                duty.en(),
                names.en(by),
                names.en(doctor),
                start.en(),
                end.en()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partial_cover_message_reads_in_both_languages() {
        for m in PartialMsg::samples() {
            super::super::check_both(&m);
        }
    }

    #[test]
    fn a_duty_is_named_by_its_days_never_by_its_slot_id() {
        let duty = SlotDays::sample();
        let names = Names::sample();
        let when = |d, h| {
            When(
                chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Tokyo, 2027, 1, d, h, 0, 0)
                    .single()
                    .unwrap(),
            )
        };
        let covered = PartialMsg::Covered {
            duty,
            doctor: "d01".into(),
            by: "d02".into(),
            start: when(14, 9),
            end: when(16, 9),
            points: 1,
            names,
        }
        .in_chat();
        assert!(
            covered.ja().starts_with(
                "1月12日(火)〜1月18日(月)の当番: 佐藤 一郎先生の当番のうち 1月14日(木) 9:00〜1月16日(土) 9:00 を"
            ),
            "{}",
            covered.ja()
        );
        assert!(
            covered.en().starts_with("the duty of Tue 12 Jan to Mon 18 Jan: "),
            "{}",
            covered.en()
        );
        for m in [PartialMsg::Overlaps { duty }, PartialMsg::HasParts { duty }] {
            assert!(m.ja().starts_with("1月12日(火)〜1月18日(月)の当番"), "{}", m.ja());
            assert!(m.en().contains("the duty of Tue 12 Jan to Mon 18 Jan"), "{}", m.en());
        }
        // (The usage's examples are dates a doctor types, not slot ids.)
        for m in PartialMsg::samples().into_iter().filter(|m| *m != PartialMsg::Usage) {
            for text in [m.ja(), m.en()] {
                assert!(!text.contains("2027-") && !text.contains("枠"), "a slot id: {text}");
            }
        }
    }

    #[test]
    fn a_colleague_away_is_named_with_the_day() {
        let m = PartialMsg::Away {
            doctor: "d01".into(),
            day: Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).unwrap()),
            names: Names::sample(),
        };
        assert_eq!(
            m.ja(),
            "佐藤 一郎先生は 3月9日(火) に不在の予定のため、代わっていただけません。"
        );
    }

    // See: issue 18 (English review 33): "…: the days covered must be days of it".
    #[test]
    fn a_day_outside_the_duty_says_both_dates_must_fall_within_it() {
        let day = |d| Day(chrono::NaiveDate::from_ymd_opt(2027, 3, d).expect("date"));
        let m = PartialMsg::OutsideSlot { day: day(10), first: day(2), last: day(8) };
        assert_eq!(
            m.en(),
            "Wed 10 Mar is outside this duty (Tue 2 Mar to Mon 8 Mar): both dates must fall within it"
        );
    }
}
