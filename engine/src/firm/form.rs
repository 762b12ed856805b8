//! Checking what a form holds before anything is stored: each field's text is read with the
//! rules the CSV import uses (`import/fields.rs`, `siren::parse`, `text::check_line`), and
//! every problem is kept, named by its field, so that the window shows each beside its field
//! and the person fixes them all at once rather than one per attempt.

use crate::error::{Error, Result};
use crate::siren::SirenError;
use crate::text::{self, Unfit};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A field of one of the firm's forms, named as in the drafts (`ClientDraft`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A client's or a staff member's name.
    Name,
    /// A client's SIREN.
    Siren,
    /// A client's legal form.
    LegalForm,
    /// A client's VAT regime.
    VatRegime,
    /// A client's fiscal year end (`DD/MM`).
    FiscalYearEnd,
    /// A client's manager.
    ManagerId,
    /// The client a deadline, document, task or event is for.
    ClientId,
    /// A deadline's kind (`tva_ca3`…).
    Kind,
    /// A deadline's or a document's label.
    Label,
    /// A deadline's, document's or task's due date.
    DueDate,
    /// A deadline's or a task's status.
    Status,
    /// Who a deadline or a task is assigned to.
    AssigneeId,
    /// When a document was asked for.
    RequestedOn,
    /// When a document arrived.
    ReceivedOn,
    /// Who follows a document request.
    OwnerId,
    /// A task's or an event's title.
    Title,
    /// A task's priority.
    Priority,
    /// When an event starts (local time).
    StartsAt,
    /// An event's importance.
    Importance,
    /// Who an event is for.
    AudienceId,
    /// A staff member's email.
    Email,
    /// A staff member's role.
    Role,
    /// When a person's quiet hours start (`HH:MM`).
    QuietFrom,
    /// When a person's quiet hours end (`HH:MM`).
    QuietUntil,
    /// A client's taxation (IS, IR BIC, IR BNC).
    Taxation,
    /// A client's first closing date.
    FirstClosing,
    /// The département of a client's tax office.
    TaxDepartment,
    /// A client's employees and pay day.
    Payroll,
    /// Whether a client's CFE reached 3,000 € last year.
    CfeOver3000,
    /// Whether a client's IS exceeded 3,000 € last year.
    IsOver3000,
    /// Whether a client's turnover exceeds 152,500 € (CVAE return).
    CvaeFiler,
    /// A deadline's period (`2027-02`, `2027-T1`, `EX-2027`…).
    Period,
}

impl Field {
    /// The field's name in the draft.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Siren => "siren",
            Field::LegalForm => "legal_form",
            Field::VatRegime => "vat_regime",
            Field::FiscalYearEnd => "fiscal_year_end",
            Field::ManagerId => "manager_id",
            Field::ClientId => "client_id",
            Field::Kind => "kind",
            Field::Label => "label",
            Field::DueDate => "due_date",
            Field::Status => "status",
            Field::AssigneeId => "assignee_id",
            Field::RequestedOn => "requested_on",
            Field::ReceivedOn => "received_on",
            Field::OwnerId => "owner_id",
            Field::Title => "title",
            Field::Priority => "priority",
            Field::StartsAt => "starts_at",
            Field::Importance => "importance",
            Field::AudienceId => "audience_id",
            Field::Email => "email",
            Field::Role => "role",
            Field::QuietFrom => "quiet_from",
            Field::QuietUntil => "quiet_until",
            Field::Taxation => "taxation",
            Field::FirstClosing => "first_closing",
            Field::TaxDepartment => "tax_department",
            Field::Payroll => "payroll",
            Field::CfeOver3000 => "cfe_over_3000",
            Field::IsOver3000 => "is_over_3000",
            Field::CvaeFiler => "cvae_filer",
            Field::Period => "period",
        }
    }

    /// The field as a French form labels it.
    pub fn french(self) -> &'static str {
        match self {
            Field::Name => "nom",
            Field::Siren => "SIREN",
            Field::LegalForm => "forme juridique",
            Field::VatRegime => "régime de TVA",
            Field::FiscalYearEnd => "clôture de l'exercice",
            Field::ManagerId => "responsable du dossier",
            Field::ClientId => "client",
            Field::Kind => "type d'échéance",
            Field::Label => "libellé",
            Field::DueDate => "date limite",
            Field::Status => "statut",
            Field::AssigneeId => "attribuée à",
            Field::RequestedOn => "date de la demande",
            Field::ReceivedOn => "date de réception",
            Field::OwnerId => "suivi par",
            Field::Title => "titre",
            Field::Priority => "priorité",
            Field::StartsAt => "date et heure",
            Field::Importance => "importance",
            Field::AudienceId => "destinataire",
            Field::Email => "adresse e-mail",
            Field::Role => "fonction",
            Field::QuietFrom => "début des heures calmes",
            Field::QuietUntil => "fin des heures calmes",
            Field::Taxation => "imposition",
            Field::FirstClosing => "première clôture",
            Field::TaxDepartment => "département du service des impôts",
            Field::Payroll => "salariés",
            Field::CfeOver3000 => "CFE de l'an dernier d'au moins 3 000 €",
            Field::IsOver3000 => "IS de l'an dernier de plus de 3 000 €",
            Field::CvaeFiler => "chiffre d'affaires de plus de 152 500 €",
            Field::Period => "période",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field a form got wrong, and why, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldProblem {
    /// The field, as named in the draft.
    pub field: Field,
    /// What is wrong, in English (the command line's wording, as the import says it).
    pub reason: String,
    /// What is wrong, in French, to show beside the field in the window.
    pub french: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

/// `value` between French quotes.
fn quoted(value: &str) -> String {
    format!("«\u{a0}{value}\u{a0}»")
}

/// The problems found so far in one form.
#[derive(Debug, Default)]
pub(crate) struct Form {
    problems: Vec<FieldProblem>,
}

impl Form {
    /// Records that `field` is wrong.
    pub fn problem(&mut self, field: Field, reason: impl Into<String>, french: impl Into<String>) {
        self.problems.push(FieldProblem { field, reason: reason.into(), french: french.into() });
    }

    /// Whether `field` has a problem already (a later check on it would only repeat it).
    pub fn has(&self, field: Field) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }

    fn required(&mut self, field: Field) {
        self.problem(field, "required, but empty", "ce champ est obligatoire");
    }

    /// A one-line text (a name, a code, a label that goes into email subjects), trimmed: None
    /// when empty (a problem when `required`) or refused.
    pub fn line(&mut self, field: Field, value: &str, required: bool) -> Option<String> {
        self.checked(field, value, required, false)
    }

    /// A free text that may span lines (a task's title, a document's label), trimmed.
    pub fn free_text(&mut self, field: Field, value: &str, required: bool) -> Option<String> {
        self.checked(field, value, required, true)
    }

    fn checked(&mut self, field: Field, value: &str, required: bool, multiline: bool) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            if required {
                self.required(field);
            }
            return None;
        }
        let check = if multiline { text::check_text(value) } else { text::check_line(value) };
        match check {
            Ok(()) => Some(value.to_string()),
            Err(reason) => {
                let french = text_french(value, multiline);
                self.problem(field, reason, french);
                None
            }
        }
    }

    /// A value read by `parse` from a one-line text; None when empty or refused.
    fn parsed<T>(
        &mut self,
        field: Field,
        value: &str,
        required: bool,
        parse: impl FnOnce(&str) -> Result<T, crate::import::Reason>,
        french: impl FnOnce(&str) -> String,
    ) -> Option<T> {
        let text = self.line(field, value, required)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.problem(field, reason.english, french(&text));
                None
            }
        }
    }

    /// A date, `YYYY-MM-DD` or `DD/MM/YYYY`, year 1900 to 2199.
    pub fn date(&mut self, field: Field, value: &str, required: bool) -> Option<NaiveDate> {
        self.parsed(field, value, required, crate::import::fields::date, |t| {
            format!(
                "{} n'est pas une date valide : saisissez-la comme 31/12/2026 ou 2026-12-31 (année de 1900 à 2199)",
                quoted(t)
            )
        })
    }

    /// A local date and time, as the import reads them (`2026-12-01T09:30`, `01/12/2026 09:30`).
    pub fn local_datetime(&mut self, field: Field, value: &str, required: bool) -> Option<NaiveDateTime> {
        self.parsed(field, value, required, crate::import::fields::local_datetime, |t| {
            format!(
                "{} n'est pas une date et heure valide : saisissez-la comme 01/12/2026 09:30 ou 2026-12-01T09:30 (année de 1900 à 2199)",
                quoted(t)
            )
        })
    }

    /// An email address, lowercased.
    pub fn email(&mut self, field: Field, value: &str, required: bool) -> Option<String> {
        self.parsed(field, value, required, crate::import::fields::email, |t| {
            format!("{} n'est pas une adresse e-mail valide", quoted(t))
        })
    }

    /// A SIREN, nine digits with a valid check digit (spaces between groups allowed).
    pub fn siren(&mut self, field: Field, value: &str) -> Option<String> {
        let text = self.line(field, value, false)?;
        match crate::siren::parse(&text) {
            Ok(siren) => Some(siren),
            Err(error) => {
                let french = match error {
                    SirenError::Format => format!("{} n'est pas un numéro SIREN : il compte 9 chiffres", quoted(&text)),
                    SirenError::Checksum => format!(
                        "{} n'est pas un numéro SIREN valide : la clé de contrôle ne correspond pas, vérifiez la saisie",
                        quoted(&text)
                    ),
                    SirenError::Zero => {
                        "000000000 n'est pas un numéro SIREN : laissez le champ vide si le client n'en a pas"
                            .to_string()
                    }
                };
                self.problem(field, format!("\"{text}\": {error}"), french);
                None
            }
        }
    }

    /// A fiscal year end, `DD/MM`.
    pub fn day_month(&mut self, field: Field, value: &str) -> Option<String> {
        self.parsed(field, value, false, crate::import::fields::day_month, |t| {
            format!("{} n'est pas un jour et un mois : saisissez-le comme 31/12", quoted(t))
        })
    }

    /// An obligation's period (`2027-02`, `2027-T1`, `2027`, `EX-2027`, `EX-2027-2`).
    pub fn period(&mut self, field: Field, value: &str) -> Option<String> {
        self.parsed(field, value, false, crate::import::fields::period, |t| {
            format!(
                "{} n'est pas une période : écrivez 2027-02 pour un mois, 2027-T1 pour un trimestre, 2027 pour une \
                 année, EX-2027 pour l'exercice clos en 2027",
                quoted(t)
            )
        })
    }

    /// A tax office's département (`75`, `2A`, `971`).
    pub fn department(&mut self, field: Field, value: &str) -> Option<String> {
        self.parsed(field, value, false, crate::import::fields::department, |t| {
            format!("{} n'est pas un numéro de département (comme 75, 2A ou 971)", quoted(t))
        })
    }

    /// A value of one of the firm's enumerations, as `parse` reads it (case and accents do not
    /// matter); `expected` lists the values for the message.
    pub fn choice<T>(
        &mut self,
        field: Field,
        value: &str,
        required: bool,
        parse: fn(&str) -> Option<T>,
        expected: String,
    ) -> Option<T> {
        let expected_fr = expected.clone();
        self.parsed(
            field,
            value,
            required,
            |t| crate::import::fields::choice(t, parse, expected),
            |t| format!("{} n'est pas une valeur possible (valeurs possibles : {expected_fr})", quoted(t)),
        )
    }

    /// The form's value when no field is wrong, else every problem at once. `value` is None
    /// only when a field was wrong (a required value missing), so that case is an error too.
    pub fn finish<T>(self, value: Option<T>) -> Result<T> {
        if !self.problems.is_empty() {
            return Err(Error::InvalidFields(self.problems));
        }
        value.ok_or_else(|| Error::Internal("a form without problems is missing a value".into()))
    }
}

/// What `text::check_line` (or `check_text`) refuses in `value`, in French.
fn text_french(value: &str, multiline: bool) -> String {
    let allowed = |c: char| multiline && (c == '\n' || c == '\t');
    let unfit = value.chars().filter(|&c| !allowed(c)).find_map(text::unfit);
    match unfit {
        Some(Unfit::LineBreak) => "ce champ tient sur une seule ligne : retirez le retour à la ligne".to_string(),
        Some(Unfit::Tab) => "ce champ tient sur une seule ligne : retirez la tabulation".to_string(),
        Some(Unfit::Control(c)) => {
            format!("contient un caractère de contrôle (U+{:04X}) qui n'est pas accepté", u32::from(c))
        }
        Some(Unfit::Bidi(c)) => format!(
            "contient un caractère d'inversion du sens d'écriture (U+{:04X}) qui n'est pas accepté",
            u32::from(c)
        ),
        None => {
            let max = if multiline { text::TEXT_MAX_CHARS } else { text::LINE_MAX_CHARS };
            format!("trop long : {} caractères, {max} au plus", value.chars().count())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DeadlineStatus;

    fn problems(form: Form) -> Vec<(Field, String)> {
        match form.finish(Some(())) {
            Err(Error::InvalidFields(problems)) => problems.into_iter().map(|p| (p.field, p.french)).collect(),
            other => panic!("expected invalid fields, got {other:?}"),
        }
    }

    #[test]
    fn every_wrong_field_is_kept_with_its_reason_in_both_languages() {
        let mut form = Form::default();
        assert_eq!(form.line(Field::Name, "  ", true), None);
        assert_eq!(form.siren(Field::Siren, "732 829 321"), None);
        assert_eq!(form.date(Field::DueDate, "31/02/2026", true), None);
        assert_eq!(form.email(Field::Email, "claire", false), None);
        assert_eq!(form.choice(Field::Status, "finie", false, DeadlineStatus::parse, DeadlineStatus::expected()), None);
        let all = problems(form);
        let fields: Vec<Field> = all.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, [Field::Name, Field::Siren, Field::DueDate, Field::Email, Field::Status]);
        assert_eq!(all[0].1, "ce champ est obligatoire");
        assert!(all[1].1.contains("clé de contrôle"), "{}", all[1].1);
        assert!(all[4].1.contains("a_faire, en_cours, faite, depassee"), "{}", all[4].1);
    }

    #[test]
    fn values_are_read_as_the_import_reads_them() {
        let mut form = Form::default();
        assert_eq!(form.line(Field::Name, "  Dupont SARL ", true).as_deref(), Some("Dupont SARL"));
        assert_eq!(form.siren(Field::Siren, "732 829 320").as_deref(), Some("732829320"));
        assert_eq!(form.siren(Field::Siren, ""), None);
        assert_eq!(form.date(Field::DueDate, "15/12/2026", true), NaiveDate::from_ymd_opt(2026, 12, 15));
        assert_eq!(form.email(Field::Email, "Claire@Cabinet.fr", true).as_deref(), Some("claire@cabinet.fr"));
        assert_eq!(
            form.choice(Field::Status, "À faire", false, DeadlineStatus::parse, String::new()),
            Some(DeadlineStatus::AFaire)
        );
        assert_eq!(form.day_month(Field::FiscalYearEnd, "30/6").as_deref(), Some("30/06"));
        assert_eq!(form.free_text(Field::Title, "Relancer\nle client", true).as_deref(), Some("Relancer\nle client"));
        assert_eq!(form.finish(Some(1)).unwrap(), 1);
    }

    #[test]
    fn unsafe_text_is_refused_and_said_in_french() {
        let mut form = Form::default();
        assert_eq!(form.line(Field::Name, "Carol\nSmith", true), None);
        assert_eq!(form.line(Field::Label, "x\u{1b}[2J", true), None);
        assert_eq!(form.free_text(Field::Title, &"x".repeat(2001), true), None);
        assert_eq!(form.line(Field::Kind, "a\u{202e}b", true), None);
        let all = problems(form);
        assert!(all[0].1.contains("une seule ligne"), "{}", all[0].1);
        assert!(all[1].1.contains("U+001B"), "{}", all[1].1);
        assert_eq!(all[2].1, "trop long : 2001 caractères, 2000 au plus");
        assert!(all[3].1.contains("U+202E"), "{}", all[3].1);
    }

    #[test]
    fn a_missing_value_without_problems_is_an_internal_error_not_a_panic() {
        let err = Form::default().finish::<i64>(None).unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::Internal);
    }
}
