//! What people type (in chat, on the command line), made readable before anything parses it.
//!
//! Japanese keyboards type full-width forms: 「／who」, 「３/９」, 「/call　１２」. They are folded
//! to ASCII once, where a message comes in, so every command, number and date parser reads the
//! same text. Full-width punctuation that Japanese prose uses as its own (（）！？，．：；～) is
//! kept, so a note reads as it was written.

use std::borrow::Cow;

/// `text` with full-width ASCII (U+FF01–U+FF5E, but for prose punctuation) and the ideographic
/// space (U+3000) folded to their ASCII forms; borrowed when there is nothing to fold.
pub fn fold_width(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| folded(c) != c) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(folded).collect())
}

/// `text` as a field that takes a number, a date, a phone number or an id reads it: folded as
/// [`fold_width`], with the full-width full stop as `.` and the dashes a Japanese keyboard
/// types (the long vowel mark 「ー」, 「‐」, 「−」, 「―」) as `-`: 「０．５」, 「２０２７ー０４ー０１」,
/// 「０４７９ー７２ー１２３４」 read 0.5, 2027-04-01, 0479-72-1234.
pub fn fold_number(text: &str) -> String {
    const DASHES: [char; 4] = ['\u{30fc}', '\u{2010}', '\u{2212}', '\u{2015}'];
    fold_width(text).replace('\u{ff0e}', ".").replace(DASHES, "-")
}

fn folded(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '（' | '）' | '！' | '？' | '，' | '．' | '：' | '；' | '～' => c,
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{fold_number, fold_width};

    #[test]
    fn numbers_dates_and_phone_numbers_fold_their_stops_and_dashes() {
        for (typed, read) in [
            ("０．５", "0.5"),
            ("２０２７ー０４ー０１", "2027-04-01"),
            ("０４７９－７２‐１２３４", "0479-72-1234"),
            ("0479−72―1234", "0479-72-1234"),
            ("d13", "d13"),
        ] {
            assert_eq!(fold_number(typed), read, "{typed}");
        }
    }

    #[test]
    fn full_width_commands_digits_and_spaces_fold_to_ascii() {
        for (typed, read) in [
            ("／ｗｈｏ", "/who"),
            ("／away　３/１０　３／１２", "/away 3/10 3/12"),
            ("/call　１２　発熱３９度", "/call 12 発熱39度"),
            ("＃１２", "#12"),
            ("/report 12 往診した（解熱）！", "/report 12 往診した（解熱）！"),
        ] {
            assert_eq!(fold_width(typed), read, "{typed}");
        }
        assert!(matches!(fold_width("/who"), std::borrow::Cow::Borrowed(_)));
    }
}
