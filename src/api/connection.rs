//! The Billy connection: saving the access token (sealed at rest, never shown again),
//! and removing it. Admins and owners only; everyone may see whether it is connected.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::connection::BillyConnectionView;
use crate::error::AppError;

/// Whether the open organization is connected to Billy.
#[server(endpoint = "billy_connection")]
pub async fn get_billy_connection() -> Result<BillyConnectionView, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "reading the Billy connection",
        ssr::get_billy_connection,
    )
    .await
}

/// Saves a Billy access token (and optionally another API address).
#[server(endpoint = "connect_billy")]
pub async fn connect_billy(token: String, base_url: String) -> Result<(), AppError> {
    super::support::for_caller(
        Action::ManageBillyConnection,
        "saving the Billy connection",
        |caller| ssr::connect_billy(caller, token, base_url),
    )
    .await
}

/// Removes the saved token.
#[server(endpoint = "disconnect_billy")]
pub async fn disconnect_billy() -> Result<(), AppError> {
    super::support::for_caller(
        Action::ManageBillyConnection,
        "removing the Billy connection",
        ssr::disconnect_billy,
    )
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::support::{internal, Failure};
    use crate::domain::connection::{check_token, BillyConnectionView};
    use crate::error::{AppError, Reason};
    use crate::server::caller::Caller;
    use crate::store::BillyConnection;
    use crate::sync::billy::retry::RetryPolicy;
    use crate::sync::billy::{
        AddressPolicy, BillyClient, BillyError, ClientOptions, DEFAULT_BASE_URL,
    };

    pub async fn get_billy_connection(caller: Caller) -> Result<BillyConnectionView, Failure> {
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

    pub async fn connect_billy(
        caller: Caller,
        token: String,
        base_url: String,
    ) -> Result<(), Failure> {
        let token = check_token(&token).map_err(AppError::BadRequest)?;
        // Typed by a person, so held to the configured policy alone: the in-app
        // simulator's exemption is for the demo organizations' own connection.
        let addresses = AddressPolicy::new(caller.ctx.config.billy_allow_private);
        let base_url = match base_url.trim() {
            "" => None,
            typed => {
                let url = addresses.check_url(typed).map_err(AppError::BadRequest)?;
                addresses
                    .check_resolved(&url)
                    .await
                    .map_err(AppError::BadRequest)?;
                Some(url.as_str().trim_end_matches('/').to_string())
            }
        };
        let key = caller
            .ctx
            .config
            .secret_key
            .as_ref()
            .ok_or(AppError::Refused(Reason::NoSecretKey))?;
        let billy_org = verify_with_billy(base_url.as_deref(), token, addresses).await?;
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
    async fn verify_with_billy(
        base_url: Option<&str>,
        token: &str,
        addresses: AddressPolicy,
    ) -> Result<String, AppError> {
        let options = ClientOptions {
            retry: RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            },
            request_timeout: std::time::Duration::from_secs(15),
            addresses,
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

    pub async fn disconnect_billy(caller: Caller) -> Result<(), Failure> {
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
