//! Texts of several rotas in one association (issue 20): problems in `[[rota]]` rules.

use serde::{Deserialize, Serialize};

use super::Message;
use super::rules::Place;

/// A problem in a `[[rota]]` section (shown with its file and line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RotaRule {
    /// Two rotas with one id.
    IdTwice {
        /// The id.
        id: String,
        /// Where it was first.
        first: Place,
    },
    /// `id = "main"`: the association's own rota has that id.
    MainReserved,
    /// A doctor id that is not a `[[doctor]]` of the rules.
    UnknownDoctor {
        /// The rota.
        rota: String,
        /// As written.
        doctor: String,
    },
    /// A doctor listed twice in one rota.
    DoctorTwice {
        /// The rota.
        rota: String,
        /// The doctor.
        doctor: String,
    },
    /// A holiday period id that is not a `[[holiday_period]]` of the rules.
    UnknownPeriod {
        /// The rota.
        rota: String,
        /// As written.
        period: String,
    },
    /// The rota cannot be planned for `year` (what `toban plan YEAR --rota ID` would hit).
    Unplannable {
        /// The rota.
        rota: String,
        /// The plan year.
        year: i32,
        /// Why, as the planner says it.
        clashes: Vec<crate::plan::Clash>,
    },
    /// Fewer doctors than `doctors_per_slot × (min_gap_slots + 1)`: no rota can be planned.
    TooFewDoctors {
        /// The rota.
        rota: String,
        /// Doctors listed.
        doctors: usize,
        /// Doctors per slot.
        k: u32,
        /// The gap in slots.
        gap: u32,
    },
}

impl RotaRule {
    /// One of every variant.
    pub fn samples() -> Vec<RotaRule> {
        let rota = "north".to_string();
        vec![
            RotaRule::IdTwice {
                id: rota.clone(),
                first: Place { path: "rules/association.toml".into(), line: 70 },
            },
            RotaRule::MainReserved,
            RotaRule::UnknownDoctor { rota: rota.clone(), doctor: "d99".into() },
            RotaRule::DoctorTwice { rota: rota.clone(), doctor: "d02".into() },
            RotaRule::UnknownPeriod { rota: rota.clone(), period: "obon".into() },
            RotaRule::TooFewDoctors { rota: rota.clone(), doctors: 1, k: 1, gap: 1 },
            RotaRule::Unplannable { rota, year: 2027, clashes: Vec::new() },
        ]
    }

    fn need(k: u32, gap: u32) -> u32 {
        k * (gap + 1)
    }
}

impl Message for RotaRule {
    fn ja(&self) -> String {
        match self {
            RotaRule::IdTwice { id, first } => format!(
                "当番表（[[rota]]）の id「{id}」は{}でも使われています。それぞれ別の id にしてください。",
                first.ja()
            ),
            RotaRule::MainReserved => "当番表の id「main」は、医師会全体の当番表（[duty] の当番）を表すために予約されています。別の id（例: \"north\"）にしてください。".into(),
            RotaRule::UnknownDoctor { rota, doctor } => format!(
                "当番表「{rota}」の doctors にある「{doctor}」は、名簿（members.toml）の医師にいません。[[doctor]] の id を書いてください。"
            ),
            RotaRule::DoctorTwice { rota, doctor } => format!(
                "当番表「{rota}」の doctors に「{doctor}」が2回書かれています。1回にしてください。"
            ),
            RotaRule::UnknownPeriod { rota, period } => format!(
                "当番表「{rota}」の holiday_periods にある「{period}」という休日当番の期間はありません。[[holiday_period]] の id を書いてください。"
            ),
            RotaRule::Unplannable { rota, year, clashes } => {
                let inner = super::rules::RulesMsg::Unplannable { year: *year, clashes: clashes.clone() };
                format!("当番表「{rota}」: {}", inner.ja().replace(&format!("toban plan {year}`"), &format!("toban plan {year} --rota {rota}`")))
            }
            RotaRule::TooFewDoctors { rota, doctors, k, gap } => format!(
                "当番表「{rota}」の医師は{doctors}名ですが、1回の当番に{k}名、同じ医師の当番の間を{gap}回以上あけるには、{}名以上が必要です。医師を増やすか、この当番表の doctors_per_slot か min_gap_slots を小さくしてください。",
                RotaRule::need(*k, *gap)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            RotaRule::IdTwice { id, first } => format!(
                "rota id '{id}' is used at {} too: give each [[rota]] its own id",
                first.en()
            ),
            RotaRule::MainReserved => "rota id 'main' is reserved for the association's own rota (the [duty] one): choose another id, e.g. \"north\"".into(),
            RotaRule::UnknownDoctor { rota, doctor } => format!(
                "rota '{rota}': doctor '{doctor}' is not a [[doctor]] in the rules: use a doctor id from members.toml"
            ),
            RotaRule::DoctorTwice { rota, doctor } => {
                format!("rota '{rota}': doctor '{doctor}' is listed twice: list them once")
            }
            RotaRule::UnknownPeriod { rota, period } => format!(
                "rota '{rota}': there is no holiday period '{period}': use an id of a [[holiday_period]]"
            ),
            RotaRule::Unplannable { rota, year, clashes } => {
                let inner = super::rules::RulesMsg::Unplannable { year: *year, clashes: clashes.clone() };
                format!("rota '{rota}': {}", inner.en().replace(&format!("toban plan {year}`"), &format!("toban plan {year} --rota {rota}`")))
            }
            RotaRule::TooFewDoctors { rota, doctors, k, gap } => format!(
                "rota '{rota}' has {doctors} doctors, but {k} per slot with at least {gap} slots between two duties of one doctor needs {} or more: add doctors, or lower this rota's doctors_per_slot or min_gap_slots",
                RotaRule::need(*k, *gap)
            ),
        }
    }
}

/// A command about rotas refused (issue 20).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotaRefusal {
    /// `--rota ID` names no rota of the rules.
    Unknown {
        /// As given.
        rota: String,
        /// The rotas there are.
        known: Vec<String>,
    },
    /// A swap, cover, record of what happened or freeze without `--rota` names a slot only
    /// another rota has: the command
    /// changes the association's own rota unless told which.
    OtherRota {
        /// The rota.
        rota: String,
        /// The slot named.
        slot: String,
    },
    /// A swap or cover in another rota names a doctor who is not in it.
    NotInRota {
        /// The rota's id.
        rota: String,
        /// The doctor's id.
        doctor: String,
        /// The rota's doctors' ids.
        doctors: Vec<String>,
    },
}

impl RotaRefusal {
    /// Whether it is a usage error (exit 2).
    pub fn is_usage(&self) -> bool {
        true
    }
}

impl Message for RotaRefusal {
    fn ja(&self) -> String {
        match self {
            RotaRefusal::Unknown { rota, known } => format!(
                "当番表「{rota}」はルールにありません。使える当番表: {}（ルールファイルの [[rota]] の id）。",
                super::words::list(known.iter(), super::Lang::Ja)
            ),
            RotaRefusal::OtherRota { rota, slot } => format!(
                "{}は当番表「{rota}」の当番です。`--rota` を付けないと医師会の当番表（main）が対象になります。「{rota}」の当番を変更する（交換・代行・実績の記録・固定）には、同じコマンドに `--rota {rota}` を付けてください。",
                super::slot::SlotRef::id(slot).ja()
            ),
            RotaRefusal::NotInRota { rota, doctor, doctors } => format!(
                "{doctor} は当番表「{rota}」の医師ではないため、その当番を交換・代行できません。「{rota}」の医師: {}（ルールの [[rota]] の doctors）。",
                super::words::list(doctors.iter(), super::Lang::Ja)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            RotaRefusal::Unknown { rota, known } => format!(
                "there is no rota '{rota}' in the rules; the rotas are: {} (the ids of [[rota]] in the rules files)",
                super::words::list(known.iter(), super::Lang::En)
            ),
            RotaRefusal::OtherRota { rota, slot } => format!(
                "{} belongs to rota '{rota}', not of the association's own rota (main), which is changed unless told otherwise; to change it (swap, cover, record what happened, freeze), add `--rota {rota}` to the same command",
                super::slot::SlotRef::id(slot).en()
            ),
            RotaRefusal::NotInRota { rota, doctor, doctors } => format!(
                "{doctor} is not a doctor of rota '{rota}', so cannot swap or cover its duties; its doctors are {} (doctors of its [[rota]] in the rules)",
                super::words::list(doctors.iter(), super::Lang::En)
            ),
        }
    }
}

/// `toban oncall` and chat `/who` with several rotas: one line per rota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaDutyLine {
    /// The rota's name.
    pub name: String,
    /// Its duty doctors' names now (empty: nobody, no published rota covers the instant).
    pub doctors: Vec<String>,
}

impl Message for RotaDutyLine {
    fn ja(&self) -> String {
        if self.doctors.is_empty() {
            return format!("{}: 当番の医師はいません（公開済みの当番表がありません）", self.name);
        }
        let names: Vec<String> = self.doctors.iter().map(|d| format!("{d} 先生")).collect();
        format!("{}: {}", self.name, super::words::list(names.iter(), super::Lang::Ja))
    }

    fn en(&self) -> String {
        if self.doctors.is_empty() {
            return format!("{}: nobody on duty (no published rota covers it)", self.name);
        }
        format!("{}: {}", self.name, super::words::list(self.doctors.iter(), super::Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    #[test]
    fn every_rota_problem_reads_in_both_languages_and_names_the_rota() {
        for m in RotaRule::samples() {
            let (ja, en) = (m.render(Lang::Ja), m.render(Lang::En));
            assert!(!ja.is_empty() && !en.is_empty());
            if m != RotaRule::MainReserved {
                assert!(ja.contains("north") && en.contains("north"), "{ja} / {en}");
            }
        }
        let few = RotaRule::TooFewDoctors { rota: "n".into(), doctors: 3, k: 2, gap: 1 };
        assert!(few.render(Lang::Ja).contains("4名以上"));
        assert!(few.render(Lang::En).contains("needs 4 or more"));
        let unknown = RotaRefusal::Unknown {
            rota: "nord".into(),
            known: vec!["main".into(), "north".into()],
        };
        assert!(unknown.render(Lang::Ja).contains("main、north"));
        assert!(unknown.render(Lang::En).contains("'nord'"));
        let other = RotaRefusal::OtherRota { rota: "north".into(), slot: "2027-03-04".into() };
        let outside = RotaRefusal::NotInRota {
            rota: "north".into(),
            doctor: "d01".into(),
            doctors: vec!["d02".into(), "d04".into()],
        };
        assert_eq!(
            outside.render(Lang::Ja),
            "d01 は当番表「north」の医師ではないため、その当番を交換・代行できません。「north」の医師: d02、d04（ルールの [[rota]] の doctors）。"
        );
        assert!(outside.render(Lang::En).starts_with("d01 is not a doctor of rota 'north'"));
        assert!(
            other.render(Lang::Ja).contains("--rota north")
                && other.render(Lang::En).contains("--rota north")
        );
        let line = RotaDutyLine { name: "北部".into(), doctors: vec!["江藤 恵子".into()] };
        assert_eq!(line.render(Lang::Ja), "北部: 江藤 恵子 先生");
        let none = RotaDutyLine { name: "North".into(), doctors: vec![] };
        assert!(none.render(Lang::En).starts_with("North: nobody"));
    }
}
