//! The calendar feeds page as HTML (maud, escaped by default): the tokens of `toban feed token
//! list`, each live one with a revoke button, the form that issues one (`toban feed token
//! issue`), and a new feed's link shown once with its QR code. Pure; the texts are
//! [`crate::msg::web_records`] and [`crate::msg::web_registry`].

use maud::html;

use super::frame::{Frame, Notice};
use super::pages_patients::g;
use super::pages_records::{qr_svg, r};
use crate::msg::cli::Col;
use crate::msg::web_records::RecordsMsg as R;
use crate::msg::web_registry::RegistryMsg as G;

/// A feed just issued, to show once.
pub struct NewFeed {
    /// Its id.
    pub id: crate::ids::FeedTokenId,
    /// Whose duties it carries (a doctor's name, or the whole rota).
    pub whom: String,
    /// Its URL.
    pub url: String,
}

/// What the feeds page shows.
pub struct FeedsPage<'a> {
    /// The list's columns.
    pub cols: &'a [Col],
    /// Each token's cells, and whether it is live.
    pub rows: &'a [(bool, Vec<String>)],
    /// The doctors a feed can be for (id, name).
    pub doctors: &'a [(String, String)],
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// A feed just issued.
    pub new: Option<&'a NewFeed>,
}

/// The feeds page.
pub fn feeds(f: &Frame, p: &FeedsPage<'_>, n: Option<&Notice>) -> String {
    let t = |m: R| f.t(&r(m));
    let tg = |m: G| f.t(&g(m));
    f.page(
        &r(R::FeedsTitle),
        html! {
            (f.notice(n))
            @if let Some(new) = p.new {
                section.invitation {
                    p { strong { (tg(G::FeedIssued { id: new.id, whom: new.whom.clone() })) } }
                    p.link { code { (new.url) } }
                    @if let Some(svg) = qr_svg(&new.url) {
                        div.qr role="img" aria-label=(new.url) { (maud::PreEscaped(svg)) }
                    }
                    p.note { (tg(G::FeedShownOnce)) }
                }
            }
            @if p.rows.is_empty() {
                p { (t(R::NoFeeds)) }
            } @else {
                table {
                    thead { tr { @for c in p.cols { th scope="col" { (c.on_console(f.lang)) } } th {} } }
                    tbody {
                        @for (live, row) in p.rows {
                            tr {
                                @for cell in row { td { (cell) } }
                                td {
                                    @if *live {
                                        form.inline method="post" action={ "/admin/feeds/" (row[0]) "/revoke" } {
                                            input type="hidden" name="csrf" value=(p.csrf);
                                            button type="submit" { (t(R::Revoke)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (tg(G::IssueHeading)) }
            form method="post" action="/admin/feeds" {
                input type="hidden" name="csrf" value=(p.csrf);
                label for="for" { (tg(G::IssueFor)) }
                select id="for" name="for" {
                    @for (id, name) in p.doctors { option value=(id) { (name) " (" (id) ")" } }
                    option value="" { (tg(G::WholeRota)) }
                }
                label for="label" { (tg(G::IssueLabel)) }
                input id="label" name="label" maxlength="100";
                button type="submit" { (tg(G::IssueButton)) }
            }
            p.note { (tg(G::FeedsNote)) }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame::sample("/admin/feeds")
    }

    fn page<'a>(rows: &'a [(bool, Vec<String>)], new: Option<&'a NewFeed>) -> FeedsPage<'a> {
        const COLS: [Col; 3] = [Col::Id, Col::For, Col::Label];
        FeedsPage { cols: &COLS, rows, doctors: &[], csrf: "c", new }
    }

    #[test]
    fn a_feed_label_is_escaped_and_only_live_tokens_can_be_revoked() {
        let rows = vec![
            (true, vec!["1".to_string(), "d01".into(), "<i>clinic</i>".into()]),
            (false, vec!["2".to_string(), "d02".into(), String::new()]),
        ];
        let page = feeds(&frame(), &page(&rows, None), None);
        assert!(page.contains("&lt;i&gt;clinic") && !page.contains("<i>clinic"), "{page}");
        assert!(page.contains("action=\"/admin/feeds/1/revoke\""), "{page}");
        assert!(!page.contains("/admin/feeds/2/revoke"), "a revoked token: {page}");
        assert!(!page.contains("toban feed"), "no command line to type: {page}");
    }

    #[test]
    fn a_new_feed_is_shown_with_its_qr_code_and_whose_it_is_escaped() {
        let new = NewFeed {
            id: crate::ids::FeedTokenId::new(3),
            whom: "<b>青木</b>".into(),
            url: "https://toban.example/feeds/abc.ics".into(),
        };
        let page = feeds(&frame(), &page(&[], Some(&new)), None);
        assert!(page.contains("<svg") && !page.contains("<b>青木"), "{page}");
        assert!(page.contains("配信 3（&lt;b&gt;青木&lt;/b&gt;）を発行しました"), "{page}");
        assert!(page.contains("https://toban.example/feeds/abc.ics"), "{page}");
    }
}
