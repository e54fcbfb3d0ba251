//! toban (当番, "on duty"): the 24-hour home-care backup of a regional medical association.
//!
//! The map, pure rooms first (they never touch the clock, the network or the disk):
//! - [`rules`]: `rules/*.toml` → validated [`rules::Rules`], errors with file:line.
//! - [`calendar`]: Japanese public holidays and the duty slots that tile a plan year.
//! - [`plan`]: the annual rota: holiday queue, exact counts, slots MILP, checker, bound.
//! - [`routing`]: a call's escalation chain and its state machine (time passed in).
//! - [`feed`]: calendar feeds of the published rota: events with stable UIDs, SEQUENCE, RFC 5545 text.
//! - [`page`]: the rota as one printable HTML page (A4 landscape), for the wall and the board.
//! - [`report`]: the association's annual record (calls, outcomes, time to accept, duties, rotation).
//! - [`hospital_list`]: a backup hospital's list of registered patients (text, CSV, A4 page).
//! - [`sheets`]: the report and the rota as .xlsx and as CSV with a BOM, for Excel.
//! - [`import`]: members and past duties from .xlsx or CSV (UTF-8, BOM, Shift-JIS), every bad row named.
//! - [`swap`]: swap and cover requests as a state machine (time and the checker's verdict passed in).
//! - [`textwidth`]: terminal width of Japanese text, for tables and error carets.
//! - [`ids`]: the numbers the store gives records (patient, absence, outbox notice), one type each.
//!
//! Adapters around them:
//! - [`backups`]: backup files on disk: `toban backup`, `serve`'s rotating backups, the latest.
//! - [`store`]: sled behind the `Store` trait: rotas, duty history, absences; flushed after every change.
//! - [`desk`]: raising and answering calls, who is on duty: shared by the CLI and `serve`.
//! - [`engine`]: `serve`'s managers (escalation, schedule, requests, delivery) in cycles over the store.
//! - [`notify`]: delivering the outbox: message texts (ja/en) and notifiers (console).
//! - [`chat`]: chat with members: a channel-neutral core, the Telegram and LINE adapters.
//! - [`server`]: HTTP (axum): calendar feeds, the on-duty API, health.
//! - [`web`]: the office's web console under `/admin` (sign-in, sessions, CSRF, Today).
//! - [`live`]: values a running `serve` may replace (the rules, reloaded when their files change).
//! - [`known`]: what the store knows, in the planner's terms (ledger, slots before a year, absences).
//! - [`changes`]: swaps and covers of a published rota, checked, audited, told.
//! - [`partial`]: a colleague covering some days of a duty (partial cover), checked, audited, told.
//! - [`config`]: deployment settings from the environment, validated at start; secrets typed.
//! - [`cli`]: the `toban` command line; reads files, formats tables and JSON.
#![warn(missing_docs)]

pub mod backups;
pub mod calendar;
pub mod changes;
pub mod chat;
pub mod cli;
pub mod config;
pub mod desk;
pub mod engine;
pub mod feed;
pub mod hospital_list;
pub mod html;
pub mod ids;
pub mod import;
pub mod input;
pub mod known;
pub mod live;
pub mod msg;
pub mod notify;
pub mod page;
pub mod partial;
pub mod plan;
pub mod report;
pub mod routing;
pub mod rules;
pub mod server;
pub mod sheet;
pub mod sheets;
pub mod store;
pub mod swap;
pub mod textwidth;
pub mod web;
