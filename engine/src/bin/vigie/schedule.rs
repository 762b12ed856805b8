//! `jobs …`: the scheduler's schedules, next instants, history, statistics, manual runs, pause.

use crate::Context;
use crate::args::{JobsCommand, When};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;
use vigie::cabinet::Cabinet;
use vigie::schedule::history::{JobRun, Outcome};
use vigie::schedule::jobs::Job;
use vigie::store::instant_text;

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
            let deleted = ctx.vigie.purge_job_history(cabinet.as_deref(), before)?;
            ctx.print(&json!({ "deleted": deleted }), || format!("{deleted} exécution(s) effacée(s) de l'historique."));
            Ok(())
        }
        JobsCommand::Set { job, cron, cabinet } => {
            let (c, cron, next) = ctx.vigie.set_job_schedule(cabinet.as_deref(), job, &cron)?;
            let next: Vec<String> = next.into_iter().map(|t| local(&c, t)).collect();
            ctx.print(&json!({ "cabinet": c.name, "job": job, "cron": cron, "next": next }), || {
                format!("{job} = \"{cron}\" ; prochaines exécutions : {}", next.join(", "))
            });
            Ok(())
        }
        JobsCommand::Pause { until, cabinet } => {
            let mut out = Vec::new();
            for c in ctx.vigie.cabinets(cabinet.as_deref())? {
                let until = until.map(|w| w.at(&c));
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
    let mut lines = Vec::new();
    for (c, jobs) in ctx.vigie.jobs(name)? {
        for j in jobs {
            lines.push(JobLine {
                cabinet: c.name.clone(),
                job: j.job,
                cron: j.cron,
                catchup_hours: j.catchup_hours,
                next_run: j.next_run.map(|t| local(&c, t)),
                last_instant: j.last_instant.map(|t| local(&c, t)),
                paused: j.paused,
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
    let list: Vec<Instant> = ctx
        .vigie
        .scheduled(name, job, from, count)?
        .into_iter()
        .map(|(t, c, job)| Instant { cabinet: c.name.clone(), job, at: local(&c, t), utc: instant_text(t) })
        .collect();
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
    let runs = ctx.vigie.run_job(name, job)?;
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
