//! `toban init DIR`: a new association's rules folder, commented, from a few questions (or
//! their flags) and, optionally, the office's members spreadsheet saved as CSV.
//!
//! Key decisions:
//! - The files are checked with the same loader `toban check` uses before anything is written,
//!   and written into a new or empty folder only: nothing half-written, nothing overwritten.
//! - Questions go to stderr and answers come from stdin, one line each, an empty line taking
//!   the default shown; at the end of input every remaining default is taken, so `init` also
//!   runs from a script (`--yes` asks nothing).

mod members;
mod template;

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context as _;

use super::UsageError;
use crate::msg::Message;
use crate::msg::init::InitMsg;
use crate::rules::{Language, Source};
pub use template::Answers;

/// What `init` was told on the command line.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// The members spreadsheet (CSV).
    pub members: Option<std::path::PathBuf>,
    /// The association's name.
    pub name: Option<String>,
    /// Its short id.
    pub id: Option<String>,
    /// "ja" or "en".
    pub language: Option<Language>,
    /// A fiscal year (April).
    pub fiscal_year: bool,
    /// Doctors on duty at once.
    pub doctors_per_slot: Option<u32>,
    /// Handover weekday.
    pub handover_weekday: Option<String>,
    /// Handover time.
    pub handover_time: Option<String>,
    /// Obon as a holiday duty.
    pub obon: bool,
    /// Ask nothing: take the defaults.
    pub yes: bool,
    /// The reader's language (`--lang`, `TOBAN_LANG`) for questions and errors; default: the
    /// association's. The files' comments are always in the association's language.
    pub reader: Option<Language>,
}

/// Runs `toban init DIR`.
///
/// # Errors
/// A folder that is not new or empty, an unreadable or bad spreadsheet (every bad line named),
/// rules that would not pass `toban check`, or I/O errors naming the file.
pub fn run(dir: &Path, given: &Given) -> anyhow::Result<()> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .with_context(|| format!("read {}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(UsageError(say(
                given.reader.or(given.language).unwrap_or(Language::Ja),
                &InitMsg::NotEmpty { dir: dir.display().to_string() },
            ))
            .into());
        }
    }
    let stdin = std::io::stdin();
    let echo = !std::io::IsTerminal::is_terminal(&stdin);
    let answers = ask(given, &mut stdin.lock(), &mut std::io::stderr(), echo)?;
    // The reader's language for what is said; the files speak the association's.
    let lang = given.reader.unwrap_or(answers.language);
    let (members, example) = match &given.members {
        Some(file) => {
            let bytes = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
            let name = file.display().to_string();
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            let text = std::str::from_utf8(bytes).map_err(|_| {
                let shift_jis = super::history::file::looks_like_shift_jis(bytes);
                UsageError(say(lang, &InitMsg::CsvEncoding { file: name.clone(), shift_jis }))
            })?;
            let members = members::read(&name, text).map_err(|problems| {
                let lines: Vec<String> = problems.iter().map(|p| p.render(lang)).collect();
                UsageError(format!(
                    "{}\n{}",
                    lines.join("\n"),
                    say(lang, &InitMsg::FixSheet { count: problems.len() })
                ))
            })?;
            (members, false)
        }
        None => (template::example_members(answers.language, answers.doctors_per_slot), true),
    };
    let files = [
        ("association.toml", template::association(&answers)),
        ("members.toml", template::members(&members, answers.language, example)),
    ];
    // Checked as `toban check` would, before anything is written.
    let sources: Vec<Source> = files
        .iter()
        .map(|(name, text)| Source { path: dir.join(name), text: text.clone() })
        .collect();
    if let Err(e) = crate::rules::load(&sources) {
        return Err(UsageError(format!("{e}{}", say(lang, &InitMsg::Invalid))).into());
    }
    use std::os::unix::fs::PermissionsExt;
    if !dir.exists() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
        // The service's group may read the rules (a setgid folder, as the package makes
        // /etc/toban/rules, gives them that group); nobody else: members.toml holds phones.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750))
            .with_context(|| format!("chmod {}", dir.display()))?;
    }
    for (name, text) in &files {
        let path = dir.join(name);
        crate::backups::write_whole(&path, text.as_bytes())
            .and_then(|()| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)))
            .with_context(|| format!("write {}", path.display()))?;
    }
    let doctors = members.iter().filter(|m| m.kind == members::Kind::Doctor).count();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        InitMsg::Written {
            dir: dir.display().to_string(),
            members: members.len(),
            doctors,
            example,
            year: chrono::Datelike::year(&chrono::Utc::now()) + 1,
        }
        .render(lang)
    )?;
    Ok(())
}

fn say(lang: Language, m: &InitMsg) -> String {
    m.render(lang)
}

/// Questions on `out`, answers from `input`; after the end of input, every default.
struct Asker<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    eof: bool,
    /// Answers come from a file or a pipe: show each after its question, as a terminal would.
    echo: bool,
}

impl Asker<'_> {
    fn question(&mut self, q: InitMsg, lang: Language, default: &str) -> anyhow::Result<String> {
        if self.eof {
            return Ok(default.to_string());
        }
        write!(self.out, "{} [{default}]: ", q.render(lang))?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            self.eof = true;
            writeln!(self.out)?;
            return Ok(default.to_string());
        }
        let line = crate::textwidth::printable(line.trim()).trim().to_string();
        if self.echo {
            writeln!(self.out, "{line}")?;
        }
        Ok(if line.is_empty() { default.to_string() } else { line })
    }

    /// Asks until `parse` takes the answer (or input ends: then the default, which parses).
    fn until<T>(
        &mut self,
        q: InitMsg,
        lang: Language,
        default: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> anyhow::Result<T> {
        loop {
            let a = self.question(q.clone(), lang, default)?;
            if let Some(v) = parse(&a) {
                return Ok(v);
            }
            writeln!(self.out, "{}", InitMsg::Retry.render(lang))?;
        }
    }
}

/// Asks what the flags left out (or takes defaults with `--yes` or at the end of input).
fn ask(
    given: &Given,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    echo: bool,
) -> anyhow::Result<Answers> {
    let d = Answers::default();
    let mut a = Asker { input, out, eof: given.yes, echo };
    let language = match given.language {
        Some(l) => l,
        None => {
            let q = given.reader.unwrap_or(Language::Ja);
            a.until(InitMsg::AskLanguage, q, "ja", |s| s.parse().ok())?
        }
    };
    // The questions from here on, in the reader's language.
    let said = language;
    let language = given.reader.unwrap_or(language);
    let name = match &given.name {
        Some(n) => n.clone(),
        None => a.question(InitMsg::AskName, language, &d.name)?,
    };
    let id = match &given.id {
        Some(i) if valid_id(i) => i.clone(),
        Some(i) => return Err(UsageError(say(language, &InitMsg::BadId { id: i.clone() })).into()),
        None => a.until(InitMsg::AskId, language, &d.id, |s| valid_id(s).then(|| s.to_string()))?,
    };
    let fiscal = given.fiscal_year || {
        let f = |s: &str| match s {
            "1" | "１" => Some(false),
            "2" | "２" => Some(true),
            _ => None,
        };
        a.until(InitMsg::AskFiscal, language, "1", f)?
    };
    let doctors_per_slot = match given.doctors_per_slot {
        Some(n) => n,
        None => a.until(InitMsg::AskPerSlot, language, "1", |s| {
            s.parse::<u32>().ok().filter(|n| (1..=9).contains(n))
        })?,
    };
    let handover_weekday = match &given.handover_weekday {
        Some(w) => weekday(w)
            .ok_or_else(|| UsageError(say(language, &InitMsg::BadWeekday { given: w.clone() })))?,
        None => {
            let default = if language == Language::Ja { "火" } else { "tue" };
            a.until(InitMsg::AskWeekday, language, default, weekday)?
        }
    };
    let handover_time = match &given.handover_time {
        Some(t) => time(t)
            .ok_or_else(|| UsageError(say(language, &InitMsg::BadTime { given: t.clone() })))?,
        None => a.until(InitMsg::AskTime, language, "9:00", time)?,
    };
    let obon = given.obon || {
        let yes = |s: &str| match s.to_lowercase().as_str() {
            "y" | "yes" | "はい" => Some(true),
            "n" | "no" | "いいえ" => Some(false),
            _ => None,
        };
        a.until(InitMsg::AskObon, language, "n", yes)?
    };
    Ok(Answers {
        name,
        id,
        language: said,
        year_start: if fiscal { "04-01" } else { "01-01" }.into(),
        doctors_per_slot,
        handover_weekday,
        handover_time,
        holidays: true,
        obon,
    })
}

/// An association id: ASCII letters, digits, `-` and `_`, starting with a letter.
fn valid_id(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `火`, `火曜`, `火曜日`, `tue`, `Tuesday` → "tue".
fn weekday(s: &str) -> Option<String> {
    const DAYS: [(&str, &str); 7] = [
        ("月", "mon"),
        ("火", "tue"),
        ("水", "wed"),
        ("木", "thu"),
        ("金", "fri"),
        ("土", "sat"),
        ("日", "sun"),
    ];
    let s = s.trim().to_lowercase();
    DAYS.iter()
        .find(|(ja, en)| {
            s.strip_suffix("曜日").or_else(|| s.strip_suffix("曜")).unwrap_or(&s) == *ja
                || (s.len() >= 3 && en.starts_with(&s[..3]) && s.is_ascii())
        })
        .map(|(_, en)| (*en).to_string())
}

/// `9:00`, `09:00`, `9時` → "09:00".
fn time(s: &str) -> Option<String> {
    let s = s.trim();
    let (h, m) = match s.strip_suffix('時') {
        Some(h) => (h, "0"),
        None => s.split_once(':')?,
    };
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_one_per_line_and_empty_takes_the_default() {
        let input = "ja\n東総医師会\ntoso\n2\n2\n水曜日\n8:30\nはい\n";
        let mut out = Vec::new();
        let a = ask(&Given::default(), &mut input.as_bytes(), &mut out, false).unwrap();
        assert_eq!(a.name, "東総医師会");
        assert_eq!(a.id, "toso");
        assert_eq!(a.year_start, "04-01");
        assert_eq!(a.doctors_per_slot, 2);
        assert_eq!(a.handover_weekday, "wed");
        assert_eq!(a.handover_time, "08:30");
        assert!(a.obon);
        let asked = String::from_utf8(out).unwrap();
        assert!(asked.contains("名称"), "{asked}");
    }

    #[test]
    fn a_wrong_answer_is_asked_again_and_end_of_input_takes_the_defaults() {
        let mut out = Vec::new();
        let a =
            ask(&Given::default(), &mut "ja\n\nbad id!\nok\n".as_bytes(), &mut out, false).unwrap();
        assert_eq!(a.id, "ok");
        assert_eq!(a.handover_weekday, "tue");
        assert_eq!(a.handover_time, "09:00");
        assert!(String::from_utf8(out).unwrap().contains("もう一度"));
    }

    #[test]
    fn weekdays_and_times_in_either_language() {
        assert_eq!(weekday("火").as_deref(), Some("tue"));
        assert_eq!(weekday("Tuesday").as_deref(), Some("tue"));
        assert_eq!(weekday("日曜日").as_deref(), Some("sun"));
        assert_eq!(weekday("x"), None);
        assert_eq!(time("9時").as_deref(), Some("09:00"));
        assert_eq!(time("25:00"), None);
    }

    #[test]
    fn every_default_and_every_answer_make_rules_that_pass_check() {
        for lang in [Language::Ja, Language::En] {
            for (fiscal, per, obon) in [(false, 1, false), (true, 2, true)] {
                let a = Answers {
                    language: lang,
                    year_start: if fiscal { "04-01" } else { "01-01" }.into(),
                    doctors_per_slot: per,
                    obon,
                    name: "名前 \"quoted\" \\ back".into(),
                    ..Answers::default()
                };
                let sources = vec![
                    Source { path: "a.toml".into(), text: template::association(&a) },
                    Source {
                        path: "m.toml".into(),
                        text: template::members(&template::example_members(lang, per), lang, true),
                    },
                ];
                let rules = crate::rules::load(&sources).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(rules.association.name, a.name);
                assert_eq!(rules.doctors_per_slot, per);
                // And `toban plan` can plan them (what `toban check` asks too).
                let cal = crate::calendar::HolidayCalendar::build(
                    crate::plan::year::calendar_years(2027),
                    &[],
                );
                let ctx = crate::plan::year::Context::default();
                let (_, _, problem) = crate::plan::year::year_problem(&rules, &cal, 2027, &ctx);
                let options = crate::plan::solve::Options::default();
                if let Err(e) = crate::plan::solve::feasible(&problem, &options) {
                    panic!("{lang:?}, {per} per slot: {e}");
                }
            }
        }
    }
}
