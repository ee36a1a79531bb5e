-- What the Billy sync needs beyond the first schema.
--
-- Change detection: a hash of each mirrored record as last written. A sync that meets
-- a record whose hash is unchanged writes nothing, so running the same sync twice
-- writes no rows the second time (and announces no change).
ALTER TABLE customers ADD COLUMN content_hash TEXT;
ALTER TABLE products ADD COLUMN content_hash TEXT;
ALTER TABLE invoices ADD COLUMN content_hash TEXT;
ALTER TABLE bills ADD COLUMN content_hash TEXT;
ALTER TABLE bank_payments ADD COLUMN content_hash TEXT;

-- Progress of a running sync (records done of the total Billy announced) and the last
-- drift check: Billy's own count and total against ours.
ALTER TABLE sync_state ADD COLUMN progress_done BIGINT;
ALTER TABLE sync_state ADD COLUMN progress_total BIGINT;
ALTER TABLE sync_state ADD COLUMN drift_checked_at TIMESTAMPTZ;
ALTER TABLE sync_state ADD COLUMN upstream_count BIGINT;
ALTER TABLE sync_state ADD COLUMN local_count BIGINT;
ALTER TABLE sync_state ADD COLUMN upstream_total_minor BIGINT;
ALTER TABLE sync_state ADD COLUMN local_total_minor BIGINT;

-- Demo organizations remember how their history was generated, so the Billy simulator
-- started with the app serves exactly the data the seeding wrote, on any later day.
ALTER TABLE organizations ADD COLUMN demo_spec TEXT;
