//! Calendar feeds of the published rota (RFC 5545), pure: which events exist and what they say.
//!
//! Key decisions:
//! - One event per slot and doctor, with a UID made of both, so a phone that subscribed updates
//!   the event instead of adding a copy when the rota is regenerated.
//! - SEQUENCE and DTSTAMP come from a stored record per event ([`FeedEvent`]) that changes only
//!   when that event changes ([`reconcile`]); a doctor who loses a duty keeps a cancelled event
//!   (STATUS:CANCELLED, SEQUENCE bumped), so their phone removes it rather than keeping a stale
//!   duty.
//! - Times are written in UTC (`…Z`): every calendar shows them in its own zone, and no
//!   VTIMEZONE block can be wrong.
//! - Nothing about patients, and no phone numbers: a feed URL may end up in places a patient
//!   record must never go.

pub mod ics;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::RotaSlot;

/// The stored state of one feed event: a doctor's duty in a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedEvent {
    /// The slot id.
    pub slot: String,
    /// The doctor.
    pub doctor: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
    /// `regular` or the holiday period id.
    pub kind: String,
    /// RFC 5545 SEQUENCE: 0 when first published, +1 at every change.
    pub sequence: u32,
    /// When the event last changed (its DTSTAMP and LAST-MODIFIED).
    pub stamp: DateTime<Utc>,
    /// The doctor no longer has this duty.
    pub cancelled: bool,
}

/// The feed events after the published rotas became `slots` at `at`, given the events before.
/// Unchanged events keep their sequence and stamp; new ones start at 0; changed, re-added and
/// lost ones are bumped (lost ones cancelled). Sorted by start, slot, doctor.
pub fn reconcile(previous: &[FeedEvent], slots: &[RotaSlot], at: DateTime<Utc>) -> Vec<FeedEvent> {
    let mut out: BTreeMap<(String, String), FeedEvent> =
        previous.iter().map(|e| ((e.slot.clone(), e.doctor.clone()), e.clone())).collect();
    let mut current = std::collections::BTreeSet::new();
    for s in slots {
        for (id, d, start, end) in pieces(s) {
            let key = (id.clone(), d.clone());
            current.insert(key.clone());
            match out.get_mut(&key) {
                Some(e) if !e.cancelled && e.start == start && e.end == end && e.kind == s.kind => {
                }
                Some(e) => {
                    e.start = start;
                    e.end = end;
                    e.kind = s.kind.clone();
                    e.sequence += 1;
                    e.stamp = at;
                    e.cancelled = false;
                }
                None => {
                    out.insert(
                        key,
                        FeedEvent {
                            slot: id,
                            doctor: d,
                            start,
                            end,
                            kind: s.kind.clone(),
                            sequence: 0,
                            stamp: at,
                            cancelled: false,
                        },
                    );
                }
            }
        }
    }
    for (key, e) in out.iter_mut() {
        if !current.contains(key) && !e.cancelled {
            e.cancelled = true;
            e.sequence += 1;
            e.stamp = at;
        }
    }
    let mut events: Vec<FeedEvent> = out.into_values().collect();
    events.sort_by(|a, b| (a.start, &a.slot, &a.doctor).cmp(&(b.start, &b.slot, &b.doctor)));
    events
}

/// Each doctor's own part of slot `s`: `(event id, doctor, start, end)`. Without partial
/// covers, one event per doctor with the slot's id. A part a colleague covers (issue 20) splits
/// the doctor's event: the piece before keeps the slot's id (so a subscribed phone updates
/// it), the piece after and the colleague's piece get ids of the slot and their first day
/// (`2027-06-01.2027-06-04`), stable as long as the part is.
pub fn pieces(s: &RotaSlot) -> Vec<(String, String, DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    let day = |t: DateTime<Utc>, tz: &chrono::FixedOffset| {
        t.with_timezone(tz).date_naive().format("%Y-%m-%d").to_string()
    };
    let tz = *s.start.offset();
    for d in &s.doctors {
        let mut from = s.start.with_timezone(&Utc);
        let mut first = true;
        let mut parts: Vec<_> = s.parts.iter().filter(|p| &p.doctor == d).collect();
        parts.sort_by_key(|p| p.start);
        for p in parts {
            let (ps, pe) = (p.start.with_timezone(&Utc), p.end.with_timezone(&Utc));
            if ps > from {
                let id = if first { s.id.clone() } else { format!("{}.{}", s.id, day(from, &tz)) };
                out.push((id, d.clone(), from, ps));
                first = false;
            }
            out.push((format!("{}.{}", s.id, p.from.format("%Y-%m-%d")), p.by.clone(), ps, pe));
            from = from.max(pe);
        }
        let end = s.end.with_timezone(&Utc);
        if end > from {
            let id = if first { s.id.clone() } else { format!("{}.{}", s.id, day(from, &tz)) };
            out.push((id, d.clone(), from, end));
        }
    }
    out
}

/// The published slots of `rotas` (their own slots, then reserved ones not yet in a published
/// rota of their year), each once.
pub fn published_slots(rotas: &[crate::store::RotaRecord]) -> Vec<RotaSlot> {
    let mut slots: Vec<RotaSlot> = Vec::new();
    let published = rotas.iter().filter(|r| r.status == crate::store::RotaStatus::Published);
    for r in published.clone() {
        slots.extend(r.slots.iter().cloned());
    }
    for r in published {
        for s in &r.reserved {
            if !slots.iter().any(|x| x.id == s.id) {
                slots.push(s.clone());
            }
        }
    }
    slots.sort_by_key(|s| s.start);
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::fixtures;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
    }

    #[test]
    fn unchanged_events_keep_their_sequence_and_stamp_and_changes_bump_them() {
        let rota = fixtures::rota(2027);
        let slots = published_slots(std::slice::from_ref(&rota));
        let first = reconcile(&[], &slots, at(0));
        assert_eq!(first.len(), 4, "d01, d02, d03 and the reserved d04");
        assert!(first.iter().all(|e| e.sequence == 0 && e.stamp == at(0) && !e.cancelled));
        assert_eq!(reconcile(&first, &slots, at(1)), first, "nothing changed");
        // A swap: d02 gives their slot to d05.
        let mut swapped = slots.clone();
        swapped[1].doctors = vec!["d05".into(), "d03".into()];
        let second = reconcile(&first, &swapped, at(2));
        let get = |d: &str| second.iter().find(|e| e.doctor == d).unwrap();
        assert!(get("d02").cancelled && get("d02").sequence == 1 && get("d02").stamp == at(2));
        assert_eq!((get("d05").sequence, get("d05").stamp), (0, at(2)));
        assert_eq!((get("d03").sequence, get("d03").stamp), (0, at(0)), "untouched");
        assert_eq!((get("d01").sequence, get("d01").stamp), (0, at(0)));
        // Swapped back: d02's event returns, bumped again; d05's is cancelled.
        let third = reconcile(&second, &slots, at(3));
        let get = |d: &str| third.iter().find(|e| e.doctor == d).unwrap();
        assert!(!get("d02").cancelled && get("d02").sequence == 2);
        assert!(get("d05").cancelled && get("d05").sequence == 1);
    }
}
