//! The words of duty reminders and handover messages. Unlike call notices they are composed
//! from the store at delivery time: who is away this week, which calls are open, what the
//! outgoing doctor noted. Patients appear by number, district and attending doctor only.
//!
//! Also the words shared by the chat and these messages: dates for people (`3月9日(火) 9:00`),
//! doctors with 先生, the outcomes of a call, and the copies of a report for those who are
//! neither the attending doctor nor the caller (the duty doctor by patient number; the office
//! in place of a former member).

use chrono::{DateTime, NaiveDate, Utc};

use crate::msg::notice::{
    AwayAlert, AwayPatient, Clash, Former, HandoverLists, Missing, NoticeMsg, OpenCall, Who,
    outcome_en, outcome_ja,
};
use crate::msg::{Day, Doctor, Message, When};
use crate::routing::{Body, Call, CallState, Outcome, Patient, PatientId};
use crate::rules::{Language, MemberId, MemberRole, Rules};
use crate::store::{RotaSlot, Store, StoreError};

/// An instant as a message argument, in the association's zone.
pub fn instant(rules: &Rules, t: DateTime<Utc>) -> When {
    When(t.with_timezone(&rules.association.tz))
}

/// A member as a message argument: a doctor (「…先生」 in Japanese) or anyone else by name.
pub fn who(rules: &Rules, id: &str) -> Who {
    let name = rules.name_of(id).to_string();
    match rules.member(id).map(|m| m.role) {
        Some(MemberRole::Doctor) => Who::Doctor(Doctor(name)),
        _ => Who::Named(name),
    }
}

/// `3月9日(火) 9:00` (ja) or `Tue 9 Mar 09:00` (en): an instant for people, in the association's
/// zone.
pub fn when(rules: &Rules, t: DateTime<Utc>) -> String {
    let w = instant(rules, t);
    match rules.association.language {
        Language::Ja => w.ja(),
        Language::En => w.en(),
    }
}

/// `3月9日(火)` (ja) or `Tue 9 Mar` (en).
pub fn day(rules: &Rules, d: NaiveDate) -> String {
    match rules.association.language {
        Language::Ja => Day(d).ja(),
        Language::En => Day(d).en(),
    }
}

/// `21:45`: a clock time in the association's zone (deadlines of a call, which are minutes away).
pub fn clock(rules: &Rules, t: DateTime<Utc>) -> String {
    instant(rules, t).ja_time()
}

/// A member as addressed in a message: `青木 一郎先生` for a doctor in Japanese, else the name.
pub fn person(rules: &Rules, id: &str) -> String {
    let w = who(rules, id);
    match rules.association.language {
        Language::Ja => w.ja(),
        Language::En => w.en(),
    }
}

/// The outcome as a member reads and writes it.
pub fn outcome_label(rules: &Rules, outcome: Outcome) -> &'static str {
    match rules.association.language {
        Language::Ja => outcome_ja(outcome),
        Language::En => outcome_en(outcome),
    }
}

/// Words that name an outcome, in either language, longest first within each outcome.
const OUTCOME_WORDS: &[(Outcome, &[&str])] = &[
    (Outcome::Visit, &["往診した", "往診済み", "往診", "visited", "visit"]),
    (
        Outcome::Phone,
        &["電話で助言", "電話助言", "電話対応", "電話", "phone advice", "phone", "advice"],
    ),
    (Outcome::Admitted, &["入院", "admitted", "admission"]),
    (Outcome::Other, &["その他", "other"]),
];

/// The outcome named by `word` as a whole (`visit`, `往診した`, …), any case.
pub fn parse_outcome(word: &str) -> Option<Outcome> {
    let word = word.trim().to_lowercase();
    OUTCOME_WORDS.iter().find(|(_, words)| words.contains(&word.as_str())).map(|(o, _)| *o)
}

/// The outcome that `text` starts with, if it names one as a word of its own, and the rest:
/// `往診した 解熱剤を投与` → (Visit, `解熱剤を投与`).
pub fn split_outcome(text: &str) -> (Option<Outcome>, &str) {
    let text = text.trim();
    let lower = text.to_lowercase();
    for (outcome, words) in OUTCOME_WORDS {
        for w in *words {
            // Lower-casing leaves Japanese and ASCII the same length, so the byte offsets agree.
            if lower.starts_with(w) && lower.len() == text.len() {
                let Some(rest) = text.get(w.len()..) else { continue };
                let boundary = rest
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || "、。,.:：;；!！".contains(c));
                if boundary {
                    return (
                        Some(*outcome),
                        rest.trim_start_matches(|c: char| {
                            c.is_whitespace() || "、。,.:：;；!！".contains(c)
                        }),
                    );
                }
            }
        }
    }
    (None, text)
}

/// The published slots (each once, reserved ones included), by start.
///
/// # Errors
/// If the store fails.
pub fn published_slots(store: &dyn Store) -> Result<Vec<RotaSlot>, StoreError> {
    let mut slots: Vec<RotaSlot> = Vec::new();
    let published =
        store.rotas()?.into_iter().filter(|r| r.status == crate::store::RotaStatus::Published);
    for r in published {
        for s in r.slots.into_iter().chain(r.reserved) {
            if !slots.iter().any(|x| x.id == s.id) {
                slots.push(s);
            }
        }
    }
    slots.sort_by_key(|s| s.start);
    Ok(slots)
}

/// The text of a reminder or handover notice (empty for other bodies).
///
/// # Errors
/// If the store fails.
pub fn render(rules: &Rules, store: &dyn Store, body: &Body) -> Result<String, StoreError> {
    render_for(rules, store, None, body)
}

/// As [`render`], for recipient `to`: a handover sent to the office in place of a former member
/// says so.
///
/// # Errors
/// If the store fails.
pub fn render_for(
    rules: &Rules,
    store: &dyn Store,
    to: Option<&MemberId>,
    body: &Body,
) -> Result<String, StoreError> {
    Ok(match message_for(rules, store, to, body)? {
        Some(m) => m.render(rules.association.language),
        // Swap offers and rota changes still carry their text (rendered when queued).
        None => match body {
            Body::RotaChanged { detail } | Body::SwapOffer { detail, .. } => detail.clone(),
            Body::Swap { note, request } => {
                let msg = crate::swap::text::message(rules, note);
                let msg = match request_rota(store, *request)? {
                    Some(rota) => {
                        let rota = rules.rota_name(&rota).to_string();
                        crate::msg::swap::SwapMsg::InRota { rota, msg: Box::new(msg) }
                    }
                    None => msg,
                };
                msg.render(rules.association.language)
            }
            _ => String::new(),
        },
    })
}

/// The rota of swap request `id` when it is not the association's own (issue 20): its
/// notices are named by it, as its reminders are.
fn request_rota(
    store: &dyn Store,
    id: crate::ids::SwapRequestId,
) -> Result<Option<crate::rules::RotaId>, StoreError> {
    let requests = store.swap_requests()?;
    let rota = requests.into_iter().find(|r| r.id == id).and_then(|r| r.rota);
    Ok(rota.filter(|r| !r.is_main()))
}

/// The catalogue message of a notice that is not about a call, for recipient `to`; `None` for
/// call notices and for the bodies that still carry their own text.
///
/// # Errors
/// If the store fails.
pub fn message_for(
    rules: &Rules,
    store: &dyn Store,
    to: Option<&MemberId>,
    body: &Body,
) -> Result<Option<NoticeMsg>, StoreError> {
    let at = |t: &DateTime<Utc>| instant(rules, *t);
    Ok(Some(match body {
        // Another rota's notice (issue 20): read with its rules, against its records.
        Body::InRota { rota, body } => {
            let Some(scoped) = rules.for_rota(rota) else { return Ok(None) };
            let view = crate::store::RotaView::new(store, rota);
            let Some(msg) = message_for(&scoped, &view, to, body)? else { return Ok(None) };
            NoticeMsg::InRota { rota: rules.rota_name(rota).to_string(), msg: Box::new(msg) }
        }
        Body::Handover { slot, start, end, previous, incoming } => {
            let slot_doctors: Vec<String> = published_slots(store)?
                .into_iter()
                .find(|s| s.id == *slot)
                .map(|s| s.doctors)
                .unwrap_or_default();
            let doctors: Vec<Who> = slot_doctors.iter().map(|d| who(rules, d)).collect();
            if !incoming {
                return Ok(Some(NoticeMsg::HandoverOut { at: at(start), next: doctors }));
            }
            let lists = Box::new(handover_lists(rules, store, *start, *end, previous.as_deref())?);
            let for_office = to.is_some_and(|t| !slot_doctors.iter().any(|d| d == t.as_str()));
            if for_office {
                let on = start.with_timezone(&rules.association.tz).date_naive();
                let (current, former): (Vec<&String>, Vec<&String>) =
                    slot_doctors.iter().partition(|d| rules.is_current(d, on));
                NoticeMsg::HandoverOffice {
                    start: at(start),
                    end: at(end),
                    former: former
                        .iter()
                        .map(|d| Former {
                            who: who(rules, d),
                            left: rules.doctor(d).and_then(|x| x.left).map(Day),
                        })
                        .collect(),
                    staying: current.iter().map(|d| who(rules, d)).collect(),
                    lists,
                }
            } else {
                NoticeMsg::HandoverIn { start: at(start), end: at(end), doctors, lists }
            }
        }
        Body::Unstaffed { slot, start, has, needs } => NoticeMsg::Unstaffed {
            slot: slot.clone(),
            start: at(start),
            has: *has,
            needs: *needs,
            missing: missing(rules, store, slot)?,
        },
        Body::RotaUpdated { year, added, removed } => {
            let slots = published_slots(store)?;
            let day = |id: &String| {
                slots.iter().find(|s| &s.id == id).map_or_else(
                    || id.parse().unwrap_or_default(),
                    |s| s.start.with_timezone(&rules.association.tz).date_naive(),
                )
            };
            let days = |ids: &[String]| ids.iter().map(|i| crate::msg::Day(day(i))).collect();
            NoticeMsg::RotaUpdated {
                year: *year,
                fiscal: rules.association.plan_year_start.month != 1,
                added: days(added),
                removed: days(removed),
            }
        }
        _ => return Ok(plain_message(rules, &super::links::Links::of(store), body)),
    }))
}

/// The catalogue message of a notice composed from its body and the rules alone (a reminder,
/// an absence over a duty, alerts to the office, which lead by `links` to the console's page
/// that fixes what they report); `None` for any other body.
pub fn plain_message(rules: &Rules, links: &super::links::Links, body: &Body) -> Option<NoticeMsg> {
    let at = |t: &DateTime<Utc>| instant(rules, *t);
    Some(match body {
        Body::Reminder { start, end, .. } => NoticeMsg::Reminder { start: at(start), end: at(end) },
        Body::ChannelDown { since, failures } => {
            NoticeMsg::ChannelDown { since: at(since), failures: *failures }
        }
        Body::ChannelUp { since, until } => NoticeMsg::ChannelUp {
            since: at(since),
            until: at(until),
            minutes: (*until - *since).num_minutes().max(1),
        },
        Body::LinkBroken { member, why, channel } => NoticeMsg::LinkBroken {
            who: who(rules, member.as_str()),
            id: member.to_string(),
            why: why.clone(),
            channel: channel.clone().unwrap_or_else(|| "Telegram".into()),
            invite: links.invitations(),
        },
        Body::WebhookRefused { webhook, member, what, status, why } => {
            NoticeMsg::WebhookRefused(crate::msg::webhook::WebhookRefused {
                webhook: webhook.clone(),
                who: who(rules, member.as_str()),
                id: member.to_string(),
                what: what.clone(),
                status: *status,
                why: why.clone(),
            })
        }
        Body::WebhookGivenUp { webhook, member, what, minutes, status, why } => {
            NoticeMsg::WebhookGivenUp(crate::msg::webhook::WebhookGivenUp {
                webhook: webhook.clone(),
                who: who(rules, member.as_str()),
                id: member.to_string(),
                what: what.clone(),
                minutes: *minutes,
                status: *status,
                why: why.clone(),
            })
        }
        Body::DeadLetter { member, what, since, why } => NoticeMsg::DeadLetter {
            who: who(rules, member.as_str()),
            id: member.to_string(),
            what: what.clone(),
            since: at(since),
            why: why.clone(),
        },
        Body::RulesRejected { problems, message } => {
            NoticeMsg::RulesRejected { problems: problems.clone(), detail: message.clone() }
        }
        Body::NoRota { since, at: now } => {
            let (year, fiscal) = plan_year(rules, *now);
            let plan = links.plan(year);
            NoticeMsg::NoRota { since: since.as_ref().map(at), now: at(now), year, fiscal, plan }
        }
        Body::AwayOverDuty {
            doctor,
            slot,
            start,
            end,
            from,
            to,
            note,
            others,
            started,
            office,
        } => {
            let others = others.iter().map(|d| who(rules, d.as_str())).collect();
            if *office {
                NoticeMsg::AwayOverDutyOffice(Box::new(AwayAlert {
                    who: who(rules, doctor.as_str()),
                    id: doctor.to_string(),
                    slot: slot.clone(),
                    start: at(start),
                    end: at(end),
                    from: Day(*from),
                    to: Day(*to),
                    note: note.clone(),
                    others,
                    console: links.slot(rules, slot),
                }))
            } else {
                NoticeMsg::AwayOverDuty {
                    start: at(start),
                    end: at(end),
                    from: Day(*from),
                    to: Day(*to),
                    others,
                    cover: (!started).then(|| Day(at(start).0.date_naive())),
                }
            }
        }
        Body::MembershipClash { rules: dir, clashes } => NoticeMsg::MembershipClash {
            rules: dir.clone(),
            clashes: clashes
                .iter()
                .map(|(d, slots)| Clash {
                    who: who(rules, d),
                    id: d.clone(),
                    slots: slots.clone(),
                    console: slots
                        .first()
                        .map_or_else(|| links.slot(rules, ""), |first| links.slot(rules, first)),
                })
                .collect(),
        },
        _ => return None,
    })
}

/// The plan year that holds `t` and whether plan years are fiscal years (April to March).
fn plan_year(rules: &Rules, t: DateTime<Utc>) -> (i32, bool) {
    use chrono::Datelike;
    let day = t.with_timezone(&rules.association.tz).date_naive();
    let first = rules.association.plan_year_start;
    let start = first.in_year(day.year());
    let fiscal = first.month != 1;
    (if day < start { day.year() - 1 } else { day.year() }, fiscal)
}

/// What the incoming doctors of a duty from `start` to `end` should know: registered patients
/// whose attending doctor is away, open calls, and the notes left on slot `previous`.
fn handover_lists(
    rules: &Rules,
    store: &dyn Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    previous: Option<&str>,
) -> Result<HandoverLists, StoreError> {
    let tz = rules.association.tz;
    let (first, last) =
        (start.with_timezone(&tz).date_naive(), end.with_timezone(&tz).date_naive());
    let away: Vec<_> = store
        .absences()?
        .into_iter()
        .filter(|a| !a.soft && a.from <= last && a.to >= first)
        .collect();
    // Each rota's duty doctors hear of their rota's patients only (issue 20): the patient's
    // group picks the rota, as it does for calls.
    let all = store.patients()?;
    let of_rota = |p: &&crate::routing::Patient| {
        p.details.rota.as_ref().unwrap_or(&crate::rules::RotaId::main()) == store.scope()
    };
    let ours: std::collections::BTreeSet<PatientId> =
        all.iter().filter(of_rota).map(|p| p.id).collect();
    let mut patients = Vec::new();
    // A patient whose registration ended (death, move, withdrawal) takes no calls.
    for p in all.iter().filter(of_rota).filter(|p| p.ended().is_none()) {
        if let Some(a) = away.iter().find(|a| a.doctor == p.details.attending.as_str()) {
            patients.push(AwayPatient {
                patient: p.id,
                area: p.details.area.clone(),
                attending: who(rules, p.details.attending.as_str()),
                substitute: p.details.substitute.as_ref().map(|s| who(rules, s.as_str())),
                from: Day(a.from),
                to: Day(a.to),
            });
        }
    }
    let open = store
        .calls()?
        .into_iter()
        .filter(|c| ours.contains(&c.patient))
        .filter(|c| {
            matches!(c.state, CallState::Waiting { .. })
                || (matches!(c.state, CallState::Accepted { .. }) && c.report.is_none())
        })
        .map(|c| OpenCall {
            call: c.id,
            patient: c.patient,
            waiting: matches!(c.state, CallState::Waiting { .. }),
        })
        .collect();
    // Another rota's notes are kept under `ID/SLOT` (issue 20).
    let key = |prev: &str| match store.scope() {
        rota if rota.is_main() => prev.to_string(),
        rota => format!("{rota}/{prev}"),
    };
    let notes = match previous {
        Some(prev) => Some(
            store
                .notes(&key(prev))?
                .into_iter()
                .map(|n| (who(rules, n.by.as_str()), n.text))
                .collect(),
        ),
        None => None,
    };
    Ok(HandoverLists { away: patients, open, notes })
}

/// Why doctors of slot `slot` cannot take calls: a former member or a doctor away during it.
fn missing(rules: &Rules, store: &dyn Store, slot: &str) -> Result<Vec<Missing>, StoreError> {
    let Some(s) = published_slots(store)?.into_iter().find(|s| s.id == slot) else {
        return Ok(Vec::new());
    };
    let tz = rules.association.tz;
    let (first, last) = (
        s.start.with_timezone(&tz).date_naive(),
        (s.end.with_timezone(&tz) - chrono::Duration::seconds(1)).date_naive(),
    );
    let absences = store.absences()?;
    let mut out = Vec::new();
    for d in &s.doctors {
        let left = rules.doctor(d).and_then(|x| x.left).filter(|l| *l < last);
        if let Some(l) = left {
            out.push(Missing::Left { who: who(rules, d), on: Day(l) });
            continue;
        }
        for a in
            absences.iter().filter(|a| !a.soft && a.doctor == *d && a.from <= last && a.to >= first)
        {
            out.push(Missing::Away { who: who(rules, d), from: Day(a.from), to: Day(a.to) });
        }
    }
    Ok(out)
}

/// The text of a report for `to` when `to` is neither the call's attending doctor nor its
/// caller: the duty doctor (the patient by number and district, no name), or an admin in place
/// of a former member (with the name, as the office keeps the registry). `None` for any other
/// notice or recipient.
pub fn report_copy(
    rules: &Rules,
    call: &Call,
    patient: Option<&Patient>,
    to: &MemberId,
    body: &Body,
) -> Option<String> {
    let Body::Report { call: id, patient: pid, by, text } = body else { return None };
    if *to == call.attending || *to == call.caller {
        return None;
    }
    let outcome = call.report.as_ref().and_then(|r| r.outcome);
    let on = call.report.as_ref().map_or(call.raised_at, |r| r.at);
    let on = on.with_timezone(&rules.association.tz).date_naive();
    let (caller, by) = (who(rules, call.caller.as_str()), who(rules, by.as_str()));
    let office = rules.admins.iter().any(|a| a.id == *to);
    let m = if office {
        let asked = call.chain.iter().filter(|s| s.kind == crate::routing::StepKind::Duty);
        let former: Vec<Who> = std::iter::once(&call.attending)
            .chain(asked.flat_map(|s| s.members.iter()))
            .filter(|m| !rules.is_current(m.as_str(), on))
            .map(|m| who(rules, m.as_str()))
            .collect();
        NoticeMsg::ReportToOffice {
            call: *id,
            patient: *pid,
            name: patient.map(|p| p.details.name.clone()),
            former,
            caller,
            by,
            outcome,
            text: text.clone(),
        }
    } else {
        NoticeMsg::ReportCopy {
            call: *id,
            patient: *pid,
            area: patient.and_then(|p| p.details.area.clone()),
            caller,
            by,
            outcome,
            text: text.clone(),
        }
    };
    Some(m.render(rules.association.language))
}

#[cfg(test)]
mod tests {
    //! The words of notices composed without the store: dates with weekdays, 先生, no command
    //! line to a doctor, 年度 for a fiscal year.

    use crate::store::prelude::*;
    use chrono::TimeZone;

    use super::*;
    use crate::plan::testing::sosa;
    use crate::rules::RotaId;

    fn jst(d: u32, h: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap().with_timezone(&Utc)
    }

    fn text(rules: &Rules, body: &Body) -> String {
        let links = super::super::links::Links::at("https://toban.example", &RotaId::main());
        plain_message(rules, &links, body).unwrap().render(rules.association.language)
    }

    fn english() -> Rules {
        let mut rules = sosa();
        rules.association.language = Language::En;
        rules
    }

    #[test]
    fn a_reminder_gives_the_duty_as_dates_with_weekdays_not_days_ahead() {
        let body =
            Body::Reminder { slot: "2027-w10".into(), start: jst(9, 9), end: jst(16, 9), days: 1 };
        let ja = text(&sosa(), &body);
        assert_eq!(
            ja,
            "【当番のお知らせ】3月9日(火) 9:00から3月16日(火) 9:00まで、在宅当番をお願いいたします。"
        );
        assert!(!ja.contains("日後"), "{ja}");
        assert_eq!(
            text(&english(), &body),
            "[Duty reminder] You are on home-care duty from Tue 9 Mar 09:00 to Tue 16 Mar 09:00."
        );
    }

    fn away(office: bool, started: bool) -> Body {
        Body::AwayOverDuty {
            doctor: "d03".parse().unwrap(),
            slot: "2027-03-09".into(),
            start: jst(9, 9),
            end: jst(16, 9),
            from: NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
            to: NaiveDate::from_ymd_opt(2027, 3, 12).unwrap(),
            note: Some("学会".into()),
            others: vec!["d01".parse().unwrap()],
            started,
            office,
        }
    }

    #[test]
    fn an_absence_over_a_duty_shows_the_doctor_cover_and_the_office_the_command() {
        let doctor = text(&sosa(), &away(false, false));
        assert!(doctor.contains("当番（3月9日(火) 9:00〜3月16日(火) 9:00）"), "{doctor}");
        assert!(doctor.contains("当番への依頼は青木 一郎先生にのみ回ります"), "{doctor}");
        assert!(doctor.contains("/cover 3/9"), "{doctor}");
        assert!(!doctor.contains("toban "), "no command line to a doctor: {doctor}");
        let under_way = text(&sosa(), &away(false, true));
        assert!(under_way.contains("事務局にご相談ください") && !under_way.contains("/cover"));
        let office = text(&sosa(), &away(true, false));
        assert!(
            office.starts_with("【要対応】上田 誠先生が、当番の期間に不在を登録しました。"),
            "{office}"
        );
        // See: issue 18 (review): the office's alert named `toban cover 2027-w10 d03 …`; the
        // clerk is led to the duty's page on the console instead.
        assert!(
            office.ends_with(
                "代行の先生を設定できます: https://toban.example/admin/year/2027/slot/2027-03-09"
            ),
            "{office}"
        );
        assert!(!office.contains("toban ") && !office.contains('`'), "{office}");
        let en = text(&english(), &away(false, false));
        assert!(en.contains("Ask for cover with /cover 2027-03-09."), "{en}");
        assert!(!en.contains("toban "), "{en}");
    }

    #[test]
    fn the_no_rota_alert_names_the_plan_year_as_nendo_for_a_fiscal_year() {
        let body = Body::NoRota { since: Some(jst(2, 9)), at: jst(3, 12) };
        let calendar = text(&sosa(), &body);
        assert!(
            calendar.contains("公開された当番表は3月2日(火) 9:00で終わっています。"),
            "{calendar}"
        );
        assert!(calendar.contains("2027年の当番表を作成し"), "{calendar}");
        let mut fiscal = sosa();
        fiscal.association.plan_year_start = crate::rules::MonthDay { month: 4, day: 1 };
        // March 2027 is in the fiscal year that began in April 2026.
        let f = text(&fiscal, &body);
        assert!(f.contains("2026年度の当番表を作成し"), "{f}");
        assert!(
            f.ends_with("「計画と公開」で行えます: https://toban.example/admin/plan/2026"),
            "{f}"
        );
        assert!(!f.contains("toban ") && !calendar.contains("toban "), "{f}");
    }

    // See: issue 19's audit: the office read "（the member blocked the LINE bot (unfollow)）"
    // inside its Japanese alert, and `toban links` and `toban doctor` showed it too.
    #[test]
    fn a_member_who_blocked_the_line_bot_is_told_to_the_office_in_its_language() {
        // As queued before the reason was a tag, and as queued now.
        for why in ["the member blocked the LINE bot (unfollow)", "unfollow"] {
            let body = Body::LinkBroken {
                member: "d01".parse().unwrap(),
                why: why.into(),
                channel: Some("LINE".into()),
            };
            let ja = text(&sosa(), &body);
            assert!(
                ja.contains("の LINE に届かなくなりました（LINE でブロックされました）"),
                "{ja}"
            );
            assert!(!ja.contains("unfollow") && !ja.contains("member"), "{ja}");
            let en = text(&english(), &body);
            assert!(en.contains(": they blocked the LINE account."), "{en}");
        }
        // What Telegram said is passed on as it is.
        let body = Body::LinkBroken {
            member: "d01".parse().unwrap(),
            why: "Forbidden: bot was blocked by the user".into(),
            channel: None,
        };
        assert!(text(&sosa(), &body).contains("（Forbidden: bot was blocked by the user）"));
    }

    #[test]
    fn the_handover_names_the_substitute_and_leaves_out_ended_registrations() {
        use crate::routing::{CourseEntry, CourseEvent, PatientDetails};
        use crate::store::{NewAbsence, SledStore};
        let rules = sosa();
        let store = SledStore::temporary().unwrap();
        let details = |substitute: Option<&str>| PatientDetails {
            rota: None,
            name: "山田 花子".into(),
            address: "匝瑳市".into(),
            area: None,
            attending: "d01".parse().unwrap(),
            hospital: None,
            diagnosis: String::new(),
            medications: String::new(),
            wishes: String::new(),
            consent: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            visit: Default::default(),
            substitute: substitute.map(|s| s.parse().unwrap()),
        };
        store.add_patient(details(Some("d05")), jst(1, 9)).unwrap();
        let mut ended = store.add_patient(details(None), jst(1, 9)).unwrap();
        let read = ended.clone();
        ended.course.push(CourseEntry {
            event: CourseEvent::DiedHome,
            date: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            recorded_at: jst(1, 9),
        });
        let audit = crate::store::AuditEntry::new(jst(1, 9), "t", "patient", "died".into());
        store.commit_patient(&read, &ended, &audit).unwrap();
        store
            .add_absence(NewAbsence {
                doctor: "d01".into(),
                from: chrono::NaiveDate::from_ymd_opt(2027, 3, 8).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2027, 3, 20).unwrap(),
                note: None,
                created_at: jst(1, 9),
                soft: false,
            })
            .unwrap();
        let lists = handover_lists(&rules, &store, jst(9, 9), jst(16, 9), None).unwrap();
        let ids: Vec<PatientId> = lists.away.iter().map(|p| p.patient).collect();
        assert_eq!(ids, [PatientId::new(1)], "patient 2 died: nobody calls for them");
        assert_eq!(
            lists.away[0].substitute.as_ref().map(|w| w.ja()),
            Some(who(&rules, "d05").ja())
        );
    }
}
