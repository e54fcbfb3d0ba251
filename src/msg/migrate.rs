//! Texts of moving a store into PostgreSQL (issue 21): `toban migrate --to postgres://…` and
//! `toban restore` into PostgreSQL. A database is always named by its URL with the password
//! replaced by `[redacted]` (the caller passes it so).

use super::Message;

/// What `toban migrate` and `toban restore` into PostgreSQL say when they are done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateMsg {
    /// The store was moved and every record checked.
    Migrated {
        /// The data directory of the sled store.
        data: String,
        /// The database (password redacted).
        target: String,
        /// The association.
        association: String,
        /// Records moved.
        records: usize,
        /// The first hex digits of the SHA-256 both sides agree on.
        digest: String,
    },
    /// One tree's line of the summary: how many records it holds on both sides.
    TreeLine {
        /// The tree (as in the store and in backups).
        tree: String,
        /// Its records.
        records: usize,
        /// Padding after the label, for the counts to line up.
        pad: usize,
    },
    /// What to do next after a migration.
    MigratedNext {
        /// The data directory (the sled store left as it was).
        data: String,
    },
    /// A backup restored into the database and checked.
    RestoredInto {
        /// Records written.
        records: usize,
        /// The backup file.
        file: String,
        /// When the backup was taken.
        taken: String,
        /// The database (password redacted).
        target: String,
        /// The association.
        association: String,
    },
}

/// Why a store was not moved (nothing was written in the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateRefusal {
    /// Neither `--to` nor `TOBAN_STORE` names a database.
    NoTarget,
    /// The URL does not parse (the detail never holds the password).
    BadUrl(String),
    /// The URL's association is not the rules' association.
    OtherAssociation {
        /// The rules' `[association] id`.
        rules: String,
        /// The URL's `association=`.
        url: String,
    },
    /// The data directory holds no sled store.
    NoStore(String),
    /// The association already has records in the database.
    NotEmpty {
        /// The database (password redacted).
        target: String,
        /// The association.
        association: String,
        /// How many records it holds there.
        records: i64,
    },
    /// The records read back differ from those written (they were removed again).
    Differs {
        /// The database (password redacted).
        target: String,
        /// Which tree, and how.
        detail: String,
    },
}

/// A tree's name for the office, in Japanese (the tree's own name stays beside it, as backups
/// and the README use it).
fn tree_ja(tree: &str) -> Option<&'static str> {
    Some(match tree {
        "meta" => "管理情報（番号の続きなど）",
        "rotas" => "当番表",
        "history" => "過去の当番",
        "absences" => "不在",
        "patients" => "登録患者",
        "calls" => "依頼",
        "calls_by_patient" => "患者ごとの依頼の索引",
        "call_events" => "依頼の経過",
        "outbox" => "通知",
        "outbox_pending" => "未送信の通知",
        "outbox_keys" => "通知の重複防止",
        "invites" => "招待コード",
        "links" => "チャットの連携",
        "link_chats" => "連携したチャット",
        "link_failures" => "連携の失敗",
        "notes" => "申し送り",
        "dialogs" => "入力途中のチャット",
        "feed_events" => "カレンダー配信の予定",
        "feed_tokens" => "カレンダー配信のトークン",
        "feed_token_hashes" => "配信トークンの索引",
        "audit" => "監査記録",
        "swap_requests" => "交換・代行のご依頼",
        "due" => "期限の索引",
        "origins" => "処理済みの操作",
        "telegram_updates" => "処理済みの Telegram 更新",
        "stranger_replies" => "未登録の方への返信",
        "web_accounts" => "事務局の画面のアカウント",
        "web_sessions" => "事務局の画面のログイン",
        "login_failures" => "ログインの失敗",
        "line_users" => "LINE の利用者",
        "line_chats" => "LINE のチャット",
        "line_events" => "処理済みの LINE イベント",
        "line_records" => "LINE で送った受諾記録の番号",
        "beds" => "後方支援病院の空床",
        "board" => "掲示板",
        "outbox_routes" => "通知の送り先",
        "webhook_due" => "Webhook の期限",
        "sign_in_links" => "医師のログインリンク",
        "doctor_sessions" => "医師のログイン",
        _ => return None,
    })
}

impl MigrateMsg {
    /// One of every variant.
    pub fn samples() -> Vec<MigrateMsg> {
        let target = "postgres://toban:[redacted]@db.example/toban".to_string();
        vec![
            MigrateMsg::Migrated {
                data: "data".into(),
                target: target.clone(),
                association: "sosa".into(),
                records: 1234,
                digest: "3f2a9c0d1e4b5a6f".into(),
            },
            MigrateMsg::TreeLine { tree: "calls".into(), records: 12, pad: 3 },
            MigrateMsg::TreeLine { tree: "unknown_tree".into(), records: 1, pad: 0 },
            MigrateMsg::MigratedNext { data: "data".into() },
            MigrateMsg::RestoredInto {
                records: 1234,
                file: "backups/sosa.json".into(),
                taken: "2027-03-02 13:00 UTC".into(),
                target,
                association: "sosa".into(),
            },
        ]
    }

    /// The summary's tree lines, counts lined up: one per tree that holds records.
    pub fn tree_lines(trees: &[(&str, usize)], lang: super::Lang) -> Vec<String> {
        let label = |t: &str| match (lang, tree_ja(t)) {
            (super::Lang::Ja, Some(ja)) => format!("{ja}（{t}）"),
            _ => t.to_string(),
        };
        let held: Vec<&(&str, usize)> = trees.iter().filter(|t| t.1 > 0).collect();
        let width = held.iter().map(|t| crate::textwidth::width(&label(t.0))).max().unwrap_or(0);
        held.iter()
            .map(|(tree, records)| {
                let pad = width - crate::textwidth::width(&label(tree));
                MigrateMsg::TreeLine { tree: tree.to_string(), records: *records, pad }.render(lang)
            })
            .collect()
    }
}

impl Message for MigrateMsg {
    fn ja(&self) -> String {
        match self {
            MigrateMsg::Migrated { data, target, association, records, digest } => format!(
                "{data} の記録（sled）を PostgreSQL（{target}、医師会 {association}）に移しました。{records}件すべてを読み直し、記録の種類ごとの件数と SHA-256（{digest}…）が元の記録と一致することを確かめました。"
            ),
            MigrateMsg::TreeLine { tree, records, pad } => {
                let label = match tree_ja(tree) {
                    Some(ja) => format!("{ja}（{tree}）"),
                    None => tree.clone(),
                };
                format!("  {label}{}  {records:>7}件", " ".repeat(*pad))
            }
            MigrateMsg::MigratedNext { data } => format!(
                "これからは TOBAN_STORE にこの URL（パスワードを含む）を設定して toban を使ってください。{data} の sled の記録は元のまま残してあります。`toban doctor` で移行後の記録に問題がないことを確かめてから削除してください。"
            ),
            MigrateMsg::RestoredInto { records, file, taken, target, association } => format!(
                "{file}（{taken} 取得）から{records}件を PostgreSQL（{target}、医師会 {association}）に復元し、すべて読み直して一致を確かめました。`toban doctor` で確認してください。"
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            MigrateMsg::Migrated { data, target, association, records, digest } => format!(
                "moved the sled store in {data} to PostgreSQL ({target}, association {association}) and verified all {records} records: every tree's count and SHA-256 ({digest}…) match the sled store's."
            ),
            MigrateMsg::TreeLine { tree, records, pad } => {
                format!("  {tree}{}  {records:>7}", " ".repeat(*pad))
            }
            MigrateMsg::MigratedNext { data } => format!(
                "from now on run toban with TOBAN_STORE set to this URL (with its password). The sled store in {data} is left as it was: remove it once `toban doctor` is content with the database."
            ),
            MigrateMsg::RestoredInto { records, file, taken, target, association } => format!(
                "restored {records} records from {file} (taken {taken}) into PostgreSQL ({target}, association {association}) and verified them all. Check it with `toban doctor`."
            ),
        }
    }
}

impl MigrateRefusal {
    /// One of every variant.
    pub fn samples() -> Vec<MigrateRefusal> {
        let target = "postgres://toban:[redacted]@db.example/toban".to_string();
        vec![
            MigrateRefusal::NoTarget,
            MigrateRefusal::BadUrl("not a postgres:// URL".into()),
            MigrateRefusal::OtherAssociation { rules: "sosa".into(), url: "asahi".into() },
            MigrateRefusal::NoStore("data".into()),
            MigrateRefusal::NotEmpty {
                target: target.clone(),
                association: "sosa".into(),
                records: 12,
            },
            MigrateRefusal::Differs { target, detail: "calls: 3 records, 2 read back".into() },
        ]
    }

    /// Whether what was typed is wrong (exit code 2) rather than the state of things.
    pub fn is_usage(&self) -> bool {
        match self {
            MigrateRefusal::NoTarget
            | MigrateRefusal::BadUrl(_)
            | MigrateRefusal::OtherAssociation { .. } => true,
            MigrateRefusal::NoStore(_)
            | MigrateRefusal::NotEmpty { .. }
            | MigrateRefusal::Differs { .. } => false,
        }
    }
}

impl Message for MigrateRefusal {
    fn ja(&self) -> String {
        match self {
            MigrateRefusal::NoTarget => "移行先のデータベースを --to postgres://USER@HOST/DATABASE?association=ID で指定してください（TOBAN_STORE に設定してあれば、それを使います）。".into(),
            MigrateRefusal::BadUrl(detail) => format!("移行先の URL を読めません（詳細: {detail}）。postgres://USER@HOST/DATABASE?association=ID の形で指定してください。"),
            MigrateRefusal::OtherAssociation { rules, url } => format!("URL の医師会（association={url}）が規則の医師会（{rules}）と異なります。規則の [association] の id と同じものを指定するか、--rules でこの記録の規則を指定してください。"),
            MigrateRefusal::NoStore(data) => format!("{data} には移す記録がありません。--data で sled の記録のフォルダを指定してください。"),
            MigrateRefusal::NotEmpty { target, association, records } => format!("{target} には医師会 {association} の記録がすでに{records}件あるため、何も書き込まずに中止しました（toban は既存の記録を上書きしません）。すでに移行済みでないか確かめてください。やり直す場合は、データベースでその記録を削除してから（`DELETE FROM kv WHERE association = '{association}'`）もう一度実行してください。"),
            MigrateRefusal::Differs { target, detail } => format!("{target} に書き込んだ記録を読み直したところ、元の記録と一致しませんでした（詳細: {detail}）。書き込んだ記録は削除し、元の記録はそのまま残してあります。"),
        }
    }

    fn en(&self) -> String {
        match self {
            MigrateRefusal::NoTarget => "name the database to move to with --to postgres://USER@HOST/DATABASE?association=ID (or set TOBAN_STORE to it)".into(),
            MigrateRefusal::BadUrl(detail) => format!("the URL to move to does not read ({detail}): write postgres://USER@HOST/DATABASE?association=ID"),
            MigrateRefusal::OtherAssociation { rules, url } => format!("the URL names association '{url}', the rules are of '{rules}': name the rules' [association] id, or give this store's rules with --rules"),
            MigrateRefusal::NoStore(data) => format!("{data} holds no store to move: name the sled store's directory with --data"),
            MigrateRefusal::NotEmpty { target, association, records } => format!("{target} already holds {records} records of association {association}: nothing was written (toban never overwrites records). Was it moved already? To start again, remove those records in the database first (`DELETE FROM kv WHERE association = '{association}'`)."),
            MigrateRefusal::Differs { target, detail } => format!("the records written to {target} did not read back as they were ({detail}): they were removed again, and the sled store is left as it was"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::{Lang, check_both};

    #[test]
    fn every_text_reads_in_both_languages() {
        for m in MigrateMsg::samples() {
            check_both(&m);
        }
        for m in MigrateRefusal::samples() {
            check_both(&m);
        }
    }

    #[test]
    fn every_tree_has_a_japanese_name() {
        let every = crate::store::SledStore::tree_names()
            .into_iter()
            .chain(["sign_in_links", "doctor_sessions"]);
        for tree in every {
            assert!(tree_ja(tree).is_some(), "{tree}");
        }
    }

    #[test]
    fn the_tree_lines_line_up_and_leave_out_empty_trees() {
        let trees = [("calls", 12), ("history", 0), ("call_events", 130)];
        for lang in [Lang::Ja, Lang::En] {
            let lines = MigrateMsg::tree_lines(&trees, lang);
            assert_eq!(lines.len(), 2, "the empty tree is left out: {lines:?}");
            let w: Vec<usize> = lines.iter().map(|l| crate::textwidth::width(l)).collect();
            assert_eq!(w[0], w[1], "the counts line up: {lines:?}");
            assert!(
                lines[0].contains("calls")
                    && lines[0].ends_with(if lang == Lang::Ja { "12件" } else { " 12" })
            );
        }
        let ja = MigrateMsg::tree_lines(&trees, Lang::Ja);
        assert!(ja[1].starts_with("  依頼の経過（call_events）"), "{ja:?}");
    }
}
