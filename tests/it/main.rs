//! Black-box tests: they run the real `toban` binary on real files.

mod helpers;

mod calendar_cli;
mod plan_cli;
mod routing_cli;
mod rules_errors;
