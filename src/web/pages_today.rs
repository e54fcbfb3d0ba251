//! The Today page as HTML (issue 18): what needs attention first (the checks of `toban
//! doctor` that are not fine, each with what to do and a link to where it is fixed; nothing
//! when all is well), who is on duty and the chain after them, and the open calls with their
//! chain and timeline. It reloads itself (no script: see [`super::handlers_today`]).

use maud::html;

use super::frame::Frame;
use crate::msg::Day;
use crate::msg::web::WebMsg;
use crate::msg::web_live::{FixAt, LiveMsg};
use crate::msg::words::{YearLabel, labelled};

fn l(m: LiveMsg) -> WebMsg {
    WebMsg::Live(m)
}

/// A problem of the banner.
pub struct Problem {
    /// Needs attention now (else: worth a look).
    pub fail: bool,
    /// The check's name, as `toban doctor` prints it.
    pub check: String,
    /// What it found, as `toban doctor` prints it.
    pub detail: String,
    /// Where it is fixed.
    pub fix: FixAt,
    /// For a plan problem when the current plan year is nearly over: the lead to next year.
    pub lead: Option<PlanLead>,
}

/// The banner's lead for a plan problem when the current plan year is nearly over (issue 18
/// review, finding 4): next year's plan first, this year's a link away, with what planning the
/// rest of this year means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanLead {
    /// The current plan year.
    pub year: YearLabel,
    /// Its last day.
    pub last: Day,
    /// Days left, today included.
    pub days_left: i64,
    /// Today's year.
    pub this_year: i32,
}

/// An open call on Today.
pub struct OpenCall {
    /// Its number.
    pub id: crate::routing::CallId,
    /// Where it stands.
    pub summary: WebMsg,
    /// Its chain, as `toban call show` prints it.
    pub chain: Vec<String>,
    /// Its timeline, as `toban call show` prints it.
    pub log: Vec<String>,
}

/// What the Today page shows, names already looked up.
pub struct Today {
    /// The duty doctors now, with the end of their duty.
    pub duty: Vec<WebMsg>,
    /// The chain after the duty doctors.
    pub chain: Vec<WebMsg>,
    /// The open calls.
    pub calls: Vec<OpenCall>,
    /// The backup hospitals' bed vacancy, once any was set (issue 20).
    pub beds: Vec<WebMsg>,
    /// What needs attention, failures first.
    pub attention: Vec<Problem>,
    /// The test clock's variable when the server runs on one: a small neutral line, not a
    /// problem (the office cannot fix it, and a real server never has it).
    pub test_clock: Option<&'static str>,
    /// When the page was made (`HH:MM:SS`, the association's zone).
    pub updated: String,
    /// Seconds until it reloads.
    pub every: u64,
}

/// The page where `fix` is done, if the console has one.
pub fn fix_path(fix: FixAt) -> Option<&'static str> {
    match fix {
        FixAt::Plan => Some("/admin/plan"),
        FixAt::Year => Some("/admin/year"),
        FixAt::Absences => Some("/admin/absences"),
        FixAt::Backups => Some("/admin/backups"),
        FixAt::Invitations => Some("/admin/invitations"),
        FixAt::Feeds => Some("/admin/feeds"),
        FixAt::Server => None,
    }
}

/// The Today page.
pub fn today(f: &Frame, today: &Today) -> String {
    let t = |m: &WebMsg| f.t(m);
    f.page(
        &WebMsg::TodayTitle,
        html! {
            meta http-equiv="refresh" content=(today.every);
            p.note.updated role="status" {
                (t(&l(LiveMsg::UpdatedAt { at: today.updated.clone(), every: today.every })))
            }
            @if let Some(var) = today.test_clock {
                p.note.test-clock { small { (t(&l(LiveMsg::TestClock { var }))) } }
            }
            @if !today.attention.is_empty() {
                section.attention role="alert" {
                    h2 { (t(&l(LiveMsg::AttentionHeading))) }
                    ul { @for p in &today.attention {
                        li class=(if p.fail { "error" } else { "info" }) {
                            strong { (labelled(&t(&l(LiveMsg::Level { fail: p.fail })), &p.check, f.lang)) }
                            br;
                            (p.detail)
                            br;
                            @if let Some(lead) = p.lead {
                                @let next = YearLabel { year: lead.year.year + 1, ..lead.year };
                                (t(&l(LiveMsg::FixPlanNearlyOver { year: lead.year, last: lead.last, days_left: lead.days_left, this_year: lead.this_year })))
                                " " a href=(format!("/admin/plan/{}", next.year)) { (t(&l(LiveMsg::OpenPlanOf(next)))) }
                                " " a href=(format!("/admin/plan/{}", lead.year.year)) { (t(&l(LiveMsg::OpenPlanOf(lead.year)))) }
                            } @else {
                                (t(&l(LiveMsg::Fix(p.fix))))
                                @if let Some(path) = fix_path(p.fix) {
                                    " " a href=(path) { (t(&l(LiveMsg::OpenPage(p.fix)))) }
                                }
                            }
                        }
                    } }
                }
            }
            h2 { (t(&WebMsg::OnDutyNow)) }
            @if today.duty.is_empty() {
                p { (t(&WebMsg::NoDuty)) }
            } @else {
                ul.duty { @for d in &today.duty { li { (t(d)) } } }
            }
            @if !today.chain.is_empty() {
                h2 { (t(&WebMsg::ChainTitle)) }
                ol.chain { @for s in &today.chain { li { (t(s)) } } }
            }
            h2 { (t(&WebMsg::OpenCalls)) }
            @if today.calls.is_empty() {
                p { (t(&WebMsg::NoOpenCalls)) }
            } @else {
                ul.calls { @for c in &today.calls {
                    li id={ "call-" (c.id) } {
                        (t(&c.summary)) " "
                        a href={ "/admin/calls/" (c.id) } { (t(&l(LiveMsg::CallDetails { id: c.id }))) }
                        h3 { (t(&l(LiveMsg::CallChain))) }
                        ul.chain { @for s in &c.chain { li { (s) } } }
                        h3 { (t(&l(LiveMsg::CallTimeline))) }
                        ul.log { @for e in &c.log { li { (e) } } }
                    }
                } }
            }
            @if !today.beds.is_empty() {
                h2 { a href="/admin/hospitals" { (t(&WebMsg::Hosp(crate::msg::hospital::HospMsg::HospitalsTitle))) } }
                ul.beds { @for b in &today.beds { li { (t(b)) } } }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    fn frame(lang: Lang) -> Frame {
        Frame { lang, association: "医師会".into(), here: "/admin".into(), who: None }
    }

    fn view(attention: Vec<Problem>) -> Today {
        Today {
            duty: vec![],
            chain: vec![],
            calls: vec![],
            beds: vec![],
            attention,
            test_clock: None,
            updated: "22:00:05".into(),
            every: 15,
        }
    }

    #[test]
    fn today_reloads_itself_and_says_when_it_was_made() {
        let page = today(&frame(Lang::Ja), &view(vec![]));
        assert!(page.contains("<meta http-equiv=\"refresh\" content=\"15\">"), "{page}");
        assert!(page.contains("22:00:05 現在の状況です。"), "{page}");
        assert!(!page.contains("対応が必要なこと"), "no banner when all is well: {page}");
        assert!(!page.contains("<script"), "{page}");
    }

    #[test]
    fn the_banner_puts_what_to_do_and_where_beside_each_problem() {
        let p = |fail, fix| Problem {
            fail,
            check: "当番".into(),
            detail: "<公開された当番表がありません>".into(),
            fix,
            lead: None,
        };
        let page =
            today(&frame(Lang::En), &view(vec![p(true, FixAt::Plan), p(false, FixAt::Server)]));
        assert!(page.contains("Needs attention"), "{page}");
        assert!(page.contains("href=\"/admin/plan\""), "{page}");
        assert!(page.contains("Open Plan and publish"), "{page}");
        // Said for the clerk, the command for whoever looks after the server (review 2).
        assert!(page.contains("`toban doctor` on the server says how"), "{page}");
        assert!(page.contains("&lt;公開された当番表がありません&gt;"), "escaped: {page}");
        let (act, check) = (page.find("Act now").unwrap(), page.find("Check: 当番").unwrap());
        assert!(act < check, "failures first: {page}");
    }

    // See: issue 18 (review, finding 4): in December the banner said to plan and publish
    // "this" year, all but past, without a word about the weeks already gone.
    #[test]
    fn a_plan_problem_late_in_the_year_leads_to_next_year_and_says_what_this_year_means() {
        let year = YearLabel::calendar(2027);
        let last = Day(chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap());
        let lead = PlanLead { year, last, days_left: 22, this_year: 2027 };
        let p = Problem {
            fail: true,
            check: "当番".into(),
            detail: "今以降を含む公開済みの当番表がありません。".into(),
            fix: FixAt::Plan,
            lead: Some(lead),
        };
        let page = today(&frame(Lang::Ja), &view(vec![p]));
        assert!(page.contains("2027年は12月31日(金)で終わります（あと22日）。"), "{page}");
        assert!(
            page.contains("「計画と公開」で2028年の当番表を作り、公開してください。"),
            "{page}"
        );
        assert!(page.contains("すでに過ぎた週にも当番が割り当てられ"), "{page}");
        let (next, this) = (page.find("/admin/plan/2028").unwrap(), page.find("/admin/plan/2027"));
        assert!(next < this.expect("this year a link away"), "next year first: {page}");
        assert!(page.contains("「2028年の計画と公開」を開く"), "{page}");
        assert!(!page.contains("href=\"/admin/plan\""), "{page}");
    }
}
