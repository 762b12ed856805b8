-- Vigie store, version 9: the partial indexes of open deadlines and open tasks also hold the
-- assignee and the status, so that counting each person's open work reads them alone.
-- Self-contained, so that it can be renumbered when merged with other migrations.
--
-- "Charge" (firm/workload.rs) counts each person's open deadlines and tasks that are late or
-- due within 30 days. On the big firm (benches/big_firm.rs: 100,000 deadlines and 100,000
-- tasks, some 8,400 and 10,000 of them open and due before the 30 days' end), the two counts
-- walked these indexes and read every row for its assignee (and its status, which the query
-- names to use a partial index): 29 to 35 ms on a CPU, release build. With both in the index
-- the counts read the index alone (SQLite's plan: COVERING INDEX): 7 to 10 ms. The check did
-- not move (first run 368 ms on a CPU, second 76; without, an hour earlier: 371 and 84). Same
-- names and leading columns (cabinet, due date), so the detectors read them as before; the
-- open rows are still indexed once.
DROP INDEX IF EXISTS deadlines_open;
CREATE INDEX deadlines_open ON deadlines (cabinet_id, due_date, assignee_id, status) WHERE status <> 'faite';
DROP INDEX IF EXISTS tasks_open;
CREATE INDEX tasks_open ON tasks (cabinet_id, due_date, assignee_id, status) WHERE status <> 'terminee';
