//! `[escalation.death] fallback` (issue 20): the doctor a death confirmation asks after the
//! duty doctor, checked with file and line once the doctors are known.
//!
//! Key decision: a fallback doctor with a `left` date is refused even when the date is ahead.
//! The rules are checked without a clock, and a fallback who silently stops being asked the
//! day they leave is a gap found at 3 a.m.; the office names the next one when it records
//! the leaving.

use std::str::FromStr;

use super::{Ctx, IdRegistry};
use crate::msg::death::FallbackRule;
use crate::msg::rules::RulesMsg;
use crate::rules::file::EscalationSection;
use crate::rules::{Doctor, MemberId, MemberRole};

impl Ctx<'_> {
    pub(super) fn death_fallback(
        &mut self,
        e: Option<(usize, &EscalationSection)>,
        doctors: &[Doctor],
        ids: &IdRegistry,
    ) -> Option<MemberId> {
        let (i, e) = e?;
        let v = e.death.as_ref()?.fallback.as_ref()?;
        let written = v.get_ref().trim();
        let at = (i, v.span());
        let known = MemberId::from_str(written).ok().and_then(|id| {
            let role = ids.0.get(&id).map(|(r, _)| *r)?;
            Some((id, role))
        });
        let problem = match &known {
            None => FallbackRule::Unknown { id: written.to_string() },
            Some((id, role)) if *role != MemberRole::Doctor => {
                FallbackRule::NotADoctor { id: id.to_string(), role: *role }
            }
            Some((id, _)) => match doctors.iter().find(|d| &d.id == id) {
                Some(Doctor { left: Some(left), name, .. }) => {
                    FallbackRule::HasLeft { id: id.to_string(), name: name.clone(), left: *left }
                }
                // A doctor whose own section had a problem: that one is reported already.
                Some(_) | None => return known.map(|(id, _)| id),
            },
        };
        self.report(&at, RulesMsg::DeathFallback(problem));
        None
    }
}
