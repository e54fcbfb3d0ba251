//! LINE's rich menus with two `toban serve` on one PostgreSQL database (issue 21): only the
//! leader keeps them (the instance that answers a link shows that account its menu at once),
//! and the instance that takes over shows every account its menu again.
//! Each instance talks to a fake LINE of its own, so the calls tell which instance made them.
//! Needs `TOBAN_TEST_PG`; skipped without it, except under CI.

use std::time::Duration;

use crate::fake_line::{FakeLine, SECRET, post_webhook, sign};
use crate::leader_failover::{Pg, test_pg};
use crate::routing_cli::wait_for;

const U_D01: &str = "U00000000000000000000000000000d01";
const LIMIT: Duration = Duration::from_secs(30);

// See: issue 21 ("one leader at a time runs the engine") and the LINE menus' review: two
// instances keeping the menus would make each twice, and one of an older version would delete
// the newer one's.
#[test]
fn only_the_leader_keeps_the_line_menus_and_the_next_leader_shows_them_again() {
    let Some(url) = test_pg() else { return };
    let pg = Pg::new(&url);
    pg.run(&["plan", "2027"]).code(0);
    pg.run(&["rota", "publish", "2027"]).code(0);
    let fakes = [FakeLine::start(), FakeLine::start()];
    let envs: Vec<Vec<(&'static str, String)>> = fakes.iter().map(FakeLine::env).collect();
    let env =
        |i: usize| -> Vec<(&str, &str)> { envs[i].iter().map(|(k, v)| (*k, v.as_str())).collect() };
    let mut serves = [pg.serve("a", &env(0)), pg.serve("b", &env(1))];
    let mut pg = pg;
    let pids = [serves[0].child.id(), serves[1].child.id()];
    wait_for(LIMIT, "a leader", || pg.leader(&pids).is_some());
    let leader = usize::from(pg.leader(&pids) == Some(pids[1]));
    let standby = 1 - leader;
    wait_for(LIMIT, "the standby", || pg.standing(pids[standby]));

    // Linked through the standby's webhook (every instance serves HTTP): the leader shows the
    // menu.
    let code = pg.run(&["invite", "d01", "--format", "json"]).code(0).json();
    let body = FakeLine::body(&[fakes[standby].text(U_D01, code["code"].as_str().unwrap())]);
    let base = std::fs::read_to_string(pg.data(["a", "b"][standby]).join("serve.addr")).unwrap();
    assert_eq!(post_webhook(base.trim(), &body, Some(&sign(SECRET, &body))), 200);
    fakes[standby].wait_for(LIMIT, U_D01, "として登録しました");
    fakes[leader].wait_menu(LIMIT, U_D01, |t| t.is_some());
    // The standby, which answered the link, shows the account its menu at once, and nothing
    // more: a menus loop of its own would read the list again within a round (2 s) to tidy
    // the channel. An observation window of three rounds, as nothing is to happen.
    fakes[standby].wait_menu(LIMIT, U_D01, |t| t.is_some());
    std::thread::sleep(Duration::from_secs(6));
    let calls = fakes[standby].menu_calls();
    let lists = calls.iter().filter(|c| c.ends_with("/richmenu/list")).count();
    assert_eq!((lists, calls.len()), (1, 4), "the standby kept menus too: {calls:#?}");
    assert_eq!(fakes[leader].menus_created(), 1);

    // The leader dies: the other leads and shows the account its menu again.
    serves[leader].child.kill().unwrap();
    serves[leader].child.wait().unwrap();
    wait_for(LIMIT, "the takeover", || pg.leader(&[pids[standby]]).is_some());
    let taps = fakes[standby].wait_menu(LIMIT, U_D01, |t| t.is_some()).unwrap();
    assert_eq!(taps[0], "menu:/who");
    assert_eq!(fakes[standby].menus_created(), 1, "{:#?}", fakes[standby].menu_calls());
    drop(serves);
}
