//! `backup` and `restore`: copies of the store, and putting one back.

use crate::Context;
use crate::args::{BackupArgs, RestoreArgs};
use std::path::Path;

pub fn backup(ctx: &Context, args: BackupArgs) -> vigie::Result<()> {
    let done = ctx.vigie.backup(args.file.as_deref())?;
    ctx.print(&done, || format!("Store copied to {} ({} bytes).", done.path.display(), done.bytes));
    Ok(())
}

pub fn restore(data_dir: &Path, args: RestoreArgs, json: bool) -> vigie::Result<()> {
    let saved = vigie::store::restore(data_dir, &args.file)?;
    // Opening it brings an older backup up to the current schema (after a copy of its own).
    drop(vigie::store::Store::open_dir(data_dir)?);
    if json {
        let report = serde_json::json!({ "restored": args.file, "previous_store_saved_to": saved.map(|b| b.path) });
        crate::output::json(&report);
    } else {
        crate::output::out(format_args!("Store restored from {}.", args.file.display()));
        if let Some(saved) = saved {
            crate::output::out(format_args!("The store it replaced was saved to {}.", saved.path.display()));
        }
    }
    Ok(())
}
