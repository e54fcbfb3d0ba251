//! A backup hospital's list of registered patients (issue 20), for the quarterly information
//! exchange between the association and each 後方支援病院: as text, as CSV for Excel, and as one
//! printable A4 page.
//!
//! Key decisions:
//! - Only the patients whose registered backup hospital is that hospital, and only those still
//!   registered (an ended course leaves the list; an admission stays, with its day).
//! - Minimal data, what the exchange needs: number, name, date of birth, district, attending
//!   clinic, main diagnosis, nurse station, consent day and the last event of the course. No
//!   address, medication, family contact or wishes: those go only to whoever accepts a call.
//! - Pure: the caller passes the day printed on it; the words come from
//!   [`crate::msg::hospital::HospMsg`] in the association's language.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::html::escape;
use crate::msg::hospital::HospMsg;
use crate::msg::{Day, Lang, Message};
use crate::routing::Patient;
use crate::rules::{Hospital, Rules};
use crate::sheets::{Cell, Sheet};

/// The patients of `hospital` among `patients`, still registered on `today`, by number.
pub fn patients_of<'p>(hospital: &str, patients: &'p [Patient]) -> Vec<&'p Patient> {
    patients
        .iter()
        .filter(|p| p.details.hospital.as_ref().is_some_and(|h| h.as_str() == hospital))
        .filter(|p| p.ended().is_none())
        .collect()
}

/// One row per patient, in the columns of [`HospMsg::ListColumns`].
pub fn rows(rules: &Rules, patients: &[&Patient], lang: Lang) -> Vec<Vec<String>> {
    let day = |d: NaiveDate| match lang {
        Lang::Ja => Day(d).ja_long(),
        Lang::En => d.to_string(),
    };
    patients
        .iter()
        .map(|p| {
            let d = &p.details;
            let attending = match rules.doctor(d.attending.as_str()) {
                Some(doc) => HospMsg::ClinicDoctor {
                    clinic: doc.clinic.clone(),
                    doctor: doc.name.to_string(),
                }
                .render(lang),
                None => d.attending.to_string(),
            };
            let station = d
                .visit
                .nurse_station
                .as_ref()
                .map(|s| rules.name_of(s.as_str()).to_string())
                .unwrap_or_default();
            let course = p
                .course
                .last()
                .map(|e| {
                    let what = match lang {
                        Lang::Ja => crate::msg::record::event_ja(e.event),
                        Lang::En => crate::msg::record::event_en(e.event),
                    };
                    format!("{what} {}", day(e.date))
                })
                .unwrap_or_default();
            vec![
                p.id.to_string(),
                d.name.clone(),
                d.visit.born.map(day).unwrap_or_default(),
                d.area.clone().unwrap_or_default(),
                attending,
                d.diagnosis.clone(),
                station,
                day(d.consent),
                course,
            ]
        })
        .collect()
}

fn header(lang: Lang) -> Vec<String> {
    HospMsg::ListColumns.render(lang).split('|').map(str::to_string).collect()
}

/// The list as tab-separated text for a terminal: the title, then a header and a row each.
pub fn text(rules: &Rules, hospital: &Hospital, patients: &[&Patient], lang: Lang) -> String {
    let mut out = HospMsg::ListTitle { hospital: hospital.name.clone() }.render(lang);
    out.push('\n');
    out.push_str(&header(lang).join("\t"));
    out.push('\n');
    for r in rows(rules, patients, lang) {
        out.push_str(&r.join("\t"));
        out.push('\n');
    }
    out
}

/// The list as one sheet (CSV with a BOM through [`crate::sheets::csv`]).
pub fn sheet(rules: &Rules, hospital: &Hospital, patients: &[&Patient], lang: Lang) -> Sheet {
    Sheet {
        name: hospital.id.to_string(),
        header: header(lang),
        rows: rows(rules, patients, lang)
            .into_iter()
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect(),
    }
}

/// The list as one self-contained, printable A4 HTML page (landscape: nine columns).
pub fn html(
    rules: &Rules,
    hospital: &Hospital,
    patients: &[&Patient],
    today: NaiveDate,
    lang: Lang,
) -> String {
    let title = HospMsg::ListTitle { hospital: hospital.name.clone() }.render(lang);
    let day = match lang {
        Lang::Ja => Day(today).ja_long(),
        Lang::En => today.to_string(),
    };
    let sub =
        HospMsg::ListFor { association: rules.association.name.clone(), day, n: patients.len() }
            .render(lang);
    let html_lang = if lang == Lang::Ja { "ja" } else { "en" };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n<p class=\"for\">{}</p>\n<table>\n<thead><tr>",
        escape(&sub),
        t = escape(&title),
    );
    for h in header(lang) {
        let _ = write!(out, "<th>{}</th>", escape(&h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows(rules, patients, lang) {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", escape(&c));
        }
        out.push_str("</tr>\n");
    }
    let _ = write!(
        out,
        "</tbody>\n</table>\n<p class=\"note\">{}</p>\n</main>\n</body>\n</html>\n",
        escape(&HospMsg::ListNote.render(lang))
    );
    out
}

const CSS: &str = "
@page { size: A4 landscape; margin: 12mm 12mm; }
html { font-family: 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', sans-serif; color: #000; }
body { margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; border-bottom: 0.8mm solid #000; }
.for { font-size: 10pt; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 0.3mm solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.note { font-size: 8pt; margin-top: 3mm; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use crate::routing::{PatientDetails, VisitRecord};

    fn patient(id: u64, name: &str, hospital: Option<&str>) -> Patient {
        let at = chrono::DateTime::<chrono::Utc>::MIN_UTC;
        let details = PatientDetails {
            name: name.into(),
            address: "千葉県匝瑳市八日市場イ1".into(),
            area: Some("八日市場".into()),
            attending: "d01".parse().unwrap(),
            hospital: hospital.map(|h| h.parse().unwrap()),
            diagnosis: "心不全".into(),
            medications: "アスピリン".into(),
            wishes: "DNAR".into(),
            consent: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            visit: VisitRecord { family_contact: "長女 090".into(), ..Default::default() },
            substitute: None,
            rota: None,
        };
        Patient::new(crate::ids::PatientId::new(id), details, at)
    }

    #[test]
    fn the_list_holds_only_that_hospitals_patients_and_no_address_or_medication() {
        let rules = sosa();
        let all = vec![
            patient(1, "山田 <花子>", Some("h2")),
            patient(2, "佐藤 次郎", Some("h1")),
            patient(3, "鈴木 三郎", None),
        ];
        let mine = patients_of("h2", &all);
        assert_eq!(
            mine.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![crate::ids::PatientId::new(1)]
        );
        let h2 = rules.hospitals.iter().find(|h| h.id.as_str() == "h2").unwrap();
        let today = NaiveDate::from_ymd_opt(2027, 4, 1).unwrap();
        let page = html(&rules, h2, &mine, today, Lang::Ja);
        assert!(page.contains("東総記念病院 登録患者一覧"), "{page}");
        assert!(page.contains("山田 &lt;花子&gt;") && page.contains("心不全"), "{page}");
        assert!(page.contains("size: A4 landscape"));
        for secret in ["八日市場イ1", "アスピリン", "090", "DNAR", "佐藤 次郎"] {
            assert!(!page.contains(secret), "{secret} on the list");
        }
        let t = text(&rules, h2, &mine, Lang::Ja);
        assert_eq!(t.lines().count(), 3, "{t}");
    }
}
