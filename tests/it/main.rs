//! Black-box tests: they run the real `toban` binary on real files.

mod helpers;

mod bot_e2e;
mod bot_e2e_calls;
mod bot_e2e_duty;
mod bot_e2e_ja;
mod bot_e2e_poll;
mod calendar_cli;
mod calls_e2e;
mod course_cli;
mod delivery;
mod demo_cli;
mod deploy;
mod fake_telegram;
mod faults;
mod feeds_http;
mod history_cli;
mod http_limits;
mod init_cli;
mod kills;
mod lang_cli;
mod night_record;
mod plan_cli;
mod privacy;
mod record;
mod reload;
mod report_cli;
mod rota_page;
mod routing_cli;
mod rules_errors;
mod security;
mod store_ops;
mod swap_cli;
mod swap_e2e;
mod swap_kills;
mod web_console;
