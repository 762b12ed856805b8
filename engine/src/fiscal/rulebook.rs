//! The fiscal calendar's parameters, as data: one TOML file per year in `engine/rules/`
//! (days, months, thresholds, the VAT grid, tolerances, and each rule's French name and legal
//! source), embedded in the binary and checked when read. The logic lives in the rule modules.

use super::profile::{LegalForm, ObligationKind};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The rule files shipped with Vigie: (file name, text).
const BUILTIN: &[(&str, &str)] =
    &[("2026.toml", include_str!("../../rules/2026.toml")), ("2027.toml", include_str!("../../rules/2027.toml"))];

/// Every rule the calendar applies, by id, with the kind of deadline it makes. Each rule file
/// describes each of them (`[rules.<id>]`).
pub(crate) const RULES: &[(&str, ObligationKind)] = &[
    ("tva_ca3_mensuelle", ObligationKind::TvaCa3),
    ("tva_ca3_trimestrielle", ObligationKind::TvaCa3),
    ("tva_ca12", ObligationKind::TvaCa12),
    ("tva_ca12e", ObligationKind::TvaCa12),
    ("tva_ca12_acompte", ObligationKind::TvaCa12Acompte),
    ("is_acompte", ObligationKind::IsAcompte),
    ("is_solde", ObligationKind::IsSolde),
    ("liasse_is", ObligationKind::Liasse),
    ("liasse_bic", ObligationKind::Liasse),
    ("liasse_bnc", ObligationKind::Liasse),
    ("liasse_sci", ObligationKind::Liasse),
    ("cfe_acompte", ObligationKind::CfeAcompte),
    ("cfe", ObligationKind::Cfe),
    ("cvae", ObligationKind::Cvae),
    ("das2", ObligationKind::Das2),
    ("dsn", ObligationKind::Dsn),
];

/// Every year's rule set.
#[derive(Debug, Clone)]
pub struct RuleBook {
    years: BTreeMap<i32, YearRules>,
}

/// One rule as `vigie calendar rules` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleInfo {
    /// Rule id, such as `tva_ca3_mensuelle`.
    pub id: String,
    /// The kind of deadline it makes.
    pub kind: ObligationKind,
    /// French name.
    pub name: String,
    /// What it says, in one French sentence.
    pub summary: String,
    /// Its legal source.
    pub source: String,
    /// The years whose rule file holds it.
    pub years: Vec<i32>,
}

impl RuleBook {
    /// The text of the embedded rule file of `year` (`2027.toml`), as a firm reads it.
    pub fn builtin_file(year: i32) -> Option<&'static str> {
        let name = format!("{year}.toml");
        BUILTIN.iter().find(|(file, _)| *file == name).map(|(_, text)| *text)
    }

    /// The rule files embedded in Vigie.
    pub fn builtin() -> Result<RuleBook> {
        RuleBook::parse(BUILTIN)
    }

    /// Reads rule files given as (file name, text); the error names the file and the field.
    pub fn parse(files: &[(&str, &str)]) -> Result<RuleBook> {
        let mut years = BTreeMap::new();
        for (name, text) in files {
            let rules: YearRules = toml::from_str(text)
                .map_err(|e| Error::InvalidInput(format!("rule file {name}: {}", e.to_string().trim_end())))?;
            rules.check().map_err(|(field, problem)| {
                Error::InvalidInput(format!("rule file {name}: field {field}: {problem}"))
            })?;
            let stem = name.trim_end_matches(".toml");
            if stem.bytes().all(|b| b.is_ascii_digit()) && stem.parse() != Ok(rules.year) {
                return Err(Error::InvalidInput(format!(
                    "rule file {name}: field year: {} does not match the file name",
                    rules.year
                )));
            }
            if years.contains_key(&rules.year) {
                return Err(Error::InvalidInput(format!(
                    "rule file {name}: field year: another file already holds the rules of {}",
                    rules.year
                )));
            }
            years.insert(rules.year, rules);
        }
        if years.is_empty() {
            return Err(Error::InvalidInput("no rule file was given".to_string()));
        }
        Ok(RuleBook { years })
    }

    /// The years that have a rule file, in order.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// Each year's file version, such as (2026, "2026.1 (établi le 2026-11-28)").
    pub fn versions(&self) -> Vec<(i32, String)> {
        self.years.iter().map(|(y, r)| (*y, r.version.clone())).collect()
    }

    /// Every rule, in the calendar's order, as the latest file describes it.
    pub fn rules(&self) -> Vec<RuleInfo> {
        RULES
            .iter()
            .filter_map(|&(id, kind)| {
                let years: Vec<i32> =
                    self.years.iter().filter(|(_, r)| r.rules.contains_key(id)).map(|(y, _)| *y).collect();
                let text = self.years.values().rev().find_map(|r| r.rules.get(id))?;
                Some(RuleInfo {
                    id: id.to_string(),
                    kind,
                    name: text.name.clone(),
                    summary: text.summary.clone(),
                    source: text.source.clone(),
                    years,
                })
            })
            .collect()
    }

    /// The rules `vigie calendar rules` prints: one paragraph per rule.
    pub fn to_text(&self) -> String {
        let versions =
            self.versions().iter().map(|(y, v)| format!("{y} : version {v}")).collect::<Vec<_>>().join(" ; ");
        let mut out = format!("Règles du calendrier fiscal ({versions})\n");
        for rule in self.rules() {
            let valid = rule.years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
            out.push_str(&format!(
                "\n{} ({}, {})\n  {}\n  Source : {}\n  Années : {}\n",
                rule.name, rule.id, rule.kind, rule.summary, rule.source, valid
            ));
        }
        out
    }

    /// The rules that govern `year`: its own, else the nearest year's (the latest before it,
    /// or the earliest after it), with the year actually used. None only for an empty book,
    /// which parse() refuses.
    pub(crate) fn for_year(&self, year: i32) -> Option<(&YearRules, i32)> {
        self.years.range(..=year).next_back().or_else(|| self.years.iter().next()).map(|(y, r)| (r, *y))
    }
}

/// A rule's French description in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleText {
    /// French name.
    pub name: String,
    /// One French sentence.
    pub summary: String,
    /// Legal source.
    pub source: String,
}

/// One year's rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct YearRules {
    /// The year whose deadlines these rules date.
    pub year: i32,
    /// Version of the file.
    pub version: String,
    /// What the file covers, in French.
    #[allow(dead_code)]
    pub valid_for: String,
    /// Each rule's description, by id.
    pub rules: BTreeMap<String, RuleText>,
    /// The CA3 day grid.
    pub vat_grid: VatGrid,
    /// CA12 / CA12E and its instalments.
    pub vat_annual: VatAnnual,
    /// IS instalments and balance.
    pub corporate_tax: CorporateTax,
    /// Results returns (liasse).
    pub results_return: ResultsReturn,
    /// CFE.
    pub cfe: Cfe,
    /// 1330-CVAE.
    pub cvae: Cvae,
    /// DAS2.
    pub das2: Das2,
    /// DSN.
    pub dsn: Dsn,
}

/// The CA3 grid of days (CGI ann. IV art. 39).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VatGrid {
    /// Départements of the Paris column (75, 92, 93, 94).
    pub paris_region: Vec<String>,
    /// Words ignored before an entrepreneur's name ("EI", "M.", "Mme"), folded.
    pub ignored_name_prefixes: Vec<String>,
    /// Which legal forms fall in which column.
    pub forms: VatForms,
    /// The grid's rows.
    pub rows: Vec<GridRow>,
}

/// The grid's four kinds of filer, by legal form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VatForms {
    /// Entreprises individuelles (by the name's initial).
    pub individual: Vec<FormName>,
    /// Sociétés anonymes (by SIREN in Paris).
    pub public_limited: Vec<FormName>,
    /// Other companies (by SIREN in Paris).
    pub company: Vec<FormName>,
    /// Other filers.
    pub other: Vec<FormName>,
}

impl VatForms {
    /// The column of `form`.
    pub fn filer(&self, form: LegalForm) -> Option<Filer> {
        [
            (&self.individual, Filer::Individual),
            (&self.public_limited, Filer::PublicLimited),
            (&self.company, Filer::Company),
            (&self.other, Filer::Other),
        ]
        .into_iter()
        .find(|(forms, _)| forms.iter().any(|f| f.0 == form))
        .map(|(_, filer)| filer)
    }
}

/// A legal form as a rule file names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct FormName(pub LegalForm);

impl TryFrom<String> for FormName {
    type Error = String;
    fn try_from(text: String) -> std::result::Result<Self, String> {
        LegalForm::parse(&text)
            .map(FormName)
            .ok_or_else(|| format!("unknown legal form \"{text}\" (expected {})", LegalForm::expected()))
    }
}

/// Paris and its inner suburbs, or elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Region {
    /// Paris, Hauts-de-Seine, Seine-Saint-Denis, Val-de-Marne.
    Paris,
    /// Every other département.
    Province,
}

/// The grid's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Filer {
    /// Entreprises individuelles.
    Individual,
    /// Sociétés anonymes.
    PublicLimited,
    /// Other companies.
    Company,
    /// Associations and other filers.
    Other,
}

/// One row: who it covers and its day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GridRow {
    /// Region.
    pub region: Region,
    /// Column.
    pub filer: Filer,
    /// Initials of the entrepreneur's name, such as `A-H`.
    pub initials: Option<Range<char>>,
    /// First two digits of the SIREN, such as `00-68`.
    pub siren: Option<Range<u32>>,
    /// Day of the month following the period.
    pub day: u32,
}

impl GridRow {
    /// Whether the row covers this filer; `initial` and `siren` are asked only when the row
    /// needs them.
    pub fn covers(&self, region: Region, filer: Filer, initial: Option<char>, siren: Option<u32>) -> bool {
        self.region == region
            && self.filer == filer
            && self.initials.is_none_or(|r| initial.is_some_and(|c| r.contains(c)))
            && self.siren.is_none_or(|r| siren.is_some_and(|s| r.contains(s)))
    }
}

/// An inclusive range written `A-H` or `00-68`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range<T> {
    /// First value.
    pub first: T,
    /// Last value.
    pub last: T,
}

impl<T: PartialOrd + Copy> Range<T> {
    /// Whether `value` is within.
    pub fn contains(self, value: T) -> bool {
        self.first <= value && value <= self.last
    }
}

impl<'de> Deserialize<'de> for Range<char> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Range::<char>::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Range<u32> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Range::<u32>::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<String> for Range<char> {
    type Error = String;
    fn try_from(text: String) -> std::result::Result<Self, String> {
        let bad = || format!("\"{text}\" is not a range of capital letters such as \"A-H\"");
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let letter = |s: &str| {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_uppercase() => Some(c),
                _ => None,
            }
        };
        match (letter(a), letter(b)) {
            (Some(first), Some(last)) if first <= last => Ok(Range { first, last }),
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for Range<u32> {
    type Error = String;
    fn try_from(text: String) -> std::result::Result<Self, String> {
        let bad = || format!("\"{text}\" is not a range of two-digit numbers such as \"00-68\"");
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let two = |s: &str| (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?;
        match (two(a), two(b)) {
            (Some(first), Some(last)) if first <= last => Ok(Range { first, last }),
            _ => Err(bad()),
        }
    }
}

/// A day of the year written `MM-DD`, such as `12-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct MonthDay {
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31 (and a day of that month in a leap year).
    pub day: u32,
}

impl TryFrom<String> for MonthDay {
    type Error = String;
    fn try_from(text: String) -> std::result::Result<Self, String> {
        let bad = || format!("\"{text}\" is not a day of the year written MM-DD, such as \"12-15\"");
        let (m, d) = text.split_once('-').ok_or_else(bad)?;
        let two = |s: &str| -> Option<u32> {
            (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let (month, day) = (two(m).ok_or_else(bad)?, two(d).ok_or_else(bad)?);
        chrono::NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }
}

/// The simplified VAT regime (CA12).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VatAnnual {
    /// CA12 of a calendar fiscal year: this many working days after 1 May.
    pub working_days_after_may_first: u32,
    /// CA12E: this many months after the closing.
    pub months_after_closing: u32,
    /// Months of the instalments (7 and 12), on the CA3 grid's day.
    pub instalment_months: Vec<u32>,
}

/// Corporate tax (IS).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CorporateTax {
    /// Day of each instalment (15).
    pub instalment_day: u32,
    /// Number of instalments per fiscal year (4).
    pub instalments: u32,
    /// Months between instalments (3).
    pub months_apart: u32,
    /// Month of the first instalment, by the previous closing date.
    pub brackets: Vec<Bracket>,
    /// Day of the balance (15).
    pub balance_day: u32,
    /// Balance: in this month after the closing (4).
    pub balance_months_after_closing: u32,
    /// Balance for a 31 December closing, the next year (15 May).
    pub balance_december_closing: MonthDay,
}

/// Previous closings from `from` to `to` (inclusive, possibly across the new year) put the
/// first instalment in `first_month`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bracket {
    /// First closing day of the bracket.
    pub from: MonthDay,
    /// Last closing day of the bracket.
    pub to: MonthDay,
    /// Month of the first instalment.
    pub first_month: u32,
}

impl Bracket {
    /// Whether a closing on `day` falls in the bracket.
    pub fn contains(&self, day: MonthDay) -> bool {
        if self.from <= self.to { self.from <= day && day <= self.to } else { day >= self.from || day <= self.to }
    }
}

/// Results returns (2065, 2031, 2035, 2072).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResultsReturn {
    /// Calendar fiscal years and IR: this many working days after 1 May.
    pub working_days_after_may_first: u32,
    /// IS with another closing: this many months after it.
    pub months_after_closing: u32,
    /// Extra days for online filing of the May deadline.
    pub online_tolerance_days: u32,
}

/// CFE.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cfe {
    /// Balance (15 December).
    pub balance: MonthDay,
    /// Instalment (15 June).
    pub instalment: MonthDay,
}

/// 1330-CVAE.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cvae {
    /// This many working days after 1 May.
    pub working_days_after_may_first: u32,
    /// Extra days for online filing.
    pub online_tolerance_days: u32,
}

/// DAS2.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Das2 {
    /// The date the text sets, the next year (31 January).
    pub legal: MonthDay,
}

/// DSN.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Dsn {
    /// Day for 50 employees or more paid within the month (5).
    pub early_day: u32,
    /// Day for everyone else (15).
    pub default_day: u32,
}

/// A field and what is wrong with it.
type Problem = (String, String);

fn day_of_month(field: &str, day: u32) -> std::result::Result<(), Problem> {
    // 28 at most so that the day exists in every month.
    if (1..=28).contains(&day) {
        Ok(())
    } else {
        Err((field.to_string(), format!("{day} is not a day between 1 and 28")))
    }
}

fn month(field: &str, month: u32) -> std::result::Result<(), Problem> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err((field.to_string(), format!("{month} is not a month between 1 and 12")))
    }
}

fn at_most(field: &str, value: u32, max: u32) -> std::result::Result<(), Problem> {
    if value <= max { Ok(()) } else { Err((field.to_string(), format!("{value} is more than {max}"))) }
}

impl YearRules {
    /// Checks what serde cannot: ranges, coverage of the grids, every rule described.
    fn check(&self) -> std::result::Result<(), Problem> {
        if !(1900..=2199).contains(&self.year) {
            return Err(("year".into(), format!("{} is not a year between 1900 and 2199", self.year)));
        }
        for (id, _) in RULES {
            let text = self.rules.get(*id).ok_or_else(|| (format!("rules.{id}"), "missing".to_string()))?;
            for (field, value) in [("name", &text.name), ("summary", &text.summary), ("source", &text.source)] {
                if value.trim().is_empty() {
                    return Err((format!("rules.{id}.{field}"), "empty".to_string()));
                }
            }
        }
        if let Some(id) = self.rules.keys().find(|id| !RULES.iter().any(|(known, _)| known == id)) {
            return Err((format!("rules.{id}"), "unknown rule".to_string()));
        }
        self.check_vat_grid()?;
        let annual = &self.vat_annual;
        at_most("vat_annual.working_days_after_may_first", annual.working_days_after_may_first, 20)?;
        at_most("vat_annual.months_after_closing", annual.months_after_closing, 12)?;
        let months = &annual.instalment_months;
        if months.is_empty() || months.len() > 4 || !months.windows(2).all(|w| w[0] < w[1]) {
            return Err((
                "vat_annual.instalment_months".into(),
                "must list one to four months in increasing order".into(),
            ));
        }
        for m in &annual.instalment_months {
            month("vat_annual.instalment_months", *m)?;
        }
        let is = &self.corporate_tax;
        day_of_month("corporate_tax.instalment_day", is.instalment_day)?;
        day_of_month("corporate_tax.balance_day", is.balance_day)?;
        // Period codes number instalments 1 to 4.
        if !(1..=4).contains(&is.instalments) {
            return Err(("corporate_tax.instalments".into(), format!("{} is not between 1 and 4", is.instalments)));
        }
        if !(1..=12).contains(&is.months_apart) {
            return Err(("corporate_tax.months_apart".into(), format!("{} is not between 1 and 12", is.months_apart)));
        }
        at_most("corporate_tax.balance_months_after_closing", is.balance_months_after_closing, 12)?;
        for (i, b) in is.brackets.iter().enumerate() {
            month(&format!("corporate_tax.brackets[{i}].first_month"), b.first_month)?;
        }
        // Every closing day of a leap year falls in exactly one bracket.
        let mut day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
        while let Some(d) = day.filter(|d| chrono::Datelike::year(d) == 2024) {
            let md = MonthDay { month: chrono::Datelike::month(&d), day: chrono::Datelike::day(&d) };
            let n = is.brackets.iter().filter(|b| b.contains(md)).count();
            if n != 1 {
                return Err((
                    "corporate_tax.brackets".into(),
                    format!("a closing on {:02}-{:02} falls in {n} brackets instead of one", md.month, md.day),
                ));
            }
            day = d.succ_opt();
        }
        let rr = &self.results_return;
        at_most("results_return.working_days_after_may_first", rr.working_days_after_may_first, 20)?;
        at_most("results_return.months_after_closing", rr.months_after_closing, 12)?;
        at_most("results_return.online_tolerance_days", rr.online_tolerance_days, 60)?;
        at_most("cvae.working_days_after_may_first", self.cvae.working_days_after_may_first, 20)?;
        at_most("cvae.online_tolerance_days", self.cvae.online_tolerance_days, 60)?;
        day_of_month("dsn.early_day", self.dsn.early_day)?;
        day_of_month("dsn.default_day", self.dsn.default_day)?;
        Ok(())
    }

    /// Every legal form in one column; for every column and region, every initial or SIREN
    /// prefix matched by exactly one row.
    fn check_vat_grid(&self) -> std::result::Result<(), Problem> {
        let grid = &self.vat_grid;
        for form in LegalForm::ALL {
            let forms = &grid.forms;
            let n = [&forms.individual, &forms.public_limited, &forms.company, &forms.other]
                .iter()
                .filter(|list| list.iter().any(|f| f.0 == *form))
                .count();
            if n != 1 {
                return Err(("vat_grid.forms".into(), format!("the legal form {form} is in {n} lists instead of one")));
            }
        }
        for (i, row) in grid.rows.iter().enumerate() {
            day_of_month(&format!("vat_grid.rows[{i}].day"), row.day)?;
            let needs = match row.filer {
                Filer::Individual => row.siren.is_some(),
                Filer::PublicLimited | Filer::Company => row.initials.is_some(),
                Filer::Other => row.siren.is_some() || row.initials.is_some(),
            };
            if needs {
                return Err((
                    format!("vat_grid.rows[{i}]"),
                    "initials apply to individual entrepreneurs and siren to companies only".into(),
                ));
            }
        }
        for region in [Region::Paris, Region::Province] {
            for filer in [Filer::Individual, Filer::PublicLimited, Filer::Company, Filer::Other] {
                let keys: Vec<(Option<char>, Option<u32>)> = match filer {
                    Filer::Individual => ('A'..='Z').map(|c| (Some(c), None)).collect(),
                    Filer::PublicLimited | Filer::Company => (0..100).map(|s| (None, Some(s))).collect(),
                    Filer::Other => vec![(None, None)],
                };
                for (initial, siren) in keys {
                    let n = grid.rows.iter().filter(|r| r.covers(region, filer, initial, siren)).count();
                    if n != 1 {
                        let who = match (initial, siren) {
                            (Some(c), _) => format!("initial {c}"),
                            (_, Some(s)) => format!("SIREN {s:02}…"),
                            _ => "every filer".to_string(),
                        };
                        return Err((
                            "vat_grid.rows".into(),
                            format!("{n} rows instead of one cover {filer:?} filers in {region:?} ({who})"),
                        ));
                    }
                }
            }
        }
        if grid.paris_region.is_empty() {
            return Err(("vat_grid.paris_region".into(), "empty".into()));
        }
        Ok(())
    }
}
