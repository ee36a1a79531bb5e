//! The organization's audit log (owners and admins).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::audit::AuditRow;
use crate::error::AppError;

/// The newest entries of the open organization's audit log, newest first.
#[server(endpoint = "audit_log")]
pub async fn get_audit_log() -> Result<Vec<AuditRow>, AppError> {
    super::support::for_caller(
        Action::ViewAuditLog,
        "reading the audit log",
        |caller| async move {
            Ok(caller
                .ctx
                .store
                .audit_rows(Some(caller.org_id()), 200)
                .await?)
        },
    )
    .await
}
