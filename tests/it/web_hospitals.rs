//! The console's backup hospitals and board pages over real HTTP from `toban serve` (issue
//! 20): beds set by the office (CSRF-checked, audited) and shown on Today, each hospital's
//! patient list downloaded (only its patients, audited), and the board.

use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{assert_console_page, get, request, session_of};

#[test]
fn the_office_sets_beds_downloads_a_hospitals_list_and_reads_the_board() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 次郎", "d02");
    desk.run(&["patient", "edit", "2", "--hospital", "h1"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    for p in ["/admin/hospitals", "/admin/board", "/admin/hospitals/h2/patients.csv"] {
        let r = get(&base, p, "");
        assert_eq!(r.status, 303, "{p}: signed out goes to sign in");
    }
    let session = session_of(&desk, &base);

    let page = get(&base, "/admin/hospitals", &session);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_console_page(&page);
    assert!(page.body.contains("東総記念病院") && page.body.contains("不明"), "{}", page.body);
    assert!(page.body.contains("/admin/hospitals/h2/patients.csv"), "{}", page.body);

    // Setting beds needs the session's token.
    let path = "/admin/hospitals/h1/beds";
    let form = [("status", "open"), ("vacant", "3")];
    assert_eq!(request(&base, "POST", path, &session, &form).status, 403);
    let csrf = page.csrf();
    let with = [&[("csrf", csrf.as_str())][..], &form[..]].concat();
    let r = request(&base, "POST", path, &session, &with);
    assert_eq!(r.status, 303, "{}", r.body);
    let bad = [("csrf", csrf.as_str()), ("status", "lots")];
    assert_eq!(request(&base, "POST", path, &session, &bad).status, 400);
    // 満床 with a number of free beds, or a number that is no count: refused in the console's
    // words (no chat command), and nothing saved other than what was chosen.
    for (status, vacant, says) in [
        ("full", "5", "空床数は「空床あり」のときだけ入れてください"),
        ("open", "-3", "空床数は 1 以上の数で入れてください"),
        ("open", "0", "空床数は 1 以上の数で入れてください"),
    ] {
        let bad = [("csrf", csrf.as_str()), ("status", status), ("vacant", vacant)];
        let r = request(&base, "POST", path, &session, &bad);
        assert_eq!(r.status, 400, "{status} {vacant}: {}", r.body);
        assert!(r.body.contains(says) && !r.body.contains("「/beds"), "{}", r.body);
    }
    let page = get(&base, "/admin/hospitals", &session);
    assert!(page.body.contains("空床あり（3床）"), "{}", page.body);
    let today = get(&base, "/admin", &session);
    assert!(today.body.contains("国保匝瑳中央病院: 空床あり（3床）（たった今）"), "{}", today.body);

    // The list of h2: its patient only, as CSV for Excel; audited with the admin.
    let csv = get(&base, "/admin/hospitals/h2/patients.csv", &session);
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-disposition").unwrap().contains("toban-h2-patients.csv"));
    assert!(csv.body.starts_with('\u{feff}'), "a BOM");
    assert!(csv.body.contains("山田 花子") && !csv.body.contains("佐藤 次郎"), "{}", csv.body);
    let printable = get(&base, "/admin/hospitals/h2/patients.html", &session);
    assert!(printable.body.contains("東総記念病院 登録患者一覧"), "{}", printable.body);
    assert_eq!(get(&base, "/admin/hospitals/h9/patients.csv", &session).status, 404);
    assert_eq!(get(&base, "/admin/hospitals/h2/other.txt", &session).status, 404);
    let audit = desk.run(&["--lang", "ja", "audit"]).code(0).stdout();
    assert!(audit.contains("東総記念病院の登録患者一覧（1名、csv）を出力しました"), "{audit}");
    assert!(
        audit.contains("国保匝瑳中央病院の空床状況を「空床あり（3床）」に更新しました"),
        "{audit}"
    );

    let board = get(&base, "/admin/board", &session);
    assert_eq!(board.status, 200);
    assert_console_page(&board);
    assert!(board.body.contains("青木内科クリニック"), "{}", board.body);
}
