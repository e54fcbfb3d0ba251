//! Several rotas in one association (issue 20): a clinic group's night duty beside the
//! association's weekly duty, or a holiday-clinic rota, each with its own doctors and duty keys.
//!
//! Key decision: a rota is planned as an association of its own. [`Rules::for_rota`] derives
//! the rules one rota is planned with (its doctors only, its `[duty]` keys, its holiday
//! periods), so the planner, the checker, the ledger and the pages work unchanged on it, and
//! the planner's proofs of optimality hold per rota because each rota is its own instance. The
//! association's own rota is the implicit rota [`RotaId::main`], with every doctor and `[duty]`
//! as written: rules without `[[rota]]` behave exactly as before.

use super::{Handover, MemberId, RotaId, Rules};
use crate::msg::rules::Place;

/// One `[[rota]]`, with every `[duty]` key it does not override filled in from `[duty]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rota {
    /// Its id (never `main`), in CLI arguments and store keys.
    pub id: RotaId,
    /// Its display name, e.g. 「北部グループ夜間当番」.
    pub name: String,
    /// Its doctors, in the order the rota lists them (a doctor may be in several rotas).
    pub doctors: Vec<MemberId>,
    /// When its duty passes.
    pub handover: Handover,
    /// Doctors on duty at once.
    pub doctors_per_slot: u32,
    /// The fewest slots between two duties of one doctor.
    pub min_gap_slots: u32,
    /// As `[duty] merge_shorter_than_days`.
    pub merge_shorter_than_days: u32,
    /// The ids of the holiday periods that are holiday slots of this rota.
    pub holiday_periods: Vec<String>,
    /// Where the rules define it.
    pub at: Place,
}

impl Rules {
    /// The `[[rota]]` with id `id` (not the main rota, which has no section).
    pub fn rota(&self, id: &RotaId) -> Option<&Rota> {
        self.rotas.iter().find(|r| &r.id == id)
    }

    /// The ids of every rota: `main` first, then the `[[rota]]` sections in order.
    pub fn rota_ids(&self) -> Vec<RotaId> {
        std::iter::once(RotaId::main()).chain(self.rotas.iter().map(|r| r.id.clone())).collect()
    }

    /// The rota `given` names, as an edge reads it (`--rota`, `?rota=`, a form field): `None`
    /// when the rules have no such rota, whether or not `given` could be a rota id, so every
    /// edge refuses both with one message listing the known ids.
    pub fn find_rota(&self, given: &str) -> Option<RotaId> {
        let id: RotaId = given.parse().ok()?;
        (id.is_main() || self.rota(&id).is_some()).then_some(id)
    }

    /// The display name of rota `id`: the association's name for `main`.
    pub fn rota_name<'a>(&'a self, id: &'a RotaId) -> &'a str {
        match self.rota(id) {
            Some(r) => &r.name,
            None if id.is_main() => &self.association.name,
            None => id.as_str(),
        }
    }

    /// The rules rota `id` is planned with: its doctors only (in the rules' order), its duty
    /// keys and holiday periods; every other setting is the association's. `main` gives the
    /// rules as they are. `None` if there is no such rota.
    pub fn for_rota(&self, id: &RotaId) -> Option<Rules> {
        if id.is_main() {
            return Some(self.clone());
        }
        let rota = self.rota(id)?;
        let mut rules = self.clone();
        rules.doctors.retain(|d| rota.doctors.contains(&d.id));
        rules.handover = rota.handover;
        rules.doctors_per_slot = rota.doctors_per_slot;
        rules.min_gap_slots = rota.min_gap_slots;
        rules.merge_shorter_than_days = rota.merge_shorter_than_days;
        rules.holiday_periods.retain(|p| rota.holiday_periods.contains(&p.id));
        Some(rules)
    }

    /// The rotas doctor `id` is in: `main` (every doctor) and each `[[rota]]` listing them.
    pub fn rotas_of(&self, id: &str) -> Vec<RotaId> {
        let mut out = vec![RotaId::main()];
        out.extend(
            self.rotas
                .iter()
                .filter(|r| r.doctors.iter().any(|d| d.as_str() == id))
                .map(|r| r.id.clone()),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::msg::Lang;
    use crate::rules::{Source, load};

    const ASSOCIATION: &str = include_str!("../../rules/association.toml");
    const MEMBERS: &str = include_str!("../../rules/members.toml");

    /// A clinic group's night duty: four doctors, handover on Thursday, New Year only.
    const NORTH: &str = r#"
[[rota]]
id = "north"
name = "北部グループ夜間当番"
doctors = ["d02", "d04", "d06", "d08"]
handover_weekday = "thu"
holiday_periods = ["new_year"]
"#;

    fn north() -> RotaId {
        "north".parse().unwrap()
    }

    fn with(extra: &str) -> Vec<Source> {
        vec![
            Source { path: "rules/association.toml".into(), text: format!("{ASSOCIATION}{extra}") },
            Source { path: "rules/members.toml".into(), text: MEMBERS.to_string() },
        ]
    }

    fn problems(extra: &str) -> Vec<(usize, String, String)> {
        let e = load(&with(extra)).expect_err("rules with a bad [[rota]] should be refused");
        e.problems.iter().map(|p| (p.line, p.render(Lang::Ja), p.render(Lang::En))).collect()
    }

    #[test]
    fn without_rota_sections_there_is_only_the_main_rota_with_every_doctor() {
        let rules = load(&with("")).expect("the shipped rules load");
        assert!(rules.rotas.is_empty());
        assert_eq!(rules.rota_ids(), [RotaId::main()]);
        let main = rules.for_rota(&RotaId::main()).expect("main");
        assert_eq!(main.doctors, rules.doctors);
        assert_eq!(main.handover, rules.handover);
        assert_eq!(main.holiday_periods, rules.holiday_periods);
        assert!(rules.for_rota(&north()).is_none());
        assert_eq!(rules.find_rota("north"), None, "no such rota");
    }

    #[test]
    fn a_rota_is_planned_with_its_doctors_and_its_duty_keys() {
        let rules = load(&with(NORTH)).expect("rules with a second rota load");
        assert_eq!(rules.rota_ids(), [RotaId::main(), north()]);
        assert_eq!(rules.rota_name(&north()), "北部グループ夜間当番");
        assert_eq!(rules.rota_name(&RotaId::main()), rules.association.name);
        assert_eq!(rules.find_rota("north"), Some(north()));
        assert_eq!(rules.find_rota("main"), Some(RotaId::main()));
        for unknown in ["south", "North!", ""] {
            assert_eq!(rules.find_rota(unknown), None, "{unknown:?} is no rota of the rules");
        }
        let north = rules.for_rota(&north()).expect("north");
        let ids: Vec<&str> = north.doctors.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["d02", "d04", "d06", "d08"]);
        assert_eq!(north.handover.weekday, Weekday::Thu);
        assert_eq!(north.handover.time, rules.handover.time, "not overridden: [duty]'s");
        assert_eq!(north.min_gap_slots, rules.min_gap_slots);
        let periods: Vec<&str> = north.holiday_periods.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(periods, ["new_year"]);
        // The association's own rota is untouched.
        assert_eq!(rules.doctors.len(), 10);
        assert_eq!(rules.handover.weekday, Weekday::Tue);
        assert_eq!(rules.rotas_of("d04"), [RotaId::main(), self::north()]);
        assert_eq!(rules.rotas_of("d01"), [RotaId::main()]);
    }

    #[test]
    fn bad_rota_sections_are_refused_with_their_line_in_both_languages() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "[[rota]]\nid = \"main\"\nname = \"x\"\ndoctors = [\"d01\", \"d02\"]\n",
                "予約",
                "reserved",
            ),
            (
                "[[rota]]\nid = \"n\"\nname = \"x\"\ndoctors = [\"d01\", \"d99\", \"d02\"]\n",
                "「d99」",
                "'d99'",
            ),
            (
                "[[rota]]\nid = \"n\"\nname = \"x\"\ndoctors = [\"d01\", \"d01\", \"d02\"]\n",
                "2回",
                "twice",
            ),
            (
                "[[rota]]\nid = \"n\"\nname = \"x\"\ndoctors = [\"d01\", \"d02\"]\nholiday_periods = [\"obon\"]\n",
                "「obon」",
                "'obon'",
            ),
            (
                "[[rota]]\nid = \"n\"\nname = \"x\"\ndoctors = [\"d01\", \"d02\", \"d03\"]\ndoctors_per_slot = 2\n",
                "4名以上",
                "needs 4 or more",
            ),
            (
                "[[rota]]\nid = \"n\"\nname = \"x\"\ndoctors = [\"d01\", \"d02\"]\n[[rota]]\nid = \"n\"\nname = \"y\"\ndoctors = [\"d03\", \"d04\"]\n",
                "でも使われています",
                "is used at",
            ),
            (
                "[[rota]]\nid = \"n\"\nname = \"x\"\ndoctors = [\"d01\", \"d02\"]\nhandover_weekday = \"thursd\"\n",
                "thursd",
                "thursd",
            ),
        ];
        let first_line = ASSOCIATION.lines().count() + 1;
        for (extra, ja, en) in cases {
            let found = problems(extra);
            assert_eq!(found.len(), 1, "rules with {extra:?} should have one problem: {found:?}");
            let (line, j, e) = &found[0];
            assert!(j.contains(ja) && e.contains(en), "{extra:?}: {j} / {e}");
            assert!(*line >= first_line, "{extra:?}: line {line} points into the [[rota]]");
            assert!(j.contains("association.toml") && e.contains("association.toml"), "{j}");
        }
    }
}
