//! Dates and times as people write them: 「3月9日(火) 9:00」, "Tue 9 Mar 09:00".

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Weekday};
use chrono_tz::Tz;

use super::Lang;

/// An instant in the association's zone, as a message argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When(pub DateTime<Tz>);

/// A calendar day, as a message argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Day(pub NaiveDate);

fn ja_weekday(w: Weekday) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][w.num_days_from_monday() as usize]
}

impl When {
    /// 「3月9日(火) 9:00」.
    pub fn ja(&self) -> String {
        let t = self.0;
        format!(
            "{}月{}日({}) {}:{:02}",
            t.month(),
            t.day(),
            ja_weekday(t.weekday()),
            t.hour(),
            t.minute()
        )
    }
    /// "Tue 9 Mar 09:00".
    pub fn en(&self) -> String {
        self.0.format("%a %-d %b %H:%M").to_string()
    }
    /// 「9:00」 (the time alone, for a deadline the same day).
    pub fn ja_time(&self) -> String {
        format!("{}:{:02}", self.0.hour(), self.0.minute())
    }
    /// "09:00".
    pub fn en_time(&self) -> String {
        self.0.format("%H:%M").to_string()
    }
    /// For a table or a listing, as [`Day::human`] with the time: 「3月9日(火) 9:00」,
    /// 「2026年12月29日(火) 9:00」, "Tue 29 Dec 2026 09:00".
    pub fn human(&self, lang: Lang, year: Option<i32>) -> String {
        let day = Day(self.0.date_naive()).human(lang, year);
        match lang {
            Lang::Ja => format!("{day} {}", self.ja_time()),
            Lang::En => format!("{day} {}", self.en_time()),
        }
    }
}

impl Day {
    /// 「3月9日(火)」.
    pub fn ja(&self) -> String {
        let d = self.0;
        format!("{}月{}日({})", d.month(), d.day(), ja_weekday(d.weekday()))
    }
    /// "Tue 9 Mar".
    pub fn en(&self) -> String {
        self.0.format("%a %-d %b").to_string()
    }
    /// 「2027年3月9日(火)」: with the year, for a date that may lie in another year (a
    /// patient's course, a consent).
    pub fn ja_long(&self) -> String {
        format!("{}年{}", self.0.year(), self.ja())
    }
    /// "Tue 9 Mar 2027".
    pub fn en_long(&self) -> String {
        self.0.format("%a %-d %b %Y").to_string()
    }
    /// For a table or a listing: 「3月9日(火)」 when the date lies in `year` (the year the
    /// reader has in mind, e.g. the rota's), else 「2027年3月9日(火)」 (`None`: always with the
    /// year); English always "Tue 9 Mar 2027". Machines read `--format json`/`csv`, which
    /// keep ISO dates.
    pub fn human(&self, lang: Lang, year: Option<i32>) -> String {
        match lang {
            Lang::Ja if year == Some(self.0.year()) => self.ja(),
            Lang::Ja => self.ja_long(),
            Lang::En => self.en_long(),
        }
    }

    /// The days from `from` to `to` in a sentence: one day once (「3月10日(水)」, "Wed 10
    /// Mar"), more as a range (「3月10日(水)〜3月11日(木)」, "Wed 10 Mar to Thu 11 Mar").
    pub fn span(from: Day, to: Day, lang: Lang) -> String {
        match (lang, from == to) {
            (Lang::Ja, true) => from.ja(),
            (Lang::En, true) => from.en(),
            (Lang::Ja, false) => format!("{}〜{}", from.ja(), to.ja()),
            (Lang::En, false) => format!("{} to {}", from.en(), to.en()),
        }
    }
}

/// What a console page says of a date it cannot read, every page alike: "\"10/04/2027\" is
/// not a date: write it as YYYY-MM-DD, e.g. 2027-04-10."
pub(super) fn not_a_date_en(typed: &str) -> String {
    format!("\"{typed}\" is not a date: write it as YYYY-MM-DD, e.g. 2027-04-10.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_as_people_write_them() {
        let t = chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 9, 9, 0, 0).unwrap();
        assert_eq!(When(t).ja(), "3月9日(火) 9:00");
        assert_eq!(When(t).en(), "Tue 9 Mar 09:00");
        assert_eq!(When(t).ja_time(), "9:00");
        assert_eq!(Day(t.date_naive()).ja(), "3月9日(火)");
        assert_eq!(Day(t.date_naive()).en(), "Tue 9 Mar");
        assert_eq!(Day(t.date_naive()).ja_long(), "2027年3月9日(火)");
        assert_eq!(Day(t.date_naive()).en_long(), "Tue 9 Mar 2027");
    }

    #[test]
    fn table_dates_carry_the_year_where_it_matters() {
        let t = chrono_tz::Asia::Tokyo.with_ymd_and_hms(2026, 12, 29, 9, 0, 0).unwrap();
        let d = Day(t.date_naive());
        assert_eq!(d.human(Lang::Ja, Some(2026)), "12月29日(火)");
        assert_eq!(d.human(Lang::Ja, Some(2027)), "2026年12月29日(火)");
        assert_eq!(d.human(Lang::Ja, None), "2026年12月29日(火)");
        assert_eq!(d.human(Lang::En, Some(2026)), "Tue 29 Dec 2026");
        assert_eq!(When(t).human(Lang::Ja, Some(2026)), "12月29日(火) 9:00");
        assert_eq!(When(t).human(Lang::En, None), "Tue 29 Dec 2026 09:00");
    }

    // See: issue 18 (English review 31): each page said a bad date its own way ("Type it
    // like 2027-03-09.", "Please enter the date as 2027-03-09.", …).
    #[test]
    fn every_console_page_says_a_bad_date_alike() {
        use super::super::Message;
        let want = "\"10/04/2027\" is not a date: write it as YYYY-MM-DD, e.g. 2027-04-10.";
        let typed = || "10/04/2027".to_string();
        let texts = [
            super::super::web_members::WebMembers::BadDate { typed: typed() }.en(),
            super::super::web_me::MeMsg::BadDate { typed: typed() }.en(),
            super::super::web_records::RecordsMsg::BadDate { typed: typed() }.en(),
            super::super::web_year::YearMsg::BadDate { text: typed() }.en(),
            super::super::web_live::LiveMsg::CoverBadDate { typed: typed() }.en(),
        ];
        for text in texts {
            assert_eq!(text, want);
        }
    }
}
