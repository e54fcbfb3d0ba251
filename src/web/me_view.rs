//! What a doctor's own page (`/me`) shows (issue 18): their duties of every rota, the days a
//! colleague covers for them and those they cover, the absences that fall on a duty, their
//! requests, absences, the colleagues' duties to take in exchange, and the year's rota; members
//! named as the reader reads them. Read only: the handlers in `handlers_me` act.

use chrono::{DateTime, Utc};

use super::pages_me::{Duty, MePage, RotaRow, Typed};
use crate::msg::web_me::MeMsg;
use crate::msg::{Day, Doctor, Lang, When};
use crate::server::App;
use crate::store::{RotaStatus, StoreError};

/// How many duties ahead, and recent, the page lists.
const UPCOMING: usize = 10;
const RECENT: usize = 5;

/// What the page of `doctor` shows at `now` to a reader of `lang` (members by the names they
/// read: `name_en` in English).
pub(super) fn view(
    app: &App,
    doctor: &str,
    now: DateTime<Utc>,
    lang: Lang,
    (typed, feed): (Typed, Option<String>),
) -> Result<MePage, StoreError> {
    let rules = app.rules.get().for_reader(lang);
    let tz = rules.association.tz;
    let year = chrono::Datelike::year(&now.with_timezone(&tz));
    let span = |s: &crate::store::RotaSlot| MeMsg::DutySpan {
        start: When(s.start.with_timezone(&tz)),
        end: When(s.end.with_timezone(&tz)),
        year,
    };
    // Their duties of every rota they are in (issue 20): another rota's named, and its slot
    // written `ID/SLOT` so the request form asks in that rota.
    // Each rota's published slots are read once: the doctor's duties, and the days they cover
    // of colleagues' duties, not over yet.
    let mut mine: Vec<(Option<&crate::rules::RotaId>, crate::store::RotaSlot)> = Vec::new();
    let mut covering: Vec<(DateTime<chrono::FixedOffset>, MeMsg)> = Vec::new();
    for rota in rules.rotas_of(doctor) {
        let other = rules.rota(&rota).map(|r| &r.id);
        let view = crate::store::RotaView::new(&*app.store, &rota);
        let mut slots = crate::notify::duty::published_slots(&view)?;
        for p in slots.iter().flat_map(|s| &s.parts) {
            if p.by == doctor && p.end.with_timezone(&Utc) > now {
                let whose = Doctor(rules.name_of(&p.doctor).to_string());
                let m =
                    MeMsg::CoveringDays { from: Day(p.from), to: Day(p.to), doctor: whose, year };
                covering.push((p.start, m));
            }
        }
        slots.retain(|s| s.doctors.iter().any(|x| x == doctor));
        mine.extend(slots.into_iter().map(|s| (other, s)));
    }
    mine.sort_by(|a, b| (a.1.start, &a.1.id).cmp(&(b.1.start, &b.1.id)));
    covering.sort_by_key(|c| c.0);
    let covering = covering.into_iter().map(|c| c.1).collect();
    // The association's published rota, read once: the duties the doctor's absences fall on,
    // the colleagues' duties to take in exchange, and the days of a request's duties.
    let main = crate::notify::duty::published_slots(&*app.store)?;
    // The doctor's absences not over, and the published duties each falls on (uncovered).
    let today = now.with_timezone(&tz).date_naive();
    let mut own: Vec<crate::store::Absence> = app
        .store
        .absences()?
        .into_iter()
        .filter(|a| a.doctor == doctor && !a.soft && a.to >= today)
        .collect();
    own.sort_by_key(|a| a.from);
    let desk = crate::desk::Desk { rules: &rules, store: &*app.store };
    let mut clashing: Vec<(String, MeMsg)> = Vec::new();
    for a in &own {
        for s in desk.clashes_among(a, &main, now) {
            clashing.push((s.id, MeMsg::AbsenceOnDuty { from: Day(a.from), to: Day(a.to) }));
        }
    }
    let duty = |(rota, s): &(Option<&crate::rules::RotaId>, crate::store::RotaSlot)| {
        // What the doctor should know of it: the days a colleague covers for them, and (the
        // association's rota) an absence of theirs it falls on.
        let mut notes: Vec<MeMsg> = s
            .parts
            .iter()
            .filter(|p| p.doctor == doctor)
            .map(|p| MeMsg::CoveredBy {
                from: Day(p.from),
                to: Day(p.to),
                by: Doctor(rules.name_of(&p.by).to_string()),
            })
            .collect();
        if rota.is_none() {
            notes.extend(clashing.iter().filter(|(id, _)| *id == s.id).map(|(_, m)| m.clone()));
        }
        match rota {
            Some(id) => Duty {
                slot: format!("{id}/{}", s.id),
                span: MeMsg::DutySpanOf {
                    rota: rules.rota_name(id).to_string(),
                    start: When(s.start.with_timezone(&tz)),
                    end: When(s.end.with_timezone(&tz)),
                    year,
                },
                notes,
            },
            None => Duty { slot: s.id.clone(), span: span(s), notes },
        }
    };
    let upcoming = mine
        .iter()
        .filter(|s| s.1.end.with_timezone(&Utc) > now)
        .take(UPCOMING)
        .map(duty)
        .collect();
    let recent = mine
        .iter()
        .rev()
        .filter(|s| s.1.end.with_timezone(&Utc) <= now)
        .take(RECENT)
        .map(|s| Duty { notes: Vec::new(), ..duty(s) })
        .collect();
    let colleagues = rules
        .doctors
        .iter()
        .filter(|x| x.id.as_str() != doctor)
        .map(|x| (x.id.to_string(), x.name.clone()))
        .collect();
    let their_duties = their_duties(&rules, &main, doctor, now);
    // A request's duties by their days: theirs of every rota as the forms write them, then
    // the association's rota (a colleague's duty in exchange).
    let find = |key: &str| {
        mine.iter()
            .find(|(rota, s)| match rota {
                Some(id) => key.split_once('/') == Some((id.as_str(), s.id.as_str())),
                None => key == s.id,
            })
            .map(|(_, s)| s)
            .or_else(|| main.iter().find(|s| s.id == key))
            .map_or_else(
                || crate::msg::slot::SlotRef::id(key),
                |s| crate::partial::slot_ref(&rules, s),
            )
    };
    let mut requests: Vec<crate::store::SwapRequest> =
        app.store.swap_requests()?.into_iter().filter(|r| r.proposer.as_str() == doctor).collect();
    requests.sort_by_key(|r| std::cmp::Reverse(r.id));
    // A cover asked of several colleagues at once is one request to them all: one row, named
    // by its first number, with one withdraw button while any of it is open.
    let mut groups: Vec<Vec<crate::store::SwapRequest>> = Vec::new();
    for r in requests {
        let key = r.group.unwrap_or(r.id);
        match groups.iter_mut().find(|g| g[0].group.unwrap_or(g[0].id) == key) {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    let requests = groups
        .into_iter()
        .take(20)
        .map(|mut g| {
            g.sort_by_key(|r| r.id);
            let status = group_status(&g);
            let first = &g[0];
            let text = MeMsg::Request {
                id: first.id,
                slot: find(&first.slot),
                theirs: first.their_slot.as_deref().map(find),
                to: g
                    .iter()
                    .map(|r| Doctor(rules.name_of(r.target.as_str()).to_string()))
                    .collect(),
                status,
            };
            (text, status.is_open().then_some(first.id))
        })
        .collect();
    let absences = own
        .into_iter()
        .map(|a| {
            let note = a.note.clone().unwrap_or_default();
            (a.id, MeMsg::AbsenceRow { from: Day(a.from), to: Day(a.to), note })
        })
        .collect();
    let rotas = app.store.rotas()?;
    let published: Vec<_> = rotas.iter().filter(|r| r.status == RotaStatus::Published).collect();
    let this = published
        .iter()
        .find(|r| {
            r.slots.iter().any(|s| s.start.with_timezone(&Utc) <= now)
                && r.slots.iter().any(|s| s.end.with_timezone(&Utc) > now)
        })
        .or_else(|| published.iter().max_by_key(|r| r.year));
    let rota = this.map(|r| {
        // Its slots and the next year's holiday duty decided with it (reserved), in order.
        let mut slots: Vec<&crate::store::RotaSlot> = r.slots.iter().chain(&r.reserved).collect();
        slots.sort_by_key(|s| s.start);
        let rows = slots.into_iter().map(|s| rota_row(&rules, s, doctor, (lang, year))).collect();
        (r.year, rows)
    });
    Ok(MePage {
        upcoming,
        covering,
        recent,
        colleagues,
        their_duties,
        requests,
        absences,
        rota,
        feed,
        typed,
    })
}

/// The state of a request asked of several colleagues at once, as one: taken when one took
/// it (or waits for the office), open while any is, else as its last answer.
fn group_status(g: &[crate::store::SwapRequest]) -> crate::store::SwapStatus {
    use crate::store::SwapStatus as S;
    let has = |s: S| g.iter().any(|r| r.status == s);
    [S::Accepted, S::AwaitingAdmin, S::Pending, S::Queued]
        .into_iter()
        .find(|s| has(*s))
        .or_else(|| g.iter().map(|r| r.status).find(|s| *s == S::Withdrawn))
        .unwrap_or_else(|| g.last().map_or(S::Expired, |r| r.status))
}

/// A row of the year's rota for `doctor`: the duty's days as people write them (「3月9日(火)〜
/// 3月15日(月)」, issue 18), its doctors' names, and whether it is theirs.
fn rota_row(
    rules: &crate::rules::Rules,
    s: &crate::store::RotaSlot,
    doctor: &str,
    (lang, year): (Lang, i32),
) -> RotaRow {
    let (from, to) = crate::partial::days_of(rules, s);
    let mut doctors: Vec<String> = s.doctors.iter().map(|x| rules.name_of(x).to_string()).collect();
    // A colleague covering some of its days, after the doctors (「石川 花子（代行 3月10日(水)〜
    // 3月11日(木)）」).
    doctors.extend(s.parts.iter().map(|p| {
        let by = rules.name_of(&p.by).to_string();
        crate::msg::Message::render(
            &MeMsg::RotaCover { by, from: Day(p.from), to: Day(p.to) },
            lang,
        )
    }));
    RotaRow {
        days: MeMsg::RotaDays { from: Day(from), to: Day(to), year },
        doctors,
        mine: s.doctors.iter().any(|x| x == doctor) || s.parts.iter().any(|p| p.by == doctor),
    }
}

/// How many of the colleagues' duties the swap form offers.
const THEIR_DUTIES: usize = 60;

/// The colleagues' duties of the association's rota that start after `now`, soonest first,
/// as the swap form offers them: (`SLOT@DOCTOR`, days and name). A slot with two doctors is
/// offered once for each, the value saying whose duty it is; a slot the doctor is on already
/// is not offered (they cannot swap into it).
fn their_duties(
    rules: &crate::rules::Rules,
    published: &[crate::store::RotaSlot],
    doctor: &str,
    now: DateTime<Utc>,
) -> Vec<(String, MeMsg)> {
    let tz = rules.association.tz;
    let this_year = chrono::Datelike::year(&now.with_timezone(&tz));
    let mut slots: Vec<&crate::store::RotaSlot> =
        published.iter().filter(|s| s.start.with_timezone(&Utc) > now).collect();
    slots.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    let mut out = Vec::new();
    for s in slots.iter().filter(|s| !s.doctors.iter().any(|d| d == doctor)) {
        // By days, as the office says them: from the handover day to the day before the next.
        let from = s.start.with_timezone(&tz).date_naive();
        let to = (s.end.with_timezone(&tz) - chrono::Duration::days(1)).date_naive().max(from);
        for d in s.doctors.iter().filter(|d| d.as_str() != doctor) {
            let doctor = Doctor(rules.name_of(d).to_string());
            let m = MeMsg::TheirDuty { from: Day(from), to: Day(to), doctor, year: this_year };
            out.push((format!("{}@{d}", s.id), m));
        }
    }
    out.truncate(THEIR_DUTIES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Message;

    // See: issue 18 review 14: in a rota of two doctors a duty, the swap list gave a slot
    // without its doctor (a colleague's duty chosen alone became a cover request), and
    // offered the slot the doctor shares with a colleague.
    #[test]
    fn each_colleagues_duty_is_offered_with_whose_it_is_and_not_the_doctors_own_slots() {
        let rules = crate::plan::testing::sosa();
        let rota = crate::store::records::fixtures::rota(2027);
        let now = rota.slots[0].start.with_timezone(&Utc) - chrono::Duration::days(1);
        // Slot 1 has d02 and d03.
        let offered = their_duties(&rules, &rota.slots, "d01", now);
        let values: Vec<&str> = offered.iter().map(|(v, _)| v.as_str()).collect();
        let w02 = &rota.slots[1].id;
        assert!(values.contains(&format!("{w02}@d02").as_str()), "{values:?}");
        assert!(values.contains(&format!("{w02}@d03").as_str()), "{values:?}");
        let offered = their_duties(&rules, &rota.slots, "d02", now);
        assert!(offered.iter().all(|(v, _)| !v.starts_with(&format!("{w02}@"))), "{offered:?}");
    }

    /// A doctor reads 「3月9日(火)〜3月15日(月)」, not 2027-03-09 (issue 18).
    #[test]
    fn the_year_table_names_each_duty_by_its_days() {
        let rules = crate::plan::testing::sosa();
        let at = |d| {
            chrono::DateTime::parse_from_rfc3339(&format!("2027-03-{d:02}T09:00:00+09:00")).unwrap()
        };
        let slot = crate::store::RotaSlot {
            id: "2027-03-09".into(),
            start: at(9),
            end: at(16),
            kind: "regular".into(),
            weight: 2,
            holidays: Vec::new(),
            doctors: vec!["d01".into()],
            parts: Vec::new(),
        };
        let row = rota_row(&rules, &slot, "d01", (Lang::Ja, 2027));
        assert_eq!(row.days.ja(), "3月9日(火)〜3月15日(月)");
        assert!(row.mine);
        assert_eq!(row.doctors, vec!["青木 一郎".to_string()]);
    }
}
