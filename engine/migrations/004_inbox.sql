-- Vigie store, version 4: the desktop inbox. A notification can be snoozed (hidden until an
-- instant, then brought back unread by the engine) or archived (kept, shown only in the
-- archive). Instants are UTC RFC 3339 text, as in 001.
--
-- The badge rule: the unread counter counts unread notifications that are neither archived
-- nor snoozed. A snooze hides its notification until the engine wakes it (clears
-- `snoozed_until`), so the counter never depends on the time and the triggers keep it exact.

-- 001 had an unused 0/1 `archived` flag; the instant says more (and sorts the archive).
ALTER TABLE notifications ADD COLUMN archived_at TEXT;
UPDATE notifications SET archived_at = created_at WHERE archived = 1;
ALTER TABLE notifications DROP COLUMN archived;

DROP TRIGGER unread_counts_insert;
DROP TRIGGER unread_counts_delete;
DROP TRIGGER unread_counts_update_old;
DROP TRIGGER unread_counts_update_new;

CREATE TRIGGER unread_counts_insert AFTER INSERT ON notifications
WHEN new.read_at IS NULL AND new.archived_at IS NULL AND new.snoozed_until IS NULL
BEGIN
    INSERT INTO unread_counts (cabinet_id, recipient_id, unread)
    VALUES (new.cabinet_id, new.recipient_id, 1)
    ON CONFLICT (cabinet_id, recipient_id) DO UPDATE SET unread = unread + 1;
END;

CREATE TRIGGER unread_counts_delete AFTER DELETE ON notifications
WHEN old.read_at IS NULL AND old.archived_at IS NULL AND old.snoozed_until IS NULL
BEGIN
    UPDATE unread_counts SET unread = unread - 1
    WHERE cabinet_id = old.cabinet_id AND recipient_id = old.recipient_id;
END;

-- An update is the removal of the old row and the insertion of the new one.
CREATE TRIGGER unread_counts_update_old
AFTER UPDATE OF read_at, archived_at, snoozed_until, cabinet_id, recipient_id ON notifications
WHEN old.read_at IS NULL AND old.archived_at IS NULL AND old.snoozed_until IS NULL
BEGIN
    UPDATE unread_counts SET unread = unread - 1
    WHERE cabinet_id = old.cabinet_id AND recipient_id = old.recipient_id;
END;

CREATE TRIGGER unread_counts_update_new
AFTER UPDATE OF read_at, archived_at, snoozed_until, cabinet_id, recipient_id ON notifications
WHEN new.read_at IS NULL AND new.archived_at IS NULL AND new.snoozed_until IS NULL
BEGIN
    INSERT INTO unread_counts (cabinet_id, recipient_id, unread)
    VALUES (new.cabinet_id, new.recipient_id, 1)
    ON CONFLICT (cabinet_id, recipient_id) DO UPDATE SET unread = unread + 1;
END;

-- Rows snoozed or archived before this version leave the count.
UPDATE unread_counts SET unread = (
    SELECT count(*) FROM notifications n
    WHERE n.cabinet_id = unread_counts.cabinet_id AND n.recipient_id = unread_counts.recipient_id
      AND n.read_at IS NULL AND n.archived_at IS NULL AND n.snoozed_until IS NULL
);

-- Keyset paging of each tab, newest first: the unread tab and the archive by id; a kind's
-- tab by (kind, id). The other tabs use notifications_inbox.
DROP INDEX notifications_unread;
CREATE INDEX notifications_unread ON notifications (cabinet_id, recipient_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_by_kind ON notifications (cabinet_id, recipient_id, kind, id);
CREATE INDEX notifications_archived ON notifications (cabinet_id, recipient_id, id) WHERE archived_at IS NOT NULL;
-- Waking ended snoozes reads only the snoozed rows, by end.
CREATE INDEX notifications_snoozed ON notifications (snoozed_until) WHERE snoozed_until IS NOT NULL;
