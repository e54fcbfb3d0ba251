//! [`Live`]: a value that a long-running `serve` may replace while it runs (the rules, when
//! their files change). Readers take the current `Arc` for one operation, so an operation sees
//! one version from start to end, and a reload never waits for readers.

use std::sync::{Arc, RwLock};

/// A shared, replaceable value.
pub struct Live<T>(Arc<RwLock<Arc<T>>>);

impl<T> Clone for Live<T> {
    fn clone(&self) -> Self {
        Live(self.0.clone())
    }
}

impl<T> Live<T> {
    /// A live value, starting as `value`.
    pub fn new(value: Arc<T>) -> Live<T> {
        Live(Arc::new(RwLock::new(value)))
    }

    /// The value now.
    pub fn get(&self) -> Arc<T> {
        self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Replaces the value; readers that hold the old one keep it until they finish.
    pub fn set(&self, value: Arc<T>) {
        *self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner) = value;
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
}
