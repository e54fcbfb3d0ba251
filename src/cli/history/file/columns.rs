//! The column headings and kind words of a past-duty sheet as a clerk writes them (issue 18):
//! `slot_start,doctor,kind` or 開始日・医師・種類 and their like, in any order, and a kind by its
//! id (`new_year`), by the rules' name of its holiday period (年末年始) or 通常 for a regular duty.
//! Words toban reads, never shows: the page's help names them from the catalogue.

use crate::rules::Rules;

/// Headings of the day the duty starts (or any day of it).
const SLOT_START: &[&str] = &["slot_start", "開始日", "当番開始日", "当番開始", "当番日", "日付"];
/// Headings of the doctor (an id or a name).
const DOCTOR: &[&str] = &["doctor", "医師", "医師ID", "医師名", "当番医", "氏名"];
/// Headings of the kind.
const KIND: &[&str] = &["kind", "種類", "種別", "区分"];
/// Words for a regular duty.
const REGULAR: &[&str] = &["regular", "通常", "平常"];

/// Where the day, the doctor and the kind are in `header` (trimmed cells), if all three are.
pub fn positions(header: &[&str]) -> Option<[usize; 3]> {
    let at = |names: &[&str]| {
        header.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    Some([at(SLOT_START)?, at(DOCTOR)?, at(KIND)?])
}

/// The kind id `typed` names in `rules`: 通常 → `regular`, a holiday period's name → its id,
/// anything else as typed (an id, or a word the line check then refuses with the slot's kind).
pub fn kind<'a>(rules: &'a Rules, typed: &'a str) -> &'a str {
    if REGULAR.iter().any(|r| typed.eq_ignore_ascii_case(r)) {
        return "regular";
    }
    rules.holiday_periods.iter().find(|p| p.name == typed).map_or(typed, |p| p.id.as_str())
}
