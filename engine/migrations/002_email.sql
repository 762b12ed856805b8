-- Version 2: email. The outbox holds every email before any network I/O.

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    cabinet_id       INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    recipient_id     INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    to_email         TEXT NOT NULL,
    to_name          TEXT NOT NULL DEFAULT '',
    template         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    -- Fixed at enqueue: a row retried after a crash is the same message to the recipient.
    message_id       TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    -- While a worker sends a row it holds it until this instant; a crashed worker's rows come back.
    claimed_until    TEXT,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    sent_at          TEXT,
    -- Set for emails that must exist once (a week's digest, a welcome); NULL otherwise.
    dedup_key        TEXT
);
CREATE UNIQUE INDEX outbox_once ON outbox (cabinet_id, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_cabinet ON outbox (cabinet_id, id);

-- How far each cabinet's alert emails are queued: notifications with a larger id still wait
-- for theirs. A check commits its notifications, then queues their emails; if that fails
-- (settings, a crash), the next check does it. A watermark rather than a per-row state: one
-- more index on notifications would cost the check more than it saves.
CREATE TABLE email_progress (
    cabinet_id            INTEGER PRIMARY KEY REFERENCES cabinets(id) ON DELETE CASCADE,
    last_notification_id  INTEGER NOT NULL
);

-- Per-kind channel preferences; a missing row means every channel is on.
CREATE TABLE staff_channels (
    cabinet_id  INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('echeance_proche', 'documents_manquants', 'taches_retard', 'evenement_important', 'resume_hebdomadaire')),
    email       INTEGER NOT NULL DEFAULT 1 CHECK (email IN (0, 1)),
    popup       INTEGER NOT NULL DEFAULT 1 CHECK (popup IN (0, 1)),
    PRIMARY KEY (staff_id, kind)
) WITHOUT ROWID;
