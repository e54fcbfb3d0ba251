//! Swaps and covers of another rota in chat and on the doctors' pages (issue 20).
//!
//! Key decision: a doctor names a duty as always (a day, or the slot id a button carries), and
//! the rota is found from the duty: `ID/SLOT` names it (the buttons and the doctors' pages
//! write that), else the association's own rota if the doctor is on that slot there, else the
//! first of the doctor's rotas that has them on it. The request is then made by the very code
//! of the main rota, on that rota's rules and the store as it sees it
//! ([`crate::store::RotaView`]), so the rota's checker judges it and the request carries the
//! rota for its answers.

use crate::store::prelude::*;
use chrono::{DateTime, Utc};

use super::Handlers;
use crate::rules::RotaId;
use crate::store::{RotaView, StoreError};

/// One future duty of a doctor in any of their rotas, for pickers and pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FutureDuty {
    /// The slot id, written `ID/SLOT` for a rota other than main.
    pub id: String,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// The rota's name when it is not main.
    pub rota: Option<String>,
}

impl Handlers<'_> {
    /// The rota of `member`'s duty `slot` and the slot's id in that rota (see the module).
    pub(super) fn duty_rota(
        &self,
        member: &str,
        slot: &str,
    ) -> Result<(RotaId, String), StoreError> {
        if let Some((rota, plain)) = slot.split_once('/')
            && let Some(rota) = self.rules.find_rota(rota).filter(|r| !r.is_main())
        {
            return Ok((rota, plain.to_string()));
        }
        if !self.store.scope().is_main() {
            return Ok((self.store.scope().clone(), slot.to_string()));
        }
        for rota in self.rules.rotas_of(member) {
            let view = RotaView::new(self.store, &rota);
            let slots = crate::notify::duty::published_slots(&view)?;
            if slots.iter().any(|s| s.id == slot && s.doctors.iter().any(|d| d == member)) {
                return Ok((rota, slot.to_string()));
            }
        }
        Ok((RotaId::main(), slot.to_string()))
    }

    /// `f` on the handlers of rota `rota`: its rules and the store as it sees it. `None` when
    /// `rota` is main or these handlers' own (or no longer in the rules).
    pub(super) fn in_rota<T>(
        &self,
        rota: &RotaId,
        f: impl FnOnce(&Handlers<'_>) -> T,
    ) -> Option<T> {
        if rota.is_main() || rota == self.store.scope() {
            return None;
        }
        let rules = self.rules.for_rota(rota)?;
        let view = RotaView::new(self.store, rota);
        Some(f(&Handlers { rules: &rules, overrides: self.overrides, store: &view }))
    }

    /// `member`'s duties after `now` in the published rotas of every rota they are in, by
    /// start; another rota's written `ID/SLOT` and named.
    ///
    /// # Errors
    /// If the store fails.
    pub fn future_duties(
        &self,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<FutureDuty>, StoreError> {
        let mut out = Vec::new();
        for rota in self.rules.rotas_of(member) {
            let view = RotaView::new(self.store, &rota);
            let main = rota.is_main();
            for r in
                view.rotas()?.iter().filter(|r| r.status == crate::store::RotaStatus::Published)
            {
                for s in &r.slots {
                    let start = s.start.with_timezone(&Utc);
                    if start > now && s.doctors.iter().any(|d| d == member) {
                        out.push(FutureDuty {
                            id: if main { s.id.clone() } else { format!("{rota}/{}", s.id) },
                            start,
                            rota: (!main).then(|| self.rules.rota_name(&rota).to_string()),
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{RotaRecord, RotaSlot, RotaStatus, SledStore};

    const NORTH: &str = r#"
[[rota]]
id = "north"
name = "北部グループ夜間当番"
doctors = ["d02", "d04", "d06", "d08"]
"#;

    fn rules() -> crate::rules::Rules {
        let association = include_str!("../../../rules/association.toml");
        let members = include_str!("../../../rules/members.toml");
        crate::rules::load(&[
            crate::rules::Source {
                path: "rules/association.toml".into(),
                text: format!("{association}{NORTH}"),
            },
            crate::rules::Source { path: "rules/members.toml".into(), text: members.into() },
        ])
        .expect("rules with a second rota load")
    }

    fn id(rota: &str) -> RotaId {
        rota.parse().unwrap()
    }

    fn record(rota: &str, slot: &str, doctor: &str) -> RotaRecord {
        let mut r = crate::store::records::fixtures::rota(2027);
        r.rota = id(rota);
        r.status = RotaStatus::Published;
        let day = chrono::NaiveDate::parse_from_str(slot, "%Y-%m-%d").unwrap();
        let one: RotaSlot =
            crate::store::records::fixtures::slot(slot, day, 7, "regular", &[doctor]);
        r.slots = vec![one];
        r.reserved.clear();
        r
    }

    #[test]
    fn a_duty_is_found_in_the_rota_that_has_the_doctor_on_it_main_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        store.put_rota(&record("main", "2027-06-01", "d02")).unwrap();
        store.put_rota(&record("north", "2027-06-03", "d02")).unwrap();
        let rules = rules();
        let h = Handlers { rules: &rules, overrides: &[], store: &store };
        let found = |slot: &str| h.duty_rota("d02", slot).unwrap();
        assert_eq!(found("2027-06-01"), (RotaId::main(), "2027-06-01".into()));
        assert_eq!(found("2027-06-03"), (id("north"), "2027-06-03".into()));
        assert_eq!(found("north/2027-06-01"), (id("north"), "2027-06-01".into()));
        // Not theirs anywhere: main, where it is refused as always.
        assert_eq!(found("2027-06-08"), (RotaId::main(), "2027-06-08".into()));
        let t0 = chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").unwrap().to_utc();
        let ids: Vec<_> = h.future_duties("d02", t0).unwrap().into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["2027-06-01", "north/2027-06-03"]);
        // d01 is not in north: its duties are not theirs to see or ask for.
        assert!(h.future_duties("d01", t0).unwrap().is_empty());
        // Inside north, a plain slot is north's.
        let north = h.in_rota(&id("north"), |n| n.duty_rota("d02", "2027-06-01").unwrap());
        assert_eq!(north, Some((id("north"), "2027-06-01".into())));
        assert!(h.in_rota(&RotaId::main(), |_| ()).is_none());
    }
}
