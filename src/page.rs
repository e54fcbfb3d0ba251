//! The rota as a page: the year at a glance for the clinic wall and the board.
//!
//! One self-contained HTML document (CSS and the chart inline, no scripts, fonts or images from
//! anywhere) that prints on one A4 landscape sheet: twelve month grids whose days take the colour
//! of the doctor on duty at noon, the handover day naming the doctor, holiday-period duties
//! striped, public holidays in red; beside them the legend and a fairness chart (each doctor's
//! load against their target). Its texts are the catalogue's ([`PageText`]), in the language the
//! caller passes: the association's for the wall, a reader's who asks. Built from the rota and
//! the rules only, so it can hold no patient data. Pure: the caller passes the rota, the
//! holidays, the date printed on it and, in an association of several rotas (issue 20), the
//! links to each rota's page.

use crate::html::escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeZone};

use crate::msg::page::{PageText, Status};
use crate::msg::{Lang, Message};
use crate::rules::Rules;
use crate::store::{RotaRecord, RotaStatus};

/// The page's Content-Security-Policy: it runs nothing and loads nothing. Styles are inline (the
/// `<style>` block and each day's colour), so `style-src` allows them; everything else is off.
pub const CSP: &str = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// What the page shows.
pub struct PageInput<'a> {
    /// The association's rules (names, zone, holiday periods, plan-year start).
    pub rules: &'a Rules,
    /// The rota (its slots after swaps, its targets).
    pub rota: &'a RotaRecord,
    /// Public holidays by date, with their names.
    pub holidays: &'a BTreeMap<NaiveDate, String>,
    /// The date printed as "as of" (the rota changes by swaps).
    pub as_of: NaiveDate,
    /// The language of its texts.
    pub lang: Lang,
    /// Every rota of the association, for the links between their pages (issue 20): shown
    /// when there are several, never printed.
    pub rotas: Vec<RotaLink>,
}

/// A rota in the links between the rotas' pages (issue 20).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaLink {
    /// Its display name (the rules').
    pub name: String,
    /// Where its page is; `None` where no address is known (a page written to a file).
    pub href: Option<String>,
    /// Whether it is the rota of this page.
    pub current: bool,
}

/// Every rota of `rules` (main first), `current` marked, each linked to `href(id)`.
pub fn rota_links(
    rules: &Rules,
    current: &crate::rules::RotaId,
    href: impl Fn(&crate::rules::RotaId) -> Option<String>,
) -> Vec<RotaLink> {
    rules
        .rota_ids()
        .iter()
        .map(|id| RotaLink {
            name: rules.rota_name(id).to_string(),
            href: href(id),
            current: id == current,
        })
        .collect()
}

/// The public holidays of plan year `year` (law and calendar overrides), by date.
pub fn holiday_names(
    rules: &Rules,
    overrides: &[crate::calendar::Override],
    year: i32,
) -> BTreeMap<NaiveDate, String> {
    let cal = crate::calendar::HolidayCalendar::build(
        crate::calendar::slots::calendar_years_for(year),
        overrides,
    );
    let first = crate::calendar::slots::plan_year_first_day(rules, year);
    let last = crate::calendar::slots::plan_year_first_day(rules, year + 1) - Days::new(1);
    cal.between(first, last).map(|h| (h.date, h.name.clone())).collect()
}

/// A doctor's colour: hues spread by the golden angle in rules order, light enough for black
/// text, distinct for the first dozen and still different for sixty.
pub fn colour(index: usize) -> String {
    let hue = (index as f64 * 137.508) % 360.0;
    let light = [82, 72, 90][index / 12 % 3];
    format!("hsl({hue:.0},70%,{light}%)")
}

/// A name's class in a day cell: a day is about 5.5 mm wide, which holds two full-width
/// characters at 6 pt; longer names are set smaller to stay whole (with a Japanese font such
/// as Noto Sans CJK, "佐々木" at 6 pt overflows).
fn name_class(name: &str) -> &'static str {
    match crate::textwidth::width(name) {
        0..=4 => "n",
        5..=6 => "n w6",
        _ => "n w8",
    }
}

/// The short label of a doctor on the calendar: the family name (before the first space).
pub fn short(name: &str) -> &str {
    name.split([' ', '\u{3000}']).next().unwrap_or(name)
}

/// A holiday-period day's stripes over a slot's colour bands (the `td.hol` rule draws the same
/// over a single colour).
const STRIPES: &str =
    "repeating-linear-gradient(135deg,rgba(0,0,0,0.16) 0 0.5mm,transparent 0.5mm 1.6mm),";

const STYLE: &str = r#"
@page { size: A4 landscape; margin: 8mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
       color: #111; background: #fff; font-size: 8pt; }
.sheet { width: 281mm; height: 193mm; overflow: hidden; display: flex; flex-direction: column; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 0.4mm solid #333;
         padding-bottom: 1mm; margin-bottom: 2mm; }
h1 { font-size: 13pt; margin: 0; }
header .meta { font-size: 8pt; color: #444; }
.body { display: flex; gap: 3mm; flex: 1; min-height: 0; }
.months { display: grid; grid-template-columns: repeat(4, 1fr); grid-template-rows: repeat(3, 1fr);
          gap: 2mm 2.5mm; width: 196mm; }
.month h2 { font-size: 8.5pt; margin: 0 0 0.5mm 0; }
table.cal { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.cal th { font-size: 6.5pt; font-weight: normal; color: #555; padding: 0; }
table.cal th.sun, table.cal td.sun .d { color: #c00; }
table.cal th.sat { color: #035; }
table.cal td { height: 8.3mm; border: 0.2mm solid #fff; vertical-align: top; padding: 0.3mm 0.5mm;
               font-size: 6pt; line-height: 1.15; overflow: hidden; }
table.cal td.out { background: #fff; }
table.cal td .d { display: block; font-weight: bold; }
table.cal td.ph .d { color: #c00; }
table.cal td.ph .d::after { content: "{holiday}"; font-weight: normal; font-size: 5pt; margin-left: 0.4mm; }
table.cal td.hol { background-image: repeating-linear-gradient(135deg, rgba(0,0,0,0.16) 0 0.5mm, transparent 0.5mm 1.6mm); }
table.cal td.ho { box-shadow: inset 0.5mm 0 0 #333; }
table.cal td.pc .d::after { content: "{cover}"; font-weight: normal; font-size: 5pt; margin-left: 0.4mm; }
table.cal td .n { display: block; white-space: nowrap; overflow: hidden; font-size: 6pt; }
table.cal td .n.w6 { font-size: 4.6pt; }
table.cal td .n.w8 { font-size: 3.5pt; }
aside { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 2mm; }
aside h3 { font-size: 8.5pt; margin: 0 0 0.8mm 0; }
.legend { display: grid; grid-template-columns: 1fr; gap: 0.4mm; }
.legend div { display: flex; align-items: center; gap: 1mm; font-size: 7pt; white-space: nowrap; overflow: hidden; }
.sw { display: inline-block; width: 4mm; height: 3mm; border: 0.2mm solid #999; flex: none; }
.sw.hol { background-image: repeating-linear-gradient(135deg, rgba(0,0,0,0.3) 0 0.5mm, transparent 0.5mm 1.6mm); }
.keys div { font-size: 7pt; display: flex; align-items: center; gap: 1mm; }
svg text { font-family: inherit; }
p.note { font-size: 6.5pt; color: #333; margin: 0.5mm 0 0 0; }
"#;

/// The links between the rotas' pages: on screen only, never on the printed sheet.
const NAV_STYLE: &str = "nav.rotas { font-size: 9pt; margin: 0 0 2mm 0; }
nav.rotas a, nav.rotas strong { margin: 0 1mm; }
@media print { nav.rotas { display: none; } }
";

/// The page's style in `lang` (the marks after a date), with the links' when `nav`.
fn style(lang: Lang, nav: bool) -> String {
    let css = STYLE
        .replace("{holiday}", &PageText::HolidayMark.render(lang))
        .replace("{cover}", &PageText::CoverMark.render(lang));
    if nav { css + NAV_STYLE } else { css }
}

/// The links to each rota's page (issue 20), when there are several: the current one marked.
fn rotas_nav(input: &PageInput<'_>) -> String {
    if input.rotas.len() < 2 {
        return String::new();
    }
    let label = escape(&PageText::RotasNav.render(input.lang));
    let links: Vec<String> = input
        .rotas
        .iter()
        .map(|r| match (&r.href, r.current) {
            (_, true) => format!("<strong aria-current=\"page\">{}</strong>", escape(&r.name)),
            (Some(href), false) => format!("<a href=\"{}\">{}</a>", escape(href), escape(&r.name)),
            (None, false) => format!("<span>{}</span>", escape(&r.name)),
        })
        .collect();
    format!("<nav class=\"rotas\" aria-label=\"{label}\">{label} {}</nav>\n", links.join(" | "))
}

/// The page: a complete HTML document.
pub fn rota_page(input: &PageInput<'_>) -> String {
    let rules = input.rules;
    let rota = input.rota;
    let index: BTreeMap<&str, usize> =
        rules.doctors.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let period_name = |kind: &str| -> String {
        rules
            .holiday_periods
            .iter()
            .find(|p| p.id == kind)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| kind.to_string())
    };
    let slot_at = |day: NaiveDate| slot_at_noon(rules, rota, day);
    let first = crate::calendar::slots::plan_year_first_day(rules, rota.year);
    let lang = input.lang;
    let text = |m: PageText| escape(&m.render(lang));
    let status = match rota.status {
        RotaStatus::Published => Status::Published,
        RotaStatus::Draft => Status::Draft,
    };

    // Another rota's page is titled by its name (issue 20), the association's own as always.
    let rota_name = (!rota.rota.is_main()).then(|| rules.rota_name(&rota.rota).to_string());
    let association = rules.association.name.clone();
    // A plan year that starts in another month than January is a fiscal year (年度).
    let (year, fiscal) = (rota.year, first.month() != 1);
    let nav = rotas_nav(input);
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{nav}<div class=\"sheet\">\n",
        crate::html::lang_code(lang),
        text(PageText::Title {
            association: association.clone(),
            rota: rota_name.clone(),
            year,
            fiscal
        }),
        style(lang, !nav.is_empty()),
    );
    let _ = writeln!(
        html,
        "<header><h1>{}</h1><div class=\"meta\">{}</div></header>",
        text(PageText::Heading { association, rota: rota_name, year, fiscal }),
        text(PageText::Meta {
            status,
            as_of: input.as_of,
            weekday: rules.handover.weekday.num_days_from_sunday(),
            at: rules.handover.time,
        }),
    );
    html.push_str("<div class=\"body\">\n<div class=\"months\">\n");
    for month_first in months(rules, rota.year) {
        let _ = write!(
            html,
            "<section class=\"month\"><h2>{}</h2><table class=\"cal\"><tr>",
            text(PageText::Month { year: month_first.year(), month: month_first.month() })
        );
        for i in 0..7 {
            let class = match i {
                0 => " class=\"sun\"",
                6 => " class=\"sat\"",
                _ => "",
            };
            let _ = write!(html, "<th{class}>{}</th>", text(PageText::Weekday(i)));
        }
        html.push_str("</tr>\n");
        for week in month_weeks(month_first) {
            html.push_str("<tr>");
            for cell in week {
                if let Some(day) = cell {
                    let mut classes: Vec<&str> = Vec::new();
                    if day.weekday().num_days_from_sunday() == 0 {
                        classes.push("sun");
                    }
                    let holiday = input.holidays.get(&day);
                    if holiday.is_some() {
                        classes.push("ph");
                    }
                    let slot = slot_at(day);
                    let mut style = String::new();
                    let mut label = String::new();
                    let mut title: Vec<String> = Vec::new();
                    if let Some(h) = holiday {
                        title.push(h.clone());
                    }
                    if let Some(s) = slot {
                        if s.kind != "regular" {
                            classes.push("hol");
                            title.push(period_name(&s.kind));
                        }
                        // Who is on duty at noon: a colleague covering part of the duty
                        // (issue 20) takes its doctor's place that day, marked 代行.
                        let on = on_duty_at_noon(rules, s, day);
                        let covered = on != s.doctors;
                        if covered {
                            classes.push("pc");
                            title.push(PageText::PartCover.render(lang));
                        }
                        let names: Vec<&str> = on
                            .iter()
                            .map(|d| rules.doctor(d).map_or(d.as_str(), |x| x.name.as_str()))
                            .collect();
                        title.extend(names.iter().map(|n| n.to_string()));
                        // Every doctor of the slot: one colour, or side-by-side bands.
                        let colours: Vec<String> = on
                            .iter()
                            .filter_map(|d| index.get(d.as_str()).map(|&i| colour(i)))
                            .collect();
                        match colours.len() {
                            0 => {}
                            1 => {
                                let _ = write!(style, " style=\"background-color:{}\"", colours[0]);
                            }
                            n => {
                                let step = 100.0 / n as f64;
                                let stops: Vec<String> = colours
                                    .iter()
                                    .enumerate()
                                    .map(|(k, c)| {
                                        format!(
                                            "{c} {:.1}% {:.1}%",
                                            step * k as f64,
                                            step * (k + 1) as f64
                                        )
                                    })
                                    .collect();
                                // background-image, not the `background` shorthand: that
                                // would drop a holiday period's stripes, so they go first.
                                let stripes = if s.kind == "regular" { "" } else { STRIPES };
                                let _ = write!(
                                    style,
                                    " style=\"background-image:{stripes}linear-gradient(90deg,{})\"",
                                    stops.join(",")
                                );
                            }
                        }
                        let handover = s.start.date_naive() == day;
                        if handover {
                            classes.push("ho");
                        }
                        let starts_part = s.parts.iter().any(|p| p.from == day);
                        if handover || day == month_first || covered && starts_part {
                            // One line per doctor, so a second name is never clipped.
                            label = names.iter().map(|n| short(n)).collect::<Vec<_>>().join("\n");
                        }
                    }
                    let class = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", classes.join(" "))
                    };
                    let _ = write!(
                        html,
                        "<td{class}{style} title=\"{}\"><span class=\"d\">{}</span>",
                        escape(&title.join(" / ")),
                        day.day()
                    );
                    for name in label.lines() {
                        let _ = write!(
                            html,
                            "<span class=\"{}\">{}</span>",
                            name_class(name),
                            escape(name)
                        );
                    }
                    html.push_str("</td>");
                } else {
                    html.push_str("<td class=\"out\"></td>");
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</table></section>\n");
    }
    html.push_str("</div>\n<aside>\n");
    let counts = duties(input.rota);
    html.push_str(&legend(input, &index, &counts));
    html.push_str(&fairness_chart(input, &index, &counts));
    html.push_str("</aside>\n</div>\n</div>\n</body>\n</html>\n");
    html
}

/// The first days of the twelve months of plan year `year`.
pub fn months(rules: &Rules, year: i32) -> Vec<NaiveDate> {
    let first = crate::calendar::slots::plan_year_first_day(rules, year);
    (0..12).filter_map(|m| first.checked_add_months(chrono::Months::new(m))?.with_day(1)).collect()
}

/// The month grid of the month starting `month_first`: six weeks (so every month grid has the
/// same height) of seven days from Sunday, `None` outside the month.
pub fn month_weeks(month_first: NaiveDate) -> [[Option<NaiveDate>; 7]; 6] {
    let next = month_first.checked_add_months(chrono::Months::new(1));
    let lead = u64::from(month_first.weekday().num_days_from_sunday());
    let start = month_first - Days::new(lead);
    std::array::from_fn(|w| {
        std::array::from_fn(|d| {
            let day = start + Days::new((w * 7 + d) as u64);
            (day >= month_first && next.is_none_or(|n| day < n)).then_some(day)
        })
    })
}

/// The slot on duty at noon of `day` (a reserved slot, next year's New Year decided with this
/// year, too): the day's colour on the calendar.
pub fn slot_at_noon<'r>(
    rules: &Rules,
    rota: &'r RotaRecord,
    day: NaiveDate,
) -> Option<&'r crate::store::RotaSlot> {
    let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("a time");
    let t = rules.association.tz.from_local_datetime(&day.and_time(noon)).single()?;
    rota.slots.iter().chain(&rota.reserved).find(|s| s.start <= t && t < s.end)
}

/// Who is on duty in `slot` at noon on `day`: its doctors, each replaced by the colleague
/// covering that day for them (issue 20).
pub fn on_duty_at_noon(
    rules: &Rules,
    slot: &crate::store::RotaSlot,
    day: NaiveDate,
) -> Vec<String> {
    let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon"));
    match rules.association.tz.from_local_datetime(&noon).single() {
        Some(t) => slot.doctors_at(t.with_timezone(&chrono::Utc)),
        None => slot.doctors.clone(),
    }
}

/// Per doctor in the rota: (regular slots, holiday slots, load points).
pub fn duties(rota: &RotaRecord) -> BTreeMap<&str, (u32, u32, i64)> {
    let mut out: BTreeMap<&str, (u32, u32, i64)> = BTreeMap::new();
    for s in &rota.slots {
        for d in &s.doctors {
            let e = out.entry(d.as_str()).or_default();
            if s.kind == "regular" {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        // Points move with a partial cover (issue 20); the turn stays the slot's doctor's.
        let mut who: Vec<&str> = s.doctors.iter().map(String::as_str).collect();
        who.extend(s.parts.iter().map(|p| p.by.as_str()));
        who.sort_unstable();
        who.dedup();
        for d in who {
            out.entry(d).or_default().2 += s.points_of(d);
        }
    }
    out
}

fn legend(
    input: &PageInput<'_>,
    index: &BTreeMap<&str, usize>,
    counts: &BTreeMap<&str, (u32, u32, i64)>,
) -> String {
    let text = |m: PageText| escape(&m.render(input.lang));
    let mut html =
        format!("<section><h3>{}</h3><div class=\"legend\">", text(PageText::LegendTitle));
    for d in &input.rules.doctors {
        let Some(&i) = index.get(d.id.as_str()) else { continue };
        let (regular, holiday, _) = counts.get(d.id.as_str()).copied().unwrap_or_default();
        if regular + holiday == 0 {
            continue;
        }
        let line = PageText::LegendDoctor {
            name: d.name.clone(),
            clinic: d.clinic.clone(),
            regular,
            holiday,
        };
        let _ = write!(
            html,
            "<div><span class=\"sw\" style=\"background-color:{}\"></span>{}</div>",
            colour(i),
            text(line)
        );
    }
    let _ = write!(
        html,
        "</div></section>\n<section class=\"keys\"><h3>{}</h3>",
        text(PageText::KeysTitle)
    );
    let periods: Vec<String> = input.rules.holiday_periods.iter().map(|p| p.name.clone()).collect();
    let _ = write!(
        html,
        "<div><span class=\"sw hol\"></span>{}</div>\
         <div><span class=\"sw\" style=\"color:#c00;text-align:center;line-height:3mm;font-size:6pt\">{}</span>{}</div>\
         <div><span class=\"sw\" style=\"box-shadow: inset 0.5mm 0 0 #333\"></span>{}</div>",
        text(PageText::KeyHolidayPeriod { periods }),
        text(PageText::HolidayMark),
        text(PageText::KeyPublicHoliday),
        text(PageText::KeyHandover)
    );
    html.push_str("</section>\n");
    html
}

/// Horizontal bars: each doctor's load this year against their target (the tick).
fn fairness_chart(
    input: &PageInput<'_>,
    index: &BTreeMap<&str, usize>,
    counts: &BTreeMap<&str, (u32, u32, i64)>,
) -> String {
    // The bar is this year's load plus the balance carried in from earlier years (what the
    // planner evens out): without it a fair plan looks unfair.
    let rows: Vec<(usize, &str, i64, i64, i64)> = input
        .rota
        .doctors
        .iter()
        .filter_map(|d| {
            let i = *index.get(d.id.as_str())?;
            let load = counts.get(d.id.as_str()).map_or(0, |c| c.2);
            Some((i, input.rules.doctors[i].name.as_str(), load + d.balance, d.target, d.balance))
        })
        .collect();
    let max = rows.iter().map(|r| r.2.max(r.3)).max().unwrap_or(1).max(1) as f64;
    let max = max.max(1.0);
    let (label_w, bar_w, row_h) = (60.0, 150.0, 11.0);
    let height = row_h * rows.len() as f64 + 2.0;
    let text = |m: PageText| escape(&m.render(input.lang));
    let mut svg = format!(
        "<section><h3>{}</h3><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        text(PageText::ChartTitle),
        label_w + bar_w + 30.0,
        text(PageText::ChartLabel)
    );
    for (row, (i, name, load, target, balance)) in rows.iter().enumerate() {
        let carried = match balance {
            0 => String::new(),
            b => text(PageText::Carried(*b)),
        };
        let y = row as f64 * row_h;
        let w = (bar_w * *load as f64 / max).max(0.0);
        let t = label_w + bar_w * *target as f64 / max;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"7\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#777\" stroke-width=\"0.3\"/>\
             <line x1=\"{t:.1}\" x2=\"{t:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"6.5\">{load}/{target}{carried}</text>",
            label_w - 2.0,
            y + 8.0,
            escape(name),
            y + 1.5,
            row_h - 3.0,
            colour(*i),
            y + 0.5,
            y + row_h - 0.5,
            label_w + w.max(bar_w * *target as f64 / max) + 2.0,
            y + 8.0,
        );
    }
    let f = &input.rota.fairness;
    let note = PageText::ChartNote {
        regular: input.rules.weights.regular_slot,
        holiday: input.rules.weights.holiday_slot,
        per_holiday: input.rules.weights.public_holiday_day,
        range: f.range,
        bound: f.bound,
    };
    let _ = writeln!(svg, "</svg><p class=\"note\">{}</p></section>", text(note));
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::fixtures;

    #[test]
    fn the_page_is_self_contained_escaped_and_names_every_doctor_on_duty() {
        let rules = crate::plan::testing::sosa();
        let mut rota = fixtures::rota(2027);
        rota.slots[0].doctors = vec!["d01".into()];
        let holidays: BTreeMap<NaiveDate, String> =
            [(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), "元日<&>".to_string())].into();
        let page = rota_page(&PageInput {
            rules: &rules,
            rota: &rota,
            holidays: &holidays,
            as_of: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
            lang: Lang::Ja,
            rotas: Vec::new(),
        });
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("size: A4 landscape"));
        for bad in ["<script", "<link", "src=", "url(", "@import", "http://", "https://"] {
            let outside_svg_ns = page.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg_ns.contains(bad), "{bad} in the page");
        }
        assert!(page.contains("元日&lt;&amp;&gt;"), "holiday names escaped");
        assert_eq!(page.matches("<section class=\"month\">").count(), 12);
        assert!(page.contains("2027年1月") && page.contains("2027年12月"));
        let name = &rules.doctor("d01").unwrap().name;
        assert!(page.contains(name.as_str()));
        assert_eq!(
            rota_page(&PageInput {
                rules: &rules,
                rota: &rota,
                holidays: &holidays,
                as_of: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
                lang: Lang::Ja,
                rotas: Vec::new(),
            }),
            page,
            "deterministic"
        );
    }

    #[test]
    fn a_slot_of_two_doctors_shows_both_names_and_both_colours_and_the_chart_carries_balances() {
        let rules = crate::plan::testing::sosa();
        let mut rota = fixtures::rota(2027);
        // Slot w02 (from 2027-01-12) has d02 and d03; d02 carries a balance in.
        rota.doctors[0].balance = 3;
        let page = rota_page(&PageInput {
            rules: &rules,
            rota: &rota,
            holidays: &BTreeMap::new(),
            as_of: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
            lang: Lang::Ja,
            rotas: Vec::new(),
        });
        for d in ["d02", "d03"] {
            let name = short(&rules.doctor(d).unwrap().name).to_string();
            assert!(page.contains(&format!("<span class=\"n\">{name}</span>")), "{name}");
        }
        assert!(page.contains("linear-gradient(90deg,"), "both colours");
        assert!(page.contains("繰越+3"), "the carried-in balance is in the chart");
        assert!(page.contains("<title>") && !page.contains("年度</title>"), "a calendar year");
    }

    #[test]
    fn a_holiday_period_day_of_two_doctors_keeps_its_stripes_over_both_colours() {
        let rules = crate::plan::testing::sosa();
        let mut rota = fixtures::rota(2027);
        rota.reserved[0].doctors = vec!["d04".into(), "d05".into()];
        let page = rota_page(&PageInput {
            rules: &rules,
            rota: &rota,
            holidays: &BTreeMap::new(),
            as_of: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
            lang: Lang::Ja,
            rotas: Vec::new(),
        });
        let day =
            page.split("<td class=\"").find(|td| td.starts_with("hol")).expect("a holiday day");
        let style = day.split("style=\"").nth(1).expect("a style").split('"').next().unwrap();
        assert!(style.starts_with("background-image:repeating-linear-gradient("), "{style}");
        assert!(style.contains("linear-gradient(90deg,"), "{style}");
        assert!(!style.contains("background:"), "the shorthand would drop the stripes: {style}");
    }

    #[test]
    fn a_month_grid_is_six_weeks_from_sunday_with_only_its_own_days() {
        let feb = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(); // a Monday
        let weeks = month_weeks(feb);
        assert_eq!(weeks[0][0], None);
        assert_eq!(weeks[0][1], Some(feb));
        let days: Vec<NaiveDate> = weeks.iter().flatten().flatten().copied().collect();
        assert_eq!(days.len(), 28);
        assert!(days.windows(2).all(|w| w[1] == w[0] + Days::new(1)));
        let rules = crate::plan::testing::sosa();
        let all = months(&rules, 2027);
        assert_eq!(
            (all.len(), all[0], all[11].month()),
            (12, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 12)
        );
    }

    #[test]
    fn the_links_between_rotas_show_only_with_several_mark_the_current_and_escape_addresses() {
        let rules = crate::plan::testing::sosa();
        let rota = fixtures::rota(2027);
        let page = |rotas: Vec<RotaLink>| {
            rota_page(&PageInput {
                rules: &rules,
                rota: &rota,
                holidays: &BTreeMap::new(),
                as_of: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
                lang: Lang::Ja,
                rotas,
            })
        };
        let link = |name: &str, href: Option<&str>, current| RotaLink {
            name: name.into(),
            href: href.map(String::from),
            current,
        };
        let alone = page(vec![link("本会", Some("/rota/t"), true)]);
        assert_eq!(alone, page(Vec::new()), "one rota: no links, the same bytes");
        assert!(!alone.contains("<nav"));
        let two = page(vec![
            link("本会", Some("/rota/t"), true),
            link("北部<&>", Some("/rota/t?rota=n&year=2027"), false),
        ]);
        let nav = two.split("<nav").nth(1).expect("a nav").split("</nav>").next().unwrap();
        assert!(nav.contains("<strong aria-current=\"page\">本会</strong>"), "{nav}");
        assert!(
            nav.contains("<a href=\"/rota/t?rota=n&amp;year=2027\">北部&lt;&amp;&gt;</a>"),
            "{nav}"
        );
        assert!(two.contains("@media print { nav.rotas { display: none; } }"));
        let file = page(vec![link("本会", None, false), link("北部", None, true)]);
        assert!(
            file.contains("<span>本会</span>") && !file.contains("<a "),
            "a file links nowhere"
        );
    }

    #[test]
    fn colours_differ_for_a_large_association() {
        let all: std::collections::BTreeSet<String> = (0..60).map(colour).collect();
        assert_eq!(all.len(), 60);
    }
}
