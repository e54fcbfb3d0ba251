//! Several rotas (issue 20) in the web console: from the year grid of another rota, a day
//! opens that rota's slot page, whose swap, cover, partial cover, freeze and "what actually
//! happened" change that rota, checked by its rules (the main rota's are untouched).

use serde_json::Value;

use crate::rotas::{north_slots, two_rotas};
use crate::routing_cli::Desk;
use crate::web_console::{Resp, request};

const NORTH: [&str; 4] = ["d02", "d04", "d06", "d08"];

fn main_rota(desk: &Desk) -> Value {
    desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json()
}

fn north_json(desk: &Desk) -> Value {
    let args = ["rota", "show", "2027:published", "--rota", "north", "--format", "json"];
    desk.run(&args).code(0).json()
}

/// North's slot `id` in `v` (from [`north_json`]).
fn slot_of<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["slots"].as_array().unwrap().iter().find(|s| s["id"] == id).expect("a north slot")
}

#[test]
fn north_slot_page_swaps_covers_freezes_and_records_in_north_by_its_rules() {
    let desk = two_rotas();
    let _serve = desk.serve();
    let base = crate::feeds_http::address(&desk);
    let (session, csrf) = crate::web_year::sign_in(&desk, &base);
    let main_before = main_rota(&desk);
    let get = |path: &str| request(&base, "GET", path, &session, &[]);
    let post = |slot: &str, fields: &[(&str, &str)]| -> Resp {
        let mut all = vec![("csrf", csrf.as_str()), ("rota", "north")];
        all.extend_from_slice(fields);
        request(&base, "POST", &format!("/admin/year/2027/slot/{slot}"), &session, &all)
    };
    let slots = north_slots(&desk);
    let at = |day: &str| slots.iter().find(|s| s.0 == day).unwrap().2.clone();
    // North's grid links its days to north's slot pages; the page names north and offers
    // north's doctors only.
    let grid = get("/admin/year/2027?rota=north");
    assert!(grid.body.contains("href=\"/admin/year/2027/slot/2027-03-11?rota=north\""));
    let page = get("/admin/year/2027/slot/2027-03-11?rota=north");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("北部グループ夜間当番"), "{}", page.body);
    assert!(page.body.contains("name=\"rota\" value=\"north\""), "{}", page.body);
    assert!(page.body.contains("value=\"2027-03-25/"), "north's duties to swap with");
    assert!(!page.body.contains("value=\"2027-03-09/"), "no main duty to swap with");
    assert!(!page.body.contains("value=\"d01\""), "d01 is not a north doctor:\n{}", page.body);
    assert!(page.body.contains("href=\"/admin/year/2027?rota=north\""), "back to north's year");
    // A slot only north has is not main's page, nor another rota's.
    assert_eq!(get("/admin/year/2027/slot/2027-03-11").status, 404);
    assert_eq!(get("/admin/year/2027/slot/2027-03-11?rota=nord").status, 404);
    // Swap 3/11 and 3/25 in north (a steady turn of four doctors).
    let (a, b) = (at("2027-03-11"), at("2027-03-25"));
    let with = format!("2027-03-25/{b}");
    let r = post("2027-03-11", &[("do", "swap"), ("doctor", &a), ("with", &with)]);
    assert_eq!(r.status, 303, "{}", r.body);
    let done = "/admin/year/2027/slot/2027-03-11?rota=north&done=swap";
    assert_eq!(r.header("location"), Some(done));
    assert!(get(done).body.contains("入れ替えました"));
    let v = north_json(&desk);
    assert_eq!(slot_of(&v, "2027-03-11")["doctors"][0], b.as_str());
    assert_eq!(slot_of(&v, "2027-03-25")["doctors"][0], a.as_str());
    // A cover by the next north duty's doctor breaks north's gap: refused, nothing saved.
    let now = north_slots(&desk);
    let i = now.iter().position(|s| s.0 == "2027-04-15").unwrap();
    let (slot, next) = (&now[i], &now[i + 1]);
    let r = post(&slot.0, &[("do", "cover"), ("doctor", &slot.2), ("other", &next.2)]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("当番の決まりに反します"), "{}", r.body);
    let r = post(&slot.0, &[("do", "cover"), ("doctor", &slot.2), ("other", "d01")]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("当番表「north」の医師ではない"), "{}", r.body);
    assert_eq!(north_json(&desk), v, "refusals change nothing");
    // A cover by a north doctor neither before nor after: made in north (unless north's
    // holiday rule forbids it, which its checker decides).
    let mut covered = None;
    for w in now[i..i + 12].windows(3) {
        let far = NORTH.into_iter().find(|d| w.iter().all(|s| s.2 != *d)).unwrap();
        let r = post(&w[1].0, &[("do", "cover"), ("doctor", &w[1].2), ("other", far)]);
        if r.status == 303 {
            covered = Some((w[1].0.clone(), far));
            break;
        }
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body.contains("当番の決まりに反します"), "{}", r.body);
    }
    let (slot, far) = covered.expect("some cover by a far north doctor is legal");
    assert_eq!(slot_of(&north_json(&desk), &slot)["doctors"][0], far);
    // One day of a later north duty covered by a colleague: a part of north's slot.
    let later = now.iter().find(|s| s.0 == "2027-07-15").unwrap();
    let other = NORTH.into_iter().find(|d| *d != later.2).unwrap();
    let fields = [
        ("do", "cover"),
        ("doctor", later.2.as_str()),
        ("other", other),
        ("from", "2027-07-17"),
        ("to", "2027-07-17"),
    ];
    let r = post(&later.0, &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(slot_of(&north_json(&desk), &later.0)["parts"][0]["by"], other);
    let bad = [("do", "cover"), ("doctor", later.2.as_str()), ("other", other), ("from", "5/15")];
    let r = post(&later.0, &bad);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("「5/15」は日付として読めません"), "{}", r.body);
    // Freeze and unfreeze a north slot.
    assert_eq!(post("2027-06-03", &[("do", "freeze")]).status, 303);
    assert_eq!(slot_of(&north_json(&desk), "2027-06-03")["frozen"], true);
    assert_eq!(post("2027-06-03", &[("do", "unfreeze")]).status, 303);
    assert_eq!(slot_of(&north_json(&desk), "2027-06-03")["frozen"], false);
    // North's duty from 2/25 has started: what actually happened is recorded in north.
    let was = at("2027-02-25");
    let is = NORTH.into_iter().find(|d| *d != was).unwrap();
    let page = get("/admin/year/2027/slot/2027-02-25?rota=north");
    assert!(page.body.contains("実際の担当の記録"), "{}", page.body);
    let fields = [("do", "actual"), ("was", was.as_str()), ("is", is), ("reason", "急病")];
    let r = post("2027-02-25", &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(slot_of(&north_json(&desk), "2027-02-25")["doctors"][0], is);
    // Every change was north's: main is as it was, the audit names north.
    assert_eq!(main_rota(&desk), main_before, "the main rota is not touched");
    let audit = desk.run(&["audit", "--lang", "en"]).code(0).stdout().to_string();
    for what in ["swap", "cover", "froze", "actual"] {
        let line =
            audit.lines().find(|l| l.contains("rota 'north'") && l.to_lowercase().contains(what));
        assert!(line.is_some(), "no north {what} in the audit:\n{audit}");
    }
}

#[test]
fn a_feed_tokens_rota_page_shows_the_second_rota_by_its_name_with_rota() {
    use crate::feeds_http::{address, get, issue};
    let desk = two_rotas();
    let _serve = desk.serve();
    let base = address(&desk);
    // One token feeds every rota's duties, so it opens every rota's page: `rota=ID` picks one.
    let token = issue(&desk, &["d04"]);
    let path = format!("/rota/{}", token["token"].as_str().unwrap());
    let (status, _, main) = get(&base, &path, &[]);
    assert_eq!(status, 200);
    // The association's own page: north is only named in the links between the rotas.
    assert!(!without_nav(&main).contains("北部グループ夜間当番"), "the association's own page");
    let (status, _, north) = get(&base, &format!("{path}?rota=north&year=2027"), &[]);
    assert_eq!(status, 200, "{north}");
    assert!(north.contains("北部グループ夜間当番 2027年</title>"), "{}", &north[..400]);
    assert!(north.contains("交代は毎週木"), "north's Thursday handover");
    // The same page as `toban rota page --rota north` but for the links, which a file cannot
    // have (it knows no address): the other rotas are named there, not linked.
    let file = desk.dir.path().join("north.html");
    desk.run(&["rota", "page", "2027", "--rota", "north", "--out", file.to_str().unwrap()]).code(0);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(without_nav(&north), without_nav(&written));
    let (status, _, body) = get(&base, &format!("{path}?rota=nord"), &[]);
    assert_eq!(status, 404);
    assert!(body.contains("no rota 'nord'") && body.contains("main, north"), "{body}");
}

/// `page` without its links between the rotas (issue 20).
fn without_nav(page: &str) -> String {
    match (page.find("<nav class=\"rotas\""), page.find("</nav>\n")) {
        (Some(a), Some(b)) => format!("{}{}", &page[..a], &page[b + "</nav>\n".len()..]),
        _ => page.to_string(),
    }
}

/// The links between the rotas on `page`.
fn nav_of(page: &str) -> &str {
    let start = page.find("<nav class=\"rotas\"").expect("links between the rotas");
    &page[start..start + page[start..].find("</nav>").expect("the nav's end")]
}

// See: issue 20 (several rotas): the printable page had no links between the rotas.
#[test]
fn each_rotas_printable_page_links_to_the_others_by_name_with_the_current_one_marked() {
    use crate::feeds_http::{address, get, issue};
    let desk = two_rotas();
    let _serve = desk.serve();
    let base = address(&desk);
    let token = issue(&desk, &["d04"]);
    let path = format!("/rota/{}", token["token"].as_str().unwrap());
    // The association's own page links to north's by its name, and marks itself.
    let (status, _, main) = get(&base, &path, &[]);
    assert_eq!(status, 200, "{main}");
    let nav = nav_of(&main);
    let to_north = format!("<a href=\"{path}?rota=north\">北部グループ夜間当番</a>");
    assert!(nav.contains(&to_north), "{nav}");
    assert!(nav.contains("<strong aria-current=\"page\">匝瑳医師会"), "{nav}");
    assert_eq!(nav.matches("aria-current").count(), 1, "{nav}");
    // No script, nothing from elsewhere, and never on the printed sheet.
    crate::rota_page::assert_self_contained(&main);
    assert!(main.contains("@media print { nav.rotas { display: none; } }"), "hidden in print");
    // The link opens north's page, which links back to main without `?rota`.
    let (status, _, north) = get(&base, &format!("{path}?rota=north"), &[]);
    assert_eq!(status, 200, "{north}");
    assert!(north.contains("北部グループ夜間当番 2027年</title>"), "{}", &north[..400]);
    let nav = nav_of(&north);
    assert!(nav.contains(&format!("<a href=\"{path}\">匝瑳医師会")), "{nav}");
    assert!(nav.contains("<strong aria-current=\"page\">北部グループ夜間当番</strong>"), "{nav}");
    // The year and the language asked for are kept on the links.
    let (status, _, english) = get(&base, &format!("{path}?rota=north&year=2027&lang=en"), &[]);
    assert_eq!(status, 200, "{english}");
    let nav = nav_of(&english);
    assert!(nav.contains("Rotas:"), "{nav}");
    // In English the association's rota is named by its `name_en` (issue 18, English review 5).
    assert!(
        nav.contains(&format!("<a href=\"{path}?year=2027&amp;lang=en\">Sosa Medical Association")),
        "{nav}"
    );
    // `toban rota page`: the file names both rotas, north marked, with no address to link to.
    let file = desk.dir.path().join("north.html");
    desk.run(&["rota", "page", "2027", "--rota", "north", "--out", file.to_str().unwrap()]).code(0);
    let written = std::fs::read_to_string(&file).unwrap();
    let nav = nav_of(&written);
    assert!(nav.contains("<strong aria-current=\"page\">北部グループ夜間当番</strong>"), "{nav}");
    assert!(nav.contains("<span>匝瑳医師会") && !nav.contains("href="), "{nav}");
}

#[test]
fn in_chromium_a_day_of_the_second_rotas_grid_opens_its_slot_where_a_swap_is_made_in_it() {
    use crate::browser::{self, click, wait_text, with_browser};
    if !browser::available() {
        return;
    }
    let desk = two_rotas();
    let main_before = main_rota(&desk);
    let slots = north_slots(&desk);
    let at = |day: &str| slots.iter().find(|s| s.0 == day).unwrap().2.clone();
    let (a, b) = (at("2027-03-11"), at("2027-03-25"));
    let _serve = desk.serve();
    let base = crate::feeds_http::address(&desk);
    let setup = format!("{base}{}", crate::web_console::setup_path(&desk));
    let option = format!("select#with option[value='2027-03-25/{b}']");
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;
        wait_text(&c, "本日の状況").await;
        c.goto(&format!("{base}/admin/year/2027?rota=north")).await.unwrap();
        wait_text(&c, "2027年の当番表（北部グループ夜間当番）").await;
        click(&c, "a[href='/admin/year/2027/slot/2027-03-11?rota=north']").await;
        wait_text(&c, "の当番（2027-03-11）（北部グループ夜間当番）").await;
        click(&c, &option).await;
        click(&c, "form input[value=swap] ~ button").await;
        wait_text(&c, "入れ替えました").await;
    });
    let v = north_json(&desk);
    assert_eq!(slot_of(&v, "2027-03-11")["doctors"][0], b.as_str());
    assert_eq!(slot_of(&v, "2027-03-25")["doctors"][0], a.as_str());
    assert_eq!(main_rota(&desk), main_before, "the main rota is not touched");
}
