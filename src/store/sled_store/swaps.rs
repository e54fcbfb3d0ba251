//! `Store::commit_swap`: swap and cover requests written over the version they were read at,
//! with the rota change they make, its audit and their notices, in one transaction.

use crate::ids::{AuditSeq, SwapRequestId};
use crate::store::kv::ConflictableTransactionError;
use crate::store::kv::Transactional;
use chrono::{DateTime, Utc};

use super::{
    NEXT_SWAP_ID, ROTAS, SWAPS, SledStore, TxResult, abort, append_audit, change_rota, decode,
    encode, from_transaction, next_id, queue,
};
use crate::routing::Notice;
use crate::store::{
    AuditEntry, CoverPart, RotaRecord, RotaStatus, StoreError, SwapCommit, SwapRequest,
};

/// See [`crate::store::Store::commit_swap`].
pub(super) fn commit(
    store: &SledStore,
    commit: &SwapCommit,
    notices: &dyn Fn(&[SwapRequest], AuditSeq) -> Vec<Notice>,
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
            let mut seq = AuditSeq::UNSAVED;
            let mut audit = commit.audit.iter();
            let main = crate::rules::RotaId::main();
            let rota_id = commit.rota.as_ref().unwrap_or(&main);
            if let Some((year, changes)) = &commit.change {
                let entry = audit.next().cloned().unwrap_or_else(|| {
                    AuditEntry::new(at, "toban", "change", "rota changed".into())
                });
                match change_rota(meta, rotas, log, rota_id, *year, changes, &entry)? {
                    Some((_, s)) => seq = s,
                    // The rota moved since it was checked: nothing is written.
                    None => return Ok(None),
                }
            }
            if let Some((year, slot, part)) = &commit.part {
                let entry = audit.next().cloned().unwrap_or_else(|| {
                    AuditEntry::new(at, "toban", "cover", "partial cover".into())
                });
                match add_part(meta, rotas, log, rota_id, *year, slot, part, &entry)? {
                    Some(s) => seq = s,
                    None => return Ok(None),
                }
            }
            for entry in audit {
                append_audit(meta, log, entry)?;
            }
            let mut out: Vec<SwapRequest> = Vec::new();
            let mut first_new = None;
            for r in &commit.requests {
                let mut r = r.clone();
                if r.id == SwapRequestId::UNSAVED {
                    r.id = SwapRequestId::new(next_id(meta, NEXT_SWAP_ID)?);
                    let first = *first_new.get_or_insert(r.id);
                    if r.group == Some(SwapRequestId::UNSAVED) {
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

/// Adds a partial cover to slot `slot` of the published rota of `year`, with its audit entry.
/// `None` (nothing written) when the rota no longer has that doctor on that slot, or a part
/// of theirs there overlaps it: the rota moved since it was checked.
#[allow(clippy::too_many_arguments)]
fn add_part(
    meta: &crate::store::kv::TxTree<'_>,
    rotas: &crate::store::kv::TxTree<'_>,
    log: &crate::store::kv::TxTree<'_>,
    rota_id: &crate::rules::RotaId,
    year: i32,
    slot: &str,
    part: &CoverPart,
    audit: &AuditEntry,
) -> TxResult<Option<AuditSeq>> {
    let key = super::rotas::rota_key_of(rota_id, year, RotaStatus::Published);
    let Some(bytes) = rotas.get(key.as_bytes())? else { return Ok(None) };
    let mut rota: RotaRecord = abort(decode(ROTAS, || key.clone(), &bytes))?;
    let Some(s) = rota.slots.iter_mut().find(|s| s.id == slot) else { return Ok(None) };
    if !s.doctors.contains(&part.doctor) || s.doctors.contains(&part.by) {
        return Ok(None);
    }
    let overlaps = |p: &CoverPart| p.start < part.end && part.start < p.end;
    if s.parts.iter().any(|p| (p.doctor == part.doctor || p.by == part.by) && overlaps(p)) {
        return Ok(None);
    }
    s.parts.push(part.clone());
    s.parts.sort_by_key(|p| p.start);
    rota.recount();
    rotas.insert(key.as_bytes(), abort(encode(|| format!("the rota of {year}"), &rota))?)?;
    Ok(Some(append_audit(meta, log, audit)?.seq))
}
