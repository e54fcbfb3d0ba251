//! Swaps and covers in chat: `/swap` (in one line, or picked with buttons), `/cover`, and the
//! colleague's (or the office's) answer to a request.

use chrono::{DateTime, Duration, Utc};

use super::{Handlers, Pressed, Reply, parse_day};
use crate::desk::RequestError;
use crate::msg::Message;
use crate::msg::swap::{ButtonLabel, SwapMsg};
use crate::msg::swap_chat::SwapChat;
use crate::store::{StoreError, SwapRequest, SwapStatus};
use crate::swap::{Refusal, SWAP_HOURS, deadline_for};

/// The answer to a proposal: its text, and the request made, if one was (for the button that
/// takes it back).
pub(super) struct Proposal(pub String, pub Option<crate::ids::SwapRequestId>);

impl From<String> for Proposal {
    fn from(text: String) -> Proposal {
        Proposal(text, None)
    }
}

impl From<&str> for Proposal {
    fn from(text: &str) -> Proposal {
        Proposal(text.to_string(), None)
    }
}

impl Handlers<'_> {
    /// `/swap MY_SLOT COLLEAGUE [THEIR_SLOT]`: checked against the hard rules now, then offered
    /// to the colleague with Accept / Decline buttons.
    pub(super) fn swap(
        &self,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Proposal, StoreError> {
        let usage = self.say_chat(&SwapChat::Usage);
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
    ) -> Result<Proposal, StoreError> {
        use crate::plan::change::Change;
        use crate::store::{SwapRequest, SwapStatus};
        // A duty of another rota is asked there, by its rules (issue 20); theirs must be of
        // the same rota.
        let (rota, mine) = self.duty_rota(member, &mine)?;
        let theirs = theirs.map(|t| match t.split_once('/') {
            Some((r, plain)) if r == rota.as_str() => plain.to_string(),
            _ => t,
        });
        let asked = self.in_rota(&rota, |h| {
            h.propose(member, mine.clone(), other.clone(), theirs.clone(), now)
        });
        if let Some(asked) = asked {
            return asked;
        }
        let usage = self.say_chat(&SwapChat::Usage);
        if self.rules.doctor(&other).is_none() || other == member {
            return Ok(format!("{}\n{usage}", self.say_chat(&SwapChat::NotAColleague)).into());
        }
        if let Some(busy) = self.open_request(member, &mine)? {
            return Ok(busy.into());
        }
        let mut changes =
            vec![Change { slot: mine.clone(), from: member.into(), to: other.clone() }];
        if let Some(t) = &theirs {
            changes.push(Change { slot: t.clone(), from: other.clone(), to: member.into() });
        }
        if let Err(e) = crate::changes::check(self.rules, self.overrides, self.store, &changes, now)
        {
            return match e {
                crate::changes::ChangeFailure::Store(e) => Err(e),
                crate::changes::ChangeFailure::Refused(why) => {
                    // Said in the doctor's chat: names without ids (issue 18).
                    let why = self.say_msg(&(*why).in_chat());
                    Ok(self.say_chat(&SwapChat::NotPossible { why }).into())
                }
            };
        }
        let (Ok(proposer), Ok(target)) = (member.parse(), other.parse()) else {
            return Ok(usage.into());
        };
        let start = |slot: &str| self.slot_start(slot);
        let (slot_start, their_start) = (
            start(&mine)?,
            match &theirs {
                Some(t) => start(t)?,
                None => None,
            },
        );
        let starts: Vec<DateTime<Utc>> = slot_start.into_iter().chain(their_start).collect();
        let deadline = deadline_for(now, &starts, SWAP_HOURS);
        if deadline <= now {
            return Ok(self.say_swap(&SwapMsg::TooSoon).into());
        }
        let request = SwapRequest {
            id: crate::ids::SwapRequestId::UNSAVED,
            proposer,
            slot: mine.clone(),
            target,
            their_slot: theirs.clone(),
            created_at: now,
            status: SwapStatus::Pending,
            group: None,
            deadline: Some(deadline),
            version: 0,
            slot_start,
            their_start,
            part: None,
            rota: None,
        };
        let made = self.desk().open_requests(vec![request], member, now)?;
        let id = made.first().map(|r| r.id);
        let to = crate::swap::text::doctor(self.rules, &made[0].target);
        let until = crate::swap::text::when(self.rules, deadline);
        Ok(Proposal(
            self.say_swap(&SwapMsg::Sent {
                to,
                until,
                request: id.unwrap_or(crate::ids::SwapRequestId::UNSAVED),
            }),
            id,
        ))
    }

    /// A request from the doctors' pages (issue 18), by the same flow as `/cover` (`with`
    /// `None`: the colleagues the rules say, fairest first) and `/swap` (`with` a colleague;
    /// `theirs` their duty in exchange, else they are asked to cover): the answer, in the
    /// association's language, and the request made, if one was.
    ///
    /// # Errors
    /// If the store fails.
    pub fn web_request(
        &self,
        member: &str,
        slot: &str,
        with: Option<&str>,
        theirs: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(String, Option<crate::ids::SwapRequestId>), StoreError> {
        let Proposal(text, id) = match with {
            None => self.cover(member, slot, now)?,
            Some(other) => {
                let theirs = theirs.map(str::to_string);
                self.propose(member, slot.to_string(), other.to_string(), theirs, now)?
            }
        };
        // The page's own way to take it back, not the chat's `/withdraw N` (issue 18).
        let text = match id {
            Some(_) => self.then(text, &SwapMsg::WithdrawOnPage),
            None => text,
        };
        Ok((text, id))
    }

    /// The answer to a proposal, with a button to take it back when one was made.
    pub(super) fn proposal_reply(&self, chat_id: i64, Proposal(text, id): Proposal) -> Reply {
        let text = match id {
            Some(request) => self.then(text, &SwapMsg::WithdrawInChat { request }),
            None => text,
        };
        let buttons = match id {
            Some(id) => vec![vec![(
                self.say_swap(&SwapMsg::Button(ButtonLabel::Withdraw)),
                format!("swapwd:{id}"),
            )]],
            None => Vec::new(),
        };
        Reply { chat_id, text, buttons }
    }

    /// `text`, then the sentence `next` (a space between them in English).
    fn then(&self, text: String, next: &SwapMsg) -> String {
        let gap =
            if self.rules.association.language == crate::rules::Language::En { " " } else { "" };
        format!("{text}{gap}{}", self.say_swap(next))
    }

    /// A message of the swap catalogue in the association's language.
    fn say_swap(&self, m: &SwapMsg) -> String {
        m.render(self.rules.association.language)
    }

    /// A chat answer of the catalogue about asking for a swap or cover.
    fn say_chat(&self, m: &SwapChat) -> String {
        m.render(self.rules.association.language)
    }

    fn say_msg(&self, m: &dyn Message) -> String {
        m.render(self.rules.association.language)
    }

    /// When published slot `slot` starts.
    fn slot_start(&self, slot: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(crate::notify::duty::published_slots(self.store)?
            .into_iter()
            .find(|s| s.id == slot)
            .map(|s| s.start.with_timezone(&Utc)))
    }

    /// A press of a swap button on request `id`: the colleague's answer, the office's
    /// decision, or the proposer taking it back. The same desk path as `toban request`.
    pub(super) fn answer_swap(
        &self,
        member: &str,
        id: crate::ids::SwapRequestId,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<Pressed, StoreError> {
        use crate::swap::Event;
        let Ok(by) = member.parse() else {
            return Ok(Pressed { reply: None, toast: self.refusal(), done: false });
        };
        let event = match kind {
            "swapyes" => Event::Accept { by },
            "swapno" => Event::Decline { by },
            "swapok" => Event::Approve { by },
            "swapng" => Event::Reject { by },
            _ => Event::Withdraw { by },
        };
        let toast =
            |m: SwapMsg, done: bool| Ok(Pressed { reply: None, toast: self.say_swap(&m), done });
        match self.decide_swap(member, id, &event, now)? {
            Ok(m) => toast(m, true),
            Err(r) => {
                let done = !matches!(
                    r,
                    Refusal::NotYours(_) | Refusal::NotAdmin(_) | Refusal::NotProposer(_)
                );
                toast(crate::swap::text::refusal(self.rules, &r), done)
            }
        }
    }

    /// `event` on request `id` by `member`, through the desk: what to tell them, or the
    /// machine's refusal. The one path of the chat's buttons, `/withdraw` and the doctors'
    /// pages.
    fn decide_swap(
        &self,
        member: &str,
        id: crate::ids::SwapRequestId,
        event: &crate::swap::Event,
        now: DateTime<Utc>,
    ) -> Result<Result<SwapMsg, Refusal>, StoreError> {
        match self.desk().request_event(self.overrides, id, event, member, now) {
            Ok(step) => Ok(Ok(self.outcome(id, event, &step))),
            Err(RequestError::Refused(r)) => Ok(Err(r)),
            Err(RequestError::Store(e)) => Err(e),
        }
    }

    /// The doctors' pages' withdraw button (issue 18): `member` takes request `id` back, as
    /// `/withdraw N` does. The answer in the association's language, and whether it was
    /// withdrawn (else the machine refused: not theirs, closed, unknown).
    ///
    /// # Errors
    /// If the store fails.
    pub fn web_withdraw(
        &self,
        member: &str,
        id: crate::ids::SwapRequestId,
        now: DateTime<Utc>,
    ) -> Result<(String, bool), StoreError> {
        let Ok(by) = member.parse() else { return Ok((self.refusal(), false)) };
        Ok(match self.decide_swap(member, id, &crate::swap::Event::Withdraw { by }, now)? {
            Ok(m) => (self.say_swap(&m), true),
            Err(r) => (self.say_swap(&crate::swap::text::refusal(self.rules, &r)), false),
        })
    }

    /// What the presser is told after `event` on request `id` did `step`.
    fn outcome(
        &self,
        id: crate::ids::SwapRequestId,
        event: &crate::swap::Event,
        step: &crate::swap::Step,
    ) -> SwapMsg {
        use crate::swap::Event;
        let status = step.requests.iter().find(|r| r.id == id).map(|r| r.status);
        let chat = crate::swap::why::Register::Chat;
        if let Some(why) = crate::swap::text::closed_why(self.rules, step, id, chat) {
            return SwapMsg::NotPossible { why };
        }
        match event {
            Event::Accept { .. } if status == Some(SwapStatus::AwaitingAdmin) => {
                SwapMsg::AcceptedAwaiting
            }
            Event::Accept { .. } => SwapMsg::AcceptedDone,
            Event::Decline { .. } => SwapMsg::DeclinedDone,
            Event::Approve { .. } => SwapMsg::ApprovedDone { request: id },
            Event::Reject { .. } => SwapMsg::RejectedDone { request: id },
            _ => SwapMsg::WithdrawnDone { request: id },
        }
    }

    /// `/withdraw N`: the proposer takes request N back (alone: the one open request).
    pub(super) fn withdraw(
        &self,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let id = match arg.trim() {
            "" => {
                let mine: Vec<crate::ids::SwapRequestId> = self
                    .store
                    .swap_requests()?
                    .into_iter()
                    .filter(|r| r.status.is_open() && r.proposer.as_str() == member)
                    .map(|r| r.group.unwrap_or(r.id))
                    .collect::<std::collections::BTreeSet<crate::ids::SwapRequestId>>()
                    .into_iter()
                    .collect();
                match mine.as_slice() {
                    [] => return Ok(self.say_swap(&SwapMsg::NothingOpen)),
                    [one] => *one,
                    _ => return Ok(self.say_swap(&SwapMsg::WithdrawUsage)),
                }
            }
            n => match n.trim_start_matches('#').parse() {
                Ok(id) => id,
                Err(_) => return Ok(self.say_swap(&SwapMsg::WithdrawUsage)),
            },
        };
        Ok(self.answer_swap(member, id, "swapwd", now)?.toast)
    }

    /// My future duties in published rotas: (slot id, label).
    fn my_future_slots(
        &self,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let tz = self.rules.association.tz;
        // Every rota they are in (issue 20); another rota's duty is labelled with its name.
        let mut out: Vec<(String, String)> = self
            .future_duties(member, now)?
            .into_iter()
            .map(|d| {
                let day = d.start.with_timezone(&tz).format("%m/%d").to_string();
                let label = match d.rota {
                    Some(name) => format!("{day} {name}"),
                    None => day,
                };
                (d.id, label)
            })
            .collect();
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
                text: self.say_chat(&SwapChat::NoFutureDuties),
                buttons: Vec::new(),
            });
        }
        let buttons = mine
            .chunks(3)
            .map(|row| row.iter().map(|(id, label)| (label.clone(), format!("swp:{id}"))).collect())
            .collect();
        Ok(Reply { chat_id, text: self.say_chat(&SwapChat::WhichDuty), buttons })
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
                // Another rota's duty (`ID/SLOT`) goes to its own doctors (issue 20).
                let (rota, _) = self.duty_rota(member, slot)?;
                let rules = self.rules.for_rota(&rota).unwrap_or_else(|| self.rules.clone());
                let doctors: Vec<(String, String)> = rules
                    .doctors
                    .iter()
                    .filter(|d| d.id.as_str() != member)
                    .map(|d| (d.name.clone(), format!("swp:{slot}:{}", d.id)))
                    .collect();
                next(
                    self.say_chat(&SwapChat::WithWhom),
                    doctors.chunks(3).map(<[_]>::to_vec).collect(),
                )
            }
            [slot, doctor] => {
                // Their duties of the same rota only.
                let (rota, _) = self.duty_rota(member, slot)?;
                let same = |id: &str| match id.split_once('/') {
                    Some((r, _)) => r == rota.as_str(),
                    None => rota.is_main(),
                };
                let mut theirs = self.my_future_slots(doctor, now)?;
                theirs.retain(|(id, _)| same(id));
                let mut buttons: Vec<Vec<(String, String)>> = theirs
                    .chunks(3)
                    .map(|row| {
                        row.iter()
                            .map(|(id, label)| (label.clone(), format!("swp:{slot}:{doctor}:{id}")))
                            .collect()
                    })
                    .collect();
                buttons.push(vec![(
                    self.say_chat(&SwapChat::JustCover),
                    format!("swp:{slot}:{doctor}:-"),
                )]);
                let colleague = crate::msg::Doctor(self.rules.name_of(doctor).to_string());
                next(self.say_chat(&SwapChat::WhichOfTheirs { colleague }), buttons)
            }
            [slot, doctor, theirs] => {
                let theirs = (*theirs != "-").then(|| theirs.to_string());
                let made =
                    self.propose(member, slot.to_string(), doctor.to_string(), theirs, now)?;
                let Reply { text, buttons, .. } = self.proposal_reply(chat_id, made);
                next(text, buttons)
            }
            _ => Ok(Pressed {
                reply: None,
                toast: self.say(super::Say::ButtonDoesNothing),
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
    ) -> Result<Proposal, StoreError> {
        use crate::plan::change::Change;
        let usage = self.say_msg(&crate::msg::partial::PartialMsg::Usage);
        let today = self.today(now);
        // `/cover DUTY [FROM [TO]]`: the whole duty, or only some of its days (issue 20).
        // The doctors' pages name another rota's duty `ID/SLOT` (issue 20).
        if let Some((first, rest)) = arg.trim().split_once('/')
            && let Some(first) = self.rules.find_rota(first).filter(|r| !r.is_main())
            && let Some(asked) = self.in_rota(&first, |h| h.cover(member, rest, now))
        {
            return asked;
        }
        let words: Vec<Option<chrono::NaiveDate>> =
            arg.split_whitespace().map(|w| parse_day(w, today)).collect();
        let (slot, part) = match words.as_slice() {
            [Some(s)] => (*s, None),
            [Some(s), Some(f)] => (*s, Some((*f, *f))),
            [Some(s), Some(f), Some(t)] => (*s, Some((*f, *t))),
            _ => return Ok(usage.into()),
        };
        let slot = slot.format("%Y-%m-%d").to_string();
        let rotas = self.store.rotas()?;
        // A duty of another rota (issue 20): asked of that rota's doctors, by its rules.
        let (rota, _) = self.duty_rota(member, &slot)?;
        if let Some(asked) = self.in_rota(&rota, |h| h.cover(member, arg, now)) {
            return asked;
        }
        let Some(rota) = rotas.iter().find(|r| {
            r.status == crate::store::RotaStatus::Published && r.slots.iter().any(|s| s.id == slot)
        }) else {
            return Ok(self.say_chat(&SwapChat::NotPublished).into());
        };
        let Some(the_slot) = rota.slots.iter().find(|s| s.id == slot) else {
            return Ok(usage.into());
        };
        if let Some(busy) = self.open_request(member, &slot)? {
            return Ok(busy.into());
        }
        if !the_slot.doctors.iter().any(|d| d == member) {
            return Ok(self.say_chat(&SwapChat::NotYourDuty).into());
        }
        if let Some((from, to)) = part {
            match crate::partial::check_days(self.rules, the_slot, from, to, now) {
                Ok(()) => {}
                Err(crate::changes::ChangeFailure::Refused(why)) => {
                    return Ok(self.say_msg(&(*why).in_chat()).into());
                }
                Err(crate::changes::ChangeFailure::Store(e)) => return Err(e),
            }
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
            let verdict = match part {
                Some((from, to)) => {
                    let asked = crate::partial::Asked {
                        slot: slot.clone(),
                        doctor: member.into(),
                        by: id.into(),
                        from,
                        to,
                    };
                    crate::partial::check(self.rules, self.store, &asked, now).map(|_| ())
                }
                None => crate::changes::check(self.rules, self.overrides, self.store, &change, now)
                    .map(|_| ()),
            };
            match verdict {
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
            return Ok(self.say_chat(&SwapChat::NobodyCan).into());
        }
        let start = match part {
            Some((from, to)) => crate::partial::span(self.rules, the_slot, from, to).0,
            None => the_slot.start.with_timezone(&Utc),
        };
        let rules = &self.rules.swap;
        let deadline = deadline_for(now, &[start], rules.cover_hours.into());
        if deadline <= now {
            return Ok(self.say_swap(&SwapMsg::TooSoon).into());
        }
        let in_turn = rules.cover_order == crate::rules::CoverOrder::InTurn;
        let mut requests = Vec::new();
        let mut asked = Vec::new();
        for (i, (_, _, d)) in candidates.iter().take(rules.cover_ask as usize).enumerate() {
            let (Ok(proposer), Ok(target)) = (member.parse(), d.parse()) else { continue };
            // In turn: the first is asked now for one turn; the rest wait, holding the whole
            // request's deadline (the machine asks them one by one).
            let (status, until) = match (in_turn, i) {
                (false, _) => (SwapStatus::Pending, deadline),
                (true, 0) => (
                    SwapStatus::Pending,
                    deadline.min(now + Duration::hours(rules.cover_turn_hours.into())),
                ),
                (true, _) => (SwapStatus::Queued, deadline),
            };
            requests.push(SwapRequest {
                id: crate::ids::SwapRequestId::UNSAVED,
                proposer,
                slot: slot.clone(),
                target,
                their_slot: None,
                created_at: now,
                status,
                group: Some(crate::ids::SwapRequestId::UNSAVED),
                deadline: Some(until),
                version: 0,
                slot_start: Some(start),
                their_start: None,
                part,
                rota: None,
            });
            asked.push(crate::msg::Doctor(self.rules.name_of(d).to_string()));
        }
        let made = self.desk().open_requests(requests, member, now)?;
        let id = made.first().map(|r| r.id);
        let until = crate::swap::text::when(self.rules, deadline);
        let after = self.say_swap(&SwapMsg::CoverUntil {
            until,
            request: id.unwrap_or(crate::ids::SwapRequestId::UNSAVED),
        });
        let text = self.say_chat(&SwapChat::CoverAsked { asked, in_turn });
        let days = part.map(|(from, to)| {
            let at = self.rules.handover.time.format("%-H:%M").to_string();
            let (from, to) = (crate::msg::Day(from), crate::msg::Day(to));
            format!("\n{}", self.say_msg(&crate::msg::partial::PartialMsg::Asked { from, to, at }))
        });
        Ok(Proposal(format!("{text}{}\n{after}", days.unwrap_or_default()), id))
    }

    /// The refusal to give when `member` already has an open request (waiting for a colleague,
    /// in turn, or for the office) for `slot`.
    fn open_request(&self, member: &str, slot: &str) -> Result<Option<String>, StoreError> {
        use crate::store::SwapStatus;
        let open = self.store.swap_requests()?.into_iter().any(|r| {
            matches!(r.status, SwapStatus::Pending | SwapStatus::Queued | SwapStatus::AwaitingAdmin)
                && r.proposer.as_str() == member
                && r.slot == slot
                && r.rota.as_ref().unwrap_or(&crate::rules::RotaId::main()) == self.store.scope()
        });
        Ok(open.then(|| self.say_chat(&SwapChat::Pending)))
    }
}
