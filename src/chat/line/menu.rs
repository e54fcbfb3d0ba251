//! LINE's menus (issue 19): what Telegram's per-chat command menu is there. Each role has a
//! rich menu (six tiles drawn by [`super::image`], under a bar 「メニュー」), shown to a member's
//! LINE account when it is linked and changed when the member's role (or the association's
//! language) changes; an account unlinked loses it. The help answer carries the role's
//! commands as quick-reply buttons.
//!
//! Key decisions:
//! - A tile or a quick reply is a postback whose data is [`PREFIX`] and the command as typed
//!   (`menu:/who`) and whose display text is its Japanese label: the chat shows 「今の当番医」,
//!   not `/who`, and the webhook hands the command to the core as if typed.
//! - A rich menu is created once per role and language and reused: its name carries a hash of
//!   its content (areas and image), so after a restart the channel's list is read and a menu
//!   with the same name is linked again rather than created anew (LINE keeps 1000 at most).
//! - Menus follow the links as Telegram's do ([`keep`], every [`EVERY`]): a failure is logged
//!   and tried again at the next round; only changes are sent.
//! - Nothing is left behind to fill those 1000: a menu whose image could not be uploaded is
//!   deleted at once (the next round makes it again), and once a round has shown every account
//!   its menu, the menus named `toban …` that this toban would not make (an older toban's
//!   layout or wording, a language no longer used) are deleted. A menu the clinic made itself
//!   (another name) is left alone.
//! - Only the leader keeps the menus ([`crate::store::leader`]): two instances would make each
//!   menu twice, and one of an older version would delete the newer one's menus. A process that
//!   leads again forgets what it had shown and reads the channel anew, as another leader may
//!   have changed it meanwhile.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use sha2::Digest;

use super::LineClient;
use super::image::{self, Tile};
use crate::chat::Channel;
use crate::chat::deliver::SendError;
use crate::msg::reply::{Command, Reply, Role};
use crate::msg::{Lang, Message};

/// The start of a menu tap's postback data; the command as typed follows.
pub const PREFIX: &str = "menu:";

/// How often the menus are checked against the links and the rules.
pub const EVERY: Duration = Duration::from_secs(2);

/// Every role that has a menu, and every language: the menus this toban would make.
const ROLES: [Role; 4] = [Role::Doctor, Role::Hospital, Role::NurseStation, Role::Admin];
const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];
// A new role or language must join the lists above (else its menus would be swept away): these
// stop compiling until it does.
const _: fn(Role) = |r| match r {
    Role::Doctor | Role::Hospital | Role::NurseStation | Role::Admin => {}
};
const _: fn(Lang) = |l| match l {
    Lang::Ja | Lang::En => {}
};

/// The start of the name of every rich menu toban makes.
const NAME_PREFIX: &str = "toban ";

/// The command a menu tap's postback `data` types (`menu:/who` → `/who`), if it is one.
pub fn command_of(data: &str) -> Option<&str> {
    data.strip_prefix(PREFIX).filter(|c| c.starts_with('/'))
}

fn tap(c: Command, lang: Lang) -> Value {
    let label = Reply::Tile(c).render(lang);
    json!({
        "type": "postback",
        "label": label,
        "data": format!("{PREFIX}/{}", c.name()),
        "displayText": label,
    })
}

/// The quick-reply buttons under `role`'s help ([`Command::taps`]), as a message's
/// `quickReply`.
pub fn quick_reply(role: Role, lang: Lang) -> Value {
    let items: Vec<Value> = Command::taps(role)
        .iter()
        .map(|c| json!({ "type": "action", "action": tap(*c, lang) }))
        .collect();
    json!({ "items": items })
}

/// `role`'s rich menu in `lang`: the object to create (its `name` carries a hash of the
/// content) and its image.
pub fn rich_menu(role: Role, lang: Lang) -> (Value, Vec<u8>) {
    let (tw, th) = (image::WIDTH / image::COLUMNS, image::HEIGHT / image::ROWS);
    let commands = Command::tiles(role);
    let areas: Vec<Value> = commands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (col, row) = (i as u32 % image::COLUMNS, i as u32 / image::COLUMNS);
            json!({
                "bounds": { "x": col * tw, "y": row * th, "width": tw, "height": th },
                "action": tap(*c, lang),
            })
        })
        .collect();
    let tiles: Vec<Tile> = commands
        .iter()
        .map(|c| Tile {
            label: Reply::Tile(*c).render(lang),
            command: format!("/{}", c.name()),
            help: *c == Command::Help,
        })
        .collect();
    let png = image::render(&tiles);
    let mut menu = json!({
        "size": { "width": image::WIDTH, "height": image::HEIGHT },
        "selected": false,
        "chatBarText": Reply::MenuBar.render(lang),
        "areas": areas,
    });
    let mut hash = sha2::Sha256::new();
    hash.update(menu.to_string().as_bytes());
    hash.update(&png);
    let hex: String = hash.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
    let lang_code = match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    };
    menu["name"] = json!(format!("{NAME_PREFIX}{role:?} {lang_code} {hex}"));
    (menu, png)
}

/// The rich menus made (or found) and the one each LINE user was last shown.
pub struct LineMenus {
    client: Arc<LineClient>,
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The channel's menus by name (read from LINE once, then kept up to date).
    made: Option<HashMap<String, String>>,
    /// Per LINE user: the (role, language) shown, `None` once taken away.
    shown: HashMap<String, Option<(Role, Lang)>>,
    /// Whether the menus this toban would not make were deleted since it began to lead.
    swept: bool,
}

impl LineMenus {
    /// Menus over `client`.
    pub fn new(client: Arc<LineClient>) -> LineMenus {
        LineMenus { client, state: tokio::sync::Mutex::default() }
    }

    /// Shows `user` the rich menu of `role` in `lang`, or takes their menu away (`None`),
    /// unless that is what they were last shown.
    ///
    /// # Errors
    /// How the API failed (nothing is remembered then: the next round tries again).
    pub async fn show(&self, user: &str, wanted: Option<(Role, Lang)>) -> Result<(), SendError> {
        let mut state = self.state.lock().await;
        if state.shown.get(user) == Some(&wanted) {
            return Ok(());
        }
        match wanted {
            Some((role, lang)) => {
                let id = self.made(&mut state, role, lang).await?;
                self.client.link_rich_menu(user, &id).await?;
            }
            None => self.client.unlink_rich_menu(user).await?,
        }
        state.shown.insert(user.to_string(), wanted);
        Ok(())
    }

    /// The id of the rich menu of `role` in `lang`: found by name, else created (with its
    /// image).
    async fn made(&self, state: &mut State, role: Role, lang: Lang) -> Result<String, SendError> {
        if state.made.is_none() {
            state.made = Some(self.client.rich_menus().await?.into_iter().collect());
        }
        let (menu, png) = rich_menu(role, lang);
        let name = menu["name"].as_str().unwrap_or_default().to_string();
        let made = state.made.get_or_insert_with(HashMap::new);
        if let Some(id) = made.get(&name) {
            return Ok(id.clone());
        }
        let id = self.client.create_rich_menu(&menu).await?;
        if let Err(e) = self.client.upload_rich_menu_image(&id, png).await {
            // A menu without its image cannot be shown: deleted, or each retry would leave one.
            if let Err(d) = self.client.delete_rich_menu(&id).await {
                tracing::warn!(
                    "could not delete a LINE rich menu whose image failed ({}); the next round deletes it: {}",
                    reason(&e),
                    reason(&d)
                );
            }
            return Err(e);
        }
        made.insert(name, id.clone());
        Ok(id)
    }

    /// Brings every LINE user's menu in line with the links and the rules, once: a linked
    /// member's role menu, nothing for an account whose link went (or is broken).
    pub async fn refresh(&self, over: &super::webhook::Over) {
        let o = over.clone();
        let wanted = tokio::task::spawn_blocking(move || wanted(&o)).await;
        let wanted = match wanted {
            Ok(Some(w)) => w,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!("could not work out the LINE menus: {e}");
                return;
            }
        };
        let gone: Vec<String> = {
            let state = self.state.lock().await;
            state
                .shown
                .iter()
                .filter(|(u, shown)| shown.is_some() && !wanted.contains_key(*u))
                .map(|(u, _)| u.clone())
                .collect()
        };
        let changes = wanted.into_iter().chain(gone.into_iter().map(|u| (u, None)));
        let mut all_shown = true;
        for (user, menu) in changes {
            if let Err(e) = self.show(&user, menu).await {
                tracing::warn!("could not set a LINE account's menu: {}", reason(&e));
                all_shown = false;
            }
        }
        if all_shown {
            self.sweep().await;
        }
    }

    /// Deletes, once, the channel's menus named `toban …` that this toban would not make.
    /// Called after a round that showed every account its menu, so none is shown an old one.
    async fn sweep(&self) {
        let mut state = self.state.lock().await;
        if state.swept {
            return;
        }
        let menus = match self.client.rich_menus().await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!("could not list the LINE rich menus to tidy them: {}", reason(&e));
                return;
            }
        };
        let ours = tokio::task::spawn_blocking(|| {
            let mut names = std::collections::HashSet::new();
            for role in ROLES {
                for lang in LANGS {
                    let (menu, _) = rich_menu(role, lang);
                    names.insert(menu["name"].as_str().unwrap_or_default().to_string());
                }
            }
            names
        })
        .await
        .unwrap_or_default();
        if ours.is_empty() {
            return;
        }
        let mut all_gone = true;
        for (name, id) in menus {
            if !name.starts_with(NAME_PREFIX) || ours.contains(&name) {
                continue;
            }
            match self.client.delete_rich_menu(&id).await {
                Ok(()) => {
                    tracing::info!(
                        "deleted the LINE rich menu {name:?}: this toban makes it no more"
                    );
                    if let Some(made) = state.made.as_mut() {
                        made.retain(|_, made_id| *made_id != id);
                    }
                }
                Err(e) => {
                    tracing::warn!(
                        "could not delete the old LINE rich menu {name:?}: {}",
                        reason(&e)
                    );
                    all_gone = false;
                }
            }
        }
        state.swept = all_gone;
    }

    /// Forgets what was shown and made: another leader may have changed the channel since.
    async fn forget(&self) {
        *self.state.lock().await = State::default();
    }
}

fn reason(e: &SendError) -> &str {
    match e {
        SendError::Gone(w) | SendError::Refused(w) | SendError::NotNow(w, _) => w,
    }
}

/// Each linked LINE user's menu: their member's role in the association's language (`None`
/// for a former member's account). `None` when the links cannot be read.
fn wanted(over: &super::webhook::Over) -> Option<HashMap<String, Option<(Role, Lang)>>> {
    let (rules, overrides) = (over.rules.get(), over.overrides.get());
    let store = &*over.store;
    let h = crate::chat::core::Handlers { rules: &rules, overrides: &overrides, store };
    let links = store
        .links()
        .map_err(|e| tracing::warn!("could not read the chat links to set LINE menus: {e}"))
        .ok()?;
    let now = (over.now)();
    let lang = rules.association.language;
    let mut wanted = HashMap::new();
    for link in links.iter().filter(|l| Channel::of(l.chat_id) == Channel::Line) {
        if link.broken.is_some() {
            continue;
        }
        let Ok(Some(user)) = store.line_user(link.chat_id) else { continue };
        let member = h.member(link.chat_id, link.user_id, now).ok().flatten();
        let role = member.and_then(|m| rules.member(&m).map(|m| Role::from(m.role)));
        wanted.insert(user, role.map(|r| (r, lang)));
    }
    Some(wanted)
}

/// Keeps the menus in line with the links and the rules while this process leads (`leads`),
/// until the task is dropped or the role can no longer be known.
pub async fn keep(
    menus: Arc<LineMenus>,
    over: super::webhook::Over,
    mut leads: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if !*leads.borrow_and_update() {
            if leads.wait_for(|l| *l).await.is_err() {
                return;
            }
            menus.forget().await;
        }
        menus.refresh(&over).await;
        tokio::time::sleep(EVERY).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // See: issue 19.
    #[test]
    fn a_roles_rich_menu_has_six_postback_tiles_that_type_its_commands() {
        let (menu, png) = rich_menu(Role::Doctor, Lang::Ja);
        assert!(png.starts_with(b"\x89PNG"));
        assert_eq!(menu["size"], json!({"width": 1200, "height": 810}));
        assert_eq!(menu["chatBarText"], "メニュー（タップで開閉）");
        let areas = menu["areas"].as_array().unwrap();
        assert_eq!(areas.len(), 6);
        assert_eq!(areas[0]["action"]["data"], "menu:/who");
        assert_eq!(areas[0]["action"]["displayText"], "今の当番医");
        assert_eq!(areas[5]["bounds"], json!({"x": 800, "y": 405, "width": 400, "height": 405}));
        assert_eq!(areas[5]["action"]["data"], "menu:/help");
        let nurse = rich_menu(Role::NurseStation, Lang::Ja).0;
        assert_eq!(nurse["areas"][0]["action"]["data"], "menu:/call");
        assert_ne!(menu["name"], nurse["name"], "one menu a role");
        assert_eq!(
            rich_menu(Role::Doctor, Lang::Ja).0["name"],
            menu["name"],
            "the same menu again"
        );
    }

    #[test]
    fn a_menu_tap_types_its_command_and_nothing_else_is_one() {
        assert_eq!(command_of("menu:/who"), Some("/who"));
        assert_eq!(command_of("accept:1"), None);
        assert_eq!(command_of("menu:who"), None);
        let q = quick_reply(Role::NurseStation, Lang::Ja);
        let items = q["items"].as_array().unwrap();
        assert_eq!(items[0]["type"], "action");
        assert_eq!(items[0]["action"]["label"], "依頼を出す");
        assert_eq!(items[0]["action"]["data"], "menu:/call");
    }
}
