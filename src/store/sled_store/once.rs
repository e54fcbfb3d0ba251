//! Effects done at most once per [`Origin`], and the Telegram poller's records (issue 14).
//!
//! Key decision: an effect and its origin are written in one sled transaction, so there is no
//! moment at which the effect is on disk and its origin is not: a Telegram update handled again
//! after a crash finds its origin and changes nothing. The handled-update and stranger trees
//! need no such care: they only spare work and replies.

use crate::store::kv::ConflictableTransactionError;
use crate::store::kv::Transactional;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    CALLS, NEXT_ABSENCE_ID, ORIGINS, STRANGER_REPLIES, SledStore, TELEGRAM_UPDATES, TxResult,
    abort, decode, due_key, encode, event_key, forget_older, from_transaction, next_id,
    patient_key, queue, text_key,
};
use crate::routing::{Call, CallId, Event, Notice};
use crate::store::{Absence, CallEvent, Effect, NewAbsence, Note, Origin, StoreError};

/// What the `origins` tree holds: when, and what was done.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Done {
    at: DateTime<Utc>,
    effect: Effect,
}

fn done_in(origins: &crate::store::kv::TxTree<'_>, origin: &Origin) -> TxResult<Option<Effect>> {
    match origins.get(origin.as_str())? {
        Some(v) => Ok(Some(abort(decode::<Done>(ORIGINS, || origin.to_string(), &v))?.effect)),
        None => Ok(None),
    }
}

fn record(origin: &Origin, at: DateTime<Utc>, effect: Effect) -> Result<Vec<u8>, StoreError> {
    encode(|| format!("what was done under {origin}"), &Done { at, effect })
}

pub(super) fn effect_of(store: &SledStore, origin: &Origin) -> Result<Option<Effect>, StoreError> {
    store
        .origins
        .get(origin.as_str())?
        .map(|v| decode::<Done>(ORIGINS, || origin.to_string(), &v).map(|d| d.effect))
        .transpose()
}

pub(super) fn add_absence(
    store: &SledStore,
    absence: NewAbsence,
    origin: &Origin,
) -> Result<Absence, StoreError> {
    let added = (&store.meta, &store.absences, &store.origins)
        .transaction(|(meta, absences, origins)| {
            match done_in(origins, origin)? {
                Some(Effect::Absence(a)) => return Ok(a),
                Some(other) => return Err(reused(origin, &other, "an absence")),
                None => {}
            }
            let id = next_id(meta, NEXT_ABSENCE_ID)?;
            let absence = absence.clone().with_id(crate::ids::AbsenceId::new(id));
            let value = abort(encode(|| format!("absence {id}"), &absence))?;
            absences.insert(&id.to_be_bytes(), value)?;
            let done = abort(record(origin, absence.created_at, Effect::Absence(absence.clone())))?;
            origins.insert(origin.as_str(), done)?;
            Ok(absence)
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(added)
}

pub(super) fn add_note(
    store: &SledStore,
    note: &Note,
    origin: &Origin,
) -> Result<bool, StoreError> {
    // The key of `Store::add_note`.
    let key = format!("{}/{}/{}", note.slot, note.at.to_rfc3339(), note.by);
    let value = encode(|| "a handover note", note)?;
    let done = record(origin, note.at, Effect::Note(note.slot.clone()))?;
    let added = (&store.notes, &store.origins)
        .transaction(|(notes, origins)| {
            if done_in(origins, origin)?.is_some() {
                return Ok(false);
            }
            notes.insert(key.as_bytes(), value.clone())?;
            origins.insert(origin.as_str(), done.clone())?;
            Ok(true)
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(added)
}

/// `Store::raise_call`, and `raise_call_once` with `origin`: the call, its raise event, its
/// notices, its due-index and patient-index entries (and the origin) in one transaction. `None` when the origin was
/// done already.
pub(super) fn raise_call(
    store: &SledStore,
    raise: &dyn Fn(CallId) -> (Call, Vec<Notice>),
    at: DateTime<Utc>,
    origin: Option<&Origin>,
) -> Result<Option<(Call, Vec<Notice>)>, StoreError> {
    let raised = (
        &store.meta,
        &store.calls,
        &store.call_events,
        &store.outbox,
        &store.outbox_pending,
        &store.outbox_keys,
        &store.origins,
        &store.due,
        &store.calls_by_patient,
    )
        .transaction(|(meta, calls, events, outbox, pending, keys, origins, due, by_patient)| {
            if let Some(origin) = origin
                && done_in(origins, origin)?.is_some()
            {
                return Ok(None);
            }
            let id = crate::routing::CallId::new(next_id(meta, super::NEXT_CALL_ID)?);
            let (call, notices) = raise(id);
            calls.insert(&id.to_be_bytes(), abort(encode(|| format!("call {id}"), &call))?)?;
            // A call's patient never changes: its index entry is written once, here.
            by_patient.insert(&patient_key(call.patient, id), &[])?;
            if let Some(d) = call.deadline() {
                due.insert(&due_key(d, id), &[])?;
            }
            let event = CallEvent { call: id, seq: 0, at, event: None };
            events.insert(
                &event_key(id, 0),
                abort(encode(|| format!("call {id} event 0"), &event))?,
            )?;
            queue(meta, outbox, pending, keys, &notices, at)?;
            if let Some(origin) = origin {
                origins.insert(origin.as_str(), abort(record(origin, at, Effect::Raised(id)))?)?;
            }
            Ok(Some((call, notices)))
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(raised)
}

/// `Store::commit_call`, and `commit_call_once` with `origin`: the call after `event`, the
/// event, its notices, the due index moved to the new deadline (and the origin) in one
/// transaction, if the stored call is the version before this one. `false` when the origin was
/// done already.
pub(super) fn commit_call(
    store: &SledStore,
    call: &Call,
    event: &Event,
    notices: &[Notice],
    at: DateTime<Utc>,
    origin: Option<&Origin>,
) -> Result<bool, StoreError> {
    let id = call.id;
    let value = encode(|| format!("call {id}"), call)?;
    let seq = call.seq.checked_sub(1).ok_or(StoreError::Conflict { call: id })?;
    let event = CallEvent { call: id, seq, at, event: Some(event.clone()) };
    let event = encode(|| format!("call {id} event {seq}"), &event)?;
    let done = match origin {
        Some(o) => Some(record(o, at, Effect::Joined(id))?),
        None => None,
    };
    let written = (
        &store.meta,
        &store.calls,
        &store.call_events,
        &store.outbox,
        &store.outbox_pending,
        &store.outbox_keys,
        &store.origins,
        &store.due,
    )
        .transaction(|(meta, calls, events, outbox, pending, keys, origins, due)| {
            if let Some(origin) = origin
                && done_in(origins, origin)?.is_some()
            {
                return Ok(false);
            }
            let stored: Option<Call> = match calls.get(id.to_be_bytes())? {
                Some(v) => Some(abort(decode(CALLS, || id.to_string(), &v))?),
                None => None,
            };
            let Some(stored) = stored.filter(|c| c.seq == seq) else {
                return Err(ConflictableTransactionError::Abort(StoreError::Conflict { call: id }));
            };
            // The due index follows the call's deadline in the same transaction.
            if let Some(d) = stored.deadline() {
                due.remove(&due_key(d, id))?;
            }
            if let Some(d) = call.deadline() {
                due.insert(&due_key(d, id), &[])?;
            }
            calls.insert(&id.to_be_bytes(), value.clone())?;
            events.insert(&event_key(id, seq), event.clone())?;
            queue(meta, outbox, pending, keys, notices, at)?;
            if let (Some(origin), Some(done)) = (origin, &done) {
                origins.insert(origin.as_str(), done.clone())?;
            }
            Ok(true)
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(written)
}

pub(super) fn update_handled(store: &SledStore, id: u64) -> Result<bool, StoreError> {
    Ok(store.telegram_updates.contains_key(id.to_be_bytes())?)
}

pub(super) fn mark_update_handled(
    store: &SledStore,
    id: u64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    store.telegram_updates.insert(id.to_be_bytes(), encode(|| format!("update {id}"), &at)?)?;
    store.flush()
}

pub(super) fn stranger_reply_due(
    store: &SledStore,
    chat: i64,
    now: DateTime<Utc>,
    every: chrono::Duration,
) -> Result<bool, StoreError> {
    let key = chat.to_be_bytes();
    let now_bytes = encode(|| "a stranger's last answer", &now)?;
    let due = store
        .stranger_replies
        .transaction(|t| {
            if let Some(v) = t.get(key)? {
                let last: DateTime<Utc> = abort(decode(STRANGER_REPLIES, || chat.to_string(), &v))?;
                if now - last < every {
                    return Ok(false);
                }
            }
            t.insert(&key, now_bytes.clone())?;
            Ok(true)
        })
        .map_err(from_transaction)?;
    if due {
        store.flush()?;
    }
    Ok(due)
}

pub(super) fn forget_before(store: &SledStore, before: DateTime<Utc>) -> Result<usize, StoreError> {
    let mut gone = forget_older(&store.origins, ORIGINS, text_key, before, |d: &Done| d.at)?;
    for (tree, name) in
        [(&store.telegram_updates, TELEGRAM_UPDATES), (&store.stranger_replies, STRANGER_REPLIES)]
    {
        gone += forget_older(tree, name, super::id_key, before, |at: &DateTime<Utc>| *at)?;
    }
    Ok(gone)
}

/// Reads every record of the trees kept here (see [`SledStore::verify`]).
pub(super) fn verify(store: &SledStore) -> Result<usize, StoreError> {
    let mut n = 0;
    for item in store.origins.iter() {
        let (k, v) = item?;
        decode::<Done>(ORIGINS, || String::from_utf8_lossy(&k).into_owned(), &v)?;
        n += 1;
    }
    for (tree, name) in
        [(&store.telegram_updates, TELEGRAM_UPDATES), (&store.stranger_replies, STRANGER_REPLIES)]
    {
        for item in tree.iter() {
            let (k, v) = item?;
            decode::<DateTime<Utc>>(name, || super::id_key(&k), &v)?;
            n += 1;
        }
    }
    Ok(n)
}

/// An origin used for another kind of effect: a caller's mistake, reported as a bad record.
fn reused(
    origin: &Origin,
    found: &Effect,
    wanted: &str,
) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(StoreError::Corrupt {
        tree: ORIGINS,
        key: origin.to_string(),
        cause: format!("it records {}, not {wanted}", found.kind()),
    })
}

#[cfg(test)]
mod tests {
    //! Sled's own: the stranger's hour kept across a reopen of the directory. The rest of
    //! `ChatLinks` and the absences added under an origin run on both backends in
    //! `store::suite` (issue 21).

    use super::*;
    use crate::store::prelude::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 2, h, 0, 0).unwrap()
    }

    #[test]
    fn a_stranger_is_due_an_answer_once_an_hour_even_after_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let hour = chrono::Duration::hours(1);
        {
            let store = SledStore::open(dir.path()).unwrap();
            assert!(store.stranger_reply_due(99, at(1), hour).unwrap());
            assert!(
                !store.stranger_reply_due(99, at(1) + chrono::Duration::minutes(59), hour).unwrap()
            );
            assert!(store.stranger_reply_due(98, at(1), hour).unwrap(), "another chat");
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert!(
            !store.stranger_reply_due(99, at(1) + chrono::Duration::minutes(30), hour).unwrap()
        );
        assert!(store.stranger_reply_due(99, at(2), hour).unwrap());
    }
}
