//! The office's file as rows of cells, whatever Excel saved: an .xlsx workbook (one sheet), or
//! a CSV in UTF-8 (with or without a byte order mark) or in Shift-JIS (code page 932, what
//! Excel on Japanese Windows writes for "CSV (コンマ区切り)").
//!
//! Key decision: the form is told from the bytes, never from the file name (a browser's upload
//! or a renamed file may say anything): a zip's signature is a workbook; text is UTF-8 if it
//! decodes as UTF-8, else Shift-JIS if every byte pair is well-formed Shift-JIS, else refused
//! by name. Each row keeps its number as Excel shows it, so a problem names the row the clerk
//! sees.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::NaiveDate;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text (every CSV cell; a workbook's text cells).
    Text(String),
    /// A workbook's number cell.
    Number(f64),
    /// A workbook's date cell (Excel keeps dates as numbers with a date format).
    Date(NaiveDate),
    /// A workbook's cell with an error value (`#N/A`, `#REF!`), as Excel shows it.
    Error(String),
}

impl Cell {
    /// The cell as the clerk sees it (a date as YYYY-MM-DD, a whole number without ".0").
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Cell::Number(x) => x.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// Whether there is nothing but spaces in it.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One row: its number as Excel (or a text editor) shows it, from 1, and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's (a CSV's line's) number.
    pub line: usize,
    /// Its cells, from the first column.
    pub cells: Vec<Cell>,
}

impl Row {
    /// Cell `i`, or an empty one past the row's end.
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

/// What the bytes were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// CSV in UTF-8 (a byte order mark is skipped).
    Utf8,
    /// CSV in Shift-JIS.
    ShiftJis,
}

/// Why the bytes are not a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// UTF-16 text (Excel's "Unicode text").
    Utf16,
    /// Neither UTF-8 nor Shift-JIS text, nor a workbook.
    NotText,
    /// A zip that is not a workbook toban reads (an old .xls, a damaged file).
    NotWorkbook {
        /// calamine's words.
        detail: String,
    },
    /// The sheet asked for is not in the workbook.
    NoSuchSheet {
        /// The name asked for.
        sheet: String,
        /// The sheets there are.
        have: Vec<String>,
    },
    /// A CSV line that the CSV reader cannot read (an unclosed quote).
    Csv {
        /// Its line.
        line: usize,
        /// The reader's words.
        detail: String,
    },
}

/// The zip signature every .xlsx starts with.
const ZIP: &[u8] = b"PK\x03\x04";
/// The signature of an old binary workbook (.xls): a compound document.
const OLE: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/// Reads `bytes` as a table: the workbook's sheet `sheet` (default: the first), or the CSV.
///
/// # Errors
/// [`TableError`] saying what the bytes are instead.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<(Form, Vec<Row>), TableError> {
    if bytes.starts_with(ZIP) {
        return Ok((Form::Xlsx, workbook(bytes, sheet)?));
    }
    if bytes.starts_with(OLE) {
        return Err(TableError::NotWorkbook { detail: "Excel 97-2003 (.xls)".into() });
    }
    let (text, form) = decode(bytes)?;
    Ok((form, csv_rows(&text)?))
}

/// The text of CSV bytes: UTF-8 (without its byte order mark) or Shift-JIS decoded.
///
/// # Errors
/// [`TableError::Utf16`] or [`TableError::NotText`].
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Form), TableError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(TableError::Utf16);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), Form::Utf8));
    }
    if looks_like_shift_jis(bytes) {
        // WHATWG's Shift_JIS is Windows code page 932 (NEC and IBM extensions: ①, ㈱, 髙).
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
        if !bad {
            return Ok((Cow::Owned(text.into_owned()), Form::ShiftJis));
        }
    }
    Err(TableError::NotText)
}

/// Whether `bytes` are well-formed Shift-JIS (Windows code page 932) with at least one byte
/// beyond ASCII: single bytes below 0x80 or half-width katakana 0xA1–0xDF, and double bytes
/// with a lead of 0x81–0x9F or 0xE0–0xFC and a trail of 0x40–0x7E or 0x80–0xFC. Text in another
/// encoding (Latin-1, random bytes) rarely passes.
pub fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let (mut i, mut beyond_ascii) = (0, false);
    while let Some(&b) = bytes.get(i) {
        match b {
            0x00..=0x7f => i += 1,
            0xa1..=0xdf => (i, beyond_ascii) = (i + 1, true),
            0x81..=0x9f | 0xe0..=0xfc => match bytes.get(i + 1) {
                Some(0x40..=0x7e | 0x80..=0xfc) => (i, beyond_ascii) = (i + 2, true),
                _ => return false,
            },
            _ => return false,
        }
    }
    beyond_ascii
}

fn csv_rows(text: &str) -> Result<Vec<Row>, TableError> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let line_of = |p: Option<&csv::Position>| p.map_or(0, |p| line_at(text, p.byte()));
        match record {
            Ok(r) => rows.push(Row {
                line: line_of(r.position()),
                cells: r.iter().map(|c| Cell::Text(c.to_string())).collect(),
            }),
            Err(e) => {
                return Err(TableError::Csv { line: line_of(e.position()), detail: e.to_string() });
            }
        }
    }
    Ok(rows)
}

/// The line of the first character at or after byte `offset` that does not end a line (a
/// record after blank lines begins below them; csv's own count leaves blank lines out).
fn line_at(text: &str, offset: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
    while matches!(bytes.get(at), Some(b'\n' | b'\r')) {
        at += 1;
    }
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

fn workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Vec<Row>, TableError> {
    let not = |e: calamine::XlsxError| TableError::NotWorkbook { detail: e.to_string() };
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(not)?;
    let names = book.sheet_names();
    let name =
        match sheet {
            Some(s) => names.iter().find(|n| n.trim() == s.trim()).cloned().ok_or_else(|| {
                TableError::NoSuchSheet { sheet: s.to_string(), have: names.clone() }
            })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| TableError::NotWorkbook { detail: "no sheet".into() })?,
        };
    let range = book.worksheet_range(&name).map_err(not)?;
    let Some((top, _)) = range.start() else { return Ok(Vec::new()) };
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            line: top as usize + i + 1,
            cells: cells.iter().map(cell).collect(),
        })
        .collect())
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(t) if t.is_datetime() => {
            let (y, m, d, ..) = t.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map_or_else(|| Cell::Number(t.as_f64()), Cell::Date)
        }
        Data::DateTime(t) => Cell::Number(t.as_f64()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The rows as UTF-8 CSV text, one line per row number (empty lines fill the gaps), dates
/// written YYYY-MM-DD: what a reader of CSV files reads of a workbook, its line numbers the
/// workbook's row numbers.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let mut line = 1;
    for row in rows {
        while line < row.line {
            // An empty record writes nothing, so a gap row is one empty quoted field.
            let _ = out.write_record([""]);
            line += 1;
        }
        let _ = out.write_record(row.cells.iter().map(Cell::shown));
        line += 1;
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 「青木 一郎」 in Shift-JIS.
    const AOKI_SJIS: &[u8] = &[0x90, 0xc2, 0x96, 0xd8, 0x20, 0x88, 0xea, 0x98, 0x59];

    fn texts(rows: &[Row]) -> Vec<(usize, Vec<String>)> {
        rows.iter().map(|r| (r.line, r.cells.iter().map(Cell::shown).collect())).collect()
    }

    #[test]
    fn utf8_with_and_without_a_bom_and_shift_jis_read_alike() {
        let mut sjis = b"id,name\r\nd01,".to_vec();
        sjis.extend_from_slice(AOKI_SJIS);
        sjis.extend_from_slice(b"\r\n");
        let want = vec![
            (1, vec!["id".into(), "name".into()]),
            (2, vec!["d01".into(), "青木 一郎".into()]),
        ];
        for (bytes, form) in [
            ("id,name\nd01,青木 一郎\n".as_bytes().to_vec(), Form::Utf8),
            ("\u{feff}id,name\nd01,青木 一郎\n".as_bytes().to_vec(), Form::Utf8),
            (sjis, Form::ShiftJis),
        ] {
            let (f, rows) = read(&bytes, None).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(f, form);
            assert_eq!(texts(&rows), want);
        }
    }

    #[test]
    fn blank_lines_keep_the_numbers_a_text_editor_shows() {
        let (_, rows) = read(b"id\n\nd01\r\n\r\nd02\n", None).unwrap();
        assert_eq!(
            texts(&rows),
            vec![(1, vec!["id".into()]), (3, vec!["d01".into()]), (5, vec!["d02".into()])]
        );
    }

    #[test]
    fn utf16_old_xls_and_other_bytes_are_named() {
        assert_eq!(read(&[0xff, 0xfe, b'i', 0], None), Err(TableError::Utf16));
        assert_eq!(read(&[b'a', 0xff, 0x00, 0x80], None), Err(TableError::NotText));
        assert!(matches!(read(OLE, None), Err(TableError::NotWorkbook { .. })));
        assert!(matches!(read(b"PK\x03\x04rest", None), Err(TableError::NotWorkbook { .. })));
    }

    #[test]
    fn a_workbook_gives_text_numbers_and_date_cells_with_excels_row_numbers() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let first = book.add_worksheet();
        first.set_name("会員").unwrap();
        first.write_string(0, 0, "id").unwrap();
        first.write_string(0, 1, "参加日").unwrap();
        first.write_string(0, 2, "勤務割合").unwrap();
        first.write_string(2, 0, "d01").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 4, 1).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
        first.write_datetime_with_format(2, 1, &date, &format).unwrap();
        first.write_number(2, 2, 0.5).unwrap();
        let second = book.add_worksheet();
        second.set_name("other").unwrap();
        second.write_string(0, 0, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (form, rows) = read(&bytes, None).unwrap();
        assert_eq!(form, Form::Xlsx);
        assert_eq!(rows[0].line, 1);
        let row = rows.iter().find(|r| r.line == 3).expect("row 3");
        assert_eq!(row.cells[1], Cell::Date(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()));
        assert_eq!(row.cells[2], Cell::Number(0.5));
        let (_, other) = read(&bytes, Some("other")).unwrap();
        assert_eq!(texts(&other), vec![(1, vec!["x".into()])]);
        let missing = read(&bytes, Some("名簿")).unwrap_err();
        assert_eq!(
            missing,
            TableError::NoSuchSheet {
                sheet: "名簿".into(),
                have: vec!["会員".into(), "other".into()]
            }
        );
        assert_eq!(to_csv(&rows), "id,参加日,勤務割合\n,,\nd01,2026-04-01,0.5\n");
        // A gap (a workbook whose rows start lower) keeps the row numbers as lines.
        let gap = [Row { line: 3, cells: vec![Cell::Text("x".into())] }];
        assert_eq!(to_csv(&gap), "\"\"\n\"\"\nx\n");
    }

    #[test]
    fn shift_jis_is_told_from_other_bytes() {
        assert!(looks_like_shift_jis(AOKI_SJIS));
        assert!(!looks_like_shift_jis(b"plain ascii"));
        assert!(!looks_like_shift_jis(&[0x81]));
        assert!(!looks_like_shift_jis(&[0xe9, 0x20]));
    }
}
