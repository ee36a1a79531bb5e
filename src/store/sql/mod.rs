//! The SQL both engines share, compiled once per engine: `sqlite.rs` and `postgres.rs`
//! each include this module with their own `Db` (the sqlx database), `EngineStore`
//! (the store type) and `DIALECT`. SQLite and PostgreSQL accept the same text here
//! (`$N` parameters, `ON CONFLICT`, `RETURNING`, no date functions); what differs is
//! in the [`Dialect`](super::super::dialect::Dialect). One file per capability, named
//! like the trait it implements; this file holds the tenancy gate every tenant-scoped
//! query goes through.

mod accounts;
mod audit;
mod batch;
mod customers;
mod documents;
mod organizations;
mod reports;
mod sync;
mod tenancy;

use super::{Db, EngineStore, DIALECT};

pub(super) type Tx<'a> = sqlx::Transaction<'a, Db>;

/// Begins a transaction for one organization's tenant rows. On PostgreSQL it sets
/// the organization for row-level security first, transaction-locally (never per
/// session: pooled connections serve other organizations next). Reads end by
/// dropping the transaction: they have nothing to keep.
pub(super) async fn begin_for_org(
    pool: &sqlx::Pool<Db>,
    org: crate::store::OrgId,
) -> Result<Tx<'static>, crate::store::StoreError> {
    let mut tx = pool.begin().await?;
    if let Some(sql) = DIALECT.set_org {
        sqlx::query(sql)
            .bind(org.0.to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// [`begin_for_org`] for a transaction that reads before it writes. On SQLite it
/// takes the write lock at once (`BEGIN IMMEDIATE`): a deferred transaction that
/// read first cannot upgrade to a writer once another writer has committed
/// (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out).
pub(super) async fn begin_write_for_org(
    pool: &sqlx::Pool<Db>,
    org: crate::store::OrgId,
) -> Result<Tx<'static>, crate::store::StoreError> {
    let mut tx = match DIALECT.begin_write {
        Some(sql) => pool.begin_with(sql).await?,
        None => pool.begin().await?,
    };
    if let Some(sql) = DIALECT.set_org {
        sqlx::query(sql)
            .bind(org.0.to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// Begins a transaction that reads every organization's tenant rows, for the
/// platform admin's views only (row-level security allows it by a flag set here).
pub(super) async fn begin_for_all_orgs(
    pool: &sqlx::Pool<Db>,
) -> Result<Tx<'static>, crate::store::StoreError> {
    let mut tx = pool.begin().await?;
    if let Some(sql) = DIALECT.set_all_orgs {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    Ok(tx)
}
