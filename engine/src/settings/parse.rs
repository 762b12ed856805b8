//! One parser per kind of setting value: each trims the text the same way, so a value edited
//! outside Vigie (`" 12"`) reads as it would have been stored, and each returns the typed value
//! that both the check on write and every read use.

use crate::cron::Schedule;
use crate::email::smtp::Security;
use chrono::Duration;

/// A number of days, at most a year (horizons, retentions).
pub fn days(value: &str) -> Result<u32, String> {
    let n: u32 = value.trim().parse().map_err(|_| "expected a whole number of days".to_string())?;
    if n > 366 {
        return Err("at most 366 days".into());
    }
    Ok(n)
}

/// Reminder steps in days, such as `7,3,1,0`: returned ascending, without duplicates.
pub fn steps(value: &str) -> Result<Vec<u32>, String> {
    let mut steps = value
        .split(',')
        .map(|s| days(s).map_err(|e| format!("\"{}\": {e}", s.trim())))
        .collect::<Result<Vec<u32>, String>>()?;
    if steps.is_empty() {
        return Err("expected at least one step, such as 7,3,1,0".into());
    }
    steps.sort_unstable();
    steps.dedup();
    Ok(steps)
}

/// A catch-up window: whole hours, at most a week.
pub fn catchup_hours(value: &str) -> Result<Duration, String> {
    let hours: u32 = value.trim().parse().map_err(|_| "expected a whole number of hours".to_string())?;
    if hours > 168 {
        return Err("at most 168 hours (a week)".into());
    }
    Ok(Duration::hours(i64::from(hours)))
}

/// A cron expression in the cabinet's timezone.
pub fn cron(value: &str) -> Result<Schedule, String> {
    Schedule::parse(value).map_err(|e| e.to_string())
}

/// `true` or `false`.
pub fn boolean(value: &str) -> Result<bool, String> {
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

/// How long to wait for the SMTP server, in seconds (1 to 600).
pub fn timeout_secs(value: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(s) if (1..=600).contains(&s) => Ok(s),
        _ => Err("expected a number of seconds between 1 and 600".into()),
    }
}

/// A host name, or empty (email off).
pub fn host(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/' || c == '@') {
        return Err("expected a host name such as smtp.cabinet.fr".into());
    }
    Ok(value.to_string())
}

/// A TCP port, 1 to 65535.
pub fn port(value: &str) -> Result<u16, String> {
    match value.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err("expected a port number between 1 and 65535".into()),
    }
}

/// `starttls`, `tls` or `none`.
pub fn security(value: &str) -> Result<Security, String> {
    Security::parse(value).ok_or_else(|| "expected starttls, tls or none".into())
}

/// A value that goes into an email header or an SMTP command: one line, no control character.
pub fn single_line(value: &str) -> Result<String, String> {
    crate::email::header::check_single_line("the value", value)?;
    Ok(value.trim().to_string())
}

/// An email address, or empty.
pub fn optional_email(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || (value.contains('@') && !value.contains(|c: char| c.is_whitespace() || c.is_control())) {
        Ok(value.to_string())
    } else {
        Err("expected an email address".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_values_read_as_trimmed_ones() {
        assert_eq!(days(" 7 ").unwrap(), 7);
        assert_eq!(steps(" 7, 3 ,1,0 ").unwrap(), vec![0, 1, 3, 7]);
        assert_eq!(catchup_hours(" 12").unwrap(), Duration::hours(12));
        assert_eq!(cron(" 0 9 * * *").unwrap().as_str(), "0 9 * * *");
        assert!(boolean(" true\n").unwrap());
        assert_eq!(port(" 465 ").unwrap(), 465);
        assert_eq!(security(" tls ").unwrap(), Security::Tls);
        assert_eq!(host(" smtp.example.fr ").unwrap(), "smtp.example.fr");
        assert_eq!(timeout_secs(" 30").unwrap(), 30);
        assert_eq!(optional_email(" a@b.fr ").unwrap(), "a@b.fr");
    }

    #[test]
    fn out_of_range_values_say_the_limit() {
        assert_eq!(days("367").unwrap_err(), "at most 366 days");
        assert_eq!(catchup_hours("169").unwrap_err(), "at most 168 hours (a week)");
        assert_eq!(steps("7,trois").unwrap_err(), "\"trois\": expected a whole number of days");
        assert!(port("0").is_err());
        assert!(timeout_secs("601").is_err());
        assert!(single_line("a\nb").is_err());
        assert!(host("smtp example").is_err());
    }
}
