//! The Today page's handler (issue 18): who is on duty and the chain after them, the open
//! calls with their chain and timeline, and what needs attention (the checks of `toban
//! doctor`, [`crate::cli::ops::checks`]: the same code, not a copy).
//!
//! Key decision, live without script: the page asks the browser to load it again every few
//! seconds (`Refresh` header and `<meta http-equiv="refresh">`), always, not only while a call
//! is open, so a call raised by the chat or the command line shows up on an idle screen too.
//! The console's CSP stays `default-src 'none'` (no script may run): server-sent events would
//! need a script and a CSP that allows it, for a page that is a handful of lines. The interval
//! is 15 s (`TOBAN_TODAY_REFRESH_SECONDS` changes it, 1 to 3600; the tests use 1); the page
//! says when it was made. A console left open on Today keeps its session alive (each load is a
//! request), up to the session's absolute lifetime.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::extract::Admin;
use super::pages_today::{self as pages, OpenCall, Problem, Today};
use super::reply::{html, unavailable};
use crate::cli::ops::{self, Check, Level};
use crate::desk::{Desk, calls_view};
use crate::msg::cli::Cli;
use crate::msg::web::WebMsg;
use crate::msg::web_live::FixAt;
use crate::msg::{Doctor, Lang, Message, When};
use crate::routing::{CallState, StepKind};
use crate::server::App;

/// The environment variable that sets the seconds between refreshes of Today.
pub const REFRESH_VAR: &str = "TOBAN_TODAY_REFRESH_SECONDS";

/// The seconds between refreshes of Today: [`REFRESH_VAR`] when it is a number from 1 to
/// 3600, else 15.
pub fn refresh_seconds() -> u64 {
    seconds(std::env::var(REFRESH_VAR).ok().as_deref())
}

fn seconds(set: Option<&str>) -> u64 {
    set.and_then(|v| v.trim().parse().ok()).filter(|s| (1..=3600).contains(s)).unwrap_or(15)
}

/// `GET /admin`: the Today page.
pub async fn today(State(app): State<App>, admin: Admin) -> Response {
    let f = admin.frame(&app);
    let now = (app.now)();
    let every = refresh_seconds();
    let view = match today_view(&app, now, f.lang, every) {
        Ok(t) => t,
        Err(e) => return unavailable(&f, &e),
    };
    let mut page = html(StatusCode::OK, pages::today(&f, &view));
    // The meta refresh in the page does it too; the header works wherever it is read.
    if let Ok(v) = HeaderValue::from_str(&every.to_string()) {
        page.headers_mut().insert(header::REFRESH, v);
    }
    page
}

/// Where the console fixes what check `c` found.
pub fn fix_at(c: &Check) -> FixAt {
    match (c.what, &c.detail) {
        ("coverage", Cli::DocNothingPublished | Cli::DocGaps(_)) => FixAt::Plan,
        ("coverage", _) => FixAt::Year,
        ("backups", _) => FixAt::Backups,
        ("links", _) | ("bot", Cli::DocUnlinked(_)) => FixAt::Invitations,
        ("feeds", _) => FixAt::Feeds,
        _ => FixAt::Server,
    }
}

/// What needs attention: the checks of `toban doctor` that are not fine, failures first;
/// and, apart, the test clock's variable when the server runs on one.
///
/// The test clock is left out of the banner: it is the developers' (`TOBAN_CLOCK`, set by
/// the tests and the demo), a real server never has it, and the office can do nothing about
/// it, so a red or amber problem would only teach the clerk to overlook the banner. The page
/// says it in a small neutral line instead; `toban doctor` still lists it for developers.
fn attention(
    app: &App,
    now: DateTime<Utc>,
    lang: Lang,
) -> anyhow::Result<(Vec<Problem>, Option<&'static str>)> {
    // The checks only read: names as the reader reads them (issue 18).
    let rules = app.rules.get().for_reader(lang);
    let overrides = app.overrides.get();
    let mut test_clock = None;
    let mut found: Vec<Check> = ops::checks(&rules, &overrides, &*app.store, now, lang)?
        .into_iter()
        .filter(|c| c.level != Level::Ok)
        .filter(|c| match c.detail {
            Cli::DocTestClock(var) => {
                test_clock = Some(var);
                false
            }
            _ => true,
        })
        .collect();
    // Stable: within a level, in the order `toban doctor` prints them.
    found.sort_by_key(|c| std::cmp::Reverse(c.level));
    let problems = found
        .iter()
        .map(|c| Problem {
            fail: c.level == Level::Fail,
            check: Cli::CheckName(c.what).render(lang),
            detail: c.detail.render(lang),
            fix: fix_at(c),
        })
        .collect();
    Ok((problems, test_clock))
}

fn when(app: &App, t: DateTime<Utc>) -> When {
    When(t.with_timezone(&app.rules.get().association.tz))
}

/// Who is on duty, the chain after them, the open calls and what needs attention, at `now`.
fn today_view(app: &App, now: DateTime<Utc>, lang: Lang, every: u64) -> anyhow::Result<Today> {
    // Names as the reader reads them (issue 18): `name_en` for an English reader.
    let rules = app.rules.get().for_reader(lang);
    let desk = Desk { rules: &rules, store: &*app.store };
    let (on_duty, steps) = desk.chain(now, None, None)?;
    let name = |id: &str| rules.name_of(id).to_string();
    let duty = match &on_duty.slot {
        Some(slot) => on_duty
            .duty
            .iter()
            .map(|d| WebMsg::DutyUntil {
                doctor: Doctor(name(d.as_str())),
                until: when(app, slot.end.with_timezone(&Utc)),
            })
            .collect(),
        None => Vec::new(),
    };
    let chain = steps
        .iter()
        .filter(|s| s.kind != StepKind::Duty)
        .filter_map(|s| match s.kind {
            StepKind::Advice => Some(WebMsg::ChainAdvice),
            StepKind::Hospital => {
                s.members.first().map(|m| WebMsg::ChainPlace { name: name(m.as_str()) })
            }
            _ => Some(WebMsg::ChainDoctors {
                names: s.members.iter().map(|m| Doctor(name(m.as_str()))).collect(),
            }),
        })
        .collect();
    // The open calls name their members as the call's own page does, in the reader's language.
    let named = |id: &str| calls_view::id_and_name(&rules, lang, id);
    let mut calls = Vec::new();
    for c in app.store.calls()?.into_iter().filter(|c| c.is_open(now)) {
        let patient = app.store.patient(c.patient)?.map(|p| p.details.name).unwrap_or_default();
        let raised = when(app, c.raised_at);
        let summary = match &c.state {
            CallState::Waiting { step, deadline, .. } => WebMsg::CallWaiting {
                id: c.id,
                patient,
                raised,
                asked: c
                    .chain
                    .get(*step)
                    .map(|s| s.members.iter().map(|m| named(m.as_str())).collect())
                    .unwrap_or_default(),
                until: when(app, *deadline),
            },
            CallState::Accepted { by, at, .. } => WebMsg::CallAccepted {
                id: c.id,
                patient,
                raised,
                by: named(by.as_str()),
                at: when(app, *at),
            },
            _ => continue,
        };
        // The same lines as `toban call show` and the call's own page.
        let v = calls_view::view(&rules, &c, lang);
        calls.push(OpenCall {
            id: c.id,
            summary,
            chain: v.chain.iter().map(|l| l.render(lang)).collect(),
            log: v.log.iter().map(|l| l.render(lang)).collect(),
        });
    }
    let beds = if crate::desk::beds::any_beds(&*app.store)? {
        let lines = crate::desk::beds::bed_lines(&rules, &*app.store, now)?;
        let item = |l| WebMsg::Hosp(crate::msg::hospital::HospMsg::BedItem(l));
        lines.into_iter().map(item).collect()
    } else {
        Vec::new()
    };
    let updated = now.with_timezone(&rules.association.tz).format("%H:%M:%S").to_string();
    let (attention, test_clock) = attention(app, now, lang)?;
    Ok(Today { duty, chain, calls, beds, attention, test_clock, updated, every })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(what: &'static str, detail: Cli) -> Check {
        Check { level: Level::Fail, what, detail }
    }

    #[test]
    fn each_problem_leads_to_the_page_where_it_is_fixed() {
        assert_eq!(fix_at(&check("coverage", Cli::DocNothingPublished)), FixAt::Plan);
        assert_eq!(fix_at(&check("coverage", Cli::DocGaps("x".into()))), FixAt::Plan);
        assert_eq!(fix_at(&check("coverage", Cli::DocFormer("x".into()))), FixAt::Year);
        assert_eq!(fix_at(&check("backups", Cli::DocBackupsOff)), FixAt::Backups);
        assert_eq!(fix_at(&check("bot", Cli::DocUnlinked("d01".into()))), FixAt::Invitations);
        assert_eq!(fix_at(&check("bot", Cli::DocNoToken)), FixAt::Server);
        assert_eq!(fix_at(&check("feeds", Cli::DocNoFeeds)), FixAt::Feeds);
        assert_eq!(fix_at(&check("disk", Cli::DocDiskSoon(9))), FixAt::Server);
    }

    #[test]
    fn the_refresh_interval_is_fifteen_seconds_unless_set_sensibly() {
        assert_eq!(seconds(None), 15);
        for (v, want) in [("2", 2), ("0", 15), ("abc", 15), ("99999", 15), (" 30 ", 30)] {
            assert_eq!(seconds(Some(v)), want, "{v:?}");
        }
    }
}
