//! Per-device delivery and delayed webhooks (issue 19):
//! - `outbox_routes`: an outbox seq (8 bytes, big-endian) ++ a route (text,
//!   [`crate::notify::Route`]) → how that route of the notice ended ([`RouteMark`]), so each
//!   device of a member is delivered on its own and a restart resends nothing a device already
//!   got;
//! - `webhook_due`: deadline (milliseconds, big-endian) ++ the notice key → a delayed webhook
//!   ([`WebhookDue`]), so `due.range(..=now)` is the work list, as for calls;
//! - in `meta`, `webhook_refused_told/ID` → when the admins were told that webhook `ID`
//!   refuses, until it accepts again: one alert per episode, across restarts.

use chrono::{DateTime, Utc};

use super::{SledStore, decode, encode};
use crate::routing::NoticeSeq;
use crate::store::{RouteMark, StoreError, WebhookDue, WebhookTrouble};

pub(super) const OUTBOX_ROUTES: &str = "outbox_routes";
pub(super) const WEBHOOK_DUE: &str = "webhook_due";

/// The trees.
pub(super) struct RouteTrees {
    pub(super) marks: crate::store::kv::Tree,
    pub(super) due: crate::store::kv::Tree,
}

impl RouteTrees {
    pub(super) fn open(db: &crate::store::kv::Db) -> RouteTrees {
        RouteTrees { marks: db.open_tree(OUTBOX_ROUTES), due: db.open_tree(WEBHOOK_DUE) }
    }
}

fn mark_key(seq: NoticeSeq, route: &str) -> Vec<u8> {
    let mut key = seq.to_be_bytes().to_vec();
    key.extend_from_slice(route.as_bytes());
    key
}

pub(super) fn mark_route(
    store: &SledStore,
    seq: NoticeSeq,
    route: &str,
    mark: &RouteMark,
) -> Result<(), StoreError> {
    let value = encode(|| format!("route {route} of notice {seq}"), mark)?;
    store.routes.marks.insert(mark_key(seq, route), value)?;
    store.flush()
}

pub(super) fn route_marks(
    store: &SledStore,
    seq: NoticeSeq,
) -> Result<Vec<(String, RouteMark)>, StoreError> {
    store
        .routes
        .marks
        .scan_prefix(seq.to_be_bytes())
        .map(|item| {
            let (k, v) = item?;
            let route = String::from_utf8_lossy(&k[8..]).into_owned();
            let mark = decode(OUTBOX_ROUTES, || format!("{seq}/{route}"), &v)?;
            Ok((route, mark))
        })
        .collect()
}

fn due_key(due: &WebhookDue) -> Vec<u8> {
    let millis = u64::try_from(due.at.timestamp_millis()).unwrap_or(0);
    let mut key = millis.to_be_bytes().to_vec();
    key.extend_from_slice(due.notice.key.as_bytes());
    key
}

pub(super) fn add_webhook_due(store: &SledStore, due: &WebhookDue) -> Result<bool, StoreError> {
    let value = encode(|| format!("delayed webhook {}", due.notice.key), due)?;
    if !store.routes.due.insert_new(due_key(due), value)? {
        return Ok(false);
    }
    store.flush()?;
    Ok(true)
}

pub(super) fn due_webhooks(
    store: &SledStore,
    now: DateTime<Utc>,
) -> Result<Vec<WebhookDue>, StoreError> {
    let end = u64::try_from(now.timestamp_millis()).unwrap_or(0).saturating_add(1);
    store
        .routes
        .due
        .range(..end.to_be_bytes().to_vec())
        .map(|item| {
            let (k, v) = item?;
            decode(WEBHOOK_DUE, || format!("{k:02x?}"), &v)
        })
        .collect()
}

pub(super) fn next_webhook_due(store: &SledStore) -> Result<Option<DateTime<Utc>>, StoreError> {
    let Some((key, _)) = store.routes.due.first()? else { return Ok(None) };
    let millis = u64::from_be_bytes(key[..8].try_into().unwrap_or([0; 8]));
    Ok(DateTime::from_timestamp_millis(i64::try_from(millis).unwrap_or(i64::MAX)))
}

pub(super) fn remove_webhook_due(store: &SledStore, due: &WebhookDue) -> Result<(), StoreError> {
    store.routes.due.remove(due_key(due))?;
    store.flush()
}

/// Reads every record (see [`SledStore::verify`]).
pub(super) fn verify(store: &SledStore) -> Result<usize, StoreError> {
    let mut n = 0;
    for item in store.routes.marks.iter() {
        let (k, v) = item?;
        if k.len() < 8 {
            return Err(StoreError::Corrupt {
                tree: OUTBOX_ROUTES,
                key: format!("{k:02x?}"),
                cause: "not a notice number and a route".into(),
            });
        }
        decode::<RouteMark>(OUTBOX_ROUTES, || format!("{k:02x?}"), &v)?;
        n += 1;
    }
    for item in store.routes.due.iter() {
        let (k, v) = item?;
        decode::<WebhookDue>(WEBHOOK_DUE, || format!("{k:02x?}"), &v)?;
        n += 1;
    }
    Ok(n)
}

/// The meta key of an episode (a refusal's is the one stores before the give-up alert used).
fn told_key(id: &str, trouble: WebhookTrouble) -> String {
    match trouble {
        WebhookTrouble::Refused => format!("webhook_refused_told/{id}"),
        WebhookTrouble::GivenUp => format!("webhook_given_up_told/{id}"),
    }
}

pub(super) fn webhook_trouble_told(
    store: &SledStore,
    id: &str,
    trouble: WebhookTrouble,
) -> Result<bool, StoreError> {
    Ok(store.meta.contains_key(told_key(id, trouble))?)
}

pub(super) fn mark_webhook_trouble_told(
    store: &SledStore,
    id: &str,
    trouble: WebhookTrouble,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let value = encode(|| format!("the {trouble:?} episode of webhook {id}"), &at)?;
    store.meta.insert(told_key(id, trouble), value)?;
    store.flush()
}

pub(super) fn end_webhook_trouble(store: &SledStore, id: &str) -> Result<bool, StoreError> {
    let mut ended = false;
    for trouble in [WebhookTrouble::Refused, WebhookTrouble::GivenUp] {
        ended |= store.meta.remove(told_key(id, trouble))?.is_some();
    }
    if ended {
        store.flush()?;
    }
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::prelude::*;

    // What route marks are and that they stay with their notice is the shared suite's
    // (`suite::calls::route_marks_stay_with_their_notice`, on both backends); here, that sled
    // keeps them on disk.
    #[test]
    fn route_marks_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let dead = RouteMark::Dead("500".into());
        {
            let store = SledStore::open(dir.path()).unwrap();
            store.mark_route(NoticeSeq::new(7), "chat:1001", &RouteMark::Sent).unwrap();
            store.mark_route(NoticeSeq::new(7), "chat:-1152921504606846977", &dead).unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        let mut marks = store.route_marks(NoticeSeq::new(7)).unwrap();
        marks.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            marks,
            [("chat:-1152921504606846977".into(), dead), ("chat:1001".into(), RouteMark::Sent)]
        );
        assert!(store.verify().unwrap() >= 2);
    }

    // The same for a delayed webhook (the suite's `a_delayed_webhook_is_due_at_its_time_once`):
    // kept on disk, still added once, and its removal kept too.
    #[test]
    fn a_delayed_webhook_and_its_removal_survive_a_reopen() {
        use chrono::TimeZone;
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2027, 3, 2, 13, 5, 0).unwrap();
        let member: crate::rules::MemberId = "d01".parse().unwrap();
        let due = WebhookDue {
            at,
            webhook: "phone".into(),
            notice: crate::routing::Notice {
                key: "webhook:phone:call1/request/d01".into(),
                to: member.clone(),
                body: crate::routing::Body::LinkBroken { member, why: "x".into(), channel: None },
            },
        };
        assert!(SledStore::open(dir.path()).unwrap().add_webhook_due(&due).unwrap());
        {
            let store = SledStore::open(dir.path()).unwrap();
            assert_eq!(store.due_webhooks(at).unwrap(), std::slice::from_ref(&due));
            assert_eq!(store.next_webhook_due().unwrap(), Some(at));
            assert!(!store.add_webhook_due(&due).unwrap(), "once, across a reopen");
            store.remove_webhook_due(&due).unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert!(store.due_webhooks(at).unwrap().is_empty());
        assert_eq!(store.next_webhook_due().unwrap(), None);
    }
}
