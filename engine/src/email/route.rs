//! One cabinet's way to its SMTP server during a pass: the settings and password read once from
//! the store, then an open session reused from one email to the next. A route holds no store
//! handle, so the futures that drive it are `Send`.

use super::connect::{Connector, SendError};
use super::header;
use super::password;
use super::smtp::SmtpSettings;
use crate::cabinet::{self, Cabinet};
use crate::error::{Error, Result, SmtpFailure};
use crate::store::Store;
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::client::AsyncSmtpConnection;

/// An email as it will be built for the wire, owned so that it can cross an await.
#[derive(Debug, Clone)]
pub(super) struct Letter {
    /// Recipient address.
    pub to_email: String,
    /// Recipient name ("" for none).
    pub to_name: String,
    /// Subject.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
    /// Message-ID header, fixed when the email was queued.
    pub message_id: String,
}

/// The message as it goes on the wire. Every header value is checked first: lettre panics on a
/// name holding a line break, and such a row must fail with a reason, not stop the worker.
pub(super) fn build(letter: &Letter, from: Mailbox) -> Result<Message> {
    let cannot = |reason: String| Error::Smtp {
        failure: SmtpFailure::Setup,
        message: format!("cannot build the email: {reason}"),
    };
    header::check_single_line("the recipient name", &letter.to_name).map_err(cannot)?;
    header::check_single_line("the recipient address", &letter.to_email).map_err(cannot)?;
    header::check_single_line("the subject", &letter.subject).map_err(cannot)?;
    header::check_single_line("the Message-ID", &letter.message_id).map_err(cannot)?;
    let to_address = letter
        .to_email
        .parse()
        .map_err(|e| cannot(format!("the recipient address \"{}\" is invalid: {e}", letter.to_email)))?;
    let to = Mailbox::new(Some(letter.to_name.clone()).filter(|n| !n.is_empty()), to_address);
    Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject.clone())
        .message_id(Some(letter.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(letter.text.clone(), letter.html.clone()))
        .map_err(|e| cannot(e.to_string()))
}

/// One cabinet's server: how to reach it, and the open session reused from row to row.
pub(super) struct Route {
    connector: Connector,
    from: Mailbox,
    session: Option<AsyncSmtpConnection>,
    /// Why the server could not be reached in this pass: its other rows wait for the next one
    /// instead of each waiting for a timeout, and other cabinets' emails go on.
    down: Option<String>,
}

impl Route {
    /// Reads the cabinet's settings and password from the store (synchronous, no network).
    pub fn new(store: &Store, cabinet_id: i64) -> Result<Self> {
        let cabinet = cabinet::get(store, cabinet_id)?;
        let smtp = SmtpSettings::require(store, &cabinet)?;
        Self::for_settings(store, &cabinet, &smtp)
    }

    /// A route to the server of `smtp`, with the cabinet's password from the keyring.
    pub fn for_settings(store: &Store, cabinet: &Cabinet, smtp: &SmtpSettings) -> Result<Self> {
        // Refused before the password is even read from the keyring.
        smtp.check_cleartext_login()?;
        let password = match smtp.user {
            Some(_) => Some(password::get(store, cabinet, smtp)?),
            None => None,
        };
        Ok(Self { connector: Connector::new(smtp, password)?, from: smtp.from_mailbox()?, session: None, down: None })
    }

    /// Builds `letter` and sends it; an email that cannot be built fails for good.
    pub async fn deliver(&mut self, letter: &Letter) -> std::result::Result<(), SendError> {
        let message = build(letter, self.from.clone()).map_err(|e| SendError {
            message: e.to_string(),
            transient: false,
            failure: SmtpFailure::Setup,
        })?;
        self.send(&message).await
    }

    /// Sends over the open session, opening one if needed; a failed session is dropped.
    async fn send(&mut self, message: &Message) -> std::result::Result<(), SendError> {
        if let Some(reason) = &self.down {
            return Err(SendError::network("", reason));
        }
        let mut session = match self.session.take() {
            Some(s) if !s.has_broken() => s,
            _ => match self.connector.connect().await {
                Ok(s) => s,
                Err(e) => {
                    if e.transient {
                        self.down = Some(e.message.clone());
                    }
                    return Err(e);
                }
            },
        };
        let limit = self.connector.timeout;
        match tokio::time::timeout(limit, session.send(message.envelope(), &message.formatted())).await {
            Ok(result) => result?,
            Err(_) => {
                let reason = format!("timeout: the server did not take the email within {} s", limit.as_secs());
                self.down = Some(reason.clone());
                return Err(SendError::network("", reason));
            }
        };
        self.session = Some(session);
        Ok(())
    }

    /// Says goodbye to the server, if a session is open.
    pub async fn close(mut self) {
        if let Some(mut session) = self.session.take() {
            let _ = session.quit().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(to_name: &str) -> Letter {
        Letter {
            to_email: "claire@example.fr".into(),
            to_name: to_name.into(),
            subject: "Échéance".into(),
            text: "texte".into(),
            html: "<p>texte</p>".into(),
            message_id: "<1@example.fr>".into(),
        }
    }

    #[test]
    fn a_name_holding_a_line_break_is_refused_not_a_panic() {
        let from: Mailbox = "Vigie <alertes@example.fr>".parse().unwrap();
        let err = build(&letter("Claire\r\nBcc: x@evil.fr"), from.clone()).unwrap_err();
        assert!(err.to_string().contains("cannot build the email"), "{err}");
        assert!(build(&letter("Claire Moreau"), from).is_ok());
    }
}
