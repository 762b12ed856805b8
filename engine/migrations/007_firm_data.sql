-- Vigie store, version 7: editing the firm's data in the window. Self-contained (it only
-- refers to tables of 001 and 002), so that it can be renumbered when merged with other
-- migrations.

-- An alert email lists its recipient's notifications of its kind (its template) with ids in
-- (alert_from, alert_to]: the range of one check's new notifications. When a deadline is
-- done, a document received or a task finished (or any of them deleted) before its email
-- leaves, the queued email is rewritten without it, or withdrawn. NULL for other emails
-- (digest, welcome, test) and for alert emails queued before this version.
ALTER TABLE outbox ADD COLUMN alert_from INTEGER;
ALTER TABLE outbox ADD COLUMN alert_to INTEGER;

-- Indexes for the window's tables, each added for a query measured on the big firm
-- (benches/big_firm.rs: 100,000 deadlines, 200,000 document requests, 100,000 tasks, 110,000
-- notifications; on-CPU milliseconds, release build, without then with the index).

-- The deadlines, documents and tasks tables open sorted by due date: without an index every
-- row is sorted to show 50 (deadlines 11 ms, page 1,001: 76 ms; documents 73 ms; tasks
-- 13 ms); with it 3, 9, 7 and 3 ms. The date comes first: an index starting with the cabinet
-- would also serve the detectors' queries (cabinet, then due date), and SQLite would take it
-- over their smaller partial indexes of open rows (deadlines_open, documents_missing,
-- tasks_open); the cabinet after the date lets a page skip other cabinets' rows in the index.
CREATE INDEX IF NOT EXISTS deadlines_by_due ON deadlines (due_date, cabinet_id);
CREATE INDEX IF NOT EXISTS documents_by_due ON document_requests (due_date, cabinet_id);
CREATE INDEX IF NOT EXISTS tasks_by_due ON tasks (due_date, cabinet_id);

-- The notifications about a subject: marking a deadline done reads and updates them (17 ms
-- without, 0.2 ms with), a client's page shows its latest (34 ms, 1 ms), and a client's
-- delete counts and deletes them (31 ms, 0.2 ms). The check, which inserts 10,869
-- notifications, was measured at 280 ms on a CPU with it, 284 to 319 ms without. Subject ids
-- are unique within their type, so the cabinet is not in the key.
CREATE INDEX IF NOT EXISTS notifications_by_subject ON notifications (subject_type, subject_id);
