//! The monthly DSN: due on the 5th of the following month for employers of 50 or more who pay
//! within the month worked, on the 15th for everyone else (Code de la sécurité sociale
//! art. R133-14).

use super::obligations::{Ctx, Draft, Tolerance};
use super::periods::Period;
use super::profile::{ObligationKind, Payroll};
use chrono::NaiveDate;

/// Adds the client's DSN deadlines.
pub(crate) fn generate(ctx: &mut Ctx) {
    let early = match ctx.profile.payroll {
        None => {
            ctx.missing(ObligationKind::Dsn, "payroll", "sans information sur les salariés, aucune DSN n'est générée");
            return;
        }
        Some(Payroll::SansSalarie) => return,
        Some(Payroll::PlusDe50PaieDuMois) => true,
        Some(Payroll::MoinsDe50 | Payroll::PlusDe50PaieDecalee) => false,
    };
    for year in ctx.period_years() {
        for month in 1..=12 {
            let (due_year, due_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            let Some(rules) = ctx.rules(due_year) else { continue };
            let day = if early { rules.dsn.early_day } else { rules.dsn.default_day };
            let Some(legal) = NaiveDate::from_ymd_opt(due_year, due_month, day) else { continue };
            let period = Period::Month(year, month);
            ctx.add(Draft {
                kind: ObligationKind::Dsn,
                period,
                rule: "dsn",
                label: format!("DSN — {}", period.label()),
                legal,
                tolerance: Tolerance::None,
                rules_year: due_year,
            });
        }
    }
}
