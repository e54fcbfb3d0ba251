//! The import page (issue 18, "Excel both ways"): members and past duties from an .xlsx or a
//! CSV, uploaded in a plain form (no script), checked, shown, then imported. Pure: each page is
//! a function of what it shows; the texts are [`ImportMsg`] (inside [`WebMsg::Import`]).

use maud::{Markup, html};

use super::frame::{Frame, Notice};
use crate::msg::import::ImportMsg;
use crate::msg::web::WebMsg;

/// `WebMsg` of an import text.
pub fn i(t: ImportMsg) -> WebMsg {
    WebMsg::Import(t)
}

/// Which import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Members (rules edits).
    Members,
    /// Past duties (the store's history).
    History,
}

impl Kind {
    /// The form's action.
    pub fn action(self) -> &'static str {
        match self {
            Kind::Members => "/admin/import/members",
            Kind::History => "/admin/import/history",
        }
    }
}

/// The upload form of `kind`: a file and a sheet name, and the CSRF token as a field.
fn upload_form(f: &Frame, csrf: &str, kind: Kind) -> Markup {
    let id = |s: &str| format!("{}-{s}", if kind == Kind::Members { "members" } else { "history" });
    html! {
        form method="post" action=(kind.action()) enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            label for=(id("file")) { (f.t(&i(ImportMsg::FileLabel))) }
            input id=(id("file")) name="file" type="file" required
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";
            label for=(id("sheet")) { (f.t(&i(ImportMsg::SheetLabel))) }
            input id=(id("sheet")) name="sheet" autocomplete="off";
            button type="submit" { (f.t(&i(ImportMsg::PreviewButton))) }
        }
    }
}

/// The import page: the members form and the past duties form.
pub fn import(f: &Frame, csrf: &str, n: Option<&Notice>) -> String {
    f.page(
        &i(ImportMsg::PageTitle),
        html! {
            (f.notice(n))
            h2 { (f.t(&i(ImportMsg::MembersHeading))) }
            p.note { (f.t(&i(ImportMsg::MembersHelp))) }
            (upload_form(f, csrf, Kind::Members))
            h2 { (f.t(&i(ImportMsg::HistoryHeading))) }
            p.note { (f.t(&i(ImportMsg::HistoryHelp))) }
            (upload_form(f, csrf, Kind::History))
        },
    )
}

/// What a checked file would do, or why it cannot be imported.
pub struct Preview<'a> {
    /// Which import.
    pub kind: Kind,
    /// The file's name as uploaded.
    pub file: &'a str,
    /// The sheet asked for.
    pub sheet: &'a str,
    /// What each row does (good file), one line each.
    pub lines: Vec<String>,
    /// Every problem (bad file), one line each.
    pub problems: Vec<String>,
    /// The totals line.
    pub totals: Option<String>,
    /// The file again, base64, for the Import button (a good file that changes something).
    pub data: Option<String>,
}

/// The preview: every problem of a bad file, or what a good one would change with the Import
/// button (the file itself goes back in a hidden field: nothing is kept on the server between
/// the two steps, and the import checks it all again).
pub fn preview(f: &Frame, csrf: &str, p: &Preview<'_>, n: Option<&Notice>) -> String {
    f.page(
        &i(ImportMsg::PreviewHeading { file: p.file.to_string() }),
        html! {
            (f.notice(n))
            @if !p.problems.is_empty() {
                ul.problems role="alert" { @for l in &p.problems { li.error { (l) } } }
            }
            @if !p.lines.is_empty() {
                ul.changes { @for l in &p.lines { li { (l) } } }
            }
            @if let Some(t) = &p.totals { p.totals { (t) } }
            @if let Some(data) = &p.data {
                p.note { (f.t(&i(ImportMsg::NotYet))) }
                form method="post" action=(p.kind.action()) enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="name" value=(p.file);
                    input type="hidden" name="sheet" value=(p.sheet);
                    input type="hidden" name="data" value=(data);
                    input type="hidden" name="apply" value="1";
                    button type="submit" { (f.t(&i(ImportMsg::ApplyButton))) }
                }
            }
            p.back { a href="/admin/import" { (f.t(&i(ImportMsg::BackToImport))) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;

    fn frame(lang: Lang) -> Frame {
        Frame {
            lang,
            association: "医師会".into(),
            here: "/admin/import".into(),
            who: Some(super::super::frame::SignedIn {
                name: "事務局".into(),
                csrf: "c".repeat(64),
            }),
        }
    }

    #[test]
    fn the_import_page_has_two_upload_forms_with_the_token_and_no_script() {
        let page = import(&frame(Lang::Ja), "tok", None);
        assert_eq!(page.matches("enctype=\"multipart/form-data\"").count(), 2, "{page}");
        assert_eq!(page.matches("name=\"csrf\" value=\"tok\"").count(), 2, "{page}");
        assert!(page.contains("action=\"/admin/import/members\""), "{page}");
        assert!(page.contains("action=\"/admin/import/history\""), "{page}");
        assert!(page.contains("Excel から取り込む") && !page.contains("<script"), "{page}");
    }

    #[test]
    fn a_preview_escapes_what_the_file_says_and_offers_import_only_with_data() {
        let mut p = Preview {
            kind: Kind::Members,
            file: "<b>m</b>.csv",
            sheet: "",
            lines: vec!["追加 d13 <i>x</i>".into()],
            problems: Vec::new(),
            totals: Some("t".into()),
            data: Some("QUJD".into()),
        };
        let page = preview(&frame(Lang::En), "tok", &p, None);
        assert!(!page.contains("<b>m</b>") && page.contains("&lt;b&gt;m&lt;/b&gt;.csv"), "{page}");
        assert!(page.contains("&lt;i&gt;x&lt;/i&gt;"), "{page}");
        assert!(page.contains("name=\"data\" value=\"QUJD\"") && page.contains(">Import</button>"));
        p.data = None;
        p.problems = vec!["bad row".into()];
        let page = preview(&frame(Lang::En), "tok", &p, None);
        assert!(!page.contains(">Import</button>") && page.contains("bad row"), "{page}");
    }
}
