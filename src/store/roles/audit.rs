//! [`AuditLog`]: the audit log, append-only.
//!
//! What it holds: every audited change, numbered by the store. Methods of other roles that
//! must be audited take their entry and append it in the same atomic write; this role is for
//! reading the log and for entries that stand alone.

use crate::store::{AuditEntry, StoreError};

/// The audit log (see the module doc).
pub trait AuditLog {
    /// Appends `entry` to the audit log (its `seq` is given by the store; flushed). Returns it.
    fn add_audit(&self, entry: &AuditEntry) -> Result<AuditEntry, StoreError>;

    /// The audit log, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError>;
}
