//! The day-to-day commands: absences, patients, calls and who is on duty. They run against the
//! store here, or, while `toban serve` holds the store, inside `serve` (see [`super::control`]):
//! the same code either way, writing to the writer it is given.

use crate::store::prelude::*;
use std::io::Write;

use chrono::{DateTime, Datelike, Utc};
use serde_json::json;

use super::table::Table;
use super::{
    AbsenceAction, Args, CallAction, Command, FeedAction, Format, PatientAction, TokenAction,
    clock, control, load_inputs,
};
use crate::desk::patients::{self, PatientInput};
use crate::desk::{AbsenceAdded, Answer, Desk, Raised};
use crate::msg::audit::{MovedMsg, Names};
use crate::msg::cli::{Cli, Col, Listed};
use crate::msg::refusal::Refusal as MsgRefusal;
use crate::msg::{Day, Lang, Message};
use crate::routing::{Call, CallId, StepKind};
use crate::rules::Rules;
use crate::store::{AuditEvent, NewAbsence, SledStore, Store};

/// `toban cycle`: one engine cycle in the running `serve`, waited for.
pub fn cycle(args: &Args, lang: Lang) -> anyhow::Result<()> {
    let argv: Vec<String> = std::env::args().collect();
    match control::forward(&args.data, &argv, clock::now()?, lang)? {
        Some(reply) if reply.code == 0 => Ok(()),
        Some(reply) => anyhow::bail!("{}", reply.stderr.trim()),
        None => Err(MsgRefusal::ServeNotRunning(args.data.display().to_string()).into()),
    }
}

/// Hands the command line to a running `toban serve` and prints its answer: `Some(exit code)`,
/// or `None` when no `serve` runs (the caller runs it here).
pub fn forward_if_serving(args: &Args, lang: Lang) -> Option<i32> {
    let argv: Vec<String> = std::env::args().collect();
    let now = match clock::now() {
        Ok(now) => now,
        Err(e) => return Some(super::report(&e, lang)),
    };
    match control::forward(&args.data, &argv, now, lang) {
        Ok(Some(reply)) => {
            print!("{}", reply.stdout);
            eprint!("{}", reply.stderr);
            Some(reply.code)
        }
        Ok(None) => None,
        Err(e) => Some(super::report(&e, lang)),
    }
}

/// Runs a desk command: handed to a running `toban serve` if there is one, else here.
pub fn run_here_or_in_serve(args: &Args, lang: Lang) -> i32 {
    let argv: Vec<String> = match super::patient_file::inline(std::env::args().collect()) {
        Ok(a) => a,
        Err(e) => return super::report(&e, lang),
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
        Err(e) => return super::report(&e, lang),
    };
    match control::forward(&args.data, &argv, now, lang) {
        Ok(Some(reply)) => {
            print!("{}", reply.stdout);
            eprint!("{}", reply.stderr);
            return reply.code;
        }
        Ok(None) => {}
        Err(e) => return super::report(&e, lang),
    }
    let result = (|| {
        let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
        let store = SledStore::open(&args.data)?;
        let mut out = std::io::stdout().lock();
        execute(&args.command, &inputs.rules, &inputs.overrides, &store, now, lang, &mut out)?;
        let waiting = store.pending_notices()?.len();
        if waiting > 0 && matches!(args.command, Command::Call { .. }) {
            eprintln!("toban: {}", Cli::OutboxWaiting(waiting).render(lang));
        }
        Ok(())
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            let code = super::report(&e, lang);
            super::damage_hint(args, &e, lang);
            code
        }
    }
}

/// Whether `command` writes what is published for everyone (calendar feeds, the printable
/// page, a patient's contact sheet and a hospital's patient list, Japanese documents) or
/// machine-readable output (JSON, CSV, a workbook), which name members as the
/// association does whoever the reader is (README: machine output never changes with the
/// language); and `history`, whose `--doctor` and imported rows name doctors by the
/// association's names.
fn publishes(command: &Command) -> bool {
    // Every command's machine format is a `format` field of one of the format enums; their
    // machine variants are read off the command's debug form so no command can be missed.
    let shown = format!("{command:?}");
    matches!(
        command,
        Command::Feed { .. }
            | Command::Rota { action: super::RotaAction::Page { .. } }
            | Command::Patient { action: PatientAction::Sheet { .. } }
            | Command::Hospital { action: super::hospital::HospitalAction::Patients { .. } }
            | Command::History { .. }
    ) || ["format: Json", "format: Csv", "format: Xlsx"].iter().any(|f| shown.contains(f))
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
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // Names as the reader reads them (issue 18): an English reader sees `name_en` where a
    // member has one, at this one edge for the command line, serve's control socket and the
    // demo alike. Only what is shown changes: the store and the audit keep ids, notices are
    // rendered at delivery by the association's own rules, and what is published for
    // everyone (the calendar feeds, the printable page) keeps the association's names.
    let reader;
    let rules = if publishes(command) {
        rules
    } else {
        reader = rules.for_reader(lang);
        &reader
    };
    // `--rota ID` (issue 20): the rota's rules and its view of the store, else as always.
    let scoped = super::rotas::scoped(command, rules)?;
    let view;
    let (rules, store): (&Rules, &dyn Store) = match &scoped {
        Some((id, r)) => {
            view = crate::store::RotaView::new(store, id);
            (r, &view)
        }
        None => (rules, store),
    };
    let desk = Desk { rules, store };
    match command {
        Command::Absence { action } => absence(rules, store, action, now, lang, out),
        Command::Request { action } => {
            super::requests::run(rules, overrides, store, action, now, lang, out)
        }
        Command::Patient { action } => patient(rules, store, action, now, lang, out),
        Command::Hospital { action } => super::hospital::run(rules, store, action, now, lang, out),
        Command::Board { format } => super::hospital::board(rules, store, *format, now, lang, out),
        Command::Call { action } => call(&desk, action, now, lang, out),
        Command::Oncall { at, format, .. } => oncall(&desk, at.unwrap_or(now), *format, lang, out),
        Command::Feed { action } => feed(rules, store, action, now, lang, out),
        Command::Swap { slot_a, doctor_a, slot_b, doctor_b, by, on_behalf, .. } => {
            let changes = vec![
                Change { slot: slot_a.clone(), from: doctor_a.clone(), to: doctor_b.clone() },
                Change { slot: slot_b.clone(), from: doctor_b.clone(), to: doctor_a.clone() },
            ];
            change(
                rules,
                overrides,
                store,
                "swap",
                changes,
                by,
                on_behalf.as_deref(),
                now,
                lang,
                out,
            )
        }
        Command::Cover { slot, doctor, other, by, on_behalf, from, to, .. }
            if from.is_some() || to.is_some() =>
        {
            let asked = (slot.as_str(), doctor.as_str(), other.as_str(), *from, *to);
            super::partial::run(rules, store, asked, by, on_behalf.as_deref(), now, lang, out)
        }
        Command::Cover { slot, doctor, other, by, on_behalf, .. } => {
            let changes =
                vec![Change { slot: slot.clone(), from: doctor.clone(), to: other.clone() }];
            change(
                rules,
                overrides,
                store,
                "cover",
                changes,
                by,
                on_behalf.as_deref(),
                now,
                lang,
                out,
            )
        }
        Command::Audit { since, format } => audit(rules, store, *since, *format, lang, out),
        Command::Rota { action: super::RotaAction::Show { rota, format, out: None, .. } } => {
            super::rota::show(rules, store, rota, *format, lang, out)
        }
        Command::Rota { action: super::RotaAction::Show { rota, format, out: Some(file), .. } } => {
            let bytes = match format {
                super::RotaFormat::Csv | super::RotaFormat::Xlsx => {
                    super::rota::export(rules, store, rota, *format)?
                }
                _ => {
                    let mut bytes = Vec::new();
                    super::rota::show(rules, store, rota, *format, lang, &mut bytes)?;
                    bytes
                }
            };
            write_file(file, &bytes)?;
            let path = file.display().to_string();
            let done = crate::msg::web_records::RecordsMsg::WroteRota { rota: rota.clone(), path };
            writeln!(out, "{}", done.render(lang))?;
            Ok(())
        }
        Command::Ledger { format } => super::rota::ledger(rules, store, *format, lang, out),
        Command::History { action: super::HistoryAction::List { year, format } } => {
            super::history::list(rules, store, *year, *format, lang, out)
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
            super::history::remove(rules, store, &filter, *dry_run, now, lang, out)
        }
        Command::Backup { out: file } => {
            super::ops::backup(rules, store, file.as_deref(), now, lang, out)
        }
        Command::Doctor => super::ops::doctor(rules, overrides, store, now, lang, out),
        // Planning and publishing run inside `serve` too, on the request's own thread: call
        // routing goes on meanwhile.
        Command::Plan { year, time_limit, solver, replan_from, .. } => {
            let job = super::rota::PlanJob {
                year: *year,
                time_limit: *time_limit,
                solver,
                replan_from: *replan_from,
                lang,
            };
            let mut progress = std::io::sink();
            super::rota::plan_into(rules, overrides, store, &job, now, out, &mut progress)
        }
        Command::Rota { action: super::RotaAction::Publish { year, .. } } => {
            super::rota::publish_into(rules, store, *year, now, lang, out)
        }
        Command::Rota { action: super::RotaAction::Diff { a, b, .. } } => {
            super::rota::diff_into(rules, store, a, b, lang, out)
        }
        Command::Rota {
            action: super::RotaAction::Draft { action: super::DraftAction::Discard { year, .. } },
        } => super::rota::discard_into(rules, store, *year, now, lang, out),
        Command::Rota { action: super::RotaAction::Freeze { year, slots, .. } } => {
            super::rota::freeze_into(rules, store, *year, slots, true, now, lang, out)
        }
        Command::Rota { action: super::RotaAction::Unfreeze { year, slots, .. } } => {
            super::rota::freeze_into(rules, store, *year, slots, false, now, lang, out)
        }
        Command::Actual { slot, was, is, reason, .. } => {
            super::actual::record_actual(rules, store, slot, was, is, reason, now, lang, out)
        }
        Command::Links { member, format } => {
            super::ops::links(rules, store, member.as_deref(), *format, lang, out)
        }
        Command::Report { year, format, out: file } => {
            let report = super::report::build(rules, store, *year)?;
            match file {
                None => super::report::write(&report, rules, *format, lang, out),
                Some(file) => {
                    let mut bytes = Vec::new();
                    super::report::write(&report, rules, *format, lang, &mut bytes)?;
                    write_file(file, &bytes)?;
                    let path = file.display().to_string();
                    writeln!(
                        out,
                        "{}",
                        Cli::WroteReport {
                            year: crate::msg::words::YearLabel::of(rules, *year),
                            path
                        }
                        .render(lang)
                    )?;
                    Ok(())
                }
            }
        }
        Command::Rota { action: super::RotaAction::Page { year, out: file, .. } } => {
            let html = super::rota::page(rules, overrides, store, *year, now)?;
            write_file(file, html.as_bytes())?;
            let path = file.display().to_string();
            writeln!(
                out,
                "{}",
                Cli::WrotePage { year: crate::msg::words::YearLabel::of(rules, *year), path }
                    .render(lang)
            )?;
            Ok(())
        }
        Command::Invite { member, hours, format } => {
            invite(rules, store, member, *hours, *format, now, lang, out)
        }
        Command::Admin { action } => super::admin::run(rules, store, action, now, lang, out),
        Command::Web { action: super::WebAction::Link { member, hours } } => {
            super::web_link::link(rules, store, member, *hours, now, lang, out)
        }
        Command::Unlink { member, chat } => {
            // A name that is no member id has no link either: told as such below.
            let id = member.parse::<crate::rules::MemberId>().ok();
            let n = match &id {
                Some(id) => store.unlink(id, *chat)?,
                None => 0,
            };
            if n == 0 {
                return Err(MsgRefusal::NoLink { member: member.clone(), chat: *chat }.into());
            }
            let event = AuditEvent::Unlinked { member: member.clone(), chat: *chat, n };
            record(store, now, event)?;
            // Without a device, no calendar either: a lost phone keeps no feed.
            let mut revoked = 0;
            let none_left = match &id {
                Some(id) => store.links_of(id)?.is_empty(),
                None => true,
            };
            if chat.is_none() || none_left {
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
                let event =
                    AuditEvent::FeedTokensRevokedOnUnlink { member: member.clone(), n: revoked };
                record(store, now, event)?;
            }
            let unlinked = Cli::Unlinked { member: member.clone(), chat: *chat, n };
            writeln!(out, "{}", unlinked.render(lang))?;
            if revoked > 0 {
                let tokens = Cli::UnlinkTokens { n: revoked, member: member.clone() };
                writeln!(out, "{}", tokens.render(lang))?;
            }
            Ok(())
        }
        _ => Err(MsgRefusal::NotAtDesk.into()),
    }
}

/// Whether `command` is a desk command (may run inside `serve`).
pub fn is_desk(command: &Command) -> bool {
    matches!(
        command,
        Command::Absence { .. }
            | Command::Request { .. }
            | Command::Patient { .. }
            | Command::Hospital { .. }
            | Command::Board { .. }
            | Command::Call { .. }
            | Command::Oncall { .. }
            | Command::Invite { .. }
            | Command::Unlink { .. }
            | Command::Admin { .. }
            | Command::Web { .. }
            | Command::Links { .. }
            | Command::Actual { .. }
            | Command::Plan { .. }
            | Command::Rota {
                action: super::RotaAction::Publish { .. }
                    | super::RotaAction::Diff { .. }
                    | super::RotaAction::Draft { .. }
                    | super::RotaAction::Freeze { .. }
                    | super::RotaAction::Unfreeze { .. }
            }
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
        return Err(MsgRefusal::NeedFileName(path.display().to_string()).into());
    }
    crate::backups::write_whole(path, bytes).map_err(|e| {
        MsgRefusal::CannotWrite { path: path.display().to_string(), detail: e.to_string() }.into()
    })
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
        Command::Patient { action: PatientAction::Sheet { out, .. } } => fix(out),
        Command::Hospital {
            action: super::hospital::HospitalAction::Patients { out: Some(out), .. },
        } => fix(out),
        Command::Report { out: Some(out), .. } => fix(out),
        Command::Rota { action: super::RotaAction::Show { out: Some(out), .. } } => fix(out),
        Command::Backup { out: Some(out) } => fix(out),
        _ => {}
    }
}

/// A day for the reader: 「3月9日(火)」 this year, 「2026年4月1日(水)」 in another, "Wed 1 Apr
/// 2026" in English.
fn day(rules: &Rules, lang: Lang, d: chrono::NaiveDate) -> String {
    let tz = rules.association.tz;
    let this_year = super::clock::now().ok().map(|n| n.with_timezone(&tz).year());
    crate::msg::Day(d).human(lang, this_year)
}

pub(super) use crate::desk::calls_view::{at, id_and_name};

fn absence(
    rules: &Rules,
    store: &dyn Store,
    action: &AbsenceAction,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        AbsenceAction::Add { doctor, from, to, note, soft } => {
            let desk = Desk { rules, store };
            let new = NewAbsence {
                doctor: doctor.clone(),
                from: *from,
                to: *to,
                note: note.clone(),
                created_at: now,
                soft: *soft,
            };
            let by = format!("admin:{}", super::actor::current());
            let AbsenceAdded { absence: a, clashes } = desk.add_absence(new, &by, now)??;
            let added = Cli::AbsenceAdded {
                id: a.id,
                doctor: id_and_name(rules, lang, &a.doctor),
                from: Day(a.from),
                to: Day(a.to),
                soft: a.soft,
            };
            writeln!(out, "{}", added.render(lang))?;
            // Over their own published duty: the doctor (in chat, offered /cover) and the
            // office are told at once, as when the doctor enters it in chat.
            for slot in clashes {
                let warning = Cli::AbsenceOverDuty {
                    doctor: a.doctor.clone(),
                    start: at(rules, lang, slot.start.with_timezone(&Utc)),
                    end: at(rules, lang, slot.end.with_timezone(&Utc)),
                    slot: slot.id.clone(),
                };
                writeln!(out, "{}", warning.render(lang))?;
            }
        }
        AbsenceAction::List { format } => {
            let list = store.absences()?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
                return Ok(());
            }
            let mut t = Table::cols(
                lang,
                &[Col::Id, Col::Doctor, Col::From, Col::To, Col::Kind, Col::Note],
            );
            for a in &list {
                t.row(vec![
                    a.id.to_string(),
                    id_and_name(rules, lang, &a.doctor),
                    day(rules, lang, a.from),
                    day(rules, lang, a.to),
                    Cli::AbsenceKind { soft: a.soft }.render(lang),
                    a.note.clone().unwrap_or_default(),
                ]);
            }
            t.write_or(out, Listed::Absences, lang)?;
        }
        AbsenceAction::Remove { id } => {
            let by = format!("admin:{}", super::actor::current());
            Desk { rules, store }.remove_absence(*id, &by, now)??;
            writeln!(out, "{}", Cli::AbsenceRemoved(*id).render(lang))?;
        }
    }
    Ok(())
}

fn patient(
    rules: &Rules,
    store: &dyn Store,
    action: &PatientAction,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
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
            nurse_station,
            substitute,
            rota,
            from_file,
            from_text,
        } => {
            let f = super::patient_file::fields(from_file.as_deref(), from_text.as_deref())?;
            let flags = Flags {
                name,
                address,
                area,
                attending,
                hospital,
                diagnosis,
                medications,
                wishes,
                consent,
                nurse_station,
                substitute,
                rota,
            };
            let input = flags.over(rules, f)?;
            let p = patients::register(rules, store, &input, now, &by())?;
            let registered = Cli::PatientRegistered {
                id: p.id,
                name: p.details.name.clone(),
                attending: p.details.attending.to_string(),
            };
            writeln!(out, "{}", registered.render(lang))?;
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
            nurse_station,
            substitute,
            rota,
            from_file,
            from_text,
        } => {
            let f = super::patient_file::fields(from_file.as_deref(), from_text.as_deref())?;
            let flags = Flags {
                name,
                address,
                area,
                attending,
                hospital,
                diagnosis,
                medications,
                wishes,
                consent,
                nurse_station,
                substitute,
                rota,
            };
            let input = flags.over(rules, f)?;
            patients::edit(rules, store, *id, &input, now, &by())?;
            writeln!(out, "{}", Cli::PatientUpdated(*id).render(lang))?;
        }
        PatientAction::Course { id, event, date } => {
            super::course::record(rules, store, *id, (*event, *date), now, lang, out)?;
        }
        PatientAction::Remove { id, reason } => {
            let ended = patients::remove(store, *id, reason.as_deref(), now, &by())?;
            writeln!(out, "{}", Cli::PatientRemoved(*id).render(lang))?;
            super::course::after_removal(*id, reason.is_some(), ended, lang, out)?;
        }
        PatientAction::Sheet { id, out: file } => {
            patients::sheet(rules, store, *id, now, &by(), &mut |html| {
                write_file(file, html.as_bytes())
            })?;
            let path = file.display().to_string();
            writeln!(out, "{}", Cli::WroteSheet { patient: *id, path }.render(lang))?;
        }
        PatientAction::List { format } => {
            let list = store.patients()?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
                return Ok(());
            }
            let mut t = Table::cols(lang, &PATIENT_COLUMNS);
            for p in &list {
                t.row(patient_row(rules, p, lang));
            }
            t.write_or(out, Listed::Patients, lang)?;
        }
        PatientAction::Show { id, format } => {
            let p = store.patient(*id)?.ok_or(MsgRefusal::NoSuchPatient(*id))?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&p)?)?;
                return Ok(());
            }
            let lines = patient_lines(rules, &p, lang, today);
            for (k, v) in lines {
                let k = k.render(lang);
                let pad = 14usize.saturating_sub(crate::textwidth::width(&k)).max(2);
                let pad = if lang == Lang::En { 12usize.saturating_sub(k.len()) } else { pad };
                writeln!(out, "{k}{}{v}", " ".repeat(pad))?;
            }
        }
    }
    Ok(())
}

/// Who the audit names for a command typed now.
fn by() -> String {
    format!("admin:{}", super::actor::current())
}

/// The flags of `patient add|edit` that may also come from the file.
struct Flags<'a> {
    name: &'a Option<String>,
    address: &'a Option<String>,
    area: &'a Option<String>,
    attending: &'a Option<String>,
    hospital: &'a Option<String>,
    diagnosis: &'a Option<String>,
    medications: &'a Option<String>,
    wishes: &'a Option<String>,
    consent: &'a Option<chrono::NaiveDate>,
    nurse_station: &'a Option<String>,
    substitute: &'a Option<String>,
    rota: &'a Option<String>,
}

impl Flags<'_> {
    /// The fields given: each flag over the file's; date of birth, key person, family contact
    /// and allergies from the file only (never a flag: `ps` shows flags to everyone).
    fn over(self, rules: &Rules, f: super::patient_file::Fields) -> anyhow::Result<PatientInput> {
        let pick = |flag: &Option<String>, file: Option<String>| flag.clone().or(file);
        Ok(PatientInput {
            name: pick(self.name, f.name),
            address: pick(self.address, f.address),
            area: pick(self.area, f.area),
            attending: pick(self.attending, f.attending),
            hospital: pick(self.hospital, f.hospital),
            diagnosis: pick(self.diagnosis, f.diagnosis),
            medications: pick(self.medications, f.medications),
            wishes: pick(self.wishes, f.wishes),
            consent: self.consent.or(f.consent),
            born: f.born,
            key_person: f.key_person,
            family_contact: f.family_contact,
            allergies: f.allergies,
            nurse_station: pick(self.nurse_station, f.nurse_station),
            substitute: pick(self.substitute, f.substitute),
            rota: match self.rota {
                Some(r) => Some(super::rotas::patient_rota(rules, r)?),
                None => None,
            },
        })
    }
}

/// A date of birth with the age today: 「1938年5月1日(日)（88歳）」; "" when not recorded.
fn born(born: Option<chrono::NaiveDate>, today: chrono::NaiveDate, lang: Lang) -> String {
    let Some(b) = born else { return String::new() };
    let age = crate::routing::patient::age(b, today);
    match lang {
        Lang::Ja => crate::msg::record::born_ja(b, age),
        Lang::En => crate::msg::record::born_en(b, age),
    }
}

/// The columns of `toban audit` (and the console's audit page).
pub(crate) const AUDIT_COLUMNS: [Col; 6] =
    [Col::No, Col::When, Col::Who, Col::OnBehalf, Col::What, Col::Detail];

/// The columns of `toban patient list`.
pub(crate) const PATIENT_COLUMNS: [Col; 8] = [
    Col::Id,
    Col::FullName,
    Col::Area,
    Col::Attending,
    Col::Hospital,
    Col::Wishes,
    Col::Consent,
    Col::Course,
];

/// A patient's cells under [`PATIENT_COLUMNS`] (the list of the command line and the console):
/// the attending doctor and the hospital by name and id, as the office knows them.
pub(crate) fn patient_row(rules: &Rules, p: &crate::routing::Patient, lang: Lang) -> Vec<String> {
    let d = &p.details;
    let last = p.course.last().map(|e| course_entry(e, lang)).unwrap_or_default();
    vec![
        p.id.to_string(),
        d.name.clone(),
        d.area.clone().unwrap_or_default(),
        id_and_name(rules, lang, d.attending.as_str()),
        d.hospital.as_ref().map(|h| id_and_name(rules, lang, h.as_str())).unwrap_or_default(),
        d.wishes.clone(),
        day(rules, lang, d.consent),
        last,
    ]
}

/// A patient's record as `toban patient show` prints it (the console shows the same).
pub(crate) fn patient_lines(
    rules: &Rules,
    p: &crate::routing::Patient,
    lang: Lang,
    today: chrono::NaiveDate,
) -> Vec<(Col, String)> {
    let d = &p.details;
    vec![
        (Col::Id, p.id.to_string()),
        (Col::FullName, d.name.clone()),
        (Col::Address, d.address.clone()),
        (Col::Area, d.area.clone().unwrap_or_default()),
        (Col::Attending, id_and_name(rules, lang, d.attending.as_str())),
        (
            Col::Hospital,
            d.hospital.as_ref().map(|h| id_and_name(rules, lang, h.as_str())).unwrap_or_default(),
        ),
        (Col::Diagnosis, d.diagnosis.clone()),
        (Col::Medications, d.medications.clone()),
        (Col::Wishes, d.wishes.clone()),
        (
            Col::Substitute,
            d.substitute.as_ref().map(|s| id_and_name(rules, lang, s.as_str())).unwrap_or_default(),
        ),
        (Col::Born, born(d.visit.born, today, lang)),
        (Col::Allergies, d.visit.allergies.clone()),
        (Col::KeyPerson, d.visit.key_person.clone()),
        (Col::FamilyContact, d.visit.family_contact.clone()),
        (
            Col::NurseStation,
            d.visit
                .nurse_station
                .as_ref()
                .map(|n| id_and_name(rules, lang, n.as_str()))
                .unwrap_or_default(),
        ),
        (Col::Consent, day(rules, lang, d.consent)),
        (
            Col::Course,
            p.course.iter().map(|e| course_entry(e, lang)).collect::<Vec<_>>().join(" → "),
        ),
    ]
}

/// One event of a patient's course: 「2027年3月10日(水) 在宅で死亡（在宅看取り）」.
fn course_entry(e: &crate::routing::CourseEntry, lang: Lang) -> String {
    let day = crate::msg::Day(e.date);
    match lang {
        Lang::Ja => format!("{} {}", day.ja_long(), crate::msg::record::event_ja(e.event)),
        Lang::En => format!("{} {}", crate::msg::record::event_en(e.event), day.en_long()),
    }
}

fn call(
    desk: &Desk,
    action: &CallAction,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rules = desk.rules;
    let usage = |e: crate::desk::DeskError| -> anyhow::Error {
        match e {
            crate::desk::DeskError::Store(s) => s.into(),
            other => MsgRefusal::of_desk(&other).into(),
        }
    };
    let say = |out: &mut dyn Write, m: Cli| writeln!(out, "{}", m.render(lang));
    match action {
        CallAction::Raise { patient, from, note, kind } => {
            let kind = kind.unwrap_or_else(|| crate::routing::CallKind::of_note(note));
            match desk.raise_kind(*patient, from, note, kind, now, None).map_err(usage)? {
                Raised::New(call, _) => {
                    let caller = call.caller.to_string();
                    say(out, Cli::CallRaised { call: call.id, patient: call.patient, caller })?;
                    write!(out, "{}", status_line(rules, &call, lang))?;
                }
                Raised::Joined(call, _) => {
                    say(out, Cli::CallJoined { patient: call.patient, call: call.id })?;
                    write!(out, "{}", status_line(rules, &call, lang))?;
                }
            }
        }
        CallAction::Accept { call, who } => {
            let (c, _) =
                desk.answer(CallId::new(*call), who, Answer::Accept, now).map_err(usage)?;
            let caller = c.caller.to_string();
            say(out, Cli::CallAccepted { call: c.id, who: who.clone(), caller })?;
        }
        CallAction::Decline { call, who } => {
            let (c, _) =
                desk.answer(CallId::new(*call), who, Answer::Decline, now).map_err(usage)?;
            say(out, Cli::CallDeclined { call: c.id, who: who.clone() })?;
            write!(out, "{}", status_line(rules, &c, lang))?;
        }
        CallAction::Acknowledge { call, who } => {
            let (c, _) =
                desk.answer(CallId::new(*call), who, Answer::Acknowledge, now).map_err(usage)?;
            say(out, Cli::CallAcknowledged { call: c.id, who: who.clone() })?;
            write!(out, "{}", status_line(rules, &c, lang))?;
        }
        CallAction::Cancel { call, who } => {
            let (c, _) =
                desk.answer(CallId::new(*call), who, Answer::Cancel, now).map_err(usage)?;
            let event = AuditEvent::CallCancelled { call: c.id, member: who.clone() };
            record(desk.store, now, event)?;
            say(out, Cli::CallCancelled { call: c.id, who: who.clone() })?;
        }
        CallAction::Report { call, who, outcome, text } => {
            let (c, notices) =
                desk.report(CallId::new(*call), who, *outcome, text, now).map_err(usage)?;
            let mut to: Vec<String> = notices.iter().map(|n| n.to.to_string()).collect();
            to.dedup();
            say(out, Cli::ReportSaved { call: c.id, outcome: *outcome, to })?;
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
            let mut t = Table::cols(lang, &crate::desk::calls_view::LIST_COLUMNS);
            for c in &calls {
                t.row(crate::desk::calls_view::list_row(rules, c, lang, None));
            }
            t.write_or(out, if *open { Listed::OpenCalls } else { Listed::Calls }, lang)?;
        }
        CallAction::Show { call, format } => {
            let call = CallId::new(*call);
            let c = desk.store.call(call)?.ok_or(MsgRefusal::NoSuchCall(call))?;
            if *format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&c)?)?;
                return Ok(());
            }
            show(rules, &c, lang, out)?;
        }
    }
    Ok(())
}

/// One line on where the call stands.
fn status_line(rules: &Rules, call: &Call, lang: Lang) -> String {
    format!("{}\n", crate::desk::calls_view::status(rules, call, lang).render(lang))
}

fn show(rules: &Rules, c: &Call, lang: Lang, out: &mut dyn Write) -> anyhow::Result<()> {
    let v = crate::desk::calls_view::view(rules, c, lang);
    let say = |out: &mut dyn Write, m: &Cli| writeln!(out, "{}", m.render(lang));
    say(out, &v.header)?;
    say(out, &v.note)?;
    say(out, &v.status)?;
    say(out, &Cli::ChainHeading)?;
    for l in &v.chain {
        say(out, l)?;
    }
    say(out, &Cli::LogHeading)?;
    for l in &v.log {
        say(out, l)?;
    }
    if let Some(r) = &v.report {
        say(out, r)?;
    }
    Ok(())
}

fn oncall(
    desk: &Desk,
    instant: DateTime<Utc>,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rules = desk.rules;
    let (on_duty, chain) = desk.chain(instant, None, None)?;
    if format == Format::Json {
        let mut value = desk.oncall_json(instant)?;
        super::rotas::add_json(desk, instant, &mut value)?;
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    let head = match &on_duty.slot {
        Some(s) => Cli::OncallSlot {
            at: at(rules, lang, instant),
            slot: s.id.clone(),
            kind: super::rota::kind_name(rules, lang, &s.kind),
            start: at(rules, lang, s.start.with_timezone(&Utc)),
            end: at(rules, lang, s.end.with_timezone(&Utc)),
        },
        None => Cli::OncallNone(at(rules, lang, instant)),
    };
    writeln!(out, "{}", head.render(lang))?;
    let mut t = Table::cols(lang, &[Col::No, Col::Kinds, Col::Id, Col::Name, Col::Note]);
    let mut n = 0;
    for s in &chain {
        // The generic chain asks no attending doctor and no earlier handler.
        let kind = Cli::OncallKind(s.kind).render(lang);
        if s.kind == StepKind::Advice {
            n += 1;
            t.row(vec![
                n.to_string(),
                kind.clone(),
                "119".into(),
                Cli::AdviceName.render(lang),
                Cli::AdminsAlerted.render(lang),
            ]);
            continue;
        }
        for m in &s.members {
            n += 1;
            t.row(vec![
                n.to_string(),
                kind.clone(),
                m.to_string(),
                rules.name_of(m.as_str()).into(),
                String::new(),
            ]);
        }
        for (m, why) in &s.left_out {
            t.row(vec![
                "-".into(),
                kind.clone(),
                m.to_string(),
                rules.name_of(m.as_str()).into(),
                Cli::LeftOutNote(*why).render(lang),
            ]);
        }
    }
    write!(out, "{}", t.render())?;
    super::rotas::print_duty_lines(desk, instant, lang, out)?;
    // Whom a patient's call asks before the duty doctor while their attending doctor is away.
    let away = desk.attending_away(instant)?;
    if !away.is_empty() {
        writeln!(out, "\n{}", Cli::AwayPatients.render(lang))?;
        let mut t = Table::cols(lang, &[Col::Id, Col::Attending, Col::Substitute]);
        for (id, attending, substitute) in away {
            t.row(vec![
                id.to_string(),
                id_and_name(rules, lang, attending.as_str()),
                substitute.map_or_else(
                    || Cli::NoSubstitute.render(lang),
                    |s| id_and_name(rules, lang, s.as_str()),
                ),
            ]);
        }
        write!(out, "{}", t.render())?;
    }
    Ok(())
}

/// The environment variable naming the bot's Telegram username, for invitation links.
pub const BOT_USERNAME_VAR: &str = "TOBAN_BOT_USERNAME";
/// The environment variable naming the LINE official account's basic id (`@123abcde`), for its
/// add-friend link in invitations.
pub const LINE_BASIC_ID_VAR: &str = "TOBAN_LINE_BASIC_ID";

/// A new invitation: its one-time code, the bot's link when the bot's name is known, and its
/// expiry. Shown once; the store keeps only the code's hash.
pub(crate) struct Invitation {
    /// The one-time code.
    pub code: String,
    /// `https://t.me/<bot>?start=<code>`, when `TOBAN_BOT_USERNAME` is set.
    pub link: Option<String>,
    /// LINE's add-friend link (`https://line.me/R/ti/p/@<id>`), when `TOBAN_LINE_BASIC_ID` is
    /// set: the member adds the account, then sends the code.
    pub line: Option<String>,
    /// Until when it works.
    pub expires_at: DateTime<Utc>,
}

/// Creates an invitation for `member`, valid `hours`, audited as `by` (the one path of `toban
/// invite` and the console); `None` when `member` is none of the rules' members.
///
/// # Errors
/// No randomness; store failures.
pub(crate) fn create_invite(
    rules: &Rules,
    store: &dyn Store,
    member: &str,
    hours: u32,
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<Option<Invitation>> {
    use crate::chat::invite;
    let Some(m) = rules.member(member) else {
        return Ok(None);
    };
    let code = invite::new_code().map_err(|e| MsgRefusal::NoRandomness(e.to_string()))?;
    let expires_at = now + chrono::Duration::hours(i64::from(hours));
    store.add_invite(&crate::store::Invite {
        hash: invite::hash(&code),
        member: m.id.clone(),
        created_at: now,
        expires_at,
        used_at: None,
    })?;
    let event = AuditEvent::Invited { member: member.to_string(), until: expires_at };
    store.add_audit(&crate::store::AuditEntry::of(now, by, event))?;
    // The association's own bot (`TOBAN_BOT_USERNAME_<ID>`, issue 21) over the plain one.
    let credentials = crate::config::credentials::Credentials::from_env(&rules.association.id);
    let link = credentials.get(BOT_USERNAME_VAR).map(|u| invite::link(&u, &code));
    let line = credentials.get(LINE_BASIC_ID_VAR).map(|id| invite::line_friend_link(&id));
    Ok(Some(Invitation { code, link, line, expires_at }))
}

#[allow(clippy::too_many_arguments)]
fn invite(
    rules: &Rules,
    store: &dyn Store,
    member: &str,
    hours: u32,
    format: Format,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let by = format!("admin:{}", super::actor::current());
    let Some(Invitation { code, link, line, expires_at }) =
        create_invite(rules, store, member, hours, now, &by)?
    else {
        return Err(MsgRefusal::UnknownMember(member.to_string()).into());
    };
    let Some(m) = rules.member(member) else {
        return Err(MsgRefusal::UnknownMember(member.to_string()).into());
    };
    if format == Format::Json {
        let value = json!({
            "member": member,
            "code": code,
            "link": link,
            "line_link": line,
            "expires_at": expires_at.with_timezone(&rules.association.tz).to_rfc3339(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    let head = Cli::InviteFor {
        member: member.to_string(),
        name: m.name.to_string(),
        until: at(rules, lang, expires_at),
    };
    writeln!(out, "{}", head.render(lang))?;
    match link {
        Some(l) => writeln!(out, "  {l}")?,
        None => writeln!(
            out,
            "{}",
            Cli::InviteCode { code: code.clone(), var: BOT_USERNAME_VAR }.render(lang)
        )?,
    }
    if let Some(line) = line {
        writeln!(out, "{}", Cli::InviteLine { link: line, code: code.clone() }.render(lang))?;
    }
    writeln!(out, "{}", Cli::InviteShownOnce.render(lang))?;
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
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        FeedAction::Token { action: TokenAction::Issue { member, all, label, format } } => {
            let member = match (member, all) {
                (_, true) => None,
                (Some(m), false) => Some(m.as_str()),
                (None, false) => {
                    return Err(MsgRefusal::NeedDoctorOrAll.into());
                }
            };
            let issued =
                crate::desk::feed_tokens::issue(rules, store, member, label.clone(), now, &by())?;
            let url = issued.url(&public_url(store));
            let (t, token) = (issued.token, issued.secret);
            if *format == Format::Json {
                let v =
                    json!({"id": t.id.to_string(), "token": token, "url": url, "member": t.member});
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                let member = t.member.as_ref().map(ToString::to_string);
                writeln!(out, "{}", Cli::FeedTokenFor { id: t.id, member }.render(lang))?;
                writeln!(out, "  {url}")?;
                writeln!(out, "{}", Cli::FeedShownOnce(t.id).render(lang))?;
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
            let mut t = Table::cols(lang, &FEED_TOKEN_COLUMNS);
            for tok in &list {
                t.row(feed_token_row(rules, tok, lang));
            }
            t.write_or(out, Listed::FeedTokens, lang)?;
        }
        FeedAction::Token { action: TokenAction::Revoke { id } } => {
            let token = crate::ids::FeedTokenId::new(*id);
            if !crate::desk::feed_tokens::revoke(store, token, now, &by())? {
                return Err(MsgRefusal::NoFeedToken(token).into());
            }
            writeln!(out, "{}", Cli::FeedRevoked(token).render(lang))?;
        }
        FeedAction::Export { out: dir } => {
            let desk = Desk { rules, store };
            desk.refresh_feeds(now)?;
            std::fs::create_dir_all(dir).map_err(|e| MsgRefusal::CannotCreate {
                path: dir.display().to_string(),
                detail: e.to_string(),
            })?;
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
                std::fs::write(&path, text).map_err(|e| MsgRefusal::CannotWrite {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                })?;
                written += 1;
            }
            let done = Cli::FeedExported { n: written, dir: dir.display().to_string() };
            writeln!(out, "{}", done.render(lang))?;
        }
    }
    Ok(())
}

/// The columns of `toban feed token list`.
pub(crate) const FEED_TOKEN_COLUMNS: [Col; 5] =
    [Col::Id, Col::For, Col::Label, Col::Issued, Col::Revoked];

/// A feed token's cells under [`FEED_TOKEN_COLUMNS`] (the command line and the console).
pub(crate) fn feed_token_row(
    rules: &Rules,
    tok: &crate::store::FeedToken,
    lang: Lang,
) -> Vec<String> {
    vec![
        tok.id.to_string(),
        tok.member.as_ref().map_or_else(
            || Cli::WholeRota.render(lang),
            |m| crate::desk::calls_view::id_and_name(rules, lang, m.as_str()),
        ),
        tok.label.clone().unwrap_or_default(),
        at(rules, lang, tok.created_at),
        tok.revoked_at.map(|r| at(rules, lang, r)).unwrap_or_default(),
    ]
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
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::changes::{check, commit};
    check_actor(rules, by, on_behalf)?;
    let year = check(rules, overrides, store, &changes, now).map_err(fail)?;
    // The office acting: the audit names who at the office (login or TOBAN_ADMIN).
    let actor =
        if by == "admin" { format!("admin:{}", super::actor::current()) } else { by.to_string() };
    let done =
        commit(rules, store, year, action, &changes, &actor, on_behalf, now).map_err(fail)?;
    writeln!(out, "{}", Cli::ChangeDone { swap: action == "swap", seq: done.seq }.render(lang))?;
    let names = Names::of(rules);
    for moved in &done.moved {
        writeln!(
            out,
            "  {}",
            MovedMsg { moved: moved.clone(), names: names.clone() }.render(lang)
        )?;
    }
    writeln!(out, "{}", Cli::ChangeTold(done.told.clone()).render(lang))?;
    Ok(())
}

fn audit(
    rules: &Rules,
    store: &dyn Store,
    since: Option<chrono::NaiveDate>,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let tz = rules.association.tz;
    let list: Vec<_> = store
        .audit()?
        .into_iter()
        .filter(|a| since.is_none_or(|d| a.at.with_timezone(&tz).date_naive() >= d))
        .collect();
    let names = Names::of(rules);
    let said = |a: &crate::store::AuditEntry, lang: Lang| crate::msg::audit::said(a, &names, lang);
    if format == Format::Json {
        // Scripts get the stored entry, its typed `event`, and the detail in English.
        let list: Vec<crate::store::AuditEntry> = list
            .into_iter()
            .map(|a| {
                let detail = said(&a, Lang::En).1;
                crate::store::AuditEntry { detail, ..a }
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    let mut t = Table::cols(lang, &AUDIT_COLUMNS);
    for a in &list {
        let (what, detail) = said(a, lang);
        t.row(vec![
            a.seq.to_string(),
            at(rules, lang, a.at),
            a.by.clone(),
            a.on_behalf.clone().unwrap_or_default(),
            what,
            detail,
        ]);
    }
    let empty = match since {
        Some(d) => Listed::AuditSince(Day(d)),
        None => Listed::Audit,
    };
    t.write_or(out, empty, lang)?;
    Ok(())
}

/// Appends an audit entry for a change made from the command line (by the admin).
pub(super) fn record(
    store: &dyn Store,
    now: DateTime<Utc>,
    event: AuditEvent,
) -> anyhow::Result<()> {
    let by = format!("admin:{}", super::actor::current());
    store.add_audit(&crate::store::AuditEntry::of(now, &by, event))?;
    Ok(())
}

/// A refused or failed rota change as the command's error.
pub(super) fn fail(e: crate::changes::ChangeFailure) -> anyhow::Error {
    match e {
        crate::changes::ChangeFailure::Refused(r) => (*r).into(),
        crate::changes::ChangeFailure::Store(e) => e.into(),
    }
}

/// Refuses a change made `by` someone who is not a member (or the office, "admin"), or on
/// behalf of someone who is not a doctor.
pub(super) fn check_actor(rules: &Rules, by: &str, on_behalf: Option<&str>) -> anyhow::Result<()> {
    if by != "admin" && rules.member(by).is_none() {
        return Err(MsgRefusal::ByNotMember(by.to_string()).into());
    }
    if let Some(d) = on_behalf
        && rules.doctor(d).is_none()
    {
        return Err(MsgRefusal::ForNotDoctor(d.to_string()).into());
    }
    Ok(())
}
