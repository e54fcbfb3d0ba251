//! `/beds` and `/board` (issue 20) on every channel: a backup hospital's staff set its bed
//! vacancy (buttons 空床あり / 要相談 / 満床, or `/beds 2`), each doctor their clinic's entry on
//! the board of clinics accepting new home patients; every member may read both.
//!
//! Key decision: the role check is the desk's ([`crate::desk::beds`]): a chat can only set
//! its own member's status, so a doctor's `/beds 満床` changes nothing and says why.

use chrono::{DateTime, Utc};

use super::{Handlers, Pressed, Reply};
use crate::desk::beds::{self, SetError};
use crate::msg::Message;
use crate::msg::hospital::HospMsg;
use crate::rules::MemberRole;
use crate::store::{BedStatus, StoreError};

impl Handlers<'_> {
    fn hosp(&self, m: HospMsg) -> String {
        m.render(self.rules.association.language)
    }

    fn role_is(&self, member: &str, role: MemberRole) -> bool {
        self.rules.member(member).is_some_and(|m| m.role == role)
    }

    /// `/beds [STATUS]`.
    pub(super) fn beds(
        &self,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let hospital = self.role_is(member, MemberRole::Hospital);
        let reply = |text: String, buttons| Ok(Reply { chat_id, text, buttons });
        if !arg.is_empty() {
            if !hospital {
                return reply(self.hosp(HospMsg::BedsNotHospital), Vec::new());
            }
            let Some(parsed) = BedStatus::parse(arg) else {
                return reply(self.hosp(HospMsg::BedsBad { given: arg.into() }), Vec::new());
            };
            return reply(self.set_beds(member, parsed, now)?, Vec::new());
        }
        let mut text = self.hosp(HospMsg::Beds(beds::bed_lines(self.rules, self.store, now)?));
        let mut buttons = Vec::new();
        if hospital {
            let name = self.rules.name_of(member).to_string();
            text = format!("{text}\n\n{}", self.hosp(HospMsg::BedsAsk { hospital: name }));
            buttons = vec![
                BedStatus::ALL
                    .iter()
                    .map(|s| (self.hosp(HospMsg::Status(*s, None)), format!("beds:{}", s.word())))
                    .collect(),
            ];
        }
        reply(text, buttons)
    }

    fn set_beds(
        &self,
        member: &str,
        (status, vacant): (BedStatus, Option<u32>),
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        Ok(match beds::set_beds(self.rules, self.store, member, (status, vacant), member, now) {
            Ok(()) => self.hosp(HospMsg::BedsSet {
                hospital: self.rules.name_of(member).to_string(),
                status,
                vacant,
            }),
            Err(SetError::Store(e)) => return Err(e),
            Err(_) => self.hosp(HospMsg::BedsNotHospital),
        })
    }

    /// `/board [open|closed [note]]`.
    pub(super) fn board(
        &self,
        chat_id: i64,
        member: &str,
        arg: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, StoreError> {
        let doctor = self.role_is(member, MemberRole::Doctor);
        let reply = |text: String, buttons| Ok(Reply { chat_id, text, buttons });
        if !arg.is_empty() {
            if !doctor {
                return reply(self.hosp(HospMsg::BoardNotDoctor), Vec::new());
            }
            let (word, note) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
            let open = match word.to_ascii_lowercase().as_str() {
                "open" | "yes" | "可" | "受け入れ可" | "受入可" => true,
                "closed" | "close" | "no" | "停止" | "不可" | "受け入れ停止" => false,
                _ => return reply(self.hosp(HospMsg::BoardBad), Vec::new()),
            };
            return reply(self.set_board(member, open, note.trim(), now)?, Vec::new());
        }
        let mut text = self.hosp(HospMsg::Board(beds::board_lines(self.rules, self.store, now)?));
        let mut buttons = Vec::new();
        if doctor {
            text = format!("{text}\n\n{}", self.hosp(HospMsg::BoardAsk));
            buttons = vec![vec![
                (self.hosp(HospMsg::BoardButton(true)), "board:open".to_string()),
                (self.hosp(HospMsg::BoardButton(false)), "board:closed".to_string()),
            ]];
        }
        reply(text, buttons)
    }

    fn set_board(
        &self,
        member: &str,
        open: bool,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        Ok(match beds::set_board(self.rules, self.store, member, (open, note), member, now) {
            Ok(()) => self.hosp(HospMsg::BoardSet { open, note: note.into() }),
            Err(SetError::Store(e)) => return Err(e),
            Err(SetError::TooLong) => {
                self.hosp(HospMsg::BoardNoteTooLong { max: crate::store::MAX_BOARD_NOTE })
            }
            Err(_) => self.hosp(HospMsg::BoardNotDoctor),
        })
    }

    /// A press of a `beds:` or `board:` button; `None` for other data.
    pub(super) fn pressed_hosp(
        &self,
        member: &str,
        data: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Pressed>, StoreError> {
        let toast = if let Some(word) = data.strip_prefix("beds:") {
            match BedStatus::parse(word) {
                Some(parsed) if self.role_is(member, MemberRole::Hospital) => {
                    self.set_beds(member, parsed, now)?
                }
                _ => self.hosp(HospMsg::BedsNotHospital),
            }
        } else if let Some(word) = data.strip_prefix("board:") {
            if !self.role_is(member, MemberRole::Doctor) {
                self.hosp(HospMsg::BoardNotDoctor)
            } else {
                self.set_board(member, word == "open", "", now)?
            }
        } else {
            return Ok(None);
        };
        Ok(Some(Pressed { toast, done: true, reply: None }))
    }
}
