//! The words of duty reminders and handover messages. Unlike call notices they are composed
//! from the store at delivery time: who is away this week, which calls are open, what the
//! outgoing doctor noted. Patients appear by number, district and attending doctor only.
//!
//! Also the words shared by the chat and these messages: dates for people (`3月9日(火) 9:00`),
//! doctors with 先生, the outcomes of a call, and the copies of a report for those who are
//! neither the attending doctor nor the caller (the duty doctor by patient number; the office
//! in place of a former member).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::routing::{Body, Call, CallState, Outcome, Patient};
use crate::rules::{Language, MemberId, MemberRole, Rules};
use crate::store::{RotaSlot, Store, StoreError};

/// `3月9日(火) 9:00` (ja) or `Tue 9 Mar 9:00` (en): an instant for people, in the association's
/// zone.
pub fn when(rules: &Rules, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&rules.association.tz);
    format!("{} {}", day(rules, local.date_naive()), local.format("%-H:%M"))
}

/// `3月9日(火)` (ja) or `Tue 9 Mar` (en).
pub fn day(rules: &Rules, d: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    match rules.association.language {
        Language::Ja => format!(
            "{}月{}日({})",
            d.month(),
            d.day(),
            WEEKDAYS[d.weekday().num_days_from_monday() as usize]
        ),
        Language::En => d.format("%a %-d %b").to_string(),
    }
}

/// `21:45`: a clock time in the association's zone (deadlines of a call, which are minutes away).
pub fn clock(rules: &Rules, t: DateTime<Utc>) -> String {
    t.with_timezone(&rules.association.tz).format("%-H:%M").to_string()
}

/// A member as addressed in a message: `青木 一郎先生` for a doctor in Japanese, else the name.
pub fn person(rules: &Rules, id: &str) -> String {
    let name = rules.name_of(id);
    match (rules.member(id).map(|m| m.role), rules.association.language) {
        (Some(MemberRole::Doctor), Language::Ja) => format!("{name}先生"),
        _ => name.to_string(),
    }
}

/// The outcome as a member reads and writes it.
pub fn outcome_label(rules: &Rules, outcome: Outcome) -> &'static str {
    match (rules.association.language, outcome) {
        (Language::Ja, Outcome::Visit) => "往診した",
        (Language::Ja, Outcome::Phone) => "電話で助言",
        (Language::Ja, Outcome::Admitted) => "入院",
        (Language::Ja, Outcome::Other) => "その他",
        (Language::En, Outcome::Visit) => "Visited",
        (Language::En, Outcome::Phone) => "Phone advice",
        (Language::En, Outcome::Admitted) => "Admitted",
        (Language::En, Outcome::Other) => "Other",
    }
}

/// Words that name an outcome, in either language, longest first within each outcome.
const OUTCOME_WORDS: &[(Outcome, &[&str])] = &[
    (Outcome::Visit, &["往診した", "往診済み", "往診", "visited", "visit"]),
    (
        Outcome::Phone,
        &["電話で助言", "電話助言", "電話対応", "電話", "phone advice", "phone", "advice"],
    ),
    (Outcome::Admitted, &["入院", "admitted", "admission"]),
    (Outcome::Other, &["その他", "other"]),
];

/// The outcome named by `word` as a whole (`visit`, `往診した`, …), any case.
pub fn parse_outcome(word: &str) -> Option<Outcome> {
    let word = word.trim().to_lowercase();
    OUTCOME_WORDS.iter().find(|(_, words)| words.contains(&word.as_str())).map(|(o, _)| *o)
}

/// The outcome that `text` starts with, if it names one as a word of its own, and the rest:
/// `往診した 解熱剤を投与` → (Visit, `解熱剤を投与`).
pub fn split_outcome(text: &str) -> (Option<Outcome>, &str) {
    let text = text.trim();
    let lower = text.to_lowercase();
    for (outcome, words) in OUTCOME_WORDS {
        for w in *words {
            // Lower-casing leaves Japanese and ASCII the same length, so the byte offsets agree.
            if lower.starts_with(w) && lower.len() == text.len() {
                let Some(rest) = text.get(w.len()..) else { continue };
                let boundary = rest
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || "、。,.:：;；!！".contains(c));
                if boundary {
                    return (
                        Some(*outcome),
                        rest.trim_start_matches(|c: char| {
                            c.is_whitespace() || "、。,.:：;；!！".contains(c)
                        }),
                    );
                }
            }
        }
    }
    (None, text)
}

/// The published slots (each once, reserved ones included), by start.
///
/// # Errors
/// If the store fails.
pub fn published_slots(store: &dyn Store) -> Result<Vec<RotaSlot>, StoreError> {
    let mut slots: Vec<RotaSlot> = Vec::new();
    let published =
        store.rotas()?.into_iter().filter(|r| r.status == crate::store::RotaStatus::Published);
    for r in published {
        for s in r.slots.into_iter().chain(r.reserved) {
            if !slots.iter().any(|x| x.id == s.id) {
                slots.push(s);
            }
        }
    }
    slots.sort_by_key(|s| s.start);
    Ok(slots)
}

/// The text of a reminder or handover notice (empty for other bodies).
///
/// # Errors
/// If the store fails.
pub fn render(rules: &Rules, store: &dyn Store, body: &Body) -> Result<String, StoreError> {
    render_for(rules, store, None, body)
}

/// As [`render`], for recipient `to`: a handover sent to the office in place of a former member
/// says so.
///
/// # Errors
/// If the store fails.
pub fn render_for(
    rules: &Rules,
    store: &dyn Store,
    to: Option<&MemberId>,
    body: &Body,
) -> Result<String, StoreError> {
    let ja = rules.association.language == Language::Ja;
    let tz = rules.association.tz;
    let at = |t: &DateTime<Utc>| t.with_timezone(&tz).format("%m/%d %H:%M").to_string();
    Ok(match body {
        Body::Reminder { start, end, days, .. } => {
            if ja {
                format!(
                    "【当番のお知らせ】{days}日後の {} から {} まで当番です。",
                    at(start),
                    at(end)
                )
            } else {
                format!(
                    "[Duty reminder] Your duty starts in {days} day(s): {} to {}.",
                    at(start),
                    at(end)
                )
            }
        }
        Body::Handover { slot, start, end, previous, incoming } => {
            let doctors = |id: &str| -> Result<Vec<String>, StoreError> {
                Ok(store
                    .rotas()?
                    .iter()
                    .flat_map(|r| r.slots.iter().chain(&r.reserved))
                    .find(|s| s.id == id)
                    .map(|s| s.doctors.iter().map(|d| rules.name_of(d).to_string()).collect())
                    .unwrap_or_default())
            };
            let names = doctors(slot)?.join(if ja { "、" } else { ", " });
            if !incoming {
                return Ok(if ja {
                    format!(
                        "【当番交代】{} で当番が終わりました。次の当番は{names}です。お疲れさまでした。",
                        at(start)
                    )
                } else {
                    format!(
                        "[Handover] Your duty ended at {}. Next on duty: {names}. Thank you.",
                        at(start)
                    )
                });
            }
            let slot_doctors: Vec<String> = store
                .rotas()?
                .iter()
                .flat_map(|r| r.slots.iter().chain(&r.reserved))
                .find(|s| s.id == *slot)
                .map(|s| s.doctors.clone())
                .unwrap_or_default();
            let for_office = to.is_some_and(|t| !slot_doctors.iter().any(|d| d == t.as_str()));
            let mut out = if for_office {
                office_handover(rules, &slot_doctors, *start, *end)
            } else if ja {
                format!("【当番交代】{} から {} まで、{names}が当番です。", at(start), at(end))
            } else {
                format!("[Handover] On duty from {} to {}: {names}.", at(start), at(end))
            };
            // Registered patients whose attending doctor is away during the slot.
            let (first, last) =
                (start.with_timezone(&tz).date_naive(), end.with_timezone(&tz).date_naive());
            let away: Vec<_> = store
                .absences()?
                .into_iter()
                .filter(|a| !a.soft && a.from <= last && a.to >= first)
                .collect();
            let mut lines = Vec::new();
            for p in store.patients()? {
                if let Some(a) = away.iter().find(|a| a.doctor == p.details.attending.as_str()) {
                    let area = p.details.area.clone().unwrap_or_else(|| "—".into());
                    let doctor = rules.name_of(p.details.attending.as_str());
                    lines.push(if ja {
                        format!(
                            "・患者 {}（{area}）主治医 {doctor} 不在 {}〜{}",
                            p.id,
                            a.from.format("%m/%d"),
                            a.to.format("%m/%d")
                        )
                    } else {
                        format!(
                            "- patient {} ({area}), attending {doctor} away {} to {}",
                            p.id, a.from, a.to
                        )
                    });
                }
            }
            out.push_str(if ja {
                "\n主治医不在の登録患者:"
            } else {
                "\nPatients whose attending doctor is away:"
            });
            out.push_str(&list(lines, ja));
            let now_open: Vec<String> = store
                .calls()?
                .into_iter()
                .filter(|c| {
                    matches!(c.state, CallState::Waiting { .. })
                        || (matches!(c.state, CallState::Accepted { .. }) && c.report.is_none())
                })
                .map(|c| {
                    if ja {
                        format!("・コール {}（患者 {}、{}）", c.id, c.patient, state_ja(&c.state))
                    } else {
                        format!("- call {} (patient {}, {})", c.id, c.patient, c.state.as_str())
                    }
                })
                .collect();
            out.push_str(if ja { "\n対応中のコール:" } else { "\nOpen calls:" });
            out.push_str(&list(now_open, ja));
            if let Some(prev) = previous {
                let notes: Vec<String> = store
                    .notes(prev)?
                    .into_iter()
                    .map(|n| {
                        format!(
                            "{}{}: {}",
                            if ja { "・" } else { "- " },
                            rules.name_of(n.by.as_str()),
                            n.text
                        )
                    })
                    .collect();
                out.push_str(if ja {
                    "\n前任からの引き継ぎ:"
                } else {
                    "\nNotes from the outgoing doctor:"
                });
                out.push_str(&list(notes, ja));
            }
            out
        }
        Body::Unstaffed { slot, start, has, needs } => {
            let why = missing(rules, store, slot)?;
            let why = if why.is_empty() { String::new() } else { format!("\n{}", why.join("\n")) };
            if ja {
                format!(
                    "【要対応】{} からの当番（{slot}）に対応できる当番医が {has} 名です（必要 {needs} 名）。{why}\n当番表を確認し、代わりの当番医を手配してください。",
                    when(rules, *start)
                )
            } else {
                format!(
                    "[Action needed] The duty from {} ({slot}) has {has} doctor(s) who can take calls; {needs} needed.{why}\nCheck the rota and arrange a replacement.",
                    when(rules, *start)
                )
            }
        }
        Body::ChannelDown { since, failures } => {
            if ja {
                format!(
                    "【要対応】{} から Telegram への送信が {failures} 回続けて失敗しています。メッセージは保存され、復旧後に順に送られます。緊急の連絡は電話で行ってください。",
                    at(since)
                )
            } else {
                format!(
                    "[Action needed] Sending to Telegram has failed {failures} times in a row since {}. Messages are kept and go out in order once it recovers; use the phone for anything urgent.",
                    at(since)
                )
            }
        }
        Body::ChannelUp { since, until } => {
            let minutes = (*until - *since).num_minutes().max(1);
            if ja {
                format!(
                    "【復旧】Telegram への送信が {} に復旧しました。{} から約{minutes}分間、メッセージの配信が遅れました。保存していたメッセージは順に送っています。",
                    at(until),
                    at(since)
                )
            } else {
                format!(
                    "[Recovered] Sending to Telegram works again since {}. Messages were late for about {minutes} min from {}; the ones kept are going out in order.",
                    at(until),
                    at(since)
                )
            }
        }
        Body::LinkBroken { member, why } => {
            let name = rules.name_of(member.as_str());
            if ja {
                format!(
                    "【要対応】{name}（{member}）の Telegram に届かなくなりました（{why}）。ボットのブロックやアカウントの削除が考えられます。ご本人に確認のうえ、`toban invite {member}` で新しい招待コードを送ってください。それまでのメッセージは toban serve の画面に表示されます。"
                )
            } else {
                format!(
                    "[Action needed] Telegram no longer reaches {name} ({member}): {why}. They may have blocked the bot or deleted their account. Check with them and send a new code with `toban invite {member}`; until then their messages are printed on toban serve's console."
                )
            }
        }
        Body::DeadLetter { member, what, since, why } => {
            let name = rules.name_of(member.as_str());
            if ja {
                format!(
                    "【要対応】{name}（{member}）あての {} のメッセージ（{what}）を配信できませんでした（{why}）。toban serve の画面に表示しました。届くようになるまで、この方あてのメッセージは同様に画面に表示します。必要なら電話で連絡してください。",
                    at(since)
                )
            } else {
                format!(
                    "[Action needed] A message to {name} ({member}) from {} ({what}) could not be delivered ({why}). It was printed on toban serve's console, as will be the next ones until delivery works again; phone them if it matters.",
                    at(since)
                )
            }
        }
        Body::RulesRejected { message } => {
            if ja {
                format!(
                    "【要対応】編集されたルールファイルに誤りがあるため、読み込みませんでした。これまでのルールのまま動いています。次の点を直してください（`toban check` でも確認できます）:\n{message}"
                )
            } else {
                format!(
                    "[Action needed] The edited rules files are not valid and were not loaded; the previous rules stay in force. Fix the following (`toban check` shows it too):\n{message}"
                )
            }
        }
        Body::RotaChanged { detail } | Body::SwapOffer { detail, .. } => detail.clone(),
        Body::Swap { note, .. } => crate::swap::text::render(rules, note),
        _ => String::new(),
    })
}

/// The start of the office's copy of a handover whose incoming doctors include former members.
fn office_handover(
    rules: &Rules,
    doctors: &[String],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    let on = start.with_timezone(&rules.association.tz).date_naive();
    let (current, former): (Vec<&String>, Vec<&String>) =
        doctors.iter().partition(|d| rules.is_current(d, on));
    let ja = rules.association.language == Language::Ja;
    let left: Vec<String> = former
        .iter()
        .map(|d| {
            let until = rules.doctor(d).and_then(|x| x.left).map(|l| day(rules, l));
            match (ja, until) {
                (true, Some(l)) => format!("{}（{l}に退会）", person(rules, d)),
                (true, None) => format!("{}（退会）", person(rules, d)),
                (false, Some(l)) => format!("{} (left on {l})", person(rules, d)),
                (false, None) => format!("{} (left)", person(rules, d)),
            }
        })
        .collect();
    let staying: Vec<String> = current.iter().map(|d| person(rules, d)).collect();
    let (from, to) = (when(rules, start), when(rules, end));
    if ja {
        let others = if staying.is_empty() {
            "ほかに当番医はいません。".to_string()
        } else {
            format!("ほかの当番医: {}。", staying.join("、"))
        };
        format!(
            "【当番交代】{from} から {to} までの当番表の当番医 {} は退会しています。{others}引き継ぎを事務局にお送りします。代わりの当番医を手配してください。",
            left.join("、")
        )
    } else {
        let others = if staying.is_empty() {
            "Nobody else is on duty.".to_string()
        } else {
            format!("Also on duty: {}.", staying.join(", "))
        };
        format!(
            "[Handover] The rota names {} for the duty from {from} to {to}, who has left the association. {others} The handover comes to the office; please arrange a replacement.",
            left.join(", ")
        )
    }
}

/// Why doctors of slot `slot` cannot take calls: one line each for a former member or a doctor
/// away during it.
fn missing(rules: &Rules, store: &dyn Store, slot: &str) -> Result<Vec<String>, StoreError> {
    let ja = rules.association.language == Language::Ja;
    let Some(s) = published_slots(store)?.into_iter().find(|s| s.id == slot) else {
        return Ok(Vec::new());
    };
    let tz = rules.association.tz;
    let (first, last) = (
        s.start.with_timezone(&tz).date_naive(),
        (s.end.with_timezone(&tz) - chrono::Duration::seconds(1)).date_naive(),
    );
    let absences = store.absences()?;
    let mut lines = Vec::new();
    for d in &s.doctors {
        let who = person(rules, d);
        let left = rules.doctor(d).and_then(|x| x.left).filter(|l| *l < last);
        if let Some(l) = left {
            lines.push(if ja {
                format!("・{who}: {}に退会", day(rules, l))
            } else {
                format!("- {who}: left on {}", day(rules, l))
            });
            continue;
        }
        for a in
            absences.iter().filter(|a| !a.soft && a.doctor == *d && a.from <= last && a.to >= first)
        {
            lines.push(if ja {
                format!("・{who}: 不在 {}〜{}", day(rules, a.from), day(rules, a.to))
            } else {
                format!("- {who}: away {} to {}", day(rules, a.from), day(rules, a.to))
            });
        }
    }
    Ok(lines)
}

/// The text of a report for `to` when `to` is neither the call's attending doctor nor its
/// caller: the duty doctor (the patient by number and district, no name), or an admin in place
/// of a former member (with the name, as the office keeps the registry). `None` for any other
/// notice or recipient.
pub fn report_copy(
    rules: &Rules,
    call: &Call,
    patient: Option<&Patient>,
    to: &MemberId,
    body: &Body,
) -> Option<String> {
    let Body::Report { call: id, patient: pid, by, text } = body else { return None };
    if *to == call.attending || *to == call.caller {
        return None;
    }
    let ja = rules.association.language == Language::Ja;
    let outcome = call.report.as_ref().and_then(|r| r.outcome).map(|o| outcome_label(rules, o));
    let on = call.report.as_ref().map_or(call.raised_at, |r| r.at);
    let on = on.with_timezone(&rules.association.tz).date_naive();
    let office = rules.admins.iter().any(|a| a.id == *to);
    let area = patient.and_then(|p| p.details.area.as_deref()).unwrap_or(if ja {
        "地区未登録"
    } else {
        "no district"
    });
    let mut head = match (office, ja) {
        (false, true) => format!("【対応報告】コール {id}（患者 {pid}、{area}）"),
        (false, false) => format!("[Report] Call {id} (patient {pid}, {area})"),
        (true, true) => format!(
            "【対応報告】コール {id}（{} 様、患者 {pid}）",
            patient.map_or("—", |p| p.details.name.as_str())
        ),
        (true, false) => format!(
            "[Report] Call {id} ({}, patient {pid})",
            patient.map_or("—", |p| p.details.name.as_str())
        ),
    };
    if office {
        let asked = call.chain.iter().filter(|s| s.kind == crate::routing::StepKind::Duty);
        let former: Vec<String> = std::iter::once(&call.attending)
            .chain(asked.flat_map(|s| s.members.iter()))
            .filter(|m| !rules.is_current(m.as_str(), on))
            .map(|m| person(rules, m.as_str()))
            .collect();
        if !former.is_empty() {
            head.push_str(&if ja {
                format!("\n{}は退会されているため、事務局にお送りします。", former.join("、"))
            } else {
                format!(
                    "\n{} has left the association, so this comes to the office.",
                    former.join(", ")
                )
            });
        }
    }
    let dash = || "—".to_string();
    Some(if ja {
        format!(
            "{head}\n依頼元: {}\n対応: {}\n転帰: {}\n{text}",
            person(rules, call.caller.as_str()),
            person(rules, by.as_str()),
            outcome.map_or_else(dash, str::to_string)
        )
    } else {
        format!(
            "{head}\nFrom: {}\nHandled by: {}\nOutcome: {}\n{text}",
            person(rules, call.caller.as_str()),
            person(rules, by.as_str()),
            outcome.map_or_else(dash, str::to_string)
        )
    })
}

fn list(lines: Vec<String>, ja: bool) -> String {
    if lines.is_empty() {
        format!(" {}", if ja { "なし" } else { "none" })
    } else {
        format!("\n{}", lines.join("\n"))
    }
}

fn state_ja(state: &CallState) -> &'static str {
    match state {
        CallState::Waiting { .. } => "応答待ち",
        CallState::Accepted { .. } => "対応中",
        CallState::Exhausted { .. } => "終了",
        CallState::Cancelled { .. } => "取り消し",
    }
}
