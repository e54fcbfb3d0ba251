//! The chat's answers while a doctor asks for a swap or cover (`/swap`, its buttons, `/cover`):
//! which duty, with whom, who was asked, and why nothing was asked.
//!
//! Key decision: these were inline Japanese/English pairs in `src/chat/core/swaps.rs`; they
//! live here so both languages are read and checked side by side (issue 18).

use super::{Doctor, Message};

/// A chat answer about asking for a swap or cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwapChat {
    /// `/swap`'s usage.
    Usage,
    /// The colleague named is not another doctor (the usage follows).
    NotAColleague,
    /// Before the checker's reason: the change breaks a rule.
    NotPossible {
        /// The checker's reason, already rendered.
        why: String,
    },
    /// The picker: the doctor has no future duty.
    NoFutureDuties,
    /// The picker's first step.
    WhichDuty,
    /// The picker's second step.
    WithWhom,
    /// The picker's button: ask the colleague only to cover.
    JustCover,
    /// The picker's third step: which of the colleague's duties in exchange.
    WhichOfTheirs {
        /// The colleague.
        colleague: Doctor,
    },
    /// `/cover` of a day no published rota has.
    NotPublished,
    /// `/cover` of a duty not the doctor's.
    NotYourDuty,
    /// Nobody could take the duty without breaking a rule.
    NobodyCan,
    /// Cover asked of these colleagues, at once or one at a time (fairest first).
    CoverAsked {
        /// Who was asked, in order.
        asked: Vec<Doctor>,
        /// One at a time, in that order.
        in_turn: bool,
    },
    /// The doctor already has an open request for this duty.
    Pending,
}

impl SwapChat {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<SwapChat> {
        let (a, b) = (Doctor("上田 誠".into()), Doctor("佐藤 花子".into()));
        let all = vec![
            SwapChat::Usage,
            SwapChat::NotAColleague,
            SwapChat::NotPossible { why: "spacing".into() },
            SwapChat::NoFutureDuties,
            SwapChat::WhichDuty,
            SwapChat::WithWhom,
            SwapChat::JustCover,
            SwapChat::WhichOfTheirs { colleague: a.clone() },
            SwapChat::NotPublished,
            SwapChat::NotYourDuty,
            SwapChat::NobodyCan,
            SwapChat::CoverAsked { asked: vec![a.clone(), b.clone()], in_turn: false },
            SwapChat::CoverAsked { asked: vec![a, b], in_turn: true },
            SwapChat::Pending,
        ];
        for m in &all {
            match m {
                SwapChat::Usage
                | SwapChat::NotAColleague
                | SwapChat::NotPossible { .. }
                | SwapChat::NoFutureDuties
                | SwapChat::WhichDuty
                | SwapChat::WithWhom
                | SwapChat::JustCover
                | SwapChat::WhichOfTheirs { .. }
                | SwapChat::NotPublished
                | SwapChat::NotYourDuty
                | SwapChat::NobodyCan
                | SwapChat::CoverAsked { .. }
                | SwapChat::Pending => {}
            }
        }
        all
    }
}

impl Message for SwapChat {
    fn ja(&self) -> String {
        use SwapChat::*;
        match self {
            Usage => "使い方: /swap 6/1 d03 9/7（自分の当番日 相手のID 相手の当番日）。相手の日を省くと代行の依頼です。".into(),
            NotAColleague => "相手は他の医師のIDで指定してください。".into(),
            NotPossible { why } => format!("この変更はできません:\n{why}"),
            NoFutureDuties => "交換・代行をお願いできる今後の当番がありません。".into(),
            WhichDuty => "どの当番の交換・代行をお願いしますか？".into(),
            WithWhom => "どなたにお願いしますか？".into(),
            JustCover => "代行だけ頼む".into(),
            WhichOfTheirs { colleague } => format!("{}のどの当番と交換しますか？", colleague.ja()),
            NotPublished => "その日の当番は公開された当番表にありません。".into(),
            NotYourDuty => "その日はあなたの当番ではありません。".into(),
            NobodyCan => "規則を守って代行できる医師がいません。事務局にご相談ください。".into(),
            CoverAsked { asked, in_turn: false } => format!(
                "{}に代行を依頼しました（負担の少ない順）。決まったらお知らせします。",
                super::words::list(asked.iter().map(Doctor::ja), super::Lang::Ja)
            ),
            CoverAsked { asked, in_turn: true } => format!(
                "{}の順に、一人ずつ代行を依頼します（負担の少ない順）。決まったらお知らせします。",
                asked.iter().map(Doctor::ja).collect::<Vec<_>>().join("→")
            ),
            Pending => "この当番には返事待ちの依頼があります。".into(),
        }
    }

    fn en(&self) -> String {
        use SwapChat::*;
        match self {
            Usage => "Usage: /swap 2027-06-01 d03 2027-09-07 (your duty, colleague, their duty); omit their date to ask for cover.".into(),
            NotAColleague => "Name another doctor by id.".into(),
            NotPossible { why } => format!("This change is not possible:\n{why}"),
            NoFutureDuties => "You have no future duties to change.".into(),
            WhichDuty => "Which of your duties?".into(),
            WithWhom => "With whom?".into(),
            JustCover => "Just cover me".into(),
            WhichOfTheirs { colleague } => format!("Which of {}'s duties in exchange?", colleague.en()),
            NotPublished => "That duty is not in a published rota.".into(),
            NotYourDuty => "That is not your duty.".into(),
            NobodyCan => "Nobody can take it without breaking a rule; ask the office.".into(),
            CoverAsked { asked, in_turn: false } => format!(
                "Asked {} (lightest load first). You will hear when someone accepts.",
                super::words::list(asked.iter().map(Doctor::en), super::Lang::En)
            ),
            CoverAsked { asked, in_turn: true } => format!(
                "Asking {} one at a time, in that order (lightest load first). You will hear when someone accepts.",
                asked.iter().map(Doctor::en).collect::<Vec<_>>().join(" → ")
            ),
            Pending => "There is already a pending request for this duty.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_swap_chat_answer_reads_in_both_languages() {
        for m in SwapChat::samples() {
            super::super::check_both(&m);
        }
    }

    #[test]
    fn colleagues_asked_in_turn_are_named_in_order_with_sensei() {
        let m = SwapChat::CoverAsked {
            asked: vec![Doctor("上田 誠".into()), Doctor("佐藤 花子".into())],
            in_turn: true,
        };
        assert_eq!(
            m.ja(),
            "上田 誠先生→佐藤 花子先生の順に、一人ずつ代行を依頼します（負担の少ない順）。決まったらお知らせします。"
        );
    }
}
