//! The console's record pages in real headless Chromium (issue 18): the office clicks from the
//! calls to a call, cancels it, and goes on to the annual report and the printable rota. See
//! `crate::browser`.

use crate::browser::{self, click, path, text, with_browser};
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::setup_path;

#[test]
fn the_office_clicks_from_the_calls_to_a_call_cancels_it_and_prints_the_rota() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    desk.add_patient("山田 花子", "d01");
    desk.run(&[
        "call",
        "raise",
        "--patient",
        "1",
        "--from",
        "ns1",
        "--note",
        "発熱39度、呼吸が苦しい",
    ])
    .code(0);
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;
        click(&c, "nav a[href='/admin/calls']").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/calls").await, "/admin/calls");
        let page = text(&c).await;
        assert!(page.contains("対応中の依頼") && page.contains("呼出中"), "{page}");
        // Names, not member ids (the id once, in brackets, for the command line).
        assert!(page.contains("匝瑳訪問看護ステーション（ns1）"), "the caller named: {page}");
        assert!(page.contains("青木 一郎先生（d01）"), "whom it is with, named: {page}");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();

        click(&c, "main a[href='/admin/calls/1']").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/calls/1").await, "/admin/calls/1");
        let page = text(&c).await;
        for part in [
            "1番の依頼",
            "内容: 発熱39度、呼吸が苦しい",
            "連絡の順番",
            "経過",
            "依頼元 匝瑳訪問看護ステーション（ns1）",
            "に連絡: 青木 一郎先生（d01）",
        ] {
            assert!(page.contains(part), "{part} missing from the call:\n{page}");
        }
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        // The office cancels it: the box ticked, the button pressed, the call ended.
        click(&c, "main input[name=confirm]").await;
        click(&c, "main form[action='/admin/calls/1/cancel'] button[type=submit]").await;
        let page = browser::wait_text(&c, "1番の依頼を取り消しました").await;
        assert!(!page.contains("依頼を取り消す"), "no cancel form once cancelled:\n{page}");
        click(&c, "main p.back a").await;
        assert_eq!(crate::browser::arrive_at(&c, "/admin/calls").await, "/admin/calls");

        click(&c, "nav a[href='/admin/report']").await;
        assert!(path(&c).await.starts_with("/admin/report/20"), "{}", path(&c).await);
        let page = text(&c).await;
        for part in
            ["事業報告", "年間に診療した患者数", "在宅看取り率", "当番医の往診", "当番表（Excel）"]
        {
            assert!(page.contains(part), "{part} missing from the report:\n{page}");
        }
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        // The printable rota: its inline styles apply under its policy (each day takes its
        // doctor's colour; a policy without them would leave the days blank).
        click(&c, "main a[href$='/print']").await;
        assert!(path(&c).await.ends_with("/print"), "{}", path(&c).await);
        let page = browser::wait_text(&c, "在宅当番表").await;
        assert!(page.contains("青木 一郎"), "{page}");
        let colour = browser::eval(
            &c,
            "return getComputedStyle(document.querySelector('td[style*=background-color]')).backgroundColor;",
        )
        .await;
        let colour = colour.as_str().unwrap_or_default().to_string();
        assert!(!colour.is_empty() && colour != "rgba(0, 0, 0, 0)", "a day's colour: {colour:?}");
    });
}
