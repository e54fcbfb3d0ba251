//! The commented rules files `toban init` writes: the shipped association's settings with the
//! office's answers filled in, comments in the association's language.

use std::fmt::Write as _;

use super::members::{Kind, Member};
use crate::rules::Language;

/// The office's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// The association's name.
    pub name: String,
    /// Its short id (ASCII).
    pub id: String,
    /// The language of messages and comments.
    pub language: Language,
    /// "01-01" or "04-01".
    pub year_start: String,
    /// Doctors on duty at once.
    pub doctors_per_slot: u32,
    /// "mon" … "sun".
    pub handover_weekday: String,
    /// "HH:MM".
    pub handover_time: String,
    /// New Year and Golden Week as rotating holiday duties.
    pub holidays: bool,
    /// Obon (8/13–8/16) as a rotating holiday duty too.
    pub obon: bool,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            name: "○○医師会 在宅患者24時間支援システム".into(),
            id: "ishikai".into(),
            language: Language::Ja,
            year_start: "01-01".into(),
            doctors_per_slot: 1,
            handover_weekday: "tue".into(),
            handover_time: "09:00".into(),
            holidays: true,
            obon: false,
        }
    }
}

/// A TOML string literal (quoted, escaped).
pub fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `association.toml`.
pub fn association(a: &Answers) -> String {
    let ja = a.language == Language::Ja;
    let lang = if ja { "ja" } else { "en" };
    let c = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        c(
            "# 医師会と当番の決まり。`toban init` が作成しました。どの値も変更でき、\n# `toban check` で確かめられます。会員は members.toml にあります。",
            "# The association and how its duty works, written by `toban init`. Every value can be\n# changed; `toban check` validates the result. Members are in members.toml."
        )
    );
    let _ = writeln!(s, "\n[association]");
    let _ = writeln!(
        s,
        "{:<34}{}",
        format!("id = {}", quote(&a.id)),
        c("# 英数字の略称（あとから変更しないでください）", "# short id (do not change it later)")
    );
    let _ = writeln!(s, "name = {}", quote(&a.name));
    let _ = writeln!(
        s,
        "time_zone = \"Asia/Tokyo\"          {}",
        c(
            "# 規則の日時はすべてこのタイムゾーン",
            "# IANA zone; every date and time in the rules is in it"
        )
    );
    let _ = writeln!(
        s,
        "language = \"{lang}\"                   {}",
        c(
            "# 会員へのメッセージの言語: \"ja\" または \"en\"",
            "# messages to members: \"ja\" or \"en\""
        )
    );
    let _ = writeln!(
        s,
        "plan_year_start = \"{}\"         {}",
        a.year_start,
        c(
            "# \"01-01\" は暦年、\"04-01\" は年度",
            "# \"01-01\" a calendar year, \"04-01\" a fiscal year"
        )
    );
    let _ = writeln!(s, "\n[duty]");
    let _ = writeln!(
        s,
        "handover_weekday = \"{}\"          {}",
        a.handover_weekday,
        c(
            "# 交代の曜日（月曜は祝日が多いため火曜が無難です）",
            "# Mondays are often public holidays"
        )
    );
    let _ = writeln!(s, "handover_time = \"{}\"", a.handover_time);
    let _ = writeln!(
        s,
        "doctors_per_slot = {}              {}",
        a.doctors_per_slot,
        c("# 1枠あたりの当番医の人数", "# doctors on duty at once")
    );
    let _ = writeln!(
        s,
        "min_gap_slots = 1                 {}",
        c(
            "# 同じ医師の当番の間に最低1枠あける",
            "# at least one slot between two duties of one doctor"
        )
    );
    let _ = writeln!(
        s,
        "merge_shorter_than_days = 4       {}",
        c(
            "# 休日当番に挟まれてこれより短くなる通常枠は隣の枠に含める",
            "# a regular slot left shorter than this next to a holiday period joins its neighbour"
        )
    );
    s.push_str(&c(
        "\n[weights]\n# 負担の点数（整数）。休日当番は免除される通常当番の分を含めて2回分と数えます。\nregular_slot = 2\nholiday_slot = 4\npublic_holiday_day = 1            # 通常枠に含まれる祝日1日ごとの加点\n",
        "\n[weights]\n# Load points, integers. A holiday slot weighs two regular turns because it replaces the\n# regular turn its doctor is exempted from.\nregular_slot = 2\nholiday_slot = 4\npublic_holiday_day = 1            # added to a regular slot for each public holiday inside it\n",
    ));
    s.push_str(&c(
        "\n[exemption]\n# 休日当番の前に通常当番を免除する枠数: \"rotation\" は一巡分（医師数 ÷ 1枠の人数）\nslots_before_holiday = \"rotation\"\n",
        "\n[exemption]\n# Slots before a holiday duty in which its doctor has no regular duty: \"rotation\" is one\n# full turn (doctors / doctors_per_slot), or a whole number of slots.\nslots_before_holiday = \"rotation\"\n",
    ));
    s.push_str(&c(
        "\n[escalation]\n# 依頼に応答がないとき次へ回すまでの分数（半分の時間で一度再送します）\nattending_minutes = 10\nduty_doctor_minutes = 15\nhospital_minutes = 10\nfollowup_minutes = 60             # 受諾からこの分数以内の同じ患者の依頼は追加連絡として扱う\n",
        "\n[escalation]\n# Minutes each step of a call waits for Accept before the next step is asked (the request is\n# sent once more at half its time).\nattending_minutes = 10\nduty_doctor_minutes = 15\nhospital_minutes = 10\nfollowup_minutes = 60             # a call within this long of an acceptance is a follow-up\n",
    ));
    s.push_str(&c(
        "\n[swap]\nadmin_approval = false            # true: 医師間で合意した交換・代行にも事務局の承認が必要\ncover_order = \"at_once\"           # 代行の依頼: \"at_once\"（一斉に依頼し最初の受諾で決定）または \"in_turn\"（順番に）\ncover_ask = 3                     # 依頼する医師の数（累積負担の少ない順）\ncover_hours = 24                  # この時間で決まらなければ事務局に通知\ncover_turn_hours = 4              # \"in_turn\" のとき1人あたりの回答時間\n",
        "\n[swap]\nadmin_approval = false            # true: a swap or cover agreed between doctors also needs the office's approval\ncover_order = \"at_once\"           # cover requests ask colleagues \"at_once\" or \"in_turn\"\ncover_ask = 3                     # how many colleagues are asked, lowest balance first\ncover_hours = 24                  # then the office is alerted\ncover_turn_hours = 4              # \"in_turn\": hours each colleague has\n",
    ));
    s.push_str(&c(
        "\n[backup]\nevery_hours = 24                  # `toban serve` がこの間隔でバックアップを作成（0: 作成しない）\nkeep = 14                         # 保存する世代数\ndir = \"backups\"                   # 別のディスクが望ましい\n",
        "\n[backup]\nevery_hours = 24                  # `toban serve` writes a backup this often (0: never)\nkeep = 14                         # and keeps this many\ndir = \"backups\"                   # better on another disk\n",
    ));
    s.push_str(&c(
        "\n[delivery]\ndead_letter_minutes = 10          # この時間届かないメッセージは serve の画面に表示し事務局に通知\n",
        "\n[delivery]\ndead_letter_minutes = 10          # undelivered this long: printed on serve's console, the office told\n",
    ));
    s.push_str(&c(
        "\n[feed]\nalarm_minutes = 1440              # カレンダーで当番の何分前に通知するか（0: 通知しない）\n",
        "\n[feed]\nalarm_minutes = 1440              # calendar feeds remind this many minutes before a duty (0: none)\n",
    ));
    if a.holidays {
        s.push_str(&c(
            "\n# 休日当番: 毎年、一巡するように割り当てます。\n[[holiday_period]]\nid = \"new_year\"\nname = \"年末年始\"\nstart = \"12-29\"\nend = \"01-03\"\n\n[[holiday_period]]\nid = \"golden_week\"\nname = \"ゴールデンウィーク\"\nstart = \"04-29\"\nend = \"05-05\"\nextend_over_public_holidays = true  # 5/6 が振替休日なら 5/6 まで\n",
            "\n# Holiday duties: they come round to each doctor in turn, across years.\n[[holiday_period]]\nid = \"new_year\"\nname = \"New Year\"\nstart = \"12-29\"\nend = \"01-03\"\n\n[[holiday_period]]\nid = \"golden_week\"\nname = \"Golden Week\"\nstart = \"04-29\"\nend = \"05-05\"\nextend_over_public_holidays = true  # runs to 5/6 when 5/6 is a substitute holiday\n",
        ));
    }
    if a.obon {
        s.push_str(&c(
            "\n[[holiday_period]]\nid = \"obon\"\nname = \"お盆\"\nstart = \"08-13\"\nend = \"08-16\"\n",
            "\n[[holiday_period]]\nid = \"obon\"\nname = \"Obon\"\nstart = \"08-13\"\nend = \"08-16\"\n",
        ));
    }
    s
}

/// `members.toml` from `members`; `example`: they are placeholders the office must replace.
pub fn members(members: &[Member], language: Language, example: bool) -> String {
    let ja = language == Language::Ja;
    let mut s = String::new();
    s.push_str(if ja {
        "# 会員。患者の情報はここに書かないでください（患者はストアに保存されます）。\n#\n# doctor:        当番医。id, name（氏名）, clinic（医療機関）, fte（負担の割合、既定 1.0）,\n#                joined / left（入会日・退会日、任意）, phone（夜間の折り返し番号、任意）\n# hospital:      後方支援病院。order の順に当番医の次に依頼します\n# nurse_station: 依頼を出す訪問看護ステーション\n# admin:         事務局\n# 退会した医師は削除せず left に日付を入れてください（記録が残るため）。\n"
    } else {
        "# Members of the association. No patient data belongs here: patients live in the store.\n#\n# doctor:        id, name, clinic, fte (share of a full load, default 1.0),\n#                joined / left (membership dates, optional), phone (optional)\n# hospital:      backup hospitals, asked in `order` after the duty doctor\n# nurse_station: visiting-nurse stations that raise calls\n# admin:         the association's office\n# A doctor who leaves keeps their entry with a `left` date (their records stay).\n"
    });
    if example {
        s.push_str(if ja {
            "#\n# 以下は例です。実際の会員に置き換えてから `toban check` を実行してください。\n# （会員の一覧表があれば `toban init DIR --members 一覧.csv` でも作れます）\n"
        } else {
            "#\n# The members below are examples: replace them with yours, then run `toban check`.\n# (`toban init DIR --members list.csv` builds this file from a spreadsheet.)\n"
        });
    }
    let section = |k: Kind| match k {
        Kind::Doctor => "doctor",
        Kind::Hospital => "hospital",
        Kind::NurseStation => "nurse_station",
        Kind::Admin => "admin",
    };
    for kind in [Kind::Doctor, Kind::Hospital, Kind::NurseStation, Kind::Admin] {
        for m in members.iter().filter(|m| m.kind == kind) {
            let _ = writeln!(s, "\n[[{}]]", section(kind));
            let _ = writeln!(s, "id = {}", quote(&m.id));
            let _ = writeln!(s, "name = {}", quote(&m.name));
            if kind == Kind::Doctor {
                let clinic = if m.clinic.is_empty() { &m.name } else { &m.clinic };
                let _ = writeln!(s, "clinic = {}", quote(clinic));
                if let Some(f) = m.fte {
                    let _ = writeln!(s, "fte = {f}");
                }
                if let Some(d) = m.joined {
                    let _ = writeln!(s, "joined = {d}");
                }
                if let Some(d) = m.left {
                    let _ = writeln!(s, "left = {d}");
                }
            }
            if !m.phone.is_empty() {
                let _ = writeln!(s, "phone = {}", quote(&m.phone));
            }
            if let (Kind::Hospital, Some(o)) = (kind, m.order) {
                let _ = writeln!(s, "order = {o}");
            }
        }
    }
    s
}

/// Placeholder members for a first try: four doctors, a hospital, a station and the office.
///
/// With `doctors_per_slot` above 1, enough example doctors (2k + 1) that `toban plan` can plan
/// the year: fewer cannot cover the weeks around a holiday duty with the gap kept, and `toban
/// check` (rightly) refuses such rules.
pub fn example_members(language: Language, doctors_per_slot: u32) -> Vec<Member> {
    let ja = language == Language::Ja;
    let m = |kind, id: &str, name: &str, clinic: &str, phone: &str, order| Member {
        kind,
        id: id.into(),
        name: name.into(),
        clinic: clinic.into(),
        fte: None,
        joined: None,
        left: None,
        phone: phone.into(),
        order,
    };
    let n = |j: &'static str, e: &'static str| if ja { j } else { e };
    let mut all = vec![
        m(
            Kind::Doctor,
            "d01",
            n("例 一郎", "Example One"),
            n("例内科医院", "Example Clinic"),
            "",
            None,
        ),
        m(
            Kind::Doctor,
            "d02",
            n("例 二郎", "Example Two"),
            n("例クリニック", "Example Practice"),
            "",
            None,
        ),
        m(
            Kind::Doctor,
            "d03",
            n("例 三子", "Example Three"),
            n("例医院", "Example Surgery"),
            "",
            None,
        ),
        m(
            Kind::Doctor,
            "d04",
            n("例 四郎", "Example Four"),
            n("例診療所", "Example Health"),
            "",
            None,
        ),
        m(Kind::Hospital, "h1", n("例 中央病院", "Example Hospital"), "", "000-0000-0000", Some(1)),
        m(Kind::NurseStation, "ns1", n("例 訪問看護ステーション", "Example Nursing"), "", "", None),
        m(Kind::Admin, "office", n("例 医師会 事務局", "Example Office"), "", "", None),
    ];
    let doctors = (2 * doctors_per_slot as usize + 1).max(4);
    for i in 5..=doctors {
        let (name, clinic) = if ja {
            (format!("例 医師{i}"), format!("例医院{i}"))
        } else {
            (format!("Example Doctor {i}"), format!("Example Clinic {i}"))
        };
        all.insert(i - 1, m(Kind::Doctor, &format!("d{i:02}"), &name, &clinic, "", None));
    }
    all
}
