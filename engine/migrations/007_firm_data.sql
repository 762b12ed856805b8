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
