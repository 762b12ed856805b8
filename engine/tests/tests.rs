//! The engine's integration tests: one binary, one module per area, and one helper module.

mod support;

mod alert_emails;
mod app;
mod cli;
mod daemon;
mod detect_rules;
mod digest;
mod email;
mod export;
mod firm_data;
mod fiscal_calendar;
mod import;
mod import_fuzz;
mod import_preview;
mod import_scale;
mod inbox;
mod jobs_cli;
mod keyring;
mod load_views;
mod maintenance;
mod schedule;
mod store_files;
mod tenants;
mod watch;
mod workstation;
