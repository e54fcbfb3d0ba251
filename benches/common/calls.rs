//! What the benchmarks that drive the store and the call engine in-process share (`engine`,
//! `engine_round`, `store_backends`): the clock, patients to raise calls for, one resolved
//! chain, a call raised on it, percentiles (`wakeup` too). Included with `#[path]` (not through
//! `common/mod.rs`, whose binary helpers these benches do not use); each bench uses part of it.
#![allow(dead_code, unused_imports)]

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use toban::ids::PatientId;
use toban::routing::{Call, PatientDetails, Step};
use toban::rules::{MemberId, Rules};
use toban::store::Store;

/// The benchmarks' moment: Tuesday 2027-03-02 22:00 JST.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap()
}

/// Adds `n` patients (ids 1..=n on a new store), attended by the doctors in turn, so that each
/// raise of patient `i` is a new call, not a follow-up.
pub fn add_patients(rules: &Rules, store: &dyn Store, n: usize) {
    for i in 0..n {
        let details = PatientDetails {
            name: format!("患者 {i}"),
            address: "千葉県匝瑳市".into(),
            area: Some("八日市場".into()),
            attending: rules.doctors[i % rules.doctors.len()].id.clone(),
            hospital: None,
            diagnosis: String::new(),
            medications: String::new(),
            wishes: "DNAR".into(),
            consent: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            visit: Default::default(),
            substitute: None,
            rota: None,
        };
        store.add_patient(details, now()).expect("patient");
    }
}

pub use toban::routing::testing::one_chain;

/// A chain resolved once ([`one_chain`]): the attending doctor, the caller and the steps.
pub type Chain = (MemberId, MemberId, Vec<Step>);

/// Stores one new call for patient 1 on `chain` with its first notices: the write alone
/// (`Store::raise_call`, one transaction, nothing read to resolve the chain). Returns the call.
pub fn raise_one(store: &dyn Store, chain: &Chain, now: DateTime<Utc>) -> Call {
    let (attending, caller, steps) = chain;
    let raise = |id| {
        let (a, c) = (attending.clone(), caller.clone());
        Call::raise(id, PatientId::new(1), a, c, "x".into(), steps.clone(), now)
    };
    store.raise_call(&raise, now).expect("raise").0
}

/// The `p`-th quantile (0..=1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}
