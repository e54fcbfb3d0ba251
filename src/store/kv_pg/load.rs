//! Filling an association that holds nothing yet, all at once (`toban migrate`, `toban
//! restore` into PostgreSQL, issue 21).
//!
//! Key decision: one transaction that first counts the association's rows and writes only if
//! there are none, so "the target must be empty" and "nothing half-written" are the database's
//! guarantees, not a check that another writer could slip past. Rows go in batches of
//! [`BATCH`] through `unnest` (one round trip per batch instead of one per record: a store of
//! 100,000 records loads in seconds, not minutes).

use postgres::IsolationLevel;

use super::PgKv;
use crate::store::kv::KvError;

/// Rows per INSERT.
const BATCH: usize = 1000;

/// One record: tree, key, value.
pub type Row = (&'static str, Vec<u8>, Vec<u8>);

impl PgKv {
    /// Writes `rows` if the association holds no record; otherwise writes nothing and returns
    /// `Ok(Err(n))`, `n` the records it holds.
    ///
    /// # Errors
    /// [`KvError::Database`] (nothing written), never with the password.
    pub(crate) fn load_fresh(&self, rows: Vec<Row>) -> Result<Result<(), i64>, KvError> {
        let a = self.association.clone();
        self.plain(true, move |c| {
            let mut tx =
                c.build_transaction().isolation_level(IsolationLevel::Serializable).start()?;
            let held: i64 = tx
                .query_one("SELECT count(*) FROM kv WHERE association = $1", &[&a])?
                .get(0);
            if held > 0 {
                return Ok(Err(held));
            }
            for batch in rows.chunks(BATCH) {
                let trees: Vec<&str> = batch.iter().map(|r| r.0).collect();
                let keys: Vec<&[u8]> = batch.iter().map(|r| r.1.as_slice()).collect();
                let values: Vec<&[u8]> = batch.iter().map(|r| r.2.as_slice()).collect();
                tx.execute(
                    "INSERT INTO kv (association, tree, key, value) \
                     SELECT $1, t, k, v FROM unnest($2::text[], $3::bytea[], $4::bytea[]) AS u(t, k, v)",
                    &[&a, &trees, &keys, &values],
                )?;
            }
            tx.commit()?;
            Ok(Ok(()))
        })
        .map_err(|e| self.fail(e))
    }

    /// Removes every record of the association (a load that failed its check afterwards).
    ///
    /// # Errors
    /// [`KvError::Database`].
    pub(crate) fn forget_all(&self) -> Result<u64, KvError> {
        let a = self.association.clone();
        self.plain(true, move |c| c.execute("DELETE FROM kv WHERE association = $1", &[&a]))
            .map_err(|e| self.fail(e))
    }
}
