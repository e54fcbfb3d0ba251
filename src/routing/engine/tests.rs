//! Every path of a call: accept at each step, decline, timeout, nobody at a step, attending
//! absent, duty doctor who is the attending, two duty doctors, all hospitals decline, a second
//! call while one is open, late accept, report, cancel, stale timers.

use super::*;
use crate::plan::testing::sosa;
use crate::routing::chain::{ChainInputs, resolve};
use chrono::TimeZone;

fn id(s: &str) -> MemberId {
    s.parse().unwrap()
}

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap() + Duration::minutes(minutes)
}

/// A call for a patient of `attending` (hospital h2), with `duty` on duty and `absent` away,
/// raised by the nurse station at t(0).
fn raise_with(attending: &str, duty: &[&str], absent: &[&str]) -> (Call, Vec<Notice>) {
    let rules = sosa();
    let duty: Vec<MemberId> = duty.iter().map(|d| id(d)).collect();
    let absent: Vec<MemberId> = absent.iter().map(|d| id(d)).collect();
    let (a, h, c) = (id(attending), id("h2"), id("ns1"));
    let chain = resolve(&ChainInputs {
        rules: &rules,
        duty: &duty,
        absent: &|m| absent.contains(m),
        attending: Some(&a),
        hospital: Some(&h),
        caller: Some(&c),
    });
    Call::raise(7, 42, a, c, "発熱 39度".into(), chain, t(0))
}

fn raise() -> (Call, Vec<Notice>) {
    raise_with("d01", &["d03"], &[])
}

/// (recipient, kind) of each notice.
fn sent(notices: &[Notice]) -> Vec<(String, &'static str)> {
    notices.iter().map(|n| (n.to.to_string(), n.body.tag())).collect()
}

fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    list.iter().map(|(a, b)| (a.to_string(), *b)).collect()
}

fn waiting_at(call: &Call) -> Option<(StepKind, Vec<String>)> {
    call.current_step().map(|s| {
        (call.chain[s].kind, call.chain[s].members.iter().map(|m| m.to_string()).collect())
    })
}

#[test]
fn raising_asks_the_attending_and_tells_the_caller() {
    let (call, notices) = raise();
    assert_eq!(sent(&notices), pairs(&[("d01", "request"), ("ns1", "progress")]));
    assert_eq!(waiting_at(&call), Some((StepKind::Attending, vec!["d01".into()])));
    assert_eq!(call.deadline(), Some(t(10)), "attending_minutes = 10 in the shipped rules");
}

#[test]
fn the_attending_accepts_and_alone_gets_the_record() {
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Accept { by: id("d01") }, t(3)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "record"), ("ns1", "accepted")]));
    assert_eq!(call.state, CallState::Accepted { by: id("d01"), at: t(3) });
    assert_eq!(call.deadline(), None);
}

#[test]
fn a_timeout_moves_to_the_duty_doctor_who_accepts() {
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Deadline, t(10)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("d01", "moved_on"), ("d03", "request"), ("ns1", "progress")])
    );
    assert_eq!(call.deadline(), Some(t(25)), "duty_doctor_minutes = 15");
    let notices = call.apply(&Event::Accept { by: id("d03") }, t(12)).unwrap();
    // The attending, asked first and silent, is told it is taken.
    assert_eq!(sent(&notices), pairs(&[("d03", "record"), ("ns1", "accepted"), ("d01", "taken")]));
}

#[test]
fn a_decline_moves_on_at_once() {
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Decline { by: id("d01") }, t(1)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d03", "request"), ("ns1", "progress")]));
    assert_eq!(call.deadline(), Some(t(16)));
    // A decliner cannot accept later, nor decline twice.
    assert_eq!(
        call.apply(&Event::Accept { by: id("d01") }, t(2)),
        Err(Refusal::Declined { call: 7, who: id("d01") })
    );
}

#[test]
fn hospitals_are_asked_registered_first_and_accept() {
    let (mut call, _) = raise();
    call.apply(&Event::Deadline, t(10)).unwrap();
    let notices = call.apply(&Event::Deadline, t(25)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("d03", "moved_on"), ("h2", "request"), ("ns1", "progress")])
    );
    call.apply(&Event::Decline { by: id("h2") }, t(26)).unwrap();
    assert_eq!(waiting_at(&call), Some((StepKind::Hospital, vec!["h1".into()])));
    let notices = call.apply(&Event::Accept { by: id("h1") }, t(27)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("h1", "record"), ("ns1", "accepted"), ("d01", "taken"), ("d03", "taken")])
    );
}

#[test]
fn when_every_hospital_declines_the_caller_gets_the_advice_and_the_admin_an_alert() {
    let (mut call, _) = raise();
    call.apply(&Event::Decline { by: id("d01") }, t(1)).unwrap();
    call.apply(&Event::Decline { by: id("d03") }, t(2)).unwrap();
    call.apply(&Event::Decline { by: id("h2") }, t(3)).unwrap();
    call.apply(&Event::Decline { by: id("h1") }, t(4)).unwrap();
    let notices = call.apply(&Event::Decline { by: id("h3") }, t(5)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("ns1", "advice"), ("office", "alert")]));
    assert_eq!(call.state, CallState::Exhausted { at: t(5) });
    assert_eq!(call.deadline(), None);
    assert!(!call.is_open(t(6)), "a new call after the advice starts a fresh chain");
}

#[test]
fn an_absent_attending_is_skipped_at_once() {
    let (call, notices) = raise_with("d01", &["d03"], &["d01"]);
    assert_eq!(sent(&notices), pairs(&[("d03", "request"), ("ns1", "progress")]));
    assert_eq!(waiting_at(&call), Some((StepKind::Duty, vec!["d03".into()])));
    assert!(matches!(call.log[1].what, Logged::Skipped { step: 0 }));
}

#[test]
fn a_duty_doctor_who_is_the_attending_is_asked_once() {
    let (mut call, notices) = raise_with("d03", &["d03"], &[]);
    assert_eq!(sent(&notices), pairs(&[("d03", "request"), ("ns1", "progress")]));
    // When the attending's time runs out, the (empty) duty step is skipped: straight to h2.
    let notices = call.apply(&Event::Deadline, t(10)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("d03", "moved_on"), ("h2", "request"), ("ns1", "progress")])
    );
}

#[test]
fn two_duty_doctors_are_asked_together_and_both_must_decline_to_move_on() {
    let (mut call, _) = raise_with("d01", &["d03", "d04"], &["d01"]);
    assert_eq!(waiting_at(&call), Some((StepKind::Duty, vec!["d03".into(), "d04".into()])));
    let notices = call.apply(&Event::Decline { by: id("d03") }, t(1)).unwrap();
    assert!(notices.is_empty(), "d04 may still accept");
    assert_eq!(waiting_at(&call).unwrap().0, StepKind::Duty);
    let notices = call.apply(&Event::Accept { by: id("d04") }, t(2)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d04", "record"), ("ns1", "accepted")]));

    let (mut call, _) = raise_with("d01", &["d03", "d04"], &["d01"]);
    let notices = call.apply(&Event::Accept { by: id("d03") }, t(2)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d03", "record"), ("ns1", "accepted"), ("d04", "taken")]));
    assert_eq!(
        call.apply(&Event::Accept { by: id("d04") }, t(3)),
        Err(Refusal::Taken { call: 7, by: id("d03") })
    );

    let (mut call, _) = raise_with("d01", &["d03", "d04"], &["d01"]);
    call.apply(&Event::Decline { by: id("d04") }, t(1)).unwrap();
    call.apply(&Event::Decline { by: id("d03") }, t(2)).unwrap();
    assert_eq!(waiting_at(&call), Some((StepKind::Hospital, vec!["h2".into()])));
}

#[test]
fn a_second_call_for_the_patient_joins_the_open_one() {
    let (mut call, _) = raise();
    assert!(call.is_open(t(1)));
    let follow = Event::Followup { from: id("h1"), note: "家族から再度連絡".into() };
    let notices = call.apply(&follow, t(2)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "followup"), ("ns1", "followup")]));
    call.apply(&Event::Accept { by: id("d01") }, t(3)).unwrap();
    // Accepted and not yet reported: still open; the note goes to the handler.
    assert!(call.is_open(t(4)));
    let notices = call.apply(&follow, t(5)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "followup"), ("ns1", "followup")]));
    assert!(!call.is_open(t(3) + Duration::hours(OPEN_AFTER_ACCEPT_HOURS)));
}

#[test]
fn someone_asked_earlier_may_accept_late_but_nobody_unasked_may() {
    let (mut call, _) = raise();
    call.apply(&Event::Deadline, t(10)).unwrap();
    assert_eq!(
        call.apply(&Event::Accept { by: id("h1") }, t(11)),
        Err(Refusal::NotAsked { call: 7, who: id("h1") })
    );
    let notices = call.apply(&Event::Accept { by: id("d01") }, t(12)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "record"), ("ns1", "accepted"), ("d03", "taken")]));
}

#[test]
fn after_the_advice_a_late_accept_is_still_welcome() {
    let (mut call, _) = raise();
    for m in ["d01", "d03", "h2", "h1"] {
        call.apply(&Event::Decline { by: id(m) }, t(1)).unwrap();
    }
    call.apply(&Event::Deadline, t(30)).unwrap();
    assert!(matches!(call.state, CallState::Exhausted { .. }));
    let notices = call.apply(&Event::Accept { by: id("h3") }, t(40)).unwrap();
    assert_eq!(sent(&notices)[..2], pairs(&[("h3", "record"), ("ns1", "accepted")])[..]);
}

#[test]
fn the_handler_reports_to_the_attending_and_nobody_else_may() {
    let (mut call, _) = raise();
    call.apply(&Event::Deadline, t(10)).unwrap();
    call.apply(&Event::Accept { by: id("d03") }, t(11)).unwrap();
    let report =
        |by: &str| Event::Report { by: id(by), text: "訪問し解熱。経過観察".into() };
    assert_eq!(
        call.apply(&report("d01"), t(60)),
        Err(Refusal::NotHandler { call: 7, handler: id("d03") })
    );
    let notices = call.apply(&report("d03"), t(60)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "report")]));
    assert!(!call.is_open(t(61)));
    assert!(matches!(call.apply(&report("d03"), t(62)), Err(Refusal::Reported { .. })));
}

#[test]
fn a_report_by_the_attending_goes_nowhere_else() {
    let (mut call, _) = raise();
    call.apply(&Event::Accept { by: id("d01") }, t(1)).unwrap();
    let notices = call.apply(&Event::Report { by: id("d01"), text: "ok".into() }, t(30)).unwrap();
    assert!(notices.is_empty());
}

#[test]
fn early_or_stale_deadlines_change_nothing() {
    let (mut call, _) = raise();
    let before = call.clone();
    assert!(call.apply(&Event::Deadline, t(9)).unwrap().is_empty());
    assert_eq!(call.state, before.state);
    call.apply(&Event::Accept { by: id("d01") }, t(9)).unwrap();
    let state = call.state.clone();
    assert!(call.apply(&Event::Deadline, t(100)).unwrap().is_empty());
    assert_eq!(call.state, state);
}

#[test]
fn a_refused_event_leaves_the_call_unchanged() {
    let (mut call, _) = raise();
    let before = call.clone();
    assert!(call.apply(&Event::Decline { by: id("h3") }, t(1)).is_err());
    assert!(call.apply(&Event::Report { by: id("d01"), text: "x".into() }, t(1)).is_err());
    assert!(call.apply(&Event::Cancel { by: id("d03"), admin: false }, t(1)).is_err());
    assert_eq!(call, before);
}

#[test]
fn the_caller_or_an_admin_cancels() {
    let (mut call, _) = raise();
    call.apply(&Event::Deadline, t(10)).unwrap();
    let notices = call.apply(&Event::Cancel { by: id("ns1"), admin: false }, t(11)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "cancelled"), ("d03", "cancelled")]));
    assert!(matches!(call.state, CallState::Cancelled { .. }));
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Cancel { by: id("office"), admin: true }, t(1)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "cancelled"), ("ns1", "cancelled")]));
}

#[test]
fn idempotency_keys_are_unique_over_a_whole_escalation() {
    let (mut call, mut all) = raise();
    all.extend(call.apply(&Event::Deadline, t(10)).unwrap());
    all.extend(call.apply(&Event::Deadline, t(25)).unwrap());
    all.extend(call.apply(&Event::Deadline, t(35)).unwrap());
    all.extend(call.apply(&Event::Deadline, t(45)).unwrap());
    all.extend(call.apply(&Event::Deadline, t(55)).unwrap());
    assert!(matches!(call.state, CallState::Exhausted { .. }));
    let mut keys: Vec<&str> = all.iter().map(|n| n.key.as_str()).collect();
    let n = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), n, "{keys:?}");
    // Replaying the same events on the same call from the start gives the same keys.
    let (mut again, mut second) = raise();
    for at in [10, 25, 35, 45, 55] {
        second.extend(again.apply(&Event::Deadline, t(at)).unwrap());
    }
    assert_eq!(all, second);
}

#[test]
fn no_notice_carries_patient_data() {
    // Bodies hold ids and the caller's note; the record is rendered by the adapter only for
    // the one who accepted. Serialising every notice of a run shows no name or address.
    let (mut call, mut all) = raise();
    all.extend(call.apply(&Event::Accept { by: id("d01") }, t(1)).unwrap());
    let json = serde_json::to_string(&all).unwrap();
    assert!(!json.contains("山田") && !json.contains("address"), "{json}");
}

// See: issue 15. A report with its outcome reaches the caller and the duty doctor too.
#[test]
fn a_report_back_with_its_outcome_reaches_attending_caller_and_duty_doctor_and_closes_the_call() {
    let (mut call, _) = raise();
    call.apply(&Event::Deadline, t(10)).unwrap();
    call.apply(&Event::Deadline, t(25)).unwrap();
    call.apply(&Event::Accept { by: id("h2") }, t(30)).unwrap();
    let back = |by: &str| Event::ReportBack {
        by: id(by),
        outcome: Outcome::Admitted,
        text: "救急外来で対応し入院".into(),
    };
    assert!(matches!(call.apply(&back("d03"), t(60)), Err(Refusal::NotHandler { .. })));
    let notices = call.apply(&back("h2"), t(60)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "report"), ("ns1", "report"), ("d03", "report")]));
    assert_eq!(call.report.as_ref().and_then(|r| r.outcome), Some(Outcome::Admitted));
    assert!(!call.is_open(t(61)));
    // The duty doctor who took it is not told their own report.
    let (mut call, _) = raise();
    call.apply(&Event::Deadline, t(10)).unwrap();
    call.apply(&Event::Accept { by: id("d03") }, t(11)).unwrap();
    let notices = call.apply(&back("d03"), t(60)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "report"), ("ns1", "report")]));
}
