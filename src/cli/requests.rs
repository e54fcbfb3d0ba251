//! `toban request`: the office's view of swap and cover requests made in chat, and its hand
//! on them (withdraw for a doctor, approve, reject). The same desk path as the chat's buttons
//! ([`crate::desk::Desk::request_event`]): one machine decides, one transaction writes.

use crate::ids::SwapRequestId;
use std::io::Write;

use chrono::{DateTime, Utc};

use super::table::Table;
use super::{Format, Refused, RequestAction};
use crate::calendar::Override;
use crate::desk::{Desk, RequestError};
use crate::msg::cli::{Cli, Col, Listed};
use crate::msg::swap::SwapMsg;
use crate::msg::web::AdminCli;
use crate::msg::{Lang, Message};
use crate::rules::{MemberId, Rules};
use crate::store::{Store, SwapRequest};
use crate::swap::Event;

/// Runs `toban request ACTION` at `now`, saying what it did in `lang` (the reader's: a
/// client's when `serve` runs it).
///
/// # Errors
/// Unknown requests or admins, refusals (runtime refusals, exit 1, with the reason); store
/// failures.
pub fn run(
    rules: &Rules,
    overrides: &[Override],
    store: &dyn Store,
    action: &RequestAction,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let desk = Desk { rules, store };
    let actor = format!("admin:{}", super::actor::current());
    let say = |m: SwapMsg| m.render(lang);
    let (id, event, done) = match action {
        RequestAction::List { all, format } => return list(rules, store, *all, *format, lang, out),
        RequestAction::Withdraw { id } => {
            // The office takes it back for the doctor who made it.
            let id = SwapRequestId::new(*id);
            let r = find(store, id, lang)?;
            (id, Event::Withdraw { by: r.proposer }, SwapMsg::WithdrawnDone { request: id })
        }
        RequestAction::Approve { id, admin } => {
            let (id, by) = (SwapRequestId::new(*id), admin_of(rules, admin.as_deref(), lang)?);
            (id, Event::Approve { by }, SwapMsg::ApprovedDone { request: id })
        }
        RequestAction::Reject { id, admin } => {
            let (id, by) = (SwapRequestId::new(*id), admin_of(rules, admin.as_deref(), lang)?);
            (id, Event::Reject { by }, SwapMsg::RejectedDone { request: id })
        }
    };
    match desk.request_event(overrides, id, &event, &actor, now) {
        Ok(step) => {
            // The office reads why in its own language, duties and doctors with their ids.
            let office = crate::swap::why::Register::Office;
            if let Some(why) = crate::swap::text::closed_why(rules, &step, id, office) {
                return Err(Refused(say(SwapMsg::NotPossible { why })).into());
            }
            writeln!(out, "{}", say(done))?;
            Ok(())
        }
        Err(RequestError::Refused(r)) => {
            Err(Refused(say(crate::swap::text::refusal(rules, &r))).into())
        }
        Err(RequestError::Store(e)) => Err(e.into()),
    }
}

fn find(store: &dyn Store, id: SwapRequestId, lang: Lang) -> anyhow::Result<SwapRequest> {
    store
        .swap_requests()?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Refused(SwapMsg::Unknown { request: id }.render(lang)).into())
}

/// The admin deciding: `--as ADMIN`, else the rules' first admin.
fn admin_of(rules: &Rules, given: Option<&str>, lang: Lang) -> anyhow::Result<MemberId> {
    let admin = match given {
        Some(a) => rules.admins.iter().find(|x| x.id.as_str() == a),
        None => rules.admins.first(),
    };
    admin.map(|a| a.id.clone()).ok_or_else(|| {
        let admins = rules.admins.iter().map(|a| a.id.to_string()).collect();
        let member = given.unwrap_or_default().to_string();
        Refused(AdminCli::NotAnAdmin { member, admins }.render(lang)).into()
    })
}

fn list(
    rules: &Rules,
    store: &dyn Store,
    all: bool,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let list: Vec<SwapRequest> =
        store.swap_requests()?.into_iter().filter(|r| all || r.status.is_open()).collect();
    let tz = rules.association.tz;
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
                    "rota": r.rota.clone().unwrap_or_else(crate::rules::RotaId::main),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let mut t = Table::cols(
        lang,
        &[
            Col::Id,
            Col::Kind,
            Col::Proposer,
            Col::Slot,
            Col::Asked,
            Col::TheirSlot,
            Col::Status,
            Col::Until,
        ],
    );
    for r in &list {
        t.row(vec![
            r.id.to_string(),
            Cli::RequestKind { swap: r.their_slot.is_some() }.render(lang),
            r.proposer.to_string(),
            r.slot.clone(),
            r.target.to_string(),
            r.their_slot.clone().unwrap_or_default(),
            Cli::RequestStatus(r.status.word()).render(lang),
            super::desk::at(rules, lang, crate::swap::machine::deadline_of(r)),
        ]);
    }
    t.write_or(out, if all { Listed::Requests } else { Listed::OpenRequests }, lang)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use crate::ids::SwapRequestId;
    use crate::msg::Lang;
    use crate::store::prelude::*;
    use crate::store::records::fixtures;
    use crate::store::{AuditEntry, SledStore, SwapRequest, SwapStatus};

    // See: issue 18: the reason a change could not be made was rendered once, in the
    // association's language and a doctor's chat words; an office reading English got
    // Japanese. It reads in the office's language, with the ids the office types.
    #[test]
    fn an_approval_the_checker_refuses_tells_the_office_why_in_its_own_language() {
        let rules = crate::plan::testing::sosa();
        assert_eq!(rules.association.language, Lang::Ja);
        let store = SledStore::temporary().unwrap();
        let mut rota = fixtures::rota(2027);
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        rota.slots = vec![
            fixtures::slot("2027-06-01", day(6, 1), 7, "regular", &["d01"]),
            fixtures::slot("2027-09-07", day(9, 7), 7, "regular", &["d03"]),
        ];
        rota.frozen.clear();
        store.put_rota(&rota).unwrap();
        let t0 = Utc.with_ymd_and_hms(2027, 5, 1, 0, 0, 0).unwrap();
        let r = SwapRequest {
            id: SwapRequestId::new(0),
            proposer: "d01".parse().unwrap(),
            slot: "2027-06-01".into(),
            target: "d03".parse().unwrap(),
            their_slot: Some("2027-09-07".into()),
            created_at: t0,
            status: SwapStatus::AwaitingAdmin,
            group: None,
            deadline: Some(t0 + Duration::hours(48)),
            version: 0,
            slot_start: None,
            their_start: None,
            part: None,
            rota: None,
        };
        let desk = crate::desk::Desk { rules: &rules, store: &store };
        let r = desk.open_requests(vec![r], "d01", t0).unwrap().remove(0);
        // The office gave d01's duty to d02 meanwhile: the swap can no longer be made.
        let moved = [crate::store::Moved {
            slot: "2027-06-01".into(),
            from: "d01".into(),
            to: "d02".into(),
        }];
        store
            .change_published(2027, &moved, &AuditEntry::new(t0, "admin", "cover", "x".into()))
            .unwrap();
        let approve = super::RequestAction::Approve { id: r.id.get(), admin: None };
        let mut out = Vec::new();
        let err = super::run(&rules, &[], &store, &approve, t0, Lang::En, &mut out).unwrap_err();
        let err = format!("{err:#}");
        assert!(
            err.contains(
                "This change is not possible: d01 is not on the duty from Tue 1 Jun (2027-06-01)"
            ),
            "{err}"
        );
        assert_eq!(store.swap_requests().unwrap()[0].status, SwapStatus::Refused);
    }
}
