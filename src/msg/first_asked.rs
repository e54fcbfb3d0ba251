//! Whom a call reaches first, said on the confirmation a nurse sees before she sends it
//! (issue 20): above all the substitute attending doctor (代理主治医), asked before the duty
//! doctor while the attending doctor is away, which nothing a caller saw said before.

use super::reply::Person;

/// What the first step that asks someone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstKind {
    /// Whoever accepted the patient's previous call a few hours ago.
    Handler,
    /// The attending doctor.
    Attending,
    /// The substitute attending doctor, the attending being away.
    Substitute,
    /// The duty doctor(s).
    Duty,
    /// The fallback doctor for death confirmations (everyone before is away).
    Fallback,
    /// A backup hospital.
    Hospital,
}

/// The first step a call will ask, and who is at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstAsked {
    /// What the step is.
    pub kind: FirstKind,
    /// Who is asked there.
    pub people: Vec<Person>,
    /// The attending doctor (named when the substitute is asked in their place).
    pub attending: Person,
}

fn ja_name(p: &Person) -> String {
    if p.doctor { format!("{}先生", p.name) } else { p.name.clone() }
}

impl FirstAsked {
    /// The sentence in Japanese.
    pub fn ja(&self) -> String {
        let names = super::words::together(self.people.iter().map(ja_name), super::Lang::Ja);
        match self.kind {
            FirstKind::Handler => format!("最初に、前回対応された{names}へ届きます。"),
            FirstKind::Attending => format!("最初に主治医の{names}へ届きます。"),
            FirstKind::Substitute => format!(
                "主治医の{}が不在のため、最初に代理主治医の{names}へ届きます。",
                ja_name(&self.attending)
            ),
            FirstKind::Duty => format!("最初に当番医の{names}へ届きます。"),
            FirstKind::Fallback => format!("最初に{}の{names}へ届きます。", super::death::STEP_JA),
            FirstKind::Hospital => format!("最初に後方支援病院の{names}へ届きます。"),
        }
    }

    /// The sentence in English.
    pub fn en(&self) -> String {
        let names =
            super::words::together(self.people.iter().map(|p| p.name.clone()), super::Lang::En);
        match self.kind {
            FirstKind::Handler => format!("It reaches {names}, who handled the last call, first."),
            FirstKind::Attending => format!("It reaches the attending doctor {names} first."),
            FirstKind::Substitute => format!(
                "The attending doctor {} is away, so it reaches the substitute attending doctor {names} first.",
                self.attending.name
            ),
            FirstKind::Duty => format!("It reaches the duty doctor {names} first."),
            FirstKind::Fallback => {
                format!("It reaches the {} {names} first.", super::death::STEP_EN)
            }
            FirstKind::Hospital => format!("It reaches the backup hospital {names} first."),
        }
    }
}
