//! [`CallStore`](super::super::CallStore) on each backend: calls, events, the outbox.

use super::super::*;
use super::*;
use crate::routing::Event;

#[test]
fn the_due_index_follows_each_call_deadline_in_the_same_write() {
    each_backend(|store| {
        let (call, _) = store.raise_call(&raise, minute(0)).unwrap();
        let first = call.deadline().expect("a waiting call has a deadline");
        assert_eq!(store.next_deadline().unwrap(), Some(first));
        assert!(store.due_calls(first - chrono::Duration::seconds(1)).unwrap().is_empty());
        assert_eq!(store.due_calls(first).unwrap(), vec![call.clone()]);
        // The deadline fires: the index moves to the next step's deadline.
        let mut next = call.clone();
        let notices = next.apply(&Event::Deadline, first).unwrap();
        store.commit_call(&next, &Event::Deadline, &notices, first).unwrap();
        let second = next.deadline().expect("the next step waits too");
        assert!(second > first);
        assert!(store.due_calls(first).unwrap().is_empty(), "the old entry is gone");
        assert_eq!(store.next_deadline().unwrap(), Some(second));
        // Accepted: nothing is due any more, however late.
        let mut done = next.clone();
        let who = done.asked().last().cloned().expect("someone is asked");
        let accept = Event::Accept { by: who };
        let n = done.apply(&accept, second).unwrap();
        store.commit_call(&done, &accept, &n, second).unwrap();
        assert_eq!(store.next_deadline().unwrap(), None);
        assert!(store.due_calls(minute(59) + chrono::Duration::days(30)).unwrap().is_empty());
    });
}

#[test]
fn a_notice_is_settled_once_as_sent_through_the_fallback_or_dead() {
    each_backend(|store| {
        store.raise_call(&raise, minute(0)).unwrap();
        let pending = store.pending_notices().unwrap();
        assert!(pending.len() >= 2);
        store.settle(pending[0].seq, minute(1), &Settled::Fallback("blocked".into())).unwrap();
        store.settle(pending[1].seq, minute(2), &Settled::Dead("down".into())).unwrap();
        store.settle(pending[1].seq, minute(3), &Settled::Sent).unwrap();
        let all = store.notices().unwrap();
        assert_eq!(all[0].sent_at, Some(minute(1)));
        assert_eq!(all[0].failure.as_deref(), Some("blocked"));
        assert_eq!((all[1].sent_at, all[1].dead_at), (None, Some(minute(2))), "settled once");
        assert!(!all[1].is_pending());
        assert_eq!(store.pending_notices().unwrap().len(), pending.len() - 2);
    });
}

#[test]
fn a_call_its_events_and_its_notices_are_stored_together() {
    each_backend(|store| {
        let (call, notices) = store.raise_call(&raise, minute(0)).unwrap();
        assert_eq!(call.id, crate::routing::CallId::new(1));
        assert_eq!(store.pending_notices().unwrap().len(), notices.len());
        let mut next = call.clone();
        let event = Event::Deadline;
        let more = next.apply(&event, minute(10)).unwrap();
        store.commit_call(&next, &event, &more, minute(10)).unwrap();
        assert_eq!(store.call(crate::routing::CallId::new(1)).unwrap().unwrap(), next);
        let events = store.call_events(crate::routing::CallId::new(1)).unwrap();
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(events[1].event, Some(Event::Deadline));
        let pending = store.pending_notices().unwrap();
        assert_eq!(pending.len(), notices.len() + more.len());
        // Applying to a stale version is refused, and nothing is written.
        let err = store.commit_call(&next, &event, &more, minute(11)).unwrap_err();
        let one = crate::routing::CallId::new(1);
        assert!(matches!(err, StoreError::Conflict { call } if call == one), "{err}");
        assert_eq!(store.call_events(crate::routing::CallId::new(1)).unwrap().len(), 2);
        // Delivery marks, once.
        store.mark_sent(pending[0].seq, minute(12)).unwrap();
        store.mark_sent(pending[0].seq, minute(13)).unwrap();
        assert_eq!(store.pending_notices().unwrap().len(), pending.len() - 1);
        assert_eq!(store.notices().unwrap()[0].sent_at, Some(minute(12)));
    });
}

#[test]
fn a_notice_is_queued_once_per_key() {
    each_backend(|store| {
        let (call, notices) = store.raise_call(&raise, minute(0)).unwrap();
        let mut next = call.clone();
        let event = Event::Deadline;
        next.apply(&event, minute(1)).unwrap(); // early: no notices, but a new version
        store.commit_call(&next, &event, &notices, minute(1)).unwrap();
        assert_eq!(store.notices().unwrap().len(), notices.len());
    });
}

// Issue 19's webhooks and devices are routes of the outbox: their marks and the delayed
// webhooks hold on both backends (the reopen checks stay beside sled, in sled_store/routes.rs).
#[test]
fn route_marks_stay_with_their_notice() {
    use crate::routing::NoticeSeq;
    each_backend(|store| {
        store.mark_route(NoticeSeq::new(7), "chat:1001", &RouteMark::Sent).unwrap();
        store
            .mark_route(
                NoticeSeq::new(7),
                "chat:-1152921504606846977",
                &RouteMark::Dead("500".into()),
            )
            .unwrap();
        store.mark_route(NoticeSeq::new(8), "chat:1001", &RouteMark::Sent).unwrap();
        assert_eq!(store.route_marks(NoticeSeq::new(7)).unwrap().len(), 2);
        assert_eq!(
            store.route_marks(NoticeSeq::new(8)).unwrap(),
            [("chat:1001".into(), RouteMark::Sent)]
        );
        assert!(store.route_marks(NoticeSeq::new(9)).unwrap().is_empty());
        assert!(store.verify().unwrap() >= 3);
    });
}

#[test]
fn a_delayed_webhook_is_due_at_its_time_once() {
    each_backend(|store| {
        let at = minute(5);
        let member: crate::rules::MemberId = "d01".parse().unwrap();
        let due = WebhookDue {
            at,
            webhook: "phone".into(),
            notice: Notice {
                key: "webhook:phone:call1/request/d01".into(),
                to: member.clone(),
                body: crate::routing::Body::LinkBroken { member, why: "x".into(), channel: None },
            },
        };
        assert!(store.add_webhook_due(&due).unwrap());
        assert!(!store.add_webhook_due(&due).unwrap(), "once");
        assert!(store.due_webhooks(at - chrono::Duration::seconds(1)).unwrap().is_empty());
        assert_eq!(store.due_webhooks(at).unwrap(), std::slice::from_ref(&due));
        assert_eq!(store.next_webhook_due().unwrap(), Some(at));
        store.remove_webhook_due(&due).unwrap();
        assert!(store.due_webhooks(at).unwrap().is_empty());
        assert_eq!(store.next_webhook_due().unwrap(), None);
    });
}

// Issue 19: a webhook's refusal and a notice given up on it are each told once per episode,
// kept apart (one told does not silence the other), per webhook, until it accepts again.
#[test]
fn a_webhooks_troubles_are_told_once_per_episode_each_until_it_accepts_again() {
    each_backend(|store| {
        let (refused, given_up) = (WebhookTrouble::Refused, WebhookTrouble::GivenUp);
        assert!(!store.end_webhook_trouble("phone").unwrap(), "none open");
        store.mark_webhook_trouble_told("phone", given_up, minute(1)).unwrap();
        assert!(store.webhook_trouble_told("phone", given_up).unwrap());
        assert!(!store.webhook_trouble_told("phone", refused).unwrap(), "apart");
        assert!(!store.webhook_trouble_told("sms", given_up).unwrap(), "per webhook");
        store.mark_webhook_trouble_told("phone", refused, minute(2)).unwrap();
        assert!(store.end_webhook_trouble("phone").unwrap());
        assert!(!store.webhook_trouble_told("phone", given_up).unwrap());
        assert!(!store.webhook_trouble_told("phone", refused).unwrap());
        assert!(!store.end_webhook_trouble("phone").unwrap(), "ended once");
    });
}

/// What the id types buy (issue 21): the store's arguments say which number they are, so a
/// notice's sequence number cannot be passed where a patient or an absence is meant (nor
/// the other way round); and the records keep the bare numbers they had before the types existed.
#[test]
fn typed_ids_reach_their_records_which_keep_the_bare_numbers() {
    use crate::ids::{AbsenceId, CallId};
    use crate::routing::{NoticeSeq, PatientId};
    each_backend(|store| {
        let patient: PatientId = store.add_patient(details("A"), minute(0)).unwrap().id;
        let (call, _) = store.raise_call(&raise, minute(1)).unwrap();
        assert_eq!(call.patient, patient, "the fixture raises for the first patient");
        let notice: NoticeSeq = store.pending_notices().unwrap()[0].seq;
        store.mark_sent(notice, minute(2)).unwrap();
        store.mark_route(notice, "chat:1001", &RouteMark::Sent).unwrap();
        assert_eq!(store.calls_of(patient).unwrap(), std::slice::from_ref(&call));
        assert_eq!(store.route_marks(notice).unwrap(), [("chat:1001".into(), RouteMark::Sent)]);
        assert!(store.notices().unwrap().iter().any(|n| n.seq == notice && !n.is_pending()));
        let raw = |tree: &str, key: [u8; 8]| -> serde_json::Value {
            let trees = store.every_tree();
            let (_, t) = trees.iter().find(|(n, _)| *n == tree).expect("the tree exists");
            let value = t.get(key).unwrap().expect("the record is stored");
            serde_json::from_slice(value.as_ref()).unwrap()
        };
        assert_eq!(raw("patients", patient.to_be_bytes())["id"], 1, "a bare number");
        assert_eq!(raw("calls", call.id.to_be_bytes())["patient"], 1, "a bare number");
        let id: CallId = call.id;
        assert_eq!(store.call(id).unwrap().as_ref(), Some(&call));
        assert_eq!(raw("calls", id.to_be_bytes())["id"], id.get(), "a bare number");
        assert_eq!(raw("outbox", notice.to_be_bytes())["seq"], notice.get(), "a bare number");
        let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let new = crate::store::records::fixtures::new_absence("d01", day, 0);
        let absence: AbsenceId = store.add_absence(new).unwrap().id;
        assert_eq!(raw("absences", absence.to_be_bytes())["id"], 1, "a bare number");
        assert!(store.remove_absence(absence).unwrap());
    });
}
