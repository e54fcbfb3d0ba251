//! The console's frame, shared by every page: the header (the association's name, the nav, the
//! signed-in admin, sign-out, the 日本語/English switch), the style sheet and the notices. A
//! page gives only its title and its body; the frame is the same everywhere, so every page
//! reads alike and works on a phone.

use maud::{DOCTYPE, Markup, html};

use crate::msg::web::WebMsg;
use crate::msg::{Lang, Message};

/// The style sheet, served from `/admin/style.css` (the CSP allows styles from 'self' only).
/// Phone first: nothing is wider than the screen (long words wrap, tables scroll inside
/// themselves), the header wraps onto more lines.
pub const STYLE: &str = "\
*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
body{margin:0;font-family:system-ui,'Hiragino Sans','Noto Sans JP',sans-serif;line-height:1.6;color:#1a1a1a;background:#f6f6f4;overflow-wrap:anywhere}\
header{background:#234;color:#fff;padding:.4em 1em}\
header a{color:#fff}\
.bar{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:center;justify-content:space-between}\
.org{font-weight:bold;min-width:0}\
.who{display:flex;flex-wrap:wrap;gap:.3em .8em;align-items:center;font-size:.9em}\
.who form{margin:0}\
.langs a,.langs strong{padding:0 .2em}\
nav ul{display:flex;flex-wrap:wrap;gap:.2em 1.2em;list-style:none;margin:.3em 0 0;padding:0}\
nav li{margin:0}\
nav a[aria-current]{font-weight:bold;text-decoration:none;border-bottom:2px solid #fff}\
main{max-width:48em;margin:0 auto;padding:1em}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\
label{display:block;margin-top:.8em}\
input,select,textarea{max-width:100%}\
input{width:100%;font-size:1.1em;padding:.4em;border:1px solid #888;border-radius:4px}\
button{font-size:1.05em;padding:.5em 1.2em;margin-top:1em;border:0;border-radius:4px;background:#2a5db0;color:#fff}\
header button{margin:0;padding:.2em .8em;font-size:.95em;background:#456}\
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto}\
td,th{padding:.2em .5em;border-bottom:1px solid #ddd;text-align:left}\
.error{background:#fde8e8;border-left:4px solid #c0392b;padding:.5em .8em}\
.info{background:#e8f4fd;border-left:4px solid #2a5db0;padding:.5em .8em}\
.note{color:#555;font-size:.9em}\
.field-error{color:#a0281c;margin:.2em 0 0}input[aria-invalid]{border-color:#c0392b}\
li{margin:.3em 0}\
fieldset{border:1px solid #ccc;border-radius:4px;margin-top:1em}\
label.choice input{width:auto;margin:0 .4em 0 0}\
@media print{header,p.back{display:none}body{background:#fff}}\n";

/// One entry of the console's nav.
pub struct NavItem {
    /// Its path (under `/admin`).
    pub path: &'static str,
    /// Its label.
    pub label: WebMsg,
}

/// The console's nav, in one place: only pages that exist. A new page adds its entry here
/// (and nowhere else); the frame marks the current one.
pub fn nav() -> Vec<NavItem> {
    use crate::msg::hospital::HospMsg;
    use crate::msg::web_members::WebMembers;
    use crate::msg::web_records::RecordsMsg as R;
    use crate::msg::web_year::YearMsg;
    vec![
        NavItem { path: "/admin", label: WebMsg::TodayTitle },
        NavItem { path: "/admin/calls", label: WebMsg::Records(R::CallsTitle) },
        NavItem { path: "/admin/year", label: WebMsg::Year(YearMsg::NavYear) },
        NavItem { path: "/admin/plan", label: WebMsg::Year(YearMsg::NavPlan) },
        NavItem { path: "/admin/members", label: WebMsg::Members(WebMembers::MembersTitle) },
        NavItem { path: "/admin/absences", label: WebMsg::Members(WebMembers::AbsencesTitle) },
        NavItem { path: "/admin/patients", label: WebMsg::Records(R::PatientsTitle) },
        NavItem { path: "/admin/hospitals", label: WebMsg::Hosp(HospMsg::HospitalsTitle) },
        NavItem { path: "/admin/board", label: WebMsg::Hosp(HospMsg::BoardTitle) },
        NavItem { path: "/admin/report", label: WebMsg::Records(R::ReportNav) },
        NavItem { path: "/admin/invitations", label: WebMsg::Records(R::InvitationsTitle) },
        NavItem { path: "/admin/feeds", label: WebMsg::Records(R::FeedsTitle) },
        NavItem { path: "/admin/backups", label: WebMsg::Records(R::BackupsTitle) },
        NavItem { path: "/admin/audit", label: WebMsg::Records(R::AuditTitle) },
    ]
}

/// Who is signed in, for the header.
pub struct SignedIn {
    /// The admin's display name.
    pub name: String,
    /// The session's CSRF token (the sign-out form).
    pub csrf: String,
}

/// What the frame needs besides the page: the reader's language, the association, where the
/// reader is (for the nav and the language switch) and who is signed in.
pub struct Frame {
    /// The reader's language.
    pub lang: Lang,
    /// The association's name (the header).
    pub association: String,
    /// The page's path (the current nav entry; the language switch comes back here).
    pub here: String,
    /// The signed-in admin, if any (no nav and no sign-out without one).
    pub who: Option<SignedIn>,
}

/// A message shown above a page's content.
pub enum Notice {
    /// Something went wrong.
    Error(WebMsg),
    /// For information.
    Info(WebMsg),
}

pub(super) fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

/// The path of the language switch to `to`, coming back to `here`.
fn switch(to: Lang, here: &str) -> String {
    let back: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    format!("/admin/lang?to={}&back={back}", lang_code(to))
}

impl Frame {
    /// Text `m` in the reader's language.
    pub fn t(&self, m: &WebMsg) -> String {
        m.render(self.lang)
    }

    /// A whole page: the frame around `body`, under the heading `title`.
    pub fn page(&self, title: &WebMsg, body: Markup) -> String {
        let t = |m: &WebMsg| self.t(m);
        html! {
            (DOCTYPE)
            html lang=(lang_code(self.lang)) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (t(title)) " — " (self.association) }
                    link rel="stylesheet" href="/admin/style.css";
                }
                body {
                    header {
                        div.bar {
                            span.org { (self.association) " " small { (t(&WebMsg::Console)) } }
                            div.who {
                                (self.languages())
                                @if let Some(who) = &self.who {
                                    span.name { (t(&WebMsg::SignedInAs { name: who.name.clone() })) }
                                    form method="post" action="/admin/logout" {
                                        input type="hidden" name="csrf" value=(who.csrf);
                                        button type="submit" { (t(&WebMsg::SignOut)) }
                                    }
                                }
                            }
                        }
                        @if self.who.is_some() {
                            nav aria-label=(t(&WebMsg::NavLabel)) {
                                ul {
                                    @for item in nav() {
                                        li {
                                            @if self.here == item.path {
                                                a href=(item.path) aria-current="page" { (t(&item.label)) }
                                            } @else {
                                                a href=(item.path) { (t(&item.label)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    main {
                        h1 { (t(title)) }
                        (body)
                    }
                }
            }
        }
        .into_string()
    }

    /// The 日本語/English switch. Each language's name is written in that language, as
    /// readers look for it; the current one is not a link.
    fn languages(&self) -> Markup {
        html! {
            span.langs aria-label=(self.t(&WebMsg::LanguageSwitch)) {
                @for (lang, name) in [(Lang::Ja, "日本語"), (Lang::En, "English")] {
                    @if lang == self.lang {
                        strong lang=(lang_code(lang)) { (name) }
                    } @else {
                        a href=(switch(lang, &self.here)) lang=(lang_code(lang)) hreflang=(lang_code(lang)) { (name) }
                    }
                }
            }
        }
    }

    /// A notice, if any.
    pub fn notice(&self, n: Option<&Notice>) -> Markup {
        html! {
            @match n {
                Some(Notice::Error(m)) => {
                    p.error role="alert" { (self.t(m)) }
                }
                Some(Notice::Info(m)) => {
                    p.info role="status" { (self.t(m)) }
                }
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(who: bool, here: &str) -> Frame {
        Frame {
            lang: Lang::Ja,
            association: "匝瑳医師会".into(),
            here: here.into(),
            who: who.then(|| SignedIn { name: "事務局 花子".into(), csrf: "c".repeat(64) }),
        }
    }

    #[test]
    fn the_frame_names_the_association_marks_the_current_page_and_switches_language() {
        let page = frame(true, "/admin").page(&WebMsg::TodayTitle, html! { p { "x" } });
        assert!(page.contains("<title>本日の状況 — 匝瑳医師会</title>"), "{page}");
        assert!(page.contains("aria-current=\"page\""), "{page}");
        assert!(page.contains("ログイン中：事務局 花子"));
        assert!(page.contains("action=\"/admin/logout\""));
        assert!(page.contains("/admin/lang?to=en&amp;back=%2Fadmin"), "{page}");
        assert!(!page.contains("/admin/lang?to=ja"), "the current language is no link");
    }

    #[test]
    fn signed_out_pages_have_no_nav_and_no_sign_out() {
        let page = frame(false, "/admin/login").page(&WebMsg::LoginTitle, html! {});
        assert!(!page.contains("<nav") && !page.contains("/admin/logout"), "{page}");
        assert!(page.contains("English"), "the switch is there before signing in too");
    }

    #[test]
    fn every_nav_entry_is_a_console_path() {
        for item in nav() {
            assert!(item.path.starts_with("/admin"), "{}", item.path);
        }
    }
}

#[cfg(test)]
mod sample {
    use super::{Frame, Lang};

    impl Frame {
        /// A page's frame for the page tests: Japanese, nobody signed in, at `here`.
        pub fn sample(here: &str) -> Frame {
            Frame { lang: Lang::Ja, association: "医師会".into(), here: here.into(), who: None }
        }
    }
}
