//! The calendar the plan uses: Japanese public holidays (law plus calendar-file overrides) and
//! the duty slots that tile each plan year.
//!
//! Pure: callers read calendar files and pass their text to [`ics::parse_overrides`].

pub mod holidays;
pub mod ics;
pub mod slots;

pub use holidays::{Holiday, HolidayCalendar, HolidaySource, SUPPORTED_YEARS};
pub use ics::{Action, IcsError, Override};
pub use slots::{PlanYear, Slot, SlotKind, plan_year, plan_year_of};
