-- Vigie store, version 1. Every business row carries its cabinet; dates are ISO text
-- ('YYYY-MM-DD'), instants are UTC RFC 3339 text ('YYYY-MM-DDTHH:MM:SSZ'), so that text
-- comparison is chronological.

CREATE TABLE cabinets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    timezone    TEXT NOT NULL DEFAULT 'Europe/Paris',
    created_at  TEXT NOT NULL
);

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    cabinet_id  INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL COLLATE NOCASE,
    role        TEXT NOT NULL CHECK (role IN ('expert', 'collaborateur', 'assistant')),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    UNIQUE (cabinet_id, email)
);

CREATE TABLE clients (
    id               INTEGER PRIMARY KEY,
    cabinet_id       INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    siren            TEXT CHECK (siren IS NULL OR (length(siren) = 9 AND siren NOT GLOB '*[^0-9]*')),
    legal_form       TEXT,
    vat_regime       TEXT CHECK (vat_regime IS NULL OR vat_regime IN ('mensuel', 'trimestriel', 'annuel', 'franchise')),
    fiscal_year_end  TEXT,
    manager_id       INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX clients_by_siren ON clients (cabinet_id, siren) WHERE siren IS NOT NULL;
CREATE UNIQUE INDEX clients_by_name ON clients (cabinet_id, name) WHERE siren IS NULL;

CREATE TABLE deadlines (
    id           INTEGER PRIMARY KEY,
    cabinet_id   INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    label        TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'a_faire' CHECK (status IN ('a_faire', 'en_cours', 'faite', 'depassee')),
    assignee_id  INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    UNIQUE (cabinet_id, client_id, kind, due_date)
);
-- Detection reads only open deadlines, by due date.
CREATE INDEX deadlines_open ON deadlines (cabinet_id, due_date) WHERE status <> 'faite';

CREATE TABLE document_requests (
    id            INTEGER PRIMARY KEY,
    cabinet_id    INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    client_id     INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    requested_on  TEXT NOT NULL,
    due_date      TEXT NOT NULL,
    received_on   TEXT,
    owner_id      INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    UNIQUE (cabinet_id, client_id, label, requested_on)
);
CREATE INDEX documents_missing ON document_requests (cabinet_id, due_date) WHERE received_on IS NULL;

CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    cabinet_id   INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    client_id    INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    assignee_id  INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'a_faire' CHECK (status IN ('a_faire', 'en_cours', 'terminee', 'en_retard')),
    priority     TEXT NOT NULL DEFAULT 'normale' CHECK (priority IN ('basse', 'normale', 'haute', 'urgente'))
);
-- A task without a client is keyed on client 0 so that NULLs do not escape uniqueness.
CREATE UNIQUE INDEX tasks_natural ON tasks (cabinet_id, ifnull(client_id, 0), title, due_date);
CREATE INDEX tasks_open ON tasks (cabinet_id, due_date) WHERE status <> 'terminee';

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    cabinet_id   INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    client_id    INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    importance   TEXT NOT NULL DEFAULT 'normale' CHECK (importance IN ('normale', 'haute')),
    audience_id  INTEGER REFERENCES staff(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX events_natural ON events (cabinet_id, ifnull(client_id, 0), title, starts_at);
CREATE INDEX events_important ON events (cabinet_id, starts_at) WHERE importance = 'haute';

CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    cabinet_id     INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    recipient_id   INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('echeance_proche', 'documents_manquants', 'taches_retard', 'evenement_important')),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    subject_type   TEXT NOT NULL,
    subject_id     INTEGER NOT NULL,
    dedup_key      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    read_at        TEXT,
    snoozed_until  TEXT,
    archived       INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    -- The one guarantee against duplicates: whichever job, restart or process raises it.
    UNIQUE (cabinet_id, recipient_id, dedup_key)
);
-- Every alert ever raised, by its dedup key. Cleanup deletes old read notifications but not
-- these, so an alert meant to come once (a late task, a deadline past due) never comes back.
CREATE TABLE alert_keys (
    cabinet_id    INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    recipient_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    dedup_key     TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, recipient_id, dedup_key)
) WITHOUT ROWID;

CREATE INDEX notifications_inbox ON notifications (cabinet_id, recipient_id, id);
CREATE INDEX notifications_unread ON notifications (cabinet_id, recipient_id, kind) WHERE read_at IS NULL;
CREATE INDEX notifications_read_age ON notifications (cabinet_id, created_at) WHERE read_at IS NOT NULL;

-- Unread notifications per recipient, kept exact by the triggers below, so that the unread
-- badge reads one row instead of counting every unread notification (counting is linear:
-- about 1.7 ms at 50,000 unread, against a 1 ms budget; see benches/big_firm.rs).
CREATE TABLE unread_counts (
    cabinet_id    INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    recipient_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    unread        INTEGER NOT NULL,
    PRIMARY KEY (cabinet_id, recipient_id)
) WITHOUT ROWID;

CREATE TRIGGER unread_counts_insert AFTER INSERT ON notifications
WHEN new.read_at IS NULL
BEGIN
    INSERT INTO unread_counts (cabinet_id, recipient_id, unread)
    VALUES (new.cabinet_id, new.recipient_id, 1)
    ON CONFLICT (cabinet_id, recipient_id) DO UPDATE SET unread = unread + 1;
END;

CREATE TRIGGER unread_counts_delete AFTER DELETE ON notifications
WHEN old.read_at IS NULL
BEGIN
    UPDATE unread_counts SET unread = unread - 1
    WHERE cabinet_id = old.cabinet_id AND recipient_id = old.recipient_id;
END;

-- An update is the removal of the old row and the insertion of the new one.
CREATE TRIGGER unread_counts_update_old AFTER UPDATE OF read_at, cabinet_id, recipient_id ON notifications
WHEN old.read_at IS NULL
BEGIN
    UPDATE unread_counts SET unread = unread - 1
    WHERE cabinet_id = old.cabinet_id AND recipient_id = old.recipient_id;
END;

CREATE TRIGGER unread_counts_update_new AFTER UPDATE OF read_at, cabinet_id, recipient_id ON notifications
WHEN new.read_at IS NULL
BEGIN
    INSERT INTO unread_counts (cabinet_id, recipient_id, unread)
    VALUES (new.cabinet_id, new.recipient_id, 1)
    ON CONFLICT (cabinet_id, recipient_id) DO UPDATE SET unread = unread + 1;
END;

CREATE TABLE settings (
    cabinet_id  INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, key)
) WITHOUT ROWID;
