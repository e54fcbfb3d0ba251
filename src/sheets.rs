//! Tables for spreadsheets: the annual report and the rota as an Excel workbook (.xlsx) or as
//! CSV with a byte-order mark, the same bytes for `toban report|rota show --format xlsx|csv`
//! and the console's downloads.
//!
//! Key decision: a CSV for people starts with a UTF-8 BOM, because Excel (what the office
//! opens) reads a CSV without one in the system's code page and garbles Japanese; the rota's
//! CSV on standard output (for scripts) keeps no BOM.

use crate::msg::Message;
use crate::msg::report_doc::ReportDoc;
use crate::report::{AnnualReport, BOARD, figures, period_names, who};
use crate::rules::Rules;
use crate::store::RotaRecord;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (Excel sums it).
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn n(v: impl Into<f64>) -> Cell {
    Cell::Number(v.into())
}

/// One sheet: a name (Excel's tab), a header row and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// The column titles.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The sheets as one .xlsx workbook.
///
/// # Errors
/// A sheet name Excel refuses, or the zip could not be written.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name)?;
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(v) => ws.write_string(r, c as u16, v)?,
                    Cell::Number(v) => ws.write_number(r, c as u16, *v)?,
                };
            }
        }
    }
    book.save_to_buffer()
}

/// The sheets as CSV: without `bom`, one table (the first sheet) for scripts; with it, a BOM
/// and every sheet, each after a line with its name and before an empty line.
pub fn csv(sheets: &[Sheet], bom: bool) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = if bom { BOM.to_vec() } else { Vec::new() };
    {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(&mut bytes);
        let many = bom && sheets.len() > 1;
        for (i, s) in sheets.iter().enumerate() {
            if !bom && i > 0 {
                break;
            }
            if many {
                if i > 0 {
                    w.write_record([""])?;
                }
                w.write_record([s.name.as_str()])?;
            }
            w.write_record(&s.header)?;
            for row in &s.rows {
                w.write_record(row.iter().map(Cell::text))?;
            }
        }
        w.flush()?;
    }
    Ok(bytes)
}

/// The annual report's sheets, for the board (in its language, [`BOARD`], as `toban report`
/// writes its files): the figures, each doctor's duties, the holiday rotation.
pub fn report(r: &AnnualReport, rules: &Rules) -> Vec<Sheet> {
    let text = |m: ReportDoc| m.render(BOARD);
    let figures = Sheet {
        name: text(ReportDoc::FiguresSheet {
            year: r.year,
            fiscal: chrono::Datelike::month(&r.from) != 1,
        }),
        header: vec![text(ReportDoc::ColFigure), text(ReportDoc::ColValue)],
        rows: figures(r)
            .into_iter()
            .map(|(k, v)| vec![t(k.render(BOARD)), v.parse::<f64>().map_or_else(|_| t(v), n)])
            .collect(),
    };
    let periods = period_names(rules);
    let mut header =
        vec![text(ReportDoc::ColDoctor), text(ReportDoc::ColName), text(ReportDoc::ColRegular)];
    header.extend(periods.iter().map(|p| p.1.clone()));
    header.extend([
        text(ReportDoc::ColLoad),
        text(ReportDoc::ColTarget),
        text(ReportDoc::ColBalance),
    ]);
    let doctors = Sheet {
        name: text(ReportDoc::DoctorsTitle),
        header,
        rows: r
            .doctors
            .iter()
            .map(|d| {
                let mut row = vec![t(&d.id), t(&d.name), n(d.regular)];
                row.extend(periods.iter().map(|p| n(d.holiday.get(&p.0).copied().unwrap_or(0))));
                row.push(n(d.load as f64));
                row.push(d.target.map_or_else(|| t(""), |v| n(v as f64)));
                row.push(n(d.balance as f64));
                row
            })
            .collect(),
    };
    let mut header = vec![text(ReportDoc::ColYear)];
    header.extend(periods.iter().map(|p| p.1.clone()));
    let history = Sheet {
        name: text(ReportDoc::RotationTitle),
        header,
        rows: r
            .holiday_history
            .iter()
            .map(|y| {
                let mut row = vec![n(y.year)];
                row.extend(periods.iter().map(|p| t(who(y, &p.0, rules, BOARD))));
                row
            })
            .collect(),
    };
    vec![figures, doctors, history]
}

/// A rota's one sheet: the columns of `toban rota show --format csv` (slot, start, end, kind,
/// weight, doctors' ids, their names; several joined with `;`).
pub fn rota(r: &RotaRecord, rules: &Rules) -> Sheet {
    let header = ["slot", "start", "end", "kind", "weight", "doctors", "names"];
    Sheet {
        name: format!("{} rota", r.year),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows: r
            .slots
            .iter()
            .map(|s| {
                let names: Vec<&str> = s.doctors.iter().map(|d| rules.name_of(d)).collect();
                vec![
                    t(&s.id),
                    t(s.start.to_rfc3339()),
                    t(s.end.to_rfc3339()),
                    t(&s.kind),
                    n(s.weight),
                    t(s.doctors.join(";")),
                    t(names.join(";")),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheets() -> Vec<Sheet> {
        let s = |name: &str| Sheet {
            name: name.into(),
            header: vec!["項目".into(), "件数".into()],
            rows: vec![vec![t("在宅看取り, \"自宅\""), n(46)]],
        };
        vec![s("事業報告"), s("医師別")]
    }

    #[test]
    fn a_csv_for_people_starts_with_a_bom_and_names_each_sheet() {
        let bytes = csv(&sheets(), true).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "事業報告\n項目,件数\n\"在宅看取り, \"\"自宅\"\"\",46\n\"\"\n医師別\n項目,件数\n\"在宅看取り, \"\"自宅\"\"\",46\n"
        );
    }

    #[test]
    fn a_csv_for_scripts_has_no_bom_and_one_table() {
        let text = String::from_utf8(csv(&sheets(), false).unwrap()).unwrap();
        assert_eq!(text, "項目,件数\n\"在宅看取り, \"\"自宅\"\"\",46\n");
    }

    #[test]
    fn a_workbook_is_a_zip_with_each_sheet_named() {
        let bytes = xlsx(&sheets()).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "zip magic");
        assert!(bytes.len() > 1000);
    }
}
