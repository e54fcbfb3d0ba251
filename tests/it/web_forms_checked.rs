//! The console's forms checked by the server, not only by the browser (issue 18): a field left
//! empty is named by the form's own label (never 「「」は…」 or a sentence missing its name),
//! over-long text is refused with its limit as the command line refuses it, and a refused form
//! comes back as it was typed. Nothing is saved in any of these.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{get, request, session_of};
use crate::web_me::doctor_session;

fn absences(desk: &Desk) -> usize {
    let list = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    list.as_array().map_or(0, Vec::len)
}

#[test]
fn empty_fields_of_the_absence_forms_are_named_by_their_labels_and_nothing_is_saved() {
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let csrf = get(&base, "/admin/absences", &session).csrf();
    let post = |fields: &[(&str, &str)]| {
        let all = [&[("csrf", csrf.as_str())][..], fields].concat();
        request(&base, "POST", "/admin/absences", &session, &all)
    };
    let r = post(&[("doctor", ""), ("from", "2027-05-01"), ("to", "2027-05-02")]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("先生を選んでください。"), "{}", r.body);
    assert!(!r.body.contains("「」"), "no empty quotes:\n{}", r.body);
    let r = post(&[("doctor", "d01"), ("from", ""), ("to", "2027-05-02")]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("開始日を入れてください。"), "{}", r.body);
    assert!(r.body.contains("value=\"2027-05-02\""), "the typed day is kept:\n{}", r.body);
    let r = post(&[("doctor", "d01"), ("from", "2027-05-01"), ("to", "")]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("終了日を入れてください。"), "{}", r.body);
    assert!(!r.body.contains("「」"), "no empty quotes:\n{}", r.body);

    let me = doctor_session(&desk, &base, "d01");
    let csrf = get(&base, "/me", &me).csrf();
    let mine = |from: &str, to: &str| {
        let fields = [("csrf", csrf.as_str()), ("from", from), ("to", to)];
        request(&base, "POST", "/me/absences", &me, &fields)
    };
    let r = mine("", "2027-05-02");
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("最初の日を入れてください。"), "{}", r.body);
    let r = mine("2027-05-01", "");
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("最後の日を入れてください。"), "{}", r.body);
    assert!(!r.body.contains("「」"), "no empty quotes:\n{}", r.body);
    assert_eq!(absences(&desk), 0, "nothing saved");
}
