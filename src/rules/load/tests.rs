use super::*;
use crate::msg::Message;

const ASSOCIATION: &str = include_str!("../../../rules/association.toml");
const MEMBERS: &str = include_str!("../../../rules/members.toml");

fn src(path: &str, text: &str) -> Source {
    Source { path: PathBuf::from(path), text: text.to_string() }
}

fn shipped() -> Vec<Source> {
    vec![src("rules/association.toml", ASSOCIATION), src("rules/members.toml", MEMBERS)]
}

/// The smallest valid rules: an association and one doctor, every other setting left to defaults.
const MINIMAL: &str = r#"
[association]
id = "test"
name = "Test association"

[[doctor]]
id = "d01"
name = "A"
clinic = "A clinic"
"#;

fn load_ok(sources: &[Source]) -> Rules {
    load(sources).unwrap_or_else(|e| panic!("rules should load, got:\n{e}"))
}

fn problems(sources: &[Source]) -> Vec<Problem> {
    match load(sources) {
        Ok(_) => panic!("rules should not load"),
        Err(e) => e.problems,
    }
}

/// The one problem of `sources`, with every problem shown if there are more.
fn only_problem(sources: &[Source]) -> Problem {
    let mut ps = problems(sources);
    assert_eq!(ps.len(), 1, "expected one problem, got:\n{}", RulesError { problems: ps.clone() });
    ps.remove(0)
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn line_col_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    src("x", text).line_col(offset)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_shipped_rules_load() {
    let r = load_ok(&shipped());
    assert_eq!(r.association.id, "sosa");
    assert_eq!(r.association.tz, Tz::Asia__Tokyo);
    assert_eq!(r.association.language, Language::Ja);
    assert_eq!(r.association.plan_year_start, MonthDay { month: 1, day: 1 });
    assert_eq!(
        r.handover,
        Handover { weekday: Weekday::Tue, time: NaiveTime::from_hms_opt(9, 0, 0).unwrap() }
    );
    assert_eq!((r.doctors_per_slot, r.min_gap_slots, r.merge_shorter_than_days), (1, 1, 4));
    assert_eq!(r.weights, Weights { regular_slot: 2, holiday_slot: 4, public_holiday_day: 1 });
    assert_eq!(r.exemption, ExemptWindow::Rotation);
    assert_eq!(r.exempt_slots(r.doctors.len()), 10);
    assert_eq!(
        r.escalation,
        Escalation {
            attending_minutes: 10,
            duty_doctor_minutes: 15,
            hospital_minutes: 10,
            followup_minutes: 60
        }
    );
    assert_eq!(r.phone_of("d01"), Some("0479-00-1001"), "doctors give a number to call back");
    assert_eq!(r.phone_of("ns1"), Some("0479-00-0100"));
    assert_eq!(r.phone_of("h2"), Some("0479-00-0002"));

    let ids: Vec<&str> = r.doctors.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09", "d10"]);
    let d05 = r.doctor("d05").expect("d05");
    assert_eq!((d05.fte, d05.joined, d05.left), (1.0, Some(date(2010, 4, 1)), None));

    let hospitals: Vec<(&str, u32)> =
        r.hospitals.iter().map(|h| (h.id.as_str(), h.order)).collect();
    assert_eq!(hospitals, [("h1", 1), ("h2", 2), ("h3", 3)]);
    assert_eq!(r.nurse_stations.len(), 1);
    assert_eq!(r.admins.len(), 1);
    assert_eq!(r.admins[0].doctor, None);

    let periods: Vec<&str> = r.holiday_periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        periods,
        ["golden_week", "new_year"],
        "holiday periods come in calendar order of their start"
    );
    let ny = r.holiday_period("new_year").expect("new_year");
    assert!(ny.crosses_year());
    assert_eq!(ny.dates_starting_in(2026), (date(2026, 12, 29), date(2027, 1, 4)));
    assert_eq!(ny.weight, 4);
    assert!(r.holiday_period("golden_week").expect("golden_week").extend_over_public_holidays);
}

#[test]
fn the_shipped_rules_load_as_one_file() {
    let joined = format!("{ASSOCIATION}\n{MEMBERS}");
    let r = load_ok(&[src("rules/all.toml", &joined)]);
    assert_eq!(r.doctors.len(), 10);
    assert_eq!(r.holiday_periods.len(), 2);
}

#[test]
fn defaults_apply_when_sections_are_absent() {
    let r = load_ok(&[src("rules/all.toml", MINIMAL)]);
    assert_eq!(r.handover.weekday, Weekday::Tue);
    assert_eq!(r.handover.time, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    assert_eq!(r.doctors_per_slot, 1);
    assert_eq!(r.min_gap_slots, 1);
    assert_eq!(r.merge_shorter_than_days, 4);
    assert_eq!(r.weights, Weights { regular_slot: 2, holiday_slot: 4, public_holiday_day: 1 });
    assert_eq!(r.exemption, ExemptWindow::Rotation);
    assert_eq!(r.escalation, Escalation::DEFAULT);
    assert_eq!(r.escalation.followup_minutes, 60);
    assert_eq!(r.association.tz, Tz::Asia__Tokyo);
    assert_eq!(r.association.language, Language::Ja);
    assert_eq!(r.association.plan_year_start, MonthDay { month: 1, day: 1 });
    assert!(r.holiday_periods.is_empty());
    assert!(r.hospitals.is_empty() && r.nurse_stations.is_empty() && r.admins.is_empty());
    let d = &r.doctors[0];
    assert_eq!((d.fte, d.joined, d.left), (1.0, None, None));
}

#[test]
fn defaults_apply_to_fields_left_out_of_a_section() {
    let text = format!(
        "{MINIMAL}\n[duty]\nhandover_weekday = \"火曜日\"\n[weights]\nholiday_slot = 6\n[holiday_period]\n"
    );
    // `[holiday_period]` as a plain table is not an array of tables: that is a type error.
    assert_eq!(problems(&[src("r.toml", &text)]).len(), 1);

    let text =
        format!("{MINIMAL}\n[duty]\nhandover_weekday = \"火曜日\"\n[weights]\nholiday_slot = 6\n");
    let r = load_ok(&[src("r.toml", &text)]);
    assert_eq!(r.handover.weekday, Weekday::Tue);
    assert_eq!(r.handover.time, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    assert_eq!(r.doctors_per_slot, 1);
    assert_eq!(r.weights, Weights { regular_slot: 2, holiday_slot: 6, public_holiday_day: 1 });
}

#[test]
fn a_holiday_period_weighs_the_default_holiday_slot_unless_it_says_otherwise() {
    let text = format!(
        "{MINIMAL}\n[weights]\nholiday_slot = 5\n\n[[holiday_period]]\nid = \"a\"\nname = \"A\"\nstart = \"12-29\"\nend = \"01-03\"\n\n[[holiday_period]]\nid = \"b\"\nname = \"B\"\nstart = \"05-01\"\nend = \"05-05\"\nweight = 3\n"
    );
    let r = load_ok(&[src("r.toml", &text)]);
    assert_eq!(r.holiday_period("a").unwrap().weight, 5);
    assert_eq!(r.holiday_period("b").unwrap().weight, 3);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = MINIMAL.replace("name = \"A\"\n", "name = \"A\"\nfte = 0\n")
        + "\n[duty]\nhandover_time = \"9am\"\n";
    let ps = problems(&[src("r.toml", &text)]);
    let messages: Vec<String> = ps.iter().map(|p| p.message.en()).collect();
    assert_eq!(ps.len(), 2, "expected two problems, got {messages:#?}");
    assert!(messages[0].starts_with("doctor.fte = 0 is out of range"), "{messages:#?}");
    assert!(messages[1].starts_with("duty.handover_time: '9am'"), "{messages:#?}");
    assert_eq!(
        (ps[0].line, ps[1].line),
        (line_col_of(&text, "fte").0, line_col_of(&text, "9am").0)
    );
}

#[test]
fn problems_in_every_file_are_reported_in_file_and_line_order() {
    let a = "[association]\nid = \"Bad Id\"\nname = \"x\"\ntime_zone = \"Mars/Olympus\"\n";
    let m = "[[doctor]]\nid = \"d01\"\nname = \"A\"\nclinic = \"A\"\njoined = \"yesterday\"\n";
    let ps = problems(&[src("b.toml", m), src("a.toml", a)]);
    let at: Vec<(String, usize)> =
        ps.iter().map(|p| (p.path.display().to_string(), p.line)).collect();
    assert_eq!(at, [("a.toml".into(), 2), ("a.toml".into(), 4), ("b.toml".into(), 5)]);
}

#[test]
fn syntax_errors_in_two_files_are_both_reported() {
    let ps = problems(&[src("a.toml", "[association\n"), src("b.toml", "x = = 1\n")]);
    let paths: Vec<String> = ps.iter().map(|p| p.path.display().to_string()).collect();
    assert_eq!(paths, ["a.toml", "b.toml"]);
    assert!(ps.iter().all(|p| p.line == 1
        && p.hint().map(|h| h.en()).as_deref() == Some("fix the TOML syntax on this line")));
}

#[test]
fn a_section_may_live_in_any_file() {
    // The doctors come first and the duty settings sit with the members.
    let a = "[[doctor]]\nid = \"d01\"\nname = \"A\"\nclinic = \"A\"\n\n[[doctor]]\nid = \"d02\"\nname = \"B\"\nclinic = \"B\"\n";
    let m = "[duty]\nhandover_weekday = \"fri\"\nhandover_time = \"17:30\"\ndoctors_per_slot = 2\n\n[association]\nid = \"x\"\nname = \"X\"\nlanguage = \"en\"\n\n[[doctor]]\nid = \"d03\"\nname = \"C\"\nclinic = \"C\"\n";
    let r = load_ok(&[src("a.toml", a), src("m.toml", m)]);
    assert_eq!(
        r.handover,
        Handover { weekday: Weekday::Fri, time: NaiveTime::from_hms_opt(17, 30, 0).unwrap() }
    );
    assert_eq!(r.doctors_per_slot, 2);
    assert_eq!(r.association.language, Language::En);
    let ids: Vec<&str> = r.doctors.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d01", "d02", "d03"], "doctors keep file order, then listing order");
    assert_eq!(r.exempt_slots(r.doctors.len()), 1, "rotation is ⌊3 doctors / 2 per slot⌋");
}

#[test]
fn a_section_given_in_two_files_is_reported_at_the_second_with_the_first_location() {
    let dup = "\n[escalation]\nhospital_minutes = 5\n";
    let first = format!("{MINIMAL}{dup}");
    let p = only_problem(&[src("a.toml", &first), src("b.toml", dup)]);
    assert_eq!((p.path.display().to_string(), p.line, p.column), ("b.toml".into(), 2, 1));
    let first_line = line_col_of(&first, "[escalation]").0;
    assert_eq!(
        p.message.en(),
        format!("section [escalation] is given again; it was first given at a.toml:{first_line}")
    );
}

#[test]
fn an_id_may_be_used_by_one_member_only() {
    let text = format!("{MINIMAL}\n[[nurse_station]]\nid = \"d01\"\nname = \"N\"\n");
    let p = only_problem(&[src("r.toml", &text)]);
    let (first, _) = line_col_of(&text, "id = \"d01\"");
    let second = text.rfind("id = \"d01\"").unwrap();
    assert_eq!((p.line, p.column), src("r.toml", &text).line_col(second + "id = ".len()));
    assert_eq!(
        p.message.en(),
        format!("nurse_station id 'd01' is already used by the doctor at r.toml:{first}")
    );
}

#[test]
fn a_problem_points_at_the_value_not_the_key() {
    let text = "[association]\nid = \"x\"\nname = \"匝瑳\"\ntime_zone = \"Asia/Tokio\"\n[[doctor]]\nid = \"d01\"\nname = \"A\"\nclinic = \"A\"\n";
    let p = only_problem(&[src("r.toml", text)]);
    assert_eq!((p.line, p.column), (4, 13));
    assert_eq!(p.excerpt.as_deref(), Some("time_zone = \"Asia/Tokio\""));
    assert!(
        p.message.en().starts_with("association.time_zone: 'Asia/Tokio' is not a known time zone"),
        "{}",
        p.message.en()
    );
}

#[test]
fn lines_count_the_same_with_windows_line_endings() {
    let text = MINIMAL
        .replace("clinic = \"A clinic\"", "clinic = \"A clinic\"\nfte = 2.0")
        .replace('\n', "\r\n");
    let p = only_problem(&[src("r.toml", &text)]);
    assert_eq!((p.line, p.column), (line_col_of(&text, "fte").0, 7));
    assert_eq!(p.excerpt.as_deref(), Some("fte = 2.0"));
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let text = MINIMAL.replace("clinic = \"A clinic\"", "clinic = \"A clinic\"\nclinc = \"typo\"");
    let p = only_problem(&[src("r.toml", &text)]);
    assert!(p.message.en().starts_with("unknown field `clinc`"), "{}", p.message.en());
    assert_eq!((p.line, p.column), (line_col_of(&text, "clinc =").0, 1));
    assert!(p.hint().map(|h| h.en()).as_deref().is_some_and(|h| h.contains("spelling")), "{p:?}");
}

#[test]
fn a_missing_field_is_named_at_its_table() {
    let text = MINIMAL.replace("clinic = \"A clinic\"\n", "");
    let p = only_problem(&[src("r.toml", &text)]);
    assert_eq!(p.message.en(), "missing field `clinic`");
    assert_eq!(p.line, line_col_of(&text, "[[doctor]]").0);
}

#[test]
fn no_files_is_a_problem() {
    let p = only_problem(&[]);
    assert_eq!(p.line, 0);
    assert!(p.message.en().contains("no rules files"), "{}", p.message.en());
}

#[test]
fn no_association_is_a_problem() {
    let text = MINIMAL.replace("[association]\nid = \"test\"\nname = \"Test association\"\n", "");
    let p = only_problem(&[src("r.toml", &text)]);
    assert_eq!(
        (p.line, p.message.en().as_str()),
        (0, "no [association] section in any rules file")
    );
}

#[test]
fn no_doctors_is_reported_on_the_file_that_lists_the_members() {
    let a = "[association]\nid = \"x\"\nname = \"X\"\n";
    let m = "[[hospital]]\nid = \"h1\"\nname = \"H\"\nphone = \"0479-00-0001\"\norder = 1\n";
    let p = only_problem(&[src("rules/association.toml", a), src("rules/members.toml", m)]);
    assert_eq!(p.path, PathBuf::from("rules/members.toml"));
    assert_eq!((p.line, p.message.en().as_str()), (0, "no [[doctor]] entries in any rules file"));
    // With no members at all, the first file is named.
    let p = only_problem(&[src("rules/association.toml", a)]);
    assert_eq!(p.path, PathBuf::from("rules/association.toml"));
}

#[test]
fn doctors_per_slot_may_not_exceed_the_doctors_listed() {
    let text = format!("{MINIMAL}\n[duty]\ndoctors_per_slot = 2\n");
    let p = only_problem(&[src("r.toml", &text)]);
    assert_eq!(p.message.en(), "duty.doctors_per_slot = 2 but only 1 doctors are listed");
    assert_eq!(p.line, line_col_of(&text, "doctors_per_slot").0);
}

#[test]
fn joined_and_left_may_be_toml_dates_or_text() {
    let text = MINIMAL.replace(
        "clinic = \"A clinic\"\n",
        "clinic = \"A clinic\"\njoined = 2010-04-01\nleft = \"2030-03-31\"\n",
    );
    let d = load_ok(&[src("r.toml", &text)]).doctors.remove(0);
    assert_eq!((d.joined, d.left), (Some(date(2010, 4, 1)), Some(date(2030, 3, 31))));
    assert!(d.is_member_on(date(2010, 4, 1)) && d.is_member_on(date(2030, 3, 31)));
    assert!(!d.is_member_on(date(2010, 3, 31)) && !d.is_member_on(date(2030, 4, 1)));
}

#[test]
fn a_joined_date_with_a_time_or_a_number_is_refused() {
    for bad in ["2010-04-01T09:00:00", "2010", "\"2010-4-1\"", "\"2010-02-30\""] {
        let text = MINIMAL.replace(
            "clinic = \"A clinic\"\n",
            &format!("clinic = \"A clinic\"\njoined = {bad}\n"),
        );
        let p = only_problem(&[src("r.toml", &text)]);
        assert!(
            p.message.en().starts_with("doctor.joined: "),
            "joined = {bad}: {}",
            p.message.en()
        );
        assert_eq!(p.line, line_col_of(&text, "joined").0, "joined = {bad}");
    }
}

#[test]
fn fte_may_be_written_as_a_whole_number_or_a_share() {
    for (written, fte) in [("1", 1.0), ("0.5", 0.5), ("1.0", 1.0)] {
        let text = MINIMAL.replace(
            "clinic = \"A clinic\"\n",
            &format!("clinic = \"A clinic\"\nfte = {written}\n"),
        );
        assert_eq!(load_ok(&[src("r.toml", &text)]).doctors[0].fte, fte, "fte = {written}");
    }
    for bad in ["0", "-0.5", "1.01", "nan", "inf"] {
        let text = MINIMAL
            .replace("clinic = \"A clinic\"\n", &format!("clinic = \"A clinic\"\nfte = {bad}\n"));
        let p = only_problem(&[src("r.toml", &text)]);
        assert!(p.message.en().starts_with("doctor.fte = "), "fte = {bad}: {}", p.message.en());
    }
}

#[test]
fn exemption_is_rotation_or_a_number_of_slots() {
    let with = |v: &str| format!("{MINIMAL}\n[exemption]\nslots_before_holiday = {v}\n");
    assert_eq!(load_ok(&[src("r.toml", &with("\"rotation\""))]).exemption, ExemptWindow::Rotation);
    assert_eq!(load_ok(&[src("r.toml", &with("0"))]).exemption, ExemptWindow::Slots(0));
    assert_eq!(load_ok(&[src("r.toml", &with("3"))]).exemption, ExemptWindow::Slots(3));
    for bad in ["\"always\"", "53", "-1", "1.5", "true"] {
        let p = only_problem(&[src("r.toml", &with(bad))]);
        assert!(
            p.message.en().starts_with("exemption.slots_before_holiday = "),
            "{bad}: {}",
            p.message.en()
        );
        assert!(p.message.en().contains("\"rotation\""), "{bad}: {}", p.message.en());
    }
}

#[test]
fn numbers_out_of_range_name_the_field_and_the_range() {
    for (section, field, value, range) in [
        ("duty", "doctors_per_slot", "0", "1 to 10"),
        ("duty", "min_gap_slots", "53", "0 to 52"),
        ("duty", "merge_shorter_than_days", "8", "0 to 7"),
        ("weights", "regular_slot", "0", "1 to 100"),
        ("weights", "public_holiday_day", "-1", "0 to 100"),
        ("escalation", "attending_minutes", "1441", "1 to 1440"),
        ("escalation", "followup_minutes", "721", "0 to 720"),
        ("escalation", "followup_minutes", "-5", "0 to 720"),
    ] {
        let text = format!("{MINIMAL}\n[{section}]\n{field} = {value}\n");
        let p = only_problem(&[src("r.toml", &text)]);
        let expected =
            format!("{section}.{field} = {value} is out of range: use a whole number from {range}");
        assert_eq!(p.message.en(), expected);
        assert_eq!((p.line, p.column), (line_col_of(&text, field).0, field.len() + 4));
    }
}

fn with_periods(periods: &[(&str, &str, &str)]) -> String {
    let mut text = MINIMAL.to_string();
    for (id, start, end) in periods {
        text += &format!(
            "\n[[holiday_period]]\nid = \"{id}\"\nname = \"{id}\"\nstart = \"{start}\"\nend = \"{end}\"\n"
        );
    }
    text
}

#[test]
fn holiday_periods_may_touch_but_not_overlap() {
    let text = with_periods(&[
        ("new_year", "12-29", "01-04"),
        ("early_jan", "01-05", "01-07"),
        ("late_dec", "12-20", "12-28"),
    ]);
    let r = load_ok(&[src("r.toml", &text)]);
    let ids: Vec<&str> = r.holiday_periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["early_jan", "late_dec", "new_year"], "sorted by their start month-day");

    // A period in early January overlaps the end of one that crosses New Year.
    let text = with_periods(&[("new_year", "12-29", "01-04"), ("early_jan", "01-04", "01-06")]);
    let p = only_problem(&[src("r.toml", &text)]);
    assert_eq!(
        p.message.en(),
        "holiday period 'early_jan' (01-04..01-06) overlaps holiday period 'new_year' (12-29..01-04)"
    );
    assert_eq!(
        p.line,
        line_col_of(&text, "id = \"early_jan\"").0 - 1,
        "reported at the [[holiday_period]] header"
    );
}

#[test]
fn every_overlapping_pair_is_reported() {
    let text =
        with_periods(&[("a", "05-01", "05-10"), ("b", "05-05", "05-06"), ("c", "05-09", "05-12")]);
    let ps = problems(&[src("r.toml", &text)]);
    let messages: Vec<String> = ps.iter().map(|p| p.message.en()).collect();
    assert_eq!(ps.len(), 2, "b overlaps a and c overlaps a; b and c do not meet: {messages:#?}");
    assert!(
        messages[0].starts_with("holiday period 'b'")
            && messages[1].starts_with("holiday period 'c'"),
        "{messages:#?}"
    );
}

#[test]
fn a_holiday_period_may_not_be_called_regular() {
    let text = with_periods(&[("regular", "05-01", "05-03")]);
    let p = only_problem(&[src("r.toml", &text)]);
    assert!(
        p.message.en().contains("'regular' is the kind of ordinary slots"),
        "{}",
        p.message.en()
    );
}

#[test]
fn hospitals_are_sorted_by_their_escalation_order() {
    let text = format!(
        "{MINIMAL}\n[[hospital]]\nid = \"late\"\nname = \"L\"\nphone = \"0479-00-0002\"\norder = 2\n\n[[hospital]]\nid = \"first\"\nname = \"F\"\nphone = \"+81 479 00 0001\"\norder = 1\n"
    );
    let r = load_ok(&[src("r.toml", &text)]);
    let ids: Vec<&str> = r.hospitals.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["first", "late"]);
    assert_eq!(r.hospitals[0].phone, "+81 479 00 0001");
}

#[test]
fn an_admin_may_also_be_a_doctor() {
    let text = format!("{MINIMAL}\n[[admin]]\nid = \"office\"\nname = \"O\"\ndoctor = \"d01\"\n");
    let r = load_ok(&[src("r.toml", &text)]);
    assert_eq!(r.admins[0].doctor.as_ref().map(MemberId::as_str), Some("d01"));

    let text = text.replace("doctor = \"d01\"", "doctor = \"d99\"");
    let p = only_problem(&[src("r.toml", &text)]);
    assert_eq!(p.message.en(), "admin.doctor refers to 'd99', which is not a doctor in the rules");
}

#[test]
fn a_load_never_panics_on_odd_input() {
    // Each of these must give problems (or rules), never a panic.
    let odd = [
        "",
        "\u{feff}",
        "[association",
        "[[doctor]]",
        "doctor = 1",
        "doctor = [1]",
        "[association]\nid = 1\nname = 2",
        "x = \"\u{1F600}\n",
        "[[doctor]]\nid = \"\"\nname = \"\"\nclinic = \"\"\nfte = 1e400",
        "[[holiday_period]]\nid = \"a\"\nname = \"a\"\nstart = \"02-29\"\nend = \"02-28\"",
    ];
    for text in odd {
        let _ = load(&[src("r.toml", text)]);
        let _ = load(&[src("a.toml", MINIMAL), src("b.toml", text)]);
    }
}

#[test]
fn a_doctor_or_admin_may_give_a_phone_number_and_a_bad_one_names_its_line() {
    let text =
        format!("{MINIMAL}\n[[admin]]\nid = \"office\"\nname = \"O\"\nphone = \"0479-00-0900\"\n");
    let r = load_ok(&[src("r.toml", &text)]);
    assert_eq!(r.phone_of("office"), Some("0479-00-0900"));
    let with_phone = MINIMAL.replacen("[[doctor]]", "[[doctor]]\nphone = \"夜間は携帯\"", 1);
    assert_ne!(with_phone, MINIMAL, "MINIMAL has a doctor");
    let p = only_problem(&[src("r.toml", &with_phone)]);
    assert!(
        p.message.en().starts_with("doctor.phone: '夜間は携帯' is not a phone number"),
        "{}",
        p.message.en()
    );
    assert_eq!(p.line, line_col_of(&with_phone, "phone = ").0);
}

#[test]
fn the_duty_phone_and_the_call_types_minutes_load_and_default_to_the_urgent_ones() {
    let r = load_ok(&[src("minimal.toml", MINIMAL)]);
    assert_eq!(r.association.phone, None);
    assert_eq!(
        (r.call_times.death, r.call_times.advice),
        (r.escalation.steps(), r.escalation.steps())
    );
    let text = MINIMAL.replace(
        "name = \"Test association\"",
        "name = \"Test association\"\nphone = \"0479-00-0990\"\n\n[escalation]\nduty_doctor_minutes = 20\n\n[escalation.death]\nattending_minutes = 30\n",
    );
    let r = load_ok(&[src("a.toml", &text)]);
    assert_eq!(r.association.phone.as_deref(), Some("0479-00-0990"));
    let death = r.call_times.death;
    assert_eq!(
        (death.attending_minutes, death.duty_doctor_minutes, death.hospital_minutes),
        (30, 20, 10)
    );
    assert_eq!(r.call_times.advice.duty_doctor_minutes, 20, "the urgent value of this file");
    let p = only_problem(&[src(
        "a.toml",
        &text.replace("attending_minutes = 30", "attending_minutes = 0"),
    )]);
    assert!(p.to_string().contains("escalation.death.attending_minutes"), "{p}");
}

#[test]
fn a_death_fallback_must_be_a_current_doctor_and_a_wrong_one_names_its_line() {
    let with = |fallback: &str| {
        ASSOCIATION
            .replace("[swap]", &format!("[escalation.death]\nfallback = \"{fallback}\"\n\n[swap]"))
    };
    let sources =
        |text: &str| vec![src("rules/association.toml", text), src("rules/members.toml", MEMBERS)];
    let r = load_ok(&sources(&with("d07")));
    assert_eq!(r.call_times.death_fallback.as_ref().map(|d| d.as_str()), Some("d07"));
    assert_eq!(load_ok(&shipped()).call_times.death_fallback, None, "the shipped rules name none");
    for (id, ja, en) in [
        ("d99", "「d99」は、会員名簿にありません", "'d99' is not a member"),
        ("h1", "「h1」は後方支援病院です", "'h1' is a hospital, not a doctor"),
    ] {
        let text = with(id);
        let p = only_problem(&sources(&text));
        assert_eq!(p.path, PathBuf::from("rules/association.toml"));
        let line = text.lines().position(|l| l.starts_with("fallback = ")).unwrap() + 1;
        assert_eq!(p.line, line, "{p}");
        assert!(p.message.ja().contains(ja), "{}", p.message.ja());
        assert!(p.message.en().contains(en), "{}", p.message.en());
    }
    let leaving = MEMBERS.replacen("id = \"d07\"", "id = \"d07\"\nleft = \"2027-03-31\"", 1);
    assert_ne!(leaving, MEMBERS);
    let text = with("d07");
    let p =
        only_problem(&[src("rules/association.toml", &text), src("rules/members.toml", &leaving)]);
    assert!(p.message.en().contains("leaves the association on 2027-03-31"), "{}", p.message.en());
    assert!(p.message.ja().contains("2027年3月31日"), "{}", p.message.ja());
    // Only a death confirmation has a fallback.
    let advice = ASSOCIATION.replace("[swap]", "[escalation.advice]\nfallback = \"d07\"\n\n[swap]");
    let p = only_problem(&sources(&advice));
    assert!(p.message.en().contains("fallback"), "{}", p.message.en());
}

// See: issue 18 ("English names are not romanised"): an optional `name_en` per member, read
// in English, the Japanese name otherwise and when none is given.
#[test]
fn an_english_name_is_read_in_english_and_the_japanese_one_otherwise() {
    use crate::msg::Lang;
    let r = load_ok(&shipped());
    assert_eq!(r.name_in("d01", Lang::Ja), "青木 一郎");
    assert_eq!(r.name_in("d01", Lang::En), "Aoki Ichiro", "the shipped rules romanise");
    assert_eq!(r.name_in("h1", Lang::En), "Sosa Central Hospital");
    assert_eq!(r.name_in("ns1", Lang::En), "Sosa Visiting Nurse Station");
    assert_eq!(r.name_of("d01"), "青木 一郎", "a Japanese association reads Japanese");
    let m = MINIMAL.replace("name = \"A\"\n", "name = \"青木 一郎\"\nname_en = \"Aoki Ichiro\"\n");
    let en = m.replace("name = \"Test association\"", "name = \"Test\"\nlanguage = \"en\"");
    let r = load_ok(&[src("rules.toml", &en)]);
    assert_eq!(r.name_of("d01"), "Aoki Ichiro", "an English association's messages");
    let r = load_ok(&[src("rules.toml", MINIMAL)]);
    assert_eq!(r.name_in("d01", Lang::En), "A", "no name_en: the name as written");
    assert_eq!(r.name_in("nobody", Lang::En), "nobody");
    // A reader's view: every member's name in English where one is given.
    let r = load_ok(&shipped()).for_reader(Lang::En);
    assert_eq!(r.name_of("d01"), "Aoki Ichiro");
    assert_eq!(r.doctors[0].name, "Aoki Ichiro");
    assert_eq!(r.association.language, Language::Ja, "the association's language is its own");
}

// See: issue 18.
#[test]
fn an_english_name_in_japanese_script_or_empty_is_refused_with_the_line() {
    let m = MINIMAL.replace("name = \"A\"\n", "name = \"青木 一郎\"\nname_en = \"青木 一郎\"\n");
    let p = only_problem(&[src("rules.toml", &m)]);
    assert_eq!(p.line, line_col_of(&m, "name_en").0);
    assert!(p.message.en().contains("doctor.name_en"), "{}", p.message.en());
    assert!(p.message.ja().contains("ローマ字"), "{}", p.message.ja());
    let m = MINIMAL.replace("name = \"A\"\n", "name = \"A\"\nname_en = \" \"\n");
    let p = only_problem(&[src("rules.toml", &m)]);
    assert!(p.message.en().contains("name_en"), "{}", p.message.en());
    // The association's own (English review 5), checked alike.
    let m = MINIMAL.replace("name = \"Test association\"", "name = \"Test\"\nname_en = \"試験\"");
    let p = only_problem(&[src("rules.toml", &m)]);
    assert!(p.message.en().contains("association.name_en"), "{}", p.message.en());
}

// See: issue 18 English review 5: English pages were headed by the association's Japanese
// name; `association.name_en` is shown to English readers.
#[test]
fn the_associations_english_name_is_read_in_english() {
    use crate::msg::Lang;
    let r = load_ok(&shipped());
    assert_eq!(r.association_name(Lang::Ja), "匝瑳医師会 在宅患者24時間支援システム");
    assert!(r.association_name(Lang::En).starts_with("Sosa Medical Association"));
    assert_eq!(r.for_reader(Lang::En).association.name, r.association_name(Lang::En));
    let r = load_ok(&[src("rules.toml", MINIMAL)]);
    assert_eq!(r.association_name(Lang::En), "Test association", "none given: as written");
}
