//! The console's pages as HTML (maud: escaped by default, checked when compiled). Pure: each
//! page is a function of what it shows; the texts come from [`crate::msg::web`].

use maud::{DOCTYPE, Markup, html};

use crate::msg::web::WebMsg;
use crate::msg::{Lang, Message};

/// The style sheet, served from `/admin/style.css` (the CSP allows styles from 'self' only).
pub const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font-family:system-ui,'Hiragino Sans','Noto Sans JP',sans-serif;line-height:1.6;color:#1a1a1a;background:#f6f6f4}\
header{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;justify-content:space-between;padding:.5em 1em;background:#234;color:#fff}\
header form{margin:0}\
main{max-width:40em;margin:0 auto;padding:1em}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\
label{display:block;margin-top:.8em}\
input{width:100%;font-size:1.1em;padding:.4em;border:1px solid #888;border-radius:4px}\
button{font-size:1.05em;padding:.5em 1.2em;margin-top:1em;border:0;border-radius:4px;background:#2a5db0;color:#fff}\
header button{margin:0;background:#456}\
.error{background:#fde8e8;border-left:4px solid #c0392b;padding:.5em .8em}\
.info{background:#e8f4fd;border-left:4px solid #2a5db0;padding:.5em .8em}\
.note{color:#555;font-size:.9em}\
li{margin:.3em 0}\n";

/// A message shown above a form.
pub enum Notice {
    /// Something went wrong.
    Error(WebMsg),
    /// For information.
    Info(WebMsg),
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

/// Who is signed in, for the header's sign-out form.
pub struct SignedIn<'a> {
    /// The admin's display name.
    pub name: &'a str,
    /// The session's CSRF token.
    pub csrf: &'a str,
}

fn layout(lang: Lang, title: &WebMsg, who: Option<&SignedIn>, body: Markup) -> Markup {
    let t = |m: &WebMsg| m.render(lang);
    html! {
        (DOCTYPE)
        html lang=(lang_code(lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t(title)) " — " (t(&WebMsg::Console)) }
                link rel="stylesheet" href="/admin/style.css";
            }
            body {
                header {
                    strong { (t(&WebMsg::Console)) }
                    @if let Some(who) = who {
                        span { (t(&WebMsg::SignedInAs { name: who.name.to_string() })) }
                        form method="post" action="/admin/logout" {
                            input type="hidden" name="csrf" value=(who.csrf);
                            button type="submit" { (t(&WebMsg::SignOut)) }
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
}

fn notice(lang: Lang, n: Option<&Notice>) -> Markup {
    html! {
        @match n {
            Some(Notice::Error(m)) => {
                p.error role="alert" { (m.render(lang)) }
            }
            Some(Notice::Info(m)) => {
                p.info { (m.render(lang)) }
            }
            None => {}
        }
    }
}

/// The sign-in page.
pub fn login(lang: Lang, csrf: &str, name: &str, n: Option<&Notice>) -> String {
    let t = |m: WebMsg| m.render(lang);
    layout(
        lang,
        &WebMsg::LoginTitle,
        None,
        html! {
            (notice(lang, n))
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
    .into_string()
}

/// The setup page of a valid link (`form` is false when the link is not valid: only the
/// notice is shown).
pub fn setup(
    lang: Lang,
    token: &str,
    csrf: &str,
    admin: &str,
    form: bool,
    n: Option<&Notice>,
) -> String {
    let t = |m: WebMsg| m.render(lang);
    let min = super::auth::MIN_PASSWORD_CHARS;
    layout(
        lang,
        &WebMsg::SetupTitle,
        None,
        html! {
            (notice(lang, n))
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
    .into_string()
}

/// What the Today page shows, names already looked up.
pub struct Today {
    /// The duty doctors now, with the end of their duty.
    pub duty: Vec<WebMsg>,
    /// The chain after the duty doctors.
    pub chain: Vec<WebMsg>,
    /// The open calls.
    pub calls: Vec<WebMsg>,
}

/// The Today page.
pub fn today(lang: Lang, who: &SignedIn, today: &Today) -> String {
    let t = |m: &WebMsg| m.render(lang);
    layout(
        lang,
        &WebMsg::TodayTitle,
        Some(who),
        html! {
            h2 { (t(&WebMsg::OnDutyNow)) }
            @if today.duty.is_empty() {
                p { (t(&WebMsg::NoDuty)) }
            } @else {
                ul.duty { @for d in &today.duty { li { (t(d)) } } }
            }
            @if !today.chain.is_empty() {
                h2 { (t(&WebMsg::ChainTitle)) }
                ol.chain { @for s in &today.chain { li { (t(s)) } } }
            }
            h2 { (t(&WebMsg::OpenCalls)) }
            @if today.calls.is_empty() {
                p { (t(&WebMsg::NoOpenCalls)) }
            } @else {
                ul.calls { @for c in &today.calls { li { (t(c)) } } }
            }
        },
    )
    .into_string()
}

/// A page with one message (refusals, errors).
pub fn message(lang: Lang, title: &WebMsg, n: &Notice) -> String {
    layout(lang, title, None, notice(lang, Some(n))).into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let page = login(Lang::Ja, "c", "<script>x</script>", None);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
    }

    #[test]
    fn pages_name_no_external_resource() {
        let page = login(Lang::Ja, "c", "", Some(&Notice::Error(WebMsg::LoginFailed)));
        assert!(!page.contains("http://") && !page.contains("https://"), "{page}");
        assert!(page.contains("name=\"viewport\""));
        assert!(page.contains("lang=\"ja\""));
    }
}
