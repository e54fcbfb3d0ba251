//! `[[webhook]]` sections (issue 19), checked with file and line: a unique id, an http(s) URL,
//! an environment variable's name (not a secret), known members and kinds, a sane delay.

use std::str::FromStr;

use super::{Ctx, IdRegistry};
use crate::msg::rules::RulesMsg;
use crate::msg::webhook::WebhookRule;
use crate::rules::file::RulesFile;
use crate::rules::{MemberId, WEBHOOK_KINDS, Webhook};

impl Ctx<'_> {
    pub(super) fn webhooks(
        &mut self,
        files: &[(usize, RulesFile)],
        ids: &IdRegistry,
    ) -> Vec<Webhook> {
        let mut out: Vec<Webhook> = Vec::new();
        for (i, f) in files {
            for w in &f.webhook {
                let i = *i;
                let section = w.get_ref();
                let id = self.non_empty(i, &section.id, "webhook.id");
                let mut ok = !id.is_empty();
                if let Some(first) = out.iter().find(|o| o.id == id) {
                    let first = first.at.clone();
                    let msg = WebhookRule::IdTwice { id: id.clone(), first };
                    self.report(&(i, section.id.span()), RulesMsg::Webhook(msg));
                    ok = false;
                }
                let url = section.url.get_ref().trim().to_string();
                let good_url = url::Url::parse(&url)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
                if good_url.is_none() {
                    let msg = WebhookRule::BadUrl { id: id.clone(), url: url.clone() };
                    self.report(&(i, section.url.span()), RulesMsg::Webhook(msg));
                    ok = false;
                }
                let env = section.secret_env.get_ref().trim().to_string();
                let env_ok = !env.is_empty()
                    && !env.starts_with(|c: char| c.is_ascii_digit())
                    && env
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                if !env_ok {
                    let msg = WebhookRule::BadEnvName { id: id.clone(), name: env.clone() };
                    self.report(&(i, section.secret_env.span()), RulesMsg::Webhook(msg));
                    ok = false;
                }
                let mut members = Vec::new();
                for m in &section.members {
                    match MemberId::from_str(m.get_ref()).ok().filter(|m| ids.0.contains_key(m)) {
                        Some(m) => members.push(m),
                        None => {
                            let msg = WebhookRule::UnknownMember {
                                id: id.clone(),
                                member: m.get_ref().clone(),
                            };
                            self.report(&(i, m.span()), RulesMsg::Webhook(msg));
                            ok = false;
                        }
                    }
                }
                let mut kinds = Vec::new();
                for k in &section.kinds {
                    if WEBHOOK_KINDS.contains(&k.get_ref().as_str()) {
                        kinds.push(k.get_ref().clone());
                    } else {
                        let msg =
                            WebhookRule::UnknownKind { id: id.clone(), kind: k.get_ref().clone() };
                        self.report(&(i, k.span()), RulesMsg::Webhook(msg));
                        ok = false;
                    }
                }
                let after_minutes = section.after_minutes.as_ref().map(|_| {
                    self.int(i, &section.after_minutes, "webhook.after_minutes", 1..=1440, 5)
                });
                let at = self.location(&(i, w.span()));
                if ok {
                    out.push(Webhook {
                        id,
                        url,
                        secret_env: env,
                        members,
                        kinds,
                        after_minutes,
                        at,
                    });
                }
            }
        }
        out
    }
}
