//! `calendar`: the fiscal calendar (generate, show, rules, a client's own dates and kinds, ICS).

use crate::Context;
use crate::args::CalendarCommand;
use std::fmt::Write;
use vigie::app::calendar::IcsRequest;
use vigie::firm::words;
use vigie::fiscal::generate::Generation;

pub fn run(ctx: &Context, cmd: CalendarCommand) -> vigie::Result<()> {
    match cmd {
        CalendarCommand::Generate { cabinet, from, months } => {
            let g = ctx.vigie.generate_calendar(cabinet.as_deref(), from, months)?;
            ctx.print(&g, || generation(&g, true));
        }
        CalendarCommand::Show { client, year, cabinet } => {
            let id = ctx.vigie.find_client(cabinet.as_deref(), &client)?;
            let c = ctx.vigie.client_calendar(cabinet.as_deref(), id, year)?;
            ctx.print(&c, || {
                let mut text = format!("{} — obligations {}\n", c.client.name, c.year);
                for o in &c.obligations {
                    let date = o.override_date.unwrap_or(o.rule_date);
                    let mut state = match &o.deadline {
                        _ if o.off => "désactivée pour ce client".to_string(),
                        Some(d) if !d.generated => format!("échéance du cabinet : {}", d.due_date.format("%d/%m/%Y")),
                        Some(d) => words::deadline_status(d.status).to_lowercase(),
                        None => "pas encore générée".to_string(),
                    };
                    if o.override_date.is_some() {
                        state.push_str(&format!(" ; date du client (règle : {})", o.rule_date.format("%d/%m/%Y")));
                    }
                    if o.legal_date != o.rule_date {
                        state.push_str(&format!(" ; date légale {}", o.legal_date.format("%d/%m/%Y")));
                    }
                    let _ = writeln!(text, "{}  {:<44} {}", date.format("%d/%m/%Y"), o.label, state);
                    let _ = writeln!(text, "            règle {} — {}", o.rule, o.source);
                }
                if c.obligations.is_empty() {
                    text.push_str("Aucune obligation générée cette année.\n");
                }
                if !c.missing.is_empty() {
                    text.push_str("\nÀ compléter sur la fiche du client :\n");
                    for m in &c.missing {
                        let _ = writeln!(text, "  {} ({}) : {}", m.attribute, m.kind, m.why);
                    }
                }
                for w in &c.warnings {
                    let _ = writeln!(text, "Attention : {w}");
                }
                text
            });
        }
        CalendarCommand::Rules { file: Some(year) } => {
            let text = ctx.vigie.calendar_rule_file(year)?;
            ctx.print(&text, || text.to_string());
        }
        CalendarCommand::Rules { file: None } => {
            let rules = ctx.vigie.calendar_rules()?;
            ctx.print(&rules, || {
                let mut text = String::new();
                for r in &rules {
                    let years: Vec<String> = r.years.iter().map(ToString::to_string).collect();
                    let _ = writeln!(text, "{} ({}) — {}", r.name, r.id, years.join(", "));
                    let _ = writeln!(text, "  {}", r.summary);
                    let _ = writeln!(text, "  Source : {}", r.source);
                }
                text
            });
        }
        CalendarCommand::Date { client, kind, period, date, rule: _, cabinet } => {
            let id = ctx.vigie.find_client(cabinet.as_deref(), &client)?;
            let g = ctx.vigie.set_obligation_date(cabinet.as_deref(), id, &kind, &period, date.as_deref())?;
            ctx.print(&g, || generation(&g, false));
        }
        CalendarCommand::Off { client, kind, cabinet } => switch(ctx, &client, &kind, cabinet.as_deref(), false)?,
        CalendarCommand::On { client, kind, cabinet } => switch(ctx, &client, &kind, cabinet.as_deref(), true)?,
        CalendarCommand::Ics { output, user, from, months, with_done, cabinet } => {
            let request = IcsRequest { person: user, from, months, with_done };
            let file = ctx.vigie.deadlines_ics(cabinet.as_deref(), &request)?;
            match output {
                Some(path) => {
                    vigie::firm::export::write_private(&path, &file.bytes)?;
                    crate::output::err(format_args!("{} échéance(s) écrite(s) dans {}", file.rows, path.display()));
                }
                None => crate::output::bytes(&file.bytes),
            }
        }
    }
    Ok(())
}

/// Turns a kind off or back on for a client.
fn switch(ctx: &Context, client: &str, kind: &str, cabinet: Option<&str>, on: bool) -> vigie::Result<()> {
    let id = ctx.vigie.find_client(cabinet, client)?;
    let g = ctx.vigie.set_obligation_kind(cabinet, id, kind, on)?;
    ctx.print(&g, || generation(&g, false));
    Ok(())
}

/// What a generation did, in French.
fn generation(g: &Generation, with_missing: bool) -> String {
    let mut text = format!(
        "{} client(s) : {} échéance(s) créée(s), {} recalculée(s), {} retirée(s), {} inchangée(s), {} laissée(s) au cabinet.",
        g.clients, g.created, g.updated, g.removed, g.unchanged, g.kept
    );
    if g.adopted > 0 {
        let _ = write!(text, " {} échéance(s) déjà saisie(s) reconnue(s).", g.adopted);
    }
    if with_missing && !g.missing.is_empty() {
        let _ = write!(
            text,
            "\n{} client(s) sans certaines informations (vigie calendar show --client SIREN) :",
            g.missing.len()
        );
        for c in g.missing.iter().take(20) {
            let attributes: std::collections::BTreeSet<&str> = c.missing.iter().map(|m| m.attribute.as_str()).collect();
            let _ = write!(text, "\n  {} : {}", c.client.name, attributes.into_iter().collect::<Vec<_>>().join(", "));
        }
        if g.missing.len() > 20 {
            let _ = write!(text, "\n  … et {} autre(s)", g.missing.len() - 20);
        }
    }
    for w in &g.warnings {
        let _ = write!(text, "\nAttention : {w}");
    }
    text
}
