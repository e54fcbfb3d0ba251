//! Every path of a call: accept at each step, decline, timeout, nobody at a step, attending
//! absent, duty doctor who is the attending, two duty doctors, all hospitals decline, a second
//! call while one is open, late accept, report, cancel, stale timers; reminders at half a
//! step, follow-ups to everyone who can still accept, follow-ups the handler acknowledges (or
//! the call goes on), a late accept after the 119 advice.

use super::*;
use crate::plan::testing::sosa;
use crate::routing::CallId;
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
        substitute: None,
        rules: &rules,
        duty: &duty,
        absent: &|m| absent.contains(m),
        attending: Some(&a),
        hospital: Some(&h),
        caller: Some(&c),
    });
    Call::raise(
        CallId::new(7),
        crate::ids::PatientId::new(42),
        a,
        c,
        "発熱 39度".into(),
        chain,
        t(0),
    )
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

/// When the step being waited on gives up.
fn step_deadline(call: &Call) -> Option<DateTime<Utc>> {
    match call.state {
        CallState::Waiting { deadline, .. } => Some(deadline),
        _ => None,
    }
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
    assert_eq!(step_deadline(&call), Some(t(10)), "attending_minutes = 10 in the shipped rules");
}

#[test]
fn the_attending_accepts_and_alone_gets_the_record() {
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Accept { by: id("d01") }, t(3)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "record"), ("ns1", "accepted")]));
    assert_eq!(call.state, CallState::Accepted { by: id("d01"), at: t(3), unacked: None });
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
    assert_eq!(step_deadline(&call), Some(t(25)), "duty_doctor_minutes = 15");
    let notices = call.apply(&Event::Accept { by: id("d03") }, t(12)).unwrap();
    // The attending, asked first and silent, is told it is taken.
    assert_eq!(sent(&notices), pairs(&[("d03", "record"), ("ns1", "accepted"), ("d01", "taken")]));
}

#[test]
fn a_decline_moves_on_at_once() {
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Decline { by: id("d01") }, t(1)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d03", "request"), ("ns1", "progress")]));
    assert_eq!(step_deadline(&call), Some(t(16)));
    // A decliner cannot accept later, nor decline twice.
    assert_eq!(
        call.apply(&Event::Accept { by: id("d01") }, t(2)),
        Err(Refusal::Declined { call: CallId::new(7), who: id("d01") })
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
        Err(Refusal::Taken { call: CallId::new(7), by: id("d03") })
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
        Err(Refusal::NotAsked { call: CallId::new(7), who: id("h1") })
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
        Err(Refusal::NotHandler { call: CallId::new(7), handler: id("d03") })
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
    // Before the first deadline (the reminder at half the attending's 10 minutes).
    assert!(call.apply(&Event::Deadline, t(4)).unwrap().is_empty());
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

// Issue 15, "Calls that close the loop".

/// The minutes of the step `member` is asked at.
fn wait_of(call: &Call, member: &str) -> i64 {
    let step = call.chain.iter().find(|s| s.members.contains(&id(member))).unwrap();
    i64::from(step.wait_minutes)
}

#[test]
fn a_followup_soon_after_acceptance_must_be_acknowledged_by_the_handler() {
    let (mut call, _) = raise();
    call.apply(&Event::Accept { by: id("d01") }, t(3)).unwrap();
    assert_eq!(call.deadline(), None, "nothing to wait for once accepted");
    let follow = Event::Followup { from: id("ns1"), note: "呼吸苦が強くなった".into() };
    let notices = call.apply(&follow, t(20)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "followup")]));
    // The handler has their step's time to acknowledge; reminded once at half of it.
    assert_eq!(call.deadline(), Some(t(20 + wait_of(&call, "d01") / 2)));
    let notices = call.apply(&Event::Deadline, t(25)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "followup_again")]));
    assert_eq!(call.deadline(), Some(t(30)));
    // Only the handler acknowledges; the nurse who wrote is told.
    assert_eq!(
        call.apply(&Event::Acknowledge { by: id("d03") }, t(26)),
        Err(Refusal::NotHandler { call: CallId::new(7), handler: id("d01") })
    );
    let notices = call.apply(&Event::Acknowledge { by: id("d01") }, t(26)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("ns1", "acknowledged")]));
    assert_eq!(call.deadline(), None);
    assert!(call.apply(&Event::Acknowledge { by: id("d01") }, t(27)).unwrap().is_empty());
    assert!(call.apply(&Event::Deadline, t(30)).unwrap().is_empty(), "a stale timer");
    assert!(matches!(call.state, CallState::Accepted { .. }));
}

#[test]
fn a_second_call_joins_within_the_followup_window_and_asks_the_handler_first_after_it() {
    let (mut call, _) = raise();
    let window = Duration::minutes(60);
    assert!(call.joins(t(1), window), "waiting: always joins");
    call.apply(&Event::Accept { by: id("d01") }, t(3)).unwrap();
    assert!(call.joins(t(62), window));
    assert!(!call.joins(t(63), window), "60 minutes after acceptance: a new call");
    assert_eq!(call.recent_handler(t(63)), Some(&id("d01")), "which asks d01 first");
    assert_eq!(call.recent_handler(t(3) + Duration::hours(OPEN_AFTER_ACCEPT_HOURS)), None);
    call.apply(&Event::Report { by: id("d01"), text: "往診済み".into() }, t(50)).unwrap();
    assert!(!call.joins(t(51), window), "reported: the visit is over");
    assert_eq!(call.recent_handler(t(51)), Some(&id("d01")));
}

#[test]
fn an_unacknowledged_followup_goes_on_to_the_next_step_of_the_chain() {
    let (mut call, _) = raise();
    call.apply(&Event::Accept { by: id("d01") }, t(3)).unwrap();
    call.apply(&Event::Followup { from: id("ns1"), note: "意識レベル低下".into() }, t(20)).unwrap();
    let notices = call.apply(&Event::Deadline, t(20 + wait_of(&call, "d01"))).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("d01", "unacknowledged"), ("d03", "request"), ("ns1", "progress")])
    );
    assert_eq!(waiting_at(&call), Some((StepKind::Duty, vec!["d03".into()])));
    // The duty doctor accepts: the record carries the follow-up (rendered from the log), the
    // silent handler is told it is taken.
    let mut other = call.clone();
    let notices = other.apply(&Event::Accept { by: id("d03") }, t(40)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d03", "record"), ("ns1", "accepted"), ("d01", "taken")]));
    // Or the handler, late, acknowledges: they take the call back.
    let notices = call.apply(&Event::Acknowledge { by: id("d01") }, t(35)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "record"), ("ns1", "accepted"), ("d03", "taken")]));
    assert!(matches!(&call.state, CallState::Accepted { by, .. } if by.as_str() == "d01"));
}

#[test]
fn a_followup_during_escalation_reaches_everyone_who_can_still_accept() {
    let (mut call, _) = raise_with("d01", &["d03", "d04"], &[]);
    call.apply(&Event::Deadline, t(10)).unwrap();
    call.apply(&Event::Decline { by: id("d04") }, t(11)).unwrap();
    let follow = Event::Followup { from: id("ns1"), note: "SpO2 88%".into() };
    let notices = call.apply(&follow, t(12)).unwrap();
    // d01 was asked first and may still accept late; d04 declined; the caller wrote it.
    assert_eq!(sent(&notices), pairs(&[("d01", "followup"), ("d03", "followup")]));
    let follow = Event::Followup { from: id("h1"), note: "家族から再度連絡".into() };
    let notices = call.apply(&follow, t(13)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("d01", "followup"), ("d03", "followup"), ("ns1", "followup")])
    );
}

#[test]
fn an_unanswered_request_is_repeated_once_at_half_its_step_time() {
    let (mut call, _) = raise_with("d01", &["d03", "d04"], &[]);
    assert_eq!(call.deadline(), Some(t(5)), "attending_minutes = 10: reminded at 5");
    assert!(call.apply(&Event::Deadline, t(4)).unwrap().is_empty(), "not yet");
    let notices = call.apply(&Event::Deadline, t(5)).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d01", "request_again")]));
    assert_eq!(waiting_at(&call).unwrap().0, StepKind::Attending, "still the attending's turn");
    assert_eq!(call.deadline(), Some(t(10)), "then the step's own deadline");
    assert!(call.apply(&Event::Deadline, t(6)).unwrap().is_empty(), "once only");
    let notices = call.apply(&Event::Deadline, t(10)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[("d01", "moved_on"), ("d03", "request"), ("d04", "request"), ("ns1", "progress")])
    );
    // Two duty doctors, one declines: only the other is reminded (15 min: at 7.5).
    call.apply(&Event::Decline { by: id("d04") }, t(11)).unwrap();
    let half = t(10) + Duration::seconds(15 * 30);
    assert_eq!(call.deadline(), Some(half));
    let notices = call.apply(&Event::Deadline, half).unwrap();
    assert_eq!(sent(&notices), pairs(&[("d03", "request_again")]));
}

#[test]
fn a_deadline_fired_late_past_the_whole_step_moves_on_without_a_reminder() {
    let (mut call, _) = raise();
    let notices = call.apply(&Event::Deadline, t(30)).unwrap();
    assert!(!sent(&notices).iter().any(|(_, k)| *k == "request_again"), "{notices:?}");
    assert_eq!(waiting_at(&call).unwrap().0, StepKind::Duty);
}

#[test]
fn an_accept_after_the_119_advice_tells_the_caller_so_and_the_admins_too() {
    let (mut call, _) = raise();
    for m in ["d01", "d03", "h2", "h1", "h3"] {
        call.apply(&Event::Decline { by: id(m) }, t(1)).unwrap();
    }
    assert!(matches!(call.state, CallState::Exhausted { .. }));
    let (mut late, _) = raise();
    for at in [10, 25, 35, 45, 55] {
        late.apply(&Event::Deadline, t(at)).unwrap();
    }
    assert!(matches!(late.state, CallState::Exhausted { .. }));
    let notices = late.apply(&Event::Accept { by: id("d03") }, t(60)).unwrap();
    assert_eq!(
        sent(&notices),
        pairs(&[
            ("d03", "record"),
            ("ns1", "accepted"),
            ("office", "late_accept"),
            ("d01", "taken"),
            ("h2", "taken"),
            ("h1", "taken"),
            ("h3", "taken")
        ])
    );
    let told = notices.iter().find(|n| n.to.as_str() == "ns1").unwrap();
    let json = serde_json::to_value(&told.body).unwrap();
    assert_eq!(json["after_advice"], true, "{json}");
}

#[test]
fn calls_and_notices_stored_before_issue_15_still_load() {
    // A waiting state without `remind_at`, an accepted one without `unacked`, and notices
    // without `after_advice` or `ack_minutes`, as an older toban wrote them.
    let waiting: CallState =
        serde_json::from_str(r#"{"status":"waiting","step":1,"deadline":"2027-03-02T13:25:00Z"}"#)
            .unwrap();
    assert_eq!(waiting, CallState::Waiting { step: 1, deadline: t(25), remind_at: None });
    let accepted: CallState =
        serde_json::from_str(r#"{"status":"accepted","by":"d01","at":"2027-03-02T13:03:00Z"}"#)
            .unwrap();
    assert_eq!(accepted, CallState::Accepted { by: id("d01"), at: t(3), unacked: None });
    let told: Body = serde_json::from_str(r#"{"kind":"accepted_by","call":7,"by":"d01"}"#).unwrap();
    assert_eq!(told, Body::AcceptedBy { call: CallId::new(7), by: id("d01"), after_advice: false });
    let more: Body =
        serde_json::from_str(r#"{"kind":"followup","call":7,"from":"h1","note":"再度"}"#).unwrap();
    assert!(matches!(more, Body::Followup { ack_minutes: None, .. }));
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
