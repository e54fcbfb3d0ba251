//! Why something was refused: typed, so the CLI and the bot render it in the reader's language.

use super::Message;

/// A refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No call has this number.
    NoSuchCall(u64),
}

impl Message for Refusal {
    fn ja(&self) -> String {
        match self {
            Refusal::NoSuchCall(n) => format!("{n}番の依頼はありません。"),
        }
    }
    fn en(&self) -> String {
        match self {
            Refusal::NoSuchCall(n) => format!("There is no call {n}."),
        }
    }
}

impl Refusal {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<Refusal> {
        let all = vec![Refusal::NoSuchCall(0)];
        for m in &all {
            match m {
                Refusal::NoSuchCall(_) => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_refusal_reads_in_both_languages() {
        for m in super::Refusal::samples() {
            super::super::check_both(&m);
        }
    }
}
