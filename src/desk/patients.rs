//! The patient registry's changes: register, edit, remove, and the family's contact sheet. The
//! one path of `toban patient add|edit|remove|sheet` and of the console's patient forms: the
//! callers only gather the fields (flags over a file, or a form) and say who acts.
//!
//! Key decisions:
//! - Fields are taken as given, as text, and checked here with the command line's own messages
//!   ([`MsgRefusal`]): a form shows the same reason as the terminal.
//! - A change to a record is decided on the stored record and written with its audit entry in
//!   one transaction ([`change_as`]); if another writer came first it is decided again.

use chrono::{DateTime, NaiveDate, Utc};

use crate::msg::record::RecordMsg;
use crate::msg::refusal::Refusal as MsgRefusal;
use crate::routing::{Patient, PatientDetails, PatientId, VisitRecord};
use crate::rules::{MemberId, RotaId, Rules};
use crate::store::{AuditEntry, AuditEvent, PatientWrite, Store};

/// A patient's fields as given: `None` leaves a field as it is (editing) or unset
/// (registering); `Some("")` clears an optional one. Only what the minimal record holds.
#[derive(Debug, Clone, Default)]
pub struct PatientInput {
    /// Full name.
    pub name: Option<String>,
    /// Home address.
    pub address: Option<String>,
    /// District.
    pub area: Option<String>,
    /// The attending doctor's id.
    pub attending: Option<String>,
    /// The registered backup hospital's id.
    pub hospital: Option<String>,
    /// Main diagnosis.
    pub diagnosis: Option<String>,
    /// Key medications.
    pub medications: Option<String>,
    /// Documented wishes.
    pub wishes: Option<String>,
    /// The consent date.
    pub consent: Option<NaiveDate>,
    /// Date of birth (`Some(None)` clears it).
    pub born: Option<Option<NaiveDate>>,
    /// The key person.
    pub key_person: Option<String>,
    /// How to reach the family at night.
    pub family_contact: Option<String>,
    /// Allergies.
    pub allergies: Option<String>,
    /// The visiting-nurse station's id.
    pub nurse_station: Option<String>,
    /// The substitute attending doctor's id.
    pub substitute: Option<String>,
    /// The rota whose duty doctor the patient's calls ask (`Some(None)`: the association's).
    pub rota: Option<Option<RotaId>>,
}

/// `s` as a member id, or the command line's refusal naming `flag`.
///
/// # Errors
/// [`MsgRefusal::BadId`] when `s` cannot be an id.
pub(crate) fn member_id(s: &str, flag: &'static str) -> Result<MemberId, MsgRefusal> {
    s.parse().map_err(|_| MsgRefusal::BadId { flag, id: s.to_string() })
}

/// An optional id: `None` when blank.
fn optional_id(s: &Option<String>, flag: &'static str) -> Result<Option<MemberId>, MsgRefusal> {
    s.as_deref().filter(|s| !s.trim().is_empty()).map(|s| member_id(s, flag)).transpose()
}

/// Registers a patient from `i` at `now`, audited as `by`.
///
/// # Errors
/// [`MsgRefusal::PatientFieldMissing`] for a missing name, address, attending doctor or consent
/// date; [`MsgRefusal::BadId`]; [`MsgRefusal::PatientInvalid`] when the record does not hold
/// (an unknown doctor, a consent date in the future, a field too long); store failures.
pub fn register(
    rules: &Rules,
    store: &dyn Store,
    i: &PatientInput,
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<Patient> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let need = |v: &Option<String>, what: &'static str| {
        v.clone().ok_or(MsgRefusal::PatientFieldMissing(what))
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let details = PatientDetails {
        name: need(&i.name, "name")?,
        address: need(&i.address, "address")?,
        area: i.area.clone().filter(|a| !a.trim().is_empty()),
        attending: member_id(&need(&i.attending, "attending")?, "--attending")?,
        hospital: i.hospital.as_deref().map(|h| member_id(h, "--hospital")).transpose()?,
        diagnosis: text(&i.diagnosis),
        medications: text(&i.medications),
        wishes: text(&i.wishes),
        consent: i.consent.ok_or(MsgRefusal::PatientFieldMissing("consent"))?,
        visit: VisitRecord {
            born: i.born.flatten(),
            key_person: text(&i.key_person),
            family_contact: text(&i.family_contact),
            nurse_station: optional_id(&i.nurse_station, "--nurse-station")?,
            allergies: text(&i.allergies),
        },
        substitute: optional_id(&i.substitute, "--substitute")?,
        rota: i.rota.clone().flatten(),
    }
    .validated(rules, today)
    .map_err(MsgRefusal::PatientInvalid)?;
    let p = store.add_patient(details, now)?;
    store.add_audit(&AuditEntry::of(now, by, AuditEvent::PatientRegistered { patient: p.id }))?;
    Ok(p)
}

/// Changes patient `id`'s record as `i` says (only the fields given), at `now`, audited as
/// `by`, in one transaction.
///
/// # Errors
/// [`MsgRefusal::NoSuchPatient`]; [`MsgRefusal::BadId`]; a consent date after the course began
/// ([`RecordMsg::EditRefused`]); [`MsgRefusal::PatientInvalid`]; store failures.
pub fn edit(
    rules: &Rules,
    store: &dyn Store,
    id: PatientId,
    i: &PatientInput,
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<Patient> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let decide = |mut p: Patient| -> anyhow::Result<Patient> {
        let d = &mut p.details;
        let set = |field: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                field.clone_from(v);
            }
        };
        set(&mut d.name, &i.name);
        set(&mut d.address, &i.address);
        set(&mut d.diagnosis, &i.diagnosis);
        set(&mut d.medications, &i.medications);
        set(&mut d.wishes, &i.wishes);
        if let Some(a) = &i.area {
            d.area = (!a.trim().is_empty()).then(|| a.clone());
        }
        if let Some(a) = &i.attending {
            d.attending = member_id(a, "--attending")?;
        }
        if i.hospital.is_some() {
            d.hospital = optional_id(&i.hospital, "--hospital")?;
        }
        let v = &mut d.visit;
        set(&mut v.key_person, &i.key_person);
        set(&mut v.family_contact, &i.family_contact);
        set(&mut v.allergies, &i.allergies);
        if let Some(b) = i.born {
            v.born = b;
        }
        if i.nurse_station.is_some() {
            v.nurse_station = optional_id(&i.nurse_station, "--nurse-station")?;
        }
        if let Some(r) = &i.rota {
            d.rota.clone_from(r);
        }
        if i.substitute.is_some() {
            d.substitute = optional_id(&i.substitute, "--substitute")?;
        }
        if let Some(c) = i.consent {
            // The course cannot start before the registration: a new consent after a move or
            // a withdrawal is `reregistered`, never a later consent date.
            crate::routing::course::check_consent(&p, c).map_err(|why| {
                let m = RecordMsg::EditRefused { patient: id, why };
                MsgRefusal::Record(Box::new(m))
            })?;
            p.details.consent = c;
        }
        p.details =
            p.details.clone().validated(rules, today).map_err(MsgRefusal::PatientInvalid)?;
        Ok(p)
    };
    let audited = AuditEvent::PatientUpdated { patient: id };
    change_as(store, id, now, by, audited, &decide)
        .map_err(|e| if e.is::<Missing>() { MsgRefusal::NoSuchPatient(id).into() } else { e })
}

/// Removes patient `id`'s record at `now`, audited as `by` with `reason` (trimmed); says
/// whether the registration had ended before (if not, and without a reason, the caller says
/// that the patient leaves the annual report).
///
/// # Errors
/// [`MsgRefusal::NoSuchPatient`]; store failures.
pub fn remove(
    store: &dyn Store,
    id: PatientId,
    reason: Option<&str>,
    now: DateTime<Utc>,
    by: &str,
) -> anyhow::Result<bool> {
    let ended = store.patient(id)?.is_some_and(|p| p.ended().is_some());
    if !store.remove_patient(id)? {
        return Err(MsgRefusal::NoSuchPatient(id).into());
    }
    let reason = reason.map(|r| r.trim().to_string());
    store.add_audit(&AuditEntry::of(
        now,
        by,
        AuditEvent::PatientRemoved { patient: id, reason },
    ))?;
    Ok(ended)
}

/// Patient `id`'s contact sheet for the household (self-contained HTML), handed to `deliver`
/// (a file, a download) and then audited as `by`.
///
/// # Errors
/// [`MsgRefusal::NoSuchPatient`]; `deliver`'s failure (nothing audited); store failures.
pub fn sheet(
    rules: &Rules,
    store: &dyn Store,
    id: PatientId,
    now: DateTime<Utc>,
    by: &str,
    deliver: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let today = now.with_timezone(&rules.association.tz).date_naive();
    let p = store.patient(id)?.ok_or(MsgRefusal::NoSuchPatient(id))?;
    deliver(&crate::sheet::contact_sheet(rules, &p, today))?;
    store.add_audit(&AuditEntry::of(now, by, AuditEvent::ContactSheet { patient: id }))?;
    Ok(())
}

/// [`change_as`] found no patient of that number.
#[derive(Debug, thiserror::Error)]
#[error("no such patient")]
pub(crate) struct Missing;

/// How many times [`change_as`] decides again when another writer came first.
const TRIES: usize = 5;

/// Changes patient `id`'s record as `decide` says (given the stored record, it returns the new
/// one or refuses) and writes it with the audit entry of `event`, done `by`, in one transaction
/// ([`Store::commit_patient`]), stamped `now`: a change is never kept without its audit, nor
/// audited without being kept. If the record changed between the read and the write (a chat
/// command, the console), it is read and decided again, so a course is always checked against
/// the course it extends.
///
/// # Errors
/// [`Missing`] when there is no such patient; `decide`'s refusal; a
/// [`RecordMsg::ChangedMeanwhile`] refusal after [`TRIES`] lost races; store failures.
pub(crate) fn change_as(
    store: &dyn Store,
    id: PatientId,
    now: DateTime<Utc>,
    by: &str,
    event: AuditEvent,
    decide: &dyn Fn(Patient) -> anyhow::Result<Patient>,
) -> anyhow::Result<Patient> {
    let audit = AuditEntry::of(now, by, event);
    for _ in 0..TRIES {
        let read = store.patient(id)?.ok_or(Missing)?;
        let mut p = decide(read.clone())?;
        p.updated_at = now;
        match store.commit_patient(&read, &p, &audit)? {
            PatientWrite::Written => return Ok(p),
            PatientWrite::Missing => return Err(Missing.into()),
            PatientWrite::Changed => continue,
        }
    }
    Err(MsgRefusal::Record(Box::new(RecordMsg::ChangedMeanwhile { patient: id })).into())
}
