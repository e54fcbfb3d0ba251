//! Replies to chat commands and buttons: what the bot answers a linked member (or a stranger)
//! in their chat, the help and the command menu of each role, and the chat's wording of the
//! desk's and the engine's refusals.
//!
//! Key decisions:
//! - Help and menus are written per role ([`Role`]): a nurse station is not told about Accept
//!   buttons or swaps, nobody is told a command line (`toban …`), a hospital's help is short.
//! - Patients found by name are shown masked ([`Masked`]: the surname's first character and the
//!   district), five at most, the rest counted: a list of names is not a directory.
//! - Instants are [`When`] (「3月9日(火) 9:00」), doctors 「…先生」 ([`Person`]).

use super::{Day, Message, When};
use crate::ids::PatientId;

/// The role a help text or a command menu is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A duty doctor.
    Doctor,
    /// A backup hospital.
    Hospital,
    /// A visiting-nurse station.
    NurseStation,
    /// The association's office.
    Admin,
}

impl From<crate::rules::MemberRole> for Role {
    fn from(r: crate::rules::MemberRole) -> Role {
        use crate::rules::MemberRole as M;
        match r {
            M::Doctor => Role::Doctor,
            M::Hospital => Role::Hospital,
            M::NurseStation => Role::NurseStation,
            M::Admin => Role::Admin,
        }
    }
}

impl Role {
    fn ja(self) -> &'static str {
        match self {
            Role::Doctor => "医師",
            Role::Hospital => "後方支援病院",
            Role::NurseStation => "訪問看護ステーション",
            Role::Admin => "事務局",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Role::Doctor => "doctor",
            Role::Hospital => "backup hospital",
            Role::NurseStation => "nurse station",
            Role::Admin => "office",
        }
    }
}

/// A member as named in a reply: a doctor is 「…先生」 in Japanese, a hospital or a station
/// keeps its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The display name.
    pub name: String,
    /// Whether the member is a doctor.
    pub doctor: bool,
}

impl Person {
    fn ja(&self) -> String {
        if self.doctor { format!("{}先生", self.name) } else { self.name.clone() }
    }
    fn en(&self) -> String {
        self.name.clone()
    }
}

fn join(people: &[Person], ja: bool, sep: &str) -> String {
    people.iter().map(|p| if ja { p.ja() } else { p.en() }).collect::<Vec<_>>().join(sep)
}

/// A patient as a reply names them: with the name for a caller role (a nurse station, the
/// office), by number for everyone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    /// The patient's number.
    pub id: PatientId,
    /// The name, for a caller role only.
    pub name: Option<String>,
}

impl Patient {
    fn ja(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} 様（{}番の患者さん）", self.id),
            None => format!("{}番の患者さん", self.id),
        }
    }
    fn en(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} (patient {})", self.id),
            None => format!("patient {}", self.id),
        }
    }
}

/// A patient found by name, masked: the number, the first character of the surname and the
/// district (「12: 山○○ 様（八日市場）」).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// The patient's number.
    pub id: PatientId,
    /// The first character of the surname.
    pub initial: char,
    /// The district, if recorded.
    pub area: Option<String>,
}

impl Masked {
    /// `name` masked to its first character.
    pub fn of(id: PatientId, name: &str, area: Option<String>) -> Masked {
        Masked { id, initial: name.trim().chars().next().unwrap_or('?'), area }
    }
    fn ja(&self) -> String {
        match &self.area {
            Some(a) => format!("{}: {}○○ 様（{a}）", self.id, self.initial),
            None => format!("{}: {}○○ 様", self.id, self.initial),
        }
    }
    fn en(&self) -> String {
        match &self.area {
            Some(a) => format!("{}: {}. ({a})", self.id, self.initial),
            None => format!("{}: {}.", self.id, self.initial),
        }
    }
}

/// A chat command, as listed in a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `/start`
    Start,
    /// `/help`
    Help,
    /// `/who`
    Who,
    /// `/call`
    Call,
    /// `/status`
    Status,
    /// `/cancel`
    Cancel,
    /// `/report`
    Report,
    /// `/mine`
    Mine,
    /// `/away`
    Away,
    /// `/back`
    Back,
    /// `/swap`
    Swap,
    /// `/cover`
    Cover,
    /// `/withdraw`
    Withdraw,
    /// `/note`
    Note,
    /// `/feed`
    Feed,
    /// `/beds`: backup hospitals' bed vacancy (issue 20).
    Beds,
    /// `/board`: clinics accepting new home patients (issue 20).
    Board,
    /// `/web`: a one-time link to the doctor's own pages (issue 18).
    Web,
    /// `/admin`: a one-time link to the office's console (issue 18).
    Admin,
    /// `/course`: record a patient's course (issue 20).
    Course,
}

impl Command {
    /// Every command.
    pub const ALL: [Command; 20] = [
        Command::Start,
        Command::Help,
        Command::Who,
        Command::Call,
        Command::Status,
        Command::Cancel,
        Command::Report,
        Command::Mine,
        Command::Away,
        Command::Back,
        Command::Swap,
        Command::Cover,
        Command::Withdraw,
        Command::Note,
        Command::Feed,
        Command::Beds,
        Command::Board,
        Command::Web,
        Command::Admin,
        Command::Course,
    ];

    /// The command as typed, without the slash.
    pub fn name(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Help => "help",
            Command::Who => "who",
            Command::Call => "call",
            Command::Status => "status",
            Command::Cancel => "cancel",
            Command::Report => "report",
            Command::Mine => "mine",
            Command::Away => "away",
            Command::Back => "back",
            Command::Swap => "swap",
            Command::Cover => "cover",
            Command::Withdraw => "withdraw",
            Command::Note => "note",
            Command::Feed => "feed",
            Command::Beds => "beds",
            Command::Board => "board",
            Command::Web => "web",
            Command::Admin => "admin",
            Command::Course => "course",
        }
    }

    /// The menu of `role` (`None`: someone not linked), in the order shown.
    pub fn menu(role: Option<Role>) -> &'static [Command] {
        use Command::*;
        match role {
            None => &[Start, Help],
            Some(Role::Doctor) => &[
                Who, Mine, Call, Status, Report, Course, Away, Back, Swap, Cover, Withdraw, Note,
                Feed, Web, Board, Beds, Cancel, Help,
            ],
            Some(Role::Hospital) => &[Beds, Who, Report, Call, Status, Help],
            Some(Role::NurseStation) => &[Call, Status, Cancel, Who, Beds, Board, Help],
            Some(Role::Admin) => &[Call, Status, Course, Cancel, Who, Beds, Board, Admin, Help],
        }
    }
}

impl Command {
    /// The six tiles of `role`'s LINE rich menu (2 rows of 3), in reading order: the commands
    /// that do something useful when tapped alone (no number or date to add), help last.
    pub fn tiles(role: Role) -> [Command; 6] {
        use Command::*;
        match role {
            Role::Doctor => [Who, Mine, Status, Swap, Web, Help],
            Role::Hospital => [Beds, Who, Status, Call, Report, Help],
            Role::NurseStation => [Call, Status, Who, Beds, Board, Help],
            Role::Admin => [Call, Status, Course, Who, Admin, Help],
        }
    }

    /// The quick-reply buttons under `role`'s help on LINE (13 at most): the commands of its
    /// menu that can be tapped alone. Not `/back` (one tap would end an absence), nor the
    /// ones that need a number or a date.
    pub fn taps(role: Role) -> &'static [Command] {
        use Command::*;
        match role {
            Role::Doctor => &[Who, Mine, Status, Swap, Withdraw, Feed, Web, Board, Beds],
            Role::Hospital => &[Beds, Who, Status, Call],
            Role::NurseStation => &[Call, Status, Who, Beds, Board, Cancel],
            Role::Admin => &[Call, Status, Course, Who, Admin, Beds, Board],
        }
    }
}

/// Where a call's step stands, for `/status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusLine {
    /// Someone took the call.
    Taking {
        /// Who.
        by: Person,
        /// When they accepted.
        at: When,
    },
    /// A member of a step was left out.
    Skipped {
        /// The step.
        step: StepName,
        /// Who.
        who: Person,
        /// Why.
        why: Skip,
    },
    /// A step had nobody on the rota.
    Nobody {
        /// The step.
        step: StepName,
    },
    /// A member was asked.
    Asked {
        /// The step.
        step: StepName,
        /// Who.
        who: Person,
        /// How it stands.
        state: Asked,
    },
}

/// The name of a step of a call's chain, as `/status` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepName {
    /// The attending doctor.
    Attending,
    /// The duty doctor.
    Duty,
    /// The fallback doctor for death confirmations.
    Fallback,
    /// A backup hospital (named by itself).
    Other,
}

/// Why a member was left out of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// No longer a member.
    Left,
    /// Away.
    Away,
    /// Asked at an earlier step.
    AskedBefore,
    /// The caller.
    Caller,
}

/// How an asked member stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// They declined.
    Declined,
    /// Asked until then.
    Until(When),
    /// No answer; the step timed out then.
    NoAnswer(Option<When>),
}

/// What happens if nobody answers by the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// These are asked.
    To(When, Vec<Person>),
    /// The caller is advised to call 119.
    Advice(When),
}

/// Why the engine refused an answer, a report or a withdrawal of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallRefusal {
    /// The member was not asked.
    NotAsked,
    /// Someone took it.
    Taken(Person),
    /// The member declined it earlier.
    Declined,
    /// Cancelled.
    Cancelled,
    /// Nobody took it and the chain ended.
    Exhausted,
    /// Someone took it already.
    Accepted,
    /// Nothing to answer.
    NoAnswerNeeded,
    /// Only the one who accepted reports.
    NotHandler,
    /// Only the caller or the office withdraws it.
    NotCaller,
    /// The report was filed already.
    Reported,
}

/// A reply in chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A group chat: the bot works one to one.
    PrivateOnly,
    /// A message over Telegram's limit.
    TooLongMessage {
        /// The limit (characters).
        max: usize,
    },
    /// A stranger: who the bot is for and how to register.
    Stranger {
        /// The association's name.
        association: String,
    },
    /// Too many wrong link codes.
    TooManyAttempts,
    /// A link code that cannot be used.
    CodeRefused,
    /// This Telegram account is another member's.
    OtherMembersAccount {
        /// That member's name.
        name: String,
    },
    /// Linked just now.
    Linked {
        /// The member's name.
        name: String,
        /// Their role.
        role: Role,
    },
    /// Linked before with the same code.
    AlreadyLinked {
        /// The member's name.
        name: String,
        /// Their role.
        role: Role,
    },
    /// The help of a role.
    Help(Role),
    /// A command's line in the Telegram menu.
    MenuItem(Command),
    /// A command's short label: a tile of the LINE rich menu and a LINE quick-reply button
    /// (at most 10 characters in Japanese, 20 in English: LINE cuts labels at 20, and a tile
    /// shows two lines of about 8).
    Tile(Command),
    /// The text on the bar that opens the LINE rich menu (14 characters at most).
    MenuBar,
    /// A command the member cannot use.
    NotACommand {
        /// The command as typed.
        command: String,
    },
    /// Text where a command was expected.
    PleaseUseCommand,
    /// A form stopped by `/cancel`.
    FormCancelled,
    /// A button that means nothing (now).
    ButtonDoesNothing,
    /// A call accepted by button.
    AcceptedToast,
    /// A follow-up acknowledged by button.
    AcknowledgedToast,
    /// A call declined by button.
    DeclinedToast,
    /// `/who` when no published rota covers now.
    NoRota,
    /// `/who`.
    Who {
        /// The duty doctors who can take calls now.
        on_duty: Vec<Person>,
        /// Duty doctors away now, with the days of their absence if known.
        away: Vec<(Person, Option<(Day, Day)>)>,
        /// When no duty doctor can take calls: the hospitals calls go to instead, in order.
        hospitals: Option<Vec<String>>,
        /// The next handover.
        handover: When,
    },
    /// `/mine` with nothing ahead.
    NoDutiesAhead,
    /// `/mine`: start, end and holiday name of the next duties.
    Mine {
        /// The duties.
        duties: Vec<(When, When, Option<String>)>,
    },
    /// `/feed` could not make a token.
    FeedFailed,
    /// `/feed`: the new URL.
    FeedUrl {
        /// The URL.
        url: String,
    },
    /// `/away` misread.
    AwayUsage,
    /// `/away` with the last day before the first or before today.
    AwayBadDays,
    /// An absence recorded.
    AwayRecorded {
        /// The first day.
        from: Day,
        /// The last day.
        to: Day,
    },
    /// `/back` when not away today.
    NotAwayToday,
    /// `/back`.
    WelcomeBack,
    /// `/note` when not on duty.
    NoteOffDuty,
    /// `/note` without text.
    NoteUsage,
    /// `/note` kept.
    Noted,
    /// A note over the limit.
    TooLongNote {
        /// The limit (characters).
        max: usize,
    },
    /// `/call`: which patient?
    AskPatient,
    /// A form left open too long.
    FormTimedOut {
        /// The command to start again with.
        again: Command,
    },
    /// The `/call` form: the note, please.
    AskNote,
    /// The `/call` form found the patient: the note, please.
    CallFor {
        /// The patient.
        patient: Patient,
    },
    /// Several patients match a name (caller roles only).
    Candidates {
        /// The first five, masked.
        shown: Vec<Masked>,
        /// How many more match.
        more: usize,
    },
    /// A name typed by a role that calls by number.
    NumberPlease,
    /// No patient matches.
    NoPatient,
    /// A text where the confirmation's buttons were expected.
    PressButtons,
    /// The question before a caller role's call goes out.
    Confirm {
        /// The patient (with the name).
        patient: Patient,
        /// The note.
        note: String,
        /// The open call it is added to, if any.
        joins: Option<crate::routing::CallId>,
        /// Whom a new call reaches first (not said when it joins an open call).
        first: Option<super::first_asked::FirstAsked>,
    },
    /// The button under a request that takes it.
    AcceptButton,
    /// The button under a request that passes it on.
    DeclineButton,
    /// The button under a follow-up that says it was seen.
    AcknowledgeButton,
    /// The confirmation's button that sends.
    SendButton,
    /// The confirmation's button that stops.
    StopButton,
    /// A confirmation pressed again.
    ConfirmedBefore,
    /// A confirmation pressed too late.
    ConfirmTimedOut,
    /// Stopped: nothing sent.
    CallStopped,
    /// Sent.
    SentToast,
    /// A call raised.
    Raised {
        /// The call.
        call: crate::ids::CallId,
    },
    /// A note added to an open call.
    Joined {
        /// The call.
        call: crate::ids::CallId,
    },
    /// `/cancel N` misread.
    CancelUsage,
    /// A call withdrawn.
    Withdrawn {
        /// The call.
        call: crate::ids::CallId,
    },
    /// `/status` with nothing open.
    NoOpenCalls,
    /// `/status`: one call.
    CallStatus {
        /// The call.
        call: crate::ids::CallId,
        /// The patient.
        patient: Patient,
        /// When it was raised.
        raised: When,
        /// Its steps so far.
        lines: Vec<StatusLine>,
        /// What comes next, if it is still waiting.
        next: Option<Next>,
    },
    /// `/report` with nothing awaiting a report.
    NoReportDue,
    /// `/report` with several calls awaiting one.
    WhichReport {
        /// The calls and their patients.
        calls: Vec<(crate::routing::CallId, Patient)>,
    },
    /// `/report N`: the words, please.
    AskReport {
        /// The call.
        call: crate::ids::CallId,
    },
    /// The outcome, please (buttons follow).
    AskOutcome {
        /// The call.
        call: crate::ids::CallId,
    },
    /// A report filed.
    ReportSent {
        /// The call.
        call: crate::ids::CallId,
        /// The outcome as the member reads it.
        outcome: String,
    },
    /// A report filed (a toast).
    ReportSentToast,
    /// An outcome button after the form closed.
    SendReportAgain {
        /// The call.
        call: crate::ids::CallId,
    },
    /// No such call.
    UnknownCall {
        /// The number given.
        call: crate::ids::CallId,
    },
    /// No such patient.
    UnknownPatient {
        /// The number given.
        patient: PatientId,
    },
    /// Not a member in the rules.
    NotAMember,
    /// A note empty or too long.
    BadNote {
        /// The limit (characters).
        max: usize,
    },
    /// The store failed.
    StoreFailed,
    /// The engine refused.
    CallRefused {
        /// The call.
        call: crate::ids::CallId,
        /// Why.
        why: CallRefusal,
    },
}

impl Message for Reply {
    fn ja(&self) -> String {
        use Reply::*;
        match self {
            PrivateOnly => "このボットは個別チャットでのみご利用いただけます。".into(),
            TooLongMessage { max } => format!(
                "メッセージが長すぎます（{max}文字まで）。恐れ入りますが、短く分けてお送りください。"
            ),
            Stranger { association } => format!(
                "このボットは「{association}」の会員専用です。事務局から届いた招待リンクを開いて登録してください。"
            ),
            TooManyAttempts => "試行回数が多すぎます。1時間後にもう一度お試しください。".into(),
            CodeRefused => "このコードでは登録できません（誤り・使用済み・期限切れ）。事務局に新しい招待リンクをご依頼ください。".into(),
            OtherMembersAccount { name } => format!(
                "このアカウント（Telegram または LINE）は、すでに{name}として登録されています。別の方の招待コードは使えません。その方ご自身の端末で登録してください（このアカウントの登録を外す場合は事務局にご連絡ください）。"
            ),
            Linked { name, role } => format!("{name}（{}）として登録しました。", role.ja()),
            AlreadyLinked { name, role } => format!("{name}（{}）として登録済みです。", role.ja()),
            Help(role) => help_ja(*role),
            MenuItem(c) => menu_ja(*c).into(),
            Tile(c) => tile_ja(*c).into(),
            MenuBar => "メニュー（タップで開閉）".into(),
            NotACommand { command } => format!("「/{command}」は使えないコマンドです。"),
            PleaseUseCommand => "コマンドで操作してください。".into(),
            FormCancelled => "入力を取り消しました。".into(),
            ButtonDoesNothing => "このボタンは使えません。".into(),
            AcceptedToast => "受諾しました。患者情報をお送りします。".into(),
            AcknowledgedToast => "確認しました。".into(),
            DeclinedToast => "辞退しました。次の連絡先に回します。".into(),
            NoRota => "今は公開された当番表がありません。依頼は主治医の次に後方支援病院へ回ります。事務局にお問い合わせください。".into(),
            Who { on_duty, away, hospitals, handover } => {
                let mut lines = Vec::new();
                if !on_duty.is_empty() {
                    lines.push(format!("今の当番医: {}", join(on_duty, true, "、")));
                }
                for (p, span) in away {
                    let head = if on_duty.is_empty() { "今の当番医: " } else { "" };
                    lines.push(match span {
                        Some((f, t)) => {
                            format!("{head}{}は不在です（{}〜{}）。", p.ja(), f.ja(), t.ja())
                        }
                        None => format!("{head}{}は不在です。", p.ja()),
                    });
                }
                if let Some(h) = hospitals {
                    if lines.is_empty() {
                        lines.push("今は対応できる当番医がいません。".into());
                    }
                    lines.push(format!(
                        "依頼は主治医の次に、当番医を飛ばして後方支援病院（{}）に回ります。",
                        h.join("→")
                    ));
                }
                lines.push(format!("次の交代: {}", handover.ja()));
                lines.join("\n")
            }
            NoDutiesAhead => "今後の当番はありません。".into(),
            Mine { duties } => {
                let mut lines = vec!["次の当番:".to_string()];
                for (from, to, kind) in duties {
                    let kind = kind.as_ref().map(|k| format!("（{k}）")).unwrap_or_default();
                    lines.push(format!("{}〜{}{kind}", from.ja(), to.ja()));
                }
                lines.join("\n")
            }
            FeedFailed => "URLを作成できませんでした。事務局にご連絡ください。".into(),
            FeedUrl { url } => format!(
                "カレンダーアプリで次のURLを購読してください（以前の /feed のURLは無効になりました）:\n{url}"
            ),
            AwayUsage => "使い方: /away 3/10 3/12 学会（開始日 終了日 メモ）".into(),
            AwayBadDays => "終了日は開始日と今日より後にしてください。\n使い方: /away 3/10 3/12 学会（開始日 終了日 メモ）".into(),
            AwayRecorded { from, to } => format!(
                "不在を登録しました: {}〜{}。この間、主治医としての依頼は次の連絡先に回します。",
                from.ja(),
                to.ja()
            ),
            NotAwayToday => "今日の不在は登録されていません。".into(),
            WelcomeBack => "おかえりなさい。不在を今日で終えました。".into(),
            NoteOffDuty => "引き継ぎメモは当番中にお書きいただけます。".into(),
            NoteUsage => "使い方: /note 内容".into(),
            Noted => "引き継ぎメモを残しました。交代時に次の当番医へ届きます。".into(),
            TooLongNote { max } => format!(
                "メモが長すぎます（{max}文字まで）。恐れ入りますが、要点を短くしてお送りください。"
            ),
            AskPatient => "患者番号または氏名を送ってください。（/cancel で中止）".into(),
            FormTimedOut { again } => {
                format!("入力の時間切れです。もう一度 /{} から始めてください。", again.name())
            }
            AskNote => "状況を短く送ってください。看取り（死亡確認）は「看取り」、電話での相談は「相談」で始めてください。".into(),
            CallFor { patient } => format!(
                "{}についての依頼です。状況を短く送ってください（例: 発熱39度、呼吸苦）。看取り（死亡確認）は「看取り」、電話での相談は「相談」で始めてください（例: 看取り 呼吸停止）。",
                patient.ja()
            ),
            Candidates { shown, more } => {
                let mut lines = vec!["複数の患者が見つかりました。番号を送ってください:".to_string()];
                lines.extend(shown.iter().map(Masked::ja));
                if *more > 0 {
                    lines.push(format!("ほか{more}名（氏名を詳しく入力すると絞り込めます）"));
                }
                lines.join("\n")
            }
            NumberPlease => "患者番号で送ってください（例: 12）。氏名での検索は訪問看護ステーションと事務局のみご利用いただけます。（/cancel で中止）".into(),
            NoPatient => "該当する登録患者がいません。番号か氏名をもう一度送ってください。（/cancel で中止）".into(),
            PressButtons => "送信するか、下のボタンでお選びください。".into(),
            Confirm { patient, note, joins, first } => {
                let join = joins
                    .map(|c| format!("対応中の{c}番の依頼に追加でお伝えします。"))
                    .unwrap_or_default();
                let first = first.as_ref().map(|f| f.ja()).unwrap_or_default();
                format!(
                    "{}に連絡します。{join}{first}\n内容: {note}\nよろしければ「送信する」を押してください。",
                    patient.ja()
                )
            }
            AcceptButton => "受諾する".into(),
            DeclineButton => "辞退する".into(),
            AcknowledgeButton => "確認しました".into(),
            SendButton => "送信する".into(),
            StopButton => "やめる".into(),
            ConfirmedBefore => "この確認は終わっています（送信済みか取り消し済み）。".into(),
            ConfirmTimedOut => "時間切れです。もう一度 /call から始めてください。".into(),
            CallStopped => "取り消しました。依頼は送信していません。".into(),
            SentToast => "送信しました。".into(),
            Raised { call } => format!(
                "{call}番の依頼を発信しました。受諾されたらお知らせします。状況は /status で確認できます。"
            ),
            Joined { call } => {
                format!("この患者には対応中の{call}番の依頼があります。内容を追加で伝えました。")
            }
            CancelUsage => "使い方: /cancel 12（取り消す依頼の番号）。入力中の内容は /cancel だけで取り消せます。".into(),
            Withdrawn { call } => {
                format!("{call}番の依頼を取り消しました。依頼先の方々にもお知らせします。")
            }
            NoOpenCalls => "発信中の依頼はありません。".into(),
            CallStatus { call, patient, raised, lines, next } => {
                let mut out =
                    vec![format!("{call}番の依頼 — {}、{} 発信", patient.ja(), raised.ja_time())];
                out.extend(lines.iter().map(status_ja));
                match next {
                    Some(Next::To(until, who)) => out.push(format!(
                        "{} までに返答がなければ {} に回します。",
                        until.ja_time(),
                        join(who, true, "、")
                    )),
                    Some(Next::Advice(until)) => out.push(format!(
                        "{} までに返答がなければ、119番通報をご案内します。",
                        until.ja_time()
                    )),
                    None => {}
                }
                out.join("\n")
            }
            NoReportDue => "報告待ちの依頼はありません。".into(),
            WhichReport { calls } => {
                let mut lines = vec!["報告待ちの依頼が複数あります。番号を付けて送ってください（例: /report 12 往診した 解熱剤を投与し経過観察）:".to_string()];
                lines.extend(calls.iter().map(|(c, p)| format!("・{c}番の依頼（{}）", p.ja())));
                lines.join("\n")
            }
            AskReport { call } => format!(
                "{call}番の依頼の報告内容を送ってください。転帰（往診した・電話で助言・入院・その他）から書き始めてください（例: 往診した 解熱剤を投与し経過観察）。（/cancel で中止）"
            ),
            AskOutcome { call } => format!("{call}番の依頼の転帰を選んでください。"),
            ReportSent { call, outcome } => format!(
                "{call}番の依頼の報告を送りました（転帰: {outcome}）。依頼元・主治医・当番医にお知らせし、この依頼は完了です。"
            ),
            ReportSentToast => "報告を送りました。".into(),
            SendReportAgain { call } => {
                format!("報告の内容をもう一度送ってください（/report {call}）。")
            }
            UnknownCall { call } => format!("{call}番の依頼は見つかりません。番号をご確認ください。"),
            UnknownPatient { patient } => format!("{patient}番の患者さんは登録されていません。"),
            NotAMember => "会員として登録されていません。事務局にご連絡ください。".into(),
            BadNote { max } => {
                format!("内容が空か長すぎます（{max}文字まで）。短く書いてお送りください。")
            }
            StoreFailed => "保存できませんでした。少し待ってもう一度お試しください。".into(),
            CallRefused { call, why } => refusal_ja(*call, why),
        }
    }

    fn en(&self) -> String {
        use Reply::*;
        match self {
            PrivateOnly => "This bot works in private chats only.".into(),
            TooLongMessage { max } => format!(
                "This message is too long (at most {max} characters). Please send it in shorter parts."
            ),
            Stranger { association } => format!(
                "This bot is for members of {association} only. Open the invitation link the office sent you to register."
            ),
            TooManyAttempts => "Too many attempts. Try again in an hour.".into(),
            CodeRefused => "This code cannot be used (wrong, used or expired). Ask the office for a new invitation link.".into(),
            OtherMembersAccount { name } => format!(
                "This chat account (Telegram or LINE) is already linked as {name}. Someone else's invitation cannot be used here: they should link on their own device (ask the office to unlink this account if needed)."
            ),
            Linked { name, role } => format!("Linked as {name} ({}).", role.en()),
            AlreadyLinked { name, role } => format!("Already linked as {name} ({}).", role.en()),
            Help(role) => help_en(*role),
            MenuItem(c) => menu_en(*c).into(),
            Tile(c) => tile_en(*c).into(),
            MenuBar => "Menu: tap here".into(),
            NotACommand { command } => format!("/{command} is not a command here."),
            PleaseUseCommand => "Please use a command.".into(),
            FormCancelled => "Cancelled.".into(),
            ButtonDoesNothing => "This button does nothing.".into(),
            AcceptedToast => "Accepted. The patient's record follows.".into(),
            AcknowledgedToast => "Acknowledged.".into(),
            DeclinedToast => "Declined; passed on.".into(),
            NoRota => "No published rota covers now: calls go to the attending doctor, then the backup hospitals. Ask the office.".into(),
            Who { on_duty, away, hospitals, handover } => {
                let mut lines = Vec::new();
                if !on_duty.is_empty() {
                    lines.push(format!("On duty now: {}", join(on_duty, false, ", ")));
                }
                for (p, span) in away {
                    let head = if on_duty.is_empty() { "On duty now: " } else { "" };
                    lines.push(match span {
                        Some((f, t)) => format!("{head}{} is away ({} to {}).", p.en(), f.en(), t.en()),
                        None => format!("{head}{} is away.", p.en()),
                    });
                }
                if let Some(h) = hospitals {
                    if lines.is_empty() {
                        lines.push("No duty doctor can take calls now.".into());
                    }
                    lines.push(format!(
                        "Calls go to the attending doctor, then skip the duty doctor and go to the backup hospitals ({}).",
                        h.join(" → ")
                    ));
                }
                lines.push(format!("Next handover: {}", handover.en()));
                lines.join("\n")
            }
            NoDutiesAhead => "No duties ahead.".into(),
            Mine { duties } => {
                let mut lines = vec!["Your next duties:".to_string()];
                for (from, to, kind) in duties {
                    let kind = kind.as_ref().map(|k| format!(" ({k})")).unwrap_or_default();
                    lines.push(format!("{} – {}{kind}", from.en(), to.en()));
                }
                lines.join("\n")
            }
            FeedFailed => "Could not make a URL; ask the office.".into(),
            FeedUrl { url } => format!(
                "Subscribe to this URL in your calendar app (the URL from an earlier /feed no longer works):\n{url}"
            ),
            AwayUsage => "Usage: /away 2027-03-10 2027-03-12 note (first day, last day, note)".into(),
            AwayBadDays => "The last day must not be before the first day or today.\nUsage: /away 2027-03-10 2027-03-12 note (first day, last day, note)".into(),
            AwayRecorded { from, to } => format!(
                "Away from {} to {} recorded. Calls skip you as attending doctor then.",
                from.en(),
                to.en()
            ),
            NotAwayToday => "You are not marked away today.".into(),
            WelcomeBack => "Welcome back: your absence ends today.".into(),
            NoteOffDuty => "Notes can be written while on duty.".into(),
            NoteUsage => "Usage: /note text".into(),
            Noted => "Noted; the next duty doctor gets it at handover.".into(),
            TooLongNote { max } => {
                format!("The note is too long (at most {max} characters). Please send it shorter.")
            }
            AskPatient => "Send the patient's number or name. (/cancel to stop)".into(),
            FormTimedOut { again } => {
                format!("The form timed out; start again with /{}.", again.name())
            }
            AskNote => "Send a short note. Start it with \"death\" for a death confirmation, \"advice\" for advice by phone.".into(),
            CallFor { patient } => {
                format!(
                    "A call for {}. Send a short note on the situation (start it with \"death\" for a death confirmation, \"advice\" for advice by phone).",
                    patient.en()
                )
            }
            Candidates { shown, more } => {
                let mut lines = vec!["Several patients match; send the number:".to_string()];
                lines.extend(shown.iter().map(Masked::en));
                if *more > 0 {
                    lines.push(format!("and {more} more (type more of the name to narrow it)"));
                }
                lines.join("\n")
            }
            NumberPlease => "Send the patient's number (e.g. 12). Searching by name is for nurse stations and the office. (/cancel to stop)".into(),
            NoPatient => "No registered patient matches. Send the number or name again. (/cancel to stop)".into(),
            PressButtons => "Please choose with the buttons below.".into(),
            Confirm { patient, note, joins, first } => {
                let join = joins.map(|c| format!(", added to their open call {c}")).unwrap_or_default();
                let first = first.as_ref().map(|f| format!(" {}", f.en())).unwrap_or_default();
                format!(
                    "This goes out for {}{join}.{first}\nNote: {note}\nPress Send if that is right.",
                    patient.en()
                )
            }
            AcceptButton => "Accept".into(),
            DeclineButton => "Decline".into(),
            AcknowledgeButton => "Acknowledge".into(),
            SendButton => "Send".into(),
            StopButton => "Stop".into(),
            ConfirmedBefore => "This was answered already (sent or stopped).".into(),
            ConfirmTimedOut => "Timed out; start again with /call.".into(),
            CallStopped => "Stopped: nothing was sent.".into(),
            SentToast => "Sent.".into(),
            Raised { call } => format!(
                "Call {call} raised. You will be told who takes it; /status shows where it stands."
            ),
            Joined { call } => {
                format!("This patient has an open call, {call}; your note was added to it.")
            }
            CancelUsage => "Usage: /cancel 12 (the call to withdraw). /cancel alone stops a form.".into(),
            Withdrawn { call } => format!("Call {call} withdrawn; those asked are told."),
            NoOpenCalls => "You have no open calls.".into(),
            CallStatus { call, patient, raised, lines, next } => {
                let mut out =
                    vec![format!("Call {call} — {}, raised {}", patient.en(), raised.en_time())];
                out.extend(lines.iter().map(status_en));
                match next {
                    Some(Next::To(until, who)) => out.push(format!(
                        "If nobody answers by {}, it goes to {}.",
                        until.en_time(),
                        join(who, false, ", ")
                    )),
                    Some(Next::Advice(until)) => out.push(format!(
                        "If nobody answers by {}, you will be advised to call 119.",
                        until.en_time()
                    )),
                    None => {}
                }
                out.join("\n")
            }
            NoReportDue => "No call of yours is waiting for a report.".into(),
            WhichReport { calls } => {
                let mut lines = vec!["Several calls wait for your report; give the number (e.g. /report 12 visited gave antipyretics):".to_string()];
                lines.extend(calls.iter().map(|(c, p)| format!("- call {c} ({})", p.en())));
                lines.join("\n")
            }
            AskReport { call } => format!(
                "Send the report on call {call}, starting with the outcome (visited, phone advice, admitted, other). (/cancel to stop)"
            ),
            AskOutcome { call } => format!("Choose the outcome of call {call}."),
            ReportSent { call, outcome } => format!(
                "Your report on call {call} was sent (outcome: {outcome}) to the caller, the attending doctor and the duty doctor; the call is closed."
            ),
            ReportSentToast => "Report sent.".into(),
            SendReportAgain { call } => format!("Send the report again (/report {call})."),
            UnknownCall { call } => format!("There is no call {call}; please check the number."),
            UnknownPatient { patient } => format!("No registered patient {patient}."),
            NotAMember => "You are not registered as a member; please contact the office.".into(),
            BadNote { max } => {
                format!("The text is empty or too long (at most {max} characters). Please send it shorter.")
            }
            StoreFailed => "This could not be saved. Please try again in a moment.".into(),
            CallRefused { call, why } => refusal_en(*call, why),
        }
    }
}

fn help_ja(role: Role) -> String {
    let lines: &[&str] = match role {
        Role::Doctor => &[
            "依頼が届いたら、メッセージの「受諾する」「辞退する」ボタンでお答えください。",
            "/who — 今の当番医と次の交代（当番医が不在なら依頼の回り先）",
            "/mine — ご自分の次の当番",
            "/call 12 状況 — ご家族からの依頼を患者番号で発信",
            "/status — 発信した依頼の状況",
            "/cancel 12 — 発信した依頼の取り消し（12 は依頼の番号）",
            "/report 12 往診した 内容 — 受諾した依頼の報告（転帰: 往診した・電話で助言・入院・その他。受諾時のメッセージへの返信でも送れます）",
            "/course — 主治医の患者さんや受諾した依頼の患者さんの経過（入院・退院・在宅看取り・病院で死亡・転居・同意撤回）の記録（/course 12 在宅看取り 3/9 でも可）",
            "/away 3/10 3/12 学会 — 不在の登録（主治医としての依頼を次の連絡先に回します）",
            "/back — 不在を今日で終える",
            "/swap — 当番の交換・代行の依頼（ボタンで選択）",
            "/cover 6/1 — ご自分の当番(6/1)の代行を、負担の少ない先生から順に依頼",
            "/withdraw 5 — 出した交換・代行の依頼5の取り下げ（番号なしで一覧）",
            "/note 内容 — 次の当番医への引き継ぎメモ（当番中）",
            "/feed — スマートフォンのカレンダーに当番を表示するURL",
            "/board — 新規在宅患者の受け入れ状況（ボタンまたは /board open 内科のみ でご自分の状況を登録）",
            "/beds — 後方支援病院の空床状況",
            "/web — ブラウザで見る医師用ページへのログイン用リンク（1回限り）",
            "/cancel — 入力中の内容の取り消し",
            "/help — この案内",
        ],
        Role::Hospital => &[
            "受け入れのご依頼が届いたら、メッセージの「受諾する」「辞退する」ボタンでお答えください。",
            "/beds — 空床状況の更新（ボタン、または /beds 2 のように空床数）",
            "/report 12 入院 内容 — 受諾した依頼の報告（受諾時のメッセージへの返信でも送れます）",
            "/who — 今の当番医と依頼の回り先",
            "/call 12 状況 — 患者番号で依頼を出す",
            "/help — この案内",
        ],
        Role::NurseStation => &[
            "主治医の先生が不在のときのご依頼はこちらから送れます。送信の前に患者さんのお名前を確認していただきます。",
            "/call — 依頼を出す（患者番号か氏名、状況の順に入力。/call 12 状況 でも可。看取りは「看取り」、電話相談は「相談」で状況を始める）",
            "/status — 発信した依頼の状況（依頼先、次の連絡先とその時刻）",
            "/cancel 12 — 発信した依頼の取り消し（12 は依頼の番号）",
            "/who — 今の当番医と次の交代",
            "/beds — 後方支援病院の空床状況",
            "/board — 新規在宅患者の受け入れ状況",
            "/cancel — 入力中の内容の取り消し",
            "/help — この案内",
        ],
        Role::Admin => &[
            "要対応のお知らせはこちらに届きます。依頼の発信と確認もできます。",
            "/call — 依頼を出す（患者番号か氏名、状況の順に入力）",
            "/status — 発信中のすべての依頼の状況",
            "/admin — 事務局の画面へのログイン用リンク（1回限り）",
            "/course — 患者さんの経過（入院・退院・在宅看取り・病院で死亡・転居・同意撤回）の記録（/course 12 在宅看取り 3/9 でも可）",
            "/cancel 12 — 依頼の取り消し（12 は依頼の番号）",
            "/who — 今の当番医と次の交代",
            "/beds — 後方支援病院の空床状況",
            "/board — 新規在宅患者の受け入れ状況",
            "/cancel — 入力中の内容の取り消し",
            "/help — この案内",
        ],
    };
    lines.join("\n")
}

fn help_en(role: Role) -> String {
    let lines: &[&str] = match role {
        Role::Doctor => &[
            "When a call comes, answer with its Accept or Decline button.",
            "/who — who is on duty now, the next handover (and where calls go if they are away)",
            "/mine — your next duties",
            "/call 12 note — raise a call for a family, by patient number",
            "/status — where your open calls stand",
            "/cancel 12 — withdraw your call 12",
            "/report 12 visited text — report on a call you took (outcome: visited, phone advice, admitted, other; or reply to the record message)",
            "/course — record the course of your patient or of a call you took (admitted, discharged, died at home or in hospital, moved, consent withdrawn; or /course 12 died_home 3/9)",
            "/away 2027-03-10 2027-03-12 note — mark yourself away (calls to you as attending doctor go on)",
            "/back — end your absence today",
            "/swap — exchange a duty or ask for cover (pick with buttons)",
            "/cover 2027-06-01 — ask for cover, colleagues with the lightest load first",
            "/withdraw 5 — withdraw your swap or cover request 5 (without a number: the list)",
            "/note text — a note for the next duty doctor (while on duty)",
            "/feed — the calendar URL of your duties for your phone",
            "/board — clinics accepting new home patients (set yours with its buttons or /board open note)",
            "/beds — backup hospitals' bed vacancy",
            "/web — a one-time sign-in link to your pages in a browser",
            "/cancel — stop a form",
            "/help — this help",
        ],
        Role::Hospital => &[
            "When a request comes, answer with its Accept or Decline button.",
            "/beds — set your bed vacancy (buttons, or the number of free beds: /beds 2)",
            "/report 12 admitted text — report on a call you took (or reply to the record message)",
            "/who — who is on duty now and where calls go",
            "/call 12 note — raise a call by patient number",
            "/help — this help",
        ],
        Role::NurseStation => &[
            "Raise calls here; you confirm the patient's name before a call goes out.",
            "/call — raise a call (patient number or name, then the note; or /call 12 note; start the note with \"death\" for a death confirmation, \"advice\" for phone advice)",
            "/status — where your open calls stand (who is asked, what comes next and when)",
            "/cancel 12 — withdraw your call 12",
            "/who — who is on duty now and the next handover",
            "/beds — backup hospitals' bed vacancy",
            "/board — clinics accepting new home patients",
            "/cancel — stop a form",
            "/help — this help",
        ],
        Role::Admin => &[
            "Alerts that need the office come here; you can also raise and follow calls.",
            "/call — raise a call (patient number or name, then the note)",
            "/status — where every open call stands",
            "/admin — a one-time sign-in link to the web console",
            "/course — record a patient's course (admitted, discharged, died at home or in hospital, moved, consent withdrawn; or /course 12 died_home 3/9)",
            "/cancel 12 — withdraw call 12",
            "/who — who is on duty now and the next handover",
            "/beds — backup hospitals' bed vacancy",
            "/board — clinics accepting new home patients",
            "/cancel — stop a form",
            "/help — this help",
        ],
    };
    lines.join("\n")
}

fn menu_ja(c: Command) -> &'static str {
    match c {
        Command::Start => "登録（招待リンクから）",
        Command::Help => "使い方の案内",
        Command::Who => "今の当番医と次の交代",
        Command::Call => "当番医への依頼を出す",
        Command::Status => "発信した依頼の状況",
        Command::Cancel => "依頼や入力の取り消し",
        Command::Report => "受諾した依頼の報告",
        Command::Mine => "自分の次の当番",
        Command::Away => "不在の登録",
        Command::Back => "不在を今日で終える",
        Command::Swap => "当番の交換・代行の依頼",
        Command::Cover => "当番の代行の依頼",
        Command::Withdraw => "交換・代行の依頼の取り下げ",
        Command::Note => "次の当番医への引き継ぎメモ",
        Command::Feed => "カレンダー用のURL",
        Command::Beds => "後方支援病院の空床状況",
        Command::Board => "新規在宅患者の受け入れ状況",
        Command::Web => "医師用ページへのログイン用リンク",
        Command::Admin => "事務局の画面へのログイン用リンク",
        Command::Course => "患者さんの経過（入院・看取りなど）の記録",
    }
}

fn menu_en(c: Command) -> &'static str {
    match c {
        Command::Start => "register (from your invitation link)",
        Command::Help => "how to use this bot",
        Command::Who => "who is on duty now",
        Command::Call => "raise a call",
        Command::Status => "where your calls stand",
        Command::Cancel => "withdraw a call or stop a form",
        Command::Report => "report on a call you took",
        Command::Mine => "your next duties",
        Command::Away => "mark yourself away",
        Command::Back => "end your absence today",
        Command::Swap => "exchange a duty or ask for cover",
        Command::Cover => "ask for cover",
        Command::Withdraw => "withdraw a swap or cover request",
        Command::Note => "a note for the next duty doctor",
        Command::Feed => "your calendar URL",
        Command::Beds => "backup hospitals' bed vacancy",
        Command::Board => "clinics accepting new home patients",
        Command::Web => "a sign-in link to your own web pages",
        Command::Admin => "a sign-in link to the office's console",
        Command::Course => "record a patient's course (admitted, died at home…)",
    }
}

// Short enough for a tile of the LINE rich menu (two lines of 8 at most) and a quick-reply
// button (20 characters at most). Every character here must be in src/chat/line/glyphs.z
// (scripts/line-menu-glyphs.py; a test says when).
fn tile_ja(c: Command) -> &'static str {
    match c {
        Command::Start => "登録",
        Command::Help => "使い方",
        Command::Who => "今の当番医",
        Command::Call => "依頼を出す",
        Command::Status => "依頼の状況",
        Command::Cancel => "取り消し",
        Command::Report => "対応の報告",
        Command::Mine => "自分の当番",
        Command::Away => "不在の登録",
        Command::Back => "不在の終了",
        Command::Swap => "当番の交換・代行",
        Command::Cover => "当番の代行",
        Command::Withdraw => "交換・代行の取り下げ",
        Command::Note => "引き継ぎメモ",
        Command::Feed => "カレンダー",
        Command::Beds => "空床状況",
        Command::Board => "受け入れ状況",
        Command::Web => "医師用ページ",
        Command::Admin => "事務局の画面",
        Command::Course => "経過の記録",
    }
}

fn tile_en(c: Command) -> &'static str {
    match c {
        Command::Start => "Register",
        Command::Help => "Help",
        Command::Who => "On duty now",
        Command::Call => "Raise a call",
        Command::Status => "My calls",
        Command::Cancel => "Cancel",
        Command::Report => "Report",
        Command::Mine => "My duties",
        Command::Away => "Away",
        Command::Back => "Back",
        Command::Swap => "Swap or cover",
        Command::Cover => "Ask for cover",
        Command::Withdraw => "Withdraw a request",
        Command::Note => "Handover note",
        Command::Feed => "Calendar",
        Command::Beds => "Free beds",
        Command::Board => "New patients",
        Command::Web => "My pages",
        Command::Admin => "Console",
        Command::Course => "Patient course",
    }
}

fn step_ja(s: StepName) -> &'static str {
    match s {
        StepName::Attending => "主治医 ",
        StepName::Duty => "当番医 ",
        StepName::Fallback => "看取り対応の予備の先生 ",
        StepName::Other => "",
    }
}

fn step_en(s: StepName) -> &'static str {
    match s {
        StepName::Attending => "attending doctor ",
        StepName::Duty => "duty doctor ",
        StepName::Fallback => "fallback doctor for death confirmations ",
        StepName::Other => "",
    }
}

fn status_ja(l: &StatusLine) -> String {
    match l {
        StatusLine::Taking { by, at } => {
            format!("・{}が対応中です（{} 受諾）。対応後に報告が届きます。", by.ja(), at.ja_time())
        }
        StatusLine::Skipped { step, who, why } => {
            let why = match why {
                Skip::Left => "退会",
                Skip::Away => "不在",
                Skip::AskedBefore => "前の段階で依頼済み",
                Skip::Caller => "依頼元",
            };
            format!("・{}{}: {why}のため飛ばしました", step_ja(*step), who.ja())
        }
        StatusLine::Nobody { step } => {
            format!("・{}: 当番表に当番医がいないため飛ばしました", step_ja(*step).trim_end())
        }
        StatusLine::Asked { step, who, state } => {
            let state = match state {
                Asked::Declined => "辞退".to_string(),
                Asked::Until(t) => format!("依頼中（{} まで）", t.ja_time()),
                Asked::NoAnswer(t) => {
                    format!("返答なし（{}）", t.map(|t| t.ja_time()).unwrap_or_default())
                }
            };
            format!("・{}{}: {state}", step_ja(*step), who.ja())
        }
    }
}

fn status_en(l: &StatusLine) -> String {
    match l {
        StatusLine::Taking { by, at } => {
            format!("- {} is taking it (accepted {}). Their report follows.", by.en(), at.en_time())
        }
        StatusLine::Skipped { step, who, why } => {
            let why = match why {
                Skip::Left => "no longer a member",
                Skip::Away => "away",
                Skip::AskedBefore => "asked at an earlier step",
                Skip::Caller => "the caller",
            };
            format!("- {}{}: skipped ({why})", step_en(*step), who.en())
        }
        StatusLine::Nobody { step } => {
            format!("- {}: skipped (nobody on the rota)", step_en(*step).trim_end())
        }
        StatusLine::Asked { step, who, state } => {
            let state = match state {
                Asked::Declined => "declined".to_string(),
                Asked::Until(t) => format!("asked, until {}", t.en_time()),
                Asked::NoAnswer(t) => {
                    format!("no answer ({})", t.map(|t| t.en_time()).unwrap_or_default())
                }
            };
            format!("- {}{}: {state}", step_en(*step), who.en())
        }
    }
}

fn refusal_ja(call: crate::ids::CallId, why: &CallRefusal) -> String {
    match why {
        CallRefusal::NotAsked => format!("{call}番の依頼の宛先ではありません。"),
        CallRefusal::Taken(by) => format!("{call}番の依頼は{}が対応中です。", by.ja()),
        CallRefusal::Declined => format!("{call}番の依頼は辞退済みです。"),
        CallRefusal::Cancelled => format!("{call}番の依頼は取り消し済みです。"),
        CallRefusal::Exhausted => format!("{call}番の依頼は終了済みです。"),
        CallRefusal::Accepted => format!("{call}番の依頼は対応者が決定済みです。"),
        CallRefusal::NoAnswerNeeded => format!("{call}番の依頼は応答不要です。"),
        CallRefusal::NotHandler => format!("{call}番の依頼の報告は、受諾した方のみ送れます。"),
        CallRefusal::NotCaller => format!("{call}番の依頼を取り消せるのは依頼元か事務局です。"),
        CallRefusal::Reported => format!("{call}番の依頼の報告は提出済みです。"),
    }
}

fn refusal_en(call: crate::ids::CallId, why: &CallRefusal) -> String {
    match why {
        CallRefusal::NotAsked => format!("You were not asked to take call {call}."),
        CallRefusal::Taken(by) => format!("Call {call} was already accepted by {}.", by.en()),
        CallRefusal::Declined => format!("You declined call {call} earlier."),
        CallRefusal::Cancelled => format!("Call {call} was withdrawn."),
        CallRefusal::Exhausted => format!("Call {call} is over: nobody took it."),
        CallRefusal::Accepted => format!("Call {call} was already taken."),
        CallRefusal::NoAnswerNeeded => format!("Call {call} needs no answer."),
        CallRefusal::NotHandler => {
            format!("Only the one who accepted call {call} can report on it.")
        }
        CallRefusal::NotCaller => {
            format!("Only the caller or the office can withdraw call {call}.")
        }
        CallRefusal::Reported => format!("The report on call {call} was filed already."),
    }
}

impl Reply {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<Reply> {
        use chrono::TimeZone;
        let t = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 9, 9, 0, 0).unwrap());
        let d = Day(t.0.date_naive());
        let dr = Person { name: "上田 誠".into(), doctor: true };
        let h = Person { name: "東総記念病院".into(), doctor: false };
        let named = Patient { id: PatientId::new(12), name: Some("山田 花子".into()) };
        let p = Patient { id: PatientId::new(12), name: None };
        let mut all = vec![
            Reply::PrivateOnly,
            Reply::TooLongMessage { max: 4096 },
            Reply::Stranger { association: "匝瑳医師会".into() },
            Reply::TooManyAttempts,
            Reply::CodeRefused,
            Reply::OtherMembersAccount { name: "上田 誠".into() },
            Reply::Linked { name: "上田 誠".into(), role: Role::Doctor },
            Reply::AlreadyLinked { name: "東総記念病院".into(), role: Role::Hospital },
            Reply::NotACommand { command: "frobnicate".into() },
            Reply::PleaseUseCommand,
            Reply::FormCancelled,
            Reply::ButtonDoesNothing,
            Reply::AcceptedToast,
            Reply::AcknowledgedToast,
            Reply::DeclinedToast,
            Reply::NoRota,
            Reply::Who {
                on_duty: vec![dr.clone()],
                away: vec![(dr.clone(), Some((d, d)))],
                hospitals: Some(vec!["東総記念病院".into()]),
                handover: t,
            },
            Reply::NoDutiesAhead,
            Reply::Mine { duties: vec![(t, t, Some("年末年始".into())), (t, t, None)] },
            Reply::FeedFailed,
            Reply::FeedUrl { url: "https://example.org/feeds/x.ics".into() },
            Reply::AwayUsage,
            Reply::AwayBadDays,
            Reply::AwayRecorded { from: d, to: d },
            Reply::NotAwayToday,
            Reply::WelcomeBack,
            Reply::NoteOffDuty,
            Reply::NoteUsage,
            Reply::Noted,
            Reply::TooLongNote { max: 1000 },
            Reply::AskPatient,
            Reply::FormTimedOut { again: Command::Report },
            Reply::AskNote,
            Reply::CallFor { patient: named.clone() },
            Reply::Candidates {
                shown: vec![Masked::of(PatientId::new(1), "山田 花子", Some("八日市場".into()))],
                more: 2,
            },
            Reply::NumberPlease,
            Reply::NoPatient,
            Reply::PressButtons,
            Reply::Confirm {
                patient: named.clone(),
                note: "発熱39度".into(),
                joins: Some(crate::routing::CallId::new(3)),
                first: None,
            },
            Reply::AcceptButton,
            Reply::DeclineButton,
            Reply::AcknowledgeButton,
            Reply::SendButton,
            Reply::StopButton,
            Reply::ConfirmedBefore,
            Reply::ConfirmTimedOut,
            Reply::CallStopped,
            Reply::SentToast,
            Reply::Raised { call: crate::ids::CallId::new(3) },
            Reply::Joined { call: crate::ids::CallId::new(3) },
            Reply::CancelUsage,
            Reply::Withdrawn { call: crate::ids::CallId::new(3) },
            Reply::NoOpenCalls,
            Reply::CallStatus {
                call: crate::ids::CallId::new(3),
                patient: p.clone(),
                raised: t,
                lines: vec![
                    StatusLine::Taking { by: h.clone(), at: t },
                    StatusLine::Skipped {
                        step: StepName::Attending,
                        who: dr.clone(),
                        why: Skip::Away,
                    },
                    StatusLine::Nobody { step: StepName::Duty },
                    StatusLine::Asked {
                        step: StepName::Duty,
                        who: dr.clone(),
                        state: Asked::Until(t),
                    },
                ],
                next: Some(Next::To(t, vec![h.clone()])),
            },
            Reply::NoReportDue,
            Reply::WhichReport { calls: vec![(crate::routing::CallId::new(3), p.clone())] },
            Reply::AskReport { call: crate::ids::CallId::new(3) },
            Reply::AskOutcome { call: crate::ids::CallId::new(3) },
            Reply::ReportSent { call: crate::ids::CallId::new(3), outcome: "入院".into() },
            Reply::ReportSentToast,
            Reply::SendReportAgain { call: crate::ids::CallId::new(3) },
            Reply::UnknownCall { call: crate::ids::CallId::new(99999) },
            Reply::UnknownPatient { patient: PatientId::new(99) },
            Reply::NotAMember,
            Reply::BadNote { max: 1000 },
            Reply::StoreFailed,
            Reply::CallRefused { call: crate::ids::CallId::new(3), why: CallRefusal::Taken(h) },
        ];
        for r in [Role::Doctor, Role::Hospital, Role::NurseStation, Role::Admin] {
            all.push(Reply::Help(r));
        }
        all.extend(Command::ALL.iter().map(|c| Reply::MenuItem(*c)));
        all.extend(Command::ALL.iter().map(|c| Reply::Tile(*c)));
        all.push(Reply::MenuBar);
        for m in &all {
            use Reply::*;
            match m {
                PrivateOnly
                | TooLongMessage { .. }
                | Stranger { .. }
                | TooManyAttempts
                | CodeRefused
                | OtherMembersAccount { .. }
                | Linked { .. }
                | AlreadyLinked { .. }
                | Help(_)
                | MenuItem(_)
                | Tile(_)
                | MenuBar
                | NotACommand { .. }
                | PleaseUseCommand
                | FormCancelled
                | ButtonDoesNothing
                | AcceptedToast
                | AcknowledgedToast
                | DeclinedToast
                | NoRota
                | Who { .. }
                | NoDutiesAhead
                | Mine { .. }
                | FeedFailed
                | FeedUrl { .. }
                | AwayUsage
                | AwayBadDays
                | AwayRecorded { .. }
                | NotAwayToday
                | WelcomeBack
                | NoteOffDuty
                | NoteUsage
                | Noted
                | TooLongNote { .. }
                | AskPatient
                | FormTimedOut { .. }
                | AskNote
                | CallFor { .. }
                | Candidates { .. }
                | NumberPlease
                | NoPatient
                | PressButtons
                | Confirm { .. }
                | AcceptButton
                | DeclineButton
                | AcknowledgeButton
                | SendButton
                | StopButton
                | ConfirmedBefore
                | ConfirmTimedOut
                | CallStopped
                | SentToast
                | Raised { .. }
                | Joined { .. }
                | CancelUsage
                | Withdrawn { .. }
                | NoOpenCalls
                | CallStatus { .. }
                | NoReportDue
                | WhichReport { .. }
                | AskReport { .. }
                | AskOutcome { .. }
                | ReportSent { .. }
                | ReportSentToast
                | SendReportAgain { .. }
                | UnknownCall { .. }
                | UnknownPatient { .. }
                | NotAMember
                | BadNote { .. }
                | StoreFailed
                | CallRefused { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Found in review: the help of nurse stations and the office listed /beds and /board,
    // which their Telegram menu left out.
    #[test]
    fn every_command_a_roles_help_lists_is_in_its_menu() {
        for role in [Role::Doctor, Role::Hospital, Role::NurseStation, Role::Admin] {
            let menu = Command::menu(Some(role));
            for line in help_ja(role).lines().filter(|l| l.starts_with('/')) {
                let word = line[1..].split(' ').next().unwrap_or_default();
                assert!(
                    menu.iter().any(|c| c.name() == word),
                    "{role:?}: the help lists /{word}, the menu does not"
                );
            }
        }
    }

    // See: issue 18. `/web` and `/admin` worked but were in no menu.
    #[test]
    fn the_web_link_commands_are_in_the_menus_of_the_roles_that_may_use_them() {
        assert!(Command::menu(Some(Role::Doctor)).contains(&Command::Web));
        assert!(Command::menu(Some(Role::Admin)).contains(&Command::Admin));
        for role in [None, Some(Role::Hospital), Some(Role::NurseStation)] {
            let menu = Command::menu(role);
            assert!(!menu.contains(&Command::Web) && !menu.contains(&Command::Admin), "{role:?}");
        }
        assert!(!Command::menu(Some(Role::Doctor)).contains(&Command::Admin));
    }

    #[test]
    fn every_reply_reads_in_both_languages() {
        for m in Reply::samples() {
            super::super::check_both(&m);
        }
        for why in [
            CallRefusal::NotAsked,
            CallRefusal::Declined,
            CallRefusal::Cancelled,
            CallRefusal::Exhausted,
            CallRefusal::Accepted,
            CallRefusal::NoAnswerNeeded,
            CallRefusal::NotHandler,
            CallRefusal::NotCaller,
            CallRefusal::Reported,
        ] {
            super::super::check_both(&Reply::CallRefused { call: crate::ids::CallId::new(1), why });
        }
    }

    #[test]
    fn no_help_tells_a_member_a_command_line_and_only_those_who_answer_hear_of_buttons() {
        for role in [Role::Doctor, Role::Hospital, Role::NurseStation, Role::Admin] {
            let (ja, en) = (Reply::Help(role).ja(), Reply::Help(role).en());
            assert!(!ja.contains("toban ") && !en.contains("toban "), "{role:?}");
            let answers = matches!(role, Role::Doctor | Role::Hospital);
            assert_eq!(ja.contains("受諾"), answers, "{role:?}: {ja}");
            assert_eq!(en.contains("Accept"), answers, "{role:?}: {en}");
        }
    }

    #[test]
    fn menu_entries_fit_telegram_limits() {
        for role in [None, Some(Role::Doctor), Some(Role::Hospital), Some(Role::NurseStation)] {
            for c in Command::menu(role) {
                for d in [menu_ja(*c), menu_en(*c)] {
                    let n = d.chars().count();
                    assert!((3..=256).contains(&n), "{c:?}: {d}");
                }
            }
        }
    }

    // See: issue 19.
    #[test]
    fn line_tiles_and_taps_are_short_and_only_commands_the_role_is_told_of() {
        for role in [Role::Doctor, Role::Hospital, Role::NurseStation, Role::Admin] {
            let (help, menu) = (help_ja(role), Command::menu(Some(role)));
            let all = Command::tiles(role).into_iter().chain(Command::taps(role).iter().copied());
            for c in all {
                let named = help.contains(&format!("/{} ", c.name())) || menu.contains(&c);
                assert!(named, "{role:?}'s menu and help do not name /{}", c.name());
                let (ja, en) = (tile_ja(c), tile_en(c));
                assert!(ja.chars().count() <= 10, "{c:?}: {ja} is too long for a tile");
                assert!(en.chars().count() <= 20, "{c:?}: {en} is too long for a button");
            }
            for lang in [crate::msg::Lang::Ja, crate::msg::Lang::En] {
                assert!(Reply::MenuBar.render(lang).chars().count() <= 14, "LINE's chatBarText");
            }
            assert!(Command::taps(role).len() <= 13, "LINE shows 13 quick replies at most");
            assert!(
                !Command::taps(role).contains(&Command::Back),
                "one tap must not end an absence"
            );
        }
    }

    #[test]
    fn names_found_by_search_are_masked() {
        let m = Masked::of(crate::ids::PatientId::new(1), "山田 花子", Some("八日市場".into()));
        assert_eq!(
            Message::ja(&Reply::Candidates { shown: vec![m], more: 3 }),
            "複数の患者が見つかりました。番号を送ってください:\n1: 山○○ 様（八日市場）\nほか3名（氏名を詳しく入力すると絞り込めます）"
        );
    }
}
