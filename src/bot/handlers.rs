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
use crate::store::{Origin, Redeem, RotaStatus, Store, StoreError};

/// Failed link attempts allowed per Telegram user and hour.
pub const MAX_FAILURES: u32 = 5;

/// The longest message text read (characters): Telegram's own limit for a message.
pub const MAX_TEXT: usize = 4096;

/// A message to send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The chat.
    pub chat_id: i64,
    /// The text.
    pub text: String,
    /// Buttons under the message, in rows: (label, callback data).
    pub buttons: Vec<Vec<(String, String)>>,
}

/// The answer to a button press: a short notice on the presser's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressed {
    /// Shown briefly to the presser.
    pub toast: String,
    /// Whether the buttons should be removed from the message (the answer was taken).
    pub done: bool,
    /// A message to send next (the next step of a picker).
    pub reply: Option<Reply>,
}

/// A message as the bot reads it.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'t> {
    /// The chat.
    pub chat_id: i64,
    /// The Telegram user who wrote it.
    pub user_id: u64,
    /// Whether the chat is one-to-one with the bot.
    pub private: bool,
    /// The text.
    pub text: &'t str,
    /// The text of the bot's message this one replies to, if any.
    pub replied_to: Option<&'t str>,
}

/// The bot's answers over `rules` and `store`.
pub struct Handlers<'a> {
    /// The rules.
    pub rules: &'a Rules,
    /// Holiday overrides (for judging swaps against the hard rules).
    pub overrides: &'a [crate::calendar::Override],
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
        let m = Incoming { chat_id, user_id, private, text, replied_to: None };
        self.message_from(None, &m, now)
    }

    /// Answers the message `m` of Telegram update `update` (as [`Handlers::update_message`]),
    /// which may reply to a message of the bot's: a reply to the record of a call is its report.
    ///
    /// # Errors
    /// If the store fails.
    pub fn update_incoming(
        &self,
        update: u64,
        m: &Incoming,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        self.message_from(Some(&Origin::telegram(update)), m, now)
    }

    /// As [`Handlers::message`], for the message of Telegram update `update`. Handled again
    /// (Telegram delivers an update again when toban stopped before storing its offset), it
    /// adds no second absence, note, call or follow-up: each is stored with the update's
    /// [`Origin`] in one write, and found under it the second time. (Not answering twice is the
    /// poller's part: it records the update handled before it sends the answer.)
    ///
    /// # Errors
    /// If the store fails.
    pub fn update_message(
        &self,
        update: u64,
        chat_id: i64,
        user_id: u64,
        private: bool,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        let m = Incoming { chat_id, user_id, private, text, replied_to: None };
        self.message_from(Some(&Origin::telegram(update)), &m, now)
    }

    /// The current member linked to chat `chat_id` and Telegram user `user_id` at `now`, if
    /// any: everyone else is a stranger.
    ///
    /// # Errors
    /// If the store fails.
    pub fn member(
        &self,
        chat_id: i64,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        Ok(self.store.link_of_chat(chat_id)?.and_then(|link| {
            (link.user_id == user_id
                && self.rules.is_current(link.member.as_str(), self.today(now)))
            .then(|| link.member.to_string())
        }))
    }

    fn message_from(
        &self,
        origin: Option<&Origin>,
        m: &Incoming,
        now: DateTime<Utc>,
    ) -> Result<Vec<Reply>, StoreError> {
        let Incoming { chat_id, user_id, private, text, replied_to } = *m;
        let reply = |text: String| Ok(vec![Reply { chat_id, text, buttons: Vec::new() }]);
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
        let Some(member) = self.member(chat_id, user_id, now)? else {
            return reply(self.refusal());
        };
        if text.chars().count() > MAX_TEXT {
            return reply(if self.ja() {
                format!(
                    "メッセージが長すぎます（{MAX_TEXT}文字まで）。恐れ入りますが、短く分けてお送りください。"
                )
            } else {
                format!(
                    "This message is too long (at most {MAX_TEXT} characters). Please send it in shorter parts."
                )
            });
        }
        let role = self.rules.member(&member).map(|m| m.role);
        let doctor = role == Some(MemberRole::Doctor);
        if command.as_deref() == Some("cancel") && !arg.is_empty() {
            return reply(self.cancel_call(&member, arg, now)?);
        }
        if command.as_deref() == Some("cancel") {
            let had = self.store.dialog(chat_id)?.is_some();
            self.store.set_dialog(chat_id, None)?;
            return reply(if had {
                self.t("入力を取り消しました。", "Cancelled.").into()
            } else {
                self.help(&member)
            });
        }
        // A reply to the record of a call is its report.
        if command.is_none()
            && let Some(call) = replied_to.and_then(calls::record_call)
        {
            return Ok(vec![self.file_report(chat_id, &member, call, text, now)?]);
        }
        if command.is_none()
            && let Some(dialog) = self.store.dialog(chat_id)?
        {
            return Ok(vec![self.form(origin, chat_id, &member, dialog, text, now)?]);
        }
        match command.as_deref() {
            Some("start") | Some("help") => reply(self.help(&member)),
            Some("who") => reply(self.who(now)?),
            Some("status") => reply(self.status(&member, now)?),
            Some("report") => Ok(vec![self.report(chat_id, &member, arg, now)?]),
            Some("mine") if doctor => reply(self.mine(&member, now)?),
            Some("away") if doctor => reply(self.away(origin, &member, arg, now)?),
            Some("back") if doctor => reply(self.back(origin, &member, now)?),
            Some("note") if doctor => reply(self.note(origin, &member, arg, now)?),
            Some("feed") if doctor => reply(self.feed(&member, now)?),
            Some("swap") if doctor && arg.trim().is_empty() => {
                Ok(vec![self.pick_my_slot(chat_id, &member, now)?])
            }
            Some("swap") if doctor => {
                Ok(vec![self.proposal_reply(chat_id, self.swap(&member, arg, now)?)])
            }
            Some("cover") if doctor => {
                Ok(vec![self.proposal_reply(chat_id, self.cover(&member, arg, now)?)])
            }
            Some("withdraw") if doctor => reply(self.withdraw(&member, arg, now)?),
            Some("call") => Ok(vec![self.call(origin, chat_id, &member, arg, now)?]),
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
        self.button_from(None, chat_id, user_id, data, now)
    }

    /// As [`Handlers::button`], for the press of Telegram update `update`: a call sent by it is
    /// raised once however often the update is handled.
    ///
    /// # Errors
    /// If the store fails.
    pub fn update_button(
        &self,
        update: u64,
        chat_id: i64,
        user_id: u64,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        self.button_from(Some(&Origin::telegram(update)), chat_id, user_id, data, now)
    }

    fn button_from(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        user_id: u64,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let refuse = |toast: &str| Ok(Pressed { reply: None, toast: toast.into(), done: false });
        let Some(member) = self.member(chat_id, user_id, now)? else {
            return refuse(&self.refusal());
        };
        if let Some(patient) = data.strip_prefix("callsend:") {
            return self.confirmed(origin, chat_id, &member, patient, true, now);
        }
        if let Some(patient) = data.strip_prefix("callstop:") {
            return self.confirmed(origin, chat_id, &member, patient, false, now);
        }
        if let Some(rest) = data.strip_prefix("rpt:") {
            return self.picked_outcome(chat_id, &member, rest, now);
        }
        if let Some(rest) = data.strip_prefix("swp:") {
            return self.picked(chat_id, &member, rest, now);
        }
        if let Some((kind, rest)) = data.split_once(':')
            && matches!(kind, "swapyes" | "swapno" | "swapok" | "swapng" | "swapwd")
        {
            return match rest.parse::<u64>() {
                Ok(id) => self.answer_swap(&member, id, kind, now),
                Err(_) => refuse(self.t("このボタンは使えません。", "This button does nothing.")),
            };
        }
        let Some((answer, call)) = parse_button(data) else {
            return refuse(self.t("このボタンは使えません。", "This button does nothing."));
        };
        let desk = self.desk();
        match desk.answer(call, &member, answer, now) {
            Ok(_) => Ok(Pressed {
                reply: None,
                toast: match answer {
                    Answer::Accept => self
                        .t(
                            "受諾しました。患者情報をお送りします。",
                            "Accepted. The patient's record follows.",
                        )
                        .into(),
                    Answer::Acknowledge => self.t("確認しました。", "Acknowledged.").into(),
                    _ => self
                        .t("辞退しました。次の連絡先に回します。", "Declined; passed on.")
                        .into(),
                },
                done: true,
            }),
            Err(DeskError::Refused(r)) => Ok(Pressed {
                reply: None,
                toast: self.refused(&r),
                done: matches!(r, Refusal::Taken { .. }),
            }),
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
            Redeem::Linked(link)
                if !self.rules.is_current(link.member.as_str(), self.today(now)) =>
            {
                // An invitation made before the member left: no access.
                self.store.unlink(link.member.as_str(), Some(chat_id))?;
                failed(self)
            }
            // This account is another member's: a code is for the member it was made for.
            Redeem::OtherMember(other) => {
                let name = self.rules.member(other.as_str()).map_or(other.as_str(), |m| m.name);
                Ok(if self.ja() {
                    format!(
                        "このTelegramアカウントは、すでに{name}として登録されています。別の方の招待コードは使えません。その方ご自身の端末で登録してください（このアカウントの登録を外す場合は事務局にご連絡ください）。"
                    )
                } else {
                    format!(
                        "This Telegram account is already linked as {name}. Someone else's invitation cannot be used here: they should link on their own device (ask the office to unlink this account if needed)."
                    )
                })
            }
            Redeem::Linked(link) => {
                self.record(
                    link.member.as_str(),
                    now,
                    "link",
                    format!("Telegram account linked to {}", link.member),
                )?;
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
            // The code that linked this very chat (tapped twice, or the message handled again
            // after a restart): no failure, and said so.
            Redeem::Used => match self.member(chat_id, user_id, now)? {
                Some(member) => {
                    let m = self.rules.member(&member);
                    let name = m.map_or(member.as_str(), |m| m.name);
                    let role = m.map_or("", |m| role_name(m.role, self.ja()));
                    let already = if self.ja() {
                        format!("{name}（{role}）として登録済みです。")
                    } else {
                        format!("Already linked as {name} ({role}).")
                    };
                    Ok(format!("{already}\n\n{}", self.help(&member)))
                }
                None => failed(self),
            },
            Redeem::Unknown | Redeem::Expired => failed(self),
        }
    }

    fn help(&self, member: &str) -> String {
        let role = self.rules.member(member).map(|m| m.role);
        let mut lines: Vec<&str> = vec![self.t(
            "/who — 今の当番医と次の交代（当番医が不在なら依頼の回り先）",
            "/who — who is on duty now, the next handover (and where calls go if they are away)",
        )];
        lines.push(self.t(
            "/call — 往診依頼（患者番号か氏名、状況の順に入力。/call 12 状況 でも可）",
            "/call — raise a call (patient number or name, then the note; or /call 12 note)",
        ));
        lines.push(self.t(
            "/status — 発信したコールの状況（依頼先、次の連絡先とその時刻）",
            "/status — where your open calls stand (who is asked, what comes next and when)",
        ));
        lines.push(
            self.t("/cancel 12 — 発信したコール12の取り消し", "/cancel 12 — withdraw your call 12"),
        );
        if matches!(role, Some(MemberRole::Doctor | MemberRole::Hospital)) {
            lines.push(self.t(
                "/report 12 往診した 内容 — 受諾したコールの報告（転帰: 往診した・電話で助言・入院・その他。受諾時のメッセージへの返信でも可）",
                "/report 12 visited text — report on a call you took (outcome: visited, phone advice, admitted, other; or reply to the record message)",
            ));
        }
        if role == Some(MemberRole::Doctor) {
            lines.push(self.t("/mine — 自分の次の当番", "/mine — my next duties"));
            lines.push(self.t(
                "/away 3/10 3/12 学会 — 不在の登録（主治医としての依頼を飛ばします）",
                "/away 2027-03-10 2027-03-12 note — mark yourself away",
            ));
            lines.push(self.t("/back — 不在を今日で終える", "/back — end your absence today"));
            lines.push(self.t(
                "/cover 6/1 — 自分の当番(6/1)の代行を、負担の少ない医師から順に依頼",
                "/cover 2027-06-01 — ask for cover, colleagues with the lightest load first",
            ));
            lines.push(self.t(
                "/swap — 当番の交換・代行の依頼（ボタンで選択）",
                "/swap — exchange a duty or ask for cover (pick with buttons)",
            ));
            lines.push(self.t(
                "/swap 6/1 d03 9/7 — 自分の当番(6/1)とd03の当番(9/7)の交換を依頼（相手の日を省くと代行の依頼）",
                "/swap 2027-06-01 d03 2027-09-07 — propose exchanging your duty with d03's (omit their date to ask for cover)",
            ));
            lines.push(self.t(
                "/feed — スマホのカレンダーに当番を表示するURL",
                "/feed — the calendar URL of your duties for your phone",
            ));
            lines.push(self.t(
                "/note 内容 — 次の当番医への引き継ぎメモ（当番中）",
                "/note text — a note for the next duty doctor (while on duty)",
            ));
        }
        lines.push(self.t("/cancel — 入力中の内容の取り消し", "/cancel — stop a form"));
        lines.push(self.t("/help — この案内", "/help — this help"));
        let head = self.t(
            "コールの依頼が届いたら、メッセージの「受諾」「辞退」ボタンで答えてください。",
            "When a call comes, answer with its Accept or Decline button.",
        );
        format!("{head}\n{}", lines.join("\n"))
    }

    /// `/who`: the duty doctors who can take calls now; one who is away is named as away, one
    /// who has left is not named; when none can, where calls go instead.
    fn who(&self, now: DateTime<Utc>) -> Result<String, StoreError> {
        use crate::notify::duty::{day, person, when};
        use crate::routing::{LeftOut, StepKind};
        let desk = self.desk();
        let (on, chain) = desk.chain(now, None, None)?;
        let Some(slot) = on.slot else {
            return Ok(self
                .t(
                    "今は公開された当番表がありません。依頼は主治医の次に後方支援病院へ回ります。事務局にお問い合わせください。",
                    "No published rota covers now: calls go to the attending doctor, then the backup hospitals. Ask the office.",
                )
                .into());
        };
        let ja = self.ja();
        let today = self.today(now);
        let absences = self.store.absences()?;
        let mut lines = Vec::new();
        let duty = chain.iter().find(|s| s.kind == StepKind::Duty);
        let asked: Vec<String> = duty.map_or(Vec::new(), |s| {
            s.members.iter().map(|m| person(self.rules, m.as_str())).collect()
        });
        if !asked.is_empty() {
            let sep = if ja { "、" } else { ", " };
            lines.push(if ja {
                format!("今の当番医: {}", asked.join(sep))
            } else {
                format!("On duty now: {}", asked.join(sep))
            });
        }
        for (m, why) in duty.map_or(&[][..], |s| &s.left_out[..]) {
            if *why != LeftOut::Absent || !self.rules.is_current(m.as_str(), today) {
                continue;
            }
            let span = absences
                .iter()
                .find(|a| !a.soft && a.doctor == m.as_str() && a.from <= today && today <= a.to)
                .map(|a| (day(self.rules, a.from), day(self.rules, a.to)));
            let who = person(self.rules, m.as_str());
            // Named as the duty doctor when nobody else is; else beside the one who is.
            let head = match (asked.is_empty(), ja) {
                (true, true) => "今の当番医: ",
                (true, false) => "On duty now: ",
                (false, _) => "",
            };
            lines.push(match (span, ja) {
                (Some((f, t)), true) => format!("{head}{who}は不在です（{f}〜{t}）。"),
                (None, true) => format!("{head}{who}は不在です。"),
                (Some((f, t)), false) => format!("{head}{who} is away ({f} to {t})."),
                (None, false) => format!("{head}{who} is away."),
            });
        }
        if asked.is_empty() {
            if lines.is_empty() {
                lines.push(
                    self.t(
                        "今は対応できる当番医がいません。",
                        "No duty doctor can take calls now.",
                    )
                    .into(),
                );
            }
            let hospitals: Vec<String> = chain
                .iter()
                .filter(|s| s.kind == StepKind::Hospital)
                .flat_map(|s| s.members.iter().map(|m| self.rules.name_of(m.as_str()).to_string()))
                .collect();
            lines.push(if ja {
                format!(
                    "依頼は主治医の次に、当番医を飛ばして後方支援病院（{}）に回ります。",
                    hospitals.join("→")
                )
            } else {
                format!(
                    "Calls go to the attending doctor, then skip the duty doctor and go to the backup hospitals ({}).",
                    hospitals.join(" → ")
                )
            });
        }
        let end = when(self.rules, slot.end.with_timezone(&Utc));
        lines.push(if ja {
            format!("次の交代: {end}")
        } else {
            format!("Next handover: {end}")
        });
        Ok(lines.join("\n"))
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

    /// A new calendar-feed URL for the doctor; the one given by an earlier `/feed` stops working
    /// (the URL is shown only now, so asking again is how a lost URL is replaced).
    fn feed(&self, member: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        for t in self.store.feed_tokens()? {
            if t.revoked_at.is_none()
                && t.member.as_ref().is_some_and(|m| m.as_str() == member)
                && t.label.as_deref() == Some(FEED_LABEL)
            {
                self.store.revoke_feed_token(t.id, now)?;
            }
        }
        let Ok(token) = invite::new_code() else {
            return Ok(self
                .t(
                    "URLを作れませんでした。事務局にご連絡ください。",
                    "Could not make a URL; ask the office.",
                )
                .into());
        };
        let Ok(id) = member.parse() else { return Ok(self.refusal()) };
        let t = self.store.add_feed_token(
            &invite::hash(&token),
            Some(id),
            Some(FEED_LABEL.into()),
            now,
        )?;
        self.record(member, now, "feed", format!("feed token {} issued by /feed", t.id))?;
        let base = crate::config::public_url(self.store.data_dir().as_deref());
        let url = format!("{base}/feeds/{token}.ics");
        Ok(if self.ja() {
            format!(
                "カレンダーアプリで次のURLを購読してください（以前の /feed のURLは無効になりました）:\n{url}"
            )
        } else {
            format!(
                "Subscribe to this URL in your calendar app (the URL from an earlier /feed no longer works):\n{url}"
            )
        })
    }

    /// The desk over the same rules and store.
    fn desk(&self) -> Desk<'_> {
        Desk { rules: self.rules, store: self.store }
    }

    /// Appends an audit entry for something `member` did in chat.
    fn record(
        &self,
        member: &str,
        now: DateTime<Utc>,
        action: &str,
        detail: String,
    ) -> Result<(), StoreError> {
        self.store.add_audit(&crate::store::AuditEntry::new(now, member, action, detail))?;
        Ok(())
    }

    fn today(&self, now: DateTime<Utc>) -> chrono::NaiveDate {
        now.with_timezone(&self.rules.association.tz).date_naive()
    }

    fn away(
        &self,
        origin: Option<&Origin>,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let usage = self.t(
            "使い方: /away 3/10 3/12 学会（開始日 終了日 メモ）",
            "Usage: /away 2027-03-10 2027-03-12 note (first day, last day, note)",
        );
        let mut words = arg.split_whitespace();
        let today = self.today(now);
        let (Some(from), Some(to)) = (
            words.next().and_then(|w| parse_day(w, today)),
            words.next().and_then(|w| parse_day(w, today)),
        ) else {
            return Ok(usage.into());
        };
        if to < from || to < today {
            let why = self.t(
                "終了日は開始日と今日より後にしてください。",
                "The last day must not be before the first day or today.",
            );
            return Ok(format!("{why}\n{usage}"));
        }
        let note = words.collect::<Vec<&str>>().join(" ");
        if note.chars().count() > crate::desk::MAX_NOTE {
            return Ok(self.too_long_note());
        }
        let absence = crate::store::NewAbsence {
            doctor: member.into(),
            from,
            to,
            note: (!note.is_empty()).then_some(note),
            created_at: now,
            soft: false,
        };
        let a = match origin {
            Some(o) => self.store.add_absence_once(absence, o)?,
            None => self.store.add_absence(absence)?,
        };
        self.record(
            member,
            now,
            "absence",
            format!("absence {} added by chat: {} to {}", a.id, a.from, a.to),
        )?;
        let day = |d| crate::notify::duty::day(self.rules, d);
        let mut answer = if self.ja() {
            format!(
                "不在を登録しました: {}〜{}。この間、主治医としての依頼は次の連絡先に回します。",
                day(a.from),
                day(a.to)
            )
        } else {
            format!(
                "Away from {} to {} recorded. Calls skip you as attending doctor then.",
                day(a.from),
                day(a.to)
            )
        };
        // Over one's own duty: warned here, the office alerted at once.
        let desk = self.desk();
        for slot in desk.absence_over_duty(&a, true, now)? {
            answer.push('\n');
            answer.push_str(&desk.away_text(&a, &slot, now, false));
        }
        Ok(answer)
    }

    fn back(
        &self,
        origin: Option<&Origin>,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let today = self.today(now);
        let mut changed = 0;
        for a in self.store.absences()? {
            if a.doctor != member || a.soft || a.from > today || a.to < today {
                continue;
            }
            // The days already away are kept before the absence goes, so that a stop in
            // between loses nothing, and handling the update again adds them once.
            if a.from < today {
                let past = crate::store::NewAbsence {
                    doctor: a.doctor.clone(),
                    from: a.from,
                    to: today.pred_opt().unwrap_or(today),
                    note: a.note.clone(),
                    created_at: now,
                    soft: false,
                };
                match origin {
                    Some(o) => {
                        self.store.add_absence_once(past, &o.part(&format!("back/{}", a.id)))?
                    }
                    None => self.store.add_absence(past)?,
                };
            }
            self.store.remove_absence(a.id)?;
            changed += 1;
            self.record(
                member,
                now,
                "absence",
                format!("absence {} ended by /back on {today}", a.id),
            )?;
        }
        Ok(if changed == 0 {
            self.t("今日の不在は登録されていません。", "You are not marked away today.").into()
        } else {
            self.t(
                "おかえりなさい。不在を今日で終えました。",
                "Welcome back: your absence ends today.",
            )
            .into()
        })
    }

    fn note(
        &self,
        origin: Option<&Origin>,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let desk = self.desk();
        let on = desk.on_duty(now)?;
        let Some(slot) = on.slot.filter(|_| on.duty.iter().any(|d| d.as_str() == member)) else {
            return Ok(self
                .t("引き継ぎメモは当番中に書けます。", "Notes can be written while on duty.")
                .into());
        };
        let text = arg.trim();
        if text.is_empty() {
            return Ok(self.t("使い方: /note 内容", "Usage: /note text").into());
        }
        if text.chars().count() > crate::desk::MAX_NOTE {
            return Ok(self.too_long_note());
        }
        let Ok(by) = member.parse() else { return Ok(self.refusal()) };
        let note = crate::store::Note { slot: slot.id.clone(), by, text: text.into(), at: now };
        match origin {
            // Added before under this update: the same answer.
            Some(o) => {
                self.store.add_note_once(&note, o)?;
            }
            None => self.store.add_note(&note)?,
        }
        Ok(self
            .t(
                "引き継ぎメモを残しました。交代時に次の当番医へ届きます。",
                "Noted; the next duty doctor gets it at handover.",
            )
            .into())
    }

    /// The answer to a note (of a call, an absence or a handover) over [`crate::desk::MAX_NOTE`].
    fn too_long_note(&self) -> String {
        let max = crate::desk::MAX_NOTE;
        if self.ja() {
            format!(
                "メモが長すぎます（{max}文字まで）。恐れ入りますが、要点を短くしてお送りください。"
            )
        } else {
            format!("The note is too long (at most {max} characters). Please send it shorter.")
        }
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
            Refusal::NotHandler { call, .. } => {
                format!("コール {call} の報告は、受諾した方のみ送れます。")
            }
            Refusal::NotCaller { call, .. } => {
                format!("コール {call} を取り消せるのは依頼元か事務局です。")
            }
            Refusal::Reported { call, .. } => format!("コール {call} の報告は提出済みです。"),
        }
    }
}

/// The label of feed tokens issued by `/feed` (one active per doctor).
pub const FEED_LABEL: &str = "telegram /feed";

/// Hours a swap or cover request stays open.
pub const SWAP_HOURS: i64 = 48;

/// Minutes a `/call` form stays open.
pub const FORM_MINUTES: i64 = 30;

/// `2027-03-10`, or `3/10` (this year, or next year if that day is long past).
fn parse_day(s: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let (m, d) = s.split_once('/')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let this = chrono::NaiveDate::from_ymd_opt(today.year(), m, d)?;
    if this < today - Duration::days(60) {
        chrono::NaiveDate::from_ymd_opt(today.year() + 1, m, d)
    } else {
        Some(this)
    }
}

/// The data of the Accept and Decline buttons of call `call` (well under Telegram's 64 bytes).
pub fn button_data(answer: Answer, call: u64) -> String {
    match answer {
        Answer::Accept => format!("accept:{call}"),
        Answer::Decline => format!("decline:{call}"),
        Answer::Acknowledge => format!("ack:{call}"),
        Answer::Cancel => format!("cancel:{call}"),
    }
}

fn parse_button(data: &str) -> Option<(Answer, u64)> {
    let (what, call) = data.split_once(':')?;
    let call = call.parse().ok()?;
    let answer = match what {
        "accept" => Answer::Accept,
        "decline" => Answer::Decline,
        "ack" => Answer::Acknowledge,
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

mod calls;
mod swaps;
#[cfg(test)]
mod tests;
