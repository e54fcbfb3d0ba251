use super::*;
use crate::import::table::{self, Cell, Row};
use crate::plan::testing::sosa;

/// Rows of a CSV text, as the file reader gives them.
fn rows(csv: &str) -> Vec<Row> {
    table::read(csv.as_bytes(), None).unwrap_or_else(|e| panic!("{e:?}")).1
}

fn problems(csv: &str) -> Vec<(usize, String, RowMsg)> {
    match plan(&sosa(), &rows(csv)) {
        Err(SheetError::Rows { problems, .. }) => {
            problems.into_iter().map(|p| (p.line, p.column, p.what)).collect()
        }
        other => panic!("expected bad rows, got {other:?}"),
    }
}

#[test]
fn a_new_doctor_is_added_a_known_one_updated_and_an_identical_one_left() {
    let csv = "ID,氏名,医療機関,勤務割合,電話,参加日,退会日,備考\n\
               d13,新井 翔,新井医院,0.5,0479-00-1013,2027/4/1,,新規\n\
               d02,石川 花子,石川医院,,0479-00-2002,1999-04-01,2027-03-31,\n\
               d01,青木 一郎,青木内科クリニック,,0479-00-1001,1999/4/1,,\n";
    let p = plan(&sosa(), &rows(csv)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(p.counts(), (1, 1, 1));
    assert_eq!(p.ignored, vec!["備考".to_string()]);
    let Change::Add { id, fields, line } = &p.changes[0] else { panic!("{:?}", p.changes) };
    assert_eq!((id.as_str(), *line), ("d13", 2));
    assert_eq!(fields.fte, "0.5");
    assert_eq!(fields.joined, "2027-04-01");
    let Change::Update { diffs, .. } = &p.changes[1] else { panic!("{:?}", p.changes) };
    let changed: Vec<Field> = diffs.iter().map(|d| d.field).collect();
    assert_eq!(changed, vec![Field::Phone, Field::Left]);
    assert_eq!(p.changes[2], Change::Same { line: 4, id: "d01".into() });
    assert_eq!(p.edits.len(), 2, "no edit for the unchanged row");
}

#[test]
fn a_column_the_sheet_lacks_keeps_the_rules_value_and_an_empty_cell_clears_it() {
    // No phone column: d03 keeps the phone; an empty 参加日 cell removes the date.
    let p = plan(&sosa(), &rows("id,name,joined\nd03,上田 誠,\n")).unwrap();
    let Change::Update { diffs, .. } = &p.changes[0] else { panic!("{:?}", p.changes) };
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!(
        (diffs[0].field, diffs[0].old.as_str(), diffs[0].new.as_str()),
        (Field::Joined, "2003-04-01", "")
    );
    let Edit::EditDoctor { fields, .. } = &p.edits[0] else { panic!() };
    assert_eq!(fields.phone, "0479-00-1003");
    assert_eq!(fields.clinic, "上田外科内科");
}

#[test]
fn full_width_digits_percentages_and_japanese_dates_read_as_typed_in_excel() {
    let csv = "ｉｄ,氏名,医療機関,勤務割合,電話,参加日\n\
               ｄ１３,新井 翔,新井医院,５０％,０４７９－００－１０１３,２０２７年４月１日\n";
    let p = plan(&sosa(), &rows(csv)).unwrap_or_else(|e| panic!("{e:?}"));
    let Change::Add { id, fields, .. } = &p.changes[0] else { panic!() };
    assert_eq!(id, "d13");
    assert_eq!((fields.fte.as_str(), fields.phone.as_str()), ("0.5", "0479-00-1013"));
    assert_eq!(fields.joined, "2027-04-01");
}

#[test]
fn every_kind_of_bad_row_is_named_with_its_row_and_column() {
    let csv = "id,name,clinic,fte,phone,joined,left\n\
               ,名無し,医院,,,,\n\
               D 1,x,医院,,,,\n\
               d13,,医院,,,,\n\
               d14,新 一,,,,,\n\
               d15,新 二,医院,1.5,,,\n\
               d16,新 三,医院,,abc,,\n\
               d17,新 四,医院,,,2027/13/1,\n\
               d18,新 五,医院,,,2027-04-01,2027-03-31\n\
               h1,病院の人,医院,,,,\n\
               d19,新 六,医院,,,,\n\
               d19,新 六,医院,,,,\n";
    let got = problems(csv);
    let expect = [
        (2, "A", RowMsg::IdMissing),
        (3, "A", RowMsg::BadId { value: "D 1".into() }),
        (4, "B", RowMsg::NameMissing),
        (5, "C", RowMsg::ClinicMissing),
        (6, "D", RowMsg::BadFte { value: "1.5".into() }),
        (7, "E", RowMsg::BadPhone { value: "abc".into() }),
        (8, "F", RowMsg::BadDate { value: "2027/13/1".into() }),
        (
            9,
            "G",
            RowMsg::LeftBeforeJoined {
                left: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
                joined: NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(),
            },
        ),
        (
            10,
            "A",
            RowMsg::IdNotDoctor {
                id: "h1".into(),
                kind: OtherKind::Hospital,
                name: "国保匝瑳中央病院".into(),
            },
        ),
        (12, "A", RowMsg::IdTwice { id: "d19".into(), earlier: 11 }),
    ];
    let want: Vec<(usize, String, RowMsg)> =
        expect.into_iter().map(|(l, c, m)| (l, c.to_string(), m)).collect();
    assert_eq!(got, want);
}

#[test]
fn workbook_cells_phone_numbers_serial_days_and_error_values() {
    let head = Row {
        line: 1,
        cells: ["id", "name", "clinic", "phone", "joined"]
            .into_iter()
            .map(|s| Cell::Text(s.into()))
            .collect(),
    };
    let row = |line, phone: Cell, joined: Cell| Row {
        line,
        cells: vec![
            Cell::Text(format!("d{line}")),
            Cell::Text("新 一".into()),
            Cell::Text("医院".into()),
            phone,
            joined,
        ],
    };
    let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let good = [
        head.clone(),
        row(20, Cell::Empty, Cell::Date(day)),
        row(21, Cell::Empty, Cell::Number(46113.0)),
    ];
    let p = plan(&sosa(), &good).unwrap_or_else(|e| panic!("{e:?}"));
    for c in &p.changes {
        let Change::Add { fields, .. } = c else { panic!() };
        assert_eq!(fields.joined, "2026-04-01", "a date cell and a serial day read alike");
    }
    let bad = [head, row(30, Cell::Number(479_001_001.0), Cell::Error("#N/A".into()))];
    let Err(SheetError::Rows { problems, .. }) = plan(&sosa(), &bad) else { panic!() };
    let whats: Vec<RowMsg> = problems.into_iter().map(|p| p.what).collect();
    assert_eq!(
        whats,
        vec![
            RowMsg::PhoneAsNumber { value: "479001001".into() },
            RowMsg::CellError { value: "#N/A".into() },
        ]
    );
}

#[test]
fn a_header_without_id_or_name_is_refused_with_what_it_has() {
    let err = plan(&sosa(), &rows("番号,先生,医院\n1,x,y\n")).unwrap_err();
    assert_eq!(
        err,
        SheetError::MissingColumns {
            line: 1,
            missing: vec![Field::Id, Field::Name],
            found: vec!["番号".into(), "先生".into(), "医院".into()],
        }
    );
    let twice = plan(&sosa(), &rows("id,name,電話,phone\n")).unwrap_err();
    assert!(matches!(twice, SheetError::ColumnTwice { field: Field::Phone, .. }), "{twice:?}");
    assert_eq!(plan(&sosa(), &rows("id,name\n\n")), Err(SheetError::NoRows));
    assert_eq!(plan(&sosa(), &rows("\n\n")), Err(SheetError::NoHeader));
}

#[test]
fn rows_of_other_members_are_passed_over_by_their_role() {
    let csv = "区分,ID,氏名,医療機関\n医師,d13,新井 翔,新井医院\n病院,h9,新病院,\n";
    let p = plan(&sosa(), &rows(csv)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(p.counts(), (1, 0, 0));
    assert_eq!(p.skipped, vec![3]);
}

#[test]
fn excel_column_letters() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(27), "AB");
}
