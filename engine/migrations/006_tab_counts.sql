-- Vigie store, version 6: every inbox tab's count kept by triggers, so that the window's tab
-- counts (and the badge) cost the same for 10 or 100,000 notifications. Version 4 counted the
-- tabs with a scan of the user's notifications: 60 ms and more for 100,000, ahead of the
-- first page when the window opens.
--
-- One row per (cabinet, recipient, kind, state). A notification is in exactly one state:
-- archived, else snoozed, else unread, else read (the tabs of 004: "Toutes" is unread + read,
-- a kind's tab the same for one kind). Each notification written costs one counter upsert, as
-- the unread counter it replaces did.

CREATE TABLE inbox_counts (
    cabinet_id    INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    recipient_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('unread', 'read', 'snoozed', 'archived')),
    n             INTEGER NOT NULL,
    PRIMARY KEY (cabinet_id, recipient_id, kind, state)
) WITHOUT ROWID;

INSERT INTO inbox_counts (cabinet_id, recipient_id, kind, state, n)
SELECT cabinet_id, recipient_id, kind,
       CASE WHEN archived_at IS NOT NULL THEN 'archived' WHEN snoozed_until IS NOT NULL THEN 'snoozed'
            WHEN read_at IS NULL THEN 'unread' ELSE 'read' END,
       count(*)
FROM notifications GROUP BY 1, 2, 3, 4;

DROP TRIGGER unread_counts_insert;
DROP TRIGGER unread_counts_delete;
DROP TRIGGER unread_counts_update_old;
DROP TRIGGER unread_counts_update_new;
DROP TABLE unread_counts;

-- What the badge reads, as before: unread, neither snoozed nor archived.
CREATE VIEW unread_counts (cabinet_id, recipient_id, unread) AS
SELECT cabinet_id, recipient_id, sum(n) FROM inbox_counts WHERE state = 'unread'
GROUP BY cabinet_id, recipient_id;

CREATE TRIGGER inbox_counts_insert AFTER INSERT ON notifications
BEGIN
    INSERT INTO inbox_counts (cabinet_id, recipient_id, kind, state, n)
    VALUES (new.cabinet_id, new.recipient_id, new.kind,
            CASE WHEN new.archived_at IS NOT NULL THEN 'archived' WHEN new.snoozed_until IS NOT NULL THEN 'snoozed'
                 WHEN new.read_at IS NULL THEN 'unread' ELSE 'read' END,
            1)
    ON CONFLICT (cabinet_id, recipient_id, kind, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_counts_delete AFTER DELETE ON notifications
BEGIN
    UPDATE inbox_counts SET n = n - 1
    WHERE cabinet_id = old.cabinet_id AND recipient_id = old.recipient_id AND kind = old.kind
      AND state = CASE WHEN old.archived_at IS NOT NULL THEN 'archived' WHEN old.snoozed_until IS NOT NULL THEN 'snoozed'
                       WHEN old.read_at IS NULL THEN 'unread' ELSE 'read' END;
END;

-- An update that moves a notification to another counter is the removal of the old row and the
-- insertion of the new one; a read that stays read (a second mark) changes nothing.
CREATE TRIGGER inbox_counts_update
AFTER UPDATE OF read_at, archived_at, snoozed_until, kind, cabinet_id, recipient_id ON notifications
WHEN old.cabinet_id IS NOT new.cabinet_id OR old.recipient_id IS NOT new.recipient_id OR old.kind IS NOT new.kind
  OR (old.archived_at IS NULL) IS NOT (new.archived_at IS NULL)
  OR (old.snoozed_until IS NULL) IS NOT (new.snoozed_until IS NULL)
  OR (old.read_at IS NULL) IS NOT (new.read_at IS NULL)
BEGIN
    UPDATE inbox_counts SET n = n - 1
    WHERE cabinet_id = old.cabinet_id AND recipient_id = old.recipient_id AND kind = old.kind
      AND state = CASE WHEN old.archived_at IS NOT NULL THEN 'archived' WHEN old.snoozed_until IS NOT NULL THEN 'snoozed'
                       WHEN old.read_at IS NULL THEN 'unread' ELSE 'read' END;
    INSERT INTO inbox_counts (cabinet_id, recipient_id, kind, state, n)
    VALUES (new.cabinet_id, new.recipient_id, new.kind,
            CASE WHEN new.archived_at IS NOT NULL THEN 'archived' WHEN new.snoozed_until IS NOT NULL THEN 'snoozed'
                 WHEN new.read_at IS NULL THEN 'unread' ELSE 'read' END,
            1)
    ON CONFLICT (cabinet_id, recipient_id, kind, state) DO UPDATE SET n = n + 1;
END;
