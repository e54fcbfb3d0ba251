//! The web console's Members and Absences pages (issue 18): headings, labels, buttons and
//! what the pages say after a save. Wrapped by [`super::web::WebMsg::Members`].

use super::refusal::Refusal;
use super::slot::SlotRef;
use super::{Day, Doctor, Message};
use crate::rules::edit::fields::FieldProblem;

/// A text of the Members or Absences page.
#[derive(Debug, Clone, PartialEq)]
pub enum WebMembers {
    /// The Members page's title (and nav entry).
    MembersTitle,
    /// The Absences page's title (and nav entry).
    AbsencesTitle,
    /// Heading: duty doctors.
    Doctors,
    /// Heading: backup hospitals.
    Hospitals,
    /// Heading: visiting-nurse stations.
    NurseStations,
    /// Heading: holiday periods.
    HolidayPeriods,
    /// Column or label: the id.
    Id,
    /// The column of an absence's number (what `toban absence remove` takes).
    AbsenceNo,
    /// Column or label: the name.
    Name,
    /// Label: the name in Latin letters for English readers (`name_en`).
    NameEn,
    /// What the name in English is for, with an example.
    NameEnHint {
        /// A name as it would be written.
        example: &'static str,
    },
    /// Column or label: the clinic.
    Clinic,
    /// Column or label: share of a full load.
    Fte,
    /// What the share means.
    FteHint,
    /// Column or label: phone.
    Phone,
    /// Column or label: first day of membership.
    Joined,
    /// Column or label: last day of membership.
    Left,
    /// What `left` means, and why there is no delete.
    LeftHint,
    /// What the id is for.
    IdHint {
        /// An id of the kind asked for (d13, h4, ns2, obon).
        example: &'static str,
        /// A holiday period's id (else a member's: a doctor, hospital or station).
        period: bool,
    },
    /// Column and label: a hospital's id.
    HospitalId,
    /// Column and label: a nurse station's id.
    StationId,
    /// Column and label: a holiday period's id.
    PeriodId,
    /// Column: the order in the chain.
    Order,
    /// Column: a holiday period's days.
    Period,
    /// Column: load points.
    Weight,
    /// A holiday period from month-day to month-day.
    MonthDays {
        /// First month and day.
        from: (u32, u32),
        /// Last month and day.
        to: (u32, u32),
        /// It runs on over following public holidays.
        extends: bool,
    },
    /// A doctor who has left (the list's mark).
    Former,
    /// Link: edit a doctor.
    Edit,
    /// Link and title: add a doctor.
    AddDoctor,
    /// Title: a doctor's entry.
    EditDoctor {
        /// The doctor.
        doctor: Doctor,
    },
    /// Button: save.
    Save,
    /// Link: back to the list.
    BackToMembers,
    /// A doctor was added.
    DoctorAdded {
        /// The doctor.
        doctor: Doctor,
    },
    /// A doctor's entry was saved.
    DoctorSaved {
        /// The doctor.
        doctor: Doctor,
    },
    /// The edited rules do not load: nothing was saved (the loader's problems follow).
    RulesRefused,
    /// No doctor has this id.
    NoSuchDoctor {
        /// The id asked for.
        id: String,
    },
    /// This serve does not know its rules folder: the rules are read only here.
    ReadOnly,
    /// Where the rules are kept, and that they are edited in place.
    SavedTo {
        /// The file.
        file: String,
    },
    /// Column or label: the doctor.
    Doctor,
    /// Column or label: first day away.
    From,
    /// Column or label: last day away.
    To,
    /// Column or label: the reason.
    Reason,
    /// Column: away or "prefer not".
    Kind {
        /// A soft request.
        soft: bool,
    },
    /// Heading: the kind column.
    KindHeading,
    /// Button: remove an absence.
    Remove,
    /// Heading and button: add an absence.
    AddAbsence,
    /// No absences.
    NoAbsences,
    /// No absence still to come or running, though some are over.
    NoCurrentAbsences,
    /// Link: the absences that are over.
    PastLink {
        /// How many.
        n: usize,
    },
    /// Heading: the absences that are over.
    PastHeading,
    /// Which absences that are over this page shows.
    PastRange {
        /// The first shown (1 = the latest to end).
        from: usize,
        /// The last shown.
        to: usize,
        /// How many are over.
        total: usize,
    },
    /// Link: back to the absences running and to come.
    CurrentLink,
    /// An absence was added.
    AbsenceAdded {
        /// The doctor.
        doctor: Doctor,
        /// First day.
        from: Day,
        /// Last day.
        to: Day,
    },
    /// An absence was removed.
    AbsenceRemoved {
        /// Its number.
        id: crate::ids::AbsenceId,
    },
    /// Heading: the published duties the new absence falls on.
    ClashesHeading,
    /// A date field is not YYYY-MM-DD.
    BadDate {
        /// What was typed.
        typed: String,
    },
    /// The desk refused (not a doctor, backwards, no such absence).
    Refused(super::refusal_console::OnConsole),
    /// An absence's doctor was not chosen.
    NoDoctorChosen,
    /// An absence's first day was left empty.
    FromEmpty,
    /// An absence's last day was left empty.
    ToEmpty,
    /// Choose a doctor.
    ChooseDoctor,
    /// A date, with its year.
    Date(Day),
    /// Title: a hospital's or station's entry.
    EditPlace {
        /// Its name.
        name: String,
    },
    /// Label: a place's or period's name.
    PlaceName,
    /// Label: a holiday period's first day.
    PeriodStart,
    /// Label: a holiday period's last day.
    PeriodEnd,
    /// How a holiday period's days are written.
    PeriodHint,
    /// Label: runs on over following public holidays.
    Extend,
    /// A hospital's or station's entry was saved.
    PlaceSaved {
        /// Its name.
        name: String,
    },
    /// Fields of the form are wrong: nothing was saved (each is said under its field).
    FieldsRefused {
        /// How many problems.
        n: usize,
    },
    /// What is wrong with one field.
    Field(FieldProblem),
    /// A doctor's entry saved with membership dates that leave published duties without a
    /// doctor (a `left` date before them, or a `joined` date after).
    LeftDuties {
        /// The doctor.
        doctor: Doctor,
        /// Their last day of membership, if that is the cause.
        left: Option<Day>,
        /// How many duties.
        n: usize,
    },
    /// One of those duties.
    LeftDuty(SlotRef),
    /// What to do about them.
    LeftDutiesWhat,
    /// Link: a duty's page, to ask for cover.
    CoverLink,
    /// Link: the plan page, to re-plan from a day.
    ReplanFrom {
        /// The first day to re-plan.
        from: Day,
    },
}

impl Message for WebMembers {
    fn ja(&self) -> String {
        use WebMembers::*;
        match self {
            MembersTitle => "会員".into(),
            AbsencesTitle => "不在".into(),
            Doctors => "当番医".into(),
            Hospitals => "後方支援病院".into(),
            NurseStations => "訪問看護ステーション".into(),
            HolidayPeriods => "休日当番の期間".into(),
            Id => "会員ID".into(),
            AbsenceNo => "番号".into(),
            Name => "氏名".into(),
            NameEn => "英語表記（ローマ字）".into(),
            NameEnHint { example } => format!(
                "英語で画面を読む人には、氏名の代わりにこの名前を表示します（例: {example}）。空欄なら氏名のままです。"
            ),
            Clinic => "医療機関".into(),
            Fte => "負担の割合（常勤=1）".into(),
            FteHint => "通常の負担は 1.0 です。半分なら 0.5。空欄は 1.0 として扱います。".into(),
            Phone => "電話番号".into(),
            Joined => "入会日".into(),
            Left => "退会日".into(),
            LeftHint => "退会される場合は、最後の在籍日を入れてください（例 2027-03-31）。当番や依頼の記録が残るため、医師の削除はできません。".into(),
            IdHint { example, .. } => format!("半角の英数字で、ほかと重ならないIDにしてください（例 {example}）。後から変更はできません。"),
            HospitalId => "病院ID".into(),
            StationId => "ステーションID".into(),
            PeriodId => "期間ID".into(),
            Order => "順番".into(),
            Period => "期間".into(),
            Weight => "負担の重み".into(),
            MonthDays { from, to, extends } => format!(
                "{}月{}日〜{}月{}日{}",
                from.0,
                from.1,
                to.0,
                to.1,
                if *extends { "（祝日が続く場合は延長）" } else { "" }
            ),
            Former => "退会".into(),
            Edit => "編集".into(),
            AddDoctor => "医師を追加".into(),
            EditDoctor { doctor } => format!("{}の登録内容", doctor.ja()),
            Save => "保存する".into(),
            BackToMembers => "会員の一覧へ戻る".into(),
            DoctorAdded { doctor } => format!("{}を追加しました。", doctor.ja()),
            DoctorSaved { doctor } => format!("{}の登録内容を保存しました。", doctor.ja()),
            RulesRefused => "ルールの確認で問題が見つかったため、保存していません。次の点を直してから、もう一度保存してください。".into(),
            NoSuchDoctor { id } => format!("ID「{id}」の医師はルールに登録されていません。"),
            ReadOnly => "このサーバーはルールのフォルダを指定されずに起動したため、ここでは表示のみです。".into(),
            SavedTo { file } => format!("ここで変更した内容は、設定ファイル（{file}）に保存されます。ファイルのほかの部分はそのまま残ります。"),
            Doctor => "医師".into(),
            From => "開始日".into(),
            To => "終了日".into(),
            Reason => "理由".into(),
            Kind { soft } => if *soft { "希望".into() } else { "不在".into() },
            KindHeading => "種別".into(),
            Remove => "削除".into(),
            AddAbsence => "不在を登録".into(),
            NoAbsences => "登録された不在はありません。".into(),
            NoCurrentAbsences => "現在とこれからの不在はありません。".into(),
            PastLink { n } => format!("終わった不在（{n}件）を見る"),
            PastHeading => "終わった不在".into(),
            PastRange { from, to, total } => {
                format!("終わった不在{total}件のうち、新しいものから{from}〜{to}件目")
            }
            CurrentLink => "現在とこれからの不在に戻る".into(),
            AbsenceAdded { doctor, from, to } => {
                format!("{}の不在（{}〜{}）を登録しました。", doctor.ja(), from.ja(), to.ja())
            }
            AbsenceRemoved { id } => format!("不在 {id} を削除しました。"),
            ClashesHeading => "公開済みの当番と重なっています".into(),
            BadDate { typed } => format!("「{typed}」は日付として読めません。2027-04-01 の形で入れてください。"),
            Refused(r) => r.ja(),
            NoDoctorChosen => "先生を選んでください。".into(),
            FromEmpty => format!("{}を入れてください。", From.ja()),
            ToEmpty => format!("{}を入れてください。", To.ja()),
            ChooseDoctor => "医師を選んでください".into(),
            Date(d) => d.ja_long(),
            EditPlace { name } => format!("{name}の登録内容"),
            PlaceName => "名称".into(),
            PeriodStart => "初日（月-日）".into(),
            PeriodEnd => "最終日（月-日）".into(),
            PeriodHint => "12-29 のように月-日で入れてください。最終日が初日より前なら、年をまたぐ期間です。".into(),
            Extend => "翌日が祝日の間は期間を延ばす（5月6日の振替休日など）".into(),
            PlaceSaved { name } => format!("{name}の登録内容を保存しました。"),
            FieldsRefused { n } => format!("入力に直すところが{n}か所あるため、保存していません。それぞれの欄の下に書いた点を直して、もう一度保存してください。"),
            Field(p) => p.ja(),
            LeftDuties { doctor, left: Some(left), n } => format!(
                "{}の退会日（{}）より後に、公開済みの当番が{n}件あります。この当番は担当の先生がいません:",
                doctor.ja(),
                left.ja_long()
            ),
            LeftDuties { doctor, left: None, n } => format!(
                "{}の入会日より前に、公開済みの当番が{n}件あります。この当番は担当の先生がいません:",
                doctor.ja()
            ),
            LeftDuty(slot) => slot.ja(),
            LeftDutiesWhat => "それぞれの当番を、当番のページから代わりの先生に代行してもらうか、当番表を計画し直してください。".into(),
            CoverLink => "代行を頼む".into(),
            ReplanFrom { from } => format!("{}から計画し直す", from.ja_long()),
        }
    }

    fn en(&self) -> String {
        use WebMembers::*;
        match self {
            MembersTitle => "Members".into(),
            AbsencesTitle => "Absences".into(),
            Doctors => "Duty doctors".into(),
            Hospitals => "Backup hospitals".into(),
            NurseStations => "Nurse stations".into(),
            HolidayPeriods => "Holiday periods".into(),
            Id => "Id".into(),
            AbsenceNo => "No.".into(),
            Name => "Name".into(),
            NameEn => "Name in English (Latin letters)".into(),
            NameEnHint { example } => format!(
                "Shown instead of the name to whoever reads toban in English (e.g. {example}). Empty: the name as written."
            ),
            Clinic => "Clinic".into(),
            Fte => "Share of a full load (FTE)".into(),
            FteHint => "1.0 is a full load, 0.5 half of it; empty counts as 1.0.".into(),
            Phone => "Phone".into(),
            Joined => "Joined".into(),
            Left => "Left".into(),
            LeftHint => "When a doctor leaves, enter their last day of membership (e.g. 2027-03-31). Doctors are never deleted: their duties and calls stay on record.".into(),
            IdHint { example, period } => format!(
                "Letters and digits, not used by any other {} (e.g. {example}). It cannot be changed later.",
                if *period { "holiday period" } else { "member" }
            ),
            HospitalId => "Hospital ID".into(),
            StationId => "Station ID".into(),
            PeriodId => "Period ID".into(),
            Order => "Order".into(),
            Period => "Days".into(),
            Weight => "Weight".into(),
            MonthDays { from, to, extends } => format!(
                "{} – {}{}",
                month_day_en(*from),
                month_day_en(*to),
                if *extends { " (extended while public holidays continue)" } else { "" }
            ),
            Former => "left".into(),
            Edit => "Edit".into(),
            AddDoctor => "Add a doctor".into(),
            EditDoctor { doctor } => format!("Edit {}", doctor.en()),
            Save => "Save".into(),
            BackToMembers => "Back to the members".into(),
            DoctorAdded { doctor } => format!("{} was added.", doctor.en()),
            DoctorSaved { doctor } => format!("{}'s entry was saved.", doctor.en()),
            RulesRefused => "Not saved: checking the rules found a problem. Correct what follows and save again.".into(),
            NoSuchDoctor { id } => format!("No doctor in the rules has the id '{id}'."),
            ReadOnly => "This server was started without its rules folder: the rules are shown here, not edited.".into(),
            SavedTo { .. } => "Changes are saved to the association's rules files, keeping their comments and layout.".into(),
            Doctor => "Doctor".into(),
            From => "From".into(),
            To => "To".into(),
            Reason => "Reason".into(),
            Kind { soft } => if *soft { "Prefer not".into() } else { "Away".into() },
            KindHeading => "Kind".into(),
            Remove => "Remove".into(),
            AddAbsence => "Add an absence".into(),
            NoAbsences => "No absences.".into(),
            NoCurrentAbsences => "No absence now or to come.".into(),
            PastLink { n } => format!("Past absences ({n})"),
            PastHeading => "Past absences".into(),
            PastRange { from, to, total } => {
                format!("{from}–{to} of {total} past absences, latest first")
            }
            CurrentLink => "Back to the absences now and to come".into(),
            AbsenceAdded { doctor, from, to } => {
                format!("Absence of {} added: {} to {}.", doctor.en(), from.en(), to.en())
            }
            AbsenceRemoved { id } => format!("Absence {id} removed."),
            ClashesHeading => "It falls on published duties".into(),
            BadDate { typed } => super::time::not_a_date_en(typed),
            Refused(r) => r.en(),
            NoDoctorChosen => "Choose the doctor.".into(),
            FromEmpty => "Enter the first day.".into(),
            ToEmpty => "Enter the last day.".into(),
            ChooseDoctor => "Choose a doctor".into(),
            Date(d) => d.en_long(),
            EditPlace { name } => format!("Edit {name}"),
            PlaceName => "Name".into(),
            PeriodStart => "First day (MM-DD)".into(),
            PeriodEnd => "Last day (MM-DD)".into(),
            PeriodHint => "Write days as MM-DD, e.g. 12-29. If the last day is before the first, the period runs into the next year.".into(),
            Extend => "Extend while the following days are public holidays (e.g. a substitute holiday on 6 May)".into(),
            PlaceSaved { name } => format!("The entry of {name} was saved."),
            FieldsRefused { n } => format!("Not saved: {n} {} to correct, as said under each field. Correct {} and save again.", if *n == 1 { "entry" } else { "entries" }, if *n == 1 { "it" } else { "them" }),
            Field(p) => p.en(),
            LeftDuties { doctor, left: Some(left), n } => format!(
                "{} leaves on {}, before {n} published {}: {} now no doctor:",
                doctor.en(),
                left.en_long(),
                if *n == 1 { "duty" } else { "duties" },
                if *n == 1 { "it has" } else { "they have" }
            ),
            LeftDuties { doctor, left: None, n } => format!(
                "{} joins after {n} published {}: {} now no doctor:",
                doctor.en(),
                if *n == 1 { "duty" } else { "duties" },
                if *n == 1 { "it has" } else { "they have" }
            ),
            LeftDuty(slot) => capital(&slot.en()),
            LeftDutiesWhat => "Ask another doctor to cover each duty from its page, or re-plan the rota.".into(),
            CoverLink => "Ask for cover".into(),
            ReplanFrom { from } => format!("Re-plan from {}", from.en_long()),
        }
    }
}

/// A month and day as "29 Apr" (in a leap year, so that 29 Feb reads too).
fn month_day_en((month, day): (u32, u32)) -> String {
    chrono::NaiveDate::from_ymd_opt(2000, month, day)
        .map_or_else(|| format!("{month:02}-{day:02}"), |d| d.format("%-d %b").to_string())
}

/// "the duty of …" at the start of a line: "The duty of …".
fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

impl WebMembers {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<WebMembers> {
        use WebMembers::*;
        let day = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).unwrap());
        let dr = || super::Doctor("上田 誠".into());
        let all = vec![
            MembersTitle,
            AbsencesTitle,
            Doctors,
            Hospitals,
            NurseStations,
            HolidayPeriods,
            Id,
            AbsenceNo,
            Name,
            NameEn,
            NameEnHint { example: "Aoki Ichiro" },
            Clinic,
            Fte,
            FteHint,
            Phone,
            Joined,
            Left,
            LeftHint,
            IdHint { example: "d13", period: false },
            IdHint { example: "obon", period: true },
            HospitalId,
            StationId,
            PeriodId,
            Order,
            Period,
            Weight,
            MonthDays { from: (12, 29), to: (1, 3), extends: false },
            MonthDays { from: (4, 29), to: (5, 5), extends: true },
            Former,
            Edit,
            AddDoctor,
            EditDoctor { doctor: dr() },
            Save,
            BackToMembers,
            DoctorAdded { doctor: dr() },
            DoctorSaved { doctor: dr() },
            RulesRefused,
            NoSuchDoctor { id: "d99".into() },
            ReadOnly,
            SavedTo { file: "rules/members.toml".into() },
            Doctor,
            From,
            To,
            Reason,
            Kind { soft: false },
            Kind { soft: true },
            KindHeading,
            Remove,
            AddAbsence,
            NoAbsences,
            NoCurrentAbsences,
            PastLink { n: 60 },
            PastHeading,
            PastRange { from: 51, to: 60, total: 60 },
            CurrentLink,
            AbsenceAdded { doctor: dr(), from: day, to: day },
            AbsenceRemoved { id: crate::ids::AbsenceId::new(3) },
            ClashesHeading,
            BadDate { typed: "2027/3/9".into() },
            Refused(
                Refusal::NoSuchAbsence(crate::ids::AbsenceId::new(3))
                    .on_console(super::audit::Names::sample()),
            ),
            NoDoctorChosen,
            FromEmpty,
            ToEmpty,
            ChooseDoctor,
            Date(day),
            EditPlace { name: "国保匝瑳市民病院".into() },
            PlaceSaved { name: "国保匝瑳市民病院".into() },
            PlaceName,
            PeriodStart,
            PeriodEnd,
            PeriodHint,
            Extend,
            FieldsRefused { n: 1 },
            FieldsRefused { n: 3 },
            Field(FieldProblem::ReservedId),
            LeftDuties { doctor: dr(), left: Some(day), n: 2 },
            LeftDuties { doctor: dr(), left: None, n: 1 },
            LeftDuty(SlotRef::with_days("2027-03-09", day.0, day.0 + chrono::Days::new(7))),
            LeftDutiesWhat,
            CoverLink,
            ReplanFrom { from: day },
        ];
        for m in &all {
            match m {
                MembersTitle
                | AbsencesTitle
                | Doctors
                | Hospitals
                | NurseStations
                | HolidayPeriods
                | Id
                | AbsenceNo
                | Name
                | NameEn
                | NameEnHint { .. }
                | Clinic
                | Fte
                | FteHint
                | Phone
                | Joined
                | Left
                | LeftHint
                | IdHint { .. }
                | HospitalId
                | StationId
                | PeriodId
                | Order
                | Period
                | Weight
                | MonthDays { .. }
                | Former
                | Edit
                | AddDoctor
                | EditDoctor { .. }
                | Save
                | BackToMembers
                | DoctorAdded { .. }
                | DoctorSaved { .. }
                | RulesRefused
                | NoSuchDoctor { .. }
                | ReadOnly
                | SavedTo { .. }
                | Doctor
                | From
                | To
                | Reason
                | Kind { .. }
                | KindHeading
                | Remove
                | AddAbsence
                | NoAbsences
                | NoCurrentAbsences
                | PastLink { .. }
                | PastHeading
                | PastRange { .. }
                | CurrentLink
                | AbsenceAdded { .. }
                | AbsenceRemoved { .. }
                | ClashesHeading
                | BadDate { .. }
                | Refused(_)
                | NoDoctorChosen
                | FromEmpty
                | ToEmpty
                | ChooseDoctor
                | Date(_)
                | EditPlace { .. }
                | PlaceSaved { .. }
                | PlaceName
                | PeriodStart
                | PeriodEnd
                | PeriodHint
                | Extend
                | FieldsRefused { .. }
                | Field(_)
                | LeftDuties { .. }
                | LeftDuty(_)
                | LeftDutiesWhat
                | CoverLink
                | ReplanFrom { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_members_text_reads_in_both_languages() {
        for m in super::WebMembers::samples() {
            super::super::check_both(&m);
        }
    }

    // See: issue 18 (English review 21): a holiday period read "04-29 to 05-05 (longer while
    // public holidays follow)".
    #[test]
    fn a_holiday_period_reads_as_days_and_months() {
        use super::super::Message;
        let golden = super::WebMembers::MonthDays { from: (4, 29), to: (5, 5), extends: true };
        assert_eq!(golden.en(), "29 Apr – 5 May (extended while public holidays continue)");
        let new_year = super::WebMembers::MonthDays { from: (12, 29), to: (1, 3), extends: false };
        assert_eq!(new_year.en(), "29 Dec – 3 Jan");
        let leap = super::WebMembers::MonthDays { from: (2, 29), to: (3, 1), extends: false };
        assert_eq!(leap.en(), "29 Feb – 1 Mar");
    }

    // See: issue 18 (English review 41): the Members page's notes read as translated.
    #[test]
    fn the_members_notes_read_as_plain_english() {
        use super::super::Message;
        use super::WebMembers as W;
        assert_eq!(
            W::SavedTo { file: "rules/members.toml".into() }.en(),
            "Changes are saved to the association's rules files, keeping their comments and layout."
        );
        assert_eq!(
            W::IdHint { example: "d13", period: false }.en(),
            "Letters and digits, not used by any other member (e.g. d13). It cannot be changed later."
        );
        assert_eq!(
            W::IdHint { example: "obon", period: true }.en(),
            "Letters and digits, not used by any other holiday period (e.g. obon). It cannot be changed later."
        );
        assert_eq!(
            W::PeriodHint.en(),
            "Write days as MM-DD, e.g. 12-29. If the last day is before the first, the period runs into the next year."
        );
        assert_eq!(
            W::Extend.en(),
            "Extend while the following days are public holidays (e.g. a substitute holiday on 6 May)"
        );
    }

    // See: issue 18 (English review 50): titles read "Aoki Ichiro's entry" and "…: entry", and
    // the heading "Visiting-nurse stations" named what the button calls a nurse station.
    #[test]
    fn an_edit_page_is_titled_edit_and_nurse_stations_are_named_alike() {
        use super::super::Message;
        use super::WebMembers as W;
        let doctor = super::super::Doctor("Aoki Ichiro".into());
        assert_eq!(W::EditDoctor { doctor }.en(), "Edit Aoki Ichiro");
        assert_eq!(
            W::EditPlace { name: "Sosa Central Hospital".into() }.en(),
            "Edit Sosa Central Hospital"
        );
        assert_eq!(W::NurseStations.en(), "Nurse stations");
        assert_eq!(super::super::import::ImportMsg::AddStation.en(), "Add a nurse station");
    }

    // See: issue 18 (English review 49): the absences table said "away" where the form says
    // "Away (cannot be on duty)".
    #[test]
    fn an_absences_kind_is_written_as_the_form_writes_it() {
        use super::super::Message;
        assert_eq!(super::WebMembers::Kind { soft: false }.en(), "Away");
        assert_eq!(super::WebMembers::Kind { soft: true }.en(), "Prefer not");
    }
}
