//! [`WebStore`]: the web console's and the doctors' pages' sign-in state.
//!
//! What it holds: admins' web accounts and sessions, doctors' one-time sign-in links and
//! sessions (issue 18), and the failed sign-ins that lock an account or an address. Secrets
//! are kept as hashes only; this role is what the HTTP adapter signs people in with.

use crate::rules::MemberId;
use crate::store::{DoctorSession, SignInLink, StoreError, WebAccount, WebSession};

/// Web accounts, sessions, sign-in links and failed sign-ins (see the module doc).
pub trait WebStore {
    /// Stores (or replaces) the web account of `account.admin`.
    fn put_web_account(&self, account: &WebAccount) -> Result<(), StoreError>;

    /// The web account of admin `admin`, if any.
    fn web_account(&self, admin: &MemberId) -> Result<Option<WebAccount>, StoreError>;

    /// Every web account, by admin id.
    fn web_accounts(&self) -> Result<Vec<WebAccount>, StoreError>;

    /// Removes `admin`'s web account and ends every session of theirs, in one step; whether
    /// there was an account.
    fn remove_web_account(&self, admin: &MemberId) -> Result<bool, StoreError>;

    /// Stores (or replaces) a session, keyed by its token's hash.
    fn put_web_session(&self, session: &WebSession) -> Result<(), StoreError>;

    /// The session whose token hashes to `hash`.
    fn web_session(&self, hash: &str) -> Result<Option<WebSession>, StoreError>;

    /// Ends the session `hash`; whether it existed.
    fn end_web_session(&self, hash: &str) -> Result<bool, StoreError>;

    /// Ends every session of `admin`; how many.
    fn end_web_sessions_of(&self, admin: &MemberId) -> Result<usize, StoreError>;

    /// The recent failed sign-ins counted under `key` (`account/NAME`, `address/IP`).
    fn login_failures(&self, key: &str) -> Result<Vec<chrono::DateTime<chrono::Utc>>, StoreError>;

    /// Replaces the failed sign-ins under `key` (empty: forgets them).
    fn set_login_failures(
        &self,
        key: &str,
        failures: &[chrono::DateTime<chrono::Utc>],
    ) -> Result<(), StoreError>;

    /// Stores a one-time sign-in link (doctors' pages, issue 18), forgetting links that
    /// expired before it was made.
    fn put_sign_in_link(&self, link: &SignInLink) -> Result<(), StoreError>;

    /// The sign-in link whose token hashes to `hash`, left in place (to show its page).
    fn sign_in_link(&self, hash: &str) -> Result<Option<SignInLink>, StoreError>;

    /// Removes and returns the sign-in link `hash`: only one caller ever gets it.
    fn take_sign_in_link(&self, hash: &str) -> Result<Option<SignInLink>, StoreError>;

    /// Stores (or replaces) a doctor's session, keyed by its token's hash.
    fn put_doctor_session(&self, session: &DoctorSession) -> Result<(), StoreError>;

    /// The doctor's session whose token hashes to `hash`.
    fn doctor_session(&self, hash: &str) -> Result<Option<DoctorSession>, StoreError>;

    /// Ends the doctor's session `hash`; whether it existed.
    fn end_doctor_session(&self, hash: &str) -> Result<bool, StoreError>;

    /// Forgets the failed sign-ins at or before `horizon` (they can no longer lock), and every
    /// key left with none; how many keys were removed.
    fn prune_login_failures(
        &self,
        horizon: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StoreError>;
}
