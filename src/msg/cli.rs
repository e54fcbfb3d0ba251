//! The office's command line: table headers, summaries, hints.
//!
//! Table headers are [`Col`] (short nouns: 枠, 期間, 医師, …); every other line is a [`Cli`].
//! Arguments are typed (days as [`Day`], instants as [`When`]) and ids stay as typed (`d01`,
//! `2027-w01`), since the office types them back into commands.

use super::link::BrokenWhy;
use super::{Day, Message, When};
use crate::ids::PatientId;
use crate::routing::{LeftOut, Logged, Outcome, StepKind};

/// A list the office asks for, for saying that it is empty (one sentence each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// `absence list`.
    Absences,
    /// `patient list`.
    Patients,
    /// `call list`.
    Calls,
    /// `call list --open`.
    OpenCalls,
    /// `feed token list`.
    FeedTokens,
    /// `audit`.
    Audit,
    /// `audit --since DAY`.
    AuditSince(Day),
    /// `admin list`.
    WebAccounts,
    /// `request list --all`.
    Requests,
    /// `request list`.
    OpenRequests,
}

/// A table's column header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Col {
    Id,
    Date,
    Weekday,
    Name,
    Source,
    Slot,
    Start,
    End,
    Days,
    Kind,
    Weight,
    PublicHolidays,
    Doctor,
    Clinic,
    Fte,
    Joined,
    Left,
    From,
    To,
    Note,
    Area,
    Attending,
    Hospital,
    Wishes,
    Consent,
    /// A patient's course: its last event (list) or every event (show).
    Course,
    Call,
    Raised,
    Patient,
    Caller,
    Status,
    With,
    Until,
    Load,
    Target,
    CarriedIn,
    Deviation,
    Balance,
    Regular,
    HolidayDays,
    Points,
    Frozen,
    Doctors,
    Before,
    After,
    When,
    Who,
    What,
    OnBehalf,
    Batch,
    Imported,
    Member,
    Chat,
    Since,
    Reach,
    Label,
    Issued,
    Revoked,
    Check,
    Result,
    Detail,
    Year,
    Step,
    Count,
    Total,
    Period,
    SinceLast,
    Address,
    Diagnosis,
    Medications,
    No,
    Kinds,
    For,
    Counted,
    FullName,
    Proposer,
    Asked,
    TheirSlot,
    Born,
    KeyPerson,
    FamilyContact,
    NurseStation,
    Allergies,
    Substitute,
}

impl Col {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Col::Id => ("番号", "id"),
            Col::Date => ("日付", "date"),
            Col::Weekday => ("曜日", "day"),
            Col::Name => ("名称", "name"),
            Col::Source => ("出典", "source"),
            Col::Slot => ("枠", "slot"),
            Col::Start => ("開始", "start"),
            Col::End => ("終了", "end"),
            Col::Days => ("日数", "days"),
            Col::Kind => ("種別", "kind"),
            Col::Weight => ("重み", "weight"),
            Col::PublicHolidays => ("祝日", "public holidays"),
            Col::Doctor => ("医師", "doctor"),
            Col::Clinic => ("医療機関", "clinic"),
            Col::Fte => ("勤務割合", "fte"),
            Col::Joined => ("加入", "joined"),
            Col::Left => ("退会", "left"),
            Col::From => ("から", "from"),
            Col::To => ("まで", "to"),
            Col::Note => ("備考", "note"),
            Col::Area => ("地区", "area"),
            Col::Attending => ("主治医", "attending"),
            Col::Hospital => ("後方支援病院", "hospital"),
            Col::Wishes => ("意向", "wishes"),
            Col::Consent => ("同意日", "consent"),
            Col::Course => ("経過", "course"),
            Col::Call => ("依頼", "call"),
            Col::Raised => ("受付", "raised"),
            Col::Patient => ("患者", "patient"),
            Col::Caller => ("依頼元", "from"),
            Col::Status => ("状況", "status"),
            Col::With => ("担当", "with"),
            Col::Until => ("期限", "until"),
            Col::Load => ("負担", "load"),
            Col::Target => ("目標", "target"),
            Col::CarriedIn => ("繰越", "carried in"),
            Col::Deviation => ("差", "deviation"),
            Col::Balance => ("過不足", "balance"),
            Col::Regular => ("通常", "regular"),
            Col::HolidayDays => ("祝日数", "holiday days"),
            Col::Points => ("点数", "points"),
            Col::Frozen => ("固定", "frozen"),
            Col::Doctors => ("医師", "doctors"),
            Col::Before => ("変更前", "before"),
            Col::After => ("変更後", "after"),
            Col::When => ("日時", "when"),
            Col::Who => ("操作者", "who"),
            Col::What => ("内容", "what"),
            Col::OnBehalf => ("代理", "on behalf of"),
            Col::Batch => ("取込番号", "batch"),
            Col::Imported => ("取込日時", "imported"),
            Col::Member => ("会員", "member"),
            Col::Chat => ("チャット", "chat"),
            Col::Since => ("連携日時", "since"),
            Col::Reach => ("到達", "reach"),
            Col::Label => ("ラベル", "label"),
            Col::Issued => ("発行", "issued"),
            Col::Revoked => ("失効", "revoked"),
            Col::Check => ("項目", "check"),
            Col::Result => ("結果", "result"),
            Col::Detail => ("詳細", "detail"),
            Col::Year => ("年度", "year"),
            Col::Step => ("段階", "step"),
            Col::Count => ("件数", "count"),
            Col::Total => ("合計", "total"),
            Col::Period => ("期間", "period"),
            Col::SinceLast => ("前回から", "since last"),
            Col::Address => ("住所", "address"),
            Col::Diagnosis => ("診断", "diagnosis"),
            Col::Medications => ("主な薬", "medications"),
            Col::No => ("順", "#"),
            Col::Kinds => ("区分", "kind"),
            Col::For => ("対象", "for"),
            Col::Counted => ("集計", "counted"),
            Col::FullName => ("氏名", "name"),
            Col::Proposer => ("依頼した医師", "from"),
            Col::Asked => ("依頼先", "to"),
            Col::TheirSlot => ("交換する枠", "their duty"),
            Col::Born => ("生年月日", "born"),
            Col::KeyPerson => ("キーパーソン", "key person"),
            Col::FamilyContact => ("家族の連絡先", "family contact"),
            Col::NurseStation => ("訪問看護", "nurse station"),
            Col::Allergies => ("アレルギー", "allergies"),
            Col::Substitute => ("代理主治医", "substitute"),
        }
    }

    /// Every column (for the catalogue test).
    pub const ALL: [Col; 84] = [
        Col::Id,
        Col::Date,
        Col::Weekday,
        Col::Name,
        Col::Source,
        Col::Slot,
        Col::Start,
        Col::End,
        Col::Days,
        Col::Kind,
        Col::Weight,
        Col::PublicHolidays,
        Col::Doctor,
        Col::Clinic,
        Col::Fte,
        Col::Joined,
        Col::Left,
        Col::From,
        Col::To,
        Col::Note,
        Col::Area,
        Col::Attending,
        Col::Hospital,
        Col::Wishes,
        Col::Consent,
        Col::Course,
        Col::Call,
        Col::Raised,
        Col::Patient,
        Col::Caller,
        Col::Status,
        Col::With,
        Col::Until,
        Col::Load,
        Col::Target,
        Col::CarriedIn,
        Col::Deviation,
        Col::Balance,
        Col::Regular,
        Col::HolidayDays,
        Col::Points,
        Col::Frozen,
        Col::Doctors,
        Col::Before,
        Col::After,
        Col::When,
        Col::Who,
        Col::What,
        Col::OnBehalf,
        Col::Batch,
        Col::Imported,
        Col::Member,
        Col::Chat,
        Col::Since,
        Col::Reach,
        Col::Label,
        Col::Issued,
        Col::Revoked,
        Col::Check,
        Col::Result,
        Col::Detail,
        Col::Year,
        Col::Step,
        Col::Count,
        Col::Total,
        Col::Period,
        Col::SinceLast,
        Col::Address,
        Col::Diagnosis,
        Col::Medications,
        Col::No,
        Col::Kinds,
        Col::For,
        Col::Counted,
        Col::FullName,
        Col::Proposer,
        Col::Asked,
        Col::TheirSlot,
        Col::Born,
        Col::KeyPerson,
        Col::FamilyContact,
        Col::NurseStation,
        Col::Allergies,
        Col::Substitute,
    ];
}

impl Col {
    /// The column's name as the console shows it: the Japanese as everywhere; in English a
    /// header with a capital ("Raised", "Attending doctor") where the command line's tables
    /// print "raised", "attending".
    pub fn on_console(self, lang: super::Lang) -> String {
        let en = match self {
            Col::Id => "ID",
            Col::Fte => "FTE",
            Col::Attending => "Attending doctor",
            Col::Born => "Date of birth",
            Col::Substitute => "Substitute doctor",
            Col::Hospital => "Backup hospital",
            other => other.pair().1,
        };
        match lang {
            super::Lang::Ja => self.pair().0.into(),
            super::Lang::En => {
                let mut c = en.chars();
                c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
            }
        }
    }
}

impl Message for Col {
    fn ja(&self) -> String {
        self.pair().0.into()
    }
    fn en(&self) -> String {
        self.pair().1.into()
    }
}

/// A line of the command line's output. Fields are named for what they hold (ids as typed,
/// instants already rendered for the reader, names resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Cli {
    /// No rota is published.
    NoRota,
    /// The rules have problems (listed after this line).
    RulesInvalid,
    /// Hint after rules problems.
    FixRulesHint,
    /// A calendar file is invalid (details after this line).
    CalendarInvalid,
    /// Hint after a calendar problem.
    FixCalendarHint,
    /// The hard rules cannot all hold (details after this line).
    Clashes,
    /// Hint after clashes.
    ClashesHint,
    /// An unexpected failure, with its technical detail.
    Failed(String),
    /// The store is damaged: the way back with the latest backup.
    DamagedRestore {
        /// The data directory.
        data: String,
        /// When the backup was taken (UTC).
        taken: String,
        /// The backup file.
        backup: String,
    },
    /// The store is damaged and no backup was found.
    DamagedNoBackup {
        /// The data directory.
        data: String,
    },
    /// `holidays`: the count.
    HolidayCount {
        /// How many.
        n: usize,
        /// The year.
        year: i32,
    },
    /// `check`: the files read.
    RulesOk {
        /// The rules files.
        files: String,
        /// The calendar files (empty: none).
        calendars: String,
    },
    /// `check`: what to run next.
    CheckNext(i32),
    /// A plan year's slots, summed up.
    PlanYearSummary {
        /// The plan year.
        year: super::words::YearLabel,
        /// The zone.
        tz: String,
        /// Slots.
        slots: usize,
        /// Holiday slots.
        holiday: usize,
        /// First instant.
        start: String,
        /// Last instant.
        end: String,
        /// Load points in all.
        points: u32,
    },
    /// A regular slot's kind.
    Regular,
    /// `check` summary: the association row's label.
    KeyAssociation,
    /// `check` summary: the duty row's label.
    KeyDuty,
    /// `check` summary: the weights row's label.
    KeyWeights,
    /// `check` summary: the exemption row's label.
    KeyExemption,
    /// `check` summary: the holiday periods row's label.
    KeyPeriods,
    /// `check` summary: the escalation row's label.
    KeyEscalation,
    /// `check` summary: the members row's label.
    KeyMembers,
    /// `check` summary: the duty row.
    DutyRule {
        /// Handover weekday (0 = Monday).
        weekday: u32,
        /// Handover time, "09:00".
        time: String,
        /// Doctors per slot.
        per_slot: usize,
        /// Minimum gap in slots.
        gap: usize,
        /// Plan year start, "04-01" or the like.
        year_start: String,
    },
    /// `check` summary: the weights row.
    WeightsRule {
        /// Points of a regular slot.
        regular: u32,
        /// Extra points per public holiday.
        holiday_day: u32,
    },
    /// `check` summary: the exemption row.
    ExemptionRule {
        /// Slots exempt before a holiday duty.
        slots: usize,
        /// Whether it is one rotation.
        rotation: bool,
    },
    /// `check` summary: one holiday period.
    PeriodRule {
        /// Id.
        id: String,
        /// Name.
        name: String,
        /// First day, "12-29".
        start: String,
        /// Last day.
        end: String,
        /// Points.
        weight: u32,
        /// Extended over adjoining public holidays.
        extended: bool,
    },
    /// `check` summary: the escalation row.
    EscalationRule {
        /// Minutes for the attending doctor.
        attending: u32,
        /// For the duty doctor.
        duty: u32,
        /// For each hospital.
        hospital: u32,
        /// The hospitals in order.
        hospitals: String,
    },
    /// `check` summary: the members row.
    MembersRule {
        /// Doctors.
        doctors: usize,
        /// Hospitals.
        hospitals: usize,
        /// Nurse stations.
        stations: usize,
        /// Admins.
        admins: usize,
    },
    /// `check`: a member holds duties outside their membership.
    DutiesOutsideMembership {
        /// The doctor.
        doctor: String,
        /// Their name.
        name: String,
        /// The slots.
        slots: String,
        /// The first slot.
        first: String,
        /// Its year.
        year: String,
    },
    /// `check`: serve holds the store, so records were not compared.
    CheckServeHolds,
    /// A day as a table cell ("2027-03-09 (火)").
    DayCell(Day),
    /// An instant as a table cell.
    WhenCell(When),
    /// A list with nothing in it: said instead of a bare header.
    Empty(Listed),
    /// A swap or cover request's kind in `request list`.
    RequestKind {
        /// A swap (else a cover).
        swap: bool,
    },
    /// A swap or cover request's state in `request list` (the store's word).
    RequestStatus(&'static str),
    /// Messages wait in the outbox for `serve`.
    OutboxWaiting(usize),
    /// An absence was recorded.
    AbsenceAdded { id: crate::ids::AbsenceId, doctor: String, from: Day, to: Day, soft: bool },
    /// An absence covers the doctor's own published duty.
    AbsenceOverDuty { doctor: String, start: String, end: String, slot: String },
    /// An absence's kind in the list.
    AbsenceKind { soft: bool },
    /// An absence was removed.
    AbsenceRemoved(crate::ids::AbsenceId),
    /// A patient was registered.
    PatientRegistered { id: PatientId, name: String, attending: String },
    /// A patient's record was updated.
    PatientUpdated(PatientId),
    /// A patient was removed.
    PatientRemoved(PatientId),
    /// A call was raised.
    CallRaised { call: crate::ids::CallId, patient: PatientId, caller: String },
    /// A call joined the patient's open call.
    CallJoined { patient: PatientId, call: crate::ids::CallId },
    /// A call was accepted.
    CallAccepted { call: crate::ids::CallId, who: String, caller: String },
    /// A call was declined.
    CallDeclined { call: crate::ids::CallId, who: String },
    /// Follow-ups were acknowledged.
    CallAcknowledged { call: crate::ids::CallId, who: String },
    /// A call was cancelled.
    CallCancelled { call: crate::ids::CallId, who: String },
    /// A report was saved (and sent to `to`, when any).
    ReportSaved { call: crate::ids::CallId, outcome: Outcome, to: Vec<String> },
    /// A call's status word.
    CallStatus(&'static str),
    /// A patient by name and number, in the office's list of calls.
    PatientNamed {
        /// The name.
        name: String,
        /// The number.
        id: crate::ids::PatientId,
    },
    /// A step of the chain, named.
    Step(StepKind),
    /// Where a waiting call stands.
    NowAsking { step: StepKind, who: String, until: String },
    /// A call was accepted by (the member as [`crate::desk::calls_view::id_and_name`] writes it).
    AcceptedBy(String),
    /// Nobody accepted a call.
    NobodyAccepted,
    /// A call was cancelled by.
    CancelledBy(String),
    /// `call show`: its first line.
    CallHeader {
        call: crate::ids::CallId,
        patient: crate::ids::PatientId,
        caller: String,
        raised: String,
    },
    /// `call show`: the note.
    NoteLine(String),
    /// `call show`: the chain's heading.
    ChainHeading,
    /// `call show`: the log's heading.
    LogHeading,
    /// `call show`: one step of the chain.
    ChainStep {
        marker: bool,
        n: usize,
        step: StepKind,
        minutes: Option<u32>,
        members: Vec<String>,
        left: Vec<String>,
    },
    /// Why a member is left out of a step (`who` named, with the id).
    LeftOutWhy { who: String, why: LeftOut },
    /// `call show`: one log line; `who` names the member in `what` (who declined, accepted,
    /// wrote…), with the id, so the line never shows a bare id.
    Log { at: String, what: Logged, step: Option<StepKind>, members: String, who: String },
    /// `call show`: the report.
    ReportLine { by: String, at: String, outcome: Option<Outcome>, text: String },
    /// `oncall`: the slot covering the instant.
    OncallSlot { at: String, slot: String, kind: String, start: String, end: String },
    /// `oncall`: no published rota covers the instant.
    OncallNone(String),
    /// `oncall`: a chain step's kind, short.
    OncallKind(StepKind),
    /// `oncall`: the 119 step's name.
    AdviceName,
    /// `oncall`: the heading of the patients whose attending doctor is away.
    AwayPatients,
    /// `oncall`: no substitute named, so the duty doctor comes next.
    NoSubstitute,
    /// `oncall`: the admins are alerted at the end.
    AdminsAlerted,
    /// `oncall`: why a member is left out.
    LeftOutNote(LeftOut),
    /// `invite`: the invitation.
    InviteFor { member: String, name: String, until: String },
    /// `invite`: the code to send to the bot.
    InviteCode { code: String, var: &'static str },
    /// LINE's add-friend link, then the code to send.
    InviteLine { link: String, code: String },
    /// `invite`: the code is shown once.
    InviteShownOnce,
    /// `feed token issue`: the token.
    FeedTokenFor { id: crate::ids::FeedTokenId, member: Option<String> },
    /// `feed token issue`: shown once.
    FeedShownOnce(crate::ids::FeedTokenId),
    /// `feed token list`: a token for the whole rota.
    WholeRota,
    /// `feed token revoke`.
    FeedRevoked(crate::ids::FeedTokenId),
    /// `feed export`.
    FeedExported { n: usize, dir: String },
    /// `swap`/`cover` done.
    ChangeDone { swap: bool, seq: crate::ids::AuditSeq },
    /// `swap`/`cover`: feeds and who is told.
    ChangeTold(Vec<String>),
    /// `unlink`: done.
    Unlinked { member: String, chat: Option<i64>, n: usize },
    /// `unlink`: feed tokens revoked too.
    UnlinkTokens { n: usize, member: String },
    /// A report file was written.
    WroteReport { year: super::words::YearLabel, path: String },
    /// A rota page was written.
    WrotePage { year: super::words::YearLabel, path: String },
    /// A patient's contact sheet was written.
    WroteSheet { patient: PatientId, path: String },
    /// `plan`: progress: holiday slots assigned.
    ProgressHolidays(usize),
    /// `plan`: progress: the lower bound.
    ProgressBound(String),
    /// `plan`: progress: trying a range.
    ProgressTrying(String),
    /// `plan`: progress: a solver's answer.
    ProgressAnswered { range: String, outcome: String },
    /// `plan`: last year's rota is still a draft.
    PreviousYearDraft(super::words::YearLabel),
    /// `plan`: a frozen slot's doctor is away.
    FrozenButAway { slot: super::slot::SlotRef, doctor: String, year: i32 },
    /// `plan`: the draft was saved.
    DraftSaved { year: super::words::YearLabel, slots: usize, seconds: String, rota: RotaArg },
    /// A diff: nothing changed.
    NoSlotChanged,
    /// A diff: how many slots changed.
    SlotsChanged(usize),
    /// A diff: nobody in a slot.
    Nobody,
    /// A diff: the doctors affected.
    DoctorsAffected(String),
    /// `rota freeze`: the frozen slots now.
    FrozenSlots { year: super::words::YearLabel, slots: Vec<super::slot::SlotRef> },
    /// The fairness line under a rota.
    Fairness {
        range: String,
        bound: String,
        optimal: bool,
        gap: String,
        /// Not optimal against the bound, but the fairest plan that gives the holidays as the
        /// rotation queue did.
        given_holidays: bool,
    },
    /// `rota show`: the heading.
    RotaHeading { year: super::words::YearLabel, published: bool },
    /// `rota show`: a slot reserved for next year.
    Reserved {
        /// The slot's kind.
        kind: String,
        /// Whether plan years are fiscal years (翌年度分, else 翌年分).
        fiscal: bool,
    },
    /// `rota show`: a frozen slot's mark.
    FrozenMark,
    /// `rota publish`: later swaps kept (the duties by their days and ids, issue 18).
    KeptSwaps(Vec<super::slot::SlotRef>),
    /// `rota publish`: nothing to publish.
    AlreadyPublished(super::words::YearLabel),
    /// `rota publish`: published over an older version.
    PublishedOver(super::words::YearLabel),
    /// `rota publish`: published.
    Published(super::words::YearLabel),
    /// `rota publish`: doctors told.
    ToldChanged(Vec<String>),
    /// `rota publish`: feeds updated.
    FeedsUpdated,
    /// `rota draft discard`.
    DraftDiscarded(super::words::YearLabel),
    /// `ledger`: the years it covers.
    LedgerYears { first: super::words::YearLabel, last: super::words::YearLabel },
    /// `ledger`: empty.
    LedgerEmpty,
    /// `ledger`: a column: years since a holiday duty.
    YearsSince(String),
    /// `ledger`: never.
    Never,
    /// A column: a holiday period's duties (its name).
    HolidayColumn,
    /// A column: on duty.
    OnDutyColumn,
    /// `doctor`: a check's name.
    CheckName(&'static str),
    /// `doctor`: a check's level (0 ok, 1 warn, 2 fail).
    CheckLevel(u8),
    /// `doctor`: rules.
    DocRules { doctors: usize, hospitals: usize, periods: usize, overrides: usize },
    /// `doctor`: the store.
    DocStore { patients: usize, calls: usize, schema: u32 },
    /// `doctor`: disk: too little.
    DocDiskLow { mib: u64, min: u64 },
    /// `doctor`: disk: little.
    DocDiskSoon(u64),
    /// `doctor`: disk: fine.
    DocDiskOk(u64),
    /// `doctor`: private.
    DocPrivate,
    /// `doctor`: readable by others.
    DocOpen { shown: String, roots: String },
    /// `doctor`: no backup.
    DocNoBackup { dir: String, hours: u32 },
    /// `doctor`: the latest backup.
    DocBackup { path: String, hours_old: i64, stale: bool },
    /// `doctor`: automatic backups off.
    DocBackupsOff,
    /// `doctor`: serve runs.
    DocServeOn,
    /// `doctor`: serve does not run.
    DocServeOff,
    /// `doctor`: the clock is wrong.
    DocClockWrong(String),
    /// `doctor`: a test clock.
    DocTestClock(&'static str),
    /// `doctor`: messages stuck.
    DocStuck { n: usize, since: String },
    /// `doctor`: nothing stuck.
    DocNoStuck,
    /// `doctor`: links fine.
    DocLinksOk,
    /// `doctor`: links broken.
    DocLinksBroken(String),
    /// `doctor`: a broken link.
    BrokenItem { who: String, since: String, why: String },
    /// `doctor`: no bot token.
    DocNoToken,
    /// `doctor`: doctors not linked.
    DocUnlinked(String),
    /// `doctor`: bot fine.
    DocBotOk(usize),
    /// `doctor`: no feed URL.
    DocNoFeeds,
    /// `doctor`: feed URLs name this machine only.
    DocFeedsLocal { n: usize, base: String },
    /// `doctor`: feeds on plain HTTP.
    DocFeedsHttp { n: usize, base: String },
    /// `doctor`: feeds fine.
    DocFeedsOk { n: usize, base: String },
    /// `doctor`: nothing published ahead.
    DocNothingPublished,
    /// `doctor`: gaps.
    DocGaps(String),
    /// `doctor`: short slots.
    DocShort(String),
    /// `doctor`: former members on duty.
    DocFormer(String),
    /// `doctor`: a former member's duty.
    FormerItem { who: String, left: Option<Day>, slot: super::slot::SlotRef },
    /// `doctor`: on duty but away.
    DocAway(String),
    /// `doctor`: everything published ends within a month.
    DocEndsSoon {
        /// When the last published duty ends.
        end: super::When,
    },
    /// `doctor`: an away doctor's day (`this_year`: the year now, whose days need no year).
    AwayItem { who: String, day: Day, this_year: i32 },
    /// `doctor`: coverage fine.
    DocCoverageOk,
    /// A shortened list: the first items and how many more.
    AndMore { head: String, more: usize },
    /// `doctor`: everything fine.
    AllPassed,
    /// `links`: none.
    NoLinks,
    /// `links`: a working link.
    LinkOk,
    /// `links`: a broken link.
    LinkBroken { since: String, why: String, member: String },
    /// `backup`: written.
    BackupWritten { path: String, records: usize, schema: u32 },
    /// `restore`: done.
    Restored { records: usize, file: String, taken: String, data: String },
    /// `links`: a column: state.
    StateColumn,
    /// `links`: a column: linked.
    LinkedColumn,
    /// `history import`: done.
    HistoryImported {
        n: usize,
        file: String,
        batch: crate::ids::ImportBatch,
        added: usize,
        replaced: usize,
    },
    /// `history list`: nothing.
    NoHistory(Option<super::words::YearLabel>),
    /// `history list`: the heading.
    HistoryOf { year: Option<super::words::YearLabel>, n: usize },
    /// `history list`: rows not counted.
    CountedNo,
    /// Yes or no in a table.
    YesNo(bool),
    /// `history remove`: the filters in words.
    HistoryFilter {
        batch: Option<crate::ids::ImportBatch>,
        date: Option<Day>,
        doctor: Option<String>,
        year: Option<super::words::YearLabel>,
    },
    /// `history remove --dry-run`.
    HistoryWouldRemove { n: usize, what: String },
    /// `history remove`.
    HistoryRemoved { n: usize, what: String },
    /// `simulate`: progress.
    SimPlanning { year: super::words::YearLabel, i: usize, n: usize },
    /// `simulate`: done.
    SimPlanned { years: usize, first: super::words::YearLabel, seconds: String },
    /// `simulate`: the heading.
    SimHeading { baseline: bool, first: super::words::YearLabel, last: super::words::YearLabel },
    /// `simulate`: a holiday period's spread.
    SimSpread { period: String, spread: usize },
    /// `simulate`: the summary.
    SimSummary { doubles: Vec<String>, max_range: String, optimal: bool, violations: usize },
    /// `simulate`: a doctor's double year.
    SimDouble { doctor: String, year: super::words::YearLabel },
    /// `actual`: recorded (the duty by its days and id, issue 18).
    ActualRecorded {
        slot: super::slot::SlotRef,
        is: String,
        is_name: String,
        was: String,
        was_name: String,
        reason: String,
    },
    /// `serve`: started.
    ServeStarted {
        association: String,
        data: String,
        telegram: bool,
        socket: String,
        address: String,
    },
    /// `serve`: stopped.
    ServeStopped,
    /// `demo`: what it does and where.
    DemoIntro {
        association: String,
        doctors: usize,
        hospitals: usize,
        year: super::words::YearLabel,
        dir: String,
    },
    /// `demo`: a step's heading.
    DemoStep { n: u8, year: super::words::YearLabel, night: Option<Day> },
    /// `demo`: the page was written.
    DemoPage(String),
    /// `demo`: who is who that night.
    DemoCast { attending: String, duty: String, hospital: String },
    /// `demo`: the call is raised.
    DemoRaise(String),
    /// `demo`: nobody answered.
    DemoMovesOn { time: String, wait: i64 },
    /// `demo`: the hospital accepts.
    DemoAccepts { time: String, hospital: String },
    /// `demo`: the report back.
    DemoReport(String),
    /// `demo`: how to carry on.
    DemoNext { data: String, duty: String, year: i32, seconds: String },
}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Message for Cli {
    fn ja(&self) -> String {
        match self {
            Cli::NoRota => "公開された当番表がありません。".into(),
            Cli::RulesInvalid => "ルールファイルに問題があります（詳細は次のとおりです）。".into(),
            Cli::FixRulesHint => {
                "上の問題を直してから、もう一度 `toban check` を実行してください。".into()
            }
            Cli::CalendarInvalid => "祝日カレンダーのファイルに問題があります。".into(),
            Cli::FixCalendarHint => {
                "カレンダーファイルを直すか、calendars フォルダから移してください。".into()
            }
            Cli::Clashes => "当番の条件をすべて満たす割り当てができません。".into(),
            Cli::ClashesHint => {
                "上に挙げた不在・在籍期間・ルールを見直してから、もう一度計画してください。".into()
            }
            Cli::Failed(detail) => format!("処理できませんでした（詳細: {detail}）。"),
            Cli::DamagedRestore { data, taken, backup } => format!(
                "データが壊れています。壊れたデータを退避し（`mv {data} {data}.damaged`）、最新のバックアップ（{taken} 取得）から復元してください:\n  toban --data {data} restore {backup}"
            ),
            Cli::DamagedNoBackup { data } => format!(
                "データが壊れていますが、ルールの [backup] のフォルダにバックアップが見つかりません。壊れたデータを退避し（`mv {data} {data}.damaged`）、ほかの場所のバックアップから `toban --data {data} restore FILE` で復元してください。"
            ),
            Cli::HolidayCount { n, year } => format!("{year}年の祝日は{n}日です。"),
            Cli::RulesOk { files, calendars } => {
                let calendars = if calendars.is_empty() { "なし" } else { calendars };
                format!("ルールに問題はありません: {files}（カレンダー: {calendars}）")
            }
            Cli::CheckNext(year) => format!(
                "次に: スクリプト用には `toban slots {year} --format json`、使った祝日は `toban holidays {year}` で確認できます。"
            ),
            Cli::PlanYearSummary { year, tz, slots, holiday, start, end, points } => format!(
                "{}（{tz}）: {slots}枠（うち休日当番{holiday}枠）、{start} → {end}、負担 計{points}点",
                year.ja()
            ),
            Cli::Regular => "通常".into(),
            Cli::KeyAssociation => "医師会".into(),
            Cli::KeyDuty => "当番".into(),
            Cli::KeyWeights => "重み".into(),
            Cli::KeyExemption => "免除".into(),
            Cli::KeyPeriods => "休日当番".into(),
            Cli::KeyEscalation => "連絡順".into(),
            Cli::KeyMembers => "会員".into(),
            Cli::DutyRule { weekday, time, per_slot, gap, year_start } => format!(
                "交代 {}曜 {time}、1枠{per_slot}名、当番の間隔は{gap}枠以上、当番表の1年は{year_start}から",
                WEEKDAYS_JA[*weekday as usize % 7]
            ),
            Cli::WeightsRule { regular, holiday_day } => {
                format!("通常枠{regular}点、通常枠内の祝日1日ごとに+{holiday_day}点")
            }
            Cli::ExemptionRule { slots, rotation: true } => {
                format!("休日当番の前{slots}枠（1巡分）は通常当番なし")
            }
            Cli::ExemptionRule { slots, rotation: false } => {
                format!("休日当番の前{slots}枠は通常当番なし")
            }
            Cli::PeriodRule { id, name, start, end, weight, extended } => format!(
                "{id} {name} {start}〜{end}（{weight}点{}）",
                if *extended { "、隣接する祝日まで延長" } else { "" }
            ),
            Cli::EscalationRule { attending, duty, hospital, hospitals } => format!(
                "主治医 {attending}分 → 当番医 {duty}分 → 各病院 {hospital}分（{hospitals}）→ 119番の案内と事務局への通知"
            ),
            Cli::MembersRule { doctors, hospitals, stations, admins } => format!(
                "医師{doctors}名、後方支援病院{hospitals}、訪問看護ステーション{stations}、事務局{admins}名"
            ),
            Cli::DutiesOutsideMembership { doctor, name, slots, first, year } => format!(
                "注意: {doctor}（{name}先生）に在籍期間外の公開済み当番があります: {slots}。代行を入れる（`toban cover {first} {doctor} OTHER`）か、計画し直してください（`toban plan {year} --replan-from {first}`）。"
            ),
            Cli::CheckServeHolds => "注: `toban serve` がデータを使用中のため、ルールと記録の照合はしていません（ルールが変わると serve 自身が照合します）。".into(),
            Cli::OutboxWaiting(n) => format!("`toban serve` が動いていません。送信待ちのメッセージが{n}件あり、serve を起動すると送られます。"),
            Cli::AbsenceAdded { id, doctor, from, to, soft: false } => format!("不在 {id} を登録しました: {doctor} は {} から {} まで不在です。今後の計画ではこの期間に当番を入れず、依頼の際も主治医として呼び出しません。", from.ja(), to.ja()),
Cli::AbsenceAdded { id, doctor, from, to, soft: true } => format!("希望 {id} を登録しました: {doctor} は {} から {} までの当番をできれば避けたいとの希望です。計画で可能な限り避けます。", from.ja(), to.ja()),
            Cli::AbsenceOverDuty { doctor, start, end, slot } => format!("注意: {doctor} はこの不在の間 {start} – {end}（枠 {slot}）に当番です。その間の依頼は当番医の段階を飛ばします。{doctor} と事務局に知らせました。`toban cover {slot} {doctor} OTHER` で代行を手配してください。"),
            Cli::AbsenceKind { soft } => if *soft { "希望".into() } else { "不在".into() },
            Cli::AbsenceRemoved(id) => format!("不在 {id} を削除しました。"),
            Cli::PatientRegistered { id, name, attending } => format!("{id}番の患者さん（{name} 様、主治医 {attending}）を登録しました。"),
            Cli::PatientUpdated(id) => format!("{id}番の患者さんの記録を更新しました。"),
            Cli::PatientRemoved(id) => format!("{id}番の患者さんを登録から外しました。過去の依頼は番号のまま残ります。"),
            Cli::CallRaised { call, patient, caller } => format!("{call}番の依頼を受け付けました（{patient}番の患者さん、依頼元 {caller}）。"),
            Cli::CallJoined { patient, call } => format!("{patient}番の患者さんには対応中の依頼（{call}番）があるため、内容をそちらに追加しました。"),
            Cli::CallAccepted { call, who, caller } => format!("{call}番の依頼を {who} が受諾しました。患者さんの記録は {who} にだけ送られ、{caller} に知らせます。"),
            Cli::CallDeclined { call, who } => format!("{call}番の依頼を {who} が辞退しました。"),
            Cli::CallAcknowledged { call, who } => format!("{call}番: 追加連絡を {who} が確認しました。"),
            Cli::CallCancelled { call, who } => format!("{call}番の依頼を {who} が取り消しました。"),
            Cli::ReportSaved { call, outcome, to } => if to.is_empty() { format!("{call}番の報告（{}）を保存し、依頼を終了しました。", outcome_ja(*outcome)) } else { format!("{call}番の報告（{}）を保存して {} に送り、依頼を終了しました。", outcome_ja(*outcome), super::words::list(to.iter(), super::Lang::Ja)) },
            Cli::PatientNamed { name, id } => format!("{name}（{id}番）"),
            Cli::CallStatus(s) => match *s { "waiting" => "呼出中", "accepted" => "受諾", "reported" => "報告済み", "exhausted" => "終了（119番案内）", "cancelled" => "取消", _ => "不明" }.into(),
            Cli::Step(k) => match k { StepKind::Handler => "前回の依頼の担当医", StepKind::Attending => "主治医", StepKind::Substitute => "代理主治医", StepKind::Duty => "当番医", StepKind::Fallback => super::death::STEP_JA, StepKind::Hospital => "後方支援病院", StepKind::Advice => "119番の案内と事務局への通知" }.into(),
            Cli::NowAsking { step, who, until } => format!("  {}に連絡中です（{until} まで）: {who}", Cli::Step(*step).ja()),
            Cli::AcceptedBy(who) => format!("  {who}が受諾しました。"),
            Cli::NobodyAccepted => "  受諾者がいなかったため、依頼元に119番を案内し、事務局に通知しました。".into(),
            Cli::CancelledBy(who) => format!("  {who}が取り消しました。"),
            Cli::CallHeader { call, patient, caller, raised } => format!("{call}番の依頼  {patient}番の患者さん  依頼元 {caller}  受付 {raised}"),
            Cli::NoteLine(n) => format!("内容: {n}"),
            Cli::ChainHeading => "連絡順:".into(),
            Cli::LogHeading => "経過:".into(),
            Cli::ChainStep { marker, n, step, minutes, members, left } => { let mut l = format!(" {} {n}. {}{}: {}", if *marker { ">" } else { " " }, Cli::Step(*step).ja(), minutes.map(|m| format!("（{m}分）")).unwrap_or_default(), if members.is_empty() { "なし".into() } else { super::words::list(members.iter(), super::Lang::Ja) }); if !left.is_empty() { l.push_str(&format!("  [対象外: {}]", super::words::clauses(left.iter(), super::Lang::Ja))); } l }
            Cli::LeftOutWhy { who, why } => format!("{who}は{}", match why { LeftOut::Absent => "不在", LeftOut::AskedBefore => "先の段階で連絡済み", LeftOut::Caller => "依頼元" }),
            Cli::Log { at, what, step, members, who } => format!("  {at}  {}", log_ja(what, *step, members, who)),
            Cli::ReportLine { by, at, outcome, text } => format!("{by}の報告（{at}{}）: {text}", outcome.map(|o| format!("、{}", outcome_ja(o))).unwrap_or_default()),
            Cli::OncallSlot { at, slot, kind, start, end } => format!("{at}: 枠 {slot}（{kind}）、{start} – {end}"),
            Cli::OncallNone(at) => format!("{at}: この時点を含む公開済みの当番表がありません（`toban rota publish YEAR` で公開してください）。"),
            Cli::OncallKind(k) => match k { StepKind::Fallback => "看取りの予備", StepKind::Duty => "当番医", StepKind::Hospital => "病院", StepKind::Advice => "119番案内", StepKind::Attending | StepKind::Handler => "主治医", StepKind::Substitute => "代理主治医" }.into(),
            Cli::AdviceName => "119番通報（救急）".into(),
            Cli::AwayPatients => "主治医が不在の患者（代理主治医がいれば当番医より先に依頼します）".into(),
            Cli::NoSubstitute => "—（当番医へ）".into(),
            Cli::AdminsAlerted => "事務局に通知".into(),
            Cli::LeftOutNote(w) => format!("対象外: {}", match w { LeftOut::Absent => "不在", LeftOut::AskedBefore => "先の段階で連絡済み", LeftOut::Caller => "依頼元" }),
            Cli::InviteFor { member, name, until } => format!("{member}（{name}）への招待です。{until} まで、1回だけ使えます:"),
            Cli::InviteCode { code, var } => format!("  Telegram または LINE のボットにこれを送ってください: /start {code}（LINE ではコードだけでも登録できます）\n  （{var} を設定すると、1回のタップで済むリンクを表示します）"),
            Cli::InviteLine { link, code } => format!("  LINE の場合: {link} で友だち追加し、このコードを送ってください: {code}"),
            Cli::InviteShownOnce => "コードが表示されるのは今だけです。toban はハッシュしか保存しません。".into(),
            Cli::FeedTokenFor { id, member } => format!("カレンダー配信トークン {id}（{}）:", member.clone().unwrap_or_else(|| "当番表全体".into())),
            Cli::FeedShownOnce(id) => format!("表示されるのは今だけです（toban はハッシュだけを保存します）。スマートフォンのカレンダーで購読してください。取り消しは `toban feed token revoke {id}` です。"),
            Cli::WholeRota => "（全体）".into(),
            Cli::FeedRevoked(id) => format!("配信トークン {id} を取り消しました。そのURLはもう使えません。"),
            Cli::FeedExported { n, dir } => format!("カレンダーファイル{n}件を {dir} に書き出しました。"),
            Cli::ChangeDone { swap, seq } => format!("{}しました（監査記録 {seq}）:", if *swap { "交換" } else { "代行" }),
            Cli::ChangeTold(who) => format!("カレンダー配信を更新し、{} に知らせました。", super::words::list(who.iter(), super::Lang::Ja)),
            Cli::Unlinked { member, chat: Some(c), .. } => format!("{member} のチャット {c}（Telegram または LINE）の連携を解除しました。"),
Cli::Unlinked { member, chat: None, n } => format!("{member} のチャット（Telegram・LINE）の連携を解除しました（{n}件）。"),
            Cli::UnlinkTokens { n, member } => format!("{member} のカレンダー配信トークン{n}件も取り消しました。"),
            Cli::WroteReport { year, path } => format!("{}の報告を {path} に書き出しました。", year.ja()),
            Cli::WrotePage { year, path } => format!("{}の当番表ページを {path} に書き出しました（A4横で印刷できます）。", year.ja()),
            Cli::WroteSheet { patient, path } => format!("{patient}番の患者さんの「夜間・休日の連絡先」を {path} に書き出しました（A4縦1枚で印刷し、ご家庭にお渡しください）。"),
            Cli::ProgressHolidays(n) => format!("休日当番の枠を順番待ちから割り当てました: {n}枠"),
            Cli::ProgressBound(b) => format!("公平さの幅の下限: {b}点"),
            Cli::ProgressTrying(r) => format!("公平さの幅 {r}点の計画を探しています…"),
            Cli::ProgressAnswered { range, outcome } => format!("  幅 {range}点: {outcome}"),
            Cli::PreviousYearDraft(y) => format!("注: {}の当番表はまだ下書きです。公開すると、その当番が実績に数えられます。", y.ja()),
            Cli::FrozenButAway { slot, doctor, year } => format!("注意: {} は固定されていますが、{doctor} はその間不在です。固定のまま残します（計画し直すには `toban rota unfreeze {year} {}` で固定を外してください）。", slot.ja(), slot.id),
            Cli::DraftSaved { year, slots, seconds, rota } => format!("{}の当番表を下書きとして保存しました（{slots}枠、{seconds}秒）。次に `toban rota show {year}{rota}` で確認し、`toban rota publish {year}{rota}` で公開してください。", year.ja()),
            Cli::NoSlotChanged => "変更された枠はありません。".into(),
            Cli::SlotsChanged(n) => format!("{n}枠が変わりました:"),
            Cli::Nobody => "なし".into(),
            Cli::DoctorsAffected(d) => format!("影響を受ける医師: {d}"),
            Cli::FrozenSlots { year, slots } => format!("{}の固定された当番: {}", year.ja(), if slots.is_empty() { "なし".into() } else { super::words::list(slots.iter().map(|s| s.ja()), super::Lang::Ja) }),
            Cli::Fairness { range, bound, optimal, gap, given_holidays } => format!("公平さの幅 {range}点（差 = 繰越 + 負担 − 目標）、下限 {bound}点: {}", if *optimal { "最適です（これより公平な計画はありません）".to_string() } else if *given_holidays { format!("下限との差 {gap}点。祝日当番を輪番の順に割り当てる計画の中では、これより公平なものはありません") } else { format!("下限との差 {gap}点") }),
            Cli::RotaHeading { year, published } => format!("{} 当番表（{}）", year.ja(), if *published { "公開済み" } else { "下書き" }),
            Cli::Reserved { kind, fiscal } => format!("{kind}（{}分、確保済み）", if *fiscal { "翌年度" } else { "翌年" }),
            Cli::FrozenMark => " [固定]".into(),
            Cli::KeptSwaps(slots) => format!("下書きの後に行われた交換・代行を残しました: {}", super::words::list(slots.iter().map(|s| s.ja()), super::Lang::Ja)),
            Cli::AlreadyPublished(y) => format!("{}の当番表は公開済みで、公開する下書きはありません。", y.ja()),
            Cli::PublishedOver(y) => format!("{}の新しい当番表を、以前のものに替えて公開しました。", y.ja()),
            Cli::Published(y) => format!("{}の当番表を公開しました。今後、この当番は実績に数えられます。", y.ja()),
            Cli::ToldChanged(who) => format!("当番が変わった医師に知らせました: {}", super::words::list(who.iter(), super::Lang::Ja)),
            Cli::FeedsUpdated => "カレンダー配信を更新しました（変更された予定は SEQUENCE を上げ、なくなった当番は取り消し扱いにします）。".into(),
            Cli::DraftDiscarded(y) => format!("{}の下書きを破棄しました。公開済みの当番表は変わりません。", y.ja()),
            Cli::LedgerYears { first, last } => format!("{}から{}までの当番実績（取り込んだ過去の当番と公開済みの当番表）", first.ja(), last.ja()),
            Cli::LedgerEmpty => "当番実績はまだありません。過去の当番を `toban history import FILE.csv` で取り込むか、当番表を公開してください。".into(),
            Cli::YearsSince(p) => format!("{p}から年数"),
            Cli::Never => "なし".into(),
            Cli::HolidayColumn => "休日当番".into(),
            Cli::OnDutyColumn => "当番医".into(),
            Cli::CheckName(n) => match *n { "rules" => "ルール", "store" => "データ", "disk" => "ディスク", "privacy" => "権限", "backups" => "バックアップ", "serve" => "serve", "clock" => "時計", "delivery" => "送信", "links" => "連携", "bot" => "ボット", "feeds" => "カレンダー配信", "coverage" => "当番", other => other }.into(),
            Cli::CheckLevel(l) => match l { 0 => "正常", 1 => "注意", _ => "要対応" }.into(),
            Cli::DocRules { doctors, hospitals, periods, overrides } => format!("正しく読めます: 医師{doctors}名、後方支援病院{hospitals}、休日当番の期間{periods}、祝日の追加・削除{overrides}件"),
            Cli::DocStore { patients, calls, schema } => format!("読めます: 患者{patients}名、依頼{calls}件、スキーマ {schema}"),
            Cli::DocDiskLow { mib, min } => format!("データのあるディスクの空きは {mib} MiB です。{min} MiB を下回ると toban は止まります。すぐに空きを作ってください。"),
            Cli::DocDiskSoon(mib) => format!("データのあるディスクの空きは {mib} MiB しかありません。早めに空きを作ってください。"),
            Cli::DocDiskOk(mib) => format!("データのあるディスクの空き {mib} MiB"),
            Cli::DocPrivate => "データとバックアップは、このユーザーだけが読めます".into(),
            Cli::DocOpen { shown, roots } => format!("このマシンの他のユーザーが読めます: {shown}。`chmod -R go= {roots}` で直してください。"),
            Cli::DocNoBackup { dir, hours } => format!("{dir} にバックアップがありません。今すぐ `toban backup` を実行してください（`serve` は{hours}時間ごとに作ります）。"),
            Cli::DocBackup { path, hours_old, stale } => format!("最新 {path}（{hours_old}時間前）{}", if *stale { "。`serve` は動いていますか。`toban backup` ですぐに作れます。" } else { "" }),
            Cli::DocBackupsOff => "自動バックアップが止まっています（[backup] every_hours = 0）".into(),
            Cli::DocServeOn => "動いています: 時間の管理、リマインダー、送信が働いています".into(),
            Cli::DocServeOff => "動いていません: `toban serve` が動くまで、依頼は次へ進まず、メッセージも送られません".into(),
            Cli::DocClockWrong(now) => format!("時刻が {now} です。システムの時計を合わせてください。"),
            Cli::DocTestClock(var) => format!("テスト用の時計（{var}）を使っています。本番では外してください。"),
            Cli::DocStuck { n, since } => format!("{since} から{n}件のメッセージが送信待ちです。`serve` は動いていますか。Telegram に届きますか。"),
            Cli::DocNoStuck => "10分以上送信待ちのメッセージはありません".into(),
            Cli::DocLinksOk => "連携したチャット（Telegram・LINE）にはすべて届きます".into(),
            Cli::DocLinksBroken(list) => format!("チャット（Telegram・LINE）に届かなくなりました: {list}。再び連携するまで、その方へのメッセージは `serve` が表示します（`toban invite ID`）。"),
            Cli::BrokenItem { who, since, why } => format!("{who}（{since} から: {}）", BrokenWhy::of(why).ja()),
            Cli::DocNoToken => "チャット（Telegram・LINE）が設定されていないため、依頼や当番のお知らせが誰にも届いていません（サーバーの画面に表示されるだけです）。サーバーで TELOXIDE_TOKEN（Telegram のボットのトークン）または LINE_CHANNEL_ACCESS_TOKEN と LINE_CHANNEL_SECRET を設定し、`toban serve` を起動し直してください。".into(),
            Cli::DocUnlinked(list) => format!("チャット（Telegram・LINE）を連携していない医師: {list}（`toban invite ID`）"),
            Cli::DocBotOk(n) => format!("トークン設定済み。医師{n}名すべて連携済み"),
            Cli::DocNoFeeds => "カレンダーのURLが発行されていません: `toban feed token issue --all` またはボットの /feed で発行できます".into(),
            Cli::DocFeedsLocal { n, base } => format!("有効なトークンが{n}件ありますが、カレンダーのURLがこのマシンだけを指しています（{base}）。スマートフォン用に TOBAN_PUBLIC_URL=https://… を設定してください。"),
            Cli::DocFeedsHttp { n, base } => format!("有効なトークン{n}件が暗号化されていない HTTP で配信されています（{base}）。URLには秘密のトークンが含まれるため、https を使ってください。"),
            Cli::DocFeedsOk { n, base } => format!("有効なカレンダートークン{n}件（{base}）"),
            Cli::DocNothingPublished => "今以降を含む公開済みの当番表がありません。依頼は当番医の段階を飛ばします。計画して公開してください（`toban plan YEAR`、`toban rota publish YEAR`）。".into(),
            Cli::DocGaps(list) => format!("公開済みの当番枠がない期間: {list}。計画して公開してください（`toban plan YEAR`、`toban rota publish YEAR`）。"),
            Cli::DocShort(list) => format!("ルールより医師が少ない枠: {list}"),
            Cli::DocFormer(list) => format!("退会した医師が当番に残っています: {list}。その医師にはメッセージが届きません。代行を入れる（`toban cover SLOT DOCTOR OTHER`）か、計画し直してください。"),
            Cli::FormerItem { who, left, slot } => format!("{}の{who}: {}", slot.ja(), left.as_ref().map_or("その時点で会員ではありません".to_string(), |l| format!("{}に退会", l.ja_long()))),
            Cli::DocAway(list) => format!("当番なのに不在の登録があります: {list}。交換か代行を手配してください。"),
            Cli::DocEndsSoon { end } => format!("公開された当番表は{} {}で終わります。その後の当番表を作成し、公開してください。", super::Day(end.0.date_naive()).ja_long(), end.ja_time()),
            Cli::AwayItem { who, day, .. } => format!("{}の{who}", day.ja()),
            Cli::DocCoverageOk => "公開済みの当番表のどの日にも、会員で不在でない当番医がいます".into(),
            Cli::AndMore { head, more } => format!("{head} ほか{more}件"),
            Cli::AllPassed => "すべての項目に問題はありません。".into(),
            Cli::NoLinks => "連携されたチャット（Telegram・LINE）はありません（`toban invite ID` で1回限りのコードを作れます）。".into(),
            Cli::LinkOk => "正常".into(),
            Cli::LinkBroken { since, why, member } => format!("{since} から届きません: {}（`toban invite {member}`）", BrokenWhy::of(why).ja()),
            Cli::BackupWritten { path, records, schema } => format!("データ全体のバックアップを {path} に書き出しました（{records}件、スキーマ {schema}）。復元は `toban --data NEW_DIR restore {path}` です。"),
            Cli::Restored { records, file, taken, data } => format!("{file}（{taken} 取得）から{records}件を {data} に復元しました。`toban doctor` で確認してください。"),
            Cli::StateColumn => "状態".into(),
            Cli::LinkedColumn => "連携日時".into(),
            Cli::HistoryImported { n, file, batch, added, replaced } => format!("{file} から当番{n}件を取込番号 {batch} として取り込みました（新規{added}件、置き換え{replaced}件）。`toban history list` と `toban ledger` で確認できます。取り消すには `toban history remove --batch {batch}` です。"),
            Cli::NoHistory(year) => format!("{}取り込んだ過去の当番はありません。`toban history import FILE.csv` で取り込めます。", year.map(|y| format!("{}の", y.ja())).unwrap_or_default()),
            Cli::HistoryOf { year, n } => format!("{}取り込んだ過去の当番: {n}件", year.map(|y| format!("{}の", y.ja())).unwrap_or_default()),
            Cli::CountedNo => "集計「いいえ」: その年度には公開済みの当番表があり、その枠が記録になります。これらの行は `toban history remove --year YEAR` で削除できます。".into(),
            Cli::YesNo(b) => if *b { "はい".into() } else { "いいえ".into() },
            Cli::HistoryFilter { batch, date, doctor, year } => {
                filter_words(*batch, date.map(|d| d.ja()), doctor.as_deref(), *year, true)
            }
            Cli::HistoryWouldRemove { n, what } => format!("{what}の当番{n}件を削除する予定です。試行のため、何も削除していません:"),
            Cli::HistoryRemoved { n, what } => format!("{what}の当番{n}件を削除しました:"),
            Cli::SimPlanning { year, i, n } => format!("{}を計画しています（{i}/{n}）…", year.ja()),
            Cli::SimPlanned { years, first, seconds } => format!("{}から{years}年分を{seconds}秒で計画しました", first.ja()),
            Cli::SimHeading { baseline, first, last } => format!("{}: {}から{}", if *baseline { "輪番（比較用）" } else { "計画" }, first.ja(), last.ja()),
            Cli::SimSpread { period, spread } => format!("{period}: 医師ごとの回数の差 {spread}（最多 − 最少）"),
            Cli::SimSummary { doubles, max_range, optimal, violations } => format!("同じ年度に休日当番が2回ある医師: {}\n1年度の公平さの幅の最大: {max_range}点、全年度で最適: {}、守れなかった条件: {violations}件", if doubles.is_empty() { "なし".to_string() } else { super::words::list(doubles.iter(), super::Lang::Ja) }, if *optimal { "はい" } else { "いいえ" }),
            Cli::SimDouble { doctor, year } => format!("{doctor}（{}）", year.ja()),
            Cli::ActualRecorded { slot, is, is_name, was, was_name, reason } => format!("記録しました: {}は {was}（{was_name}）に代わって実際には {is}（{is_name}）が担当しました。理由: {reason}\n当番実績はこれに従います（`toban ledger`）。理由は監査記録に残ります（`toban audit`）。", slot.ja()),
            Cli::ServeStarted { association, data, telegram, socket, address } => format!("toban serve: {association} — データ {data}、{}、コマンドは {socket} から、HTTP は http://{address} で受け付けます。Ctrl-C で止まります。", if *telegram { "メッセージは連携したチャット（Telegram・LINE）に送ります（連携していない会員の分はここに表示します）" } else { "メッセージはここに表示します（コンソール通知。TELOXIDE_TOKEN も LINE の設定もありません）" }),
            Cli::ServeStopped => "toban serve: 停止しました。".into(),
            Cli::DemoIntro { association, doctors, hospitals, year, dir } => format!("toban デモ: {association}（医師{doctors}名、後方支援病院{hospitals}）、{}\n作業フォルダ {dir}（新しいデータです。お手元の data/ には触れません）", year.ja()),
            Cli::DemoStep { n, year, night } => format!("\n=== {} ===", match n { 1 => format!("1. {}を公平に計画し（進み具合は標準エラーに表示）、公開します", year.ja()), 2 => format!("2. {}の当番表", year.ja()), 3 => "3. カレンダー配信と当番表ページ".into(), 4 => "4. 架空の患者さんを登録します（最小限の記録）".into(), 5 => format!("5. ある夜の依頼、{}（時計は模擬）", night.map(|d| d.ja()).unwrap_or_default()), _ => "次に".into() }),
            Cli::DemoPage(path) => format!("当番表ページ {path} を書き出しました（A4横。ブラウザで開けます）"),
            Cli::DemoCast { attending, duty, hospital } => format!("その夜、主治医の{attending}先生は不在で、当番医は{duty}先生、登録された後方支援病院は{hospital}です。"),
            Cli::DemoRaise(t) => format!("\n{t} 訪問看護ステーションが患者1の依頼を出します:"),
            Cli::DemoMovesOn { time, wait } => format!("\n{time} {wait}分間応答がなかったため、toban は次へ進みます。"),
            Cli::DemoAccepts { time, hospital } => format!("\n{time} {hospital}が「受けます」を押します:"),
            Cli::DemoReport(t) => format!("\n{t} 主治医、依頼元、当番医への報告:"),
            Cli::DemoNext { data, duty, year, seconds } => format!("デモのデータは {data} に残してあります。続けて使うか、ご自分のデータで始めてください:\n  toban --data {data} serve                 # 時間の管理とメッセージ（TELOXIDE_TOKEN がなければここに表示）、配信は http://127.0.0.1:8080\n  toban --data {data} invite {duty}           # 医師の Telegram を連携する1回限りのリンク（TOBAN_BOT_USERNAME を設定）\n  toban --data {data} feed token issue {duty} # その医師のスマートフォン用のカレンダーURL\n  toban --data {data} report {year}          # 年間の事業報告\nご自分の医師会では、rules/*.toml を編集し、`toban check`、`toban plan YEAR`、`toban rota publish YEAR` の順に進めてください。\nデモは{seconds}秒で終わりました"),
            Cli::DayCell(d) => d.ja(),
            Cli::WhenCell(w) => w.ja(),
            Cli::RequestKind { swap } => if *swap { "交換".into() } else { "代行".into() },
            Cli::RequestStatus(w) => match *w {
                "pending" => "返事待ち",
                "queued" => "順番待ち",
                "awaiting_admin" => "事務局の承認待ち",
                "accepted" => "成立",
                "declined" => "辞退",
                "refused" => "不成立",
                "expired" => "期限切れ",
                "withdrawn" => "取り下げ",
                "rejected" => "却下",
                _ => "不明",
            }
            .into(),
            Cli::Empty(l) => match l {
                Listed::Absences => "登録されている不在はありません。".into(),
                Listed::Patients => "登録されている患者さんはいません。".into(),
                Listed::Calls => "記録されている依頼はありません。".into(),
                Listed::OpenCalls => "対応中の依頼はありません。".into(),
                Listed::FeedTokens => "発行されている配信トークンはありません。`toban feed token issue 医師ID` で発行できます。".into(),
                Listed::Audit => "監査記録はまだありません。".into(),
                Listed::AuditSince(d) => format!("{}以降の監査記録はありません。", d.ja_long()),
                Listed::Requests => "交換・代行の依頼はまだありません。".into(),
                Listed::OpenRequests => "受付中の交換・代行の依頼はありません。".into(),
                Listed::WebAccounts => "事務局の画面のアカウントはまだありません。`toban admin add 事務局ID` で作成できます。".into(),
            },
        }
    }
    fn en(&self) -> String {
        match self {
            Cli::NoRota => "No published rota.".into(),
            Cli::RulesInvalid => "the rules have problems:".into(),
            Cli::FixRulesHint => "fix the problems above and run `toban check` again".into(),
            Cli::CalendarInvalid => "a calendar file has a problem:".into(),
            Cli::FixCalendarHint => {
                "fix the calendar file, or move it out of the calendars directory".into()
            }
            Cli::Clashes => "the hard rules cannot all hold:".into(),
            Cli::ClashesHint => {
                "change the absences, membership dates or rules named above, then plan again".into()
            }
            Cli::Failed(detail) => detail.clone(),
            Cli::DamagedRestore { data, taken, backup } => format!(
                "the way back: move the damaged store aside (`mv {data} {data}.damaged`), then restore the latest backup, taken {taken}:\n  toban --data {data} restore {backup}"
            ),
            Cli::DamagedNoBackup { data } => format!(
                "no backup found in the rules' [backup] dir: move the damaged store aside (`mv {data} {data}.damaged`) and restore a backup from elsewhere with `toban --data {data} restore FILE`"
            ),
            Cli::HolidayCount { n, year } => format!("{n} public holidays in {year}"),
            Cli::RulesOk { files, calendars } => {
                let calendars = if calendars.is_empty() { "none" } else { calendars };
                format!("rules OK: {files}  (calendars: {calendars})")
            }
            Cli::CheckNext(year) => format!(
                "next: `toban slots {year} --format json` for scripts, `toban holidays {year}` for the holidays used"
            ),
            Cli::PlanYearSummary { year, tz, slots, holiday, start, end, points } => format!(
                "plan year {year} ({tz}): {slots} slots ({holiday} holiday), {start} → {end}, {points} load points"
            ),
            Cli::Regular => "regular".into(),
            Cli::KeyAssociation => "association".into(),
            Cli::KeyDuty => "duty".into(),
            Cli::KeyWeights => "weights".into(),
            Cli::KeyExemption => "exemption".into(),
            Cli::KeyPeriods => "holiday periods".into(),
            Cli::KeyEscalation => "escalation".into(),
            Cli::KeyMembers => "members".into(),
            Cli::DutyRule { weekday, time, per_slot, gap, year_start } => format!(
                "handover {} {time}, {} per slot, at least {} between duties, plan year from {year_start}",
                WEEKDAYS_EN[*weekday as usize % 7],
                plural(*per_slot, "doctor"),
                plural(*gap, "slot")
            ),
            Cli::WeightsRule { regular, holiday_day } => format!(
                "regular {regular} points, +{holiday_day} per public holiday in a regular slot"
            ),
            Cli::ExemptionRule { slots, rotation: true } => {
                format!("{slots} slots (one rotation) before a holiday duty")
            }
            Cli::ExemptionRule { slots, rotation: false } => {
                format!("{slots} slots before a holiday duty")
            }
            Cli::PeriodRule { id, name, start, end, weight, extended } => format!(
                "{id} {name} {start}..{end} ({weight} points{})",
                if *extended { ", extended over public holidays" } else { "" }
            ),
            Cli::EscalationRule { attending, duty, hospital, hospitals } => format!(
                "attending {attending} min → duty doctor {duty} min → each hospital {hospital} min ({hospitals}) → 119 advice and admin alert"
            ),
            Cli::MembersRule { doctors, hospitals, stations, admins } => format!(
                "{}, {}, {}, {}",
                plural(*doctors, "doctor"),
                plural(*hospitals, "backup hospital"),
                plural(*stations, "nurse station"),
                plural(*admins, "admin")
            ),
            Cli::DutiesOutsideMembership { doctor, name, slots, first, year } => format!(
                "warning: {doctor} ({name}) holds published duties outside their membership: {slots}; cover them (`toban cover {first} {doctor} OTHER`) or re-plan (`toban plan {year} --replan-from {first}`)"
            ),
            Cli::CheckServeHolds => "note: `toban serve` holds the store, so the rules were not compared with its records (serve does that itself when the rules change)".into(),
            Cli::OutboxWaiting(n) => format!("`toban serve` is not running: {} in the outbox and {} sent when it starts", if *n == 1 { "1 message waits".to_string() } else { format!("{n} messages wait") }, if *n == 1 { "is" } else { "are" }),
            Cli::AbsenceAdded { id, doctor, from, to, soft } => format!("absence {id} added: {doctor} away from {} to {} (inclusive); {}.", from.en_long(), to.en_long(), if *soft { "a request: plans avoid giving them duty then where they can" } else { "plans made from now on keep them off duty then, and calls skip them as attending doctor" }),
            Cli::AbsenceOverDuty { doctor, start, end, slot } => format!("warning: {doctor} is on duty {start} – {end} (slot {slot}) during this absence: calls skip the duty step then. {doctor} and the office are told; arrange cover with `toban cover {slot} {doctor} OTHER`."),
            Cli::AbsenceKind { soft } => if *soft { "prefer not".into() } else { "away".into() },
            Cli::AbsenceRemoved(id) => format!("absence {id} removed"),
            Cli::PatientRegistered { id, name, attending } => format!("patient {id} registered: {name} (attending {attending})"),
            Cli::PatientUpdated(id) => format!("patient {id} updated"),
            Cli::PatientRemoved(id) => format!("patient {id} removed from the registry; past calls keep their number"),
            Cli::CallRaised { call, patient, caller } => format!("call {call} raised for patient {patient} by {caller}"),
            Cli::CallJoined { patient, call } => format!("patient {patient} already has an open call, {call}: your note was added to it"),
            Cli::CallAccepted { call, who, caller } => format!("call {call} accepted by {who}; the patient's record goes to {who} alone, and {caller} is told"),
            Cli::CallDeclined { call, who } => format!("call {call} declined by {who}"),
            Cli::CallAcknowledged { call, who } => format!("call {call}: follow-ups acknowledged by {who}"),
            Cli::CallCancelled { call, who } => format!("call {call} cancelled by {who}"),
            Cli::ReportSaved { call, outcome, to } => if to.is_empty() { format!("report on call {call} saved ({}); the call is closed", outcome.as_str()) } else { format!("report on call {call} saved ({}) and sent to {}; the call is closed", outcome.as_str(), super::words::list(to.iter(), super::Lang::En)) },
            Cli::PatientNamed { name, id } => format!("{name} (patient {id})"),
            Cli::CallStatus(s) => (*s).into(),
            Cli::Step(k) => match k { StepKind::Handler => "handler of the patient's previous call", StepKind::Attending => "attending doctor", StepKind::Substitute => "substitute attending doctor", StepKind::Duty => "duty doctor", StepKind::Fallback => super::death::STEP_EN, StepKind::Hospital => "hospital", StepKind::Advice => "advice (call 119) and admin alert" }.into(),
            Cli::NowAsking { step, who, until } => format!("  now asking the {}: {who}, until {until}", Cli::Step(*step).en()),
            Cli::AcceptedBy(who) => format!("  accepted by {who}"),
            Cli::NobodyAccepted => "  nobody accepted: the caller was advised to call 119 and the admin alerted".into(),
            Cli::CancelledBy(by) => format!("  cancelled by {by}"),
            Cli::CallHeader { call, patient, caller, raised } => format!("call {call}  patient {patient}  from {caller}  raised {raised}"),
            Cli::NoteLine(n) => format!("note: {n}"),
            Cli::ChainHeading => "chain:".into(),
            Cli::LogHeading => "log:".into(),
            Cli::ChainStep { marker, n, step, minutes, members, left } => { let mut l = format!(" {} {n}. {}{}: {}", if *marker { ">" } else { " " }, Cli::Step(*step).en(), minutes.map(|m| format!(" ({m} min)")).unwrap_or_default(), if members.is_empty() { "nobody".into() } else { super::words::list(members.iter(), super::Lang::En) }); if !left.is_empty() { l.push_str(&format!("  [left out: {}]", super::words::clauses(left.iter(), super::Lang::En))); } l }
            Cli::LeftOutWhy { who, why } => format!("{who}: {}", why.as_str()),
            Cli::Log { at, what, step, members, who } => format!("  {at}  {}", log_en(what, *step, members, who)),
            Cli::ReportLine { by, at, outcome, text } => format!("report by {by} ({at}{}): {text}", outcome.map(|o| format!(", {}", o.as_str())).unwrap_or_default()),
            Cli::OncallSlot { at, slot, kind, start, end } => format!("{at}: slot {slot} ({kind}), {start} – {end}"),
            Cli::OncallNone(at) => format!("{at}: no published rota covers this instant (publish one with `toban rota publish YEAR`)"),
            Cli::OncallKind(k) => match k { StepKind::Fallback => "fallback", StepKind::Duty => "duty doctor", StepKind::Hospital => "hospital", StepKind::Advice => "advice", StepKind::Attending | StepKind::Handler => "attending", StepKind::Substitute => "substitute" }.into(),
            Cli::AdviceName => "call 119 (emergency)".into(),
            Cli::AwayPatients => "Patients whose attending doctor is away (a substitute is asked before the duty doctor)".into(),
            Cli::NoSubstitute => "- (duty doctor)".into(),
            Cli::AdminsAlerted => "admins are alerted".into(),
            Cli::LeftOutNote(w) => format!("left out: {}", w.as_str()),
            Cli::InviteFor { member, name, until } => format!("invitation for {member} ({name}), valid until {until}, usable once:"),
            Cli::InviteCode { code, var } => format!("  send this to the bot: /start {code}\n  (set {var} to print a link that does it in one tap)"),
            Cli::InviteLine { link, code } => format!("  on LINE: add {link} as a friend, then send it this code: {code}"),
            Cli::InviteShownOnce => "The code is shown only now; toban keeps only its hash.".into(),
            Cli::FeedTokenFor { id, member } => format!("feed token {id} for {}:", member.as_deref().unwrap_or("the whole rota")),
            Cli::FeedShownOnce(id) => format!("Shown only now (toban keeps its hash). Subscribe to it in the phone's calendar; revoke with `toban feed token revoke {id}`."),
            Cli::WholeRota => "(all)".into(),
            Cli::FeedRevoked(id) => format!("feed token {id} revoked: its URL no longer works"),
            Cli::FeedExported { n, dir } => format!("wrote {n} calendar files to {dir}"),
            Cli::ChangeDone { swap, seq } => format!("{} done (audit {seq}):", if *swap { "swap" } else { "cover" }),
            Cli::ChangeTold(who) => format!("feeds updated; {} are told", super::words::list(who.iter(), super::Lang::En)),
            Cli::Unlinked { member, chat: Some(c), .. } => format!("{member}'s Telegram account in chat {c} disconnected"),
Cli::Unlinked { member, chat: None, n } => format!("{member}'s Telegram accounts disconnected ({n})"),
            Cli::UnlinkTokens { n, member } => format!("{} of {member} revoked", plural(*n, "calendar feed token")),
            Cli::WroteReport { year, path } => format!("wrote the {year} report to {path}"),
            Cli::WrotePage { year, path } => format!("wrote the {year} rota page to {path} (print: A4 landscape)"),
            Cli::WroteSheet { patient, path } => format!("wrote patient {patient}'s contact sheet to {path} (print on one A4 portrait sheet and give it to the household)"),
            Cli::ProgressHolidays(n) => format!("holiday slots assigned from the queue: {n}"),
            Cli::ProgressBound(b) => format!("lower bound on the fairness range: {b} points"),
            Cli::ProgressTrying(r) => format!("looking for a plan with fairness range {r} ..."),
            Cli::ProgressAnswered { range, outcome } => format!("  range {range}: {outcome}"),
            Cli::PreviousYearDraft(y) => format!("note: the {y} rota is still a draft; its duties count in the ledger once it is published"),
            Cli::FrozenButAway { slot, doctor, year } => format!("warning: {} is frozen but {doctor} is away then; it is kept as frozen (unfreeze it with `toban rota unfreeze {year} {}` to re-plan it)", slot.en(), slot.id),
            Cli::DraftSaved { year, slots, seconds, rota } => format!("saved the {year} rota as a draft ({slots} slots, {seconds} s). Next: `toban rota show {year}{rota}`, then `toban rota publish {year}{rota}`."),
            Cli::NoSlotChanged => "no slot changed.".into(),
            Cli::SlotsChanged(n) => format!("{} changed:", plural(*n, "slot")),
            Cli::Nobody => "nobody".into(),
            Cli::DoctorsAffected(d) => format!("doctors affected: {d}"),
            Cli::FrozenSlots { year, slots } => format!("frozen duties of {year}: {}", if slots.is_empty() { "none".into() } else { super::words::list(slots.iter().map(|s| s.en()), super::Lang::En) }),
            Cli::Fairness { range, bound, optimal, gap, given_holidays } => format!("fairness range {range} points (deviation = carried in + load − target), lower bound {bound}: {}", if *optimal { "optimal: no plan can be fairer".to_string() } else if *given_holidays { format!("gap {gap} points to the bound; no plan that gives the holiday duties in the rotation's order is fairer") } else { format!("gap {gap} points to the bound") }),
            Cli::RotaHeading { year, published } => format!("rota {year} ({})", if *published { "published" } else { "draft" }),
            Cli::Reserved { kind, .. } => format!("{kind} (next year, reserved)"),
            Cli::FrozenMark => " [frozen]".into(),
            Cli::KeptSwaps(slots) => format!("kept the swaps and covers made since the draft: {}", super::words::list(slots.iter().map(|s| s.en()), super::Lang::En)),
            Cli::AlreadyPublished(y) => format!("the {y} rota is already published and has no draft to publish"),
            Cli::PublishedOver(y) => format!("published the new {y} rota over the old one."),
            Cli::Published(y) => format!("published the {y} rota: its duties now count in the ledger"),
            Cli::ToldChanged(who) => format!("told the doctors whose duties changed: {}", super::words::list(who.iter(), super::Lang::En)),
            Cli::FeedsUpdated => "calendar feeds updated: changed events get a new SEQUENCE; lost duties are cancelled".into(),
            Cli::DraftDiscarded(y) => format!("discarded the {y} draft; the published rota is unchanged"),
            Cli::LedgerYears { first, last } => format!("ledger of plan years {first} to {last} (imported history and published rotas)"),
            Cli::LedgerEmpty => "the ledger is empty: import past duties with `toban history import FILE.csv` or publish a rota".into(),
            Cli::YearsSince(p) => format!("years since {p}"),
            Cli::Never => "never".into(),
            Cli::HolidayColumn => "holiday".into(),
            Cli::OnDutyColumn => "on duty".into(),
            Cli::CheckName(n) => (*n).into(),
            Cli::CheckLevel(l) => match l { 0 => "ok  ", 1 => "WARN", _ => "FAIL" }.into(),
            Cli::DocRules { doctors, hospitals, periods, overrides } => format!("valid: {doctors} doctors, {hospitals} backup hospitals, {periods} holiday periods; {overrides} calendar overrides"),
            Cli::DocStore { patients, calls, schema } => format!("readable: {patients} patients, {calls} calls, schema {schema}"),
            Cli::DocDiskLow { mib, min } => format!("{mib} MiB free where the store is: toban stops below {min} MiB; free space now"),
            Cli::DocDiskSoon(mib) => format!("only {mib} MiB free where the store is: free space soon"),
            Cli::DocDiskOk(mib) => format!("{mib} MiB free where the store is"),
            Cli::DocPrivate => "the data and backups are readable by this user only".into(),
            Cli::DocOpen { shown, roots } => format!("readable by other users of this machine: {shown}; fix with `chmod -R go= {roots}`"),
            Cli::DocNoBackup { dir, hours } => format!("none in {dir}: run `toban backup` now; `serve` writes one every {hours} h"),
            Cli::DocBackup { path, hours_old, stale } => format!("latest {path} ({hours_old} h old){}", if *stale { ": is `serve` running? `toban backup` makes one now" } else { "" }),
            Cli::DocBackupsOff => "automatic backups are off ([backup] every_hours = 0)".into(),
            Cli::DocServeOn => "running: timers, reminders and delivery are live".into(),
            Cli::DocServeOff => "not running: no call escalates and no message goes out until `toban serve` runs".into(),
            Cli::DocClockWrong(now) => format!("reads {now}: set the system clock"),
            Cli::DocTestClock(var) => format!("a test clock is in use ({var}): unset it in production"),
            Cli::DocStuck { n, since } => format!("{} waiting since {since}: is `serve` running, and Telegram reachable?", plural(*n, "message")),
            Cli::DocNoStuck => "no message waiting longer than 10 minutes".into(),
            Cli::DocLinksOk => "every linked Telegram chat can be reached".into(),
            Cli::DocLinksBroken(list) => format!("Telegram no longer reaches: {list}; their messages are printed by `serve` until they link again (`toban invite ID`)"),
            Cli::BrokenItem { who, since, why } => format!("{who}, since {since}: {}", BrokenWhy::of(why).en()),
            Cli::DocNoToken => "no chat (Telegram or LINE) is set up: calls and duty notices reach nobody (`serve` only prints them). On the server, set TELOXIDE_TOKEN (the Telegram bot's token) or LINE_CHANNEL_ACCESS_TOKEN and LINE_CHANNEL_SECRET, then restart `toban serve`".into(),
            Cli::DocUnlinked(list) => format!("doctors without a linked chat (Telegram or LINE): {list} (`toban invite ID`)"),
            Cli::DocBotOk(n) => format!("token set; all {n} doctors linked"),
            Cli::DocNoFeeds => "no calendar URL issued: `toban feed token issue --all` or `/feed` in the bot".into(),
            Cli::DocFeedsLocal { n, base } => format!("{}, but calendar URLs name this machine only ({base}): set TOBAN_PUBLIC_URL=https://… for phones", plural(*n, "active calendar feed")),
            Cli::DocFeedsHttp { n, base } => format!("{} on plain HTTP ({base}): the URLs carry secret tokens; use https", plural(*n, "active calendar feed")),
            Cli::DocFeedsOk { n, base } => format!("{} at {base}", plural(*n, "active calendar feed")),
            Cli::DocNothingPublished => "no published rota covers now or later: calls skip the duty doctor; plan and publish (`toban plan YEAR`, `toban rota publish YEAR`)".into(),
            Cli::DocGaps(list) => format!("no published duty slot: {list}; plan and publish (`toban plan YEAR`, `toban rota publish YEAR`)"),
            Cli::DocShort(list) => format!("fewer doctors than the rules ask: {list}"),
            Cli::DocFormer(list) => format!("former members still on duty: {list}: they get no message; arrange cover (`toban cover SLOT DOCTOR OTHER`) or re-plan"),
            Cli::FormerItem { who, left, slot } => format!("{who} holds {}, {}", slot.en(), left.as_ref().map_or("is not a member then".to_string(), |l| format!("left on {}", l.en_long()))),
            Cli::DocAway(list) => format!("on duty but marked away: {list}: arrange a swap or cover"),
            Cli::DocEndsSoon { end } => format!("the published rota ends on {} at {}: plan and publish the next one", super::Day(end.0.date_naive()).en_long(), end.en_time()),
            Cli::AwayItem { who, day, this_year } => {
                let day = if chrono::Datelike::year(&day.0) == *this_year { day.en() } else { day.en_long() };
                format!("{who} on {day}")
            }
            Cli::DocCoverageOk => "every day of the published rota has its duty doctor, a member and not away".into(),
            Cli::AndMore { head, more } => format!("{head} and {more} more"),
            Cli::AllPassed => "all checks passed".into(),
            Cli::NoLinks => "no linked Telegram account (`toban invite ID` makes a one-time code)".into(),
            Cli::LinkOk => "ok".into(),
            Cli::LinkBroken { since, why, member } => format!("BROKEN since {since}: {} (`toban invite {member}`)", BrokenWhy::of(why).en()),
            Cli::BackupWritten { path, records, schema } => format!("wrote a backup of the whole store to {path} ({records} records, schema {schema}). Restore it with `toban --data NEW_DIR restore {path}`."),
            Cli::Restored { records, file, taken, data } => format!("restored {records} records from {file} (taken {taken}) into {data}. Check it with `toban doctor`."),
            Cli::StateColumn => "state".into(),
            Cli::LinkedColumn => "linked".into(),
            Cli::HistoryImported { n, file, batch, added, replaced } => format!("imported {} from {file} as batch {batch} ({added} new, {replaced} replaced). See `toban history list` and `toban ledger`; to take this import back: `toban history remove --batch {batch}`.", duties(*n)),
            Cli::NoHistory(year) => format!("no imported history{}: import past duties with `toban history import FILE.csv`", year.map(|y| format!(" of plan year {y}")).unwrap_or_default()),
            Cli::HistoryOf { year, n } => format!("imported history{}: {}", year.map(|y| format!(" of plan year {y}")).unwrap_or_default(), duties(*n)),
            Cli::CountedNo => "counted `no`: the year has a published rota, whose slots are its record; remove these rows with `toban history remove --year YEAR`".into(),
            Cli::YesNo(b) => if *b { "yes".into() } else { "no".into() },
            Cli::HistoryFilter { batch, date, doctor, year } => {
                let date = date.map(|d| d.0.to_string());
                filter_words(*batch, date, doctor.as_deref(), *year, false)
            }
            Cli::HistoryWouldRemove { n, what } => format!("would remove {} ({what}); nothing was removed (dry run):", duties(*n)),
            Cli::HistoryRemoved { n, what } => format!("removed {} ({what}):", duties(*n)),
            Cli::SimPlanning { year, i, n } => format!("planning {year} ({i}/{n}) ..."),
            Cli::SimPlanned { years, first, seconds } => format!("planned {years} years from {first} in {seconds} s"),
            Cli::SimHeading { baseline, first, last } => format!("{}: plan years {first} to {last}", if *baseline { "round-robin baseline" } else { "planner" }),
            Cli::SimSpread { period, spread } => format!("{period}: spread {spread} (max − min duties per doctor)"),
            Cli::SimSummary { doubles, max_range, optimal, violations } => format!("doctors with two holiday duties in one year: {}\nlargest fairness range in a year: {max_range} points; every year optimal: {}; hard-rule violations: {violations}", if doubles.is_empty() { "none".to_string() } else { super::words::list(doubles.iter(), super::Lang::En) }, if *optimal { "yes" } else { "no" }),
            Cli::SimDouble { doctor, year } => format!("{doctor} in {year}"),
            Cli::ActualRecorded { slot, is, is_name, was, was_name, reason } => format!("recorded: {}: actually {is} ({is_name}) instead of {was} ({was_name}): {reason}\nthe ledger follows (`toban ledger`); the audit keeps the reason (`toban audit`)", slot.en()),
            Cli::ServeStarted { association, data, telegram, socket, address } => format!("toban serve: {association} — store {data}, {}, commands via {socket}, HTTP on http://{address}; Ctrl-C stops", if *telegram { "messages by the linked chats, Telegram and LINE (members without a linked account: printed here)" } else { "messages printed here (console notifier; neither TELOXIDE_TOKEN nor LINE set)" }),
            Cli::ServeStopped => "toban serve: stopped".into(),
            Cli::DemoIntro { association, doctors, hospitals, year, dir } => format!("toban demo: {association} ({doctors} doctors, {hospitals} backup hospitals), plan year {year}\nworking in {dir} (a new store; your data/ is not touched)"),
            Cli::DemoStep { n, year, night } => format!("\n=== {} ===", match n { 1 => format!("1. Plan {year} fairly (progress on stderr), then publish"), 2 => format!("2. The {year} rota"), 3 => "3. Calendar feeds and the rota page".into(), 4 => "4. Register fictitious patients (the minimal record)".into(), 5 => format!("5. One night call, {} (simulated clock)", night.map(|d| d.0.to_string()).unwrap_or_default()), _ => "Next".into() }),
            Cli::DemoPage(path) => format!("wrote the rota page {path} (A4 landscape; open it in a browser)"),
            Cli::DemoCast { attending, duty, hospital } => format!("{attending} (attending) is away that night; {duty} is the duty doctor; {hospital} the registered backup hospital."),
            Cli::DemoRaise(t) => format!("\n{t} the nurse station raises a call for patient 1:"),
            Cli::DemoMovesOn { time, wait } => format!("\n{time} nobody answered for {wait} minutes: toban moves on."),
            Cli::DemoAccepts { time, hospital } => format!("\n{time} {hospital} presses Accept:"),
            Cli::DemoReport(t) => format!("\n{t} the report back to the attending doctor, the caller and the duty doctor:"),
            Cli::DemoNext { data, duty, year, seconds } => format!("The demo's store is kept in {data}. Carry on with it, or start your own:\n  toban --data {data} serve                 # timers and messages (printed here without TELOXIDE_TOKEN), feeds at http://127.0.0.1:8080\n  toban --data {data} invite {duty}           # a one-time link that connects a doctor's Telegram (set TOBAN_BOT_USERNAME)\n  toban --data {data} feed token issue {duty} # a calendar URL for that doctor's phone\n  toban --data {data} report {year}          # the annual record\nYour association: edit rules/*.toml, then `toban check`, `toban plan YEAR`, `toban rota publish YEAR`.\ndemo finished in {seconds} s"),
            Cli::DayCell(d) => d.en(),
            Cli::WhenCell(w) => w.en(),
            Cli::RequestKind { swap } => if *swap { "swap".into() } else { "cover".into() },
            Cli::RequestStatus(w) => w.replace('_', " "),
            Cli::Empty(l) => match l {
                Listed::Absences => "No absences are recorded.".into(),
                Listed::Patients => "No patients are registered.".into(),
                Listed::Calls => "No calls are recorded.".into(),
                Listed::OpenCalls => "No calls are open.".into(),
                Listed::FeedTokens => "No feed tokens are issued. `toban feed token issue DOCTOR` issues one.".into(),
                Listed::Audit => "The audit log is empty.".into(),
                Listed::AuditSince(d) => format!("No audit entries since {}.", d.en_long()),
                Listed::Requests => "No swap or cover requests yet.".into(),
                Listed::OpenRequests => "No swap or cover requests are open.".into(),
                Listed::WebAccounts => "No web console accounts yet. `toban admin add ADMIN` creates one.".into(),
            },
        }
    }
}

/// An outcome in Japanese: 往診した, 電話で助言, 入院, その他.
pub fn outcome_ja(o: Outcome) -> &'static str {
    match o {
        Outcome::Visit => "往診した",
        Outcome::Phone => "電話で助言",
        Outcome::Admitted => "入院",
        Outcome::Other => "その他",
    }
}

fn log_ja(what: &Logged, step: Option<StepKind>, members: &str, who: &str) -> String {
    let step_name = step.map(|k| Cli::Step(k).ja()).unwrap_or_default();
    match what {
        Logged::Raised => "受付".into(),
        Logged::Skipped { step } => format!(
            "段階{}（{step_name}）は、連絡できる方がいないため飛ばしました（不在か、連絡先が未登録）",
            step + 1
        ),
        Logged::Asked { step } => format!("段階{}（{step_name}）に連絡: {members}", step + 1),
        Logged::Declined { .. } => format!("{who}が辞退"),
        Logged::TimedOut { step } => format!("段階{}は時間切れ", step + 1),
        Logged::Reminded { step } => format!("段階{}に再度連絡（持ち時間の半分で）", step + 1),
        Logged::Acknowledged { .. } => format!("{who}が追加連絡を確認"),
        Logged::Unacknowledged { .. } => {
            format!("{who}が時間内に追加連絡を確認しなかったため、次の段階へ進みました")
        }
        Logged::Accepted { .. } => format!("{who}が受諾"),
        Logged::Exhausted => "連絡順の最後: 119番を案内し、事務局に通知しました".into(),
        Logged::Followup { note, .. } => format!("{who}から追加連絡: {note}"),
        Logged::Reported { .. } => format!("{who}が報告"),
        Logged::Cancelled { .. } => format!("{who}が取り消し"),
    }
}

fn log_en(what: &Logged, step: Option<StepKind>, members: &str, who: &str) -> String {
    let step_name = step.map(|k| Cli::Step(k).en()).unwrap_or_default();
    match what {
        Logged::Raised => "raised".into(),
        Logged::Skipped { step } => {
            format!("step {} ({step_name}) skipped: nobody to ask (away or no contact)", step + 1)
        }
        Logged::Asked { step } => format!("asked step {} ({step_name}): {members}", step + 1),
        Logged::Declined { .. } => format!("declined by {who}"),
        Logged::TimedOut { step } => format!("step {} timed out", step + 1),
        Logged::Reminded { step } => format!("step {} asked again (half its time)", step + 1),
        Logged::Acknowledged { .. } => format!("follow-up acknowledged by {who}"),
        Logged::Unacknowledged { .. } => {
            format!("follow-up not acknowledged by {who} in time: the call went on")
        }
        Logged::Accepted { .. } => format!("accepted by {who}"),
        Logged::Exhausted => "end of the chain: advice to call 119 sent, admin alerted".into(),
        Logged::Followup { note, .. } => format!("more from {who}: {note}"),
        Logged::Reported { .. } => format!("report filed by {who}"),
        Logged::Cancelled { .. } => format!("cancelled by {who}"),
    }
}

/// `history remove`'s filters in words: 「取込番号 3、3月9日(火)を含む枠」 or "batch 3, the slot
/// around 2027-03-09".
fn filter_words(
    batch: Option<crate::ids::ImportBatch>,
    date: Option<String>,
    doctor: Option<&str>,
    year: Option<super::words::YearLabel>,
    ja: bool,
) -> String {
    let mut p = Vec::new();
    if let Some(b) = batch {
        p.push(if ja { format!("取込番号 {b}") } else { format!("batch {b}") });
    }
    if let Some(d) = date {
        p.push(if ja { format!("{d}を含む枠") } else { format!("the slot around {d}") });
    }
    if let Some(d) = doctor {
        p.push(if ja { format!("医師 {d}") } else { format!("doctor {d}") });
    }
    if let Some(y) = year {
        p.push(if ja { y.ja() } else { format!("plan year {y}") });
    }
    p.join(if ja { "、" } else { ", " })
}

/// "1 duty", "2 duties".
fn duties(n: usize) -> String {
    if n == 1 { "1 duty".to_string() } else { format!("{n} duties") }
}

/// "1 doctor", "2 doctors".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

impl Cli {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<Cli> {
        use chrono::TimeZone;
        let t = chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 9, 9, 0, 0).unwrap();
        let s = || "x".to_string();
        let day = Day(t.date_naive());
        let all = vec![
            Cli::NoRota,
            Cli::RulesInvalid,
            Cli::FixRulesHint,
            Cli::CalendarInvalid,
            Cli::FixCalendarHint,
            Cli::Clashes,
            Cli::ClashesHint,
            Cli::Failed(s()),
            Cli::DamagedRestore { data: s(), taken: s(), backup: s() },
            Cli::DamagedNoBackup { data: s() },
            Cli::HolidayCount { n: 16, year: 2027 },
            Cli::RulesOk { files: s(), calendars: String::new() },
            Cli::CheckNext(2027),
            Cli::PlanYearSummary {
                year: super::words::YearLabel::calendar(2027),
                tz: s(),
                slots: 52,
                holiday: 2,
                start: s(),
                end: s(),
                points: 110,
            },
            Cli::Regular,
            Cli::KeyAssociation,
            Cli::KeyDuty,
            Cli::KeyWeights,
            Cli::KeyExemption,
            Cli::KeyPeriods,
            Cli::KeyEscalation,
            Cli::KeyMembers,
            Cli::DutyRule { weekday: 1, time: s(), per_slot: 1, gap: 1, year_start: s() },
            Cli::WeightsRule { regular: 2, holiday_day: 1 },
            Cli::ExemptionRule { slots: 10, rotation: true },
            Cli::ExemptionRule { slots: 3, rotation: false },
            Cli::PeriodRule { id: s(), name: s(), start: s(), end: s(), weight: 4, extended: true },
            Cli::EscalationRule { attending: 10, duty: 15, hospital: 10, hospitals: s() },
            Cli::MembersRule { doctors: 10, hospitals: 3, stations: 1, admins: 1 },
            Cli::DutiesOutsideMembership {
                doctor: s(),
                name: s(),
                slots: s(),
                first: s(),
                year: s(),
            },
            Cli::CheckServeHolds,
            Cli::OutboxWaiting(2),
            Cli::AbsenceAdded {
                id: crate::ids::AbsenceId::new(1),
                doctor: s(),
                from: day,
                to: day,
                soft: false,
            },
            Cli::AbsenceAdded {
                id: crate::ids::AbsenceId::new(1),
                doctor: s(),
                from: day,
                to: day,
                soft: true,
            },
            Cli::AbsenceOverDuty { doctor: s(), start: s(), end: s(), slot: s() },
            Cli::AbsenceKind { soft: true },
            Cli::AbsenceKind { soft: false },
            Cli::AbsenceRemoved(crate::ids::AbsenceId::new(1)),
            Cli::PatientRegistered { id: PatientId::new(1), name: s(), attending: s() },
            Cli::PatientUpdated(PatientId::new(1)),
            Cli::PatientRemoved(PatientId::new(1)),
            Cli::CallRaised {
                call: crate::ids::CallId::new(1),
                patient: PatientId::new(1),
                caller: s(),
            },
            Cli::CallJoined { patient: PatientId::new(1), call: crate::ids::CallId::new(1) },
            Cli::CallAccepted { call: crate::ids::CallId::new(1), who: s(), caller: s() },
            Cli::CallDeclined { call: crate::ids::CallId::new(1), who: s() },
            Cli::CallAcknowledged { call: crate::ids::CallId::new(1), who: s() },
            Cli::CallCancelled { call: crate::ids::CallId::new(1), who: s() },
            Cli::ReportSaved {
                call: crate::ids::CallId::new(1),
                outcome: Outcome::Visit,
                to: vec![],
            },
            Cli::ReportSaved {
                call: crate::ids::CallId::new(1),
                outcome: Outcome::Phone,
                to: vec![s()],
            },
            Cli::CallStatus("waiting"),
            Cli::PatientNamed { name: "山田 花子".into(), id: crate::ids::PatientId::new(1) },
            Cli::Step(StepKind::Duty),
            Cli::NowAsking { step: StepKind::Duty, who: s(), until: s() },
            Cli::AcceptedBy(s()),
            Cli::NobodyAccepted,
            Cli::CancelledBy(s()),
            Cli::CallHeader {
                call: crate::ids::CallId::new(1),
                patient: crate::ids::PatientId::new(1),
                caller: s(),
                raised: s(),
            },
            Cli::NoteLine(s()),
            Cli::ChainHeading,
            Cli::LogHeading,
            Cli::ChainStep {
                marker: true,
                n: 1,
                step: StepKind::Attending,
                minutes: Some(10),
                members: vec![s()],
                left: vec![s()],
            },
            Cli::LeftOutWhy { who: s(), why: LeftOut::Absent },
            Cli::Log { at: s(), what: Logged::Raised, step: None, members: s(), who: s() },
            Cli::ReportLine { by: s(), at: s(), outcome: Some(Outcome::Admitted), text: s() },
            Cli::OncallSlot { at: s(), slot: s(), kind: s(), start: s(), end: s() },
            Cli::OncallNone(s()),
            Cli::OncallKind(StepKind::Duty),
            Cli::AdviceName,
            Cli::AwayPatients,
            Cli::NoSubstitute,
            Cli::AdminsAlerted,
            Cli::LeftOutNote(LeftOut::Absent),
            Cli::InviteFor { member: s(), name: s(), until: s() },
            Cli::InviteCode { code: s(), var: "V" },
            Cli::InviteLine { link: s(), code: s() },
            Cli::InviteShownOnce,
            Cli::FeedTokenFor { id: crate::ids::FeedTokenId::new(1), member: None },
            Cli::FeedShownOnce(crate::ids::FeedTokenId::new(1)),
            Cli::WholeRota,
            Cli::FeedRevoked(crate::ids::FeedTokenId::new(1)),
            Cli::FeedExported { n: 1, dir: s() },
            Cli::ChangeDone { swap: true, seq: crate::ids::AuditSeq::new(1) },
            Cli::ChangeTold(vec![s()]),
            Cli::Unlinked { member: s(), chat: Some(1), n: 1 },
            Cli::Unlinked { member: s(), chat: None, n: 2 },
            Cli::UnlinkTokens { n: 1, member: s() },
            Cli::WroteReport { year: super::words::YearLabel::calendar(2027), path: s() },
            Cli::WrotePage { year: super::words::YearLabel::calendar(2027), path: s() },
            Cli::WroteSheet { patient: PatientId::new(12), path: s() },
            Cli::ProgressHolidays(2),
            Cli::ProgressBound(s()),
            Cli::ProgressTrying(s()),
            Cli::ProgressAnswered { range: s(), outcome: s() },
            Cli::PreviousYearDraft(super::words::YearLabel::calendar(2026)),
            Cli::FrozenButAway {
                slot: super::slot::SlotRef::samples()[0].clone(),
                doctor: s(),
                year: 2027,
            },
            Cli::DraftSaved {
                year: super::words::YearLabel::calendar(2027),
                slots: 52,
                seconds: s(),
                rota: RotaArg::of(&"north".parse().unwrap()),
            },
            Cli::NoSlotChanged,
            Cli::SlotsChanged(2),
            Cli::Nobody,
            Cli::DoctorsAffected(s()),
            Cli::FrozenSlots { year: super::words::YearLabel::calendar(2027), slots: vec![] },
            Cli::FrozenSlots {
                year: super::words::YearLabel::calendar(2027),
                slots: super::slot::SlotRef::samples(),
            },
            Cli::Fairness {
                range: s(),
                bound: s(),
                optimal: true,
                gap: s(),
                given_holidays: false,
            },
            Cli::Fairness {
                range: s(),
                bound: s(),
                optimal: false,
                gap: s(),
                given_holidays: false,
            },
            Cli::Fairness {
                range: s(),
                bound: s(),
                optimal: false,
                gap: s(),
                given_holidays: true,
            },
            Cli::RotaHeading { year: super::words::YearLabel::calendar(2027), published: true },
            Cli::Reserved { kind: s(), fiscal: false },
            Cli::FrozenMark,
            Cli::KeptSwaps(super::slot::SlotRef::samples()),
            Cli::AlreadyPublished(super::words::YearLabel::calendar(2027)),
            Cli::PublishedOver(super::words::YearLabel::calendar(2027)),
            Cli::Published(super::words::YearLabel::calendar(2027)),
            Cli::ToldChanged(vec![s()]),
            Cli::FeedsUpdated,
            Cli::DraftDiscarded(super::words::YearLabel::calendar(2027)),
            Cli::LedgerYears {
                first: super::words::YearLabel::calendar(2020),
                last: super::words::YearLabel::calendar(2027),
            },
            Cli::LedgerEmpty,
            Cli::YearsSince(s()),
            Cli::Never,
            Cli::HolidayColumn,
            Cli::OnDutyColumn,
            Cli::CheckName("rules"),
            Cli::CheckLevel(2),
            Cli::DocRules { doctors: 10, hospitals: 3, periods: 2, overrides: 0 },
            Cli::DocStore { patients: 1, calls: 1, schema: 1 },
            Cli::DocDiskLow { mib: 1, min: 8 },
            Cli::DocDiskSoon(20),
            Cli::DocDiskOk(2000),
            Cli::DocPrivate,
            Cli::DocOpen { shown: s(), roots: s() },
            Cli::DocNoBackup { dir: s(), hours: 24 },
            Cli::DocBackup { path: s(), hours_old: 3, stale: true },
            Cli::DocBackupsOff,
            Cli::DocServeOn,
            Cli::DocServeOff,
            Cli::DocClockWrong(s()),
            Cli::DocTestClock("V"),
            Cli::DocStuck { n: 2, since: s() },
            Cli::DocNoStuck,
            Cli::DocLinksOk,
            Cli::DocLinksBroken(s()),
            Cli::BrokenItem { who: s(), since: s(), why: s() },
            Cli::DocNoToken,
            Cli::DocUnlinked(s()),
            Cli::DocBotOk(10),
            Cli::DocNoFeeds,
            Cli::DocFeedsLocal { n: 1, base: s() },
            Cli::DocFeedsHttp { n: 1, base: s() },
            Cli::DocFeedsOk { n: 1, base: s() },
            Cli::DocNothingPublished,
            Cli::DocGaps(s()),
            Cli::DocShort(s()),
            Cli::DocFormer(s()),
            Cli::FormerItem {
                who: s(),
                left: Some(day),
                slot: super::slot::SlotRef::samples().remove(0),
            },
            Cli::DocAway(s()),
            Cli::DocEndsSoon {
                end: {
                    use chrono::TimeZone;
                    super::When(
                        chrono_tz::Asia::Tokyo.with_ymd_and_hms(2028, 1, 4, 9, 0, 0).unwrap(),
                    )
                },
            },
            Cli::AwayItem { who: s(), day, this_year: 2027 },
            Cli::DocCoverageOk,
            Cli::AndMore { head: s(), more: 2 },
            Cli::AllPassed,
            Cli::NoLinks,
            Cli::LinkOk,
            Cli::LinkBroken { since: s(), why: s(), member: s() },
            Cli::BackupWritten { path: s(), records: 3, schema: 1 },
            Cli::Restored { records: 3, file: s(), taken: s(), data: s() },
            Cli::StateColumn,
            Cli::LinkedColumn,
            Cli::HistoryImported {
                n: 2,
                file: s(),
                batch: crate::ids::ImportBatch::new(1),
                added: 2,
                replaced: 0,
            },
            Cli::NoHistory(Some(super::words::YearLabel::calendar(2026))),
            Cli::HistoryOf { year: None, n: 3 },
            Cli::CountedNo,
            Cli::YesNo(true),
            Cli::HistoryFilter {
                batch: Some(crate::ids::ImportBatch::new(1)),
                date: Some(day),
                doctor: Some(s()),
                year: Some(super::words::YearLabel::calendar(2026)),
            },
            Cli::HistoryWouldRemove { n: 2, what: s() },
            Cli::HistoryRemoved { n: 1, what: s() },
            Cli::SimPlanning { year: super::words::YearLabel::calendar(2027), i: 1, n: 2 },
            Cli::SimPlanned {
                years: 2,
                first: super::words::YearLabel::calendar(2027),
                seconds: s(),
            },
            Cli::SimHeading {
                baseline: true,
                first: super::words::YearLabel::calendar(2027),
                last: super::words::YearLabel::calendar(2028),
            },
            Cli::SimSpread { period: s(), spread: 1 },
            Cli::SimSummary { doubles: vec![s()], max_range: s(), optimal: true, violations: 0 },
            Cli::SimDouble { doctor: s(), year: super::words::YearLabel::calendar(2027) },
            Cli::ActualRecorded {
                slot: super::slot::SlotRef::samples().remove(0),
                is: s(),
                is_name: s(),
                was: s(),
                was_name: s(),
                reason: s(),
            },
            Cli::ServeStarted {
                association: s(),
                data: s(),
                telegram: true,
                socket: s(),
                address: s(),
            },
            Cli::ServeStopped,
            Cli::DemoIntro {
                association: s(),
                doctors: 10,
                hospitals: 3,
                year: super::words::YearLabel::calendar(2027),
                dir: s(),
            },
            Cli::DemoStep { n: 1, year: super::words::YearLabel::calendar(2027), night: None },
            Cli::DemoStep { n: 5, year: super::words::YearLabel::calendar(2027), night: Some(day) },
            Cli::DemoStep { n: 6, year: super::words::YearLabel::calendar(2027), night: None },
            Cli::DemoPage(s()),
            Cli::DemoCast { attending: s(), duty: s(), hospital: s() },
            Cli::DemoRaise(s()),
            Cli::DemoMovesOn { time: s(), wait: 15 },
            Cli::DemoAccepts { time: s(), hospital: s() },
            Cli::DemoReport(s()),
            Cli::DemoNext { data: s(), duty: s(), year: 2027, seconds: s() },
            Cli::DayCell(Day(t.date_naive())),
            Cli::WhenCell(When(t)),
            Cli::RequestKind { swap: true },
            Cli::RequestKind { swap: false },
            Cli::RequestStatus("pending"),
            Cli::RequestStatus("awaiting_admin"),
            Cli::Empty(Listed::Absences),
            Cli::Empty(Listed::Requests),
            Cli::Empty(Listed::OpenRequests),
            Cli::Empty(Listed::Patients),
            Cli::Empty(Listed::Calls),
            Cli::Empty(Listed::OpenCalls),
            Cli::Empty(Listed::FeedTokens),
            Cli::Empty(Listed::Audit),
            Cli::Empty(Listed::AuditSince(day)),
            Cli::Empty(Listed::WebAccounts),
        ];
        for m in &all {
            if let Cli::Empty(l) = m {
                match l {
                    Listed::Absences
                    | Listed::Patients
                    | Listed::Calls
                    | Listed::OpenCalls
                    | Listed::FeedTokens
                    | Listed::Audit
                    | Listed::AuditSince(_)
                    | Listed::WebAccounts
                    | Listed::Requests
                    | Listed::OpenRequests => {}
                }
            }
        }
        for m in &all {
            match m {
                Cli::NoRota
                | Cli::RulesInvalid
                | Cli::FixRulesHint
                | Cli::CalendarInvalid
                | Cli::FixCalendarHint
                | Cli::Clashes
                | Cli::ClashesHint
                | Cli::Failed(_)
                | Cli::DamagedRestore { .. }
                | Cli::DamagedNoBackup { .. }
                | Cli::HolidayCount { .. }
                | Cli::RulesOk { .. }
                | Cli::CheckNext(_)
                | Cli::PlanYearSummary { .. }
                | Cli::Regular
                | Cli::KeyAssociation
                | Cli::KeyDuty
                | Cli::KeyWeights
                | Cli::KeyExemption
                | Cli::KeyPeriods
                | Cli::KeyEscalation
                | Cli::KeyMembers
                | Cli::DutyRule { .. }
                | Cli::WeightsRule { .. }
                | Cli::ExemptionRule { .. }
                | Cli::PeriodRule { .. }
                | Cli::EscalationRule { .. }
                | Cli::MembersRule { .. }
                | Cli::DutiesOutsideMembership { .. }
                | Cli::CheckServeHolds
                | Cli::OutboxWaiting(_)
                | Cli::AbsenceAdded { .. }
                | Cli::AbsenceOverDuty { .. }
                | Cli::AbsenceKind { .. }
                | Cli::AbsenceRemoved(_)
                | Cli::PatientRegistered { .. }
                | Cli::PatientUpdated(_)
                | Cli::PatientRemoved(_)
                | Cli::CallRaised { .. }
                | Cli::CallJoined { .. }
                | Cli::CallAccepted { .. }
                | Cli::CallDeclined { .. }
                | Cli::CallAcknowledged { .. }
                | Cli::CallCancelled { .. }
                | Cli::ReportSaved { .. }
                | Cli::CallStatus(_)
                | Cli::PatientNamed { .. }
                | Cli::Step(_)
                | Cli::NowAsking { .. }
                | Cli::AcceptedBy { .. }
                | Cli::NobodyAccepted
                | Cli::CancelledBy(_)
                | Cli::CallHeader { .. }
                | Cli::NoteLine(_)
                | Cli::ChainHeading
                | Cli::LogHeading
                | Cli::ChainStep { .. }
                | Cli::LeftOutWhy { .. }
                | Cli::Log { .. }
                | Cli::ReportLine { .. }
                | Cli::OncallSlot { .. }
                | Cli::OncallNone(_)
                | Cli::OncallKind(_)
                | Cli::AdviceName
                | Cli::AwayPatients
                | Cli::NoSubstitute
                | Cli::AdminsAlerted
                | Cli::LeftOutNote(_)
                | Cli::InviteFor { .. }
                | Cli::InviteCode { .. }
                | Cli::InviteLine { .. }
                | Cli::InviteShownOnce
                | Cli::FeedTokenFor { .. }
                | Cli::FeedShownOnce(_)
                | Cli::WholeRota
                | Cli::FeedRevoked(_)
                | Cli::FeedExported { .. }
                | Cli::ChangeDone { .. }
                | Cli::ChangeTold(_)
                | Cli::Unlinked { .. }
                | Cli::UnlinkTokens { .. }
                | Cli::WroteReport { .. }
                | Cli::WrotePage { .. }
                | Cli::WroteSheet { .. }
                | Cli::ProgressHolidays(_)
                | Cli::ProgressBound(_)
                | Cli::ProgressTrying(_)
                | Cli::ProgressAnswered { .. }
                | Cli::PreviousYearDraft(_)
                | Cli::FrozenButAway { .. }
                | Cli::DraftSaved { .. }
                | Cli::NoSlotChanged
                | Cli::SlotsChanged(_)
                | Cli::Nobody
                | Cli::DoctorsAffected(_)
                | Cli::FrozenSlots { .. }
                | Cli::Fairness { .. }
                | Cli::RotaHeading { .. }
                | Cli::Reserved { .. }
                | Cli::FrozenMark
                | Cli::KeptSwaps(_)
                | Cli::AlreadyPublished(_)
                | Cli::PublishedOver(_)
                | Cli::Published(_)
                | Cli::ToldChanged(_)
                | Cli::FeedsUpdated
                | Cli::DraftDiscarded(_)
                | Cli::LedgerYears { .. }
                | Cli::LedgerEmpty
                | Cli::YearsSince(_)
                | Cli::Never
                | Cli::HolidayColumn
                | Cli::OnDutyColumn
                | Cli::CheckName(..)
                | Cli::CheckLevel(..)
                | Cli::DocRules { .. }
                | Cli::DocStore { .. }
                | Cli::DocDiskLow { .. }
                | Cli::DocDiskSoon(..)
                | Cli::DocDiskOk(..)
                | Cli::DocPrivate
                | Cli::DocOpen { .. }
                | Cli::DocNoBackup { .. }
                | Cli::DocBackup { .. }
                | Cli::DocBackupsOff
                | Cli::DocServeOn
                | Cli::DocServeOff
                | Cli::DocClockWrong(..)
                | Cli::DocTestClock(..)
                | Cli::DocStuck { .. }
                | Cli::DocNoStuck
                | Cli::DocLinksOk
                | Cli::DocLinksBroken(..)
                | Cli::BrokenItem { .. }
                | Cli::DocNoToken
                | Cli::DocUnlinked(..)
                | Cli::DocBotOk(..)
                | Cli::DocNoFeeds
                | Cli::DocFeedsLocal { .. }
                | Cli::DocFeedsHttp { .. }
                | Cli::DocFeedsOk { .. }
                | Cli::DocNothingPublished
                | Cli::DocGaps(..)
                | Cli::DocShort(..)
                | Cli::DocFormer(..)
                | Cli::FormerItem { .. }
                | Cli::DocAway(..)
                | Cli::DocEndsSoon { .. }
                | Cli::AwayItem { .. }
                | Cli::DocCoverageOk
                | Cli::AndMore { .. }
                | Cli::AllPassed
                | Cli::NoLinks
                | Cli::LinkOk
                | Cli::LinkBroken { .. }
                | Cli::BackupWritten { .. }
                | Cli::Restored { .. }
                | Cli::StateColumn
                | Cli::LinkedColumn
                | Cli::HistoryImported { .. }
                | Cli::NoHistory(..)
                | Cli::HistoryOf { .. }
                | Cli::CountedNo
                | Cli::YesNo(..)
                | Cli::HistoryFilter { .. }
                | Cli::HistoryWouldRemove { .. }
                | Cli::HistoryRemoved { .. }
                | Cli::SimPlanning { .. }
                | Cli::SimPlanned { .. }
                | Cli::SimHeading { .. }
                | Cli::SimSpread { .. }
                | Cli::SimSummary { .. }
                | Cli::SimDouble { .. }
                | Cli::ActualRecorded { .. }
                | Cli::ServeStarted { .. }
                | Cli::ServeStopped
                | Cli::DemoIntro { .. }
                | Cli::DemoStep { .. }
                | Cli::DemoPage(..)
                | Cli::DemoCast { .. }
                | Cli::DemoRaise(..)
                | Cli::DemoMovesOn { .. }
                | Cli::DemoAccepts { .. }
                | Cli::DemoReport(..)
                | Cli::DemoNext { .. }
                | Cli::DayCell(_)
                | Cli::WhenCell(_)
                | Cli::Empty(_)
                | Cli::RequestKind { .. }
                | Cli::RequestStatus(_) => {}
            }
        }
        all
    }
}

/// The `--rota ID` a hint's command needs (issue 20): nothing for the association's own rota,
/// so its hints read as always.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaArg(String);

impl RotaArg {
    /// For rota `id` (`main`: nothing).
    pub fn of(id: &crate::rules::RotaId) -> RotaArg {
        RotaArg(if id.is_main() { String::new() } else { format!(" --rota {id}") })
    }
}

impl std::fmt::Display for RotaArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_cli_line_reads_in_both_languages() {
        for m in super::Cli::samples() {
            super::super::check_both(&m);
        }
        for c in super::Col::ALL {
            super::super::check_both(&c);
        }
    }

    // See: issue 18: the swaps a publish keeps are named by their days, each with its id.
    #[test]
    fn the_swaps_a_publish_keeps_are_named_by_their_days() {
        use super::super::Message;
        let kept = super::Cli::KeptSwaps(super::super::slot::SlotRef::samples()[..1].to_vec());
        assert_eq!(
            kept.ja(),
            "下書きの後に行われた交換・代行を残しました: 2月2日(火)〜2月8日(月)の当番（2027-02-02）"
        );
        assert_eq!(
            kept.en(),
            "kept the swaps and covers made since the draft: the duty of Tue 2 Feb to Mon 8 Feb (2027-02-02)"
        );
    }

    // See: issue 18 (review): the command line said 「2027年度の当番表を公開しました」 and
    // 「（翌年度分、確保済み）」 to an association whose year runs January to December.
    #[test]
    fn the_command_line_says_nendo_only_for_a_fiscal_year() {
        use super::super::Message;
        use super::super::words::YearLabel;
        let calendar = YearLabel::calendar(2027);
        let fiscal = YearLabel { year: 2027, fiscal: true };
        assert_eq!(
            super::Cli::Published(calendar).ja(),
            "2027年の当番表を公開しました。今後、この当番は実績に数えられます。"
        );
        assert!(super::Cli::Published(fiscal).ja().starts_with("2027年度の当番表を公開"));
        let reserved = |fiscal| super::Cli::Reserved { kind: "年末年始".into(), fiscal }.ja();
        assert_eq!(reserved(false), "年末年始（翌年分、確保済み）");
        assert_eq!(reserved(true), "年末年始（翌年度分、確保済み）");
        for c in super::Cli::samples() {
            let ja = c.ja();
            let generic = ["その年度", "同じ年度", "1年度", "全年度", "年度末"];
            if !generic.iter().any(|g| ja.contains(g)) && !matches!(c, super::Cli::CheckNext(_)) {
                assert!(!ja.contains("年度"), "a calendar year's sample says 年度: {ja}");
            }
        }
    }

    // See: issue 18 (review): Today listed a former member's duty as 「枠 2027-02-23」.
    #[test]
    fn a_former_members_duty_is_named_by_its_days() {
        use super::super::Message;
        let item = super::Cli::FormerItem {
            who: "大野 修先生（d05）".into(),
            left: Some(super::Day(chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap())),
            slot: super::super::slot::SlotRef::samples().remove(0),
        };
        assert_eq!(
            item.ja(),
            "2月2日(火)〜2月8日(月)の当番（2027-02-02）の大野 修先生（d05）: 2027年1月31日(日)に退会"
        );
        assert!(!item.ja().contains("枠 "));
    }

    // See: issue 18 (English review 17): Today said "Dr Kimura Mari (d07) on 03/04", a date
    // read differently in Britain and America.
    #[test]
    fn an_away_doctors_day_is_written_as_the_rest_of_the_console_writes_days() {
        use super::super::Message;
        let day = |y, m, d| super::Day(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let who = || "Dr Kimura Mari (d07)".to_string();
        let item = super::Cli::AwayItem { who: who(), day: day(2027, 3, 4), this_year: 2027 };
        assert_eq!(item.en(), "Dr Kimura Mari (d07) on Thu 4 Mar");
        let next = super::Cli::AwayItem { who: who(), day: day(2028, 1, 6), this_year: 2027 };
        assert_eq!(next.en(), "Dr Kimura Mari (d07) on Thu 6 Jan 2028");
    }

    // See: issue 18 (English review 51): the console's tables were headed "call | raised |
    // patient | from …" where its other tables are capitalised, and a patient's fields read
    // "attending", "born". The command line's tables keep their lower-case headers.
    #[test]
    fn the_console_heads_columns_with_a_capital_and_names_the_patients_fields_in_full() {
        use super::super::{Lang, Message};
        use super::Col;
        let en = |c: Col| c.on_console(Lang::En);
        assert_eq!(en(Col::Call), "Call");
        assert_eq!(en(Col::Raised), "Raised");
        assert_eq!(en(Col::Caller), "From");
        assert_eq!(en(Col::Attending), "Attending doctor");
        assert_eq!(en(Col::Born), "Date of birth");
        assert_eq!(en(Col::Substitute), "Substitute doctor");
        assert_eq!(en(Col::Hospital), "Backup hospital");
        assert_eq!(Col::Raised.en(), "raised", "the command line's header stays");
        for c in Col::ALL {
            assert_eq!(c.on_console(Lang::Ja), c.ja(), "the Japanese is as before");
            let head = en(c);
            assert!(!head.starts_with(char::is_lowercase), "{head}");
        }
    }

    // See: issue 18 (English review 40): Today said "1 active token(s)"; English says a count
    // with its noun in the singular or the plural, never "(s)".
    #[test]
    fn a_count_takes_its_nouns_number_and_never_says_s_in_brackets() {
        use super::super::Message;
        let base = || "https://toban.example".to_string();
        assert_eq!(
            super::Cli::DocFeedsOk { n: 1, base: base() }.en(),
            "1 active calendar feed at https://toban.example"
        );
        assert_eq!(
            super::Cli::DocFeedsOk { n: 3, base: base() }.en(),
            "3 active calendar feeds at https://toban.example"
        );
        assert!(
            super::Cli::OutboxWaiting(1)
                .en()
                .contains(" 1 message waits in the outbox and is sent ")
        );
        assert!(
            super::Cli::OutboxWaiting(2)
                .en()
                .contains(" 2 messages wait in the outbox and are sent ")
        );
        assert_eq!(super::Cli::SlotsChanged(1).en(), "1 slot changed:");
        assert_eq!(
            super::super::refusal::Refusal::ChecksNeedAttention(1).en(),
            "1 check needs attention (WARN/FAIL above)"
        );
        let mut english: Vec<String> = super::Cli::samples().iter().map(|m| m.en()).collect();
        for n in [1, 2] {
            english.push(super::Cli::DocFeedsLocal { n, base: base() }.en());
            english.push(super::Cli::DocFeedsHttp { n, base: base() }.en());
            english.push(super::Cli::DocStuck { n, since: "x".into() }.en());
            english.push(super::Cli::UnlinkTokens { n, member: "x".into() }.en());
            english.push(super::super::init::InitMsg::FixSheet { count: n }.en());
        }
        english.extend(super::super::audit::AuditMsg::samples().iter().map(|m| m.en()));
        english.extend(super::super::notice::NoticeMsg::samples().iter().map(|m| m.en()));
        english.extend(super::super::refusal::Refusal::samples().iter().map(|m| m.en()));
        for en in english {
            assert!(!en.contains("(s)"), "{en}");
        }
    }
}
