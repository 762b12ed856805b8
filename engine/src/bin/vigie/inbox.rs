//! `notifications …`: a staff member's inbox.

use crate::Context;
use crate::args::{NotificationsCommand, UserArgs};
use serde_json::json;
use std::fmt::Write;
use vigie::app::inbox::UserRef;
use vigie::inbox::{Filter, Subject, SubjectDetail, TabCounts};

fn user(args: UserArgs) -> UserRef {
    UserRef { email: args.user, cabinet: args.cabinet }
}

pub fn run(ctx: &mut Context, cmd: NotificationsCommand) -> vigie::Result<()> {
    match cmd {
        NotificationsCommand::List { user: u, unread, kind, limit, tab, search, before } => {
            let filter = Filter { tab, search, unread_only: unread, kind, limit, before_id: before };
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
                    let client = n.client.as_deref().map(|c| format!(" — {c}")).unwrap_or_default();
                    writeln!(text, "{mark} {:>6}  {local}  {:<20}  {}{client}", n.id, n.kind.as_str(), n.title)
                        .unwrap();
                    writeln!(text, "          {}", n.body).unwrap();
                }
                text
            });
        }
        NotificationsCommand::Open { id, user: u } => {
            let subject = ctx.vigie.open_notification(&user(u), id)?;
            ctx.print(&subject, || subject_text(&subject));
        }
        NotificationsCommand::Unread { id, user: u } => {
            ctx.vigie.mark_unread(&user(u), id)?;
            ctx.print(&json!({ "id": id, "read": false }), || format!("Notification {id} marquée comme non lue."));
        }
        NotificationsCommand::Snooze { id, until, user: u } => {
            ctx.vigie.snooze(&user(u), id, until)?;
            ctx.print(&json!({ "id": id, "snoozed": true }), || format!("Notification {id} mise en attente."));
        }
        NotificationsCommand::Unsnooze { id, user: u } => {
            ctx.vigie.unsnooze(&user(u), id)?;
            ctx.print(&json!({ "id": id, "snoozed": false }), || format!("Notification {id} de retour."));
        }
        NotificationsCommand::Archive { id, user: u } => {
            ctx.vigie.archive(&user(u), id)?;
            ctx.print(&json!({ "id": id, "archived": true }), || format!("Notification {id} archivée."));
        }
        NotificationsCommand::Unarchive { id, user: u } => {
            ctx.vigie.unarchive(&user(u), id)?;
            ctx.print(&json!({ "id": id, "archived": false }), || format!("Notification {id} désarchivée."));
        }
        NotificationsCommand::Counts { user: u } => {
            let counts = ctx.vigie.tab_counts(&user(u))?;
            ctx.print(&counts, || counts_text(&counts));
        }
        NotificationsCommand::Read { id, user: u } => {
            ctx.vigie.mark_read(&user(u), id)?;
            ctx.print(&json!({ "id": id, "read": true }), || format!("Notification {id} lue."));
        }
        NotificationsCommand::ReadAll { tab, user: u } => {
            let n = ctx.vigie.mark_all_read_in(&user(u), tab)?;
            ctx.print(&json!({ "marked_read": n }), || format!("{n} notification(s) marquée(s) comme lue(s)."));
        }
        NotificationsCommand::UnreadCount { user: u } => {
            let n = ctx.vigie.unread_count(&user(u))?;
            ctx.print(&json!({ "unread_count": n }), || n.to_string());
        }
    }
    Ok(())
}

fn counts_text(c: &TabCounts) -> String {
    let mut text = format!("Toutes : {}\nNon lues : {}\n", c.all, c.unread);
    for (kind, n) in &c.per_kind {
        writeln!(text, "{kind} : {n}").unwrap();
    }
    write!(text, "Archivées : {}\nEn attente : {}", c.archived, c.snoozed).unwrap();
    text
}

fn or_dash(value: &Option<impl std::fmt::Display>) -> String {
    value.as_ref().map_or_else(|| "—".to_string(), ToString::to_string)
}

fn subject_text(s: &Subject) -> String {
    let n = &s.notification;
    let mut text = format!("{}\n{}\n", n.title, n.body);
    if let Some(c) = &s.client {
        writeln!(text, "Client : {} (SIREN {})", c.name, or_dash(&c.siren)).unwrap();
    }
    let d = "%d/%m/%Y";
    match &s.detail {
        SubjectDetail::Deadline { label, kind, due_date, status, assignee, period, legal_date, source, .. } => {
            write!(
                text,
                "Échéance : {label} ({kind}), le {}, {status}, suivie par {}",
                due_date.format(d),
                or_dash(assignee)
            )
            .unwrap();
            if let Some(period) = period {
                write!(text, "\nPériode : {period}").unwrap();
            }
            if let Some(legal) = legal_date {
                write!(text, " ; date légale {}", legal.format(d)).unwrap();
            }
            match source {
                Some(source) => write!(text, "\nBase légale : {source}"),
                None => Ok(()),
            }
        }
        SubjectDetail::Document { label, requested_on, due_date, received_on, owner, .. } => write!(
            text,
            "Document : {label}, demandé le {}, attendu le {}, reçu le {}, suivi par {}",
            requested_on.format(d),
            due_date.format(d),
            or_dash(&received_on.map(|r| r.format(d))),
            or_dash(owner)
        ),
        SubjectDetail::Task { title, due_date, status, priority, assignee, .. } => write!(
            text,
            "Tâche : {title}, pour le {}, {status}, priorité {priority}, confiée à {}",
            due_date.format(d),
            or_dash(assignee)
        ),
        SubjectDetail::Event { title, starts_at, importance, .. } => {
            write!(
                text,
                "Événement : {title}, le {} (UTC), importance {importance}",
                starts_at.format("%d/%m/%Y %H:%M")
            )
        }
        SubjectDetail::Gone => write!(text, "Le sujet de cette notification a été supprimé."),
    }
    .unwrap();
    text
}
