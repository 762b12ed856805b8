//! `watch`: the store watch as a script (or a person trying it) sees it: each event the shell
//! would get, one line each, until Ctrl-C.

use crate::Context;
use crate::output;
use tokio::sync::broadcast::error::RecvError;
use vigie::app::AppEvent;

pub fn run(ctx: &Context) -> vigie::Result<()> {
    let io = |source| vigie::Error::Io { path: ctx.data_dir.clone(), source };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(io)?;
    let mut events = ctx.vigie.subscribe()?.events;
    let _watch = ctx.vigie.watch_store()?;
    runtime.block_on(async {
        let stop = tokio::signal::ctrl_c();
        tokio::pin!(stop);
        loop {
            tokio::select! {
                result = &mut stop => return result.map_err(io),
                event = events.recv() => match event {
                    Ok(event) => print(ctx, &event),
                    // Only counts are lost: the next event of a badge carries its absolute value.
                    Err(RecvError::Lagged(missed)) => output::err(format_args!("vigie: {missed} events missed")),
                    Err(RecvError::Closed) => return Ok(()),
                },
            }
        }
    })
}

fn print(ctx: &Context, event: &AppEvent) {
    if ctx.json {
        output::json_line(event);
        return;
    }
    match event {
        AppEvent::NotificationsCreated { cabinet_id, by_recipient } => {
            for (staff_id, ids) in by_recipient {
                let n = ids.len();
                let s = if n > 1 { "s" } else { "" };
                output::out(format_args!(
                    "cabinet {cabinet_id} : {n} nouvelle{s} notification{s} pour le collaborateur {staff_id}"
                ));
            }
        }
        AppEvent::UnreadChanged { cabinet_id, staff_id, unread } => {
            output::out(format_args!("cabinet {cabinet_id} : collaborateur {staff_id}, {unread} non lue(s)"));
        }
        // The watch publishes only the two above; other events come from this process, which
        // runs nothing else.
        _ => {}
    }
}
