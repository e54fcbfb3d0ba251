//! Partial cover (issue 20): a colleague covers some days of a doctor's published duty (a
//! conference, one night). Shared by the command line (`toban cover SLOT DOCTOR OTHER --from
//! DATE --to DATE`) and chat's `/cover`. Reads the store; the time is passed in.
//!
//! Key decisions:
//! - Days are wall-clock days in the association's zone, as a duty day is lived: the part runs
//!   from the handover time (`[duty] handover_time`) of the first day to the handover time
//!   after the last day, clipped to the slot. A weekly duty from Tuesday 09:00 has the days
//!   Tuesday to Monday; `--from` Thursday `--to` Friday covers Thursday 09:00 to Saturday 09:00.
//! - The duty stays its doctor's turn (the rotation, the holiday queue and the planner's pins
//!   do not move): the part is stored on the slot ([`CoverPart`]) and read by who is on duty,
//!   the feeds, the page and the ledger. So re-planning keeps the slot as it was, and a
//!   started part is never changed, like any started duty.
//! - Points move pro rata by day: the colleague earns the public-holiday points of the
//!   holidays covered, plus the slot's remaining points times covered days over the slot's
//!   days, rounded half up; the doctor keeps the rest, so the slot's total is unchanged.
//! - Checked as a change is: refused when it has started, is not inside the slot, the
//!   colleague is away or not a member on a covered day, or those days are covered already.
//!   The spacing rule is about turns and a partial cover is not a turn, so it does not apply.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use crate::changes::{ChangeFailure, Done};
use crate::desk::Desk;
use crate::ids::AuditSeq;
use crate::msg::audit::Names;
use crate::msg::partial::{PartialMsg, SlotDays};
use crate::msg::refusal::Refusal;
use crate::msg::{Day, When};
use crate::plan::change::ChangeError;
use crate::rules::Rules;
use crate::store::{
    AuditEntry, AuditEvent, CoverPart, RotaRecord, RotaSlot, RotaStatus, Store, SwapCommit,
};
use crate::swap::{Duty, Moved, Note};

/// A partial cover asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// The slot.
    pub slot: String,
    /// Whose duty.
    pub doctor: String,
    /// Who covers.
    pub by: String,
    /// First day covered.
    pub from: NaiveDate,
    /// Last day covered (inclusive).
    pub to: NaiveDate,
}

fn refuse(m: PartialMsg) -> ChangeFailure {
    ChangeFailure::Refused(Box::new(Refusal::Partial(Box::new(m))))
}

fn impossible(e: ChangeError) -> ChangeFailure {
    ChangeFailure::Refused(Box::new(Refusal::ChangeImpossible(e)))
}

/// The slot's days in `rules`' zone: its first and last (the day before its end).
pub fn days_of(rules: &Rules, slot: &RotaSlot) -> (NaiveDate, NaiveDate) {
    let tz = rules.association.tz;
    let first = slot.start.with_timezone(&tz).date_naive();
    let end = slot.end.with_timezone(&tz);
    // A slot ending at the handover time ends its last day then; one ending later (never,
    // today) would own that day too.
    let last = if end.time() <= rules.handover.time {
        end.date_naive().pred_opt().unwrap_or(first)
    } else {
        end.date_naive()
    };
    (first, last.max(first))
}

/// The slot as the office names it in a message: its days, and its id to type (issue 18).
pub fn slot_ref(rules: &Rules, slot: &RotaSlot) -> crate::msg::slot::SlotRef {
    let (first, last) = days_of(rules, slot);
    crate::msg::slot::SlotRef::with_days(slot.id.clone(), first, last)
}

/// The slot `id` of `rota` as the office names it: by its days when the rota has it (a
/// regular or a reserved slot), else by the day its id gives.
pub fn slot_ref_in(rules: &Rules, rota: &RotaRecord, id: &str) -> crate::msg::slot::SlotRef {
    match rota.slots.iter().chain(&rota.reserved).find(|s| s.id == id) {
        Some(s) => slot_ref(rules, s),
        None => crate::msg::slot::SlotRef::id(id),
    }
}

/// The handover instant of `day` in `rules`' zone.
fn handover_on(rules: &Rules, day: NaiveDate) -> DateTime<Utc> {
    let tz = rules.association.tz;
    let local = day.and_time(rules.handover.time);
    tz.from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&local))
        .with_timezone(&Utc)
}

/// When the part of `slot` from `from` to `to` starts and ends.
pub fn span(
    rules: &Rules,
    slot: &RotaSlot,
    from: NaiveDate,
    to: NaiveDate,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = handover_on(rules, from).max(slot.start.with_timezone(&Utc));
    let end = handover_on(rules, to + Days::new(1)).min(slot.end.with_timezone(&Utc));
    (start, end)
}

/// The days `from` to `to` are days of `slot`, in order. A day outside the duty is named
/// first: with a missing last day taken as the duty's, a first day after the duty would
/// otherwise read as days in the wrong order.
fn in_order_within(
    rules: &Rules,
    slot: &RotaSlot,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(), ChangeFailure> {
    let (first, last) = days_of(rules, slot);
    if let Some(day) = [from, to].into_iter().find(|d| *d < first || *d > last) {
        let (day, first, last) = (Day(day), Day(first), Day(last));
        return Err(refuse(PartialMsg::OutsideSlot { day, first, last }));
    }
    if to < from {
        return Err(refuse(PartialMsg::Reversed { from: Day(from), to: Day(to) }));
    }
    Ok(())
}

/// Whether the days `from` to `to` can be covered at all in `slot` at `now`, whoever covers:
/// in order, inside the slot, not started.
///
/// # Errors
/// [`ChangeFailure::Refused`] with the reason.
pub fn check_days(
    rules: &Rules,
    slot: &RotaSlot,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ChangeFailure> {
    in_order_within(rules, slot, from, to)?;
    let (start, _) = span(rules, slot, from, to);
    if start <= now {
        let start = When(start.with_timezone(&rules.association.tz));
        return Err(refuse(PartialMsg::Started { start }));
    }
    Ok(())
}

/// The part of `slot` that `asked` covers, with its points, or why not.
///
/// # Errors
/// [`ChangeFailure::Refused`] with the reason.
pub fn part_of(
    rules: &Rules,
    slot: &RotaSlot,
    asked: &Asked,
    away: &dyn Fn(&str, NaiveDate) -> bool,
    now: DateTime<Utc>,
) -> Result<CoverPart, ChangeFailure> {
    in_order_within(rules, slot, asked.from, asked.to)?;
    if rules.doctor(&asked.doctor).is_none() {
        return Err(impossible(ChangeError::UnknownDoctor(asked.doctor.clone())));
    }
    if rules.doctor(&asked.by).is_none() {
        return Err(impossible(ChangeError::UnknownDoctor(asked.by.clone())));
    }
    if !slot.doctors.contains(&asked.doctor) {
        let (slot, doctor) = (slot.id.clone(), asked.doctor.clone());
        return Err(impossible(ChangeError::NotOnDuty { slot, doctor }));
    }
    if slot.doctors.contains(&asked.by) {
        let (slot, doctor) = (slot.id.clone(), asked.by.clone());
        return Err(impossible(ChangeError::AlreadyOnDuty { slot, doctor }));
    }
    check_days(rules, slot, asked.from, asked.to, now)?;
    let (first, last) = days_of(rules, slot);
    let (start, end) = span(rules, slot, asked.from, asked.to);
    let names = Names::of(rules);
    let mut day = asked.from;
    while day <= asked.to {
        let doctor = asked.by.clone();
        if away(&asked.by, day) {
            return Err(refuse(PartialMsg::Away { doctor, day: Day(day), names }));
        }
        if !rules.is_current(&asked.by, day) {
            return Err(refuse(PartialMsg::NotMember { doctor, day: Day(day), names }));
        }
        day = day + Days::new(1);
    }
    let overlaps = |p: &CoverPart| p.start < end && start < p.end;
    if slot.parts.iter().any(|p| (p.doctor == asked.doctor || p.by == asked.by) && overlaps(p)) {
        let duty = SlotDays { first: Day(first), last: Day(last) };
        return Err(refuse(PartialMsg::Overlaps { duty }));
    }
    let holidays: Vec<NaiveDate> =
        slot.holidays.iter().copied().filter(|d| asked.from <= *d && *d <= asked.to).collect();
    let covered = (asked.to - asked.from).num_days() + 1;
    let points = points(rules, slot, covered, holidays.len(), last, first);
    let offset = *slot.start.offset();
    Ok(CoverPart {
        doctor: asked.doctor.clone(),
        by: asked.by.clone(),
        from: asked.from,
        to: asked.to,
        start: start.with_timezone(&offset),
        end: end.with_timezone(&offset),
        points,
        holidays,
    })
}

/// The points a part of `covered` days with `holidays` public holidays earns (see the module
/// notes): the holidays' points, plus the rest pro rata by day, rounded half up.
fn points(
    rules: &Rules,
    slot: &RotaSlot,
    covered: i64,
    holidays: usize,
    last: NaiveDate,
    first: NaiveDate,
) -> u32 {
    let days = (last - first).num_days() + 1;
    let per_holiday = if slot.kind == "regular" { rules.weights.public_holiday_day } else { 0 };
    let holiday_points = per_holiday * slot.holidays.len() as u32;
    let base = i64::from(slot.weight.saturating_sub(holiday_points));
    let share = (2 * base * covered + days) / (2 * days.max(1));
    let total = per_holiday as i64 * holidays as i64 + share;
    u32::try_from(total.clamp(0, i64::from(slot.weight))).unwrap_or(0)
}

/// Checks `asked` against the published rota at `now`: its plan year and the part.
///
/// # Errors
/// [`ChangeFailure::Refused`] with the reason; store failures.
pub fn check(
    rules: &Rules,
    store: &dyn Store,
    asked: &Asked,
    now: DateTime<Utc>,
) -> Result<(i32, CoverPart), ChangeFailure> {
    let rotas = store.rotas()?;
    let found = rotas
        .iter()
        .filter(|r| r.status == RotaStatus::Published)
        .find_map(|r| r.slots.iter().find(|s| s.id == asked.slot).map(|s| (r.year, s)));
    let Some((year, slot)) = found else {
        return Err(ChangeFailure::Refused(Box::new(Refusal::SlotNotPublished(
            crate::msg::slot::SlotRef::id(asked.slot.clone()),
        ))));
    };
    let absences = store.absences()?;
    let away = |d: &str, day: NaiveDate| {
        absences.iter().any(|a| !a.soft && a.doctor == d && a.from <= day && day <= a.to)
    };
    Ok((year, part_of(rules, slot, asked, &away, now)?))
}

/// Stores checked `part` of `slot` in the published rota of `year`, with its audit entry (by
/// `by`, on behalf of `on_behalf`, from `request` if any) and the notices to both doctors and
/// the admins, in one step; feeds refreshed.
///
/// # Errors
/// [`ChangeFailure::Refused`] if the rota changed meanwhile; store failures.
#[allow(clippy::too_many_arguments)]
pub fn commit(
    rules: &Rules,
    store: &dyn Store,
    year: i32,
    slot: &str,
    part: &CoverPart,
    by: &str,
    on_behalf: Option<&str>,
    request: Option<crate::ids::SwapRequestId>,
    now: DateTime<Utc>,
) -> Result<Done, ChangeFailure> {
    let event = AuditEvent::PartCovered {
        slot: slot.to_string(),
        doctor: part.doctor.clone(),
        by: part.by.clone(),
        from: part.from,
        to: part.to,
        request,
    };
    let entry =
        AuditEntry { on_behalf: on_behalf.map(str::to_string), ..AuditEntry::of(now, by, event) };
    let mut told = vec![part.doctor.clone(), part.by.clone()];
    told.extend(rules.admins.iter().map(|a| a.id.to_string()));
    let moves: Vec<Moved> = match (part.doctor.parse(), part.by.parse()) {
        (Ok(from), Ok(to)) => vec![Moved {
            duty: Duty {
                slot: slot.to_string(),
                start: Some(part.start.with_timezone(&Utc)),
                part: Some((part.from, part.to)),
            },
            from,
            to,
        }],
        _ => Vec::new(),
    };
    let recipients: Vec<crate::rules::MemberId> =
        told.iter().filter_map(|m| m.parse().ok()).collect();
    let given = std::cell::Cell::new(AuditSeq::UNSAVED);
    let notices = |_: &[crate::store::SwapRequest], seq: AuditSeq| -> Vec<crate::routing::Notice> {
        given.set(seq);
        recipients
            .iter()
            .map(|to| crate::routing::Notice {
                key: format!("change/{seq}/{to}"),
                to: to.clone(),
                body: crate::routing::Body::Swap {
                    request: request.unwrap_or(crate::ids::SwapRequestId::UNSAVED),
                    note: Note::Changed { moves: moves.clone() },
                },
            })
            .collect()
    };
    let commit = SwapCommit {
        requests: Vec::new(),
        change: None,
        part: Some((year, slot.to_string(), part.clone())),
        audit: vec![entry],
        rota: None,
    };
    if store.commit_swap(&commit, &notices, now)?.is_none() {
        return Err(ChangeFailure::Refused(Box::new(Refusal::RotaChanged(
            crate::msg::words::YearLabel::of(rules, year),
        ))));
    }
    Desk { rules, store }.refresh_feeds(now)?;
    let moved = vec![crate::store::Moved {
        slot: slot.to_string(),
        from: part.doctor.clone(),
        to: part.by.clone(),
    }];
    Ok(Done { seq: given.get(), moved, told })
}

/// The line the command line prints for `part`.
/// (`first`, `last`: the duty's days, [`days_of`]).
pub fn said(rules: &Rules, (first, last): (NaiveDate, NaiveDate), part: &CoverPart) -> PartialMsg {
    let tz = rules.association.tz;
    PartialMsg::Covered {
        duty: SlotDays { first: Day(first), last: Day(last) },
        doctor: part.doctor.clone(),
        by: part.by.clone(),
        start: When(part.start.with_timezone(&tz)),
        end: When(part.end.with_timezone(&tz)),
        points: part.points,
        names: Names::of(rules),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::fixtures;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap()
    }

    fn asked(from: NaiveDate, to: NaiveDate) -> Asked {
        Asked { slot: "w".into(), doctor: "d01".into(), by: "d02".into(), from, to }
    }

    fn refused(r: Result<CoverPart, ChangeFailure>) -> PartialMsg {
        match r {
            Err(ChangeFailure::Refused(b)) => match *b {
                Refusal::Partial(m) => *m,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_days_of_a_week_run_from_handover_to_handover_and_earn_their_share() {
        let rules = crate::plan::testing::sosa();
        // Tue 2 Mar 09:00 to Tue 9 Mar 09:00, 2 points, no holidays.
        let slot = fixtures::slot("w", day(3, 2), 7, "regular", &["d01"]);
        let now = fixtures::utc(2027, 2, 1, 0);
        let never = |_: &str, _: NaiveDate| false;
        let p = part_of(&rules, &slot, &asked(day(3, 4), day(3, 5)), &never, now).unwrap();
        assert_eq!(p.start.to_rfc3339(), "2027-03-04T09:00:00+09:00");
        assert_eq!(p.end.to_rfc3339(), "2027-03-06T09:00:00+09:00");
        // 2 points × 2 of 7 days = 0.57, rounded to 1.
        assert_eq!(p.points, 1);
        let whole = part_of(&rules, &slot, &asked(day(3, 2), day(3, 8)), &never, now).unwrap();
        assert_eq!((whole.start, whole.end, whole.points), (slot.start, slot.end, 2));
        let one = part_of(&rules, &slot, &asked(day(3, 8), day(3, 8)), &never, now).unwrap();
        assert_eq!(one.points, 0, "one night of seven earns 2/7, rounded down");
    }

    #[test]
    fn holiday_points_follow_the_holidays_covered() {
        let rules = crate::plan::testing::sosa();
        let mut slot = fixtures::slot("w", day(3, 16), 7, "regular", &["d01"]);
        slot.holidays = vec![day(3, 20)];
        slot.weight = rules.weights.regular_slot + rules.weights.public_holiday_day;
        let now = fixtures::utc(2027, 2, 1, 0);
        let never = |_: &str, _: NaiveDate| false;
        let p = part_of(&rules, &slot, &asked(day(3, 20), day(3, 20)), &never, now).unwrap();
        assert_eq!(p.holidays, vec![day(3, 20)]);
        assert_eq!(
            p.points, rules.weights.public_holiday_day,
            "the holiday's point, 2/7 rounds to 0"
        );
        let p = part_of(&rules, &slot, &asked(day(3, 17), day(3, 18)), &never, now).unwrap();
        assert!(p.holidays.is_empty());
        assert_eq!(p.points, 1);
    }

    #[test]
    fn outside_the_slot_reversed_started_and_away_are_refused() {
        let rules = crate::plan::testing::sosa();
        let slot = fixtures::slot("w", day(3, 2), 7, "regular", &["d01"]);
        let never = |_: &str, _: NaiveDate| false;
        let early = fixtures::utc(2027, 2, 1, 0);
        let r = part_of(&rules, &slot, &asked(day(3, 5), day(3, 4)), &never, early);
        assert!(matches!(refused(r), PartialMsg::Reversed { .. }));
        let r = part_of(&rules, &slot, &asked(day(3, 8), day(3, 9)), &never, early);
        assert!(matches!(refused(r), PartialMsg::OutsideSlot { .. }), "9 Mar is the next duty's");
        let r = part_of(&rules, &slot, &asked(day(3, 1), day(3, 2)), &never, early);
        assert!(matches!(refused(r), PartialMsg::OutsideSlot { .. }));
        // A first day after the duty (its last day left to be the duty's): the day outside
        // is named, not the order of the days.
        let (first, last) = (Day(day(3, 2)), Day(day(3, 8)));
        let r = part_of(&rules, &slot, &asked(day(3, 20), day(3, 8)), &never, early);
        assert_eq!(refused(r), PartialMsg::OutsideSlot { day: Day(day(3, 20)), first, last });
        let r = part_of(&rules, &slot, &asked(day(3, 4), day(3, 9)), &never, early);
        assert_eq!(refused(r), PartialMsg::OutsideSlot { day: Day(day(3, 9)), first, last });
        // 4 Mar 09:00 JST is 4 Mar 00:00 UTC: at that instant the part has started.
        let at = fixtures::utc(2027, 3, 4, 0);
        let r = part_of(&rules, &slot, &asked(day(3, 4), day(3, 5)), &never, at);
        assert!(matches!(refused(r), PartialMsg::Started { .. }));
        let away = |d: &str, x: NaiveDate| d == "d02" && x == day(3, 5);
        let r = part_of(&rules, &slot, &asked(day(3, 4), day(3, 5)), &away, early);
        assert!(matches!(refused(r), PartialMsg::Away { .. }));
    }

    #[test]
    fn a_covered_slot_says_who_is_on_duty_when_and_moves_points() {
        let rules = crate::plan::testing::sosa();
        let mut slot = fixtures::slot("w", day(3, 2), 7, "regular", &["d01"]);
        let never = |_: &str, _: NaiveDate| false;
        let now = fixtures::utc(2027, 2, 1, 0);
        let p = part_of(&rules, &slot, &asked(day(3, 4), day(3, 6)), &never, now).unwrap();
        slot.parts.push(p.clone());
        assert_eq!(slot.doctors_at(fixtures::utc(2027, 3, 5, 0)), vec!["d02"]);
        assert_eq!(slot.doctors_at(fixtures::utc(2027, 3, 3, 0)), vec!["d01"]);
        assert_eq!(slot.doctors_at(p.end.with_timezone(&Utc)), vec!["d01"]);
        assert_eq!(slot.points_of("d02"), 1);
        assert_eq!(slot.points_of("d01"), 1);
        // The same days again are covered already.
        let r = part_of(&rules, &slot, &asked(day(3, 6), day(3, 7)), &never, now);
        assert!(matches!(refused(r), PartialMsg::Overlaps { .. }));
        // The feed splits d01's event around d02's.
        let pieces = crate::feed::pieces(&slot);
        let who: Vec<(&str, &str)> =
            pieces.iter().map(|(id, d, _, _)| (id.as_str(), d.as_str())).collect();
        assert_eq!(who, vec![("w", "d01"), ("w.2027-03-04", "d02"), ("w.2027-03-07", "d01")]);
    }
}
