//! `toban admin add|list|remove`: the office's web console accounts (issue 18). Desk commands:
//! they run inside a running `serve` too.

use std::io::Write;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::desk::record;
use super::table::Table;
use super::{AdminAction, Format, Refused};
use crate::msg::web::AdminCli;
use crate::msg::{Lang, Message, When};
use crate::rules::Rules;
use crate::store::{AuditEvent, Store, WebAccount};
use crate::web::auth;

/// Runs `action`.
pub fn run(
    rules: &Rules,
    store: &dyn Store,
    action: &AdminAction,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        AdminAction::Add { member } => add(rules, store, member, now, lang, out),
        AdminAction::List { format } => list(rules, store, *format, now, lang, out),
        AdminAction::Remove { member } => remove(store, member, now, lang, out),
    }
}

fn add(
    rules: &Rules,
    store: &dyn Store,
    member: &str,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(admin) = rules.admins.iter().find(|a| a.id.as_str() == member) else {
        let admins = rules.admins.iter().map(|a| a.id.to_string()).collect();
        let refusal = AdminCli::NotAnAdmin { member: member.to_string(), admins };
        return Err(Refused(refusal.render(lang)).into());
    };
    let token = crate::web::new_token()
        .map_err(|e| anyhow::anyhow!("no randomness for a setup link: {e}"))?;
    let expires_at = now + auth::SETUP_VALID;
    let existing = store.web_account(&admin.id)?;
    let account = WebAccount {
        admin: admin.id.clone(),
        password_hash: existing.as_ref().and_then(|a| a.password_hash.clone()),
        setup_hash: Some(auth::token_hash(&token)),
        setup_expires_at: Some(expires_at),
        created_at: existing.map_or(now, |a| a.created_at),
    };
    store.put_web_account(&account)?;
    let event = AuditEvent::WebAccountAdded { member: member.to_string(), until: expires_at };
    record(store, now, event)?;
    let base = crate::config::public_url(store.data_dir().as_deref());
    let until = When(expires_at.with_timezone(&rules.association.tz));
    let name = rules.name_of(member).to_string();
    let heading = AdminCli::SetupLink { member: member.to_string(), name, until };
    writeln!(out, "{}", heading.render(lang))?;
    writeln!(out, "  {base}/admin/setup/{token}")?;
    writeln!(out, "{}", AdminCli::ShownOnce.render(lang))?;
    Ok(())
}

fn list(
    rules: &Rules,
    store: &dyn Store,
    format: Format,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let accounts = store.web_accounts()?;
    let state = |a: &WebAccount| {
        if a.password_hash.is_some() {
            AdminCli::Active
        } else if a.setup_expires_at.is_some_and(|e| now < e) {
            AdminCli::LinkValid
        } else {
            AdminCli::LinkExpired
        }
    };
    // The JSON's words are a contract of their own, apart from what people read.
    let json_state = |said: &AdminCli| match said {
        AdminCli::Active => "active",
        AdminCli::LinkValid => "setup link sent",
        _ => "setup link expired",
    };
    if format == Format::Json {
        let list: Vec<_> = accounts
            .iter()
            .map(|a| {
                json!({
                    "admin": a.admin,
                    "name": rules.name_of(a.admin.as_str()),
                    "state": json_state(&state(a)),
                    "created_at": a.created_at.with_timezone(&rules.association.tz).to_rfc3339(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    let headers = AdminCli::Headers.render(lang);
    let headers: Vec<&str> = headers.split('|').collect();
    let mut table = Table::new(&headers);
    for a in &accounts {
        table.row(vec![
            a.admin.to_string(),
            rules.name_of(a.admin.as_str()).to_string(),
            state(a).render(lang),
            super::desk::at(rules, lang, a.created_at),
        ]);
    }
    table.write_or(out, crate::msg::cli::Listed::WebAccounts, lang)?;
    Ok(())
}

fn remove(
    store: &dyn Store,
    member: &str,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // A name that is no member id has no account either.
    let removed = match member.parse::<crate::rules::MemberId>() {
        Ok(id) => store.remove_web_account(&id)?,
        Err(_) => false,
    };
    if !removed {
        return Err(Refused(AdminCli::NoAccount(member.to_string()).render(lang)).into());
    }
    record(store, now, AuditEvent::WebAccountRemoved { member: member.to_string() })?;
    writeln!(out, "{}", AdminCli::Removed(member.to_string()).render(lang))?;
    Ok(())
}
