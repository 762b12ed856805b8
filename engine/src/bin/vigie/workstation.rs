//! `workstation` and `staff quiet`: this computer's user, and a person's quiet hours.

use crate::Context;
use crate::args::{UserArgs, WorkstationArgs};
use serde_json::json;
use vigie::app::inbox::UserRef;
use vigie::quiet::{self, QuietHours};

pub fn run(ctx: &mut Context, args: WorkstationArgs) -> vigie::Result<()> {
    if args.clear {
        ctx.vigie.clear_workstation()?;
        ctx.print(&json!({ "workstation": null }), || "Ce poste n'a plus d'utilisateur.".into());
        return Ok(());
    }
    let user = match args.user {
        Some(email) => Some(ctx.vigie.set_workstation(&email, args.cabinet.as_deref())?),
        None => ctx.vigie.workstation()?,
    };
    ctx.print(&json!({ "workstation": user }), || match &user {
        Some(w) => {
            let demo = if w.demo { " (démo)" } else { "" };
            format!(
                "Utilisateur du poste : {} <{}>, cabinet « {} »{demo}.",
                w.member.name, w.member.email, w.cabinet.name
            )
        }
        None => "Ce poste n'a pas d'utilisateur.".into(),
    });
    Ok(())
}

pub fn quiet(ctx: &mut Context, user: UserArgs, span: Option<(String, String)>, none: bool) -> vigie::Result<()> {
    let user = UserRef { email: user.user, cabinet: user.cabinet };
    let hours = match span {
        Some((from, until)) => {
            let hours = QuietHours::new(quiet::parse_time(&from)?, quiet::parse_time(&until)?)?;
            ctx.vigie.set_quiet_hours(&user, Some(hours))?
        }
        None if none => ctx.vigie.set_quiet_hours(&user, None)?,
        None => ctx.vigie.quiet_hours(&user)?,
    };
    ctx.print(&json!({ "quiet_hours": hours }), || match hours {
        Some(h) => format!("Heures calmes : de {} à {}.", h.from.format("%H:%M"), h.until.format("%H:%M")),
        None => "Pas d'heures calmes.".into(),
    });
    Ok(())
}
