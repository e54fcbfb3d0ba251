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
) -> Result<Option<String>, crate::store::StoreError> {
    for r in &rules.rotas {
        let published = store.rotas_of(r.id.as_str())?;
        let has = published.iter().filter(|p| p.status == crate::store::RotaStatus::Published);
        if has.clone().any(|p| p.slots.iter().chain(&p.reserved).any(|s| s.id == slot)) {
            return Ok(Some(r.id.to_string()));
        }
    }
    Ok(None)
}
