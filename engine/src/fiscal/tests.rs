//! Dated examples of the fiscal calendar, 2026–2028. Every weekday cited in a comment was
//! checked with python3's datetime (`datetime.date(y, m, d).weekday()`); holidays come from
//! holidays.rs (Easter 5/4/2026, 28/3/2027, 16/4/2028).

use super::obligations::Obligation;
use super::*;
use crate::model::VatRegime;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn book() -> RuleBook {
    RuleBook::builtin().unwrap()
}

/// A client with nothing that generates anything but what each test sets.
fn bare(name: &str) -> Profile {
    Profile { name: name.to_string(), payroll: Some(Payroll::SansSalarie), ..Profile::default() }
}

fn company(form: LegalForm, department: &str, siren: &str) -> Profile {
    Profile {
        legal_form: Some(form),
        tax_department: Some(department.to_string()),
        siren: Some(siren.to_string()),
        ..bare("Société Test")
    }
}

fn year_plan(profile: &Profile, year: i32) -> Plan {
    plan(&book(), profile, d(year, 1, 1), d(year, 12, 31))
}

/// (period, due, legal) of the obligations of `kind`.
fn of(plan: &Plan, kind: ObligationKind) -> Vec<(String, NaiveDate, NaiveDate)> {
    plan.obligations.iter().filter(|o| o.kind == kind).map(|o| (o.period.clone(), o.due_date, o.legal_date)).collect()
}

fn one(plan: &Plan, kind: ObligationKind, period: &str) -> Obligation {
    plan.obligations
        .iter()
        .find(|o| o.kind == kind && o.period == period)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind} {period} in {:#?}", plan.obligations))
}

fn missing(plan: &Plan) -> Vec<(ObligationKind, &'static str)> {
    plan.missing.iter().map(|m| (m.kind, m.attribute)).collect()
}

// ---------------------------------------------------------------- rule book

#[test]
fn builtin_rules_cover_2026_and_2027() {
    let book = book();
    assert_eq!(book.years(), vec![2026, 2027]);
    let rules = book.rules();
    assert_eq!(rules.len(), 16);
    for rule in &rules {
        assert_eq!(rule.years, vec![2026, 2027], "{}", rule.id);
        assert!(!rule.source.is_empty() && !rule.summary.is_empty() && !rule.name.is_empty());
    }
    let ca3 = rules.iter().find(|r| r.id == "tva_ca3_mensuelle").unwrap();
    assert_eq!(ca3.kind, ObligationKind::TvaCa3);
    assert!(ca3.source.contains("ann. IV art. 39"), "{}", ca3.source);
    let text = book.to_text();
    assert!(text.contains("2026 : version 2026.1"), "{text}");
    assert!(rules.iter().all(|r| text.contains(&r.name) && text.contains(&r.id)));
}

fn builtin_2026() -> String {
    include_str!("../../rules/2026.toml").to_string()
}

fn parse_error(name: &str, text: &str) -> String {
    match RuleBook::parse(&[(name, text)]) {
        Ok(_) => panic!("{name} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn parse_errors_name_the_file_and_the_field() {
    let good = builtin_2026();
    // A missing field.
    let text = good.replacen("initials = \"A-H\"\nday = 15\n", "initials = \"A-H\"\n", 1);
    let e = parse_error("2026.toml", &text);
    assert!(e.contains("rule file 2026.toml") && e.contains("missing field `day`"), "{e}");
    // A day out of range.
    let e = parse_error("2026.toml", &good.replacen("day = 15\n", "day = 32\n", 1));
    assert!(e.contains("rule file 2026.toml: field vat_grid.rows[0].day: 32"), "{e}");
    // A misspelt field.
    let e = parse_error("2026.toml", &good.replacen("default_day = 15", "defaut_day = 15", 1));
    assert!(e.contains("2026.toml") && e.contains("defaut_day"), "{e}");
    // A hole in the grid: nobody covers the initial I in Paris.
    let e = parse_error("2026.toml", &good.replacen("initials = \"I-Z\"", "initials = \"J-Z\"", 1));
    assert!(e.contains("field vat_grid.rows:") && e.contains("initial I"), "{e}");
    // Overlapping rows.
    let e = parse_error("2026.toml", &good.replacen("siren = \"69-78\"", "siren = \"68-78\"", 1));
    assert!(e.contains("field vat_grid.rows:") && e.contains("SIREN 68"), "{e}");
    // A closing day no IS bracket covers.
    let e = parse_error("2026.toml", &good.replacen("from = \"02-20\"", "from = \"02-21\"", 1));
    assert!(e.contains("field corporate_tax.brackets:") && e.contains("02-20"), "{e}");
    // A bad day of the year.
    let e = parse_error("2026.toml", &good.replacen("balance = \"12-15\"", "balance = \"12-32\"", 1));
    assert!(e.contains("2026.toml") && e.contains("12-32"), "{e}");
    // More instalments than period codes can number.
    let e = parse_error("2026.toml", &good.replacen("instalments = 4", "instalments = 5", 1));
    assert!(e.contains("field corporate_tax.instalments: 5"), "{e}");
    let e = parse_error("2026.toml", &good.replacen("instalment_months = [7, 12]", "instalment_months = [12, 7]", 1));
    assert!(e.contains("field vat_annual.instalment_months"), "{e}");
    // A rule without its description.
    let e = parse_error("2026.toml", &good.replacen("[rules.das2]", "[rules.das_2]", 1));
    assert!(e.contains("field rules.das2: missing"), "{e}");
    // A legal form in no VAT column.
    let e = parse_error("2026.toml", &good.replacen("other = [\"association\", \"autre\"]", "other = [\"autre\"]", 1));
    assert!(e.contains("field vat_grid.forms") && e.contains("association"), "{e}");
    // An unknown legal form.
    let e = parse_error("2026.toml", &good.replacen("individual = [\"ei\"]", "individual = [\"ei\", \"sarlu\"]", 1));
    assert!(e.contains("2026.toml") && e.contains("sarlu"), "{e}");
    // The year of another file.
    let e = parse_error("2028.toml", &good);
    assert!(e.contains("rule file 2028.toml: field year"), "{e}");
    // Broken TOML.
    let e = parse_error("2026.toml", "year = ");
    assert!(e.contains("rule file 2026.toml"), "{e}");
    // Two files for one year, and none at all.
    let e = RuleBook::parse(&[("a.toml", &good), ("b.toml", &good)]).unwrap_err().to_string();
    assert!(e.contains("rule file b.toml: field year"), "{e}");
    assert!(RuleBook::parse(&[]).is_err());
    // The file as shipped parses.
    assert_eq!(RuleBook::parse(&[("2026.toml", &good)]).unwrap().years(), vec![2026]);
}

// ---------------------------------------------------------------- VAT grid

fn grid_day(profile: &Profile) -> Result<u32, Vec<&'static str>> {
    let book = book();
    let (rules, _) = book.for_year(2026).unwrap();
    super::vat::day_for(rules, profile)
}

fn ei(name: &str, department: &str) -> Profile {
    Profile { legal_form: Some(LegalForm::Ei), tax_department: Some(department.into()), ..bare(name) }
}

#[test]
fn paris_grid_every_row() {
    // Individual entrepreneurs: A–H the 15th, I–Z the 17th, by the name's first letter once
    // "EI", "M.", "Mme"… are dropped, case and accents aside.
    assert_eq!(grid_day(&ei("Dupont Jean", "75")), Ok(15));
    assert_eq!(grid_day(&ei("EI Hugo", "92")), Ok(15));
    assert_eq!(grid_day(&ei("  dr ALBERT", "93")), Ok(15));
    assert_eq!(grid_day(&ei("Élise Martin", "94")), Ok(15));
    assert_eq!(grid_day(&ei("Mme Ibert", "75")), Ok(17));
    assert_eq!(grid_day(&ei("M. Zidane", "75")), Ok(17));
    assert_eq!(grid_day(&ei("EI - Martin", "75")), Ok(17));
    // Sociétés anonymes: SIREN 00–74 the 23rd, 75–99 the 24th.
    assert_eq!(grid_day(&company(LegalForm::Sa, "75", "001234567")), Ok(23));
    assert_eq!(grid_day(&company(LegalForm::Sa, "75", "749999999")), Ok(23));
    assert_eq!(grid_day(&company(LegalForm::Sa, "92", "750000000")), Ok(24));
    assert_eq!(grid_day(&company(LegalForm::Sa, "92", "999 999 999")), Ok(24));
    // Other companies: 00–68 the 19th, 69–78 the 20th, 79–99 the 21st.
    assert_eq!(grid_day(&company(LegalForm::Sarl, "75", "000000001")), Ok(19));
    assert_eq!(grid_day(&company(LegalForm::Sas, "93", "689999999")), Ok(19));
    assert_eq!(grid_day(&company(LegalForm::Sasu, "93", "690000000")), Ok(20));
    assert_eq!(grid_day(&company(LegalForm::Eurl, "94", "789999999")), Ok(20));
    assert_eq!(grid_day(&company(LegalForm::Snc, "94", "790000000")), Ok(21));
    assert_eq!(grid_day(&company(LegalForm::Sci, "75", "999999999")), Ok(21));
    // The SCA is not a société anonyme for the grid (the text names only SAs).
    assert_eq!(grid_day(&company(LegalForm::Sca, "75", "123456789")), Ok(19));
    // Associations and others: the 24th.
    assert_eq!(grid_day(&company(LegalForm::Association, "75", "123456789")), Ok(24));
    assert_eq!(grid_day(&company(LegalForm::Autre, "92", "123456789")), Ok(24));
}

#[test]
fn province_grid_every_row() {
    assert_eq!(grid_day(&ei("Bernard", "69")), Ok(16));
    assert_eq!(grid_day(&ei("Mme Hélène Petit", "13")), Ok(16));
    assert_eq!(grid_day(&ei("Ibrahim", "2A")), Ok(19));
    assert_eq!(grid_day(&ei("zola", "971")), Ok(19));
    assert_eq!(grid_day(&company(LegalForm::Sa, "69", "123456789")), Ok(24));
    assert_eq!(grid_day(&company(LegalForm::Sarl, "69", "123456789")), Ok(21));
    assert_eq!(grid_day(&company(LegalForm::Scp, "33", "999999999")), Ok(21));
    assert_eq!(grid_day(&company(LegalForm::Association, "33", "")), Ok(24));
    // The province needs no SIREN.
    let mut sarl = company(LegalForm::Sarl, "69", "");
    sarl.siren = None;
    assert_eq!(grid_day(&sarl), Ok(21));
}

#[test]
fn grid_asks_only_for_what_decides_the_day() {
    let mut p = ei("Dupont", "75");
    p.tax_department = None;
    assert_eq!(grid_day(&p), Err(vec!["tax_department"]));
    assert_eq!(grid_day(&ei("123 Services", "75")), Err(vec!["name"]));
    assert_eq!(grid_day(&ei("M.", "69")), Err(vec!["name"]));
    let mut sarl = company(LegalForm::Sarl, "75", "12345");
    assert_eq!(grid_day(&sarl), Err(vec!["siren"]));
    sarl.tax_department = None;
    assert_eq!(grid_day(&sarl), Err(vec!["tax_department", "siren"]));
    // SIREN 85…: the 21st in Paris as elsewhere, so the département is not needed.
    sarl.siren = Some("850000000".into());
    assert_eq!(grid_day(&sarl), Ok(21));
    // An SA with SIREN 80…: the 24th everywhere.
    let mut sa = company(LegalForm::Sa, "", "800000000");
    assert_eq!(grid_day(&sa), Ok(24));
    sa.siren = Some("100000000".into());
    assert_eq!(grid_day(&sa), Err(vec!["tax_department"]));
    // Associations need nothing but their form.
    let mut asso = bare("Les Amis");
    asso.legal_form = Some(LegalForm::Association);
    assert_eq!(grid_day(&asso), Ok(24));
    assert_eq!(grid_day(&bare("Sans forme")), Err(vec!["legal_form"]));
}

// ---------------------------------------------------------------- VAT deadlines

fn with_vat(mut p: Profile, regime: VatRegime) -> Profile {
    p.vat_regime = Some(regime);
    p
}

#[test]
fn monthly_ca3_on_the_grid_day_shifted() {
    // SARL in Paris, SIREN 12… → the 19th; February 2027 due Friday 19 March 2027.
    let p = with_vat(company(LegalForm::Sarl, "75", "123456789"), VatRegime::Mensuel);
    let plan = plan(&book(), &p, d(2027, 3, 1), d(2027, 3, 31));
    assert_eq!(plan.obligations.len(), 1, "{:#?}", plan.obligations);
    let ca3 = &plan.obligations[0];
    assert_eq!((ca3.period.as_str(), ca3.due_date, ca3.legal_date), ("2027-02", d(2027, 3, 19), d(2027, 3, 19)));
    assert_eq!(ca3.label, "TVA CA3 — février 2027");
    assert_eq!(ca3.rule, "tva_ca3_mensuelle");
    assert!(ca3.source.contains("CGI ann. IV art. 39"));
    // A whole year: twelve returns, December 2026 due in January 2027.
    let year = year_plan(&p, 2027);
    let ca3s = of(&year, ObligationKind::TvaCa3);
    assert_eq!(ca3s.len(), 12);
    assert_eq!(ca3s[0], ("2026-12".into(), d(2027, 1, 19), d(2027, 1, 19)));
    // EI in Paris, A–H → the 15th: February 2026 is due Sunday 15 March 2026 → Monday 16.
    let p = with_vat(ei("Durand", "75"), VatRegime::Mensuel);
    let plan = year_plan(&p, 2026);
    let feb = one(&plan, ObligationKind::TvaCa3, "2026-02");
    assert_eq!((feb.due_date, feb.legal_date), (d(2026, 3, 16), d(2026, 3, 16)));
    // SARL in the province → the 21st: 21 March 2027 is a Sunday → Monday 22.
    let p = with_vat(company(LegalForm::Sarl, "69", "123456789"), VatRegime::Mensuel);
    assert_eq!(one(&year_plan(&p, 2027), ObligationKind::TvaCa3, "2027-02").due_date, d(2027, 3, 22));
}

#[test]
fn quarterly_ca3() {
    // EI in the province, I–Z → the 19th of the month after each quarter.
    let p = with_vat(ei("Mme Lefèvre", "44"), VatRegime::Trimestriel);
    let plan = year_plan(&p, 2027);
    assert_eq!(
        of(&plan, ObligationKind::TvaCa3),
        vec![
            ("2026-T4".into(), d(2027, 1, 19), d(2027, 1, 19)),   // Tuesday
            ("2027-T1".into(), d(2027, 4, 19), d(2027, 4, 19)),   // Monday
            ("2027-T2".into(), d(2027, 7, 19), d(2027, 7, 19)),   // Monday
            ("2027-T3".into(), d(2027, 10, 19), d(2027, 10, 19)), // Tuesday
        ]
    );
    let t1 = one(&plan, ObligationKind::TvaCa3, "2027-T1");
    assert_eq!(t1.label, "TVA CA3 — 1er trimestre 2027");
    assert_eq!(t1.rule, "tva_ca3_trimestrielle");
    assert_eq!(one(&plan, ObligationKind::TvaCa3, "2027-T2").label, "TVA CA3 — 2e trimestre 2027");
}

#[test]
fn ca12_and_its_instalments() {
    // SARL in the province (grid day 21), calendar fiscal year.
    let mut p = with_vat(company(LegalForm::Sarl, "69", "123456789"), VatRegime::Annuel);
    p.closing = Some(Closing { day: 31, month: 12 });
    let plan = year_plan(&p, 2027);
    // CA12 of 2026: 2nd working day after Saturday 1 May 2027 = Tuesday 4 May.
    let ca12 = one(&plan, ObligationKind::TvaCa12, "EX-2026");
    assert_eq!((ca12.due_date, ca12.legal_date), (d(2027, 5, 4), d(2027, 5, 4)));
    assert_eq!((ca12.label.as_str(), ca12.rule.as_str()), ("TVA CA12 — exercice 2026", "tva_ca12"));
    // Instalments on the grid's day: Wednesday 21 July and Tuesday 21 December 2027.
    assert_eq!(
        of(&plan, ObligationKind::TvaCa12Acompte),
        vec![
            ("EX-2027-1".into(), d(2027, 7, 21), d(2027, 7, 21)),
            ("EX-2027-2".into(), d(2027, 12, 21), d(2027, 12, 21))
        ]
    );
    assert_eq!(one(&plan, ObligationKind::TvaCa12Acompte, "EX-2027-1").label, "TVA CA12 acompte de juillet 2027");
    assert_eq!(one(&plan, ObligationKind::TvaCa12Acompte, "EX-2027-2").label, "TVA CA12 acompte de décembre 2027");
    // 2026: 1 May is a Friday → Tuesday 5 May; 2028: a Monday → Wednesday 3 May.
    assert_eq!(one(&year_plan(&p, 2026), ObligationKind::TvaCa12, "EX-2025").due_date, d(2026, 5, 5));
    assert_eq!(one(&year_plan(&p, 2028), ObligationKind::TvaCa12, "EX-2027").due_date, d(2028, 5, 3));
    assert!(of(&plan, ObligationKind::TvaCa3).is_empty());
}

#[test]
fn ca12e_for_a_fiscal_year_closing_on_30_june() {
    let mut p = with_vat(company(LegalForm::Sarl, "69", "123456789"), VatRegime::Annuel);
    p.closing = Some(Closing { day: 30, month: 6 });
    let plan = year_plan(&p, 2026);
    // Within three months of the closing: Wednesday 30 September 2026.
    let ca12e = one(&plan, ObligationKind::TvaCa12, "EX-2026");
    assert_eq!((ca12e.due_date, ca12e.rule.as_str()), (d(2026, 9, 30), "tva_ca12e"));
    assert_eq!(ca12e.label, "TVA CA12E — exercice 2026");
    // July and December 2026 fall in the fiscal year closing on 30 June 2027.
    assert_eq!(
        of(&plan, ObligationKind::TvaCa12Acompte),
        vec![
            ("EX-2027-1".into(), d(2026, 7, 21), d(2026, 7, 21)),
            ("EX-2027-2".into(), d(2026, 12, 21), d(2026, 12, 21))
        ]
    );
}

#[test]
fn no_vat_deadline_under_the_franchise_and_a_missing_regime_is_said() {
    let p = with_vat(company(LegalForm::Sarl, "75", "123456789"), VatRegime::Franchise);
    let plan = year_plan(&p, 2027);
    assert!(
        plan.obligations.iter().all(|o| !matches!(
            o.kind,
            ObligationKind::TvaCa3 | ObligationKind::TvaCa12 | ObligationKind::TvaCa12Acompte
        ))
    );
    assert!(!missing(&plan).iter().any(|(k, _)| *k == ObligationKind::TvaCa3));
    let plan = year_plan(&company(LegalForm::Sarl, "75", "123456789"), 2027);
    let m = plan.missing.iter().find(|m| m.attribute == "vat_regime").unwrap();
    assert_eq!(m.kind, ObligationKind::TvaCa3);
    assert_eq!(m.why, "sans régime de TVA, aucune déclaration de TVA n'est générée");
    // A grid attribute missing: no CA3, and the attribute named.
    let p = with_vat(company(LegalForm::Sarl, "75", "bad"), VatRegime::Mensuel);
    let plan = year_plan(&p, 2027);
    assert!(of(&plan, ObligationKind::TvaCa3).is_empty());
    assert!(missing(&plan).contains(&(ObligationKind::TvaCa3, "siren")));
}

// ---------------------------------------------------------------- corporate tax

fn at_is(day: u32, month: u32) -> Profile {
    Profile {
        taxation: Some(Taxation::Is),
        closing: Some(Closing { day, month }),
        is_over_3000: Some(true),
        ..company(LegalForm::Sas, "75", "123456789")
    }
}

/// The IS instalments of the fiscal year closing in `year`.
fn instalments(p: &Profile, year: i32) -> Vec<NaiveDate> {
    let plan = plan(&book(), p, d(2025, 1, 1), d(2029, 12, 31));
    (1..=4).map(|n| one(&plan, ObligationKind::IsAcompte, &format!("EX-{year}-{n}")).due_date).collect()
}

#[test]
fn is_instalments_follow_the_previous_closing_bracket() {
    // 15/3/2027 Mon, 15/6/2027 Tue, 15/9/2027 Wed, 15/12/2027 Wed; 15/3/2026 Sun → 16/3.
    let (mar27, jun27, sep27, dec27) = (d(2027, 3, 15), d(2027, 6, 15), d(2027, 9, 15), d(2027, 12, 15));
    let (mar26, jun26, sep26, dec26) = (d(2026, 3, 16), d(2026, 6, 15), d(2026, 9, 15), d(2026, 12, 15));
    // Previous closing 31/12/2026 (20 Nov–19 Feb) → March first.
    assert_eq!(instalments(&at_is(31, 12), 2027), vec![mar27, jun27, sep27, dec27]);
    assert_eq!(instalments(&at_is(31, 12), 2026), vec![mar26, jun26, sep26, dec26]);
    // 20/11/2026 → March 2027; 19/11/2026 (20 Aug–19 Nov) → December 2026.
    assert_eq!(instalments(&at_is(20, 11), 2027), vec![mar27, jun27, sep27, dec27]);
    assert_eq!(instalments(&at_is(19, 11), 2027), vec![dec26, mar27, jun27, sep27]);
    // 19/2/2026 → March 2026 (a Sunday → 16/3); 20/2/2026 (20 Feb–19 May) → June.
    assert_eq!(instalments(&at_is(19, 2), 2027), vec![mar26, jun26, sep26, dec26]);
    assert_eq!(instalments(&at_is(20, 2), 2027), vec![jun26, sep26, dec26, mar27]);
    // 19/5/2026 → June; 20/5/2026 (20 May–19 Aug) → September.
    assert_eq!(instalments(&at_is(19, 5), 2027), vec![jun26, sep26, dec26, mar27]);
    assert_eq!(instalments(&at_is(20, 5), 2027), vec![sep26, dec26, mar27, jun27]);
    // 19/8/2026 → September; 20/8/2026 → December.
    assert_eq!(instalments(&at_is(19, 8), 2027), vec![sep26, dec26, mar27, jun27]);
    assert_eq!(instalments(&at_is(20, 8), 2027), vec![dec26, mar27, jun27, sep27]);
    // 30/6/2026 → September 2026 for the year closing 30/6/2027.
    assert_eq!(instalments(&at_is(30, 6), 2027), vec![sep26, dec26, mar27, jun27]);
    // 29/2: 28/2/2027 (no 29th) → June 2027 for the year closing Tuesday 29/2/2028;
    // 15/3/2028 is a Wednesday.
    assert_eq!(instalments(&at_is(29, 2), 2028), vec![jun27, sep27, dec27, d(2028, 3, 15)]);
    let plan = year_plan(&at_is(31, 12), 2027);
    let second = one(&plan, ObligationKind::IsAcompte, "EX-2027-2");
    assert_eq!((second.label.as_str(), second.rule.as_str()), ("IS acompte n° 2 — exercice 2027", "is_acompte"));
}

#[test]
fn is_balance_on_the_15th_of_the_4th_month_or_15_may() {
    // 31/12/2026 → 15 May 2027, a Saturday; Monday 17 May is Whit Monday → Tuesday 18 May.
    let plan = year_plan(&at_is(31, 12), 2027);
    let balance = one(&plan, ObligationKind::IsSolde, "EX-2026");
    assert_eq!((balance.due_date, balance.legal_date), (d(2027, 5, 18), d(2027, 5, 18)));
    assert_eq!(balance.label, "IS solde (2572) — exercice 2026");
    // 30/6/2026 → Thursday 15 October 2026.
    assert_eq!(one(&year_plan(&at_is(30, 6), 2026), ObligationKind::IsSolde, "EX-2026").due_date, d(2026, 10, 15));
    // 29/2/2028 → Thursday 15 June 2028.
    assert_eq!(one(&year_plan(&at_is(29, 2), 2028), ObligationKind::IsSolde, "EX-2028").due_date, d(2028, 6, 15));
}

#[test]
fn no_instalment_in_a_first_fiscal_year_nor_under_3000_euros() {
    let mut p = at_is(31, 12);
    p.first_closing = Some(d(2026, 12, 31));
    let plan = plan(&book(), &p, d(2025, 1, 1), d(2028, 12, 31));
    let periods: Vec<String> = of(&plan, ObligationKind::IsAcompte).into_iter().map(|o| o.0).collect();
    // None for the first fiscal year (2026), four for each following one.
    assert_eq!(
        periods,
        ["EX-2027-1", "EX-2027-2", "EX-2027-3", "EX-2027-4", "EX-2028-1", "EX-2028-2", "EX-2028-3", "EX-2028-4"]
    );
    // The first year still has its balance and return; none before it exists.
    assert!(plan.obligations.iter().any(|o| o.kind == ObligationKind::IsSolde && o.period == "EX-2026"));
    assert!(plan.obligations.iter().any(|o| o.kind == ObligationKind::Liasse && o.period == "EX-2026"));
    assert!(!plan.obligations.iter().any(|o| o.period.starts_with("EX-2025") || o.period == "2025"));
    // A long first fiscal year closing 31/12/2026, then a year closing 30/6/2027 on a new
    // closing day: its instalments follow the first closing (20 Nov–19 Feb → March).
    let mut p = at_is(30, 6);
    p.first_closing = Some(d(2026, 12, 31));
    assert_eq!(instalments(&p, 2027), vec![d(2027, 3, 15), d(2027, 6, 15), d(2027, 9, 15), d(2027, 12, 15)]);

    let mut p = at_is(31, 12);
    p.is_over_3000 = Some(false);
    let plan = year_plan(&p, 2027);
    assert!(of(&plan, ObligationKind::IsAcompte).is_empty());
    assert_eq!(of(&plan, ObligationKind::IsSolde).len(), 1);
    assert!(!missing(&plan).contains(&(ObligationKind::IsAcompte, "is_over_3000")));
    p.is_over_3000 = None;
    let plan = year_plan(&p, 2027);
    assert!(of(&plan, ObligationKind::IsAcompte).is_empty());
    assert!(missing(&plan).contains(&(ObligationKind::IsAcompte, "is_over_3000")));
}

// ---------------------------------------------------------------- returns

#[test]
fn liasse_in_may_with_the_online_tolerance_or_three_months_after() {
    // IS, 31/12: legal Tuesday 4 May 2027, due 15 days later, Wednesday 19 May.
    let plan = year_plan(&at_is(31, 12), 2027);
    let liasse = one(&plan, ObligationKind::Liasse, "EX-2026");
    assert_eq!((liasse.legal_date, liasse.due_date), (d(2027, 5, 4), d(2027, 5, 19)));
    assert_eq!((liasse.label.as_str(), liasse.rule.as_str()), ("Liasse fiscale 2065 — exercice 2026", "liasse_is"));
    // 2026: Tuesday 5 May → Wednesday 20 May.
    let l = one(&year_plan(&at_is(31, 12), 2026), ObligationKind::Liasse, "EX-2025");
    assert_eq!((l.legal_date, l.due_date), (d(2026, 5, 5), d(2026, 5, 20)));
    // IS, 30/6/2027: within three months, Thursday 30 September 2027, no tolerance.
    let l = one(&year_plan(&at_is(30, 6), 2027), ObligationKind::Liasse, "EX-2027");
    assert_eq!((l.legal_date, l.due_date), (d(2027, 9, 30), d(2027, 9, 30)));
    // BIC at IR closing 30/9/2026: May 2027 all the same.
    let bic = Profile { taxation: Some(Taxation::IrBic), ..at_is(30, 9) };
    let l = one(&year_plan(&bic, 2027), ObligationKind::Liasse, "EX-2026");
    assert_eq!((l.legal_date, l.due_date, l.rule.as_str()), (d(2027, 5, 4), d(2027, 5, 19), "liasse_bic"));
    assert_eq!(l.label, "Liasse fiscale 2031 — exercice 2026");
    // BNC: the calendar year, whatever the closing given (none here).
    let bnc = Profile { taxation: Some(Taxation::IrBnc), closing: None, ..ei("Mme Roux", "75") };
    let l = one(&year_plan(&bnc, 2028), ObligationKind::Liasse, "EX-2027");
    // 2028: Wednesday 3 May, + 15 days = Thursday 18 May.
    assert_eq!((l.legal_date, l.due_date, l.rule.as_str()), (d(2028, 5, 3), d(2028, 5, 18), "liasse_bnc"));
    assert_eq!(l.label, "Déclaration 2035 — exercice 2027");
    // SCI at IR: 2072.
    let sci = Profile { taxation: Some(Taxation::IrBic), closing: None, ..company(LegalForm::Sci, "75", "123456789") };
    let l = one(&year_plan(&sci, 2027), ObligationKind::Liasse, "EX-2026");
    assert_eq!((l.rule.as_str(), l.label.as_str()), ("liasse_sci", "Déclaration 2072 — exercice 2026"));
    // Without taxation: said; without closing at IS: said.
    let plan = year_plan(&company(LegalForm::Sarl, "75", "123456789"), 2027);
    assert!(missing(&plan).contains(&(ObligationKind::Liasse, "taxation")));
    let plan = year_plan(&Profile { closing: None, ..at_is(31, 12) }, 2027);
    assert!(missing(&plan).contains(&(ObligationKind::Liasse, "closing")));
    assert!(missing(&plan).contains(&(ObligationKind::IsSolde, "closing")));
}

#[test]
fn cvae_and_das2() {
    let mut p = at_is(31, 12);
    p.cvae_filer = Some(true);
    let plan = year_plan(&p, 2027);
    let cvae = one(&plan, ObligationKind::Cvae, "2026");
    assert_eq!((cvae.legal_date, cvae.due_date), (d(2027, 5, 4), d(2027, 5, 19)));
    assert_eq!(cvae.label, "CVAE 1330 — 2026");
    // DAS2 2026: legally Sunday 31 January 2027 → Monday 1 February; tolerated with the
    // results return, Tuesday 4 May.
    let das2 = one(&plan, ObligationKind::Das2, "2026");
    assert_eq!((das2.legal_date, das2.due_date), (d(2027, 2, 1), d(2027, 5, 4)));
    assert_eq!(das2.label, "DAS2 2026");
    // A fiscal year closing on 30 June: no May return to go with, the January date.
    let plan = year_plan(&at_is(30, 6), 2027);
    let das2 = one(&plan, ObligationKind::Das2, "2026");
    assert_eq!((das2.legal_date, das2.due_date), (d(2027, 2, 1), d(2027, 2, 1)));
    // CVAE: not a filer, or unknown.
    assert!(of(&plan, ObligationKind::Cvae).is_empty());
    assert!(missing(&plan).contains(&(ObligationKind::Cvae, "cvae_filer")));
    p.cvae_filer = Some(false);
    let plan = year_plan(&p, 2027);
    assert!(of(&plan, ObligationKind::Cvae).is_empty());
    assert!(!missing(&plan).iter().any(|(k, _)| *k == ObligationKind::Cvae));
    // An association with no taxed activity: no DAS2, CFE, CVAE nor liasse, and nothing said.
    let asso = Profile { legal_form: Some(LegalForm::Association), ..bare("Les Amis du Quartier") };
    let plan = year_plan(&asso, 2027);
    assert!(plan.obligations.is_empty(), "{:#?}", plan.obligations);
    assert_eq!(missing(&plan), vec![(ObligationKind::TvaCa3, "vat_regime")]);
}

// ---------------------------------------------------------------- CFE, DSN

#[test]
fn cfe_with_and_without_instalment() {
    let mut p = company(LegalForm::Sarl, "75", "123456789");
    p.cfe_over_3000 = Some(true);
    let plan = year_plan(&p, 2027);
    // Tuesday 15 June and Wednesday 15 December 2027.
    assert_eq!(of(&plan, ObligationKind::CfeAcompte), vec![("2027".into(), d(2027, 6, 15), d(2027, 6, 15))]);
    assert_eq!(of(&plan, ObligationKind::Cfe), vec![("2027".into(), d(2027, 12, 15), d(2027, 12, 15))]);
    assert_eq!(one(&plan, ObligationKind::Cfe, "2027").label, "CFE 2027");
    assert_eq!(one(&plan, ObligationKind::CfeAcompte, "2027").label, "CFE acompte 2027");
    p.cfe_over_3000 = Some(false);
    let plan = year_plan(&p, 2026);
    assert!(of(&plan, ObligationKind::CfeAcompte).is_empty());
    assert_eq!(of(&plan, ObligationKind::Cfe), vec![("2026".into(), d(2026, 12, 15), d(2026, 12, 15))]);
    p.cfe_over_3000 = None;
    let plan = year_plan(&p, 2026);
    assert!(of(&plan, ObligationKind::CfeAcompte).is_empty());
    assert_eq!(of(&plan, ObligationKind::Cfe).len(), 1);
    assert!(missing(&plan).contains(&(ObligationKind::CfeAcompte, "cfe_over_3000")));
}

#[test]
fn dsn_on_the_5th_or_the_15th_shifted() {
    let mut p = company(LegalForm::Sas, "75", "123456789");
    p.payroll = Some(Payroll::PlusDe50PaieDuMois);
    let plan = plan(&book(), &p, d(2026, 1, 1), d(2028, 12, 31));
    // July 2026 → Wednesday 5 August; November 2027 → Sunday 5 December → Monday 6.
    assert_eq!(one(&plan, ObligationKind::Dsn, "2026-07").due_date, d(2026, 8, 5));
    assert_eq!(one(&plan, ObligationKind::Dsn, "2027-11").due_date, d(2027, 12, 6));
    for payroll in [Payroll::MoinsDe50, Payroll::PlusDe50PaieDecalee] {
        p.payroll = Some(payroll);
        let plan = plan_all(&p);
        // July 2026 → Saturday 15 August (a holiday too) → Monday 17; July 2027 → Sunday 15
        // August → Monday 16; March 2027 → Thursday 15 April.
        assert_eq!(one(&plan, ObligationKind::Dsn, "2026-07").due_date, d(2026, 8, 17));
        assert_eq!(one(&plan, ObligationKind::Dsn, "2027-07").due_date, d(2027, 8, 16));
        let march = one(&plan, ObligationKind::Dsn, "2027-03");
        assert_eq!((march.due_date, march.label.as_str()), (d(2027, 4, 15), "DSN — mars 2027"));
    }
    p.payroll = Some(Payroll::SansSalarie);
    assert!(of(&plan_all(&p), ObligationKind::Dsn).is_empty());
    p.payroll = None;
    let plan = plan_all(&p);
    assert!(of(&plan, ObligationKind::Dsn).is_empty());
    assert!(missing(&plan).contains(&(ObligationKind::Dsn, "payroll")));
}

fn plan_all(p: &Profile) -> Plan {
    plan(&book(), p, d(2026, 1, 1), d(2028, 12, 31))
}

// ---------------------------------------------------------------- the plan as a whole

/// A client with everything: every kind of deadline.
fn full() -> Profile {
    Profile {
        vat_regime: Some(VatRegime::Mensuel),
        payroll: Some(Payroll::MoinsDe50),
        cfe_over_3000: Some(true),
        cvae_filer: Some(true),
        ..at_is(31, 12)
    }
}

#[test]
fn an_empty_profile_lists_what_it_lacks() {
    let plan = year_plan(&Profile::default(), 2027);
    assert!(plan.obligations.is_empty());
    assert_eq!(
        missing(&plan),
        vec![
            (ObligationKind::TvaCa3, "vat_regime"),
            (ObligationKind::Liasse, "taxation"),
            (ObligationKind::Cfe, "legal_form"),
            (ObligationKind::Das2, "legal_form"),
            (ObligationKind::Dsn, "payroll"),
        ]
    );
    assert!(plan.missing.iter().all(|m| m.why.starts_with("sans ")));
    assert!(year_plan(&full(), 2027).missing.is_empty());
}

#[test]
fn beyond_the_last_rule_file_the_latest_rules_apply_with_a_warning() {
    let later = year_plan(&full(), 2028);
    assert_eq!(later.warnings, vec!["règles 2028 absentes : celles de 2027 sont appliquées aux échéances de 2028"]);
    // The rules of 2027 still date 2028: CA3 of March 2028 due Wednesday 19 April 2028.
    assert_eq!(one(&later, ObligationKind::TvaCa3, "2028-03").due_date, d(2028, 4, 19));
    // Later still: one warning per year.
    let later = plan(&book(), &full(), d(2028, 12, 1), d(2029, 1, 31));
    assert_eq!(later.warnings.len(), 2, "{:?}", later.warnings);
    assert!(later.warnings[1].starts_with("règles 2029 absentes : celles de 2027"));
    // Before the first file: the earliest rules.
    let later = year_plan(&full(), 2025);
    assert_eq!(later.warnings, vec!["règles 2025 absentes : celles de 2026 sont appliquées aux échéances de 2025"]);
    // Within the files: none.
    assert!(year_plan(&full(), 2026).warnings.is_empty());
    assert!(year_plan(&full(), 2027).warnings.is_empty());
}

#[test]
fn every_period_is_valid_labelled_and_the_plan_is_deterministic_and_in_range() {
    let (from, to) = (d(2026, 1, 1), d(2028, 12, 31));
    let profiles = [
        full(),
        Profile { vat_regime: Some(VatRegime::Annuel), ..at_is(30, 6) },
        Profile { vat_regime: Some(VatRegime::Trimestriel), taxation: Some(Taxation::IrBnc), ..ei("Dr Martin", "13") },
        Profile { first_closing: Some(d(2026, 12, 31)), ..at_is(29, 2) },
    ];
    for p in &profiles {
        let all = plan(&book(), p, from, to);
        assert!(all.obligations.len() > 20);
        assert_eq!(all, plan(&book(), p, from, to));
        let mut kinds = std::collections::BTreeSet::new();
        for o in &all.obligations {
            assert!(valid_period(&o.period), "{o:?}");
            assert!(period_label(&o.period).is_some(), "{o:?}");
            assert!((from..=to).contains(&o.due_date), "{o:?}");
            assert!(o.legal_date <= o.due_date, "{o:?}");
            assert!(is_working_day(o.due_date) && is_working_day(o.legal_date), "{o:?}");
            assert!(!o.label.is_empty() && !o.source.is_empty(), "{o:?}");
            kinds.insert(o.kind);
        }
        assert!(
            all.obligations
                .windows(2)
                .all(|w| (w[0].due_date, w[0].kind, &w[0].period) <= (w[1].due_date, w[1].kind, &w[1].period))
        );
        // Any sub-range is the same obligations, filtered.
        for (a, b) in
            [(d(2026, 3, 1), d(2026, 3, 31)), (d(2027, 5, 4), d(2027, 5, 19)), (d(2027, 12, 25), d(2028, 2, 1))]
        {
            let part = plan(&book(), p, a, b);
            let expected: Vec<_> = all.obligations.iter().filter(|o| (a..=b).contains(&o.due_date)).cloned().collect();
            assert_eq!(part.obligations, expected, "{a}..{b}");
        }
        // An empty range has no obligation.
        assert!(plan(&book(), p, to, from).obligations.is_empty());
    }
    // The full client meets every kind but the simplified regime's.
    let kinds: std::collections::BTreeSet<_> =
        plan(&book(), &full(), from, to).obligations.iter().map(|o| o.kind).collect();
    assert_eq!(kinds.len(), ObligationKind::ALL.len() - 2);
}
