//! A doctor proposes a swap on `/me` over real HTTP (issue 18): their duty for a colleague's,
//! chosen from the colleague's upcoming duties (not a typed date), by the chat's `/swap` flow.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{assert_console_page, get, request};
use crate::web_me::{doctor_session, first_slot};

/// The options of the select named `name` on `page`: (value, label).
fn options(page: &str, name: &str) -> Vec<(String, String)> {
    let Some(at) = page.find(&format!("<select name=\"{name}\"")) else {
        return Vec::new();
    };
    let list = &page[at..page[at..].find("</select>").map_or(page.len(), |e| at + e)];
    list.split("<option")
        .skip(1)
        .map(|o| {
            let value = o.split("value=\"").nth(1).and_then(|v| v.split('"').next());
            let label = o.split_once('>').map_or("", |(_, l)| l.split('<').next().unwrap_or(""));
            (value.unwrap_or_default().to_string(), label.to_string())
        })
        .collect()
}

// See: issue 18. Proposing a swap on /me had no test, and the colleague's duty was a typed date.
#[test]
fn a_doctor_swaps_their_duty_for_a_colleagues_duty_chosen_from_a_list() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let me = doctor_session(&desk, &base, "d01");
    let page = get(&base, "/me", &me);
    assert_console_page(&page);
    let csrf = page.csrf();
    let mine = first_slot(&page.body);
    // The colleague's upcoming duties, by days and name, e.g. 「3月9日(火)〜3月15日(月) 石川 花子 先生」.
    let theirs = options(&page.body, "theirs");
    let (slot, label) = theirs
        .iter()
        .find(|(v, l)| !v.is_empty() && l.contains("石川 花子"))
        .cloned()
        .unwrap_or_else(|| panic!("d02's duties to choose from: {}", page.body));
    assert!(label.contains("日(") && label.contains("〜") && label.contains("先生"), "{label}");
    assert!(
        !theirs.iter().any(|(_, l)| l.contains("青木 一郎")),
        "not the doctor's own: {theirs:?}"
    );
    assert!(!page.body.contains("name=\"theirs\" type=\"date\""), "no typed date: {}", page.body);

    let form = [("csrf", csrf.as_str()), ("slot", &mine), ("with", "d02"), ("theirs", &slot)];
    let r = request(&base, "POST", "/me/request", &me, &form);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("お返事待ち"), "the request's state: {}", r.body);
    let list = desk.run(&["request", "list", "--format", "json"]).code(0).json();
    let asked = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["proposer"] == "d01")
        .unwrap_or_else(|| panic!("the request is stored: {list}"));
    assert_eq!(asked["kind"], "swap", "{asked}");
    assert_eq!(asked["target"], "d02", "{asked}");
    assert_eq!(asked["slot"], mine.as_str(), "{asked}");
    // The option's value says whose duty it is (`SLOT@DOCTOR`, review 14).
    let (their_slot, whose) = slot.split_once('@').expect("SLOT@DOCTOR");
    assert_eq!(whose, "d02");
    assert_eq!(asked["their_slot"], their_slot, "{asked}");
    assert!(["pending", "queued"].contains(&asked["status"].as_str().unwrap()), "{asked}");
}
