//! What the office typed into one entry, checked field by field before the rules loader sees
//! it (issue 18): each problem is typed and names its field, so the console can say it under
//! that field in the clerk's words and the command line in the same words.
//!
//! Key decision: these checks are the loader's own ([`parse_date`], [`parse_phone`],
//! [`MemberId`], [`MonthDay`], the fte, order and weight ranges, the overlap and length of
//! holiday periods), applied to the one entry against the rules as they are; nothing here
//! decides differently from `toban check`. The loader still checks the whole candidate after
//! this: it stays the safety net for what one entry cannot show (a setting elsewhere that the
//! edit breaks).

use std::str::FromStr;

use chrono::NaiveDate;

use super::{DoctorFields, Edit, PeriodFields, PlaceFields, PlaceKind};
use crate::rules::load::{
    HOSPITAL_ORDER, MAX_PERIOD_DAYS, PERIOD_WEIGHT, fte_in_range, parse_period_id, parse_phone,
    period_days, periods_overlap,
};
use crate::rules::{BadValue, HolidayPeriod, MemberId, MemberRole, MonthDay, Rules, parse_date};

/// Which kind of entry an id is for (each form names it by its own label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A doctor's 会員ID.
    Doctor,
    /// A backup hospital's 病院ID.
    Hospital,
    /// A nurse station's ステーションID.
    Station,
    /// A holiday period's 期間ID.
    Period,
}

/// A field of a Members form, as the office sees it: by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The id of a new entry.
    Id(IdKind),
    /// A doctor's name (氏名).
    Name,
    /// A member's name in Latin letters, for English readers.
    NameEn,
    /// A hospital's, station's or holiday period's name (名称).
    PlaceName,
    /// A doctor's clinic.
    Clinic,
    /// A doctor's share of a full load.
    Fte,
    /// A phone number.
    Phone,
    /// A doctor's first day of membership.
    Joined,
    /// A doctor's last day of membership.
    Left,
    /// A hospital's place in the escalation order.
    Order,
    /// A holiday period's first day.
    Start,
    /// A holiday period's last day.
    End,
    /// A holiday period's load points.
    Weight,
}

impl Field {
    /// The form input it is typed into (`name` and `id` of the `<input>`).
    pub fn input(self) -> &'static str {
        match self {
            Field::Id(_) => "id",
            Field::Name | Field::PlaceName => "name",
            Field::NameEn => "name_en",
            Field::Clinic => "clinic",
            Field::Fte => "fte",
            Field::Phone => "phone",
            Field::Joined => "joined",
            Field::Left => "left",
            Field::Order => "order",
            Field::Start => "start",
            Field::End => "end",
            Field::Weight => "weight",
        }
    }
}

/// Who has an id or a hospital order already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A doctor, by name (addressed as a doctor).
    Doctor(String),
    /// A hospital, station, admin or holiday period, by name.
    Named(String),
}

/// One thing wrong with what was typed, naming its field. Rendered by the message catalogue
/// (`crate::msg::fields`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// A required field left empty.
    Empty(Field),
    /// An id with characters an id cannot have.
    BadId {
        /// Whose id.
        kind: IdKind,
        /// What was typed.
        typed: String,
    },
    /// `regular` as a holiday period's id.
    ReservedId,
    /// An id another entry has.
    IdUsed {
        /// Whose id.
        kind: IdKind,
        /// The id.
        id: String,
        /// Who has it.
        by: Owner,
    },
    /// A name in English with kana, kanji or full-width letters.
    NameEn {
        /// What was typed.
        typed: String,
    },
    /// A share that is no number above 0 and at most 1.
    Fte {
        /// What was typed.
        typed: String,
    },
    /// A date that is not YYYY-MM-DD.
    Date {
        /// Joined or left.
        field: Field,
        /// What was typed.
        typed: String,
    },
    /// The last day of membership before the first.
    LeftBeforeJoined {
        /// Left.
        left: NaiveDate,
        /// Joined.
        joined: NaiveDate,
    },
    /// Not a phone number.
    Phone {
        /// What was typed.
        typed: String,
    },
    /// A hospital's order that is not a whole number from 1 to 99.
    Order {
        /// What was typed.
        typed: String,
    },
    /// Another hospital has this order.
    OrderUsed {
        /// The order.
        order: u32,
        /// The hospital's name.
        by: String,
    },
    /// A holiday period's day that is not MM-DD.
    MonthDay {
        /// Start or end.
        field: Field,
        /// What was typed.
        typed: String,
    },
    /// 02-29 as a holiday period's day.
    LeapDay {
        /// Start or end.
        field: Field,
    },
    /// The holiday period shares days with another.
    Overlap {
        /// The other period's name.
        other: String,
        /// Its first day.
        start: MonthDay,
        /// Its last day.
        end: MonthDay,
    },
    /// The holiday period is longer than the loader allows.
    TooLong {
        /// How many days it has.
        days: i64,
        /// The most allowed.
        max: i64,
    },
    /// Load points that are not a whole number from 1 to 100.
    Weight {
        /// What was typed.
        typed: String,
    },
}

impl FieldProblem {
    /// The field it is about.
    pub fn field(&self) -> Field {
        use FieldProblem as P;
        match self {
            P::Empty(f) | P::Date { field: f, .. } | P::MonthDay { field: f, .. } => *f,
            P::LeapDay { field } => *field,
            P::BadId { kind, .. } | P::IdUsed { kind, .. } => Field::Id(*kind),
            P::ReservedId => Field::Id(IdKind::Period),
            P::Fte { .. } => Field::Fte,
            P::NameEn { .. } => Field::NameEn,
            P::LeftBeforeJoined { .. } => Field::Left,
            P::Phone { .. } => Field::Phone,
            P::Order { .. } | P::OrderUsed { .. } => Field::Order,
            P::Overlap { .. } | P::TooLong { .. } => Field::End,
            P::Weight { .. } => Field::Weight,
        }
    }
}

/// Checks the fields of `edit` against the rules as they are (`rules`): every problem found,
/// in the order of the form's fields; empty when the entry may go to the loader.
pub fn check(rules: &Rules, edit: &Edit) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    match edit {
        Edit::AddDoctor { id, fields } => {
            new_id(rules, id, IdKind::Doctor, &mut out);
            doctor(fields, &mut out);
        }
        Edit::EditDoctor { fields, .. } => doctor(fields, &mut out),
        Edit::AddPlace { kind, id, fields } => {
            let (id_kind, hospital) = match kind {
                PlaceKind::Hospital => (IdKind::Hospital, true),
                PlaceKind::NurseStation => (IdKind::Station, false),
            };
            new_id(rules, id, id_kind, &mut out);
            place(rules, None, hospital, fields, &mut out);
        }
        Edit::EditPlace { id, fields } => {
            let hospital = rules.hospitals.iter().any(|h| h.id.as_str() == id);
            place(rules, Some(id), hospital, fields, &mut out);
        }
        Edit::AddPeriod { id, fields } => {
            new_id(rules, id, IdKind::Period, &mut out);
            period(rules, None, fields, &mut out);
        }
        Edit::EditPeriod { id, fields } => period(rules, Some(id), fields, &mut out),
    }
    out
}

/// A new entry's id: written as ids are, and nobody's yet.
fn new_id(rules: &Rules, typed: &str, kind: IdKind, out: &mut Vec<FieldProblem>) {
    let typed = typed.trim();
    if typed.is_empty() {
        return out.push(FieldProblem::Empty(Field::Id(kind)));
    }
    let parsed = if kind == IdKind::Period { parse_period_id(typed) } else { typed.parse() };
    let id: MemberId = match parsed {
        Ok(id) => id,
        Err(BadValue::ReservedRegular) => return out.push(FieldProblem::ReservedId),
        Err(_) => return out.push(FieldProblem::BadId { kind, typed: typed.to_string() }),
    };
    let by = if kind == IdKind::Period {
        rules.holiday_period(id.as_str()).map(|p| Owner::Named(p.name.clone()))
    } else {
        rules.member(id.as_str()).map(|m| match m.role {
            MemberRole::Doctor => Owner::Doctor(m.name.to_string()),
            _ => Owner::Named(m.name.to_string()),
        })
    };
    if let Some(by) = by {
        out.push(FieldProblem::IdUsed { kind, id: id.to_string(), by });
    }
}

fn required(typed: &str, field: Field, out: &mut Vec<FieldProblem>) {
    if typed.trim().is_empty() {
        out.push(FieldProblem::Empty(field));
    }
}

/// An optional phone number, as the loader reads it.
fn phone(typed: &str, out: &mut Vec<FieldProblem>) {
    let typed = typed.trim();
    if !typed.is_empty() && parse_phone(typed).is_err() {
        out.push(FieldProblem::Phone { typed: typed.to_string() });
    }
}

/// An optional date, as the loader reads it.
fn date(typed: &str, field: Field, out: &mut Vec<FieldProblem>) -> Option<NaiveDate> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    match parse_date(typed) {
        Ok(d) => Some(d),
        Err(_) => {
            out.push(FieldProblem::Date { field, typed: typed.to_string() });
            None
        }
    }
}

/// An optional name in English, as the loader reads it.
fn name_en(typed: &str, out: &mut Vec<FieldProblem>) {
    if crate::rules::load::has_japanese(typed) {
        out.push(FieldProblem::NameEn { typed: typed.trim().to_string() });
    }
}

fn doctor(f: &DoctorFields, out: &mut Vec<FieldProblem>) {
    required(&f.name, Field::Name, out);
    name_en(&f.name_en, out);
    required(&f.clinic, Field::Clinic, out);
    let fte = f.fte.trim();
    let share_ok = fte.parse::<f64>().is_ok_and(|x| x.is_finite() && fte_in_range(x));
    if !fte.is_empty() && !share_ok {
        out.push(FieldProblem::Fte { typed: fte.to_string() });
    }
    phone(&f.phone, out);
    let joined = date(&f.joined, Field::Joined, out);
    let left = date(&f.left, Field::Left, out);
    if let (Some(joined), Some(left)) = (joined, left)
        && left < joined
    {
        out.push(FieldProblem::LeftBeforeJoined { left, joined });
    }
}

/// A hospital's or station's fields; `editing` is its own id (its order is its own).
fn place(
    rules: &Rules,
    editing: Option<&str>,
    hospital: bool,
    f: &PlaceFields,
    out: &mut Vec<FieldProblem>,
) {
    required(&f.name, Field::PlaceName, out);
    name_en(&f.name_en, out);
    if hospital && f.phone.trim().is_empty() {
        out.push(FieldProblem::Empty(Field::Phone));
    }
    phone(&f.phone, out);
    if !hospital {
        return;
    }
    let typed = f.order.trim();
    match typed.parse::<i64>() {
        Ok(n) if HOSPITAL_ORDER.contains(&n) => {
            let other = rules
                .hospitals
                .iter()
                .find(|h| i64::from(h.order) == n && Some(h.id.as_str()) != editing);
            if let Some(h) = other {
                out.push(FieldProblem::OrderUsed { order: h.order, by: h.name.clone() });
            }
        }
        _ if typed.is_empty() => out.push(FieldProblem::Empty(Field::Order)),
        _ => out.push(FieldProblem::Order { typed: typed.to_string() }),
    }
}

/// A month-day, as the loader reads it.
fn month_day(typed: &str, field: Field, out: &mut Vec<FieldProblem>) -> Option<MonthDay> {
    let typed = typed.trim();
    if typed.is_empty() {
        out.push(FieldProblem::Empty(field));
        return None;
    }
    match MonthDay::from_str(typed) {
        Ok(d) => Some(d),
        Err(BadValue::LeapDay(_)) => {
            out.push(FieldProblem::LeapDay { field });
            None
        }
        Err(_) => {
            out.push(FieldProblem::MonthDay { field, typed: typed.to_string() });
            None
        }
    }
}

/// A holiday period's fields; `editing` is its own id (it may overlap itself).
fn period(rules: &Rules, editing: Option<&str>, f: &PeriodFields, out: &mut Vec<FieldProblem>) {
    required(&f.name, Field::PlaceName, out);
    let start = month_day(&f.start, Field::Start, out);
    let end = month_day(&f.end, Field::End, out);
    let weight = f.weight.trim();
    if !weight.is_empty() && !weight.parse::<i64>().is_ok_and(|w| PERIOD_WEIGHT.contains(&w)) {
        out.push(FieldProblem::Weight { typed: weight.to_string() });
    }
    let (Some(start), Some(end)) = (start, end) else { return };
    let typed = HolidayPeriod {
        id: editing.unwrap_or("").to_string(),
        name: String::new(),
        start,
        end,
        extend_over_public_holidays: f.extend,
        weight: 1,
    };
    let days = period_days(&typed);
    if days > MAX_PERIOD_DAYS {
        return out.push(FieldProblem::TooLong { days, max: MAX_PERIOD_DAYS });
    }
    let mut others = rules.holiday_periods.iter().filter(|p| Some(p.id.as_str()) != editing);
    if let Some(p) = others.find(|p| periods_overlap(p, &typed)) {
        out.push(FieldProblem::Overlap { other: p.name.clone(), start: p.start, end: p.end });
    }
}

#[cfg(test)]
mod tests;
