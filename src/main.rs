//! The `toban` binary: parse arguments, run, print errors humanely, exit with DESIGN.md §6 codes.

use clap::Parser;

fn main() {
    let args = toban::cli::Args::parse();
    let code = toban::cli::run(args);
    std::process::exit(code);
}
