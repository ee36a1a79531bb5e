-- What the invoice table, its search and the settlement figures need.
--
-- Computed in Rust for every invoice a write touches (and once for existing rows by
-- the backfill that runs after migrating; NULL means "not computed yet"):
--   gross_base_minor  gross in base currency at the invoice's own rate, negative for
--                     credit notes (sorting and the amount filter);
--   search_text       number and line texts, folded (lower case, Danish letters kept
--                     apart) so that search matches alike on both engines;
--   settled_on        the day recorded payments reached the gross amount;
--   days_to_settle    settled_on - entry_date.
ALTER TABLE invoices ADD COLUMN gross_base_minor BIGINT;
ALTER TABLE invoices ADD COLUMN search_text TEXT COLLATE "C";
ALTER TABLE invoices ADD COLUMN settled_on DATE;
ALTER TABLE invoices ADD COLUMN days_to_settle INTEGER;
-- The customer's name folded the same way: sorts Danish names in Danish order
-- (æ, ø, å after z) bytewise, and is what a search matches names against.
ALTER TABLE customers ADD COLUMN sort_name TEXT COLLATE "C";
-- Invoice numbers sort bytewise, as on SQLite, whatever the database's collation.
ALTER TABLE invoices ALTER COLUMN invoice_no TYPE TEXT COLLATE "C";

CREATE INDEX invoices_org_gross_base ON invoices (org_id, gross_base_minor);
CREATE INDEX invoices_org_settled ON invoices (org_id, settled_on, entry_date);
CREATE INDEX customers_org_sort_name ON customers (org_id, sort_name);
