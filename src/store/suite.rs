//! The store's shared test suite (issue 21): one module per role trait, every test run on
//! each backend through [`each_backend`], so "both backends pass one suite" is what
//! `cargo test --lib store::suite` shows (`FeedStore` in `feeds`, `WebStore` in `web`, …).
//!
//! sled always runs; PostgreSQL runs when `TOBAN_TEST_PG` names a database, and must under
//! `CI` (see [`super::pg_tests::test_pg`]). Tests of one backend only (sled's directory lock,
//! its schema migrations, a damaged file; PostgreSQL's associations and connections) stay
//! beside that backend.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::{Invite, TreeStore};
use crate::plan::testing::sosa;
use crate::routing::{Call, CallId, Notice, PatientDetails};

mod audit;
mod calls;
mod chat;
mod feeds;
mod history;
mod registry;
mod rotas;
mod web;

/// Runs `test` on a new, empty store of each backend in turn, and names the backend of a
/// failure.
pub(super) fn each_backend(test: impl Fn(TreeStore)) {
    let mut stores = vec![("sled", TreeStore::temporary_sled().expect("a sled store opens"))];
    if let Some(url) = super::pg_tests::test_pg() {
        let store = TreeStore::temporary_postgres(&url).expect("a PostgreSQL store opens");
        stores.push(("PostgreSQL", store));
    }
    for (backend, store) in stores {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| test(store))) {
            eprintln!("failed on {backend}");
            resume_unwind(panic);
        }
    }
}

#[test]
fn the_suite_runs_on_sled_and_on_postgresql_when_it_is_named() {
    let runs = std::cell::Cell::new(0);
    each_backend(|_| runs.set(runs.get() + 1));
    let pg = std::env::var(super::TEST_PG_VAR).is_ok_and(|url| !url.trim().is_empty());
    assert_eq!(runs.get(), 1 + usize::from(pg), "sled, and PostgreSQL when named");
}

/// 2 March 2027, 13:`m`.
pub(super) fn minute(m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 2, 13, m, 0).unwrap()
}

/// 2 March 2027, `h`:00.
pub(super) fn hour(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 2, h, 0, 0).unwrap()
}

pub(super) fn details(name: &str) -> PatientDetails {
    PatientDetails {
        name: name.into(),
        address: "匝瑳市".into(),
        area: None,
        attending: "d01".parse().unwrap(),
        hospital: None,
        diagnosis: String::new(),
        medications: String::new(),
        wishes: "DNAR".into(),
        consent: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        visit: Default::default(),
        substitute: None,
        rota: None,
    }
}

pub(super) fn raise(id: CallId) -> (Call, Vec<Notice>) {
    let (a, c, chain) = crate::routing::testing::one_chain(&sosa());
    Call::raise(id, crate::ids::PatientId::new(1), a, c, "note".into(), chain, minute(0))
}

pub(super) fn invite(hash: &str, member: &str) -> Invite {
    Invite {
        hash: hash.into(),
        member: member.parse().unwrap(),
        created_at: hour(0),
        expires_at: hour(10),
        used_at: None,
    }
}
