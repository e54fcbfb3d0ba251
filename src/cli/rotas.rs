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
use crate::rules::{MAIN_ROTA, Rules};

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

/// The rules rota `rota` is planned with.
///
/// # Errors
/// [`RotaRefusal::Unknown`] when the rules have no such rota.
pub(crate) fn rules_of(rules: &Rules, rota: &str) -> Result<Rules, Refusal> {
    rules.for_rota(rota).ok_or_else(|| {
        Refusal::Rota(RotaRefusal::Unknown { rota: rota.to_string(), known: rules.rota_ids() })
    })
}

/// [`RotaRefusal::NotInRota`]: `doctor` is not one of rota `rota`'s (whose rules are `rules`).
pub(crate) fn not_in_rota(rules: &Rules, rota: &str, doctor: &str) -> Refusal {
    let doctors = rules.doctors.iter().map(|d| d.id.to_string()).collect();
    Refusal::Rota(RotaRefusal::NotInRota { rota: rota.into(), doctor: doctor.into(), doctors })
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
        Some(rota) if rota != store.scope() => {
            Err(Refusal::Rota(RotaRefusal::OtherRota { rota, slot: slot.into() }).into())
        }
        _ => Ok(()),
    }
}

/// The rules of the rota `command` names, when it names one other than main (`None`: the
/// command runs as it always did).
///
/// # Errors
/// As [`rules_of`].
pub(crate) fn scoped(command: &Command, rules: &Rules) -> Result<Option<Rules>, Refusal> {
    match chosen(command) {
        Some(id) if id != MAIN_ROTA => rules_of(rules, id).map(Some),
        _ => Ok(None),
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
        list.push(serde_json::json!({"id": id, "name": rules.rota_name(&id), "duty": duty}));
    }
    value["rotas"] = serde_json::Value::Array(list);
    Ok(())
}

/// A patient's `--rota`: `None` for the association's own (`main` or ""), else the rota's id.
///
/// # Errors
/// [`RotaRefusal::Unknown`] when the rules have no such rota.
pub(crate) fn patient_rota(rules: &Rules, given: &str) -> Result<Option<String>, Refusal> {
    let given = given.trim();
    if given.is_empty() || given == MAIN_ROTA {
        return Ok(None);
    }
    rules_of(rules, given)?;
    Ok(Some(given.to_string()))
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
        let id = r.id.as_str();
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
            let msg = crate::msg::rota::RotaRule::Unplannable { rota: id.into(), year, clashes };
            let msg = crate::msg::rules::RulesMsg::Rota(msg);
            let problems = vec![crate::rules::Problem::whole(dir.to_path_buf(), msg)];
            return Err(crate::rules::RulesError { problems }.into());
        }
    }
    Ok(())
}
