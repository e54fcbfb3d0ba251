//! A guard over the catalogue (issue 18): no Japanese text is written outside `src/msg`, so
//! every sentence a person reads has its Japanese and English side by side in one place.
//!
//! The scan reads every source file under `src/` except the catalogue itself and tests (files
//! named `tests.rs` or `*_tests.rs`, and a file's `#[cfg(test)] mod` at its end), finds string
//! and character literals with Japanese in them, and fails naming each `file:line`.
//! [`ALLOWED`] lists what truly must stay, each with why: Japanese that people type and toban
//! reads (keywords of input), sample data that is itself Japanese, and documents that exist
//! only in Japanese.

use std::path::{Path, PathBuf};

/// Literals allowed outside the catalogue: `(file, literal, why)`. A literal is allowed when it
/// contains the given text; an empty text allows every literal of the file.
const ALLOWED: &[(&str, &str, &str)] = &[
    // Japanese that people type and toban reads: keywords of input, never shown.
    ("src/chat/core/calls.rs", "【受諾】", "the prefix of a call's record a reply quotes, as sent"),
    ("src/chat/core/course.rs", "", "day words a doctor types (今日, 昨日)"),
    ("src/chat/core/hosp.rs", "", "bed words a hospital types (受け入れ可, 停止)"),
    ("src/store/beds.rs", "", "bed words a hospital types (空床, 満床)"),
    ("src/routing/kind.rs", "至急", "an urgent call's kind as a station types it"),
    ("src/routing/kind.rs", "緊急", "an urgent call's kind as a station types it"),
    ("src/routing/kind.rs", "看取り", "a death confirmation's kind as a station types it"),
    ("src/routing/kind.rs", "死亡確認", "a death confirmation's kind as a station types it"),
    ("src/routing/kind.rs", "相談", "an advice call's kind as a station types it (相談, 電話相談)"),
    ("src/notify/duty.rs", "", "outcomes a doctor types (往診した, 入院) and their separators"),
    ("src/rules/types.rs", "", "weekdays the rules may spell in Japanese (火, 火曜日)"),
    ("src/input.rs", "", "full-width characters normalised in what people type"),
    ("src/import/members.rs", "", "column headings and dates of a members sheet toban reads"),
    ("src/cli/init/members.rs", "", "column headings and roles of a members sheet toban reads"),
    (
        "src/cli/history/file/columns.rs",
        "",
        "column headings and kind words of a past-duty sheet toban reads",
    ),
    ("src/cli/init.rs", "", "answers `init` reads (はい, 火曜)"),
    (
        "src/calendar/holidays.rs",
        "振替休日",
        "the official holiday names of the Cabinet Office data",
    ),
    // Sample data that is itself Japanese.
    ("src/cli/demo.rs", "", "the demo association's patients and notes"),
    ("src/cli/init/template.rs", "", "the rules files `init` writes, commented in their language"),
    // The language's own name on the language switch (the same in every language).
    ("src/web/frame.rs", "日本語", "the switch names each language in itself"),
    ("src/web/pages_me.rs", "日本語", "the switch names each language in itself"),
];

/// Whether `c` is Japanese (kana, kanji, full-width forms, Japanese punctuation).
fn japanese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The string and character literals of `src` with their line numbers (comments skipped).
fn literals(src: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && (at(i + 1) == '"' || at(i + 1) == '#')
            && !ident(at(i.wrapping_sub(1)))
        {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            if at(j) != '"' {
                i += 1;
                continue;
            }
            let (start, mut text) = (line, String::new());
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                    break;
                }
                line += usize::from(chars[j] == '\n');
                text.push(chars[j]);
                j += 1;
            }
            out.push((start, text));
            i = j + 1 + hashes;
        } else if c == '"' {
            let (start, mut text) = (line, String::new());
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    text.push(chars[j]);
                    j += 1;
                }
                line += usize::from(at(j) == '\n');
                text.push(at(j));
                j += 1;
            }
            out.push((start, text));
            i = j + 1;
        } else if c == '\'' && (at(i + 2) == '\'' || (at(i + 1) == '\\' && at(i + 3) == '\'')) {
            // A character literal ('、'), not a lifetime ('a).
            let end = if at(i + 1) == '\\' { i + 3 } else { i + 2 };
            out.push((line, chars[i + 1..end].iter().collect()));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The part of a file the guard reads: up to its test module.
fn code_of(src: &str) -> String {
    let lines: Vec<&str> = src.lines().collect();
    let mut kept = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let next = lines.get(k + 1).map_or("", |n| n.trim_start());
        if l.trim() == "#[cfg(test)]"
            && (next.starts_with("mod ") || next.starts_with("pub(crate) mod "))
        {
            break;
        }
        kept.push(*l);
    }
    kept.join("\n")
}

/// Whether the module at `path` (a `NAME.rs` file or a `NAME/` folder) is declared
/// `#[cfg(test)] mod NAME;` by its parent: a module of tests, however it is named (the
/// store's shared suite, `store/suite.rs` and `store/suite/`).
fn declared_for_tests(path: &Path) -> bool {
    let Some(name) = path.file_stem().and_then(|n| n.to_str()) else { return false };
    let Some(dir) = path.parent() else { return false };
    let parents =
        [dir.with_extension("rs"), dir.join("mod.rs"), dir.join("lib.rs"), dir.join("main.rs")];
    let declared = [format!("mod {name};"), format!("pub(crate) mod {name};")];
    parents.iter().filter_map(|p| std::fs::read_to_string(p).ok()).any(|src| {
        let lines: Vec<&str> = src.lines().map(str::trim).collect();
        lines.windows(2).any(|w| w[0] == "#[cfg(test)]" && declared.iter().any(|d| w[1] == d))
    })
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if declared_for_tests(&p) {
            continue;
        }
        if p.is_dir() {
            if name != "tests" {
                files(&p, out);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
            out.push(p);
        }
    }
}

/// Every Japanese literal outside the catalogue that [`ALLOWED`] does not list, as
/// `file:line: "literal"`.
fn inline_japanese(root: &Path) -> Vec<String> {
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    let mut found = Vec::new();
    for path in all {
        let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
        if rel.starts_with("src/msg/") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("source");
        for (line, text) in literals(&code_of(&src)) {
            if !text.chars().any(japanese) {
                continue;
            }
            let allowed = ALLOWED.iter().any(|(file, needle, _)| {
                *file == rel && (needle.is_empty() || text.contains(needle))
            });
            if !allowed {
                found.push(format!("{rel}:{line}: {text:?}"));
            }
        }
    }
    found
}

// Found at the merge of the store's shared suite: `store/suite.rs`, a module of tests by its
// declaration (`#[cfg(test)] mod suite;`), was read as code.
#[test]
fn a_module_its_parent_declares_for_tests_is_not_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(declared_for_tests(&root.join("src/store/suite.rs")));
    assert!(declared_for_tests(&root.join("src/store/suite")));
    assert!(!declared_for_tests(&root.join("src/store/calls.rs")));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    assert!(all.iter().all(|p| !p.to_string_lossy().contains("store/suite")));
    assert!(all.iter().any(|p| p.ends_with("src/store/calls.rs")));
}

#[test]
fn no_japanese_text_is_written_outside_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = inline_japanese(root);
    assert!(
        found.is_empty(),
        "Japanese text outside src/msg (put it in the catalogue, with its English):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_strings_and_characters_but_not_comments() {
    let src = "// 「コメント」\nlet a = \"当番\";\n/* 「x」 */ let b = '、';\nlet c: &'a str = r#\"代行\"#;";
    let found: Vec<(usize, String)> = literals(src);
    assert_eq!(
        found,
        vec![(2, "当番".to_string()), (3, "、".to_string()), (4, "代行".to_string())]
    );
    assert_eq!(code_of("a\n#[cfg(test)]\nmod tests {\n\"当番\"\n}"), "a");
}

#[test]
fn every_allowed_literal_still_exists() {
    // An allowance left behind after its text moved would let new text in unseen.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, needle, why) in ALLOWED {
        assert!(!why.is_empty(), "{file}: say why it stays");
        let src = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        let hit = literals(&code_of(&src))
            .iter()
            .any(|(_, t)| t.chars().any(japanese) && t.contains(needle));
        assert!(
            hit,
            "{file}: no Japanese literal containing {needle:?} is left: drop it from ALLOWED"
        );
    }
}
