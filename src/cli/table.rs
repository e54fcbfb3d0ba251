//! Aligned text tables for people, counting Japanese characters as two columns.

use crate::textwidth::width;

/// A table: a header row and data rows, printed with two spaces between columns.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Table {
        Table { header: header.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// A table with these column titles in `lang`.
    pub fn cols(lang: crate::msg::Lang, cols: &[crate::msg::cli::Col]) -> Table {
        use crate::msg::Message;
        Table { header: cols.iter().map(|c| c.render(lang)).collect(), rows: Vec::new() }
    }

    /// Appends a row; missing cells print empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table to `out`, or `empty` in `lang` when it has no rows: a bare header
    /// would leave the office wondering whether something failed.
    pub fn write_or(
        &self,
        out: &mut dyn std::io::Write,
        empty: crate::msg::cli::Listed,
        lang: crate::msg::Lang,
    ) -> std::io::Result<()> {
        use crate::msg::Message;
        if self.rows.is_empty() {
            writeln!(out, "{}", crate::msg::cli::Cli::Empty(empty).render(lang))
        } else {
            write!(out, "{}", self.render())
        }
    }

    /// The table as text, one line per row, no trailing spaces.
    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut widths = vec![0; cols];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map(String::as_str).unwrap_or("");
                line.push_str(cell);
                line.push_str(&" ".repeat(w - width(cell) + 2));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_with_japanese_names() {
        let mut t = Table::new(&["id", "name", "n"]);
        t.row(vec!["d01".into(), "青木".into(), "1".into()]);
        t.row(vec!["d02".into(), "Ann".into(), "2".into()]);
        assert_eq!(t.render(), "id   name  n\nd01  青木  1\nd02  Ann   2\n");
    }
}
