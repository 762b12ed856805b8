//! `smtp`, `email`, `outbox`: the firm's mail server and the emails Vigie sends.

use crate::Context;
use crate::args::{EmailCommand, OutboxCommand, SmtpCommand, TemplatesCommand};
use serde_json::json;
use std::fmt::Write;
use std::io::BufRead;
use vigie::Error;
use vigie::cabinet;
use vigie::email::smtp::{self, Security, SmtpSettings};
use vigie::email::{header, outbox, password, templates::Templates};

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
            // These go into email headers and SMTP commands: one line each, named if not.
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
            let c = cabinet::resolve(&ctx.store(), name.as_deref())?;
            let current = SmtpSettings::load(&ctx.store(), c.id).map_err(|e| match e {
                // A stored value this command cannot start from: say how to replace it.
                Error::InvalidSetting { ref key, .. } => {
                    Error::InvalidInput(format!("{e}; replace it first with `vigie settings set {key} VALUE`"))
                }
                e => e,
            })?;
            let preset = match preset.as_deref() {
                Some(p) => Some(smtp::preset(p).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "unknown preset \"{p}\" (expected gmail, outlook, sendgrid, mailgun or ses:REGION)"
                    ))
                })?),
                None => None,
            };
            let host = host
                .or_else(|| preset.as_ref().map(|p| p.0.clone()))
                .or_else(|| current.as_ref().map(|s| s.host.clone()))
                .ok_or_else(|| Error::InvalidInput("give --host HOST or --preset NAME".into()))?;
            let security = security
                .or(preset.as_ref().map(|p| p.2))
                .or(current.as_ref().map(|s| s.security))
                .unwrap_or(Security::Starttls);
            let default_port = match security {
                Security::Tls => 465,
                Security::Starttls => 587,
                Security::None => 25,
            };
            // `--user ""` turns authentication off; no --user keeps the current login.
            let user = user.or_else(|| current.as_ref().and_then(|s| s.user.clone())).filter(|u| !u.is_empty());
            let settings = SmtpSettings {
                // A new --security without --port takes that security's usual port.
                port: port
                    .or(preset.as_ref().map(|p| p.1))
                    .or(current.as_ref().filter(|s| s.security == security).map(|s| s.port))
                    .unwrap_or(default_port),
                security,
                from_email: from_email
                    .or_else(|| current.as_ref().map(|s| s.from_email.clone()))
                    .or_else(|| user.clone())
                    .ok_or_else(|| Error::InvalidInput("give --from-email ADDRESS".into()))?,
                from_name: from_name
                    .or_else(|| current.as_ref().map(|s| s.from_name.clone()))
                    .unwrap_or_else(|| "Vigie".into()),
                ca_file: ca_file
                    .or_else(|| current.as_ref().and_then(|s| s.ca_file.clone()))
                    .filter(|p| !p.as_os_str().is_empty()),
                timeout_secs: current.as_ref().map_or(30, |s| s.timeout_secs),
                // Asked for by each command that needs it, never carried over silently.
                allow_cleartext_password,
                user,
                host,
            };
            settings.check_cleartext_login()?;
            if let Some(ca) = &settings.ca_file
                && !ca.is_file()
            {
                return Err(Error::InvalidInput(format!("{}: no such certificate file", ca.display())));
            }
            // Read and store the password first: a keyring failure leaves the old settings intact.
            if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
                let secret = line.trim_end_matches(['\r', '\n']);
                if secret.is_empty() {
                    return Err(Error::InvalidInput("--password-stdin: standard input held no password".into()));
                }
                if settings.user.is_none() {
                    return Err(Error::InvalidInput("a password needs a login: give --user".into()));
                }
                password::set(&c, &settings, secret)?;
            }
            settings.save(&ctx.store(), c.id)?;
            show(ctx, &c, &settings)
        }
        SmtpCommand::Show { cabinet: name } => {
            let c = cabinet::resolve(&ctx.store(), name.as_deref())?;
            let settings = SmtpSettings::require(&ctx.store(), &c)?;
            show(ctx, &c, &settings)
        }
    }
}

fn show(ctx: &Context, c: &cabinet::Cabinet, s: &SmtpSettings) -> vigie::Result<()> {
    let password = match &s.user {
        None => "(no authentication)".to_string(),
        Some(_) => match password::is_set(&ctx.store(), c, s) {
            Ok(true) => "********".into(),
            Ok(false) => "(not set)".into(),
            Err(e) => format!("(unknown: {e})"),
        },
    };
    let value = json!({
        "cabinet": c.name, "host": s.host, "port": s.port, "security": s.security, "user": s.user,
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
    Ok(())
}

pub fn email(ctx: &mut Context, cmd: EmailCommand) -> vigie::Result<()> {
    let templates = Templates::for_data_dir(&ctx.data_dir);
    match cmd {
        EmailCommand::Test { to, template, cabinet: name } => {
            let c = cabinet::resolve(&ctx.store(), name.as_deref())?;
            let settings = SmtpSettings::require(&ctx.store(), &c)?;
            let today = c.today(ctx.clock.as_ref());
            let rendered = match template.as_deref() {
                None | Some("test") => vigie::email::welcome::test_message(&c, &settings, &templates, &to, today)?,
                Some(name) => {
                    if !templates.names().iter().any(|n| n == name) {
                        return Err(Error::Template(format!(
                            "no template \"{name}\" (see `vigie email templates list`)"
                        )));
                    }
                    let mut context = vigie::email::sample_context();
                    context.extend(vigie::email::base_context(&c, &to, &to, today));
                    context.insert("smtp_host", &settings.host);
                    templates.render(name, &context)?
                }
            };
            runtime()?.block_on(outbox::send_now(&ctx.store(), &settings, &c, &to, &rendered))?;
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
            let report = runtime()?.block_on(outbox::send_due(ctx.vigie.store_path(), ctx.clock.as_ref()))?;
            ctx.print(&report, || {
                format!("envoyés {}, à réessayer {}, en échec {}", report.sent, report.retried, report.failed)
            });
        }
        OutboxCommand::List { status, cabinet: name, limit } => {
            let cabinet_id = match name {
                Some(n) => Some(cabinet::resolve(&ctx.store(), Some(n.as_str()))?.id),
                None => None,
            };
            let status = match status.as_deref() {
                None => None,
                Some(text) => Some(outbox::OutboxStatus::parse(text).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "\"{text}\" is not an outbox status (expected {})",
                        outbox::OutboxStatus::expected()
                    ))
                })?),
            };
            let rows = outbox::list(&ctx.store(), status, cabinet_id, limit)?;
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
            let cabinet_id = match name {
                Some(n) => Some(cabinet::resolve(&ctx.store(), Some(n.as_str()))?.id),
                None => None,
            };
            outbox::retry(&ctx.store(), id, cabinet_id, ctx.clock.now())?;
            ctx.print(&json!({ "id": id, "status": "queued" }), || format!("E-mail {id} remis en file."));
        }
        OutboxCommand::Purge { sent_before, cabinet: name } => {
            let midnight = sent_before.and_time(chrono::NaiveTime::MIN);
            // The cabinet's midnight when one is named; UTC midnight across cabinets.
            let (cabinet_id, before) = match name {
                Some(n) => {
                    let c = cabinet::resolve(&ctx.store(), Some(n.as_str()))?;
                    (Some(c.id), c.local_to_utc(midnight))
                }
                None => (None, midnight.and_utc()),
            };
            let n = outbox::purge_sent(&ctx.store(), cabinet_id, before)?;
            ctx.print(&json!({ "deleted": n }), || format!("{n} e-mail(s) envoyé(s) supprimé(s)."));
        }
    }
    Ok(())
}
