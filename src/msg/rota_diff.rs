//! A duty a new rota changes (issue 18), said the same way by `toban rota diff`, a re-plan,
//! publishing and the console's plan page: the duty by its days with its id in brackets (the
//! office types the id into the next command), the doctors by name.

use super::audit::Names;
use super::slot::SlotRef;
use super::{Lang, Message};

/// One changed duty: who had it, who has it in the new rota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyChanged {
    /// The duty.
    pub duty: SlotRef,
    /// Its doctors before (ids).
    pub before: Vec<String>,
    /// Its doctors after (ids).
    pub after: Vec<String>,
    /// Who is who (the office's: ids kept in English).
    pub names: Names,
}

impl DutyChanged {
    /// Its doctors before, by name: 「石川 花子先生、上田 誠先生」, or 「なし」.
    pub fn before(&self, lang: Lang) -> String {
        self.doctors(&self.before, lang)
    }

    /// Its doctors after, by name.
    pub fn after(&self, lang: Lang) -> String {
        self.doctors(&self.after, lang)
    }

    fn doctors(&self, ids: &[String], lang: Lang) -> String {
        match (ids.is_empty(), lang) {
            (true, Lang::Ja) => "なし".into(),
            (true, Lang::En) => "nobody".into(),
            (false, Lang::Ja) => super::words::list(ids.iter().map(|d| self.names.ja(d)), lang),
            (false, Lang::En) => super::words::list(ids.iter().map(|d| self.names.en(d)), lang),
        }
    }

    /// A duty given to another doctor, and one left with nobody.
    pub fn samples() -> Vec<DutyChanged> {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 1, d).expect("date");
        let one = DutyChanged {
            duty: SlotRef::with_days("2027-01-12", day(12), day(18)),
            before: vec!["d01".into()],
            after: vec!["d02".into()],
            names: Names::sample(),
        };
        let emptied = DutyChanged { after: vec![], ..one.clone() };
        vec![one, emptied]
    }
}

impl Message for DutyChanged {
    /// 「1月12日(火)〜1月18日(月)の当番（2027-w02）: 石川 花子先生 → 田中 由美先生」.
    fn ja(&self) -> String {
        format!("{}: {} → {}", self.duty.ja(), self.before(Lang::Ja), self.after(Lang::Ja))
    }

    /// "the duty of Tue 12 Jan to Mon 18 Jan (2027-w02): 石川 花子 (d02) → 田中 由美 (d09)".
    fn en(&self) -> String {
        format!("{}: {} → {}", self.duty.en(), self.before(Lang::En), self.after(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_changed_duty_reads_in_both_languages() {
        for m in super::DutyChanged::samples() {
            super::super::check_both(&m);
        }
    }
}
