use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::ids::SwapRequestId;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 5, 1, 0, 0, 0).unwrap()
}

fn m(id: &str) -> MemberId {
    id.parse().unwrap()
}

/// d01 asks d03 to exchange 2027-06-01 for 2027-09-07, made at t0.
fn swap_request() -> SwapRequest {
    let start = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap();
    let theirs = Utc.with_ymd_and_hms(2027, 9, 7, 0, 0, 0).unwrap();
    SwapRequest {
        id: rid(1),
        proposer: m("d01"),
        slot: "2027-06-01".into(),
        target: m("d03"),
        their_slot: Some("2027-09-07".into()),
        created_at: t0(),
        status: SwapStatus::Pending,
        group: None,
        deadline: Some(deadline_for(t0(), &[start, theirs], crate::swap::SWAP_HOURS)),
        version: 3,
        slot_start: Some(start),
        their_start: Some(theirs),
        part: None,
        rota: None,
    }
}

/// d01's cover request for 2027-06-01 asked of d02, d03, d04 (ids 1–3, group 1).
fn cover(statuses: [SwapStatus; 3]) -> Vec<SwapRequest> {
    ["d02", "d03", "d04"]
        .iter()
        .zip(statuses)
        .enumerate()
        .map(|(i, (t, status))| SwapRequest {
            id: rid(i as u64 + 1),
            target: m(t),
            their_slot: None,
            group: Some(rid(1)),
            status,
            deadline: Some(t0() + Duration::hours(24)),
            ..swap_request()
        })
        .collect()
}

fn ctx() -> Ctx {
    Ctx { admins: vec![m("office")], turn: Duration::hours(4), first_wins: true, ..Ctx::default() }
}

fn keys(s: &Step) -> Vec<String> {
    s.notices.iter().map(|n| n.key.clone()).collect()
}

fn status(s: &Step, id: u64) -> SwapStatus {
    let id = rid(id);
    s.requests.iter().find(|r| r.id == id).map(|r| r.status).expect("changed")
}

#[test]
fn every_request_closes_48_hours_on_or_an_hour_before_the_duty() {
    let far = t0() + Duration::days(30);
    assert_eq!(deadline_for(t0(), &[far], 48), t0() + Duration::hours(48));
    let soon = t0() + Duration::hours(10);
    assert_eq!(deadline_for(t0(), &[far, soon], 48), t0() + Duration::hours(9));
}

#[test]
fn an_accepted_swap_changes_the_rota_and_tells_both_doctors_and_the_office() {
    let s = step(&[swap_request()], rid(1), &Event::Accept { by: m("d03") }, t0(), &ctx()).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Accepted);
    assert_eq!(s.requests[0].version, 4, "the version is bumped");
    assert_eq!(s.change.len(), 2);
    assert_eq!(s.change[0].to, "d03");
    assert_eq!(s.change[1].to, "d01");
    assert_eq!(keys(&s), vec!["swap/1/done/d01", "swap/1/done/d03", "swap/1/done/office"]);
}

#[test]
fn with_admin_approval_an_accept_asks_the_office_and_tells_the_proposer() {
    let c = Ctx { admin_approval: true, ..ctx() };
    let s = step(&[swap_request()], rid(1), &Event::Accept { by: m("d03") }, t0(), &c).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::AwaitingAdmin);
    assert!(s.change.is_empty());
    assert_eq!(keys(&s), vec!["swap/1/approve/office", "swap/1/agreed/d01"]);
    assert_eq!(s.notices[0].body_note().buttons(), Some(crate::swap::Buttons::Decide));
}

#[test]
fn the_office_approves_and_the_change_is_made() {
    let mut r = swap_request();
    r.status = SwapStatus::AwaitingAdmin;
    let c = Ctx { admin_approval: true, by_admin: true, ..ctx() };
    let s = step(&[r.clone()], rid(1), &Event::Approve { by: m("office") }, t0(), &c).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Accepted);
    assert_eq!(s.change.len(), 2);
    assert!(keys(&s).contains(&"swap/1/done/d03".to_string()));
    // A doctor cannot approve.
    let c = Ctx { by_admin: false, ..c };
    assert_eq!(
        step(&[r], rid(1), &Event::Approve { by: m("d03") }, t0(), &c),
        Err(Refusal::NotAdmin(rid(1)))
    );
}

#[test]
fn the_office_rejects_and_both_doctors_are_told() {
    let mut r = swap_request();
    r.status = SwapStatus::AwaitingAdmin;
    let c = Ctx { by_admin: true, ..ctx() };
    let s = step(&[r], rid(1), &Event::Reject { by: m("office") }, t0(), &c).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Rejected);
    assert!(s.change.is_empty());
    assert_eq!(keys(&s), vec!["swap/1/rejected/d01", "swap/1/rejected/d03"]);
}

#[test]
fn a_declined_swap_tells_the_proposer() {
    let s =
        step(&[swap_request()], rid(1), &Event::Decline { by: m("d03") }, t0(), &ctx()).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Declined);
    assert_eq!(keys(&s), vec!["swap/1/declined/d01"]);
}

#[test]
fn a_change_that_would_break_a_rule_now_is_refused_and_the_proposer_told() {
    let why = crate::swap::Blocked::RotaChanged(2027);
    let c = Ctx { broken: Some(why.clone()), ..ctx() };
    let s = step(&[swap_request()], rid(1), &Event::Accept { by: m("d03") }, t0(), &c).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Refused);
    assert!(s.change.is_empty());
    assert_eq!(keys(&s), vec!["swap/1/impossible/d01"]);
    let told = &s.notices[0].body;
    let Body::Swap { note: Note::Impossible { why: said, .. }, .. } = told else {
        panic!("{told:?}")
    };
    assert_eq!(*said, crate::swap::Why::Refused(Box::new(why)), "the checker's reason, typed");
}

#[test]
fn only_the_colleague_asked_answers() {
    let r = [swap_request()];
    assert_eq!(
        step(&r, rid(1), &Event::Accept { by: m("d02") }, t0(), &ctx()),
        Err(Refusal::NotYours(rid(1)))
    );
    assert_eq!(
        step(&r, rid(7), &Event::Accept { by: m("d03") }, t0(), &ctx()),
        Err(Refusal::Unknown(rid(7)))
    );
}

#[test]
fn an_answer_after_the_deadline_is_refused_and_a_tick_expires_it_telling_the_proposer() {
    let r = swap_request();
    let late = r.deadline.unwrap();
    assert_eq!(
        step(std::slice::from_ref(&r), rid(1), &Event::Accept { by: m("d03") }, late, &ctx()),
        Err(Refusal::Expired(rid(1)))
    );
    let early =
        step(std::slice::from_ref(&r), rid(1), &Event::Tick, late - Duration::seconds(1), &ctx())
            .unwrap();
    assert!(early.requests.is_empty() && early.notices.is_empty(), "nothing before the deadline");
    let s = step(&[r], rid(1), &Event::Tick, late, &ctx()).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Expired);
    assert_eq!(keys(&s), vec!["swap/1/expired/d01"]);
    // Ticking the expired request again changes nothing.
    let again = step(&s.requests, rid(1), &Event::Tick, late + Duration::hours(1), &ctx()).unwrap();
    assert_eq!(again, Step::default());
}

#[test]
fn a_request_stored_without_a_deadline_expires_48_hours_after_it_was_made() {
    let r = SwapRequest { deadline: None, ..swap_request() };
    let s = step(&[r], rid(1), &Event::Tick, t0() + Duration::hours(48), &ctx()).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Expired);
}

#[test]
fn the_proposer_withdraws_and_the_colleague_is_told() {
    let r = [swap_request()];
    assert_eq!(
        step(&r, rid(1), &Event::Withdraw { by: m("d03") }, t0(), &ctx()),
        Err(Refusal::NotProposer(rid(1)))
    );
    let s = step(&r, rid(1), &Event::Withdraw { by: m("d01") }, t0(), &ctx()).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Withdrawn);
    assert_eq!(keys(&s), vec!["swap/1/withdrawn/d03"]);
    // Then nothing more applies.
    let closed = step(&s.requests, rid(1), &Event::Accept { by: m("d03") }, t0(), &ctx());
    assert_eq!(closed, Err(Refusal::Closed { request: rid(1), status: SwapStatus::Withdrawn }));
    let twice = step(&s.requests, rid(1), &Event::Withdraw { by: m("d01") }, t0(), &ctx());
    assert!(twice.is_err());
}

#[test]
fn withdrawing_a_request_awaiting_the_office_tells_the_colleague_and_the_office() {
    let mut r = swap_request();
    r.status = SwapStatus::AwaitingAdmin;
    let s = step(&[r], rid(1), &Event::Withdraw { by: m("d01") }, t0(), &ctx()).unwrap();
    assert_eq!(keys(&s), vec!["swap/1/withdrawn/d03", "swap/1/withdrawn/office"]);
}

#[test]
fn withdrawing_a_cover_closes_every_colleague_asked_and_alerts_nobody() {
    use SwapStatus::*;
    let case = cover([Pending, Pending, Queued]);
    let s = step(&case, rid(2), &Event::Withdraw { by: m("d01") }, t0(), &ctx()).unwrap();
    assert!(s.requests.iter().all(|r| r.status == Withdrawn));
    assert_eq!(keys(&s), vec!["swap/1/withdrawn/d02", "swap/2/withdrawn/d03"]);
}

#[test]
fn the_first_to_accept_a_cover_takes_it_and_the_others_are_told() {
    use SwapStatus::*;
    let case = cover([Pending, Pending, Pending]);
    let s = step(&case, rid(2), &Event::Accept { by: m("d03") }, t0(), &ctx()).unwrap();
    assert_eq!(status(&s, 2), Accepted);
    assert_eq!(status(&s, 1), Expired);
    assert_eq!(status(&s, 3), Expired);
    assert_eq!(s.change.len(), 1);
    let k = keys(&s);
    assert!(
        k.contains(&"swap/1/taken/d02".to_string()) && k.contains(&"swap/3/taken/d04".to_string())
    );
    // The second to press is told who took it.
    let after: Vec<SwapRequest> = case
        .iter()
        .map(|r| s.requests.iter().find(|x| x.id == r.id).cloned().unwrap_or(r.clone()))
        .collect();
    assert_eq!(
        step(&after, rid(1), &Event::Accept { by: m("d02") }, t0(), &ctx()),
        Err(Refusal::Taken { request: rid(1), by: m("d03") })
    );
}

#[test]
fn in_turn_a_decline_asks_the_next_colleague_and_the_last_alerts_the_office() {
    use SwapStatus::*;
    let c = Ctx { first_wins: false, ..ctx() };
    let case = cover([Pending, Queued, Declined]);
    let s = step(&case, rid(1), &Event::Decline { by: m("d02") }, t0(), &c).unwrap();
    assert_eq!(status(&s, 2), Pending);
    assert_eq!(keys(&s), vec!["swap/1/declined/d01", "swap/2/offer/d03"]);
    let next = s.requests.iter().find(|r| r.id == rid(2)).unwrap();
    assert_eq!(next.deadline, Some(t0() + Duration::hours(4)), "one turn, within the whole");
    let case = cover([Declined, Pending, Declined]);
    let s = step(&case, rid(2), &Event::Decline { by: m("d03") }, t0(), &c).unwrap();
    assert_eq!(
        keys(&s),
        vec!["swap/2/declined/d01", "swap/1/unfilled/office", "swap/1/unfilled/d01"]
    );
}

#[test]
fn an_unanswered_cover_alerts_the_office_and_tells_the_proposer() {
    use SwapStatus::*;
    let case = cover([Pending, Pending, Pending]);
    let s = step(&case, rid(1), &Event::Tick, t0() + Duration::hours(24), &ctx()).unwrap();
    assert!(s.requests.iter().all(|r| r.status == Expired));
    assert_eq!(keys(&s), vec!["swap/1/unfilled/office", "swap/1/unfilled/d01"]);
}

#[test]
fn a_rota_moved_under_a_request_closes_it_and_tells_both() {
    let s = step(&[swap_request()], rid(1), &Event::RotaMoved, t0(), &ctx()).unwrap();
    assert_eq!(status(&s, 1), SwapStatus::Refused);
    assert_eq!(keys(&s), vec!["swap/1/moved/d01", "swap/1/moved/d03"]);
    for n in &s.notices {
        assert!(
            matches!(
                &n.body,
                Body::Swap { note: Note::Impossible { why: crate::swap::Why::RotaMoved, .. }, .. }
            ),
            "{n:?}"
        );
    }
}

#[test]
fn a_second_answer_from_the_version_already_answered_is_refused() {
    // The version check itself is the store's (`commit_swap`); the machine refuses an answer to
    // a request already answered, which is what the caller sees after re-reading.
    let s =
        step(&[swap_request()], rid(1), &Event::Decline { by: m("d03") }, t0(), &ctx()).unwrap();
    let again = step(&s.requests, rid(1), &Event::Accept { by: m("d03") }, t0(), &ctx());
    assert_eq!(again, Err(Refusal::Closed { request: rid(1), status: SwapStatus::Declined }));
}

impl Notice {
    fn body_note(&self) -> &crate::swap::Note {
        match &self.body {
            Body::Swap { note, .. } => note,
            other => panic!("not a swap notice: {other:?}"),
        }
    }
}

/// Request `n`.
fn rid(n: u64) -> SwapRequestId {
    SwapRequestId::new(n)
}
