//! `toban plan`, `rota` and `ledger`: the admin's annual job (`history` is in [`super::history`]).

use std::io::Write;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{NaiveDate, Utc};
use serde_json::json;

use super::planning::{replan_context, rota_record};
use super::table::Table;
use super::{Args, Format, RotaFormat, load_inputs};
use crate::known::{context, ledger_before};
use crate::msg::cli::{Cli, Col};
use crate::msg::refusal::Refusal;
use crate::msg::{Day, Lang, Message};
use crate::plan::solve::{Options, Progress};
use crate::plan::year::{calendar_years, plan_one_year};
use crate::rules::Rules;
use crate::store::{RotaRecord, RotaStatus, SledStore, Store};

fn open_store(args: &Args) -> anyhow::Result<SledStore> {
    Ok(SledStore::open(&args.data)?)
}

fn name_of<'a>(rules: &'a Rules, id: &'a str) -> &'a str {
    rules.doctor(id).map(|d| d.name.as_str()).unwrap_or(id)
}

/// `toban plan YEAR [--replan-from DATE]`: solve, check, save as draft, print the summary.
pub fn plan(
    args: &Args,
    year: i32,
    time_limit: f64,
    solver: &str,
    replan_from: Option<NaiveDate>,
    rota: &str,
    lang: Lang,
) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let (rota, rules) = super::rotas::resolve(&inputs.rules, rota)?;
    let store = open_store(args)?;
    let store = crate::store::RotaView::new(&store, &rota);
    let now = super::clock::now()?;
    let job = PlanJob { year, time_limit, solver, replan_from, lang };
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    plan_into(&rules, &inputs.overrides, &store, &job, now, &mut out, &mut err)
}

/// What `toban plan` is asked.
pub struct PlanJob<'a> {
    /// Plan year.
    pub year: i32,
    /// Solver time limit per solve, seconds.
    pub time_limit: f64,
    /// Solver name.
    pub solver: &'a str,
    /// Re-plan from this date.
    pub replan_from: Option<NaiveDate>,
    /// The reader's language.
    pub lang: Lang,
}

/// `toban plan` over `store` (here, or inside `serve` beside the engine: a solve takes
/// milliseconds to seconds and runs on its own thread, so call routing never waits for it).
/// Results to `out`, progress and notes to `err`.
pub fn plan_into(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    job: &PlanJob<'_>,
    now: chrono::DateTime<Utc>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let (year, time_limit, replan_from) = (job.year, job.time_limit, job.replan_from);
    let lang = job.lang;
    let backend = backend(job.solver)?;
    let published = store.rota_version(year, RotaStatus::Published)?;
    let mut ctx = context(rules, store, year)?;
    let base = match replan_from {
        None if published.is_some() => {
            let from = published
                .as_ref()
                .and_then(|p| super::planning::earliest_replan(p, now))
                .unwrap_or_else(|| now.with_timezone(&rules.association.tz).date_naive());
            return Err(Refusal::RotaPublished { year: py(rules, year), from: Day(from) }.into());
        }
        None => None,
        Some(from) => {
            // A day outside the year would pin every duty (or none) and save a draft that
            // changes nothing without a word (issue 18 review, finding 7c).
            let first = crate::calendar::slots::plan_year_first_day(rules, year);
            let last = crate::calendar::slots::plan_year_last_day(rules, year);
            if from < first || from > last {
                let (from, first, last) = (Day(from), Day(first), Day(last));
                return Err(Refusal::ReplanOutsideYear {
                    year: py(rules, year),
                    from,
                    first,
                    last,
                }
                .into());
            }
            // A re-plan starts from the published rota (what members see), not from a draft
            // left pending: its diff and what publish changes are then the same.
            let Some(base) = published.clone().or(store.rota(year)?) else {
                return Err(Refusal::NothingToReplan(py(rules, year)).into());
            };
            if let Some(earliest) = super::planning::earliest_replan(&base, now)
                && from < earliest
            {
                return Err(
                    Refusal::ReplanTooEarly { from: Day(from), earliest: Day(earliest) }.into()
                );
            }
            replan_context(&mut ctx, &base, from, now);
            warn_frozen_but_away(rules, &base, &ctx, lang, err);
            Some(base)
        }
    };
    if let Some(prev) = store.rota(year - 1)?
        && prev.status == RotaStatus::Draft
    {
        writeln!(err, "toban: {}", Cli::PreviousYearDraft(py(rules, year - 1)).render(lang))?;
    }
    let cal = crate::calendar::HolidayCalendar::build(calendar_years(year), overrides);
    let options = Options { time_limit_s: time_limit, backend };
    let started = Instant::now();
    let mut show = |p: Progress| {
        let line = match p {
            Progress::HolidaysAssigned { count } => Cli::ProgressHolidays(count),
            Progress::Bound { bound } => Cli::ProgressBound(bound.to_string()),
            Progress::Trying { range } => Cli::ProgressTrying(range.to_string()),
            Progress::Answered { range, outcome } => Cli::ProgressAnswered {
                range: range.to_string(),
                outcome: crate::msg::plan::SolverSaid(outcome).render(lang),
            },
        }
        .render(lang);
        let _ = writeln!(err, "[{:>6.2}s] {line}", started.elapsed().as_secs_f64());
    };
    let planned = plan_one_year(rules, &cal, year, &ctx, &options, &mut show)?;
    let seconds = started.elapsed().as_secs_f64();
    let mut record = rota_record(&planned, now, seconds);
    if let Some(base) = &base {
        record.frozen = base.frozen.clone();
        record.replan_from = replan_from;
    }
    // What the published rota was when this draft was made: publish keeps later swaps.
    record.base = published.as_ref().map(super::planning::doctors_by_slot);
    store.put_rota(&record).context("save the draft rota")?;
    let slots = record.slots.len();
    let event =
        crate::store::AuditEvent::DraftPlanned { year, replan_from: job.replan_from, slots };
    super::desk::record(store, now, event)?;
    write!(out, "{}", fairness_table(rules, &record, lang))?;
    if let Some(base) = &base {
        write!(out, "{}", diff_text(rules, base, &record, lang))?;
    }
    let saved = Cli::DraftSaved {
        year: py(rules, year),
        slots: record.slots.len(),
        seconds: format!("{seconds:.2}"),
        rota: crate::msg::cli::RotaArg::of(store.scope()),
    };
    writeln!(out, "{}", saved.render(lang))?;
    Ok(())
}

/// The solver backend named on the command line.
fn backend(name: &str) -> anyhow::Result<crate::plan::model::Backend> {
    use crate::plan::model::Backend;
    match name {
        #[cfg(feature = "highs")]
        "highs" => Ok(Backend::Highs),
        #[cfg(not(feature = "highs"))]
        "highs" => Err(Refusal::NoHighs.into()),
        _ => Ok(Backend::Microlp),
    }
}

/// A frozen slot keeps its doctors even if one of them is now away: the admin froze it on
/// purpose, but should hear about it.
fn warn_frozen_but_away(
    rules: &Rules,
    base: &RotaRecord,
    ctx: &crate::plan::year::Context,
    lang: Lang,
    err: &mut dyn Write,
) {
    for s in base.slots.iter().filter(|s| base.frozen.contains(&s.id)) {
        let (first, end) = (s.start.date_naive(), s.end.date_naive());
        for d in &s.doctors {
            if ctx.away.iter().any(|a| &a.doctor == d && a.from < end && first <= a.to) {
                let slot = crate::partial::slot_ref(rules, s);
                let warning = Cli::FrozenButAway { slot, doctor: d.clone(), year: base.year };
                let _ = writeln!(err, "toban: {}", warning.render(lang));
            }
        }
    }
}

/// The changes from `a` to `b`, one line per slot, then the doctors affected.
fn diff_text(rules: &Rules, a: &RotaRecord, b: &RotaRecord, lang: Lang) -> String {
    let changes = super::planning::changed_duties(rules, a, b);
    if changes.is_empty() {
        return format!("{}\n", Cli::NoSlotChanged.render(lang));
    }
    let mut out = format!("{}\n", Cli::SlotsChanged(changes.len()).render(lang));
    let mut affected = std::collections::BTreeSet::new();
    for c in &changes {
        out.push_str(&format!("  {}\n", c.render(lang)));
        let (old, new) = (&c.before, &c.after);
        affected.extend(
            old.iter().chain(new).filter(|d| !(old.contains(d) && new.contains(d))).cloned(),
        );
    }
    let affected = crate::msg::words::list(affected, lang);
    out.push_str(&format!("{}\n", Cli::DoctorsAffected(affected).render(lang)));
    for line in dropped_covers(rules, a, b) {
        out.push_str(&format!("{}\n", line.render(lang)));
    }
    out
}

/// The partial covers of `a` that `b` cannot keep (issue 20), as the diff says them.
pub(crate) fn dropped_covers(
    rules: &Rules,
    a: &RotaRecord,
    b: &RotaRecord,
) -> Vec<crate::msg::replan_cover::CoverDropped> {
    let named = |d: &str| crate::msg::replan_cover::Who {
        id: d.to_string(),
        name: name_of(rules, d).to_string(),
    };
    super::planning::dropped_parts(a, b)
        .into_iter()
        .map(|d| crate::msg::replan_cover::CoverDropped {
            by_on_duty: d.now.contains(&d.part.by),
            slot: crate::partial::slot_ref_in(rules, a, &d.slot),
            doctor: named(&d.part.doctor),
            by: named(&d.part.by),
            from: d.part.from,
            to: d.part.to,
            now: d.now.iter().map(|n| named(n)).collect(),
        })
        .collect()
}

/// Parses `YEAR`, `YEAR:draft` or `YEAR:published` and loads that rota.
fn rota_ref(store: &dyn Store, text: &str) -> anyhow::Result<RotaRecord> {
    let (year, which) = match text.split_once(':') {
        Some((y, w)) => (y, Some(w)),
        None => (text, None),
    };
    let bad = || Refusal::NotARota(text.to_string());
    let year: i32 = year.parse().map_err(|_| bad())?;
    let found = match which {
        None => store.rota(year)?,
        Some("draft") => store.rota_version(year, RotaStatus::Draft)?,
        Some("published") => store.rota_version(year, RotaStatus::Published)?,
        Some(_) => return Err(bad().into()),
    };
    found.ok_or_else(|| Refusal::NoSuchRota { text: text.to_string(), year }.into())
}

/// `toban rota diff A B`.
/// `toban rota diff A B` over `store` (here or inside `serve`).
pub fn diff_into(
    rules: &Rules,
    store: &dyn Store,
    a: &str,
    b: &str,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (ra, rb) = (rota_ref(store, a)?, rota_ref(store, b)?);
    writeln!(out, "{a} → {b}")?;
    write!(out, "{}", diff_text(rules, &ra, &rb, lang))?;
    Ok(())
}

/// `toban rota freeze|unfreeze YEAR SLOT...` on the latest version of the rota.
/// Over `store` (here or inside `serve`).
#[allow(clippy::too_many_arguments)]
pub fn freeze_into(
    rules: &Rules,
    store: &dyn Store,
    year: i32,
    slots: &[String],
    on: bool,
    now: chrono::DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(mut r) = store.rota(year)? else {
        return Err(Refusal::NoRotaYet(py(rules, year)).into());
    };
    for id in slots {
        if !r.slots.iter().any(|s| &s.id == id) {
            super::rotas::refuse_other_rota(rules, store, id)?;
            let id = crate::msg::slot::SlotRef::id(id.clone());
            return Err(Refusal::NoSuchSlot { year: py(rules, year), id }.into());
        }
        if on {
            r.frozen.insert(id.clone());
        } else {
            r.frozen.remove(id);
        }
    }
    store.put_rota(&r)?;
    let event = crate::store::AuditEvent::SlotsFrozen { year, slots: slots.to_vec(), frozen: on };
    super::desk::record(store, now, event)?;
    let slots = r
        .frozen
        .iter()
        .map(|id| match r.slots.iter().find(|s| &s.id == id) {
            Some(s) => crate::partial::slot_ref(rules, s),
            None => crate::msg::slot::SlotRef::id(id.clone()),
        })
        .collect();
    writeln!(out, "{}", Cli::FrozenSlots { year: py(rules, year), slots }.render(lang))?;
    Ok(())
}

fn fairness_table(rules: &Rules, r: &RotaRecord, lang: Lang) -> String {
    let mut t = Table::new(&[
        &Col::Doctor.render(lang),
        &Col::FullName.render(lang),
        &Col::Regular.render(lang),
        &Cli::HolidayColumn.render(lang),
        &Col::Load.render(lang),
        &Col::Target.render(lang),
        &Col::CarriedIn.render(lang),
        &Col::Deviation.render(lang),
    ]);
    for d in &r.doctors {
        let holidays: Vec<String> =
            d.holiday.iter().map(|(k, v)| format!("{}×{v}", kind_name(rules, lang, k))).collect();
        t.row(vec![
            d.id.clone(),
            name_of(rules, &d.id).to_string(),
            d.regular.to_string(),
            if holidays.is_empty() { "-".into() } else { holidays.join(" ") },
            d.load.to_string(),
            d.target.to_string(),
            format!("{:+}", d.balance),
            format!("{:+}", d.deviation),
        ]);
    }
    let f = &r.fairness;
    let line = Cli::Fairness {
        range: f.range.to_string(),
        bound: f.bound.to_string(),
        optimal: f.optimal,
        gap: (f.range - f.bound).to_string(),
        given_holidays: f.fairest_given_holidays(),
    };
    format!("{}{}\n", t.render(), line.render(lang))
}

/// A slot's kind for the reader: "regular" or a holiday period's id in English; 「通常」 or the
/// period's name in Japanese.
pub(super) fn kind_name(rules: &Rules, lang: Lang, kind: &str) -> String {
    match lang {
        Lang::En => kind.to_string(),
        Lang::Ja if kind == "regular" => Cli::Regular.ja(),
        Lang::Ja => rules
            .holiday_periods
            .iter()
            .find(|p| p.id.as_str() == kind)
            .map_or_else(|| kind.to_string(), |p| p.name.clone()),
    }
}

/// `toban rota show YEAR`.
pub fn show(
    rules: &Rules,
    store: &dyn Store,
    which: &str,
    format: RotaFormat,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let year: i32 = which.split(':').next().unwrap_or("").parse().unwrap_or(0);
    if store.rotas()?.iter().all(|r| r.year != year) && which.parse::<i32>().is_ok() {
        return Err(Refusal::NoRotaYet(py(rules, year)).into());
    }
    let r = rota_ref(store, which)?;
    let status = match r.status {
        RotaStatus::Draft => "draft",
        RotaStatus::Published => "published",
    };
    match format {
        RotaFormat::Json => {
            let slots: Vec<_> = r
                .slots
                .iter()
                .map(|s| {
                    json!({
                        "id": s.id, "start": s.start.to_rfc3339(), "end": s.end.to_rfc3339(), "kind": s.kind,
                        "holidays": s.holidays, "weight": f64::from(s.weight), "doctors": s.doctors,
                        "frozen": r.frozen.contains(&s.id), "parts": s.parts,
                    })
                })
                .collect();
            let value = json!({
                "year": r.year,
                "status": status,
                "slots": slots,
                "reserved": r.reserved.iter().map(|s| json!({"id": s.id, "kind": s.kind, "doctors": s.doctors})).collect::<Vec<_>>(),
                "fairness": {"range": r.fairness.range, "bound": r.fairness.bound, "optimal": r.fairness.optimal, "sum_squares": r.fairness.sum_squares},
                "doctors": r.doctors,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        RotaFormat::Csv | RotaFormat::Xlsx => {
            out.write_all(&export_record(rules, &r, format, false)?)?;
        }
        RotaFormat::Table => {
            let published = r.status == RotaStatus::Published;
            writeln!(
                out,
                "{}",
                Cli::RotaHeading { year: py(rules, year), published }.render(lang)
            )?;
            let mut t = Table::new(&[
                &Col::Slot.render(lang),
                &Col::Start.render(lang),
                &Col::End.render(lang),
                &Col::Kind.render(lang),
                &Col::Weight.render(lang),
                &Cli::OnDutyColumn.render(lang),
            ]);
            let tz = rules.association.tz;
            let fmt = |t: &chrono::DateTime<chrono::FixedOffset>| {
                super::commands::stamp(lang, &t.with_timezone(&tz), r.year)
            };
            for s in r.slots.iter().chain(&r.reserved) {
                let who: Vec<String> =
                    s.doctors.iter().map(|d| format!("{d} {}", name_of(rules, d))).collect();
                let mut kind = kind_name(rules, lang, &s.kind);
                if r.reserved.contains(s) {
                    kind = Cli::Reserved { kind, fiscal: py(rules, year).fiscal }.render(lang);
                }
                if r.frozen.contains(&s.id) {
                    kind.push_str(&Cli::FrozenMark.render(lang));
                }
                t.row(vec![
                    s.id.clone(),
                    fmt(&s.start),
                    fmt(&s.end),
                    kind,
                    s.weight.to_string(),
                    who.join(", "),
                ]);
            }
            write!(out, "{}", t.render())?;
            writeln!(out,)?;
            write!(out, "{}", fairness_table(rules, &r, lang))?;
        }
    }
    Ok(())
}

/// The rota `which` (as `rota show` takes it) as a file for spreadsheets: an .xlsx workbook,
/// or CSV with a byte-order mark (for Excel). The console's downloads come through here too.
pub fn export(
    rules: &Rules,
    store: &dyn Store,
    which: &str,
    format: RotaFormat,
) -> anyhow::Result<Vec<u8>> {
    let year: i32 = which.split(':').next().unwrap_or("").parse().unwrap_or(0);
    if store.rotas()?.iter().all(|r| r.year != year) && which.parse::<i32>().is_ok() {
        return Err(Refusal::NoRotaYet(py(rules, year)).into());
    }
    export_record(rules, &rota_ref(store, which)?, format, true)
}

/// `r` as CSV (a BOM when `bom`) or .xlsx.
fn export_record(
    rules: &Rules,
    r: &RotaRecord,
    format: RotaFormat,
    bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let sheet = [crate::sheets::rota(r, rules)];
    Ok(match format {
        RotaFormat::Xlsx => crate::sheets::xlsx(&sheet)?,
        _ => crate::sheets::csv(&sheet, bom)?,
    })
}

/// `toban rota publish YEAR`.
pub fn publish(args: &Args, year: i32, rota: &str, lang: Lang) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let (rota, rules) = super::rotas::resolve(&inputs.rules, rota)?;
    let store = open_store(args)?;
    let store = crate::store::RotaView::new(&store, &rota);
    let now = super::clock::now()?;
    publish_into(&rules, &store, year, now, lang, &mut std::io::stdout().lock())
}

/// `toban rota publish YEAR` over `store` (here or inside `serve`).
pub fn publish_into(
    rules: &Rules,
    store: &dyn Store,
    year: i32,
    now: chrono::DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let before = store.rota_version(year, RotaStatus::Published)?;
    // Partial covers the draft cannot keep: said by the diff below, audited once published.
    let mut dropped = Vec::new();
    if let (Some(old), Some(mut draft)) = (&before, store.rota_version(year, RotaStatus::Draft)?) {
        // Duties named by their days, with the ids the office types (issue 18).
        let named = |ids: Vec<String>| -> Vec<crate::msg::slot::SlotRef> {
            ids.iter().map(|id| crate::partial::slot_ref_in(rules, old, id)).collect()
        };
        let kept = super::planning::rebase(&mut draft, old).map_err(|slots| {
            Refusal::DraftClashesWithSwaps { year: py(rules, year), slots: named(slots) }
        })?;
        let started = super::planning::started_changes(&draft, old, now);
        if !started.is_empty() {
            return Err(Refusal::DraftChangesStarted {
                year: py(rules, year),
                slots: named(started),
            }
            .into());
        }
        dropped = super::planning::dropped_parts(old, &draft);
        let parts = super::planning::carry_parts(&mut draft, old);
        if !kept.is_empty() || parts {
            store.put_rota(&draft).context("save the draft with the later swaps kept")?;
        }
        if !kept.is_empty() {
            writeln!(out, "{}", Cli::KeptSwaps(named(kept)).render(lang))?;
        }
    }
    let Some(published) = store.publish(year, now)? else {
        return match before {
            Some(_) => {
                writeln!(out, "{}", Cli::AlreadyPublished(py(rules, year)).render(lang))?;
                Ok(())
            }
            None => Err(Refusal::NoRotaYet(py(rules, year)).into()),
        };
    };
    match &before {
        Some(old) => {
            writeln!(out, "{}", Cli::PublishedOver(py(rules, year)).render(lang))?;
            write!(out, "{}", diff_text(rules, old, &published, lang))?;
        }
        None => {
            writeln!(out, "{}", Cli::Published(py(rules, year)).render(lang))?;
            // The published rota is the year's record from now on: rows imported for it stop
            // counting, which the office should hear now rather than find in `history list`.
            let imported = |r: &&crate::store::DutyRecord| {
                r.year == year && r.source == crate::store::DutySource::Import
            };
            let rows = store.history()?.iter().filter(imported).count();
            if rows > 0 {
                use crate::msg::Message;
                let warn = crate::msg::swap::SwapMsg::ImportedStopCounting { year, rows };
                writeln!(out, "{}", warn.render(lang))?;
            }
        }
    }
    super::desk::record(store, now, crate::store::AuditEvent::RotaPublished { year })?;
    for d in dropped {
        let days =
            before.as_ref().and_then(|old| crate::partial::slot_ref_in(rules, old, &d.slot).days);
        let event = crate::store::AuditEvent::CoverDropped {
            days,
            slot: d.slot,
            doctor: d.part.doctor,
            by: d.part.by,
            from: d.part.from,
            to: d.part.to,
            now: d.now,
        };
        super::desk::record(store, now, event)?;
    }
    if let Some(old) = &before {
        let told = notify_changed(store, old, &published, now)?;
        if !told.is_empty() {
            writeln!(out, "{}", Cli::ToldChanged(told).render(lang))?;
        }
    }
    let desk = crate::desk::Desk { rules, store };
    if desk.refresh_feeds(now)? {
        writeln!(out, "{}", Cli::FeedsUpdated.render(lang))?;
    }
    Ok(())
}

/// `toban rota draft discard YEAR` over `store` (here or inside `serve`).
pub fn discard_into(
    rules: &Rules,
    store: &dyn Store,
    year: i32,
    now: chrono::DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if !store.discard_draft(year)? {
        return Err(Refusal::NoDraft(py(rules, year)).into());
    }
    super::desk::record(store, now, crate::store::AuditEvent::DraftDiscarded { year })?;
    writeln!(out, "{}", Cli::DraftDiscarded(py(rules, year)).render(lang))?;
    Ok(())
}

/// The page of `year`'s rota (the published one, else the draft), as of `now`.
pub fn page(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    year: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<String> {
    let rota = match store.rota_version(year, RotaStatus::Published)? {
        Some(r) => r,
        None => store.rota(year)?.ok_or(Refusal::NoRotaYet(py(rules, year)))?,
    };
    // Published for the wall, in the association's language; a file knows no address, so
    // the other rotas are named, not linked (issue 20).
    Ok(crate::page::rota_page(&crate::page::PageInput {
        rules,
        rota: &rota,
        holidays: &crate::page::holiday_names(rules, overrides, year),
        as_of: now.with_timezone(&rules.association.tz).date_naive(),
        lang: rules.association.language,
        rotas: crate::page::rota_links(rules, &rota.rota, |_| None),
    }))
}

/// `toban ledger`.
pub fn ledger(
    rules: &Rules,
    store: &dyn Store,
    format: Format,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let ledger = ledger_before(rules, store, None)?;
    let periods: Vec<&str> = rules.holiday_periods.iter().map(|p| p.id.as_str()).collect();
    match format {
        Format::Json => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(
                    &json!({ "years": ledger.years, "doctors": ledger.doctors })
                )?
            )?;
        }
        Format::Table => {
            let latest = ledger.years.last().copied();
            let mut header: Vec<String> =
                [Col::Doctor, Col::FullName, Col::Regular].iter().map(|c| c.render(lang)).collect();
            header.extend(periods.iter().map(|p| kind_name(rules, lang, p)));
            header.extend(
                [Col::HolidayDays, Col::Points, Col::Balance].iter().map(|c| c.render(lang)),
            );
            header.extend(
                periods.iter().map(|p| Cli::YearsSince(kind_name(rules, lang, p)).render(lang)),
            );
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut t = Table::new(&header);
            for e in &ledger.doctors {
                let count = |k: &str| e.counts.get(k).copied().unwrap_or(0).to_string();
                let mut row =
                    vec![e.id.clone(), name_of(rules, &e.id).to_string(), count("regular")];
                row.extend(periods.iter().map(|p| count(p)));
                row.extend([
                    count("public_holiday_days"),
                    e.points.to_string(),
                    format!("{:+}", e.balance),
                ]);
                row.extend(periods.iter().map(|p| {
                    match (e.last.get(*p).copied().flatten(), latest) {
                        (Some(y), Some(l)) => (l - y).to_string(),
                        _ => Cli::Never.render(lang),
                    }
                }));
                t.row(row);
            }
            match (ledger.years.first(), ledger.years.last()) {
                (Some(a), Some(b)) => writeln!(
                    out,
                    "{}",
                    Cli::LedgerYears { first: py(rules, *a), last: py(rules, *b) }.render(lang)
                )?,
                _ => writeln!(out, "{}", Cli::LedgerEmpty.render(lang))?,
            }
            write!(out, "{}", t.render())?;
        }
    }
    Ok(())
}

/// After a re-plan is published over an earlier rota: tells each doctor whose duties changed
/// (and only them) which of their slots they gained or lost. Returns who was told.
fn notify_changed(
    store: &dyn Store,
    old: &RotaRecord,
    new: &RotaRecord,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    use std::collections::BTreeMap;
    // Per doctor: the slots gained and lost, as ids; the words come at delivery.
    let mut per: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for s in &new.slots {
        let before: &[String] = old.slots.iter().find(|o| o.id == s.id).map_or(&[], |o| &o.doctors);
        for d in s.doctors.iter().filter(|d| !before.contains(d)) {
            per.entry(d.clone()).or_default().0.push(s.id.clone());
        }
        for d in before.iter().filter(|d| !s.doctors.contains(d)) {
            per.entry(d.clone()).or_default().1.push(s.id.clone());
        }
    }
    // A colleague whose partial cover the re-plan dropped (issue 20) loses that duty too.
    for d in super::planning::dropped_parts(old, new) {
        if d.now.contains(&d.part.by) {
            continue; // they have the whole duty now, and are told so
        }
        let lost = &mut per.entry(d.part.by.clone()).or_default().1;
        if !lost.contains(&d.slot) {
            lost.push(d.slot);
        }
    }
    let stamp = now.timestamp();
    let notices: Vec<crate::routing::Notice> = per
        .iter()
        .filter_map(|(d, (added, removed))| {
            let to: crate::rules::MemberId = d.parse().ok()?;
            Some(crate::routing::Notice {
                key: format!("replan/{}/{stamp}/{d}", new.year),
                to,
                body: crate::routing::Body::RotaUpdated {
                    year: new.year,
                    added: added.clone(),
                    removed: removed.clone(),
                },
            })
        })
        .collect();
    store.enqueue(&notices, now)?;
    Ok(per.into_keys().collect())
}

/// Plan year `year` of `rules`, as a refusal names it (年度 only for a fiscal year).
fn py(rules: &Rules, year: i32) -> crate::msg::words::YearLabel {
    crate::msg::words::YearLabel::of(rules, year)
}

#[cfg(test)]
mod tests {
    use crate::msg::Lang;
    use crate::store::RotaStatus;
    use crate::store::records::fixtures;

    // See: issue 18: `toban rota diff` (and re-plan, publish) named each changed duty by its
    // bare slot id; the office reads it by its days, the id kept in brackets for the commands
    // that take it, and the doctors by name, like the console's table.
    #[test]
    fn the_diff_names_each_changed_duty_by_its_days_and_its_doctors_by_name() {
        let rules = crate::plan::testing::sosa();
        let published = fixtures::rota(2027);
        let mut draft = published.clone();
        draft.status = RotaStatus::Draft;
        draft.slots[1].doctors = vec!["d09".into()];
        let name = |d: &str| rules.name_of(d).to_string();
        let ja = super::diff_text(&rules, &published, &draft, Lang::Ja);
        let line = format!(
            "  1月12日(火)〜1月18日(月)の当番（2027-w02）: {}先生、{}先生 → {}先生\n",
            name("d02"),
            name("d03"),
            name("d09")
        );
        assert!(ja.contains(&line), "{ja}");
        // An English reader reads the names as written in English (`name_en`, issue 18).
        let en = super::diff_text(&rules, &published, &draft, Lang::En);
        let name = |d: &str| rules.name_in(d, Lang::En).to_string();
        assert_eq!(name("d02"), "Ishikawa Hanako");
        let line = format!(
            "  the duty of Tue 12 Jan to Mon 18 Jan (2027-w02): {} (d02), {} (d03) → {} (d09)\n",
            name("d02"),
            name("d03"),
            name("d09")
        );
        assert!(en.contains(&line), "{en}");
    }
}
