//! `toban members import FILE`: doctors added or updated from the office's spreadsheet
//! (.xlsx, or CSV in UTF-8 or Shift-JIS), through the same [`crate::import::apply`] as the
//! console's import page; `toban members add doctor|hospital|station|period`: one new entry
//! through the same [`crate::rules::edit`] as the console's Members page.

use crate::store::prelude::*;
use std::path::Path;

use anyhow::Context;

use super::{AddWhat, Args, Refused, clock, load_inputs};
use crate::import::Change;
use crate::import::apply::{Imported, members_in_dir};
use crate::msg::import::ImportMsg;
use crate::msg::refusal::Refusal;
use crate::msg::{Lang, Message};
use crate::rules::edit::{
    DoctorFields, Edit, EditError, PeriodFields, PlaceFields, PlaceKind, apply_in_dir,
};
use crate::store::{AuditEntry, AuditEvent, SledStore};

/// Reads `path`, checks every row, and (unless `dry_run`) writes the rules and audits the
/// import; prints what each row does and the totals.
pub fn import(
    args: &Args,
    path: &Path,
    sheet: Option<&str>,
    dry_run: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Refusal::CannotRead { path: name.clone(), detail: e.to_string() })?;
    // The store first: an import that cannot be audited is not written.
    let store = if dry_run { None } else { Some(SledStore::open(&args.data)?) };
    let now = clock::now()?;
    let done = members_in_dir(&args.rules, &inputs.rules, &name, &bytes, sheet, dry_run)
        .with_context(|| format!("import {name} into {}", args.rules.display()))??;
    if let Some(store) = store
        && !done.written.is_empty()
    {
        let by = format!("admin:{}", super::actor::current());
        store.add_audit(&AuditEntry::of(now, &by, done.event(&name)))?;
    }
    print!("{}", summary(&name, &done, dry_run, lang));
    Ok(())
}

/// What the import did, a line each: how the file was read, each added or updated doctor,
/// the columns not read, the rows passed over, the totals.
pub fn summary(file: &str, done: &Imported, dry_run: bool, lang: Lang) -> String {
    let mut lines =
        vec![ImportMsg::ReadAs { file: file.to_string(), form: done.form }.render(lang)];
    for c in &done.plan.changes {
        if !matches!(c, Change::Same { .. }) {
            lines.push(format!("  {}", ImportMsg::Change(c.clone()).render(lang)));
        }
    }
    let plan = &done.plan;
    if !plan.ignored.is_empty() {
        lines.push(ImportMsg::Ignored { columns: plan.ignored.clone() }.render(lang));
    }
    if !plan.skipped.is_empty() {
        lines.push(ImportMsg::Skipped { rows: plan.skipped.clone() }.render(lang));
    }
    let (added, updated, unchanged) = plan.counts();
    lines.push(ImportMsg::Totals { added, updated, unchanged, done: !dry_run }.render(lang));
    if dry_run {
        lines.push(ImportMsg::DryRun.render(lang));
    }
    lines.join("\n") + "\n"
}

/// The edit `toban members add` makes.
pub fn edit_of(what: &AddWhat) -> Edit {
    match what.clone() {
        AddWhat::Doctor { id, name, name_en, clinic, fte, phone, joined, left } => {
            let fields = DoctorFields { name, name_en, clinic, fte, joined, left, phone };
            Edit::AddDoctor { id, fields }
        }
        AddWhat::Hospital { id, name, name_en, phone, order } => Edit::AddPlace {
            kind: PlaceKind::Hospital,
            id,
            fields: PlaceFields { name, name_en, phone, order },
        },
        AddWhat::Station { id, name, name_en, phone } => Edit::AddPlace {
            kind: PlaceKind::NurseStation,
            id,
            fields: PlaceFields { name, name_en, phone, order: String::new() },
        },
        AddWhat::Period { id, name, start, end, weight, extend } => {
            Edit::AddPeriod { id, fields: PeriodFields { name, start, end, weight, extend } }
        }
    }
}

/// `toban members add`: writes `edit` into the rules (checked by the loader first, nothing
/// written when refused) and audits it.
pub fn add(args: &Args, edit: &Edit, lang: Lang) -> anyhow::Result<()> {
    load_inputs(&args.rules, args.calendars.as_deref())?;
    let store = SledStore::open(&args.data)?;
    let now = clock::now()?;
    let applied = match apply_in_dir(&args.rules, edit)
        .with_context(|| format!("edit the rules in {}", args.rules.display()))?
    {
        Ok(applied) => applied,
        Err(EditError::Fields(problems)) => {
            let mut text = ImportMsg::FieldsRefused.render(lang);
            for p in &problems {
                text.push_str(&format!("\n  - {}", p.render(lang)));
            }
            return Err(Refused(text).into());
        }
        Err(EditError::Invalid(e)) => {
            let text = format!("{}\n{}", ImportMsg::AddRefused.render(lang), e.render(lang));
            return Err(Refused(text.trim_end().to_string()).into());
        }
        Err(EditError::NoSuchMember(id)) => anyhow::bail!("no member {id}"),
    };
    let file = applied.path.file_name().map(|n| n.to_string_lossy().into_owned());
    let file = file.unwrap_or_default();
    let (id, name, note) = match edit {
        Edit::AddDoctor { id, fields } | Edit::EditDoctor { id, fields } => {
            (id, &fields.name, None)
        }
        Edit::AddPlace { id, fields, .. } | Edit::EditPlace { id, fields } => {
            (id, &fields.name, None)
        }
        Edit::AddPeriod { id, fields } | Edit::EditPeriod { id, fields } => {
            (id, &fields.name, Some(format!("{} – {}", fields.start.trim(), fields.end.trim())))
        }
    };
    let (id, name) = (id.trim().to_string(), name.trim().to_string());
    let event = AuditEvent::RulesEdited {
        id: id.clone(),
        name: name.clone(),
        added: true,
        file: file.clone(),
        note,
    };
    let by = format!("admin:{}", super::actor::current());
    store.add_audit(&AuditEntry::of(now, &by, event))?;
    println!("{}", ImportMsg::Added { id, name, file }.render(lang));
    Ok(())
}
