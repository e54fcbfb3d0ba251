//! The audit log for people: each stored [`AuditEvent`] rendered in the reader's language,
//! with members named as the rules name them today (「佐藤 一郎先生」) and days as people write
//! them. Entries written before events existed keep their text as it was written.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::record::{event_en, event_ja};
use super::{Day, Doctor, Message, When};
use crate::rules::Rules;
use crate::store::{AuditEvent, ChangeKind, Moved, RequestOutcome, WebEvent};

/// Members' display names by id, and whether each is a doctor (先生 in Japanese).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Each member's name as written (read in Japanese), as an English reader reads it
    /// (`name_en` where the rules give one), and whether they are a doctor.
    names: BTreeMap<String, (String, String, bool)>,
    tz: Option<Tz>,
    /// Names alone, without ids: for a member's chat (issue 18). The office's views (the
    /// command line, the console) keep the id after the name, for the commands that take it.
    bare: bool,
    /// Whether plan years are fiscal years (「2027年度」, else 「2027年」).
    fiscal: bool,
}

impl Names {
    /// Everyone in `rules`, in the association's zone.
    pub fn of(rules: &Rules) -> Names {
        let mut names = BTreeMap::new();
        let both = |id: &str| {
            let en = rules.name_in(id, crate::rules::Language::En).to_string();
            (rules.name_in(id, crate::rules::Language::Ja).to_string(), en)
        };
        for d in &rules.doctors {
            let (ja, en) = both(d.id.as_str());
            names.insert(d.id.to_string(), (ja, en, true));
        }
        let others = rules.hospitals.iter().map(|h| h.id.to_string());
        let others = others.chain(rules.nurse_stations.iter().map(|n| n.id.to_string()));
        for id in others.chain(rules.admins.iter().map(|a| a.id.to_string())) {
            let (ja, en) = both(&id);
            names.insert(id, (ja, en, false));
        }
        let fiscal = rules.association.plan_year_start.month != 1;
        Names { names, tz: Some(rules.association.tz), bare: false, fiscal }
    }

    /// The same names, for a member's chat: without ids.
    pub fn in_chat(self) -> Names {
        Names { bare: true, ..self }
    }

    /// Whether these names are for a member's chat (no ids).
    pub fn is_bare(&self) -> bool {
        self.bare
    }

    /// Only d01, 佐藤 一郎 (for the catalogue's samples and tests).
    pub fn sample() -> Names {
        let mut names = Names::default();
        names.names.insert("d01".into(), ("佐藤 一郎".into(), "佐藤 一郎".into(), true));
        names
    }

    /// Plan year `year` as the association counts them.
    pub fn year(&self, year: i32) -> super::words::YearLabel {
        super::words::YearLabel { year, fiscal: self.fiscal }
    }

    /// Whether `id` is a doctor of the rules.
    pub fn is_doctor(&self, id: &str) -> bool {
        self.names.get(id).is_some_and(|(_, _, doctor)| *doctor)
    }

    /// 「佐藤 一郎先生」, 「○○病院」, or the id when the rules no longer name it.
    pub fn ja(&self, id: &str) -> String {
        match self.names.get(id) {
            Some((name, _, true)) => Doctor(name.clone()).ja(),
            Some((name, _, false)) => name.clone(),
            None => id.to_string(),
        }
    }

    /// "Sato Ichiro (d01)" ("Sato Ichiro" in a chat), or the id: the member's `name_en`
    /// where the rules give one (issue 18).
    pub fn en(&self, id: &str) -> String {
        match self.names.get(id) {
            Some((_, name, _)) if self.bare => name.clone(),
            Some((_, name, _)) => format!("{name} ({id})"),
            None => id.to_string(),
        }
    }

    fn when(&self, t: DateTime<Utc>) -> When {
        When(t.with_timezone(&self.tz.unwrap_or(chrono_tz::Asia::Tokyo)))
    }
}

/// One audit entry's "what changed", for the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditMsg {
    /// What was done.
    pub event: AuditEvent,
    /// Who is who.
    pub names: Names,
}

/// The action column: what kind of change, in a word or two.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditAction(pub AuditEvent);

fn kind_ja(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Swap => "交換",
        ChangeKind::Cover => "代行",
        ChangeKind::Change => "当番の変更",
    }
}

fn kind_en(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Swap => "swap",
        ChangeKind::Cover => "cover",
        ChangeKind::Change => "change",
    }
}

/// One slot's change of doctor: 「2027-03-09 の当番: 佐藤 一郎先生 → 鈴木 次郎先生」.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedMsg {
    /// The change.
    pub moved: Moved,
    /// Who is who.
    pub names: Names,
}

impl Message for MovedMsg {
    fn ja(&self) -> String {
        let (c, n) = (&self.moved, &self.names);
        format!("{}: {} → {}", duty(&c.slot).ja(), n.ja(&c.from), n.ja(&c.to))
    }
    fn en(&self) -> String {
        let (c, n) = (&self.moved, &self.names);
        format!("{}: {} → {}", duty(&c.slot).en(), n.en(&c.from), n.en(&c.to))
    }
}

fn moves(n: &Names, changes: &[Moved], lang: super::Lang) -> String {
    let each: Vec<String> = changes
        .iter()
        .map(|c| MovedMsg { moved: c.clone(), names: n.clone() }.render(lang))
        .collect();
    each.join(if lang == super::Lang::Ja { "、" } else { "; " })
}

/// A duty by its slot id: its day and the id (「3月9日(火)からの当番（2027-03-09）」).
fn duty(slot: &str) -> super::slot::SlotRef {
    super::slot::SlotRef::id(slot.to_string())
}

/// A saved rules edit's note in words: 「退会日 2027年3月31日(水)」 for `left = 2027-03-31`,
/// 「期間 4月29日〜5月5日」 for a holiday period's `04-29 – 05-05`, else as written.
fn edit_note(note: &str, lang: super::Lang) -> String {
    let ja = lang == super::Lang::Ja;
    if let Some(day) = note.strip_prefix("left = ")
        && let Ok(d) = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
    {
        let d = super::Day(d);
        return if ja {
            format!("退会日 {}", d.ja_long())
        } else {
            format!("leaves on {}", d.en_long())
        };
    }
    let md = |t: &str| {
        let (m, d) = t.trim().split_once('-')?;
        Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?))
    };
    if let Some((a, b)) = note.split_once(" – ")
        && let (Some(a), Some(b)) = (md(a), md(b))
    {
        return if ja {
            format!("期間 {}月{}日〜{}月{}日", a.0, a.1, b.0, b.1)
        } else {
            format!("from {:02}-{:02} to {:02}-{:02}", a.0, a.1, b.0, b.1)
        };
    }
    note.to_string()
}

fn list_ja(n: &Names, ids: &[String]) -> String {
    super::words::list(ids.iter().map(|i| n.ja(i)), super::Lang::Ja)
}

fn list_en(n: &Names, ids: &[String]) -> String {
    super::words::list(ids.iter().map(|i| n.en(i)), super::Lang::En)
}

impl Message for AuditMsg {
    fn ja(&self) -> String {
        let n = &self.names;
        match &self.event {
            AuditEvent::Hospital(e) => super::hospital::audit_ja(e, n),
            AuditEvent::InRota { rota, event } => {
                let inner = AuditMsg { event: (**event).clone(), names: n.clone() };
                format!("当番表「{rota}」: {}", inner.ja())
            }
            AuditEvent::PatientRegistered { patient } => {
                format!("{patient}番の患者さんを登録しました")
            }
            AuditEvent::PatientUpdated { patient } => {
                format!("{patient}番の患者さんの登録内容を変更しました")
            }
            AuditEvent::PatientRemoved { patient, reason } => match reason {
                Some(r) => format!("{patient}番の患者さんを登録簿から削除しました（理由: {r}）"),
                None => format!("{patient}番の患者さんを登録簿から削除しました（理由の記載なし）"),
            },
            AuditEvent::ContactSheet { patient } => {
                format!("{patient}番の患者さんの夜間・休日の連絡先（連絡票）を作成しました")
            }
            AuditEvent::PatientCourse { patient, event, date } => format!(
                "{patient}番の患者さんの経過を記録しました: {} {}",
                Day(*date).ja_long(),
                event_ja(*event)
            ),
            AuditEvent::AbsenceAdded { absence, doctor, from, to, soft } => format!(
                "{}の{} {absence} を登録しました: {}〜{}",
                n.ja(doctor),
                if *soft { "当番回避の希望" } else { "不在" },
                Day(*from).ja_long(),
                Day(*to).ja_long()
            ),
            AuditEvent::AbsenceRemoved { absence } => format!("不在 {absence} を削除しました"),
            AuditEvent::AbsenceEnded { absence, on } => {
                format!("不在 {absence} を{}で終了しました（/back）", Day(*on).ja_long())
            }
            AuditEvent::Linked { member, channel } => {
                let channel = channel.as_deref().unwrap_or("Telegram");
                format!("{}の {channel} アカウントを連携しました", n.ja(member))
            }
            AuditEvent::Unlinked { member, chat, n: count } => match chat {
                Some(c) => {
                    format!("{}の Telegram（チャット {c}）の連携を解除しました", n.ja(member))
                }
                None => format!("{}の Telegram の連携を解除しました（{count}件）", n.ja(member)),
            },
            AuditEvent::FeedTokenIssued { token, member } => match member {
                Some(m) => format!("配信トークン {token} を{}の当番用に発行しました", n.ja(m)),
                None => format!("配信トークン {token} を当番表全体用に発行しました"),
            },
            AuditEvent::FeedTokenRevoked { token } => {
                format!("配信トークン {token} を無効にしました")
            }
            AuditEvent::FeedTokensRevokedOnUnlink { member, n: count } => format!(
                "連携の解除に伴い、{}の配信トークン {count}件を無効にしました",
                n.ja(member)
            ),
            AuditEvent::Invited { member, until } => format!(
                "{}の連携用の招待を作成しました（{}まで有効）",
                n.ja(member),
                n.when(*until).ja()
            ),
            AuditEvent::WebConsole { what, from } => match what {
                WebEvent::PasswordSet => {
                    format!("事務局の画面のパスワードを設定しました（{from} から）")
                }
                WebEvent::SignedIn => format!("事務局の画面にログインしました（{from} から）"),
                WebEvent::SignedOut => format!("事務局の画面からログアウトしました（{from} から）"),
                WebEvent::Failed { name } => {
                    format!("「{name}」としてのログインに失敗しました（{from} から）")
                }
                WebEvent::Locked { name, until } => format!(
                    "「{name}」のログインを{}まで停止しました（{from} からの失敗が続いたため）",
                    n.when(*until).ja()
                ),
                WebEvent::WhileLocked { name, until } => format!(
                    "停止中の「{name}」へのログインを断りました（{from} から、{}まで停止中）",
                    n.when(*until).ja()
                ),
            },
            AuditEvent::RulesEdited { id, name, added, note, .. } => {
                let who = if n.is_doctor(id) { Doctor(name.clone()).ja() } else { name.clone() };
                let note =
                    note.as_deref().map(|x| format!("（{}）", edit_note(x, super::Lang::Ja)));
                match added {
                    true => format!("{who}（{id}）を追加しました{}", note.unwrap_or_default()),
                    false => {
                        format!("{who}（{id}）の登録内容を変更しました{}", note.unwrap_or_default())
                    }
                }
            }
            AuditEvent::MembersImported { file, added, updated, unchanged, written } => format!(
                "{file} から会員名簿を取り込みました（追加 {}名{}、変更 {}名{}、変更なし {unchanged}名、{}）",
                added.len(),
                ids(added, "："),
                updated.len(),
                ids(updated, "："),
                super::words::list(written.iter(), super::Lang::Ja)
            ),
            AuditEvent::BackupWritten { file } => {
                format!("事務局の画面からバックアップ {file} を作成しました")
            }
            AuditEvent::WebAccountAdded { member, until } => format!(
                "{}の事務局の画面の設定リンクを発行しました（{}まで有効）",
                n.ja(member),
                n.when(*until).ja()
            ),
            AuditEvent::WebAccountRemoved { member } => {
                format!("{}の事務局の画面のアカウントを削除しました", n.ja(member))
            }
            AuditEvent::SignInLinkIssued { member, admin, until } => format!(
                "{}の{}へのログイン用リンク（1回限り）を発行しました（{}まで有効）",
                n.ja(member),
                if *admin { "事務局の画面" } else { "医師用ページ" },
                n.when(*until).ja()
            ),
            AuditEvent::DoctorSignedIn { from } => {
                format!("医師用ページにログインしました（{from} から）")
            }
            AuditEvent::DoctorSignedOut { from } => {
                format!("医師用ページからログアウトしました（{from} から）")
            }
            AuditEvent::RotaPublished { year } => {
                format!("{}の当番表を公開しました", n.year(*year).ja())
            }
            AuditEvent::DraftPlanned { year, replan_from: None, slots } => {
                format!("{}の当番表の下書きを作成しました（{slots}枠）", n.year(*year).ja())
            }
            AuditEvent::DraftPlanned { year, replan_from: Some(from), slots } => format!(
                "{}の当番表を{}から計画し直し、下書きを作成しました（{slots}枠）",
                n.year(*year).ja(),
                Day(*from).ja()
            ),
            AuditEvent::DraftDiscarded { year } => {
                format!("{}の当番表の下書きを破棄しました", n.year(*year).ja())
            }
            AuditEvent::CallCancelled { call, member } => {
                format!("{call}番の依頼を取り消しました（{}として）", n.ja(member))
            }
            AuditEvent::SlotsFrozen { year, slots, frozen } => format!(
                "{}の当番表の{}を{}",
                n.year(*year).ja(),
                super::words::list(slots.iter().map(|s| duty(s).ja()), super::Lang::Ja),
                if *frozen { "固定しました" } else { "固定を解除しました" }
            ),
            AuditEvent::RotaChanged { kind, changes, request } => {
                let by = request
                    .map(|r| format!("（{}のご依頼 {r} による）", kind_ja(*kind)))
                    .unwrap_or_default();
                format!("{}: {}{by}", kind_ja(*kind), moves(n, changes, super::Lang::Ja))
            }
            AuditEvent::PartCovered { slot, doctor, by, from, to, request } => {
                let r = request.map(|r| format!("（代行のご依頼 {r} による）")).unwrap_or_default();
                format!(
                    "一部代行: {}の{}の当番のうち {}〜{} を{}が務めます{r}",
                    duty(slot).ja(),
                    n.ja(doctor),
                    super::Day(*from).ja(),
                    super::Day(*to).ja(),
                    n.ja(by)
                )
            }
            AuditEvent::CoverDropped { slot, days, doctor, by, from, to, now } => format!(
                "一部代行の取り消し: 再作成で{}が{}になったため、{}の当番のうち{}〜{}を{}が務める代行を取り消しました",
                super::slot::SlotRef { id: slot.clone(), days: *days }.ja(),
                super::words::together(now.iter().map(|d| n.ja(d)), super::Lang::Ja),
                n.ja(doctor),
                super::Day(*from).ja(),
                super::Day(*to).ja(),
                n.ja(by)
            ),
            AuditEvent::RequestOpened { kind, slot, their_slot, to } => match their_slot {
                Some(t) => format!(
                    "{}に交換をご依頼: {}と{}",
                    list_ja(n, to),
                    duty(slot).ja(),
                    duty(t).ja()
                ),
                None => {
                    format!("{}に{}の{}をご依頼", list_ja(n, to), duty(slot).ja(), kind_ja(*kind))
                }
            },
            AuditEvent::RequestAnswered { request, kind, outcome } => {
                let what = match outcome {
                    RequestOutcome::Accepted => "承諾されました",
                    RequestOutcome::Declined => "辞退されました",
                    RequestOutcome::Approved => "事務局が承認しました",
                    RequestOutcome::Rejected => "事務局が却下しました",
                    RequestOutcome::Withdrawn => "取り下げられました",
                    RequestOutcome::Expired => "期限を過ぎて終了しました",
                    RequestOutcome::RotaMoved => "当番表が変わったため終了しました",
                };
                format!("{}のご依頼 {request} は{what}", kind_ja(*kind))
            }
            AuditEvent::Actual { slot, was, is, reason } => format!(
                "{}は実際には{}が務めました（当番表では{}）。理由: {reason}",
                duty(slot).ja(),
                n.ja(is),
                n.ja(was)
            ),
            AuditEvent::RulesReloaded { from } => format!("ルールを {from} から読み込み直しました"),
            AuditEvent::HistoryImported { file, batch, n: count, added, replaced } => format!(
                "過去の当番 {count}件を {file} から取り込みました（取込番号 {batch}、新規 {added}件、置き換え {replaced}件）"
            ),
            AuditEvent::HistoryRemoved { batch, date, doctor, year, n: count, first } => {
                let filter = super::cli::Cli::HistoryFilter {
                    batch: *batch,
                    date: date.map(Day),
                    doctor: doctor.clone(),
                    year: year.map(|y| n.year(y)),
                }
                .ja();
                let listed: Vec<String> = first
                    .iter()
                    .map(|(d, who)| format!("{} {}", Day(*d).ja_long(), n.ja(who)))
                    .collect();
                let more = count.saturating_sub(first.len());
                let more = if more > 0 { format!("、ほか{more}件") } else { String::new() };
                format!(
                    "過去の当番 {count}件を削除しました（{filter}）: {}{more}",
                    super::words::list(listed.iter(), super::Lang::Ja)
                )
            }
        }
    }

    fn en(&self) -> String {
        let n = &self.names;
        match &self.event {
            AuditEvent::Hospital(e) => super::hospital::audit_en(e, n),
            AuditEvent::InRota { rota, event } => {
                let inner = AuditMsg { event: (**event).clone(), names: n.clone() };
                format!("rota '{rota}': {}", inner.en())
            }
            AuditEvent::PatientRegistered { patient } => format!("patient {patient} registered"),
            AuditEvent::PatientUpdated { patient } => format!("patient {patient} updated"),
            AuditEvent::PatientRemoved { patient, reason } => match reason {
                Some(r) => format!("patient {patient} removed: {r}"),
                None => format!("patient {patient} removed (no reason given)"),
            },
            AuditEvent::ContactSheet { patient } => {
                format!("contact sheet written for patient {patient}")
            }
            AuditEvent::PatientCourse { patient, event, date } => format!(
                "patient {patient}'s course: {} on {}",
                event_en(*event),
                Day(*date).en_long()
            ),
            AuditEvent::AbsenceAdded { absence, doctor, from, to, soft } => format!(
                "{} {absence} of {} added: {} to {}",
                if *soft { "preference" } else { "absence" },
                n.en(doctor),
                Day(*from).en_long(),
                Day(*to).en_long()
            ),
            AuditEvent::AbsenceRemoved { absence } => format!("absence {absence} removed"),
            AuditEvent::AbsenceEnded { absence, on } => {
                format!("absence {absence} ended on {} (/back)", Day(*on).en_long())
            }
            AuditEvent::Linked { member, channel } => {
                let channel = channel.as_deref().unwrap_or("Telegram");
                format!("{channel} account of {} linked", n.en(member))
            }
            AuditEvent::Unlinked { member, chat, n: count } => match chat {
                Some(c) => format!("Telegram chat {c} of {} disconnected", n.en(member)),
                None => format!("Telegram accounts of {} disconnected ({count})", n.en(member)),
            },
            AuditEvent::FeedTokenIssued { token, member } => match member {
                Some(m) => format!("feed token {token} issued for {}", n.en(m)),
                None => format!("feed token {token} issued for the whole rota"),
            },
            AuditEvent::FeedTokenRevoked { token } => format!("feed token {token} revoked"),
            AuditEvent::FeedTokensRevokedOnUnlink { member, n: count } => {
                let tokens = super::cli::plural(*count, "feed token");
                format!("{tokens} of {} revoked on unlink", n.en(member))
            }
            AuditEvent::Invited { member, until } => {
                format!("invitation for {}, valid until {}", n.en(member), n.when(*until).en())
            }
            AuditEvent::WebConsole { what, from } => match what {
                WebEvent::PasswordSet => format!("web console password set from {from}"),
                WebEvent::SignedIn => format!("signed in to the web console from {from}"),
                WebEvent::SignedOut => format!("signed out of the web console from {from}"),
                WebEvent::Failed { name } => format!("failed sign-in as '{name}' from {from}"),
                WebEvent::Locked { name, until } => {
                    format!("sign-in as '{name}' from {from} locked until {}", n.when(*until).en())
                }
                WebEvent::WhileLocked { name, until } => format!(
                    "sign-in as '{name}' from {from} refused: locked until {}",
                    n.when(*until).en()
                ),
            },
            AuditEvent::RulesEdited { id, name, added, file, note } => {
                let done = if *added { "added" } else { "edited" };
                let note = note.as_deref().map(|x| format!(", {}", edit_note(x, super::Lang::En)));
                format!("{name} ({id}) {done} in {file}{}", note.unwrap_or_default())
            }
            AuditEvent::MembersImported { file, added, updated, unchanged, written } => format!(
                "members imported from {file}: added {}{}, updated {}{}, unchanged {unchanged} ({})",
                added.len(),
                ids(added, ": "),
                updated.len(),
                ids(updated, ": "),
                super::words::list(written.iter(), super::Lang::En)
            ),
            AuditEvent::BackupWritten { file } => format!("backup {file} written"),
            AuditEvent::WebAccountAdded { member, until } => format!(
                "web console setup link for {}, valid until {}",
                n.en(member),
                n.when(*until).en()
            ),
            AuditEvent::WebAccountRemoved { member } => {
                format!("web console account of {} removed", n.en(member))
            }
            AuditEvent::SignInLinkIssued { member, admin, until } => format!(
                "one-time sign-in link to {} for {}, valid until {}",
                if *admin { "the web console" } else { "the doctor's pages" },
                n.en(member),
                n.when(*until).en()
            ),
            AuditEvent::DoctorSignedIn { from } => {
                format!("signed in to the doctor's pages from {from}")
            }
            AuditEvent::DoctorSignedOut { from } => {
                format!("signed out of the doctor's pages from {from}")
            }
            AuditEvent::RotaPublished { year } => format!("published the {year} rota"),
            AuditEvent::DraftPlanned { year, replan_from: None, slots } => {
                format!("made a draft of the {year} rota ({slots} slots)")
            }
            AuditEvent::DraftPlanned { year, replan_from: Some(from), slots } => format!(
                "re-planned the {year} rota from {} as a draft ({slots} slots)",
                Day(*from).en()
            ),
            AuditEvent::DraftDiscarded { year } => format!("discarded the {year} draft"),
            AuditEvent::CallCancelled { call, member } => {
                format!("cancelled call {call} (as {})", n.en(member))
            }
            AuditEvent::SlotsFrozen { year, slots, frozen } => format!(
                "{year}: {} {}",
                super::words::list(slots.iter().map(|s| duty(s).en()), super::Lang::En),
                if *frozen { "frozen" } else { "unfrozen" }
            ),
            AuditEvent::RotaChanged { kind, changes, request } => {
                let by = request.map(|r| format!(" (request {r})")).unwrap_or_default();
                format!("{}: {}{by}", kind_en(*kind), moves(n, changes, super::Lang::En))
            }
            AuditEvent::PartCovered { slot, doctor, by, from, to, request } => {
                let r = request.map(|r| format!(" (request {r})")).unwrap_or_default();
                // "the duty from …" read as "…'s duty from …".
                format!(
                    "partial cover: {} covers {} to {} of {}'s {}{r}",
                    n.en(by),
                    super::Day(*from).en(),
                    super::Day(*to).en(),
                    n.en(doctor),
                    duty(slot).en().trim_start_matches("the ")
                )
            }
            AuditEvent::CoverDropped { slot, days, doctor, by, from, to, now } => format!(
                "partial cover dropped: the re-plan gave {} to {}, so {}'s cover of {}'s duty from {} to {} was dropped",
                super::slot::SlotRef { id: slot.clone(), days: *days }.en(),
                super::words::together(now.iter().map(|d| n.en(d)), super::Lang::En),
                n.en(by),
                n.en(doctor),
                super::Day(*from).en(),
                super::Day(*to).en()
            ),
            AuditEvent::RequestOpened { kind, slot, their_slot, to } => match their_slot {
                Some(t) => {
                    format!(
                        "swap asked of {}: {} ↔ {}",
                        list_en(n, to),
                        duty(slot).en(),
                        duty(t).en()
                    )
                }
                None => {
                    format!("{} of {} asked of {}", kind_en(*kind), duty(slot).en(), list_en(n, to))
                }
            },
            AuditEvent::RequestAnswered { request, kind, outcome } => {
                let what = match outcome {
                    RequestOutcome::Accepted => "accepted",
                    RequestOutcome::Declined => "declined",
                    RequestOutcome::Approved => "approved",
                    RequestOutcome::Rejected => "rejected",
                    RequestOutcome::Withdrawn => "withdrawn",
                    RequestOutcome::Expired => "expired",
                    RequestOutcome::RotaMoved => "closed: the rota changed",
                };
                format!("{} request {request} {what}", kind_en(*kind))
            }
            AuditEvent::Actual { slot, was, is, reason } => {
                format!(
                    "{}: actually {} instead of {}: {reason}",
                    duty(slot).en(),
                    n.en(is),
                    n.en(was)
                )
            }
            AuditEvent::RulesReloaded { from } => format!("rules reloaded from {from}"),
            AuditEvent::HistoryImported { file, batch, n: count, added, replaced } => format!(
                "imported {} from {file} as batch {batch} ({added} new, {replaced} replaced)",
                super::cli::plural(*count, "duty").replace("dutys", "duties")
            ),
            AuditEvent::HistoryRemoved { batch, date, doctor, year, n: count, first } => {
                let filter = super::cli::Cli::HistoryFilter {
                    batch: *batch,
                    date: date.map(Day),
                    doctor: doctor.clone(),
                    year: year.map(|y| n.year(y)),
                }
                .en();
                let listed: Vec<String> = first
                    .iter()
                    .map(|(d, who)| format!("{} {}", Day(*d).en_long(), n.en(who)))
                    .collect();
                let more = count.saturating_sub(first.len());
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                let what = super::cli::plural(*count, "duty").replace("dutys", "duties");
                format!(
                    "removed {what} ({filter}): {}{more}",
                    super::words::list(listed.iter(), super::Lang::En)
                )
            }
        }
    }
}

impl Message for AuditAction {
    fn ja(&self) -> String {
        match &self.0 {
            AuditEvent::PatientRegistered { .. }
            | AuditEvent::PatientUpdated { .. }
            | AuditEvent::PatientRemoved { .. }
            | AuditEvent::ContactSheet { .. } => "患者登録".into(),
            AuditEvent::PatientCourse { .. } => "患者の経過".into(),
            AuditEvent::AbsenceAdded { .. }
            | AuditEvent::AbsenceRemoved { .. }
            | AuditEvent::AbsenceEnded { .. } => "不在".into(),
            AuditEvent::Linked { .. } | AuditEvent::Unlinked { .. } => "チャット連携".into(),
            AuditEvent::FeedTokenIssued { .. }
            | AuditEvent::FeedTokenRevoked { .. }
            | AuditEvent::FeedTokensRevokedOnUnlink { .. } => "カレンダー配信".into(),
            AuditEvent::Invited { .. } => "招待".into(),
            AuditEvent::WebAccountAdded { .. }
            | AuditEvent::WebAccountRemoved { .. }
            | AuditEvent::WebConsole { .. } => "事務局の画面".into(),
            AuditEvent::SignInLinkIssued { .. }
            | AuditEvent::DoctorSignedIn { .. }
            | AuditEvent::DoctorSignedOut { .. } => "ログイン".into(),
            AuditEvent::RulesEdited { .. } | AuditEvent::MembersImported { .. } => "ルール".into(),
            AuditEvent::BackupWritten { .. } => "バックアップ".into(),
            AuditEvent::RotaPublished { .. } => "公開".into(),
            AuditEvent::DraftPlanned { .. } => "計画".into(),
            AuditEvent::DraftDiscarded { .. } => "下書き破棄".into(),
            AuditEvent::CallCancelled { .. } => "依頼の取り消し".into(),
            AuditEvent::SlotsFrozen { frozen: true, .. } => "固定".into(),
            AuditEvent::SlotsFrozen { frozen: false, .. } => "固定解除".into(),
            AuditEvent::RotaChanged { kind, .. }
            | AuditEvent::RequestOpened { kind, .. }
            | AuditEvent::RequestAnswered { kind, .. } => kind_ja(*kind).into(),
            AuditEvent::PartCovered { .. } => "一部代行".into(),
            AuditEvent::CoverDropped { .. } => "一部代行の取り消し".into(),
            AuditEvent::Actual { .. } => "当番の実績".into(),
            AuditEvent::RulesReloaded { .. } => "ルール".into(),
            AuditEvent::HistoryImported { .. } | AuditEvent::HistoryRemoved { .. } => {
                "過去の当番".into()
            }
            AuditEvent::Hospital(e) => super::hospital::action_ja(e).into(),
            AuditEvent::InRota { event, .. } => AuditAction((**event).clone()).ja(),
        }
    }

    /// The same words in English (the stored key, `action()`, stays for JSON and filters).
    fn en(&self) -> String {
        match &self.0 {
            AuditEvent::PatientRegistered { .. }
            | AuditEvent::PatientUpdated { .. }
            | AuditEvent::PatientRemoved { .. }
            | AuditEvent::ContactSheet { .. } => "Patient registry".into(),
            AuditEvent::PatientCourse { .. } => "Patient's course".into(),
            AuditEvent::AbsenceAdded { .. }
            | AuditEvent::AbsenceRemoved { .. }
            | AuditEvent::AbsenceEnded { .. } => "Absence".into(),
            AuditEvent::Linked { .. } | AuditEvent::Unlinked { .. } => "Chat link".into(),
            AuditEvent::FeedTokenIssued { .. }
            | AuditEvent::FeedTokenRevoked { .. }
            | AuditEvent::FeedTokensRevokedOnUnlink { .. } => "Calendar feed".into(),
            AuditEvent::Invited { .. } => "Invitation".into(),
            AuditEvent::WebAccountAdded { .. }
            | AuditEvent::WebAccountRemoved { .. }
            | AuditEvent::WebConsole { .. } => "Office console".into(),
            AuditEvent::SignInLinkIssued { .. }
            | AuditEvent::DoctorSignedIn { .. }
            | AuditEvent::DoctorSignedOut { .. } => "Sign-in".into(),
            AuditEvent::RulesEdited { .. } | AuditEvent::MembersImported { .. } => "Rules".into(),
            AuditEvent::BackupWritten { .. } => "Backup".into(),
            AuditEvent::RotaPublished { .. } => "Published".into(),
            AuditEvent::DraftPlanned { .. } => "Planned".into(),
            AuditEvent::DraftDiscarded { .. } => "Draft discarded".into(),
            AuditEvent::CallCancelled { .. } => "Call cancelled".into(),
            AuditEvent::SlotsFrozen { frozen: true, .. } => "Frozen".into(),
            AuditEvent::SlotsFrozen { frozen: false, .. } => "Unfrozen".into(),
            AuditEvent::RotaChanged { kind, .. }
            | AuditEvent::RequestOpened { kind, .. }
            | AuditEvent::RequestAnswered { kind, .. } => match kind {
                ChangeKind::Swap => "Swap",
                ChangeKind::Cover => "Cover",
                ChangeKind::Change => "Duty change",
            }
            .into(),
            AuditEvent::PartCovered { .. } => "Partial cover".into(),
            AuditEvent::CoverDropped { .. } => "Partial cover removed".into(),
            AuditEvent::Actual { .. } => "Actual duty".into(),
            AuditEvent::RulesReloaded { .. } => "Rules".into(),
            AuditEvent::HistoryImported { .. } | AuditEvent::HistoryRemoved { .. } => {
                "Past duties".into()
            }
            AuditEvent::Hospital(e) => super::hospital::action_en(e).into(),
            AuditEvent::InRota { event, .. } => AuditAction((**event).clone()).en(),
        }
    }
}

/// The ids of an import, after `sep` (at most 20, then "…"), or nothing.
fn ids(list: &[String], sep: &str) -> String {
    if list.is_empty() {
        return String::new();
    }
    let more = if list.len() > 20 { " …" } else { "" };
    format!("{sep}{}{more}", list.iter().take(20).cloned().collect::<Vec<_>>().join(" "))
}

/// An audit entry's "what" and "detail" for a reader: a typed entry from the catalogue in
/// `lang`, with members named by `names`; an entry written before events existed as written.
/// The one rendering of `toban audit` and the console's audit page.
pub fn said(
    entry: &crate::store::AuditEntry,
    names: &Names,
    lang: super::Lang,
) -> (String, String) {
    match &entry.event {
        Some(event) => (
            AuditAction(event.clone()).render(lang),
            AuditMsg { event: event.clone(), names: names.clone() }.render(lang),
        ),
        None => (entry.action.clone(), entry.detail.clone()),
    }
}

impl AuditMsg {
    /// One of every event (the `match` keeps the list complete).
    pub fn samples() -> Vec<AuditMsg> {
        use crate::ids::PatientId;
        let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 9).expect("date");
        let t = DateTime::<Utc>::from_timestamp(1_804_000_000, 0).expect("instant");
        let s = || "d01".to_string();
        let moved = || vec![Moved { slot: "2027-03-09".into(), from: s(), to: "d02".into() }];
        let names = Names::sample();
        let events = vec![
            AuditEvent::PatientRegistered { patient: PatientId::new(1) },
            AuditEvent::PatientUpdated { patient: PatientId::new(1) },
            AuditEvent::PatientRemoved { patient: PatientId::new(1), reason: None },
            AuditEvent::ContactSheet { patient: PatientId::new(1) },
            AuditEvent::PatientRemoved {
                patient: PatientId::new(1),
                reason: Some("二重登録".into()),
            },
            AuditEvent::PatientCourse {
                patient: PatientId::new(1),
                event: crate::routing::CourseEvent::DiedHome,
                date: day,
            },
            AuditEvent::AbsenceAdded {
                absence: crate::ids::AbsenceId::new(1),
                doctor: s(),
                from: day,
                to: day,
                soft: false,
            },
            AuditEvent::AbsenceAdded {
                absence: crate::ids::AbsenceId::new(1),
                doctor: s(),
                from: day,
                to: day,
                soft: true,
            },
            AuditEvent::AbsenceRemoved { absence: crate::ids::AbsenceId::new(1) },
            AuditEvent::AbsenceEnded { absence: crate::ids::AbsenceId::new(1), on: day },
            AuditEvent::Linked { member: s(), channel: None },
            AuditEvent::Linked { member: s(), channel: Some("LINE".into()) },
            AuditEvent::Unlinked { member: s(), chat: Some(5), n: 1 },
            AuditEvent::Unlinked { member: s(), chat: None, n: 2 },
            AuditEvent::FeedTokenIssued {
                token: crate::ids::FeedTokenId::new(1),
                member: Some(s()),
            },
            AuditEvent::FeedTokenIssued { token: crate::ids::FeedTokenId::new(1), member: None },
            AuditEvent::FeedTokenRevoked { token: crate::ids::FeedTokenId::new(1) },
            AuditEvent::FeedTokensRevokedOnUnlink { member: s(), n: 2 },
            AuditEvent::Invited { member: s(), until: t },
            AuditEvent::WebAccountAdded { member: "office".into(), until: t },
            AuditEvent::WebAccountRemoved { member: "office".into() },
            AuditEvent::SignInLinkIssued { member: s(), admin: false, until: t },
            AuditEvent::SignInLinkIssued { member: "office".into(), admin: true, until: t },
            AuditEvent::DoctorSignedIn { from: "127.0.0.1".into() },
            AuditEvent::DoctorSignedOut { from: "127.0.0.1".into() },
            AuditEvent::WebConsole { what: WebEvent::PasswordSet, from: "127.0.0.1".into() },
            AuditEvent::WebConsole { what: WebEvent::SignedIn, from: "127.0.0.1".into() },
            AuditEvent::WebConsole { what: WebEvent::SignedOut, from: "127.0.0.1".into() },
            AuditEvent::WebConsole {
                what: WebEvent::Failed { name: "office".into() },
                from: "127.0.0.1".into(),
            },
            AuditEvent::WebConsole {
                what: WebEvent::Locked { name: "office".into(), until: t },
                from: "127.0.0.1".into(),
            },
            AuditEvent::WebConsole {
                what: WebEvent::WhileLocked { name: "office".into(), until: t },
                from: "127.0.0.1".into(),
            },
            AuditEvent::RulesEdited {
                id: "d13".into(),
                name: "新井 翔".into(),
                added: true,
                file: "members.toml".into(),
                note: None,
            },
            AuditEvent::MembersImported {
                file: "members.xlsx".into(),
                added: vec!["d13".into()],
                updated: vec!["d02".into(), "d05".into()],
                unchanged: 8,
                written: vec!["members.toml".into()],
            },
            AuditEvent::BackupWritten { file: "toban-2027.backup".into() },
            AuditEvent::RotaPublished { year: 2027 },
            AuditEvent::DraftPlanned { year: 2027, replan_from: None, slots: 52 },
            AuditEvent::DraftPlanned {
                year: 2027,
                replan_from: chrono::NaiveDate::from_ymd_opt(2027, 6, 1),
                slots: 52,
            },
            AuditEvent::DraftDiscarded { year: 2027 },
            AuditEvent::CallCancelled { call: crate::ids::CallId::new(3), member: "office".into() },
            AuditEvent::SlotsFrozen { year: 2027, slots: vec!["2027-03-09".into()], frozen: true },
            AuditEvent::SlotsFrozen { year: 2027, slots: vec!["2027-03-09".into()], frozen: false },
            AuditEvent::RotaChanged {
                kind: ChangeKind::Swap,
                changes: moved(),
                request: Some(crate::ids::SwapRequestId::new(3)),
            },
            AuditEvent::RotaChanged { kind: ChangeKind::Change, changes: moved(), request: None },
            AuditEvent::PartCovered {
                slot: "2027-03-09".into(),
                doctor: "d01".into(),
                by: "d02".into(),
                from: chrono::NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
                request: None,
            },
            AuditEvent::CoverDropped {
                slot: "2027-03-09".into(),
                days: Some(super::partial::SlotDays {
                    first: super::Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 9).unwrap()),
                    last: super::Day(chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()),
                }),
                doctor: "d01".into(),
                by: "d02".into(),
                from: chrono::NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2027, 3, 11).unwrap(),
                now: vec!["d03".into()],
            },
            AuditEvent::RequestOpened {
                kind: ChangeKind::Swap,
                slot: "2027-03-09".into(),
                their_slot: Some("2027-03-16".into()),
                to: vec![s()],
            },
            AuditEvent::RequestOpened {
                kind: ChangeKind::Cover,
                slot: "2027-03-09".into(),
                their_slot: None,
                to: vec![s(), "d02".into()],
            },
            AuditEvent::RequestAnswered {
                request: crate::ids::SwapRequestId::new(3),
                kind: ChangeKind::Cover,
                outcome: RequestOutcome::Expired,
            },
            AuditEvent::Actual {
                slot: "2027-03-09".into(),
                was: s(),
                is: "d02".into(),
                reason: "急病".into(),
            },
            AuditEvent::RulesReloaded { from: "rules".into() },
            AuditEvent::HistoryImported {
                file: "past.csv".into(),
                batch: crate::ids::ImportBatch::new(2),
                n: 3,
                added: 2,
                replaced: 1,
            },
            AuditEvent::HistoryRemoved {
                batch: Some(crate::ids::ImportBatch::new(2)),
                date: None,
                doctor: None,
                year: None,
                n: 21,
                first: vec![(day, s())],
            },
            AuditEvent::Hospital(crate::store::HospitalEvent::PatientList {
                hospital: "h1".into(),
                n: 3,
                format: "csv".into(),
            }),
            AuditEvent::Hospital(crate::store::HospitalEvent::Beds {
                hospital: "h1".into(),
                status: crate::store::BedStatus::Open,
                vacant: Some(2),
            }),
            AuditEvent::Hospital(crate::store::HospitalEvent::Board {
                doctor: s(),
                open: true,
                note: "内科".into(),
            }),
            AuditEvent::InRota {
                rota: "north".parse().unwrap(),
                event: Box::new(AuditEvent::RotaPublished { year: 2027 }),
            },
        ];
        for e in &events {
            match e {
                AuditEvent::PatientRegistered { .. }
                | AuditEvent::PatientUpdated { .. }
                | AuditEvent::PatientRemoved { .. }
                | AuditEvent::PatientCourse { .. }
                | AuditEvent::ContactSheet { .. }
                | AuditEvent::AbsenceAdded { .. }
                | AuditEvent::AbsenceRemoved { .. }
                | AuditEvent::AbsenceEnded { .. }
                | AuditEvent::Linked { .. }
                | AuditEvent::Unlinked { .. }
                | AuditEvent::FeedTokenIssued { .. }
                | AuditEvent::FeedTokenRevoked { .. }
                | AuditEvent::FeedTokensRevokedOnUnlink { .. }
                | AuditEvent::Invited { .. }
                | AuditEvent::WebAccountAdded { .. }
                | AuditEvent::WebAccountRemoved { .. }
                | AuditEvent::SignInLinkIssued { .. }
                | AuditEvent::DoctorSignedIn { .. }
                | AuditEvent::DoctorSignedOut { .. }
                | AuditEvent::WebConsole { .. }
                | AuditEvent::RulesEdited { .. }
                | AuditEvent::MembersImported { .. }
                | AuditEvent::BackupWritten { .. }
                | AuditEvent::RotaPublished { .. }
                | AuditEvent::DraftPlanned { .. }
                | AuditEvent::DraftDiscarded { .. }
                | AuditEvent::CallCancelled { .. }
                | AuditEvent::SlotsFrozen { .. }
                | AuditEvent::RotaChanged { .. }
                | AuditEvent::PartCovered { .. }
                | AuditEvent::CoverDropped { .. }
                | AuditEvent::RequestOpened { .. }
                | AuditEvent::RequestAnswered { .. }
                | AuditEvent::Actual { .. }
                | AuditEvent::RulesReloaded { .. }
                | AuditEvent::HistoryImported { .. }
                | AuditEvent::HistoryRemoved { .. }
                | AuditEvent::Hospital(_)
                | AuditEvent::InRota { .. } => {}
            }
        }
        events.into_iter().map(|event| AuditMsg { event, names: names.clone() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // See: issue 18 English review 27: the English audit's "what" column showed the stored
    // keys ("web_link", "me_login", "actual").
    #[test]
    fn the_english_action_is_words_not_a_key() {
        for m in AuditMsg::samples() {
            let en = AuditAction(m.event.clone()).en();
            assert!(!en.contains('_'), "{en}");
            assert!(en.starts_with(|c: char| c.is_ascii_uppercase()), "{en}");
        }
    }

    #[test]
    fn every_audit_event_reads_in_both_languages() {
        for m in AuditMsg::samples() {
            super::super::check_both(&m);
            super::super::check_both(&AuditAction(m.event.clone()));
        }
    }

    #[test]
    fn doctors_are_named_with_sensei_and_days_as_people_write_them() {
        let m = AuditMsg::samples()
            .into_iter()
            .find(|m| matches!(m.event, AuditEvent::AbsenceAdded { soft: false, .. }))
            .expect("sample");
        assert_eq!(
            m.ja(),
            "佐藤 一郎先生の不在 1 を登録しました: 2027年3月9日(火)〜2027年3月9日(火)"
        );
        assert_eq!(m.en(), "absence 1 of 佐藤 一郎 (d01) added: Tue 9 Mar 2027 to Tue 9 Mar 2027");
    }

    /// A dropped cover names its duty by its days (issue 18); an entry kept before the days
    /// were stored names it by its id's day.
    #[test]
    fn a_dropped_cover_names_the_duty_by_its_days() {
        let m = AuditMsg::samples()
            .into_iter()
            .find(|m| matches!(m.event, AuditEvent::CoverDropped { .. }))
            .expect("sample");
        assert!(m.ja().contains("3月9日(火)〜3月15日(月)の当番（2027-03-09）"), "{}", m.ja());
        assert!(m.en().contains("the duty of Tue 9 Mar to Mon 15 Mar (2027-03-09)"), "{}", m.en());
        let old: AuditEvent = serde_json::from_value(serde_json::json!({
            "type": "cover_dropped", "slot": "2027-03-09", "doctor": "d01", "by": "d02",
            "from": "2027-03-10", "to": "2027-03-11", "now": ["d03"]
        }))
        .expect("an entry of before issue 18 still reads");
        let old = AuditMsg { event: old, ..m };
        assert!(old.ja().contains("3月9日(火)からの当番（2027-03-09）"), "{}", old.ja());
    }

    // See: issue 18 (review): the audit page read 「交代: 2027-03-09 の当番」 and 「ルールの
    // d05（大野 修）を変更しました（members.toml、left = 2027-03-31）」.
    #[test]
    fn a_change_names_the_duty_by_its_day_and_a_members_edit_in_words() {
        let names = Names::sample();
        let edit = AuditMsg {
            event: AuditEvent::RulesEdited {
                id: "d01".into(),
                name: "佐藤 一郎".into(),
                added: false,
                file: "members.toml".into(),
                note: Some("left = 2027-03-31".into()),
            },
            names: names.clone(),
        };
        assert_eq!(
            edit.ja(),
            "佐藤 一郎先生（d01）の登録内容を変更しました（退会日 2027年3月31日(水)）"
        );
        assert!(!edit.ja().contains("left") && !edit.ja().contains("toml"), "{}", edit.ja());
        assert_eq!(edit_note("04-29 – 05-05", super::super::Lang::Ja), "期間 4月29日〜5月5日");
        let moved = MovedMsg {
            moved: Moved { slot: "2027-03-09".into(), from: "d01".into(), to: "d02".into() },
            names,
        };
        assert!(
            moved.ja().starts_with("3月9日(火)からの当番（2027-03-09）: 佐藤 一郎先生 → "),
            "{}",
            moved.ja()
        );
        for m in AuditMsg::samples() {
            assert!(!m.ja().contains("の当番: ") || !m.ja().contains(" の当番"), "{}", m.ja());
            assert!(!m.ja().contains("2027-03-09 の"), "a bare slot id: {}", m.ja());
        }
    }

    #[test]
    fn events_are_stored_as_tagged_json() {
        let e = AuditEvent::PatientCourse {
            patient: crate::ids::PatientId::new(2),
            event: crate::routing::CourseEvent::DiedHome,
            date: chrono::NaiveDate::from_ymd_opt(2027, 3, 10).expect("date"),
        };
        let json = serde_json::to_value(&e).expect("json");
        assert_eq!(json["type"], "patient_course");
        assert_eq!(json["event"], "died_home");
        assert_eq!(json["date"], "2027-03-10");
        assert_eq!(serde_json::from_value::<AuditEvent>(json).expect("back"), e);
    }

    // See: issue 18 (English review 28): the audit log read "covers Kimura Mari (d07)'s the
    // duty from Tue 2 Mar".
    #[test]
    fn a_partial_cover_reads_as_one_doctors_duty() {
        let m = AuditMsg::samples()
            .into_iter()
            .find(|m| matches!(m.event, AuditEvent::PartCovered { .. }))
            .expect("sample");
        assert_eq!(
            m.en(),
            "partial cover: d02 covers Wed 10 Mar to Thu 11 Mar of 佐藤 一郎 (d01)'s duty from Tue 9 Mar (2027-03-09)"
        );
    }
}
