//! The scheduled jobs of the user's cabinet: the monitor, "Lancer maintenant", schedules,
//! history, and the cabinet's pause of alerts.

use crate::desk::Desk;
use crate::ipc::Answer;
use chrono::{DateTime, Utc};
use tauri::State;
use vigie::app::monitor::{JobMonitor, SchedulePreview};
use vigie::schedule::Job;
use vigie::schedule::history::JobRun;
use vigie::settings::pause::Pause;

/// Each job with its schedule in French, next runs, the run in progress and its record.
#[tauri::command]
#[specta::specta]
pub fn job_monitor(desk: State<'_, Desk>) -> Answer<JobMonitor> {
    desk.as_user(|v, who| v.job_monitor(who.cabinet.as_deref()))
}

/// The latest runs, newest first (of one job, or all).
#[tauri::command]
#[specta::specta]
pub fn job_history(desk: State<'_, Desk>, job: Option<Job>, limit: u32) -> Answer<Vec<JobRun>> {
    desk.as_user(|v, who| {
        Ok(v.job_history(who.cabinet.as_deref(), job, limit)?.into_iter().flat_map(|(_, r)| r).collect())
    })
}

/// "Lancer maintenant": runs the job now, recorded as manual; a failed run is in its answer.
#[tauri::command]
#[specta::specta]
pub fn run_job_now(desk: State<'_, Desk>, job: Job) -> Answer<Vec<JobRun>> {
    desk.as_user(|v, who| v.run_job(who.cabinet.as_deref(), job))
}

/// What a schedule would mean, before it is saved (refused with its reason when invalid).
#[tauri::command]
#[specta::specta]
pub fn preview_schedule(desk: State<'_, Desk>, job: Job, cron: String) -> Answer<SchedulePreview> {
    desk.as_user(|v, who| v.preview_schedule(who.cabinet.as_deref(), job, &cron))
}

/// Saves a job's schedule; the monitor as it now stands.
#[tauri::command]
#[specta::specta]
pub fn set_job_schedule(desk: State<'_, Desk>, job: Job, cron: String) -> Answer<JobMonitor> {
    desk.as_user(|v, who| {
        v.set_job_schedule(who.cabinet.as_deref(), job, &cron)?;
        v.job_monitor(who.cabinet.as_deref())
    })
}

/// Pauses the cabinet's alerts (the check and the digest) until an instant, or until resumed.
#[tauri::command]
#[specta::specta]
pub fn pause_alerts(desk: State<'_, Desk>, until: Option<DateTime<Utc>>) -> Answer<Pause> {
    desk.as_user(|v, who| v.pause_alerts(&v.cabinet(who.cabinet.as_deref())?, until))
}

/// Resumes the cabinet's alerts.
#[tauri::command]
#[specta::specta]
pub fn resume_alerts(desk: State<'_, Desk>) -> Answer<()> {
    desk.as_user(|v, who| v.resume_alerts(&v.cabinet(who.cabinet.as_deref())?))
}
