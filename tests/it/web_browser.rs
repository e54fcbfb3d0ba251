//! The office's web console in real headless Chromium (issue 18): the admin clicks through
//! it as they would, on a desktop and on a phone-sized screen. See `crate::browser`.

use crate::browser::{self, click, fill, path, text, with_browser};
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::{PASSWORD, setup_path};

#[test]
fn the_admin_signs_in_from_the_setup_link_sees_today_and_signs_out() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    let on = desk.run(&["oncall", "--format", "json"]).code(0).json();
    let duty = on["duty"][0]["name"].as_str().unwrap().to_string();
    // What the English switch shows: `name_en` (issue 18).
    let duty_en = crate::names_en::names(on["duty"][0]["id"].as_str().unwrap()).1;
    with_browser(move |c| async move {
        // The link from `toban admin add`: set a password (typed twice).
        c.goto(&setup).await.unwrap();
        assert!(text(&c).await.contains("パスワードの設定"), "{}", text(&c).await);
        fill(&c, "password", PASSWORD).await;
        fill(&c, "again", PASSWORD).await;
        click(&c, "main button[type=submit]").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/login").await, "/admin/login");
        assert!(text(&c).await.contains("パスワードを設定しました"), "{}", text(&c).await);

        // Sign in: the Today page, in the frame.
        fill(&c, "admin", "office").await;
        fill(&c, "password", PASSWORD).await;
        click(&c, "main button[type=submit]").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin").await, "/admin");
        let page = text(&c).await;
        for part in [
            "匝瑳医師会 在宅患者24時間支援システム",
            "本日の状況",
            "ログイン中：匝瑳医師会 事務局",
            "ログアウト",
            &format!("{duty}先生"),
        ] {
            assert!(page.contains(part), "{part} missing from the Today page:\n{page}");
        }
        let current = c
            .find(browser::Locator::Css("nav a[aria-current=page]"))
            .await
            .expect("the nav marks the current page");
        assert_eq!(current.attr("href").await.unwrap().as_deref(), Some("/admin"));
        // On a phone: nothing sideways.
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();

        // The English switch, kept across pages.
        click(&c, "header .langs a[hreflang=en]").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin").await, "/admin");
        let page = text(&c).await;
        assert!(page.contains("Today") && page.contains("Sign out"), "{page}");
        assert!(page.contains(duty_en), "{page}");
        c.refresh().await.unwrap();
        assert!(text(&c).await.contains("Sign out"), "the choice is kept");

        // Sign out: back at the sign-in page, and the console is closed.
        click(&c, "header form[action='/admin/logout'] button").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/login").await, "/admin/login");
        assert!(text(&c).await.contains("You are signed out."), "{}", text(&c).await);
        c.goto(&format!("{}/admin", setup.split("/admin").next().unwrap())).await.unwrap();
        assert_eq!(path(&c).await, "/admin/login", "signed out: the console sends you to sign in");
        // And back to Japanese.
        click(&c, "header .langs a[hreflang=ja]").await;
        assert!(text(&c).await.contains("ログイン"), "{}", text(&c).await);
    });
}

#[test]
fn a_missing_console_page_keeps_the_frame_and_leads_back() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    with_browser(move |c| async move {
        c.goto(&format!("{base}/admin/no-such-page")).await.unwrap();
        let page = text(&c).await;
        assert!(page.contains("ページが見つかりません"), "{page}");
        assert!(page.contains("匝瑳医師会"), "the frame: {page}");
        click(&c, "main p.back a").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/login").await, "/admin/login");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
    });
}
