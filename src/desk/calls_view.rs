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

/// A member for the reader, as every line of a call, the lists and the banner write one: the
/// name first, as the reader's language would say it, then the id once in brackets, so a
/// clerk can type it into a command: 「青木 一郎先生（d01）」, 「東総記念病院（h2）」, "Dr 青木
/// 一郎 (d01)". An id the rules no longer know (a member removed since) stays as it is.
pub fn id_and_name(rules: &Rules, lang: Lang, id: &str) -> String {
    let Some(member) = rules.member(id) else {
        return id.to_string();
    };
    let doctor = member.role == crate::rules::MemberRole::Doctor;
    let name = match lang {
        Lang::En if doctor => format!("Dr {}", member.name),
        Lang::Ja if doctor => crate::msg::Doctor(member.name.to_string()).ja(),
        _ => member.name.to_string(),
    };
    crate::msg::words::aside(&name, id, lang)
}

/// Members for the reader ([`id_and_name`]), in a list: 「、」 in Japanese, ", " in English.
pub fn names<'a>(rules: &Rules, lang: Lang, ids: impl IntoIterator<Item = &'a str>) -> String {
    crate::msg::words::list(ids.into_iter().map(|m| id_and_name(rules, lang, m)), lang)
}

/// The columns of the call list.
pub const LIST_COLUMNS: [Col; 7] =
    [Col::Call, Col::Raised, Col::Patient, Col::Caller, Col::Status, Col::With, Col::Until];

/// One call's cells under [`LIST_COLUMNS`]; the patient by name and number when `patient`
/// gives the name (the office's list), else by number.
pub fn list_row(rules: &Rules, c: &Call, lang: Lang, patient: Option<&str>) -> Vec<String> {
    let (with, until) = match &c.state {
        CallState::Waiting { step, deadline, .. } => (
            names(rules, lang, c.chain[*step].members.iter().map(|m| m.as_str())),
            at(rules, lang, *deadline),
        ),
        CallState::Accepted { by, .. } => (id_and_name(rules, lang, by.as_str()), String::new()),
        _ => (String::new(), String::new()),
    };
    vec![
        c.id.to_string(),
        at(rules, lang, c.raised_at),
        match patient {
            Some(name) => Cli::PatientNamed { name: name.to_string(), id: c.patient }.render(lang),
            None => c.patient.to_string(),
        },
        id_and_name(rules, lang, c.caller.as_str()),
        // An accepted call whose report is in is done: 「報告済み」, not still 「受諾」.
        Cli::CallStatus(if c.report.is_some() { "reported" } else { c.state.as_str() })
            .render(lang),
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
            let who = names(rules, lang, s.members.iter().map(|m| m.as_str()));
            Cli::NowAsking { step: s.kind, who, until: at(rules, lang, *deadline) }
        }
        CallState::Accepted { by, .. } => Cli::AcceptedBy(id_and_name(rules, lang, by.as_str())),
        CallState::Exhausted { .. } => Cli::NobodyAccepted,
        CallState::Cancelled { by, .. } => Cli::CancelledBy(id_and_name(rules, lang, by.as_str())),
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
            members: s.members.iter().map(|m| id_and_name(rules, lang, m.as_str())).collect(),
            left: s
                .left_out
                .iter()
                .map(|(m, why)| {
                    let who = id_and_name(rules, lang, m.as_str());
                    Cli::LeftOutWhy { who, why: *why }.render(lang)
                })
                .collect(),
        })
        .collect();
    let log = c
        .log
        .iter()
        .map(|e| {
            let (step, members) = match &e.what {
                Logged::Asked { step } => (
                    Some(c.chain[*step].kind),
                    names(rules, lang, c.chain[*step].members.iter().map(|m| m.as_str())),
                ),
                _ => (None, String::new()),
            };
            let who = match &e.what {
                Logged::Declined { by }
                | Logged::Acknowledged { by }
                | Logged::Unacknowledged { by }
                | Logged::Accepted { by }
                | Logged::Reported { by }
                | Logged::Cancelled { by } => id_and_name(rules, lang, by.as_str()),
                Logged::Followup { from, .. } => id_and_name(rules, lang, from.as_str()),
                _ => String::new(),
            };
            Cli::Log { at: at(rules, lang, e.at), what: e.what.clone(), step, members, who }
        })
        .collect();
    CallView {
        header: Cli::CallHeader {
            call: c.id,
            patient: c.patient,
            caller: id_and_name(rules, lang, c.caller.as_str()),
            raised: at(rules, lang, c.raised_at),
        },
        note: Cli::NoteLine(c.note.clone()),
        status: status(rules, c, lang),
        chain,
        log,
        report: c.report.as_ref().map(|r| Cli::ReportLine {
            by: id_and_name(rules, lang, r.by.as_str()),
            at: at(rules, lang, r.at),
            outcome: r.outcome,
            text: r.text.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;

    #[test]
    fn a_member_is_named_as_the_reader_says_it_with_the_id_once_in_brackets() {
        let rules = sosa();
        let cases = [
            ("d01", Lang::Ja, "青木 一郎先生（d01）"),
            ("d01", Lang::En, "Dr 青木 一郎 (d01)"),
            ("h2", Lang::Ja, "東総記念病院（h2）"),
            ("h2", Lang::En, "東総記念病院 (h2)"),
            ("ns1", Lang::Ja, "匝瑳訪問看護ステーション（ns1）"),
            ("office", Lang::Ja, "匝瑳医師会 事務局（office）"),
            ("gone", Lang::Ja, "gone"),
        ];
        for (id, lang, want) in cases {
            assert_eq!(id_and_name(&rules, lang, id), want, "{id} in {lang:?}");
        }
        assert_eq!(
            names(&rules, Lang::Ja, ["d01", "h1"]),
            "青木 一郎先生（d01）、国保匝瑳中央病院（h1）"
        );
        assert_eq!(
            names(&rules, Lang::En, ["d01", "h1"]),
            "Dr 青木 一郎 (d01), 国保匝瑳中央病院 (h1)"
        );
    }
}
