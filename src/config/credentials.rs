//! Each association's own bot credentials when several associations share one deployment
//! (issue 21: one machine, or one database, with a `serve` per association).
//!
//! The variables keep the names a single association uses (`TELOXIDE_TOKEN`,
//! `TOBAN_BOT_USERNAME`, `LINE_CHANNEL_SECRET`, `LINE_CHANNEL_ACCESS_TOKEN`); an association's
//! own value is the same name with `_` and its id appended, upper-case, every character other
//! than A–Z and 0–9 written `_` ([`var_of`]: `TELOXIDE_TOKEN_SOSA` for `sosa`,
//! `TELOXIDE_TOKEN_KATORI_NORTH` for `katori-north`).
//!
//! Key decisions:
//! - The association's own variable wins; the plain one is the fallback, so a deployment of
//!   one association changes nothing.
//! - The fallback is withheld when it holds the very value another association has as its
//!   own: that is the other association's bot. Telegram hands each update to one poller only,
//!   so two `serve`s on one token would take each other's messages, and members of one
//!   association would be answered from the other's records.
//! - The API bases (`TELOXIDE_API_URL`, `LINE_API_URL`) stay shared: they name a service, not
//!   an association.

/// The variables an association may have its own value of.
pub const PER_ASSOCIATION: [&str; 5] = [
    "TELOXIDE_TOKEN",
    "TOBAN_BOT_USERNAME",
    super::LINE_SECRET_VAR,
    super::LINE_TOKEN_VAR,
    "TOBAN_LINE_BASIC_ID",
];

/// The name of `association`'s own `var`: `VAR_ID`, the id upper-case, every character other
/// than A–Z and 0–9 as `_`.
pub fn var_of(var: &str, association: &str) -> String {
    let id: String = association
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    format!("{var}_{id}")
}

/// The environment as one association's `serve` reads it.
#[derive(Clone)]
pub struct Credentials {
    association: String,
    env: Vec<(String, String)>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({})", self.association)
    }
}

impl Credentials {
    /// `association`'s view of this process's environment.
    pub fn from_env(association: &str) -> Credentials {
        Credentials::new(association, std::env::vars().collect())
    }

    /// `association`'s view of `env` (tests).
    pub fn new(association: &str, env: Vec<(String, String)>) -> Credentials {
        Credentials { association: association.to_string(), env }
    }

    fn raw(&self, name: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// The value of `var` for this association: its own (`VAR_ID`) if set, else the plain
    /// `VAR` unless another association has that value as its own; any other variable as is.
    pub fn get(&self, var: &str) -> Option<String> {
        if !PER_ASSOCIATION.contains(&var) {
            return self.raw(var);
        }
        let own = var_of(var, &self.association);
        if let Some(v) = self.raw(&own) {
            return Some(v);
        }
        let shared = self.raw(var)?;
        (self.owner_of(var, &shared).is_none()).then_some(shared)
    }

    /// The other association's variable that holds `value` as its own `var`, if one does.
    fn owner_of(&self, var: &str, value: &str) -> Option<String> {
        let own = var_of(var, &self.association);
        let prefix = format!("{var}_");
        self.env
            .iter()
            .find(|(k, v)| k.starts_with(&prefix) && *k != own && v.trim() == value)
            .map(|(k, _)| k.clone())
    }

    /// Why a plain variable was not used (it is another association's), one sentence each,
    /// for `serve`'s warnings at start.
    pub fn withheld(&self) -> Vec<crate::msg::serve::ServeWarning> {
        PER_ASSOCIATION
            .iter()
            .filter(|var| self.raw(&var_of(var, &self.association)).is_none())
            .filter_map(|var| {
                let shared = self.raw(var)?;
                let other = self.owner_of(var, &shared)?;
                Some(crate::msg::serve::ServeWarning::Withheld {
                    var: var.to_string(),
                    association: self.association.clone(),
                    other,
                    own: var_of(var, &self.association),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn an_associations_variable_is_its_id_upper_case_with_underscores() {
        assert_eq!(var_of("TELOXIDE_TOKEN", "sosa"), "TELOXIDE_TOKEN_SOSA");
        assert_eq!(
            var_of("LINE_CHANNEL_SECRET", "katori-north.2"),
            "LINE_CHANNEL_SECRET_KATORI_NORTH_2"
        );
    }

    #[test]
    fn the_own_value_wins_and_the_plain_one_is_the_fallback_of_a_single_association() {
        let e = env(&[
            ("TELOXIDE_TOKEN", "999:plain"),
            ("TELOXIDE_TOKEN_SOSA", "111:sosa"),
            ("TELOXIDE_API_URL", "http://fake/"),
        ]);
        assert_eq!(Credentials::new("sosa", e.clone()).get("TELOXIDE_TOKEN").unwrap(), "111:sosa");
        assert_eq!(
            Credentials::new("asahi", e.clone()).get("TELOXIDE_TOKEN").unwrap(),
            "999:plain"
        );
        // Shared service addresses are read as they are.
        assert_eq!(Credentials::new("sosa", e).get("TELOXIDE_API_URL").unwrap(), "http://fake/");
        let one = env(&[("LINE_CHANNEL_SECRET", "s"), ("LINE_CHANNEL_ACCESS_TOKEN", "t")]);
        let c = Credentials::new("sosa", one);
        let line = super::super::LineConfig::from_lookup(&|v| c.get(v)).unwrap().unwrap();
        assert_eq!((line.secret.expose(), line.token.expose()), ("s", "t"));
    }

    #[test]
    fn another_associations_token_is_never_used_even_when_the_plain_variable_holds_it() {
        let e = env(&[("TELOXIDE_TOKEN", "222:asahi"), ("TELOXIDE_TOKEN_ASAHI", "222:asahi")]);
        let sosa = Credentials::new("sosa", e.clone());
        assert_eq!(sosa.get("TELOXIDE_TOKEN"), None);
        let warned = sosa.withheld();
        assert_eq!(warned.len(), 1, "{warned:?}");
        for lang in [crate::msg::Lang::Ja, crate::msg::Lang::En] {
            let text = crate::msg::Message::render(&warned[0], lang);
            assert!(text.contains("TELOXIDE_TOKEN_ASAHI") && text.contains("TELOXIDE_TOKEN_SOSA"));
            assert!(!text.contains("222:asahi"), "a secret is never printed: {text}");
        }
        let asahi = Credentials::new("asahi", e);
        assert_eq!(asahi.get("TELOXIDE_TOKEN").unwrap(), "222:asahi");
        assert!(asahi.withheld().is_empty());
        // LINE likewise: each association's channel, never the other's.
        let e = env(&[
            ("LINE_CHANNEL_SECRET_SOSA", "s-sosa"),
            ("LINE_CHANNEL_ACCESS_TOKEN_SOSA", "t-sosa"),
            ("LINE_CHANNEL_SECRET_ASAHI", "s-asahi"),
            ("LINE_CHANNEL_ACCESS_TOKEN_ASAHI", "t-asahi"),
        ]);
        let c = Credentials::new("sosa", e);
        let line = super::super::LineConfig::from_lookup(&|v| c.get(v)).unwrap().unwrap();
        assert_eq!((line.secret.expose(), line.token.expose()), ("s-sosa", "t-sosa"));
    }
}
