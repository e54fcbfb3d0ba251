//! Today and cover from an absence in real headless Chromium (issue 18): the office watches
//! Today and a call raised on the command line appears without a click (the page reloads
//! itself, no script); an absence over a published duty leads to the cover form, and the
//! cover is saved. See `crate::browser`.

use std::time::{Duration, Instant};

use crate::browser::{self, click, text_now, wait_text, with_browser};
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::setup_path;

#[test]
fn a_call_raised_on_the_command_line_appears_on_today_without_a_click() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    let _serve = desk.serve_with(None, &[("TOBAN_TODAY_REFRESH_SECONDS", "1")]);
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    let desk = std::sync::Arc::new(desk);
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;
        wait_text(&c, "対応中の依頼はありません。").await;
        let d = desk.clone();
        tokio::task::spawn_blocking(move || {
            d.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"])
                .code(0);
        })
        .await
        .unwrap();
        // No click, no navigation: the page reloads itself.
        let page = wait_text(&c, "山田 花子").await;
        assert!(page.contains("連絡の順番") && page.contains("経過"), "{page}");
        assert_eq!(browser::path(&c).await, "/admin");
    });
}

#[test]
fn the_office_goes_from_a_clashing_absence_to_a_cover_and_saves_it() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    let shown = desk.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json();
    let slots: Vec<(String, String, Vec<String>)> = shown["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let doctors = s["doctors"].as_array().unwrap().iter();
            (
                s["id"].as_str().unwrap().to_string(),
                s["start"].as_str().unwrap().to_string(),
                doctors.map(|d| d.as_str().unwrap().to_string()).collect(),
            )
        })
        .collect();
    let i = slots.iter().position(|s| s.1.as_str() > "2027-05" && s.2.len() == 1).unwrap();
    let (slot, day, absent) =
        (slots[i].0.clone(), slots[i].1[..10].to_string(), slots[i].2[0].clone());
    // Colleagues, those whose nearest duty is farthest from this one first.
    let mut colleagues: Vec<(usize, String)> = (1..=10)
        .map(|n| format!("d{n:02}"))
        .filter(|d| *d != absent)
        .map(|d| {
            let near = slots.iter().enumerate().filter(|(_, s)| s.2.contains(&d));
            (near.map(|(j, _)| j.abs_diff(i)).min().unwrap_or(usize::MAX), d)
        })
        .collect();
    colleagues.sort_by_key(|c| std::cmp::Reverse(c.0));
    let desk = std::sync::Arc::new(desk);
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;
        c.goto(&format!("{base}/admin/absences")).await.unwrap();
        assert_eq!(browser::arrive_at(&c, "/admin/absences").await, "/admin/absences");
        click(&c, &format!("#doctor option[value='{absent}']")).await;
        let script = format!(
            "document.getElementById('from').value = '{day}'; document.getElementById('to').value = '{day}'; return 0;"
        );
        browser::eval(&c, &script).await;
        click(&c, "main form[action='/admin/absences'] button[type=submit]").await;
        wait_text(&c, "公開済みの当番と重なっています").await;
        click(&c, "section.clashes a.cover").await;
        wait_text(&c, "代わりに入る先生").await;
        assert!(browser::path(&c).await.contains("/cover/"), "{}", browser::path(&c).await);
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        let mut saved = None;
        for (_, other) in &colleagues {
            click(&c, &format!("#other option[value='{other}']")).await;
            click(&c, "main form button[type=submit]").await;
            let start = Instant::now();
            loop {
                let page = text_now(&c).await;
                if page.contains("が代行します。") {
                    saved = Some(other.clone());
                    break;
                }
                if page.contains("保存していません") && page.contains("代わりに入る先生")
                {
                    break;
                }
                assert!(start.elapsed() < Duration::from_secs(30), "{page}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            if saved.is_some() {
                break;
            }
        }
        let other = saved.expect("some colleague can cover");
        assert_eq!(browser::path(&c).await, "/admin/absences");
        let d = desk.clone();
        let rota = tokio::task::spawn_blocking(move || {
            d.run(&["rota", "show", "2027:published", "--format", "json"]).code(0).json()
        })
        .await
        .unwrap();
        let now = rota["slots"].as_array().unwrap().iter().find(|s| s["id"] == slot.as_str());
        assert_eq!(now.unwrap()["doctors"][0], other.as_str());
    });
}
