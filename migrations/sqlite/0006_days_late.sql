-- Days from the due date to the day an invoice was paid in full (negative: paid
-- early), kept beside days_to_settle for "usually pays N days after due". Computed in
-- Rust with the other invoice facts; the backfill after migrating fills it for settled
-- invoices stored before it existed.
ALTER TABLE invoices ADD COLUMN days_late INTEGER;
