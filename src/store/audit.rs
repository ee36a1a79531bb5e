//! The audit log: append-only on both engines, one reader for the organization's and
//! the platform admin's view.

use async_trait::async_trait;

use super::{NewAuditEntry, OrgId, StoreError};
use crate::domain::audit::AuditRow;

/// Who did what, when.
#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    /// Appends to the audit log (which the database keeps append-only).
    async fn append_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError>;

    /// The audit log with names resolved: one organization's, or everyone's (`None`).
    async fn audit_rows(&self, org: Option<OrgId>, limit: i64)
        -> Result<Vec<AuditRow>, StoreError>;
}
