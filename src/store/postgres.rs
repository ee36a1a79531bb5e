//! The production engine: PostgreSQL, for several stateless app servers on one database.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool, Postgres};

use super::customers_sql::impl_customer_store;
use super::invoices_sql::impl_invoice_store;
use super::sql_store::impl_sql_store;
use super::sync_sql::impl_sync_store;
use super::tenancy_sql::impl_tenancy_store;
use super::{Engine, InvoiceStore, StoreError};

/// A store on a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to and migrates the database at `url` (`postgres://user@host/db`).
    ///
    /// Migrations run on a connection of their own as the login role (the schema's
    /// owner). Every pooled connection then switches to `ledgerlight_app`, the role
    /// row-level security applies to, so the application never queries with the
    /// owner's or a superuser's rights.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let mut migrator = PgConnection::connect(url).await?;
        sqlx::migrate!("./migrations/postgres")
            .run(&mut migrator)
            .await?;
        migrator.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("SET ROLE ledgerlight_app").await?;
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|e| {
                StoreError::Config(format!(
                    "cannot switch to the role ledgerlight_app ({e}); \
                     grant it to the login role: GRANT ledgerlight_app TO <user>"
                ))
            })?;
        let store = Self { pool };
        // Rows stored before migration 0005 get their invoice facts (once).
        store.backfill_invoice_facts().await?;
        Ok(store)
    }
}

/// JSON columns are JSONB: a bound string is converted explicitly.
const JSON_PARAM_CAST: &str = "::jsonb";

/// Row-level security reads the organization from these transaction-local settings
/// (migrations/postgres/0003_row_level_security.sql).
const SET_ORG_SQL: Option<&str> = Some("SELECT set_config('app.org_id', $1, true)");
/// PostgreSQL takes row locks as it writes; a plain BEGIN will do.
const BEGIN_WRITE_SQL: Option<&str> = None;
const SET_ALL_ORGS_SQL: Option<&str> = Some("SELECT set_config('app.all_orgs', 'on', true)");
/// Wakes the live streams of every app server on this database, at commit. PostgreSQL
/// folds identical notifications of one transaction into one: a page that appends
/// several events sends one per organization.
const NOTIFY_SQL: Option<&str> = Some("SELECT pg_notify('ledgerlight_events', $1)");

/// The channel `NOTIFY_SQL` sends on (see `server::live`).
pub const EVENTS_CHANNEL: &str = "ledgerlight_events";

impl_sql_store!(PostgresStore, Postgres, Engine::Postgres);
impl_tenancy_store!(PostgresStore, Postgres);
impl_sync_store!(PostgresStore, Postgres);
impl_invoice_store!(PostgresStore, Postgres);
impl_customer_store!(PostgresStore, Postgres);
