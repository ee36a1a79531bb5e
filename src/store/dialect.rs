//! What differs between the two engines in the SQL they share: a few statements and
//! one cast, as one value per engine (the rest of the text is the same on both).

use super::Engine;

/// The engine-specific pieces the shared SQL in `sql/` splices in.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dialect {
    pub engine: Engine,
    /// Appended to a bound JSON parameter: PostgreSQL's columns are JSONB and a bound
    /// string is converted explicitly; SQLite keeps JSON as checked text.
    pub json_param_cast: &'static str,
    /// Sets the organization row-level security reads, transaction-locally
    /// (migrations/postgres/0003_row_level_security.sql). SQLite has no row-level
    /// security: the queries' own `org_id` filters are the isolation (checked by the
    /// tenant isolation tests).
    pub set_org: Option<&'static str>,
    /// Lets the platform admin's views read every organization's rows.
    pub set_all_orgs: Option<&'static str>,
    /// Starts a transaction that reads before it writes. SQLite takes the write lock at
    /// once (see `begin_write_for_org`); PostgreSQL takes row locks as it writes, so a
    /// plain BEGIN will do.
    pub begin_write: Option<&'static str>,
    /// Wakes the live streams of every app server on this database, at commit.
    /// PostgreSQL folds identical notifications of one transaction into one: a page
    /// that appends several events sends one per organization. One process owns a
    /// SQLite file: its own live hub wakes its streams.
    pub notify: Option<&'static str>,
}

pub(super) const SQLITE: Dialect = Dialect {
    engine: Engine::Sqlite,
    json_param_cast: "",
    set_org: None,
    set_all_orgs: None,
    begin_write: Some("BEGIN IMMEDIATE"),
    notify: None,
};

pub(super) const POSTGRES: Dialect = Dialect {
    engine: Engine::Postgres,
    json_param_cast: "::jsonb",
    set_org: Some("SELECT set_config('app.org_id', $1, true)"),
    set_all_orgs: Some("SELECT set_config('app.all_orgs', 'on', true)"),
    begin_write: None,
    notify: Some("SELECT pg_notify('ledgerlight_events', $1)"),
};
