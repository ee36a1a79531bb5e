-- One sync of an organization runs each resource in turn, one `sync_runs` row each. The
-- health page shows a sync as one row with its resources, so every run names the sync
-- it belongs to: `cycle_id` is the id of that sync's first run. Runs recorded before
-- this column existed each count as a sync of their own.
ALTER TABLE sync_runs ADD COLUMN cycle_id BIGINT;
UPDATE sync_runs SET cycle_id = id;
CREATE INDEX sync_runs_org_cycle ON sync_runs (org_id, cycle_id);
