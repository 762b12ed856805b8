//! The period codes a fiscal deadline carries, as users also type them in CSV files:
//! `2027-02` (a month), `2027-T1` (a quarter), `2027` (a calendar year), `EX-2027` (the fiscal
//! year closing in 2027) and `EX-2027-2` (its instalment n° 2).

/// The years a period code may name.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// A period code, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// `2027-02`.
    Month(i32, u32),
    /// `2027-T1`.
    Quarter(i32, u32),
    /// `2027`.
    Year(i32),
    /// `EX-2027`.
    FiscalYear(i32),
    /// `EX-2027-2`.
    Instalment(i32, u32),
}

impl Period {
    /// Reads a code exactly as written (no spaces, upper-case `T` and `EX`).
    pub(crate) fn parse(code: &str) -> Option<Period> {
        if let Some(rest) = code.strip_prefix("EX-") {
            return match rest.split_once('-') {
                None => Some(Period::FiscalYear(year(rest)?)),
                Some((y, n)) => {
                    let n = digits(n, 1)?;
                    (1..=4).contains(&n).then_some(Period::Instalment(year(y)?, n))
                }
            };
        }
        match code.split_once('-') {
            None => Some(Period::Year(year(code)?)),
            Some((y, rest)) => {
                let y = year(y)?;
                if let Some(q) = rest.strip_prefix('T') {
                    let q = digits(q, 1)?;
                    (1..=4).contains(&q).then_some(Period::Quarter(y, q))
                } else {
                    let m = digits(rest, 2)?;
                    (1..=12).contains(&m).then_some(Period::Month(y, m))
                }
            }
        }
    }

    /// The code.
    pub(crate) fn code(self) -> String {
        match self {
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
            Period::Quarter(y, q) => format!("{y:04}-T{q}"),
            Period::Year(y) => format!("{y:04}"),
            Period::FiscalYear(y) => format!("EX-{y:04}"),
            Period::Instalment(y, n) => format!("EX-{y:04}-{n}"),
        }
    }

    /// French words for it.
    pub(crate) fn label(self) -> String {
        match self {
            Period::Month(y, m) => format!("{} {y}", crate::french::month(m).unwrap_or("?")),
            Period::Quarter(y, q) => format!("{} trimestre {y}", ordinal(q)),
            Period::Year(y) => format!("année {y}"),
            Period::FiscalYear(y) => format!("exercice {y}"),
            Period::Instalment(y, n) => format!("acompte n° {n} — exercice {y}"),
        }
    }
}

/// "1er", "2e"…
pub(crate) fn ordinal(n: u32) -> String {
    if n == 1 { "1er".to_string() } else { format!("{n}e") }
}

/// Exactly four digits, within [`YEARS`].
fn year(text: &str) -> Option<i32> {
    let y = i32::try_from(digits(text, 4)?).ok()?;
    YEARS.contains(&y).then_some(y)
}

/// Exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// Whether `code` is a period code the calendar uses (`2027-02`, `2027-T1`, `2027`, `EX-2027`,
/// `EX-2027-2`), written exactly so.
pub fn valid_period(code: &str) -> bool {
    Period::parse(code).is_some()
}

/// French words for a period code ("février 2027", "1er trimestre 2027", "année 2027",
/// "exercice 2027", "acompte n° 2 — exercice 2027"); None when it is not one.
pub fn period_label(code: &str) -> Option<String> {
    Period::parse(code).map(Period::label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_and_print_alike() {
        for (code, label) in [
            ("2027-02", "février 2027"),
            ("2027-12", "décembre 2027"),
            ("2027-T1", "1er trimestre 2027"),
            ("2027-T4", "4e trimestre 2027"),
            ("2027", "année 2027"),
            ("EX-2027", "exercice 2027"),
            ("EX-2027-2", "acompte n° 2 — exercice 2027"),
        ] {
            assert!(valid_period(code), "{code}");
            assert_eq!(period_label(code).as_deref(), Some(label), "{code}");
            assert_eq!(Period::parse(code).map(Period::code).as_deref(), Some(code));
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for code in [
            "",
            "2027-2",
            "2027-13",
            "2027-00",
            "2027-T0",
            "2027-T5",
            "2027-t1",
            "27",
            "20270",
            "EX-27",
            "ex-2027",
            "EX-2027-0",
            "EX-2027-5",
            "EX-2027-12",
            "EX-2027-",
            "2027-",
            " 2027",
            "2027 ",
            "EX 2027",
            "+027",
            "-2027",
            "1899",
            "2200",
            "2027-02-01",
            "é",
        ] {
            assert!(!valid_period(code), "{code:?}");
            assert_eq!(period_label(code), None, "{code:?}");
        }
    }
}
