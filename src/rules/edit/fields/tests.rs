use super::*;
use crate::rules::edit::{DoctorFields, Edit, PeriodFields, PlaceFields, PlaceKind};

fn rules() -> Rules {
    crate::plan::testing::sosa()
}

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("a date")
}

fn doctor(f: DoctorFields) -> Edit {
    Edit::AddDoctor { id: "d13".into(), fields: f }
}

fn fine_doctor() -> DoctorFields {
    DoctorFields {
        name: "新井 翔".into(), clinic: "新井医院".into(), ..DoctorFields::default()
    }
}

#[test]
fn a_fine_entry_of_every_kind_has_no_problem() {
    let r = rules();
    let hospital = PlaceFields {
        name: "匝瑳新病院".into(),
        phone: "0479-00-0004".into(),
        order: "4".into(),
        ..PlaceFields::default()
    };
    let obon = PeriodFields {
        name: "お盆".into(),
        start: "08-13".into(),
        end: "08-16".into(),
        ..PeriodFields::default()
    };
    for edit in [
        doctor(DoctorFields { fte: "0.5".into(), joined: "2027-04-01".into(), ..fine_doctor() }),
        Edit::AddPlace { kind: PlaceKind::Hospital, id: "h4".into(), fields: hospital.clone() },
        Edit::EditPlace { id: "h3".into(), fields: PlaceFields { order: "3".into(), ..hospital } },
        Edit::AddPeriod { id: "obon".into(), fields: obon },
        Edit::EditPeriod {
            id: "golden_week".into(),
            fields: PeriodFields {
                name: "GW".into(),
                start: "04-29".into(),
                end: "05-05".into(),
                weight: "3".into(),
                extend: true,
            },
        },
    ] {
        assert_eq!(check(&r, &edit), vec![], "{edit:?} should pass");
    }
}

#[test]
fn a_used_id_names_who_uses_it() {
    let r = rules();
    let edit = Edit::AddDoctor { id: "d05".into(), fields: fine_doctor() };
    assert_eq!(
        check(&r, &edit),
        vec![FieldProblem::IdUsed {
            kind: IdKind::Doctor,
            id: "d05".into(),
            by: Owner::Doctor("大野 修".into())
        }]
    );
    let station = PlaceFields { name: "x".into(), ..PlaceFields::default() };
    let edit = Edit::AddPlace { kind: PlaceKind::NurseStation, id: "h1".into(), fields: station };
    assert_eq!(
        check(&r, &edit),
        vec![FieldProblem::IdUsed {
            kind: IdKind::Station,
            id: "h1".into(),
            by: Owner::Named("国保匝瑳中央病院".into())
        }]
    );
    let p = PeriodFields {
        name: "x".into(),
        start: "08-13".into(),
        end: "08-16".into(),
        ..PeriodFields::default()
    };
    let edit = Edit::AddPeriod { id: "new_year".into(), fields: p.clone() };
    assert!(
        matches!(&check(&r, &edit)[..], [FieldProblem::IdUsed { by: Owner::Named(n), .. }] if n == "年末年始")
    );
    let edit = Edit::AddPeriod { id: "regular".into(), fields: p };
    assert_eq!(check(&r, &edit), vec![FieldProblem::ReservedId]);
}

#[test]
fn each_bad_doctor_field_is_named_once_in_the_forms_order() {
    let r = rules();
    let typed = DoctorFields {
        name: " ".into(),
        clinic: String::new(),
        fte: "1.5".into(),
        joined: "2027/04/01".into(),
        left: "2027-13-01".into(),
        phone: "でんわ".into(),
        name_en: "青木 一郎".into(),
    };
    let edit = Edit::AddDoctor { id: "D 13".into(), fields: typed };
    assert_eq!(
        check(&r, &edit),
        vec![
            FieldProblem::BadId { kind: IdKind::Doctor, typed: "D 13".into() },
            FieldProblem::Empty(Field::Name),
            FieldProblem::NameEn { typed: "青木 一郎".into() },
            FieldProblem::Empty(Field::Clinic),
            FieldProblem::Fte { typed: "1.5".into() },
            FieldProblem::Phone { typed: "でんわ".into() },
            FieldProblem::Date { field: Field::Joined, typed: "2027/04/01".into() },
            FieldProblem::Date { field: Field::Left, typed: "2027-13-01".into() },
        ]
    );
    for (fte, ok) in [
        ("1", true),
        ("0.25", true),
        ("0", false),
        ("-1", false),
        ("NaN", false),
        ("inf", false),
        ("半分", false),
    ] {
        let edit = doctor(DoctorFields { fte: fte.into(), ..fine_doctor() });
        assert_eq!(check(&r, &edit).is_empty(), ok, "fte {fte}");
    }
    let edit = Edit::EditDoctor {
        id: "d05".into(),
        fields: DoctorFields {
            joined: "2010-04-01".into(),
            left: "2009-03-31".into(),
            ..fine_doctor()
        },
    };
    let left_before =
        FieldProblem::LeftBeforeJoined { left: day("2009-03-31"), joined: day("2010-04-01") };
    assert_eq!(check(&r, &edit), vec![left_before.clone()]);
    assert_eq!(left_before.field(), Field::Left);
}

#[test]
fn a_hospital_needs_a_phone_and_an_order_of_its_own() {
    let r = rules();
    let typed = PlaceFields {
        name: String::new(),
        phone: String::new(),
        order: "二".into(),
        ..PlaceFields::default()
    };
    let edit = Edit::AddPlace { kind: PlaceKind::Hospital, id: "h4".into(), fields: typed };
    assert_eq!(
        check(&r, &edit),
        vec![
            FieldProblem::Empty(Field::PlaceName),
            FieldProblem::Empty(Field::Phone),
            FieldProblem::Order { typed: "二".into() },
        ]
    );
    let typed = PlaceFields {
        name: "さくら".into(),
        phone: "0479-00-0003".into(),
        order: "2".into(),
        ..PlaceFields::default()
    };
    let edit = Edit::EditPlace { id: "h3".into(), fields: typed.clone() };
    assert_eq!(
        check(&r, &edit),
        vec![FieldProblem::OrderUsed { order: 2, by: "東総記念病院".into() }]
    );
    for order in ["0", "100", "", "1.5"] {
        let edit = Edit::EditPlace {
            id: "h3".into(),
            fields: PlaceFields { order: order.into(), ..typed.clone() },
        };
        assert_eq!(check(&r, &edit).len(), 1, "order {order:?}");
    }
    // A station's phone is optional and its order ignored.
    let station = PlaceFields {
        name: "本所".into(),
        phone: String::new(),
        order: "x".into(),
        ..PlaceFields::default()
    };
    assert_eq!(check(&r, &Edit::EditPlace { id: "ns1".into(), fields: station }), vec![]);
}

#[test]
fn a_holiday_period_must_read_as_month_days_and_fit_among_the_others() {
    let r = rules();
    let p = |start: &str, end: &str| PeriodFields {
        name: "夏".into(),
        start: start.into(),
        end: end.into(),
        ..PeriodFields::default()
    };
    let add = |f| check(&r, &Edit::AddPeriod { id: "summer".into(), fields: f });
    assert_eq!(
        add(p("04-31", "5-5")),
        vec![
            FieldProblem::MonthDay { field: Field::Start, typed: "04-31".into() },
            FieldProblem::MonthDay { field: Field::End, typed: "5-5".into() },
        ]
    );
    assert_eq!(add(p("02-29", "03-01")), vec![FieldProblem::LeapDay { field: Field::Start }]);
    assert_eq!(add(p("07-20", "08-31")), vec![FieldProblem::TooLong { days: 43, max: 31 }]);
    let new_year = r.holiday_period("new_year").unwrap();
    assert_eq!(
        add(p("12-30", "01-02")),
        vec![FieldProblem::Overlap {
            other: "年末年始".into(),
            start: new_year.start,
            end: new_year.end
        }]
    );
    assert_eq!(
        add(PeriodFields { weight: "0".into(), ..p("08-13", "08-16") }),
        vec![FieldProblem::Weight { typed: "0".into() }]
    );
    // A period edited does not overlap itself.
    let edit = Edit::EditPeriod { id: "new_year".into(), fields: p("12-28", "01-03") };
    assert_eq!(check(&r, &edit), vec![]);
}

/// The pre-check and the loader agree: what the pre-check passes, the loader loads, for each
/// single field's bad and good values (the loader is the judge; the pre-check only speaks
/// first, in plainer words).
#[test]
fn what_the_pre_check_passes_the_loader_loads_and_what_it_refuses_the_loader_refuses() {
    let sources = vec![
        crate::rules::Source {
            path: "association.toml".into(),
            text: crate::plan::testing::SOSA_ASSOCIATION.into(),
        },
        crate::rules::Source {
            path: "members.toml".into(),
            text: crate::plan::testing::SOSA_MEMBERS.into(),
        },
    ];
    let r = crate::rules::load(&sources).unwrap();
    let cases: Vec<DoctorFields> = ["", "0.5", "1", "1.5", "0", "x"]
        .iter()
        .map(|fte| DoctorFields { fte: (*fte).into(), ..fine_doctor() })
        .chain(
            ["", "0479-00-1", "12", "abc", "+81 (479) 00-1234"]
                .iter()
                .map(|ph| DoctorFields { phone: (*ph).into(), ..fine_doctor() }),
        )
        .chain(
            ["", "2027-04-01", "2027-4-1", "2027-02-30"]
                .iter()
                .map(|j| DoctorFields { joined: (*j).into(), ..fine_doctor() }),
        )
        .collect();
    for fields in cases {
        let edit = doctor(fields.clone());
        let pre = check(&r, &edit).is_empty();
        let mut candidate = sources.clone();
        let mut doc: toml_edit::DocumentMut = candidate[1].text.parse().unwrap();
        crate::rules::edit::edit_document(&mut doc, &edit).unwrap();
        candidate[1].text = doc.to_string();
        let loads = crate::rules::load(&candidate).is_ok();
        assert_eq!(pre, loads, "{fields:?}: pre-check {pre}, loader {loads}");
    }
}
