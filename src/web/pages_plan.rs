//! The page "Plan and publish" (issue 18): run a plan, watch it, see the draft's figures and
//! its diff, publish or discard; and what the office should know before planning a year (it
//! has begun, it is nearly over). Pure, like [`super::pages_year`], whose pieces (the rota
//! picker, the fairness table) it shows; texts are [`YearMsg`].

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::frame::{Frame, Notice};
use super::pages_year::{RotaPick, fairness, fiscal, rota_field, when, y};
use crate::msg::web_year::YearMsg;
use crate::msg::{Day, Message};
use crate::rules::Rules;
use crate::store::RotaRecord;

/// Fewer days than this left in a plan year and the console leads to the next one (issue 18
/// review, finding 4): eight weeks, time to plan and publish next year and tell the doctors.
pub const NEARLY_OVER_DAYS: i64 = 56;

/// A plan year's first and last day, as the console weighs them on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearDays {
    /// The plan year.
    pub year: i32,
    /// Its first day.
    pub first: NaiveDate,
    /// Its last day.
    pub last: NaiveDate,
    /// Today, in the association's zone.
    pub today: NaiveDate,
}

impl YearDays {
    /// Plan year `year` of `rules` on `today`.
    pub fn of(rules: &Rules, year: i32, today: NaiveDate) -> YearDays {
        let first = crate::calendar::slots::plan_year_first_day(rules, year);
        let last = crate::calendar::slots::plan_year_last_day(rules, year);
        YearDays { year, first, last, today }
    }

    /// Its first day is past: a plan of it gives the weeks before today too (`toban plan`
    /// plans a whole year; only a re-plan of a rota keeps what came before a day).
    pub fn begun(&self) -> bool {
        self.first < self.today
    }

    /// The days left, today included.
    pub fn days_left(&self) -> i64 {
        (self.last - self.today).num_days() + 1
    }

    /// Today lies in the year, fewer than [`NEARLY_OVER_DAYS`] before its end.
    pub fn nearly_over(&self) -> bool {
        self.first <= self.today && (1..NEARLY_OVER_DAYS).contains(&self.days_left())
    }

    /// The note that the year is nearly over, if it is.
    fn nearly_over_note(&self, fiscal: bool) -> Option<YearMsg> {
        self.nearly_over().then(|| YearMsg::YearNearlyOver {
            year: crate::msg::words::YearLabel { year: self.year, fiscal },
            last: Day(self.last),
            days_left: self.days_left(),
            this_year: self.today.year(),
        })
    }
}

/// What the plan page shows.
pub struct PlanView<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// The plan year.
    pub year: i32,
    /// The published rota, if any.
    pub published: Option<&'a RotaRecord>,
    /// The draft, if any.
    pub draft: Option<&'a RotaRecord>,
    /// A plan running now: its progress lines so far.
    pub running: Option<&'a [String]>,
    /// The progress lines of the last plan, finished.
    pub last: &'a [String],
    /// The year's first and last day, and today.
    pub days: YearDays,
    /// The earliest date a re-plan may start from now.
    pub earliest: Option<NaiveDate>,
    /// The date in the re-plan field.
    pub from: String,
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// Which rota (issue 20).
    pub pick: &'a RotaPick,
}

/// The seconds between refreshes of the "planning…" page.
pub const REFRESH_SECONDS: u32 = 1;

/// The plan page: planning… (refreshing itself, no script), or the plan form, the draft's
/// figures, its diff against the published rota, and publish / discard.
pub fn plan(f: &Frame, v: &PlanView<'_>, n: Option<&Notice>) -> String {
    let t = |m: YearMsg| f.t(&y(m));
    let year = v.year;
    let action = format!("/admin/plan/{year}");
    let fiscal = fiscal(v.rules, year);
    let q = v.pick.query();
    f.page(
        &v.pick.title(YearMsg::PlanTitle { year, fiscal }),
        html! {
            link rel="stylesheet" href="/admin/year.css";
            @if v.running.is_some() {
                meta http-equiv="refresh" content=(REFRESH_SECONDS);
            }
            (f.notice(n))
            (v.pick.picker(f, &action))
            p {
                a href=(format!("/admin/plan/{}{q}", year - 1)) { "← " (t(YearMsg::OtherYear { year: year - 1, fiscal })) }
                " | "
                a href=(format!("/admin/plan/{}{q}", year + 1)) { (t(YearMsg::OtherYear { year: year + 1, fiscal })) " →" }
                " | "
                a href=(format!("/admin/year/{year}{q}")) { (t(YearMsg::BackToYear { year })) }
            }
            @if let Some(m) = v.days.nearly_over_note(fiscal) {
                p.info { (t(m)) }
            }
            @if let Some(lines) = v.running {
                p.info role="status" { (t(YearMsg::Planning)) }
                (progress(f, lines))
            } @else {
                p.note { (t(YearMsg::PlanIntro)) }
                // A year begun with nothing published is planned whole, past weeks too
                // (issue 18 review, finding 4): said before the clerk plans it.
                @if v.published.is_none() && v.days.begun() {
                    p.info { (t(YearMsg::YearBegun { year: crate::msg::words::YearLabel { year, fiscal }, first: Day(v.days.first), this_year: v.days.today.year() })) }
                }
                form method="post" action=(action) {
                    input type="hidden" name="csrf" value=(v.csrf);
                    (rota_field(v.pick))
                    @if v.published.is_some() {
                        label for="from" { (t(YearMsg::ReplanFrom)) }
                        input id="from" name="from" type="date" value=(v.from) required min=(v.earliest.unwrap_or(v.days.first).max(v.days.first)) max=(v.days.last);
                        @if let Some(day) = v.earliest {
                            p.note { (t(YearMsg::Earliest { day: Day(day) })) }
                        }
                        button type="submit" { (t(YearMsg::ReplanButton)) }
                    } @else {
                        button type="submit" { (t(YearMsg::PlanButton)) }
                    }
                }
                h2 { (t(YearMsg::DraftTitle)) }
                @match v.draft {
                    None => { p { (t(YearMsg::NoDraft)) } }
                    Some(draft) => {
                        p.note { (t(YearMsg::DraftMade { at: when(v.rules, draft.saved_at), seconds: format!("{:.2}", draft.fairness.seconds) })) }
                        @if let Some(from) = draft.replan_from {
                            p.info { (t(YearMsg::DraftReplanned { from: Day(from), this_year: v.days.today.year(), published: v.published.is_some() })) }
                        }
                        (fairness(f, v.rules, draft))
                        @if let Some(published) = v.published {
                            h2 { (t(YearMsg::DiffTitle)) }
                            (diff(f, v.rules, published, draft))
                        }
                        form method="post" action=(format!("/admin/plan/{year}/publish")) {
                            input type="hidden" name="csrf" value=(v.csrf);
                            (rota_field(v.pick))
                            button type="submit" { (t(YearMsg::Publish)) }
                        }
                        form method="post" action=(format!("/admin/plan/{year}/discard")) {
                            input type="hidden" name="csrf" value=(v.csrf);
                            (rota_field(v.pick))
                            button type="submit" { (t(YearMsg::Discard)) }
                        }
                    }
                }
                @if !v.last.is_empty() { (progress(f, v.last)) }
            }
        },
    )
}

fn progress(f: &Frame, lines: &[String]) -> Markup {
    html! {
        details open[true] {
            summary { (f.t(&y(YearMsg::ProgressTitle))) }
            ul { @for l in lines { li { (l) } } }
        }
    }
}

/// The slots a draft changes against the published rota, before and after.
fn diff(f: &Frame, rules: &Rules, published: &RotaRecord, draft: &RotaRecord) -> Markup {
    let t = |m: YearMsg| f.t(&y(m));
    // Read as the command line's `toban rota diff` reads (issue 18).
    let changes = crate::cli::planning::changed_duties(rules, published, draft);
    html! {
        @if changes.is_empty() {
            p { (t(YearMsg::DiffNone)) }
        } @else {
            table.diff {
                thead { tr { th { (t(YearMsg::ColSlot)) } th { (t(YearMsg::ColBefore)) } th { (t(YearMsg::ColAfter)) } } }
                tbody {
                    @for c in &changes {
                        tr { td { (c.duty.render(f.lang)) } td { (c.before(f.lang)) } td { (c.after(f.lang)) } }
                    }
                }
            }
            // Partial covers the re-plan cannot keep (issue 20): said before publishing.
            @let dropped = crate::cli::rota::dropped_covers(rules, published, draft);
            @if !dropped.is_empty() {
                ul.dropped { @for d in &dropped { li { (d.render(f.lang).trim()) } } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;
    use crate::rules::RotaId;
    use crate::store::RotaStatus;
    use crate::store::records::fixtures;

    fn frame(lang: Lang) -> Frame {
        Frame {
            lang,
            association: "匝瑳医師会".into(),
            here: "/admin/plan/2027".into(),
            who: Some(super::super::frame::SignedIn {
                name: "事務局".into(),
                csrf: "c".repeat(64),
            }),
        }
    }

    #[test]
    fn the_plan_page_refreshes_while_planning_and_shows_the_draft_and_its_diff() {
        let rules = crate::plan::testing::sosa();
        let published = fixtures::rota(2027);
        let mut draft = published.clone();
        draft.status = RotaStatus::Draft;
        draft.slots[1].doctors = vec!["d09".into()];
        let csrf = "c".repeat(64);
        let lines = vec!["[0.1s] bound 2".to_string()];
        let v = PlanView {
            rules: &rules,
            year: 2027,
            published: Some(&published),
            draft: Some(&draft),
            running: Some(&lines),
            last: &[],
            days: YearDays::of(&rules, 2027, NaiveDate::from_ymd_opt(2027, 3, 2).unwrap()),
            earliest: NaiveDate::from_ymd_opt(2027, 3, 3),
            from: "2027-03-03".into(),
            csrf: &csrf,
            pick: &RotaPick::of(&rules, &RotaId::main()).unwrap(),
        };
        let page = plan(&frame(Lang::Ja), &v, None);
        assert!(page.contains("http-equiv=\"refresh\""), "{page}");
        assert!(page.contains("bound 2") && !page.contains("/publish"));
        let done = PlanView { running: None, last: &lines, ..v };
        let page = plan(&frame(Lang::Ja), &done, None);
        assert!(!page.contains("http-equiv"));
        assert!(
            page.contains("/admin/plan/2027/publish") && page.contains("/admin/plan/2027/discard")
        );
        // See: issue 18: the office reads the changed duty by its days, the id in brackets.
        assert!(
            page.contains(&format!("1月12日(火)〜1月18日(月)の当番（{}）", draft.slots[1].id)),
            "the diff names the changed duty by its days, with its id: {page}"
        );
        assert!(page.contains(&format!("{}先生", rules.name_of("d09"))), "{page}");
        assert!(page.contains("3月3日"), "the earliest date allowed");
    }

    // See: issue 18 (review, findings 7b and 4): the draft did not say it re-planned from a
    // day, and a year begun with nothing published was planned from January without a word.
    #[test]
    fn the_plan_page_says_what_a_replan_keeps_and_what_planning_a_year_begun_means() {
        let rules = crate::plan::testing::sosa();
        let published = fixtures::rota(2027);
        let mut draft = published.clone();
        draft.status = RotaStatus::Draft;
        draft.replan_from = NaiveDate::from_ymd_opt(2027, 3, 9);
        let csrf = "c".repeat(64);
        let main = RotaPick::of(&rules, &RotaId::main()).unwrap();
        let march = NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
        let v = PlanView {
            rules: &rules,
            year: 2027,
            published: Some(&published),
            draft: Some(&draft),
            running: None,
            last: &[],
            days: YearDays::of(&rules, 2027, march),
            earliest: NaiveDate::from_ymd_opt(2027, 3, 3),
            from: "2027-03-03".into(),
            csrf: &csrf,
            pick: &main,
        };
        let page = plan(&frame(Lang::Ja), &v, None);
        let kept = "3月9日(火)から計画し直した下書きです。それより前の当番は公開済みのままです。";
        assert!(page.contains(kept), "{page}");
        assert!(page.contains("min=\"2027-03-03\" max=\"2027-12-31\""), "{page}");
        assert!(page.contains("href=\"/admin/plan/2028\"") && page.contains("/admin/plan/2026"));
        assert!(!page.contains("に始まっています") && !page.contains("で終わります"), "{page}");
        let whole = PlanView { draft: None, from: v.from.clone(), ..v };
        assert!(!plan(&frame(Lang::Ja), &whole, None).contains("計画し直した下書き"));
        // Nothing published in a year begun: planning it gives the past weeks too.
        let begun = PlanView { published: None, draft: None, from: v.from.clone(), ..v };
        let page = plan(&frame(Lang::Ja), &begun, None);
        assert!(page.contains("2027年はすでに1月1日(金)に始まっています。"), "{page}");
        let en = plan(&frame(Lang::En), &begun, None);
        assert!(en.contains("2027 began on Fri 1 Jan 2027."), "{en}");
        let before = YearDays::of(&rules, 2027, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
        let ahead = PlanView { days: before, from: begun.from.clone(), ..begun };
        assert!(!plan(&frame(Lang::Ja), &ahead, None).contains("に始まっています"));
        // December: the year is nearly over, and the page says when it ends.
        let december = YearDays::of(&rules, 2027, NaiveDate::from_ymd_opt(2027, 12, 10).unwrap());
        assert!(december.nearly_over() && december.days_left() == 22);
        let page = plan(&frame(Lang::Ja), &PlanView { days: december, ..begun }, None);
        assert!(page.contains("2027年は12月31日(金)で終わります（あと22日）。"), "{page}");
        assert!(!YearDays { today: december.first, ..december }.nearly_over());
        assert!(!YearDays { today: december.last.succ_opt().unwrap(), ..december }.nearly_over());
    }

    #[test]
    fn the_drafts_diff_names_a_partial_cover_the_re_plan_drops() {
        let rules = crate::plan::testing::sosa();
        let mut published = fixtures::rota(2027);
        let s = published.slots[1].clone();
        published.slots[1].parts = vec![crate::store::CoverPart {
            doctor: s.doctors[0].clone(),
            by: "d09".into(),
            from: s.start.date_naive(),
            to: s.start.date_naive(),
            start: s.start,
            end: s.end,
            points: 1,
            holidays: Vec::new(),
        }];
        let mut draft = published.clone();
        draft.slots[1].doctors = vec!["d08".into()];
        let ja = diff(&frame(Lang::Ja), &rules, &published, &draft).into_string();
        assert!(ja.contains("一部代行の取り消し") && ja.contains(&s.id), "{ja}");
        let en = diff(&frame(Lang::En), &rules, &published, &draft).into_string();
        assert!(en.contains("partial cover dropped"), "{en}");
        draft.slots[1].doctors = s.doctors.clone();
        let kept = diff(&frame(Lang::Ja), &rules, &published, &draft).into_string();
        assert!(!kept.contains("一部代行の取り消し"), "{kept}");
    }
}
