//! Display width of text in a terminal: CJK characters take two columns, combining marks none
//! (`unicode-width`, rather than a hand-written table). Tables and error carets line up for
//! Japanese names only if widths are counted this way.

/// Terminal columns of one character (Unicode's East Asian Width, via `unicode-width`:
/// CJK and full-width forms 2, combining marks 0; a control character counts 1, as
/// [`printable`] shows it as one replacement character).
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
}

/// Terminal columns of a string, character by character (so a string and the sum of its
/// characters agree, which error carets rely on).
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn japanese_is_twice_as_wide_as_ascii() {
        assert_eq!(super::width("d01"), 3);
        assert_eq!(super::width("青木 一郎"), 9);
        assert_eq!(super::width("ゴールデンウィーク"), 18);
        // Combining marks take no column (a hand-written table counted them).
        assert_eq!(super::width("e\u{301}"), 1);
        assert_eq!(super::width("ｱｲ"), 2, "half-width katakana");
    }
}

/// `line` without control characters (escape sequences from a note or a name could move a
/// terminal's cursor or hide text); tabs become spaces. Each removed character is shown as `�`.
pub fn printable(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(line);
    }
    line.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod printable_tests {
    #[test]
    fn control_characters_never_reach_a_terminal() {
        assert_eq!(super::printable("熱\u{1b}[2Jあり\tです"), "熱\u{fffd}[2Jあり です");
        assert_eq!(super::printable("普通の文"), "普通の文");
    }
}
