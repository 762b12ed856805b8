//! `notifications …`: a staff member's inbox.

use crate::Context;
use crate::args::{NotificationsCommand, UserArgs};
use serde_json::json;
use std::fmt::Write;
use vigie::inbox::{self, Filter};
use vigie::staff::{self, StaffMember};
use vigie::store::instant_text;

fn user(ctx: &Context, args: &UserArgs) -> vigie::Result<(vigie::cabinet::Cabinet, StaffMember)> {
    staff::find_user(&ctx.store, &args.user, args.cabinet.as_deref())
}

pub fn run(ctx: &mut Context, cmd: NotificationsCommand) -> vigie::Result<()> {
    let now = instant_text(ctx.clock.now());
    match cmd {
        NotificationsCommand::List { user: u, unread, kind: k, limit } => {
            let (cabinet, member) = user(ctx, &u)?;
            let filter = Filter { unread_only: unread, kind: k, limit, before_id: None };
            let list = inbox::list(&ctx.store, &member, &filter)?;
            ctx.print(&list, || {
                let mut text = String::new();
                if list.is_empty() {
                    text.push_str("Aucune notification.");
                }
                for n in &list {
                    let local = n.created_at.with_timezone(&cabinet.timezone).format("%d/%m/%Y %H:%M");
                    let mark = if n.read { ' ' } else { '*' };
                    writeln!(text, "{mark} {:>6}  {local}  {:<20}  {}", n.id, n.kind.as_str(), n.title).unwrap();
                    writeln!(text, "          {}", n.body).unwrap();
                }
                text
            });
        }
        NotificationsCommand::Read { id, user: u } => {
            let (_, member) = user(ctx, &u)?;
            inbox::mark_read(&ctx.store, &member, id, &now)?;
            ctx.print(&json!({ "id": id, "read": true }), || format!("Notification {id} lue."));
        }
        NotificationsCommand::ReadAll { user: u } => {
            let (_, member) = user(ctx, &u)?;
            let n = inbox::mark_all_read(&ctx.store, &member, &now)?;
            ctx.print(&json!({ "marked_read": n }), || format!("{n} notification(s) marquée(s) comme lue(s)."));
        }
        NotificationsCommand::UnreadCount { user: u } => {
            let (_, member) = user(ctx, &u)?;
            let n = inbox::unread_count(&ctx.store, &member)?;
            ctx.print(&json!({ "unread_count": n }), || n.to_string());
        }
    }
    Ok(())
}
