//! What is wrong with one field of a Members entry (issue 18), in the office's words: the
//! field named by its form label, what to write instead, never a file, a line or a key of the
//! rules. The problems are [`crate::rules::edit::fields::FieldProblem`], found before the
//! rules loader; the console shows each under its field, the command line one a line.

use super::{Day, Doctor, Message};
use crate::rules::edit::fields::{Field, FieldProblem, IdKind, Owner};

/// A field's label in Japanese, as the form shows it.
fn label_ja(f: Field) -> &'static str {
    match f {
        Field::Id(IdKind::Doctor) => "会員ID",
        Field::Id(IdKind::Hospital) => "病院ID",
        Field::Id(IdKind::Station) => "ステーションID",
        Field::Id(IdKind::Period) => "期間ID",
        Field::Name => "氏名",
        Field::NameEn => "英語表記",
        Field::PlaceName => "名称",
        Field::Clinic => "医療機関",
        Field::Fte => "負担の割合",
        Field::Phone => "電話番号",
        Field::Joined => "入会日",
        Field::Left => "退会日",
        Field::Order => "順番",
        Field::Start => "初日",
        Field::End => "最終日",
        Field::Weight => "負担の重み",
    }
}

/// A field's label in English, inside a sentence.
fn label_en(f: Field) -> &'static str {
    match f {
        Field::Id(IdKind::Doctor) => "ID",
        Field::Id(IdKind::Hospital) => "hospital ID",
        Field::Id(IdKind::Station) => "station ID",
        Field::Id(IdKind::Period) => "period ID",
        Field::Name | Field::PlaceName => "name",
        Field::NameEn => "name in English",
        Field::Clinic => "clinic",
        Field::Fte => "share of a full load",
        Field::Phone => "phone number",
        Field::Joined => "date joined",
        Field::Left => "date left",
        Field::Order => "order",
        Field::Start => "first day",
        Field::End => "last day",
        Field::Weight => "weight",
    }
}

/// An id of the kind, for the example.
fn example(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Doctor => "d13",
        IdKind::Hospital => "h4",
        IdKind::Station => "ns2",
        IdKind::Period => "obon",
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn owner_ja(o: &Owner) -> String {
    match o {
        Owner::Doctor(name) => Doctor(name.clone()).ja(),
        Owner::Named(name) => name.clone(),
    }
}

fn owner_en(o: &Owner) -> String {
    match o {
        Owner::Doctor(name) => Doctor(name.clone()).en(),
        Owner::Named(name) => name.clone(),
    }
}

impl Message for FieldProblem {
    fn ja(&self) -> String {
        use FieldProblem as P;
        match self {
            P::Empty(Field::Phone) => "後方支援病院には電話番号が必要です。依頼のときにかける番号を入れてください。".into(),
            P::Empty(Field::Order) => "順番を入れてください（1 の病院に最初に依頼します）。".into(),
            P::Empty(f) => format!("{}を入れてください。", label_ja(*f)),
            P::BadId { kind, typed } => format!(
                "{}「{typed}」は使えません。半角の英小文字か数字で始め、英小文字・数字・「-」「_」だけで32文字までにしてください（例 {}）。",
                label_ja(Field::Id(*kind)),
                example(*kind)
            ),
            P::ReservedId => "期間ID「regular」は通常の当番を表すため使えません。ほかのIDにしてください。".into(),
            P::IdUsed { kind, id, by } => format!(
                "{} {id} は{}が使っています。ほかのIDにしてください。",
                label_ja(Field::Id(*kind)),
                owner_ja(by)
            ),
            P::NameEn { typed } => format!(
                "英語表記「{typed}」に日本語の文字が入っています。英語で読む人に表示する名前なので、Aoki Ichiro のようにローマ字（半角）で書くか、空欄にしてください。"
            ),
            P::Fte { .. } => "負担の割合には 0.5 や 1 のような数を入れてください（0 より大きく 1 以下。常勤は 1 です）。".into(),
            P::Date { field, .. } => {
                format!("{}は 2027-04-01 のように書いてください。", label_ja(*field))
            }
            P::LeftBeforeJoined { left, joined } => format!(
                "退会日が入会日より前です（退会日 {}、入会日 {}）。日付を確かめてください。",
                Day(*left).ja_long(),
                Day(*joined).ja_long()
            ),
            P::Phone { .. } => "電話番号は 0479-72-1234 のように、数字とハイフンで書いてください。".into(),
            P::Order { .. } => "順番には 1 から 99 までの整数を入れてください（1 の病院に最初に依頼します）。".into(),
            P::OrderUsed { order, by } => format!(
                "順番 {order} は{by}が使っています。ほかの番号にするか、先に{by}の順番を変えてください。"
            ),
            P::MonthDay { field, .. } => {
                format!("{}は 12-29 のように月-日で書いてください。", label_ja(*field))
            }
            P::LeapDay { field } => format!(
                "{}に2月29日は使えません（うるう年にしかないため）。02-28 か 03-01 にしてください。",
                label_ja(*field)
            ),
            P::Overlap { other, start, end } => format!(
                "この期間は「{other}」（{}月{}日〜{}月{}日）と重なっています。重ならない日にしてください。",
                start.month, start.day, end.month, end.day
            ),
            P::TooLong { days, max } => format!(
                "期間が{days}日あります。休日当番の期間は{max}日までです。初日と最終日を確かめてください（最終日が初日より前なら、年をまたぐ期間になります）。"
            ),
            P::Weight { .. } => "負担の重みには 1 から 100 までの整数を入れてください（空欄なら休日当番の標準の重みです）。".into(),
        }
    }

    fn en(&self) -> String {
        use FieldProblem as P;
        match self {
            P::Empty(Field::Phone) => "A backup hospital needs a phone number: enter the number to call with a request.".into(),
            P::Empty(Field::Order) => "Enter the order (the hospital with 1 is asked first).".into(),
            P::Empty(f) => format!("Enter the {}.", label_en(*f)),
            P::BadId { kind, typed } => format!(
                "The {} '{typed}' cannot be used: start with a lower-case letter or a digit and use only those, '-' and '_', at most 32 characters (e.g. {}).",
                label_en(Field::Id(*kind)),
                example(*kind)
            ),
            P::ReservedId => "The period ID 'regular' stands for regular duties: choose another.".into(),
            P::IdUsed { kind, id, by } => format!(
                "{} {id} is already used by {}: choose another.",
                capital(label_en(Field::Id(*kind))),
                owner_en(by)
            ),
            P::NameEn { typed } => format!(
                "The name in English '{typed}' has Japanese characters: English readers see it, so write it in Latin letters like Aoki Ichiro, or leave it empty."
            ),
            P::Fte { .. } => "Enter the share of a full load as a number such as 0.5 or 1 (above 0, at most 1; a full load is 1).".into(),
            P::Date { field, .. } => format!("Write the {} like 2027-04-01.", label_en(*field)),
            P::LeftBeforeJoined { left, joined } => format!(
                "The day left is before the day joined (left {}, joined {}): check the dates.",
                Day(*left).en_long(),
                Day(*joined).en_long()
            ),
            P::Phone { .. } => "Write the phone number in digits and hyphens, like 0479-72-1234.".into(),
            P::Order { .. } => "Enter the order as a whole number from 1 to 99 (the hospital with 1 is asked first).".into(),
            P::OrderUsed { order, by } => format!(
                "Order {order} is already taken by {by}: choose another number, or change {by}'s order first."
            ),
            P::MonthDay { field, .. } => {
                format!("Write the {} as month-day, like 12-29.", label_en(*field))
            }
            P::LeapDay { field } => format!(
                "The {} cannot be 29 February (it exists only in leap years): use 02-28 or 03-01.",
                label_en(*field)
            ),
            P::Overlap { other, start, end } => format!(
                "These days overlap '{other}' ({start} to {end}): choose days outside it."
            ),
            P::TooLong { days, max } => format!(
                "The period has {days} days; a holiday period may have at most {max}. Check the first and last day (a last day before the first runs into the next year)."
            ),
            P::Weight { .. } => "Enter the weight as a whole number from 1 to 100 (empty: the usual weight of a holiday duty).".into(),
        }
    }
}

/// One of every problem (the `match` keeps the list complete).
pub fn samples() -> Vec<FieldProblem> {
    use FieldProblem as P;
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let md = |s: &str| s.parse().expect("month-day");
    let fields = [
        Field::Id(IdKind::Doctor),
        Field::Id(IdKind::Hospital),
        Field::Id(IdKind::Station),
        Field::Id(IdKind::Period),
        Field::Name,
        Field::NameEn,
        Field::PlaceName,
        Field::Clinic,
        Field::Fte,
        Field::Phone,
        Field::Joined,
        Field::Left,
        Field::Order,
        Field::Start,
        Field::End,
        Field::Weight,
    ];
    let mut all: Vec<FieldProblem> = fields.iter().map(|f| P::Empty(*f)).collect();
    all.extend([
        P::BadId { kind: IdKind::Doctor, typed: "D 13".into() },
        P::ReservedId,
        P::IdUsed {
            kind: IdKind::Doctor, id: "d05".into(), by: Owner::Doctor("大野 修".into())
        },
        P::IdUsed {
            kind: IdKind::Station,
            id: "h1".into(),
            by: Owner::Named("国保匝瑳中央病院".into()),
        },
        P::NameEn { typed: "青木 一郎".into() },
        P::Fte { typed: "1.5".into() },
        P::Date { field: Field::Joined, typed: "2027/4/1".into() },
        P::LeftBeforeJoined { left: day(2009, 3, 31), joined: day(2010, 4, 1) },
        P::Phone { typed: "abc".into() },
        P::Order { typed: "x".into() },
        P::OrderUsed { order: 2, by: "東総記念病院".into() },
        P::MonthDay { field: Field::Start, typed: "04-31".into() },
        P::LeapDay { field: Field::End },
        P::Overlap { other: "年末年始".into(), start: md("12-29"), end: md("01-04") },
        P::TooLong { days: 43, max: 31 },
        P::Weight { typed: "0".into() },
    ]);
    for p in &all {
        match p {
            P::Empty(_)
            | P::BadId { .. }
            | P::ReservedId
            | P::IdUsed { .. }
            | P::NameEn { .. }
            | P::Fte { .. }
            | P::Date { .. }
            | P::LeftBeforeJoined { .. }
            | P::Phone { .. }
            | P::Order { .. }
            | P::OrderUsed { .. }
            | P::MonthDay { .. }
            | P::LeapDay { .. }
            | P::Overlap { .. }
            | P::TooLong { .. }
            | P::Weight { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_problem_reads_in_both_languages() {
        for p in samples() {
            super::super::check_both(&p);
        }
    }

    #[test]
    fn a_problem_names_its_field_by_the_forms_label_and_who_has_an_id() {
        let all = samples();
        let find = |f: &dyn Fn(&FieldProblem) -> bool| all.iter().find(|p| f(p)).unwrap().clone();
        let used = find(&|p| matches!(p, FieldProblem::IdUsed { kind: IdKind::Doctor, .. }));
        assert_eq!(used.ja(), "会員ID d05 は大野 修先生が使っています。ほかのIDにしてください。");
        assert_eq!(used.en(), "ID d05 is already used by 大野 修: choose another.");
        let left = find(&|p| matches!(p, FieldProblem::LeftBeforeJoined { .. }));
        assert!(
            left.ja().starts_with("退会日が入会日より前です（退会日 2009年3月31日(火)"),
            "{}",
            left.ja()
        );
        let date = find(&|p| matches!(p, FieldProblem::Date { .. }));
        assert_eq!(date.ja(), "入会日は 2027-04-01 のように書いてください。");
        assert_eq!(FieldProblem::Empty(Field::Clinic).ja(), "医療機関を入れてください。");
        let overlap = find(&|p| matches!(p, FieldProblem::Overlap { .. }));
        assert!(
            overlap.ja().contains("「年末年始」（12月29日〜1月4日）と重なっています"),
            "{}",
            overlap.ja()
        );
        assert!(overlap.en().contains("'年末年始' (12-29 to 01-04)"), "{}", overlap.en());
    }
}
