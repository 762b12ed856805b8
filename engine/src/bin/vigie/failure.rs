//! How the command line reports an engine error: the engine's message, worded for any shell,
//! then a hint naming the command or flag to use here; with `--json`, the error as
//! `{code, message, details}` on standard output instead (standard error when the command
//! already printed its result).

use vigie::error::{Error, ErrorPayload, SmtpFailure};

/// Prints `error` as the command line reports it.
pub fn report(error: &Error, json: bool) {
    if json {
        // Standard output holds one JSON document: when the command already printed its
        // result there (what `check` detected before the emails failed), the error goes to
        // standard error.
        let payload = ErrorPayload::from(error);
        if crate::output::wrote_out() {
            crate::output::json_err(&payload);
        } else {
            crate::output::json(&payload);
        }
        return;
    }
    let message = error.to_string();
    match hint(error) {
        // One line saying what to do, as before the engine's wording became shell-neutral.
        Some(Hint::Inline(hint)) => crate::output::err(format_args!("vigie: {message} ({hint})")),
        Some(Hint::Line(hint)) => {
            for line in message.lines() {
                crate::output::err(format_args!("vigie: {line}"));
            }
            crate::output::err(format_args!("vigie: {hint}"));
        }
        None => {
            for line in message.lines() {
                crate::output::err(format_args!("vigie: {line}"));
            }
        }
    }
}

/// Where a hint goes: after a one-line message, or on a line of its own after a list.
#[derive(Debug, PartialEq)]
enum Hint {
    /// In parentheses at the end of the message's line.
    Inline(String),
    /// A line of its own.
    Line(String),
}

/// The command-line way to act on `error`, when there is one the message cannot name.
fn hint(error: &Error) -> Option<Hint> {
    let inline: String = match error {
        Error::Import { whole_file: true, .. } => {
            return Some(Hint::Line("nothing was imported; fix the file and import it again".into()));
        }
        Error::Import { whole_file: false, .. } => {
            return Some(Hint::Line(
                "nothing was imported; fix the rows above, or pass --skip-invalid to import the valid rows".into(),
            ));
        }
        Error::StoreDamaged { backup: Some(backup), .. } => {
            format!("restore it with: vigie restore {}", backup.display())
        }
        Error::StoreDamaged { backup: None, .. } => "restore a backup with: vigie restore FILE".into(),
        Error::StoreInUse { .. } => "the app, `vigie daemon` or another vigie command".into(),
        Error::UnknownCabinet(_) => "see: vigie cabinet list".into(),
        Error::NoWorkstation => "set it with `vigie workstation --user EMAIL`".into(),
        Error::NoCabinet => "create one with `vigie cabinet add NAME` or `vigie demo`".into(),
        Error::CabinetAmbiguous(_) | Error::UserAmbiguous { .. } => "with --cabinet NAME".into(),
        Error::UnknownSetting(_) => "see: vigie settings list".into(),
        Error::InactiveUser { .. } => "see who is active with: vigie staff list".into(),
        Error::InvalidSetting { key, .. } => format!("replace it with: vigie settings set {key} VALUE"),
        Error::SmtpIncomplete { key: "smtp.host" } => "give --host HOST or --preset NAME".into(),
        Error::SmtpIncomplete { key: "smtp.from_email" } => "give --from-email ADDRESS".into(),
        Error::SmtpIncomplete { key: "smtp.user" } => "give --user LOGIN".into(),
        Error::PauseOver { .. } => "give a later --until, or none to pause until `vigie jobs resume`".into(),
        Error::UnknownOutboxRow(_) => "see: vigie outbox list".into(),
        Error::SmtpNotConfigured(_) => "run `vigie smtp set --host … --from-email …` first".into(),
        Error::SmtpPasswordMissing { .. } => "store it with: vigie smtp set … --password-stdin".into(),
        Error::CleartextPassword { .. } => "on a network you trust: vigie smtp set … --allow-cleartext-password".into(),
        Error::Smtp { failure: SmtpFailure::Setup, .. } => "check the settings with: vigie smtp show".into(),
        _ => return None,
    };
    Some(Hint::Inline(inline))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn hints_name_the_commands_the_engine_no_longer_names() {
        let damaged =
            Error::StoreDamaged { path: PathBuf::from("/d/vigie.db"), backup: Some(PathBuf::from("/d/b.db")) };
        assert_eq!(hint(&damaged), Some(Hint::Inline("restore it with: vigie restore /d/b.db".into())));
        let ambiguous = Error::CabinetAmbiguous(vec!["A".into(), "B".into()]);
        assert_eq!(hint(&ambiguous), Some(Hint::Inline("with --cabinet NAME".into())));
        let import = Error::Import { problems: vec![], whole_file: true };
        assert!(matches!(hint(&import), Some(Hint::Line(line)) if line.starts_with("nothing was imported")));
        let missing = Error::SmtpIncomplete { key: "smtp.host" };
        assert_eq!(hint(&missing), Some(Hint::Inline("give --host HOST or --preset NAME".into())));
        let over = Error::PauseOver { until: "24/11/2026 09:00".into() };
        assert!(matches!(hint(&over), Some(Hint::Inline(h)) if h.contains("--until")));
        assert!(hint(&Error::InvalidInput("x".into())).is_none());
    }
}
