//! Calls in chat, from both ends: the caller raises one (`/call`, guided or in one line; nurse
//! stations and the office confirm it with the patient's name first), follows it (`/status`),
//! withdraws it (`/cancel N`); the one who accepted reports back (`/report`, or a reply to the
//! record) with the outcome, which closes it.
//!
//! Key decisions:
//! - The report goes through [`Desk::report`], the same code as `toban call report`.
//! - Only caller roles (nurse stations, the office) see a patient's name before a call is sent
//!   or in `/status`; a doctor raising a call for a family sees the patient's number.
//! - A refusal is the engine's own ([`Refusal`]), found by applying the event to a copy of the
//!   call: the chat never second-guesses the state machine.

use chrono::{DateTime, Duration, Utc};

use super::{FORM_MINUTES, Handlers, Pressed, Reply};
use crate::desk::{Answer, DeskError, Raised};
use crate::notify::duty::{clock, outcome_label, parse_outcome, person, split_outcome};
use crate::routing::{Call, CallState, Event, LeftOut, Logged, Outcome, Refusal, StepKind};
use crate::rules::MemberRole;
use crate::store::{Dialog, DialogStep, Origin, StoreError};

/// Patients found for what a caller typed.
pub(super) enum Found {
    None,
    One(u64),
    Many(Vec<(u64, String, String)>),
}

fn text(chat_id: i64, text: String) -> Reply {
    Reply { chat_id, text, buttons: Vec::new() }
}

/// The call whose record (`【受諾】コール N …`) a message replies to, if it is one.
pub(super) fn record_call(replied: &str) -> Option<u64> {
    let rest =
        ["【受諾】コール ", "[Accepted] Thank you for taking call ", "[Accepted] You took call "]
            .iter()
            .find_map(|p| replied.strip_prefix(p))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

impl Handlers<'_> {
    /// Whether `member` raises calls as a caller role (a nurse station or the office), who sees
    /// the patient's name.
    fn sees_names(&self, member: &str) -> bool {
        matches!(
            self.rules.member(member).map(|m| m.role),
            Some(MemberRole::NurseStation | MemberRole::Admin)
        )
    }

    /// `山田 花子 様（患者 12）` for caller roles, else `患者 12`.
    fn patient_label(&self, member: &str, patient: u64) -> Result<String, StoreError> {
        let name = match self.sees_names(member) {
            true => self.store.patient(patient)?.map(|p| p.details.name),
            false => None,
        };
        Ok(match (name, self.ja()) {
            (Some(n), true) => format!("{n} 様（患者 {patient}）"),
            (Some(n), false) => format!("{n} (patient {patient})"),
            (None, true) => format!("患者 {patient}"),
            (None, false) => format!("patient {patient}"),
        })
    }

    /// `/call [patient [note]]`: raise (or confirm) at once when both are given, else start the
    /// form.
    pub(super) fn call(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let arg = arg.trim();
        let dialog = Dialog { step: DialogStep::Patient, started_at: now };
        if arg.is_empty() {
            self.store.set_dialog(chat_id, Some(&dialog))?;
            let ask = self.t(
                "患者番号または氏名を送ってください。（/cancel で中止）",
                "Send the patient's number or name. (/cancel to stop)",
            );
            return Ok(text(chat_id, ask.into()));
        }
        let (who, note) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
        if !note.trim().is_empty()
            && let Found::One(id) = self.find_patient(who)?
        {
            return self.raise_or_confirm(origin, chat_id, member, id, note, now);
        }
        self.form(origin, chat_id, member, dialog, who, now)
    }

    /// The next step of a form (the `/call` form or a report), given the user's `text`.
    pub(super) fn form(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        dialog: Dialog,
        said: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        if now - dialog.started_at > Duration::minutes(FORM_MINUTES) {
            self.store.set_dialog(chat_id, None)?;
            let again = match dialog.step {
                DialogStep::ReportText { .. } | DialogStep::ReportOutcome { .. } => self.t(
                    "入力の時間切れです。もう一度 /report から始めてください。",
                    "The form timed out; start again with /report.",
                ),
                _ => self.t(
                    "入力の時間切れです。もう一度 /call から始めてください。",
                    "The form timed out; start again with /call.",
                ),
            };
            return Ok(text(chat_id, again.into()));
        }
        match dialog.step {
            DialogStep::Patient => self.form_patient(chat_id, member, dialog, said),
            DialogStep::Note { patient } => {
                if said.trim().is_empty() {
                    let ask = self.t("状況を短く送ってください。", "Send a short note.");
                    return Ok(text(chat_id, ask.into()));
                }
                if said.trim().chars().count() > crate::desk::MAX_NOTE {
                    // The form stays open for a shorter note.
                    return Ok(text(chat_id, self.too_long_note()));
                }
                self.raise_or_confirm(origin, chat_id, member, patient, said, now)
            }
            DialogStep::Confirm { patient, note } => {
                // The same note again (the message handled again): the same question.
                let mut ask = self.confirmation(chat_id, patient, &note)?;
                if said.trim() != note {
                    let press = self.t(
                        "送信するか、下のボタンでお選びください。",
                        "Please choose with the buttons below.",
                    );
                    ask.text = format!("{press}\n{}", ask.text);
                }
                Ok(ask)
            }
            DialogStep::ReportText { call } => self.file_report(chat_id, member, call, said, now),
            DialogStep::ReportOutcome { call, text: words } => match split_outcome(said) {
                (Some(outcome), rest) => {
                    let words = if rest.is_empty() { words } else { format!("{words}\n{rest}") };
                    self.send_report(chat_id, member, call, outcome, &words, now)
                }
                (None, _) => Ok(self.ask_outcome(chat_id, call)),
            },
        }
    }

    fn form_patient(
        &self,
        chat_id: i64,
        member: &str,
        dialog: Dialog,
        said: &str,
    ) -> Result<Reply, StoreError> {
        Ok(text(
            chat_id,
            match self.find_patient(said)? {
                Found::One(id) => {
                    let next = Dialog {
                        step: DialogStep::Note { patient: id },
                        started_at: dialog.started_at,
                    };
                    self.store.set_dialog(chat_id, Some(&next))?;
                    let who = self.patient_label(member, id)?;
                    if self.ja() {
                        format!(
                            "{who}への往診依頼です。状況を短く送ってください（例: 発熱39度、呼吸苦）。"
                        )
                    } else {
                        format!("A call for {who}. Send a short note on the situation.")
                    }
                }
                Found::Many(list) => {
                    self.store.set_dialog(chat_id, Some(&dialog))?;
                    let lines: Vec<String> = list
                        .iter()
                        .map(|(id, name, area)| format!("{id}: {name}（{area}）"))
                        .collect();
                    let head = self.t(
                        "複数の患者が見つかりました。番号を送ってください:",
                        "Several patients match; send the number:",
                    );
                    format!("{head}\n{}", lines.join("\n"))
                }
                Found::None => {
                    self.store.set_dialog(chat_id, Some(&dialog))?;
                    self.t(
                        "該当する登録患者がいません。番号か氏名をもう一度送ってください。（/cancel で中止）",
                        "No registered patient matches. Send the number or name again. (/cancel to stop)",
                    )
                    .into()
                }
            },
        ))
    }

    /// A caller role confirms first, seeing the patient's name; anyone else's call goes out now.
    fn raise_or_confirm(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        patient: u64,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let note = note.trim();
        if note.chars().count() > crate::desk::MAX_NOTE {
            return Ok(text(chat_id, self.too_long_note()));
        }
        if self.sees_names(member) {
            let step = DialogStep::Confirm { patient, note: note.into() };
            self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
            return self.confirmation(chat_id, patient, note);
        }
        // Raised, then the form closed: handled again after a stop in between, the form is
        // still open and the call is found under the update.
        let answer = self.raise(origin, member, patient, note, now)?;
        self.store.set_dialog(chat_id, None)?;
        Ok(text(chat_id, answer))
    }

    /// The question before a caller role's call goes out: whom it is for, what it says.
    fn confirmation(&self, chat_id: i64, patient: u64, note: &str) -> Result<Reply, StoreError> {
        let name = self.store.patient(patient)?.map(|p| p.details.name).unwrap_or_default();
        let open = self.store.calls()?.into_iter().rev().find(|c| {
            c.patient == patient
                && matches!(c.state, CallState::Waiting { .. } | CallState::Accepted { .. })
                && c.report.is_none()
        });
        let text = match (open, self.ja()) {
            (None, true) => format!(
                "{name} 様（患者 {patient}）に連絡します。\n内容: {note}\nよろしければ「送信する」を押してください。"
            ),
            (Some(c), true) => format!(
                "{name} 様（患者 {patient}）に連絡します。対応中のコール {} に追加でお伝えします。\n内容: {note}\nよろしければ「送信する」を押してください。",
                c.id
            ),
            (None, false) => format!(
                "This goes out for {name} (patient {patient}).\nNote: {note}\nPress Send if that is right."
            ),
            (Some(c), false) => format!(
                "This goes out for {name} (patient {patient}), added to their open call {}.\nNote: {note}\nPress Send if that is right.",
                c.id
            ),
        };
        let buttons = vec![vec![
            (self.t("送信する", "Send").to_string(), format!("callsend:{patient}")),
            (self.t("やめる", "Stop").to_string(), format!("callstop:{patient}")),
        ]];
        Ok(Reply { chat_id, text, buttons })
    }

    /// A press of 送信する (`send`) or やめる on the confirmation of a call for `patient`.
    pub(super) fn confirmed(
        &self,
        origin: Option<&Origin>,
        chat_id: i64,
        member: &str,
        patient: &str,
        send: bool,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let done = |toast: &str, reply: Option<Reply>| {
            Ok(Pressed { toast: toast.into(), done: true, reply })
        };
        let open = match self.store.dialog(chat_id)? {
            Some(Dialog { step: DialogStep::Confirm { patient: p, note }, started_at })
                if p.to_string() == patient =>
            {
                Some((note, started_at))
            }
            _ => None,
        };
        let Some((note, started_at)) = open else {
            return done(
                self.t(
                    "この確認は終わっています（送信済みか取り消し済み）。",
                    "This was answered already (sent or stopped).",
                ),
                None,
            );
        };
        if now - started_at > Duration::minutes(FORM_MINUTES) {
            self.store.set_dialog(chat_id, None)?;
            return done(
                self.t(
                    "時間切れです。もう一度 /call から始めてください。",
                    "Timed out; start again with /call.",
                ),
                None,
            );
        }
        let Ok(patient) = patient.parse::<u64>() else {
            return done(self.t("このボタンは使えません。", "This button does nothing."), None);
        };
        if !send {
            self.store.set_dialog(chat_id, None)?;
            return done(
                self.t("取り消しました。コールは送信していません。", "Stopped: nothing was sent."),
                None,
            );
        }
        let answer = self.raise(origin, member, patient, &note, now)?;
        self.store.set_dialog(chat_id, None)?;
        done(self.t("送信しました。", "Sent."), Some(text(chat_id, answer)))
    }

    pub(super) fn raise(
        &self,
        origin: Option<&Origin>,
        member: &str,
        patient: u64,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        if note.trim().chars().count() > crate::desk::MAX_NOTE {
            return Ok(self.too_long_note());
        }
        match self.desk().raise_from(patient, member, note, now, origin) {
            Ok(Raised::New(call, _)) => Ok(if self.ja() {
                format!(
                    "コール {} を発信しました。受諾されたらお知らせします。状況は /status で確認できます。",
                    call.id
                )
            } else {
                format!(
                    "Call {} raised. You will be told who takes it; /status shows where it stands.",
                    call.id
                )
            }),
            Ok(Raised::Joined(call, _)) => Ok(if self.ja() {
                format!(
                    "この患者には対応中のコール {} があります。内容を追加で伝えました。",
                    call.id
                )
            } else {
                format!("This patient has an open call, {}; your note was added to it.", call.id)
            }),
            Err(DeskError::Store(e)) => Err(e),
            Err(e) => Ok(self.desk_error(&e)),
        }
    }

    pub(super) fn find_patient(&self, text: &str) -> Result<Found, StoreError> {
        let text = text.trim().trim_start_matches(['#', 'p', 'P']);
        let patients = self.store.patients()?;
        if let Ok(id) = text.parse::<u64>() {
            return Ok(if patients.iter().any(|p| p.id == id) {
                Found::One(id)
            } else {
                Found::None
            });
        }
        let needle: String = text.split_whitespace().collect();
        if needle.is_empty() {
            return Ok(Found::None);
        }
        let hits: Vec<(u64, String, String)> = patients
            .iter()
            .filter(|p| p.details.name.split_whitespace().collect::<String>().contains(&needle))
            .map(|p| (p.id, p.details.name.clone(), p.details.area.clone().unwrap_or_default()))
            .collect();
        Ok(match hits.len() {
            0 => Found::None,
            1 => Found::One(hits[0].0),
            _ => Found::Many(hits.into_iter().take(5).collect()),
        })
    }

    /// `/cancel N`: withdraw call N (its caller or the office).
    pub(super) fn cancel_call(
        &self,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let Ok(id) = arg.trim().trim_start_matches('#').parse::<u64>() else {
            return Ok(self
                .t(
                    "使い方: /cancel 12（取り消すコールの番号）。入力中の内容は /cancel だけで取り消せます。",
                    "Usage: /cancel 12 (the call to withdraw). /cancel alone stops a form.",
                )
                .into());
        };
        match self.desk().answer(id, member, Answer::Cancel, now) {
            Ok(_) => Ok(if self.ja() {
                format!("コール {id} を取り消しました。依頼先の方々にもお知らせします。")
            } else {
                format!("Call {id} withdrawn; those asked are told.")
            }),
            Err(DeskError::Store(e)) => Err(e),
            Err(e) => Ok(self.desk_error(&e)),
        }
    }

    /// `/status`: where each open call of `member` stands (every open call for the office).
    pub(super) fn status(&self, member: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        let office = self.rules.member(member).is_some_and(|m| m.role == MemberRole::Admin);
        let calls: Vec<Call> = self
            .store
            .calls()?
            .into_iter()
            .filter(|c| c.is_open(now) && (office || c.caller.as_str() == member))
            .collect();
        if calls.is_empty() {
            return Ok(self.t("発信中のコールはありません。", "You have no open calls.").into());
        }
        let mut out = Vec::new();
        for c in &calls {
            out.push(self.call_status(member, c)?);
        }
        Ok(out.join("\n\n"))
    }

    /// One call's standing: each step reached, who was asked and how they answered, why a step
    /// was skipped, and when the next step is due (a clock time).
    fn call_status(&self, member: &str, c: &Call) -> Result<String, StoreError> {
        let ja = self.ja();
        let who = self.patient_label(member, c.patient)?;
        let raised = clock(self.rules, c.raised_at);
        let mut lines = vec![if ja {
            format!("コール {} — {who}、{raised} 発信", c.id)
        } else {
            format!("Call {} — {who}, raised {raised}", c.id)
        }];
        let (current, deadline) = match &c.state {
            CallState::Waiting { step, deadline, .. } => (*step, *deadline),
            CallState::Accepted { by, at, .. } => {
                lines.push(if ja {
                    format!(
                        "・{}が対応中です（{} 受諾）。対応後に報告が届きます。",
                        person(self.rules, by.as_str()),
                        clock(self.rules, *at)
                    )
                } else {
                    format!(
                        "- {} is taking it (accepted {}). Their report follows.",
                        person(self.rules, by.as_str()),
                        clock(self.rules, *at)
                    )
                });
                return Ok(lines.join("\n"));
            }
            _ => return Ok(lines.join("\n")),
        };
        let day = c.raised_at.with_timezone(&self.rules.association.tz).date_naive();
        for (i, s) in c.chain.iter().enumerate().take(current + 1) {
            let role = match (s.kind, ja) {
                (StepKind::Attending, true) => "主治医 ",
                (StepKind::Duty, true) => "当番医 ",
                (StepKind::Attending, false) => "attending doctor ",
                (StepKind::Duty, false) => "duty doctor ",
                _ => "",
            };
            for (m, why) in &s.left_out {
                let why = match (why, self.rules.is_current(m.as_str(), day), ja) {
                    (LeftOut::Absent, false, true) => "退会",
                    (LeftOut::Absent, true, true) => "不在",
                    (LeftOut::AskedBefore, _, true) => "前の段階で依頼済み",
                    (LeftOut::Caller, _, true) => "依頼元",
                    (LeftOut::Absent, false, false) => "no longer a member",
                    (LeftOut::Absent, true, false) => "away",
                    (LeftOut::AskedBefore, _, false) => "asked at an earlier step",
                    (LeftOut::Caller, _, false) => "the caller",
                };
                let m = person(self.rules, m.as_str());
                lines.push(if ja {
                    format!("・{role}{m}: {why}のため飛ばしました")
                } else {
                    format!("- {role}{m}: skipped ({why})")
                });
            }
            if s.members.is_empty() && s.left_out.is_empty() {
                lines.push(if ja {
                    format!("・{role}: 当番表に当番医がいないため飛ばしました")
                } else {
                    format!("- {role}: skipped (nobody on the rota)")
                });
            }
            let timed_out = c.log.iter().find_map(|e| match e.what {
                Logged::TimedOut { step } if step == i => Some(e.at),
                _ => None,
            });
            for m in &s.members {
                let state = if c.declined.contains(m) {
                    self.t("辞退", "declined").to_string()
                } else if i == current {
                    let until = clock(self.rules, deadline);
                    if ja {
                        format!("依頼中（{until} まで）")
                    } else {
                        format!("asked, until {until}")
                    }
                } else {
                    let at = timed_out.map(|t| clock(self.rules, t)).unwrap_or_default();
                    if ja { format!("返答なし（{at}）") } else { format!("no answer ({at})") }
                };
                let m = person(self.rules, m.as_str());
                lines.push(if ja {
                    format!("・{role}{m}: {state}")
                } else {
                    format!("- {role}{m}: {state}")
                });
            }
        }
        let next: Vec<String> = c.chain[current + 1..]
            .iter()
            .find(|s| s.kind == StepKind::Advice || !s.members.is_empty())
            .map(|s| match s.kind {
                StepKind::Advice => Vec::new(),
                _ => s.members.iter().map(|m| person(self.rules, m.as_str())).collect(),
            })
            .unwrap_or_default();
        let until = clock(self.rules, deadline);
        lines.push(match (next.is_empty(), ja) {
            (false, true) => {
                format!("{until} までに返答がなければ {} に回します。", next.join("、"))
            }
            (true, true) => format!("{until} までに返答がなければ、119番通報をご案内します。"),
            (false, false) => {
                format!("If nobody answers by {until}, it goes to {}.", next.join(", "))
            }
            (true, false) => {
                format!("If nobody answers by {until}, you will be advised to call 119.")
            }
        });
        Ok(lines.join("\n"))
    }

    /// Calls `member` accepted whose report is still to come, oldest first.
    fn awaiting_report(&self, member: &str) -> Result<Vec<Call>, StoreError> {
        Ok(self
            .store
            .calls()?
            .into_iter()
            .filter(|c| {
                c.report.is_none()
                    && matches!(&c.state, CallState::Accepted { by, .. } if by.as_str() == member)
            })
            .collect())
    }

    /// `/report [N] [outcome] [words]`.
    pub(super) fn report(
        &self,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let arg = arg.trim();
        let (first, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
        let (call, words) = match first.trim_start_matches('#').parse::<u64>() {
            Ok(n) => (n, rest.trim()),
            Err(_) => {
                let waiting = self.awaiting_report(member)?;
                match waiting.as_slice() {
                    [] => {
                        let none = self.t(
                            "報告待ちのコールはありません。",
                            "No call of yours is waiting for a report.",
                        );
                        return Ok(text(chat_id, none.into()));
                    }
                    [one] => (one.id, arg),
                    many => {
                        let mut list = Vec::new();
                        for c in many {
                            list.push(format!(
                                "・コール {}（{}）",
                                c.id,
                                self.patient_label(member, c.patient)?
                            ));
                        }
                        let head = self.t(
                            "報告待ちのコールが複数あります。番号を付けて送ってください（例: /report 12 往診した 解熱剤を投与し経過観察）:",
                            "Several calls wait for your report; give the number (e.g. /report 12 visited gave antipyretics):",
                        );
                        return Ok(text(chat_id, format!("{head}\n{}", list.join("\n"))));
                    }
                }
            }
        };
        if !words.is_empty() {
            return self.file_report(chat_id, member, call, words, now);
        }
        if let Some(why) = self.cannot_report(member, call, now)? {
            return Ok(text(chat_id, why));
        }
        let step = DialogStep::ReportText { call };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
        Ok(text(
            chat_id,
            if self.ja() {
                format!(
                    "コール {call} の報告内容を送ってください。転帰（往診した・電話で助言・入院・その他）から書き始めてください（例: 往診した 解熱剤を投与し経過観察）。（/cancel で中止）"
                )
            } else {
                format!(
                    "Send the report on call {call}, starting with the outcome (visited, phone advice, admitted, other). (/cancel to stop)"
                )
            },
        ))
    }

    /// Why `member` cannot report on call `id` now, in the member's language; `None` if they can.
    fn cannot_report(
        &self,
        member: &str,
        id: u64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let Some(mut call) = self.store.call(id)? else {
            return Ok(Some(self.desk_error(&DeskError::UnknownCall(id))));
        };
        let Ok(by) = member.parse() else { return Ok(Some(self.refusal())) };
        // On a copy: the engine says whether the report would be taken.
        let event = Event::ReportBack { by, outcome: Outcome::Other, text: String::new() };
        Ok(call.apply(&event, now).err().map(|r| self.refused(&r)))
    }

    /// The words of a report on call `call`: filed when they start with an outcome, else the
    /// outcome is asked with buttons.
    pub(super) fn file_report(
        &self,
        chat_id: i64,
        member: &str,
        call: u64,
        words: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let (outcome, rest) = split_outcome(words);
        if let Some(outcome) = outcome {
            let words = if rest.is_empty() { outcome_label(self.rules, outcome) } else { rest };
            return self.send_report(chat_id, member, call, outcome, words, now);
        }
        if let Some(why) = self.cannot_report(member, call, now)? {
            return Ok(text(chat_id, why));
        }
        if words.chars().count() > crate::desk::MAX_NOTE {
            return Ok(text(chat_id, self.too_long_note()));
        }
        let step = DialogStep::ReportOutcome { call, text: words.trim().into() };
        self.store.set_dialog(chat_id, Some(&Dialog { step, started_at: now }))?;
        Ok(self.ask_outcome(chat_id, call))
    }

    fn ask_outcome(&self, chat_id: i64, call: u64) -> Reply {
        let buttons = Outcome::ALL
            .chunks(2)
            .map(|row| {
                row.iter()
                    .map(|o| {
                        (
                            outcome_label(self.rules, *o).to_string(),
                            format!("rpt:{call}:{}", o.as_str()),
                        )
                    })
                    .collect()
            })
            .collect();
        let text = if self.ja() {
            format!("コール {call} の転帰を選んでください。")
        } else {
            format!("Choose the outcome of call {call}.")
        };
        Reply { chat_id, text, buttons }
    }

    /// Files the report (through the desk, as the CLI does) and closes any report form.
    fn send_report(
        &self,
        chat_id: i64,
        member: &str,
        call: u64,
        outcome: Outcome,
        words: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let said = match self.desk().report(call, member, outcome, words, now) {
            Ok(_) => {
                let label = outcome_label(self.rules, outcome);
                if self.ja() {
                    format!(
                        "コール {call} の報告を送りました（転帰: {label}）。依頼元・主治医・当番医にお知らせし、このコールは完了です。"
                    )
                } else {
                    format!(
                        "Your report on call {call} was sent (outcome: {label}) to the caller, the attending doctor and the duty doctor; the call is closed."
                    )
                }
            }
            Err(DeskError::Store(e)) => return Err(e),
            // A note too long or empty: the form stays open for another try.
            Err(e @ DeskError::BadNote(_)) => return Ok(text(chat_id, self.desk_error(&e))),
            Err(e) => self.desk_error(&e),
        };
        if matches!(
            self.store.dialog(chat_id)?.map(|d| d.step),
            Some(DialogStep::ReportText { .. } | DialogStep::ReportOutcome { .. })
        ) {
            self.store.set_dialog(chat_id, None)?;
        }
        Ok(text(chat_id, said))
    }

    /// A press of an outcome button (`CALL:OUTCOME`) under the question of a report.
    pub(super) fn picked_outcome(
        &self,
        chat_id: i64,
        member: &str,
        rest: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        let parsed = rest
            .split_once(':')
            .and_then(|(c, o)| Some((c.parse::<u64>().ok()?, parse_outcome(o)?)));
        let Some((call, outcome)) = parsed else {
            let toast = self.t("このボタンは使えません。", "This button does nothing.");
            return Ok(Pressed { toast: toast.into(), done: false, reply: None });
        };
        let words = match self.store.dialog(chat_id)?.map(|d| d.step) {
            Some(DialogStep::ReportOutcome { call: c, text }) if c == call => text,
            _ => {
                // Filed already (a second press), or the form was closed.
                let toast = match self.store.call(call)?.and_then(|c| c.report) {
                    Some(r) => self.refused(&Refusal::Reported { call, by: r.by }),
                    None if self.ja() => {
                        format!("報告の内容をもう一度送ってください（/report {call}）。")
                    }
                    None => format!("Send the report again (/report {call})."),
                };
                return Ok(Pressed { toast, done: true, reply: None });
            }
        };
        let reply = self.send_report(chat_id, member, call, outcome, &words, now)?;
        let sent = self
            .store
            .call(call)?
            .is_some_and(|c| c.report.is_some_and(|r| r.by.as_str() == member));
        let toast = match sent {
            true => self.t("報告を送りました。", "Report sent.").to_string(),
            false => reply.text.lines().next().unwrap_or_default().to_string(),
        };
        Ok(Pressed { toast, done: true, reply: Some(reply) })
    }

    /// A desk error in the member's language (the English text is the CLI's).
    pub(super) fn desk_error(&self, e: &DeskError) -> String {
        if !self.ja() {
            return e.to_string();
        }
        match e {
            DeskError::Refused(r) => self.refused(r),
            DeskError::UnknownCall(id) => format!("コール {id} は見つかりません。"),
            DeskError::UnknownPatient(id) => format!("患者 {id} は登録されていません。"),
            DeskError::UnknownMember(_) => {
                "会員として登録されていません。事務局にご連絡ください。".into()
            }
            DeskError::BadNote(_) => format!(
                "内容が空か長すぎます（{}文字まで）。短く書いてお送りください。",
                crate::desk::MAX_NOTE
            ),
            DeskError::Store(_) => {
                "保存できませんでした。少し待ってもう一度お試しください。".into()
            }
        }
    }
}
