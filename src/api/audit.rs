//! The organization's audit log (owners and admins).

use leptos::prelude::*;

use crate::domain::audit::AuditRow;
use crate::error::AppError;

/// The newest entries of the open organization's audit log, newest first.
#[server(endpoint = "audit_log")]
pub async fn get_audit_log() -> Result<Vec<AuditRow>, AppError> {
    super::support::with_status(
        async {
            let caller =
                super::support::authorize(crate::domain::accounts::Action::ViewAuditLog).await?;
            caller
                .ctx
                .store
                .audit_rows(Some(caller.org_id()), 200)
                .await
                .map_err(|e| super::support::internal("reading the audit log", e))
        }
        .await,
    )
}
