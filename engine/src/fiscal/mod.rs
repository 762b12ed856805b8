//! The French fiscal calendar: each client's obligations (TVA, IS, liasse, CFE, CVAE, DAS2,
//! DSN) worked out from what the client is (its profile) and the year's rule set.

pub mod profile;

pub use profile::{Closing, LegalForm, ObligationKind, Payroll, Profile, Taxation};
