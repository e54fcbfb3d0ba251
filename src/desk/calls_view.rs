//! A call as the office reads it: the cells of `toban call list` and the lines of `toban call
//! show`, built once here for the command line and the web console, so both show the same data
//! (the patient by number, the caller's note, the chain, the timeline, the report) and no
//! front end shows a patient's record beyond it.

use chrono::Datelike;
use chrono::{DateTime, Utc};

use crate::msg::cli::{Cli, Col};
use crate::msg::{Lang, Message};
use crate::routing::{Call, CallState, Logged, StepKind};
use crate::rules::Rules;

/// An instant for the reader: 「3月9日(火) 9:00」, or "2027-03-09 09:00" in English.
pub fn at(rules: &Rules, lang: Lang, t: DateTime<Utc>) -> String {
    // The year is left out only in the current year, by the clock the command line and serve
    // run on (TOBAN_CLOCK in tests).
    let tz = rules.association.tz;
    let this_year = crate::cli::clock::now().ok().map(|n| n.with_timezone(&tz).year());
    crate::msg::When(t.with_timezone(&tz)).human(lang, this_year)
}

/// A member for the reader: "d01 (青木 一郎)", 「d01（青木 一郎先生）」 for a doctor in Japanese.
pub fn id_and_name(rules: &Rules, lang: Lang, id: &str) -> String {
    let name = rules.name_of(id);
    match lang {
        Lang::En => format!("{id} ({name})"),
        Lang::Ja if rules.doctor(id).is_some() => {
            format!("{id}（{}）", crate::msg::Doctor(name.to_string()).ja())
        }
        Lang::Ja => format!("{id}（{name}）"),
    }
}

/// The columns of the call list.
pub const LIST_COLUMNS: [Col; 7] =
    [Col::Call, Col::Raised, Col::Patient, Col::Caller, Col::Status, Col::With, Col::Until];

/// One call's cells under [`LIST_COLUMNS`].
pub fn list_row(rules: &Rules, c: &Call, lang: Lang) -> Vec<String> {
    let (with, until) = match &c.state {
        CallState::Waiting { step, deadline, .. } => (
            c.chain[*step].members.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            at(rules, lang, *deadline),
        ),
        CallState::Accepted { by, .. } => (by.to_string(), String::new()),
        _ => (String::new(), String::new()),
    };
    vec![
        c.id.to_string(),
        at(rules, lang, c.raised_at),
        c.patient.to_string(),
        c.caller.to_string(),
        Cli::CallStatus(c.state.as_str()).render(lang),
        with,
        until,
    ]
}

/// The calls for the office's list: the open ones first, then the others, each newest first.
pub fn office_order(mut calls: Vec<Call>, now: DateTime<Utc>) -> Vec<Call> {
    calls.sort_by_key(|c| {
        (!c.is_open(now), std::cmp::Reverse(c.raised_at), std::cmp::Reverse(c.id))
    });
    calls
}

/// Where the call stands, in one line.
pub fn status(rules: &Rules, call: &Call, lang: Lang) -> Cli {
    match &call.state {
        CallState::Waiting { step, deadline, .. } => {
            let s = &call.chain[*step];
            let who: Vec<String> =
                s.members.iter().map(|m| id_and_name(rules, lang, m.as_str())).collect();
            let sep = if lang == Lang::Ja { "、" } else { ", " };
            Cli::NowAsking { step: s.kind, who: who.join(sep), until: at(rules, lang, *deadline) }
        }
        CallState::Accepted { by, .. } => {
            let name = rules.name_of(by.as_str()).to_string();
            let doctor = lang == Lang::Ja && rules.doctor(by.as_str()).is_some();
            let name = if doctor { crate::msg::Doctor(name).ja() } else { name };
            Cli::AcceptedBy { by: by.to_string(), name }
        }
        CallState::Exhausted { .. } => Cli::NobodyAccepted,
        CallState::Cancelled { by, .. } => Cli::CancelledBy(by.to_string()),
    }
}

/// A call as `toban call show` prints it, line by line.
pub struct CallView {
    /// Its number, the patient's, the caller and when it was raised.
    pub header: Cli,
    /// The caller's note.
    pub note: Cli,
    /// Where it stands.
    pub status: Cli,
    /// Its chain, one line a step (the current one marked).
    pub chain: Vec<Cli>,
    /// What happened, in order.
    pub log: Vec<Cli>,
    /// The handler's report, once filed.
    pub report: Option<Cli>,
}

/// Call `c` for the reader.
pub fn view(rules: &Rules, c: &Call, lang: Lang) -> CallView {
    let current = c.current_step();
    let chain = c
        .chain
        .iter()
        .enumerate()
        .map(|(i, s)| Cli::ChainStep {
            marker: current == Some(i),
            n: i + 1,
            step: s.kind,
            minutes: (s.kind != StepKind::Advice).then_some(s.wait_minutes),
            members: s.members.iter().map(ToString::to_string).collect(),
            left: s
                .left_out
                .iter()
                .map(|(m, why)| Cli::LeftOutWhy { who: m.to_string(), why: *why }.render(lang))
                .collect(),
        })
        .collect();
    let sep = if lang == Lang::Ja { "、" } else { ", " };
    let log = c
        .log
        .iter()
        .map(|e| {
            let (step, members) = match &e.what {
                Logged::Asked { step } => (
                    Some(c.chain[*step].kind),
                    c.chain[*step].members.iter().map(ToString::to_string).collect::<Vec<_>>(),
                ),
                _ => (None, Vec::new()),
            };
            Cli::Log {
                at: at(rules, lang, e.at),
                what: e.what.clone(),
                step,
                members: members.join(sep),
            }
        })
        .collect();
    CallView {
        header: Cli::CallHeader {
            call: c.id,
            patient: c.patient,
            caller: c.caller.to_string(),
            raised: at(rules, lang, c.raised_at),
        },
        note: Cli::NoteLine(c.note.clone()),
        status: status(rules, c, lang),
        chain,
        log,
        report: c.report.as_ref().map(|r| Cli::ReportLine {
            by: r.by.to_string(),
            at: at(rules, lang, r.at),
            outcome: r.outcome,
            text: r.text.clone(),
        }),
    }
}
