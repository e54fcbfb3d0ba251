//! The words of every notice, in the association's language (Japanese by default, English).
//!
//! Only [`Body::Record`] (to the one who accepted), [`Body::Advice`] (the patient's documented
//! wishes, to the caller who is with the patient) and [`Body::Report`] (to the attending doctor
//! and the caller; the duty doctor's copy is [`super::duty::report_copy`]) show anything of the
//! patient beyond the district; a request before acceptance carries only
//! what is needed to decide: district, attending doctor, who calls and their note.
//! Phone numbers go only to the members of a call: the caller's with each request, the
//! acceptor's to the caller.

use chrono::{DateTime, Datelike, Utc};

use crate::routing::{Body, Call, Logged, Patient, StepKind};
use crate::rules::{Language, MemberId, MemberRole, Rules};

/// Everything a notice may need besides its body.
pub struct Context<'a> {
    /// The rules (names, language).
    pub rules: &'a Rules,
    /// The call the notice is about.
    pub call: &'a Call,
    /// The patient, if still registered.
    pub patient: Option<&'a Patient>,
}

/// The text of `body`.
pub fn render(cx: &Context, body: &Body) -> String {
    match cx.rules.association.language {
        Language::Ja => ja(cx, body),
        Language::En => en(cx, body),
    }
}

fn name<'a>(cx: &'a Context, id: &'a str) -> &'a str {
    cx.rules.name_of(id)
}

fn names(cx: &Context, ids: &[crate::rules::MemberId]) -> String {
    ids.iter().map(|m| name(cx, m.as_str())).collect::<Vec<_>>().join("、")
}

/// The outcome of the call's report, as members read it ("—" before outcomes were asked for).
fn outcome(cx: &Context) -> &'static str {
    let outcome = cx.call.report.as_ref().and_then(|r| r.outcome);
    outcome.map_or("—", |o| super::duty::outcome_label(cx.rules, o))
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// A member as addressed in Japanese: a doctor with 先生, anyone else by name.
fn sensei(cx: &Context, id: &MemberId) -> String {
    let name = name(cx, id.as_str());
    match cx.rules.member(id.as_str()) {
        Some(m) if m.role == MemberRole::Doctor => format!("{name}先生"),
        _ => name.to_string(),
    }
}

/// `name（電話 0479-00-0100）`, or the name alone without a number in the rules.
fn with_phone(cx: &Context, id: &MemberId, word: &str) -> String {
    let name = name(cx, id.as_str());
    match cx.rules.phone_of(id.as_str()) {
        Some(p) => format!("{name}（{word} {p}）"),
        None => name.to_string(),
    }
}

/// A clock time in the association's zone: `21:40`.
fn clock(cx: &Context, t: DateTime<Utc>) -> String {
    t.with_timezone(&cx.rules.association.tz).format("%-H:%M").to_string()
}

/// A date and time in the association's zone: `3月9日(火) 21:30`, `Tue 9 Mar 21:30`.
fn when(cx: &Context, t: DateTime<Utc>) -> String {
    let t = t.with_timezone(&cx.rules.association.tz);
    match cx.rules.association.language {
        Language::Ja => {
            let wd = ["日", "月", "火", "水", "木", "金", "土"]
                [t.weekday().num_days_from_sunday() as usize];
            format!("{}月{}日({wd}) {}", t.month(), t.day(), t.format("%-H:%M"))
        }
        Language::En => t.format("%a %-d %b %-H:%M").to_string(),
    }
}

/// The follow-ups of the call (for the record): one line each, with when and from whom.
fn followups(cx: &Context, head: &str) -> String {
    let lines: Vec<String> = cx
        .call
        .log
        .iter()
        .filter_map(|e| match &e.what {
            Logged::Followup { from, note } => {
                Some(format!("・{} {}: {note}", when(cx, e.at), name(cx, from.as_str())))
            }
            _ => None,
        })
        .collect();
    if lines.is_empty() { String::new() } else { format!("\n{head}\n{}", lines.join("\n")) }
}

/// The last follow-up's note.
fn last_followup(call: &Call) -> &str {
    call.log
        .iter()
        .rev()
        .find_map(|e| match &e.what {
            Logged::Followup { note, .. } => Some(note.as_str()),
            _ => None,
        })
        .unwrap_or("")
}

fn ja(cx: &Context, body: &Body) -> String {
    let call = cx.call;
    let p = cx.patient.map(|p| &p.details);
    let area = p.and_then(|p| p.area.as_deref()).unwrap_or("未登録");
    match body {
        Body::Request { call: id, step, minutes, .. } => {
            let ask = match step {
                StepKind::Handler => {
                    "この患者の前回のコールをお引き受けいただいたため、最初にご依頼しています。ご対応をお願いします。"
                        .to_string()
                }
                other => format!("{}としてご対応をお願いします。", role_ja(*other)),
            };
            format!(
                "【在宅当番 依頼】コール {id}\n{ask}{minutes}分以内にご返答ください。\n地区: {area}\n主治医: {}\n連絡元: {}\n内容: {}",
                name(cx, call.attending.as_str()),
                with_phone(cx, &call.caller, "電話"),
                call.note
            )
        }
        Body::RequestAgain { call: id, step, until, .. } => format!(
            "【再送・在宅当番 依頼】コール {id}\nまだご返答をいただいていません。{}としてご対応いただけるか、{}までにご返答ください。\n地区: {area}\n主治医: {}\n連絡元: {}\n内容: {}",
            role_ja(*step),
            clock(cx, *until),
            name(cx, call.attending.as_str()),
            with_phone(cx, &call.caller, "電話"),
            call.note
        ),
        Body::Record { call: id, .. } => match p {
            Some(p) => format!(
                "【受諾】コール {id} をお引き受けいただきありがとうございます。\n氏名: {}\n住所: {}\n主治医: {}\n登録病院: {}\n診断: {}\n主な薬: {}\n意思表示: {}\n同意日: {}\n連絡元: {}\n内容: {}{}\n対応後、このメッセージに返信して報告してください。転帰（往診した・電話で助言・入院・その他）から書き始めてください（例: 往診した 解熱剤を投与し経過観察）。",
                p.name,
                p.address,
                name(cx, p.attending.as_str()),
                p.hospital.as_ref().map_or("—", |h| name(cx, h.as_str())),
                or_dash(&p.diagnosis),
                or_dash(&p.medications),
                or_dash(&p.wishes),
                p.consent.format("%Y-%m-%d"),
                with_phone(cx, &call.caller, "電話"),
                call.note,
                followups(cx, "追加の連絡:")
            ),
            None => format!(
                "【受諾】コール {id} をお引き受けいただきました。患者は登録簿から削除されています。事務局に確認してください。"
            ),
        },
        Body::Progress { call: id, step, members } => {
            format!("コール {id}: {}（{}）に依頼しています。", role_ja(*step), names(cx, members))
        }
        Body::AcceptedBy { call: id, by, after_advice } => {
            let phone = cx.rules.phone_of(by.as_str()).map(|p| format!("\n連絡先: {p}"));
            let phone = phone.unwrap_or_default();
            if *after_advice {
                format!(
                    "コール {id}: 先ほど119番通報をご案内しましたが、{}が対応します。すでに119番通報された場合は、救急隊の指示に従ってください。{phone}",
                    sensei(cx, by)
                )
            } else {
                format!("コール {id}: {}が対応します。{phone}", sensei(cx, by))
            }
        }
        Body::LateAccept { call: id, patient, by } => format!(
            "【お知らせ】コール {id}（患者番号 {patient}）は、119番通報のご案内の後に{}が受諾しました。連絡元（{}）にもお伝えしました。",
            sensei(cx, by),
            name(cx, call.caller.as_str())
        ),
        Body::Taken { call: id, by } => format!(
            "コール {id}: {}が対応することになりました。ご返答は不要です。",
            name(cx, by.as_str())
        ),
        Body::MovedOn { call: id } => format!(
            "コール {id}: 返答期限を過ぎたため次の連絡先に依頼しました。対応できる場合は今からでも受諾できます。"
        ),
        Body::Advice { call: id, .. } => format!(
            "コール {id}: 対応できる医師・病院が見つかりませんでした。必要なら119番通報をしてください。\n患者の意思表示: {}",
            p.map_or("—", |p| or_dash(&p.wishes))
        ),
        Body::Alert { call: id, patient } => format!(
            "【要対応】コール {id}（患者番号 {patient}）は連絡網の最後まで受諾されませんでした。連絡元（{}）には119番の案内を送りました。",
            name(cx, call.caller.as_str())
        ),
        Body::Followup { call: id, from, note, ack_minutes } => {
            let head = format!("コール {id} に追加の連絡（{}）: {note}", name(cx, from.as_str()));
            match ack_minutes {
                Some(m) => format!(
                    "{head}\n{m}分以内に「確認しました」を押してください。ご確認がない場合は次の連絡先に依頼します。"
                ),
                None => head,
            }
        }
        Body::FollowupAgain { call: id, until } => format!(
            "【再送】コール {id} の追加の連絡をまだご確認いただいていません。{}までに「確認しました」を押してください。ご確認がない場合は次の連絡先に依頼します。\n内容: {}",
            clock(cx, *until),
            last_followup(call)
        ),
        Body::Acknowledged { call: id, by } => {
            format!("コール {id}: {}が追加の連絡を確認しました。", sensei(cx, by))
        }
        Body::Unacknowledged { call: id } => format!(
            "コール {id}: 追加の連絡のご確認がなかったため、次の連絡先に依頼しました。引き続き対応される場合は「確認しました」を押してください。"
        ),
        Body::Report { call: id, by, text, .. } => format!(
            "【対応報告】コール {id}（{} 様）\n対応: {}\n転帰: {}\n{text}",
            p.map_or("—", |p| p.name.as_str()),
            super::duty::person(cx.rules, by.as_str()),
            outcome(cx)
        ),
        Body::Cancelled { call: id, by } => {
            format!(
                "コール {id} は{}により取り消されました。ご返答は不要です。",
                name(cx, by.as_str())
            )
        }
        // Not about a call: rendered by `super::duty`.
        Body::Reminder { .. }
        | Body::Handover { .. }
        | Body::Unstaffed { .. }
        | Body::ChannelDown { .. }
        | Body::ChannelUp { .. }
        | Body::LinkBroken { .. }
        | Body::DeadLetter { .. }
        | Body::RulesRejected { .. }
        | Body::RotaChanged { .. }
        | Body::SwapOffer { .. } => String::new(),
    }
}

fn en(cx: &Context, body: &Body) -> String {
    let call = cx.call;
    let p = cx.patient.map(|p| &p.details);
    let area = p.and_then(|p| p.area.as_deref()).unwrap_or("not registered");
    match body {
        Body::Request { call: id, step, minutes, .. } => {
            let ask = match step {
                StepKind::Handler => {
                    "You took this patient's previous call, so you are asked first. Please take it"
                        .to_string()
                }
                other => format!("Please take this call as the {}", role_en(*other)),
            };
            format!(
                "[Home-care duty] Call {id}\n{ask}; answer within {minutes} minutes.\nArea: {area}\nAttending doctor: {}\nFrom: {}\nNote: {}",
                name(cx, call.attending.as_str()),
                with_phone(cx, &call.caller, "phone"),
                call.note
            )
        }
        Body::RequestAgain { call: id, step, until, .. } => format!(
            "[Home-care duty, again] Call {id}\nNo answer yet. Can you take it as the {}? Please answer by {}.\nArea: {area}\nAttending doctor: {}\nFrom: {}\nNote: {}",
            role_en(*step),
            clock(cx, *until),
            name(cx, call.attending.as_str()),
            with_phone(cx, &call.caller, "phone"),
            call.note
        ),
        Body::Record { call: id, .. } => match p {
            Some(p) => format!(
                "[Accepted] Thank you for taking call {id}.\nName: {}\nAddress: {}\nAttending doctor: {}\nHospital: {}\nDiagnosis: {}\nKey medications: {}\nWishes: {}\nConsent: {}\nFrom: {}\nNote: {}{}\nAfterwards, reply to this message with your report, starting with the outcome (visited, phone advice, admitted, other), e.g. \"visited gave antipyretics, watching\".",
                p.name,
                p.address,
                name(cx, p.attending.as_str()),
                p.hospital.as_ref().map_or("—", |h| name(cx, h.as_str())),
                or_dash(&p.diagnosis),
                or_dash(&p.medications),
                or_dash(&p.wishes),
                p.consent.format("%Y-%m-%d"),
                with_phone(cx, &call.caller, "phone"),
                call.note,
                followups(cx, "Follow-ups:")
            ),
            None => format!(
                "[Accepted] You took call {id}. The patient is no longer in the registry; ask the office."
            ),
        },
        Body::Progress { call: id, step, members } => {
            format!("Call {id}: asking the {} ({}).", role_en(*step), names(cx, members))
        }
        Body::AcceptedBy { call: id, by, after_advice } => {
            let phone = cx.rules.phone_of(by.as_str()).map(|p| format!("\nPhone: {p}"));
            let phone = phone.unwrap_or_default();
            if *after_advice {
                format!(
                    "Call {id}: you were advised to call 119 earlier, but {} is taking it now. If you have called 119 already, follow the ambulance crew.{phone}",
                    name(cx, by.as_str())
                )
            } else {
                format!("Call {id}: {} is taking it.{phone}", name(cx, by.as_str()))
            }
        }
        Body::LateAccept { call: id, patient, by } => format!(
            "[Notice] Call {id} (patient {patient}) was accepted by {} after the advice to call 119. {} was told.",
            name(cx, by.as_str()),
            name(cx, call.caller.as_str())
        ),
        Body::Taken { call: id, by } => {
            format!("Call {id}: {} is taking it; no answer needed.", name(cx, by.as_str()))
        }
        Body::MovedOn { call: id } => format!(
            "Call {id}: no answer in time, so it went to the next in line. You can still accept it."
        ),
        Body::Advice { call: id, .. } => format!(
            "Call {id}: no doctor or hospital could take it. Call 119 if needed.\nThe patient's wishes: {}",
            p.map_or("—", |p| or_dash(&p.wishes))
        ),
        Body::Alert { call: id, patient } => format!(
            "[Action needed] Call {id} (patient {patient}) reached the end of the chain unanswered. {} was advised to call 119.",
            name(cx, call.caller.as_str())
        ),
        Body::Followup { call: id, from, note, ack_minutes } => {
            let head = format!("Call {id}, more from {}: {note}", name(cx, from.as_str()));
            match ack_minutes {
                Some(m) => format!(
                    "{head}\nPlease press Acknowledge within {m} minutes, or the call goes on to the next in line."
                ),
                None => head,
            }
        }
        Body::FollowupAgain { call: id, until } => format!(
            "[Again] The follow-up on call {id} is not acknowledged yet. Please press Acknowledge by {}, or the call goes on to the next in line.\nNote: {}",
            clock(cx, *until),
            last_followup(call)
        ),
        Body::Acknowledged { call: id, by } => {
            format!("Call {id}: {} acknowledged the follow-up.", name(cx, by.as_str()))
        }
        Body::Unacknowledged { call: id } => format!(
            "Call {id}: the follow-up was not acknowledged, so the call went on to the next in line. Press Acknowledge to take it back."
        ),
        Body::Report { call: id, by, text, .. } => format!(
            "[Report] Call {id} ({})\nHandled by: {}\nOutcome: {}\n{text}",
            p.map_or("—", |p| p.name.as_str()),
            name(cx, by.as_str()),
            outcome(cx)
        ),
        Body::Cancelled { call: id, by } => {
            format!("Call {id} was withdrawn by {}; no answer needed.", name(cx, by.as_str()))
        }
        Body::Reminder { .. }
        | Body::Handover { .. }
        | Body::Unstaffed { .. }
        | Body::ChannelDown { .. }
        | Body::ChannelUp { .. }
        | Body::LinkBroken { .. }
        | Body::DeadLetter { .. }
        | Body::RulesRejected { .. }
        | Body::RotaChanged { .. }
        | Body::SwapOffer { .. } => String::new(),
    }
}

/// A step's role in a Japanese sentence (as what the member is asked).
fn role_ja(step: StepKind) -> &'static str {
    match step {
        StepKind::Handler => "前回の対応者",
        StepKind::Attending => "主治医",
        StepKind::Duty => "当番医",
        StepKind::Hospital => "後方支援病院",
        StepKind::Advice => "事務局",
    }
}

/// A step's role in an English sentence.
fn role_en(step: StepKind) -> &'static str {
    match step {
        StepKind::Handler => "previous handler",
        StepKind::Attending => "attending doctor",
        StepKind::Duty => "duty doctor",
        StepKind::Hospital => "backup hospital",
        StepKind::Advice => "office",
    }
}

#[cfg(test)]
mod tests {
    //! The words of the call notices of issue 15: phone numbers to call back, follow-ups in the
    //! record, the reminder, the acknowledgement, and an acceptance after the 119 advice.

    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::plan::testing::sosa;
    use crate::routing::{ChainInputs, Event, PatientDetails, resolve};

    fn id(s: &str) -> MemberId {
        s.parse().unwrap()
    }

    /// 2027-03-02 22:00 JST (a Tuesday) plus `minutes`.
    fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    fn patient() -> Patient {
        Patient {
            id: 42,
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
            rules: &rules,
            duty: &[id("d03")],
            absent: &|_| false,
            attending: Some(&id("d01")),
            hospital: Some(&id("h2")),
            caller: Some(&id("ns1")),
        });
        Call::raise(7, 42, id("d01"), id("ns1"), "発熱39度".into(), chain, t(0)).0
    }

    fn text(rules: &Rules, call: &Call, body: &Body) -> String {
        let p = patient();
        render(&Context { rules, call, patient: Some(&p) }, body)
    }

    #[test]
    fn a_request_carries_the_callers_number_and_the_acceptance_the_acceptors() {
        let rules = sosa();
        let call = call();
        let request =
            Body::Request { call: 7, patient: 42, step: StepKind::Attending, minutes: 10 };
        let r = text(&rules, &call, &request);
        assert!(r.contains("連絡元: 匝瑳訪問看護ステーション（電話 0479-00-0100）"), "{r}");
        assert!(!r.contains("匝瑳市八日市場"), "no address before acceptance: {r}");
        let accepted = Body::AcceptedBy { call: 7, by: id("d03"), after_advice: false };
        let a = text(&rules, &call, &accepted);
        assert_eq!(a, "コール 7: 上田 誠先生が対応します。\n連絡先: 0479-00-1003");
        let mut en = sosa();
        en.association.language = Language::En;
        assert!(
            text(&en, &call, &request)
                .contains("From: 匝瑳訪問看護ステーション（phone 0479-00-0100）")
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
        let r = text(&rules, &call, &Body::Record { call: 7, patient: 42 });
        assert!(
            r.contains("内容: 発熱39度\n追加の連絡:\n・3月2日(火) 22:12 国保匝瑳中央病院: 家族から再度連絡、呼吸苦"),
            "{r}"
        );
    }

    #[test]
    fn the_reminder_names_the_deadline_as_a_clock_time() {
        let rules = sosa();
        let again = Body::RequestAgain { call: 7, patient: 42, step: StepKind::Duty, until: t(25) };
        let r = text(&rules, &call(), &again);
        assert!(r.starts_with("【再送・在宅当番 依頼】コール 7\nまだご返答をいただいていません。当番医としてご対応いただけるか、22:25までにご返答ください。"), "{r}");
    }

    #[test]
    fn an_acceptance_after_the_119_advice_refers_to_it_and_the_office_is_told() {
        let rules = sosa();
        let call = call();
        let a =
            text(&rules, &call, &Body::AcceptedBy { call: 7, by: id("d03"), after_advice: true });
        assert!(
            a.starts_with("コール 7: 先ほど119番通報をご案内しましたが、上田 誠先生が対応します。"),
            "{a}"
        );
        let o = text(&rules, &call, &Body::LateAccept { call: 7, patient: 42, by: id("d03") });
        assert!(o.contains("119番通報のご案内の後に上田 誠先生が受諾しました"), "{o}");
    }

    #[test]
    fn a_followup_to_the_handler_asks_for_an_acknowledgement_within_their_minutes() {
        let rules = sosa();
        let f = Body::Followup {
            call: 7,
            from: id("ns1"),
            note: "SpO2 88%".into(),
            ack_minutes: Some(10),
        };
        let r = text(&rules, &call(), &f);
        assert!(r.contains("10分以内に「確認しました」を押してください"), "{r}");
    }
}
