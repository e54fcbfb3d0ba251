//! The small words that join other texts, by language (issue 18): a list's separator, a name
//! with its id or a note in brackets, a label before its text. Every adapter (command line,
//! console, chat, sheets) joins through these, so a list reads the same wherever it is shown.
//!
//! Key decision: the parts joined are already rendered (names, ids, other messages); only the
//! joining is the language's, so these are functions over strings rather than an enum.

use super::Lang;

fn joined<I, S>(items: I, sep: &str) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s.as_ref());
    }
    out
}

/// A plan year: 「2027年度」 and "FY 2027" for a fiscal year (one not starting in January),
/// 「2027年」 and "2027" for a calendar year. 年度 alone would tell a careful reader the year
/// runs April to March, so a calendar year never gets it.
pub fn plan_year(year: i32, fiscal: bool, lang: Lang) -> String {
    match (lang, fiscal) {
        (Lang::Ja, true) => format!("{year}年度"),
        (Lang::Ja, false) => format!("{year}年"),
        (Lang::En, true) => format!("FY {year}"),
        (Lang::En, false) => year.to_string(),
    }
}

/// A plan year as the association counts them: [`plan_year`] as a value, so a refusal or
/// notice that names a year reads 「2027年」 for a calendar year and 「2027年度」 only for a
/// fiscal one (issue 18). `Display` is the bare number, for the commands that take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearLabel {
    /// The year the plan year begins in (what `toban plan` takes).
    pub year: i32,
    /// Whether plan years are fiscal years (not starting in January).
    pub fiscal: bool,
}

impl YearLabel {
    /// Plan year `year` of `rules`.
    pub fn of(rules: &crate::rules::Rules, year: i32) -> YearLabel {
        use chrono::Datelike;
        let fiscal = crate::calendar::slots::plan_year_first_day(rules, year).month() != 1;
        YearLabel { year, fiscal }
    }

    /// A calendar year (January to December).
    pub fn calendar(year: i32) -> YearLabel {
        YearLabel { year, fiscal: false }
    }
}

impl std::fmt::Display for YearLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.year)
    }
}

impl super::Message for YearLabel {
    fn ja(&self) -> String {
        plan_year(self.year, self.fiscal, Lang::Ja)
    }
    fn en(&self) -> String {
        plan_year(self.year, self.fiscal, Lang::En)
    }
}

/// The items of a list in a sentence: 「青木 一郎先生、佐藤 花子先生」, "Aoki, Sato".
pub fn list<I, S>(items: I, lang: Lang) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    joined(items, if lang == Lang::Ja { "、" } else { ", " })
}

/// Clauses that may hold commas of their own: 「…、…」, "…; …".
pub fn clauses<I, S>(items: I, lang: Lang) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    joined(items, if lang == Lang::Ja { "、" } else { "; " })
}

/// Names that belong together, as the doctors sharing one duty: 「青木・佐藤」, "Aoki, Sato".
pub fn together<I, S>(items: I, lang: Lang) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    joined(items, if lang == Lang::Ja { "・" } else { ", " })
}

/// An English clause as a sentence of its own, after a lead sentence ("Nothing was saved.
/// …"): its first letter a capital, and a full stop when it ends without one.
pub fn sentence(clause: &str) -> String {
    let clause = clause.trim();
    let mut chars = clause.chars();
    let Some(first) = chars.next() else { return String::new() };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?', ':']) {
        out.push('.');
    }
    out
}

/// A note in brackets: 「（3時間前）」, "(3 h ago)".
pub fn bracketed(note: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("（{note}）"),
        Lang::En => format!("({note})"),
    }
}

/// A text with a note in brackets after it (a member's id, a doctor's clinic, how old a
/// report is): 「東総記念病院（h2）」, "東総記念病院 (h2)".
pub fn aside(text: &str, note: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{text}{}", bracketed(note, lang)),
        Lang::En => format!("{text} {}", bracketed(note, lang)),
    }
}

/// A label before its text, as a problem's level before the check's name: 「要対応・当番」,
/// "Act now: duty".
pub fn labelled(label: &str, text: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{label}・{text}"),
        Lang::En => format!("{label}: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_joined_as_each_language_writes_them() {
        let names = ["青木", "佐藤", "上田"];
        assert_eq!(list(names, Lang::Ja), "青木、佐藤、上田");
        assert_eq!(list(names, Lang::En), "青木, 佐藤, 上田");
        assert_eq!(clauses(["a, b", "c"], Lang::En), "a, b; c");
        assert_eq!(clauses(["a", "c"], Lang::Ja), "a、c");
        assert_eq!(together(["青木", "佐藤"], Lang::Ja), "青木・佐藤");
        assert_eq!(together(["Aoki", "Sato"], Lang::En), "Aoki, Sato");
        assert_eq!(list(Vec::<String>::new(), Lang::Ja), "");
        assert_eq!(list(["one"], Lang::En), "one");
    }

    #[test]
    fn asides_and_labels_use_each_languages_marks() {
        assert_eq!(aside("東総記念病院", "h2", Lang::Ja), "東総記念病院（h2）");
        assert_eq!(aside("Tosou", "h2", Lang::En), "Tosou (h2)");
        assert_eq!(bracketed("3時間前", Lang::Ja), "（3時間前）");
        assert_eq!(bracketed("3 h ago", Lang::En), "(3 h ago)");
        assert_eq!(labelled("要対応", "当番", Lang::Ja), "要対応・当番");
        assert_eq!(labelled("Act now", "duty", Lang::En), "Act now: duty");
    }
}
