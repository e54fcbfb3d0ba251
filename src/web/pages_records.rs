//! The console's record pages as HTML (maud, escaped by default): calls and the audit log.
//! Pure: each page is a function of what it shows, inside the [`Frame`]; the texts come from
//! [`crate::msg::web_records`] and, where a page shows what the command line prints, from the
//! same [`crate::msg::cli`] lines.

use maud::{Markup, html};

use super::frame::{Frame, Notice};
use crate::desk::calls_view::CallView;
use crate::msg::Message;
use crate::msg::cli::{Cli, Col};
use crate::msg::web::WebMsg;
use crate::msg::web_live::LiveMsg;
use crate::msg::web_records::RecordsMsg as R;

/// A record page's text.
pub fn r(m: R) -> WebMsg {
    WebMsg::Records(m)
}

/// A table of text cells under `cols`; the first cell of each row links to `link(cell)`.
pub fn table(
    f: &Frame,
    cols: &[Col],
    rows: &[Vec<String>],
    link: Option<fn(&str) -> String>,
) -> Markup {
    html! {
        table {
            thead { tr { @for c in cols { th scope="col" { (c.on_console(f.lang)) } } } }
            tbody {
                @for row in rows {
                    tr {
                        @for (i, cell) in row.iter().enumerate() {
                            td {
                                @match (i, link) {
                                    (0, Some(to)) => { a href=(to(cell)) { (cell) } }
                                    _ => { (cell) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A command-line line for the page (without the terminal's indentation).
fn line(f: &Frame, m: &Cli) -> String {
    m.render(f.lang).trim().to_string()
}

fn call_path(id: &str) -> String {
    format!("/admin/calls/{id}")
}

/// Which ended calls a calls page shows: page `page` (1 = the newest) of `total`.
pub struct EndedPage {
    /// This page.
    pub page: usize,
    /// Ended calls a page.
    pub per_page: usize,
    /// How many calls have ended.
    pub total: usize,
}

impl EndedPage {
    /// The address of page `n`.
    fn href(n: usize) -> String {
        format!("/admin/calls?page={n}")
    }
}

/// The calls page: the open calls, then one page of the ended ones (`ended`, newest first), as
/// `toban call list` shows them.
pub fn calls(
    f: &Frame,
    cols: &[Col],
    open: &[Vec<String>],
    ended: &[Vec<String>],
    p: &EndedPage,
) -> String {
    let t = |m: R| f.t(&r(m));
    let from = (p.page - 1) * p.per_page + 1;
    let to = from + ended.len().saturating_sub(1);
    f.page(
        &r(R::CallsTitle),
        html! {
            h2 { (f.t(&WebMsg::OpenCalls)) }
            @if open.is_empty() {
                p { (f.t(&WebMsg::NoOpenCalls)) }
            } @else {
                (table(f, cols, open, Some(call_path)))
            }
            h2 { (t(R::RecentCalls)) }
            @if ended.is_empty() {
                p { (t(R::NoCalls)) }
            } @else {
                p.note { (t(R::CallsRange { from, to, total: p.total })) }
                (table(f, cols, ended, Some(call_path)))
                p.pages {
                    @if p.page > 1 { a rel="prev" href=(EndedPage::href(p.page - 1)) { (t(R::Newer)) } " " }
                    @if to < p.total { a rel="next" href=(EndedPage::href(p.page + 1)) { (t(R::Older)) } }
                }
            }
        },
    )
}

/// One call's page: the lines of `toban call show`, and while it is open (`cancel`: the
/// session's CSRF token) the form that cancels it as `toban call cancel` does.
pub fn call(
    f: &Frame,
    id: crate::routing::CallId,
    v: &CallView,
    cancel: Option<&str>,
    n: Option<&Notice>,
) -> String {
    let t = |m: R| f.t(&r(m));
    f.page(
        &r(R::CallTitle { id }),
        html! {
            (f.notice(n))
            p.head { (line(f, &v.header)) }
            p.note-line { (line(f, &v.note)) }
            p.status { strong { (line(f, &v.status)) } }
            h2 { (t(R::ChainHeading)) }
            ul.chain { @for s in &v.chain { li { (line(f, s)) } } }
            h2 { (t(R::TimelineHeading)) }
            ul.log { @for e in &v.log { li { (line(f, e)) } } }
            @if let Some(report) = &v.report { p.report { (line(f, report)) } }
            @if let Some(csrf) = cancel {
                section.cancel {
                    h2 { (t(R::CancelHeading)) }
                    p.note { (t(R::CancelNote)) }
                    form method="post" action={ "/admin/calls/" (id) "/cancel" } {
                        input type="hidden" name="csrf" value=(csrf);
                        label.choice {
                            input type="checkbox" name="confirm" value="yes" required;
                            (t(R::CancelConfirm))
                        }
                        button type="submit" { (t(R::CancelButton)) }
                    }
                }
            }
            p.back { a href="/admin/calls" { (t(R::BackToCalls)) } }
        },
    )
}

/// What the audit page shows: one page of entries and the filter that chose them.
pub struct AuditPage {
    /// The columns.
    pub cols: Vec<Col>,
    /// This page's entries, newest first, as cells.
    pub rows: Vec<Vec<String>>,
    /// The filter: who acted (part of the name).
    pub who: String,
    /// The filter: what was done (part of the action).
    pub what: String,
    /// This page (1 = the newest entries).
    pub page: usize,
    /// Entries a page.
    pub per_page: usize,
    /// Entries that match the filter.
    pub total: usize,
}

impl AuditPage {
    /// The address of page `n` with the same filter.
    pub fn href(&self, n: usize) -> String {
        let q: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("who", &self.who)
            .append_pair("what", &self.what)
            .append_pair("page", &n.to_string())
            .finish();
        format!("/admin/audit?{q}")
    }
}

/// The audit log, newest first, a page at a time, filtered by who and what.
pub fn audit(f: &Frame, a: &AuditPage) -> String {
    let t = |m: R| f.t(&r(m));
    let from = (a.page - 1) * a.per_page + 1;
    let to = from + a.rows.len().saturating_sub(1);
    html_page(
        f,
        html! {
            form.filter method="get" action="/admin/audit" {
                label for="who" { (t(R::FilterWho)) }
                input id="who" name="who" value=(a.who);
                label for="what" { (t(R::FilterWhat)) }
                input id="what" name="what" value=(a.what);
                button type="submit" { (t(R::Filter)) }
                @if !a.who.is_empty() || !a.what.is_empty() {
                    " " a href="/admin/audit" { (t(R::ClearFilter)) }
                }
            }
            @if a.rows.is_empty() {
                p { (t(R::NoAudit)) }
            } @else {
                p.note { (t(R::AuditRange { from, to, total: a.total })) }
                (table(f, &a.cols, &a.rows, None))
                p.pages {
                    @if a.page > 1 { a rel="prev" href=(a.href(a.page - 1)) { (t(R::Newer)) } " " }
                    @if from + a.rows.len() <= a.total { a rel="next" href=(a.href(a.page + 1)) { (t(R::Older)) } }
                }
            }
        },
    )
}

fn html_page(f: &Frame, body: Markup) -> String {
    f.page(&r(R::AuditTitle), body)
}

/// What the annual report page shows.
pub struct ReportPage {
    /// The plan year.
    pub year: i32,
    /// Its first day.
    pub from: chrono::NaiveDate,
    /// Its last day.
    pub to: chrono::NaiveDate,
    /// Whether the year has a rota (draft or published) to download and print.
    pub has_rota: bool,
    /// The figures of `toban report`, label and value.
    pub rows: Vec<(String, String)>,
}

/// The annual report: the figures of `toban report YEAR` and the downloads.
pub fn report(f: &Frame, p: &ReportPage) -> String {
    use crate::msg::Day;
    let t = |m: R| f.t(&r(m));
    let file = |name: &str| format!("/admin/report/{}/{name}", p.year);
    // A plan year not starting in January is a fiscal year (年度); a calendar year is 「2027年」.
    let fiscal = chrono::Datelike::month(&p.from) != 1;
    f.page(
        &r(R::ReportTitle { year: p.year, fiscal }),
        html! {
            p.period { (t(R::ReportPeriod { from: Day(p.from), to: Day(p.to) })) }
            table.figures {
                tbody { @for (k, v) in &p.rows { tr { th scope="row" { (k) } td.n { (v) } } } }
            }
            p.note { (f.t(&WebMsg::Live(LiveMsg::ReportLabelsNote))) }
            h2 { (t(R::Downloads)) }
            ul.downloads {
                li { a href=(file("report.xlsx")) download { (t(R::ReportXlsx)) } }
                li { a href=(file("report.csv")) download { (t(R::ReportCsv)) } }
                @if p.has_rota {
                    li { a href=(file("rota.xlsx")) download { (t(R::RotaXlsx)) } }
                    li { a href=(file("rota.csv")) download { (t(R::RotaCsv)) } }
                    li { a href={ "/admin/year/" (p.year) "/print" } { (t(R::PrintRota)) } }
                }
            }
            @if !p.has_rota { p.note { (t(R::NoRotaDownloads { year: p.year, fiscal })) } }
            p.note { (t(R::CsvNote)) }
            p.years {
                a rel="prev" href={ "/admin/report/" (p.year - 1) } { "← " (t(R::YearLink { year: p.year - 1, fiscal })) }
                " "
                a rel="next" href={ "/admin/report/" (p.year + 1) } { (t(R::YearLink { year: p.year + 1, fiscal })) " →" }
            }
        },
    )
}

fn patient_path(id: &str) -> String {
    format!("/admin/patients/{id}")
}

/// The registry: the cells of `toban patient list`, each patient linked.
pub fn patients(
    f: &Frame,
    cols: &[Col],
    rows: &[Vec<String>],
    page: usize,
    total: usize,
    n: Option<&super::frame::Notice>,
) -> String {
    use crate::msg::web_registry::RegistryMsg as G;
    let from = (page - 1) * PATIENTS_PER_PAGE + 1;
    let to = from + rows.len().saturating_sub(1);
    let href = |n: usize| format!("/admin/patients?page={n}");
    f.page(
        &r(R::PatientsTitle),
        html! {
            (f.notice(n))
            p.actions { a href="/admin/patients/new" { (f.t(&r(R::Registry(G::NewPatient)))) } }
            @if rows.is_empty() {
                p { (f.t(&r(R::NoPatients))) }
            } @else {
                @if total > PATIENTS_PER_PAGE {
                    p.range { (f.t(&r(R::PatientsRange { from, to, total }))) }
                }
                (table(f, cols, rows, Some(patient_path)))
                @if total > PATIENTS_PER_PAGE {
                    p.pager {
                        @if page > 1 { a rel="prev" href=(href(page - 1)) { (f.t(&r(R::PrevPage))) } " " }
                        @if to < total { a rel="next" href=(href(page + 1)) { (f.t(&r(R::NextPage))) } }
                    }
                }
            }
        },
    )
}

/// How many patients the registry page shows at a time (900 on one page weighed 167 KB; the
/// console's pages keep under 150 KB).
pub const PATIENTS_PER_PAGE: usize = 200;

/// What a patient's page shows besides the record.
pub struct CourseForm<'a> {
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// The event chosen (`as_str`), if re-shown.
    pub event: &'a str,
    /// The day typed, if re-shown.
    pub date: &'a str,
}

/// One patient: the lines of `toban patient show`, and the form that adds a course event
/// (`toban patient course`).
pub fn patient(
    f: &Frame,
    id: crate::ids::PatientId,
    lines: &[(Col, String)],
    form: &CourseForm<'_>,
    n: Option<&super::frame::Notice>,
) -> String {
    use crate::msg::web_registry::RegistryMsg as G;
    use crate::routing::CourseEvent;
    let t = |m: R| f.t(&r(m));
    let event_name = |e: CourseEvent| match f.lang {
        crate::msg::Lang::Ja => crate::msg::record::event_ja(e),
        crate::msg::Lang::En => crate::msg::record::event_en(e),
    };
    f.page(
        &r(R::PatientTitle { id }),
        html! {
            (f.notice(n))
            table.record {
                tbody { @for (k, v) in lines { tr { th scope="row" { (k.on_console(f.lang)) } td { (v) } } } }
            }
            h2 { (t(R::CourseHeading)) }
            form method="post" action={ "/admin/patients/" (id) "/course" } {
                input type="hidden" name="csrf" value=(form.csrf);
                label for="event" { (t(R::CourseEventLabel)) }
                select id="event" name="event" required {
                    @for e in CourseEvent::ALL {
                        option value=(e.as_str()) selected[form.event == e.as_str()] { (event_name(e)) }
                    }
                }
                label for="date" { (t(R::CourseDateLabel)) }
                input id="date" name="date" type="date" value=(form.date) required;
                button type="submit" { (t(R::CourseButton)) }
            }
            h2 { (t(R::Registry(G::SheetLink))) }
            p {
                a href={ "/admin/patients/" (id) "/sheet" } download { (t(R::Registry(G::SheetLink))) }
            }
            p.note { (t(R::Registry(G::SheetNote))) }
            p.actions {
                a href={ "/admin/patients/" (id) "/edit" } { (t(R::Registry(G::EditLink))) }
                " "
                a href={ "/admin/patients/" (id) "/remove" } { (t(R::Registry(G::RemoveLink))) }
            }
            p.back { a href="/admin/patients" { (t(R::BackToPatients)) } }
        },
    )
}

/// One backup file: its name, when it was taken (for the reader), its size in KB.
pub struct BackupFile {
    /// The file name (also its download path).
    pub name: String,
    /// When it was taken.
    pub taken: String,
    /// Its size in KB.
    pub kb: u64,
}

/// The backups in the rules' backup directory, newest first, each downloadable, and a button
/// that takes one now (as `toban backup`).
pub fn backups(
    f: &Frame,
    files: &[BackupFile],
    csrf: &str,
    n: Option<&super::frame::Notice>,
) -> String {
    let t = |m: R| f.t(&r(m));
    f.page(
        &r(R::BackupsTitle),
        html! {
            (f.notice(n))
            form method="post" action="/admin/backups" {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (t(R::RunBackup)) }
            }
            @if files.is_empty() {
                p { (t(R::NoBackups)) }
            } @else {
                table {
                    thead { tr { th { (t(R::BackupFile)) } th { (t(R::BackupTaken)) } th { (t(R::BackupSize)) } } }
                    tbody {
                        @for b in files {
                            tr {
                                td { a href={ "/admin/backups/" (b.name) } download { (b.name) } }
                                td { (b.taken) }
                                td.n { (b.kb) }
                            }
                        }
                    }
                }
            }
            p.note { (t(R::BackupsNote)) }
        },
    )
}

/// A new invitation to show once.
pub struct NewInvitation {
    /// Who it is for, until when.
    pub head: WebMsg,
    /// The bot's link, if the bot's name is known.
    pub link: Option<String>,
    /// LINE's add-friend link, if the official account's basic id is known.
    pub line: Option<String>,
    /// The one-time code.
    pub code: String,
}

/// `text` as a QR code in inline SVG (no script, nothing loaded: the CSP allows it), or nothing
/// if it is too long for one.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
    // Inside HTML the XML declaration has no place.
    Some(match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg,
    })
}

/// The invitations page: the form (a member of the rules, hours), and a new invitation once.
pub fn invitations(
    f: &Frame,
    members: &[(String, String)],
    csrf: &str,
    new: Option<&NewInvitation>,
    n: Option<&super::frame::Notice>,
) -> String {
    let t = |m: R| f.t(&r(m));
    f.page(
        &r(R::InvitationsTitle),
        html! {
            (f.notice(n))
            @if let Some(inv) = new {
                section.invitation {
                    p { strong { (f.t(&inv.head)) } }
                    @match &inv.link {
                        Some(link) => {
                            p.link { code { (link) } }
                            @if let Some(svg) = qr_svg(link) {
                                div.qr role="img" aria-label=(link) { (maud::PreEscaped(svg)) }
                            }
                        }
                        None => { p { (t(R::InviteCodeOnly { code: inv.code.clone() })) } }
                    }
                    @if let Some(line) = &inv.line {
                        p { (t(R::InviteOnLine { code: inv.code.clone() })) }
                        p.link { code { (line) } }
                        @if let Some(svg) = qr_svg(line) {
                            div.qr role="img" aria-label=(line) { (maud::PreEscaped(svg)) }
                        }
                    }
                    @if inv.link.is_none() && inv.line.is_none() {
                        p.note { (t(R::InviteCodeShownOnce)) }
                    } @else {
                        p.note { (t(R::InviteShownOnce)) }
                    }
                }
            }
            form method="post" action="/admin/invitations" {
                input type="hidden" name="csrf" value=(csrf);
                label for="member" { (t(R::InviteMember)) }
                select id="member" name="member" required {
                    @for (id, name) in members { option value=(id) { (name) " (" (id) ")" } }
                }
                label for="hours" { (t(R::InviteHours)) }
                input id="hours" name="hours" type="number" min="1" max="720" value="72" required;
                button type="submit" { (t(R::InviteButton)) }
            }
            p.note { (t(R::InvitationsNote)) }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame::sample("/admin/calls")
    }

    #[test]
    fn a_large_registry_is_shown_a_page_at_a_time_with_links_both_ways() {
        let cols = crate::cli::desk::PATIENT_COLUMNS;
        let rows: Vec<Vec<String>> = (201..=400)
            .map(|i| {
                (0..cols.len()).map(|c| if c == 0 { i.to_string() } else { "x".into() }).collect()
            })
            .collect();
        let page = patients(&frame(), &cols, &rows, 2, 900, None);
        assert!(page.contains("登録患者900人のうち、番号順に201〜400人目"), "{page}");
        assert!(page.contains("href=\"/admin/patients?page=1\""), "{page}");
        assert!(page.contains("href=\"/admin/patients?page=3\""), "{page}");
        assert!(
            page.contains("href=\"/admin/patients/400\"") && !page.contains("/admin/patients/401")
        );
        // A registry that fits one page has no pager.
        let one = patients(&frame(), &cols, &rows[..3], 1, 3, None);
        assert!(!one.contains("?page=") && !one.contains("人目"), "{one}");
    }

    #[test]
    fn the_call_list_escapes_what_it_shows_and_links_each_call() {
        let cols = crate::desk::calls_view::LIST_COLUMNS;
        let row = vec!["7".to_string(), "<b>x</b>".into(), "1".into()];
        let none = EndedPage { page: 1, per_page: 50, total: 0 };
        let page = calls(&frame(), &cols, std::slice::from_ref(&row), &[], &none);
        assert!(page.contains("href=\"/admin/calls/7\""), "{page}");
        assert!(page.contains("&lt;b&gt;x&lt;/b&gt;") && !page.contains("<b>x"), "{page}");
        assert!(page.contains("依頼はまだありません"), "{page}");
        // The second page of 120 ended calls links to the newer and the older ones.
        let second = EndedPage { page: 2, per_page: 50, total: 120 };
        let page = calls(&frame(), &cols, &[], &vec![row; 50], &second);
        assert!(page.contains("終了した依頼120件のうち、新しいものから51〜100件目"), "{page}");
        assert!(page.contains("href=\"/admin/calls?page=1\""), "{page}");
        assert!(page.contains("href=\"/admin/calls?page=3\""), "{page}");
    }

    #[test]
    fn a_call_page_escapes_the_callers_note() {
        let v = CallView {
            header: Cli::CallHeader {
                call: crate::routing::CallId::new(7),
                patient: crate::ids::PatientId::new(1),
                caller: "ns1".into(),
                raised: "t".into(),
            },
            note: Cli::NoteLine("<script>alert(1)</script> 発熱".into()),
            status: Cli::NobodyAccepted,
            chain: vec![],
            log: vec![],
            report: None,
        };
        let page = call(&frame(), crate::routing::CallId::new(7), &v, None, None);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; 発熱"), "{page}");
        assert!(page.contains("<h1>7番の依頼</h1>"), "{page}");
        assert!(!page.contains("/cancel"), "no cancel form for a call that has ended");
        let open = call(&frame(), crate::routing::CallId::new(7), &v, Some("c"), None);
        assert!(open.contains("action=\"/admin/calls/7/cancel\""), "{open}");
        assert!(open.contains("name=\"confirm\" value=\"yes\" required"), "{open}");
    }

    #[test]
    fn a_patients_name_and_notes_are_escaped_on_the_list_and_the_record() {
        let list = patients(
            &frame(),
            &[Col::Id, Col::FullName],
            &[vec!["4".into(), "<img src=x>山田".into()]],
            1,
            1,
            None,
        );
        assert!(list.contains("href=\"/admin/patients/4\""), "{list}");
        assert!(list.contains("&lt;img src=x&gt;山田") && !list.contains("<img"), "{list}");
        let lines = vec![
            (Col::FullName, "<b>山田</b>".to_string()),
            (Col::Wishes, "DNAR & \"自宅\"".into()),
        ];
        let form = CourseForm { csrf: "c", event: "died_home", date: "\"><script>" };
        let page = patient(&frame(), crate::ids::PatientId::new(4), &lines, &form, None);
        assert!(!page.contains("<b>山田") && !page.contains("<script>"), "{page}");
        assert!(
            page.contains("&lt;b&gt;山田&lt;/b&gt;")
                && page.contains("DNAR &amp; &quot;自宅&quot;"),
            "{page}"
        );
        assert!(page.contains("action=\"/admin/patients/4/course\""), "{page}");
        assert!(page.contains("value=\"died_home\" selected"), "the choice is kept: {page}");
    }

    #[test]
    fn each_backup_is_downloadable_and_a_backup_can_be_taken_with_the_sessions_token() {
        let files = [BackupFile {
            name: "toban-sosa-20270302T130000Z.json".into(),
            taken: "t".into(),
            kb: 12,
        }];
        let page = backups(&frame(), &files, "tok", None);
        assert!(
            page.contains("href=\"/admin/backups/toban-sosa-20270302T130000Z.json\""),
            "{page}"
        );
        assert!(
            page.contains("action=\"/admin/backups\"") && page.contains("value=\"tok\""),
            "{page}"
        );
        assert!(backups(&frame(), &[], "tok", None).contains("バックアップはまだありません"));
    }

    #[test]
    fn a_new_invitation_shows_its_link_as_inline_svg_and_escapes_names() {
        let new = NewInvitation {
            head: r(R::InviteFor {
                name: "<b>上田</b>".into(),
                doctor: true,
                until: crate::msg::When(
                    chrono::TimeZone::with_ymd_and_hms(
                        &chrono_tz::Asia::Tokyo,
                        2027,
                        3,
                        5,
                        9,
                        0,
                        0,
                    )
                    .unwrap(),
                ),
            }),
            link: Some("https://t.me/toban_bot?start=abc".into()),
            line: None,
            code: "abc".into(),
        };
        let members = [("d01".to_string(), "<i>青木</i>".to_string())];
        let page = invitations(&frame(), &members, "c", Some(&new), None);
        assert!(page.contains("<svg") && !page.contains("<?xml"), "{page}");
        assert!(!page.contains("<b>上田") && !page.contains("<i>青木"), "{page}");
        assert!(page.contains("https://t.me/toban_bot?start=abc"), "{page}");
        assert!(!page.to_lowercase().contains("<script"), "{page}");
        assert!(!page.contains("line.me"), "no LINE without its basic id: {page}");
        // With LINE's basic id: its add-friend link and QR code, and the code to send.
        let new = NewInvitation { line: Some("https://line.me/R/ti/p/@123abcde".into()), ..new };
        let page = invitations(&frame(), &members, "c", Some(&new), None);
        assert_eq!(page.matches("<svg").count(), 2, "two QR codes: {page}");
        assert!(page.contains("aria-label=\"https://line.me/R/ti/p/@123abcde\""), "{page}");
        assert!(page.contains("友だち追加し、このコードを送ってください: abc"), "{page}");
        // See: issue 18 English review 13: with neither the bot's name nor LINE, only the code
        // is shown, and the note spoke of a link and a QR code.
        let code_only = NewInvitation { link: None, line: None, ..new };
        let page = invitations(&frame(), &members, "c", Some(&code_only), None);
        assert!(!page.contains("<svg"), "{page}");
        assert!(!page.contains("このリンクとQRコード"), "{page}");
        assert!(page.contains("このコードは今だけ表示されます"), "{page}");
    }

    #[test]
    fn the_report_page_names_its_figures_and_links_each_download() {
        let p = ReportPage {
            year: 2027,
            from: chrono::NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(),
            to: chrono::NaiveDate::from_ymd_opt(2028, 3, 31).unwrap(),
            rows: vec![("在宅看取り率（%）".into(), "81".into()), ("<x>".into(), "1".into())],
            has_rota: true,
        };
        let page = report(&frame(), &p);
        assert!(page.contains("<h1>2027年度 事業報告</h1>"), "{page}");
        assert!(page.contains("2027年4月1日(木)〜2028年3月31日(金)"), "{page}");
        assert!(page.contains("在宅看取り率（%）</th><td class=\"n\">81"), "{page}");
        assert!(page.contains("&lt;x&gt;") && !page.contains("<x>"), "{page}");
        for f in ["report.xlsx", "report.csv", "rota.xlsx", "rota.csv"] {
            assert!(page.contains(&format!("href=\"/admin/report/2027/{f}\"")), "{f}: {page}");
        }
        assert!(page.contains("← 2026年度</a>") && page.contains("2028年度 →</a>"), "{page}");
    }

    /// A calendar year is 「2027年」: 年度 would tell the board it ran April to March.
    #[test]
    fn a_calendar_years_report_is_not_called_a_fiscal_year() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let p = ReportPage {
            year: 2027,
            from: day(2027, 1, 1),
            to: day(2027, 12, 31),
            rows: vec![],
            has_rota: true,
        };
        let page = report(&frame(), &p);
        assert!(page.contains("<h1>2027年 事業報告</h1>"), "{page}");
        assert!(page.contains("← 2026年</a>") && !page.contains("年度"), "{page}");
    }

    // See: issue 18 (review): /admin/report/2026 (imported history, no rota) linked the rota's
    // downloads, which answered 404.
    #[test]
    fn a_year_without_a_rota_offers_no_rota_download_and_says_why() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let p = ReportPage {
            year: 2026,
            from: day(2026, 1, 1),
            to: day(2026, 12, 31),
            rows: vec![],
            has_rota: false,
        };
        let page = report(&frame(), &p);
        assert!(!page.contains("rota.xlsx") && !page.contains("rota.csv"), "{page}");
        assert!(page.contains("href=\"/admin/report/2026/report.xlsx\""), "{page}");
        assert!(page.contains("2026年の当番表はありません"), "{page}");
    }

    #[test]
    fn the_audit_page_keeps_its_filter_across_pages_and_escapes_it() {
        let a = AuditPage {
            cols: vec![Col::No, Col::Who],
            rows: vec![vec!["2".into(), "<i>admin</i>".into()]],
            who: "\"><x".into(),
            what: "patient".into(),
            page: 2,
            per_page: 1,
            total: 3,
        };
        let page = audit(&frame(), &a);
        assert!(!page.contains("<i>admin") && !page.contains("\"><x"), "{page}");
        assert!(page.contains("3件のうち、新しいものから2〜2件目"), "{page}");
        assert!(page.contains("what=patient&amp;page=1"), "{page}");
        assert!(page.contains("what=patient&amp;page=3"), "{page}");
    }

    // See: issue 18 (English review 51): the calls table was headed "call | raised | …".
    #[test]
    fn a_console_table_is_headed_with_capitals_in_english() {
        let mut f = frame();
        f.lang = crate::msg::Lang::En;
        let html = table(&f, &[Col::Call, Col::Raised, Col::Caller], &[], None).into_string();
        assert!(html.contains("<th scope=\"col\">Call</th><th scope=\"col\">Raised</th><th scope=\"col\">From</th>"), "{html}");
    }
}
