//! `cabinet`, `import`, `demo`, `settings`, `staff`: the firm's data and configuration.

use crate::Context;
use crate::args::{CabinetCommand, DemoArgs, ImportArgs, SettingsCommand, StaffCommand};
use serde_json::json;
use std::fmt::Write;
use vigie::app::import::{ImportRequest, Imported};
use vigie::app::inbox::UserRef;

pub fn cabinet(ctx: &mut Context, cmd: CabinetCommand) -> vigie::Result<()> {
    match cmd {
        CabinetCommand::Add { name, timezone } => {
            let c = ctx.vigie.add_cabinet(&name, timezone.as_deref())?;
            ctx.print(&c, || format!("Cabinet « {} » créé ({}).", c.name, c.timezone));
        }
        CabinetCommand::List => {
            let all = ctx.vigie.list_cabinets()?;
            ctx.print(&all, || {
                let mut text = String::new();
                for c in &all {
                    writeln!(text, "{:<30} {}", c.name, c.timezone).unwrap();
                }
                text
            });
        }
    }
    Ok(())
}

pub fn import(ctx: &mut Context, args: ImportArgs) -> vigie::Result<()> {
    let kind = args.kind;
    let request = ImportRequest { file: &args.file, kind, skip_invalid: args.skip_invalid, welcome: !args.no_welcome };
    let Imported { report, welcome, calendar } = ctx.vigie.import(args.cabinet.as_deref(), &request)?;
    for warning in &report.warnings {
        crate::output::err(format_args!("warning: {warning}"));
    }
    for skipped in &report.skipped {
        crate::output::err(format_args!("skipped: {skipped}"));
    }
    let queued = welcome?;
    if queued > 0 {
        crate::output::err(format_args!("{queued} e-mail(s) de bienvenue mis en file (vigie outbox send)"));
    }
    ctx.print(&report, || {
        let mut line = format!(
            "{} : {} créé(s), {} mis à jour, {} ignoré(s).",
            kind.as_str(),
            report.created,
            report.updated,
            report.skipped.len()
        );
        if report.alerts.notifications > 0 {
            line.push_str(&format!(" {} alerte(s) arrêtée(s) : faites ou reçues.", report.alerts.notifications));
        }
        if let Some(g) = calendar.as_ref().filter(|g| g.created + g.updated + g.removed > 0) {
            line.push_str(&format!(
                "\nCalendrier fiscal : {} échéance(s) créée(s), {} recalculée(s), {} retirée(s).",
                g.created, g.updated, g.removed
            ));
        }
        line
    });
    Ok(())
}

pub fn demo(ctx: &mut Context, args: DemoArgs) -> vigie::Result<()> {
    let Some(report) = ctx.vigie.seed_demo(&args.cabinet, args.if_empty)? else {
        ctx.print(&json!({ "seeded": false }), || "Le stockage contient déjà des données ; démo non créée.".into());
        return Ok(());
    };
    ctx.print(&report, || {
        format!(
            "Cabinet « {} » : {} collaborateurs, {} clients, {} échéances, {} demandes de documents, {} tâches, {} événements.",
            report.cabinet, report.staff, report.clients, report.deadlines, report.documents, report.tasks, report.events
        )
    });
    Ok(())
}

pub fn settings(ctx: &mut Context, cmd: SettingsCommand) -> vigie::Result<()> {
    match cmd {
        SettingsCommand::List { cabinet: name } => {
            let (_, all) = ctx.vigie.settings(name.as_deref())?;
            ctx.print(&all, || {
                let mut text = String::new();
                for s in &all {
                    writeln!(text, "{:<30} {:<10} (défaut {}) {}", s.key, s.value, s.default, s.description).unwrap();
                }
                text
            });
        }
        SettingsCommand::Get { key, cabinet: name } => {
            let value = ctx.vigie.setting(name.as_deref(), &key)?;
            ctx.print(&json!({ "key": key, "value": value }), || value.clone());
        }
        SettingsCommand::Set { key, value, cabinet: name } => {
            ctx.vigie.set_setting(name.as_deref(), &key, &value)?;
            ctx.print(&json!({ "key": key, "value": value }), || format!("{key} = {value}"));
        }
    }
    Ok(())
}

pub fn staff(ctx: &mut Context, cmd: StaffCommand) -> vigie::Result<()> {
    let name = match cmd {
        StaffCommand::List { cabinet } => cabinet,
        StaffCommand::Channels { user, kind, email, popup } => return channels(ctx, user, kind, email, popup),
        StaffCommand::Quiet { user, from, until, none } => {
            return crate::workstation::quiet(ctx, user, from.zip(until), none);
        }
    };
    let (_, all) = ctx.vigie.staff(name.as_deref())?;
    ctx.print(&all, || {
        let mut text = String::new();
        for s in &all {
            let state = if s.active { "" } else { " (inactif)" };
            writeln!(text, "{:<28} {:<36} {}{state}", s.name, s.email, s.role).unwrap();
        }
        text
    });
    Ok(())
}

fn channels(
    ctx: &mut Context,
    user: crate::args::UserArgs,
    kind: Option<String>,
    email: Option<bool>,
    popup: Option<bool>,
) -> vigie::Result<()> {
    let user = UserRef { email: user.user, cabinet: user.cabinet };
    let all = match kind {
        Some(kind) => ctx.vigie.set_channels(&user, &kind, email, popup)?,
        None if email.is_some() || popup.is_some() => {
            return Err(vigie::Error::InvalidInput("say which kind with --kind KIND".into()));
        }
        None => ctx.vigie.channels(&user)?,
    };
    let on = |b: bool| if b { "oui" } else { "non" };
    ctx.print(&all, || {
        let mut text = format!("{:<22} {:<7} {}\n", "type", "e-mail", "pop-up");
        for c in &all {
            writeln!(text, "{:<22} {:<7} {}", c.kind, on(c.email), on(c.popup)).unwrap();
        }
        text
    });
    Ok(())
}
