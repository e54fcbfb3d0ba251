//! A year of patients' courses and calls driven through the real binary (issue 20): the annual
//! report's patients treated, deaths, home deaths and their share, and duty-doctor visits come
//! out exactly as the known log says, across the year's boundaries.

use crate::routing_cli::Desk;

/// Raises a call for `patient` at `at` (JST), answered as `answers` says: `(member, accept)`
/// in order, then a report back with `outcome` by the one who accepted.
fn call(desk: &Desk, patient: &str, at: &str, answers: &[(&str, bool)], outcome: &str) {
    desk.set_clock(&format!("2027-03-02T{at}:00+09:00"));
    desk.run(&["call", "raise", "--patient", patient, "--from", "ns1", "--note", "呼吸苦"]).code(0);
    let calls = desk.run(&["call", "list", "--format", "json"]).code(0).json();
    let newest = calls.as_array().unwrap().iter().filter_map(|c| c["id"].as_u64()).max();
    let id = newest.expect("the call just raised").to_string();
    let mut handler = None;
    for (who, accept) in answers {
        let verb = if *accept { "accept" } else { "decline" };
        desk.run(&["call", verb, &id, "--as", who]).code(0);
        if *accept {
            handler = Some(*who);
        }
    }
    let by = handler.expect("someone accepts");
    desk.run(&["call", "report", &id, "--as", by, "--outcome", outcome, "--text", "対応済み"])
        .code(0);
}

fn course(desk: &Desk, patient: &str, event: &str, date: &str) -> crate::helpers::Run {
    desk.run(&["patient", "course", patient, event, date])
}

#[test]
fn a_year_of_courses_and_calls_gives_the_reports_figures_exactly() {
    let desk = Desk::new();
    let on = desk
        .run(&["oncall", "--at", "2027-03-02T22:00:00+09:00", "--format", "json"])
        .code(0)
        .json();
    let duty = on["duty"][0]["id"].as_str().unwrap().to_string();
    let attending = if duty == "d01" { "d02" } else { "d01" };
    // Seven patients, all consenting on 2026-04-01.
    for n in 1..=7 {
        desk.add_patient(&format!("患者{n}"), attending);
    }
    // Patient 1 died at home before the year: neither treated nor a death of 2027.
    course(&desk, "1", "died_home", "2026-12-20").code(0).stdout_has("died at home");

    // The known log of calls (2027-03-02, the same duty week):
    // patient 2: the attending declines, the duty doctor goes out: the one duty-doctor visit;
    call(&desk, "2", "22:10", &[(attending, false), (&duty, true)], "visit");
    // patient 3: both doctors decline, the registered hospital takes it and "visits": not one;
    call(&desk, "3", "22:30", &[(attending, false), (&duty, false), ("h2", true)], "visit");
    // patient 4: the attending doctor visits: not a duty-doctor visit;
    call(&desk, "4", "22:50", &[(attending, true)], "visit");
    // patient 7: the duty doctor takes it and advises by phone: accepted, not a visit.
    call(&desk, "7", "23:10", &[(attending, false), (&duty, true)], "phone");

    // Courses through the year and across its end.
    desk.set_clock("2028-01-10T10:00:00+09:00");
    course(&desk, "2", "died_home", "2027-03-10").code(0).stdout_has("registration has ended");
    course(&desk, "3", "admitted", "2027-05-20").code(0);
    course(&desk, "3", "died_hospital", "2027-06-01").code(0);
    course(&desk, "4", "died_home", "2027-12-31").code(0);
    course(&desk, "5", "moved", "2027-05-01").code(0);
    course(&desk, "6", "died_hospital", "2028-01-05").code(0);
    course(&desk, "7", "admitted", "2027-11-01").code(0);
    course(&desk, "7", "discharged", "2027-11-15").code(0);

    let r = desk.run(&["report", "2027", "--format", "json"]).code(0).json();
    let p = &r["patients"];
    // Treated: 2–7 (1 ended before the year); deaths of 2027: 2, 3, 4 (6 died in 2028).
    assert_eq!(p["treated"], 6, "{p}");
    assert_eq!(p["deaths"], 3, "{p}");
    assert_eq!(p["home_deaths"], 2, "{p}");
    assert_eq!(p["home_death_share"], 67, "2 of 3, as the association writes it: {p}");
    assert_eq!(r["visits"]["duty_doctor"], 1, "{}", r["visits"]);
    assert_eq!(r["calls"]["accepted_by_duty_doctor"], 2, "acceptances are not visits");
    assert_eq!(r["calls"]["duty_doctor_visits"], 1);
    let by = &r["calls"]["by_outcome"];
    assert_eq!((&by["visit"], &by["phone"], &by["admitted"]), (&3.into(), &1.into(), &0.into()));
    // 2028 so far: patients 6 (until 5 Jan) and 7 treated, one death in hospital, none at home.
    let next = desk.run(&["report", "2028", "--format", "json"]).code(0).json();
    let q = &next["patients"];
    assert_eq!((q["treated"].as_u64(), q["deaths"].as_u64()), (Some(2), Some(1)), "{q}");
    assert_eq!(q["home_death_share"], 0, "{q}");
    // A year without deaths has no share.
    let before = desk.run(&["report", "2025", "--format", "json"]).code(0).json();
    assert!(before["patients"]["home_death_share"].is_null(), "{}", before["patients"]);

    // The table says the same.
    let table = desk.run(&["--lang", "ja", "report", "2027"]).code(0).stdout();
    for row in ["年間に診療した患者数", "うち在宅看取り", "在宅看取り率（%）"]
    {
        assert!(table.contains(row), "{row}: {table}");
    }

    // The course is audited, by date and event.
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"]["type"] == "patient_course" && e["event"]["patient"] == 2)
        .unwrap_or_else(|| panic!("{audit}"));
    assert_eq!(entry["event"]["event"], "died_home", "{entry}");
    assert_eq!(entry["event"]["date"], "2027-03-10", "{entry}");
    assert_eq!(entry["detail"], "patient 2's course: died at home on Wed 10 Mar 2027");
}

#[test]
fn a_course_is_refused_clearly_and_an_ended_registration_refuses_calls() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 一郎", "d01");
    // Not in the future, not before the consent date (2026-04-01), no discharge without an
    // admission, nothing but a known event. In the reader's language (TOBAN_LANG=en here);
    // a refusal by the course's rules is a runtime refusal (exit 1), a word that is not an
    // event a usage error (2).
    course(&desk, "1", "died_home", "2027-03-03")
        .code(1)
        .stderr_has("Wed 3 Mar 2027 is after today (Tue 2 Mar 2027)");
    course(&desk, "1", "moved", "2026-03-31")
        .code(1)
        .stderr_has("Tue 31 Mar 2026 is before the registration (consent on Wed 1 Apr 2026)");
    course(&desk, "1", "discharged", "2027-01-05")
        .code(1)
        .stderr_has("the patient is not in hospital, so record the admission first.");
    course(&desk, "1", "dead", "2027-01-05").code(2).stderr_has("died_home");
    course(&desk, "9", "moved", "2027-01-05").code(1).stderr_has("no registered patient 9");
    // A withdrawal ends the registration: nothing follows, and calls are refused.
    course(&desk, "1", "withdrawn", "2027-02-01").code(0);
    course(&desk, "1", "admitted", "2027-02-02")
        .code(1)
        .stderr_has("the registration ended on Mon 1 Feb 2027 (consent withdrawn)");
    let mut ja = desk.command();
    ja.env_remove("TOBAN_LANG");
    crate::helpers::run(ja, &["patient", "course", "1", "admitted", "2027-02-02"])
        .code(1)
        .stderr_has("2027年2月1日(月)に「同意撤回」で登録は終了しています");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"])
        .code(1)
        .stderr_has("registration ended on Mon 1 Feb 2027 (consent withdrawn)");
    // The record stays, with its course, which the tables show too (a patient who died or
    // withdrew no longer looks like any other on the registry).
    desk.run(&["patient", "show", "1"]).code(0).stdout_has("consent withdrawn Mon 1 Feb 2027");
    desk.run(&["patient", "list"]).code(0).stdout_has("consent withdrawn Mon 1 Feb 2027");
    let shown = desk.run(&["patient", "show", "1", "--format", "json"]).code(0).json();
    assert_eq!(shown["course"][0]["event"], "withdrawn");
    assert_eq!(shown["course"][0]["date"], "2027-02-01");
    // Removing a patient still works; without a reason it says what a removal costs.
    desk.run(&["patient", "remove", "2"]).code(0).stdout_has("toban patient course 2");
    desk.add_patient("田中 三郎", "d01");
    let quiet = desk.run(&["patient", "remove", "3", "--reason", "二重登録"]).code(0).stdout();
    assert!(!quiet.contains("patient course"), "{quiet}");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).stdout();
    assert!(audit.contains("patient 3 removed: 二重登録"), "{audit}");
    // Inside `serve` (it holds the store) the command runs the same, in the client's
    // language: English here, Japanese for a client without TOBAN_LANG.
    let _serve = desk.serve();
    course(&desk, "1", "moved", "2027-02-10")
        .code(1)
        .stderr_has("the registration ended on Mon 1 Feb 2027");
    let mut ja = desk.command();
    ja.env_remove("TOBAN_LANG");
    crate::helpers::run(ja, &["patient", "course", "1", "moved", "2027-02-10"])
        .code(1)
        .stderr_has("登録は終了しています");
    desk.add_patient("鈴木 四郎", "d01");
    course(&desk, "4", "moved", "2027-02-10")
        .code(0)
        .stdout_has("Recorded for patient 4: moved away");
}

#[test]
fn a_new_consent_reopens_a_withdrawal_explicitly_and_never_a_death() {
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 一郎", "d01");
    course(&desk, "1", "withdrawn", "2027-02-01").code(0);
    course(&desk, "2", "died_home", "2027-02-01").code(0);
    // Moving the consent date past the end would erase the withdrawal from the report: refused,
    // naming the command that records a new consent; the record is unchanged.
    desk.run(&["patient", "edit", "1", "--consent", "2027-02-05"])
        .code(1)
        .stderr_has("the consent date cannot be Fri 5 Feb 2027")
        .stderr_has("reregistered");
    let shown = desk.run(&["patient", "show", "1", "--format", "json"]).code(0).json();
    assert_eq!(shown["consent"], "2026-04-01");
    // A correction of the first consent date is fine.
    desk.run(&["patient", "edit", "1", "--consent", "2026-03-20"]).code(0);
    // After a death, neither a later consent date nor a new registration.
    desk.run(&["patient", "edit", "2", "--consent", "2027-02-10"]).code(1);
    course(&desk, "2", "reregistered", "2027-02-10")
        .code(1)
        .stderr_has("nothing can be recorded after it");
    // A registration that has not ended cannot be reopened.
    desk.add_patient("田中 三郎", "d01");
    course(&desk, "3", "reregistered", "2027-02-10")
        .code(1)
        .stderr_has("the registration has not ended");
    // The household consents again: calls are taken again, under the same number.
    course(&desk, "1", "reregistered", "2027-02-20")
        .code(0)
        .stdout_has("registered again (new consent)");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱"]).code(0);
    // Each change and its audit entry are one write; both are there.
    let audit = desk.run(&["audit", "--format", "json"]).code(0).stdout();
    assert!(
        audit.contains("patient 1's course: registered again (new consent) on Sat 20 Feb 2027"),
        "{audit}"
    );
    assert!(audit.contains("patient 1 updated"), "{audit}");
    // The report counts patient 1 once, though registered twice in 2027.
    desk.set_clock("2028-01-10T10:00:00+09:00");
    let r = desk.run(&["report", "2027", "--format", "json"]).code(0).json();
    assert_eq!(r["patients"]["treated"], 3, "{}", r["patients"]);
    assert_eq!(r["patients"]["registered"], 2, "1 and 3 at the year's end: {}", r["patients"]);
}
