//! The web console's pages "The year" (the rota as month grids, a slot's changes) and "Plan
//! and publish" (issue 18): their titles, labels, buttons and what they say. Wrapped by
//! [`super::web::WebMsg::Year`], kept apart so each page's texts live beside each other.

use super::refusal::Refusal;
use super::words::YearLabel;
use super::{Day, Doctor, Lang, Message, When};

/// A text of the year and plan pages.
#[derive(Debug, Clone, PartialEq)]
pub enum YearMsg {
    /// Nav: the year page.
    NavYear,
    /// Nav: the plan page.
    NavPlan,
    /// The year page's title.
    YearTitle {
        /// The plan year.
        year: i32,
        /// A plan year that does not start in January is a fiscal year (年度).
        fiscal: bool,
    },
    /// The plan page's title.
    PlanTitle {
        /// The plan year.
        year: i32,
        /// A fiscal year.
        fiscal: bool,
    },
    /// A link to another plan year.
    OtherYear {
        /// That year.
        year: i32,
        /// A fiscal year.
        fiscal: bool,
    },
    /// The rota shown is the published one.
    ShowingPublished {
        /// When it was published.
        at: When,
    },
    /// The rota shown is a draft nobody sees yet.
    ShowingDraft,
    /// No rota for the year yet.
    NoRota {
        /// The plan year.
        year: i32,
    },
    /// Link: to the plan page.
    ToPlan,
    /// A page's title for a rota other than the association's own (issue 20).
    InRota {
        /// The rota's name.
        rota: String,
        /// The title.
        title: Box<YearMsg>,
    },
    /// The label before the links to each rota's page.
    RotaPicker,
    /// A month's heading.
    Month {
        /// Its year.
        year: i32,
        /// Its month, 1 to 12.
        month: u32,
    },
    /// A weekday's short name, 0 = Sunday.
    Weekday(u32),
    /// The mark of a frozen slot.
    FrozenMark,
    /// The legend: what the marks mean.
    Legend,
    /// Heading: fairness.
    FairnessTitle,
    /// Column: the doctor.
    ColDoctor,
    /// Column: load points this year.
    ColLoad,
    /// Column: the target.
    ColTarget,
    /// Column: the balance carried in from earlier years.
    ColCarried,
    /// Column: the deviation from the target.
    ColDeviation,
    /// The spread of the plan and its lower bound.
    FairnessLine {
        /// Most minus least load.
        range: i64,
        /// The least spread possible.
        bound: i64,
        /// Whether the solver proved the spread the least possible.
        optimal: bool,
        /// Not optimal against the bound, but the fairest plan that gives the holidays as the
        /// rotation queue did.
        given_holidays: bool,
    },
    /// The chart's name (for screen readers).
    ChartLabel,
    /// What the chart shows.
    ChartNote,
    /// A slot page's title: the duty by its days, with its id.
    SlotTitle {
        /// The duty.
        slot: super::slot::SlotRef,
    },
    /// When a slot runs.
    SlotPeriod {
        /// Its start.
        start: When,
        /// Its end.
        end: When,
    },
    /// Who is on duty in a slot.
    SlotDoctors {
        /// Their names.
        names: Vec<Doctor>,
    },
    /// Some days of the duty a colleague covers (issue 20).
    SlotPart {
        /// Who covers.
        by: Doctor,
        /// Whose duty it is.
        doctor: Doctor,
        /// The first day covered.
        from: Day,
        /// The last day covered.
        to: Day,
    },
    /// Nobody is on the slot.
    SlotEmpty,
    /// The slot is frozen.
    SlotFrozen,
    /// The slot has started: only what actually happened can be recorded.
    SlotStarted,
    /// The slot is in a draft: changes wait for publishing.
    SlotInDraft,
    /// Heading and button: swap with another duty.
    Swap,
    /// Label: the doctor of this slot who gives it away.
    DoctorHere,
    /// Label: the other duty.
    SwapWith,
    /// Heading and button: another doctor takes this duty.
    Cover,
    /// Label: the doctor who takes it.
    CoverBy,
    /// Label: a partial cover's first day (issue 20), optional.
    CoverFrom,
    /// Label: a partial cover's last day, optional.
    CoverTo,
    /// Button: freeze the slot.
    Freeze,
    /// Button: unfreeze the slot.
    Unfreeze,
    /// What freezing does.
    FreezeNote,
    /// Heading: record what actually happened.
    ActualTitle,
    /// Label: the doctor the rota names.
    ActualWas,
    /// Label: the doctor who did the duty.
    ActualIs,
    /// Label: why.
    Reason,
    /// Button: record.
    Record,
    /// Done: a swap.
    Swapped,
    /// Done: a cover.
    Covered,
    /// Done: frozen.
    FrozenDone,
    /// Done: unfrozen.
    UnfrozenDone,
    /// Done: what happened is recorded.
    ActualDone,
    /// Refused by the same checks as the command line, nothing saved.
    Refused(super::refusal_console::OnConsole),
    /// Failed otherwise (the planner's own explanation), in both languages.
    Failed {
        /// The Japanese text.
        ja: String,
        /// The English text.
        en: String,
    },
    /// Link: back to the year.
    BackToYear {
        /// The plan year.
        year: i32,
    },
    /// What the plan page does.
    PlanIntro,
    /// Label: re-plan from this date.
    ReplanFrom,
    /// The earliest date a re-plan may start from.
    Earliest {
        /// That date.
        day: Day,
    },
    /// Button: plan the year.
    PlanButton,
    /// Button: re-plan.
    ReplanButton,
    /// The planner is running.
    Planning,
    /// A plan is running already.
    AlreadyPlanning,
    /// Heading: the draft.
    DraftTitle,
    /// No draft pending.
    NoDraft,
    /// When the draft was made and how long the solve took.
    DraftMade {
        /// When.
        at: When,
        /// Seconds.
        seconds: String,
    },
    /// The draft re-plans from a day (issue 18 review, finding 7b): the duties before it were
    /// kept.
    DraftReplanned {
        /// The day it re-planned from.
        from: Day,
        /// Today's year: the day carries its year when it lies in another.
        this_year: i32,
        /// Whether the duties kept are those of a published rota (else of an earlier draft).
        published: bool,
    },
    /// A year with nothing published has begun (issue 18 review, finding 4): a plan gives the
    /// weeks already past too, counted as worked once published.
    YearBegun {
        /// The plan year.
        year: YearLabel,
        /// Its first day.
        first: Day,
        /// Today's year.
        this_year: i32,
    },
    /// The year is nearly over (issue 18 review, finding 4): next year's rota is the one to make.
    YearNearlyOver {
        /// The plan year.
        year: YearLabel,
        /// Its last day.
        last: Day,
        /// Days left, today included.
        days_left: i64,
        /// Today's year.
        this_year: i32,
    },
    /// Heading: the changes against the published rota.
    DiffTitle,
    /// The draft changes nothing.
    DiffNone,
    /// Column: the slot.
    ColSlot,
    /// Column: before.
    ColBefore,
    /// Column: after.
    ColAfter,
    /// Button: publish the draft.
    Publish,
    /// Button: discard the draft.
    Discard,
    /// Done: published.
    PublishedDone,
    /// Done: discarded.
    DiscardedDone,
    /// Heading: the planner's progress.
    ProgressTitle,
    /// A cover sent without the colleague who covers.
    CoverNoColleague,
    /// A swap sent without the duty to swap with.
    SwapNoPartner,
    /// What actually happened, sent without the doctor who did the duty.
    ActualNoDoctor,
    /// A date field that is no date.
    BadDate {
        /// What was sent.
        text: String,
    },
}

fn names_ja(names: &[Doctor]) -> String {
    super::words::list(names.iter().map(Doctor::ja), super::Lang::Ja)
}

fn names_en(names: &[Doctor]) -> String {
    super::words::list(names.iter().map(Doctor::en), super::Lang::En)
}

fn year_ja(year: i32, fiscal: bool) -> String {
    super::words::plan_year(year, fiscal, super::Lang::Ja)
}

fn year_en(year: i32, fiscal: bool) -> String {
    super::words::plan_year(year, fiscal, super::Lang::En)
}

/// 「2027年は12月31日(金)で終わります（あと22日）。」: when plan year `year` ends, said on
/// the plan page and in Today's banner alike.
pub(super) fn year_ends(
    year: YearLabel,
    last: Day,
    days_left: i64,
    this_year: i32,
    lang: Lang,
) -> String {
    match lang {
        Lang::Ja => format!(
            "{}は{}で終わります（あと{days_left}日）。",
            year.ja(),
            last.human(lang, Some(this_year))
        ),
        Lang::En => {
            let left =
                if days_left == 1 { "1 day left".into() } else { format!("{days_left} days left") };
            format!("{} ends on {} ({left}).", year.en(), last.en_long())
        }
    }
}

const WEEKDAYS_JA: [&str; 7] = ["日", "月", "火", "水", "木", "金", "土"];
const WEEKDAYS_EN: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Message for YearMsg {
    fn ja(&self) -> String {
        use YearMsg::*;
        match self {
            NavYear => "当番表".into(),
            NavPlan => "計画と公開".into(),
            YearTitle { year, fiscal } => format!("{}の当番表", year_ja(*year, *fiscal)),
            PlanTitle { year, fiscal } => format!("{}の計画と公開", year_ja(*year, *fiscal)),
            OtherYear { year, fiscal } => year_ja(*year, *fiscal),
            ShowingPublished { at } => format!("公開中の当番表です（{}に公開）。", at.ja()),
            ShowingDraft => {
                "まだ公開していない下書きです。先生方には見えていません。".into()
            }
            NoRota { year } => format!(
                "{year}年の当番表はまだありません。「計画と公開」で作成してください。"
            ),
            ToPlan => "計画と公開へ".into(),
            InRota { rota, title } => format!("{}（{rota}）", title.ja()),
            RotaPicker => "当番表:".into(),
            Month { year, month } => format!("{year}年{month}月"),
            Weekday(d) => WEEKDAYS_JA[*d as usize % 7].into(),
            FrozenMark => "固定".into(),
            Legend => "日付を押すと、その当番の交換・代行・固定・実績の記録ができます。「固定」の当番は計画し直しても変わりません。".into(),
            FairnessTitle => "公平性".into(),
            ColDoctor => "医師".into(),
            ColLoad => "負担点".into(),
            ColTarget => "目標".into(),
            ColCarried => "繰越".into(),
            ColDeviation => "目標との差".into(),
            FairnessLine { range, bound, optimal, given_holidays } => format!(
                "公平性の幅 {range} 点（理論上の下限 {bound} 点）。{}",
                if *optimal {
                    "これ以上公平な計画はありません。"
                } else if *given_holidays {
                    "祝日当番を輪番の順に割り当てる計画の中では、これ以上公平なものはありません。"
                } else {
                    "より公平な計画がある可能性があります。"
                }
            ),
            ChartLabel => "各医師の負担（繰越を含む）と目標".into(),
            ChartNote => "棒＝今年の負担点と前年までの繰越の合計、縦線＝目標。".into(),
            SlotTitle { slot } => slot.ja(),
            SlotPeriod { start, end } => format!("{} 〜 {}", start.ja(), end.ja()),
            SlotDoctors { names } => format!("担当：{}", names_ja(names)),
            SlotPart { by, doctor, from, to } => format!(
                "一部代行：{}は{}が{}の代わりに担当します",
                Day::span(*from, *to, super::Lang::Ja),
                by.ja(),
                doctor.ja()
            ),
            SlotEmpty => "担当の先生がいません。".into(),
            SlotFrozen => "この当番は固定されています（計画し直しても変わりません）。".into(),
            SlotStarted => "この当番はすでに始まっています。交換・代行はできません。代わりに担当した先生がいれば、実際の担当を記録してください。".into(),
            SlotInDraft => "この当番表は下書きです。交換・代行は公開した当番表で行います。".into(),
            Swap => "交換（入れ替え）".into(),
            DoctorHere => "この当番の先生".into(),
            SwapWith => "入れ替える相手（当番と先生）".into(),
            Cover => "代行".into(),
            CoverBy => "代わりに担当する先生".into(),
            CoverFrom => "一部の日だけ代行するときは、その初日（空欄なら当番の初日から）".into(),
            CoverTo => "その最終日（空欄なら当番の最終日まで）".into(),
            Freeze => "固定する".into(),
            Unfreeze => "固定を解除する".into(),
            FreezeNote => "固定した当番は、計画し直しても担当が変わりません。".into(),
            ActualTitle => "実際の担当の記録".into(),
            ActualWas => "当番表の先生".into(),
            ActualIs => "実際に担当した先生".into(),
            Reason => "理由".into(),
            Record => "記録する".into(),
            Swapped => "入れ替えました。関係する先生と事務局にお知らせします。".into(),
            Covered => "代行を登録しました。関係する先生と事務局にお知らせします。".into(),
            FrozenDone => "この当番を固定しました。".into(),
            UnfrozenDone => "この当番の固定を解除しました。".into(),
            ActualDone => "実際の担当を記録しました。".into(),
            Refused(r) => format!("保存していません。{}", r.ja()),
            Failed { ja, .. } => format!("保存していません。{ja}"),
            BackToYear { year } => format!("{year}年の当番表へ戻る"),
            PlanIntro => "計画を作ると下書きとして保存されます。公平性と公開中の当番表との違いを確かめてから公開してください。公開するまで、先生方には見えません。".into(),
            ReplanFrom => "この日から計画し直す".into(),
            Earliest { day } => format!("指定できる最も早い日は {} です。", day.ja()),
            PlanButton => "計画を作る".into(),
            ReplanButton => "計画し直す".into(),
            Planning => "計画を作成しています。このページは自動で更新されます。".into(),
            AlreadyPlanning => "この年の計画はすでに作成中です。終わるまでお待ちください。".into(),
            DraftTitle => "下書き".into(),
            NoDraft => "下書きはありません。".into(),
            DraftMade { at, seconds } => format!("{}に作成（計算 {seconds} 秒）。", at.ja()),
            DraftReplanned { from, this_year, published } => format!(
                "{}から計画し直した下書きです。それより前の当番は{}のままです。",
                from.human(Lang::Ja, Some(*this_year)),
                if *published { "公開済み" } else { "元の下書き" }
            ),
            YearBegun { year, first, this_year } => format!(
                "{}はすでに{}に始まっています。ここで計画を作ると、今日より前の週にも当番が割り当てられます。公開すると、その週も務めたものとして公平性の点数に数えられます。過ぎた週に実際に当番をした先生は、公開後に「当番表」でその週を開いて記録してください。",
                year.ja(),
                first.human(Lang::Ja, Some(*this_year))
            ),
            YearNearlyOver { year, last, days_left, this_year } => format!(
                "{}来年の当番表は「{}」で作成できます。",
                year_ends(*year, *last, *days_left, *this_year, Lang::Ja),
                YearMsg::PlanTitle { year: year.year + 1, fiscal: year.fiscal }.ja()
            ),
            DiffTitle => "公開中の当番表との違い".into(),
            DiffNone => "公開中の当番表と同じです。".into(),
            ColSlot => "当番".into(),
            ColBefore => "変更前".into(),
            ColAfter => "変更後".into(),
            Publish => "公開する".into(),
            Discard => "下書きを破棄する".into(),
            PublishedDone => "公開しました。先生方のカレンダーにも反映されます。".into(),
            DiscardedDone => "下書きを破棄しました。".into(),
            ProgressTitle => "計算の経過".into(),
            CoverNoColleague => "代わりに入る先生を選んでください。".into(),
            SwapNoPartner => "入れ替える相手の当番を選んでください。".into(),
            ActualNoDoctor => format!("{}を選んでください。", ActualIs.ja()),
            BadDate { text } => {
                format!("「{text}」は日付として読めません。2027-03-09 のように入力してください。")
            }
        }
    }

    fn en(&self) -> String {
        use YearMsg::*;
        match self {
            NavYear => "The year".into(),
            NavPlan => "Plan and publish".into(),
            YearTitle { year, fiscal } => format!("The {} rota", year_en(*year, *fiscal)),
            PlanTitle { year, fiscal } => format!("Plan and publish {}", year_en(*year, *fiscal)),
            OtherYear { year, fiscal } => year_en(*year, *fiscal),
            ShowingPublished { at } => format!("The published rota (published {}).", at.en()),
            ShowingDraft => "A draft, not published: the doctors do not see it yet.".into(),
            NoRota { year } => {
                format!("There is no {year} rota yet. Make one under Plan and publish.")
            }
            ToPlan => "Plan and publish".into(),
            InRota { rota, title } => format!("{} ({rota})", title.en()),
            RotaPicker => "Rota:".into(),
            Month { year, month } => {
                format!("{} {year}", MONTHS_EN[(*month as usize + 11) % 12])
            }
            Weekday(d) => WEEKDAYS_EN[*d as usize % 7].into(),
            FrozenMark => "frozen".into(),
            Legend => "Click a day to swap, cover, freeze or record what actually happened in its duty. A frozen duty keeps its doctors when the year is re-planned.".into(),
            FairnessTitle => "Fairness".into(),
            ColDoctor => "Doctor".into(),
            ColLoad => "Load".into(),
            ColTarget => "Target".into(),
            ColCarried => "Carried in".into(),
            ColDeviation => "Deviation".into(),
            FairnessLine { range, bound, optimal, given_holidays } => format!(
                "Fairness range {range} points (lower bound {bound}). {}",
                if *optimal {
                    "No fairer plan exists."
                } else if *given_holidays {
                    "No plan that gives the holiday duties in the rotation's order is fairer."
                } else {
                    "A fairer plan may exist."
                }
            ),
            ChartLabel => "Each doctor's load (with the balance carried in) and target".into(),
            ChartNote => "Bar: this year's load plus the balance carried in; line: the target.".into(),
            SlotTitle { slot } => {
                let en = slot.en();
                let mut first = en.chars();
                first.next().map_or(en.clone(), |c| c.to_uppercase().chain(first).collect())
            }
            SlotPeriod { start, end } => format!("{} to {}", start.en(), end.en()),
            SlotDoctors { names } => format!("On duty: {}", names_en(names)),
            SlotPart { by, doctor, from, to } => format!(
                "Partly covered: {} by {} for {}",
                Day::span(*from, *to, super::Lang::En),
                by.en(),
                doctor.en()
            ),
            SlotEmpty => "Nobody is on this duty.".into(),
            SlotFrozen => "This duty is frozen (re-planning keeps its doctors).".into(),
            SlotStarted => "This duty has started: it can no longer be swapped or covered. If someone else did it, record what actually happened.".into(),
            SlotInDraft => "This rota is a draft: swaps and covers are made in the published rota.".into(),
            Swap => "Swap".into(),
            DoctorHere => "The doctor of this duty".into(),
            SwapWith => "Swap with (duty and doctor)".into(),
            Cover => "Cover".into(),
            CoverBy => "The doctor who takes it".into(),
            CoverFrom => "First day (leave empty to start at the beginning of the duty)".into(),
            CoverTo => "Last day (leave empty to run to the end of the duty)".into(),
            Freeze => "Freeze".into(),
            Unfreeze => "Unfreeze".into(),
            FreezeNote => "A frozen duty keeps its doctors when the year is re-planned.".into(),
            ActualTitle => "Record what actually happened".into(),
            ActualWas => "Doctor on the rota".into(),
            ActualIs => "The doctor who did the duty".into(),
            Reason => "Reason".into(),
            Record => "Record".into(),
            Swapped => "Swapped. The doctors concerned and the office will be told.".into(),
            Covered => "Cover arranged. The doctors concerned and the office will be told.".into(),
            // The page says "This duty is frozen (…)" just below: the notice need not repeat it.
            FrozenDone => "Saved.".into(),
            UnfrozenDone => "The duty is no longer frozen.".into(),
            ActualDone => "What actually happened is recorded.".into(),
            Refused(r) => format!("Nothing was saved. {}", super::words::sentence(&r.en())),
            Failed { en, .. } => format!("Nothing was saved. {}", super::words::sentence(en)),
            BackToYear { year } => format!("Back to the {year} rota"),
            PlanIntro => "A plan is saved as a draft. Check its fairness and what it changes in the published rota, then publish it: until then the doctors do not see it.".into(),
            ReplanFrom => "Re-plan from this date".into(),
            Earliest { day } => format!("The earliest date allowed is {}.", day.en()),
            PlanButton => "Plan the year".into(),
            ReplanButton => "Re-plan".into(),
            Planning => "Planning. This page refreshes by itself.".into(),
            AlreadyPlanning => "This year is being planned already; please wait until it is done.".into(),
            DraftTitle => "The draft".into(),
            NoDraft => "There is no draft.".into(),
            DraftMade { at, seconds } => format!("Made {} (solved in {seconds} s).", at.en()),
            DraftReplanned { from, published, .. } => format!(
                "This draft re-plans from {}: the duties before it stay as {}.",
                from.en_long(),
                if *published { "published" } else { "in the earlier draft" }
            ),
            YearBegun { year, first, .. } => format!(
                "{} began on {}. A plan made here also gives doctors the weeks before today, and once published those weeks count towards fairness as if worked. After publishing, record who actually did each past week on its week in The year.",
                year.en(),
                first.en_long()
            ),
            YearNearlyOver { year, last, days_left, this_year } => format!(
                "{} Next year's rota is made on {}.",
                year_ends(*year, *last, *days_left, *this_year, Lang::En),
                YearMsg::PlanTitle { year: year.year + 1, fiscal: year.fiscal }.en()
            ),
            DiffTitle => "Changes from the published rota".into(),
            DiffNone => "The same as the published rota.".into(),
            ColSlot => "Duty".into(),
            ColBefore => "Before".into(),
            ColAfter => "After".into(),
            Publish => "Publish".into(),
            Discard => "Discard the draft".into(),
            PublishedDone => "Published. The doctors' calendar feeds will update.".into(),
            DiscardedDone => "The draft is discarded.".into(),
            ProgressTitle => "Progress".into(),
            CoverNoColleague => "Choose the colleague who covers.".into(),
            SwapNoPartner => "Choose the duty to swap with.".into(),
            ActualNoDoctor => "Choose the doctor who did the duty.".into(),
            BadDate { text } => super::time::not_a_date_en(text),
        }
    }
}

impl YearMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<YearMsg> {
        use chrono::TimeZone;
        let when = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 2, 22, 0, 0).unwrap());
        let day = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).unwrap());
        let all = vec![
            YearMsg::NavYear,
            YearMsg::NavPlan,
            YearMsg::YearTitle { year: 2027, fiscal: false },
            YearMsg::PlanTitle { year: 2027, fiscal: true },
            YearMsg::OtherYear { year: 2028, fiscal: false },
            YearMsg::ShowingPublished { at: when },
            YearMsg::ShowingDraft,
            YearMsg::NoRota { year: 2028 },
            YearMsg::ToPlan,
            YearMsg::InRota {
                rota: "North".into(),
                title: Box::new(YearMsg::YearTitle { year: 2027, fiscal: false }),
            },
            YearMsg::RotaPicker,
            YearMsg::Month { year: 2027, month: 3 },
            YearMsg::Weekday(0),
            YearMsg::FrozenMark,
            YearMsg::Legend,
            YearMsg::FairnessTitle,
            YearMsg::ColDoctor,
            YearMsg::ColLoad,
            YearMsg::ColTarget,
            YearMsg::ColCarried,
            YearMsg::ColDeviation,
            YearMsg::FairnessLine { range: 3, bound: 2, optimal: false, given_holidays: false },
            YearMsg::FairnessLine { range: 3, bound: 2, optimal: false, given_holidays: true },
            YearMsg::ChartLabel,
            YearMsg::ChartNote,
            YearMsg::SlotTitle { slot: super::slot::SlotRef::id("2027-03-09") },
            YearMsg::SlotPeriod { start: when, end: when },
            YearMsg::SlotDoctors { names: vec![Doctor("上田 誠".into())] },
            YearMsg::SlotPart {
                by: Doctor("石川 花子".into()),
                doctor: Doctor("上田 誠".into()),
                from: Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 10).expect("date")),
                to: Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 10).expect("date")),
            },
            YearMsg::SlotEmpty,
            YearMsg::SlotFrozen,
            YearMsg::SlotStarted,
            YearMsg::SlotInDraft,
            YearMsg::Swap,
            YearMsg::DoctorHere,
            YearMsg::SwapWith,
            YearMsg::Cover,
            YearMsg::CoverBy,
            YearMsg::CoverFrom,
            YearMsg::CoverTo,
            YearMsg::Freeze,
            YearMsg::Unfreeze,
            YearMsg::FreezeNote,
            YearMsg::ActualTitle,
            YearMsg::ActualWas,
            YearMsg::ActualIs,
            YearMsg::Reason,
            YearMsg::Record,
            YearMsg::Swapped,
            YearMsg::Covered,
            YearMsg::FrozenDone,
            YearMsg::UnfrozenDone,
            YearMsg::ActualDone,
            YearMsg::Refused(
                Refusal::NoDraft(super::words::YearLabel::calendar(2027))
                    .on_console(super::audit::Names::sample()),
            ),
            YearMsg::Failed {
                ja: "計画が見つかりません。".into(), en: "No plan found.".into()
            },
            YearMsg::BackToYear { year: 2027 },
            YearMsg::PlanIntro,
            YearMsg::ReplanFrom,
            YearMsg::Earliest { day },
            YearMsg::PlanButton,
            YearMsg::ReplanButton,
            YearMsg::Planning,
            YearMsg::AlreadyPlanning,
            YearMsg::DraftTitle,
            YearMsg::NoDraft,
            YearMsg::DraftMade { at: when, seconds: "1.25".into() },
            YearMsg::DraftReplanned { from: day, this_year: 2027, published: true },
            YearMsg::DraftReplanned { from: day, this_year: 2028, published: false },
            YearMsg::YearBegun { year: YearLabel::calendar(2027), first: day, this_year: 2027 },
            YearMsg::YearNearlyOver {
                year: YearLabel::calendar(2027),
                last: day,
                days_left: 22,
                this_year: 2027,
            },
            YearMsg::DiffTitle,
            YearMsg::DiffNone,
            YearMsg::ColSlot,
            YearMsg::ColBefore,
            YearMsg::ColAfter,
            YearMsg::Publish,
            YearMsg::Discard,
            YearMsg::PublishedDone,
            YearMsg::DiscardedDone,
            YearMsg::ProgressTitle,
            YearMsg::CoverNoColleague,
            YearMsg::SwapNoPartner,
            YearMsg::ActualNoDoctor,
            YearMsg::BadDate { text: "3/9".into() },
        ];
        for m in &all {
            use YearMsg::*;
            match m {
                NavYear
                | NavPlan
                | YearTitle { .. }
                | PlanTitle { .. }
                | OtherYear { .. }
                | ShowingPublished { .. }
                | ShowingDraft
                | NoRota { .. }
                | ToPlan
                | InRota { .. }
                | RotaPicker
                | Month { .. }
                | Weekday(_)
                | FrozenMark
                | Legend
                | FairnessTitle
                | ColDoctor
                | ColLoad
                | ColTarget
                | ColCarried
                | ColDeviation
                | FairnessLine { .. }
                | ChartLabel
                | ChartNote
                | SlotTitle { .. }
                | SlotPeriod { .. }
                | SlotDoctors { .. }
                | SlotPart { .. }
                | SlotEmpty
                | SlotFrozen
                | SlotStarted
                | SlotInDraft
                | Swap
                | DoctorHere
                | SwapWith
                | Cover
                | CoverBy
                | CoverFrom
                | CoverTo
                | Freeze
                | Unfreeze
                | FreezeNote
                | ActualTitle
                | ActualWas
                | ActualIs
                | Reason
                | Record
                | Swapped
                | Covered
                | FrozenDone
                | UnfrozenDone
                | ActualDone
                | Refused(_)
                | Failed { .. }
                | BackToYear { .. }
                | PlanIntro
                | ReplanFrom
                | Earliest { .. }
                | PlanButton
                | ReplanButton
                | Planning
                | AlreadyPlanning
                | DraftTitle
                | NoDraft
                | DraftMade { .. }
                | DraftReplanned { .. }
                | YearBegun { .. }
                | YearNearlyOver { .. }
                | DiffTitle
                | DiffNone
                | ColSlot
                | ColBefore
                | ColAfter
                | Publish
                | Discard
                | PublishedDone
                | DiscardedDone
                | ProgressTitle
                | CoverNoColleague
                | SwapNoPartner
                | ActualNoDoctor
                | BadDate { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_year_text_reads_in_both_languages() {
        for m in YearMsg::samples() {
            crate::msg::check_both(&m);
        }
    }

    #[test]
    fn months_and_fiscal_years_read_as_written() {
        assert_eq!(YearMsg::Month { year: 2027, month: 1 }.en(), "January 2027");
        assert_eq!(YearMsg::Month { year: 2027, month: 12 }.ja(), "2027年12月");
        assert_eq!(YearMsg::YearTitle { year: 2027, fiscal: true }.ja(), "2027年度の当番表");
        let refused = YearMsg::Refused(
            Refusal::NoDraft(crate::msg::words::YearLabel::calendar(2027))
                .on_console(crate::msg::audit::Names::sample()),
        );
        assert!(refused.ja().starts_with("保存していません。"));
    }

    // See: issue 18 (review, findings 7b and 4): what the plan page says of a re-planned draft
    // and of a year that has begun or is nearly over; a day in another year carries its year.
    #[test]
    fn the_plan_page_says_what_a_replan_keeps_and_when_the_year_began_and_ends() {
        let day = |y, m, d| Day(chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date"));
        let replanned =
            YearMsg::DraftReplanned { from: day(2027, 3, 9), this_year: 2027, published: true };
        assert_eq!(
            replanned.ja(),
            "3月9日(火)から計画し直した下書きです。それより前の当番は公開済みのままです。"
        );
        let other_year =
            YearMsg::DraftReplanned { from: day(2027, 3, 9), this_year: 2026, published: false };
        assert!(other_year.ja().starts_with("2027年3月9日(火)から"), "{}", other_year.ja());
        assert!(other_year.ja().contains("元の下書きのまま"), "{}", other_year.ja());
        let year = YearLabel::calendar(2027);
        let last = day(2027, 12, 31);
        let over = YearMsg::YearNearlyOver { year, last, days_left: 22, this_year: 2027 };
        assert_eq!(
            over.ja(),
            "2027年は12月31日(金)で終わります（あと22日）。来年の当番表は「2028年の計画と公開」で作成できます。"
        );
        assert!(over.en().starts_with("2027 ends on Fri 31 Dec 2027 (22 days left)."));
        let fiscal = YearLabel { year: 2027, fiscal: true };
        let over = YearMsg::YearNearlyOver {
            year: fiscal,
            last: day(2028, 3, 31),
            days_left: 30,
            this_year: 2028,
        };
        assert!(over.ja().starts_with("2027年度は3月31日(金)で終わります"), "{}", over.ja());
        assert!(over.ja().contains("「2028年度の計画と公開」"), "{}", over.ja());
        let begun = YearMsg::YearBegun { year, first: day(2027, 1, 1), this_year: 2027 };
        assert!(begun.ja().starts_with("2027年はすでに1月1日(金)に始まっています。"));
    }

    // See: issue 18 (English review 29): "Nothing was saved. the last day (Thu 8 Apr) comes
    // before the first …": a reason after a lead sentence starts a sentence of its own.
    #[test]
    fn a_reason_after_a_lead_sentence_starts_with_a_capital() {
        let day = |d| Day(chrono::NaiveDate::from_ymd_opt(2027, 4, d).expect("date"));
        let reversed = crate::msg::partial::PartialMsg::Reversed { from: day(9), to: day(8) };
        let refused = YearMsg::Refused(
            Refusal::Partial(Box::new(reversed)).on_console(crate::msg::audit::Names::sample()),
        );
        assert_eq!(
            refused.en(),
            "Nothing was saved. The last day (Thu 8 Apr) comes before the first (Fri 9 Apr): check the dates."
        );
        let failed = YearMsg::Failed { ja: "x".into(), en: "the store is busy".into() };
        assert_eq!(failed.en(), "Nothing was saved. The store is busy.");
        let cancel = crate::msg::web_records::RecordsMsg::CancelRefused(
            Refusal::NoSuchCall(crate::routing::CallId::new(4))
                .on_console(crate::msg::audit::Names::sample()),
        );
        assert!(crate::msg::Message::en(&cancel).starts_with("Nothing was cancelled. There"));
    }

    // See: issue 18 (English review 32): the slot page's cover form said "For only some days,
    // the first (empty: from the duty's first day)".
    #[test]
    fn the_cover_forms_days_say_what_leaving_them_empty_means() {
        assert_eq!(
            YearMsg::CoverFrom.en(),
            "First day (leave empty to start at the beginning of the duty)"
        );
        assert_eq!(YearMsg::CoverTo.en(), "Last day (leave empty to run to the end of the duty)");
    }

    // See: issue 18 (English review 33): "Cover made." said a cover the office arranged.
    #[test]
    fn a_cover_saved_is_arranged() {
        assert_eq!(
            YearMsg::Covered.en(),
            "Cover arranged. The doctors concerned and the office will be told."
        );
    }

    // See: issue 18 (English review 44): "The doctor the rota names", "Published. The doctors'
    // calendars follow.", "Changes against the published rota", and the slot page saying "The
    // duty is frozen." just above "This duty is frozen (…)".
    #[test]
    fn the_slot_and_plan_pages_read_plainly_and_say_a_thing_once() {
        assert_eq!(YearMsg::ActualWas.en(), "Doctor on the rota");
        assert_eq!(
            YearMsg::PublishedDone.en(),
            "Published. The doctors' calendar feeds will update."
        );
        assert_eq!(YearMsg::DiffTitle.en(), "Changes from the published rota");
        assert_eq!(YearMsg::FrozenDone.en(), "Saved.");
        assert!(!YearMsg::SlotFrozen.en().contains(&YearMsg::FrozenDone.en()));
    }
}
