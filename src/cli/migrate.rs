//! `toban migrate --to postgres://…?association=ID` and `toban restore FILE` with
//! `TOBAN_STORE` naming a database (issue 21). The moving and checking is
//! [`crate::store::migrate`]'s; here: which database, whether it is this association's, and
//! the summary in the reader's language. The password is never printed: the database is
//! named by [`Target::shown`].

use std::path::Path;

use super::{Args, load::load_inputs};
use crate::msg::migrate::{MigrateMsg, MigrateRefusal};
use crate::msg::refusal::Refusal;
use crate::msg::{Lang, Message};
use crate::store::backup::{self, BackupError};
use crate::store::migrate::{self as moving, MigrateError};
use crate::store::{STORE_VAR, SledStore, Target};

fn refused(r: MigrateRefusal) -> anyhow::Error {
    Refusal::Migrate(r).into()
}

/// The refusal for a failed move into `target`.
fn failed(e: MigrateError, target: &Target) -> anyhow::Error {
    match e {
        MigrateError::NotEmpty(records) => refused(MigrateRefusal::NotEmpty {
            target: target.shown(),
            association: target.association.clone(),
            records,
        }),
        MigrateError::Differs(detail) => {
            refused(MigrateRefusal::Differs { target: target.shown(), detail })
        }
        MigrateError::Backup(BackupError::Invalid(m)) => Refusal::BadBackup(m).into(),
        MigrateError::Backup(e) => e.into(),
        MigrateError::Store(e) => e.into(),
    }
}

/// The database named by `to`, else by `TOBAN_STORE`; refused unless it is the rules'
/// association's.
fn target(to: Option<&str>, association: &str) -> anyhow::Result<Target> {
    let url = match to {
        Some(url) => url.to_string(),
        None => match std::env::var(STORE_VAR) {
            Ok(v) if v.starts_with("postgres://") || v.starts_with("postgresql://") => v,
            _ => return Err(refused(MigrateRefusal::NoTarget)),
        },
    };
    let target = Target::parse(&url).map_err(|m| refused(MigrateRefusal::BadUrl(m)))?;
    if target.association != association {
        return Err(refused(MigrateRefusal::OtherAssociation {
            rules: association.to_string(),
            url: target.association,
        }));
    }
    Ok(target)
}

/// `toban migrate [--to URL]`.
pub fn run(args: &Args, to: Option<&str>, lang: Lang) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let target = target(to, &inputs.rules.association.id)?;
    let data = args.data.display().to_string();
    // sled's own files: a directory without them holds no store (opening would make one).
    if !args.data.join("db").is_file() {
        return Err(refused(MigrateRefusal::NoStore(data)));
    }
    let source = SledStore::open_sled(&args.data)?;
    let moved = moving::migrate(&source, &target, &args.data).map_err(|e| failed(e, &target))?;
    let done = MigrateMsg::Migrated {
        data: data.clone(),
        target: target.shown(),
        association: target.association.clone(),
        records: moved.records,
        digest: moved.digest[..16].to_string(),
    };
    println!("{}", done.render(lang));
    for line in MigrateMsg::tree_lines(&moved.trees, lang) {
        println!("{line}");
    }
    println!("{}", MigrateMsg::MigratedNext { data }.render(lang));
    Ok(())
}

/// `toban restore FILE` when `TOBAN_STORE` names a database: into its association, which must
/// hold no record yet.
pub fn restore(args: &Args, file: &Path, target: &Target, lang: Lang) -> anyhow::Result<()> {
    let inputs = load_inputs(&args.rules, args.calendars.as_deref())?;
    let backup = backup::read(file).map_err(|e| Refusal::BadBackup(e.to_string()))?;
    let moved = moving::restore(&backup, &inputs.rules.association.id, target, &args.data)
        .map_err(|e| failed(e, target))?;
    let done = MigrateMsg::RestoredInto {
        records: moved.records,
        file: file.display().to_string(),
        taken: backup.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        target: target.shown(),
        association: target.association.clone(),
    };
    println!("{}", done.render(lang));
    Ok(())
}
