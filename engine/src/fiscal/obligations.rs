//! A client's fiscal obligations over a date range: what each rule module generates, shifted
//! to working days, filtered to the range, sorted; plus what the profile lacks and which
//! years' rules stood in for missing ones.

use super::holidays::next_working_day;
use super::periods::Period;
use super::profile::{Closing, ObligationKind, Profile};
use super::rulebook::{RuleBook, YearRules};
use super::{corporate_tax, local_taxes, payroll, returns, vat};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

/// One deadline of one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Obligation {
    /// What kind of deadline.
    pub kind: ObligationKind,
    /// Period code (`2027-02`, `2027-T1`, `2027`, `EX-2027`, `EX-2027-2`).
    pub period: String,
    /// What the firm must meet: the legal date, plus any tolerance, on a working day.
    pub due_date: NaiveDate,
    /// The date the text sets, moved to a working day, before any tolerance.
    pub legal_date: NaiveDate,
    /// French label, such as "TVA CA3 — février 2027".
    pub label: String,
    /// Id of the rule that made it, such as `tva_ca3_mensuelle`.
    pub rule: String,
    /// Legal source, in French.
    pub source: String,
}

/// An attribute of the profile that an obligation needs and nobody gave.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Missing {
    /// The kind of obligation not generated.
    pub kind: ObligationKind,
    /// The profile's field name (`vat_regime`, `tax_department`, `siren`…).
    pub attribute: &'static str,
    /// Why, in French.
    pub why: String,
}

/// Everything the calendar says about one client over a range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Plan {
    /// Deadlines due in the range, by (due date, kind, period).
    pub obligations: Vec<Obligation>,
    /// What the profile lacks, by (kind, attribute).
    pub missing: Vec<Missing>,
    /// French warnings (rules of another year applied).
    pub warnings: Vec<String>,
}

/// Every obligation of `profile` due from `from` to `to` (both included), by the rules of
/// `book`; deterministic.
pub fn plan(book: &RuleBook, profile: &Profile, from: NaiveDate, to: NaiveDate) -> Plan {
    let mut ctx =
        Ctx { book, profile, from, to, obligations: Vec::new(), missing: BTreeSet::new(), stand_ins: BTreeSet::new() };
    vat::generate(&mut ctx);
    corporate_tax::generate(&mut ctx);
    returns::generate(&mut ctx);
    local_taxes::generate(&mut ctx);
    payroll::generate(&mut ctx);
    ctx.finish()
}

/// A deadline as a rule computes it, before the shift to a working day.
pub(crate) struct Draft {
    /// Kind.
    pub kind: ObligationKind,
    /// Period.
    pub period: Period,
    /// Rule id.
    pub rule: &'static str,
    /// French label.
    pub label: String,
    /// The date the text sets, possibly on a weekend or holiday.
    pub legal: NaiveDate,
    /// What the firm must meet when a tolerance gives more time.
    pub tolerance: Tolerance,
    /// The year whose rules dated it.
    pub rules_year: i32,
}

/// Extra time beyond the legal date.
pub(crate) enum Tolerance {
    /// None.
    None,
    /// This many calendar days after the (shifted) legal date.
    Days(u32),
    /// This other date.
    Until(NaiveDate),
}

/// What the rule modules share while generating.
pub(crate) struct Ctx<'a> {
    /// The rules.
    pub book: &'a RuleBook,
    /// The client.
    pub profile: &'a Profile,
    /// First day of the range.
    pub from: NaiveDate,
    /// Last day of the range.
    pub to: NaiveDate,
    obligations: Vec<Obligation>,
    missing: BTreeSet<Missing>,
    /// (year asked, year used) when a year had no rule file.
    stand_ins: BTreeSet<(i32, i32)>,
}

impl<'a> Ctx<'a> {
    /// The years whose periods may have a deadline in the range (deadlines fall at most a
    /// year and a half after their period).
    pub fn period_years(&self) -> std::ops::RangeInclusive<i32> {
        (self.from.year() - 2)..=(self.to.year() + 1)
    }

    /// The rules that date deadlines of `year`.
    pub fn rules(&self, year: i32) -> Option<&'a YearRules> {
        self.book.for_year(year).map(|(rules, _)| rules)
    }

    /// A date computed by `date` with the rules of the year it falls in (first guessed with
    /// the rules of `guess`), and that year.
    pub fn dated(&self, guess: i32, date: impl Fn(&YearRules) -> Option<NaiveDate>) -> Option<(NaiveDate, i32)> {
        let first = date(self.rules(guess)?)?;
        let second = date(self.rules(first.year())?)?;
        Some((second, first.year()))
    }

    /// Records that `attribute` keeps `kind` from being generated.
    pub fn missing(&mut self, kind: ObligationKind, attribute: &'static str, why: &str) {
        self.missing.insert(Missing { kind, attribute, why: why.to_string() });
    }

    /// Adds a deadline when, shifted to a working day, it falls in the range.
    pub fn add(&mut self, draft: Draft) {
        let legal_date = next_working_day(draft.legal);
        let due_date = match draft.tolerance {
            Tolerance::None => legal_date,
            Tolerance::Days(days) => {
                next_working_day(legal_date.checked_add_days(Days::new(days.into())).unwrap_or(legal_date))
            }
            Tolerance::Until(day) => next_working_day(day).max(legal_date),
        };
        if due_date < self.from || due_date > self.to {
            return;
        }
        if let Some((_, used)) = self.book.for_year(draft.rules_year)
            && used != draft.rules_year
        {
            self.stand_ins.insert((draft.rules_year, used));
        }
        let source = self
            .book
            .for_year(draft.rules_year)
            .and_then(|(rules, _)| rules.rules.get(draft.rule))
            .map(|text| text.source.clone())
            .unwrap_or_default();
        self.obligations.push(Obligation {
            kind: draft.kind,
            period: draft.period.code(),
            due_date,
            legal_date,
            label: draft.label,
            rule: draft.rule.to_string(),
            source,
        });
    }

    fn finish(mut self) -> Plan {
        self.obligations
            .sort_by(|a, b| (a.due_date, a.kind, &a.period, &a.rule).cmp(&(b.due_date, b.kind, &b.period, &b.rule)));
        self.obligations.dedup();
        let warnings = self
            .stand_ins
            .iter()
            .map(|(asked, used)| {
                format!("règles {asked} absentes : celles de {used} sont appliquées aux échéances de {asked}")
            })
            .collect();
        Plan { obligations: self.obligations, missing: self.missing.into_iter().collect(), warnings }
    }
}

/// One fiscal year, by its closing date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FiscalYear {
    /// Its closing date.
    pub end: NaiveDate,
    /// The previous closing; None for the client's first fiscal year.
    pub previous: Option<NaiveDate>,
}

impl FiscalYear {
    /// Its period code: the year it closes in.
    pub fn period(self) -> Period {
        Period::FiscalYear(self.end.year())
    }

    /// Whether it is a calendar year (closing on 31 December after a 31 December closing, or
    /// a first fiscal year closing on 31 December).
    pub fn closes_on_december_31(self) -> bool {
        (self.end.month(), self.end.day()) == (12, 31)
    }
}

/// The fiscal years closing in `years`: one per year on `closing`, none before `first_closing`,
/// and the first one closing on `first_closing` itself.
pub(crate) fn fiscal_years(
    closing: Closing,
    first_closing: Option<NaiveDate>,
    years: std::ops::RangeInclusive<i32>,
) -> Vec<FiscalYear> {
    let mut ends: BTreeSet<NaiveDate> = years.clone().map(|y| closing.in_year(y)).collect();
    if let Some(first) = first_closing {
        ends.retain(|end| *end >= first);
        if years.contains(&first.year()) {
            ends.insert(first);
        }
    }
    ends.into_iter()
        .map(|end| {
            let previous = if Some(end) == first_closing {
                None
            } else {
                [Some(closing.in_year(end.year() - 1)), Some(closing.in_year(end.year())), first_closing]
                    .into_iter()
                    .flatten()
                    .filter(|c| *c < end && first_closing.is_none_or(|f| *c >= f))
                    .max()
            };
            FiscalYear { end, previous }
        })
        .collect()
}

/// `day` plus `months`, on the same day of the month or the month's last day.
pub(crate) fn months_after(day: NaiveDate, months: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(months))
}

/// Day `day` of the month `months` after the month of `day`.
pub(crate) fn day_of_month_after(of: NaiveDate, months: u32, day: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(of.year(), of.month(), 1)?.checked_add_months(Months::new(months))?;
    NaiveDate::from_ymd_opt(first.year(), first.month(), day)
}

/// The `n`-th working day after 1 May of `year`.
pub(crate) fn after_may_first(year: i32, n: u32) -> Option<NaiveDate> {
    Some(super::holidays::nth_working_day_after(NaiveDate::from_ymd_opt(year, 5, 1)?, n))
}

/// A day of `year` from a rule file's `MM-DD`.
pub(crate) fn on(year: i32, day: super::rulebook::MonthDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, day.month, day.day)
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month, day.day.saturating_sub(1)))
}

/// "de juillet", "d'août", "d'octobre".
pub(crate) fn of_month(month: u32) -> String {
    let name = crate::french::month(month).unwrap_or("?");
    if name.starts_with(['a', 'o']) { format!("d'{name}") } else { format!("de {name}") }
}
