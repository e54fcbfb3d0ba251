//! [`RotaStore`](super::super::RotaStore) on each backend: rotas, drafts, history, absences.

use chrono::NaiveDate;

use super::super::records::fixtures::*;
use super::super::*;
use super::*;
use crate::ids::{AbsenceId, SwapRequestId};

#[test]
fn a_saved_rota_reads_back_unchanged() {
    each_backend(|store| {
        store.put_rota(&rota(2027)).expect("put");
        assert_eq!(store.rota(2027).expect("read"), Some(rota(2027)));
        assert_eq!(store.rota(2028).expect("read"), None);
    });
}

#[test]
fn a_draft_and_a_published_rota_of_one_year_live_side_by_side() {
    each_backend(|store| {
        let mut draft = rota(2027);
        draft.status = RotaStatus::Draft;
        draft.published_at = None;
        draft.slots[0].doctors = vec!["d09".into()];
        store.put_rota(&draft).expect("put draft");
        store.put_rota(&rota(2027)).expect("put published");
        assert_eq!(store.rotas().expect("list"), vec![rota(2027), draft.clone()]);
        assert_eq!(
            store.rota(2027).expect("read"),
            Some(draft.clone()),
            "the draft is the latest version"
        );
        assert_eq!(
            store.rota_version(2027, RotaStatus::Published).expect("read"),
            Some(rota(2027))
        );
        let mut newer = rota(2027);
        newer.slots[0].doctors = vec!["d02".into()];
        store.put_rota(&newer).expect("replace published");
        assert_eq!(store.rota_version(2027, RotaStatus::Published).expect("read"), Some(newer));
    });
}

#[test]
fn publishing_turns_the_draft_into_the_published_rota_at_once() {
    each_backend(|store| {
        let mut draft = rota(2027);
        draft.status = RotaStatus::Draft;
        draft.published_at = None;
        draft.slots[0].doctors = vec!["d09".into()];
        store.put_rota(&rota(2027)).expect("put published");
        store.put_rota(&draft).expect("put draft");
        let at = rota(2027).saved_at;
        let published = store.publish(2027, at).expect("publish").expect("there was a draft");
        assert_eq!(published.status, RotaStatus::Published);
        assert_eq!(published.slots[0].doctors, vec!["d09".to_string()]);
        assert_eq!(store.rota_version(2027, RotaStatus::Draft).expect("read"), None);
        assert_eq!(store.rota(2027).expect("read"), Some(published));
        assert_eq!(store.publish(2027, at).expect("publish again"), None, "no draft left");
    });
}

#[test]
fn rotas_are_listed_by_ascending_year() {
    each_backend(|store| {
        for year in [2030, 999, 2027, 10000, 2029] {
            store.put_rota(&rota(year)).expect("put");
        }
        let years: Vec<i32> = store.rotas().expect("list").iter().map(|r| r.year).collect();
        assert_eq!(years, vec![999, 2027, 2029, 2030, 10000]);
    });
}

#[test]
fn a_rota_with_non_finite_solver_seconds_is_refused_instead_of_saved_unreadable() {
    each_backend(|store| {
        let mut bad = rota(2027);
        bad.fairness.seconds = f64::NAN;
        let err = store.put_rota(&bad).expect_err("NaN has no JSON form");
        assert!(matches!(err, StoreError::Unencodable { .. }), "{err}");
        assert_eq!(store.rotas().expect("list"), vec![]);
    });
}

#[test]
fn importing_the_same_history_twice_adds_then_replaces_and_changes_nothing() {
    each_backend(|store| {
        let records = vec![
            duty(day(2026, 4, 6), "d01", DutySource::Import),
            duty(day(2026, 4, 13), "d02", DutySource::Import),
            duty(day(2026, 4, 6), "d03", DutySource::Import),
        ];
        let first = store.import_history(&records).expect("first import");
        assert_eq!(first, ImportOutcome { added: 3, replaced: 0 });
        let after_first = store.history().expect("history");
        let second = store.import_history(&records).expect("second import");
        assert_eq!(second, ImportOutcome { added: 0, replaced: 3 });
        assert_eq!(store.history().expect("history"), after_first);
    });
}

#[test]
fn an_imported_duty_replaces_the_one_with_the_same_start_and_doctor() {
    each_backend(|store| {
        store.import_history(&[duty(day(2026, 4, 6), "d01", DutySource::Import)]).expect("import");
        let mut corrected = duty(day(2026, 4, 6), "d01", DutySource::Rota);
        corrected.weight = 3;
        let outcome = store
            .import_history(&[corrected.clone(), duty(day(2026, 4, 6), "d02", DutySource::Rota)])
            .expect("import");
        assert_eq!(outcome, ImportOutcome { added: 1, replaced: 1 });
        assert_eq!(store.history().expect("history")[0], corrected);
    });
}

#[test]
fn a_duplicate_within_one_import_counts_as_replaced_and_the_last_one_wins() {
    each_backend(|store| {
        let first = duty(day(2026, 4, 6), "d01", DutySource::Import);
        let mut last = first.clone();
        last.kind = "golden_week".to_string();
        let outcome = store.import_history(&[first, last.clone()]).expect("import");
        assert_eq!(outcome, ImportOutcome { added: 1, replaced: 1 });
        assert_eq!(store.history().expect("history"), vec![last]);
    });
}

#[test]
fn history_is_listed_by_slot_start_then_doctor() {
    each_backend(|store| {
        let records = vec![
            duty(day(2027, 1, 4), "d02", DutySource::Rota),
            duty(day(2026, 12, 28), "d10", DutySource::Import),
            duty(day(2027, 1, 4), "d01", DutySource::Rota),
            duty(day(2026, 12, 28), "d09", DutySource::Import),
        ];
        store.import_history(&records).expect("import");
        let order: Vec<(NaiveDate, String)> = store
            .history()
            .expect("history")
            .into_iter()
            .map(|d| (d.slot_start, d.doctor))
            .collect();
        assert_eq!(
            order,
            vec![
                (day(2026, 12, 28), "d09".to_string()),
                (day(2026, 12, 28), "d10".to_string()),
                (day(2027, 1, 4), "d01".to_string()),
                (day(2027, 1, 4), "d02".to_string()),
            ]
        );
    });
}

#[test]
fn an_empty_import_adds_nothing() {
    each_backend(|store| {
        assert_eq!(store.import_history(&[]).expect("import"), ImportOutcome::default());
        assert_eq!(store.history().expect("history"), vec![]);
    });
}

#[test]
fn absences_get_ascending_ids_from_one_and_can_be_removed() {
    each_backend(|store| {
        let a = store.add_absence(new_absence("d01", day(2027, 3, 1), 2)).expect("add");
        let b = store.add_absence(new_absence("d02", day(2027, 2, 1), 0)).expect("add");
        let c = store.add_absence(new_absence("d01", day(2027, 5, 3), 6)).expect("add");
        assert_eq!((a.id, b.id, c.id), (AbsenceId::new(1), AbsenceId::new(2), AbsenceId::new(3)));
        assert_eq!(b, new_absence("d02", day(2027, 2, 1), 0).with_id(AbsenceId::new(2)));
        assert_eq!(store.absences().expect("list"), vec![a.clone(), b.clone(), c.clone()]);

        assert!(store.remove_absence(AbsenceId::new(2)).expect("remove"), "absence 2 existed");
        assert!(
            !store.remove_absence(AbsenceId::new(2)).expect("remove"),
            "absence 2 is already gone"
        );
        assert!(
            !store.remove_absence(AbsenceId::new(99)).expect("remove"),
            "absence 99 never existed"
        );
        assert_eq!(store.absences().expect("list"), vec![a, c]);
    });
}

#[test]
fn a_removed_absence_id_is_never_given_again() {
    each_backend(|store| {
        let first = store.add_absence(new_absence("d01", day(2027, 3, 1), 2)).expect("add");
        store.remove_absence(first.id).expect("remove");
        let second = store.add_absence(new_absence("d01", day(2027, 3, 1), 2)).expect("add");
        assert_eq!(second.id, AbsenceId::new(2));
    });
}

#[test]
fn absence_ids_past_255_still_list_in_ascending_order() {
    each_backend(|store| {
        for _ in 0..300 {
            store.add_absence(new_absence("d01", day(2027, 3, 1), 0)).expect("add");
        }
        let ids: Vec<AbsenceId> = store.absences().expect("list").iter().map(|a| a.id).collect();
        assert_eq!(ids, (1..=300).map(AbsenceId::new).collect::<Vec<_>>());
    });
}

/// d01 away 20–22 March, created at 01:00.
pub(super) fn away(note: &str) -> NewAbsence {
    NewAbsence {
        doctor: "d01".into(),
        from: NaiveDate::from_ymd_opt(2027, 3, 20).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 3, 22).unwrap(),
        note: Some(note.into()),
        created_at: hour(1),
        soft: false,
    }
}

#[test]
fn an_absence_added_twice_under_one_origin_is_added_once() {
    each_backend(|store| {
        let origin = Origin::telegram(7);
        let first = store.add_absence_once(away("学会"), &origin).unwrap();
        let again = store.add_absence_once(away("学会"), &origin).unwrap();
        assert_eq!(first, again);
        assert_eq!(store.absences().unwrap().len(), 1);
        // Another origin is another absence; a LINE event's origin too.
        store.add_absence_once(away("学会"), &Origin::telegram(8)).unwrap();
        let line = Origin::line("01HLINEEVENT");
        let by_line = store.add_absence_once(away("学会"), &line).unwrap();
        assert_eq!(store.add_absence_once(away("学会"), &line).unwrap(), by_line);
        assert_eq!(store.absences().unwrap().len(), 3);
        assert_eq!(store.effect_of(&origin).unwrap(), Some(Effect::Absence(first)));
        // An origin is not reused for another kind of effect.
        let note =
            Note { slot: "s".into(), by: "d01".parse().unwrap(), text: "t".into(), at: hour(1) };
        assert!(!store.add_note_once(&note, &origin).unwrap());
        assert!(store.notes("s").unwrap().is_empty());
    });
}

/// d01's cover request for `slot` to d02, to be added (id 0) in `group` (`Some(0)`: the first
/// new request's id).
fn cover_request(slot: &str, group: Option<SwapRequestId>) -> SwapRequest {
    SwapRequest {
        id: SwapRequestId::new(0),
        proposer: "d01".parse().unwrap(),
        slot: slot.into(),
        target: "d02".parse().unwrap(),
        their_slot: None,
        created_at: hour(1),
        status: SwapStatus::Pending,
        group,
        deadline: Some(hour(23)),
        version: 0,
        slot_start: None,
        their_start: None,
        part: None,
        rota: None,
    }
}

// Issue 21: swap requests had no test on PostgreSQL, and their ids were bare numbers that any
// other number could stand for.
#[test]
fn swap_requests_get_ascending_typed_ids_and_are_replaced_only_over_their_version() {
    each_backend(|store| {
        let first = store.add_swap_request(&cover_request("2027-06-01", None)).unwrap();
        let id: SwapRequestId = first.id;
        assert_eq!(id, SwapRequestId::new(1), "ids start at 1");
        // A group of two added in one commit: the group is the first new request's id.
        let zero = Some(SwapRequestId::new(0));
        let commit = SwapCommit {
            requests: vec![cover_request("2027-06-08", zero), cover_request("2027-06-15", zero)],
            ..SwapCommit::default()
        };
        let added = store.commit_swap(&commit, &|_, _| Vec::new(), hour(2)).unwrap().unwrap();
        let ids: Vec<_> = added.iter().map(|r| r.id).collect();
        assert_eq!(ids, [SwapRequestId::new(2), SwapRequestId::new(3)]);
        assert!(added.iter().all(|r| r.group == Some(SwapRequestId::new(2))), "{added:?}");
        // Replaced over the version it was read at, and only so.
        let accepted = SwapRequest { status: SwapStatus::Accepted, version: 1, ..first.clone() };
        store.put_swap_request(&accepted).unwrap();
        let stale = SwapRequest { status: SwapStatus::Declined, version: 1, ..first };
        assert!(matches!(store.put_swap_request(&stale), Err(StoreError::RequestConflict { .. })));
        let all = store.swap_requests().unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0], accepted, "by id, the accepted one kept");
        // The records keep the bare numbers they had before the type existed.
        let json = serde_json::to_value(&all[1]).unwrap();
        assert_eq!((json["id"].clone(), json["group"].clone()), (2.into(), 2.into()));
    });
}

/// A rota record of another rota as the store wrote it before rota ids had a type (issue 21).
const NORTH_2027_AS_WRITTEN: &str = r#"{"rota":"north","year":2027,"status":"published","saved_at":"2026-11-20T03:00:00Z","published_at":"2026-12-01T00:00:00Z","slots":[{"id":"2027-w01","start":"2027-01-05T09:00:00+09:00","end":"2027-01-12T09:00:00+09:00","kind":"regular","weight":2,"holidays":[],"doctors":["d01"]},{"id":"2027-w02","start":"2027-01-12T09:00:00+09:00","end":"2027-01-19T09:00:00+09:00","kind":"regular","weight":2,"holidays":[],"doctors":["d02","d03"]}],"reserved":[{"id":"2028-ny","start":"2027-12-29T09:00:00+09:00","end":"2028-01-05T09:00:00+09:00","kind":"new_year","weight":4,"holidays":["2028-01-01"],"doctors":["d04"]}],"frozen":["2027-w01"],"fairness":{"range":2,"bound":2,"optimal":true,"holidays_bound":2,"sum_squares":6,"solver":"microlp","seconds":0.25},"doctors":[{"id":"d01","regular":5,"holiday":{"new_year":1},"load":14,"target":13,"balance":-1,"deviation":0}]}"#;

/// What the rota id type buys (issue 21): the store's rota methods take a [`RotaId`], which
/// reaches the records as the bare string they had before the type existed; a record written
/// then reads back and is written again byte for byte, and the main rota's has no `rota` field.
#[test]
fn typed_rota_ids_reach_their_records_which_keep_the_bare_string() {
    use crate::rules::RotaId;
    each_backend(|store| {
        let north: RotaId = "north".parse().unwrap();
        let trees = store.every_tree();
        let (_, tree) = trees.iter().find(|(n, _)| *n == "rotas").expect("the rotas tree");
        tree.insert("north/2027", NORTH_2027_AS_WRITTEN).unwrap();
        store.put_rota(&rota(2027)).unwrap();
        let back = store.rota_of(&north, 2027).unwrap().expect("the record written before");
        assert_eq!(back.rota, north);
        assert_eq!(serde_json::to_string(&back).unwrap(), NORTH_2027_AS_WRITTEN);
        assert_eq!(store.rotas_of(&north).unwrap(), std::slice::from_ref(&back));
        assert_eq!(store.rotas_of(&RotaId::main()).unwrap(), [rota(2027)]);
        store.put_rota(&back).unwrap();
        let raw = tree.get("north/2027").unwrap().expect("written again");
        assert_eq!(String::from_utf8(raw).unwrap(), NORTH_2027_AS_WRITTEN, "byte for byte");
        let main: serde_json::Value =
            serde_json::from_slice(&tree.get("2027").unwrap().unwrap()).unwrap();
        assert!(main.get("rota").is_none(), "the main rota's record has no rota field");
        let published = store.publish_of(&north, 2027, rota(2027).saved_at).unwrap();
        assert_eq!(published, None, "no draft of north");
        assert!(!store.discard_draft_of(&north, 2027).unwrap());
        let mut details = super::details("A");
        details.rota = Some(north.clone());
        let patient = store.add_patient(details, super::minute(0)).unwrap();
        let got = store.patient(patient.id).unwrap().expect("registered");
        assert_eq!(got.details.rota, Some(north));
        let (_, patients) = trees.iter().find(|(n, _)| *n == "patients").expect("patients");
        let raw = patients.get(patient.id.to_be_bytes()).unwrap().expect("stored");
        let raw: serde_json::Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(raw["rota"], "north", "a bare string");
    });
}
