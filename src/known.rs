//! What the store knows, in the planner's terms: the ledger of duties actually done, who did
//! the slots before a year, and the absences. Shared by the command line (plan, fairness),
//! the changes of a published rota (swaps, covers) and the bot (whom to ask for cover first),
//! so the three read the record the same way.

use std::collections::BTreeMap;

use crate::msg::rules::{Recorded, RulesMsg};
use crate::plan::build::Away;
use crate::plan::ledger::{self, Duty, Ledger};
use crate::plan::year::Context;
use crate::rules::Rules;
use crate::store::{RotaRecord, RotaStatus, Store, StoreError};

/// Every duty the ledger counts: imported history, except for years with a published rota,
/// whose slots (after swaps) are the record of what happened.
///
/// # Errors
/// If the store fails.
pub fn ledger_duties(store: &dyn Store) -> Result<(Vec<Duty>, ledger::YearTargets), StoreError> {
    let rotas = store.rotas()?;
    let published: Vec<&RotaRecord> =
        rotas.iter().filter(|r| r.status == RotaStatus::Published).collect();
    let mut duties: Vec<Duty> = store
        .history()?
        .into_iter()
        .filter(|h| !published.iter().any(|r| r.year == h.year))
        .map(|h| Duty {
            year: h.year,
            slot_start: h.slot_start,
            slot_end: h.slot_end,
            doctor: h.doctor,
            kind: h.kind,
            weight: h.weight,
            holidays: h.holidays,
            turn: true,
        })
        .collect();
    let mut targets = BTreeMap::new();
    for r in &published {
        for s in &r.slots {
            let duty = |doctor: &str, weight: i64, holidays: usize, turn: bool| Duty {
                year: r.year,
                slot_start: s.start.date_naive(),
                slot_end: s.end.date_naive(),
                doctor: doctor.to_string(),
                kind: s.kind.clone(),
                weight: u32::try_from(weight.max(0)).unwrap_or(0),
                holidays: holidays as u32,
                turn,
            };
            // A partial cover (issue 20): the colleague earns the part's points and holiday
            // days; the doctor keeps the turn and the rest.
            for d in &s.doctors {
                let given = s.parts.iter().filter(|p| &p.doctor == d);
                let days = s.holidays.len() - given.map(|p| p.holidays.len()).sum::<usize>();
                let own = i64::from(s.weight)
                    - s.parts
                        .iter()
                        .filter(|p| &p.doctor == d)
                        .map(|p| i64::from(p.points))
                        .sum::<i64>();
                duties.push(duty(d, own, days, true));
            }
            for p in &s.parts {
                duties.push(duty(&p.by, i64::from(p.points), p.holidays.len(), false));
            }
        }
        targets.insert(r.year, r.doctors.iter().map(|d| (d.id.clone(), d.target)).collect());
    }
    duties.sort_by(|a, b| (a.slot_start, &a.doctor).cmp(&(b.slot_start, &b.doctor)));
    Ok((duties, targets))
}

/// The ledger before plan year `before` (all years if `None`).
///
/// # Errors
/// If the store fails.
pub fn ledger_before(
    rules: &Rules,
    store: &dyn Store,
    before: Option<i32>,
) -> Result<Ledger, StoreError> {
    let (duties, targets) = ledger_duties(store)?;
    Ok(ledger::build(rules, &duties, &targets, before))
}

/// Slot id → its doctors.
pub type Known = BTreeMap<String, Vec<String>>;

/// Who did each slot before a plan year: imported history, overridden by `previous` (last
/// year's rota), whose reserved slots are returned too (they are pinned when planning).
///
/// # Errors
/// If the store fails.
pub fn known_before(
    store: &dyn Store,
    previous: Option<&RotaRecord>,
) -> Result<(Known, Vec<String>), StoreError> {
    let mut known = Known::new();
    for h in store.history()? {
        known.entry(h.slot_start.format("%Y-%m-%d").to_string()).or_default().push(h.doctor);
    }
    let mut reserved = Vec::new();
    if let Some(prev) = previous {
        for s in &prev.slots {
            known.insert(s.id.clone(), s.doctors.clone());
        }
        for s in &prev.reserved {
            known.insert(s.id.clone(), s.doctors.clone());
            reserved.push(s.id.clone());
        }
    }
    Ok((known, reserved))
}

/// Every recorded absence, as the planner reads them.
///
/// # Errors
/// If the store fails.
pub fn away(store: &dyn Store) -> Result<Vec<Away>, StoreError> {
    Ok(store
        .absences()?
        .into_iter()
        .map(|a| Away { doctor: a.doctor, from: a.from, to: a.to, soft: a.soft })
        .collect())
}

/// What is known before planning `year`: last year's rota (published, else the draft, else
/// imported history) for the slots before it, reservations made then (pinned), absences, and
/// the ledger.
///
/// # Errors
/// If the store fails.
pub fn context(rules: &Rules, store: &dyn Store, year: i32) -> Result<Context, StoreError> {
    let prev = match store.rota_version(year - 1, RotaStatus::Published)? {
        Some(p) => Some(p),
        None => store.rota(year - 1)?,
    };
    let (known, pinned) = known_before(store, prev.as_ref())?;
    Ok(Context {
        known,
        pinned,
        away: away(store)?,
        ledger: ledger_before(rules, store, Some(year))?,
        previous: None,
        parts: Default::default(),
    })
}

/// Members the store has records of (published rotas, duty history, patients' attending
/// doctors and hospitals, linked accounts) who are not in `rules` any more, each with where it
/// is recorded. A member who leaves is kept with `left = DATE`: deleting them from the rules
/// would silently change everyone's balance and orphan their records.
///
/// # Errors
/// If the store fails.
pub fn vanished(
    rules: &Rules,
    store: &dyn Store,
) -> Result<Vec<(String, Vec<Recorded>)>, StoreError> {
    let mut found: BTreeMap<String, Vec<Recorded>> = BTreeMap::new();
    let mut note = |id: &str, what: Recorded| {
        if rules.member(id).is_none() {
            let places = found.entry(id.to_string()).or_default();
            if !places.contains(&what) {
                places.push(what);
            }
        }
    };
    for r in store.rotas()?.iter().filter(|r| r.status == RotaStatus::Published) {
        for s in r.slots.iter().chain(&r.reserved) {
            for d in &s.doctors {
                note(d, Recorded::PublishedRota(r.year));
            }
        }
    }
    // Every other rota's published rotas too (issue 20), named by the rota.
    for rota in &rules.rotas {
        let published = store.rotas_of(&rota.id)?;
        for r in published.iter().filter(|r| r.status == RotaStatus::Published) {
            for d in r.slots.iter().chain(&r.reserved).flat_map(|s| &s.doctors) {
                let rota = rota.name.clone();
                note(d, Recorded::PublishedRotaOf { rota, year: r.year });
            }
        }
    }
    for h in store.history()? {
        note(&h.doctor, Recorded::History);
    }
    for p in store.patients()? {
        note(p.details.attending.as_str(), Recorded::Attending(p.id));
        if let Some(h) = &p.details.hospital {
            note(h.as_str(), Recorded::Hospital(p.id));
        }
    }
    for l in store.links()? {
        note(l.member.as_str(), Recorded::Link);
    }
    Ok(found.into_iter().collect())
}

/// [`vanished`] as the problem `toban check` and `serve`'s reload report, if any member vanished.
///
/// # Errors
/// If the store fails.
pub fn vanished_refusal(rules: &Rules, store: &dyn Store) -> Result<Option<RulesMsg>, StoreError> {
    let gone = vanished(rules, store)?;
    if gone.is_empty() {
        return Ok(None);
    }
    Ok(Some(RulesMsg::MembersRemoved { members: gone }))
}

/// Published duties (slot ids, by doctor) that doctors hold after their membership ends under
/// `rules` (a `left` date set, or a `joined` date moved later): each must be covered or the year
/// re-planned. Only duties that end after `now` are listed.
///
/// # Errors
/// If the store fails.
pub fn duties_outside_membership(
    rules: &Rules,
    store: &dyn Store,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(String, Vec<String>)>, StoreError> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in store.rotas()?.iter().filter(|r| r.status == RotaStatus::Published) {
        for s in r.slots.iter().chain(&r.reserved) {
            if s.end.with_timezone(&chrono::Utc) <= now {
                continue;
            }
            for d in &s.doctors {
                let Some(doctor) = rules.doctor(d) else { continue };
                if outside_membership(doctor, s) {
                    found.entry(d.clone()).or_default().push(s.id.clone());
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// Whether `doctor` holds `slot` outside their membership: a day of it after they leave (the
/// handover morning counts) or before they join.
fn outside_membership(doctor: &crate::rules::Doctor, slot: &crate::store::RotaSlot) -> bool {
    let (first, last) = (slot.start.date_naive(), slot.end.date_naive());
    doctor.left.is_some_and(|l| l < last) || doctor.joined.is_some_and(|j| j > first)
}

/// A published duty held outside membership, with where it is planned.
#[derive(Debug, Clone)]
pub struct OutsideDuty {
    /// The rota it is in.
    pub rota: crate::rules::RotaId,
    /// Its plan year.
    pub year: i32,
    /// The slot.
    pub slot: crate::store::RotaSlot,
}

/// [`duties_outside_membership`] of doctor `id` alone, each duty with its rota and plan
/// year, in time order: what the console names after their entry is saved.
///
/// # Errors
/// If the store fails.
pub fn duties_outside_membership_of(
    rules: &Rules,
    store: &dyn Store,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<OutsideDuty>, StoreError> {
    let Some(doctor) = rules.doctor(id) else { return Ok(Vec::new()) };
    let mut found = Vec::new();
    for r in store.rotas()?.into_iter().filter(|r| r.status == RotaStatus::Published) {
        for s in r.slots.iter().chain(&r.reserved) {
            let held = s.doctors.iter().any(|d| d == id);
            if held && s.end.with_timezone(&chrono::Utc) > now && outside_membership(doctor, s) {
                found.push(OutsideDuty { rota: r.rota.clone(), year: r.year, slot: s.clone() });
            }
        }
    }
    found.sort_by_key(|d| d.slot.start);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SledStore;
    use crate::store::prelude::*;

    #[test]
    fn a_member_gone_from_the_rules_is_found_in_another_rotas_published_rota() {
        let association = include_str!("../rules/association.toml");
        let members = include_str!("../rules/members.toml");
        let north = "\n[[rota]]\nid = \"north\"\nname = \"北部\"\ndoctors = [\"d02\", \"d04\", \"d06\", \"d08\"]\n";
        let rules = crate::rules::load(&[
            crate::rules::Source {
                path: "rules/association.toml".into(),
                text: format!("{association}{north}"),
            },
            crate::rules::Source { path: "rules/members.toml".into(), text: members.into() },
        ])
        .expect("rules with a second rota load");
        let store = SledStore::temporary().unwrap();
        let mut r = crate::store::records::fixtures::rota(2027);
        r.rota = "north".parse().unwrap();
        r.slots[0].doctors = vec!["d99".into()];
        store.put_rota(&r).unwrap();
        let gone = vanished(&rules, &store).unwrap();
        let d99 = gone.iter().find(|(id, _)| id == "d99").expect("d99 is found");
        assert_eq!(d99.1, vec![Recorded::PublishedRotaOf { rota: "北部".into(), year: 2027 }]);
    }
}
