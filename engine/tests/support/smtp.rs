//! A real SMTP server (aiosmtpd) started on loopback by a test, with a test certificate
//! authority, and what it received parsed by a real MIME parser.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A test certificate authority and a server certificate it signed for 127.0.0.1/localhost.
pub struct TestCa {
    pub dir: tempfile::TempDir,
}

impl TestCa {
    pub fn new() -> Self {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let dir = tempfile::tempdir().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "Vigie Test CA");
        let ca_key = KeyPair::generate().unwrap();
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, "localhost");
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &ca, &ca_key).unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        std::fs::write(dir.path().join("server.pem"), cert.pem()).unwrap();
        std::fs::write(dir.path().join("server.key"), key.serialize_pem()).unwrap();
        Self { dir }
    }

    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plain,
    Starttls,
    Tls,
}

/// Options of a server.
#[derive(Clone, Default)]
pub struct Options {
    pub login: Option<(String, String)>,
    pub port: Option<u16>,
    pub delay_ms: u32,
    pub reject_prefix: Option<String>,
}

/// A running aiosmtpd; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub out: PathBuf,
    _out_dir: Option<tempfile::TempDir>,
}

impl SmtpServer {
    pub fn start(mode: Mode, ca: Option<&TestCa>, options: &Options) -> Self {
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().to_path_buf();
        Self::start_into(mode, ca, options, out, Some(out_dir))
    }

    /// Starts a server that records into `out` (to keep recording across a restart).
    pub fn start_into(
        mode: Mode,
        ca: Option<&TestCa>,
        options: &Options,
        out: PathBuf,
        keep: Option<tempfile::TempDir>,
    ) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut cmd = Command::new("python3");
        cmd.arg(script).arg("--out").arg(&out).arg("--mode").arg(match mode {
            Mode::Plain => "plain",
            Mode::Starttls => "starttls",
            Mode::Tls => "tls",
        });
        if let Some(ca) = ca {
            cmd.arg("--cert").arg(ca.dir.path().join("server.pem"));
            cmd.arg("--key").arg(ca.dir.path().join("server.key"));
        }
        if let Some((user, password)) = &options.login {
            cmd.args(["--user", user, "--password", password]);
        }
        if let Some(port) = options.port {
            cmd.args(["--port", &port.to_string()]);
        }
        if options.delay_ms > 0 {
            cmd.args(["--delay-ms", &options.delay_ms.to_string()]);
        }
        if let Some(prefix) = &options.reject_prefix {
            cmd.args(["--reject-prefix", prefix]);
        }
        let mut child =
            cmd.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("python3 runs (bash .ci/install)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("SMTP server did not start (is aiosmtpd installed? bash .ci/install): {line:?}"));
        Self { child, port, out, _out_dir: keep }
    }

    /// The raw messages received so far, in order, with their envelope.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.out)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|json| Received {
                envelope: serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap(),
                raw: std::fs::read(json.with_extension("eml")).unwrap(),
            })
            .collect()
    }

    fn kill(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One message as the server received it.
pub struct Received {
    pub envelope: serde_json::Value,
    pub raw: Vec<u8>,
}

/// What a mail client would show of a message.
#[derive(Debug)]
pub struct Parsed {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    /// Content types of the parts, e.g. ["multipart/alternative", "text/plain", "text/html"].
    pub parts: Vec<String>,
}

impl Received {
    pub fn parse(&self) -> Parsed {
        use mail_parser::MimeHeaders;
        let msg = mail_parser::MessageParser::default().parse(&self.raw).expect("a MIME message");
        let address = |a: Option<&mail_parser::Address>| {
            a.and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string()
        };
        let parts = msg
            .parts
            .iter()
            .map(|p| {
                let ct = p.content_type().expect("every part has a content type");
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default())
            })
            .collect();
        let part_text = |ids: &[u32]| {
            ids.first().and_then(|&i| msg.part(i)).and_then(|p| p.text_contents()).unwrap_or_default().to_string()
        };
        Parsed {
            from: address(msg.from()),
            to: address(msg.to()),
            subject: msg.subject().unwrap_or_default().to_string(),
            message_id: msg.message_id().unwrap_or_default().to_string(),
            text: part_text(&msg.text_body),
            html: part_text(&msg.html_body),
            parts,
        }
    }
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
