//! The firm's SMTP server: settings and provider presets (the connection is in `connect.rs`).

use super::header;
use crate::cabinet::Cabinet;
use crate::error::{Error, Result, SmtpFailure};
use crate::settings::{self, parse};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How the connection to the server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (required), usually port 587.
    Starttls,
    /// TLS from the first byte (SMTPS), usually port 465.
    Tls,
    /// No encryption (a relay on the local network only).
    None,
}

impl Security {
    /// Every value.
    pub const ALL: [Security; 3] = [Security::Starttls, Security::Tls, Security::None];

    /// Parses `starttls`, `tls` or `none`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "starttls" => Some(Security::Starttls),
            "tls" => Some(Security::Tls),
            "none" => Some(Security::None),
            _ => None,
        }
    }

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }
}

/// A cabinet's SMTP settings (the password is not part of them: it is in the keyring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SmtpSettings {
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Connection security.
    pub security: Security,
    /// Login, if the server wants authentication.
    pub user: Option<String>,
    /// Sender address.
    pub from_email: String,
    /// Sender name.
    pub from_name: String,
    /// Private certificate authority to trust, PEM.
    pub ca_file: Option<PathBuf>,
    /// Longest wait for the server, per step (connect and log in; each email).
    pub timeout_secs: u32,
    /// With security `none`, whether the login and password may cross the network unencrypted
    /// to a server that is not on this computer (an explicit choice, off by default).
    #[serde(default)]
    pub allow_cleartext_password: bool,
}

/// Whether `host` is this computer: `localhost`, 127.0.0.0/8 or ::1 (nothing crosses the network).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_end_matches('.');
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    host.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A well-known provider the settings screen offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SmtpPreset {
    /// The name [`preset`] takes ("gmail", "ses:eu-west-3").
    pub id: String,
    /// Its name for people.
    pub label: String,
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Connection security.
    pub security: Security,
}

/// The providers the settings screen offers, each as [`preset`] knows it.
pub fn presets() -> Vec<SmtpPreset> {
    [
        ("gmail", "Gmail (Google Workspace)"),
        ("outlook", "Microsoft 365 / Outlook"),
        ("sendgrid", "SendGrid"),
        ("mailgun", "Mailgun"),
        ("ses:eu-west-3", "Amazon SES (Paris)"),
        ("ses:eu-west-1", "Amazon SES (Irlande)"),
    ]
    .into_iter()
    .filter_map(|(id, label)| {
        preset(id).map(|(host, port, security)| SmtpPreset { id: id.into(), label: label.into(), host, port, security })
    })
    .collect()
}

/// Host, port and security of a well-known provider.
pub fn preset(name: &str) -> Option<(String, u16, Security)> {
    let starttls = |host: &str| Some((host.to_string(), 587, Security::Starttls));
    match name {
        "gmail" => starttls("smtp.gmail.com"),
        "outlook" | "office365" => starttls("smtp.office365.com"),
        "sendgrid" => starttls("smtp.sendgrid.net"),
        "mailgun" => starttls("smtp.mailgun.org"),
        _ => {
            let region = name.strip_prefix("ses:")?;
            let valid =
                !region.is_empty() && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if valid { starttls(&format!("email-smtp.{region}.amazonaws.com")) } else { None }
        }
    }
}

impl SmtpSettings {
    /// The cabinet's settings, or None when no server is configured.
    pub fn load(store: &Store, cabinet_id: i64) -> Result<Option<Self>> {
        let text = |key: &str, parse| settings::read(store, cabinet_id, key, parse);
        let host = text("smtp.host", parse::host)?;
        if host.is_empty() {
            return Ok(None);
        }
        let from_email = text("smtp.from_email", parse::optional_email)?;
        let user = text("smtp.user", parse::single_line)?;
        let ca_file = text("smtp.ca_file", parse::single_line)?;
        Ok(Some(Self {
            host,
            port: settings::read(store, cabinet_id, "smtp.port", parse::port)?,
            security: settings::read(store, cabinet_id, "smtp.security", parse::security)?,
            from_email: if from_email.is_empty() { user.clone() } else { from_email },
            user: Some(user).filter(|u| !u.is_empty()),
            from_name: text("smtp.from_name", parse::single_line)?,
            ca_file: Some(PathBuf::from(ca_file)).filter(|p| !p.as_os_str().is_empty()),
            timeout_secs: settings::read(store, cabinet_id, "smtp.timeout_secs", parse::timeout_secs)?,
            allow_cleartext_password: settings::read(
                store,
                cabinet_id,
                "smtp.allow_cleartext_password",
                parse::boolean,
            )?,
        }))
    }

    /// The cabinet's settings, or an error saying how to configure them.
    pub fn require(store: &Store, cabinet: &Cabinet) -> Result<Self> {
        Self::load(store, cabinet.id)?.ok_or_else(|| Error::SmtpNotConfigured(cabinet.name.clone()))
    }

    /// Stores the settings (each value checked first, nothing stored if one is invalid).
    pub fn save(&self, store: &Store, cabinet_id: i64) -> Result<()> {
        let values = [
            ("smtp.host", self.host.clone()),
            ("smtp.port", self.port.to_string()),
            ("smtp.security", self.security.as_str().to_string()),
            ("smtp.user", self.user.clone().unwrap_or_default()),
            ("smtp.from_email", self.from_email.clone()),
            ("smtp.from_name", self.from_name.clone()),
            ("smtp.ca_file", self.ca_file.as_ref().map(|p| p.display().to_string()).unwrap_or_default()),
            ("smtp.timeout_secs", self.timeout_secs.to_string()),
            ("smtp.allow_cleartext_password", self.allow_cleartext_password.to_string()),
        ];
        for (key, value) in &values {
            settings::check(key, value)?;
        }
        self.check_cleartext_login()?;
        // Checked as a whole above: set one by one, the values could be refused half-way.
        for (key, value) in &values {
            settings::write(store.conn(), cabinet_id, key, value)?;
        }
        Ok(())
    }

    /// Refuses a login over an unencrypted connection to a server off this computer, unless
    /// that was allowed explicitly: the password would cross the network in clear.
    pub fn check_cleartext_login(&self) -> Result<()> {
        if self.security != Security::None
            || self.user.is_none()
            || self.allow_cleartext_password
            || is_loopback(&self.host)
        {
            return Ok(());
        }
        Err(Error::CleartextPassword { host: self.host.clone() })
    }

    /// The domain of the sender address (for Message-IDs).
    pub fn from_domain(&self) -> &str {
        self.from_email.rsplit_once('@').map_or(self.host.as_str(), |(_, d)| d)
    }

    /// The sender as a mailbox.
    pub fn from_mailbox(&self) -> Result<lettre::message::Mailbox> {
        // Settings written by an older version or by hand may hold a line break: the emails
        // then wait with this reason instead of panicking in lettre.
        let bad = |key: &str, reason: String| Error::Smtp {
            failure: SmtpFailure::Setup,
            message: format!("cannot build the email: setting {key} {reason}"),
        };
        for (key, value) in [("smtp.from_name", &self.from_name), ("smtp.from_email", &self.from_email)] {
            if let Some(problem) = header::single_line_problem(value) {
                return Err(bad(key, problem));
            }
        }
        let address = self.from_email.parse().map_err(|e| Error::Smtp {
            failure: SmtpFailure::Setup,
            message: format!("sender address \"{}\" is invalid: {e}", self.from_email),
        })?;
        Ok(lettre::message::Mailbox::new(Some(self.from_name.clone()), address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_presets_are_the_known_providers() {
        let offered = presets();
        assert_eq!(offered.len(), 6);
        assert!(offered.iter().all(|p| preset(&p.id) == Some((p.host.clone(), p.port, p.security))));
        assert_eq!(offered[4].host, "email-smtp.eu-west-3.amazonaws.com");
    }

    #[test]
    fn presets_match_the_providers() {
        assert_eq!(preset("gmail").unwrap(), ("smtp.gmail.com".into(), 587, Security::Starttls));
        assert_eq!(preset("ses:eu-west-3").unwrap().0, "email-smtp.eu-west-3.amazonaws.com");
        assert!(preset("ses:").is_none());
        assert!(preset("ses:EU west").is_none());
        assert!(preset("yahoo").is_none());
    }

    #[test]
    fn loopback_hosts_are_this_computer() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.3.4.5", "::1", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["mail.example.fr", "10.0.0.1", "192.168.1.2", "localhost.example.fr", "::2", "128.0.0.1"] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    fn settings(host: &str, security: Security, user: Option<&str>, allow: bool) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port: 25,
            security,
            user: user.map(str::to_string),
            from_email: "alertes@example.fr".into(),
            from_name: "Vigie".into(),
            ca_file: None,
            timeout_secs: 30,
            allow_cleartext_password: allow,
        }
    }

    #[test]
    fn a_cleartext_login_off_this_computer_needs_an_explicit_allowance() {
        let refused = settings("mail.example.fr", Security::None, Some("u"), false).check_cleartext_login();
        let message = refused.unwrap_err().to_string();
        assert!(
            message.contains("password in clear") && message.contains("smtp.allow_cleartext_password"),
            "{message}"
        );
        assert!(settings("mail.example.fr", Security::None, Some("u"), true).check_cleartext_login().is_ok());
        assert!(settings("127.0.0.1", Security::None, Some("u"), false).check_cleartext_login().is_ok());
        assert!(settings("mail.example.fr", Security::None, None, false).check_cleartext_login().is_ok());
        assert!(settings("mail.example.fr", Security::Starttls, Some("u"), false).check_cleartext_login().is_ok());
    }

    #[test]
    fn a_sender_name_with_a_line_break_is_an_error_naming_the_setting() {
        let mut bad = settings("127.0.0.1", Security::None, None, false);
        bad.from_name = "Cabinet\r\nBcc: x@y.fr".into();
        let message = bad.from_mailbox().unwrap_err().to_string();
        assert_eq!(message, "cannot build the email: setting smtp.from_name holds a line break");
    }

    #[test]
    fn settings_deserialize_as_they_serialize() {
        let mut s = settings("mail.example.fr", Security::Tls, Some("u"), false);
        s.ca_file = Some(PathBuf::from("/etc/ca.pem"));
        let back: SmtpSettings = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        let form = r#"{"host": "h", "port": 587, "security": "starttls", "from_email": "a@h.fr",
                       "from_name": "Vigie", "timeout_secs": 30}"#;
        let parsed: SmtpSettings = serde_json::from_str(form).unwrap();
        assert_eq!((parsed.security, parsed.user, parsed.allow_cleartext_password), (Security::Starttls, None, false));
    }
}
