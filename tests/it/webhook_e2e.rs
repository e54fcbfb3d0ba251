//! Outbound webhooks (issue 19): the real `toban serve` posting to a fake gateway on
//! 127.0.0.1 (tests/it/fake_webhook.rs), which checks every signature. A notice reaches the
//! gateway signed, through 503s, an outage and a kill -9; a 410 is permanent and the admins are
//! told; a delayed webhook fires only if the request is still unanswered.

use std::time::Duration;

use crate::fake_webhook::{FakeWebhook, SECRET, SECRET_VAR};
use crate::helpers::repo;
use crate::routing_cli::{Desk, Serve, wait_for};

const LIMIT: Duration = Duration::from_secs(45);

/// A desk whose rules add `webhooks.toml` with a webhook `phone` to `url` (and `extra` lines).
pub(crate) fn desk_with_webhook(url: &str, extra: &str) -> Desk {
    let desk = Desk::new();
    let rules = desk.data().parent().unwrap().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for f in ["association.toml", "members.toml"] {
        std::fs::copy(repo().join("rules").join(f), rules.join(f)).unwrap();
    }
    let toml = format!(
        "[[webhook]]\nid = \"phone\"\nurl = \"{url}\"\nsecret_env = \"{SECRET_VAR}\"\nmembers = [\"d01\"]\nkinds = [\"request\"]\n{extra}"
    );
    std::fs::write(rules.join("webhooks.toml"), toml).unwrap();
    desk
}

pub(crate) fn serve(desk: &Desk) -> Serve {
    desk.serve_with(None, &[(SECRET_VAR, SECRET)])
}

fn raise(desk: &Desk) {
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
}

// See: issue 19.
#[test]
fn a_request_reaches_the_gateway_signed_with_stable_fields() {
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    desk.add_patient("山田 花子", "d01");
    let _serve = serve(&desk);
    raise(&desk);
    hook.wait(LIMIT, "the request", |r| !r.is_empty());
    let got = &hook.received()[0];
    assert_eq!(got["webhook"], "phone");
    assert_eq!(got["kind"], "request");
    assert_eq!(got["call"], 1);
    assert_eq!(got["member"], "d01");
    assert_eq!(got["role"], "doctor");
    assert_eq!(got["language"], "ja");
    assert!(got["text"].as_str().unwrap().contains("1番の依頼"), "{got}");
    assert_eq!(hook.bad_signatures(), 0);
    // Only d01's requests: the caller's record and others' notices are not posted.
    desk.cycle();
    assert_eq!(hook.received().len(), 1, "{:#?}", hook.received());
    // d01 has no chat: the console still shows it (the webhook is one more route).
    assert!(desk.all_journal().iter().any(|(to, k)| to == "d01" && k.starts_with("call1/")));
}

// See: issue 19.
#[test]
fn the_webhook_is_retried_through_503s_and_an_outage_and_posted_once() {
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    desk.add_patient("山田 花子", "d01");
    hook.fail_next(2, 503);
    let _serve = serve(&desk);
    raise(&desk);
    wait_for(LIMIT, "two 503s", || hook.failed() == 2);
    hook.outage(Duration::from_secs(3));
    hook.wait(Duration::from_secs(60), "the request after the outage", |r| !r.is_empty());
    desk.cycle();
    assert_eq!(hook.received().len(), 1, "once: {:#?}", hook.received());
}

// See: issue 19.
#[test]
fn a_410_is_permanent_and_the_admins_are_told() {
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    desk.add_patient("山田 花子", "d01");
    hook.fail_next(1, 410);
    let _serve = serve(&desk);
    raise(&desk);
    wait_for(LIMIT, "the admins told", || {
        desk.all_journal()
            .iter()
            .any(|(to, k)| to == "office" && k.starts_with("webhook_refused/phone/"))
    });
    desk.cycle();
    assert_eq!(hook.failed(), 1, "not retried");
    assert!(hook.received().is_empty());
    // The office reads what happened and what to do: not the dead-letter text (the notice was
    // not printed on the console for the webhook's sake; d01's own copy is a separate route).
    wait_for(LIMIT, "the notice printed", || desk.printed().contains("【要対応】"));
    let printed = desk.printed();
    let told = printed.lines().find(|l| l.contains("Webhook「phone」")).unwrap_or_default();
    assert!(told.contains("HTTP 410"), "the status: {printed}");
    assert!(told.contains("送るのをやめました"), "toban stopped: {told}");
    assert!(told.contains("URL") && told.contains("秘密鍵"), "what to check: {told}");
    assert!(told.contains("[[webhook]]"), "what to fix: {told}");
    assert!(!printed.contains("配信できませんでした"), "not the dead-letter text: {printed}");
}

// See: issue 19 ("ring the duty doctor's phone if a request is unanswered for 5 minutes").
#[test]
fn a_delayed_webhook_fires_only_for_a_request_still_unanswered() {
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "after_minutes = 5\n");
    desk.add_patient("山田 花子", "d01");
    desk.add_patient("佐藤 次郎", "d01");
    let _serve = serve(&desk);
    raise(&desk);
    desk.run(&["call", "raise", "--patient", "2", "--from", "ns1", "--note", "転倒"]).code(0);
    wait_for(LIMIT, "both requests on the console", || {
        let j = desk.all_journal();
        j.iter().any(|(_, k)| k.starts_with("call1/"))
            && j.iter().any(|(_, k)| k.starts_with("call2/"))
    });
    desk.cycle();
    assert!(hook.received().is_empty(), "not before 5 minutes");
    // d01 accepts call 1 within the 5 minutes; call 2 is left unanswered.
    desk.run(&["call", "accept", "1", "--as", "d01"]).code(0);
    desk.set_clock("2027-03-02T22:06:00+09:00");
    hook.wait(LIMIT, "call 2's delayed webhook", |r| r.iter().any(|v| v["call"] == 2));
    desk.cycle();
    let calls: Vec<i64> = hook.received().iter().map(|v| v["call"].as_i64().unwrap()).collect();
    assert_eq!(calls, [2], "call 1 was answered in time");
    assert!(hook.received()[0]["key"].as_str().unwrap().starts_with("webhook:phone:call2/"));
}

// See: issue 19. The gateway down and `serve` killed (SIGKILL) while the notice waits: after a
// restart it is posted.
#[test]
fn a_webhook_waiting_when_serve_is_killed_is_posted_after_the_restart() {
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    desk.add_patient("山田 花子", "d01");
    hook.fail_next(1000, 503);
    let first = serve(&desk);
    raise(&desk);
    wait_for(LIMIT, "a failed attempt", || hook.failed() >= 1);
    first.kill();
    // The gateway recovers.
    hook.clear_failures();
    let _second = serve(&desk);
    hook.wait(LIMIT, "the request after the restart", |r| !r.is_empty());
    assert_eq!(hook.received()[0]["call"], 1);
}

// See: issue 19. Rules errors name the file and line and what to do; a missing secret stops
// `serve` naming the variable, before anything listens.
#[test]
fn webhook_rules_errors_name_the_place_and_a_missing_secret_stops_serve() {
    let desk = desk_with_webhook("gateway.example/toban", "");
    let rules = desk.data().parent().unwrap().join("rules").join("webhooks.toml");
    let text = std::fs::read_to_string(&rules).unwrap().replace("\"request\"", "\"requests\"");
    std::fs::write(&rules, text).unwrap();
    let err = desk.run(&["check"]).code(3).stderr();
    assert!(err.contains("webhooks.toml:3:"), "the url's line: {err}");
    assert!(err.contains("webhooks.toml:6:"), "the kind's line: {err}");
    assert!(err.contains("https://") && err.contains("requests"), "{err}");
    let hook = FakeWebhook::start();
    let desk = desk_with_webhook(&hook.url, "");
    let out = desk.run(&["serve", "--listen", "127.0.0.1:0"]).code(2);
    let err = out.stderr();
    assert!(err.contains(SECRET_VAR) && err.contains("webhooks.toml:1"), "{err}");
}
