//! The import page in real headless Chromium (issue 18): the office chooses its Excel members
//! list in the file input, sees what would change, presses Import, and finds the new doctor on
//! the Members page. See `crate::browser`.

use crate::browser::{self, arrive_at, click, fill, with_browser};
use crate::feeds_http::address;
use crate::import_cli::members_xlsx;
use crate::routing_cli::Desk;
use crate::web_console::setup_path;
use crate::web_members::own_rules;

#[test]
fn the_office_uploads_its_members_workbook_checks_it_and_imports_it() {
    if !browser::available() {
        return;
    }
    let desk = Desk::unplanned();
    let rules = own_rules(&desk);
    let _serve = desk.serve();
    let base = address(&desk);
    let setup = format!("{base}{}", setup_path(&desk));
    let workbook = desk.dir.path().join("会員名簿.xlsx");
    std::fs::write(&workbook, members_xlsx()).unwrap();
    let workbook = workbook.to_str().unwrap().to_string();
    with_browser(move |c| async move {
        browser::sign_in(&c, &setup).await;

        click(&c, "nav a[href='/admin/members']").await;
        assert_eq!(arrive_at(&c, "/admin/members").await, "/admin/members");
        click(&c, "main a[href='/admin/import']").await;
        assert_eq!(arrive_at(&c, "/admin/import").await, "/admin/import");
        browser::no_sideways_scroll(&c, 375).await.unwrap();
        c.set_window_size(1280, 900).await.unwrap();
        // A file input takes the file's path, as when the office picks it.
        fill(&c, "members-file", &workbook).await;
        click(&c, "form[action='/admin/import/members'] button[type=submit]").await;
        assert_eq!(arrive_at(&c, "/admin/import/members").await, "/admin/import/members");
        let page = browser::wait_text(&c, "追加 d13 新井 翔先生").await;
        assert!(page.contains("変更 d02 石川 花子先生"), "{page}");
        assert!(page.contains("まだ何も書き込んでいません"), "{page}");
        click(&c, "form[action='/admin/import/members'] button[type=submit]").await;
        assert_eq!(arrive_at(&c, "/admin/import").await, "/admin/import");
        browser::wait_text(&c, "取り込みました。追加 1名、変更 1名、変更なし 1名です。").await;
        click(&c, "nav a[href='/admin/members']").await;
        assert_eq!(arrive_at(&c, "/admin/members").await, "/admin/members");
        browser::wait_text(&c, "新井 翔").await;
    });
    let written = std::fs::read_to_string(rules.join("members.toml")).unwrap();
    assert!(written.contains("id = \"d13\""), "{written}");
}
