//! [`ChatLinks`](super::super::ChatLinks) on each backend: invites, links, failures.

use super::super::*;
use super::*;

#[test]
fn a_link_is_marked_broken_once_and_only_for_its_chat() {
    each_backend(|store| {
        let invite = |hash: &str| Invite {
            hash: hash.into(),
            member: "d01".parse().unwrap(),
            created_at: minute(0),
            expires_at: minute(59),
            used_at: None,
        };
        store.add_invite(&invite("aa")).unwrap();
        store.redeem_invite("aa", 77, 77, minute(1)).unwrap();
        assert!(!store.mark_link_broken("d01", 78, minute(2), "other chat").unwrap());
        assert!(store.mark_link_broken("d01", 77, minute(2), "blocked").unwrap());
        assert!(!store.mark_link_broken("d01", 77, minute(3), "again").unwrap(), "once");
        let broken = store.links_of("d01").unwrap()[0].broken.clone().unwrap();
        assert_eq!((broken.at, broken.why.as_str()), (minute(2), "blocked"));
        // Linking that chat again mends it.
        store.add_invite(&invite("bb")).unwrap();
        store.redeem_invite("bb", 77, 77, minute(4)).unwrap();
        assert_eq!(store.links_of("d01").unwrap()[0].broken, None);
    });
}

#[test]
fn an_invite_links_once_before_it_expires() {
    each_backend(|store| {
        store.add_invite(&invite("aa", "d01")).unwrap();
        store.add_invite(&invite("bb", "d02")).unwrap();
        assert_eq!(store.redeem_invite("zz", 1, 1, hour(1)).unwrap(), Redeem::Unknown);
        let Redeem::Linked(link) = store.redeem_invite("aa", 100, 7, hour(1)).unwrap() else {
            panic!("not linked")
        };
        assert_eq!((link.member.as_str(), link.chat_id), ("d01", 100));
        assert_eq!(store.redeem_invite("aa", 101, 8, hour(2)).unwrap(), Redeem::Used);
        assert_eq!(store.redeem_invite("bb", 102, 9, hour(10)).unwrap(), Redeem::Expired);
        assert_eq!(store.link_of_chat(100).unwrap().unwrap().member.as_str(), "d01");
        assert_eq!(store.links_of("d01").unwrap()[0].user_id, 7);
    });
}

#[test]
fn a_member_links_several_devices_and_a_chat_of_one_member_refuses_anothers_code() {
    // See issue 15: linking a second phone silently unlinked the first, and a doctor who
    // redeemed another member's code was silently re-linked as that member.
    each_backend(|store| {
        for (h, m) in [("a", "d01"), ("b", "d01"), ("c", "d02"), ("d", "d02")] {
            store.add_invite(&invite(h, m)).unwrap();
        }
        store.redeem_invite("a", 100, 7, hour(1)).unwrap();
        store.redeem_invite("b", 200, 8, hour(2)).unwrap();
        let chats: Vec<i64> = store.links_of("d01").unwrap().iter().map(|l| l.chat_id).collect();
        assert_eq!(chats, vec![100, 200], "two devices, both linked");
        assert_eq!(store.link_of_chat(100).unwrap().unwrap().member.as_str(), "d01");
        // Chat 200 now tries d02's code: refused, the code stays usable, d01 keeps the chat.
        assert_eq!(
            store.redeem_invite("c", 200, 8, hour(3)).unwrap(),
            Redeem::OtherMember("d01".parse().unwrap())
        );
        assert_eq!(store.link_of_chat(200).unwrap().unwrap().member.as_str(), "d01");
        assert!(matches!(store.redeem_invite("c", 300, 9, hour(3)).unwrap(), Redeem::Linked(_)));
        // Unlink one device, then all.
        assert_eq!(store.unlink("d01", Some(100)).unwrap(), 1);
        assert_eq!(store.link_of_chat(100).unwrap(), None);
        assert_eq!(store.links_of("d01").unwrap().len(), 1);
        assert_eq!(store.unlink("d01", None).unwrap(), 1);
        assert_eq!(store.unlink("d01", None).unwrap(), 0);
        assert_eq!(store.link_of_chat(200).unwrap(), None);
        assert_eq!(store.links().unwrap().len(), 1, "d02's device stays");
        // A chat freed by unlinking may link another member.
        assert!(matches!(store.redeem_invite("d", 200, 8, hour(4)).unwrap(), Redeem::Linked(_)));
    });
}

#[test]
fn link_failures_are_counted_in_a_sliding_window_and_the_offset_is_kept() {
    each_backend(|store| {
        let window = chrono::Duration::hours(1);
        assert_eq!(store.link_failure(5, hour(1), window).unwrap(), 1);
        assert_eq!(store.link_failure(5, hour(1), window).unwrap(), 2);
        assert_eq!(store.link_failure(6, hour(1), window).unwrap(), 1);
        assert_eq!(store.recent_link_failures(5, hour(1), window).unwrap(), 2);
        assert_eq!(store.link_failure(5, hour(3), window).unwrap(), 1, "old failures expire");
        assert_eq!(store.telegram_offset().unwrap(), None);
        store.set_telegram_offset(42).unwrap();
        assert_eq!(store.telegram_offset().unwrap(), Some(42));
    });
}
