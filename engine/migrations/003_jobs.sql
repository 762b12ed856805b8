-- Vigie store: the scheduler. Self-contained (it only refers to `cabinets`), so that it can be
-- renumbered when merged with other migrations. Instants are UTC RFC 3339 text, as in 001.

-- One row per job execution: scheduled, caught up, or run by hand.
CREATE TABLE job_runs (
    id             INTEGER PRIMARY KEY,
    cabinet_id     INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    job            TEXT NOT NULL CHECK (job IN ('check', 'weekly_digest', 'cleanup', 'status_update')),
    -- The instant the schedule named (for a manual run, the moment it was asked for).
    scheduled_for  TEXT NOT NULL,
    trigger        TEXT NOT NULL CHECK (trigger IN ('schedule', 'catchup', 'manual')),
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    -- `running` only while a lease in job_leases points at the row (same transaction).
    outcome        TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed', 'interrupted', 'skipped', 'missed')),
    -- JSON object: notifications created per kind, emails queued, rows changed…
    counts         TEXT NOT NULL DEFAULT '{}',
    error          TEXT,
    duration_ms    INTEGER,
    -- Which scheduler ran it (process and instance), to tell two daemons apart.
    owner          TEXT NOT NULL
);
CREATE INDEX job_runs_recent ON job_runs (cabinet_id, started_at);
CREATE INDEX job_runs_by_job ON job_runs (cabinet_id, job, scheduled_for);

-- Held while a job runs, so that two daemons on one store never run one job at the same time;
-- a lease whose owner died expires and its run is marked `interrupted`.
CREATE TABLE job_leases (
    cabinet_id     INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    job            TEXT NOT NULL,
    run_id         INTEGER NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
    owner          TEXT NOT NULL,
    scheduled_for  TEXT NOT NULL,
    acquired_at    TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, job)
) WITHOUT ROWID;

-- The latest scheduled instant each job has dealt with (ran, failed, skipped or missed), kept
-- apart from job_runs so that purging history never makes an instant run again.
CREATE TABLE job_state (
    cabinet_id     INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    job            TEXT NOT NULL,
    last_instant   TEXT NOT NULL,
    last_run_id    INTEGER,
    PRIMARY KEY (cabinet_id, job)
) WITHOUT ROWID;
