//! `check`, `status-update`, `cleanup`: the scheduled jobs, run by hand.

use crate::Context;
use crate::args::JobArgs;
use std::fmt::Write;
use vigie::detect::KindCounts;
use vigie::model::AlertKind;

pub fn check(ctx: &mut Context, args: JobArgs) -> vigie::Result<()> {
    let checked = ctx.vigie.check(args.cabinet.as_deref(), args.at)?;
    let mut total = KindCounts::default();
    let mut text = String::new();
    // Report what was detected whatever happens to the emails (they wait for the next check).
    let mut email_error = None;
    let several = checked.len() > 1;
    for c in checked {
        match c.emails {
            Ok(0) => {}
            Ok(emails) => crate::output::err(format_args!(
                "{} : {emails} e-mail(s) mis en file (vigie outbox send)",
                c.cabinet.name
            )),
            Err(e) => email_error = Some(e),
        }
        if several {
            writeln!(text, "{} ({}):", c.cabinet.name, c.report.date).unwrap();
        }
        for kind in AlertKind::ALL {
            writeln!(text, "{:<22}{}", kind.as_str(), c.report.created.get(*kind)).unwrap();
        }
        total.add(&c.report.created);
    }
    ctx.print(&total, || text);
    match email_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub fn status_update(ctx: &mut Context, args: JobArgs) -> vigie::Result<()> {
    let total = ctx.vigie.status_update(args.cabinet.as_deref(), args.at)?;
    ctx.print(&total, || {
        format!("tasks now en_retard       {}\ndeadlines now depassee    {}", total.tasks_late, total.deadlines_overdue)
    });
    Ok(())
}

pub fn cleanup(ctx: &mut Context, args: JobArgs) -> vigie::Result<()> {
    let total = ctx.vigie.cleanup(args.cabinet.as_deref(), args.at)?;
    ctx.print(&total, || {
        format!(
            "read notifications deleted  {}\nsent emails deleted         {}\njob history rows deleted    {}",
            total.notifications_deleted, total.emails_deleted, total.job_runs_deleted
        )
    });
    Ok(())
}
