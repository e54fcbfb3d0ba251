//! Webhook loose ends of issue 19, through the real `toban serve` and the fake gateway: a
//! refusing webhook is told to the admins once per episode, across restarts; a reload of the
//! rules brings in new, changed and removed `[[webhook]]` sections, and a bad one keeps the old
//! rules and says why.

use crate::fake_webhook::FakeWebhook;
use crate::routing_cli::{Desk, wait_for};
use crate::webhook_e2e::{desk_with_webhook, serve};

const LIMIT: std::time::Duration = std::time::Duration::from_secs(45);

/// Raises a call for `patient` (attending d01: the webhook's member is asked first).
fn raise(desk: &Desk, patient: u32) {
    let p = patient.to_string();
    desk.run(&["call", "raise", "--patient", &p, "--from", "ns1", "--note", "発熱"]).code(0);
}

/// How many webhook_refused alerts the office was sent.
fn alerts(desk: &Desk) -> usize {
    desk.all_journal()
        .iter()
        .filter(|(to, k)| to == "office" && k.starts_with("webhook_refused/phone/"))
        .count()
}

// See: issue 19. "The admins are told once" was an in-memory set: every restart alerted again.
#[test]
fn a_refusing_webhook_is_told_once_per_episode_even_across_a_restart() {
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    for n in 1..=4 {
        desk.add_patient(&format!("患者{n}"), "d01");
    }
    hook.fail_next(1, 410);
    let first = serve(&desk);
    raise(&desk, 1);
    wait_for(LIMIT, "the admins told", || alerts(&desk) == 1);
    first.kill();

    // Restarted, the webhook refuses again: the same episode, no second alert.
    hook.fail_next(1, 410);
    let second = serve(&desk);
    raise(&desk, 2);
    wait_for(LIMIT, "the second refusal", || hook.failed() == 2);
    desk.cycle();
    desk.cycle();
    assert_eq!(alerts(&desk), 1, "told once: {:?}", desk.all_journal());

    // The webhook accepts: the episode is over; a refusal after that is told again.
    raise(&desk, 3);
    hook.wait(LIMIT, "an accepted request", |r| !r.is_empty());
    desk.cycle();
    hook.fail_next(1, 410);
    raise(&desk, 4);
    wait_for(LIMIT, "the new episode told", || alerts(&desk) == 2);
    drop(second);
}
