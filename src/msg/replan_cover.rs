//! A partial cover a re-plan cannot keep (issue 20): said in `toban rota diff`, on publishing
//! and in the console's diff, in the office's language. The cover belonged to the published
//! slot's doctors; the re-plan gives the slot to others, or to the colleague who covered it.

use super::{Day, Message};

/// One cover dropped by a re-plan. Names are "d05 上田 誠" as the diff writes doctors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverDropped {
    /// The slot.
    pub slot: String,
    /// Whose duty was covered.
    pub doctor: String,
    /// Who covered it.
    pub by: String,
    /// First covered day.
    pub from: chrono::NaiveDate,
    /// Last covered day.
    pub to: chrono::NaiveDate,
    /// The slot's doctors after the re-plan.
    pub now: Vec<String>,
    /// Whether the colleague who covered is now on the slot's duty themselves.
    pub by_on_duty: bool,
}

impl CoverDropped {
    /// One of every kind.
    pub fn samples() -> Vec<CoverDropped> {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 4, d).unwrap_or_default();
        let one = CoverDropped {
            slot: "2027-04-06".into(),
            doctor: "d01 佐藤 一郎".into(),
            by: "d02 上田 誠".into(),
            from: day(8),
            to: day(9),
            now: vec!["d03 鈴木 花子".into()],
            by_on_duty: false,
        };
        let theirs =
            CoverDropped { now: vec!["d02 上田 誠".into()], by_on_duty: true, ..one.clone() };
        vec![one, theirs]
    }
}

impl Message for CoverDropped {
    fn ja(&self) -> String {
        let why = if self.by_on_duty {
            format!("再作成で {} がこの当番そのものを務めることになるため", self.by)
        } else {
            format!(
                "再作成でこの当番が {} に替わるため",
                super::words::list(self.now.iter(), super::Lang::Ja)
            )
        };
        format!(
            "  一部代行の取り消し: {} の当番（{}）のうち {}〜{} を {} が務める予定でしたが、{}、この代行は取り消されます。必要なら公開後にあらためて toban cover で記録してください。",
            self.slot,
            self.doctor,
            Day(self.from).ja(),
            Day(self.to).ja(),
            self.by,
            why
        )
    }

    fn en(&self) -> String {
        let why = if self.by_on_duty {
            format!("the re-plan puts {} on the whole duty", self.by)
        } else {
            format!(
                "the re-plan gives the duty to {}",
                super::words::list(self.now.iter(), super::Lang::En)
            )
        };
        format!(
            "  partial cover dropped: {} {} was to cover {}'s duty from {} to {}, but {why}; record it again with `toban cover` after publishing if still needed",
            self.slot,
            self.by,
            self.doctor,
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
            assert!(m.render(Lang::En).contains("partial cover dropped: 2027-04-06"));
        }
    }
}
