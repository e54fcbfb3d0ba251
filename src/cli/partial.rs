//! `toban cover SLOT DOCTOR OTHER --from DATE --to DATE`: a colleague covers some days of a
//! duty (issue 20), through [`crate::partial`].

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::msg::refusal::Refusal as MsgRefusal;
use crate::msg::{Lang, Message, cli::Cli, partial::PartialMsg};
use crate::partial::{Asked, check, commit, days_of, said};
use crate::rules::Rules;
use crate::store::{RotaStatus, Store};

/// The command line's arguments: slot, doctor, colleague, first and last day (each optional).
pub(super) type Args<'a> = (&'a str, &'a str, &'a str, Option<NaiveDate>, Option<NaiveDate>);

/// Runs a partial cover: checked, stored with its audit entry, told.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    rules: &Rules,
    store: &dyn Store,
    (slot, doctor, other, from, to): Args<'_>,
    by: &str,
    on_behalf: Option<&str>,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use super::desk::{check_actor, fail};
    check_actor(rules, by, on_behalf)?;
    // A missing end is the duty's own first or last day.
    let rotas = store.rotas()?;
    let days = rotas
        .iter()
        .filter(|r| r.status == RotaStatus::Published)
        .find_map(|r| r.slots.iter().find(|s| s.id == slot))
        .map(|s| days_of(rules, s));
    let Some((first, last)) = days else {
        let slot = crate::msg::slot::SlotRef::id(slot);
        return Err(MsgRefusal::SlotNotPublished(slot).into());
    };
    let asked = Asked {
        slot: slot.to_string(),
        doctor: doctor.to_string(),
        by: other.to_string(),
        from: from.unwrap_or(first),
        to: to.unwrap_or(last),
    };
    let (year, part) = check(rules, store, &asked, now).map_err(fail)?;
    let actor =
        if by == "admin" { format!("admin:{}", super::actor::current()) } else { by.to_string() };
    let done =
        commit(rules, store, year, slot, &part, &actor, on_behalf, None, now).map_err(fail)?;
    writeln!(out, "{}", PartialMsg::Done { seq: done.seq }.render(lang))?;
    writeln!(out, "  {}", said(rules, (first, last), &part).render(lang))?;
    writeln!(out, "{}", Cli::ChangeTold(done.told.clone()).render(lang))?;
    Ok(())
}
