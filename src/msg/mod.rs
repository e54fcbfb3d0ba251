//! The message catalogue: every sentence toban says to a person, as typed values with one
//! exhaustive renderer per language.
//!
//! Terminology (Japanese): a nurse station's (or anyone's) request that the duty doctor take a
//! patient whose attending doctor is absent is 「依頼」 everywhere, numbered 「12番の依頼」
//! (「当番医への依頼」 where the word stands alone, as in a command menu). Not 「コール」
//! (jargon, and easily read as a phone call), not 「往診依頼」: most requests end with phone
//! advice or an admission, so 「往診」 is kept for an actual visit (the outcome 「往診した」).
//! Swap and cover requests between doctors are always qualified: 「交代のご依頼」「代行のご依頼」.
//!
//! Key decisions:
//! - A message is a value (an enum variant with typed arguments: names already looked up,
//!   instants, counts), never a pre-rendered string. The outbox keeps [`crate::routing::Body`]
//!   (ids); the notifier turns a body into messages of this catalogue at delivery, so a renamed
//!   doctor or a language switch takes effect at once.
//! - Each domain has its own enum ([`notice`], [`reply`], [`swap`], [`cli`], [`refusal`], [`web`],
//!   [`rules`], [`plan`]) and
//!   implements [`Message`] with one `match` per language: adding a variant without its Japanese
//!   and English text does not compile. [`Msg`] gathers them, so "every message" is one type.
//! - Each domain lists one sample of every variant (`samples`), checked complete by an
//!   exhaustive `match`, and the tests render every sample in both languages: no empty text, no
//!   ASCII-only Japanese, no Japanese in English.
//! - Dates read as people write them: 「3月9日(火) 9:00」 in Japanese, "Tue 9 Mar 09:00" in English
//!   ([`When`]); doctors are 「…先生」 ([`Doctor`]).

pub mod audit;
pub mod calendar;
pub mod chat_course;
pub mod clap;
pub mod cli;
pub mod death;
pub mod feed;
pub mod fields;
pub mod first_asked;
pub mod help;
pub mod history;
pub mod hospital;
pub mod import;
pub mod init;
#[cfg(test)]
mod inline_guard;
pub mod link;
pub mod migrate;
pub mod notice;
pub mod page;
pub mod parse;
pub mod partial;
pub mod plan;
pub mod record;
pub mod refusal;
pub mod refusal_console;
pub mod replan_cover;
pub mod reply;
pub mod report_doc;
pub mod report_label;
pub mod rota;
pub mod rota_diff;
pub mod rules;
pub mod serve;
pub mod sheet;
pub mod slot;
pub mod swap;
pub mod swap_chat;
mod time;
pub mod web;
pub mod web_found;
pub mod web_live;
pub mod web_me;
pub mod web_members;
pub mod web_records;
pub mod web_registry;
pub mod web_year;
pub mod webhook;
pub mod words;

pub use time::{Day, When};

pub use crate::rules::Language as Lang;

/// A message of the catalogue: rendered in Japanese or English.
pub trait Message {
    /// The Japanese text.
    fn ja(&self) -> String;
    /// The English text.
    fn en(&self) -> String;
    /// The text in `lang`.
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.ja(),
            Lang::En => self.en(),
        }
    }
}

/// Every message toban says, by domain.
// A message is built once per delivery and dropped: its size does not matter, boxing would
// only clutter the variants.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// Notices: calls, duties, alerts.
    Notice(notice::NoticeMsg),
    /// Replies to chat commands and buttons.
    Reply(reply::Reply),
    /// Swap and cover requests and their outcomes.
    Swap(swap::SwapMsg),
    /// The office's command line: headers, summaries, hints.
    Cli(cli::Cli),
    /// Why something was refused (rules broken, bad input, unknown ids).
    Refusal(refusal::Refusal),
    /// `toban init`'s questions and answers.
    Init(init::InitMsg),
    /// The office's web console.
    Web(web::WebMsg),
    /// A patient's course: recorded, refused, the registration ended.
    Record(record::RecordMsg),
    /// What is wrong in the rules files (and why they cannot give a rota).
    Rules(rules::RulesMsg),
}

impl Message for Msg {
    fn ja(&self) -> String {
        match self {
            Msg::Notice(m) => m.ja(),
            Msg::Reply(m) => m.ja(),
            Msg::Swap(m) => m.ja(),
            Msg::Cli(m) => m.ja(),
            Msg::Refusal(m) => m.ja(),
            Msg::Init(m) => m.ja(),
            Msg::Web(m) => m.ja(),
            Msg::Record(m) => m.ja(),
            Msg::Rules(m) => m.ja(),
        }
    }
    fn en(&self) -> String {
        match self {
            Msg::Notice(m) => m.en(),
            Msg::Reply(m) => m.en(),
            Msg::Swap(m) => m.en(),
            Msg::Cli(m) => m.en(),
            Msg::Refusal(m) => m.en(),
            Msg::Init(m) => m.en(),
            Msg::Web(m) => m.en(),
            Msg::Record(m) => m.en(),
            Msg::Rules(m) => m.en(),
        }
    }
}

/// A doctor's (or any member's) display name, as a message argument: Japanese adds 先生 to a
/// doctor (「上田 誠先生」), a hospital or station stays as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doctor(pub String);

impl Doctor {
    /// 「NAME先生」.
    pub fn ja(&self) -> String {
        format!("{}先生", self.0)
    }
    /// "NAME" (English adds no title: "Dr" would be wrong for a hospital's desk).
    pub fn en(&self) -> String {
        self.0.clone()
    }
}

impl Message for Doctor {
    fn ja(&self) -> String {
        Doctor::ja(self)
    }

    fn en(&self) -> String {
        Doctor::en(self)
    }
}

/// Checks one rendered sample (used by every domain's catalogue test): both languages
/// non-empty, Japanese has Japanese in it, English has none, neither has a control character
/// other than a newline.
#[cfg(test)]
pub(crate) fn check_both(m: &dyn Message) {
    let (ja, en) = (m.ja(), m.en());
    assert!(!ja.trim().is_empty() && !en.trim().is_empty(), "empty text: {ja:?} / {en:?}");
    let japanese = |s: &str| {
        s.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}'))
    };
    assert!(japanese(&ja), "no Japanese in the Japanese text: {ja}");
    for c in en.chars() {
        assert!(
            !matches!(c, '\u{3040}'..='\u{30ff}' | '\u{ff00}'..='\u{ffef}'),
            "kana in English: {en}"
        );
    }
    for s in [&ja, &en] {
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "control character in {s:?}");
    }
}
