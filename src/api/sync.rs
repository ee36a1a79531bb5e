//! Syncing on request: "Sync now" for members and above (viewers change nothing).

use leptos::prelude::*;

use crate::error::AppError;

/// Starts a sync of the open organization now; the answer says what happened in words.
#[server(endpoint = "sync_now")]
pub async fn sync_now() -> Result<String, AppError> {
    super::support::with_status(ssr::sync_now().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::support::{authorize, internal};
    use crate::domain::accounts::Action;
    use crate::error::AppError;
    use crate::sync::scheduler::SyncRequest;

    pub async fn sync_now() -> Result<String, AppError> {
        let caller = authorize(Action::RunActions).await?;
        let connected = caller
            .ctx
            .store
            .billy_connection(caller.org_id())
            .await
            .map_err(|e| internal("reading the Billy connection", e))?
            .is_some();
        if !connected {
            return Err(AppError::Refused(
                "This organization is not connected to Billy yet. An admin can connect it \
                 on the Billy page."
                    .to_string(),
            ));
        }
        let request = caller
            .ctx
            .sync
            .as_ref()
            .map_or(SyncRequest::Unavailable, |sync| {
                sync.request(caller.org_id())
            });
        match request {
            SyncRequest::Started => {
                caller
                    .audit(
                        "sync_requested",
                        Some(format!("org:{}", caller.org.id)),
                        serde_json::json!({}),
                    )
                    .await;
                Ok("Sync started.".to_string())
            }
            SyncRequest::AlreadyRunning => Ok("A sync is already running.".to_string()),
            SyncRequest::Unavailable => Err(AppError::Refused(
                "Syncing is not available on this server right now. Try again in a minute."
                    .to_string(),
            )),
        }
    }
}
