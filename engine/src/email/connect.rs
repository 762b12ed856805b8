//! Opening an SMTP session: TCP with TCP_NODELAY, then implicit TLS or STARTTLS, then AUTH.
//!
//! lettre's own transport leaves Nagle's algorithm on; since it writes a message body and its
//! final "." separately, every email then waits for the server's delayed ACK (40 ms on Linux),
//! capping a worker at about 25 emails a second. Owning the socket removes that stall.

use super::smtp::{Security, SmtpSettings};
use crate::error::{Error, Result, SmtpFailure};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::rustls;

/// Why a session or a send failed, and whether trying again later may help.
#[derive(Debug)]
pub struct SendError {
    /// The server's or the network's answer.
    pub message: String,
    /// Connection trouble and 4xx replies are transient; 5xx replies are not.
    pub transient: bool,
    /// The step that failed.
    pub failure: SmtpFailure,
}

impl From<lettre::transport::smtp::Error> for SendError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            let part = s.to_string();
            if !message.contains(&part) {
                message.push_str(": ");
                message.push_str(&part);
            }
            source = s.source();
        }
        // A reply code means the server answered; anything else is the way to it.
        let answered = e.is_permanent() || e.is_transient();
        let failure = if answered { SmtpFailure::Rejected } else { SmtpFailure::Unreachable };
        Self { message, transient: !e.is_permanent(), failure }
    }
}

impl SendError {
    /// Connection trouble (`what: e`, or `e` alone when `what` is empty): transient.
    pub(super) fn network(what: &str, e: impl std::fmt::Display) -> Self {
        let message = if what.is_empty() { e.to_string() } else { format!("{what}: {e}") };
        Self { message, transient: true, failure: SmtpFailure::Unreachable }
    }

    /// The engine error for a send that is reported at once (not queued).
    pub fn into_error(self) -> Error {
        Error::Smtp { failure: self.failure, message: self.message }
    }
}

/// A connection or an email that could not be prepared on this side.
fn setup(message: String) -> Error {
    Error::Smtp { failure: SmtpFailure::Setup, message }
}

/// Everything needed to open sessions to one server, prepared once.
pub struct Connector {
    host: String,
    port: u16,
    security: Security,
    tls: TlsParameters,
    rustls: Arc<rustls::ClientConfig>,
    credentials: Option<Credentials>,
    hello: ClientId,
    /// Longest wait per step: opening a session (connect, TLS, greeting, login); each email.
    pub timeout: Duration,
}

impl Connector {
    /// Prepares sessions to the server of `settings`, logging in with `password`.
    pub fn new(settings: &SmtpSettings, password: Option<String>) -> Result<Self> {
        // Checked again here, not only when the settings are saved: they may be edited by hand.
        settings.check_cleartext_login()?;
        let extra = match &settings.ca_file {
            Some(path) => {
                let pem = std::fs::read(path).map_err(|source| Error::Io { path: path.clone(), source })?;
                Some(pem)
            }
            None => None,
        };
        let mut tls = TlsParameters::builder(settings.host.clone());
        let mut roots = rustls::RootCertStore::empty();
        for cert in rustls_native_certs::load_native_certs().certs {
            // A system certificate rustls cannot read is skipped, as the system would.
            let _ = roots.add(cert);
        }
        if let (Some(pem), Some(path)) = (&extra, &settings.ca_file) {
            let bad = |e: String| setup(format!("{}: not a PEM certificate: {e}", path.display()));
            tls = tls.add_root_certificate(Certificate::from_pem(pem).map_err(|e| bad(e.to_string()))?);
            use rustls::pki_types::pem::PemObject;
            for cert in rustls::pki_types::CertificateDer::pem_slice_iter(pem) {
                roots.add(cert.map_err(|e| bad(e.to_string()))?).map_err(|e| bad(e.to_string()))?;
            }
        }
        let tls = tls.build_rustls().map_err(|e| setup(format!("TLS set-up failed: {e}")))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let rustls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| setup(format!("TLS set-up failed: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Self {
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
            tls,
            rustls: Arc::new(rustls),
            credentials: settings.user.clone().zip(password).map(|(u, p)| Credentials::new(u, p)),
            hello: ClientId::default(),
            timeout: Duration::from_secs(u64::from(settings.timeout_secs)),
        })
    }

    /// Opens an authenticated session; a server that does not answer in time is a transient
    /// failure, whatever step it stalls at.
    pub async fn connect(&self) -> std::result::Result<AsyncSmtpConnection, SendError> {
        tokio::time::timeout(self.timeout, self.open()).await.map_err(|_| {
            SendError::network(
                "timeout",
                format!("the server did not complete the connection within {} s", self.timeout.as_secs()),
            )
        })?
    }

    async fn open(&self) -> std::result::Result<AsyncSmtpConnection, SendError> {
        let tcp = TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(|e| SendError::network("Connection error", e))?;
        tcp.set_nodelay(true).map_err(|e| SendError::network("Connection error", e))?;
        let mut conn = match self.security {
            Security::Tls => {
                let name = rustls::pki_types::ServerName::try_from(self.host.clone()).map_err(|e| SendError {
                    message: format!("invalid server name {}: {e}", self.host),
                    transient: false,
                    failure: SmtpFailure::Setup,
                })?;
                let connector = tokio_rustls::TlsConnector::from(self.rustls.clone());
                let stream = connector.connect(name, tcp).await.map_err(|e| SendError::network("TLS error", e))?;
                AsyncSmtpConnection::connect_with_transport(Box::new(TlsTcp(stream)), &self.hello).await?
            }
            Security::Starttls => {
                let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello).await?;
                if !conn.can_starttls() {
                    return Err(SendError {
                        message: "the server does not offer STARTTLS".into(),
                        transient: false,
                        failure: SmtpFailure::Rejected,
                    });
                }
                conn.starttls(self.tls.clone(), &self.hello).await?;
                conn
            }
            Security::None => AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello).await?,
        };
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await.map_err(|e| {
                let mut error = SendError::from(e);
                // A refusal here is the login's; a lost connection stays a connection problem.
                if error.failure == SmtpFailure::Rejected {
                    error.failure = SmtpFailure::Auth;
                }
                error
            })?;
        }
        Ok(conn)
    }
}

/// An implicit-TLS stream lettre can drive.
#[derive(Debug)]
struct TlsTcp(tokio_rustls::client::TlsStream<TcpStream>);

impl AsyncTokioStream for TlsTcp {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl AsyncRead for TlsTcp {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsTcp {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
