//! The typed IPC: every command and event, from which `ui/src/lib/bindings.ts` is generated
//! (`VIGIE_WRITE_BINDINGS=1 cargo test -p vigie-desktop bindings` rewrites it; the test fails
//! while it is stale).

use crate::commands::{actions, export, inbox, jobs, logs, outbox, preferences, session, settings, smtp};
use crate::events::{InboxChanged, OpenNotification, PopupsChanged, Toast};
use tauri::Runtime;
use tauri_specta::{collect_commands, collect_events};

/// Where the generated file lives, from this crate's folder.
pub const TYPESCRIPT: &str = "../ui/src/lib/bindings.ts";

/// The commands and events, for the invoke handler and the TypeScript export.
pub fn builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(collect_commands![
            session::session,
            session::staff_directory,
            session::choose_user,
            session::start_demo,
            session::leave_demo,
            session::retry_open,
            inbox::inbox,
            inbox::tab_counts,
            inbox::open_notification,
            inbox::mark_read,
            inbox::mark_unread,
            inbox::mark_all_read,
            inbox::snooze,
            inbox::unsnooze,
            inbox::archive,
            inbox::unarchive,
            actions::check_now,
            actions::mute_popups,
            actions::resume_popups,
            actions::about,
            actions::open_folder,
            jobs::job_monitor,
            jobs::job_history,
            jobs::run_job_now,
            jobs::preview_schedule,
            jobs::set_job_schedule,
            jobs::pause_alerts,
            jobs::resume_alerts,
            outbox::outbox,
            outbox::retry_email,
            logs::log_entries,
            smtp::smtp_settings,
            smtp::save_smtp,
            smtp::send_test_email,
            settings::cabinet_settings,
            settings::set_cabinet_setting,
            export::export_table,
            preferences::cabinet_card,
            preferences::staff_channels,
            preferences::set_staff_channel,
            preferences::quiet_hours,
            preferences::set_quiet_hours,
        ])
        .events(collect_events![InboxChanged, OpenNotification, PopupsChanged, Toast])
        // Counts and ids stay far below 2^53.
        .dangerously_cast_bigints_to_number()
}

/// The TypeScript exporter, as the committed file was made.
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .header("// Generated from the Rust types by src-tauri/src/bindings.rs: do not edit.\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn bindings_are_fresh() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(TYPESCRIPT);
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        builder::<tauri::test::MockRuntime>().export(typescript(), &fresh).unwrap();
        let fresh_text = std::fs::read_to_string(&fresh).unwrap();
        if std::env::var_os("VIGIE_WRITE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh_text).unwrap();
        }
        let committed_text = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            committed_text == fresh_text,
            "{} is stale: run `VIGIE_WRITE_BINDINGS=1 cargo test -p vigie-desktop bindings` and commit it",
            committed.display()
        );
    }
}
