//! The handlers of "The year" and "Plan and publish": thin over the command line's own code.
//! Every change (swap, cover, freeze, what actually happened, plan, publish, discard) is the
//! desk command the office would type, run by [`crate::cli::console`] with the signed-in admin
//! as the actor the audit names: the same checker, the same refusals (shown in the reader's
//! language before anything is saved), the same notices and feed refresh.
//!
//! A plan runs on a thread of its own beside the engine, as `plan` inside `serve` does; the
//! page shows its progress and refreshes itself until it is done.

use crate::store::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::extract::{Admin, AdminForm, Fields};
use super::frame::{Frame, Notice};
use super::pages_plan::{self, PlanView, YearDays};
use super::pages_year::{self, RotaPick, SlotView, YearView};
use super::reply::{html, not_found, see_other, unavailable};
use crate::cli::console;
use crate::cli::{Command, DraftAction, RotaAction};
use crate::msg::Lang;
use crate::msg::web::WebMsg;
use crate::msg::web_year::YearMsg;
use crate::rules::RotaId;
use crate::server::App;
use crate::store::{RotaRecord, RotaStatus, StoreError};

fn y(m: YearMsg) -> WebMsg {
    WebMsg::Year(m)
}

/// A plan year from the path (as `toban plan` takes them), else none.
fn year_of(text: &str) -> Option<i32> {
    text.parse().ok().filter(|y| (2001..=2097).contains(y))
}

/// The plan year in which `now` falls, by the date (the plan year's first day).
pub fn current_year(app: &App, now: DateTime<Utc>) -> i32 {
    let rules = app.rules.get();
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let year = today.year();
    if today < crate::calendar::slots::plan_year_first_day(&rules, year) { year - 1 } else { year }
}

/// [`shown`] of rota `rota` (issue 20).
fn shown_of(app: &App, rota: &RotaId, year: i32) -> Result<Option<RotaRecord>, StoreError> {
    let store = crate::store::RotaView::new(&*app.store, rota);
    match store.rota_version(year, RotaStatus::Published)? {
        Some(r) => Ok(Some(r)),
        None => store.rota(year),
    }
}

/// The rota a page or form is about (issue 20): its `rota` field (main when there is none),
/// and the rules it is planned with; `None` for a rota the rules do not have.
fn picked(app: &App, fields: &Fields) -> Option<(RotaPick, crate::rules::Rules)> {
    let rules = app.rules.get();
    let given = fields.get("rota").map(|r| r.trim()).filter(|r| !r.is_empty());
    let id = match given {
        Some(given) => rules.find_rota(given)?,
        None => RotaId::main(),
    };
    let pick = RotaPick::of(&rules, &id)?;
    let scoped = rules.for_rota(&pick.id)?;
    Some((pick, scoped))
}

/// A refused or failed command as a notice in every language.
pub(super) fn failure(rules: &crate::rules::Rules, err: &anyhow::Error) -> YearMsg {
    match console::refusal(err) {
        Some(r) => YearMsg::Refused(super::reply::on_console(rules, r)),
        None => YearMsg::Failed {
            ja: console::error_text(err, Lang::Ja),
            en: console::error_text(err, Lang::En),
        },
    }
}

/// Runs desk `command` as `admin`, off the async threads.
pub(super) async fn run(app: &App, admin: &Admin, command: Command) -> anyhow::Result<String> {
    let (rules, overrides, store) = (app.rules.get(), app.overrides.get(), app.store.clone());
    let (now, lang, actor) = ((app.now)(), admin.ui.lang, admin.id().to_string());
    tokio::task::spawn_blocking(move || {
        console::run(&command, &rules, &overrides, &*store, now, lang, &actor)
    })
    .await?
}

fn done_notice(q: &Fields) -> Option<Notice> {
    let m = match q.get("done").map(String::as_str)? {
        "swap" => YearMsg::Swapped,
        "cover" => YearMsg::Covered,
        "freeze" => YearMsg::FrozenDone,
        "unfreeze" => YearMsg::UnfrozenDone,
        "actual" => YearMsg::ActualDone,
        "published" => YearMsg::PublishedDone,
        "discarded" => YearMsg::DiscardedDone,
        _ => return None,
    };
    Some(Notice::Info(y(m)))
}

/// `GET /admin/year.css`: the grid's style and the doctors' colours.
pub async fn style(State(app): State<App>) -> Response {
    let css = pages_year::colours_css(app.rules.get().doctors.len());
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css).into_response()
}

/// `GET /admin/year`: the current plan year.
pub async fn year_now(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let year = current_year(&app, (app.now)());
    year_page(&app, &admin, year, &q)
}

/// `Fields` of a posted form (for [`picked`]).
fn form_fields(form: &AdminForm) -> Fields {
    let rota = form.field("rota");
    [("rota".to_string(), rota.to_string())].into_iter().collect()
}

/// `GET /admin/year/{year}`.
pub async fn year(
    State(app): State<App>,
    admin: Admin,
    Path(year): Path<String>,
    Query(q): Query<Fields>,
) -> Response {
    match year_of(&year) {
        Some(year) => year_page(&app, &admin, year, &q),
        None => not_found(&admin.frame(&app)),
    }
}

fn year_page(app: &App, admin: &Admin, year: i32, q: &Fields) -> Response {
    let f = admin.frame(app);
    let Some((pick, rules)) = picked(app, q) else { return not_found(&f) };
    // Names as the reader reads them (issue 18): `name_en` for an English reader.
    let rules = rules.for_reader(f.lang);
    let rota = match shown_of(app, &pick.id, year) {
        Ok(r) => r,
        Err(e) => return unavailable(&f, &e),
    };
    let holidays = crate::page::holiday_names(&rules, &app.overrides.get(), year);
    let v = YearView { rules: &rules, year, rota: rota.as_ref(), holidays: &holidays, pick: &pick };
    html(StatusCode::OK, pages_year::year(&f, &v, done_notice(q).as_ref()))
}

/// The year of rota `rota` holding `slot`, if any.
fn rota_with(
    app: &App,
    rota: &RotaId,
    year: i32,
    slot: &str,
) -> Result<Option<RotaRecord>, StoreError> {
    let shown = shown_of(app, rota, year)?;
    Ok(shown.filter(|r| r.slots.iter().chain(&r.reserved).any(|s| s.id == slot)))
}

/// The page of `slot` in `year` of the rota `q` picks (main when it names none).
#[allow(clippy::too_many_arguments)]
fn slot_page(
    app: &App,
    f: &Frame,
    csrf: &str,
    q: &Fields,
    year: i32,
    slot: &str,
    (status, typed): (StatusCode, &Fields),
    n: Option<Notice>,
) -> Response {
    let Some((pick, rules)) = picked(app, q) else { return not_found(f) };
    // Names as the reader reads them (`name_en` in English); the forms post ids.
    let rules = rules.for_reader(f.lang);
    let rota = match rota_with(app, &pick.id, year, slot) {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(f),
        Err(e) => return unavailable(f, &e),
    };
    let Some(s) = rota.slots.iter().chain(&rota.reserved).find(|s| s.id == slot) else {
        return not_found(f);
    };
    let now = (app.now)();
    let v = SlotView { rules: &rules, rota: &rota, slot: s, now, csrf, pick: &pick, typed };
    html(status, pages_year::slot(f, &v, n.as_ref()))
}

/// `GET /admin/year/{year}/slot/{slot}`.
pub async fn slot(
    State(app): State<App>,
    admin: Admin,
    Path((year, slot)): Path<(String, String)>,
    Query(q): Query<Fields>,
) -> Response {
    let f = admin.frame(&app);
    let Some(year) = year_of(&year) else { return not_found(&f) };
    let (ok, none) = (StatusCode::OK, Fields::new());
    slot_page(&app, &f, &admin.session.csrf, &q, year, &slot, (ok, &none), done_notice(&q))
}

/// `POST /admin/year/{year}/slot/{slot}`: swap, cover, freeze, unfreeze or record what
/// actually happened, as the command line does it.
pub async fn slot_change(
    State(app): State<App>,
    Path((year, slot)): Path<(String, String)>,
    form: AdminForm,
) -> Response {
    let f = form.admin.frame(&app);
    let Some(year) = year_of(&year) else { return not_found(&f) };
    let q = form_fields(&form);
    let Some((pick, _)) = picked(&app, &q) else { return not_found(&f) };
    match rota_with(&app, &pick.id, year, &slot) {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(&f),
        Err(e) => return unavailable(&f, &e),
    }
    let csrf = &form.admin.session.csrf;
    let refused = |n: YearMsg| {
        let n = Some(Notice::Error(y(n)));
        let sent: Fields = ["do", "doctor", "with", "other", "from", "to", "was", "is", "reason"]
            .into_iter()
            .map(|k| (k.to_string(), form.field(k).to_string()))
            .collect();
        slot_page(&app, &f, csrf, &q, year, &slot, (StatusCode::BAD_REQUEST, &sent), n)
    };
    let field = |name: &str| form.field(name).trim().to_string();
    // A partial cover's days (issue 20): empty is the duty's first or last day.
    let day = |name: &str| match field(name) {
        t if t.is_empty() => Ok(None),
        t => NaiveDate::parse_from_str(&t, "%Y-%m-%d").map(Some).map_err(|_| t),
    };
    let rota_id = pick.id.to_string();
    let what = field("do");
    let command = match what.as_str() {
        "swap" => {
            let with = field("with");
            if with.is_empty() {
                return refused(YearMsg::SwapNoPartner);
            }
            // The form's value is `SLOT/DOCTOR`; anything else chose no partner.
            let Some((slot_b, doctor_b)) =
                with.split_once('/').filter(|(s, d)| !s.is_empty() && !d.is_empty())
            else {
                return refused(YearMsg::SwapNoPartner);
            };
            Command::Swap {
                slot_a: slot.clone(),
                doctor_a: field("doctor"),
                slot_b: slot_b.to_string(),
                doctor_b: doctor_b.to_string(),
                by: "admin".into(),
                on_behalf: None,
                rota_id,
            }
        }
        "cover" => {
            let (from, to) = match (day("from"), day("to")) {
                (Ok(from), Ok(to)) => (from, to),
                (Err(text), _) | (_, Err(text)) => return refused(YearMsg::BadDate { text }),
            };
            let (doctor, other) = (field("doctor"), field("other"));
            if other.is_empty() {
                return refused(YearMsg::CoverNoColleague);
            }
            let by = "admin".to_string();
            Command::Cover {
                slot: slot.clone(),
                doctor,
                other,
                from,
                to,
                by,
                on_behalf: None,
                rota_id,
            }
        }
        "freeze" => {
            let slots = vec![slot.clone()];
            Command::Rota { action: RotaAction::Freeze { year, slots, rota_id } }
        }
        "unfreeze" => {
            let slots = vec![slot.clone()];
            Command::Rota { action: RotaAction::Unfreeze { year, slots, rota_id } }
        }
        "actual" if field("is").is_empty() => return refused(YearMsg::ActualNoDoctor),
        "actual" => Command::Actual {
            slot: slot.clone(),
            was: field("was"),
            is: field("is"),
            reason: form.field("reason").to_string(),
            rota_id,
        },
        _ => return not_found(&f),
    };
    match run(&app, &form.admin, command).await {
        Ok(_) => {
            let path = pages_year::slot_link(year, &slot, &pick);
            let sep = if pick.is_main() { '?' } else { '&' };
            see_other(&format!("{path}{sep}done={what}"))
        }
        Err(e) => refused(failure(&app.rules.get(), &e)),
    }
}

/// A plan of one year in one store, running or done.
#[derive(Default)]
struct Job {
    running: bool,
    lines: Vec<String>,
    failure: Option<YearMsg>,
}

/// A plan job's key: the store (by address), the rota and the plan year.
type JobKey = (usize, RotaId, i32);

/// The plans of this process, by store and year. Not in the store: a plan is a thread of this
/// process, gone when it ends; its result, the draft, is in the store.
static JOBS: LazyLock<Mutex<HashMap<JobKey, Job>>> = LazyLock::new(Default::default);

fn job_key(app: &App, rota: &RotaId, year: i32) -> JobKey {
    (Arc::as_ptr(&app.store) as *const () as usize, rota.clone(), year)
}

fn jobs() -> std::sync::MutexGuard<'static, HashMap<JobKey, Job>> {
    JOBS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What the plan page shows of plan job `key`: whether it runs, its progress lines, and the
/// failure of a run that has ended.
///
/// A failure is shown once (see: issue 18 review, finding 7): the first page view after the
/// run ended takes it, with the run's lines, so a later visit does not show an old error as if
/// it were new. `take` is false when the page has a notice of its own to show (a refused
/// publish, say): the failure then waits for the next view.
fn job_seen(key: &JobKey, take: bool) -> (bool, Vec<String>, Option<YearMsg>) {
    let mut all = jobs();
    match all.get(key) {
        Some(j) if take && !j.running && j.failure.is_some() => match all.remove(key) {
            Some(j) => (false, j.lines, j.failure),
            None => (false, Vec::new(), None),
        },
        Some(j) => (j.running, j.lines.clone(), None),
        None => (false, Vec::new(), None),
    }
}

/// Forgets the last plan of `key` once its draft is published or discarded: its progress
/// lines were about that draft. A plan running now is left alone.
fn forget_job(key: &JobKey) {
    let mut all = jobs();
    if all.get(key).is_some_and(|j| !j.running) {
        all.remove(key);
    }
}

/// The planner's progress, line by line, into the job.
struct ProgressLines {
    key: JobKey,
    partial: Vec<u8>,
}

impl Write for ProgressLines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.partial.extend_from_slice(buf);
        while let Some(at) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=at).collect();
            let text = String::from_utf8_lossy(&line).trim_end().to_string();
            let text = text.trim_start_matches("toban: ").to_string();
            if let Some(job) = jobs().get_mut(&self.key) {
                job.lines.push(text);
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The plan year the console leads the office to plan at `now`: the current one, or the next
/// once the current one is nearly over (issue 18 review, finding 4: in December the clerk was
/// led to plan a year all but past).
pub fn year_to_plan(app: &App, now: DateTime<Utc>) -> i32 {
    let year = current_year(app, now);
    if year_days(app, year, now).nearly_over() { year + 1 } else { year }
}

/// Plan year `year`'s first and last day, and today, at `now`.
pub fn year_days(app: &App, year: i32, now: DateTime<Utc>) -> YearDays {
    let rules = app.rules.get();
    YearDays::of(&rules, year, now.with_timezone(&rules.association.tz).date_naive())
}

/// `GET /admin/plan`: the plan year to plan now ([`year_to_plan`]).
pub async fn plan_now(State(app): State<App>, admin: Admin, Query(q): Query<Fields>) -> Response {
    let year = year_to_plan(&app, (app.now)());
    plan_page(&app, &admin, year, &q, StatusCode::OK, done_notice(&q), q.get("from").cloned())
}

/// `GET /admin/plan/{year}`.
pub async fn plan(
    State(app): State<App>,
    admin: Admin,
    Path(year): Path<String>,
    Query(q): Query<Fields>,
) -> Response {
    match year_of(&year) {
        // `from`: a link that names the day to re-plan from (the members page's, after a
        // doctor's `left` date leaves duties without them).
        Some(year) => {
            let from = q.get("from").cloned();
            plan_page(&app, &admin, year, &q, StatusCode::OK, done_notice(&q), from)
        }
        None => not_found(&admin.frame(&app)),
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_page(
    app: &App,
    admin: &Admin,
    year: i32,
    q: &Fields,
    status: StatusCode,
    n: Option<Notice>,
    from: Option<String>,
) -> Response {
    let f = admin.frame(app);
    let Some((pick, rules)) = picked(app, q) else { return not_found(&f) };
    // Read only: names as the reader reads them (`name_en` in English).
    let rules = rules.for_reader(f.lang);
    let now = (app.now)();
    let store = crate::store::RotaView::new(&*app.store, &pick.id);
    let rotas = (|| {
        Ok::<_, StoreError>((
            store.rota_version(year, RotaStatus::Published)?,
            store.rota_version(year, RotaStatus::Draft)?,
        ))
    })();
    let (published, draft) = match rotas {
        Ok(r) => r,
        Err(e) => return unavailable(&f, &e),
    };
    let (running, lines, failed) = job_seen(&job_key(app, &pick.id, year), n.is_none());
    let n = n.or_else(|| failed.map(|m| Notice::Error(y(m))));
    let earliest = published.as_ref().and_then(|p| crate::cli::planning::earliest_replan(p, now));
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let days = YearDays::of(&rules, year, today);
    // The form's default stays in the year (a re-plan from outside it is refused).
    let default = earliest.unwrap_or(today).clamp(days.first, days.last);
    let v = PlanView {
        rules: &rules,
        year,
        published: published.as_ref(),
        draft: draft.as_ref(),
        running: running.then_some(lines.as_slice()),
        last: if running { &[] } else { &lines[..] },
        days,
        earliest,
        from: from.unwrap_or_else(|| default.to_string()),
        csrf: &admin.session.csrf,
        pick: &pick,
    };
    let page = html(status, pages_plan::plan(&f, &v, n.as_ref()));
    if running {
        // The meta refresh in the page does it too; the header works wherever it is read.
        let mut page = page;
        if let Ok(v) = pages_plan::REFRESH_SECONDS.to_string().parse() {
            page.headers_mut().insert(header::REFRESH, v);
        }
        return page;
    }
    page
}

/// `POST /admin/plan/{year}`: plans (or, with `from`, re-plans) the year on a thread of its
/// own; the plan page shows its progress.
pub async fn plan_start(
    State(app): State<App>,
    Path(year): Path<String>,
    form: AdminForm,
) -> Response {
    let Some(year) = year_of(&year) else { return not_found(&form.admin.frame(&app)) };
    let q = form_fields(&form);
    let Some((pick, rules)) = picked(&app, &q) else { return not_found(&form.admin.frame(&app)) };
    let from_text = form.field("from").trim().to_string();
    let from = if from_text.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(&from_text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let n = Notice::Error(y(YearMsg::BadDate { text: from_text.clone() }));
                return plan_page(
                    &app,
                    &form.admin,
                    year,
                    &q,
                    StatusCode::BAD_REQUEST,
                    Some(n),
                    Some(from_text),
                );
            }
        }
    };
    let key = job_key(&app, &pick.id, year);
    {
        let mut all = jobs();
        let job = all.entry(key.clone()).or_default();
        if job.running {
            drop(all);
            let n = Notice::Error(y(YearMsg::AlreadyPlanning));
            return plan_page(&app, &form.admin, year, &q, StatusCode::CONFLICT, Some(n), None);
        }
        *job = Job { running: true, lines: Vec::new(), failure: None };
    }
    let (overrides, store) = (app.overrides.get(), app.store.clone());
    let (now, lang, actor) = ((app.now)(), form.admin.ui.lang, form.admin.id().to_string());
    let ask = console::PlanAsk { year, replan_from: from, time_limit: 10.0 };
    let rota = pick.id.clone();
    tokio::task::spawn_blocking(move || {
        let mut progress = ProgressLines { key: key.clone(), partial: Vec::new() };
        // Another rota is planned with its rules on the store as it sees it (issue 20).
        let store = crate::store::RotaView::new(&*store, &rota);
        let result =
            console::plan(&rules, &overrides, &store, &ask, now, lang, &actor, &mut progress);
        if let Some(job) = jobs().get_mut(&key) {
            job.running = false;
            job.failure = result.err().map(|e| failure(&rules, &e));
        }
    });
    see_other(&format!("/admin/plan/{year}{}", pick.query()))
}

/// `POST /admin/plan/{year}/publish`: `toban rota publish YEAR`.
pub async fn publish(
    State(app): State<App>,
    Path(year): Path<String>,
    form: AdminForm,
) -> Response {
    let Some(year) = year_of(&year) else { return not_found(&form.admin.frame(&app)) };
    let q = form_fields(&form);
    let Some((pick, _)) = picked(&app, &q) else { return not_found(&form.admin.frame(&app)) };
    let command =
        Command::Rota { action: RotaAction::Publish { year, rota_id: pick.id.to_string() } };
    match run(&app, &form.admin, command).await {
        Ok(_) => {
            forget_job(&job_key(&app, &pick.id, year));
            see_other(&format!("/admin/year/{year}{}", done_query(&pick, "published")))
        }
        Err(e) => {
            let n = Notice::Error(y(failure(&app.rules.get(), &e)));
            plan_page(&app, &form.admin, year, &q, StatusCode::BAD_REQUEST, Some(n), None)
        }
    }
}

/// `POST /admin/plan/{year}/discard`: `toban rota draft discard YEAR`.
pub async fn discard(
    State(app): State<App>,
    Path(year): Path<String>,
    form: AdminForm,
) -> Response {
    let Some(year) = year_of(&year) else { return not_found(&form.admin.frame(&app)) };
    let q = form_fields(&form);
    let Some((pick, _)) = picked(&app, &q) else { return not_found(&form.admin.frame(&app)) };
    let command = Command::Rota {
        action: RotaAction::Draft {
            action: DraftAction::Discard { year, rota_id: pick.id.to_string() },
        },
    };
    match run(&app, &form.admin, command).await {
        Ok(_) => {
            forget_job(&job_key(&app, &pick.id, year));
            see_other(&format!("/admin/plan/{year}{}", done_query(&pick, "discarded")))
        }
        Err(e) => {
            let n = Notice::Error(y(failure(&app.rules.get(), &e)));
            plan_page(&app, &form.admin, year, &q, StatusCode::BAD_REQUEST, Some(n), None)
        }
    }
}

/// `?done=WHAT`, with the rota when it is not main.
fn done_query(pick: &RotaPick, what: &str) -> String {
    if pick.is_main() { format!("?done={what}") } else { format!("?rota={}&done={what}", pick.id) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_the_path_are_those_toban_plan_takes() {
        assert_eq!(year_of("2027"), Some(2027));
        for bad in ["", "27", "2000", "2098", "2027x", "-2027"] {
            assert_eq!(year_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn progress_lines_are_collected_whole() {
        let key = (usize::MAX, RotaId::main(), 2027);
        jobs().insert(key.clone(), Job { running: true, ..Job::default() });
        let mut p = ProgressLines { key: key.clone(), partial: Vec::new() };
        write!(p, "[ 0.10s] bound").unwrap();
        writeln!(p, " 2").unwrap();
        writeln!(p, "toban: a note").unwrap();
        assert_eq!(jobs().remove(&key).unwrap().lines, ["[ 0.10s] bound 2", "a note"]);
    }

    // See: issue 18 (review, finding 7a): once a plan had failed, its error showed on every
    // later view of the plan page, after the clerk had moved on or a later action succeeded.
    #[test]
    fn a_failed_plan_is_shown_on_the_first_view_after_it_ends_and_then_no_more() {
        let key = (usize::MAX - 1, RotaId::main(), 2027);
        let failure = YearMsg::Failed { ja: "失敗".into(), en: "failed".into() };
        let job = |running| Job {
            running,
            lines: vec!["[ 0.10s] bound 2".into()],
            failure: (!running).then(|| failure.clone()),
        };
        jobs().insert(key.clone(), job(true));
        assert_eq!(job_seen(&key, true), (true, vec!["[ 0.10s] bound 2".into()], None));
        jobs().insert(key.clone(), job(false));
        // A page with a notice of its own keeps the failure for the next view.
        assert_eq!(job_seen(&key, false).2, None);
        let (running, lines, failed) = job_seen(&key, true);
        assert!(
            !running && lines.len() == 1 && failed == Some(failure.clone()),
            "shown once it ended"
        );
        assert_eq!(job_seen(&key, true), (false, Vec::new(), None), "and not again");
        // A plan that ended well keeps its lines beside its draft, until it is published.
        jobs().insert(key.clone(), Job { failure: None, ..job(false) });
        assert_eq!(job_seen(&key, true).1.len(), 1);
        assert_eq!(job_seen(&key, true).1.len(), 1);
        forget_job(&key);
        assert_eq!(job_seen(&key, true), (false, Vec::new(), None));
    }
}
