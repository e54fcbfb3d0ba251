//! What the bot answers, as plain functions over the rules and the store: a private message or
//! a button press in, replies out. No Telegram types and no network here, so every answer is
//! tested without a bot; `poll` turns updates into calls of these and sends the replies.
//!
//! Key decisions:
//! - Unlinked users get one polite refusal and nothing else: not who is on duty, not whether a
//!   code was nearly right.
//! - Link codes are single-use and expire; failed attempts are counted per Telegram user, and
//!   after [`MAX_FAILURES`] in an hour every attempt is refused without looking the code up.
//! - A button press is checked against the chat's link *and* the Telegram user who made it, so a
//!   forwarded message's buttons do nothing for anyone else.
//! - Anything not understood gets a short help answer: never silence.

use chrono::{DateTime, Duration, Utc};

use super::invite;
use crate::desk::{Answer, Desk, DeskError};
use crate::routing::Refusal;
use crate::rules::{Language, MemberRole, Rules};
use crate::store::{Redeem, RotaStatus, Store, StoreError};

/// Failed link attempts allowed per Telegram user and hour.
pub const MAX_FAILURES: u32 = 5;

/// A message to send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The chat.
    pub chat_id: i64,
    /// The text.
    pub text: String,
}

/// The answer to a button press: a short notice on the presser's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressed {
    /// Shown briefly to the presser.
    pub toast: String,
    /// Whether the buttons should be removed from the message (the answer was taken).
    pub done: bool,
}

/// The bot's answers over `rules` and `store`.
pub struct Handlers<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// The store.
    pub store: &'a dyn Store,
}

impl Handlers<'_> {
    fn ja(&self) -> bool {
        self.rules.association.language == Language::Ja
    }

    fn t<'s>(&self, ja: &'s str, en: &'s str) -> &'s str {
        if self.ja() { ja } else { en }
    }

    /// Answers a message `text` from Telegram user `user_id` in chat `chat_id` (`private`:
    /// a one-to-one chat with the bot) at `now`.
    ///
    /// # Errors
    /// If the store fails.
    pub fn message(
        &self,
        chat_id: i64,
        user_id: u64,
        private: bool,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        let reply = |text: String| Ok(vec![Reply { chat_id, text }]);
        if !private {
            return reply(
                self.t(
                    "このボットは個別チャットでのみ利用できます。",
                    "This bot works in private chats only.",
                )
                .into(),
            );
        }
        let (command, arg) = split_command(text);
        if command.as_deref() == Some("start") && !arg.is_empty() {
            return reply(self.link(chat_id, user_id, arg, now)?);
        }
        let Some(link) = self.store.link_of_chat(chat_id)? else {
            return reply(self.refusal());
        };
        if link.user_id != user_id {
            return reply(self.refusal());
        }
        let member = link.member.to_string();
        match command.as_deref() {
            Some("start") | Some("help") => reply(self.help(&member)),
            Some("who") => reply(self.who(now)?),
            Some("mine") => reply(self.mine(&member, now)?),
            Some(other) => reply(format!(
                "{}\n\n{}",
                if self.ja() {
                    format!("「/{other}」は使えないコマンドです。")
                } else {
                    format!("/{other} is not a command here.")
                },
                self.help(&member)
            )),
            None => reply(format!(
                "{}\n\n{}",
                self.t("コマンドで操作してください。", "Please use a command."),
                self.help(&member)
            )),
        }
    }

    /// Answers a press of a button whose data is `data`, by Telegram user `user_id` in chat
    /// `chat_id`, at `now`.
    ///
    /// # Errors
    /// If the store fails.
    pub fn button(
        &self,
        chat_id: i64,
        user_id: u64,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let refuse = |toast: &str| Ok(Pressed { toast: toast.into(), done: false });
        let Some(link) = self.store.link_of_chat(chat_id)? else {
            return refuse(&self.refusal());
        };
        if link.user_id != user_id {
            return refuse(&self.refusal());
        }
        let Some((answer, call)) = parse_button(data) else {
            return refuse(self.t("このボタンは使えません。", "This button does nothing."));
        };
        let desk = Desk { rules: self.rules, store: self.store };
        match desk.answer(call, link.member.as_str(), answer, now) {
            Ok(_) => Ok(Pressed {
                toast: match answer {
                    Answer::Accept => self
                        .t(
                            "受諾しました。患者情報をお送りします。",
                            "Accepted. The patient's record follows.",
                        )
                        .into(),
                    _ => self
                        .t("辞退しました。次の連絡先に回します。", "Declined; passed on.")
                        .into(),
                },
                done: true,
            }),
            Err(DeskError::Refused(r)) => {
                Ok(Pressed { toast: self.refused(&r), done: matches!(r, Refusal::Taken { .. }) })
            }
            Err(DeskError::Store(e)) => Err(e),
            Err(other) => refuse(&other.to_string()),
        }
    }

    fn refusal(&self) -> String {
        if self.ja() {
            format!(
                "このボットは「{}」の会員専用です。事務局から届いた招待リンクを開いて登録してください。",
                self.rules.association.name
            )
        } else {
            format!(
                "This bot is for members of {} only. Open the invitation link the office sent you to register.",
                self.rules.association.name
            )
        }
    }

    fn link(
        &self,
        chat_id: i64,
        user_id: u64,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let failed = |this: &Self| -> Result<String, StoreError> {
            let count = this.store.link_failure(user_id, now, Duration::hours(1))?;
            Ok(if count > MAX_FAILURES {
                // Counted, and said plainly.
                this.t(
                    "試行回数が多すぎます。1時間後にもう一度お試しください。",
                    "Too many attempts. Try again in an hour.",
                )
                .into()
            } else {
                this.t(
                    "このコードでは登録できません（誤り・使用済み・期限切れ）。事務局に新しい招待リンクを依頼してください。",
                    "This code cannot be used (wrong, used or expired). Ask the office for a new invitation link.",
                )
                .into()
            })
        };
        // Over the limit: refuse without even looking the code up.
        if self.store.recent_link_failures(user_id, now, Duration::hours(1))? >= MAX_FAILURES {
            return failed(self);
        }
        let code = code.trim();
        if !invite::looks_like_code(code) {
            return failed(self);
        }
        match self.store.redeem_invite(&invite::hash(code), chat_id, user_id, now)? {
            Redeem::Linked(link) => {
                let member = self.rules.member(link.member.as_str());
                let name = member.map_or(link.member.as_str(), |m| m.name);
                let role = member.map_or("", |m| role_name(m.role, self.ja()));
                let welcome = if self.ja() {
                    format!("{name}（{role}）として登録しました。")
                } else {
                    format!("Linked as {name} ({role}).")
                };
                Ok(format!("{welcome}\n\n{}", self.help(link.member.as_str())))
            }
            Redeem::Unknown | Redeem::Used | Redeem::Expired => failed(self),
        }
    }

    fn help(&self, member: &str) -> String {
        let role = self.rules.member(member).map(|m| m.role);
        let mut lines: Vec<&str> =
            vec![self.t(
                "/who — 今の当番医と次の交代",
                "/who — who is on duty now, and the next handover",
            )];
        if role == Some(MemberRole::Doctor) {
            lines.push(self.t("/mine — 自分の次の当番", "/mine — my next duties"));
        }
        lines.push(self.t("/help — この案内", "/help — this help"));
        let head = self.t(
            "コールの依頼が届いたら、メッセージの「受諾」「辞退」ボタンで答えてください。",
            "When a call comes, answer with its Accept or Decline button.",
        );
        format!("{head}\n{}", lines.join("\n"))
    }

    fn who(&self, now: DateTime<Utc>) -> Result<String, StoreError> {
        let desk = Desk { rules: self.rules, store: self.store };
        let on = desk.on_duty(now)?;
        let tz = self.rules.association.tz;
        Ok(match on.slot {
            Some(slot) => {
                let names: Vec<&str> =
                    on.duty.iter().map(|m| self.rules.name_of(m.as_str())).collect();
                let end = slot.end.with_timezone(&tz).format("%m/%d %H:%M");
                if self.ja() {
                    format!("今の当番医: {}\n次の交代: {end}", names.join("、"))
                } else {
                    format!("On duty now: {}\nNext handover: {end}", names.join(", "))
                }
            }
            None => self
                .t(
                    "今は公開された当番表がありません。事務局にお問い合わせください。",
                    "No published rota covers now. Ask the office.",
                )
                .into(),
        })
    }

    fn mine(&self, member: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        let tz = self.rules.association.tz;
        let mut next: Vec<(DateTime<Utc>, String)> = Vec::new();
        for rota in self.store.rotas()?.iter().filter(|r| r.status == RotaStatus::Published) {
            for s in rota.slots.iter().chain(&rota.reserved) {
                let end = s.end.with_timezone(&Utc);
                if end > now && s.doctors.iter().any(|d| d == member) {
                    let start = s.start.with_timezone(&tz).format("%Y-%m-%d %H:%M");
                    let end = s.end.with_timezone(&tz).format("%m/%d %H:%M");
                    let kind = match self.rules.holiday_period(&s.kind) {
                        Some(p) => format!(" {}", p.name),
                        None => String::new(),
                    };
                    next.push((s.start.with_timezone(&Utc), format!("{start} – {end}{kind}")));
                }
            }
        }
        next.sort();
        next.dedup();
        if next.is_empty() {
            return Ok(self.t("今後の当番はありません。", "No duties ahead.").into());
        }
        let head = self.t("次の当番:", "Your next duties:");
        let lines: Vec<String> = next.into_iter().take(5).map(|(_, l)| l).collect();
        Ok(format!("{head}\n{}", lines.join("\n")))
    }

    fn refused(&self, r: &Refusal) -> String {
        if !self.ja() {
            return r.to_string();
        }
        match r {
            Refusal::NotAsked { call, .. } => format!("コール {call} の依頼先ではありません。"),
            Refusal::Taken { call, by } => {
                format!("コール {call} は{}が対応中です。", self.rules.name_of(by.as_str()))
            }
            Refusal::Declined { call, .. } => format!("コール {call} は辞退済みです。"),
            Refusal::Closed { call, state, .. } => {
                let state = match *state {
                    "cancelled" => "取り消し済み",
                    "exhausted" => "終了済み",
                    "accepted" => "対応者が決定済み",
                    _ => "応答不要",
                };
                format!("コール {call} は{state}です。")
            }
            Refusal::NotHandler { call, .. } => format!("コール {call} の対応者ではありません。"),
            Refusal::NotCaller { call, .. } => {
                format!("コール {call} を取り消せるのは依頼元か事務局です。")
            }
            Refusal::Reported { call, .. } => format!("コール {call} の報告は提出済みです。"),
        }
    }
}

/// The data of the Accept and Decline buttons of call `call` (well under Telegram's 64 bytes).
pub fn button_data(answer: Answer, call: u64) -> String {
    match answer {
        Answer::Accept => format!("accept:{call}"),
        Answer::Decline => format!("decline:{call}"),
        Answer::Cancel => format!("cancel:{call}"),
    }
}

fn parse_button(data: &str) -> Option<(Answer, u64)> {
    let (what, call) = data.split_once(':')?;
    let call = call.parse().ok()?;
    let answer = match what {
        "accept" => Answer::Accept,
        "decline" => Answer::Decline,
        _ => return None,
    };
    Some((answer, call))
}

/// `/cmd@bot arg` → (`cmd`, `arg`); text not starting with `/` → (None, text).
fn split_command(text: &str) -> (Option<String>, &str) {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('/') else { return (None, text) };
    let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let word = word.split('@').next().unwrap_or(word).to_ascii_lowercase();
    (Some(word), arg.trim())
}

fn role_name(role: MemberRole, ja: bool) -> &'static str {
    match (role, ja) {
        (MemberRole::Doctor, true) => "医師",
        (MemberRole::Hospital, true) => "後方支援病院",
        (MemberRole::NurseStation, true) => "訪問看護ステーション",
        (MemberRole::Admin, true) => "事務局",
        (MemberRole::Doctor, false) => "doctor",
        (MemberRole::Hospital, false) => "backup hospital",
        (MemberRole::NurseStation, false) => "nurse station",
        (MemberRole::Admin, false) => "admin",
    }
}

#[cfg(test)]
mod tests;
