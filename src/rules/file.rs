//! The TOML shape of one `rules/*.toml` file, mirrored by serde.
//!
//! Every section is optional in a single file: an association may keep all of its rules in one file
//! or split them (for example `association.toml` and `members.toml`). `load` merges the files and
//! complains when a section is given twice. Values that need checking beyond their TOML type are
//! kept `Spanned`, so a problem can point at the exact line; `deny_unknown_fields` turns a typo into
//! an error instead of a silently ignored setting.

// The fields mirror the TOML keys one to one; their meaning is documented in the shipped
// rules/*.toml and on the validated types in `rules`.
#![allow(missing_docs)]

use serde::Deserialize;
use toml::Spanned;

/// One parsed rules file, before validation.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub association: Option<Spanned<AssociationSection>>,
    pub duty: Option<Spanned<DutySection>>,
    pub weights: Option<Spanned<WeightsSection>>,
    pub exemption: Option<Spanned<ExemptionSection>>,
    pub escalation: Option<Spanned<EscalationSection>>,
    pub feed: Option<Spanned<FeedSection>>,
    pub swap: Option<Spanned<SwapSection>>,
    pub backup: Option<Spanned<BackupSection>>,
    pub delivery: Option<Spanned<DeliverySection>>,
    pub beds: Option<Spanned<BedsSection>>,
    #[serde(default)]
    pub holiday_period: Vec<Spanned<HolidayPeriodSection>>,
    #[serde(default)]
    pub doctor: Vec<Spanned<DoctorSection>>,
    #[serde(default)]
    pub hospital: Vec<Spanned<HospitalSection>>,
    #[serde(default)]
    pub nurse_station: Vec<Spanned<NurseStationSection>>,
    #[serde(default)]
    pub admin: Vec<Spanned<AdminSection>>,
    /// Outbound webhooks (issue 19): `[[webhook]]`.
    #[serde(default)]
    pub webhook: Vec<Spanned<WebhookSection>>,
    /// Further rotas beside the association's own (issue 20): `[[rota]]`.
    #[serde(default)]
    pub rota: Vec<Spanned<RotaSection>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// The name in Latin letters that English readers see.
    pub name_en: Option<Spanned<String>>,
    pub time_zone: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub plan_year_start: Option<Spanned<String>>,
    /// The duty system's number for households at night and on holidays.
    pub phone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutySection {
    pub handover_weekday: Option<Spanned<String>>,
    pub handover_time: Option<Spanned<String>>,
    pub doctors_per_slot: Option<Spanned<i64>>,
    pub min_gap_slots: Option<Spanned<i64>>,
    pub merge_shorter_than_days: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightsSection {
    pub regular_slot: Option<Spanned<i64>>,
    pub holiday_slot: Option<Spanned<i64>>,
    pub public_holiday_day: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptionSection {
    /// An integer number of slots, or the string `"rotation"`.
    pub slots_before_holiday: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationSection {
    pub attending_minutes: Option<Spanned<i64>>,
    pub duty_doctor_minutes: Option<Spanned<i64>>,
    pub hospital_minutes: Option<Spanned<i64>>,
    pub followup_minutes: Option<Spanned<i64>>,
    /// `[escalation.death]`: a death confirmation's step minutes and fallback doctor.
    pub death: Option<DeathSection>,
    /// `[escalation.advice]`: a request for advice by phone.
    pub advice: Option<StepSection>,
}

/// The step minutes of one call type; each one not given is the urgent one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSection {
    pub attending_minutes: Option<Spanned<i64>>,
    pub duty_doctor_minutes: Option<Spanned<i64>>,
    pub hospital_minutes: Option<Spanned<i64>>,
}

/// `[escalation.death]`: the step minutes of a death confirmation, and the doctor asked after
/// the duty doctor (issue 20). Its own table so `fallback` is refused under `[escalation.advice]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeathSection {
    pub attending_minutes: Option<Spanned<i64>>,
    pub duty_doctor_minutes: Option<Spanned<i64>>,
    pub hospital_minutes: Option<Spanned<i64>>,
    /// A doctor's id.
    pub fallback: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwapSection {
    pub admin_approval: Option<Spanned<bool>>,
    pub cover_order: Option<Spanned<String>>,
    pub cover_ask: Option<Spanned<i64>>,
    pub cover_hours: Option<Spanned<i64>>,
    pub cover_turn_hours: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSection {
    pub every_hours: Option<Spanned<i64>>,
    pub keep: Option<Spanned<i64>>,
    pub dir: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverySection {
    pub dead_letter_minutes: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BedsSection {
    pub stale_hours: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSection {
    pub alarm_minutes: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayPeriodSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    #[serde(default)]
    pub extend_over_public_holidays: bool,
    pub weight: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoctorSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// The name in Latin letters, for English readers (issue 18); optional.
    pub name_en: Option<Spanned<String>>,
    pub clinic: Spanned<String>,
    pub fte: Option<Spanned<f64>>,
    /// A TOML date (`2010-04-01`) or the same in quotes.
    pub joined: Option<Spanned<toml::Value>>,
    /// A TOML date or the same in quotes; the last day of membership.
    pub left: Option<Spanned<toml::Value>>,
    pub phone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// The name in Latin letters, for English readers (issue 18); optional.
    pub name_en: Option<Spanned<String>>,
    pub phone: Spanned<String>,
    pub order: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NurseStationSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// The name in Latin letters, for English readers (issue 18); optional.
    pub name_en: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// The name in Latin letters, for English readers (issue 18); optional.
    pub name_en: Option<Spanned<String>>,
    /// The doctor this admin also is, if any.
    pub doctor: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
}

/// `[[webhook]]`: an outbound webhook (issue 19).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSection {
    pub id: Spanned<String>,
    pub url: Spanned<String>,
    /// The name of the environment variable holding the shared secret (never the secret).
    pub secret_env: Spanned<String>,
    /// Member ids; none: every member.
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    /// Kinds of notice (`request`, `reminder` …); none: every kind.
    #[serde(default)]
    pub kinds: Vec<Spanned<String>>,
    /// Only if the request is still unanswered this many minutes after it was sent.
    pub after_minutes: Option<Spanned<i64>>,
}

/// `[[rota]]`: a rota of its own beside the association's (issue 20). The `[duty]` keys and
/// `holiday_periods` not given are the association's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotaSection {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// Doctor ids (a doctor may be in several rotas).
    #[serde(default)]
    pub doctors: Vec<Spanned<String>>,
    pub handover_weekday: Option<Spanned<String>>,
    pub handover_time: Option<Spanned<String>>,
    pub doctors_per_slot: Option<Spanned<i64>>,
    pub min_gap_slots: Option<Spanned<i64>>,
    pub merge_shorter_than_days: Option<Spanned<i64>>,
    /// Holiday period ids this rota has holiday slots for; absent: all of them.
    pub holiday_periods: Option<Vec<Spanned<String>>>,
}
