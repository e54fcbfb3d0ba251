//! The command line's usage errors and the notes of its help, as [`crate::cli::localize`] shows
//! them to a Japanese reader (issue 18): clap's error kinds and an argument's choices, default
//! and environment variable.
//!
//! Key decision: an English reader gets clap's own help and errors, unchanged; the English here
//! says the same in plain words, so each text is read and checked beside its Japanese like the
//! rest of the catalogue, and a reader of this file knows what each Japanese line means.

use super::Message;
use super::help::words;

/// What was wrong on the command line (clap's error kind, with its context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClapError {
    /// An option given without its value.
    NeedsValue {
        /// The option, as shown (`--format <FORMAT>`).
        arg: String,
    },
    /// A value that is not one of the choices (`valid`; empty when clap did not list them).
    NotAChoice {
        /// The argument, as shown.
        arg: String,
        /// As typed.
        value: String,
        /// The values allowed.
        valid: Vec<String>,
    },
    /// A value a parser refused.
    BadValue {
        /// The argument, as shown.
        arg: String,
        /// As typed.
        value: String,
        /// The parser's reason, in Japanese, if it gave one.
        why: Option<String>,
        /// The argument's help, to say what is expected.
        help: Option<String>,
    },
    /// An option the command does not have.
    UnknownOption {
        /// As typed.
        arg: String,
        /// The option clap thinks was meant.
        tip: Option<String>,
    },
    /// A word the command does not take.
    ExtraArgument {
        /// As typed.
        arg: String,
        /// What clap thinks was meant.
        tip: Option<String>,
    },
    /// A command that does not exist.
    UnknownCommand {
        /// As typed.
        name: String,
        /// The command clap thinks was meant.
        tip: Option<String>,
    },
    /// Required arguments not given.
    Missing(Vec<String>),
    /// No command given where one is needed.
    MissingCommand,
    /// An option whose value must follow `=`.
    NoEquals {
        /// The option.
        arg: String,
    },
    /// More values than the option takes.
    TooMany {
        /// The option.
        arg: String,
        /// The value too many.
        value: String,
    },
    /// Too few values, or not the number the option takes.
    WrongNumber {
        /// The option.
        arg: String,
    },
    /// Options that cannot be given together.
    Conflict {
        /// The option.
        arg: String,
        /// The options given before it.
        with: Vec<String>,
    },
    /// An argument that is not UTF-8.
    InvalidUtf8,
    /// Anything else clap refuses.
    Other,
}

/// A usage error as a whole: what was wrong, the command's usage line and where to read more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// What was wrong.
    pub what: ClapError,
    /// The usage line of the command (placeholders already in the reader's language).
    pub usage: String,
    /// The command's path (`rota show`), empty for `toban` itself.
    pub path: String,
}

/// The notes after an argument's help: its choices, default and environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgNote {
    /// The choices, in brackets after the help: 「（table、json、csv）」.
    Choices(Vec<String>),
    /// The default value(s).
    Default(Vec<String>),
    /// The environment variable that gives the value too.
    Env(String),
    /// Several notes ([`ArgNote::Default`], [`ArgNote::Env`]) in one bracket: 「［既定: 60。…］」.
    Notes(Vec<ArgNote>),
}

/// A usage line with clap's English placeholders in the reader's words:
/// `toban plan [OPTIONS] <YEAR>` → 「toban plan [オプション] <YEAR>」.
pub fn usage_ja(usage: &str) -> String {
    usage
        .replace("[OPTIONS]", "[オプション]")
        .replace("<COMMAND>", "<コマンド>")
        .replace("[COMMAND]", "[コマンド]")
}

/// The Japanese half of a parser's message written both ways before the language was known
/// ([`super::parse::ParseMsg::both`]), 「日付は…書いてください（'x' is not a date: …）」:
/// without its English aside.
pub fn japanese_half(message: &str) -> &str {
    match message.strip_suffix('）').and_then(|m| m.rsplit_once('（')) {
        Some((ja, en)) if en.is_ascii() => ja,
        _ => message,
    }
}

fn tip_ja(tip: &Option<String>) -> String {
    tip.as_ref().map(|t| format!("\n  もしかして: {t}")).unwrap_or_default()
}

fn tip_en(tip: &Option<String>) -> String {
    tip.as_ref().map(|t| format!("\n  tip: a similar one exists: {t}")).unwrap_or_default()
}

impl Message for ClapError {
    fn ja(&self) -> String {
        use ClapError::*;
        match self {
            NeedsValue { arg } => format!("{arg} には値が必要です。"),
            NotAChoice { arg, value, valid } if valid.is_empty() => {
                format!("{arg} に「{value}」は指定できません。")
            }
            NotAChoice { arg, value, valid } => format!(
                "{arg} に「{value}」は指定できません。\n  指定できる値: {}",
                valid.join(", ")
            ),
            BadValue { arg, value, why, help } => {
                let why = why.as_ref().map(|w| format!("（{w}）")).unwrap_or_default();
                let what = help.as_ref().map(|h| format!("\n  {arg}: {h}")).unwrap_or_default();
                format!("{arg} に「{value}」は指定できません{why}。{what}")
            }
            UnknownOption { arg, tip } => {
                format!("「{arg}」というオプションはありません。{}", tip_ja(tip))
            }
            ExtraArgument { arg, tip } => format!("余分な引数「{arg}」があります。{}", tip_ja(tip)),
            UnknownCommand { name, tip } => {
                format!("「{name}」というコマンドはありません。{}", tip_ja(tip))
            }
            Missing(args) => format!("必要な引数が指定されていません: {}", args.join(" ")),
            MissingCommand => "コマンドを指定してください。".into(),
            NoEquals { arg } => format!("{arg} の値は「=」でつないで指定してください。"),
            TooMany { arg, value } => format!("{arg} に指定した値「{value}」は多すぎます。"),
            WrongNumber { arg } => format!("{arg} の値の数が正しくありません。"),
            Conflict { arg, with } => {
                format!(
                    "{arg} は {} と一緒には指定できません。",
                    super::words::list(with, super::Lang::Ja)
                )
            }
            InvalidUtf8 => "引数に読めない文字があります（UTF-8 で指定してください）。".into(),
            Other => "コマンドの指定に誤りがあります。".into(),
        }
    }

    fn en(&self) -> String {
        use ClapError::*;
        match self {
            NeedsValue { arg } => format!("a value is required for {arg}"),
            NotAChoice { arg, value, valid } if valid.is_empty() => {
                format!("invalid value '{value}' for {arg}")
            }
            NotAChoice { arg, value, valid } => format!(
                "invalid value '{value}' for {arg}\n  possible values: {}",
                valid.join(", ")
            ),
            BadValue { arg, value, why, help } => {
                let why = why.as_ref().map(|w| format!(": {w}")).unwrap_or_default();
                let what = help.as_ref().map(|h| format!("\n  {arg}: {h}")).unwrap_or_default();
                format!("invalid value '{value}' for {arg}{why}{what}")
            }
            UnknownOption { arg, tip } => format!("unexpected option '{arg}'{}", tip_en(tip)),
            ExtraArgument { arg, tip } => format!("unexpected argument '{arg}'{}", tip_en(tip)),
            UnknownCommand { name, tip } => format!("unrecognized command '{name}'{}", tip_en(tip)),
            Missing(args) => {
                format!("the following required arguments were not provided: {}", args.join(" "))
            }
            MissingCommand => "a command is required".into(),
            NoEquals { arg } => format!("equal sign is needed when assigning values to {arg}"),
            TooMany { arg, value } => {
                format!("unexpected value '{value}' for {arg}: too many values")
            }
            WrongNumber { arg } => format!("wrong number of values for {arg}"),
            Conflict { arg, with } => {
                format!("{arg} cannot be used with {}", super::words::list(with, super::Lang::En))
            }
            InvalidUtf8 => "an argument is not valid UTF-8".into(),
            Other => "the command line is not valid".into(),
        }
    }
}

impl Message for UsageError {
    fn ja(&self) -> String {
        let help_of = match self.path.as_str() {
            "" => "toban --help".to_string(),
            path => format!("toban {path} --help"),
        };
        format!(
            "エラー: {}\n\n{}\n  {}\n\n詳しくは `{help_of}` をご覧ください。\n",
            self.what.ja(),
            words::USAGE,
            self.usage
        )
    }

    fn en(&self) -> String {
        let help_of = match self.path.as_str() {
            "" => "toban --help".to_string(),
            path => format!("toban {path} --help"),
        };
        format!(
            "error: {}\n\nUsage:\n  {}\n\nFor more information, try '{help_of}'.\n",
            self.what.en(),
            self.usage
        )
    }
}

impl Message for ArgNote {
    fn ja(&self) -> String {
        match self {
            ArgNote::Choices(names) => {
                format!("（{}）", super::words::list(names, super::Lang::Ja))
            }
            ArgNote::Default(values) => format!("既定: {}", values.join(" ")),
            ArgNote::Env(var) => format!("環境変数 {var} でも指定できます"),
            ArgNote::Notes(notes) => {
                format!("［{}］", notes.iter().map(ArgNote::ja).collect::<Vec<_>>().join("。"))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            ArgNote::Choices(names) => format!(" [possible values: {}]", names.join(", ")),
            ArgNote::Default(values) => format!("default: {}", values.join(" ")),
            ArgNote::Env(var) => format!("env: {var}"),
            ArgNote::Notes(notes) => {
                format!(" [{}]", notes.iter().map(ArgNote::en).collect::<Vec<_>>().join("; "))
            }
        }
    }
}

impl ClapError {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<ClapError> {
        use ClapError::*;
        let arg = || "--format <FORMAT>".to_string();
        let all = vec![
            NeedsValue { arg: arg() },
            NotAChoice { arg: arg(), value: "xml".into(), valid: vec![] },
            NotAChoice {
                arg: arg(),
                value: "xml".into(),
                valid: vec!["table".into(), "json".into()],
            },
            BadValue { arg: "<YEAR>".into(), value: "x".into(), why: None, help: None },
            BadValue {
                arg: "--from <FROM>".into(),
                value: "6/1".into(),
                why: Some("日付は 2027-01-06 か 2027/1/6 の形で書いてください".into()),
                help: Some("最初の日".into()),
            },
            UnknownOption { arg: "--fromat".into(), tip: Some("--format".into()) },
            UnknownOption { arg: "--x".into(), tip: None },
            ExtraArgument { arg: "2028".into(), tip: None },
            UnknownCommand { name: "plna".into(), tip: Some("plan".into()) },
            Missing(vec!["<YEAR>".into()]),
            MissingCommand,
            NoEquals { arg: arg() },
            TooMany { arg: arg(), value: "csv".into() },
            WrongNumber { arg: arg() },
            Conflict { arg: "--all".into(), with: vec!["<DOCTOR>".into()] },
            InvalidUtf8,
            Other,
        ];
        for m in &all {
            match m {
                NeedsValue { .. }
                | NotAChoice { .. }
                | BadValue { .. }
                | UnknownOption { .. }
                | ExtraArgument { .. }
                | UnknownCommand { .. }
                | Missing(_)
                | MissingCommand
                | NoEquals { .. }
                | TooMany { .. }
                | WrongNumber { .. }
                | Conflict { .. }
                | InvalidUtf8
                | Other => {}
            }
        }
        all
    }
}

impl ArgNote {
    /// One of every variant.
    pub fn samples() -> Vec<ArgNote> {
        let all = vec![
            ArgNote::Choices(vec!["table".into(), "json".into(), "csv".into()]),
            ArgNote::Default(vec!["60".into()]),
            ArgNote::Env("TOBAN_STORE".into()),
            ArgNote::Notes(vec![
                ArgNote::Default(vec!["60".into()]),
                ArgNote::Env("TOBAN_STORE".into()),
            ]),
        ];
        for m in &all {
            match m {
                ArgNote::Choices(_) | ArgNote::Default(_) | ArgNote::Env(_) | ArgNote::Notes(_) => {
                }
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_usage_error_and_note_reads_in_both_languages() {
        for m in ClapError::samples() {
            match &m {
                // The parser's reason is in Japanese: English keeps it as it is.
                ClapError::BadValue { why: Some(_), .. } => assert!(!m.en().is_empty()),
                _ => super::super::check_both(&m),
            }
            let whole = UsageError {
                what: m,
                usage: "toban plan [オプション] <YEAR>".into(),
                path: "plan".into(),
            };
            assert!(whole.ja().starts_with("エラー: "), "{}", whole.ja());
            assert!(whole.ja().ends_with("詳しくは `toban plan --help` をご覧ください。\n"));
        }
        for m in ArgNote::samples() {
            super::super::check_both(&m);
        }
    }

    #[test]
    fn the_texts_read_as_the_japanese_help_always_showed_them() {
        let notes = ArgNote::Notes(vec![
            ArgNote::Default(vec!["60".into()]),
            ArgNote::Env("TOBAN_TIME_LIMIT".into()),
        ]);
        assert_eq!(notes.ja(), "［既定: 60。環境変数 TOBAN_TIME_LIMIT でも指定できます］");
        assert_eq!(ArgNote::Choices(vec!["a".into(), "b".into()]).ja(), "（a、b）");
        let e = UsageError {
            what: ClapError::UnknownCommand { name: "plna".into(), tip: Some("plan".into()) },
            usage: usage_ja("toban [OPTIONS] <COMMAND>"),
            path: String::new(),
        };
        assert_eq!(
            e.ja(),
            "エラー: 「plna」というコマンドはありません。\n  もしかして: plan\n\n使い方:\n  toban [オプション] <コマンド>\n\n詳しくは `toban --help` をご覧ください。\n"
        );
    }

    #[test]
    fn a_message_written_both_ways_loses_its_english_aside() {
        assert_eq!(
            japanese_half("日付を書いてください（'x' is not a date）"),
            "日付を書いてください"
        );
        assert_eq!(
            japanese_half("日付（2027年）を書いてください"),
            "日付（2027年）を書いてください"
        );
        assert_eq!(japanese_half("期間（既定）"), "期間（既定）");
    }
}
