//! A partial cover a re-plan cannot keep (issue 20): said in `toban rota diff`, on publishing
//! and in the console's diff, in the office's language. The cover belonged to the published
//! slot's doctors; the re-plan gives the slot to others, or to the colleague who covered it.

use super::slot::SlotRef;
use super::{Day, Doctor, Lang, Message};

/// A doctor as the office's register names them: 「上田 誠先生（d02）」, "Dr 上田 誠 (d02)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// The doctor's id.
    pub id: String,
    /// Their name.
    pub name: String,
}

impl Message for Who {
    fn ja(&self) -> String {
        super::words::aside(&Doctor(self.name.clone()).ja(), &self.id, Lang::Ja)
    }

    fn en(&self) -> String {
        super::words::aside(&format!("Dr {}", self.name), &self.id, Lang::En)
    }
}

/// One cover dropped by a re-plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverDropped {
    /// The duty, by its days.
    pub slot: SlotRef,
    /// Whose duty was covered.
    pub doctor: Who,
    /// Who covered it.
    pub by: Who,
    /// First covered day.
    pub from: chrono::NaiveDate,
    /// Last covered day.
    pub to: chrono::NaiveDate,
    /// The slot's doctors after the re-plan.
    pub now: Vec<Who>,
    /// Whether the colleague who covered is now on the slot's duty themselves.
    pub by_on_duty: bool,
}

impl CoverDropped {
    /// One of every kind.
    pub fn samples() -> Vec<CoverDropped> {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 4, d).unwrap_or_default();
        let who = |id: &str, name: &str| Who { id: id.into(), name: name.into() };
        let one = CoverDropped {
            slot: SlotRef::with_days("2027-04-06", day(6), day(12)),
            doctor: who("d01", "佐藤 一郎"),
            by: who("d02", "上田 誠"),
            from: day(8),
            to: day(9),
            now: vec![who("d03", "鈴木 花子")],
            by_on_duty: false,
        };
        let theirs = CoverDropped { now: vec![one.by.clone()], by_on_duty: true, ..one.clone() };
        vec![one, theirs]
    }
}

impl Message for CoverDropped {
    fn ja(&self) -> String {
        let why = if self.by_on_duty {
            format!("再作成で{}がこの当番そのものを務めることになるため", self.by.ja())
        } else {
            format!(
                "再作成でこの当番が{}に替わるため",
                super::words::list(self.now.iter().map(Message::ja), Lang::Ja)
            )
        };
        format!(
            "  一部代行の取り消し: {}の{}のうち{}〜{}を{}が務める予定でしたが、{}、この代行は取り消されます。必要であれば、公開の後にあらためて一部代行を記録してください。",
            self.doctor.ja(),
            self.slot.ja(),
            Day(self.from).ja(),
            Day(self.to).ja(),
            self.by.ja(),
            why
        )
    }

    fn en(&self) -> String {
        let why = if self.by_on_duty {
            format!("the re-plan puts {} on the whole duty", self.by.en())
        } else {
            format!(
                "the re-plan gives the duty to {}",
                super::words::list(self.now.iter().map(Message::en), Lang::En)
            )
        };
        format!(
            "  partial cover dropped: {}: {} was to cover {}'s days from {} to {}, but {why}; record the cover again after publishing if it is still needed",
            self.slot.en(),
            self.by.en(),
            self.doctor.en(),
            Day(self.from).en(),
            Day(self.to).en()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    #[test]
    fn both_kinds_read_in_both_languages_naming_the_slot_and_both_doctors() {
        for m in CoverDropped::samples() {
            for text in [m.render(Lang::Ja), m.render(Lang::En)] {
                assert!(
                    text.contains("2027-04-06") && text.contains("d01") && text.contains("d02")
                );
            }
            assert!(m.render(Lang::Ja).contains("一部代行の取り消し"));
            assert!(m.render(Lang::En).contains("partial cover dropped: the duty of"));
        }
    }

    /// The office reads the duty by its days and doctors as 「上田 誠先生（d02）」, not
    /// 「2027-04-06」 and 「d02 上田 誠」 (issue 18).
    #[test]
    fn the_duty_is_named_by_its_days_and_the_doctors_with_sensei() {
        let m = &CoverDropped::samples()[0];
        let ja = m.render(Lang::Ja);
        assert!(ja.contains("4月6日(火)〜4月12日(月)の当番（2027-04-06）"), "{ja}");
        assert!(ja.contains("上田 誠先生（d02）") && ja.contains("佐藤 一郎先生（d01）"), "{ja}");
        assert!(!ja.contains("d02 上田") && !ja.contains("toban "), "{ja}");
        let en = m.render(Lang::En);
        assert!(en.contains("Dr 上田 誠 (d02)"), "{en}");
    }
}
