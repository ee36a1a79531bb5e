//! The production engine: PostgreSQL, for several stateless app servers on one database.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool, Postgres};

use super::dialect::{self, Dialect};
use super::{DocumentStore, StoreError};

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

/// The channel the dialect's `notify` statement sends on (see `server::live`).
pub const EVENTS_CHANNEL: &str = "ledgerlight_events";

/// The shared SQL, compiled for PostgreSQL.
#[expect(
    clippy::duplicate_mod,
    reason = "one SQL text for both engines: compiled once per engine on purpose"
)]
#[path = "sql/mod.rs"]
mod sql;

type Db = Postgres;
type EngineStore = PostgresStore;
const DIALECT: Dialect = dialect::POSTGRES;
