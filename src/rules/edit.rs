//! Edits of the rules files that keep what the office wrote around them: comments, blank
//! lines, the order of tables and keys (`toml_edit`, not a re-serialisation).
//!
//! One path for every editor (the web console's Members page, and the command line when it
//! edits members): [`apply`] changes the text of one file in memory and then loads *all* the
//! rules from that candidate with the same [`super::load`] as `toban check`, so an edit that
//! would leave the rules invalid is refused with the loader's own message and nothing is
//! written. [`write_atomic`] then replaces the file whole (a temp file in the same folder,
//! fsync, rename): a reader — `serve`'s watcher, `toban check` — never sees half a file.
//!
//! Before the loader, [`fields::check`] reads the one entry field by field against the rules
//! as they are, so a bad value is refused naming its field in the office's words
//! ([`EditError::Fields`]); the loader stays the net for what one entry cannot show.
//!
//! The edit functions are pure (text in, text out); only [`read_sources`] and
//! [`write_atomic`] touch the disk.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use toml_edit::{DocumentMut, Item, Table, Value};

use super::{Problem, Rules, RulesError, Source, load};
use crate::input::fold_number;

pub mod fields;

/// A doctor's fields as an editor typed them (text, checked by the loader, not here: the
/// loader's message is the one the office knows from `toban check`). An empty optional field
/// is removed from the file (fte then counts as 1.0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DoctorFields {
    /// Display name.
    pub name: String,
    /// The name in Latin letters that English readers see (`name_en`; empty: none).
    pub name_en: String,
    /// Clinic.
    pub clinic: String,
    /// Share of a full load, e.g. "0.5".
    pub fte: String,
    /// First day of membership, YYYY-MM-DD.
    pub joined: String,
    /// Last day of membership, YYYY-MM-DD.
    pub left: String,
    /// A number to call back.
    pub phone: String,
}

/// One change to the rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// A new `[[doctor]]`, after the last one.
    AddDoctor {
        /// Its id.
        id: String,
        /// Its fields.
        fields: DoctorFields,
    },
    /// New values for the doctor `id` (its id stays: records name it).
    EditDoctor {
        /// Its id.
        id: String,
        /// Its fields.
        fields: DoctorFields,
    },
    /// New values for the holiday period `id`.
    EditPeriod {
        /// Its id.
        id: String,
        /// Its fields.
        fields: PeriodFields,
    },
    /// A new backup hospital or nurse station, after the last of its kind.
    AddPlace {
        /// Which kind.
        kind: PlaceKind,
        /// Its id.
        id: String,
        /// Its fields.
        fields: PlaceFields,
    },
    /// A new holiday period, after the last one.
    AddPeriod {
        /// Its id (the slot kind in JSON and in history files).
        id: String,
        /// Its fields.
        fields: PeriodFields,
    },
    /// New values for the backup hospital or nurse station `id`.
    EditPlace {
        /// Its id.
        id: String,
        /// Its fields.
        fields: PlaceFields,
    },
}

/// Which kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A backup hospital (`[[hospital]]`).
    Hospital,
    /// A visiting-nurse station (`[[nurse_station]]`).
    NurseStation,
}

impl PlaceKind {
    /// Its array of tables.
    pub fn key(self) -> &'static str {
        match self {
            PlaceKind::Hospital => "hospital",
            PlaceKind::NurseStation => "nurse_station",
        }
    }
}

/// A backup hospital's or a nurse station's fields as typed (checked by the loader).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceFields {
    /// Display name.
    pub name: String,
    /// The name in Latin letters that English readers see (`name_en`; empty: none).
    pub name_en: String,
    /// Phone (required for a hospital; empty removes a station's).
    pub phone: String,
    /// A hospital's place in the escalation order ("1" first); ignored for a station.
    pub order: String,
}

/// A holiday period's fields as typed (checked by the loader).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeriodFields {
    /// Display name.
    pub name: String,
    /// First day, MM-DD.
    pub start: String,
    /// Last day, MM-DD.
    pub end: String,
    /// Load points (empty: the holiday-slot weight).
    pub weight: String,
    /// Runs on while the next day is a public holiday.
    pub extend: bool,
}

impl Edit {
    /// This edit with the fields that take half-width text (an id, a number, a date, a phone
    /// number, a name in Latin letters) folded as a Japanese keyboard types them
    /// ([`fold_number`]); names stay as typed.
    fn folded(&self) -> Edit {
        let doctor = |f: &DoctorFields| DoctorFields {
            name_en: fold_number(&f.name_en),
            fte: fold_number(&f.fte),
            joined: fold_number(&f.joined),
            left: fold_number(&f.left),
            phone: fold_number(&f.phone),
            ..f.clone()
        };
        let place = |f: &PlaceFields| PlaceFields {
            name_en: fold_number(&f.name_en),
            phone: fold_number(&f.phone),
            order: fold_number(&f.order),
            ..f.clone()
        };
        let period = |f: &PeriodFields| PeriodFields {
            start: fold_number(&f.start),
            end: fold_number(&f.end),
            weight: fold_number(&f.weight),
            ..f.clone()
        };
        let id = fold_number;
        match self {
            Edit::AddDoctor { id: i, fields } => {
                Edit::AddDoctor { id: id(i), fields: doctor(fields) }
            }
            Edit::EditDoctor { id: i, fields } => {
                Edit::EditDoctor { id: i.clone(), fields: doctor(fields) }
            }
            Edit::AddPlace { kind, id: i, fields } => {
                Edit::AddPlace { kind: *kind, id: id(i), fields: place(fields) }
            }
            Edit::EditPlace { id: i, fields } => {
                Edit::EditPlace { id: i.clone(), fields: place(fields) }
            }
            Edit::AddPeriod { id: i, fields } => {
                Edit::AddPeriod { id: id(i), fields: period(fields) }
            }
            Edit::EditPeriod { id: i, fields } => {
                Edit::EditPeriod { id: i.clone(), fields: period(fields) }
            }
        }
    }
}

/// The arrays of tables that hold places.
const PLACES: [&str; 2] = ["hospital", "nurse_station"];

/// Why an edit was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// No `[[doctor]]` (or, for a place, no `[[hospital]]` or `[[nurse_station]]`) has this
    /// id.
    NoSuchMember(String),
    /// What was typed is wrong, field by field ([`fields::check`]): nothing was loaded.
    Fields(Vec<fields::FieldProblem>),
    /// The edited rules do not load: the loader's problems (as `toban check` shows them).
    Invalid(RulesError),
}

/// An edit made in memory and checked: the file to replace, its new text and the rules it
/// loads to.
#[derive(Debug)]
pub struct Applied {
    /// The file changed.
    pub path: PathBuf,
    /// Its new text.
    pub text: String,
    /// All the rules, loaded from the candidate.
    pub rules: Rules,
}

/// Applies `edit` to the rules `sources` (every file of the association), in memory, and
/// loads the result with the loader of `toban check`.
///
/// # Errors
/// [`EditError::NoSuchMember`] for an unknown id, [`EditError::Fields`] when a field is
/// wrong ([`fields::check`] against the rules as they load now), [`EditError::Invalid`] with
/// the loader's problems when the edited rules are not valid (nothing is to be written then).
pub fn apply(sources: &[Source], edit: &Edit) -> Result<Applied, EditError> {
    let edit = &edit.folded();
    let docs: Vec<Option<DocumentMut>> = sources.iter().map(|s| s.text.parse().ok()).collect();
    let i = target(sources, &docs, edit)?;
    // Rules that do not load as they are: the loader says why, below.
    if let Ok(current) = load(sources) {
        let problems = fields::check(&current, edit);
        if !problems.is_empty() {
            return Err(EditError::Fields(problems));
        }
    }
    let mut doc = match docs[i].clone() {
        Some(d) => d,
        // The file does not parse: the loader says where.
        None => return Err(EditError::Invalid(invalid(load(sources)))),
    };
    edit_document(&mut doc, edit)?;
    let text = doc.to_string();
    let mut candidate = sources.to_vec();
    candidate[i].text.clone_from(&text);
    match load(&candidate) {
        Ok(rules) => Ok(Applied { path: sources[i].path.clone(), text, rules }),
        Err(e) => Err(EditError::Invalid(e)),
    }
}

/// The index of the file `edit` changes.
fn target(
    sources: &[Source],
    docs: &[Option<DocumentMut>],
    edit: &Edit,
) -> Result<usize, EditError> {
    let found = match edit {
        Edit::AddDoctor { .. } => docs
            .iter()
            .position(|d| d.as_ref().is_some_and(|d| d.contains_array_of_tables("doctor")))
            .or_else(|| sources.iter().position(|s| s.path.ends_with("members.toml")))
            .or((!sources.is_empty()).then_some(0)),
        Edit::AddPlace { kind, .. } => has_tables(docs, kind.key())
            .or_else(|| has_tables(docs, "doctor"))
            .or_else(|| sources.iter().position(|s| s.path.ends_with("members.toml")))
            .or((!sources.is_empty()).then_some(0)),
        Edit::AddPeriod { .. } => has_tables(docs, "holiday_period")
            .or_else(|| sources.iter().position(|s| s.path.ends_with("association.toml")))
            .or((!sources.is_empty()).then_some(0)),
        Edit::EditDoctor { id, .. } => docs.iter().position(|d| {
            d.as_ref().is_some_and(|d| doctor_tables(d).any(|t| id_of(t) == Some(id.as_str())))
        }),
        Edit::EditPeriod { id, .. } => docs.iter().position(|d| {
            d.as_ref()
                .is_some_and(|d| tables(d, "holiday_period").any(|t| id_of(t) == Some(id.as_str())))
        }),
        Edit::EditPlace { id, .. } => docs.iter().position(|d| {
            d.as_ref().is_some_and(|d| {
                PLACES.iter().any(|k| tables(d, k).any(|t| id_of(t) == Some(id.as_str())))
            })
        }),
    };
    found.ok_or_else(|| match edit {
        Edit::EditDoctor { id, .. } | Edit::EditPlace { id, .. } | Edit::EditPeriod { id, .. } => {
            EditError::NoSuchMember(id.clone())
        }
        Edit::AddDoctor { .. } | Edit::AddPlace { .. } | Edit::AddPeriod { .. } => {
            EditError::Invalid(RulesError {
                problems: vec![Problem::whole(
                    "rules".into(),
                    crate::msg::rules::RulesMsg::NoRulesInDir,
                )],
            })
        }
    })
}

/// The first file with an array of tables `key`.
fn has_tables(docs: &[Option<DocumentMut>], key: &str) -> Option<usize> {
    docs.iter().position(|d| d.as_ref().is_some_and(|d| d.contains_array_of_tables(key)))
}

/// Several edits made in memory together (an import), checked once by the loader.
#[derive(Debug)]
pub struct AppliedMany {
    /// Each file changed, with its new text (most often one: members.toml).
    pub files: Vec<(PathBuf, String)>,
    /// All the rules, loaded from the candidate.
    pub rules: Rules,
}

/// Applies every edit of `edits` in order to the rules `sources`, in memory, then loads the
/// whole result once with the loader of `toban check` (so edits that are only valid together,
/// like a whole members list, pass; one that breaks the rules refuses them all).
///
/// # Errors
/// As [`apply`]: nothing is to be written then.
pub fn apply_many(sources: &[Source], edits: &[Edit]) -> Result<AppliedMany, EditError> {
    let mut docs: Vec<Option<DocumentMut>> = sources.iter().map(|s| s.text.parse().ok()).collect();
    let mut changed = vec![false; sources.len()];
    for edit in edits {
        let edit = &edit.folded();
        let i = target(sources, &docs, edit)?;
        let Some(doc) = docs[i].as_mut() else {
            return Err(EditError::Invalid(invalid(load(sources))));
        };
        edit_document(doc, edit)?;
        changed[i] = true;
    }
    let mut candidate = sources.to_vec();
    let mut files = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if let (true, Some(doc)) = (changed[i], doc) {
            candidate[i].text = doc.to_string();
            files.push((sources[i].path.clone(), candidate[i].text.clone()));
        }
    }
    match load(&candidate) {
        Ok(rules) => Ok(AppliedMany { files, rules }),
        Err(e) => Err(EditError::Invalid(e)),
    }
}

/// [`apply_many`] on the rules of `dir`, then each changed file written atomically (in
/// turn: an import touches one file in every shipped layout). With `dry_run` nothing is
/// written.
///
/// # Errors
/// [`EditError`] (nothing written) or an I/O error.
pub fn apply_many_in_dir(
    dir: &Path,
    edits: &[Edit],
    dry_run: bool,
) -> std::io::Result<Result<AppliedMany, EditError>> {
    let _one = EDITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let sources = read_sources(dir)?;
    match apply_many(&sources, edits) {
        Ok(applied) => {
            if !dry_run {
                for (path, text) in &applied.files {
                    write_atomic(path, text)?;
                }
            }
            Ok(Ok(applied))
        }
        Err(e) => Ok(Err(e)),
    }
}

fn invalid(r: Result<Rules, RulesError>) -> RulesError {
    r.err().unwrap_or_else(|| RulesError { problems: Vec::new() })
}

/// Applies `edit` to one parsed file.
///
/// # Errors
/// [`EditError::NoSuchMember`] when the doctor to edit is not in this file.
pub fn edit_document(doc: &mut DocumentMut, edit: &Edit) -> Result<(), EditError> {
    match edit {
        Edit::AddDoctor { id, fields } => {
            let mut t = Table::new();
            t.insert("id", toml_edit::value(id.trim()));
            set_doctor_fields(&mut t, fields);
            push_after_last(doc, "doctor", t);
            Ok(())
        }
        Edit::AddPlace { kind, id, fields } => {
            let mut t = Table::new();
            t.insert("id", toml_edit::value(id.trim()));
            set_place_fields(&mut t, *kind == PlaceKind::Hospital, fields);
            push_after_last(doc, kind.key(), t);
            Ok(())
        }
        Edit::AddPeriod { id, fields } => {
            let mut t = Table::new();
            t.insert("id", toml_edit::value(id.trim()));
            set_period_fields(&mut t, fields);
            push_after_last(doc, "holiday_period", t);
            Ok(())
        }
        Edit::EditDoctor { id, fields } => {
            let list = doc.get_mut("doctor").and_then(Item::as_array_of_tables_mut);
            let table = list.and_then(|l| l.iter_mut().find(|t| id_of(t) == Some(id.as_str())));
            let Some(t) = table else { return Err(EditError::NoSuchMember(id.clone())) };
            set_doctor_fields(t, fields);
            Ok(())
        }
        Edit::EditPeriod { id, fields } => {
            let list = doc.get_mut("holiday_period").and_then(Item::as_array_of_tables_mut);
            let table = list.and_then(|l| l.iter_mut().find(|t| id_of(t) == Some(id.as_str())));
            let Some(t) = table else { return Err(EditError::NoSuchMember(id.clone())) };
            set_period_fields(t, fields);
            Ok(())
        }
        Edit::EditPlace { id, fields } => {
            for kind in PLACES {
                let list = doc.get_mut(kind).and_then(Item::as_array_of_tables_mut);
                let table = list.and_then(|l| l.iter_mut().find(|t| id_of(t) == Some(id.as_str())));
                if let Some(t) = table {
                    set_place_fields(t, kind == "hospital", fields);
                    return Ok(());
                }
            }
            Err(EditError::NoSuchMember(id.clone()))
        }
    }
}

fn set_period_fields(t: &mut Table, fields: &PeriodFields) {
    set(t, "name", Some(Value::from(fields.name.trim())));
    set(t, "start", Some(Value::from(fields.start.trim())));
    set(t, "end", Some(Value::from(fields.end.trim())));
    let weight = fields.weight.trim();
    set(t, "weight", (!weight.is_empty()).then(|| integer(weight)).flatten());
    set(t, "extend_over_public_holidays", fields.extend.then(|| Value::from(true)));
}

fn set_place_fields(t: &mut Table, hospital: bool, fields: &PlaceFields) {
    set(t, "name", Some(Value::from(fields.name.trim())));
    set_name_en(t, &fields.name_en);
    let phone = fields.phone.trim();
    set(t, "phone", (!phone.is_empty()).then(|| Value::from(phone)));
    if hospital {
        set(t, "order", integer(&fields.order));
    }
}

/// Adds `t` to the array of tables `key`, right after its last table (so the file keeps its
/// sections together), or as a new array at the end.
fn push_after_last(doc: &mut DocumentMut, key: &str, mut t: Table) {
    let after = tables(doc, key).filter_map(Table::position).max();
    if let Some(p) = after {
        shift_tables_after(doc, p);
        t.set_position(Some(p + 1));
    }
    match doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
        Some(list) => list.push(t),
        None => {
            let mut list = toml_edit::ArrayOfTables::new();
            list.push(t);
            doc.insert(key, Item::ArrayOfTables(list));
        }
    }
}

fn tables<'d>(doc: &'d DocumentMut, kind: &str) -> impl Iterator<Item = &'d Table> {
    doc.get(kind).and_then(Item::as_array_of_tables).into_iter().flat_map(|l| l.iter())
}

fn doctor_tables(doc: &DocumentMut) -> impl Iterator<Item = &Table> {
    tables(doc, "doctor")
}

fn id_of(t: &Table) -> Option<&str> {
    t.get("id").and_then(Item::as_str)
}

/// Makes room at position `p + 1`: every table placed after `p` moves one down.
fn shift_tables_after(doc: &mut DocumentMut, p: isize) {
    fn shift(t: &mut Table, p: isize) {
        if let Some(q) = t.position()
            && q > p
        {
            t.set_position(Some(q + 1));
        }
    }
    for (_, item) in doc.as_table_mut().iter_mut() {
        match item {
            Item::Table(t) => shift(t, p),
            Item::ArrayOfTables(list) => list.iter_mut().for_each(|t| shift(t, p)),
            _ => {}
        }
    }
}

fn set_doctor_fields(t: &mut Table, f: &DoctorFields) {
    set(t, "name", Some(Value::from(f.name.trim())));
    set_name_en(t, &f.name_en);
    set(t, "clinic", Some(Value::from(f.clinic.trim())));
    set(t, "fte", number(&f.fte));
    set(t, "joined", date(&f.joined));
    set(t, "left", date(&f.left));
    let phone = f.phone.trim();
    set(t, "phone", (!phone.is_empty()).then(|| Value::from(phone)));
}

/// Sets or removes `name_en`; a new one goes right after `name`, as the shipped files have it.
fn set_name_en(t: &mut Table, typed: &str) {
    let had = t.contains_key("name_en");
    let typed = typed.trim();
    set(t, "name_en", (!typed.is_empty()).then(|| Value::from(typed)));
    if had || !t.contains_key("name_en") {
        return;
    }
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let at = |k: &str| keys.iter().position(|x| x == k).unwrap_or(keys.len());
    let rank = |k: &str| if k == "name_en" { at("name") * 2 + 1 } else { at(k) * 2 };
    t.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
}

/// Sets `key` to `v` (keeping the old value's spacing and end-of-line comment), or removes it.
fn set(t: &mut Table, key: &str, v: Option<Value>) {
    match v {
        None => {
            t.remove(key);
        }
        Some(mut v) => match t.get_mut(key).and_then(Item::as_value_mut) {
            Some(old) => {
                *v.decor_mut() = old.decor().clone();
                *old = v;
            }
            None => {
                t.insert(key, Item::Value(v));
            }
        },
    }
}

/// A share typed as text: a number when it reads as one (so `1` is written `1.0`), else the
/// text itself, for the loader to name.
fn number(s: &str) -> Option<Value> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Value::from(x),
        _ => Value::from(s),
    })
}

/// A whole number typed as text: an integer when it reads as one, else the text itself, for
/// the loader to name (an empty one too: a hospital's order is required).
fn integer(s: &str) -> Option<Value> {
    let s = s.trim();
    Some(match s.parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(s),
    })
}

/// A date typed as text: a TOML date (as the shipped files write them) when it reads as
/// YYYY-MM-DD, else the text itself, for the loader to name.
fn date(s: &str) -> Option<Value> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(match super::parse_date(s) {
        Ok(d) => Value::from(toml_date(d)),
        Err(_) => Value::from(s),
    })
}

fn toml_date(d: NaiveDate) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(d.year()).unwrap_or(0),
            month: u8::try_from(d.month()).unwrap_or(0),
            day: u8::try_from(d.day()).unwrap_or(0),
        }),
        time: None,
        offset: None,
    }
}

/// The `*.toml` files of `dir`, by name (the order `toban check` and `serve` read them in).
///
/// # Errors
/// If the directory or a file cannot be read.
pub fn read_sources(dir: &Path) -> std::io::Result<Vec<Source>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| Ok(Source { text: std::fs::read_to_string(&path)?, path }))
        .collect()
}

/// Replaces `path` with `text` whole: a temp file in the same folder (so the rename stays on
/// one file system), fsynced, mode 0640 (rules name members and phone numbers: the owner
/// writes, its group may read), renamed over the file, and the folder fsynced.
///
/// # Errors
/// If any step fails; the old file is then untouched (a leftover temp file is removed).
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o640);
        let mut f = options.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o640))?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Serialises rules edits within this process: two admins saving at once each load the
/// other's change, never overwrite it.
pub static EDITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Reads the rules of `dir`, applies `edit`, checks the result with the loader and writes
/// the changed file atomically; the rules as now written are returned.
///
/// # Errors
/// [`EditError`] (nothing written) or an I/O error.
pub fn apply_in_dir(dir: &Path, edit: &Edit) -> std::io::Result<Result<Applied, EditError>> {
    let _one = EDITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let sources = read_sources(dir)?;
    match apply(&sources, edit) {
        Ok(applied) => {
            write_atomic(&applied.path, &applied.text)?;
            Ok(Ok(applied))
        }
        Err(e) => Ok(Err(e)),
    }
}

#[cfg(test)]
mod tests;
