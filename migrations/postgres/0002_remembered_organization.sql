-- The organization a person had open last, reopened at their next sign-in ("the choice
-- is remembered"). Kept on the user rather than read from old sessions, which are
-- revoked and purged.
ALTER TABLE users ADD COLUMN last_org_id BIGINT REFERENCES organizations (id) ON DELETE SET NULL;
