//! Why no rota can be planned, typed: which slot, which doctors, which rule keeps each out.
//!
//! A [`crate::plan::Clash`] carries a [`ClashWhy`]; both `toban plan` (when the solver stops) and
//! `toban check` (before anyone plans) render it here, so the office reads the same sentence
//! from both: 「8月3日(火)からの枠: 入れる先生が0名です（1名必要）。…」.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Day, Doctor};

/// Why one doctor cannot take a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exclusion {
    /// Already on duty there.
    AlreadyThere,
    /// Absent, or not a member for the whole slot.
    Away,
    /// Their duty in the slot starting on this day is closer than the minimum gap.
    Gap(NaiveDate),
    /// (A holiday slot) they have a regular duty in the slot starting on this day, inside the
    /// exemption window before it.
    RegularInWindow(NaiveDate),
    /// (A regular slot) it lies in the exemption window before their holiday duty starting on
    /// this day.
    ExemptBefore(NaiveDate),
}

impl Exclusion {
    fn ja(&self) -> String {
        match self {
            Exclusion::AlreadyThere => "すでにこの枠の当番です".into(),
            Exclusion::Away => "不在か、在籍期間の外です".into(),
            Exclusion::Gap(d) => format!("{}からの当番と間隔が近すぎます", Day(*d).ja_long()),
            Exclusion::RegularInWindow(d) => {
                format!("{}からの通常当番が、休日当番前の免除期間に入っています", Day(*d).ja_long())
            }
            Exclusion::ExemptBefore(d) => {
                format!("{}からの休日当番の前なので、通常当番が免除されています", Day(*d).ja_long())
            }
        }
    }
    fn en(&self) -> String {
        match self {
            Exclusion::AlreadyThere => "already on duty there".into(),
            Exclusion::Away => "absent or not a member".into(),
            Exclusion::Gap(d) => format!("within the gap of their duty in slot {d}"),
            Exclusion::RegularInWindow(d) => {
                format!("has a regular duty in slot {d} inside the exemption window")
            }
            Exclusion::ExemptBefore(d) => format!("exempt before their holiday duty in slot {d}"),
        }
    }
}

/// One doctor kept out of a slot, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Why.
    pub why: Exclusion,
}

/// Which hard rules clash, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum ClashWhy {
    /// No doctor can take a holiday slot (`period`: the holiday period's id).
    NoHolidayDoctor { period: String, excluded: Vec<Excluded> },
    /// Fewer doctors than needed can take a regular slot.
    TooFew { able: usize, of: usize, needed: usize, excluded: Vec<Excluded> },
    /// The year's duties are more than the available doctors can take with the gap kept.
    TooManyDuties,
    /// Some kind of slot has too few doctors who may take it.
    KindUncovered,
    /// The slots cannot all be covered with the gap kept.
    GapTooWide,
}

/// "absent or not a member: d01, d02; within the gap ...: d04": reasons in order of first
/// appearance, so a long list of doctors reads as a few causes.
fn grouped(excluded: &[Excluded], ja: bool) -> String {
    let mut groups: Vec<(&Exclusion, Vec<&Excluded>)> = Vec::new();
    for e in excluded {
        match groups.iter_mut().find(|(w, _)| **w == e.why) {
            Some((_, who)) => who.push(e),
            None => groups.push((&e.why, vec![e])),
        }
    }
    if ja {
        groups
            .iter()
            .map(|(why, who)| {
                let names: Vec<String> = who.iter().map(|e| Doctor(e.name.clone()).ja()).collect();
                format!("{}は{}", super::words::list(names.iter(), super::Lang::Ja), why.ja())
            })
            .collect::<Vec<_>>()
            .join("。")
    } else {
        groups
            .iter()
            .map(|(why, who)| {
                let ids: Vec<&str> = who.iter().map(|e| e.id.as_str()).collect();
                format!("{}: {}", why.en(), super::words::list(ids.iter(), super::Lang::En))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl ClashWhy {
    /// The Japanese sentence(s): what clashes (what to change is [`ClashWhy::advice_ja`], said
    /// once under a list of clashes).
    pub fn ja(&self) -> String {
        match self {
            ClashWhy::NoHolidayDoctor { period, excluded } => format!(
                "休日当番（{period}）に入れる先生がいません。{}。",
                grouped(excluded, true)
            ),
            ClashWhy::TooFew { able, of, needed, excluded } => format!(
                "{of}名のうち入れる先生が{able}名です（{needed}名必要）。{}。",
                grouped(excluded, true)
            ),
            ClashWhy::TooManyDuties => "入れる先生だけでは、当番どうしの最低間隔を守ったまま一年の当番をすべて受け持てません。".into(),
            ClashWhy::KindUncovered => "通常の枠と休日の枠のどちらかで、受け持てる先生が足りません。".into(),
            ClashWhy::GapTooWide => "当番どうしの最低間隔を守ると、すべての枠を埋められません。".into(),
        }
    }

    /// What to change, in Japanese.
    pub fn advice_ja(&self) -> &'static str {
        match self {
            ClashWhy::NoHolidayDoctor { .. } => {
                "休日当番に入れる先生を増やすか、不在・在籍期間（joined・left）、休日当番前の免除（exemption.slots_before_holiday）を見直してください。"
            }
            ClashWhy::TooFew { .. } | ClashWhy::TooManyDuties | ClashWhy::GapTooWide => {
                "先生を増やすか、当番どうしの最低間隔（duty.min_gap_slots）を下げるか、不在・在籍期間（joined・left）を見直してください。"
            }
            ClashWhy::KindUncovered => {
                "先生を増やすか、不在・在籍期間（joined・left）、休日当番前の免除（exemption.slots_before_holiday）を見直してください。"
            }
        }
    }

    /// The English sentence, as `toban plan` always said it.
    pub fn en(&self) -> String {
        match self {
            ClashWhy::NoHolidayDoctor { period, excluded } => {
                format!("no doctor can take the {period} slot: {}", grouped(excluded, false))
            }
            ClashWhy::TooFew { able, of, needed, excluded } => format!(
                "{able} of {of} doctors can take it, {needed} needed: {}",
                grouped(excluded, false)
            ),
            ClashWhy::TooManyDuties => "the available doctors cannot take all the year's duties with the minimum gap kept; check absences and membership dates".into(),
            ClashWhy::KindUncovered => "the doctors who may take each kind of slot cannot cover them all; check absences, membership dates and the exemption windows".into(),
            ClashWhy::GapTooWide => "the slots cannot all be covered with the minimum gap kept between each doctor's duties; lower duty.min_gap_slots, or check absences".into(),
        }
    }
}

/// Where a clash is, before what it is: 「2027年8月3日(火)からの枠: 」 or 「2027年度: 」,
/// "slot 2027-08-03: " or "slot year 2027: ".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClashAt {
    /// The slot's first day, if the clash is in one slot.
    pub slot: Option<NaiveDate>,
    /// The plan year.
    pub year: i32,
}

impl super::Message for ClashAt {
    fn ja(&self) -> String {
        match self.slot {
            Some(d) => format!("{}からの枠: ", Day(d).ja_long()),
            None => format!("{}年度: ", self.year),
        }
    }
    fn en(&self) -> String {
        match self.slot {
            Some(d) => format!("slot {d}: "),
            None => format!("slot year {}: ", self.year),
        }
    }
}

/// What the solver said of one try (`plan::solve::said`: `found`, `no plan`, `time limit`),
/// for the progress lines of `toban plan`; anything else as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolverSaid<'a>(pub &'a str);

impl super::Message for SolverSaid<'_> {
    fn ja(&self) -> String {
        match self.0 {
            "found" => "見つかりました".into(),
            "no plan" => "ありません".into(),
            "time limit" => "時間切れ".into(),
            o => o.to_string(),
        }
    }
    fn en(&self) -> String {
        self.0.to_string()
    }
}

/// The clashes as lines in `lang`; in Japanese followed by what to change, each advice once.
pub fn clash_lines(clashes: &[crate::plan::Clash], lang: super::Lang) -> Vec<String> {
    match lang {
        super::Lang::En => clashes.iter().map(crate::plan::Clash::en).collect(),
        super::Lang::Ja => {
            let mut lines: Vec<String> = clashes.iter().map(crate::plan::Clash::ja).collect();
            let mut advice: Vec<&str> = Vec::new();
            for c in clashes {
                if !advice.contains(&c.why.advice_ja()) {
                    advice.push(c.why.advice_ja());
                }
            }
            lines.extend(advice.into_iter().map(|a| format!("→ {a}")));
            lines
        }
    }
}

/// One clash of every kind, for the catalogue's samples.
pub fn sample_clashes() -> Vec<crate::plan::Clash> {
    let day = NaiveDate::from_ymd_opt(2027, 8, 3).expect("date");
    let excluded = |why| vec![Excluded { id: "d01".into(), name: "青木 一郎".into(), why }];
    let all = vec![
        ClashWhy::NoHolidayDoctor {
            period: "new_year".into(),
            excluded: excluded(Exclusion::Away),
        },
        ClashWhy::TooFew { able: 0, of: 1, needed: 1, excluded: excluded(Exclusion::Gap(day)) },
        ClashWhy::TooFew {
            able: 0,
            of: 1,
            needed: 1,
            excluded: excluded(Exclusion::RegularInWindow(day)),
        },
        ClashWhy::TooFew {
            able: 0,
            of: 1,
            needed: 1,
            excluded: excluded(Exclusion::ExemptBefore(day)),
        },
        ClashWhy::TooFew { able: 0, of: 1, needed: 1, excluded: excluded(Exclusion::AlreadyThere) },
        ClashWhy::TooManyDuties,
        ClashWhy::KindUncovered,
        ClashWhy::GapTooWide,
    ];
    for w in &all {
        match w {
            ClashWhy::NoHolidayDoctor { .. }
            | ClashWhy::TooFew { .. }
            | ClashWhy::TooManyDuties
            | ClashWhy::KindUncovered
            | ClashWhy::GapTooWide => {}
        }
    }
    let mut out: Vec<crate::plan::Clash> = all
        .into_iter()
        .map(|why| crate::plan::Clash { year: 2027, slot: Some(day), why })
        .collect();
    out.push(crate::plan::Clash { year: 2027, slot: None, why: ClashWhy::GapTooWide });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clash_reads_in_both_languages() {
        for c in sample_clashes() {
            let m = crate::msg::rules::RulesMsg::Unplannable { year: 2027, clashes: vec![c] };
            crate::msg::check_both(&m);
        }
    }

    #[test]
    fn a_clash_names_the_day_the_doctors_and_what_to_change() {
        let day = NaiveDate::from_ymd_opt(2027, 8, 3).expect("date");
        let c = crate::plan::Clash {
            year: 2027,
            slot: Some(day),
            why: ClashWhy::TooFew {
                able: 0,
                of: 1,
                needed: 1,
                excluded: vec![Excluded {
                    id: "d01".into(),
                    name: "青木 一郎".into(),
                    why: Exclusion::Gap(NaiveDate::from_ymd_opt(2027, 7, 27).expect("date")),
                }],
            },
        };
        assert_eq!(
            c.ja(),
            "2027年8月3日(火)からの枠: 1名のうち入れる先生が0名です（1名必要）。青木 一郎先生は2027年7月27日(火)からの当番と間隔が近すぎます。"
        );
        assert_eq!(
            c.en(),
            "slot 2027-08-03: 0 of 1 doctors can take it, 1 needed: within the gap of their duty in slot 2027-07-27: d01"
        );
        let year = crate::plan::Clash { year: 2027, slot: None, why: ClashWhy::GapTooWide };
        assert!(year.ja().starts_with("2027年度: "), "{}", year.ja());
        assert!(year.en().starts_with("slot year 2027: "), "{}", year.en());
        let lines = clash_lines(&[c.clone(), c], crate::msg::Lang::Ja);
        assert_eq!(lines.len(), 3, "the advice is said once: {lines:?}");
        assert!(lines[2].starts_with("→ 先生を増やすか"), "{lines:?}");
    }

    #[test]
    fn where_a_clash_is_and_what_the_solver_said_read_in_both_languages() {
        use crate::msg::Message;
        let day = NaiveDate::from_ymd_opt(2027, 8, 3);
        let at = ClashAt { slot: day, year: 2027 };
        assert_eq!(
            (at.ja(), at.en()),
            ("2027年8月3日(火)からの枠: ".into(), "slot 2027-08-03: ".into())
        );
        let year = ClashAt { slot: None, year: 2027 };
        assert_eq!((year.ja(), year.en()), ("2027年度: ".into(), "slot year 2027: ".into()));
        for (said, ja) in
            [("found", "見つかりました"), ("no plan", "ありません"), ("time limit", "時間切れ")]
        {
            assert_eq!((SolverSaid(said).ja(), SolverSaid(said).en()), (ja.into(), said.into()));
        }
    }
}
