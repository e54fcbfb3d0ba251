//! The registry and the feeds in real headless Chromium (issue 18): the office registers a
//! patient from the console, finds them on the list by the doctor's name, and issues a
//! doctor's calendar feed whose link and QR code show once; each page fits a phone.

use crate::browser::{self, arrive_at, click, eval, fill, text, wait_text, with_browser};
use crate::feeds_http::address;
use crate::routing_cli::Desk;
use crate::web_console::setup_path;

#[test]
fn the_office_registers_a_patient_and_issues_a_doctors_feed() {
    if !browser::available() {
        return;
    }
    let desk = Desk::new();
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;
        click(&c, "nav a[href='/admin/patients']").await;
        assert_eq!(arrive_at(&c, "/admin/patients").await, "/admin/patients");
        click(&c, "main a[href='/admin/patients/new']").await;
        assert_eq!(arrive_at(&c, "/admin/patients/new").await, "/admin/patients/new");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        fill(&c, "name", "鈴木 一子").await;
        fill(&c, "address", "千葉県匝瑳市八日市場ロ2").await;
        click(&c, "#attending option[value='d02']").await;
        click(&c, "#hospital option[value='h1']").await;
        // A date field's typing depends on the browser's locale: set its value as a picker does.
        eval(&c, "document.getElementById('consent').value = '2027-02-01'; return 1;").await;
        click(&c, "form.patient button[type=submit]").await;
        assert_eq!(arrive_at(&c, "/admin/patients/1").await, "/admin/patients/1");
        let page = text(&c).await;
        assert!(page.contains("鈴木 一子") && page.contains("2月1日(月)"), "{page}");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        click(&c, "main p.back a").await;
        assert_eq!(arrive_at(&c, "/admin/patients").await, "/admin/patients");
        let page = text(&c).await;
        assert!(page.contains("石川 花子") && page.contains("国保匝瑳中央病院"), "{page}");

        click(&c, "nav a[href='/admin/feeds']").await;
        assert_eq!(arrive_at(&c, "/admin/feeds").await, "/admin/feeds");
        click(&c, "#for option[value='d01']").await;
        fill(&c, "label", "青木先生のスマートフォン").await;
        click(&c, "form[action='/admin/feeds'] button[type=submit]").await;
        let page = wait_text(&c, "発行しました").await;
        assert!(page.contains("/feeds/") && page.contains(".ics"), "{page}");
        let qr = eval(&c, "return document.querySelectorAll('div.qr svg').length;").await;
        assert_eq!(qr.as_u64(), Some(1), "one QR code");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
    });
}
