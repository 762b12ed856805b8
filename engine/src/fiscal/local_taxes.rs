//! The CFE (cotisation foncière des entreprises): paid by 15 December, with an instalment by
//! 15 June when last year's CFE reached 3,000 € (CGI art. 1679 quinquies).

use super::obligations::{Ctx, Draft, Tolerance, on};
use super::periods::Period;
use super::profile::ObligationKind;
use super::returns::non_profit;
use chrono::Datelike;

/// Adds the client's CFE deadlines.
pub(crate) fn generate(ctx: &mut Ctx) {
    if ctx.profile.legal_form.is_none() {
        ctx.missing(ObligationKind::Cfe, "legal_form", "sans forme juridique, la CFE n'est pas générée");
        return;
    }
    if non_profit(ctx) {
        return;
    }
    let instalment = match ctx.profile.cfe_over_3000 {
        Some(over) => over,
        None => {
            ctx.missing(
                ObligationKind::CfeAcompte,
                "cfe_over_3000",
                "sans savoir si la CFE de l'an dernier a atteint 3 000 €, l'acompte de CFE du 15 juin n'est pas généré",
            );
            false
        }
    };
    let first = ctx.profile.first_closing.map_or(i32::MIN, |d| d.year());
    for year in ctx.period_years().filter(|y| *y >= first) {
        let Some(rules) = ctx.rules(year) else { continue };
        if instalment && let Some(legal) = on(year, rules.cfe.instalment) {
            ctx.add(Draft {
                kind: ObligationKind::CfeAcompte,
                period: Period::Year(year),
                rule: "cfe_acompte",
                label: format!("CFE acompte {year}"),
                legal,
                tolerance: Tolerance::None,
                rules_year: year,
            });
        }
        if let Some(legal) = on(year, rules.cfe.balance) {
            ctx.add(Draft {
                kind: ObligationKind::Cfe,
                period: Period::Year(year),
                rule: "cfe",
                label: format!("CFE {year}"),
                legal,
                tolerance: Tolerance::None,
                rules_year: legal.year(),
            });
        }
    }
}
