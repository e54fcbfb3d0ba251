//! A call's chain for tests and benchmarks: one shape of call, resolved once, so that the
//! store's suite, the engine's tests and the benchmarks raise the same call.

use super::{ChainInputs, Step, resolve};
use crate::rules::{MemberId, Rules};

/// The attending doctor, the caller and the chain of a call resolved once: the first doctor
/// of `rules` attends (and is not absent), the third is on duty, nurse station `ns1` calls.
///
/// # Panics
/// If `ns1` is not a valid member id (it is).
pub fn one_chain(rules: &Rules) -> (MemberId, MemberId, Vec<Step>) {
    let (a, c) = (rules.doctors[0].id.clone(), "ns1".parse::<MemberId>().expect("ns1"));
    let duty = [rules.doctors[2].id.clone()];
    let chain = resolve(&ChainInputs {
        rules,
        duty: &duty,
        absent: &|_| false,
        attending: Some(&a),
        hospital: None,
        caller: Some(&c),
        substitute: None,
    });
    (a, c, chain)
}
