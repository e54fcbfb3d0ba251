//! `/web` and `/admin` in chat (issue 18): a one-time sign-in link, to the doctor's pages or
//! to the console, only for who may use it; audited; only the token's hash kept.

use super::*;
use crate::chat::invite;
use crate::plan::testing::sosa;
use crate::store::prelude::*;
use crate::store::records::fixtures;
use crate::store::{Invite, LinkRole, SledStore};
use chrono::TimeZone;

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, d, h, 0, 0).unwrap()
}

fn world() -> (Rules, SledStore) {
    let store = SledStore::temporary().unwrap();
    store.put_rota(&fixtures::rota(2027)).unwrap();
    (sosa(), store)
}

fn say(rules: &Rules, store: &SledStore, chat: i64, text: &str, now: DateTime<Utc>) -> String {
    let h = Handlers { rules, overrides: &[], store };
    let replies = h.message(chat, chat as u64, true, text, now).unwrap();
    replies[0].text.clone()
}

fn link(rules: &Rules, store: &SledStore, member: &str, chat: i64) {
    let code = invite::new_code().unwrap();
    store
        .add_invite(&Invite {
            hash: invite::hash(&code),
            member: member.parse().unwrap(),
            created_at: at(1, 0),
            expires_at: at(4, 0),
            used_at: None,
        })
        .unwrap();
    say(rules, store, chat, &format!("/start {code}"), at(2, 0));
}

/// The token of the first `/me/link/` URL in `text`.
fn token(text: &str) -> String {
    let at = text.find("/me/link/").unwrap_or_else(|| panic!("no link in {text}")) + 9;
    text[at..at + 64].to_string()
}

#[test]
fn web_gives_a_doctor_a_one_time_link_to_their_pages_valid_fifteen_minutes() {
    let (rules, store) = world();
    link(&rules, &store, "d01", 10);
    let answer = say(&rules, &store, 10, "/web", at(6, 0));
    assert!(answer.contains("医師用ページ") && answer.contains("1回限り"), "{answer}");
    let token = token(&answer);
    let hash = crate::web::auth::token_hash(&token);
    let stored = store.sign_in_link(&hash).unwrap().expect("the link is stored by its hash");
    assert_eq!((stored.member.as_str(), stored.role), ("d01", LinkRole::Doctor));
    assert_eq!(stored.expires_at, at(6, 0) + chrono::Duration::minutes(15));
    assert!(store.sign_in_link(&token).unwrap().is_none(), "never the token itself");
    let audit = store.audit().unwrap();
    assert!(audit.iter().any(|e| e.by == "d01" && e.action == "web_link"), "{audit:?}");
}

#[test]
fn admin_gives_an_admin_a_link_to_the_console_and_nobody_else_gets_one() {
    let (rules, store) = world();
    link(&rules, &store, "office", 30);
    let answer = say(&rules, &store, 30, "/admin", at(6, 0));
    assert!(answer.contains("事務局の画面"), "{answer}");
    let hash = crate::web::auth::token_hash(&token(&answer));
    assert_eq!(store.sign_in_link(&hash).unwrap().map(|l| l.role), Some(LinkRole::Admin));
    // A doctor asking /admin, a nurse station asking /web: no link.
    link(&rules, &store, "d01", 10);
    link(&rules, &store, "ns1", 40);
    for (chat, text) in [(10, "/admin"), (40, "/web"), (99, "/web")] {
        let answer = say(&rules, &store, chat, text, at(6, 0));
        assert!(!answer.contains("/me/link/"), "{text}: {answer}");
    }
}
