//! A refusal as the office reads it in the web console (issue 18).
//!
//! The command line's refusal says what to type next (`toban plan 2027 --replan-from …`,
//! `toban rota show`), and names members and duties by the ids the office types there. The
//! clerk at the console types neither: [`OnConsole`] names people by name, duties by their
//! days, and says what to do on the page. What the console never meets (the store, `serve`,
//! the build) keeps the command line's words, for whoever runs the server.
//!
//! Key decision: one refusal, two renderings, rather than two refusals: the desk code refuses
//! once, and each surface says it in its own words.

use super::audit::Names;
use super::refusal::Refusal;
use super::slot::SlotRef;
use super::{Day, Lang, Message};
use crate::routing::Refusal as Engine;

/// A [`Refusal`] for the console: with the members' names it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnConsole {
    /// What was refused.
    pub refusal: Refusal,
    /// The members' names, without ids.
    pub names: Names,
}

impl Refusal {
    /// This refusal as the console says it, naming members by `names`.
    pub fn on_console(self, names: Names) -> OnConsole {
        OnConsole { refusal: self, names: names.in_chat() }
    }
}

/// A duty by its days alone: 「2月2日(火)〜2月8日(月)の当番」 or 「2月2日(火)からの当番」.
fn duty_ja(s: &SlotRef) -> String {
    match (&s.days, chrono::NaiveDate::parse_from_str(&s.id, "%Y-%m-%d")) {
        (Some(days), _) => days.ja(),
        (None, Ok(day)) => format!("{}からの当番", Day(day).ja()),
        (None, Err(_)) => s.ja(),
    }
}

/// [`duty_ja`] in English.
fn duty_en(s: &SlotRef) -> String {
    match (&s.days, chrono::NaiveDate::parse_from_str(&s.id, "%Y-%m-%d")) {
        (Some(days), _) => days.en(),
        (None, Ok(day)) => format!("the duty from {}", Day(day).en()),
        (None, Err(_)) => s.en(),
    }
}

fn duties(slots: &[SlotRef], lang: Lang) -> String {
    let each = slots.iter().map(|s| if lang == Lang::Ja { duty_ja(s) } else { duty_en(s) });
    super::words::list(each, lang)
}

impl OnConsole {
    fn ja_of(&self) -> Option<String> {
        use crate::plan::change::ChangeError as E;
        let n = &self.names;
        Some(match &self.refusal {
            Refusal::Engine(e) => match e {
                Engine::NotAsked { call, who } => {
                    format!("{}は{call}番の依頼を受けていません。", n.ja(who.as_str()))
                }
                Engine::Taken { call, by } => {
                    format!("{call}番の依頼は、すでに{}が受けています。", n.ja(by.as_str()))
                }
                Engine::Declined { call, who } => {
                    format!("{}は{call}番の依頼をすでに辞退しています。", n.ja(who.as_str()))
                }
                Engine::NotHandler { call, handler } => format!(
                    "{call}番の報告と追加連絡の確認は、受諾した{}だけが行えます。",
                    n.ja(handler.as_str())
                ),
                Engine::NotCaller { call, caller } => format!(
                    "{call}番の依頼を取り消せるのは、依頼した{}か事務局だけです。",
                    n.ja(caller.as_str())
                ),
                Engine::Reported { call, by } => format!(
                    "{call}番の依頼には、すでに報告があります（{}が提出）。",
                    n.ja(by.as_str())
                ),
                Engine::Closed { .. } => return None,
            },
            Refusal::RotaPublished { year, from } => format!(
                "{}の当番表は公開済みです。「この日から計画し直す」に日付（例: {}）を入れて、計画し直してください。",
                year.ja(),
                from.ja()
            ),
            Refusal::NothingToReplan(y) => {
                format!("計画し直す{}の当番表がありません。先に当番表を作成してください。", y.ja())
            }
            Refusal::ReplanTooEarly { from, earliest } => format!(
                "{}からでは、すでに始まった当番まで計画し直すことになります。{}以降の日を指定してください。始まった当番で実際にあったことは、「当番表」でその週を開いて記録します。",
                from.ja(),
                earliest.ja()
            ),
            Refusal::ReplanOutsideYear { year, from, first, last } => format!(
                "{}は{}の期間外です。「この日から計画し直す」には、{}から{}までの日を入れてください。",
                from.ja_long(),
                year.ja(),
                first.ja_long(),
                last.ja_long()
            ),
            Refusal::NoRotaYet(y) => {
                format!("{}の当番表はまだありません。「計画と公開」で作成してください。", y.ja())
            }
            Refusal::NoSuchSlot { year, id } => {
                format!("{}の当番表に{}はありません。", year.ja(), duty_ja(id))
            }
            Refusal::DraftClashesWithSwaps { year, slots } => format!(
                "{}の下書きと、その後の交換・代行が、同じ当番を変えています。重なっているのは{}です。公開済みの当番表から計画し直すか、下書きを破棄してください。",
                year.ja(),
                duties(slots, Lang::Ja)
            ),
            Refusal::DraftChangesStarted { year, slots } => format!(
                "{}の下書きは、すでに始まった当番を変えているため、公開していません。変えているのは{}です。もっと後の日から計画し直してください。始まった当番で実際にあったことは、「当番表」でその週を開いて記録します。",
                year.ja(),
                duties(slots, Lang::Ja)
            ),
            Refusal::NoDraft(y) => format!("破棄する{}の下書きはありません。", y.ja()),
            Refusal::SlotNotPublished(slot) => {
                format!("{}は公開済みの当番表にありません。", duty_ja(slot))
            }
            Refusal::SlotNotStarted(slot) => format!(
                "{}はまだ始まっていません。これからの当番は、交換か代行で変えてください。",
                duty_ja(slot)
            ),
            Refusal::SlotStartedAt { slot, start } => format!(
                "{}はすでに始まっています（{}）。始まった当番は交換・代行できません。実際にあったことは「実際の担当の記録」で記録してください。",
                duty_ja(slot),
                start.ja()
            ),
            Refusal::WasNotOnSlot { was, slot, on } => format!(
                "{}は{}に入っていません（当番: {}）。",
                n.ja(was),
                duty_ja(slot),
                super::words::list(on.iter().map(|d| n.ja(d)), Lang::Ja)
            ),
            Refusal::IsOnSlot { is, slot } => {
                format!("{}はすでに{}に入っています。", n.ja(is), duty_ja(slot))
            }
            Refusal::IsNotDoctor(is) => format!("「{is}」は登録された医師ではありません。"),
            Refusal::ActualReason => "理由を短く書いてください（500文字まで）。".into(),
            Refusal::ChangeAcrossYears { slot, year } => format!(
                "{}は{}の当番表にありません。1回の交換・代行は同じ当番表の中で行います。",
                duty_ja(slot),
                year.ja()
            ),
            Refusal::ChangeImpossible(e) => match e {
                E::UnknownSlot(slot) => {
                    format!("この当番表に{}はありません。", duty_ja(&SlotRef::id(slot.clone())))
                }
                E::UnknownDoctor(d) => format!("{}はこの年の当番医ではありません。", n.ja(d)),
                E::NotOnDuty { slot, doctor } => format!(
                    "{}は{}に入っていません。",
                    n.ja(doctor),
                    duty_ja(&SlotRef::id(slot.clone()))
                ),
                E::AlreadyOnDuty { slot, doctor } => format!(
                    "{}はすでに{}に入っています。",
                    n.ja(doctor),
                    duty_ja(&SlotRef::id(slot.clone()))
                ),
            },
            Refusal::NoPlanInTime(w) => format!(
                "制限時間内に計画が見つかりませんでした（公平さの幅 {w}点を目指していました）。もう一度お試しください。続くときはサーバーの担当者にご相談ください。"
            ),
            Refusal::NoSuchCall(c) => format!("{c}番の依頼はありません。"),
            Refusal::NoSuchPatient(p) => format!("{p}番の患者さんは登録されていません。"),
            Refusal::UnknownMember(id) => format!("「{id}」は登録された会員ではありません。"),
            Refusal::NotADoctor { id, .. } => format!("「{id}」は登録された医師ではありません。"),
            Refusal::NoSuchAbsence(id) => {
                format!("{id}番の不在登録はありません（すでに取り消されたのかもしれません）。")
            }
            Refusal::NoFeedToken(id) => format!("有効な配信トークン {id} はありません。"),
            Refusal::NotADoctorFeed(m) => format!("「{m}」は登録された医師ではありません。"),
            Refusal::NeedDoctorOrAll => "医師を選ぶか、当番表全体を選んでください。".into(),
            Refusal::ByNotMember(by) | Refusal::ForNotDoctor(by) => {
                format!("「{by}」は登録された医師ではありません。")
            }
            Refusal::NoLink { member, .. } => {
                format!("{}はチャット（Telegram・LINE）に連携されていません。", n.ja(member))
            }
            Refusal::PatientFieldMissing(field) => {
                format!("患者さんの{}を入れてください。", super::refusal::patient_field_ja(field))
            }
            Refusal::PatientInvalid(crate::routing::PatientError::BadSubstitute(d)) => format!(
                "患者さんの記録を保存できませんでした: 代理主治医（{}）には、主治医以外の登録された医師を選んでください。",
                n.ja(d)
            ),
            Refusal::PatientInvalid(crate::routing::PatientError::UnknownDoctor(d)) => format!(
                "患者さんの記録を保存できませんでした: 主治医「{d}」は登録された医師ではありません。"
            ),
            Refusal::BadId { id, .. } => format!(
                "「{id}」はIDとして使えません。英小文字・数字・「_」「-」の1〜32文字で入れてください。"
            ),
            Refusal::Rota(super::rota::RotaRefusal::OtherRota { rota, slot }) => format!(
                "{}は当番表「{rota}」の当番です。画面の上で当番表「{rota}」を選んでから変更してください。",
                duty_ja(&SlotRef::id(slot.clone()))
            ),
            Refusal::Rota(super::rota::RotaRefusal::NotInRota { rota, doctor, .. }) => format!(
                "{}は当番表「{rota}」の医師ではないため、その当番を交換・代行できません。",
                n.ja(doctor)
            ),
            _ => return None,
        })
    }

    fn en_of(&self) -> Option<String> {
        use crate::plan::change::ChangeError as E;
        let n = &self.names;
        Some(match &self.refusal {
            Refusal::Engine(e) => match e {
                Engine::NotAsked { call, who } => {
                    format!("{} was not asked to take call {call}.", n.en(who.as_str()))
                }
                Engine::Taken { call, by } => {
                    format!("Call {call} was already accepted by {}.", n.en(by.as_str()))
                }
                Engine::Declined { call, who } => {
                    format!("{} declined call {call} earlier.", n.en(who.as_str()))
                }
                Engine::NotHandler { call, handler } => format!(
                    "Only {}, who accepted call {call}, reports on it and acknowledges its follow-ups.",
                    n.en(handler.as_str())
                ),
                Engine::NotCaller { call, caller } => format!(
                    "Only {}, who raised call {call}, or the office can cancel it.",
                    n.en(caller.as_str())
                ),
                Engine::Reported { call, by } => {
                    format!("Call {call} already has a report (filed by {}).", n.en(by.as_str()))
                }
                Engine::Closed { .. } => return None,
            },
            Refusal::RotaPublished { year, from } => format!(
                "The {} rota is published: re-plan it from a date instead (fill in Re-plan from this date, e.g. {}).",
                year.en(),
                from.en()
            ),
            Refusal::NothingToReplan(y) => {
                format!("There is no {} rota to re-plan: plan it first.", y.en())
            }
            Refusal::ReplanTooEarly { from, earliest } => format!(
                "Re-planning from {} would change duties that have already started: give {} or later. What actually happened in a started duty is recorded on its week in The year.",
                from.en(),
                earliest.en()
            ),
            Refusal::ReplanOutsideYear { year, from, first, last } => format!(
                "{} is outside {}: fill in Re-plan from this date with a day from {} to {}.",
                from.en_long(),
                year.en(),
                first.en_long(),
                last.en_long()
            ),
            Refusal::NoRotaYet(y) => {
                format!("There is no {} rota yet: plan it on Plan and publish.", y.en())
            }
            Refusal::NoSuchSlot { year, id } => {
                format!("{} is not in the {} rota.", duty_en(id), year.en())
            }
            Refusal::DraftClashesWithSwaps { year, slots } => format!(
                "The {} draft and later swaps or covers both changed {}: re-plan from the published rota, or discard the draft.",
                year.en(),
                duties(slots, Lang::En)
            ),
            Refusal::DraftChangesStarted { year, slots } => format!(
                "The {} draft changes {}, which already started, so nothing was published: re-plan from a later date. What actually happened in a started duty is recorded on its week in The year.",
                year.en(),
                duties(slots, Lang::En)
            ),
            Refusal::NoDraft(y) => format!("There is no {} draft to discard.", y.en()),
            Refusal::SlotNotPublished(slot) => {
                format!("{} is not in a published rota.", duty_en(slot))
            }
            Refusal::SlotNotStarted(slot) => format!(
                "{} has not started yet: change a future duty with a swap or a cover.",
                duty_en(slot)
            ),
            Refusal::SlotStartedAt { slot, start } => format!(
                "{} has already started ({}): a started duty is not swapped or covered. Record what actually happened instead.",
                duty_en(slot),
                start.en()
            ),
            Refusal::WasNotOnSlot { was, slot, on } => format!(
                "{} is not on {} (on it: {}).",
                n.en(was),
                duty_en(slot),
                super::words::list(on.iter().map(|d| n.en(d)), Lang::En)
            ),
            Refusal::IsOnSlot { is, slot } => {
                format!("{} is already on {}.", n.en(is), duty_en(slot))
            }
            Refusal::IsNotDoctor(is) => format!("'{is}' is not a registered doctor."),
            Refusal::ActualReason => "Give a short reason (at most 500 characters).".into(),
            Refusal::ChangeAcrossYears { slot, year } => format!(
                "{} is not in the published {} rota: one swap or cover stays within one rota year.",
                duty_en(slot),
                year.en()
            ),
            Refusal::ChangeImpossible(e) => match e {
                E::UnknownSlot(slot) => {
                    format!("{} is not in this rota.", duty_en(&SlotRef::id(slot.clone())))
                }
                E::UnknownDoctor(d) => format!("{} is not a duty doctor this year.", n.en(d)),
                E::NotOnDuty { slot, doctor } => {
                    format!("{} is not on {}.", n.en(doctor), duty_en(&SlotRef::id(slot.clone())))
                }
                E::AlreadyOnDuty { slot, doctor } => format!(
                    "{} is already on {}.",
                    n.en(doctor),
                    duty_en(&SlotRef::id(slot.clone()))
                ),
            },
            Refusal::NoPlanInTime(w) => format!(
                "No plan was found in the time allowed (aiming at a fairness range of {w} points). Try again; if it keeps happening, ask whoever runs the server."
            ),
            Refusal::NoSuchCall(c) => format!("There is no call {c}."),
            Refusal::NoSuchPatient(p) => format!("There is no registered patient {p}."),
            Refusal::UnknownMember(id) => format!("'{id}' is not a registered member."),
            Refusal::NotADoctor { id, .. } => format!("'{id}' is not a registered doctor."),
            Refusal::NoSuchAbsence(id) => {
                format!("There is no absence {id} (it may have been removed already).")
            }
            Refusal::AbsenceBackwards { from, to } => {
                format!("The end date ({}) is before the start date ({}).", to.en(), from.en())
            }
            Refusal::NoFeedToken(id) => format!("There is no active feed token {id}."),
            Refusal::NotADoctorFeed(m) => format!("'{m}' is not a registered doctor."),
            Refusal::NeedDoctorOrAll => "Choose a doctor, or the whole rota.".into(),
            Refusal::ByNotMember(by) | Refusal::ForNotDoctor(by) => {
                format!("'{by}' is not a registered doctor.")
            }
            Refusal::NoLink { member, .. } => {
                format!("{} has no linked chat (Telegram or LINE).", n.en(member))
            }
            Refusal::PatientFieldMissing(field) => {
                format!("Fill in the patient's {}.", field.replace('_', " "))
            }
            Refusal::PatientInvalid(crate::routing::PatientError::BadSubstitute(d)) => format!(
                "The patient's record was not saved: the substitute doctor ({}) must be a registered doctor other than the attending one.",
                n.en(d)
            ),
            Refusal::PatientInvalid(why) => {
                use crate::routing::PatientError as P;
                let field = |f: &str| f.replace('_', " ");
                let why = match why {
                    P::UnknownDoctor(d) => format!("the attending doctor '{d}' is not registered"),
                    P::UnknownHospital(h) => format!("'{h}' is not a registered backup hospital"),
                    P::UnknownStation(s) => format!("'{s}' is not a registered nurse station"),
                    P::Empty { field: f } => format!("the {} is empty", field(f)),
                    P::TooLong { field: f, chars, max } => format!(
                        "the {} is too long ({chars} characters; at most {max}): keep the record minimal",
                        field(f)
                    ),
                    other => other.to_string(),
                };
                format!("The patient's record was not saved: {why}.")
            }
            Refusal::BadId { id, .. } => format!(
                "'{id}' cannot be an id: use 1 to 32 lower-case letters, digits, '_' or '-'."
            ),
            Refusal::Rota(super::rota::RotaRefusal::OtherRota { rota, slot }) => format!(
                "{} belongs to rota '{rota}': choose that rota at the top of the page, then change it.",
                duty_en(&SlotRef::id(slot.clone()))
            ),
            Refusal::Rota(super::rota::RotaRefusal::NotInRota { rota, doctor, .. }) => format!(
                "{} is not a doctor of rota '{rota}', so cannot swap or cover its duties.",
                n.en(doctor)
            ),
            _ => return None,
        })
    }
}

impl Message for OnConsole {
    fn ja(&self) -> String {
        self.ja_of().unwrap_or_else(|| self.refusal.clone().in_chat().ja())
    }
    fn en(&self) -> String {
        self.en_of().unwrap_or_else(|| self.refusal.clone().in_chat().en())
    }
}

impl OnConsole {
    /// Samples for the catalogue's tests.
    pub fn sample() -> OnConsole {
        Refusal::samples().remove(0).on_console(Names::sample())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What only the server meets: the store, `serve`, the build, files given on the command
    /// line. Its words stay the command line's, for whoever runs the server.
    fn server_only(r: &Refusal) -> bool {
        matches!(
            r,
            Refusal::CannotCreate { .. }
                | Refusal::NoRandomness(_)
                | Refusal::NoCalendarsDir(_)
                | Refusal::BadClock { .. }
                | Refusal::BadPatientFile { .. }
                | Refusal::NoHighs
                | Refusal::NotARota(_)
                | Refusal::NoSuchRota { .. }
                | Refusal::ChecksNeedAttention(_)
                | Refusal::BadBackup(_)
                | Refusal::CannotRead { .. }
                | Refusal::BadHistoryFile(_)
                | Refusal::NoHistoryMatch(_)
                | Refusal::SimTooFar { .. }
                | Refusal::DemoDirTaken(_)
                | Refusal::StoreInUse(_)
                | Refusal::StoreNewer { .. }
                | Refusal::DiskFull { .. }
                | Refusal::StoreDamaged { .. }
                | Refusal::StoreFailed(_)
                | Refusal::NoRulesDir(_)
                | Refusal::NotAtDesk
                | Refusal::ServeHoldsStore
                | Refusal::ServeNotRunning(_)
                | Refusal::ServeStandsBy(_)
                | Refusal::ServeUnreachable { .. }
                | Refusal::NeedFileName(_)
                | Refusal::CannotWrite { .. }
                | Refusal::Migrate(_)
        ) || matches!(r, Refusal::Rota(super::super::rota::RotaRefusal::Unknown { .. }))
    }

    // See: issue 18 (review): the plan page said 「`toban plan 2027 --replan-from 2027-03-09`」
    // and the slot page 「d03 はすでに…に入っています」. The console names no command, no flag
    // and no member id.
    #[test]
    fn the_console_names_no_command_flag_or_member_id() {
        for r in Refusal::samples() {
            if server_only(&r) {
                continue;
            }
            let c = r.clone().on_console(Names::sample());
            for text in [c.ja(), c.en()] {
                for bad in ["toban ", "`", "--", "d01", "YEAR", "DATE"] {
                    assert!(!text.contains(bad), "{r:?} says {bad}: {text}");
                }
                assert!(!text.is_empty());
            }
        }
    }

    #[test]
    fn a_member_is_named_and_a_duty_is_given_by_its_days() {
        let slot = SlotRef::samples().remove(0);
        let on = Refusal::IsOnSlot { is: "d01".into(), slot }.on_console(Names::sample());
        assert_eq!(on.ja(), "佐藤 一郎先生はすでに2月2日(火)〜2月8日(月)の当番に入っています。");
        assert_eq!(on.en(), "佐藤 一郎 is already on the duty of Tue 2 Feb to Mon 8 Feb.");
        let year = super::super::words::YearLabel::calendar(2027);
        let day = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("date"));
        let published = Refusal::RotaPublished { year, from: day }.on_console(Names::sample());
        assert_eq!(
            published.ja(),
            "2027年の当番表は公開済みです。「この日から計画し直す」に日付（例: 3月9日(火)）を入れて、計画し直してください。"
        );
    }

    // See: issue 18 (review, finding 7c): a re-plan from a day outside the year was accepted.
    // The dates lie in two years, so each carries its year.
    #[test]
    fn a_replan_outside_the_year_names_the_years_first_and_last_day() {
        let day = |y, m, d| Day(chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date"));
        let year = super::super::words::YearLabel::calendar(2027);
        let (first, last) = (day(2027, 1, 1), day(2027, 12, 31));
        let r = Refusal::ReplanOutsideYear { year, from: day(2028, 5, 1), first, last };
        assert_eq!(
            r.clone().on_console(Names::sample()).ja(),
            "2028年5月1日(月)は2027年の期間外です。「この日から計画し直す」には、2027年1月1日(金)から2027年12月31日(金)までの日を入れてください。"
        );
        assert_eq!(
            r.ja(),
            "--replan-from 2028-05-01 は2027年の期間外です。2027年1月1日(金)から2027年12月31日(金)までの日を指定してください。"
        );
        let fiscal = super::super::words::YearLabel { year: 2027, fiscal: true };
        let r = Refusal::ReplanOutsideYear { year: fiscal, from: day(2028, 5, 1), first, last };
        assert!(r.on_console(Names::sample()).ja().contains("は2027年度の期間外です。"));
    }

    // See: issue 18 (English review 30): the absences page said "the absence ends (2027-03-08)
    // before it starts (2027-03-10); give FROM then TO", the command line's words.
    #[test]
    fn an_absence_that_ends_before_it_starts_is_said_in_the_consoles_words() {
        let day = |d| Day(chrono::NaiveDate::from_ymd_opt(2027, 3, d).expect("date"));
        let r = Refusal::AbsenceBackwards { from: day(10), to: day(8) };
        assert_eq!(
            r.clone().on_console(Names::sample()).en(),
            "The end date (Mon 8 Mar) is before the start date (Wed 10 Mar)."
        );
        assert!(r.en().contains("give FROM then TO"), "the command line's stays: {}", r.en());
    }
}
