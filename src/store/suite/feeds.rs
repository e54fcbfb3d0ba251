//! [`FeedStore`](super::super::FeedStore) on each backend: calendar feed events and the tokens
//! that open them.

use chrono::Duration;

use super::*;
use crate::feed::FeedEvent;
use crate::store::prelude::*;

fn event(slot: &str, doctor: &str, sequence: u32) -> FeedEvent {
    FeedEvent {
        slot: slot.into(),
        doctor: doctor.into(),
        start: hour(0),
        end: hour(0) + Duration::days(7),
        kind: "regular".into(),
        sequence,
        stamp: hour(1),
        cancelled: false,
    }
}

#[test]
fn feed_events_are_replaced_whole_and_each_change_moves_the_generation() {
    each_backend(|store| {
        assert_eq!(store.feed_events().unwrap(), vec![]);
        let g0 = store.feed_generation().unwrap();
        let first = vec![event("2027-w01", "d01", 0), event("2027-w02", "d02", 0)];
        store.put_feed_events(&first).unwrap();
        assert_eq!(store.feed_events().unwrap(), first);
        let g1 = store.feed_generation().unwrap();
        assert_ne!(g0, g1);
        let second = vec![event("2027-w01", "d03", 1)];
        store.put_feed_events(&second).unwrap();
        assert_eq!(store.feed_events().unwrap(), second, "replaced, not added to");
        assert!(![g0, g1].contains(&store.feed_generation().unwrap()));
    });
}

#[test]
fn a_feed_token_is_found_by_its_hash_and_revoked_once() {
    each_backend(|store| {
        let doctor = store.add_feed_token("aa", Some("d01".parse().unwrap()), None, hour(1));
        let whole = store.add_feed_token("bb", None, Some("clinic PC".into()), hour(2));
        let (doctor, whole) = (doctor.unwrap(), whole.unwrap());
        assert!(doctor.id < whole.id, "ids ascend");
        assert_eq!(store.feed_tokens().unwrap(), vec![doctor.clone(), whole.clone()]);
        assert_eq!(store.feed_token_by_hash("bb").unwrap(), Some(whole.clone()));
        assert_eq!(store.feed_token_by_hash("cc").unwrap(), None);
        let id: crate::ids::FeedTokenId = doctor.id;
        assert!(store.revoke_feed_token(id, hour(3)).unwrap());
        assert!(!store.revoke_feed_token(id, hour(4)).unwrap(), "revoked already");
        let none = crate::ids::FeedTokenId::new(999);
        assert!(!store.revoke_feed_token(none, hour(4)).unwrap(), "no such token");
        // The record keeps the bare number it had before the type existed (issue 21).
        let json = serde_json::to_value(&doctor).unwrap();
        assert_eq!(json["id"], id.get(), "a bare number");
        let revoked = store.feed_token_by_hash("aa").unwrap().unwrap();
        assert_eq!(revoked.revoked_at, Some(hour(3)), "found revoked, with when");
        assert_eq!(store.feed_token_by_hash("bb").unwrap().unwrap().revoked_at, None);
    });
}
