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
use crate::msg::reply::{self, Reply as Say};
use crate::msg::{Message, When};
use crate::routing::Refusal;
use crate::rules::{Language, MemberRole, Rules};
use crate::store::{Origin, Store, StoreError};

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

    /// A reply of the catalogue in the association's language.
    fn say(&self, r: Say) -> String {
        r.render(self.rules.association.language)
    }

    /// An instant in the association's zone, as a message argument.
    fn when(&self, t: DateTime<Utc>) -> When {
        When(t.with_timezone(&self.rules.association.tz))
    }

    /// Member `id` as a reply names them (「…先生」 for a doctor).
    fn person(&self, id: &str) -> reply::Person {
        reply::Person {
            name: self.rules.name_of(id).to_string(),
            doctor: self.rules.member(id).is_some_and(|m| m.role == MemberRole::Doctor),
        }
    }

    /// The role `member` reads help and menus for.
    fn role_of(&self, member: &str) -> Option<reply::Role> {
        self.rules.member(member).map(|m| m.role.into())
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
        let Incoming { chat_id, user_id, private, replied_to, .. } = *m;
        // Full-width input (「／who」, 「３/９」) read as ASCII, once, before anything parses it.
        let text = &input::fold_width(m.text);
        let reply = |text: String| Ok(vec![Reply { chat_id, text, buttons: Vec::new() }]);
        if !private {
            return reply(self.say(Say::PrivateOnly));
        }
        let (command, arg) = split_command(text);
        if command.as_deref() == Some("start") && !arg.is_empty() {
            return reply(self.link(chat_id, user_id, arg, now)?);
        }
        let Some(member) = self.member(chat_id, user_id, now)? else {
            return reply(self.refusal());
        };
        if text.chars().count() > MAX_TEXT {
            return reply(self.say(Say::TooLongMessage { max: MAX_TEXT }));
        }
        let role = self.rules.member(&member).map(|m| m.role);
        let doctor = role == Some(MemberRole::Doctor);
        if command.as_deref() == Some("cancel") && !arg.is_empty() {
            return reply(self.cancel_call(&member, arg, now)?);
        }
        if command.as_deref() == Some("cancel") {
            let had = self.store.dialog(chat_id)?.is_some();
            self.store.set_dialog(chat_id, None)?;
            return reply(if had { self.say(Say::FormCancelled) } else { self.help(&member) });
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
            Some("swap") if doctor => reply(self.swap(&member, arg, now)?),
            Some("cover") if doctor => reply(self.cover(&member, arg, now)?),
            Some("call") => Ok(vec![self.call(origin, chat_id, &member, arg, now)?]),
            Some(other) => reply(format!(
                "{}\n\n{}",
                self.say(Say::NotACommand { command: other.into() }),
                self.help(&member)
            )),
            None => reply(format!("{}\n\n{}", self.say(Say::PleaseUseCommand), self.help(&member))),
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
        if let Some(rest) = data.strip_prefix("swapyes:").or_else(|| data.strip_prefix("swapno:")) {
            let yes = data.starts_with("swapyes:");
            return match rest.parse::<u64>() {
                Ok(id) => self.answer_swap(&member, id, yes, now),
                Err(_) => refuse(&self.say(Say::ButtonDoesNothing)),
            };
        }
        let Some((answer, call)) = parse_button(data) else {
            return refuse(&self.say(Say::ButtonDoesNothing));
        };
        match self.desk().answer(call, &member, answer, now) {
            Ok(_) => Ok(Pressed {
                reply: None,
                toast: self.say(match answer {
                    Answer::Accept => Say::AcceptedToast,
                    Answer::Acknowledge => Say::AcknowledgedToast,
                    _ => Say::DeclinedToast,
                }),
                done: true,
            }),
            Err(DeskError::Refused(r)) => Ok(Pressed {
                reply: None,
                toast: self.refused(&r),
                done: matches!(r, Refusal::Taken { .. }),
            }),
            Err(DeskError::Store(e)) => Err(e),
            Err(other) => refuse(&self.desk_error(&other)),
        }
    }

    /// `/swap MY_SLOT COLLEAGUE [THEIR_SLOT]`: checked against the hard rules now, then offered
    /// to the colleague with Accept / Decline buttons.
    fn swap(&self, member: &str, arg: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        let usage = self.t(
            "使い方: /swap 6/1 d03 9/7（自分の当番日 相手のID 相手の当番日）。相手の日を省くと代行の依頼です。",
            "Usage: /swap 2027-06-01 d03 2027-09-07 (your duty, colleague, their duty); omit their date to ask for cover.",
        );
        let today = self.today(now);
        let words: Vec<&str> = arg.split_whitespace().collect();
        let day = |w: &str| parse_day(w, today).map(|d| d.format("%Y-%m-%d").to_string());
        let (mine, other, theirs) = match words.as_slice() {
            [a, b] => (day(a), b.to_string(), None),
            [a, b, c] => (day(a), b.to_string(), Some(day(c))),
            _ => return Ok(usage.into()),
        };
        let (Some(mine), Some(theirs)) = (mine, theirs.map_or(Some(None), |t| t.map(Some))) else {
            return Ok(usage.into());
        };
        self.propose(member, mine, other, theirs, now)
    }

    /// A swap (`theirs` given) or cover request from `member` for slot `mine` to `other`:
    /// checked now, then offered with Accept / Decline buttons.
    fn propose(
        &self,
        member: &str,
        mine: String,
        other: String,
        theirs: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        use crate::plan::change::Change;
        use crate::store::{SwapRequest, SwapStatus};
        let usage = self.t(
            "使い方: /swap 6/1 d03 9/7（自分の当番日 相手のID 相手の当番日）。相手の日を省くと代行の依頼です。",
            "Usage: /swap 2027-06-01 d03 2027-09-07 (your duty, colleague, their duty); omit their date to ask for cover.",
        );
        if self.rules.doctor(&other).is_none() || other == member {
            return Ok(format!(
                "{}\n{usage}",
                self.t("相手は他の医師のIDで指定してください。", "Name another doctor by id.")
            ));
        }
        if let Some(busy) = self.open_request(member, &mine)? {
            return Ok(busy);
        }
        let mut changes =
            vec![Change { slot: mine.clone(), from: member.into(), to: other.clone() }];
        if let Some(t) = &theirs {
            changes.push(Change { slot: t.clone(), from: other.clone(), to: member.into() });
        }
        let action = if theirs.is_some() { "swap" } else { "cover" };
        if let Err(e) =
            crate::changes::check(self.rules, self.overrides, self.store, action, &changes, now)
        {
            return match e {
                crate::changes::ChangeFailure::Store(e) => Err(e),
                crate::changes::ChangeFailure::Refused(why) => Ok(format!(
                    "{}\n{why}",
                    self.t("この交代はできません:", "This change is not possible:")
                )),
            };
        }
        let (Ok(proposer), Ok(target)) = (member.parse(), other.parse()) else {
            return Ok(usage.into());
        };
        let request = self.store.add_swap_request(&SwapRequest {
            id: 0,
            proposer,
            slot: mine.clone(),
            target,
            their_slot: theirs.clone(),
            created_at: now,
            status: SwapStatus::Pending,
            group: None,
            deadline: None,
        })?;
        let name = self.rules.name_of(member);
        let detail = match (&theirs, self.ja()) {
            (Some(t), true) => format!(
                "【交代の依頼】{name}先生から: あなたの {t} の当番と、{name}先生の {mine} の当番の交換の依頼です。"
            ),
            (None, true) => {
                format!("【代行の依頼】{name}先生から: {mine} の当番の代行の依頼です。")
            }
            (Some(t), false) => format!(
                "[Swap request] From {name}: exchange your duty on {t} with their duty on {mine}."
            ),
            (None, false) => {
                format!("[Cover request] From {name}: please take their duty on {mine}.")
            }
        };
        let notice = crate::routing::Notice {
            key: format!("swap/{}/offer", request.id),
            to: request.target.clone(),
            body: crate::routing::Body::SwapOffer { request: request.id, detail },
        };
        self.store.enqueue(&[notice], now)?;
        self.record(
            member,
            now,
            action,
            format!(
                "request {} to {other}: {mine}{}",
                request.id,
                theirs.map(|t| format!(" ↔ {t}")).unwrap_or_default()
            ),
        )?;
        Ok(if self.ja() {
            format!(
                "{}先生に依頼しました。返事が来たらお知らせします。",
                self.rules.name_of(&other)
            )
        } else {
            format!("Asked {}. You will hear when they answer.", self.rules.name_of(&other))
        })
    }

    fn answer_swap(
        &self,
        member: &str,
        id: u64,
        yes: bool,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        use crate::plan::change::Change;
        use crate::store::SwapStatus;
        let Some(mut request) = self.store.swap_requests()?.into_iter().find(|r| r.id == id) else {
            return Ok(Pressed {
                reply: None,
                toast: self.t("この依頼は見つかりません。", "No such request.").into(),
                done: true,
            });
        };
        let admin = self.rules.member(member).is_some_and(|m| m.role == MemberRole::Admin);
        let approving = request.status == SwapStatus::AwaitingAdmin;
        let mine = match request.status {
            SwapStatus::Pending => request.target.as_str() == member,
            SwapStatus::AwaitingAdmin => admin,
            SwapStatus::Expired => {
                // Closed because a colleague took it, or because its time ran out.
                let taken = request.group.is_some()
                    && self
                        .store
                        .swap_requests()?
                        .iter()
                        .any(|r| r.group == request.group && r.status == SwapStatus::Accepted);
                return Ok(Pressed {
                    reply: None,
                    toast: if taken {
                        self.t(
                            "この依頼には回答済みです（他の医師が受諾しました）。",
                            "This request was answered already (a colleague accepted).",
                        )
                    } else {
                        self.t("依頼の期限が切れています。", "This request has expired.")
                    }
                    .into(),
                    done: true,
                });
            }
            _ => {
                return Ok(Pressed {
                    reply: None,
                    toast: self
                        .t("この依頼には回答済みです。", "This request was answered already.")
                        .into(),
                    done: true,
                });
            }
        };
        if !mine {
            return Ok(Pressed {
                reply: None,
                toast: self
                    .t("あなた宛ての依頼ではありません。", "This request is not for you.")
                    .into(),
                done: false,
            });
        }
        let tell = |this: &Self, text: String| -> Result<(), StoreError> {
            let notice = crate::routing::Notice {
                key: format!("swap/{id}/answer"),
                to: request.proposer.clone(),
                body: crate::routing::Body::RotaChanged { detail: text },
            };
            this.store.enqueue(&[notice], now).map(|_| ())
        };
        let target_name = self.rules.name_of(request.target.as_str()).to_string();
        let expired = match request.deadline {
            Some(d) => now >= d,
            None => now - request.created_at > Duration::hours(SWAP_HOURS),
        };
        if expired {
            request.status = SwapStatus::Expired;
            self.store.put_swap_request(&request)?;
            self.desk().advance_covers(now)?;
            return Ok(Pressed {
                reply: None,
                toast: self.t("依頼の期限が切れています。", "This request has expired.").into(),
                done: true,
            });
        }
        if !yes {
            request.status = SwapStatus::Declined;
            self.store.put_swap_request(&request)?;
            tell(
                self,
                match (approving, self.ja()) {
                    (false, true) => {
                        format!("{target_name}先生は交代の依頼を辞退しました（{}）。", request.slot)
                    }
                    (false, false) => {
                        format!("{target_name} declined your request ({}).", request.slot)
                    }
                    (true, true) => {
                        format!("事務局は {} の交代を承認しませんでした。", request.slot)
                    }
                    (true, false) => {
                        format!("The office did not approve the change of {}.", request.slot)
                    }
                },
            )?;
            self.record(member, now, "swap", format!("request {id} declined"))?;
            self.desk().advance_covers(now)?;
            return Ok(Pressed {
                reply: None,
                toast: self.t("辞退しました。", "Declined.").into(),
                done: true,
            });
        }
        let target = request.target.to_string();
        let mut changes = vec![Change {
            slot: request.slot.clone(),
            from: request.proposer.to_string(),
            to: target.clone(),
        }];
        if let Some(t) = &request.their_slot {
            changes.push(Change {
                slot: t.clone(),
                from: target.clone(),
                to: request.proposer.to_string(),
            });
        }
        let action = if request.their_slot.is_some() { "swap" } else { "cover" };
        if !approving && self.rules.swap.admin_approval {
            // Agreed between the doctors: checked now, then to the admins for approval.
            return match crate::changes::check(
                self.rules,
                self.overrides,
                self.store,
                action,
                &changes,
                now,
            ) {
                Err(crate::changes::ChangeFailure::Store(e)) => Err(e),
                Err(crate::changes::ChangeFailure::Refused(why)) => {
                    request.status = SwapStatus::Refused;
                    self.store.put_swap_request(&request)?;
                    self.desk().advance_covers(now)?;
                    Ok(Pressed {
                        reply: None,
                        toast: why.lines().next().unwrap_or_default().to_string(),
                        done: true,
                    })
                }
                Ok(_) => {
                    request.status = SwapStatus::AwaitingAdmin;
                    self.store.put_swap_request(&request)?;
                    let who = self.rules.name_of(request.proposer.as_str()).to_string();
                    let detail = if self.ja() {
                        format!(
                            "【承認依頼】{who}先生と{target_name}先生の当番の交代（{}{}）が合意されました。承認しますか？",
                            request.slot,
                            request
                                .their_slot
                                .as_ref()
                                .map(|t| format!(" ↔ {t}"))
                                .unwrap_or_default()
                        )
                    } else {
                        format!(
                            "[Approval] {who} and {target_name} agreed to change duties ({}{}). Approve?",
                            request.slot,
                            request
                                .their_slot
                                .as_ref()
                                .map(|t| format!(" <-> {t}"))
                                .unwrap_or_default()
                        )
                    };
                    let notices: Vec<crate::routing::Notice> = self
                        .rules
                        .admins
                        .iter()
                        .map(|a| crate::routing::Notice {
                            key: format!("swap/{id}/approve/{}", a.id),
                            to: a.id.clone(),
                            body: crate::routing::Body::SwapOffer {
                                request: id,
                                detail: detail.clone(),
                            },
                        })
                        .collect();
                    self.store.enqueue(&notices, now)?;
                    self.record(
                        member,
                        now,
                        action,
                        format!("request {id} agreed; awaiting the office"),
                    )?;
                    Ok(Pressed {
                        reply: None,
                        toast: self
                            .t(
                                "受諾しました。事務局の承認をお待ちください。",
                                "Agreed; waiting for the office's approval.",
                            )
                            .into(),
                        done: true,
                    })
                }
            };
        }
        let checked =
            crate::changes::check(self.rules, self.overrides, self.store, action, &changes, now)
                .and_then(|year| {
                    crate::changes::commit(
                        self.rules, self.store, year, action, &changes, member, None, now,
                    )
                });
        match checked {
            Ok(_) => {
                request.status = SwapStatus::Accepted;
                self.store.put_swap_request(&request)?;
                if let Some(g) = request.group {
                    for mut other in self.store.swap_requests()? {
                        if other.group == Some(g)
                            && other.id != request.id
                            && matches!(other.status, SwapStatus::Pending | SwapStatus::Queued)
                        {
                            let was_asked = other.status == SwapStatus::Pending;
                            other.status = SwapStatus::Expired;
                            self.store.put_swap_request(&other)?;
                            if !was_asked {
                                continue;
                            }
                            let text = if self.ja() {
                                format!(
                                    "{} の代行は{}先生に決まりました。ご協力ありがとうございました。",
                                    other.slot, target_name
                                )
                            } else {
                                format!(
                                    "The cover for {} was taken by {target_name}. Thank you.",
                                    other.slot
                                )
                            };
                            let notice = crate::routing::Notice {
                                key: format!("swap/{}/closed", other.id),
                                to: other.target.clone(),
                                body: crate::routing::Body::RotaChanged { detail: text },
                            };
                            self.store.enqueue(&[notice], now)?;
                        }
                    }
                }
                Ok(Pressed {
                    reply: None,
                    toast: self
                        .t(
                            "交代が成立しました。当番表とカレンダーに反映されます。",
                            "Done: the rota and calendars are updated.",
                        )
                        .into(),
                    done: true,
                })
            }
            Err(crate::changes::ChangeFailure::Store(e)) => Err(e),
            Err(crate::changes::ChangeFailure::Refused(why)) => {
                request.status = SwapStatus::Refused;
                self.store.put_swap_request(&request)?;
                self.desk().advance_covers(now)?;
                tell(
                    self,
                    format!(
                        "{} {why}",
                        self.t("交代は成立しませんでした:", "The change could not be made:")
                    ),
                )?;
                Ok(Pressed {
                    reply: None,
                    toast: why.lines().next().unwrap_or_default().to_string(),
                    done: true,
                })
            }
        }
    }

    /// My future duties in published rotas: (slot id, label).
    fn my_future_slots(
        &self,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let tz = self.rules.association.tz;
        let mut out = Vec::new();
        for r in
            self.store.rotas()?.iter().filter(|r| r.status == crate::store::RotaStatus::Published)
        {
            for sl in &r.slots {
                if sl.start.with_timezone(&Utc) > now && sl.doctors.iter().any(|d| d == member) {
                    out.push((
                        sl.id.clone(),
                        sl.start.with_timezone(&tz).format("%m/%d").to_string(),
                    ));
                }
            }
        }
        out.sort();
        out.truncate(6);
        Ok(out)
    }

    /// The first step of the `/swap` picker: which of my duties.
    fn pick_my_slot(
        &self,
        chat_id: i64,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let mine = self.my_future_slots(member, now)?;
        if mine.is_empty() {
            return Ok(Reply {
                chat_id,
                text: self
                    .t("交代できる今後の当番がありません。", "You have no future duties to change.")
                    .into(),
                buttons: Vec::new(),
            });
        }
        let buttons = mine
            .chunks(3)
            .map(|row| row.iter().map(|(id, label)| (label.clone(), format!("swp:{id}"))).collect())
            .collect();
        Ok(Reply {
            chat_id,
            text: self.t("どの当番を交代しますか？", "Which of your duties?").into(),
            buttons,
        })
    }

    /// The next steps of the `/swap` picker: `SLOT` → colleague; `SLOT:DOCTOR` → their duty or
    /// cover; `SLOT:DOCTOR:THEIRS` (or `-`) → the request, as `/swap` would make it.
    fn picked(
        &self,
        chat_id: i64,
        member: &str,
        rest: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let parts: Vec<&str> = rest.split(':').collect();
        let next = |text: String, buttons: Vec<Vec<(String, String)>>| {
            Ok(Pressed {
                reply: Some(Reply { chat_id, text, buttons }),
                toast: String::new(),
                done: true,
            })
        };
        match parts.as_slice() {
            [slot] => {
                let doctors: Vec<(String, String)> = self
                    .rules
                    .doctors
                    .iter()
                    .filter(|d| d.id.as_str() != member)
                    .map(|d| (d.name.clone(), format!("swp:{slot}:{}", d.id)))
                    .collect();
                next(
                    self.t("誰と交代しますか？", "With whom?").into(),
                    doctors.chunks(3).map(<[_]>::to_vec).collect(),
                )
            }
            [slot, doctor] => {
                let theirs = self.my_future_slots(doctor, now)?;
                let mut buttons: Vec<Vec<(String, String)>> = theirs
                    .chunks(3)
                    .map(|row| {
                        row.iter()
                            .map(|(id, label)| (label.clone(), format!("swp:{slot}:{doctor}:{id}")))
                            .collect()
                    })
                    .collect();
                buttons.push(vec![(
                    self.t("代行だけ頼む", "Just cover me").into(),
                    format!("swp:{slot}:{doctor}:-"),
                )]);
                let who = self.rules.name_of(doctor);
                next(
                    if self.ja() {
                        format!("{who}先生のどの当番と交換しますか？")
                    } else {
                        format!("Which of {who}'s duties in exchange?")
                    },
                    buttons,
                )
            }
            [slot, doctor, theirs] => {
                let theirs = (*theirs != "-").then(|| theirs.to_string());
                let text =
                    self.propose(member, slot.to_string(), doctor.to_string(), theirs, now)?;
                next(text, Vec::new())
            }
            _ => Ok(Pressed {
                reply: None,
                toast: self.t("このボタンは使えません。", "This button does nothing.").into(),
                done: false,
            }),
        }
    }

    /// `/cover MY_SLOT`: the colleagues who could take the duty without breaking a rule, lowest
    /// balance across years first (then lightest load this year); rules `[swap]` say how many
    /// are asked, and whether at once (the first Accept takes it) or in turn.
    fn cover(&self, member: &str, arg: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        use crate::plan::change::Change;
        use crate::store::{SwapRequest, SwapStatus};
        let usage = self.t(
            "使い方: /cover 6/1（代行してほしい自分の当番日）",
            "Usage: /cover 2027-06-01 (your duty)",
        );
        let today = self.today(now);
        let Some(slot) = parse_day(arg.trim(), today).map(|d| d.format("%Y-%m-%d").to_string())
        else {
            return Ok(usage.into());
        };
        let rotas = self.store.rotas()?;
        let Some(rota) = rotas.iter().find(|r| {
            r.status == crate::store::RotaStatus::Published && r.slots.iter().any(|s| s.id == slot)
        }) else {
            return Ok(self
                .t(
                    "その日の当番は公開された当番表にありません。",
                    "That duty is not in a published rota.",
                )
                .into());
        };
        let Some(the_slot) = rota.slots.iter().find(|s| s.id == slot) else {
            return Ok(usage.into());
        };
        if let Some(busy) = self.open_request(member, &slot)? {
            return Ok(busy);
        }
        if !the_slot.doctors.iter().any(|d| d == member) {
            return Ok(self
                .t("その日はあなたの当番ではありません。", "That is not your duty.")
                .into());
        }
        // The fairest to ask first: the lowest balance carried across years (the ledger), then
        // the lightest load in this year's published rota, then id.
        let balances: std::collections::BTreeMap<String, i64> =
            crate::known::ledger_before(self.rules, self.store, None)?
                .doctors
                .into_iter()
                .map(|e| (e.id, e.balance))
                .collect();
        let load = |d: &str| -> u32 {
            rota.slots.iter().filter(|s| s.doctors.iter().any(|x| x == d)).map(|s| s.weight).sum()
        };
        let mut candidates: Vec<(i64, u32, String)> = Vec::new();
        for d in &self.rules.doctors {
            let id = d.id.as_str();
            if id == member {
                continue;
            }
            let change = [Change { slot: slot.clone(), from: member.into(), to: id.into() }];
            match crate::changes::check(
                self.rules,
                self.overrides,
                self.store,
                "cover",
                &change,
                now,
            ) {
                Ok(_) => candidates.push((
                    balances.get(id).copied().unwrap_or(0),
                    load(id),
                    id.to_string(),
                )),
                Err(crate::changes::ChangeFailure::Store(e)) => return Err(e),
                Err(crate::changes::ChangeFailure::Refused(_)) => {}
            }
        }
        candidates.sort();
        if candidates.is_empty() {
            return Ok(self
                .t(
                    "規則を守って代行できる医師がいません。事務局にご相談ください。",
                    "Nobody can take it without breaking a rule; ask the office.",
                )
                .into());
        }
        let start = the_slot.start.with_timezone(&Utc);
        let rules = &self.rules.swap;
        let deadline =
            (now + Duration::hours(rules.cover_hours.into())).min(start - Duration::hours(1));
        let in_turn = rules.cover_order == crate::rules::CoverOrder::InTurn;
        let desk = self.desk();
        let mut group = None;
        let mut asked = Vec::new();
        for (i, (_, _, d)) in candidates.iter().take(rules.cover_ask as usize).enumerate() {
            let (Ok(proposer), Ok(target)) = (member.parse(), d.parse()) else { continue };
            // In turn: the first is asked now for one turn; the rest wait, holding the whole
            // request's deadline (`Desk::advance_covers` asks them one by one).
            let (status, until) = match (in_turn, i) {
                (false, _) => (SwapStatus::Pending, deadline),
                (true, 0) => (
                    SwapStatus::Pending,
                    deadline.min(now + Duration::hours(rules.cover_turn_hours.into())),
                ),
                (true, _) => (SwapStatus::Queued, deadline),
            };
            let mut r = self.store.add_swap_request(&SwapRequest {
                id: 0,
                proposer,
                slot: slot.clone(),
                target,
                their_slot: None,
                created_at: now,
                status,
                group,
                deadline: Some(until),
            })?;
            if group.is_none() {
                group = Some(r.id);
                r.group = Some(r.id);
                self.store.put_swap_request(&r)?;
            }
            if status == SwapStatus::Pending {
                self.store.enqueue(&[desk.cover_offer(&r)], now)?;
            }
            asked.push(self.rules.name_of(d).to_string());
        }
        self.record(
            member,
            now,
            "cover",
            format!(
                "cover request for {slot} to {}{}",
                asked.join(", "),
                if in_turn { " (in turn)" } else { "" }
            ),
        )?;
        Ok(match (in_turn, self.ja()) {
            (false, true) => format!(
                "{}先生に代行を依頼しました（負担の少ない順）。決まったらお知らせします。",
                asked.join("、")
            ),
            (false, false) => format!(
                "Asked {} (lightest load first). You will hear when someone accepts.",
                asked.join(", ")
            ),
            (true, true) => format!(
                "{}先生の順に、一人ずつ代行を依頼します（負担の少ない順）。決まったらお知らせします。",
                asked.join("→")
            ),
            (true, false) => format!(
                "Asking {} one at a time, in that order (lightest load first). You will hear when someone accepts.",
                asked.join(" → ")
            ),
        })
    }

    /// The refusal to give when `member` already has an open request (waiting for a colleague,
    /// in turn, or for the office) for `slot`.
    fn open_request(&self, member: &str, slot: &str) -> Result<Option<String>, StoreError> {
        use crate::store::SwapStatus;
        let open = self.store.swap_requests()?.into_iter().any(|r| {
            matches!(r.status, SwapStatus::Pending | SwapStatus::Queued | SwapStatus::AwaitingAdmin)
                && r.proposer.as_str() == member
                && r.slot == slot
        });
        Ok(open.then(|| {
            self.t(
                "この当番には返事待ちの依頼があります。",
                "There is already a pending request for this duty.",
            )
            .into()
        }))
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

mod account;
mod calls;
mod duty;
mod input;
#[cfg(test)]
mod tests;
