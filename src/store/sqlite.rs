//! The embedded default: a SQLite file with WAL, foreign keys and a busy timeout set
//! explicitly and checked after connecting.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use super::customers_sql::impl_customer_store;
use super::invoices_sql::impl_invoice_store;
use super::sql_store::impl_sql_store;
use super::sync_sql::impl_sync_store;
use super::tenancy_sql::impl_tenancy_store;
use super::{Engine, InvoiceStore, StoreError};

/// A store on a SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `url`
    /// (`sqlite://path/to/file.db`). The file's parent directory is created too.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    StoreError::Config(format!("cannot create {}: {e}", parent.display()))
                })?;
            }
        }
        // Reads run in parallel under WAL, and one page fans out to a dozen queries at
        // once. The liveness ping on acquire is pointless for a local file, and a
        // cancelled acquire during that ping can lose the connection (sqlx #1869). A
        // pool that stays exhausted fails after 10 s with "pool timed out" in the log
        // rather than holding a request until the 30 s request timeout.
        let pool = SqlitePoolOptions::new()
            .max_connections(16)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        let store = Self { pool };
        store.check_pragmas().await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&store.pool)
            .await?;
        // Rows stored before migration 0005 get their invoice facts (once).
        store.backfill_invoice_facts().await?;
        Ok(store)
    }

    /// Refuses to run on a connection where the settings we rely on did not take.
    async fn check_pragmas(&self) -> Result<(), StoreError> {
        let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?;
        if !journal.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Check(format!(
                "journal_mode is {journal}, expected wal"
            )));
        }
        let (foreign_keys,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(&self.pool)
            .await?;
        if foreign_keys != 1 {
            return Err(StoreError::Check("foreign_keys is off".to_string()));
        }
        Ok(())
    }
}

/// SQLite keeps JSON as checked text: a bound string needs no conversion.
const JSON_PARAM_CAST: &str = "";

/// SQLite has no row-level security: the queries' own `org_id` filters are the
/// isolation (checked by tests/tenant_isolation.rs).
const SET_ORG_SQL: Option<&str> = None;
/// Write transactions take the write lock at once (see `begin_write_for_org`).
const BEGIN_WRITE_SQL: Option<&str> = Some("BEGIN IMMEDIATE");
const SET_ALL_ORGS_SQL: Option<&str> = None;
/// One process owns a SQLite file: its own LiveHub wakes its streams.
const NOTIFY_SQL: Option<&str> = None;

impl_sql_store!(SqliteStore, Sqlite, Engine::Sqlite);
impl_tenancy_store!(SqliteStore, Sqlite);
impl_sync_store!(SqliteStore, Sqlite);
impl_invoice_store!(SqliteStore, Sqlite);
impl_customer_store!(SqliteStore, Sqlite);
