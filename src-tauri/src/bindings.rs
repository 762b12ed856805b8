//! The typed IPC: every command and event, from which `ui/src/lib/bindings.ts` is generated
//! (`VIGIE_WRITE_BINDINGS=1 cargo test -p vigie-desktop bindings` rewrites it; the test fails
//! while it is stale).

use crate::commands::firm::{calendar, client_page, clients, deadlines, documents, events, staff, tasks};
use crate::commands::{actions, export, import, inbox, jobs, logs, outbox, preferences, session, settings, smtp};
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
            crate::commands::load::deadline_calendar,
            crate::commands::load::workload,
            clients::list_clients,
            clients::get_client,
            clients::create_client,
            clients::update_client,
            clients::client_delete_impact,
            clients::delete_client,
            client_page::client_page,
            deadlines::list_deadlines,
            deadlines::get_deadline,
            deadlines::create_deadline,
            deadlines::update_deadline,
            deadlines::set_deadline_done,
            deadlines::deadline_delete_impact,
            deadlines::delete_deadline,
            documents::list_documents,
            documents::get_document,
            documents::create_document,
            documents::update_document,
            documents::set_document_received,
            documents::document_delete_impact,
            documents::delete_document,
            tasks::list_tasks,
            tasks::get_task,
            tasks::create_task,
            tasks::update_task,
            tasks::set_task_done,
            tasks::task_delete_impact,
            tasks::delete_task,
            events::list_events,
            events::get_event,
            events::create_event,
            events::update_event,
            events::event_delete_impact,
            events::delete_event,
            staff::list_staff,
            staff::get_staff,
            staff::create_staff,
            staff::update_staff,
            staff::staff_removal_impact,
            staff::remove_staff,
            import::import_kinds,
            import::preview_import,
            import::import_file,
            export::export_table,
            preferences::cabinet_card,
            preferences::staff_channels,
            preferences::set_staff_channel,
            preferences::quiet_hours,
            preferences::set_quiet_hours,
            calendar::client_calendar,
            calendar::set_obligation_date,
            calendar::set_obligation_kind,
            calendar::generate_calendar,
            calendar::export_deadlines_ics,
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

    #[test]
    fn commands_name_concrete_types_never_a_generic_parameter() {
        // A generic type's phase referenced straight from a command loses its arguments
        // (`ListQuery_Deserialize<S, F>`, which TypeScript cannot resolve): the list commands
        // take named types holding the query instead. This keeps it that way.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bindings.ts");
        builder::<tauri::test::MockRuntime>().export(typescript(), &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let unbound = |line: &str| {
            let bytes = line.as_bytes();
            (1..bytes.len().saturating_sub(1)).any(|i| {
                bytes[i].is_ascii_uppercase()
                    && matches!(bytes[i - 1], b'<' | b' ')
                    && matches!(bytes[i + 1], b',' | b'>')
                    && line[..i].contains('<')
            })
        };
        let wrong: Vec<&str> = text.lines().filter(|l| l.contains("__TAURI_INVOKE") && unbound(l)).collect();
        assert!(wrong.is_empty(), "commands with unbound type parameters: {wrong:#?}");
        assert!(text.contains("listDeadlines: (query: DeadlinesQuery_Deserialize)"));
        assert!(text.contains(
            "export type DeadlinesQuery_Deserialize = ListQuery_Deserialize<DeadlineSort, DeadlineFilter_Deserialize>;"
        ));
    }
}
