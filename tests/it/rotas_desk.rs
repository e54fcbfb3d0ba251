//! Several rotas (issue 20) at the office's desk: what actually happened in a duty and
//! frozen slots, for a rota other than the association's own, with `--rota ID`.

use crate::rotas::{north_slots, two_rotas};

/// The doctor of north's slot `id`.
fn north_doctor(desk: &crate::routing_cli::Desk, id: &str) -> String {
    north_slots(desk).into_iter().find(|s| s.0 == id).map(|s| s.2).expect("a north slot")
}

#[test]
fn what_actually_happened_in_a_duty_of_the_second_rota_is_recorded_in_it_with_rota() {
    let desk = two_rotas();
    let main_before =
        desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    // North's duty from Thursday 2/25 has started (the clock is Wednesday 3/3).
    let was = north_doctor(&desk, "2027-02-25");
    let is = ["d02", "d04", "d06", "d08"].into_iter().find(|d| *d != was).unwrap();
    let args = |rota: Option<&'static str>, lang: &'static str| {
        let mut a = vec!["actual", "2027-02-25", "--was", &was, "--is", is, "--reason", "急病"];
        a.extend(["--lang", lang]);
        if let Some(r) = rota {
            a.extend(["--rota", r]);
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| desk.run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    // Without `--rota`, the slot only north has is named with what to add.
    run(args(None, "en"))
        .code(2)
        .stderr_has("the duty from Thu 25 Feb (2027-02-25) belongs to rota 'north'")
        .stderr_has("--rota north");
    // An unknown rota: the same refusal as the other commands, in both languages.
    run(args(Some("nord"), "en")).code(2).stderr_has("there is no rota 'nord'");
    run(args(Some("nord"), "ja")).code(2).stderr_has("当番表「nord」はルールにありません");
    // A doctor outside north is not north's to record.
    let outside = ["actual", "2027-02-25", "--was", &was, "--is", "d01", "--reason", "急病"];
    desk.run(&[&outside[..], &["--rota", "north", "--lang", "en"]].concat())
        .code(2)
        .stderr_has("is not a doctor of rota 'north'");
    run(args(Some("north"), "en")).code(0);
    assert_eq!(north_doctor(&desk, "2027-02-25"), is);
    let main_after =
        desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    assert_eq!(main_after, main_before, "the main rota is not touched");
    desk.run(&["audit", "--lang", "en"]).code(0).stdout_has("rota 'north': ");
}

#[test]
fn a_slot_of_the_second_rota_is_frozen_and_unfrozen_with_rota() {
    let desk = two_rotas();
    let frozen = |rota: &str| {
        let v = desk
            .run(&["rota", "show", "2027:published", "--rota", rota, "--format", "json"])
            .code(0)
            .json();
        let slots = v["slots"].as_array().unwrap().iter();
        slots
            .filter(|s| s["frozen"] == true)
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // 3/11 is a Thursday: north's, no main slot starts then.
    desk.run(&["rota", "freeze", "2027", "2027-03-11", "--lang", "en"])
        .code(2)
        .stderr_has("the duty from Thu 11 Mar (2027-03-11) belongs to rota 'north'")
        .stderr_has("--rota north");
    desk.run(&["rota", "freeze", "2027", "2027-03-11", "--rota", "nord", "--lang", "ja"])
        .code(2)
        .stderr_has("当番表「nord」はルールにありません");
    desk.run(&["rota", "freeze", "2027", "2027-03-11", "--rota", "north"]).code(0);
    assert_eq!(frozen("north"), ["2027-03-11"]);
    assert!(frozen("main").is_empty(), "the main rota is not touched");
    desk.run(&["rota", "unfreeze", "2027", "2027-03-11", "--rota", "north"]).code(0);
    assert!(frozen("north").is_empty());
}
