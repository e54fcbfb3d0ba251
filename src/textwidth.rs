//! Display width of text in a terminal: CJK characters take two columns. Tables and error carets
//! line up for Japanese names only if widths are counted this way.

/// Terminal columns of one character.
pub fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Terminal columns of a string.
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
