//! [`WebStore`](super::super::WebStore) on each backend: console accounts and sessions, failed
//! sign-ins, and doctors' one-time sign-in links.

use chrono::{DateTime, Duration, Utc};

use crate::store::prelude::*;
use crate::store::{WebAccount, WebSession};

use super::each_backend;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
}

fn session(hash: &str, admin: &str) -> WebSession {
    WebSession {
        hash: hash.into(),
        admin: admin.parse().unwrap(),
        csrf: "c".into(),
        created_at: at(0),
        last_seen_at: at(0),
    }
}

#[test]
fn removing_an_account_ends_its_sessions_and_no_others() {
    each_backend(|store| {
        for admin in ["office", "clerk"] {
            store
                .put_web_account(&WebAccount {
                    admin: admin.parse().unwrap(),
                    password_hash: Some("$argon2id$x".into()),
                    setup_hash: None,
                    setup_expires_at: None,
                    created_at: at(0),
                })
                .unwrap();
        }
        store.put_web_session(&session("a1", "office")).unwrap();
        store.put_web_session(&session("a2", "office")).unwrap();
        store.put_web_session(&session("b1", "clerk")).unwrap();
        assert!(store.remove_web_account(&"office".parse().unwrap()).unwrap());
        assert!(!store.remove_web_account(&"office".parse().unwrap()).unwrap(), "already gone");
        assert_eq!(store.web_session("a1").unwrap(), None);
        assert_eq!(store.web_session("a2").unwrap(), None);
        assert_eq!(store.web_session("b1").unwrap(), Some(session("b1", "clerk")));
        assert_eq!(store.web_accounts().unwrap().len(), 1);
        assert_eq!(store.end_web_sessions_of(&"clerk".parse().unwrap()).unwrap(), 1);
        assert!(store.verify().is_ok());
    });
}

#[test]
fn login_failures_are_kept_per_key_and_forgotten_when_emptied() {
    each_backend(|store| {
        store.set_login_failures("account/office", &[at(1), at(2)]).unwrap();
        assert_eq!(store.login_failures("account/office").unwrap(), vec![at(1), at(2)]);
        assert!(store.login_failures("address/127.0.0.1").unwrap().is_empty());
        store.set_login_failures("account/office", &[]).unwrap();
        assert!(store.login_failures("account/office").unwrap().is_empty());
    });
}

#[test]
fn pruning_forgets_failures_that_can_no_longer_lock_and_their_keys() {
    each_backend(|store| {
        store.set_login_failures("address/10.0.0.1", &[at(1), at(2)]).unwrap();
        store.set_login_failures("address/10.0.0.2", &[at(1), at(40)]).unwrap();
        store.set_login_failures("account/office", &[at(50)]).unwrap();
        assert_eq!(store.prune_login_failures(at(30)).unwrap(), 1);
        assert!(store.login_failures("address/10.0.0.1").unwrap().is_empty());
        assert_eq!(store.login_failures("address/10.0.0.2").unwrap(), vec![at(40)]);
        assert_eq!(store.login_failures("account/office").unwrap(), vec![at(50)]);
        assert_eq!(store.prune_login_failures(at(60)).unwrap(), 2);
        assert!(store.verify().is_ok());
    });
}

/// Doctors' one-time sign-in links.
mod links {
    use crate::store::prelude::*;
    use crate::store::{LinkRole, SignInLink};

    use super::{at, each_backend};

    fn link(hash: &str, made: i64) -> SignInLink {
        SignInLink {
            hash: hash.into(),
            member: "d01".into(),
            role: LinkRole::Doctor,
            created_at: at(made),
            expires_at: at(made + 15),
        }
    }

    #[test]
    fn a_link_is_taken_once_and_expired_ones_are_forgotten() {
        each_backend(|store| {
            store.put_sign_in_link(&link("a", 0)).unwrap();
            assert_eq!(store.sign_in_link("a").unwrap(), Some(link("a", 0)));
            assert_eq!(store.take_sign_in_link("a").unwrap(), Some(link("a", 0)));
            assert_eq!(store.take_sign_in_link("a").unwrap(), None, "used once");
            store.put_sign_in_link(&link("b", 0)).unwrap();
            store.put_sign_in_link(&link("c", 20)).unwrap();
            assert_eq!(store.sign_in_link("b").unwrap(), None, "expired before c was made");
            assert!(store.sign_in_link("c").unwrap().is_some());
            assert!(store.verify().is_ok());
        });
    }
}
