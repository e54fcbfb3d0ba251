//! Backup hospitals through the real binary (issue 20): each hospital's list of registered
//! patients for the quarterly information exchange (text, CSV for Excel, one A4 page), only
//! that hospital's, without address or medication, written readable by the office alone and
//! audited; bed vacancy from the office; the board of clinics accepting new home patients.

use std::os::unix::fs::PermissionsExt as _;

use crate::routing_cli::Desk;

/// Two patients of h2 (the helper's hospital), one of h1, and one of h2 who died at home.
fn desk_with_patients() -> Desk {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 次郎", "d02");
    desk.add_patient("鈴木 三郎", "d03");
    desk.add_patient("高橋 四郎", "d04");
    desk.run(&["patient", "edit", "2", "--hospital", "h1"]).code(0);
    desk.run(&["patient", "course", "4", "died_home", "2026-12-01"]).code(0);
    desk
}

#[test]
fn a_hospitals_patient_list_holds_only_its_registered_patients_in_text_csv_and_html() {
    let desk = desk_with_patients();
    let text = desk.run(&["--lang", "ja", "hospital", "patients", "h2"]).code(0).stdout();
    assert!(text.starts_with("東総記念病院 登録患者一覧\n"), "{text}");
    assert!(text.contains("山田 花子") && text.contains("鈴木 三郎"), "{text}");
    assert!(text.contains("青木内科クリニック（青木 一郎先生）"), "{text}");
    assert!(text.contains("脳梗塞後遺症"), "the diagnosis is for the exchange: {text}");
    for absent in ["佐藤 次郎", "高橋 四郎", "八日市場イ1", "アスピリン", "DNAR"]
    {
        assert!(!text.contains(absent), "{absent} on h2's list: {text}");
    }
    let h1 = desk.run(&["--lang", "ja", "hospital", "patients", "h1"]).code(0).stdout();
    assert!(h1.contains("佐藤 次郎") && !h1.contains("山田 花子"), "{h1}");

    let csv = desk.dir.path().join("h2.csv");
    desk.run(&["hospital", "patients", "h2", "--format", "csv", "--out", csv.to_str().unwrap()])
        .code(0)
        .stdout_has("h2.csv");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let csv_text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(csv_text.lines().count(), 3, "header and two patients: {csv_text}");
    assert!(csv_text.starts_with("登録番号,氏名,生年月日"), "{csv_text}");
    let mode = std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "it names patients");

    let html = desk.dir.path().join("h2.html");
    desk.run(&["hospital", "patients", "h2", "--format", "html", "--out", html.to_str().unwrap()])
        .code(0);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<html lang=\"ja\">") && page.contains("size: A4"), "{page}");
    assert!(page.contains("東総記念病院 登録患者一覧") && page.contains("2名"), "{page}");
    assert!(page.contains("山田 花子") && !page.contains("佐藤 次郎"));

    // Each list that left the system is in the audit log, in Japanese and for scripts.
    let audit = desk.run(&["--lang", "ja", "audit"]).code(0).stdout();
    assert!(audit.contains("東総記念病院の登録患者一覧（2名、csv）を出力しました"), "{audit}");
    assert!(audit.contains("東総記念病院の登録患者一覧（2名、html）を出力しました"), "{audit}");
    assert!(audit.contains("国保匝瑳中央病院の登録患者一覧（1名、text）を出力しました"), "{audit}");
    let json = desk.run(&["audit", "--format", "json"]).code(0).stdout();
    assert!(json.contains("\"patient_list\""), "{json}");

    // Four lists left (two on the terminal, a file of each format). An unknown hospital is a
    // usage error naming it; nothing is audited.
    let lists = |json: &str| json.matches("\"action\": \"patient_list\"").count();
    assert_eq!(lists(&json), 4, "{json}");
    desk.run(&["hospital", "patients", "h9"]).code(2).stderr_has("h9");
    let after = desk.run(&["audit", "--format", "json"]).code(0).stdout();
    assert_eq!(lists(&after), 4);
}

#[test]
fn inside_serve_the_list_is_written_where_it_was_asked() {
    let desk = desk_with_patients();
    let _serve = desk.serve();
    let out = desk
        .command()
        .current_dir(desk.dir.path())
        .args(["hospital", "patients", "h2", "--format", "csv", "--out", "relative.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_to_string(desk.dir.path().join("relative.csv")).unwrap();
    assert!(csv.contains("山田 花子"), "{csv}");
}

#[test]
fn the_office_sets_and_reads_bed_vacancy_and_the_board_on_the_command_line() {
    let desk = Desk::new();
    let none = desk.run(&["--lang", "ja", "hospital", "beds"]).code(0).stdout();
    assert!(none.contains("国保匝瑳中央病院: 不明"), "{none}");
    desk.run(&["--lang", "ja", "hospital", "beds", "h1", "2"])
        .code(0)
        .stdout_has("空床あり（2床）");
    desk.run(&["--lang", "ja", "hospital", "beds", "h2", "満床"]).code(0);
    desk.run(&["--lang", "ja", "hospital", "beds", "h3", "many"]).code(2).stderr_has("many");
    let beds = desk.run(&["--lang", "ja", "hospital", "beds"]).code(0).stdout();
    assert!(beds.contains("国保匝瑳中央病院: 空床あり（2床）（たった今）"), "{beds}");
    assert!(beds.contains("東総記念病院: 満床"), "{beds}");
    assert!(beds.contains("九十九里さくら病院: 不明"), "{beds}");
    // A day later nothing is known any more.
    desk.set_clock("2027-03-03T23:00:00+09:00");
    let stale = desk.run(&["--lang", "ja", "hospital", "beds"]).code(0).stdout();
    assert!(stale.contains("国保匝瑳中央病院: 不明"), "{stale}");
    let audit = desk.run(&["--lang", "ja", "audit"]).code(0).stdout();
    assert!(
        audit.contains("国保匝瑳中央病院の空床状況を「空床あり（2床）」に更新しました"),
        "{audit}"
    );

    let board = desk.run(&["--lang", "ja", "board"]).code(0).stdout();
    assert!(board.contains("新規在宅患者の受け入れ状況"), "{board}");
    assert!(board.contains("青木内科クリニック（青木 一郎先生）: 未登録"), "{board}");
}
