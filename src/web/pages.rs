//! The console's pages as HTML (maud: escaped by default, checked when compiled). Pure: each
//! page is a function of what it shows, inside the [`Frame`]; the texts come from
//! [`crate::msg::web`].

use maud::html;

use super::frame::{Frame, Notice};
use crate::msg::web::WebMsg;

/// The sign-in page.
pub fn login(f: &Frame, csrf: &str, name: &str, n: Option<&Notice>) -> String {
    let t = |m: WebMsg| f.t(&m);
    f.page(
        &WebMsg::LoginTitle,
        html! {
            (f.notice(n))
            form method="post" action="/admin/login" {
                input type="hidden" name="csrf" value=(csrf);
                label for="admin" { (t(WebMsg::AdminId)) }
                input id="admin" name="admin" value=(name) autocomplete="username" required;
                label for="password" { (t(WebMsg::Password)) }
                input id="password" name="password" type="password" autocomplete="current-password" required;
                button type="submit" { (t(WebMsg::SignIn)) }
            }
        },
    )
}

/// The setup page of a valid link (`form` is false when the link is not valid: only the
/// notice is shown).
pub fn setup(
    f: &Frame,
    token: &str,
    csrf: &str,
    admin: &str,
    form: bool,
    n: Option<&Notice>,
) -> String {
    let t = |m: WebMsg| f.t(&m);
    let min = super::auth::MIN_PASSWORD_CHARS;
    f.page(
        &WebMsg::SetupTitle,
        html! {
            (f.notice(n))
            @if form {
                form method="post" action={ "/admin/setup/" (token) } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="admin" { (t(WebMsg::AdminId)) }
                    input id="admin" name="admin" value=(admin) autocomplete="username" readonly;
                    label for="password" { (t(WebMsg::Password)) }
                    input id="password" name="password" type="password" autocomplete="new-password" minlength=(min) required;
                    p.note { (t(WebMsg::PasswordRule { min })) }
                    label for="again" { (t(WebMsg::PasswordAgain)) }
                    input id="again" name="again" type="password" autocomplete="new-password" minlength=(min) required;
                    button type="submit" { (t(WebMsg::SetPassword)) }
                }
            }
        },
    )
}

/// A page with one message (refusals, errors) and a way back: to the Today page when signed
/// in, else to the sign-in page.
pub fn message(f: &Frame, title: &WebMsg, n: &Notice) -> String {
    let (back, label) = match f.who {
        Some(_) => ("/admin", WebMsg::BackToToday),
        None => ("/admin/login", WebMsg::BackToSignIn),
    };
    f.page(
        title,
        html! {
            (f.notice(Some(n)))
            p.back { a href=(back) { (f.t(&label)) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::{Lang, Message};

    fn frame() -> Frame {
        Frame::sample("/admin/login")
    }

    #[test]
    fn text_is_escaped() {
        let page = login(&frame(), "c", "<script>x</script>", None);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
    }

    #[test]
    fn pages_name_no_external_resource() {
        let page = login(&frame(), "c", "", Some(&Notice::Error(WebMsg::LoginFailed)));
        assert!(!page.contains("http://") && !page.contains("https://"), "{page}");
        assert!(page.contains("name=\"viewport\""));
        assert!(page.contains("lang=\"ja\""));
    }

    #[test]
    fn a_message_page_names_its_title_once_and_leads_back() {
        let page = message(&frame(), &WebMsg::ForbiddenTitle, &Notice::Error(WebMsg::Forbidden));
        let title = WebMsg::ForbiddenTitle.render(Lang::Ja);
        assert!(page.contains(&format!("<title>{title} — 医師会</title>")), "{page}");
        assert_eq!(page.matches("<title>").count(), 1, "{page}");
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{page}");
        assert!(!page.contains(&format!("{title} — {title}")), "a doubled title: {page}");
        assert!(page.contains("href=\"/admin/login\""), "{page}");
    }
}
