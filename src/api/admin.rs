//! The platform admin area: every organization, and the whole audit log.

use leptos::prelude::*;

use crate::domain::audit::{AdminOrgRow, AuditRow};
use crate::error::AppError;

/// Every organization with its plan and size (platform admins only).
#[server(endpoint = "admin_organizations")]
pub async fn get_admin_organizations() -> Result<Vec<AdminOrgRow>, AppError> {
    super::support::answer(async {
        let (ctx, _) = super::support::platform_admin().await?;
        ctx.store
            .admin_organizations()
            .await
            .map_err(|e| super::support::internal("listing organizations", e))
    })
    .await
}

/// The newest audit entries of every organization and the platform (admins only).
#[server(endpoint = "admin_audit_log")]
pub async fn get_admin_audit_log() -> Result<Vec<AuditRow>, AppError> {
    super::support::answer(async {
        let (ctx, _) = super::support::platform_admin().await?;
        ctx.store
            .audit_rows(None, 200)
            .await
            .map_err(|e| super::support::internal("reading the audit log", e))
    })
    .await
}
