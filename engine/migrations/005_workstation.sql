-- Vigie store: the workstation (the one staff member this installation pops up for) and each
-- person's quiet hours. Self-contained (it only refers to tables of 001), so that it can be
-- renumbered when merged with other migrations. Instants are UTC RFC 3339 text, as in 001.

-- Quiet hours: local 'HH:MM' times in the cabinet's timezone, read as [from, until), spanning
-- midnight when from > until; both NULL (the default) means none.
ALTER TABLE staff ADD COLUMN quiet_from TEXT;
ALTER TABLE staff ADD COLUMN quiet_until TEXT;

-- One row at most: the store is per installation, so this is the computer's own state.
CREATE TABLE workstation (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    -- The person whose pop-ups, badge and inbox the desktop shows; deleting them (or their
    -- cabinet) leaves no user rather than a dangling one.
    staff_id            INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    -- Pop-ups muted on this computer: NULL none, 'indefinite', or the instant they resume.
    popups_muted_until  TEXT,
    -- Notifications up to this id have been dealt with (popped, or held for good): a watermark,
    -- so that nothing pops twice, across restarts too.
    last_popped_id      INTEGER NOT NULL DEFAULT 0,
    -- The cabinet "Essayer avec la démo" created, which "Quitter la démo" deletes.
    demo_cabinet_id     INTEGER REFERENCES cabinets(id) ON DELETE SET NULL
);
