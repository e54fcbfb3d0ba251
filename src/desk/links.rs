//! A member's chat that no longer reaches them (issue 19): one path for a channel that says so
//! when a notice is delivered (Telegram's "blocked", LINE's 404) and for LINE's `unfollow`
//! event. The link is marked broken (the console fallback takes over) and the admins are told,
//! once per device.

use chrono::{DateTime, Utc};

use super::Desk;
use crate::chat::Channel;
use crate::routing::{Body, Notice};
use crate::rules::MemberId;
use crate::store::StoreError;

impl Desk<'_> {
    /// Marks `member`'s chat `chat` broken because of `why` (what the channel said, or a tag
    /// of `msg::link`) and queues the admins' alert. Returns whether it was not broken already.
    ///
    /// # Errors
    /// If the store fails.
    pub fn break_link(
        &self,
        member: &MemberId,
        chat: i64,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if !self.store.mark_link_broken(member.as_str(), chat, now, why)? {
            return Ok(false);
        }
        let alerts: Vec<Notice> = self
            .rules
            .admins
            .iter()
            .map(|a| Notice {
                key: format!("link_broken/{member}/{chat}/{}", a.id),
                to: a.id.clone(),
                body: Body::LinkBroken {
                    member: member.clone(),
                    why: why.to_string(),
                    channel: Some(Channel::of(chat).name().to_string()),
                },
            })
            .collect();
        self.store.enqueue(&alerts, now)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::plan::testing::sosa;
    use crate::store::prelude::*;
    use crate::store::{Invite, SledStore};

    #[test]
    fn a_broken_link_is_told_to_each_admin_once_naming_its_channel() {
        let (rules, store) = (sosa(), SledStore::temporary().unwrap());
        let now = Utc.with_ymd_and_hms(2027, 3, 2, 13, 0, 0).unwrap();
        let chat = crate::chat::LINE_BASE - 1;
        let invite = Invite {
            hash: "aa".into(),
            member: "d01".parse().unwrap(),
            created_at: now,
            expires_at: now + chrono::Duration::hours(1),
            used_at: None,
        };
        store.add_invite(&invite).unwrap();
        store.redeem_invite("aa", chat, 1, now).unwrap();
        let desk = Desk { rules: &rules, store: &store };
        let d01: MemberId = "d01".parse().unwrap();
        assert!(desk.break_link(&d01, chat, crate::msg::link::UNFOLLOWED, now).unwrap());
        assert!(!desk.break_link(&d01, chat, "again", now).unwrap(), "once");
        let told = store.pending_notices().unwrap();
        assert_eq!(told.len(), rules.admins.len(), "{told:?}");
        for e in &told {
            assert_eq!(e.notice.key, format!("link_broken/d01/{chat}/{}", e.notice.to));
            let Body::LinkBroken { channel, .. } = &e.notice.body else { panic!("{e:?}") };
            assert_eq!(channel.as_deref(), Some("LINE"));
        }
    }
}
