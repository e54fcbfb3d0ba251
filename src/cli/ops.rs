//! Keeping toban itself healthy: `toban backup`, `toban restore`, `toban doctor`.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::{Args, load::load_inputs};
use crate::desk::Desk;
use crate::msg::cli::{Cli, Col};
use crate::msg::refusal::Refusal;
use crate::msg::{Lang, Message};
use crate::rules::Rules;
use crate::store::backup::{self, BackupError};
use crate::store::{SledStore, Store};

/// Whether this process is `toban serve` (set when it starts): `doctor` run elsewhere knows
/// nobody is running the timers.
pub static SERVING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `toban backup [--out FILE]`.
pub fn backup(
    rules: &Rules,
    store: &dyn Store,
    out_file: Option<&Path>,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let path = match out_file {
        Some(p) => p.to_path_buf(),
        None => rules.backup.dir.join(crate::backups::file_name(&rules.association.id, now)),
    };
    let records = crate::backups::write(rules, store, &path, now)?;
    let written = Cli::BackupWritten {
        path: path.display().to_string(),
        records,
        schema: crate::store::SCHEMA_VERSION,
    };
    writeln!(out, "{}", written.render(lang))?;
    Ok(())
}

/// `toban restore FILE`.
pub fn restore(args: &Args, file: &Path, lang: Lang) -> anyhow::Result<()> {
    // Into the database TOBAN_STORE names, if it names one (issue 21).
    if let Some(target) = crate::store::Target::from_env()
        .map_err(|cause| crate::store::StoreError::Database { cause })?
    {
        return super::migrate::restore(args, file, &target, lang);
    }
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let backup = backup::read(file).map_err(|e| Refusal::BadBackup(e.to_string()))?;
    match SledStore::restore(&args.data, &backup, &inputs.rules.association.id) {
        Ok(records) => {
            let done = Cli::Restored {
                records,
                file: file.display().to_string(),
                taken: backup.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                data: args.data.display().to_string(),
            };
            println!("{}", done.render(lang));
            Ok(())
        }
        Err(BackupError::Invalid(m)) => Err(Refusal::BadBackup(m).into()),
        Err(e) => Err(e.into()),
    }
}

/// How a check of `toban doctor` came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Fine.
    Ok,
    /// Worth a look (`WARN`).
    Warn,
    /// Needs attention now (`FAIL`).
    Fail,
}

/// One line of `toban doctor`: how it came out, which check (`"coverage"`, `"backups"`, …)
/// and what it found (its items already written in the reader's language).
#[derive(Debug, Clone)]
pub struct Check {
    /// How it came out.
    pub level: Level,
    /// Which check ([`Cli::CheckName`] names it).
    pub what: &'static str,
    /// What it found.
    pub detail: Cli,
}

/// `toban doctor`: every check on its own line; an error (exit 1) if any needs attention.
pub fn doctor(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lines: Vec<(Level, String, String)> = checks(rules, overrides, store, now, lang)?
        .into_iter()
        .map(|c| (c.level, Cli::CheckName(c.what).render(lang), c.detail.render(lang)))
        .collect();
    let width = lines.iter().map(|l| crate::textwidth::width(&l.1)).max().unwrap_or(0);
    for (level, what, detail) in &lines {
        let tag = Cli::CheckLevel(*level as u8).render(lang);
        let pad = " ".repeat(width - crate::textwidth::width(what));
        writeln!(out, "{tag}  {what}{pad}  {detail}")?;
    }
    let attention = lines.iter().filter(|l| l.0 != Level::Ok).count();
    if attention > 0 {
        return Err(Refusal::ChecksNeedAttention(attention).into());
    }
    writeln!(out, "{}", Cli::AllPassed.render(lang))?;
    Ok(())
}

/// The checks of `toban doctor`, in its order: the one code behind the command and the web
/// console's "needs attention" banner. `lang` writes the items inside a detail (dates, lists).
pub fn checks(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    now: DateTime<Utc>,
    lang: Lang,
) -> anyhow::Result<Vec<Check>> {
    let mut lines: Vec<Check> = Vec::new();
    let mut check =
        |level: Level, what: &'static str, detail: Cli| lines.push(Check { level, what, detail });
    use Level::{Fail, Ok as Good, Warn};
    check(
        Good,
        "rules",
        Cli::DocRules {
            doctors: rules.doctors.len(),
            hospitals: rules.hospitals.len(),
            periods: rules.holiday_periods.len(),
            overrides: overrides.len(),
        },
    );
    // The store: every record read back (a damaged store fails before this line is reached:
    // opening it verifies it).
    let patients = store.patients()?.len();
    let calls = store.calls()?.len();
    check(Good, "store", Cli::DocStore { patients, calls, schema: crate::store::SCHEMA_VERSION });
    // Disk space: toban refuses to open the store with less than the margin free.
    if let Some(dir) = store.data_dir()
        && let Some(free) = crate::store::free_bytes(&dir)
    {
        let min = crate::store::MIN_FREE_BYTES;
        let mib = free / (1024 * 1024);
        if free < min {
            check(Fail, "disk", Cli::DocDiskLow { mib, min: min / (1024 * 1024) });
        } else if free < 4 * min {
            check(Warn, "disk", Cli::DocDiskSoon(mib));
        } else {
            check(Good, "disk", Cli::DocDiskOk(mib));
        }
    }
    // Privacy: the data and backups are this user's alone.
    let mut open_to_others = Vec::new();
    let mut roots = Vec::new();
    for dir in store.data_dir().into_iter().chain([rules.backup.dir.clone()]) {
        let found = readable_by_others(&dir);
        if !found.is_empty() {
            roots.push(dir.display().to_string());
        }
        open_to_others.extend(found);
    }
    if open_to_others.is_empty() {
        check(Good, "privacy", Cli::DocPrivate);
    } else {
        let shown: Vec<String> =
            open_to_others.iter().take(5).map(|p| p.display().to_string()).collect();
        check(
            Fail,
            "privacy",
            Cli::DocOpen {
                shown: if open_to_others.len() > 5 {
                    Cli::AndMore { head: shown.join(", "), more: open_to_others.len() - 5 }
                        .render(lang)
                } else {
                    shown.join(", ")
                },
                roots: roots.join(" "),
            },
        );
    }
    // Backups.
    let b = &rules.backup;
    match crate::backups::latest(&b.dir, &rules.association.id) {
        None => check(
            Warn,
            "backups",
            Cli::DocNoBackup { dir: b.dir.display().to_string(), hours: b.every_hours },
        ),
        Some((path, at)) => {
            let age = now - at;
            let due = Duration::hours(i64::from(b.every_hours.max(1)) * 2);
            let level = if age > due { Warn } else { Good };
            check(
                level,
                "backups",
                Cli::DocBackup {
                    path: path.display().to_string(),
                    hours_old: age.num_hours(),
                    stale: level == Warn,
                },
            );
        }
    }
    if b.every_hours == 0 {
        check(Warn, "backups", Cli::DocBackupsOff);
    }
    // Serve.
    if SERVING.load(std::sync::atomic::Ordering::Relaxed) {
        check(Good, "serve", Cli::DocServeOn);
    } else {
        check(Warn, "serve", Cli::DocServeOff);
    }
    // The clock.
    let year = chrono::Datelike::year(&now);
    if !(2020..=2100).contains(&year) {
        check(Fail, "clock", Cli::DocClockWrong(now.to_string()));
    } else if std::env::var(super::clock::VAR).is_ok_and(|v| !v.is_empty()) {
        check(Warn, "clock", Cli::DocTestClock(super::clock::VAR));
    } else {
        check(
            Good,
            "clock",
            Cli::WhenCell(crate::msg::When(now.with_timezone(&rules.association.tz))),
        );
    }
    // The whole published horizon: a duty doctor every day, none who has left, none away.
    let desk = Desk { rules, store };
    let tz = rules.association.tz;
    let this_year = chrono::Datelike::year(&now.with_timezone(&tz));
    coverage(rules, &desk.duty_problems(now)?, this_year, lang, &mut check);
    // Delivery: nothing stuck in the outbox.
    let stuck: Vec<_> = store
        .pending_notices()?
        .into_iter()
        .filter(|n| now - n.created_at > Duration::minutes(10))
        .collect();
    if let Some(first) = stuck.first() {
        check(
            Warn,
            "delivery",
            Cli::DocStuck { n: stuck.len(), since: super::desk::at(rules, lang, first.created_at) },
        );
    } else {
        check(Good, "delivery", Cli::DocNoStuck);
    }
    // The bot and the feeds.
    // Whether any chat reaches members: Telegram's token, or LINE's channel (issue 19).
    // The association's own credentials first (issue 21), as `serve` reads them.
    let credentials = crate::config::credentials::Credentials::from_env(&rules.association.id);
    let chat = credentials.get("TELOXIDE_TOKEN").is_some()
        || matches!(crate::config::LineConfig::from_lookup(&|v| credentials.get(v)), Ok(Some(_)));
    let links = store.links()?;
    let broken: Vec<String> = links
        .iter()
        .filter_map(|l| {
            l.broken.as_ref().map(|b| {
                Cli::BrokenItem {
                    who: super::desk::id_and_name(rules, lang, l.member.as_str()),
                    since: super::desk::at(rules, lang, b.at),
                    why: b.why.clone(),
                }
                .render(lang)
            })
        })
        .collect();
    if broken.is_empty() {
        check(Good, "links", Cli::DocLinksOk);
    } else {
        check(Fail, "links", Cli::DocLinksBroken(broken.join("; ")));
    }
    let unlinked: Vec<String> = rules
        .doctors
        .iter()
        .filter(|d| d.is_member_on(now.with_timezone(&tz).date_naive()))
        .filter(|d| !links.iter().any(|l| l.member == d.id))
        .map(|d| super::desk::id_and_name(rules, lang, d.id.as_str()))
        .collect();
    if !chat {
        check(Warn, "bot", Cli::DocNoToken);
    } else if !unlinked.is_empty() {
        check(Warn, "bot", Cli::DocUnlinked(crate::msg::words::list(&unlinked, lang)));
    } else {
        check(Good, "bot", Cli::DocBotOk(links.len()));
    }
    let active = store.feed_tokens()?.into_iter().filter(|t| t.revoked_at.is_none()).count();
    let base = crate::config::public_url(store.data_dir().as_deref());
    let local =
        ["http://127.", "http://localhost", "http://[::1]"].iter().any(|p| base.starts_with(p));
    if active == 0 {
        check(Warn, "feeds", Cli::DocNoFeeds);
    } else if local {
        check(Warn, "feeds", Cli::DocFeedsLocal { n: active, base });
    } else if !base.starts_with("https://") {
        check(Warn, "feeds", Cli::DocFeedsHttp { n: active, base });
    } else {
        check(Good, "feeds", Cli::DocFeedsOk { n: active, base });
    }
    Ok(lines)
}

/// The coverage lines of `toban doctor` from the problems of the published rota.
fn coverage(
    rules: &Rules,
    problems: &[crate::desk::DutyProblem],
    this_year: i32,
    lang: Lang,
    check: &mut dyn FnMut(Level, &'static str, Cli),
) {
    use crate::desk::DutyProblem as P;
    let tz = rules.association.tz;
    let at = |t: &DateTime<Utc>| super::desk::at(rules, lang, *t);
    let (mut gaps, mut short, mut former, mut away) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut nothing = false;
    let mut ends = None;
    for p in problems {
        match p {
            P::EndsSoon { end } => ends = Some(*end),
            P::Uncovered { from, to: Some(to) } => gaps.push(format!("{} – {}", at(from), at(to))),
            P::Uncovered { to: None, .. } => nothing = true,
            P::Short { slot } => short.push(slot.id.clone()),
            P::Former { slot, doctor } => {
                let left = rules.doctor(doctor).and_then(|d| d.left).map(crate::msg::Day);
                let item = Cli::FormerItem {
                    who: super::desk::id_and_name(rules, lang, doctor),
                    left,
                    slot: crate::partial::slot_ref(rules, slot),
                };
                former.push(item.render(lang));
            }
            P::Away { doctor, from, .. } => {
                let day = crate::msg::Day(from.with_timezone(&tz).date_naive());
                let who = super::desk::id_and_name(rules, lang, doctor);
                let item = Cli::AwayItem { who, day, this_year }.render(lang);
                if !away.contains(&item) {
                    away.push(item);
                }
            }
        }
    }
    let shown = |list: &[String]| {
        let more = list.len().saturating_sub(5);
        let head = crate::msg::words::list(list.iter().take(5), lang);
        if more > 0 { Cli::AndMore { head, more }.render(lang) } else { head }
    };
    if nothing {
        check(Level::Fail, "coverage", Cli::DocNothingPublished);
    }
    if !gaps.is_empty() {
        check(Level::Fail, "coverage", Cli::DocGaps(shown(&gaps)));
    }
    if !short.is_empty() {
        check(Level::Fail, "coverage", Cli::DocShort(shown(&short)));
    }
    if !former.is_empty() {
        check(Level::Fail, "coverage", Cli::DocFormer(shown(&former)));
    }
    if !away.is_empty() {
        check(Level::Warn, "coverage", Cli::DocAway(shown(&away)));
    }
    if let Some(end) = ends {
        let when = crate::msg::When(end.with_timezone(&tz));
        check(Level::Warn, "coverage", Cli::DocEndsSoon { end: when });
    }
    if ends.is_none()
        && !nothing
        && gaps.is_empty()
        && short.is_empty()
        && former.is_empty()
        && away.is_empty()
    {
        check(Level::Ok, "coverage", Cli::DocCoverageOk);
    }
}

/// `toban links [MEMBER]`: the linked Telegram and LINE accounts and whether each still works.
pub(super) fn links(
    rules: &Rules,
    store: &dyn Store,
    member: Option<&str>,
    format: super::Format,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    if let Some(m) = member
        && rules.member(m).is_none()
    {
        return Err(Refusal::UnknownMember(m.to_string()).into());
    }
    let list: Vec<_> = store
        .links()?
        .into_iter()
        .filter(|l| member.is_none_or(|m| l.member.as_str() == m))
        .collect();
    if format == super::Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    if list.is_empty() {
        writeln!(out, "{}", Cli::NoLinks.render(lang))?;
        return Ok(());
    }
    let local = |t: chrono::DateTime<chrono::Utc>| super::desk::at(rules, lang, t);
    let mut t = super::table::Table::new(&[
        &Col::Member.render(lang),
        &Col::FullName.render(lang),
        &Col::Chat.render(lang),
        &Cli::LinkedColumn.render(lang),
        &Cli::StateColumn.render(lang),
    ]);
    for l in &list {
        let state = match &l.broken {
            None => Cli::LinkOk.render(lang),
            Some(b) => Cli::LinkBroken {
                since: local(b.at),
                why: b.why.clone(),
                member: l.member.to_string(),
            }
            .render(lang),
        };
        t.row(vec![
            l.member.to_string(),
            rules.name_of(l.member.as_str()).to_string(),
            chat_label(store, l.chat_id),
            local(l.linked_at),
            state,
        ]);
    }
    write!(out, "{}", t.render())?;
    Ok(())
}

/// A chat as `toban links` shows it: a Telegram chat by its id, a LINE chat as `LINE` and a
/// short form of its user id (`LINE Uab1…9f0c`), not the store's large negative number.
fn chat_label(store: &dyn Store, chat: i64) -> String {
    if crate::chat::Channel::of(chat) == crate::chat::Channel::Telegram {
        return chat.to_string();
    }
    match store.line_user(chat) {
        Ok(Some(u)) if u.is_ascii() && u.len() > 8 => {
            format!("LINE {}…{}", &u[..4], &u[u.len() - 4..])
        }
        Ok(Some(u)) => format!("LINE {u}"),
        _ => "LINE".to_string(),
    }
}

/// `dir` and what is in it (two levels deep) that group or others may read, write or enter.
fn readable_by_others(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let mut found = Vec::new();
    let mut look = |p: &std::path::Path| {
        if let Ok(meta) = std::fs::symlink_metadata(p)
            && !meta.file_type().is_symlink()
            && meta.permissions().mode() & 0o077 != 0
        {
            found.push(p.to_path_buf());
        }
    };
    if !dir.exists() {
        return found;
    }
    look(dir);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        look(&path);
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                look(&inner.path());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use crate::store::prelude::*;
    use crate::store::records::fixtures;
    use chrono::{NaiveDate, TimeZone};

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap()
    }

    /// The coverage lines of `toban doctor` over `store` at `now`.
    fn coverage(rules: &Rules, store: &SledStore, now: DateTime<Utc>) -> Vec<String> {
        let mut out = Vec::new();
        assert!(
            doctor(rules, &[], store, now, Lang::En, &mut out).is_err(),
            "no backups: attention"
        );
        String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|l| l.contains("coverage"))
            .map(str::to_string)
            .collect()
    }

    // See: issue 15. `toban doctor` looked 8 weeks ahead only, and a former member on duty
    // looked like coverage.
    #[test]
    fn doctor_checks_the_whole_published_horizon_for_former_and_absent_doctors() {
        let mut rules = sosa();
        let d05 = rules.doctors.iter_mut().find(|d| d.id.as_str() == "d05").unwrap();
        d05.left = Some(date(6, 30));
        let store = SledStore::temporary().unwrap();
        let mut rota = fixtures::rota(2027);
        // Forty weeks from 01-05, d01 … d10 in turn: d05 from 08-31 (week 34) after leaving,
        // d03 on duty from 08-17 (week 32).
        rota.slots = (0..40)
            .map(|w| {
                let start = date(1, 5) + chrono::Days::new(7 * w);
                let doctor = format!("d{:02}", w % 10 + 1);
                fixtures::slot(&start.to_string(), start, 7, "regular", &[doctor.as_str()])
            })
            .collect();
        rota.reserved.clear();
        store.put_rota(&rota).unwrap();
        store
            .add_absence(crate::store::NewAbsence {
                doctor: "d03".into(),
                from: date(8, 18),
                to: date(8, 19),
                note: None,
                created_at: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
                soft: false,
            })
            .unwrap();
        let now = Utc.with_ymd_and_hms(2027, 1, 6, 0, 0, 0).unwrap();
        let lines = coverage(&rules, &store, now);
        let all = lines.join("\n");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("FAIL") && l.contains("d05") && l.contains("2027-08-31")),
            "the former member's duty is named: {all}"
        );
        assert!(
            all.contains("Dr 上田 誠 (d03) on Wed 18 Aug"),
            "the absence on duty is named: {all}"
        );
        assert!(!all.contains("every day"), "{all}");
    }

    // See: issue 15.
    #[test]
    fn doctor_fails_when_no_published_rota_covers_now() {
        let rules = sosa();
        let store = SledStore::temporary().unwrap();
        store.put_rota(&fixtures::rota(2027)).unwrap();
        let now = Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap();
        let lines = coverage(&rules, &store, now);
        assert!(lines.iter().any(|l| l.starts_with("FAIL")), "{lines:?}");
    }
}
