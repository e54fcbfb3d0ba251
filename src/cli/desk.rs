//! The day-to-day commands: absences, patients, calls and who is on duty. They run against the
//! store here, or, while `toban serve` holds the store, inside `serve` (see [`super::control`]):
//! the same code either way, writing to the writer it is given.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use super::table::Table;
use super::{
    AbsenceAction, Args, CallAction, Command, FeedAction, Format, PatientAction, TokenAction,
    UsageError, clock, control, load_inputs,
};
use crate::desk::{Answer, Desk, Raised};
use crate::routing::{Call, CallState, Logged, PatientDetails, StepKind};
use crate::rules::Rules;
use crate::store::{NewAbsence, SledStore, Store};

/// `toban cycle`: one engine cycle in the running `serve`, waited for.
pub fn cycle(args: &Args) -> anyhow::Result<()> {
    let argv: Vec<String> = std::env::args().collect();
    match control::forward(&args.data, &argv, clock::now()?)? {
        Some(reply) if reply.code == 0 => Ok(()),
        Some(reply) => anyhow::bail!("{}", reply.stderr.trim()),
        None => anyhow::bail!(
            "`toban serve` is not running on {}: `toban cycle` runs a cycle of its engine",
            args.data.display()
        ),
    }
}

/// Hands the command line to a running `toban serve` and prints its answer: `Some(exit code)`,
/// or `None` when no `serve` runs (the caller runs it here).
pub fn forward_if_serving(args: &Args) -> Option<i32> {
    let argv: Vec<String> = std::env::args().collect();
    let now = match clock::now() {
        Ok(now) => now,
        Err(e) => return Some(super::report(&e)),
    };
    match control::forward(&args.data, &argv, now) {
        Ok(Some(reply)) => {
            print!("{}", reply.stdout);
            eprint!("{}", reply.stderr);
            Some(reply.code)
        }
        Ok(None) => None,
        Err(e) => {
            eprintln!("toban: {e}");
            Some(super::EXIT_RUNTIME)
        }
    }
}

/// Runs a desk command: handed to a running `toban serve` if there is one, else here.
pub fn run_here_or_in_serve(args: &Args) -> i32 {
    let argv: Vec<String> = match super::patient_file::inline(std::env::args().collect()) {
        Ok(a) => a,
        Err(e) => return super::report(&e),
    };
    // What runs here is what serve would run: the file's text inline, read once.
    let parsed;
    let args = if argv.iter().any(|a| a == "--from-text") {
        use clap::Parser;
        match Args::try_parse_from(&argv) {
            Ok(a) => {
                parsed = a;
                &parsed
            }
            Err(e) => e.exit(),
        }
    } else {
        args
    };
    let now = match clock::now() {
        Ok(now) => now,
        Err(e) => return super::report(&e),
    };
    match control::forward(&args.data, &argv, now) {
        Ok(Some(reply)) => {
            print!("{}", reply.stdout);
            eprint!("{}", reply.stderr);
            return reply.code;
        }
        Ok(None) => {}
        Err(e) => {
            eprintln!("toban: {e}");
            return super::EXIT_RUNTIME;
        }
    }
    let result = (|| {
        let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
        let store = SledStore::open(&args.data)?;
        let mut out = std::io::stdout().lock();
        execute(&args.command, &inputs.rules, &inputs.overrides, &store, now, &mut out)?;
        let waiting = store.pending_notices()?.len();
        if waiting > 0 && matches!(args.command, Command::Call { .. }) {
            eprintln!(
                "toban: `toban serve` is not running: {waiting} message(s) wait in the outbox and are sent when it starts"
            );
        }
        Ok(())
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            let code = super::report(&e);
            super::damage_hint(args, &e);
            code
        }
    }
}

/// Runs a desk command against `store` at `now`, writing its output to `out`.
///
/// # Errors
/// Usage errors (unknown ids, bad values) as [`UsageError`]; store failures.
pub fn execute(
    command: &Command,
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let desk = Desk { rules, store };
    match command {
        Command::Absence { action } => absence(rules, store, action, now, out),
        Command::Patient { action } => patient(rules, store, action, now, out),
        Command::Call { action } => call(&desk, action, now, out),
        Command::Oncall { at, format } => oncall(&desk, at.unwrap_or(now), *format, out),
        Command::Feed { action } => feed(rules, store, action, now, out),
        Command::Swap { slot_a, doctor_a, slot_b, doctor_b, by, on_behalf } => {
            let changes = vec![
                Change { slot: slot_a.clone(), from: doctor_a.clone(), to: doctor_b.clone() },
                Change { slot: slot_b.clone(), from: doctor_b.clone(), to: doctor_a.clone() },
            ];
            change(rules, overrides, store, "swap", changes, by, on_behalf.as_deref(), now, out)
        }
        Command::Cover { slot, doctor, other, by, on_behalf } => {
            let changes =
                vec![Change { slot: slot.clone(), from: doctor.clone(), to: other.clone() }];
            change(rules, overrides, store, "cover", changes, by, on_behalf.as_deref(), now, out)
        }
        Command::Audit { since, format } => audit(rules, store, *since, *format, out),
        Command::Rota { action: super::RotaAction::Show { rota, format } } => {
            super::rota::show(rules, store, rota, *format, out)
        }
        Command::Ledger { format } => super::rota::ledger(rules, store, *format, out),
        Command::History { action: super::HistoryAction::List { year, format } } => {
            super::history::list(rules, store, *year, *format, out)
        }
        Command::History {
            action: super::HistoryAction::Remove { batch, date, doctor, year, dry_run },
        } => {
            let filter = super::history::Filter {
                batch: *batch,
                date: *date,
                doctor: doctor.clone(),
                year: *year,
            };
            super::history::remove(rules, store, &filter, *dry_run, now, out)
        }
        Command::Backup { out: file } => {
            super::ops::backup(rules, store, file.as_deref(), now, out)
        }
        Command::Doctor => super::ops::doctor(rules, overrides, store, now, out),
        // Planning and publishing run inside `serve` too, on the request's own thread: call
        // routing goes on meanwhile.
        Command::Plan { year, time_limit, solver, replan_from } => {
            let job = super::rota::PlanJob {
                year: *year,
                time_limit: *time_limit,
                solver,
                replan_from: *replan_from,
            };
            let mut progress = std::io::sink();
            super::rota::plan_into(rules, overrides, store, &job, now, out, &mut progress)
        }
        Command::Rota { action: super::RotaAction::Publish { year } } => {
            super::rota::publish_into(rules, store, *year, now, out)
        }
        Command::Actual { slot, was, is, reason } => {
            super::actual::record_actual(rules, store, slot, was, is, reason, now, out)
        }
        Command::Links { member, format } => {
            super::ops::links(rules, store, member.as_deref(), *format, out)
        }
        Command::Report { year, format, out: file } => {
            let report = super::report::build(rules, store, *year)?;
            match file {
                None => super::report::write(&report, rules, *format, out),
                Some(file) => {
                    let mut bytes = Vec::new();
                    super::report::write(&report, rules, *format, &mut bytes)?;
                    write_file(file, &bytes)?;
                    writeln!(out, "wrote the {year} report to {}", file.display())?;
                    Ok(())
                }
            }
        }
        Command::Rota { action: super::RotaAction::Page { year, out: file } } => {
            let html = super::rota::page(rules, overrides, store, *year, now)?;
            write_file(file, html.as_bytes())?;
            writeln!(
                out,
                "wrote the {year} rota page to {} (print: A4 landscape)",
                file.display()
            )?;
            Ok(())
        }
        Command::Invite { member, hours, format } => {
            invite(rules, store, member, *hours, *format, now, out)
        }
        Command::Unlink { member, chat } => {
            let n = store.unlink(member, *chat)?;
            if n == 0 {
                let what = match chat {
                    Some(c) => format!(
                        "{member} has no linked Telegram account in chat {c} (see `toban links {member}`)"
                    ),
                    None => format!("{member} has no linked Telegram account"),
                };
                return Err(UsageError(what).into());
            }
            let what = match chat {
                Some(c) => format!("{member}'s Telegram account in chat {c} disconnected"),
                None => format!("{member}'s Telegram accounts disconnected ({n})"),
            };
            record(store, now, "unlink", what.clone())?;
            // Without a device, no calendar either: a lost phone keeps no feed.
            let mut revoked = 0;
            if chat.is_none() || store.links_of(member)?.is_empty() {
                for t in store.feed_tokens()? {
                    if t.member.as_ref().is_some_and(|m| m.as_str() == member)
                        && t.revoked_at.is_none()
                        && store.revoke_feed_token(t.id, now)?
                    {
                        revoked += 1;
                    }
                }
            }
            if revoked > 0 {
                record(
                    store,
                    now,
                    "feed",
                    format!("{revoked} feed token(s) of {member} revoked on unlink"),
                )?;
            }
            writeln!(out, "{what}")?;
            if revoked > 0 {
                writeln!(out, "{revoked} calendar feed token(s) of {member} revoked")?;
            }
            Ok(())
        }
        _ => Err(UsageError("this command does not run at the desk".into()).into()),
    }
}

/// Whether `command` is a desk command (may run inside `serve`).
pub fn is_desk(command: &Command) -> bool {
    matches!(
        command,
        Command::Absence { .. }
            | Command::Patient { .. }
            | Command::Call { .. }
            | Command::Oncall { .. }
            | Command::Invite { .. }
            | Command::Unlink { .. }
            | Command::Links { .. }
            | Command::Actual { .. }
            | Command::Plan { .. }
            | Command::Rota { action: super::RotaAction::Publish { .. } }
            | Command::Feed { .. }
            | Command::Swap { .. }
            | Command::Cover { .. }
            | Command::Audit { .. }
            | Command::Rota {
                action: super::RotaAction::Show { .. } | super::RotaAction::Page { .. }
            }
            | Command::Ledger { .. }
            | Command::History {
                action: super::HistoryAction::List { .. } | super::HistoryAction::Remove { .. }
            }
            | Command::Report { .. }
            | Command::Backup { .. }
            | Command::Doctor
    )
}

/// Writes `bytes` to `path` whole (a temporary file renamed over it), saying which file failed.
pub(crate) fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path.file_name().is_none() {
        return Err(UsageError(format!("{}: give a file name to write", path.display())).into());
    }
    crate::backups::write_whole(path, bytes)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

/// Makes the file paths of a command absolute against `cwd`: a command forwarded to `serve`
/// names files relative to where it was typed, not to where `serve` runs.
pub fn absolutize(command: &mut Command, cwd: &std::path::Path) {
    let fix = |p: &mut std::path::PathBuf| {
        if p.is_relative() {
            *p = cwd.join(&*p);
        }
    };
    match command {
        Command::Feed { action: FeedAction::Export { out } } => fix(out),
        Command::Rota { action: super::RotaAction::Page { out, .. } } => fix(out),
        Command::Report { out: Some(out), .. } => fix(out),
        Command::Backup { out: Some(out) } => fix(out),
        _ => {}
    }
}

fn local(rules: &Rules, t: DateTime<Utc>) -> String {
    let tz: Tz = rules.association.tz;
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

fn absence(
    rules: &Rules,
    store: &dyn Store,
    action: &AbsenceAction,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        AbsenceAction::Add { doctor, from, to, note, soft } => {
            if rules.doctor(doctor).is_none() {
                let ids: Vec<&str> = rules.doctors.iter().map(|d| d.id.as_str()).collect();
                return Err(UsageError(format!(
                    "'{doctor}' is not a doctor in the rules (doctors: {})",
                    ids.join(", ")
                ))
                .into());
            }
            if to < from {
                return Err(UsageError(format!(
                    "the absence ends ({to}) before it starts ({from}); give FROM then TO"
                ))
                .into());
            }
            let a = store.add_absence(NewAbsence {
                doctor: doctor.clone(),
                from: *from,
                to: *to,
                note: note.clone(),
                created_at: now,
                soft: *soft,
            })?;
            record(
                store,
                now,
                "absence",
                format!(
                    "absence {} added: {} {} to {}{}",
                    a.id,
                    a.doctor,
                    a.from,
                    a.to,
                    if a.soft { " (prefer not)" } else { "" }
                ),
            )?;
            let effect = if *soft {
                "a request: plans avoid giving them duty then where they can"
            } else {
                "plans made from now on keep them off duty then, and calls skip them as attending doctor"
            };
            writeln!(
                out,
                "absence {} added: {} away from {} to {} (inclusive); {effect}.",
                a.id, a.doctor, a.from, a.to
            )?;
            // Over their own published duty: the doctor (in chat, offered /cover) and the
            // office are told at once, as when the doctor enters it in chat.
            let desk = Desk { rules, store };
            for slot in desk.absence_over_duty(&a, false, now)? {
                writeln!(
                    out,
                    "warning: {} is on duty {} – {} (slot {}) during this absence: calls skip the duty step then. {} and the office are told; arrange cover with `toban cover {} {} OTHER`.",
                    a.doctor,
                    local(rules, slot.start.with_timezone(&Utc)),
                    local(rules, slot.end.with_timezone(&Utc)),
                    slot.id,
                    a.doctor,
                    slot.id,
                    a.doctor
                )?;
            }
        }
        AbsenceAction::List { format } => {
            let list = store.absences()?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
                return Ok(());
            }
            let mut t = Table::new(&["id", "doctor", "from", "to", "kind", "note"]);
            for a in &list {
                t.row(vec![
                    a.id.to_string(),
                    a.doctor.clone(),
                    a.from.to_string(),
                    a.to.to_string(),
                    if a.soft { "prefer not".into() } else { "away".into() },
                    a.note.clone().unwrap_or_default(),
                ]);
            }
            write!(out, "{}", t.render())?;
        }
        AbsenceAction::Remove { id } => {
            if !store.remove_absence(*id)? {
                return Err(UsageError(format!(
                    "there is no absence {id}: see `toban absence list`"
                ))
                .into());
            }
            record(store, now, "absence", format!("absence {id} removed"))?;
            writeln!(out, "absence {id} removed")?;
        }
    }
    Ok(())
}

fn member_id(s: &str, what: &str) -> anyhow::Result<crate::rules::MemberId> {
    s.parse().map_err(|e: String| UsageError(format!("{what}: {e}")).into())
}

fn patient(
    rules: &Rules,
    store: &dyn Store,
    action: &PatientAction,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let invalid = |e: crate::routing::PatientError| UsageError(format!("patient not saved: {e}"));
    match action {
        PatientAction::Add {
            name,
            address,
            area,
            attending,
            hospital,
            diagnosis,
            medications,
            wishes,
            consent,
            from_file,
            from_text,
        } => {
            let f = super::patient_file::fields(from_file.as_deref(), from_text.as_deref())?;
            let pick = |flag: &Option<String>, file: &Option<String>| flag.clone().or(file.clone());
            let need = |v: Option<String>, what: &str| {
                v.ok_or_else(|| {
                    UsageError(format!("give the patient's {what} (--{what} or in the file)"))
                })
            };
            let details = PatientDetails {
                name: need(pick(name, &f.name), "name")?,
                address: need(pick(address, &f.address), "address")?,
                area: pick(area, &f.area),
                attending: member_id(
                    &need(pick(attending, &f.attending), "attending")?,
                    "--attending",
                )?,
                hospital: pick(hospital, &f.hospital)
                    .as_deref()
                    .map(|h| member_id(h, "--hospital"))
                    .transpose()?,
                diagnosis: pick(diagnosis, &f.diagnosis).unwrap_or_default(),
                medications: pick(medications, &f.medications).unwrap_or_default(),
                wishes: pick(wishes, &f.wishes).unwrap_or_default(),
                consent: consent.or(f.consent).ok_or_else(|| {
                    UsageError(
                        "give the consent date (--consent YYYY-MM-DD or consent = in the file)"
                            .into(),
                    )
                })?,
            }
            .validated(rules, today)
            .map_err(invalid)?;
            let p = store.add_patient(details, now)?;
            record(store, now, "patient", format!("patient {} registered", p.id))?;
            writeln!(
                out,
                "patient {} registered: {} (attending {})",
                p.id, p.details.name, p.details.attending
            )?;
        }
        PatientAction::Edit {
            id,
            name,
            address,
            area,
            attending,
            hospital,
            diagnosis,
            medications,
            wishes,
            consent,
            from_file,
            from_text,
        } => {
            let f = super::patient_file::fields(from_file.as_deref(), from_text.as_deref())?;
            let pick = |flag: &Option<String>, file: &Option<String>| flag.clone().or(file.clone());
            let (name, address, area, attending, hospital, diagnosis, medications, wishes) = (
                &pick(name, &f.name),
                &pick(address, &f.address),
                &pick(area, &f.area),
                &pick(attending, &f.attending),
                &pick(hospital, &f.hospital),
                &pick(diagnosis, &f.diagnosis),
                &pick(medications, &f.medications),
                &pick(wishes, &f.wishes),
            );
            let consent = &consent.or(f.consent);
            let mut p = store.patient(*id)?.ok_or_else(|| {
                UsageError(format!("there is no patient {id}: see `toban patient list`"))
            })?;
            let d = &mut p.details;
            let set = |field: &mut String, v: &Option<String>| {
                if let Some(v) = v {
                    field.clone_from(v);
                }
            };
            set(&mut d.name, name);
            set(&mut d.address, address);
            set(&mut d.diagnosis, diagnosis);
            set(&mut d.medications, medications);
            set(&mut d.wishes, wishes);
            if let Some(a) = area {
                d.area = (!a.trim().is_empty()).then(|| a.clone());
            }
            if let Some(a) = attending {
                d.attending = member_id(a, "--attending")?;
            }
            if let Some(h) = hospital {
                d.hospital =
                    if h.trim().is_empty() { None } else { Some(member_id(h, "--hospital")?) };
            }
            if let Some(c) = consent {
                d.consent = *c;
            }
            p.details = p.details.clone().validated(rules, today).map_err(invalid)?;
            p.updated_at = now;
            if !store.put_patient(&p)? {
                return Err(UsageError(format!("there is no patient {id}")).into());
            }
            record(store, now, "patient", format!("patient {id} updated"))?;
            writeln!(out, "patient {id} updated")?;
        }
        PatientAction::Course { id, event, date } => {
            super::course::record(rules, store, *id, *event, *date, now, out)?;
        }
        PatientAction::Remove { id, reason } => {
            let ended = super::course::before_removal(store, *id)?;
            if !store.remove_patient(*id)? {
                return Err(UsageError(format!(
                    "there is no patient {id}: see `toban patient list`"
                ))
                .into());
            }
            let because = reason.as_deref().map(|r| format!(": {}", r.trim())).unwrap_or_default();
            record(store, now, "patient", format!("patient {id} removed{because}"))?;
            writeln!(out, "patient {id} removed from the registry; past calls keep their number")?;
            super::course::after_removal(rules, *id, reason.is_some(), ended, out)?;
        }
        PatientAction::List { format } => {
            let list = store.patients()?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
                return Ok(());
            }
            let mut t =
                Table::new(&["id", "name", "area", "attending", "hospital", "wishes", "consent"]);
            for p in &list {
                let d = &p.details;
                t.row(vec![
                    p.id.to_string(),
                    d.name.clone(),
                    d.area.clone().unwrap_or_default(),
                    d.attending.to_string(),
                    d.hospital.as_ref().map(ToString::to_string).unwrap_or_default(),
                    d.wishes.clone(),
                    d.consent.to_string(),
                ]);
            }
            write!(out, "{}", t.render())?;
        }
        PatientAction::Show { id, format } => {
            let p = store.patient(*id)?.ok_or_else(|| {
                UsageError(format!("there is no patient {id}: see `toban patient list`"))
            })?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&p)?)?;
                return Ok(());
            }
            let d = &p.details;
            let lines = [
                ("id", p.id.to_string()),
                ("name", d.name.clone()),
                ("address", d.address.clone()),
                ("area", d.area.clone().unwrap_or_default()),
                ("attending", format!("{} ({})", d.attending, rules.name_of(d.attending.as_str()))),
                (
                    "hospital",
                    d.hospital
                        .as_ref()
                        .map(|h| format!("{h} ({})", rules.name_of(h.as_str())))
                        .unwrap_or_default(),
                ),
                ("diagnosis", d.diagnosis.clone()),
                ("medications", d.medications.clone()),
                ("wishes", d.wishes.clone()),
                ("consent", d.consent.to_string()),
            ];
            for (k, v) in lines {
                writeln!(out, "{k:<12}{v}")?;
            }
        }
    }
    Ok(())
}

fn call(
    desk: &Desk,
    action: &CallAction,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rules = desk.rules;
    let usage = |e: crate::desk::DeskError| -> anyhow::Error {
        match e {
            crate::desk::DeskError::Store(s) => s.into(),
            other => UsageError(other.to_string()).into(),
        }
    };
    match action {
        CallAction::Raise { patient, from, note } => {
            match desk.raise(*patient, from, note, now).map_err(usage)? {
                Raised::New(call, _) => {
                    writeln!(
                        out,
                        "call {} raised for patient {} by {}",
                        call.id, call.patient, call.caller
                    )?;
                    write!(out, "{}", status_line(rules, &call))?;
                }
                Raised::Joined(call, _) => {
                    writeln!(
                        out,
                        "patient {} already has an open call, {}: your note was added to it",
                        call.patient, call.id
                    )?;
                    write!(out, "{}", status_line(rules, &call))?;
                }
            }
        }
        CallAction::Accept { call, who } => {
            let (c, _) = desk.answer(*call, who, Answer::Accept, now).map_err(usage)?;
            writeln!(
                out,
                "call {} accepted by {who}; the patient's record goes to {who} alone, and {} is told",
                c.id, c.caller
            )?;
        }
        CallAction::Decline { call, who } => {
            let (c, _) = desk.answer(*call, who, Answer::Decline, now).map_err(usage)?;
            writeln!(out, "call {} declined by {who}", c.id)?;
            write!(out, "{}", status_line(rules, &c))?;
        }
        CallAction::Acknowledge { call, who } => {
            let (c, _) = desk.answer(*call, who, Answer::Acknowledge, now).map_err(usage)?;
            writeln!(out, "call {}: follow-ups acknowledged by {who}", c.id)?;
            write!(out, "{}", status_line(rules, &c))?;
        }
        CallAction::Cancel { call, who } => {
            let (c, _) = desk.answer(*call, who, Answer::Cancel, now).map_err(usage)?;
            writeln!(out, "call {} cancelled by {who}", c.id)?;
        }
        CallAction::Report { call, who, outcome, text } => {
            let (c, notices) = desk.report(*call, who, *outcome, text, now).map_err(usage)?;
            let mut to: Vec<String> = notices.iter().map(|n| n.to.to_string()).collect();
            to.dedup();
            if to.is_empty() {
                writeln!(
                    out,
                    "report on call {} saved ({}); the call is closed",
                    c.id,
                    outcome.as_str()
                )?;
            } else {
                writeln!(
                    out,
                    "report on call {} saved ({}) and sent to {}; the call is closed",
                    c.id,
                    outcome.as_str(),
                    to.join(", ")
                )?;
            }
        }
        CallAction::List { open, format } => {
            let mut calls = desk.store.calls()?;
            calls.reverse();
            if *open {
                calls.retain(|c| c.is_open(now));
            }
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&calls)?)?;
                return Ok(());
            }
            let mut t =
                Table::new(&["call", "raised", "patient", "from", "status", "with", "until"]);
            for c in &calls {
                let (with, until) = match &c.state {
                    CallState::Waiting { step, deadline, .. } => (
                        c.chain[*step]
                            .members
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" "),
                        local(rules, *deadline),
                    ),
                    CallState::Accepted { by, .. } => (by.to_string(), String::new()),
                    _ => (String::new(), String::new()),
                };
                t.row(vec![
                    c.id.to_string(),
                    local(rules, c.raised_at),
                    c.patient.to_string(),
                    c.caller.to_string(),
                    c.state.as_str().into(),
                    with,
                    until,
                ]);
            }
            write!(out, "{}", t.render())?;
        }
        CallAction::Show { call, format } => {
            let c = desk.store.call(*call)?.ok_or_else(|| {
                UsageError(format!("there is no call {call}: see `toban call list`"))
            })?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&c)?)?;
                return Ok(());
            }
            show(rules, &c, out)?;
        }
    }
    Ok(())
}

fn step_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Handler => "handler of the patient's previous call",
        StepKind::Attending => "attending doctor",
        StepKind::Duty => "duty doctor",
        StepKind::Hospital => "hospital",
        StepKind::Advice => "advice (call 119) and admin alert",
    }
}

/// One line on where the call stands.
fn status_line(rules: &Rules, call: &Call) -> String {
    match &call.state {
        CallState::Waiting { step, deadline, .. } => {
            let s = &call.chain[*step];
            let who: Vec<String> =
                s.members.iter().map(|m| format!("{m} ({})", rules.name_of(m.as_str()))).collect();
            format!(
                "  now asking the {}: {}, until {}\n",
                step_name(s.kind),
                who.join(", "),
                local(rules, *deadline)
            )
        }
        CallState::Accepted { by, .. } => {
            format!("  accepted by {by} ({})\n", rules.name_of(by.as_str()))
        }
        CallState::Exhausted { .. } => {
            "  nobody accepted: the caller was advised to call 119 and the admin alerted\n".into()
        }
        CallState::Cancelled { by, .. } => format!("  cancelled by {by}\n"),
    }
}

fn show(rules: &Rules, c: &Call, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "call {}  patient {}  from {}  raised {}",
        c.id,
        c.patient,
        c.caller,
        local(rules, c.raised_at)
    )?;
    writeln!(out, "note: {}", c.note)?;
    write!(out, "{}", status_line(rules, c))?;
    writeln!(out, "chain:")?;
    let current = c.current_step();
    for (i, s) in c.chain.iter().enumerate() {
        let marker = if current == Some(i) { ">" } else { " " };
        let members: Vec<String> = s.members.iter().map(ToString::to_string).collect();
        let left: Vec<String> =
            s.left_out.iter().map(|(m, why)| format!("{m}: {}", why.as_str())).collect();
        let wait = if s.kind == StepKind::Advice {
            String::new()
        } else {
            format!(" ({} min)", s.wait_minutes)
        };
        let mut line = format!(
            " {marker} {}. {}{wait}: {}",
            i + 1,
            step_name(s.kind),
            if members.is_empty() { "nobody".into() } else { members.join(", ") }
        );
        if !left.is_empty() {
            line.push_str(&format!("  [left out: {}]", left.join("; ")));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "log:")?;
    for e in &c.log {
        let what = match &e.what {
            Logged::Raised => "raised".to_string(),
            Logged::Skipped { step } => format!("step {} skipped: nobody to ask", step + 1),
            Logged::Asked { step } => format!(
                "asked step {} ({}): {}",
                step + 1,
                step_name(c.chain[*step].kind),
                c.chain[*step]
                    .members
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Logged::Declined { by } => format!("declined by {by}"),
            Logged::TimedOut { step } => format!("step {} timed out", step + 1),
            Logged::Reminded { step } => format!("step {} asked again (half its time)", step + 1),
            Logged::Acknowledged { by } => format!("follow-up acknowledged by {by}"),
            Logged::Unacknowledged { by } => {
                format!("follow-up not acknowledged by {by} in time: the call went on")
            }
            Logged::Accepted { by } => format!("accepted by {by}"),
            Logged::Exhausted => "end of the chain: advice to call 119 sent, admin alerted".into(),
            Logged::Followup { from, note } => format!("more from {from}: {note}"),
            Logged::Reported { by } => format!("report filed by {by}"),
            Logged::Cancelled { by } => format!("cancelled by {by}"),
        };
        writeln!(out, "  {}  {what}", local(rules, e.at))?;
    }
    if let Some(r) = &c.report {
        let outcome = r.outcome.map_or(String::new(), |o| format!(", {}", o.as_str()));
        writeln!(out, "report ({}, {}{outcome}): {}", r.by, local(rules, r.at), r.text)?;
    }
    Ok(())
}

fn oncall(
    desk: &Desk,
    at: DateTime<Utc>,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rules = desk.rules;
    let (on_duty, chain) = desk.chain(at, None, None)?;
    if format == Format::Json {
        let value = desk.oncall_json(at)?;
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    match &on_duty.slot {
        Some(s) => writeln!(
            out,
            "{}: slot {} ({}), {} – {}",
            local(rules, at),
            s.id,
            s.kind,
            s.start.format("%Y-%m-%d %H:%M"),
            s.end.format("%Y-%m-%d %H:%M")
        )?,
        None => writeln!(
            out,
            "{}: no published rota covers this instant (publish one with `toban rota publish YEAR`)",
            local(rules, at)
        )?,
    }
    let mut t = Table::new(&["#", "kind", "id", "name", "note"]);
    let mut n = 0;
    for s in &chain {
        let kind = match s.kind {
            StepKind::Duty => "duty doctor",
            StepKind::Hospital => "hospital",
            StepKind::Advice => "advice",
            // The generic chain asks no attending doctor and no earlier handler.
            StepKind::Attending | StepKind::Handler => "attending",
        };
        if s.kind == StepKind::Advice {
            n += 1;
            t.row(vec![
                n.to_string(),
                kind.into(),
                "119".into(),
                advice_name(rules).into(),
                "admins are alerted".into(),
            ]);
            continue;
        }
        for m in &s.members {
            n += 1;
            t.row(vec![
                n.to_string(),
                kind.into(),
                m.to_string(),
                rules.name_of(m.as_str()).into(),
                String::new(),
            ]);
        }
        for (m, why) in &s.left_out {
            t.row(vec![
                "-".into(),
                kind.into(),
                m.to_string(),
                rules.name_of(m.as_str()).into(),
                format!("left out: {}", why.as_str()),
            ]);
        }
    }
    write!(out, "{}", t.render())?;
    Ok(())
}

fn advice_name(rules: &Rules) -> &'static str {
    match rules.association.language {
        crate::rules::Language::Ja => "119番通報（救急）",
        crate::rules::Language::En => "call 119 (emergency)",
    }
}

/// The environment variable naming the bot's Telegram username, for invitation links.
pub const BOT_USERNAME_VAR: &str = "TOBAN_BOT_USERNAME";

fn invite(
    rules: &Rules,
    store: &dyn Store,
    member: &str,
    hours: u32,
    format: Format,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::bot::invite;
    let Some(m) = rules.member(member) else {
        return Err(UsageError(format!(
            "'{member}' is not a member in the rules (doctor, hospital, nurse station or admin); see `toban check`"
        ))
        .into());
    };
    let code = invite::new_code().map_err(|e| anyhow::anyhow!("no randomness for a code: {e}"))?;
    let expires_at = now + chrono::Duration::hours(i64::from(hours));
    store.add_invite(&crate::store::Invite {
        hash: invite::hash(&code),
        member: m.id.clone(),
        created_at: now,
        expires_at,
        used_at: None,
    })?;
    record(
        store,
        now,
        "invite",
        format!("invitation for {member}, valid until {}", local(rules, expires_at)),
    )?;
    let link = std::env::var(BOT_USERNAME_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .map(|u| invite::link(&u, &code));
    if format == Format::Json {
        let value = json!({
            "member": member,
            "code": code,
            "link": link,
            "expires_at": expires_at.with_timezone(&rules.association.tz).to_rfc3339(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "invitation for {member} ({}), valid until {}, usable once:",
        m.name,
        local(rules, expires_at)
    )?;
    match link {
        Some(l) => writeln!(out, "  {l}")?,
        None => writeln!(
            out,
            "  send this to the bot: /start {code}\n  (set {BOT_USERNAME_VAR} to print a link that does it in one tap)"
        )?,
    }
    writeln!(out, "The code is shown only now; toban keeps only its hash.")?;
    Ok(())
}

/// The public base URL for the URLs printed (see [`crate::config::public_url`]).
fn public_url(store: &dyn Store) -> String {
    crate::config::public_url(store.data_dir().as_deref())
}

fn feed(
    rules: &Rules,
    store: &dyn Store,
    action: &FeedAction,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        FeedAction::Token { action: TokenAction::Issue { member, all, label, format } } => {
            let member = match (member, all) {
                (_, true) => None,
                (Some(m), false) => {
                    if rules.doctor(m).is_none() {
                        return Err(UsageError(format!(
                            "'{m}' is not a doctor in the rules; feeds are per doctor, or --all for the whole rota"
                        ))
                        .into());
                    }
                    Some(member_id(m, "MEMBER")?)
                }
                (None, false) => {
                    return Err(UsageError("give a doctor id, or --all".into()).into());
                }
            };
            let token = crate::bot::invite::new_code()
                .map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
            let t = store.add_feed_token(
                &crate::bot::invite::hash(&token),
                member,
                label.clone(),
                now,
            )?;
            record(
                store,
                now,
                "feed",
                format!(
                    "feed token {} issued for {}",
                    t.id,
                    t.member.as_ref().map_or("the whole rota", |m| m.as_str())
                ),
            )?;
            let url = format!("{}/feeds/{token}.ics", public_url(store));
            if *format == Format::Json {
                let v =
                    json!({"id": t.id.to_string(), "token": token, "url": url, "member": t.member});
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                writeln!(
                    out,
                    "feed token {} for {}:",
                    t.id,
                    t.member.as_ref().map_or("the whole rota", |m| m.as_str())
                )?;
                writeln!(out, "  {url}")?;
                writeln!(
                    out,
                    "Shown only now (toban keeps its hash). Subscribe to it in the phone's calendar; revoke with `toban feed token revoke {}`.",
                    t.id
                )?;
            }
        }
        FeedAction::Token { action: TokenAction::List { format } } => {
            let list = store.feed_tokens()?;
            if *format == Format::Json {
                let v: Vec<_> = list
                    .iter()
                    .map(|t| json!({"id": t.id.to_string(), "member": t.member, "label": t.label,
                        "created_at": t.created_at.to_rfc3339(), "revoked_at": t.revoked_at.map(|r| r.to_rfc3339())}))
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
                return Ok(());
            }
            let mut t = Table::new(&["id", "for", "label", "issued", "revoked"]);
            for tok in &list {
                t.row(vec![
                    tok.id.to_string(),
                    tok.member.as_ref().map_or("(all)".into(), ToString::to_string),
                    tok.label.clone().unwrap_or_default(),
                    local(rules, tok.created_at),
                    tok.revoked_at.map(|r| local(rules, r)).unwrap_or_default(),
                ]);
            }
            write!(out, "{}", t.render())?;
        }
        FeedAction::Token { action: TokenAction::Revoke { id } } => {
            if !store.revoke_feed_token(*id, now)? {
                return Err(UsageError(format!(
                    "there is no active feed token {id}: see `toban feed token list`"
                ))
                .into());
            }
            record(store, now, "feed", format!("feed token {id} revoked"))?;
            writeln!(out, "feed token {id} revoked: its URL no longer works")?;
        }
        FeedAction::Export { out: dir } => {
            let desk = Desk { rules, store };
            desk.refresh_feeds(now)?;
            std::fs::create_dir_all(dir)
                .map_err(|e| UsageError(format!("cannot create {}: {e}", dir.display())))?;
            let events = store.feed_events()?;
            let since = now - chrono::Duration::days(crate::server::FEED_DAYS_BACK);
            let mut written = 0;
            let mut files: Vec<(String, Option<&str>)> = vec![("all".into(), None)];
            for d in &rules.doctors {
                files.push((d.id.to_string(), Some(d.id.as_str())));
            }
            for (name, doctor) in files {
                let chosen = crate::feed::ics::select(&events, doctor, since);
                if doctor.is_some() && chosen.is_empty() {
                    continue;
                }
                let text =
                    crate::feed::ics::render(rules, &chosen, doctor, rules.feed_alarm_minutes);
                let path = dir.join(format!("{name}.ics"));
                std::fs::write(&path, text)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                written += 1;
            }
            writeln!(out, "wrote {written} calendar files to {}", dir.display())?;
        }
    }
    Ok(())
}

use crate::plan::change::Change;

/// Applies a swap or cover to the published rota (see [`crate::changes`]) and says what it did.
#[allow(clippy::too_many_arguments)]
fn change(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    action: &str,
    changes: Vec<Change>,
    by: &str,
    on_behalf: Option<&str>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::changes::{ChangeFailure, check, commit};
    let fail = |e: ChangeFailure| -> anyhow::Error {
        match e {
            ChangeFailure::Refused(m) => UsageError(m).into(),
            ChangeFailure::Store(e) => e.into(),
        }
    };
    if by != "admin" && rules.member(by).is_none() {
        return Err(UsageError(format!("--by '{by}' is not a member in the rules")).into());
    }
    if let Some(d) = on_behalf
        && rules.doctor(d).is_none()
    {
        return Err(UsageError(format!("--for '{d}' is not a doctor in the rules")).into());
    }
    let year = check(rules, overrides, store, action, &changes, now).map_err(fail)?;
    // The office acting: the audit names who at the office (login or TOBAN_ADMIN).
    let actor =
        if by == "admin" { format!("admin:{}", super::actor::current()) } else { by.to_string() };
    let done =
        commit(rules, store, year, action, &changes, &actor, on_behalf, now).map_err(fail)?;
    writeln!(out, "{action} done (audit {}):", done.seq)?;
    for w in &done.words {
        writeln!(out, "  {w}")?;
    }
    writeln!(out, "feeds updated; {} are told", done.told.join(", "))?;
    Ok(())
}

fn audit(
    rules: &Rules,
    store: &dyn Store,
    since: Option<chrono::NaiveDate>,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let tz = rules.association.tz;
    let list: Vec<_> = store
        .audit()?
        .into_iter()
        .filter(|a| since.is_none_or(|d| a.at.with_timezone(&tz).date_naive() >= d))
        .collect();
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    let mut t = Table::new(&["#", "when", "by", "for", "what", "detail"]);
    for a in &list {
        t.row(vec![
            a.seq.to_string(),
            local(rules, a.at),
            a.by.clone(),
            a.on_behalf.clone().unwrap_or_default(),
            a.action.clone(),
            a.detail.clone(),
        ]);
    }
    write!(out, "{}", t.render())?;
    Ok(())
}

/// Appends an audit entry for a change made from the command line (by the admin).
pub(super) fn record(
    store: &dyn Store,
    now: DateTime<Utc>,
    action: &str,
    detail: String,
) -> anyhow::Result<()> {
    let by = format!("admin:{}", super::actor::current());
    store.add_audit(&crate::store::AuditEntry::new(now, &by, action, detail))?;
    Ok(())
}
