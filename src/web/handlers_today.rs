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
use super::pages_today::{self as pages, OpenCall, PlanLead, Problem, Today};
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
        ("coverage", Cli::DocNothingPublished | Cli::DocGaps(_) | Cli::DocEndsSoon { .. }) => {
            FixAt::Plan
        }
        ("coverage", Cli::DocAway(_)) => FixAt::Absences,
        ("coverage", _) => FixAt::Year,
        ("backups", _) => FixAt::Backups,
        ("links", _) | ("bot", Cli::DocUnlinked(_)) => FixAt::Invitations,
        // A public or https address is set on the server.
        ("feeds", Cli::DocFeedsLocal { .. } | Cli::DocFeedsHttp { .. }) => FixAt::Server,
        ("feeds", _) => FixAt::Feeds,
        _ => FixAt::Server,
    }
}

/// What check `c` found, as the banner says it: what the console fixes without the commands
/// `toban doctor` names (the banner links to the page instead); the rest as `toban doctor`
/// says it.
fn detail(c: &Check, lang: Lang) -> String {
    use crate::msg::web_found::Found;
    let found = match &c.detail {
        Cli::DocNothingPublished => Found::NothingPublished,
        Cli::DocGaps(list) => Found::Gaps(list.clone()),
        Cli::DocFormer(list) => Found::Former(list.clone()),
        Cli::DocNoBackup { hours, .. } => Found::NoBackup { hours: *hours },
        Cli::DocBackup { hours_old, .. } => Found::OldBackup { hours_old: *hours_old },
        Cli::DocLinksBroken(list) => Found::LinksBroken(list.clone()),
        Cli::DocUnlinked(list) => Found::Unlinked(list.clone()),
        Cli::DocNoFeeds => Found::NoFeeds,
        other => return other.render(lang),
    };
    found.render(lang)
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
    let lead = plan_lead(app, &rules, now);
    let problems = found
        .iter()
        .map(|c| Problem {
            fail: c.level == Level::Fail,
            check: crate::msg::web::WebMsg::Live(crate::msg::web_live::LiveMsg::CheckName(c.what))
                .render(lang),
            detail: detail(c, lang),
            fix: fix_at(c),
            lead: lead.filter(|_| fix_at(c) == FixAt::Plan),
        })
        .collect();
    Ok((problems, test_clock))
}

/// Where a plan problem leads when the current plan year is nearly over: to next year's plan
/// first (issue 18 review, finding 4). `None` the rest of the year.
fn plan_lead(app: &App, rules: &crate::rules::Rules, now: DateTime<Utc>) -> Option<PlanLead> {
    use chrono::Datelike;
    let year = super::handlers_year::current_year(app, now);
    let days = super::handlers_year::year_days(app, year, now);
    days.nearly_over().then(|| PlanLead {
        year: crate::msg::words::YearLabel::of(rules, year),
        last: crate::msg::Day(days.last),
        days_left: days.days_left(),
        this_year: days.today.year(),
    })
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
        // See: issue 18 English review 6: a doctor away during their own duty was sent to the
        // slot's page, which refuses a started duty; the absences page covers its days to come.
        assert_eq!(fix_at(&check("coverage", Cli::DocAway("x".into()))), FixAt::Absences);
        assert_eq!(fix_at(&check("backups", Cli::DocBackupsOff)), FixAt::Backups);
        assert_eq!(fix_at(&check("bot", Cli::DocUnlinked("d01".into()))), FixAt::Invitations);
        assert_eq!(fix_at(&check("bot", Cli::DocNoToken)), FixAt::Server);
        assert_eq!(fix_at(&check("feeds", Cli::DocNoFeeds)), FixAt::Feeds);
        assert_eq!(fix_at(&check("disk", Cli::DocDiskSoon(9))), FixAt::Server);
    }

    /// Every problem `toban doctor` can find, as `(check, finding)`.
    fn every_finding() -> Vec<Check> {
        let l = || "佐藤 一郎先生（d01）".to_string();
        [
            ("coverage", Cli::DocNothingPublished),
            ("coverage", Cli::DocGaps(l())),
            ("coverage", Cli::DocShort(l())),
            ("coverage", Cli::DocFormer(l())),
            ("coverage", Cli::DocAway(l())),
            ("backups", Cli::DocNoBackup { dir: "/srv/toban/backups".into(), hours: 24 }),
            (
                "backups",
                Cli::DocBackup { path: "/srv/b/1.json".into(), hours_old: 49, stale: true },
            ),
            ("backups", Cli::DocBackupsOff),
            ("links", Cli::DocLinksBroken(l())),
            ("bot", Cli::DocUnlinked(l())),
            ("feeds", Cli::DocNoFeeds),
            ("feeds", Cli::DocFeedsLocal { n: 3, base: "http://127.0.0.1:8080".into() }),
            ("feeds", Cli::DocFeedsHttp { n: 3, base: "http://toban.example".into() }),
        ]
        .into_iter()
        .map(|(what, detail)| check(what, detail))
        .collect()
    }

    // See: issue 18 (review): the banner told the clerk to run `toban plan YEAR`,
    // `toban rota publish YEAR` and `toban feed token issue --all`, though its link leads to
    // the page where that is done. What the console fixes reads without commands.
    #[test]
    fn a_problem_the_console_fixes_is_told_without_commands() {
        for c in every_finding() {
            for lang in [Lang::Ja, Lang::En] {
                let text = detail(&c, lang);
                if fix_at(&c) == FixAt::Server {
                    continue;
                }
                assert!(!text.contains('`') && !text.contains("toban "), "{:?}: {text}", c.detail);
                assert!(!text.is_empty());
            }
        }
        // What only the server fixes keeps the way to fix it there.
        let server = check("feeds", Cli::DocFeedsLocal { n: 3, base: "http://x".into() });
        assert_eq!(fix_at(&server), FixAt::Server, "a public URL is set on the server");
        // See: issue 18 review 2: the clerk was told to run `toban doctor` on the server; they
        // are asked to pass it on to whoever looks after the server (the command for them).
        use crate::msg::web_live::LiveMsg;
        let ja = LiveMsg::Fix(FixAt::Server).render(Lang::Ja);
        assert!(ja.starts_with("サーバーを管理している方に"), "{ja}");
        let en = LiveMsg::Fix(FixAt::Server).render(Lang::En);
        assert!(en.starts_with("Pass this on to whoever looks after the server"), "{en}");
        assert!(detail(&server, Lang::Ja).contains("TOBAN_PUBLIC_URL"));
    }

    // See: issue 18 (review): the banner's link said 「年間当番表」 where the menu says 「当番表」.
    #[test]
    fn the_banners_links_name_their_pages_as_the_menu_does() {
        use crate::msg::web_live::LiveMsg;
        for p in [
            FixAt::Plan,
            FixAt::Year,
            FixAt::Absences,
            FixAt::Backups,
            FixAt::Invitations,
            FixAt::Feeds,
        ] {
            let path = crate::web::pages_today::fix_path(p).expect("a console page");
            let item = crate::web::frame::nav().into_iter().find(|n| n.path == path).unwrap();
            for lang in [Lang::Ja, Lang::En] {
                let label = item.label.render(lang);
                let link = LiveMsg::OpenPage(p).render(lang);
                assert!(link.contains(&label), "{path}: {link} / {label}");
                let fix = LiveMsg::Fix(p).render(lang);
                if lang == Lang::Ja {
                    assert!(fix.contains(&format!("「{label}」")), "{fix} / {label}");
                }
            }
        }
    }

    #[test]
    fn the_refresh_interval_is_fifteen_seconds_unless_set_sensibly() {
        assert_eq!(seconds(None), 15);
        for (v, want) in [("2", 2), ("0", 15), ("abc", 15), ("99999", 15), (" 30 ", 30)] {
            assert_eq!(seconds(Some(v)), want, "{v:?}");
        }
    }
}
