//! Several associations in one deployment, each with its own bot (issue 21): `serve` of an
//! association uses `TELOXIDE_TOKEN_<ID>` over the plain `TELOXIDE_TOKEN`, and never a token
//! that is another association's, even when the plain variable holds it. The fake Bot API
//! records the token of every request's path (`/bot<TOKEN>/<method>`).

use std::time::Duration;

use crate::bot_e2e::has_text;
use crate::fake_telegram::FakeTelegram;
use crate::helpers::repo;
use crate::routing_cli::Desk;

const STRANGER: i64 = 9999;

/// A desk whose rules are the shipped ones under the association id `id`.
fn desk_of(id: &str) -> Desk {
    let desk = Desk::unplanned();
    let rules = desk.dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for file in ["association.toml", "members.toml"] {
        let text = std::fs::read_to_string(repo().join("rules").join(file)).unwrap();
        let text = text.replacen("id = \"sosa\"", &format!("id = \"{id}\""), 1);
        std::fs::write(rules.join(file), text).unwrap();
    }
    desk
}

/// The environment of every `serve` of the deployment: both associations' own tokens, and the
/// plain variable left holding the second one's (as after a copy and paste).
fn deployment(api: &str) -> Vec<(&'static str, String)> {
    vec![
        ("TELOXIDE_TOKEN_ALPHA", "111:alpha".into()),
        ("TELOXIDE_TOKEN_BETA_2", "222:beta".into()),
        ("TELOXIDE_TOKEN", "222:beta".into()),
        ("TELOXIDE_API_URL", api.into()),
    ]
}

#[test]
fn each_associations_serve_uses_its_own_telegram_token_and_never_anothers() {
    let (fa, fb, fc) = (FakeTelegram::start(), FakeTelegram::start(), FakeTelegram::start());
    let mut serves = Vec::new();
    let mut desks = Vec::new();
    for (id, fake) in [("alpha", &fa), ("beta-2", &fb), ("gamma", &fc)] {
        let desk = desk_of(id);
        let mut env = deployment(&fake.url);
        // gamma's office reads Japanese (the tests' commands read English otherwise).
        if id == "gamma" {
            env.push(("TOBAN_LANG", "ja".into()));
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        serves.push(desk.serve_with(None, &env));
        desks.push(desk);
    }
    let limit = Duration::from_secs(20);
    for fake in [&fa, &fb] {
        fake.message_from(STRANGER, "/who");
        fake.wait(limit, "the stranger answered", |_| has_text(fake, STRANGER, "会員専用"));
    }
    assert_eq!(fa.tokens(), ["111:alpha"], "alpha's serve used alpha's token only");
    assert_eq!(fb.tokens(), ["222:beta"], "beta-2's serve used its own token only");
    // gamma has no token of its own, and the plain one is beta-2's: gamma's serve leaves
    // Telegram alone and says why when it starts.
    let err = std::fs::read_to_string(desks[2].dir.path().join("serve.err")).unwrap();
    assert!(err.contains("TELOXIDE_TOKEN_GAMMA") && err.contains("TELOXIDE_TOKEN_BETA_2"), "{err}");
    // In the office's language, Japanese by default (issue 18).
    assert!(
        err.contains(
            "toban serve: 注意: TELOXIDE_TOKEN は医師会 gamma には使いません。別の医師会の TELOXIDE_TOKEN_BETA_2 と同じ値が入っているためです。この医師会のものは TELOXIDE_TOKEN_GAMMA に設定してください。"
        ),
        "{err}"
    );
    assert!(!err.contains("222:beta"), "a token is never printed: {err}");
    desks[2].run(&["cycle"]).code(0);
    assert!(fc.tokens().is_empty(), "gamma's serve used no token: {:?}", fc.tokens());
    drop(serves);
}
