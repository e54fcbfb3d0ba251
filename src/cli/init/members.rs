//! A members list from the office's spreadsheet: a CSV with a header row, in English or
//! Japanese column names, turned into `members.toml`.
//!
//! Key decision: every bad line is reported at once, naming the file and line, so the clerk
//! fixes the spreadsheet in one go; ids are made up (d01, h1, ns1, office) where the sheet has
//! none, since the office thinks in names, not ids.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::msg::init::InitMsg;

/// What a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A duty doctor.
    Doctor,
    /// A backup hospital.
    Hospital,
    /// A visiting-nurse station.
    NurseStation,
    /// The office.
    Admin,
}

/// One member as read from the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// What they are.
    pub kind: Kind,
    /// Their id (given or made up).
    pub id: String,
    /// Name.
    pub name: String,
    /// A doctor's clinic.
    pub clinic: String,
    /// Share of a full load.
    pub fte: Option<f64>,
    /// Membership from.
    pub joined: Option<NaiveDate>,
    /// Membership until.
    pub left: Option<NaiveDate>,
    /// Number to call back.
    pub phone: String,
    /// A hospital's place in the chain.
    pub order: Option<u32>,
}

/// The columns toban reads, by any of their names (lower case).
const COLUMNS: [(&str, &[&str]); 9] = [
    ("role", &["role", "kind", "区分", "種別", "役割"]),
    ("id", &["id", "ｉｄ"]),
    ("name", &["name", "氏名", "名前", "名称"]),
    ("clinic", &["clinic", "医療機関", "医療機関名", "医院", "医院名", "診療所"]),
    ("fte", &["fte", "負担割合", "割合"]),
    ("joined", &["joined", "入会日", "加入日"]),
    ("left", &["left", "退会日", "脱退日"]),
    ("phone", &["phone", "電話", "電話番号"]),
    ("order", &["order", "順位", "順番"]),
];

fn kind_of(s: &str) -> Option<Kind> {
    Some(match s.trim().to_lowercase().as_str() {
        "doctor" | "医師" | "当番医" => Kind::Doctor,
        "hospital" | "病院" | "後方支援病院" => Kind::Hospital,
        "nurse_station" | "nurse" | "訪問看護" | "訪問看護ステーション" | "看護" => {
            Kind::NurseStation
        }
        "admin" | "office" | "事務局" => Kind::Admin,
        _ => return None,
    })
}

/// `2024-04-01`, `2024/4/1`: as `history import` reads its days.
fn date(s: &str) -> Option<NaiveDate> {
    crate::cli::history::file::parse_day(s.trim()).ok()
}

/// Reads the sheet `file` (its text, UTF-8 without BOM). Every problem comes back at once, each
/// naming `file:line`.
///
/// # Errors
/// The messages of every bad line.
pub fn read(file: &str, text: &str) -> Result<Vec<Member>, Vec<InitMsg>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let at = |line: u64| format!("{file}:{line}");
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![InitMsg::CsvUnreadable { at: at(1), why: e.to_string() }]),
    };
    let mut index = std::collections::HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().to_lowercase();
        if let Some((col, _)) = COLUMNS.iter().find(|(_, names)| names.contains(&h.as_str())) {
            index.insert(*col, i);
        }
    }
    let mut problems = Vec::new();
    for col in ["role", "name"] {
        if !index.contains_key(col) {
            problems.push(InitMsg::CsvMissingColumn { at: at(1), column: col.to_string() });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut members = Vec::new();
    let mut seen: std::collections::HashMap<(usize, String), u64> = Default::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.push(InitMsg::CsvUnreadable { at: at(line), why: e.to_string() });
                continue;
            }
        };
        // From the byte offset (past any line ending it points at): the reader's own line
        // count is off by one for Excel's CRLF rows.
        let line = record.position().map_or(0, |p| {
            let bytes = text.as_bytes();
            let mut i = (p.byte() as usize).min(bytes.len());
            while i < bytes.len() && matches!(bytes[i], b'\r' | b'\n') {
                i += 1;
            }
            bytes[..i].iter().filter(|&&b| b == b'\n').count() as u64 + 1
        });
        let get = |col: &str| {
            index.get(col).and_then(|&i| record.get(i)).map(str::trim).unwrap_or("").to_string()
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut bad = |field: &str, value: String| {
            problems.push(InitMsg::CsvBadValue { at: at(line), field: field.to_string(), value });
        };
        let Some(kind) = kind_of(&get("role")) else {
            bad("role", get("role"));
            continue;
        };
        let name = get("name");
        if name.is_empty() {
            bad("name", name.clone());
        }
        let opt_date = |col: &str| {
            let v = get(col);
            if v.is_empty() { Ok(None) } else { date(&v).map(Some).ok_or(v) }
        };
        let joined = opt_date("joined").unwrap_or_else(|v| {
            bad("joined", v);
            None
        });
        let left = opt_date("left").unwrap_or_else(|v| {
            bad("left", v);
            None
        });
        let fte = match get("fte") {
            v if v.is_empty() => None,
            v => match v.parse::<f64>() {
                Ok(f) if f > 0.0 && f <= 1.0 => Some(f),
                _ => {
                    bad("fte", v);
                    None
                }
            },
        };
        let order = match get("order") {
            v if v.is_empty() => None,
            v => match v.parse::<u32>() {
                Ok(o) if o > 0 => Some(o),
                _ => {
                    bad("order", v);
                    None
                }
            },
        };
        if let (Some(j), Some(l)) = (joined, left)
            && l < j
        {
            problems.push(InitMsg::CsvLeftBeforeJoined { at: at(line) });
        }
        let key = (kind as usize, name.replace(['\u{3000}', ' '], ""));
        if let Some(first) = seen.get(&key) {
            problems.push(InitMsg::CsvDuplicate {
                at: at(line),
                name: name.clone(),
                first: *first,
            });
        } else {
            seen.insert(key, line);
        }
        let phone = get("phone");
        if kind == Kind::Hospital && phone.is_empty() {
            problems.push(InitMsg::CsvHospitalPhone { at: at(line), name: name.clone() });
        }
        members.push(Member {
            kind,
            id: get("id"),
            name,
            clinic: get("clinic"),
            fte,
            joined,
            left,
            phone,
            order,
        });
    }
    if !members.iter().any(|m| m.kind == Kind::Doctor) {
        problems.push(InitMsg::CsvNoDoctor { at: file.to_string() });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    give_ids(&mut members);
    Ok(members)
}

/// Makes up the ids the sheet left out: d01…, h1…, ns1…, office (office2…), skipping ids the
/// sheet gave; hospitals without an order follow the given ones in sheet order.
fn give_ids(members: &mut [Member]) {
    let mut taken: BTreeSet<String> = members.iter().map(|m| m.id.clone()).collect();
    let doctors = members.iter().filter(|m| m.kind == Kind::Doctor).count();
    let width = if doctors >= 100 { 3 } else { 2 };
    let mut next = [1usize; 4];
    for m in members.iter_mut().filter(|m| m.id.is_empty()) {
        let k = m.kind as usize;
        loop {
            let n = next[k];
            next[k] += 1;
            let id = match m.kind {
                Kind::Doctor => format!("d{n:0width$}"),
                Kind::Hospital => format!("h{n}"),
                Kind::NurseStation => format!("ns{n}"),
                Kind::Admin if n == 1 => "office".to_string(),
                Kind::Admin => format!("office{n}"),
            };
            if taken.insert(id.clone()) {
                m.id = id;
                break;
            }
        }
    }
    let mut order = members.iter().filter_map(|m| m.order).max().unwrap_or(0);
    for m in members.iter_mut().filter(|m| m.kind == Kind::Hospital && m.order.is_none()) {
        order += 1;
        m.order = Some(order);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_headers_and_slashed_dates_are_read_and_ids_made_up() {
        let csv = "区分,氏名,医療機関,入会日,電話\n医師,青木 一郎,青木医院,2024/4/1,\n病院,中央病院,,,0479-00-0001\n訪問看護,ステーション,,,\n事務局,事務局,,,\n医師,石川 花子,石川医院,,\n";
        let m = read("m.csv", csv).unwrap();
        let ids: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["d01", "h1", "ns1", "office", "d02"]);
        assert_eq!(m[0].joined, NaiveDate::from_ymd_opt(2024, 4, 1));
        assert_eq!(m[1].order, Some(1));
    }

    #[test]
    fn every_bad_line_is_named_at_once() {
        let csv = "role,name,joined,fte\ndoctor,A,2024-13-01,\nsurgeon,B,,\ndoctor,C,,2\n";
        let problems = read("m.csv", csv).unwrap_err();
        let at: Vec<String> = problems
            .iter()
            .map(|p| match p {
                InitMsg::CsvBadValue { at, field, .. } => format!("{at} {field}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(at, ["m.csv:2 joined", "m.csv:3 role", "m.csv:4 fte"]);
    }

    #[test]
    fn a_sheet_without_a_name_column_or_doctors_is_refused() {
        assert!(matches!(
            read("m.csv", "role,id\ndoctor,d1\n").unwrap_err()[0],
            InitMsg::CsvMissingColumn { .. }
        ));
        assert!(matches!(
            read("m.csv", "role,name\nadmin,Office\n").unwrap_err()[0],
            InitMsg::CsvNoDoctor { .. }
        ));
    }

    #[test]
    fn excel_rows_are_named_by_their_line_with_crlf_and_a_bom() {
        let csv = "\u{feff}区分,氏名\r\n医者,A\r\n医師,B\r\n";
        let problems = read("m.csv", csv.trim_start_matches('\u{feff}')).unwrap_err();
        assert!(
            matches!(&problems[0], InitMsg::CsvBadValue { at, .. } if at == "m.csv:2"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_doctor_listed_twice_or_leaving_before_joining_is_named() {
        let csv = "区分,氏名,入会日,退会日\n医師,佐藤 一郎,2020/4/1,\n医師,佐藤　一郎,2020/4/1,\n医師,B,2020/4/1,2018/3/31\n";
        let problems = read("m.csv", csv).unwrap_err();
        assert!(
            matches!(&problems[0], InitMsg::CsvDuplicate { at, first: 2, .. } if at == "m.csv:3"),
            "{problems:?}"
        );
        assert!(
            matches!(&problems[1], InitMsg::CsvLeftBeforeJoined { at } if at == "m.csv:4"),
            "{problems:?}"
        );
    }

    #[test]
    fn given_ids_are_kept_and_not_reused() {
        let m = read("m.csv", "role,id,name,clinic\ndoctor,,A,x\ndoctor,d01,B,y\n").unwrap();
        assert_eq!(m[0].id, "d02");
        assert_eq!(m[1].id, "d01");
    }
}
