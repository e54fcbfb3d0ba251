//! Several rotas (issue 20): what a rota's doctors are told is that rota's. Its handover lists
//! only its patients and their calls, and its swap and cover offers name it, in each language.

use crate::bot_e2e::{link, message_with, serve_bot};
use crate::fake_telegram::FakeTelegram;
use crate::rotas::{north_slots, two_rotas};
use crate::routing_cli::Desk;

/// The first doctor of the main rota's published slot `id`.
fn main_doctor(desk: &Desk, id: &str) -> String {
    let v = desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    let slots = v["slots"].as_array().unwrap();
    let s = slots.iter().find(|s| s["id"] == id).expect("a main slot");
    s["doctors"][0].as_str().unwrap().to_string()
}

/// The first doctor of north's published slot `id`.
fn north_doctor(desk: &Desk, id: &str) -> String {
    north_slots(desk).into_iter().find(|s| s.0 == id).map(|s| s.2).expect("a north slot")
}

#[test]
fn each_rotas_handover_lists_only_its_own_patients_and_their_calls() {
    let desk = two_rotas();
    // Patient 1 is the association's, patient 2 north's; both attended by d01, each with a
    // call d01 took and has not reported yet.
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 一郎", "d01");
    desk.run(&["patient", "edit", "2", "--rota", "north"]).code(0);
    for patient in ["1", "2"] {
        desk.run(&["call", "raise", "--patient", patient, "--from", "ns1", "--note", "発熱"])
            .code(0);
        desk.run(&["call", "accept", patient, "--as", "d01"]).code(0);
    }
    // d01 is away over both handovers.
    desk.run(&["absence", "add", "d01", "2027-03-04", "2027-03-20"]).code(0);
    let (main_in, north_in) = (main_doctor(&desk, "2027-03-09"), north_doctor(&desk, "2027-03-04"));
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    let (main_chat, north_chat) = (1901, 1902);
    link(&desk, &fake, main_chat, &main_in);
    if north_in != main_in {
        link(&desk, &fake, north_chat, &north_in);
    }
    let north_chat = if north_in == main_in { main_chat } else { north_chat };
    // North's Thursday handover: patient 2 and call 2 only.
    desk.set_clock("2027-03-04T09:05:00+09:00");
    desk.cycle();
    let north = message_with(&fake, north_chat, "【当番交代】3月4日(木) 9:00から");
    let text = north["text"].as_str().unwrap();
    assert!(text.starts_with("【北部グループ夜間当番】"), "{text}");
    assert!(text.contains("・2番の患者さん（"), "north's patient:\n{text}");
    assert!(text.contains("・2番の依頼（2番の患者さん、対応中）"), "north's call:\n{text}");
    assert!(!text.contains("1番の患者さん"), "the association's patient is not north's:\n{text}");
    assert!(!text.contains("1番の依頼"), "nor its call:\n{text}");
    // The association's Tuesday handover: patient 1 and call 1 only.
    desk.set_clock("2027-03-09T09:05:00+09:00");
    desk.cycle();
    let main = message_with(&fake, main_chat, "【当番交代】3月9日(火) 9:00から");
    let text = main["text"].as_str().unwrap();
    assert!(text.contains("・1番の患者さん（"), "the association's patient:\n{text}");
    assert!(text.contains("・1番の依頼（1番の患者さん、対応中）"), "its call:\n{text}");
    assert!(!text.contains("2番の患者さん"), "north's patient is not the association's:\n{text}");
    assert!(!text.contains("2番の依頼"), "nor its call:\n{text}");
}

#[test]
fn in_english_the_second_rotas_swap_and_cover_offers_name_it() {
    let desk = two_rotas();
    let rules = desk.dir.path().join("rules").join("association.toml");
    let text = std::fs::read_to_string(&rules).unwrap();
    assert!(text.contains("language = \"ja\""), "the shipped rules name their language");
    std::fs::write(&rules, text.replace("language = \"ja\"", "language = \"en\"")).unwrap();
    let (a, b, c) = (
        north_doctor(&desk, "2027-03-11"),
        north_doctor(&desk, "2027-03-25"),
        north_doctor(&desk, "2027-03-18"),
    );
    let fake = FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    let chat = |d: &str| 2000 + d[1..].parse::<i64>().unwrap();
    for d in ["d02", "d04", "d06", "d08"] {
        fake.message_from(chat(d), &format!("/start {}", crate::bot_e2e::code(&desk, d)));
        let linked = |_: &[_]| crate::bot_e2e::has_text(&fake, chat(d), "Linked as");
        fake.wait(std::time::Duration::from_secs(20), "linked", linked);
    }
    fake.message_from(chat(&a), &format!("/swap 3/11 {b} 3/25"));
    let offer = message_with(&fake, chat(&b), "[Swap request]");
    let text = offer["text"].as_str().unwrap();
    assert!(text.starts_with("[北部グループ夜間当番]\n[Swap request]"), "{text}");
    // A cover of c's north duty: each colleague asked reads north's name first.
    fake.message_from(chat(&c), "/cover 3/18");
    let asked = || {
        let listed = desk.run(&["request", "list", "--format", "json"]).code(0).json();
        let asked = listed.as_array().unwrap().iter().filter(|r| r["slot"] == "2027-03-18");
        asked.map(|r| r["target"].as_str().unwrap().to_string()).collect::<Vec<String>>()
    };
    let wait = std::time::Duration::from_secs(20);
    crate::routing_cli::wait_for(wait, "the cover requests", || !asked().is_empty());
    let asked = asked();
    for d in asked {
        let offer = message_with(&fake, chat(&d), "[Cover request]");
        let text = offer["text"].as_str().unwrap();
        assert!(text.starts_with("[北部グループ夜間当番]\n[Cover request]"), "{text}");
    }
}
