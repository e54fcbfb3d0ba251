//! The Telegram adapter: account linking, commands, Accept / Decline buttons, and delivery of
//! the outbox to linked members (DESIGN.md §5). A thin layer: [`handlers`] decides every
//! answer over the store, [`telegram`] talks to the Bot API with teloxide.

pub mod handlers;
pub mod invite;
pub mod poll;
pub mod telegram;
