//! `notifications …`: a staff member's inbox.

use crate::Context;
use crate::args::{NotificationsCommand, UserArgs};
use serde_json::json;
use std::fmt::Write;
use vigie::app::inbox::UserRef;
use vigie::inbox::Filter;

fn user(args: UserArgs) -> UserRef {
    UserRef { email: args.user, cabinet: args.cabinet }
}

pub fn run(ctx: &mut Context, cmd: NotificationsCommand) -> vigie::Result<()> {
    match cmd {
        NotificationsCommand::List { user: u, unread, kind: k, limit } => {
            let filter = Filter { unread_only: unread, kind: k, limit, before_id: None };
            let page = ctx.vigie.notifications(&user(u), &filter)?;
            let list = &page.notifications;
            ctx.print(list, || {
                let mut text = String::new();
                if list.is_empty() {
                    text.push_str("Aucune notification.");
                }
                for n in list {
                    let local = n.created_at.with_timezone(&page.cabinet.timezone).format("%d/%m/%Y %H:%M");
                    let mark = if n.read { ' ' } else { '*' };
                    writeln!(text, "{mark} {:>6}  {local}  {:<20}  {}", n.id, n.kind.as_str(), n.title).unwrap();
                    writeln!(text, "          {}", n.body).unwrap();
                }
                text
            });
        }
        NotificationsCommand::Read { id, user: u } => {
            ctx.vigie.mark_read(&user(u), id)?;
            ctx.print(&json!({ "id": id, "read": true }), || format!("Notification {id} lue."));
        }
        NotificationsCommand::ReadAll { user: u } => {
            let n = ctx.vigie.mark_all_read(&user(u))?;
            ctx.print(&json!({ "marked_read": n }), || format!("{n} notification(s) marquée(s) comme lue(s)."));
        }
        NotificationsCommand::UnreadCount { user: u } => {
            let n = ctx.vigie.unread_count(&user(u))?;
            ctx.print(&json!({ "unread_count": n }), || n.to_string());
        }
    }
    Ok(())
}
