//! The command line in the reader's language: clap's help pages and usage errors.
//!
//! clap reads the English help from the doc comments of [`super::Args`]. For a Japanese reader
//! (the shipped association, and the office clerk who runs `toban` there) the same command tree
//! is given its Japanese texts from [`crate::msg::help`] before parsing: descriptions, each
//! argument's help with its default, environment variable and choices, the headings, and the
//! help and version flags. Usage errors (a mistyped command, a bad value, a missing argument)
//! are rendered here from clap's error kind and context, in Japanese, with what to type next.
//!
//! The language is decided before parsing, from the raw arguments as [`super::Args::lang_early`]
//! decides it after: `--lang`, else `TOBAN_LANG`, else the rules' `[association] language`,
//! else Japanese.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use super::Args;
use crate::msg::clap::{ArgNote, ClapError, UsageError, japanese_half, usage_ja};
use crate::msg::help::{self, words};
use crate::msg::{Lang, Message};

/// Parses `argv` as `toban` does, in the reader's language: the arguments, or the exit code
/// after help, the version or a usage error was printed.
pub fn parse(argv: Vec<OsString>) -> Result<Args, i32> {
    let lang = early_lang(&argv);
    let mut cmd = command(lang);
    let words: Vec<String> = argv.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let matches = match cmd.try_get_matches_from_mut(argv) {
        Ok(m) => m,
        Err(e) => return Err(report(&mut cmd, &e, lang, &words)),
    };
    Args::from_arg_matches(&matches).map_err(|e| report(&mut cmd, &e, lang, &words))
}

/// The reader's language from the raw arguments: `--lang`, `TOBAN_LANG`, the rules' language
/// (`--rules`, `TOBAN_RULES`, or `rules`), else Japanese.
pub fn early_lang(argv: &[OsString]) -> Lang {
    let args: Vec<String> = argv.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let flag = |name: &str| -> Option<String> {
        let long = format!("--{name}");
        let eq = format!("--{name}=");
        let mut it = args.iter().skip(1);
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if *a == long {
                return it.next().cloned();
            }
            if let Some(v) = a.strip_prefix(&eq) {
                return Some(v.to_string());
            }
        }
        None
    };
    let named = |v: &str| match v {
        "en" => Some(Lang::En),
        "ja" => Some(Lang::Ja),
        _ => None,
    };
    if let Some(l) = flag("lang").as_deref().and_then(named) {
        return l;
    }
    if let Some(l) = std::env::var("TOBAN_LANG").ok().as_deref().and_then(named) {
        return l;
    }
    let rules = flag("rules")
        .or_else(|| std::env::var("TOBAN_RULES").ok())
        .map_or_else(|| PathBuf::from("rules"), PathBuf::from);
    super::load::declared_language(&rules).unwrap_or(Lang::Ja)
}

/// The command tree in `lang`: clap's own for English, the Japanese texts applied for Japanese.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Args::command();
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so that the help subcommand and the global arguments copied into every
    // subcommand exist and get their Japanese texts too.
    cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version));
    cmd = cmd.arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).global(true));
    cmd.build();
    japanese(cmd, "")
}

/// `cmd` (at `path`) and its subcommands with their Japanese texts.
fn japanese(cmd: Command, path: &str) -> Command {
    let key = &key(path);
    let mut cmd = cmd
        .help_template(format!(
            "{{about-with-newline}}\n{}\n  {{usage}}\n\n{{all-args}}{{after-help}}",
            words::USAGE
        ))
        .subcommand_help_heading(words::COMMANDS);
    if let Some(about) = help::about(key) {
        cmd = cmd
            .about(about)
            .long_about(clap::builder::Resettable::<clap::builder::StyledStr>::Reset);
    }
    if path.is_empty() {
        cmd = cmd.after_help(words::START);
    }
    let mut cmd = cmd.mut_args(|a| japanese_arg(a, key));
    // clap's usage line with its placeholders in Japanese: 「toban plan [オプション] <YEAR>」.
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut cmd = cmd.override_usage(usage_ja(usage));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |s| japanese(s, &sub));
    }
    cmd
}

/// The command of `path` as [`help`] keys it: `toban help plan` and `toban rota help show` show
/// the help of `plan` and `rota show`; a `help` subcommand itself is `help`.
fn key(path: &str) -> String {
    let words: Vec<&str> = path.split_whitespace().collect();
    match words.iter().position(|w| *w == "help") {
        Some(i) if i + 1 == words.len() => "help".to_string(),
        Some(_) => words.into_iter().filter(|w| *w != "help").collect::<Vec<_>>().join(" "),
        None => path.to_string(),
    }
}

/// One argument with its Japanese help: the text, then its choices, default and environment
/// variable, which clap would otherwise print in English.
fn japanese_arg(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let Some(text) = help::arg(path, &id) else {
        return arg;
    };
    let mut short = text.to_string();
    let mut long = text.to_string();
    let values: Vec<(String, Option<&'static str>)> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| (v.get_name().to_string(), help::value(path, v.get_name())))
        .collect();
    // A flag's implicit true/false are not choices worth listing.
    let listed = !values.is_empty() && !matches!(arg.get_action(), ArgAction::SetTrue);
    if listed {
        let names: Vec<String> = values.iter().map(|(n, _)| n.clone()).collect();
        short.push_str(&ArgNote::Choices(names).ja());
        for (name, meaning) in &values {
            match meaning {
                Some(m) => long.push_str(&format!("\n  {name}: {m}")),
                None => long.push_str(&format!("\n  {name}")),
            }
        }
    }
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|d| d.to_string_lossy().into_owned()).collect();
    let mut notes = Vec::new();
    if !defaults.is_empty() && !matches!(arg.get_action(), ArgAction::SetTrue) {
        notes.push(ArgNote::Default(defaults));
    }
    if let Some(env) = arg.get_env() {
        notes.push(ArgNote::Env(env.to_string_lossy().into_owned()));
    }
    let noted = !notes.is_empty();
    if noted {
        let note = ArgNote::Notes(notes).ja();
        short.push_str(&note);
        long.push_str(&format!("\n{note}"));
    }
    let heading = if arg.is_positional() { words::ARGUMENTS } else { words::OPTIONS };
    let no_values = arg.get_possible_values().is_empty();
    let arg = arg
        .help(short)
        .hide_possible_values(listed || no_values)
        .hide_default_value(true)
        .hide_env(true)
        .help_heading(heading);
    if listed || noted { arg.long_help(long) } else { arg }
}

/// Prints what clap found (help, the version, or a usage error in `lang`) and gives the exit
/// code: 0 after help or the version, 2 after a usage error.
fn report(cmd: &mut Command, e: &clap::Error, lang: Lang, argv: &[String]) -> i32 {
    use std::io::Write;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return super::EXIT_USAGE;
        }
        _ => {}
    }
    if lang == Lang::En {
        let _ = e.print();
        return super::EXIT_USAGE;
    }
    let text = usage_error(cmd, e, argv);
    let _ = std::io::stderr().write_all(text.as_bytes());
    super::EXIT_USAGE
}

/// The subcommands named in `argv`, from the top: `["rota", "show"]` for `toban rota show 2027`.
fn subcommand_path(cmd: &Command, argv: &[String]) -> Vec<String> {
    let mut here = cmd;
    let mut path = Vec::new();
    for word in argv.iter().skip(1) {
        if word == "--" {
            break;
        }
        if let Some(sub) = here.find_subcommand(word) {
            path.push(sub.get_name().to_string());
            here = sub;
        }
    }
    path
}

/// The usage line of the subcommand at `names`, without clap's English heading.
fn usage_of(cmd: &mut Command, names: &[String]) -> String {
    let usage = match names.split_first() {
        Some((first, rest)) => match cmd.find_subcommand_mut(first) {
            Some(sub) => return usage_of(sub, rest),
            None => cmd.render_usage(),
        },
        None => cmd.render_usage(),
    };
    usage_ja(usage.to_string().trim().trim_start_matches("Usage:").trim())
}

/// A usage error in Japanese: what was wrong, then the usage line and where to read more.
pub fn usage_error(cmd: &mut Command, e: &clap::Error, argv: &[String]) -> String {
    let string = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let strings = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let names = subcommand_path(cmd, argv);
    let path = names.join(" ");
    let usage = usage_of(cmd, &names);
    let arg = string(ContextKind::InvalidArg).unwrap_or_default();
    let value = string(ContextKind::InvalidValue).unwrap_or_default();
    let tip = |k: ContextKind| strings(k).into_iter().next();
    let what = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => ClapError::NeedsValue { arg },
        ErrorKind::InvalidValue => {
            ClapError::NotAChoice { arg, value, valid: strings(ContextKind::ValidValue) }
        }
        ErrorKind::ValueValidation => {
            let help = arg_help(cmd, &path, &arg);
            // toban's own parsers explain in Japanese; clap's range checks only in English.
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .filter(|s| !s.is_ascii())
                .map(|s| japanese_half(&s).to_string());
            ClapError::BadValue { arg, value, why, help }
        }
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            ClapError::UnknownOption { arg, tip: tip(ContextKind::SuggestedArg) }
        }
        ErrorKind::UnknownArgument => {
            ClapError::ExtraArgument { arg, tip: tip(ContextKind::SuggestedArg) }
        }
        ErrorKind::InvalidSubcommand => ClapError::UnknownCommand {
            name: string(ContextKind::InvalidSubcommand).unwrap_or_default(),
            tip: tip(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::MissingRequiredArgument => ClapError::Missing(strings(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => ClapError::MissingCommand,
        ErrorKind::NoEquals => ClapError::NoEquals { arg },
        ErrorKind::TooManyValues => ClapError::TooMany { arg, value },
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => ClapError::WrongNumber { arg },
        ErrorKind::ArgumentConflict => {
            ClapError::Conflict { arg, with: strings(ContextKind::PriorArg) }
        }
        ErrorKind::InvalidUtf8 => ClapError::InvalidUtf8,
        _ => ClapError::Other,
    };
    UsageError { what, usage, path }.ja()
}

/// The help of the argument shown as `shown` (`<YEAR>`, `--format <FORMAT>`) of the command at
/// `path`, as the reader's help shows it.
fn arg_help(cmd: &mut Command, path: &str, shown: &str) -> Option<String> {
    let mut here: &Command = cmd;
    for name in path.split_whitespace() {
        here = here.find_subcommand(name)?;
    }
    let long = shown.split_whitespace().next().unwrap_or_default();
    here.get_arguments()
        .find(|a| {
            let positional = a
                .get_value_names()
                .and_then(|n| n.first())
                .is_some_and(|n| format!("<{n}>") == shown);
            let flag = a.get_long().is_some_and(|l| format!("--{l}") == long);
            positional || flag
        })
        .and_then(|a| a.get_help())
        .map(ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command, argument and choice of the tree, with `path` as [`help`] keys them.
    fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
        let key = &key(path);
        if help::about(key).is_none() {
            missing.push(format!("about of `{path}`"));
        }
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let id = a.get_id().as_str();
            if help::arg(key, id).is_none() {
                missing.push(format!("`{path}` argument {id}"));
            }
            for v in a.get_possible_values() {
                if v.get_help().is_some() && help::value(key, v.get_name()).is_none() {
                    missing.push(format!("`{path}` {id} value {}", v.get_name()));
                }
            }
        }
        for s in cmd.get_subcommands() {
            let sub = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path} {}", s.get_name())
            };
            walk(s, &sub, missing);
        }
    }

    #[test]
    fn every_command_argument_and_choice_has_its_japanese_text() {
        let mut cmd = Args::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Japanese help for:\n{}", missing.join("\n"));
    }

    #[test]
    fn the_japanese_tree_is_valid_for_clap() {
        // clap's debug asserts check the tree (ids, flags, headings) when it is built.
        let mut cmd = command(Lang::Ja);
        cmd.build();
        let help = cmd.render_long_help().to_string();
        assert!(help.contains(words::USAGE), "{help}");
        assert!(help.contains("オプション:"), "{help}");
    }

    #[test]
    fn the_language_is_read_from_the_raw_arguments() {
        let argv = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(early_lang(&argv(&["toban", "--lang", "en", "plan"])), Lang::En);
        assert_eq!(early_lang(&argv(&["toban", "plan", "--lang=en"])), Lang::En);
        assert_eq!(
            early_lang(&argv(&["toban", "--lang", "ja", "--rules", "/nonexistent"])),
            Lang::Ja
        );
        // After `--`, a `--lang` is a value, not the flag.
        assert_eq!(
            early_lang(&argv(&["toban", "--rules", "/nonexistent", "--", "--lang", "en"])),
            Lang::Ja
        );
    }
}
