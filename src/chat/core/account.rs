//! Who may talk to the bot: linking a chat by an invitation code (`/start CODE`), the one
//! refusal strangers get, and the help and command menu of each role.
//!
//! Key decisions:
//! - A stranger learns nothing but how to register: not who is on duty, not whether a code was
//!   nearly right.
//! - Help and menu are per role ([`Command::menu`]): each member sees the commands they
//!   can use, and nothing else.

use chrono::{DateTime, Duration, Utc};

use super::{Handlers, MAX_FAILURES, Say};
use crate::chat::invite;
use crate::msg::Message;
use crate::msg::reply::Command;
use crate::store::{Redeem, StoreError};

impl Handlers<'_> {
    /// The one answer a stranger gets.
    pub(super) fn refusal(&self) -> String {
        self.say(Say::Stranger { association: self.rules.association.name.to_string() })
    }

    /// `/start CODE`: links chat `chat_id` of Telegram user `user_id` to the member the code
    /// was made for.
    pub(super) fn link(
        &self,
        chat_id: i64,
        user_id: u64,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let failed = |this: &Self| -> Result<String, StoreError> {
            let count = this.store.link_failure(user_id, now, Duration::hours(1))?;
            // Counted, and said plainly.
            Ok(this.say(if count > MAX_FAILURES { Say::TooManyAttempts } else { Say::CodeRefused }))
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
                self.store.unlink(&link.member, Some(chat_id))?;
                failed(self)
            }
            // This account is another member's: a code is for the member it was made for.
            Redeem::OtherMember(other) => Ok(self.say(Say::OtherMembersAccount {
                name: self.rules.name_of(other.as_str()).to_string(),
            })),
            Redeem::Linked(link) => {
                let member = link.member.as_str();
                let channel = Some(crate::chat::Channel::of(chat_id).name().to_string());
                let event =
                    crate::store::AuditEvent::Linked { member: member.to_string(), channel };
                self.record(member, now, event)?;
                let welcome = match self.role_of(member) {
                    Some(role) => self.say(Say::Linked { name: self.name(member), role }),
                    None => String::new(),
                };
                Ok(format!("{welcome}\n\n{}", self.help(member)))
            }
            // The code that linked this very chat (tapped twice, or the message handled again
            // after a restart): no failure, and said so.
            Redeem::Used => match self.member(chat_id, user_id, now)? {
                Some(member) => {
                    let already = match self.role_of(&member) {
                        Some(role) => {
                            self.say(Say::AlreadyLinked { name: self.name(&member), role })
                        }
                        None => String::new(),
                    };
                    Ok(format!("{already}\n\n{}", self.help(&member)))
                }
                None => failed(self),
            },
            Redeem::Unknown | Redeem::Expired => failed(self),
        }
    }

    fn name(&self, member: &str) -> String {
        self.rules.name_of(member).to_string()
    }

    /// The help of `member`'s role.
    pub(super) fn help(&self, member: &str) -> String {
        match self.role_of(member) {
            Some(role) => self.say(Say::Help(role)),
            None => self.refusal(),
        }
    }

    /// The command menu of a chat linked to `member` (`None`: of chats nobody is linked to), as
    /// (command, description) in the association's language.
    pub fn menu(&self, member: Option<&str>) -> Vec<(String, String)> {
        let role = member.and_then(|m| self.role_of(m));
        if member.is_some() && role.is_none() {
            return self.menu(None);
        }
        Command::menu(role)
            .iter()
            .map(|c| {
                let text = Say::MenuItem(*c).render(self.rules.association.language);
                (c.name().to_string(), text)
            })
            .collect()
    }
}
