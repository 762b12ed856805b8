//! `smtp`, `email`, `outbox`: the firm's mail server and the emails Vigie sends.

use crate::Context;
use crate::args::{EmailCommand, OutboxCommand, SmtpCommand, TemplatesCommand};
use serde_json::json;
use std::fmt::Write;
use std::io::BufRead;
use vigie::Error;
use vigie::app::smtp::{PasswordState, SmtpChanges, SmtpView};
use vigie::email::{header, outbox, templates::Templates};

/// A single-threaded runtime for the commands that talk to the network.
fn runtime() -> vigie::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("cannot start the network runtime: {e}")))
}

pub fn smtp(ctx: &mut Context, cmd: SmtpCommand) -> vigie::Result<()> {
    match cmd {
        SmtpCommand::Set {
            host,
            port,
            user,
            from_email,
            from_name,
            security,
            preset,
            password_stdin,
            ca_file,
            allow_cleartext_password,
            cabinet: name,
        } => {
            // The engine refuses these too; here the message names the flag given.
            let options =
                [("--host", &host), ("--user", &user), ("--from-email", &from_email), ("--from-name", &from_name)];
            for (option, value) in options {
                if let Some(value) = value
                    && let Some(problem) = header::single_line_problem(value)
                {
                    return Err(Error::InvalidInput(format!(
                        "{option} \"{}\" {problem}: give it on one line, without control characters",
                        header::visible(value)
                    )));
                }
            }
            let password = if password_stdin { Some(read_password()?) } else { None };
            let changes = SmtpChanges {
                preset,
                host,
                port,
                user,
                from_email,
                from_name,
                security,
                ca_file,
                allow_cleartext_password,
            };
            let view = ctx.vigie.set_smtp(name.as_deref(), changes, password.as_deref())?;
            show(ctx, &view);
        }
        SmtpCommand::Show { cabinet: name } => show(ctx, &ctx.vigie.smtp(name.as_deref())?),
    }
    Ok(())
}

/// The password, one line on standard input.
fn read_password() -> vigie::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
    let secret = line.trim_end_matches(['\r', '\n']);
    if secret.is_empty() {
        return Err(Error::InvalidInput("--password-stdin: standard input held no password".into()));
    }
    Ok(secret.to_string())
}

fn show(ctx: &Context, view: &SmtpView) {
    let s = &view.settings;
    let password = match &view.password {
        PasswordState::NoLogin => "(no authentication)".to_string(),
        PasswordState::Stored => "********".into(),
        PasswordState::Missing => "(not set)".into(),
        PasswordState::Unknown { reason } => format!("(unknown: {reason})"),
    };
    let value = json!({
        "cabinet": view.cabinet.name, "host": s.host, "port": s.port, "security": s.security, "user": s.user,
        "password": password, "from_email": s.from_email, "from_name": s.from_name, "ca_file": s.ca_file,
    });
    ctx.print(&value, || {
        format!(
            "serveur      {}:{} ({})\nidentifiant  {}\nmot de passe {password}\nexpéditeur   {} <{}>\nautorité     {}",
            s.host,
            s.port,
            s.security.as_str(),
            s.user.as_deref().unwrap_or("—"),
            s.from_name,
            s.from_email,
            s.ca_file.as_ref().map_or("certificats du système".to_string(), |p| p.display().to_string())
        )
    });
}

pub fn email(ctx: &mut Context, cmd: EmailCommand) -> vigie::Result<()> {
    let templates = Templates::for_data_dir(&ctx.data_dir);
    match cmd {
        EmailCommand::Test { to, template, cabinet: name } => {
            let settings = runtime()?.block_on(ctx.vigie.send_test_email(name.as_deref(), &to, template.as_deref()))?;
            ctx.print(&json!({ "sent": true, "to": to }), || {
                format!("E-mail de test envoyé à {to} par {}.", settings.host)
            });
        }
        EmailCommand::Templates(TemplatesCommand::Check) => {
            let problems = templates.check(&vigie::email::sample_context());
            if !problems.is_empty() {
                return Err(Error::Template(problems.join("\n")));
            }
            let names = templates.names();
            ctx.print(&json!({ "ok": true, "templates": names }), || {
                format!("{} modèles vérifiés : {}", names.len(), names.join(", "))
            });
        }
        EmailCommand::Templates(TemplatesCommand::List) => {
            let names = templates.names();
            ctx.print(&names, || names.join("\n"));
        }
    }
    Ok(())
}

pub fn outbox(ctx: &mut Context, cmd: OutboxCommand) -> vigie::Result<()> {
    match cmd {
        OutboxCommand::Send => {
            let report = runtime()?.block_on(ctx.vigie.send_outbox())?;
            ctx.print(&report, || {
                format!("envoyés {}, à réessayer {}, en échec {}", report.sent, report.retried, report.failed)
            });
        }
        OutboxCommand::List { status, cabinet: name, limit } => {
            let status = match status.as_deref() {
                None => None,
                Some(text) => Some(outbox::OutboxStatus::parse(text).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "\"{text}\" is not an outbox status (expected {})",
                        outbox::OutboxStatus::expected()
                    ))
                })?),
            };
            let rows = ctx.vigie.outbox(name.as_deref(), status, limit)?;
            ctx.print(&rows, || {
                let mut text = String::new();
                for r in &rows {
                    writeln!(text, "{:>6}  {:<7}  {:<32}  {}", r.id, r.status.as_str(), r.to, r.subject).unwrap();
                    if let Some(e) = &r.last_error {
                        writeln!(text, "        tentative {} : {e}", r.attempts).unwrap();
                    }
                }
                text
            });
        }
        OutboxCommand::Retry { id, cabinet: name } => {
            ctx.vigie.retry_email(id, name.as_deref())?;
            ctx.print(&json!({ "id": id, "status": "queued" }), || format!("E-mail {id} remis en file."));
        }
        OutboxCommand::Purge { sent_before, cabinet: name } => {
            let n = ctx.vigie.purge_sent_emails(sent_before, name.as_deref())?;
            ctx.print(&json!({ "deleted": n }), || format!("{n} e-mail(s) envoyé(s) supprimé(s)."));
        }
    }
    Ok(())
}
