//! The annual report's titles, headings and column names (`toban report`: the text table,
//! the HTML page, the xlsx and CSV sheets); the figures' own labels are [`super::report_label`].
//!
//! Key decision: the files for the board (HTML, xlsx, CSV) are written in Japanese, as the
//! board's report is; the text table follows its reader (`--lang`).

use chrono::NaiveDate;

use super::Message;

/// A text of the annual report, other than a figure's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportDoc {
    /// The report's title.
    Title {
        /// The association's name.
        association: String,
        /// The plan year.
        year: i32,
    },
    /// The title with the plan year's first and last days (the text table's first line).
    TitleWithPeriod {
        /// The association's name.
        association: String,
        /// The plan year.
        year: i32,
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
            ReportDoc::Title { association: "匝瑳医師会".into(), year: 2027 },
            ReportDoc::TitleWithPeriod {
                association: "匝瑳医師会".into(),
                year: 2027,
                from: day(1, 1),
                to: day(12, 31),
            },
            ReportDoc::Period { from: day(1, 1), to: day(12, 31) },
            ReportDoc::FiguresSheet { year: 2027 },
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
            Title { association, year } => format!("{association} {year}年度 事業報告"),
            TitleWithPeriod { association, year, from, to } => {
                format!("{association} {year}年度 事業報告（{from} 〜 {to}）")
            }
            Period { from, to } => format!("{from} 〜 {to}"),
            FiguresSheet { year } => format!("{year}年度 事業報告"),
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
            Title { association, year } => format!("{association}: annual report {year}"),
            TitleWithPeriod { association, year, from, to } => {
                format!("{association}: annual report {year} ({from} to {to})")
            }
            Period { from, to } => format!("{from} to {to}"),
            FiguresSheet { year } => format!("Annual report {year}"),
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
}
