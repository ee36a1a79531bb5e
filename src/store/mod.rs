//! Persistence: one object-safe [`Store`] trait with a SQLite and a PostgreSQL
//! implementation, chosen from `DATABASE_URL`'s scheme at start-up.
//!
//! Methods are named for what pages and the sync need, not for tables. Every
//! tenant-scoped method takes an [`OrgId`] first: no query runs without one.

mod customers;
mod customers_sql;
pub mod folding;
pub mod invoices;
mod invoices_sql;
mod postgres;
pub mod records;
mod rollups;
mod sql_store;
mod sqlite;
mod sync;
mod sync_sql;
mod tenancy;
mod tenancy_sql;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::DateRange;
pub use customers::CustomerStore;
pub use invoices::{ExportItem, InvoiceStore, EXPORT_BATCH_ROWS};
pub use records::*;
pub use tenancy::{
    BillingEventRecord, BillyConnection, InvitationRecord, MemberRecord, NewInvitation, PlanChange,
    SealedToken, SubscriptionRecord, TenancyStore, UsageKind,
};

pub use sync::{
    oldest_success, Drift, EventRecord, RejectedRecord, RunEnd, RunFilter, SyncPage, SyncRunRecord,
    SyncStateRecord, SyncStore, ValidationErrorRecord,
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

/// The persistence interface of the whole application (tenancy methods live in the
/// [`TenancyStore`] supertrait, the sync's in [`SyncStore`], the invoice table's in
/// [`InvoiceStore`], customer insights' in [`CustomerStore`]).
#[async_trait]
pub trait Store:
    TenancyStore + SyncStore + InvoiceStore + CustomerStore + Send + Sync + 'static
{
    fn engine(&self) -> Engine;

    /// Answers when the database does (health checks).
    async fn ping(&self) -> Result<(), StoreError>;

    async fn create_organization(&self, org: &NewOrganization) -> Result<Organization, StoreError>;
    async fn organization(&self, org: OrgId) -> Result<Option<Organization>, StoreError>;
    async fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>, StoreError>;
    async fn list_organizations(&self) -> Result<Vec<Organization>, StoreError>;

    /// Upserts a batch of upstream records (keyed by Billy id within the organization)
    /// and brings every rollup they touch up to date, in one transaction.
    async fn write_batch(&self, org: OrgId, batch: &Batch) -> Result<BatchOutcome, StoreError>;

    /// Records that `resource` was refreshed successfully at `at` (freshness).
    async fn mark_synced(
        &self,
        org: OrgId,
        resource: &str,
        trigger: &str,
        at: DateTime<Utc>,
        records: u64,
    ) -> Result<(), StoreError>;

    /// When the organization's data was last refreshed from upstream, if ever.
    async fn data_as_of(&self, org: OrgId) -> Result<Option<DateTime<Utc>>, StoreError>;

    /// Revenue, invoice count and active customers over a date range (from rollups).
    async fn period_totals(&self, org: OrgId, range: DateRange)
        -> Result<PeriodTotals, StoreError>;

    /// Revenue per calendar month over a date range (from the daily rollup).
    async fn revenue_by_month(
        &self,
        org: OrgId,
        range: DateRange,
    ) -> Result<Vec<MonthRevenue>, StoreError>;

    /// The daily revenue rollup over a range, one row per day and invoice currency
    /// (days without documents are absent).
    async fn revenue_days(
        &self,
        org: OrgId,
        range: DateRange,
    ) -> Result<Vec<crate::domain::revenue::RevenueDay>, StoreError>;

    /// Outstanding and overdue receivables at the end of `day` (from the daily rollup).
    async fn receivables_at(&self, org: OrgId, day: NaiveDate) -> Result<Receivables, StoreError>;

    async fn row_counts(&self, org: OrgId) -> Result<RowCounts, StoreError>;

    /// Creates an account, its personal organization on the Free plan and the owner
    /// membership, all or nothing. A registered email (in any letter case) is a
    /// [`StoreError::Conflict`].
    async fn sign_up(
        &self,
        user: &NewUser,
        password_hash: &str,
    ) -> Result<(User, Organization), StoreError>;

    /// The account and its password hash for an email address (any letter case).
    async fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>, StoreError>;

    /// Changes a user's platform role (platform admins reach the admin area).
    async fn set_platform_role(
        &self,
        user_id: i64,
        role: crate::domain::accounts::PlatformRole,
    ) -> Result<(), StoreError>;

    /// A user's email address.
    async fn user_email(&self, user_id: i64) -> Result<Option<String>, StoreError>;

    /// The organizations a user belongs to, oldest membership first.
    async fn memberships(&self, user_id: i64) -> Result<Vec<Membership>, StoreError>;

    /// Counts one more attempt in the rate-limit window `(scope, key, window_start)` and
    /// returns the count including it; atomic under concurrency on both engines.
    async fn count_attempt(
        &self,
        scope: &str,
        key: &str,
        window_start: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Appends to the audit log (which the database keeps append-only).
    async fn append_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError>;

    /// The newest audit entries of one organization, or of all when `org` is `None`
    /// (platform admins), newest first.
    async fn audit_entries(
        &self,
        org: Option<OrgId>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError>;

    /// Stores a new session under the hash of its token. `Ok(false)` when the hash is
    /// already taken (the caller draws a new token).
    async fn insert_session(
        &self,
        token_hash: &str,
        session: &StoredSession,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<bool, StoreError>;

    /// Updates a live session's organization and expiry; `Ok(false)` if it is gone.
    async fn update_session(
        &self,
        token_hash: &str,
        session: &StoredSession,
    ) -> Result<bool, StoreError>;

    /// A session that is neither revoked nor expired at `now`.
    async fn load_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StoredSession>, StoreError>;

    /// Ends one session (sign-out); it can never be loaded again.
    async fn revoke_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Ends every session of a user (sign out everywhere, password change).
    async fn revoke_user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;

    /// Remembers how a demo organization's history was generated (JSON).
    async fn set_demo_spec(&self, org: OrgId, spec: &str) -> Result<(), StoreError>;

    /// How a demo organization's history was generated, if it is one.
    async fn demo_spec(&self, org: OrgId) -> Result<Option<String>, StoreError>;

    /// Adds (or changes) a user's role in an organization.
    async fn set_membership(
        &self,
        org: OrgId,
        user_id: i64,
        role: crate::domain::accounts::OrgRole,
    ) -> Result<(), StoreError>;
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
