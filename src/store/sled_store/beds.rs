//! The trees of bed vacancy and the board (issue 20):
//! - `beds`: hospital id → its latest [`BedState`];
//! - `board`: doctor id → its latest [`BoardEntry`].
//!
//! Key decision: each update is written with its audit entry in one transaction, so a status
//! is never shown that the audit log does not account for.

use crate::store::kv::Transactional;

use super::{SledStore, append_audit, decode_all, encode, from_transaction, text_key};
use crate::store::{AuditEntry, BedState, BoardEntry, StoreError};

pub(super) const BEDS: &str = "beds";
pub(super) const BOARD: &str = "board";

/// The trees.
pub(super) struct BedTrees {
    pub(super) beds: crate::store::kv::Tree,
    pub(super) board: crate::store::kv::Tree,
}

impl BedTrees {
    pub(super) fn open(db: &crate::store::kv::Db) -> BedTrees {
        BedTrees { beds: db.open_tree(BEDS), board: db.open_tree(BOARD) }
    }
}

/// Reads every record (see [`SledStore::verify`]).
pub(super) fn verify(store: &SledStore) -> Result<usize, StoreError> {
    Ok(decode_all::<BedState>(&store.beds.beds, BEDS, text_key)?.len()
        + decode_all::<BoardEntry>(&store.beds.board, BOARD, text_key)?.len())
}

/// Writes `value` under `key` in `tree` and appends `audit`, in one flushed transaction.
fn put_audited(
    store: &SledStore,
    tree: &crate::store::kv::Tree,
    key: &str,
    value: Vec<u8>,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    (&store.meta, tree, &store.audit)
        .transaction(|(meta, t, log)| {
            t.insert(key.as_bytes(), value.clone())?;
            append_audit(meta, log, audit)?;
            Ok::<_, crate::store::kv::ConflictableTransactionError<StoreError>>(())
        })
        .map_err(from_transaction)?;
    store.flush()
}

pub(super) fn set_beds(
    store: &SledStore,
    state: &BedState,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let value = encode(|| format!("the beds of {}", state.hospital), state)?;
    put_audited(store, &store.beds.beds, &state.hospital, value, audit)
}

pub(super) fn beds(store: &SledStore) -> Result<Vec<BedState>, StoreError> {
    decode_all(&store.beds.beds, BEDS, text_key)
}

pub(super) fn set_board(
    store: &SledStore,
    entry: &BoardEntry,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let value = encode(|| format!("the board entry of {}", entry.doctor), entry)?;
    put_audited(store, &store.beds.board, &entry.doctor, value, audit)
}

pub(super) fn board(store: &SledStore) -> Result<Vec<BoardEntry>, StoreError> {
    decode_all(&store.beds.board, BOARD, text_key)
}
