//! A doctor's sign-in link from the members page (issue 18), for a doctor without the chat
//! app: the office presses 「ログイン用リンクを発行」 on the doctor's row and gets a page with the
//! link, until when it works and its QR code, to print or email. Thin: the link is made and
//! audited by the same desk code as `toban web link MEMBER` ([`Desk::sign_in_link`]), valid
//! as long as the command's default.
//!
//! Key decision: the page answers the POST itself (200), never a redirect to a page that
//! shows it: the link is random, kept only hashed, and shown this once.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use maud::html;

use super::extract::AdminForm;
use super::frame::{Frame, Notice};
use super::pages_records::qr_svg;
use super::reply::{html, not_found, unavailable};
use crate::desk::{Desk, LinkError};
use crate::msg::web::WebMsg;
use crate::msg::web_me::MeMsg;
use crate::msg::{Doctor, When};
use crate::server::App;
use crate::store::LinkRole;

/// How long a link issued here works: `toban web link`'s default.
pub const PRINTED_LINK_HOURS: i64 = 72;

fn me(m: MeMsg) -> WebMsg {
    WebMsg::Me(m)
}

/// The address of doctor `id`'s link form (the members page's button).
pub fn link_path(id: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    format!("/admin/members/link/{id}")
}

/// The members page's button for doctor `id` (a POST with the session's token).
pub fn button(f: &Frame, id: &str) -> maud::Markup {
    let csrf = f.who.as_ref().map(|w| w.csrf.as_str()).unwrap_or("");
    html! {
        form.link method="post" action=(link_path(id)) {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" { (f.t(&me(MeMsg::PrintLinkButton))) }
        }
    }
}

/// The page of a link just issued: for whom, until when, how to use it, the link and its QR
/// code, shown once.
pub fn page(f: &Frame, name: &Doctor, until: When, url: &str) -> String {
    let t = |m: MeMsg| f.t(&me(m));
    f.page(
        &me(MeMsg::PrintLinkTitle { name: name.clone() }),
        html! {
            section.invitation {
                p { strong { (t(MeMsg::PrintLinkFor { name: name.clone(), until })) } }
                p { (t(MeMsg::PrintLinkSteps)) }
                @if let Some(svg) = qr_svg(url) {
                    div.qr role="img" aria-label=(url) { (maud::PreEscaped(svg)) }
                }
                p.link { code { (url) } }
                p.note { (t(MeMsg::PrintLinkNote)) }
            }
            p.back { a href="/admin/members" { (t(MeMsg::BackToMembers)) } }
        },
    )
}

/// `POST /admin/members/link/{id}`: a one-time link to doctor `id`'s pages, as
/// `toban web link ID` makes it (audited with the admin), shown once with its QR code.
pub async fn issue(State(app): State<App>, Path(id): Path<String>, form: AdminForm) -> Response {
    let f = form.admin.frame(&app);
    let rules = app.rules.get();
    if rules.doctor(&id).is_none() {
        return not_found(&f);
    }
    let name = Doctor(rules.name_in(&id, f.lang).to_string());
    let now = (app.now)();
    let desk = Desk { rules: &rules, store: &*app.store };
    let by = format!("admin:{}", form.admin.id());
    let valid = Duration::hours(PRINTED_LINK_HOURS);
    match desk.sign_in_link(&id, LinkRole::Doctor, valid, &by, now) {
        Ok(link) => {
            let until = When(link.until.with_timezone(&rules.association.tz));
            html(StatusCode::OK, page(&f, &name, until, &link.url))
        }
        Err(LinkError::NotSignable(_)) => {
            let n = Notice::Error(me(MeMsg::PrintLinkFormer { name: name.clone() }));
            let body = html! {
                (f.notice(Some(&n)))
                p.back { a href="/admin/members" { (f.t(&me(MeMsg::BackToMembers))) } }
            };
            html(StatusCode::CONFLICT, f.page(&me(MeMsg::PrintLinkTitle { name }), body))
        }
        Err(LinkError::Random(e)) => unavailable(&f, &e),
        Err(LinkError::Store(e)) => unavailable(&f, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_printed_links_page_names_the_doctor_the_expiry_and_shows_the_link_as_a_qr_code() {
        let f = Frame::sample("/admin/members/link/d01");
        let until = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 5, 9, 0, 0).unwrap());
        let url = "https://toban.example/me/link/ab<cd";
        let html = page(&f, &Doctor("青木 一郎".into()), until, url);
        assert!(html.contains("青木 一郎先生のログイン用リンク"), "{html}");
        assert!(html.contains("3月5日(金) 9:00まで有効"), "{html}");
        assert!(html.contains("<svg"), "{html}");
        assert!(html.contains("ab&lt;cd") && !html.contains("ab<cd"), "{html}");
        assert_eq!(link_path("d 1"), "/admin/members/link/d+1");
    }
}
