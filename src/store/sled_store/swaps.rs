//! `Store::commit_swap`: swap and cover requests written over the version they were read at,
//! with the rota change they make, its audit and their notices, in one transaction.

use chrono::{DateTime, Utc};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::{
    NEXT_AUDIT_SEQ, NEXT_SWAP_ID, SWAPS, SledStore, abort, change_rota, decode, encode,
    from_transaction, next_id, queue,
};
use crate::routing::Notice;
use crate::store::{AuditEntry, StoreError, SwapCommit, SwapRequest};

/// See [`crate::store::Store::commit_swap`].
pub(super) fn commit(
    store: &SledStore,
    commit: &SwapCommit,
    notices: &dyn Fn(&[SwapRequest], u64) -> Vec<Notice>,
    at: DateTime<Utc>,
) -> Result<Option<Vec<SwapRequest>>, StoreError> {
    let written = (
        &store.meta,
        &store.swaps,
        &store.rotas,
        &store.audit,
        &store.outbox,
        &store.outbox_pending,
        &store.outbox_keys,
    )
        .transaction(|(meta, swaps, rotas, log, outbox, pending, keys)| {
            let mut seq = 0;
            let mut audit = commit.audit.iter();
            if let Some((year, changes)) = &commit.change {
                let entry = audit.next().cloned().unwrap_or_else(|| {
                    AuditEntry::new(at, "toban", "change", "rota changed".into())
                });
                match change_rota(meta, rotas, log, *year, changes, &entry)? {
                    Some((_, s)) => seq = s,
                    // The rota moved since it was checked: nothing is written.
                    None => return Ok(None),
                }
            }
            for entry in audit {
                let s = next_id(meta, NEXT_AUDIT_SEQ)?;
                let e = AuditEntry { seq: s, ..entry.clone() };
                log.insert(&s.to_be_bytes(), abort(encode(|| "an audit entry", &e))?)?;
            }
            let mut out: Vec<SwapRequest> = Vec::new();
            let mut first_new = None;
            for r in &commit.requests {
                let mut r = r.clone();
                if r.id == 0 {
                    r.id = next_id(meta, NEXT_SWAP_ID)?;
                    let first = *first_new.get_or_insert(r.id);
                    if r.group == Some(0) {
                        r.group = Some(first);
                    }
                } else {
                    let stored: Option<SwapRequest> = match swaps.get(r.id.to_be_bytes())? {
                        Some(v) => Some(abort(decode(SWAPS, || r.id.to_string(), &v))?),
                        None => None,
                    };
                    if stored.map(|s| s.version + 1) != Some(r.version) {
                        return Err(ConflictableTransactionError::Abort(
                            StoreError::RequestConflict { request: r.id },
                        ));
                    }
                }
                let value = abort(encode(|| format!("swap request {}", r.id), &r))?;
                swaps.insert(&r.id.to_be_bytes(), value)?;
                out.push(r);
            }
            queue(meta, outbox, pending, keys, &notices(&out, seq), at)?;
            Ok(Some(out))
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(written)
}
