//! "The year" and "Plan and publish" in real headless Chromium (issue 18): the office signs
//! in, re-plans after an absence, watches the planning page refresh itself (no script),
//! publishes, sees the rota and a doctor's calendar feed change, and swaps from the grid.

use std::time::{Duration, Instant};

use crate::browser::{self, Locator, click, text, wait_text, with_browser};
use crate::feeds_http::{address, get, issue};
use crate::routing_cli::Desk;
use crate::web_console::setup_path;

#[test]
fn the_office_replans_publishes_sees_the_rota_and_feed_change_and_swaps_from_the_grid() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    let token = issue(&desk, &["d05"]);
    let feed = format!("/feeds/{}.ics", token["token"].as_str().unwrap());
    let (status, _, feed_before) = get(&base, &feed, &[]);
    assert_eq!(status, 200);
    // d05 is away all July: a re-plan moves their duties.
    desk.run(&["absence", "add", "d05", "2027-07-01", "2027-07-31"]).code(0);
    let shown = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let future: Vec<(String, String)> = shown["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["start"].as_str().unwrap() > "2027-09" && s["doctors"].as_array().unwrap().len() == 1
        })
        .map(|s| {
            (s["id"].as_str().unwrap().to_string(), s["doctors"][0].as_str().unwrap().to_string())
        })
        .collect();
    let feed_base = base.clone();
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;
        wait_text(&c, "本日の状況").await;

        // The year from the nav: twelve months, the fairness table.
        click(&c, "nav a[href='/admin/year']").await;
        let page = wait_text(&c, "2027年の当番表").await;
        assert!(page.contains("2027年の当番表") && page.contains("2027年7月"), "{page}");
        assert!(page.contains("目標との差"), "{page}");
        let grid_before = c.source().await.unwrap();
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();

        // Plan and publish: re-plan from the earliest date allowed (the form's default).
        click(&c, "nav a[href='/admin/plan']").await;
        wait_text(&c, "指定できる最も早い日").await;
        click(&c, "main form[action='/admin/plan/2027'] button").await;
        let start = Instant::now();
        let mut saw_planning = false;
        loop {
            let page = text(&c).await;
            if page.contains("下書きを破棄する") {
                break;
            }
            saw_planning |= page.contains("計画を作成しています");
            assert!(start.elapsed() < Duration::from_secs(180), "the plan never ended:\n{page}");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let _ = saw_planning; // a quick solve may end before the first look
        let page = text(&c).await;
        assert!(page.contains("公平性の幅") && page.contains("変更後"), "{page}");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        click(&c, "form[action='/admin/plan/2027/publish'] button").await;
        wait_text(&c, "公開しました").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/year/2027").await, "/admin/year/2027");
        assert_ne!(c.source().await.unwrap(), grid_before, "the grid shows the new rota");
        let (_, _, feed_after) = get(&feed_base, &feed, &[]);
        assert_ne!(feed_after, feed_before, "d05's calendar follows the published re-plan");

        // Swap from the grid: a day of a duty in the autumn, then a partner the checker takes.
        let mut swapped = false;
        'outer: for (a, b) in future.iter().zip(future.iter().skip(6)).take(12) {
            if a.1 == b.1 {
                continue;
            }
            c.goto(&format!("{feed_base}/admin/year/2027")).await.unwrap();
            let link = format!("a[href='/admin/year/2027/slot/{}']", a.0);
            if c.find(Locator::Css(&link)).await.is_err() {
                continue;
            }
            click(&c, &link).await;
            wait_text(&c, &format!("の当番（{}）", a.0)).await;
            let option = format!("select#with option[value='{}/{}']", b.0, b.1);
            if c.find(Locator::Css(&option)).await.is_err() {
                continue;
            }
            click(&c, &option).await;
            click(&c, "form input[value=swap] ~ button").await;
            let start = Instant::now();
            let page = loop {
                let page = text(&c).await;
                if page.contains("入れ替えました") || page.contains("保存していません")
                {
                    break page;
                }
                assert!(start.elapsed() < Duration::from_secs(30), "no answer:\n{page}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            if page.contains("入れ替えました") {
                swapped = true;
                break 'outer;
            }
            assert!(page.contains("保存していません"), "{page}");
        }
        assert!(swapped, "some swap from the grid is legal");
    });
    let swaps = desk.run(&["audit", "--format", "json"]).code(0).json();
    let swap = swaps.as_array().unwrap().iter().find(|e| e["action"] == "swap").cloned();
    assert_eq!(swap.unwrap()["by"], "admin:office");
}
