//! Texts of the death confirmation's fallback doctor (issue 20): the step's name, and the
//! problems of `[escalation.death] fallback` (shown with their file and line).

use serde::{Deserialize, Serialize};

use super::{Day, Message};
use crate::rules::MemberRole;

/// The fallback step's name, as what the doctor is asked: 「看取り対応の予備の先生」.
pub const STEP_JA: &str = "看取り対応の予備の先生";
/// The fallback step's name in English.
pub const STEP_EN: &str = "fallback doctor for death confirmations";

/// A problem with `[escalation.death] fallback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FallbackRule {
    /// No member has this id.
    Unknown {
        /// As written.
        id: String,
    },
    /// A member, not a doctor (a hospital, a nurse station, an admin).
    NotADoctor {
        /// The id.
        id: String,
        /// What the member is.
        role: MemberRole,
    },
    /// The doctor has a `left` date.
    HasLeft {
        /// The doctor.
        id: String,
        /// Their name.
        name: String,
        /// Their last day.
        left: chrono::NaiveDate,
    },
}

impl FallbackRule {
    /// One of every variant.
    pub fn samples() -> Vec<FallbackRule> {
        vec![
            FallbackRule::Unknown { id: "d99".into() },
            FallbackRule::NotADoctor { id: "h1".into(), role: MemberRole::Hospital },
            FallbackRule::HasLeft {
                id: "d07".into(),
                name: "上田 誠".into(),
                left: chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap_or_default(),
            },
        ]
    }
}

fn role_ja(r: MemberRole) -> &'static str {
    match r {
        MemberRole::Doctor => "先生",
        MemberRole::Hospital => "後方支援病院",
        MemberRole::NurseStation => "訪問看護ステーション",
        MemberRole::Admin => "管理者",
    }
}

impl Message for FallbackRule {
    fn ja(&self) -> String {
        match self {
            FallbackRule::Unknown { id } => format!(
                "[escalation.death] の fallback（{STEP_JA}）に書かれた「{id}」は、会員名簿にありません。members.toml にある先生の id を書いてください（予備の先生を置かない場合は、この行を消してください）。"
            ),
            FallbackRule::NotADoctor { id, role } => format!(
                "[escalation.death] の fallback（{STEP_JA}）に書かれた「{id}」は{}です。死亡確認に伺えるのは先生だけですので、先生の id を書いてください。",
                role_ja(*role)
            ),
            FallbackRule::HasLeft { id, name, left } => format!(
                "[escalation.death] の fallback（{STEP_JA}）の{name}先生（{id}）には、{}で退会する記録（left）があります。続けて在籍する先生の id を書いてください（退会を記録するときは、予備の先生も一緒に書き換えてください）。",
                Day(*left).ja_long()
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            FallbackRule::Unknown { id } => format!(
                "escalation.death.fallback: '{id}' is not a member in the rules: write the id of a doctor in members.toml (or delete the line for no {STEP_EN})"
            ),
            FallbackRule::NotADoctor { id, role } => format!(
                "escalation.death.fallback: '{id}' is a {}, not a doctor: only a doctor can confirm a death; write a doctor's id",
                role.as_str().replace('_', " ")
            ),
            FallbackRule::HasLeft { id, name, left } => format!(
                "escalation.death.fallback: {name} ({id}) leaves the association on {left} (left = ...): name a doctor who stays (when recording that a doctor leaves, change the {STEP_EN} with it)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    #[test]
    fn every_text_reads_in_both_languages_and_names_the_setting() {
        for m in FallbackRule::samples() {
            let (ja, en) = (m.render(Lang::Ja), m.render(Lang::En));
            assert!(ja.contains("[escalation.death] の fallback"), "{ja}");
            assert!(en.starts_with("escalation.death.fallback: "), "{en}");
        }
    }
}
