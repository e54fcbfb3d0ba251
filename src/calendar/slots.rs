//! Duty slots: the intervals of time that one doctor (or k doctors) covers.
//!
//! Key decision: slots are computed on *dates* first and turned into instants last. Every
//! boundary — a regular handover or the edge of a holiday period — is "some date at handover
//! time" in the association's zone, so slot arithmetic never adds seconds and a zone with
//! daylight saving time still hands over at 09:00 wall clock.
//!
//! The timeline is one infinite tiling defined by the rules alone; a plan year is a window onto
//! it (the slots that *end* inside the year), so consecutive plan years meet with no gap and no
//! overlap by construction, and the New Year slot belongs to the year in which it ends.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use super::holidays::HolidayCalendar;
use crate::rules::Rules;

/// Days of timeline computed beyond each end of a plan year, so that merges near the year's
/// edges see their real neighbours. Holiday periods are at most 31 days long (rules enforce it).
const MARGIN_DAYS: u64 = 70;

/// What kind of duty a slot is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// An ordinary handover-to-handover slot.
    Regular,
    /// A holiday period's slot, by the period's id.
    Holiday(String),
}

impl SlotKind {
    /// `regular` or the holiday period's id, as in the JSON contract.
    pub fn as_str(&self) -> &str {
        match self {
            SlotKind::Regular => "regular",
            SlotKind::Holiday(id) => id,
        }
    }
}

impl Serialize for SlotKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One duty slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Stable id: the local date on which the slot starts (`2027-01-05`).
    pub id: String,
    /// Start, at handover time in the association's zone.
    pub start: DateTime<Tz>,
    /// End (exclusive), at handover time.
    pub end: DateTime<Tz>,
    /// Regular or a holiday period.
    pub kind: SlotKind,
    /// Public holidays inside: the dates whose handover time falls in the slot.
    pub holidays: Vec<NaiveDate>,
    /// Load points.
    pub weight: u32,
}

impl Slot {
    /// Local date of the start.
    pub fn start_date(&self) -> NaiveDate {
        self.start.date_naive()
    }

    /// Local date of the end.
    pub fn end_date(&self) -> NaiveDate {
        self.end.date_naive()
    }

    /// Length in calendar days.
    pub fn days(&self) -> i64 {
        (self.end_date() - self.start_date()).num_days()
    }

    /// Whether `t` lies in `[start, end)`.
    pub fn contains<Z: TimeZone>(&self, t: &DateTime<Z>) -> bool {
        let t = t.with_timezone(&self.start.timezone());
        self.start <= t && t < self.end
    }
}

/// The slots of one plan year, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanYear {
    /// The year's label: the calendar year in which the plan year's first day (01-01 or 04-01)
    /// lies.
    pub year: i32,
    /// The slots whose end lies after this year's first day at handover time and no later than
    /// the next year's.
    pub slots: Vec<Slot>,
}

impl PlanYear {
    /// Start of the first slot.
    pub fn start(&self) -> Option<DateTime<Tz>> {
        self.slots.first().map(|s| s.start)
    }

    /// End of the last slot.
    pub fn end(&self) -> Option<DateTime<Tz>> {
        self.slots.last().map(|s| s.end)
    }
}

/// The instant of `time` on `date` in `tz`. In a daylight-saving gap the handover moves to the
/// first valid minute after it; in an overlap it takes the earlier instant. (Asia/Tokyo has
/// neither, but rules are data and other zones may.)
pub fn at_local(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Tz> {
    let mut local = date.and_time(time);
    for _ in 0..(24 * 60) {
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t;
        }
        local += chrono::Duration::minutes(1);
    }
    tz.from_utc_datetime(&date.and_time(time))
}

/// The calendar years a [`HolidayCalendar`] must cover to compute plan year `year`.
pub fn calendar_years_for(year: i32) -> std::ops::RangeInclusive<i32> {
    (year - 1)..=(year + 2)
}

/// The first local date of plan year `year`.
pub fn plan_year_first_day(rules: &Rules, year: i32) -> NaiveDate {
    rules.association.plan_year_start.in_year(year)
}

/// The last local date of plan year `year` (the day before the next one's first).
pub fn plan_year_last_day(rules: &Rules, year: i32) -> NaiveDate {
    plan_year_first_day(rules, year + 1) - Days::new(1)
}

/// The plan year that contains instant `t`: the year whose slots include the slot around `t`.
pub fn plan_year_of<Z: TimeZone>(
    rules: &Rules,
    cal: &HolidayCalendar,
    t: &DateTime<Z>,
) -> PlanYear {
    let local = t.with_timezone(&rules.association.tz);
    let y = local.year();
    for year in [y - 1, y, y + 1] {
        let py = plan_year(rules, cal, year);
        if py.slots.iter().any(|s| s.contains(&local)) {
            return py;
        }
    }
    unreachable!("consecutive plan years tile time, so one of three neighbours holds {local}")
}

/// The slots of plan year `year`.
///
/// `cal` must cover [`calendar_years_for`]`(year)`.
pub fn plan_year(rules: &Rules, cal: &HolidayCalendar, year: i32) -> PlanYear {
    let first = plan_year_first_day(rules, year);
    let next = plan_year_first_day(rules, year + 1);
    let from = first - Days::new(MARGIN_DAYS);
    let to = next + Days::new(MARGIN_DAYS);
    let slots = segments(rules, cal, from, to)
        .into_iter()
        .filter(|s| first < s.end && s.end <= next)
        .map(|s| to_slot(rules, cal, s))
        .collect();
    PlanYear { year, slots }
}

/// A slot on dates: `[start, end)`, with `period` the index of its holiday period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    start: NaiveDate,
    end: NaiveDate,
    period: Option<usize>,
}

impl Segment {
    fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }
}

/// The holiday periods' intervals `[first day, day after last)` that touch `[from, to]`, sorted,
/// with an extension that runs into the next period clipped at its start.
fn holiday_intervals(
    rules: &Rules,
    cal: &HolidayCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Segment> {
    let mut out = Vec::new();
    for year in (from.year() - 1)..=to.year() {
        for (i, p) in rules.holiday_periods.iter().enumerate() {
            let (start, mut last) = p.dates_starting_in(year);
            if last < from || start > to {
                continue;
            }
            if p.extend_over_public_holidays {
                while let Some(next) = last.succ_opt().filter(|d| cal.is_holiday(*d)) {
                    last = next;
                }
            }
            let end = last.succ_opt().expect("date within chrono's range");
            if end > from && start < to {
                out.push(Segment { start, end, period: Some(i) });
            }
        }
    }
    out.sort_by_key(|s| s.start);
    for i in 1..out.len() {
        if out[i - 1].end > out[i].start {
            out[i - 1].end = out[i].start;
        }
    }
    out
}

fn segments(rules: &Rules, cal: &HolidayCalendar, from: NaiveDate, to: NaiveDate) -> Vec<Segment> {
    let holidays = holiday_intervals(rules, cal, from, to);
    let inside_holiday = |d: NaiveDate| holidays.iter().any(|h| h.start < d && d < h.end);
    let mut bounds: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| d.weekday() == rules.handover.weekday && !inside_holiday(*d))
        .collect();
    for h in &holidays {
        bounds.extend([h.start, h.end].into_iter().filter(|d| (from..=to).contains(d)));
    }
    bounds.sort();
    bounds.dedup();
    let mut segs: Vec<Segment> = bounds
        .windows(2)
        .map(|w| {
            let period =
                holidays.iter().find(|h| h.start == w[0] && h.end == w[1]).and_then(|h| h.period);
            Segment { start: w[0], end: w[1], period }
        })
        .collect();
    merge_short_leftovers(&mut segs, rules.merge_shorter_than_days as i64);
    segs
}

/// A regular segment shorter than `min_days` that touches a holiday period joins the regular
/// segment on its other side; one squeezed between two holiday periods stays as it is.
fn merge_short_leftovers(segs: &mut Vec<Segment>, min_days: i64) {
    let mut i = 0;
    while i < segs.len() {
        let s = segs[i];
        let short = s.period.is_none() && s.days() < min_days;
        let prev_regular = i > 0 && segs[i - 1].period.is_none();
        let next_regular = i + 1 < segs.len() && segs[i + 1].period.is_none();
        let next_holiday = i + 1 < segs.len() && segs[i + 1].period.is_some();
        let prev_holiday = i > 0 && segs[i - 1].period.is_some();
        if short && next_holiday && prev_regular {
            segs[i - 1].end = s.end;
            segs.remove(i);
        } else if short && prev_holiday && next_regular {
            segs[i + 1].start = s.start;
            segs.remove(i);
        } else {
            i += 1;
        }
    }
}

fn to_slot(rules: &Rules, cal: &HolidayCalendar, s: Segment) -> Slot {
    let tz = rules.association.tz;
    let last = s.end.pred_opt().expect("end after start");
    let holidays: Vec<NaiveDate> = cal.between(s.start, last).map(|h| h.date).collect();
    let (kind, weight) = match s.period {
        Some(i) => {
            let p = &rules.holiday_periods[i];
            (SlotKind::Holiday(p.id.clone()), p.weight)
        }
        None => (
            SlotKind::Regular,
            rules.weights.regular_slot + rules.weights.public_holiday_day * holidays.len() as u32,
        ),
    };
    Slot {
        id: s.start.format("%Y-%m-%d").to_string(),
        start: at_local(tz, s.start, rules.handover.time),
        end: at_local(tz, s.end, rules.handover.time),
        kind,
        holidays,
        weight,
    }
}

/// An instant as RFC 3339 with the zone's offset (`2026-12-29T09:00:00+09:00`).
pub fn rfc3339(t: &DateTime<Tz>) -> String {
    let fixed: DateTime<FixedOffset> = t.fixed_offset();
    fixed.to_rfc3339()
}

#[cfg(test)]
mod tests;

/// The JSON contract of a slot (DESIGN.md §6): `id`, `start`, `end`, `kind`, `holidays`,
/// `weight`, plus `days`.
impl Serialize for Slot {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            id: &'a str,
            start: String,
            end: String,
            kind: &'a str,
            days: i64,
            holidays: Vec<String>,
            weight: f64,
        }
        View {
            id: &self.id,
            start: rfc3339(&self.start),
            end: rfc3339(&self.end),
            kind: self.kind.as_str(),
            days: self.days(),
            holidays: self.holidays.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect(),
            weight: f64::from(self.weight),
        }
        .serialize(s)
    }
}

/// The JSON contract of a plan year: `year`, `start`, `end`, `slots`.
impl Serialize for PlanYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            year: i32,
            start: Option<String>,
            end: Option<String>,
            slots: &'a [Slot],
        }
        View {
            year: self.year,
            start: self.start().as_ref().map(rfc3339),
            end: self.end().as_ref().map(rfc3339),
            slots: &self.slots,
        }
        .serialize(s)
    }
}
