//! [`Live`]: a value that a long-running `serve` may replace while it runs (the rules, when
//! their files change). Readers take the current `Arc` for one operation, so an operation sees
//! one version from start to end, and a reload never waits for readers.
//!
//! Each value carries a version, so that a slow writer cannot put back an older value over a
//! newer one: the rules watcher loads the files (slow on a loaded machine) while the web
//! console may save an edit and put it in force at once; [`Live::set_if`] lets the watcher's
//! load in only if nothing was set since it began.

use std::sync::{Arc, RwLock};

/// A shared, replaceable value, with the number of times it was replaced.
pub struct Live<T>(Arc<RwLock<(Arc<T>, u64)>>);

impl<T> Clone for Live<T> {
    fn clone(&self) -> Self {
        Live(self.0.clone())
    }
}

impl<T> Live<T> {
    /// A live value, starting as `value`.
    pub fn new(value: Arc<T>) -> Live<T> {
        Live(Arc::new(RwLock::new((value, 0))))
    }

    /// The value now.
    pub fn get(&self) -> Arc<T> {
        self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).0.clone()
    }

    /// The version now: how many times the value was replaced.
    pub fn version(&self) -> u64 {
        self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).1
    }

    /// Replaces the value; readers that hold the old one keep it until they finish.
    pub fn set(&self, value: Arc<T>) {
        let mut held = self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        *held = (value, held.1 + 1);
    }

    /// Replaces the value only if it is still at `version` (nothing was set since that was
    /// read); `false`, and nothing changed, otherwise.
    pub fn set_if(&self, version: u64, value: Arc<T>) -> bool {
        let mut held = self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if held.1 != version {
            return false;
        }
        *held = (value, version + 1);
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    #[test]
    fn a_reader_keeps_its_version_while_the_value_is_replaced() {
        let live = super::Live::new(Arc::new(1));
        let held = live.get();
        live.clone().set(Arc::new(2));
        assert_eq!((*held, *live.get()), (1, 2));
    }

    // Found when the office added a doctor in the console on a loaded machine: the page after
    // the save named the new doctor by id, as the rules watcher, having read the files just
    // before the save, put the older rules back over the saved ones.
    #[test]
    fn a_value_loaded_before_a_newer_one_was_set_does_not_replace_it() {
        let live = super::Live::new(Arc::new("old"));
        let watcher_began = live.version();
        live.set(Arc::new("saved from the console"));
        assert!(!live.set_if(watcher_began, Arc::new("old, read before the save")));
        assert_eq!(*live.get(), "saved from the console");
        let now = live.version();
        assert!(live.set_if(now, Arc::new("read after the save")));
        assert_eq!((*live.get(), live.version()), ("read after the save", now + 1));
    }
}
