//! The labels of the annual report's figures (`toban report`, the console's report page), in
//! Japanese as the board's report writes them and in English. The files for the board
//! (xlsx, CSV, HTML) keep the Japanese; the console's page follows its reader.

use super::Message;

/// One figure of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ReportLabel {
    Registered,
    NewInYear,
    Treated,
    Deaths,
    HomeDeaths,
    HomeDeathShare,
    Calls,
    Urgent,
    Death,
    Advice,
    Followups,
    ByAttending,
    ByDutyDoctor,
    ByHospital,
    ByFallback,
    At119Advice,
    AtOffice,
    Cancelled,
    Open,
    DutyVisits,
    ReportsFiled,
    OutcomeVisit,
    OutcomePhone,
    OutcomeAdmitted,
    OutcomeOther,
    MedianMinutes,
    P90Minutes,
}

impl ReportLabel {
    /// Every label, in the report's order.
    pub const ALL: [ReportLabel; 27] = {
        use ReportLabel::*;
        [
            Registered,
            NewInYear,
            Treated,
            Deaths,
            HomeDeaths,
            HomeDeathShare,
            Calls,
            Urgent,
            Death,
            Advice,
            Followups,
            ByAttending,
            ByDutyDoctor,
            ByHospital,
            ByFallback,
            At119Advice,
            AtOffice,
            Cancelled,
            Open,
            DutyVisits,
            ReportsFiled,
            OutcomeVisit,
            OutcomePhone,
            OutcomeAdmitted,
            OutcomeOther,
            MedianMinutes,
            P90Minutes,
        ]
    };

    /// The Japanese label (the board's report).
    pub fn label_ja(self) -> &'static str {
        use ReportLabel::*;
        match self {
            Registered => "登録患者数（期末）",
            NewInYear => "うち年間の新規登録",
            Treated => "年間に診療した患者数",
            Deaths => "死亡",
            HomeDeaths => "うち在宅看取り",
            HomeDeathShare => "在宅看取り率（%）",
            Calls => "依頼件数",
            Urgent => "うち至急",
            Death => "うち看取り・死亡確認",
            Advice => "うち電話相談",
            Followups => "同じ患者への追加連絡",
            ByAttending => "主治医が対応",
            ByDutyDoctor => "当番医が対応",
            ByHospital => "後方支援病院が対応",
            ByFallback => "看取りの予備の先生が対応",
            At119Advice => "119番の案内で終了",
            AtOffice => "看取りで事務局の手配へ",
            Cancelled => "取り消し",
            Open => "対応待ち",
            DutyVisits => "当番医の往診",
            ReportsFiled => "主治医への報告済み",
            OutcomeVisit => "報告の内訳 往診した",
            OutcomePhone => "報告の内訳 電話で助言",
            OutcomeAdmitted => "報告の内訳 入院",
            OutcomeOther => "報告の内訳 その他",
            MedianMinutes => "受諾までの時間 中央値（分）",
            P90Minutes => "受諾までの時間 90%値（分）",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        use ReportLabel::*;
        match self {
            Registered => "Registered patients (at year end)",
            NewInYear => "of whom newly registered this year",
            Treated => "Patients treated this year",
            Deaths => "Deaths",
            HomeDeaths => "of which at home",
            HomeDeathShare => "Share of deaths at home (%)",
            Calls => "Calls",
            Urgent => "of which urgent",
            Death => "of which death confirmation",
            Advice => "of which phone advice",
            Followups => "Further calls for the same patient",
            ByAttending => "Accepted by the attending doctor",
            ByDutyDoctor => "Accepted by the duty doctor",
            ByHospital => "Accepted by a backup hospital",
            ByFallback => "Accepted by the fallback doctor (death confirmation)",
            At119Advice => "Ended with advice to call 119",
            AtOffice => "Death confirmation passed to the office",
            Cancelled => "Cancelled",
            Open => "Still open",
            DutyVisits => "Duty doctor visits",
            ReportsFiled => "Reports filed to the attending doctor",
            OutcomeVisit => "Reports: visited",
            OutcomePhone => "Reports: phone advice",
            OutcomeAdmitted => "Reports: admitted",
            OutcomeOther => "Reports: other",
            MedianMinutes => "Minutes to acceptance, median",
            P90Minutes => "Minutes to acceptance, 90th percentile",
        }
    }
}

impl Message for ReportLabel {
    fn ja(&self) -> String {
        self.label_ja().into()
    }
    fn en(&self) -> String {
        self.label_en().into()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_report_label_reads_in_both_languages() {
        for l in super::ReportLabel::ALL {
            super::super::check_both(&l);
        }
    }

    // See: issue 18 (English review 44): "Ended at the 119 advice".
    #[test]
    fn a_call_ended_with_advice_to_call_119_says_so() {
        let label = crate::msg::Message::en(&super::ReportLabel::At119Advice);
        assert_eq!(label, "Ended with advice to call 119");
    }
}
