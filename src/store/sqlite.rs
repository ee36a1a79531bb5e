//! The embedded default: a SQLite file with WAL, foreign keys and a busy timeout set
//! explicitly and checked after connecting.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use super::dialect::{self, Dialect};
use super::{DocumentStore, StoreError};

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

/// The shared SQL, compiled for SQLite.
#[expect(
    clippy::duplicate_mod,
    reason = "one SQL text for both engines: compiled once per engine on purpose"
)]
#[path = "sql/mod.rs"]
mod sql;

type Db = Sqlite;
type EngineStore = SqliteStore;
const DIALECT: Dialect = dialect::SQLITE;
