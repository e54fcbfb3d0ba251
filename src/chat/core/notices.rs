//! The buttons under a notice of the outbox, on every channel: the Accept and Decline of a
//! request, the acknowledgement of a follow-up, a swap's answers or the office's decision.
//! Their data is what [`super::Handlers::handle`] reads back from a press.

use super::button_data;
use crate::desk::Answer;
use crate::msg::Message;
use crate::msg::reply::Reply;
use crate::msg::swap::{ButtonLabel, SwapMsg};
use crate::routing::{Body, Notice};
use crate::rules::Rules;
use crate::swap::Buttons;

/// Rows of (label, data) under `notice`, in the association's language; empty for none.
pub fn notice_buttons(rules: &Rules, notice: &Notice) -> Vec<Vec<(String, String)>> {
    let lang = rules.association.language;
    let say = |r: Reply| r.render(lang);
    let swap = |label: ButtonLabel, data: String| (SwapMsg::Button(label).render(lang), data);
    match &notice.body {
        Body::Request { call, .. } | Body::RequestAgain { call, .. } => vec![vec![
            (say(Reply::AcceptButton), button_data(Answer::Accept, *call)),
            (say(Reply::DeclineButton), button_data(Answer::Decline, *call)),
        ]],
        // A colleague asked takes it or not; the office approves or rejects.
        Body::Swap { request, note } => {
            let Some(buttons) = note.buttons() else { return Vec::new() };
            let (pair, data) = match buttons {
                Buttons::Answer => {
                    ((ButtonLabel::Accept, ButtonLabel::Decline), ("swapyes", "swapno"))
                }
                Buttons::Decide => {
                    ((ButtonLabel::Approve, ButtonLabel::Reject), ("swapok", "swapng"))
                }
            };
            vec![vec![
                swap(pair.0, format!("{}:{request}", data.0)),
                swap(pair.1, format!("{}:{request}", data.1)),
            ]]
        }
        // Queued before requests were typed: the colleague's buttons.
        Body::SwapOffer { request, .. } => vec![vec![
            swap(ButtonLabel::Accept, format!("swapyes:{request}")),
            swap(ButtonLabel::Decline, format!("swapno:{request}")),
        ]],
        Body::Followup { call, ack_minutes: Some(_), .. }
        | Body::FollowupAgain { call, .. }
        | Body::Unacknowledged { call } => {
            vec![vec![(say(Reply::AcknowledgeButton), button_data(Answer::Acknowledge, *call))]]
        }
        _ => Vec::new(),
    }
}
