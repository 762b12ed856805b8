//! `check`, `status-update`, `cleanup`: the scheduled jobs, run by hand.

use crate::Context;
use crate::args::JobArgs;
use std::fmt::Write;
use vigie::cabinet;
use vigie::detect::KindCounts;
use vigie::model::AlertKind;

pub fn check(ctx: &mut Context, args: JobArgs) -> vigie::Result<()> {
    let cabinets = cabinet::select(&ctx.store, args.cabinet.as_deref())?;
    let mut total = KindCounts::default();
    let mut text = String::new();
    let templates = vigie::email::templates::Templates::for_data_dir(&ctx.data_dir);
    // Report what was detected whatever happens to the emails (they wait for the next check).
    let mut email_error = None;
    for c in &cabinets {
        let date = args.at.unwrap_or_else(|| c.today(ctx.clock.as_ref()));
        let (report, emails) =
            vigie::schedule::jobs::check_and_queue(&mut ctx.store, c, date, ctx.clock.now(), &templates)?;
        match emails {
            Ok(0) => {}
            Ok(emails) => {
                crate::output::err(format_args!("{} : {emails} e-mail(s) mis en file (vigie outbox send)", c.name))
            }
            Err(e) => email_error = Some(e),
        }
        if cabinets.len() > 1 {
            writeln!(text, "{} ({date}):", c.name).unwrap();
        }
        for kind in AlertKind::ALL {
            writeln!(text, "{:<22}{}", kind.as_str(), report.created.get(*kind)).unwrap();
        }
        total.add(&report.created);
    }
    ctx.print(&total, || text);
    match email_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub fn status_update(ctx: &mut Context, args: JobArgs) -> vigie::Result<()> {
    let cabinets = cabinet::select(&ctx.store, args.cabinet.as_deref())?;
    let mut total = vigie::status::StatusReport::default();
    for c in &cabinets {
        let date = args.at.unwrap_or_else(|| c.today(ctx.clock.as_ref()));
        let r = vigie::status::status_update(&mut ctx.store, c, date)?;
        total.tasks_late += r.tasks_late;
        total.deadlines_overdue += r.deadlines_overdue;
    }
    ctx.print(&total, || {
        format!("tasks now en_retard       {}\ndeadlines now depassee    {}", total.tasks_late, total.deadlines_overdue)
    });
    Ok(())
}

pub fn cleanup(ctx: &mut Context, args: JobArgs) -> vigie::Result<()> {
    let cabinets = cabinet::select(&ctx.store, args.cabinet.as_deref())?;
    let mut total = vigie::cleanup::CleanupReport::default();
    for c in &cabinets {
        let date = args.at.unwrap_or_else(|| c.today(ctx.clock.as_ref()));
        total.notifications_deleted += vigie::cleanup::cleanup(&mut ctx.store, c, date)?.notifications_deleted;
    }
    ctx.print(&total, || format!("read notifications deleted  {}", total.notifications_deleted));
    Ok(())
}
