//! The numbers the store gives records (issue 21: typed store arguments): a patient's id, an
//! absence's id, a call's number, a notice's place in the outbox, a feed token's id, a swap
//! request's id, an audit entry's sequence number, a history import's batch. Each is its own
//! type, so a patient id can never be passed where an outbox sequence number is meant, though
//! both are counted from 1.
//!
//! Key decisions:
//! - Each is `#[serde(transparent)]` over `u64`: every stored record, backup, JSON output and
//!   PostgreSQL row reads and writes the same bare number as before the types existed.
//! - Parsing is `u64`'s own (`FromStr` with [`std::num::ParseIntError`]), so the edges that read
//!   an id from a command line, a chat message or a URL keep their messages word for word.
//! - No `From<u64>`: making an id out of a plain number is spelled `new`, which stands out where
//!   a number of the wrong kind could slip in.

/// A `u64` newtype given by the store, with the same text and JSON as the number.
macro_rules! numbered_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(u64);

        impl $name {
            /// The id numbered `n`.
            pub const fn new(n: u64) -> Self {
                Self(n)
            }

            /// Its number, for keys and arithmetic in the store.
            pub const fn get(self) -> u64 {
                self.0
            }

            /// Its number big-endian: a store key, whose byte order is the ids' order.
            pub const fn to_be_bytes(self) -> [u8; 8] {
                self.0.to_be_bytes()
            }

            /// The id whose store key is `bytes` ([`Self::to_be_bytes`]).
            pub const fn from_be_bytes(bytes: [u8; 8]) -> Self {
                Self(u64::from_be_bytes(bytes))
            }

            /// The largest id: the end of a key range.
            pub const MAX: Self = Self(u64::MAX);
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            /// Reads the number as `u64` does, failing with the same error.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

numbered_id! {
    /// A registered patient's id: given by the store, ascending, never reused.
    PatientId
}

numbered_id! {
    /// An absence's id: given by the store, ascending in the order absences were added, never
    /// reused after a removal.
    AbsenceId
}

numbered_id! {
    /// A call's number: given by the store, ascending, never reused.
    CallId
}

numbered_id! {
    /// A notice's place in the outbox: ascending in the order notices were produced.
    NoticeSeq
}

numbered_id! {
    /// A calendar-feed token's id: given by the store, ascending; the office revokes by it.
    FeedTokenId
}

numbered_id! {
    /// A swap or cover request's id: given by the store, ascending (0 in a request not yet
    /// added, and in a group of such requests: the first new one's id); `/withdraw N` takes it.
    SwapRequestId
}

numbered_id! {
    /// An audit entry's sequence number: given by the store, ascending from 1, never reused.
    AuditSeq
}

numbered_id! {
    /// An import of duty history (`toban history import`): numbered by the store, ascending
    /// from 1, never reused; `toban history remove --batch N` takes a whole import back.
    ImportBatch
}

impl AuditSeq {
    /// The number of an entry not yet appended (the store gives it one).
    pub const UNSAVED: AuditSeq = AuditSeq::new(0);
}

impl SwapRequestId {
    /// The id of a request not yet added (the store gives it one), and the group of requests
    /// added together (the first one's id).
    pub const UNSAVED: SwapRequestId = SwapRequestId::new(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_bare_number() {
        let id = PatientId::new(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<PatientId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<PatientId>(), Ok(id));
    }

    #[test]
    fn a_bad_id_fails_with_the_numbers_own_error() {
        let ours = "4x".parse::<NoticeSeq>().unwrap_err().to_string();
        let theirs = "4x".parse::<u64>().unwrap_err().to_string();
        assert_eq!(ours, theirs);
        assert!("-1".parse::<AbsenceId>().is_err(), "ids are never negative");
        let ours = "12a".parse::<CallId>().unwrap_err().to_string();
        assert_eq!(ours, "12a".parse::<u64>().unwrap_err().to_string());
    }

    #[test]
    fn a_call_id_reads_and_writes_as_its_bare_number() {
        let id = CallId::new(7);
        assert_eq!(serde_json::to_string(&id).unwrap(), "7");
        assert_eq!(serde_json::from_str::<CallId>("7").unwrap(), id);
        assert_eq!((id.to_string(), id.get()), ("7".to_string(), 7));
        assert_eq!("7".parse::<CallId>(), Ok(id));
    }
}
