//! The words of every call notice: each stored [`Body`] becomes a [`NoticeMsg`] of the
//! catalogue (names looked up, instants in the association's zone), rendered in the
//! association's language.
//!
//! Only [`Body::Record`] (to the one who accepted), [`Body::Advice`] (the patient's documented
//! wishes, to the caller who is with the patient) and [`Body::Report`] (to the attending doctor
//! and the caller; the duty doctor's copy is [`super::duty::report_copy`]) show anything of the
//! patient beyond the district; a request before acceptance carries only
//! what is needed to decide: district, attending doctor, who calls and their note.
//! Phone numbers go only to the members of a call: the caller's with each request, the
//! acceptor's to the caller.

use chrono::{DateTime, Duration, Utc};

use super::duty::{instant as when, who};
use crate::msg::Message;
use crate::msg::notice::{Ask, Followup, NoticeMsg, Reachable, Record, VisitLines};
use crate::routing::{Body, Call, CallKind, Logged, Patient};
use crate::rules::{MemberId, Rules};

/// Everything a notice may need besides its body.
pub struct Context<'a> {
    /// The rules (names, language).
    pub rules: &'a Rules,
    /// The call the notice is about.
    pub call: &'a Call,
    /// The patient, if still registered.
    pub patient: Option<&'a Patient>,
    /// When the notice was produced (a step's deadline is its time to answer after that).
    pub produced: DateTime<Utc>,
}

/// The text of `body` (empty for a body that is not about a call).
pub fn render(cx: &Context, body: &Body) -> String {
    message(cx, body).map_or_else(String::new, |m| m.render(cx.rules.association.language))
}

fn reachable(rules: &Rules, id: &MemberId) -> Reachable {
    Reachable {
        who: who(rules, id.as_str()),
        phone: rules.phone_of(id.as_str()).map(str::to_string),
    }
}

/// The follow-ups of the call (for the record), with when and from whom.
fn followups(cx: &Context) -> Vec<Followup> {
    cx.call
        .log
        .iter()
        .filter_map(|e| match &e.what {
            Logged::Followup { from, note } => Some(Followup {
                at: when(cx.rules, e.at),
                from: who(cx.rules, from.as_str()),
                note: note.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// The last follow-up's note.
fn last_followup(call: &Call) -> String {
    call.log
        .iter()
        .rev()
        .find_map(|e| match &e.what {
            Logged::Followup { note, .. } => Some(note.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The catalogue message of `body`; `None` for a body that is not about a call.
pub fn message(cx: &Context, body: &Body) -> Option<NoticeMsg> {
    let (rules, call) = (cx.rules, cx.call);
    let p = cx.patient.map(|p| &p.details);
    let by = |id: &MemberId| who(rules, id.as_str());
    let ask = |id: crate::routing::CallId, step, until: DateTime<Utc>| Ask {
        call: id,
        step,
        until: when(rules, until),
        area: p.and_then(|p| p.area.clone()),
        attending: by(&call.attending),
        caller: reachable(rules, &call.caller),
        note: call.note.clone(),
        kind: call.kind,
    };
    Some(match body {
        Body::Request { call: id, step, minutes, .. } => NoticeMsg::Request(ask(
            *id,
            *step,
            cx.produced + Duration::minutes(i64::from(*minutes)),
        )),
        Body::RequestAgain { call: id, step, until, .. } => {
            NoticeMsg::RequestAgain(ask(*id, *step, *until))
        }
        Body::Record { call: id, .. } => match p {
            Some(p) => NoticeMsg::Record {
                call: *id,
                record: Box::new(Record {
                    name: p.name.clone(),
                    address: p.address.clone(),
                    attending: by(&p.attending),
                    hospital: p.hospital.as_ref().map(by),
                    diagnosis: p.diagnosis.clone(),
                    medications: p.medications.clone(),
                    wishes: p.wishes.clone(),
                    consent: p.consent,
                    visit: VisitLines {
                        born: p.visit.born.map(|b| {
                            let today = cx.produced.with_timezone(&rules.association.tz);
                            (b, crate::routing::patient::age(b, today.date_naive()))
                        }),
                        allergies: p.visit.allergies.clone(),
                        key_person: p.visit.key_person.clone(),
                        family_contact: p.visit.family_contact.clone(),
                        nurse_station: p.visit.nurse_station.as_ref().map(|n| reachable(rules, n)),
                    },
                }),
                caller: reachable(rules, &call.caller),
                note: call.note.clone(),
                followups: followups(cx),
            },
            None => NoticeMsg::RecordGone { call: *id },
        },
        Body::Progress { call: id, step, members } => NoticeMsg::Progress {
            call: *id,
            step: *step,
            members: members.iter().map(by).collect(),
        },
        Body::AcceptedBy { call: id, by: taker, after_advice } => NoticeMsg::AcceptedBy {
            call: *id,
            by: reachable(rules, taker),
            // A death confirmation's caller was never advised to call 119.
            after_advice: *after_advice && call.kind != CallKind::Death,
        },
        Body::LateAccept { call: id, patient, by: taker } => NoticeMsg::LateAccept {
            call: *id,
            patient: *patient,
            by: by(taker),
            caller: by(&call.caller),
            death: call.kind == CallKind::Death,
        },
        Body::Taken { call: id, by: taker } => NoticeMsg::Taken { call: *id, by: by(taker) },
        Body::MovedOn { call: id } => NoticeMsg::MovedOn { call: *id },
        // A death confirmation ends at the office, never at the advice to call 119.
        Body::Advice { call: id, .. } if call.kind == CallKind::Death => {
            NoticeMsg::DeathUnanswered { call: *id }
        }
        Body::Advice { call: id, .. } => {
            NoticeMsg::Advice { call: *id, wishes: p.map(|p| p.wishes.clone()).unwrap_or_default() }
        }
        Body::Alert { call: id, patient } if call.kind == CallKind::Death => {
            NoticeMsg::DeathAlert { call: *id, patient: *patient, caller: by(&call.caller) }
        }
        Body::Alert { call: id, patient } => {
            NoticeMsg::Alert { call: *id, patient: *patient, caller: by(&call.caller) }
        }
        Body::Followup { call: id, from, note, ack_minutes, ack_until } => NoticeMsg::Followup {
            call: *id,
            from: by(from),
            note: note.clone(),
            // Stored before `ack_until`: the deadline of a first follow-up.
            ack_by: ack_minutes.map(|m| {
                let until = ack_until.unwrap_or(cx.produced + Duration::minutes(i64::from(m)));
                when(rules, until)
            }),
        },
        Body::FollowupAgain { call: id, until } => NoticeMsg::FollowupAgain {
            call: *id,
            until: when(rules, *until),
            note: last_followup(call),
        },
        Body::Acknowledged { call: id, by: handler } => {
            NoticeMsg::Acknowledged { call: *id, by: by(handler) }
        }
        Body::Unacknowledged { call: id } => NoticeMsg::Unacknowledged { call: *id },
        Body::Report { call: id, by: writer, text, .. } => NoticeMsg::Report {
            call: *id,
            patient: p.map(|p| p.name.clone()),
            by: by(writer),
            outcome: call.report.as_ref().and_then(|r| r.outcome),
            text: text.clone(),
        },
        Body::Cancelled { call: id, by: who } => NoticeMsg::Cancelled { call: *id, by: by(who) },
        // Not about a call: rendered by `super::duty`.
        Body::Reminder { .. }
        | Body::InRota { .. }
        | Body::Handover { .. }
        | Body::Unstaffed { .. }
        | Body::ChannelDown { .. }
        | Body::ChannelUp { .. }
        | Body::LinkBroken { .. }
        | Body::DeadLetter { .. }
        | Body::WebhookRefused { .. }
        | Body::WebhookGivenUp { .. }
        | Body::RulesRejected { .. }
        | Body::NoRota { .. }
        | Body::RotaUpdated { .. }
        | Body::AwayOverDuty { .. }
        | Body::MembershipClash { .. }
        | Body::RotaChanged { .. }
        | Body::Swap { .. }
        | Body::SwapOffer { .. } => return None,
    })
}

#[cfg(test)]
mod tests {
    //! The words of the call notices of issue 15: phone numbers to call back, follow-ups in the
    //! record, the reminder, the acknowledgement, and an acceptance after the 119 advice.

    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::plan::testing::sosa;
    use crate::routing::{ChainInputs, Event, PatientDetails, StepKind, resolve};
    use crate::rules::Language;

    fn id(s: &str) -> MemberId {
        s.parse().unwrap()
    }

    /// 2027-03-02 22:00 JST (a Tuesday) plus `minutes`.
    fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    fn patient() -> Patient {
        Patient {
            id: crate::ids::PatientId::new(42),
            details: PatientDetails {
                name: "山田 花子".into(),
                address: "匝瑳市八日市場イ1".into(),
                area: Some("八日市場".into()),
                attending: id("d01"),
                hospital: Some(id("h2")),
                diagnosis: "脳梗塞後遺症".into(),
                medications: "アスピリン".into(),
                wishes: "DNAR".into(),
                consent: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
                visit: Default::default(),
                substitute: None,
                rota: None,
            },
            registered_at: t(-10_000),
            updated_at: t(-10_000),
            course: Vec::new(),
        }
    }

    /// A call for the patient of d01 from the nurse station, d03 on duty.
    fn call() -> Call {
        let rules = sosa();
        let chain = resolve(&ChainInputs {
            substitute: None,
            rules: &rules,
            duty: &[id("d03")],
            absent: &|_| false,
            attending: Some(&id("d01")),
            hospital: Some(&id("h2")),
            caller: Some(&id("ns1")),
        });
        Call::raise(
            crate::routing::CallId::new(7),
            crate::ids::PatientId::new(42),
            id("d01"),
            id("ns1"),
            "発熱39度".into(),
            chain,
            t(0),
        )
        .0
    }

    fn text(rules: &Rules, call: &Call, body: &Body) -> String {
        let p = patient();
        render(&Context { rules, call, patient: Some(&p), produced: t(0) }, body)
    }

    #[test]
    fn a_request_carries_the_callers_number_and_the_acceptance_the_acceptors() {
        let rules = sosa();
        let call = call();
        let request = Body::Request {
            call: crate::routing::CallId::new(7),
            patient: crate::ids::PatientId::new(42),
            step: StepKind::Attending,
            minutes: 10,
        };
        let r = text(&rules, &call, &request);
        assert!(r.starts_with("【至急】7番の依頼: ご対応のお願い\n"), "{r}");
        assert!(r.contains("主治医としてご対応いただけますか。22:10までにご返答ください。"), "{r}");
        assert!(r.contains("主治医: 青木 一郎先生\n"), "{r}");
        assert!(r.contains("連絡元: 匝瑳訪問看護ステーション（電話 0479-00-0100）"), "{r}");
        assert!(!r.contains("匝瑳市八日市場"), "no address before acceptance: {r}");
        let accepted = Body::AcceptedBy {
            call: crate::routing::CallId::new(7),
            by: id("d03"),
            after_advice: false,
        };
        let a = text(&rules, &call, &accepted);
        assert_eq!(a, "7番の依頼: 上田 誠先生が対応します。\n連絡先: 0479-00-1003");
        let mut en = sosa();
        en.association.language = Language::En;
        assert!(
            text(&en, &call, &request)
                .contains("From: Sosa Visiting Nurse Station (phone 0479-00-0100)")
        );
        assert!(text(&en, &call, &accepted).ends_with("\nPhone: 0479-00-1003"));
    }

    #[test]
    fn the_record_carries_every_followup_with_when_and_from_whom() {
        let rules = sosa();
        let mut call = call();
        let follow =
            Event::Followup { from: id("h1"), note: "家族から再度連絡、呼吸苦".into() };
        call.apply(&follow, t(12)).unwrap();
        call.apply(&Event::Accept { by: id("d01") }, t(14)).unwrap();
        let r = text(
            &rules,
            &call,
            &Body::Record {
                call: crate::routing::CallId::new(7),
                patient: crate::ids::PatientId::new(42),
            },
        );
        assert!(
            r.contains("内容: 発熱39度\n追加の連絡:\n・3月2日(火) 22:12 国保匝瑳中央病院: 家族から再度連絡、呼吸苦"),
            "{r}"
        );
    }

    #[test]
    fn the_reminder_names_the_deadline_as_a_clock_time() {
        let rules = sosa();
        let again = Body::RequestAgain {
            call: crate::routing::CallId::new(7),
            patient: crate::ids::PatientId::new(42),
            step: StepKind::Duty,
            until: t(25),
        };
        let r = text(&rules, &call(), &again);
        assert!(r.starts_with("【至急・再送】7番の依頼: 在宅当番のお願い\nまだご返答をいただいていません。当番医としてご対応いただけますか。22:25までにご返答ください。"), "{r}");
        let mut en = sosa();
        en.association.language = Language::En;
        let r = text(&en, &call(), &again);
        assert!(
            r.contains(
                "No answer yet. Can you take it as the duty doctor? Please answer by 22:25."
            ),
            "{r}"
        );
    }

    #[test]
    fn an_acceptance_after_the_119_advice_refers_to_it_and_the_office_is_told() {
        let rules = sosa();
        let call = call();
        let a = text(
            &rules,
            &call,
            &Body::AcceptedBy {
                call: crate::routing::CallId::new(7),
                by: id("d03"),
                after_advice: true,
            },
        );
        assert!(
            a.starts_with(
                "7番の依頼: 先ほど119番通報をご案内しましたが、上田 誠先生が対応します。"
            ),
            "{a}"
        );
        let o = text(
            &rules,
            &call,
            &Body::LateAccept {
                call: crate::routing::CallId::new(7),
                patient: crate::ids::PatientId::new(42),
                by: id("d03"),
            },
        );
        assert!(o.contains("119番通報のご案内の後に上田 誠先生が受諾しました"), "{o}");
    }

    #[test]
    fn a_followup_to_the_handler_asks_for_an_acknowledgement_within_their_minutes() {
        let rules = sosa();
        let f = Body::Followup {
            call: crate::routing::CallId::new(7),
            from: id("ns1"),
            note: "SpO2 88%".into(),
            ack_minutes: Some(10),
            ack_until: None,
        };
        let r = text(&rules, &call(), &f);
        assert!(r.contains("22:10までに「確認しました」を押してください"), "{r}");
    }

    #[test]
    fn doctors_are_sensei_in_every_call_notice_and_plain_names_in_english() {
        let rules = sosa();
        let call = call();
        let taken = Body::Taken { call: crate::routing::CallId::new(7), by: id("d03") };
        assert_eq!(
            text(&rules, &call, &taken),
            "7番の依頼: 上田 誠先生が対応することになりました。ご返答は不要です。"
        );
        let progress = Body::Progress {
            call: crate::routing::CallId::new(7),
            step: StepKind::Hospital,
            members: vec![id("h2")],
        };
        let p = text(&rules, &call, &progress);
        assert!(p.starts_with("7番の依頼: 後方支援病院の"), "{p}");
        assert!(!p.contains("病院先生"), "no 先生 for a hospital: {p}");
        let mut en = sosa();
        en.association.language = Language::En;
        // An English association reads the members' romanised names (issue 18: `name_en`).
        assert_eq!(text(&en, &call, &taken), "Call 7: Ueda Makoto is taking it; no answer needed.");
    }

    #[test]
    fn the_record_gives_the_consent_date_with_its_year() {
        let rules = sosa();
        let r = text(
            &rules,
            &call(),
            &Body::Record {
                call: crate::routing::CallId::new(7),
                patient: crate::ids::PatientId::new(42),
            },
        );
        assert!(r.contains("氏名: 山田 花子 様\n"), "{r}");
        assert!(r.contains("同意日: 2026年4月1日\n"), "{r}");
    }

    #[test]
    fn a_second_followup_before_the_acknowledgement_names_the_first_deadline() {
        let rules = sosa();
        let mut call = call();
        call.apply(&Event::Accept { by: id("d01") }, t(2)).unwrap();
        let first = Event::Followup { from: id("ns1"), note: "SpO2 88%".into() };
        call.apply(&first, t(5)).unwrap();
        // Three minutes later, more: the handler's deadline stays the first one (22:15).
        let second = Event::Followup { from: id("ns1"), note: "SpO2 85%".into() };
        let notices = call.apply(&second, t(8)).unwrap();
        let to_handler = notices.iter().find(|n| n.to == id("d01")).unwrap();
        let p = patient();
        let cx = Context { rules: &rules, call: &call, patient: Some(&p), produced: t(8) };
        let r = render(&cx, &to_handler.body);
        assert!(r.contains("22:15までに「確認しました」を押してください"), "{r}");
    }
}
