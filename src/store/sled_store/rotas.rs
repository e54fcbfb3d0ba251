//! Several rotas in one association (issue 20): the rotas tree keyed by rota.
//!
//! Key decision: the association's own rota keeps its keys (`2027`, `2027/draft`) and a record
//! without a `rota` field, so stores and backups written before several rotas read unchanged;
//! another rota's keys are `ID/2027` and `ID/2027/draft` (a rota id never is a year, since it
//! starts like a member id and `main` is reserved).

use crate::store::kv::ConflictableTransactionError;

use super::{ROTAS, SledStore, decode, decode_all, encode, from_transaction, rota_key, text_key};
use crate::rules::RotaId;
use crate::store::{RotaRecord, RotaStatus, StoreError};

/// The key of rota `rota`'s record of `year` with `status`.
pub(super) fn rota_key_of(rota: &RotaId, year: i32, status: RotaStatus) -> String {
    if rota.is_main() {
        rota_key(year, status)
    } else {
        format!("{rota}/{}", rota_key(year, status))
    }
}

/// See [`crate::store::Store::rota_version_of`].
pub(super) fn version(
    store: &SledStore,
    rota: &RotaId,
    year: i32,
    status: RotaStatus,
) -> Result<Option<RotaRecord>, StoreError> {
    let key = rota_key_of(rota, year, status);
    match store.rotas.get(&key)? {
        Some(bytes) => decode(ROTAS, || key.clone(), &bytes).map(Some),
        None => Ok(None),
    }
}

/// See [`crate::store::Store::publish_of`].
pub(super) fn publish(
    store: &SledStore,
    rota: &RotaId,
    year: i32,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<RotaRecord>, StoreError> {
    let (draft_key, published_key) = (
        rota_key_of(rota, year, RotaStatus::Draft),
        rota_key_of(rota, year, RotaStatus::Published),
    );
    let Some(bytes) = store.rotas.get(&draft_key)? else { return Ok(None) };
    let mut record: RotaRecord = decode(ROTAS, || draft_key.clone(), &bytes)?;
    record.status = RotaStatus::Published;
    record.published_at = Some(at);
    let value = encode(|| format!("the rota of {year}"), &record)?;
    store
        .rotas
        .transaction(|tx| {
            tx.insert(published_key.as_bytes(), value.clone())?;
            tx.remove(draft_key.as_bytes())?;
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })
        .map_err(from_transaction)?;
    store.flush()?;
    Ok(Some(record))
}

/// See [`crate::store::Store::discard_draft_of`].
pub(super) fn discard_draft(
    store: &SledStore,
    rota: &RotaId,
    year: i32,
) -> Result<bool, StoreError> {
    let key = rota_key_of(rota, year, RotaStatus::Draft);
    let removed = store.rotas.remove(key.as_bytes())?.is_some();
    store.flush()?;
    Ok(removed)
}

/// See [`crate::store::Store::rotas_of`]: by ascending year, the published before the draft.
pub(super) fn of(store: &SledStore, rota: &RotaId) -> Result<Vec<RotaRecord>, StoreError> {
    let mut rotas: Vec<RotaRecord> = decode_all(&store.rotas, ROTAS, text_key)?;
    rotas.retain(|r| &r.rota == rota);
    rotas.sort_by_key(|r| (r.year, r.status == RotaStatus::Draft));
    Ok(rotas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::prelude::*;
    use crate::store::records::fixtures::rota;

    fn north_id() -> RotaId {
        "north".parse().unwrap()
    }

    fn north(year: i32, status: RotaStatus) -> RotaRecord {
        let mut r = rota(year);
        r.rota = north_id();
        r.status = status;
        r.slots[0].doctors = vec!["d04".into()];
        r
    }

    #[test]
    fn another_rota_is_kept_beside_the_main_one_under_its_own_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SledStore::open(dir.path()).expect("open");
        store.put_rota(&rota(2027)).expect("main");
        store.put_rota(&north(2027, RotaStatus::Draft)).expect("north draft");
        assert_eq!(rota_key_of(&north_id(), 2027, RotaStatus::Draft), "north/2027/draft");
        assert_eq!(rota_key_of(&RotaId::main(), 2027, RotaStatus::Published), "2027");
        // The main rota's reads do not see the other rota.
        assert_eq!(store.rotas().expect("rotas"), vec![rota(2027)]);
        assert_eq!(store.rota_version(2027, RotaStatus::Draft).expect("read"), None);
        assert_eq!(
            store.rota_of(&north_id(), 2027).expect("read"),
            Some(north(2027, RotaStatus::Draft))
        );
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap().to_utc();
        let published = store.publish_of(&north_id(), 2027, at).expect("publish").expect("a draft");
        assert_eq!(published.rota, north_id());
        assert_eq!(store.rotas_of(&north_id()).expect("list"), vec![published.clone()]);
        assert_eq!(
            store.rota_version(2027, RotaStatus::Published).expect("main"),
            Some(rota(2027))
        );
        assert!(!store.discard_draft_of(&north_id(), 2027).expect("none left"));
        // Reopened, both are still there, each under its rota.
        drop(store);
        let store = SledStore::open(dir.path()).expect("reopen");
        assert_eq!(store.rotas_of(&north_id()).expect("list"), vec![published]);
        assert_eq!(store.rotas_of(&RotaId::main()).expect("list"), vec![rota(2027)]);
    }

    #[test]
    fn a_main_rota_record_is_written_without_a_rota_field() {
        let json = serde_json::to_value(rota(2027)).expect("encodes");
        assert!(json.get("rota").is_none(), "old records and backups stay unchanged");
        let back: RotaRecord = serde_json::from_value(json).expect("decodes");
        assert!(back.rota.is_main());
        let json = serde_json::to_value(north(2027, RotaStatus::Draft)).expect("encodes");
        assert_eq!(json["rota"], "north");
    }
}
