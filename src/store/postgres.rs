//! The production engine: PostgreSQL, for several stateless app servers on one database.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

use super::sql_store::impl_sql_store;
use super::{Engine, StoreError};

/// A store on a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to and migrates the database at `url` (`postgres://user@host/db`).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}

/// JSON columns are JSONB: a bound string is converted explicitly.
const JSON_PARAM_CAST: &str = "::jsonb";

impl_sql_store!(PostgresStore, Postgres, Engine::Postgres);
