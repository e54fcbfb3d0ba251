//! The words of duty reminders and handover messages. Unlike call notices they are composed
//! from the store at delivery time: who is away this week, which calls are open, what the
//! outgoing doctor noted. Patients appear by number, district and attending doctor only.

use chrono::{DateTime, Utc};

use crate::routing::{Body, CallState};
use crate::rules::{Language, Rules};
use crate::store::{Store, StoreError};

/// The text of a reminder or handover notice (empty for other bodies).
///
/// # Errors
/// If the store fails.
pub fn render(rules: &Rules, store: &dyn Store, body: &Body) -> Result<String, StoreError> {
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
            let mut out = if ja {
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
            if ja {
                format!(
                    "【要対応】当番枠 {slot}（{} 開始）の当番医が {has} 名です（必要 {needs} 名）。当番表を確認してください。",
                    at(start)
                )
            } else {
                format!(
                    "[Action needed] Duty slot {slot} (from {}) has {has} doctor(s); {needs} needed. Check the rota.",
                    at(start)
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
        _ => String::new(),
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
