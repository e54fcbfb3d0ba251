//! Black-box tests: they run the real `toban` binary on real files.

mod helpers;

mod bot_e2e;
mod bot_e2e_poll;
mod calendar_cli;
mod delivery;
mod demo_cli;
mod fake_telegram;
mod faults;
mod feeds_http;
mod history_cli;
mod http_limits;
mod plan_cli;
mod privacy;
mod reload;
mod report_cli;
mod rota_page;
mod routing_cli;
mod rules_errors;
mod security;
mod store_ops;
mod swap_cli;
