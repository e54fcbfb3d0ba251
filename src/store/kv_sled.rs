//! [`SledKv`]: the [`Kv`] interface on sled 0.34, each tree a sled tree of the same name, so
//! the files are exactly those toban wrote before the interface existed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::RwLock;

use sled::Transactional as _;
use sled::transaction::{
    ConflictableTransactionError as SledAbort, TransactionError as SledEnd, TransactionalTree,
    UnabortableTransactionError as SledConflict,
};

use super::kv::{Kv, KvError, KvIter, KvTx, TxEnd, TxFail, UnabortableTransactionError};

/// A sled database with its trees opened.
pub struct SledKv {
    db: sled::Db,
    trees: RwLock<HashMap<&'static str, sled::Tree>>,
}

impl SledKv {
    /// `db` with the trees called `names` opened (so a failure shows when the store opens).
    pub fn new(db: sled::Db, names: &[&'static str]) -> sled::Result<SledKv> {
        let kv = SledKv { db, trees: RwLock::new(HashMap::new()) };
        kv.open_trees(names)?;
        Ok(kv)
    }

    /// Opens the trees called `names`.
    pub fn open_trees(&self, names: &[&'static str]) -> sled::Result<()> {
        for name in names {
            self.open(name)?;
        }
        Ok(())
    }

    fn open(&self, name: &'static str) -> sled::Result<sled::Tree> {
        if let Some(t) = self.trees.read().unwrap_or_else(|p| p.into_inner()).get(name) {
            return Ok(t.clone());
        }
        let tree = self.db.open_tree(name)?;
        self.trees.write().unwrap_or_else(|p| p.into_inner()).insert(name, tree.clone());
        Ok(tree)
    }

    fn tree(&self, name: &'static str) -> Result<sled::Tree, KvError> {
        Ok(self.open(name)?)
    }
}

fn tx_err(e: SledConflict) -> UnabortableTransactionError {
    match e {
        SledConflict::Conflict => UnabortableTransactionError::Conflict,
        SledConflict::Storage(e) => UnabortableTransactionError::Storage(KvError::Sled(e)),
    }
}

struct SledTx<'a>(&'a [TransactionalTree]);

impl KvTx for SledTx<'_> {
    fn get(&self, tree: usize, key: &[u8]) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        Ok(self.0[tree].get(key).map_err(tx_err)?.map(|v| v.to_vec()))
    }

    fn insert(
        &self,
        tree: usize,
        key: &[u8],
        value: &[u8],
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        Ok(self.0[tree].insert(key, value).map_err(tx_err)?.map(|v| v.to_vec()))
    }

    fn remove(
        &self,
        tree: usize,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        Ok(self.0[tree].remove(key).map_err(tx_err)?.map(|v| v.to_vec()))
    }
}

impl Kv for SledKv {
    fn get(&self, tree: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, KvError> {
        Ok(self.tree(tree)?.get(key)?.map(|v| v.to_vec()))
    }

    fn insert(
        &self,
        tree: &'static str,
        key: &[u8],
        value: &[u8],
    ) -> Result<Option<Vec<u8>>, KvError> {
        Ok(self.tree(tree)?.insert(key, value)?.map(|v| v.to_vec()))
    }

    fn remove(&self, tree: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, KvError> {
        Ok(self.tree(tree)?.remove(key)?.map(|v| v.to_vec()))
    }

    fn range(&self, tree: &'static str, from: Bound<Vec<u8>>, to: Bound<Vec<u8>>) -> KvIter<'_> {
        match self.tree(tree) {
            Ok(t) => Box::new(t.range((from, to)).map(|r| match r {
                Ok((k, v)) => Ok((k.to_vec(), v.to_vec())),
                Err(e) => Err(KvError::Sled(e)),
            })),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }

    fn transaction(
        &self,
        trees: &[&'static str],
        body: &mut dyn FnMut(&dyn KvTx) -> Result<(), TxFail>,
    ) -> Result<(), TxEnd> {
        let trees: Vec<sled::Tree> =
            trees.iter().map(|n| self.tree(n)).collect::<Result<_, _>>().map_err(TxEnd::Storage)?;
        // sled wants `Fn`; it never runs the body twice at once.
        let body = RefCell::new(body);
        let ended = trees.as_slice().transaction(|views: &Vec<TransactionalTree>| {
            match (body.borrow_mut())(&SledTx(views)) {
                Ok(()) => Ok(()),
                Err(TxFail::Abort) => Err(SledAbort::Abort(())),
                Err(TxFail::Conflict) => Err(SledAbort::Conflict),
                Err(TxFail::Storage(KvError::Sled(e))) => Err(SledAbort::Storage(e)),
                Err(TxFail::Storage(KvError::Database(m))) => {
                    Err(SledAbort::Storage(sled::Error::Unsupported(m)))
                }
            }
        });
        match ended {
            Ok(()) => Ok(()),
            Err(SledEnd::Abort(())) => Err(TxEnd::Abort),
            Err(SledEnd::Storage(e)) => Err(TxEnd::Storage(KvError::Sled(e))),
        }
    }

    fn flush(&self) -> Result<(), KvError> {
        self.db.flush()?;
        Ok(())
    }

    fn is_fresh(&self) -> Result<bool, KvError> {
        Ok(self
            .db
            .tree_names()
            .iter()
            .all(|n| self.db.open_tree(n).map(|t| t.is_empty()).unwrap_or(true)))
    }
}
