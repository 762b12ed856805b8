//! Benchmark: 1,000 queued emails sent to a real SMTP server (aiosmtpd) on loopback, over the
//! pooled connection. Target: < 5 s. Run with `cargo bench -p vigie-engine --bench outbox`.

// The tests' SMTP server; the benchmark uses part of it.
#[path = "../tests/support/smtp.rs"]
#[allow(dead_code)]
mod smtp;

use std::time::Instant;
use vigie::cabinet;
use vigie::clock::SystemClock;
use vigie::email::outbox::{self, Outgoing};
use vigie::email::smtp::{Security, SmtpSettings};
use vigie::email::templates::Templates;
use vigie::store::Store;

const EMAILS: usize = 1_000;

fn main() {
    for (label, mode) in [("plain", smtp::Mode::Plain), ("starttls", smtp::Mode::Starttls)] {
        let ca = smtp::TestCa::new();
        let server = smtp::SmtpServer::start(mode, Some(&ca), &smtp::Options::default());
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let c = cabinet::add(&store, &SystemClock, "Bench", None).unwrap();
        let settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port: server.port,
            security: if mode == smtp::Mode::Plain { Security::None } else { Security::Starttls },
            user: None,
            from_email: "alertes@bench.fr".into(),
            from_name: "Vigie".into(),
            ca_file: Some(ca.ca_file()),
            timeout_secs: 30,
            allow_cleartext_password: false,
        };
        settings.save(&store, c.id).unwrap();
        let rendered = Templates::builtin().render("echeance_proche", &vigie::email::sample_context()).unwrap();
        let queue_start = Instant::now();
        let tx = store.begin_write().unwrap();
        for i in 0..EMAILS {
            let email = Outgoing {
                recipient_id: None,
                to_email: format!("collab{i}@bench.fr"),
                to_name: format!("Collaborateur {i}"),
                template: "echeance_proche".into(),
                rendered: rendered.clone(),
                dedup_key: None,
                alerts: None,
            };
            outbox::enqueue(&tx, &c, &settings, &email, chrono::Utc::now()).unwrap();
        }
        tx.commit().unwrap();
        let queued = queue_start.elapsed();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let start = Instant::now();
        let report = runtime.block_on(outbox::send_due(&store.path().unwrap(), &SystemClock)).unwrap();
        let elapsed = start.elapsed();
        assert_eq!(report.sent as usize, EMAILS, "{report:?}");
        let received = server.received().len();
        assert_eq!(received, EMAILS);
        let verdict = if elapsed.as_secs_f64() < 5.0 { "OK" } else { "MISSED" };
        println!(
            "outbox {label:<9} queue {EMAILS} in {:>7.1} ms   send {EMAILS} in {:>7.1} ms ({:>6.0} emails/s)   target < 5 s  {verdict}",
            queued.as_secs_f64() * 1e3,
            elapsed.as_secs_f64() * 1e3,
            EMAILS as f64 / elapsed.as_secs_f64()
        );
    }
}
