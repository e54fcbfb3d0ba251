//! Swaps and covers in chat: `/swap` (in one line, or picked with buttons), `/cover`, and the
//! colleague's (or the office's) answer to a request.

use chrono::{DateTime, Duration, Utc};

use super::{Handlers, Pressed, Reply, SWAP_HOURS, parse_day};
use crate::rules::MemberRole;
use crate::store::StoreError;

impl Handlers<'_> {
    /// `/swap MY_SLOT COLLEAGUE [THEIR_SLOT]`: checked against the hard rules now, then offered
    /// to the colleague with Accept / Decline buttons.
    pub(super) fn swap(
        &self,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
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

    pub(super) fn answer_swap(
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
    pub(super) fn pick_my_slot(
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
    pub(super) fn picked(
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
    pub(super) fn cover(
        &self,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
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
}
