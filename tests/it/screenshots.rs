//! The README's screenshots of the web console, taken in real headless Chromium from a running
//! `serve` on the shipped association (a call open, an absence over a duty), and the doctor's
//! LINE rich menu as toban draws it. Not part of the
//! suite: run it when a page changes, look at every picture, then commit them:
//!
//! ```sh
//! TOBAN_SCREENSHOTS=docs/screenshots cargo test --test it screenshots -- --ignored
//! ```
//!
//! Japanese glyphs need a Japanese font (Debian: `apt-get install fonts-noto-cjk`).

use std::path::PathBuf;

use crate::browser::{arrive_at, click, fill, with_browser};
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{PASSWORD, setup_path};

#[test]
#[ignore = "writes the README's screenshots: TOBAN_SCREENSHOTS=DIR … -- --ignored"]
fn screenshots() {
    let out =
        PathBuf::from(std::env::var("TOBAN_SCREENSHOTS").unwrap_or_else(|_| {
            std::env::temp_dir().join("toban-screenshots").display().to_string()
        }));
    let out = if out.is_relative() { crate::helpers::repo().join(out) } else { out };
    std::fs::create_dir_all(&out).unwrap();
    // The doctor's LINE rich menu (issue 19), drawn by toban itself: the image LINE is sent.
    let (_, menu) =
        toban::chat::line::menu::rich_menu(toban::msg::reply::Role::Doctor, toban::msg::Lang::Ja);
    std::fs::write(out.join("line-menu-doctor.png"), menu).unwrap();
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    desk.run(&[
        "patient",
        "add",
        "--name",
        "山田 花子",
        "--address",
        "匝瑳市八日市場イ 1-2",
        "--area",
        "八日市場",
        "--attending",
        "d02",
        "--hospital",
        "h1",
        "--consent",
        "2027-01-15",
    ])
    .code(0);
    desk.run(&[
        "call",
        "raise",
        "--patient",
        "1",
        "--from",
        "ns1",
        "--note",
        "38.5度の発熱、呼吸が苦しそう",
    ])
    .code(0);
    let next = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let slot = next["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["start"].as_str().unwrap() > "2027-03-10")
        .unwrap();
    let (day, doctor) =
        (slot["start"].as_str().unwrap()[..10].to_string(), slot["doctors"][0].as_str().unwrap());
    desk.run(&["absence", "add", doctor, &day, &day, "--note", "学会"]).code(0);
    let slot_page = format!("/admin/year/2027/slot/{}", slot["id"].as_str().unwrap());
    // A re-plan left as a draft: the plan page shows its figures and its diff.
    desk.run(&["absence", "add", "d05", "2027-07-01", "2027-07-31"]).code(0);
    desk.run(&["plan", "2027", "--replan-from", "2027-06-01"]).code(0);
    let setup = format!("{base}{}", setup_path(&desk));
    let link = desk.run(&["web", "link", "d01"]).code(0).stdout();
    let link = format!(
        "{base}{}",
        link[link.find("/me/link/").unwrap()..].split_whitespace().next().unwrap()
    );
    with_browser(move |c| async move {
        let shot = |name: &'static str| {
            let (c, out) = (c.clone(), out.clone());
            async move {
                let png = c.screenshot().await.unwrap();
                std::fs::write(out.join(format!("{name}.png")), png).unwrap();
            }
        };
        c.set_window_size(1280, 900).await.unwrap();
        c.goto(&setup).await.unwrap();
        fill(&c, "password", PASSWORD).await;
        fill(&c, "again", PASSWORD).await;
        click(&c, "main button[type=submit]").await;
        arrive_at(&c, "/admin/login").await;
        fill(&c, "admin", "office").await;
        fill(&c, "password", PASSWORD).await;
        click(&c, "main button[type=submit]").await;
        arrive_at(&c, "/admin").await;
        shot("today").await;
        for (path, name) in [
            ("/admin/year/2027", "year"),
            (slot_page.as_str(), "slot"),
            ("/admin/plan/2027", "plan"),
            ("/admin/absences", "absences"),
            ("/admin/members", "members"),
            ("/admin/calls/1", "call"),
            ("/admin/patients/1", "patient"),
            ("/admin/import", "import"),
            ("/admin/report/2027", "report"),
        ] {
            c.goto(&format!("{base}{path}")).await.unwrap();
            arrive_at(&c, path).await;
            shot(name).await;
        }
        // A doctor's own page, on a phone.
        c.set_window_size(390, 844).await.unwrap();
        c.goto(&link).await.unwrap();
        click(&c, "main button[type=submit]").await;
        arrive_at(&c, "/me").await;
        shot("me-phone").await;
    });
}
