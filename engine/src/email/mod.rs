//! Email: templates, the SMTP server, the durable outbox, and the emails Vigie sends (alerts
//! after a check, the weekly digest, welcome and test messages).

pub mod alerts;
pub mod channels;
pub mod connect;
pub mod digest;
pub mod header;
pub mod items;
pub mod outbox;
pub mod password;
mod route;
pub mod smtp;
pub mod templates;
pub mod welcome;
pub mod worker;

use crate::cabinet::Cabinet;
use crate::french;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The override folder for templates inside a data folder.
pub fn templates_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("templates").join("emails")
}

/// The variables every template gets.
pub fn base_context(cabinet: &Cabinet, recipient_name: &str, recipient_email: &str, today: NaiveDate) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("cabinet", &cabinet.name);
    context.insert("recipient_name", recipient_name);
    context.insert("recipient_email", recipient_email);
    context.insert("sent_on", &french::long_date(today));
    context
}

/// Sample data covering every variable of the built-in templates (`vigie email templates check`).
pub fn sample_context() -> tera::Context {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date");
    let mut context = tera::Context::new();
    context.insert("cabinet", "Cabinet Exemple");
    context.insert("recipient_name", "Claire Moreau");
    context.insert("recipient_email", "claire.moreau@example.fr");
    context.insert("sent_on", &french::long_date(today));
    context.insert("role", "expert");
    context.insert("smtp_host", "smtp.example.fr");
    context.insert("horizon_days", &7);
    context.insert("week_of", &french::long_date(today));
    let later = today + chrono::Days::new(2);
    let items = vec![
        items::deadline("SARL Dupont".into(), "TVA CA3 de novembre".into(), later, today),
        items::document("SCI Les Tilleuls".into(), "Relevés bancaires".into(), today, later, today),
    ];
    context.insert("items", &items);
    context.insert("more", &0);
    context.insert("total", &items.len());
    context.insert("deadlines", &items);
    context.insert("documents", &items);
    context.insert("tasks", &items);
    context.insert("unread", &vec!["Échéance demain : DSN — SARL Dupont"]);
    context.insert("unread_count", &3);
    for section in ["deadlines", "documents", "tasks"] {
        context.insert(format!("{section}_total"), &items.len());
    }
    context.insert("summary", &vec!["2 échéances", "3 alertes non lues"]);
    context
}
