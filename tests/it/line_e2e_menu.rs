//! LINE's menus (issue 19): the real `toban serve` and the fake Messaging API. A chat linked on
//! LINE is shown its role's rich menu (a doctor's, a nurse station's), whose taps type the
//! commands; the help carries them as quick replies; an account unlinked loses its menu; a
//! menu is made once a role and found again after a restart.

use crate::fake_line::FakeLine;
use crate::line_e2e::{LIMIT, deliver, link_line, serve_line};
use crate::routing_cli::Desk;

const U_D01: &str = "U00000000000000000000000000000d01";
const U_DUTY: &str = "U0000000000000000000000000000duty";
const U_NS1: &str = "U00000000000000000000000000000ns1";

fn quick_replies(m: &crate::fake_line::Shown) -> Vec<(String, String)> {
    let items = m.message["quickReply"]["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| {
            let a = &i["action"];
            (a["label"].as_str().unwrap_or("").into(), a["data"].as_str().unwrap_or("").into())
        })
        .collect()
}

// See: issue 19 ("a doctor on LINE must type commands").
#[test]
fn a_doctor_linked_on_line_gets_the_doctors_menu_and_taps_instead_of_typing() {
    let desk = Desk::new();
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    let taps = line.wait_menu(LIMIT, U_D01, |t| t.is_some()).unwrap();
    assert_eq!(
        taps,
        ["menu:/who", "menu:/mine", "menu:/status", "menu:/swap", "menu:/web", "menu:/help"]
    );
    let menu = line.menu_of(U_D01).unwrap();
    assert_eq!(menu["chatBarText"], "メニュー（タップで開閉）");
    assert_eq!(menu["areas"][0]["action"]["displayText"], "今の当番医");
    let png = line.menu_image_of(U_D01).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() < 1_000_000, "{} bytes", png.len());

    // The welcome ends with the help, which carries the commands as quick replies.
    let welcome = line.wait_for(LIMIT, U_D01, "として登録しました");
    let quick = quick_replies(&welcome);
    assert_eq!(quick[0], ("今の当番医".to_string(), "menu:/who".to_string()), "{quick:?}");
    assert!(quick.iter().all(|(_, d)| d != "menu:/back"), "one tap must not end an absence");
    // A tap on the menu is the command: /who answers.
    deliver(&desk, &[line.postback(U_D01, "menu:/who")]);
    line.wait_for(LIMIT, U_D01, "今の当番医:");
    // /help, typed or tapped, carries them too; other answers do not.
    deliver(&desk, &[line.postback(U_D01, "menu:/help")]);
    crate::routing_cli::wait_for(LIMIT, "the help again", || {
        line.shown_to(U_D01).iter().filter(|m| !quick_replies(m).is_empty()).count() == 2
    });
    let who = line.wait_for(LIMIT, U_D01, "今の当番医:");
    assert!(quick_replies(&who).is_empty(), "{:?}", who.message);

    // Unlinked: the menu goes.
    desk.run(&["unlink", "d01"]).code(0);
    line.wait_menu(LIMIT, U_D01, |t| t.is_none());
    assert!(
        line.menu_calls().iter().any(|c| c == &format!("DELETE /v2/bot/user/{U_D01}/richmenu"))
    );
}

// See: issue 19.
#[test]
fn a_nurse_station_gets_the_nurse_menu_and_a_roles_menu_is_made_once() {
    let desk = Desk::new();
    let duty = desk.duty_now();
    let line = FakeLine::start();
    let serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_NS1, "ns1", "code");
    let taps = line.wait_menu(LIMIT, U_NS1, |t| t.is_some()).unwrap();
    assert_eq!(taps[0], "menu:/call", "{taps:?}");
    assert!(!taps.iter().any(|t| t == "menu:/swap" || t == "menu:/mine"), "{taps:?}");
    assert_eq!(line.menu_of(U_NS1).unwrap()["areas"][0]["action"]["displayText"], "依頼を出す");
    // Two doctors: one doctor's menu, shown to both.
    link_line(&desk, &line, U_D01, "d01", "code");
    link_line(&desk, &line, U_DUTY, &duty, "code");
    line.wait_menu(LIMIT, U_D01, |t| t.is_some());
    line.wait_menu(LIMIT, U_DUTY, |t| t.is_some());
    assert_eq!(line.menu_of(U_D01), line.menu_of(U_DUTY));
    assert_eq!(line.menus_created(), 2, "{:#?}", line.menu_calls());
    // After a restart, the menus are found by name, not made again.
    serve.kill();
    let _serve = serve_line(&desk, &line, None);
    // Each process reads the list twice: to find its menus, then (once every account was
    // shown its menu) to tidy away old ones. The fourth read ends the new process's round.
    crate::routing_cli::wait_for(LIMIT, "the list read", || {
        line.menu_calls().iter().filter(|c| c.ends_with("/richmenu/list")).count() == 4
    });
    assert_eq!(line.menus_created(), 2, "{:#?}", line.menu_calls());
    assert!(!line.menu_calls().iter().any(|c| c.starts_with("DELETE /v2/bot/richmenu/")));
}

// See: issue 19 ("link … on linking and when the role changes; unlink on unlinking"): the
// rules edited while `serve` runs change the menus without a restart: an English association
// gets English tiles, and a doctor who has left loses the menu.
#[test]
fn the_menu_follows_the_rules_english_tiles_for_english_and_none_for_a_doctor_who_left() {
    let desk = Desk::new();
    let rules = desk.dir.path().join("rules-live");
    std::fs::create_dir(&rules).unwrap();
    for f in ["association.toml", "members.toml"] {
        std::fs::copy(crate::helpers::repo().join("rules").join(f), rules.join(f)).unwrap();
    }
    let line = FakeLine::start();
    let mut env = line.env();
    env.push(("TOBAN_RULES", rules.display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _serve = desk.serve_with(None, &env);
    link_line(&desk, &line, U_D01, "d01", "code");
    let first = |line: &FakeLine| {
        line.menu_of(U_D01).map(|m| m["areas"][0]["action"]["displayText"].clone())
    };
    crate::routing_cli::wait_for(LIMIT, "the Japanese menu", || {
        first(&line) == Some("今の当番医".into())
    });

    let association = std::fs::read_to_string(rules.join("association.toml")).unwrap();
    let english = association.replacen("language = \"ja\"", "language = \"en\"", 1);
    assert_ne!(english, association);
    std::fs::write(rules.join("association.toml"), english).unwrap();
    crate::routing_cli::wait_for(LIMIT, "the English menu", || {
        first(&line) == Some("On duty now".into())
    });
    assert_eq!(line.menu_of(U_D01).unwrap()["chatBarText"], "Menu: tap here");

    let members = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    let left = members.replacen("id = \"d01\"\n", "id = \"d01\"\nleft = 2027-03-01\n", 1);
    std::fs::write(rules.join("members.toml"), left).unwrap();
    line.wait_menu(LIMIT, U_D01, |t| t.is_none());
}

// See: issue 19's review ("old LINE rich menus are never deleted"): LINE keeps at most 1000 rich
// menus a channel. A menu whose image could not be uploaded is deleted, not left behind at each
// retry; the menus of an older toban (its layout or wording changed) are deleted once nobody is
// shown them; a menu the clinic made itself (not named "toban …") is left alone.
#[test]
fn menus_left_by_failed_uploads_or_an_older_toban_are_deleted_and_the_clinics_own_kept() {
    let desk = Desk::new();
    let line = FakeLine::start();
    line.seed_menu("toban Doctor ja 000000000000", Some(U_D01));
    line.seed_menu("toban Nurse en 111111111111", None);
    line.seed_menu("医院のメニュー", None);
    line.fail_uploads(3, 500);
    let _serve = serve_line(&desk, &line, None);
    link_line(&desk, &line, U_D01, "d01", "code");
    crate::routing_cli::wait_for(LIMIT, "the doctor's menu", || {
        line.menu_of(U_D01).is_some_and(|m| m["areas"][0]["action"]["displayText"] == "今の当番医")
    });
    crate::routing_cli::wait_for(LIMIT, "the old menus gone", || line.menus_created() == 2);
    let names = line.menu_names();
    assert_eq!(names.len(), 2, "{names:#?}");
    // Sorted by bytes: "toban …" before the Japanese name.
    assert!(names[0].0.starts_with("toban Doctor ja ") && names[0].1, "{names:#?}");
    assert_ne!(names[0].0, "toban Doctor ja 000000000000", "{names:#?}");
    assert_eq!(names[1], ("医院のメニュー".to_string(), true), "{names:#?}");
}
