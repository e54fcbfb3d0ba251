//! `toban web link MEMBER [--hours N]`: a one-time sign-in link to a doctor's own pages
//! (`/me`), or for an admin to the console, to print or email (issue 18) for doctors without
//! the chat app. A desk command (it runs inside `serve` too); the desk makes and audits the
//! link as for the bot's `/web`.

use std::io::Write;

use chrono::{DateTime, Duration, Utc};

use super::Refused;
use crate::desk::{Desk, LinkError, MAX_LINK_HOURS};
use crate::msg::web_me::MeMsg;
use crate::msg::{Lang, Message, When};
use crate::rules::Rules;
use crate::store::{LinkRole, Store};

/// Prints a new link for `member`, valid `hours`.
pub fn link(
    rules: &Rules,
    store: &dyn Store,
    member: &str,
    hours: i64,
    now: DateTime<Utc>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if !(1..=MAX_LINK_HOURS).contains(&hours) {
        return Err(Refused(MeMsg::BadHours { max: MAX_LINK_HOURS }.render(lang)).into());
    }
    let role = if rules.doctor(member).is_some() { LinkRole::Doctor } else { LinkRole::Admin };
    let desk = Desk { rules, store };
    let by = format!("admin:{}", super::actor::current());
    let link = match desk.sign_in_link(member, role, Duration::hours(hours), &by, now) {
        Ok(l) => l,
        Err(LinkError::NotSignable(m)) => {
            return Err(Refused(MeMsg::NotSignable { member: m }.render(lang)).into());
        }
        Err(LinkError::Random(e)) => return Err(anyhow::anyhow!("{e}")),
        Err(LinkError::Store(e)) => return Err(e.into()),
    };
    let until = When(link.until.with_timezone(&rules.association.tz));
    let name = rules.name_of(member).to_string();
    let admin = role == LinkRole::Admin;
    writeln!(out, "{}", MeMsg::CliLink { name, until, admin }.render(lang))?;
    writeln!(out, "  {}", link.url)?;
    writeln!(out, "{}", MeMsg::CliShownOnce.render(lang))?;
    Ok(())
}
