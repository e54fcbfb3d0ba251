//! [`ChatLinks`](super::super::ChatLinks) on each backend: invites, links, failures, handled
//! Telegram updates and LINE events, LINE chat numbers, origins forgotten after the cutoff.

use super::super::*;
use super::*;

fn d01() -> crate::rules::MemberId {
    "d01".parse().unwrap()
}

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
        let broken = store.links_of(&d01()).unwrap()[0].broken.clone().unwrap();
        assert_eq!((broken.at, broken.why.as_str()), (minute(2), "blocked"));
        // Linking that chat again mends it.
        store.add_invite(&invite("bb")).unwrap();
        store.redeem_invite("bb", 77, 77, minute(4)).unwrap();
        assert_eq!(store.links_of(&d01()).unwrap()[0].broken, None);
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
        assert_eq!(store.links_of(&d01()).unwrap()[0].user_id, 7);
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
        let chats: Vec<i64> = store.links_of(&d01()).unwrap().iter().map(|l| l.chat_id).collect();
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
        assert_eq!(store.unlink(&d01(), Some(100)).unwrap(), 1);
        assert_eq!(store.link_of_chat(100).unwrap(), None);
        assert_eq!(store.links_of(&d01()).unwrap().len(), 1);
        assert_eq!(store.unlink(&d01(), None).unwrap(), 1);
        assert_eq!(store.unlink(&d01(), None).unwrap(), 0);
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

#[test]
fn a_line_user_gets_one_chat_number_below_every_telegram_chat() {
    use crate::chat::{Channel, LINE_BASE};
    each_backend(|store| {
        let a = store.line_chat("Uaaaa").unwrap();
        let b = store.line_chat("Ubbbb").unwrap();
        assert_eq!(store.line_chat("Uaaaa").unwrap(), a);
        assert!(a < LINE_BASE && b < LINE_BASE && a != b, "{a} {b}");
        assert_eq!((Channel::of(a), Channel::of(b)), (Channel::Line, Channel::Line));
        assert_eq!(store.line_user(a).unwrap().as_deref(), Some("Uaaaa"));
        assert_eq!(store.line_user(b).unwrap().as_deref(), Some("Ubbbb"));
        assert_eq!(store.line_user(42).unwrap(), None);
        assert!(store.verify().is_ok());
    });
}

#[test]
fn a_handled_event_is_remembered_until_the_cutoff() {
    each_backend(|store| {
        assert!(!store.line_event_handled("01H").unwrap());
        store.mark_line_event_handled("01H", hour(1)).unwrap();
        store.mark_line_event_handled("01J", hour(3)).unwrap();
        assert!(store.line_event_handled("01H").unwrap());
        store.forget_handled_before(hour(2)).unwrap();
        assert!(!store.line_event_handled("01H").unwrap());
        assert!(store.line_event_handled("01J").unwrap());
    });
}

#[test]
fn a_line_records_message_id_names_its_call_until_forgotten() {
    each_backend(|store| {
        assert_eq!(store.line_record("461230966842064897").unwrap(), None);
        store
            .keep_line_record("461230966842064897", crate::routing::CallId::new(12), hour(1))
            .unwrap();
        store
            .keep_line_record("461230966842064898", crate::routing::CallId::new(13), hour(3))
            .unwrap();
        assert_eq!(
            store.line_record("461230966842064897").unwrap(),
            Some(crate::routing::CallId::new(12))
        );
        assert_eq!(
            store.line_record("461230966842064898").unwrap(),
            Some(crate::routing::CallId::new(13))
        );
        assert!(store.verify().is_ok());
        // The handled events' cutoff leaves them: a record is answered days later.
        store.forget_handled_before(hour(2)).unwrap();
        assert_eq!(
            store.line_record("461230966842064897").unwrap(),
            Some(crate::routing::CallId::new(12))
        );
        assert_eq!(store.forget_line_records_before(hour(2)).unwrap(), 1);
        assert_eq!(store.line_record("461230966842064897").unwrap(), None);
        assert_eq!(
            store.line_record("461230966842064898").unwrap(),
            Some(crate::routing::CallId::new(13))
        );
    });
}

#[test]
fn handled_updates_and_origins_are_forgotten_after_the_cutoff() {
    each_backend(|store| {
        store.mark_update_handled(1, hour(1)).unwrap();
        store.mark_update_handled(2, hour(3)).unwrap();
        store.add_absence_once(super::rotas::away("x"), &Origin::telegram(1)).unwrap();
        store.stranger_reply_due(99, hour(1), chrono::Duration::hours(1)).unwrap();
        assert!(store.update_handled(1).unwrap());
        assert_eq!(store.forget_handled_before(hour(2)).unwrap(), 3);
        assert!(!store.update_handled(1).unwrap() && store.update_handled(2).unwrap());
        assert_eq!(store.effect_of(&Origin::telegram(1)).unwrap(), None);
        assert_eq!(store.absences().unwrap().len(), 1, "the absence itself stays");
        assert!(store.verify().is_ok());
    });
}

#[test]
fn a_stranger_is_due_an_answer_once_an_hour_per_chat() {
    each_backend(|store| {
        let window = chrono::Duration::hours(1);
        assert!(store.stranger_reply_due(99, hour(1), window).unwrap());
        let later = hour(1) + chrono::Duration::minutes(59);
        assert!(!store.stranger_reply_due(99, later, window).unwrap(), "within the hour");
        assert!(store.stranger_reply_due(98, hour(1), window).unwrap(), "another chat");
        assert!(store.stranger_reply_due(99, hour(2), window).unwrap());
    });
}
