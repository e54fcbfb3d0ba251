//! Swap and cover requests, their offers and outcomes.

use super::Message;

/// A message about a swap or cover request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwapMsg {
    /// The request expired unanswered.
    Expired,
}

impl Message for SwapMsg {
    fn ja(&self) -> String {
        match self {
            SwapMsg::Expired => "交換・代行の依頼は期限切れになりました。".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            SwapMsg::Expired => "The swap or cover request expired.".into(),
        }
    }
}

impl SwapMsg {
    /// One of every variant (the `match` keeps the list complete).
    pub fn samples() -> Vec<SwapMsg> {
        let all = vec![SwapMsg::Expired];
        for m in &all {
            match m {
                SwapMsg::Expired => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_swap_message_reads_in_both_languages() {
        for m in super::SwapMsg::samples() {
            super::super::check_both(&m);
        }
    }
}
