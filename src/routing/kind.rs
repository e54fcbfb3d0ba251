//! What a call is for (issue 20): an urgent call, a death confirmation (看取り), or a request for
//! advice by phone. The nurse chooses it when raising the call; it shapes the chain and how
//! long each step waits, and the annual report counts calls by it.
//!
//! Key decisions:
//! - A death confirmation ends at the office, never at the advice to call 119: an expected
//!   death at home is not an emergency, and an ambulance called to it brings the police and a
//!   transfer the family did not want. So its chain asks the attending doctor (or their
//!   substitute) and the duty doctor, then alerts the office to arrange a doctor, and the caller
//!   is told to wait with the family. Backup hospitals are not asked: they do not go out to
//!   confirm a death at home.
//! - The chain is resolved as for any call ([`super::resolve`]) and then shaped by the type
//!   ([`shape`]), so the rules of who is asked (absent, caller, asked before) stay in one place.
//! - A death confirmation asks the association's fallback doctor (`[escalation.death]
//!   fallback`) after the duty doctor and before the office. Like every step, it stays in the
//!   chain with the reason when the fallback cannot be asked (away, the caller, or asked
//!   already as the attending, substitute, previous handler or duty doctor) and is skipped at
//!   once. The fallback waits the death confirmation's duty-doctor minutes: they come out as a
//!   duty doctor would.
//! - Calls stored before call types existed read as urgent, and urgent is not written, so they
//!   are stored exactly as before.

use serde::{Deserialize, Serialize};

use super::chain::{ChainInputs, LeftOut, Step, StepKind};
use crate::rules::{Rules, StepMinutes};

/// What a call is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// Urgent: a doctor is needed now (the default).
    #[default]
    Urgent,
    /// Death confirmation (看取り・死亡確認): no 119 advice at the end.
    Death,
    /// Advice by phone (電話相談).
    Advice,
}

impl CallKind {
    /// Every kind, in the order of the help and the report.
    pub const ALL: [CallKind; 3] = [CallKind::Urgent, CallKind::Death, CallKind::Advice];

    /// The kind as written in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Urgent => "urgent",
            CallKind::Death => "death",
            CallKind::Advice => "advice",
        }
    }

    /// Whether it is the default kind (not written in stored calls).
    pub fn is_urgent(&self) -> bool {
        *self == CallKind::Urgent
    }

    /// The step minutes of this kind in `rules`.
    pub fn minutes(self, rules: &Rules) -> StepMinutes {
        match self {
            CallKind::Urgent => rules.escalation.steps(),
            CallKind::Death => rules.call_times.death,
            CallKind::Advice => rules.call_times.advice,
        }
    }

    /// The kind a note starts with (「看取り 呼吸停止を確認」, "advice fever 38"): how a nurse
    /// chooses it in chat, where `/call` takes a note; urgent when the first word names none.
    pub fn of_note(note: &str) -> CallKind {
        note.split_whitespace().next().and_then(CallKind::from_word).unwrap_or_default()
    }

    /// The kind named by the words a nurse types in Japanese or English (`看取り`, `death`,
    /// `相談`, `advice`, `至急`, `urgent`), if any.
    pub fn from_word(word: &str) -> Option<CallKind> {
        match word.trim() {
            "urgent" | "至急" | "緊急" => Some(CallKind::Urgent),
            "death" | "看取り" | "死亡確認" => Some(CallKind::Death),
            "advice" | "相談" | "電話相談" => Some(CallKind::Advice),
            _ => None,
        }
    }
}

impl std::str::FromStr for CallKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        CallKind::from_word(s)
            .ok_or_else(|| crate::msg::parse::ParseMsg::NotACallKind(s.to_string()).both())
    }
}

/// The chain `steps` (as [`super::resolve`] gives it from `inputs`) shaped for a call of
/// `kind`: each step waits the kind's minutes; a death confirmation asks no hospital and asks
/// the rules' fallback doctor after the duty doctor.
pub fn shape(mut steps: Vec<Step>, kind: CallKind, inputs: &ChainInputs) -> Vec<Step> {
    let rules = inputs.rules;
    if kind == CallKind::Death {
        steps.retain(|s| s.kind != StepKind::Hospital);
        if let Some(f) = &rules.call_times.death_fallback {
            let step = fallback_step(&steps, f, inputs);
            let at = steps.iter().position(|s| s.kind == StepKind::Advice).unwrap_or(steps.len());
            steps.insert(at, step);
        }
    }
    let m = kind.minutes(rules);
    for s in &mut steps {
        s.wait_minutes = match s.kind {
            StepKind::Attending | StepKind::Substitute => m.attending_minutes,
            StepKind::Duty | StepKind::Fallback => m.duty_doctor_minutes,
            StepKind::Hospital => m.hospital_minutes,
            // The previous handler waits as long as at their own step; the end waits nothing.
            StepKind::Handler | StepKind::Advice => continue,
        };
    }
    steps
}

/// The fallback doctor `f`'s step after `before`, left out as [`super::resolve`] leaves a
/// member out: the caller, one asked at an earlier step, one away.
fn fallback_step(before: &[Step], f: &crate::rules::MemberId, inputs: &ChainInputs) -> Step {
    let earlier =
        before.iter().filter(|s| s.kind != StepKind::Advice).any(|s| s.members.contains(f));
    let why = if inputs.caller == Some(f) {
        Some(LeftOut::Caller)
    } else if earlier {
        Some(LeftOut::AskedBefore)
    } else if (inputs.absent)(f) {
        Some(LeftOut::Absent)
    } else {
        None
    };
    let (members, left_out) = match why {
        Some(why) => (Vec::new(), vec![(f.clone(), why)]),
        None => (vec![f.clone()], Vec::new()),
    };
    Step { kind: StepKind::Fallback, members, left_out, wait_minutes: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;
    use crate::routing::{ChainInputs, resolve};
    use crate::rules::MemberId;

    fn id(s: &str) -> MemberId {
        s.parse().unwrap()
    }

    fn chain(rules: &Rules, kind: CallKind) -> Vec<Step> {
        chain_with(rules, kind, &|_| false, "d03")
    }

    fn chain_with(
        rules: &Rules,
        kind: CallKind,
        absent: &dyn Fn(&MemberId) -> bool,
        duty: &str,
    ) -> Vec<Step> {
        let (duty, attending, hospital, caller) = ([id(duty)], id("d01"), id("h2"), id("ns1"));
        let inputs = ChainInputs {
            rules,
            duty: &duty,
            absent,
            attending: Some(&attending),
            hospital: Some(&hospital),
            caller: Some(&caller),
            substitute: None,
        };
        shape(resolve(&inputs), kind, &inputs)
    }

    #[test]
    fn a_death_confirmation_asks_the_fallback_doctor_after_the_duty_doctor() {
        let mut rules = sosa();
        rules.call_times.death_fallback = Some(id("d07"));
        rules.call_times.death.duty_doctor_minutes = 40;
        let death = chain(&rules, CallKind::Death);
        let kinds: Vec<StepKind> = death.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [StepKind::Attending, StepKind::Duty, StepKind::Fallback, StepKind::Advice]
        );
        assert_eq!(death[2].members, vec![id("d07")]);
        assert_eq!(death[2].wait_minutes, 40, "as long as the duty doctor");
        // Only a death confirmation asks the fallback.
        for kind in [CallKind::Urgent, CallKind::Advice] {
            assert!(chain(&rules, kind).iter().all(|s| s.kind != StepKind::Fallback), "{kind:?}");
        }
        // The fallback on duty, or the attending doctor, was asked already; one away is not
        // asked; each stays in the chain with the reason.
        let on_duty = chain_with(&rules, CallKind::Death, &|_| false, "d07");
        assert_eq!(on_duty[2].kind, StepKind::Fallback);
        assert!(on_duty[2].members.is_empty());
        assert_eq!(on_duty[2].left_out, vec![(id("d07"), LeftOut::AskedBefore)]);
        rules.call_times.death_fallback = Some(id("d01"));
        let attending = chain(&rules, CallKind::Death);
        assert_eq!(attending[2].left_out, vec![(id("d01"), LeftOut::AskedBefore)]);
        let away = chain_with(&rules, CallKind::Death, &|m| m.as_str() == "d01", "d03");
        assert_eq!(away[2].left_out, vec![(id("d01"), LeftOut::Absent)]);
        rules.call_times.death_fallback = Some(id("d07"));
        let away = chain_with(&rules, CallKind::Death, &|m| m.as_str() == "d07", "d03");
        assert!(away[2].members.is_empty());
        assert_eq!(away[2].left_out, vec![(id("d07"), LeftOut::Absent)]);
        // Without a fallback in the rules, the chain is as before.
        rules.call_times.death_fallback = None;
        assert_eq!(chain(&rules, CallKind::Death).len(), 3);
    }

    #[test]
    fn a_death_confirmation_asks_the_doctors_then_the_office_and_no_hospital() {
        let rules = sosa();
        let kinds: Vec<StepKind> = chain(&rules, CallKind::Death).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [StepKind::Attending, StepKind::Duty, StepKind::Advice]);
        let urgent = chain(&rules, CallKind::Urgent);
        assert_eq!(urgent.iter().filter(|s| s.kind == StepKind::Hospital).count(), 3);
    }

    #[test]
    fn each_kind_waits_its_minutes_and_rules_without_them_wait_the_urgent_ones() {
        let mut rules = sosa();
        assert_eq!(rules.call_times.death, rules.escalation.steps(), "the shipped rules");
        assert_eq!(chain(&rules, CallKind::Urgent), chain(&rules, CallKind::Advice));
        rules.call_times.death =
            StepMinutes { attending_minutes: 20, duty_doctor_minutes: 40, hospital_minutes: 5 };
        let death = chain(&rules, CallKind::Death);
        assert_eq!((death[0].wait_minutes, death[1].wait_minutes), (20, 40));
        assert_eq!(death[2].wait_minutes, 0, "the end waits nothing");
    }

    #[test]
    fn kinds_read_as_nurses_write_them() {
        for k in CallKind::ALL {
            assert_eq!(k.as_str().parse::<CallKind>(), Ok(k));
        }
        assert_eq!("看取り".parse::<CallKind>(), Ok(CallKind::Death));
        assert_eq!(CallKind::from_word("電話相談"), Some(CallKind::Advice));
        assert!("fast".parse::<CallKind>().is_err());
        assert_eq!(CallKind::of_note("看取り\u{3000}呼吸停止を確認"), CallKind::Death);
        assert_eq!(CallKind::of_note("相談 発熱38度"), CallKind::Advice);
        assert_eq!(CallKind::of_note("看取りの相談"), CallKind::Urgent, "a whole first word only");
        assert_eq!(CallKind::of_note("発熱39度"), CallKind::Urgent);
        assert_eq!(serde_json::to_string(&CallKind::Death).unwrap(), "\"death\"");
    }
}
