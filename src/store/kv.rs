//! [`Kv`]: the few key-value operations the store's logic needs, so that logic (key layouts,
//! counters, idempotency keys, the outbox, the due index) is written once and runs on sled or
//! on PostgreSQL.
//!
//! The shape is sled's, because the logic was written against sled: named trees of byte keys
//! to byte values, read one key at a time or a range at a time in key order, and transactions
//! over a few named trees that get, insert and remove but cannot iterate. A transaction's body
//! may run more than once (sled retries on a conflict, PostgreSQL on a serialization failure),
//! so it must not have effects outside the transaction; it is all or nothing, and durable once
//! [`Kv::flush`] returns.
//!
//! Key decision: [`Tree`] and the transaction types mirror sled's own API (`get`, `insert`,
//! `scan_prefix`, `(&a, &b).transaction(|(a, b)| …)`, `ConflictableTransactionError`), so
//! porting the store onto this interface changed types, not logic.

use std::ops::{Bound, RangeBounds};
use std::sync::Arc;

/// A key and its value.
pub type Pair = (Vec<u8>, Vec<u8>);

/// An iterator over a tree's entries in key order.
pub type KvIter<'a> = Box<dyn DoubleEndedIterator<Item = Result<Pair, KvError>> + Send + 'a>;

/// A backend failed.
#[derive(Debug, thiserror::Error)]
pub enum KvError {
    /// sled failed reading, writing or flushing its files.
    #[error(transparent)]
    Sled(#[from] sled::Error),
    /// The database failed or could not be reached (the text never holds a password).
    #[error("{0}")]
    Database(String),
}

/// A key-value backend: named trees, each a sorted map of bytes to bytes.
pub trait Kv: Send + Sync + 'static {
    /// The value under `key` in `tree`.
    fn get(&self, tree: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, KvError>;
    /// Sets `key` to `value` in `tree`, returning the value it had.
    fn insert(
        &self,
        tree: &'static str,
        key: &[u8],
        value: &[u8],
    ) -> Result<Option<Vec<u8>>, KvError>;
    /// Removes `key` from `tree`, returning the value it had.
    fn remove(&self, tree: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, KvError>;
    /// The entries of `tree` between the bounds, in key order.
    fn range(&self, tree: &'static str, from: Bound<Vec<u8>>, to: Bound<Vec<u8>>) -> KvIter<'_>;
    /// Runs `body` over the named trees as one transaction, again on a conflict, until it
    /// returns `Ok` (committed) or fails otherwise (nothing written).
    fn transaction(
        &self,
        trees: &[&'static str],
        body: &mut dyn FnMut(&dyn KvTx) -> Result<(), TxFail>,
    ) -> Result<(), TxEnd>;
    /// Makes everything written so far durable.
    fn flush(&self) -> Result<(), KvError>;
    /// Whether the backend holds nothing at all (a new store), in any tree, known or not.
    fn is_fresh(&self) -> Result<bool, KvError>;
}

/// The operations of an open transaction, on the trees named when it began (by position).
pub trait KvTx {
    /// The value under `key` in the `tree`-th tree.
    fn get(&self, tree: usize, key: &[u8]) -> Result<Option<Vec<u8>>, UnabortableTransactionError>;
    /// Sets `key` to `value`, returning the value it had.
    fn insert(
        &self,
        tree: usize,
        key: &[u8],
        value: &[u8],
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError>;
    /// Removes `key`, returning the value it had.
    fn remove(
        &self,
        tree: usize,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError>;
}

/// How a transaction's body stopped, as the backend sees it.
#[derive(Debug)]
pub enum TxFail {
    /// The body gave up: roll back, do not retry.
    Abort,
    /// Another writer got in the way: roll back and run the body again.
    Conflict,
    /// The backend failed.
    Storage(KvError),
}

/// How a transaction ended without committing.
#[derive(Debug)]
pub enum TxEnd {
    /// The body gave up.
    Abort,
    /// The backend failed.
    Storage(KvError),
}

/// An error of a transactional operation: the body passes it on with `?`.
#[derive(Debug)]
pub enum UnabortableTransactionError {
    /// Another writer got in the way; the transaction will run again.
    Conflict,
    /// The backend failed.
    Storage(KvError),
}

/// What a transaction's body returns when it does not succeed.
#[derive(Debug)]
pub enum ConflictableTransactionError<E> {
    /// Give up with this error; nothing is written.
    Abort(E),
    /// Another writer got in the way; the body runs again.
    Conflict,
    /// The backend failed.
    Storage(KvError),
}

impl<E> From<UnabortableTransactionError> for ConflictableTransactionError<E> {
    fn from(e: UnabortableTransactionError) -> Self {
        match e {
            UnabortableTransactionError::Conflict => ConflictableTransactionError::Conflict,
            UnabortableTransactionError::Storage(e) => ConflictableTransactionError::Storage(e),
        }
    }
}

/// How a transaction ended without committing, for its caller.
#[derive(Debug)]
pub enum TransactionError<E> {
    /// The body gave up with this error.
    Abort(E),
    /// The backend failed.
    Storage(KvError),
}

/// One named tree of a backend.
#[derive(Clone)]
pub struct Tree {
    kv: Arc<dyn Kv>,
    name: &'static str,
}

impl std::fmt::Debug for Tree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Tree").field(&self.name).finish()
    }
}

/// A handle on a backend, to name its trees.
#[derive(Clone)]
pub struct Db(pub(crate) Arc<dyn Kv>);

impl Db {
    /// The tree called `name`.
    pub fn open_tree(&self, name: &'static str) -> Tree {
        Tree { kv: self.0.clone(), name }
    }

    /// Makes everything written so far durable.
    pub fn flush(&self) -> Result<(), KvError> {
        self.0.flush()
    }

    /// Whether the backend holds nothing at all.
    pub fn is_fresh(&self) -> Result<bool, KvError> {
        self.0.is_fresh()
    }
}

fn owned<K: AsRef<[u8]>>(b: Bound<&K>) -> Bound<Vec<u8>> {
    match b {
        Bound::Included(k) => Bound::Included(k.as_ref().to_vec()),
        Bound::Excluded(k) => Bound::Excluded(k.as_ref().to_vec()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// The first key after every key that starts with `prefix`, if there is one.
fn prefix_end(prefix: &[u8]) -> Bound<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Bound::Excluded(end);
        }
    }
    Bound::Unbounded
}

/// Entries of a tree in key order.
pub struct Iter<'a>(KvIter<'a>);

impl Iter<'_> {
    /// The keys only.
    pub fn keys(self) -> impl DoubleEndedIterator<Item = Result<Vec<u8>, KvError>> {
        self.0.map(|r| r.map(|(k, _)| k))
    }
}

impl Iterator for Iter<'_> {
    type Item = Result<Pair, KvError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl Tree {
    /// The tree's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value under `key`.
    pub fn get(&self, key: impl AsRef<[u8]>) -> Result<Option<Vec<u8>>, KvError> {
        self.kv.get(self.name, key.as_ref())
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<Option<Vec<u8>>, KvError> {
        self.kv.insert(self.name, key.as_ref(), value.as_ref())
    }

    /// Sets `key` to `value` only if `key` is absent; whether it was set.
    pub fn insert_new(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<bool, KvError> {
        let (key, value) = (key.as_ref(), value.as_ref());
        self.transaction::<bool, std::convert::Infallible>(|t| {
            if t.get(key)?.is_some() {
                return Ok(false);
            }
            t.insert(key, value)?;
            Ok(true)
        })
        .map_err(|e| match e {
            TransactionError::Abort(never) => match never {},
            TransactionError::Storage(e) => e,
        })
    }

    /// Removes `key`, returning the value it had.
    pub fn remove(&self, key: impl AsRef<[u8]>) -> Result<Option<Vec<u8>>, KvError> {
        self.kv.remove(self.name, key.as_ref())
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: impl AsRef<[u8]>) -> Result<bool, KvError> {
        Ok(self.get(key)?.is_some())
    }

    /// Every entry in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.kv.range(self.name, Bound::Unbounded, Bound::Unbounded))
    }

    /// The entries in `range`, in key order.
    pub fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> Iter<'_> {
        Iter(self.kv.range(self.name, owned(range.start_bound()), owned(range.end_bound())))
    }

    /// The entries whose key starts with `prefix`, in key order.
    pub fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Iter<'_> {
        let prefix = prefix.as_ref();
        Iter(self.kv.range(self.name, Bound::Included(prefix.to_vec()), prefix_end(prefix)))
    }

    /// The entry with the smallest key.
    pub fn first(&self) -> Result<Option<Pair>, KvError> {
        self.iter().next().transpose()
    }

    /// How many entries there are (reads them all).
    pub fn len(&self) -> Result<usize, KvError> {
        let mut n = 0;
        for entry in self.iter() {
            entry?;
            n += 1;
        }
        Ok(n)
    }

    /// Whether the tree has no entry.
    pub fn is_empty(&self) -> Result<bool, KvError> {
        Ok(self.first()?.is_none())
    }

    /// Removes every entry.
    pub fn clear(&self) -> Result<(), KvError> {
        let keys: Vec<Vec<u8>> = self.iter().keys().collect::<Result<_, _>>()?;
        for key in keys {
            self.remove(key)?;
        }
        Ok(())
    }

    /// A transaction over this tree alone.
    pub fn transaction<A, E>(
        &self,
        body: impl Fn(&TxTree<'_>) -> Result<A, ConflictableTransactionError<E>>,
    ) -> Result<A, TransactionError<E>> {
        run(&*self.kv, &[self.name], |tx| body(&TxTree { tx, at: 0 }))
    }
}

/// A tree inside a transaction.
pub struct TxTree<'a> {
    tx: &'a dyn KvTx,
    at: usize,
}

impl TxTree<'_> {
    /// The value under `key`, as this transaction sees it.
    pub fn get(
        &self,
        key: impl AsRef<[u8]>,
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        self.tx.get(self.at, key.as_ref())
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        self.tx.insert(self.at, key.as_ref(), value.as_ref())
    }

    /// Removes `key`, returning the value it had.
    pub fn remove(
        &self,
        key: impl AsRef<[u8]>,
    ) -> Result<Option<Vec<u8>>, UnabortableTransactionError> {
        self.tx.remove(self.at, key.as_ref())
    }
}

/// Runs a typed body as a [`Kv::transaction`], keeping its result or its abort error.
fn run<A, E>(
    kv: &dyn Kv,
    trees: &[&'static str],
    body: impl Fn(&dyn KvTx) -> Result<A, ConflictableTransactionError<E>>,
) -> Result<A, TransactionError<E>> {
    let mut out: Option<Result<A, E>> = None;
    let ended = kv.transaction(trees, &mut |tx| match body(tx) {
        Ok(a) => {
            out = Some(Ok(a));
            Ok(())
        }
        Err(ConflictableTransactionError::Abort(e)) => {
            out = Some(Err(e));
            Err(TxFail::Abort)
        }
        Err(ConflictableTransactionError::Conflict) => Err(TxFail::Conflict),
        Err(ConflictableTransactionError::Storage(e)) => Err(TxFail::Storage(e)),
    });
    match (ended, out) {
        (Ok(()), Some(Ok(a))) => Ok(a),
        (Err(TxEnd::Abort), Some(Err(e))) => Err(TransactionError::Abort(e)),
        (Err(TxEnd::Storage(e)), _) => Err(TransactionError::Storage(e)),
        _ => Err(TransactionError::Storage(KvError::Database(
            "a transaction ended without its result".into(),
        ))),
    }
}

/// Trees that take part in one transaction together: `(&a, &b).transaction(|(a, b)| …)`.
pub trait Transactional {
    /// What the body gets: one [`TxTree`] per tree.
    type View<'a>;
    /// Runs `body` as one transaction over the trees (see [`Kv::transaction`]).
    fn transaction<A, E>(
        &self,
        body: impl Fn(&Self::View<'_>) -> Result<A, ConflictableTransactionError<E>>,
    ) -> Result<A, TransactionError<E>>;
}

macro_rules! transactional {
    ($($t:ident $i:tt),+) => {
        impl Transactional for ($(&$t,)+) {
            type View<'a> = ($(transactional!(@view $t 'a),)+);
            fn transaction<A, E>(
                &self,
                body: impl Fn(&Self::View<'_>) -> Result<A, ConflictableTransactionError<E>>,
            ) -> Result<A, TransactionError<E>> {
                let names = [$(self.$i.name),+];
                run(&*self.0.kv, &names, |tx| body(&($(TxTree { tx, at: $i },)+)))
            }
        }
    };
    (@view $t:ident $a:lifetime) => { TxTree<$a> };
}

transactional!(Tree 0, Tree 1);
transactional!(Tree 0, Tree 1, Tree 2);
transactional!(Tree 0, Tree 1, Tree 2, Tree 3);
transactional!(Tree 0, Tree 1, Tree 2, Tree 3, Tree 4);
transactional!(Tree 0, Tree 1, Tree 2, Tree 3, Tree 4, Tree 5);
transactional!(Tree 0, Tree 1, Tree 2, Tree 3, Tree 4, Tree 5, Tree 6);
transactional!(Tree 0, Tree 1, Tree 2, Tree 3, Tree 4, Tree 5, Tree 6, Tree 7);
transactional!(Tree 0, Tree 1, Tree 2, Tree 3, Tree 4, Tree 5, Tree 6, Tree 7, Tree 8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_ends_before_the_next_prefix() {
        assert_eq!(prefix_end(b"ab"), Bound::Excluded(b"ac".to_vec()));
        assert_eq!(prefix_end(&[1, 0xff]), Bound::Excluded(vec![2]));
        assert_eq!(prefix_end(&[0xff, 0xff]), Bound::Unbounded);
        assert_eq!(prefix_end(b""), Bound::Unbounded);
    }
}
