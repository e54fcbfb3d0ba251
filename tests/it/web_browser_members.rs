//! The Members and Absences pages in real headless Chromium (issue 18): the office signs in,
//! adds a doctor, and enters an absence that falls on a published duty, which the page names
//! at once. See `crate::browser`.

use crate::browser::{self, click, eval, fill, path, text, with_browser};
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::setup_path;
use crate::web_members::own_rules;

/// Waits (up to 10 s) until the browser shows `want`: a form's POST and its 303 may still be
/// under way when the click returns.
async fn arrive(c: &fantoccini::Client, want: &str) {
    for _ in 0..100 {
        if path(c).await == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("still at {} instead of {want}:\n{}", path(c).await, text(c).await);
}

#[test]
fn the_office_adds_a_doctor_and_an_absence_that_clashes_with_a_published_duty() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    let rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    let on = desk.run(&["oncall", "--format", "json"]).code(0).json();
    let duty = on["duty"][0]["id"].as_str().unwrap().to_string();
    let name = on["duty"][0]["name"].as_str().unwrap().to_string();
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;

        // Members, from the nav: the doctors of the rules, and a new one added.
        click(&c, "nav a[href='/admin/members']").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/members").await, "/admin/members");
        let page = text(&c).await;
        assert!(page.contains("青木 一郎") && page.contains("後方支援病院"), "{page}");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        click(&c, "a[href='/admin/members/doctor/new']").await;
        fill(&c, "id", "d13").await;
        fill(&c, "name", "新井 翔").await;
        fill(&c, "clinic", "新井医院").await;
        fill(&c, "fte", "0.5").await;
        click(&c, "main button[type=submit]").await;
        arrive(&c, "/admin/members").await;
        let page = text(&c).await;
        assert!(page.contains("新井 翔先生を追加しました。"), "{page}");
        assert!(page.contains("新井医院"), "{page}");

        // Absences: the duty doctor away during their published duty; the page names it.
        click(&c, "nav a[href='/admin/absences']").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/absences").await, "/admin/absences");
        click(&c, &format!("#doctor option[value='{duty}']")).await;
        eval(&c, "document.getElementById('from').value = '2027-03-04'; document.getElementById('to').value = '2027-03-05'; return 0;").await;
        fill(&c, "reason", "学会").await;
        click(&c, "main form[action='/admin/absences'] button[type=submit]").await;
        arrive(&c, "/admin/absences").await;
        for _ in 0..50 {
            if text(&c).await.contains("公開済み") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let page = text(&c).await;
        // The clash names the duty by its days, not its bare id (issue 18).
        for part in [
            "公開済みの当番と重なっています",
            &format!(
                "{name}先生は、この不在の間に3月2日(火)〜3月8日(月)の当番（2027-03-02）があります"
            ),
            "学会",
        ] {
            assert!(page.contains(part), "{part} missing:\n{page}");
        }
        browser::no_sideways_scroll(&c, 375).await.unwrap();
    });
    let written = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    assert!(written.contains("id = \"d13\""), "{written}");
    desk.run(&["check"]).code(0);
}
