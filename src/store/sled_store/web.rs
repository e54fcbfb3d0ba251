//! The console's trees (issue 18):
//! - `web_accounts`: admin id → [`WebAccount`];
//! - `web_sessions`: hex SHA-256 of the session token → [`WebSession`];
//! - `login_failures`: `account/NAME` or `address/IP` → recent failure times.
//!
//! Key decision: removing an account ends its sessions in the same transaction, so there is no
//! moment when a removed admin is still signed in.

use crate::store::kv::ConflictableTransactionError;
use crate::store::kv::Transactional;
use chrono::{DateTime, Utc};

use super::{SledStore, decode, decode_all, encode, from_transaction, text_key};
use crate::rules::MemberId;
use crate::store::{StoreError, WebAccount, WebSession};

pub(super) const WEB_ACCOUNTS: &str = "web_accounts";
pub(super) const WEB_SESSIONS: &str = "web_sessions";
pub(super) const LOGIN_FAILURES: &str = "login_failures";

/// The console's trees.
pub(super) struct WebTrees {
    pub(super) accounts: crate::store::kv::Tree,
    pub(super) sessions: crate::store::kv::Tree,
    pub(super) failures: crate::store::kv::Tree,
}

impl WebTrees {
    pub(super) fn open(db: &crate::store::kv::Db) -> WebTrees {
        WebTrees {
            accounts: db.open_tree(WEB_ACCOUNTS),
            sessions: db.open_tree(WEB_SESSIONS),
            failures: db.open_tree(LOGIN_FAILURES),
        }
    }
}

/// Reads every record (see [`SledStore::verify`]).
pub(super) fn verify(store: &SledStore) -> Result<usize, StoreError> {
    Ok(decode_all::<WebAccount>(&store.web.accounts, WEB_ACCOUNTS, text_key)?.len()
        + decode_all::<WebSession>(&store.web.sessions, WEB_SESSIONS, text_key)?.len()
        + decode_all::<Vec<DateTime<Utc>>>(&store.web.failures, LOGIN_FAILURES, text_key)?.len())
}

pub(super) fn put_account(store: &SledStore, account: &WebAccount) -> Result<(), StoreError> {
    let value = encode(|| format!("the web account of {}", account.admin), account)?;
    store.web.accounts.insert(account.admin.as_str().as_bytes(), value)?;
    store.flush()
}

pub(super) fn account(
    store: &SledStore,
    admin: &MemberId,
) -> Result<Option<WebAccount>, StoreError> {
    store
        .web
        .accounts
        .get(admin.as_str().as_bytes())?
        .map(|v| decode(WEB_ACCOUNTS, || admin.to_string(), &v))
        .transpose()
}

pub(super) fn accounts(store: &SledStore) -> Result<Vec<WebAccount>, StoreError> {
    let mut all: Vec<WebAccount> = decode_all(&store.web.accounts, WEB_ACCOUNTS, text_key)?;
    all.sort_by(|a, b| a.admin.cmp(&b.admin));
    Ok(all)
}

/// Removes `admin`'s account and every session of theirs, at once.
pub(super) fn remove_account(store: &SledStore, admin: &MemberId) -> Result<bool, StoreError> {
    let mine: Vec<Vec<u8>> = sessions_of(store, admin)?.into_iter().map(|(k, _)| k).collect();
    let removed = (&store.web.accounts, &store.web.sessions)
        .transaction(|(accounts, sessions)| {
            let had = accounts.remove(admin.as_str().as_bytes())?.is_some();
            for k in &mine {
                sessions.remove(k.clone())?;
            }
            Ok::<_, ConflictableTransactionError<StoreError>>(had)
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(removed)
}

fn sessions_of(
    store: &SledStore,
    admin: &MemberId,
) -> Result<Vec<(Vec<u8>, WebSession)>, StoreError> {
    let mut out = Vec::new();
    for item in store.web.sessions.iter() {
        let (k, v) = item?;
        let s: WebSession = decode(WEB_SESSIONS, || text_key(&k), &v)?;
        if &s.admin == admin {
            out.push((k, s));
        }
    }
    Ok(out)
}

pub(super) fn put_session(store: &SledStore, session: &WebSession) -> Result<(), StoreError> {
    let value = encode(|| format!("a web session of {}", session.admin), session)?;
    store.web.sessions.insert(session.hash.as_bytes(), value)?;
    store.flush()
}

pub(super) fn session(store: &SledStore, hash: &str) -> Result<Option<WebSession>, StoreError> {
    store
        .web
        .sessions
        .get(hash.as_bytes())?
        .map(|v| decode(WEB_SESSIONS, || hash.to_string(), &v))
        .transpose()
}

pub(super) fn end_session(store: &SledStore, hash: &str) -> Result<bool, StoreError> {
    let had = store.web.sessions.remove(hash.as_bytes())?.is_some();
    store.flush()?;
    Ok(had)
}

pub(super) fn end_sessions_of(store: &SledStore, admin: &MemberId) -> Result<usize, StoreError> {
    let mine = sessions_of(store, admin)?;
    for (k, _) in &mine {
        store.web.sessions.remove(k)?;
    }
    store.flush()?;
    Ok(mine.len())
}

pub(super) fn login_failures(
    store: &SledStore,
    key: &str,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    Ok(store
        .web
        .failures
        .get(key.as_bytes())?
        .map(|v| decode(LOGIN_FAILURES, || key.to_string(), &v))
        .transpose()?
        .unwrap_or_default())
}

pub(super) fn set_login_failures(
    store: &SledStore,
    key: &str,
    failures: &[DateTime<Utc>],
) -> Result<(), StoreError> {
    if failures.is_empty() {
        store.web.failures.remove(key.as_bytes())?;
    } else {
        let value = encode(|| format!("the failed sign-ins of {key}"), &failures)?;
        store.web.failures.insert(key.as_bytes(), value)?;
    }
    store.flush()
}

pub(super) fn prune_login_failures(
    store: &SledStore,
    horizon: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let mut removed = 0;
    for entry in store.web.failures.iter() {
        let (k, v) = entry?;
        let key = String::from_utf8_lossy(&k).into_owned();
        let failures: Vec<DateTime<Utc>> = decode(LOGIN_FAILURES, || key.clone(), &v)?;
        let kept: Vec<DateTime<Utc>> = failures.iter().copied().filter(|t| *t > horizon).collect();
        if kept.is_empty() {
            store.web.failures.remove(&k)?;
            removed += 1;
        } else if kept.len() < failures.len() {
            let value = encode(|| format!("the failed sign-ins of {key}"), &kept)?;
            store.web.failures.insert(&k, value)?;
        }
    }
    store.flush()?;
    Ok(removed)
}
