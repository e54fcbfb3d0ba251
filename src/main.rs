//! The `toban` binary: parse arguments, run, print errors humanely, exit with DESIGN.md §6 codes.

fn main() {
    restore_sigpipe();
    private_by_default();
    // Help and usage errors in the reader's language (the office's is Japanese).
    let args = match toban::cli::localize::parse(std::env::args_os().collect()) {
        Ok(args) => args,
        Err(code) => std::process::exit(code),
    };
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

/// Everything toban creates (the store, the console journal, backups, pages, the control socket)
/// is readable by this user alone: the registry holds patients' names and addresses.
fn private_by_default() {
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}
