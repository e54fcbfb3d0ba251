//! The words of every notice, in the association's language (Japanese by default, English).
//!
//! Only [`Body::Record`] (to the one who accepted), [`Body::Advice`] (the patient's documented
//! wishes, to the caller who is with the patient) and [`Body::Report`] (to the attending doctor
//! and the caller; the duty doctor's copy is [`super::duty::report_copy`]) show anything of the
//! patient beyond the district; a request before acceptance carries only
//! what is needed to decide: district, attending doctor, who calls and their note.

use crate::routing::{Body, Call, Patient, StepKind};
use crate::rules::{Language, Rules};

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

fn ja(cx: &Context, body: &Body) -> String {
    let call = cx.call;
    let p = cx.patient.map(|p| &p.details);
    let area = p.and_then(|p| p.area.as_deref()).unwrap_or("未登録");
    match body {
        Body::Request { call: id, step, minutes, .. } => {
            let role = match step {
                StepKind::Attending => "主治医",
                StepKind::Duty => "当番医",
                StepKind::Hospital => "後方支援病院",
                StepKind::Advice => "事務局",
            };
            format!(
                "【在宅当番 依頼】コール {id}\n{role}としてご対応をお願いします。{minutes}分以内にご返答ください。\n地区: {area}\n主治医: {}\n連絡元: {}\n内容: {}",
                name(cx, call.attending.as_str()),
                name(cx, call.caller.as_str()),
                call.note
            )
        }
        Body::Record { call: id, .. } => match p {
            Some(p) => format!(
                "【受諾】コール {id} をお引き受けいただきありがとうございます。\n氏名: {}\n住所: {}\n主治医: {}\n登録病院: {}\n診断: {}\n主な薬: {}\n意思表示: {}\n同意日: {}\n連絡元: {}\n内容: {}\n対応後、このメッセージに返信して報告してください。転帰（往診した・電話で助言・入院・その他）から書き始めてください（例: 往診した 解熱剤を投与し経過観察）。",
                p.name,
                p.address,
                name(cx, p.attending.as_str()),
                p.hospital.as_ref().map_or("—", |h| name(cx, h.as_str())),
                or_dash(&p.diagnosis),
                or_dash(&p.medications),
                or_dash(&p.wishes),
                p.consent.format("%Y-%m-%d"),
                name(cx, call.caller.as_str()),
                call.note
            ),
            None => format!(
                "【受諾】コール {id} をお引き受けいただきました。患者は登録簿から削除されています。事務局に確認してください。"
            ),
        },
        Body::Progress { call: id, step, members } => {
            let who = match step {
                StepKind::Attending => "主治医",
                StepKind::Duty => "当番医",
                _ => "後方支援病院",
            };
            format!("コール {id}: {who}（{}）に依頼しています。", names(cx, members))
        }
        Body::AcceptedBy { call: id, by } => {
            format!("コール {id}: {}が対応します。", name(cx, by.as_str()))
        }
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
        Body::Followup { call: id, from, note } => {
            format!("コール {id} に追加の連絡（{}）: {note}", name(cx, from.as_str()))
        }
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
            let role = match step {
                StepKind::Attending => "attending doctor",
                StepKind::Duty => "duty doctor",
                StepKind::Hospital => "backup hospital",
                StepKind::Advice => "office",
            };
            format!(
                "[Home-care duty] Call {id}\nPlease take this call as the {role}; answer within {minutes} minutes.\nArea: {area}\nAttending doctor: {}\nFrom: {}\nNote: {}",
                name(cx, call.attending.as_str()),
                name(cx, call.caller.as_str()),
                call.note
            )
        }
        Body::Record { call: id, .. } => match p {
            Some(p) => format!(
                "[Accepted] Thank you for taking call {id}.\nName: {}\nAddress: {}\nAttending doctor: {}\nHospital: {}\nDiagnosis: {}\nKey medications: {}\nWishes: {}\nConsent: {}\nFrom: {}\nNote: {}\nAfterwards, reply to this message with your report, starting with the outcome (visited, phone advice, admitted, other), e.g. \"visited gave antipyretics, watching\".",
                p.name,
                p.address,
                name(cx, p.attending.as_str()),
                p.hospital.as_ref().map_or("—", |h| name(cx, h.as_str())),
                or_dash(&p.diagnosis),
                or_dash(&p.medications),
                or_dash(&p.wishes),
                p.consent.format("%Y-%m-%d"),
                name(cx, call.caller.as_str()),
                call.note
            ),
            None => format!(
                "[Accepted] You took call {id}. The patient is no longer in the registry; ask the office."
            ),
        },
        Body::Progress { call: id, step, members } => {
            let who = match step {
                StepKind::Attending => "the attending doctor",
                StepKind::Duty => "the duty doctor",
                _ => "the backup hospital",
            };
            format!("Call {id}: asking {who} ({}).", names(cx, members))
        }
        Body::AcceptedBy { call: id, by } => {
            format!("Call {id}: {} is taking it.", name(cx, by.as_str()))
        }
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
        Body::Followup { call: id, from, note } => {
            format!("Call {id}, more from {}: {note}", name(cx, from.as_str()))
        }
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
        | Body::RotaChanged { .. }
        | Body::SwapOffer { .. } => String::new(),
    }
}
