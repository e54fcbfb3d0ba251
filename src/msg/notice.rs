//! What notices (calls, duties, alerts) say: `notify` turns each stored body into these at delivery.

use super::Message;

/// A notice's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeMsg {
    /// No published rota covers now.
    NoRota,
}

impl Message for NoticeMsg {
    fn ja(&self) -> String {
        match self {
            NoticeMsg::NoRota => "【要対応】現在有効な当番表がありません。".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            NoticeMsg::NoRota => "[Action needed] No published rota covers now.".into(),
        }
    }
}

impl NoticeMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<NoticeMsg> {
        let all = vec![NoticeMsg::NoRota];
        for m in &all {
            match m {
                NoticeMsg::NoRota => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_notice_reads_in_both_languages() {
        for m in super::NoticeMsg::samples() {
            super::super::check_both(&m);
        }
    }
}
