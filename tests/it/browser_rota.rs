//! The printable rota page (`/rota/{token}`) of an association with two doctors per slot, in
//! real Chromium (issue 16): every slot names both doctors, unclipped, each day shows both
//! doctors' colours, and the fairness chart counts the balance carried in from earlier years.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use crate::browser::{self, eval, with_browser};
use crate::feeds_http::{address, issue};
use crate::helpers::repo;
use crate::routing_cli::Desk;

/// The shipped rules with two doctors per slot, in the desk's directory.
fn two_per_slot(desk: &Desk) -> PathBuf {
    let rules = desk.dir.path().join("rules");
    fs::create_dir_all(&rules).unwrap();
    let association = fs::read_to_string(repo().join("rules/association.toml"))
        .unwrap()
        .replace("doctors_per_slot = 1", "doctors_per_slot = 2");
    assert!(association.contains("doctors_per_slot = 2"));
    fs::write(rules.join("association.toml"), association).unwrap();
    fs::copy(repo().join("rules/members.toml"), rules.join("members.toml")).unwrap();
    rules
}

#[test]
fn a_two_doctor_rota_page_shows_both_names_and_colours_of_every_slot_and_the_carried_balance() {
    if !browser::available() {
        return;
    }
    let desk = Desk::unplanned();
    let rules = two_per_slot(&desk);
    let toban = |args: &[&str]| {
        let mut cmd = desk.command();
        cmd.env("TOBAN_RULES", &rules);
        crate::helpers::run(cmd, args)
    };
    // Last year's record: d01 and d02 did one duty more than the others.
    let history = desk.dir.path().join("2026.csv");
    fs::write(&history, "slot_start,doctor,kind\n2026-06-02,d01,regular\n2026-06-02,d02,regular\n")
        .unwrap();
    toban(&["history", "import", history.to_str().unwrap()]).code(0);
    toban(&["plan", "2027"]).code(0);
    toban(&["rota", "publish", "2027"]).code(0);
    let rota = toban(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let carried: Vec<i64> = rota["doctors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["balance"].as_i64().unwrap())
        .collect();
    assert!(carried.iter().any(|b| *b != 0), "a balance is carried in: {rota}");
    let slots: Vec<Vec<String>> = rota["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["doctors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert!(slots.iter().all(|d| d.len() == 2), "two doctors in every slot");

    let _serve = desk.serve_with(None, &[("TOBAN_RULES", rules.to_str().unwrap())]);
    let base = address(&desk);
    let token = issue(&desk, &["d03"]);
    let url = format!("{base}/rota/{}", token["token"].as_str().unwrap());
    with_browser(move |c| async move {
        c.set_window_size(1123, 794).await.unwrap();
        c.goto(&url).await.unwrap();
        // Every handover day names both doctors, each name whole inside its day.
        let days: Value = eval(
            &c,
            "const sheet = document.querySelector('.sheet').getBoundingClientRect(); \
             return [...document.querySelectorAll('td.ho')].map(td => { \
               const box = td.getBoundingClientRect(); \
               return { day: td.querySelector('.d').textContent, title: td.title, \
                 names: [...td.querySelectorAll('.n')].map(n => { \
                   const r = n.getBoundingClientRect(); \
                   return { text: n.innerText, clipped: n.scrollWidth > n.clientWidth \
                     || r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5 \
                     || r.bottom > sheet.bottom + 0.5 || r.height < 1 }; }) }; });",
        )
        .await;
        let days = days.as_array().unwrap();
        assert!(
            days.len() >= slots.len() - 2,
            "{} handover days for {} slots",
            days.len(),
            slots.len()
        );
        for d in days {
            let names = d["names"].as_array().unwrap();
            assert_eq!(names.len(), 2, "both doctors on {d}");
            for n in names {
                assert!(!n["text"].as_str().unwrap().is_empty(), "a name shows on {d}");
                assert_eq!(n["clipped"], false, "a name is clipped on {d}");
            }
        }
        // Every day of a slot takes both doctors' colours (bands), on holiday periods too,
        // where the stripes stay.
        let colours: Value = eval(
            &c,
            "return [...document.querySelectorAll('table.cal td:not(.out)')] \
               .filter(td => td.title.length > 0) \
               .map(td => { const s = getComputedStyle(td); \
                 return { day: td.querySelector('.d').textContent, title: td.title, hol: td.classList.contains('hol'), \
                   image: s.backgroundImage, colours: [...new Set(s.backgroundImage.match(/rgba?\\([^)]*\\)/g) || [])] \
                     .filter(c => !c.startsWith('rgba(0, 0, 0')) }; });",
        )
        .await;
        let colours = colours.as_array().unwrap();
        assert!(colours.len() > 300, "days with a duty: {}", colours.len());
        for d in colours {
            assert!(d["colours"].as_array().unwrap().len() >= 2, "one colour only on {d}");
            if d["hol"] == true {
                assert!(
                    d["image"].as_str().unwrap().contains("repeating-linear-gradient"),
                    "a holiday-period day lost its stripes: {d}"
                );
            }
        }
        // The fairness chart counts the carried-in balance.
        let chart = eval(&c, "return document.querySelector('svg').textContent;").await;
        assert!(chart.as_str().unwrap().contains("繰越"), "{chart}");
    });
}
