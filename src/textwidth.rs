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
