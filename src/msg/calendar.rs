//! What is wrong in a holiday calendar file (`calendars/*.ics`), typed: `toban check` and every
//! command that reads the calendars say it in the reader's language.

use super::Message;

/// Why an `RRULE` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RruleWhy {
    /// A part without `=`.
    NoEquals(String),
    /// `COUNT` is not a number.
    Count(String),
    /// `UNTIL` is not a date.
    Until(String),
    /// A part other than FREQ, COUNT and UNTIL.
    Unsupported(String),
    /// Not `FREQ=YEARLY`.
    NotYearly,
}

/// What is wrong in a calendar file (the file and line are the error's).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum IcsMsg {
    /// No `BEGIN:VCALENDAR`.
    NoCalendar,
    /// The parser refused the file (`detail`: its text).
    NotICalendar { detail: String },
    /// Text after the calendar (`detail`: the parser's text).
    TrailingText { detail: String },
    /// An event without a name.
    NoSummary,
    /// An event without a start.
    NoStart { name: String },
    /// A start that is not a whole day.
    StartNotDay { name: String, raw: String },
    /// An end that is not a whole day.
    EndNotDay { name: String, raw: String },
    /// An end not 1 to 366 days after the start.
    EndRange { name: String },
    /// An `X-TOBAN-ACTION` other than ADD or REMOVE.
    UnknownAction { name: String, action: String },
    /// A recurrence toban does not support.
    Rrule { name: String, why: RruleWhy },
}

impl RruleWhy {
    fn ja(&self) -> String {
        match self {
            RruleWhy::NoEquals(p) => format!("RRULE の「{p}」に「=」がありません。"),
            RruleWhy::Count(v) => format!("RRULE の COUNT「{v}」が数ではありません。"),
            RruleWhy::Until(v) => format!("RRULE の UNTIL「{v}」が日付ではありません。"),
            RruleWhy::Unsupported(p) => format!(
                "RRULE の {p} には対応していません。FREQ=YEARLY と COUNT か UNTIL だけが使えます。"
            ),
            RruleWhy::NotYearly => {
                "祝日の繰り返しは RRULE:FREQ=YEARLY（毎年）だけが使えます。".into()
            }
        }
    }
    fn en(&self) -> String {
        match self {
            RruleWhy::NoEquals(p) => format!("RRULE part '{p}' has no '='"),
            RruleWhy::Count(v) => format!("RRULE COUNT '{v}' is not a number"),
            RruleWhy::Until(v) => format!("RRULE UNTIL '{v}' is not a date"),
            RruleWhy::Unsupported(p) => {
                format!("RRULE part {p} is not supported; only FREQ=YEARLY with COUNT or UNTIL is")
            }
            RruleWhy::NotYearly => "only RRULE:FREQ=YEARLY is supported for holidays".into(),
        }
    }
}

impl Message for IcsMsg {
    fn ja(&self) -> String {
        match self {
            IcsMsg::NoCalendar => {
                "カレンダーが見つかりません。ファイルは BEGIN:VCALENDAR で始めてください。".into()
            }
            IcsMsg::NotICalendar { detail } => format!(
                "iCalendar のファイルとして読めません（読み込みの説明: `{detail}`）。BEGIN・END の行と、各行の書き方を確かめてください。"
            ),
            IcsMsg::TrailingText { detail } => format!(
                "カレンダーの後ろに、iCalendar として読めない文字があります（読み込みの説明: `{detail}`）。"
            ),
            IcsMsg::NoSummary => {
                "予定に SUMMARY（祝日の名前）がありません。名前を書いてください。".into()
            }
            IcsMsg::NoStart { name } => format!("予定「{name}」に DTSTART（開始日）がありません。"),
            IcsMsg::StartNotDay { name, raw } => format!(
                "予定「{name}」の DTSTART「{raw}」が終日の日付ではありません。DTSTART;VALUE=DATE:YYYYMMDD と書いてください。"
            ),
            IcsMsg::EndNotDay { name, raw } => format!(
                "予定「{name}」の DTEND「{raw}」が終日の日付ではありません。DTEND;VALUE=DATE:YYYYMMDD（最終日の翌日）と書いてください。"
            ),
            IcsMsg::EndRange { name } => format!(
                "予定「{name}」の DTEND は、DTSTART の1〜366日後にしてください（最終日の翌日を書きます）。"
            ),
            IcsMsg::UnknownAction { name, action } => format!(
                "予定「{name}」の X-TOBAN-ACTION「{action}」は使えません。ADD（追加）か REMOVE（取り消し）と書いてください。"
            ),
            IcsMsg::Rrule { name, why } => format!("予定「{name}」: {}", why.ja()),
        }
    }
    fn en(&self) -> String {
        match self {
            IcsMsg::NoCalendar => {
                "no VCALENDAR found: the file must start with BEGIN:VCALENDAR".into()
            }
            IcsMsg::NotICalendar { detail } => format!(
                "not a valid iCalendar file ({detail}); check BEGIN/END lines and property syntax"
            ),
            IcsMsg::TrailingText { detail } => {
                format!("text after the calendar is not valid iCalendar ({detail})")
            }
            IcsMsg::NoSummary => "the event has no SUMMARY: give each holiday a name".into(),
            IcsMsg::NoStart { name } => format!("event '{name}' has no DTSTART"),
            IcsMsg::StartNotDay { name, raw } => format!(
                "event '{name}': DTSTART '{raw}' is not a whole day; write DTSTART;VALUE=DATE:YYYYMMDD"
            ),
            IcsMsg::EndNotDay { name, raw } => format!(
                "event '{name}': DTEND '{raw}' is not a whole day; write DTEND;VALUE=DATE:YYYYMMDD (the day after the last)"
            ),
            IcsMsg::EndRange { name } => format!(
                "event '{name}': DTEND must be 1 to 366 days after DTSTART (it is the day after the last day)"
            ),
            IcsMsg::UnknownAction { name, action } => {
                format!("event '{name}': X-TOBAN-ACTION '{action}' is unknown; use ADD or REMOVE")
            }
            IcsMsg::Rrule { name, why } => format!("event '{name}': {}", why.en()),
        }
    }
}

impl Message for crate::calendar::IcsError {
    fn ja(&self) -> String {
        match self.line {
            0 => format!("{}: {}", self.file, self.message.ja()),
            n => format!("{} {n}行目: {}", self.file, self.message.ja()),
        }
    }
    fn en(&self) -> String {
        format!("{}:{}: {}", self.file, self.line, self.message.en())
    }
}

/// One of every variant (the `match` keeps the list complete).
pub fn samples() -> Vec<IcsMsg> {
    let name = || "Obon".to_string();
    let mut all = vec![
        IcsMsg::NoCalendar,
        IcsMsg::NotICalendar { detail: "x".into() },
        IcsMsg::TrailingText { detail: "x".into() },
        IcsMsg::NoSummary,
        IcsMsg::NoStart { name: name() },
        IcsMsg::StartNotDay { name: name(), raw: "20270813T090000".into() },
        IcsMsg::EndNotDay { name: name(), raw: "x".into() },
        IcsMsg::EndRange { name: name() },
        IcsMsg::UnknownAction { name: name(), action: "MOVE".into() },
    ];
    for why in [
        RruleWhy::NoEquals("x".into()),
        RruleWhy::Count("x".into()),
        RruleWhy::Until("x".into()),
        RruleWhy::Unsupported("BYDAY".into()),
        RruleWhy::NotYearly,
    ] {
        match &why {
            RruleWhy::NoEquals(_)
            | RruleWhy::Count(_)
            | RruleWhy::Until(_)
            | RruleWhy::Unsupported(_)
            | RruleWhy::NotYearly => {}
        }
        all.push(IcsMsg::Rrule { name: name(), why });
    }
    for m in &all {
        match m {
            IcsMsg::NoCalendar
            | IcsMsg::NotICalendar { .. }
            | IcsMsg::TrailingText { .. }
            | IcsMsg::NoSummary
            | IcsMsg::NoStart { .. }
            | IcsMsg::StartNotDay { .. }
            | IcsMsg::EndNotDay { .. }
            | IcsMsg::EndRange { .. }
            | IcsMsg::UnknownAction { .. }
            | IcsMsg::Rrule { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_calendar_message_reads_in_both_languages() {
        for m in super::samples() {
            crate::msg::check_both(&m);
        }
    }
}
