//! Doctors' own web pages (`/me`) and the one-time sign-in links that open them (issue 18):
//! the pages' titles, labels, buttons and answers, the bot's `/web` and `/admin` replies and
//! `toban web link`'s lines. Wrapped by [`super::web::WebMsg::Me`].

use super::refusal::Refusal;
use super::slot::SlotRef;
use super::{Day, Doctor, Message, When};
use crate::store::SwapStatus;

/// A text of the doctors' pages and their sign-in links.
#[derive(Debug, Clone, PartialEq)]
pub enum MeMsg {
    /// The header's subtitle.
    Pages,
    /// The main page's title.
    MeTitle,
    /// The sign-in link page's title.
    LinkTitle,
    /// A doctor's link, before the button.
    LinkFor {
        /// The doctor.
        name: Doctor,
    },
    /// An admin's link, before the button.
    LinkForAdmin {
        /// The admin's name.
        name: String,
    },
    /// The button that uses the link.
    LinkButton,
    /// Why a button and not the link alone.
    LinkNote,
    /// A used, expired or unknown link.
    LinkInvalid,
    /// Not signed in (or the session ended).
    NotSignedIn,
    /// After sign-out.
    SignedOut,
    /// The sign-out button.
    SignOut,
    /// Who is signed in.
    SignedInAs {
        /// The doctor.
        name: Doctor,
    },
    /// Heading: the doctor's next duties.
    Upcoming,
    /// None ahead.
    NoUpcoming,
    /// Heading: the doctor's recent duties.
    Recent,
    /// None recently.
    NoRecent,
    /// A duty's span.
    DutySpan {
        /// Its start.
        start: When,
        /// Its end.
        end: When,
        /// The reader's year: a day in another is written with its year.
        year: i32,
    },
    /// A duty of another rota than the association's own (issue 20), named by it.
    DutySpanOf {
        /// The rota's name.
        rota: String,
        /// Its start.
        start: When,
        /// Its end.
        end: When,
        /// The reader's year: a day in another is written with its year.
        year: i32,
    },
    /// Label: whom to ask.
    WithLabel,
    /// The choice "ask the colleagues with the lightest load, as /cover does".
    AnyoneFairest,
    /// Label: the colleague's duty in exchange (none: cover).
    TheirDutyLabel,
    /// The choice of no duty in exchange (a cover).
    NoExchange,
    /// A colleague's upcoming duty, by days (handover to the day before the next handover)
    /// and name, to take in exchange.
    TheirDuty {
        /// Its first day.
        from: Day,
        /// Its last day.
        to: Day,
        /// Whose duty it is.
        doctor: Doctor,
        /// The reader's year: a day in another is written with its year.
        year: i32,
    },
    /// Under a duty: days of it a colleague covers for the doctor.
    CoveredBy {
        /// First covered day.
        from: Day,
        /// Last covered day.
        to: Day,
        /// Who covers them.
        by: Doctor,
    },
    /// Under a duty: the doctor's own absence falls on it, uncovered.
    AbsenceOnDuty {
        /// The absence's first day.
        from: Day,
        /// Its last day.
        to: Day,
    },
    /// Heading: days the doctor covers for colleagues.
    Covering,
    /// Days the doctor covers of a colleague's duty.
    CoveringDays {
        /// First covered day.
        from: Day,
        /// Last covered day.
        to: Day,
        /// Whose duty it is.
        doctor: Doctor,
        /// The reader's year.
        year: i32,
    },
    /// In the year's rota: a colleague covering some days of the duty.
    RotaCover {
        /// The colleague's name.
        by: String,
        /// First covered day.
        from: Day,
        /// Last covered day.
        to: Day,
    },
    /// At the top after a new calendar link was made.
    FeedMade,
    /// The link from that notice to the calendar section.
    FeedSeeBelow,
    /// The button that sends a swap or cover request.
    RequestButton,
    /// The request flow's answer, as the bot gives it (in the association's language).
    FromRequests(String),
    /// Heading: the doctor's requests.
    Requests,
    /// None.
    NoRequests,
    /// The button that takes an open request back (as `/withdraw N`).
    Withdraw,
    /// A request of the doctor's and its state.
    Request {
        /// Its number.
        id: crate::ids::SwapRequestId,
        /// The duty.
        slot: SlotRef,
        /// The colleague's duty in exchange, for a swap.
        theirs: Option<SlotRef>,
        /// Whom it asks (a cover asked of several at once: all of them, one row).
        to: Vec<Doctor>,
        /// Its state.
        status: SwapStatus,
    },
    /// Heading: the year's rota.
    Rota {
        /// The plan year.
        year: i32,
    },
    /// No published rota.
    NoRota,
    /// Column: the day.
    ColDay,
    /// Column: the duty doctors.
    ColDoctors,
    /// Heading: the doctor's absences.
    Absences,
    /// None.
    NoAbsences,
    /// A duty's days in the year's rota (issue 18: not its slot id).
    RotaDays {
        /// First day.
        from: Day,
        /// Last day.
        to: Day,
        /// The reader's year: a day in another is written with its year.
        year: i32,
    },
    /// An absence.
    AbsenceRow {
        /// First day.
        from: Day,
        /// Last day.
        to: Day,
        /// The doctor's note (empty: none).
        note: String,
    },
    /// The button that removes an absence.
    Remove,
    /// Heading: add an absence.
    AddAbsence,
    /// Label: first day.
    FromLabel,
    /// Label: last day.
    ToLabel,
    /// Label: a note.
    NoteLabel,
    /// The button that adds.
    AddButton,
    /// An absence was added.
    AbsenceAdded {
        /// First day.
        from: Day,
        /// Last day.
        to: Day,
    },
    /// An absence falls on a published duty of the doctor's.
    Clash {
        /// The duty's start.
        start: When,
        /// The duty's end.
        end: When,
    },
    /// An absence was removed.
    AbsenceRemoved,
    /// Not one of the doctor's absences.
    NoSuchAbsence,
    /// The first day was left empty.
    FromEmpty,
    /// The last day was left empty.
    ToEmpty,
    /// Not a date.
    BadDate {
        /// What was typed.
        typed: String,
    },
    /// A note too long.
    TooLongNote {
        /// The most characters.
        max: usize,
    },
    /// A refusal of the desk (an absence that ends before it starts, …).
    Refused(super::refusal_console::OnConsole),
    /// Heading: the calendar.
    Calendar,
    /// What the calendar section offers.
    CalendarIntro,
    /// The button that issues a feed link.
    FeedButton,
    /// What a new feed link does to the old one.
    FeedNote,
    /// The webcal link's label.
    Subscribe,
    /// The QR code's caption.
    QrNote,
    /// Steps for iPhone.
    IphoneSteps,
    /// Steps for Android.
    AndroidSteps,
    /// Before the feed's web address, for Google Calendar.
    GoogleAddress,
    /// The bot's reply to `/web` or `/admin`: the link.
    BotLink {
        /// The link.
        url: String,
        /// Valid until.
        until: When,
        /// To the console (else the doctor's pages).
        admin: bool,
    },
    /// `toban web link`'s heading.
    CliLink {
        /// The member's name.
        name: String,
        /// Valid until.
        until: When,
        /// To the console (else the doctor's pages).
        admin: bool,
    },
    /// `toban web link`'s advice.
    CliShownOnce,
    /// `toban web link` for someone who is neither a current doctor nor an admin.
    NotSignable {
        /// Who was named.
        member: String,
    },
    /// `--hours` out of range.
    BadHours {
        /// The most.
        max: i64,
    },
    /// No randomness: try again.
    NoRandomness,
    /// The members page's button that issues a doctor's sign-in link (issue 18).
    PrintLinkButton,
    /// The printed link's page title.
    PrintLinkTitle {
        /// The doctor.
        name: Doctor,
    },
    /// What the printed link is, and until when it works.
    PrintLinkFor {
        /// The doctor.
        name: Doctor,
        /// Valid until.
        until: When,
    },
    /// How the doctor uses the printed link.
    PrintLinkSteps,
    /// Shown once; give it to the doctor only; how to print.
    PrintLinkNote,
    /// A doctor of the rules who is no longer current: no link.
    PrintLinkFormer {
        /// The doctor.
        name: Doctor,
    },
    /// Back to the members page.
    BackToMembers,
}

fn status_ja(s: SwapStatus) -> &'static str {
    match s {
        SwapStatus::Pending => "お返事待ち",
        SwapStatus::Queued => "順番待ち",
        SwapStatus::AwaitingAdmin => "事務局の承認待ち",
        SwapStatus::Accepted => "成立しました",
        SwapStatus::Declined => "お断りがありました",
        SwapStatus::Refused => "規則によりできませんでした",
        SwapStatus::Expired => "期限切れ",
        SwapStatus::Withdrawn => "取り下げました",
        SwapStatus::Rejected => "事務局が承認しませんでした",
    }
}

fn status_en(s: SwapStatus) -> &'static str {
    match s {
        SwapStatus::Pending => "waiting for an answer",
        SwapStatus::Queued => "waiting its turn",
        SwapStatus::AwaitingAdmin => "waiting for the office",
        SwapStatus::Accepted => "done",
        SwapStatus::Declined => "declined",
        SwapStatus::Refused => "not possible under the rules",
        SwapStatus::Expired => "expired",
        SwapStatus::Withdrawn => "withdrawn",
        SwapStatus::Rejected => "not approved by the office",
    }
}

/// 「12月29日(火) 9:00」 in the reader's year `year`, 「2026年12月29日(火) 9:00」 in another
/// (issue 18 review: a duty of last December read as if it were this one).
fn at_ja(w: &When, year: i32) -> String {
    use chrono::Datelike;
    if w.0.year() == year { w.ja() } else { format!("{}年{}", w.0.year(), w.ja()) }
}

/// [`at_ja`] in English: "Tue 29 Dec 2026 09:00" in another year.
fn at_en(w: &When, year: i32) -> String {
    use chrono::Datelike;
    if w.0.year() == year { w.en() } else { w.human(super::Lang::En, None) }
}

impl Message for MeMsg {
    fn ja(&self) -> String {
        use MeMsg::*;
        match self {
            Pages => "医師用ページ".into(),
            MeTitle => "私の当番".into(),
            LinkTitle => "ログイン".into(),
            LinkFor { name } => format!("{}としてログインします。", name.ja()),
            LinkForAdmin { name } => format!("{name}さんとして事務局の画面にログインします。"),
            LinkButton => "ログインする".into(),
            LinkNote => "このリンクは1回限りです。ボタンを押したときにログインします。".into(),
            LinkInvalid => "このリンクは使えません（使用済みか、有効期限が切れています）。ボットに /web と送ると、新しいリンクが届きます（事務局の方は /admin）。".into(),
            NotSignedIn => "ログインしていません。ボットに /web と送ると、ログイン用のリンクが届きます。チャットをお使いでない方は、事務局にリンクの発行をご依頼ください。".into(),
            SignedOut => "ログアウトしました。また開くときは、ボットに /web と送ってください。".into(),
            SignOut => "ログアウト".into(),
            SignedInAs { name } => format!("{}でログイン中", name.ja()),
            Upcoming => "今後の当番".into(),
            NoUpcoming => "今後の当番はありません。".into(),
            Recent => "最近の当番".into(),
            NoRecent => "最近の当番はありません。".into(),
            DutySpan { start, end, year } => format!("{}〜{}", at_ja(start, *year), at_ja(end, *year)),
            DutySpanOf { rota, start, end, year } => {
                format!("{rota}: {}〜{}", at_ja(start, *year), at_ja(end, *year))
            }
            WithLabel => "依頼する相手".into(),
            AnyoneFairest => "負担の少ない先生方に代行を依頼（おまかせ）".into(),
            TheirDutyLabel => "交換していただく当番".into(),
            NoExchange => "交換しない（代行の依頼）".into(),
            TheirDuty { from, to, doctor, year } => {
                let (from, to) = (from.human(super::Lang::Ja, Some(*year)), to.human(super::Lang::Ja, Some(*year)));
                format!("{from}〜{to} {}", doctor.ja())
            }
            CoveredBy { from, to, by } => {
                format!("{}〜{}は{}が代行します。", from.ja(), to.ja(), by.ja())
            }
            AbsenceOnDuty { from, to } => format!(
                "この当番の間に不在（{}）が入っています。下の欄から交換か代行の依頼をお送りください。",
                Day::span(*from, *to, super::Lang::Ja)
            ),
            Covering => "代行する当番".into(),
            CoveringDays { from, to, doctor, year } => {
                let (from, to) = (from.human(super::Lang::Ja, Some(*year)), to.human(super::Lang::Ja, Some(*year)));
                format!("{from}〜{to} {}の当番の代行", doctor.ja())
            }
            RotaCover { by, from, to } => format!("{by}（代行 {}〜{}）", from.ja(), to.ja()),
            FeedMade => "新しいカレンダーのリンクを作りました。以前のリンクは使えなくなりました。".into(),
            FeedSeeBelow => "登録のしかたを見る".into(),
            RequestButton => "依頼を送る".into(),
            FromRequests(text) => text.clone(),
            Requests => "交換・代行のご依頼".into(),
            NoRequests => "ご依頼はありません。".into(),
            Withdraw => "取り下げる".into(),
            Request { id, slot, theirs, to, status } => {
                let to = to.iter().map(Doctor::ja).collect::<Vec<_>>().join("、");
                match theirs {
                    Some(t) => format!(
                        "{id}番: {}と{to}の{}の交換 — {}",
                        duty_ja(slot),
                        duty_ja(t),
                        status_ja(*status)
                    ),
                    None => {
                        format!("{id}番: {}の代行を{to}へ — {}", duty_ja(slot), status_ja(*status))
                    }
                }
            }
            Rota { year } => format!("{year}年の当番表"),
            NoRota => "公開された当番表はまだありません。".into(),
            ColDay => "期間".into(),
            ColDoctors => "当番医".into(),
            Absences => "不在の予定".into(),
            NoAbsences => "登録された不在はありません。".into(),
            RotaDays { from, to, year } => {
                let l = super::Lang::Ja;
                format!("{}〜{}", from.human(l, Some(*year)), to.human(l, Some(*year)))
            }
            AbsenceRow { from, to, note } => {
                let days = Day::span(*from, *to, super::Lang::Ja);
                if note.is_empty() { days } else { format!("{days}（{note}）") }
            }
            Remove => "削除".into(),
            AddAbsence => "不在を登録".into(),
            FromLabel => "最初の日".into(),
            ToLabel => "最後の日".into(),
            NoteLabel => "メモ（任意）".into(),
            AddButton => "登録する".into(),
            AbsenceAdded { from, to } => {
                format!("{}〜{}の不在を登録しました。", from.ja(), to.ja())
            }
            Clash { start, end } => format!(
                "{}〜{}の当番と重なっています。下の「今後の当番」から交換か代行を依頼してください。急ぎの場合は事務局にご連絡ください。",
                start.ja(),
                end.ja()
            ),
            AbsenceRemoved => "不在の予定を削除しました。".into(),
            NoSuchAbsence => "その不在の予定は見つかりません（削除済みかもしれません）。".into(),
            FromEmpty => format!("{}を入れてください。", FromLabel.ja()),
            ToEmpty => format!("{}を入れてください。", ToLabel.ja()),
            BadDate { typed } => format!(
                "「{typed}」は日付として読めません。2027-03-09 のように入力してください。"
            ),
            TooLongNote { max } => format!("メモは{max}文字までにしてください。"),
            Refused(r) => r.ja(),
            Calendar => "カレンダーに登録".into(),
            CalendarIntro => "ご自分の当番を、スマートフォンやパソコンのカレンダーに表示できます。交換や代行も自動で反映されます。".into(),
            FeedButton => "登録用のリンクを発行する".into(),
            FeedNote => "発行すると、以前に発行したリンク（ボットの /feed を含む）は使えなくなります。リンクは他の方に教えないでください。".into(),
            Subscribe => "カレンダーに登録する".into(),
            QrNote => "別の端末では、このQRコードを読み取ってください。".into(),
            IphoneSteps => "iPhone: 「カレンダーに登録する」を押し、「照会」を押します。うまくいかないときは、設定 → カレンダー → アカウント → アカウントを追加 → その他 → 照会するカレンダーを追加 に、リンクをそのまま貼り付けます。".into(),
            AndroidSteps => "Android: パソコンのブラウザで Google カレンダーを開き、「他のカレンダー」の「＋」→「URL で追加」に、上の「Google カレンダー用のアドレス」をそのまま貼り付けます。数分から数時間で、スマートフォンのカレンダーにも表示されます。".into(),
            GoogleAddress => "Google カレンダー用のアドレス（Android の方はこちらをお使いください）:".into(),
            BotLink { url, until, admin } => format!(
                "{}へのログイン用リンクです（1回限り、{}まで有効）:\n{url}\nこのリンクは他の方に転送しないでください。",
                if *admin { "事務局の画面" } else { "医師用ページ" },
                until.ja()
            ),
            CliLink { name, until, admin } => format!(
                "{}の{}へのログイン用リンク（1回限り、{}まで有効）:",
                if *admin { name.clone() } else { Doctor(name.clone()).ja() },
                if *admin { "事務局の画面" } else { "医師用ページ" },
                until.ja()
            ),
            CliShownOnce => "このリンクは今回だけ表示されます。印刷するかメールで、ご本人だけにお渡しください。".into(),
            NotSignable { member } => format!(
                "「{member}」はルールに登録された現在の医師でも事務局の管理者でもありません。`toban doctor` または members.toml で ID を確認してください。"
            ),
            BadHours { max } => format!("--hours は 1 から {max} の間で指定してください。"),
            NoRandomness => "リンクを作れませんでした。もう一度お試しください。".into(),
            PrintLinkButton => "ログイン用リンクを発行".into(),
            PrintLinkTitle { name } => format!("{}のログイン用リンク", name.ja()),
            PrintLinkFor { name, until } => format!(
                "{}の医師用ページへのログイン用リンクです（1回限り、{}まで有効）。",
                name.ja(),
                until.ja()
            ),
            PrintLinkSteps => "使い方: スマートフォンでこのQRコードを読み取るか、パソコンのブラウザに下のリンクを入力して開き、「ログインする」ボタンを押してください。ご自分の当番の確認、不在の登録、交換・代行の依頼、カレンダーへの登録ができます。".into(),
            PrintLinkNote => "このリンクは今回だけ表示されます。ブラウザの印刷機能（Ctrl+P）で印刷するかメールで、ご本人だけにお渡しください。期限が切れたときや使用済みのときは、もう一度発行してください。".into(),
            PrintLinkFormer { name } => format!(
                "{}は退会済みのため、ログイン用リンクは発行できません。",
                name.ja()
            ),
            BackToMembers => "会員の一覧に戻る".into(),
        }
    }

    fn en(&self) -> String {
        use MeMsg::*;
        match self {
            Pages => "Doctor's pages".into(),
            MeTitle => "My duties".into(),
            LinkTitle => "Sign in".into(),
            LinkFor { name } => format!("You are signing in as {}.", name.0),
            LinkForAdmin { name } => format!("You are signing in to the web console as {name}."),
            LinkButton => "Sign in".into(),
            LinkNote => "This link works once. You are signed in when you press the button.".into(),
            LinkInvalid => "This link cannot be used (it was used already or it expired). Send /web to the bot for a new one (/admin for the office).".into(),
            NotSignedIn => "You are not signed in. Send /web to the bot and it replies with a sign-in link; without the chat app, ask the office for one.".into(),
            SignedOut => "Signed out. To come back, send /web to the bot.".into(),
            SignOut => "Sign out".into(),
            SignedInAs { name } => format!("Signed in as {}", name.0),
            Upcoming => "Next duties".into(),
            NoUpcoming => "No duties ahead.".into(),
            Recent => "Recent duties".into(),
            NoRecent => "No recent duties.".into(),
            DutySpan { start, end, year } => format!("{} to {}", at_en(start, *year), at_en(end, *year)),
            DutySpanOf { rota, start, end, year } => {
                format!("{rota}: {} to {}", at_en(start, *year), at_en(end, *year))
            }
            WithLabel => "Ask whom".into(),
            AnyoneFairest => "Automatic: colleagues with the lightest load (cover)".into(),
            TheirDutyLabel => "Their duty to swap for yours".into(),
            NoExchange => "None (ask for cover)".into(),
            TheirDuty { from, to, doctor, year } => {
                let (from, to) = (from.human(super::Lang::En, Some(*year)), to.human(super::Lang::En, Some(*year)));
                format!("{from} – {to}, {}", doctor.en())
            }
            CoveredBy { from, to, by } => {
                format!("{} covers {} to {} for you.", by.en(), from.en(), to.en())
            }
            AbsenceOnDuty { from, to } => format!(
                "Your absence ({}) falls on this duty: ask a colleague to swap or cover below.",
                Day::span(*from, *to, super::Lang::En)
            ),
            Covering => "Days you cover for colleagues".into(),
            CoveringDays { from, to, doctor, year } => {
                let (from, to) = (from.human(super::Lang::En, Some(*year)), to.human(super::Lang::En, Some(*year)));
                format!("{from} – {to}: covering {}'s duty", doctor.en())
            }
            RotaCover { by, from, to } => format!("{by} (covering {} – {})", from.en(), to.en()),
            FeedMade => "A new calendar link is made; the earlier one no longer works.".into(),
            FeedSeeBelow => "How to add it".into(),
            RequestButton => "Send the request".into(),
            FromRequests(text) => text.clone(),
            Requests => "Swap and cover requests".into(),
            NoRequests => "No requests.".into(),
            Withdraw => "Withdraw".into(),
            Request { id, slot, theirs, to, status } => {
                let to = to.iter().map(|d| d.0.clone()).collect::<Vec<_>>().join(", ");
                match theirs {
                    // "the duty of …" read as "…'s duty of …".
                    Some(t) => format!(
                        "#{id}: swap of {} for {to}'s {} — {}",
                        duty_en(slot),
                        duty_en(t).trim_start_matches("the "),
                        status_en(*status)
                    ),
                    None => format!("#{id}: cover of {} by {to} — {}", duty_en(slot), status_en(*status)),
                }
            }
            Rota { year } => format!("The {year} rota"),
            NoRota => "No rota has been published yet.".into(),
            ColDay => "Days".into(),
            ColDoctors => "On duty".into(),
            Absences => "Absences".into(),
            NoAbsences => "No absences.".into(),
            RotaDays { from, to, year } => {
                let l = super::Lang::En;
                format!("{} to {}", from.human(l, Some(*year)), to.human(l, Some(*year)))
            }
            AbsenceRow { from, to, note } => {
                let days = Day::span(*from, *to, super::Lang::En);
                if note.is_empty() { days } else { format!("{days} ({note})") }
            }
            Remove => "Remove".into(),
            AddAbsence => "Add an absence".into(),
            FromLabel => "First day".into(),
            ToLabel => "Last day".into(),
            NoteLabel => "Note (optional)".into(),
            AddButton => "Add".into(),
            AbsenceAdded { from, to } => format!("Absence {} to {} added.", from.en(), to.en()),
            Clash { start, end } => format!(
                "It falls on your duty of {} to {}. Ask for a swap or cover under \"Next duties\" below; if it is urgent, call the office.",
                start.en(),
                end.en()
            ),
            AbsenceRemoved => "Absence removed.".into(),
            NoSuchAbsence => "No such absence of yours (it may have been removed).".into(),
            FromEmpty => "Enter the first day.".into(),
            ToEmpty => "Enter the last day.".into(),
            BadDate { typed } => super::time::not_a_date_en(typed),
            TooLongNote { max } => format!("Keep the note to {max} characters."),
            Refused(r) => r.en(),
            Calendar => "Add to your calendar".into(),
            CalendarIntro => "Show your duties in your phone's or computer's calendar; swaps and covers appear by themselves.".into(),
            FeedButton => "Make a calendar link".into(),
            FeedNote => "Making a new link cancels the previous one, including one from the bot's /feed command. Keep the link to yourself.".into(),
            Subscribe => "Subscribe in your calendar".into(),
            QrNote => "On another device, scan this QR code.".into(),
            IphoneSteps => "iPhone: tap \"Subscribe in your calendar\", then Subscribe. If that does not work: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar, and paste the link.".into(),
            AndroidSteps => "Android: open Google Calendar in a computer's browser, \"Other calendars\" → + → \"From URL\", and paste the address for Google Calendar above exactly as shown. It shows on the phone within minutes to hours.".into(),
            GoogleAddress => "The address for Google Calendar (on Android, use this one):".into(),
            BotLink { url, until, admin } => format!(
                "Your sign-in link to {} (works once, until {}):\n{url}\nDo not forward it to anyone.",
                if *admin { "the web console" } else { "your doctor's pages" },
                until.en()
            ),
            CliLink { name, until, admin } => format!(
                "One-time sign-in link to {} for {name} (valid until {}):",
                if *admin { "the web console" } else { "the doctor's pages" },
                until.en()
            ),
            CliShownOnce => "The link is shown only now. Print it or email it to them alone.".into(),
            NotSignable { member } => format!(
                "'{member}' is neither a current doctor nor an admin in the rules; check the id in members.toml"
            ),
            BadHours { max } => format!("--hours must be between 1 and {max}"),
            NoRandomness => "Could not make a link; try again.".into(),
            PrintLinkButton => "Issue a sign-in link".into(),
            PrintLinkTitle { name } => format!("Sign-in link for {}", name.en()),
            PrintLinkFor { name, until } => format!(
                "A sign-in link to {}'s own pages (works once, until {}).",
                name.en(),
                until.en()
            ),
            PrintLinkSteps => "How to use it: scan this QR code with a phone, or type the link below into a computer's browser, and press the sign-in button. The pages show the doctor's duties and let them add an absence, ask for a swap or cover and subscribe to their calendar.".into(),
            PrintLinkNote => "This link is shown only now. Print it with the browser's print command (Ctrl+P) or email it, to the doctor only. When it has expired or been used, issue another.".into(),
            PrintLinkFormer { name } => {
                format!("{} has left the association: no sign-in link can be issued.", name.en())
            }
            BackToMembers => "Back to the members".into(),
        }
    }
}

impl MeMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<MeMsg> {
        use MeMsg::*;
        let day = Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("date"));
        let when = {
            use chrono::TimeZone;
            When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 9, 9, 0, 0).unwrap())
        };
        let dr = || Doctor("上田 誠".into());
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let all = vec![
            Pages,
            MeTitle,
            LinkTitle,
            LinkFor { name: dr() },
            LinkForAdmin { name: "事務局".into() },
            LinkButton,
            LinkNote,
            LinkInvalid,
            NotSignedIn,
            SignedOut,
            SignOut,
            SignedInAs { name: dr() },
            Upcoming,
            NoUpcoming,
            Recent,
            NoRecent,
            DutySpan { start: when, end: when, year: 2027 },
            DutySpanOf { rota: "north".into(), start: when, end: when, year: 2027 },
            WithLabel,
            AnyoneFairest,
            TheirDutyLabel,
            NoExchange,
            TheirDuty {
                from: Day(chrono::NaiveDate::from_ymd_opt(2027, 8, 10).unwrap()),
                to: Day(chrono::NaiveDate::from_ymd_opt(2027, 8, 16).unwrap()),
                doctor: dr(),
                year: 2027,
            },
            CoveredBy { from: Day(d(2027, 3, 10)), to: Day(d(2027, 3, 11)), by: dr() },
            AbsenceOnDuty { from: Day(d(2027, 3, 10)), to: Day(d(2027, 3, 12)) },
            Covering,
            CoveringDays {
                from: Day(d(2027, 12, 30)),
                to: Day(d(2028, 1, 2)),
                doctor: dr(),
                year: 2027,
            },
            RotaCover {
                by: "上田 誠".into(), from: Day(d(2027, 3, 10)), to: Day(d(2027, 3, 11))
            },
            FeedMade,
            FeedSeeBelow,
            RequestButton,
            FromRequests("Asked 上田 誠.".into()),
            Requests,
            NoRequests,
            Withdraw,
            Request {
                id: crate::ids::SwapRequestId::new(3),
                slot: SlotRef::with_days("2027-03-09", d(2027, 3, 9), d(2027, 3, 15)),
                theirs: None,
                to: vec![dr(), Doctor("石川 花子".into())],
                status: SwapStatus::Pending,
            },
            Request {
                id: crate::ids::SwapRequestId::new(3),
                slot: SlotRef::id("2027-03-09"),
                theirs: Some(SlotRef::with_days("2027-04-13", d(2027, 4, 13), d(2027, 4, 19))),
                to: vec![dr()],
                status: SwapStatus::Accepted,
            },
            Rota { year: 2027 },
            NoRota,
            ColDay,
            ColDoctors,
            Absences,
            NoAbsences,
            RotaDays { from: day, to: day, year: 2027 },
            AbsenceRow { from: day, to: day, note: "学会".into() },
            Remove,
            AddAbsence,
            FromLabel,
            ToLabel,
            NoteLabel,
            AddButton,
            AbsenceAdded { from: day, to: day },
            Clash { start: when, end: when },
            AbsenceRemoved,
            NoSuchAbsence,
            FromEmpty,
            ToEmpty,
            BadDate { typed: "3/32".into() },
            TooLongNote { max: 500 },
            Refused(
                Refusal::AbsenceBackwards { from: day, to: day }
                    .on_console(super::audit::Names::sample()),
            ),
            Calendar,
            CalendarIntro,
            FeedButton,
            FeedNote,
            Subscribe,
            QrNote,
            IphoneSteps,
            AndroidSteps,
            GoogleAddress,
            BotLink { url: "https://toban.example/me/link/ab".into(), until: when, admin: false },
            BotLink { url: "https://toban.example/me/link/ab".into(), until: when, admin: true },
            CliLink { name: "上田 誠".into(), until: when, admin: false },
            CliShownOnce,
            NotSignable { member: "d99".into() },
            BadHours { max: 336 },
            NoRandomness,
            PrintLinkButton,
            PrintLinkTitle { name: dr() },
            PrintLinkFor { name: dr(), until: when },
            PrintLinkSteps,
            PrintLinkNote,
            PrintLinkFormer { name: dr() },
            BackToMembers,
        ];
        for m in &all {
            match m {
                Pages
                | MeTitle
                | LinkTitle
                | LinkFor { .. }
                | LinkForAdmin { .. }
                | LinkButton
                | LinkNote
                | LinkInvalid
                | NotSignedIn
                | SignedOut
                | SignOut
                | SignedInAs { .. }
                | Upcoming
                | NoUpcoming
                | Recent
                | NoRecent
                | DutySpan { .. }
                | DutySpanOf { .. }
                | WithLabel
                | AnyoneFairest
                | TheirDutyLabel
                | NoExchange
                | TheirDuty { .. }
                | RequestButton
                | FromRequests(_)
                | Requests
                | NoRequests
                | Withdraw
                | Request { .. }
                | CoveredBy { .. }
                | AbsenceOnDuty { .. }
                | Covering
                | CoveringDays { .. }
                | RotaCover { .. }
                | FeedMade
                | FeedSeeBelow
                | Rota { .. }
                | NoRota
                | ColDay
                | ColDoctors
                | Absences
                | NoAbsences
                | RotaDays { .. }
                | AbsenceRow { .. }
                | Remove
                | AddAbsence
                | FromLabel
                | ToLabel
                | NoteLabel
                | AddButton
                | AbsenceAdded { .. }
                | Clash { .. }
                | AbsenceRemoved
                | NoSuchAbsence
                | FromEmpty
                | ToEmpty
                | BadDate { .. }
                | TooLongNote { .. }
                | Refused(_)
                | Calendar
                | CalendarIntro
                | FeedButton
                | FeedNote
                | Subscribe
                | QrNote
                | IphoneSteps
                | AndroidSteps
                | GoogleAddress
                | BotLink { .. }
                | CliLink { .. }
                | CliShownOnce
                | NotSignable { .. }
                | BadHours { .. }
                | NoRandomness
                | PrintLinkButton
                | PrintLinkTitle { .. }
                | PrintLinkFor { .. }
                | PrintLinkSteps
                | PrintLinkNote
                | PrintLinkFormer { .. }
                | BackToMembers => {}
            }
        }
        all
    }
}

/// A doctor's own duty by its days, 「3月9日(火)〜3月15日(月)の当番」: on their own page the
/// slot's id adds nothing. A duty whose days are not at hand keeps its id.
fn duty_ja(s: &SlotRef) -> String {
    s.days.map_or_else(|| s.ja(), |d| d.ja())
}

/// "the duty of Tue 9 Mar to Mon 15 Mar".
fn duty_en(s: &SlotRef) -> String {
    s.days.map_or_else(|| s.en(), |d| d.en())
}

#[cfg(test)]
mod tests {
    use super::super::Message;

    /// A request names its duties by their days, not 「2027-03-09の当番」 (issue 18).
    #[test]
    fn a_request_names_its_duties_by_their_days() {
        let all = super::MeMsg::samples();
        let mut requests = all.iter().filter(|m| matches!(m, super::MeMsg::Request { .. }));
        let cover = requests.next().expect("a cover");
        assert!(
            // Asked of two at once: one request naming both (issue 18 review 11).
            cover.ja().starts_with(
                "3番: 3月9日(火)〜3月15日(月)の当番の代行を上田 誠先生、石川 花子先生へ"
            ),
            "{}",
            cover.ja()
        );
        assert!(
            cover
                .en()
                .contains("cover of the duty of Tue 9 Mar to Mon 15 Mar by 上田 誠, 石川 花子"),
            "{}",
            cover.en()
        );
        let swap = requests.next().expect("a swap");
        // One day is one day, with the note the doctor typed.
        let row = all.iter().find(|m| matches!(m, super::MeMsg::AbsenceRow { .. })).expect("row");
        assert_eq!(row.ja(), "3月9日(火)（学会）");
        let link = all.iter().find(|m| matches!(m, super::MeMsg::CliLink { .. })).expect("link");
        assert!(link.ja().starts_with("上田 誠先生の医師用ページへの"), "{}", link.ja());
        assert!(swap.ja().contains("の4月13日(火)〜4月19日(月)の当番の交換"), "{}", swap.ja());
    }

    #[test]
    fn every_doctors_page_text_reads_in_both_languages() {
        for m in super::MeMsg::samples() {
            super::super::check_both(&m);
        }
    }

    // See: issue 18 (review): /me's recent duties read 「12月29日(火) 9:00〜1月5日(火) 9:00」 in
    // March 2027, as if that December were to come.
    #[test]
    fn a_day_in_another_year_than_the_readers_is_written_with_its_year() {
        use chrono::TimeZone;
        let at = |y, m, d| {
            super::When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap())
        };
        let span =
            super::MeMsg::DutySpan { start: at(2026, 12, 29), end: at(2027, 1, 5), year: 2027 };
        assert_eq!(span.ja(), "2026年12月29日(火) 9:00〜1月5日(火) 9:00");
        assert_eq!(span.en(), "Tue 29 Dec 2026 09:00 to Tue 5 Jan 09:00");
        let this =
            super::MeMsg::DutySpan { start: at(2027, 3, 9), end: at(2027, 3, 16), year: 2027 };
        assert_eq!(this.ja(), "3月9日(火) 9:00〜3月16日(火) 9:00");
    }

    // See: issue 18 (English review 43): /me's swap form said "Ask" and "Colleagues with the
    // lightest load, for cover (automatic)"; the calendar section "A new link stops the earlier
    // one (also one from the bot's /feed)" and "paste … as it is".
    #[test]
    fn the_me_pages_forms_read_plainly() {
        use super::MeMsg;
        assert_eq!(MeMsg::WithLabel.en(), "Ask whom");
        assert_eq!(
            MeMsg::AnyoneFairest.en(),
            "Automatic: colleagues with the lightest load (cover)"
        );
        assert_eq!(MeMsg::TheirDutyLabel.en(), "Their duty to swap for yours");
        assert_eq!(
            MeMsg::FeedNote.en(),
            "Making a new link cancels the previous one, including one from the bot's /feed command. Keep the link to yourself."
        );
        let android = MeMsg::AndroidSteps.en();
        assert!(
            android.contains("the address for Google Calendar above exactly as shown."),
            "{android}"
        );
        assert!(!android.contains("as it is"), "{android}");
    }
}
