//! Importing the office's spreadsheets (issue 18): what `toban members import`, `toban history
//! import` and the console's import page say about a file, its rows and what it would change.
//!
//! A bad row reads as the clerk sees the sheet: 「members.xlsx 5行目 D列「勤務割合」: 「1.5」は
//! 勤務割合として読めません。…」, and what to write instead.

use super::{Day, Message};
use crate::import::members::{Change, Diff, Field, OtherKind, RowMsg, RowProblem};
use crate::import::{FileError, Form, ImportError, SheetError, TableError};

fn field_ja(f: Field) -> &'static str {
    match f {
        Field::Id => "ID",
        Field::Name => "氏名",
        Field::Clinic => "医療機関",
        Field::Fte => "勤務割合",
        Field::Phone => "電話",
        Field::Joined => "入会日",
        Field::Left => "退会日",
        Field::Role => "区分",
    }
}

fn field_en(f: Field) -> &'static str {
    match f {
        Field::Id => "id",
        Field::Name => "name",
        Field::Clinic => "clinic",
        Field::Fte => "FTE",
        Field::Phone => "phone",
        Field::Joined => "joined",
        Field::Left => "left",
        Field::Role => "role",
    }
}

/// The header names a field may have, quoted: 「ID」「id」 (in English only the English
/// ones).
fn aliases(f: Field, open: &str, close: &str, sep: &str) -> String {
    let english = open == "'";
    crate::import::members::COLUMNS
        .iter()
        .find(|(g, _)| *g == f)
        .map(|(_, names)| {
            names
                .iter()
                .filter(|n| {
                    n.is_ascii() || !english && !n.chars().any(|c| ('ａ'..='ｚ').contains(&c))
                })
                .map(|n| format!("{open}{n}{close}"))
                .collect::<Vec<_>>()
                .join(sep)
        })
        .unwrap_or_default()
}

impl Message for RowMsg {
    fn ja(&self) -> String {
        match self {
            RowMsg::IdMissing => "ID がありません。先生ごとの ID（例: d13）を書いてください。登録済みの先生は「メンバー」ページの ID と同じにします。".into(),
            RowMsg::BadId { value } => format!("「{value}」は ID に使えません。半角の英小文字・数字・「_」「-」で32文字まで、先頭は英小文字か数字にしてください（例: d13）。"),
            RowMsg::IdTwice { id, earlier } => format!("ID「{id}」は{earlier}行目にもあります。1人1行にしてください。"),
            RowMsg::IdNotDoctor { id, kind, name } => format!("ID「{id}」はすでに{}「{name}」の ID です。先生には別の ID を付けてください。", other_ja(*kind)),
            RowMsg::NameMissing => "氏名がありません。先生の氏名を書いてください。".into(),
            RowMsg::ClinicMissing => "新しく加わる先生の医療機関がありません。医療機関名を書いてください。".into(),
            RowMsg::BadFte { value } => format!("「{value}」は勤務割合として読めません。0より大きく1以下の数（例: 0.5 や 50%）を書くか、全量（1）なら空欄にしてください。"),
            RowMsg::BadDate { value } => format!("「{value}」は日付として読めません。2026/4/1 か 2026-04-01 の形で書いてください。"),
            RowMsg::LeftBeforeJoined { left, joined } => format!("退会日（{}）が入会日（{}）より前です。日付をお確かめください。", Day(*left).ja_long(), Day(*joined).ja_long()),
            RowMsg::BadPhone { value } => format!("「{value}」は電話番号として読めません。数字とハイフンで書いてください（例: 0479-00-1013）。"),
            RowMsg::PhoneAsNumber { value } => format!("電話番号が数値として保存されているため、先頭の0が消えています（{value}）。Excel でセルの表示形式を「文字列」にして、0479-00-1013 のように書き直してください。"),
            RowMsg::CellError { value } => format!("セルが Excel のエラー値（{value}）になっています。値を書き直してください。"),
        }
    }
    fn en(&self) -> String {
        match self {
            RowMsg::IdMissing => "no id: write the doctor's id (e.g. d13); for a doctor already in the rules, the id on the Members page".into(),
            RowMsg::BadId { value } => format!("'{value}' cannot be an id: use 1 to 32 of a-z, 0-9, _ and -, starting with a letter or digit (e.g. d13)"),
            RowMsg::IdTwice { id, earlier } => format!("id '{id}' is on row {earlier} too: one row per doctor"),
            RowMsg::IdNotDoctor { id, kind, name } => format!("id '{id}' belongs to the {} {name}: give the doctor another id", other_en(*kind)),
            RowMsg::NameMissing => "no name: write the doctor's name".into(),
            RowMsg::ClinicMissing => "no clinic for a new doctor: write the clinic's name".into(),
            RowMsg::BadFte { value } => format!("'{value}' is not a share of a full load: write a number above 0 and at most 1 (e.g. 0.5 or 50%), or leave it empty for a full load"),
            RowMsg::BadDate { value } => format!("'{value}' is not a date: write 2026-04-01 or 2026/4/1"),
            RowMsg::LeftBeforeJoined { left, joined } => format!("the last day ({}) is before the first ({}): check the dates", Day(*left).en_long(), Day(*joined).en_long()),
            RowMsg::BadPhone { value } => format!("'{value}' is not a phone number: write digits and hyphens (e.g. 0479-00-1013)"),
            RowMsg::PhoneAsNumber { value } => format!("the phone number is stored as a number, so its leading 0 is lost ({value}): format the cell as Text in Excel and write it as 0479-00-1013"),
            RowMsg::CellError { value } => format!("the cell holds Excel's error value {value}: write the value instead"),
        }
    }
}

fn other_ja(k: OtherKind) -> &'static str {
    match k {
        OtherKind::Hospital => "後方支援病院",
        OtherKind::NurseStation => "訪問看護ステーション",
        OtherKind::Admin => "事務局の管理者",
    }
}

fn other_en(k: OtherKind) -> &'static str {
    match k {
        OtherKind::Hospital => "backup hospital",
        OtherKind::NurseStation => "nurse station",
        OtherKind::Admin => "office admin",
    }
}

/// A bad row's line, naming the file, row and column.
#[derive(Debug, Clone, PartialEq)]
pub struct RowLine<'a> {
    /// The file.
    pub file: &'a str,
    /// The problem.
    pub problem: &'a RowProblem,
}

impl Message for RowLine<'_> {
    fn ja(&self) -> String {
        let p = self.problem;
        format!("{} {}行目 {}列「{}」: {}", self.file, p.line, p.column, p.header, p.what.ja())
    }
    fn en(&self) -> String {
        let p = self.problem;
        format!("{}:{}: column {} ({}): {}", self.file, p.line, p.column, p.header, p.what.en())
    }
}

impl Message for FileError {
    fn ja(&self) -> String {
        let file = &self.file;
        match &self.error {
            ImportError::Table(t) => table_ja(file, t),
            ImportError::Rules(e) => format!(
                "{file}: {}\n{}",
                ImportMsg::RulesRefused.ja(),
                e.render(super::Lang::Ja).trim_end()
            ),
            ImportError::Sheet(SheetError::NoHeader) => format!(
                "{file} には何も書かれていません。1行目に ID、氏名、医療機関 などの見出しを、2行目から先生を1人1行で書いてください。"
            ),
            ImportError::Sheet(SheetError::MissingColumns { line, missing, found }) => {
                let wants: Vec<String> = missing
                    .iter()
                    .map(|f| {
                        format!(
                            "{}（見出しは {} のどれか）",
                            field_ja(*f),
                            aliases(*f, "「", "」", "")
                        )
                    })
                    .collect();
                format!(
                    "{file} の見出し（{line}行目）に {} の列がありません。見出しとして読んだのは「{}」です。",
                    wants.join("と"),
                    found.join("」「")
                )
            }
            ImportError::Sheet(SheetError::ColumnTwice { field, columns: (a, b) }) => format!(
                "{file} には{}の列が2つあります（{a} と {b}）。どちらか1つにしてください。",
                field_ja(*field)
            ),
            ImportError::Sheet(SheetError::NoRows) => {
                format!("{file} には見出しの下に先生の行がありません。")
            }
            ImportError::Sheet(SheetError::Rows { problems, rows }) => {
                let mut lines: Vec<String> =
                    problems.iter().map(|p| RowLine { file, problem: p }.ja()).collect();
                let bad = bad_rows(problems);
                lines.push(format!("{rows}行のうち{bad}行に問題があります。すべて直してから、もう一度取り込んでください。まだ何も書き込んでいません。"));
                lines.join("\n")
            }
        }
    }
    fn en(&self) -> String {
        let file = &self.file;
        match &self.error {
            ImportError::Table(t) => table_en(file, t),
            ImportError::Rules(e) => format!(
                "{file}: {}\n{}",
                ImportMsg::RulesRefused.en(),
                e.render(super::Lang::En).trim_end()
            ),
            ImportError::Sheet(SheetError::NoHeader) => format!(
                "{file} is empty: write headers such as id, name, clinic on the first row and one doctor per row below"
            ),
            ImportError::Sheet(SheetError::MissingColumns { line, missing, found }) => {
                let wants: Vec<String> = missing
                    .iter()
                    .map(|f| format!("{} (headed {})", field_en(*f), aliases(*f, "'", "'", " or ")))
                    .collect();
                format!(
                    "{file}: the header row ({line}) has no {} column; the headers read were '{}'",
                    wants.join(" and no "),
                    found.join("', '")
                )
            }
            ImportError::Sheet(SheetError::ColumnTwice { field, columns: (a, b) }) => {
                format!("{file} has two {} columns ({a} and {b}): keep one", field_en(*field))
            }
            ImportError::Sheet(SheetError::NoRows) => {
                format!("{file} has headers and no doctor below them")
            }
            ImportError::Sheet(SheetError::Rows { problems, rows }) => {
                let mut lines: Vec<String> =
                    problems.iter().map(|p| RowLine { file, problem: p }.en()).collect();
                let bad = bad_rows(problems);
                lines.push(format!("{bad} bad rows of {rows}: fix them all and import again; nothing has been written"));
                lines.join("\n")
            }
        }
    }
}

fn bad_rows(problems: &[RowProblem]) -> usize {
    let mut lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    lines.dedup();
    lines.len()
}

const RESAVE_JA: &str = "Excel ブック（.xlsx）のまま取り込むか、Excel の「名前を付けて保存」で「CSV UTF-8 (コンマ区切り)」か「CSV (コンマ区切り)」にして保存し直してください。";
const RESAVE_EN: &str = "import the Excel workbook (.xlsx) itself, or in Excel use Save As with \"CSV UTF-8 (Comma delimited)\" or \"CSV (Comma delimited)\"";

/// Why `file` is not a table, in Japanese.
pub(crate) fn table_ja(file: &str, t: &TableError) -> String {
    match t {
        TableError::Utf16 => format!(
            "{file} は UTF-16（Excel の「Unicode テキスト」）で保存されていて、読めません。{RESAVE_JA}"
        ),
        TableError::NotText => format!(
            "{file} は Excel ブック（.xlsx）でも、CSV（UTF-8 か Shift-JIS）でもありません。{RESAVE_JA}"
        ),
        TableError::NotWorkbook { detail } => format!(
            "{file} は Excel ブック（.xlsx）として読めません（{detail}）。Excel で開き、「Excel ブック (*.xlsx)」で保存し直してください。"
        ),
        TableError::NoSuchSheet { sheet, have } => format!(
            "{file} に「{sheet}」というシートはありません。あるシートは「{}」です。",
            have.join("」「")
        ),
        TableError::Csv { line, detail } => format!(
            "{file} {line}行目: CSV の行として読めません（{detail}）。引用符（\"）の閉じ忘れがないかお確かめください。"
        ),
    }
}

/// Why `file` is not a table, in English.
pub(crate) fn table_en(file: &str, t: &TableError) -> String {
    match t {
        TableError::Utf16 => format!(
            "{file} is UTF-16 (Excel's \"Unicode text\"), which toban does not read: {RESAVE_EN}"
        ),
        TableError::NotText => format!(
            "{file} is neither an Excel workbook (.xlsx) nor a CSV in UTF-8 or Shift-JIS: {RESAVE_EN}"
        ),
        TableError::NotWorkbook { detail } => format!(
            "{file} cannot be read as an Excel workbook (.xlsx) ({detail}): open it in Excel and save it as \"Excel Workbook (*.xlsx)\""
        ),
        TableError::NoSuchSheet { sheet, have } => {
            format!("{file} has no sheet '{sheet}'; its sheets are '{}'", have.join("', '"))
        }
        TableError::Csv { line, detail } => format!(
            "{file}:{line}: not a CSV line ({detail}): look for a quote (\") that is not closed"
        ),
    }
}

/// What the import says (command line and console).
#[derive(Debug, Clone, PartialEq)]
pub enum ImportMsg {
    /// How the file was read.
    ReadAs {
        /// The file.
        file: String,
        /// Its form.
        form: Form,
    },
    /// One row's change.
    Change(Change),
    /// The totals; `done`: written (else a preview or a dry run).
    Totals {
        /// Doctors added.
        added: usize,
        /// Updated.
        updated: usize,
        /// Unchanged.
        unchanged: usize,
        /// Written.
        done: bool,
    },
    /// `--dry-run`: nothing written.
    DryRun,
    /// Columns not read.
    Ignored {
        /// Their headers.
        columns: Vec<String>,
    },
    /// Rows of other members passed over.
    Skipped {
        /// Their numbers.
        rows: Vec<usize>,
    },
    /// The rules would not load after the import: nothing written (the loader's problems
    /// follow).
    RulesRefused,
    /// The console's lead for the same: no command named.
    RulesRefusedHere,
    /// Page title (and the Members page's link).
    PageTitle,
    /// Heading: the members list.
    MembersHeading,
    /// What the members file holds.
    MembersHelp,
    /// Heading: past duties.
    HistoryHeading,
    /// What the history file holds.
    HistoryHelp,
    /// Label: the file.
    FileLabel,
    /// Label: the sheet.
    SheetLabel,
    /// Button: see what would change.
    PreviewButton,
    /// Heading of the preview.
    PreviewHeading {
        /// The file.
        file: String,
    },
    /// Nothing is written until the button below.
    NotYet,
    /// Button: import.
    ApplyButton,
    /// No file chosen.
    NoFile,
    /// The upload is too large.
    TooLarge {
        /// The limit in MB.
        mb: usize,
    },
    /// Past duties that would be imported.
    HistoryWould {
        /// How many.
        n: usize,
    },
    /// Past duties imported.
    HistoryDone {
        /// How many.
        n: usize,
        /// The batch.
        batch: crate::ids::ImportBatch,
        /// New.
        added: usize,
        /// Replaced.
        replaced: usize,
    },
    /// Link back to the import page.
    BackToImport,
    /// More rows than the preview lists.
    More {
        /// How many more.
        n: usize,
    },
    /// `toban members add`: the rules would not load with it (the loader's problems follow).
    AddRefused,
    /// `toban members add`: a field is wrong (each problem follows, a line each).
    FieldsRefused,
    /// Link and title: add a backup hospital.
    AddHospital,
    /// Link and title: add a nurse station.
    AddStation,
    /// Link and title: add a holiday period.
    AddPeriod,
    /// `toban members add`: added.
    Added {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// The rules file written.
        file: String,
    },
}

fn diffs_ja(diffs: &[Diff]) -> String {
    let none = |s: &str| if s.is_empty() { "（なし）".to_string() } else { s.to_string() };
    let each =
        diffs.iter().map(|d| format!("{} {} → {}", field_ja(d.field), none(&d.old), none(&d.new)));
    super::words::list(each, super::Lang::Ja)
}

fn diffs_en(diffs: &[Diff]) -> String {
    let none = |s: &str| if s.is_empty() { "(none)".to_string() } else { s.to_string() };
    let each =
        diffs.iter().map(|d| format!("{} {} → {}", field_en(d.field), none(&d.old), none(&d.new)));
    super::words::list(each, super::Lang::En)
}

fn rows_list(rows: &[usize]) -> String {
    rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}

impl Message for ImportMsg {
    fn ja(&self) -> String {
        match self {
            ImportMsg::ReadAs { file, form } => format!("{file} を {}として読みました。", match form {
                Form::Xlsx => "Excel ブック（.xlsx）",
                Form::Utf8 => "CSV（UTF-8）",
                Form::ShiftJis => "CSV（Shift-JIS）",
            }),
            ImportMsg::Change(Change::Add { line, id, fields }) => format!("追加 {id} {}先生（{}）　{line}行目", fields.name, fields.clinic),
            ImportMsg::Change(Change::Update { line, id, name, diffs }) => format!("変更 {id} {name}先生: {}　{line}行目", diffs_ja(diffs)),
            ImportMsg::Change(Change::Same { line, id }) => format!("変更なし {id}　{line}行目"),
            ImportMsg::Totals { added, updated, unchanged, done: true } => format!("取り込みました。追加 {added}名、変更 {updated}名、変更なし {unchanged}名です。"),
            ImportMsg::Totals { added, updated, unchanged, done: false } => format!("取り込むと、追加 {added}名、変更 {updated}名、変更なし {unchanged}名になります。"),
            ImportMsg::DryRun => "--dry-run のため、何も書き込んでいません。".into(),
            ImportMsg::Ignored { columns } => format!("読まなかった列: 「{}」", columns.join("」「")),
            ImportMsg::Skipped { rows } => format!("区分が医師でない行（{}行目）は読み飛ばしました。病院と訪問看護ステーションは「メンバー」ページで変更します。", rows_list(rows)),
            ImportMsg::RulesRefused => "取り込むとルールが正しく読み込めなくなるため、何も書き込んでいません。`toban check` と同じ確認の結果です:".into(),
            ImportMsg::RulesRefusedHere => "取り込むとルールに問題が出るため、何も書き込んでいません。次の点を直してから、もう一度取り込んでください。".into(),
            ImportMsg::PageTitle => "Excel から取り込む".into(),
            ImportMsg::MembersHeading => "会員名簿（医師）".into(),
            ImportMsg::MembersHelp => "Excel ブック（.xlsx）か CSV（UTF-8、Shift-JIS のどちらでも）を選んでください。1行目は見出しで、ID と氏名の列は必ず入れます。ほかに 医療機関、勤務割合、電話、入会日、退会日 の列を読みます。ID が登録済みの先生は書かれた列の値に変わり、新しい ID の先生は追加されます。空欄のセルは、その項目を消します。".into(),
            ImportMsg::HistoryHeading => "過去の当番".into(),
            ImportMsg::HistoryHelp => "1行目は見出しで、「開始日」「医師」「種類」の3列を入れます（「当番開始日」「医師ID」「種別」や、英語の slot_start、doctor、kind でも読みます。列の順番は問いません）。2行目から1行に1件、当番の日（2024/4/2 など）、先生の ID か氏名、当番の種類を書きます。種類は、ふだんの当番なら「通常」、休日期間の当番ならその名前（「年末年始」「ゴールデンウィーク」など、規則に書いた名前）です。".into(),
            ImportMsg::FileLabel => "ファイル（.xlsx または .csv）".into(),
            ImportMsg::SheetLabel => "シート名（空欄なら最初のシート）".into(),
            ImportMsg::PreviewButton => "内容を確認する".into(),
            ImportMsg::PreviewHeading { file } => format!("取り込む前の確認: {file}"),
            ImportMsg::NotYet => "まだ何も書き込んでいません。内容をお確かめのうえ「取り込む」を押してください。".into(),
            ImportMsg::ApplyButton => "取り込む".into(),
            ImportMsg::NoFile => "ファイルを選んでください。".into(),
            ImportMsg::TooLarge { mb } => format!("ファイルが大きすぎます。{mb} MB までのファイルにしてください。"),
            ImportMsg::HistoryWould { n } => format!("過去の当番 {n}件を取り込みます。"),
            ImportMsg::HistoryDone { n, batch, added, replaced } => format!("過去の当番 {n}件を取込番号 {batch} として取り込みました（新規 {added}件、置き換え {replaced}件）。"),
            ImportMsg::BackToImport => "取り込みのページに戻る".into(),
            ImportMsg::More { n } => format!("ほか{n}件"),
            ImportMsg::AddHospital => "後方支援病院を追加".into(),
            ImportMsg::AddStation => "訪問看護ステーションを追加".into(),
            ImportMsg::AddPeriod => "休日の当番期間を追加".into(),
            ImportMsg::FieldsRefused => "この内容では追加できないため、何も書き込んでいません。次の点を直して、もう一度実行してください:".into(),
            ImportMsg::AddRefused => "追加するとルールが正しく読み込めなくなるため、何も書き込んでいません。`toban check` と同じ確認の結果です:".into(),
            ImportMsg::Added { id, name, file } => format!("{name}（{id}）を {file} に追加しました。`toban check` で確かめられます。"),
        }
    }
    fn en(&self) -> String {
        match self {
            ImportMsg::ReadAs { file, form } => format!("{file} read as {}.", match form {
                Form::Xlsx => "an Excel workbook (.xlsx)",
                Form::Utf8 => "CSV (UTF-8)",
                Form::ShiftJis => "CSV (Shift-JIS)",
            }),
            ImportMsg::Change(Change::Add { line, id, fields }) => format!("add {id} {} ({}), row {line}", fields.name, fields.clinic),
            ImportMsg::Change(Change::Update { line, id, name, diffs }) => format!("update {id} {name}: {}, row {line}", diffs_en(diffs)),
            ImportMsg::Change(Change::Same { line, id }) => format!("unchanged {id}, row {line}"),
            ImportMsg::Totals { added, updated, unchanged, done: true } => format!("imported: added {added}, updated {updated}, unchanged {unchanged}."),
            ImportMsg::Totals { added, updated, unchanged, done: false } => format!("the import would add {added}, update {updated}, leave {unchanged} unchanged."),
            ImportMsg::DryRun => "--dry-run: nothing has been written.".into(),
            ImportMsg::Ignored { columns } => format!("columns not read: '{}'", columns.join("', '")),
            ImportMsg::Skipped { rows } => format!("rows {} are not doctors and were passed over; hospitals and nurse stations are edited on the Members page.", rows_list(rows)),
            ImportMsg::RulesRefused => "the rules would not load after this import, so nothing has been written; what `toban check` says:".into(),
            ImportMsg::RulesRefusedHere => "Nothing was imported: the rules would have a problem after it. Correct what follows and import again.".into(),
            ImportMsg::PageTitle => "Import from Excel".into(),
            ImportMsg::MembersHeading => "Members (doctors)".into(),
            ImportMsg::MembersHelp => "Choose an Excel workbook (.xlsx) or a CSV (UTF-8 or Shift-JIS). The first row holds the headers: id and name are required; clinic, FTE, phone, joined and left are read too. For an existing doctor, the columns given replace the current values; a new id adds a doctor. An empty cell clears that field.".into(),
            ImportMsg::HistoryHeading => "Past duties".into(),
            ImportMsg::HistoryHelp => "The first row holds the headers slot_start, doctor and kind, in any order (their Japanese headers 開始日, 医師 and 種類 are read too). Then one duty per row: a day of the duty (e.g. 2024/4/2), the doctor's id or name, and the duty's kind: regular, or a holiday period's id or name in the rules (new_year or 年末年始).".into(),
            ImportMsg::FileLabel => "File (.xlsx or .csv)".into(),
            ImportMsg::SheetLabel => "Sheet (leave empty for the first sheet)".into(),
            ImportMsg::PreviewButton => "Check the file".into(),
            ImportMsg::PreviewHeading { file } => format!("Before importing: {file}"),
            ImportMsg::NotYet => "Nothing has been written yet. Check what would change, then press Import.".into(),
            ImportMsg::ApplyButton => "Import".into(),
            ImportMsg::NoFile => "Choose a file.".into(),
            ImportMsg::TooLarge { mb } => format!("The file is too large: at most {mb} MB."),
            ImportMsg::HistoryWould { n } => format!("{n} past duties would be imported."),
            ImportMsg::HistoryDone { n, batch, added, replaced } => format!("{n} past duties imported as batch {batch} ({added} new, {replaced} replaced)."),
            ImportMsg::BackToImport => "Back to the import page".into(),
            ImportMsg::More { n } => format!("and {n} more"),
            ImportMsg::AddHospital => "Add a backup hospital".into(),
            ImportMsg::AddStation => "Add a nurse station".into(),
            ImportMsg::AddPeriod => "Add a holiday period".into(),
            ImportMsg::FieldsRefused => "this entry cannot be added as typed, so nothing has been written; correct the following and run the command again:".into(),
            ImportMsg::AddRefused => "the rules would not load with this entry, so nothing has been written; what `toban check` says:".into(),
            ImportMsg::Added { id, name, file } => format!("added {id} ({name}) to {file}; `toban check` shows it."),
        }
    }
}

impl ImportMsg {
    /// One of every text.
    pub fn samples() -> Vec<ImportMsg> {
        use crate::rules::edit::DoctorFields;
        let fields = DoctorFields {
            name: "新井 翔".into(),
            clinic: "新井医院".into(),
            ..DoctorFields::default()
        };
        let diff = Diff { field: Field::Phone, old: String::new(), new: "0479-00-2002".into() };
        let all = vec![
            ImportMsg::ReadAs { file: "members.csv".into(), form: Form::ShiftJis },
            ImportMsg::Change(Change::Add { line: 2, id: "d13".into(), fields }),
            ImportMsg::Change(Change::Update {
                line: 3,
                id: "d02".into(),
                name: "石川 花子".into(),
                diffs: vec![diff],
            }),
            ImportMsg::Change(Change::Same { line: 4, id: "d01".into() }),
            ImportMsg::Totals { added: 1, updated: 1, unchanged: 1, done: true },
            ImportMsg::Totals { added: 1, updated: 1, unchanged: 1, done: false },
            ImportMsg::DryRun,
            ImportMsg::Ignored { columns: vec!["備考".into()] },
            ImportMsg::Skipped { rows: vec![12, 13] },
            ImportMsg::RulesRefused,
            ImportMsg::RulesRefusedHere,
            ImportMsg::PageTitle,
            ImportMsg::MembersHeading,
            ImportMsg::MembersHelp,
            ImportMsg::HistoryHeading,
            ImportMsg::HistoryHelp,
            ImportMsg::FileLabel,
            ImportMsg::SheetLabel,
            ImportMsg::PreviewButton,
            ImportMsg::PreviewHeading { file: "members.xlsx".into() },
            ImportMsg::NotYet,
            ImportMsg::ApplyButton,
            ImportMsg::NoFile,
            ImportMsg::TooLarge { mb: 2 },
            ImportMsg::HistoryWould { n: 3 },
            ImportMsg::HistoryDone {
                n: 3,
                batch: crate::ids::ImportBatch::new(2),
                added: 2,
                replaced: 1,
            },
            ImportMsg::BackToImport,
            ImportMsg::More { n: 12 },
            ImportMsg::AddRefused,
            ImportMsg::FieldsRefused,
            ImportMsg::AddHospital,
            ImportMsg::AddStation,
            ImportMsg::AddPeriod,
            ImportMsg::Added {
                id: "h4".into(),
                name: "匝瑳新病院".into(),
                file: "members.toml".into(),
            },
        ];
        for m in &all {
            match m {
                ImportMsg::ReadAs { .. }
                | ImportMsg::Change(_)
                | ImportMsg::Totals { .. }
                | ImportMsg::DryRun
                | ImportMsg::Ignored { .. }
                | ImportMsg::Skipped { .. }
                | ImportMsg::RulesRefused
                | ImportMsg::RulesRefusedHere
                | ImportMsg::PageTitle
                | ImportMsg::MembersHeading
                | ImportMsg::MembersHelp
                | ImportMsg::HistoryHeading
                | ImportMsg::HistoryHelp
                | ImportMsg::FileLabel
                | ImportMsg::SheetLabel
                | ImportMsg::PreviewButton
                | ImportMsg::PreviewHeading { .. }
                | ImportMsg::NotYet
                | ImportMsg::ApplyButton
                | ImportMsg::NoFile
                | ImportMsg::TooLarge { .. }
                | ImportMsg::HistoryWould { .. }
                | ImportMsg::HistoryDone { .. }
                | ImportMsg::BackToImport
                | ImportMsg::More { .. }
                | ImportMsg::AddRefused
                | ImportMsg::FieldsRefused
                | ImportMsg::AddHospital
                | ImportMsg::AddStation
                | ImportMsg::AddPeriod
                | ImportMsg::Added { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The members page and the command line say 入会日; the import page says the same, and
    /// tells that a past-duty sheet may have Japanese headings and kinds (issue 18).
    #[test]
    fn the_import_words_match_the_members_page_and_name_the_japanese_headings() {
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let left = RowMsg::LeftBeforeJoined { left: day, joined: day };
        for text in [field_ja(Field::Joined).to_string(), left.ja(), ImportMsg::MembersHelp.ja()] {
            assert!(!text.contains("参加日") && text.contains("入会日"), "{text}");
        }
        let help = ImportMsg::HistoryHelp.ja();
        for word in ["開始日", "医師", "種類", "通常", "年末年始"] {
            assert!(help.contains(word), "{word} missing: {help}");
        }
    }

    #[test]
    fn every_import_text_reads_in_both_languages() {
        for m in ImportMsg::samples() {
            super::super::check_both(&m);
        }
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let whats = [
            RowMsg::IdMissing,
            RowMsg::BadId { value: "D 1".into() },
            RowMsg::IdTwice { id: "d01".into(), earlier: 2 },
            RowMsg::IdNotDoctor {
                id: "h1".into(),
                kind: OtherKind::Hospital,
                name: "匝瑳中央病院".into(),
            },
            RowMsg::NameMissing,
            RowMsg::ClinicMissing,
            RowMsg::BadFte { value: "1.5".into() },
            RowMsg::BadDate { value: "2026/13/1".into() },
            RowMsg::LeftBeforeJoined { left: day, joined: day },
            RowMsg::BadPhone { value: "abc".into() },
            RowMsg::PhoneAsNumber { value: "479001001".into() },
            RowMsg::CellError { value: "#N/A".into() },
        ];
        let files = [
            ImportError::Table(TableError::Utf16),
            ImportError::Table(TableError::NotText),
            ImportError::Table(TableError::NotWorkbook { detail: "Excel 97-2003 (.xls)".into() }),
            ImportError::Table(TableError::NoSuchSheet {
                sheet: "x".into(),
                have: vec!["Sheet1".into()],
            }),
            ImportError::Table(TableError::Csv { line: 3, detail: "unclosed".into() }),
            ImportError::Sheet(SheetError::NoHeader),
            ImportError::Sheet(SheetError::MissingColumns {
                line: 1,
                missing: vec![Field::Id, Field::Name],
                found: vec!["fte".into()],
            }),
            ImportError::Sheet(SheetError::ColumnTwice {
                field: Field::Phone,
                columns: ("C".into(), "D".into()),
            }),
            ImportError::Sheet(SheetError::NoRows),
        ];
        for error in files {
            super::super::check_both(&FileError { file: "m.csv".into(), error });
        }
        for what in whats {
            let p = RowProblem { line: 3, column: "D".into(), header: "fte".into(), what };
            super::super::check_both(&RowLine { file: "m.csv", problem: &p });
            super::super::check_both(&p.what);
        }
    }

    #[test]
    fn a_bad_row_names_file_row_column_and_header() {
        let p = RowProblem {
            line: 5,
            column: "D".into(),
            header: "勤務割合".into(),
            what: RowMsg::BadFte { value: "1.5".into() },
        };
        let line = RowLine { file: "会員.xlsx", problem: &p };
        assert!(
            line.ja().starts_with(
                "会員.xlsx 5行目 D列「勤務割合」: 「1.5」は勤務割合として読めません。"
            ),
            "{}",
            line.ja()
        );
        assert!(
            line.en().starts_with("会員.xlsx:5: column D (勤務割合): '1.5' is not a share"),
            "{}",
            line.en()
        );
    }

    // See: issue 18 (English review 42): "A doctor whose id is in the rules takes the values of
    // the columns given", "Sheet (empty: the first)", and "headings" beside "headers".
    #[test]
    fn the_import_page_says_what_an_import_changes_in_plain_words() {
        let help = ImportMsg::MembersHelp.en();
        assert!(
            help.contains("For an existing doctor, the columns given replace the current values; a new id adds a doctor."),
            "{help}"
        );
        assert_eq!(ImportMsg::SheetLabel.en(), "Sheet (leave empty for the first sheet)");
        let history = ImportMsg::HistoryHelp.en();
        assert!(
            history.starts_with("The first row holds the headers slot_start, doctor and kind"),
            "{history}"
        );
        for m in ImportMsg::samples() {
            assert!(!m.en().contains("heading"), "{}", m.en());
        }
    }
}
