//! The store's role traits (issue 21): one per kind of record and what it is for, so a reader
//! (or a new backend) sees which methods belong together, and [`super::Store`] is all of them.
//!
//! Key decisions:
//! - Every method is in exactly one role, chosen by what its records are for, not by which
//!   adapter calls it: a method that writes records of two roles in one atomic step (a swap
//!   that changes the rota and queues notices) lives with the records it is about.
//! - The roles are object safe and have no bound of their own; `Send + Sync` is on
//!   [`super::Store`], which is what is shared. Callers hold `&dyn Store` and bring the roles'
//!   methods into scope with `use crate::store::prelude::*;`.

mod audit;
mod calls;
mod chat;
mod feeds;
mod registry;
mod rotas;
mod web;

pub use audit::AuditLog;
pub use calls::CallStore;
pub use chat::ChatLinks;
pub use feeds::FeedStore;
pub use registry::Registry;
pub use rotas::RotaStore;
pub use web::WebStore;
