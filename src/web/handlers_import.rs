//! The import page's handlers (issue 18): an upload (multipart/form-data, no script) is
//! checked with the same code as `toban members import` and `toban history import`, shown,
//! and imported when the office presses Import. Audited with the signed-in admin's id.
//!
//! Key decision: nothing is kept on the server between the preview and the import: the
//! preview's Import form carries the file back (base64, in a hidden field) and the import
//! checks it all again against the rules and the store as they are then. The CSRF token is a
//! field of the multipart form, checked before anything is read into the rules or the store.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::multipart::Multipart;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;

use super::auth;
use super::extract::Admin;
use super::frame::{Frame, Notice};
use super::pages_import::{self as pages, Kind, Preview, i};
use super::reply::{forbidden, html, see_other, unavailable};
use crate::cli::history::{self, Upload as HistoryFile};
use crate::import::Change;
use crate::import::apply::members_in_dir;
use crate::msg::import::ImportMsg;
use crate::msg::{Lang, Message};
use crate::server::App;
use crate::store::AuditEntry;

/// The largest file the page takes: a members list or years of duties is a few kilobytes.
pub const MAX_FILE: usize = 1024 * 1024;

/// The most duties a history preview lists (years of history are thousands of rows; the
/// page stays light and the totals say how many).
const SHOWN: usize = 200;

/// An upload, its token checked.
struct Form {
    /// The file's name as the browser gave it (its last part).
    name: String,
    bytes: Vec<u8>,
    sheet: String,
    apply: bool,
}

/// Why an upload is not read.
enum Bad {
    /// No valid token (or not a multipart form): the 403 page.
    Forbidden,
    /// No file chosen, or too large.
    Say(ImportMsg),
}

/// Reads the multipart form of `req`: the token is compared once every field is read and
/// before anything else happens.
async fn read(app: &App, admin: &Admin, req: Request) -> Result<Form, Bad> {
    let mut parts = Multipart::from_request(req, app).await.map_err(|_| Bad::Forbidden)?;
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let too_large = || Bad::Say(ImportMsg::TooLarge { mb: MAX_FILE / (1024 * 1024) });
    while let Some(field) = parts.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let given = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| too_large())?;
            file = Some((base_name(&given), bytes.to_vec()));
        } else {
            let text = field.text().await.map_err(|_| too_large())?;
            fields.insert(name, text);
        }
    }
    let token = fields.get("csrf").map(String::as_str).unwrap_or("");
    if !(auth::looks_like_token(&admin.session.csrf) && auth::same(&admin.session.csrf, token)) {
        return Err(Bad::Forbidden);
    }
    let from_data = fields
        .get("data")
        .and_then(|d| base64::engine::general_purpose::STANDARD.decode(d.trim()).ok());
    let (name, bytes) = match (file, from_data) {
        (Some((name, bytes)), _) if !bytes.is_empty() => (name, bytes),
        (_, Some(bytes)) if !bytes.is_empty() => {
            (base_name(fields.get("name").map_or("", String::as_str)), bytes)
        }
        _ => return Err(Bad::Say(ImportMsg::NoFile)),
    };
    if bytes.len() > MAX_FILE {
        return Err(too_large());
    }
    Ok(Form {
        name,
        bytes,
        sheet: fields.get("sheet").map_or("", |s| s.trim()).to_string(),
        apply: fields.get("apply").is_some_and(|a| a == "1"),
    })
}

/// A browser's file name, as shown and audited: its last path part, at most 100 characters.
fn base_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    if name.is_empty() { "upload".into() } else { name }
}

/// `GET /admin/import`, with the result of an import just made.
pub async fn page(
    State(app): State<App>,
    admin: Admin,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let f = admin.frame(&app);
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    let n = match q.get("done").map(String::as_str) {
        Some("members") => Some(ImportMsg::Totals {
            added: num("added"),
            updated: num("updated"),
            unchanged: num("unchanged"),
            done: true,
        }),
        Some("history") => Some(ImportMsg::HistoryDone {
            n: num("n"),
            batch: crate::ids::ImportBatch::new(num("batch") as u64),
            added: num("added"),
            replaced: num("replaced"),
        }),
        _ => None,
    };
    let n = n.map(|m| Notice::Info(i(m)));
    html(StatusCode::OK, pages::import(&f, &admin.session.csrf, n.as_ref()))
}

fn refused(f: &Frame, admin: &Admin, bad: Bad) -> Response {
    match bad {
        Bad::Forbidden => forbidden(f),
        Bad::Say(m) => {
            let n = Notice::Error(i(m));
            html(StatusCode::BAD_REQUEST, pages::import(f, &admin.session.csrf, Some(&n)))
        }
    }
}

fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn sheet(form: &Form) -> Option<&str> {
    (!form.sheet.is_empty()).then_some(form.sheet.as_str())
}

/// `POST /admin/import/members`: a members file checked and shown, or (`apply`) imported.
pub async fn members(State(app): State<App>, admin: Admin, req: Request) -> Response {
    let f = admin.frame(&app);
    let form = match read(&app, &admin, req).await {
        Ok(form) => form,
        Err(bad) => return refused(&f, &admin, bad),
    };
    let Some(dir) = app.rules_dir.clone() else { return see_other("/admin/members") };
    let rules = app.rules.get();
    let (name, bytes, dry) = (form.name.clone(), form.bytes.clone(), !form.apply);
    let sheet_name = sheet(&form).map(str::to_string);
    let job = tokio::task::spawn_blocking(move || {
        members_in_dir(&dir, &rules, &name, &bytes, sheet_name.as_deref(), dry)
    })
    .await;
    let done = match job {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => return unavailable(&f, &e),
        Err(e) => return unavailable(&f, &e),
    };
    let lang = f.lang;
    let mut p = Preview {
        kind: Kind::Members,
        file: &form.name,
        sheet: &form.sheet,
        lines: Vec::new(),
        problems: Vec::new(),
        totals: None,
        data: None,
    };
    let done = match done {
        Ok(done) => done,
        // The rules would not load: each problem once, in the clerk's words (no file, line
        // or command), as the Members forms say it.
        Err(crate::import::FileError { error: crate::import::ImportError::Rules(e), .. }) => {
            p.problems = vec![ImportMsg::RulesRefusedHere.render(lang)];
            p.problems.extend(e.brief(lang));
            return html(
                StatusCode::BAD_REQUEST,
                pages::preview(&f, &admin.session.csrf, &p, None),
            );
        }
        Err(e) => {
            p.problems = e.render(lang).lines().map(str::to_string).collect();
            return html(
                StatusCode::BAD_REQUEST,
                pages::preview(&f, &admin.session.csrf, &p, None),
            );
        }
    };
    let (added, updated, unchanged) = done.plan.counts();
    if form.apply {
        if let Some(rules) = done.rules.clone() {
            app.rules.set(Arc::new(rules));
        }
        if !done.written.is_empty() {
            let entry = AuditEntry::of((app.now)(), &admin.actor(), done.event(&form.name));
            if let Err(e) = app.store.add_audit(&entry) {
                return unavailable(&f, &e);
            }
        }
        return see_other(&format!(
            "/admin/import?done=members&added={added}&updated={updated}&unchanged={unchanged}"
        ));
    }
    p.lines = members_lines(&done, &form.name, lang);
    p.totals = Some(ImportMsg::Totals { added, updated, unchanged, done: false }.render(lang));
    if !done.plan.edits.is_empty() {
        p.data = Some(encode(&form.bytes));
    }
    html(StatusCode::OK, pages::preview(&f, &admin.session.csrf, &p, None))
}

fn members_lines(done: &crate::import::apply::Imported, file: &str, lang: Lang) -> Vec<String> {
    let mut lines =
        vec![ImportMsg::ReadAs { file: file.to_string(), form: done.form }.render(lang)];
    for c in &done.plan.changes {
        if !matches!(c, Change::Same { .. }) {
            lines.push(ImportMsg::Change(c.clone()).render(lang));
        }
    }
    if !done.plan.ignored.is_empty() {
        lines.push(ImportMsg::Ignored { columns: done.plan.ignored.clone() }.render(lang));
    }
    if !done.plan.skipped.is_empty() {
        lines.push(ImportMsg::Skipped { rows: done.plan.skipped.clone() }.render(lang));
    }
    lines
}

/// `POST /admin/import/history`: a file of past duties checked and shown, or (`apply`)
/// imported as one numbered, audited batch.
pub async fn history(State(app): State<App>, admin: Admin, req: Request) -> Response {
    let f = admin.frame(&app);
    let form = match read(&app, &admin, req).await {
        Ok(form) => form,
        Err(bad) => return refused(&f, &admin, bad),
    };
    let rules = app.rules.get();
    let overrides = app.overrides.get();
    let now = (app.now)();
    let file = HistoryFile { name: &form.name, bytes: &form.bytes, sheet: sheet(&form) };
    let store = &*app.store;
    let mut p = Preview {
        kind: Kind::History,
        file: &form.name,
        sheet: &form.sheet,
        lines: Vec::new(),
        problems: Vec::new(),
        totals: None,
        data: None,
    };
    let bad = |p: &mut Preview<'_>, e: &history::file::FileError| {
        p.problems = e.render(f.lang).lines().map(str::to_string).collect();
        html(StatusCode::BAD_REQUEST, pages::preview(&f, &admin.session.csrf, p, None))
    };
    if form.apply {
        return match history::import_into(&rules, &overrides, store, &file, now, &admin.actor()) {
            Ok(Ok(d)) => see_other(&format!(
                "/admin/import?done=history&n={}&batch={}&added={}&replaced={}",
                d.n, d.batch, d.added, d.replaced
            )),
            Ok(Err(e)) => bad(&mut p, &e),
            Err(e) => unavailable(&f, &e),
        };
    }
    let records = match history::check(&rules, &overrides, store, &file, now) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return bad(&mut p, &e),
        Err(e) => return unavailable(&f, &e),
    };
    p.lines = history_lines(&records, &rules, f.lang);
    p.totals = Some(ImportMsg::HistoryWould { n: records.len() }.render(f.lang));
    p.data = Some(encode(&form.bytes));
    html(StatusCode::OK, pages::preview(&f, &admin.session.csrf, &p, None))
}

/// A history preview's lines: the first [`SHOWN`] duties, then how many more.
fn history_lines(
    records: &[crate::store::DutyRecord],
    rules: &crate::rules::Rules,
    lang: Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = records
        .iter()
        .take(SHOWN)
        .map(|r| format!("{} {} ({}) {}", r.slot_start, rules.name_of(&r.doctor), r.doctor, r.kind))
        .collect();
    if records.len() > SHOWN {
        lines.push(ImportMsg::More { n: records.len() - SHOWN }.render(lang));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_history_preview_lists_the_first_duties_and_counts_the_rest() {
        let rules = crate::plan::testing::sosa();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 13).unwrap();
        let record = crate::store::DutyRecord {
            slot_start: day,
            slot_end: day,
            doctor: "d01".into(),
            kind: "regular".into(),
            weight: 2,
            year: 2025,
            source: crate::store::DutySource::Import,
            holidays: 0,
            batch: None,
            imported_at: None,
        };
        let lines = history_lines(&vec![record; SHOWN + 5], &rules, Lang::Ja);
        assert_eq!(lines.len(), SHOWN + 1);
        assert_eq!(lines[0], "2026-01-13 青木 一郎 (d01) regular");
        assert_eq!(lines[SHOWN], "ほか5件");
    }
}
