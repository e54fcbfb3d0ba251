//! `--rota ID` (issue 20): the commands that plan, publish, show and list one rota run on the
//! rules that rota is planned with and on the store as that rota sees it, so their code is the
//! main rota's, unchanged. Also the one-line-per-rota summary of who is on duty.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::{Command, DraftAction, RotaAction};
use crate::desk::Desk;
use crate::msg::refusal::Refusal;
use crate::msg::rota::RotaRefusal;
use crate::msg::{Lang, Message};
use crate::rules::{RotaId, Rules};

/// The `--rota` a command was given, if it takes one.
pub(crate) fn chosen(command: &Command) -> Option<&str> {
    let id = match command {
        Command::Slots { rota_id, .. }
        | Command::Plan { rota_id, .. }
        | Command::Oncall { rota_id, .. }
        | Command::Swap { rota_id, .. }
        | Command::Cover { rota_id, .. }
        | Command::Actual { rota_id, .. }
        | Command::Rota { action: RotaAction::Freeze { rota_id, .. } }
        | Command::Rota { action: RotaAction::Unfreeze { rota_id, .. } }
        | Command::Rota { action: RotaAction::Show { rota_id, .. } }
        | Command::Rota { action: RotaAction::Page { rota_id, .. } }
        | Command::Rota { action: RotaAction::Publish { rota_id, .. } }
        | Command::Rota { action: RotaAction::Diff { rota_id, .. } }
        | Command::Rota {
            action: RotaAction::Draft { action: DraftAction::Discard { rota_id, .. } },
        } => rota_id,
        _ => return None,
    };
    Some(id.as_str())
}

/// The rota `given` names (`--rota`, `?rota=`, a console form): parsed at the edge.
///
/// # Errors
/// [`RotaRefusal::Unknown`] when the rules have no such rota, including text that cannot be
/// a rota id at all: one message, with the known ids, whatever was mistyped.
pub(crate) fn rota_of(rules: &Rules, given: &str) -> Result<RotaId, Refusal> {
    rules.find_rota(given).ok_or_else(|| unknown(rules, given))
}

/// [`RotaRefusal::Unknown`]: the rules have no rota `given`.
fn unknown(rules: &Rules, given: &str) -> Refusal {
    let known = rules.rota_ids().iter().map(RotaId::to_string).collect();
    Refusal::Rota(RotaRefusal::Unknown { rota: given.to_string(), known })
}

/// The rules rota `rota` is planned with.
///
/// # Errors
/// [`RotaRefusal::Unknown`] when the rules have no such rota.
pub(crate) fn rules_of(rules: &Rules, rota: &RotaId) -> Result<Rules, Refusal> {
    rules.for_rota(rota).ok_or_else(|| unknown(rules, rota.as_str()))
}

/// The rota `given` names and the rules it is planned with, as [`rota_of`] and [`rules_of`].
///
/// # Errors
/// [`RotaRefusal::Unknown`] when the rules have no such rota.
pub(crate) fn resolve(rules: &Rules, given: &str) -> Result<(RotaId, Rules), Refusal> {
    let rota = rota_of(rules, given)?;
    let scoped = rules_of(rules, &rota)?;
    Ok((rota, scoped))
}

/// [`RotaRefusal::NotInRota`]: `doctor` is not one of rota `rota`'s (whose rules are `rules`).
pub(crate) fn not_in_rota(rules: &Rules, rota: &RotaId, doctor: &str) -> Refusal {
    let doctors = rules.doctors.iter().map(|d| d.id.to_string()).collect();
    let rota = rota.to_string();
    Refusal::Rota(RotaRefusal::NotInRota { rota, doctor: doctor.into(), doctors })
}

/// Refuses with [`RotaRefusal::OtherRota`] when `slot`, missing from the rota `store` sees, is
/// a published slot of another rota: the command was meant for it and needs `--rota`.
///
/// # Errors
/// That refusal; store failures.
pub(crate) fn refuse_other_rota(
    rules: &Rules,
    store: &dyn crate::store::Store,
    slot: &str,
) -> anyhow::Result<()> {
    match crate::desk::other_rota_of(rules, store, slot)? {
        Some(rota) if &rota != store.scope() => {
            let rota = rota.to_string();
            Err(Refusal::Rota(RotaRefusal::OtherRota { rota, slot: slot.into() }).into())
        }
        _ => Ok(()),
    }
}

/// The rota `command` names and its rules, when it names one other than main (`None`: the
/// command runs as it always did).
///
/// # Errors
/// As [`resolve`].
pub(crate) fn scoped(command: &Command, rules: &Rules) -> Result<Option<(RotaId, Rules)>, Refusal> {
    match chosen(command).map(|given| resolve(rules, given)).transpose()? {
        Some((rota, _)) if rota.is_main() => Ok(None),
        scoped => Ok(scoped),
    }
}

/// Prints [`Desk::rota_duty_lines`] under a table of `toban oncall`.
///
/// # Errors
/// If the store or `out` fails.
pub(crate) fn print_duty_lines(
    desk: &Desk<'_>,
    at: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lines = desk.rota_duty_lines(at)?;
    if !lines.is_empty() {
        writeln!(out)?;
        for l in lines {
            writeln!(out, "{}", l.render(lang))?;
        }
    }
    Ok(())
}

/// With several rotas, adds `"rotas": [{"id", "name", "duty": [{"id", "name"}]}]` to `toban
/// oncall --format json` (nothing otherwise: the contract of DESIGN.md §6 is unchanged).
///
/// # Errors
/// If the store fails.
pub(crate) fn add_json(
    desk: &Desk<'_>,
    at: DateTime<Utc>,
    value: &mut serde_json::Value,
) -> anyhow::Result<()> {
    let rules = desk.rules;
    if rules.rotas.is_empty() {
        return Ok(());
    }
    let mut list = Vec::new();
    for id in rules.rota_ids() {
        let on = desk.on_duty_of(&id, at)?;
        let duty: Vec<_> = on
            .duty
            .iter()
            .map(|m| serde_json::json!({"id": m.as_str(), "name": rules.name_of(m.as_str())}))
            .collect();
        let (name, id) = (rules.rota_name(&id), id.as_str());
        list.push(serde_json::json!({"id": id, "name": name, "duty": duty}));
    }
    value["rotas"] = serde_json::Value::Array(list);
    Ok(())
}

/// A patient's `--rota`: `None` for the association's own (`main` or ""), else the rota's id.
///
/// # Errors
/// [`RotaRefusal::Unknown`] when the rules have no such rota.
pub(crate) fn patient_rota(rules: &Rules, given: &str) -> Result<Option<RotaId>, Refusal> {
    let given = given.trim();
    if given.is_empty() {
        return Ok(None);
    }
    Ok(Some(rota_of(rules, given)?).filter(|r| !r.is_main()))
}

/// `toban check` for every `[[rota]]`: rules the planner cannot plan for `year` are refused,
/// naming the rota, in the planner's own words (the main rota is checked by the caller).
///
/// # Errors
/// A [`crate::rules::RulesError`] naming the first rota that cannot be planned; store failures.
pub(crate) fn check_plannable(
    rules: &Rules,
    cal: &crate::calendar::HolidayCalendar,
    year: i32,
    store: Option<&dyn crate::store::Store>,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    for r in &rules.rotas {
        let id = &r.id;
        let rota_rules = rules_of(rules, id)?;
        let context = match store {
            Some(store) => {
                let view = crate::store::RotaView::new(store, id);
                crate::known::context(&rota_rules, &view, year)?
            }
            None => crate::plan::year::Context::default(),
        };
        let (_, _, problem) = crate::plan::year::year_problem(&rota_rules, cal, year, &context);
        let options = crate::plan::solve::Options { time_limit_s: 2.0, ..Default::default() };
        if let Err(crate::plan::solve::PlanError::Clashes(clashes)) =
            crate::plan::solve::feasible(&problem, &options)
        {
            let msg =
                crate::msg::rota::RotaRule::Unplannable { rota: id.to_string(), year, clashes };
            let msg = crate::msg::rules::RulesMsg::Rota(msg);
            let problems = vec![crate::rules::Problem::whole(dir.to_path_buf(), msg)];
            return Err(crate::rules::RulesError { problems }.into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Source, load};

    fn rules_with_north() -> Rules {
        let a = include_str!("../../rules/association.toml");
        let north = "\n[[rota]]\nid = \"north\"\nname = \"北部\"\ndoctors = [\"d02\", \"d04\", \"d06\", \"d08\"]\n";
        let m = include_str!("../../rules/members.toml");
        load(&[
            Source { path: "association.toml".into(), text: format!("{a}{north}") },
            Source { path: "members.toml".into(), text: m.to_string() },
        ])
        .expect("rules with a second rota load")
    }

    #[test]
    fn a_mistyped_rota_is_refused_as_unknown_whether_or_not_it_could_be_an_id() {
        let rules = rules_with_north();
        assert_eq!(rota_of(&rules, "north").unwrap().as_str(), "north");
        assert!(rota_of(&rules, "main").unwrap().is_main());
        for given in ["nord", "North!", "北部", ""] {
            let Err(Refusal::Rota(RotaRefusal::Unknown { rota, known })) = rota_of(&rules, given)
            else {
                panic!("{given:?} should be refused as an unknown rota");
            };
            assert_eq!((rota.as_str(), known), (given, vec!["main".into(), "north".into()]));
        }
        assert_eq!(patient_rota(&rules, " main ").unwrap(), None, "main: no rota of its own");
        assert_eq!(patient_rota(&rules, "north").unwrap(), rules.find_rota("north"));
        assert!(patient_rota(&rules, "North!").is_err());
    }
}
