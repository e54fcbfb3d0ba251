//! Repeated errors logged once a minute: a full disk or an unreachable channel fails the same
//! way every cycle (every second), and a log that repeats itself hides what is new.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often one kind of error is logged at most.
const EVERY: Duration = Duration::from_secs(60);

static SEEN: Mutex<Option<HashMap<String, (Instant, u64)>>> = Mutex::new(None);

/// Whether to log the error of kind `key` now; `Some(n)` with how many of that kind were left
/// out since it was last logged, `None` to leave this one out.
pub fn due(key: &str) -> Option<u64> {
    let mut seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let seen = seen.get_or_insert_with(HashMap::new);
    let now = Instant::now();
    match seen.get_mut(key) {
        Some((last, skipped)) if now.duration_since(*last) < EVERY => {
            *skipped += 1;
            None
        }
        Some((last, skipped)) => {
            let n = *skipped;
            (*last, *skipped) = (now, 0);
            Some(n)
        }
        None => {
            seen.insert(key.to_string(), (now, 0));
            Some(0)
        }
    }
}

/// Forgets `key`, so the next error of that kind is logged at once (it went well in between).
pub fn clear(key: &str) {
    if let Some(seen) = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut() {
        seen.remove(key);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_error_is_logged_once_until_it_clears() {
        assert_eq!(super::due("test/a"), Some(0));
        assert_eq!(super::due("test/a"), None);
        assert_eq!(super::due("test/a"), None);
        assert_eq!(super::due("test/b"), Some(0), "another kind is logged");
        super::clear("test/a");
        assert_eq!(super::due("test/a"), Some(0));
    }
}
