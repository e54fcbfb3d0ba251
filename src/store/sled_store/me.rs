//! The doctors' pages' trees (issue 18, see [`crate::store::SignInLink`]):
//! - `sign_in_links`: hex SHA-256 of a link's token → [`SignInLink`];
//! - `doctor_sessions`: hex SHA-256 of a session token → [`DoctorSession`].
//!
//! Key decision: a link is used by removing it ([`take_link`]): sled's remove returns the old
//! value to one caller only, so two browsers opening the same link at once cannot both sign in.

use super::{SledStore, decode, decode_all, encode, text_key};
use crate::store::{DoctorSession, SignInLink, StoreError};

const LINKS: &str = "sign_in_links";
const SESSIONS: &str = "doctor_sessions";
/// The trees' names (they are not in backups: links and sessions are short-lived).
pub(super) const TREES: [&str; 2] = [LINKS, SESSIONS];

/// The trees.
pub(super) struct MeTrees {
    links: crate::store::kv::Tree,
    sessions: crate::store::kv::Tree,
}

impl MeTrees {
    pub(super) fn open(db: &crate::store::kv::Db) -> MeTrees {
        MeTrees { links: db.open_tree(LINKS), sessions: db.open_tree(SESSIONS) }
    }

    /// The trees with their names, in the order of [`TREES`].
    pub(super) fn trees(&self) -> [(&'static str, &crate::store::kv::Tree); 2] {
        [(LINKS, &self.links), (SESSIONS, &self.sessions)]
    }
}

/// Reads every record (see [`SledStore::verify`]).
pub(super) fn verify(store: &SledStore) -> Result<usize, StoreError> {
    Ok(decode_all::<SignInLink>(&store.me.links, LINKS, text_key)?.len()
        + decode_all::<DoctorSession>(&store.me.sessions, SESSIONS, text_key)?.len())
}

/// Stores `link`, and forgets the links that expired before `link` was made.
pub(super) fn put_link(store: &SledStore, link: &SignInLink) -> Result<(), StoreError> {
    let old: Vec<SignInLink> = decode_all(&store.me.links, LINKS, text_key)?;
    for l in old.iter().filter(|l| l.expires_at <= link.created_at) {
        store.me.links.remove(l.hash.as_bytes())?;
    }
    let value = encode(|| format!("a sign-in link of {}", link.member), link)?;
    store.me.links.insert(link.hash.as_bytes(), value)?;
    store.flush()
}

pub(super) fn link(store: &SledStore, hash: &str) -> Result<Option<SignInLink>, StoreError> {
    store.me.links.get(hash.as_bytes())?.map(|v| decode(LINKS, || hash.to_string(), &v)).transpose()
}

pub(super) fn take_link(store: &SledStore, hash: &str) -> Result<Option<SignInLink>, StoreError> {
    let taken = store.me.links.remove(hash.as_bytes())?;
    store.flush()?;
    taken.map(|v| decode(LINKS, || hash.to_string(), &v)).transpose()
}

pub(super) fn put_session(store: &SledStore, s: &DoctorSession) -> Result<(), StoreError> {
    let value = encode(|| format!("a session of {}", s.doctor), s)?;
    store.me.sessions.insert(s.hash.as_bytes(), value)?;
    store.flush()
}

pub(super) fn session(store: &SledStore, hash: &str) -> Result<Option<DoctorSession>, StoreError> {
    store
        .me
        .sessions
        .get(hash.as_bytes())?
        .map(|v| decode(SESSIONS, || hash.to_string(), &v))
        .transpose()
}

pub(super) fn end_session(store: &SledStore, hash: &str) -> Result<bool, StoreError> {
    let had = store.me.sessions.remove(hash.as_bytes())?.is_some();
    store.flush()?;
    Ok(had)
}
