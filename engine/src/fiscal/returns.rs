//! Annual returns: the results return (2065 at IS, 2031 for BIC at IR, 2035 for BNC, 2072
//! for an SCI at IR; CGI art. 175 and 223), the 1330-CVAE (CGI art. 1586 octies) and the DAS2
//! (CGI art. 240).

use super::obligations::{Ctx, Draft, Tolerance, after_may_first, fiscal_years, months_after, on};
use super::periods::Period;
use super::profile::{LegalForm, ObligationKind, Taxation};
use chrono::Datelike;

/// Adds the client's annual returns.
pub(crate) fn generate(ctx: &mut Ctx) {
    results_return(ctx);
    cvae(ctx);
    das2(ctx);
}

/// Whether the client is an association with no taxed activity (no taxation given): the
/// calendar then generates none of the business taxes (liasse, CFE, CVAE, DAS2).
pub(crate) fn non_profit(ctx: &Ctx) -> bool {
    ctx.profile.legal_form == Some(LegalForm::Association) && ctx.profile.taxation.is_none()
}

/// The first calendar year a client has returns for (its first fiscal year's).
fn first_year(ctx: &Ctx) -> i32 {
    ctx.profile.first_closing.map_or(i32::MIN, |d| d.year())
}

/// The results return and its form.
fn results_return(ctx: &mut Ctx) {
    let Some(taxation) = ctx.profile.taxation else {
        if !non_profit(ctx) {
            ctx.missing(
                ObligationKind::Liasse,
                "taxation",
                "sans régime d'imposition (IS, BIC ou BNC), ni liasse fiscale ni impôt sur les sociétés ne sont générés",
            );
        }
        return;
    };
    let sci = ctx.profile.legal_form == Some(LegalForm::Sci);
    match taxation {
        Taxation::Is => {
            let Some(closing) = ctx.profile.closing else {
                ctx.missing(
                    ObligationKind::Liasse,
                    "closing",
                    "sans date de clôture, la liasse fiscale ne peut être datée",
                );
                return;
            };
            for fy in fiscal_years(closing, ctx.profile.first_closing, ctx.period_years()) {
                let year = fy.end.year();
                let (legal, tolerance, rules_year) = if fy.closes_on_december_31() {
                    let Some(rules) = ctx.rules(year + 1) else { continue };
                    let rr = &rules.results_return;
                    let Some(legal) = after_may_first(year + 1, rr.working_days_after_may_first) else { continue };
                    (legal, Tolerance::Days(rr.online_tolerance_days), year + 1)
                } else {
                    let Some((legal, y)) =
                        ctx.dated(year, |r| months_after(fy.end, r.results_return.months_after_closing))
                    else {
                        continue;
                    };
                    (legal, Tolerance::None, y)
                };
                ctx.add(Draft {
                    kind: ObligationKind::Liasse,
                    period: fy.period(),
                    rule: "liasse_is",
                    label: format!("Liasse fiscale 2065 — exercice {year}"),
                    legal,
                    tolerance,
                    rules_year,
                });
            }
        }
        Taxation::IrBic if !sci => {
            let Some(closing) = ctx.profile.closing else {
                ctx.missing(
                    ObligationKind::Liasse,
                    "closing",
                    "sans date de clôture, la liasse fiscale ne peut être datée",
                );
                return;
            };
            // At IR the return is due in May of the year after the closing, whatever its date.
            for fy in fiscal_years(closing, ctx.profile.first_closing, ctx.period_years()) {
                may_return(ctx, fy.end.year(), "liasse_bic", "Liasse fiscale 2031");
            }
        }
        Taxation::IrBnc | Taxation::IrBic => {
            // BNC and an SCI's property income are taxed by calendar year.
            let (rule, form) =
                if sci { ("liasse_sci", "Déclaration 2072") } else { ("liasse_bnc", "Déclaration 2035") };
            let first = first_year(ctx);
            for year in ctx.period_years().filter(|y| *y >= first) {
                may_return(ctx, year, rule, form);
            }
        }
    }
}

/// A results return due on the working day after 1 May following `year`, with the online
/// filing tolerance.
fn may_return(ctx: &mut Ctx, year: i32, rule: &'static str, form: &str) {
    let Some(rules) = ctx.rules(year + 1) else { return };
    let rr = &rules.results_return;
    let Some(legal) = after_may_first(year + 1, rr.working_days_after_may_first) else { return };
    ctx.add(Draft {
        kind: ObligationKind::Liasse,
        period: Period::FiscalYear(year),
        rule,
        label: format!("{form} — exercice {year}"),
        legal,
        tolerance: Tolerance::Days(rr.online_tolerance_days),
        rules_year: year + 1,
    });
}

/// The 1330-CVAE of each year, by the 2nd working day after 1 May of the next, whatever the
/// closing date, with the online filing tolerance.
fn cvae(ctx: &mut Ctx) {
    if ctx.profile.legal_form.is_none() || non_profit(ctx) {
        return;
    }
    match ctx.profile.cvae_filer {
        Some(true) => {}
        Some(false) => return,
        None => {
            ctx.missing(
                ObligationKind::Cvae,
                "cvae_filer",
                "sans savoir si le chiffre d'affaires dépasse 152 500 €, la déclaration 1330-CVAE n'est pas générée",
            );
            return;
        }
    }
    let first = first_year(ctx);
    for year in ctx.period_years().filter(|y| *y >= first) {
        let Some(rules) = ctx.rules(year + 1) else { continue };
        let Some(legal) = after_may_first(year + 1, rules.cvae.working_days_after_may_first) else { continue };
        ctx.add(Draft {
            kind: ObligationKind::Cvae,
            period: Period::Year(year),
            rule: "cvae",
            label: format!("CVAE 1330 — {year}"),
            legal,
            tolerance: Tolerance::Days(rules.cvae.online_tolerance_days),
            rules_year: year + 1,
        });
    }
}

/// The DAS2 of each calendar year: legally by 31 January of the next; tolerated with the
/// results return when that return is due in May (IR, or IS closing on 31 December).
fn das2(ctx: &mut Ctx) {
    if ctx.profile.legal_form.is_none() {
        ctx.missing(
            ObligationKind::Das2,
            "legal_form",
            "sans forme juridique, la déclaration des honoraires (DAS2) n'est pas générée",
        );
        return;
    }
    if non_profit(ctx) {
        return;
    }
    let with_may_return = match ctx.profile.taxation {
        Some(Taxation::IrBic | Taxation::IrBnc) => true,
        Some(Taxation::Is) => ctx.profile.closing.is_some_and(|c| c.is_calendar_year()),
        None => false,
    };
    let first = first_year(ctx);
    for year in ctx.period_years().filter(|y| *y >= first) {
        let Some(rules) = ctx.rules(year + 1) else { continue };
        let Some(legal) = on(year + 1, rules.das2.legal) else { continue };
        let tolerance =
            match (with_may_return, after_may_first(year + 1, rules.results_return.working_days_after_may_first)) {
                (true, Some(day)) => Tolerance::Until(day),
                _ => Tolerance::None,
            };
        ctx.add(Draft {
            kind: ObligationKind::Das2,
            period: Period::Year(year),
            rule: "das2",
            label: format!("DAS2 {year}"),
            legal,
            tolerance,
            rules_year: year + 1,
        });
    }
}
