//! What a client is, for the fiscal calendar: legal form, taxation, VAT regime, closing date,
//! tax office, payroll and last year's thresholds; and the kinds of obligation it gives rise to.

use crate::model::{VatRegime, text_enum};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

text_enum!(
    /// A client's legal form, as far as the calendar tells them apart.
    LegalForm {
        /// Entreprise individuelle (also EIRL, micro-entrepreneur).
        Ei = "ei" | "entreprise_individuelle" | "entrepreneur_individuel" | "eirl" | "micro_entrepreneur" | "micro_entreprise" | "auto_entrepreneur",
        /// Entreprise unipersonnelle à responsabilité limitée.
        Eurl = "eurl",
        /// Société à responsabilité limitée (also SELARL).
        Sarl = "sarl" | "selarl",
        /// Société par actions simplifiée (also SELAS).
        Sas = "sas" | "selas",
        /// Société par actions simplifiée unipersonnelle.
        Sasu = "sasu",
        /// Société anonyme (also SELAFA).
        Sa = "sa" | "selafa",
        /// Société en commandite par actions.
        Sca = "sca",
        /// Société en nom collectif.
        Snc = "snc",
        /// Société civile immobilière.
        Sci = "sci",
        /// Société civile professionnelle or de moyens.
        Scp = "scp" | "scm",
        /// Association (loi 1901).
        Association = "association" | "asso",
        /// Any other body (GIE, coopérative, fondation…).
        Autre = "autre" | "gie" | "cooperative" | "fondation",
    }
);

text_enum!(
    /// How a client's profits are taxed; the IR ones say which return declares them.
    Taxation {
        /// Impôt sur les sociétés: 2065, IS instalments and balance.
        Is = "is" | "impot_sur_les_societes",
        /// Impôt sur le revenu, commercial profits (BIC): 2031.
        IrBic = "ir_bic" | "ir" | "bic",
        /// Impôt sur le revenu, non-commercial profits (BNC): 2035.
        IrBnc = "ir_bnc" | "bnc",
    }
);

text_enum!(
    /// Whether a client employs staff, how many, and when it pays them (the DSN's day).
    Payroll {
        /// No employee: no DSN.
        SansSalarie = "sans_salarie" | "aucun" | "non",
        /// Fewer than 50 employees: DSN on the 15th.
        // Serialized as stored (snake case of the name would be `moins_de50`, which the form's
        // draft does not read back).
        #[serde(rename = "moins_de_50")]
        MoinsDe50 = "moins_de_50" | "moins_50",
        /// 50 or more, paid within the month worked: DSN on the 5th.
        #[serde(rename = "50_et_plus_paie_du_mois")]
        PlusDe50PaieDuMois = "50_et_plus_paie_du_mois" | "50_et_plus,_paie_du_mois" | "50_paie_du_mois",
        /// 50 or more, paid the month after: DSN on the 15th.
        #[serde(rename = "50_et_plus_paie_decalee")]
        PlusDe50PaieDecalee = "50_et_plus_paie_decalee" | "50_et_plus,_paie_decalee" | "50_paie_decalee",
    }
);

text_enum!(
    /// The kinds of deadline the calendar generates (the `kind` code of the deadlines it makes).
    ObligationKind {
        /// Monthly or quarterly VAT return (CA3).
        TvaCa3 = "tva_ca3",
        /// Annual VAT return of the simplified regime (CA12, CA12E).
        TvaCa12 = "tva_ca12",
        /// July and December instalments of the simplified VAT regime.
        TvaCa12Acompte = "tva_ca12_acompte",
        /// Corporate tax instalment.
        IsAcompte = "is_acompte",
        /// Corporate tax balance (2572).
        IsSolde = "is_solde",
        /// Annual results return (2065, 2031, 2035, 2072) with its tax package.
        Liasse = "liasse",
        /// June instalment of the CFE.
        CfeAcompte = "cfe_acompte",
        /// CFE balance.
        Cfe = "cfe",
        /// CVAE return (1330-CVAE).
        Cvae = "cvae",
        /// Fees paid to third parties (DAS2).
        Das2 = "das2",
        /// Monthly payroll return (DSN).
        Dsn = "dsn",
    }
);

/// A fiscal year's closing day, such as 31/12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Closing {
    /// Day of the month, 1–31.
    pub day: u32,
    /// Month, 1–12.
    pub month: u32,
}

impl Closing {
    /// Reads `DD/MM` as stored and typed (`31/12`, `30/6`); None when it names no day of the
    /// year (29/02 is a day of the year).
    pub fn parse(text: &str) -> Option<Closing> {
        let (d, m) = text.trim().split_once('/')?;
        let (day, month) = (d.trim().parse().ok()?, m.trim().parse().ok()?);
        NaiveDate::from_ymd_opt(2024, month, day).map(|_| Closing { day, month })
    }

    /// The closing date in `year` (29/02 is 28/02 in a year without it).
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// Whether the fiscal year is the calendar year.
    pub fn is_calendar_year(self) -> bool {
        (self.day, self.month) == (31, 12)
    }

    /// The latest closing date on or before `day`.
    pub fn last_on_or_before(self, day: NaiveDate) -> NaiveDate {
        let this_year = self.in_year(day.year());
        if this_year <= day { this_year } else { self.in_year(day.year() - 1) }
    }
}

/// A département number as typed (`75`, `1`, `2a`, `971`), as stored (`75`, `01`, `2A`,
/// `971`); None when it names none (metropolitan 01–95 with Corsica's 2A and 2B instead of
/// 20, overseas 971–976).
pub fn department(text: &str) -> Option<String> {
    let text = text.trim().to_ascii_uppercase();
    if text == "2A" || text == "2B" {
        return Some(text);
    }
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = text.parse().ok()?;
    match n {
        1..=19 | 21..=95 => Some(format!("{n:02}")),
        971..=976 => Some(n.to_string()),
        _ => None,
    }
}

/// What the calendar knows of a client. A `None` is an attribute nobody gave: the obligations
/// that depend on it are not generated, and the client page says which and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Name (raison sociale, or the entrepreneur's name: its initial picks some VAT days).
    pub name: String,
    /// SIREN (its first two digits pick the VAT day of companies in Paris and 92/93/94).
    pub siren: Option<String>,
    /// Legal form.
    pub legal_form: Option<LegalForm>,
    /// IS or IR (BIC, BNC).
    pub taxation: Option<Taxation>,
    /// VAT regime.
    pub vat_regime: Option<VatRegime>,
    /// Closing day of the fiscal year.
    pub closing: Option<Closing>,
    /// The first closing date, when the first fiscal year is not over or just closed (a first
    /// fiscal year pays no IS instalment).
    pub first_closing: Option<NaiveDate>,
    /// Département of the tax office (`75`, `92`, `2A`, `971`).
    pub tax_department: Option<String>,
    /// Employees and pay day.
    pub payroll: Option<Payroll>,
    /// Whether last year's CFE reached 3,000 € (a June instalment is then due).
    pub cfe_over_3000: Option<bool>,
    /// Whether last year's IS exceeded 3,000 € (below, no IS instalment is due).
    pub is_over_3000: Option<bool>,
    /// Whether the turnover exceeds 152,500 € (a 1330-CVAE return is then due).
    pub cvae_filer: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closings_read_day_and_month() {
        assert_eq!(Closing::parse("31/12"), Some(Closing { day: 31, month: 12 }));
        assert_eq!(Closing::parse(" 30/6 "), Some(Closing { day: 30, month: 6 }));
        assert_eq!(Closing::parse("31/06"), None);
        assert_eq!(Closing::parse("12"), None);
        let leap = Closing::parse("29/02").unwrap();
        assert_eq!(leap.in_year(2027), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        assert_eq!(leap.in_year(2028), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        let june = Closing { day: 30, month: 6 };
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(june.last_on_or_before(day), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    }

    #[test]
    fn departments_read_as_typed() {
        for (typed, stored) in [("75", "75"), ("1", "01"), ("01", "01"), ("2a", "2A"), (" 971 ", "971"), ("95", "95")] {
            assert_eq!(department(typed).as_deref(), Some(stored), "{typed}");
        }
        for typed in ["20", "0", "96", "977", "7a", "", "Paris", "-75"] {
            assert_eq!(department(typed), None, "{typed}");
        }
    }

    #[test]
    fn forms_and_regimes_read_as_typed() {
        assert_eq!(LegalForm::parse("SARL"), Some(LegalForm::Sarl));
        assert_eq!(LegalForm::parse("Micro-entrepreneur"), Some(LegalForm::Ei));
        assert_eq!(LegalForm::parse("SELARL"), Some(LegalForm::Sarl));
        assert_eq!(Taxation::parse("IR"), Some(Taxation::IrBic));
        assert_eq!(Payroll::parse("moins de 50"), Some(Payroll::MoinsDe50));
        assert_eq!(ObligationKind::parse("TVA CA3"), Some(ObligationKind::TvaCa3));
    }

    #[test]
    fn enumerations_serialize_as_stored() {
        // The window sends back what it was given: the JSON must be the spelling `parse` reads.
        for payroll in Payroll::ALL {
            assert_eq!(serde_json::to_value(payroll).unwrap(), payroll.as_str(), "{payroll:?}");
        }
        for taxation in Taxation::ALL {
            assert_eq!(serde_json::to_value(taxation).unwrap(), taxation.as_str(), "{taxation:?}");
        }
        for kind in ObligationKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str(), "{kind:?}");
        }
        for form in LegalForm::ALL {
            assert_eq!(serde_json::to_value(form).unwrap(), form.as_str(), "{form:?}");
        }
    }
}
