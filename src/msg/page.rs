//! The texts of the printable rota page (`toban rota page`, `GET /rota/<token>`): its title,
//! the line under it, the month grids' marks, the legend and the fairness chart, and the
//! links between the rotas of an association that has several (issue 20).
//!
//! Key decision: the page is published for the wall and the board, so it is written in the
//! association's language; a reader who asks (`?lang=en`) gets it in theirs. Names (the
//! association's, the rotas', the doctors', the holiday periods') are the rules' own.

use chrono::{NaiveDate, NaiveTime};

use super::Message;
use super::web_year::YearMsg;

/// Whether the rota on the page is published or a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Published: what the doctors see.
    Published,
    /// A draft nobody sees yet.
    Draft,
}

/// A text of the printable rota page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageText {
    /// The document's title (the browser's tab, the printed file's name).
    Title {
        /// The association's name.
        association: String,
        /// Another rota's name; `None` for the association's own rota.
        rota: Option<String>,
        /// The plan year.
        year: i32,
        /// A plan year that does not start in January (年度).
        fiscal: bool,
    },
    /// The page's heading, as [`PageText::Title`].
    Heading {
        /// The association's name.
        association: String,
        /// Another rota's name; `None` for the association's own rota.
        rota: Option<String>,
        /// The plan year.
        year: i32,
        /// A fiscal year.
        fiscal: bool,
    },
    /// The line beside the heading: published or draft, as of when, the weekly handover.
    Meta {
        /// Published or draft.
        status: Status,
        /// The date the page was made.
        as_of: NaiveDate,
        /// The handover's weekday, 0 = Sunday.
        weekday: u32,
        /// The handover's time.
        at: NaiveTime,
    },
    /// A month's heading.
    Month {
        /// Its year.
        year: i32,
        /// Its month, 1 to 12.
        month: u32,
    },
    /// A weekday's short name, 0 = Sunday.
    Weekday(u32),
    /// The mark after a public holiday's date.
    HolidayMark,
    /// The mark after the date of a day a colleague covers (issue 20).
    CoverMark,
    /// A covered day's tooltip.
    PartCover,
    /// The legend's heading.
    LegendTitle,
    /// One doctor in the legend: name, clinic, regular and holiday-period duties.
    LegendDoctor {
        /// The doctor's name.
        name: String,
        /// Their clinic.
        clinic: String,
        /// Regular duties.
        regular: u32,
        /// Holiday-period duties.
        holiday: u32,
    },
    /// The key's heading.
    KeysTitle,
    /// Key: a holiday period's duty (striped), naming the periods.
    KeyHolidayPeriod {
        /// The periods' names.
        periods: Vec<String>,
    },
    /// Key: a public holiday (in red).
    KeyPublicHoliday,
    /// Key: a handover day (with the doctor's name).
    KeyHandover,
    /// The fairness chart's heading.
    ChartTitle,
    /// The fairness chart's name (for screen readers).
    ChartLabel,
    /// A doctor's balance carried in from earlier years, after their figures.
    Carried(i64),
    /// What the chart shows, and the plan's fairness.
    ChartNote {
        /// Points of a regular week.
        regular: u32,
        /// Points of a holiday-period duty.
        holiday: u32,
        /// Points added per public holiday.
        per_holiday: u32,
        /// Most minus least load.
        range: i64,
        /// The least spread possible.
        bound: i64,
    },
    /// The name of the links to each rota's page (issue 20).
    RotasNav,
}

fn year_ja(year: i32, fiscal: bool) -> String {
    super::words::plan_year(year, fiscal, super::Lang::Ja)
}

fn year_en(year: i32, fiscal: bool) -> String {
    super::words::plan_year(year, fiscal, super::Lang::En)
}

const WEEKDAYS_EN: [&str; 7] =
    ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"];

impl PageText {
    /// One of every variant.
    pub fn samples() -> Vec<PageText> {
        let date = NaiveDate::from_ymd_opt(2027, 1, 2).expect("a date");
        let at = NaiveTime::from_hms_opt(9, 0, 0).expect("a time");
        let all = vec![
            PageText::Title {
                association: "匝瑳医師会".into(),
                rota: None,
                year: 2027,
                fiscal: false,
            },
            PageText::Title {
                association: "匝瑳医師会".into(),
                rota: Some("北部グループ夜間当番".into()),
                year: 2027,
                fiscal: true,
            },
            PageText::Heading {
                association: "匝瑳医師会".into(),
                rota: None,
                year: 2027,
                fiscal: false,
            },
            PageText::Meta { status: Status::Published, as_of: date, weekday: 2, at },
            PageText::Meta { status: Status::Draft, as_of: date, weekday: 4, at },
            PageText::Month { year: 2027, month: 1 },
            PageText::Weekday(0),
            PageText::HolidayMark,
            PageText::CoverMark,
            PageText::PartCover,
            PageText::LegendTitle,
            PageText::LegendDoctor {
                name: "青木 一郎".into(),
                clinic: "青木内科".into(),
                regular: 4,
                holiday: 1,
            },
            PageText::KeysTitle,
            PageText::KeyHolidayPeriod { periods: vec!["年末年始".into(), "GW".into()] },
            PageText::KeyPublicHoliday,
            PageText::KeyHandover,
            PageText::ChartTitle,
            PageText::ChartLabel,
            PageText::Carried(3),
            PageText::ChartNote { regular: 2, holiday: 4, per_holiday: 1, range: 2, bound: 1 },
            PageText::RotasNav,
        ];
        for m in &all {
            match m {
                PageText::Title { .. }
                | PageText::Heading { .. }
                | PageText::Meta { .. }
                | PageText::Month { .. }
                | PageText::Weekday(_)
                | PageText::HolidayMark
                | PageText::CoverMark
                | PageText::PartCover
                | PageText::LegendTitle
                | PageText::LegendDoctor { .. }
                | PageText::KeysTitle
                | PageText::KeyHolidayPeriod { .. }
                | PageText::KeyPublicHoliday
                | PageText::KeyHandover
                | PageText::ChartTitle
                | PageText::ChartLabel
                | PageText::Carried(_)
                | PageText::ChartNote { .. }
                | PageText::RotasNav => {}
            }
        }
        all
    }
}

impl Message for PageText {
    fn ja(&self) -> String {
        use PageText::*;
        match self {
            Title { association, rota, year, fiscal } => {
                let rota = rota.as_deref().unwrap_or("当番表");
                format!("{association} {rota} {}", year_ja(*year, *fiscal))
            }
            Heading { association, rota, year, fiscal } => {
                let rota = rota.as_deref().unwrap_or("在宅当番表");
                format!("{association} {rota} {}", year_ja(*year, *fiscal))
            }
            Meta { status, as_of, weekday, at } => format!(
                "{} ・ {}現在 ・ 交代は毎週{} {}",
                match status {
                    Status::Published => "公開",
                    Status::Draft => "下書き",
                },
                as_of.format("%Y-%m-%d"),
                YearMsg::Weekday(*weekday).ja(),
                at.format("%H:%M")
            ),
            Month { year, month } => YearMsg::Month { year: *year, month: *month }.ja(),
            Weekday(d) => YearMsg::Weekday(*d).ja(),
            HolidayMark => "祝".into(),
            CoverMark => "代".into(),
            PartCover => "一部代行".into(),
            LegendTitle => "担当医（通常 / 休日期間）".into(),
            LegendDoctor { name, clinic, regular, holiday } => {
                format!("{name}（{clinic}）{regular} / {holiday}")
            }
            KeysTitle => "記号".into(),
            KeyHolidayPeriod { periods } => format!(
                "休日期間の当番（{}）",
                super::words::together(periods.iter(), super::Lang::Ja)
            ),
            KeyPublicHoliday => "祝日（赤字）".into(),
            KeyHandover => "交代日（担当医名）".into(),
            ChartTitle => "公平性（負担点＋繰越と目標）".into(),
            ChartLabel => "各医師の負担と目標".into(),
            Carried(b) => format!("（繰越{b:+}）"),
            ChartNote { regular, holiday, per_holiday, range, bound } => format!(
                "棒＝今年の負担点と前年までの繰越の合計（通常1週{regular}点・休日期間{holiday}点・祝日1日につき+{per_holiday}点）、縦線＝目標。公平性の幅 {range} 点（理論上の下限 {bound} 点）。"
            ),
            RotasNav => "当番表:".into(),
        }
    }

    fn en(&self) -> String {
        use PageText::*;
        match self {
            Title { association, rota, year, fiscal }
            | Heading { association, rota, year, fiscal } => {
                let rota = rota.as_deref().unwrap_or("duty rota");
                format!("{association}: {rota} {}", year_en(*year, *fiscal))
            }
            Meta { status, as_of, weekday, at } => format!(
                "{} · as of {} · handover {} {}",
                match status {
                    Status::Published => "Published",
                    Status::Draft => "Draft",
                },
                as_of.format("%Y-%m-%d"),
                WEEKDAYS_EN[*weekday as usize % 7],
                at.format("%H:%M")
            ),
            Month { year, month } => YearMsg::Month { year: *year, month: *month }.en(),
            Weekday(d) => YearMsg::Weekday(*d).en(),
            HolidayMark => "H".into(),
            CoverMark => "C".into(),
            PartCover => "partly covered by a colleague".into(),
            LegendTitle => "Doctors (regular / holiday-period duties)".into(),
            LegendDoctor { name, clinic, regular, holiday } => {
                format!("{name} ({clinic}) {regular} / {holiday}")
            }
            KeysTitle => "Key".into(),
            KeyHolidayPeriod { periods } => {
                format!(
                    "Holiday-period duty ({})",
                    super::words::together(periods.iter(), super::Lang::En)
                )
            }
            KeyPublicHoliday => "Public holiday (date in red, H)".into(),
            KeyHandover => "Handover day (with the doctor's name)".into(),
            ChartTitle => "Fairness (load plus carried-in balance, and target)".into(),
            ChartLabel => "Each doctor's load and target".into(),
            Carried(b) => format!(" (carried in {b:+})"),
            ChartNote { regular, holiday, per_holiday, range, bound } => format!(
                "Bar: this year's load points plus the balance carried in from earlier years ({regular} points a regular week, {holiday} a holiday-period duty, +{per_holiday} per public holiday); line: the target. Fairness range {range} points (lower bound {bound})."
            ),
            RotasNav => "Rotas:".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_text_reads_in_both_languages() {
        for m in PageText::samples() {
            match &m {
                // Names are the rules' own (Japanese in the samples): English keeps them.
                PageText::Title { .. }
                | PageText::Heading { .. }
                | PageText::LegendDoctor { .. }
                | PageText::KeyHolidayPeriod { .. } => {
                    assert!(!m.ja().is_empty() && !m.en().is_empty())
                }
                _ => super::super::check_both(&m),
            }
        }
    }

    #[test]
    fn the_japanese_page_reads_as_it_always_has() {
        let date = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
        let at = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let meta = PageText::Meta { status: Status::Published, as_of: date, weekday: 2, at };
        assert_eq!(meta.ja(), "公開 ・ 2027-01-02現在 ・ 交代は毎週火 09:00");
        assert_eq!(meta.en(), "Published · as of 2027-01-02 · handover Tuesdays 09:00");
        let title = |rota: Option<&str>, fiscal| PageText::Title {
            association: "匝瑳医師会".into(),
            rota: rota.map(String::from),
            year: 2027,
            fiscal,
        };
        assert_eq!(title(None, false).ja(), "匝瑳医師会 当番表 2027年");
        assert_eq!(title(Some("北部"), true).ja(), "匝瑳医師会 北部 2027年度");
        assert_eq!(title(None, true).en(), "匝瑳医師会: duty rota FY 2027");
        assert_eq!(PageText::Carried(-2).ja(), "（繰越-2）");
    }
}
