//! Persistence: one object-safe [`Store`] trait with a SQLite and a PostgreSQL
//! implementation, chosen from `DATABASE_URL`'s scheme at start-up.
//!
//! Methods are named for what pages and the sync need, not for tables. Every
//! tenant-scoped method takes an [`OrgId`] first: no query runs without one.

mod accounts;
mod audit;
mod customers;
mod dialect;
pub mod documents;
pub mod folding;
mod organizations;
mod postgres;
pub mod records;
mod reports;
mod rollups;
mod sqlite;
mod sync;
mod tenancy;

use std::sync::Arc;

pub use accounts::AccountStore;
pub use audit::AuditStore;
pub use customers::CustomerStore;
pub use documents::{DocumentStore, ExportItem, EXPORT_BATCH_ROWS};
pub use organizations::OrganizationStore;
pub use records::*;
pub use reports::ReportStore;
pub use tenancy::{
    BillingEventRecord, BillyConnection, InvitationRecord, MemberRecord, NewInvitation, PlanChange,
    SealedToken, SubscriptionRecord, TenancyStore, UsageKind,
};

pub use sync::{
    oldest_success, CycleFilter, CyclePage, CycleTotals, Drift, EventRecord, RejectedRecord,
    RunEnd, RunFilter, SyncPage, SyncRunRecord, SyncStateRecord, SyncStore, ValidationErrorRecord,
    MAX_CYCLE_TOTALS,
};

pub use postgres::{PostgresStore, EVENTS_CHANNEL};
pub use sqlite::SqliteStore;

/// The organization every tenant-scoped query is limited to. Constructed only on the
/// server, from the request's session (or, before accounts exist, the demo org).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OrgId(pub i64);

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Errors inside the store. Never shown to users as such: the api layer logs them and
/// answers with a generic message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("DATABASE_URL is not usable: {0}")]
    Config(String),
    #[error("{kind} {billy_id} is referenced but not stored")]
    MissingReference {
        kind: &'static str,
        billy_id: String,
    },
    #[error("database check failed: {0}")]
    Check(String),
    /// A unique rule would be broken (an email already registered, a slug taken).
    #[error("{0}")]
    Conflict(crate::domain::reason::Reason),
    /// A business rule refuses the change (the last owner, a used invitation); the
    /// message is written for the person who asked.
    #[error("{0}")]
    Refused(crate::domain::reason::Reason),
    /// A plan limit refuses the change; the message names the limit and the plan that
    /// lifts it.
    #[error("{0}")]
    LimitReached(crate::domain::reason::Reason),
}

/// Row counts of an organization's mirrored data (for seeding reports and tests).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCounts {
    pub customers: i64,
    pub products: i64,
    pub invoices: i64,
    pub invoice_lines: i64,
    pub payments: i64,
    pub bills: i64,
}

/// The persistence interface of the whole application: every capability below, on
/// one object (`Arc<dyn Store>`). Each capability is its own trait so a reader finds
/// a method by what it is for, and its SQL in the `sql/` file of the same name.
pub trait Store:
    OrganizationStore
    + AccountStore
    + ReportStore
    + AuditStore
    + TenancyStore
    + SyncStore
    + DocumentStore
    + CustomerStore
{
}

impl<T> Store for T where
    T: OrganizationStore
        + AccountStore
        + ReportStore
        + AuditStore
        + TenancyStore
        + SyncStore
        + DocumentStore
        + CustomerStore
{
}

/// Opens the store `database_url` names, creating and migrating the database if needed.
///
/// `sqlite:` URLs (the embedded default) and `postgres:`/`postgresql:` URLs are known.
pub async fn open(database_url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(database_url).await?))
    } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
        Ok(Arc::new(PostgresStore::open(database_url).await?))
    } else {
        Err(StoreError::Config(
            "expected a URL starting with sqlite: or postgres:".to_string(),
        ))
    }
}
