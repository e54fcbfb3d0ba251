//! Who is asked, in which order: the escalation chain of a call, resolved at one instant.
//!
//! Key decisions:
//! - The chain is resolved once, when the call is raised, and stored with it. A restart, a swap
//!   or a re-plan made while the call runs does not reshuffle whom it waits for; the log shows
//!   exactly whom it asked and why others were left out.
//! - A step nobody can take (the attending doctor is absent, no duty doctor in the slot) stays
//!   in the chain with the reasons and is skipped at once, so `toban call show` explains it.
//! - Nobody is asked twice: a duty doctor who is also the attending was asked as the attending;
//!   the member who raised the call is never asked to take it.
//! - A patient's call soon after another one was accepted ([`resolve_after`]) asks that call's
//!   handler first: they saw the patient last. The usual chain follows.

use serde::{Deserialize, Serialize};

use crate::rules::{MemberId, Rules};

/// What a step of the chain is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Whoever accepted the patient's previous call, a few hours ago.
    Handler,
    /// The patient's attending doctor.
    Attending,
    /// The substitute attending doctor (代理主治医) named on the patient's record, asked when
    /// the attending doctor is away, before the duty doctor: they know the patient.
    Substitute,
    /// The duty doctor(s) of the slot.
    Duty,
    /// The association's fallback doctor for a death confirmation (`[escalation.death]
    /// fallback`), asked after the duty doctor (issue 20). Death confirmations only.
    Fallback,
    /// One backup hospital.
    Hospital,
    /// The end: advice to call 119 with the patient's wishes, and an alert to the admins.
    Advice,
}

impl StepKind {
    /// The kind as written in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Handler => "handler",
            StepKind::Attending => "attending",
            StepKind::Substitute => "substitute",
            StepKind::Duty => "duty",
            StepKind::Fallback => "fallback",
            StepKind::Hospital => "hospital",
            StepKind::Advice => "advice",
        }
    }
}

/// Why a member who would be at a step is not asked there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// Marked absent at the instant of the call.
    Absent,
    /// Asked at an earlier step already (the attending doctor is on duty).
    AskedBefore,
    /// Raised the call.
    Caller,
}

impl LeftOut {
    /// The reason as written in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            LeftOut::Absent => "absent",
            LeftOut::AskedBefore => "asked_before",
            LeftOut::Caller => "caller",
        }
    }
}

/// One step of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What the step is.
    pub kind: StepKind,
    /// Who is asked at this step, all at once; the first to accept takes the call. At the
    /// advice step: the admins who are alerted.
    pub members: Vec<MemberId>,
    /// Who would have been asked and why not.
    #[serde(default)]
    pub left_out: Vec<(MemberId, LeftOut)>,
    /// Minutes the step waits for an answer (0 at the advice step).
    pub wait_minutes: u32,
}

/// What the chain is resolved from, at the instant of the call.
pub struct ChainInputs<'a> {
    /// The rules (hospitals and their order, escalation times, admins).
    pub rules: &'a Rules,
    /// The duty doctors of the slot at that instant, after swaps, in rota order. Empty when no
    /// published rota covers it.
    pub duty: &'a [MemberId],
    /// Whether a member is marked absent at that instant.
    pub absent: &'a dyn Fn(&MemberId) -> bool,
    /// The patient's attending doctor; `None` for the generic chain (`toban oncall`).
    pub attending: Option<&'a MemberId>,
    /// The patient's registered backup hospital, asked first among the hospitals.
    pub hospital: Option<&'a MemberId>,
    /// The patient's substitute attending doctor, asked when the attending doctor is absent.
    pub substitute: Option<&'a MemberId>,
    /// Who raises the call, if anyone (never asked to take it).
    pub caller: Option<&'a MemberId>,
}

/// The chain: attending (for a patient), their substitute when the attending is absent and one
/// is named, duty, each hospital, advice. Always ends with the advice step.
pub fn resolve(inputs: &ChainInputs) -> Vec<Step> {
    let rules = inputs.rules;
    let esc = &rules.escalation;
    let mut asked: Vec<MemberId> = Vec::new();
    let mut steps = Vec::new();
    let mut step =
        |kind: StepKind, candidates: Vec<MemberId>, wait: u32, asked: &mut Vec<MemberId>| {
            let mut members = Vec::new();
            let mut left_out = Vec::new();
            for m in candidates {
                if inputs.caller == Some(&m) {
                    left_out.push((m, LeftOut::Caller));
                } else if asked.contains(&m) {
                    left_out.push((m, LeftOut::AskedBefore));
                } else if kind != StepKind::Hospital && (inputs.absent)(&m) {
                    left_out.push((m, LeftOut::Absent));
                } else {
                    asked.push(m.clone());
                    members.push(m);
                }
            }
            steps.push(Step { kind, members, left_out, wait_minutes: wait });
        };
    if let Some(a) = inputs.attending {
        step(StepKind::Attending, vec![a.clone()], esc.attending_minutes, &mut asked);
        // Only when the attending doctor is away: otherwise the chain is as it always was.
        if let Some(s) = inputs.substitute
            && (inputs.absent)(a)
        {
            step(StepKind::Substitute, vec![s.clone()], esc.attending_minutes, &mut asked);
        }
    }
    step(StepKind::Duty, inputs.duty.to_vec(), esc.duty_doctor_minutes, &mut asked);
    let mut hospitals: Vec<MemberId> = Vec::new();
    if let Some(h) = inputs.hospital
        && rules.hospitals.iter().any(|x| &x.id == h)
    {
        hospitals.push(h.clone());
    }
    for h in &rules.hospitals {
        if !hospitals.contains(&h.id) {
            hospitals.push(h.id.clone());
        }
    }
    for h in hospitals {
        step(StepKind::Hospital, vec![h], esc.hospital_minutes, &mut asked);
    }
    steps.push(Step {
        kind: StepKind::Advice,
        members: rules.admins.iter().map(|a| a.id.clone()).collect(),
        left_out: Vec::new(),
        wait_minutes: 0,
    });
    steps
}

/// The chain of [`resolve`] with `handler`, who accepted the patient's previous call, asked
/// first (unless absent or the caller) and left out of the later steps. They wait as long as
/// they would at their own step: a hospital's time, the attending's, or the duty doctor's.
pub fn resolve_after(inputs: &ChainInputs, handler: &MemberId) -> Vec<Step> {
    let esc = &inputs.rules.escalation;
    let hospital = inputs.rules.hospitals.iter().any(|h| &h.id == handler);
    let wait_minutes = if hospital {
        esc.hospital_minutes
    } else if inputs.attending == Some(handler) || inputs.substitute == Some(handler) {
        esc.attending_minutes
    } else {
        esc.duty_doctor_minutes
    };
    let why = if inputs.caller == Some(handler) {
        Some(LeftOut::Caller)
    } else if !hospital && (inputs.absent)(handler) {
        Some(LeftOut::Absent)
    } else {
        None
    };
    let mut steps = resolve(inputs);
    let first = match why {
        Some(why) => Step {
            kind: StepKind::Handler,
            members: Vec::new(),
            left_out: vec![(handler.clone(), why)],
            wait_minutes,
        },
        None => {
            for s in steps.iter_mut().filter(|s| s.kind != StepKind::Advice) {
                if let Some(i) = s.members.iter().position(|m| m == handler) {
                    s.members.remove(i);
                    s.left_out.push((handler.clone(), LeftOut::AskedBefore));
                }
            }
            Step {
                kind: StepKind::Handler,
                members: vec![handler.clone()],
                left_out: Vec::new(),
                wait_minutes,
            }
        }
    };
    steps.insert(0, first);
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::sosa;

    fn id(s: &str) -> MemberId {
        s.parse().unwrap()
    }

    #[test]
    fn the_sosa_chain_asks_attending_duty_registered_hospital_then_the_others() {
        let rules = sosa();
        let duty = [id("d03")];
        let (a, h) = (id("d01"), id("h2"));
        let steps = resolve(&ChainInputs {
            rules: &rules,
            duty: &duty,
            absent: &|_| false,
            attending: Some(&a),
            hospital: Some(&h),
            caller: Some(&id("ns1")),
            substitute: None,
        });
        let kinds: Vec<(&str, Vec<&str>)> = steps
            .iter()
            .map(|s| (s.kind.as_str(), s.members.iter().map(|m| m.as_str()).collect()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("attending", vec!["d01"]),
                ("duty", vec!["d03"]),
                ("hospital", vec!["h2"]),
                ("hospital", vec!["h1"]),
                ("hospital", vec!["h3"]),
                ("advice", vec!["office"]),
            ]
        );
        assert_eq!(steps[0].wait_minutes, rules.escalation.attending_minutes);
        assert_eq!(steps[2].wait_minutes, rules.escalation.hospital_minutes);
    }

    #[test]
    fn absent_attending_duty_who_is_attending_and_the_caller_are_left_out_with_reasons() {
        let rules = sosa();
        let duty = [id("d01"), id("d02"), id("d04")];
        let a = id("d01");
        let absent = |m: &MemberId| m.as_str() == "d01" || m.as_str() == "d04";
        let steps = resolve(&ChainInputs {
            rules: &rules,
            duty: &duty,
            absent: &absent,
            attending: Some(&a),
            hospital: None,
            caller: Some(&id("d02")),
            substitute: None,
        });
        assert!(steps[0].members.is_empty());
        assert_eq!(steps[0].left_out, vec![(id("d01"), LeftOut::Absent)]);
        assert!(steps[1].members.is_empty());
        assert_eq!(
            steps[1].left_out,
            vec![
                (id("d01"), LeftOut::Absent),
                (id("d02"), LeftOut::Caller),
                (id("d04"), LeftOut::Absent)
            ]
        );
        // The attending is asked once, at the first step, even when on duty.
        let steps = resolve(&ChainInputs {
            rules: &rules,
            duty: &duty[..1],
            absent: &|_| false,
            attending: Some(&a),
            hospital: None,
            caller: None,
            substitute: None,
        });
        assert_eq!(steps[0].members, vec![id("d01")]);
        assert_eq!(steps[1].left_out, vec![(id("d01"), LeftOut::AskedBefore)]);
    }

    #[test]
    fn the_handler_of_the_previous_call_is_asked_first_and_not_again() {
        let rules = sosa();
        let duty = [id("d03")];
        let (a, h, caller) = (id("d01"), id("h2"), id("ns1"));
        let usual = resolve(&ChainInputs {
            rules: &rules,
            duty: &duty,
            absent: &|_| false,
            attending: Some(&a),
            hospital: Some(&h),
            caller: Some(&caller),
            substitute: None,
        });
        let steps = resolve_after(
            &ChainInputs {
                rules: &rules,
                duty: &duty,
                absent: &|_| false,
                attending: Some(&a),
                hospital: Some(&h),
                caller: Some(&caller),
                substitute: None,
            },
            &id("d03"),
        );
        assert_eq!(steps.len(), usual.len() + 1);
        assert_eq!((steps[0].kind, steps[0].members.clone()), (StepKind::Handler, vec![id("d03")]));
        assert_eq!(steps[0].wait_minutes, rules.escalation.duty_doctor_minutes);
        assert_eq!(steps[1], usual[0], "then the attending, as usual");
        assert!(steps[2].members.is_empty(), "the handler is not asked twice");
        assert_eq!(steps[2].left_out, vec![(id("d03"), LeftOut::AskedBefore)]);
        // A hospital that took the call waits a hospital's time; an absent doctor is left out.
        let after_h1 = resolve_after(
            &ChainInputs {
                rules: &rules,
                duty: &duty,
                absent: &|m| m.as_str() == "h1",
                attending: Some(&a),
                hospital: Some(&h),
                caller: Some(&caller),
                substitute: None,
            },
            &id("h1"),
        );
        assert_eq!(after_h1[0].members, vec![id("h1")], "hospitals are never absent");
        assert_eq!(after_h1[0].wait_minutes, rules.escalation.hospital_minutes);
        let absent = resolve_after(
            &ChainInputs {
                rules: &rules,
                duty: &duty,
                absent: &|m| m.as_str() == "d03",
                attending: Some(&a),
                hospital: Some(&h),
                caller: Some(&caller),
                substitute: None,
            },
            &id("d03"),
        );
        assert!(absent[0].members.is_empty());
        assert_eq!(absent[0].left_out, vec![(id("d03"), LeftOut::Absent)]);
    }

    #[test]
    fn the_generic_chain_has_no_attending_step() {
        let rules = sosa();
        let steps = resolve(&ChainInputs {
            rules: &rules,
            duty: &[],
            absent: &|_| false,
            attending: None,
            hospital: None,
            caller: None,
            substitute: None,
        });
        assert_eq!(steps[0].kind, StepKind::Duty);
        assert_eq!(steps.last().unwrap().kind, StepKind::Advice);
    }

    #[test]
    fn a_substitute_is_asked_before_the_duty_doctor_only_while_the_attending_is_away() {
        let rules = sosa();
        let (a, sub, duty) = (id("d01"), id("d05"), [id("d03")]);
        let chain = |away: &dyn Fn(&MemberId) -> bool| {
            resolve(&ChainInputs {
                rules: &rules,
                duty: &duty,
                absent: away,
                attending: Some(&a),
                hospital: None,
                caller: Some(&id("ns1")),
                substitute: Some(&sub),
            })
        };
        let away = chain(&|m| m.as_str() == "d01");
        assert_eq!(away[0].left_out, vec![(a.clone(), LeftOut::Absent)]);
        assert_eq!(away[1].kind, StepKind::Substitute);
        assert_eq!(away[1].members, vec![sub.clone()]);
        assert_eq!(away[1].wait_minutes, rules.escalation.attending_minutes);
        assert_eq!(away[2].kind, StepKind::Duty);
        let kinds: Vec<StepKind> = chain(&|_| false).iter().map(|s| s.kind).collect();
        assert!(!kinds.contains(&StepKind::Substitute), "the attending is in: {kinds:?}");
        // A substitute who is away too is left out, and the duty doctor comes next at once.
        let both = chain(&|m| m.as_str() == "d01" || m.as_str() == "d05");
        assert!(both[1].members.is_empty());
        assert_eq!(both[1].left_out, vec![(sub.clone(), LeftOut::Absent)]);
        // A substitute on duty is asked as the substitute, not twice.
        let duty = [sub.clone()];
        let on_duty = resolve(&ChainInputs {
            rules: &rules,
            duty: &duty,
            absent: &|m| m.as_str() == "d01",
            attending: Some(&a),
            hospital: None,
            caller: None,
            substitute: Some(&sub),
        });
        assert_eq!(on_duty[2].left_out, vec![(sub, LeftOut::AskedBefore)]);
    }
}
