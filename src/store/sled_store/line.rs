//! LINE's trees (issue 19):
//! - `line_users`: LINE user id → the chat number the store gave it (8 bytes, big-endian);
//! - `line_chats`: that number (big-endian) → the LINE user id (text), for delivery;
//! - `line_events`: webhook event id → when it was handled, so a redelivered event (LINE sends
//!   one again when toban did not answer in time, or after a restart) is handled once;
//! - `line_records`: the id LINE gave a pushed 【受諾】 record → the call and when it was sent,
//!   so a message quoting the record (LINE passes the quoted message's id, never its text) is
//!   that call's report. Never the text: the record holds the patient's data.
//!
//! Key decision: a LINE user gets a number in one transaction with its reverse entry, counting
//! down from [`crate::chat::LINE_BASE`], so every other record (links, forms, failed codes,
//! strangers' answers) keeps one shape for all channels.

use crate::store::kv::Transactional;
use chrono::{DateTime, Utc};

use super::{SledStore, abort, decode, encode, forget_older, from_transaction, next_id, text_key};
use crate::store::StoreError;

pub(super) const LINE_USERS: &str = "line_users";
pub(super) const LINE_CHATS: &str = "line_chats";
pub(super) const LINE_EVENTS: &str = "line_events";
pub(super) const LINE_RECORDS: &str = "line_records";
const NEXT_LINE_CHAT: &str = "next_line_chat";

/// LINE's trees.
pub(super) struct LineTrees {
    pub(super) users: crate::store::kv::Tree,
    pub(super) chats: crate::store::kv::Tree,
    pub(super) events: crate::store::kv::Tree,
    pub(super) records: crate::store::kv::Tree,
}

/// What a pushed record's message id stands for.
#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    call: crate::routing::CallId,
    at: DateTime<Utc>,
}

impl LineTrees {
    pub(super) fn open(db: &crate::store::kv::Db) -> LineTrees {
        LineTrees {
            users: db.open_tree(LINE_USERS),
            chats: db.open_tree(LINE_CHATS),
            events: db.open_tree(LINE_EVENTS),
            records: db.open_tree(LINE_RECORDS),
        }
    }
}

fn chat_of(tree: &'static str, key: &str, v: &[u8]) -> Result<i64, StoreError> {
    <[u8; 8]>::try_from(v).map(i64::from_be_bytes).map_err(|_| StoreError::Corrupt {
        tree,
        key: key.to_string(),
        cause: format!("a value of {} bytes where 8 belong", v.len()),
    })
}

pub(super) fn chat(store: &SledStore, user: &str) -> Result<i64, StoreError> {
    if let Some(v) = store.line.users.get(user.as_bytes())? {
        return chat_of(LINE_USERS, user, &v);
    }
    let chat = (&store.meta, &store.line.users, &store.line.chats)
        .transaction(|(meta, users, chats)| {
            if let Some(v) = users.get(user.as_bytes())? {
                return abort(chat_of(LINE_USERS, user, &v));
            }
            let n = next_id(meta, NEXT_LINE_CHAT)?;
            let chat = crate::chat::LINE_BASE - i64::try_from(n).unwrap_or(i64::MAX / 2);
            users.insert(user.as_bytes(), &chat.to_be_bytes())?;
            chats.insert(&chat.to_be_bytes(), user.as_bytes())?;
            Ok(chat)
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(chat)
}

pub(super) fn user(store: &SledStore, chat: i64) -> Result<Option<String>, StoreError> {
    Ok(store.line.chats.get(chat.to_be_bytes())?.map(|v| String::from_utf8_lossy(&v).into_owned()))
}

pub(super) fn event_handled(store: &SledStore, id: &str) -> Result<bool, StoreError> {
    Ok(store.line.events.contains_key(id.as_bytes())?)
}

pub(super) fn mark_event_handled(
    store: &SledStore,
    id: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    store.line.events.insert(id.as_bytes(), encode(|| format!("LINE event {id}"), &at)?)?;
    store.flush()
}

/// Forgets the handled events older than `before`; returns how many went.
pub(super) fn forget_before(store: &SledStore, before: DateTime<Utc>) -> Result<usize, StoreError> {
    forget_older(&store.line.events, LINE_EVENTS, text_key, before, |at: &DateTime<Utc>| *at)
}

pub(super) fn keep_record(
    store: &SledStore,
    message: &str,
    call: crate::routing::CallId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let value = encode(|| format!("LINE record {message}"), &Record { call, at })?;
    store.line.records.insert(message.as_bytes(), value)?;
    store.flush()
}

pub(super) fn record(
    store: &SledStore,
    message: &str,
) -> Result<Option<crate::routing::CallId>, StoreError> {
    let Some(v) = store.line.records.get(message.as_bytes())? else { return Ok(None) };
    Ok(Some(decode::<Record>(LINE_RECORDS, || message.to_string(), &v)?.call))
}

/// Forgets the records' message ids kept before `before`; returns how many went.
pub(super) fn forget_records_before(
    store: &SledStore,
    before: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let gone =
        forget_older(&store.line.records, LINE_RECORDS, text_key, before, |r: &Record| r.at)?;
    if gone > 0 {
        store.flush()?;
    }
    Ok(gone)
}

/// Reads every record (see [`SledStore::verify`]).
pub(super) fn verify(store: &SledStore) -> Result<usize, StoreError> {
    let mut n = 0;
    for item in store.line.users.iter() {
        let (k, v) = item?;
        chat_of(LINE_USERS, &text_key(&k), &v)?;
        n += 1;
    }
    for item in store.line.chats.iter() {
        let (k, v) = item?;
        if std::str::from_utf8(&v).is_err() || k.len() != 8 {
            return Err(StoreError::Corrupt {
                tree: LINE_CHATS,
                key: format!("{k:02x?}"),
                cause: "not a chat number and a LINE user id".into(),
            });
        }
        n += 1;
    }
    for item in store.line.events.iter() {
        let (k, v) = item?;
        decode::<DateTime<Utc>>(LINE_EVENTS, || text_key(&k), &v)?;
        n += 1;
    }
    for item in store.line.records.iter() {
        let (k, v) = item?;
        decode::<Record>(LINE_RECORDS, || text_key(&k), &v)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::{Channel, LINE_BASE};
    use crate::store::prelude::*;

    // Sled's own (a directory reopened); the chat numbers and handled events on both backends:
    // `store::suite::chat` (issue 21).
    #[test]
    fn a_line_user_keeps_one_chat_number_across_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = {
            let store = SledStore::open(dir.path()).unwrap();
            let a = store.line_chat("Uaaaa").unwrap();
            let b = store.line_chat("Ubbbb").unwrap();
            assert_eq!(store.line_chat("Uaaaa").unwrap(), a);
            (a, b)
        };
        assert!(a < LINE_BASE && b < LINE_BASE && a != b);
        assert_eq!((Channel::of(a), Channel::of(b)), (Channel::Line, Channel::Line));
        let store = SledStore::open(dir.path()).unwrap();
        assert_eq!(store.line_chat("Ubbbb").unwrap(), b);
        assert_eq!(store.line_user(a).unwrap().as_deref(), Some("Uaaaa"));
        assert_eq!(store.line_user(42).unwrap(), None);
        assert!(store.verify().is_ok());
    }
}
