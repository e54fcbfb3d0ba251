//! The one HTML escaper: every text that goes into toban's pages (the rota page, the annual
//! report) passes through [`escape`].
//!
//! Key decision: escape the five characters HTML gives meaning to, in text and in quoted
//! attribute values alike, and drop control characters (a name or note pasted from elsewhere
//! may carry them; a page has no use for them and a terminal-style escape has no place in it).

/// `s` safe inside HTML text and inside a quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The `lang` attribute of a page written in `lang`.
pub fn lang_code(lang: crate::rules::Language) -> &'static str {
    match lang {
        crate::rules::Language::Ja => "ja",
        crate::rules::Language::En => "en",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_quotes_and_control_characters() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>\u{1b}[31m\u{7}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;[31m"
        );
        assert_eq!(super::escape("上田 誠\n"), "上田 誠\n");
    }
}
