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
