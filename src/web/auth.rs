//! The console's security core, pure (no clock, no randomness, no store): password hashing,
//! session tokens and their lifetimes, CSRF tokens, and the lockout policy. The adapters
//! ([`super::handlers`]) bring the time, the random bytes and the records.
//!
//! Key decisions:
//! - Passwords are hashed with argon2id (the `argon2` crate's defaults, OWASP's minimum: 19 MiB,
//!   2 passes) into PHC strings, so the parameters travel with each hash and can be raised later
//!   without invalidating old ones.
//! - A session token is 32 random bytes shown once (in the cookie); the store keeps only its
//!   SHA-256, so a copy of the store signs nobody in. The CSRF token is a second random value
//!   kept with the session and compared in constant time: a form posted from another session
//!   (or from no session) is refused.
//! - Lockout is counted per account and per client address, from the failures' times alone, so
//!   it is a function of stored data and `now` and a restart changes nothing.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// A session ends this long after its last request (a clerk who leaves the desk for the night
/// signs in again in the morning).
pub const IDLE: Duration = Duration::hours(8);

/// A session ends this long after sign-in, however active (a stolen cookie is not good for
/// ever).
pub const ABSOLUTE: Duration = Duration::days(7);

/// A setup link (`toban admin add`) is valid this long, once.
pub const SETUP_VALID: Duration = Duration::hours(24);

/// The fewest characters of a password (length beats composition rules; NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The most characters of a password (argon2 accepts more, but a megabyte "password" is a
/// denial of service, not a secret).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A session's `last_seen_at` is written again only after this long, so reading pages does not
/// write to the store on every request.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// How many failures in which window lock what, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failures within [`Lockout::window`] that lock.
    pub failures: usize,
    /// The window.
    pub window: Duration,
    /// How long the lock lasts from the failure that set it.
    pub lock_for: Duration,
}

/// One account: 5 wrong passwords within 15 minutes lock it for 15 minutes.
pub const ACCOUNT_LOCKOUT: Lockout =
    Lockout { failures: 5, window: Duration::minutes(15), lock_for: Duration::minutes(15) };

/// One client address: 20 failures within 15 minutes (over any names) lock it for 15 minutes,
/// so one machine cannot try a password on every account in turn.
pub const ADDRESS_LOCKOUT: Lockout =
    Lockout { failures: 20, window: Duration::minutes(15), lock_for: Duration::minutes(15) };

impl Lockout {
    /// Until when `failures` (any order) lock, seen at `now`; `None` when not locked.
    ///
    /// Locked when some failure is the `failures`-th within `window` and it was less than
    /// `lock_for` before `now`.
    pub fn locked_until(
        &self,
        failures: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let mut times: Vec<DateTime<Utc>> =
            failures.iter().copied().filter(|t| *t <= now).collect();
        times.sort();
        let n = self.failures.max(1);
        times
            .windows(n)
            .filter(|w| w[n - 1] - w[0] < self.window)
            .map(|w| w[n - 1] + self.lock_for)
            .filter(|until| *until > now)
            .max()
    }

    /// The failures worth keeping at `now` (older ones can no longer lock).
    pub fn keep(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let horizon = self.horizon(now);
        failures.iter().copied().filter(|t| *t > horizon).collect()
    }

    /// Failures at or before this instant can no longer lock at `now`.
    pub fn horizon(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window - self.lock_for
    }
}

/// Whether a session signed in at `created_at` and last used at `last_seen_at` is still valid
/// at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Valid.
    Live,
    /// No request for [`IDLE`].
    Idle,
    /// Older than [`ABSOLUTE`].
    Expired,
}

/// The state of a session at `now`.
pub fn session_state(
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionState {
    if now - created_at >= ABSOLUTE {
        SessionState::Expired
    } else if now - last_seen_at >= IDLE {
        SessionState::Idle
    } else {
        SessionState::Live
    }
}

/// A secret (session, CSRF or setup token) from 32 random bytes: 64 lower-case hex digits.
pub fn token_from(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `s` could be a token of [`token_from`] (garbage is refused without a lookup).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The stored form of a token: hex SHA-256.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Equality of two secrets in time that depends only on their length.
pub fn same(a: &str, b: &str) -> bool {
    crate::chat::invite::same(a, b)
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
    /// The two entries differ.
    Mismatch,
}

/// Checks a new password typed twice.
///
/// # Errors
/// The first [`PasswordProblem`] found.
pub fn check_new_password(password: &str, again: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordProblem::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordProblem::TooLong)
    } else if !same(password, again) {
        Err(PasswordProblem::Mismatch)
    } else {
        Ok(())
    }
}

/// The argon2id PHC string of `password` with `salt` (16 random bytes from the adapter).
///
/// # Errors
/// argon2's error as text (it refuses only inputs far outside what [`check_new_password`]
/// lets through).
pub fn hash_password(password: &str, salt: &[u8; 16]) -> Result<String, String> {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password_with_salt(password.as_bytes(), salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches the PHC string `phc` (the parameters come from `phc`). A damaged
/// hash matches nothing.
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    password.chars().count() <= MAX_PASSWORD_CHARS
        && argon2::Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

/// A PHC hash of a password nobody has, verified against when an account does not exist, so a
/// wrong name takes as long as a wrong password and names cannot be told apart by timing.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| hash_password("no account has this password", &[7; 16]).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery", &[1; 16]).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        let other_salt = hash_password("correct horse battery", &[2; 16]).unwrap();
        assert_ne!(hash, other_salt, "the salt changes the hash");
    }

    #[test]
    fn new_passwords_need_twelve_characters_typed_twice_alike() {
        assert_eq!(check_new_password("short", "short"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_new_password("ちょうどじゅうにもじです", "ちょうどじゅうにもじです"),
            Ok(())
        );
        assert_eq!(
            check_new_password("twelve chars", "twelve charz"),
            Err(PasswordProblem::Mismatch)
        );
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(check_new_password(&long, &long), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn tokens_are_hex_and_stored_hashed() {
        let token = token_from(&[0xab; 32]);
        assert!(looks_like_token(&token));
        assert!(!looks_like_token("ABAB"));
        assert!(!looks_like_token(&token.to_uppercase()));
        assert_eq!(token_hash(&token).len(), 64);
        assert_ne!(token_hash(&token), token);
    }

    #[test]
    fn a_session_ends_after_eight_idle_hours_or_seven_days() {
        let start = at(0);
        assert_eq!(session_state(start, start, at(60)), SessionState::Live);
        assert_eq!(session_state(start, start, start + IDLE), SessionState::Idle);
        let busy = start + ABSOLUTE - Duration::minutes(1);
        assert_eq!(session_state(start, busy, busy), SessionState::Live);
        assert_eq!(session_state(start, busy, start + ABSOLUTE), SessionState::Expired);
    }

    #[test]
    fn five_failures_in_fifteen_minutes_lock_for_fifteen_minutes() {
        let p = ACCOUNT_LOCKOUT;
        let four: Vec<_> = (0..4).map(at).collect();
        assert_eq!(p.locked_until(&four, at(5)), None, "four failures do not lock");
        let five: Vec<_> = (0..5).map(at).collect();
        assert_eq!(p.locked_until(&five, at(5)), Some(at(19)));
        assert_eq!(p.locked_until(&five, at(18)), Some(at(19)), "still locked");
        assert_eq!(p.locked_until(&five, at(19)), None, "the lock ends");
    }

    #[test]
    fn failures_spread_wider_than_the_window_do_not_lock() {
        let spread: Vec<_> = [0, 4, 8, 12, 16].into_iter().map(at).collect();
        assert_eq!(ACCOUNT_LOCKOUT.locked_until(&spread, at(16)), None);
        let tight: Vec<_> = [0, 4, 8, 12, 14].into_iter().map(at).collect();
        assert_eq!(ACCOUNT_LOCKOUT.locked_until(&tight, at(14)), Some(at(29)));
    }

    #[test]
    fn the_address_lock_needs_more_failures() {
        let half_minutes =
            |n: i64| (0..n).map(|i| at(0) + Duration::seconds(30 * i)).collect::<Vec<_>>();
        let nineteen = half_minutes(19);
        assert_eq!(ADDRESS_LOCKOUT.locked_until(&nineteen, at(10)), None);
        assert!(ACCOUNT_LOCKOUT.locked_until(&nineteen, at(10)).is_some());
        let twenty = half_minutes(20);
        let last = twenty[19];
        assert_eq!(
            ADDRESS_LOCKOUT.locked_until(&twenty, at(10)),
            Some(last + Duration::minutes(15))
        );
    }

    #[test]
    fn old_failures_are_dropped() {
        let old: Vec<_> = [0, 40].into_iter().map(at).collect();
        assert_eq!(ACCOUNT_LOCKOUT.keep(&old, at(45)), vec![at(40)]);
    }
}
