//! Reading a history file: the bytes of a CSV of past duties, checked whole against the rules,
//! the calendar, the clock and what the store already holds, before anything is written.
//!
//! Key decision: every line is checked and every bad line is reported at once, each with its
//! line number and what to do; the caller writes nothing unless every line is good. A file of
//! past duties is typed from paper by an office, which should be able to fix it in one pass, not
//! one line per run. The checks are one pass over the lines with hashed lookups, so the cost
//! grows with the file and no more (a million lines in a few seconds).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;

use crate::calendar::slots::calendar_years_for;
use crate::calendar::{HolidayCalendar, Override, PlanYear, plan_year};
use crate::msg::history::{Encoding, LineMsg, Named};
use crate::rules::{Doctor, Rules};
use crate::store::{DutyRecord, DutySource};

mod columns;

/// The header a history file starts with.
pub const HEADER: &str = "slot_start,doctor,kind";

/// What the clock and the store say, which a history file is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// Today in the association's zone: a duty on a later day has not been done.
    pub today: NaiveDate,
    /// Plan years with a published rota: their slots are the record of that year.
    pub published: &'a BTreeSet<i32>,
    /// The history already stored, which the file's rows join (or replace, for the same slot
    /// and doctor).
    pub stored: &'a [DutyRecord],
}

/// Why a history file was refused as a whole. Typed: rendered in the reader's language by
/// [`crate::msg::history`]; `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The bytes are not UTF-8 text (Shift-JIS, UTF-16, binary).
    Encoding {
        /// The file as named by the user.
        file: String,
        /// The line of the first byte that is not UTF-8.
        line: usize,
        /// What it is instead (the message says how to save it as UTF-8).
        why: Encoding,
    },
    /// A workbook that cannot be read, or has no such sheet (`crate::import::table`'s words).
    Sheet {
        /// The file.
        file: String,
        /// Why.
        why: crate::import::TableError,
    },
    /// The first line is not the header.
    Header {
        /// The file.
        file: String,
        /// The first line as read.
        found: String,
    },
    /// No duty below the header.
    Empty {
        /// The file.
        file: String,
    },
    /// Some lines are bad: all of them, by line.
    Lines {
        /// The file.
        file: String,
        /// How many duty lines the file has.
        lines: usize,
        /// `(line, what is wrong and what to do)`, by line; a line may have several.
        problems: Vec<(usize, LineMsg)>,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::msg::Message::en(self))
    }
}

impl std::error::Error for FileError {}

/// Reads and checks a history file (`file` names it in messages): the header `slot_start,doctor,
/// kind` (or its Japanese headings, in any order: [`columns`]), then one duty per line. Returns one record per line, with the doctor's id, for the
/// slot of the rules whose days include the date.
///
/// A line is good when its date (`YYYY-MM-DD` or `YYYY/M/D`) is not after `known.today` and
/// falls in a slot of a plan year without a published rota; its doctor (an id, or a name exactly
/// as in the rules) was a member for the whole slot; its kind is the slot's kind; it does not
/// repeat an earlier line's slot and doctor; and the slot's doctors, with those already stored,
/// are no more than `doctors_per_slot`. A UTF-8 byte order mark is skipped; columns after the
/// third are ignored, as are lines with every field empty.
///
/// The bytes may be a CSV in UTF-8 or Shift-JIS (as Excel on Japanese Windows saves it), or an
/// Excel workbook (.xlsx), whose first sheet is read as a CSV of its rows (see [`read_sheet`]).
///
/// # Errors
/// [`FileError::Encoding`] for UTF-16 and other files that are not text, saying how to save the
/// file; [`FileError::Sheet`] for a workbook that cannot be read; [`FileError::Header`],
/// [`FileError::Empty`]; and [`FileError::Lines`] with every problem of every bad line.
pub fn read(
    rules: &Rules,
    overrides: &[Override],
    file: &str,
    bytes: &[u8],
    known: &Known,
) -> Result<Vec<DutyRecord>, FileError> {
    read_sheet(rules, overrides, file, bytes, None, known)
}

/// [`read`], with a workbook's sheet named (`None`: the first). A workbook's rows are read as
/// CSV lines numbered as Excel numbers its rows, date cells as YYYY-MM-DD.
///
/// # Errors
/// As [`read`]; [`FileError::Sheet`] when the workbook has no sheet `sheet`.
pub fn read_sheet(
    rules: &Rules,
    overrides: &[Override],
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    known: &Known,
) -> Result<Vec<DutyRecord>, FileError> {
    let text = text(file, bytes, sheet)?;
    let text = text.as_ref();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(h)) => h.iter().map(str::trim).map(String::from).collect::<Vec<_>>(),
        Some(Err(_)) | None => Vec::new(),
    };
    let cells: Vec<&str> = header.iter().map(String::as_str).collect();
    let Some(columns) = columns::positions(&cells) else {
        return Err(FileError::Header { file: file.to_string(), found: cells.join(",") });
    };
    let mut check = Check::new(rules, overrides, known);
    let mut lines = LineCounter { text, at: 0, line: 1 };
    for row in rows {
        match row {
            Ok(row) => {
                let line = lines.line_at(row.position().map_or(0, |p| p.byte() as usize));
                let raw: Vec<&str> = row.iter().map(str::trim).collect();
                if raw.iter().all(|f| f.is_empty()) {
                    continue;
                }
                // In the order the checks read them; a short row keeps fewer than three.
                let fields: Vec<&str> =
                    columns.iter().filter_map(|&i| raw.get(i).copied()).collect();
                check.line(line, &fields);
            }
            Err(e) => {
                let line = lines.line_at(e.position().map_or(0, |p| p.byte() as usize));
                check.lines += 1;
                check.problem(line, LineMsg::NotCsv { detail: e.to_string() });
            }
        }
    }
    check.finish(file)
}

/// Line numbers of byte offsets met in ascending order, counted once through the text. (csv's
/// own line numbers leave out the blank lines it skips.)
struct LineCounter<'t> {
    text: &'t str,
    /// The offset counted up to, and its line.
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The line of the first character at or after `offset` that does not end a line: a record
    /// read after blank lines begins below them.
    fn line_at(&mut self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut offset = offset.clamp(self.at, bytes.len());
        while matches!(bytes.get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        self.line += bytes[self.at..offset].iter().filter(|&&b| b == b'\n').count();
        self.at = offset;
        self.line
    }
}

/// The state of one pass over a file's lines.
struct Check<'a> {
    rules: &'a Rules,
    overrides: &'a [Override],
    known: &'a Known<'a>,
    doctors: Doctors<'a>,
    years: BTreeMap<i32, PlanYear>,
    /// The doctors stored per slot start.
    stored: HashMap<NaiveDate, Vec<&'a str>>,
    /// The good lines so far per slot start: `(line, doctor)`, in file order.
    slots: HashMap<NaiveDate, Vec<(usize, &'a str)>>,
    /// The line of each `(slot start, doctor)` seen.
    seen: HashMap<(NaiveDate, &'a str), usize>,
    out: Vec<(usize, DutyRecord)>,
    problems: Vec<(usize, LineMsg)>,
    lines: usize,
}

impl<'a> Check<'a> {
    /// A slot kind by its id and, for a holiday period, its name in the rules.
    fn kind_named(&self, kind: &str) -> (String, Option<String>) {
        let period = self.rules.holiday_periods.iter().find(|p| p.id == kind);
        (kind.to_string(), period.map(|p| p.name.clone()))
    }

    fn new(rules: &'a Rules, overrides: &'a [Override], known: &'a Known<'a>) -> Check<'a> {
        let mut stored: HashMap<NaiveDate, Vec<&str>> = HashMap::new();
        for r in known.stored {
            stored.entry(r.slot_start).or_default().push(r.doctor.as_str());
        }
        Check {
            rules,
            overrides,
            known,
            doctors: Doctors::new(rules),
            years: BTreeMap::new(),
            stored,
            slots: HashMap::new(),
            seen: HashMap::new(),
            out: Vec::new(),
            problems: Vec::new(),
            lines: 0,
        }
    }

    fn problem(&mut self, line: usize, what: LineMsg) {
        self.problems.push((line, what));
    }

    /// Checks one line's fields (trimmed), keeping its record if it is good.
    fn line(&mut self, line: usize, fields: &[&str]) {
        self.lines += 1;
        if fields.len() < 3 {
            let n = fields.len();
            return self.problem(line, LineMsg::FieldCount { found: n });
        }
        let date = read_day(fields[0]);
        let doctor = self.doctors.find(fields[1]);
        let (date, doctor) = match (date, doctor) {
            (Ok(date), Ok(doctor)) => (date, doctor),
            (date, doctor) => {
                for why in [date.err(), doctor.err()].into_iter().flatten() {
                    self.problem(line, why);
                }
                return;
            }
        };
        let kind = columns::kind(self.rules, fields[2]);
        if let Err(why) = self.slot_checks(line, date, doctor, kind) {
            self.problem(line, why);
        }
    }

    /// The checks of a line with a good date and doctor.
    fn slot_checks(
        &mut self,
        line: usize,
        date: NaiveDate,
        doctor: &'a Doctor,
        kind: &str,
    ) -> Result<(), LineMsg> {
        let today = self.known.today;
        if date > today {
            return Err(LineMsg::Future { date, today });
        }
        let (year, i) = self.slot_of(date).ok_or(LineMsg::OutsideYears { date })?;
        let slot = &self.years[&year].slots[i];
        let (first, end) = (slot.start_date(), slot.end_date());
        let slot_kind = slot.kind.as_str();
        if slot_kind != kind {
            return Err(LineMsg::WrongKind {
                date,
                slot: Box::new((slot.start, slot.end)),
                slot_kind: self.kind_named(slot_kind),
                kind: self.kind_named(kind),
            });
        }
        if self.known.published.contains(&year) {
            let year = crate::msg::words::YearLabel::of(self.rules, year);
            return Err(LineMsg::Published { year });
        }
        membership(doctor, first, end)?;
        let id = doctor.id.as_str();
        if let Some(earlier) = self.seen.insert((first, id), line) {
            self.seen.insert((first, id), earlier);
            return Err(LineMsg::Twice { id: id.to_string(), first, end, earlier });
        }
        let record = DutyRecord {
            slot_start: first,
            slot_end: end,
            doctor: id.to_string(),
            kind: kind.to_string(),
            weight: slot.weight,
            year,
            source: DutySource::Import,
            holidays: slot.holidays.len() as u32,
            batch: None,
            imported_at: None,
        };
        self.slots.entry(first).or_default().push((line, id));
        self.out.push((line, record));
        Ok(())
    }

    /// The plan year and index of the slot whose days include `date`.
    fn slot_of(&mut self, date: NaiveDate) -> Option<(i32, usize)> {
        let y = chrono::Datelike::year(&date);
        let years = [y - 1, y, y + 1];
        for year in years.into_iter().filter(|y| (2001..=2097).contains(y)) {
            if !self.years.contains_key(&year) {
                let cal = HolidayCalendar::build(calendar_years_for(year), self.overrides);
                self.years.insert(year, plan_year(self.rules, &cal, year));
            }
        }
        for year in years {
            let Some(py) = self.years.get(&year) else { continue };
            let i = py.slots.partition_point(|s| s.start_date() <= date);
            if let Some(i) = i.checked_sub(1)
                && date < py.slots[i].end_date()
            {
                return Some((year, i));
            }
        }
        None
    }

    /// Refuses the lines that would put more doctors in a slot than the rules allow, then
    /// returns the records or every problem.
    fn finish(mut self, file: &str) -> Result<Vec<DutyRecord>, FileError> {
        let k = self.rules.doctors_per_slot as usize;
        let mut full: Vec<(usize, LineMsg)> = Vec::new();
        for (first, lines) in &self.slots {
            let in_file: BTreeSet<&str> = lines.iter().map(|l| l.1).collect();
            let stored: Vec<&str> = self
                .stored
                .get(first)
                .map(|s| s.iter().copied().filter(|d| !in_file.contains(d)).collect())
                .unwrap_or_default();
            if stored.len() + lines.len() <= k {
                continue;
            }
            let fits = k.saturating_sub(stored.len());
            for (i, &(line, doctor)) in lines.iter().enumerate().skip(fits) {
                let msg = LineMsg::SlotFull {
                    doctor: doctor.to_string(),
                    first: *first,
                    k,
                    stored: stored.iter().map(|s| s.to_string()).collect(),
                    above: lines[..i].iter().map(|(l, d)| (d.to_string(), *l)).collect(),
                };
                full.push((line, msg));
            }
        }
        if !full.is_empty() {
            let refused: BTreeSet<usize> = full.iter().map(|f| f.0).collect();
            self.out.retain(|(line, _)| !refused.contains(line));
            self.problems.extend(full);
        }
        if !self.problems.is_empty() {
            self.problems.sort_by_key(|p| p.0);
            return Err(FileError::Lines {
                file: file.to_string(),
                lines: self.lines,
                problems: self.problems,
            });
        }
        if self.out.is_empty() {
            return Err(FileError::Empty { file: file.to_string() });
        }
        Ok(self.out.into_iter().map(|(_, r)| r).collect())
    }
}

/// Whether `doctor` was a member on every day of the slot `first` to `end` (the handover day,
/// whose morning belongs to the slot before), as the planner requires.
fn membership(doctor: &Doctor, first: NaiveDate, end: NaiveDate) -> Result<(), LineMsg> {
    let last = end.pred_opt().unwrap_or(end);
    if let Some(joined) = doctor.joined.filter(|j| *j > first) {
        return Err(LineMsg::JoinedAfter { doctor: named(doctor), joined, first, end });
    }
    if let Some(left) = doctor.left.filter(|l| *l < last) {
        return Err(LineMsg::LeftBefore { doctor: named(doctor), left, first, end });
    }
    Ok(())
}

fn named(d: &Doctor) -> Named {
    Named { id: d.id.to_string(), name: d.name.clone() }
}

/// The rules' doctors by id and by exact name.
struct Doctors<'a> {
    rules: &'a Rules,
    by_id: HashMap<&'a str, &'a Doctor>,
    by_name: HashMap<&'a str, Vec<&'a Doctor>>,
}

impl<'a> Doctors<'a> {
    fn new(rules: &'a Rules) -> Doctors<'a> {
        let mut by_name: HashMap<&str, Vec<&Doctor>> = HashMap::new();
        for d in &rules.doctors {
            by_name.entry(d.name.as_str()).or_default().push(d);
        }
        let by_id = rules.doctors.iter().map(|d| (d.id.as_str(), d)).collect();
        Doctors { rules, by_id, by_name }
    }

    /// The doctor written `who`: an id, or a name exactly as in the rules.
    fn find(&self, who: &str) -> Result<&'a Doctor, LineMsg> {
        if let Some(d) = self.by_id.get(who) {
            return Ok(d);
        }
        match self.by_name.get(who).map(Vec::as_slice) {
            Some([d]) => return Ok(d),
            Some(several) if !several.is_empty() => {
                let ids = several.iter().map(|d| d.id.to_string()).collect();
                return Err(LineMsg::NameShared { name: who.to_string(), ids });
            }
            _ => {}
        }
        let example = self.rules.doctors.first().map(named);
        if who.is_empty() {
            return Err(LineMsg::DoctorMissing { example });
        }
        Err(LineMsg::NotADoctor { text: who.to_string(), near: self.near(who).map(named), example })
    }

    /// A doctor whose id matches `who` but for case, or whose name matches but for spaces
    /// (half- or full-width).
    fn near(&self, who: &str) -> Option<&'a Doctor> {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let who_squeezed = squeeze(who);
        self.rules
            .doctors
            .iter()
            .find(|d| d.id.as_str().eq_ignore_ascii_case(who) || squeeze(&d.name) == who_squeezed)
    }
}

/// Parses a day written `YYYY-MM-DD` or `YYYY/M/D` (as Excel on Japanese Windows writes dates;
/// one- or two-digit month and day with either separator).
///
/// # Errors
/// What to write instead, in English (for the command line's parsers; see [`read_day`]).
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    read_day(s).map_err(|e| crate::msg::Message::en(&e))
}

/// [`parse_day`] with a typed error.
///
/// # Errors
/// [`LineMsg::DateMissing`] or [`LineMsg::NotADate`].
pub fn read_day(s: &str) -> Result<NaiveDate, LineMsg> {
    let bad = || {
        if s.is_empty() { LineMsg::DateMissing } else { LineMsg::NotADate(s.to_string()) }
    };
    let sep = if s.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<u32>().ok();
    match (y.parse::<i32>().ok(), num(m), num(d)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// The text of the file: UTF-8 without its byte order mark, Shift-JIS decoded, or a
/// workbook's sheet as CSV.
fn text<'b>(file: &str, bytes: &'b [u8], sheet: Option<&str>) -> Result<Cow<'b, str>, FileError> {
    use crate::import::table::{self, TableError};
    let is_book = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]);
    if is_book {
        return match table::read(bytes, sheet) {
            Ok((_, rows)) => Ok(Cow::Owned(table::to_csv(&rows))),
            Err(why) => Err(FileError::Sheet { file: file.to_string(), why }),
        };
    }
    match table::decode(bytes) {
        Ok((text, _)) => Ok(text),
        Err(TableError::Utf16) => {
            Err(FileError::Encoding { file: file.to_string(), line: 1, why: Encoding::Utf16 })
        }
        Err(_) => {
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            let valid = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(FileError::Encoding { file: file.to_string(), line, why: Encoding::Other })
        }
    }
}

pub(crate) use crate::import::table::looks_like_shift_jis;

#[cfg(test)]
mod tests;
