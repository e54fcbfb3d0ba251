//! `/course` in chat (issue 20), without a channel.

use super::tests::{World, at};
use super::*;
use crate::routing::{CourseEvent, PatientDetails};
use crate::store::AuditEvent;
use crate::store::prelude::*;

/// `/course` needs what the chat core's tests have, and a few more ways to talk.
trait Course {
    fn reply(&self, chat: i64, text: &str, now: DateTime<Utc>) -> Reply;
    fn said(&self, chat: i64, text: &str, now: DateTime<Utc>) -> String;
    fn press(&self, chat: i64, data: &str, now: DateTime<Utc>) -> Pressed;
    fn patient(&self, attending: &str) -> crate::ids::PatientId;
    fn course(&self, id: crate::ids::PatientId) -> Vec<(CourseEvent, chrono::NaiveDate)>;
}

impl Course for World {
    fn reply(&self, chat: i64, text: &str, now: DateTime<Utc>) -> Reply {
        let mut replies = self.h().message(chat, chat as u64, true, text, now).unwrap();
        assert_eq!(replies.len(), 1);
        replies.remove(0)
    }

    fn said(&self, chat: i64, text: &str, now: DateTime<Utc>) -> String {
        self.reply(chat, text, now).text
    }

    fn press(&self, chat: i64, data: &str, now: DateTime<Utc>) -> Pressed {
        self.h().button(chat, chat as u64, data, now).unwrap()
    }

    fn patient(&self, attending: &str) -> crate::ids::PatientId {
        let details = PatientDetails {
            name: "山田 花子".into(),
            address: "匝瑳市".into(),
            area: Some("八日市場".into()),
            attending: attending.parse().unwrap(),
            hospital: None,
            diagnosis: String::new(),
            medications: String::new(),
            wishes: String::new(),
            consent: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            visit: Default::default(),
            substitute: None,
            rota: None,
        };
        self.store.add_patient(details, at(1, 0)).unwrap().id
    }

    fn course(&self, id: crate::ids::PatientId) -> Vec<(CourseEvent, chrono::NaiveDate)> {
        let p = self.store.patient(id).unwrap().unwrap();
        p.course.iter().map(|e| (e.event, e.date)).collect()
    }
}

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2027, m, d).unwrap()
}

/// The data of the button labelled `label` in `reply`.
fn button(reply: &Reply, label: &str) -> String {
    let all: Vec<&(String, String)> = reply.buttons.iter().flatten().collect();
    all.iter()
        .find(|(l, _)| l.starts_with(label))
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| panic!("no button {label} in {all:?}"))
}

#[test]
fn the_attending_doctor_records_a_death_at_home_step_by_step_and_it_is_audited() {
    let w = World::new();
    w.linked("d01", 10);
    let p = w.patient("d01");
    let now = at(9, 8);
    assert!(w.said(10, "/course", now).contains("患者番号"));
    let ask = w.reply(10, &p.to_string(), now);
    let labels: Vec<&str> = ask.buttons.iter().flatten().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["入院", "退院(在宅へ)", "在宅で看取り", "病院で死亡", "転居・転出", "同意撤回"]
    );
    let pressed = w.press(10, &button(&ask, "在宅で看取り"), now);
    let dates = pressed.reply.expect("the day is asked");
    assert!(dates.text.contains("在宅で看取り"), "{}", dates.text);
    let pressed = w.press(10, &button(&dates, "昨日"), now);
    let confirm = pressed.reply.expect("a confirmation");
    assert!(
        confirm.text.contains("2027年1月8日(金)") && confirm.text.contains("登録は終了"),
        "{}",
        confirm.text
    );
    assert!(w.course(p).is_empty(), "nothing before 記録する");
    let pressed = w.press(10, &button(&confirm, "記録する"), now);
    assert_eq!(pressed.toast, "記録しました。");
    assert!(pressed.reply.unwrap().text.contains("登録は終了しました"));
    assert_eq!(w.course(p), [(CourseEvent::DiedHome, day(1, 8))]);
    let audit = w.store.audit().unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.by, "d01");
    assert_eq!(
        last.event,
        Some(AuditEvent::PatientCourse {
            patient: p,
            event: CourseEvent::DiedHome,
            date: day(1, 8)
        })
    );
    // The form is over: its buttons do nothing more.
    let again = w.press(10, &button(&confirm, "記録する"), now);
    assert!(again.toast.contains("終わっています"), "{}", again.toast);
    assert_eq!(w.course(p).len(), 1);
}

#[test]
fn the_one_line_form_records_at_once_and_a_typed_day_and_japanese_event_are_read() {
    let w = World::new();
    w.linked("d01", 10);
    let p = w.patient("d01");
    let said = w.said(10, &format!("/course {p} admitted 1/7"), at(9, 8));
    assert!(said.contains("記録しました") && said.contains("入院"), "{said}");
    let said = w.said(10, &format!("/course {p} 退院 今日"), at(9, 8));
    assert!(said.contains("記録しました"), "{said}");
    assert_eq!(
        w.course(p),
        [(CourseEvent::Admitted, day(1, 7)), (CourseEvent::Discharged, day(1, 9))]
    );
    // The course's own rules refuse, saying why.
    let said = w.said(10, &format!("/course {p} discharged 1/9"), at(9, 8));
    assert!(said.contains("記録していません") && said.contains("入院中ではありません"), "{said}");
    // An event or a day that cannot be read.
    assert!(w.said(10, &format!("/course {p} died 1/9"), at(9, 8)).contains("在宅看取り"));
    assert!(w.said(10, &format!("/course {p} moved 13/45"), at(9, 8)).contains("読み取れません"));
    // The form waits at the day: a typed day goes on to the confirmation.
    let confirm = w.reply(10, "1/9", at(9, 8));
    assert!(confirm.text.contains("転居・転出"), "{}", confirm.text);
    let stop = w.press(10, &button(&confirm, "やめる"), at(9, 8));
    assert!(stop.toast.contains("記録していません"), "{}", stop.toast);
    assert_eq!(w.course(p).len(), 2);
}

#[test]
fn only_the_attending_doctor_the_doctor_of_the_latest_call_and_the_office_may() {
    let w = World::new();
    let chats = [("d01", 10), ("d02", 20), ("d03", 30), ("ns1", 40), ("office", 50)];
    for (m, chat) in chats {
        w.linked(m, chat);
    }
    let chat_of = |m: &str| chats.iter().find(|(x, _)| *x == m).map(|(_, c)| *c).unwrap();
    // d03's patient; d03 raises a call for the family (left out as the caller): the first
    // doctor asked takes it.
    let p = w.patient("d03");
    let now = at(9, 8);
    let call = match w.h().desk().raise(p, "d03", "呼吸が苦しい", at(6, 0)).unwrap() {
        crate::desk::Raised::New(c, _) | crate::desk::Raised::Joined(c, _) => c,
    };
    let asked = call.chain.iter().flat_map(|s| s.members.clone()).next().unwrap();
    w.h().desk().answer(call.id, asked.as_str(), Answer::Accept, at(6, 0)).unwrap();
    let handler = asked.to_string();
    assert_ne!(handler, "d03");
    let other = ["d01", "d02"].into_iter().find(|m| *m != handler).unwrap();
    let refused = |chat: i64, id: crate::ids::PatientId| {
        let said = w.said(chat, &format!("/course {id} moved 1/9"), now);
        assert!(said.contains("記録できません"), "{chat}: {said}");
        said
    };
    // A doctor who is neither: refused, the same words as for a number that is nobody's.
    let theirs = refused(chat_of(other), p);
    let nobodys = refused(chat_of(other), crate::ids::PatientId::new(999));
    assert_eq!(theirs.replace(&p.to_string(), "N"), nobodys.replace("999", "N"));
    // The guided form refuses at the number, too.
    w.said(chat_of(other), "/course", now);
    assert!(w.said(chat_of(other), &p.to_string(), now).contains("記録できません"));
    // A nurse station has no /course at all.
    let nurse = w.said(40, &format!("/course {p} moved 1/9"), now);
    assert!(nurse.contains("使えないコマンド"), "{nurse}");
    assert!(w.course(p).is_empty());
    // The handler of the latest call, the attending doctor and the office may.
    let said = w.said(chat_of(&handler), &format!("/course {p} admitted 1/7"), now);
    assert!(said.contains("記録しました"), "{said}");
    assert!(w.said(30, &format!("/course {p} discharged 1/8"), now).contains("記録しました"));
    assert!(w.said(50, &format!("/course {p} moved 1/9"), now).contains("記録しました"));
    // The office is told a number is nobody's.
    assert!(w.said(50, "/course 999 moved 1/9", now).contains("登録されていません"));
    let by: Vec<String> = w
        .store
        .audit()
        .unwrap()
        .into_iter()
        .filter(|a| matches!(a.event, Some(AuditEvent::PatientCourse { .. })))
        .map(|a| a.by)
        .collect();
    assert_eq!(by, [handler.clone(), "d03".into(), "office".into()]);
}

#[test]
fn course_is_in_the_menus_of_doctors_and_the_office_only() {
    let w = World::new();
    let has = |m: &str| w.h().menu(Some(m)).iter().any(|(c, _)| c == "course");
    assert!(has("d01") && has("office"));
    assert!(!has("ns1") && !has("h1"));
    w.linked("d01", 10);
    assert!(w.said(10, "/help", at(9, 8)).contains("/course"));
}
