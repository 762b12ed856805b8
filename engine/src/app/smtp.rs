//! The firm's mail server: change its settings (a preset merged over what is stored), show
//! them (with whether a password is stored, never the password), send a test email.

use crate::app::Vigie;
use crate::cabinet::{self, Cabinet};
use crate::email::smtp::{self, Security, SmtpSettings, presets};
use crate::email::templates::Templates;
use crate::email::{header, outbox, password};
use crate::error::{Error, Result};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What a person changes in the SMTP settings; what is left out keeps its stored value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SmtpChanges {
    /// A provider's host, port and security (gmail, outlook, sendgrid, mailgun, ses:REGION),
    /// under the values given here.
    pub preset: Option<String>,
    /// Server host name.
    pub host: Option<String>,
    /// Server port (default: the security's usual port when the security changes).
    pub port: Option<u16>,
    /// Login; an empty one turns authentication off.
    pub user: Option<String>,
    /// Sender address (default: the login).
    pub from_email: Option<String>,
    /// Sender name.
    pub from_name: Option<String>,
    /// Connection security.
    pub security: Option<Security>,
    /// Private certificate authority (PEM); an empty path goes back to the system's.
    pub ca_file: Option<PathBuf>,
    /// Allow a login in clear to a server off this computer: asked for by each change that
    /// needs it, never carried over silently.
    pub allow_cleartext_password: bool,
}

/// Whether the server's password is in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PasswordState {
    /// The server wants no login.
    NoLogin,
    /// A password is stored for the login.
    Stored,
    /// None is stored: sending will fail until one is.
    Missing,
    /// The keyring could not say.
    Unknown {
        /// What the keyring said.
        reason: String,
    },
}

/// A cabinet's SMTP settings as shown to a person.
#[derive(Debug, Clone, Serialize)]
pub struct SmtpView {
    /// The cabinet.
    pub cabinet: Cabinet,
    /// Its settings.
    pub settings: SmtpSettings,
    /// Whether the password is stored.
    pub password: PasswordState,
}

/// The settings `changes` make of `current` (None: nothing configured yet).
pub fn merge(current: Option<&SmtpSettings>, changes: SmtpChanges) -> Result<SmtpSettings> {
    // These go into email headers and SMTP commands: one line each.
    let fields = [
        ("host", &changes.host),
        ("login", &changes.user),
        ("sender address", &changes.from_email),
        ("sender name", &changes.from_name),
    ];
    for (what, value) in fields {
        if let Some(value) = value
            && let Some(problem) = header::single_line_problem(value)
        {
            return Err(Error::InvalidInput(format!(
                "the {what} \"{}\" {problem}: give it on one line, without control characters",
                header::visible(value)
            )));
        }
    }
    let preset = match changes.preset.as_deref() {
        Some(p) => Some(smtp::preset(p).ok_or_else(|| {
            Error::InvalidInput(format!(
                "unknown preset \"{p}\" (expected gmail, outlook, sendgrid, mailgun or ses:REGION)"
            ))
        })?),
        None => None,
    };
    let host = changes
        .host
        .or_else(|| preset.as_ref().map(|p| p.0.clone()))
        .or_else(|| current.map(|s| s.host.clone()))
        .ok_or(Error::SmtpIncomplete { key: "smtp.host" })?;
    let security =
        changes.security.or(preset.as_ref().map(|p| p.2)).or(current.map(|s| s.security)).unwrap_or(Security::Starttls);
    let default_port = match security {
        Security::Tls => 465,
        Security::Starttls => 587,
        Security::None => 25,
    };
    // An empty login turns authentication off; none given keeps the current login.
    let user = changes.user.or_else(|| current.and_then(|s| s.user.clone())).filter(|u| !u.is_empty());
    Ok(SmtpSettings {
        // A new security without a port takes that security's usual port.
        port: changes
            .port
            .or(preset.as_ref().map(|p| p.1))
            .or(current.filter(|s| s.security == security).map(|s| s.port))
            .unwrap_or(default_port),
        security,
        from_email: changes
            .from_email
            .or_else(|| current.map(|s| s.from_email.clone()))
            .or_else(|| user.clone())
            .ok_or(Error::SmtpIncomplete { key: "smtp.from_email" })?,
        from_name: changes.from_name.or_else(|| current.map(|s| s.from_name.clone())).unwrap_or_else(|| "Vigie".into()),
        ca_file: changes
            .ca_file
            .or_else(|| current.and_then(|s| s.ca_file.clone()))
            .filter(|p| !p.as_os_str().is_empty()),
        timeout_secs: current.map_or(30, |s| s.timeout_secs),
        allow_cleartext_password: changes.allow_cleartext_password,
        user,
        host,
    })
}

/// Applies `changes` to the cabinet's settings and stores `password` (if any) in the keyring
/// first, so that a keyring failure leaves the old settings intact.
pub fn set(store: &Store, cabinet: &Cabinet, changes: SmtpChanges, password: Option<&str>) -> Result<SmtpView> {
    // A stored value that cannot be read is named (the error says which), to be replaced first.
    let current = SmtpSettings::load(store, cabinet.id)?;
    let settings = merge(current.as_ref(), changes)?;
    settings.check_cleartext_login()?;
    if let Some(ca) = &settings.ca_file
        && !ca.is_file()
    {
        return Err(Error::InvalidInput(format!("{}: no such certificate file", ca.display())));
    }
    if let Some(secret) = password {
        if settings.user.is_none() {
            return Err(Error::SmtpIncomplete { key: "smtp.user" });
        }
        if secret.is_empty() {
            return Err(Error::InvalidInput("the SMTP password given is empty".into()));
        }
        password::set(cabinet, &settings, secret)?;
    }
    settings.save(store, cabinet.id)?;
    Ok(view(store, cabinet, settings))
}

/// The cabinet's settings with the password's state.
pub fn show(store: &Store, cabinet: &Cabinet) -> Result<SmtpView> {
    let settings = SmtpSettings::require(store, cabinet)?;
    Ok(view(store, cabinet, settings))
}

fn view(store: &Store, cabinet: &Cabinet, settings: SmtpSettings) -> SmtpView {
    let password = match &settings.user {
        None => PasswordState::NoLogin,
        Some(_) => match password::is_set(store, cabinet, &settings) {
            Ok(true) => PasswordState::Stored,
            Ok(false) => PasswordState::Missing,
            Err(e) => PasswordState::Unknown { reason: e.to_string() },
        },
    };
    SmtpView { cabinet: cabinet.clone(), settings, password }
}

/// The window's SMTP screen: the settings (None until some are saved) and the password's state
/// (never the password).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SmtpPanel {
    /// The settings, or None when no server is configured yet.
    pub settings: Option<SmtpSettings>,
    /// Whether the password is in the keyring.
    pub password: PasswordState,
    /// The providers offered, with their servers.
    pub presets: Vec<crate::email::smtp::SmtpPreset>,
}

impl Vigie {
    /// The SMTP screen of the cabinet named (the only one when none is named), configured or not.
    pub fn smtp_panel(&self, cabinet: Option<&str>) -> Result<SmtpPanel> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        Ok(match SmtpSettings::load(&store, c.id)? {
            Some(settings) => {
                let view = view(&store, &c, settings);
                SmtpPanel { settings: Some(view.settings), password: view.password, presets: presets() }
            }
            None => SmtpPanel { settings: None, password: PasswordState::NoLogin, presets: presets() },
        })
    }

    /// Changes the SMTP settings of the cabinet named (the only one when none is named).
    pub fn set_smtp(&self, cabinet: Option<&str>, changes: SmtpChanges, password: Option<&str>) -> Result<SmtpView> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        set(&store, &c, changes, password)
    }

    /// The SMTP settings of the cabinet named (the only one when none is named).
    pub fn smtp(&self, cabinet: Option<&str>) -> Result<SmtpView> {
        let store = self.store();
        let c = cabinet::resolve(&store, cabinet)?;
        show(&store, &c)
    }

    /// Sends the test email (or the template named, with sample values) to `to` now, through
    /// the cabinet's server; returns the settings used. The store is not held while sending.
    pub async fn send_test_email(
        &self,
        cabinet: Option<&str>,
        to: &str,
        template: Option<&str>,
    ) -> Result<SmtpSettings> {
        let templates = Templates::for_data_dir(self.data_dir());
        let (settings, sending) = {
            let store = self.store();
            let c = cabinet::resolve(&store, cabinet)?;
            let settings = SmtpSettings::require(&store, &c)?;
            let today = c.today(self.clock().as_ref());
            let rendered = match template {
                None | Some("test") => crate::email::welcome::test_message(&c, &settings, &templates, to, today)?,
                Some(name) => {
                    let names = templates.names();
                    if !names.iter().any(|n| n == name) {
                        return Err(Error::Template(format!(
                            "no template \"{name}\" (the templates are {})",
                            names.join(", ")
                        )));
                    }
                    let mut context = crate::email::sample_context();
                    context.extend(crate::email::base_context(&c, to, to, today));
                    context.insert("smtp_host", &settings.host);
                    templates.render(name, &context)?
                }
            };
            let sending = outbox::send_now(&store, &settings, &c, to, &rendered);
            (settings, sending)
        };
        sending.await?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current() -> SmtpSettings {
        SmtpSettings {
            host: "mail.cabinet.fr".into(),
            port: 2525,
            security: Security::Starttls,
            user: Some("u".into()),
            from_email: "a@cabinet.fr".into(),
            from_name: "Cabinet".into(),
            ca_file: None,
            timeout_secs: 12,
            allow_cleartext_password: true,
        }
    }

    #[test]
    fn a_preset_goes_over_the_stored_server_and_keeps_the_rest() {
        let changes = SmtpChanges { preset: Some("ses:eu-west-3".into()), ..Default::default() };
        let s = merge(Some(&current()), changes).unwrap();
        assert_eq!((s.host.as_str(), s.port), ("email-smtp.eu-west-3.amazonaws.com", 587));
        assert_eq!((s.user.as_deref(), s.from_name.as_str(), s.timeout_secs), (Some("u"), "Cabinet", 12));
        // Never carried over silently.
        assert!(!s.allow_cleartext_password);
    }

    #[test]
    fn a_new_security_takes_its_port_and_an_empty_login_turns_authentication_off() {
        let changes = SmtpChanges { security: Some(Security::Tls), user: Some(String::new()), ..Default::default() };
        let s = merge(Some(&current()), changes).unwrap();
        assert_eq!((s.port, s.user), (465, None));
    }

    #[test]
    fn what_is_missing_or_on_two_lines_is_named() {
        let err = merge(None, SmtpChanges::default()).unwrap_err();
        assert!(matches!(err, Error::SmtpIncomplete { key: "smtp.host" }), "{err}");
        let changes = SmtpChanges { host: Some("h".into()), ..Default::default() };
        assert!(matches!(merge(None, changes), Err(Error::SmtpIncomplete { key: "smtp.from_email" })));
        let changes = SmtpChanges { from_name: Some("A\r\nBcc: x".into()), ..Default::default() };
        let err = merge(Some(&current()), changes).unwrap_err().to_string();
        assert!(err.starts_with("the sender name \"A\\r\\nBcc: x\" holds a line break"), "{err}");
        let changes = SmtpChanges { preset: Some("yahoo".into()), ..Default::default() };
        assert!(merge(None, changes).unwrap_err().to_string().contains("unknown preset \"yahoo\""));
    }

    #[test]
    fn changes_read_from_json_refuse_unknown_fields() {
        let changes: SmtpChanges = serde_json::from_str(r#"{"preset": "gmail", "port": 2525}"#).unwrap();
        assert_eq!((changes.preset.as_deref(), changes.port), (Some("gmail"), Some(2525)));
        assert!(serde_json::from_str::<SmtpChanges>(r#"{"password": "x"}"#).is_err());
    }
}
