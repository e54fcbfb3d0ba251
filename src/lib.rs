//! toban (当番, "on duty"): the 24-hour home-care backup of a regional medical association.
//!
//! The map, pure rooms first (they never touch the clock, the network or the disk):
//! - [`rules`]: `rules/*.toml` → validated [`rules::Rules`], errors with file:line.
//! - [`calendar`]: Japanese public holidays and the duty slots that tile a plan year.
//! - [`textwidth`]: terminal width of Japanese text, for tables and error carets.
//!
//! Adapters around them:
//! - [`store`]: sled behind the `Store` trait: rotas, duty history, absences; flushed after every change.
//! - [`cli`]: the `toban` command line; reads files, formats tables and JSON.
#![warn(missing_docs)]

pub mod calendar;
pub mod cli;
pub mod plan;
pub mod rules;
pub mod store;
pub mod textwidth;
