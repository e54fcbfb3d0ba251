//! The office's help and usage errors speak the association's language: with the shipped rules
//! (`language = "ja"`) `toban --help`, every command's help and clap's usage errors are
//! Japanese; `--lang en` keeps English. A clerk who mistypes a command learns in Japanese what
//! was wrong and what to type.

use crate::helpers::{Run, repo, run, toban_ja_in};
use crate::lang_cli::{assert_english, assert_japanese};

/// `toban` at a temporary directory on the shipped rules, without `TOBAN_LANG`.
fn office(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = toban_ja_in(dir.path());
    cmd.env("TOBAN_RULES", repo().join("rules")).env("TOBAN_DATA", dir.path().join("data"));
    run(cmd, args)
}

/// The subcommands a help page lists under its 「コマンド:」 heading.
fn listed_commands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.starts_with("コマンド:") {
            inside = true;
            continue;
        }
        if inside {
            if !line.starts_with("  ") {
                if !line.trim().is_empty() {
                    inside = false;
                }
                continue;
            }
            let rest = &line[2..];
            if rest.starts_with(' ') {
                continue; // a wrapped description
            }
            // `help` lists the same commands again (`toban help plan` is tested below).
            if let Some(name) = rest.split_whitespace().next().filter(|n| *n != "help") {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[test]
fn every_commands_help_is_japanese() {
    let top = office(&["--help"]).code(0);
    assert_japanese(&top);
    let out = top.stdout();
    assert!(out.contains("使い方:"), "{out}");
    assert!(out.contains("コマンド:") && out.contains("オプション:"), "{out}");
    // Every command, to the leaves: no English sentence anywhere.
    let mut todo: Vec<Vec<String>> = listed_commands(&out).into_iter().map(|c| vec![c]).collect();
    assert!(todo.len() > 25, "the top help lists the commands: {out}");
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = office(&args).code(0);
        assert_japanese(&help);
        assert!(help.stdout().contains("使い方:"), "{}", help.stdout());
        for sub in listed_commands(&help.stdout()) {
            let mut deeper = path.clone();
            deeper.push(sub);
            todo.push(deeper);
        }
        seen += 1;
    }
    assert!(seen > 60, "only {seen} help pages were read");
    // `-h` (short help) and `toban help plan` too.
    assert_japanese(&office(&["plan", "-h"]).code(0));
    assert_japanese(&office(&["help", "plan"]).code(0));
}

#[test]
fn help_names_defaults_and_choices_in_japanese() {
    let help = office(&["rota", "show", "--help"]).code(0);
    let out = help.stdout();
    // The output formats with their meaning, and the default of a global option.
    assert!(out.contains("出力形式"), "{out}");
    assert!(out.contains("表（人が読む形）") || out.contains("table"), "{out}");
    assert!(out.contains("既定"), "the default is named: {out}");
    assert!(out.contains("TOBAN_RULES"), "the environment variable is named: {out}");
}

#[test]
fn usage_errors_say_in_japanese_what_was_wrong_and_what_to_type() {
    // A year out of range: the value, the argument and what it takes.
    let r = office(&["plan", "1999"]).code(2);
    assert_japanese(&r);
    assert!(r.stderr().contains("1999") && r.stderr().contains("2001"), "{}", r.stderr());
    assert!(r.stderr().contains("toban plan --help"), "{}", r.stderr());
    // A mistyped command: the likely one.
    let r = office(&["plna", "2027"]).code(2);
    assert_japanese(&r);
    assert!(r.stderr().contains("plna") && r.stderr().contains("plan"), "{}", r.stderr());
    // A missing argument: named, with the usage line.
    let r = office(&["absence", "add", "d01", "2027-01-01"]).code(2);
    assert_japanese(&r);
    assert!(r.stderr().contains("<TO>"), "{}", r.stderr());
    assert!(r.stderr().contains("toban absence add"), "{}", r.stderr());
    assert!(r.stderr().contains("<DOCTOR> <FROM> <TO>"), "{}", r.stderr());
    // A value not among the choices: the choices.
    let r = office(&["call", "list", "--format", "xml"]).code(2);
    assert_japanese(&r);
    assert!(r.stderr().contains("xml") && r.stderr().contains("table, json"), "{}", r.stderr());
    // An unknown option, and a command given nothing.
    let r = office(&["oncall", "--frmat", "json"]).code(2);
    assert_japanese(&r);
    assert!(r.stderr().contains("--frmat") && r.stderr().contains("--format"), "{}", r.stderr());
    let r = office(&["rota"]).code(2);
    assert_japanese(&r);
}

#[test]
fn english_is_kept_for_an_english_reader() {
    let r = office(&["--lang", "en", "--help"]).code(0);
    assert_english(&r);
    assert!(r.stdout().contains("Usage:"), "{}", r.stdout());
    let r = office(&["plan", "1999", "--lang", "en"]).code(2);
    assert_english(&r);
    assert!(r.stderr().contains("invalid value"), "{}", r.stderr());
    // TOBAN_LANG too.
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = toban_ja_in(dir.path());
    cmd.env("TOBAN_RULES", repo().join("rules")).env("TOBAN_LANG", "en");
    let r = run(cmd, &["--help"]).code(0);
    assert!(r.stdout().contains("Usage:"), "{}", r.stdout());
}
