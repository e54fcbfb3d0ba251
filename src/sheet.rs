//! A patient's contact sheet (夜間・休日の連絡先, issue 20): the one page the law expects a
//! clinic promising 24-hour home care to give the household (DESIGN.md §1.3), saying whom to
//! call at night and on holidays, in which order, and what to say.
//!
//! Key decisions:
//! - One self-contained HTML document (CSS inline, no script, no font or image from anywhere)
//!   that prints on one A4 portrait sheet, numbers large enough to read in the dark.
//! - Built from the registry and the rules only: the attending doctor's clinic and number, the
//!   duty system's number (`[association] phone`; without it the nurse station, which reaches
//!   the duty doctor), the patient's visiting-nurse station and registered backup hospital.
//!   It names the patient and their number (the household's own sheet) and nothing clinical.
//! - The words come from the catalogue ([`crate::msg::sheet::SheetMsg`]) in the association's
//!   language. Pure: the caller passes the day printed on it.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::html::escape;
use crate::msg::sheet::SheetMsg;
use crate::msg::{Day, Message};
use crate::routing::Patient;
use crate::rules::{Language, Rules};

/// One place to call: a heading, who, their number, and a line under it.
struct Entry {
    heading: String,
    who: String,
    phone: Option<String>,
    note: Option<String>,
}

/// The contact sheet of `patient`, printed on `today`.
pub fn contact_sheet(rules: &Rules, patient: &Patient, today: NaiveDate) -> String {
    let lang = rules.association.language;
    let t = |m: SheetMsg| m.render(lang);
    let d = &patient.details;
    let association = rules.association.name.clone();
    let mut entries = Vec::new();
    let doctor = rules.doctor(d.attending.as_str());
    let attending = match doctor {
        Some(doc) => {
            t(SheetMsg::AttendingDoctor { clinic: doc.clinic.clone(), name: doc.name.to_string() })
        }
        None => d.attending.to_string(),
    };
    entries.push(Entry {
        heading: t(SheetMsg::Attending),
        who: attending,
        phone: doctor.and_then(|doc| doc.phone.clone()),
        note: None,
    });
    let station = d
        .visit
        .nurse_station
        .as_ref()
        .and_then(|s| rules.nurse_stations.iter().find(|n| &n.id == s));
    match &rules.association.phone {
        Some(phone) => entries.push(Entry {
            heading: t(SheetMsg::Duty),
            who: association.clone(),
            phone: Some(phone.clone()),
            note: Some(t(SheetMsg::DutyNote)),
        }),
        None => {
            // The nurse station raises the call that reaches the duty doctor.
            let via = station.or(rules.nurse_stations.first());
            entries.push(Entry {
                heading: t(SheetMsg::Duty),
                who: via.map_or_else(|| association.clone(), |n| n.name.clone()),
                phone: via.and_then(|n| n.phone.clone()),
                note: Some(t(SheetMsg::DutyThroughStation)),
            });
        }
    }
    // Without the duty system's number, ② already names the patient's station.
    if let Some(n) = station.filter(|_| rules.association.phone.is_some()) {
        entries.push(Entry {
            heading: t(SheetMsg::Station),
            who: n.name.clone(),
            phone: n.phone.clone(),
            note: None,
        });
    }
    if let Some(h) = d.hospital.as_ref().and_then(|h| rules.hospitals.iter().find(|x| &x.id == h)) {
        entries.push(Entry {
            heading: t(SheetMsg::Hospital),
            who: h.name.clone(),
            phone: Some(h.phone.clone()),
            note: Some(t(SheetMsg::HospitalNote)),
        });
    }

    let html_lang = match lang {
        Language::Ja => "ja",
        Language::En => "en",
    };
    let mut out = String::new();
    let title = t(SheetMsg::Title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"for\">{}</p>\n<p class=\"intro\">{}</p>\n",
        escape(&title),
        escape(&title),
        escape(&t(SheetMsg::For { name: d.name.clone() })),
        escape(&t(SheetMsg::Intro { association: association.clone() })),
    );
    for e in &entries {
        let phone = match &e.phone {
            Some(p) => format!(
                "<span class=\"label\">{}</span> <span class=\"tel\">{}</span>",
                escape(&t(SheetMsg::Phone)),
                escape(p)
            ),
            None => format!("<span class=\"none\">{}</span>", escape(&t(SheetMsg::NoPhone))),
        };
        let note = e
            .note
            .as_ref()
            .map(|n| format!("\n<p class=\"note\">{}</p>", escape(n)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<section>\n<h2>{}</h2>\n<p class=\"who\">{}</p>\n<p class=\"phone\">{phone}</p>{note}\n</section>\n",
            escape(&e.heading),
            escape(&e.who),
        );
    }
    let say = t(SheetMsg::SayLines { name: d.name.clone(), id: patient.id });
    let items: String = say.lines().map(|l| format!("<li>{}</li>", escape(l))).collect();
    let _ = write!(
        out,
        "<section class=\"say\">\n<h2>{}</h2>\n<ol>{items}</ol>\n</section>\n",
        escape(&t(SheetMsg::WhatToSay))
    );
    if !d.wishes.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"death\">{}</p>", escape(&t(SheetMsg::DeathAtHome)));
    }
    let _ = write!(
        out,
        "<p class=\"emergency\">{}</p>\n<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        escape(&t(SheetMsg::Emergency)),
        escape(&t(SheetMsg::Made { date: Day(today), association })),
    );
    out
}

/// Print styles: one A4 portrait sheet, large numbers, no colour needed.
const CSS: &str = "
@page { size: A4 portrait; margin: 14mm 16mm; }
* { box-sizing: border-box; }
html { font-family: 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', sans-serif; color: #000; }
body { margin: 0; }
main { max-width: 178mm; margin: 0 auto; }
h1 { font-size: 22pt; margin: 0 0 2mm; border-bottom: 1.2mm solid #000; padding-bottom: 1mm; }
.for { font-size: 16pt; margin: 2mm 0; }
.intro { font-size: 11pt; margin: 0 0 4mm; }
section { border: 0.4mm solid #000; border-radius: 2mm; padding: 2mm 4mm; margin: 0 0 3mm; break-inside: avoid; }
h2 { font-size: 13pt; margin: 0 0 1mm; }
.who { font-size: 13pt; margin: 0; }
.phone { margin: 1mm 0 0; }
.label { font-size: 11pt; }
.tel { font-size: 24pt; font-weight: bold; letter-spacing: 0.05em; }
.none { font-size: 11pt; }
.note { font-size: 10pt; margin: 1mm 0 0; }
.say ol { margin: 0; padding-left: 6mm; font-size: 11pt; line-height: 1.5; }
.death, .emergency { font-size: 11pt; border-left: 1.5mm solid #000; padding: 1mm 3mm; margin: 3mm 0; }
footer { font-size: 9pt; margin-top: 4mm; text-align: right; }
@media screen { body { background: #eee; } main { background: #fff; padding: 14mm 16mm; margin: 5mm auto; width: 210mm; max-width: none; } }
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use crate::routing::{PatientDetails, VisitRecord};

    fn patient(station: Option<&str>, wishes: &str) -> Patient {
        let at = chrono::DateTime::<chrono::Utc>::MIN_UTC;
        Patient {
            id: crate::ids::PatientId::new(12),
            details: PatientDetails {
                name: "山田 <花子>".into(),
                address: "千葉県匝瑳市八日市場イ1".into(),
                area: None,
                attending: "d01".parse().unwrap(),
                hospital: Some("h2".parse().unwrap()),
                diagnosis: "脳梗塞後遺症".into(),
                medications: "アスピリン".into(),
                wishes: wishes.into(),
                consent: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
                visit: VisitRecord {
                    nurse_station: station.map(|s| s.parse().unwrap()),
                    allergies: "ペニシリン".into(),
                    ..Default::default()
                },
                substitute: None,
                rota: None,
            },
            registered_at: at,
            updated_at: at,
            course: Vec::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 9).unwrap()
    }

    #[test]
    fn the_sheet_names_whom_to_call_in_order_and_nothing_clinical() {
        let mut rules = sosa();
        rules.association.phone = Some("0479-00-0990".into());
        let html = contact_sheet(&rules, &patient(Some("ns1"), "DNAR"), today());
        let order = [
            "夜間・休日の連絡先",
            "山田 &lt;花子&gt; 様",
            "① まず主治医へ",
            "青木内科クリニック　青木 一郎 先生",
            "0479-00-1001",
            "② 主治医につながらないとき",
            "0479-00-0990",
            "匝瑳訪問看護ステーション",
            "0479-00-0100",
            "東総記念病院",
            "0479-00-0002",
            "お電話で伝えること",
            "登録番号 12",
            "119番ではなく",
            "ためらわず119番",
            "2027年3月9日(火) 作成",
        ];
        let mut from = 0;
        for s in order {
            let at = html[from..].find(s).unwrap_or_else(|| panic!("{s} after {from} in {html}"));
            from += at + s.len();
        }
        for secret in ["脳梗塞", "アスピリン", "ペニシリン", "八日市場イ1", "DNAR"]
        {
            assert!(!html.contains(secret), "{secret} on the household's sheet");
        }
        assert!(!html.contains("<script") && !html.contains("http"), "self-contained");
        assert!(html.contains("size: A4 portrait"));
    }

    #[test]
    fn without_a_duty_number_the_nurse_station_is_named_and_without_wishes_no_death_note() {
        let rules = sosa();
        assert_eq!(rules.association.phone, None);
        let html = contact_sheet(&rules, &patient(None, ""), today());
        let duty = html.split("② ").nth(1).unwrap();
        assert!(
            duty.contains("匝瑳訪問看護ステーション") && duty.contains("0479-00-0100"),
            "{duty}"
        );
        assert!(duty.contains("当番の医師に連絡します"), "{duty}");
        assert!(!html.contains("119番ではなく"));
        assert!(html.contains("ためらわず119番"), "the emergency line is always there");
    }
}
