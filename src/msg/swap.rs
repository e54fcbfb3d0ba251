//! Swap and cover requests, their offers and outcomes: the notices of [`crate::swap::Note`]
//! rendered at delivery, the chat's answers and buttons, and the command line's lines.

use super::{Day, Doctor, Message, When};

/// A duty as a message argument: 「6月1日(火) 9:00からの当番」, or by slot id when its start is
/// not known (requests stored before starts were kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyAt {
    /// The slot id (`2027-06-01`).
    pub slot: String,
    /// When it starts.
    pub start: Option<When>,
    /// For a partial cover, the days covered (first, last).
    pub part: Option<(Day, Day)>,
}

impl DutyAt {
    fn ja(&self) -> String {
        match (&self.part, &self.start) {
            (Some((from, to)), _) => format!("{}〜{}の当番", from.ja(), to.ja()),
            (None, Some(w)) => format!("{}からの当番", w.ja()),
            (None, None) => format!("{} の当番", self.slot),
        }
    }
    fn en(&self) -> String {
        match (&self.part, &self.start) {
            (Some((from, to)), _) => format!("the duty of {} to {}", from.en(), to.en()),
            (None, Some(w)) => format!("the duty from {}", w.en()),
            (None, None) => format!("the duty of {}", self.slot),
        }
    }
}

/// Why a swap or cover was closed without its change, in the reader's register (issue 18).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The published rota changed since the request was made.
    RotaMoved,
    /// The checker's refusal: a rule the change would break, or why it cannot be made.
    Refused(Box<super::refusal::Refusal>),
    /// As it read when decided: in both languages, or, in a notice stored before issue 18,
    /// in the association's language of then (the same text twice).
    Said {
        /// In Japanese.
        ja: String,
        /// In English.
        en: String,
    },
}

impl Message for Reason {
    fn ja(&self) -> String {
        match self {
            Reason::RotaMoved => "ご依頼の後に、公開中の当番表が変更されました。".into(),
            Reason::Refused(r) => r.ja(),
            Reason::Said { ja, .. } => ja.clone(),
        }
    }
    fn en(&self) -> String {
        match self {
            Reason::RotaMoved => "the published rota changed after the request was made".into(),
            Reason::Refused(r) => r.en(),
            Reason::Said { en, .. } => en.clone(),
        }
    }
}

/// A message about a swap or cover request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwapMsg {
    /// To the colleague: please exchange or cover (buttons follow).
    Offer {
        /// Who asks.
        from: Doctor,
        /// Their duty.
        duty: DutyAt,
        /// The colleague's duty in exchange (`None`: a cover).
        theirs: Option<DutyAt>,
        /// When the request closes.
        until: When,
        /// The first of several to accept takes it.
        first_wins: bool,
    },
    /// To the office: approve what two doctors agreed (buttons follow).
    Approval {
        /// Who asked.
        proposer: Doctor,
        /// Who agreed.
        target: Doctor,
        /// The proposer's duty.
        duty: DutyAt,
        /// The colleague's duty, for a swap.
        theirs: Option<DutyAt>,
        /// When the request closes.
        until: When,
    },
    /// To the proposer: the colleague agreed; the office decides.
    Agreed {
        /// Who agreed.
        target: Doctor,
        /// The duty.
        duty: DutyAt,
    },
    /// To the proposer: the colleague declined.
    Declined {
        /// Who declined.
        target: Doctor,
        /// The duty.
        duty: DutyAt,
    },
    /// To both doctors: the office did not approve.
    Rejected {
        /// The duty.
        duty: DutyAt,
    },
    /// To the doctors and the office: the rota changed (each line: duty, from, to).
    Changed {
        /// The moves.
        moves: Vec<(DutyAt, Doctor, Doctor)>,
    },
    /// The request can no longer be done.
    Impossible {
        /// The duty.
        duty: DutyAt,
        /// Why.
        why: Reason,
    },
    /// To the proposer: no answer in time.
    Expired {
        /// Who was asked.
        target: Doctor,
        /// The duty.
        duty: DutyAt,
    },
    /// To the colleague (and the office): the proposer withdrew it.
    Withdrawn {
        /// Who withdrew.
        proposer: Doctor,
        /// The duty.
        duty: DutyAt,
    },
    /// To the other colleagues asked: someone else took the cover.
    Taken {
        /// Who took it.
        by: Doctor,
        /// The duty.
        duty: DutyAt,
    },
    /// To the office: nobody took a cover; what to run.
    UnfilledOffice {
        /// Whose duty.
        proposer: Doctor,
        /// The duty.
        duty: DutyAt,
        /// The plan year of the slot.
        year: String,
        /// The slot id (the re-plan date).
        slot: String,
    },
    /// To the proposer: nobody took the cover; the office was told.
    UnfilledDoctor {
        /// The duty.
        duty: DutyAt,
    },
    /// Chat: the proposer's confirmation (with a withdraw button).
    Sent {
        /// Who was asked.
        to: Doctor,
        /// When it closes unanswered.
        until: When,
        /// The request's number (for `/withdraw N`).
        request: crate::ids::SwapRequestId,
    },
    /// Chat: how to take a request back: its button or `/withdraw N`.
    WithdrawInChat {
        /// The request's number.
        request: crate::ids::SwapRequestId,
    },
    /// The doctors' page: how to take a request back there (its list's button).
    WithdrawOnPage,
    /// Chat: the duty starts within the hour: too late to ask a colleague.
    TooSoon,
    /// Chat: after the cover request's confirmation, until when and how to take it back.
    CoverUntil {
        /// When the office is alerted if nobody took it.
        until: When,
        /// The request's number (the group's first).
        request: crate::ids::SwapRequestId,
    },
    /// Chat and CLI: the request was withdrawn.
    WithdrawnDone {
        /// The request.
        request: crate::ids::SwapRequestId,
    },
    /// Toast: accepted and done.
    AcceptedDone,
    /// Toast: accepted; the office decides.
    AcceptedAwaiting,
    /// Toast: declined.
    DeclinedDone,
    /// Toast and CLI: approved; the rota changed.
    ApprovedDone {
        /// The request.
        request: crate::ids::SwapRequestId,
    },
    /// Toast and CLI: rejected.
    RejectedDone {
        /// The request.
        request: crate::ids::SwapRequestId,
    },
    /// Toast and CLI: no longer possible (a rule would break).
    NotPossible {
        /// Why.
        why: Reason,
    },
    /// The request does not exist.
    Unknown {
        /// The request.
        request: crate::ids::SwapRequestId,
    },
    /// The answer came from someone not asked.
    NotYours,
    /// Only the office approves.
    NotAdmin,
    /// Only the proposer withdraws.
    NotProposer,
    /// Past its deadline.
    TooLate,
    /// A colleague took it first.
    TakenAlready {
        /// Who.
        by: Doctor,
    },
    /// Answered already (accepted, declined, decided, or found impossible).
    Answered,
    /// Withdrawn by its proposer.
    Closed,
    /// `/withdraw` without a number, and nothing open.
    NothingOpen,
    /// `/withdraw` usage.
    WithdrawUsage,
    /// Button labels.
    Button(ButtonLabel),
    /// A notice about a request of another rota than the association's own (issue 20),
    /// headed with the rota's name as its reminders are.
    InRota {
        /// The rota's name.
        rota: String,
        /// The notice.
        msg: Box<SwapMsg>,
    },
    /// To the office at `rota publish`: the rows `history import` wrote for the year stop
    /// counting, since the published rota (with its swaps and covers) is the year's record.
    ImportedStopCounting {
        /// The plan year published.
        year: i32,
        /// How many imported rows it has.
        rows: usize,
    },
}

/// The label of a swap button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonLabel {
    /// The colleague takes the duty.
    Accept,
    /// The colleague says no.
    Decline,
    /// The office approves.
    Approve,
    /// The office rejects.
    Reject,
    /// The proposer takes the request back.
    Withdraw,
}

fn opt_ja(theirs: &Option<DutyAt>) -> String {
    theirs.as_ref().map(|t| format!("（交換: {}）", t.ja())).unwrap_or_default()
}

fn opt_en(theirs: &Option<DutyAt>) -> String {
    theirs.as_ref().map(|t| format!(" (in exchange for {})", t.en())).unwrap_or_default()
}

impl Message for SwapMsg {
    fn ja(&self) -> String {
        use SwapMsg::*;
        match self {
            Offer { from, duty, theirs: Some(t), until, .. } => format!(
                "【当番交換のお願い】{}から、{}と、先生の{}との交換のご相談です。{}までにお返事ください。",
                from.ja(),
                duty.ja(),
                t.ja(),
                until.ja()
            ),
            Offer { from, duty, theirs: None, until, first_wins } => format!(
                "【代行のお願い】{}の{}を代行していただけますか。{}までにお返事ください。{}",
                from.ja(),
                duty.ja(),
                until.ja(),
                if *first_wins { "（複数の先生にお願いしており、最初に引き受けた方に決まります）" } else { "" }
            ),
            Approval { proposer, target, duty, theirs, until } => format!(
                "【承認のお願い】{}と{}が、{}{}の変更に合意しました。{}までに承認か却下をお選びください。",
                proposer.ja(),
                target.ja(),
                duty.ja(),
                opt_ja(theirs),
                until.ja()
            ),
            Agreed { target, duty } => format!(
                "{}が{}の変更に応じました。事務局の承認をお待ちください。",
                target.ja(),
                duty.ja()
            ),
            Declined { target, duty } => {
                format!("{}は{}の変更をお断りになりました。", target.ja(), duty.ja())
            }
            Rejected { duty } => {
                format!("{}の変更は、事務局により承認されませんでした。当番は元のままです。", duty.ja())
            }
            Changed { moves } => {
                let lines: Vec<String> = moves
                    .iter()
                    .map(|(d, from, to)| format!("・{}: {} → {}", d.ja(), from.ja(), to.ja()))
                    .collect();
                format!("【当番表の変更】次のとおり変更しました。\n{}", lines.join("\n"))
            }
            Impossible { duty, why } => format!(
                "{}の変更は成立しませんでした。当番は元のままです。\n理由: {}",
                duty.ja(),
                why.ja()
            ),
            Expired { target, duty } => format!(
                "{}の変更のご依頼は、期限までに{}からお返事がなかったため締め切りました。当番は元のままです。",
                duty.ja(),
                target.ja()
            ),
            Withdrawn { proposer, duty } => format!(
                "{}は{}の変更のご依頼を取り下げました。お返事は不要です。",
                proposer.ja(),
                duty.ja()
            ),
            Taken { by, duty } => format!(
                "{}の代行は{}に決まりました。お返事は不要です。ご協力ありがとうございました。",
                duty.ja(),
                by.ja()
            ),
            UnfilledOffice { proposer, duty, year, slot } => format!(
                "【要対応】{}の{}の代行が見つかりませんでした。`toban plan {year} --replan-from {slot}` で再計画できます。",
                proposer.ja(),
                duty.ja()
            ),
            UnfilledDoctor { duty } => format!(
                "{}の代行は見つかりませんでした。事務局に連絡しましたので、対応をお待ちください。",
                duty.ja()
            ),
            Sent { to, until, request } => format!(
                "{}にお願いしました（交換・代行の依頼 {request}）。お返事があればお知らせします。{}までにお返事がなければ締め切ってお知らせします。",
                to.ja(),
                until.ja()
            ),
            CoverUntil { until, .. } => {
                format!("{}までに決まらなければ事務局に連絡します。", until.ja())
            }
            WithdrawInChat { request } => {
                format!("取り下げる場合は下のボタンか /withdraw {request} をお使いください。")
            }
            WithdrawOnPage => "取り下げる場合は、このページの「交換・代行のご依頼」にある「取り下げる」ボタンをお使いください。".into(),
            TooSoon => "当番の開始まで1時間を切っているため、交換・代行のご依頼はできません。事務局にご相談ください。".into(),
            WithdrawnDone { request } => format!("交換・代行の依頼 {request} を取り下げました。"),
            AcceptedDone => "当番の変更が成立しました。当番表とカレンダーに反映されます。".into(),
            AcceptedAwaiting => "お引き受けしました。事務局の承認をお待ちください。".into(),
            DeclinedDone => "お断りしました。".into(),
            ApprovedDone { request } => {
                format!("交換・代行の依頼 {request} を承認しました。当番表を変更し、両先生にお知らせします。")
            }
            RejectedDone { request } => {
                format!("交換・代行の依頼 {request} を却下しました。両先生にお知らせします。")
            }
            NotPossible { why } => format!("この変更はできません: {}", why.ja()),
            Unknown { request } => format!("交換・代行の依頼 {request} は見つかりません。"),
            NotYours => "先生あてのご依頼ではありません。".into(),
            NotAdmin => "承認・却下は事務局が行います。".into(),
            NotProposer => "取り下げられるのは、依頼した先生だけです。".into(),
            TooLate => "このご依頼は期限が切れています。".into(),
            TakenAlready { by } => {
                format!("このご依頼には回答済みです（{}がお引き受けになりました）。", by.ja())
            }
            Answered => "このご依頼には回答済みです。".into(),
            Closed => "このご依頼は取り下げられています。".into(),
            NothingOpen => "取り下げられるご依頼はありません。".into(),
            WithdrawUsage => "使い方: /withdraw 番号（ご依頼の番号）".into(),
            ImportedStopCounting { year, rows } => format!(
                "注意: {year}年の当番表を公開したため、`toban history import` で取り込んだ{year}年の過去の当番 {rows}件は、今後は負担の計算に使われません（公開した当番表がこの年の記録になります）。確認: `toban history list {year}`、不要なら削除: `toban history remove --year {year}`"
            ),
            InRota { rota, msg } => format!("【{rota}】\n{}", msg.ja()),
            Button(b) => match b {
                ButtonLabel::Accept => "引き受ける",
                ButtonLabel::Decline => "お断りする",
                ButtonLabel::Approve => "承認する",
                ButtonLabel::Reject => "却下する",
                ButtonLabel::Withdraw => "取り下げる",
            }
            .into(),
        }
    }

    fn en(&self) -> String {
        use SwapMsg::*;
        match self {
            Offer { from, duty, theirs: Some(t), until, .. } => format!(
                "[Swap request] {} asks to exchange {} for your {}. Please answer by {}.",
                from.en(),
                duty.en(),
                t.en(),
                until.en()
            ),
            Offer { from, duty, theirs: None, until, first_wins } => format!(
                "[Cover request] Can you take {}'s {}? Please answer by {}.{}",
                from.en(),
                duty.en().trim_start_matches("the "),
                until.en(),
                if *first_wins { " (Several were asked: the first to accept takes it.)" } else { "" }
            ),
            Approval { proposer, target, duty, theirs, until } => format!(
                "[Approval] {} and {} agreed to change {}{}. Please approve or reject by {}.",
                proposer.en(),
                target.en(),
                duty.en(),
                opt_en(theirs),
                until.en()
            ),
            Agreed { target, duty } => format!(
                "{} agreed to the change of {}. Waiting for the office's approval.",
                target.en(),
                duty.en()
            ),
            Declined { target, duty } => {
                format!("{} declined the change of {}.", target.en(), duty.en())
            }
            Rejected { duty } => format!(
                "The office did not approve the change of {}. The duty stays as it was.",
                duty.en()
            ),
            Changed { moves } => {
                let lines: Vec<String> = moves
                    .iter()
                    .map(|(d, from, to)| format!("- {}: {} -> {}", d.en(), from.en(), to.en()))
                    .collect();
                format!("[Rota changed]\n{}", lines.join("\n"))
            }
            Impossible { duty, why } => format!(
                "The change of {} could not be made; the duty stays as it was.\nWhy: {}",
                duty.en(),
                why.en()
            ),
            Expired { target, duty } => format!(
                "Your request to change {} closed: {} did not answer in time. The duty stays as it was.",
                duty.en(),
                target.en()
            ),
            Withdrawn { proposer, duty } => format!(
                "{} withdrew the request to change {}. No answer needed.",
                proposer.en(),
                duty.en()
            ),
            Taken { by, duty } => {
                format!("{} takes {}. No answer needed; thank you.", by.en(), duty.en())
            }
            UnfilledOffice { proposer, duty, year, slot } => format!(
                "[Action needed] Nobody took {}'s {}. Re-plan with `toban plan {year} --replan-from {slot}`.",
                proposer.en(),
                duty.en().trim_start_matches("the ")
            ),
            UnfilledDoctor { duty } => format!(
                "Nobody could take {}. The office has been told and will arrange it.",
                duty.en()
            ),
            Sent { to, until, request } => format!(
                "Asked {} (request {request}). You will hear when they answer; without an answer by {} the request closes and you are told.",
                to.en(),
                until.en()
            ),
            CoverUntil { until, .. } => format!("If nobody takes it by {}, the office is told.", until.en()),
            WithdrawInChat { request } => {
                format!("To take it back, use the button below or /withdraw {request}.")
            }
            WithdrawOnPage => "To take it back, use its Withdraw button under Swap and cover requests on this page.".into(),
            TooSoon => "The duty starts within the hour: too late to ask a colleague. Please call the office.".into(),
            WithdrawnDone { request } => format!("Request {request} withdrawn."),
            AcceptedDone => "Done: the rota and calendars are updated.".into(),
            AcceptedAwaiting => "Agreed; waiting for the office's approval.".into(),
            DeclinedDone => "Declined.".into(),
            ApprovedDone { request } => {
                format!("Request {request} approved: the rota changed and both doctors are told.")
            }
            RejectedDone { request } => {
                format!("Request {request} rejected: both doctors are told.")
            }
            NotPossible { why } => format!("This change is not possible: {}", why.en()),
            Unknown { request } => format!("No request {request}."),
            NotYours => "This request is not addressed to you.".into(),
            NotAdmin => "The office approves or rejects.".into(),
            NotProposer => "Only the doctor who made the request can withdraw it.".into(),
            TooLate => "This request has expired.".into(),
            TakenAlready { by } => format!("This request was answered already: {} took it.", by.en()),
            Answered => "This request was answered already.".into(),
            Closed => "This request was withdrawn.".into(),
            NothingOpen => "You have no open request to withdraw.".into(),
            WithdrawUsage => "Usage: /withdraw N (the request's number)".into(),
            ImportedStopCounting { year, rows } => format!(
                "warning: {rows} duties of {year} imported by `toban history import` no longer count: the published rota is now that year's record. See `toban history list {year}`; remove them with `toban history remove --year {year}`"
            ),
            InRota { rota, msg } => format!("[{rota}]\n{}", msg.en()),
            Button(b) => match b {
                ButtonLabel::Accept => "Accept",
                ButtonLabel::Decline => "Decline",
                ButtonLabel::Approve => "Approve",
                ButtonLabel::Reject => "Reject",
                ButtonLabel::Withdraw => "Withdraw",
            }
            .into(),
        }
    }
}

impl SwapMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<SwapMsg> {
        use chrono::TimeZone;
        let at = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 6, 1, 9, 0, 0).unwrap());
        let duty = DutyAt { slot: "2027-06-01".into(), start: Some(at), part: None };
        let bare = DutyAt { slot: "2027-09-07".into(), start: None, part: None };
        let (a, b) = (Doctor("上田 誠".into()), Doctor("佐藤 花子".into()));
        let all = vec![
            SwapMsg::Offer {
                from: a.clone(),
                duty: duty.clone(),
                theirs: Some(bare.clone()),
                until: at,
                first_wins: false,
            },
            SwapMsg::Offer {
                from: a.clone(),
                duty: duty.clone(),
                theirs: None,
                until: at,
                first_wins: true,
            },
            SwapMsg::Approval {
                proposer: a.clone(),
                target: b.clone(),
                duty: duty.clone(),
                theirs: Some(bare.clone()),
                until: at,
            },
            SwapMsg::Agreed { target: b.clone(), duty: duty.clone() },
            SwapMsg::Declined { target: b.clone(), duty: duty.clone() },
            SwapMsg::Rejected { duty: duty.clone() },
            SwapMsg::Changed { moves: vec![(duty.clone(), a.clone(), b.clone())] },
            SwapMsg::Impossible { duty: duty.clone(), why: Reason::RotaMoved },
            SwapMsg::Impossible {
                duty: duty.clone(),
                why: Reason::Refused(Box::new(super::refusal::Refusal::RotaChanged(
                    super::words::YearLabel::calendar(2027),
                ))),
            },
            SwapMsg::Impossible {
                duty: duty.clone(),
                why: Reason::Said { ja: "間隔".into(), en: "spacing".into() },
            },
            SwapMsg::Expired { target: b.clone(), duty: duty.clone() },
            SwapMsg::Withdrawn { proposer: a.clone(), duty: duty.clone() },
            SwapMsg::Taken { by: b.clone(), duty: duty.clone() },
            SwapMsg::UnfilledOffice {
                proposer: a.clone(),
                duty: duty.clone(),
                year: "2027".into(),
                slot: "2027-06-01".into(),
            },
            SwapMsg::UnfilledDoctor { duty: bare },
            SwapMsg::Sent { to: b.clone(), until: at, request: crate::ids::SwapRequestId::new(3) },
            SwapMsg::TooSoon,
            SwapMsg::CoverUntil { until: at, request: crate::ids::SwapRequestId::new(3) },
            SwapMsg::WithdrawInChat { request: crate::ids::SwapRequestId::new(3) },
            SwapMsg::WithdrawOnPage,
            SwapMsg::WithdrawnDone { request: crate::ids::SwapRequestId::new(3) },
            SwapMsg::AcceptedDone,
            SwapMsg::AcceptedAwaiting,
            SwapMsg::DeclinedDone,
            SwapMsg::ApprovedDone { request: crate::ids::SwapRequestId::new(3) },
            SwapMsg::RejectedDone { request: crate::ids::SwapRequestId::new(3) },
            SwapMsg::NotPossible { why: Reason::RotaMoved },
            SwapMsg::Unknown { request: crate::ids::SwapRequestId::new(9) },
            SwapMsg::NotYours,
            SwapMsg::NotAdmin,
            SwapMsg::NotProposer,
            SwapMsg::TooLate,
            SwapMsg::TakenAlready { by: b },
            SwapMsg::Answered,
            SwapMsg::Closed,
            SwapMsg::NothingOpen,
            SwapMsg::WithdrawUsage,
            SwapMsg::ImportedStopCounting { year: 2027, rows: 2 },
            SwapMsg::Button(ButtonLabel::Accept),
            SwapMsg::Button(ButtonLabel::Decline),
            SwapMsg::Button(ButtonLabel::Approve),
            SwapMsg::Button(ButtonLabel::Reject),
            SwapMsg::Button(ButtonLabel::Withdraw),
            SwapMsg::InRota {
                rota: "北部夜間当番".into(),
                msg: Box::new(SwapMsg::Offer {
                    from: a,
                    duty,
                    theirs: None,
                    until: at,
                    first_wins: false,
                }),
            },
        ];
        for m in &all {
            match m {
                SwapMsg::Offer { .. }
                | SwapMsg::Approval { .. }
                | SwapMsg::Agreed { .. }
                | SwapMsg::Declined { .. }
                | SwapMsg::Rejected { .. }
                | SwapMsg::Changed { .. }
                | SwapMsg::Impossible { .. }
                | SwapMsg::Expired { .. }
                | SwapMsg::Withdrawn { .. }
                | SwapMsg::Taken { .. }
                | SwapMsg::UnfilledOffice { .. }
                | SwapMsg::UnfilledDoctor { .. }
                | SwapMsg::Sent { .. }
                | SwapMsg::TooSoon
                | SwapMsg::CoverUntil { .. }
                | SwapMsg::WithdrawInChat { .. }
                | SwapMsg::WithdrawOnPage
                | SwapMsg::WithdrawnDone { .. }
                | SwapMsg::AcceptedDone
                | SwapMsg::AcceptedAwaiting
                | SwapMsg::DeclinedDone
                | SwapMsg::ApprovedDone { .. }
                | SwapMsg::RejectedDone { .. }
                | SwapMsg::NotPossible { .. }
                | SwapMsg::Unknown { .. }
                | SwapMsg::NotYours
                | SwapMsg::NotAdmin
                | SwapMsg::NotProposer
                | SwapMsg::TooLate
                | SwapMsg::TakenAlready { .. }
                | SwapMsg::Answered
                | SwapMsg::Closed
                | SwapMsg::NothingOpen
                | SwapMsg::WithdrawUsage
                | SwapMsg::ImportedStopCounting { .. }
                | SwapMsg::InRota { .. }
                | SwapMsg::Button(_) => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_swap_message_reads_in_both_languages() {
        for m in super::SwapMsg::samples() {
            super::super::check_both(&m);
        }
    }

    // See: issue 18 English review: "Can you take Sato Ichiro's the duty of …?".
    #[test]
    fn no_english_message_says_s_the_duty() {
        for m in super::SwapMsg::samples() {
            assert!(!m.en().contains("'s the "), "{}", m.en());
        }
    }

    #[test]
    fn a_partial_cover_is_offered_by_its_days_never_its_slot_id() {
        use chrono::TimeZone;
        let at = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 1, 14, 9, 0, 0).unwrap());
        let day = |d| Day(chrono::NaiveDate::from_ymd_opt(2027, 1, d).unwrap());
        let duty =
            DutyAt { slot: "2027-W03".into(), start: Some(at), part: Some((day(14), day(15))) };
        let offer = SwapMsg::Offer {
            from: Doctor("上田 誠".into()),
            duty: duty.clone(),
            theirs: None,
            until: at,
            first_wins: false,
        };
        assert!(
            offer.ja().contains("上田 誠先生の1月14日(木)〜1月15日(金)の当番を代行"),
            "{}",
            offer.ja()
        );
        // "X's duty of …" (not "X's the duty of …": English review).
        assert!(offer.en().contains("'s duty of Thu 14 Jan to Fri 15 Jan"), "{}", offer.en());
        let answers = [
            SwapMsg::Agreed { target: Doctor("佐藤 花子".into()), duty: duty.clone() },
            SwapMsg::Declined { target: Doctor("佐藤 花子".into()), duty: duty.clone() },
            SwapMsg::Taken { by: Doctor("佐藤 花子".into()), duty: duty.clone() },
            SwapMsg::Changed {
                moves: vec![(duty.clone(), Doctor("上田 誠".into()), Doctor("佐藤 花子".into()))],
            },
        ];
        for m in [offer].iter().chain(&answers) {
            for text in [m.ja(), m.en()] {
                assert!(!text.contains("W03"), "a slot id: {text}");
                assert!(text.contains("14") && text.contains("15"), "the days: {text}");
            }
        }
    }

    #[test]
    fn the_office_approves_with_shounin_suru_and_kyakka_suru() {
        assert_eq!(SwapMsg::Button(ButtonLabel::Approve).ja(), "承認する");
        assert_eq!(SwapMsg::Button(ButtonLabel::Reject).ja(), "却下する");
    }

    #[test]
    fn no_cli_command_reaches_a_doctor() {
        for m in SwapMsg::samples() {
            if !matches!(m, SwapMsg::UnfilledOffice { .. } | SwapMsg::ImportedStopCounting { .. }) {
                assert!(!m.ja().contains("toban "), "{}", m.ja());
            }
        }
    }
}
