//! The Telegram adapter: account linking, commands, Accept / Decline buttons, and delivery of
//! the outbox to linked members (DESIGN.md §5). A thin layer: [`handlers`] decides every
//! answer over the store, [`poll`] fetches updates and [`lanes`] sends the answers, per chat,
//! and [`telegram`] delivers the outbox.

pub mod handlers;
pub mod invite;
pub mod lanes;
pub mod poll;
pub mod telegram;
