//! The `toban` binary: parse arguments, run, print errors humanely, exit with DESIGN.md §6 codes.

use clap::Parser;

fn main() {
    restore_sigpipe();
    let args = toban::cli::Args::parse();
    let code = toban::cli::run(args);
    std::process::exit(code);
}

/// Rust ignores SIGPIPE, so `toban rota show 2027 | head` would panic on the closed pipe. A
/// command-line tool should end quietly instead, as `cat` does.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
