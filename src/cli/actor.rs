//! Who at the office typed a command, for the audit: `TOBAN_ADMIN` if set, else the operating
//! system user (two admins on one machine are told apart by their logins). A command handed to
//! `serve` carries its client's name in the request, and runs with it.

use std::cell::RefCell;

thread_local! {
    static ACTOR: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// This process's user as the audit names it.
pub fn from_env() -> String {
    ["TOBAN_ADMIN", "USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty() && v.chars().count() <= 64 && !v.chars().any(char::is_control))
        .unwrap_or_else(|| "admin".to_string())
}

/// Runs `f` with `name` as the actor of this thread (a request in `serve`).
pub fn with<T>(name: Option<&str>, f: impl FnOnce() -> T) -> T {
    let name = name.map(str::to_string);
    let old = ACTOR.with(|a| a.replace(name));
    let out = f();
    ACTOR.with(|a| *a.borrow_mut() = old);
    out
}

/// Who the audit names for a change made now from the command line.
pub fn current() -> String {
    ACTOR.with(|a| a.borrow().clone()).unwrap_or_else(from_env)
}
