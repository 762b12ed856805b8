//! `jobs …`: the scheduler's schedules, next instants, history, statistics, manual runs, pause.

use crate::Context;
use crate::args::{JobsCommand, When};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;
use vigie::cabinet::{self, Cabinet};
use vigie::schedule::history::{self, JobRun, Outcome};
use vigie::schedule::jobs::{self, Job};
use vigie::schedule::runner::{self, RunControl, Runner};
use vigie::schedule::{lease, pause};
use vigie::store::instant_text;

fn resolve(cabinet: &Cabinet, when: When) -> DateTime<Utc> {
    match when {
        When::Instant(at) => at,
        When::Local(local) => cabinet.local_to_utc(local),
    }
}

/// An instant in the cabinet's local time, RFC 3339 with its offset.
fn local(cabinet: &Cabinet, at: DateTime<Utc>) -> String {
    at.with_timezone(&cabinet.timezone).to_rfc3339()
}

/// An instant in the cabinet's local time, for people.
fn local_text(cabinet_tz: chrono_tz::Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&cabinet_tz).format("%d/%m/%Y %H:%M:%S %Z").to_string()
}

pub fn run(ctx: &mut Context, cmd: JobsCommand) -> vigie::Result<()> {
    match cmd {
        JobsCommand::List { cabinet } => list(ctx, cabinet.as_deref()),
        JobsCommand::Scheduled { from, count, job, cabinet } => {
            scheduled(ctx, from, count as usize, job, cabinet.as_deref())
        }
        JobsCommand::History { limit, job, cabinet } => show_history(ctx, limit, job, cabinet.as_deref()),
        JobsCommand::Stats { cabinet } => stats(ctx, cabinet.as_deref()),
        JobsCommand::Run { job, cabinet } => run_now(ctx, job, cabinet.as_deref()),
        JobsCommand::Purge { before, cabinet } => {
            let mut deleted = 0;
            for c in ctx.vigie.cabinets(cabinet.as_deref())? {
                let cutoff = c.local_to_utc(before.and_time(chrono::NaiveTime::MIN));
                deleted += history::purge(&ctx.store(), c.id, cutoff)?;
            }
            ctx.print(&json!({ "deleted": deleted }), || format!("{deleted} exécution(s) effacée(s) de l'historique."));
            Ok(())
        }
        JobsCommand::Set { job, cron, cabinet } => {
            let job: Job = job;
            let c = cabinet::resolve(&ctx.store(), cabinet.as_deref())?;
            let schedule = jobs::set_schedule(&ctx.store(), c.id, job, &cron)?;
            let next: Vec<String> =
                schedule.upcoming(c.timezone, ctx.clock.now(), 3).into_iter().map(|t| local(&c, t)).collect();
            ctx.print(&json!({ "cabinet": c.name, "job": job, "cron": schedule.as_str(), "next": next }), || {
                format!("{job} = \"{}\" ; prochaines exécutions : {}", schedule.as_str(), next.join(", "))
            });
            Ok(())
        }
        JobsCommand::Pause { until, cabinet } => {
            let mut out = Vec::new();
            for c in ctx.vigie.cabinets(cabinet.as_deref())? {
                let until = until.map(|w| resolve(&c, w));
                let state = ctx.vigie.pause_alerts(&c, until)?;
                out.push(json!({ "cabinet": c.name, "pause": state }));
            }
            let text = match until {
                Some(_) => "Alertes en pause (check, weekly_digest) jusqu'à la date donnée.",
                None => "Alertes en pause (check, weekly_digest) jusqu'à `vigie jobs resume`.",
            };
            ctx.print(&out, || text.to_string());
            Ok(())
        }
        JobsCommand::Resume { cabinet } => {
            let mut names = Vec::new();
            for c in ctx.vigie.cabinets(cabinet.as_deref())? {
                ctx.vigie.resume_alerts(&c)?;
                names.push(c.name);
            }
            ctx.print(&json!({ "resumed": names }), || "Alertes reprises.".into());
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct JobLine {
    cabinet: String,
    job: Job,
    cron: String,
    catchup_hours: i64,
    next_run: Option<String>,
    last_instant: Option<String>,
    paused: bool,
}

fn list(ctx: &mut Context, name: Option<&str>) -> vigie::Result<()> {
    let now = ctx.clock.now();
    let mut lines = Vec::new();
    for c in ctx.vigie.cabinets(name)? {
        let paused = pause::get(&ctx.store(), c.id)?.holds_at(now);
        for job in Job::ALL {
            let config = jobs::JobConfig::load(&ctx.store(), c.id, job)?;
            lines.push(JobLine {
                cabinet: c.name.clone(),
                job,
                cron: config.schedule.as_str().to_string(),
                catchup_hours: config.catchup.num_hours(),
                next_run: config.schedule.next_after(c.timezone, now).map(|t| local(&c, t)),
                last_instant: lease::last_instant(ctx.store().conn(), c.id, job)?.map(|t| local(&c, t)),
                paused: paused && job.raises_alerts(),
            });
        }
    }
    ctx.print(&lines, || {
        let mut text = String::new();
        for l in &lines {
            let next = l.next_run.as_deref().unwrap_or("jamais");
            let pause = if l.paused { "  (en pause)" } else { "" };
            writeln!(
                text,
                "{:<20} {:<14} {:<16} prochaine {next}  rattrapage {} h{pause}",
                l.cabinet,
                l.job.as_str(),
                l.cron,
                l.catchup_hours
            )
            .unwrap();
        }
        text
    });
    Ok(())
}

#[derive(Serialize)]
struct Instant {
    cabinet: String,
    job: Job,
    at: String,
    utc: String,
}

fn scheduled(
    ctx: &mut Context,
    from: Option<When>,
    count: usize,
    job: Option<Job>,
    name: Option<&str>,
) -> vigie::Result<()> {
    let mut all: Vec<(DateTime<Utc>, Instant)> = Vec::new();
    for c in ctx.vigie.cabinets(name)? {
        // Inclusive: an instant exactly at --from is listed.
        let start = from.map_or_else(|| ctx.clock.now(), |w| resolve(&c, w)) - chrono::Duration::seconds(1);
        for j in Job::ALL.into_iter().filter(|j| job.is_none_or(|a| a == *j)) {
            let schedule = jobs::schedule(&ctx.store(), c.id, j)?;
            for t in schedule.upcoming(c.timezone, start, count) {
                all.push((t, Instant { cabinet: c.name.clone(), job: j, at: local(&c, t), utc: instant_text(t) }));
            }
        }
    }
    all.sort_by(|a, b| (a.0, &a.1.cabinet, a.1.job).cmp(&(b.0, &b.1.cabinet, b.1.job)));
    let list: Vec<Instant> = all.into_iter().take(count).map(|(_, i)| i).collect();
    ctx.print(&list, || {
        let mut text = String::new();
        for i in &list {
            writeln!(text, "{}  {:<14} {}", i.at, i.job.as_str(), i.cabinet).unwrap();
        }
        text
    });
    Ok(())
}

fn show_history(ctx: &mut Context, limit: u32, job: Option<Job>, name: Option<&str>) -> vigie::Result<()> {
    let mut runs: Vec<JobRun> = Vec::new();
    let mut zones = std::collections::HashMap::new();
    for (c, list) in ctx.vigie.job_history(name, job, limit)? {
        runs.extend(list);
        zones.insert(c.id, (c.timezone, c.name.clone()));
    }
    let several = zones.len() > 1;
    runs.sort_by(|a, b| (&b.started_at, b.id).cmp(&(&a.started_at, a.id)));
    runs.truncate(limit as usize);
    ctx.print(&runs, || {
        let mut text = String::new();
        if runs.is_empty() {
            text.push_str("Aucune exécution enregistrée.");
        }
        for r in &runs {
            let (tz, cabinet_name) = &zones[&r.cabinet_id];
            let tz = *tz;
            if several {
                write!(text, "{cabinet_name:<20} ").unwrap();
            }
            let counts = r.counts.entries().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
            writeln!(
                text,
                "{:>5} {}  {:<14} {:<11} {:<9} prévue {}  {}",
                r.id,
                local_text(tz, r.started_at),
                r.job.as_str(),
                r.outcome.as_str(),
                r.trigger.as_str(),
                local_text(tz, r.scheduled_for),
                counts
            )
            .unwrap();
            if let Some(e) = &r.error {
                writeln!(text, "      {e}").unwrap();
            }
        }
        text
    });
    Ok(())
}

fn stats(ctx: &mut Context, name: Option<&str>) -> vigie::Result<()> {
    let mut out = Vec::new();
    for (c, list) in ctx.vigie.job_stats(name)? {
        for s in list {
            out.push((c.name.clone(), s));
        }
    }
    let list: Vec<_> = out
        .iter()
        .map(|(cabinet, s)| {
            let mut v = serde_json::to_value(s).expect("serialisable");
            v["cabinet"] = json!(cabinet);
            v
        })
        .collect();
    ctx.print(&list, || {
        let mut text = String::new();
        for (cabinet, s) in &out {
            let mean = s.mean_duration_ms.map_or("-".into(), |m| format!("{m:.0} ms"));
            writeln!(
                text,
                "{cabinet:<20} {:<14} {:>5} exécutions  {:>3} échecs  {:>3} interrompues  {:>3} non lancées  durée moyenne {mean}",
                s.job.as_str(),
                s.runs,
                s.failures,
                s.interrupted,
                s.not_run
            )
            .unwrap();
        }
        text
    });
    Ok(())
}

fn run_now(ctx: &mut Context, job: Job, name: Option<&str>) -> vigie::Result<()> {
    let runner = Runner::new(Arc::clone(&ctx.clock), runner::owner_id("cli"));
    let mut runs = Vec::new();
    for c in ctx.vigie.cabinets(name)? {
        runs.push(runner.run_now(&mut ctx.store(), &c, job, &RunControl::default())?);
    }
    ctx.print(&runs, || {
        let mut text = String::new();
        for r in &runs {
            writeln!(text, "{} {} : {} {}", r.cabinet, r.job.as_str(), r.outcome.as_str(), r.counts).unwrap();
        }
        text
    });
    match runs.iter().find(|r| r.outcome == Outcome::Failed) {
        Some(r) => Err(vigie::Error::InvalidInput(format!(
            "job {} failed for cabinet \"{}\" (history run {}): {}",
            r.job,
            r.cabinet,
            r.id,
            r.error.as_deref().unwrap_or("unknown error")
        ))),
        None => Ok(()),
    }
}
