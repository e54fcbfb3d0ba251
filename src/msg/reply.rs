//! Replies to chat commands and buttons.

use super::Message;

/// A reply in chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The command is not one the bot knows.
    UnknownCommand,
}

impl Message for Reply {
    fn ja(&self) -> String {
        match self {
            Reply::UnknownCommand => {
                "そのコマンドはありません。/help で使い方をご覧ください。".into()
            }
        }
    }
    fn en(&self) -> String {
        match self {
            Reply::UnknownCommand => "Unknown command. See /help.".into(),
        }
    }
}

impl Reply {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<Reply> {
        let all = vec![Reply::UnknownCommand];
        for m in &all {
            match m {
                Reply::UnknownCommand => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_reply_reads_in_both_languages() {
        for m in super::Reply::samples() {
            super::super::check_both(&m);
        }
    }
}
