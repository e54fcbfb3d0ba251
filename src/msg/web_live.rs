//! The web console's Today page as it updates itself, its "needs attention" banner (the
//! checks of `toban doctor`), the cover form reached from an absence, and the kinds of
//! absence (issue 18). Kept apart from [`super::web::WebMsg`] (which wraps it as
//! `WebMsg::Live`) so pages added side by side do not edit one list.

use super::slot::SlotRef;
use super::{Doctor, Message, When};

/// Where a problem of the banner is fixed (the link's page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAt {
    /// Plan and publish.
    Plan,
    /// The year's rota (a slot's page).
    Year,
    /// The absences page (a clashing duty's cover form).
    Absences,
    /// Backups.
    Backups,
    /// Invitations (linking the bot).
    Invitations,
    /// Feed tokens.
    Feeds,
    /// Nothing in the console: on the server.
    Server,
}

/// A text of the live Today page, the banner and the cover form.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveMsg {
    /// When the page was made, and that it updates itself.
    UpdatedAt {
        /// The time, `HH:MM:SS` in the association's zone.
        at: String,
        /// Seconds between updates.
        every: u64,
    },
    /// A neutral line for developers: the server runs on a test clock (`var` names it), so the
    /// times shown are not the real time. Not a problem of the office's, so not in the banner.
    TestClock {
        /// The variable that sets the clock.
        var: &'static str,
    },
    /// The banner's heading.
    AttentionHeading,
    /// A problem's level: needs attention now (true) or worth a look.
    Level {
        /// `FAIL` rather than `WARN`.
        fail: bool,
    },
    /// What to do about a problem, where.
    Fix(FixAt),
    /// Link: the page where it is fixed.
    OpenPage(FixAt),
    /// A check of `toban doctor` by name (`coverage`, `bot`, `feeds`…), in the console's words.
    CheckName(&'static str),
    /// What to do about a plan problem when the current plan year is nearly over (issue 18
    /// review, finding 4): make next year's rota; planning the rest of this one counts the
    /// weeks already past.
    FixPlanNearlyOver {
        /// The current plan year.
        year: super::words::YearLabel,
        /// Its last day.
        last: super::Day,
        /// Days left, today included.
        days_left: i64,
        /// Today's year.
        this_year: i32,
    },
    /// Link: the plan page of a given plan year.
    OpenPlanOf(super::words::YearLabel),
    /// Heading of a call's chain on Today.
    CallChain,
    /// Heading of a call's timeline on Today.
    CallTimeline,
    /// Link: a call's own page.
    CallDetails {
        /// Its number.
        id: crate::routing::CallId,
    },
    /// The cover form's title.
    CoverTitle {
        /// The duty, by its days.
        slot: SlotRef,
    },
    /// What the cover form is about.
    CoverIntro {
        /// The absent doctor.
        doctor: Doctor,
        /// The duty's start.
        start: When,
        /// The duty's end.
        end: When,
        /// The absence's first and last day (not its number: review 26).
        away: (super::Day, super::Day),
    },
    /// Label: who covers.
    CoverBy,
    /// Button: save the cover.
    CoverSave,
    /// What happens on save.
    CoverNote,
    /// After a cover: done.
    CoverDone {
        /// The duty, by its days.
        slot: SlotRef,
        /// Who covers now.
        other: Doctor,
    },
    /// The duty no longer falls on the absence (covered already, or gone).
    CoverNotNeeded {
        /// The absence's number.
        absence: crate::ids::AbsenceId,
        /// The duty, by its days.
        slot: SlotRef,
    },
    /// Link: back to the absences.
    BackToAbsences,
    /// The cover form's choice of days (issue 18).
    CoverDays,
    /// The choice: the whole duty.
    CoverWhole {
        /// The duty's start.
        start: When,
        /// The duty's end.
        end: When,
    },
    /// The choice: some days of it (a partial cover, as `toban cover --from --to`).
    CoverSomeDays,
    /// On the cover form of a started duty: only its days to come.
    CoverStarted,
    /// Label: the first day covered.
    CoverFrom,
    /// Label: the last day covered.
    CoverTo,
    /// A day field that is not a date.
    CoverBadDate {
        /// What was typed.
        typed: String,
    },
    /// After a partial cover: done.
    CoverPartDone {
        /// The duty, by its days.
        slot: SlotRef,
        /// Who covers those days.
        other: Doctor,
        /// The first day.
        from: super::Day,
        /// The last day.
        to: super::Day,
    },
    /// Heading of the absences list's column of clashing duties.
    ClashColumn,
    /// A duty in the absences list that the absence falls on.
    ClashDuty {
        /// The duty, by its days.
        slot: SlotRef,
    },
    /// Link: set a cover for a clashing duty.
    CoverLink,
    /// Label: the kind of an absence.
    KindLabel,
    /// The kind "away" in the form.
    KindAway,
    /// The kind "prefer not" in the form.
    KindSoft,
    /// What the kinds mean.
    KindHint,
    /// A published duty the absence just added falls on, with the cover to set.
    Clash {
        /// The doctor.
        doctor: Doctor,
        /// The duty, by its days.
        slot: SlotRef,
    },
    /// The report page's note on its labels (the downloads keep the board's Japanese).
    ReportLabelsNote,
}

fn page_ja(p: FixAt) -> &'static str {
    match p {
        FixAt::Plan => "計画と公開",
        FixAt::Year => "当番表",
        FixAt::Absences => "不在",
        FixAt::Backups => "バックアップ",
        FixAt::Invitations => "招待",
        FixAt::Feeds => "カレンダー配信",
        FixAt::Server => "サーバー",
    }
}

fn page_en(p: FixAt) -> &'static str {
    match p {
        FixAt::Plan => "Plan and publish",
        FixAt::Year => "The year",
        FixAt::Absences => "Absences",
        FixAt::Backups => "Backups",
        FixAt::Invitations => "Invitations",
        FixAt::Feeds => "Calendar feeds",
        FixAt::Server => "the server",
    }
}

impl Message for LiveMsg {
    fn ja(&self) -> String {
        use LiveMsg::*;
        match self {
            UpdatedAt { at, every } => {
                format!("{at} 現在の状況です。この画面は{every}秒ごとに自動で新しくなります。")
            }
            TestClock { var } => format!(
                "開発・試験用の時計（{var}）で動いています。表示の日時は実際の時刻ではありません。"
            ),
            AttentionHeading => "対応が必要なこと".into(),
            Level { fail } => if *fail { "要対応" } else { "注意" }.into(),
            Fix(p) => match p {
                FixAt::Plan => "「計画と公開」で当番表を作り、公開してください。".into(),
                FixAt::Year => {
                    "「当番表」で該当の当番を開き、代わりの先生の代行を入れてください。".into()
                }
                FixAt::Absences => "「不在」の画面で、その不在の当番の「代行を頼む」から代わりの先生を選んでください（始まっている当番は、これからの日を代行にできます）。".into(),
                FixAt::Backups => "「バックアップ」の画面から、今すぐ作成できます。".into(),
                FixAt::Invitations => {
                    "「招待」の画面で招待を作り、先生（または施設）にお渡しください。".into()
                }
                FixAt::Feeds => "「カレンダー配信」の画面でトークンをご確認ください。".into(),
                FixAt::Server => {
                    "サーバーを管理している方に、この内容をお伝えください（この画面からは直せません。サーバーで `toban doctor` を実行すると、直し方が表示されます）。".into()
                }
            },
            OpenPage(p) => format!("「{}」を開く", page_ja(*p)),
            CheckName(n) => super::cli::Cli::CheckName(n).ja(),
            FixPlanNearlyOver { year, last, days_left, this_year } => {
                let next = super::words::YearLabel { year: year.year + 1, ..*year };
                format!(
                    "{}「計画と公開」で{}の当番表を作り、公開してください。{}の残りの期間も計画する場合は、すでに過ぎた週にも当番が割り当てられ、公平性の点数に数えられます。",
                    super::web_year::year_ends(*year, *last, *days_left, *this_year, super::Lang::Ja),
                    next.ja(),
                    year.ja()
                )
            }
            OpenPlanOf(year) => format!(
                "「{}」を開く",
                super::web_year::YearMsg::PlanTitle { year: year.year, fiscal: year.fiscal }.ja()
            ),
            CallChain => "連絡の順番".into(),
            CallTimeline => "経過".into(),
            CallDetails { id } => format!("{id}番の依頼の詳細"),
            CoverTitle { slot } => format!("当番の代行：{}", slot.ja()),
            CoverIntro { doctor, start, end, away } => format!(
                "{}は{}〜{}の当番ですが、不在（{}）と重なっています。代わりに当番に入る先生を選んでください。",
                doctor.ja(),
                start.ja(),
                end.ja(),
                super::Day::span(away.0, away.1, super::Lang::Ja)
            ),
            CoverBy => "代わりに入る先生".into(),
            CoverSave => "代行を保存".into(),
            CoverNote => {
                "保存の前に、当番の決まり（当番の間隔など）に合うかを確かめます。合わないときは理由を表示し、何も変更しません。保存すると先生方にお知らせし、操作の記録に残します。".into()
            }
            CoverDone { slot, other } => {
                format!("{}は{}が代行します。", slot.ja(), other.ja())
            }
            CoverNotNeeded { absence, slot } => format!(
                "{}は、もう不在（{absence}番）と重なっていません（代行が入ったか、不在が変わりました）。",
                slot.ja()
            ),
            BackToAbsences => "不在の一覧に戻る".into(),
            CoverDays => "代わっていただく期間".into(),
            CoverWhole { start, end } => format!("当番の全期間（{}〜{}）", start.ja(), end.ja()),
            CoverSomeDays => "一部の日だけ（下の最初の日から最後の日まで）".into(),
            CoverStarted => "この当番はすでに始まっているため、これからの日だけを代行にできます。".into(),
            CoverFrom => "最初の日（この日の引き継ぎ時刻から）".into(),
            CoverTo => "最後の日（翌朝の引き継ぎ時刻まで）".into(),
            CoverBadDate { typed } => {
                format!("「{typed}」は日付として読めません。2027-04-08 の形で入れてください。")
            }
            CoverPartDone { slot, other, from, to } => format!(
                "{}のうち、{}〜{}を{}が代わります。",
                slot.ja(),
                from.ja(),
                to.ja(),
                other.ja()
            ),
            ClashColumn => "重なる当番".into(),
            ClashDuty { slot } => slot.ja(),
            CoverLink => "代行を入れる".into(),
            KindLabel => "種別".into(),
            KindAway => "不在（当番に入れません）".into(),
            KindSoft => "希望（なるべく当番を避けたい）".into(),
            KindHint => {
                "「不在」の日は当番に入れません。「希望」の日は、当番表を作る際にできるだけ避けますが、必ず避けられるとは限りません。".into()
            }
            Clash { doctor, slot } => format!(
                "{}は、この不在の間に{}があります。この間の依頼は当番医を飛ばして次の連絡先に回ります。先生と事務局にはお知らせしました。代わりの先生の代行を入れてください。",
                doctor.ja(),
                slot.ja()
            ),
            ReportLabelsNote => {
                "項目名は、理事会に出す報告書と同じ表記です。ダウンロードするファイルも同じ表記です。".into()
            }
        }
    }

    fn en(&self) -> String {
        use LiveMsg::*;
        match self {
            UpdatedAt { at, every } => {
                format!("As of {at}. This page updates itself every {every} seconds.")
            }
            TestClock { var } => {
                format!("Running on a test clock ({var}): the times shown are not the real time.")
            }
            AttentionHeading => "Needs attention".into(),
            Level { fail } => if *fail { "Act now" } else { "Check" }.into(),
            Fix(p) => match p {
                FixAt::Plan => "Plan the rota and publish it on Plan and publish.".into(),
                FixAt::Year => {
                    "Open the duty on the year page and set a colleague to cover it.".into()
                }
                FixAt::Absences => "On the Absences page, press \"Ask for cover\" under the duty the absence falls on and choose a colleague (a duty under way can be covered for its days still to come).".into(),
                FixAt::Backups => "Take one now on the Backups page.".into(),
                FixAt::Invitations => {
                    "Create an invitation on the Invitations page and give it to the doctor (or place).".into()
                }
                FixAt::Feeds => "Check the tokens on the Calendar feeds page.".into(),
                FixAt::Server => {
                    "Pass this on to whoever looks after the server (the console cannot fix it; `toban doctor` on the server says how).".into()
                }
            },
            OpenPage(p) => format!("Open {}", page_en(*p)),
            CheckName(n) => match *n {
                "rules" => "Rules",
                "store" => "Data",
                "disk" => "Disk space",
                "privacy" => "Permissions",
                "backups" => "Backups",
                "serve" => "Server",
                "clock" => "Clock",
                "delivery" => "Message delivery",
                "links" => "Chat links",
                "bot" => "Chat bot",
                "feeds" => "Calendar feeds",
                "coverage" => "Duty cover",
                other => other,
            }
            .into(),
            FixPlanNearlyOver { year, last, days_left, this_year } => {
                let next = super::words::YearLabel { year: year.year + 1, ..*year };
                format!(
                    "{} Plan the {} rota on Plan and publish, and publish it. Planning the rest of {} as well also gives doctors the weeks already past, and counts them towards fairness.",
                    super::web_year::year_ends(*year, *last, *days_left, *this_year, super::Lang::En),
                    next.en(),
                    year.en()
                )
            }
            OpenPlanOf(year) => format!(
                "Open {}",
                super::web_year::YearMsg::PlanTitle { year: year.year, fiscal: year.fiscal }.en()
            ),
            CallChain => "Who is asked, in order".into(),
            CallTimeline => "What happened".into(),
            CallDetails { id } => format!("Call {id} in full"),
            CoverTitle { slot } => format!("Cover {}", slot.en()),
            CoverIntro { doctor, start, end, away } => format!(
                "{} is on duty {} – {} and away {}. Choose the colleague who covers it.",
                doctor.en(),
                start.en(),
                end.en(),
                super::Day::span(away.0, away.1, super::Lang::En)
            ),
            CoverBy => "Covered by".into(),
            CoverSave => "Save the cover".into(),
            CoverNote => {
                "Before anything is saved, the cover is checked against the duty rules (the minimum gap between duties and the other duty rules); a refusal is shown with its reason and nothing changes. Once saved, the doctors are told and the audit log keeps it.".into()
            }
            CoverDone { slot, other } => {
                format!("{} covers {} now.", other.en(), slot.en())
            }
            CoverNotNeeded { absence, slot } => format!(
                "Absence {absence} no longer falls on {} (covered already, or the absence changed).",
                slot.en()
            ),
            BackToAbsences => "Back to the absences".into(),
            CoverDays => "Which days".into(),
            CoverWhole { start, end } => {
                format!("The whole duty ({} to {})", start.en(), end.en())
            }
            CoverSomeDays => "Only some days (from the first to the last day below)".into(),
            CoverStarted => "This duty has already started: only its days still to come can be covered.".into(),
            CoverFrom => "First day (from its handover time)".into(),
            CoverTo => "Last day (to the handover time the morning after)".into(),
            CoverBadDate { typed } => super::time::not_a_date_en(typed),
            CoverPartDone { slot, other, from, to } => format!(
                "Of {}, {} covers {} to {}.",
                slot.en(),
                other.en(),
                from.en(),
                to.en()
            ),
            ClashColumn => "Duties affected".into(),
            ClashDuty { slot } => slot.en(),
            CoverLink => "Set a cover".into(),
            KindLabel => "Kind".into(),
            KindAway => "Away (cannot be on duty)".into(),
            KindSoft => "Prefer not (avoided where possible)".into(),
            KindHint => {
                "On days away the doctor is never on duty. 'Prefer not' days are avoided when the rota is made, where possible.".into()
            }
            Clash { doctor, slot } => format!(
                "{} has {} during this absence: calls then skip the duty doctor. The doctor and the office are told. Set a colleague to cover it.",
                doctor.en(),
                slot.en()
            ),
            ReportLabelsNote => {
                "The downloads keep the Japanese labels of the report the board receives.".into()
            }
        }
    }
}

impl LiveMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<LiveMsg> {
        use chrono::TimeZone;
        let when = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 2, 22, 0, 0).unwrap());
        let dr = || Doctor("上田 誠".into());
        let slot = || {
            let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 3, d).expect("date");
            SlotRef::with_days("2027-03-02", day(2), day(8))
        };
        let mut all = vec![
            LiveMsg::UpdatedAt { at: "22:00:05".into(), every: 15 },
            LiveMsg::TestClock { var: "TOBAN_CLOCK" },
            LiveMsg::AttentionHeading,
            LiveMsg::Level { fail: true },
            LiveMsg::Level { fail: false },
            LiveMsg::CallChain,
            LiveMsg::CallTimeline,
            LiveMsg::CallDetails { id: crate::routing::CallId::new(3) },
            LiveMsg::CoverTitle { slot: slot() },
            LiveMsg::CoverIntro {
                doctor: dr(),
                start: when,
                end: when,
                away: (
                    super::Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 4).unwrap()),
                    super::Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 5).unwrap()),
                ),
            },
            LiveMsg::CoverBy,
            LiveMsg::CoverSave,
            LiveMsg::CoverNote,
            LiveMsg::CoverDone { slot: slot(), other: dr() },
            LiveMsg::CoverNotNeeded { absence: crate::ids::AbsenceId::new(4), slot: slot() },
            LiveMsg::BackToAbsences,
            LiveMsg::CoverDays,
            LiveMsg::CoverWhole { start: when, end: when },
            LiveMsg::CoverSomeDays,
            LiveMsg::CoverStarted,
            LiveMsg::CoverFrom,
            LiveMsg::CoverTo,
            LiveMsg::CoverBadDate { typed: "4/8".into() },
            LiveMsg::CoverPartDone {
                slot: slot(),
                other: dr(),
                from: super::Day(when.0.date_naive()),
                to: super::Day(when.0.date_naive()),
            },
            LiveMsg::ClashColumn,
            LiveMsg::ClashDuty { slot: slot() },
            LiveMsg::CoverLink,
            LiveMsg::KindLabel,
            LiveMsg::KindAway,
            LiveMsg::KindSoft,
            LiveMsg::KindHint,
            LiveMsg::Clash { doctor: dr(), slot: slot() },
            LiveMsg::ReportLabelsNote,
        ];
        for p in [
            FixAt::Plan,
            FixAt::Year,
            FixAt::Backups,
            FixAt::Invitations,
            FixAt::Feeds,
            FixAt::Server,
        ] {
            all.push(LiveMsg::Fix(p));
            all.push(LiveMsg::OpenPage(p));
        }
        for n in [
            // Not "serve": its Japanese name is the command's, `serve`, with no Japanese in it.
            "rules", "store", "disk", "privacy", "backups", "clock", "delivery", "links", "bot",
            "feeds", "coverage",
        ] {
            all.push(LiveMsg::CheckName(n));
        }
        let year = super::words::YearLabel::calendar(2027);
        let last = super::Day(chrono::NaiveDate::from_ymd_opt(2027, 12, 31).expect("date"));
        all.push(LiveMsg::FixPlanNearlyOver { year, last, days_left: 22, this_year: 2027 });
        all.push(LiveMsg::OpenPlanOf(year));
        for m in &all {
            use LiveMsg::*;
            match m {
                UpdatedAt { .. }
                | TestClock { .. }
                | AttentionHeading
                | Level { .. }
                | Fix(_)
                | OpenPage(_)
                | CheckName(_)
                | FixPlanNearlyOver { .. }
                | OpenPlanOf(_)
                | CallChain
                | CallTimeline
                | CallDetails { .. }
                | CoverTitle { .. }
                | CoverIntro { .. }
                | CoverBy
                | CoverSave
                | CoverNote
                | CoverDone { .. }
                | CoverNotNeeded { .. }
                | BackToAbsences
                | CoverDays
                | CoverWhole { .. }
                | CoverSomeDays
                | CoverStarted
                | CoverFrom
                | CoverTo
                | CoverBadDate { .. }
                | CoverPartDone { .. }
                | ClashColumn
                | ClashDuty { .. }
                | CoverLink
                | KindLabel
                | KindAway
                | KindSoft
                | KindHint
                | Clash { .. }
                | ReportLabelsNote => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_live_text_reads_in_both_languages() {
        for m in super::LiveMsg::samples() {
            super::super::check_both(&m);
        }
    }

    /// A clerk reads 「枠 2027-03-02」 and cannot tell which week it is; the console names a
    /// duty by its days, and tells what a kind means without a command (issue 18).
    #[test]
    fn the_cover_and_clash_texts_name_the_duty_by_its_days_and_no_command() {
        use super::super::Message;
        for m in super::LiveMsg::samples() {
            let (ja, en) = (m.ja(), m.en());
            assert!(!ja.contains("枠 "), "{m:?} names a bare slot: {ja}");
            assert!(!en.contains("slot 20"), "{m:?} names a bare slot: {en}");
            if !matches!(m, super::LiveMsg::Fix(_)) {
                assert!(!ja.contains("toban "), "{m:?} tells the clerk a command: {ja}");
                assert!(!en.contains("toban "), "{m:?} tells the clerk a command: {en}");
            }
        }
        let title =
            super::LiveMsg::CoverTitle { slot: super::super::slot::SlotRef::samples()[0].clone() };
        assert!(title.ja().contains("2月2日(火)〜2月8日(月)"), "{}", title.ja());
    }

    // See: issue 18 (English review 35): "Days they prefer not are avoided when the rota is
    // made where possible, not always." and "Duties it falls on".
    #[test]
    fn the_absences_kind_hint_and_clash_column_read_plainly() {
        use super::super::Message;
        assert_eq!(
            super::LiveMsg::KindHint.en(),
            "On days away the doctor is never on duty. 'Prefer not' days are avoided when the rota is made, where possible."
        );
        assert_eq!(super::LiveMsg::ClashColumn.en(), "Duties affected");
    }

    // See: issue 18 (English review 34): "(the gap between duties and the rest)".
    #[test]
    fn the_cover_note_names_the_duty_rules_checked() {
        use super::super::Message;
        assert_eq!(
            super::LiveMsg::CoverNote.en(),
            "Before anything is saved, the cover is checked against the duty rules (the minimum gap between duties and the other duty rules); a refusal is shown with its reason and nothing changes. Once saved, the doctors are told and the audit log keeps it."
        );
    }

    // See: issue 18 (English review 40): the banner said "Check: coverage", "Check: bot",
    // "Check: feeds" (the command line's check names) and "Open the slot on The year".
    #[test]
    fn the_banner_names_each_check_and_page_in_words() {
        use super::super::Message;
        use super::LiveMsg;
        assert_eq!(LiveMsg::CheckName("coverage").en(), "Duty cover");
        assert_eq!(LiveMsg::CheckName("bot").en(), "Chat bot");
        assert_eq!(LiveMsg::CheckName("feeds").en(), "Calendar feeds");
        assert_eq!(LiveMsg::CheckName("coverage").ja(), "当番");
        assert_eq!(
            LiveMsg::Fix(super::FixAt::Year).en(),
            "Open the duty on the year page and set a colleague to cover it."
        );
        // The link names the page as the menu does (「当番表」, "The year").
        assert_eq!(LiveMsg::OpenPage(super::FixAt::Year).en(), "Open The year");
    }
}
