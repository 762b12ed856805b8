-- Vigie store, version 11: the inbox counters' triggers add to the counter with a plain UPDATE,
-- and insert it only when it is not there yet. Self-contained, so that it can be renumbered.
--
-- Version 6 wrote `INSERT … ON CONFLICT DO UPDATE`: every notification a check creates ran an
-- INSERT that SQLite set up (constraints, foreign keys) before finding the counter already
-- there. On the reference firm's first check (37,529 notifications, engine/benches/
-- whole_process.py) the upsert cost 95 ms of the inserts' 290, an UPDATE of a counter that
-- exists 20. The INSERT below still runs, but with `changes() = 0` false it writes nothing:
-- inside a trigger, changes() is the count of the previous statement of the same trigger
-- (https://sqlite.org/c3ref/changes.html), so a counter is created exactly when the UPDATE
-- found none. Same counts, same states as version 6.

DROP TRIGGER inbox_counts_insert;
CREATE TRIGGER inbox_counts_insert AFTER INSERT ON notifications
BEGIN
    UPDATE inbox_counts SET n = n + 1
    WHERE cabinet_id = new.cabinet_id AND recipient_id = new.recipient_id AND kind = new.kind
      AND state = CASE WHEN new.archived_at IS NOT NULL THEN 'archived' WHEN new.snoozed_until IS NOT NULL THEN 'snoozed'
                       WHEN new.read_at IS NULL THEN 'unread' ELSE 'read' END;
    INSERT INTO inbox_counts (cabinet_id, recipient_id, kind, state, n)
    SELECT new.cabinet_id, new.recipient_id, new.kind,
           CASE WHEN new.archived_at IS NOT NULL THEN 'archived' WHEN new.snoozed_until IS NOT NULL THEN 'snoozed'
                WHEN new.read_at IS NULL THEN 'unread' ELSE 'read' END,
           1
    WHERE changes() = 0;
END;

DROP TRIGGER inbox_counts_update;
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
    UPDATE inbox_counts SET n = n + 1
    WHERE cabinet_id = new.cabinet_id AND recipient_id = new.recipient_id AND kind = new.kind
      AND state = CASE WHEN new.archived_at IS NOT NULL THEN 'archived' WHEN new.snoozed_until IS NOT NULL THEN 'snoozed'
                       WHEN new.read_at IS NULL THEN 'unread' ELSE 'read' END;
    INSERT INTO inbox_counts (cabinet_id, recipient_id, kind, state, n)
    SELECT new.cabinet_id, new.recipient_id, new.kind,
           CASE WHEN new.archived_at IS NOT NULL THEN 'archived' WHEN new.snoozed_until IS NOT NULL THEN 'snoozed'
                WHEN new.read_at IS NULL THEN 'unread' ELSE 'read' END,
           1
    WHERE changes() = 0;
END;
