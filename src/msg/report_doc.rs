//! The annual report's titles, headings and column names (`toban report`: the text table,
//! the HTML page, the xlsx and CSV sheets); the figures' own labels are [`super::report_label`].
//!
//! Key decision: the files for the board (HTML, xlsx, CSV) are written in Japanese, as the
//! board's report is; the text table follows its reader (`--lang`).

use chrono::NaiveDate;

use super::words::plan_year;
use super::{Lang, Message};

/// A text of the annual report, other than a figure's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportDoc {
    /// The report's title.
    Title {
        /// The association's name.
        association: String,
        /// The plan year.
        year: i32,
        /// Whether it is a fiscal year (年度).
        fiscal: bool,
    },
    /// The title with the plan year's first and last days (the text table's first line).
    TitleWithPeriod {
        /// The association's name.
        association: String,
        /// The plan year.
        year: i32,
        /// Whether it is a fiscal year (年度).
        fiscal: bool,
        /// Its first day.
        from: NaiveDate,
        /// Its last day.
        to: NaiveDate,
    },
    /// The plan year's first and last days, under the title.
    Period {
        /// Its first day.
        from: NaiveDate,
        /// Its last day.
        to: NaiveDate,
    },
    /// The figures sheet's name (an Excel tab: short).
    FiguresSheet {
        /// The plan year.
        year: i32,
        /// Whether it is a fiscal year (年度).
        fiscal: bool,
    },
    /// Heading: the patients and the calls.
    FiguresTitle,
    /// Heading and sheet: each doctor's duties.
    DoctorsTitle,
    /// Heading and sheet: who did each holiday period, year by year.
    RotationTitle,
    /// Column: the figure.
    ColFigure,
    /// Column: its value.
    ColValue,
    /// Column: the doctor (their id in the text table).
    ColDoctor,
    /// Column: the doctor's name.
    ColName,
    /// Column: regular duties.
    ColRegular,
    /// Column: load points.
    ColLoad,
    /// Column: the year's target.
    ColTarget,
    /// Column: the balance carried into the next year.
    ColBalance,
    /// Column: the plan year.
    ColYear,
    /// The doctors of one holiday period, joined.
    Doctors(Vec<String>),
}

impl ReportDoc {
    /// One of every variant.
    pub fn samples() -> Vec<ReportDoc> {
        let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).expect("a date");
        let all = vec![
            ReportDoc::Title { association: "匝瑳医師会".into(), year: 2027, fiscal: false },
            ReportDoc::TitleWithPeriod {
                association: "匝瑳医師会".into(),
                year: 2027,
                fiscal: false,
                from: day(1, 1),
                to: day(12, 31),
            },
            ReportDoc::Period { from: day(1, 1), to: day(12, 31) },
            ReportDoc::FiguresSheet { year: 2027, fiscal: true },
            ReportDoc::FiguresTitle,
            ReportDoc::DoctorsTitle,
            ReportDoc::RotationTitle,
            ReportDoc::ColFigure,
            ReportDoc::ColValue,
            ReportDoc::ColDoctor,
            ReportDoc::ColName,
            ReportDoc::ColRegular,
            ReportDoc::ColLoad,
            ReportDoc::ColTarget,
            ReportDoc::ColBalance,
            ReportDoc::ColYear,
            ReportDoc::Doctors(vec!["青木 一郎".into(), "石川 花子".into()]),
        ];
        for m in &all {
            match m {
                ReportDoc::Title { .. }
                | ReportDoc::TitleWithPeriod { .. }
                | ReportDoc::Period { .. }
                | ReportDoc::FiguresSheet { .. }
                | ReportDoc::FiguresTitle
                | ReportDoc::DoctorsTitle
                | ReportDoc::RotationTitle
                | ReportDoc::ColFigure
                | ReportDoc::ColValue
                | ReportDoc::ColDoctor
                | ReportDoc::ColName
                | ReportDoc::ColRegular
                | ReportDoc::ColLoad
                | ReportDoc::ColTarget
                | ReportDoc::ColBalance
                | ReportDoc::ColYear
                | ReportDoc::Doctors(_) => {}
            }
        }
        all
    }
}

impl Message for ReportDoc {
    fn ja(&self) -> String {
        use ReportDoc::*;
        match self {
            Title { association, year, fiscal } => {
                format!("{association} {} 事業報告", plan_year(*year, *fiscal, Lang::Ja))
            }
            TitleWithPeriod { association, year, fiscal, from, to } => {
                format!(
                    "{association} {} 事業報告（{from} 〜 {to}）",
                    plan_year(*year, *fiscal, Lang::Ja)
                )
            }
            Period { from, to } => format!("{from} 〜 {to}"),
            FiguresSheet { year, fiscal } => {
                format!("{} 事業報告", plan_year(*year, *fiscal, Lang::Ja))
            }
            FiguresTitle => "患者と依頼".into(),
            DoctorsTitle => "医師別の当番".into(),
            RotationTitle => "休日当番の輪番".into(),
            ColFigure => "項目".into(),
            ColValue => "件数".into(),
            ColDoctor => "医師".into(),
            ColName => "氏名".into(),
            ColRegular => "通常".into(),
            ColLoad => "負担点".into(),
            ColTarget => "目標".into(),
            ColBalance => "累積差".into(),
            ColYear => "年度".into(),
            Doctors(names) => super::words::together(names.iter(), super::Lang::Ja),
        }
    }

    fn en(&self) -> String {
        use ReportDoc::*;
        match self {
            Title { association, year, fiscal } => {
                format!("{association}: annual report {}", plan_year(*year, *fiscal, Lang::En))
            }
            TitleWithPeriod { association, year, fiscal, from, to } => {
                format!(
                    "{association}: annual report {} ({from} to {to})",
                    plan_year(*year, *fiscal, Lang::En)
                )
            }
            Period { from, to } => format!("{from} to {to}"),
            FiguresSheet { year, fiscal } => {
                format!("Annual report {}", plan_year(*year, *fiscal, Lang::En))
            }
            FiguresTitle => "Patients and calls".into(),
            DoctorsTitle => "Duties by doctor".into(),
            RotationTitle => "Holiday duties by year".into(),
            ColFigure => "Figure".into(),
            ColValue => "Value".into(),
            ColDoctor => "Doctor".into(),
            ColName => "Name".into(),
            ColRegular => "Regular".into(),
            ColLoad => "Load".into(),
            ColTarget => "Target".into(),
            ColBalance => "Balance".into(),
            ColYear => "Year".into(),
            Doctors(names) => super::words::together(names.iter(), super::Lang::En),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_text_reads_in_both_languages() {
        for m in ReportDoc::samples() {
            match &m {
                // Names are the rules' own (Japanese in the samples): English keeps them.
                ReportDoc::Title { .. }
                | ReportDoc::TitleWithPeriod { .. }
                | ReportDoc::Doctors(_) => assert!(!m.ja().is_empty() && !m.en().is_empty()),
                // Dates and a wave dash: no kana or kanji to check.
                ReportDoc::Period { .. } => {
                    assert!(m.ja().contains('〜') && m.en().contains(" to "))
                }
                _ => super::super::check_both(&m),
            }
        }
        assert_eq!(ReportDoc::Doctors(vec!["A".into(), "B".into()]).en(), "A, B");
    }

    /// 年度 is a year from April: a calendar year's report is 「2027年」, a fiscal one's
    /// 「2027年度」, in the title, the text table and the Excel tab alike.
    #[test]
    fn a_calendar_year_is_not_called_a_fiscal_year() {
        let title =
            |fiscal| ReportDoc::Title { association: "匝瑳医師会".into(), year: 2027, fiscal };
        assert_eq!(title(false).ja(), "匝瑳医師会 2027年 事業報告");
        assert_eq!(title(true).ja(), "匝瑳医師会 2027年度 事業報告");
        assert_eq!(title(true).en(), "匝瑳医師会: annual report FY 2027");
        assert_eq!(ReportDoc::FiguresSheet { year: 2027, fiscal: false }.ja(), "2027年 事業報告");
        let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).expect("a date");
        let with = ReportDoc::TitleWithPeriod {
            association: "匝瑳医師会".into(),
            year: 2027,
            fiscal: false,
            from: day(1, 1),
            to: day(12, 31),
        };
        assert!(with.ja().starts_with("匝瑳医師会 2027年 事業報告（"), "{}", with.ja());
    }
}
