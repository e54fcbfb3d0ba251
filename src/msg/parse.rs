//! What the command line's own value parsers say of a value they cannot read (a date, a
//! call's outcome, a call's kind; issue 18).
//!
//! Key decision: clap runs these parsers before the reader's language is known, so a refusal
//! is written both ways, Japanese first with the English in brackets ([`ParseMsg::both`]);
//! [`super::clap::japanese_half`] gives a Japanese reader the Japanese alone.

use super::Message;

/// A value a command-line parser cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseMsg {
    /// Not a date (`--from`, `DATE`).
    NotADate(String),
    /// Not a call's outcome (`--outcome`).
    NotAnOutcome(String),
    /// Not a call's kind (`--kind`).
    NotACallKind(String),
}

impl ParseMsg {
    /// Both languages in one text, for clap: 「日付は…書いてください（'x' is not a date: …）」.
    pub fn both(&self) -> String {
        format!("{}（{}）", self.ja(), self.en())
    }

    /// One of every variant.
    pub fn samples() -> Vec<ParseMsg> {
        let all = vec![
            ParseMsg::NotADate("6/1".into()),
            ParseMsg::NotAnOutcome("visited".into()),
            ParseMsg::NotACallKind("soon".into()),
        ];
        for m in &all {
            match m {
                ParseMsg::NotADate(_) | ParseMsg::NotAnOutcome(_) | ParseMsg::NotACallKind(_) => {}
            }
        }
        all
    }
}

impl Message for ParseMsg {
    fn ja(&self) -> String {
        match self {
            ParseMsg::NotADate(_) => {
                "日付は 2027-01-06 か 2027/1/6 の形で書いてください".into()
            }
            ParseMsg::NotAnOutcome(_) => "結果は visit（往診した）、phone（電話で助言）、admitted（入院）、other（その他）のいずれかで書いてください".into(),
            ParseMsg::NotACallKind(_) => "依頼の種類は urgent（至急）、death（看取り）、advice（電話相談）のいずれかで書いてください".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            ParseMsg::NotADate(s) => format!("'{s}' is not a date: write YYYY-MM-DD or YYYY/M/D"),
            ParseMsg::NotAnOutcome(s) => {
                format!("'{s}' is not an outcome: write visit, phone, admitted or other")
            }
            ParseMsg::NotACallKind(s) => {
                format!("'{s}' is not a call type; use urgent, death or advice")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parser_refusal_reads_in_both_languages_and_both_ways() {
        for m in ParseMsg::samples() {
            super::super::check_both(&m);
            let both = m.both();
            assert_eq!(super::super::clap::japanese_half(&both), m.ja(), "{both}");
        }
        assert_eq!(
            ParseMsg::NotADate("6/1".into()).both(),
            "日付は 2027-01-06 か 2027/1/6 の形で書いてください（'6/1' is not a date: write YYYY-MM-DD or YYYY/M/D）"
        );
    }
}
