//! `toban hospital patients|beds` and `toban board` (issue 20): each backup hospital's list of
//! registered patients for the quarterly information exchange, the hospitals' bed vacancy, and
//! the board of clinics accepting new home patients.
//!
//! Key decision: a patient list leaving the system is patient data going out: it is written
//! readable by the office alone (like the contact sheet) and audited with its hospital, count
//! and format; the terminal's text form is audited too.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};

use super::Format;
use super::load::UsageError;
use crate::desk::beds;
use crate::msg::hospital::HospMsg;
use crate::msg::{Lang, Message};
use crate::rules::{Hospital, Rules};
use crate::store::{AuditEvent, BedStatus, HospitalEvent, Store};

/// `toban hospital ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum HospitalAction {
    /// The registered patients whose backup hospital is HOSPITAL, for the quarterly information
    /// exchange: number, name, date of birth, district, attending clinic, diagnosis, nurse
    /// station, consent and course (no address, medication or family contact). Audited.
    Patients {
        /// The hospital's id (see `toban check`).
        hospital: String,
        /// text for the terminal, csv for Excel (with a BOM), html for one printable A4 page.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Write to this file (readable by you alone) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The hospitals' bed vacancy (as their staff set it in chat with /beds), or set one for a
    /// hospital: `toban hospital beds h1 full` (open, consult, full, or a number of free beds).
    Beds {
        /// The hospital whose status to set.
        hospital: Option<String>,
        /// The status: open, consult, full, 空床あり, 要相談, 満床, or free beds (0: full).
        status: Option<String>,
    },
}

/// Formats of a hospital's patient list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Tab-separated text.
    Text,
    /// CSV with a byte-order mark (Excel reads Japanese then).
    Csv,
    /// One printable A4 page.
    Html,
}

fn hospital<'r>(rules: &'r Rules, id: &str, lang: Lang) -> anyhow::Result<&'r Hospital> {
    rules
        .hospitals
        .iter()
        .find(|h| h.id.as_str() == id)
        .ok_or_else(|| UsageError(HospMsg::NoSuchHospital(id.into()).render(lang)).into())
}

/// Runs `toban hospital ...`.
///
/// # Errors
/// An unknown hospital or status (usage), a file that cannot be written, store failures.
pub(super) fn run(
    rules: &Rules,
    store: &dyn Store,
    action: &HospitalAction,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        HospitalAction::Patients { hospital: id, format, out: file } => {
            let h = hospital(rules, id, lang)?;
            let all = store.patients()?;
            let mine = crate::hospital_list::patients_of(id, &all);
            let today = now.with_timezone(&rules.association.tz).date_naive();
            // The CSV and the page go to the hospital: in the association's language, like the
            // contact sheet; the terminal's text in the reader's.
            let doc = rules.association.language;
            let bytes = match format {
                ListFormat::Text => crate::hospital_list::text(rules, h, &mine, lang).into_bytes(),
                ListFormat::Csv => {
                    let sheet = crate::hospital_list::sheet(rules, h, &mine, doc);
                    crate::sheets::csv(&[sheet], file.is_some())?
                }
                ListFormat::Html => {
                    crate::hospital_list::html(rules, h, &mine, today, doc).into_bytes()
                }
            };
            let format_word = format.to_possible_value().map(|v| v.get_name().to_string());
            let event = HospitalEvent::PatientList {
                hospital: id.clone(),
                n: mine.len(),
                format: format_word.unwrap_or_default(),
            };
            match file {
                Some(path) => {
                    super::desk::write_file(path, &bytes)?;
                    super::desk::record(store, now, AuditEvent::Hospital(event))?;
                    let path = path.display().to_string();
                    let done =
                        HospMsg::ListWritten { hospital: h.name.clone(), n: mine.len(), path };
                    writeln!(out, "{}", done.render(lang))?;
                }
                None => {
                    super::desk::record(store, now, AuditEvent::Hospital(event))?;
                    out.write_all(&bytes)?;
                }
            }
            Ok(())
        }
        HospitalAction::Beds { hospital: None, .. } => {
            let lines = beds::bed_lines(rules, store, now)?;
            writeln!(out, "{}", HospMsg::Beds(lines).render(lang))?;
            Ok(())
        }
        HospitalAction::Beds { hospital: Some(id), status } => {
            hospital(rules, id, lang)?;
            let given = status.clone().unwrap_or_default();
            let parsed = BedStatus::parse(&given)
                .ok_or_else(|| UsageError(HospMsg::BedsBad { given }.render(lang)))?;
            let by = format!("admin:{}", super::actor::current());
            beds::set_beds(rules, store, id, parsed, &by, now)?;
            let set = HospMsg::BedsSet {
                hospital: rules.name_of(id).to_string(),
                status: parsed.0,
                vacant: parsed.1,
            };
            writeln!(out, "{}", set.render(lang))?;
            Ok(())
        }
    }
}

/// Runs `toban board`: the board of clinics accepting new home patients.
///
/// # Errors
/// Store failures.
pub(super) fn board(
    rules: &Rules,
    store: &dyn Store,
    format: Format,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&store.board()?)?)?;
        return Ok(());
    }
    let lines = beds::board_lines(rules, store, now)?;
    writeln!(out, "{}", HospMsg::Board(lines).render(lang))?;
    Ok(())
}
