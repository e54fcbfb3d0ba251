//! Several rotas in one association (issue 20): a two-rota association planned, published,
//! checked, shown and routed through the real binary.

use std::fs;

use crate::helpers::repo;
use crate::routing_cli::Desk;

/// A clinic group's night duty beside the association's weekly duty: four doctors, handover on
/// Thursday.
const NORTH: &str = r#"
[[rota]]
id = "north"
name = "北部グループ夜間当番"
doctors = ["d02", "d04", "d06", "d08"]
handover_weekday = "thu"
"#;

/// The shipped rules with [`NORTH`] added, in the desk's own rules folder, both rotas of 2027
/// planned and published; the clock on Wednesday 2027-03-03 22:00.
pub(crate) fn two_rotas() -> Desk {
    let desk = Desk::unplanned();
    let rules = desk.dir.path().join("rules");
    fs::create_dir_all(&rules).unwrap();
    for f in ["association.toml", "members.toml"] {
        fs::copy(repo().join("rules").join(f), rules.join(f)).unwrap();
    }
    let text = fs::read_to_string(rules.join("association.toml")).unwrap();
    fs::write(rules.join("association.toml"), format!("{text}{NORTH}")).unwrap();
    desk.set_clock("2026-11-01T09:00:00+09:00");
    desk.run(&["check"]).code(0);
    desk.run(&["plan", "2027"]).code(0);
    // The next commands it names are north's.
    desk.run(&["plan", "2027", "--rota", "north", "--lang", "en"]).code(0).stdout_has(
        "Next: `toban rota show 2027 --rota north`, then `toban rota publish 2027 --rota north`.",
    );
    desk.run(&["rota", "publish", "2027"]).code(0);
    desk.run(&["rota", "publish", "2027", "--rota", "north"]).code(0);
    desk.set_clock("2027-03-03T22:00:00+09:00");
    desk
}

/// (main's duty doctor, north's) now, from `toban oncall --format json`.
pub(crate) fn duty_doctors(desk: &Desk) -> (String, String) {
    let on = desk.run(&["oncall", "--format", "json", "--lang", "en"]).code(0).json();
    let rotas = on["rotas"].as_array().expect("a rotas list with several rotas");
    assert_eq!(rotas.len(), 2, "{on}");
    assert_eq!(rotas[0]["id"], "main");
    assert_eq!(rotas[1]["id"], "north");
    assert_eq!(rotas[0]["duty"][0]["id"], on["duty"][0]["id"], "main is the plain oncall's");
    let id = |r: &serde_json::Value| r["duty"][0]["id"].as_str().unwrap().to_string();
    (id(&rotas[0]), id(&rotas[1]))
}

#[test]
fn a_second_rota_is_planned_published_and_checked_with_its_own_doctors_and_handover() {
    let desk = two_rotas();
    desk.run(&["check"]).code(0);
    let north = desk
        .run(&["rota", "show", "2027:published", "--rota", "north", "--format", "json"])
        .code(0)
        .json();
    let slots = north["slots"].as_array().unwrap();
    assert!(slots.len() > 40, "a year of weekly slots: {}", slots.len());
    for s in slots {
        for d in s["doctors"].as_array().unwrap() {
            let d = d.as_str().unwrap();
            assert!(["d02", "d04", "d06", "d08"].contains(&d), "{d} is not in north");
        }
    }
    // Thursday 09:00 handovers, after the New Year slot (to Tuesday 1/5) and the slot that
    // brings the rota back to Thursdays.
    assert!(slots[2]["start"].as_str().unwrap().starts_with("2027-01-14T09:00"), "{}", slots[2]);
    assert!(slots[3]["start"].as_str().unwrap().starts_with("2027-01-21T09:00"), "{}", slots[3]);
    assert_eq!(north["fairness"]["optimal"], true, "each rota keeps its proof");
    // The main rota is untouched: Tuesday handovers, ten doctors.
    let main = desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    assert!(main["slots"][1]["start"].as_str().unwrap().starts_with("2027-01-05T09:00"));
    desk.run(&["slots", "2027", "--rota", "north", "--format", "json"])
        .code(0)
        .stdout_has("2027-01-14T09:00:00+09:00");
    // An unknown rota is named, with the rotas there are.
    desk.run(&["rota", "show", "2027", "--rota", "nord", "--lang", "en"])
        .code(2)
        .stderr_has("there is no rota 'nord'")
        .stderr_has("main, north");
    // `oncall` names each rota's duty doctor, one line each.
    desk.run(&["oncall"]).code(0).stdout_has("北部グループ夜間当番: ");
    // The audit log tells the rotas' publications apart.
    desk.run(&["audit", "--lang", "en"])
        .code(0)
        .stdout_has("rota 'north': published the 2027 rota")
        .stdout_has("published the 2027 rota");
    // A swap naming a slot only north has, without `--rota`, is refused, saying what to add.
    desk.run(&["swap", "2027-03-04", "d08", "2027-03-11", "d02", "--lang", "en"])
        .code(2)
        .stderr_has("the duty from Thu 4 Mar (2027-03-04) belongs to rota 'north'")
        .stderr_has("--rota north");
    desk.run(&["audit", "--lang", "ja"])
        .code(0)
        .stdout_has("当番表「north」: 2027年の当番表を公開しました");
}

/// (slot id, kind, first doctor) of north's published 2027 rota.
pub(crate) fn north_slots(desk: &Desk) -> Vec<(String, String, String)> {
    let v = desk
        .run(&["rota", "show", "2027:published", "--rota", "north", "--format", "json"])
        .code(0)
        .json();
    let text = |x: &serde_json::Value| x.as_str().unwrap_or("").to_string();
    let slots = v["slots"].as_array().unwrap().iter();
    slots.map(|s| (text(&s["id"]), text(&s["kind"]), text(&s["doctors"][0]))).collect()
}

#[test]
fn a_swap_and_a_cover_in_the_second_rota_are_checked_by_its_rules_and_made_in_it() {
    let desk = two_rotas();
    let main = || desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    let main_before = main();
    let slots = north_slots(&desk);
    let future: Vec<_> = slots
        .iter()
        .filter(|(id, kind, _)| kind == "regular" && id.as_str() > "2027-03-10")
        .collect();
    // A swap of two north duties, judged by north's checker (its doctors, its gap; two of
    // four doctors a fortnight apart can swap in a steady turn).
    let mut done = None;
    'outer: for (x, a) in future[..4].iter().enumerate() {
        for b in &future[x + 2..8] {
            if a.2 == b.2 {
                continue;
            }
            let args = ["swap", &a.0, &a.2, &b.0, &b.2, "--rota", "north", "--lang", "en"];
            let run = desk.run(&args);
            if run.out.status.code() == Some(0) {
                assert!(run.stdout().contains("swap done"), "{}", run.stdout());
                done = Some(((*a).clone(), (*b).clone()));
                break 'outer;
            }
            assert_eq!(run.out.status.code(), Some(1), "{}", run.stderr());
            assert!(run.stderr().contains("would break the rules"), "{}", run.stderr());
        }
    }
    let (a, b) = done.expect("some swap among these north duties is legal");
    let after = north_slots(&desk);
    let doctor = |id: &str| after.iter().find(|s| s.0 == id).unwrap().2.clone();
    assert_eq!((doctor(&a.0), doctor(&b.0)), (b.2.clone(), a.2.clone()));
    assert_eq!(main(), main_before, "the main rota is not touched");
    // Who is on duty in north follows.
    let at = format!("{}T12:00:00+09:00", a.0);
    let on = desk.run(&["oncall", "--at", &at, "--format", "json"]).code(0).json();
    assert_eq!(on["rotas"][1]["duty"][0]["id"], b.2.as_str(), "{on}");
    // The audit names the rota.
    desk.run(&["audit", "--lang", "en"]).code(0).stdout_has("rota 'north': swap");
    // A cover by the doctor of the next north duty breaks north's gap: refused by its rules.
    let i = after.iter().position(|s| s.0 == future[20].0).unwrap();
    let (slot, next) = (&after[i], &after[i + 1]);
    desk.run(&["cover", &slot.0, &slot.2, &next.2, "--rota", "north", "--lang", "en"])
        .code(1)
        .stderr_has("would break the rules");
    // A doctor outside north cannot take a north duty.
    desk.run(&["cover", &slot.0, &slot.2, "d01", "--rota", "north", "--lang", "en"])
        .code(2)
        .stderr_has("d01");
    // A cover by a north doctor two duties away is made in north.
    let far = after
        .iter()
        .map(|s| s.2.clone())
        .find(|d| ![&after[i - 1].2, &slot.2, &next.2].contains(&d));
    let far = far.expect("four doctors: one is neither before nor after");
    desk.run(&["cover", &slot.0, &slot.2, &far, "--rota", "north", "--lang", "en"]).code(0);
    assert_eq!(north_slots(&desk)[i].2, far);
    // Some days of a north duty covered by a colleague: stored on north's slot.
    let j = after.iter().position(|s| s.0 == future[24].0).unwrap();
    let (slot, first) = (&after[j], chrono::NaiveDate::parse_from_str(&after[j].0, "%Y-%m-%d"));
    let day = (first.unwrap() + chrono::Duration::days(2)).to_string();
    let other = ["d02", "d04", "d06", "d08"].into_iter().find(|d| *d != slot.2).unwrap();
    desk.run(&["cover", &slot.0, &slot.2, other, "--from", &day, "--to", &day, "--rota", "north"])
        .code(0);
    let v = desk
        .run(&["rota", "show", "2027:published", "--rota", "north", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(v["slots"][j]["parts"][0]["by"], other, "{}", v["slots"][j]);
    assert_eq!(main(), main_before, "the main rota is still not touched");
}

#[test]
fn a_call_for_a_patient_of_the_second_rota_goes_to_that_rotas_duty_doctor() {
    let desk = two_rotas();
    let (main_duty, north_duty) = duty_doctors(&desk);
    assert_ne!(main_duty, north_duty, "the instant tells the rotas apart");
    // Patient 1 belongs to the association's rota, patient 2 to north; both attended by d01.
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 一郎", "d01");
    desk.run(&["patient", "edit", "2", "--rota", "north"]).code(0);
    desk.run(&["patient", "edit", "2", "--rota", "nord", "--lang", "en"])
        .code(2)
        .stderr_has("there is no rota 'nord'");
    for (patient, duty, other) in [("1", &main_duty, &north_duty), ("2", &north_duty, &main_duty)] {
        desk.run(&["call", "raise", "--patient", patient, "--from", "ns1", "--note", "発熱"])
            .code(0);
        let call = if patient == "1" { "1" } else { "2" };
        desk.run(&["call", "decline", call, "--as", "d01"])
            .code(0)
            .stdout_has("now asking the duty doctor");
        desk.run(&["call", "accept", call, "--as", other, "--lang", "en"])
            .code(1)
            .stderr_has("was not asked");
        desk.run(&["call", "accept", call, "--as", duty]).code(0);
    }
}

#[test]
fn check_refuses_a_rota_that_cannot_be_planned_naming_it() {
    let desk = Desk::unplanned();
    let rules = desk.dir.path().join("rules");
    fs::create_dir_all(&rules).unwrap();
    for f in ["association.toml", "members.toml"] {
        fs::copy(repo().join("rules").join(f), rules.join(f)).unwrap();
    }
    // Two doctors, so the rules load; but one left years ago: one doctor cannot take every
    // other week.
    let extra = r#"
[[doctor]]
id = "d11"
name = "退会 医師"
clinic = "退会クリニック"
left = 2020-03-31

[[rota]]
id = "south"
name = "南部グループ夜間当番"
doctors = ["d01", "d11"]
"#;
    let text = fs::read_to_string(rules.join("association.toml")).unwrap();
    fs::write(rules.join("association.toml"), format!("{text}{extra}")).unwrap();
    desk.run(&["check", "--year", "2027", "--lang", "en"])
        .code(3)
        .stderr_has("rota 'south': no rota for 2027 can be planned")
        .stderr_has("toban plan 2027 --rota south");
    desk.run(&["check", "--year", "2027", "--lang", "ja"]).code(3).stderr_has("当番表「south」");
}

#[test]
fn on_telegram_a_patient_of_the_second_rota_is_asked_of_its_duty_doctor_and_who_lists_both() {
    use crate::bot_e2e::{has_text, link, message_with, serve_bot};
    let desk = two_rotas();
    let (main_duty, north_duty) = duty_doctors(&desk);
    assert_ne!(main_duty, north_duty);
    desk.add_patient("佐藤 一郎", "d01");
    desk.run(&["patient", "edit", "1", "--rota", "north"]).code(0);
    let fake = crate::fake_telegram::FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    let (d01, main_chat, north_chat) = (1601, 1602, 1603);
    for (chat, member) in [(d01, "d01"), (main_chat, main_duty.as_str()), (north_chat, &north_duty)]
    {
        link(&desk, &fake, chat, member);
    }
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    let request = message_with(&fake, d01, "1番の依頼");
    fake.press(d01, request["message_id"].as_u64().unwrap(), "decline:1");
    let to_north = message_with(&fake, north_chat, "1番の依頼");
    assert!(to_north["reply_markup"].to_string().contains("accept:1"), "{to_north}");
    assert!(!has_text(&fake, main_chat, "1番の依頼"), "main's duty doctor is not asked");
    // `/who` names each rota's duty doctor.
    fake.message_from(north_chat, "/who");
    message_with(&fake, north_chat, "北部グループ夜間当番: ");
}

#[test]
fn on_telegram_a_doctor_swaps_and_asks_cover_for_a_duty_of_the_second_rota() {
    use crate::bot_e2e::{link, message_with, serve_bot};
    let desk = two_rotas();
    let main_before =
        desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    let slots = north_slots(&desk);
    let at = |day: &str| slots.iter().find(|s| s.0 == day).unwrap().2.clone();
    // North's steady turn: the doctors of 3/11 and 3/25 can swap (3/11 is no main duty day).
    let (a, b) = (at("2027-03-11"), at("2027-03-25"));
    let fake = crate::fake_telegram::FakeTelegram::start();
    let _serve = serve_bot(&desk, &fake, None);
    let (chat_a, chat_b) = (1701, 1702);
    link(&desk, &fake, chat_a, &a);
    link(&desk, &fake, chat_b, &b);
    fake.message_from(chat_a, &format!("/swap 3/11 {b} 3/25"));
    let offer = message_with(&fake, chat_b, "【当番交換のお願い】");
    // It names the rota, as its reminders do.
    let text = offer["text"].as_str().unwrap();
    assert!(text.starts_with("【北部グループ夜間当番】\n【当番交換のお願い】"), "{text}");
    let data = offer["reply_markup"].to_string();
    let id = data.split("swapyes:").nth(1).expect("an accept button").split('"').next().unwrap();
    let listed = desk.run(&["request", "list", "--format", "json"]).code(0).json();
    assert_eq!(listed[0]["rota"], "north", "{listed}");
    fake.press(chat_b, offer["message_id"].as_u64().unwrap(), &format!("swapyes:{id}"));
    crate::routing_cli::wait_for(std::time::Duration::from_secs(20), "the swap in north", || {
        let now = north_slots(&desk);
        let doctor = |day: &str| now.iter().find(|s| s.0 == day).unwrap().2.clone();
        doctor("2027-03-11") == b && doctor("2027-03-25") == a
    });
    let main_after =
        desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    assert_eq!(main_after, main_before, "the main rota is not touched");
    // A cover of a north duty asks north's doctors only, those its rules allow.
    let c = at("2027-03-18");
    let chat_c = 1703;
    link(&desk, &fake, chat_c, &c);
    fake.message_from(chat_c, "/cover 3/18");
    message_with(&fake, chat_c, "代行を依頼しました");
    let listed = desk.run(&["request", "list", "--format", "json"]).code(0).json();
    let asked: Vec<&serde_json::Value> = listed.as_array().unwrap().iter().collect();
    assert!(!asked.is_empty(), "{listed}");
    for r in asked {
        assert_eq!(r["rota"], "north", "{r}");
        let target = r["target"].as_str().unwrap();
        assert!(["d02", "d04", "d06", "d08"].contains(&target), "{target} is not in north");
        assert_ne!(target, a, "the doctor now on 3/25 would have consecutive duties");
        assert_ne!(target, b, "the doctor now on 3/11 would have consecutive duties");
    }
}

#[test]
fn a_doctors_own_page_offers_their_duties_of_every_rota_and_asks_cover_in_the_second() {
    use crate::web_console::{get, request};
    let desk = two_rotas();
    let slots = north_slots(&desk);
    let at = |day: &str| slots.iter().find(|s| s.0 == day).unwrap().2.clone();
    let who = at("2027-03-18");
    let _serve = desk.serve();
    let base = crate::feeds_http::address(&desk);
    let me = crate::web_me::doctor_session(&desk, &base, &who);
    let page = get(&base, "/me", &me);
    // Their north duty, named by its rota, with a request form that asks in north.
    assert!(page.body.contains("value=\"north/2027-03-18\""), "{}", page.body);
    assert!(page.body.contains("北部グループ夜間当番: "), "{}", page.body);
    let csrf = page.csrf();
    let form = [("csrf", csrf.as_str()), ("slot", "north/2027-03-18"), ("with", "")];
    let r = request(&base, "POST", "/me/request", &me, &form);
    assert_eq!(r.status, 200, "{}", r.body);
    let listed = desk.run(&["request", "list", "--format", "json"]).code(0).json();
    let asked = listed.as_array().unwrap();
    assert!(!asked.is_empty(), "{listed}");
    for r in asked {
        assert_eq!((r["rota"].as_str(), r["slot"].as_str()), (Some("north"), Some("2027-03-18")));
        let target = r["target"].as_str().unwrap();
        assert!(["d02", "d04", "d06", "d08"].contains(&target), "{target} is not in north");
    }
}

#[test]
fn the_second_rotas_duty_doctors_get_its_reminders_and_handovers_naming_it() {
    use crate::bot_e2e::{link, message_with, texts};
    let desk = two_rotas();
    let slots = north_slots(&desk);
    let at = |day: &str| slots.iter().find(|s| s.0 == day).unwrap().2.clone();
    let (before, next) = (at("2027-02-25"), at("2027-03-04"));
    // Linked before anything is due: Wednesday 08:00, north's duty from Thursday 09:00.
    desk.set_clock("2027-03-03T08:00:00+09:00");
    let fake = crate::fake_telegram::FakeTelegram::start();
    let _serve = crate::bot_e2e::serve_bot(&desk, &fake, None);
    let (chat_before, chat_next) = (1801, 1802);
    link(&desk, &fake, chat_before, &before);
    link(&desk, &fake, chat_next, &next);
    // The day before: north's reminder, naming north (its Thursday handover, not main's).
    desk.set_clock("2027-03-03T09:05:00+09:00");
    desk.cycle();
    // North's doctor on duty leaves a note for north's next duty doctor.
    fake.message_from(chat_before, "/note 北部の申し送り: 12番の方は夜間に発熱あり");
    message_with(&fake, chat_before, "メモを残しました");
    let reminder = message_with(&fake, chat_next, "【北部グループ夜間当番】");
    let text = reminder["text"].as_str().unwrap();
    assert!(text.contains("【当番のお知らせ】3月4日(木) 9:00から3月11日(木) 9:00まで"), "{text}");
    // At north's handover: the incoming doctor and the outgoing one, both told it is north's.
    desk.set_clock("2027-03-04T09:05:00+09:00");
    desk.cycle();
    let incoming = message_with(&fake, chat_next, "【当番交代】3月4日(木) 9:00から");
    assert!(
        incoming["text"].as_str().unwrap().starts_with("【北部グループ夜間当番】"),
        "{incoming}"
    );
    assert!(incoming["text"].as_str().unwrap().contains("12番の方は夜間に発熱あり"), "{incoming}");
    let outgoing =
        message_with(&fake, chat_before, "【当番交代】3月4日(木) 9:00で当番が終わりました");
    assert!(
        outgoing["text"].as_str().unwrap().starts_with("【北部グループ夜間当番】"),
        "{outgoing}"
    );
    // Each once, though the engine cycles again.
    desk.cycle();
    let count =
        |chat: i64, needle: &str| texts(&fake, chat).iter().filter(|t| t.contains(needle)).count();
    assert_eq!(count(chat_next, "【当番交代】3月4日(木)"), 1);
    assert_eq!(count(chat_next, "【当番のお知らせ】3月4日(木)"), 1);
}

#[test]
fn the_console_shows_plans_and_publishes_the_second_rota_picked_by_its_name() {
    use crate::web_console::request;
    let desk = two_rotas();
    let _serve = desk.serve();
    let base = crate::feeds_http::address(&desk);
    let (session, csrf) = crate::web_year::sign_in(&desk, &base);
    let get = |path: &str| request(&base, "GET", path, &session, &[]);
    // The main rota's year links to north's, by name, with no script.
    let main = get("/admin/year/2027");
    assert_eq!(main.status, 200, "{}", main.body);
    assert!(main.body.contains("href=\"/admin/year/2027?rota=north\""), "{}", main.body);
    // North's year: its title names it, its days are its doctors', the links keep the rota.
    let north = get("/admin/year/2027?rota=north");
    assert_eq!(north.status, 200, "{}", north.body);
    assert!(north.body.contains("<title>2027年の当番表（北部グループ夜間当番）"), "{}", north.body);
    assert!(north.body.contains("href=\"/admin/plan/2027?rota=north\""), "{}", north.body);
    assert!(north.body.contains("href=\"/admin/year/2027\""), "back to main by the picker");
    // Its days open north's slot pages (the slot page's changes: tests/it/rotas_console.rs).
    assert!(north.body.contains("/admin/year/2027/slot/2027-03-11?rota=north"), "{}", north.body);
    assert_eq!(get("/admin/year/2027?rota=nord").status, 404);
    // `toban rota page --rota north`: the printable page is titled with north's name.
    let file = desk.dir.path().join("north.html");
    desk.run(&["rota", "page", "2027", "--rota", "north", "--out", file.to_str().unwrap()]).code(0);
    let page = std::fs::read_to_string(&file).unwrap();
    assert!(page.contains("北部グループ夜間当番 2027年</title>"), "{}", &page[..400]);
    assert!(page.contains("北部グループ夜間当番 2027年</h1>"), "{}", &page[..600]);
    assert!(page.contains("交代は毎週木"), "north's Thursday handover");
    // North's 2028 planned, shown and published from the console, main's 2028 untouched.
    let fields = [("csrf", csrf.as_str()), ("rota", "north")];
    let r = request(&base, "POST", "/admin/plan/2028", &session, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/plan/2028?rota=north"));
    crate::routing_cli::wait_for(std::time::Duration::from_secs(60), "north's 2028 draft", || {
        let page = get("/admin/plan/2028?rota=north");
        page.body.contains("/admin/plan/2028/publish")
    });
    let plan = get("/admin/plan/2028?rota=north");
    assert!(plan.body.contains("2028年の計画と公開（北部グループ夜間当番）"), "{}", plan.body);
    assert!(plan.body.contains("name=\"rota\" value=\"north\""), "{}", plan.body);
    let r = request(&base, "POST", "/admin/plan/2028/publish", &session, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/admin/year/2028?rota=north&done=published"));
    desk.run(&["rota", "show", "2028:published", "--rota", "north"]).code(0);
    desk.run(&["rota", "show", "2028:published"]).code(1);
}
