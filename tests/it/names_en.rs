//! Names for English readers (issue 18, the lead's decision): an English reader (the office's
//! `TOBAN_LANG=en`, the console's English switch) reads a member's `name_en` where one is
//! given, and the Japanese name otherwise; a Japanese reader always reads the Japanese name;
//! ids stay. Only what is shown changes: the feeds, the store and the audit keep the
//! association's names and ids.

use crate::feeds_http::address;
use crate::helpers::repo;
use crate::routing_cli::Desk;
use crate::web_console::{get, session_of};

/// The week from Tue 6 Apr 2027 09:00 (no public holiday in it).
const SLOT: &str = "2027-04-06";

/// The shipped doctors: id, name, `name_en`.
const DOCTORS: [(&str, &str, &str); 10] = [
    ("d01", "青木 一郎", "Aoki Ichiro"),
    ("d02", "石川 花子", "Ishikawa Hanako"),
    ("d03", "上田 誠", "Ueda Makoto"),
    ("d04", "江藤 恵子", "Eto Keiko"),
    ("d05", "大野 修", "Ono Osamu"),
    ("d06", "加藤 健一", "Kato Kenichi"),
    ("d07", "木村 真理", "Kimura Mari"),
    ("d08", "佐々木 大輔", "Sasaki Daisuke"),
    ("d09", "田中 由美", "Tanaka Yumi"),
    ("d10", "中村 亮", "Nakamura Ryo"),
];

/// The Japanese name and `name_en` of shipped doctor `id`.
pub fn names(id: &str) -> (&'static str, &'static str) {
    DOCTORS.iter().find(|d| d.0 == id).map(|d| (d.1, d.2)).expect("a shipped doctor")
}

fn doctor_of(desk: &Desk, slot: &str) -> String {
    let v = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let s = v["slots"].as_array().unwrap().iter().find(|s| s["id"] == slot).unwrap().clone();
    s["doctors"][0].as_str().unwrap().to_string()
}

/// A Japanese reader's run (the association's language).
fn ja(desk: &Desk, args: &[&str]) -> String {
    let mut all = vec!["--lang", "ja"];
    all.extend_from_slice(args);
    desk.run(&all).code(0).stdout()
}

#[test]
fn the_english_command_line_names_members_by_name_en_and_the_japanese_one_is_unchanged() {
    let desk = Desk::new();
    let duty = desk.duty_now();
    let (duty_ja, duty_en) = names(&duty);

    let oncall = desk.run(&["oncall"]).code(0).stdout();
    assert!(oncall.contains(duty_en), "{oncall}");
    assert!(!oncall.contains(duty_ja), "no Japanese name for an English reader: {oncall}");
    assert!(oncall.contains(&duty), "ids stay: {oncall}");
    let oncall_ja = ja(&desk, &["oncall"]);
    assert!(oncall_ja.contains(duty_ja) && !oncall_ja.contains(duty_en), "{oncall_ja}");

    let rota = desk.run(&["rota", "show", "2027"]).code(0).stdout();
    assert!(rota.contains("Aoki Ichiro") && !rota.contains("青木 一郎"), "{rota}");
    let rota_ja = ja(&desk, &["rota", "show", "2027"]);
    assert!(rota_ja.contains("青木 一郎") && !rota_ja.contains("Aoki Ichiro"), "{rota_ja}");

    let report = desk.run(&["report", "2027"]).code(0).stdout();
    assert!(report.contains("Aoki Ichiro") && !report.contains("青木 一郎"), "{report}");
    let report_ja = ja(&desk, &["report", "2027"]);
    assert!(report_ja.contains("青木 一郎") && !report_ja.contains("Aoki Ichiro"), "{report_ja}");

    // A cover made by an English reader: named in English, kept as ids.
    let x = doctor_of(&desk, SLOT);
    let near = ["2027-03-30", SLOT, "2027-04-13"].map(|s| doctor_of(&desk, s));
    let y = (1..=10).map(|i| format!("d{i:02}")).find(|d| *d != x && !near.contains(d)).unwrap();
    let covered = desk
        .run(&["cover", SLOT, &x, &y, "--from", "2027-04-08", "--to", "2027-04-09"])
        .code(0)
        .stdout();
    let ((x_ja, x_en), (y_ja, y_en)) = (names(&x), names(&y));
    assert!(covered.contains(x_en) && covered.contains(y_en), "{covered}");
    assert!(!covered.contains(x_ja) && !covered.contains(y_ja), "{covered}");

    // What is kept and published keeps the association's names: the feeds, the audit, the
    // store (read back by a Japanese reader and as JSON).
    let feeds = desk.dir.path().join("feeds");
    desk.run(&["feed", "export", "--out", feeds.to_str().unwrap()]).code(0);
    let ics = std::fs::read_to_string(feeds.join(format!("{y}.ics"))).unwrap();
    assert!(ics.contains(y_ja) && !ics.contains(y_en), "{ics}");
    let audit = ja(&desk, &["audit"]);
    assert!(audit.contains(y_ja) && !audit.contains(y_en), "{audit}");
    // Machine output never changes with the language (README), an English reader's too.
    let at = "2027-04-08T12:00:00+09:00";
    let json = desk.run(&["oncall", "--at", at, "--format", "json"]).code(0).stdout();
    assert!(json.contains(y_ja) && !json.contains(y_en), "{json}");
}

#[test]
fn a_member_without_name_en_is_named_in_japanese_for_an_english_reader() {
    let desk = Desk::new();
    // The shipped rules with d01's `name_en` taken out.
    let own = desk.dir.path().join("rules");
    std::fs::create_dir_all(&own).unwrap();
    for f in std::fs::read_dir(repo().join("rules")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&f).unwrap();
            let text = text.replace("name_en = \"Aoki Ichiro\"\n", "");
            std::fs::write(own.join(f.file_name().unwrap()), text).unwrap();
        }
    }
    let rota = desk.run(&["rota", "show", "2027"]).code(0).stdout();
    assert!(rota.contains("青木 一郎") && !rota.contains("Aoki Ichiro"), "{rota}");
    assert!(rota.contains("Ishikawa Hanako") && !rota.contains("石川 花子"), "{rota}");
}

#[test]
fn the_english_console_names_members_by_name_en_on_today_the_year_and_members() {
    let desk = Desk::new();
    let duty = desk.duty_now();
    let (duty_ja, duty_en) = names(&duty);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = session_of(&desk, &base);
    let en = format!("{session}; toban_lang=en");
    for path in ["/admin", "/admin/year/2027", "/admin/members"] {
        let page = get(&base, path, &en);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(page.body.contains(duty_en), "{path}: {}", page.body);
        assert!(!page.body.contains(duty_ja), "{path}: no Japanese name: {}", page.body);
        let page = get(&base, path, &session);
        assert!(page.body.contains(duty_ja), "{path}: {}", page.body);
    }
}

/// The Japanese names of every shipped member with a `name_en` (doctors, hospitals, the
/// nurse station, the office), and the association's own (its `name_en`: English review 5).
const JAPANESE_NAMES: [&str; 16] = [
    "匝瑳医師会 在宅患者24時間支援システム",
    "青木 一郎",
    "石川 花子",
    "上田 誠",
    "江藤 恵子",
    "大野 修",
    "加藤 健一",
    "木村 真理",
    "佐々木 大輔",
    "田中 由美",
    "中村 亮",
    "国保匝瑳中央病院",
    "東総記念病院",
    "九十九里さくら病院",
    "匝瑳訪問看護ステーション",
    "匝瑳医師会 事務局",
];

// See: issue 18 review finding 6 ("English pages still show Japanese names in several places
// where `name_en` exists"). Every page an English reader opens, with a patient, a call, an
// absence, a cover, a request and a feed token in the store to name members.
#[test]
fn no_console_or_me_page_shows_a_japanese_name_to_an_english_reader_where_name_en_exists() {
    use crate::web_me::{doctor_session, first_slot};
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "fever"]).code(0);
    let duty = desk.duty_now();
    desk.run(&["absence", "add", &duty, "2027-03-04", "2027-03-05"]).code(0);
    desk.run(&["feed", "token", "issue", "d02"]).code(0);
    // A draft beside the published rota, for the plan page's fairness table.
    desk.run(&["plan", "2027", "--replan-from", "2027-04-06"]).code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    let session = format!("{}; toban_lang=en", session_of(&desk, &base));
    let me = format!("{}; toban_lang=en", doctor_session(&desk, &base, "d01"));
    // A swap request from d01's page, so /me and the console list one.
    let page = get(&base, "/me", &me);
    let mine = first_slot(&page.body);
    let at = page.body.find("name=\"theirs\"").expect("the colleague's duties");
    let theirs = page.body[at..].split("value=\"").nth(2).unwrap().split('"').next().unwrap();
    let form = [("csrf", page.csrf()), ("slot", mine.clone()), ("with", "d02".into())];
    let mut form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form.push(("theirs", theirs));
    crate::web_console::request(&base, "POST", "/me/request", &me, &form);

    let slot = format!("/admin/year/2027/slot/{mine}");
    let admin = [
        "/admin",
        "/admin/year/2027",
        slot.as_str(),
        "/admin/plan/2027",
        "/admin/members",
        "/admin/members/doctor/d01",
        "/admin/members/place/h1",
        "/admin/members/place/ns1",
        "/admin/absences",
        "/admin/calls",
        "/admin/calls/1",
        "/admin/audit",
        "/admin/report/2027",
        "/admin/patients",
        "/admin/patients/1",
        "/admin/patients/1/edit",
        "/admin/patients/new",
        "/admin/invitations",
        "/admin/feeds",
        "/admin/backups",
        "/admin/hospitals",
        "/admin/board",
        "/admin/import",
    ];
    let mut found = Vec::new();
    // A sign-in link issued for a doctor on the members page (English review 2).
    let csrf = get(&base, "/admin/members", &session).csrf();
    let link = crate::web_console::request(
        &base,
        "POST",
        "/admin/members/link/d02",
        &session,
        &[("csrf", &csrf)],
    );
    assert_eq!(link.status, 200, "{}", link.body);
    if link.body.contains("石川 花子") {
        found.push(format!("the sign-in link for d02: {}", link.body));
    }
    let pages = admin.iter().map(|p| (*p, &session)).chain(["/me"].into_iter().map(|p| (p, &me)));
    for (path, cookie) in pages {
        let page = get(&base, path, cookie);
        if page.status != 200 {
            found.push(format!("{path}: {}", page.status));
            continue;
        }
        for name in JAPANESE_NAMES {
            // A member's entry holds the name as written in its field, to edit.
            let body = page.body.replace(&format!("value=\"{name}\""), "");
            if let Some(at) = body.find(name) {
                let from = body.floor_char_boundary(at.saturating_sub(120));
                let to = body.ceil_char_boundary(at + name.len() + 60);
                found.push(format!("{path}: {name} in …{}…", &body[from..to]));
            }
        }
    }
    assert!(found.is_empty(), "Japanese names on English pages:\n{}", found.join("\n\n"));
    // The printable rota (for the wall) and the patient's contact sheet (for the home) are
    // in the association's language whoever prints them, names included.
    for path in ["/admin/year/2027/print", "/admin/patients/1/sheet"] {
        let page = get(&base, path, &session);
        assert!(page.body.contains("lang=\"ja\"") && page.body.contains("青木 一郎"), "{path}");
    }
    // A Japanese reader reads the association's name as written.
    let ja = get(&base, "/admin", &session.replace("; toban_lang=en", ""));
    assert!(ja.body.contains("匝瑳医師会 在宅患者24時間支援システム"), "{}", ja.body);
}
