//! The web console's way into the desk commands (issue 18): a page runs the very command the
//! office would type (`swap`, `cover`, `rota freeze`, `actual`, `plan`, `rota publish`, …)
//! through [`super::desk::execute`], as `serve` runs a forwarded command, with the signed-in
//! admin as the actor the audit names. One path for the terminal, the chat and the browser.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::Command;
use crate::msg::Lang;
use crate::msg::refusal::Refusal;
use crate::rules::Rules;
use crate::store::Store;

/// Runs desk `command` at `now` as `actor` (a signed-in admin's id): its output in `lang`, or
/// the error (a [`Refusal`] when refused: nothing was saved).
///
/// # Errors
/// What the command line would report; a command that is no desk command is refused.
pub fn run(
    command: &Command,
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    now: DateTime<Utc>,
    lang: Lang,
    actor: &str,
) -> anyhow::Result<String> {
    if !super::desk::is_desk(command) {
        return Err(Refusal::NotAtDesk.into());
    }
    let mut out = Vec::new();
    super::actor::with(Some(actor), || {
        super::desk::execute(command, rules, overrides, store, now, lang, &mut out)
    })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// What the console asks the planner.
pub struct PlanAsk {
    /// The plan year.
    pub year: i32,
    /// Re-plan from this date.
    pub replan_from: Option<chrono::NaiveDate>,
    /// Seconds per solver call (as `toban plan`'s default).
    pub time_limit: f64,
}

/// `toban plan` as the console runs it (beside the engine, on the caller's thread): the same
/// [`super::rota::plan_into`] as `plan` inside `serve`, with the planner's progress lines
/// written to `progress` as they come.
///
/// # Errors
/// As `toban plan`: a re-plan from a date before the earliest allowed, a year published
/// already without a date, no plan found, store failures.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    ask: &PlanAsk,
    now: DateTime<Utc>,
    lang: Lang,
    actor: &str,
    progress: &mut dyn Write,
) -> anyhow::Result<String> {
    let job = super::rota::PlanJob {
        year: ask.year,
        time_limit: ask.time_limit,
        solver: "microlp",
        replan_from: ask.replan_from,
        lang,
    };
    let mut out = Vec::new();
    super::actor::with(Some(actor), || {
        super::rota::plan_into(rules, overrides, store, &job, now, &mut out, progress)
    })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The typed refusal behind `err`, if it is one (as the command line finds it).
pub fn refusal(err: &anyhow::Error) -> Option<Refusal> {
    super::refusal_of(err)
}

/// `err` as the command line says it in `lang`, without the `toban: ` prefixes.
pub fn error_text(err: &anyhow::Error, lang: Lang) -> String {
    let (_, text) = super::render_error(err, lang);
    text.lines().map(|l| l.trim_start_matches("toban: ")).collect::<Vec<_>>().join(" ")
}
