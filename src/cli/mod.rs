//! The `toban` command line: argument parsing, file loading and output. A thin adapter: each
//! command reads its inputs, calls the pure rooms, and prints a table for people or JSON for
//! scripts.
//!
//! Exit codes (DESIGN.md §6): 0 ok, 1 runtime error, 2 usage error, 3 rules or calendars invalid
//! (later also: plan infeasible).

mod commands;
mod load;
mod table;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use load::{Inputs, UsageError, load_inputs};

/// Exit code for a runtime error.
pub const EXIT_RUNTIME: i32 = 1;
/// Exit code for a usage error.
pub const EXIT_USAGE: i32 = 2;
/// Exit code for invalid rules or calendar files.
pub const EXIT_INVALID: i32 = 3;

/// toban (当番): duty-doctor rota, call routing and calendar feeds for a medical association.
#[derive(Debug, Parser)]
#[command(name = "toban", version, about, long_about = None)]
#[command(
    after_help = "Start with `toban check` to validate rules/ and see the coming year's duty slots."
)]
pub struct Args {
    /// Directory of the association's rules (*.toml).
    #[arg(long, global = true, value_name = "DIR", default_value = "rules", env = "TOBAN_RULES")]
    pub rules: PathBuf,
    /// Directory of holiday overrides (*.ics); a missing default directory means none.
    #[arg(long, global = true, value_name = "DIR", env = "TOBAN_CALENDARS")]
    pub calendars: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of list commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON for scripts (a stable contract, see DESIGN.md §6).
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate rules/ and calendars/, summarise the association, and show a plan year's slots.
    Check {
        /// Plan year whose slots to show (default: the plan year after the current one).
        #[arg(long, value_parser = year_parser())]
        year: Option<i32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List a year's public holidays: the law, plus additions and removals from calendars/.
    Holidays {
        /// Calendar year, 2000 to 2099.
        #[arg(value_parser = clap::value_parser!(i32).range(2000..=2099))]
        year: i32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List the duty slots of a plan year: regular weeks and holiday-period slots.
    Slots {
        /// Plan year (the calendar year of its first day), 2001 to 2097.
        #[arg(value_parser = year_parser())]
        year: i32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn year_parser() -> clap::builder::RangedI64ValueParser<i32> {
    clap::value_parser!(i32).range(2001..=2097)
}

/// Runs a parsed command and returns the process exit code. Errors are printed to stderr as
/// `toban: …` with a hint where one helps.
pub fn run(args: Args) -> i32 {
    let result = match &args.command {
        Command::Check { year, format } => commands::check(&args, *year, *format),
        Command::Holidays { year, format } => commands::holidays(&args, *year, *format),
        Command::Slots { year, format } => commands::slots(&args, *year, *format),
    };
    match result {
        Ok(()) => 0,
        Err(err) => report(&err),
    }
}

fn report(err: &anyhow::Error) -> i32 {
    if let Some(rules) = err.downcast_ref::<crate::rules::RulesError>() {
        eprint!("toban: {rules}");
        eprintln!("toban: fix the problems above and run `toban check` again");
        return EXIT_INVALID;
    }
    eprintln!("toban: {err:#}");
    if err.downcast_ref::<crate::calendar::IcsError>().is_some() {
        eprintln!("toban: fix the calendar file, or move it out of the calendars directory");
        return EXIT_INVALID;
    }
    if err.downcast_ref::<UsageError>().is_some() {
        return EXIT_USAGE;
    }
    EXIT_RUNTIME
}
