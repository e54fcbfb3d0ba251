//! Rules reloaded while `serve` runs: the rules and calendar files are watched (size and
//! modification time, every second); when they change they are loaded and validated first.
//! Valid rules replace the old ones at once (the next command, message, cycle and request use
//! them: a `left` date takes effect without a restart); invalid rules keep the old ones, and the
//! admins are told with the same file:line message as `toban check`. The `[[webhook]]`
//! sections come with them (issue 19): new, changed and removed webhooks are posted to from the
//! reload on; one whose secret's variable `serve` lacks refuses the edit like any bad rules.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{Args, load_inputs};
use crate::live::Live;
use crate::routing::{Body, Notice};
use crate::rules::Rules;
use crate::store::Store;

/// What is compared to see a change: each file's path, size and modification time.
type Stamp = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn stamp(dirs: &[&Path]) -> Stamp {
    let mut files = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_file() {
                files.push((e.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    files.sort();
    files
}

/// Watches the rules (and calendars) of `args` until the task is dropped.
pub async fn watch(
    args: Args,
    rules: Live<Rules>,
    overrides: Live<Vec<crate::calendar::Override>>,
    store: Arc<dyn Store>,
    wake: Arc<tokio::sync::Notify>,
    hooks: crate::notify::webhook::Reloader,
) {
    let dirs = |a: &Args| -> Vec<PathBuf> {
        std::iter::once(a.rules.clone()).chain(a.calendars.clone()).collect()
    };
    let paths = dirs(&args);
    let refs = || paths.iter().map(PathBuf::as_path).collect::<Vec<_>>();
    let mut seen = stamp(&refs());
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = stamp(&refs());
        if now == seen {
            continue;
        }
        seen = now;
        // The console may put an edit in force while these files are read: what is read then
        // must not replace it (see `Live::set_if`).
        let began = rules.version();
        let (a, store2, hooks2) = (args.clone(), store.clone(), hooks.clone());
        let loaded = tokio::task::spawn_blocking(move || {
            let result = load_inputs(&a.rules, a.calendars.as_deref()).and_then(|inputs| {
                // A member with records cannot vanish: the edit is refused like invalid rules.
                if let Some(msg) = crate::known::vanished_refusal(&inputs.rules, &*store2)? {
                    return Err(crate::rules::RulesError {
                        problems: vec![crate::rules::Problem::whole(a.rules.clone(), msg)],
                    }
                    .into());
                }
                let webhooks = hooks2.prepare(&inputs.rules, &|var| std::env::var(var).ok())?;
                Ok((inputs, webhooks))
            });
            (result, store2)
        })
        .await;
        let Ok((result, store)) = loaded else { continue };
        match result {
            Ok((inputs, webhooks)) => {
                let (new_rules, overrides_now) = (Arc::new(inputs.rules), inputs.overrides);
                if !rules.set_if(began, new_rules.clone()) {
                    // Rules were put in force meanwhile (a console edit): these files may have
                    // been read before it was written. They are read again at the next look,
                    // which then tells of clashes and audits the reload.
                    seen = Stamp::new();
                    continue;
                }
                let now = super::clock::now().unwrap_or_else(|_| chrono::Utc::now());
                // A membership change that leaves published duties uncovered: the office hears
                // at once which duties and what to run.
                let clashes = crate::known::duties_outside_membership(&new_rules, &*store, now)
                    .unwrap_or_default();
                if !clashes.is_empty() {
                    let notices = clash_notices(&new_rules, &clashes, &args);
                    if let Err(e) = store.enqueue(&notices, now) {
                        tracing::error!(
                            "could not tell the admins about duties outside membership: {e}"
                        );
                    }
                }
                overrides.set(Arc::new(overrides_now));
                hooks.live.set(Arc::new(webhooks));
                tracing::info!("rules reloaded from {}", args.rules.display());
                let entry = crate::store::AuditEntry::of(
                    super::clock::now().unwrap_or_else(|_| chrono::Utc::now()),
                    "serve",
                    crate::store::AuditEvent::RulesReloaded {
                        from: args.rules.display().to_string(),
                    },
                );
                if let Err(e) = store.add_audit(&entry) {
                    tracing::error!("could not audit the rules reload: {e}");
                }
                wake.notify_one();
            }
            Err(e) => {
                let english = format!("{e:#}");
                tracing::error!(
                    "the edited rules are not valid; the previous rules stay in force:\n{english}"
                );
                // Rules problems travel typed (each admin reads them in their language); any
                // other failure (a calendar file, a file unreadable) as its text.
                let (problems, message) = match e.downcast_ref::<crate::rules::RulesError>() {
                    Some(r) => (r.problems.clone(), String::new()),
                    None => (Vec::new(), english.clone()),
                };
                let current = rules.get();
                let now = super::clock::now().unwrap_or_else(|_| chrono::Utc::now());
                let key = short_hash(&english);
                let notices: Vec<Notice> = current
                    .admins
                    .iter()
                    .map(|a| Notice {
                        key: format!("rules_rejected/{key}/{}", a.id),
                        to: a.id.clone(),
                        body: Body::RulesRejected {
                            problems: problems.clone(),
                            message: message.clone(),
                        },
                    })
                    .collect();
                if let Err(e) = store.enqueue(&notices, now) {
                    tracing::error!("could not tell the admins about the rules: {e}");
                }
                wake.notify_one();
            }
        }
    }
}

/// The office alert for duties held outside membership, with the command to run for each
/// (rendered at delivery from [`Body::MembershipClash`]).
fn clash_notices(rules: &Rules, clashes: &[(String, Vec<String>)], args: &Args) -> Vec<Notice> {
    let dir = args.rules.display().to_string();
    let key = short_hash(&format!("{dir}{clashes:?}"));
    rules
        .admins
        .iter()
        .map(|a| Notice {
            key: format!("membership_clash/{key}/{}", a.id),
            to: a.id.clone(),
            body: Body::MembershipClash { rules: dir.clone(), clashes: clashes.to_vec() },
        })
        .collect()
}

fn short_hash(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}
