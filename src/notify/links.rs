//! Where the office fixes what an alert reports (issue 18): the web console's pages, by their
//! full addresses, so an alert in the office's chat leads to the page that fixes it instead of
//! naming a command line the clerk does not use.

use chrono::NaiveDate;

use crate::rules::{RotaId, Rules};
use crate::store::Store;

/// The console's addresses for alerts about one rota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// The public base URL (no trailing slash).
    base: String,
    /// `?rota=ID` for a rota other than the association's own, else empty.
    rota: String,
}

impl Links {
    /// The links of `store`'s rota, under the public base URL `serve` gives members.
    pub fn of(store: &dyn Store) -> Links {
        let base = crate::config::public_url(store.data_dir().as_deref());
        Links::at(&base, store.scope())
    }

    /// The links of `rota` under `base`.
    pub fn at(base: &str, rota: &RotaId) -> Links {
        let rota = if rota.is_main() { String::new() } else { format!("?rota={rota}") };
        Links { base: base.trim_end_matches('/').to_string(), rota }
    }

    /// The page of duty `slot` (an id that is its start date), where it is covered or swapped;
    /// the year's page when the id is no date.
    pub fn slot(&self, rules: &Rules, slot: &str) -> String {
        let Ok(day) = NaiveDate::parse_from_str(slot, "%Y-%m-%d") else {
            return format!("{}/admin/year{}", self.base, self.rota);
        };
        let year = plan_year_of(rules, day);
        let id: String = url::form_urlencoded::byte_serialize(slot.as_bytes()).collect();
        format!("{}/admin/year/{year}/slot/{id}{}", self.base, self.rota)
    }

    /// The page that plans and publishes plan year `year`.
    pub fn plan(&self, year: i32) -> String {
        format!("{}/admin/plan/{year}{}", self.base, self.rota)
    }

    /// The invitations page, where a member is sent a new link to the bot.
    pub fn invitations(&self) -> String {
        format!("{}/admin/invitations", self.base)
    }
}

/// The plan year that holds `day`.
fn plan_year_of(rules: &Rules, day: NaiveDate) -> i32 {
    use chrono::Datelike;
    let start = rules.association.plan_year_start.in_year(day.year());
    if day < start { day.year() - 1 } else { day.year() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duty_links_to_its_page_in_its_plan_year_and_rota() {
        let mut rules = crate::plan::testing::sosa();
        let main = Links::at("https://toban.example/", &RotaId::main());
        assert_eq!(
            main.slot(&rules, "2027-03-09"),
            "https://toban.example/admin/year/2027/slot/2027-03-09"
        );
        assert_eq!(main.plan(2027), "https://toban.example/admin/plan/2027");
        rules.association.plan_year_start = crate::rules::MonthDay { month: 4, day: 1 };
        let north = Links::at("https://toban.example", &"north".parse().unwrap());
        assert_eq!(
            north.slot(&rules, "2027-03-09"),
            "https://toban.example/admin/year/2026/slot/2027-03-09?rota=north",
            "March is in the fiscal year that began in April 2026"
        );
    }
}
