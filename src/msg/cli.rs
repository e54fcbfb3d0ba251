//! The office's command line: table headers, summaries, hints.

use super::Message;

/// A line of the command line's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cli {
    /// No rota is published.
    NoRota,
}

impl Message for Cli {
    fn ja(&self) -> String {
        match self {
            Cli::NoRota => "公開された当番表がありません。".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Cli::NoRota => "No published rota.".into(),
        }
    }
}

impl Cli {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<Cli> {
        let all = vec![Cli::NoRota];
        for m in &all {
            match m {
                Cli::NoRota => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_cli_line_reads_in_both_languages() {
        for m in super::Cli::samples() {
            super::super::check_both(&m);
        }
    }
}
