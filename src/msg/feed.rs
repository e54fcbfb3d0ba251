//! The texts of the calendar feeds (`.ics`): the calendar's name and each duty's title, as a
//! doctor's phone shows them, in the association's language.
//!
//! Key decision: a feed is read by many devices and cached by their calendar apps, so it has
//! one language, the association's, not a reader's; names are the association's own.

use super::Message;

/// A text of a calendar feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedText {
    /// The calendar of one doctor's duties.
    DoctorCalendar {
        /// The doctor's name.
        doctor: String,
    },
    /// The calendar of the whole rota.
    RotaCalendar {
        /// The association's name.
        association: String,
    },
    /// A duty's title, with its holiday period's name if it is in one.
    Duty {
        /// The holiday period's name (年末年始), if any.
        period: Option<String>,
    },
}

impl FeedText {
    /// One of every variant.
    pub fn samples() -> Vec<FeedText> {
        let all = vec![
            FeedText::DoctorCalendar { doctor: "青木 一郎".into() },
            FeedText::RotaCalendar { association: "匝瑳医師会".into() },
            FeedText::Duty { period: Some("年末年始".into()) },
            FeedText::Duty { period: None },
        ];
        for m in &all {
            match m {
                FeedText::DoctorCalendar { .. }
                | FeedText::RotaCalendar { .. }
                | FeedText::Duty { .. } => {}
            }
        }
        all
    }
}

impl Message for FeedText {
    fn ja(&self) -> String {
        match self {
            FeedText::DoctorCalendar { doctor } => format!("在宅当番 {doctor}"),
            FeedText::RotaCalendar { association } => format!("在宅当番表 {association}"),
            FeedText::Duty { period: Some(p) } => format!("在宅当番（{p}）"),
            FeedText::Duty { period: None } => "在宅当番".to_string(),
        }
    }

    fn en(&self) -> String {
        match self {
            FeedText::DoctorCalendar { doctor } => format!("Home-care duty: {doctor}"),
            FeedText::RotaCalendar { association } => format!("Duty rota: {association}"),
            FeedText::Duty { period: Some(p) } => format!("Home-care duty ({p})"),
            FeedText::Duty { period: None } => "Home-care duty".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feed_text_reads_in_both_languages() {
        for m in FeedText::samples() {
            match &m {
                // The samples' names are Japanese: English keeps them as they are.
                FeedText::Duty { period: None } => super::super::check_both(&m),
                _ => assert!(!m.ja().is_empty() && !m.en().is_empty()),
            }
        }
        let m = FeedText::Duty { period: Some("New Year".into()) };
        assert_eq!(
            (m.ja(), m.en()),
            ("在宅当番（New Year）".into(), "Home-care duty (New Year)".into())
        );
    }
}
