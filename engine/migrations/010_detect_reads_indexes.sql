-- Vigie store, version 10: the partial indexes the check walks hold every column it reads,
-- so that it never goes to the table rows. Self-contained, so that it can be renumbered.
--
-- The check reads each open deadline due within the horizon, each missing document due within
-- its horizon and each late task: on the reference firm (engine/benches/whole_process.py:
-- 9,700 deadlines, 17,200 documents, 9,500 tasks) that was one index entry then one table row
-- each, the table rows scattered over 60 MB: a fresh process spent a third of a repeated
-- check's time fetching them (FIGURES). Same names and leading columns, so every query that
-- used them still does; the open rows are still indexed once, each entry longer by its label.
DROP INDEX IF EXISTS deadlines_open;
CREATE INDEX deadlines_open ON deadlines (cabinet_id, due_date, assignee_id, status, client_id, label)
    WHERE status <> 'faite';
DROP INDEX IF EXISTS tasks_open;
CREATE INDEX tasks_open ON tasks (cabinet_id, due_date, assignee_id, status, client_id, title, priority)
    WHERE status <> 'terminee';
DROP INDEX IF EXISTS documents_missing;
CREATE INDEX documents_missing ON document_requests (cabinet_id, due_date, requested_on, owner_id, client_id, label)
    WHERE received_on IS NULL;
