//! The pages "The year" (the rota as month grids like the printable page, the fairness table
//! and chart, a slot's page with its changes); "Plan and publish" is
//! [`super::pages_plan`]. Pure: each page is a function of
//! what it shows; the grid's pieces (months, weeks, the slot of a day, colours, short names)
//! are the printable page's ([`crate::page`]); texts are [`YearMsg`].
//!
//! The console's CSP allows no inline style, so the doctors' colours are classes (`c0`, `c1`,
//! …) of a style sheet of their own, [`colours_css`], served beside the console's.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use maud::{Markup, html};

use super::frame::{Frame, Notice};
use crate::msg::page::PageText;
use crate::msg::web::WebMsg;
use crate::msg::web_year::YearMsg;
use crate::msg::{Day, Doctor, Message, When};
use crate::page::{colour, duties, month_weeks, months, short, slot_at_noon};
use crate::rules::{RotaId, Rules};
use crate::store::{RotaRecord, RotaSlot, RotaStatus};

/// The grid's style (phone first: the months flow, each day a link), after the console's.
const STYLE: &str = "\
.months{display:grid;grid-template-columns:repeat(auto-fill,minmax(15.5em,1fr));gap:1em}\
.month h2{font-size:1em;margin:.2em 0}\
table.cal{display:table;width:100%;table-layout:fixed;border-collapse:collapse}\
table.cal th{font-weight:normal;font-size:.8em;text-align:center;padding:0;color:#555}\
table.cal th.sun,table.cal td.sun .d,table.cal td.ph .d{color:#c00}\
table.cal td{padding:0;border:1px solid #fff;height:3.2em;vertical-align:top;font-size:.75em;line-height:1.2}\
table.cal td a{display:block;height:100%;min-height:3.2em;padding:.1em .2em;color:#111;text-decoration:none}\
table.cal td a:focus,table.cal td a:hover{outline:2px solid #2a5db0}\
table.cal td .d{display:block;font-weight:bold}\
table.cal td .n{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
table.cal td .fz{display:block;font-size:.85em;font-weight:bold}\
table.cal td.ho{box-shadow:inset 3px 0 0 #333}\
table.cal td .cv{font-size:.75em;margin-left:.15em}\
table.cal td.frozen{outline:2px dashed #234;outline-offset:-2px}\
table.cal td.hol a{background-image:repeating-linear-gradient(135deg,rgba(0,0,0,.14) 0 2px,transparent 2px 6px)}\
.bands{display:flex;height:.5em;margin-top:.1em}.bands span{flex:1}\
.legend{font-size:.9em;color:#333}\
table.fair td.num,table.fair th.num{text-align:right}\
svg.chart{width:100%;max-width:36em;height:auto}\
.error,.info{white-space:pre-line}.changes form{margin:.5em 0 1.5em}select{font-size:1em;padding:.3em;max-width:100%}.changes select{display:block}\n";

/// The style sheet of the year pages: the grid's style and one class per doctor's colour (the
/// printable page's colours, in rules order).
pub fn colours_css(doctors: usize) -> String {
    let mut css = String::from(STYLE);
    for i in 0..doctors {
        let _ = writeln!(css, ".c{i}{{background-color:{}}}", colour(i));
    }
    css
}

pub(super) fn y(m: YearMsg) -> WebMsg {
    WebMsg::Year(m)
}

/// Which rota a console page shows (issue 20), and the rotas to pick from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaPick {
    /// The rota's id (`main`: the association's own).
    pub id: RotaId,
    /// Its name.
    pub name: String,
    /// Every rota of the rules: (id, name), main first.
    pub all: Vec<(RotaId, String)>,
}

impl RotaPick {
    /// Rota `id` of `rules`; `None` if the rules have no such rota.
    pub fn of(rules: &Rules, id: &RotaId) -> Option<RotaPick> {
        rules.for_rota(id)?;
        let name = |i: &RotaId| rules.rota_name(i).to_string();
        let all = rules.rota_ids().into_iter().map(|i| (name(&i), i)).map(|(n, i)| (i, n));
        Some(RotaPick { id: id.clone(), name: name(id), all: all.collect() })
    }

    /// Whether it is the association's own rota.
    pub fn is_main(&self) -> bool {
        self.id.is_main()
    }

    /// The query that keeps this rota on a link: empty for main, else `?rota=ID`.
    pub fn query(&self) -> String {
        if self.is_main() { String::new() } else { format!("?rota={}", self.id) }
    }

    /// `title`, naming the rota when it is not main.
    pub(super) fn title(&self, title: YearMsg) -> WebMsg {
        if self.is_main() {
            y(title)
        } else {
            y(YearMsg::InRota { rota: self.name.clone(), title: Box::new(title) })
        }
    }

    /// Links to the same page of each rota, when there are several (no script needed).
    pub(super) fn picker(&self, f: &Frame, path: &str) -> Markup {
        html! {
            @if self.all.len() > 1 {
                nav.rotas {
                    (f.t(&y(YearMsg::RotaPicker))) " "
                    @for (i, (id, name)) in self.all.iter().enumerate() {
                        @if i > 0 { " | " }
                        @if *id == self.id {
                            strong { (name) }
                        } @else if id.is_main() {
                            a href=(path) { (name) }
                        } @else {
                            a href=(format!("{path}?rota={id}")) { (name) }
                        }
                    }
                }
            }
        }
    }
}

/// Hidden field naming the rota in a form, for a rota other than main.
pub(super) fn rota_field(pick: &RotaPick) -> Markup {
    html! { @if !pick.is_main() { input type="hidden" name="rota" value=(pick.id.as_str()); } }
}

/// A plan year not starting in January is a fiscal year (年度).
pub fn fiscal(rules: &Rules, year: i32) -> bool {
    crate::calendar::slots::plan_year_first_day(rules, year).month() != 1
}

/// The path of a slot's page.
pub fn slot_path(year: i32, slot: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(slot.as_bytes()).collect();
    format!("/admin/year/{year}/slot/{id}")
}

/// The link to a slot's page in rota `pick` (issue 20): [`slot_path`], with `?rota=ID` for a
/// rota other than main.
pub fn slot_link(year: i32, slot: &str, pick: &RotaPick) -> String {
    format!("{}{}", slot_path(year, slot), pick.query())
}

fn index(rules: &Rules) -> BTreeMap<&str, usize> {
    rules.doctors.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect()
}

fn doctors(rules: &Rules, ids: &[String]) -> Vec<Doctor> {
    ids.iter().map(|d| Doctor(rules.name_of(d).to_string())).collect()
}

/// What the year page shows.
pub struct YearView<'a> {
    /// The rules (names, zone, periods, plan-year start).
    pub rules: &'a Rules,
    /// The plan year.
    pub year: i32,
    /// The year's rota: the published one, else the draft.
    pub rota: Option<&'a RotaRecord>,
    /// Public holidays by date.
    pub holidays: &'a BTreeMap<NaiveDate, String>,
    /// Which rota (issue 20).
    pub pick: &'a RotaPick,
}

/// The year page: the months, the fairness table and chart.
pub fn year(f: &Frame, v: &YearView<'_>, n: Option<&Notice>) -> String {
    let t = |m: YearMsg| f.t(&y(m));
    let fiscal = fiscal(v.rules, v.year);
    let title = v.pick.title(YearMsg::YearTitle { year: v.year, fiscal });
    let q = v.pick.query();
    f.page(
        &title,
        html! {
            link rel="stylesheet" href="/admin/year.css";
            (f.notice(n))
            (v.pick.picker(f, &format!("/admin/year/{}", v.year)))
            p {
                a href=(format!("/admin/year/{}{q}", v.year - 1)) { "← " (t(YearMsg::OtherYear { year: v.year - 1, fiscal })) }
                " | "
                a href=(format!("/admin/year/{}{q}", v.year + 1)) { (t(YearMsg::OtherYear { year: v.year + 1, fiscal })) " →" }
                " | "
                a href=(format!("/admin/plan/{}{q}", v.year)) { (t(YearMsg::ToPlan)) }
            }
            @match v.rota {
                None => { p.info { (t(YearMsg::NoRota { year: v.year })) } }
                Some(rota) => {
                    @if rota.status == RotaStatus::Published {
                        @if let Some(at) = rota.published_at {
                            p.note { (t(YearMsg::ShowingPublished { at: when(v.rules, at) })) }
                        }
                    } @else {
                        p.info { (t(YearMsg::ShowingDraft)) }
                    }
                    p.legend { (t(YearMsg::Legend)) }
                    p.print { a href=(format!("/admin/year/{}/print{q}", v.year)) { (f.t(&WebMsg::Records(crate::msg::web_records::RecordsMsg::PrintRota))) } }
                    (grid(f, v, rota))
                    h2 { (t(YearMsg::FairnessTitle)) }
                    (fairness(f, v.rules, rota))
                }
            }
        },
    )
}

fn day_text(f: &Frame, d: NaiveDate) -> String {
    match f.lang {
        crate::msg::Lang::Ja => Day(d).ja(),
        crate::msg::Lang::En => Day(d).en(),
    }
}

pub(super) fn when(rules: &Rules, t: DateTime<Utc>) -> When {
    When(t.with_timezone(&rules.association.tz))
}

/// The twelve month grids: each day takes the colour of the doctors on duty at noon and links
/// to that slot's page; handover days name the doctors; frozen slots are marked.
fn grid(f: &Frame, v: &YearView<'_>, rota: &RotaRecord) -> Markup {
    let t = |m: YearMsg| f.t(&y(m));
    let index = index(v.rules);
    html! {
        div.months {
            @for first in months(v.rules, rota.year) {
                section.month {
                    h2 { (t(YearMsg::Month { year: first.year(), month: first.month() })) }
                    table.cal {
                        thead { tr {
                            @for d in 0..7u32 {
                                th class=(match d { 0 => "sun", 6 => "sat", _ => "" }) { (t(YearMsg::Weekday(d))) }
                            }
                        } }
                        tbody {
                            @for week in month_weeks(first) {
                                tr {
                                    @for cell in week {
                                        @match cell {
                                            None => { td {} }
                                            Some(day) => { (day_cell(f, v, rota, &index, day, first)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn day_cell(
    f: &Frame,
    v: &YearView<'_>,
    rota: &RotaRecord,
    index: &BTreeMap<&str, usize>,
    day: NaiveDate,
    month_first: NaiveDate,
) -> Markup {
    let slot = slot_at_noon(v.rules, rota, day);
    let mut classes: Vec<String> = Vec::new();
    if day.weekday().num_days_from_sunday() == 0 {
        classes.push("sun".into());
    }
    let holiday = v.holidays.get(&day);
    if holiday.is_some() {
        classes.push("ph".into());
    }
    let Some(s) = slot else {
        return html! { td class=(classes.join(" ")) title=[holiday] { span.d { (day.day()) } } };
    };
    // Who is on duty at noon: a colleague covering part of the duty takes its doctor's place
    // that day, marked 代 (as on the printable page).
    let on = crate::page::on_duty_at_noon(v.rules, s, day);
    let covered = on != s.doctors;
    if covered {
        classes.push("pc".into());
    }
    let colours: Vec<usize> = on.iter().filter_map(|d| index.get(d.as_str()).copied()).collect();
    if s.kind != "regular" {
        classes.push("hol".into());
    }
    if colours.len() == 1 {
        classes.push(format!("c{}", colours[0]));
    }
    let handover = s.start.date_naive() == day;
    if handover {
        classes.push("ho".into());
    }
    let frozen = rota.frozen.contains(&s.id);
    if frozen {
        classes.push("frozen".into());
    }
    let names: Vec<&str> = on.iter().map(|d| v.rules.name_of(d)).collect();
    let mut title: Vec<String> = holiday.cloned().into_iter().collect();
    title.push(s.id.clone());
    if covered {
        title.push(Message::render(&PageText::PartCover, f.lang));
    }
    title.extend(names.iter().map(|n| n.to_string()));
    let starts_part = covered && s.parts.iter().any(|p| p.from == day);
    let inner = html! {
        span.d { (day.day()) @if covered { span.cv { (Message::render(&PageText::CoverMark, f.lang)) } } }
        @if handover || day == month_first || starts_part {
            @for n in &names { span.n { (short(n)) } }
        }
        @if frozen && handover {
            span.fz { (f.t(&y(YearMsg::FrozenMark))) }
        }
        @if colours.len() > 1 {
            span.bands { @for c in &colours { span class=(format!("c{c}")) {} } }
        }
    };
    // Each rota's days open that rota's slot page (issue 20).
    html! {
        td class=(classes.join(" ")) {
            a href=(slot_link(rota.year, &s.id, v.pick)) title=(title.join(" / ")) { (inner) }
        }
    }
}

/// The fairness table (load, target, carried-in balance, deviation) and chart of `rota`.
pub fn fairness(f: &Frame, rules: &Rules, rota: &RotaRecord) -> Markup {
    let t = |m: YearMsg| f.t(&y(m));
    let fig = &rota.fairness;
    html! {
        p { (t(YearMsg::FairnessLine {
            range: fig.range,
            bound: fig.bound,
            optimal: fig.optimal,
            given_holidays: fig.fairest_given_holidays(),
        })) }
        table.fair {
            thead { tr {
                th { (t(YearMsg::ColDoctor)) }
                th.num { (t(YearMsg::ColLoad)) }
                th.num { (t(YearMsg::ColTarget)) }
                th.num { (t(YearMsg::ColCarried)) }
                th.num { (t(YearMsg::ColDeviation)) }
            } }
            tbody {
                @for d in &rota.doctors {
                    tr {
                        td { (rules.name_of(&d.id)) }
                        td.num { (d.load) }
                        td.num { (d.target) }
                        td.num { (format!("{:+}", d.balance)) }
                        td.num { (format!("{:+}", d.deviation)) }
                    }
                }
            }
        }
        (chart(f, rules, rota))
    }
}

/// Bars: each doctor's load this year plus the balance carried in, against their target (the
/// tick), as on the printable page. SVG attributes, no inline style (the CSP).
fn chart(f: &Frame, rules: &Rules, rota: &RotaRecord) -> Markup {
    let index = index(rules);
    let counts = duties(rota);
    let rows: Vec<(usize, &str, i64, i64)> = rota
        .doctors
        .iter()
        .filter_map(|d| {
            let i = *index.get(d.id.as_str())?;
            let load = counts.get(d.id.as_str()).map_or(0, |c| c.2);
            Some((i, rules.doctors[i].name.as_str(), load + d.balance, d.target))
        })
        .collect();
    let max = rows.iter().map(|r| r.2.max(r.3)).max().unwrap_or(1).max(1) as f64;
    let (label_w, bar_w, row_h) = (90.0, 200.0, 16.0);
    let height = row_h * rows.len() as f64 + 4.0;
    let width = label_w + bar_w + 60.0;
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}")) role="img" aria-label=(f.t(&y(YearMsg::ChartLabel))) {
            @for (row, (i, name, load, target)) in rows.iter().enumerate() {
                @let top = row as f64 * row_h;
                @let w = (bar_w * *load as f64 / max).max(0.0);
                @let tick = label_w + bar_w * *target as f64 / max;
                text x=(format!("{:.1}", label_w - 4.0)) y=(format!("{:.1}", top + 12.0)) font-size="10" text-anchor="end" { (name) }
                rect x=(label_w) y=(format!("{:.1}", top + 2.0)) width=(format!("{w:.1}")) height=(format!("{:.1}", row_h - 4.0)) fill=(colour(*i)) stroke="#777" stroke-width="0.5" {}
                line x1=(format!("{tick:.1}")) x2=(format!("{tick:.1}")) y1=(format!("{top:.1}")) y2=(format!("{:.1}", top + row_h)) stroke="#000" stroke-width="1.5" {}
                text x=(format!("{:.1}", label_w + w.max(tick - label_w) + 4.0)) y=(format!("{:.1}", top + 12.0)) font-size="10" { (load) "/" (target) }
            }
        }
        p.note { (f.t(&y(YearMsg::ChartNote))) }
    }
}

/// What a slot's page shows.
pub struct SlotView<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// The rota the slot is in.
    pub rota: &'a RotaRecord,
    /// The slot.
    pub slot: &'a RotaSlot,
    /// Now (a started slot can only have what happened recorded).
    pub now: DateTime<Utc>,
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// Which rota (issue 20): its forms change that rota.
    pub pick: &'a RotaPick,
    /// The form as sent, after a refusal (empty otherwise): its choices and days are kept.
    pub typed: &'a super::extract::Fields,
}

impl SlotView<'_> {
    /// What was sent in field `name` of the form that does `what`, if that form was sent.
    fn typed(&self, what: &str, name: &str) -> &str {
        let sent = self.typed.get("do").is_some_and(|d| d == what);
        self.typed.get(name).filter(|_| sent).map_or("", |v| v.trim())
    }

    fn started(&self) -> bool {
        self.slot.start.with_timezone(&Utc) <= self.now
    }
}

/// A slot's page: when, who, frozen or not, and its changes (swap, cover, freeze, what
/// actually happened), each a form checked by the command line's code.
pub fn slot(f: &Frame, v: &SlotView<'_>, n: Option<&Notice>) -> String {
    let t = |m: YearMsg| f.t(&y(m));
    let tz: Tz = v.rules.association.tz;
    let s = v.slot;
    let year = v.rota.year;
    let action = slot_link(year, &s.id, v.pick);
    // A partial cover's days run to the handover morning after the last one.
    let last_day = s.end.with_timezone(&tz).date_naive().pred_opt();
    let published = v.rota.status == RotaStatus::Published;
    let frozen = v.rota.frozen.contains(&s.id);
    // The other duties a doctor here could swap with: published, not started, another slot.
    let partners: Vec<(&RotaSlot, &String)> = v
        .rota
        .slots
        .iter()
        .filter(|o| o.id != s.id && o.start.with_timezone(&Utc) > v.now)
        // A doctor of this duty is not swapped with themselves.
        .flat_map(|o| o.doctors.iter().filter(|d| !s.doctors.contains(d)).map(move |d| (o, d)))
        .collect();
    let hidden = |what: &'static str| {
        html! {
            input type="hidden" name="csrf" value=(v.csrf);
            input type="hidden" name="do" value=(what);
            (rota_field(v.pick))
        }
    };
    let doctor_here = |id: &'static str, what: &str| {
        let chosen = v.typed(what, "doctor");
        html! {
            label for=(id) { (t(YearMsg::DoctorHere)) }
            select id=(id) name="doctor" required {
                @for d in &s.doctors { option value=(d) selected[d == chosen] { (v.rules.name_of(d)) " (" (d) ")" } }
            }
        }
    };
    let all_doctors = |id: &'static str, name: &'static str, what: &str| {
        let chosen = v.typed(what, name);
        html! {
            select id=(id) name=(name) required {
                @for d in &v.rules.doctors {
                    @if !s.doctors.iter().any(|x| x == d.id.as_str()) {
                        option value=(d.id.as_str()) selected[d.id.as_str() == chosen] { (d.name) " (" (d.id.as_str()) ")" }
                    }
                }
            }
        }
    };
    let with = v.typed("swap", "with");
    f.page(
        &v.pick.title(YearMsg::SlotTitle { slot: crate::partial::slot_ref(v.rules, s) }),
        html! {
            link rel="stylesheet" href="/admin/year.css";
            (f.notice(n))
            p { (t(YearMsg::SlotPeriod { start: When(s.start.with_timezone(&tz)), end: When(s.end.with_timezone(&tz)) })) }
            @if s.doctors.is_empty() {
                p { (t(YearMsg::SlotEmpty)) }
            } @else {
                p { strong { (t(YearMsg::SlotDoctors { names: doctors(v.rules, &s.doctors) })) } }
                @if !s.parts.is_empty() {
                    ul.parts {
                        @for part in &s.parts {
                            li { (t(YearMsg::SlotPart {
                                by: Doctor(v.rules.name_of(&part.by).to_string()),
                                doctor: Doctor(v.rules.name_of(&part.doctor).to_string()),
                                from: crate::msg::Day(part.from),
                                to: crate::msg::Day(part.to),
                            })) }
                        }
                    }
                }
            }
            @if frozen { p.info { (t(YearMsg::SlotFrozen)) } }
            div.changes {
                @if !published {
                    p.note { (t(YearMsg::SlotInDraft)) }
                } @else if v.started() {
                    p.note { (t(YearMsg::SlotStarted)) }
                    h2 { (t(YearMsg::ActualTitle)) }
                    form method="post" action=(action) {
                        (hidden("actual"))
                        label for="was" { (t(YearMsg::ActualWas)) }
                        select id="was" name="was" required {
                            @for d in &s.doctors { option value=(d) selected[d == v.typed("actual", "was")] { (v.rules.name_of(d)) " (" (d) ")" } }
                        }
                        label for="is" { (t(YearMsg::ActualIs)) }
                        (all_doctors("is", "is", "actual"))
                        label for="reason" { (t(YearMsg::Reason)) }
                        input id="reason" name="reason" value=(v.typed("actual", "reason")) required maxlength="500";
                        button type="submit" { (t(YearMsg::Record)) }
                    }
                } @else {
                    h2 { (t(YearMsg::Swap)) }
                    form method="post" action=(action) {
                        (hidden("swap"))
                        (doctor_here("swap-doctor", "swap"))
                        label for="with" { (t(YearMsg::SwapWith)) }
                        select id="with" name="with" required {
                            @for (o, d) in &partners {
                                @let value = format!("{}/{}", o.id, d);
                                option value=(value) selected[value == with] {
                                    (day_text(f, o.start.date_naive())) " " (v.rules.name_of(d))
                                }
                            }
                        }
                        button type="submit" { (t(YearMsg::Swap)) }
                    }
                    h2 { (t(YearMsg::Cover)) }
                    form method="post" action=(action) {
                        (hidden("cover"))
                        (doctor_here("cover-doctor", "cover"))
                        label for="other" { (t(YearMsg::CoverBy)) }
                        (all_doctors("other", "other", "cover"))
                        label for="from" { (t(YearMsg::CoverFrom)) }
                        input id="from" name="from" type="date" value=(v.typed("cover", "from")) min=(s.start.with_timezone(&tz).date_naive()) max=[last_day];
                        label for="to" { (t(YearMsg::CoverTo)) }
                        input id="to" name="to" type="date" value=(v.typed("cover", "to")) min=(s.start.with_timezone(&tz).date_naive()) max=[last_day];
                        button type="submit" { (t(YearMsg::Cover)) }
                    }
                }
                @if !v.started() {
                    h2 { (t(if frozen { YearMsg::Unfreeze } else { YearMsg::Freeze })) }
                    p.note { (t(YearMsg::FreezeNote)) }
                    form method="post" action=(action) {
                        (hidden(if frozen { "unfreeze" } else { "freeze" }))
                        button type="submit" { (t(if frozen { YearMsg::Unfreeze } else { YearMsg::Freeze })) }
                    }
                }
            }
            p { a href=(format!("/admin/year/{year}{}", v.pick.query())) { (t(YearMsg::BackToYear { year })) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::{Lang, Message};
    use crate::store::records::fixtures;

    fn frame(lang: Lang) -> Frame {
        Frame {
            lang,
            association: "匝瑳医師会".into(),
            here: "/admin/year/2027".into(),
            who: Some(super::super::frame::SignedIn {
                name: "事務局".into(),
                csrf: "c".repeat(64),
            }),
        }
    }

    #[test]
    fn the_year_page_has_twelve_linked_months_the_fairness_table_and_no_inline_style() {
        let rules = crate::plan::testing::sosa();
        let mut rota = fixtures::rota(2027);
        rota.frozen.insert(rota.slots[1].id.clone());
        rota.doctors[0].balance = 3;
        let holidays: BTreeMap<NaiveDate, String> =
            [(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), "元日<&>".to_string())].into();
        let main = RotaPick::of(&rules, &RotaId::main()).unwrap();
        let v = YearView {
            rules: &rules,
            year: 2027,
            rota: Some(&rota),
            holidays: &holidays,
            pick: &main,
        };
        let page = year(&frame(Lang::Ja), &v, None);
        assert_eq!(page.matches("<section class=\"month\">").count(), 12);
        assert!(page.contains("2027年1月") && page.contains("2027年12月"));
        assert!(!page.contains("style=") && !page.contains("<script"), "the CSP forbids them");
        assert!(page.contains(&slot_path(2027, &rota.slots[0].id)), "days link to slots");
        assert!(page.contains("元日&lt;&amp;&gt;"), "escaped");
        assert!(page.contains("class=\"fz\"") && page.contains("固定"), "frozen marked");
        assert!(page.contains("+3"), "the carried-in balance");
        assert!(page.contains("<svg") && page.contains("目標との差"));
        let en = year(&frame(Lang::En), &v, None);
        assert!(en.contains("January 2027") && en.contains("Carried in"));
        let none = YearView { rota: None, ..v };
        assert!(year(&frame(Lang::Ja), &none, None).contains("まだありません"));
    }

    #[test]
    fn a_slot_page_offers_swap_cover_and_freeze_before_it_starts_and_actual_after() {
        let rules = crate::plan::testing::sosa();
        let mut rota = fixtures::rota(2027);
        // A later duty of this duty's doctors, and one of d09's.
        let mut later = rota.slots[1].clone();
        later.id = "2027-w09".into();
        later.start += chrono::Duration::days(49);
        later.end += chrono::Duration::days(49);
        let mut other = later.clone();
        other.id = "2027-w10".into();
        other.doctors = vec!["d09".into()];
        rota.slots.extend([later, other]);
        let s = &rota.slots[1];
        let before = s.start.with_timezone(&Utc) - chrono::Duration::days(1);
        let csrf = "c".repeat(64);
        let pick = RotaPick::of(&rules, &RotaId::main()).unwrap();
        let none = super::super::extract::Fields::new();
        let v = SlotView {
            rules: &rules,
            rota: &rota,
            slot: s,
            now: before,
            csrf: &csrf,
            pick: &pick,
            typed: &none,
        };
        let page = slot(&frame(Lang::Ja), &v, None);
        // See: issue 18 English review 10: the swap list offered the duties of this duty's own
        // doctors (always refused: a doctor cannot swap with themselves).
        for d in &s.doctors {
            assert!(!page.contains(&format!("/{d}\"")), "{d} offered to swap with:\n{page}");
        }
        assert!(page.contains("value=\"2027-w10/d09\""), "{page}");
        // Its title names the duty by its days, the id after them (issue 18: not 「当番 2027-…」).
        let days = crate::partial::slot_ref(&rules, s).ja();
        assert!(page.contains(&format!("<h1>{days}</h1>")), "{days}:\n{page}");
        for what in ["swap", "cover", "freeze"] {
            assert!(page.contains(&format!("name=\"do\" value=\"{what}\"")), "{what}");
        }
        assert!(!page.contains("value=\"actual\""));
        assert!(page.contains(&csrf));
        // After a refusal: the cover form as it was sent (the other forms as they were).
        let sent: super::super::extract::Fields =
            [("do", "cover"), ("other", "d05"), ("from", "2027-03-20"), ("to", "")]
                .map(|(k, x)| (k.to_string(), x.to_string()))
                .into();
        let refused = slot(&frame(Lang::Ja), &SlotView { typed: &sent, ..v }, None);
        assert!(refused.contains("value=\"d05\" selected"), "{refused}");
        assert!(refused.contains("name=\"from\" type=\"date\" value=\"2027-03-20\""), "{refused}");
        assert!(!refused.contains("name=\"with\" required><option value=\"\" selected"));
        let after = SlotView { now: s.start.with_timezone(&Utc), ..v };
        let page = slot(&frame(Lang::Ja), &after, None);
        assert!(page.contains("value=\"actual\"") && !page.contains("value=\"swap\""));
        assert!(page.contains("すでに始まっています"));
    }

    // See: issue 18 review finding 12: the console grid did not mark days covered by a
    // partial cover; it showed the duty's own doctor on them.
    #[test]
    fn a_day_covered_by_a_colleague_shows_them_marked_as_a_cover() {
        let rules = crate::plan::testing::sosa();
        let mut rota = fixtures::rota(2027);
        let s = &rota.slots[1];
        let (doctor, start) = (s.doctors[0].clone(), s.start);
        let by = ["d09", "d08"].into_iter().find(|d| *d != doctor).unwrap().to_string();
        // The second and third day of the duty.
        let from = start.date_naive() + chrono::Duration::days(1);
        let to = from + chrono::Duration::days(1);
        let part = crate::store::CoverPart {
            doctor: doctor.clone(),
            by: by.clone(),
            from,
            to,
            start: start + chrono::Duration::days(1),
            end: start + chrono::Duration::days(3),
            points: 1,
            holidays: vec![],
        };
        rota.slots[1].parts.push(part);
        let holidays = BTreeMap::new();
        let main = RotaPick::of(&rules, &RotaId::main()).unwrap();
        let v = YearView {
            rules: &rules,
            year: 2027,
            rota: Some(&rota),
            holidays: &holidays,
            pick: &main,
        };
        let page = year(&frame(Lang::Ja), &v, None);
        let by_colour =
            format!("c{}", rules.doctors.iter().position(|d| d.id.as_str() == by).unwrap());
        let cells: Vec<&str> = page.split("<td").collect();
        let covered: Vec<&&str> = cells
            .iter()
            .filter(|c| c.split('"').nth(1).is_some_and(|cl| cl.split(' ').any(|x| x == "pc")))
            .collect();
        assert_eq!(covered.len(), 2, "two days covered:\n{page}");
        for c in &covered {
            assert!(c.contains(&by_colour), "the colleague's colour: {c}");
            assert!(c.contains("class=\"cv\">代</span>"), "marked 代: {c}");
            assert!(c.contains("一部代行") && c.contains(rules.name_of(&by)), "{c}");
        }
        // The first covered day names the colleague, as a handover day names its doctor.
        assert!(
            covered[0].contains(&format!(
                "<span class=\"n\">{}",
                rules.name_of(&by).split(' ').next().unwrap()
            )),
            "{}",
            covered[0]
        );
        let en = year(&frame(Lang::En), &v, None);
        assert!(en.contains("partly covered by a colleague"), "{en}");
    }

    #[test]
    fn the_colour_sheet_has_one_class_per_doctor() {
        let css = colours_css(3);
        assert!(css.contains(".c0{") && css.contains(".c2{") && !css.contains(".c3{"));
    }
}
