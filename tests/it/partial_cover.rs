//! Partial cover (issue 20): a colleague covers some days of a doctor's published duty. Who is
//! on duty, the routing of a call, the feeds of both doctors and the ledger follow; what lies
//! outside the duty, has started, or runs backwards is refused.

use serde_json::Value;

use crate::routing_cli::Desk;

/// The week from Tue 6 Apr 2027 09:00 (no public holiday in it).
const SLOT: &str = "2027-04-06";

fn doctor_of(desk: &Desk, slot: &str) -> String {
    let v = desk.run(&["rota", "show", "2027", "--format", "json"]).code(0).json();
    let s = v["slots"].as_array().unwrap().iter().find(|s| s["id"] == slot).unwrap().clone();
    s["doctors"][0].as_str().unwrap().to_string()
}

fn on_duty(desk: &Desk, at: &str) -> String {
    let v: Value = desk.run(&["oncall", "--at", at, "--format", "json"]).code(0).json();
    v["duty"][0]["id"].as_str().unwrap().to_string()
}

fn points(desk: &Desk, doctor: &str) -> (i64, i64) {
    let v = desk.run(&["ledger", "--format", "json"]).code(0).json();
    let e = v["doctors"].as_array().unwrap().iter().find(|e| e["id"] == doctor).unwrap().clone();
    (e["points"].as_i64().unwrap(), e["counts"]["regular"].as_i64().unwrap_or(0))
}

/// The (DTSTART, DTEND) of each confirmed event in `doctor`'s exported feed.
fn feed(desk: &Desk, doctor: &str) -> Vec<(String, String)> {
    let out = desk.dir.path().join("feeds");
    desk.run(&["feed", "export", "--out", out.to_str().unwrap()]).code(0);
    let text = std::fs::read_to_string(out.join(format!("{doctor}.ics"))).unwrap_or_default();
    let mut events = Vec::new();
    for cal in ical::IcalParser::new(std::io::BufReader::new(text.as_bytes())) {
        for e in cal.unwrap().events {
            let get = |k: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == k)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            if get("STATUS") != "CANCELLED" {
                events.push((get("DTSTART"), get("DTEND")));
            }
        }
    }
    events.sort();
    events
}

/// A colleague of `x` who is not on duty the weeks around `SLOT` (any other doctor would do:
/// a partial cover is not a turn, so spacing does not apply; this keeps the test plain).
fn colleague(desk: &Desk, x: &str) -> String {
    let near = ["2027-03-30", SLOT, "2027-04-13"].map(|s| doctor_of(desk, s));
    (1..=10).map(|i| format!("d{i:02}")).find(|d| d != x && !near.contains(d)).unwrap()
}

#[test]
fn a_colleague_covers_two_days_and_duty_calls_feeds_and_ledger_follow() {
    let desk = Desk::new();
    let x = doctor_of(&desk, SLOT);
    let y = colleague(&desk, &x);
    let (x_points, x_regular) = points(&desk, &x);
    let (y_points, y_regular) = points(&desk, &y);
    assert_eq!(feed(&desk, &x).iter().filter(|e| e.0.starts_with("20270406")).count(), 1);

    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-08", "--to", "2027-04-09"])
        .code(0)
        .stdout_has("partial cover recorded")
        // The duty by its days, not its slot id (issue 18).
        .stdout_has("the duty of Tue 6 Apr to Mon 12 Apr: ")
        .stdout_has("1 points move");

    // Who is on duty: the colleague on the covered days, from handover to handover.
    assert_eq!(on_duty(&desk, "2027-04-07T12:00:00+09:00"), x, "an uncovered day");
    assert_eq!(on_duty(&desk, "2027-04-08T08:59:00+09:00"), x, "before the handover");
    assert_eq!(on_duty(&desk, "2027-04-08T09:00:00+09:00"), y);
    assert_eq!(on_duty(&desk, "2027-04-09T23:00:00+09:00"), y, "a covered night");
    assert_eq!(on_duty(&desk, "2027-04-10T09:00:00+09:00"), x, "back after the handover");

    // Feeds: the doctor's event is split around the colleague's.
    let xs: Vec<_> = feed(&desk, &x).into_iter().filter(|e| e.0.as_str() >= "20270406").collect();
    assert_eq!(
        xs[..2],
        [
            ("20270406T000000Z".to_string(), "20270408T000000Z".to_string()),
            ("20270410T000000Z".to_string(), "20270413T000000Z".to_string()),
        ]
    );
    assert!(
        feed(&desk, &y).contains(&("20270408T000000Z".into(), "20270410T000000Z".into())),
        "{:?}",
        feed(&desk, &y)
    );

    // The ledger: 2 points × 2 of 7 days = 0.57, so 1 point moves; the turn stays the doctor's.
    assert_eq!(points(&desk, &x), (x_points - 1, x_regular));
    assert_eq!(points(&desk, &y), (y_points + 1, y_regular));

    // Re-planning later weeks and publishing keeps the partial cover, like a swap.
    desk.run(&["plan", "2027", "--replan-from", "2027-05-04"]).code(0);
    desk.run(&["rota", "publish", "2027"]).code(0);
    assert_eq!(on_duty(&desk, "2027-04-08T12:00:00+09:00"), y, "kept after re-planning");

    // The printable page marks the covered days (代) in the colleague's name.
    let page = desk.dir.path().join("rota.html");
    desk.run(&["rota", "page", "2027", "--out", page.to_str().unwrap()]).code(0);
    let html = std::fs::read_to_string(&page).unwrap();
    let marked = html
        .split("class=\"")
        .skip(1)
        .filter(|c| c.split('"').next().unwrap().split(' ').any(|k| k == "pc"))
        .count();
    assert_eq!(marked, 2, "the two days covered");

    // Audited, in Japanese for the office.
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let covers = audit.as_array().unwrap().iter().filter(|e| e["action"] == "cover").count();
    assert_eq!(covers, 1, "{audit}");
    desk.run(&["audit", "--lang", "ja"]).code(0).stdout_has("一部代行");

    // A call on a covered day goes to the colleague after the attending doctor.
    let attending = (1..=10).map(|i| format!("d{i:02}")).find(|d| d != &x && d != &y).unwrap();
    desk.add_patient("山田 花子", &attending);
    desk.set_clock("2027-04-08T22:00:00+09:00");
    desk.run(&["call", "raise", "--patient", "1", "--from", "ns1", "--note", "発熱39度"]).code(0);
    desk.run(&["call", "decline", "1", "--as", &attending]).code(0);
    let call = desk.call("1");
    let asked: Vec<&str> = call["chain"][1]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(asked, [y.as_str()], "{call}");
}

#[test]
fn outside_the_duty_started_and_reversed_are_refused_and_the_whole_duty_is_kept_whole() {
    let desk = Desk::new();
    let x = doctor_of(&desk, SLOT);
    let y = colleague(&desk, &x);
    // 13 Apr is the next duty's first day (its handover is 13 Apr 09:00).
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-12", "--to", "2027-04-13"])
        .code(1)
        .stderr_has("Tue 13 Apr is outside this duty (Tue 6 Apr to Mon 12 Apr)");
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-05", "--to", "2027-04-06"])
        .code(1)
        .stderr_has("Mon 5 Apr is outside this duty (Tue 6 Apr to Mon 12 Apr)");
    // A first day after the duty, the last left to be the duty's: the day outside is named,
    // not the days' order.
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-20"])
        .code(1)
        .stderr_has("Tue 20 Apr is outside this duty (Tue 6 Apr to Mon 12 Apr)");
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-09", "--to", "2027-04-08"])
        .code(2)
        .stderr_has("comes before the first");
    // The duty running now (from Tue 2 Mar 09:00; the clock says 22:00): its first day has
    // started, its next days have not.
    let now = doctor_of(&desk, "2027-03-02");
    let other = colleague(&desk, &now);
    desk.run(&["cover", "2027-03-02", &now, &other, "--from", "2027-03-02", "--to", "2027-03-03"])
        .code(1)
        .stderr_has("nothing that has started is changed");
    // The colleague away on a covered day.
    desk.run(&["absence", "add", &y, "2027-04-09", "2027-04-09"]).code(0);
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-08", "--to", "2027-04-09"])
        .code(1)
        .stderr_has("is away on Fri 9 Apr");
    desk.run(&["cover", SLOT, &x, &y, "--to", "2027-04-08", "--lang", "ja"])
        .code(0)
        .stdout_has("当番の一部");
    // Nothing of the refused ones was written: one partial cover in the audit.
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let covers = audit.as_array().unwrap().iter().filter(|e| e["action"] == "cover").count();
    assert_eq!(covers, 1);
    // A duty part of which is covered is not given away whole.
    let z = (1..=10).map(|i| format!("d{i:02}")).find(|d| d != &x && d != &y).unwrap();
    desk.run(&["cover", SLOT, &x, &z]).code(1).stderr_has("the whole duty cannot be");
}

/// In chat (fake Telegram, the real `serve`): `/cover DUTY FROM TO` asks colleagues for those
/// days only; the first to accept takes them, and who is on duty and the ledger follow.
#[test]
fn in_chat_a_cover_of_two_days_is_asked_accepted_and_followed() {
    use crate::bot_e2e::{buttons, has_text, link_all_doctors, serve_bot, texts};
    use crate::fake_telegram::FakeTelegram;
    let limit = std::time::Duration::from_secs(20);
    let desk = Desk::new();
    let x = doctor_of(&desk, SLOT);
    let (x_points, _) = points(&desk, &x);
    let fake = FakeTelegram::start();
    let serve = serve_bot(&desk, &fake, None);
    let chats = link_all_doctors(&desk, &fake);
    let chat_of = |id: &str| chats.values().find(|(_, d)| d == id).unwrap().0;
    let me = chat_of(&x);
    // Backwards days are refused at once, with the reason.
    fake.message_from(me, "/cover 2027-04-06 2027-04-09 2027-04-08");
    fake.wait(limit, "the refusal", |_| has_text(&fake, me, "より前になっています"));
    fake.message_from(me, "/cover 2027-04-06 2027-04-08 2027-04-09");
    fake.wait(limit, "the request sent", |_| has_text(&fake, me, "に代行を依頼しました"));
    let reply = texts(&fake, me).into_iter().find(|t| t.contains("に代行を依頼しました")).unwrap();
    assert!(reply.contains("4月8日(木)〜4月9日(金)"), "{reply}");
    // The first colleague asked accepts.
    let offered = |chat: i64| has_text(&fake, chat, "【代行のお願い】");
    fake.wait(limit, "an offer", |_| chats.values().any(|(c, _)| offered(*c)));
    let (chat, y) = chats.values().find(|(c, _)| offered(*c)).unwrap().clone();
    let offer = fake
        .messages_to(chat)
        .into_iter()
        .find(|m| m["text"].as_str().unwrap().contains("【代行のお願い】"))
        .unwrap();
    // The offer and the change name the covered days, never the slot id (issue 18).
    let text = offer["text"].as_str().unwrap();
    assert!(text.contains("4月8日(木)〜4月9日(金)の当番を代行"), "{text}");
    assert!(!text.contains("2027-04-06"), "{text}");
    fake.press(chat, offer["message_id"].as_u64().unwrap(), &buttons(&offer)[0]);
    fake.wait(limit, "the change told", |_| has_text(&fake, me, "【当番表の変更】"));
    let changed = texts(&fake, me).into_iter().find(|t| t.contains("【当番表の変更】")).unwrap();
    assert!(changed.contains("4月8日(木)〜4月9日(金)の当番"), "{changed}");
    assert!(!changed.contains("2027-04-06"), "{changed}");
    drop(serve);
    assert_eq!(on_duty(&desk, "2027-04-08T12:00:00+09:00"), y);
    assert_eq!(on_duty(&desk, "2027-04-07T12:00:00+09:00"), x);
    assert_eq!(on_duty(&desk, "2027-04-10T12:00:00+09:00"), x);
    assert_eq!(points(&desk, &x).0, x_points - 1);
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    assert!(
        audit.as_array().unwrap().iter().any(|e| e["action"] == "cover" && e["by"] == y.as_str()),
        "{audit}"
    );
}

/// A re-plan that gives a partly covered duty to another doctor cannot keep the cover: the
/// diff and the publication name the cover dropped (English and Japanese), and the audit
/// records it; never silently.
#[test]
fn a_replan_that_moves_a_covered_duty_names_the_cover_it_drops_and_audits_it() {
    let desk = Desk::new();
    let x = doctor_of(&desk, SLOT);
    let y = colleague(&desk, &x);
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-08", "--to", "2027-04-09"]).code(0);
    // The doctor is away the whole week now: the re-plan gives it to someone else.
    desk.run(&["absence", "add", &x, "2027-04-06", "2027-04-12"]).code(0);
    desk.run(&["plan", "2027", "--replan-from", "2027-04-01"]).code(0);
    let now = doctor_of(&desk, SLOT);
    assert_ne!(now, x, "the re-plan moved the duty");
    // The duty is named by its days, with its id aside (issue 18).
    let line = format!("partial cover dropped: the duty of Tue 6 Apr to Mon 12 Apr ({SLOT})");
    desk.run(&["rota", "diff", "2027:published", "2027:draft"]).code(0).stdout_has(&line);
    desk.run(&["rota", "diff", "2027:published", "2027:draft", "--lang", "ja"])
        .code(0)
        .stdout_has("一部代行の取り消し")
        .stdout_has("4月6日(火)〜4月12日(月)の当番（2027-04-06）");
    let out = desk.run(&["rota", "publish", "2027"]).code(0).stdout_has(&line).stdout();
    // The colleague who was to cover is told too, like the doctors whose duties changed.
    let told = out.lines().find(|l| l.starts_with("told the doctors")).unwrap_or_default();
    assert!(told.contains(&y), "{out}");
    assert_eq!(on_duty(&desk, "2027-04-08T12:00:00+09:00"), now, "the cover is gone");
    let audit = desk.run(&["audit", "--format", "json"]).code(0).json();
    let dropped: Vec<&Value> =
        audit.as_array().unwrap().iter().filter(|e| e["action"] == "cover_dropped").collect();
    assert_eq!(dropped.len(), 1, "{audit}");
    desk.run(&["audit", "--lang", "ja"])
        .code(0)
        .stdout_has("一部代行の取り消し")
        .stdout_has("4月6日(火)〜4月12日(月)の当番（2027-04-06）");
}

/// A doctor away on days a colleague covers is not "on duty but away": `toban doctor` (and the
/// console's Today banner, which runs the same checks) stays quiet about them, and warns of
/// the days left uncovered and of a colleague away during the days they cover (issue 18).
#[test]
fn the_doctor_check_counts_a_partial_cover_of_the_days_away() {
    let desk = Desk::new();
    let x = doctor_of(&desk, SLOT);
    let y = colleague(&desk, &x);
    let away = |out: &str, who: &str| {
        out.lines()
            .any(|l| l.contains("on duty but marked away") && l.contains(&format!("({who})")))
    };
    desk.run(&["absence", "add", &x, "2027-04-08", "2027-04-09"]).code(0);
    let out = desk.run(&["doctor"]).stdout();
    assert!(away(&out, &x), "away and not yet covered: {out}");
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-08", "--to", "2027-04-08"]).code(0);
    let out = desk.run(&["doctor"]).stdout();
    assert!(away(&out, &x), "one day of the two is still theirs: {out}");
    desk.run(&["cover", SLOT, &x, &y, "--from", "2027-04-09", "--to", "2027-04-09"]).code(0);
    let out = desk.run(&["doctor"]).stdout();
    assert!(!away(&out, &x), "both days covered: {out}");
    // The colleague away on a day they cover is named instead.
    // Adding it names the duty it falls on, as for the duty's own doctor.
    let added = desk.run(&["absence", "add", &y, "2027-04-09", "2027-04-09"]).code(0).stdout();
    assert!(added.contains("2027-04-06"), "{added}");
    let out = desk.run(&["doctor"]).stdout();
    assert!(!away(&out, &x) && away(&out, &y), "{out}");
    // On the console's absences page, x's absence, all covered, offers no cover any more;
    // y's, on a day y covers, does.
    let _serve = desk.serve();
    let base = crate::feeds_http::address(&desk);
    let session = crate::web_console::session_of(&desk, &base);
    let page = crate::web_console::get(&base, "/admin/absences", &session);
    assert!(!page.body.contains("/admin/absences/1/cover/"), "{}", page.body);
    assert!(page.body.contains("/admin/absences/2/cover/2027-04-06"), "{}", page.body);
    // The duty's page says which days the colleague covers.
    let slot = crate::web_console::get(&base, "/admin/year/2027/slot/2027-04-06", &session);
    assert!(slot.body.contains("一部代行：4月8日(木)は"), "{}", slot.body);
    assert!(slot.body.contains("一部代行：4月9日(金)は"), "{}", slot.body);
}
