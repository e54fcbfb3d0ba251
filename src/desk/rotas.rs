//! Who is on duty in each rota of the association (issue 20), for `toban oncall` and chat
//! `/who`: one line per rota, named by the rota's name.

use chrono::{DateTime, Utc};

use super::Desk;
use crate::msg::rota::RotaDutyLine;
use crate::store::StoreError;

impl Desk<'_> {
    /// With several rotas: one line per rota (main first), who is on duty in it at `at` (its
    /// published slot, after covers). Empty when the association has only its own rota.
    ///
    /// # Errors
    /// If the store fails.
    pub fn rota_duty_lines(&self, at: DateTime<Utc>) -> Result<Vec<RotaDutyLine>, StoreError> {
        let rules = self.rules;
        if rules.rotas.is_empty() {
            return Ok(Vec::new());
        }
        let mut lines = Vec::new();
        for id in rules.rota_ids() {
            let on = self.on_duty_of(&id, at)?;
            let doctors = on.duty.iter().map(|d| rules.name_of(d.as_str()).to_string()).collect();
            lines.push(RotaDutyLine { name: rules.rota_name(&id).to_string(), doctors });
        }
        Ok(lines)
    }
}

/// The rota other than main whose published rota has slot `slot`, if any (a slot id is its
/// start date, so rotas may share one; the main rota is looked up first by the caller).
///
/// # Errors
/// If the store fails.
pub fn other_rota_of(
    rules: &crate::rules::Rules,
    store: &dyn crate::store::Store,
    slot: &str,
) -> Result<Option<crate::rules::RotaId>, crate::store::StoreError> {
    for r in &rules.rotas {
        let published = store.rotas_of(&r.id)?;
        let has = published.iter().filter(|p| p.status == crate::store::RotaStatus::Published);
        if has.clone().any(|p| p.slots.iter().chain(&p.reserved).any(|s| s.id == slot)) {
            return Ok(Some(r.id.clone()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Rules, Source, load};
    use crate::store::SledStore;
    use crate::store::prelude::*;
    use crate::store::records::fixtures::{rota, slot};

    const NORTH: &str = "\n[[rota]]\nid = \"north\"\nname = \"北部グループ夜間当番\"\ndoctors = [\"d02\", \"d04\", \"d06\", \"d08\"]\n";

    fn rules() -> Rules {
        let a = include_str!("../../rules/association.toml");
        let m = include_str!("../../rules/members.toml");
        load(&[
            Source { path: "association.toml".into(), text: format!("{a}{NORTH}") },
            Source { path: "members.toml".into(), text: m.to_string() },
        ])
        .expect("rules with a second rota load")
    }

    fn north_2027() -> crate::store::RotaRecord {
        let mut r = rota(2027);
        r.rota = "north".parse().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 7).unwrap();
        r.slots = vec![slot("2027-01-07", day, 7, "regular", &["d04"])];
        r.reserved.clear();
        r
    }

    #[test]
    fn a_doctors_feed_has_their_duties_of_every_rota_and_names_the_other_rota() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SledStore::open(dir.path()).expect("open");
        store.put_rota(&rota(2027)).expect("main");
        store.put_rota(&north_2027()).expect("north");
        let rules = rules();
        let desk = Desk { rules: &rules, store: &store };
        let at = crate::store::records::fixtures::utc(2026, 12, 1, 0);
        assert!(desk.refresh_feeds(at).expect("refresh"));
        let events = store.feed_events().expect("events");
        let of_d04: Vec<&crate::feed::FeedEvent> =
            events.iter().filter(|e| e.doctor == "d04").collect();
        let mut slots: Vec<&str> = of_d04.iter().map(|e| e.slot.as_str()).collect();
        slots.sort();
        assert_eq!(slots, ["2028-ny", "north/2027-01-07"], "main's duty and north's");
        let ics = crate::feed::ics::render(&rules, &of_d04, Some("d04"), 0);
        assert!(ics.contains("北部グループ夜間当番"), "{ics}");
        assert_eq!(ics.matches("北部グループ夜間当番").count(), 1, "only the north event: {ics}");
        // Who is on duty, per rota.
        let when = chrono::DateTime::parse_from_rfc3339("2027-01-08T12:00:00+09:00").unwrap();
        let lines = desk.rota_duty_lines(when.to_utc()).expect("lines");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].doctors, ["江藤 恵子"]);
        assert_eq!(lines[0].name, rules.association.name);
        assert!(lines[0].doctors.len() <= 1);
        assert_eq!(
            other_rota_of(&rules, &store, "2027-01-07").expect("read"),
            Some("north".parse().unwrap())
        );
        assert_eq!(other_rota_of(&rules, &store, "2027-w01").expect("read"), None);
    }
}
