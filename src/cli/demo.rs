//! `toban demo`: the main job on the shipped association, in a new store of its own, start to
//! finish in seconds: plan and publish the coming year, the rota and its fairness, calendar
//! feeds and the rota page, a few fictitious patients, and one night call played in the console
//! (the attending doctor away, the duty doctor not answering, the backup hospital accepting).
//! Every step is the same code the real commands run; only the night's clock is simulated.

use crate::store::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use clap::Parser;

use super::{Args, Command, FeedAction, RotaFormat, clock, desk, load::load_inputs, rota};
use crate::desk::{Answer, Desk, Raised};
use crate::msg::cli::Cli;
use crate::msg::refusal::Refusal;
use crate::msg::{Day, Lang, Message};
use crate::notify::console::Console;
use crate::rules::Rules;
use crate::store::{SledStore, Store};

/// Fictitious patients: (name, address, district, diagnosis, medications, wishes).
const PATIENTS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "匝瑳 花子",
        "千葉県匝瑳市八日市場イ100",
        "八日市場",
        "脳梗塞後遺症",
        "アスピリン",
        "DNAR（本人・家族同意）",
    ),
    (
        "野栄 太郎",
        "千葉県匝瑳市野手200",
        "野栄",
        "慢性心不全",
        "フロセミド",
        "自宅での看取りを希望",
    ),
    (
        "飯倉 和子",
        "千葉県匝瑳市飯倉300",
        "飯倉",
        "進行胃がん",
        "オキシコドン",
        "DNAR、入院は希望しない",
    ),
];

/// The first plan year that starts after `today`.
fn coming_year(rules: &Rules, today: NaiveDate) -> i32 {
    let y = today.year();
    if crate::calendar::slots::plan_year_first_day(rules, y) > today { y } else { y + 1 }
}

/// A new directory for the demo: `dir` if given (it must not hold a store yet), else a fresh one
/// under the system's temporary directory. Kept afterwards, so the demo can be carried on.
fn demo_dir(dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = dir {
        if dir.join("data").exists() {
            return Err(Refusal::DemoDirTaken(dir.display().to_string()).into());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
        return Ok(dir.to_path_buf());
    }
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let dir = std::env::temp_dir().join(format!("toban-demo-{suffix}"));
    std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
    Ok(dir)
}

fn heading(
    out: &mut dyn Write,
    lang: Lang,
    n: u8,
    year: crate::msg::words::YearLabel,
    night: Option<Day>,
) -> std::io::Result<()> {
    writeln!(out, "{}", Cli::DemoStep { n, year, night }.render(lang))
}

/// `toban demo [--dir DIR]`.
pub fn run(args: &Args, dir: Option<&Path>, lang: Lang) -> anyhow::Result<()> {
    let started = Instant::now();
    let now = clock::now()?;
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let rules = &inputs.rules;
    let tz = rules.association.tz;
    let year = coming_year(rules, now.with_timezone(&tz).date_naive());
    let dir = demo_dir(dir)?;
    let data = dir.join("data");
    let mut out = std::io::stdout().lock();
    let label = crate::msg::words::YearLabel::of(rules, year);
    let intro = Cli::DemoIntro {
        association: rules.association.name.clone(),
        doctors: rules.doctors.len(),
        hospitals: rules.hospitals.len(),
        year: label,
        dir: dir.display().to_string(),
    };
    writeln!(out, "{}", intro.render(lang))?;
    let in_demo = Args {
        rules: args.rules.clone(),
        calendars: args.calendars.clone(),
        data: data.clone(),
        lang: args.lang,
        command: args.command.clone(),
    };
    // A day-to-day command exactly as typed, against the demo's store.
    let typed = |store: &dyn Store, words: &[&str], out: &mut dyn Write| -> anyhow::Result<()> {
        let argv = std::iter::once("toban").chain(words.iter().copied());
        let parsed = Args::try_parse_from(argv).map_err(|e| anyhow::anyhow!("{e}"))?;
        desk::execute(&parsed.command, rules, &inputs.overrides, store, now, lang, out)
    };

    heading(&mut out, lang, 1, label, None)?;
    out.flush()?;
    rota::plan(&in_demo, year, 10.0, "microlp", None, crate::rules::RotaId::main().as_str(), lang)?;
    rota::publish(&in_demo, year, crate::rules::RotaId::main().as_str(), lang)?;
    let store = SledStore::open(&data)?;

    heading(&mut out, lang, 2, label, None)?;
    let reader = rules.for_reader(lang);
    rota::show(&reader, &store, &year.to_string(), RotaFormat::Table, lang, &mut out)?;

    heading(&mut out, lang, 3, label, None)?;
    let feeds = dir.join("feeds");
    desk::execute(
        &Command::Feed { action: FeedAction::Export { out: feeds.clone() } },
        rules,
        &inputs.overrides,
        &store,
        now,
        lang,
        &mut out,
    )?;
    let page = dir.join(format!("rota-{year}.html"));
    desk::write_file(&page, rota::page(rules, &inputs.overrides, &store, year, now)?.as_bytes())?;
    writeln!(out, "{}", Cli::DemoPage(page.display().to_string()).render(lang))?;

    heading(&mut out, lang, 4, label, None)?;
    // The night: Wednesday 02:00 of the first regular duty week from June.
    let june = NaiveDate::from_ymd_opt(year, 6, 1).context("a date")?;
    let rota = store.rota(year)?.context("the rota just published")?;
    let slot = rota
        .slots
        .iter()
        .find(|s| s.kind == "regular" && s.start.date_naive() >= june)
        .context("a regular slot from June")?;
    let night_day = slot.start.date_naive() + chrono::Days::new(1);
    let night: DateTime<Utc> = tz
        .from_local_datetime(&night_day.and_hms_opt(2, 0, 0).context("02:00")?)
        .single()
        .context("02:00 exists")?
        .with_timezone(&Utc);
    let duty = slot.doctors.first().context("the slot's doctor")?.clone();
    let attending = rules
        .doctors
        .iter()
        .map(|d| d.id.to_string())
        .find(|d| *d != duty)
        .context("a second doctor")?;
    let hospital = rules.hospitals.first().context("a backup hospital")?.id.to_string();
    let station = rules
        .nurse_stations
        .first()
        .map(|n| n.id.to_string())
        .context("a visiting-nurse station in the rules")?;
    let today = now.with_timezone(&tz).date_naive().to_string();
    for (name, address, area, diagnosis, medications, wishes) in PATIENTS {
        typed(
            &store,
            &[
                "patient",
                "add",
                "--name",
                name,
                "--address",
                address,
                "--area",
                area,
                "--attending",
                &attending,
                "--hospital",
                &hospital,
                "--diagnosis",
                diagnosis,
                "--medications",
                medications,
                "--wishes",
                wishes,
                "--consent",
                &today,
            ],
            &mut out,
        )?;
    }

    heading(&mut out, lang, 5, label, Some(Day(night_day)))?;
    let name = |id: &str| rules.member(id).map_or(id.to_string(), |m| m.name.to_string());
    let cast =
        Cli::DemoCast { attending: name(&attending), duty: name(&duty), hospital: name(&hospital) };
    writeln!(out, "{}", cast.render(lang))?;
    let day = night_day.to_string();
    typed(&store, &["absence", "add", &attending, &day, &day, "--note", "学会出張"], &mut out)?;
    let desk = Desk { rules, store: &store };
    let console = Console::open(&data.join("console.jsonl"), rules, Box::new(std::io::stdout()))?;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let deliver = |at: DateTime<Utc>, out: &mut dyn Write| -> anyhow::Result<()> {
        out.flush()?;
        crate::notify::drain(rules, &store, &console, at)?;
        Ok(())
    };
    writeln!(out, "{}", Cli::DemoRaise(local(night)).render(lang))?;
    let call = match desk.raise(
        crate::ids::PatientId::new(1),
        &station,
        "発熱39度、呼吸が苦しそう。主治医不在。",
        night,
    )? {
        Raised::New(call, _) | Raised::Joined(call, _) => call,
    };
    deliver(night, &mut out)?;
    let wait = slot_wait(&call);
    let later = night + Duration::minutes(wait);
    writeln!(out, "{}", Cli::DemoMovesOn { time: local(later), wait }.render(lang))?;
    desk.fire_due(later)?;
    deliver(later, &mut out)?;
    let accepted = later + Duration::minutes(4);
    let accepts = Cli::DemoAccepts { time: local(accepted), hospital: name(&hospital) };
    writeln!(out, "{}", accepts.render(lang))?;
    desk.answer(call.id, &hospital, Answer::Accept, accepted)?;
    deliver(accepted, &mut out)?;
    let reported = accepted + Duration::hours(2);
    writeln!(out, "{}", Cli::DemoReport(local(reported)).render(lang))?;
    desk.report(
        call.id,
        &hospital,
        crate::routing::Outcome::Admitted,
        "救急外来で対応し、一泊入院。主治医へ申し送り済み。",
        reported,
    )?;
    deliver(reported, &mut out)?;
    writeln!(out)?;
    typed(&store, &["call", "show", &call.id.to_string()], &mut out)?;
    drop(store);

    heading(&mut out, lang, 6, label, None)?;
    let d = data.display();
    let next = Cli::DemoNext {
        data: d.to_string(),
        duty: duty.clone(),
        year,
        seconds: format!("{:.1}", started.elapsed().as_secs_f64()),
    };
    writeln!(out, "{}", next.render(lang))?;
    Ok(())
}

/// Minutes the step after the attending doctor waits (the duty doctor's), from the call's chain.
fn slot_wait(call: &crate::routing::Call) -> i64 {
    call.chain
        .iter()
        .find(|s| s.kind == crate::routing::StepKind::Duty && !s.members.is_empty())
        .map_or(15, |s| i64::from(s.wait_minutes))
}
