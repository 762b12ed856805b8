//! The French fiscal calendar: each client's obligations (TVA, IS, liasse, CFE, CVAE, DAS2,
//! DSN) worked out from what the client is (its profile) and the year's rule set.

mod corporate_tax;
pub mod generate;
pub mod holidays;
mod local_taxes;
pub mod obligations;
mod payroll;
pub mod periods;
pub mod profile;
mod returns;
pub mod rulebook;
mod vat;

#[cfg(test)]
mod tests;

pub use holidays::{easter_sunday, is_public_holiday, is_working_day, next_working_day, nth_working_day_after};
pub use obligations::{Missing, Obligation, Plan, plan};
pub use periods::{period_label, valid_period};
pub use profile::{Closing, LegalForm, ObligationKind, Payroll, Profile, Taxation};
pub use rulebook::{RuleBook, RuleInfo};
