//! Routing a call for a registered patient whose attending doctor may be absent: to the
//! attending doctor, the duty doctor(s), the backup hospitals, and finally advice to call 119
//! (DESIGN.md §3). Pure: the chain is resolved from data passed in, and the engine is a state
//! machine with the time passed in; the store, the timers and the notifiers are adapters.

pub mod chain;
pub mod course;
pub mod engine;
pub mod kind;
pub mod notice;
pub mod patient;
pub mod testing;

pub use crate::ids::{NoticeSeq, PatientId};
pub use chain::{ChainInputs, LeftOut, Step, StepKind, resolve, resolve_after};
pub use course::{CourseEntry, CourseError, CourseEvent};
pub use engine::{Call, CallId, CallState, Event, Logged, Outcome, Refusal, Unacked};
pub use kind::CallKind;
pub use notice::{Body, Notice};
pub use patient::{Patient, PatientDetails, PatientError, VisitRecord};
