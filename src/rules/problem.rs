//! Problems found in rules files, each pinned to a file, line and column.
//!
//! A rules error is read by an association's admin, not by a programmer, so every problem says
//! where it is, shows the line, and says what to write instead. All problems are collected and
//! reported together: fixing one file ten times over for ten typos is no way to spend an evening.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

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
    pub fn problem(&self, span: Range<usize>, message: impl Into<String>) -> Problem {
        let (line, column) = self.line_col(span.start);
        Problem {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
            excerpt: Some(self.line_text(line).to_string()),
            hint: None,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing wrong in the rules, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File.
    pub path: PathBuf,
    /// 1-based line (0 when the problem is about the rules as a whole).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, in lower case, naming the field.
    pub message: String,
    /// The offending line, shown under the message.
    pub excerpt: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem not tied to one line, e.g. a missing section.
    pub fn whole(path: PathBuf, message: impl Into<String>) -> Problem {
        Problem { path, line: 0, column: 0, message: message.into(), excerpt: None, hint: None }
    }

    /// Adds a hint saying what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)?;
        } else {
            write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)?;
        }
        if let Some(excerpt) = &self.excerpt {
            let gutter = self.line.to_string();
            write!(f, "\n  {gutter} | {excerpt}")?;
            let pad = excerpt
                .chars()
                .take(self.column.saturating_sub(1))
                .map(crate::textwidth::char_width)
                .sum();
            write!(f, "\n  {} | {}^", " ".repeat(gutter.len()), " ".repeat(pad))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in a set of rules files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RulesError {
    /// The problems, in file and line order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(f, "the rules have {n} problem{}:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
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
        let p = src.problem(6..9, "unknown field `bad`").hint("remove it");
        assert_eq!(
            p.to_string(),
            "r.toml:2:1: unknown field `bad`\n  2 | bad = 2\n    | ^\n  = help: remove it"
        );
    }
}
