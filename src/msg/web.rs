//! The office's web console (issue 18): page titles, labels, buttons and what the pages say.

use super::{Doctor, Message, When};

/// A text of the web console.
#[derive(Debug, Clone, PartialEq)]
pub enum WebMsg {
    /// The console's name, in every title.
    Console,
    /// The sign-in page's title.
    LoginTitle,
    /// The setup page's title.
    SetupTitle,
    /// The Today page's title.
    TodayTitle,
    /// Label: the admin's id.
    AdminId,
    /// Label: the password.
    Password,
    /// Label: the password again.
    PasswordAgain,
    /// What a new password must be.
    PasswordRule {
        /// The fewest characters.
        min: usize,
    },
    /// Button: sign in.
    SignIn,
    /// Button: set the password.
    SetPassword,
    /// Button: sign out.
    SignOut,
    /// A wrong id or password (never says which).
    LoginFailed,
    /// Too many failures: wait.
    Locked {
        /// Until when.
        until: When,
    },
    /// The setup link is unknown, used or expired.
    SetupInvalid,
    /// The new password is too short.
    PasswordTooShort {
        /// The fewest characters.
        min: usize,
    },
    /// The new password is too long.
    PasswordTooLong {
        /// The most characters.
        max: usize,
    },
    /// The two entries differ.
    PasswordMismatch,
    /// The password is set; sign in now.
    PasswordSet,
    /// Signed out.
    SignedOut,
    /// A form without a valid CSRF token.
    Forbidden,
    /// Who is signed in.
    SignedInAs {
        /// The admin's name.
        name: String,
    },
    /// Heading: who is on duty now.
    OnDutyNow,
    /// A duty doctor and until when.
    DutyUntil {
        /// The doctor.
        doctor: Doctor,
        /// The end of the duty.
        until: When,
    },
    /// Nobody on duty in a published rota now.
    NoDuty,
    /// Heading: the chain after the duty doctor.
    ChainTitle,
    /// A chain step of doctors.
    ChainDoctors {
        /// Their names.
        names: Vec<Doctor>,
    },
    /// A chain step of a backup hospital (or station).
    ChainPlace {
        /// Its name.
        name: String,
    },
    /// The last step: 119 and the office.
    ChainAdvice,
    /// Heading: open calls.
    OpenCalls,
    /// No open call.
    NoOpenCalls,
    /// A call waiting for an answer.
    CallWaiting {
        /// Its number.
        id: crate::routing::CallId,
        /// The patient's name.
        patient: String,
        /// When it was raised.
        raised: When,
        /// Who is asked now, each as [`crate::desk::calls_view::id_and_name`] writes them.
        asked: Vec<String>,
        /// Until when they are asked.
        until: When,
    },
    /// A call someone accepted.
    CallAccepted {
        /// Its number.
        id: crate::routing::CallId,
        /// The patient's name.
        patient: String,
        /// When it was raised.
        raised: When,
        /// Who accepted (a doctor or a hospital), as [`crate::desk::calls_view::id_and_name`]
        /// writes them.
        by: String,
        /// When.
        at: When,
    },
    /// The store could not be read.
    Unavailable,
    /// The nav's name (for screen readers).
    NavLabel,
    /// The language switch's name (for screen readers).
    LanguageSwitch,
    /// Link: back to the Today page.
    BackToToday,
    /// Link: to the sign-in page.
    BackToSignIn,
    /// The title of a refused form.
    ForbiddenTitle,
    /// The title of a page that does not exist.
    NotFoundTitle,
    /// No such page in the console.
    NotFound,
    /// The title of a page the store could not serve.
    UnavailableTitle,
    /// The pages "The year" and "Plan and publish".
    Year(super::web_year::YearMsg),
    /// The Members and Absences pages.
    Members(super::web_members::WebMembers),
    /// A text of the record pages (calls, audit, report, patients).
    Records(super::web_records::RecordsMsg),
    /// Backup hospitals, beds and the board (issue 20).
    Hosp(super::hospital::HospMsg),
    /// A text of the doctors' own pages (`/me`) and their sign-in links.
    Me(super::web_me::MeMsg),
    /// The import page (members and past duties from Excel).
    Import(super::import::ImportMsg),
    /// A text of the live Today page, its banner, the cover form and the absences' kinds.
    Live(super::web_live::LiveMsg),
}

fn list_ja(names: &[Doctor]) -> String {
    super::words::list(names.iter().map(Doctor::ja), super::Lang::Ja)
}

fn list_en(names: &[Doctor]) -> String {
    super::words::list(names.iter().map(Doctor::en), super::Lang::En)
}

impl Message for WebMsg {
    fn ja(&self) -> String {
        use WebMsg::*;
        match self {
            Console => "事務局の画面".into(),
            LoginTitle => "ログイン".into(),
            SetupTitle => "パスワードの設定".into(),
            TodayTitle => "本日の状況".into(),
            AdminId => "管理者ID".into(),
            Password => "パスワード".into(),
            PasswordAgain => "パスワード（確認のため、もう一度）".into(),
            PasswordRule { min } => format!("{min}文字以上で決めてください。"),
            SignIn => "ログイン".into(),
            SetPassword => "パスワードを設定する".into(),
            SignOut => "ログアウト".into(),
            LoginFailed => "管理者IDまたはパスワードが違います。".into(),
            Locked { until } => format!(
                "ログインの失敗が続いたため、{}までログインできません。時間をおいてからお試しください。",
                until.ja_time()
            ),
            SetupInvalid => "このリンクは使えません（期限切れか、使用済みです）。事務局の管理者に新しいリンクを作ってもらってください。".into(),
            PasswordTooShort { min } => {
                format!("パスワードが短すぎます。{min}文字以上にしてください。")
            }
            PasswordTooLong { max } => {
                format!("パスワードが長すぎます。{max}文字以内にしてください。")
            }
            PasswordMismatch => "2つのパスワードが一致しません。もう一度入力してください。".into(),
            PasswordSet => "パスワードを設定しました。ログインしてください。".into(),
            SignedOut => "ログアウトしました。".into(),
            Forbidden => "このフォームは受け付けられません。ページを開き直してから、もう一度お試しください。".into(),
            SignedInAs { name } => format!("ログイン中：{name}"),
            OnDutyNow => "ただいまの当番医".into(),
            DutyUntil { doctor, until } => format!("{}（{}まで）", doctor.ja(), until.ja()),
            NoDuty => "ただいま、公開された当番表に当番医がいません。".into(),
            ChainTitle => "当番医が応じないときの連絡先（順に）".into(),
            ChainDoctors { names } => list_ja(names),
            ChainPlace { name } => name.clone(),
            ChainAdvice => "119番のご案内と、事務局への連絡".into(),
            OpenCalls => "対応中の依頼".into(),
            NoOpenCalls => "対応中の依頼はありません。".into(),
            CallWaiting { id, patient, raised, asked, until } => format!(
                "依頼{id}：{patient}様（{}）　{}に連絡中、{}まで返答を待っています",
                raised.ja(),
                super::words::list(asked.iter(), super::Lang::Ja),
                until.ja_time()
            ),
            CallAccepted { id, patient, raised, by, at } => format!(
                "依頼{id}：{patient}様（{}）　{by}が{}に対応を引き受けました",
                raised.ja(),
                at.ja_time()
            ),
            Unavailable => "データを読み出せませんでした。しばらくしてから開き直してください。".into(),
            NavLabel => "メニュー".into(),
            LanguageSwitch => "表示言語".into(),
            BackToToday => "本日の状況に戻る".into(),
            BackToSignIn => "ログインページへ".into(),
            ForbiddenTitle => "受け付けられません".into(),
            NotFoundTitle => "ページが見つかりません".into(),
            NotFound => "このページはありません。アドレスをお確かめのうえ、メニューからお進みください。".into(),
            Members(m) => m.ja(),
            UnavailableTitle => "ただいま表示できません".into(),
            Year(m) => m.ja(),
            Records(m) => m.ja(),
            Hosp(m) => m.ja(),
            Me(m) => m.ja(),
            Import(m) => m.ja(),
            Live(m) => m.ja(),
        }
    }

    fn en(&self) -> String {
        use WebMsg::*;
        match self {
            Console => "Office".into(),
            LoginTitle => "Sign in".into(),
            SetupTitle => "Set your password".into(),
            TodayTitle => "Today".into(),
            AdminId => "User ID".into(),
            Password => "Password".into(),
            PasswordAgain => "Password (again, to check)".into(),
            PasswordRule { min } => format!("At least {min} characters."),
            SignIn => "Sign in".into(),
            SetPassword => "Set the password".into(),
            SignOut => "Sign out".into(),
            LoginFailed => "Wrong admin id or password.".into(),
            Locked { until } => format!(
                "Too many failed sign-ins: signing in is blocked until {}. Please try again later.",
                until.en_time()
            ),
            SetupInvalid => "This link cannot be used (it expired or was used). Ask the office's admin for a new one.".into(),
            PasswordTooShort { min } => format!("The password is too short: use at least {min} characters."),
            PasswordTooLong { max } => format!("The password is too long: use at most {max} characters."),
            PasswordMismatch => "The two passwords differ. Please type them again.".into(),
            PasswordSet => "Your password is set. Please sign in.".into(),
            SignedOut => "You are signed out.".into(),
            Forbidden => "This form cannot be accepted. Open the page again, then retry.".into(),
            SignedInAs { name } => format!("Signed in as {name}"),
            OnDutyNow => "On duty now".into(),
            DutyUntil { doctor, until } => format!("{} (until {})", doctor.en(), until.en()),
            NoDuty => "No doctor is on duty in a published rota now.".into(),
            ChainTitle => "If the duty doctor does not answer, in turn".into(),
            ChainDoctors { names } => list_en(names),
            ChainPlace { name } => name.clone(),
            ChainAdvice => "Advice to call 119, and an alert to the office".into(),
            OpenCalls => "Open calls".into(),
            NoOpenCalls => "No open calls.".into(),
            CallWaiting { id, patient, raised, asked, until } => format!(
                "Call {id}: {patient} ({}), asking {} until {}",
                raised.en(),
                super::words::list(asked.iter(), super::Lang::En),
                until.en_time()
            ),
            CallAccepted { id, patient, raised, by, at } => format!(
                "Call {id}: {patient} ({}), accepted by {by} at {}",
                raised.en(),
                at.en_time()
            ),
            Unavailable => "The data could not be read. Please open the page again in a moment.".into(),
            NavLabel => "Menu".into(),
            LanguageSwitch => "Language".into(),
            BackToToday => "Back to Today".into(),
            BackToSignIn => "To the sign-in page".into(),
            ForbiddenTitle => "Not accepted".into(),
            NotFoundTitle => "Page not found".into(),
            NotFound => "There is no such page. Please check the address, or go on from the menu.".into(),
            Members(m) => m.en(),
            UnavailableTitle => "Cannot be shown now".into(),
            Year(m) => m.en(),
            Records(m) => m.en(),
            Hosp(m) => m.en(),
            Me(m) => m.en(),
            Import(m) => m.en(),
            Live(m) => m.en(),
        }
    }
}

impl WebMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<WebMsg> {
        use chrono::TimeZone;
        let when = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 2, 22, 0, 0).unwrap());
        let dr = || Doctor("上田 誠".into());
        let all = vec![
            WebMsg::Console,
            WebMsg::LoginTitle,
            WebMsg::SetupTitle,
            WebMsg::TodayTitle,
            WebMsg::AdminId,
            WebMsg::Password,
            WebMsg::PasswordAgain,
            WebMsg::PasswordRule { min: 12 },
            WebMsg::SignIn,
            WebMsg::SetPassword,
            WebMsg::SignOut,
            WebMsg::LoginFailed,
            WebMsg::Locked { until: when },
            WebMsg::SetupInvalid,
            WebMsg::PasswordTooShort { min: 12 },
            WebMsg::PasswordTooLong { max: 256 },
            WebMsg::PasswordMismatch,
            WebMsg::PasswordSet,
            WebMsg::SignedOut,
            WebMsg::Forbidden,
            WebMsg::SignedInAs { name: "事務局".into() },
            WebMsg::OnDutyNow,
            WebMsg::DutyUntil { doctor: dr(), until: when },
            WebMsg::NoDuty,
            WebMsg::ChainTitle,
            WebMsg::ChainDoctors { names: vec![dr()] },
            WebMsg::ChainPlace { name: "国保匝瑳市民病院".into() },
            WebMsg::ChainAdvice,
            WebMsg::OpenCalls,
            WebMsg::NoOpenCalls,
            WebMsg::CallWaiting {
                id: crate::routing::CallId::new(3),
                patient: "山田 花子".into(),
                raised: when,
                asked: vec!["上田 誠 (d03)".into()],
                until: when,
            },
            WebMsg::CallAccepted {
                id: crate::routing::CallId::new(3),
                patient: "山田 花子".into(),
                raised: when,
                by: "東総記念病院 (h2)".into(),
                at: when,
            },
            WebMsg::Unavailable,
            WebMsg::NavLabel,
            WebMsg::LanguageSwitch,
            WebMsg::BackToToday,
            WebMsg::BackToSignIn,
            WebMsg::ForbiddenTitle,
            WebMsg::NotFoundTitle,
            WebMsg::NotFound,
            WebMsg::UnavailableTitle,
            WebMsg::Members(super::web_members::WebMembers::MembersTitle),
        ];
        let mut all = all;
        all.extend(super::web_year::YearMsg::samples().into_iter().map(WebMsg::Year));
        all.extend(super::web_records::RecordsMsg::samples().into_iter().map(WebMsg::Records));
        all.extend(super::hospital::HospMsg::samples().into_iter().map(WebMsg::Hosp));
        all.extend(super::web_me::MeMsg::samples().into_iter().map(WebMsg::Me));
        all.extend(super::import::ImportMsg::samples().into_iter().map(WebMsg::Import));
        all.extend(super::web_live::LiveMsg::samples().into_iter().map(WebMsg::Live));
        for m in &all {
            use WebMsg::*;
            match m {
                Console
                | LoginTitle
                | SetupTitle
                | TodayTitle
                | AdminId
                | Password
                | PasswordAgain
                | PasswordRule { .. }
                | SignIn
                | SetPassword
                | SignOut
                | LoginFailed
                | Locked { .. }
                | SetupInvalid
                | PasswordTooShort { .. }
                | PasswordTooLong { .. }
                | PasswordMismatch
                | PasswordSet
                | SignedOut
                | Forbidden
                | SignedInAs { .. }
                | OnDutyNow
                | DutyUntil { .. }
                | NoDuty
                | ChainTitle
                | ChainDoctors { .. }
                | ChainPlace { .. }
                | ChainAdvice
                | OpenCalls
                | NoOpenCalls
                | CallWaiting { .. }
                | CallAccepted { .. }
                | Unavailable
                | NavLabel
                | LanguageSwitch
                | BackToToday
                | BackToSignIn
                | ForbiddenTitle
                | NotFoundTitle
                | NotFound
                | UnavailableTitle
                | Year(_)
                | Members(_)
                | Records(_)
                | Hosp(_) => {}
                Me(_) => {}
                Import(_) => {}
                Live(_) => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_web_text_reads_in_both_languages() {
        for m in super::WebMsg::samples() {
            super::super::check_both(&m);
        }
    }
}

/// What `toban admin` says at the office's terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminCli {
    /// `add` of someone who is not an `[[admin]]`.
    NotAnAdmin {
        /// Who was named.
        member: String,
        /// The admins in the rules.
        admins: Vec<String>,
    },
    /// The setup link's heading (the link follows on its own line).
    SetupLink {
        /// The admin's id.
        member: String,
        /// Their name.
        name: String,
        /// Until when the link works.
        until: When,
    },
    /// After the link.
    ShownOnce,
    /// `remove` of someone without an account.
    NoAccount(String),
    /// Removed.
    Removed(String),
    /// The table's headers.
    Headers,
    /// An account's state: signed in at least once.
    Active,
    /// An account's state: the setup link works.
    LinkValid,
    /// An account's state: the setup link expired.
    LinkExpired,
}

impl Message for AdminCli {
    fn ja(&self) -> String {
        match self {
            AdminCli::NotAnAdmin { member, admins } => format!(
                "{member} はルールの事務局（[[admin]]）にいません（事務局: {}）。先に members.toml に加えてください。",
                if admins.is_empty() { "なし".to_string() } else { super::words::list(admins.iter(), super::Lang::Ja) }
            ),
            AdminCli::SetupLink { member, name, until } => format!(
                "{name}（{member}）の事務局の画面の設定用リンクです。{}まで、1回だけ使えます:",
                until.ja()
            ),
            AdminCli::ShownOnce => {
                "このリンクは今だけ表示されます（toban はハッシュしか保存しません）。ご本人に安全な方法でお渡しください。".into()
            }
            AdminCli::NoAccount(m) => {
                format!("{m} には事務局の画面のアカウントがありません（`toban admin list` で確認できます）。")
            }
            AdminCli::Removed(m) => {
                format!("{m} の事務局の画面のアカウントを削除しました。ログイン中の画面もすべて終了しました。")
            }
            AdminCli::Headers => "事務局|氏名|状態|作成日時".into(),
            AdminCli::Active => "利用中".into(),
            AdminCli::LinkValid => "設定用リンク発行済み".into(),
            AdminCli::LinkExpired => "設定用リンク期限切れ".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            AdminCli::NotAnAdmin { member, admins } => format!(
                "'{member}' is not an [[admin]] in the rules (admins: {}); add them to members.toml first",
                if admins.is_empty() {
                    "none".to_string()
                } else {
                    super::words::list(admins.iter(), super::Lang::En)
                }
            ),
            AdminCli::SetupLink { member, name, until } => format!(
                "web console setup link for {member} ({name}), valid until {}, usable once:",
                until.en()
            ),
            AdminCli::ShownOnce => {
                "The link is shown only now; toban keeps only its hash. Give it to them safely."
                    .into()
            }
            AdminCli::NoAccount(m) => {
                format!("{m} has no web console account (see `toban admin list`)")
            }
            AdminCli::Removed(m) => {
                format!("{m}'s web console account removed; their sessions have ended")
            }
            AdminCli::Headers => "admin|name|state|created".into(),
            AdminCli::Active => "active".into(),
            AdminCli::LinkValid => "setup link issued".into(),
            AdminCli::LinkExpired => "setup link expired".into(),
        }
    }
}

impl AdminCli {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<AdminCli> {
        use chrono::TimeZone;
        let until = When(chrono_tz::Asia::Tokyo.with_ymd_and_hms(2027, 3, 3, 9, 0, 0).unwrap());
        let all = vec![
            AdminCli::NotAnAdmin { member: "d01".into(), admins: vec!["office".into()] },
            AdminCli::SetupLink { member: "office".into(), name: "事務局".into(), until },
            AdminCli::ShownOnce,
            AdminCli::NoAccount("office".into()),
            AdminCli::Removed("office".into()),
            AdminCli::Headers,
            AdminCli::Active,
            AdminCli::LinkValid,
            AdminCli::LinkExpired,
        ];
        let mut seen = [false; 9];
        for m in &all {
            seen[match m {
                AdminCli::NotAnAdmin { .. } => 0,
                AdminCli::SetupLink { .. } => 1,
                AdminCli::ShownOnce => 2,
                AdminCli::NoAccount(_) => 3,
                AdminCli::Removed(_) => 4,
                AdminCli::Headers => 5,
                AdminCli::Active => 6,
                AdminCli::LinkValid => 7,
                AdminCli::LinkExpired => 8,
            }] = true;
        }
        assert!(seen.iter().all(|s| *s), "a variant has no sample");
        all
    }
}

#[cfg(test)]
mod admin_cli_tests {
    #[test]
    fn every_admin_line_reads_in_both_languages() {
        for m in super::AdminCli::samples() {
            crate::msg::check_both(&m);
        }
    }

    // See: issue 18 (English review 44): the sign-in form said "Admin id".
    #[test]
    fn the_sign_in_form_asks_for_the_user_id() {
        use super::super::Message;
        assert_eq!(super::WebMsg::AdminId.en(), "User ID");
    }
}
