//! Keeping toban itself healthy: `toban backup`, `toban restore`, `toban doctor`.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::{Args, UsageError, load::load_inputs};
use crate::desk::Desk;
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
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let path = match out_file {
        Some(p) => p.to_path_buf(),
        None => rules.backup.dir.join(crate::backups::file_name(&rules.association.id, now)),
    };
    let records = crate::backups::write(rules, store, &path, now)?;
    writeln!(
        out,
        "wrote a backup of the whole store to {} ({records} records, schema {}). Restore it with `toban --data NEW_DIR restore {}`.",
        path.display(),
        crate::store::SCHEMA_VERSION,
        path.display()
    )?;
    Ok(())
}

/// `toban restore FILE`.
pub fn restore(args: &Args, file: &Path) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let backup = backup::read(file).map_err(|e| UsageError(e.to_string()))?;
    match SledStore::restore(&args.data, &backup, &inputs.rules.association.id) {
        Ok(records) => {
            println!(
                "restored {records} records from {} (taken {}) into {}. Check it with `toban doctor`.",
                file.display(),
                backup.created_at.format("%Y-%m-%d %H:%M UTC"),
                args.data.display()
            );
            Ok(())
        }
        Err(BackupError::Invalid(m)) => Err(UsageError(m).into()),
        Err(e) => Err(e.into()),
    }
}

/// One line of `toban doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Ok,
    Warn,
    Fail,
}

/// `toban doctor`: every check on its own line; an error (exit 1) if any needs attention.
pub fn doctor(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    store: &dyn Store,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut lines: Vec<(Level, String, String)> = Vec::new();
    let mut check = |level: Level, what: &str, detail: String| {
        lines.push((level, what.to_string(), detail));
    };
    use Level::{Fail, Ok as Good, Warn};
    check(
        Good,
        "rules",
        format!(
            "valid: {} doctors, {} backup hospitals, {} holiday periods; {} calendar overrides",
            rules.doctors.len(),
            rules.hospitals.len(),
            rules.holiday_periods.len(),
            overrides.len()
        ),
    );
    // The store: every record read back (a damaged store fails before this line is reached:
    // opening it verifies it).
    let patients = store.patients()?.len();
    let calls = store.calls()?.len();
    check(
        Good,
        "store",
        format!(
            "readable: {patients} patients, {calls} calls, schema {}",
            crate::store::SCHEMA_VERSION
        ),
    );
    // Disk space: toban refuses to open the store with less than the margin free.
    if let Some(dir) = store.data_dir()
        && let Some(free) = crate::store::free_bytes(&dir)
    {
        let min = crate::store::MIN_FREE_BYTES;
        let mib = free / (1024 * 1024);
        if free < min {
            check(
                Fail,
                "disk",
                format!(
                    "{mib} MiB free where the store is: toban stops below {} MiB; free space now",
                    min / (1024 * 1024)
                ),
            );
        } else if free < 4 * min {
            check(Warn, "disk", format!("only {mib} MiB free where the store is: free space soon"));
        } else {
            check(Good, "disk", format!("{mib} MiB free where the store is"));
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
        check(Good, "privacy", "the data and backups are readable by this user only".into());
    } else {
        let shown: Vec<String> =
            open_to_others.iter().take(5).map(|p| p.display().to_string()).collect();
        check(
            Fail,
            "privacy",
            format!(
                "readable by other users of this machine: {}{}; fix with `chmod -R go= {}`",
                shown.join(", "),
                if open_to_others.len() > 5 {
                    format!(" and {} more", open_to_others.len() - 5)
                } else {
                    String::new()
                },
                roots.join(" ")
            ),
        );
    }
    // Backups.
    let b = &rules.backup;
    match crate::backups::latest(&b.dir, &rules.association.id) {
        None => check(
            Warn,
            "backups",
            format!(
                "none in {}: run `toban backup` now; `serve` writes one every {} h",
                b.dir.display(),
                b.every_hours
            ),
        ),
        Some((path, at)) => {
            let age = now - at;
            let due = Duration::hours(i64::from(b.every_hours.max(1)) * 2);
            let level = if age > due { Warn } else { Good };
            check(
                level,
                "backups",
                format!(
                    "latest {} ({} h old){}",
                    path.display(),
                    age.num_hours(),
                    if level == Warn {
                        ": is `serve` running? `toban backup` makes one now"
                    } else {
                        ""
                    }
                ),
            );
        }
    }
    if b.every_hours == 0 {
        check(Warn, "backups", "automatic backups are off ([backup] every_hours = 0)".into());
    }
    // Serve.
    if SERVING.load(std::sync::atomic::Ordering::Relaxed) {
        check(Good, "serve", "running: timers, reminders and delivery are live".into());
    } else {
        check(
            Warn,
            "serve",
            "not running: no call escalates and no message goes out until `toban serve` runs"
                .into(),
        );
    }
    // The clock.
    let year = chrono::Datelike::year(&now);
    if !(2020..=2100).contains(&year) {
        check(Fail, "clock", format!("reads {now}: set the system clock"));
    } else if std::env::var(super::clock::VAR).is_ok_and(|v| !v.is_empty()) {
        check(
            Warn,
            "clock",
            format!("a test clock is in use ({}): unset it in production", super::clock::VAR),
        );
    } else {
        check(
            Good,
            "clock",
            format!("{}", now.with_timezone(&rules.association.tz).format("%Y-%m-%d %H:%M %Z")),
        );
    }
    // The whole published horizon: a duty doctor every day, none who has left, none away.
    let desk = Desk { rules, store };
    let tz = rules.association.tz;
    coverage(rules, &desk.duty_problems(now)?, &mut check);
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
            format!(
                "{} message(s) waiting since {}: is `serve` running, and Telegram reachable?",
                stuck.len(),
                first.created_at.with_timezone(&tz).format("%Y-%m-%d %H:%M")
            ),
        );
    } else {
        check(Good, "delivery", "no message waiting longer than 10 minutes".into());
    }
    // The bot and the feeds.
    let token = std::env::var("TELOXIDE_TOKEN").is_ok_and(|v| !v.trim().is_empty());
    let links = store.links()?;
    let broken: Vec<String> = links
        .iter()
        .filter_map(|l| {
            l.broken.as_ref().map(|b| {
                format!(
                    "{} ({}, since {}: {})",
                    l.member,
                    rules.name_of(l.member.as_str()),
                    b.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                    b.why
                )
            })
        })
        .collect();
    if broken.is_empty() {
        check(Good, "links", "every linked Telegram chat can be reached".into());
    } else {
        check(
            Fail,
            "links",
            format!(
                "Telegram no longer reaches: {}; their messages are printed by `serve` until they link again (`toban invite ID`)",
                broken.join("; ")
            ),
        );
    }
    let unlinked: Vec<String> = rules
        .doctors
        .iter()
        .filter(|d| d.is_member_on(now.with_timezone(&tz).date_naive()))
        .filter(|d| !links.iter().any(|l| l.member == d.id))
        .map(|d| d.id.to_string())
        .collect();
    if !token {
        check(
            Warn,
            "bot",
            "TELOXIDE_TOKEN is not set: messages are printed by `serve`, not sent".into(),
        );
    } else if !unlinked.is_empty() {
        check(
            Warn,
            "bot",
            format!(
                "doctors without a linked Telegram account: {} (`toban invite ID`)",
                unlinked.join(", ")
            ),
        );
    } else {
        check(Good, "bot", format!("token set; all {} doctors linked", links.len()));
    }
    let active = store.feed_tokens()?.into_iter().filter(|t| t.revoked_at.is_none()).count();
    let base = crate::config::public_url(store.data_dir().as_deref());
    let local =
        ["http://127.", "http://localhost", "http://[::1]"].iter().any(|p| base.starts_with(p));
    if active == 0 {
        check(
            Warn,
            "feeds",
            "no calendar URL issued: `toban feed token issue --all` or `/feed` in the bot".into(),
        );
    } else if local {
        check(
            Warn,
            "feeds",
            format!(
                "{active} active token(s), but calendar URLs name this machine only ({base}): set TOBAN_PUBLIC_URL=https://… for phones"
            ),
        );
    } else if !base.starts_with("https://") {
        check(
            Warn,
            "feeds",
            format!(
                "{active} active token(s) on plain HTTP ({base}): the URLs carry secret tokens; use https"
            ),
        );
    } else {
        check(Good, "feeds", format!("{active} active calendar token(s) at {base}"));
    }

    let width = lines.iter().map(|l| l.1.len()).max().unwrap_or(0);
    for (level, what, detail) in &lines {
        let tag = match level {
            Good => "ok  ",
            Warn => "WARN",
            Fail => "FAIL",
        };
        writeln!(out, "{tag}  {what:<width$}  {detail}")?;
    }
    let attention = lines.iter().filter(|l| l.0 != Good).count();
    if attention > 0 {
        anyhow::bail!("{attention} check(s) need attention (WARN/FAIL above)");
    }
    writeln!(out, "all checks passed")?;
    Ok(())
}

/// The coverage lines of `toban doctor` from the problems of the published rota.
fn coverage(
    rules: &Rules,
    problems: &[crate::desk::DutyProblem],
    check: &mut dyn FnMut(Level, &str, String),
) {
    use crate::desk::DutyProblem as P;
    let tz = rules.association.tz;
    let at = |t: &DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let (mut gaps, mut short, mut former, mut away) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut nothing = false;
    for p in problems {
        match p {
            P::Uncovered { from, to: Some(to) } => gaps.push(format!("{} – {}", at(from), at(to))),
            P::Uncovered { to: None, .. } => nothing = true,
            P::Short { slot } => short.push(slot.id.clone()),
            P::Former { slot, doctor } => {
                let left = rules.doctor(doctor).and_then(|d| d.left);
                let why =
                    left.map_or("is not a member then".to_string(), |l| format!("left on {l}"));
                former.push(format!(
                    "{doctor} ({}, {why}) holds {}",
                    rules.name_of(doctor),
                    slot.id
                ));
            }
            P::Away { doctor, from, .. } => {
                let item = format!("{doctor} on {}", from.with_timezone(&tz).format("%m/%d"));
                if !away.contains(&item) {
                    away.push(item);
                }
            }
        }
    }
    let shown = |list: &[String]| {
        let more = list.len().saturating_sub(5);
        let head = list.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        if more > 0 { format!("{head} and {more} more") } else { head }
    };
    if nothing {
        check(
            Level::Fail,
            "coverage",
            "no published rota covers now or later: calls skip the duty doctor; plan and publish (`toban plan YEAR`, `toban rota publish YEAR`)".into(),
        );
    }
    if !gaps.is_empty() {
        check(
            Level::Fail,
            "coverage",
            format!(
                "no published duty slot: {}; plan and publish (`toban plan YEAR`, `toban rota publish YEAR`)",
                shown(&gaps)
            ),
        );
    }
    if !short.is_empty() {
        check(
            Level::Fail,
            "coverage",
            format!("fewer doctors than the rules ask: {}", shown(&short)),
        );
    }
    if !former.is_empty() {
        check(
            Level::Fail,
            "coverage",
            format!(
                "former members still on duty: {}: they get no message; arrange cover (`toban cover SLOT DOCTOR OTHER`) or re-plan",
                shown(&former)
            ),
        );
    }
    if !away.is_empty() {
        check(
            Level::Warn,
            "coverage",
            format!("on duty but marked away: {}: arrange a swap or cover", shown(&away)),
        );
    }
    if !nothing && gaps.is_empty() && short.is_empty() && former.is_empty() && away.is_empty() {
        check(
            Level::Ok,
            "coverage",
            "every day of the published rota has its duty doctor, a member and not away".into(),
        );
    }
}

/// `toban links [MEMBER]`: the linked Telegram accounts and whether each still works.
pub(super) fn links(
    rules: &Rules,
    store: &dyn Store,
    member: Option<&str>,
    format: super::Format,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let tz = rules.association.tz;
    if let Some(m) = member
        && rules.member(m).is_none()
    {
        return Err(super::UsageError(format!("{m} is not a member in the rules")).into());
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
        writeln!(out, "no linked Telegram account (`toban invite ID` makes a one-time code)")?;
        return Ok(());
    }
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    };
    let mut t = super::table::Table::new(&["member", "name", "chat", "linked", "state"]);
    for l in &list {
        let state = match &l.broken {
            None => "ok".to_string(),
            Some(b) => {
                format!("BROKEN since {}: {} (`toban invite {}`)", local(b.at), b.why, l.member)
            }
        };
        t.row(vec![
            l.member.to_string(),
            rules.name_of(l.member.as_str()).to_string(),
            l.chat_id.to_string(),
            local(l.linked_at),
            state,
        ]);
    }
    write!(out, "{}", t.render())?;
    Ok(())
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
    use crate::store::records::fixtures;
    use chrono::{NaiveDate, TimeZone};

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap()
    }

    /// The coverage lines of `toban doctor` over `store` at `now`.
    fn coverage(rules: &Rules, store: &SledStore, now: DateTime<Utc>) -> Vec<String> {
        let mut out = Vec::new();
        assert!(doctor(rules, &[], store, now, &mut out).is_err(), "no backups: attention");
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
        assert!(all.contains("d03 on 08/18"), "the absence on duty is named: {all}");
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
