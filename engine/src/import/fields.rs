//! Parsing one CSV cell into a typed value, with a reason a person can act on when it fails,
//! in the command line's English and the window's French.

use super::problem::{Reason, quoted};
use crate::dates::{DateRefusal, YEARS};
use crate::siren::SirenError;
use crate::text::{self, Unfit};
use chrono::{NaiveDate, NaiveDateTime};
use std::borrow::Cow;

/// `YYYY-MM-DD` or `DD/MM/YYYY`, with a four-digit year from 1900 to 2199.
pub(crate) fn date(text: &str) -> Result<NaiveDate, Reason> {
    crate::dates::read_date(text).map_err(|refusal| {
        date_reason(
            text,
            &refusal,
            "a date (expected YYYY-MM-DD or DD/MM/YYYY)",
            "n'est pas une date valide (écrivez-la comme 31/12/2026 ou 2026-12-31)",
        )
    })
}

/// `YYYY-MM-DDTHH:MM[:SS]`, `YYYY-MM-DD HH:MM[:SS]` or `DD/MM/YYYY HH:MM[:SS]` (local time),
/// with a four-digit year from 1900 to 2199.
pub(crate) fn local_datetime(text: &str) -> Result<NaiveDateTime, Reason> {
    const FORMATS: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ];
    let refused = |refusal: DateRefusal| {
        date_reason(
            text,
            &refusal,
            "a date and time (expected YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM)",
            "n'est pas une date et heure valide (écrivez-la comme 01/12/2026 09:30 ou 2026-12-01T09:30)",
        )
    };
    let at = FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| refused(DateRefusal::Unreadable))?;
    let date = text.split(['T', ' ']).next().unwrap_or_default();
    crate::dates::check_year(date).map_err(refused)?;
    Ok(at)
}

/// A date's refusal in both languages; `what` and `not_french` say what was expected.
fn date_reason(text: &str, refusal: &DateRefusal, what: &str, not_french: &str) -> Reason {
    let french = match refusal {
        DateRefusal::Unreadable => format!("{} {not_french}", quoted(text)),
        DateRefusal::YearDigits => {
            format!("{} : l'année doit avoir quatre chiffres (comme 31/12/2026 ou 2026-12-31)", quoted(text))
        }
        DateRefusal::YearOutOfRange(year) => {
            format!("{} : l'année {year} n'est pas acceptée (de {} à {})", quoted(text), YEARS.start(), YEARS.end())
        }
    };
    Reason::new(refusal.english(text, what), french)
}

/// An email address, lowercased.
pub(crate) fn email(text: &str) -> Result<String, Reason> {
    email_folded(text).map(Cow::into_owned)
}

/// An email address, lowercased: borrowed when it already is (an import reads one or two
/// per row).
pub(crate) fn email_folded(text: &str) -> Result<Cow<'_, str>, Reason> {
    let bad = || {
        Reason::new(
            format!("\"{text}\" is not an email address"),
            format!("{} n'est pas une adresse e-mail valide", quoted(text)),
        )
    };
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let valid = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>'));
    if !valid {
        return Err(bad());
    }
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Ok(Cow::Borrowed(text));
    }
    Ok(Cow::Owned(text.to_lowercase()))
}

/// `oui`/`non` and their usual variants.
pub(crate) fn yes_no(text: &str) -> Result<bool, Reason> {
    match crate::model::normalize(text).as_str() {
        "oui" | "o" | "yes" | "y" | "true" | "vrai" | "1" | "actif" | "active" => Ok(true),
        "non" | "n" | "no" | "false" | "faux" | "0" | "inactif" | "inactive" => Ok(false),
        _ => Err(Reason::new(
            format!("\"{text}\" is neither oui nor non"),
            format!("{} n'est ni oui ni non", quoted(text)),
        )),
    }
}

/// A fiscal year end `DD/MM` (a trailing year is accepted and dropped).
pub(crate) fn day_month(text: &str) -> Result<String, Reason> {
    let bad = || {
        Reason::new(
            format!("\"{text}\" is not a day and month (expected DD/MM, such as 31/12)"),
            format!("{} n'est pas un jour et un mois (écrivez-le comme 31/12)", quoted(text)),
        )
    };
    let mut parts = text.split('/');
    let day: u32 = parts.next().and_then(|d| d.trim().parse().ok()).ok_or_else(bad)?;
    let month: u32 = parts.next().and_then(|m| m.trim().parse().ok()).ok_or_else(bad)?;
    // 2024 is a leap year, so 29/02 is accepted.
    NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
    Ok(format!("{day:02}/{month:02}"))
}

/// A French département number (`75`, `2A`, `971`; `1` is `01`).
pub(crate) fn department(text: &str) -> Result<String, Reason> {
    crate::fiscal::profile::department(text).ok_or_else(|| {
        Reason::new(
            format!("\"{text}\" is not a département number (such as 75, 2A or 971)"),
            format!("{} n'est pas un numéro de département (comme 75, 2A ou 971)", quoted(text)),
        )
    })
}

/// An obligation's period as the fiscal calendar names it (`2027-02`, `2027-T1`, `2027`,
/// `EX-2027`, `EX-2027-2`).
pub(crate) fn period(text: &str) -> Result<String, Reason> {
    if crate::fiscal::valid_period(text) {
        return Ok(text.to_string());
    }
    Err(Reason::new(
        format!("\"{text}\" is not a period (such as 2027-02, 2027-T1, 2027, EX-2027 or EX-2027-2)"),
        format!(
            "{} n'est pas une période (comme 2027-02 pour un mois, 2027-T1 pour un trimestre, 2027 pour une année, \
             EX-2027 pour l'exercice clos en 2027, EX-2027-2 pour son 2e acompte)",
            quoted(text)
        ),
    ))
}

/// A value of one of the firm's enumerations.
pub(crate) fn choice<T>(text: &str, parse: fn(&str) -> Option<T>, expected: String) -> Result<T, Reason> {
    one_of(text, parse, || expected)
}

/// [`choice`], the list of the values made only when `text` is none of them (an import reads
/// one or two such cells per row).
pub(crate) fn one_of<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    expected: impl FnOnce() -> String,
) -> Result<T, Reason> {
    parse(text).ok_or_else(|| {
        let expected = expected();
        Reason::new(
            format!("\"{text}\" is not one of {expected}"),
            format!("{} n'est pas une valeur possible (valeurs possibles : {expected})", quoted(text)),
        )
    })
}

/// A SIREN as typed (`732 829 320`), as its nine digits.
pub(crate) fn siren(text: &str) -> Result<String, Reason> {
    crate::siren::parse(text).map_err(|error| {
        let french = match error {
            SirenError::Format => format!("{} n'est pas un numéro SIREN : il compte 9 chiffres", quoted(text)),
            SirenError::Checksum => format!(
                "{} n'est pas un numéro SIREN valide : la clé de contrôle ne correspond pas, vérifiez la saisie",
                quoted(text)
            ),
            SirenError::Zero => {
                "000000000 n'est pas un numéro SIREN : laissez la cellule vide si le client n'en a pas".to_string()
            }
        };
        Reason::new(format!("\"{text}\": {error}"), french)
    })
}

/// What no cell may hold (control characters; line breaks and overlong text outside free-text
/// columns), as `text::check_line` or `check_text` refuses it; the value is never quoted, as
/// it may itself be what is unsafe to print.
pub(crate) fn cell(value: &str, multiline: bool) -> Result<(), Reason> {
    let check = if multiline { text::check_text(value) } else { text::check_line(value) };
    let english = match check {
        Ok(()) => return Ok(()),
        Err(english) => english,
    };
    let allowed = |c: char| multiline && (c == '\n' || c == '\t');
    let french = match value.chars().filter(|&c| !allowed(c)).find_map(text::unfit) {
        Some(Unfit::LineBreak) => "cette colonne tient sur une seule ligne : retirez le retour à la ligne".to_string(),
        Some(Unfit::Tab) => "cette colonne tient sur une seule ligne : retirez la tabulation".to_string(),
        Some(Unfit::Control(c)) => control_french(c),
        Some(Unfit::Bidi(c)) => format!(
            "contient un caractère d'inversion du sens d'écriture (U+{:04X}), qui n'est pas accepté",
            u32::from(c)
        ),
        None => {
            let max = if multiline { text::TEXT_MAX_CHARS } else { text::LINE_MAX_CHARS };
            format!("trop long : {} caractères ({max} au plus)", value.chars().count())
        }
    };
    Err(Reason::new(english, french))
}

/// A control character found where none may be.
pub(crate) fn control(c: char) -> Reason {
    Reason::new(format!("control character U+{:04X} is not allowed", u32::from(c)), control_french(c))
}

fn control_french(c: char) -> String {
    format!("contient un caractère de contrôle (U+{:04X}), qui n'est pas accepté", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        assert_eq!(date("2026-12-15").unwrap(), d);
        assert_eq!(date("15/12/2026").unwrap(), d);
        assert!(date("31/02/2026").unwrap_err().english.contains("31/02/2026"));
        assert!(date("12/15/2026").is_err());
    }

    #[test]
    fn years_must_have_four_digits_and_be_plausible() {
        assert_eq!(
            date("31/12/99").unwrap_err().english,
            "\"31/12/99\": the year must have four digits (such as 31/12/2026 or 2026-12-31)"
        );
        assert!(date("99-12-31").unwrap_err().english.contains("four digits"));
        assert!(date("-5-01-01").is_err());
        assert!(date("+2026-01-01").is_err());
        assert!(date("12345-01-01").is_err());
        assert!(date("01/01/12345").is_err());
        assert_eq!(date("0099-01-01").unwrap_err().english, "\"0099-01-01\": year 0099 is out of range (1900 to 2199)");
        assert!(date("31/12/1899").unwrap_err().english.contains("out of range"));
        assert!(date("01/01/2200").unwrap_err().english.contains("out of range"));
        assert!(date("01/01/1900").is_ok() && date("2199-12-31").is_ok() && date("5/1/2026").is_ok());
        assert!(local_datetime("31/12/99 10:00").unwrap_err().english.contains("four digits"));
        assert!(local_datetime("0099-01-01T10:00").unwrap_err().english.contains("out of range"));
        assert!(local_datetime("12345-01-01 10:00").is_err());
        assert!(local_datetime("2026-12-01 09:30").is_ok());
    }

    #[test]
    fn datetimes_in_every_accepted_spelling() {
        for t in ["2026-12-01T09:30", "2026-12-01T09:30:00", "01/12/2026 09:30", "2026-12-01 09:30"] {
            assert_eq!(local_datetime(t).unwrap().to_string(), "2026-12-01 09:30:00", "{t}");
        }
        assert!(local_datetime("01/12/2026").is_err());
    }

    #[test]
    fn emails_already_lowercase_are_borrowed() {
        assert!(matches!(email_folded("claire@cabinet.fr"), Ok(Cow::Borrowed("claire@cabinet.fr"))));
        assert_eq!(email_folded("Claire@Cabinet.fr").unwrap(), "claire@cabinet.fr");
        assert_eq!(email_folded("zoé@Cabinet.fr").unwrap(), "zoé@cabinet.fr");
        assert!(email_folded("claire@cabinet").is_err());
    }

    #[test]
    fn emails_and_booleans() {
        assert_eq!(email("Claire.Moreau@Cabinet.fr").unwrap(), "claire.moreau@cabinet.fr");
        assert!(email("claire").is_err());
        assert!(email("claire@cabinet").is_err());
        assert!(email("a b@c.fr").is_err());
        assert!(yes_no("Oui").unwrap());
        assert!(!yes_no("non").unwrap());
        assert!(yes_no("peut-être").is_err());
    }

    #[test]
    fn fiscal_year_ends() {
        assert_eq!(day_month("31/12").unwrap(), "31/12");
        assert_eq!(day_month("30/6").unwrap(), "30/06");
        assert_eq!(day_month("31/12/2025").unwrap(), "31/12");
        assert!(day_month("31/06").is_err());
        assert!(day_month("décembre").is_err());
    }
}
