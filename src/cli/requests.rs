//! `toban request`: the office's view of swap and cover requests made in chat, and its hand
//! on them (withdraw for a doctor, approve, reject). The same desk path as the chat's buttons
//! ([`crate::desk::Desk::request_event`]): one machine decides, one transaction writes.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::table::Table;
use super::{Format, Refused, RequestAction};
use crate::calendar::Override;
use crate::desk::{Desk, RequestError};
use crate::msg::Message;
use crate::msg::swap::SwapMsg;
use crate::rules::{MemberId, Rules};
use crate::store::{Store, SwapRequest};
use crate::swap::Event;

/// Runs `toban request ACTION` at `now`.
///
/// # Errors
/// Unknown requests or members, refusals (as usage errors, with the reason); store failures.
pub fn run(
    rules: &Rules,
    overrides: &[Override],
    store: &dyn Store,
    action: &RequestAction,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let desk = Desk { rules, store };
    let actor = format!("admin:{}", super::actor::current());
    let say = |m: SwapMsg| m.render(rules.association.language);
    let (id, event, done) = match action {
        RequestAction::List { all, format } => return list(rules, store, *all, *format, out),
        RequestAction::Withdraw { id } => {
            // The office takes it back for the doctor who made it.
            let r = find(store, *id)?;
            (*id, Event::Withdraw { by: r.proposer }, SwapMsg::WithdrawnDone { request: *id })
        }
        RequestAction::Approve { id, admin } => {
            let by = admin_of(rules, admin.as_deref())?;
            (*id, Event::Approve { by }, SwapMsg::ApprovedDone { request: *id })
        }
        RequestAction::Reject { id, admin } => {
            let by = admin_of(rules, admin.as_deref())?;
            (*id, Event::Reject { by }, SwapMsg::RejectedDone { request: *id })
        }
    };
    match desk.request_event(overrides, id, &event, &actor, now) {
        Ok(step) => {
            let refused = step
                .requests
                .iter()
                .any(|r| r.id == id && r.status == crate::store::SwapStatus::Refused);
            if refused {
                let why = step.notices.iter().find_map(|n| match &n.body {
                    crate::routing::Body::Swap {
                        note: crate::swap::Note::Impossible { why, .. },
                        ..
                    } => Some(why.clone()),
                    _ => None,
                });
                let msg = say(SwapMsg::NotPossible { why: why.unwrap_or_default() });
                return Err(Refused(msg).into());
            }
            writeln!(out, "{}", say(done))?;
            Ok(())
        }
        Err(RequestError::Refused(r)) => Err(Refused(r.to_string()).into()),
        Err(RequestError::Store(e)) => Err(e.into()),
    }
}

fn find(store: &dyn Store, id: u64) -> anyhow::Result<SwapRequest> {
    store.swap_requests()?.into_iter().find(|r| r.id == id).ok_or_else(|| {
        Refused(format!("no swap or cover request {id}; see `toban request list --all`")).into()
    })
}

/// The admin deciding: `--as ADMIN`, else the rules' first admin.
fn admin_of(rules: &Rules, given: Option<&str>) -> anyhow::Result<MemberId> {
    let admin = match given {
        Some(a) => rules.admins.iter().find(|x| x.id.as_str() == a),
        None => rules.admins.first(),
    };
    admin.map(|a| a.id.clone()).ok_or_else(|| {
        let what = given.map_or("the rules name no admin".to_string(), |a| {
            format!("--as '{a}' is not an admin in the rules")
        });
        Refused(format!("{what}; see `toban check`")).into()
    })
}

fn list(
    rules: &Rules,
    store: &dyn Store,
    all: bool,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let list: Vec<SwapRequest> =
        store.swap_requests()?.into_iter().filter(|r| all || r.status.is_open()).collect();
    let tz = rules.association.tz;
    let at = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "kind": if r.their_slot.is_some() { "swap" } else { "cover" },
                    "proposer": r.proposer,
                    "slot": r.slot,
                    "target": r.target,
                    "their_slot": r.their_slot,
                    "status": r.status.word(),
                    "group": r.group,
                    "deadline": crate::swap::machine::deadline_of(r).with_timezone(&tz).to_rfc3339(),
                    "version": r.version,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let mut t = Table::new(&["id", "kind", "from", "duty", "to", "their duty", "status", "until"]);
    for r in &list {
        t.row(vec![
            r.id.to_string(),
            if r.their_slot.is_some() { "swap" } else { "cover" }.into(),
            r.proposer.to_string(),
            r.slot.clone(),
            r.target.to_string(),
            r.their_slot.clone().unwrap_or_default(),
            r.status.word().into(),
            at(crate::swap::machine::deadline_of(r)),
        ]);
    }
    write!(out, "{}", t.render())?;
    Ok(())
}
