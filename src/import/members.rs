//! A members list from the office's spreadsheet, read row by row into doctors to add or update
//! (by id) through [`crate::rules::edit`]: what `toban members import` and the console's import
//! page both do.
//!
//! Key decision: every row is checked before anything is planned, and every problem of every
//! row comes back at once (row, column, the value, what to write), so the clerk fixes the sheet
//! in one pass; a file with one bad row changes nothing. The sheet says only what its columns
//! say: a column it lacks keeps the rules' value, an empty cell in an optional column clears
//! it (as an emptied field on the Members page does). The whole result is then loaded by the
//! loader of `toban check` before it is written (the caller's [`crate::rules::edit::apply_many`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::table::{Cell, Row};
use crate::input::fold_width;
use crate::rules::edit::{DoctorFields, Edit};
use crate::rules::{MemberId, Rules};

/// A column toban reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The doctor's id (required).
    Id,
    /// Name (required).
    Name,
    /// Clinic (required for a new doctor).
    Clinic,
    /// Share of a full load.
    Fte,
    /// Phone.
    Phone,
    /// First day of membership.
    Joined,
    /// Last day of membership.
    Left,
    /// Doctor, hospital, …: rows of other members are passed over.
    Role,
}

/// Each column by the header names it may have (compared without spaces, case or width).
pub const COLUMNS: [(Field, &[&str]); 8] = [
    (Field::Id, &["id", "医師id", "会員id", "ｉｄ"]),
    (Field::Name, &["name", "氏名", "名前", "医師名", "お名前"]),
    (Field::Clinic, &["clinic", "医療機関", "医療機関名", "医院", "医院名", "診療所", "所属"]),
    (Field::Fte, &["fte", "勤務割合", "負担割合", "割合"]),
    (Field::Phone, &["phone", "電話", "電話番号", "連絡先"]),
    (Field::Joined, &["joined", "参加日", "入会日", "加入日"]),
    (Field::Left, &["left", "退会日", "脱退日"]),
    (Field::Role, &["role", "kind", "区分", "種別", "役割"]),
];

/// What another member an id already belongs to is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherKind {
    /// A backup hospital.
    Hospital,
    /// A visiting-nurse station.
    NurseStation,
    /// An admin of the office.
    Admin,
}

/// What is wrong in one cell (or row), and so what to write.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum RowMsg {
    IdMissing,
    BadId { value: String },
    IdTwice { id: String, earlier: usize },
    IdNotDoctor { id: String, kind: OtherKind, name: String },
    NameMissing,
    ClinicMissing,
    BadFte { value: String },
    BadDate { value: String },
    LeftBeforeJoined { left: NaiveDate, joined: NaiveDate },
    BadPhone { value: String },
    PhoneAsNumber { value: String },
    CellError { value: String },
}

/// A bad row's problem: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    /// The row's number.
    pub line: usize,
    /// The column's letter as Excel shows it (A, B, …, AA).
    pub column: String,
    /// The column's header as written in the file.
    pub header: String,
    /// What is wrong.
    pub what: RowMsg,
}

/// A field's value before and after, as text (empty: none).
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// The field.
    pub field: Field,
    /// The rules' value.
    pub old: String,
    /// The sheet's.
    pub new: String,
}

/// What one good row does.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new doctor.
    Add {
        /// Row.
        line: usize,
        /// Id.
        id: String,
        /// Fields as they will be written.
        fields: DoctorFields,
    },
    /// New values for a doctor of the rules.
    Update {
        /// Row.
        line: usize,
        /// Id.
        id: String,
        /// Name as it will be.
        name: String,
        /// What changes.
        diffs: Vec<Diff>,
    },
    /// The row says what the rules say.
    Same {
        /// Row.
        line: usize,
        /// Id.
        id: String,
    },
}

/// What a whole sheet would do, and the edits that do it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Each row's change, in row order.
    pub changes: Vec<Change>,
    /// The edits, for [`crate::rules::edit::apply_many`].
    pub edits: Vec<Edit>,
    /// Headers of columns toban does not read.
    pub ignored: Vec<String>,
    /// Rows passed over because their role column names another kind of member.
    pub skipped: Vec<usize>,
}

impl Plan {
    /// (added, updated, unchanged).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |f: fn(&Change) -> bool| self.changes.iter().filter(|c| f(c)).count();
        (
            n(|c| matches!(c, Change::Add { .. })),
            n(|c| matches!(c, Change::Update { .. })),
            n(|c| matches!(c, Change::Same { .. })),
        )
    }
}

/// Why a sheet gives no plan.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetError {
    /// No row with anything in it.
    NoHeader,
    /// The header row lacks required columns (`found`: its headers).
    MissingColumns {
        /// The header's row.
        line: usize,
        /// The columns missing.
        missing: Vec<Field>,
        /// The headers there are.
        found: Vec<String>,
    },
    /// Two columns are the same field.
    ColumnTwice {
        /// The field.
        field: Field,
        /// The two columns, as `C「電話」`.
        columns: (String, String),
    },
    /// A header and no member below it.
    NoRows,
    /// Bad rows: every problem, by row (`rows`: how many member rows the sheet has).
    Rows {
        /// Every problem.
        problems: Vec<RowProblem>,
        /// Member rows read.
        rows: usize,
    },
}

/// The letters of column `i` (from 0) as Excel names it.
pub fn column_letters(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn header_key(s: &str) -> String {
    fold_width(s).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

fn field_of(header: &str) -> Option<Field> {
    let key = header_key(header);
    COLUMNS.iter().find(|(_, names)| names.iter().any(|n| header_key(n) == key)).map(|c| c.0)
}

/// The header's columns: each field's index, and the headers not read.
type Header = (HashMap<Field, usize>, Vec<String>);

fn header(row: &Row) -> Result<Header, SheetError> {
    let mut index: HashMap<Field, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, cell) in row.cells.iter().enumerate() {
        let text = cell.shown();
        match field_of(&text) {
            Some(f) => {
                if let Some(&j) = index.get(&f) {
                    let at = |k: usize| format!("{}「{}」", column_letters(k), row.cell(k).shown());
                    return Err(SheetError::ColumnTwice { field: f, columns: (at(j), at(i)) });
                }
                index.insert(f, i);
            }
            None if !text.is_empty() => ignored.push(text),
            None => {}
        }
    }
    let missing: Vec<Field> =
        [Field::Id, Field::Name].into_iter().filter(|f| !index.contains_key(f)).collect();
    if !missing.is_empty() {
        let found = row.cells.iter().map(Cell::shown).filter(|s| !s.is_empty()).collect();
        return Err(SheetError::MissingColumns { line: row.line, missing, found });
    }
    Ok((index, ignored))
}

/// One row as read: the columns it has (`None`: no such column; `Some(None)`: empty cell).
#[derive(Debug, Default)]
struct Read {
    id: String,
    name: String,
    clinic: Option<String>,
    fte: Option<Option<f64>>,
    phone: Option<Option<String>>,
    joined: Option<Option<NaiveDate>>,
    left: Option<Option<NaiveDate>>,
}

/// Reads the rows (header first) against `rules`: the plan, or every problem.
///
/// # Errors
/// [`SheetError`]: a header without the id or name column, no rows, or every bad row.
pub fn plan(rules: &Rules, rows: &[Row]) -> Result<Plan, SheetError> {
    let mut rows = rows.iter().filter(|r| !r.cells.iter().all(Cell::is_blank));
    let head = rows.next().ok_or(SheetError::NoHeader)?;
    let (index, ignored) = header(head)?;
    let mut out = Plan { ignored, ..Plan::default() };
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut count = 0;
    for row in rows {
        if let Some(&i) = index.get(&Field::Role)
            && !is_doctor_role(&row.cell(i).shown())
        {
            out.skipped.push(row.line);
            continue;
        }
        count += 1;
        let mut cx = RowCheck { row, index: &index, head, problems: Vec::new() };
        let read = cx.read(rules);
        if let Some(r) = &read
            && let Some(earlier) = seen.insert(r.id.clone(), row.line)
        {
            seen.insert(r.id.clone(), earlier);
            let what = RowMsg::IdTwice { id: r.id.clone(), earlier };
            cx.problem(Field::Id, what);
        }
        match read {
            Some(r) if cx.problems.is_empty() => {
                let (change, edit) = change(rules, row.line, r);
                out.changes.push(change);
                out.edits.extend(edit);
            }
            _ => {}
        }
        problems.extend(cx.problems);
    }
    if !problems.is_empty() {
        return Err(SheetError::Rows { problems, rows: count });
    }
    if count == 0 {
        return Err(SheetError::NoRows);
    }
    Ok(out)
}

fn is_doctor_role(s: &str) -> bool {
    let s = header_key(s);
    s.is_empty() || ["doctor", "医師", "当番医", "会員"].contains(&s.as_str())
}

/// The checks of one row, collecting its problems.
struct RowCheck<'a> {
    row: &'a Row,
    index: &'a HashMap<Field, usize>,
    head: &'a Row,
    problems: Vec<RowProblem>,
}

impl RowCheck<'_> {
    fn problem(&mut self, field: Field, what: RowMsg) {
        let i = self.index.get(&field).copied().unwrap_or(0);
        self.problems.push(RowProblem {
            line: self.row.line,
            column: column_letters(i),
            header: self.head.cell(i).shown(),
            what,
        });
    }

    /// The cell of `field`, if the sheet has that column; an Excel error value is a problem.
    fn cell(&mut self, field: Field) -> Option<Cell> {
        let i = *self.index.get(&field)?;
        let cell = self.row.cell(i).clone();
        if let Cell::Error(value) = &cell {
            self.problem(field, RowMsg::CellError { value: value.clone() });
            return Some(Cell::Empty);
        }
        Some(cell)
    }

    /// A cell as trimmed text, for the text fields.
    fn text(&mut self, field: Field) -> Option<String> {
        self.cell(field).map(|c| c.shown().trim_matches(|c: char| c.is_whitespace()).to_string())
    }

    fn read(&mut self, rules: &Rules) -> Option<Read> {
        let id = fold_width(&self.text(Field::Id).unwrap_or_default()).trim().to_string();
        let id_ok = if id.is_empty() {
            self.problem(Field::Id, RowMsg::IdMissing);
            false
        } else if id.parse::<MemberId>().is_err() {
            self.problem(Field::Id, RowMsg::BadId { value: id.clone() });
            false
        } else if let Some((kind, name)) = other_member(rules, &id) {
            self.problem(Field::Id, RowMsg::IdNotDoctor { id: id.clone(), kind, name });
            false
        } else {
            true
        };
        let name = self.text(Field::Name).unwrap_or_default();
        if name.is_empty() {
            self.problem(Field::Name, RowMsg::NameMissing);
        }
        let clinic = self.text(Field::Clinic);
        let new = rules.doctor(&id).is_none();
        if new && id_ok && clinic.as_deref().is_none_or(str::is_empty) {
            self.problem(Field::Clinic, RowMsg::ClinicMissing);
        }
        let fte = self.cell(Field::Fte).map(|c| self.fte(&c));
        let phone = self.cell(Field::Phone).map(|c| self.phone(&c));
        let joined = self.cell(Field::Joined).map(|c| self.date(Field::Joined, &c));
        let left = self.cell(Field::Left).map(|c| self.date(Field::Left, &c));
        if let (Some(Some(j)), Some(Some(l))) = (joined, left)
            && l < j
        {
            self.problem(Field::Left, RowMsg::LeftBeforeJoined { left: l, joined: j });
        }
        id_ok.then_some(Read { id, name, clinic, fte, phone, joined, left })
    }

    fn fte(&mut self, cell: &Cell) -> Option<f64> {
        let value = cell.shown();
        let x = match cell {
            Cell::Empty => return None,
            Cell::Number(x) => Some(*x),
            Cell::Text(t) => {
                let t = crate::input::fold_number(t.trim());
                let t = t.trim();
                if t.is_empty() {
                    return None;
                }
                match t.strip_suffix('%') {
                    Some(p) => p.trim().parse::<f64>().ok().map(|p| p / 100.0),
                    None => t.parse::<f64>().ok(),
                }
            }
            _ => None,
        };
        match x {
            Some(x) if x.is_finite() && x > 0.0 && x <= 1.0 => Some(x),
            _ => {
                self.problem(Field::Fte, RowMsg::BadFte { value });
                None
            }
        }
    }

    fn phone(&mut self, cell: &Cell) -> Option<String> {
        match cell {
            Cell::Empty => None,
            Cell::Number(_) => {
                self.problem(Field::Phone, RowMsg::PhoneAsNumber { value: cell.shown() });
                None
            }
            _ => {
                let typed = cell.shown();
                let folded = crate::input::fold_number(&typed);
                let folded = folded.trim().to_string();
                if folded.is_empty() {
                    return None;
                }
                let digits = folded.chars().filter(char::is_ascii_digit).count();
                let allowed = |c: char| c.is_ascii_digit() || "+-() ".contains(c);
                if folded.chars().all(allowed) && (3..=15).contains(&digits) {
                    Some(folded)
                } else {
                    self.problem(Field::Phone, RowMsg::BadPhone { value: typed });
                    None
                }
            }
        }
    }

    fn date(&mut self, field: Field, cell: &Cell) -> Option<NaiveDate> {
        let read = match cell {
            Cell::Empty => return None,
            Cell::Date(d) => Some(*d),
            // A date column formatted "General" shows Excel's serial day number.
            Cell::Number(n) if (20000.0..80000.0).contains(n) && n.fract() == 0.0 => {
                NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|e| e.checked_add_days(chrono::Days::new(*n as u64)))
            }
            Cell::Text(t) if t.trim().is_empty() => return None,
            Cell::Text(t) => read_date(t),
            _ => None,
        };
        if read.is_none() {
            self.problem(field, RowMsg::BadDate { value: cell.shown() });
        }
        read
    }
}

/// A day as offices write it: 2026-04-01, 2026/4/1, 2026.4.1, 2026年4月1日, in full-width
/// digits too, with a time after it (as a date-and-time cell's text) ignored.
pub fn read_date(typed: &str) -> Option<NaiveDate> {
    let folded = crate::input::fold_number(typed.trim());
    let day = folded.split([' ', 'T']).next().unwrap_or("");
    let day = day.replace(['年', '月', '.'], "/").replace('日', "");
    crate::cli::history::file::parse_day(day.trim()).ok()
}

/// The kind and name of the member other than a doctor whose id is `id`.
fn other_member(rules: &Rules, id: &str) -> Option<(OtherKind, String)> {
    if let Some(h) = rules.hospitals.iter().find(|h| h.id.as_str() == id) {
        return Some((OtherKind::Hospital, h.name.clone()));
    }
    if let Some(s) = rules.nurse_stations.iter().find(|s| s.id.as_str() == id) {
        return Some((OtherKind::NurseStation, s.name.clone()));
    }
    let a = rules.admins.iter().find(|a| a.id.as_str() == id)?;
    Some((OtherKind::Admin, a.name.clone()))
}

fn day_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn fte_text(x: Option<f64>) -> String {
    match x {
        Some(x) if (x - 1.0).abs() > f64::EPSILON => x.to_string(),
        _ => String::new(),
    }
}

/// What a good row does, and its edit (none when nothing changes).
fn change(rules: &Rules, line: usize, r: Read) -> (Change, Option<Edit>) {
    let Some(d) = rules.doctor(&r.id) else {
        let fields = DoctorFields {
            name: r.name,
            name_en: String::new(),
            clinic: r.clinic.unwrap_or_default(),
            fte: fte_text(r.fte.flatten()),
            joined: day_text(r.joined.flatten()),
            left: day_text(r.left.flatten()),
            phone: r.phone.flatten().unwrap_or_default(),
        };
        let edit = Edit::AddDoctor { id: r.id.clone(), fields: fields.clone() };
        return (Change::Add { line, id: r.id, fields }, Some(edit));
    };
    let old = DoctorFields {
        name: d.name.clone(),
        name_en: d.name_en.clone().unwrap_or_default(),
        clinic: d.clinic.clone(),
        fte: fte_text(Some(d.fte)),
        joined: day_text(d.joined),
        left: day_text(d.left),
        phone: d.phone.clone().unwrap_or_default(),
    };
    // The spreadsheet has no column for the name in English: the rules' stays.
    let new = DoctorFields {
        name: r.name,
        name_en: old.name_en.clone(),
        clinic: r.clinic.filter(|c| !c.is_empty()).unwrap_or_else(|| old.clinic.clone()),
        fte: r.fte.map_or_else(|| old.fte.clone(), fte_text),
        joined: r.joined.map_or_else(|| old.joined.clone(), day_text),
        left: r.left.map_or_else(|| old.left.clone(), day_text),
        phone: r.phone.map_or_else(|| old.phone.clone(), Option::unwrap_or_default),
    };
    let pairs = [
        (Field::Name, &old.name, &new.name),
        (Field::Clinic, &old.clinic, &new.clinic),
        (Field::Fte, &old.fte, &new.fte),
        (Field::Phone, &old.phone, &new.phone),
        (Field::Joined, &old.joined, &new.joined),
        (Field::Left, &old.left, &new.left),
    ];
    let diffs: Vec<Diff> = pairs
        .into_iter()
        .filter(|(_, o, n)| o != n)
        .map(|(field, o, n)| Diff { field, old: o.clone(), new: n.clone() })
        .collect();
    if diffs.is_empty() {
        return (Change::Same { line, id: r.id }, None);
    }
    let edit = Edit::EditDoctor { id: r.id.clone(), fields: new.clone() };
    (Change::Update { line, id: r.id, name: new.name, diffs }, Some(edit))
}

#[cfg(test)]
mod tests;
