//! SIREN numbers: nine digits whose Luhn checksum is valid.

/// Why a SIREN was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SirenError {
    /// Not exactly nine digits (spaces are allowed between groups).
    Format,
    /// Nine digits whose Luhn key does not match.
    Checksum,
    /// `000000000`, which passes the Luhn check but is no one's SIREN.
    Zero,
}

impl std::fmt::Display for SirenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SirenError::Format => "a SIREN is 9 digits",
            SirenError::Checksum => "invalid SIREN: the Luhn check digit does not match",
            SirenError::Zero => "000000000 is not a SIREN (leave the cell empty if the client has none)",
        })
    }
}

/// Validates a SIREN as typed (`732 829 320` or `732829320`) and returns its 9 digits.
pub fn parse(text: &str) -> Result<String, SirenError> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.')).collect();
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SirenError::Format);
    }
    if digits.bytes().all(|b| b == b'0') {
        return Err(SirenError::Zero);
    }
    if !luhn_valid(&digits) {
        return Err(SirenError::Checksum);
    }
    Ok(digits)
}

/// True when the digit string passes the Luhn check.
fn luhn_valid(digits: &str) -> bool {
    luhn_sum(digits.bytes().rev().map(|b| b - b'0')) % 10 == 0
}

/// Sum of the Luhn algorithm over digits given from the rightmost one.
fn luhn_sum(digits_from_right: impl Iterator<Item = u8>) -> u32 {
    digits_from_right
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum()
}

/// Completes eight digits with their Luhn check digit (demo data and benchmarks).
pub fn with_check_digit(first_eight: u32) -> String {
    let base = format!("{:08}", first_eight % 100_000_000);
    // The check digit sits at position 0 from the right, so the base digits start at position 1.
    let sum = luhn_sum(std::iter::once(0).chain(base.bytes().rev().map(|b| b - b'0')));
    format!("{base}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_sirens_pass() {
        // Published SIRENs of well-known French companies.
        assert_eq!(parse("732 829 320").unwrap(), "732829320");
        assert_eq!(parse("552100554").unwrap(), "552100554");
        assert_eq!(parse("542065479").unwrap(), "542065479");
    }

    #[test]
    fn wrong_length_or_letters_are_format_errors() {
        assert_eq!(parse("73282932"), Err(SirenError::Format));
        assert_eq!(parse("7328293201"), Err(SirenError::Format));
        assert_eq!(parse("73282932A"), Err(SirenError::Format));
        assert_eq!(parse(""), Err(SirenError::Format));
    }

    #[test]
    fn all_zeros_passes_luhn_but_is_not_a_siren() {
        assert!(luhn_valid("000000000"));
        assert_eq!(parse("000000000"), Err(SirenError::Zero));
        assert_eq!(parse("000 000 000"), Err(SirenError::Zero));
    }

    #[test]
    fn a_wrong_key_is_a_checksum_error() {
        assert_eq!(parse("732829321"), Err(SirenError::Checksum));
    }

    #[test]
    fn generated_sirens_are_valid() {
        for n in [1, 12_345_678, 99_999_999, 73_282_932] {
            let s = with_check_digit(n);
            assert_eq!(parse(&s).unwrap(), s, "{n}");
        }
        assert_eq!(with_check_digit(73_282_932), "732829320");
    }
}
