//! The Billy connection: saving the access token (sealed at rest, never shown again),
//! and removing it. Admins and owners only; everyone may see whether it is connected.

use leptos::prelude::*;

use crate::domain::connection::BillyConnectionView;
use crate::error::AppError;

/// Whether the open organization is connected to Billy.
#[server(endpoint = "billy_connection")]
pub async fn get_billy_connection() -> Result<BillyConnectionView, AppError> {
    super::support::with_status(ssr::get_billy_connection().await)
}

/// Saves a Billy access token (and optionally another API address).
#[server(endpoint = "connect_billy")]
pub async fn connect_billy(token: String, base_url: String) -> Result<(), AppError> {
    super::support::with_status(ssr::connect_billy(token, base_url).await)
}

/// Removes the saved token.
#[server(endpoint = "disconnect_billy")]
pub async fn disconnect_billy() -> Result<(), AppError> {
    super::support::with_status(ssr::disconnect_billy().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::support::{authorize, internal};
    use crate::domain::accounts::Action;
    use crate::domain::connection::{check_base_url, check_token, BillyConnectionView};
    use crate::error::{AppError, Reason};
    use crate::store::BillyConnection;
    use crate::sync::billy::retry::RetryPolicy;
    use crate::sync::billy::{BillyClient, BillyError, ClientOptions, DEFAULT_BASE_URL};

    pub async fn get_billy_connection() -> Result<BillyConnectionView, AppError> {
        let caller = authorize(Action::ViewDashboards).await?;
        let saved = caller
            .ctx
            .store
            .billy_connection(caller.org_id())
            .await
            .map_err(|e| internal("reading the Billy connection", e))?;
        Ok(BillyConnectionView {
            org_name: caller.org.name.clone(),
            connected: saved.is_some(),
            base_url: saved.and_then(|s| s.base_url),
            can_manage: caller.role.can_manage_members(),
        })
    }

    pub async fn connect_billy(token: String, base_url: String) -> Result<(), AppError> {
        let caller = authorize(Action::ManageBillyConnection).await?;
        let token = check_token(&token).map_err(AppError::BadRequest)?;
        let base_url = check_base_url(&base_url).map_err(AppError::BadRequest)?;
        let key = caller
            .ctx
            .config
            .secret_key
            .as_ref()
            .ok_or(AppError::Refused(Reason::NoSecretKey))?;
        let billy_org = verify_with_billy(base_url.as_deref(), token).await?;
        let sealed = key
            .seal(caller.org.id, token)
            .map_err(|e| internal("sealing a Billy token", e))?;
        caller
            .ctx
            .store
            .set_billy_connection(
                caller.org_id(),
                Some(&BillyConnection {
                    base_url: base_url.clone(),
                    token: sealed,
                }),
            )
            .await
            .map_err(|e| internal("saving the Billy connection", e))?;
        // The first sync starts at once rather than at the next scheduled look.
        if let Some(sync) = &caller.ctx.sync {
            sync.request(caller.org_id());
        }
        caller
            .audit(
                "billy_connected",
                Some(format!("org:{}", caller.org.id)),
                serde_json::json!({ "base_url": base_url, "billy_organization": billy_org }),
            )
            .await;
        Ok(())
    }

    /// Asks Billy (`GET /v2/organization`) whether the token works, before saving it;
    /// the name of the Billy organization it belongs to. One attempt, short timeout: a
    /// person is waiting.
    async fn verify_with_billy(base_url: Option<&str>, token: &str) -> Result<String, AppError> {
        let options = ClientOptions {
            retry: RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            },
            request_timeout: std::time::Duration::from_secs(15),
            ..ClientOptions::default()
        };
        let client = BillyClient::new(base_url.unwrap_or(DEFAULT_BASE_URL), token, options)
            .map_err(|e| AppError::BadRequest(Reason::TokenUncheckable(e.plain_words())))?;
        match client.organization().await {
            Ok(organization) => Ok(organization.name),
            Err(BillyError::InvalidToken { .. }) => {
                Err(AppError::BadRequest(Reason::TokenRejected))
            }
            Err(err) => Err(AppError::BadRequest(Reason::TokenUncheckable(
                err.plain_words(),
            ))),
        }
    }

    pub async fn disconnect_billy() -> Result<(), AppError> {
        let caller = authorize(Action::ManageBillyConnection).await?;
        caller
            .ctx
            .store
            .set_billy_connection(caller.org_id(), None)
            .await
            .map_err(|e| internal("removing the Billy connection", e))?;
        caller
            .audit(
                "billy_disconnected",
                Some(format!("org:{}", caller.org.id)),
                serde_json::json!({}),
            )
            .await;
        Ok(())
    }
}
