-- Ledgerlight initial schema, SQLite 3.40+ (the embedded default engine).
-- Holds: organizations and accounts (users, memberships, invitations, sessions), plans and
-- billing, the Billy mirror (customers, products, invoices, lines, bills, bank payments,
-- payment associations), rollups, sync bookkeeping, the live-update event log, the
-- append-only audit log, usage metering, rate limits and cache bookkeeping.
-- migrations/postgres/0001_initial.sql must keep the same table and column names: the
-- Rust code binds by name and runs the same SQL text on both engines.
--
-- Conventions on this engine, and why:
-- * Tables are STRICT so a wrongly typed bind (a float into a money column, text into an
--   integer) fails here as it would on PostgreSQL, instead of being stored silently.
-- * Timestamps are TEXT as sqlx writes DateTime<Utc>: RFC 3339 with '+00:00'
--   ('2026-11-21T10:00:00.123456+00:00'). Defaults use the same '+00:00' suffix so stored
--   values keep sorting correctly as text; anything that compares with "now" goes through
--   julianday() on both sides, which is immune to format differences.
-- * Dates are TEXT 'YYYY-MM-DD' (sqlx's NaiveDate format), booleans INTEGER 0/1, JSON TEXT
--   checked with json_valid(), money INTEGER minor units (64-bit, like BIGINT).
-- * Tenant tables carry org_id, and every index leads with it. Parent tables also have
--   UNIQUE (org_id, id) so child rows reference (org_id, parent_id): the database itself
--   then refuses a row that points into another organization's data.

-- ---------------------------------------------------------------------------------------
-- Tenants and accounts
-- ---------------------------------------------------------------------------------------

CREATE TABLE organizations (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Appears in URLs, so limited to lower-case letters, digits and dashes.
    slug                   TEXT NOT NULL UNIQUE
                           CHECK (slug <> '' AND length(slug) <= 63 AND slug NOT GLOB '*[^a-z0-9-]*'),
    name                   TEXT NOT NULL,
    base_currency          TEXT NOT NULL DEFAULT 'DKK' CHECK (length(base_currency) = 3),
    timezone               TEXT NOT NULL DEFAULT 'Europe/Copenhagen',
    fiscal_year_end_month  INTEGER NOT NULL DEFAULT 12 CHECK (fiscal_year_end_month BETWEEN 1 AND 12),
    billy_organization_id  TEXT,
    billy_base_url         TEXT,
    -- The Billy API token, AEAD-encrypted by the application; the plaintext is never
    -- stored. Ciphertext and nonce are only meaningful together.
    billy_token_ciphertext BLOB,
    billy_token_nonce      BLOB,
    settings               TEXT NOT NULL DEFAULT '{}'
                           CHECK (json_valid(settings) AND json_type(settings) = 'object'),
    is_demo                INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    -- Denormalised from org_subscriptions.status so request-time gating needs no join.
    subscription_state     TEXT NOT NULL DEFAULT 'active'
                           CHECK (subscription_state IN ('active', 'trialing', 'past_due', 'canceled')),
    created_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    CHECK ((billy_token_ciphertext IS NULL) = (billy_token_nonce IS NULL))
) STRICT;

-- Platform-level accounts: not tenant rows (a user can belong to several organizations
-- through memberships), so no org_id.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Unique case-insensitively (NOCASE folds ASCII only, which covers real addresses'
    -- domain parts and almost all local parts). PostgreSQL uses a lower(email) index.
    email                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    password_hash        TEXT NOT NULL,
    display_name         TEXT,
    platform_role        TEXT NOT NULL DEFAULT 'user'
                         CHECK (platform_role IN ('super_admin', 'admin', 'user')),
    username             TEXT COLLATE NOCASE UNIQUE,
    first_name           TEXT,
    last_name            TEXT,
    phone                TEXT,
    company_name         TEXT,
    vat_number           TEXT,
    address_line1        TEXT,
    address_line2        TEXT,
    postal_code          TEXT,
    city                 TEXT,
    country_code         TEXT,
    onboarding_completed INTEGER NOT NULL DEFAULT 0 CHECK (onboarding_completed IN (0, 1)),
    last_sign_in_at      TEXT,
    created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
) STRICT;

CREATE TABLE memberships (
    org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    PRIMARY KEY (org_id, user_id)
) STRICT;
-- The one index not led by org_id: "which organizations may this user open" is asked
-- before any organization is known, and user deletion cascades through it.
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email       TEXT NOT NULL COLLATE NOCASE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    -- Only a hash of the emailed token is kept, so a database leak yields no usable links.
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    expires_at  TEXT NOT NULL,
    accepted_at TEXT,
    accepted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    revoked_at  TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
) STRICT;
CREATE INDEX invitations_org_created ON invitations (org_id, created_at);

-- Sign-in sessions (added beyond the brief: several stateless app servers must share
-- them, and signing out everywhere needs a row to revoke). Not tenant-scoped: a session
-- belongs to a user; active_org_id is the organization currently open, re-checked
-- against memberships on every request. Only a hash of the cookie token is stored.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    active_org_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    ip            TEXT,
    user_agent    TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    last_seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    expires_at    TEXT NOT NULL,
    revoked_at    TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- ---------------------------------------------------------------------------------------
-- Plans and billing (billing is per organization, never per user)
-- ---------------------------------------------------------------------------------------

-- Reference data, not tenant rows. The id is a stable key that code and org_subscriptions
-- refer to; the display name and price may change.
CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),  -- per month
    currency    TEXT NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
    sort_order  INTEGER NOT NULL,
    is_public   INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1))
) STRICT;

-- Limits live in data so plans can change without a release. feature_key is an open set
-- (new features add rows), hence no CHECK list; code must treat a missing row as "not
-- included".
CREATE TABLE plan_features (
    plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    feature_key TEXT NOT NULL,
    -- -1 = unlimited; feature flags use 1 (on) / 0 (off).
    limit_value INTEGER NOT NULL CHECK (limit_value >= -1),
    PRIMARY KEY (plan_id, feature_key)
) STRICT, WITHOUT ROWID;

INSERT INTO plans (id, name, price_minor, currency, sort_order, is_public) VALUES
    ('free',       'Free',           0, 'EUR', 1, 1),
    ('pro',        'Pro',         9900, 'EUR', 2, 1),
    ('business',   'Business',   29900, 'EUR', 3, 1),
    ('enterprise', 'Enterprise', 99900, 'EUR', 4, 1);

INSERT INTO plan_features (plan_id, feature_key, limit_value) VALUES
    ('free', 'max_records',                 100),
    ('free', 'max_api_calls_per_month',    1000),
    ('free', 'max_automations',               1),
    ('free', 'max_storage_gb',                1),
    ('free', 'max_mau',                       1),
    ('free', 'max_schedules',                 1),
    ('free', 'max_ai_tokens_per_month',       0),
    ('free', 'max_seats',                     1),
    ('free', 'api_access',                    0),
    ('free', 'advanced_analytics',            0),
    ('free', 'sso',                           0),
    ('free', 'custom_branding',               0),
    ('free', 'priority_support',              0),

    ('pro', 'max_records',                10000),
    ('pro', 'max_api_calls_per_month',    50000),
    ('pro', 'max_automations',               10),
    ('pro', 'max_storage_gb',                10),
    ('pro', 'max_mau',                        5),
    ('pro', 'max_schedules',                 10),
    ('pro', 'max_ai_tokens_per_month',   100000),
    ('pro', 'max_seats',                      5),
    ('pro', 'api_access',                     1),
    ('pro', 'advanced_analytics',             1),
    ('pro', 'sso',                            0),
    ('pro', 'custom_branding',                0),
    ('pro', 'priority_support',               0),

    ('business', 'max_records',          100000),
    ('business', 'max_api_calls_per_month', 500000),
    ('business', 'max_automations',         100),
    ('business', 'max_storage_gb',          100),
    ('business', 'max_mau',                  50),
    ('business', 'max_schedules',           100),
    ('business', 'max_ai_tokens_per_month', 1000000),
    ('business', 'max_seats',                50),
    ('business', 'api_access',                1),
    ('business', 'advanced_analytics',        1),
    ('business', 'sso',                       1),
    ('business', 'custom_branding',           1),
    ('business', 'priority_support',          1),

    ('enterprise', 'max_records',            -1),
    ('enterprise', 'max_api_calls_per_month', -1),
    ('enterprise', 'max_automations',        -1),
    ('enterprise', 'max_storage_gb',         -1),
    ('enterprise', 'max_mau',                -1),
    ('enterprise', 'max_schedules',          -1),
    ('enterprise', 'max_ai_tokens_per_month', -1),
    ('enterprise', 'max_seats',              -1),
    ('enterprise', 'api_access',              1),
    ('enterprise', 'advanced_analytics',      1),
    ('enterprise', 'sso',                     1),
    ('enterprise', 'custom_branding',         1),
    ('enterprise', 'priority_support',        1);

-- One subscription per organization (created with the organization, on 'free').
CREATE TABLE org_subscriptions (
    org_id                   INTEGER PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id                  TEXT NOT NULL REFERENCES plans (id),
    seats                    INTEGER NOT NULL CHECK (seats >= 1),
    status                   TEXT NOT NULL CHECK (status IN ('active', 'trialing', 'past_due', 'canceled')),
    provider                 TEXT,
    provider_customer_id     TEXT,
    provider_subscription_id TEXT,
    current_period_start     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    current_period_end       TEXT,
    created_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    -- A payment provider's webhook names its subscription, not our organization: these
    -- lookups are how the organization is found, so they cannot lead with org_id.
    UNIQUE (provider, provider_subscription_id)
) STRICT;
CREATE INDEX org_subscriptions_provider_customer ON org_subscriptions (provider, provider_customer_id);

CREATE TABLE billing_events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id            INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- Open set ('plan_changed', 'payment_succeeded', provider event types ...): no CHECK.
    kind              TEXT NOT NULL,
    provider          TEXT,
    provider_event_id TEXT,
    payload           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    actor_user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    CHECK (provider_event_id IS NULL OR provider IS NOT NULL),
    -- Webhook idempotency: a provider event is recorded once. Deliberately not led by
    -- org_id: the event id is unique at the provider, and a redelivery must collide even
    -- if it were attributed to another organization. NULLs are distinct, so events
    -- without a provider id (manual plan changes) are not constrained.
    UNIQUE (provider, provider_event_id)
) STRICT;
CREATE INDEX billing_events_org_created ON billing_events (org_id, created_at);

-- ---------------------------------------------------------------------------------------
-- The Billy mirror. Rows are keyed by (org_id, billy_id) for upserts; synced_at is when
-- the sync last wrote the row (these tables have no updated_at: synced_at is it).
-- ---------------------------------------------------------------------------------------

CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id              INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    billy_id            TEXT NOT NULL,
    name                TEXT NOT NULL,
    contact_type        TEXT NOT NULL CHECK (contact_type IN ('company', 'person')),
    country_code        TEXT,
    city                TEXT,
    contact_no          TEXT,
    currency            TEXT CHECK (length(currency) = 3),
    registration_no     TEXT,
    ean                 TEXT,
    is_customer         INTEGER NOT NULL DEFAULT 1 CHECK (is_customer IN (0, 1)),
    is_supplier         INTEGER NOT NULL DEFAULT 0 CHECK (is_supplier IN (0, 1)),
    payment_terms_days  INTEGER,
    is_archived         INTEGER NOT NULL DEFAULT 0 CHECK (is_archived IN (0, 1)),
    upstream_created_at TEXT,
    synced_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    UNIQUE (org_id, billy_id),
    UNIQUE (org_id, id)  -- target of same-organization foreign keys
) STRICT;
CREATE INDEX customers_org_name ON customers (org_id, name);

CREATE TABLE products (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id           INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    billy_id         TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT,
    product_no       TEXT,
    is_archived      INTEGER NOT NULL DEFAULT 0 CHECK (is_archived IN (0, 1)),
    unit_price_minor INTEGER,
    currency         TEXT CHECK (length(currency) = 3),
    synced_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    -- A price without its currency would be a bare number.
    CHECK (unit_price_minor IS NULL OR currency IS NOT NULL),
    UNIQUE (org_id, billy_id),
    UNIQUE (org_id, id)
) STRICT;

-- Invoices and credit notes. Amounts are positive as upstream sends them; kind carries
-- the sign. exchange_rate_micros = base-currency units per 1 unit of `currency`, x 10^6.
CREATE TABLE invoices (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id               INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    billy_id             TEXT NOT NULL,
    customer_id          INTEGER NOT NULL,
    invoice_no           TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    state                TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'voided')),
    sent_state           TEXT NOT NULL DEFAULT 'unsent'
                         CHECK (sent_state IN ('unsent', 'printed', 'sent', 'opened', 'viewed')),
    entry_date           TEXT NOT NULL,
    due_date             TEXT NOT NULL,
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    exchange_rate_micros INTEGER NOT NULL CHECK (exchange_rate_micros > 0),
    tax_mode             TEXT NOT NULL CHECK (tax_mode IN ('incl', 'excl')),
    net_minor            INTEGER NOT NULL,
    tax_minor            INTEGER NOT NULL,
    gross_minor          INTEGER NOT NULL,
    -- Kept beside gross_minor: upstream's balance may include late fees.
    balance_minor        INTEGER NOT NULL,
    is_paid              INTEGER NOT NULL CHECK (is_paid IN (0, 1)),
    credited_invoice_id  INTEGER,
    line_description     TEXT,
    upstream_created_at  TEXT,
    approved_at          TEXT,
    synced_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    UNIQUE (org_id, billy_id),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
    FOREIGN KEY (org_id, credited_invoice_id) REFERENCES invoices (org_id, id)
) STRICT;
CREATE INDEX invoices_org_entry ON invoices (org_id, entry_date);
CREATE INDEX invoices_org_due ON invoices (org_id, due_date);
CREATE INDEX invoices_org_customer_entry ON invoices (org_id, customer_id, entry_date);
CREATE INDEX invoices_org_paid_due ON invoices (org_id, is_paid, due_date);
CREATE INDEX invoices_org_no ON invoices (org_id, invoice_no);
-- Serves the credited_invoice_id foreign key (deleting an invoice looks for credit notes).
CREATE INDEX invoices_org_credited ON invoices (org_id, credited_invoice_id)
    WHERE credited_invoice_id IS NOT NULL;

-- Line amounts are in the invoice's currency; no currency column here, so it cannot
-- disagree with the invoice's.
CREATE TABLE invoice_lines (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id           INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    invoice_id       INTEGER NOT NULL,
    billy_id         TEXT,
    position         INTEGER NOT NULL CHECK (position >= 0),
    product_id       INTEGER,
    description      TEXT NOT NULL,
    quantity_milli   INTEGER NOT NULL,  -- quantity x 1000
    unit_price_minor INTEGER NOT NULL,
    net_minor        INTEGER NOT NULL,
    tax_minor        INTEGER NOT NULL,
    UNIQUE (org_id, invoice_id, position),
    FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, product_id) REFERENCES products (org_id, id)
) STRICT;
-- Serves the product_id foreign key.
CREATE INDEX invoice_lines_org_product ON invoice_lines (org_id, product_id);

CREATE TABLE bills (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id               INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    billy_id             TEXT NOT NULL,
    supplier_id          INTEGER,
    supplier_name        TEXT,
    entry_date           TEXT NOT NULL,
    due_date             TEXT NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'voided')),
    suppliers_invoice_no TEXT,
    voucher_no           TEXT,
    net_minor            INTEGER NOT NULL,
    tax_minor            INTEGER NOT NULL,
    gross_minor          INTEGER NOT NULL,
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    exchange_rate_micros INTEGER NOT NULL CHECK (exchange_rate_micros > 0),
    balance_minor        INTEGER NOT NULL,
    is_paid              INTEGER NOT NULL CHECK (is_paid IN (0, 1)),
    upstream_created_at  TEXT,
    synced_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    UNIQUE (org_id, billy_id),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, supplier_id) REFERENCES customers (org_id, id)
) STRICT;
CREATE INDEX bills_org_entry ON bills (org_id, entry_date);
CREATE INDEX bills_org_paid_due ON bills (org_id, is_paid, due_date);
CREATE INDEX bills_org_supplier ON bills (org_id, supplier_id);

CREATE TABLE bank_payments (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id               INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    billy_id             TEXT NOT NULL,
    customer_id          INTEGER,
    entry_date           TEXT NOT NULL,
    cash_amount_minor    INTEGER NOT NULL,
    currency             TEXT NOT NULL CHECK (length(currency) = 3),
    -- debit = money in (invoices), credit = money out (bills).
    cash_side            TEXT NOT NULL CHECK (cash_side IN ('debit', 'credit')),
    exchange_rate_micros INTEGER NOT NULL CHECK (exchange_rate_micros > 0),
    fee_minor            INTEGER NOT NULL DEFAULT 0,
    is_voided            INTEGER NOT NULL DEFAULT 0 CHECK (is_voided IN (0, 1)),
    upstream_created_at  TEXT,
    synced_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    UNIQUE (org_id, billy_id),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
) STRICT;
CREATE INDEX bank_payments_org_entry ON bank_payments (org_id, entry_date);
CREATE INDEX bank_payments_org_customer ON bank_payments (org_id, customer_id);

-- What a payment settles. amount_minor is in the subject document's currency, which is
-- read from that document rather than copied here.
CREATE TABLE payment_associations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    payment_id   INTEGER NOT NULL,
    invoice_id   INTEGER,
    bill_id      INTEGER,
    amount_minor INTEGER NOT NULL,
    CHECK ((invoice_id IS NOT NULL AND bill_id IS NULL) OR (invoice_id IS NULL AND bill_id IS NOT NULL)),
    FOREIGN KEY (org_id, payment_id) REFERENCES bank_payments (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, bill_id) REFERENCES bills (org_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX payment_associations_org_invoice ON payment_associations (org_id, invoice_id);
CREATE INDEX payment_associations_org_bill ON payment_associations (org_id, bill_id);
CREATE INDEX payment_associations_org_payment ON payment_associations (org_id, payment_id);

-- ---------------------------------------------------------------------------------------
-- Rollups: rebuilt by the application for the days/months a write touched, inside the
-- writing transaction (src/store/rollups.rs). *_base_minor amounts are in the
-- organization's base_currency; `currency` is the documents' currency (a grouping key).
-- WITHOUT ROWID: the primary key is the only access path, so store rows clustered by it.
-- ---------------------------------------------------------------------------------------

CREATE TABLE revenue_daily (
    org_id            INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day               TEXT NOT NULL,
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    invoice_count     INTEGER NOT NULL DEFAULT 0,
    credit_note_count INTEGER NOT NULL DEFAULT 0,
    net_minor         INTEGER NOT NULL DEFAULT 0,
    gross_minor       INTEGER NOT NULL DEFAULT 0,
    net_base_minor    INTEGER NOT NULL DEFAULT 0,
    gross_base_minor  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day, currency)
) STRICT, WITHOUT ROWID;

CREATE TABLE customer_revenue_monthly (
    org_id         INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- First day of the month; the CHECK also rejects anything not 'YYYY-MM-DD'.
    month          TEXT NOT NULL CHECK (month = date(month, 'start of month')),
    customer_id    INTEGER NOT NULL,
    invoice_count  INTEGER NOT NULL,
    net_base_minor INTEGER NOT NULL,
    PRIMARY KEY (org_id, month, customer_id),
    FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
-- Serves the customer foreign key and per-customer history (customer insights).
CREATE INDEX customer_revenue_monthly_org_customer
    ON customer_revenue_monthly (org_id, customer_id, month);

CREATE TABLE receivables_daily (
    org_id                    INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day                       TEXT NOT NULL,
    currency                  TEXT NOT NULL CHECK (length(currency) = 3),
    invoiced_base_minor       INTEGER NOT NULL DEFAULT 0,
    paid_base_minor           INTEGER NOT NULL DEFAULT 0,
    due_base_minor            INTEGER NOT NULL DEFAULT 0,
    paid_by_due_base_minor    INTEGER NOT NULL DEFAULT 0,
    paid_after_due_base_minor INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day, currency)
) STRICT, WITHOUT ROWID;

-- ---------------------------------------------------------------------------------------
-- Sync bookkeeping
-- ---------------------------------------------------------------------------------------

CREATE TABLE sync_state (
    org_id                 INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    resource               TEXT NOT NULL CHECK (resource IN
                           ('organization', 'contacts', 'products', 'invoices', 'bank_payments', 'bills')),
    status                 TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'failed')),
    cursor                 TEXT,
    last_started_at        TEXT,
    last_finished_at       TEXT,
    last_success_at        TEXT,
    last_error_kind        TEXT,
    last_error_message     TEXT,
    next_run_at            TEXT,
    last_full_reconcile_at TEXT,
    updated_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    PRIMARY KEY (org_id, resource)
) STRICT;

-- The cron execution log: one row per sync run.
CREATE TABLE sync_runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    resource        TEXT NOT NULL CHECK (resource IN
                    ('organization', 'contacts', 'products', 'invoices', 'bank_payments', 'bills')),
    trigger_kind    TEXT NOT NULL CHECK (trigger_kind IN ('schedule', 'manual', 'startup', 'seed')),
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    -- NULL while running. julianday() parses every RFC 3339 variant sqlx writes; its
    -- double precision (~40 microseconds) is ample for milliseconds. (unixepoch(...,
    -- 'subsec') would be exact but needs SQLite 3.42.)
    duration_ms     INTEGER GENERATED ALWAYS AS
                    (CAST(round((julianday(finished_at) - julianday(started_at)) * 86400000.0) AS INTEGER)) VIRTUAL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    pages_fetched   INTEGER NOT NULL DEFAULT 0,
    records_added   INTEGER NOT NULL DEFAULT 0,
    records_changed INTEGER NOT NULL DEFAULT 0,
    records_removed INTEGER NOT NULL DEFAULT 0,
    retries         INTEGER NOT NULL DEFAULT 0,
    rate_limited    INTEGER NOT NULL DEFAULT 0,
    error_kind      TEXT,
    error_message   TEXT,
    -- A finished run has a finish time (so a duration) and a running one has none.
    CHECK ((status = 'running') = (finished_at IS NULL))
) STRICT;
CREATE INDEX sync_runs_org_started ON sync_runs (org_id, started_at);
CREATE INDEX sync_runs_org_resource_started ON sync_runs (org_id, resource, started_at);

-- Upstream records that failed checks, kept for people to review.
CREATE TABLE validation_errors (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    resource    TEXT NOT NULL CHECK (resource IN
                ('organization', 'contacts', 'products', 'invoices', 'bank_payments', 'bills')),
    upstream_id TEXT,
    reason      TEXT NOT NULL,
    payload     TEXT CHECK (json_valid(payload)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    reviewed_at TEXT,
    reviewed_by INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX validation_errors_org_created ON validation_errors (org_id, created_at);

-- ---------------------------------------------------------------------------------------
-- Live updates and audit
-- ---------------------------------------------------------------------------------------

-- Per-organization live-update log, appended in the same transaction as the data it
-- announces. id is the SSE cursor: AUTOINCREMENT so ids are never reused after pruning
-- (a reused id would let a resuming client skip events). SQLite has one writer at a time,
-- so ids also become visible in id order.
CREATE TABLE event_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,  -- open set of event names: no CHECK
    resource   TEXT,
    payload    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
) STRICT;
CREATE INDEX event_log_org_id ON event_log (org_id, id);

-- Append-only audit trail; the triggers below reject UPDATE and DELETE.
-- org_id and actor_user_id are deliberately NOT foreign keys: the log outlives what it
-- records. A cascading delete from organizations, or ON DELETE SET NULL from users, would
-- be a DELETE/UPDATE here that the append-only triggers must reject (so deleting an
-- organization or a user would fail), and a plain foreign key would forbid deleting them
-- at all. The ids stay as historical facts. org_id is NULL for platform-level entries.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        INTEGER,
    actor_user_id INTEGER,
    action        TEXT NOT NULL,
    target        TEXT,
    detail        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    ip            TEXT,
    user_agent    TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
) STRICT;
CREATE INDEX audit_log_org_created ON audit_log (org_id, created_at);
-- Not led by org_id: "what did this person do" spans organizations and platform entries.
CREATE INDEX audit_log_actor_created ON audit_log (actor_user_id, created_at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- A trigger on the table also disables SQLite's truncate optimisation, so an unqualified
-- DELETE FROM audit_log is rejected too.
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- ---------------------------------------------------------------------------------------
-- Usage metering and rate limiting
-- ---------------------------------------------------------------------------------------

CREATE TABLE usage_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN
                ('record_created', 'api_call', 'automation_run', 'storage_used', 'user_active', 'invoice_synced')),
    quantity    INTEGER NOT NULL DEFAULT 1,
    -- No foreign key: this is high-volume raw telemetry (rolled up, then pruned). A key
    -- would need an index not led by org_id, or a full scan for every user deletion;
    -- counting active users only needs the id value.
    user_id     INTEGER,
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
) STRICT;
CREATE INDEX usage_events_org_occurred ON usage_events (org_id, occurred_at);

CREATE TABLE usage_daily (
    org_id   INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN
             ('record_created', 'api_call', 'automation_run', 'storage_used', 'user_active', 'invoice_synced')),
    quantity INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE usage_monthly (
    org_id   INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    month    TEXT NOT NULL CHECK (month = date(month, 'start of month')),
    kind     TEXT NOT NULL CHECK (kind IN
             ('record_created', 'api_call', 'automation_run', 'storage_used', 'user_active', 'invoice_synced')),
    quantity INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, month, kind)
) STRICT, WITHOUT ROWID;

-- Fixed-window counters. Not tenant-scoped: sign-in and sign-up limits are keyed by
-- account or IP before any organization is known (billy_api uses the organization id as
-- its key). Incremented atomically with INSERT ... ON CONFLICT DO UPDATE SET count =
-- count + 1 RETURNING count. window_start is part of the key, so the application must
-- always bind the same truncated DateTime<Utc> for a window (text equality here).
CREATE TABLE rate_limit_counters (
    scope        TEXT NOT NULL CHECK (scope IN ('sign_in_account', 'sign_in_ip', 'sign_up_ip', 'billy_api')),
    key          TEXT NOT NULL,
    window_start TEXT NOT NULL,
    count        INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (scope, key, window_start)
) STRICT, WITHOUT ROWID;
-- Expired windows are purged by age across all scopes.
CREATE INDEX rate_limit_counters_window ON rate_limit_counters (window_start);

-- ---------------------------------------------------------------------------------------
-- Smart-cache bookkeeping: which resources are cached, for how long, how often read.
-- ---------------------------------------------------------------------------------------

CREATE TABLE cached_resources (
    org_id           INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    resource_type    TEXT NOT NULL CHECK (resource_type IN
                     ('invoices', 'customers', 'products', 'bank_payments', 'bills', 'analytics')),
    resource_key     TEXT NOT NULL,
    cached_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    expires_at       TEXT NOT NULL,
    ttl_seconds      INTEGER NOT NULL CHECK (ttl_seconds > 0),
    access_count     INTEGER NOT NULL DEFAULT 0 CHECK (access_count >= 0),
    last_accessed_at TEXT,
    PRIMARY KEY (org_id, resource_type, resource_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX cached_resources_org_expires ON cached_resources (org_id, expires_at);

-- Every cache read, for hit rates and TTL choice; pruned after 7 days (per organization,
-- which is what the org-led index serves).
CREATE TABLE cache_access_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    resource_type TEXT NOT NULL CHECK (resource_type IN
                  ('invoices', 'customers', 'products', 'bank_payments', 'bills', 'analytics')),
    resource_key  TEXT NOT NULL,
    hit           INTEGER NOT NULL CHECK (hit IN (0, 1)),
    accessed_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
) STRICT;
CREATE INDEX cache_access_log_org_accessed ON cache_access_log (org_id, accessed_at);

-- One row per organization and resource type, zeros included (an empty cache reports
-- 0/0/0 rather than no rows), so the list of types repeats the CHECK above.
-- Expiry is compared through julianday() on both sides: stored values may end in 'Z' or
-- '+00:00' and carry 0-9 fractional digits, so text comparison with "now" is not safe.
CREATE VIEW cache_stats AS
SELECT o.id AS org_id,
       t.resource_type AS resource_type,
       COUNT(c.resource_key) AS total_cached,
       COUNT(CASE WHEN julianday(c.expires_at) > julianday('now') THEN 1 END) AS active_cached,
       COUNT(CASE WHEN julianday(c.expires_at) <= julianday('now') THEN 1 END) AS expired_cached,
       MAX(c.cached_at) AS last_cached_at
FROM organizations o
CROSS JOIN (SELECT 'invoices' AS resource_type
            UNION ALL SELECT 'customers'
            UNION ALL SELECT 'products'
            UNION ALL SELECT 'bank_payments'
            UNION ALL SELECT 'bills'
            UNION ALL SELECT 'analytics') t
LEFT JOIN cached_resources c ON c.org_id = o.id AND c.resource_type = t.resource_type
GROUP BY o.id, t.resource_type;

-- ---------------------------------------------------------------------------------------
-- updated_at maintenance. SQLite cannot change NEW in a BEFORE trigger, so an AFTER
-- UPDATE trigger writes it back. It fires only when the statement left updated_at
-- unchanged (an explicit value wins, as on PostgreSQL). The inner UPDATE cannot loop:
-- recursive triggers are off by default, and even with them on, the second pass finds
-- updated_at already at the new value and its WHERE matches nothing.
-- ---------------------------------------------------------------------------------------

CREATE TRIGGER organizations_set_updated_at AFTER UPDATE ON organizations
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE organizations SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    WHERE id = NEW.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now');
END;

CREATE TRIGGER users_set_updated_at AFTER UPDATE ON users
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    WHERE id = NEW.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now');
END;

CREATE TRIGGER memberships_set_updated_at AFTER UPDATE ON memberships
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE memberships SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    WHERE org_id = NEW.org_id AND user_id = NEW.user_id
      AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now');
END;

CREATE TRIGGER org_subscriptions_set_updated_at AFTER UPDATE ON org_subscriptions
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE org_subscriptions SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    WHERE org_id = NEW.org_id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now');
END;

CREATE TRIGGER sync_state_set_updated_at AFTER UPDATE ON sync_state
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE sync_state SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    WHERE org_id = NEW.org_id AND resource = NEW.resource
      AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now');
END;
