//! `[[rota]]` sections (issue 20), checked with file and line: a unique id that is not `main`,
//! known doctors listed once, known holiday periods, and enough doctors to plan.

use std::str::FromStr;

use super::Ctx;
use crate::msg::rota::RotaRule;
use crate::msg::rules::RulesMsg;
use crate::rules::file::RulesFile;
use crate::rules::{
    Doctor, Handover, HolidayPeriod, MemberId, Rota, RotaId, parse_time, parse_weekday,
};

/// The association's `[duty]` as loaded: what a rota does not override.
pub(super) struct DutyDefaults {
    pub handover: Handover,
    pub k: u32,
    pub gap: u32,
    pub merge: u32,
}

impl Ctx<'_> {
    pub(super) fn rotas(
        &mut self,
        files: &[(usize, RulesFile)],
        duty: &DutyDefaults,
        doctors: &[Doctor],
        periods: &[HolidayPeriod],
    ) -> Vec<Rota> {
        let mut out: Vec<Rota> = Vec::new();
        for (i, f) in files {
            for r in &f.rota {
                let i = *i;
                let s = r.get_ref();
                let Some(id) = self.text(i, &s.id, "rota.id", RotaId::from_str) else { continue };
                let mut ok = true;
                if id.is_main() {
                    self.report(&(i, s.id.span()), RulesMsg::Rota(RotaRule::MainReserved));
                    ok = false;
                }
                if let Some(first) = out.iter().find(|o| o.id == id) {
                    let msg = RotaRule::IdTwice { id: id.to_string(), first: first.at.clone() };
                    self.report(&(i, s.id.span()), RulesMsg::Rota(msg));
                    ok = false;
                }
                let name = self.non_empty(i, &s.name, "rota.name");
                let mut members: Vec<MemberId> = Vec::new();
                for d in &s.doctors {
                    let rota = id.to_string();
                    let found = doctors.iter().find(|doc| doc.id.as_str() == d.get_ref().trim());
                    match found {
                        None => {
                            let msg = RotaRule::UnknownDoctor { rota, doctor: d.get_ref().clone() };
                            self.report(&(i, d.span()), RulesMsg::Rota(msg));
                            ok = false;
                        }
                        Some(doc) if members.contains(&doc.id) => {
                            let msg = RotaRule::DoctorTwice { rota, doctor: doc.id.to_string() };
                            self.report(&(i, d.span()), RulesMsg::Rota(msg));
                            ok = false;
                        }
                        Some(doc) => members.push(doc.id.clone()),
                    }
                }
                let holiday_periods = match &s.holiday_periods {
                    None => periods.iter().map(|p| p.id.clone()).collect(),
                    Some(list) => {
                        let mut taken = Vec::new();
                        for p in list {
                            if periods.iter().any(|q| &q.id == p.get_ref()) {
                                taken.push(p.get_ref().clone());
                            } else {
                                let msg = RotaRule::UnknownPeriod {
                                    rota: id.to_string(),
                                    period: p.get_ref().clone(),
                                };
                                self.report(&(i, p.span()), RulesMsg::Rota(msg));
                                ok = false;
                            }
                        }
                        taken
                    }
                };
                let weekday = self.opt_text(
                    i,
                    &s.handover_weekday,
                    "rota.handover_weekday",
                    duty.handover.weekday,
                    parse_weekday,
                );
                let time = self.opt_text(
                    i,
                    &s.handover_time,
                    "rota.handover_time",
                    duty.handover.time,
                    parse_time,
                );
                let k = self.int(i, &s.doctors_per_slot, "rota.doctors_per_slot", 1..=10, duty.k);
                let gap = self.int(i, &s.min_gap_slots, "rota.min_gap_slots", 0..=52, duty.gap);
                let merge = self.int(
                    i,
                    &s.merge_shorter_than_days,
                    "rota.merge_shorter_than_days",
                    0..=7,
                    duty.merge,
                );
                if ok && (members.len() as u32) < k * (gap + 1) {
                    let msg = RotaRule::TooFewDoctors {
                        rota: id.to_string(),
                        doctors: members.len(),
                        k,
                        gap,
                    };
                    self.report(&(i, r.span()), RulesMsg::Rota(msg));
                    ok = false;
                }
                let (Some(weekday), Some(time)) = (weekday, time) else { continue };
                let at = self.location(&(i, r.span()));
                if ok {
                    out.push(Rota {
                        id,
                        name,
                        doctors: members,
                        handover: Handover { weekday, time },
                        doctors_per_slot: k,
                        min_gap_slots: gap,
                        merge_shorter_than_days: merge,
                        holiday_periods,
                        at,
                    });
                }
            }
        }
        out
    }
}
