//! Turns the text of `rules/*.toml` into [`Rules`], or into every problem found.

use std::collections::BTreeMap;
use std::ops::{Range, RangeInclusive};
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use toml::Spanned;

use super::MemberRole;
use super::file::*;
use super::problem::{Problem, RulesError, Source};
use super::types::*;
use crate::msg::rules::{Place, RulesMsg};

mod fallback;
mod rota;
mod webhook;

/// A day: calendar-feed events remind the doctor the day before a duty unless the rules say.
pub const DEFAULT_ALARM_MINUTES: u32 = 24 * 60;
/// How many hours a bed status counts by default (`[beds] stale_hours`).
pub const DEFAULT_BEDS_STALE_HOURS: u32 = 24;
use super::{Association, Handover, Rules};

/// Parses and validates the given rules files as one association.
///
/// Files may split the sections between them in any way; a singleton section (`[association]`,
/// `[duty]`, ...) given in two files is an error, as is an id used twice anywhere.
///
/// # Errors
/// [`RulesError`] lists every problem with file, line and column: TOML syntax, unknown or missing
/// fields, bad values (times, dates, weekdays, zones), duplicate ids, references to unknown ids,
/// overlapping holiday periods, and settings that cannot work together.
pub fn load(sources: &[Source]) -> Result<Rules, RulesError> {
    let mut ctx = Ctx { sources, problems: Vec::new() };
    let files: Vec<Option<RulesFile>> = sources.iter().map(|s| ctx.parse(s)).collect();
    if sources.is_empty() {
        ctx.problems.push(Problem::whole(PathBuf::from("rules"), RulesMsg::NoRulesGiven));
    }
    if !ctx.problems.is_empty() {
        return Err(ctx.finish());
    }
    let files: Vec<(usize, RulesFile)> =
        files.into_iter().enumerate().filter_map(|(i, f)| f.map(|f| (i, f))).collect();
    let rules = ctx.build(&files);
    match rules {
        Some(rules) if ctx.problems.is_empty() => Ok(rules),
        _ => Err(ctx.finish()),
    }
}

struct Ctx<'a> {
    sources: &'a [Source],
    problems: Vec<Problem>,
}

/// Where a value came from: file index and byte span.
type At = (usize, Range<usize>);

impl Ctx<'_> {
    fn finish(mut self) -> RulesError {
        self.problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        RulesError { problems: self.problems }
    }

    fn parse(&mut self, src: &Source) -> Option<RulesFile> {
        match toml::from_str::<RulesFile>(&src.text) {
            Ok(f) => Some(f),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let at = src.text.get(span.clone()).unwrap_or_default();
                let (line, _) = src.line_col(span.start);
                let message = RulesMsg::of_toml(e.message(), at, src.line_text(line));
                self.problems.push(src.problem(span, message));
                None
            }
        }
    }

    fn report(&mut self, (file, span): &At, message: RulesMsg) {
        let p = self.sources[*file].problem(span.clone(), message);
        self.problems.push(p);
    }

    fn location(&self, (file, span): &At) -> Place {
        let (line, _) = self.sources[*file].line_col(span.start);
        Place { path: self.sources[*file].path.clone(), line }
    }

    /// Parses a spanned string with `parse`, reporting the field and the bad value on failure.
    fn text<T>(
        &mut self,
        file: usize,
        v: &Spanned<String>,
        field: &str,
        parse: impl Fn(&str) -> Result<T, BadValue>,
    ) -> Option<T> {
        match parse(v.get_ref()) {
            Ok(x) => Some(x),
            Err(bad) => {
                self.report(&(file, v.span()), RulesMsg::Bad { field: field.to_string(), bad });
                None
            }
        }
    }

    /// An optional phone number.
    fn phone(&mut self, file: usize, v: &Option<Spanned<String>>, field: &str) -> Option<String> {
        self.text(file, v.as_ref()?, field, parse_phone)
    }

    fn opt_text<T>(
        &mut self,
        file: usize,
        v: &Option<Spanned<String>>,
        field: &str,
        default: T,
        parse: impl Fn(&str) -> Result<T, BadValue>,
    ) -> Option<T> {
        match v {
            None => Some(default),
            Some(v) => self.text(file, v, field, parse),
        }
    }

    fn int(
        &mut self,
        file: usize,
        v: &Option<Spanned<i64>>,
        field: &str,
        range: RangeInclusive<i64>,
        default: u32,
    ) -> u32 {
        let Some(v) = v else { return default };
        let n = *v.get_ref();
        if range.contains(&n) {
            return n as u32;
        }
        let msg = RulesMsg::OutOfRange {
            field: field.to_string(),
            value: n,
            min: *range.start(),
            max: *range.end(),
        };
        self.report(&(file, v.span()), msg);
        default
    }

    fn non_empty(&mut self, file: usize, v: &Spanned<String>, field: &str) -> String {
        let s = v.get_ref().trim();
        if s.is_empty() {
            self.report(&(file, v.span()), RulesMsg::Empty { field: field.to_string() });
        }
        s.to_string()
    }

    /// A member's optional `name_en`: not empty, and in Latin letters (no kana or kanji: it is
    /// what English readers see in place of the Japanese name).
    fn name_en(&mut self, file: usize, v: &Option<Spanned<String>>, field: &str) -> Option<String> {
        let v = v.as_ref()?;
        let s = self.non_empty(file, v, field);
        if has_japanese(&s) {
            let msg = RulesMsg::NameEnNotLatin { field: field.to_string(), value: s.clone() };
            self.report(&(file, v.span()), msg);
        }
        (!s.is_empty()).then_some(s)
    }

    /// Returns the one occurrence of a singleton section, reporting any repeat.
    fn single<'f, T>(
        &mut self,
        name: &str,
        found: Vec<(usize, &'f Spanned<T>)>,
    ) -> Option<(usize, &'f Spanned<T>)> {
        let first = *found.first()?;
        for (file, s) in &found[1..] {
            let msg = RulesMsg::SectionAgain {
                section: name.to_string(),
                first: self.location(&(first.0, first.1.span())),
            };
            self.report(&(*file, s.span()), msg);
        }
        Some(first)
    }

    fn build(&mut self, files: &[(usize, RulesFile)]) -> Option<Rules> {
        macro_rules! section {
            ($field:ident) => {
                self.single(
                    stringify!($field),
                    files.iter().filter_map(|(i, f)| f.$field.as_ref().map(|s| (*i, s))).collect(),
                )
            };
        }
        let association = section!(association);
        let duty = section!(duty);
        let weights = section!(weights);
        let exemption = section!(exemption);
        let escalation = section!(escalation);
        let feed = section!(feed);
        let swap = section!(swap);
        let swap = self.swap(swap.map(|(i, s)| (i, s.get_ref())));
        let backup = section!(backup);
        let backup = self.backup(backup.map(|(i, s)| (i, s.get_ref())));
        let delivery = section!(delivery);
        let delivery = self.delivery(delivery.map(|(i, s)| (i, s.get_ref())));

        let association = match association {
            Some((i, a)) => self.association(i, a.get_ref()),
            None => {
                let path = self.sources.first().map(|s| s.path.clone()).unwrap_or_default();
                self.problems.push(Problem::whole(path, RulesMsg::NoAssociation));
                None
            }
        };
        let (handover, doctors_per_slot, min_gap_slots, merge_shorter_than_days) =
            self.duty(duty.map(|(i, d)| (i, d.get_ref())));
        let weights = self.weights(weights.map(|(i, w)| (i, w.get_ref())));
        let exemption = self.exemption(exemption.map(|(i, e)| (i, e.get_ref())));
        let call_times = self.call_times(escalation.map(|(i, e)| (i, e.get_ref())));
        let escalation_at = escalation;
        let escalation = self.escalation(escalation.map(|(i, e)| (i, e.get_ref())));
        let beds_stale_hours = match section!(beds) {
            Some((i, b)) => self.int(
                i,
                &b.get_ref().stale_hours,
                "beds.stale_hours",
                1..=24 * 14,
                DEFAULT_BEDS_STALE_HOURS,
            ),
            None => DEFAULT_BEDS_STALE_HOURS,
        };
        let feed_alarm_minutes = match feed {
            Some((i, f)) => self.int(
                i,
                &f.get_ref().alarm_minutes,
                "feed.alarm_minutes",
                0..=20160,
                DEFAULT_ALARM_MINUTES,
            ),
            None => DEFAULT_ALARM_MINUTES,
        };

        let mut ids = IdRegistry::default();
        let holiday_periods = self.holiday_periods(files, weights.holiday_slot);
        let doctors = self.doctors(files, &mut ids);
        let hospitals = self.hospitals(files, &mut ids);
        let nurse_stations = self.nurse_stations(files, &mut ids);
        let admins = self.admins(files, &mut ids, &doctors);
        let webhooks = self.webhooks(files, &ids);
        let mut call_times = call_times;
        call_times.death_fallback =
            self.death_fallback(escalation_at.map(|(i, e)| (i, e.get_ref())), &doctors, &ids);
        let defaults = rota::DutyDefaults {
            handover,
            k: doctors_per_slot,
            gap: min_gap_slots,
            merge: merge_shorter_than_days,
        };
        let rotas = self.rotas(files, &defaults, &doctors, &holiday_periods);

        if let Some((i, d)) = duty
            && let Some(k) = &d.get_ref().doctors_per_slot
            && !doctors.is_empty()
            && doctors_per_slot as usize > doctors.len()
        {
            let msg =
                RulesMsg::PerSlotMoreThanDoctors { k: doctors_per_slot, doctors: doctors.len() };
            self.report(&(i, k.span()), msg);
        }
        if doctors.is_empty() && self.problems.is_empty() {
            // Doctors belong with the other members: point at the file that lists them, if any.
            let (i, _) = files
                .iter()
                .find(|(_, f)| {
                    !f.hospital.is_empty() || !f.nurse_station.is_empty() || !f.admin.is_empty()
                })
                .unwrap_or(&files[0]);
            let path = self.sources[*i].path.clone();
            self.problems.push(Problem::whole(path, RulesMsg::NoDoctors));
        }
        Some(Rules {
            association: association?,
            handover,
            doctors_per_slot,
            min_gap_slots,
            merge_shorter_than_days,
            weights,
            exemption,
            escalation,
            call_times,
            feed_alarm_minutes,
            beds_stale_hours,
            swap,
            backup,
            delivery,
            holiday_periods,
            doctors,
            hospitals,
            nurse_stations,
            admins,
            webhooks,
            rotas,
        })
    }

    fn backup(&mut self, section: Option<(usize, &BackupSection)>) -> BackupRules {
        let d = BackupRules::default();
        let Some((i, s)) = section else { return d };
        let dir = match &s.dir {
            None => d.dir.clone(),
            Some(v) if v.get_ref().trim().is_empty() => {
                self.report(&(i, v.span()), RulesMsg::EmptyBackupDir);
                d.dir.clone()
            }
            Some(v) => v.get_ref().trim().into(),
        };
        BackupRules {
            every_hours: self.int(
                i,
                &s.every_hours,
                "backup.every_hours",
                0..=24 * 31,
                d.every_hours,
            ),
            keep: self.int(i, &s.keep, "backup.keep", 1..=1000, d.keep),
            dir,
        }
    }

    fn delivery(&mut self, section: Option<(usize, &DeliverySection)>) -> DeliveryRules {
        let d = DeliveryRules::default();
        let Some((i, s)) = section else { return d };
        DeliveryRules {
            dead_letter_minutes: self.int(
                i,
                &s.dead_letter_minutes,
                "delivery.dead_letter_minutes",
                1..=24 * 60,
                d.dead_letter_minutes,
            ),
        }
    }

    fn swap(&mut self, section: Option<(usize, &SwapSection)>) -> SwapRules {
        let d = SwapRules::default();
        let Some((i, s)) = section else { return d };
        let cover_order = self
            .opt_text(i, &s.cover_order, "swap.cover_order", d.cover_order, CoverOrder::from_str)
            .unwrap_or(d.cover_order);
        SwapRules {
            admin_approval: s.admin_approval.as_ref().map_or(d.admin_approval, |b| *b.get_ref()),
            cover_order,
            cover_ask: self.int(i, &s.cover_ask, "swap.cover_ask", 1..=50, d.cover_ask),
            cover_hours: self.int(
                i,
                &s.cover_hours,
                "swap.cover_hours",
                1..=24 * 14,
                d.cover_hours,
            ),
            cover_turn_hours: self.int(
                i,
                &s.cover_turn_hours,
                "swap.cover_turn_hours",
                1..=24 * 7,
                d.cover_turn_hours,
            ),
        }
    }

    fn association(&mut self, i: usize, a: &AssociationSection) -> Option<Association> {
        let id = self.text(i, &a.id, "association.id", MemberId::from_str);
        let name = self.non_empty(i, &a.name, "association.name");
        let name_en = self.name_en(i, &a.name_en, "association.name_en");
        let tz = self.opt_text(i, &a.time_zone, "association.time_zone", Tz::Asia__Tokyo, |s| {
            s.parse::<Tz>().map_err(|_| BadValue::TimeZone(s.to_string()))
        });
        let language =
            self.opt_text(i, &a.language, "association.language", Language::Ja, Language::from_str);
        let start = MonthDay { month: 1, day: 1 };
        let plan_year_start =
            self.opt_text(i, &a.plan_year_start, "association.plan_year_start", start, |s| {
                MonthDay::from_str(s)
            });
        let phone = self.phone(i, &a.phone, "association.phone");
        Some(Association {
            id: id?.to_string(),
            name,
            name_en,
            tz: tz?,
            language: language?,
            plan_year_start: plan_year_start?,
            phone,
        })
    }

    fn duty(&mut self, duty: Option<(usize, &DutySection)>) -> (Handover, u32, u32, u32) {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("09:00");
        let mut handover = Handover { weekday: Weekday::Tue, time: nine };
        let Some((i, d)) = duty else { return (handover, 1, 1, 4) };
        let wd = self.opt_text(
            i,
            &d.handover_weekday,
            "duty.handover_weekday",
            Weekday::Tue,
            parse_weekday,
        );
        let time = self.opt_text(i, &d.handover_time, "duty.handover_time", nine, parse_time);
        handover = Handover { weekday: wd.unwrap_or(Weekday::Tue), time: time.unwrap_or(nine) };
        let k = self.int(i, &d.doctors_per_slot, "duty.doctors_per_slot", 1..=10, 1);
        let gap = self.int(i, &d.min_gap_slots, "duty.min_gap_slots", 0..=52, 1);
        let merge =
            self.int(i, &d.merge_shorter_than_days, "duty.merge_shorter_than_days", 0..=7, 4);
        (handover, k, gap, merge)
    }

    fn weights(&mut self, w: Option<(usize, &WeightsSection)>) -> Weights {
        let Some((i, w)) = w else {
            return Weights { regular_slot: 2, holiday_slot: 4, public_holiday_day: 1 };
        };
        Weights {
            regular_slot: self.int(i, &w.regular_slot, "weights.regular_slot", 1..=100, 2),
            holiday_slot: self.int(i, &w.holiday_slot, "weights.holiday_slot", 1..=100, 4),
            public_holiday_day: self.int(
                i,
                &w.public_holiday_day,
                "weights.public_holiday_day",
                0..=100,
                1,
            ),
        }
    }

    fn exemption(&mut self, e: Option<(usize, &ExemptionSection)>) -> ExemptWindow {
        let Some((i, Some(v))) = e.map(|(i, e)| (i, &e.slots_before_holiday)) else {
            return ExemptWindow::Rotation;
        };
        match v.get_ref() {
            toml::Value::String(s) if s == "rotation" => ExemptWindow::Rotation,
            toml::Value::Integer(n) if (0..=52).contains(n) => ExemptWindow::Slots(*n as u32),
            other => {
                let msg = RulesMsg::Exemption { value: other.to_string() };
                self.report(&(i, v.span()), msg);
                ExemptWindow::Rotation
            }
        }
    }

    /// `[escalation.death]` and `[escalation.advice]`, each value defaulting to the urgent one.
    /// The death confirmation's fallback doctor is read later, by [`Self::death_fallback`],
    /// once the doctors are known.
    fn call_times(&mut self, e: Option<(usize, &EscalationSection)>) -> CallTimes {
        let urgent = self.escalation_quiet(e);
        type Three<'s> =
            (&'s Option<Spanned<i64>>, &'s Option<Spanned<i64>>, &'s Option<Spanned<i64>>);
        let mut kind = |name: &str, s: Option<Three>| -> StepMinutes {
            let (Some((i, _)), Some((att, duty, hosp))) = (e, s) else { return urgent };
            let r = 1..=1440;
            let mut one = |v: &Option<Spanned<i64>>, field: &str, d: u32| {
                self.int(i, v, &format!("escalation.{name}.{field}"), r.clone(), d)
            };
            StepMinutes {
                attending_minutes: one(att, "attending_minutes", urgent.attending_minutes),
                duty_doctor_minutes: one(duty, "duty_doctor_minutes", urgent.duty_doctor_minutes),
                hospital_minutes: one(hosp, "hospital_minutes", urgent.hospital_minutes),
            }
        };
        let death = e.and_then(|(_, s)| s.death.as_ref());
        let death = kind(
            "death",
            death.map(|d| (&d.attending_minutes, &d.duty_doctor_minutes, &d.hospital_minutes)),
        );
        let advice = e.and_then(|(_, s)| s.advice.as_ref());
        let advice = kind(
            "advice",
            advice.map(|d| (&d.attending_minutes, &d.duty_doctor_minutes, &d.hospital_minutes)),
        );
        CallTimes { death, advice, death_fallback: None }
    }

    /// The urgent step minutes as [`Self::escalation`] reads them, without reporting problems
    /// (it reports them itself): the defaults of the other call types.
    fn escalation_quiet(&self, e: Option<(usize, &EscalationSection)>) -> StepMinutes {
        let d = Escalation::DEFAULT;
        let Some((_, e)) = e else { return d.steps() };
        let ok = |v: &Option<Spanned<i64>>, d: u32| {
            v.as_ref()
                .map(|v| *v.get_ref())
                .filter(|n| (1..=1440).contains(n))
                .map_or(d, |n| n as u32)
        };
        StepMinutes {
            attending_minutes: ok(&e.attending_minutes, d.attending_minutes),
            duty_doctor_minutes: ok(&e.duty_doctor_minutes, d.duty_doctor_minutes),
            hospital_minutes: ok(&e.hospital_minutes, d.hospital_minutes),
        }
    }

    fn escalation(&mut self, e: Option<(usize, &EscalationSection)>) -> Escalation {
        let d = Escalation::DEFAULT;
        let Some((i, e)) = e else { return d };
        let r = 1..=1440;
        Escalation {
            attending_minutes: self.int(
                i,
                &e.attending_minutes,
                "escalation.attending_minutes",
                r.clone(),
                d.attending_minutes,
            ),
            duty_doctor_minutes: self.int(
                i,
                &e.duty_doctor_minutes,
                "escalation.duty_doctor_minutes",
                r.clone(),
                d.duty_doctor_minutes,
            ),
            hospital_minutes: self.int(
                i,
                &e.hospital_minutes,
                "escalation.hospital_minutes",
                r,
                d.hospital_minutes,
            ),
            // Past 12 hours a call no longer counts as open, so no follow-up could join it.
            followup_minutes: self.int(
                i,
                &e.followup_minutes,
                "escalation.followup_minutes",
                0..=i64::from(MAX_FOLLOWUP_MINUTES),
                d.followup_minutes,
            ),
        }
    }

    fn holiday_periods(
        &mut self,
        files: &[(usize, RulesFile)],
        default_weight: u32,
    ) -> Vec<HolidayPeriod> {
        let mut out: Vec<(HolidayPeriod, At)> = Vec::new();
        for (i, f) in files {
            for p in &f.holiday_period {
                let at = (*i, p.span());
                let p = p.get_ref();
                let id = self.text(*i, &p.id, "holiday_period.id", parse_period_id);
                let name = self.non_empty(*i, &p.name, "holiday_period.name");
                let start = self.text(*i, &p.start, "holiday_period.start", MonthDay::from_str);
                let end = self.text(*i, &p.end, "holiday_period.end", MonthDay::from_str);
                let weight =
                    self.int(*i, &p.weight, "holiday_period.weight", PERIOD_WEIGHT, default_weight);
                let (Some(id), Some(start), Some(end)) = (id, start, end) else { continue };
                if let Some((_, first)) = out.iter().find(|(q, _)| q.id == id.as_str()) {
                    let msg = RulesMsg::HolidayIdTwice {
                        id: id.to_string(),
                        first: self.location(first),
                    };
                    self.report(&(*i, p.id.span()), msg);
                    continue;
                }
                let period = HolidayPeriod {
                    id: id.to_string(),
                    name,
                    start,
                    end,
                    extend_over_public_holidays: p.extend_over_public_holidays,
                    weight,
                };
                let days = period_days(&period);
                if days > MAX_PERIOD_DAYS {
                    let msg = RulesMsg::HolidayTooLong { id: id.to_string(), days, start, end };
                    self.report(&(*i, p.end.span()), msg);
                    continue;
                }
                out.push((period, at));
            }
        }
        self.check_overlaps(&out);
        out.sort_by_key(|(p, _)| p.start);
        out.into_iter().map(|(p, _)| p).collect()
    }

    /// Two holiday periods may not share a day in any year ([`periods_overlap`]).
    fn check_overlaps(&mut self, periods: &[(HolidayPeriod, At)]) {
        for (x, (p, _)) in periods.iter().enumerate() {
            for (q, at_q) in &periods[x + 1..] {
                if periods_overlap(p, q) {
                    let msg = RulesMsg::HolidayOverlap {
                        id: q.id.clone(),
                        start: q.start,
                        end: q.end,
                        other: p.id.clone(),
                        other_start: p.start,
                        other_end: p.end,
                    };
                    self.report(at_q, msg);
                }
            }
        }
    }

    fn member_id(
        &mut self,
        i: usize,
        v: &Spanned<String>,
        kind: MemberRole,
        ids: &mut IdRegistry,
    ) -> Option<MemberId> {
        let id = self.text(i, v, &format!("{}.id", kind.as_str()), MemberId::from_str)?;
        if let Some((other, at)) = ids.0.get(&id).cloned() {
            let msg =
                RulesMsg::IdUsed { kind, id: id.to_string(), other, first: self.location(&at) };
            self.report(&(i, v.span()), msg);
            return None;
        }
        ids.0.insert(id.clone(), (kind, (i, v.span())));
        Some(id)
    }

    fn date(
        &mut self,
        i: usize,
        v: &Option<Spanned<toml::Value>>,
        field: &str,
    ) -> Option<NaiveDate> {
        let v = v.as_ref()?;
        let text = match v.get_ref() {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => format!("{other}"),
        };
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(bad) => {
                self.report(&(i, v.span()), RulesMsg::Bad { field: field.to_string(), bad });
                None
            }
        }
    }

    fn doctors(&mut self, files: &[(usize, RulesFile)], ids: &mut IdRegistry) -> Vec<Doctor> {
        let mut out = Vec::new();
        for (i, f) in files {
            for d in &f.doctor {
                let d = d.get_ref();
                let id = self.member_id(*i, &d.id, MemberRole::Doctor, ids);
                let name = self.non_empty(*i, &d.name, "doctor.name");
                let name_en = self.name_en(*i, &d.name_en, "doctor.name_en");
                let clinic = self.non_empty(*i, &d.clinic, "doctor.clinic");
                let fte = match &d.fte {
                    None => 1.0,
                    Some(v) if fte_in_range(*v.get_ref()) => *v.get_ref(),
                    Some(v) => {
                        let msg = RulesMsg::Fte { value: v.get_ref().to_string() };
                        self.report(&(*i, v.span()), msg);
                        1.0
                    }
                };
                let joined = self.date(*i, &d.joined, "doctor.joined");
                let left = self.date(*i, &d.left, "doctor.left");
                if let (Some(j), Some(l), Some(lv)) = (joined, left, &d.left)
                    && l < j
                {
                    self.report(
                        &(*i, lv.span()),
                        RulesMsg::LeftBeforeJoined { left: l, joined: j },
                    );
                }
                let phone = self.phone(*i, &d.phone, "doctor.phone");
                let Some(id) = id else { continue };
                out.push(Doctor { id, name, name_en, clinic, fte, joined, left, phone });
            }
        }
        out
    }

    fn hospitals(&mut self, files: &[(usize, RulesFile)], ids: &mut IdRegistry) -> Vec<Hospital> {
        let mut out: Vec<(Hospital, At)> = Vec::new();
        for (i, f) in files {
            for h in &f.hospital {
                let h = h.get_ref();
                let id = self.member_id(*i, &h.id, MemberRole::Hospital, ids);
                let name = self.non_empty(*i, &h.name, "hospital.name");
                let name_en = self.name_en(*i, &h.name_en, "hospital.name_en");
                let phone = self.text(*i, &h.phone, "hospital.phone", parse_phone);
                let order =
                    self.int(*i, &Some(h.order.clone()), "hospital.order", HOSPITAL_ORDER, 1);
                if let Some((other, _)) = out.iter().find(|(o, _)| o.order == order) {
                    let msg = RulesMsg::HospitalOrderTwice { order, other: other.id.to_string() };
                    self.report(&(*i, h.order.span()), msg);
                }
                let (Some(id), Some(phone)) = (id, phone) else { continue };
                out.push((Hospital { id, name, name_en, phone, order }, (*i, h.order.span())));
            }
        }
        out.sort_by_key(|(h, _)| h.order);
        out.into_iter().map(|(h, _)| h).collect()
    }

    fn nurse_stations(
        &mut self,
        files: &[(usize, RulesFile)],
        ids: &mut IdRegistry,
    ) -> Vec<NurseStation> {
        let mut out = Vec::new();
        for (i, f) in files {
            for n in &f.nurse_station {
                let n = n.get_ref();
                let id = self.member_id(*i, &n.id, MemberRole::NurseStation, ids);
                let name = self.non_empty(*i, &n.name, "nurse_station.name");
                let name_en = self.name_en(*i, &n.name_en, "nurse_station.name_en");
                let phone = self.phone(*i, &n.phone, "nurse_station.phone");
                let Some(id) = id else { continue };
                out.push(NurseStation { id, name, name_en, phone });
            }
        }
        out
    }

    fn admins(
        &mut self,
        files: &[(usize, RulesFile)],
        ids: &mut IdRegistry,
        doctors: &[Doctor],
    ) -> Vec<Admin> {
        let mut out = Vec::new();
        for (i, f) in files {
            for a in &f.admin {
                let a = a.get_ref();
                let id = self.member_id(*i, &a.id, MemberRole::Admin, ids);
                let name = self.non_empty(*i, &a.name, "admin.name");
                let name_en = self.name_en(*i, &a.name_en, "admin.name_en");
                let doctor = match &a.doctor {
                    None => None,
                    Some(d) => match doctors.iter().find(|doc| doc.id.as_str() == d.get_ref()) {
                        Some(doc) => Some(doc.id.clone()),
                        None => {
                            let msg = RulesMsg::AdminDoctorUnknown { id: d.get_ref().clone() };
                            self.report(&(*i, d.span()), msg);
                            None
                        }
                    },
                };
                let phone = self.phone(*i, &a.phone, "admin.phone");
                let Some(id) = id else { continue };
                out.push(Admin { id, name, name_en, doctor, phone });
            }
        }
        out
    }
}

/// Every member id with its kind and where it was defined, so a second use can point at the first.
#[derive(Default)]
struct IdRegistry(BTreeMap<MemberId, (MemberRole, At)>);

/// A hospital's place in the escalation order (`order`).
pub(crate) const HOSPITAL_ORDER: RangeInclusive<i64> = 1..=99;
/// A holiday period's load points (`weight`).
pub(crate) const PERIOD_WEIGHT: RangeInclusive<i64> = 1..=100;
/// The most days a holiday period may last.
pub(crate) const MAX_PERIOD_DAYS: i64 = 31;

/// A doctor's share of a full load: above 0, at most 1.
pub(crate) fn fte_in_range(fte: f64) -> bool {
    fte > 0.0 && fte <= 1.0
}

/// A holiday period's id: a member id, but never `regular` (the kind of every other slot).
pub(crate) fn parse_period_id(s: &str) -> Result<MemberId, BadValue> {
    let id = MemberId::from_str(s)?;
    if id.as_str() == "regular" { Err(BadValue::ReservedRegular) } else { Ok(id) }
}

/// How many days `p` lasts (in a year where it does not run on over public holidays).
pub(crate) fn period_days(p: &HolidayPeriod) -> i64 {
    let (a, b) = p.dates_starting_in(2025);
    (b - a).num_days() + 1
}

/// Whether two holiday periods share a day in any year. Checking the instances that start in
/// two consecutive years (one of them a leap year) covers every arrangement of month-days.
pub(crate) fn periods_overlap(p: &HolidayPeriod, q: &HolidayPeriod) -> bool {
    [2023, 2024].iter().any(|&y| {
        [(y, y), (y, y + 1), (y + 1, y)].iter().any(|&(yp, yq)| {
            let (a1, b1) = p.dates_starting_in(yp);
            let (a2, b2) = q.dates_starting_in(yq);
            a1 <= b2 && a2 <= b1
        })
    })
}

/// A phone number: digits with `+-() ` between them, 3 to 15 digits.
pub(crate) fn parse_phone(s: &str) -> Result<String, BadValue> {
    let allowed = |c: char| c.is_ascii_digit() || "+-() ".contains(c);
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    if s.chars().all(allowed) && (3..=15).contains(&digits) {
        Ok(s.trim().to_string())
    } else {
        Err(BadValue::Phone(s.to_string()))
    }
}

/// Whether `s` has kana, kanji or full-width letters (a `name_en` must not: English readers
/// read it in place of the Japanese name).
pub fn has_japanese(s: &str) -> bool {
    let japanese = |c: char| matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
    s.chars().any(japanese)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod hostile_input {
    use proptest::prelude::*;

    const ASSOCIATION: &str = include_str!("../../rules/association.toml");
    const MEMBERS: &str = include_str!("../../rules/members.toml");

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// The shipped rules with a cut and an insertion anywhere: rules or problems with a
        /// location, never a panic.
        #[test]
        fn edited_rules_load_or_are_refused(
            at in 0.0f64..1.0, cut in 0usize..40, insert in prop_oneof![any::<String>(), "[\\[\\]=\"0-9a-z_.\n -]{0,30}"], which in any::<bool>()
        ) {
            let text = if which { ASSOCIATION } else { MEMBERS };
            let mut chars: Vec<char> = text.chars().collect();
            let pos = ((chars.len() as f64) * at) as usize;
            let end = (pos + cut).min(chars.len());
            chars.splice(pos..end, insert.chars());
            let edited: String = chars.into_iter().collect();
            let (a, m) = if which { (edited, MEMBERS.to_string()) } else { (ASSOCIATION.to_string(), edited) };
            let sources = vec![
                super::Source { path: "association.toml".into(), text: a },
                super::Source { path: "members.toml".into(), text: m },
            ];
            if let Err(e) = super::load(&sources) {
                let _ = e.to_string();
            }
        }
    }
}
