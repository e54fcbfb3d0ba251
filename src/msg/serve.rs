//! What `toban serve` warns the office of when it starts: a credential it withheld, a listener
//! that would send secret calendar tokens in the clear.
//!
//! Key decision: these are read by the office at the server, in the reader's language like
//! every other line `serve` prints (Japanese by default); they were English-only strings in
//! `src/config` (issue 18). No warning ever carries a secret, only variable names.

use super::Message;

/// A warning `serve` prints at start (after 「toban serve: 注意: 」/"toban serve: WARNING: ").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeWarning {
    /// The plain variable holds another association's value: it is not used.
    Withheld {
        /// The plain variable (`TELOXIDE_TOKEN`).
        var: String,
        /// This association's id.
        association: String,
        /// The other association's variable holding the same value (`TELOXIDE_TOKEN_BETA`).
        other: String,
        /// This association's own variable to set (`TELOXIDE_TOKEN_GAMMA`).
        own: String,
    },
    /// Listening beyond this machine with plain HTTP: feed URLs carry secret tokens.
    PlainHttp {
        /// The address listened on.
        address: String,
        /// The public URL variable.
        var: String,
        /// Its value (or the default).
        public_url: String,
    },
}

impl ServeWarning {
    /// One of every variant.
    pub fn samples() -> Vec<ServeWarning> {
        vec![
            ServeWarning::Withheld {
                var: "TELOXIDE_TOKEN".into(),
                association: "gamma".into(),
                other: "TELOXIDE_TOKEN_BETA".into(),
                own: "TELOXIDE_TOKEN_GAMMA".into(),
            },
            ServeWarning::PlainHttp {
                address: "0.0.0.0:8080".into(),
                var: "TOBAN_PUBLIC_URL".into(),
                public_url: "http://0.0.0.0:8080".into(),
            },
        ]
    }
}

impl Message for ServeWarning {
    fn ja(&self) -> String {
        let text = match self {
            ServeWarning::Withheld { var, association, other, own } => format!(
                "{var} は医師会 {association} には使いません。別の医師会の {other} と同じ値が入っているためです。この医師会のものは {own} に設定してください。"
            ),
            ServeWarning::PlainHttp { address, var, public_url } => format!(
                "{address} で、このマシンの外から暗号化なしの HTTP で受け付けています（{var} {public_url}）。カレンダーの URL には秘密のトークンが含まれます。TLS のリバースプロキシを前に置き、{var}=https://… を設定してください。"
            ),
        };
        format!("toban serve: 注意: {text}")
    }

    fn en(&self) -> String {
        let text = match self {
            ServeWarning::Withheld { var, association, other, own } => format!(
                "{var} is not used for association {association}: it holds {other}'s value, another association's; set {own} to this association's own"
            ),
            ServeWarning::PlainHttp { address, var, public_url } => format!(
                "listening on {address} beyond this machine with plain HTTP ({var} {public_url}): calendar URLs carry secret tokens; put a TLS reverse proxy in front and set {var}=https://…"
            ),
        };
        format!("toban serve: WARNING: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_serve_warning_reads_in_both_languages() {
        for m in ServeWarning::samples() {
            super::super::check_both(&m);
        }
    }

    #[test]
    fn a_withheld_token_is_named_by_its_variables_in_japanese_and_english() {
        let m = &ServeWarning::samples()[0];
        assert_eq!(
            m.ja(),
            "toban serve: 注意: TELOXIDE_TOKEN は医師会 gamma には使いません。別の医師会の TELOXIDE_TOKEN_BETA と同じ値が入っているためです。この医師会のものは TELOXIDE_TOKEN_GAMMA に設定してください。"
        );
        assert_eq!(
            m.en(),
            "toban serve: WARNING: TELOXIDE_TOKEN is not used for association gamma: it holds TELOXIDE_TOKEN_BETA's value, another association's; set TELOXIDE_TOKEN_GAMMA to this association's own"
        );
    }
}
