//! Every command of the Telegram bot on LINE (issue 19: "everything the Telegram bot does works
//! on LINE, in Japanese"), through the real `toban serve` and the fake Messaging API: the
//! nurse's `/call` (guided and in one line), `/status` and `/cancel`; Decline as a postback;
//! `/report`; a doctor's `/mine`, `/away`, `/back` and `/note`; the call's reminder, the duty
//! reminder and the handover; the office's alerts; the `/swap` picker, the office's approval and
//! `/cover`, each by postback. The Telegram tests of the same flows are in `bot_e2e*.rs`,
//! `calls_e2e.rs` and `swap_e2e.rs`; the core they share is tested in `src/chat/core/tests.rs`.

use std::collections::BTreeMap;

use crate::bot_e2e::{code, legal_swap, published, rules_with, summer_duty};
use crate::fake_line::FakeLine;
use crate::line_e2e::{LIMIT, LineDesk, U_D01, U_DUTY, U_NS1, deliver, link_line, serve_line};
use crate::routing_cli::{Desk, Serve, wait_for};

const U_NEXT: &str = "U0000000000000000000000000000next";
const U_OFFICE: &str = "U00000000000000000000000000office";
const U_X: &str = "U00000000000000000000000000000x01";
const U_Y: &str = "U00000000000000000000000000000y01";

/// Messages to `user` containing `needle`.
fn count(line: &FakeLine, user: &str, needle: &str) -> usize {
    line.texts(user).iter().filter(|t| t.contains(needle)).count()
}

/// Waits for the `n`th message to `user` containing `needle`.
#[track_caller]
fn wait_nth(line: &FakeLine, user: &str, needle: &str, n: usize) {
    wait_for(LIMIT, needle, || count(line, user, needle) >= n);
}

/// `user` says `text`.
fn say(desk: &Desk, line: &FakeLine, user: &str, text: &str) {
    deliver(desk, &[line.text(user, text)]);
}

/// `user` presses the postback button `data`.
fn press(desk: &Desk, line: &FakeLine, user: &str, data: &str) {
    deliver(desk, &[line.postback(user, data)]);
}

/// `serve` with LINE on `line` and the rules in `rules`.
fn serve_line_rules(desk: &Desk, line: &FakeLine, rules: &str) -> Serve {
    let mut env = line.env();
    env.push(("TOBAN_RULES", rules.to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    desk.serve_with(None, &env)
}

// See: issue 19 ("/call (guided and one line), Accept and Decline as postback buttons,
// /status, /report, /cancel").
#[test]
fn a_nurse_on_line_calls_guided_and_in_one_line_follows_and_withdraws_and_a_decline_moves_on() {
    let LineDesk { desk, line, serve: _serve, .. } =
        LineDesk::start(&["山田 花子", "佐藤 次郎"]).with_call_members();

    // Guided: the patient, then the note, then 送信する; nothing goes out before it.
    say(&desk, &line, U_NS1, "/call");
    line.wait_for(LIMIT, U_NS1, "患者番号または氏名");
    say(&desk, &line, U_NS1, "1");
    line.wait_for(LIMIT, U_NS1, "山田 花子 様（1番の患者さん）についての依頼");
    say(&desk, &line, U_NS1, "発熱39度");
    let ask = line.wait_for(LIMIT, U_NS1, "山田 花子 様（1番の患者さん）に連絡します");
    assert_eq!(ask.buttons()[0], "callsend:1", "{:?}", ask.message);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!line.has_text(U_D01, "1番の依頼"), "nothing sent before the confirmation");
    press(&desk, &line, U_NS1, "callsend:1");
    line.wait_for(LIMIT, U_NS1, "1番の依頼を発信しました");
    let request = line.wait_for(LIMIT, U_D01, "1番の依頼: ご対応のお願い");
    assert_eq!(request.buttons(), ["accept:1", "decline:1"]);
    // Where it stands: the attending doctor is asked until 22:10.
    say(&desk, &line, U_NS1, "/status");
    line.wait_for(LIMIT, U_NS1, "22:10");

    // The attending doctor declines by postback: the duty doctor is asked at once.
    press(&desk, &line, U_D01, "decline:1");
    line.wait_for(LIMIT, U_D01, "辞退しました。次の連絡先に回します。");
    line.wait_for(LIMIT, U_DUTY, "当番医としてご対応");
    press(&desk, &line, U_DUTY, "accept:1");
    line.wait_for(LIMIT, U_DUTY, "【受諾】1番の依頼");
    // The report in one line (by quoting the record: `line_e2e_report`).
    say(&desk, &line, U_DUTY, "/report 1 入院 救急外来で対応し入院");
    line.wait_for(LIMIT, U_DUTY, "1番の依頼の報告を送りました");
    line.wait_for(LIMIT, U_NS1, "【対応報告】1番の依頼");
    line.wait_for(LIMIT, U_D01, "【対応報告】1番の依頼");
    assert_eq!(desk.call("1")["report"]["outcome"], "admitted");
    say(&desk, &line, U_NS1, "/status");
    line.wait_for(LIMIT, U_NS1, "発信中の依頼はありません");

    // One line, then withdrawn with /cancel N: the doctor asked is told.
    say(&desk, &line, U_NS1, "/call 2 転倒");
    line.wait_for(LIMIT, U_NS1, "佐藤 次郎 様（2番の患者さん）に連絡します");
    press(&desk, &line, U_NS1, "callsend:2");
    line.wait_for(LIMIT, U_D01, "2番の依頼: ご対応のお願い");
    say(&desk, &line, U_NS1, "/cancel 2");
    line.wait_for(LIMIT, U_NS1, "2番の依頼を取り消しました");
    line.wait_for(LIMIT, U_D01, "2番の依頼は");
    assert!(line.has_text(U_D01, "取り消されました"), "{:#?}", line.texts(U_D01));
    assert_eq!(desk.call("2")["state"]["status"], "cancelled");
    // /cancel alone ends a form.
    say(&desk, &line, U_NS1, "/call");
    wait_nth(&line, U_NS1, "患者番号または氏名", 2);
    say(&desk, &line, U_NS1, "/cancel");
    line.wait_for(LIMIT, U_NS1, "入力を取り消しました");
}

// See: issue 19 ("/mine, /away, /back, /note, reminders, handover, admin alerts").
#[test]
fn a_doctor_on_line_has_mine_away_back_note_the_reminders_the_handover_and_the_offices_alerts() {
    let scene = LineDesk::start(&["山田 花子"]);
    let duty = scene.duty.clone();
    let on = scene.desk.run(&["oncall", "--at", "2027-03-09T12:00:00+09:00", "--format", "json"]);
    let next = on.code(0).json()["duty"][0]["id"].as_str().unwrap().to_string();
    assert!(next != "d01" && next != duty, "{duty} {next}");
    let LineDesk { desk, line, serve: _serve, .. } = scene.with_linked(&[
        (U_D01, "d01"),
        (U_DUTY, &duty),
        (U_NEXT, &next),
        (U_OFFICE, "office"),
    ]);

    // The call's reminder: unanswered at half the attending's 10 minutes, sent again with the
    // postback buttons, once.
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    line.wait_for(LIMIT, U_D01, "1番の依頼: ご対応のお願い");
    desk.set_clock("2027-03-02T22:05:00+09:00");
    let again = line.wait_for(LIMIT, U_D01, "【至急・再送】1番の依頼: ご対応のお願い");
    assert!(again.text().contains("22:10までにご返答ください"), "{}", again.text());
    assert_eq!(again.buttons(), ["accept:1", "decline:1"]);
    press(&desk, &line, U_D01, "accept:1");
    line.wait_for(LIMIT, U_D01, "【受諾】1番の依頼");
    desk.cycle();
    assert_eq!(count(&line, U_D01, "【至急・再送】"), 1, "once only");

    // /mine: d01's next duty.
    say(&desk, &line, U_D01, "/mine");
    line.wait_for(LIMIT, U_D01, "次の当番:");
    // /away over a day to come, /back once it has begun: the absence ends the day before.
    say(&desk, &line, U_D01, "/away 3/3 3/5 学会");
    line.wait_for(LIMIT, U_D01, "不在を登録しました: 3月3日(水)〜3月5日(金)");
    // /note, by the doctor on duty: it travels with the handover.
    say(&desk, &line, U_DUTY, "/note 患者1は夜間に電話あり");
    line.wait_for(LIMIT, U_DUTY, "引き継ぎメモを残しました");
    desk.set_clock("2027-03-04T12:00:00+09:00");
    say(&desk, &line, U_D01, "/back");
    line.wait_for(LIMIT, U_D01, "おかえりなさい");
    let absences = desk.run(&["absence", "list", "--format", "json"]).code(0).json();
    let d01: Vec<_> =
        absences.as_array().unwrap().iter().filter(|a| a["doctor"] == "d01").collect();
    assert_eq!(d01.len(), 1, "{absences}");
    assert_eq!(d01[0]["to"], "2027-03-03", "{absences}");

    // An admin alert: the doctor on duty marks themself away over it; the office on LINE hears.
    say(&desk, &line, U_DUTY, "/away 3/5 3/6 学会");
    line.wait_for(LIMIT, U_DUTY, "不在を登録しました");
    let alert = line.wait_for(LIMIT, U_OFFICE, "【要対応】");
    assert!(alert.text().contains("3月5日"), "{}", alert.text());

    // The duty reminder, the day before.
    desk.set_clock("2027-03-08T09:00:00+09:00");
    line.wait_for(LIMIT, U_NEXT, "【当番のお知らせ】3月9日(火) 9:00から");
    // The handover at Tuesday 09:00: the incoming doctor gets the note; the outgoing is thanked.
    desk.set_clock("2027-03-09T08:59:00+09:00");
    desk.cycle();
    assert!(!line.has_text(U_NEXT, "【当番交代】"), "not before 09:00");
    desk.set_clock("2027-03-09T09:00:00+09:00");
    let handover = line.wait_for(LIMIT, U_NEXT, "【当番交代】3月9日(火) 9:00から");
    assert!(handover.text().contains("患者1は夜間に電話あり"), "{}", handover.text());
    line.wait_for(LIMIT, U_DUTY, "お疲れさまでした");
}

// See: issue 19 ("the /swap picker, /cover, approvals" on LINE).
#[test]
fn the_swap_picker_and_the_offices_approval_work_by_postback_on_line() {
    let desk = Desk::new();
    let slots = published(&desk);
    let (a, b) = legal_swap(&slots);
    let (x, y) = (slots[a].2.clone(), slots[b].2.clone());
    let rules = rules_with(&desk, "admin_approval = false", "admin_approval = true");
    let line = FakeLine::start();
    let _serve = serve_line_rules(&desk, &line, &rules);
    link_line(&desk, &line, U_X, &x, "code");
    link_line(&desk, &line, U_Y, &y, "code");
    link_line(&desk, &line, U_OFFICE, "office", "code");

    // My duty → the colleague → their duty, each a postback.
    say(&desk, &line, U_X, "/swap");
    let step = line.wait_for(LIMIT, U_X, "どの当番の交換・代行をお願いしますか");
    let pick = format!("swp:{}", slots[a].0);
    assert!(step.buttons().contains(&pick), "my duties offered: {:?}", step.buttons());
    press(&desk, &line, U_X, &pick);
    let step = line.wait_for(LIMIT, U_X, "どなたにお願いしますか");
    let pick = format!("swp:{}:{y}", slots[a].0);
    assert!(step.buttons().contains(&pick), "colleagues offered: {:?}", step.buttons());
    press(&desk, &line, U_X, &pick);
    let step = line.wait_for(LIMIT, U_X, "のどの当番と交換しますか");
    let pick = format!("swp:{}:{y}:{}", slots[a].0, slots[b].0);
    assert!(step.buttons().contains(&pick), "their duties offered: {:?}", step.buttons());
    press(&desk, &line, U_X, &pick);
    line.wait_for(LIMIT, U_X, "にお願いしました");
    let offer = line.wait_for(LIMIT, U_Y, "【当番交換のお願い】");
    assert!(offer.buttons()[0].starts_with("swapyes:"), "{:?}", offer.buttons());
    press(&desk, &line, U_Y, &offer.buttons()[0]);

    // Agreed: the office approves by postback.
    let ask = line.wait_for(LIMIT, U_OFFICE, "【承認のお願い】");
    line.wait_for(LIMIT, U_X, "事務局の承認をお待ちください");
    let duty_at = |slot: &str| -> String {
        let at = format!("{slot}T12:00:00+09:00");
        let on = desk.run(&["oncall", "--at", &at, "--format", "json"]).code(0).json();
        on["duty"][0]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(duty_at(&slots[a].0), x, "nothing changes before the office approves");
    // y cannot approve their own swap; the office can.
    press(&desk, &line, U_Y, &ask.buttons()[0]);
    press(&desk, &line, U_OFFICE, &ask.buttons()[0]);
    line.wait_for(LIMIT, U_OFFICE, "承認しました");
    line.wait_for(LIMIT, U_X, "【当番表の変更】");
    line.wait_for(LIMIT, U_Y, "【当番表の変更】");
    assert_eq!(duty_at(&slots[a].0), y);
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    assert!(audit.as_array().unwrap().iter().any(|e| e["action"] == "swap" && e["by"] == "office"));
    // Pressed again: answered, nothing changes.
    press(&desk, &line, U_Y, &offer.buttons()[0]);
    line.wait_for(LIMIT, U_Y, "回答済み");
}

// See: issue 19 ("/cover" on LINE): the colleagues are asked by postback buttons; the first
// declines, the second takes the duty.
#[test]
fn a_cover_request_on_line_is_declined_and_taken_by_postback() {
    let desk = Desk::new();
    let slots = published(&desk);
    let i = summer_duty(&slots);
    let (slot_id, x) = (slots[i].0.clone(), slots[i].2.clone());
    let line = FakeLine::start();
    let _serve = serve_line(&desk, &line, None);
    // Every doctor on LINE: their name (from the welcome) → (LINE user, id).
    let mut user_of_name: BTreeMap<String, (String, String)> = BTreeMap::new();
    for n in 1..=10 {
        let id = format!("d{n:02}");
        let user = format!("U{:032}", 7000 + n);
        deliver(&desk, &[line.text(&user, &code(&desk, &id))]);
        let welcome = line.wait_for(LIMIT, &user, "として登録しました").text();
        user_of_name.insert(welcome.split('（').next().unwrap().to_string(), (user, id));
    }
    let me = user_of_name.values().find(|(_, id)| *id == x).unwrap().0.clone();
    say(&desk, &line, &me, &format!("/cover {slot_id}"));
    let reply = line.wait_for(LIMIT, &me, "に代行を依頼しました").text();
    let ranked: Vec<(String, String)> = reply
        .split("先生に代行")
        .next()
        .unwrap()
        .split('、')
        .map(|n| user_of_name[n.strip_suffix("先生").unwrap_or(n)].clone())
        .collect();
    assert_eq!(ranked.len(), 3, "{reply}");
    let offer = |user: &str| line.wait_for(LIMIT, user, "【代行のお願い】");
    let first = offer(&ranked[0].0);
    press(&desk, &line, &ranked[0].0, &first.buttons()[1]);
    line.wait_for(LIMIT, &me, "お断りになりました");
    let second = offer(&ranked[1].0);
    press(&desk, &line, &ranked[1].0, &second.buttons()[0]);
    line.wait_for(LIMIT, &me, "【当番表の変更】");
    line.wait_for(LIMIT, &ranked[2].0, "に決まりました");
    let at = format!("{slot_id}T12:00:00+09:00");
    let on = desk.run(&["oncall", "--at", &at, "--format", "json"]).code(0).json();
    assert_eq!(on["duty"][0]["id"], ranked[1].1.as_str());
}
