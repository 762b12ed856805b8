//! VAT: monthly and quarterly CA3 on the day of the grid (CGI art. 287 and ann. IV art. 39),
//! the simplified regime's annual CA12 / CA12E (CGI ann. II art. 242 sexies and septies A) and
//! its July and December instalments (CGI art. 287, 3).

use super::obligations::{Ctx, Draft, Tolerance, after_may_first, fiscal_years, months_after, of_month};
use super::periods::{Period, ordinal};
use super::profile::{ObligationKind, Profile};
use super::rulebook::{Filer, Region, VatGrid};
use crate::model::VatRegime;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// Adds the client's VAT deadlines.
pub(crate) fn generate(ctx: &mut Ctx) {
    match ctx.profile.vat_regime {
        None => ctx.missing(
            ObligationKind::TvaCa3,
            "vat_regime",
            "sans régime de TVA, aucune déclaration de TVA n'est générée",
        ),
        Some(VatRegime::Franchise) => {}
        Some(VatRegime::Mensuel) => ca3(ctx, true),
        Some(VatRegime::Trimestriel) => ca3(ctx, false),
        Some(VatRegime::Annuel) => {
            ca12(ctx);
            ca12_instalments(ctx);
        }
    }
}

/// CA3: each month (or quarter), due in the following month on the grid's day.
fn ca3(ctx: &mut Ctx, monthly: bool) {
    for year in ctx.period_years() {
        let periods: Vec<(Period, u32)> = if monthly {
            (1..=12).map(|m| (Period::Month(year, m), m)).collect()
        } else {
            (1..=4).map(|q| (Period::Quarter(year, q), q * 3)).collect()
        };
        for (period, last_month) in periods {
            let (due_year, due_month) = if last_month == 12 { (year + 1, 1) } else { (year, last_month + 1) };
            let Some(rules) = ctx.rules(due_year) else { continue };
            let day = match grid_day(&rules.vat_grid, ctx.profile) {
                Ok(day) => day,
                Err(missing) => {
                    for (attribute, why) in missing {
                        ctx.missing(ObligationKind::TvaCa3, attribute, why);
                    }
                    return;
                }
            };
            let Some(legal) = NaiveDate::from_ymd_opt(due_year, due_month, day) else { continue };
            let (rule, label) = match period {
                Period::Quarter(y, q) => ("tva_ca3_trimestrielle", format!("TVA CA3 — {} trimestre {y}", ordinal(q))),
                _ => ("tva_ca3_mensuelle", format!("TVA CA3 — {}", period.label())),
            };
            ctx.add(Draft {
                kind: ObligationKind::TvaCa3,
                period,
                rule,
                label,
                legal,
                tolerance: Tolerance::None,
                rules_year: due_year,
            });
        }
    }
}

/// The annual return: CA12 for a calendar fiscal year (2nd working day after 1 May), CA12E
/// otherwise (three months after the closing).
fn ca12(ctx: &mut Ctx) {
    let Some(closing) = ctx.profile.closing else {
        ctx.missing(
            ObligationKind::TvaCa12,
            "closing",
            "sans date de clôture, la déclaration annuelle de TVA (CA12) ne peut être datée",
        );
        return;
    };
    for fy in fiscal_years(closing, ctx.profile.first_closing, ctx.period_years()) {
        let year = fy.end.year();
        let draft = if fy.closes_on_december_31() {
            let Some(rules) = ctx.rules(year + 1) else { continue };
            let Some(legal) = after_may_first(year + 1, rules.vat_annual.working_days_after_may_first) else {
                continue;
            };
            Draft {
                kind: ObligationKind::TvaCa12,
                period: fy.period(),
                rule: "tva_ca12",
                label: format!("TVA CA12 — exercice {year}"),
                legal,
                tolerance: Tolerance::None,
                rules_year: year + 1,
            }
        } else {
            let Some((legal, rules_year)) =
                ctx.dated(year, |r| months_after(fy.end, r.vat_annual.months_after_closing))
            else {
                continue;
            };
            Draft {
                kind: ObligationKind::TvaCa12,
                period: fy.period(),
                rule: "tva_ca12e",
                label: format!("TVA CA12E — exercice {year}"),
                legal,
                tolerance: Tolerance::None,
                rules_year,
            }
        };
        ctx.add(draft);
    }
}

/// The July and December instalments, on the grid's day, numbered within the fiscal year they
/// fall in; none in the client's first fiscal year (no previous year's tax to base them on).
fn ca12_instalments(ctx: &mut Ctx) {
    let Some(closing) = ctx.profile.closing else {
        ctx.missing(
            ObligationKind::TvaCa12Acompte,
            "closing",
            "sans date de clôture, les acomptes de TVA du régime simplifié ne peuvent être rattachés à un exercice",
        );
        return;
    };
    for fy in fiscal_years(closing, ctx.profile.first_closing, ctx.period_years()) {
        let Some(previous) = fy.previous else { continue };
        let mut dates = Vec::new();
        for year in previous.year()..=fy.end.year() {
            let Some(rules) = ctx.rules(year) else { continue };
            let day = match grid_day(&rules.vat_grid, ctx.profile) {
                Ok(day) => day,
                Err(missing) => {
                    for (attribute, why) in missing {
                        ctx.missing(ObligationKind::TvaCa12Acompte, attribute, why);
                    }
                    return;
                }
            };
            for &month in &rules.vat_annual.instalment_months {
                if let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
                    && date > previous
                    && date <= fy.end
                {
                    dates.push((date, year));
                }
            }
        }
        dates.sort();
        for (n, (legal, year)) in (1u32..).zip(dates) {
            ctx.add(Draft {
                kind: ObligationKind::TvaCa12Acompte,
                period: Period::Instalment(fy.end.year(), n.min(4)),
                rule: "tva_ca12_acompte",
                label: format!("TVA CA12 acompte {} {year}", of_month(legal.month())),
                legal,
                tolerance: Tolerance::None,
                rules_year: year,
            });
        }
    }
}

/// An attribute the grid needs, with why in French.
type Need = (&'static str, &'static str);

const NEED_FORM: Need =
    ("legal_form", "sans forme juridique, le jour de dépôt de la TVA (grille du 15 au 24) ne peut être déterminé");
const NEED_DEPARTMENT: Need = (
    "tax_department",
    "sans département du service des impôts, le jour de dépôt de la TVA (Paris et petite couronne ou autres départements) ne peut être déterminé",
);
const NEED_NAME: Need = (
    "name",
    "sans nom d'exploitant commençant par une lettre, le jour de dépôt de la TVA (A à H ou I à Z) ne peut être déterminé",
);
const NEED_SIREN: Need = (
    "siren",
    "sans SIREN valide (9 chiffres), le jour de dépôt de la TVA à Paris et en petite couronne ne peut être déterminé",
);

/// The grid's day for this client, or the attributes it lacks among those the grid needs for
/// it (an unknown attribute is not needed when every value it could take gives the same day).
pub(crate) fn grid_day(grid: &VatGrid, profile: &Profile) -> Result<u32, Vec<Need>> {
    let Some(filer) = profile.legal_form.and_then(|f| grid.forms.filer(f)) else {
        return Err(vec![NEED_FORM]);
    };
    let region = profile
        .tax_department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| if grid.paris_region.iter().any(|p| p == d) { Region::Paris } else { Region::Province });
    let initial = match filer {
        Filer::Individual => Some(name_initial(&profile.name, &grid.ignored_name_prefixes)),
        _ => None,
    };
    let siren = match filer {
        Filer::PublicLimited | Filer::Company => Some(siren_prefix(profile.siren.as_deref())),
        _ => None,
    };
    let regions: Vec<Region> = match region {
        Some(r) => vec![r],
        None => vec![Region::Paris, Region::Province],
    };
    let initials: Vec<Option<char>> = match initial {
        None => vec![None],
        Some(Some(c)) => vec![Some(c)],
        Some(None) => ('A'..='Z').map(Some).collect(),
    };
    let sirens: Vec<Option<u32>> = match siren {
        None => vec![None],
        Some(Some(s)) => vec![Some(s)],
        Some(None) => (0..100).map(Some).collect(),
    };
    let day = |r: Region, i: Option<char>, s: Option<u32>| {
        grid.rows.iter().find(|row| row.covers(r, filer, i, s)).map(|row| row.day)
    };
    let mut all = BTreeSet::new();
    for &r in &regions {
        for &i in &initials {
            for &s in &sirens {
                all.insert(day(r, i, s));
            }
        }
    }
    if let (1, Some(Some(day))) = (all.len(), all.first()) {
        return Ok(*day);
    }
    // Several days are possible: say which unknown attributes make the difference.
    let mut needs = Vec::new();
    let varies = |values: &mut dyn Iterator<Item = Option<u32>>| values.collect::<BTreeSet<_>>().len() > 1;
    if region.is_none()
        && initials.iter().any(|&i| sirens.iter().any(|&s| varies(&mut regions.iter().map(|&r| day(r, i, s)))))
    {
        needs.push(NEED_DEPARTMENT);
    }
    if initial == Some(None)
        && regions.iter().any(|&r| sirens.iter().any(|&s| varies(&mut initials.iter().map(|&i| day(r, i, s)))))
    {
        needs.push(NEED_NAME);
    }
    if siren == Some(None)
        && regions.iter().any(|&r| initials.iter().any(|&i| varies(&mut sirens.iter().map(|&s| day(r, i, s)))))
    {
        needs.push(NEED_SIREN);
    }
    if needs.is_empty() {
        // Only a grid with a hole could get here; RuleBook::parse refuses those.
        needs.push(NEED_FORM);
    }
    Err(needs)
}

/// The initial that picks an entrepreneur's day: the first letter of the name once the
/// ignored prefixes ("EI", "M.", "Mme"…) are dropped, case and accents aside.
pub(crate) fn name_initial(name: &str, ignored: &[String]) -> Option<char> {
    let folded = crate::model::normalize(name);
    let word = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| !ignored.iter().any(|p| crate::model::normalize(p) == *w))?;
    let first = word.chars().next()?;
    let letter = match first {
        'œ' => 'o',
        'æ' => 'a',
        c => c,
    };
    letter.is_ascii_alphabetic().then(|| letter.to_ascii_uppercase())
}

/// The first two digits of a 9-digit SIREN (spaces allowed), or None.
pub(crate) fn siren_prefix(siren: Option<&str>) -> Option<u32> {
    let digits: String = siren?.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits[..2].parse().ok())?
}

/// The day an instalment or CA3 of `rules` falls on for `profile`, for tests.
#[cfg(test)]
pub(crate) fn day_for(rules: &super::rulebook::YearRules, profile: &Profile) -> Result<u32, Vec<&'static str>> {
    grid_day(&rules.vat_grid, profile).map_err(|needs| needs.into_iter().map(|(a, _)| a).collect())
}
