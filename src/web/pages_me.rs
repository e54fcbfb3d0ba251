//! The doctors' own pages (`/me`, issue 18) as HTML. Pure: each page is a function of what it
//! shows; the texts are [`MeMsg`] (inside [`WebMsg::Me`]).
//!
//! Key decision: the doctors' pages have their own frame ([`MeFrame`]): no console nav, the
//! language switch and sign-out under `/me`, so a doctor's page never links into `/admin`.

use maud::{DOCTYPE, Markup, html};

use super::frame::{Notice, lang_code};
use crate::msg::web::WebMsg;
use crate::msg::web_me::MeMsg;
use crate::msg::{Lang, Message};

/// The frame of a doctors' page: the reader's language, the association, where the reader is
/// (the language switch comes back here) and who is signed in.
pub struct MeFrame {
    /// The reader's language.
    pub lang: Lang,
    /// The association's name.
    pub association: String,
    /// The page's path.
    pub here: String,
    /// The doctor's name and the session's CSRF token (sign-out), once signed in.
    pub who: Option<(crate::msg::Doctor, String)>,
}

impl MeFrame {
    /// Text `m` in the reader's language.
    pub fn t(&self, m: &MeMsg) -> String {
        m.render(self.lang)
    }

    /// A console text in the reader's language (the shared 403/404/503 texts).
    pub fn w(&self, m: &WebMsg) -> String {
        m.render(self.lang)
    }

    /// A whole page around `body`, under the heading `title`.
    pub fn page(&self, title: &str, body: Markup) -> String {
        let back: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        html! {
            (DOCTYPE)
            html lang=(lang_code(self.lang)) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — " (self.association) }
                    link rel="stylesheet" href="/me/style.css";
                }
                body {
                    header {
                        div.bar {
                            span.org { (self.association) " " small { (self.t(&MeMsg::Pages)) } }
                            div.who {
                                span.langs aria-label=(self.w(&WebMsg::LanguageSwitch)) {
                                    @for (lang, name) in [(Lang::Ja, "日本語"), (Lang::En, "English")] {
                                        @if lang == self.lang {
                                            strong lang=(lang_code(lang)) { (name) }
                                        } @else {
                                            a href={ "/me/lang?to=" (lang_code(lang)) "&back=" (back) } lang=(lang_code(lang)) hreflang=(lang_code(lang)) { (name) }
                                        }
                                    }
                                }
                                @if let Some((name, csrf)) = &self.who {
                                    span.name { (self.t(&MeMsg::SignedInAs { name: name.clone() })) }
                                    form method="post" action="/me/logout" {
                                        input type="hidden" name="csrf" value=(csrf);
                                        button type="submit" { (self.t(&MeMsg::SignOut)) }
                                    }
                                }
                            }
                        }
                    }
                    main {
                        h1 { (title) }
                        (body)
                    }
                }
            }
        }
        .into_string()
    }

    /// The notices, in order.
    pub fn notices(&self, notices: &[Notice]) -> Markup {
        html! {
            @for n in notices {
                @match n {
                    Notice::Error(m) => { p.error role="alert" { (self.w(m)) } }
                    Notice::Info(m) => { p.info role="status" { (self.w(m)) } }
                }
            }
        }
    }
}

/// The doctors' pages' style sheet: the console's, and a few rules of their own (the CSP
/// allows styles from 'self' only, never in an attribute).
pub fn style() -> String {
    format!(
        "{}{}",
        super::frame::STYLE,
        ".absence form,.request form{display:inline}\
         .absence button,.request button{margin:0 0 0 .5em;padding:.1em .6em}\
         select{max-width:100%;font-size:1em;padding:.3em}details.duty{margin:.4em 0}\
         summary{cursor:pointer}.qr svg{max-width:100%;height:auto}tr.mine{background:#fff4d6}\
         code.feed,code.google{word-break:break-all}\n"
    )
}

/// A notice of a doctors' page text.
pub fn error(m: MeMsg) -> Notice {
    Notice::Error(WebMsg::Me(m))
}

/// A notice of a doctors' page text, for information.
pub fn info(m: MeMsg) -> Notice {
    Notice::Info(WebMsg::Me(m))
}

/// A page of notices only, under `title`.
pub fn message(f: &MeFrame, title: &str, notices: &[Notice]) -> String {
    f.page(title, f.notices(notices))
}

/// The sign-in link's page: who it signs in, and the button that does (a POST, so a chat's
/// link preview that opens the link signs nobody in and does not use it up).
pub fn link(f: &MeFrame, token: &str, csrf: &str, who: &MeMsg) -> String {
    f.page(
        &f.t(&MeMsg::LinkTitle),
        html! {
            p { (f.t(who)) }
            form method="post" action={ "/me/link/" (token) } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (f.t(&MeMsg::LinkButton)) }
            }
            p.note { (f.t(&MeMsg::LinkNote)) }
        },
    )
}

/// One of the doctor's duties.
pub struct Duty {
    /// Its slot id (the request form's).
    pub slot: String,
    /// Its span.
    pub span: MeMsg,
    /// What the doctor should know of it: days a colleague covers, an absence on it.
    pub notes: Vec<MeMsg>,
}

/// One row of the year's rota.
pub struct RotaRow {
    /// The duty's days.
    pub days: MeMsg,
    /// The duty doctors' names.
    pub doctors: Vec<String>,
    /// Whether the reader is one of them.
    pub mine: bool,
}

/// What the absence form had typed (kept when it is refused).
#[derive(Default)]
pub struct Typed {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Note.
    pub note: String,
}

/// What the doctor's page shows.
pub struct MePage {
    /// The next duties.
    pub upcoming: Vec<Duty>,
    /// The days the doctor covers of colleagues' duties, not over yet.
    pub covering: Vec<MeMsg>,
    /// The recent duties, latest first.
    pub recent: Vec<Duty>,
    /// The other doctors (id, name), for a swap.
    pub colleagues: Vec<(String, String)>,
    /// The colleagues' upcoming duties (slot, what it says), to take in exchange.
    pub their_duties: Vec<(String, MeMsg)>,
    /// The doctor's requests, newest first, each with its number when it can be withdrawn.
    pub requests: Vec<(MeMsg, Option<crate::ids::SwapRequestId>)>,
    /// The doctor's absences (id, what).
    pub absences: Vec<(crate::ids::AbsenceId, MeMsg)>,
    /// The year's published rota.
    pub rota: Option<(i32, Vec<RotaRow>)>,
    /// The calendar feed just made (its web address, `https://…/feeds/….ics`), shown once.
    pub feed: Option<String>,
    /// The absence form's fields.
    pub typed: Typed,
}

/// The doctor's page: notices, next duties (each with the request form), requests, absences
/// (remove, add), the calendar link, and the year's rota.
pub fn me(f: &MeFrame, csrf: &str, p: &MePage, notices: &[Notice]) -> String {
    let t = |m: MeMsg| f.t(&m);
    f.page(
        &t(MeMsg::MeTitle),
        html! {
            (f.notices(notices))
            @if p.feed.is_some() {
                p.info role="status" { (t(MeMsg::FeedMade)) " " a href="#calendar" { (t(MeMsg::FeedSeeBelow)) } }
            }
            h2 { (t(MeMsg::Upcoming)) }
            @if p.upcoming.is_empty() { p { (t(MeMsg::NoUpcoming)) } }
            @for d in &p.upcoming {
                details.duty open[!d.notes.is_empty()] {
                    summary { (f.t(&d.span)) }
                    @for n in &d.notes {
                        @if matches!(n, MeMsg::AbsenceOnDuty { .. }) {
                            p.error { (f.t(n)) }
                        } @else {
                            p.info { (f.t(n)) }
                        }
                    }
                    form method="post" action="/me/request" {
                        input type="hidden" name="csrf" value=(csrf);
                        input type="hidden" name="slot" value=(d.slot);
                        label { (t(MeMsg::WithLabel))
                            select name="with" {
                                option value="" { (t(MeMsg::AnyoneFairest)) }
                                @for (id, name) in &p.colleagues {
                                    option value=(id) { (crate::msg::Message::render(&crate::msg::Doctor(name.clone()), f.lang)) }
                                }
                            }
                        }
                        label { (t(MeMsg::TheirDutyLabel))
                            select name="theirs" {
                                option value="" { (t(MeMsg::NoExchange)) }
                                @for (slot, what) in &p.their_duties {
                                    option value=(slot) { (f.t(what)) }
                                }
                            }
                        }
                        button type="submit" { (t(MeMsg::RequestButton)) }
                    }
                }
            }
            @if !p.covering.is_empty() {
                h2 { (t(MeMsg::Covering)) }
                ul.covering { @for c in &p.covering { li { (f.t(c)) } } }
            }
            h2 { (t(MeMsg::Requests)) }
            @if p.requests.is_empty() { p { (t(MeMsg::NoRequests)) } }
            ul {
                @for (r, withdraw) in &p.requests {
                    li.request {
                        (f.t(r))
                        @if let Some(id) = withdraw {
                            " "
                            form method="post" action={ "/me/requests/" (id) "/withdraw" } {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { (t(MeMsg::Withdraw)) }
                            }
                        }
                    }
                }
            }
            h2 { (t(MeMsg::Absences)) }
            @if p.absences.is_empty() { p { (t(MeMsg::NoAbsences)) } }
            ul {
                @for (id, a) in &p.absences {
                    li.absence {
                        (f.t(a)) " "
                        form method="post" action={ "/me/absences/" (id) "/remove" } {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { (t(MeMsg::Remove)) }
                        }
                    }
                }
            }
            h2 { (t(MeMsg::AddAbsence)) }
            form method="post" action="/me/absences" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(MeMsg::FromLabel)) input #from type="date" name="from" value=(p.typed.from) required; }
                label { (t(MeMsg::ToLabel)) input #to type="date" name="to" value=(p.typed.to) required; }
                label { (t(MeMsg::NoteLabel)) input #note type="text" name="note" value=(p.typed.note) maxlength=(crate::desk::MAX_ABSENCE_NOTE); }
                button type="submit" { (t(MeMsg::AddButton)) }
            }
            h2 #calendar { (t(MeMsg::Calendar)) }
            p { (t(MeMsg::CalendarIntro)) }
            @if let Some(web) = &p.feed {
                // Apple's calendars subscribe on a webcal link; Google Calendar takes only the
                // web address, so both are shown and nobody edits a link by hand.
                @let webcal = webcal(web);
                p { a.subscribe href=(webcal) { (t(MeMsg::Subscribe)) } }
                p { code.feed { (webcal) } }
                @if let Some(svg) = super::pages_records::qr_svg(&webcal) {
                    figure.qr { (maud::PreEscaped(svg)) figcaption { (t(MeMsg::QrNote)) } }
                }
                p { (t(MeMsg::GoogleAddress)) br; code.google { (web) } }
            }
            form method="post" action="/me/feed" {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (t(MeMsg::FeedButton)) }
            }
            p.note { (t(MeMsg::FeedNote)) }
            ul.steps {
                li { (t(MeMsg::IphoneSteps)) }
                li { (t(MeMsg::AndroidSteps)) }
            }
            h2 { (t(MeMsg::Recent)) }
            @if p.recent.is_empty() { p { (t(MeMsg::NoRecent)) } }
            ul { @for d in &p.recent { li { (f.t(&d.span)) } } }
            @match &p.rota {
                Some((year, rows)) => {
                    h2 { (t(MeMsg::Rota { year: *year })) }
                    table.rota {
                        thead { tr { th { (t(MeMsg::ColDay)) } th { (t(MeMsg::ColDoctors)) } } }
                        tbody {
                            @for r in rows {
                                @let doctors = crate::msg::words::together(&r.doctors, f.lang);
                                @if r.mine {
                                    tr.mine { td { strong { (t(r.days.clone())) } } td { strong { (doctors) } } }
                                } @else {
                                    tr { td { (t(r.days.clone())) } td { (doctors) } }
                                }
                            }
                        }
                    }
                }
                None => { p { (t(MeMsg::NoRota)) } }
            }
        },
    )
}

/// The webcal link of a feed's web address: its scheme replaced (`https://h/f.ics` →
/// `webcal://h/f.ics`).
fn webcal(web: &str) -> String {
    format!("webcal://{}", web.split_once("://").map_or(web, |(_, rest)| rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> MeFrame {
        MeFrame {
            lang: Lang::Ja,
            association: "匝瑳医師会".into(),
            here: "/me".into(),
            who: Some((crate::msg::Doctor("上田 誠".into()), "c".repeat(64))),
        }
    }

    #[test]
    fn the_doctors_page_escapes_what_it_shows_and_never_links_into_the_console() {
        let page = MePage {
            upcoming: vec![Duty {
                slot: "2027-03-09".into(),
                span: MeMsg::FromRequests("<b>x</b>".into()),
                notes: vec![MeMsg::FromRequests("<u>n</u>".into())],
            }],
            covering: vec![MeMsg::FromRequests("<s>c</s>".into())],
            recent: Vec::new(),
            colleagues: vec![("d02".into(), "<script>".into())],
            their_duties: vec![(
                "2027-08-10".into(),
                MeMsg::TheirDuty {
                    from: crate::msg::Day(chrono::NaiveDate::from_ymd_opt(2027, 8, 10).unwrap()),
                    to: crate::msg::Day(chrono::NaiveDate::from_ymd_opt(2027, 8, 16).unwrap()),
                    doctor: crate::msg::Doctor("<i>石川</i>".into()),
                    year: 2027,
                },
            )],
            requests: Vec::new(),
            absences: vec![(crate::ids::AbsenceId::new(4), MeMsg::FromRequests("a".into()))],
            rota: None,
            feed: Some("https://toban.example/feeds/abc.ics".into()),
            typed: Typed::default(),
        };
        let html = me(&frame(), &"c".repeat(64), &page, &[]);
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
        // Whom to ask, with 先生 as in the list of duties beside it.
        assert!(html.contains("<option value=\"d02\">&lt;script&gt;先生</option>"), "{html}");
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(html.contains("&lt;u&gt;n&lt;/u&gt;") && html.contains("&lt;s&gt;c&lt;/s&gt;"));
        assert!(
            html.contains("<option value=\"2027-08-10\">8月10日(火)〜8月16日(月) &lt;i&gt;石川&lt;/i&gt;先生</option>"),
            "a colleague's duty to take in exchange: {html}"
        );
        assert!(!html.contains("/admin"), "no console link: {html}");
        assert!(html.contains("action=\"/me/absences/4/remove\""));
        assert!(html.contains("href=\"webcal://toban.example/feeds/abc.ics\""));
        // Google Calendar takes the web address, written out to copy as it is (issue 18).
        assert!(html.contains("<code class=\"google\">https://toban.example/feeds/abc.ics</code>"));
        assert!(html.contains("<svg"), "a QR code");
        assert!(html.contains("action=\"/me/logout\""));
        assert!(html.contains("/me/lang?to=en&amp;back=%2Fme"), "{html}");
    }

    #[test]
    fn an_open_request_has_a_withdraw_button_with_the_token_and_a_closed_one_none() {
        let request = |id, status| MeMsg::Request {
            id,
            slot: crate::msg::slot::SlotRef::id("2027-03-09"),
            theirs: None,
            to: vec![crate::msg::Doctor("石川 花子".into())],
            status,
        };
        let page = MePage {
            upcoming: Vec::new(),
            covering: Vec::new(),
            recent: Vec::new(),
            colleagues: Vec::new(),
            their_duties: Vec::new(),
            requests: vec![
                (
                    request(crate::ids::SwapRequestId::new(7), crate::store::SwapStatus::Pending),
                    Some(crate::ids::SwapRequestId::new(7)),
                ),
                (
                    request(crate::ids::SwapRequestId::new(5), crate::store::SwapStatus::Withdrawn),
                    None,
                ),
            ],
            absences: Vec::new(),
            rota: None,
            feed: None,
            typed: Typed::default(),
        };
        let html = me(&frame(), &"c".repeat(64), &page, &[]);
        assert!(html.contains("action=\"/me/requests/7/withdraw\""), "{html}");
        assert!(!html.contains("/me/requests/5/withdraw"), "{html}");
        assert!(html.contains("取り下げる"), "{html}");
    }

    #[test]
    fn the_link_page_signs_in_only_with_its_button() {
        let html = link(
            &frame(),
            &"a".repeat(64),
            &"c".repeat(64),
            &MeMsg::LinkFor { name: crate::msg::Doctor("上田 誠".into()) },
        );
        assert!(html.contains("method=\"post\""), "{html}");
        assert!(html.contains("上田 誠先生としてログインします。"), "{html}");
    }
}
