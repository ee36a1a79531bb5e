-- The backfill after migrating looks for invoices whose facts are missing (see
-- `backfill_invoice_facts`). Without an index that is a scan of every invoice at every
-- start; this partial index holds only the rows still to fill, so once they are filled
-- the start-up check reads an empty index.
CREATE INDEX invoices_missing_facts ON invoices (org_id, id)
    WHERE search_text IS NULL OR (settled_on IS NOT NULL AND days_late IS NULL);
