//! Problems found in rules files, each pinned to a file, line and column.
//!
//! A rules error is read by an association's admin, not by a programmer, so every problem says
//! where it is, shows the line, and says what to write instead. All problems are collected and
//! reported together: fixing one file ten times over for ten typos is no way to spend an evening.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::msg::rules::{ProblemsHeader, RulesHint, RulesMsg};
use crate::msg::{Lang, Message};

/// One rules file's path and text, as read by the caller.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path to show in messages.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// The text of a 1-based line, without its end of line.
    pub fn line_text(&self, line: usize) -> &str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("").trim_end_matches('\r')
    }

    /// A problem at `span` in this file.
    pub fn problem(&self, span: Range<usize>, message: RulesMsg) -> Problem {
        let (line, column) = self.line_col(span.start);
        Problem {
            path: self.path.clone(),
            line,
            column,
            message,
            excerpt: Some(self.line_text(line).to_string()),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing wrong in the rules, with where it is and what to do. Typed: rendered in the
/// reader's language ([`Problem::render`]); `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// File.
    pub path: PathBuf,
    /// 1-based line (0 when the problem is about the rules as a whole).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, naming the field (its hint says what to do).
    pub message: RulesMsg,
    /// The offending line, shown under the message.
    pub excerpt: Option<String>,
}

impl Problem {
    /// A problem not tied to one line, e.g. a missing section.
    pub fn whole(path: PathBuf, message: RulesMsg) -> Problem {
        Problem { path, line: 0, column: 0, message, excerpt: None }
    }

    /// What to do about it.
    pub fn hint(&self) -> Option<RulesHint> {
        self.message.hint()
    }

    /// The problem in `lang`: where (「members.toml 12行目:」 or `members.toml:12:3:`), what, the
    /// line with a caret under the place, and what to do.
    pub fn render(&self, lang: Lang) -> String {
        let at = crate::msg::rules::ProblemAt {
            path: self.path.display().to_string(),
            line: self.line,
            column: self.column,
        };
        let mut out = at.render(lang) + &self.message.render(lang);
        if let Some(excerpt) = &self.excerpt {
            let gutter = self.line.to_string();
            out.push_str(&format!("\n  {gutter} | {excerpt}"));
            let pad = excerpt
                .chars()
                .take(self.column.saturating_sub(1))
                .map(crate::textwidth::char_width)
                .sum();
            out.push_str(&format!("\n  {} | {}^", " ".repeat(gutter.len()), " ".repeat(pad)));
        }
        if let Some(hint) = self.hint() {
            match lang {
                Lang::Ja => out.push_str(&format!("\n  → {}", hint.ja())),
                Lang::En => out.push_str(&format!("\n  = help: {}", hint.en())),
            }
        }
        out
    }
}

impl Problem {
    /// The problem in `lang` for a reader who never sees the files (the console's office
    /// clerk): what is wrong and what to do, without the file, line, excerpt or caret.
    pub fn brief(&self, lang: Lang) -> String {
        let mut out = self.message.render(lang);
        if let Some(hint) = self.hint() {
            out.push(' ');
            out.push_str(&match lang {
                Lang::Ja => hint.ja(),
                Lang::En => hint.en(),
            });
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Every problem found in a set of rules files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RulesError {
    /// The problems, in file and line order.
    pub problems: Vec<Problem>,
}

impl RulesError {
    /// The header and every problem in `lang`, one problem after another.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = ProblemsHeader(self.problems.len()).render(lang);
        out.push('\n');
        for p in &self.problems {
            out.push_str(&p.render(lang));
            out.push('\n');
        }
        out
    }
}

impl RulesError {
    /// Each problem in brief ([`Problem::brief`]), once each: what the console shows.
    pub fn brief(&self, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.problems {
            let line = p.brief(lang);
            if !out.contains(&line) {
                out.push(line);
            }
        }
        out
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let src = Source { path: "r.toml".into(), text: "a = 1\nname = \"佐藤\" x\n".into() };
        let offset = src.text.find(" x").unwrap() + 1;
        assert_eq!(src.line_col(offset), (2, 13));
        assert_eq!(src.line_text(2), "name = \"佐藤\" x");
    }

    #[test]
    fn a_problem_shows_the_line_and_a_caret() {
        let src = Source { path: "r.toml".into(), text: "x = 1\nbad = 2\n".into() };
        let p = src.problem(6..9, RulesMsg::of_toml("unknown field `bad`", "", "bad = 2"));
        assert_eq!(
            p.to_string(),
            "r.toml:2:1: unknown field `bad`\n  2 | bad = 2\n    | ^\n  = help: check the spelling: the fields allowed here are listed above"
        );
        assert_eq!(
            p.render(Lang::Ja),
            "r.toml 2行目: 「bad」という項目はありません。\n  2 | bad = 2\n    | ^\n  → つづりを確かめてください。"
        );
        let e = RulesError { problems: vec![p] };
        assert!(
            e.render(Lang::Ja).starts_with("ルールファイルに問題が1件あります:\nr.toml 2行目: ")
        );
        assert!(e.to_string().starts_with("the rules have 1 problem:\nr.toml:2:1: "));
    }

    #[test]
    fn a_brief_problem_has_no_file_line_excerpt_or_caret() {
        let src = Source { path: "rules/members.toml".into(), text: "x = 1\nbad = 2\n".into() };
        let p = src.problem(6..9, RulesMsg::of_toml("unknown field `bad`", "", "bad = 2"));
        let e = RulesError { problems: vec![p.clone(), p] };
        let brief = e.brief(Lang::Ja);
        assert_eq!(brief, ["「bad」という項目はありません。 つづりを確かめてください。"]);
        for text in [&brief[0], &e.brief(Lang::En)[0]] {
            for raw in ["members.toml", "行目", "2 |", "^", ":2:"] {
                assert!(!text.contains(raw), "{raw} in {text}");
            }
        }
        assert!(e.brief(Lang::En)[0].starts_with("unknown field `bad`"), "{:?}", e.brief(Lang::En));
    }
}
