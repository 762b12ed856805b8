-- Vigie store: editing the firm's data in the window. Numbered 007 after main's 006
-- (tab counts); self-contained (it only refers to tables of 001 and 002), so that it can be
-- renumbered when merged with other migrations.

-- An alert email lists its recipient's notifications of its kind (its template) with ids in
-- (alert_from, alert_to]: the range of one check's new notifications. When a deadline is
-- done, a document received or a task finished (or any of them deleted) before its email
-- leaves, the queued email is rewritten without it, or withdrawn. NULL for other emails
-- (digest, welcome, test) and for alert emails queued before this version.
ALTER TABLE outbox ADD COLUMN alert_from INTEGER;
ALTER TABLE outbox ADD COLUMN alert_to INTEGER;

-- Indexes for the window's tables, each added for a query measured on the big firm
-- (benches/big_firm.rs: 100,000 deadlines, 200,000 document requests, 100,000 tasks, 110,000
-- notifications; milliseconds on a CPU, release build, this version's queries without, then
-- with the index).

-- The deadlines, documents and tasks tables open sorted by due date: without an index every
-- row is sorted to show 50 (deadlines 11 ms, page 1,001: 110 ms; documents 73 ms; tasks
-- 13 ms); with it, 4, 7, 9 and 4 ms. The date comes first: an index starting with the cabinet
-- would also cover the detectors' queries (cabinet, then due date), and SQLite would then take
-- it over their smaller partial indexes of open rows (deadlines_open, documents_missing,
-- tasks_open); the cabinet after it still lets a page skip other cabinets' rows in the index.
CREATE INDEX IF NOT EXISTS deadlines_by_due ON deadlines (due_date, cabinet_id);
CREATE INDEX IF NOT EXISTS documents_by_due ON document_requests (due_date, cabinet_id);
CREATE INDEX IF NOT EXISTS tasks_by_due ON tasks (due_date, cabinet_id);

-- The notifications about a subject: marking a deadline done reads and updates them (17 ms
-- without, 0.3 ms with), a client's page shows its latest (34 ms without, 1 ms with), and a
-- client's delete counts and deletes them (31 ms without, 0.5 ms with). Subject ids are
-- unique within their type, so the cabinet is not needed in the key.
CREATE INDEX IF NOT EXISTS notifications_by_subject ON notifications (subject_type, subject_id);
