//! What `toban doctor` found, as the console's banner says it (issue 18): the same finding
//! without the commands the command line names, since the banner's link leads to the page
//! where the office does it. Findings only the server fixes keep `toban doctor`'s own text.

use super::Message;

/// A finding the console fixes, told without commands.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// No published rota covers now or later.
    NothingPublished,
    /// Days no published duty covers (the list as `toban doctor` shows it).
    Gaps(String),
    /// Members who left are still on duty.
    Former(String),
    /// No backup yet.
    NoBackup {
        /// How often `serve` makes one.
        hours: u32,
    },
    /// The latest backup is old.
    OldBackup {
        /// Its age in hours.
        hours_old: i64,
    },
    /// Chats that no longer reach their member.
    LinksBroken(String),
    /// Doctors who have not linked a chat.
    Unlinked(String),
    /// No calendar URL issued.
    NoFeeds,
}

impl Message for Found {
    fn ja(&self) -> String {
        use Found::*;
        match self {
            NothingPublished => {
                "今以降を含む公開済みの当番表がありません。依頼は当番医の段階を飛ばします。".into()
            }
            Gaps(list) => format!(
                "公開済みの当番がない期間があります: {list}。この間の依頼は当番医の段階を飛ばします。"
            ),
            Former(list) => format!(
                "退会した医師が当番に残っています: {list}。その医師にはメッセージが届きません。"
            ),
            NoBackup { hours } => {
                format!("バックアップがまだありません（サーバーは{hours}時間ごとに作ります）。")
            }
            OldBackup { hours_old } => format!(
                "最新のバックアップは{hours_old}時間前のものです。サーバーが止まっていないか、ご確認ください。"
            ),
            LinksBroken(list) => format!(
                "チャット（Telegram・LINE）に届かなくなりました: {list}。もう一度連携していただくまで、その方へのメッセージはサーバーの画面に表示されるだけです。"
            ),
            Unlinked(list) => format!("チャット（Telegram・LINE）を連携していない医師: {list}。"),
            NoFeeds => {
                "カレンダーのURLがまだ発行されていません。先生方はボットの /feed でも発行できます。"
                    .into()
            }
        }
    }

    fn en(&self) -> String {
        use Found::*;
        match self {
            NothingPublished => "No published rota covers now or later: calls skip the duty doctor.".into(),
            Gaps(list) => format!("No published duty covers: {list}. Calls then skip the duty doctor."),
            Former(list) => format!("Former members are still on duty: {list}. They get no message."),
            NoBackup { hours } => format!("No backup yet (the server makes one every {hours} h)."),
            OldBackup { hours_old } => format!("The latest backup is {hours_old} h old: check that the server is running."),
            LinksBroken(list) => format!("Chat (Telegram or LINE) no longer reaches: {list}. Until they link again, their messages only appear on the server's screen."),
            Unlinked(list) => format!("Doctors without a linked chat (Telegram or LINE): {list}."),
            NoFeeds => "No calendar URL is issued yet. Doctors can also issue their own with /feed in the bot.".into(),
        }
    }
}

impl Found {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<Found> {
        let list = || "sample".to_string();
        let all = vec![
            Found::NothingPublished,
            Found::Gaps(list()),
            Found::Former(list()),
            Found::NoBackup { hours: 24 },
            Found::OldBackup { hours_old: 49 },
            Found::LinksBroken(list()),
            Found::Unlinked(list()),
            Found::NoFeeds,
        ];
        for f in &all {
            match f {
                Found::NothingPublished
                | Found::Gaps(_)
                | Found::Former(_)
                | Found::NoBackup { .. }
                | Found::OldBackup { .. }
                | Found::LinksBroken(_)
                | Found::Unlinked(_)
                | Found::NoFeeds => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_finding_reads_in_both_languages_without_commands() {
        for f in super::Found::samples() {
            super::super::check_both(&f);
            for text in [super::Message::ja(&f), super::Message::en(&f)] {
                assert!(!text.contains('`'), "{text}");
            }
        }
    }
}
