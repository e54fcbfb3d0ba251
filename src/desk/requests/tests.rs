use crate::store::prelude::*;
use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::ids::SwapRequestId;
use crate::plan::testing::sosa;
use crate::store::SledStore;
use crate::store::records::fixtures;

fn m(id: &str) -> MemberId {
    id.parse().unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 5, 1, 0, 0, 0).unwrap()
}

/// A store with a published 2027 rota where d01 holds 2027-06-01 and d03 holds 2027-09-07.
fn store() -> SledStore {
    let store = SledStore::temporary().unwrap();
    let mut rota = fixtures::rota(2027);
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2027, m, d).unwrap();
    rota.slots = vec![
        fixtures::slot("2027-06-01", day(6, 1), 7, "regular", &["d01"]),
        fixtures::slot("2027-09-07", day(9, 7), 7, "regular", &["d03"]),
    ];
    rota.frozen.clear();
    store.put_rota(&rota).unwrap();
    store
}

/// d01's cover request for 2027-06-01 to `target` (group 0: the first request's id).
fn request(target: &str, deadline: DateTime<Utc>) -> SwapRequest {
    SwapRequest {
        id: SwapRequestId::new(0),
        proposer: m("d01"),
        slot: "2027-06-01".into(),
        target: m(target),
        their_slot: None,
        created_at: t0(),
        status: SwapStatus::Pending,
        group: Some(SwapRequestId::new(0)),
        deadline: Some(deadline),
        version: 0,
        slot_start: None,
        their_start: None,
        part: None,
        rota: None,
    }
}

fn keys(store: &SledStore) -> Vec<String> {
    store.notices().unwrap().into_iter().map(|n| n.notice.key).collect()
}

#[test]
fn an_unanswered_cover_request_alerts_the_admin_once_its_deadline_passes() {
    let rules = sosa();
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let end = t0() + Duration::hours(24);
    // One group of two: d02 declined, d03 asked.
    let declined = SwapRequest { status: SwapStatus::Declined, ..request("d02", end) };
    desk.open_requests(vec![declined, request("d03", end)], "d01", t0()).unwrap();
    assert_eq!(desk.expire_requests(t0()).unwrap(), 0, "not yet");
    assert_eq!(desk.expire_requests(end).unwrap(), 1);
    let k = keys(&store);
    assert!(k.contains(&"swap/1/unfilled/office".to_string()), "{k:?}");
    assert!(k.contains(&"swap/1/unfilled/d01".to_string()), "{k:?}");
    assert_eq!(desk.expire_requests(end).unwrap(), 0);
}

#[test]
fn in_turn_the_next_colleague_is_asked_only_when_the_one_before_declines() {
    let mut rules = sosa();
    rules.swap.cover_order = CoverOrder::InTurn;
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let end = t0() + Duration::hours(24);
    let first = SwapRequest {
        id: SwapRequestId::new(0),
        proposer: m("d01"),
        slot: "2027-06-01".into(),
        target: m("d02"),
        their_slot: None,
        created_at: t0(),
        status: SwapStatus::Pending,
        group: Some(SwapRequestId::new(0)),
        deadline: Some(t0() + Duration::hours(4)),
        version: 0,
        slot_start: None,
        their_start: None,
        part: None,
        rota: None,
    };
    let second = SwapRequest {
        target: m("d03"),
        status: SwapStatus::Queued,
        deadline: Some(end),
        ..first.clone()
    };
    desk.open_requests(vec![first, second], "d01", t0()).unwrap();
    assert_eq!(keys(&store), vec!["swap/1/offer/d02".to_string()], "d02 is asked");
    assert_eq!(desk.expire_requests(t0()).unwrap(), 0, "d02 is still being asked");
    // d02's turn passes: d03 is asked, for one turn (not the whole day).
    let later = t0() + Duration::hours(4);
    assert_eq!(desk.expire_requests(later).unwrap(), 2);
    assert_eq!(keys(&store)[1], "swap/2/offer/d03");
    let second =
        store.swap_requests().unwrap().into_iter().find(|r| r.id == SwapRequestId::new(2)).unwrap();
    assert_eq!(second.status, SwapStatus::Pending);
    assert_eq!(second.deadline, Some(later + Duration::hours(4)));
    assert_eq!(desk.expire_requests(later).unwrap(), 0, "asked once");
    // d03 declines: nobody is left, the office and d01 are told.
    desk.request_event(&[], SwapRequestId::new(2), &Event::Decline { by: m("d03") }, "d03", later)
        .unwrap();
    let k = keys(&store);
    assert!(k.contains(&"swap/1/unfilled/office".to_string()), "{k:?}");
    assert!(k.contains(&"swap/1/unfilled/d01".to_string()), "{k:?}");
}

fn swap(desk: &Desk) -> SwapRequest {
    let r = SwapRequest {
        id: SwapRequestId::new(0),
        proposer: m("d01"),
        slot: "2027-06-01".into(),
        target: m("d03"),
        their_slot: Some("2027-09-07".into()),
        created_at: t0(),
        status: SwapStatus::Pending,
        group: None,
        deadline: Some(t0() + Duration::hours(48)),
        version: 0,
        slot_start: None,
        their_start: None,
        part: None,
        rota: None,
    };
    desk.open_requests(vec![r], "d01", t0()).unwrap().remove(0)
}

#[test]
fn an_accepted_swap_changes_the_rota_with_its_notices_in_one_write() {
    let rules = sosa();
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let r = swap(&desk);
    assert_eq!(keys(&store), vec!["swap/1/offer/d03"]);
    desk.request_event(&[], r.id, &Event::Accept { by: m("d03") }, "d03", t0()).unwrap();
    let slots = crate::notify::duty::published_slots(&store).unwrap();
    assert_eq!(slots[0].doctors, vec!["d03"]);
    assert_eq!(slots[1].doctors, vec!["d01"]);
    let k = keys(&store);
    for to in ["d01", "d03", "office"] {
        assert!(k.contains(&format!("swap/1/done/{to}")), "{k:?}");
    }
    assert_eq!(store.swap_requests().unwrap()[0].version, 1);
}

#[test]
fn an_answer_over_a_stale_version_is_refused_by_the_store() {
    let rules = sosa();
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let r = swap(&desk);
    // Someone else wrote version 1 first.
    let mut first = r.clone();
    first.version = 1;
    first.status = SwapStatus::Declined;
    store.put_swap_request(&first).unwrap();
    // A writer still holding version 0 cannot write over it.
    let mut stale = r.clone();
    stale.version = 1;
    stale.status = SwapStatus::Accepted;
    let err = store.put_swap_request(&stale).unwrap_err();
    let one = SwapRequestId::new(1);
    assert!(matches!(err, StoreError::RequestConflict { request } if request == one), "{err}");
    assert_eq!(store.swap_requests().unwrap()[0].status, SwapStatus::Declined);
    // Through the desk the event is decided again over what is stored: refused, not applied.
    let again = desk.request_event(&[], r.id, &Event::Accept { by: m("d03") }, "d03", t0());
    assert!(matches!(again, Err(RequestError::Refused(Refusal::Closed { .. }))), "{again:?}");
}

#[test]
fn a_request_the_rota_no_longer_matches_is_closed_and_both_told() {
    let rules = sosa();
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let r = swap(&desk);
    let moved = [Moved { slot: "2027-06-01".into(), from: "d01".into(), to: "d02".into() }];
    store
        .change_published(2027, &moved, &AuditEntry::new(t0(), "admin", "cover", "x".into()))
        .unwrap();
    assert_eq!(desk.expire_requests(t0()).unwrap(), 1);
    assert_eq!(store.swap_requests().unwrap()[0].status, SwapStatus::Refused);
    let k = keys(&store);
    assert!(k.contains(&format!("swap/{}/moved/d01", r.id)), "{k:?}");
}

// See: issue 18: the reason a request closed was an English literal, read by a Japanese
// doctor as 「…理由: the published rota changed since the request was made」.
#[test]
fn a_doctor_whose_swap_closed_because_the_rota_changed_reads_why_in_japanese() {
    let rules = sosa();
    assert_eq!(rules.association.language, crate::msg::Lang::Ja);
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let r = swap(&desk);
    let moved =
        [crate::store::Moved { slot: "2027-06-01".into(), from: "d01".into(), to: "d02".into() }];
    store
        .change_published(2027, &moved, &AuditEntry::new(t0(), "admin", "cover", "x".into()))
        .unwrap();
    desk.expire_requests(t0()).unwrap();
    let key = format!("swap/{}/moved/d01", r.id);
    let entry = store.notices().unwrap().into_iter().find(|n| n.notice.key == key).unwrap();
    let text = crate::notify::render(&rules, &store, &entry).unwrap().unwrap();
    assert!(text.contains("当番の変更は成立しませんでした"), "{text}");
    assert!(text.contains("理由: ご依頼の後に、公開中の当番表が変更されました。"), "{text}");
    assert!(!text.chars().any(|c| c.is_ascii_lowercase()), "no English in it: {text}");
}

#[test]
fn a_step_whose_rota_change_no_longer_matches_writes_nothing() {
    let rules = sosa();
    let store = store();
    let desk = Desk { rules: &rules, store: &store };
    let mut r = swap(&desk);
    let before = keys(&store);
    r.version += 1;
    r.status = SwapStatus::Accepted;
    // d02 does not hold 2027-06-01: the change cannot be made, so neither is the rest.
    let commit = SwapCommit {
        requests: vec![r],
        change: Some((
            2027,
            vec![Moved { slot: "2027-06-01".into(), from: "d02".into(), to: "d03".into() }],
        )),
        part: None,
        audit: vec![AuditEntry::new(t0(), "d03", "swap", "x".into())],
        rota: None,
    };
    let note = |_: &[SwapRequest], _| vec![offer(&swap_like(), false)];
    assert_eq!(store.commit_swap(&commit, &note, t0()).unwrap(), None);
    assert_eq!(store.swap_requests().unwrap()[0].status, SwapStatus::Pending);
    assert_eq!(store.swap_requests().unwrap()[0].version, 0);
    assert_eq!(keys(&store), before, "no notice queued");
    assert!(store.audit().unwrap().iter().all(|e| e.detail != "x"), "no audit entry");
}

fn swap_like() -> SwapRequest {
    SwapRequest { id: SwapRequestId::new(9), ..request("d05", t0() + Duration::hours(1)) }
}
