//! The web console's record pages (issue 18): calls, the audit log, the annual report and
//! downloads, patients, invitations, feed tokens and backups. Kept apart from
//! [`super::web::WebMsg`] (which wraps it as `WebMsg::Records`) so pages added side by side do
//! not edit one list.

use super::{Day, Lang, Message, When};

/// A text of the console's record pages.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordsMsg {
    /// The calls page's title (and its nav entry).
    CallsTitle,
    /// One call's page title.
    CallTitle {
        /// Its number.
        id: crate::routing::CallId,
    },
    /// Heading: calls that ended.
    RecentCalls,
    /// Which ended calls this page shows.
    CallsRange {
        /// The first shown (1 = the newest).
        from: usize,
        /// The last shown.
        to: usize,
        /// How many have ended.
        total: usize,
    },
    /// Heading: cancelling an open call.
    CancelHeading,
    /// What cancelling does.
    CancelNote,
    /// Checkbox: the office confirms the cancellation.
    CancelConfirm,
    /// Button: cancel the call.
    CancelButton,
    /// The confirmation was not ticked: nothing done.
    CancelUnconfirmed,
    /// The call was cancelled.
    CancelDone {
        /// Its number.
        id: crate::routing::CallId,
    },
    /// Refused by the same checks as `toban call cancel`, nothing done.
    CancelRefused(super::refusal_console::OnConsole),
    /// Link: the year's rota as one printable page (`toban rota page`).
    PrintRota,
    /// The report's year has no rota (history alone): nothing to download or print of it.
    NoRotaDownloads {
        /// The plan year.
        year: i32,
        /// Whether it is a fiscal year.
        fiscal: bool,
    },
    /// No rota of that year to print.
    NoRotaToPrint {
        /// The plan year.
        year: i32,
    },
    /// No call at all in the list.
    NoCalls,
    /// No such call.
    NoSuchCall {
        /// The number asked for.
        id: crate::routing::CallId,
    },
    /// Heading: the call's chain.
    ChainHeading,
    /// Heading: the call's timeline.
    TimelineHeading,
    /// Link: back to the calls.
    BackToCalls,
    /// The audit log's title (and its nav entry).
    AuditTitle,
    /// Label: filter by who acted.
    FilterWho,
    /// Label: filter by what was done.
    FilterWhat,
    /// Button: filter.
    Filter,
    /// Link: show every entry again.
    ClearFilter,
    /// Which entries this page shows.
    AuditRange {
        /// The first shown (1 = the newest).
        from: usize,
        /// The last shown.
        to: usize,
        /// How many match.
        total: usize,
    },
    /// Which patients the registry page shows (it shows `PATIENTS_PER_PAGE` at a time).
    PatientsRange {
        /// The first shown (1 = the lowest number).
        from: usize,
        /// The last shown.
        to: usize,
        /// How many are registered.
        total: usize,
    },
    /// Link: the page before.
    PrevPage,
    /// Link: the page after.
    NextPage,
    /// Link: newer entries.
    Newer,
    /// Link: older entries.
    Older,
    /// No entry matches.
    NoAudit,
    /// The report page's nav entry.
    ReportNav,
    /// The annual report's title.
    ReportTitle {
        /// The plan year.
        year: i32,
        /// Whether it is a fiscal year (年度).
        fiscal: bool,
    },
    /// The plan year's first and last day.
    ReportPeriod {
        /// The first day.
        from: Day,
        /// The last day.
        to: Day,
    },
    /// Why the figures' labels are Japanese in any language.
    ReportLabelsNote,
    /// Heading: the downloads.
    Downloads,
    /// Link: the report as .xlsx.
    ReportXlsx,
    /// Link: the report as CSV.
    ReportCsv,
    /// Link: the rota as .xlsx.
    RotaXlsx,
    /// Link: the rota as CSV.
    RotaCsv,
    /// What the CSV files are.
    CsvNote,
    /// Link: another plan year's report.
    YearLink {
        /// The plan year.
        year: i32,
        /// Whether it is a fiscal year (年度).
        fiscal: bool,
    },
    /// The file asked for does not exist (an unknown download or year).
    NoSuchFile,
    /// The registry's title (and its nav entry).
    PatientsTitle,
    /// One patient's page title.
    PatientTitle {
        /// The patient's id.
        id: crate::ids::PatientId,
    },
    /// Nobody on the registry.
    NoPatients,
    /// No such patient.
    NoSuchPatient {
        /// The id asked for.
        id: crate::ids::PatientId,
    },
    /// Heading: record an event of the course.
    CourseHeading,
    /// Label: what happened.
    CourseEventLabel,
    /// Label: the day it happened.
    CourseDateLabel,
    /// Button: record it.
    CourseButton,
    /// A course event's outcome (recorded, refused, the registration ended).
    Course(super::record::RecordMsg),
    /// The day is not a date.
    BadDate {
        /// What was typed.
        typed: String,
    },
    /// The event is none of the list.
    BadEvent,
    /// Link: back to the registry.
    BackToPatients,
    /// The feed tokens' title (and its nav entry).
    FeedsTitle,
    /// No feed token issued.
    NoFeeds,
    /// Button: revoke a token.
    Revoke,
    /// A token was revoked.
    FeedRevoked {
        /// Its id.
        id: u64,
    },
    /// No such token (or already revoked).
    NoSuchFeed {
        /// The id asked for.
        id: crate::ids::FeedTokenId,
    },
    /// The backups' title (and its nav entry).
    BackupsTitle,
    /// No backup in the rules' backup directory.
    NoBackups,
    /// Button: take a backup now.
    RunBackup,
    /// A backup was written.
    BackupDone {
        /// Its file name.
        file: String,
    },
    /// Column: the file.
    BackupFile,
    /// Column: when it was taken.
    BackupTaken,
    /// Column: its size in KB.
    BackupSize,
    /// A backup holds patients' records: keep downloads safe.
    BackupsNote,
    /// The invitations' title (and its nav entry).
    InvitationsTitle,
    /// Label: the member invited.
    InviteMember,
    /// Label: hours the invitation works.
    InviteHours,
    /// Button: create the invitation.
    InviteButton,
    /// A new invitation: for whom, until when.
    InviteFor {
        /// The member's name.
        name: String,
        /// Whether the member is a doctor (「…先生」); else a station or hospital, by name.
        doctor: bool,
        /// Until when.
        until: When,
    },
    /// The link and its QR code are shown once.
    InviteShownOnce,
    /// The code (with no link to show) is shown once.
    InviteCodeShownOnce,
    /// No bot name: only the code (the member sends `/start CODE` to the bot).
    InviteCodeOnly {
        /// The code.
        code: String,
    },
    /// On LINE: add the official account (the link and QR code below), then send the code.
    InviteOnLine {
        /// The code.
        code: String,
    },
    /// What an invitation is for.
    InvitationsNote,
    /// The member chosen is none of the rules'.
    BadMember,
    /// The hours are not 1 to 720.
    BadHours,
    /// `toban rota show --out FILE` wrote the file.
    WroteRota {
        /// The rota as named (YEAR, YEAR:draft …).
        rota: String,
        /// Where.
        path: String,
    },
    /// A text of the registry forms (patients, feeds).
    Registry(super::web_registry::RegistryMsg),
}

impl Message for RecordsMsg {
    fn ja(&self) -> String {
        use RecordsMsg::*;
        match self {
            CallsTitle => "依頼".into(),
            CallTitle { id } => format!("{id}番の依頼"),
            RecentCalls => "終了した依頼".into(),
            CallsRange { from, to, total } => {
                format!("終了した依頼{total}件のうち、新しいものから{from}〜{to}件目")
            }
            CancelHeading => "依頼の取り消し".into(),
            CancelNote => "取り消すと、この依頼はここで終わります。これまでに連絡した方と依頼元には、取り消しのお知らせが届きます。".into(),
            CancelConfirm => "この依頼を取り消すことを確認しました".into(),
            CancelButton => "依頼を取り消す".into(),
            CancelUnconfirmed => "取り消していません。取り消す場合は、確認の欄にチェックを入れてから、もう一度ボタンを押してください。".into(),
            CancelDone { id } => format!("{id}番の依頼を取り消しました。連絡した方と依頼元にお知らせします。"),
            CancelRefused(r) => format!("取り消していません。{}", r.ja()),
            PrintRota => "印刷用の当番表（A4横1枚）".into(),
            NoRotaToPrint { year } => format!("{year}年の当番表はまだありません。「計画と公開」で作成してから印刷してください。"),
            NoRotaDownloads { year, fiscal } => format!("{}の当番表はありません（取り込んだ過去の当番は上の集計に含まれます）。当番表のダウンロードと印刷は、当番表のある年にできます。", super::words::plan_year(*year, *fiscal, super::Lang::Ja)),
            NoCalls => "依頼はまだありません。".into(),
            NoSuchCall { id } => {
                format!("{id}番の依頼はありません。一覧から選んでください。")
            }
            ChainHeading => "連絡の順番".into(),
            TimelineHeading => "経過".into(),
            BackToCalls => "依頼の一覧に戻る".into(),
            AuditTitle => "操作の記録".into(),
            FilterWho => "操作した人".into(),
            FilterWhat => "操作の種類".into(),
            Filter => "絞り込む".into(),
            ClearFilter => "条件を外す".into(),
            AuditRange { from, to, total } => {
                format!("{total}件のうち、新しいものから{from}〜{to}件目")
            }
            PatientsRange { from, to, total } => {
                format!("登録患者{total}人のうち、番号順に{from}〜{to}人目")
            }
            PrevPage => "← 前へ".into(),
            NextPage => "次へ →".into(),
            Newer => "← より新しい記録".into(),
            Older => "より古い記録 →".into(),
            NoAudit => "該当する記録はありません。".into(),
            ReportNav => "年次報告".into(),
            ReportTitle { year, fiscal } => {
                format!("{} 事業報告", super::words::plan_year(*year, *fiscal, Lang::Ja))
            }
            ReportPeriod { from, to } => format!("{}〜{}", from.ja_long(), to.ja_long()),
            ReportLabelsNote => "項目名は、理事会に出す報告書と同じ表記です。".into(),
            Downloads => "ダウンロード".into(),
            ReportXlsx => "事業報告（Excel）".into(),
            ReportCsv => "事業報告（CSV）".into(),
            RotaXlsx => "当番表（Excel）".into(),
            RotaCsv => "当番表（CSV）".into(),
            CsvNote => "CSVファイルは、Excelでそのまま開けます。".into(),
            YearLink { year, fiscal } => super::words::plan_year(*year, *fiscal, Lang::Ja),
            NoSuchFile => "このファイルはありません。年次報告のページからお選びください。".into(),
            WroteRota { rota, path } => format!("{rota} の当番表を {path} に書き出しました。"),
            PatientsTitle => "登録患者".into(),
            PatientTitle { id } => format!("{id}番の患者さん"),
            NoPatients => "登録された患者はいません。".into(),
            NoSuchPatient { id } => {
                format!("{id}番の患者さんは登録されていません。一覧からお選びください。")
            }
            CourseHeading => "経過を記録する".into(),
            CourseEventLabel => "出来事".into(),
            CourseDateLabel => "日付".into(),
            CourseButton => "記録する".into(),
            Course(m) => m.ja(),
            BadDate { .. } => "日付を 2027-03-09 の形で入力してください。".into(),
            BadEvent => "出来事を一覧から選んでください。".into(),
            BackToPatients => "登録患者の一覧に戻る".into(),
            InvitationsTitle => "招待".into(),
            InviteMember => "招待する会員".into(),
            InviteHours => "有効時間（時間）".into(),
            InviteButton => "招待リンクを作る".into(),
            InviteFor { name, doctor, until } => format!(
                "{}への招待です（{}まで、1回だけ使えます）。",
                if *doctor { super::Doctor(name.clone()).ja() } else { name.clone() },
                until.ja()
            ),
            InviteShownOnce => "このリンクとQRコードは今だけ表示されます。ご本人に直接お渡しください。".into(),
            InviteCodeShownOnce => "このコードは今だけ表示されます。ご本人に直接お渡しください。".into(),
            InviteCodeOnly { code } => format!("ボットの名前（TOBAN_BOT_USERNAME）が設定されていないため、リンクは作れません。ご本人からボットに「/start {code}」と送ってもらってください。"),
            InviteOnLine { code } => format!("LINE をお使いの方は、下のリンクか QR コードで公式アカウントを友だち追加し、このコードを送ってください: {code}"),
            InvitationsNote => "招待を受けた会員は、チャットのボットとつながり、依頼や当番のお知らせを受け取れるようになります。".into(),
            BadMember => "招待する会員を一覧から選んでください。".into(),
            BadHours => "有効時間は1〜720時間で入力してください。".into(),
            BackupsTitle => "バックアップ".into(),
            NoBackups => "バックアップはまだありません。".into(),
            RunBackup => "今すぐバックアップを取る".into(),
            BackupDone { file } => format!("バックアップを保存しました：{file}"),
            BackupFile => "ファイル".into(),
            BackupTaken => "取得日時".into(),
            BackupSize => "大きさ（KB）".into(),
            BackupsNote => "バックアップには患者の記録も含まれます。ダウンロードしたファイルは、鍵のかかる場所に保管してください。".into(),
            FeedsTitle => "カレンダー配信".into(),
            NoFeeds => "発行されたカレンダー配信のURLはありません。".into(),
            Revoke => "無効にする".into(),
            FeedRevoked { id } => format!("配信 {id} を無効にしました。このURLのカレンダーは更新されなくなります。"),
            NoSuchFeed { id } => format!("配信 {id} はありません。"),
            Registry(m) => m.ja(),
        }
    }

    fn en(&self) -> String {
        use RecordsMsg::*;
        match self {
            CallsTitle => "Calls".into(),
            CallTitle { id } => format!("Call {id}"),
            RecentCalls => "Closed calls".into(),
            CallsRange { total: 1, .. } => "1 closed call".into(),
            CallsRange { from: 1, to, total } if to == total => {
                format!("{total} closed calls, newest first")
            }
            CallsRange { from, to, total } => {
                format!("{from}–{to} of {total} closed calls, newest first")
            }
            CancelHeading => "Cancel this call".into(),
            CancelNote => "Cancelling ends the call here. Everyone asked so far, and the caller, are told it is cancelled.".into(),
            CancelConfirm => "I confirm this call is to be cancelled".into(),
            CancelButton => "Cancel the call".into(),
            CancelUnconfirmed => "Nothing was cancelled. To cancel, tick the confirmation box, then press the button again.".into(),
            CancelDone { id } => format!("Call {id} is cancelled. Those asked and the caller are being told."),
            CancelRefused(r) => {
                format!("Nothing was cancelled. {}", super::words::sentence(&r.en()))
            }
            PrintRota => "Printable rota (one A4 landscape sheet)".into(),
            NoRotaToPrint { year } => format!("There is no rota for {year} yet. Plan it under \"Plan and publish\" first, then print it."),
            NoRotaDownloads { year, fiscal } => format!("There is no rota for {} (imported past duties are counted above): the rota's downloads and print are for years with a rota.", super::words::plan_year(*year, *fiscal, super::Lang::En)),
            NoCalls => "No closed calls yet.".into(),
            NoSuchCall { id } => format!("There is no call {id}. Please pick one from the list."),
            ChainHeading => "Who is asked, in order".into(),
            TimelineHeading => "What happened".into(),
            BackToCalls => "Back to the calls".into(),
            AuditTitle => "Audit log".into(),
            FilterWho => "Who".into(),
            FilterWhat => "What".into(),
            Filter => "Filter".into(),
            ClearFilter => "Show all".into(),
            AuditRange { from, to, total } => format!("{from}–{to} of {total}, newest first"),
            PatientsRange { from, to, total } => {
                format!("Patients {from}–{to} of {total}, by number")
            }
            PrevPage => "← Previous".into(),
            NextPage => "Next →".into(),
            Newer => "← Newer".into(),
            Older => "Older →".into(),
            NoAudit => "No entries match.".into(),
            ReportNav => "Annual report".into(),
            ReportTitle { year, fiscal } => {
                format!("Annual report {}", super::words::plan_year(*year, *fiscal, Lang::En))
            }
            ReportPeriod { from, to } => format!("{} – {}", from.en_long(), to.en_long()),
            ReportLabelsNote => {
                "The figures keep the labels of the report the board receives (in Japanese).".into()
            }
            Downloads => "Downloads".into(),
            ReportXlsx => "Report (Excel)".into(),
            ReportCsv => "Report (CSV)".into(),
            RotaXlsx => "Rota (Excel)".into(),
            RotaCsv => "Rota (CSV)".into(),
            CsvNote => "The CSV files open in Excel as they are.".into(),
            YearLink { year, fiscal } => super::words::plan_year(*year, *fiscal, Lang::En),
            NoSuchFile => {
                "There is no such file. Please pick one from the annual report page.".into()
            }
            WroteRota { rota, path } => format!("wrote the rota {rota} to {path}"),
            PatientsTitle => "Patients".into(),
            PatientTitle { id } => format!("Patient {id}"),
            NoPatients => "No patients are registered.".into(),
            NoSuchPatient { id } => {
                format!("There is no patient {id}. Please pick one from the list.")
            }
            CourseHeading => "Record the course".into(),
            CourseEventLabel => "What happened".into(),
            CourseDateLabel => "Date".into(),
            CourseButton => "Record".into(),
            Course(m) => m.en(),
            BadDate { typed } => super::time::not_a_date_en(typed),
            BadEvent => "Please pick what happened from the list.".into(),
            BackToPatients => "Back to the patients".into(),
            InvitationsTitle => "Invitations".into(),
            InviteMember => "Member to invite".into(),
            InviteHours => "Valid for (hours)".into(),
            InviteButton => "Create the invitation".into(),
            InviteFor { name, until, .. } => format!("Invitation for {name}, usable once until {}.", until.en()),
            InviteShownOnce => "The link and its QR code are shown only now. Give them to the member in person.".into(),
            InviteCodeShownOnce => "This code is shown only now. Give it to the member in person.".into(),
            InviteCodeOnly { code } => format!("The bot's name (TOBAN_BOT_USERNAME) is not set, so there is no link: ask the member to send \"/start {code}\" to the bot."),
            InviteOnLine { code } => format!("On LINE: add the official account with the link or QR code below, then send it this code: {code}"),
            InvitationsNote => "An invited member links the chat bot to their membership and then receives calls and duty notices.".into(),
            BadMember => "Please pick the member to invite from the list.".into(),
            BadHours => "Please enter 1 to 720 hours.".into(),
            BackupsTitle => "Backups".into(),
            NoBackups => "No backups yet.".into(),
            RunBackup => "Take a backup now".into(),
            BackupDone { file } => format!("Backup saved: {file}"),
            BackupFile => "File".into(),
            BackupTaken => "Taken".into(),
            BackupSize => "Size (KB)".into(),
            BackupsNote => "A backup holds the patients' records too: keep a downloaded file under lock.".into(),
            FeedsTitle => "Calendar feeds".into(),
            NoFeeds => "No calendar feed has been issued.".into(),
            Revoke => "Revoke".into(),
            FeedRevoked { id } => format!("Feed {id} is revoked: its calendar no longer updates."),
            NoSuchFeed { id } => format!("There is no feed {id}."),
            Registry(m) => m.en(),
        }
    }
}

impl RecordsMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<RecordsMsg> {
        use RecordsMsg::*;
        let day = |y, m, d| Day(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let when = {
            use chrono::TimeZone;
            When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 5, 9, 0, 0).unwrap())
        };
        let all = vec![
            CallsTitle,
            CallTitle { id: crate::routing::CallId::new(3) },
            RecentCalls,
            CallsRange { from: 51, to: 100, total: 120 },
            CancelHeading,
            CancelNote,
            CancelConfirm,
            CancelButton,
            CancelUnconfirmed,
            CancelDone { id: crate::routing::CallId::new(3) },
            CancelRefused(
                super::refusal::Refusal::NoSuchCall(crate::routing::CallId::new(3))
                    .on_console(super::audit::Names::sample()),
            ),
            PrintRota,
            NoRotaToPrint { year: 2031 },
            NoRotaDownloads { year: 2026, fiscal: false },
            NoCalls,
            NoSuchCall { id: crate::routing::CallId::new(9) },
            ChainHeading,
            TimelineHeading,
            BackToCalls,
            AuditTitle,
            FilterWho,
            FilterWhat,
            Filter,
            ClearFilter,
            AuditRange { from: 1, to: 50, total: 120 },
            PatientsRange { from: 101, to: 200, total: 900 },
            PrevPage,
            NextPage,
            Newer,
            Older,
            NoAudit,
            ReportNav,
            ReportTitle { year: 2027, fiscal: true },
            ReportPeriod { from: day(2027, 4, 1), to: day(2028, 3, 31) },
            ReportLabelsNote,
            Downloads,
            ReportXlsx,
            ReportCsv,
            RotaXlsx,
            RotaCsv,
            CsvNote,
            YearLink { year: 2026, fiscal: false },
            NoSuchFile,
            WroteRota { rota: "2027".into(), path: "rota.xlsx".into() },
            PatientsTitle,
            PatientTitle { id: crate::ids::PatientId::new(1) },
            NoPatients,
            NoSuchPatient { id: crate::ids::PatientId::new(9) },
            CourseHeading,
            CourseEventLabel,
            CourseDateLabel,
            CourseButton,
            Course(super::record::RecordMsg::RegistrationEnded {
                patient: crate::ids::PatientId::new(1),
            }),
            BadDate { typed: "2027/3/9".into() },
            BadEvent,
            BackToPatients,
            InvitationsTitle,
            InviteMember,
            InviteHours,
            InviteButton,
            InviteFor { name: "上田 誠".into(), doctor: true, until: when },
            InviteShownOnce,
            InviteCodeShownOnce,
            InviteCodeOnly { code: "abc123".into() },
            InviteOnLine { code: "abc123".into() },
            InvitationsNote,
            BadMember,
            BadHours,
            BackupsTitle,
            NoBackups,
            RunBackup,
            BackupDone { file: "toban-sosa-20270302T130000Z.json".into() },
            BackupFile,
            BackupTaken,
            BackupSize,
            BackupsNote,
            FeedsTitle,
            NoFeeds,
            Revoke,
            FeedRevoked { id: 2 },
            NoSuchFeed { id: crate::ids::FeedTokenId::new(9) },
        ];
        let mut all = all;
        all.extend(super::web_registry::RegistryMsg::samples().into_iter().map(Registry));
        for m in &all {
            match m {
                CallsTitle
                | CallTitle { .. }
                | RecentCalls
                | CallsRange { .. }
                | CancelHeading
                | CancelNote
                | CancelConfirm
                | CancelButton
                | CancelUnconfirmed
                | CancelDone { .. }
                | CancelRefused(_)
                | PrintRota
                | NoRotaToPrint { .. }
                | NoRotaDownloads { .. }
                | NoCalls
                | NoSuchCall { .. }
                | ChainHeading
                | TimelineHeading
                | BackToCalls
                | AuditTitle
                | FilterWho
                | FilterWhat
                | Filter
                | ClearFilter
                | AuditRange { .. }
                | PatientsRange { .. }
                | PrevPage
                | NextPage
                | Newer
                | Older
                | NoAudit
                | ReportNav
                | ReportTitle { .. }
                | ReportPeriod { .. }
                | ReportLabelsNote
                | Downloads
                | ReportXlsx
                | ReportCsv
                | RotaXlsx
                | RotaCsv
                | CsvNote
                | YearLink { .. }
                | NoSuchFile
                | WroteRota { .. }
                | PatientsTitle
                | PatientTitle { .. }
                | NoPatients
                | NoSuchPatient { .. }
                | CourseHeading
                | CourseEventLabel
                | CourseDateLabel
                | CourseButton
                | Course(_)
                | BadDate { .. }
                | BadEvent
                | BackToPatients
                | InvitationsTitle
                | InviteMember
                | InviteHours
                | InviteButton
                | InviteFor { .. }
                | InviteShownOnce
                | InviteCodeShownOnce
                | InviteCodeOnly { .. }
                | InviteOnLine { .. }
                | InvitationsNote
                | BadMember
                | BadHours
                | BackupsTitle
                | NoBackups
                | RunBackup
                | BackupDone { .. }
                | BackupFile
                | BackupTaken
                | BackupSize
                | BackupsNote
                | FeedsTitle
                | NoFeeds
                | Revoke
                | FeedRevoked { .. }
                | NoSuchFeed { .. }
                | Registry(_) => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::Message;
    use super::RecordsMsg::*;

    /// A patient's page is titled as its forms are (「1番の患者さんの記録の変更」), and the report
    /// by the kind of year it covers (issue 18).
    #[test]
    fn a_patient_and_a_report_are_named_as_a_clinic_writes_them() {
        let id = crate::ids::PatientId::new(1);
        assert_eq!(PatientTitle { id }.ja(), "1番の患者さん");
        assert!(NoSuchPatient { id }.ja().starts_with("1番の患者さんは登録されていません。"));
        assert_eq!(ReportTitle { year: 2027, fiscal: false }.ja(), "2027年 事業報告");
        assert_eq!(ReportTitle { year: 2027, fiscal: true }.ja(), "2027年度 事業報告");
        assert_eq!(YearLink { year: 2027, fiscal: true }.en(), "FY 2027");
    }

    /// A doctor is 「上田 誠先生」, never 「上田 誠さん」; a station or hospital is its name.
    #[test]
    fn an_invitation_calls_a_doctor_sensei() {
        let until = crate::msg::When(
            chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Tokyo, 2027, 3, 5, 9, 0, 0)
                .unwrap(),
        );
        let doctor = InviteFor { name: "上田 誠".into(), doctor: true, until };
        assert!(doctor.ja().starts_with("上田 誠先生への招待です"), "{}", doctor.ja());
        let station =
            InviteFor { name: "訪問看護ステーション".into(), doctor: false, until };
        assert!(station.ja().starts_with("訪問看護ステーションへの招待です"), "{}", station.ja());
    }

    // See: issue 18 (English review 44): the remove page asked "Why (kept in the audit log…)".
    #[test]
    fn the_remove_page_asks_for_a_reason() {
        assert_eq!(
            super::super::web_registry::RegistryMsg::ReasonLabel.en(),
            "Reason (kept in the audit log, e.g. entered twice)"
        );
    }

    // See: issue 18 (English review 36): the patient forms said "Keep the record to what a
    // doctor visiting at night for the first time needs" and the remove page "add it to the
    // record's course instead".
    #[test]
    fn the_patient_forms_say_what_to_record_plainly() {
        use super::super::web_registry::RegistryMsg;
        assert_eq!(
            RegistryMsg::MinimalNote.en(),
            "Record only what a doctor visiting this patient for the first time at night needs to know. Registration needs the consent of the patient or their family."
        );
        assert!(
            RegistryMsg::RemoveWhy
                .en()
                .ends_with("do not remove the record: record it under Course instead."),
            "{}",
            RegistryMsg::RemoveWhy.en()
        );
    }

    // See: issue 18 (English review 46): Today heads a call's chain "Who is asked, in order"
    // and its timeline "What happened"; the call's own page said "Chain" and "Timeline".
    #[test]
    fn a_calls_chain_and_timeline_are_headed_alike_on_both_pages() {
        use crate::msg::web_live::LiveMsg;
        assert_eq!(ChainHeading.en(), LiveMsg::CallChain.en());
        assert_eq!(TimelineHeading.en(), LiveMsg::CallTimeline.en());
        assert_eq!(ChainHeading.en(), "Who is asked, in order");
        assert_eq!(TimelineHeading.en(), "What happened");
    }

    // See: issue 18 (English review 52): the closed calls said "No calls yet." and "1–1 of 1
    // closed calls".
    #[test]
    fn the_closed_calls_are_counted_in_words() {
        assert_eq!(NoCalls.en(), "No closed calls yet.");
        assert_eq!(CallsRange { from: 1, to: 1, total: 1 }.en(), "1 closed call");
        assert_eq!(CallsRange { from: 1, to: 3, total: 3 }.en(), "3 closed calls, newest first");
        assert_eq!(
            CallsRange { from: 51, to: 100, total: 120 }.en(),
            "51–100 of 120 closed calls, newest first"
        );
    }
}
