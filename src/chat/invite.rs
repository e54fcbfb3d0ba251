//! One-time link codes: 128 random bits, shown once, stored only as a SHA-256.

use sha2::{Digest, Sha256};

/// A new code: 32 hex characters (128 bits from the operating system's generator), which fits
/// Telegram's `start` parameter (at most 64 of `A-Za-z0-9_-`).
///
/// # Errors
/// If the operating system has no randomness to give.
pub fn new_code() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The stored form of a code.
pub fn hash(code: &str) -> String {
    let digest = Sha256::digest(code.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equality of two secrets (or their hashes) in time that depends only on their length, not on
/// where they first differ. Codes and tokens are never compared raw: the presented one is hashed
/// and looked up by its hash (which an attacker cannot steer toward a stored one), and the
/// record found is checked against it with this, so no store's lookup can leak by timing.
pub fn same(a: &str, b: &str) -> bool {
    // `subtle` is written so the optimiser cannot turn the comparison back into an early exit,
    // which a hand-written fold cannot promise (issue 17: libraries over hand-written code).
    use subtle::ConstantTimeEq;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Whether `s` could be a code at all (so garbage is refused without a store lookup).
pub fn looks_like_code(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The deep link that opens the bot with the code, when the bot's username is known.
pub fn link(bot_username: &str, code: &str) -> String {
    format!("https://t.me/{}?start={code}", bot_username.trim_start_matches('@'))
}

/// LINE's add-friend link of the official account whose basic id is `basic_id` (`@123abcde`,
/// with or without the `@`). It cannot carry the code: the member sends that once a friend.
pub fn line_friend_link(basic_id: &str) -> String {
    format!("https://line.me/R/ti/p/@{}", basic_id.trim().trim_start_matches('@'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_is_equality() {
        assert!(super::same("abc", "abc"));
        assert!(!super::same("abc", "abd"));
        assert!(!super::same("abc", "ab"));
        assert!(super::same("", ""));
    }

    use super::*;

    #[test]
    fn codes_are_long_random_and_hashed() {
        let (a, b) = (new_code().unwrap(), new_code().unwrap());
        assert!(looks_like_code(&a) && looks_like_code(&b));
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash(&format!(" {a} ")));
        assert_ne!(hash(&a), a);
        assert_eq!(link("@toban_bot", &a), format!("https://t.me/toban_bot?start={a}"));
        assert!(!looks_like_code("1234"));
    }

    #[test]
    fn lines_add_friend_link_takes_the_basic_id_with_or_without_its_at() {
        for id in ["@123abcde", "123abcde", " @123abcde "] {
            assert_eq!(line_friend_link(id), "https://line.me/R/ti/p/@123abcde", "{id:?}");
        }
    }
}
