-- Row-level security: a backstop behind the application's own org_id filters. The app
-- runs as the role ledgerlight_app (it connects as any login role that is a member and
-- switches with SET ROLE), which has no BYPASSRLS and owns nothing, so every tenant
-- table below shows it only the rows of the organization its transaction set:
--     SELECT set_config('app.org_id', '<id>', true)   -- true: transaction-local
-- Transaction-local, never per session: pooled connections serve other organizations
-- next. Platform admin views set app.all_orgs instead, for reading only.
-- Tables read before an organization is known (organizations, users, memberships,
-- invitations, sessions, plans, subscriptions, audit_log, rate limits) are guarded by
-- the code alone.
--
-- Roles are cluster-wide; migrations of several databases may race to create it.
DO $$
BEGIN
    CREATE ROLE ledgerlight_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- The migrating login role must be able to SET ROLE to it. A superuser can already; a
-- role with CREATEROLE can grant itself; anyone else needs an administrator to run
-- GRANT ledgerlight_app TO <login>, and the app says so at start.
DO $$
BEGIN
    EXECUTE format('GRANT ledgerlight_app TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO ledgerlight_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ledgerlight_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ledgerlight_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ledgerlight_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ledgerlight_app;
-- The audit log is append-only for the application as well as by its trigger.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ledgerlight_app;
-- The migrations table is the owner's business.
REVOKE ALL ON _sqlx_migrations FROM ledgerlight_app;

-- NULLIF: once a transaction-local setting has been used on a connection, later
-- transactions read it as '' rather than NULL, and ''::bigint would raise.
CREATE FUNCTION app_org_id() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::bigint $$;
CREATE FUNCTION app_all_orgs() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT COALESCE(current_setting('app.all_orgs', true), '') = 'on' $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'customers', 'products', 'invoices', 'invoice_lines', 'bills', 'bank_payments',
        'payment_associations', 'revenue_daily', 'customer_revenue_monthly',
        'receivables_daily', 'sync_state', 'sync_runs', 'validation_errors', 'event_log',
        'usage_events', 'usage_daily', 'usage_monthly', 'cached_resources',
        'cache_access_log', 'billing_events'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        -- FORCE: the table owner is held to the policy too.
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- Reading: the organization set, or every organization for admin views.
        -- Writing: only ever the organization set.
        EXECUTE format(
            'CREATE POLICY org_isolation ON %I USING (org_id = app_org_id() OR app_all_orgs()) '
            'WITH CHECK (org_id = app_org_id())', t);
    END LOOP;
END
$$;

-- Views run with their owner's rights unless told otherwise; this one must see only
-- what the asking role may see.
ALTER VIEW cache_stats SET (security_invoker = true);
