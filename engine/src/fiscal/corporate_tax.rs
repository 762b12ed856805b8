//! Corporate tax (IS): four instalments on the 15th of March, June, September and December,
//! the first set by the previous closing date (CGI art. 1668, ann. III art. 359), none for a
//! first fiscal year or when last year's IS did not exceed 3,000 €; the balance with the 2572
//! on the 15th of the 4th month after the closing, 15 May for a 31 December closing.

use super::obligations::{Ctx, Draft, Tolerance, day_of_month_after, fiscal_years, on};
use super::periods::Period;
use super::profile::{ObligationKind, Taxation};
use super::rulebook::{MonthDay, YearRules};
use chrono::{Datelike, Months, NaiveDate};

/// Adds the IS deadlines of a client at IS.
pub(crate) fn generate(ctx: &mut Ctx) {
    if ctx.profile.taxation != Some(Taxation::Is) {
        return;
    }
    let Some(closing) = ctx.profile.closing else {
        for kind in [ObligationKind::IsAcompte, ObligationKind::IsSolde] {
            ctx.missing(kind, "closing", "sans date de clôture, les échéances d'IS ne peuvent être datées");
        }
        return;
    };
    let instalments = match ctx.profile.is_over_3000 {
        Some(over) => over,
        None => {
            ctx.missing(
                ObligationKind::IsAcompte,
                "is_over_3000",
                "sans savoir si l'IS du dernier exercice a dépassé 3 000 €, les acomptes d'IS ne sont pas générés",
            );
            false
        }
    };
    for fy in fiscal_years(closing, ctx.profile.first_closing, ctx.period_years()) {
        let year = fy.end.year();
        if let (true, Some(previous)) = (instalments, fy.previous) {
            let Some((first, _)) = ctx.dated(previous.year(), |r| first_instalment(r, previous)) else { continue };
            let Some(rules) = ctx.rules(first.year()) else { continue };
            let tax = &rules.corporate_tax;
            for n in 1..=tax.instalments {
                let Some(legal) = first.checked_add_months(Months::new((n - 1) * tax.months_apart)) else { continue };
                ctx.add(Draft {
                    kind: ObligationKind::IsAcompte,
                    period: Period::Instalment(year, n.min(4)),
                    rule: "is_acompte",
                    label: format!("IS acompte n° {n} — exercice {year}"),
                    legal,
                    tolerance: Tolerance::None,
                    rules_year: legal.year(),
                });
            }
        }
        let balance = ctx.dated(year + 1, |r| {
            let tax = &r.corporate_tax;
            if fy.closes_on_december_31() {
                on(year + 1, tax.balance_december_closing)
            } else {
                day_of_month_after(fy.end, tax.balance_months_after_closing, tax.balance_day)
            }
        });
        if let Some((legal, rules_year)) = balance {
            ctx.add(Draft {
                kind: ObligationKind::IsSolde,
                period: fy.period(),
                rule: "is_solde",
                label: format!("IS solde (2572) — exercice {year}"),
                legal,
                tolerance: Tolerance::None,
                rules_year,
            });
        }
    }
}

/// The first instalment after a closing on `previous`: the instalment day of the bracket's
/// month, the first such day after the closing.
pub(crate) fn first_instalment(rules: &YearRules, previous: NaiveDate) -> Option<NaiveDate> {
    let tax = &rules.corporate_tax;
    let closed = MonthDay { month: previous.month(), day: previous.day() };
    let bracket = tax.brackets.iter().find(|b| b.contains(closed))?;
    [previous.year(), previous.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, bracket.first_month, tax.instalment_day))
        .find(|d| *d > previous)
}
